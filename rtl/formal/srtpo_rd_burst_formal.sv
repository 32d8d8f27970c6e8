// SPDX-License-Identifier: BSD-3-Clause
// Proof harness for srtpo_rd_burst, the block that turns a checked data-read request into AXI
// read addresses. The request FIFO head is free: any 64-byte aligned address and any length
// 1..65535 that srtpo_desc_check let through, held until its last burst is taken (as a FIFO head
// is); the AR arbiter takes a burst whenever it likes while ok_o. The assertions inside
// srtpo_rd_burst (every burst inside [address, address + length rounded to beats), whole beats,
// at most MaxBurst, no 4 KiB crossing, `last` exactly at the end) are proved for all time by
// k-induction, at each bus width.
module srtpo_rd_burst_formal #(
  parameter int unsigned DB = 64
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        req_valid,
  input  logic [63:0] req_addr,
  input  logic [15:0] req_len,
  input  logic        take
);
  logic init_q = 1'b1;
  always_ff @(posedge clk_i) init_q <= 1'b0;
  always_comb if (init_q) assume (!rst_ni);

  logic        ok, last;
  logic [63:0] addr;
  logic [12:0] beats;
  srtpo_rd_burst #(.DB(DB)) dut (
    .clk_i, .rst_ni, .req_valid_i(req_valid), .req_addr_i(req_addr), .req_len_i(req_len),
    .take_i(take), .ok_o(ok), .addr_o(addr), .beats_o(beats), .last_o(last));

  // the FIFO head: stays (same request) until its last burst is taken
  logic        held_q;
  logic [79:0] head_q;
  always_ff @(posedge clk_i) begin
    held_q <= rst_ni && req_valid && !(take && last);
    head_q <= {req_addr, req_len};
  end
  always_comb begin
    if (req_valid) assume (req_addr[5:0] == 6'd0 && req_len != 16'd0);
    if (held_q) assume (req_valid && {req_addr, req_len} == head_q);
    if (take) assume (ok);
    if (!rst_ni) assume (!req_valid);
  end
endmodule
