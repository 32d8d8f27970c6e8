// SPDX-License-Identifier: BSD-3-Clause
// srtpo_pulse_sync: carries a one-clock pulse from one clock domain to another by toggling a
// flop in the source domain and detecting the edge after a two-flop synchronizer. Pulses must be
// at least three destination clocks apart (a reload request is one per image load).
module srtpo_pulse_sync (
  input  logic src_clk_i,
  input  logic src_rst_ni,
  input  logic pulse_i,
  input  logic dst_clk_i,
  input  logic dst_rst_ni,
  output logic pulse_o
);
  logic toggle_q, toggle_sync, seen_q;

  always_ff @(posedge src_clk_i) begin
    if (!src_rst_ni) toggle_q <= 1'b0;
    else if (pulse_i) toggle_q <= !toggle_q;
  end

  srtpo_sync #(.Width(1)) u_sync (
    .clk_i  (dst_clk_i),
    .rst_ni (dst_rst_ni),
    .d_i    (toggle_q),
    .q_o    (toggle_sync)
  );

  always_ff @(posedge dst_clk_i) begin
    if (!dst_rst_ni) seen_q <= 1'b0;
    else             seen_q <= toggle_sync;
  end

  assign pulse_o = toggle_sync ^ seen_q;
endmodule
