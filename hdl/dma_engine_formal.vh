// ============================================================================================
// Formal properties of dma_engine, included inside the module under `ifdef FORMAL.
// Proved by k-induction (base case + induction step) with yosys + yosys-smtbmc + yices:
// tools/formal.py, `make formal`. Strict mode (LEGACY_TRUNCATE = 0), and with -DF_LEGACY the
// legacy address properties L1-L3 (LEGACY_TRUNCATE = 1).
// Conventions (ZipCPU style): formal-only signals start with f_; every assume/assert carries a
// one-line comment naming the rule it states (P1..P4 = the properties of issue 3; A = assumption
// about the environment; I = auxiliary invariant the induction step needs).
// Two proof groups, each proved separately with the invariants it needs (tools/formal.py):
// -DF_NO_WBURST leaves the bus-address group (P1, P2, P3; with -DF_LEGACY: P2, L1-L3 and P1's
// no-wrap rule), -DF_NO_ADDR the W-burst group (P4:
// AWLEN+1 beats per burst, WLAST on the last); the handshake rules and the shared invariants
// are in both. Without either define (reachability run) the address and W-burst groups are
// compiled. Two more groups compile only their own sections next to the shared ones:
// -DF_COPY -DF_DATA (D1-D3: one tracked byte, data integrity) and -DF_COPY -DF_DONE (C1:
// completion within a computed bound), both bounded checks from reset; -DF_NO_INV leaves out
// their auxiliary invariants (needed only by an induction step, which does not close yet).
//
// Byte range of a burst: an INCR burst of full-width beats (AxSIZE = log2 B, B = DATA_WIDTH/8)
// starting at A covers, by the AXI rules, the bytes [A, (A & ~(B-1)) + (LEN+1)*B - 1] (an
// unaligned start transfers from A to the end of its first beat). The engine always issues beat
// aligned addresses, so this is [A, A + (LEN+1)*B - 1]. All sums below are 66 bits wide, so the
// checks themselves cannot wrap.
// ============================================================================================

// ---- Constants ----
localparam        F_LSB   = OFF_W;                                  // log2(bytes per beat)
localparam [65:0] F_BMASK = BYTES - 1;                              // byte offset inside a beat
localparam [65:0] F_LIMIT = {{(66 - ADDR_WIDTH){1'b0}}, {ADDR_WIDTH{1'b1}}}; // 2^ADDR_WIDTH - 1
localparam [65:0] F_DESC_BYTES = 66'd32;                            // one descriptor

// ---- Reset ----
// Every assertion is checked in every cycle after the first (power-up, before the first reset,
// registers hold anything), also while rst is high: the outputs then still show last cycle's
// registers, which a slave could accept. All checks are combinational, on f_ copies of last
// cycle's values, so the induction step needs no extra cycle for yosys' registered clocked
// assertions.
reg f_past_valid = 1'b0;
reg f_past_rst;                                                     // rst in the last cycle
always @(posedge clk) begin
    f_past_valid <= 1'b1;
    f_past_rst   <= rst;
end
// A: the environment resets the engine in the first cycle
always @(*) if (!f_past_valid) assume(rst);

// ============================================================================================
// Environment: a legal AXI4-Lite register master
// ============================================================================================
reg        f_l_aw_wait, f_l_w_wait, f_l_ar_wait;                   // VALID && !READY last cycle
reg [10:0] f_l_aw_pl;                                               // last cycle's AW payload
reg [35:0] f_l_w_pl;                                                // last cycle's W payload
reg [10:0] f_l_ar_pl;                                               // last cycle's AR payload
always @(posedge clk) begin
    f_l_aw_wait <= s_axil_awvalid && !s_axil_awready;
    f_l_w_wait  <= s_axil_wvalid && !s_axil_wready;
    f_l_ar_wait <= s_axil_arvalid && !s_axil_arready;
    f_l_aw_pl   <= {s_axil_awaddr, s_axil_awprot};
    f_l_w_pl    <= {s_axil_wdata, s_axil_wstrb};
    f_l_ar_pl   <= {s_axil_araddr, s_axil_arprot};
end
always @(*) if (f_past_valid) begin
    if (f_past_rst) begin
        // A: an AXI-Lite master drives its VALIDs low in the cycle after reset
        assume(!s_axil_awvalid && !s_axil_wvalid && !s_axil_arvalid);
    end else begin
        // A: AXI-Lite AWVALID stays up until AWREADY, address stable meanwhile
        if (f_l_aw_wait) assume(s_axil_awvalid && {s_axil_awaddr, s_axil_awprot} == f_l_aw_pl);
        // A: AXI-Lite WVALID stays up until WREADY, data and strobes stable meanwhile
        if (f_l_w_wait) assume(s_axil_wvalid && {s_axil_wdata, s_axil_wstrb} == f_l_w_pl);
        // A: AXI-Lite ARVALID stays up until ARREADY, address stable meanwhile
        if (f_l_ar_wait) assume(s_axil_arvalid && {s_axil_araddr, s_axil_arprot} == f_l_ar_pl);
    end
end

// ============================================================================================
// Environment: a legal AXI4 slave on the master port. It is assumed to do LESS than AXI
// guarantees: RLAST may come on any beat; it only answers bursts it has accepted (R after AR,
// B after AW and the burst's last W beat). Fewer assumptions = the proof covers every legal slave.
// ============================================================================================
wire f_ar_hs = m_axi_arvalid && m_axi_arready;                      // AR handshake
wire f_aw_hs = m_axi_awvalid && m_axi_awready;                      // AW handshake
wire f_r_hs  = m_axi_rvalid  && m_axi_rready;                       // R beat
wire f_b_hs  = m_axi_bvalid  && m_axi_bready;                       // B response

reg [4:0] f_rd_open;                                                // AR accepted, RLAST not seen
reg [4:0] f_wr_open;                                                // AW accepted, B not seen
reg [4:0] f_wl_open;                                                // WLAST done, B not seen
always @(posedge clk) begin
    if (rst) begin
        f_rd_open <= 5'd0;
        f_wr_open <= 5'd0;
        f_wl_open <= 5'd0;
    end else begin
        f_rd_open <= f_rd_open + (f_ar_hs ? 5'd1 : 5'd0) - ((f_r_hs && m_axi_rlast) ? 5'd1 : 5'd0);
        f_wr_open <= f_wr_open + (f_aw_hs ? 5'd1 : 5'd0) - (f_b_hs ? 5'd1 : 5'd0);
        f_wl_open <= f_wl_open + ((m_axi_wvalid && m_axi_wready && m_axi_wlast) ? 5'd1 : 5'd0)
                               - (f_b_hs ? 5'd1 : 5'd0);
    end
end

always @(*) if (!rst) begin
    // A: a slave returns read data only for a read burst it has accepted (AR before R)
    if (m_axi_rvalid) assume(f_rd_open != 5'd0);
    // A: a slave answers a write burst only after its AW and its last W beat (AW, WLAST before B)
    if (m_axi_bvalid) assume(f_wr_open != 5'd0 && f_wl_open != 5'd0);
    // A: a slave answers OKAY, SLVERR or DECERR (EXOKAY needs an exclusive access)
    if (m_axi_rvalid) assume(m_axi_rresp != 2'b01);
    // A: a slave answers OKAY, SLVERR or DECERR (EXOKAY needs an exclusive access)
    if (m_axi_bvalid) assume(m_axi_bresp != 2'b01);
end

localparam F_RPL = DATA_WIDTH + 3 + ID_WIDTH;                      // R beat: data, resp, last, id
localparam F_BPL = 2 + ID_WIDTH;                                    // B: resp, id
reg             f_r_wait, f_b_wait;                                 // VALID && !READY last cycle
reg [F_RPL-1:0] f_r_pl;                                             // last cycle's R beat
reg [F_BPL-1:0] f_b_pl;                                             // last cycle's B response
always @(posedge clk) begin
    f_r_wait <= m_axi_rvalid && !m_axi_rready;
    f_b_wait <= m_axi_bvalid && !m_axi_bready;
    f_r_pl   <= {m_axi_rdata, m_axi_rresp, m_axi_rlast, m_axi_rid};
    f_b_pl   <= {m_axi_bresp, m_axi_bid};
end
always @(*) if (f_past_valid) begin
    if (f_past_rst) begin
        // A: a slave drives its VALIDs low in the cycle after reset
        assume(!m_axi_rvalid && !m_axi_bvalid);
    end else begin
        // A: RVALID stays up until RREADY, the beat stable meanwhile
        if (f_r_wait) assume(m_axi_rvalid && {m_axi_rdata, m_axi_rresp, m_axi_rlast, m_axi_rid} == f_r_pl);
        // A: BVALID stays up until BREADY, the response stable meanwhile
        if (f_b_wait) assume(m_axi_bvalid && {m_axi_bresp, m_axi_bid} == f_b_pl);
    end
end

// ============================================================================================
// P4: AXI4 handshake rules on the master port
// ============================================================================================
localparam F_APL = ADDR_WIDTH + 8 + 3 + 2 + ID_WIDTH + 1 + 4 + 3;  // AR/AW payload bits
localparam F_WPL = DATA_WIDTH + DATA_WIDTH / 8 + 1;                 // W payload bits
wire [F_APL-1:0] f_ar_now = {m_axi_araddr, m_axi_arlen, m_axi_arsize, m_axi_arburst, m_axi_arid,
                             m_axi_arlock, m_axi_arcache, m_axi_arprot};
wire [F_APL-1:0] f_aw_now = {m_axi_awaddr, m_axi_awlen, m_axi_awsize, m_axi_awburst, m_axi_awid,
                             m_axi_awlock, m_axi_awcache, m_axi_awprot};
wire [F_WPL-1:0] f_w_now  = {m_axi_wdata, m_axi_wstrb, m_axi_wlast};
reg              f_ar_wait, f_aw_wait, f_w_wait;                    // VALID && !READY last cycle
reg [F_APL-1:0]  f_ar_pl, f_aw_pl;                                  // last cycle's payloads
reg [F_WPL-1:0]  f_w_pl;
always @(posedge clk) begin
    f_ar_wait <= m_axi_arvalid && !m_axi_arready;
    f_aw_wait <= m_axi_awvalid && !m_axi_awready;
    f_w_wait  <= m_axi_wvalid && !m_axi_wready;
    f_ar_pl   <= f_ar_now;
    f_aw_pl   <= f_aw_now;
    f_w_pl    <= f_w_now;
end
always @(*) if (f_past_valid) begin
    if (f_past_rst) begin
        // P4: the master's VALIDs are low in the cycle after reset
        assert(!m_axi_arvalid && !m_axi_awvalid && !m_axi_wvalid);
    end else begin
        // P4: ARVALID stays up until ARREADY, the whole AR payload stable meanwhile
        if (f_ar_wait) assert(m_axi_arvalid && f_ar_now == f_ar_pl);
        // P4: AWVALID stays up until AWREADY, the whole AW payload stable meanwhile
        if (f_aw_wait) assert(m_axi_awvalid && f_aw_now == f_aw_pl);
        // P4: WVALID stays up until WREADY, data, strobes and WLAST stable meanwhile
        if (f_w_wait) assert(m_axi_wvalid && f_w_now == f_w_pl);
    end
end

always @(*) if (f_past_valid) begin
    // P4: read bursts are INCR with full-width beats (ARSIZE = log2(DATA_WIDTH/8))
    if (m_axi_arvalid) assert(m_axi_arsize == F_LSB && m_axi_arburst == 2'b01);
    // P4: write bursts are INCR with full-width beats (AWSIZE = log2(DATA_WIDTH/8))
    if (m_axi_awvalid) assert(m_axi_awsize == F_LSB && m_axi_awburst == 2'b01);
end

// ============================================================================================
// Shared by both proof groups: the FSM is legal and the write side only moves while copying
// ============================================================================================
always @(*) if (f_past_valid) begin
    // I: the job FSM is in one of its six states
    assert(state_reg <= S_COPY);
    // I: BUSY is exactly "the FSM is not idle"
    assert(busy_reg == (state_reg != S_IDLE));
    // I: AW is only on the bus while copying
    if (state_reg != S_COPY) assert(!m_axi_awvalid_reg);
    // I: no write burst awaits W data outside a copy (so no W beat can be loaded)
    if (state_reg != S_COPY) assert(wl_count_reg == 0);
    // P3: W data only flows while copying a buffer that passed its checks (no W for a refused item)
    if (state_reg != S_COPY) assert(!m_axi_wvalid_reg);
end

`ifndef F_NO_ADDR
// ============================================================================================
// P1, P2: the bytes each burst covers, as seen on the port
// ============================================================================================
wire [65:0] f_ar_first = {{(66 - ADDR_WIDTH){1'b0}}, m_axi_araddr};              // first byte
wire [65:0] f_ar_bytes = ({58'd0, m_axi_arlen} + 66'd1) << F_LSB;                // whole beats
wire [65:0] f_ar_last  = (f_ar_first & ~F_BMASK) + f_ar_bytes - 66'd1;           // last byte
wire [65:0] f_aw_first = {{(66 - ADDR_WIDTH){1'b0}}, m_axi_awaddr};
wire [65:0] f_aw_bytes = ({58'd0, m_axi_awlen} + 66'd1) << F_LSB;
wire [65:0] f_aw_last  = (f_aw_first & ~F_BMASK) + f_aw_bytes - 66'd1;

always @(*) if (f_past_valid) begin
    // P1: every byte of an AR burst is at or below 2^ADDR_WIDTH-1 (the burst does not wrap)
    if (m_axi_arvalid) assert(f_ar_last <= F_LIMIT);
    // P1: every byte of an AW burst is at or below 2^ADDR_WIDTH-1 (the burst does not wrap)
    if (m_axi_awvalid) assert(f_aw_last <= F_LIMIT);
    // P2: no AR burst crosses a 4 KiB boundary
    if (m_axi_arvalid) assert(f_ar_first[65:12] == f_ar_last[65:12]);
    // P2: no AW burst crosses a 4 KiB boundary
    if (m_axi_awvalid) assert(f_aw_first[65:12] == f_aw_last[65:12]);
    // P2: ARLEN never exceeds MAX_BURST_LEN-1
    if (m_axi_arvalid) assert({24'd0, m_axi_arlen} <= MAX_BURST_LEN - 1);
    // P2: AWLEN never exceeds MAX_BURST_LEN-1
    if (m_axi_awvalid) assert({24'd0, m_axi_awlen} <= MAX_BURST_LEN - 1);
end

// ============================================================================================
// The work the driver handed over, as written (64-bit addresses, before any truncation):
// single job: SRC/DST/LEN at START; chain: DESC at START, then each descriptor's own fields as
// fetched (src, dst, len, next), taken from the fetched 32 bytes when the engine parses them.
// ============================================================================================
// events of the job FSM the shadows follow
wire f_job_start  = lw_fire && lw_idx == 6'd2 && s_axil_wstrb[0] && s_axil_wdata[0] && !busy_reg;
wire f_desc_got   = (state_reg == S_DESC_FETCH) && (state_next == S_DESC_PARSE);
wire f_desc_next  = (state_reg == S_COPY) && (state_next == S_DESC_CHECK);

reg  [63:0] f_bsrc, f_bdst, f_bnext;                // current buffer: src, dst; next descriptor
reg  [31:0] f_blen;                                 // current buffer: length
reg  [63:0] f_desc;                                 // current descriptor address
reg  [3:0]  f_item_hs;                              // AR+AW handshakes since the current item
                                                    // (job / descriptor / its buffers) began
always @(posedge clk) begin
    if (f_job_start) begin
        f_bsrc <= src_reg; f_bdst <= dst_reg; f_blen <= len_reg; f_desc <= desc_reg;
    end else if (state_reg == S_DESC_PARSE) begin
        f_bsrc  <= desc_data_reg[63:0];
        f_bdst  <= desc_data_reg[127:64];
        f_blen  <= desc_data_reg[159:128];
        f_bnext <= desc_data_reg[255:192];
    end else if (f_desc_next) begin
        f_desc <= f_bnext;
    end
    if (rst || f_job_start || f_desc_got || f_desc_next)
        f_item_hs <= 4'd0;
    else if ((f_ar_hs || f_aw_hs) && f_item_hs != 4'hF)
        f_item_hs <= f_item_hs + 4'd1;
end

wire [65:0] f_src_al  = {2'b0, f_bsrc} & ~F_BMASK;                  // source, beat aligned
wire [65:0] f_dst_al  = {2'b0, f_bdst} & ~F_BMASK;
wire [65:0] f_src_end = {2'b0, f_bsrc} + {34'd0, f_blen} - 66'd1;   // last source byte
wire [65:0] f_dst_end = {2'b0, f_bdst} + {34'd0, f_blen} - 66'd1;   // last destination byte
wire [65:0] f_desc_w  = {2'b0, f_desc};
wire        f_rd_desc = rd_desc_mode_reg;                           // AR is a descriptor fetch

`ifndef F_LEGACY
always @(*) if (f_past_valid) begin
    // P1: a data AR burst lies inside the source buffer (rounded out to whole beats) ...
    if (m_axi_arvalid && !f_rd_desc)
        assert(f_ar_first >= f_src_al && f_ar_last <= (f_src_end | F_BMASK));
    // P1: ... and that buffer ends at or below 2^ADDR_WIDTH-1 without wrapping (range check)
    if (m_axi_arvalid && !f_rd_desc) assert(f_src_end <= F_LIMIT);
    // P1: a descriptor-fetch AR lies inside the 32-byte descriptor ...
    if (m_axi_arvalid && f_rd_desc)
        assert(f_ar_first >= f_desc_w && f_ar_last <= f_desc_w + F_DESC_BYTES - 66'd1);
    // P1: ... which ends at or below 2^ADDR_WIDTH-1 without wrapping (range check)
    if (m_axi_arvalid && f_rd_desc) assert(f_desc_w + F_DESC_BYTES - 66'd1 <= F_LIMIT);
    // P1: an AW burst lies inside the destination buffer (rounded out to whole beats) ...
    if (m_axi_awvalid) assert(f_aw_first >= f_dst_al && f_aw_last <= (f_dst_end | F_BMASK));
    // P1: ... and that buffer ends at or below 2^ADDR_WIDTH-1 without wrapping (range check)
    if (m_axi_awvalid) assert(f_dst_end <= F_LIMIT);
end

// P3: while STATUS shows ERR_CODE 1, no AR/AW was issued for the item that failed: for a single
// job none since its START; for a chain none since the failing descriptor's pointer was taken
// (its own address failed) or since it was fetched (its buffers failed): nothing of its data
always @(*)
    if (f_past_valid && err_reg && err_code_reg == E_RANGE) assert(f_item_hs == 4'd0);
`else
// ============================================================================================
// L1-L3: legacy mode (LEGACY_TRUNCATE = 1, -DF_LEGACY). The engine refuses nothing for range and
// drops the address bits above ADDR_WIDTH. The intended address of a burst is where it belongs in
// the driver's untruncated work: the item's beat-aligned start (buffer src/dst or descriptor, the
// 64-bit value as written) plus the bytes of the item's earlier bursts on that channel, in 66
// bits (f_ar_sum / f_aw_sum count them from the accepted handshakes).
// ============================================================================================
reg  [65:0] f_ar_sum, f_aw_sum;                     // bytes of AR / AW bursts accepted this item
always @(posedge clk) begin
    if (rst || (state_reg != S_DESC_FETCH && state_reg != S_COPY)) f_ar_sum <= 66'd0;
    else if (f_ar_hs) f_ar_sum <= f_ar_sum + f_ar_bytes;
    if (rst || state_reg != S_COPY) f_aw_sum <= 66'd0;
    else if (f_aw_hs) f_aw_sum <= f_aw_sum + f_aw_bytes;
end
wire        f_fetch  = (state_reg == S_DESC_FETCH);
wire [65:0] f_ar_int = (f_fetch ? f_desc_w : f_src_al) + f_ar_sum;  // intended AR address
wire [65:0] f_aw_int = f_dst_al + f_aw_sum;                         // intended AW address
wire [65:0] f_ar_end = f_fetch ? f_desc_w + F_DESC_BYTES - 66'd1 : (f_src_end | F_BMASK);

always @(*) if (f_past_valid) begin
    // L1: every AR address is its intended (untruncated) address modulo 2^ADDR_WIDTH
    if (m_axi_arvalid) assert(f_ar_first == (f_ar_int & F_LIMIT));
    // L1: every AW address is its intended (untruncated) address modulo 2^ADDR_WIDTH
    if (m_axi_awvalid) assert(f_aw_first == (f_aw_int & F_LIMIT));
    // L2: the intended bytes of an AR burst lie inside its buffer (rounded out to whole beats) or
    // descriptor (unwrapped, 66 bits)
    if (m_axi_arvalid) assert(f_ar_int + f_ar_bytes - 66'd1 <= f_ar_end);
    // L2: the intended bytes of an AW burst lie inside the destination buffer (unwrapped)
    if (m_axi_awvalid) assert(f_aw_int + f_aw_bytes - 66'd1 <= (f_dst_end | F_BMASK));
    // L3: as in strict mode, a data AR burst of an in-range source lies inside that buffer
    if (m_axi_arvalid && !f_fetch && f_src_end <= F_LIMIT)
        assert(f_ar_first >= f_src_al && f_ar_last <= (f_src_end | F_BMASK));
    // L3: as in strict mode, a descriptor fetch of an in-range descriptor lies inside it
    if (m_axi_arvalid && f_fetch && f_desc_w + F_DESC_BYTES - 66'd1 <= F_LIMIT)
        assert(f_ar_first >= f_desc_w && f_ar_last <= f_desc_w + F_DESC_BYTES - 66'd1);
    // L3: as in strict mode, an AW burst of an in-range destination lies inside that buffer
    if (m_axi_awvalid && f_dst_end <= F_LIMIT)
        assert(f_aw_first >= f_dst_al && f_aw_last <= (f_dst_end | F_BMASK));
    // L3: legacy mode never ends a job in ERR_CODE 1
    assert(!(err_reg && err_code_reg == E_RANGE));
end
`endif

// ============================================================================================
// Auxiliary invariants for the induction step: they tie the engine's registers to the shadows
// ============================================================================================
wire [65:0] f_rd_iss = {{(66 - BEATS_W){1'b0}}, rd_issued_reg}     << F_LSB;  // bytes requested
wire [65:0] f_rd_lft = {{(66 - BEATS_W){1'b0}}, rd_beats_left_reg} << F_LSB;  // bytes to request
wire [65:0] f_wr_iss = {{(66 - BEATS_W){1'b0}}, wr_issued_reg}     << F_LSB;
wire [65:0] f_wr_lft = {{(66 - BEATS_W){1'b0}}, wr_beats_left_reg} << F_LSB;
wire [65:0] f_rd_at  = ((state_reg == S_DESC_FETCH) ? f_desc_w : f_src_al) + f_rd_iss; // next AR
wire [65:0] f_wr_at  = f_dst_al + f_wr_iss;                                            // next AW
wire        f_chk    = (state_reg == S_DESC_CHECK) || (state_reg == S_DESC_PARSE)
                       || (state_reg == S_BUF_CHECK);

always @(*) if (f_past_valid) begin
    // I: a recorded stop cause is a bus error or an abort (the only causes COPY/FETCH forward)
    assert(stop_code_reg == E_NONE || stop_code_reg == E_BUS || stop_code_reg == E_ABORT);
    // I: a running job shows no error yet (START cleared it; ERR is set as BUSY falls)
    if (busy_reg) assert(!err_reg && err_code_reg == E_NONE);
    // I: AR is only on the bus while fetching a descriptor or copying
    if (state_reg != S_DESC_FETCH && state_reg != S_COPY) assert(!m_axi_arvalid_reg);
    // I: no handshake happened for the item under check (it only just became current)
    if (f_chk) assert(f_item_hs == 4'd0);
    // I: descriptor states belong to a chain; the descriptor pointer is the shadow's
    if (state_reg == S_DESC_CHECK || state_reg == S_DESC_FETCH || state_reg == S_DESC_PARSE)
        assert(job_sg_reg && cur_desc_reg == f_desc);
    // I: while fetching, reads go to the descriptor, which is aligned and passed the engine's
    // range check (stated via range_bad so that the teeth build fails on P1, not here)
    if (state_reg == S_DESC_FETCH)
        assert(rd_desc_mode_reg && f_desc[4:0] == 5'd0 && !desc_bad
               && f_rd_iss + f_rd_lft == F_DESC_BYTES);
    // I: while checking or copying a buffer, the engine's buffer registers are the shadow's
    if (state_reg == S_BUF_CHECK || state_reg == S_COPY)
        assert(buf_src_reg == f_bsrc && buf_dst_reg == f_bdst && buf_len_reg == f_blen);
    // I: while checking or copying a chain's buffer, the next-descriptor pointer is the shadow's
    if ((state_reg == S_BUF_CHECK || state_reg == S_COPY) && job_sg_reg)
        assert(buf_nextd_reg == f_bnext);
    // I: while copying, reads are data reads, and the buffers passed the engine's length and
    // range checks (stated via range_bad so that the teeth build fails on P1, not here)
    if (state_reg == S_COPY)
        assert(!rd_desc_mode_reg && f_blen != 32'd0 && !src_bad && !dst_bad);
    // I: while copying, requested + still-to-request read bytes cover the source exactly
    if (state_reg == S_COPY) assert(f_src_al + f_rd_iss + f_rd_lft == (f_src_end | F_BMASK) + 66'd1);
    // I: while copying, requested + still-to-request write bytes cover the destination exactly
    if (state_reg == S_COPY) assert(f_dst_al + f_wr_iss + f_wr_lft == (f_dst_end | F_BMASK) + 66'd1);
    // I: the next read burst starts right after the bytes already requested
    if (state_reg == S_DESC_FETCH || state_reg == S_COPY)
        assert(rd_addr_reg == f_rd_at[ADDR_WIDTH-1:0]);
    // I: the next write burst starts right after the bytes already requested
    if (state_reg == S_COPY) assert(wr_addr_reg == f_wr_at[ADDR_WIDTH-1:0]);
`ifndef F_LEGACY
    // I: the AR on the bus is the last one requested: it ends where the requested bytes end
    if (m_axi_arvalid_reg) assert(f_ar_bytes <= f_rd_iss && f_ar_first + f_ar_bytes == f_rd_at);
    // I: the AW on the bus is the last one requested: it ends where the requested bytes end
    if (m_axi_awvalid_reg) assert(f_aw_bytes <= f_wr_iss && f_aw_first + f_aw_bytes == f_wr_at);
`else
    // I: an AR on the bus is the last one requested; before it, the accepted bursts
    if (m_axi_arvalid_reg) assert(f_ar_bytes <= f_rd_iss && f_ar_sum + f_ar_bytes == f_rd_iss);
    if (!m_axi_arvalid_reg && (f_fetch || state_reg == S_COPY)) assert(f_ar_sum == f_rd_iss);
    // I: an AW on the bus is the last one requested; before it, the accepted bursts
    if (m_axi_awvalid_reg) assert(f_aw_bytes <= f_wr_iss && f_aw_sum + f_aw_bytes == f_wr_iss);
    if (!m_axi_awvalid_reg && state_reg == S_COPY) assert(f_aw_sum == f_wr_iss);
`endif
end

`endif
`ifndef F_NO_WBURST
// ============================================================================================
// P4 (W bursts): every write burst gets exactly AWLEN+1 W beats, WLAST on the last one
// ============================================================================================
wire       f_aw_new  = m_axi_awvalid && !(f_aw_wait && !f_past_rst);  // AW burst shown first time
wire       f_w_last  = m_axi_wvalid && m_axi_wready && m_axi_wlast;   // last W beat handshake
reg  [7:0] f_wq_len [0:OUT_DEPTH-1];  // AWLEN of shown bursts without WLAST yet, oldest first
reg  [4:0] f_wq_cnt;                  // bursts in f_wq_len
reg  [7:0] f_w_beat;                  // W beats handshaken in the oldest of them
integer    f_i;
always @(posedge clk) begin
    if (rst) begin
        f_wq_cnt <= 5'd0;
        f_w_beat <= 8'd0;
    end else begin
        for (f_i = 0; f_i < OUT_DEPTH; f_i = f_i + 1)
            if (f_w_last)
                f_wq_len[f_i] <= (f_i + 1 < OUT_DEPTH) ? f_wq_len[f_i + 1] : 8'd0;
        if (f_aw_new)
            f_wq_len[f_wq_cnt - (f_w_last ? 5'd1 : 5'd0)] <= m_axi_awlen;
        f_wq_cnt <= f_wq_cnt + (f_aw_new ? 5'd1 : 5'd0) - (f_w_last ? 5'd1 : 5'd0);
        if (m_axi_wvalid && m_axi_wready) f_w_beat <= m_axi_wlast ? 8'd0 : f_w_beat + 8'd1;
    end
end

always @(*) if (f_past_valid) begin
    // P4: W beats only for a write burst already announced on AW
    if (m_axi_wvalid) assert(f_wq_cnt != 5'd0);
    // P4: WLAST is set exactly on beat AWLEN of its burst (AWLEN+1 beats per burst)
    if (m_axi_wvalid) assert(m_axi_wlast == (f_w_beat == f_wq_len[0]));
end

// Invariants: the engine's burst-length FIFO (wl_mem) holds the shadow's bursts
wire       f_wx = m_axi_wvalid_reg && m_axi_wlast_reg;   // last beat loaded: head already popped
wire [4:0] f_wlc = {{(4 - OUT_LOG2){1'b0}}, wl_count_reg};
wire [4:0] f_wro = {{(4 - OUT_LOG2){1'b0}}, wr_out_reg};
always @(*) if (f_past_valid) begin
    // I: the shadow counters stay within the engine's OUT_DEPTH open write bursts
    assert(f_wq_cnt <= OUT_DEPTH && f_wl_open <= OUT_DEPTH && f_wr_open <= OUT_DEPTH);
    // I: loaded AW bursts not yet answered = accepted ones not answered + the one on the bus
    assert(f_wro == f_wr_open + {4'd0, m_axi_awvalid_reg});
    // I: bursts in the W FIFO + a loaded last beat = shadow bursts + the one just shown
    assert(f_wlc + f_wx == f_wq_cnt + f_aw_new);
    // I: write bursts not yet answered = loaded AWs (wr_out) = WLAST pending + WLAST done
    assert(f_wro == f_wq_cnt + f_aw_new + f_wl_open);
    // I: the engine never has more than OUT_DEPTH write bursts open
    assert(f_wro <= OUT_DEPTH);
    // I: the W FIFO's pointers and count agree
    assert(wl_count_reg <= OUT_DEPTH
           && wl_wr_ptr_reg == wl_rd_ptr_reg + wl_count_reg[OUT_LOG2-1:0]);
    // I: an AW on the bus is the newest entry of the W FIFO
    if (m_axi_awvalid) assert(wl_mem[wl_wr_ptr_reg - 1'b1] == m_axi_awlen);
    // I: FIFO entry j is shadow burst j (+1 while the head's last beat waits on W)
    for (f_i = 0; f_i < OUT_DEPTH; f_i = f_i + 1)
        if (f_i < f_wlc && f_i + f_wx < f_wq_cnt)
            assert(wl_mem[wl_rd_ptr_reg + f_i[OUT_LOG2-1:0]] == f_wq_len[f_i + f_wx]);
    // I: beat counters: a loaded last beat closes the burst in the engine
    if (f_wx) assert(w_beat_cnt_reg == 8'd0);
    // I: a loaded non-last beat is counted by the engine but not yet by the shadow
    if (m_axi_wvalid_reg && !m_axi_wlast_reg)
        assert(w_beat_cnt_reg == f_w_beat + 8'd1 && f_w_beat < f_wq_len[0]);
    // I: with no beat loaded, engine and shadow have counted the same beats
    if (!m_axi_wvalid_reg) assert(w_beat_cnt_reg == f_w_beat);
    // I: with no beat loaded, the beats sent stay within the oldest burst
    if (!m_axi_wvalid_reg && f_wq_cnt != 0) assert(f_w_beat <= f_wq_len[0]);
    // I: with no burst open, no beat has been sent
    if (!m_axi_wvalid_reg && f_wq_cnt == 0) assert(f_w_beat == 8'd0);
end

`endif
`ifndef F_NO_ADDR
// ============================================================================================
// Reachability (run with `tools/formal.py --cover`): the assumptions leave the interesting
// behaviour possible, so the proof above is not vacuous
// ============================================================================================
always @(*) if (f_past_valid && !rst) begin
    // C: a data read burst is accepted
    cover(f_ar_hs && !f_rd_desc);
    // C: a write burst is accepted
    cover(f_aw_hs);
    // C: a descriptor fetch burst is accepted
    cover(f_ar_hs && f_rd_desc);
`ifndef F_LEGACY
    // C: a job ends in ERR_CODE 1
    cover(err_reg && err_code_reg == E_RANGE);
`else
    // C: a data AR burst whose intended address lies above 2^ADDR_WIDTH-1 (truncated on the bus)
    cover(f_ar_hs && !f_fetch && f_ar_int > F_LIMIT);
    // C: an AW burst whose intended address lies above 2^ADDR_WIDTH-1
    cover(f_aw_hs && f_aw_int > F_LIMIT);
    // C: a source buffer that starts below 2^ADDR_WIDTH and wraps: its burst at the top comes out at 0
    cover(f_ar_hs && !f_fetch && f_src_al <= F_LIMIT && f_ar_int == F_LIMIT + 66'd1);
    // C: a descriptor fetch whose descriptor lies above 2^ADDR_WIDTH-1
    cover(f_ar_hs && f_fetch && f_desc_w > F_LIMIT);
`endif
    // C: a job ends DONE
    cover(done_reg);
end
`endif
`ifdef F_COPY
// ============================================================================================
// Copy path (data group -DF_DATA and completion group -DF_DONE both compile this section):
// one tracked byte. f_k is an arbitrary (anyconst) byte offset; in every buffer with LEN > f_k
// the byte the slave returns at src + f_k is f_v (also anyconst). Read beat n of a buffer is the
// n-th data R beat since the copy began; with AR bursts issued in order from the beat-aligned
// source start (address group) and ARLEN+1 beats per burst (AXI), it carries the bytes
// src_al + n*B .. src_al + n*B + B-1. Likewise W beat m is at dst_al + m*B (address group and
// W-burst group). So byte src+k is lane (s_off+k) mod B of read beat (s_off+k)/B, and byte dst+k
// is lane (d_off+k) mod B of W beat (d_off+k)/B.
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

// byte lanes of the loaded W beat f_wi that lie in [dst, dst + len - 1]
reg [BYTES-1:0] f_wmask;
reg [35:0]      f_pos;
integer         f_j;
always @(*) begin
    for (f_j = 0; f_j < BYTES; f_j = f_j + 1) begin
        f_pos = {{(36 - BEATS_W - OFF_W){1'b0}}, f_wi, {OFF_W{1'b0}}} + f_j;
        f_wmask[f_j] = (f_pos >= {{(36 - OFF_W){1'b0}}, d_off})
                       && (f_pos < {{(36 - OFF_W){1'b0}}, d_off} + {4'd0, buf_len_reg});
    end
end

// the same lanes as the engine computes them: from the first lane lo and the byte count of beat
// f_wi (bytes of the buffer in beats before it: f_wcov_i)
wire [35:0]    f_wcovi_raw = {{(36 - BEATS_W - OFF_W){1'b0}}, f_wi, {OFF_W{1'b0}}}
                             - {{(36 - OFF_W){1'b0}}, d_off};
wire [31:0]    f_wcov_i    = (f_wi == 0) ? 32'd0
                           : (f_wcovi_raw > {4'd0, buf_len_reg}) ? buf_len_reg : f_wcovi_raw[31:0];
wire [OFF_W-1:0] f_slo     = (f_wi == 0) ? d_off : {OFF_W{1'b0}};
wire [OFF_W:0]   f_savail  = BYTES[OFF_W:0] - {1'b0, f_slo};
wire [31:0]      f_sleft   = buf_len_reg - f_wcov_i;
wire [OFF_W:0]   f_scnt    = (f_sleft < {{(31 - OFF_W){1'b0}}, f_savail}) ? f_sleft[OFF_W:0] : f_savail;
wire [BYTES-1:0] f_smask   = ({BYTES{1'b1}} >> (BYTES[OFF_W:0] - f_scnt)) << f_slo;

// bytes of the buffer covered by the first f_wld W beats
wire [35:0] f_wcov_raw = {{(36 - BEATS_W - OFF_W){1'b0}}, f_wld, {OFF_W{1'b0}}}
                         - {{(36 - OFF_W){1'b0}}, d_off};
wire [31:0] f_wcov     = (f_wld == 0) ? 32'd0
                       : (f_wcov_raw > {4'd0, buf_len_reg}) ? buf_len_reg : f_wcov_raw[31:0];
// read beats the W path must have popped after loading f_wld W beats: f_wld (+1 with a lead beat)
wire [BEATS_W:0] f_need_raw = {1'b0, f_wld} + {{BEATS_W{1'b0}}, wr_pre_reg};
wire [BEATS_W-1:0] f_need   = (f_need_raw > {1'b0, f_tr}) ? f_tr : f_need_raw[BEATS_W-1:0];
// W beats still owed by the bursts in the W burst-length FIFO
reg [12:0] f_wl_sum;
always @(*) begin
    f_wl_sum = 13'd0;
    for (f_j = 0; f_j < OUT_DEPTH; f_j = f_j + 1)
        if (f_j < wl_count_reg)
            f_wl_sum = f_wl_sum + {5'd0, wl_mem[wl_rd_ptr_reg + f_j[OUT_LOG2-1:0]]} + 13'd1;
end
wire [BEATS_W-1:0] f_wl_owed = {{(BEATS_W - 13){1'b0}}, f_wl_sum}
                             - {{(BEATS_W - 8){1'b0}}, w_beat_cnt_reg};

`ifndef F_NO_INV
// Invariants of the copy path
always @(*) if (f_past_valid) begin
    // I: a bus error always has a recorded stop cause
    if (bus_err_reg) assert(stop_code_reg != E_NONE);
    // I: read bursts outstanding = accepted ones not finished + the one on the bus
    assert(rd_out_reg == f_rd_open + {4'd0, m_axi_arvalid_reg} && rd_out_reg <= OUT_DEPTH
           && f_rd_open <= OUT_DEPTH);
    // I: nothing is read outside a descriptor fetch or a copy
    if (state_reg != S_DESC_FETCH && state_reg != S_COPY) assert(!m_axi_arvalid_reg && rd_out_reg == 0);
    // I: the W burst-length FIFO: count and pointers agree
    assert(wl_count_reg <= OUT_DEPTH && wl_wr_ptr_reg == wl_rd_ptr_reg + wl_count_reg[OUT_LOG2-1:0]);
    // I: write bursts outstanding = bursts awaiting W beats + a loaded last beat + WLAST sent
    assert(wr_out_reg == wl_count_reg + {3'd0, m_axi_wvalid_reg && m_axi_wlast_reg} + f_wl_open
           && wr_out_reg <= OUT_DEPTH && f_wl_open <= OUT_DEPTH);
end
always @(*) if (f_past_valid && f_copy) begin
    // I: the W path's shift, offset and lead-beat flag belong to this buffer
    assert(w_shift_reg == d_off - s_off && w_doff_reg == d_off && wr_pre_reg == (s_off > d_off));
    // I: copy reads are data reads; the next burst addresses are beat aligned (so every burst
    // has at least one beat)
    assert(!rd_desc_mode_reg && rd_addr_reg[OFF_W-1:0] == 0 && wr_addr_reg[OFF_W-1:0] == 0);
    // I: requested + still-to-request beats = the buffer's beats (read and write)
    assert(rd_issued_reg + rd_beats_left_reg == f_tr && wr_issued_reg + wr_beats_left_reg == f_tw
           && rd_issued_reg <= f_tr && wr_issued_reg <= f_tw);
    // I: the AR on the bus is part of the requested beats
    if (m_axi_arvalid_reg) assert(f_arb <= rd_issued_reg);
    // I: beats received <= beats accepted; the W path popped only received beats
    assert(f_rcnt <= f_racc && w_rd_left_reg <= f_tr && f_pop <= f_rcnt);
    // I: the read-data FIFO holds exactly the received beats not yet popped
    assert(df_count_reg == f_rcnt - f_pop
           && df_wr_ptr_reg == df_rd_ptr_reg + df_count_reg[DF_LOG2-1:0]);
    // I: FIFO space is reserved for every requested beat not yet popped, within its depth
    assert(df_resv_reg == rd_issued_reg - f_pop && rd_issued_reg - f_pop <= DF_DEPTH);
    // I: the lead beat (source offset > destination offset) is popped before the first W beat
    if (w_preload_reg) assert(wr_pre_reg && f_pop == 0 && f_wld == 0);
    // I: after it, W beat m is built from read beats m-1+pre and m+pre: popped = f_wld (+1)
    if (!w_preload_reg) assert(f_pop == f_need);
    // I: first-beat flag, bytes left and W beat count agree
    assert(w_first_reg == (f_wld == 0) && f_wld <= f_tw && w_bytes_left_reg == buf_len_reg - f_wcov);
    // I: the head's beat counter stays within the head burst of the W burst-length FIFO
    if (wl_count_reg != 0) assert(w_beat_cnt_reg <= wl_mem[wl_rd_ptr_reg]);
    if (wl_count_reg == 0) assert(w_beat_cnt_reg == 8'd0);
    // I: AW beats requested = W beats loaded + the beats still owed to the bursts in the FIFO
    assert(f_wld <= wr_issued_reg && wr_issued_reg - f_wld == f_wl_owed
           && f_wl_sum >= {5'd0, w_beat_cnt_reg});
    // I: a loaded W beat carries its strobes (none after a bus error)
    if (m_axi_wvalid_reg) assert(f_wld != 0 && (m_axi_wstrb_reg & ~f_smask) == 0);
    if (m_axi_wvalid_reg && !bus_err_reg) assert(m_axi_wstrb_reg == f_smask);
    // I: those lanes are the bytes of [dst, dst + len - 1] in beat f_wi
    if (m_axi_wvalid_reg) assert(f_smask == f_wmask);
    // I: dst+k is strobed once its beat was sent (unless a bus error forced strobes off)
    if (f_wcnt <= f_wk) assert(f_nstr == 2'd0);
    if (f_wcnt > f_wk && f_in && !bus_err_reg) assert(f_nstr == 2'd1);
end
`endif
`endif

`ifdef F_DATA
// ============================================================================================
// D1-D3: data integrity of every copied buffer (single job or chain item)
// ============================================================================================
always @(*) if (f_past_valid && f_copy) begin
    // D3: a W beat never strobes a byte outside [dst, dst + len - 1], and the buffer has no more
    // W beats than its bytes need
    if (m_axi_wvalid) assert(f_wld <= f_tw && (m_axi_wstrb & ~f_wmask) == 0);
    // D1: the W beat that strobes dst+k carries the byte the engine read at src+k
    if (m_axi_wvalid && f_in && f_wi == f_wk && m_axi_wstrb[f_wl])
        assert(m_axi_wdata[{f_wl, 3'b000} +: 8] == f_v);
    // D2: dst+k is strobed at most once ...
    assert(f_nstr <= 2'd1);
    // D2: ... and exactly once when the buffer completes without an error
    if (f_in && state_next != S_COPY && stop_code_reg == E_NONE) assert(f_nstr == 2'd1);
end

`ifndef F_NO_INV
// Invariants: where the tracked byte is on its way from R to W
always @(*) if (f_past_valid && f_copy) begin
    // I: the tracked read beat, while in the FIFO, holds f_v in its lane
    if (f_in && f_pop <= f_rk && f_rk < f_rcnt)
        assert(df_mem[df_rd_ptr_reg + f_rk[DF_LOG2-1:0] - f_pop[DF_LOG2-1:0]][{f_rl, 3'b000} +: 8] == f_v);
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
`endif

`ifdef F_DONE
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
`endif
