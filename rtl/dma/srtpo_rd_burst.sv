// SPDX-License-Identifier: BSD-3-Clause
// Splits the head data-read request of srtpo_dma ({address, bytes}, address 64-byte aligned)
// into AXI read bursts: whole bus beats, at most MaxBurst beats, never across 4 KiB. The next
// burst (address, beats, whether it ends the request) is worked out a clock ahead into
// registers; they describe the head as it is now unless a burst was taken or the request FIFO
// was empty in the previous clock (then ok_o is low for a clock). Every burst lies inside
// [address, address + bytes rounded up to whole beats): proved by rtl/formal.
module srtpo_rd_burst #(
  parameter int unsigned DB       = 32,          // bytes per bus beat (16, 32 or 64)
  parameter int unsigned MaxBurst = 1024 / DB    // beats per burst at most
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        req_valid_i,     // a request is at the head of the FIFO
  input  logic [63:0] req_addr_i,
  input  logic [15:0] req_len_i,       // 1 .. 65535 bytes
  input  logic        take_i,          // the burst below is issued on AR this clock
  output logic        ok_o,            // addr_o / beats_o / last_o describe the head's next burst
  output logic [63:0] addr_o,
  output logic [12:0] beats_o,
  output logic        last_o           // the burst ends the request: pop it with take_i
);
  localparam int unsigned DBW = $clog2(DB);
  localparam int unsigned PW  = 12 - DBW;                  // bits of a beat's place in a 4 KiB page
  localparam logic [12:0] PageBeats = 13'(4096 / DB);

  // The next burst is the smallest of three limits: the beats left of the request, the beats to
  // the next 4 KiB boundary, MaxBurst. Both counts are kept in beats, as registers, from the
  // head's second burst on (its first works them out from the request itself), so the three
  // compares run side by side from short sums and the burst and `last` are a mux behind them.
  logic [15:0] done_q;                 // bytes of the head request already requested
  logic        first_q;                // the next burst is the head's first (done_q == 0)
  logic [12:0] left_q, left_o_q;       // beats left after the bursts taken; behind the offer
  logic [PW-1:0] pos_q, pos_o_q;       // page place of the next burst; of the offered one
  logic [63:0] addr_d;
  logic [12:0] left_d, to4k_d, burst_d;
  logic [PW-1:0] pos_d;
  logic        last_d, fresh_q, over_page, over_max, page_over_max;
  assign addr_d  = req_addr_i + {48'd0, done_q};
  assign left_d  = first_q ? 13'(({1'b0, req_len_i} + 17'(DB - 1)) >> DBW) : left_q;
  assign pos_d   = first_q ? req_addr_i[11:DBW] : pos_q;
  assign to4k_d  = PageBeats - 13'(pos_d);
  assign over_page     = to4k_d < left_d;                  // the page ends first
  assign over_max      = 13'(MaxBurst) < left_d;           // MaxBurst ends first
  assign page_over_max = 13'(MaxBurst) < to4k_d;
  always_comb begin
    if (over_page) burst_d = page_over_max ? 13'(MaxBurst) : to4k_d;
    else           burst_d = over_max ? 13'(MaxBurst) : left_d;
  end
  assign last_d = !over_page && !over_max;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      addr_o   <= '0;
      beats_o  <= '0;
      last_o   <= 1'b0;
      fresh_q  <= 1'b0;
      done_q   <= '0;
      first_q  <= 1'b1;
      left_q   <= '0;
      left_o_q <= '0;
      pos_q    <= '0;
      pos_o_q  <= '0;
    end else begin
      addr_o   <= addr_d;
      beats_o  <= burst_d;
      last_o   <= last_d;
      left_o_q <= left_d;
      pos_o_q  <= pos_d;
      fresh_q  <= req_valid_i && !take_i;
      if (take_i) begin
        done_q  <= last_o ? 16'd0 : done_q + 16'({beats_o, {DBW{1'b0}}});
        first_q <= last_o;
        left_q  <= left_o_q - beats_o;
        pos_q   <= PW'(13'(pos_o_q) + beats_o);
      end
    end
  end
  assign ok_o = fresh_q && req_valid_i;

`ifndef SYNTHESIS
  // Checks (Verilator --assert; yosys-smtbmc with k-induction in rtl/formal). A burst is taken
  // only when ok_o; the head request stays put until its last burst is taken.
  logic [16:0] span;
  assign span = 17'(({1'b0, req_len_i} + 17'(DB - 1)) >> DBW) << DBW;
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // the kept counts say what done_q says
      assert (first_q == (done_q == 16'd0));
      if (req_valid_i && !first_q) begin
        assert ((32'(left_q) << DBW) == 32'(span) - 32'(done_q));
        assert (pos_q == PW'((req_addr_i[11:0] + done_q[11:0]) >> DBW));
      end
      if (ok_o) assert (left_o_q == left_d && pos_o_q == pos_d);
      if (req_valid_i) begin
        assert (done_q[DBW-1:0] == '0);
        assert ({1'b0, done_q} < span);
      end else begin
        assert (done_q == 16'd0);     // a request leaves only after its last burst
      end
      if (take_i) begin
        assert (ok_o);
        assert (addr_o == req_addr_i + {48'd0, done_q});
        assert (beats_o != 13'd0 && beats_o <= 13'(MaxBurst));
        assert ({1'b0, done_q} + 17'({beats_o, {DBW{1'b0}}}) <= span);
        assert (13'({1'b0, addr_o[11:0]}) + 13'({beats_o, {DBW{1'b0}}}) <= 13'h1000);
        assert (last_o == ({1'b0, done_q} + 17'({beats_o, {DBW{1'b0}}}) >= {1'b0, req_len_i}));
      end
    end
  end
`endif
endmodule
