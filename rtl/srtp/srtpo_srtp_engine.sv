// SPDX-License-Identifier: BSD-3-Clause
// SRTP/SRTCP packet engine (RFC 3711, RFC 6188): the card side of userspace/lib/engine.h.
//
// Per descriptor: protect or unprotect one packet with a key slot, or LOAD_KEY a slot. Packet
// bytes enter as 16-byte beats (byte k of a beat in [8k+7:8k]) after their descriptor, leave in
// the same order as beats, and each descriptor gets one completion after its data beats.
// See rtl/README.md for the descriptor fields, status codes, the key record and the datapath:
//
//   desc -> D (slot read, checks, IV) -> B (beats -> AES pipe with counter blocks)
//        -> X (keystream align + XOR, packet buffer, HMAC engine feed, tag capture)
//        -> E1 (wait for HMAC, constant-time tag compare) -> E2 (buffer read, tag insert) -> out
module srtpo_srtp_engine #(
  parameter int unsigned NumSlots    = 64,    // key slots (the card: 65,536, srtpo_core)
  parameter int unsigned NumEngines  = 32,    // HMAC-SHA1 engines (packets hashed at once)
  parameter int unsigned MaxPktBytes = 2048,  // longest packet, a multiple of 16
  parameter int unsigned BufBeats    = 4096,  // packet buffer, 16-byte beats
  parameter int unsigned MaxInflight = 64     // packets between descriptor and completion
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  // descriptors
  input  logic         desc_valid_i,
  output logic         desc_ready_o,
  input  logic [1:0]   desc_op_i,         // 1 protect, 2 unprotect, 3 load key (or zero slots)
  input  logic [15:0]  desc_slot_i,
  input  logic [47:0]  desc_index_i,      // 48-bit SRTP index or 31-bit SRTCP index
  input  logic [31:0]  desc_ssrc_i,
  input  logic [31:0]  desc_roc_i,
  input  logic         desc_roc_append_i,
  input  logic [15:0]  desc_enc_off_i,
  input  logic [15:0]  desc_enc_len_i,
  input  logic [15:0]  desc_auth_len_i,
  input  logic [15:0]  desc_tag_off_i,
  input  logic [4:0]   desc_tag_len_i,
  input  logic [15:0]  desc_pkt_len_i,    // bytes of packet data (96 for a key record)
  input  logic [15:0]  desc_id_i,         // returned in the completion
  // packet data in
  input  logic         in_valid_i,
  output logic         in_ready_o,
  input  logic [127:0] in_data_i,
  // packet data out
  output logic         out_valid_o,
  input  logic         out_ready_i,
  output logic [127:0] out_data_o,
  output logic         out_last_o,
  // completions
  output logic         cpl_valid_o,
  input  logic         cpl_ready_i,
  output logic [15:0]  cpl_id_o,
  output logic [3:0]   cpl_status_o,
  output logic [15:0]  cpl_len_o          // data bytes sent for this descriptor
);
  // ---------------------------------------------------------------------------------------------
  // Constants
  localparam logic [1:0] OpProtect   = 2'd1;
  localparam logic [1:0] OpUnprotect = 2'd2;
  localparam logic [1:0] OpLoadKey   = 2'd3;

  localparam logic [3:0] StOk      = 4'd0;
  localparam logic [3:0] StAuth    = 4'd1;  // tag mismatch (unprotect); data out unchanged
  localparam logic [3:0] StBadOp   = 4'd2;
  localparam logic [3:0] StBadSlot = 4'd3;
  localparam logic [3:0] StBadLen  = 4'd4;  // enc range, auth_len or tag past the packet
  localparam logic [3:0] StBadTag  = 4'd5;  // tag length not allowed for the slot
  localparam logic [3:0] StBadKey  = 4'd6;  // key record of the wrong size or content

  localparam logic [1:0] CipherNull = 2'd0;
  localparam logic [1:0] CipherAes256 = 2'd2;

  localparam int unsigned SlotW   = $clog2(NumSlots);
  localparam int unsigned EngW    = (NumEngines > 1) ? $clog2(NumEngines) : 1;
  localparam int unsigned BufW    = $clog2(BufBeats);
  localparam int unsigned PktBeats = MaxPktBytes / 16;
  localparam int unsigned KeyRecBeats = 6;
  // Slot word: aes key 256, salt 112, cipher 2, auth 1, ipad 160, opad 160
  localparam int unsigned SlotWidth = 256 + 112 + 2 + 1 + 160 + 160;

  // ---------------------------------------------------------------------------------------------
  // Key slots: one registered-read RAM (UltraRAM / block RAM on the card, see rtl/README.md),
  // written by LOAD_KEY records and zero walks, read only by packet descriptors at accept. Its
  // read data goes nowhere but the datapath registers: nothing reads a key back.
  logic                 slot_we;
  logic [SlotW-1:0]     slot_waddr;
  logic [SlotWidth-1:0] slot_wdata, slot_rdata;
  logic                 desc_fire, desc_reads, slot_re;

  // A packet (protect/unprotect) reads its slot as it is accepted; key loads and zero walks do
  // not read, and a slot past the RAM is never addressed (it completes BAD_SLOT).
  assign desc_reads = desc_op_i == OpProtect || desc_op_i == OpUnprotect;
  assign slot_re    = desc_fire && desc_reads && ({1'b0, desc_slot_i} < 17'(NumSlots));

  srtpo_ram_1r1w #(
    .Width (SlotWidth),
    .Depth (NumSlots),
    .Kind  ((NumSlots >= 4096) ? 2 : 0)   // UltraRAM for the card's 65,536
  ) u_slots (
    .clk_i   (clk_i),
    .we_i    (slot_we),
    .waddr_i (slot_waddr),
    .wdata_i (slot_wdata),
    .re_i    (slot_re),
    .raddr_i (desc_slot_i[SlotW-1:0]),
    .rdata_o (slot_rdata)
  );

  logic [255:0] sl_key;
  logic [111:0] sl_salt;
  logic [1:0]   sl_cipher;
  logic         sl_auth;
  logic [159:0] sl_ipad, sl_opad;
  assign {sl_key, sl_salt, sl_cipher, sl_auth, sl_ipad, sl_opad} = slot_rdata;

  // ---------------------------------------------------------------------------------------------
  // D1: the accepted descriptor while its slot is read
  logic        d1_valid_q;
  logic [1:0]  d1_op_q;
  logic [15:0] d1_slot_q, d1_enc_off_q, d1_enc_len_q, d1_auth_len_q, d1_tag_off_q;
  logic [15:0] d1_pkt_len_q, d1_id_q;
  logic [47:0] d1_index_q;
  logic [31:0] d1_ssrc_q, d1_roc_q;
  logic        d1_roc_app_q;
  logic [4:0]  d1_tag_len_q;
  logic [12:0] d1_beats_q;    // 16-byte beats of pkt_len, counted at accept for B's room flag
  // The checks that need no slot data, made at accept (D1 then only adds the slot's auth bit).
  logic [15:0] d1_enc_end_q;
  logic        d1_ranges_ok_q, d1_slot_ok_q, d1_zero_ok_q;
  // A packet that passes every check but the tag length (which needs the slot's auth bit), and
  // the tag length allowed with and without HMAC: so "good" (status OK, not a key load) is one
  // LUT behind the slot read, for D2's registered take flag.
  logic        d1_pkt_ok_q, d1_tl_auth_q, d1_tl_null_q, d1_good;

  // D2: a decoded descriptor waiting for B
  logic         d2_valid_q;
  logic [1:0]   d2_op_q;
  logic [3:0]   d2_status_q;
  logic [SlotW-1:0] d2_slot_q;
  logic [15:0]  d2_zspan_q;   // zero walk: slots after the first
  logic [15:0]  d2_enc_off_q, d2_enc_end_q, d2_auth_len_q, d2_tag_off_q, d2_pkt_len_q, d2_id_q;
  logic [12:0]  d2_beats_q;
  logic         d2_good_q;    // status OK and not a key load: a packet that streams
  logic         d2_needhd_q;  // a good packet with HMAC: its take needs a free hash engine
  logic [31:0]  d2_roc_q;
  logic         d2_roc_app_q;
  logic [4:0]   d2_tag_len_q;
  logic [255:0] d2_key_q;
  logic         d2_key256_q, d2_cipher_on_q, d2_hashed_q;
  logic [159:0] d2_ipad_q, d2_opad_q;
  logic [127:0] d2_iv_q;

  logic b_take, d1_move;
  logic [2:0] b_state_q;
  logic [SlotW-1:0] b_slot_q;

  // Slot lock. A key write (LOAD_KEY record, zero walk) lands in B, after the descriptor has
  // passed D1 and D2; a packet reads its slot when it is accepted. So a packet waits while a
  // write to its slot is anywhere between accept and landing: a LOAD_KEY of the same slot in D1,
  // D2 or B (collecting, or writing this clock: a read in the same clock gets the old word), or
  // any zero walk (rare: a queue release). Packets of other slots, and key loads, flow on: the
  // engine stays in order, so a write never overtakes a packet accepted before it.
  localparam logic [2:0] BKey   = 3'd4;
  localparam logic [2:0] BKeyWr = 3'd5;
  localparam logic [2:0] BZero  = 3'd6;
  logic d1_load, d2_load, d1_zero, d2_zero, slot_busy;
  assign d1_load   = d1_valid_q && d1_op_q == OpLoadKey;
  assign d2_load   = d2_valid_q && d2_op_q == OpLoadKey;
  assign d1_zero   = d1_load && d1_pkt_len_q == 16'd0;
  assign d2_zero   = d2_load && d2_pkt_len_q == 16'd0;
  assign slot_busy = d1_zero || d2_zero || b_state_q == BZero ||
                     (d1_load && d1_slot_q == desc_slot_i) ||
                     (d2_load && 16'(d2_slot_q) == desc_slot_i) ||
                     ((b_state_q == BKey || b_state_q == BKeyWr) && 16'(b_slot_q) == desc_slot_i);

  // The lock is applied from a register: lock_q is slot_busy for the descriptor at the input,
  // worked out a clock ahead against where D1, D2 and B will be, so the accept waits on a
  // flip-flop rather than three 16-bit compares. It is known for a descriptor that was at the
  // input a clock before (lock_known_q), so a new descriptor waits one clock before it can be
  // accepted; in a stream it arrives while the one before is still in D1, and no clock is
  // lost. Where B will be is taken conservatively (a key write or zero walk counts a clock past
  // its end, a key load that fails its checks as one that does not), so lock_q may hold a
  // packet a clock longer than slot_busy, never less (asserted).
  logic lock_q, lock_known_q, lock_d;
  logic eq1, eq1_slot, eq2, eqb, d1_load_d, d2_load_d, d2_zero_d, eq2_d, bkey_d, bzero_d, eqb_d;
  assign eq1       = d1_slot_q == desc_slot_i;
  assign eq1_slot  = 16'(d1_slot_q[SlotW-1:0]) == desc_slot_i;   // as it will be in D2
  assign eq2       = 16'(d2_slot_q) == desc_slot_i;
  assign eqb       = 16'(b_slot_q) == desc_slot_i;
  assign d1_load_d = d1_load && !d1_move;
  assign d2_load_d = d1_move ? d1_load : (d2_load && !b_take);
  assign d2_zero_d = d1_move ? d1_zero : (d2_zero && !b_take);
  assign eq2_d     = d1_move ? eq1_slot : eq2;
  assign bkey_d    = b_take ? (d2_load && !d2_zero) : (b_state_q == BKey || b_state_q == BKeyWr);
  assign bzero_d   = b_take ? d2_zero : (b_state_q == BZero);
  assign eqb_d     = b_take ? eq2 : eqb;
  assign lock_d    = (d1_load_d && (d1_zero || eq1)) || (d2_load_d && (d2_zero_d || eq2_d)) ||
                     bzero_d || (bkey_d && eqb_d);
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      lock_known_q <= 1'b0;
    end else begin
      lock_known_q <= desc_valid_i && !desc_fire;
    end
    lock_q <= lock_d;
  end

  // D1 accepts while it or D2 is empty (registers), not on B's take in the same clock, so the
  // take decision never runs on into the descriptor slice in front of the engine. A descriptor
  // arrives a clock after a take that filled both; B takes at most one per two clocks unless
  // packets are a single beat, so D2 is full again by the next take.
  assign d1_move      = d1_valid_q && (!d2_valid_q || b_take);
  assign desc_ready_o = lock_known_q && (!d1_valid_q || !d2_valid_q) && !(desc_reads && lock_q);
  assign desc_fire    = desc_valid_i && desc_ready_o;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      d1_valid_q <= 1'b0;
    end else begin
      if (desc_fire)    d1_valid_q <= 1'b1;
      else if (d1_move) d1_valid_q <= 1'b0;
    end
  end

  // A LOAD_KEY with pkt_len 0 zeroes slots [slot, slot + enc_len] (ZERO_KEYS of a queue's range).
  logic [16:0] acc_enc_end, acc_tag_end;
  logic [17:0] acc_zero_end;
  logic        acc_ranges_ok, acc_slot_ok;
  assign acc_enc_end  = {1'b0, desc_enc_off_i} + {1'b0, desc_enc_len_i};
  assign acc_tag_end  = {1'b0, desc_tag_off_i} + {12'h000, desc_tag_len_i};
  assign acc_zero_end = {2'b00, desc_slot_i} + {2'b00, desc_enc_len_i} + 18'd1;
  assign acc_ranges_ok = (desc_pkt_len_i <= 16'(MaxPktBytes)) &&
                         (acc_enc_end <= {1'b0, desc_pkt_len_i}) &&
                         (desc_auth_len_i <= desc_pkt_len_i) &&
                         (acc_tag_end <= {1'b0, desc_pkt_len_i});
  assign acc_slot_ok   = {1'b0, desc_slot_i} < 17'(NumSlots);

  always_ff @(posedge clk_i) begin
    if (desc_fire) begin
      d1_op_q       <= desc_op_i;
      d1_slot_q     <= desc_slot_i;
      d1_index_q    <= desc_index_i;
      d1_ssrc_q     <= desc_ssrc_i;
      d1_roc_q      <= desc_roc_i;
      d1_roc_app_q  <= desc_roc_append_i;
      d1_enc_off_q  <= desc_enc_off_i;
      d1_enc_len_q  <= desc_enc_len_i;
      d1_auth_len_q <= desc_auth_len_i;
      d1_tag_off_q  <= desc_tag_off_i;
      d1_tag_len_q  <= desc_tag_len_i;
      d1_pkt_len_q  <= desc_pkt_len_i;
      d1_id_q       <= desc_id_i;
      d1_beats_q    <= 13'(({1'b0, desc_pkt_len_i} + 17'd15) >> 4);
      d1_enc_end_q  <= acc_enc_end[15:0];
      d1_ranges_ok_q <= acc_ranges_ok;
      d1_slot_ok_q  <= acc_slot_ok;
      d1_pkt_ok_q   <= desc_reads && acc_slot_ok && acc_ranges_ok;
      d1_tl_auth_q  <= desc_tag_len_i == 5'd10 || desc_tag_len_i == 5'd4;
      d1_tl_null_q  <= desc_tag_len_i == 5'd0;
      d1_zero_ok_q  <= acc_zero_end <= 18'(NumSlots);
    end
  end

  assign d1_good = d1_pkt_ok_q && (sl_auth ? d1_tl_auth_q : d1_tl_null_q);

  // Descriptor checks, in priority order: opcode, slot, tag length, byte ranges.
  logic [3:0]  d1_status;
  logic        d1_tag_ok;
  assign d1_tag_ok    = sl_auth ? (d1_tag_len_q == 5'd10 || d1_tag_len_q == 5'd4)
                                : (d1_tag_len_q == 5'd0);
  always_comb begin
    if (d1_op_q != OpProtect && d1_op_q != OpUnprotect && d1_op_q != OpLoadKey) begin
      d1_status = StBadOp;
    end else if (!d1_slot_ok_q) begin
      d1_status = StBadSlot;
    end else if (d1_op_q == OpLoadKey && d1_pkt_len_q == 16'd0) begin
      d1_status = d1_zero_ok_q ? StOk : StBadSlot;
    end else if (d1_op_q == OpLoadKey) begin
      d1_status = (d1_pkt_len_q == 16'(16 * KeyRecBeats)) ? StOk : StBadKey;
    end else if (!d1_tag_ok) begin
      d1_status = StBadTag;
    end else if (!d1_ranges_ok_q) begin
      d1_status = StBadLen;
    end else begin
      d1_status = StOk;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      d2_valid_q <= 1'b0;
    end else begin
      if (d1_move)     d2_valid_q <= 1'b1;
      else if (b_take) d2_valid_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (d1_move) begin
      d2_op_q        <= d1_op_q;
      d2_status_q    <= d1_status;
      d2_slot_q      <= d1_slot_q[SlotW-1:0];
      d2_zspan_q     <= d1_enc_len_q;
      d2_enc_off_q   <= d1_enc_off_q;
      d2_enc_end_q   <= d1_enc_end_q;
      d2_auth_len_q  <= d1_auth_len_q;
      d2_tag_off_q   <= d1_tag_off_q;
      d2_tag_len_q   <= d1_tag_len_q;
      d2_pkt_len_q   <= d1_pkt_len_q;
      d2_beats_q     <= d1_beats_q;
      d2_good_q      <= d1_good;
      d2_needhd_q    <= d1_good && sl_auth;
      d2_id_q        <= d1_id_q;
      d2_roc_q       <= d1_roc_q;
      d2_roc_app_q   <= d1_roc_app_q;
      d2_key_q       <= sl_key;
      d2_key256_q    <= (sl_cipher == CipherAes256);
      d2_cipher_on_q <= (sl_cipher != CipherNull);
      d2_hashed_q    <= sl_auth;
      d2_ipad_q      <= sl_ipad;
      d2_opad_q      <= sl_opad;
      // IV = salt ^ (SSRC << 64) ^ (index << 16); the low 16 bits count blocks.
      d2_iv_q        <= {sl_salt, 16'h0000} ^ {32'h0, d1_ssrc_q, 64'h0} ^
                        {64'h0, d1_index_q, 16'h0000};
    end
  end

  // ---------------------------------------------------------------------------------------------
  // B: stream beats into the AES pipe, one counter block per beat
  localparam logic [2:0] BIdle  = 3'd0;
  localparam logic [2:0] BPkt   = 3'd1;
  localparam logic [2:0] BToken = 3'd2;
  localparam logic [2:0] BDrain = 3'd3;

  localparam int unsigned CtxW = 16 + 2 + 4 + 16 + 16 + 5 + 1 + EngW;
  // {data, mask, s, token, last}: s = enc_off mod 16 rides with each beat, so X aligns the
  // keystream from a pipe register rather than from the context FIFO's read.
  localparam int unsigned UserW = 128 + 16 + 4 + 2;

  logic [1:0]   b_op_q;
  logic [3:0]   b_status_q;
  logic [15:0]  b_zleft_q;       // zero walk: slots still to clear after b_slot_q
  logic [12:0]  b_left_q;        // beats still to take from in_data
  logic [17:0]  b_lo_q, b_hi_q;  // enc range relative to the current beat (signed)
  logic [15:0]  b_ctr_q;         // counter block number for the current beat
  logic [3:0]   b_s_q;           // enc_off mod 16 of the packet
  logic [255:0] b_key_q;
  logic         b_key256_q;
  logic [127:0] b_iv_q;
  logic [767:0] b_rec_q;         // key record being collected
  logic [2:0]   b_rec_cnt_q;

  logic                  ctx_push, ctx_pop, ctx_full, ctx_empty;
  logic [5:0]            ctx_count;
  logic [CtxW-1:0]       ctx_wdata, ctx_rdata;

  logic                  aes_in_valid, aes_in_ready, aes_out_valid;
  logic [UserW-1:0]      aes_in_user, aes_out_user;
  logic [127:0]          aes_out_block;

  logic [$clog2(MaxInflight):0] inflight_q;
  logic [BufW:0]         buf_free_q;
  logic                  e1_pop;
  logic [BufW:0]         e2_free_inc;
  logic                  e2_issue_q;

  // HMAC engines
  logic [NumEngines-1:0] eng_busy, eng_done, eng_start, eng_wr, eng_release;
  logic [159:0]          eng_tag [NumEngines];
  logic [127:0]          x1_hash_data;

  // Free list of HMAC engines: the ids of idle engines, filled after reset, pushed when E1
  // releases an engine and popped into a head register that B starts from. The head and its
  // valid flag are flip-flops, so a start neither searches the 32 busy flags nor decodes an id
  // in the clock of the take. A release finding the list and the head empty goes straight to
  // the head, so when every engine is busy one is startable the clock after its release. (The
  // head being started in that clock does not count as empty: that would put the take in
  // front of the release's push; the release then passes through the list, a clock later.)
  localparam int unsigned FreeDepth = 1 << EngW;
  logic            fl_push, fl_pop, fl_full, fl_empty, fl_release;
  logic [EngW-1:0] fl_wdata, fl_rdata, fl_rel_eng;
  logic [EngW:0]   fl_count, fl_fill_q;   // fill: ids 0..NumEngines-1 enter one per clock
  logic            fl_filling;
  logic            hd_valid_q, hd_start, hd_need, rel_to_head, fl_push_rel;
  logic [EngW-1:0] hd_eng_q;
  logic [NumEngines-1:0] hd_onehot_q;

  assign fl_filling  = fl_fill_q < (EngW+1)'(NumEngines);
  assign hd_need     = !hd_valid_q || hd_start;
  assign rel_to_head = fl_release && fl_empty && !hd_valid_q;
  // The fill (32 clocks after reset) is over long before the first release (a MAC takes more
  // than 160 clocks; asserted), so the write data is chosen by the fill flag, a register, and
  // not by the release decision.
  assign fl_push_rel = fl_release && !rel_to_head;
  assign fl_push     = fl_push_rel || fl_filling;
  assign fl_wdata    = fl_filling ? fl_fill_q[EngW-1:0] : fl_rel_eng;
  assign fl_pop      = hd_need && !fl_empty;

  srtpo_fifo #(
    .Width (EngW),
    .Depth (FreeDepth)
  ) u_free (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .push_i  (fl_push),
    .wdata_i (fl_wdata),
    .pop_i   (fl_pop),
    .rdata_o (fl_rdata),
    .full_o  (fl_full),
    .empty_o (fl_empty),
    .count_o (fl_count)
  );

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      fl_fill_q  <= '0;
      hd_valid_q <= 1'b0;
    end else begin
      if (fl_filling) fl_fill_q <= fl_fill_q + 1'b1;
      hd_valid_q <= fl_pop || rel_to_head || (hd_valid_q && !hd_start);
    end
  end

  always_ff @(posedge clk_i) begin
    if (rel_to_head) begin
      hd_eng_q    <= fl_rel_eng;
      hd_onehot_q <= NumEngines'(1) << fl_rel_eng;
    end else if (fl_pop) begin
      hd_eng_q    <= fl_rdata;
      hd_onehot_q <= NumEngines'(1) << fl_rdata;
    end
  end

  // B's resource flags, registered: each is computed a clock ahead and counts that clock's
  // take as if it happened (and any release as if it did not), so a flag never allows a take
  // that the exact count would refuse; it may refuse one clock early.
  //   ctx_room_q:    the context FIFO has room for a push (at most one per clock).
  //   inflight_ok_q: fewer than MaxInflight packets between B and E1.
  //   buf_room_q:    the packet buffer holds the beats of the descriptor in D2 (the one in D1
  //                  when D2 is empty or being taken), space returned this clock not counted.
  localparam int unsigned CtxDepth = 32;
  localparam int unsigned InflW = $clog2(MaxInflight) + 1;
  // d2_ok_q: D2 holds a descriptor and these flags allow its take (all but the hash engine),
  // formed from the flags' next values, so B's take reads one flip-flop for them.
  logic          ctx_room_q, inflight_ok_q, buf_room_q, d2_ok_q;
  logic          ctx_room_d, inflight_ok_d, buf_room_d;
  logic          ok_take_d1, ok_hold_d1, ok_hold_d2;
  logic [BufW:0] buf_after_take;   // free beats once D2's packet is taken
  assign buf_after_take = buf_free_q - (d2_good_q ? (BufW+1)'(d2_beats_q) : '0);

  assign ctx_room_d    = ({1'b0, ctx_count} <= 7'(CtxDepth - 2));
  assign inflight_ok_d = (inflight_q <= InflW'(MaxInflight - 2));
  assign buf_room_d    = b_take     ? (buf_after_take >= (BufW+1)'(d1_beats_q)) :
                         d2_valid_q ? (buf_free_q >= (BufW+1)'(d2_beats_q)) :
                                      (buf_free_q >= (BufW+1)'(d1_beats_q));
  // d2_ok_q's next value for each way D2 can go (B takes it and D1 moves in; it stays; D1
  // moves into an empty D2), each from registers, so the take only selects among them.
  assign ok_take_d1    = d1_valid_q && ctx_room_d && inflight_ok_d &&
                         (!d1_good || buf_after_take >= (BufW+1)'(d1_beats_q));
  assign ok_hold_d2    = ctx_room_d && inflight_ok_d &&
                         (!d2_good_q || buf_free_q >= (BufW+1)'(d2_beats_q));
  assign ok_hold_d1    = d1_valid_q && ctx_room_d && inflight_ok_d &&
                         (!d1_good || buf_free_q >= (BufW+1)'(d1_beats_q));

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      ctx_room_q    <= 1'b1;
      inflight_ok_q <= 1'b1;
      buf_room_q    <= 1'b0;
      d2_ok_q       <= 1'b0;
    end else begin
      ctx_room_q    <= ctx_room_d;
      inflight_ok_q <= inflight_ok_d;
      buf_room_q    <= buf_room_d;
      d2_ok_q       <= b_take ? ok_take_d1 : d2_valid_q ? ok_hold_d2 : ok_hold_d1;
    end
  end

  // B takes the next descriptor while the last beat of the current packet enters the pipe, so
  // back-to-back packets stream without a gap. b_last_q is (b_left_q == 1), kept as a flag.
  logic b_free, b_beat_fire, b_last_q, b_left_dec;
  assign b_free   = (b_state_q == BIdle) || (b_beat_fire && b_last_q);
  assign b_take   = d2_ok_q && (!d2_needhd_q || hd_valid_q) && b_free;
  assign hd_start = b_take && d2_needhd_q;

  // Beat fields for the AES pipe: per-lane encryption mask from the relative range.
  // lo <= l < hi for lane l in 0..15, spelled out so that no carry chain is built: lo <= l
  // when lo is negative or below 16 with its low bits <= l; l < hi when hi is at least 16 or
  // non-negative with its low bits above l.
  logic [15:0] b_mask;
  logic        b_lo_neg, b_lo_small, b_hi_neg, b_hi_big;
  assign b_lo_neg   = b_lo_q[17];
  assign b_lo_small = b_lo_q[17:4] == 14'd0;
  assign b_hi_neg   = b_hi_q[17];
  assign b_hi_big   = !b_hi_q[17] && b_hi_q[16:4] != 13'd0;
  always_comb begin
    for (int l = 0; l < 16; l++) begin
      b_mask[l] = (b_lo_neg || (b_lo_small && b_lo_q[3:0] <= 4'(l))) &&
                  (b_hi_big || (!b_hi_neg && 4'(l) < b_hi_q[3:0]));
    end
  end

  always_comb begin
    aes_in_valid = 1'b0;
    aes_in_user  = {in_data_i, b_mask, b_s_q, 1'b0, b_last_q};  // {data, mask, s, token, last}
    in_ready_o   = 1'b0;
    case (b_state_q)
      BPkt: begin
        aes_in_valid = in_valid_i;
        in_ready_o   = aes_in_ready;
      end
      BToken: begin
        aes_in_valid = 1'b1;
        aes_in_user  = {128'h0, 16'h0000, 4'h0, 1'b1, 1'b1};
      end
      BDrain, BKey: begin
        in_ready_o = 1'b1;
      end
      default: ;
    endcase
  end
  assign b_beat_fire = (b_state_q == BPkt) && in_valid_i && aes_in_ready;

  // The context of each packet, in pipe order, for the X stage.
  logic [1:0]  ctx_op;
  logic [3:0]  ctx_status;
  always_comb begin
    ctx_push  = 1'b0;
    ctx_op    = d2_op_q;
    ctx_status = d2_status_q;
    if (b_take && d2_good_q && d2_beats_q != 13'd0) begin
      ctx_push = 1'b1;                                   // data packet: at its start
    end else if (b_state_q == BToken && aes_in_ready) begin
      ctx_push   = 1'b1;                                 // token: when it enters the pipe
      ctx_op     = b_op_q;
      ctx_status = b_status_q;
    end
  end

  logic [15:0] ctx_id_in, ctx_pkt_len_in, ctx_tag_off_in;
  logic [4:0]  ctx_tag_len_in;
  logic        ctx_hashed_in;
  logic [EngW-1:0] ctx_eng_in;
  logic [15:0] b_id_q, b_pkt_len_q, b_tag_off_q;
  logic [4:0]  b_tag_len_q;
  always_comb begin
    if (b_take) begin
      ctx_id_in      = d2_id_q;
      ctx_pkt_len_in = d2_pkt_len_q;
      ctx_tag_off_in = d2_tag_off_q;
      ctx_tag_len_in = d2_tag_len_q;
      ctx_hashed_in  = d2_hashed_q;
    end else begin
      ctx_id_in      = b_id_q;
      ctx_pkt_len_in = b_pkt_len_q;
      ctx_tag_off_in = b_tag_off_q;
      ctx_tag_len_in = b_tag_len_q;
      ctx_hashed_in  = 1'b0;
    end
    ctx_eng_in = hd_eng_q;
  end
  assign ctx_wdata = {ctx_id_in, ctx_op, ctx_status, ctx_pkt_len_in, ctx_tag_off_in,
                      ctx_tag_len_in, ctx_hashed_in, ctx_eng_in};

  // Key record checks: cipher 0..2, auth 0..1, reserved bytes zero. Each field sits at a fixed
  // place in a fixed beat of the 96-byte record (cipher and auth: bytes 46 and 47, in beat 2;
  // reserved: bytes 88..95, in beat 5), so each beat is tested where it stands on the input and
  // the verdict kept in a register: the slot write enable fans out to every key RAM block, so
  // it starts from flip-flops, and the test never waits on the beat counter's record mux.
  logic [7:0] rec_cipher, rec_auth;
  logic       rec_beat_ok, rec_ok_q;
  assign rec_beat_ok = (b_rec_cnt_q != 3'd2 || (in_data_i[8*14 +: 8] <= 8'd2 &&
                                                in_data_i[8*15 +: 8] <= 8'd1)) &&
                       (b_rec_cnt_q != 3'd5 || in_data_i[127:64] == 64'h0);
  always_ff @(posedge clk_i)
    if (b_state_q == BKey && in_valid_i)
      rec_ok_q <= ((b_rec_cnt_q == 3'd0) || rec_ok_q) && rec_beat_ok;
  assign rec_cipher = b_rec_q[8*46 +: 8];
  assign rec_auth   = b_rec_q[8*47 +: 8];

  // Slot writes: a checked key record, or one slot of zeros per clock of a zero walk.
  assign slot_we    = ((b_state_q == BKeyWr) && rec_ok_q) || (b_state_q == BZero);
  assign slot_waddr = b_slot_q;
  // Record bytes to big-endian fields (record byte 0 of a field in its top bits).
  logic [255:0] rec_key;
  logic [111:0] rec_salt;
  logic [159:0] rec_ipad, rec_opad;
  for (genvar i = 0; i < 32; i++) begin : g_rec_key
    assign rec_key[255 - 8*i -: 8] = b_rec_q[8*i +: 8];
  end
  for (genvar i = 0; i < 14; i++) begin : g_rec_salt
    assign rec_salt[111 - 8*i -: 8] = b_rec_q[8*(32 + i) +: 8];
  end
  for (genvar i = 0; i < 20; i++) begin : g_rec_mid
    assign rec_ipad[159 - 8*i -: 8] = b_rec_q[8*(48 + i) +: 8];
    assign rec_opad[159 - 8*i -: 8] = b_rec_q[8*(68 + i) +: 8];
  end
  assign slot_wdata = (b_state_q == BZero) ? '0 :
                      {rec_key, rec_salt, rec_cipher[1:0], rec_auth[0], rec_ipad, rec_opad};

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      b_state_q <= BIdle;
    end else begin
      case (b_state_q)
        BIdle, BPkt: begin
          if (b_take) begin
            if (d2_good_q && d2_beats_q != 13'd0)                b_state_q <= BPkt;
            else if (d2_op_q == OpLoadKey && d2_status_q == StOk)
              b_state_q <= (d2_pkt_len_q == 16'd0) ? BZero : BKey;
            else                                                   b_state_q <= BToken;
          end else if (b_free) begin
            b_state_q <= BIdle;
          end
        end
        BToken: begin
          if (aes_in_ready) b_state_q <= (b_left_q != 13'd0) ? BDrain : BIdle;
        end
        BDrain: begin
          if (in_valid_i && b_last_q) b_state_q <= BIdle;
        end
        BKey: begin
          if (in_valid_i && b_last_q) b_state_q <= BKeyWr;
        end
        BKeyWr: begin
          b_state_q <= BToken;
        end
        BZero: begin
          if (b_zleft_q == 16'd0) b_state_q <= BToken;
        end
        default: b_state_q <= BIdle;
      endcase
    end
  end

  always_ff @(posedge clk_i) begin
    if (b_take) begin
      b_op_q      <= d2_op_q;
      b_status_q  <= d2_status_q;
      b_slot_q    <= d2_slot_q;
      b_zleft_q   <= d2_zspan_q;
      b_id_q      <= d2_id_q;
      b_pkt_len_q <= (d2_good_q) ? d2_pkt_len_q : 16'h0000;
      b_tag_off_q <= d2_tag_off_q;
      b_tag_len_q <= d2_tag_len_q;
      // Error tokens drain the packet's beats after the token; key records are collected.
      b_left_q    <= d2_beats_q;
      b_lo_q      <= {2'b00, d2_enc_off_q};
      b_hi_q      <= d2_cipher_on_q ? {2'b00, d2_enc_end_q} : {2'b00, d2_enc_off_q};
      b_ctr_q     <= 16'h0000 - {4'h0, d2_enc_off_q[15:4]};
      b_s_q       <= d2_enc_off_q[3:0];
      b_key_q     <= d2_key_q;
      b_key256_q  <= d2_key256_q;
      b_iv_q      <= d2_iv_q;
      b_rec_cnt_q <= '0;
    end else begin
      if (b_beat_fire) begin
        b_left_q <= b_left_q - 13'd1;
        b_lo_q   <= b_lo_q - 18'd16;
        b_hi_q   <= b_hi_q - 18'd16;
        b_ctr_q  <= b_ctr_q + 16'd1;
      end
      if ((b_state_q == BDrain || b_state_q == BKey) && in_valid_i) begin
        b_left_q <= b_left_q - 13'd1;
      end
      if (b_state_q == BKey && in_valid_i) begin
        b_rec_q[128*b_rec_cnt_q +: 128] <= in_data_i;
        b_rec_cnt_q <= b_rec_cnt_q + 3'd1;
      end
      if (b_state_q == BKeyWr) begin
        if (!rec_ok_q) b_status_q <= StBadKey;
        b_rec_q <= '0;   // key material does not linger
      end
      if (b_state_q == BZero) begin
        b_slot_q  <= b_slot_q + 1'b1;
        b_zleft_q <= b_zleft_q - 16'd1;
      end
    end
  end

  assign b_left_dec = b_beat_fire ||
                      ((b_state_q == BDrain || b_state_q == BKey) && in_valid_i);
  always_ff @(posedge clk_i) begin
    if (b_take)          b_last_q <= (d2_beats_q == 13'd1);
    else if (b_left_dec) b_last_q <= (b_left_q == 13'd2);
  end

  srtpo_aes_pipe #(
    .UserWidth (UserW)
  ) u_aes (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (aes_in_valid),
    .in_ready_o  (aes_in_ready),
    .in_key_i    (b_key_q),
    .in_key256_i (b_key256_q),
    .in_block_i  ({b_iv_q[127:16], b_ctr_q}),
    .in_user_i   (aes_in_user),
    .out_valid_o (aes_out_valid),
    .out_ready_i (1'b1),
    .out_block_o (aes_out_block),
    .out_user_o  (aes_out_user)
  );

  srtpo_fifo #(
    .Width (CtxW),
    .Depth (32)
  ) u_ctx (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .push_i  (ctx_push),
    .wdata_i (ctx_wdata),
    .pop_i   (ctx_pop),
    .rdata_o (ctx_rdata),
    .full_o  (ctx_full),       // never: ctx_room_q holds takes back (asserted)
    .empty_o (ctx_empty),
    .count_o (ctx_count)
  );

  // ---------------------------------------------------------------------------------------------
  // X: keystream alignment and XOR, then buffer / HMAC / tag capture
  logic [127:0] xa_data;
  logic [15:0]  xa_mask;
  logic [3:0]   xa_s;
  logic         xa_token, xa_last;
  assign {xa_data, xa_mask, xa_s, xa_token, xa_last} = aes_out_user;

  logic [15:0]  cx_id, cx_pkt_len, cx_tag_off;
  logic [1:0]   cx_op;
  logic [3:0]   cx_status;
  logic [4:0]   cx_tag_len;
  logic         cx_hashed;
  logic [EngW-1:0] cx_eng;
  assign {cx_id, cx_op, cx_status, cx_pkt_len, cx_tag_off, cx_tag_len, cx_hashed,
          cx_eng} = ctx_rdata;
  assign ctx_pop = aes_out_valid && xa_last;

  // Keystream byte k of a block is AES output byte k; lane l of this beat takes keystream byte
  // l - s of this block, or of the previous block when l < s (s = enc_off mod 16).
  logic [127:0] ks_prev_q;
  logic [255:0] ks_pair;     // lanes 0..15 previous block, 16..31 current block
  logic [127:0] ks_lane;
  for (genvar k = 0; k < 16; k++) begin : g_ks
    assign ks_pair[8*k +: 8]       = ks_prev_q[127 - 8*k -: 8];
    assign ks_pair[128 + 8*k +: 8] = aes_out_block[127 - 8*k -: 8];
  end
  for (genvar l = 0; l < 16; l++) begin : g_lane
    logic [7:0] by_s [16];      // the lane's keystream byte for each s: pair byte 16 + l - s
    for (genvar k = 0; k < 16; k++) begin : g_s
      assign by_s[k] = ks_pair[8*(16 + l - k) +: 8];
    end
    assign ks_lane[8*l +: 8] = xa_mask[l] ? by_s[xa_s] : 8'h00;
  end

  always_ff @(posedge clk_i) begin
    if (aes_out_valid && !xa_token) ks_prev_q <= aes_out_block;
  end

  logic         x1_valid_q, x1_token_q, x1_last_q;
  logic [127:0] x1_raw_q, x1_trans_q;
  logic [15:0]  x1_id_q, x1_pkt_len_q, x1_tag_off_q;
  logic [1:0]   x1_op_q;
  logic [3:0]   x1_status_q;
  logic [4:0]   x1_tag_len_q;
  logic         x1_hashed_q;
  logic [EngW-1:0] x1_eng_q;
  logic         x1_tag0_q;      // this beat holds tag_off (beat number == tag_off / 16)
  logic         x1_tag1_q;      // this beat follows it (the tag's bytes that cross into it)
  logic [11:0]  xa_beat_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      x1_valid_q <= 1'b0;
      xa_beat_q  <= '0;
    end else begin
      x1_valid_q <= aes_out_valid;
      if (aes_out_valid) xa_beat_q <= xa_last ? 12'h000 : xa_beat_q + 12'd1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (aes_out_valid) begin
      x1_token_q   <= xa_token;
      x1_last_q    <= xa_last;
      x1_raw_q     <= xa_data;
      x1_trans_q   <= xa_data ^ ks_lane;
      x1_id_q      <= cx_id;
      x1_op_q      <= cx_op;
      x1_status_q  <= cx_status;
      x1_pkt_len_q <= cx_pkt_len;
      x1_tag_off_q <= cx_tag_off;
      x1_tag_len_q <= cx_tag_len;
      x1_hashed_q  <= cx_hashed;
      x1_eng_q     <= cx_eng;
      x1_tag0_q    <= (xa_beat_q == cx_tag_off[15:4]);
      // Beats of a packet leave the pipe back to back, so the previous output was beat - 1.
      x1_tag1_q    <= (xa_beat_q != 12'h000) && x1_tag0_q;
    end
  end

  logic x1_data;
  assign x1_data = x1_valid_q && !x1_token_q;

  // Packet buffer: {raw, transformed} per beat, in arrival order.
  logic [BufW-1:0] buf_wptr_q, buf_rptr_q;
  logic            buf_re;
  logic [255:0]    buf_rdata;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) buf_wptr_q <= '0;
    else if (x1_data) buf_wptr_q <= buf_wptr_q + 1'b1;
  end

  srtpo_ram_1r1w #(
    .Width (256),
    .Depth (BufBeats)
  ) u_buf (
    .clk_i   (clk_i),
    .we_i    (x1_data),
    .waddr_i (buf_wptr_q),
    .wdata_i ({x1_raw_q, x1_trans_q}),
    .re_i    (buf_re),
    .raddr_i (buf_rptr_q),
    .rdata_o (buf_rdata)
  );

  // The MAC covers ciphertext: the encrypted beat on protect, the received beat on unprotect.
  assign x1_hash_data = (x1_op_q == OpProtect) ? x1_trans_q : x1_raw_q;
  always_comb begin
    eng_wr = '0;
    if (x1_data && x1_hashed_q) eng_wr[x1_eng_q] = 1'b1;
  end

  // Received tag bytes (up to 10), taken from the raw beats as they pass. Byte i is at
  // tag_off + i: lane (tag_off + i) mod 16 of the tag_off beat, or of the next one when the lane
  // wraps.
  logic [79:0] rx_tag_q, rx_tag;
  for (genvar i = 0; i < 10; i++) begin : g_rx_tag
    logic [4:0] p;
    logic       here;
    assign p    = {1'b0, x1_tag_off_q[3:0]} + 5'(i);
    assign here = p[4] ? x1_tag1_q : x1_tag0_q;
    assign rx_tag[79 - 8*i -: 8] = (x1_data && here) ? x1_raw_q[8*p[3:0] +: 8]
                                                     : rx_tag_q[79 - 8*i -: 8];
  end
  always_ff @(posedge clk_i) begin
    rx_tag_q <= rx_tag;
  end

  localparam int unsigned MetaW = 16 + 2 + 4 + 16 + 16 + 5 + 1 + EngW + 80;
  logic             meta_push, meta_full, meta_empty;
  logic [$clog2(MaxInflight):0] meta_count;
  logic [MetaW-1:0] meta_rdata;
  assign meta_push = x1_valid_q && x1_last_q;

  srtpo_fifo #(
    .Width (MetaW),
    .Depth (MaxInflight)
  ) u_meta (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .push_i  (meta_push),
    .wdata_i ({x1_id_q, x1_op_q, x1_status_q, x1_pkt_len_q, x1_tag_off_q, x1_tag_len_q,
               x1_hashed_q, x1_eng_q, rx_tag}),
    .pop_i   (meta_pop),
    .rdata_o (meta_rdata),
    .full_o  (meta_full),
    .empty_o (meta_empty),
    .count_o (meta_count)
  );

  // ---------------------------------------------------------------------------------------------
  // HMAC engines
  for (genvar i = 0; i < NumEngines; i++) begin : g_eng
    assign eng_start[i] = hd_start && hd_onehot_q[i];
    srtpo_hmac_engine #(
      .DepthBeats (PktBeats)
    ) u_hmac (
      .clk_i        (clk_i),
      .rst_ni       (rst_ni),
      .start_i      (eng_start[i]),
      .ipad_i       (d2_ipad_q),
      .opad_i       (d2_opad_q),
      .auth_len_i   (d2_auth_len_q),
      .roc_i        (d2_roc_q),
      .roc_append_i (d2_roc_app_q),
      .wr_i         (eng_wr[i]),
      .wr_data_i    (x1_hash_data),
      .busy_o       (eng_busy[i]),
      .done_o       (eng_done[i]),
      .tag_o        (eng_tag[i]),
      .release_i    (eng_release[i])
    );
  end

  // ---------------------------------------------------------------------------------------------
  // E1a: wait for the MAC of the meta FIFO's head, pop it, release its engine and register the
  // fields and the computed tag. E1b: compare the tags and push the egress job. E1a moves when
  // E1b is empty or moving, so one packet per clock passes as long as E2 keeps up.
  logic [15:0]  m_id, m_pkt_len, m_tag_off;
  logic [1:0]   m_op;
  logic [3:0]   m_status;
  logic [4:0]   m_tag_len;
  logic         m_hashed;
  logic [EngW-1:0] m_eng;
  logic [79:0]  m_rx_tag;
  assign {m_id, m_op, m_status, m_pkt_len, m_tag_off, m_tag_len, m_hashed, m_eng,
          m_rx_tag} = h_meta_q;

  // The meta FIFO's first two entries are held in registers (h_: the head, h1_: the next, each
  // with its engine as a one-hot), so E1a's decision (the head's engine done, E1b free) reads
  // flip-flops: a 32-way AND-OR of the done flags, not a LUT-RAM read and a 32:1 select, sits in
  // front of the release. The FIFO refills the pair whenever the second entry is free, a
  // decision of registers alone, so the pop never waits on E1a's; the head still moves one
  // packet per clock. A hashed packet's entry waits for its MAC far longer than the refill
  // takes; an unhashed one leaves a clock later than before.
  logic             meta_pop, h_valid_q, h1_valid_q, h_free;
  logic [MetaW-1:0] h_meta_q, h1_meta_q;
  logic [NumEngines-1:0] h_onehot_q, h1_onehot_q, meta_onehot;
  assign meta_pop    = !meta_empty && !h1_valid_q;
  assign meta_onehot = NumEngines'(1) << meta_rdata[80 +: EngW];
  assign h_free      = !h_valid_q || e1_pop;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      h_valid_q  <= 1'b0;
      h1_valid_q <= 1'b0;
    end else begin
      h_valid_q  <= !h_free || h1_valid_q || meta_pop;
      h1_valid_q <= !h_free && (h1_valid_q || meta_pop);
    end
  end
  always_ff @(posedge clk_i) begin
    if (h_free) begin
      h_meta_q   <= h1_valid_q ? h1_meta_q : meta_rdata;
      h_onehot_q <= h1_valid_q ? h1_onehot_q : meta_onehot;
    end
    if (!h_free && meta_pop) begin
      h1_meta_q   <= meta_rdata;
      h1_onehot_q <= meta_onehot;
    end
  end

  localparam int unsigned JobW = 16 + 4 + 16 + 13 + 1 + 1 + 10 + 1 + 80 + 16 + 5;
  localparam int unsigned JobDepth = 4;
  logic            job_push, job_pop, job_full, job_empty;
  logic [$clog2(JobDepth):0] job_count;
  logic [JobW-1:0] job_wdata, job_rdata;

  logic        e1b_valid_q, e1b_move;
  logic [15:0] e1b_id_q, e1b_pkt_len_q, e1b_tag_off_q;
  logic [1:0]  e1b_op_q;
  logic [3:0]  e1b_status_q;
  logic [4:0]  e1b_tag_len_q;
  logic        e1b_hashed_q;
  logic [79:0] e1b_rx_tag_q, e1b_tag_q;

  // Whether the head's engine is done is a flip-flop: each candidate for next clock's head (the
  // head itself, the second entry, the meta FIFO's head) has its engine's done flag picked out
  // this clock, and the head's move selects one. A done flag stays up until its packet leaves
  // the head, and no other entry shares that engine, so the flag is a clock late at worst
  // (asserted never early); the 32-way AND-OR no longer sits in front of the release, the free
  // list's push and E1b's enables.
  logic h_done_q, done_head, done_h1, done_meta;
  assign done_head = (eng_done & h_onehot_q)  != '0;
  assign done_h1   = (eng_done & h1_onehot_q) != '0;
  assign done_meta = (eng_done & meta_onehot) != '0;
  always_ff @(posedge clk_i) begin
    if (!rst_ni)     h_done_q <= 1'b0;
    else if (h_free) h_done_q <= h1_valid_q ? done_h1 : done_meta;
    else             h_done_q <= done_head;
  end

  assign e1b_move = e1b_valid_q && !job_full;
  assign e1_pop   = h_valid_q && (!m_hashed || h_done_q) && (!e1b_valid_q || !job_full);

  assign eng_release = (e1_pop && m_hashed) ? h_onehot_q : '0;
  assign fl_release = e1_pop && m_hashed;
  assign fl_rel_eng = m_eng;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      e1b_valid_q <= 1'b0;
    end else begin
      e1b_valid_q <= e1_pop || (e1b_valid_q && !e1b_move);
    end
  end

  always_ff @(posedge clk_i) begin
    if (e1_pop) begin
      e1b_id_q      <= m_id;
      e1b_op_q      <= m_op;
      e1b_status_q  <= m_status;
      e1b_pkt_len_q <= m_pkt_len;
      e1b_tag_off_q <= m_tag_off;
      e1b_tag_len_q <= m_tag_len;
      e1b_hashed_q  <= m_hashed;
      e1b_rx_tag_q  <= m_rx_tag;
      e1b_tag_q     <= eng_tag[m_eng][159:80];
    end
  end

  // Constant time: every byte of the tag is compared whatever it holds. E1b forms each byte's
  // mismatch flag (the bytes past the tag length masked) and queues the ten with the job; E2
  // ORs them as it loads the job and sets the status and the bytes to send from the result, so
  // neither the 80-bit compare nor its reduction sits in front of the job FIFO's write.
  logic        e1b_data, e1b_check;
  logic [9:0]  e1b_mism;
  for (genvar i = 0; i < 10; i++) begin : g_mism
    logic in_tag;
    assign in_tag      = (e1b_tag_len_q == 5'd10) || (e1b_tag_len_q == 5'd4 && i < 4);
    assign e1b_mism[i] = in_tag && ((e1b_tag_q[79 - 8*i -: 8] ^ e1b_rx_tag_q[79 - 8*i -: 8]) != 8'h00);
  end
  assign e1b_check = e1b_hashed_q && e1b_op_q == OpUnprotect;
  assign e1b_data  = (e1b_status_q == StOk) && (e1b_op_q != OpLoadKey) &&
                     (e1b_pkt_len_q != 16'h0000);

  assign job_push  = e1b_move;
  assign job_wdata = {e1b_id_q,
                      e1b_status_q,                               // before the tag check
                      e1b_data ? e1b_pkt_len_q : 16'h0000,
                      e1b_data ? 13'(({1'b0, e1b_pkt_len_q} + 17'd15) >> 4) : 13'd0,
                      e1b_op_q == OpProtect,
                      e1b_check, e1b_mism,                        // the tag check, per byte
                      (e1b_op_q == OpProtect) && e1b_hashed_q,    // insert the tag
                      e1b_tag_q, e1b_tag_off_q, e1b_tag_len_q};

  srtpo_fifo #(
    .Width (JobW),
    .Depth (JobDepth)
  ) u_job (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .push_i  (job_push),
    .wdata_i (job_wdata),
    .pop_i   (job_pop),
    .rdata_o (job_rdata),
    .full_o  (job_full),
    .empty_o (job_empty),
    .count_o (job_count)
  );

  // The counts' sums are formed from registers and the take and the E1 pop only select among
  // them, so neither decision sits in front of a carry chain. Each pair is written without a
  // shared operand: Yosys (opt_share) would otherwise merge the two adders behind the select.
  logic [InflW-1:0] inflight_up, inflight_down, inflight_inv;
  logic [BufW:0]    buf_kept, buf_taken;
  assign inflight_inv  = ~inflight_q;
  assign inflight_up   = inflight_q + InflW'(1);
  assign inflight_down = ~(inflight_inv + InflW'(1));            // inflight_q - 1
  assign buf_kept      = buf_free_q + e2_free_inc;
  assign buf_taken     = buf_after_take - {(BufW+1){e2_issue_q}};  // + e2_free_inc
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      inflight_q <= '0;
      buf_free_q <= (BufW+1)'(BufBeats);
    end else begin
      if (b_take && !e1_pop)      inflight_q <= inflight_up;
      else if (!b_take && e1_pop) inflight_q <= inflight_down;
      buf_free_q <= b_take ? buf_taken : buf_kept;
    end
  end

  // ---------------------------------------------------------------------------------------------
  // E2: read the packet's beats back, insert the tag, queue the completion. The job being sent
  // is held in registers (jc_*), loaded from the job FIFO's head as the previous one ends, with
  // its beats still to read as a down counter and a flag for the last one, so no LUT-RAM read
  // or beat compare sits in front of the read and completion decisions.
  logic [15:0] j_id, j_len, j_tag_off;
  logic [3:0]  j_status;
  logic [12:0] j_beats;
  logic        j_protect, j_check, j_overlay, j_fail;
  logic [9:0]  j_mism;
  logic [79:0] j_tag;
  logic [4:0]  j_tag_len;
  assign {j_id, j_status, j_len, j_beats, j_protect, j_check, j_mism, j_overlay, j_tag, j_tag_off,
          j_tag_len} = job_rdata;
  // An unprotect whose tag differs in any byte: status AUTH, the received bytes are sent.
  assign j_fail = j_check && (j_mism != 10'd0);

  logic        jc_valid_q, jc_load;
  logic [15:0] jc_id_q, jc_len_q, jc_tag_off_q;
  logic [3:0]  jc_status_q;
  logic        jc_trans_q, jc_overlay_q, jc_nobeats_q, jc_last_q;
  logic [12:0] jc_left_q;       // beats of the job still to read
  logic [79:0] jc_tag_q;
  logic [4:0]  jc_tag_len_q;

  localparam int unsigned OutDepth = 4;
  logic        out_push, out_pop, out_full, out_empty;
  logic [128:0] out_wdata, out_rdata;
  logic [2:0]  out_count;
  logic        cpl_push, cpl_pop, cpl_full, cpl_empty;
  logic [36:0] cpl_wdata, cpl_rdata;
  logic [2:0]  cpl_count;

  logic [12:0] e2_beat_q;       // next beat of the head job to read
  logic        r1_valid_q, r2_valid_q;
  logic [1:0]  rd_inflight;
  logic        e2_credit, e2_issue, e2_job_end;

  assign rd_inflight = {1'b0, r1_valid_q} + {1'b0, r2_valid_q};
  assign e2_credit   = ({1'b0, out_count} + {2'b00, rd_inflight}) < 4'(OutDepth);
  // A job ends when its last beat is read (or at once with no beats) and its completion fits.
  assign e2_issue    = jc_valid_q && !jc_nobeats_q && e2_credit && (!jc_last_q || !cpl_full);
  assign e2_job_end  = jc_valid_q && !cpl_full && (jc_nobeats_q || (e2_issue && jc_last_q));
  assign jc_load     = (!jc_valid_q || e2_job_end) && !job_empty;
  assign job_pop     = jc_load;
  assign buf_re      = e2_issue;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      jc_valid_q <= 1'b0;
    end else begin
      jc_valid_q <= jc_load || (jc_valid_q && !e2_job_end);
    end
  end

  always_ff @(posedge clk_i) begin
    if (jc_load) begin
      jc_id_q      <= j_id;
      jc_status_q  <= (j_status == StOk && j_fail) ? StAuth : j_status;
      jc_len_q     <= j_len;
      jc_left_q    <= j_beats;
      jc_nobeats_q <= (j_beats == 13'd0);
      jc_last_q    <= (j_beats == 13'd1);
      jc_trans_q   <= j_protect || !j_fail;   // send the transformed bytes
      jc_overlay_q <= j_overlay;
      jc_tag_q     <= j_tag;
      jc_tag_off_q <= j_tag_off;
      jc_tag_len_q <= j_tag_len;
    end else if (e2_issue) begin
      jc_left_q    <= jc_left_q - 13'd1;
      jc_last_q    <= (jc_left_q == 13'd2);
    end
  end
  // Space returns one clock after the read (a register here keeps the issue logic and the
  // free-space adder in separate clocks; reserving is then merely one clock conservative).
  always_ff @(posedge clk_i) begin
    if (!rst_ni) e2_issue_q <= 1'b0;
    else         e2_issue_q <= e2_issue;
  end
  assign e2_free_inc = e2_issue_q ? (BufW+1)'(1) : '0;

  assign cpl_push  = e2_job_end;
  assign cpl_wdata = {jc_id_q, jc_status_q, jc_len_q, !jc_nobeats_q};

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      e2_beat_q  <= '0;
      buf_rptr_q <= '0;
    end else begin
      if (e2_job_end)    e2_beat_q <= '0;
      else if (e2_issue) e2_beat_q <= e2_beat_q + 13'd1;
      if (e2_issue) buf_rptr_q <= buf_rptr_q + 1'b1;
    end
  end

  // r1: RAM read in flight; r2: RAM data valid with its job fields.
  logic        r1_last_q, r1_trans_q, r1_overlay_q, r2_last_q, r2_trans_q, r2_overlay_q;
  logic [79:0] r1_tag_q, r2_tag_q;
  logic [15:0] r1_rel_q, r2_rel_q;   // 16 * beat - tag_off
  logic [4:0]  r1_tag_len_q, r2_tag_len_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      r1_valid_q <= 1'b0;
      r2_valid_q <= 1'b0;
    end else begin
      r1_valid_q <= e2_issue;
      r2_valid_q <= r1_valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    r1_last_q    <= jc_last_q;
    r1_trans_q   <= jc_trans_q;
    r1_overlay_q <= jc_overlay_q;
    r1_tag_q     <= jc_tag_q;
    r1_rel_q     <= {e2_beat_q[11:0], 4'h0} - jc_tag_off_q;
    r1_tag_len_q <= jc_tag_len_q;
    r2_last_q    <= r1_last_q;
    r2_trans_q   <= r1_trans_q;
    r2_overlay_q <= r1_overlay_q;
    r2_tag_q     <= r1_tag_q;
    r2_rel_q     <= r1_rel_q;
    r2_tag_len_q <= r1_tag_len_q;
  end

  logic [255:0] r2_ram_q;
  always_ff @(posedge clk_i) begin
    r2_ram_q <= buf_rdata;
  end

  logic [127:0] r2_beat;
  for (genvar l = 0; l < 16; l++) begin : g_out_lane
    logic [15:0] t;
    assign t = r2_rel_q + 16'(l);
    always_comb begin
      if (r2_overlay_q && t < {11'h000, r2_tag_len_q}) begin
        r2_beat[8*l +: 8] = r2_tag_q[79 - 8*t[3:0] -: 8];
      end else if (r2_trans_q) begin
        r2_beat[8*l +: 8] = r2_ram_q[8*l +: 8];
      end else begin
        r2_beat[8*l +: 8] = r2_ram_q[128 + 8*l +: 8];
      end
    end
  end

  assign out_push  = r2_valid_q;
  assign out_wdata = {r2_last_q, r2_beat};

  srtpo_fifo #(
    .Width (129),
    .Depth (OutDepth)
  ) u_out (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .push_i  (out_push),
    .wdata_i (out_wdata),
    .pop_i   (out_pop),
    .rdata_o (out_rdata),
    .full_o  (out_full),
    .empty_o (out_empty),
    .count_o (out_count)
  );

  assign out_valid_o = !out_empty;
  assign out_data_o  = out_rdata[127:0];
  assign out_last_o  = out_rdata[128];
  assign out_pop     = out_valid_o && out_ready_i;

  srtpo_fifo #(
    .Width (37),
    .Depth (4)
  ) u_cpl (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .push_i  (cpl_push),
    .wdata_i (cpl_wdata),
    .pop_i   (cpl_pop),
    .rdata_o (cpl_rdata),
    .full_o  (cpl_full),
    .empty_o (cpl_empty),
    .count_o (cpl_count)
  );

  // A completion waits until the last data beat of its packet has been taken.
  logic [3:0] lasts_out_q;
  logic       cpl_has_data;
  assign cpl_has_data = cpl_rdata[0];
  assign cpl_valid_o  = !cpl_empty && (!cpl_has_data || lasts_out_q != 4'd0);
  assign cpl_pop      = cpl_valid_o && cpl_ready_i;
  assign {cpl_id_o, cpl_status_o, cpl_len_o} = cpl_rdata[36:1];

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      lasts_out_q <= '0;
    end else begin
      lasts_out_q <= lasts_out_q + ((out_pop && out_last_o) ? 4'd1 : 4'd0)
                     - ((cpl_pop && cpl_has_data) ? 4'd1 : 4'd0);
    end
  end

`ifndef SYNTHESIS
  // Checks (verilator --assert in every simulation): the HMAC engine selects are one-hot or idle,
  // a packet starts only on an engine that is free and a result is released only by the engine
  // that holds it. (Completion order is checked where ids are a running count: srtpo_engine_port.)
  function automatic logic onehot0(input logic [NumEngines-1:0] v);
    onehot0 = (v & (v - NumEngines'(1))) == '0;
  endfunction
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      assert (onehot0(eng_start) && onehot0(eng_wr) && onehot0(eng_release));
      assert ((eng_start & eng_busy) == '0);
      assert ((eng_release & ~eng_done) == '0);
      if (h_valid_q && m_hashed && h_done_q) assert ((eng_done & h_onehot_q) != '0);
      assert ((eng_wr & ~eng_busy) == '0);
      // The registered flags never allow a take the exact counts would refuse.
      if (b_take) assert (inflight_q < ($clog2(MaxInflight)+1)'(MaxInflight) && !ctx_full);
      if (b_take && d2_good_q) assert (buf_free_q >= (BufW+1)'(d2_beats_q));
      if (d2_valid_q) assert (d2_good_q == ((d2_status_q == StOk) && (d2_op_q != OpLoadKey)));
      if (d2_valid_q) assert (d2_needhd_q == (d2_good_q && d2_hashed_q));
      if (d1_valid_q) assert (d1_good == ((d1_status == StOk) && (d1_op_q != OpLoadKey)));
      // The take flag is exactly the conjunction of the flags it was formed from.
      assert (d2_ok_q == (d2_valid_q && ctx_room_q && inflight_ok_q && (!d2_good_q || buf_room_q)));
      for (int l = 0; l < 16; l++) begin
        assert (b_mask[l] == (($signed(b_lo_q) <= $signed(18'(l))) &&
                              ($signed(18'(l)) < $signed(b_hi_q))));
      end
      // The key record's verdict, kept beat by beat, is the whole record's.
      if (b_state_q == BKeyWr)
        assert (rec_ok_q == (rec_cipher <= 8'd2 && rec_auth <= 8'd1 && b_rec_q[767:704] == 64'h0
                             && b_rec_cnt_q == 3'd6));
      // The registered slot lock holds at least what the combinational one would.
      if (lock_known_q && slot_busy) assert (lock_q);
      // The meta head pair: the second entry only behind a first.
      assert (!h1_valid_q || h_valid_q);
      if (b_state_q == BPkt || b_state_q == BDrain || b_state_q == BKey) begin
        assert (b_last_q == (b_left_q == 13'd1));
      end
      if (jc_valid_q && !jc_nobeats_q) begin
        assert (jc_left_q != 13'd0 && jc_last_q == (jc_left_q == 13'd1));
      end
    end
  end

  // Free list: never popped empty or pushed full; an id is in it (FIFO or head) at most once;
  // an engine in it is idle; once filled, every engine is either in it or busy (none lost); a
  // start takes the head, which is valid and in the list.
  logic [NumEngines-1:0] a_listed_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      a_listed_q <= '0;
    end else begin
      assert (!(fl_push && fl_full) && !(fl_pop && fl_empty));
      assert (!(fl_filling && fl_release));
      if (fl_push) assert (!a_listed_q[fl_wdata]);
      if (rel_to_head) assert (!a_listed_q[fl_rel_eng] && !(fl_push && fl_wdata == fl_rel_eng));
      assert ((a_listed_q & eng_busy) == '0);
      if (!fl_filling) assert ((a_listed_q | eng_busy) == '1);
      if (hd_valid_q) assert (a_listed_q[hd_eng_q] && hd_onehot_q == NumEngines'(1) << hd_eng_q);
      if (hd_start) assert (hd_valid_q);
      a_listed_q <= (a_listed_q | (fl_push ? NumEngines'(1) << fl_wdata : '0) |
                     (rel_to_head ? NumEngines'(1) << fl_rel_eng : '0)) &
                    ~(hd_start ? NumEngines'(1) << hd_eng_q : '0);
    end
  end

  // Slot order, checked against a model of its own: the key writes accepted and not yet landed,
  // in order (a LOAD_KEY: its slot; a zero walk: its range), pushed at accept and retired when B
  // writes them (or drops a load that failed its checks). A packet never reads a slot with a
  // write pending for it; a zero walk writes only inside its descriptor's range; no write
  // addresses a slot past NumSlots.
  localparam int unsigned APend = 4;   // loads in D1, D2 and B at most
  logic [15:0] a_lo_q [APend];
  logic [16:0] a_hi_q [APend];
  logic [1:0]  a_rp_q, a_wp_q;
  logic [2:0]  a_n_q;
  logic        a_push, a_pop;
  assign a_push = desc_fire && desc_op_i == OpLoadKey;
  assign a_pop  = (b_state_q == BKeyWr) || (b_state_q == BZero && b_zleft_q == 16'd0) ||
                  (b_take && d2_op_q == OpLoadKey && d2_status_q != StOk);
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      a_rp_q <= '0;
      a_wp_q <= '0;
      a_n_q  <= '0;
    end else begin
      if (desc_fire && desc_reads) begin
        for (int i = 0; i < APend; i++) begin
          if (3'(i) < a_n_q) begin
            assert (!({1'b0, desc_slot_i} >= {1'b0, a_lo_q[2'(a_rp_q + 2'(i))]} &&
                      {1'b0, desc_slot_i} <= a_hi_q[2'(a_rp_q + 2'(i))]));
          end
        end
      end
      if (a_push) assert (a_n_q < 3'(APend) || a_pop);
      if (a_pop)  assert (a_n_q != 3'd0);
      if (slot_we) assert (32'(slot_waddr) < NumSlots);
      if (b_state_q == BZero) begin
        assert ({1'b0, 16'(b_slot_q)} >= {1'b0, a_lo_q[a_rp_q]} &&
                {1'b0, 16'(b_slot_q)} <= a_hi_q[a_rp_q]);
      end
      if (a_push) begin
        a_lo_q[a_wp_q] <= desc_slot_i;
        a_hi_q[a_wp_q] <= (desc_pkt_len_i == 16'd0) ? {1'b0, desc_slot_i} + {1'b0, desc_enc_len_i}
                                                    : {1'b0, desc_slot_i};
        a_wp_q <= a_wp_q + 2'd1;
      end
      if (a_pop) a_rp_q <= a_rp_q + 2'd1;
      a_n_q <= a_n_q + 3'(a_push) - 3'(a_pop);
    end
  end
`endif

  // meta_full cannot happen: inflight_q bounds the packets between B and E1. The block counter
  // replaces the IV's low 16 bits, which are zero by construction.
  logic unused;
  assign unused = ^{meta_full, out_full, ctx_empty, ctx_full, fl_count, eng_busy, ks_pair[7:0],
                    d2_enc_off_q[15:4], ctx_count, meta_count,
                    job_count, cpl_count, b_iv_q[15:0], rec_cipher[7:2], rec_auth[7:1]};
endmodule
