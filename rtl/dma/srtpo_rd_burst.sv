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

  logic [15:0] done_q;                 // bytes of the head request already requested
  logic [63:0] addr_d;
  logic [15:0] left_d;
  logic [12:0] beats_d, to4k_d, burst_d;
  logic        last_d, fresh_q;
  assign addr_d  = req_addr_i + {48'd0, done_q};
  assign left_d  = req_len_i - done_q;
  assign beats_d = 13'(({1'b0, left_d} + 17'(DB - 1)) >> DBW);
  assign to4k_d  = 13'((13'h1000 - {1'b0, addr_d[11:0]}) >> DBW);
  always_comb begin
    burst_d = beats_d;
    if (to4k_d < burst_d)          burst_d = to4k_d;
    if (13'(MaxBurst) < burst_d)   burst_d = 13'(MaxBurst);
  end
  assign last_d = (32'(burst_d) << DBW) >= 32'(left_d);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      addr_o  <= '0;
      beats_o <= '0;
      last_o  <= 1'b0;
      fresh_q <= 1'b0;
      done_q  <= '0;
    end else begin
      addr_o  <= addr_d;
      beats_o <= burst_d;
      last_o  <= last_d;
      fresh_q <= req_valid_i && !take_i;
      if (take_i) done_q <= last_o ? 16'd0 : done_q + 16'({beats_o, {DBW{1'b0}}});
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
