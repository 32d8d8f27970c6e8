// SPDX-License-Identifier: BSD-3-Clause
// One AES round of the encryption pipeline, with the key expansion for the same round beside it.
//
// Byte order: bits [127:120] are byte 0 of the FIPS-197 state (column-major, byte r + 4c).
// The key window kw_i = {A, B} carries round keys already expanded, so no key logic sits in
// front of AddRoundKey, and B is always the round key in use:
//   B = round key Round (AES-128 and AES-256 alike); A = round key Round-1 (AES-256 only).
// The stage expands the next round key beside the data and passes {B, next} on. Keeping the
// key in use at B whatever the key length puts no key-length mux in front of the S-boxes (they
// read B.w3 straight from the register; RotWord moves after SubWord, both being bytewise) and
// none behind them: the only choice, the XOR base (B for AES-128, A for AES-256), is made beside
// the S-boxes, off the critical path. Round 0 instantiated by the pipe is used for its key
// output only (AES-128 round key 1). A stage past the last round of its key length (Round > Nr)
// passes the state through.
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

  // ---- key expansion: one SubWord per stage, of B.w3 ----
  logic [31:0] sub_out, temp;
  for (genvar i = 0; i < 4; i++) begin : g_key_sbox
    srtpo_aes_sbox u_sbox (
      .data_i (key_b[8*i +: 8]),
      .data_o (sub_out[8*i +: 8])
    );
  end

  // SubWord(RotWord(w)) == RotWord(SubWord(w)). AES-128 rotates and adds Rcon[Round+1] every
  // round; AES-256 does so with Rcon[(Round+1)/2] on odd rounds and takes SubWord alone on even.
  logic [31:0] sub_rot;
  assign sub_rot = {sub_out[23:0], sub_out[31:24]};
  always_comb begin
    if (!key256_i)   temp = sub_rot ^ {Rcon128, 24'h000000};
    else if (Rot256) temp = sub_rot ^ {Rcon256, 24'h000000};
    else             temp = sub_out;
  end

  // Next four words: w0 = base.w0 ^ temp, w1 = base.w1 ^ w0, ...: the running XOR of the base
  // (which needs no S-box, so it settles while the S-boxes do) and then temp.
  logic [127:0] base, base_run, expanded;
  assign base = key256_i ? key_a : key_b;
  assign base_run[127:96] = base[127:96];
  assign base_run[95:64]  = base[95:64] ^ base[127:96];
  assign base_run[63:32]  = base[63:32] ^ base[95:64] ^ base[127:96];
  assign base_run[31:0]   = base[31:0] ^ base[63:32] ^ base[95:64] ^ base[127:96];
  assign expanded = base_run ^ {4{temp}};

  logic [127:0] round_key;
  assign round_key = key_b;
  assign kw_o      = {key_b, expanded};

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
