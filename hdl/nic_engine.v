`resetall
`timescale 1ns/1ps
`default_nettype none

// nic_engine: descriptor-ring NIC DMA engine with an address-width limit (maskdma), modelled on
// the Broadcom b44 (a 30-bit DMA limit).
//
// Contract: docs/nic-engine.md (register map, descriptor format, status codes, interrupts).
// Summary of the architecture:
//
// * Register slave (s_axil_*): one write (AW+W together) and one read in flight; unmapped offsets
//   answer SLVERR, writes to read-only registers (and to locked ring registers) are ignored, OKAY.
// * Two rings of 16-byte descriptors in host memory (TX, RX). Per ring: a fetch unit (one
//   descriptor read in flight, state *_fstate_reg) that checks the ring before each fetch and the
//   descriptor after it (CHECK stage), and pushes the checked descriptor, with its error code,
//   into a descriptor queue (*_dq). Every check happens there, before any burst can use it.
//   The ring check covers the ring's shape, TAIL, the fetch and write-back positions (< SIZE) and
//   a TAIL moved back behind descriptors already fetched. *_held_reg counts the descriptors
//   fetched and not yet completed (STATUS write-back answered); while it is nonzero or a fetch is
//   in flight the ring is BUSY and BASE, SIZE, HEAD and BUF_HI are locked.
// * TX: the read issuer takes a checked descriptor from tx_dq into tx_rd_addr_reg /
//   tx_rd_left_reg (bus address, beats left) and issues AR bursts while the TX data FIFO has
//   room reserved for them; the descriptor also enters the completion queue tx_cq. The stream side
//   pops data beats in descriptor order (tkeep/tlast from tx_cq's head) and queues the status
//   write-back (tx_wbq) on the last beat; a refused descriptor gets its write-back at once.
// * RX: a checked buffer is loaded into rx_baddr_reg / rx_left_reg (bus address, beats left);
//   stream beats enter the RX data FIFO; a burst is closed (queued in rx_wq with its address)
//   at MAX_BURST_LEN, at a 4 KiB boundary, at the buffer's end or at tlast. A buffer's status
//   write-back rides on its last burst's rx_wq entry, so it is issued after that burst.
// * One AXI4 master: AR carries descriptor fetches (first) and TX data; AW carries RX data and
//   status write-backs (RX and TX alternate); W follows AW order (queue wq); R and B are routed
//   by queues filled at AR/AW issue (rq, bq). All IDs are 0, so the slave keeps the order: a
//   status word never lands before the data it describes. HEAD advances on the write-back's B.
// * Every burst address comes from a register loaded with a checked value (tx_rd_addr_reg,
//   rx_baddr_reg, ring slot = base + index * 16 with the ring checked before each fetch); in strict
//   mode the invariant "address + bytes left <= 2^ADDR_WIDTH" holds for each of them.
// * Bus error (SLVERR/DECERR): STATUS.ERR with ERR_CODE BUS, both rings disabled; work already
//   fetched still completes.
// * SPLIT_ADDR_HI (a tg3-like address path): a buffer's bits [63:32] come from the ring's BUF_HI
//   register and the descriptor gives bits [31:0]; bus addresses advance with a 32-bit adder
//   (addr_add), so a buffer crossing a 4 GiB boundary wraps to the start of its 4 GiB window
//   (legacy) or is refused with CROSS_4G (strict).
module nic_engine #(
    parameter ADDR_WIDTH      = 30,   // device address bits on m_axi_awaddr/araddr (12..64)
    parameter DESC_ADDR_BITS  = 32,   // address bits a descriptor's buffer field holds (12..64)
    parameter DATA_WIDTH      = 64,   // m_axi and stream data bits (32, 64 or 128)
    parameter MAX_BURST_LEN   = 16,   // longest INCR burst in beats (4..256)
    parameter LEGACY_TRUNCATE = 0,    // 0: refuse out-of-range descriptors/rings; 1: drop upper bits
    parameter ID_WIDTH        = 4,    // AXI ID bits on the master port (IDs are constant 0)
    parameter SPLIT_ADDR_HI   = 0     // 1: buffer bits [63:32] from TX_BUF_HI/RX_BUF_HI (tg3-like)
) (
    input  wire                      clk,               // clock, all logic on the rising edge
    input  wire                      rst,               // synchronous active-high reset

    // AXI4-Lite register slave
    input  wire [7:0]                s_axil_awaddr,     // register write address (byte offset)
    input  wire [2:0]                s_axil_awprot,     // write protection type (ignored)
    input  wire                      s_axil_awvalid,    // write address valid
    output wire                      s_axil_awready,    // write address ready
    input  wire [31:0]               s_axil_wdata,      // register write data
    input  wire [3:0]                s_axil_wstrb,      // register write byte strobes
    input  wire                      s_axil_wvalid,     // write data valid
    output wire                      s_axil_wready,     // write data ready
    output wire [1:0]                s_axil_bresp,      // write response (OKAY or SLVERR)
    output wire                      s_axil_bvalid,     // write response valid
    input  wire                      s_axil_bready,     // write response ready
    input  wire [7:0]                s_axil_araddr,     // register read address (byte offset)
    input  wire [2:0]                s_axil_arprot,     // read protection type (ignored)
    input  wire                      s_axil_arvalid,    // read address valid
    output wire                      s_axil_arready,    // read address ready
    output wire [31:0]               s_axil_rdata,      // register read data
    output wire [1:0]                s_axil_rresp,      // read response (OKAY or SLVERR)
    output wire                      s_axil_rvalid,     // read data valid
    input  wire                      s_axil_rready,     // read data ready

    // AXI4 master (rings and buffers)
    output wire [ID_WIDTH-1:0]       m_axi_awid,        // write ID (constant 0)
    output wire [ADDR_WIDTH-1:0]     m_axi_awaddr,      // write burst address (beat aligned)
    output wire [7:0]                m_axi_awlen,       // write burst length - 1
    output wire [2:0]                m_axi_awsize,      // write beat size, log2(DATA_WIDTH/8)
    output wire [1:0]                m_axi_awburst,     // write burst type (INCR)
    output wire                      m_axi_awlock,      // write lock (normal)
    output wire [3:0]                m_axi_awcache,     // write cache attributes
    output wire [2:0]                m_axi_awprot,      // write protection type
    output wire                      m_axi_awvalid,     // write address valid
    input  wire                      m_axi_awready,     // write address ready
    output wire [DATA_WIDTH-1:0]     m_axi_wdata,       // write data
    output wire [DATA_WIDTH/8-1:0]   m_axi_wstrb,       // write byte strobes
    output wire                      m_axi_wlast,       // last beat of a write burst
    output wire                      m_axi_wvalid,      // write data valid
    input  wire                      m_axi_wready,      // write data ready
    input  wire [ID_WIDTH-1:0]       m_axi_bid,         // write response ID (ignored)
    input  wire [1:0]                m_axi_bresp,       // write response
    input  wire                      m_axi_bvalid,      // write response valid
    output wire                      m_axi_bready,      // write response ready (always 1)
    output wire [ID_WIDTH-1:0]       m_axi_arid,        // read ID (constant 0)
    output wire [ADDR_WIDTH-1:0]     m_axi_araddr,      // read burst address (beat aligned)
    output wire [7:0]                m_axi_arlen,       // read burst length - 1
    output wire [2:0]                m_axi_arsize,      // read beat size, log2(DATA_WIDTH/8)
    output wire [1:0]                m_axi_arburst,     // read burst type (INCR)
    output wire                      m_axi_arlock,      // read lock (normal)
    output wire [3:0]                m_axi_arcache,     // read cache attributes
    output wire [2:0]                m_axi_arprot,      // read protection type
    output wire                      m_axi_arvalid,     // read address valid
    input  wire                      m_axi_arready,     // read address ready
    input  wire [ID_WIDTH-1:0]       m_axi_rid,         // read data ID (ignored)
    input  wire [DATA_WIDTH-1:0]     m_axi_rdata,       // read data
    input  wire [1:0]                m_axi_rresp,       // read response
    input  wire                      m_axi_rlast,       // last beat of a read burst
    input  wire                      m_axi_rvalid,      // read data valid
    output wire                      m_axi_rready,      // read data ready (always 1)

    // AXI4-Stream TX out (packets read from TX buffers)
    output wire [DATA_WIDTH-1:0]     m_axis_tx_tdata,   // packet data, little-endian
    output wire [DATA_WIDTH/8-1:0]   m_axis_tx_tkeep,   // valid bytes (all but a packet's last beat: all)
    output wire                      m_axis_tx_tvalid,  // beat valid
    input  wire                      m_axis_tx_tready,  // beat accepted
    output wire                      m_axis_tx_tlast,   // last beat of a packet (descriptor with EOP)

    // AXI4-Stream RX in (packets written to RX buffers)
    input  wire [DATA_WIDTH-1:0]     s_axis_rx_tdata,   // packet data, little-endian
    input  wire [DATA_WIDTH/8-1:0]   s_axis_rx_tkeep,   // valid bytes, contiguous from byte 0
    input  wire                      s_axis_rx_tvalid,  // beat valid
    output wire                      s_axis_rx_tready,  // beat accepted (low until a buffer is ready)
    input  wire                      s_axis_rx_tlast,   // last beat of a packet

    output wire                      irq                // IRQ_EN and any of TX_IRQ, RX_IRQ, ERR
);

// ---------------------------------------------------------------------------------------------
// Elaboration-time parameter checks: a bad value instantiates a module that does not exist, whose
// name is the message (Icarus, Verilator and yosys all stop on it).
// ---------------------------------------------------------------------------------------------
generate
    if (ADDR_WIDTH < 12 || ADDR_WIDTH > 64) begin : g_bad_addr_width
        nic_engine_error_ADDR_WIDTH_must_be_12_to_64 u_error ();
    end
    if (DESC_ADDR_BITS < 12 || DESC_ADDR_BITS > 64) begin : g_bad_desc_addr_bits
        nic_engine_error_DESC_ADDR_BITS_must_be_12_to_64 u_error ();
    end
    if (DATA_WIDTH != 32 && DATA_WIDTH != 64 && DATA_WIDTH != 128) begin : g_bad_data_width
        nic_engine_error_DATA_WIDTH_must_be_32_64_or_128 u_error ();
    end
    if (MAX_BURST_LEN < 4 || MAX_BURST_LEN > 256) begin : g_bad_max_burst_len
        nic_engine_error_MAX_BURST_LEN_must_be_4_to_256 u_error ();
    end
    if (LEGACY_TRUNCATE != 0 && LEGACY_TRUNCATE != 1) begin : g_bad_legacy_truncate
        nic_engine_error_LEGACY_TRUNCATE_must_be_0_or_1 u_error ();
    end
    if (ID_WIDTH < 1) begin : g_bad_id_width
        nic_engine_error_ID_WIDTH_must_be_at_least_1 u_error ();
    end
    if (SPLIT_ADDR_HI != 0 && SPLIT_ADDR_HI != 1) begin : g_bad_split_addr_hi
        nic_engine_error_SPLIT_ADDR_HI_must_be_0_or_1 u_error ();
    end
    if (SPLIT_ADDR_HI == 1 && (ADDR_WIDTH <= 32 || DESC_ADDR_BITS != 32)) begin : g_bad_split_widths
        nic_engine_error_SPLIT_ADDR_HI_must_have_ADDR_WIDTH_above_32_and_DESC_ADDR_BITS_32 u_error ();
    end
endgenerate

// ---------------------------------------------------------------------------------------------
// Register map (generated from regmap/nic_engine.rdl; `python tools/regmap.py` rewrites the block)
// ---------------------------------------------------------------------------------------------
// regmap:nic_engine begin
// generated by tools/regmap.py from regmap/nic_engine.rdl — do not edit.
// Register map of nic_engine: localparams for the body of module nic_engine.

// registers: byte offset (_OFFSET) and 32-bit word index (_IDX)
localparam [7:0] ID_OFFSET = 8'h0;                              // RO: constant 0x4E494331 ("NIC1")
localparam [5:0] ID_IDX = 6'h0;
localparam [7:0] CAPS_OFFSET = 8'h4;                            // RO: capabilities: the engine's parameters
localparam [5:0] CAPS_IDX = 6'h1;
localparam [7:0] DESC_CAPS_OFFSET = 8'h8;                       // RO: descriptor capabilities
localparam [5:0] DESC_CAPS_IDX = 6'h2;
localparam [7:0] CTRL_OFFSET = 8'hC;                            // RW: control; the device clears TX_EN/RX_EN on a ring error, both on a bus error
localparam [5:0] CTRL_IDX = 6'h3;
localparam [7:0] STATUS_OFFSET = 8'h10;                         // RO, W1C on [2],[3],[4]: status
localparam [5:0] STATUS_IDX = 6'h4;
localparam [7:0] IRQ_COALESCE_OFFSET = 8'h14;                   // RW: interrupt coalescing (per ring)
localparam [5:0] IRQ_COALESCE_IDX = 6'h5;
localparam [7:0] ERR_ADDR_LO_OFFSET = 8'h18;                    // RO: address of the most recent refused descriptor buffer (as written) or ring base, bits [31:0]
localparam [5:0] ERR_ADDR_LO_IDX = 6'h6;
localparam [7:0] ERR_ADDR_HI_OFFSET = 8'h1C;                    // RO: bits [63:32] of ERR_ADDR
localparam [5:0] ERR_ADDR_HI_IDX = 6'h7;
localparam [7:0] TX_BASE_LO_OFFSET = 8'h20;                     // RW: TX ring base bus address, bits [31:0] (16-byte aligned; writes ignored while TX_EN or TX_BUSY)
localparam [5:0] TX_BASE_LO_IDX = 6'h8;
localparam [7:0] TX_BASE_HI_OFFSET = 8'h24;                     // RW: TX ring base bus address, bits [63:32]
localparam [5:0] TX_BASE_HI_IDX = 6'h9;
localparam [7:0] TX_SIZE_OFFSET = 8'h28;                        // RW: TX ring entries, 2..65535 (writes ignored while TX_EN or TX_BUSY)
localparam [5:0] TX_SIZE_IDX = 6'hA;
localparam [7:0] TX_HEAD_OFFSET = 8'h2C;                        // RW: TX consumer index: next descriptor the device completes (device advances; writable only while !TX_EN and !TX_BUSY; a value >= TX_SIZE is a RING error at the next fetch)
localparam [5:0] TX_HEAD_IDX = 6'hB;
localparam [7:0] TX_TAIL_OFFSET = 8'h30;                        // RW: TX producer index: one past the last descriptor the driver has filled (always writable; >= TX_SIZE, or moved back behind descriptors already fetched, is a RING error at the next fetch)
localparam [5:0] TX_TAIL_IDX = 6'hC;
localparam [7:0] TX_BUF_HI_OFFSET = 8'h34;                      // RW: SPLIT_ADDR_HI only (SLVERR otherwise): bits [63:32] of every TX buffer address (writes ignored while TX_EN or TX_BUSY)
localparam [5:0] TX_BUF_HI_IDX = 6'hD;
localparam [7:0] RX_BASE_LO_OFFSET = 8'h40;                     // RW: RX ring base bus address, bits [31:0] (16-byte aligned; writes ignored while RX_EN or RX_BUSY)
localparam [5:0] RX_BASE_LO_IDX = 6'h10;
localparam [7:0] RX_BASE_HI_OFFSET = 8'h44;                     // RW: RX ring base bus address, bits [63:32]
localparam [5:0] RX_BASE_HI_IDX = 6'h11;
localparam [7:0] RX_SIZE_OFFSET = 8'h48;                        // RW: RX ring entries, 2..65535 (writes ignored while RX_EN or RX_BUSY)
localparam [5:0] RX_SIZE_IDX = 6'h12;
localparam [7:0] RX_HEAD_OFFSET = 8'h4C;                        // RW: RX consumer index: next descriptor the device fills (device advances; writable only while !RX_EN and !RX_BUSY; a value >= RX_SIZE is a RING error at the next fetch)
localparam [5:0] RX_HEAD_IDX = 6'h13;
localparam [7:0] RX_TAIL_OFFSET = 8'h50;                        // RW: RX producer index: one past the last buffer the driver has posted (always writable; >= RX_SIZE, or moved back behind buffers already fetched, is a RING error at the next fetch)
localparam [5:0] RX_TAIL_IDX = 6'h14;
localparam [7:0] RX_BUF_HI_OFFSET = 8'h54;                      // RW: SPLIT_ADDR_HI only (SLVERR otherwise): bits [63:32] of every RX buffer address (writes ignored while RX_EN or RX_BUSY)
localparam [5:0] RX_BUF_HI_IDX = 6'h15;
localparam [5:0] REG_LAST_IDX = 6'h15;                          // highest mapped word index

// fields: bit position (_BIT) or _LSB/_MSB/_WIDTH; constant registers: _VALUE
localparam [31:0] ID_VALUE = 32'h4E494331;                      // 0x4E494331 ("NIC1")
localparam integer CAPS_ADDR_WIDTH_LSB = 0;                     // ADDR_WIDTH
localparam integer CAPS_ADDR_WIDTH_MSB = 7;
localparam integer CAPS_ADDR_WIDTH_WIDTH = 8;
localparam integer CAPS_DATA_BYTES_LOG2_LSB = 8;                // log2(DATA_WIDTH/8): buffers and RX lengths are multiples of 2^this bytes
localparam integer CAPS_DATA_BYTES_LOG2_MSB = 11;
localparam integer CAPS_DATA_BYTES_LOG2_WIDTH = 4;
localparam integer CAPS_MAX_BURST_LEN_LSB = 16;                 // MAX_BURST_LEN
localparam integer CAPS_MAX_BURST_LEN_MSB = 24;
localparam integer CAPS_MAX_BURST_LEN_WIDTH = 9;
localparam integer CAPS_LEGACY_BIT = 31;                        // LEGACY_TRUNCATE
localparam integer DESC_CAPS_ADDR_BITS_LSB = 0;                 // DESC_ADDR_BITS: address bits a descriptor's buffer field holds
localparam integer DESC_CAPS_ADDR_BITS_MSB = 7;
localparam integer DESC_CAPS_ADDR_BITS_WIDTH = 8;
localparam integer DESC_CAPS_SPLIT_ADDR_HI_BIT = 8;             // SPLIT_ADDR_HI: a buffer's address bits [63:32] come from the ring's BUF_HI register, the descriptor gives bits [31:0]
localparam integer CTRL_TX_EN_BIT = 0;                          // TX_EN: fetch and send TX descriptors
localparam integer CTRL_RX_EN_BIT = 1;                          // RX_EN: fetch RX descriptors and receive into them
localparam integer CTRL_IRQ_EN_BIT = 2;                         // IRQ_EN: irq = IRQ_EN and any of TX_IRQ, RX_IRQ, ERR
localparam integer STATUS_TX_BUSY_BIT = 0;                      // TX_BUSY: a TX descriptor fetch in flight, or TX descriptors fetched whose STATUS write-back has not completed
localparam integer STATUS_RX_BUSY_BIT = 1;                      // RX_BUSY: an RX descriptor fetch in flight, or RX descriptors fetched whose STATUS write-back has not completed
localparam integer STATUS_TX_IRQ_BIT = 2;                       // TX_IRQ: coalesced TX completion interrupt
localparam integer STATUS_RX_IRQ_BIT = 3;                       // RX_IRQ: coalesced RX completion interrupt
localparam integer STATUS_ERR_BIT = 4;                          // ERR: error interrupt (W1C also clears ERR_CODE)
localparam integer STATUS_ERR_CODE_LSB = 8;                     // ERR_CODE of the most recent error
localparam integer STATUS_ERR_CODE_MSB = 11;
localparam integer STATUS_ERR_CODE_WIDTH = 4;
localparam integer IRQ_COALESCE_COUNT_LSB = 0;                  // COUNT: completions per interrupt (0 acts as 1)
localparam integer IRQ_COALESCE_COUNT_MSB = 15;
localparam integer IRQ_COALESCE_COUNT_WIDTH = 16;
localparam integer IRQ_COALESCE_TIMER_LSB = 16;                 // TIMER: cycles after the last completion before pending completions interrupt (0: off)
localparam integer IRQ_COALESCE_TIMER_MSB = 31;
localparam integer IRQ_COALESCE_TIMER_WIDTH = 16;
localparam integer TX_SIZE_VALUE_LSB = 0;
localparam integer TX_SIZE_VALUE_MSB = 15;
localparam integer TX_SIZE_VALUE_WIDTH = 16;
localparam integer TX_HEAD_VALUE_LSB = 0;
localparam integer TX_HEAD_VALUE_MSB = 15;
localparam integer TX_HEAD_VALUE_WIDTH = 16;
localparam integer TX_TAIL_VALUE_LSB = 0;
localparam integer TX_TAIL_VALUE_MSB = 15;
localparam integer TX_TAIL_VALUE_WIDTH = 16;
localparam integer RX_SIZE_VALUE_LSB = 0;
localparam integer RX_SIZE_VALUE_MSB = 15;
localparam integer RX_SIZE_VALUE_WIDTH = 16;
localparam integer RX_HEAD_VALUE_LSB = 0;
localparam integer RX_HEAD_VALUE_MSB = 15;
localparam integer RX_HEAD_VALUE_WIDTH = 16;
localparam integer RX_TAIL_VALUE_LSB = 0;
localparam integer RX_TAIL_VALUE_MSB = 15;
localparam integer RX_TAIL_VALUE_WIDTH = 16;

// ERR codes
localparam [3:0] ERR_NONE = 4'h0;                               // no error
localparam [3:0] ERR_ADDR_RANGE = 4'h1;                         // strict mode: a byte of the descriptor's buffer lies above 2^ADDR_WIDTH-1 (nothing of it is transferred)
localparam [3:0] ERR_BUS = 4'h2;                                // SLVERR/DECERR response on the master port; both rings are disabled
localparam [3:0] ERR_LEN = 4'h3;                                // descriptor LEN is 0, or not a multiple of the beat size where one is required (RX, TX without EOP)
localparam [3:0] ERR_ALIGN = 4'h4;                              // descriptor buffer address not aligned to the beat size (DATA_WIDTH/8)
localparam [3:0] ERR_DESC_BITS = 4'h5;                          // strict mode: the buffer address has bits set above DESC_ADDR_BITS (it cannot be expressed in the descriptor field)
localparam [3:0] ERR_RING = 4'h6;                               // ring unusable at a fetch: base not 16-byte aligned, SIZE < 2, TAIL >= SIZE, HEAD (the fetch position) >= SIZE, TAIL moved back behind descriptors already fetched, or (strict) the ring reaches above 2^ADDR_WIDTH-1; the ring is disabled (descriptors already fetched still complete)
localparam [3:0] ERR_CROSS_4G = 4'h7;                           // strict mode with SPLIT_ADDR_HI: the buffer crosses a 4 GiB boundary, so its low 32 address bits would wrap (nothing of it is transferred)

// nic_engine_desc: TX/RX ring descriptor: 16 bytes, little-endian, 16-byte aligned. Byte offsets; _WIDTH in bits
localparam integer DESC_SIZE = 16;
localparam integer DESC_ALIGN = 16;
localparam integer DESC_ADDR = 0;                               // buffer bus address (u64; the device holds its low DESC_ADDR_BITS bits; with SPLIT_ADDR_HI its low 32 bits, bits [63:32] come from the ring's BUF_HI)
localparam integer DESC_ADDR_WIDTH = 64;
localparam integer DESC_CTRL = 8;                               // control (u32), written by the driver; bits [31:18] are ignored
localparam integer DESC_CTRL_WIDTH = 32;
localparam integer DESC_STATUS = 12;                            // status (u32), written back by the device when the descriptor completes
localparam integer DESC_STATUS_WIDTH = 32;
localparam integer DESC_CTRL_LEN_LSB = 0;                       // LEN: buffer length in bytes (TX: bytes to send)
localparam integer DESC_CTRL_LEN_MSB = 15;
localparam integer DESC_CTRL_LEN_WIDTH = 16;
localparam integer DESC_CTRL_EOP_BIT = 16;                      // EOP: TX: the packet ends with this descriptor (tlast on its last beat)
localparam integer DESC_CTRL_IRQ_BIT = 17;                      // IRQ: raise TX_IRQ/RX_IRQ when this descriptor completes
localparam integer DESC_STATUS_DONE_BIT = 0;                    // DONE: the device has finished with this descriptor
localparam integer DESC_STATUS_ERR_BIT = 1;                     // ERR: refused (nothing of its buffer was transferred)
localparam integer DESC_STATUS_EOP_BIT = 2;                     // EOP: TX: copy of CTRL.EOP; RX: the packet ended in this buffer
localparam integer DESC_STATUS_ERR_CODE_LSB = 4;                // ERR_CODE
localparam integer DESC_STATUS_ERR_CODE_MSB = 7;
localparam integer DESC_STATUS_ERR_CODE_WIDTH = 4;
localparam integer DESC_STATUS_LEN_LSB = 16;                    // LEN: bytes sent (TX) or received into the buffer (RX); 0 when ERR
localparam integer DESC_STATUS_LEN_MSB = 31;
localparam integer DESC_STATUS_LEN_WIDTH = 16;

// every constant above, referenced once (Verilator's unused-regexp matches the name)
wire unused_nic_engine_regs = ^{
    ID_OFFSET, ID_IDX, CAPS_OFFSET, CAPS_IDX, DESC_CAPS_OFFSET, DESC_CAPS_IDX,
    CTRL_OFFSET, CTRL_IDX, STATUS_OFFSET, STATUS_IDX, IRQ_COALESCE_OFFSET, IRQ_COALESCE_IDX,
    ERR_ADDR_LO_OFFSET, ERR_ADDR_LO_IDX, ERR_ADDR_HI_OFFSET, ERR_ADDR_HI_IDX, TX_BASE_LO_OFFSET, TX_BASE_LO_IDX,
    TX_BASE_HI_OFFSET, TX_BASE_HI_IDX, TX_SIZE_OFFSET, TX_SIZE_IDX, TX_HEAD_OFFSET, TX_HEAD_IDX,
    TX_TAIL_OFFSET, TX_TAIL_IDX, TX_BUF_HI_OFFSET, TX_BUF_HI_IDX, RX_BASE_LO_OFFSET, RX_BASE_LO_IDX,
    RX_BASE_HI_OFFSET, RX_BASE_HI_IDX, RX_SIZE_OFFSET, RX_SIZE_IDX, RX_HEAD_OFFSET, RX_HEAD_IDX,
    RX_TAIL_OFFSET, RX_TAIL_IDX, RX_BUF_HI_OFFSET, RX_BUF_HI_IDX, REG_LAST_IDX, ID_VALUE,
    CAPS_ADDR_WIDTH_LSB, CAPS_ADDR_WIDTH_MSB, CAPS_ADDR_WIDTH_WIDTH, CAPS_DATA_BYTES_LOG2_LSB, CAPS_DATA_BYTES_LOG2_MSB, CAPS_DATA_BYTES_LOG2_WIDTH,
    CAPS_MAX_BURST_LEN_LSB, CAPS_MAX_BURST_LEN_MSB, CAPS_MAX_BURST_LEN_WIDTH, CAPS_LEGACY_BIT, DESC_CAPS_ADDR_BITS_LSB, DESC_CAPS_ADDR_BITS_MSB,
    DESC_CAPS_ADDR_BITS_WIDTH, DESC_CAPS_SPLIT_ADDR_HI_BIT, CTRL_TX_EN_BIT, CTRL_RX_EN_BIT, CTRL_IRQ_EN_BIT, STATUS_TX_BUSY_BIT,
    STATUS_RX_BUSY_BIT, STATUS_TX_IRQ_BIT, STATUS_RX_IRQ_BIT, STATUS_ERR_BIT, STATUS_ERR_CODE_LSB, STATUS_ERR_CODE_MSB,
    STATUS_ERR_CODE_WIDTH, IRQ_COALESCE_COUNT_LSB, IRQ_COALESCE_COUNT_MSB, IRQ_COALESCE_COUNT_WIDTH, IRQ_COALESCE_TIMER_LSB, IRQ_COALESCE_TIMER_MSB,
    IRQ_COALESCE_TIMER_WIDTH, TX_SIZE_VALUE_LSB, TX_SIZE_VALUE_MSB, TX_SIZE_VALUE_WIDTH, TX_HEAD_VALUE_LSB, TX_HEAD_VALUE_MSB,
    TX_HEAD_VALUE_WIDTH, TX_TAIL_VALUE_LSB, TX_TAIL_VALUE_MSB, TX_TAIL_VALUE_WIDTH, RX_SIZE_VALUE_LSB, RX_SIZE_VALUE_MSB,
    RX_SIZE_VALUE_WIDTH, RX_HEAD_VALUE_LSB, RX_HEAD_VALUE_MSB, RX_HEAD_VALUE_WIDTH, RX_TAIL_VALUE_LSB, RX_TAIL_VALUE_MSB,
    RX_TAIL_VALUE_WIDTH, ERR_NONE, ERR_ADDR_RANGE, ERR_BUS, ERR_LEN, ERR_ALIGN,
    ERR_DESC_BITS, ERR_RING, ERR_CROSS_4G, DESC_SIZE, DESC_ALIGN, DESC_ADDR,
    DESC_ADDR_WIDTH, DESC_CTRL, DESC_CTRL_WIDTH, DESC_STATUS, DESC_STATUS_WIDTH, DESC_CTRL_LEN_LSB,
    DESC_CTRL_LEN_MSB, DESC_CTRL_LEN_WIDTH, DESC_CTRL_EOP_BIT, DESC_CTRL_IRQ_BIT, DESC_STATUS_DONE_BIT, DESC_STATUS_ERR_BIT,
    DESC_STATUS_EOP_BIT, DESC_STATUS_ERR_CODE_LSB, DESC_STATUS_ERR_CODE_MSB, DESC_STATUS_ERR_CODE_WIDTH, DESC_STATUS_LEN_LSB, DESC_STATUS_LEN_MSB,
    DESC_STATUS_LEN_WIDTH
};
// regmap:nic_engine end

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

localparam BYTES      = DATA_WIDTH / 8;                        // bytes per beat
localparam BYTES_M1_I = BYTES - 1;                            // BYTES - 1
localparam OFF_W      = (DATA_WIDTH == 32) ? 2 : (DATA_WIDTH == 64) ? 3 : 4; // log2(BYTES)
localparam BEAT_W     = 17 - OFF_W;                            // beats of a buffer (LEN < 2^16)
localparam DF_MIN     = (4 * MAX_BURST_LEN > 32) ? 4 * MAX_BURST_LEN : 32;
localparam DF_LOG2    = clog2(DF_MIN);                         // data FIFO depth, log2
localparam DF_DEPTH   = 1 << DF_LOG2;                          // >= 4 bursts, >= 32 beats
localparam DQ_LOG2    = 2;                                     // checked descriptors queued per ring
localparam OUT_LOG2   = 3;                                     // bursts in flight per channel, log2
localparam RWQ_LOG2   = 3;                                     // closed RX bursts queued, log2
localparam DESC_BEATS = DESC_SIZE / BYTES;                     // beats of one descriptor fetch
localparam WB_SHIFT   = DESC_STATUS % BYTES;                   // byte lane of STATUS in its beat
localparam WB_OFF_I   = DESC_STATUS - WB_SHIFT;                // beat holding STATUS, from the slot
localparam [64:0] WB_OFF    = {33'd0, WB_OFF_I[31:0]};       // the same, 65 bits
localparam [64:0] ADDR_SPAN = 65'd1 << ADDR_WIDTH;             // 2^ADDR_WIDTH, first unaddressable byte
localparam [64:0] DESC_SPAN = 65'd1 << DESC_ADDR_BITS;         // first address a descriptor cannot hold
localparam [63:0] DESC_MASK = DESC_SPAN[63:0] - 64'd1;         // the bits a descriptor holds
localparam        STRICT    = (LEGACY_TRUNCATE == 0);          // range checks are on
localparam        SPLIT     = (SPLIT_ADDR_HI == 1);            // bits [63:32] from *_BUF_HI
localparam [64:0] LOW32_SPAN  = 65'h1_0000_0000;               // 2^32: one 4 GiB window
// the address bits the 32-bit adder of a split address path moves (all of them otherwise)
localparam [64:0] ADV_MASK65  = SPLIT ? (LOW32_SPAN - 65'd1) : (ADDR_SPAN - 65'd1);
localparam [ADDR_WIDTH-1:0] ADV_MASK = ADV_MASK65[ADDR_WIDTH-1:0];
localparam [8:0]  MAX_BURST = MAX_BURST_LEN[8:0];              // as a 9-bit beat count
localparam [2:0]  AXSIZE    = OFF_W;                           // AxSIZE of every burst
localparam DESC_ARLEN_I = DESC_BEATS - 1;                      // ARLEN of a descriptor fetch
localparam [7:0]  DESC_ARLEN = DESC_ARLEN_I[7:0];             // the same, 8 bits
localparam [16:0] BYTES_M1  = BYTES_M1_I[16:0];                // BYTES - 1, 17 bits
localparam [BYTES+3:0] WB_STRB_W = {{BYTES{1'b0}}, 4'hF} << WB_SHIFT;  // strobes of STATUS
localparam [BEAT_W-1:0] BEAT_ONE = 1;                          // 1 as a beat count
localparam [DF_LOG2:0]  DF_COUNT = DF_DEPTH;                   // data FIFO entries as a count
localparam [31:0] CAPS_VALUE = ({24'd0, ADDR_WIDTH[7:0]} << CAPS_ADDR_WIDTH_LSB)
                             | ({28'd0, OFF_W[3:0]} << CAPS_DATA_BYTES_LOG2_LSB)
                             | ({23'd0, MAX_BURST} << CAPS_MAX_BURST_LEN_LSB)
                             | ({31'd0, LEGACY_TRUNCATE[0]} << CAPS_LEGACY_BIT);
localparam [31:0] DESC_CAPS_VALUE = ({24'd0, DESC_ADDR_BITS[7:0]} << DESC_CAPS_ADDR_BITS_LSB)
                                  | ({31'd0, SPLIT} << DESC_CAPS_SPLIT_ADDR_HI_BIT);

// fetch unit states (per ring)
localparam [1:0] F_IDLE  = 2'd0;  // no fetch in flight
localparam [1:0] F_WAIT  = 2'd1;  // descriptor AR issued, R beats arriving
localparam [1:0] F_CHECK = 2'd2;  // descriptor complete: check it, queue it

// read routing (rq): who receives an R burst
localparam [1:0] RS_TXD    = 2'd0;  // TX descriptor fetch
localparam [1:0] RS_RXD    = 2'd1;  // RX descriptor fetch
localparam [1:0] RS_TXDATA = 2'd2;  // TX packet data

// write routing (wq, bq): what an AW burst carries
localparam [1:0] WS_RXDATA = 2'd0;  // RX packet data
localparam [1:0] WS_TXWB   = 2'd1;  // TX status write-back
localparam [1:0] WS_RXWB   = 2'd2;  // RX status write-back

// queue entry widths
localparam DQ_W  = ADDR_WIDTH + 22;           // {code, irq, eop, len, bus address}
localparam CQ_W  = 22;                        // {code, irq, eop, len}
localparam WBQ_W = 34;                        // {err, irq, status}
localparam RWQ_W = ADDR_WIDTH + 44;           // {err, irq, status, has_wb, beats, bus address}

// ---------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------

// The one place where a burst length is decided (TX reads and RX writes):
// min(beats left, MAX_BURST_LEN, beats up to the next 4 KiB boundary). addr is beat aligned.
function [8:0] burst_beats;
    input [11:0]       addr_lo;  // address bits [11:0] of the burst start
    input [BEAT_W-1:0] left;     // beats left (>= 1)
    reg   [12:0]       page_beats;
    reg   [8:0]        n;
    begin
        page_beats = (13'd4096 - {1'b0, addr_lo}) >> OFF_W;
        n = MAX_BURST;
        if ({{(BEAT_W - 9){1'b0}}, n} > left) n = left[8:0];
        if ({4'd0, n} > page_beats) n = page_beats[8:0];
        burst_beats = n;
    end
endfunction

// Strict-mode check of [addr, addr + len - 1] against the device limit (65-bit sum: exact also
// for ADDR_WIDTH 64).
function range_bad;
    input [63:0] addr;  // first byte
    input [31:0] len;   // bytes
    reg   [64:0] end_excl;
    begin
        end_excl = {1'b0, addr} + {33'd0, len};
        range_bad = STRICT && (end_excl > ADDR_SPAN);
`ifdef MASKDMA_NO_RANGE_CHECK
        // Deliberate defect for the formal "proof has teeth" test: no range check at all.
        range_bad = 1'b0;
`endif
    end
endfunction

// The buffer address a descriptor names: its low DESC_ADDR_BITS bits, or with SPLIT_ADDR_HI the
// ring's BUF_HI above the descriptor's low 32 bits.
function [63:0] desc_eff;
    input [63:0] addr;  // the descriptor's ADDR field as written
    input [31:0] hi;    // the ring's BUF_HI
    begin
        desc_eff = SPLIT ? {hi, addr[31:0]} : (addr & DESC_MASK);
    end
endfunction

// Does [addr, addr + len - 1] cross a 4 GiB boundary (its low 32 bits would wrap)?
function crosses_4g;
    input [31:0] addr_lo;  // the buffer's address bits [31:0]
    input [15:0] len;
    reg   [32:0] end_excl;
    begin
        end_excl = {1'b0, addr_lo} + {17'd0, len};
        crosses_4g = (end_excl > LOW32_SPAN[32:0]);
    end
endfunction

// Next bus address of a buffer: addr + inc, carrying only inside the bits ADV_MASK holds (the
// low 32 bits with SPLIT_ADDR_HI: a buffer crossing 4 GiB wraps inside its window).
function [ADDR_WIDTH-1:0] addr_add;
    input [ADDR_WIDTH-1:0] addr;
    input [ADDR_WIDTH-1:0] inc;
    reg   [ADDR_WIDTH-1:0] sum;
    begin
        sum = addr + inc;
        addr_add = (addr & ~ADV_MASK) | (sum & ADV_MASK);
    end
endfunction

// Error code of a fetched descriptor (ERR_NONE: usable). Checks in this order: the address fits
// DESC_ADDR_BITS (strict), the buffer crosses no 4 GiB boundary (strict, SPLIT_ADDR_HI), the
// buffer lies below the limit (strict), LEN, alignment.
function [3:0] desc_code;
    input [63:0] addr;       // the descriptor's ADDR field as written
    input [31:0] hi;         // the ring's BUF_HI (SPLIT_ADDR_HI)
    input [15:0] len;        // CTRL.LEN
    input        need_beat;  // LEN must be a multiple of the beat size (RX, TX without EOP)
    reg   [63:0] eff;
    begin
        eff = desc_eff(addr, hi);
        if (STRICT && ((addr & ~DESC_MASK) != 64'd0)) begin
            desc_code = ERR_DESC_BITS;
        end else if (STRICT && SPLIT && crosses_4g(eff[31:0], len)) begin
            desc_code = ERR_CROSS_4G;
        end else if (range_bad(eff, {16'd0, len})) begin
            desc_code = ERR_ADDR_RANGE;
        end else if (len == 16'd0) begin
            desc_code = ERR_LEN;
        end else if (eff[OFF_W-1:0] != {OFF_W{1'b0}}) begin
            desc_code = ERR_ALIGN;
        end else if (need_beat && (len[OFF_W-1:0] != {OFF_W{1'b0}})) begin
            desc_code = ERR_LEN;
        end else begin
            desc_code = ERR_NONE;
        end
    end
endfunction

// Is a ring's shape unusable? Base not 16-byte aligned, SIZE < 2, or (strict) a slot above the
// limit.
function ring_shape_bad;
    input [63:0] base;
    input [15:0] size;
    begin
        ring_shape_bad = (base[3:0] != 4'd0) || (size < 16'd2) ||
                         range_bad(base, {12'd0, size, 4'd0});
    end
endfunction

// Is a ring unusable for the next fetch? Its shape, TAIL < SIZE, the device's fetch and write-back
// positions (HEAD as written) < SIZE, and TAIL not moved back behind descriptors already fetched:
// the descriptors held (fetched, not yet completed) plus those posted ahead of the fetch position,
// (TAIL - fetch) mod SIZE, stay below SIZE.
function ring_bad;
    input [63:0] base;
    input [15:0] size;
    input [15:0] tail;
    input [15:0] fetch_idx;  // next slot to fetch
    input [15:0] wb_idx;     // next slot to write back
    input [15:0] held;       // descriptors fetched and not yet completed
    reg   [16:0] ahead;      // posted slots not yet fetched
    begin
        ahead = (tail >= fetch_idx) ? {1'b0, tail} - {1'b0, fetch_idx}
                                    : {1'b0, tail} + {1'b0, size} - {1'b0, fetch_idx};
        ring_bad = ring_shape_bad(base, size) || (tail >= size) || (fetch_idx >= size) ||
                   (wb_idx >= size) || ({2'b0, held} + {1'b0, ahead} >= {2'b0, size});
`ifdef MASKDMA_NO_INDEX_CHECK
        // Deliberate defect for the formal "proof has teeth" test: no check of the positions
        // against SIZE nor of TAIL against the descriptors held.
        ring_bad = ring_shape_bad(base, size) || (tail >= size);
`endif
    end
endfunction

// Next ring index.
function [15:0] idx_inc;
    input [15:0] idx;
    input [15:0] size;
    reg   [16:0] n;
    begin
        n = {1'b0, idx} + 17'd1;
        idx_inc = (n >= {1'b0, size}) ? 16'd0 : n[15:0];
    end
endfunction

// Beats covering len bytes from a beat-aligned address.
function [BEAT_W-1:0] beats_of;
    input [15:0]      len;
    reg   [16:0]      sum;
    reg   [OFF_W-1:0] unused_low;  // sum modulo BYTES: not needed
    begin
        sum = {1'b0, len} + BYTES_M1;
        {beats_of, unused_low} = sum;
    end
endfunction

// Bytes set in a tkeep (contiguous from byte 0 by contract).
function [OFF_W:0] keep_bytes;
    input [BYTES-1:0] keep;
    integer i;
    begin
        keep_bytes = {(OFF_W + 1){1'b0}};
        for (i = 0; i < BYTES; i = i + 1) begin
            keep_bytes = keep_bytes + {{OFF_W{1'b0}}, keep[i]};
        end
    end
endfunction

// A descriptor STATUS word.
function [31:0] status_word;
    input [15:0] len;   // bytes sent or received
    input [3:0]  code;  // ERR_CODE (ERR_NONE: done without error)
    input        eop;
    begin
        status_word = ({31'd0, 1'b1} << DESC_STATUS_DONE_BIT)
                     | ({31'd0, code != ERR_NONE} << DESC_STATUS_ERR_BIT)
                     | ({31'd0, eop} << DESC_STATUS_EOP_BIT)
                     | ({28'd0, code} << DESC_STATUS_ERR_CODE_LSB)
                     | ({16'd0, len} << DESC_STATUS_LEN_LSB);
    end
endfunction

// Expand 4 byte strobes to a 32-bit mask.
function [31:0] strb_mask;
    input [3:0] strb;
    begin
        strb_mask = {{8{strb[3]}}, {8{strb[2]}}, {8{strb[1]}}, {8{strb[0]}}};
    end
endfunction

// Is a register word index mapped?
function reg_mapped;
    input [5:0] idx;
    begin
        reg_mapped = (idx <= TX_TAIL_IDX) || ((idx >= RX_BASE_LO_IDX) && (idx <= RX_TAIL_IDX)) ||
                     (SPLIT && ((idx == TX_BUF_HI_IDX) || (idx == RX_BUF_HI_IDX)));
    end
endfunction

// ---------------------------------------------------------------------------------------------
// Registers
// ---------------------------------------------------------------------------------------------

// register file (driver visible)
reg        ctrl_tx_en_reg, ctrl_tx_en_next;      // CTRL.TX_EN
reg        ctrl_rx_en_reg, ctrl_rx_en_next;      // CTRL.RX_EN
reg        ctrl_irq_en_reg, ctrl_irq_en_next;    // CTRL.IRQ_EN
reg        tx_irq_reg, tx_irq_next;              // STATUS.TX_IRQ
reg        rx_irq_reg, rx_irq_next;              // STATUS.RX_IRQ
reg        err_reg, err_next;                    // STATUS.ERR
reg [3:0]  err_code_reg, err_code_next;          // STATUS.ERR_CODE
reg [63:0] err_addr_reg, err_addr_next;          // ERR_ADDR
reg [31:0] coalesce_reg, coalesce_next;          // IRQ_COALESCE
reg [63:0] tx_base_reg, tx_base_next;            // TX_BASE
reg [15:0] tx_size_reg, tx_size_next;            // TX_SIZE
reg [15:0] tx_head_reg, tx_head_next;            // TX_HEAD
reg [15:0] tx_tail_reg, tx_tail_next;            // TX_TAIL
reg [63:0] rx_base_reg, rx_base_next;            // RX_BASE
reg [15:0] rx_size_reg, rx_size_next;            // RX_SIZE
reg [15:0] rx_head_reg, rx_head_next;            // RX_HEAD
reg [15:0] rx_tail_reg, rx_tail_next;            // RX_TAIL
reg [31:0] tx_buf_hi_reg, tx_buf_hi_next;        // TX_BUF_HI (SPLIT_ADDR_HI)
reg [31:0] rx_buf_hi_reg, rx_buf_hi_next;        // RX_BUF_HI (SPLIT_ADDR_HI)
reg        irq_reg, irq_next;                    // irq output

// AXI-Lite channel registers
reg        s_axil_bvalid_reg, s_axil_bvalid_next;
reg [1:0]  s_axil_bresp_reg, s_axil_bresp_next;
reg        s_axil_rvalid_reg, s_axil_rvalid_next;
reg [1:0]  s_axil_rresp_reg, s_axil_rresp_next;
reg [31:0] s_axil_rdata_reg, s_axil_rdata_next;

// fetch units
reg [1:0]   tx_fstate_reg, tx_fstate_next;        // TX fetch state
reg         tx_ferr_reg, tx_ferr_next;            // the TX fetch got an error response
reg [127:0] tx_raw_reg, tx_raw_next;              // TX descriptor being fetched (shifted in)
reg [15:0]  tx_fetch_idx_reg, tx_fetch_idx_next;  // next TX slot to fetch
reg [15:0]  tx_wb_idx_reg, tx_wb_idx_next;        // next TX slot to write back
reg [1:0]   rx_fstate_reg, rx_fstate_next;
reg         rx_ferr_reg, rx_ferr_next;
reg [127:0] rx_raw_reg, rx_raw_next;
reg [15:0]  rx_fetch_idx_reg, rx_fetch_idx_next;
reg [15:0]  rx_wb_idx_reg, rx_wb_idx_next;
reg [15:0]  tx_held_reg, tx_held_next;            // TX descriptors fetched, not yet completed
reg [15:0]  rx_held_reg, rx_held_next;            // RX descriptors fetched, not yet completed

// TX data path
reg [ADDR_WIDTH-1:0] tx_rd_addr_reg, tx_rd_addr_next;   // next TX read burst address (checked)
reg [BEAT_W-1:0]     tx_rd_left_reg, tx_rd_left_next;   // TX read beats not yet requested
reg [DF_LOG2:0]      tx_resv_reg, tx_resv_next;         // TX FIFO beats requested, not yet sent
reg [BEAT_W-1:0]     tx_obeat_reg, tx_obeat_next;       // beats sent of the head descriptor
reg                  tx_berr_reg, tx_berr_next;         // a sent beat of it had SLVERR/DECERR

// RX data path
reg                  rx_buf_valid_reg, rx_buf_valid_next; // a checked RX buffer is loaded
reg [ADDR_WIDTH-1:0] rx_baddr_reg, rx_baddr_next;         // start of the open burst (checked)
reg [BEAT_W-1:0]     rx_left_reg, rx_left_next;           // buffer beats from rx_baddr_reg on
reg [8:0]            rx_bcnt_reg, rx_bcnt_next;           // beats in the open burst
reg [15:0]           rx_bytes_reg, rx_bytes_next;         // bytes received into the buffer
reg                  rx_buf_irq_reg, rx_buf_irq_next;     // the buffer's CTRL.IRQ
reg                  rx_wq_data_done_reg, rx_wq_data_done_next; // rx_wq head: data AW issued

// master port
reg                  m_axi_arvalid_reg, m_axi_arvalid_next;
reg [ADDR_WIDTH-1:0] m_axi_araddr_reg, m_axi_araddr_next;
reg [7:0]            m_axi_arlen_reg, m_axi_arlen_next;
reg                  m_axi_awvalid_reg, m_axi_awvalid_next;
reg [ADDR_WIDTH-1:0] m_axi_awaddr_reg, m_axi_awaddr_next;
reg [7:0]            m_axi_awlen_reg, m_axi_awlen_next;
reg                  aw_pref_tx_reg, aw_pref_tx_next;     // the TX write-back wins the next tie
reg [7:0]            w_cnt_reg, w_cnt_next;               // beat index in the W burst

// coalescing
reg [15:0] tx_pend_reg, tx_pend_next;            // TX completions not yet signalled
reg [15:0] tx_tmr_reg, tx_tmr_next;              // cycles since the last TX completion
reg [15:0] rx_pend_reg, rx_pend_next;
reg [15:0] rx_tmr_reg, rx_tmr_next;

// ---------------------------------------------------------------------------------------------
// Queues
// ---------------------------------------------------------------------------------------------
wire                  tx_dq_push, tx_dq_pop, tx_dq_empty, tx_dq_full;
wire [DQ_W-1:0]       tx_dq_in, tx_dq_head;
wire [DQ_LOG2:0]      tx_dq_count;
wire                  rx_dq_push, rx_dq_pop, rx_dq_empty, rx_dq_full;
wire [DQ_W-1:0]       rx_dq_in, rx_dq_head;
wire [DQ_LOG2:0]      rx_dq_count;
wire                  tx_cq_push, tx_cq_pop, tx_cq_empty, tx_cq_full;
wire [CQ_W-1:0]       tx_cq_in, tx_cq_head;
wire [DQ_LOG2:0]      tx_cq_count;
wire                  tx_wbq_push, tx_wbq_pop, tx_wbq_empty, tx_wbq_full;
wire [WBQ_W-1:0]      tx_wbq_in, tx_wbq_head;
wire [DQ_LOG2:0]      tx_wbq_count;
wire                  txdf_push, txdf_pop, txdf_empty, txdf_full;
wire [DATA_WIDTH:0]   txdf_head;   // {bus error on this beat's R, data}
wire [DF_LOG2:0]      txdf_count;
wire                  rxdf_push, rxdf_pop, rxdf_empty, rxdf_full;
wire [DATA_WIDTH+BYTES-1:0] rxdf_in, rxdf_head;
wire [DF_LOG2:0]      rxdf_count;
wire                  rx_wq_push, rx_wq_pop, rx_wq_empty, rx_wq_full;
wire [RWQ_W-1:0]      rx_wq_in, rx_wq_head;
wire [RWQ_LOG2:0]     rx_wq_count;
wire                  rq_push, rq_pop, rq_empty, rq_full;
wire [1:0]            rq_in, rq_head;
wire [OUT_LOG2:0]     rq_count;
wire                  wq_push, wq_pop, wq_empty, wq_full;
wire [9:0]            wq_in, wq_head;
wire [OUT_LOG2:0]     wq_count;
wire                  bq_push, bq_pop, bq_empty, bq_full;
wire [3:0]            bq_in, bq_head;
wire [OUT_LOG2:0]     bq_count;
wire                  wbd_push, wbd_pop, wbd_empty, wbd_full;
wire [DATA_WIDTH+BYTES-1:0] wbd_in, wbd_head;
wire [OUT_LOG2:0]     wbd_count;

nic_fifo #(.WIDTH(DQ_W), .DEPTH_LOG2(DQ_LOG2)) u_tx_dq (
    .clk(clk), .rst(rst), .push(tx_dq_push), .push_data(tx_dq_in), .pop(tx_dq_pop),
    .head(tx_dq_head), .count(tx_dq_count), .empty(tx_dq_empty), .full(tx_dq_full));
nic_fifo #(.WIDTH(DQ_W), .DEPTH_LOG2(DQ_LOG2)) u_rx_dq (
    .clk(clk), .rst(rst), .push(rx_dq_push), .push_data(rx_dq_in), .pop(rx_dq_pop),
    .head(rx_dq_head), .count(rx_dq_count), .empty(rx_dq_empty), .full(rx_dq_full));
nic_fifo #(.WIDTH(CQ_W), .DEPTH_LOG2(DQ_LOG2)) u_tx_cq (
    .clk(clk), .rst(rst), .push(tx_cq_push), .push_data(tx_cq_in), .pop(tx_cq_pop),
    .head(tx_cq_head), .count(tx_cq_count), .empty(tx_cq_empty), .full(tx_cq_full));
nic_fifo #(.WIDTH(WBQ_W), .DEPTH_LOG2(DQ_LOG2)) u_tx_wbq (
    .clk(clk), .rst(rst), .push(tx_wbq_push), .push_data(tx_wbq_in), .pop(tx_wbq_pop),
    .head(tx_wbq_head), .count(tx_wbq_count), .empty(tx_wbq_empty), .full(tx_wbq_full));
nic_fifo #(.WIDTH(DATA_WIDTH + 1), .DEPTH_LOG2(DF_LOG2)) u_txdf (
    .clk(clk), .rst(rst), .push(txdf_push), .push_data({m_axi_rresp[1], m_axi_rdata}), .pop(txdf_pop),
    .head(txdf_head), .count(txdf_count), .empty(txdf_empty), .full(txdf_full));
nic_fifo #(.WIDTH(DATA_WIDTH + BYTES), .DEPTH_LOG2(DF_LOG2)) u_rxdf (
    .clk(clk), .rst(rst), .push(rxdf_push), .push_data(rxdf_in), .pop(rxdf_pop),
    .head(rxdf_head), .count(rxdf_count), .empty(rxdf_empty), .full(rxdf_full));
nic_fifo #(.WIDTH(RWQ_W), .DEPTH_LOG2(RWQ_LOG2)) u_rx_wq (
    .clk(clk), .rst(rst), .push(rx_wq_push), .push_data(rx_wq_in), .pop(rx_wq_pop),
    .head(rx_wq_head), .count(rx_wq_count), .empty(rx_wq_empty), .full(rx_wq_full));
nic_fifo #(.WIDTH(2), .DEPTH_LOG2(OUT_LOG2)) u_rq (
    .clk(clk), .rst(rst), .push(rq_push), .push_data(rq_in), .pop(rq_pop),
    .head(rq_head), .count(rq_count), .empty(rq_empty), .full(rq_full));
nic_fifo #(.WIDTH(10), .DEPTH_LOG2(OUT_LOG2)) u_wq (
    .clk(clk), .rst(rst), .push(wq_push), .push_data(wq_in), .pop(wq_pop),
    .head(wq_head), .count(wq_count), .empty(wq_empty), .full(wq_full));
nic_fifo #(.WIDTH(4), .DEPTH_LOG2(OUT_LOG2)) u_bq (
    .clk(clk), .rst(rst), .push(bq_push), .push_data(bq_in), .pop(bq_pop),
    .head(bq_head), .count(bq_count), .empty(bq_empty), .full(bq_full));
nic_fifo #(.WIDTH(DATA_WIDTH + BYTES), .DEPTH_LOG2(OUT_LOG2)) u_wbd (
    .clk(clk), .rst(rst), .push(wbd_push), .push_data(wbd_in), .pop(wbd_pop),
    .head(wbd_head), .count(wbd_count), .empty(wbd_empty), .full(wbd_full));

// ---------------------------------------------------------------------------------------------
// Combinational helpers
// ---------------------------------------------------------------------------------------------

// AXI-Lite handshakes
wire        lw_fire = s_axil_awvalid && s_axil_wvalid && !s_axil_bvalid_reg;
wire        lr_fire = s_axil_arvalid && !s_axil_rvalid_reg;
wire [5:0]  lw_idx  = s_axil_awaddr[7:2];
wire [5:0]  lr_idx  = s_axil_araddr[7:2];
wire [31:0] lw_mask = strb_mask(s_axil_wstrb);
wire [31:0] lw_data = s_axil_wdata & lw_mask;

// ring activity: a fetch in flight or descriptors fetched and not yet completed (their STATUS
// write-back's response has not arrived); ring registers are locked meanwhile
wire tx_busy   = (tx_fstate_reg != F_IDLE) || (tx_held_reg != 16'd0);
wire rx_busy   = (rx_fstate_reg != F_IDLE) || (rx_held_reg != 16'd0);
wire tx_locked = ctrl_tx_en_reg || tx_busy;
wire rx_locked = ctrl_rx_en_reg || rx_busy;

// ring slot addresses (65-bit sums; the bus address is the low ADDR_WIDTH bits)
wire [64:0] tx_slot65 = {1'b0, tx_base_reg} + {45'd0, tx_fetch_idx_reg, 4'd0};
wire [64:0] rx_slot65 = {1'b0, rx_base_reg} + {45'd0, rx_fetch_idx_reg, 4'd0};
wire [64:0] tx_wb65   = {1'b0, tx_base_reg} + {45'd0, tx_wb_idx_reg, 4'd0} + WB_OFF;
wire [64:0] rx_wb65   = {1'b0, rx_base_reg} + {45'd0, rx_wb_idx_reg, 4'd0} + WB_OFF;
wire [ADDR_WIDTH-1:0] tx_slot_addr, rx_slot_addr, tx_wb_addr, rx_wb_addr;
wire [64-ADDR_WIDTH:0] unused_tx_slot_hi, unused_rx_slot_hi, unused_tx_wb_hi, unused_rx_wb_hi;
assign {unused_tx_slot_hi, tx_slot_addr} = tx_slot65;
assign {unused_rx_slot_hi, rx_slot_addr} = rx_slot65;
assign {unused_tx_wb_hi, tx_wb_addr}     = tx_wb65;
assign {unused_rx_wb_hi, rx_wb_addr}     = rx_wb65;

// ring checks before a fetch
wire tx_ring_bad = ring_bad(tx_base_reg, tx_size_reg, tx_tail_reg, tx_fetch_idx_reg, tx_wb_idx_reg,
                            tx_held_reg);
wire rx_ring_bad = ring_bad(rx_base_reg, rx_size_reg, rx_tail_reg, rx_fetch_idx_reg, rx_wb_idx_reg,
                            rx_held_reg);
wire tx_fetch_ready = ctrl_tx_en_reg && (tx_fstate_reg == F_IDLE) && !tx_dq_full &&
                      (tx_fetch_idx_reg != tx_tail_reg);
wire rx_fetch_ready = ctrl_rx_en_reg && (rx_fstate_reg == F_IDLE) && !rx_dq_full &&
                      (rx_fetch_idx_reg != rx_tail_reg);
wire tx_ring_err = tx_fetch_ready && tx_ring_bad;
wire rx_ring_err = rx_fetch_ready && rx_ring_bad;

// descriptor CHECK stage (fields of the fetched descriptor)
wire [63:0] tx_raw_addr = tx_raw_reg[DESC_ADDR * 8 +: 64];
wire [31:0] tx_raw_ctrl = tx_raw_reg[DESC_CTRL * 8 +: 32];
wire [15:0] tx_raw_len  = tx_raw_ctrl[DESC_CTRL_LEN_MSB:DESC_CTRL_LEN_LSB];
wire        tx_raw_eop  = tx_raw_ctrl[DESC_CTRL_EOP_BIT];
wire        tx_raw_irq  = tx_raw_ctrl[DESC_CTRL_IRQ_BIT];
wire [3:0]  tx_chk_code = desc_code(tx_raw_addr, tx_buf_hi_reg, tx_raw_len, !tx_raw_eop);
wire [63:0] rx_raw_addr = rx_raw_reg[DESC_ADDR * 8 +: 64];
wire [31:0] rx_raw_ctrl = rx_raw_reg[DESC_CTRL * 8 +: 32];
wire [15:0] rx_raw_len  = rx_raw_ctrl[DESC_CTRL_LEN_MSB:DESC_CTRL_LEN_LSB];
wire        rx_raw_irq  = rx_raw_ctrl[DESC_CTRL_IRQ_BIT];
wire [3:0]  rx_chk_code = desc_code(rx_raw_addr, rx_buf_hi_reg, rx_raw_len, 1'b1);
wire [ADDR_WIDTH-1:0] tx_raw_bus, rx_raw_bus;  // the descriptor's address on the bus
wire [64-ADDR_WIDTH:0] unused_tx_raw_hi, unused_rx_raw_hi;
assign {unused_tx_raw_hi, tx_raw_bus} = {1'b0, desc_eff(tx_raw_addr, tx_buf_hi_reg)};
assign {unused_rx_raw_hi, rx_raw_bus} = {1'b0, desc_eff(rx_raw_addr, rx_buf_hi_reg)};
wire tx_check = (tx_fstate_reg == F_CHECK);
wire rx_check = (rx_fstate_reg == F_CHECK);

// descriptor shift-in of an R beat
wire [127:0]            tx_raw_shift, rx_raw_shift;
wire [DATA_WIDTH-1:0]   unused_tx_raw_out, unused_rx_raw_out;  // the oldest bits, shifted out
assign {tx_raw_shift, unused_tx_raw_out} = {m_axi_rdata, tx_raw_reg};
assign {rx_raw_shift, unused_rx_raw_out} = {m_axi_rdata, rx_raw_reg};

// R channel
wire       r_fire = m_axi_rvalid && !rq_empty;
wire       r_err  = r_fire && m_axi_rresp[1];

// AR: descriptor fetches first, then TX data (room for the whole burst in the TX FIFO)
wire                  ar_free     = (!m_axi_arvalid_reg || m_axi_arready) && !rq_full;
wire [8:0]            ar_beats    = burst_beats(tx_rd_addr_reg[11:0], tx_rd_left_reg);
wire [31:0]           ar_beats32  = {23'd0, ar_beats};       // widened for narrow counters
wire [DF_LOG2:0]      tx_space    = DF_COUNT - tx_resv_reg;
wire                  rx_fetch_go = ar_free && rx_fetch_ready && !rx_ring_bad;
wire                  tx_fetch_go = ar_free && tx_fetch_ready && !tx_ring_bad && !rx_fetch_go;
wire                  tx_data_go  = ar_free && !rx_fetch_go && !tx_fetch_go &&
                                    (tx_rd_left_reg != {BEAT_W{1'b0}}) &&
                                    (ar_beats32 <= {{(31 - DF_LOG2){1'b0}}, tx_space});
wire [ADDR_WIDTH-1:0] ar_bytes;
wire [72-ADDR_WIDTH:0] unused_ar_hi;
assign {unused_ar_hi, ar_bytes} = {64'd0, ar_beats} << OFF_W;

// TX read issuer: take the next checked descriptor once the previous one is fully requested
wire [ADDR_WIDTH-1:0] tx_dq_addr = tx_dq_head[ADDR_WIDTH-1:0];
wire [15:0]           tx_dq_len  = tx_dq_head[ADDR_WIDTH +: 16];
wire                  tx_dq_eop  = tx_dq_head[ADDR_WIDTH + 16];
wire                  tx_dq_irq  = tx_dq_head[ADDR_WIDTH + 17];
wire [3:0]            tx_dq_code = tx_dq_head[ADDR_WIDTH + 18 +: 4];
assign tx_dq_pop = (tx_rd_left_reg == {BEAT_W{1'b0}}) && !tx_dq_empty && !tx_cq_full;
assign tx_dq_push = tx_check && !tx_ferr_reg;
assign tx_dq_in   = {tx_chk_code, tx_raw_irq, tx_raw_eop, tx_raw_len, tx_raw_bus};
assign tx_cq_push = tx_dq_pop;
assign tx_cq_in   = {tx_dq_code, tx_dq_irq, tx_dq_eop, tx_dq_len};

// TX stream side: beats in descriptor order, tkeep/tlast from the completion queue's head
wire [15:0]       tx_h_len   = tx_cq_head[15:0];
wire              tx_h_eop   = tx_cq_head[16];
wire              tx_h_irq   = tx_cq_head[17];
wire [3:0]        tx_h_code  = tx_cq_head[21:18];
wire [BEAT_W-1:0] tx_h_beats = beats_of(tx_h_len);
wire              tx_h_last  = (tx_obeat_reg + BEAT_ONE == tx_h_beats);
wire [OFF_W-1:0]  tx_h_rem   = tx_h_len[OFF_W-1:0];
wire [BYTES-1:0]  tx_h_keep  = (tx_h_rem == {OFF_W{1'b0}}) ? {BYTES{1'b1}} :
                               ~({BYTES{1'b1}} << tx_h_rem);
wire              tx_h_ok    = !tx_cq_empty && (tx_h_code == ERR_NONE);
wire              tx_refuse  = !tx_cq_empty && (tx_h_code != ERR_NONE) && !tx_wbq_full;
wire              tx_tvalid  = tx_h_ok && !txdf_empty && !tx_wbq_full;
wire              tx_fire    = tx_tvalid && m_axis_tx_tready;
assign txdf_push   = r_fire && (rq_head == RS_TXDATA);
assign txdf_pop    = tx_fire;
assign tx_cq_pop   = tx_refuse || (tx_fire && tx_h_last);
assign tx_wbq_push = tx_cq_pop;
// a descriptor whose data read got SLVERR/DECERR on any beat completes with ERR, code BUS
wire              tx_h_berr  = tx_berr_reg || txdf_head[DATA_WIDTH];
assign tx_wbq_in   = tx_refuse ? {1'b1, tx_h_irq, status_word(16'd0, tx_h_code, tx_h_eop)} :
                     tx_h_berr ? {1'b1, tx_h_irq, status_word(16'd0, ERR_BUS, tx_h_eop)}
                               : {1'b0, tx_h_irq, status_word(tx_h_len, ERR_NONE, tx_h_eop)};

// RX buffer loading
wire [ADDR_WIDTH-1:0] rx_dq_addr = rx_dq_head[ADDR_WIDTH-1:0];
wire [15:0]           rx_dq_len  = rx_dq_head[ADDR_WIDTH +: 16];
wire                  rx_dq_irq  = rx_dq_head[ADDR_WIDTH + 17];
wire [3:0]            rx_dq_code = rx_dq_head[ADDR_WIDTH + 18 +: 4];
wire                  rx_load    = !rx_buf_valid_reg && !rx_dq_empty && !rx_wq_full;
assign rx_dq_pop  = rx_load;
assign rx_dq_push = rx_check && !rx_ferr_reg;
assign rx_dq_in   = {rx_chk_code, rx_raw_irq, 1'b0, rx_raw_len, rx_raw_bus};

// RX stream side: beats into the RX FIFO, bursts closed into rx_wq
wire              rx_tready  = rx_buf_valid_reg && !rxdf_full && !rx_wq_full;
wire              rx_fire    = rx_tready && s_axis_rx_tvalid;
wire [8:0]        rx_bmax    = burst_beats(rx_baddr_reg[11:0], rx_left_reg);
wire [8:0]        rx_bcnt1   = rx_bcnt_reg + 9'd1;
wire              rx_buf_end = s_axis_rx_tlast || ({{(BEAT_W - 9){1'b0}}, rx_bcnt1} == rx_left_reg);
wire              rx_close   = rx_buf_end || (rx_bcnt1 == rx_bmax);
wire [15:0]       rx_bytes1  = rx_bytes_reg + {{(15 - OFF_W){1'b0}}, keep_bytes(s_axis_rx_tkeep)};
wire [31:0]       rx_status  = status_word(rx_bytes1, ERR_NONE, s_axis_rx_tlast);
wire [ADDR_WIDTH-1:0] rx_adv;
wire [72-ADDR_WIDTH:0] unused_rx_adv_hi;
assign {unused_rx_adv_hi, rx_adv} = {64'd0, rx_bcnt1} << OFF_W;
assign rxdf_push = rx_fire;
assign rxdf_in   = {s_axis_rx_tkeep, s_axis_rx_tdata};
assign rx_wq_push = (rx_load && (rx_dq_code != ERR_NONE)) || (rx_fire && rx_close);
assign rx_wq_in   = rx_load ?
    {1'b1, rx_dq_irq, status_word(16'd0, rx_dq_code, 1'b0), 1'b1, 9'd0, {ADDR_WIDTH{1'b0}}} :
    {1'b0, rx_buf_irq_reg, rx_status, rx_buf_end, rx_bcnt1, rx_baddr_reg};

// AW: RX data bursts and RX write-backs (in rx_wq order) alternate with TX write-backs
wire [ADDR_WIDTH-1:0] rxw_addr   = rx_wq_head[ADDR_WIDTH-1:0];
wire [8:0]            rxw_beats  = rx_wq_head[ADDR_WIDTH +: 9];
wire                  rxw_has_wb = rx_wq_head[ADDR_WIDTH + 9];
wire [31:0]           rxw_status = rx_wq_head[ADDR_WIDTH + 10 +: 32];
wire                  rxw_irq    = rx_wq_head[ADDR_WIDTH + 42];
wire                  rxw_err    = rx_wq_head[ADDR_WIDTH + 43];
wire                  rx_aw_data = !rx_wq_empty && (rxw_beats != 9'd0) && !rx_wq_data_done_reg;
wire                  rx_aw_wb   = !rx_wq_empty && rxw_has_wb &&
                                   ((rxw_beats == 9'd0) || rx_wq_data_done_reg);
wire                  tx_aw_want = !tx_wbq_empty;
wire                  aw_free    = (!m_axi_awvalid_reg || m_axi_awready) && !bq_full && !wq_full &&
                                   !wbd_full;
wire                  aw_pick_rx = aw_free && (rx_aw_data || rx_aw_wb) &&
                                   (!tx_aw_want || !aw_pref_tx_reg);
wire                  aw_pick_tx = aw_free && tx_aw_want && !aw_pick_rx;
wire [31:0]           txw_status = tx_wbq_head[31:0];
wire                  txw_irq    = tx_wbq_head[32];
wire                  txw_err    = tx_wbq_head[33];
wire [31:0]           wb_status  = aw_pick_tx ? txw_status : rxw_status;
wire [DATA_WIDTH-1:0] wb_data;
wire [31:0]           unused_wb_hi;
assign {unused_wb_hi, wb_data} = {{DATA_WIDTH{1'b0}}, wb_status} << (8 * WB_SHIFT);
assign rx_wq_pop  = aw_pick_rx && (!rx_aw_data || !rxw_has_wb);
assign tx_wbq_pop = aw_pick_tx;
assign wq_push    = aw_pick_rx || aw_pick_tx;
assign wq_in      = aw_pick_tx ? {WS_TXWB, 8'd0} :
                    rx_aw_data ? {WS_RXDATA, rxw_beats[7:0] - 8'd1} : {WS_RXWB, 8'd0};
assign bq_push    = wq_push;
assign bq_in      = aw_pick_tx ? {WS_TXWB, txw_err, txw_irq} :
                    rx_aw_data ? {WS_RXDATA, 2'b00} : {WS_RXWB, rxw_err, rxw_irq};
assign wbd_push   = aw_pick_tx || (aw_pick_rx && !rx_aw_data);
assign wbd_in     = {WB_STRB_W[BYTES-1:0], wb_data};

// W: beats follow AW order; RX data from the RX FIFO (its beats are all there), write-backs
// from wbd
wire [1:0]            w_src     = wq_head[9:8];
wire [7:0]            w_len     = wq_head[7:0];
wire                  w_from_rx = (w_src == WS_RXDATA);
wire                  w_valid   = !wq_empty && (w_from_rx ? !rxdf_empty : !wbd_empty);
wire                  w_last    = w_from_rx ? (w_cnt_reg == w_len) : 1'b1;
wire                  w_fire    = w_valid && m_axi_wready;
assign rxdf_pop = w_fire && w_from_rx;
assign wbd_pop  = w_fire && !w_from_rx;
assign wq_pop   = w_fire && w_last;

// B: routed by bq; a write-back's B completes its descriptor
wire       b_fire   = m_axi_bvalid && !bq_empty;
wire       b_err    = b_fire && m_axi_bresp[1];
wire [1:0] b_src    = bq_head[3:2];
wire       b_d_err  = bq_head[1];
wire       b_d_irq  = bq_head[0];
wire       tx_done  = b_fire && (b_src == WS_TXWB);
wire       rx_done  = b_fire && (b_src == WS_RXWB);
assign bq_pop = b_fire;

// R routing
assign rq_push = rx_fetch_go || tx_fetch_go || tx_data_go;
assign rq_in   = rx_fetch_go ? RS_RXD : tx_fetch_go ? RS_TXD : RS_TXDATA;
assign rq_pop  = r_fire && m_axi_rlast;

// coalescing thresholds
wire [15:0] coal_count = coalesce_reg[IRQ_COALESCE_COUNT_MSB:IRQ_COALESCE_COUNT_LSB];
wire [15:0] coal_timer = coalesce_reg[IRQ_COALESCE_TIMER_MSB:IRQ_COALESCE_TIMER_LSB];
wire [16:0] coal_n     = (coal_count == 16'd0) ? 17'd1 : {1'b0, coal_count};
wire [15:0] tx_head_inc = idx_inc(tx_head_reg, tx_size_reg);
wire [15:0] rx_head_inc = idx_inc(rx_head_reg, rx_size_reg);

// register read data of CTRL and STATUS
wire [31:0] ctrl_rdata   = ({31'd0, ctrl_tx_en_reg}  << CTRL_TX_EN_BIT)
                         | ({31'd0, ctrl_rx_en_reg}  << CTRL_RX_EN_BIT)
                         | ({31'd0, ctrl_irq_en_reg} << CTRL_IRQ_EN_BIT);
wire [31:0] status_rdata = ({31'd0, tx_busy}    << STATUS_TX_BUSY_BIT)
                         | ({31'd0, rx_busy}    << STATUS_RX_BUSY_BIT)
                         | ({31'd0, tx_irq_reg} << STATUS_TX_IRQ_BIT)
                         | ({31'd0, rx_irq_reg} << STATUS_RX_IRQ_BIT)
                         | ({31'd0, err_reg}    << STATUS_ERR_BIT)
                         | ({28'd0, err_code_reg} << STATUS_ERR_CODE_LSB);

// ---------------------------------------------------------------------------------------------
// Next-state logic
// ---------------------------------------------------------------------------------------------
always @* begin
    ctrl_tx_en_next    = ctrl_tx_en_reg;
    ctrl_rx_en_next    = ctrl_rx_en_reg;
    ctrl_irq_en_next   = ctrl_irq_en_reg;
    tx_irq_next        = tx_irq_reg;
    rx_irq_next        = rx_irq_reg;
    err_next           = err_reg;
    err_code_next      = err_code_reg;
    err_addr_next      = err_addr_reg;
    coalesce_next      = coalesce_reg;
    tx_base_next       = tx_base_reg;
    tx_size_next       = tx_size_reg;
    tx_head_next       = tx_head_reg;
    tx_tail_next       = tx_tail_reg;
    rx_base_next       = rx_base_reg;
    rx_size_next       = rx_size_reg;
    rx_head_next       = rx_head_reg;
    rx_tail_next       = rx_tail_reg;
    tx_buf_hi_next     = tx_buf_hi_reg;
    rx_buf_hi_next     = rx_buf_hi_reg;

    s_axil_bvalid_next = s_axil_bvalid_reg && !s_axil_bready;
    s_axil_bresp_next  = s_axil_bresp_reg;
    s_axil_rvalid_next = s_axil_rvalid_reg && !s_axil_rready;
    s_axil_rresp_next  = s_axil_rresp_reg;
    s_axil_rdata_next  = s_axil_rdata_reg;

    tx_fstate_next     = tx_fstate_reg;
    tx_ferr_next       = tx_ferr_reg;
    tx_raw_next        = tx_raw_reg;
    tx_fetch_idx_next  = tx_fetch_idx_reg;
    tx_wb_idx_next     = tx_wb_idx_reg;
    rx_fstate_next     = rx_fstate_reg;
    rx_ferr_next       = rx_ferr_reg;
    rx_raw_next        = rx_raw_reg;
    rx_fetch_idx_next  = rx_fetch_idx_reg;
    rx_wb_idx_next     = rx_wb_idx_reg;
    tx_held_next       = tx_held_reg + {15'd0, tx_dq_push} - {15'd0, tx_done};
    rx_held_next       = rx_held_reg + {15'd0, rx_dq_push} - {15'd0, rx_done};

    tx_rd_addr_next    = tx_rd_addr_reg;
    tx_rd_left_next    = tx_rd_left_reg;
    tx_resv_next       = tx_resv_reg;
    tx_obeat_next      = tx_obeat_reg;
    tx_berr_next       = tx_berr_reg;

    rx_buf_valid_next  = rx_buf_valid_reg;
    rx_baddr_next      = rx_baddr_reg;
    rx_left_next       = rx_left_reg;
    rx_bcnt_next       = rx_bcnt_reg;
    rx_bytes_next      = rx_bytes_reg;
    rx_buf_irq_next    = rx_buf_irq_reg;
    rx_wq_data_done_next = rx_wq_data_done_reg;

    m_axi_arvalid_next = m_axi_arvalid_reg && !m_axi_arready;
    m_axi_araddr_next  = m_axi_araddr_reg;
    m_axi_arlen_next   = m_axi_arlen_reg;
    m_axi_awvalid_next = m_axi_awvalid_reg && !m_axi_awready;
    m_axi_awaddr_next  = m_axi_awaddr_reg;
    m_axi_awlen_next   = m_axi_awlen_reg;
    aw_pref_tx_next    = aw_pref_tx_reg;
    w_cnt_next         = w_cnt_reg;

    tx_pend_next       = tx_pend_reg;
    tx_tmr_next        = tx_tmr_reg;
    rx_pend_next       = rx_pend_reg;
    rx_tmr_next        = rx_tmr_reg;

    // ---- AXI-Lite register writes (device events below take precedence) ----
    if (lw_fire) begin
        s_axil_bvalid_next = 1'b1;
        s_axil_bresp_next  = reg_mapped(lw_idx) ? 2'b00 : 2'b10;
        case (lw_idx)
            CTRL_IDX: begin
                if (s_axil_wstrb[0]) begin
                    ctrl_tx_en_next  = s_axil_wdata[CTRL_TX_EN_BIT];
                    ctrl_rx_en_next  = s_axil_wdata[CTRL_RX_EN_BIT];
                    ctrl_irq_en_next = s_axil_wdata[CTRL_IRQ_EN_BIT];
                end
            end
            STATUS_IDX: begin  // W1C on TX_IRQ, RX_IRQ, ERR (with ERR_CODE)
                if (s_axil_wstrb[0]) begin
                    if (s_axil_wdata[STATUS_TX_IRQ_BIT]) tx_irq_next = 1'b0;
                    if (s_axil_wdata[STATUS_RX_IRQ_BIT]) rx_irq_next = 1'b0;
                    if (s_axil_wdata[STATUS_ERR_BIT]) begin
                        err_next      = 1'b0;
                        err_code_next = ERR_NONE;
                    end
                end
            end
            IRQ_COALESCE_IDX: coalesce_next = (coalesce_reg & ~lw_mask) | lw_data;
            TX_BASE_LO_IDX: if (!tx_locked) tx_base_next[31:0]  = (tx_base_reg[31:0]  & ~lw_mask) | lw_data;
            TX_BASE_HI_IDX: if (!tx_locked) tx_base_next[63:32] = (tx_base_reg[63:32] & ~lw_mask) | lw_data;
            TX_SIZE_IDX:    if (!tx_locked) tx_size_next = (tx_size_reg & ~lw_mask[15:0]) | lw_data[15:0];
            TX_HEAD_IDX: begin
                if (!tx_locked) begin
                    tx_head_next      = (tx_head_reg & ~lw_mask[15:0]) | lw_data[15:0];
                    tx_fetch_idx_next = tx_head_next;
                    tx_wb_idx_next    = tx_head_next;
                end
            end
            TX_TAIL_IDX:    tx_tail_next = (tx_tail_reg & ~lw_mask[15:0]) | lw_data[15:0];
            TX_BUF_HI_IDX:  if (SPLIT && !tx_locked) tx_buf_hi_next = (tx_buf_hi_reg & ~lw_mask) | lw_data;
            RX_BASE_LO_IDX: if (!rx_locked) rx_base_next[31:0]  = (rx_base_reg[31:0]  & ~lw_mask) | lw_data;
            RX_BASE_HI_IDX: if (!rx_locked) rx_base_next[63:32] = (rx_base_reg[63:32] & ~lw_mask) | lw_data;
            RX_SIZE_IDX:    if (!rx_locked) rx_size_next = (rx_size_reg & ~lw_mask[15:0]) | lw_data[15:0];
            RX_HEAD_IDX: begin
                if (!rx_locked) begin
                    rx_head_next      = (rx_head_reg & ~lw_mask[15:0]) | lw_data[15:0];
                    rx_fetch_idx_next = rx_head_next;
                    rx_wb_idx_next    = rx_head_next;
                end
            end
            RX_TAIL_IDX:    rx_tail_next = (rx_tail_reg & ~lw_mask[15:0]) | lw_data[15:0];
            RX_BUF_HI_IDX:  if (SPLIT && !rx_locked) rx_buf_hi_next = (rx_buf_hi_reg & ~lw_mask) | lw_data;
            default: begin
                // ID, CAPS, DESC_CAPS, ERR_ADDR: read-only, ignored; unmapped: SLVERR above
            end
        endcase
    end

    // ---- ring checks before a fetch ----
    if (tx_ring_err) begin
        ctrl_tx_en_next = 1'b0;
        err_next        = 1'b1;
        err_code_next   = ERR_RING;
        err_addr_next   = tx_base_reg;
    end
    if (rx_ring_err) begin
        ctrl_rx_en_next = 1'b0;
        err_next        = 1'b1;
        err_code_next   = ERR_RING;
        err_addr_next   = rx_base_reg;
    end

    // ---- AR issue ----
    if (rx_fetch_go) begin
        m_axi_arvalid_next = 1'b1;
        m_axi_araddr_next  = rx_slot_addr;
        m_axi_arlen_next   = DESC_ARLEN;
        rx_fstate_next     = F_WAIT;
    end else if (tx_fetch_go) begin
        m_axi_arvalid_next = 1'b1;
        m_axi_araddr_next  = tx_slot_addr;
        m_axi_arlen_next   = DESC_ARLEN;
        tx_fstate_next     = F_WAIT;
    end else if (tx_data_go) begin
        m_axi_arvalid_next = 1'b1;
        m_axi_araddr_next  = tx_rd_addr_reg;
        m_axi_arlen_next   = ar_beats[7:0] - 8'd1;
        tx_rd_addr_next    = addr_add(tx_rd_addr_reg, ar_bytes);
        tx_rd_left_next    = tx_rd_left_reg - {{(BEAT_W - 9){1'b0}}, ar_beats};
    end

    // ---- R: descriptor beats shift in; the last one hands the descriptor to CHECK ----
    if (r_fire && (rq_head == RS_TXD)) begin
        tx_raw_next = tx_raw_shift;
        if (m_axi_rresp[1]) tx_ferr_next = 1'b1;
        if (m_axi_rlast) tx_fstate_next = F_CHECK;
    end
    if (r_fire && (rq_head == RS_RXD)) begin
        rx_raw_next = rx_raw_shift;
        if (m_axi_rresp[1]) rx_ferr_next = 1'b1;
        if (m_axi_rlast) rx_fstate_next = F_CHECK;
    end

    // ---- CHECK: queue the checked descriptor (a fetch with a bus error is dropped) ----
    if (tx_check) begin
        tx_fstate_next = F_IDLE;
        tx_ferr_next   = 1'b0;
        if (!tx_ferr_reg) begin
            tx_fetch_idx_next = idx_inc(tx_fetch_idx_reg, tx_size_reg);
            if (tx_chk_code != ERR_NONE) begin
                err_code_next = tx_chk_code;
                err_addr_next = tx_raw_addr;
            end
        end
    end
    if (rx_check) begin
        rx_fstate_next = F_IDLE;
        rx_ferr_next   = 1'b0;
        if (!rx_ferr_reg) begin
            rx_fetch_idx_next = idx_inc(rx_fetch_idx_reg, rx_size_reg);
            if (rx_chk_code != ERR_NONE) begin
                err_code_next = rx_chk_code;
                err_addr_next = rx_raw_addr;
            end
        end
    end

    // ---- TX read issuer: load the next checked descriptor ----
    if (tx_dq_pop && (tx_dq_code == ERR_NONE)) begin
        tx_rd_addr_next = tx_dq_addr;
        tx_rd_left_next = beats_of(tx_dq_len);
    end

    // ---- TX stream ----
    tx_resv_next = tx_resv_reg + (tx_data_go ? ar_beats32[DF_LOG2:0] : {(DF_LOG2 + 1){1'b0}})
                               - {{DF_LOG2{1'b0}}, tx_fire};
    if (tx_fire) begin
        tx_obeat_next = tx_h_last ? {BEAT_W{1'b0}} : tx_obeat_reg + BEAT_ONE;
        tx_berr_next  = !tx_h_last && tx_h_berr;
    end

    // ---- RX: load a buffer, take beats, close bursts ----
    if (rx_load && (rx_dq_code == ERR_NONE)) begin
        rx_buf_valid_next = 1'b1;
        rx_baddr_next     = rx_dq_addr;
        rx_left_next      = {1'b0, rx_dq_len[15:OFF_W]};
        rx_bcnt_next      = 9'd0;
        rx_bytes_next     = 16'd0;
        rx_buf_irq_next   = rx_dq_irq;
    end
    if (rx_fire) begin
        rx_bytes_next = rx_bytes1;
        if (rx_close) begin
            rx_baddr_next = addr_add(rx_baddr_reg, rx_adv);
            rx_left_next  = rx_left_reg - {{(BEAT_W - 9){1'b0}}, rx_bcnt1};
            rx_bcnt_next  = 9'd0;
        end else begin
            rx_bcnt_next  = rx_bcnt1;
        end
        if (rx_buf_end) begin
            rx_buf_valid_next = 1'b0;
        end
    end

    // ---- AW issue ----
    if (aw_pick_rx) begin
        m_axi_awvalid_next = 1'b1;
        aw_pref_tx_next    = 1'b1;
        if (rx_aw_data) begin
            m_axi_awaddr_next = rxw_addr;
            m_axi_awlen_next  = rxw_beats[7:0] - 8'd1;
            rx_wq_data_done_next = rxw_has_wb;
        end else begin
            m_axi_awaddr_next = rx_wb_addr;
            m_axi_awlen_next  = 8'd0;
            rx_wb_idx_next    = idx_inc(rx_wb_idx_reg, rx_size_reg);
            rx_wq_data_done_next = 1'b0;
        end
    end else if (aw_pick_tx) begin
        m_axi_awvalid_next = 1'b1;
        aw_pref_tx_next    = 1'b0;
        m_axi_awaddr_next  = tx_wb_addr;
        m_axi_awlen_next   = 8'd0;
        tx_wb_idx_next     = idx_inc(tx_wb_idx_reg, tx_size_reg);
    end

    // ---- W ----
    if (w_fire) begin
        w_cnt_next = w_last ? 8'd0 : w_cnt_reg + 8'd1;
    end

    // ---- B: completions advance HEAD; coalesced interrupts ----
    if (tx_done) begin
        tx_head_next = tx_head_inc;
        tx_tmr_next  = 16'd0;
        if (b_d_err) err_next = 1'b1;
        if (b_d_irq || ({1'b0, tx_pend_reg} + 17'd1 >= coal_n) || (tx_head_inc == tx_tail_reg)) begin
            tx_irq_next  = 1'b1;
            tx_pend_next = 16'd0;
        end else begin
            tx_pend_next = tx_pend_reg + 16'd1;
        end
    end else if ((tx_pend_reg != 16'd0) && (coal_timer != 16'd0)) begin
        if (tx_tmr_reg + 16'd1 >= coal_timer) begin
            tx_irq_next  = 1'b1;
            tx_pend_next = 16'd0;
            tx_tmr_next  = 16'd0;
        end else begin
            tx_tmr_next  = tx_tmr_reg + 16'd1;
        end
    end
    if (rx_done) begin
        rx_head_next = rx_head_inc;
        rx_tmr_next  = 16'd0;
        if (b_d_err) err_next = 1'b1;
        if (b_d_irq || ({1'b0, rx_pend_reg} + 17'd1 >= coal_n) || (rx_head_inc == rx_tail_reg)) begin
            rx_irq_next  = 1'b1;
            rx_pend_next = 16'd0;
        end else begin
            rx_pend_next = rx_pend_reg + 16'd1;
        end
    end else if ((rx_pend_reg != 16'd0) && (coal_timer != 16'd0)) begin
        if (rx_tmr_reg + 16'd1 >= coal_timer) begin
            rx_irq_next  = 1'b1;
            rx_pend_next = 16'd0;
            rx_tmr_next  = 16'd0;
        end else begin
            rx_tmr_next  = rx_tmr_reg + 16'd1;
        end
    end

    // ---- bus error: report, disable both rings ----
    if (r_err || b_err) begin
        err_next        = 1'b1;
        err_code_next   = ERR_BUS;
        ctrl_tx_en_next = 1'b0;
        ctrl_rx_en_next = 1'b0;
    end

    // ---- AXI-Lite register reads ----
    if (lr_fire) begin
        s_axil_rvalid_next = 1'b1;
        s_axil_rresp_next  = reg_mapped(lr_idx) ? 2'b00 : 2'b10;
        case (lr_idx)
            ID_IDX:           s_axil_rdata_next = ID_VALUE;
            CAPS_IDX:         s_axil_rdata_next = CAPS_VALUE;
            DESC_CAPS_IDX:    s_axil_rdata_next = DESC_CAPS_VALUE;
            CTRL_IDX:         s_axil_rdata_next = ctrl_rdata;
            STATUS_IDX:       s_axil_rdata_next = status_rdata;
            IRQ_COALESCE_IDX: s_axil_rdata_next = coalesce_reg;
            ERR_ADDR_LO_IDX:  s_axil_rdata_next = err_addr_reg[31:0];
            ERR_ADDR_HI_IDX:  s_axil_rdata_next = err_addr_reg[63:32];
            TX_BASE_LO_IDX:   s_axil_rdata_next = tx_base_reg[31:0];
            TX_BASE_HI_IDX:   s_axil_rdata_next = tx_base_reg[63:32];
            TX_SIZE_IDX:      s_axil_rdata_next = {16'd0, tx_size_reg};
            TX_HEAD_IDX:      s_axil_rdata_next = {16'd0, tx_head_reg};
            TX_TAIL_IDX:      s_axil_rdata_next = {16'd0, tx_tail_reg};
            RX_BASE_LO_IDX:   s_axil_rdata_next = rx_base_reg[31:0];
            RX_BASE_HI_IDX:   s_axil_rdata_next = rx_base_reg[63:32];
            RX_SIZE_IDX:      s_axil_rdata_next = {16'd0, rx_size_reg};
            RX_HEAD_IDX:      s_axil_rdata_next = {16'd0, rx_head_reg};
            RX_TAIL_IDX:      s_axil_rdata_next = {16'd0, rx_tail_reg};
            TX_BUF_HI_IDX:    s_axil_rdata_next = SPLIT ? tx_buf_hi_reg : 32'd0;
            RX_BUF_HI_IDX:    s_axil_rdata_next = SPLIT ? rx_buf_hi_reg : 32'd0;
            default:          s_axil_rdata_next = 32'd0;
        endcase
    end

    irq_next = ctrl_irq_en_reg && (tx_irq_reg || rx_irq_reg || err_reg);
end

// ---------------------------------------------------------------------------------------------
// State registers
// ---------------------------------------------------------------------------------------------
always @(posedge clk) begin
    if (rst) begin
        ctrl_tx_en_reg      <= 1'b0;
        ctrl_rx_en_reg      <= 1'b0;
        ctrl_irq_en_reg     <= 1'b0;
        tx_irq_reg          <= 1'b0;
        rx_irq_reg          <= 1'b0;
        err_reg             <= 1'b0;
        err_code_reg        <= ERR_NONE;
        err_addr_reg        <= 64'd0;
        coalesce_reg        <= 32'd1;
        tx_base_reg         <= 64'd0;
        tx_size_reg         <= 16'd0;
        tx_head_reg         <= 16'd0;
        tx_tail_reg         <= 16'd0;
        rx_base_reg         <= 64'd0;
        rx_size_reg         <= 16'd0;
        rx_head_reg         <= 16'd0;
        rx_tail_reg         <= 16'd0;
        tx_buf_hi_reg       <= 32'd0;
        rx_buf_hi_reg       <= 32'd0;
        irq_reg             <= 1'b0;
        s_axil_bvalid_reg   <= 1'b0;
        s_axil_bresp_reg    <= 2'b00;
        s_axil_rvalid_reg   <= 1'b0;
        s_axil_rresp_reg    <= 2'b00;
        s_axil_rdata_reg    <= 32'd0;
        tx_fstate_reg       <= F_IDLE;
        tx_ferr_reg         <= 1'b0;
        tx_raw_reg          <= 128'd0;
        tx_fetch_idx_reg    <= 16'd0;
        tx_wb_idx_reg       <= 16'd0;
        rx_fstate_reg       <= F_IDLE;
        rx_ferr_reg         <= 1'b0;
        rx_raw_reg          <= 128'd0;
        rx_fetch_idx_reg    <= 16'd0;
        rx_wb_idx_reg       <= 16'd0;
        tx_held_reg         <= 16'd0;
        rx_held_reg         <= 16'd0;
        tx_rd_addr_reg      <= {ADDR_WIDTH{1'b0}};
        tx_rd_left_reg      <= {BEAT_W{1'b0}};
        tx_resv_reg         <= {(DF_LOG2 + 1){1'b0}};
        tx_obeat_reg        <= {BEAT_W{1'b0}};
        tx_berr_reg         <= 1'b0;
        rx_buf_valid_reg    <= 1'b0;
        rx_baddr_reg        <= {ADDR_WIDTH{1'b0}};
        rx_left_reg         <= {BEAT_W{1'b0}};
        rx_bcnt_reg         <= 9'd0;
        rx_bytes_reg        <= 16'd0;
        rx_buf_irq_reg      <= 1'b0;
        rx_wq_data_done_reg <= 1'b0;
        m_axi_arvalid_reg   <= 1'b0;
        m_axi_araddr_reg    <= {ADDR_WIDTH{1'b0}};
        m_axi_arlen_reg     <= 8'd0;
        m_axi_awvalid_reg   <= 1'b0;
        m_axi_awaddr_reg    <= {ADDR_WIDTH{1'b0}};
        m_axi_awlen_reg     <= 8'd0;
        aw_pref_tx_reg      <= 1'b0;
        w_cnt_reg           <= 8'd0;
        tx_pend_reg         <= 16'd0;
        tx_tmr_reg          <= 16'd0;
        rx_pend_reg         <= 16'd0;
        rx_tmr_reg          <= 16'd0;
    end else begin
        ctrl_tx_en_reg      <= ctrl_tx_en_next;
        ctrl_rx_en_reg      <= ctrl_rx_en_next;
        ctrl_irq_en_reg     <= ctrl_irq_en_next;
        tx_irq_reg          <= tx_irq_next;
        rx_irq_reg          <= rx_irq_next;
        err_reg             <= err_next;
        err_code_reg        <= err_code_next;
        err_addr_reg        <= err_addr_next;
        coalesce_reg        <= coalesce_next;
        tx_base_reg         <= tx_base_next;
        tx_size_reg         <= tx_size_next;
        tx_head_reg         <= tx_head_next;
        tx_tail_reg         <= tx_tail_next;
        rx_base_reg         <= rx_base_next;
        rx_size_reg         <= rx_size_next;
        rx_head_reg         <= rx_head_next;
        rx_tail_reg         <= rx_tail_next;
        tx_buf_hi_reg       <= tx_buf_hi_next;
        rx_buf_hi_reg       <= rx_buf_hi_next;
        irq_reg             <= irq_next;
        s_axil_bvalid_reg   <= s_axil_bvalid_next;
        s_axil_bresp_reg    <= s_axil_bresp_next;
        s_axil_rvalid_reg   <= s_axil_rvalid_next;
        s_axil_rresp_reg    <= s_axil_rresp_next;
        s_axil_rdata_reg    <= s_axil_rdata_next;
        tx_fstate_reg       <= tx_fstate_next;
        tx_ferr_reg         <= tx_ferr_next;
        tx_raw_reg          <= tx_raw_next;
        tx_fetch_idx_reg    <= tx_fetch_idx_next;
        tx_wb_idx_reg       <= tx_wb_idx_next;
        rx_fstate_reg       <= rx_fstate_next;
        rx_ferr_reg         <= rx_ferr_next;
        rx_raw_reg          <= rx_raw_next;
        rx_fetch_idx_reg    <= rx_fetch_idx_next;
        rx_wb_idx_reg       <= rx_wb_idx_next;
        tx_held_reg         <= tx_held_next;
        rx_held_reg         <= rx_held_next;
        tx_rd_addr_reg      <= tx_rd_addr_next;
        tx_rd_left_reg      <= tx_rd_left_next;
        tx_resv_reg         <= tx_resv_next;
        tx_obeat_reg        <= tx_obeat_next;
        tx_berr_reg         <= tx_berr_next;
        rx_buf_valid_reg    <= rx_buf_valid_next;
        rx_baddr_reg        <= rx_baddr_next;
        rx_left_reg         <= rx_left_next;
        rx_bcnt_reg         <= rx_bcnt_next;
        rx_bytes_reg        <= rx_bytes_next;
        rx_buf_irq_reg      <= rx_buf_irq_next;
        rx_wq_data_done_reg <= rx_wq_data_done_next;
        m_axi_arvalid_reg   <= m_axi_arvalid_next;
        m_axi_araddr_reg    <= m_axi_araddr_next;
        m_axi_arlen_reg     <= m_axi_arlen_next;
        m_axi_awvalid_reg   <= m_axi_awvalid_next;
        m_axi_awaddr_reg    <= m_axi_awaddr_next;
        m_axi_awlen_reg     <= m_axi_awlen_next;
        aw_pref_tx_reg      <= aw_pref_tx_next;
        w_cnt_reg           <= w_cnt_next;
        tx_pend_reg         <= tx_pend_next;
        tx_tmr_reg          <= tx_tmr_next;
        rx_pend_reg         <= rx_pend_next;
        rx_tmr_reg          <= rx_tmr_next;
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
assign m_axi_wdata    = w_from_rx ? rxdf_head[DATA_WIDTH-1:0] : wbd_head[DATA_WIDTH-1:0];
`ifdef MASKDMA_DEFECT_RXSTROBE
assign m_axi_wstrb    = w_from_rx ? (rxdf_head[DATA_WIDTH +: BYTES] | (rxdf_head[DATA_WIDTH +: BYTES] << 1)) : wbd_head[DATA_WIDTH +: BYTES];  // formal teeth: RX strobes one lane too wide
`else
assign m_axi_wstrb    = w_from_rx ? rxdf_head[DATA_WIDTH +: BYTES] : wbd_head[DATA_WIDTH +: BYTES];
`endif
assign m_axi_wlast    = w_last;
assign m_axi_wvalid   = w_valid;
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

`ifdef MASKDMA_DEFECT_TXDATA
assign m_axis_tx_tdata  = {txdf_head[7:0], txdf_head[DATA_WIDTH-1:8]};  // formal teeth: TX data bytes rotated by one lane
`else
assign m_axis_tx_tdata  = txdf_head[DATA_WIDTH-1:0];
`endif
assign m_axis_tx_tkeep  = tx_h_last ? tx_h_keep : {BYTES{1'b1}};
assign m_axis_tx_tvalid = tx_tvalid;
assign m_axis_tx_tlast  = tx_h_last && tx_h_eop;
assign s_axis_rx_tready = rx_tready;

assign irq = irq_reg;

// Inputs and status the engine does not need (Verilator's default unused-regexp matches
// "unused*"): protection types, low register-address bits, IDs, the OKAY/EXOKAY bit of
// responses, the fetched STATUS word and reserved CTRL bits, queue counts.
wire unused_inputs = &{1'b0, s_axil_awprot, s_axil_arprot, s_axil_awaddr[1:0], s_axil_araddr[1:0],
                       m_axi_bid, m_axi_rid, m_axi_bresp[0], m_axi_rresp[0], s_axil_wstrb[3:1],
                       tx_raw_reg[DESC_STATUS * 8 +: 32], rx_raw_reg[DESC_STATUS * 8 +: 32],
                       tx_raw_ctrl[31:18], rx_raw_ctrl[31:16], rx_dq_head[ADDR_WIDTH + 16],
                       tx_dq_count, rx_dq_count, tx_cq_count, tx_wbq_count, txdf_count, txdf_full,
                       rxdf_count, rx_wq_count, rq_count, wq_count, bq_count, wbd_count,
                       rx_dq_len[OFF_W-1:0]};

`ifdef FORMAL
`include "nic_engine_formal.vh"  // formal properties (tools/formal.py --top nic_engine)
`endif
endmodule

`resetall
`default_nettype wire
