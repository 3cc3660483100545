// Formal properties of dma_engine, completion C1: included by hdl/dma_engine_formal.vh under
// `ifdef F_DONE (after the copy path). Conventions: see that file.
// ============================================================================================
// C1: completion as a bounded safety property. Assumed slave (A below): it takes an AR, AW or W
// beat at the latest in the F_LAT-th cycle it is offered, delivers the next R beat of an accepted
// read burst, and the B of a burst whose AW and last W beat it took, within F_LAT cycles; read
// bursts have exactly ARLEN+1 beats, RLAST on the last. No assumption on LEN, SRC, DST or the
// descriptors: the counters are F_CW bits, enough for a chain of MAX_CHAIN buffers of any LEN.
// The bound: a job is a sequence of state visits. CHECK/PARSE states last one cycle. Every cycle
// of a fetch or copy visit but its last belongs to one of ten kinds of progress event: AR load,
// AR handshake, R beat, AW load, AW handshake, B response, W load, W handshake, the lead-beat
// pop, a new stop cause. A cycle with events belongs to its first event's kind; a cycle without
// one to the first handshake kind the slave owes (AR or AW or W offered, R beats or a B owed),
// and such a cycle always exists when nothing happens (the no-deadlock rule below). The slave
// answers within F_LAT cycles, so a handshake kind gets at most F_LAT - 1 waiting cycles before
// each of its events and after its last: cycles <= F_LAT * events + F_LAT - 1; a kind the engine
// does by itself (loads, pop, stop cause) gets one cycle per event. Every burst carries at least
// one beat, so a visit has at most T_r events of each read kind and T_w of each write kind:
//   copy:  T_r = ceil((s_off + LEN) / B), T_w = ceil((d_off + LEN) / B), s_off = SRC mod B,
//          d_off = DST mod B, B = DATA_WIDTH / 8;  fetch: T_r = DESC_BEATS, T_w = 0;
//   one pop and one stop cause at most.
// Visit bound (its last cycle included), for F_LAT = 4:
//   R: T_r + 2 * (4*T_r + 3),  A: T_w + 2 * (4*T_w + 3),  W: T_w + (4*T_w + 3),  pop + stop: 2,
//   + 1  =  9*T_r + 14*T_w + 18   (fetch: 9*DESC_BEATS + 18);  CHECK/PARSE: 1.
// Single job (BUSY-high cycles): at most 1 + 9*T_r + 14*T_w + 18 (BUF_CHECK, then COPY).
// Chain: the sum over the descriptors fetched of 3 + (9*DESC_BEATS + 18) + (9*T_r + 14*T_w + 18),
// plus 1 for a DESC_CHECK that ends the chain in ERR.
// MAX_BURST_LEN does not appear: counting each burst as one beat, the bound holds for every
// MAX_BURST_LEN (it is the MAX_BURST_LEN = 1 case).
// C1 is checked as: the job's cycle counter stays below the sum of its visits' bounds, every
// visit's cycle counter below its bound, and no deadlock (a busy engine owed nothing acts).
//
// Proof by 1-induction in stages (groups done-a .. done-e of tools/formal.py), each with the
// facts of the earlier stages assumed (sound: an earlier stage proved them in every reachable
// state), after the group `copy` proved the copy path's invariants (assumed here with
// -DF_ASSUME_COPY_INV). -DF_DSTAGE_A .. _E select the stage: `F_SA(c) .. `F_SE(c) assert c in
// their own stage, assume it in later ones and drop it in earlier ones. A: the structural
// invariants (per kind: cycles <= F_LAT * events + waits, events <= T; the read-burst queue; the
// cycle counts summed in a tree: p1..p5 of two kinds each, q1 = p1 + p2, q2 = p3 + p4,
// r1 = q1 + q2, visit = r1 + p5) and the no-deadlock rule; B: p1..p5 within their bounds;
// C: q1, q2; D: r1; E: the visit and job bounds. No stage needs a sum of more than two counters
// (a step that needs sums of many wide counters did not finish in 15 minutes). The groups run
// bitwuzla. Without a stage define (the bounded check from reset) every `F_Sx is an assert.
// ============================================================================================
`ifdef F_DSTAGE_A
`define F_SA(c) assert(c)
`define F_SB(c)
`define F_SC(c)
`define F_SD(c)
`define F_SE(c)
`elsif F_DSTAGE_B
`define F_SA(c) assume(c)
`define F_SB(c) assert(c)
`define F_SC(c)
`define F_SD(c)
`define F_SE(c)
`elsif F_DSTAGE_C
`define F_SA(c) assume(c)
`define F_SB(c) assume(c)
`define F_SC(c) assert(c)
`define F_SD(c)
`define F_SE(c)
`elsif F_DSTAGE_D
`define F_SA(c) assume(c)
`define F_SB(c) assume(c)
`define F_SC(c) assume(c)
`define F_SD(c) assert(c)
`define F_SE(c)
`elsif F_DSTAGE_E
`define F_SA(c) assume(c)
`define F_SB(c) assume(c)
`define F_SC(c) assume(c)
`define F_SD(c) assume(c)
`define F_SE(c) assert(c)
`else
`define F_SA(c) assert(c)
`define F_SB(c) assert(c)
`define F_SC(c) assert(c)
`define F_SD(c) assert(c)
`define F_SE(c) assert(c)
`endif
// slave latency bound; the counting below writes F_LAT * n + q as {n, q[1:0]}, so it is 4
localparam integer F_LAT = 4;
localparam integer F_LW  = 8;                                       // slave wait counters (F_LAT < 2^F_LW)
// width of the cycle counters: holds the bound of a chain of MAX_CHAIN descriptors of any LEN
localparam integer F_CW  = BEATS_W + 5 + clog2(F_LAT) + clog2(MAX_CHAIN + 1);
localparam [F_CW-1:0] F_ONE  = 1;
localparam [F_LW-1:0] F_LLW  = F_LAT;
// beats of one buffer, at most: ceil((B-1 + 2^32-1) / B) = 2^(32-log2 B) + 1
localparam [F_CW-1:0] F_TMAX = (1 << (32 - OFF_W)) + 1;

// ---- the slave's latency (assumptions) ----
wire f_o_r = (f_rd_open != 5'd0);                                   // slave owes R beats
wire f_o_b = (f_wr_open != 5'd0) && (f_wl_open != 5'd0);            // slave owes a B
reg [F_LW-1:0] f_sar, f_saw, f_sw, f_sr, f_sb;                      // cycles each has waited
always @(posedge clk) begin
    f_sar <= (!rst && m_axi_arvalid && !m_axi_arready) ? f_sar + 1'b1 : {F_LW{1'b0}};
    f_saw <= (!rst && m_axi_awvalid && !m_axi_awready) ? f_saw + 1'b1 : {F_LW{1'b0}};
    f_sw  <= (!rst && m_axi_wvalid  && !m_axi_wready)  ? f_sw  + 1'b1 : {F_LW{1'b0}};
    f_sr  <= (!rst && f_o_r && !m_axi_rvalid) ? f_sr + 1'b1 : {F_LW{1'b0}};
    f_sb  <= (!rst && f_o_b && !m_axi_bvalid) ? f_sb + 1'b1 : {F_LW{1'b0}};
end

// ---- read bursts as beat positions: per slot of the AR address FIFO (ra pointers), the first
// and one-past-last read beat (counted from the start of the visit) of the burst loaded there ----
reg [OUT_DEPTH*BEATS_W-1:0] f_rs, f_re;
always @(posedge clk)
    for (f_j = 0; f_j < OUT_DEPTH; f_j = f_j + 1)
        if (ar_go && ra_wr_ptr_reg == f_j[OUT_LOG2-1:0]) begin
            f_rs[f_j*BEATS_W +: BEATS_W] <= rd_issued_reg;
            f_re[f_j*BEATS_W +: BEATS_W] <= rd_issued_reg + {{(BEATS_W - 9){1'b0}}, ar_beats};
        end
wire [BEATS_W-1:0] f_rhead = f_re[ra_rd_ptr_reg*BEATS_W +: BEATS_W]; // end of the oldest burst

// ---- progress events: ten kinds ----
// 0 AR load, 1 AR handshake, 2 R beat, 3 AW load, 4 AW handshake, 5 B response, 6 W load,
// 7 W handshake, 8 the lead-beat pop, 9 a new stop cause; the slave owes kinds 1, 2, 4, 5, 7
wire f_ev_stp = (stop_code_reg == E_NONE) && (stop_code_next != E_NONE);  // new stop cause
wire f_ev_st  = (state_next != state_reg);                          // the visit ends
wire [9:0] f_ek = {f_ev_stp, w_pre_pop, f_w_hs, w_load, f_b_hs, f_aw_hs, aw_go, f_r_hs, f_ar_hs,
                   ar_go};
wire [9:0] f_ok = {2'b00, m_axi_wvalid, 1'b0, f_o_b, m_axi_awvalid, 1'b0, f_o_r, m_axi_arvalid,
                   1'b0};
wire f_ev     = (f_ek != 10'd0) || f_ev_st;
wire f_visit  = (state_reg == S_DESC_FETCH) || (state_reg == S_COPY); // a visit that has events
wire f_owed   = (f_ok != 10'd0);
// the kind a cycle belongs to (one-hot): its first event; without one, the first kind the slave
// owes (kind 9 if neither, which the no-deadlock rule excludes)
wire [9:0] f_pick = (f_ek != 10'd0) ? f_ek : f_owed ? f_ok : 10'b10_0000_0000;
wire [9:0] f_c    = f_pick & ~(f_pick - 10'd1);
// F_LAT * n + q for F_LAT = 4: {n, q}
function [F_CW-1:0] f_nq;
    input [BEATS_W-1:0] n;
    input [1:0]         q;
    f_nq = {{(F_CW - BEATS_W - 2){1'b0}}, n, q};
endfunction
function [F_CW-1:0] f_x;                                            // zero-extend to F_CW bits
    input [BEATS_W-1:0] v;
    f_x = {{(F_CW - BEATS_W){1'b0}}, v};
endfunction

// ---- per-visit counters (0 when a visit begins) ----
reg [F_CW-1:0]    f_icyc;                                           // cycles in this visit
reg [F_CW-1:0]    f_y0, f_y1, f_y2, f_y3, f_y4, f_y5, f_y6, f_y7, f_y8, f_y9; // ... per kind
reg [F_CW-1:0]    f_p1, f_p2, f_p3, f_p4, f_p5, f_q1, f_q2, f_r1;   // ... sums of kinds
reg [1:0]         f_w1, f_w2, f_w4, f_w5, f_w7;                     // waits since the kind's event
reg [BEATS_W-1:0] f_n_argo, f_n_arhs, f_nr;                         // AR loads, AR taken, R beats
reg [BEATS_W-1:0] f_n_awgo, f_n_awhs, f_n_b, f_n_whs;               // AW loads, AW taken, B, W sent
reg [F_CW-1:0]    f_cyc, f_jb;                                      // job cycles, job bound
function [F_CW-1:0] f_b1;                                           // one bit, F_CW wide
    input b;
    f_b1 = {{(F_CW - 1){1'b0}}, b};
endfunction
function [1:0] f_wnext;                                             // next wait count of a kind
    input [1:0] w;
    input       ev, c;
    f_wnext = ev ? 2'd0 : c ? w + 2'd1 : w;
endfunction
always @(posedge clk) begin
    if (rst || f_ev_st || !busy_reg) begin
        f_icyc <= {F_CW{1'b0}};
        f_y0 <= {F_CW{1'b0}}; f_y1 <= {F_CW{1'b0}}; f_y2 <= {F_CW{1'b0}}; f_y3 <= {F_CW{1'b0}};
        f_y4 <= {F_CW{1'b0}}; f_y5 <= {F_CW{1'b0}}; f_y6 <= {F_CW{1'b0}}; f_y7 <= {F_CW{1'b0}};
        f_y8 <= {F_CW{1'b0}}; f_y9 <= {F_CW{1'b0}};
        f_p1 <= {F_CW{1'b0}}; f_p2 <= {F_CW{1'b0}}; f_p3 <= {F_CW{1'b0}}; f_p4 <= {F_CW{1'b0}};
        f_p5 <= {F_CW{1'b0}}; f_q1 <= {F_CW{1'b0}}; f_q2 <= {F_CW{1'b0}}; f_r1 <= {F_CW{1'b0}};
        f_w1 <= 2'd0; f_w2 <= 2'd0; f_w4 <= 2'd0; f_w5 <= 2'd0; f_w7 <= 2'd0;
        f_n_argo <= {BEATS_W{1'b0}}; f_n_arhs <= {BEATS_W{1'b0}}; f_nr <= {BEATS_W{1'b0}};
        f_n_awgo <= {BEATS_W{1'b0}}; f_n_awhs <= {BEATS_W{1'b0}}; f_n_b <= {BEATS_W{1'b0}};
        f_n_whs  <= {BEATS_W{1'b0}};
    end else begin
        f_icyc <= f_icyc + F_ONE;
        f_y0 <= f_y0 + f_b1(f_c[0]);
        f_y1 <= f_y1 + f_b1(f_c[1]);
        f_y2 <= f_y2 + f_b1(f_c[2]);
        f_y3 <= f_y3 + f_b1(f_c[3]);
        f_y4 <= f_y4 + f_b1(f_c[4]);
        f_y5 <= f_y5 + f_b1(f_c[5]);
        f_y6 <= f_y6 + f_b1(f_c[6]);
        f_y7 <= f_y7 + f_b1(f_c[7]);
        f_y8 <= f_y8 + f_b1(f_c[8]);
        f_y9 <= f_y9 + f_b1(f_c[9]);
        f_p1 <= f_p1 + f_b1(f_c[0] || f_c[1]);
        f_p2 <= f_p2 + f_b1(f_c[2] || f_c[3]);
        f_p3 <= f_p3 + f_b1(f_c[4] || f_c[5]);
        f_p4 <= f_p4 + f_b1(f_c[6] || f_c[7]);
        f_p5 <= f_p5 + f_b1(f_c[8] || f_c[9]);
        f_q1 <= f_q1 + f_b1(f_c[3:0] != 4'd0);
        f_q2 <= f_q2 + f_b1(f_c[7:4] != 4'd0);
        f_r1 <= f_r1 + f_b1(f_c[7:0] != 8'd0);
        f_w1 <= f_wnext(f_w1, f_ek[1], f_c[1]);
        f_w2 <= f_wnext(f_w2, f_ek[2], f_c[2]);
        f_w4 <= f_wnext(f_w4, f_ek[4], f_c[4]);
        f_w5 <= f_wnext(f_w5, f_ek[5], f_c[5]);
        f_w7 <= f_wnext(f_w7, f_ek[7], f_c[7]);
        if (ar_go)   f_n_argo <= f_n_argo + 1'b1;
        if (f_ar_hs) f_n_arhs <= f_n_arhs + 1'b1;
        if (f_r_hs)  f_nr     <= f_nr + 1'b1;
        if (aw_go)   f_n_awgo <= f_n_awgo + 1'b1;
        if (f_aw_hs) f_n_awhs <= f_n_awhs + 1'b1;
        if (f_b_hs)  f_n_b    <= f_n_b + 1'b1;
        if (f_w_hs)  f_n_whs  <= f_n_whs + 1'b1;
    end
end

always @(*) if (!rst) begin
    // A: the slave takes an AR at the latest in the F_LAT-th cycle it is offered
    if (m_axi_arvalid && f_sar >= F_LLW - 1'b1) assume(m_axi_arready);
    // A: the slave takes an AW at the latest in the F_LAT-th cycle it is offered
    if (m_axi_awvalid && f_saw >= F_LLW - 1'b1) assume(m_axi_awready);
    // A: the slave takes a W beat at the latest in the F_LAT-th cycle it is offered
    if (m_axi_wvalid && f_sw >= F_LLW - 1'b1) assume(m_axi_wready);
    // A: an accepted read burst gets its next R beat within F_LAT cycles
    if (f_o_r && f_sr >= F_LLW - 1'b1) assume(m_axi_rvalid);
    // A: a write burst whose AW and last W beat were taken gets its B within F_LAT cycles
    if (f_o_b && f_sb >= F_LLW - 1'b1) assume(m_axi_bvalid);
    // A: a read burst has exactly ARLEN+1 beats, RLAST on the last (AXI): the R beat that ends
    // the oldest open burst's beat range carries RLAST, no other does
    if (m_axi_rvalid) assume(m_axi_rlast == (f_nr + 1'b1 == f_rhead));
end

// ---- the bounds ----
// beats a visit of state st reads (T_r) and writes (T_w)
function [F_CW-1:0] f_trv_of;
    input [2:0] st;
    input [F_CW-1:0] tr;
    f_trv_of = (st == S_COPY) ? tr : (st == S_DESC_FETCH) ? DESC_BEATS : {F_CW{1'b0}};
endfunction
function [F_CW-1:0] f_twv_of;
    input [2:0] st;
    input [F_CW-1:0] tw;
    f_twv_of = (st == S_COPY) ? tw : {F_CW{1'b0}};
endfunction
// cycles of a kind the slave answers, with T events: F_LAT * T + F_LAT - 1
function [F_CW-1:0] f_bh;
    input [F_CW-1:0] t;
    f_bh = {t[F_CW-3:0], 2'b11};
endfunction
// bounds of the kind sums p1 .. p5 (engine kinds: T each; the pop and the stop cause: 1 each)
function [F_CW-1:0] f_bp1; input [F_CW-1:0] r, w; f_bp1 = r + f_bh(r);         endfunction
function [F_CW-1:0] f_bp2; input [F_CW-1:0] r, w; f_bp2 = f_bh(r) + w;         endfunction
function [F_CW-1:0] f_bp3; input [F_CW-1:0] r, w; f_bp3 = f_bh(w) + f_bh(w);   endfunction
function [F_CW-1:0] f_bp4; input [F_CW-1:0] r, w; f_bp4 = w + f_bh(w);         endfunction
localparam [F_CW-1:0] F_BP5 = 2;
function [F_CW-1:0] f_bq1; input [F_CW-1:0] r, w; f_bq1 = f_bp1(r, w) + f_bp2(r, w); endfunction
function [F_CW-1:0] f_bq2; input [F_CW-1:0] r, w; f_bq2 = f_bp3(r, w) + f_bp4(r, w); endfunction
function [F_CW-1:0] f_br1; input [F_CW-1:0] r, w; f_br1 = f_bq1(r, w) + f_bq2(r, w); endfunction
// bound on the cycles of a visit of state st (its last cycle included); CHECK/PARSE states: 1
function [F_CW-1:0] f_vbound;
    input [2:0]      st;
    input [F_CW-1:0] tr, tw;
    f_vbound = (st == S_COPY || st == S_DESC_FETCH)
             ? f_br1(f_trv_of(st, tr), f_twv_of(st, tw)) + F_BP5 + F_ONE
             : F_ONE;
endfunction
localparam [F_CW-1:0] F_DB_W = DESC_BEATS;
localparam [F_CW-1:0] F_VF   = f_br1(F_DB_W, {F_CW{1'b0}}) + F_BP5 + F_ONE; // fetch visit bound
localparam [F_CW-1:0] F_VC   = f_br1(F_TMAX, F_TMAX) + F_BP5 + F_ONE; // copy visit bound, any LEN
localparam [F_CW-1:0] F_DB   = F_VF + F_VC + 3;                     // one descriptor's visits
wire [F_CW-1:0] f_tr_c = f_x(f_tr);                                 // the buffer's beats
wire [F_CW-1:0] f_tw_c = f_x(f_tw);
wire [F_CW-1:0] f_trv  = f_trv_of(state_reg, f_tr_c);               // this visit's T_r, T_w
wire [F_CW-1:0] f_twv  = f_twv_of(state_reg, f_tw_c);
wire [F_CW-1:0] f_ib      = f_vbound(state_reg, f_tr_c, f_tw_c);    // this visit's bound
wire [F_CW-1:0] f_ib_next = f_vbound(state_next, f_tr_c, f_tw_c);   // the next visit's
always @(posedge clk) begin
    if (rst || !busy_next) begin
        f_cyc <= {F_CW{1'b0}};
        f_jb  <= {F_CW{1'b0}};
    end else begin
        f_cyc <= busy_reg ? f_cyc + F_ONE : {F_CW{1'b0}};
        if (!busy_reg)    f_jb <= f_ib_next;                        // START
        else if (f_ev_st) f_jb <= f_jb + f_ib_next;
    end
end

always @(*) if (f_past_valid) begin
    // C1: a job ends (BUSY low, DONE or ERR) within the sum of its visits' bounds
    if (busy_reg) `F_SE(f_cyc < f_jb);
    // C1: every state visit ends within its bound
    if (busy_reg) `F_SE(f_icyc < f_ib);
    // C1: a busy engine that the slave owes nothing acts in this cycle (no deadlock)
    if (busy_reg && !rst && !f_owed) `F_SA(f_ev);
end

`ifndef F_NO_INV
// ---- stage A: structural invariants ----
function [F_LW-1:0] f_xw;                                           // a wait count, F_LW wide
    input [1:0] w;
    f_xw = {{(F_LW - 2){1'b0}}, w};
endfunction
reg [OUT_DEPTH-1:0] f_rv, f_racc_ok;                                // slot holds a burst / accepted
always @(*)
    for (f_j = 0; f_j < OUT_DEPTH; f_j = f_j + 1) begin
        f_rv[f_j]      = {1'b0, f_j[OUT_LOG2-1:0] - ra_rd_ptr_reg} < rd_out_reg;
        f_racc_ok[f_j] = {2'b00, f_j[OUT_LOG2-1:0] - ra_rd_ptr_reg} < f_rd_open;
    end
wire [OUT_LOG2-1:0] f_rtail = ra_wr_ptr_reg - 1'b1;                 // slot of the newest burst
always @(*) if (f_past_valid) begin
    // I: the cycles of a visit: kind sums p1 .. p5, then q1 = p1 + p2, q2 = p3 + p4, r1 = q1 + q2
    `F_SA(f_p1 == f_y0 + f_y1 && f_p2 == f_y2 + f_y3 && f_p3 == f_y4 + f_y5);
    `F_SA(f_p4 == f_y6 + f_y7 && f_p5 == f_y8 + f_y9);
    `F_SA(f_q1 == f_p1 + f_p2 && f_q2 == f_p3 + f_p4 && f_r1 == f_q1 + f_q2);
    `F_SA(f_icyc == f_r1 + f_p5);
    // I: a kind the engine does by itself takes at most one cycle per event
    `F_SA(f_y0 <= f_x(f_n_argo) && f_y3 <= f_x(f_n_awgo));
    if (f_visit) `F_SA(f_y6 <= f_x(f_wld));
    `F_SA(f_y8 <= f_b1(f_copy && wr_pre_reg && !w_preload_reg)
          && f_y9 <= f_b1(stop_code_reg != E_NONE));
    // I: a kind the slave answers: F_LAT cycles per event plus its waits since the last one
    `F_SA(f_y1 <= f_nq(f_n_arhs, f_w1) && f_y2 <= f_nq(f_nr, f_w2));
    `F_SA(f_y4 <= f_nq(f_n_awhs, f_w4) && f_y5 <= f_nq(f_n_b, f_w5)
          && f_y7 <= f_nq(f_n_whs, f_w7));
    // I: a kind's waits are bounded by the slave's wait counter of what it owes
    `F_SA(m_axi_arvalid ? f_xw(f_w1) <= f_sar : f_w1 == 2'd0);
    `F_SA(f_o_r ? f_xw(f_w2) <= f_sr : f_w2 == 2'd0);
    `F_SA(m_axi_awvalid ? f_xw(f_w4) <= f_saw : f_w4 == 2'd0);
    `F_SA(f_o_b ? f_xw(f_w5) <= f_sb : f_w5 == 2'd0);
    `F_SA(m_axi_wvalid ? f_xw(f_w7) <= f_sw : f_w7 == 2'd0);
    `F_SA(f_sar < F_LLW && f_saw < F_LLW && f_sw < F_LLW && f_sr < F_LLW && f_sb < F_LLW);
    if (!m_axi_arvalid) `F_SA(f_sar == 0);
    if (!m_axi_awvalid) `F_SA(f_saw == 0);
    if (!m_axi_wvalid)  `F_SA(f_sw == 0);
    if (!f_o_r)         `F_SA(f_sr == 0);
    if (!f_o_b)         `F_SA(f_sb == 0);
    // I: every kind of event at most T_r (R) or T_w (A, W) times in a visit
    `F_SA(f_x(f_n_argo) <= f_trv && f_x(f_n_arhs) <= f_trv && f_x(f_nr) <= f_trv);
    `F_SA(f_x(f_n_awgo) <= f_twv && f_x(f_n_awhs) <= f_twv && f_x(f_n_b) <= f_twv);
    if (f_visit) `F_SA(f_x(f_wld) <= f_twv && f_x(f_n_whs) <= f_twv);
    // I: a buffer has at most F_TMAX beats
    `F_SA(f_tr_c <= F_TMAX && f_tw_c <= F_TMAX);
    // I: handshakes = loads - the one on the bus; B responses = AW handshakes - bursts open
    `F_SA(f_n_arhs + {{(BEATS_W - 1){1'b0}}, m_axi_arvalid_reg} == f_n_argo);
    `F_SA(f_n_awhs + {{(BEATS_W - 1){1'b0}}, m_axi_awvalid_reg} == f_n_awgo);
    if (f_visit) `F_SA(f_n_whs + {{(BEATS_W - 1){1'b0}}, m_axi_wvalid_reg} == f_wld);
    if (f_visit) `F_SA(f_n_b + {{(BEATS_W - 5){1'b0}}, f_wr_open} == f_n_awhs);
    // I: AR (AW) loads <= beats requested; in a copy the R beats are the copy's read beats
    if (f_visit) `F_SA(f_n_argo <= rd_issued_reg);
    if (f_copy) `F_SA(f_n_awgo <= wr_issued_reg);
    if (f_copy) `F_SA(f_nr == f_rcnt);
    // I: CHECK and PARSE visits last one cycle; nothing is counted outside fetch and copy
    if (!f_visit)
        `F_SA(f_icyc == 0 && f_p1 == 0 && f_p2 == 0 && f_p3 == 0 && f_p4 == 0 && f_p5 == 0
              && f_q1 == 0 && f_q2 == 0 && f_r1 == 0 && f_y0 == 0 && f_y1 == 0
              && f_y2 == 0 && f_y3 == 0 && f_y4 == 0 && f_y5 == 0 && f_y6 == 0
              && f_y7 == 0 && f_y8 == 0 && f_y9 == 0 && f_n_argo == 0 && f_n_arhs == 0
              && f_nr == 0 && f_n_awgo == 0 && f_n_awhs == 0 && f_n_b == 0 && f_n_whs == 0);
    // I: the slave owes nothing outside a fetch or a copy
    if (!f_visit) `F_SA(!f_owed);
    // I: a fetch reads one descriptor, writes nothing
    if (state_reg == S_DESC_FETCH)
        `F_SA(rd_issued_reg <= DESC_BEATS && rd_issued_reg + rd_beats_left_reg == DESC_BEATS
              && rd_desc_mode_reg && rd_addr_reg[OFF_W-1:0] == 0 && f_n_awgo == 0
              && wr_out_reg == 0);
    // I: the copy counters are zero from the cycle after a copy until the next copy
    if (state_reg == S_DESC_FETCH || state_reg == S_DESC_PARSE || state_reg == S_BUF_CHECK)
        `F_SA(f_wld == 0 && f_rcnt == 0);
    // I: the lead beat cannot be popped outside a copy (the FIFO is empty there)
    if (!f_copy && w_preload_reg) `F_SA(df_count_reg == 0);
    // I: write bursts outstanding = accepted ones without B + the one on the bus
    `F_SA(wr_out_reg == f_wr_open + {4'd0, m_axi_awvalid_reg} && f_wr_open <= OUT_DEPTH);
    // I: nothing is written outside a copy
    if (!f_copy) `F_SA(wr_out_reg == 0);
    // I: a stop cause outside a fetch or copy comes with ABORT (the check state ends the job)
    if (!f_visit && stop_code_reg != E_NONE) `F_SA(abort_reg);
    // I: AW waits for the read beats carrying its data (so W never waits for unrequested data)
    if (f_copy && rd_beats_left_reg != 0 && wr_issued_reg != 0)
        `F_SA({1'b0, rd_issued_reg} >= {1'b0, wr_issued_reg} + {{BEATS_W{1'b0}}, wr_pre_reg});
    // I: the read-burst queue: the AR FIFO pointers count the bursts not finished
    `F_SA(ra_wr_ptr_reg == ra_rd_ptr_reg + rd_out_reg[OUT_LOG2-1:0]);
    if (f_visit && rd_out_reg == 0) `F_SA(f_nr == rd_issued_reg);
    for (f_j = 0; f_j < OUT_DEPTH; f_j = f_j + 1)
        if (f_visit && f_rv[f_j]) begin
            // I: a queued burst has at least one beat and ends within the requested beats
            `F_SA(f_re[f_j*BEATS_W +: BEATS_W] > f_rs[f_j*BEATS_W +: BEATS_W]
                  && f_re[f_j*BEATS_W +: BEATS_W] <= rd_issued_reg);
            // I: the newest burst ends at the requested beats; on the bus it is ARLEN+1 beats
            if (f_j == f_rtail) `F_SA(f_re[f_j*BEATS_W +: BEATS_W] == rd_issued_reg);
            if (f_j == f_rtail && m_axi_arvalid_reg)
                `F_SA(f_rs[f_j*BEATS_W +: BEATS_W] == f_racc);
            // I: an accepted burst ends within the accepted beats
            if (f_racc_ok[f_j]) `F_SA(f_re[f_j*BEATS_W +: BEATS_W] <= f_racc);
            // I: the oldest burst has had its beats from f_rs up to f_nr; any other starts where
            // the one before it ends
            if (f_j == ra_rd_ptr_reg) begin
                `F_SA(f_rs[f_j*BEATS_W +: BEATS_W] <= f_nr);
                if (f_rd_open != 0) `F_SA(f_nr < f_re[f_j*BEATS_W +: BEATS_W]);
                else `F_SA(f_nr == f_rs[f_j*BEATS_W +: BEATS_W]);
            end else begin
                `F_SA(f_rs[f_j*BEATS_W +: BEATS_W]
                      == f_re[((f_j + OUT_DEPTH - 1) % OUT_DEPTH)*BEATS_W +: BEATS_W]);
            end
        end
    // I: R beats received <= accepted beats
    if (f_visit) `F_SA(f_nr <= f_racc);

    // ---- stage B: the kind sums p1 .. p5 within their bounds; the bounds within those of
    // the longest buffer (T_r = T_w = F_TMAX) ----
    `F_SB(f_p1 <= f_bp1(f_trv, f_twv) && f_p2 <= f_bp2(f_trv, f_twv));
    `F_SB(f_p3 <= f_bp3(f_trv, f_twv) && f_p4 <= f_bp4(f_trv, f_twv) && f_p5 <= F_BP5);
    `F_SB(f_bp1(f_trv, f_twv) <= f_bp1(F_TMAX, F_TMAX)
          && f_bp2(f_trv, f_twv) <= f_bp2(F_TMAX, F_TMAX)
          && f_bp3(f_trv, f_twv) <= f_bp3(F_TMAX, F_TMAX)
          && f_bp4(f_trv, f_twv) <= f_bp4(F_TMAX, F_TMAX));
    // ---- stage C: q1, q2 ----
    `F_SC(f_q1 <= f_bq1(f_trv, f_twv) && f_q2 <= f_bq2(f_trv, f_twv));
    `F_SC(f_bq1(f_trv, f_twv) <= f_bq1(F_TMAX, F_TMAX)
          && f_bq2(f_trv, f_twv) <= f_bq2(F_TMAX, F_TMAX));
    // ---- stage D: r1 ----
    `F_SD(f_r1 <= f_br1(f_trv, f_twv) && f_br1(f_trv, f_twv) <= f_br1(F_TMAX, F_TMAX));
end

// ---- stage E: the job bound adds up the visits' bounds ----
wire [F_CW-1:0] f_cc = {{(F_CW - CHAIN_W){1'b0}}, chain_cnt_reg};
always @(*) if (f_past_valid) begin
    // I: the job bound adds up the visits' bounds; cycles before this visit stayed within theirs
    if (busy_reg) `F_SE(f_jb >= f_ib && f_cyc >= f_icyc && f_cyc - f_icyc <= f_jb - f_ib);
    // I: a single job is BUF_CHECK (bound 1) and one copy
    if (busy_reg && !job_sg_reg) `F_SE(state_reg == S_BUF_CHECK || state_reg == S_COPY);
    if (!job_sg_reg && state_reg == S_BUF_CHECK) `F_SE(f_jb == F_ONE);
    if (!job_sg_reg && state_reg == S_COPY) `F_SE(f_jb == f_ib + F_ONE);
    // I: a copy visit's bound is at most F_VC; a fetch's is F_VF
    if (f_copy) `F_SE(f_ib <= F_VC);
    if (state_reg == S_DESC_FETCH) `F_SE(f_ib == F_VF);
    // I: a chain: descriptor n (chain_cnt) adds at most F_DB = F_VF + F_VC + 3 to the job bound
    if (busy_reg && job_sg_reg) `F_SE(f_cc <= MAX_CHAIN);
    if (job_sg_reg && state_reg == S_DESC_CHECK) `F_SE(f_jb <= f_cc * F_DB + F_ONE);
    if (job_sg_reg && state_reg != S_IDLE && state_reg != S_DESC_CHECK) `F_SE(f_cc != 0);
    if (job_sg_reg && state_reg == S_DESC_FETCH) `F_SE(f_jb <= (f_cc - F_ONE) * F_DB + F_ONE + F_VF);
    if (job_sg_reg && state_reg == S_DESC_PARSE) `F_SE(f_jb <= (f_cc - F_ONE) * F_DB + 2 + F_VF);
    if (job_sg_reg && state_reg == S_BUF_CHECK) `F_SE(f_jb <= (f_cc - F_ONE) * F_DB + 3 + F_VF);
    if (job_sg_reg && state_reg == S_COPY) `F_SE(f_jb <= (f_cc - F_ONE) * F_DB + 3 + F_VF + f_ib);
end
`endif

// Reachability of the completion property
always @(*) if (f_past_valid && !rst) begin
    // C: a job ends in ERR_CODE 2 after a bus error while copying
    cover(state_reg == S_COPY && !busy_next && stop_code_reg == E_BUS);
    // C: a job ends in ERR_CODE 5 after ABORT while copying
    cover(state_reg == S_COPY && !busy_next && stop_code_reg == E_ABORT);
    // C: a copy ends DONE
    cover(state_reg == S_COPY && !busy_next && done_next);
    // C: a copy whose slave used its latency (the job took longer than its fastest run) ends DONE
    cover(state_reg == S_COPY && !busy_next && done_next && f_cyc > 12);
    // C: a copy of 64 KiB or more is stopped by ABORT and ends (no LEN cut)
    cover(state_reg == S_COPY && !busy_next && stop_code_reg == E_ABORT && buf_len_reg[31:16] != 0);
end
`undef F_SA
`undef F_SB
`undef F_SC
`undef F_SD
`undef F_SE
