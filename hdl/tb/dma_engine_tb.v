`resetall
`timescale 1ns/1ps
`default_nettype none

// dma_engine_tb: simulation top of the transaction-level bench (testbench only).
//
// dma_engine with its AXI4 master port served by axi_mem_bfm (the per-beat work in Verilog, the
// memory contents in Python: bench/tlm_memory.py). clk, rst, the AXI-Lite register port and irq
// are this top's ports with the engine's names, so the bench's driver works unchanged; the engine's
// AXI4 master port is the internal bus m_axi_* (same names as on a bare dma_engine, so monitors
// find it). The bench's state is driven into tb_* inputs by Python and only shown in the waves:
// the job in flight, the device limit, up to four current grant windows, a guard violation with
// its rule code and the error-response flag (codes: bench/tlm_memory.py, docs/fast-bench.md).
module dma_engine_tb #(
    parameter ADDR_WIDTH      = 32,    // engine address bits
    parameter DATA_WIDTH      = 64,    // engine data bits (32, 64 or 128)
    parameter MAX_BURST_LEN   = 16,    // engine burst limit (1..256)
    parameter LEGACY_TRUNCATE = 0,     // engine range mode
    parameter ID_WIDTH        = 4,     // AXI ID bits
    parameter MAX_CHAIN       = 4096,  // engine descriptor chain limit
    parameter SLOTS           = 8,     // outstanding bursts per direction in the memory
    parameter BEATS           = 16     // beats per memory slot: a power of two >= MAX_BURST_LEN
) (
`ifndef DMA_ENGINE_TB_OWN_CLOCK
    input  wire                      clk,             // clock (driven by the bench)
`endif
    input  wire                      rst,             // synchronous active-high reset
    input  wire [7:0]                s_axil_awaddr,   // engine register port (AXI4-Lite)
    input  wire [2:0]                s_axil_awprot,
    input  wire                      s_axil_awvalid,
    output wire                      s_axil_awready,
    input  wire [31:0]               s_axil_wdata,
    input  wire [3:0]                s_axil_wstrb,
    input  wire                      s_axil_wvalid,
    output wire                      s_axil_wready,
    output wire [1:0]                s_axil_bresp,
    output wire                      s_axil_bvalid,
    input  wire                      s_axil_bready,
    input  wire [7:0]                s_axil_araddr,
    input  wire [2:0]                s_axil_arprot,
    input  wire                      s_axil_arvalid,
    output wire                      s_axil_arready,
    output wire [31:0]               s_axil_rdata,
    output wire [1:0]                s_axil_rresp,
    output wire                      s_axil_rvalid,
    input  wire                      s_axil_rready,
    output wire                      irq,             // engine interrupt
    // memory configuration (axi_mem_bfm)
    input  wire [7:0]                cfg_ar_stall,
    input  wire [7:0]                cfg_r_stall,
    input  wire [7:0]                cfg_aw_stall,
    input  wire [7:0]                cfg_w_stall,
    input  wire [7:0]                cfg_b_stall,
    input  wire [31:0]               cfg_seed,
    input  wire [7:0]                cfg_rd_latency,
    input  wire [7:0]                cfg_wr_latency,
    // memory events to Python and answers from Python (axi_mem_bfm)
    output wire [31:0]               ev_count,
    output wire [5:0]                ev_flags,
    output wire [ADDR_WIDTH+ID_WIDTH+28:0] ev_ar_info,
    output wire [ADDR_WIDTH+ID_WIDTH+28:0] ev_aw_info,
    output wire [2:0]                ev_r_info,
    output wire [1:0]                ev_b_info,
    output wire [8:0]                ev_wd_beats,
    output wire [BEATS*DATA_WIDTH-1:0]   ev_wd_data,
    output wire [BEATS*DATA_WIDTH/8-1:0] ev_wd_strb,
    output wire [7:0]                proto_err,
    input  wire                      rf_go,
    input  wire [BEATS*DATA_WIDTH-1:0] rf_data,
    input  wire [BEATS*2-1:0]        rf_resp,
    input  wire                      bf_go,
    input  wire [1:0]                bf_resp,
    // bench state, for the waves only
    input  wire [31:0]               tb_job_id,        // id of the work in flight
    input  wire                      tb_job_active,    // 1 while work is in flight
    input  wire [63:0]               tb_limit,         // device limit (last addressable byte)
    input  wire [7:0]                tb_grant_count,   // grants of the work in flight
    input  wire [63:0]               tb_grant_first_0, // first four grant windows (inclusive)
    input  wire [63:0]               tb_grant_last_0,
    input  wire [63:0]               tb_grant_first_1,
    input  wire [63:0]               tb_grant_last_1,
    input  wire [63:0]               tb_grant_first_2,
    input  wire [63:0]               tb_grant_last_2,
    input  wire [63:0]               tb_grant_first_3,
    input  wire [63:0]               tb_grant_last_3,
    input  wire                      tb_violation,     // toggles at every guard violation
    input  wire [7:0]                tb_violation_rule,// rule code of the last violation
    input  wire                      tb_err_resp       // an error response was seen in this work
);

`ifdef DMA_ENGINE_TB_OWN_CLOCK
// The clock made here (10 ns period) instead of by a cocotb Clock: on Icarus a Python clock
// costs more simulation time than the rest of the bench (Python still awaits its edges).
reg clk;
initial begin
    clk = 1'b0;
    forever #5 clk = ~clk;
end
`endif

generate
    if (BEATS < MAX_BURST_LEN) begin : g_bad_beats
        dma_engine_tb_error_BEATS_must_be_at_least_MAX_BURST_LEN u_error ();
    end
endgenerate

wire [ID_WIDTH-1:0]     m_axi_awid, m_axi_arid, m_axi_bid, m_axi_rid;
wire [ADDR_WIDTH-1:0]   m_axi_awaddr, m_axi_araddr;
wire [7:0]              m_axi_awlen, m_axi_arlen;
wire [2:0]              m_axi_awsize, m_axi_arsize, m_axi_awprot, m_axi_arprot;
wire [1:0]              m_axi_awburst, m_axi_arburst, m_axi_bresp, m_axi_rresp;
wire                    m_axi_awlock, m_axi_arlock;
wire [3:0]              m_axi_awcache, m_axi_arcache;
wire                    m_axi_awvalid, m_axi_awready, m_axi_arvalid, m_axi_arready;
wire [DATA_WIDTH-1:0]   m_axi_wdata, m_axi_rdata;
wire [DATA_WIDTH/8-1:0] m_axi_wstrb;
wire                    m_axi_wlast, m_axi_wvalid, m_axi_wready;
wire                    m_axi_bvalid, m_axi_bready;
wire                    m_axi_rlast, m_axi_rvalid, m_axi_rready;

dma_engine #(
    .ADDR_WIDTH(ADDR_WIDTH), .DATA_WIDTH(DATA_WIDTH), .MAX_BURST_LEN(MAX_BURST_LEN),
    .LEGACY_TRUNCATE(LEGACY_TRUNCATE), .ID_WIDTH(ID_WIDTH), .MAX_CHAIN(MAX_CHAIN)
) u_dma (
    .clk(clk), .rst(rst),
    .s_axil_awaddr(s_axil_awaddr), .s_axil_awprot(s_axil_awprot),
    .s_axil_awvalid(s_axil_awvalid), .s_axil_awready(s_axil_awready),
    .s_axil_wdata(s_axil_wdata), .s_axil_wstrb(s_axil_wstrb), .s_axil_wvalid(s_axil_wvalid),
    .s_axil_wready(s_axil_wready), .s_axil_bresp(s_axil_bresp), .s_axil_bvalid(s_axil_bvalid),
    .s_axil_bready(s_axil_bready), .s_axil_araddr(s_axil_araddr),
    .s_axil_arprot(s_axil_arprot), .s_axil_arvalid(s_axil_arvalid),
    .s_axil_arready(s_axil_arready), .s_axil_rdata(s_axil_rdata), .s_axil_rresp(s_axil_rresp),
    .s_axil_rvalid(s_axil_rvalid), .s_axil_rready(s_axil_rready),
    .m_axi_awid(m_axi_awid), .m_axi_awaddr(m_axi_awaddr), .m_axi_awlen(m_axi_awlen),
    .m_axi_awsize(m_axi_awsize), .m_axi_awburst(m_axi_awburst), .m_axi_awlock(m_axi_awlock),
    .m_axi_awcache(m_axi_awcache), .m_axi_awprot(m_axi_awprot),
    .m_axi_awvalid(m_axi_awvalid), .m_axi_awready(m_axi_awready),
    .m_axi_wdata(m_axi_wdata), .m_axi_wstrb(m_axi_wstrb), .m_axi_wlast(m_axi_wlast),
    .m_axi_wvalid(m_axi_wvalid), .m_axi_wready(m_axi_wready),
    .m_axi_bid(m_axi_bid), .m_axi_bresp(m_axi_bresp), .m_axi_bvalid(m_axi_bvalid),
    .m_axi_bready(m_axi_bready),
    .m_axi_arid(m_axi_arid), .m_axi_araddr(m_axi_araddr), .m_axi_arlen(m_axi_arlen),
    .m_axi_arsize(m_axi_arsize), .m_axi_arburst(m_axi_arburst), .m_axi_arlock(m_axi_arlock),
    .m_axi_arcache(m_axi_arcache), .m_axi_arprot(m_axi_arprot),
    .m_axi_arvalid(m_axi_arvalid), .m_axi_arready(m_axi_arready),
    .m_axi_rid(m_axi_rid), .m_axi_rdata(m_axi_rdata), .m_axi_rresp(m_axi_rresp),
    .m_axi_rlast(m_axi_rlast), .m_axi_rvalid(m_axi_rvalid), .m_axi_rready(m_axi_rready),
    .irq(irq)
);

axi_mem_bfm #(
    .ADDR_WIDTH(ADDR_WIDTH), .DATA_WIDTH(DATA_WIDTH), .ID_WIDTH(ID_WIDTH),
    .MAX_BURST_LEN(BEATS), .SLOTS(SLOTS)
) u_mem (
    .clk(clk), .rst(rst),
    .s_axi_arid(m_axi_arid), .s_axi_araddr(m_axi_araddr), .s_axi_arlen(m_axi_arlen),
    .s_axi_arsize(m_axi_arsize), .s_axi_arburst(m_axi_arburst),
    .s_axi_arvalid(m_axi_arvalid), .s_axi_arready(m_axi_arready),
    .s_axi_rid(m_axi_rid), .s_axi_rdata(m_axi_rdata), .s_axi_rresp(m_axi_rresp),
    .s_axi_rlast(m_axi_rlast), .s_axi_rvalid(m_axi_rvalid), .s_axi_rready(m_axi_rready),
    .s_axi_awid(m_axi_awid), .s_axi_awaddr(m_axi_awaddr), .s_axi_awlen(m_axi_awlen),
    .s_axi_awsize(m_axi_awsize), .s_axi_awburst(m_axi_awburst),
    .s_axi_awvalid(m_axi_awvalid), .s_axi_awready(m_axi_awready),
    .s_axi_wdata(m_axi_wdata), .s_axi_wstrb(m_axi_wstrb), .s_axi_wlast(m_axi_wlast),
    .s_axi_wvalid(m_axi_wvalid), .s_axi_wready(m_axi_wready),
    .s_axi_bid(m_axi_bid), .s_axi_bresp(m_axi_bresp), .s_axi_bvalid(m_axi_bvalid),
    .s_axi_bready(m_axi_bready),
    .cfg_ar_stall(cfg_ar_stall), .cfg_r_stall(cfg_r_stall), .cfg_aw_stall(cfg_aw_stall),
    .cfg_w_stall(cfg_w_stall), .cfg_b_stall(cfg_b_stall), .cfg_seed(cfg_seed),
    .cfg_rd_latency(cfg_rd_latency), .cfg_wr_latency(cfg_wr_latency),
    .ev_count(ev_count), .ev_flags(ev_flags), .ev_ar_info(ev_ar_info), .ev_aw_info(ev_aw_info),
    .ev_r_info(ev_r_info), .ev_b_info(ev_b_info), .ev_wd_beats(ev_wd_beats),
    .ev_wd_data(ev_wd_data), .ev_wd_strb(ev_wd_strb), .proto_err(proto_err),
    .rf_go(rf_go), .rf_data(rf_data), .rf_resp(rf_resp), .bf_go(bf_go), .bf_resp(bf_resp)
);

// AXI attributes the memory does not act on, and the bench state shown only in the waves.
wire unused_tb = &{1'b0, m_axi_awlock, m_axi_arlock, m_axi_awcache, m_axi_arcache,
                   m_axi_awprot, m_axi_arprot, tb_job_id, tb_job_active, tb_limit,
                   tb_grant_count, tb_grant_first_0, tb_grant_last_0, tb_grant_first_1,
                   tb_grant_last_1, tb_grant_first_2, tb_grant_last_2, tb_grant_first_3,
                   tb_grant_last_3, tb_violation, tb_violation_rule, tb_err_resp};

endmodule

`resetall
