// SPDX-License-Identifier: BSD-3-Clause
// Proof harness for srtpo_desc_check: every input is free (any descriptor, any register content,
// any epoch and read status), so one solver step covers all cases (the block has no state).
//   - a descriptor that does work names a key slot inside [SLOT_BASE, SLOT_BASE + SLOT_COUNT)
//     and below NumSlots; a ZERO_KEYS walk covers exactly that range, which lies below NumSlots
//     (SLOT_COUNT is 17 bits: up to 65,536);
//   - a descriptor that reads or writes packet data does so at WIN_BASE + in_off / out_off, and
//     every whole 64-byte unit touched (the widest bus beat) lies inside [0, WIN_SIZE);
//   - a descriptor that fails causes no DMA; a stale one is dropped and nothing else.
module srtpo_desc_check_formal #(
  parameter int unsigned NumSlots = 65536
) (
  input  logic [511:0] desc,
  input  logic         rd_err,
  input  logic         stale,
  input  logic [63:0]  win_base,
  input  logic [31:0]  win_size,
  input  logic [15:0]  slot_base,
  input  logic [16:0]  slot_count
);
  `include "srtpo_regs_pkg.svh"
  localparam int unsigned MaxPktBytes = 2048;

  logic        pass, drop, zero_keys, reads;
  logic        rsvd_bad;
  srtpo_desc_rsvd u_rsvd (.desc_i(desc), .rsvd_bad_o(rsvd_bad));
  logic [7:0]  status;
  logic [63:0] in_addr, out_addr;
  logic [15:0] eng_slot, zk_span;
  srtpo_desc_check #(.MaxPktBytes(MaxPktBytes), .NumSlots(NumSlots)) dut (
    .desc_i(desc), .rd_err_i(rd_err), .stale_i(stale), .win_base_i(win_base),
    .win_size_i(win_size), .slot_base_i(slot_base), .slot_count_i(slot_count),
    .in_end_i({1'b0, desc[8*SRTPO_DESC_IN_OFF_OFF +: 32]} + {17'd0, desc[8*SRTPO_DESC_PKT_LEN_OFF +: 16]}),
    .out_end_i({1'b0, desc[8*SRTPO_DESC_OUT_OFF_OFF +: 32]} + {17'd0, desc[8*SRTPO_DESC_PKT_LEN_OFF +: 16]}),
    .rsvd_bad_i(rsvd_bad),
    .pass_o(pass), .drop_o(drop), .status_o(status), .zero_keys_o(zero_keys), .reads_o(reads),
    .eng_slot_o(eng_slot), .zk_span_o(zk_span), .in_addr_o(in_addr), .out_addr_o(out_addr));

  logic [7:0]  op;
  logic [15:0] slot, pkt_len;
  logic [31:0] in_off, out_off;
  assign op      = desc[8*SRTPO_DESC_OPCODE_OFF +: 8];
  assign slot    = desc[8*SRTPO_DESC_SLOT_OFF +: 16];
  assign pkt_len = desc[8*SRTPO_DESC_PKT_LEN_OFF +: 16];
  assign in_off  = desc[8*SRTPO_DESC_IN_OFF_OFF +: 32];
  assign out_off = desc[8*SRTPO_DESC_OUT_OFF_OFF +: 32];

  // bytes read/written rounded up to whole 64-byte units
  logic [32:0] span, in_last, out_last;
  assign span     = {11'd0, (({6'd0, pkt_len} + 22'd63) >> 6), 6'd0};
  assign in_last  = {1'b0, in_off} + span;
  assign out_last = {1'b0, out_off} + span;

  always_comb begin
    // a passing descriptor is one the engine and the DMA may act on
    if (pass) begin
      assert (!rd_err && !stale && !drop);
      assert (op == 8'(SRTPO_OP_PROTECT) || op == 8'(SRTPO_OP_UNPROTECT) ||
              op == 8'(SRTPO_OP_LOAD_KEY) || op == 8'(SRTPO_OP_ZERO_KEYS));
    end
    // key slots: PROTECT / UNPROTECT read, LOAD_KEY writes, the one slot the engine is given,
    // which is the queue's and on the card; ZERO_KEYS writes eng_slot .. eng_slot + zk_span,
    // which is [SLOT_BASE, SLOT_BASE + SLOT_COUNT) exactly and ends at or below NumSlots (so it
    // never wraps past slot 65535 into another queue's slots)
    if (pass && !zero_keys) begin
      assert (eng_slot == slot);
      assert (eng_slot >= slot_base);
      assert ({2'b00, eng_slot} < {2'b00, slot_base} + {1'b0, slot_count});
      assert ({1'b0, eng_slot} < 17'(NumSlots));
    end
    if (zero_keys) begin
      assert (slot_count != 17'd0);
      assert (eng_slot == slot_base);
      assert ({2'b00, eng_slot} + {2'b00, zk_span} + 18'd1 == {2'b00, slot_base} + {1'b0, slot_count});
      assert ({2'b00, eng_slot} + {2'b00, zk_span} + 18'd1 <= 18'(NumSlots));
    end
    // window: reads and writes of packet data stay inside [WIN_BASE, WIN_BASE + WIN_SIZE)
    if (reads) begin
      assert (pass && !zero_keys);
      assert (in_addr == win_base + {32'd0, in_off});
      assert (in_off[5:0] == 6'd0);
      assert (in_last <= {1'b0, win_size});
      assert (pkt_len != 16'd0 && pkt_len <= 16'(MaxPktBytes));
    end
    if (reads && op != 8'(SRTPO_OP_LOAD_KEY)) begin
      assert (out_addr == win_base + {32'd0, out_off});
      assert (out_off[5:0] == 6'd0);
      assert (out_last <= {1'b0, win_size});
    end
    if (pass && op == 8'(SRTPO_OP_LOAD_KEY)) assert (pkt_len == 16'(SRTPO_KEY_REC_BYTES));
    // a failing descriptor does nothing but complete (or, stale, vanish)
    if (!pass) assert (!reads && !zero_keys);
    if (stale) assert (drop && !pass);
  end
endmodule
