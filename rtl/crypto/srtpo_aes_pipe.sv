// SPDX-License-Identifier: BSD-3-Clause
// AES-128/256 encryption pipeline: one block per clock, 15 register stages (initial AddRoundKey
// plus 14 rounds). Each block carries its own key; the key schedule runs beside the data, so
// consecutive blocks may use different keys and a rekey costs nothing. AES-128 blocks finish at
// round 10 and ride through stages 11..14 unchanged, so every block has the same latency and
// blocks leave in the order they entered.
//
// Flow control: the whole pipeline advances when its last stage is empty or taken (out_ready_i).
// A stalled pipeline holds every stage, so backpressure neither drops nor repeats a block.
// user_i travels beside the block unchanged (e.g. the packet beat the keystream belongs to).
module srtpo_aes_pipe #(
  parameter int unsigned UserWidth = 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 in_valid_i,
  output logic                 in_ready_o,
  input  logic [255:0]         in_key_i,      // AES-128 uses [255:128]
  input  logic                 in_key256_i,
  input  logic [127:0]         in_block_i,    // byte 0 in [127:120]
  input  logic [UserWidth-1:0] in_user_i,
  output logic                 out_valid_o,
  input  logic                 out_ready_i,
  output logic [127:0]         out_block_o,
  output logic [UserWidth-1:0] out_user_o
);
  localparam int unsigned NumStages = 15;

  logic [127:0]         state_q [NumStages];
  logic [255:0]         kw_q    [NumStages];
  logic                 k256_q  [NumStages];
  logic [UserWidth-1:0] user_q  [NumStages];
  logic [NumStages-1:0] valid_q;

  logic [127:0] state_d [NumStages];
  logic [255:0] kw_d    [NumStages];

  logic advance;
  assign advance    = out_ready_i || !valid_q[NumStages-1];
  assign in_ready_o = advance;

  // Stage 0: initial AddRoundKey with the first 16 key bytes. The key window it passes on holds
  // round key 1 ready for use: the AES-128 key expanded once here, or the AES-256 key's second
  // half.
  logic [127:0] unused_state0;
  logic [255:0] kw_expand0;
  srtpo_aes_stage #(
    .Round (0)
  ) u_key0 (
    .state_i  (in_block_i),
    .kw_i     ({128'h0, in_key_i[255:128]}),
    .key256_i (1'b0),
    .state_o  (unused_state0),
    .kw_o     (kw_expand0)
  );
  assign state_d[0] = in_block_i ^ in_key_i[255:128];
  assign kw_d[0]    = in_key256_i ? in_key_i : kw_expand0;

  for (genvar s = 1; s < NumStages; s++) begin : g_round
    srtpo_aes_stage #(
      .Round (s)
    ) u_stage (
      .state_i  (state_q[s-1]),
      .kw_i     (kw_q[s-1]),
      .key256_i (k256_q[s-1]),
      .state_o  (state_d[s]),
      .kw_o     (kw_d[s])
    );
  end

  // Only the valid bits need a reset; data registers load whenever the pipeline advances.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= '0;
    end else if (advance) begin
      valid_q <= {valid_q[NumStages-2:0], in_valid_i};
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      state_q[0] <= state_d[0];
      kw_q[0]    <= kw_d[0];
      k256_q[0]  <= in_key256_i;
      user_q[0]  <= in_user_i;
      for (int s = 1; s < NumStages; s++) begin
        state_q[s] <= state_d[s];
        kw_q[s]    <= kw_d[s];
        k256_q[s]  <= k256_q[s-1];
        user_q[s]  <= user_q[s-1];
      end
    end
  end

  assign out_valid_o = valid_q[NumStages-1];
  assign out_block_o = state_q[NumStages-1];
  assign out_user_o  = user_q[NumStages-1];
endmodule
