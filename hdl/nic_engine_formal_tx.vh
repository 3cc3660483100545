// Formal properties of nic_engine, TX data integrity (N4): included by hdl/nic_engine_formal.vh
// under `ifdef F_TXDATA (group txdata, -DF_NO_ADDR -DF_TXDATA). Conventions: see that file.
// ============================================================================================
// One tracked byte of one TX descriptor. f_tx_k is an arbitrary (anyconst) byte offset, f_tx_v
// an arbitrary byte value. The tracked descriptor is an arbitrary checked descriptor without
// error: the one the read issuer takes from tx_dq in a cycle where the free input f_tx_pick is
// high (the first such one). Its buffer is buf = the bus address it names, LEN its CTRL.LEN.
//
// Read side: the slave returns f_tx_v in byte lane (buf + k) mod B of the R beat at bus address
// (buf + k) rounded down to a beat, in a TX data burst issued for the tracked descriptor. The
// address of an R beat is its burst's ARADDR + B * (beats of the burst before it), with the
// bursts answered in AR order (one ID) and ARLEN+1 beats per burst, RLAST on the last (assumed
// of the slave, as AXI requires).
//
// Stream side: descriptors leave m_axis_tx in the order the read issuer takes them, a refused one
// with no beat, one without error with ceil(LEN/B) beats (its bytes from lane 0 of its first
// beat on); so the tracked descriptor's beat j is stream beat P + j, P = the beats of the
// descriptors taken before it. Byte k of the tracked descriptor is lane k mod B of its beat k/B
// (for a packet of one descriptor: byte k of the frame).
//
// N4: that stream beat carries f_tx_v in that lane with its tkeep bit set; every beat of the
// tracked descriptor has tkeep set exactly on the lanes below LEN (no lane beyond the buffer's
// length), tlast exactly on its last beat when CTRL.EOP is set.
//
// Checked as a bounded check from reset (group txdata, 18 steps, -DF_NO_INV: a whole short
// packet fits, the covers are reached in 13-14 steps). The invariants under `ifndef F_NO_INV
// are written for an induction step: they place every TX data beat in one global sequence
// (stream index = beats of earlier descriptors + beat in its descriptor) across the completion
// queue tx_cq, the read routing queue rq (shadows of ARADDR, ARLEN and first index per slot),
// the TX data FIFO u_txdf (storage kept, probed) and the read issuer; that step gives no answer
// within 25 minutes (built without -DF_NO_INV).
// ============================================================================================
localparam F_CW   = BEAT_W + 3;                                // beat counters (mod 2^F_CW)
localparam F_DF_N = 64;                                        // data FIFO entries probed
localparam F_TXDF_W = DATA_WIDTH + 1;                          // its entry: {R error, data}
generate
    if (DF_DEPTH != F_DF_N) begin : g_bad_formal_txdf
        nic_engine_formal_error_data_probes_assume_64_entry_data_fifo u_error ();
    end
endgenerate

(* anyconst *) reg [15:0] f_tx_k;                               // tracked byte offset
(* anyconst *) reg [7:0]  f_tx_v;                               // its value at buf + k
(* anyseq *)   reg        f_tx_pick;                            // track the descriptor taken now

wire [OFF_W-1:0]  f_tx_kl = f_tx_k[OFF_W-1:0];                  // lane of byte k
wire [F_CW-1:0]   f_tx_kb = {{(F_CW - 16 + OFF_W){1'b0}}, f_tx_k[15:OFF_W]}; // beat of byte k

// ---- FIFO probes (connected by tools/formal.py): u_tx_cq and u_txdf storage and pointers ----
(* keep *) wire [CQ_W-1:0]     f_p_txcq_m0, f_p_txcq_m1, f_p_txcq_m2, f_p_txcq_m3;  // u_tx_cq.mem[i]
(* keep *) wire [DQ_LOG2-1:0]  f_p_txcq_rd, f_p_txcq_wr;
(* keep *) wire [DF_LOG2-1:0]  f_p_txdf_rd, f_p_txdf_wr;
wire [F_DQ_N*CQ_W-1:0]         f_p_txcq_mem = {f_p_txcq_m3, f_p_txcq_m2, f_p_txcq_m1, f_p_txcq_m0};
wire [F_DF_N*F_TXDF_W-1:0]     f_p_txdf_mem;
genvar f_g;
generate
    for (f_g = 0; f_g < F_DF_N; f_g = f_g + 1) begin : g_f_txdf
        (* keep *) wire [F_TXDF_W-1:0] w;                       // u_txdf.mem[f_g]
        assign f_p_txdf_mem[f_g * F_TXDF_W +: F_TXDF_W] = w;
    end
endgenerate

// ---- read routing shadow: per rq slot the burst's ARADDR, ARLEN and whether it is a TX data
// burst of the tracked descriptor (written when rq accepts the push, beside the engine's entry);
// per tx_cq slot whether it is the tracked descriptor ----
reg  [ADDR_WIDTH-1:0] f_rq_a [0:F_RQ_N-1];
reg  [7:0]            f_rq_n [0:F_RQ_N-1];
reg                   f_rq_t [0:F_RQ_N-1];
reg                   f_cq_t [0:F_DQ_N-1];
reg  [7:0]            f_rb;                                     // beats taken of the head burst

// ---- tracking ----
reg                   f_tt;                                     // a descriptor is tracked
reg                   f_ti;                                     // ... the read issuer serves it
reg                   f_tdone;                                  // ... all its beats were sent
reg  [F_CW-1:0]       f_spec;                                   // stream beats of the descriptors taken
reg  [F_CW-1:0]       f_snt;                                    // stream beats sent
reg  [F_CW-1:0]       f_tP;                                     // stream index of its first beat
reg  [ADDR_WIDTH-1:0] f_tbuf;                                   // its buffer (bus address)
reg  [15:0]           f_tlen;                                   // its LEN
reg                   f_teop;                                   // its CTRL.EOP
wire f_tpick = tx_dq_pop && !tx_dq_empty && (tx_dq_code == ERR_NONE) && f_tx_pick && !f_tt;
wire f_tlive = f_tt && !f_tdone;                                // tracked, beats still to send

// ---- the stream beat on m_axis_tx: does it belong to the tracked descriptor, which one ----
wire [F_CW-1:0]  f_tj      = f_snt - f_tP;                      // its beat index in the descriptor
wire [F_CW-1:0]  f_tbeats  = {3'd0, beats_of(f_tlen)};          // the descriptor's beats
wire             f_tbeat   = f_tlive && (f_tj < f_tbeats);      // the beat is the tracked one's
// lanes of beat f_tj below LEN
wire [F_CW+OFF_W-1:0] f_tj_byte = {f_tj, {OFF_W{1'b0}}};
wire [F_CW+OFF_W-1:0] f_trem    = {{(F_CW + OFF_W - 16){1'b0}}, f_tlen} - f_tj_byte;
wire [BYTES-1:0] f_tkeep   = (f_trem >= BYTES) ? {BYTES{1'b1}}
                           : ~({BYTES{1'b1}} << f_trem[OFF_W-1:0]);

always @(posedge clk) begin
    if (rq_push && !rq_full) begin
        f_rq_a[f_p_rq_wr] <= m_axi_araddr_next;
        f_rq_n[f_p_rq_wr] <= m_axi_arlen_next;
        f_rq_t[f_p_rq_wr] <= tx_data_go && f_ti;
    end
    if (tx_cq_push && !tx_cq_full) f_cq_t[f_p_txcq_wr] <= f_tpick;
    if (rst) begin
        f_rb    <= 8'd0;
        f_tt    <= 1'b0;
        f_ti    <= 1'b0;
        f_tdone <= 1'b0;
        f_spec  <= {F_CW{1'b0}};
        f_snt   <= {F_CW{1'b0}};
    end else begin
        if (r_fire) f_rb <= m_axi_rlast ? 8'd0 : f_rb + 8'd1;
        if (tx_dq_pop && !tx_dq_empty && (tx_dq_code == ERR_NONE))
            f_spec <= f_spec + {3'd0, beats_of(tx_dq_len)};
        if (tx_fire) f_snt <= f_snt + 1'b1;
        if (tx_fire && f_tbeat && f_tj == f_tbeats - 1'b1) f_tdone <= 1'b1;
        if (tx_dq_pop && !tx_dq_empty) f_ti <= f_tpick;
        if (f_tpick) begin
            f_tt   <= 1'b1;
            f_tP   <= f_spec;
            f_tbuf <= tx_dq_addr;
            f_tlen <= tx_dq_len;
            f_teop <= tx_dq_eop;
        end
    end
end

// the R beat the engine takes: its bus address
wire [ADDR_WIDTH-1:0] f_rbeat_off;
wire [72-ADDR_WIDTH:0] unused_f_rbeat_hi;
assign {unused_f_rbeat_hi, f_rbeat_off} = {65'd0, f_rb} << OFF_W;
wire [ADDR_WIDTH-1:0] f_r_addr = f_rq_a[f_p_rq_rd] + f_rbeat_off;
// the beat holding buf + k
wire [ADDR_WIDTH-1:0] f_tk_off;
wire [64-ADDR_WIDTH:0] unused_f_tk_hi;
assign {unused_f_tk_hi, f_tk_off} = {49'd0, f_tx_k[15:OFF_W], {OFF_W{1'b0}}};
wire [ADDR_WIDTH-1:0] f_tk_addr = f_tbuf + f_tk_off;
wire                  f_tk_in   = f_tx_k < f_tlen;               // byte k is in the buffer

always @(*) if (!rst) begin
    // A: AXI slave: read bursts are answered in AR order with ARLEN+1 beats, RLAST on the last
    if (r_fire) assume(m_axi_rlast == (f_rb == f_rq_n[f_p_rq_rd]));
    // A: the slave returns f_tx_v at buf + k to the tracked descriptor's TX data read
    if (r_fire && rq_head == RS_TXDATA && f_rq_t[f_p_rq_rd] && f_tt && f_tk_in && f_r_addr == f_tk_addr)
        assume(m_axi_rdata[{f_tx_kl, 3'b000} +: 8] == f_tx_v);
end

always @(*) if (f_past_valid && !rst) begin
    // N4: the stream beat holding byte k of the tracked descriptor carries f_tx_v, tkeep set
    if (m_axis_tx_tvalid && f_tbeat && f_tk_in && f_tj == f_tx_kb)
        assert(m_axis_tx_tdata[{f_tx_kl, 3'b000} +: 8] == f_tx_v && m_axis_tx_tkeep[f_tx_kl]);
    // N4: a beat of the tracked descriptor keeps exactly its lanes below LEN (none beyond)
    if (m_axis_tx_tvalid && f_tbeat) assert(m_axis_tx_tkeep == f_tkeep);
    // N4: tlast exactly on the tracked descriptor's last beat, when it has EOP
    if (m_axis_tx_tvalid && f_tbeat)
        assert(m_axis_tx_tlast == (f_teop && f_tj == f_tbeats - 1'b1));
end

`ifndef F_NO_INV
// ============================================================================================
// Auxiliary invariants for the induction step
// ============================================================================================
// Per queue slot (constant slot numbers: slot j holds an entry when (j - rd) mod N < count; its
// successor is slot j + 1): the stream index of its first beat, stored beside the engine's entry
// when it is pushed. tx_cq: descriptors in stream order; rq: read bursts in R order.
reg  [F_CW-1:0] f_cq_s [0:F_DQ_N-1];
reg  [F_CW-1:0] f_rq_g [0:F_RQ_N-1];
// beats requested (read bursts issued) and received (pushed into the data FIFO), as stream
// indices
wire [F_CW-1:0] f_req  = f_spec - {3'd0, tx_rd_left_reg};
wire [F_CW-1:0] f_rcv  = f_snt + {{(F_CW - DF_LOG2 - 1){1'b0}}, txdf_count};
wire [F_CW-1:0] f_rsnt = f_req - f_snt;                          // requested, not yet sent
always @(posedge clk) begin
    if (tx_cq_push && !tx_cq_full) f_cq_s[f_p_txcq_wr] <= f_spec;
    if (rq_push && !rq_full)       f_rq_g[f_p_rq_wr]   <= f_req;
end

// stream beats of a tx_cq entry (none for a refused descriptor)
function [F_CW-1:0] f_cq_beats;
    input [CQ_W-1:0] e;
    begin
        f_cq_beats = (e[21:18] == ERR_NONE) ? {3'd0, beats_of(e[15:0])} : {F_CW{1'b0}};
    end
endfunction
// R beats of an rq entry that are TX data (none for a descriptor fetch)
function [F_CW-1:0] f_rq_beats;
    input [1:0] route;
    input [7:0] arlen;
    begin
        f_rq_beats = (route == RS_TXDATA) ? {{(F_CW - 8){1'b0}}, arlen} + 1'b1 : {F_CW{1'b0}};
    end
endfunction

// head (rd) and tail (wr - 1) entries
wire [DQ_LOG2-1:0]  f_ch  = f_p_txcq_rd;
wire [DQ_LOG2-1:0]  f_cl  = f_p_txcq_wr - 1'b1;
wire [CQ_W-1:0]     f_che = f_p_txcq_mem[f_ch * CQ_W +: CQ_W];
wire [CQ_W-1:0]     f_cle = f_p_txcq_mem[f_cl * CQ_W +: CQ_W];
wire [OUT_LOG2-1:0] f_rh  = f_p_rq_rd;
wire [OUT_LOG2-1:0] f_rl  = f_p_rq_wr - 1'b1;
wire [1:0]          f_rlr = f_p_rq_mem[f_rl * 2 +: 2];

// the tracked beat (stream index P + k/B) and where it is in the data FIFO
wire [F_CW-1:0]     f_tT   = f_tP + f_tx_kb;
wire [F_CW-1:0]     f_tTd  = f_tT - f_snt;                        // entries ahead of it
wire [DF_LOG2-1:0]  f_tTs  = f_p_txdf_rd + f_tTd[DF_LOG2-1:0];    // its slot
wire [F_TXDF_W-1:0] f_tTw  = f_p_txdf_mem[f_tTs * F_TXDF_W +: F_TXDF_W];
// the read issuer's next address, as an offset in the tracked buffer
wire [F_CW-1:0]     f_ti_done = f_tbeats - {3'd0, tx_rd_left_reg};  // beats it requested
wire [ADDR_WIDTH-1:0] f_ti_off;
wire [72-ADDR_WIDTH-F_CW:0] unused_f_ti_hi;
assign {unused_f_ti_hi, f_ti_off} = {{(73 - F_CW){1'b0}}, f_ti_done} << OFF_W;
// tracked descriptors queued in tx_cq
integer   f_a;
reg [2:0] f_cq_ntr;
always @(*) begin
    f_cq_ntr = 3'd0;
    for (f_a = 0; f_a < F_DQ_N; f_a = f_a + 1)
        if ({1'b0, f_a[DQ_LOG2-1:0] - f_p_txcq_rd} < tx_cq_count && f_cq_t[f_a]) f_cq_ntr = f_cq_ntr + 3'd1;
end

always @(*) if (f_past_valid) begin
    // I: the queues' pointers and counts agree (tx_dq, tx_cq, rq, TX data FIFO)
    assert(f_p_txdq_wr == f_p_txdq_rd + tx_dq_count[DQ_LOG2-1:0] && tx_dq_count <= F_DQ_N);
    assert(f_p_txcq_wr == f_p_txcq_rd + tx_cq_count[DQ_LOG2-1:0] && tx_cq_count <= F_DQ_N);
    assert(f_p_rq_wr == f_p_rq_rd + rq_count[OUT_LOG2-1:0] && rq_count <= F_RQ_N);
    assert(f_p_txdf_wr == f_p_txdf_rd + txdf_count[DF_LOG2-1:0] && txdf_count <= F_DF_N);
    // I: the head descriptor's beats sent: none for a refused one, fewer than its beats; the
    // head starts at the beats sent minus those, the tail ends at the beats of all taken
    if (tx_cq_empty) assert(tx_obeat_reg == 0 && f_spec == f_snt);
    if (!tx_cq_empty)
        assert({3'd0, tx_obeat_reg} < f_cq_beats(f_che) + (f_che[21:18] != ERR_NONE)
               && f_cq_s[f_ch] + {3'd0, tx_obeat_reg} == f_snt
               && f_cq_s[f_cl] + f_cq_beats(f_cle) == f_spec);
    // I: while the read issuer has beats to request, its descriptor is the last queued one,
    // without error, tracked exactly when f_ti; its next address is beat aligned
    if (tx_rd_left_reg != 0)
        assert(!tx_cq_empty && f_cle[21:18] == ERR_NONE && f_cq_t[f_cl] == f_ti
               && {3'd0, tx_rd_left_reg} <= f_cq_beats(f_cle) && tx_rd_addr_reg[OFF_W-1:0] == 0);
    // I: the TX FIFO reservation = beats requested and not yet sent, within the FIFO
    assert(f_rsnt <= F_DF_N && tx_resv_reg == f_rsnt[DF_LOG2:0]);
    // I: read bursts: the head's first index + its beats taken = beats received; the tail ends
    // at the beats requested; the head's beat count stays within its ARLEN
    if (rq_empty) assert(f_rb == 8'd0 && f_rcv == f_req);
    if (!rq_empty)
        assert(f_rb <= f_rq_n[f_rh]
               && f_rq_g[f_rh] + ((rq_head == RS_TXDATA) ? {{(F_CW - 8){1'b0}}, f_rb} : {F_CW{1'b0}}) == f_rcv
               && f_rq_g[f_rl] + f_rq_beats(f_rlr, f_rq_n[f_rl]) == f_req);
    // I: tracking: picked before it is issued, sent or done; its buffer beat aligned, LEN != 0
    if (!f_tt) assert(!f_ti && !f_tdone);
    // I: the tracked buffer is beat aligned, its LEN != 0 (it passed the check)
    if (f_tt) assert(f_tbuf[OFF_W-1:0] == 0 && f_tlen != 16'd0);
    // I: the tracked descriptor is queued in tx_cq (once) until its last beat is sent
    assert(f_cq_ntr == (f_tlive ? 3'd1 : 3'd0));
    // I: the read issuer serving it: all descriptors taken up to it, its next address is buf +
    // the bytes requested
    if (f_ti) assert(f_tt && f_spec - f_tP == f_tbeats);
    if (f_ti && tx_rd_left_reg != 0)
        assert(f_tlive && tx_rd_left_reg <= beats_of(f_tlen) && tx_rd_addr_reg == f_tbuf + f_ti_off);
    // I: the tracked byte, while in the TX data FIFO, has its value
    if (f_tlive && f_tk_in && f_tTd < f_rcv - f_snt)
        assert(f_tTw[{f_tx_kl, 3'b000} +: 8] == f_tx_v);
end

// per queue slot
genvar f_j;
generate
    for (f_j = 0; f_j < F_DQ_N; f_j = f_j + 1) begin : g_f_dq
        localparam [DQ_LOG2-1:0] J = f_j;
        wire [DQ_LOG2-1:0] age  = J - f_p_txdq_rd;
        wire [DQ_W-1:0]    e    = f_p_txdq_mem[f_j * DQ_W +: DQ_W];
        wire [DQ_LOG2-1:0] cage = J - f_p_txcq_rd;
        wire               cin  = {1'b0, cage} < tx_cq_count;          // slot holds an entry
        wire               cnx  = {1'b0, cage} + 1'b1 < tx_cq_count;   // ... and so does the next
        wire [CQ_W-1:0]    ce   = f_p_txcq_mem[f_j * CQ_W +: CQ_W];
        always @(*) if (f_past_valid) begin
            // I: a queued checked descriptor without error: beat-aligned address, LEN != 0
            if ({1'b0, age} < tx_dq_count && e[ADDR_WIDTH + 18 +: 4] == ERR_NONE)
                assert(e[OFF_W-1:0] == 0 && e[ADDR_WIDTH +: 16] != 16'd0);
            // I: tx_cq: without error LEN != 0; the next descriptor starts where this one ends
            if (cin && ce[21:18] == ERR_NONE) assert(ce[15:0] != 16'd0);
            // I: the next queued descriptor starts where this one ends
            if (cnx) assert(f_cq_s[J + 1'b1] == f_cq_s[f_j] + f_cq_beats(ce));
            // I: the tracked descriptor in tx_cq: its first stream index, LEN, EOP, no error
            if (cin && f_cq_t[f_j])
                assert(f_tlive && f_cq_s[f_j] == f_tP && ce[21:18] == ERR_NONE
                       && ce[15:0] == f_tlen && ce[16] == f_teop);
        end
    end
    for (f_j = 0; f_j < F_RQ_N; f_j = f_j + 1) begin : g_f_rq
        localparam [OUT_LOG2-1:0] J = f_j;
        wire [OUT_LOG2-1:0]   age = J - f_p_rq_rd;
        wire                  rin = {1'b0, age} < rq_count;
        wire                  rnx = {1'b0, age} + 1'b1 < rq_count;
        wire                  d   = f_p_rq_mem[f_j * 2 +: 2] == RS_TXDATA;
        wire [F_CW-1:0]       n1  = {{(F_CW - 8){1'b0}}, f_rq_n[f_j]} + 1'b1;   // beats
        wire [F_CW-1:0]       o   = f_rq_g[f_j] - f_tP;          // offset in the tracked buffer
        wire [ADDR_WIDTH-1:0] ob;
        wire [72-ADDR_WIDTH-F_CW:0] unused_ob_hi;
        assign {unused_ob_hi, ob} = {{(73 - F_CW){1'b0}}, o} << OFF_W;
        always @(*) if (f_past_valid) begin
            // I: the next read burst starts where this one ends (TX data beats)
            if (rnx) assert(f_rq_g[J + 1'b1] == f_rq_g[f_j] + f_rq_beats(f_p_rq_mem[f_j * 2 +: 2], f_rq_n[f_j]));
            // I: a TX data burst has at most MAX_BURST_LEN beats
            if (rin && d) assert(n1 <= MAX_BURST_LEN);
            // I: a tracked TX data burst lies in the tracked buffer, at buf + B * its offset
            if (rin && d && f_rq_t[f_j])
                assert(f_tlive && o + n1 <= f_tbeats && o < f_tbeats && f_rq_a[f_j] == f_tbuf + ob);
            // I: another TX data burst holds no beat of the tracked descriptor
            if (rin && d && !f_rq_t[f_j] && f_tlive)
                assert(o >= f_tbeats && f_tP - f_rq_g[f_j] >= n1);
        end
    end
endgenerate
`endif

// ============================================================================================
// Reachability (--cover)
// ============================================================================================
always @(*) if (f_past_valid && !rst) begin
    // C: byte k of the tracked descriptor leaves, in a lane other than 0 of a beat other than 0
    cover(tx_fire && f_tbeat && f_tk_in && f_tj == f_tx_kb && f_tx_kl != 0 && f_tj != 0);
    // C: the tracked descriptor's last beat leaves with tlast and a partial tkeep
    cover(tx_fire && f_tbeat && m_axis_tx_tlast && !m_axis_tx_tkeep[BYTES-1]);
end
