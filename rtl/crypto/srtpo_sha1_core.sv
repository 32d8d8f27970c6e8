// SPDX-License-Identifier: BSD-3-Clause
// SHA-1 compression function (FIPS 180-4 6.1.2), one round per clock.
//
// start_i loads the chaining value h_i and compresses one 512-bit block whose 16 message words
// the core asks for one at a time (word_idx_o, in clocks 0..15 of the block); the supplier answers in the same
// cycle with word_i and word_valid_i, or holds word_valid_i low and the whole core waits.
// word_take_o is high in the clock a word is taken (the supplier may then offer the next one).
// In the last cycle of a block fin_o is high and h_sum_o = h_i + compress(block); a start_i in
// that same cycle begins the next block at once (pass h_sum_o back as h_i to chain blocks).
// Without it the core stops and h_o holds h_sum until the next start_i.
//
// Timing: the round adds rotl5(a) + f(b,c,d) + pre, where pre = e + K + W was summed one clock
// earlier (e of round t+1 is d of round t), so each clock has a three-input add only. The K of
// that sum and the choice of e or d are registers set a clock ahead (from the next cycle
// number), so no comparison on the cycle counter sits in front of either adder.
//
//   cycle 0       fetch W0
//   cycle 1       fetch W1, pre0 = e + K0 + W0
//   cycle t+2     round t, pre(t+1), fetch/expand W(t+2)        t = 0..79
//   cycle 82      h += abcde, fin_o (a start_i here makes the next cycle cycle 0 of a new block)
module srtpo_sha1_core (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         start_i,
  input  logic [159:0] h_i,          // {h0, h1, h2, h3, h4}
  output logic [3:0]   word_idx_o,
  input  logic [31:0]  word_i,
  input  logic         word_valid_i,
  output logic         word_take_o,
  output logic         fin_o,
  output logic [159:0] h_sum_o,
  output logic [159:0] h_o
);
  logic        run_q;
  logic [6:0]  cyc_q;                // 0 .. 82
  logic [31:0] a_q, b_q, c_q, d_q, e_q, pre_q;
  logic [31:0] w_q [16];             // w_q[15] is the newest word
  logic [159:0] h_q;

  // K for the round whose pre-sum is formed at cycle c (round c - 1), from c directly so that no
  // subtraction is needed; k_q holds k_at(cyc_q), loaded one clock ahead.
  function automatic logic [31:0] k_at(input logic [6:0] c);
    if (c < 7'd21)      k_at = 32'h5a827999;
    else if (c < 7'd41) k_at = 32'h6ed9eba1;
    else if (c < 7'd61) k_at = 32'h8f1bbcdc;
    else                k_at = 32'hca62c1d6;
  endfunction
  logic [31:0] k_q;
  logic        pre_from_e_q;        // cyc_q == 1: the first pre-sum takes e, later ones d

  // Round t = cyc_q - 2 is in 0..79 for cyc_q in 2..81. The phase flags are registers set
  // from the next cycle number, so no compare on cyc_q sits in front of the stall, the load or
  // the round enables: fetching_q (cycles 0..15), in_round_q (2..81), fin_q (82).
  logic        in_round, fetching, fin;
  logic        fetching_q, in_round_q, fin_q;
  logic [1:0]  fsel_q;               // f of the round in this cycle: 0 Ch, 1 Parity, 2 Maj
  assign in_round = run_q && in_round_q;
  assign fetching = run_q && fetching_q;
  assign fin      = run_q && fin_q;

  // Meaningful while the core fetches (cycles 0..15); ignored otherwise.
  assign word_idx_o = cyc_q[3:0];

  // The core stalls only while it waits for a message word.
  logic step, load;
  assign step = run_q && !(fetching && !word_valid_i);
  assign load = start_i && (!run_q || (fin && step));

  logic [159:0] h_sum;
  assign h_sum = {h_q[159:128] + a_q, h_q[127:96] + b_q, h_q[95:64] + c_q, h_q[63:32] + d_q,
                  h_q[31:0] + e_q};

  logic [31:0] w_new;
  assign w_new = fetching ? word_i
                          : {w_q[13][30:0] ^ w_q[8][30:0] ^ w_q[2][30:0] ^ w_q[0][30:0],
                             w_q[13][31]   ^ w_q[8][31]   ^ w_q[2][31]   ^ w_q[0][31]};

  logic [31:0] f_val;
  always_comb begin
    case (fsel_q)
      2'd0:    f_val = (b_q & c_q) | (~b_q & d_q);
      2'd2:    f_val = (b_q & c_q) | (b_q & d_q) | (c_q & d_q);
      default: f_val = b_q ^ c_q ^ d_q;
    endcase
  end

  // pre for the next round: round t+1 at cycle 1 means t+1 = 0, so K index = cyc_q - 1.
  logic [31:0] pre_src_e;
  assign pre_src_e = pre_from_e_q ? e_q : d_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      run_q <= 1'b0;
      cyc_q <= '0;
    end else begin
      if (load) begin
        run_q <= 1'b1;
        cyc_q <= '0;
      end else if (step) begin
        if (fin) run_q <= 1'b0;
        cyc_q <= cyc_q + 7'd1;
      end
    end
  end

  // The phase of the next cycle: cycle 0 after a load, cyc_q + 1 after a step.
  always_ff @(posedge clk_i) begin
    if (load) begin
      fetching_q <= 1'b1;
      in_round_q <= 1'b0;
      fin_q      <= 1'b0;
    end else if (step) begin
      fetching_q <= cyc_q < 7'd15;
      in_round_q <= cyc_q >= 7'd1 && cyc_q <= 7'd80;
      fin_q      <= cyc_q == 7'd81;
    end
  end

  always_ff @(posedge clk_i) begin
    if (load) begin
      k_q          <= k_at(7'd0);
      pre_from_e_q <= 1'b0;
      fsel_q <= 2'd0;
      h_q <= h_i;
      a_q <= h_i[159:128];
      b_q <= h_i[127:96];
      c_q <= h_i[95:64];
      d_q <= h_i[63:32];
      e_q <= h_i[31:0];
    end else if (step) begin
      k_q          <= k_at(cyc_q + 7'd1);
      pre_from_e_q <= (cyc_q == 7'd0);
      // Round t runs at cycle t + 2: rounds 0-19 Ch, 20-39 Parity, 40-59 Maj, 60-79 Parity.
      if (cyc_q < 7'd21)      fsel_q <= 2'd0;
      else if (cyc_q < 7'd41) fsel_q <= 2'd1;
      else if (cyc_q < 7'd61) fsel_q <= 2'd2;
      else                    fsel_q <= 2'd1;
      if (cyc_q <= 7'd80) begin
        for (int i = 0; i < 15; i++) w_q[i] <= w_q[i+1];
        w_q[15] <= w_new;
      end
      if (cyc_q >= 7'd1 && cyc_q <= 7'd80) begin
        pre_q <= pre_src_e + k_q + w_q[15];
      end
      if (in_round) begin
        a_q <= {a_q[26:0], a_q[31:27]} + f_val + pre_q;
        b_q <= a_q;
        c_q <= {b_q[1:0], b_q[31:2]};
        d_q <= c_q;
        e_q <= d_q;
      end
      if (fin) h_q <= h_sum;
    end
  end

  assign word_take_o = fetching && word_valid_i;
  assign fin_o   = fin && step;
  assign h_sum_o = h_sum;
  assign h_o     = h_q;
endmodule
