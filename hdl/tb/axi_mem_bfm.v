`resetall
`timescale 1ns/1ps
`default_nettype none

// axi_mem_bfm: transaction-level AXI4 slave memory for simulation (testbench only).
//
// The per-cycle work of an AXI4 memory lives here; the memory contents live in Python
// (bench/tlm_memory.py), which acts once per burst:
//
// * AR: accepted into a queue of SLOTS read bursts (arready low while full or stalled). At the
//   handshake edge the burst is latched into ev_ar_info and ev_count advances: Python wakes, reads
//   the burst's data and per-beat responses from its memory and hands them over in one write of
//   rf_data/rf_resp plus a toggle of rf_go. Fills are matched to read bursts in AR order.
// * R: a read burst accepted at edge k presents its first beat so that the first R handshake can
//   happen at edge k + max(cfg_rd_latency, 2), then one beat per cycle unless the R channel is
//   stalled; later ARs are accepted meanwhile (pipelined latency). The fill arriving at edge k+1
//   is bypassed straight to the R register, so latency 2 needs no extra cycle.
// * AW: accepted into a queue of SLOTS write bursts; latched into ev_aw_info (an event).
// * W: ready while a write burst is queued, the B queue has room and the channel is not stalled.
//   Beats are collected with their strobes in ev_wd_data/ev_wd_strb (lanes without a strobe read
//   as 0, so X on don't-care lanes never reaches Python); at the last beat ev_wd_beats is latched
//   (an event) and Python writes the burst into its memory and answers with bf_resp + a toggle of
//   bf_go. B responses go out in AW order, each after its answer and no earlier than
//   cfg_wr_latency cycles after the burst's last W beat (0: at once).
// * Back-pressure: per channel a probability cfg_<ch>_stall/256 per cycle that the channel is not
//   ready (AR, AW, W) or not valid (R, B), drawn from a 32-bit LFSR per channel seeded from
//   cfg_seed at reset (0: never stalled).
// * Events: every edge with at least one event sets ev_flags (bit 0 AR, 1 AW, 2 W burst done,
//   3 R error beat, 4 B error response, 5 protocol error) and advances ev_count; the next edge
//   without events clears ev_flags.
//   Python reads the latched values in the ReadWrite phase of the event's time step.
// * Protocol errors (sticky in proto_err until reset, first one wins): 1 fill without a waiting
//   read burst, 2 answer without a finished write burst, 3 burst longer than MAX_BURST_LEN,
//   4 WLAST on the wrong beat.
//
// Only INCR addressing matters here: the address arithmetic is done by Python from the latched
// AxADDR/AxLEN/AxSIZE/AxBURST; this module only counts beats.
module axi_mem_bfm #(
    parameter ADDR_WIDTH    = 32,  // AXI address bits
    parameter DATA_WIDTH    = 64,  // AXI data bits (32, 64 or 128)
    parameter ID_WIDTH      = 4,   // AXI ID bits
    parameter MAX_BURST_LEN = 16,  // beats of one slot: a power of two, 2..256
    parameter SLOTS         = 8    // outstanding bursts per direction (2, 4, 8 or 16)
) (
    input  wire                            clk,            // clock, rising edge
    input  wire                            rst,            // synchronous active-high reset
    // AXI4 slave port
    input  wire [ID_WIDTH-1:0]             s_axi_arid,     // read ID
    input  wire [ADDR_WIDTH-1:0]           s_axi_araddr,   // read burst address
    input  wire [7:0]                      s_axi_arlen,    // read burst length - 1
    input  wire [2:0]                      s_axi_arsize,   // read beat size, log2 bytes
    input  wire [1:0]                      s_axi_arburst,  // read burst type
    input  wire                            s_axi_arvalid,  // read address valid
    output wire                            s_axi_arready,  // read address ready
    output reg  [ID_WIDTH-1:0]             s_axi_rid,      // read data ID
    output reg  [DATA_WIDTH-1:0]           s_axi_rdata,    // read data
    output reg  [1:0]                      s_axi_rresp,    // read response
    output reg                             s_axi_rlast,    // last beat of a read burst
    output reg                             s_axi_rvalid,   // read data valid
    input  wire                            s_axi_rready,   // read data ready
    input  wire [ID_WIDTH-1:0]             s_axi_awid,     // write ID
    input  wire [ADDR_WIDTH-1:0]           s_axi_awaddr,   // write burst address
    input  wire [7:0]                      s_axi_awlen,    // write burst length - 1
    input  wire [2:0]                      s_axi_awsize,   // write beat size, log2 bytes
    input  wire [1:0]                      s_axi_awburst,  // write burst type
    input  wire                            s_axi_awvalid,  // write address valid
    output wire                            s_axi_awready,  // write address ready
    input  wire [DATA_WIDTH-1:0]           s_axi_wdata,    // write data
    input  wire [DATA_WIDTH/8-1:0]         s_axi_wstrb,    // write byte strobes
    input  wire                            s_axi_wlast,    // last beat of a write burst
    input  wire                            s_axi_wvalid,   // write data valid
    output wire                            s_axi_wready,   // write data ready
    output reg  [ID_WIDTH-1:0]             s_axi_bid,      // write response ID
    output reg  [1:0]                      s_axi_bresp,    // write response
    output reg                             s_axi_bvalid,   // write response valid
    input  wire                            s_axi_bready,   // write response ready
    // configuration, held by Python
    input  wire [7:0]                      cfg_ar_stall,   // P(AR not ready) = value/256
    input  wire [7:0]                      cfg_r_stall,    // P(R not valid) = value/256
    input  wire [7:0]                      cfg_aw_stall,   // P(AW not ready) = value/256
    input  wire [7:0]                      cfg_w_stall,    // P(W not ready) = value/256
    input  wire [7:0]                      cfg_b_stall,    // P(B not valid) = value/256
    input  wire [31:0]                     cfg_seed,       // LFSR seed, taken at reset
    input  wire [7:0]                      cfg_rd_latency, // AR -> first R handshake (>= 2)
    input  wire [7:0]                      cfg_wr_latency, // last W beat -> earliest B load
    // events to Python
    output reg  [31:0]                     ev_count,       // advances at every edge with events
    output reg  [5:0]                      ev_flags,       // AR, AW, W done, R/B error, proto
    output reg  [ADDR_WIDTH+ID_WIDTH+28:0] ev_ar_info,     // {wait[15:0], burst, id, size, len, addr}
    output reg  [ADDR_WIDTH+ID_WIDTH+28:0] ev_aw_info,     // {wait[15:0], burst, id, size, len, addr}
    output reg  [2:0]                      ev_r_info,      // {rlast, rresp} of an R error beat
    output reg  [1:0]                      ev_b_info,      // bresp of a B error response
    output reg  [8:0]                      ev_wd_beats,    // beats of the finished write burst
    output reg  [MAX_BURST_LEN*DATA_WIDTH-1:0] ev_wd_data, // its beats, beat 0 in the low bits
    output reg  [MAX_BURST_LEN*DATA_WIDTH/8-1:0] ev_wd_strb, // their strobes
    output reg  [7:0]                      proto_err,      // first protocol error code, 0: none
    // answers from Python
    input  wire                            rf_go,          // toggles once per read burst answered
    input  wire [MAX_BURST_LEN*DATA_WIDTH-1:0] rf_data,    // that burst's beats, beat 0 low
    input  wire [MAX_BURST_LEN*2-1:0]      rf_resp,        // their responses, beat 0 low
    input  wire                            bf_go,          // toggles once per write burst answered
    input  wire [1:0]                      bf_resp         // that burst's B response
);

localparam NB      = DATA_WIDTH / 8;
localparam DW_LOG2 = (DATA_WIDTH == 32) ? 5 : (DATA_WIDTH == 64) ? 6 : 7;
localparam NB_LOG2 = DW_LOG2 - 3;
localparam BEAT_W  = (MAX_BURST_LEN <= 2) ? 1 : (MAX_BURST_LEN <= 4) ? 2 : (MAX_BURST_LEN <= 8) ? 3 :
                     (MAX_BURST_LEN <= 16) ? 4 : (MAX_BURST_LEN <= 32) ? 5 :
                     (MAX_BURST_LEN <= 64) ? 6 : (MAX_BURST_LEN <= 128) ? 7 : 8;
localparam SLOT_W  = (SLOTS <= 2) ? 1 : (SLOTS <= 4) ? 2 : (SLOTS <= 8) ? 3 : 4;
localparam WAIT_W  = 16;
localparam AINFO_W = WAIT_W + 2 + ID_WIDTH + 3 + 8 + ADDR_WIDTH;
localparam BUF_W   = MAX_BURST_LEN * DATA_WIDTH;
localparam [31:0] LFSR_TAPS = 32'h80200003;

generate
    if (DATA_WIDTH != 32 && DATA_WIDTH != 64 && DATA_WIDTH != 128) begin : g_bad_data_width
        axi_mem_bfm_error_DATA_WIDTH_must_be_32_64_or_128 u_error ();
    end
    if (MAX_BURST_LEN != (1 << BEAT_W)) begin : g_bad_max_burst_len
        axi_mem_bfm_error_MAX_BURST_LEN_must_be_a_power_of_two_2_to_256 u_error ();
    end
    if (SLOTS != 2 && SLOTS != 4 && SLOTS != 8 && SLOTS != 16) begin : g_bad_slots
        axi_mem_bfm_error_SLOTS_must_be_2_4_8_or_16 u_error ();
    end
    if (ID_WIDTH < 1 || ID_WIDTH > 32) begin : g_bad_id_width
        axi_mem_bfm_error_ID_WIDTH_must_be_1_to_32 u_error ();
    end
    if (ADDR_WIDTH < 12 || ADDR_WIDTH > 64) begin : g_bad_addr_width
        axi_mem_bfm_error_ADDR_WIDTH_must_be_12_to_64 u_error ();
    end
endgenerate

// eight LFSR steps per cycle, so that successive cycles draw independent-looking bytes
function [31:0] lfsr8;
    input [31:0] s;
    integer i;
    reg [31:0] x;
    begin
        x = s;
        for (i = 0; i < 8; i = i + 1)
            x = {1'b0, x[31:1]} ^ (x[0] ? LFSR_TAPS : 32'd0);
        lfsr8 = x;
    end
endfunction

function [31:0] seed_of;
    input [31:0] seed;
    input [31:0] salt;
    begin
        seed_of = (seed ^ salt) == 32'd0 ? salt : (seed ^ salt);
    end
endfunction

function [DATA_WIDTH-1:0] lane_mask;
    input [NB-1:0] strb;
    integer i;
    begin
        for (i = 0; i < NB; i = i + 1)
            lane_mask[8 * i +: 8] = {8{strb[i]}};
    end
endfunction

// ---- back-pressure ---------------------------------------------------------------------------
reg  [31:0] lfsr_ar, lfsr_r, lfsr_aw, lfsr_w, lfsr_b;
reg         stall_ar, stall_r, stall_aw, stall_w, stall_b;
wire [31:0] next_ar = lfsr8(lfsr_ar);
wire [31:0] next_r  = lfsr8(lfsr_r);
wire [31:0] next_aw = lfsr8(lfsr_aw);
wire [31:0] next_w  = lfsr8(lfsr_w);
wire [31:0] next_b  = lfsr8(lfsr_b);

// A channel's LFSR only runs while its stall probability is not 0 (cheaper to simulate).
always @(posedge clk) begin
    if (rst) begin
        lfsr_ar <= seed_of(cfg_seed, 32'h1F2E3D4C);
        lfsr_r  <= seed_of(cfg_seed, 32'h5A6B7C8D);
        lfsr_aw <= seed_of(cfg_seed, 32'h9EAFB0C1);
        lfsr_w  <= seed_of(cfg_seed, 32'hD2E3F405);
        lfsr_b  <= seed_of(cfg_seed, 32'h16273849);
        stall_ar <= 1'b0; stall_r <= 1'b0; stall_aw <= 1'b0; stall_w <= 1'b0; stall_b <= 1'b0;
    end else begin
        if (cfg_ar_stall != 8'd0 || stall_ar) begin
            lfsr_ar <= next_ar; stall_ar <= next_ar[7:0] < cfg_ar_stall;
        end
        if (cfg_r_stall != 8'd0 || stall_r) begin
            lfsr_r <= next_r; stall_r <= next_r[7:0] < cfg_r_stall;
        end
        if (cfg_aw_stall != 8'd0 || stall_aw) begin
            lfsr_aw <= next_aw; stall_aw <= next_aw[7:0] < cfg_aw_stall;
        end
        if (cfg_w_stall != 8'd0 || stall_w) begin
            lfsr_w <= next_w; stall_w <= next_w[7:0] < cfg_w_stall;
        end
        if (cfg_b_stall != 8'd0 || stall_b) begin
            lfsr_b <= next_b; stall_b <= next_b[7:0] < cfg_b_stall;
        end
    end
end

reg [31:0] cyc;  // free-running cycle counter
always @(posedge clk) cyc <= rst ? 32'd0 : cyc + 32'd1;

// ---- read side -------------------------------------------------------------------------------
reg  [SLOT_W:0]         ar_n;       // read bursts queued (accepted, last beat not yet loaded)
reg  [SLOT_W:0]         ar_filled;  // of those, answered by Python (always the oldest ones)
reg  [SLOT_W-1:0]       ar_wp, ar_rp;
reg  [7:0]              ar_len [0:SLOTS-1];
reg  [ID_WIDTH-1:0]     ar_id  [0:SLOTS-1];
reg  [31:0]             ar_t   [0:SLOTS-1];  // cycle of the AR handshake
reg  [BUF_W-1:0]        rbuf   [0:SLOTS-1];
reg  [2*MAX_BURST_LEN-1:0] rrsp [0:SLOTS-1];
reg  [7:0]              rb;         // next beat of the head burst
reg                     rf_seen;
reg  [WAIT_W-1:0]       ar_wait;

wire        ar_hs     = s_axi_arvalid && s_axi_arready;
wire        r_hs      = s_axi_rvalid && s_axi_rready;
wire        rf_now    = rf_go != rf_seen;
wire        rf_ok     = rf_now && (ar_filled != ar_n);
wire [SLOT_W-1:0] rf_slot = ar_rp + ar_filled[SLOT_W-1:0];
wire        rf_head   = rf_ok && (ar_filled == {(SLOT_W + 1){1'b0}});
wire [7:0]  lat       = (cfg_rd_latency < 8'd2) ? 8'd2 : cfg_rd_latency;
wire [31:0] head_age  = cyc - ar_t[ar_rp];
wire        head_due  = head_age >= {24'd0, lat - 8'd1};
wire        r_free    = !s_axi_rvalid || s_axi_rready;
wire        r_load    = r_free && !stall_r && (ar_n != {(SLOT_W + 1){1'b0}}) &&
                        ((ar_filled != {(SLOT_W + 1){1'b0}}) || rf_head) && head_due;
wire        r_lastb   = rb == ar_len[ar_rp];
wire [BUF_W-1:0]           head_buf = rf_head ? rf_data : rbuf[ar_rp];
wire [2*MAX_BURST_LEN-1:0] head_rsp = rf_head ? rf_resp : rrsp[ar_rp];
wire [BEAT_W+DW_LOG2-1:0] rb_bit = {rb[BEAT_W-1:0], {DW_LOG2{1'b0}}};
wire [BEAT_W:0] rb_rsp = {rb[BEAT_W-1:0], 1'b0};

assign s_axi_arready = (ar_n != SLOTS[SLOT_W:0]) && !stall_ar;

always @(posedge clk) begin
    if (rst) begin
        ar_n <= 0; ar_filled <= 0; ar_wp <= 0; ar_rp <= 0; rb <= 8'd0;
        rf_seen <= rf_go; ar_wait <= {WAIT_W{1'b0}};
        s_axi_rvalid <= 1'b0; s_axi_rlast <= 1'b0; s_axi_rresp <= 2'b00;
        s_axi_rdata <= {DATA_WIDTH{1'b0}}; s_axi_rid <= {ID_WIDTH{1'b0}};
    end else begin
        rf_seen <= rf_go;
        if (ar_hs) begin
            ar_len[ar_wp] <= s_axi_arlen;
            ar_id[ar_wp]  <= s_axi_arid;
            ar_t[ar_wp]   <= cyc;
            ar_wp <= ar_wp + 1'b1;
            ar_wait <= {WAIT_W{1'b0}};
        end else if (s_axi_arvalid && ar_wait != {WAIT_W{1'b1}}) begin
            ar_wait <= ar_wait + 1'b1;
        end
        if (rf_ok) begin
            rbuf[rf_slot] <= rf_data;
            rrsp[rf_slot] <= rf_resp;
        end
        if (r_load) begin
            s_axi_rvalid <= 1'b1;
            s_axi_rdata  <= head_buf[rb_bit +: DATA_WIDTH];
            s_axi_rresp  <= head_rsp[rb_rsp +: 2];
            s_axi_rlast  <= r_lastb;
            s_axi_rid    <= ar_id[ar_rp];
            rb <= r_lastb ? 8'd0 : rb + 8'd1;
            if (r_lastb) ar_rp <= ar_rp + 1'b1;
        end else if (r_free) begin
            s_axi_rvalid <= 1'b0;
        end
        ar_n <= ar_n + {{SLOT_W{1'b0}}, ar_hs} - {{SLOT_W{1'b0}}, r_load && r_lastb};
        ar_filled <= ar_filled + {{SLOT_W{1'b0}}, rf_ok} - {{SLOT_W{1'b0}}, r_load && r_lastb};
    end
end

// ---- write side ------------------------------------------------------------------------------
reg  [SLOT_W:0]     aw_n;       // write bursts whose last W beat has not been taken
reg  [SLOT_W-1:0]   aw_wp, aw_rp;
reg  [7:0]          aw_len [0:SLOTS-1];
reg  [ID_WIDTH-1:0] aw_id  [0:SLOTS-1];
reg  [7:0]          wb;         // next beat of the head write burst
reg  [SLOT_W:0]     b_n;        // finished write bursts whose B has not been loaded
reg  [SLOT_W:0]     b_filled;   // of those, answered by Python (the oldest ones)
reg  [SLOT_W-1:0]   b_wp, b_rp;
reg  [ID_WIDTH-1:0] b_id   [0:SLOTS-1];
reg  [1:0]          b_rsp  [0:SLOTS-1];
reg  [31:0]         b_t    [0:SLOTS-1];  // cycle of the last W beat
reg                 bf_seen;
reg  [WAIT_W-1:0]   aw_wait;

wire        aw_hs   = s_axi_awvalid && s_axi_awready;
wire        w_hs    = s_axi_wvalid && s_axi_wready;
wire        w_lastb = wb == aw_len[aw_rp];
wire        w_done  = w_hs && w_lastb;
wire        bf_now  = bf_go != bf_seen;
wire        bf_ok   = bf_now && (b_filled != b_n);
wire [SLOT_W-1:0] bf_slot = b_rp + b_filled[SLOT_W-1:0];
wire        bf_head = bf_ok && (b_filled == {(SLOT_W + 1){1'b0}});
wire        b_free  = !s_axi_bvalid || s_axi_bready;
wire [31:0] b_age   = cyc - b_t[b_rp];
wire        b_due   = (cfg_wr_latency == 8'd0) || (b_age >= {24'd0, cfg_wr_latency});
wire        b_load  = b_free && !stall_b && (b_n != {(SLOT_W + 1){1'b0}}) && b_due &&
                      ((b_filled != {(SLOT_W + 1){1'b0}}) || bf_head);
wire [BEAT_W+DW_LOG2-1:0] wb_bit = {wb[BEAT_W-1:0], {DW_LOG2{1'b0}}};
wire [BEAT_W+NB_LOG2-1:0] wb_lane = {wb[BEAT_W-1:0], {NB_LOG2{1'b0}}};
wire        wb_fits = {1'b0, wb} < MAX_BURST_LEN[8:0];

assign s_axi_awready = (aw_n != SLOTS[SLOT_W:0]) && !stall_aw;
assign s_axi_wready  = (aw_n != {(SLOT_W + 1){1'b0}}) && (b_n != SLOTS[SLOT_W:0]) && !stall_w;

always @(posedge clk) begin
    if (rst) begin
        aw_n <= 0; aw_wp <= 0; aw_rp <= 0; wb <= 8'd0;
        b_n <= 0; b_filled <= 0; b_wp <= 0; b_rp <= 0;
        bf_seen <= bf_go; aw_wait <= {WAIT_W{1'b0}};
        s_axi_bvalid <= 1'b0; s_axi_bresp <= 2'b00; s_axi_bid <= {ID_WIDTH{1'b0}};
        ev_wd_beats <= 9'd0; ev_wd_data <= {MAX_BURST_LEN{{DATA_WIDTH{1'b0}}}};
        ev_wd_strb <= {(MAX_BURST_LEN * NB){1'b0}};
    end else begin
        bf_seen <= bf_go;
        if (aw_hs) begin
            aw_len[aw_wp] <= s_axi_awlen;
            aw_id[aw_wp]  <= s_axi_awid;
            aw_wp <= aw_wp + 1'b1;
            aw_wait <= {WAIT_W{1'b0}};
        end else if (s_axi_awvalid && aw_wait != {WAIT_W{1'b1}}) begin
            aw_wait <= aw_wait + 1'b1;
        end
        if (w_hs) begin
            if (wb_fits) begin
                ev_wd_data[wb_bit +: DATA_WIDTH] <= s_axi_wdata & lane_mask(s_axi_wstrb);
                ev_wd_strb[wb_lane +: NB] <= s_axi_wstrb;
            end
            wb <= w_lastb ? 8'd0 : wb + 8'd1;
            if (w_lastb) begin
                aw_rp <= aw_rp + 1'b1;
                b_id[b_wp] <= aw_id[aw_rp];
                b_t[b_wp]  <= cyc;
                b_wp <= b_wp + 1'b1;
                ev_wd_beats <= {1'b0, wb} + 9'd1;
            end
        end
        if (bf_ok) b_rsp[bf_slot] <= bf_resp;
        if (b_load) begin
            s_axi_bvalid <= 1'b1;
            s_axi_bresp  <= bf_head ? bf_resp : b_rsp[b_rp];
            s_axi_bid    <= b_id[b_rp];
            b_rp <= b_rp + 1'b1;
        end else if (b_free) begin
            s_axi_bvalid <= 1'b0;
        end
        aw_n <= aw_n + {{SLOT_W{1'b0}}, aw_hs} - {{SLOT_W{1'b0}}, w_done};
        b_n <= b_n + {{SLOT_W{1'b0}}, w_done} - {{SLOT_W{1'b0}}, b_load};
        b_filled <= b_filled + {{SLOT_W{1'b0}}, bf_ok} - {{SLOT_W{1'b0}}, b_load};
    end
end

// ---- events and protocol errors --------------------------------------------------------------
wire r_err_hs = r_hs && s_axi_rresp[1];
wire b_err_hs = s_axi_bvalid && s_axi_bready && s_axi_bresp[1];
wire       proto_now;  // a protocol error is latched at this edge
wire [5:0] flags_now = {proto_now, b_err_hs, r_err_hs, w_done, aw_hs, ar_hs};
assign proto_now = (proto_err == 8'd0) &&
                   ((rf_now && !rf_ok) || (bf_now && !bf_ok) ||
                    (ar_hs && {1'b0, s_axi_arlen} >= MAX_BURST_LEN[8:0]) ||
                    (aw_hs && {1'b0, s_axi_awlen} >= MAX_BURST_LEN[8:0]) ||
                    (w_hs && (s_axi_wlast != w_lastb)));

always @(posedge clk) begin
    if (rst) begin
        ev_count <= 32'd0; ev_flags <= 6'd0; proto_err <= 8'd0;
        ev_ar_info <= {AINFO_W{1'b0}}; ev_aw_info <= {AINFO_W{1'b0}};
        ev_r_info <= 3'd0; ev_b_info <= 2'd0;
    end else begin
        if (flags_now != 6'd0 || ev_flags != 6'd0) ev_flags <= flags_now;
        if (ar_hs)
            ev_ar_info <= {ar_wait, s_axi_arburst, s_axi_arid, s_axi_arsize, s_axi_arlen,
                           s_axi_araddr};
        if (aw_hs)
            ev_aw_info <= {aw_wait, s_axi_awburst, s_axi_awid, s_axi_awsize, s_axi_awlen,
                           s_axi_awaddr};
        if (r_err_hs) ev_r_info <= {s_axi_rlast, s_axi_rresp};
        if (b_err_hs) ev_b_info <= s_axi_bresp;
        if (flags_now != 6'd0) ev_count <= ev_count + 32'd1;
        if (proto_err == 8'd0) begin
            if (rf_now && !rf_ok)
                proto_err <= 8'd1;
            else if (bf_now && !bf_ok)
                proto_err <= 8'd2;
            else if ((ar_hs && {1'b0, s_axi_arlen} >= MAX_BURST_LEN[8:0]) ||
                     (aw_hs && {1'b0, s_axi_awlen} >= MAX_BURST_LEN[8:0]))
                proto_err <= 8'd3;
            else if (w_hs && (s_axi_wlast != w_lastb))
                proto_err <= 8'd4;
        end
    end
end

endmodule

`resetall
