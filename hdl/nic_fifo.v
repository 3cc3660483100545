`resetall
`timescale 1ns/1ps
`default_nettype none

// nic_fifo: synchronous first-in first-out queue for nic_engine (maskdma).
//
// One push and one pop per cycle; `head` is the oldest entry, valid while `empty` is low (read
// combinationally from the storage). A push while full or a pop while empty is ignored, so the
// pointers can never pass each other; nic_engine never asks for either. The storage has no
// reset: only entries between the pointers are ever read.
module nic_fifo #(
    parameter WIDTH      = 8,  // bits per entry (>= 1)
    parameter DEPTH_LOG2 = 2   // log2 of the number of entries (1..12)
) (
    input  wire                  clk,        // clock, rising edge
    input  wire                  rst,        // synchronous active-high reset: empties the queue
    input  wire                  push,       // append push_data
    input  wire [WIDTH-1:0]      push_data,  // entry to append
    input  wire                  pop,        // drop the head entry
    output wire [WIDTH-1:0]      head,       // oldest entry
    output wire [DEPTH_LOG2:0]   count,      // entries held, 0..2^DEPTH_LOG2
    output wire                  empty,      // count == 0
    output wire                  full        // count == 2^DEPTH_LOG2
);

generate
    if (WIDTH < 1) begin : g_bad_width
        nic_fifo_error_WIDTH_must_be_at_least_1 u_error ();
    end
    if (DEPTH_LOG2 < 1 || DEPTH_LOG2 > 12) begin : g_bad_depth
        nic_fifo_error_DEPTH_LOG2_must_be_1_to_12 u_error ();
    end
endgenerate

localparam DEPTH = 1 << DEPTH_LOG2;                       // entries
localparam [DEPTH_LOG2:0] DEPTH_COUNT = DEPTH;            // as a count value

reg [WIDTH-1:0]      mem [0:DEPTH-1];
reg [DEPTH_LOG2-1:0] wr_ptr_reg, wr_ptr_next;
reg [DEPTH_LOG2-1:0] rd_ptr_reg, rd_ptr_next;
reg [DEPTH_LOG2:0]   count_reg, count_next;

wire do_push = push && (count_reg != DEPTH_COUNT);
wire do_pop  = pop && (count_reg != 0);

always @* begin
    wr_ptr_next = wr_ptr_reg;
    rd_ptr_next = rd_ptr_reg;
    count_next  = count_reg;
    if (do_push) begin
        wr_ptr_next = wr_ptr_reg + 1'b1;
    end
    if (do_pop) begin
        rd_ptr_next = rd_ptr_reg + 1'b1;
    end
    if (do_push && !do_pop) begin
        count_next = count_reg + 1'b1;
    end else if (do_pop && !do_push) begin
        count_next = count_reg - 1'b1;
    end
end

always @(posedge clk) begin
    if (rst) begin
        wr_ptr_reg <= {DEPTH_LOG2{1'b0}};
        rd_ptr_reg <= {DEPTH_LOG2{1'b0}};
        count_reg  <= {(DEPTH_LOG2 + 1){1'b0}};
    end else begin
        wr_ptr_reg <= wr_ptr_next;
        rd_ptr_reg <= rd_ptr_next;
        count_reg  <= count_next;
    end
end

always @(posedge clk) begin
    if (do_push) begin
        mem[wr_ptr_reg] <= push_data;
    end
end

assign head  = mem[rd_ptr_reg];
assign count = count_reg;
assign empty = (count_reg == 0);
assign full  = (count_reg == DEPTH_COUNT);

endmodule

`resetall
`default_nettype wire
