// ============================================================================================
// Formal properties of nic_engine, included inside the module under `ifdef FORMAL.
// Proved by k-induction (base case + induction step) with yosys + yosys-smtbmc + yices:
// tools/formal.py --top nic_engine, `make formal`. Strict mode (LEGACY_TRUNCATE = 0) only.
// Every assume/assert carries a one-line comment naming the rule it states (N1..N3 = the address
// bound of the NIC; A = assumption about the environment; I = auxiliary invariant the induction
// step needs). Formal-only signals start with f_.
//
// Byte range of a burst: an INCR burst of full-width beats (AxSIZE = log2 B, B = DATA_WIDTH/8)
// starting at A covers [A, (A & ~(B-1)) + (LEN+1)*B - 1]. All sums are 66 bits wide, so the
// checks themselves cannot wrap. A "window" is the byte range a burst may touch, taken from what
// the driver wrote (64-bit values, before any truncation to ADDR_WIDTH bits):
//   descriptor fetch, STATUS write-back: the ring, [BASE, BASE + 16*SIZE - 1];
//   TX data read: the buffer of the descriptor being read, [ADDR, ADDR + LEN - 1] rounded out to
//                 whole beats; RX data write: the buffer the burst's beats were received into,
//                 [ADDR, ADDR + LEN - 1] (ADDR is the descriptor's field as written; with
//                 SPLIT_ADDR_HI bits [63:32] are the ring's BUF_HI when the descriptor was
//                 checked).
//
// The only assumption is reset in the first cycle: the driver may write any register at any
// time. The engine's ring lock (BASE, SIZE, HEAD, BUF_HI locked while the ring is enabled or
// holds descriptors not yet completed) and its ring check before every fetch are what the proof
// relies on.
//
// Data groups (-DF_NO_ADDR, this file's address part left out): N4 TX data integrity
// (nic_engine_formal_tx.vh, -DF_TXDATA) and N5 RX data integrity (nic_engine_formal_rx.vh,
// -DF_RXDATA), one tracked byte each; their assumptions are stated there.
//
// FIFO probes: the engine's queues are nic_fifo instances; yosys 0.23 has no hierarchical
// references, so the f_p_* wires below are declared undriven here and connected by
// tools/formal.py (after `flatten` and `memory_map`, yosys `connect`) to the storage and
// pointers of u_tx_dq, u_rx_dq, u_rx_wq, u_rq and u_bq. Only the proof reads them.
// ============================================================================================

// ---- Constants ----
localparam        F_LSB   = OFF_W;                                   // log2(bytes per beat)
localparam [65:0] F_BMASK = BYTES - 1;                               // byte offset in a beat
localparam [65:0] F_LIMIT = {{(66 - ADDR_WIDTH){1'b0}}, {ADDR_WIDTH{1'b1}}}; // 2^ADDR_WIDTH - 1
localparam [65:0] F_WB_OFF = {1'b0, WB_OFF};                         // STATUS beat in a slot
localparam        F_DQ_N  = 1 << DQ_LOG2;                            // descriptor queue entries
localparam        F_WQ_N  = 1 << RWQ_LOG2;                           // closed RX bursts queued
localparam        F_RQ_N  = 1 << OUT_LOG2;                           // read bursts routed

// ---- FIFO probes (connected by tools/formal.py, see above): storage words and pointers ----
// (keep: yosys would otherwise drop the bits the properties do not read before they are connected)
(* keep *) wire [DQ_W-1:0]      f_p_txdq_m0, f_p_txdq_m1, f_p_txdq_m2, f_p_txdq_m3;     // u_tx_dq.mem[i]
(* keep *) wire [DQ_LOG2-1:0]   f_p_txdq_rd, f_p_txdq_wr;                               // its rd/wr pointers
(* keep *) wire [DQ_W-1:0]      f_p_rxdq_m0, f_p_rxdq_m1, f_p_rxdq_m2, f_p_rxdq_m3;     // u_rx_dq.mem[i]
(* keep *) wire [DQ_LOG2-1:0]   f_p_rxdq_rd, f_p_rxdq_wr;
(* keep *) wire [RWQ_W-1:0]     f_p_rxwq_m0, f_p_rxwq_m1, f_p_rxwq_m2, f_p_rxwq_m3,     // u_rx_wq.mem[i]
                     f_p_rxwq_m4, f_p_rxwq_m5, f_p_rxwq_m6, f_p_rxwq_m7;
(* keep *) wire [RWQ_LOG2-1:0]  f_p_rxwq_rd, f_p_rxwq_wr;
(* keep *) wire [1:0]           f_p_rq_m0, f_p_rq_m1, f_p_rq_m2, f_p_rq_m3,             // u_rq.mem[i]
                     f_p_rq_m4, f_p_rq_m5, f_p_rq_m6, f_p_rq_m7;
(* keep *) wire [OUT_LOG2-1:0]  f_p_rq_rd, f_p_rq_wr;
(* keep *) wire [3:0]           f_p_bq_m0, f_p_bq_m1, f_p_bq_m2, f_p_bq_m3,             // u_bq.mem[i]
                     f_p_bq_m4, f_p_bq_m5, f_p_bq_m6, f_p_bq_m7;
(* keep *) wire [OUT_LOG2-1:0]  f_p_bq_rd, f_p_bq_wr;
wire [F_DQ_N*DQ_W-1:0]  f_p_txdq_mem = {f_p_txdq_m3, f_p_txdq_m2, f_p_txdq_m1, f_p_txdq_m0};
wire [F_DQ_N*DQ_W-1:0]  f_p_rxdq_mem = {f_p_rxdq_m3, f_p_rxdq_m2, f_p_rxdq_m1, f_p_rxdq_m0};
wire [F_WQ_N*RWQ_W-1:0] f_p_rxwq_mem = {f_p_rxwq_m7, f_p_rxwq_m6, f_p_rxwq_m5, f_p_rxwq_m4,
                                        f_p_rxwq_m3, f_p_rxwq_m2, f_p_rxwq_m1, f_p_rxwq_m0};
wire [F_RQ_N*2-1:0]     f_p_rq_mem   = {f_p_rq_m7, f_p_rq_m6, f_p_rq_m5, f_p_rq_m4,
                                        f_p_rq_m3, f_p_rq_m2, f_p_rq_m1, f_p_rq_m0};
wire [F_RQ_N*4-1:0]     f_p_bq_mem   = {f_p_bq_m7, f_p_bq_m6, f_p_bq_m5, f_p_bq_m4,
                                        f_p_bq_m3, f_p_bq_m2, f_p_bq_m1, f_p_bq_m0};
generate
    if (DQ_LOG2 != 2 || RWQ_LOG2 != 3 || OUT_LOG2 != 3) begin : g_bad_formal_probes
        nic_engine_formal_error_probes_assume_4_8_8_queue_entries u_error ();
    end
endgenerate

// the window start as the driver wrote it (SPLIT_ADDR_HI: BUF_HI above the low 32 bits)
function [65:0] f_written;
    input [63:0] addr;
    input [31:0] hi;
    begin
        f_written = SPLIT ? {2'b0, hi, addr[31:0]} : {2'b0, addr};
    end
endfunction

// the bus address the engine derives from a descriptor's ADDR field (low ADDR_WIDTH bits)
function [ADDR_WIDTH-1:0] f_bus;
    input [63:0] addr;
    input [31:0] hi;
    reg   [63:0] eff;
    begin
        eff   = desc_eff(addr, hi);
        f_bus = eff[ADDR_WIDTH-1:0];
    end
endfunction

// ---- Reset ----
// Every assertion is checked in every cycle after the first (also while rst is high); all checks
// are combinational on registers, so induction length 1 needs no extra cycle.
reg f_past_valid = 1'b0;
always @(posedge clk) f_past_valid <= 1'b1;
// A: the environment resets the engine in the first cycle
always @(*) if (!f_past_valid) assume(rst);

`ifndef F_NO_ADDR
// ============================================================================================
// Address group (N1-N3); the data groups compile with -DF_NO_ADDR and skip it
// ============================================================================================

// a ring whose shape and range pass the RTL's ring check (the indices aside)
wire [65:0] f_tx_ring_s = {2'b0, tx_base_reg};                                     // first byte
wire [65:0] f_tx_ring_e = {2'b0, tx_base_reg} + {46'd0, tx_size_reg, 4'd0} - 66'd1; // last byte
wire [65:0] f_rx_ring_s = {2'b0, rx_base_reg};
wire [65:0] f_rx_ring_e = {2'b0, rx_base_reg} + {46'd0, rx_size_reg, 4'd0} - 66'd1;
wire f_tx_ring_ok = !ring_shape_bad(tx_base_reg, tx_size_reg);
wire f_rx_ring_ok = !ring_shape_bad(rx_base_reg, rx_size_reg);

// ============================================================================================
// Shadows: the raw ADDR field of every checked descriptor and the ring's BUF_HI when it was
// checked, kept beside the engine's queues (same slots: written at the queue's write pointer
// when it accepts a push)
// ============================================================================================
reg  [63:0] f_txq_raw [0:F_DQ_N-1];          // tx_dq slot -> descriptor ADDR as fetched
reg  [31:0] f_txq_hi  [0:F_DQ_N-1];          // tx_dq slot -> TX_BUF_HI at its check
reg  [63:0] f_rxq_raw [0:F_DQ_N-1];          // rx_dq slot -> descriptor ADDR as fetched
reg  [31:0] f_rxq_hi  [0:F_DQ_N-1];          // rx_dq slot -> RX_BUF_HI at its check
reg  [63:0] f_wq_raw  [0:F_WQ_N-1];          // rx_wq slot -> its buffer's ADDR ...
reg  [31:0] f_wq_hi   [0:F_WQ_N-1];          // ... BUF_HI ...
reg  [15:0] f_wq_len  [0:F_WQ_N-1];          // ... and LEN
reg  [63:0] f_tx_raw, f_rx_raw;              // buffer being read (TX) / received into (RX)
reg  [31:0] f_tx_hi, f_rx_hi;
reg  [15:0] f_tx_len, f_rx_len;
always @(posedge clk) begin
    if (tx_dq_push && !tx_dq_full) begin
        f_txq_raw[f_p_txdq_wr] <= tx_raw_addr;
        f_txq_hi[f_p_txdq_wr]  <= tx_buf_hi_reg;
    end
    if (rx_dq_push && !rx_dq_full) begin
        f_rxq_raw[f_p_rxdq_wr] <= rx_raw_addr;
        f_rxq_hi[f_p_rxdq_wr]  <= rx_buf_hi_reg;
    end
    if (rx_wq_push && !rx_wq_full) begin
        f_wq_raw[f_p_rxwq_wr] <= f_rx_raw;
        f_wq_hi[f_p_rxwq_wr]  <= f_rx_hi;
        f_wq_len[f_p_rxwq_wr] <= f_rx_len;
    end
    if (tx_dq_pop && !tx_dq_empty) begin
        f_tx_raw <= f_txq_raw[f_p_txdq_rd];
        f_tx_hi  <= f_txq_hi[f_p_txdq_rd];
        f_tx_len <= tx_dq_len;
    end
    if (rx_load) begin
        f_rx_raw <= f_rxq_raw[f_p_rxdq_rd];
        f_rx_hi  <= f_rxq_hi[f_p_rxdq_rd];
        f_rx_len <= rx_dq_len;
    end
end

// ============================================================================================
// Windows of the bursts on the bus, latched when the engine loads AR/AW
// ============================================================================================
wire        f_ar_load = rx_fetch_go || tx_fetch_go || tx_data_go;
wire        f_aw_load = aw_pick_rx || aw_pick_tx;
reg  [65:0] f_ar_ws, f_ar_we;                // AR window: first and last byte
reg  [65:0] f_aw_ws, f_aw_we;                // AW window
wire [65:0] f_tx_bytes = {{(66 - BEAT_W){1'b0}}, beats_of(f_tx_len)} << F_LSB;   // TX buffer in whole beats
wire [65:0] f_tx_ws    = f_written(f_tx_raw, f_tx_hi);
wire [65:0] f_wq_ws    = f_written(f_wq_raw[f_p_rxwq_rd], f_wq_hi[f_p_rxwq_rd]);
always @(posedge clk) begin
    if (f_ar_load) begin
        if (rx_fetch_go)      begin f_ar_ws <= f_rx_ring_s; f_ar_we <= f_rx_ring_e; end
        else if (tx_fetch_go) begin f_ar_ws <= f_tx_ring_s; f_ar_we <= f_tx_ring_e; end
        else begin f_ar_ws <= f_tx_ws; f_ar_we <= f_tx_ws + f_tx_bytes - 66'd1; end
    end
    if (f_aw_load) begin
        if (aw_pick_tx)      begin f_aw_ws <= f_tx_ring_s; f_aw_we <= f_tx_ring_e; end
        else if (rx_aw_data) begin
            f_aw_ws <= f_wq_ws;
            f_aw_we <= f_wq_ws + {50'd0, f_wq_len[f_p_rxwq_rd]} - 66'd1;
        end else             begin f_aw_ws <= f_rx_ring_s; f_aw_we <= f_rx_ring_e; end
    end
end

// ============================================================================================
// N1, N2, N3: the bytes each burst covers, as seen on the port
// ============================================================================================
wire [65:0] f_ar_first = {{(66 - ADDR_WIDTH){1'b0}}, m_axi_araddr};
wire [65:0] f_ar_last  = (f_ar_first & ~F_BMASK) + (({58'd0, m_axi_arlen} + 66'd1) << F_LSB) - 66'd1;
wire [65:0] f_aw_first = {{(66 - ADDR_WIDTH){1'b0}}, m_axi_awaddr};
wire [65:0] f_aw_last  = (f_aw_first & ~F_BMASK) + (({58'd0, m_axi_awlen} + 66'd1) << F_LSB) - 66'd1;

always @(*) if (f_past_valid) begin
    // N1: every byte of an AR burst is at or below 2^ADDR_WIDTH-1 (the burst does not wrap)
    if (m_axi_arvalid) assert(f_ar_last <= F_LIMIT);
    // N1: every byte of an AW burst is at or below 2^ADDR_WIDTH-1 (the burst does not wrap)
    if (m_axi_awvalid) assert(f_aw_last <= F_LIMIT);
    // N2: no AR burst crosses a 4 KiB boundary, ARLEN <= MAX_BURST_LEN-1
    if (m_axi_arvalid)
        assert(f_ar_first[65:12] == f_ar_last[65:12] && {24'd0, m_axi_arlen} <= MAX_BURST_LEN - 1);
    // N2: no AW burst crosses a 4 KiB boundary, AWLEN <= MAX_BURST_LEN-1
    if (m_axi_awvalid)
        assert(f_aw_first[65:12] == f_aw_last[65:12] && {24'd0, m_axi_awlen} <= MAX_BURST_LEN - 1);
    // N3: an AR burst lies inside its window (ring for a descriptor fetch, buffer for TX data) ...
    if (m_axi_arvalid) assert(f_ar_first >= f_ar_ws && f_ar_last <= f_ar_we);
    // N3: ... and that window ends at or below 2^ADDR_WIDTH-1 (what the range check promises)
    if (m_axi_arvalid) assert(f_ar_we <= F_LIMIT);
    // N3: an AW burst lies inside its window (ring for a STATUS write-back, buffer for RX data) ...
    if (m_axi_awvalid) assert(f_aw_first >= f_aw_ws && f_aw_last <= f_aw_we);
    // N3: ... and that window ends at or below 2^ADDR_WIDTH-1 (what the range check promises)
    if (m_axi_awvalid) assert(f_aw_we <= F_LIMIT);
end

// ============================================================================================
// Auxiliary invariants for the induction step
// ============================================================================================
// rq entries routing a TX / RX descriptor fetch, bq entries routing a TX / RX STATUS write-back's
// response, rx_wq entries carrying a buffer's write-back (slot i holds an entry when
// (i - rd) < count)
integer f_i;
reg [OUT_LOG2-1:0] f_rage, f_bage;
reg [RWQ_LOG2-1:0] f_wage;
reg [3:0]          f_n_txd, f_n_rxd, f_n_txwb, f_n_rxwb, f_n_wqwb;
always @(*) begin
    f_n_txd  = 4'd0;
    f_n_rxd  = 4'd0;
    f_n_txwb = 4'd0;
    f_n_rxwb = 4'd0;
    f_n_wqwb = 4'd0;
    for (f_i = 0; f_i < F_RQ_N; f_i = f_i + 1) begin
        f_rage = f_i[OUT_LOG2-1:0] - f_p_rq_rd;
        if ({1'b0, f_rage} < rq_count && f_p_rq_mem[f_i * 2 +: 2] == RS_TXD) f_n_txd = f_n_txd + 4'd1;
        if ({1'b0, f_rage} < rq_count && f_p_rq_mem[f_i * 2 +: 2] == RS_RXD) f_n_rxd = f_n_rxd + 4'd1;
        f_bage = f_i[OUT_LOG2-1:0] - f_p_bq_rd;
        if ({1'b0, f_bage} < bq_count && f_p_bq_mem[f_i * 4 + 2 +: 2] == WS_TXWB) f_n_txwb = f_n_txwb + 4'd1;
        if ({1'b0, f_bage} < bq_count && f_p_bq_mem[f_i * 4 + 2 +: 2] == WS_RXWB) f_n_rxwb = f_n_rxwb + 4'd1;
    end
    for (f_i = 0; f_i < F_WQ_N; f_i = f_i + 1) begin
        f_wage = f_i[RWQ_LOG2-1:0] - f_p_rxwq_rd;
        if ({1'b0, f_wage} < rx_wq_count && f_p_rxwq_mem[f_i * RWQ_W + ADDR_WIDTH + 9])
            f_n_wqwb = f_n_wqwb + 4'd1;
    end
end

// offsets of the engine's next addresses inside their buffers (modulo 2^ADDR_WIDTH)
wire [ADDR_WIDTH-1:0] f_tx_eff = f_bus(f_tx_raw, f_tx_hi);
wire [ADDR_WIDTH-1:0] f_rx_eff = f_bus(f_rx_raw, f_rx_hi);
wire [ADDR_WIDTH-1:0] f_tx_o   = tx_rd_addr_reg - f_tx_eff;
wire [ADDR_WIDTH-1:0] f_rx_o   = rx_baddr_reg - f_rx_eff;
wire [65:0] f_tx_off = {{(66 - ADDR_WIDTH){1'b0}}, f_tx_o};
wire [65:0] f_rx_off = {{(66 - ADDR_WIDTH){1'b0}}, f_rx_o};
wire [65:0] f_tx_lft = {{(66 - BEAT_W){1'b0}}, tx_rd_left_reg} << F_LSB;   // bytes to request
wire [65:0] f_rx_lft = {{(66 - BEAT_W){1'b0}}, rx_left_reg} << F_LSB;      // bytes to fill

always @(*) if (f_past_valid) begin
    // I: the queues' pointers and counts agree
    assert(f_p_txdq_wr == f_p_txdq_rd + tx_dq_count[DQ_LOG2-1:0] && tx_dq_count <= F_DQ_N);
    assert(f_p_rxdq_wr == f_p_rxdq_rd + rx_dq_count[DQ_LOG2-1:0] && rx_dq_count <= F_DQ_N);
    assert(f_p_rxwq_wr == f_p_rxwq_rd + rx_wq_count[RWQ_LOG2-1:0] && rx_wq_count <= F_WQ_N);
    assert(f_p_rq_wr == f_p_rq_rd + rq_count[OUT_LOG2-1:0] && rq_count <= F_RQ_N);
    assert(f_p_bq_wr == f_p_bq_rd + bq_count[OUT_LOG2-1:0] && bq_count <= F_RQ_N);
    assert(tx_cq_count <= F_DQ_N && tx_wbq_count <= F_DQ_N);
    // I: fetch states are legal; one descriptor fetch in flight per ring, routed by rq
    assert(tx_fstate_reg <= F_CHECK && rx_fstate_reg <= F_CHECK);
    assert(f_n_txd == ((tx_fstate_reg == F_WAIT) ? 4'd1 : 4'd0));
    assert(f_n_rxd == ((rx_fstate_reg == F_WAIT) ? 4'd1 : 4'd0));
    // I: a fetch in flight has room for its descriptor in the queue
    if (tx_fstate_reg != F_IDLE) assert(!tx_dq_full);
    if (rx_fstate_reg != F_IDLE) assert(!rx_dq_full);
    // I: the TX descriptors held are those queued, being read or sent, waiting for their
    // write-back's AW, or waiting for its B
    assert(tx_held_reg == {13'd0, tx_dq_count} + {13'd0, tx_cq_count} + {13'd0, tx_wbq_count}
                          + {12'd0, f_n_txwb});
    // I: the RX buffers held are those queued, the open one, closed ones waiting for their
    // write-back's AW, or waiting for its B
    assert(rx_held_reg == {13'd0, rx_dq_count} + {15'd0, rx_buf_valid_reg} + {12'd0, f_n_wqwb}
                          + {12'd0, f_n_rxwb});
    // I: a busy ring (locked) passed the ring check: good shape, positions are ring slots
    if (tx_busy) assert(f_tx_ring_ok && tx_fetch_idx_reg < tx_size_reg && tx_wb_idx_reg < tx_size_reg);
    if (rx_busy) assert(f_rx_ring_ok && rx_fetch_idx_reg < rx_size_reg && rx_wb_idx_reg < rx_size_reg);

    // I: while TX data remain to be requested, the buffer passed the check and the next read
    // address is its start + the bytes requested, in whole beats, beat aligned
    if (tx_rd_left_reg != 0)
        assert(desc_code(f_tx_raw, f_tx_hi, f_tx_len, 1'b0) == ERR_NONE
               && f_tx_off + f_tx_lft == f_tx_bytes && tx_rd_addr_reg[F_LSB-1:0] == 0);

    // I: an open RX buffer passed the check; the open burst starts at its start + the bytes
    // closed, the beats left fill it exactly, the open burst is shorter than its limit
    if (rx_buf_valid_reg)
        assert(desc_code(f_rx_raw, f_rx_hi, f_rx_len, 1'b1) == ERR_NONE
               && f_rx_off + f_rx_lft == {50'd0, f_rx_len} && rx_baddr_reg[F_LSB-1:0] == 0
               && rx_left_reg != 0 && rx_bcnt_reg < rx_bmax);

end

// per queue slot (constant slot numbers; slot j holds an entry when (j - rd) mod N < count)
genvar f_j;
generate
    for (f_j = 0; f_j < F_DQ_N; f_j = f_j + 1) begin : g_f_dq
        localparam [DQ_LOG2-1:0] J = f_j;
        wire [DQ_LOG2-1:0] tx_age = J - f_p_txdq_rd;
        wire [DQ_LOG2-1:0] rx_age = J - f_p_rxdq_rd;
        wire [DQ_W-1:0]    tx_e   = f_p_txdq_mem[f_j * DQ_W +: DQ_W];
        wire [DQ_W-1:0]    rx_e   = f_p_rxdq_mem[f_j * DQ_W +: DQ_W];
        always @(*) if (f_past_valid) begin
            // I: a queued TX descriptor: its bus address and check code are those of its raw ADDR
            if ({1'b0, tx_age} < tx_dq_count)
                assert(tx_e[ADDR_WIDTH-1:0] == f_bus(f_txq_raw[f_j], f_txq_hi[f_j])
                       && tx_e[ADDR_WIDTH + 18 +: 4] == desc_code(f_txq_raw[f_j], f_txq_hi[f_j],
                              tx_e[ADDR_WIDTH +: 16], !tx_e[ADDR_WIDTH + 16]));
            // I: a queued RX descriptor: its bus address and check code are those of its raw ADDR
            if ({1'b0, rx_age} < rx_dq_count)
                assert(rx_e[ADDR_WIDTH-1:0] == f_bus(f_rxq_raw[f_j], f_rxq_hi[f_j])
                       && rx_e[ADDR_WIDTH + 18 +: 4] == desc_code(f_rxq_raw[f_j], f_rxq_hi[f_j],
                              rx_e[ADDR_WIDTH +: 16], 1'b1));
        end
    end
    for (f_j = 0; f_j < F_WQ_N; f_j = f_j + 1) begin : g_f_wq
        localparam [RWQ_LOG2-1:0] J = f_j;
        wire [RWQ_LOG2-1:0]   age   = J - f_p_rxwq_rd;
        wire [RWQ_W-1:0]      e     = f_p_rxwq_mem[f_j * RWQ_W +: RWQ_W];
        wire [ADDR_WIDTH-1:0] a     = e[ADDR_WIDTH-1:0];                 // burst address
        wire [8:0]            beats = e[ADDR_WIDTH +: 9];
        wire [ADDR_WIDTH-1:0] o     = a - f_bus(f_wq_raw[f_j], f_wq_hi[f_j]);
        wire [65:0]           off   = {{(66 - ADDR_WIDTH){1'b0}}, o};
        always @(*) if (f_past_valid) begin
            // I: a closed RX data burst lies in its buffer, which passed the check, and within a
            // 4 KiB page and MAX_BURST_LEN beats
            if ({1'b0, age} < rx_wq_count && beats != 9'd0)
                assert(desc_code(f_wq_raw[f_j], f_wq_hi[f_j], f_wq_len[f_j], 1'b1) == ERR_NONE
                       && off + ({57'd0, beats} << F_LSB) <= {50'd0, f_wq_len[f_j]}
                       && a[F_LSB-1:0] == 0 && beats <= MAX_BURST
                       && {1'b0, a[11:0]} + ({4'd0, beats} << F_LSB) <= 13'd4096);
        end
    end
endgenerate

// ============================================================================================
// Reachability (--cover): every kind of burst happens from reset
// ============================================================================================
reg f_ar_data, f_aw_data, f_aw_txwb;          // what the burst on the bus carries
always @(posedge clk) begin
    if (f_ar_load) f_ar_data <= tx_data_go;
    if (f_aw_load) begin
        f_aw_data <= aw_pick_rx && rx_aw_data;
        f_aw_txwb <= aw_pick_tx;
    end
end
always @(*) if (f_past_valid && !rst) begin
    cover(m_axi_arvalid && m_axi_arready && !f_ar_data);              // a descriptor fetch
    cover(m_axi_arvalid && m_axi_arready && f_ar_data);               // a TX data read
    cover(m_axi_awvalid && m_axi_awready && f_aw_data);               // an RX data write
    cover(m_axi_awvalid && m_axi_awready && f_aw_txwb);               // a TX STATUS write-back
    cover(m_axi_awvalid && m_axi_awready && !f_aw_data && !f_aw_txwb); // an RX STATUS write-back
end
`endif  // F_NO_ADDR

// data integrity of one TX packet (N4) and one RX buffer (N5): groups txdata, rxdata
`ifdef F_TXDATA
`include "nic_engine_formal_tx.vh"
`endif
`ifdef F_RXDATA
`include "nic_engine_formal_rx.vh"
`endif
