// SPDX-License-Identifier: BSD-3-Clause
// One AES round of the encryption pipeline, with the key expansion for the same round beside it.
//
// Byte order: bits [127:120] are byte 0 of the FIPS-197 state (column-major, byte r + 4c).
// The key window kw_i carries round keys already expanded, so no key logic sits in front of
// AddRoundKey; the stage expands the next round key beside the data:
//   AES-128 (key256_i = 0): A = round key Round, B unused. Uses A, expands A into Round+1.
//   AES-256 (key256_i = 1): A = round key Round-1, B = round key Round. Uses B, expands {A, B}
//                           into round key Round+1.
// Round 0 instantiated by the pipe is used for its key output only (AES-128 round key 1).
// A stage past the last round of its key length (Round > Nr) passes the state through.
module srtpo_aes_stage #(
  parameter int unsigned Round = 1  // 1 .. 14 (0: key expansion for the pipe's first stage)
) (
  input  logic [127:0] state_i,
  input  logic [255:0] kw_i,
  input  logic         key256_i,
  output logic [127:0] state_o,
  output logic [255:0] kw_o
);
  // Round constants: AES-128 needs Rcon[Round+1]; AES-256 needs Rcon[(Round+1)/2] on odd rounds.
  function automatic logic [7:0] rcon(input int unsigned i);
    case (i)
      1:       rcon = 8'h01;
      2:       rcon = 8'h02;
      3:       rcon = 8'h04;
      4:       rcon = 8'h08;
      5:       rcon = 8'h10;
      6:       rcon = 8'h20;
      7:       rcon = 8'h40;
      8:       rcon = 8'h80;
      9:       rcon = 8'h1b;
      10:      rcon = 8'h36;
      default: rcon = 8'h00;
    endcase
  endfunction

  function automatic logic [7:0] xtime(input logic [7:0] a);
    xtime = {a[6:0], 1'b0} ^ (a[7] ? 8'h1b : 8'h00);
  endfunction

  localparam logic [7:0] Rcon128 = rcon(Round + 1);
  localparam logic [7:0] Rcon256 = rcon((Round + 1) / 2);
  // AES-256 word 4(Round+1) is a multiple of 8 when Round is odd: RotWord + SubWord + Rcon.
  localparam bit         Rot256  = (Round % 2) == 1;

  logic [127:0] key_a, key_b;
  assign key_a = kw_i[255:128];
  assign key_b = kw_i[127:0];

  // ---- key expansion: one SubWord per stage, input chosen by key length ----
  logic [31:0] sub_in, sub_out, temp;
  always_comb begin
    if (!key256_i) begin
      sub_in = {key_a[23:0], key_a[31:24]};              // RotWord(A.w3)
    end else if (Rot256) begin
      sub_in = {key_b[23:0], key_b[31:24]};              // RotWord(B.w3)
    end else begin
      sub_in = key_b[31:0];                               // B.w3
    end
  end

  for (genvar i = 0; i < 4; i++) begin : g_key_sbox
    srtpo_aes_sbox u_sbox (
      .data_i (sub_in[8*i +: 8]),
      .data_o (sub_out[8*i +: 8])
    );
  end

  logic [7:0] rcon_sel;
  always_comb begin
    if (!key256_i)   rcon_sel = Rcon128;
    else if (Rot256) rcon_sel = Rcon256;
    else             rcon_sel = 8'h00;
  end
  assign temp = sub_out ^ {rcon_sel, 24'h000000};

  // Next four words: w0 = A.w0 ^ temp, w1 = A.w1 ^ w0, ... (written flat to keep the XOR shallow).
  logic [127:0] expanded;
  assign expanded[127:96] = key_a[127:96] ^ temp;
  assign expanded[95:64]  = key_a[95:64] ^ key_a[127:96] ^ temp;
  assign expanded[63:32]  = key_a[63:32] ^ key_a[95:64] ^ key_a[127:96] ^ temp;
  assign expanded[31:0]   = key_a[31:0] ^ key_a[63:32] ^ key_a[95:64] ^ key_a[127:96] ^ temp;

  logic [127:0] round_key;
  assign round_key = key256_i ? key_b : key_a;
  assign kw_o      = key256_i ? {key_b, expanded} : {expanded, 128'h0};

  // ---- data round ----
  logic [7:0] sb [16];
  logic [7:0] sr [16];
  logic [7:0] mc [16];

  for (genvar i = 0; i < 16; i++) begin : g_sbox
    srtpo_aes_sbox u_sbox (
      .data_i (state_i[127 - 8*i -: 8]),
      .data_o (sb[i])
    );
  end

  // ShiftRows: row r of column c takes row r of column c + r.
  for (genvar c = 0; c < 4; c++) begin : g_col
    for (genvar r = 0; r < 4; r++) begin : g_row
      assign sr[r + 4*c] = sb[r + 4*((c + r) % 4)];
    end
    assign mc[4*c + 0] = xtime(sr[4*c]) ^ xtime(sr[4*c+1]) ^ sr[4*c+1] ^ sr[4*c+2] ^ sr[4*c+3];
    assign mc[4*c + 1] = sr[4*c] ^ xtime(sr[4*c+1]) ^ xtime(sr[4*c+2]) ^ sr[4*c+2] ^ sr[4*c+3];
    assign mc[4*c + 2] = sr[4*c] ^ sr[4*c+1] ^ xtime(sr[4*c+2]) ^ xtime(sr[4*c+3]) ^ sr[4*c+3];
    assign mc[4*c + 3] = xtime(sr[4*c]) ^ sr[4*c] ^ sr[4*c+1] ^ sr[4*c+2] ^ xtime(sr[4*c+3]);
  end

  logic         active, final_round;
  logic [127:0] sr_flat, mc_flat;
  assign active      = (Round >= 1) && (key256_i ? (Round <= 14) : (Round <= 10));
  assign final_round = key256_i ? (Round == 14) : (Round == 10);

  for (genvar i = 0; i < 16; i++) begin : g_flat
    assign sr_flat[127 - 8*i -: 8] = sr[i];
    assign mc_flat[127 - 8*i -: 8] = mc[i];
  end

  always_comb begin
    if (!active)          state_o = state_i;
    else if (final_round) state_o = sr_flat ^ round_key;
    else                  state_o = mc_flat ^ round_key;
  end
endmodule
