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
// Proved by 1-induction in stages (groups txdata-a0 .. txdata-a6, txdata-b of tools/formal.py,
// solver bitwuzla; `make formal-full` at ADDR_WIDTH 30 and 32). The invariants under
// `ifndef F_NO_INV place every TX data beat in one global sequence (stream index = beats of
// earlier descriptors + beat in its descriptor) across tx_cq, the read routing queue rq (shadows
// of ARADDR, ARLEN, first/one-past-last index per slot), the TX data FIFO u_txdf (storage kept,
// probed; beat n in slot n mod 64) and the read issuer; the stages are listed below. Also a
// bounded check from reset (group txdata, 18 steps, -DF_NO_INV: a whole short packet fits, the
// covers are reached in 13-14 steps), on which the teeth and covers run.
// ============================================================================================
// stages of the induction proof (see the invariants below): N4 is proved in the last one
`ifdef F_TX_A0
`define F_TX_NO_N4
`endif
`ifdef F_TX_A1
`define F_TX_NO_N4
`endif
`ifdef F_TX_A2
`define F_TX_NO_N4
`endif
`ifdef F_TX_A3
`define F_TX_NO_N4
`endif
`ifdef F_TX_A4
`define F_TX_NO_N4
`endif
`ifdef F_TX_A5
`define F_TX_NO_N4
`endif
`ifdef F_TX_A6
`define F_TX_NO_N4
`endif
localparam F_CW   = (ADDR_WIDTH - OFF_W > BEAT_W + 3) ? ADDR_WIDTH - OFF_W : BEAT_W + 3;
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

// a beat count as a counter value
function [F_CW-1:0] f_bw;
    input [BEAT_W-1:0] n;
    begin
        f_bw = {{(F_CW - BEAT_W){1'b0}}, n};
    end
endfunction
// a beat offset as a byte offset (mod 2^ADDR_WIDTH)
function [ADDR_WIDTH-1:0] f_boff;
    input [F_CW-1:0] n;
    reg   [ADDR_WIDTH+F_CW+OFF_W-1:0] t;
    begin
        t      = {{(ADDR_WIDTH + OFF_W){1'b0}}, n} << OFF_W;
        f_boff = t[ADDR_WIDTH-1:0];
    end
endfunction

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
// the tx_cq slot the tracked descriptor was pushed into ----
reg  [ADDR_WIDTH-1:0] f_rq_a [0:F_RQ_N-1];
reg  [7:0]            f_rq_n [0:F_RQ_N-1];
reg                   f_rq_t [0:F_RQ_N-1];
reg  [7:0]            f_rb;                                     // beats taken of the head burst
reg  [DQ_LOG2-1:0]    f_tsl;                                    // tx_cq slot of the tracked one

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
wire [F_CW-1:0]  f_tbeats  = f_bw(beats_of(f_tlen));          // the descriptor's beats
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
    if (f_tpick) f_tsl <= f_p_txcq_wr;
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
            f_spec <= f_spec + f_bw(beats_of(tx_dq_len));
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

`ifndef F_TX_NO_N4
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
`endif

`ifndef F_NO_INV
// ============================================================================================
// Auxiliary invariants for the induction step
// ============================================================================================
// Every TX data beat has a stream index: beats of the descriptors taken before it + its beat in
// its descriptor. Counters (mod 2^F_CW, all start at 0 with reset): f_spec = beats of the
// descriptors taken (tx_cq pushes), f_req = beats requested (TX data AR bursts routed by rq),
// f_rcv = beats received (pushed into u_txdf), f_snt = beats sent. Per tx_cq slot the stream
// index of its first beat and one past its last (f_cq_s, f_cq_e), per rq slot the same for
// the burst's beats (f_rq_g, f_rq_ge; equal for a descriptor fetch), recorded when the slot is
// pushed. TX data FIFO: beat n is in slot n mod 64 (its pointers count pushes and pops).
// No invariant sums over slots: a queue's slots are tied to their neighbours (start = end of
// the one before), to the head (beats taken) and to the tail (the counter), and bounded by
// their distance from the tail in whole slots (a slot never holds more than 2^13 descriptor
// beats or 16 burst beats), so no position can wrap around mod 2^F_CW.
//
// Stages (all sound: a stage assumes only invariants that earlier stages prove by induction on
// the same model, so they hold in every reachable state; -DF_TX_<stage>):
//   A0  proves level 0: the read side (rq positions, TX data FIFO, reservation), tx_dq;
//   A1  assumes level 0, proves level 1: tx_cq positions, the read issuer;
//   A2  assumes levels 0-1, proves level 2: the tracked descriptor in tx_cq, the stream's place
//       relative to it, the read issuer serving it;
//   A3  assumes levels 0-2, proves level 3: the issuer's address while it serves the tracked
//       descriptor, its bursts' addresses = buf + B * recorded beat offset;
//   A4  assumes levels 0-3, proves level 4: the recorded offsets are stream positions;
//   A5  assumes levels 0-4, proves level 5: other TX data bursts hold no tracked beat;
//   A6  assumes levels 0-5, proves level 6: the tracked byte in the TX data FIFO;
//   B   assumes levels 0-6, proves N4.
// Without a stage define every level is an assertion (one induction step for all); N4 is left
// out of stages A0-A6.
`ifdef F_TX_A0
`define F_TX0(c) assert(c)
`define F_TX1(c)
`define F_TX2(c)
`define F_TX3(c)
`define F_TX4(c)
`define F_TX5(c)
`define F_TX6(c)
`elsif F_TX_A1
`define F_TX0(c) assume(c)
`define F_TX1(c) assert(c)
`define F_TX2(c)
`define F_TX3(c)
`define F_TX4(c)
`define F_TX5(c)
`define F_TX6(c)
`elsif F_TX_A2
`define F_TX0(c) assume(c)
`define F_TX1(c) assume(c)
`define F_TX2(c) assert(c)
`define F_TX3(c)
`define F_TX4(c)
`define F_TX5(c)
`define F_TX6(c)
`elsif F_TX_A3
`define F_TX0(c) assume(c)
`define F_TX1(c) assume(c)
`define F_TX2(c) assume(c)
`define F_TX3(c) assert(c)
`define F_TX4(c)
`define F_TX5(c)
`define F_TX6(c)
`elsif F_TX_A4
`define F_TX0(c) assume(c)
`define F_TX1(c) assume(c)
`define F_TX2(c) assume(c)
`define F_TX3(c) assume(c)
`define F_TX4(c) assert(c)
`define F_TX5(c)
`define F_TX6(c)
`elsif F_TX_A5
`define F_TX0(c) assume(c)
`define F_TX1(c) assume(c)
`define F_TX2(c) assume(c)
`define F_TX3(c) assume(c)
`define F_TX4(c) assume(c)
`define F_TX5(c) assert(c)
`define F_TX6(c)
`elsif F_TX_A6
`define F_TX0(c) assume(c)
`define F_TX1(c) assume(c)
`define F_TX2(c) assume(c)
`define F_TX3(c) assume(c)
`define F_TX4(c) assume(c)
`define F_TX5(c) assume(c)
`define F_TX6(c) assert(c)
`elsif F_TX_B
`define F_TX0(c) assume(c)
`define F_TX1(c) assume(c)
`define F_TX2(c) assume(c)
`define F_TX3(c) assume(c)
`define F_TX4(c) assume(c)
`define F_TX5(c) assume(c)
`define F_TX6(c) assume(c)
`else
`define F_TX0(c) assert(c)
`define F_TX1(c) assert(c)
`define F_TX2(c) assert(c)
`define F_TX3(c) assert(c)
`define F_TX4(c) assert(c)
`define F_TX5(c) assert(c)
`define F_TX6(c) assert(c)
`endif

localparam [F_CW-1:0] F_SLOT_3 = 3 << (BEAT_W - 1);              // beats of 3 descriptors at most

reg  [F_CW-1:0] f_req, f_rcv;
reg  [F_CW-1:0] f_cq_s  [0:F_DQ_N-1];
reg  [F_CW-1:0] f_cq_e  [0:F_DQ_N-1];
reg  [F_CW-1:0] f_rq_g  [0:F_RQ_N-1];
reg  [F_CW-1:0] f_rq_ge [0:F_RQ_N-1];
reg  [F_CW-1:0] f_rq_o  [0:F_RQ_N-1];                          // burst start - f_tP
wire [F_CW-1:0] f_dq_cb = (tx_dq_code == ERR_NONE) ? f_bw(beats_of(tx_dq_len)) : {F_CW{1'b0}};
wire [F_CW-1:0] f_ar_n  = tx_data_go ? {{(F_CW - 9){1'b0}}, ar_beats} : {F_CW{1'b0}};
always @(posedge clk) begin
    if (tx_cq_push && !tx_cq_full) begin
        f_cq_s[f_p_txcq_wr] <= f_spec;
        f_cq_e[f_p_txcq_wr] <= f_spec + f_dq_cb;
    end
    if (rq_push && !rq_full) begin
        f_rq_g[f_p_rq_wr]  <= f_req;
        f_rq_ge[f_p_rq_wr] <= f_req + f_ar_n;
        f_rq_o[f_p_rq_wr]  <= f_req - f_tP;
    end
    if (rst) begin
        f_req <= {F_CW{1'b0}};
        f_rcv <= {F_CW{1'b0}};
    end else begin
        f_req <= f_req + f_ar_n;
        if (txdf_push) f_rcv <= f_rcv + 1'b1;
    end
end

// stream beats of a tx_cq entry (none for a refused descriptor)
function [F_CW-1:0] f_cq_beats;
    input [CQ_W-1:0] e;
    begin
        f_cq_beats = (e[21:18] == ERR_NONE) ? f_bw(beats_of(e[15:0])) : {F_CW{1'b0}};
    end
endfunction

wire [DQ_LOG2-1:0]  f_ch   = f_p_txcq_rd;                        // tx_cq head slot
wire [DQ_LOG2-1:0]  f_cl   = f_p_txcq_wr - 1'b1;                 // tx_cq tail slot
wire [CQ_W-1:0]     f_cle  = f_p_txcq_mem[f_cl * CQ_W +: CQ_W];
wire [CQ_W-1:0]     f_che  = f_p_txcq_mem[f_ch * CQ_W +: CQ_W];
wire [CQ_W-1:0]     f_cte  = f_p_txcq_mem[f_tsl * CQ_W +: CQ_W]; // the tracked one's slot
wire [DQ_LOG2-1:0]  f_tage = f_tsl - f_p_txcq_rd;
wire [F_CW-1:0]     f_te   = f_tP + f_tbeats;                    // one past its last beat
wire [F_CW-1:0]     f_treq = f_req - f_tP;                       // requested, from its start
wire [F_CW-1:0]     f_rte  = f_req - f_te;                       // requested, past its end
// the read issuer's next address, as an offset in the tracked buffer
wire [ADDR_WIDTH-1:0] f_ti_off = f_boff(f_treq);
// the tracked beat (stream index P + k/B): in the TX data FIFO slot T mod 64 while received
wire [F_CW-1:0]     f_tT   = f_tP + f_tx_kb;
wire [DF_LOG2-1:0]  f_tTs  = f_tT[DF_LOG2-1:0];
wire [F_TXDF_W-1:0] f_tTw  = f_p_txdf_mem[f_tTs * F_TXDF_W +: F_TXDF_W];
wire [F_CW-1:0]     f_tTd  = f_tT - f_snt;                        // FIFO entries ahead of it

always @(*) if (f_past_valid) begin
    // I: the queues' pointers and counts agree (rq)
    `F_TX0(f_p_rq_wr == f_p_rq_rd + rq_count[OUT_LOG2-1:0] && rq_count <= F_RQ_N);
    // I: TX data FIFO: it holds beats f_snt .. f_rcv-1, beat n in slot n mod 64
    `F_TX0(f_p_txdf_wr == f_p_txdf_rd + txdf_count[DF_LOG2-1:0] && txdf_count <= F_DF_N
           && f_p_txdf_rd == f_snt[DF_LOG2-1:0]
           && f_rcv - f_snt == {{(F_CW - DF_LOG2 - 1){1'b0}}, txdf_count});
    // I: the FIFO reservation = beats requested, not yet sent; within the FIFO; received ones
    // are among them
    `F_TX0(f_req - f_snt == {{(F_CW - DF_LOG2 - 1){1'b0}}, tx_resv_reg} && tx_resv_reg <= F_DF_N
           && txdf_count <= tx_resv_reg);
    // I: no read burst queued: no beat of one taken, every requested beat received
    if (rq_empty) `F_TX0(f_rb == 8'd0 && f_rcv == f_req);

    // I: the queues' pointers and counts agree (tx_dq)
    `F_TX0(f_p_txdq_wr == f_p_txdq_rd + tx_dq_count[DQ_LOG2-1:0] && tx_dq_count <= F_DQ_N);
    // I: the read issuer's next address is beat aligned
    if (tx_rd_left_reg != 0) `F_TX0(tx_rd_addr_reg[OFF_W-1:0] == 0);

    // I: the queues' pointers and counts agree (tx_cq)
    `F_TX1(f_p_txcq_wr == f_p_txcq_rd + tx_cq_count[DQ_LOG2-1:0] && tx_cq_count <= F_DQ_N);
    // I: beats requested + still to request = beats of the descriptors taken
    `F_TX1(f_req + f_bw(tx_rd_left_reg) == f_spec);
    // I: nothing queued in tx_cq: no beat of a head descriptor sent, all taken beats sent
    if (tx_cq_empty) `F_TX1(tx_obeat_reg == 0 && f_spec == f_snt);
    // I: while the read issuer has beats to request, its descriptor is the newest in tx_cq,
    // without error, with at least those beats
    if (tx_rd_left_reg != 0)
        `F_TX1(!tx_cq_empty && f_cle[21:18] == ERR_NONE && f_bw(tx_rd_left_reg) <= f_cq_beats(f_cle));

    // I: nothing tracked before the pick
    if (!f_tt) `F_TX2(!f_ti && !f_tdone);
    // I: the tracked buffer is beat aligned, its LEN != 0 (it passed the check)
    if (f_tt) `F_TX2(f_tbuf[OFF_W-1:0] == 0 && f_tlen != 16'd0);
    // I: until its last beat is sent the tracked descriptor is in tx_cq slot f_tsl, its first
    // beat at f_tP, its LEN and EOP there, no error
    if (f_tlive)
        `F_TX2({1'b0, f_tage} < tx_cq_count && f_cq_s[f_tsl] == f_tP && f_cq_e[f_tsl] == f_te
               && f_cte[21:18] == ERR_NONE && f_cte[15:0] == f_tlen && f_cte[16] == f_teop);
    // I: while the read issuer serves it, it is the last descriptor taken
    if (f_ti) `F_TX2(f_tt && f_spec == f_te);
    // I: the read issuer with beats to request serves the tracked one iff that is the newest
    // in tx_cq
    if (tx_rd_left_reg != 0) `F_TX2(f_ti == (f_tlive && f_tsl == f_cl));
    // I: serving it, the next read address is buf + the bytes requested of it
    if (f_ti && tx_rd_left_reg != 0) `F_TX3(tx_rd_addr_reg == f_tbuf + f_ti_off);
    // I: once the issuer has moved on, its requests lie past the tracked one's beats, less
    // than three descriptors' beats
    if (f_tlive && !f_ti) `F_TX2(f_rte <= F_SLOT_3);
    // I: the stream is inside the tracked descriptor's beats while it is the head of tx_cq ...
    if (f_tlive && f_tsl == f_ch) `F_TX2(f_snt - f_tP == f_bw(tx_obeat_reg));
    // I: ... and before them, less than three descriptors' beats, otherwise (at them only
    // behind a refused head)
    if (f_tlive && f_tsl != f_ch)
        `F_TX2(f_tP - f_snt <= F_SLOT_3 && (f_tP != f_snt || f_che[21:18] != ERR_NONE));

    // I: the tracked byte, while in the TX data FIFO, has its value there
    if (f_tlive && f_tk_in && f_tTd < {{(F_CW - DF_LOG2 - 1){1'b0}}, txdf_count})
        `F_TX6(f_tTw[{f_tx_kl, 3'b000} +: 8] == f_tx_v);
end

// per queue slot (constant slot numbers: slot j holds an entry when (j - rd) mod N < count;
// the one before it is slot j - 1)
genvar f_j, f_i2;
generate
    for (f_j = 0; f_j < F_DQ_N; f_j = f_j + 1) begin : g_f_dq
        localparam [DQ_LOG2-1:0] J = f_j;
        wire [DQ_LOG2-1:0] age  = J - f_p_txdq_rd;
        wire [DQ_W-1:0]    e    = f_p_txdq_mem[f_j * DQ_W +: DQ_W];
        wire [DQ_LOG2-1:0] cage = J - f_p_txcq_rd;
        wire               cin  = {1'b0, cage} < tx_cq_count;           // slot holds an entry
        wire [CQ_W-1:0]    ce   = f_p_txcq_mem[f_j * CQ_W +: CQ_W];
        wire [F_CW-1:0]    cb   = f_cq_beats(ce);
        wire [DQ_LOG2:0]   tail = tx_cq_count - 1'b1 - {1'b0, cage};    // entries behind it
        wire [F_CW-1:0]    tdis = {{(F_CW - BEAT_W - 1){1'b0}}, tail[1:0], {(BEAT_W - 1){1'b0}}};
        always @(*) if (f_past_valid) begin
            // I: a queued checked descriptor without error: beat-aligned address, LEN != 0
            if ({1'b0, age} < tx_dq_count && e[ADDR_WIDTH + 18 +: 4] == ERR_NONE)
                `F_TX0(e[OFF_W-1:0] == 0 && e[ADDR_WIDTH +: 16] != 16'd0);
            // I: tx_cq: without error LEN != 0; the slot spans its beats
            if (cin) `F_TX1((ce[21:18] != ERR_NONE || ce[15:0] != 16'd0) && f_cq_e[f_j] == f_cq_s[f_j] + cb);
            // I: the head: tx_obeat_reg of its beats sent (fewer than its beats; none if refused)
            if (cin && J == f_ch)
                `F_TX1(f_cq_s[f_j] + f_bw(tx_obeat_reg) == f_snt
                       && f_bw(tx_obeat_reg) < cb + (ce[21:18] != ERR_NONE));
            // I: any other entry starts where the one before it ends
            if (cin && J != f_ch) `F_TX1(f_cq_s[f_j] == f_cq_e[J - 1'b1]);
            // I: the newest entry ends at the beats taken
            if (cin && J == f_cl) `F_TX1(f_cq_e[f_j] == f_spec);
            // I: the beats taken after this entry are at most 2^13 per entry behind it
            if (cin) `F_TX1(f_spec - f_cq_e[f_j] <= tdis);
        end
        for (f_i2 = 0; f_i2 < F_DQ_N; f_i2 = f_i2 + 1) begin : g_pair
            localparam [DQ_LOG2-1:0] I2 = f_i2;
            wire [DQ_LOG2-1:0] iage = I2 - f_p_txcq_rd;
            wire               iin  = {1'b0, iage} < tx_cq_count;
            wire [DQ_LOG2-1:0] gap  = cage - iage - 1'b1;                // entries between them
            wire [F_CW-1:0]    gdis = {{(F_CW - BEAT_W - 1){1'b0}}, gap, {(BEAT_W - 1){1'b0}}};
            if (f_i2 != f_j) begin : g_ne
                always @(*) if (f_past_valid) begin
                    // I: an entry starts after any older entry ends, by at most 2^13 beats per
                    // entry between them
                    if (cin && iin && iage < cage) `F_TX1(f_cq_s[f_j] - f_cq_e[f_i2] <= gdis);
                end
            end
        end
    end
    for (f_j = 0; f_j < F_RQ_N; f_j = f_j + 1) begin : g_f_rq
        localparam [OUT_LOG2-1:0] J = f_j;
        wire [OUT_LOG2-1:0]   age = J - f_p_rq_rd;
        wire                  rin = {1'b0, age} < rq_count;
        wire                  d   = f_p_rq_mem[f_j * 2 +: 2] == RS_TXDATA;
        wire [F_CW-1:0]       n1  = {{(F_CW - 8){1'b0}}, f_rq_n[f_j]} + 1'b1;   // beats
        wire [OUT_LOG2:0]     tail = rq_count - 1'b1 - {1'b0, age};
        wire [F_CW-1:0]       tdis = {{(F_CW - OUT_LOG2 - 4){1'b0}}, tail[OUT_LOG2-1:0], 4'd0};
        wire [F_CW-1:0]       o   = f_rq_g[f_j] - f_tP;          // offset in the tracked buffer
        always @(*) if (f_past_valid) begin
            // I: a TX data burst spans ARLEN+1 <= 16 beats, a descriptor fetch none
            if (rin) `F_TX0(f_rq_ge[f_j] == f_rq_g[f_j] + (d ? n1 : {F_CW{1'b0}})
                            && (!d || f_rq_n[f_j] < MAX_BURST_LEN));
            // I: the head: f_rb of its beats taken (within ARLEN), its TX data beats received
            if (rin && J == f_p_rq_rd)
                `F_TX0(f_rb <= f_rq_n[f_j]
                       && f_rq_g[f_j] + (d ? {{(F_CW - 8){1'b0}}, f_rb} : {F_CW{1'b0}}) == f_rcv);
            // I: any other burst starts where the one before it ends
            if (rin && J != f_p_rq_rd) `F_TX0(f_rq_g[f_j] == f_rq_ge[J - 1'b1]);
            // I: the newest burst ends at the beats requested
            if (rin && J == f_p_rq_wr - 1'b1) `F_TX0(f_rq_ge[f_j] == f_req);
            // I: the beats requested after this burst are at most 16 per burst behind it
            if (rin) `F_TX0(f_req - f_rq_ge[f_j] <= tdis);
            // I: a burst of the tracked descriptor: TX data, at buf + B * its beat offset in the
            // buffer (recorded when it was issued)
            if (rin && f_rq_t[f_j]) `F_TX3(d && f_tt && f_rq_a[f_j] == f_tbuf + f_boff(f_rq_o[f_j]));
            // I: that recorded offset is its first beat's stream index minus the buffer's
            if (rin && f_rq_t[f_j]) `F_TX4(f_tt && f_rq_o[f_j] == o);
            // I: another TX data burst holds no beat of the tracked descriptor
            if (rin && d && !f_rq_t[f_j] && f_tlive)
                `F_TX5(o >= f_tbeats && f_tP - f_rq_g[f_j] >= n1);
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
