`resetall
`timescale 1ns/1ps
`default_nettype none

// bench_top: `make bench` throughput harness (not part of the product RTL).
//
// dma_engine's AXI4 master is served by a lean zero-wait AXI4 memory written in Verilog, so that
// the throughput matrix (up to 1 MiB per copy) simulates at Icarus speed instead of at the speed
// of a Python coroutine per clock edge. It follows the same protocol timing as the Python
// responder bench.memory.AxiMemory in its lean mode (`make bench` cross-checks the two cycle for
// cycle):
// * AR, AW always ready; W ready whenever a write burst is known (AW seen now or earlier);
// * read burst whose AR handshake is at edge k: its first R handshake can happen at edge
//   k + cfg_rd_latency (1 = zero wait), then one beat per cycle without gaps; read latency is a
//   pipelined delay queue (later ARs are accepted meanwhile);
// * B valid in the cycle after the WLAST handshake.
// Handshake counters (VALID && READY at the rising edge) of AR/R/AW/W/B and of the AXI-Lite AW/R
// channels, with the cycle of the first AR, last B, first AXI-Lite AW and last AXI-Lite R since
// mon_clear. Test data: init_go fills init_words words at init_base with a pattern of pat_seed and
// zeroes zero_words words at zero_base; check_go compares check_words words at check_base with the
// pattern and leaves the number of differing words in mismatches.
module bench_top #(
    parameter ADDR_WIDTH    = 32,   // engine address bits
    parameter DATA_WIDTH    = 32,   // engine data bits (32/64/128)
    parameter MAX_BURST_LEN = 16,   // engine burst limit
    parameter MEM_BYTES     = 4194304 // memory size in bytes (addresses wrap modulo this)
) (
    input  wire        rst,            // synchronous active-high reset
    input  wire [7:0]  s_axil_awaddr,  // AXI-Lite to the engine's registers
    input  wire [2:0]  s_axil_awprot,
    input  wire        s_axil_awvalid,
    output wire        s_axil_awready,
    input  wire [31:0] s_axil_wdata,
    input  wire [3:0]  s_axil_wstrb,
    input  wire        s_axil_wvalid,
    output wire        s_axil_wready,
    output wire [1:0]  s_axil_bresp,
    output wire        s_axil_bvalid,
    input  wire        s_axil_bready,
    input  wire [7:0]  s_axil_araddr,
    input  wire [2:0]  s_axil_arprot,
    input  wire        s_axil_arvalid,
    output wire        s_axil_arready,
    output wire [31:0] s_axil_rdata,
    output wire [1:0]  s_axil_rresp,
    output wire        s_axil_rvalid,
    input  wire        s_axil_rready,
    output wire        irq,            // engine interrupt
    input  wire [7:0]  cfg_rd_latency, // read latency in cycles (1 = zero wait)
    input  wire        mon_clear,      // clear the handshake counters
    input  wire        init_go,        // fill / zero the test buffers (one cycle)
    input  wire        check_go,       // compare the destination with the pattern (one cycle)
    input  wire [31:0] pat_seed,       // pattern seed
    input  wire [31:0] init_base,      // word index of the source
    input  wire [31:0] init_words,     // words of the source
    input  wire [31:0] zero_base,      // word index of the destination
    input  wire [31:0] zero_words,     // words of the destination
    input  wire [31:0] check_base,     // word index to check
    input  wire [31:0] check_words     // words to check
);

// The clock is generated here (10 ns period), not by cocotb: a cocotb Clock costs ~3x the
// simulation time of this whole design per cycle under Icarus. Python awaits its edges as usual.
reg clk = 1'b0;
always #5 clk = ~clk;

localparam NB    = DATA_WIDTH / 8;
localparam OFF   = (DATA_WIDTH == 32) ? 2 : (DATA_WIDTH == 64) ? 3 : 4;
localparam WORDS = MEM_BYTES / NB;
localparam QD    = 16;  // address queue depth (the engine keeps at most 8 bursts outstanding)

wire [3:0]            m_axi_awid, m_axi_arid;
wire [ADDR_WIDTH-1:0] m_axi_awaddr, m_axi_araddr;
wire [7:0]            m_axi_awlen, m_axi_arlen;
wire [2:0]            m_axi_awsize, m_axi_arsize, m_axi_awprot, m_axi_arprot;
wire [1:0]            m_axi_awburst, m_axi_arburst;
wire                  m_axi_awlock, m_axi_arlock;
wire [3:0]            m_axi_awcache, m_axi_arcache;
wire                  m_axi_awvalid, m_axi_arvalid, m_axi_wvalid, m_axi_wlast;
wire [DATA_WIDTH-1:0] m_axi_wdata;
wire [NB-1:0]         m_axi_wstrb;
wire                  m_axi_bready, m_axi_rready;
reg                   m_axi_rvalid, m_axi_rlast, m_axi_bvalid;
reg  [DATA_WIDTH-1:0] m_axi_rdata;
wire                  m_axi_awready = 1'b1;
wire                  m_axi_arready = 1'b1;
reg                   aw_known;  // a write burst with beats still due is queued
wire                  m_axi_wready = aw_known || m_axi_awvalid;

dma_engine #(.ADDR_WIDTH(ADDR_WIDTH), .DATA_WIDTH(DATA_WIDTH), .MAX_BURST_LEN(MAX_BURST_LEN))
u_dma (
    .clk(clk), .rst(rst),
    .s_axil_awaddr(s_axil_awaddr), .s_axil_awprot(s_axil_awprot), .s_axil_awvalid(s_axil_awvalid),
    .s_axil_awready(s_axil_awready), .s_axil_wdata(s_axil_wdata), .s_axil_wstrb(s_axil_wstrb),
    .s_axil_wvalid(s_axil_wvalid), .s_axil_wready(s_axil_wready), .s_axil_bresp(s_axil_bresp),
    .s_axil_bvalid(s_axil_bvalid), .s_axil_bready(s_axil_bready), .s_axil_araddr(s_axil_araddr),
    .s_axil_arprot(s_axil_arprot), .s_axil_arvalid(s_axil_arvalid),
    .s_axil_arready(s_axil_arready), .s_axil_rdata(s_axil_rdata), .s_axil_rresp(s_axil_rresp),
    .s_axil_rvalid(s_axil_rvalid), .s_axil_rready(s_axil_rready),
    .m_axi_awid(m_axi_awid), .m_axi_awaddr(m_axi_awaddr), .m_axi_awlen(m_axi_awlen),
    .m_axi_awsize(m_axi_awsize), .m_axi_awburst(m_axi_awburst), .m_axi_awlock(m_axi_awlock),
    .m_axi_awcache(m_axi_awcache), .m_axi_awprot(m_axi_awprot), .m_axi_awvalid(m_axi_awvalid),
    .m_axi_awready(m_axi_awready), .m_axi_wdata(m_axi_wdata), .m_axi_wstrb(m_axi_wstrb),
    .m_axi_wlast(m_axi_wlast), .m_axi_wvalid(m_axi_wvalid), .m_axi_wready(m_axi_wready),
    .m_axi_bid(4'd0), .m_axi_bresp(2'b00), .m_axi_bvalid(m_axi_bvalid),
    .m_axi_bready(m_axi_bready), .m_axi_arid(m_axi_arid), .m_axi_araddr(m_axi_araddr),
    .m_axi_arlen(m_axi_arlen), .m_axi_arsize(m_axi_arsize), .m_axi_arburst(m_axi_arburst),
    .m_axi_arlock(m_axi_arlock), .m_axi_arcache(m_axi_arcache), .m_axi_arprot(m_axi_arprot),
    .m_axi_arvalid(m_axi_arvalid), .m_axi_arready(m_axi_arready), .m_axi_rid(4'd0),
    .m_axi_rdata(m_axi_rdata), .m_axi_rresp(2'b00), .m_axi_rlast(m_axi_rlast),
    .m_axi_rvalid(m_axi_rvalid), .m_axi_rready(m_axi_rready), .irq(irq)
);

// ---- memory and test pattern ------------------------------------------------------------------
reg [DATA_WIDTH-1:0] mem [0:WORDS-1];

function [DATA_WIDTH-1:0] pat;
    input [31:0] seed;
    input [31:0] k;
    integer j;
    reg [31:0] x;
    begin
        for (j = 0; j < NB / 4; j = j + 1) begin
            x = (k * (NB / 4) + j) * 32'h9E3779B1 ^ seed;
            x = x ^ (x >> 15);
            x = x * 32'h2C1B3C6D;
            pat[32 * j +: 32] = x ^ (x >> 12);
        end
    end
endfunction

integer k;
reg [31:0] mismatches;
always @(posedge clk) begin
    if (init_go) begin
        for (k = 0; k < init_words; k = k + 1)
            mem[(init_base + k) & (WORDS - 1)] = pat(pat_seed, k);
        for (k = 0; k < zero_words; k = k + 1)
            mem[(zero_base + k) & (WORDS - 1)] = {DATA_WIDTH{1'b0}};
    end
    if (check_go) begin
        mismatches = 0;
        for (k = 0; k < check_words; k = k + 1)
            if (mem[(check_base + k) & (WORDS - 1)] !== pat(pat_seed, k))
                mismatches = mismatches + 1;
    end
end

// ---- the responder (blocking updates of private state, in the order of lean_mem.py) ----------
reg [31:0]  cyc;
reg [31:0]  arq_t    [0:QD-1];   // cycle from which the burst's first beat may be presented
reg [31:0]  arq_word [0:QD-1];   // next word to present
reg [8:0]   arq_left [0:QD-1];   // beats not yet presented
reg [31:0]  awq_word [0:QD-1];
reg [8:0]   awq_left [0:QD-1];
integer     ar_rd, ar_wr, ar_n, aw_rd, aw_wr, aw_n, b_pend;
reg         r_on, b_on;
reg [DATA_WIDTH-1:0] tmp;
integer     j;

always @(posedge clk) begin
    if (rst) begin
        cyc = 0; ar_rd = 0; ar_wr = 0; ar_n = 0; aw_rd = 0; aw_wr = 0; aw_n = 0; b_pend = 0;
        r_on = 0; b_on = 0;
        m_axi_rvalid <= 1'b0; m_axi_rlast <= 1'b0; m_axi_bvalid <= 1'b0;
        m_axi_rdata <= {DATA_WIDTH{1'b0}}; aw_known <= 1'b0;
    end else begin
        cyc = cyc + 1;
        // the beat presented last cycle was taken
        if (r_on && m_axi_rready) begin
            r_on = 0;
            arq_word[ar_rd] = arq_word[ar_rd] + 1;
            arq_left[ar_rd] = arq_left[ar_rd] - 1;
            if (arq_left[ar_rd] == 0) begin
                ar_rd = (ar_rd + 1) % QD;
                ar_n = ar_n - 1;
            end
        end else if (r_on) begin
            r_on = 0;  // re-presented below (same beat)
        end
        if (m_axi_arvalid) begin
            if (ar_n == QD) $display("bench_top: AR queue overflow");
            arq_t[ar_wr]    = cyc + cfg_rd_latency - 1;
            arq_word[ar_wr] = (m_axi_araddr >> OFF) & (WORDS - 1);
            arq_left[ar_wr] = m_axi_arlen + 1;
            ar_wr = (ar_wr + 1) % QD;
            ar_n = ar_n + 1;
        end
        if (b_on && m_axi_bready) b_pend = b_pend - 1;
        if (m_axi_awvalid) begin
            if (aw_n == QD) $display("bench_top: AW queue overflow");
            awq_word[aw_wr] = (m_axi_awaddr >> OFF) & (WORDS - 1);
            awq_left[aw_wr] = m_axi_awlen + 1;
            aw_wr = (aw_wr + 1) % QD;
            aw_n = aw_n + 1;
        end
        if (m_axi_wvalid && m_axi_wready) begin
            tmp = mem[awq_word[aw_rd]];
            for (j = 0; j < NB; j = j + 1)
                if (m_axi_wstrb[j]) tmp[8 * j +: 8] = m_axi_wdata[8 * j +: 8];
            mem[awq_word[aw_rd]] = tmp;
            awq_word[aw_rd] = awq_word[aw_rd] + 1;
            awq_left[aw_rd] = awq_left[aw_rd] - 1;
            if (awq_left[aw_rd] == 0) begin
                aw_rd = (aw_rd + 1) % QD;
                aw_n = aw_n - 1;
                b_pend = b_pend + 1;
            end
        end
        // drive the next cycle
        if (ar_n != 0 && arq_t[ar_rd] <= cyc) begin
            r_on = 1;
            m_axi_rvalid <= 1'b1;
            m_axi_rdata  <= mem[arq_word[ar_rd]];
            m_axi_rlast  <= (arq_left[ar_rd] == 1);
        end else begin
            m_axi_rvalid <= 1'b0;
        end
        b_on = (b_pend != 0);
        m_axi_bvalid <= b_on;
        aw_known <= (aw_n != 0);
    end
end

// ---- handshake counters ----------------------------------------------------------------------
reg [31:0] mcyc, cnt_ar, cnt_r, cnt_aw, cnt_w, cnt_b;
reg [31:0] first_ar, last_b, lite_first_aw, lite_last_r;
reg        seen_ar, seen_lite_aw;
always @(posedge clk) begin
    mcyc <= rst ? 32'd0 : mcyc + 1;
    if (mon_clear) begin
        cnt_ar <= 0; cnt_r <= 0; cnt_aw <= 0; cnt_w <= 0; cnt_b <= 0;
        first_ar <= 0; last_b <= 0; lite_first_aw <= 0; lite_last_r <= 0;
        seen_ar <= 1'b0; seen_lite_aw <= 1'b0;
    end else begin
        if (m_axi_arvalid && m_axi_arready) begin
            cnt_ar <= cnt_ar + 1;
            if (!seen_ar) begin first_ar <= mcyc; seen_ar <= 1'b1; end
        end
        if (m_axi_rvalid && m_axi_rready) cnt_r <= cnt_r + 1;
        if (m_axi_awvalid && m_axi_awready) cnt_aw <= cnt_aw + 1;
        if (m_axi_wvalid && m_axi_wready) cnt_w <= cnt_w + 1;
        if (m_axi_bvalid && m_axi_bready) begin cnt_b <= cnt_b + 1; last_b <= mcyc; end
        if (s_axil_awvalid && s_axil_awready && !seen_lite_aw) begin
            lite_first_aw <= mcyc; seen_lite_aw <= 1'b1;
        end
        if (s_axil_rvalid && s_axil_rready) lite_last_r <= mcyc;
    end
end

// first R handshake after the first AR (latency check)
reg [31:0] first_r;
reg        seen_r;
always @(posedge clk) begin
    if (mon_clear) begin first_r <= 0; seen_r <= 1'b0; end
    else if (m_axi_rvalid && m_axi_rready && !seen_r) begin first_r <= mcyc; seen_r <= 1'b1; end
end

endmodule

`resetall
