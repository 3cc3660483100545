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
// completion within a computed bound), each proved by 1-induction (groups data-ind and
// done-a .. done-e, after the group `copy` proved the copy path's invariants) and also run as a
// bounded check from reset with -DF_NO_INV (no auxiliary invariants) for the teeth and covers.
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
// The copy path's induction invariants are asserted, or with -DF_ASSUME_COPY_INV assumed (a later
// stage of a staged proof: an earlier stage proved them)
`ifdef F_ASSUME_COPY_INV
`define F_CINV(c) assume(c)
`else
`define F_CINV(c) assert(c)
`endif
`ifdef F_COPY
`include "dma_engine_formal_copy.vh"
`endif
`ifdef F_DATA
`include "dma_engine_formal_data.vh"
`endif
`ifdef F_DONE
`include "dma_engine_formal_done.vh"
`endif
