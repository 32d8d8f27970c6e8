// SPDX-License-Identifier: BSD-3-Clause
// HMAC-SHA1 of one packet from precomputed midstates (RFC 2104 with the key blocks already
// compressed): tag = SHA1(opad_state; SHA1(ipad_state; data || ROC)).
//
// The packet's authenticated bytes arrive as 16-byte beats (wr_i, byte k in [8k+7:8k]) into a
// local buffer while the core works, so the packet can stream in at full rate and the hash
// follows at its own pace (83 clocks per 64-byte block). The inner message is data[0..auth_len)
// followed by the ROC (4 bytes, big-endian) when roc_append_i, then SHA-1 padding with a bit
// length that counts the 64-byte key block already in the midstate. The outer message is the
// 20-byte inner digest.
//
// start_i (while idle) latches the parameters; done_o rises with tag_o (the 20-byte HMAC,
// byte 0 in [159:152]) and stays until release_i, which frees the engine for the next packet.
//
// Timing: the ports are registers, so synthesis can map this module once and cut the caller's
// paths at its pins (rtl/synth/boundary.py checks how close to registers they are). start_i is
// the clock enable of the parameter registers and the engine acts on it one clock later, so the
// caller's arbitration logic ends here instead of running on into the SHA-1 core's 320-bit load
// multiplexer; written beats are registered before the beat buffer; busy_o and done_o are
// flip-flops. busy_o rises and done_o and busy_o fall the clock after start_i / release_i as
// they always did (a start in the clock after a release is taken); only the hash begins a clock
// later and each beat lands a clock later (the hash waits for a beat only when it is ahead).
module srtpo_hmac_engine #(
  parameter int unsigned DepthBeats = 128  // longest authenticated span, in 16-byte beats
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         start_i,
  input  logic [159:0] ipad_i,
  input  logic [159:0] opad_i,
  input  logic [15:0]  auth_len_i,
  input  logic [31:0]  roc_i,
  input  logic         roc_append_i,
  input  logic         wr_i,
  input  logic [127:0] wr_data_i,
  output logic         busy_o,
  output logic         done_o,
  output logic [159:0] tag_o,
  input  logic         release_i
);
  localparam int unsigned AddrW = $clog2(DepthBeats);

  localparam logic [1:0] StIdle  = 2'd0;
  localparam logic [1:0] StInner = 2'd1;
  localparam logic [1:0] StOuter = 2'd2;
  localparam logic [1:0] StDone  = 2'd3;

  logic [1:0]   state_q;
  logic         start_q, release_q, busy_q, done_q, wr_q;
  logic [127:0] wr_data_q;
  logic [159:0] ipad_q, opad_q, dig_q;
  logic [15:0]  auth_len_q;
  logic [16:0]  msg_len_q;
  logic [31:0]  roc_q;
  logic         roc_app_q;
  logic [11:0]  blk_q, last_blk_q;
  logic [AddrW:0] wr_cnt_q;

  // Distributed (LUT) RAM: read without a clock, so the producer reads it in the clock it
  // produces a word (block RAM would fold pw_q into its address register).
  (* ram_style = "distributed" *) logic [127:0] mem [DepthBeats];

  // ---- core ----
  logic         core_start, core_fin, core_wvalid;
  logic [3:0]   core_idx;
  logic [31:0]  core_word;
  logic [159:0] core_h_in, core_h_sum, core_h;

  srtpo_sha1_core u_core (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .start_i      (core_start),
    .h_i          (core_h_in),
    .word_idx_o   (core_idx),
    .word_i       (core_word),
    .word_valid_i (core_wvalid),
    .word_take_o  (core_take),
    .fin_o        (core_fin),
    .h_sum_o      (core_h_sum),
    .h_o          (core_h)
  );

  logic last_inner;
  assign last_inner = (blk_q == last_blk_q);

  always_comb begin
    core_start = 1'b0;
    core_h_in  = ipad_q;
    if (state_q == StIdle) begin
      core_start = start_q;
    end else if (state_q == StInner && core_fin) begin
      core_start = 1'b1;
      core_h_in  = last_inner ? opad_q : core_h_sum;
    end
  end

  // ---- message words ----
  // The inner message's words are produced a clock ahead into a one-word head register (hw_q),
  // which the core reads as it fetches: no byte-position compare, buffer read or byte select
  // sits in front of the core's message schedule. The producer walks the words in order
  // (pw_q), with the word's position against auth_len kept as flags that are themselves worked
  // out a clock ahead from a running difference (rem_q = auth_len - 4 * pw_q):
  //   all_q   every byte of the word is packet data (rem >= 4);
  //   near_q  the word holds the end of the data, the ROC or the 0x80 pad (rem in -4..3,
  //           rs_q = rem as 3-bit two's complement); neither: zero bytes;
  //   l14_q / l15_q  words 14 and 15 of the last inner block (zero, then the bit length).
  // A data word is produced once its beat is in the buffer, or from the register that writes
  // it in this clock (wr_data_q), so a beat reaches the hash no later than when the core read
  // the buffer itself. The head takes the next word in the clock the core takes the current
  // one, so the core fetches one word per clock as before; word 0 of each block waits in the
  // head during the previous block's rounds.
  logic         hv_q;           // head holds the next inner word
  logic [31:0]  hw_q;
  logic [15:0]  pw_q;           // word of the inner message being produced
  logic [17:0]  rem_q;          // auth_len - 4 * pw_q (signed)
  logic         all_q, near_q, l14_q, l15_q;
  logic         need_q;         // the word holds packet data (rem > 0)
  logic [2:0]   rs_q;
  logic         core_take, head_take, prod, beat_here, beat_now;
  logic [13:0]  pw_beat;
  logic [127:0] beat;
  logic [31:0]  prod_word;

  assign pw_beat   = pw_q[15:2];
  assign head_take = core_take && (state_q == StInner);
  // The beat this word needs: already in the buffer, or being written in this clock.
  assign beat_now  = wr_q && busy_q && wr_cnt_q < (AddrW+1)'(DepthBeats) &&
                     {{(13-AddrW){1'b0}}, wr_cnt_q} == pw_beat;
  assign beat_here = {{(13-AddrW){1'b0}}, wr_cnt_q} > pw_beat;
  assign prod      = (state_q == StInner) && (!hv_q || head_take) &&
                     (!need_q || beat_here || beat_now);
  assign beat      = beat_now ? wr_data_q : mem[pw_q[AddrW+1:2]];

  logic [31:0] word_bytes;
  for (genvar j = 0; j < 4; j++) begin : g_byte
    logic [3:0] r;            // this byte's place after the data: j - rem
    assign r = 4'(j) - {rs_q[2], rs_q};
    always_comb begin
      if (all_q || (near_q && r[3])) begin
        word_bytes[31 - 8*j -: 8] = beat[8*{pw_q[1:0], 2'(j)} +: 8];
      end else if (near_q && roc_app_q && r[3:2] == 2'b00) begin
        word_bytes[31 - 8*j -: 8] = roc_q[31 - 8*r[1:0] -: 8];
      end else if (near_q && r == (roc_app_q ? 4'd4 : 4'd0)) begin
        word_bytes[31 - 8*j -: 8] = 8'h80;
      end else begin
        word_bytes[31 - 8*j -: 8] = 8'h00;
      end
    end
  end

  always_comb begin
    if (l14_q) begin
      prod_word = 32'h0;
    end else if (l15_q) begin
      // Bit length of ipad block + message: (64 + msg_len) * 8.
      prod_word = {12'h000, msg_len_q + 17'd64, 3'b000};
    end else begin
      prod_word = word_bytes;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      hv_q <= 1'b0;
    end else if (state_q == StIdle && start_q) begin
      hv_q <= 1'b0;
    end else if (prod) begin
      hv_q <= 1'b1;
    end else if (head_take) begin
      hv_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (state_q == StIdle && start_q) begin
      pw_q   <= '0;
      rem_q  <= {2'b00, auth_len_q};
      all_q  <= auth_len_q[15:2] != 14'd0;
      near_q <= auth_len_q[15:2] == 14'd0;
      rs_q   <= auth_len_q[2:0];
      need_q <= auth_len_q != 16'd0;
      l14_q  <= 1'b0;
      l15_q  <= 1'b0;
    end else if (prod) begin
      hw_q   <= prod_word;
      pw_q   <= pw_q + 16'd1;
      rem_q  <= rem_q - 18'd4;
      // The flags of word pw_q + 1, from rem_q - 4.
      all_q  <= !rem_q[17] && rem_q[16:3] != 14'd0;
      near_q <= !rem_q[17] && rem_q[16:3] == 14'd0;
      rs_q   <= {!rem_q[2], rem_q[1:0]};
      need_q <= !rem_q[17] && (rem_q[16:3] != 14'd0 || (rem_q[2] && rem_q[1:0] != 2'd0));
      l14_q  <= pw_q[3:0] == 4'd13 && pw_q[15:4] == last_blk_q;
      l15_q  <= pw_q[3:0] == 4'd14 && pw_q[15:4] == last_blk_q;
    end
  end

  // The outer message: the inner digest (dig_q, shifted up a word per word taken, 0x80000000
  // shifted in behind it and zeros after), then the bit length as word 15. So the outer word is
  // a register or a constant, never a 16-way select on the word number.
  logic [31:0] outer_word;
  logic        ofirst_q;        // no outer word taken yet
  assign outer_word = (core_idx == 4'd15) ? 32'd672 : dig_q[159:128];   // (64 + 20) * 8 bits

  assign core_wvalid = (state_q == StOuter) || hv_q;
  assign core_word   = (state_q == StOuter) ? outer_word : hw_q;

  // ---- control ----
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q   <= StIdle;
      start_q   <= 1'b0;
      release_q <= 1'b0;
      busy_q    <= 1'b0;
      done_q    <= 1'b0;
      wr_q      <= 1'b0;
      wr_cnt_q  <= '0;
    end else begin
      start_q   <= start_i;
      release_q <= release_i;
      wr_q      <= wr_i;
      busy_q    <= start_i || (busy_q && !release_i);
      done_q    <= (state_q == StOuter && core_fin) || (done_q && !release_i);
      case (state_q)
        StIdle: begin
          if (start_q) state_q <= StInner;
        end
        StInner: begin
          if (core_fin && last_inner) state_q <= StOuter;
        end
        StOuter: begin
          if (core_fin) state_q <= StDone;
        end
        StDone: begin
          if (release_q) state_q <= StIdle;
        end
        default: state_q <= StIdle;
      endcase
      if (start_q) begin
        wr_cnt_q <= '0;
      end else if (wr_q && busy_q && wr_cnt_q < (AddrW+1)'(DepthBeats)) begin
        wr_cnt_q <= wr_cnt_q + 1'b1;
      end
    end
  end

  // The caller starts only an idle engine (asserted in srtpo_srtp_engine), so start_i alone
  // enables these registers.
  always_ff @(posedge clk_i) begin
    if (start_i) begin
      ipad_q     <= ipad_i;
      opad_q     <= opad_i;
      auth_len_q <= auth_len_i;
      roc_q      <= roc_i;
      roc_app_q  <= roc_append_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (state_q == StIdle && start_q) begin
      msg_len_q  <= {1'b0, auth_len_q} + (roc_app_q ? 17'd4 : 17'd0);
      // Blocks = ceil((msg_len + 9) / 64); last index = (msg_len + 8) / 64.
      last_blk_q <= 12'(({1'b0, auth_len_q} + (roc_app_q ? 17'd4 : 17'd0) + 17'd8) >> 6);
      blk_q      <= '0;
    end else if (state_q == StInner && core_fin) begin
      if (last_inner) dig_q <= core_h_sum;
      blk_q <= blk_q + 12'd1;
    end else if (state_q == StOuter && core_take) begin
      dig_q <= {dig_q[127:0], ofirst_q ? 32'h80000000 : 32'h0};
    end
  end

  always_ff @(posedge clk_i) begin
    if (state_q == StInner && core_fin) begin
      ofirst_q <= 1'b1;
    end else if (state_q == StOuter && core_take) begin
      ofirst_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    wr_data_q <= wr_data_i;
    if (wr_q && busy_q && wr_cnt_q < (AddrW+1)'(DepthBeats)) begin
      mem[wr_cnt_q[AddrW-1:0]] <= wr_data_q;
    end
  end

  assign busy_o = busy_q;
  assign done_o = done_q;

`ifndef SYNTHESIS
  // Checks (verilator --assert): start only while idle, release only when done, no beat
  // written to an idle engine, and the registered flags agree with the state.
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      if (start_i)   assert (!busy_o);
      if (release_i) assert (done_o);
      if (wr_i)      assert (busy_o);
      assert (busy_q == (((state_q != StIdle) && !(state_q == StDone && release_q)) || start_q));
      assert (done_q == ((state_q == StDone) && !release_q));
    end
  end
`endif
  assign tag_o  = core_h;
endmodule
