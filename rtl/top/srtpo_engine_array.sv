// SPDX-License-Identifier: BSD-3-Clause
// Several SRTP engines behind the DMA's one stream, in the DMA's order.
//
// The DMA hands over descriptors and packet data in bus words, one stream in dispatch order, and
// expects completions (and output words) back in that order. This block spreads the stream over
// Engines copies of srtpo_engine_port and merges their results back in order:
//
//   desc ---> steer by key slot (slice) -> per engine: desc FIFO --------------> srtpo_engine_port
//   words --> route FIFO (which engine, how many words) --> word FIFO -> gearbox (16-byte beats)
//   order FIFOs (which engine had each descriptor) -> merge: output words, then completions
//
// Steering. Key slot s lives in engine s mod Engines, at local slot s / Engines: each engine
// keeps only its share of the key slots, so the key memory does not grow with the engine count
// (65,536 slots are 65,536 slots in all, not per engine). Every packet and LOAD_KEY of slot s goes
// to that engine; a ZERO_KEYS walk goes to every engine that holds a slot of its range, each
// given its own local range. Streams spread over engines as their slots do (the library hands
// out slots in turn); one stream is never faster than one engine.
//
// Order. The merge takes completions and output words of descriptor i from the engine that had
// it before any of descriptor i+1, so the DMA sees one engine that is Engines times as fast.
// Output words and completions are merged separately (each engine sends a packet's words before
// its completion), so a completion can reach the DMA while its words still stream.
//
// No deadlock: the oldest descriptor not yet merged is the oldest in its engine, its words fit
// the engine's word FIFO (one packet of MaxPktBytes at least) and its engine's output and
// completion FIFOs hold nothing older, so it always completes; the others wait behind it.
module srtpo_engine_array #(
  parameter int unsigned Engines     = 1,       // 1, 2 or 4 SRTP engines
  parameter int unsigned NumSlots    = 65536,   // key slots of the card, shared out
  parameter int unsigned DataW       = 256,     // bus width of the DMA stream
  parameter int unsigned MaxPktBytes = 2048,
  // FIFO depths (powers of two); only the proof harness (rtl/formal) sets them smaller
  parameter int unsigned OrdDepth    = 256,     // descriptors between dispatch and merge
  parameter int unsigned CplDepth    = 16,
  parameter int unsigned BcDepth     = 32,
  parameter int unsigned RouteDepth  = 64       // descriptors whose words are still to come
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             desc_valid_i,
  output logic             desc_ready_o,
  input  logic [1:0]       op_i,
  input  logic [15:0]      slot_i,
  input  logic [47:0]      index_i,
  input  logic [31:0]      ssrc_i,
  input  logic [31:0]      roc_i,
  input  logic             roc_append_i,
  input  logic [15:0]      enc_off_i,
  input  logic [15:0]      enc_len_i,
  input  logic [15:0]      auth_len_i,
  input  logic [15:0]      tag_off_i,
  input  logic [4:0]       tag_len_i,
  input  logic [15:0]      pkt_len_i,
  input  logic             in_valid_i,      // bus words of the packets, in descriptor order
  output logic             in_ready_o,
  input  logic [DataW-1:0] in_data_i,
  output logic             out_valid_o,     // bus words of the output, in descriptor order
  input  logic             out_ready_i,
  output logic [DataW-1:0] out_data_o,
  output logic             cpl_valid_o,
  input  logic             cpl_ready_i,
  output logic [3:0]       cpl_status_o,
  output logic [15:0]      cpl_len_o,
  output logic             order_err_o      // an engine returned a completion out of order
);
  localparam int unsigned E        = Engines;
  localparam int unsigned EW       = (E > 1) ? $clog2(E) : 1;
  localparam int unsigned K        = $clog2(E);                 // slot bits that pick the engine
  localparam int unsigned DB       = DataW / 8;
  localparam int unsigned DBW      = $clog2(DB);
  localparam int unsigned Lanes    = DataW / 128;               // 16-byte beats per bus word
  localparam int unsigned LW       = (Lanes > 1) ? $clog2(Lanes) : 1;
  localparam int unsigned PktWords = MaxPktBytes / DB;
  localparam int unsigned WordDepth = 2 * PktWords;             // two packets per engine, each way
  localparam int unsigned LocalSlots = (NumSlots + E - 1) / E;
  localparam int unsigned DescW    = 216;
  localparam int unsigned DescDepth = 4;                        // descriptors queued per engine

  // =============================================================================================
  // Steering: which engines get this descriptor, and its slot fields in each engine's terms.
  // Worked out as the descriptor arrives and registered with it in a register slice: a zero
  // walk's split (two 18-bit adds and a compare per engine) would otherwise run from the DMA's
  // FIFO head through the dispatch decision and back into the DMA's pointers in one clock.
  // One clock of latency; the slice passes a descriptor per clock.
  logic         c_zero;                 // a ZERO_KEYS walk: LOAD_KEY with no data
  logic [E-1:0] c_mask;
  logic [15:0]  c_slot_e [E];
  logic [15:0]  c_span_e [E];
  assign c_zero = op_i == 2'd3 && pkt_len_i == 16'd0;

  for (genvar e = 0; e < E; e++) begin : g_steer
    // the walk [lo, hi] holds slots of engine e from `first` to `last` (if first <= hi)
    logic [17:0] lo, hi, first, last;
    assign lo    = {2'b00, slot_i};
    assign hi    = {2'b00, slot_i} + {2'b00, enc_len_i};
    assign first = lo + ((18'(e) - lo) & 18'(E - 1));
    assign last  = hi - ((hi - 18'(e)) & 18'(E - 1));
    always_comb begin
      if (c_zero) begin
        c_mask[e]   = first <= hi;
        c_slot_e[e] = 16'(first >> K);
        c_span_e[e] = 16'((last >> K) - (first >> K));
      end else begin
        c_mask[e]   = (E == 1) || 32'(slot_i) % E == e;
        c_slot_e[e] = 16'(slot_i >> K);
        c_span_e[e] = enc_len_i;
      end
    end
  end

  // the slice: the descriptor's fields other than slot and enc_len (each engine has its own),
  // the steering, and the bus words and beats of its data
  localparam int unsigned FieldW = DescW - 32;
  localparam int unsigned SteerW = FieldW + 1 + E + 8 + 8 + 32 * E;
  logic [SteerW-1:0] st_in, st_out;
  logic [32*E-1:0]   c_slots, d_slots;
  for (genvar e = 0; e < E; e++) begin : g_pack
    assign c_slots[32 * e +: 32]           = {c_slot_e[e], c_span_e[e]};
  end
  assign st_in = {op_i, index_i, ssrc_i, roc_i, roc_append_i, enc_off_i, auth_len_i, tag_off_i,
                  tag_len_i, pkt_len_i, c_zero, c_mask,
                  8'(({1'b0, pkt_len_i} + 17'(DB - 1)) >> DBW),
                  8'(({1'b0, pkt_len_i} + 17'd15) >> 4), c_slots};

  logic         s_valid;
  logic         d_zero;
  logic [E-1:0] d_mask;
  logic [7:0]   d_words;                // bus words of packet data that follow the descriptor
  logic [7:0]   d_beats;                // 16-byte beats of them
  logic [1:0]   d_op;
  logic [47:0]  d_index;
  logic [31:0]  d_ssrc, d_roc;
  logic         d_roc_append;
  logic [15:0]  d_enc_off, d_auth_len, d_tag_off, d_pkt_len;
  logic [4:0]   d_tag_len;
  logic         room, d_fire;
  srtpo_skid #(
    .Width (SteerW)
  ) u_steer_slice (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (desc_valid_i),
    .in_ready_o  (desc_ready_o),
    .in_data_i   (st_in),
    .out_valid_o (s_valid),
    .out_ready_i (room),
    .out_data_o  (st_out)
  );
  assign {d_op, d_index, d_ssrc, d_roc, d_roc_append, d_enc_off, d_auth_len, d_tag_off,
          d_tag_len, d_pkt_len, d_zero, d_mask, d_words, d_beats, d_slots} = st_out;

  // =============================================================================================
  // Dispatch: a descriptor goes when every engine it goes to has room, and the order and route
  // FIFOs have room; its words follow through the route FIFO, a word per clock.
  //
  // Room is a flag per FIFO kept a clock ahead: "at most Depth - 2 entries" registered from the
  // count, so at most Depth - 1 now (a dispatch adds one a clock) and a push fits. The dispatch
  // then reads only flip-flops (the steering mask and these flags), and the FIFO pushes it
  // drives start two LUT levels from registers. The cost is one place of each FIFO left unused
  // when it is nearly full; no FIFO here is shallower than 2.
  logic [E-1:0] df_full, bc_full, wf_full;
  logic         ow_full, oc_full, rt_full, rt_empty;
  logic [E-1:0] e_room_q;                // engine e's descriptor and beat-count FIFOs have room
  logic         o_room_q;                // the order and route FIFOs have room
  logic [E-1:0] e_room_next;
  assign room   = o_room_q && ((d_mask & ~e_room_q) == '0);
  assign d_fire = s_valid && room;

  logic [E-1:0] rt_mask;
  logic [7:0]   rt_words, rt_done_q;
  logic         w_fire, rt_last, rt_one;
  // Whether a word ends its descriptor is a flag: "one word" comes with the route entry, and
  // for later words rt_last_q is set by the word before, so the route pop starts from registers.
  logic         rt_first_q, rt_last_q;
  logic [$clog2(RouteDepth):0] route_count;
  srtpo_fifo #(.Width(E + 9), .Depth(RouteDepth), .OutReg(1'b1)) u_route (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(d_fire && d_words != 8'd0),
    .wdata_i({d_mask, d_words == 8'd1, d_words}), .pop_i(w_fire && rt_last),
    .rdata_o({rt_mask, rt_one, rt_words}), .full_o(rt_full), .empty_o(rt_empty),
    .count_o(route_count));
  assign rt_last    = rt_first_q ? rt_one : rt_last_q;
  assign in_ready_o = !rt_empty && ((rt_mask & wf_full) == '0);
  assign w_fire     = in_valid_i && in_ready_o;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      rt_done_q  <= '0;
      rt_first_q <= 1'b1;
      rt_last_q  <= 1'b0;
    end else if (w_fire) begin
      rt_done_q  <= rt_last ? 8'd0 : rt_done_q + 8'd1;
      rt_first_q <= rt_last;
      rt_last_q  <= (rt_done_q + 8'd2 == rt_words);
    end
  end

  // Which engines had each descriptor: one copy for the word merge, one for the completions.
  logic [E-1:0] ow_mask, oc_mask;
  logic         ow_empty, oc_empty, ow_pop, oc_pop;
  logic [$clog2(OrdDepth):0] order_words_count, order_cpls_count;
  srtpo_fifo #(.Width(E), .Depth(OrdDepth), .OutReg(1'b1)) u_order_words (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(d_fire), .wdata_i(d_mask), .pop_i(ow_pop),
    .rdata_o(ow_mask), .full_o(ow_full), .empty_o(ow_empty), .count_o(order_words_count));
  srtpo_fifo #(.Width(E), .Depth(OrdDepth), .OutReg(1'b1)) u_order_cpls (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(d_fire), .wdata_i(d_mask), .pop_i(oc_pop),
    .rdata_o(oc_mask), .full_o(oc_full), .empty_o(oc_empty), .count_o(order_cpls_count));

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      e_room_q <= '1;
      o_room_q <= 1'b1;
    end else begin
      e_room_q <= e_room_next;
      o_room_q <= order_words_count <= ($clog2(OrdDepth)+1)'(OrdDepth - 2) &&
                  order_cpls_count  <= ($clog2(OrdDepth)+1)'(OrdDepth - 2) &&
                  route_count       <= ($clog2(RouteDepth)+1)'(RouteDepth - 2);
    end
  end

  // =============================================================================================
  // The engines
  logic [E-1:0]     of_empty, cf_empty, lf_empty, e_order_err;
  logic [E-1:0]     of_pop, cf_pop, lf_pop;
  logic [DataW-1:0] of_rdata [E];
  logic [19:0]      cf_rdata [E];      // {status, len}
  logic [8:0]       lf_rdata [E];      // {no words, bus words of the output}, for the word merge

  for (genvar e = 0; e < E; e++) begin : g_eng
    // descriptor FIFO
    logic             df_empty, df_pop;
    logic [DescW-1:0] df_rdata;
    logic [$clog2(DescDepth):0] desc_count;
    srtpo_fifo #(.Width(DescW), .Depth(DescDepth), .OutReg(1'b1)) u_desc (
      .clk_i(clk_i), .rst_ni(rst_ni), .push_i(d_fire && d_mask[e]),
      .wdata_i({d_op, d_slots[32 * e + 16 +: 16], d_index, d_ssrc, d_roc, d_roc_append,
                d_enc_off, d_slots[32 * e +: 16], d_auth_len, d_tag_off, d_tag_len, d_pkt_len}),
      .pop_i(df_pop), .rdata_o(df_rdata), .full_o(df_full[e]), .empty_o(df_empty), .count_o(desc_count));

    // beats per packet and the packet words, for the gearbox
    logic       bc_empty, bc_pop, bc_one;
    logic [7:0] bc_rdata;
    logic [$clog2(BcDepth):0] beats_count;
    srtpo_fifo #(.Width(9), .Depth(BcDepth), .OutReg(1'b1)) u_beats (
      .clk_i(clk_i), .rst_ni(rst_ni), .push_i(d_fire && d_mask[e] && d_beats != 8'd0),
      .wdata_i({d_beats == 8'd1, d_beats}), .pop_i(bc_pop), .rdata_o({bc_one, bc_rdata}),
      .full_o(bc_full[e]), .empty_o(bc_empty), .count_o(beats_count));
    assign e_room_next[e] = desc_count  <= ($clog2(DescDepth)+1)'(DescDepth - 2) &&
                            beats_count <= ($clog2(BcDepth)+1)'(BcDepth - 2);
    logic             wf_empty, wf_pop;
    logic [DataW-1:0] wf_rdata;
    logic [$clog2(WordDepth):0] words_count;
    srtpo_fifo #(.Width(DataW), .Depth(WordDepth)) u_words (
      .clk_i(clk_i), .rst_ni(rst_ni), .push_i(w_fire && rt_mask[e]), .wdata_i(in_data_i),
      .pop_i(wf_pop), .rdata_o(wf_rdata), .full_o(wf_full[e]), .empty_o(wf_empty), .count_o(words_count));

    // gearbox: a word into Lanes beats; a packet's last word may be partly used. Whether a beat
    // is the packet's last is a flag, as for the route: "one beat" comes with the count, and for
    // later beats gb_last_q is set by the beat before, so the word and count pops start from
    // registers.
    logic [LW-1:0] gb_lane_q;
    logic [7:0]    gb_done_q;
    logic          gb_first_q, gb_last_q;
    logic          gb_valid, gb_ready, gb_fire, gb_last, gb_word_end;
    assign gb_valid    = !wf_empty && !bc_empty;
    assign gb_fire     = gb_valid && gb_ready;
    assign gb_last     = gb_first_q ? bc_one : gb_last_q;
    assign gb_word_end = 32'(gb_lane_q) == Lanes - 1 || gb_last;
    assign wf_pop      = gb_fire && gb_word_end;
    assign bc_pop      = gb_fire && gb_last;
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        gb_lane_q  <= '0;
        gb_done_q  <= '0;
        gb_first_q <= 1'b1;
        gb_last_q  <= 1'b0;
      end else if (gb_fire) begin
        gb_lane_q  <= gb_word_end ? '0 : gb_lane_q + 1'b1;
        gb_done_q  <= gb_last ? 8'd0 : gb_done_q + 8'd1;
        gb_first_q <= gb_last;
        gb_last_q  <= gb_done_q + 8'd2 == bc_rdata;
      end
    end
`ifndef SYNTHESIS
    // the flags say what the count says
    always_ff @(posedge clk_i)
      if (rst_ni && !bc_empty)
        assert (bc_one == (bc_rdata == 8'd1) && gb_first_q == (gb_done_q == 8'd0) &&
                gb_last == (gb_done_q + 8'd1 == bc_rdata));
`endif

    // the engine
    logic         eo_valid, eo_ready, eo_last, ec_valid, ec_ready;
    logic [127:0] eo_data;
    logic [3:0]   ec_status;
    logic [15:0]  ec_len;
    logic [1:0]   x_op;
    logic [15:0]  x_slot, x_enc_off, x_enc_len, x_auth_len, x_tag_off, x_pkt_len;
    logic [47:0]  x_index;
    logic [31:0]  x_ssrc, x_roc;
    logic         x_roc_append;
    logic [4:0]   x_tag_len;
    assign {x_op, x_slot, x_index, x_ssrc, x_roc, x_roc_append, x_enc_off, x_enc_len, x_auth_len,
            x_tag_off, x_tag_len, x_pkt_len} = df_rdata;
    logic x_desc_ready;
    assign df_pop = !df_empty && x_desc_ready;

    srtpo_engine_port #(
      .NumSlots    (LocalSlots),
      .MaxPktBytes (MaxPktBytes)
    ) u_engine (
      .clk_i        (clk_i),
      .rst_ni       (rst_ni),
      .desc_valid_i (!df_empty),
      .desc_ready_o (x_desc_ready),
      .op_i         (x_op),
      .slot_i       (x_slot),
      .index_i      (x_index),
      .ssrc_i       (x_ssrc),
      .roc_i        (x_roc),
      .roc_append_i (x_roc_append),
      .enc_off_i    (x_enc_off),
      .enc_len_i    (x_enc_len),
      .auth_len_i   (x_auth_len),
      .tag_off_i    (x_tag_off),
      .tag_len_i    (x_tag_len),
      .pkt_len_i    (x_pkt_len),
      .in_valid_i   (gb_valid),
      .in_ready_o   (gb_ready),
      .in_data_i    (wf_rdata[128 * 32'(gb_lane_q) +: 128]),
      .out_valid_o  (eo_valid),
      .out_ready_i  (eo_ready),
      .out_data_o   (eo_data),
      .out_last_o   (eo_last),
      .cpl_valid_o  (ec_valid),
      .cpl_ready_i  (ec_ready),
      .cpl_status_o (ec_status),
      .cpl_len_o    (ec_len),
      .order_err_o  (e_order_err[e])
    );

    // output beats packed into bus words (a packet's last word zero-padded)
    logic             of_full, of_push;
    logic [DataW-1:0] pk_q, pk_word;
    logic [LW-1:0]    pk_lane_q;
    logic             eo_fire;
    assign eo_ready = !of_full;
    assign eo_fire  = eo_valid && eo_ready;
    always_comb begin
      pk_word = pk_q;
      pk_word[128 * 32'(pk_lane_q) +: 128] = eo_data;
    end
    assign of_push = eo_fire && (eo_last || 32'(pk_lane_q) == Lanes - 1);
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        pk_q      <= '0;
        pk_lane_q <= '0;
      end else if (eo_fire) begin
        pk_q      <= of_push ? '0 : pk_word;
        pk_lane_q <= of_push ? '0 : pk_lane_q + 1'b1;
      end
    end
    logic [$clog2(WordDepth):0] out_count;
    srtpo_fifo #(.Width(DataW), .Depth(WordDepth)) u_out (
      .clk_i(clk_i), .rst_ni(rst_ni), .push_i(of_push), .wdata_i(pk_word), .pop_i(of_pop[e]),
      .rdata_o(of_rdata[e]), .full_o(of_full), .empty_o(of_empty[e]), .count_o(out_count));

    // completions, twice: for the completion merge and (length only) for the word merge
    logic cf_full, lf_full;
    assign ec_ready = !cf_full && !lf_full;
    logic [$clog2(CplDepth):0] cpl_count, len_count;
    // the word merge wants the output's bus words: counted here, as the completion is stored
    logic [7:0] ec_words;
    assign ec_words = 8'(({1'b0, ec_len} + 17'(DB - 1)) >> DBW);
    srtpo_fifo #(.Width(20), .Depth(CplDepth), .OutReg(1'b1)) u_cpl (
      .clk_i(clk_i), .rst_ni(rst_ni), .push_i(ec_valid && ec_ready), .wdata_i({ec_status, ec_len}),
      .pop_i(cf_pop[e]), .rdata_o(cf_rdata[e]), .full_o(cf_full), .empty_o(cf_empty[e]),
      .count_o(cpl_count));
    srtpo_fifo #(.Width(9), .Depth(CplDepth), .OutReg(1'b1)) u_len (
      .clk_i(clk_i), .rst_ni(rst_ni), .push_i(ec_valid && ec_ready),
      .wdata_i({ec_words == 8'd0, ec_words}),
      .pop_i(lf_pop[e]), .rdata_o(lf_rdata[e]), .full_o(lf_full), .empty_o(lf_empty[e]),
      .count_o(len_count));
    logic unused_e;
    assign unused_e = ^{words_count, out_count, cpl_count, len_count};
  end

  // =============================================================================================
  // Merge, output words: the head descriptor's engine sends ceil(len / DB) words, then the next.
  logic          mw_active_q;
  logic [EW-1:0] mw_eng_q;
  logic [7:0]    mw_left_q;
  logic          mw_fire, mw_free, mw_next_ok;
  logic [EW-1:0] mw_next_eng;
  logic [7:0]    mw_next_words;
  logic          mw_next_none;        // the head descriptor has no output words
  always_comb begin
    mw_next_eng = '0;
    for (int e = E - 1; e >= 0; e--) if (ow_mask[e]) mw_next_eng = EW'(e);
  end
  assign mw_next_ok    = !ow_empty && ((ow_mask & lf_empty) == '0);
  assign {mw_next_none, mw_next_words} = lf_rdata[mw_next_eng];
  assign out_valid_o   = mw_active_q && !of_empty[mw_eng_q];
  assign out_data_o    = of_rdata[mw_eng_q];
  assign mw_fire       = out_valid_o && out_ready_i;
  assign mw_free       = !mw_active_q || (mw_fire && mw_left_q == 8'd1);
  assign ow_pop        = mw_free && mw_next_ok;
  assign lf_pop        = ow_pop ? ow_mask : '0;
  always_comb begin
    of_pop = '0;
    if (mw_fire) of_pop[mw_eng_q] = 1'b1;
  end
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      mw_active_q <= 1'b0;
      mw_eng_q    <= '0;
      mw_left_q   <= '0;
    end else if (ow_pop) begin
      mw_active_q <= !mw_next_none;
      mw_eng_q    <= mw_next_eng;
      mw_left_q   <= mw_next_words;
    end else if (mw_fire) begin
      mw_left_q   <= mw_left_q - 8'd1;
      if (mw_left_q == 8'd1) mw_active_q <= 1'b0;
    end
  end

  // Words merged, packets counted: a completion goes to the DMA only after its packet's words
  // (the DMA writes a packet's words right after taking its completion, so they must be there).
  logic [8:0] mw_packets_q;           // packets whose words are all merged, completion not yet
  logic [1:0] mw_finished;
  assign mw_finished = 2'(ow_pop && mw_next_none) +
                       2'(mw_fire && mw_left_q == 8'd1);

  // Merge, completions: the head descriptor's completion once every engine it went to has one;
  // a walk split over engines reports the first status that is not OK, else OK.
  logic [EW-1:0] mc_eng;
  logic [3:0]    mc_status;
  always_comb begin
    mc_eng    = '0;
    mc_status = 4'd0;
    for (int e = E - 1; e >= 0; e--) begin
      if (oc_mask[e]) begin
        mc_eng = EW'(e);
        if (cf_rdata[e][19:16] != 4'd0) mc_status = cf_rdata[e][19:16];
      end
    end
  end
  assign cpl_valid_o  = !oc_empty && ((oc_mask & cf_empty) == '0) && mw_packets_q != 9'd0;
  assign cpl_status_o = mc_status;
  assign cpl_len_o    = cf_rdata[mc_eng][15:0];
  assign oc_pop       = cpl_valid_o && cpl_ready_i;
  assign cf_pop       = oc_pop ? oc_mask : '0;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) mw_packets_q <= '0;
    else         mw_packets_q <= mw_packets_q + 9'(mw_finished) - 9'(oc_pop);
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) order_err_o <= 1'b0;
    else if (|e_order_err) order_err_o <= 1'b1;
  end

`ifndef SYNTHESIS
  // Checks (verilator --assert): Engines is 1, 2 or 4; a descriptor goes to at least one engine
  // and a packet to exactly one; a walk split over engines sends no data; every engine a
  // descriptor went to answers it; no output word is left over or missing at a packet's end.
  initial assert (E == 1 || E == 2 || E == 4);
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // the room flags are never wrong the other way: a FIFO they let a dispatch push has room
      if (s_valid && room)
        assert (!ow_full && !oc_full && !rt_full && ((d_mask & (df_full | bc_full)) == '0));
      if (d_fire) begin
        assert (d_mask != '0);
        if (!d_zero) assert ($onehot(d_mask));
      end
      if (ow_pop && !$onehot(ow_mask))
        for (int e = 0; e < E; e++) if (ow_mask[e]) assert (lf_rdata[e] == {1'b1, 8'd0});
      if (mw_active_q) assert (mw_left_q != 8'd0);
      // the route entry's word flags say what its word count says
      if (!rt_empty) assert (rt_one == (rt_words == 8'd1) && rt_first_q == (rt_done_q == 8'd0) &&
                             rt_last == (rt_done_q + 8'd1 == rt_words));
    end
  end
  // a stream's valid stays up until taken, its payload unchanged
  logic             a_out_wait_q, a_cpl_wait_q;
  logic [DataW-1:0] a_out_q;
  logic [19:0]      a_cpl_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      a_out_wait_q <= 1'b0;
      a_cpl_wait_q <= 1'b0;
    end else begin
      a_out_wait_q <= out_valid_o && !out_ready_i;
      a_cpl_wait_q <= cpl_valid_o && !cpl_ready_i;
      if (a_out_wait_q) assert (out_valid_o && out_data_o == a_out_q);
      if (a_cpl_wait_q) assert (cpl_valid_o && {cpl_status_o, cpl_len_o} == a_cpl_q);
    end
    a_out_q <= out_data_o;
    a_cpl_q <= {cpl_status_o, cpl_len_o};
  end
`endif
endmodule
