// Formal properties of dma_engine, copy path (shared by the data and completion groups):
// included by hdl/dma_engine_formal.vh under `ifdef F_COPY. Conventions: see that file.
// ============================================================================================
// Copy path (data groups -DF_DATA and completion group -DF_DONE compile this section):
// one tracked byte. f_k is an arbitrary (anyconst) byte offset; in every buffer with LEN > f_k
// the byte the slave returns at src + f_k is f_v (also anyconst). Read beat n of a buffer is the
// n-th data R beat since the copy began; with AR bursts issued in order from the beat-aligned
// source start (address group) and ARLEN+1 beats per burst (AXI), it carries the bytes
// src_al + n*B .. src_al + n*B + B-1. Likewise W beat m is at dst_al + m*B (address group and
// W-burst group). So byte src+k is lane (s_off+k) mod B of read beat (s_off+k)/B, and byte dst+k
// is lane (d_off+k) mod B of W beat (d_off+k)/B.
// The invariants below (left out with -DF_NO_INV) make the data and completion properties
// 1-inductive: W beats loaded vs. AW beats requested through the W burst-length FIFO (per slot,
// the burst's first and one-past-last AW beat index), the read side (beats requested, received,
// popped) and the read-data FIFO (read beat n in slot n mod DF_DEPTH), written `F_CINV (asserted
// in the group `copy`, assumed by the groups that build on it); and, with -DF_DATA, the strobes
// and bytes left of the W path.
// ============================================================================================
(* anyconst *) reg [31:0] f_k;                                      // tracked byte offset
(* anyconst *) reg [7:0]  f_v;                                      // its value at src + f_k

wire               f_copy  = (state_reg == S_COPY);
wire [BEATS_W-1:0] f_tr    = beats_of(s_off, buf_len_reg);          // read beats of the buffer
wire [BEATS_W-1:0] f_tw    = beats_of(d_off, buf_len_reg);          // W beats of the buffer
wire               f_in    = f_k < buf_len_reg;                     // f_k lies in this buffer
wire [32:0]        f_ks    = {1'b0, f_k} + {{(33 - OFF_W){1'b0}}, s_off};
wire [32:0]        f_kd    = {1'b0, f_k} + {{(33 - OFF_W){1'b0}}, d_off};
wire [BEATS_W-1:0] f_rk    = f_ks[32:OFF_W];                        // read beat holding src+k
wire [OFF_W-1:0]   f_rl    = f_ks[OFF_W-1:0];                       // ... its byte lane
wire [BEATS_W-1:0] f_wk    = f_kd[32:OFF_W];                        // W beat holding dst+k
wire [OFF_W-1:0]   f_wl    = f_kd[OFF_W-1:0];                       // ... its byte lane
wire [BEATS_W-1:0] f_pop   = f_tr - w_rd_left_reg;                  // read beats the W path popped
wire [BEATS_W-1:0] f_arb   = m_axi_arvalid_reg ? {{(BEATS_W - 8){1'b0}}, m_axi_arlen_reg} + 1'b1
                                               : {BEATS_W{1'b0}};   // beats of the AR on the bus
wire [BEATS_W-1:0] f_racc  = rd_issued_reg - f_arb;                 // read beats the slave accepted
wire               f_rbeat = r_fire && !rd_desc_mode_reg && f_copy; // a data read beat arrives
wire               f_w_hs  = m_axi_wvalid && m_axi_wready;          // W beat handshake

reg  [BEATS_W-1:0] f_rcnt;                                          // data read beats received
reg  [BEATS_W-1:0] f_wld;                                           // W beats loaded on the port
reg  [1:0]         f_nstr;                                          // W beats that strobed dst+k
wire [BEATS_W-1:0] f_wi    = f_wld - 1'b1;                          // index of the loaded W beat
wire [BEATS_W-1:0] f_wcnt  = f_wld - {{(BEATS_W - 1){1'b0}}, m_axi_wvalid_reg}; // W beats sent
always @(posedge clk) begin
    if (rst || !f_copy) begin
        f_rcnt <= {BEATS_W{1'b0}};
        f_wld  <= {BEATS_W{1'b0}};
        f_nstr <= 2'd0;
    end else begin
        if (f_rbeat) f_rcnt <= f_rcnt + 1'b1;
        if (w_load)  f_wld  <= f_wld + 1'b1;
        if (f_w_hs && f_wi == f_wk && m_axi_wstrb[f_wl] && f_nstr != 2'd3) f_nstr <= f_nstr + 2'd1;
    end
end

always @(*) if (!rst && f_copy) begin
    // A: a slave returns no more read beats for this buffer than it accepted on AR (ARLEN+1 per
    // burst); the address group and P4 show the previous item's reads are drained before
    if (m_axi_rvalid && !rd_desc_mode_reg) assume(f_rcnt < f_racc);
    // A: the slave returns f_v at src + f_k (lane f_rl of read beat f_rk)
    if (f_rbeat && f_in && f_rcnt == f_rk) assume(m_axi_rdata[{f_rl, 3'b000} +: 8] == f_v);
end

// byte lanes of the loaded W beat f_wi that lie in [dst, dst + len - 1]: lane j is the byte at
// dst_al + f_wi*B + j, the buffer is [dst_al + d_off, dst_al + d_off + len - 1]
wire [33:0]     f_dend = {2'b00, buf_len_reg} + {{(34 - OFF_W){1'b0}}, d_off}; // d_off + len
reg [BYTES-1:0] f_wmask;
reg [33:0]      f_pos;
integer         f_j;
always @(*) begin
    for (f_j = 0; f_j < BYTES; f_j = f_j + 1) begin
        f_pos = {1'b0, f_wi, f_j[OFF_W-1:0]};
        f_wmask[f_j] = (f_pos >= {{(34 - OFF_W){1'b0}}, d_off}) && (f_pos < f_dend);
    end
end
// bytes of the buffer not yet put on W after f_wld W beats: len before the first beat, none
// after the last, else d_off + len - f_wld*B
wire [33:0] f_wleft_raw = f_dend - {1'b0, f_wld, {OFF_W{1'b0}}};
wire [31:0] f_wleft     = (f_wld == 0) ? buf_len_reg : (f_wld == f_tw) ? 32'd0 : f_wleft_raw[31:0];
// read beats the W path has popped after loading f_wld W beats: W beat m is built from read
// beats m-1+pre and m+pre (pre: the lead beat when s_off > d_off), none past the source
wire [BEATS_W:0]   f_need_raw = {1'b0, f_wld} + {{BEATS_W{1'b0}}, wr_pre_reg};
wire [BEATS_W-1:0] f_need     = (f_need_raw > {1'b0, f_tr}) ? f_tr : f_need_raw[BEATS_W-1:0];

// The W burst-length FIFO (wl_mem) in W-beat positions: per slot, the AW beat index (counted in
// this buffer) of its burst's first beat (f_wst) and one past its last (f_wen), recorded when the
// burst is pushed
reg  [OUT_DEPTH*BEATS_W-1:0] f_wst, f_wen;
always @(posedge clk)
    for (f_j = 0; f_j < OUT_DEPTH; f_j = f_j + 1)
        if (aw_go && wl_wr_ptr_reg == f_j[OUT_LOG2-1:0]) begin
            f_wst[f_j*BEATS_W +: BEATS_W] <= wr_issued_reg;
            f_wen[f_j*BEATS_W +: BEATS_W] <= wr_issued_reg + {{(BEATS_W - 9){1'b0}}, aw_beats};
        end
reg  [OUT_DEPTH-1:0] f_wvld;                                        // slot holds a burst
always @(*)
    for (f_j = 0; f_j < OUT_DEPTH; f_j = f_j + 1)
        f_wvld[f_j] = {1'b0, f_j[OUT_LOG2-1:0] - wl_rd_ptr_reg} < wl_count_reg;
wire [OUT_LOG2-1:0] f_wtail = wl_wr_ptr_reg - 1'b1;                 // slot of the newest burst

`ifndef F_NO_INV
// Invariants of the copy path
always @(*) if (f_past_valid) begin
    // I: a bus error always has a recorded stop cause
    if (bus_err_reg) `F_CINV(stop_code_reg != E_NONE);
    // I: the W burst-length FIFO: count and pointers agree
    `F_CINV(wl_count_reg <= OUT_DEPTH && wl_wr_ptr_reg == wl_rd_ptr_reg + wl_count_reg[OUT_LOG2-1:0]);
    // I: write bursts outstanding = bursts awaiting W beats + a loaded last beat + WLAST sent
    `F_CINV(wr_out_reg == wl_count_reg + {3'd0, m_axi_wvalid_reg && m_axi_wlast_reg} + f_wl_open
           && wr_out_reg <= OUT_DEPTH && f_wl_open <= OUT_DEPTH);
end
always @(*) if (f_past_valid && f_copy) begin
    // I: the next write burst address is beat aligned (so every burst has at least one beat)
    `F_CINV(wr_addr_reg[OFF_W-1:0] == 0);
    // I: requested + still-to-request W beats = the buffer's W beats
    `F_CINV(wr_issued_reg + wr_beats_left_reg == f_tw && wr_issued_reg <= f_tw);
    // I: with no burst in the W FIFO every requested W beat is loaded and no burst is begun
    if (wl_count_reg == 0) `F_CINV(w_beat_cnt_reg == 8'd0 && f_wld == wr_issued_reg);
    // I: the head burst's beat counter stays within the burst
    if (wl_count_reg != 0) `F_CINV(w_beat_cnt_reg <= wl_mem[wl_rd_ptr_reg]);
    for (f_j = 0; f_j < OUT_DEPTH; f_j = f_j + 1)
        if (f_wvld[f_j]) begin
            // I: a queued burst spans its AWLEN+1 beats and ends within the requested ones
            `F_CINV(f_wen[f_j*BEATS_W +: BEATS_W] == f_wst[f_j*BEATS_W +: BEATS_W]
                                                    + {{(BEATS_W - 8){1'b0}}, wl_mem[f_j]} + 1'b1
                   && f_wen[f_j*BEATS_W +: BEATS_W] <= wr_issued_reg);
            // I: the newest burst ends at the requested beats
            if (f_j == f_wtail) `F_CINV(f_wen[f_j*BEATS_W +: BEATS_W] == wr_issued_reg);
            // I: the head burst has had w_beat_cnt of its beats loaded
            if (f_j == wl_rd_ptr_reg)
                `F_CINV(f_wld == f_wst[f_j*BEATS_W +: BEATS_W] + {{(BEATS_W - 8){1'b0}}, w_beat_cnt_reg});
            // I: every other burst starts where the one before it ends
            else
                `F_CINV(f_wst[f_j*BEATS_W +: BEATS_W]
                       == f_wen[((f_j + OUT_DEPTH - 1) % OUT_DEPTH)*BEATS_W +: BEATS_W]);
        end
    // I: W beats loaded <= requested; the first-beat flag
    `F_CINV(f_wld <= wr_issued_reg && w_first_reg == (f_wld == 0));
    // I: a loaded W beat is one of the W beats counted
    if (m_axi_wvalid_reg) `F_CINV(f_wld != 0);
end
`ifdef F_DATA
// The W path's bytes and strobes (data groups only: nothing else depends on them)
always @(*) if (f_past_valid && f_copy) begin
    // I: bytes not yet put on W
    assert(w_bytes_left_reg == f_wleft);
    // I: a loaded W beat carries the strobes of its lanes inside the buffer (none after a bus error)
    if (m_axi_wvalid_reg) assert((m_axi_wstrb_reg & ~f_wmask) == 0);
    if (m_axi_wvalid_reg && !bus_err_reg) assert(m_axi_wstrb_reg == f_wmask);
    // I: dst+k is strobed once its W beat was sent (not at all before; unless a bus error forced
    // strobes off)
    if (f_wcnt <= f_wk) assert(f_nstr == 2'd0);
    if (f_wcnt > f_wk) assert(f_nstr <= 2'd1);
    if (f_wcnt > f_wk && f_in && !bus_err_reg) assert(f_nstr == 2'd1);
end
`endif
always @(*) if (f_past_valid) begin
    // I: read bursts outstanding = accepted ones not finished + the one on the bus
    `F_CINV(rd_out_reg == f_rd_open + {4'd0, m_axi_arvalid_reg} && rd_out_reg <= OUT_DEPTH
           && f_rd_open <= OUT_DEPTH);
    // I: nothing is read outside a descriptor fetch or a copy
    if (state_reg != S_DESC_FETCH && state_reg != S_COPY) `F_CINV(!m_axi_arvalid_reg && rd_out_reg == 0);
end
always @(*) if (f_past_valid && f_copy) begin
    // I: the W path's shift, offset and lead-beat flag belong to this buffer
    `F_CINV(w_shift_reg == d_off - s_off && w_doff_reg == d_off && wr_pre_reg == (s_off > d_off));
    // I: copy reads are data reads; the next read burst address is beat aligned
    `F_CINV(!rd_desc_mode_reg && rd_addr_reg[OFF_W-1:0] == 0);
    // I: requested + still-to-request read beats = the buffer's read beats
    `F_CINV(rd_issued_reg + rd_beats_left_reg == f_tr && rd_issued_reg <= f_tr);
    // I: the AR on the bus is part of the requested beats
    if (m_axi_arvalid_reg) `F_CINV(f_arb <= rd_issued_reg);
    // I: beats received <= beats accepted; the W path popped only received beats
    `F_CINV(f_rcnt <= f_racc && w_rd_left_reg <= f_tr && f_pop <= f_rcnt);
    // I: the read-data FIFO holds exactly the received beats not yet popped; read beat n is in
    // slot n mod DF_DEPTH (the pointers start at 0 with the copy)
    `F_CINV(df_count_reg == f_rcnt - f_pop && df_wr_ptr_reg == f_rcnt[DF_LOG2-1:0]
           && df_rd_ptr_reg == f_pop[DF_LOG2-1:0]);
    // I: FIFO space is reserved for every requested beat not yet popped, within its depth
    `F_CINV(df_resv_reg == rd_issued_reg - f_pop && rd_issued_reg - f_pop <= DF_DEPTH);
    // I: the lead beat (source offset > destination offset) is popped before the first W beat
    if (w_preload_reg) `F_CINV(wr_pre_reg && f_pop == 0 && f_wld == 0);
    // I: after it, W beat m is built from read beats m-1+pre and m+pre: popped = f_wld (+1)
    if (!w_preload_reg) `F_CINV(f_pop == f_need);
end
`endif
