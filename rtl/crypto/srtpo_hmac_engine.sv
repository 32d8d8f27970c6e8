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

  logic [127:0] mem [DepthBeats];

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
  logic [15:0] gw;          // word index within the inner message
  logic [17:0] base;        // its first byte
  logic [127:0] beat;
  assign gw   = {blk_q, core_idx};
  assign base = {gw, 2'b00};
  assign beat = mem[gw[AddrW+1:2]];

  logic [31:0] inner_word, inner_bytes;
  for (genvar j = 0; j < 4; j++) begin : g_byte
    logic [17:0] p, r;
    assign p = base + 18'(j);
    assign r = p - {2'b00, auth_len_q};
    always_comb begin
      if (p < {2'b00, auth_len_q}) begin
        inner_bytes[31 - 8*j -: 8] = beat[8*{gw[1:0], 2'(j)} +: 8];
      end else if (roc_app_q && r < 18'd4) begin
        inner_bytes[31 - 8*j -: 8] = roc_q[31 - 8*r[1:0] -: 8];
      end else if (p == {1'b0, msg_len_q}) begin
        inner_bytes[31 - 8*j -: 8] = 8'h80;
      end else begin
        inner_bytes[31 - 8*j -: 8] = 8'h00;
      end
    end
  end

  always_comb begin
    if (last_inner && core_idx == 4'd14) begin
      inner_word = 32'h0;
    end else if (last_inner && core_idx == 4'd15) begin
      // Bit length of ipad block + message: (64 + msg_len) * 8.
      inner_word = {12'h000, msg_len_q + 17'd64, 3'b000};
    end else begin
      inner_word = inner_bytes;
    end
  end

  logic [31:0] outer_word;
  always_comb begin
    case (core_idx)
      4'd0:    outer_word = dig_q[159:128];
      4'd1:    outer_word = dig_q[127:96];
      4'd2:    outer_word = dig_q[95:64];
      4'd3:    outer_word = dig_q[63:32];
      4'd4:    outer_word = dig_q[31:0];
      4'd5:    outer_word = 32'h80000000;
      4'd15:   outer_word = 32'd672;          // (64 + 20) * 8 bits
      default: outer_word = 32'h0;
    endcase
  end

  // A word with packet bytes waits until their beat has arrived.
  logic data_word;
  assign data_word   = (state_q == StInner) && (base < {2'b00, auth_len_q});
  assign core_wvalid = !data_word || (16'(wr_cnt_q) > {2'b00, gw[15:2]});
  assign core_word   = (state_q == StOuter) ? outer_word : inner_word;

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
