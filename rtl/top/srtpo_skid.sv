// SPDX-License-Identifier: BSD-3-Clause
// Register slice with a skid entry on a valid/ready stream: full rate (one item per clock in and
// out), one clock of latency, and no combinational path from one side to the other. in_ready_o
// and out_valid_o are flip-flops, so the producer's logic never waits on the consumer's take
// decision in the same clock (and the other way round). When the consumer stalls, the item that
// was already offered lands in the skid entry and in_ready_o drops the next clock.
module srtpo_skid #(
  parameter int unsigned Width = 8
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [Width-1:0] in_data_i,
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [Width-1:0] out_data_o
);
  logic             main_valid_q, skid_valid_q;
  logic [Width-1:0] main_q, skid_q;
  logic             in_fire, main_free;

  assign in_ready_o  = !skid_valid_q;
  assign out_valid_o = main_valid_q;
  assign out_data_o  = main_q;
  assign in_fire     = in_valid_i && !skid_valid_q;
  assign main_free   = !main_valid_q || out_ready_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      main_valid_q <= 1'b0;
      skid_valid_q <= 1'b0;
    end else if (main_free) begin
      main_valid_q <= skid_valid_q || in_fire;
      skid_valid_q <= 1'b0;
    end else if (in_fire) begin
      skid_valid_q <= 1'b1;
    end
  end

  // The skid entry follows the input while it is empty (its enable is a flip-flop); the main
  // entry takes the skid entry first, so items leave in the order they came.
  always_ff @(posedge clk_i) begin
    if (!skid_valid_q) skid_q <= in_data_i;
    if (main_free)     main_q <= skid_valid_q ? skid_q : in_data_i;
  end

`ifndef SYNTHESIS
  // Checks (verilator --assert): the slice never holds more than its two entries' worth, and an
  // item offered downstream stays until taken.
  logic             a_wait_q;
  logic [Width-1:0] a_data_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      a_wait_q <= 1'b0;
    end else begin
      a_wait_q <= out_valid_o && !out_ready_i;
      assert (!skid_valid_q || main_valid_q);
      if (a_wait_q) assert (out_valid_o && out_data_o == a_data_q);
    end
    a_data_q <= out_data_o;
  end
`endif
endmodule
