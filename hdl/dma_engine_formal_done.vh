// Formal properties of dma_engine, completion C1: included by hdl/dma_engine_formal.vh under
// `ifdef F_DONE (after the copy path). Conventions: see that file.
// ============================================================================================
// C1: completion as a bounded safety property. Assumed slave (A below): it takes an AR, AW or W
// beat at the latest in the F_LAT-th cycle it is offered, delivers the next R beat of an accepted
// read burst, and the B of a burst whose AW and last W beat it took, within F_LAT cycles; read
// bursts have exactly ARLEN+1 beats, RLAST on the last. No assumption on LEN, SRC, DST or the
// descriptors: the counters are F_CW bits, enough for a chain of MAX_CHAIN buffers of any LEN.
// The bound: a job is a sequence of state visits. CHECK/PARSE states last one cycle. A fetch or
// a copy has at most E progress events: cycles with an AR/AW/W load or handshake, an R beat, a
// B response, the lead-beat pop or a new stop cause; the cycle that ends the visit is not one.
// Between two events, and before the last cycle, at most F_LAT - 1 cycles pass (either the engine
// acts in this cycle or the slave owes a handshake, which it gives within F_LAT cycles), so a
// visit lasts at most F_LAT * (E + 1) cycles. Every burst carries at least one beat, so a visit
// has at most as many AR (AW, B) events of each kind as beats:
//   copy:  E = 3*T_r + 5*T_w + 2  (AR loads, AR handshakes, R beats <= T_r each; AW loads, AW
//          handshakes, B responses, W loads, W handshakes <= T_w each; lead-beat pop, stop cause)
//          T_r = ceil((s_off + LEN) / B), T_w = ceil((d_off + LEN) / B), s_off = SRC mod B,
//          d_off = DST mod B, B = DATA_WIDTH / 8;
//   fetch: E = 3*DESC_BEATS + 1 (AR loads, AR handshakes, R beats <= DESC_BEATS each; a stop).
// Single job (BUSY-high cycles): at most 1 + F_LAT * (3*T_r + 5*T_w + 3) (BUF_CHECK, then COPY).
// Chain: the sum over the descriptors fetched of 3 + F_LAT * (3*DESC_BEATS + 2)
// + F_LAT * (3*T_r + 5*T_w + 3), plus 1 for a DESC_CHECK that ends the chain in ERR.
// MAX_BURST_LEN does not appear: counting each burst as one beat, the bound holds for every
// MAX_BURST_LEN (it is the MAX_BURST_LEN = 1 case); with bursts of up to MAX_BURST_LEN beats the
// AR/AW/B terms shrink to about T/MAX_BURST_LEN each, not used here.
// C1 is checked as: the job's cycle counter stays below the sum of its visits' bounds, every
// visit's cycle counter below its bound, and no deadlock (a busy engine owed nothing acts).
// ============================================================================================
localparam integer F_LAT = 4;                                       // slave latency bound (>= 1)
localparam integer F_LW  = 8;                                       // slave wait counters (F_LAT < 2^F_LW)
// width of the cycle counters: holds the bound of a chain of MAX_CHAIN descriptors of any LEN
localparam integer F_CW  = BEATS_W + 5 + clog2(F_LAT) + clog2(MAX_CHAIN + 1);
localparam [F_CW-1:0] F_ONE  = 1;
localparam [F_CW-1:0] F_LCW  = F_LAT;
localparam [F_LW-1:0] F_LLW  = F_LAT;
// beats of one buffer, at most: ceil((B-1 + 2^32-1) / B) = 2^(32-log2 B) + 1
localparam [F_CW-1:0] F_TMAX = (1 << (32 - OFF_W)) + 1;
// events of a descriptor fetch: AR loads, AR handshakes, R beats (DESC_BEATS each), a stop cause
localparam [F_CW-1:0] F_EV_FETCH = 3 * DESC_BEATS + 1;
localparam [F_CW-1:0] F_VF   = (F_EV_FETCH + F_ONE) * F_LCW;        // fetch visit bound
localparam [F_CW-1:0] F_VC   = (8 * F_TMAX + 3) * F_LCW;            // copy visit bound, any LEN
localparam [F_CW-1:0] F_DB   = F_VF + F_VC + 3;                     // one descriptor's visits

// ---- the slave's latency and burst length (assumptions) ----
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
reg [7:0]  f_rq [0:OUT_DEPTH-1];    // ARLEN of accepted read bursts not finished, oldest first
reg [7:0]  f_rbt;                   // R beats received in the oldest of them
integer    f_m;
always @(posedge clk) begin
    if (rst) begin
        f_rbt <= 8'd0;
    end else begin
        for (f_m = 0; f_m < OUT_DEPTH; f_m = f_m + 1)
            if (f_r_hs && m_axi_rlast)
                f_rq[f_m] <= (f_m + 1 < OUT_DEPTH) ? f_rq[f_m + 1] : 8'd0;
        if (f_ar_hs)
            f_rq[f_rd_open[OUT_LOG2-1:0] - ((f_r_hs && m_axi_rlast) ? 1'b1 : 1'b0)] <= m_axi_arlen;
        if (f_r_hs) f_rbt <= m_axi_rlast ? 8'd0 : f_rbt + 8'd1;
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
    // A: a read burst has exactly ARLEN+1 beats, RLAST on the last (AXI)
    if (m_axi_rvalid) assume(m_axi_rlast == (f_rbt == f_rq[0]));
end

// ---- progress events of a visit ----
wire f_ev_stp = (stop_code_reg == E_NONE) && (stop_code_next != E_NONE);  // new stop cause
wire f_ev_st  = (state_next != state_reg);                          // the visit ends
wire f_ev     = ar_go || aw_go || w_load || f_ar_hs || f_aw_hs || f_w_hs || f_r_hs || f_b_hs
                || w_pre_pop || f_ev_stp || f_ev_st;
wire f_visit  = (state_reg == S_DESC_FETCH) || (state_reg == S_COPY); // a visit that has events

reg [F_LW-1:0]    f_q;                                              // cycles since the last event
reg [F_CW-1:0]    f_icyc;                                           // cycles in this visit
reg [BEATS_W-1:0] f_n_argo, f_n_awgo;                               // AR / AW loads in this visit
reg [F_CW-1:0]    f_cyc, f_jb;                                      // job cycles, job bound
always @(posedge clk) begin
    if (rst || !busy_reg || f_ev) f_q <= {F_LW{1'b0}}; else f_q <= f_q + 1'b1;
    if (rst || f_ev_st || !busy_reg) begin
        f_icyc   <= {F_CW{1'b0}};
        f_n_argo <= {BEATS_W{1'b0}};
        f_n_awgo <= {BEATS_W{1'b0}};
    end else begin
        f_icyc <= f_icyc + F_ONE;
        if (ar_go) f_n_argo <= f_n_argo + 1'b1;
        if (aw_go) f_n_awgo <= f_n_awgo + 1'b1;
    end
end

// the other events of this visit, counted from the engine's and the slave's state (every one
// of them starts at 0 when a fetch or copy begins and never decreases during it)
reg [12:0] f_rq_sum;                                                // beats of the open read bursts
always @(*) begin
    f_rq_sum = 13'd0;
    for (f_m = 0; f_m < OUT_DEPTH; f_m = f_m + 1)
        if (f_m < f_rd_open) f_rq_sum = f_rq_sum + {5'd0, f_rq[f_m]} + 13'd1;
end
wire [BEATS_W-1:0] f_rowed = {{(BEATS_W - 13){1'b0}}, f_rq_sum}    // R beats the slave owes
                           - {{(BEATS_W - 8){1'b0}}, f_rbt};
wire [BEATS_W-1:0] f_n_arhs = f_n_argo - {{(BEATS_W - 1){1'b0}}, m_axi_arvalid_reg}; // AR taken
wire [BEATS_W-1:0] f_n_r    = f_racc - f_rowed;                     // R beats received
wire [BEATS_W-1:0] f_n_awhs = f_n_awgo - {{(BEATS_W - 1){1'b0}}, m_axi_awvalid_reg}; // AW taken
wire [BEATS_W-1:0] f_n_b    = f_n_awhs - {{(BEATS_W - 5){1'b0}}, f_wr_open};        // B received
wire [BEATS_W-1:0] f_n_whs  = f_wld - {{(BEATS_W - 1){1'b0}}, m_axi_wvalid_reg};    // W beats sent
wire               f_n_pre  = f_copy && wr_pre_reg && !w_preload_reg; // lead beat popped
wire               f_n_stp  = (stop_code_reg != E_NONE);              // stop cause recorded
function [F_CW-1:0] f_x;                                            // zero-extend to F_CW bits
    input [BEATS_W-1:0] v;
    f_x = {{(F_CW - BEATS_W){1'b0}}, v};
endfunction
wire [F_CW-1:0] f_nsum = f_x(f_n_argo) + f_x(f_n_arhs) + f_x(f_n_r) + f_x(f_n_awgo)
                       + f_x(f_n_awhs) + f_x(f_n_b) + f_x(f_wld) + f_x(f_n_whs)
                       + {{(F_CW - 1){1'b0}}, f_n_pre} + {{(F_CW - 1){1'b0}}, f_n_stp};

// ---- the bounds ----
// read/write beats of the current buffer, in F_CW bits
wire [F_CW-1:0] f_tr_c = f_x(f_tr);
wire [F_CW-1:0] f_tw_c = f_x(f_tw);
// events of a copy visit: AR loads, AR handshakes, R beats (T_r each: a burst has >= 1 beat),
// AW loads, AW handshakes, B responses, W loads, W handshakes (T_w each), the lead beat, a stop
wire [F_CW-1:0] f_evb = (state_reg == S_COPY) ? 3 * f_tr_c + 5 * f_tw_c + 2 : F_EV_FETCH;
// bound on the cycles of a visit of state st: (E + 1) * F_LAT; CHECK/PARSE states: 1
function [F_CW-1:0] f_vbound;
    input [2:0]      st;
    input [F_CW-1:0] tr, tw;
    begin
        if (st == S_COPY)
            f_vbound = (3 * tr + 5 * tw + 3) * F_LCW;
        else if (st == S_DESC_FETCH)
            f_vbound = F_VF;
        else
            f_vbound = F_ONE;
    end
endfunction
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

wire f_owed = m_axi_arvalid || m_axi_awvalid || m_axi_wvalid || f_o_r || f_o_b;

always @(*) if (f_past_valid) begin
    // C1: a job ends (BUSY low, DONE or ERR) within the sum of its visits' bounds
    if (busy_reg) assert(f_cyc < f_jb);
    // C1: every state visit ends within its bound
    if (busy_reg) assert(f_icyc < f_ib);
    // C1: a busy engine that the slave owes nothing acts in this cycle (no deadlock)
    if (busy_reg && !rst && !f_owed) assert(f_ev);
end

`ifndef F_NO_INV
// Induction invariants. Each one alone closes in seconds with the others assumed, except three
// that need sums of many wide terms, which yices (bit-blasting) does not prove in 15 minutes:
// f_icyc <= F_LAT * f_nsum + f_q and f_nsum <= f_evb (ten per-kind event counts) and the read
// queue's f_rcnt + f_rowed == f_racc (eight queued burst lengths); see tools/formal.py "done".
wire [F_CW-1:0] f_cc = {{(F_CW - CHAIN_W){1'b0}}, chain_cnt_reg};
always @(*) if (f_past_valid) begin
    // I: the job bound adds up the visits' bounds; cycles before this visit stayed within theirs
    if (busy_reg) assert(f_jb >= f_ib && f_cyc >= f_icyc && f_cyc - f_icyc <= f_jb - f_ib);
    // I: a single job is BUF_CHECK (bound 1) and one copy
    if (busy_reg && !job_sg_reg) assert(state_reg == S_BUF_CHECK || state_reg == S_COPY);
    if (!job_sg_reg && state_reg == S_BUF_CHECK) assert(f_jb == F_ONE);
    if (!job_sg_reg && state_reg == S_COPY) assert(f_jb == f_ib + F_ONE);
    // I: a buffer has at most F_TMAX beats, so a copy visit's bound is at most F_VC
    assert(f_tr_c <= F_TMAX && f_tw_c <= F_TMAX);
    // I: a chain: descriptor n (chain_cnt) adds at most F_DB = F_VF + F_VC + 3 to the job bound
    if (busy_reg && job_sg_reg) assert(f_cc <= MAX_CHAIN);
    if (job_sg_reg && state_reg == S_DESC_CHECK) assert(f_jb <= f_cc * F_DB + F_ONE);
    if (job_sg_reg && state_reg != S_IDLE && state_reg != S_DESC_CHECK)
        assert(f_cc != 0);
    if (job_sg_reg && state_reg == S_DESC_FETCH) assert(f_jb <= (f_cc - F_ONE) * F_DB + F_ONE + F_VF);
    if (job_sg_reg && state_reg == S_DESC_PARSE) assert(f_jb <= (f_cc - F_ONE) * F_DB + 2 + F_VF);
    if (job_sg_reg && state_reg == S_BUF_CHECK) assert(f_jb <= (f_cc - F_ONE) * F_DB + 3 + F_VF);
    if (job_sg_reg && state_reg == S_COPY) assert(f_jb <= (f_cc - F_ONE) * F_DB + 3 + F_VF + f_ib);

    // I: a visit's cycles are at most F_LAT per event plus the cycles since the last event
    if (busy_reg) assert(f_icyc <= f_nsum * F_LCW + {{(F_CW - F_LW){1'b0}}, f_q} && f_q < F_LLW);
    // I: CHECK and PARSE visits last one cycle; nothing is counted outside fetch and copy
    if (!f_visit) assert(f_icyc == 0 && f_q == 0 && f_n_argo == 0 && f_n_awgo == 0);
    // I: the events of a fetch or copy: each kind within its bound
    if (f_visit)
        assert(f_n_argo <= rd_issued_reg && (m_axi_arvalid_reg ? f_n_argo != 0 : 1'b1)
               && f_rowed <= f_racc
               && f_n_awgo <= wr_issued_reg && (m_axi_awvalid_reg ? f_n_awgo != 0 : 1'b1)
               && {{(BEATS_W - 5){1'b0}}, f_wr_open} <= f_n_awhs);
    if (state_reg == S_DESC_FETCH)
        assert(rd_issued_reg <= DESC_BEATS && rd_issued_reg + rd_beats_left_reg == DESC_BEATS
               && rd_desc_mode_reg && rd_addr_reg[OFF_W-1:0] == 0
               && f_n_awgo == 0);
    // I: the copy counters are zero from the cycle after a copy until the next copy
    if (state_reg == S_DESC_FETCH || state_reg == S_DESC_PARSE || state_reg == S_BUF_CHECK)
        assert(f_wld == 0 && f_rcnt == 0);
    // I: the lead beat cannot be popped outside a copy (the FIFO is empty there)
    if (!f_copy && w_preload_reg) assert(df_count_reg == 0);
    // I: the visit's events stay within its bound E
    if (f_visit) assert(f_nsum <= f_evb);

    // I: the slave-latency counters bound the cycles since the last event
    if (m_axi_arvalid) assert(f_q <= f_sar && f_sar < F_LLW);
    if (m_axi_awvalid) assert(f_q <= f_saw && f_saw < F_LLW);
    if (m_axi_wvalid)  assert(f_q <= f_sw && f_sw < F_LLW);
    if (f_o_r)         assert(f_q <= f_sr && f_sr < F_LLW);
    if (f_o_b)         assert(f_q <= f_sb && f_sb < F_LLW);
    if (!f_owed)       assert(f_q == 0);
    if (!m_axi_arvalid) assert(f_sar == 0);
    if (!m_axi_awvalid) assert(f_saw == 0);
    if (!m_axi_wvalid)  assert(f_sw == 0);
    if (!f_o_r)         assert(f_sr == 0);
    if (!f_o_b)         assert(f_sb == 0);
    // I: the slave owes nothing outside a fetch or a copy
    if (!f_visit) assert(!f_owed);
    // I: write bursts outstanding = accepted ones without B + the one on the bus
    assert(wr_out_reg == f_wr_open + {4'd0, m_axi_awvalid_reg} && f_wr_open <= OUT_DEPTH);
    // I: nothing is written outside a copy
    if (!f_copy) assert(wr_out_reg == 0);
    // I: the read-burst queue: beat counter within the oldest burst
    if (f_rd_open != 0) assert(f_rbt <= f_rq[0]);
    if (f_rd_open == 0) assert(f_rbt == 0);
    assert(f_rq_sum >= {5'd0, f_rbt});
    // I: in a copy, read beats received + beats still owed = beats accepted
    if (f_copy) assert(f_rcnt + f_rowed == f_racc);
    // I: a stop cause outside a fetch or copy comes with ABORT (the check state ends the job)
    if (!f_visit && stop_code_reg != E_NONE) assert(abort_reg);
    // I: AW waits for the read beats carrying its data (so W never waits for unrequested data)
    if (f_copy && rd_beats_left_reg != 0 && wr_issued_reg != 0)
        assert({1'b0, rd_issued_reg} >= {1'b0, wr_issued_reg} + {{BEATS_W{1'b0}}, wr_pre_reg});
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
