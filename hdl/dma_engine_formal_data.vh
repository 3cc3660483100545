// Formal properties of dma_engine, data integrity D1-D3: included by hdl/dma_engine_formal.vh
// under `ifdef F_DATA (after the copy path). Conventions: see that file.
// ============================================================================================
// D1-D3: data integrity of every copied buffer (single job or chain item)
// ============================================================================================
always @(*) if (f_past_valid && f_copy) begin
    // D3: a W beat never strobes a byte outside [dst, dst + len - 1], and the buffer has no more
    // W beats than its bytes need
    if (m_axi_wvalid) assert(f_wld <= f_tw && (m_axi_wstrb & ~f_wmask) == 0);
    // D2: dst+k is strobed at most once ...
    assert(f_nstr <= 2'd1);
    // D2: ... and exactly once when the buffer completes without an error
    if (f_in && state_next != S_COPY && stop_code_reg == E_NONE) assert(f_nstr == 2'd1);
    // D1: the W beat that strobes dst+k carries the byte the engine read at src+k
    if (m_axi_wvalid && f_in && f_wi == f_wk && m_axi_wstrb[f_wl])
        assert(m_axi_wdata[{f_wl, 3'b000} +: 8] == f_v);
end

`ifndef F_NO_INV
// Invariants: where the tracked byte is on its way from R to W
always @(*) if (f_past_valid && f_copy) begin
    // I: the tracked read beat, while in the FIFO (slot f_rk mod DF_DEPTH), holds f_v in its lane
    if (f_in && f_pop <= f_rk && f_rk < f_rcnt)
        assert(df_mem[f_rk[DF_LOG2-1:0]][{f_rl, 3'b000} +: 8] == f_v);
    // I: the tracked read beat, when it was the last one popped, is in the previous-beat register
    if (f_in && f_pop != 0 && f_pop - 1'b1 == f_rk) assert(w_prev_reg[{f_rl, 3'b000} +: 8] == f_v);
end
`endif

// Reachability of the data properties
always @(*) if (f_past_valid && !rst) begin
    // C: the W beat holding dst+k is sent with its strobe, source and destination offsets differ
    cover(f_copy && f_w_hs && f_in && f_wi == f_wk && m_axi_wstrb[f_wl] && s_off != d_off);
    // C: a buffer with dst+k in it completes without error
    cover(f_copy && f_in && state_next != S_COPY && stop_code_reg == E_NONE);
end
