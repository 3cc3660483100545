`resetall
`timescale 1ns/1ps
`default_nettype none

// dma_engine: address-width-aware AXI4 memory-to-memory DMA engine (maskdma).
//
// Contract: docs/dma-engine.md (the datasheet). Register offsets, bits, error codes and the
// descriptor layout come from regmap/dma_engine.rdl: tools/regmap.py writes them as localparams
// into the "regmap" block below. Summary of the architecture:
//
// * Register slave (s_axil_*): one write (AW+W together) and one read in flight; unmapped offsets
//   answer SLVERR, writes to read-only registers are ignored with OKAY.
// * Job FSM (state_reg): IDLE -> [SG: DESC_CHECK -> DESC_FETCH -> DESC_PARSE ->] BUF_CHECK -> COPY
//   -> (next descriptor | DONE/ERR). Every check that can end a job in ERR_CODE 1/3/4 runs in a
//   CHECK/PARSE state, before the AR/AW issue logic is enabled for that buffer or descriptor.
// * Read issue: rd_addr_reg (beat aligned), rd_beats_left_reg; one AR per cycle at most, a burst is
//   issued only when the read-data FIFO has room reserved for all of its beats (df_resv_reg), up to
//   OUT_DEPTH bursts outstanding (rd_out_reg). Read data never back-pressures (rready = 1).
// * Write issue: wr_addr_reg, wr_beats_left_reg, up to OUT_DEPTH bursts outstanding (wr_out_reg).
//   An AW is issued only once the read bursts that carry all of its data have been issued, so the
//   W channel never waits for data that was not requested (this is what makes ABORT and error
//   draining hang-free). AW runs ahead of W: the next AW is on the bus while W data flows.
// * W path: realigns the read beat stream (source offset) to the destination offset with one
//   previous-beat register and a {cur, prev} byte shifter; byte strobes on partial head/tail.
// * Both AR and AW lengths come from one function, burst_beats(): min(beats left, MAX_BURST_LEN,
//   beats to the next 4 KiB boundary). Addresses on AR/AW are always beat aligned.
// * Bus error (SLVERR/DECERR) or ABORT: no new AR/AW, W strobes forced to zero after a bus error,
//   everything outstanding is drained, then STATUS.ERR.
module dma_engine #(
    parameter ADDR_WIDTH      = 32,   // device address bits on m_axi_awaddr/araddr (12..64)
    parameter DATA_WIDTH      = 64,   // m_axi data bits (32, 64 or 128)
    parameter MAX_BURST_LEN   = 16,   // longest INCR burst in beats (1..256)
    parameter LEGACY_TRUNCATE = 0,    // 0: refuse out-of-range work (ERR 1); 1: drop upper bits, wrap
    parameter ID_WIDTH        = 4,    // AXI ID bits on the master port (IDs are constant 0)
    parameter MAX_CHAIN       = 4096  // descriptors per chain; descriptor MAX_CHAIN+1 gets ERR 4
) (
    input  wire                      clk,             // clock, all logic on the rising edge
    input  wire                      rst,             // synchronous active-high reset

    // AXI4-Lite register slave
    input  wire [7:0]                s_axil_awaddr,   // register write address (byte offset)
    input  wire [2:0]                s_axil_awprot,   // write protection type (ignored)
    input  wire                      s_axil_awvalid,  // write address valid
    output wire                      s_axil_awready,  // write address ready
    input  wire [31:0]               s_axil_wdata,    // register write data
    input  wire [3:0]                s_axil_wstrb,    // register write byte strobes
    input  wire                      s_axil_wvalid,   // write data valid
    output wire                      s_axil_wready,   // write data ready
    output wire [1:0]                s_axil_bresp,    // write response (OKAY or SLVERR)
    output wire                      s_axil_bvalid,   // write response valid
    input  wire                      s_axil_bready,   // write response ready
    input  wire [7:0]                s_axil_araddr,   // register read address (byte offset)
    input  wire [2:0]                s_axil_arprot,   // read protection type (ignored)
    input  wire                      s_axil_arvalid,  // read address valid
    output wire                      s_axil_arready,  // read address ready
    output wire [31:0]               s_axil_rdata,    // register read data
    output wire [1:0]                s_axil_rresp,    // read response (OKAY or SLVERR)
    output wire                      s_axil_rvalid,   // read data valid
    input  wire                      s_axil_rready,   // read data ready

    // AXI4 master (memory side)
    output wire [ID_WIDTH-1:0]       m_axi_awid,      // write ID (constant 0)
    output wire [ADDR_WIDTH-1:0]     m_axi_awaddr,    // write burst address (beat aligned)
    output wire [7:0]                m_axi_awlen,     // write burst length - 1
    output wire [2:0]                m_axi_awsize,    // write beat size, log2(DATA_WIDTH/8)
    output wire [1:0]                m_axi_awburst,   // write burst type (INCR)
    output wire                      m_axi_awlock,    // write lock (normal)
    output wire [3:0]                m_axi_awcache,   // write cache attributes
    output wire [2:0]                m_axi_awprot,    // write protection type
    output wire                      m_axi_awvalid,   // write address valid
    input  wire                      m_axi_awready,   // write address ready
    output wire [DATA_WIDTH-1:0]     m_axi_wdata,     // write data
    output wire [DATA_WIDTH/8-1:0]   m_axi_wstrb,     // write byte strobes
    output wire                      m_axi_wlast,     // last beat of a write burst
    output wire                      m_axi_wvalid,    // write data valid
    input  wire                      m_axi_wready,    // write data ready
    input  wire [ID_WIDTH-1:0]       m_axi_bid,       // write response ID (ignored)
    input  wire [1:0]                m_axi_bresp,     // write response
    input  wire                      m_axi_bvalid,    // write response valid
    output wire                      m_axi_bready,    // write response ready (always 1)
    output wire [ID_WIDTH-1:0]       m_axi_arid,      // read ID (constant 0)
    output wire [ADDR_WIDTH-1:0]     m_axi_araddr,    // read burst address (beat aligned)
    output wire [7:0]                m_axi_arlen,     // read burst length - 1
    output wire [2:0]                m_axi_arsize,    // read beat size, log2(DATA_WIDTH/8)
    output wire [1:0]                m_axi_arburst,   // read burst type (INCR)
    output wire                      m_axi_arlock,    // read lock (normal)
    output wire [3:0]                m_axi_arcache,   // read cache attributes
    output wire [2:0]                m_axi_arprot,    // read protection type
    output wire                      m_axi_arvalid,   // read address valid
    input  wire                      m_axi_arready,   // read address ready
    input  wire [ID_WIDTH-1:0]       m_axi_rid,       // read data ID (ignored)
    input  wire [DATA_WIDTH-1:0]     m_axi_rdata,     // read data
    input  wire [1:0]                m_axi_rresp,     // read response
    input  wire                      m_axi_rlast,     // last beat of a read burst
    input  wire                      m_axi_rvalid,    // read data valid
    output wire                      m_axi_rready,    // read data ready (always 1)

    output wire                      irq              // IRQ_EN and any of DONE, ERR, DESC_IRQ
);

// ---------------------------------------------------------------------------------------------
// Elaboration-time parameter checks: a bad value instantiates a module that does not exist, whose
// name is the message (Icarus, Verilator and yosys all stop on it).
// ---------------------------------------------------------------------------------------------
generate
    if (ADDR_WIDTH < 12 || ADDR_WIDTH > 64) begin : g_bad_addr_width
        dma_engine_error_ADDR_WIDTH_must_be_12_to_64 u_error ();
    end
    if (DATA_WIDTH != 32 && DATA_WIDTH != 64 && DATA_WIDTH != 128) begin : g_bad_data_width
        dma_engine_error_DATA_WIDTH_must_be_32_64_or_128 u_error ();
    end
    if (MAX_BURST_LEN < 1 || MAX_BURST_LEN > 256) begin : g_bad_max_burst_len
        dma_engine_error_MAX_BURST_LEN_must_be_1_to_256 u_error ();
    end
    if (LEGACY_TRUNCATE != 0 && LEGACY_TRUNCATE != 1) begin : g_bad_legacy_truncate
        dma_engine_error_LEGACY_TRUNCATE_must_be_0_or_1 u_error ();
    end
    if (ID_WIDTH < 1) begin : g_bad_id_width
        dma_engine_error_ID_WIDTH_must_be_at_least_1 u_error ();
    end
    if (MAX_CHAIN < 1) begin : g_bad_max_chain
        dma_engine_error_MAX_CHAIN_must_be_at_least_1 u_error ();
    end
endgenerate

// ---------------------------------------------------------------------------------------------
// Register map (generated from regmap/dma_engine.rdl; `python tools/regmap.py` rewrites the block)
// ---------------------------------------------------------------------------------------------
// regmap:dma_engine begin
// generated by tools/regmap.py from regmap/dma_engine.rdl — do not edit.
// Register map of dma_engine: localparams for the body of module dma_engine.

// registers: byte offset (_OFFSET) and 32-bit word index (_IDX)
localparam [7:0] ID_OFFSET = 8'h0;                              // RO: constant 0x444D4131 ("DMA1")
localparam [5:0] ID_IDX = 6'h0;
localparam [7:0] CAPS_OFFSET = 8'h4;                            // RO: capabilities: the engine's parameters
localparam [5:0] CAPS_IDX = 6'h1;
localparam [7:0] CTRL_OFFSET = 8'h8;                            // RW: control
localparam [5:0] CTRL_IDX = 6'h2;
localparam [7:0] STATUS_OFFSET = 8'hC;                          // RO, W1C on [1],[2],[3]: status
localparam [5:0] STATUS_IDX = 6'h3;
localparam [7:0] SRC_LO_OFFSET = 8'h10;                         // RW: source bus address [31:0] (64-bit as written by the driver)
localparam [5:0] SRC_LO_IDX = 6'h4;
localparam [7:0] SRC_HI_OFFSET = 8'h14;                         // RW: source bus address [63:32]
localparam [5:0] SRC_HI_IDX = 6'h5;
localparam [7:0] DST_LO_OFFSET = 8'h18;                         // RW: destination bus address [31:0]
localparam [5:0] DST_LO_IDX = 6'h6;
localparam [7:0] DST_HI_OFFSET = 8'h1C;                         // RW: destination bus address [63:32]
localparam [5:0] DST_HI_IDX = 6'h7;
localparam [7:0] LEN_OFFSET = 8'h20;                            // RW: bytes to copy
localparam [5:0] LEN_IDX = 6'h8;
localparam [7:0] DESC_LO_OFFSET = 8'h24;                        // RW: first descriptor (SG mode) [31:0]
localparam [5:0] DESC_LO_IDX = 6'h9;
localparam [7:0] DESC_HI_OFFSET = 8'h28;                        // RW: first descriptor (SG mode) [63:32]
localparam [5:0] DESC_HI_IDX = 6'hA;
localparam [7:0] BYTES_DONE_OFFSET = 8'h2C;                     // RO: bytes written so far in this job
localparam [5:0] BYTES_DONE_IDX = 6'hB;
localparam [7:0] ERR_ADDR_LO_OFFSET = 8'h30;                    // RO: the address that caused ERR [31:0]
localparam [5:0] ERR_ADDR_LO_IDX = 6'hC;
localparam [7:0] ERR_ADDR_HI_OFFSET = 8'h34;                    // RO: the address that caused ERR [63:32]
localparam [5:0] ERR_ADDR_HI_IDX = 6'hD;
localparam [5:0] REG_LAST_IDX = 6'hD;                           // highest mapped word index

// fields: bit position (_BIT) or _LSB/_MSB/_WIDTH; constant registers: _VALUE
localparam [31:0] ID_VALUE = 32'h444D4131;                      // 0x444D4131 ("DMA1")
localparam integer CAPS_ADDR_WIDTH_LSB = 0;                     // ADDR_WIDTH
localparam integer CAPS_ADDR_WIDTH_MSB = 7;
localparam integer CAPS_ADDR_WIDTH_WIDTH = 8;
localparam integer CAPS_DATA_BYTES_LOG2_LSB = 8;                // log2(DATA_WIDTH/8)
localparam integer CAPS_DATA_BYTES_LOG2_MSB = 11;
localparam integer CAPS_DATA_BYTES_LOG2_WIDTH = 4;
localparam integer CAPS_MAX_BURST_LEN_LSB = 16;                 // MAX_BURST_LEN
localparam integer CAPS_MAX_BURST_LEN_MSB = 24;
localparam integer CAPS_MAX_BURST_LEN_WIDTH = 9;
localparam integer CAPS_LEGACY_BIT = 31;                        // LEGACY_TRUNCATE
localparam integer CTRL_START_BIT = 0;                          // START (write 1, self-clearing)
localparam integer CTRL_IRQ_EN_BIT = 1;                         // IRQ_EN
localparam integer CTRL_SG_BIT = 2;                             // SG (descriptor-chain mode)
localparam integer CTRL_ABORT_BIT = 3;                          // ABORT (self-clearing)
localparam integer STATUS_BUSY_BIT = 0;                         // BUSY
localparam integer STATUS_DONE_BIT = 1;                         // DONE
localparam integer STATUS_ERR_BIT = 2;                          // ERR
localparam integer STATUS_DESC_IRQ_BIT = 3;                     // DESC_IRQ
localparam integer STATUS_ERR_CODE_LSB = 4;                     // ERR_CODE
localparam integer STATUS_ERR_CODE_MSB = 7;
localparam integer STATUS_ERR_CODE_WIDTH = 4;

// ERR codes
localparam [3:0] ERR_NONE = 4'h0;                               // no error
localparam [3:0] ERR_ADDR_RANGE = 4'h1;                         // any byte of src, dst or a descriptor lies above 2^ADDR_WIDTH-1, or the range wraps
localparam [3:0] ERR_BUS = 4'h2;                                // SLVERR/DECERR response
localparam [3:0] ERR_LEN_ZERO = 4'h3;                           // LEN is 0 (also inside a descriptor)
localparam [3:0] ERR_DESC = 4'h4;                               // next or DESC not 32-byte aligned, reserved flag bits set, or more than MAX_CHAIN descriptors
localparam [3:0] ERR_ABORTED = 4'h5;                            // ABORT

// dma_engine_desc: SG descriptor: 32 bytes, little-endian, 32-byte aligned. Byte offsets; _WIDTH in bits
localparam integer DESC_SIZE = 32;
localparam integer DESC_ALIGN = 32;
localparam integer DESC_SRC = 0;                                // source bus address (u64)
localparam integer DESC_SRC_WIDTH = 64;
localparam integer DESC_DST = 8;                                // destination bus address (u64)
localparam integer DESC_DST_WIDTH = 64;
localparam integer DESC_LEN = 16;                               // bytes to copy (u32)
localparam integer DESC_LEN_WIDTH = 32;
localparam integer DESC_FLAGS = 20;                             // flags (u32); the other bits are reserved and must be 0
localparam integer DESC_FLAGS_WIDTH = 32;
localparam integer DESC_NEXT = 24;                              // next descriptor's bus address (u64)
localparam integer DESC_NEXT_WIDTH = 64;
localparam integer DESC_FLAG_IRQ_BIT = 0;                       // IRQ: set DESC_IRQ when this descriptor completes
localparam integer DESC_FLAG_LAST_BIT = 1;                      // LAST

// every constant above, referenced once (Verilator's unused-regexp matches the name)
wire unused_dma_engine_regs = ^{
    ID_OFFSET, ID_IDX, CAPS_OFFSET, CAPS_IDX, CTRL_OFFSET, CTRL_IDX,
    STATUS_OFFSET, STATUS_IDX, SRC_LO_OFFSET, SRC_LO_IDX, SRC_HI_OFFSET, SRC_HI_IDX,
    DST_LO_OFFSET, DST_LO_IDX, DST_HI_OFFSET, DST_HI_IDX, LEN_OFFSET, LEN_IDX,
    DESC_LO_OFFSET, DESC_LO_IDX, DESC_HI_OFFSET, DESC_HI_IDX, BYTES_DONE_OFFSET, BYTES_DONE_IDX,
    ERR_ADDR_LO_OFFSET, ERR_ADDR_LO_IDX, ERR_ADDR_HI_OFFSET, ERR_ADDR_HI_IDX, REG_LAST_IDX, ID_VALUE,
    CAPS_ADDR_WIDTH_LSB, CAPS_ADDR_WIDTH_MSB, CAPS_ADDR_WIDTH_WIDTH, CAPS_DATA_BYTES_LOG2_LSB, CAPS_DATA_BYTES_LOG2_MSB, CAPS_DATA_BYTES_LOG2_WIDTH,
    CAPS_MAX_BURST_LEN_LSB, CAPS_MAX_BURST_LEN_MSB, CAPS_MAX_BURST_LEN_WIDTH, CAPS_LEGACY_BIT, CTRL_START_BIT, CTRL_IRQ_EN_BIT,
    CTRL_SG_BIT, CTRL_ABORT_BIT, STATUS_BUSY_BIT, STATUS_DONE_BIT, STATUS_ERR_BIT, STATUS_DESC_IRQ_BIT,
    STATUS_ERR_CODE_LSB, STATUS_ERR_CODE_MSB, STATUS_ERR_CODE_WIDTH, ERR_NONE, ERR_ADDR_RANGE, ERR_BUS,
    ERR_LEN_ZERO, ERR_DESC, ERR_ABORTED, DESC_SIZE, DESC_ALIGN, DESC_SRC,
    DESC_SRC_WIDTH, DESC_DST, DESC_DST_WIDTH, DESC_LEN, DESC_LEN_WIDTH, DESC_FLAGS,
    DESC_FLAGS_WIDTH, DESC_NEXT, DESC_NEXT_WIDTH, DESC_FLAG_IRQ_BIT, DESC_FLAG_LAST_BIT
};
// regmap:dma_engine end

// ---------------------------------------------------------------------------------------------
// Derived constants
// ---------------------------------------------------------------------------------------------
function integer clog2;  // ceil(log2(value)), value >= 1
    input integer value;
    integer v;
    begin
        clog2 = 0;
        v = value - 1;
        while (v > 0) begin
            clog2 = clog2 + 1;
            v = v >> 1;
        end
    end
endfunction

localparam BYTES      = DATA_WIDTH / 8;                       // bytes per beat
localparam OFF_W      = (DATA_WIDTH == 32) ? 2 : (DATA_WIDTH == 64) ? 3 : 4; // log2(BYTES)
localparam BEATS_W    = 33 - OFF_W;                           // beats of a buffer (len < 2^32)
localparam DF_MIN     = (4 * MAX_BURST_LEN > 32) ? 4 * MAX_BURST_LEN : 32;
localparam DF_LOG2    = clog2(DF_MIN);                        // read-data FIFO depth, log2
localparam DF_DEPTH   = 1 << DF_LOG2;                         // >= 4 bursts, >= 32 beats
localparam OUT_LOG2   = 3;                                    // outstanding bursts per direction, log2
localparam OUT_DEPTH  = 1 << OUT_LOG2;                        // max outstanding AR (and AW) bursts
localparam CHAIN_W    = clog2(MAX_CHAIN + 1);                 // width of the descriptor counter
localparam DESC_BEATS = DESC_SIZE / BYTES;                    // beats of one descriptor
localparam [64:0] ADDR_SPAN = 65'd1 << ADDR_WIDTH;            // 2^ADDR_WIDTH, first unaddressable byte
localparam [8:0]  MAX_BURST = MAX_BURST_LEN[8:0];                 // as a 9-bit beat count
localparam [2:0]  AXSIZE    = OFF_W;                          // AxSIZE of every burst
localparam [32:0] BYTES_M1  = BYTES - 1;                      // BYTES - 1, 33 bits
localparam [31:0] CAPS_VALUE = ({24'd0, ADDR_WIDTH[7:0]}     << CAPS_ADDR_WIDTH_LSB)
                            | ({28'd0, OFF_W[3:0]}          << CAPS_DATA_BYTES_LOG2_LSB)
                            | ({23'd0, MAX_BURST}           << CAPS_MAX_BURST_LEN_LSB)
                            | ({31'd0, LEGACY_TRUNCATE[0]}  << CAPS_LEGACY_BIT);

// descriptor layout in desc_data_reg (bit positions; fields from the generated DESC_* byte offsets)
localparam integer D_SRC_LSB   = DESC_SRC * 8;
localparam integer D_DST_LSB   = DESC_DST * 8;
localparam integer D_LEN_LSB   = DESC_LEN * 8;
localparam integer D_FLAGS_LSB = DESC_FLAGS * 8;
localparam integer D_NEXT_LSB  = DESC_NEXT * 8;
localparam integer D_RSVD_LSB  = D_FLAGS_LSB + DESC_FLAG_LAST_BIT + 1;     // reserved flag bits
localparam integer D_RSVD_W    = DESC_FLAGS_WIDTH - DESC_FLAG_LAST_BIT - 1;
localparam integer D_ALIGN_W   = clog2(DESC_ALIGN);                         // low pointer bits that must be 0
localparam [31:0]  D_SIZE32    = DESC_SIZE;                                 // descriptor bytes
localparam integer BF_IRQ      = 0;                                         // buf_flags_reg bit: IRQ
localparam integer BF_LAST     = 1;                                         // buf_flags_reg bit: LAST

// job FSM states
localparam [2:0] S_IDLE       = 3'd0;  // waiting for START
localparam [2:0] S_DESC_CHECK = 3'd1;  // check the next descriptor's address (align, chain, range)
localparam [2:0] S_DESC_FETCH = 3'd2;  // read the 32-byte descriptor
localparam [2:0] S_DESC_PARSE = 3'd3;  // check descriptor flags, load its buffer
localparam [2:0] S_BUF_CHECK  = 3'd4;  // check len and the buffers' range, set up the copy
localparam [2:0] S_COPY       = 3'd5;  // move data, then drain

// ERR_CODE values (short names for the generated ERR_* codes)
localparam [3:0] E_NONE  = ERR_NONE;
localparam [3:0] E_RANGE = ERR_ADDR_RANGE;
localparam [3:0] E_BUS   = ERR_BUS;
localparam [3:0] E_LEN0  = ERR_LEN_ZERO;
localparam [3:0] E_DESC  = ERR_DESC;
localparam [3:0] E_ABORT = ERR_ABORTED;

// ---------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------

// The one place where a burst length is decided (AR, AW and descriptor fetch):
// min(beats left, MAX_BURST_LEN, beats up to the next 4 KiB boundary). addr is beat aligned.
function [8:0] burst_beats;
    input [11:0]        addr_lo;  // address bits [11:0] of the burst start
    input [BEATS_W-1:0] left;     // beats still to request (>= 1)
    reg   [12:0]        page_beats;
    reg   [8:0]         n;
    begin
        page_beats = (13'd4096 - {1'b0, addr_lo}) >> OFF_W;
        n = MAX_BURST;
        if ({{(BEATS_W > 9 ? BEATS_W - 9 : 0){1'b0}}, n} > left) n = left[8:0];
        if ({4'd0, n} > page_beats) n = page_beats[8:0];
        burst_beats = n;
    end
endfunction

// Strict-mode range check: does [addr, addr + len - 1] reach above 2^ADDR_WIDTH - 1 (any bit set
// above ADDR_WIDTH, or the range wraps)? 65-bit sum, so it is exact also for ADDR_WIDTH = 64.
function range_bad;
    input [63:0] addr;  // start address as written by the driver
    input [32:0] len;   // length in bytes, >= 1
    reg   [64:0] end_excl;
    begin
        end_excl = {1'b0, addr} + {32'd0, len};
        range_bad = (LEGACY_TRUNCATE == 0) && (end_excl > ADDR_SPAN);
`ifdef MASKDMA_NO_RANGE_CHECK
        // Deliberate defect for the formal "proof has teeth" test: with this macro defined the
        // strict-mode range check is gone entirely, so out-of-range work is silently truncated
        // like legacy hardware and the formal properties must fail with a counterexample.
        range_bad = 1'b0;
`endif
    end
endfunction

// Beats needed to cover [addr, addr + len - 1] with beat-aligned transfers.
function [BEATS_W-1:0] beats_of;
    input [OFF_W-1:0] off;  // addr modulo BYTES
    input [31:0]      len;  // length in bytes
    reg   [32:0]      sum;
    reg   [OFF_W-1:0] unused_low;  // sum modulo BYTES: not needed
    begin
        sum = {1'b0, len} + {{(33 - OFF_W){1'b0}}, off} + BYTES_M1;
        {beats_of, unused_low} = sum;
    end
endfunction

// Expand 4 byte strobes to a 32-bit mask.
function [31:0] strb_mask;
    input [3:0] strb;
    begin
        strb_mask = {{8{strb[3]}}, {8{strb[2]}}, {8{strb[1]}}, {8{strb[0]}}};
    end
endfunction

// ---------------------------------------------------------------------------------------------
// Registers
// ---------------------------------------------------------------------------------------------

// register file (driver visible)
reg        ctrl_irq_en_reg, ctrl_irq_en_next;    // CTRL[1]
reg        ctrl_sg_reg, ctrl_sg_next;            // CTRL[2]
reg [63:0] src_reg, src_next;                    // SRC_HI:SRC_LO
reg [63:0] dst_reg, dst_next;                    // DST_HI:DST_LO
reg [31:0] len_reg, len_next;                    // LEN
reg [63:0] desc_reg, desc_next;                  // DESC_HI:DESC_LO
reg        busy_reg, busy_next;                  // STATUS[0]
reg        done_reg, done_next;                  // STATUS[1]
reg        err_reg, err_next;                    // STATUS[2]
reg        desc_irq_reg, desc_irq_next;          // STATUS[3]
reg [3:0]  err_code_reg, err_code_next;          // STATUS[7:4]
reg [31:0] bytes_done_reg, bytes_done_next;      // BYTES_DONE
reg [63:0] err_addr_reg, err_addr_next;          // ERR_ADDR
reg        irq_reg, irq_next;                    // irq output

// AXI-Lite channel registers
reg        s_axil_bvalid_reg, s_axil_bvalid_next;
reg [1:0]  s_axil_bresp_reg, s_axil_bresp_next;
reg        s_axil_rvalid_reg, s_axil_rvalid_next;
reg [1:0]  s_axil_rresp_reg, s_axil_rresp_next;
reg [31:0] s_axil_rdata_reg, s_axil_rdata_next;

// job control
reg [2:0]         state_reg, state_next;         // job FSM state
reg               job_sg_reg, job_sg_next;       // this job is a descriptor chain
reg               abort_reg, abort_next;         // ABORT requested for the running job
reg [3:0]         stop_code_reg, stop_code_next; // first stop cause (E_BUS or E_ABORT), 0 = none
reg               bus_err_reg, bus_err_next;     // a bus error was seen: W strobes forced to 0
reg [63:0]        cur_desc_reg, cur_desc_next;   // address of the current descriptor (as written)
reg [CHAIN_W-1:0] chain_cnt_reg, chain_cnt_next; // descriptors fetched in this chain
reg [255:0]       desc_data_reg, desc_data_next; // fetched descriptor (shifted in, little endian)
reg [63:0]        buf_src_reg, buf_src_next;     // current buffer: source (as written)
reg [63:0]        buf_dst_reg, buf_dst_next;     // current buffer: destination (as written)
reg [31:0]        buf_len_reg, buf_len_next;     // current buffer: length in bytes
reg [1:0]         buf_flags_reg, buf_flags_next; // current descriptor: flags IRQ and LAST
reg [63:0]        buf_nextd_reg, buf_nextd_next; // current descriptor: next pointer
reg               job_fail;                      // this cycle's check ends the job in ERR
reg [3:0]         job_fail_code;                 // ... with this ERR_CODE
reg               job_fail_at;                   // ... and sets ERR_ADDR
reg [63:0]        job_fail_addr;                 // ... to this address

// read issue
reg                  m_axi_arvalid_reg, m_axi_arvalid_next;
reg [ADDR_WIDTH-1:0] m_axi_araddr_reg, m_axi_araddr_next;
reg [7:0]            m_axi_arlen_reg, m_axi_arlen_next;
reg [ADDR_WIDTH-1:0] rd_addr_reg, rd_addr_next;             // next read burst address (aligned)
reg [BEATS_W-1:0]    rd_beats_left_reg, rd_beats_left_next; // read beats not yet requested
reg [BEATS_W-1:0]    rd_issued_reg, rd_issued_next;         // read beats requested (this buffer)
reg                  rd_desc_mode_reg, rd_desc_mode_next;   // read data goes to desc_data_reg
reg [OUT_LOG2:0]     rd_out_reg, rd_out_next;               // read bursts issued, last R not seen
reg [OUT_LOG2-1:0]   ra_wr_ptr_reg, ra_wr_ptr_next;         // read-burst address FIFO (ERR_ADDR)
reg [OUT_LOG2-1:0]   ra_rd_ptr_reg, ra_rd_ptr_next;
reg [ADDR_WIDTH-1:0] ra_mem [0:OUT_DEPTH-1];

// read-data FIFO
reg [DATA_WIDTH-1:0] df_mem [0:DF_DEPTH-1];
reg [DF_LOG2-1:0]    df_wr_ptr_reg, df_wr_ptr_next;
reg [DF_LOG2-1:0]    df_rd_ptr_reg, df_rd_ptr_next;
reg [DF_LOG2:0]      df_count_reg, df_count_next;           // beats in the FIFO
reg [DF_LOG2:0]      df_resv_reg, df_resv_next;             // beats requested, not yet popped

// write issue
reg                  m_axi_awvalid_reg, m_axi_awvalid_next;
reg [ADDR_WIDTH-1:0] m_axi_awaddr_reg, m_axi_awaddr_next;
reg [7:0]            m_axi_awlen_reg, m_axi_awlen_next;
reg [ADDR_WIDTH-1:0] wr_addr_reg, wr_addr_next;             // next write burst address (aligned)
reg [BEATS_W-1:0]    wr_beats_left_reg, wr_beats_left_next; // write beats not yet requested
reg [BEATS_W-1:0]    wr_issued_reg, wr_issued_next;         // write beats requested (this buffer)
reg                  wr_pre_reg, wr_pre_next;               // src offset > dst offset (one extra read beat leads)
reg [OUT_LOG2:0]     wr_out_reg, wr_out_next;               // write bursts issued, B not seen
reg [OUT_LOG2-1:0]   wa_wr_ptr_reg, wa_wr_ptr_next;         // write-burst address FIFO (ERR_ADDR)
reg [OUT_LOG2-1:0]   wa_rd_ptr_reg, wa_rd_ptr_next;
reg [ADDR_WIDTH-1:0] wa_mem [0:OUT_DEPTH-1];
reg [OUT_LOG2:0]     wl_count_reg, wl_count_next;           // burst-length FIFO for the W path
reg [OUT_LOG2-1:0]   wl_wr_ptr_reg, wl_wr_ptr_next;
reg [OUT_LOG2-1:0]   wl_rd_ptr_reg, wl_rd_ptr_next;
reg [7:0]            wl_mem [0:OUT_DEPTH-1];
reg [OUT_LOG2-1:0]   wd_wr_ptr_reg, wd_wr_ptr_next;         // strobed bytes per sent burst (for B)
reg [OUT_LOG2-1:0]   wd_rd_ptr_reg, wd_rd_ptr_next;
reg [12:0]           wd_mem [0:OUT_DEPTH-1];

// W path
reg                  m_axi_wvalid_reg, m_axi_wvalid_next;
reg [DATA_WIDTH-1:0] m_axi_wdata_reg, m_axi_wdata_next;
reg [BYTES-1:0]      m_axi_wstrb_reg, m_axi_wstrb_next;
reg                  m_axi_wlast_reg, m_axi_wlast_next;
reg                  w_preload_reg, w_preload_next;         // first read beat goes to prev only
reg [BEATS_W-1:0]    w_rd_left_reg, w_rd_left_next;         // read beats the W path still pops
reg [31:0]           w_bytes_left_reg, w_bytes_left_next;   // bytes not yet put on W
reg                  w_first_reg, w_first_next;             // next W beat is the buffer's first
reg [7:0]            w_beat_cnt_reg, w_beat_cnt_next;       // beat index inside the W burst
reg [12:0]           w_burst_bytes_reg, w_burst_bytes_next; // strobed bytes so far in the W burst
reg [DATA_WIDTH-1:0] w_prev_reg, w_prev_next;               // previous read beat
reg [OFF_W-1:0]      w_shift_reg, w_shift_next;             // (dst - src) mod BYTES
reg [OFF_W-1:0]      w_doff_reg, w_doff_next;               // dst mod BYTES

// ---------------------------------------------------------------------------------------------
// Combinational helpers
// ---------------------------------------------------------------------------------------------

// AXI-Lite handshakes
wire       lw_fire = s_axil_awvalid && s_axil_wvalid && !s_axil_bvalid_reg;
wire       lr_fire = s_axil_arvalid && !s_axil_rvalid_reg;
wire [5:0] lw_idx  = s_axil_awaddr[7:2];
wire [5:0] lr_idx  = s_axil_araddr[7:2];
wire [31:0] lw_mask = strb_mask(s_axil_wstrb);

// master-port events
wire r_fire   = m_axi_rvalid && (rd_out_reg != 0);
wire r_last   = r_fire && m_axi_rlast;
wire r_err    = r_fire && m_axi_rresp[1];
wire b_fire   = m_axi_bvalid && (wr_out_reg != 0);
wire b_err    = b_fire && m_axi_bresp[1];
wire issue_ok = (stop_code_reg == E_NONE) && !abort_reg && !r_err && !b_err;

// burst lengths (the single burst_beats function)
wire [8:0] ar_beats = burst_beats(rd_addr_reg[11:0], rd_beats_left_reg);
wire [8:0] aw_beats = burst_beats(wr_addr_reg[11:0], wr_beats_left_reg);

// burst sizes in bytes and burst addresses widened to 64 bits (no zero-width replications)
// (the unused_* halves are the zero padding; Verilator's unused-regexp matches their names)
wire [ADDR_WIDTH-1:0] ar_bytes, aw_bytes;
wire [72-ADDR_WIDTH:0] unused_ar_hi, unused_aw_hi;
wire [63:0]           ra_head64, wa_head64;
wire [ADDR_WIDTH-1:0] unused_ra_hi, unused_wa_hi;
assign {unused_ar_hi, ar_bytes} = {64'd0, ar_beats} << OFF_W;
assign {unused_aw_hi, aw_bytes} = {64'd0, aw_beats} << OFF_W;
assign {unused_ra_hi, ra_head64} = {64'd0, ra_mem[ra_rd_ptr_reg]};
assign {unused_wa_hi, wa_head64} = {64'd0, wa_mem[wa_rd_ptr_reg]};

// read-data FIFO
wire                  df_empty = (df_count_reg == 0);
wire [DATA_WIDTH-1:0] df_head  = df_mem[df_rd_ptr_reg];
wire [DF_LOG2:0]      df_space = DF_DEPTH[DF_LOG2:0] - df_resv_reg;
wire [31:0]           ar_beats32 = {23'd0, ar_beats};           // widened for narrow counters

// AR may be loaded: room for the whole burst in the FIFO (or descriptor mode)
wire ar_slot = !m_axi_arvalid_reg || m_axi_arready;
wire ar_go   = ar_slot && issue_ok && (rd_beats_left_reg != 0) && (rd_out_reg != OUT_DEPTH) &&
               ((state_reg == S_DESC_FETCH) ||
                ((state_reg == S_COPY) && (ar_beats32 <= {{(31 - DF_LOG2){1'b0}}, df_space})));

// AW may be loaded: the read beats carrying all of its data have been requested
wire [BEATS_W:0] aw_need = {1'b0, wr_issued_reg} + {{(BEATS_W - 8){1'b0}}, aw_beats} +
                           {{BEATS_W{1'b0}}, wr_pre_reg};
wire aw_slot = !m_axi_awvalid_reg || m_axi_awready;
wire aw_go   = aw_slot && issue_ok && (state_reg == S_COPY) && (wr_beats_left_reg != 0) &&
               (wr_out_reg != OUT_DEPTH) &&
               ((rd_beats_left_reg == 0) || ({1'b0, rd_issued_reg} >= aw_need));

// W path: next beat from {current read beat, previous read beat}
wire                    w_need_pop = (w_rd_left_reg != 0);
wire                    w_have     = (wl_count_reg != 0) && !w_preload_reg && (!w_need_pop || !df_empty);
wire                    w_slot     = !m_axi_wvalid_reg || m_axi_wready;
wire                    w_load     = w_slot && w_have;
wire                    w_pre_pop  = w_preload_reg && !df_empty;
wire [7:0]              wl_head    = wl_mem[wl_rd_ptr_reg];
wire                    w_is_last  = (w_beat_cnt_reg == wl_head);
wire [DATA_WIDTH-1:0]   w_cur      = w_need_pop ? df_head : {DATA_WIDTH{1'b0}}; // past the source: zeros
wire [2*DATA_WIDTH-1:0] w_cat      = {w_cur, w_prev_reg};
wire [OFF_W:0]          w_sh_bytes = BYTES[OFF_W:0] - {1'b0, w_shift_reg};
wire [DATA_WIDTH-1:0]   w_shifted, unused_w_shifted_hi;
assign {unused_w_shifted_hi, w_shifted} = w_cat >> {w_sh_bytes, 3'b000};
wire [OFF_W-1:0]        w_lo       = w_first_reg ? w_doff_reg : {OFF_W{1'b0}};
wire [OFF_W:0]          w_avail    = BYTES[OFF_W:0] - {1'b0, w_lo};
wire [OFF_W:0]          w_cnt      = (w_bytes_left_reg < {{(31 - OFF_W){1'b0}}, w_avail}) ?
                                     w_bytes_left_reg[OFF_W:0] : w_avail;
wire [BYTES-1:0]        w_strb     = ({BYTES{1'b1}} >> (BYTES[OFF_W:0] - w_cnt)) << w_lo;
wire [OFF_W:0]          w_cnt_sent = bus_err_reg ? {(OFF_W + 1){1'b0}} : w_cnt;

// copy progress
wire drained = !m_axi_arvalid_reg && !m_axi_awvalid_reg && (rd_out_reg == 0) &&
               (wr_out_reg == 0) && (wl_count_reg == 0) && !m_axi_wvalid_reg;

// buffer setup (BUF_CHECK)
wire [ADDR_WIDTH-1:0] src_t = buf_src_reg[ADDR_WIDTH-1:0];
wire [ADDR_WIDTH-1:0] dst_t = buf_dst_reg[ADDR_WIDTH-1:0];
wire [OFF_W-1:0]      s_off = src_t[OFF_W-1:0];
wire [OFF_W-1:0]      d_off = dst_t[OFF_W-1:0];
wire                  src_bad = range_bad(buf_src_reg, {1'b0, buf_len_reg});
wire                  dst_bad = range_bad(buf_dst_reg, {1'b0, buf_len_reg});
wire                  desc_bad = range_bad(cur_desc_reg, {1'b0, D_SIZE32});

// register read data of CTRL and STATUS
wire [31:0] ctrl_rdata   = ({31'd0, ctrl_irq_en_reg} << CTRL_IRQ_EN_BIT)
                         | ({31'd0, ctrl_sg_reg}     << CTRL_SG_BIT);
wire [31:0] status_rdata = ({31'd0, busy_reg}        << STATUS_BUSY_BIT)
                         | ({31'd0, done_reg}        << STATUS_DONE_BIT)
                         | ({31'd0, err_reg}         << STATUS_ERR_BIT)
                         | ({31'd0, desc_irq_reg}    << STATUS_DESC_IRQ_BIT)
                         | ({28'd0, err_code_reg}    << STATUS_ERR_CODE_LSB);

// ---------------------------------------------------------------------------------------------
// Next-state logic
// ---------------------------------------------------------------------------------------------
always @* begin
    ctrl_irq_en_next   = ctrl_irq_en_reg;
    ctrl_sg_next       = ctrl_sg_reg;
    src_next           = src_reg;
    dst_next           = dst_reg;
    len_next           = len_reg;
    desc_next          = desc_reg;
    busy_next          = busy_reg;
    done_next          = done_reg;
    err_next           = err_reg;
    desc_irq_next      = desc_irq_reg;
    err_code_next      = err_code_reg;
    bytes_done_next    = bytes_done_reg;
    err_addr_next      = err_addr_reg;

    s_axil_bvalid_next = s_axil_bvalid_reg && !s_axil_bready;
    s_axil_bresp_next  = s_axil_bresp_reg;
    s_axil_rvalid_next = s_axil_rvalid_reg && !s_axil_rready;
    s_axil_rresp_next  = s_axil_rresp_reg;
    s_axil_rdata_next  = s_axil_rdata_reg;

    state_next         = state_reg;
    job_sg_next        = job_sg_reg;
    abort_next         = abort_reg;
    stop_code_next     = stop_code_reg;
    bus_err_next       = bus_err_reg;
    cur_desc_next      = cur_desc_reg;
    chain_cnt_next     = chain_cnt_reg;
    desc_data_next     = desc_data_reg;
    buf_src_next       = buf_src_reg;
    buf_dst_next       = buf_dst_reg;
    buf_len_next       = buf_len_reg;
    buf_flags_next     = buf_flags_reg;
    buf_nextd_next     = buf_nextd_reg;

    m_axi_arvalid_next = m_axi_arvalid_reg && !m_axi_arready;
    m_axi_araddr_next  = m_axi_araddr_reg;
    m_axi_arlen_next   = m_axi_arlen_reg;
    rd_addr_next       = rd_addr_reg;
    rd_beats_left_next = rd_beats_left_reg;
    rd_issued_next     = rd_issued_reg;
    rd_desc_mode_next  = rd_desc_mode_reg;
    rd_out_next        = rd_out_reg;
    ra_wr_ptr_next     = ra_wr_ptr_reg;
    ra_rd_ptr_next     = ra_rd_ptr_reg;

    df_wr_ptr_next     = df_wr_ptr_reg;
    df_rd_ptr_next     = df_rd_ptr_reg;
    df_count_next      = df_count_reg;
    df_resv_next       = df_resv_reg;

    m_axi_awvalid_next = m_axi_awvalid_reg && !m_axi_awready;
    m_axi_awaddr_next  = m_axi_awaddr_reg;
    m_axi_awlen_next   = m_axi_awlen_reg;
    wr_addr_next       = wr_addr_reg;
    wr_beats_left_next = wr_beats_left_reg;
    wr_issued_next     = wr_issued_reg;
    wr_pre_next        = wr_pre_reg;
    wr_out_next        = wr_out_reg;
    wa_wr_ptr_next     = wa_wr_ptr_reg;
    wa_rd_ptr_next     = wa_rd_ptr_reg;
    wl_count_next      = wl_count_reg;
    wl_wr_ptr_next     = wl_wr_ptr_reg;
    wl_rd_ptr_next     = wl_rd_ptr_reg;
    wd_wr_ptr_next     = wd_wr_ptr_reg;
    wd_rd_ptr_next     = wd_rd_ptr_reg;

    m_axi_wvalid_next  = m_axi_wvalid_reg && !m_axi_wready;
    m_axi_wdata_next   = m_axi_wdata_reg;
    m_axi_wstrb_next   = m_axi_wstrb_reg;
    m_axi_wlast_next   = m_axi_wlast_reg;
    w_preload_next     = w_preload_reg;
    w_rd_left_next     = w_rd_left_reg;
    w_bytes_left_next  = w_bytes_left_reg;
    w_first_next       = w_first_reg;
    w_beat_cnt_next    = w_beat_cnt_reg;
    w_burst_bytes_next = w_burst_bytes_reg;
    w_prev_next        = w_prev_reg;
    w_shift_next       = w_shift_reg;
    w_doff_next        = w_doff_reg;

    // ---- AR issue ----
    if (ar_go) begin
        m_axi_arvalid_next = 1'b1;
        m_axi_araddr_next  = rd_addr_reg;
`ifdef MASKDMA_DEFECT_LEGACY
        if (LEGACY_TRUNCATE != 0) m_axi_araddr_next[ADDR_WIDTH-1] = 1'b0;  // formal teeth: legacy truncation drops one bit too many
`endif
        m_axi_arlen_next   = ar_beats[7:0] - 8'd1;
        rd_addr_next       = rd_addr_reg + ar_bytes;
        rd_beats_left_next = rd_beats_left_reg - {{(BEATS_W - 9){1'b0}}, ar_beats};
        rd_issued_next     = rd_issued_reg + {{(BEATS_W - 9){1'b0}}, ar_beats};
        ra_wr_ptr_next     = ra_wr_ptr_reg + 1'b1;
        if (!rd_desc_mode_reg) begin
            df_resv_next = df_resv_reg + ar_beats32[DF_LOG2:0];
        end
    end

    // ---- R receive ----
    if (r_fire) begin
        if (rd_desc_mode_reg) begin
            desc_data_next = {m_axi_rdata, desc_data_reg[255:DATA_WIDTH]};
        end else begin
            df_wr_ptr_next = df_wr_ptr_reg + 1'b1;
        end
        if (r_last) begin
            ra_rd_ptr_next = ra_rd_ptr_reg + 1'b1;
        end
        if (r_err && stop_code_reg == E_NONE) begin
            stop_code_next = E_BUS;
            err_addr_next  = ra_head64;
        end
        if (r_err) begin
            bus_err_next = 1'b1;
        end
    end
    rd_out_next = rd_out_reg + {{OUT_LOG2{1'b0}}, ar_go} - {{OUT_LOG2{1'b0}}, r_last};

    // ---- AW issue ----
    if (aw_go) begin
        m_axi_awvalid_next = 1'b1;
        m_axi_awaddr_next  = wr_addr_reg;
        m_axi_awlen_next   = aw_beats[7:0] - 8'd1;
        wr_addr_next       = wr_addr_reg + aw_bytes;
        wr_beats_left_next = wr_beats_left_reg - {{(BEATS_W - 9){1'b0}}, aw_beats};
        wr_issued_next     = wr_issued_reg + {{(BEATS_W - 9){1'b0}}, aw_beats};
        wa_wr_ptr_next     = wa_wr_ptr_reg + 1'b1;
        wl_wr_ptr_next     = wl_wr_ptr_reg + 1'b1;
    end

    // ---- W path ----
    if (w_pre_pop) begin
        w_prev_next    = df_head;
        w_rd_left_next = w_rd_left_reg - 1'b1;
        w_preload_next = 1'b0;
    end
    if (w_load) begin
        m_axi_wvalid_next = 1'b1;
        m_axi_wdata_next  = w_shifted;
        m_axi_wstrb_next  = bus_err_reg ? {BYTES{1'b0}} : w_strb;
`ifdef MASKDMA_DEFECT_DATA
        m_axi_wdata_next  = {w_shifted[7:0], w_shifted[DATA_WIDTH-1:8]};  // formal teeth: bytes rotated
`endif
`ifdef MASKDMA_DEFECT_STROBE
        m_axi_wstrb_next  = bus_err_reg ? {BYTES{1'b0}} : (w_strb | (w_strb << 1));  // formal teeth: one lane too many
`endif
        m_axi_wlast_next  = w_is_last;
        w_first_next      = 1'b0;
        w_bytes_left_next = w_bytes_left_reg - {{(31 - OFF_W){1'b0}}, w_cnt};
        if (w_need_pop) begin
            w_prev_next    = df_head;
            w_rd_left_next = w_rd_left_reg - 1'b1;
        end
        if (w_is_last) begin
            w_beat_cnt_next    = 8'd0;
            w_burst_bytes_next = 13'd0;
            wl_rd_ptr_next     = wl_rd_ptr_reg + 1'b1;
            wd_wr_ptr_next     = wd_wr_ptr_reg + 1'b1;
        end else begin
            w_beat_cnt_next    = w_beat_cnt_reg + 8'd1;
            w_burst_bytes_next = w_burst_bytes_reg + {{(12 - OFF_W){1'b0}}, w_cnt_sent};
        end
    end
    wl_count_next = wl_count_reg + {{OUT_LOG2{1'b0}}, aw_go} - {{OUT_LOG2{1'b0}}, w_load && w_is_last};

    // read-data FIFO bookkeeping
    if ((w_pre_pop || (w_load && w_need_pop))) begin
        df_rd_ptr_next = df_rd_ptr_reg + 1'b1;
    end
    df_count_next = df_count_reg + {{DF_LOG2{1'b0}}, r_fire && !rd_desc_mode_reg}
                                 - {{DF_LOG2{1'b0}}, w_pre_pop || (w_load && w_need_pop)};
    if (w_pre_pop || (w_load && w_need_pop)) begin
        df_resv_next = df_resv_next - 1'b1;
    end

    // ---- B receive ----
    if (b_fire) begin
        wa_rd_ptr_next = wa_rd_ptr_reg + 1'b1;
        wd_rd_ptr_next = wd_rd_ptr_reg + 1'b1;
        if (!b_err) begin
            bytes_done_next = bytes_done_reg + {19'd0, wd_mem[wd_rd_ptr_reg]};
        end else begin
            bus_err_next = 1'b1;
            if (stop_code_reg == E_NONE && !r_err) begin
                stop_code_next = E_BUS;
                err_addr_next  = wa_head64;
            end
        end
    end
    wr_out_next = wr_out_reg + {{OUT_LOG2{1'b0}}, aw_go} - {{OUT_LOG2{1'b0}}, b_fire};

    // ABORT becomes a stop cause once nothing else stopped the job
    if (abort_reg && stop_code_reg == E_NONE && !r_err && !b_err) begin
        stop_code_next = E_ABORT;
    end

    // ---- job FSM ----
    // Every check that ends the job in ERR sets job_fail (code, and the address when it names
    // one); the one failure path after the case ends the job.
    job_fail      = 1'b0;
    job_fail_code = E_NONE;
    job_fail_at   = 1'b0;
    job_fail_addr = cur_desc_reg;
    case (state_reg)
        S_DESC_CHECK: begin
            if (abort_reg) begin
                job_fail = 1'b1; job_fail_code = E_ABORT;
            end else if (cur_desc_reg[D_ALIGN_W-1:0] != 0 || chain_cnt_reg == MAX_CHAIN[CHAIN_W-1:0]) begin
                job_fail = 1'b1; job_fail_code = E_DESC; job_fail_at = 1'b1;
            end else if (desc_bad) begin
                job_fail = 1'b1; job_fail_code = E_RANGE; job_fail_at = 1'b1;
            end else begin
                state_next         = S_DESC_FETCH;
                chain_cnt_next     = chain_cnt_reg + 1'b1;
                rd_desc_mode_next  = 1'b1;
                rd_addr_next       = cur_desc_reg[ADDR_WIDTH-1:0];
                rd_beats_left_next = DESC_BEATS[BEATS_W-1:0];
                rd_issued_next     = {BEATS_W{1'b0}};
            end
        end
        S_DESC_FETCH: begin
            if (rd_beats_left_reg == 0 || stop_code_reg != E_NONE) begin
                if (!m_axi_arvalid_reg && rd_out_reg == 0) begin
                    if (stop_code_reg != E_NONE) begin
                        job_fail = 1'b1; job_fail_code = stop_code_reg;
                    end else begin
                        state_next = S_DESC_PARSE;
                    end
                end
            end
        end
        S_DESC_PARSE: begin
            buf_src_next   = desc_data_reg[D_SRC_LSB +: 64];
            buf_dst_next   = desc_data_reg[D_DST_LSB +: 64];
            buf_len_next   = desc_data_reg[D_LEN_LSB +: 32];
            buf_flags_next = {desc_data_reg[D_FLAGS_LSB + DESC_FLAG_LAST_BIT],
                              desc_data_reg[D_FLAGS_LSB + DESC_FLAG_IRQ_BIT]};
            buf_nextd_next = desc_data_reg[D_NEXT_LSB +: 64];
            if (abort_reg) begin
                job_fail = 1'b1; job_fail_code = E_ABORT;
            end else if (desc_data_reg[D_RSVD_LSB +: D_RSVD_W] != 0) begin
                job_fail = 1'b1; job_fail_code = E_DESC; job_fail_at = 1'b1;
            end else begin
                state_next = S_BUF_CHECK;
            end
        end
        S_BUF_CHECK: begin
            if (abort_reg) begin
                job_fail = 1'b1; job_fail_code = E_ABORT;
            end else if (buf_len_reg == 32'd0) begin
                job_fail = 1'b1; job_fail_code = E_LEN0; job_fail_at = job_sg_reg;
            end else if (src_bad) begin
                job_fail = 1'b1; job_fail_code = E_RANGE; job_fail_at = 1'b1;
                job_fail_addr = buf_src_reg;
            end else if (dst_bad) begin
                job_fail = 1'b1; job_fail_code = E_RANGE; job_fail_at = 1'b1;
                job_fail_addr = buf_dst_reg;
            end else begin
                state_next         = S_COPY;
                rd_desc_mode_next  = 1'b0;
                rd_addr_next       = {src_t[ADDR_WIDTH-1:OFF_W], {OFF_W{1'b0}}};
                rd_beats_left_next = beats_of(s_off, buf_len_reg);
                rd_issued_next     = {BEATS_W{1'b0}};
                wr_addr_next       = {dst_t[ADDR_WIDTH-1:OFF_W], {OFF_W{1'b0}}};
                wr_beats_left_next = beats_of(d_off, buf_len_reg);
                wr_issued_next     = {BEATS_W{1'b0}};
                wr_pre_next        = (s_off > d_off);
                w_preload_next     = (s_off > d_off);
                w_rd_left_next     = beats_of(s_off, buf_len_reg);
                w_bytes_left_next  = buf_len_reg;
                w_first_next       = 1'b1;
                w_beat_cnt_next    = 8'd0;
                w_burst_bytes_next = 13'd0;
                w_shift_next       = d_off - s_off;
                w_doff_next        = d_off;
                df_wr_ptr_next     = {DF_LOG2{1'b0}};
                df_rd_ptr_next     = {DF_LOG2{1'b0}};
                df_count_next      = {(DF_LOG2 + 1){1'b0}};
                df_resv_next       = {(DF_LOG2 + 1){1'b0}};
            end
        end
        S_COPY: begin
`ifdef MASKDMA_DEFECT_HANG
            if (drained && (stop_code_reg != E_NONE) && !bus_err_reg) begin  // formal teeth: hangs after a bus error
`else
            if (drained && (stop_code_reg != E_NONE)) begin
`endif
                job_fail = 1'b1; job_fail_code = stop_code_reg;
            end else if (drained && rd_beats_left_reg == 0 && wr_beats_left_reg == 0 && !b_fire) begin
                if (job_sg_reg && buf_flags_reg[BF_IRQ]) begin
                    desc_irq_next = 1'b1;
                end
                if (!job_sg_reg || buf_flags_reg[BF_LAST]) begin
                    state_next = S_IDLE; busy_next = 1'b0; done_next = 1'b1;
                end else begin
                    state_next    = S_DESC_CHECK;
                    cur_desc_next = buf_nextd_reg;
                end
            end
        end
        default: begin
            // S_IDLE: nothing moves
        end
    endcase

    // the one failure path: the job ends with ERR, BUSY falls
    if (job_fail) begin
        state_next    = S_IDLE;
        busy_next     = 1'b0;
        err_next      = 1'b1;
        err_code_next = job_fail_code;
        if (job_fail_at) err_addr_next = job_fail_addr;
    end

    // a finished job forgets its stop state
    if (!busy_next) begin
        abort_next     = 1'b0;
        stop_code_next = E_NONE;
        bus_err_next   = 1'b0;
    end

    // ---- AXI-Lite register writes ----
    if (lw_fire) begin
        s_axil_bvalid_next = 1'b1;
        s_axil_bresp_next  = (lw_idx <= REG_LAST_IDX) ? 2'b00 : 2'b10;
        case (lw_idx)
            CTRL_IDX: begin
                if (s_axil_wstrb[0]) begin
                    // a START while BUSY is ignored as a whole (only its ABORT bit acts), so a
                    // re-issued START cannot change IRQ_EN/SG of the running job
                    if (!(s_axil_wdata[CTRL_START_BIT] && busy_reg)) begin
                        ctrl_irq_en_next = s_axil_wdata[CTRL_IRQ_EN_BIT];
                        ctrl_sg_next     = s_axil_wdata[CTRL_SG_BIT];
                    end
                    if (s_axil_wdata[CTRL_START_BIT] && !busy_reg) begin
                        // START: clear status, latch the mode, begin
                        busy_next       = 1'b1;
                        done_next       = 1'b0;
                        err_next        = 1'b0;
                        err_code_next   = E_NONE;
                        desc_irq_next   = 1'b0;
                        bytes_done_next = 32'd0;
                        abort_next      = 1'b0;
                        stop_code_next  = E_NONE;
                        bus_err_next    = 1'b0;
                        job_sg_next     = s_axil_wdata[CTRL_SG_BIT];
                        chain_cnt_next  = {CHAIN_W{1'b0}};
                        cur_desc_next   = desc_reg;
                        buf_src_next    = src_reg;
                        buf_dst_next    = dst_reg;
                        buf_len_next    = len_reg;
                        buf_flags_next  = 2'b00;
                        state_next      = s_axil_wdata[CTRL_SG_BIT] ? S_DESC_CHECK : S_BUF_CHECK;
                    end else if (s_axil_wdata[CTRL_ABORT_BIT] && busy_reg) begin
                        abort_next = 1'b1;
                    end
                end
            end
            STATUS_IDX: begin // W1C on DONE, ERR (with ERR_CODE), DESC_IRQ
                if (s_axil_wstrb[0]) begin
                    if (s_axil_wdata[STATUS_DONE_BIT]) done_next = 1'b0;
                    if (s_axil_wdata[STATUS_ERR_BIT]) begin
                        err_next      = 1'b0;
                        err_code_next = E_NONE;
                    end
                    if (s_axil_wdata[STATUS_DESC_IRQ_BIT]) desc_irq_next = 1'b0;
                end
            end
            SRC_LO_IDX:  src_next[31:0]   = (src_reg[31:0]   & ~lw_mask) | (s_axil_wdata & lw_mask);
            SRC_HI_IDX:  src_next[63:32]  = (src_reg[63:32]  & ~lw_mask) | (s_axil_wdata & lw_mask);
            DST_LO_IDX:  dst_next[31:0]   = (dst_reg[31:0]   & ~lw_mask) | (s_axil_wdata & lw_mask);
            DST_HI_IDX:  dst_next[63:32]  = (dst_reg[63:32]  & ~lw_mask) | (s_axil_wdata & lw_mask);
            LEN_IDX:     len_next         = (len_reg         & ~lw_mask) | (s_axil_wdata & lw_mask);
            DESC_LO_IDX: desc_next[31:0]  = (desc_reg[31:0]  & ~lw_mask) | (s_axil_wdata & lw_mask);
            DESC_HI_IDX: desc_next[63:32] = (desc_reg[63:32] & ~lw_mask) | (s_axil_wdata & lw_mask);
            default: begin
                // ID, CAPS, BYTES_DONE, ERR_ADDR: read-only, ignored; others: SLVERR above
            end
        endcase
    end

    // ---- AXI-Lite register reads ----
    if (lr_fire) begin
        s_axil_rvalid_next = 1'b1;
        s_axil_rresp_next  = (lr_idx <= REG_LAST_IDX) ? 2'b00 : 2'b10;
        case (lr_idx)
            ID_IDX:          s_axil_rdata_next = ID_VALUE;
            CAPS_IDX:        s_axil_rdata_next = CAPS_VALUE;
            CTRL_IDX:        s_axil_rdata_next = ctrl_rdata;
            STATUS_IDX:      s_axil_rdata_next = status_rdata;
            SRC_LO_IDX:      s_axil_rdata_next = src_reg[31:0];
            SRC_HI_IDX:      s_axil_rdata_next = src_reg[63:32];
            DST_LO_IDX:      s_axil_rdata_next = dst_reg[31:0];
            DST_HI_IDX:      s_axil_rdata_next = dst_reg[63:32];
            LEN_IDX:         s_axil_rdata_next = len_reg;
            DESC_LO_IDX:     s_axil_rdata_next = desc_reg[31:0];
            DESC_HI_IDX:     s_axil_rdata_next = desc_reg[63:32];
            BYTES_DONE_IDX:  s_axil_rdata_next = bytes_done_reg;
            ERR_ADDR_LO_IDX: s_axil_rdata_next = err_addr_reg[31:0];
            ERR_ADDR_HI_IDX: s_axil_rdata_next = err_addr_reg[63:32];
            default: s_axil_rdata_next = 32'd0;
        endcase
    end

    irq_next = ctrl_irq_en_reg && (done_reg || err_reg || desc_irq_reg);
end

// ---------------------------------------------------------------------------------------------
// State registers
// ---------------------------------------------------------------------------------------------
always @(posedge clk) begin
    if (rst) begin
        ctrl_irq_en_reg    <= 1'b0;
        ctrl_sg_reg        <= 1'b0;
        src_reg            <= 64'd0;
        dst_reg            <= 64'd0;
        len_reg            <= 32'd0;
        desc_reg           <= 64'd0;
        busy_reg           <= 1'b0;
        done_reg           <= 1'b0;
        err_reg            <= 1'b0;
        desc_irq_reg       <= 1'b0;
        err_code_reg       <= E_NONE;
        bytes_done_reg     <= 32'd0;
        err_addr_reg       <= 64'd0;
        irq_reg            <= 1'b0;
        s_axil_bvalid_reg  <= 1'b0;
        s_axil_bresp_reg   <= 2'b00;
        s_axil_rvalid_reg  <= 1'b0;
        s_axil_rresp_reg   <= 2'b00;
        s_axil_rdata_reg   <= 32'd0;
        state_reg          <= S_IDLE;
        job_sg_reg         <= 1'b0;
        abort_reg          <= 1'b0;
        stop_code_reg      <= E_NONE;
        bus_err_reg        <= 1'b0;
        cur_desc_reg       <= 64'd0;
        chain_cnt_reg      <= {CHAIN_W{1'b0}};
        desc_data_reg      <= 256'd0;
        buf_src_reg        <= 64'd0;
        buf_dst_reg        <= 64'd0;
        buf_len_reg        <= 32'd0;
        buf_flags_reg      <= 2'b00;
        buf_nextd_reg      <= 64'd0;
        m_axi_arvalid_reg  <= 1'b0;
        m_axi_araddr_reg   <= {ADDR_WIDTH{1'b0}};
        m_axi_arlen_reg    <= 8'd0;
        rd_addr_reg        <= {ADDR_WIDTH{1'b0}};
        rd_beats_left_reg  <= {BEATS_W{1'b0}};
        rd_issued_reg      <= {BEATS_W{1'b0}};
        rd_desc_mode_reg   <= 1'b0;
        rd_out_reg         <= {(OUT_LOG2 + 1){1'b0}};
        ra_wr_ptr_reg      <= {OUT_LOG2{1'b0}};
        ra_rd_ptr_reg      <= {OUT_LOG2{1'b0}};
        df_wr_ptr_reg      <= {DF_LOG2{1'b0}};
        df_rd_ptr_reg      <= {DF_LOG2{1'b0}};
        df_count_reg       <= {(DF_LOG2 + 1){1'b0}};
        df_resv_reg        <= {(DF_LOG2 + 1){1'b0}};
        m_axi_awvalid_reg  <= 1'b0;
        m_axi_awaddr_reg   <= {ADDR_WIDTH{1'b0}};
        m_axi_awlen_reg    <= 8'd0;
        wr_addr_reg        <= {ADDR_WIDTH{1'b0}};
        wr_beats_left_reg  <= {BEATS_W{1'b0}};
        wr_issued_reg      <= {BEATS_W{1'b0}};
        wr_pre_reg         <= 1'b0;
        wr_out_reg         <= {(OUT_LOG2 + 1){1'b0}};
        wa_wr_ptr_reg      <= {OUT_LOG2{1'b0}};
        wa_rd_ptr_reg      <= {OUT_LOG2{1'b0}};
        wl_count_reg       <= {(OUT_LOG2 + 1){1'b0}};
        wl_wr_ptr_reg      <= {OUT_LOG2{1'b0}};
        wl_rd_ptr_reg      <= {OUT_LOG2{1'b0}};
        wd_wr_ptr_reg      <= {OUT_LOG2{1'b0}};
        wd_rd_ptr_reg      <= {OUT_LOG2{1'b0}};
        m_axi_wvalid_reg   <= 1'b0;
        m_axi_wdata_reg    <= {DATA_WIDTH{1'b0}};
        m_axi_wstrb_reg    <= {BYTES{1'b0}};
        m_axi_wlast_reg    <= 1'b0;
        w_preload_reg      <= 1'b0;
        w_rd_left_reg      <= {BEATS_W{1'b0}};
        w_bytes_left_reg   <= 32'd0;
        w_first_reg        <= 1'b0;
        w_beat_cnt_reg     <= 8'd0;
        w_burst_bytes_reg  <= 13'd0;
        w_prev_reg         <= {DATA_WIDTH{1'b0}};
        w_shift_reg        <= {OFF_W{1'b0}};
        w_doff_reg         <= {OFF_W{1'b0}};
    end else begin
        ctrl_irq_en_reg    <= ctrl_irq_en_next;
        ctrl_sg_reg        <= ctrl_sg_next;
        src_reg            <= src_next;
        dst_reg            <= dst_next;
        len_reg            <= len_next;
        desc_reg           <= desc_next;
        busy_reg           <= busy_next;
        done_reg           <= done_next;
        err_reg            <= err_next;
        desc_irq_reg       <= desc_irq_next;
        err_code_reg       <= err_code_next;
        bytes_done_reg     <= bytes_done_next;
        err_addr_reg       <= err_addr_next;
        irq_reg            <= irq_next;
        s_axil_bvalid_reg  <= s_axil_bvalid_next;
        s_axil_bresp_reg   <= s_axil_bresp_next;
        s_axil_rvalid_reg  <= s_axil_rvalid_next;
        s_axil_rresp_reg   <= s_axil_rresp_next;
        s_axil_rdata_reg   <= s_axil_rdata_next;
        state_reg          <= state_next;
        job_sg_reg         <= job_sg_next;
        abort_reg          <= abort_next;
        stop_code_reg      <= stop_code_next;
        bus_err_reg        <= bus_err_next;
        cur_desc_reg       <= cur_desc_next;
        chain_cnt_reg      <= chain_cnt_next;
        desc_data_reg      <= desc_data_next;
        buf_src_reg        <= buf_src_next;
        buf_dst_reg        <= buf_dst_next;
        buf_len_reg        <= buf_len_next;
        buf_flags_reg      <= buf_flags_next;
        buf_nextd_reg      <= buf_nextd_next;
        m_axi_arvalid_reg  <= m_axi_arvalid_next;
        m_axi_araddr_reg   <= m_axi_araddr_next;
        m_axi_arlen_reg    <= m_axi_arlen_next;
        rd_addr_reg        <= rd_addr_next;
        rd_beats_left_reg  <= rd_beats_left_next;
        rd_issued_reg      <= rd_issued_next;
        rd_desc_mode_reg   <= rd_desc_mode_next;
        rd_out_reg         <= rd_out_next;
        ra_wr_ptr_reg      <= ra_wr_ptr_next;
        ra_rd_ptr_reg      <= ra_rd_ptr_next;
        df_wr_ptr_reg      <= df_wr_ptr_next;
        df_rd_ptr_reg      <= df_rd_ptr_next;
        df_count_reg       <= df_count_next;
        df_resv_reg        <= df_resv_next;
        m_axi_awvalid_reg  <= m_axi_awvalid_next;
        m_axi_awaddr_reg   <= m_axi_awaddr_next;
        m_axi_awlen_reg    <= m_axi_awlen_next;
        wr_addr_reg        <= wr_addr_next;
        wr_beats_left_reg  <= wr_beats_left_next;
        wr_issued_reg      <= wr_issued_next;
        wr_pre_reg         <= wr_pre_next;
        wr_out_reg         <= wr_out_next;
        wa_wr_ptr_reg      <= wa_wr_ptr_next;
        wa_rd_ptr_reg      <= wa_rd_ptr_next;
        wl_count_reg       <= wl_count_next;
        wl_wr_ptr_reg      <= wl_wr_ptr_next;
        wl_rd_ptr_reg      <= wl_rd_ptr_next;
        wd_wr_ptr_reg      <= wd_wr_ptr_next;
        wd_rd_ptr_reg      <= wd_rd_ptr_next;
        m_axi_wvalid_reg   <= m_axi_wvalid_next;
        m_axi_wdata_reg    <= m_axi_wdata_next;
        m_axi_wstrb_reg    <= m_axi_wstrb_next;
        m_axi_wlast_reg    <= m_axi_wlast_next;
        w_preload_reg      <= w_preload_next;
        w_rd_left_reg      <= w_rd_left_next;
        w_bytes_left_reg   <= w_bytes_left_next;
        w_first_reg        <= w_first_next;
        w_beat_cnt_reg     <= w_beat_cnt_next;
        w_burst_bytes_reg  <= w_burst_bytes_next;
        w_prev_reg         <= w_prev_next;
        w_shift_reg        <= w_shift_next;
        w_doff_reg         <= w_doff_next;
    end
end

// FIFO storage (no reset: contents are only read where the pointers say they are valid)
always @(posedge clk) begin
    if (r_fire && !rd_desc_mode_reg) begin
        df_mem[df_wr_ptr_reg] <= m_axi_rdata;
    end
    if (ar_go) begin
        ra_mem[ra_wr_ptr_reg] <= rd_addr_reg;
    end
    if (aw_go) begin
        wa_mem[wa_wr_ptr_reg] <= wr_addr_reg;
        wl_mem[wl_wr_ptr_reg] <= aw_beats[7:0] - 8'd1;
    end
    if (w_load && w_is_last) begin
        wd_mem[wd_wr_ptr_reg] <= w_burst_bytes_reg + {{(12 - OFF_W){1'b0}}, w_cnt_sent};
    end
end

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------
assign s_axil_awready = lw_fire;
assign s_axil_wready  = lw_fire;
assign s_axil_bresp   = s_axil_bresp_reg;
assign s_axil_bvalid  = s_axil_bvalid_reg;
assign s_axil_arready = !s_axil_rvalid_reg;
assign s_axil_rdata   = s_axil_rdata_reg;
assign s_axil_rresp   = s_axil_rresp_reg;
assign s_axil_rvalid  = s_axil_rvalid_reg;

assign m_axi_awid     = {ID_WIDTH{1'b0}};
assign m_axi_awaddr   = m_axi_awaddr_reg;
assign m_axi_awlen    = m_axi_awlen_reg;
assign m_axi_awsize   = AXSIZE;
assign m_axi_awburst  = 2'b01;
assign m_axi_awlock   = 1'b0;
assign m_axi_awcache  = 4'b0011;
assign m_axi_awprot   = 3'b010;
assign m_axi_awvalid  = m_axi_awvalid_reg;
assign m_axi_wdata    = m_axi_wdata_reg;
assign m_axi_wstrb    = m_axi_wstrb_reg;
assign m_axi_wlast    = m_axi_wlast_reg;
assign m_axi_wvalid   = m_axi_wvalid_reg;
assign m_axi_bready   = 1'b1;
assign m_axi_arid     = {ID_WIDTH{1'b0}};
assign m_axi_araddr   = m_axi_araddr_reg;
assign m_axi_arlen    = m_axi_arlen_reg;
assign m_axi_arsize   = AXSIZE;
assign m_axi_arburst  = 2'b01;
assign m_axi_arlock   = 1'b0;
assign m_axi_arcache  = 4'b0011;
assign m_axi_arprot   = 3'b010;
assign m_axi_arvalid  = m_axi_arvalid_reg;
assign m_axi_rready   = 1'b1;

assign irq = irq_reg;

// Inputs the engine does not need (Verilator's default unused-regexp matches "unused*").
wire unused_inputs = &{1'b0, s_axil_awprot, s_axil_arprot, s_axil_awaddr[1:0], s_axil_araddr[1:0],
                       m_axi_bid, m_axi_rid, m_axi_bresp[0], m_axi_rresp[0], s_axil_wstrb[3:1]};

`ifdef FORMAL
`include "dma_engine_formal.vh"
`endif
endmodule

`resetall
`default_nettype wire
