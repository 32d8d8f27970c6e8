// SPDX-License-Identifier: BSD-3-Clause
// Synchronous show-ahead FIFO: rdata_o is the head while !empty_o. Small depths map to LUT RAM.
// Callers check full_o / empty_o: a push when full or a pop when empty is ignored here and fails
// the assertions below (a lost or invented entry is always a bug of the caller).
//
// Timing: full_o, empty_o and count_o come straight from flip-flops, so a caller's push or pop
// decision starts from a register instead of a pointer compare, which keeps chained FIFO
// handshakes short. With OutReg the head is a flip-flop too: the memory read (a tree of LUT-RAM
// muxes for deep FIFOs) moves behind the register, off the paths that start at the head. A push
// into an empty FIFO is the head one clock later, as without OutReg; but the push side never
// looks at this clock's pop (or the other way round), so when the last entry leaves in the same
// clock as a new one comes, the new one waits in the memory and is the head a clock later:
// empty_o is then high for that clock while count_o is 1.
module srtpo_fifo #(
  parameter int unsigned Width  = 8,
  parameter int unsigned Depth  = 4,  // a power of two
  parameter bit          OutReg = 1'b0
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
  // Power-up values as well as reset values: a flag is a flip-flop, and a FIFO must not look
  // occupied (an AXI VALID high) in the clock before the first reset edge.
  logic [AddrW:0]   count_q = '0;
  logic             full_q = 1'b0, empty_q = 1'b1;
  logic             one_q = 1'b0, room1_q = (Depth == 1);  // exactly one entry / one free place
  logic             do_push, do_pop, mem_push, mem_pop;

  logic             head_valid;   // the head (rdata_o) holds an entry

  assign full_o  = full_q;
  assign empty_o = !head_valid;
  assign count_o = count_q;
  assign do_push = push_i && !full_q;
  assign do_pop  = pop_i && head_valid;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      count_q <= '0;
      full_q  <= 1'b0;
      empty_q <= 1'b1;
      one_q   <= 1'b0;
      room1_q <= (Depth == 1);
    end else if (do_push && !do_pop) begin
      // The count moves by +1, -1 or 0; each flag follows from the registered count class.
      count_q <= count_q + 1'b1;
      empty_q <= 1'b0;
      full_q  <= room1_q;
      one_q   <= empty_q;
      room1_q <= (Depth > 1) && (count_q == (AddrW+1)'(Depth - 2));
    end else if (do_pop && !do_push) begin
      count_q <= count_q - 1'b1;
      full_q  <= 1'b0;
      empty_q <= one_q;
      room1_q <= full_q;
      one_q   <= (count_q == (AddrW+1)'(2));
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wptr_q <= '0;
      rptr_q <= '0;
    end else begin
      if (mem_push) wptr_q <= wptr_q + 1'b1;
      if (mem_pop)  rptr_q <= rptr_q + 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (mem_push) mem[wptr_q[AddrW-1:0]] <= wdata_i;
  end

  if (OutReg) begin : g_out_reg
    // A push into an empty FIFO goes straight to the head; any other push goes to the memory.
    // The head refills from the memory when it leaves or is empty. "The memory is empty" stays
    // a pointer compare: kept as a flip-flop, its next state sits behind the push, where the
    // callers' long decisions end, and measured deeper there (rtl/synth/README.md).
    logic [Width-1:0] head_q;
    logic             head_valid_q = 1'b0;
    logic             mem_empty, refill, bypass;
    assign mem_empty  = (wptr_q == rptr_q);
    assign bypass     = do_push && empty_q;
    assign refill     = !head_valid_q || do_pop;
    assign mem_pop    = refill && !mem_empty;
    assign mem_push   = do_push && !empty_q;
    assign head_valid = head_valid_q;
    always_ff @(posedge clk_i) begin
      if (!rst_ni) head_valid_q <= 1'b0;
      else         head_valid_q <= (head_valid_q && !do_pop) || mem_pop || bypass;
      if (mem_pop)     head_q <= mem[rptr_q[AddrW-1:0]];
      else if (bypass) head_q <= wdata_i;
    end
    assign rdata_o = head_q;
  end else begin : g_out_mem
    assign mem_push   = do_push;
    assign mem_pop    = do_pop;
    assign head_valid = !empty_q;
    assign rdata_o    = mem[rptr_q[AddrW-1:0]];
  end

`ifndef SYNTHESIS
  // Checks (verilator --assert in every simulation; yosys -formal in rtl/formal).
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      assert (!(push_i && full_o));                      // overflow
      assert (!(pop_i && empty_o));                      // underflow
      assert (count_q <= (AddrW+1)'(Depth));
      assert (count_q == (wptr_q - rptr_q) + (AddrW+1)'(OutReg && head_valid));
      if (head_valid) assert (!empty_q);
      assert (empty_q == (count_q == '0));
      assert (full_q  == (count_q == (AddrW+1)'(Depth)));
      assert (one_q   == (count_q == (AddrW+1)'(1)));
      assert (room1_q == (count_q == (AddrW+1)'(Depth - 1)));
    end
  end
`endif
endmodule
