// SPDX-License-Identifier: BSD-3-Clause
// Proof harness for srtpo_engine_array (rtl/top): the DMA's one in-order stream spread over
// Engines engines and merged back. Run for Engines 1, 2, 4 at DataW 128 (one 16-byte beat per
// bus word), MaxPktBytes 16 and tiny FIFOs (order 4, route 2, completions 2, beat counts 2, words
// 2; the per-engine descriptor FIFO keeps its 4): every FIFO of the array fills and wraps within
// a few descriptors, so the bound reaches full FIFOs and back-pressure as well as completions. See
// rtl/formal/formal.mk for the runs and depths.
//
// The engines are the stub srtpo_engine_port below (rtl/top/srtpo_engine_port.sv is not read):
// an abstract in-order engine holding up to two descriptors, taking each one's input beats and,
// after delays chosen freely by the solver ($anyseq ready / valid, valid held until taken; any
// delay may be zero: a descriptor is taken the clock it is offered, its input the next clock, its
// output the clock after its input, its completion the clock after its last output beat),
// returning in order its output beats, then its completion. The reply is chosen freely per
// descriptor (any cpl_len 0 .. 2 * MaxPktBytes, what an engine's output FIFO share holds; a zero
// walk replies 0): ceil(cpl_len / 16) beats, `last` on the final one. Each stub is told its engine
// index after flattening (yosys `connect`, formal.mk), since the array passes none.
//
// The descriptor carries ghost fields the array passes through untouched: index = {global slot,
// global span, sequence number}, ssrc = the reply length, roc = for every engine the sequence
// number of the previous descriptor the specification gives that engine.
//
// Assumed (what the DMA guarantees): a descriptor is held until taken; pkt_len <= MaxPktBytes; a
// ZERO_KEYS walk (op 3, pkt_len 0) [slot, slot + span] ends at or below slot 65535; exactly
// ceil(pkt_len / 16) input words follow each descriptor (never more than are owed), valid held;
// at most RefN (16) descriptors in all (more than a bound of 16 clocks can send).
// out_ready / cpl_ready are free. With FORMAL_ORDER (the order runs) also: slots and spans below
// 8 (every engine mask a packet or walk can have for Engines <= 4, without the 18-bit slot
// arithmetic that makes z3 slow) and packet data zero (the stubs ignore it).
//
// Proved: BMC from reset only (steps counted from reset in step 0; the checks below are clocked,
// so what happens in step k is checked in step k + 1). The steer run (any descriptor) to 7 steps
// for Engines 1, 5 for Engines 2 and 4: the steering checks hold for ANY first descriptors (any
// op, slot, span, pkt_len). The order run (FORMAL_ORDER) checks every property below in steps
// 5 .. 9 for Engines 1 and 2 (the steps before are the steer run's); the first completion and its output word leave
// in step 8, and the cover (yosys-smtbmc -c) fails the run unless one does within the bound, so
// the order checks are exercised, not vacuous. formal-engine-array-deep goes on to where two
// completions leave, from two engines when there are several (11 steps for Engines 2, 12 for
// Engines 1). Engines 4 has the steer run only: z3 did not finish its order run's step 9 in 10
// minutes. No k-induction. Liveness (FORMAL_LIVE) is written but NOT proved. Properties:
//   order     the k-th completion out carries descriptor k's number (status = k mod 16, and
//             cpl_len = the reply chosen for k), and descriptor k's output words all leave, in
//             beat order, exactly ceil(cpl_len / 16) of them, after those of k-1 and before any
//             of k+1 and before completion k;
//   steering  (asserted in the stub) a descriptor other than a walk reaches only engine
//             slot mod Engines, with local slot slot / Engines and its fields unchanged; a walk
//             reaches engine e only if [slot, slot + span] holds a slot s with s mod Engines = e,
//             with local range exactly {s / Engines : s in the walk, s mod Engines = e}; and each
//             engine receives exactly the descriptors the specification gives it, in order (the
//             previous one named in roc is the one it took last), so none is missed, none repeated;
//   no invention  completions out never exceed descriptors in; order_err_o stays low.
// With FORMAL_LIVE (every stub acts, and the DMA takes output and sends owed words, at least
// every other clock) every descriptor completes within LiveBound clocks of entering.
// The array's own assertions (one-hot packet steering, stable out / cpl payload, ...) are proved
// alongside.
`ifndef FORMAL_LIVE_BOUND
`define FORMAL_LIVE_BOUND 255
`endif
`ifndef FORMAL_STALL
`define FORMAL_STALL 1
`endif
// packet size and the array's FIFO depths (formal.mk sets them; these are the defaults there)
`ifndef FORMAL_COVER_CPLS
`define FORMAL_COVER_CPLS 2
`endif
`ifndef FORMAL_MAX_PKT
`define FORMAL_MAX_PKT 16
`endif
`ifndef FORMAL_ORD_DEPTH
`define FORMAL_ORD_DEPTH 4
`endif
`ifndef FORMAL_CPL_DEPTH
`define FORMAL_CPL_DEPTH 2
`endif
`ifndef FORMAL_BC_DEPTH
`define FORMAL_BC_DEPTH 2
`endif
`ifndef FORMAL_ROUTE_DEPTH
`define FORMAL_ROUTE_DEPTH 2
`endif

// The specification of steering: does engine e hold a slot of [lo, hi] (of a walk), and which
// local slots (slot / E for slot mod E = e).
module srtpo_engine_array_formal_spec #(
  parameter int unsigned E = 4
) (
  input  logic [1:0]  e_i,
  input  logic [15:0] lo_i,
  input  logic [15:0] span_i,
  output logic        holds_o,
  output logic [15:0] local_lo_o,
  output logic [15:0] local_span_o
);
  logic [17:0] lo, hi, l_min, l_max;
  assign lo = 18'(lo_i);
  assign hi = 18'(lo_i) + 18'(span_i);
  // local slot l holds global l * E + e: l_min = ceil((lo - e) / E), l_max = floor((hi - e) / E)
  // (E is a power of two: division is a shift)
  localparam int unsigned K = $clog2(E);
  assign l_min = (lo <= 18'(e_i)) ? 18'd0 : (lo - 18'(e_i) + 18'(E - 1)) >> K;
  assign l_max = (hi - 18'(e_i)) >> K;
  assign holds_o      = hi >= 18'(e_i) && l_min <= l_max;
  assign local_lo_o   = 16'(l_min);
  assign local_span_o = 16'(l_max - l_min);
endmodule

// The stub engine (same name and ports as rtl/top/srtpo_engine_port.sv).
module srtpo_engine_port #(
  parameter int unsigned NumSlots    = 64,
  parameter int unsigned MaxPktBytes = 2048
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         desc_valid_i,
  output logic         desc_ready_o,
  input  logic [1:0]   op_i,
  input  logic [15:0]  slot_i,
  input  logic [47:0]  index_i,
  input  logic [31:0]  ssrc_i,
  input  logic [31:0]  roc_i,
  input  logic         roc_append_i,
  input  logic [15:0]  enc_off_i,
  input  logic [15:0]  enc_len_i,
  input  logic [15:0]  auth_len_i,
  input  logic [15:0]  tag_off_i,
  input  logic [4:0]   tag_len_i,
  input  logic [15:0]  pkt_len_i,
  input  logic         in_valid_i,
  output logic         in_ready_o,
  input  logic [127:0] in_data_i,
  output logic         out_valid_o,
  input  logic         out_ready_i,
  output logic [127:0] out_data_o,
  output logic         out_last_o,
  output logic         cpl_valid_o,
  input  logic         cpl_ready_i,
  output logic [3:0]   cpl_status_o,
  output logic [15:0]  cpl_len_o,
  output logic         order_err_o
);
  localparam int unsigned E = 65536 / NumSlots;   // the harness gives the array 65,536 slots
  wire [1:0] engine_index;                         // driven by `connect` after flatten

  // the solver's choices: act or wait, per channel
  logic go_desc, go_in, go_out, go_cpl;
  assign go_desc = $anyseq;
  assign go_in   = $anyseq;
  assign go_out  = $anyseq;
  assign go_cpl  = $anyseq;
`ifdef FORMAL_LIVE
  // answering within a bound: each channel acts at least every FORMAL_STALL + 1 clocks
  logic [3:0] stall_q [4];
  logic [3:0] gos;
  assign gos = {go_desc, go_in, go_out, go_cpl};
  always_ff @(posedge clk_i)
    for (int i = 0; i < 4; i++) stall_q[i] <= (!rst_ni || gos[i]) ? 4'd0 : stall_q[i] + 4'd1;
  always_comb
    for (int i = 0; i < 4; i++) if (stall_q[i] >= 4'(`FORMAL_STALL)) assume (gos[i]);
`endif

  // up to two descriptors, in order: seq, input beats still to take, output beats still to send
  // (and sent so far), reply length
  logic [7:0]  q_seq      [2];
  logic [7:0]  q_in_left  [2];
  logic [7:0]  q_out_left [2];
  logic [7:0]  q_out_done [2];
  logic [15:0] q_len      [2];
  logic        head_q;       // which entry is oldest
  logic [1:0]  count_q;
  logic        tail;
  assign tail = head_q ^ (count_q == 2'd1);

  logic d_take, in_take, out_take, cpl_take;
  logic in_at_head, in_at_next;
  assign desc_ready_o = count_q != 2'd2 && go_desc;
  assign d_take       = desc_valid_i && desc_ready_o;
  assign in_at_head   = count_q != 2'd0 && q_in_left[head_q] != 8'd0;
  assign in_at_next   = count_q == 2'd2 && q_in_left[!head_q] != 8'd0;
  assign in_ready_o   = (in_at_head || in_at_next) && go_in;
  assign in_take      = in_valid_i && in_ready_o;

  logic head_out, head_cpl, out_hold_q, cpl_hold_q;
  assign head_out     = count_q != 2'd0 && q_in_left[head_q] == 8'd0 && q_out_left[head_q] != 8'd0;
  assign head_cpl     = count_q != 2'd0 && q_in_left[head_q] == 8'd0 && q_out_left[head_q] == 8'd0;
  assign out_valid_o  = head_out && (out_hold_q || go_out);
  assign out_data_o   = {q_seq[head_q], q_out_done[head_q], q_len[head_q], 96'd0};
  assign out_last_o   = q_out_left[head_q] == 8'd1;
  assign out_take     = out_valid_o && out_ready_i;
  assign cpl_valid_o  = head_cpl && (cpl_hold_q || go_cpl);
  assign cpl_status_o = q_seq[head_q][3:0];
  assign cpl_len_o    = q_len[head_q];
  assign cpl_take     = cpl_valid_o && cpl_ready_i;
  assign order_err_o  = 1'b0;

  // a new descriptor's reply: ssrc[15:0] (0 for a walk), and its beats
  logic        d_walk;
  logic [15:0] d_len;
  assign d_walk = op_i == 2'd3 && pkt_len_i == 16'd0;
  assign d_len  = d_walk ? 16'd0 : ssrc_i[15:0];

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      head_q     <= 1'b0;
      count_q    <= 2'd0;
      out_hold_q <= 1'b0;
      cpl_hold_q <= 1'b0;
    end else begin
      out_hold_q <= out_valid_o && !out_ready_i;
      cpl_hold_q <= cpl_valid_o && !cpl_ready_i;
      if (in_take) begin
        if (in_at_head) q_in_left[head_q]  <= q_in_left[head_q] - 8'd1;
        else            q_in_left[!head_q] <= q_in_left[!head_q] - 8'd1;
      end
      if (out_take) begin
        q_out_left[head_q] <= q_out_left[head_q] - 8'd1;
        q_out_done[head_q] <= q_out_done[head_q] + 8'd1;
      end
      if (d_take) begin
        q_seq[tail]      <= index_i[7:0];
        q_in_left[tail]  <= 8'((17'(pkt_len_i) + 17'd15) >> 4);
        q_out_left[tail] <= 8'((17'(d_len) + 17'd15) >> 4);
        q_out_done[tail] <= 8'd0;
        q_len[tail]      <= d_len;
      end
      if (cpl_take) head_q <= !head_q;
      count_q <= count_q + 2'(d_take) - 2'(cpl_take);
    end
  end

  // ---- steering, checked at the engine's door ----
  logic [15:0] g_slot, g_span;
  logic [7:0]  g_seq, g_prev;
  assign g_slot = index_i[47:32];
  assign g_span = index_i[31:16];
  assign g_seq  = index_i[7:0];
  assign g_prev = roc_i[8 * engine_index +: 8];

  logic        holds;
  logic [15:0] want_lo, want_span;
  srtpo_engine_array_formal_spec #(.E(E)) u_spec (
    .e_i(engine_index), .lo_i(g_slot), .span_i(g_span),
    .holds_o(holds), .local_lo_o(want_lo), .local_span_o(want_span));

  logic [7:0] last_seq_q;      // the last descriptor taken ('1: none yet)
  always_ff @(posedge clk_i) begin
    if (!rst_ni) last_seq_q <= 8'hff;
    else if (d_take) last_seq_q <= g_seq;
  end

  logic [1:0] unused_in;
  assign unused_in = {^in_data_i, ^{roc_append_i, enc_off_i, auth_len_i, tag_off_i, tag_len_i}};

  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      assert (32'(engine_index) < E);
      if (desc_valid_i) begin
        // exactly the descriptors the specification gives this engine, in order
        assert (g_prev == last_seq_q);
        if (d_walk) begin
          assert (holds);
          assert (slot_i == want_lo);
          assert (enc_len_i == want_span);
        end else begin
          assert ((g_slot & 16'(E - 1)) == 16'(engine_index));
          assert (slot_i == g_slot >> $clog2(E));
          assert (enc_len_i == g_span);
        end
      end
    end
  end
endmodule

module srtpo_engine_array_formal #(
  parameter int unsigned Engines = 4
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         desc_valid,
  input  logic [1:0]   op,
  input  logic [15:0]  slot,
  input  logic [15:0]  span,
  input  logic [15:0]  pkt_len,
  input  logic [15:0]  reply_len,
  input  logic         in_valid,
  input  logic [127:0] in_data,
  input  logic         out_ready,
  input  logic         cpl_ready
);
  localparam int unsigned E           = Engines;
  localparam int unsigned DataW       = 128;
  localparam int unsigned MaxPktBytes = `FORMAL_MAX_PKT;
  localparam int unsigned RefN        = 16;   // descriptors the reference remembers (no wrap)
  localparam int unsigned LiveBound   = `FORMAL_LIVE_BOUND;

  logic init_q = 1'b1;
  always_ff @(posedge clk_i) init_q <= 1'b0;
  always_comb if (init_q) assume (!rst_ni);

  // ---- the reference: descriptors in, by sequence number ----
  logic [7:0]  n_in_q, n_cpl_q, now_q;      // descriptors in, completions out, clock
  logic [7:0]  ref_words [RefN];            // output words expected of descriptor k
  logic [15:0] ref_len   [RefN];            // its cpl_len
  logic [7:0]  ref_time  [RefN];            // when it entered
  logic [1:0]  ref_eng   [RefN];            // the engine of a packet (0 for a walk)
  logic [7:0]  last_of_q [4];               // the last descriptor the spec gave engine e

  logic        d_ready, d_fire, d_walk;
  logic [E-1:0] spec_mask;
  assign d_walk = op == 2'd3 && pkt_len == 16'd0;
  for (genvar e = 0; e < E; e++) begin : g_spec
    logic holds;
    logic [15:0] lo_unused, span_unused;
    srtpo_engine_array_formal_spec #(.E(E)) u_spec (
      .e_i(2'(e)), .lo_i(slot), .span_i(span),
      .holds_o(holds), .local_lo_o(lo_unused), .local_span_o(span_unused));
    assign spec_mask[e] = d_walk ? holds : ((slot & 16'(E - 1)) == 16'(e));
  end

  logic [31:0] roc_prev;
  always_comb begin
    roc_prev = '1;
    for (int e = 0; e < E; e++) roc_prev[8 * e +: 8] = last_of_q[e];
  end

  logic         out_valid, in_ready, cpl_valid, order_err;
  logic [127:0] out_data;
  logic [3:0]   cpl_status;
  logic [15:0]  cpl_len;
  srtpo_engine_array #(
    .Engines(E), .NumSlots(65536), .DataW(DataW), .MaxPktBytes(MaxPktBytes),
    .OrdDepth(`FORMAL_ORD_DEPTH), .CplDepth(`FORMAL_CPL_DEPTH), .BcDepth(`FORMAL_BC_DEPTH),
    .RouteDepth(`FORMAL_ROUTE_DEPTH)
  ) dut (
    .clk_i, .rst_ni,
    .desc_valid_i(desc_valid), .desc_ready_o(d_ready), .op_i(op), .slot_i(slot),
    .index_i({slot, span, 8'd0, n_in_q}), .ssrc_i({16'd0, reply_len}), .roc_i(roc_prev),
    .roc_append_i(1'b0), .enc_off_i(16'd0), .enc_len_i(span), .auth_len_i(16'd0),
    .tag_off_i(16'd0), .tag_len_i(5'd0), .pkt_len_i(pkt_len),
    .in_valid_i(in_valid), .in_ready_o(in_ready), .in_data_i(in_data),
    .out_valid_o(out_valid), .out_ready_i(out_ready), .out_data_o(out_data),
    .cpl_valid_o(cpl_valid), .cpl_ready_i(cpl_ready), .cpl_status_o(cpl_status),
    .cpl_len_o(cpl_len), .order_err_o(order_err));
  assign d_fire = desc_valid && d_ready;

  // ---- the DMA's side of the contract ----
  logic [11:0] owed_q;                       // input words owed
  logic        d_hold_q, w_hold_q;
  logic [68:0] d_q;
  logic [127:0] w_q;
  logic        w_fire;
  assign w_fire = in_valid && in_ready;
  always_ff @(posedge clk_i) begin
    d_hold_q <= rst_ni && desc_valid && !d_ready;
    w_hold_q <= rst_ni && in_valid && !in_ready;
    d_q      <= {op, slot, span, pkt_len, reply_len};
    w_q      <= in_data;
  end
  always_comb begin
    if (!rst_ni) assume (!desc_valid && !in_valid);
    if (d_hold_q) assume (desc_valid && {op, slot, span, pkt_len, reply_len} == d_q);
    if (w_hold_q) assume (in_valid && in_data == w_q);
    if (desc_valid) begin
      assume (pkt_len <= 16'(MaxPktBytes));
      assume (reply_len <= 16'(2 * MaxPktBytes));
      if (d_walk) assume (17'(slot) + 17'(span) <= 17'd65535);
      assume (n_in_q < 8'(RefN));            // the reference never wraps within the bound
`ifdef FORMAL_ORDER
      // order run: slots and spans below 8 (every engine mask a descriptor can have, E <= 4)
      assume (slot < 16'd8 && span < 16'd8);
`endif
    end
`ifdef FORMAL_ORDER
    // order run: packet data is zero (the stub engines ignore it; only the count of words matters)
    if (in_valid) assume (in_data == 128'd0);
`endif
    if (in_valid) begin
    end
    if (in_valid) assume (owed_q != 12'd0);
  end

  // ---- reference state ----
  logic [7:0] o_seq_q, o_idx_q;              // the output word expected next
  logic [7:0] d_out_words;
  assign d_out_words = d_walk ? 8'd0 : 8'((17'(reply_len) + 17'd15) >> 4);
  logic out_fire, cpl_fire;
  assign out_fire = out_valid && out_ready;
  assign cpl_fire = cpl_valid && cpl_ready;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      n_in_q  <= '0;
      n_cpl_q <= '0;
      now_q   <= '0;
      owed_q  <= '0;
      o_seq_q <= '0;
      o_idx_q <= '0;
      for (int e = 0; e < 4; e++) last_of_q[e] <= 8'hff;
    end else begin
      now_q  <= now_q + 8'd1;
      owed_q <= owed_q + (d_fire ? 12'((17'(pkt_len) + 17'd15) >> 4) : 12'd0) - 12'(w_fire);
      if (d_fire) begin
        n_in_q <= n_in_q + 8'd1;
        ref_words[n_in_q[3:0]] <= d_out_words;
        ref_len[n_in_q[3:0]]   <= d_walk ? 16'd0 : reply_len;
        ref_time[n_in_q[3:0]]  <= now_q;
        ref_eng[n_in_q[3:0]]   <= d_walk ? 2'd0 : 2'(slot & 16'(E - 1));
        for (int e = 0; e < E; e++) if (spec_mask[e]) last_of_q[e] <= n_in_q;
      end
      if (cpl_fire) n_cpl_q <= n_cpl_q + 8'd1;
      // the output pointer: on a word, the next beat or the next descriptor; a descriptor that
      // entered and has no output words is passed over (one a clock, as fast as the merge)
      if (out_fire) begin
        if (o_idx_q + 8'd1 == ref_words[o_seq_q[3:0]]) begin
          o_seq_q <= o_seq_q + 8'd1;
          o_idx_q <= 8'd0;
        end else begin
          o_idx_q <= o_idx_q + 8'd1;
        end
      end else if (o_seq_q != n_in_q && ref_words[o_seq_q[3:0]] == 8'd0) begin
        o_seq_q <= o_seq_q + 8'd1;
      end
    end
  end

  // ---- reach: what the bound must get to for the properties above to mean anything ----
  // Completions out that had output words (counting the one leaving now), the engines they came
  // from; the cover is reached in the step the last of them leaves.
  logic [7:0] cov_cpls_q, cov_cpls;
  logic [3:0] cov_engs_q, cov_engs;
  logic       cov_cpl_now;
  assign cov_cpl_now = cpl_fire && ref_words[n_cpl_q[3:0]] != 8'd0;
  assign cov_cpls    = cov_cpls_q + 8'(cov_cpl_now);
  assign cov_engs    = cov_engs_q | (cov_cpl_now ? 4'd1 << ref_eng[n_cpl_q[3:0]] : 4'd0);
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      cov_cpls_q <= '0;
      cov_engs_q <= '0;
    end else begin
      cov_cpls_q <= cov_cpls;
      cov_engs_q <= cov_engs;
    end
  end
  logic cov_two_engines;
  assign cov_two_engines = (cov_engs & (cov_engs - 4'd1)) != 4'd0;
  always_ff @(posedge clk_i) begin
    if (rst_ni && !init_q) begin
      // COVER_CPLS completions with their output words (two: from two engines when there are
      // several)
      cover (cov_cpls >= 8'(`FORMAL_COVER_CPLS) && (E == 1 || `FORMAL_COVER_CPLS < 2 || cov_two_engines));
    end
  end

  // ---- the properties ----
  logic words_done;       // all output words of the next completion's descriptor are out
  assign words_done = o_seq_q > n_cpl_q ||
                      (o_seq_q == n_cpl_q && ref_words[o_seq_q[3:0]] == 8'd0);
  always_ff @(posedge clk_i) begin
    if (rst_ni && !init_q) begin
      assert (!order_err);
      assert (n_cpl_q <= n_in_q);
      assert (o_seq_q <= n_in_q);
      if (cpl_valid) begin
        assert (n_cpl_q != n_in_q);                       // no invented completion
        assert (cpl_status == n_cpl_q[3:0]);              // descriptor k's
        assert (cpl_len == ref_len[n_cpl_q[3:0]]);
        assert (words_done);                              // after its words
      end
      if (out_valid) begin
        assert (o_seq_q != n_in_q);
        assert (out_data[127:120] == o_seq_q);            // descriptor k's word ...
        assert (out_data[119:112] == o_idx_q);            // ... in beat order
        assert (o_idx_q < ref_words[o_seq_q[3:0]]);       // ... no more than ceil(len / 16)
        assert (out_data[111:96] == ref_len[o_seq_q[3:0]]);
      end
`ifdef FORMAL_LIVE
      if (n_cpl_q != n_in_q) assert (8'(now_q - ref_time[n_cpl_q[3:0]]) <= 8'(LiveBound));
`endif
    end
  end

`ifdef FORMAL_LIVE
  // fairness: the DMA takes output and completions and sends owed words at least every
  // FORMAL_STALL + 1 clocks
  logic [3:0] stall_out_q, stall_cpl_q, stall_in_q;
  always_ff @(posedge clk_i) begin
    stall_out_q <= (!rst_ni || out_ready) ? 4'd0 : stall_out_q + 4'd1;
    stall_cpl_q <= (!rst_ni || cpl_ready) ? 4'd0 : stall_cpl_q + 4'd1;
    stall_in_q  <= (!rst_ni || in_valid || owed_q == 12'd0) ? 4'd0 : stall_in_q + 4'd1;
  end
  always_comb begin
    if (stall_out_q >= 4'(`FORMAL_STALL)) assume (out_ready);
    if (stall_cpl_q >= 4'(`FORMAL_STALL)) assume (cpl_ready);
    if (rst_ni && owed_q != 12'd0 && stall_in_q >= 4'(`FORMAL_STALL)) assume (in_valid);
  end
`endif
endmodule
