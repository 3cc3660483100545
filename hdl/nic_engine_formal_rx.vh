// Formal properties of nic_engine, RX data integrity (N5): included by hdl/nic_engine_formal.vh
// under `ifdef F_RXDATA (group rxdata, -DF_NO_ADDR -DF_RXDATA). Conventions: see that file.
// ============================================================================================
// One tracked byte of one RX buffer. f_rx_k is an arbitrary (anyconst) byte offset, f_rx_v an
// arbitrary byte value. The tracked buffer is an arbitrary checked RX descriptor without error:
// the one the engine loads in a cycle where the free input f_rx_pick is high (the first such
// one). buf = the bus address it names, LEN its CTRL.LEN (a multiple of B, checked).
//
// Stream side: a buffer receives the stream beats the engine accepts while it is the open buffer
// (from its load to the beat that fills it or carries tlast), its bytes from lane 0 of its first
// beat on; so byte k of the buffer is lane k mod B of the (k/B)-th beat accepted into it (for the
// buffer a packet starts in: byte k of the packet). The stream is assumed to carry f_rx_v there;
// the byte is delivered when its tkeep bit is set (nothing else is assumed of the stream: tkeep
// need not be contiguous).
//
// Write side: the W beats of the tracked buffer are those of the AW data bursts the engine closed
// while the buffer was open (its STATUS write-back, a separate one-beat write to the ring, is not
// one of them). W beats follow AW order; beat i of a burst is at AWADDR + i*B.
//
// N5: every W beat of the tracked buffer lies inside [buf, buf + LEN - 1] (no strobe outside the
// buffer); the one that strobes buf + k carries f_rx_v, and only a delivered byte is strobed;
// buf + k is strobed at most once, and exactly once (if it was delivered; never otherwise) by the
// time the buffer's STATUS write-back W beat is sent (the buffer complete).
//
// Checked as a bounded check from reset (group rxdata, 18 steps, -DF_NO_INV: a whole short
// packet fits, the covers are reached in 13-14 steps). The invariants under `ifndef F_NO_INV
// are written for an induction step: they place every RX data beat in one global sequence
// (index = stream beats accepted before it) across the W burst being sent, wq (shadows of
// AWADDR and first index per slot), rx_wq, the open burst and the RX data FIFO u_rxdf (storage
// kept, probed); that step gives no answer within 15 minutes (built without -DF_NO_INV).
// ============================================================================================
localparam F_RCW    = BEAT_W + 3;                              // beat counters (mod 2^F_RCW)
localparam F_RDF_N  = 64;                                      // data FIFO entries probed
localparam F_RXDF_W = DATA_WIDTH + BYTES;                      // its entry: {tkeep, data}
generate
    if (DF_DEPTH != F_RDF_N) begin : g_bad_formal_rxdf
        nic_engine_formal_error_data_probes_assume_64_entry_data_fifo u_error ();
    end
endgenerate

(* anyconst *) reg [15:0] f_rx_k;                               // tracked byte offset
(* anyconst *) reg [7:0]  f_rx_v;                               // its value on the stream
(* anyseq *)   reg        f_rx_pick;                            // track the buffer loaded now

wire [OFF_W-1:0]  f_rx_kl = f_rx_k[OFF_W-1:0];                  // lane of byte k
wire [BEAT_W-1:0] f_rx_kb = {{(BEAT_W - 16 + OFF_W){1'b0}}, f_rx_k[15:OFF_W]}; // beat of byte k

// ---- FIFO probes (connected by tools/formal.py): u_wq storage and pointers, u_rxdf storage and
// pointers ----
(* keep *) wire [9:0]          f_p_wq_m0, f_p_wq_m1, f_p_wq_m2, f_p_wq_m3,             // u_wq.mem[i]
                               f_p_wq_m4, f_p_wq_m5, f_p_wq_m6, f_p_wq_m7;
(* keep *) wire [OUT_LOG2-1:0] f_p_wq_rd, f_p_wq_wr;
(* keep *) wire [DF_LOG2-1:0]  f_p_rxdf_rd, f_p_rxdf_wr;
wire [F_RQ_N*10-1:0]           f_p_wq_mem = {f_p_wq_m7, f_p_wq_m6, f_p_wq_m5, f_p_wq_m4,
                                             f_p_wq_m3, f_p_wq_m2, f_p_wq_m1, f_p_wq_m0};
wire [F_RDF_N*F_RXDF_W-1:0]    f_p_rxdf_mem;
genvar f_g;
generate
    for (f_g = 0; f_g < F_RDF_N; f_g = f_g + 1) begin : g_f_rxdf
        (* keep *) wire [F_RXDF_W-1:0] w;                       // u_rxdf.mem[f_g]
        assign f_p_rxdf_mem[f_g * F_RXDF_W +: F_RXDF_W] = w;
    end
endgenerate

// ---- tracking ----
reg                   f_rt;                                     // a buffer is tracked
reg                   f_rclosed;                                // ... it was closed
reg                   f_rdone;                                  // ... its STATUS write-back beat was sent
reg  [BEAT_W-1:0]     f_rin;                                    // stream beats accepted into it
reg                   f_rgot;                                   // the beat of byte k was accepted
reg                   f_rdlv;                                   // ... with byte k's tkeep bit set
reg  [1:0]            f_rns;                                    // W beats that strobed buf + k
reg  [ADDR_WIDTH-1:0] f_rbuf;                                   // its buffer (bus address)
reg  [15:0]           f_rlen;                                   // its LEN
reg  [F_RCW-1:0]      f_rxin;                                   // stream beats accepted (all)
reg  [F_RCW-1:0]      f_rQ;                                     // index of the buffer's first beat
wire f_rpick = rx_load && (rx_dq_code == ERR_NONE) && f_rx_pick && !f_rt;
wire f_ro    = f_rt && rx_buf_valid_reg && !f_rclosed;          // the tracked buffer is open
wire f_rlive = f_rt && !f_rdone;                                // ... and not yet complete

// ---- write routing shadows: per rx_wq slot, is it a data burst of the tracked buffer; per wq
// slot the burst's AWADDR, and whether it is a data burst / the STATUS write-back of it ----
reg                   f_rw_t [0:F_WQ_N-1];
reg  [ADDR_WIDTH-1:0] f_w_a  [0:F_RQ_N-1];
reg                   f_w_t  [0:F_RQ_N-1];
reg                   f_w_wb [0:F_RQ_N-1];

// ---- the W beat on the port: is it the tracked buffer's, where does it land ----
wire [ADDR_WIDTH-1:0] f_wbeat_off;
wire [72-ADDR_WIDTH:0] unused_f_wbeat_hi;
assign {unused_f_wbeat_hi, f_wbeat_off} = {65'd0, w_cnt_reg} << OFF_W;
wire [ADDR_WIDTH-1:0] f_w_addr = f_w_a[f_p_wq_rd] + f_wbeat_off;   // its bus address
wire [ADDR_WIDTH-1:0] f_w_off  = f_w_addr - f_rbuf;                 // ... inside the buffer
wire [ADDR_WIDTH-1:0] f_rk_off;
wire [64-ADDR_WIDTH:0] unused_f_rk_hi;
assign {unused_f_rk_hi, f_rk_off} = {49'd0, f_rx_k[15:OFF_W], {OFF_W{1'b0}}};
wire f_wdat  = m_axi_wvalid && w_from_rx && f_w_t[f_p_wq_rd];      // a data beat of the buffer
wire f_wk    = f_wdat && f_w_off == f_rk_off;                       // ... the beat of buf + k
wire f_wk_str = f_wk && m_axi_wstrb[f_rx_kl];                       // ... strobing buf + k
wire f_wwb   = m_axi_wvalid && !w_from_rx && f_w_wb[f_p_wq_rd];     // its STATUS write-back beat

always @(posedge clk) begin
    if (rx_wq_push && !rx_wq_full) f_rw_t[f_p_rxwq_wr] <= f_ro && rx_fire;
    if (wq_push && !wq_full) begin
        f_w_a[f_p_wq_wr]  <= m_axi_awaddr_next;
        f_w_t[f_p_wq_wr]  <= aw_pick_rx && rx_aw_data && f_rw_t[f_p_rxwq_rd];
        f_w_wb[f_p_wq_wr] <= aw_pick_rx && !rx_aw_data && f_rw_t[f_p_rxwq_rd];
    end
    if (rst) begin
        f_rt      <= 1'b0;
        f_rclosed <= 1'b0;
        f_rdone   <= 1'b0;
        f_rin     <= {BEAT_W{1'b0}};
        f_rgot    <= 1'b0;
        f_rdlv    <= 1'b0;
        f_rns     <= 2'd0;
        f_rxin    <= {F_RCW{1'b0}};
    end else begin
        if (rx_fire) f_rxin <= f_rxin + 1'b1;
        if (f_rpick) begin
            f_rt   <= 1'b1;
            f_rbuf <= rx_dq_addr;
            f_rlen <= rx_dq_len;
            f_rQ   <= f_rxin;
        end
        if (f_ro && rx_fire) begin
            f_rin <= f_rin + BEAT_ONE;
            if (rx_buf_end) f_rclosed <= 1'b1;
            if (f_rin == f_rx_kb) begin
                f_rgot <= 1'b1;
                f_rdlv <= s_axis_rx_tkeep[f_rx_kl];
            end
        end
        if (f_wk_str && m_axi_wready && f_rns != 2'd3) f_rns <= f_rns + 2'd1;
        if (f_wwb && m_axi_wready) f_rdone <= 1'b1;
    end
end

always @(*) if (!rst) begin
    // A: the stream carries f_rx_v in the lane of byte k of the tracked buffer
    if (rx_fire && f_ro && f_rin == f_rx_kb) assume(s_axis_rx_tdata[{f_rx_kl, 3'b000} +: 8] == f_rx_v);
end

always @(*) if (f_past_valid && !rst) begin
    // N5: a W beat of the tracked buffer lies inside [buf, buf + LEN - 1] (no strobe outside)
    if (f_wdat)
        assert({{(66 - ADDR_WIDTH){1'b0}}, f_w_off} < {50'd0, f_rlen} && f_w_off[OFF_W-1:0] == 0);
    // N5: the W beat that strobes buf + k carries f_rx_v, and byte k was delivered
    if (f_wk_str) assert(m_axi_wdata[{f_rx_kl, 3'b000} +: 8] == f_rx_v && f_rgot && f_rdlv);
    // N5: buf + k is strobed at most once
    assert(f_rns <= 2'd1);
    // N5: when the buffer completes (its STATUS write-back beat), buf + k was strobed exactly
    // once if it was delivered, never otherwise
    if (f_wwb) assert(f_rns == {1'b0, f_rgot && f_rdlv});
end

`ifndef F_NO_INV
// ============================================================================================
// Auxiliary invariants for the induction step
// ============================================================================================
// Per queue slot (constant slot numbers: slot j holds an entry when (j - rd) mod N < count; its
// successor is slot j + 1): the index of its first data beat, stored beside the engine's entry
// when it is pushed (a burst without data: the index after the data before it). f_wtail: the
// index after the data of every burst pushed into wq.
reg  [F_RCW-1:0] f_w_g  [0:F_RQ_N-1];
reg  [F_RCW-1:0] f_rw_g [0:F_WQ_N-1];
reg  [F_RCW-1:0] f_wtail;
wire [F_RCW-1:0] f_rxout = f_rxin - {{(F_RCW - DF_LOG2 - 1){1'b0}}, rxdf_count}; // W beats popped
wire [F_RCW-1:0] f_open  = f_rxin - {{(F_RCW - 9){1'b0}}, rx_bcnt_reg};  // the open burst's start
wire [F_RCW-1:0] f_rinw  = {3'd0, f_rin};                        // tracked beats, as an index count
wire [F_RCW-1:0] f_rlenb = {3'd0, 1'b0, f_rlen[15:OFF_W]};       // beats of the tracked buffer
wire [8:0]       f_rxw_n = rxw_beats;                            // rx_wq head: data beats
always @(posedge clk) begin
    if (rx_wq_push && !rx_wq_full) f_rw_g[f_p_rxwq_wr] <= f_open;
    if (wq_push && !wq_full)       f_w_g[f_p_wq_wr]    <= f_wtail;
    if (rst) f_wtail <= {F_RCW{1'b0}};
    else if (aw_pick_rx && rx_aw_data) f_wtail <= f_wtail + {{(F_RCW - 9){1'b0}}, f_rxw_n};
end

// head (rd) and tail (wr - 1) entries
wire [OUT_LOG2-1:0] f_wh  = f_p_wq_rd;
wire [OUT_LOG2-1:0] f_wl  = f_p_wq_wr - 1'b1;
wire [9:0]          f_whe = f_p_wq_mem[f_wh * 10 +: 10];
wire [9:0]          f_wle = f_p_wq_mem[f_wl * 10 +: 10];
wire [RWQ_LOG2-1:0] f_qh  = f_p_rxwq_rd;
wire [RWQ_LOG2-1:0] f_ql  = f_p_rxwq_wr - 1'b1;
wire [RWQ_W-1:0]    f_qle = f_p_rxwq_mem[f_ql * RWQ_W +: RWQ_W];
// data beats of a wq entry / an rx_wq entry
function [F_RCW-1:0] f_wq_beats;
    input [9:0] e;
    begin
        f_wq_beats = (e[9:8] == WS_RXDATA) ? {{(F_RCW - 8){1'b0}}, e[7:0]} + 1'b1 : {F_RCW{1'b0}};
    end
endfunction
function [F_RCW-1:0] f_rw_beats;
    input [RWQ_W-1:0] e;
    begin
        f_rw_beats = {{(F_RCW - 9){1'b0}}, e[ADDR_WIDTH +: 9]};
    end
endfunction

// the tracked beat (index Q + k/B) and where it is in the data FIFO
wire [F_RCW-1:0]    f_rT   = f_rQ + {3'd0, f_rx_kb};
wire [F_RCW-1:0]    f_rTd  = f_rT - f_rxout;                     // entries ahead of it
wire                f_rTin = f_rTd < {{(F_RCW - DF_LOG2 - 1){1'b0}}, rxdf_count}; // in the FIFO
wire [DF_LOG2-1:0]  f_rTs  = f_p_rxdf_rd + f_rTd[DF_LOG2-1:0];
wire [F_RXDF_W-1:0] f_rTw  = f_p_rxdf_mem[f_rTs * F_RXDF_W +: F_RXDF_W];
// the open burst's start, as an offset in the tracked buffer
wire [F_RCW-1:0]    f_ob   = f_rinw - {{(F_RCW - 9){1'b0}}, rx_bcnt_reg};
wire [ADDR_WIDTH-1:0] f_ob_off;
wire [72-ADDR_WIDTH-F_RCW:0] unused_f_ob_hi;
assign {unused_f_ob_hi, f_ob_off} = {{(73 - F_RCW){1'b0}}, f_ob} << OFF_W;
// tracked write-backs queued (in rx_wq on its last data burst's entry, or in wq)
integer   f_a;
reg [3:0] f_nwb;
always @(*) begin
    f_nwb = 4'd0;
    for (f_a = 0; f_a < F_RQ_N; f_a = f_a + 1)
        if ({1'b0, f_a[OUT_LOG2-1:0] - f_p_wq_rd} < wq_count && f_w_wb[f_a]) f_nwb = f_nwb + 4'd1;
    for (f_a = 0; f_a < F_WQ_N; f_a = f_a + 1)
        if ({1'b0, f_a[RWQ_LOG2-1:0] - f_p_rxwq_rd} < rx_wq_count && f_rw_t[f_a]
            && f_p_rxwq_mem[f_a * RWQ_W + ADDR_WIDTH + 9]) f_nwb = f_nwb + 4'd1;
end

always @(*) if (f_past_valid) begin
    // I: the queues' pointers and counts agree (rx_dq, rx_wq, wq, RX data FIFO)
    assert(f_p_rxdq_wr == f_p_rxdq_rd + rx_dq_count[DQ_LOG2-1:0] && rx_dq_count <= F_DQ_N);
    assert(f_p_rxwq_wr == f_p_rxwq_rd + rx_wq_count[RWQ_LOG2-1:0] && rx_wq_count <= F_WQ_N);
    assert(f_p_wq_wr == f_p_wq_rd + wq_count[OUT_LOG2-1:0] && wq_count <= F_RQ_N);
    assert(f_p_rxdf_wr == f_p_rxdf_rd + rxdf_count[DF_LOG2-1:0] && rxdf_count <= F_RDF_N);
    // I: the open buffer: beat-aligned burst start, beats left >= 1, the open burst shorter
    // than its limit; no open buffer, no open burst
    if (rx_buf_valid_reg)
        assert(rx_baddr_reg[OFF_W-1:0] == 0 && rx_left_reg != 0 && rx_bcnt_reg < rx_bmax);
    // I: no open buffer, no open burst
    if (!rx_buf_valid_reg) assert(rx_bcnt_reg == 9'd0);
    // I: W: the burst being sent started at the beats popped minus its beats sent (within its
    // AWLEN; none for a write-back); wq's last burst ends at f_wtail
    if (wq_empty) assert(w_cnt_reg == 8'd0 && f_wtail == f_rxout);
    if (!wq_empty)
        assert((w_from_rx ? w_cnt_reg <= f_whe[7:0] : w_cnt_reg == 8'd0)
               && f_w_g[f_wh] + (w_from_rx ? {{(F_RCW - 8){1'b0}}, w_cnt_reg} : {F_RCW{1'b0}}) == f_rxout
               && f_w_g[f_wl] + f_wq_beats(f_wle) == f_wtail);
    // I: rx_wq: its head's data goes to wq next (or went, if its data AW was issued); its last
    // burst ends at the open burst's start
    if (rx_wq_data_done_reg) assert(!rx_wq_empty && rxw_beats != 9'd0 && rxw_has_wb);
    // I: rx_wq empty: wq's data ends where the open burst starts
    if (rx_wq_empty) assert(f_wtail == f_open);
    if (!rx_wq_empty)
        assert(f_rw_g[f_qh] + (rx_wq_data_done_reg ? {{(F_RCW - 9){1'b0}}, rxw_beats} : {F_RCW{1'b0}}) == f_wtail
               && f_rw_g[f_ql] + f_rw_beats(f_qle) == f_open);
    // I: tracking: picked before it is open or closed; its buffer aligned, LEN a nonzero beat
    // multiple; its beats within LEN; byte k's beat accepted exactly when f_rin passed it
    if (!f_rt) assert(!f_rclosed && !f_rdone && f_rin == 0 && !f_rgot && f_rns == 2'd0);
    if (f_rt) assert(f_rbuf[OFF_W-1:0] == 0 && f_rlen[OFF_W-1:0] == 0 && f_rlen != 16'd0
                     && f_rgot == (f_rin > f_rx_kb) && f_rinw <= f_rlenb);
    // I: a completed buffer was closed
    if (f_rdone) assert(f_rclosed);
    // I: a closed buffer received at least one beat
    if (f_rclosed) assert(f_rin != 0);
    // I: a closed tracked buffer not yet complete has its write-back queued (rx_wq or wq), once
    assert(f_nwb == ((f_rlive && f_rclosed) ? 4'd1 : 4'd0));
    // I: until it completes, the beats accepted after its own are all still in the RX data FIFO
    // (their W beats follow its write-back), so no index wraps
    if (f_rlive) assert(f_rxin - f_rQ - f_rinw <= {{(F_RCW - DF_LOG2 - 1){1'b0}}, rxdf_count});
    // I: while it is open: it is the engine's open buffer, its beats are the last accepted, the
    // open burst starts at buf + the beats closed, the beats left fill it exactly
    if (f_rt && !f_rclosed)
        assert(rx_buf_valid_reg && f_rxin - f_rQ == f_rinw && f_rinw < f_rlenb
               && rx_bcnt_reg <= f_rin && rx_baddr_reg == f_rbuf + f_ob_off
               && {3'd0, rx_left_reg} == f_rlenb - f_ob);
    // I: the tracked byte, while in the RX data FIFO, has its value and its tkeep bit
    if (f_rlive && f_rgot && f_rTin)
        assert(f_rTw[{f_rx_kl, 3'b000} +: 8] == f_rx_v && f_rTw[DATA_WIDTH + f_rx_kl] == f_rdlv);
    // I: buf + k was strobed once if its beat has left the FIFO and was delivered, else never
    if (f_rlive) assert(f_rns == {1'b0, f_rgot && !f_rTin && f_rdlv});
    // I: after it completed, buf + k stays strobed once if delivered, else never
    if (f_rdone) assert(f_rns == {1'b0, f_rgot && f_rdlv});
end

// per queue slot
genvar f_j;
generate
    for (f_j = 0; f_j < F_DQ_N; f_j = f_j + 1) begin : g_f_dq
        localparam [DQ_LOG2-1:0] J = f_j;
        wire [DQ_LOG2-1:0] age = J - f_p_rxdq_rd;
        wire [DQ_W-1:0]    e   = f_p_rxdq_mem[f_j * DQ_W +: DQ_W];
        always @(*) if (f_past_valid) begin
            // I: a queued checked buffer without error: beat aligned, LEN a nonzero beat multiple
            if ({1'b0, age} < rx_dq_count && e[ADDR_WIDTH + 18 +: 4] == ERR_NONE)
                assert(e[OFF_W-1:0] == 0 && e[ADDR_WIDTH +: OFF_W] == 0
                       && e[ADDR_WIDTH +: 16] != 16'd0);
        end
    end
    for (f_j = 0; f_j < F_RQ_N; f_j = f_j + 1) begin : g_f_wq
        localparam [OUT_LOG2-1:0] J = f_j;
        wire [OUT_LOG2-1:0]   age = J - f_p_wq_rd;
        wire                  win = {1'b0, age} < wq_count;
        wire                  wnx = {1'b0, age} + 1'b1 < wq_count;
        wire [9:0]            e   = f_p_wq_mem[f_j * 10 +: 10];
        wire                  d   = e[9:8] == WS_RXDATA;
        wire [F_RCW-1:0]      n   = f_wq_beats(e);
        wire [F_RCW-1:0]      g   = f_w_g[f_j];
        wire [F_RCW-1:0]      o   = g - f_rQ;                        // offset in the tracked buffer
        wire [ADDR_WIDTH-1:0] ob;
        wire [72-ADDR_WIDTH-F_RCW:0] unused_ob_hi;
        assign {unused_ob_hi, ob} = {{(73 - F_RCW){1'b0}}, o} << OFF_W;
        always @(*) if (f_past_valid) begin
            // I: the next burst's data starts where this one's ends; at most MAX_BURST_LEN beats
            if (wnx) assert(f_w_g[J + 1'b1] == g + n);
            // I: a data burst in wq has at most MAX_BURST_LEN beats and is no write-back
            if (win && d) assert(n <= MAX_BURST_LEN && !f_w_wb[f_j]);
            // I: a write-back in wq is not tracked as data
            if (win && !d) assert(!f_w_t[f_j]);
            // I: a tracked data burst in wq: its beats are tracked beats, at buf + B * offset
            if (win && d && f_w_t[f_j])
                assert(f_rlive && o < f_rinw && o + n <= f_rinw && f_w_a[f_j] == f_rbuf + ob);
            // I: another data burst in wq holds no tracked beat
            if (win && d && !f_w_t[f_j] && f_rlive) assert(o >= f_rinw && f_rQ - g >= n);
            // I: the tracked buffer's write-back follows all its data (closed)
            if (win && f_w_wb[f_j]) assert(f_rlive && f_rclosed && g == f_rQ + f_rinw);
        end
    end
    for (f_j = 0; f_j < F_WQ_N; f_j = f_j + 1) begin : g_f_rw
        localparam [RWQ_LOG2-1:0] J = f_j;
        wire [RWQ_LOG2-1:0]   age = J - f_p_rxwq_rd;
        wire                  qin = {1'b0, age} < rx_wq_count;
        wire                  qnx = {1'b0, age} + 1'b1 < rx_wq_count;
        wire [RWQ_W-1:0]      e   = f_p_rxwq_mem[f_j * RWQ_W +: RWQ_W];
        wire [F_RCW-1:0]      n   = f_rw_beats(e);
        wire                  wb  = e[ADDR_WIDTH + 9];
        wire [F_RCW-1:0]      g   = f_rw_g[f_j];
        wire [F_RCW-1:0]      o   = g - f_rQ;
        wire [ADDR_WIDTH-1:0] ob;
        wire [72-ADDR_WIDTH-F_RCW:0] unused_ob_hi;
        assign {unused_ob_hi, ob} = {{(73 - F_RCW){1'b0}}, o} << OFF_W;
        always @(*) if (f_past_valid) begin
            // I: the next closed burst starts where this one ends; at most MAX_BURST_LEN beats;
            // one without data has a write-back
            if (qnx) assert(f_rw_g[J + 1'b1] == g + n);
            // I: a closed burst has at most MAX_BURST_LEN beats; one without data has a write-back
            if (qin) assert(n <= MAX_BURST_LEN && (n != 0 || wb));
            // I: a tracked closed burst: data, its beats are tracked beats, at buf + B * offset;
            // the one with the write-back is the buffer's last
            if (qin && f_rw_t[f_j])
                assert(f_rlive && n != 0 && o < f_rinw && o + n <= f_rinw
                       && e[ADDR_WIDTH-1:0] == f_rbuf + ob);
            // I: the tracked burst with the write-back is the buffer's last
            if (qin && f_rw_t[f_j] && wb) assert(f_rclosed && g + n == f_rQ + f_rinw);
            // I: another closed burst holds no tracked beat
            if (qin && !f_rw_t[f_j] && f_rlive && n != 0) assert(o >= f_rinw && f_rQ - g >= n);
        end
    end
endgenerate
`endif

// ============================================================================================
// Reachability (--cover)
// ============================================================================================
always @(*) if (f_past_valid && !rst) begin
    // C: the W beat strobing buf + k is sent, in a lane other than 0 of a beat other than 0
    cover(f_wk_str && m_axi_wready && f_rx_kl != 0 && f_rx_kb != 0);
    // C: the tracked buffer completes with byte k delivered and strobed
    cover(f_wwb && m_axi_wready && f_rdlv && f_rns == 2'd1);
    // C: the tracked buffer completes with byte k received in a partial beat, not delivered
    cover(f_wwb && m_axi_wready && f_rgot && !f_rdlv);
end
