// Formal properties of dma_engine, completion C1: included by hdl/dma_engine_formal.vh under
// `ifdef F_DONE (after the copy path). Conventions: see that file.
// ============================================================================================
// C1: completion as a bounded safety property. Assumed slave: it answers within F_LAT cycles:
// takes an AR, AW or W beat at the latest in the F_LAT-th cycle it is offered, delivers the next
// R beat of an accepted read burst, and the B of a burst whose AW and last W beat it took, within
// F_LAT cycles; read bursts have exactly ARLEN+1 beats, RLAST on the last.
// Method: a job is a sequence of state visits; CHECK/PARSE states last one cycle, a descriptor
// fetch or a buffer copy at most (E + 1) * F_LAT cycles, where E bounds its progress events
// (loads and handshakes on AR/AW/W, R beats, B responses, the lead-beat pop, a stop cause):
// E = 3*DESC_BEATS + 3 for a fetch, 3*T_r + 5*T_w + 2 for a copy (T_r/T_w = read/write beats,
// ceil((offset + LEN) / B)). Between two events at most F_LAT - 1 cycles pass: either the
// engine acts in this cycle or the slave owes a handshake (deadlock freedom, asserted below).
// ============================================================================================
localparam integer F_LAT   = 4;                                     // slave latency bound
localparam integer F_LEN_W = 8;                                     // LEN < 2^F_LEN_W (assumed)
localparam integer F_CW    = 16;                                    // width of the cycle counters
localparam [F_CW-1:0] F_LCW = F_LAT;

// ---- the proved configuration: jobs of fewer than 2^F_LEN_W bytes (assumptions) ----
// With LEN < 256 a buffer has at most 65 beats (DATA_WIDTH 32), a visit's bound is below 2^12
// cycles and a chain of MAX_CHAIN = 2 descriptors below 2^14: F_CW = 16-bit counters cannot wrap
// before the bound is exceeded (they count one per cycle and the assertion fires first).
always @(*) if (!rst) begin
    // A: the driver writes LEN < 2^F_LEN_W (formal configuration: short jobs)
    if (lw_fire && lw_idx == LEN_IDX) assume(s_axil_wdata[31:F_LEN_W] == 0);
    // A: a fetched descriptor's len field is < 2^F_LEN_W (formal configuration: short buffers)
    if (state_reg == S_DESC_PARSE) assume(desc_data_reg[D_LEN_LSB + F_LEN_W +: 32 - F_LEN_W] == 0);
end

// ---- the slave's latency and burst length (assumptions) ----
wire f_o_r = (f_rd_open != 5'd0);                                   // slave owes R beats
wire f_o_b = (f_wr_open != 5'd0) && (f_wl_open != 5'd0);            // slave owes a B
reg [7:0] f_sar, f_saw, f_sw, f_sr, f_sb;                           // cycles each has waited
always @(posedge clk) begin
    f_sar <= (!rst && m_axi_arvalid && !m_axi_arready) ? f_sar + 8'd1 : 8'd0;
    f_saw <= (!rst && m_axi_awvalid && !m_axi_awready) ? f_saw + 8'd1 : 8'd0;
    f_sw  <= (!rst && m_axi_wvalid  && !m_axi_wready)  ? f_sw  + 8'd1 : 8'd0;
    f_sr  <= (!rst && f_o_r && !m_axi_rvalid) ? f_sr + 8'd1 : 8'd0;
    f_sb  <= (!rst && f_o_b && !m_axi_bvalid) ? f_sb + 8'd1 : 8'd0;
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
    if (m_axi_arvalid && f_sar >= F_LAT - 1) assume(m_axi_arready);
    // A: the slave takes an AW at the latest in the F_LAT-th cycle it is offered
    if (m_axi_awvalid && f_saw >= F_LAT - 1) assume(m_axi_awready);
    // A: the slave takes a W beat at the latest in the F_LAT-th cycle it is offered
    if (m_axi_wvalid && f_sw >= F_LAT - 1) assume(m_axi_wready);
    // A: an accepted read burst gets its next R beat within F_LAT cycles
    if (f_o_r && f_sr >= F_LAT - 1) assume(m_axi_rvalid);
    // A: a write burst whose AW and last W beat were taken gets its B within F_LAT cycles
    if (f_o_b && f_sb >= F_LAT - 1) assume(m_axi_bvalid);
    // A: a read burst has exactly ARLEN+1 beats, RLAST on the last (AXI)
    if (m_axi_rvalid) assume(m_axi_rlast == (f_rbt == f_rq[0]));
end

// ---- progress events and the per-visit counters ----
wire f_ev_ar  = f_ar_hs;
wire f_ev_aw  = f_aw_hs;
wire f_ev_r   = f_r_hs;
wire f_ev_b   = f_b_hs;
wire f_ev_pre = w_pre_pop;
wire f_ev_stp = (stop_code_reg == E_NONE) && (stop_code_next != E_NONE);
wire f_ev_st  = (state_next != state_reg);
wire f_ev     = ar_go || aw_go || w_load || f_ev_ar || f_ev_aw || f_w_hs || f_ev_r || f_ev_b
                || f_ev_pre || f_ev_stp || f_ev_st;
wire f_start  = busy_next && !busy_reg;                             // START of a job

reg [F_CW-1:0] f_q;                                                 // cycles since the last event
reg [F_CW-1:0] f_icyc, f_iev;                                       // cycles, events in this visit
reg [F_CW-1:0] f_n_argo, f_n_arhs, f_n_r, f_n_awgo, f_n_awhs, f_n_whs, f_n_b;
reg [1:0]      f_n_pre, f_n_stp;
reg [F_CW-1:0] f_cyc, f_jb;                                         // job cycles, job bound
localparam [F_CW-1:0] F_ONE = 1;
always @(posedge clk) begin
    if (rst || !busy_reg || f_ev) f_q <= 0; else f_q <= f_q + F_ONE;
    if (rst || f_ev_st || !busy_reg) begin
        f_icyc <= 0; f_iev <= 0;
        f_n_argo <= 0; f_n_arhs <= 0; f_n_r <= 0; f_n_awgo <= 0;
        f_n_awhs <= 0; f_n_whs <= 0; f_n_b <= 0; f_n_pre <= 2'd0; f_n_stp <= 2'd0;
    end else begin
        f_icyc <= f_icyc + F_ONE;
        if (f_ev) f_iev <= f_iev + F_ONE;
        if (ar_go)    f_n_argo <= f_n_argo + F_ONE;
        if (f_ev_ar)  f_n_arhs <= f_n_arhs + F_ONE;
        if (f_ev_r)   f_n_r    <= f_n_r + F_ONE;
        if (aw_go)    f_n_awgo <= f_n_awgo + F_ONE;
        if (f_ev_aw)  f_n_awhs <= f_n_awhs + F_ONE;
        if (f_w_hs)   f_n_whs  <= f_n_whs + F_ONE;
        if (f_ev_b)   f_n_b    <= f_n_b + F_ONE;
        if (f_ev_pre) f_n_pre  <= f_n_pre + 2'd1;
        if (f_ev_stp) f_n_stp  <= f_n_stp + 2'd1;
    end
end

// bound on the cycles of a state visit: (E + 1) * F_LAT, E the visit's progress events
localparam [F_CW-1:0] F_EV_FETCH = 3 * DESC_BEATS + 3;
function [F_CW-1:0] f_vbound;
    input [2:0]      st;
    input [F_CW-1:0] tr, tw;                                        // read/write beats (copy)
    begin
        if (st == S_COPY)
            f_vbound = (3 * tr + 5 * tw + 3) * F_LCW;
        else if (st == S_DESC_FETCH)
            f_vbound = (F_EV_FETCH + 1) * F_LCW;
        else
            f_vbound = 1;
    end
endfunction
// the buffer's beats (below 2^(F_LEN_W - 1) + 2 by the LEN assumption, so F_CW bits hold them)
wire [F_CW-1:0] f_tr_c = f_tr[F_CW-1:0];
wire [F_CW-1:0] f_tw_c = f_tw[F_CW-1:0];
// the next visit's beats: BUF_CHECK -> COPY sets up the buffer of buf_len_reg
wire [F_CW-1:0] f_ib      = f_vbound(state_reg, f_tr_c, f_tw_c);    // this visit's bound
wire [F_CW-1:0] f_ib_next = f_vbound(state_next, f_tr_c, f_tw_c);
always @(posedge clk) begin
    if (rst || !busy_next) begin
        f_cyc <= 0; f_jb <= 0;
    end else begin
        f_cyc <= busy_reg ? f_cyc + F_ONE : 0;
        if (f_start)     f_jb <= f_ib_next;
        else if (f_ev_st) f_jb <= f_jb + f_ib_next;
    end
end

// the events of a visit are bounded by what its counters allow
wire [F_CW-1:0] f_nsum = f_n_argo + f_n_arhs + f_n_r + f_n_awgo + f_n_awhs + f_wld[F_CW-1:0]
                       + f_n_whs + f_n_b + {{(F_CW - 2){1'b0}}, f_n_pre}
                       + {{(F_CW - 2){1'b0}}, f_n_stp};
wire [F_CW-1:0] f_evb  = (state_reg == S_COPY) ? 3 * f_tr_c + 5 * f_tw_c + 2 : F_EV_FETCH;
// beats still owed by accepted read bursts
reg [12:0] f_rq_sum;
always @(*) begin
    f_rq_sum = 13'd0;
    for (f_m = 0; f_m < OUT_DEPTH; f_m = f_m + 1)
        if (f_m < f_rd_open) f_rq_sum = f_rq_sum + {5'd0, f_rq[f_m]} + 13'd1;
end
wire [F_CW-1:0] f_rowed = {{(F_CW - 13){1'b0}}, f_rq_sum} - {{(F_CW - 8){1'b0}}, f_rbt};
wire [F_CW-1:0] f_iss_c = rd_issued_reg[F_CW-1:0];
wire [F_CW-1:0] f_arb_c = f_arb[F_CW-1:0];
wire [F_CW-1:0] f_wis_c = wr_issued_reg[F_CW-1:0];
wire        f_owed  = m_axi_arvalid || m_axi_awvalid || m_axi_wvalid || f_o_r || f_o_b;

always @(*) if (f_past_valid) begin
    // C1: a job ends (BUSY low, DONE or ERR) within the sum of its visits' bounds: at most
    // 1 + (3*T_r + 5*T_w + 3) * F_LAT cycles for a single job
    if (busy_reg) assert(f_cyc < f_jb);
    // C1: every state visit ends within its bound
    if (busy_reg) assert(f_icyc < f_ib);
    // C1: a busy engine that the slave owes nothing acts in this cycle (no deadlock)
    if (busy_reg && !rst && !f_owed) assert(f_ev);
end

`ifndef F_NO_INV
always @(*) if (f_past_valid) begin
    // I: the job bound adds up the visits' bounds; cycles before this visit stayed within theirs
    if (busy_reg) assert(f_jb >= f_ib && f_cyc >= f_icyc && f_cyc - f_icyc <= f_jb - f_ib);
    // I: a visit's cycles are its events times F_LAT plus the cycles since the last event
    if (busy_reg) assert(f_icyc <= f_iev * F_LCW + f_q && f_q < F_LCW && f_iev <= f_nsum);
    // I: the visit's events stay within its bound E (only fetch and copy visits have any)
    if (state_reg == S_DESC_FETCH || state_reg == S_COPY) assert(f_nsum <= f_evb);
    if (state_reg != S_DESC_FETCH && state_reg != S_COPY) assert(f_iev == 0 && f_q == 0);
    // I: the slave owes nothing outside a fetch or a copy
    if (state_reg != S_DESC_FETCH && state_reg != S_COPY) assert(!f_owed);
    // I: the slave-latency counters bound the cycles since the last event
    if (m_axi_arvalid) assert(f_q <= {{(F_CW - 8){1'b0}}, f_sar} && f_sar < F_LAT);
    if (m_axi_awvalid) assert(f_q <= {{(F_CW - 8){1'b0}}, f_saw} && f_saw < F_LAT);
    if (m_axi_wvalid)  assert(f_q <= {{(F_CW - 8){1'b0}}, f_sw} && f_sw < F_LAT);
    if (f_o_r)         assert(f_q <= {{(F_CW - 8){1'b0}}, f_sr} && f_sr < F_LAT);
    if (f_o_b)         assert(f_q <= {{(F_CW - 8){1'b0}}, f_sb} && f_sb < F_LAT);
    if (!f_owed)       assert(f_q == 0);
    if (!m_axi_arvalid) assert(f_sar == 0);
    if (!m_axi_awvalid) assert(f_saw == 0);
    if (!m_axi_wvalid)  assert(f_sw == 0);
    if (!f_o_r)         assert(f_sr == 0);
    if (!f_o_b)         assert(f_sb == 0);
    // I: write bursts outstanding = accepted ones without B + the one on the bus
    assert(wr_out_reg == f_wr_open + {4'd0, m_axi_awvalid_reg} && f_wr_open <= OUT_DEPTH);
    // I: nothing is written outside a copy
    if (state_reg != S_COPY) assert(wr_out_reg == 0);
    // I: the read-burst queue: beat counter within the oldest burst
    if (f_rd_open != 0) assert(f_rbt <= f_rq[0]);
    if (f_rd_open == 0) assert(f_rbt == 0);
    // I: read beats received in this visit + beats still owed = beats accepted
    if (state_reg == S_DESC_FETCH || state_reg == S_COPY)
        assert(f_n_r + f_rowed == f_iss_c - f_arb_c && f_rq_sum >= {5'd0, f_rbt});
    if (state_reg == S_DESC_FETCH) assert(f_arb <= rd_issued_reg && rd_issued_reg <= DESC_BEATS
                                          && rd_issued_reg + rd_beats_left_reg == DESC_BEATS);
    if (state_reg == S_COPY) assert(f_rcnt[F_CW-1:0] == f_n_r);
    // I: loads and handshakes per visit: a burst has at least one beat; handshakes follow loads
    if (state_reg == S_DESC_FETCH || state_reg == S_COPY)
        assert(f_n_argo <= f_iss_c && f_n_arhs + {{(F_CW - 1){1'b0}}, m_axi_arvalid_reg} == f_n_argo
               && f_n_awgo <= f_wis_c && f_n_awhs + {{(F_CW - 1){1'b0}}, m_axi_awvalid_reg} == f_n_awgo
               && f_n_b <= f_n_awhs && f_n_pre <= 2'd1 && f_n_stp <= 2'd1);
    if (state_reg == S_COPY)
        assert(f_n_whs + {{(F_CW - 1){1'b0}}, m_axi_wvalid_reg} == f_wld[F_CW-1:0]
               && f_n_pre == {1'b0, wr_pre_reg && !w_preload_reg});
    if (state_reg == S_DESC_FETCH)
        assert(f_n_awgo == 0 && f_wld == 0 && f_n_whs == 0 && f_n_b == 0 && f_n_pre == 0);
    // I: a stop cause, once recorded, stays for the rest of the job
    if (f_n_stp != 0) assert(stop_code_reg != E_NONE);
    // I: AW waits for the read beats carrying its data (so W never waits for unrequested data)
    if (state_reg == S_COPY && rd_beats_left_reg != 0 && wr_issued_reg != 0)
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
end
