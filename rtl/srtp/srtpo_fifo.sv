// SPDX-License-Identifier: BSD-3-Clause
// Synchronous show-ahead FIFO: rdata_o is the head while !empty_o. Small depths map to LUT RAM.
// Callers check full_o / empty_o: a push when full or a pop when empty is ignored here and fails
// the assertions below (a lost or invented entry is always a bug of the caller).
module srtpo_fifo #(
  parameter int unsigned Width = 8,
  parameter int unsigned Depth = 4   // a power of two
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  logic                     push_i,
  input  logic [Width-1:0]         wdata_i,
  input  logic                     pop_i,
  output logic [Width-1:0]         rdata_o,
  output logic                     full_o,
  output logic                     empty_o,
  output logic [$clog2(Depth):0]   count_o
);
  localparam int unsigned AddrW = $clog2(Depth);

  logic [Width-1:0] mem [Depth];
  logic [AddrW:0]   wptr_q, rptr_q;
  logic             do_push, do_pop;

  assign full_o  = (wptr_q - rptr_q) == (AddrW+1)'(Depth);
  assign empty_o = (wptr_q == rptr_q);
  assign count_o = wptr_q - rptr_q;
  assign do_push = push_i && !full_o;
  assign do_pop  = pop_i && !empty_o;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wptr_q <= '0;
      rptr_q <= '0;
    end else begin
      if (do_push) wptr_q <= wptr_q + 1'b1;
      if (do_pop)  rptr_q <= rptr_q + 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (do_push) mem[wptr_q[AddrW-1:0]] <= wdata_i;
  end

  assign rdata_o = mem[rptr_q[AddrW-1:0]];

`ifndef SYNTHESIS
  // Checks (verilator --assert in every simulation; yosys -formal in rtl/formal).
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      assert (!(push_i && full_o));                      // overflow
      assert (!(pop_i && empty_o));                      // underflow
      assert (count_o <= (AddrW+1)'(Depth));
    end
  end
`endif
endmodule
