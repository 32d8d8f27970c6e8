// SPDX-License-Identifier: BSD-3-Clause
// Proof harness for srtpo_fifo (the FIFO behind every in-order path of the card: descriptors,
// per-descriptor metadata, read tags, completions). Free push / pop / data, under the callers'
// contract (no push when full, no pop when empty: asserted in srtpo_fifo itself). A reference
// FIFO (a shift register) runs beside it: the head, count, full and empty always match, so
// entries leave in the order they came, none lost, none repeated. Depth 4 covers every pointer
// wrap within the bound set in rtl/formal/formal.mk; formal.mk proves both variants (OutReg 0, 1).
module srtpo_fifo_formal #(
  parameter bit OutReg = 1'b0   // the registered-head variant (see srtpo_fifo)
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       push,
  input  logic       pop,
  input  logic [7:0] wdata
);
  localparam int unsigned Depth = 4;

  logic init_q = 1'b1;
  always_ff @(posedge clk_i) init_q <= 1'b0;
  always_comb if (init_q) assume (!rst_ni);

  logic [7:0] rdata;
  logic       full, empty;
  logic [2:0] count;
  srtpo_fifo #(.Width(8), .Depth(Depth), .OutReg(OutReg)) dut (
    .clk_i, .rst_ni, .push_i(push), .wdata_i(wdata), .pop_i(pop), .rdata_o(rdata),
    .full_o(full), .empty_o(empty), .count_o(count));

  always_comb begin
    if (push) assume (!full);
    if (pop)  assume (!empty);
  end

  logic [7:0] ref_q [Depth];
  logic [2:0] ref_n_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      ref_n_q <= '0;
    end else begin
      for (int i = 0; i < Depth; i++) begin
        if (pop) ref_q[i] <= (i + 1 < Depth) ? ref_q[i + 1] : 8'd0;
      end
      if (push) ref_q[3'(ref_n_q - (pop ? 3'd1 : 3'd0))] <= wdata;
      ref_n_q <= ref_n_q + (push ? 3'd1 : 3'd0) - (pop ? 3'd1 : 3'd0);
    end
  end

  // With OutReg the head may be missing for one clock while an entry waits in the memory (see
  // srtpo_fifo), never for two in a row.
  logic gap_q;
  always_ff @(posedge clk_i) gap_q <= rst_ni && empty && ref_n_q != 3'd0;
  always_ff @(posedge clk_i) begin
    if (rst_ni && !init_q) begin
      assert (count == ref_n_q);
      if (!OutReg) assert (empty == (ref_n_q == 3'd0));
      else begin
        if (ref_n_q == 3'd0) assert (empty);
        if (empty && ref_n_q != 3'd0) assert (!gap_q);
      end
      assert (full == (ref_n_q == 3'(Depth)));
      if (!empty) assert (rdata == ref_q[0]);
    end
  end
endmodule
