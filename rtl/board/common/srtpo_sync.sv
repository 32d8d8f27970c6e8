// SPDX-License-Identifier: BSD-3-Clause
// srtpo_sync: two-flop synchronizer for quasi-static bits (levels, or data that is held stable
// long before a synchronized valid flag says so). ASYNC_REG keeps the flops together in one slice
// and tells Vivado not to replicate them.
module srtpo_sync #(
  parameter int unsigned Width = 1,
  parameter logic [Width-1:0] ResetValue = '0
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic [Width-1:0] d_i,
  output logic [Width-1:0] q_o
);
  (* ASYNC_REG = "TRUE" *) logic [Width-1:0] meta_q, sync_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      meta_q <= ResetValue;
      sync_q <= ResetValue;
    end else begin
      meta_q <= d_i;
      sync_q <= meta_q;
    end
  end

  assign q_o = sync_q;
endmodule
