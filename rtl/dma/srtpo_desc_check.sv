// SPDX-License-Identifier: BSD-3-Clause
// The checks that decide what a host descriptor may touch: its queue's DMA window and key-slot
// range, the buffer alignment, the reserved bits and the opcode. Combinational; srtpo_dma
// registers the result. Everything the card reads or writes for a descriptor comes from the
// addresses and the pass decision made here, which is why this block is proved on its own for
// every descriptor and every register content (rtl/formal/srtpo_desc_check_formal.sv).
//
// A descriptor passes (goes to the engine and causes DMA) only when:
//   - its queue epoch is current (else: dropped, no completion),
//   - the descriptor read had no error (else DMA), reserved bits are zero (else BAD_DESC),
//   - the opcode is known (else BAD_OP; NOP completes OK without work),
//   - PROTECT/UNPROTECT/LOAD_KEY: slot_base <= slot < slot_base + slot_count (else FOREIGN_SLOT)
//     and slot < NumSlots (else BAD_SLOT: a range set past the card's slots),
//     LOAD_KEY is 96 bytes (else BAD_KEY), a packet is 1..MaxPktBytes (else BAD_LEN),
//     in_off (and out_off for a packet) are multiples of 64 (else ALIGN), and
//     in_off + pkt_len, out_off + pkt_len <= WIN_SIZE (33-bit sums, else WINDOW);
//   - ZERO_KEYS: slot_base + slot_count <= NumSlots (else FOREIGN_SLOT) and slot_count != 0 (a
//     queue without slots completes OK with no work). It becomes one engine zero walk of
//     slots eng_slot_o .. eng_slot_o + zk_span_o, exactly the queue's range.
// SLOT_COUNT is 17 bits: a queue may own all 65,536 slots.
// WIN_SIZE is a multiple of 64 (the register ignores the low bits), so the whole bus beats read
// or written for a passing packet lie inside the window too.
module srtpo_desc_check #(
  parameter int unsigned MaxPktBytes = 2048,
  parameter int unsigned NumSlots    = 65536   // the engine's key slots (at most 65,536)
) (
  input  logic [511:0] desc_i,
  input  logic         rd_err_i,       // the descriptor read returned an error response
  input  logic         stale_i,        // the queue was reset after this descriptor was fetched
  input  logic [63:0]  win_base_i,
  input  logic [31:0]  win_size_i,
  input  logic [15:0]  slot_base_i,
  input  logic [16:0]  slot_count_i,
  // in_off + pkt_len and out_off + pkt_len of desc_i, and whether any reserved bit of it is set
  // (srtpo_desc_rsvd below): descriptor-only results, worked out by the caller as the descriptor
  // arrives, so this clock holds only the compares against the queue's registers
  input  logic [32:0]  in_end_i,
  input  logic [32:0]  out_end_i,
  input  logic         rsvd_bad_i,
  output logic         pass_o,         // the engine does the work (and DMA happens)
  output logic         drop_o,         // stale: no completion at all
  output logic [7:0]   status_o,       // completion status when !pass_o
  output logic         zero_keys_o,    // a passing ZERO_KEYS: one LOAD_KEY of zeros per slot
  output logic         reads_o,        // pass_o and packet data is read from in_addr_o
  output logic [15:0]  eng_slot_o,     // the slot the engine descriptor names (ZERO_KEYS: the first)
  output logic [15:0]  zk_span_o,      // ZERO_KEYS: slots after the first (slot_count - 1)
  output logic [63:0]  in_addr_o,      // win_base + in_off
  output logic [63:0]  out_addr_o      // win_base + out_off
);
  `include "srtpo_regs_pkg.svh"

  logic [7:0]   op;
  logic [15:0]  slot, pkt_len;
  logic [31:0]  in_off, out_off;
  assign op      = desc_i[8*SRTPO_DESC_OPCODE_OFF +: 8];
  assign slot    = desc_i[8*SRTPO_DESC_SLOT_OFF +: 16];
  assign pkt_len = desc_i[8*SRTPO_DESC_PKT_LEN_OFF +: 16];
  assign in_off  = desc_i[8*SRTPO_DESC_IN_OFF_OFF +: 32];
  assign out_off = desc_i[8*SRTPO_DESC_OUT_OFF_OFF +: 32];

  logic        rsvd_bad, pu, lk, zk, slot_ok, zk_ok, align_ok, in_ok, out_ok;
  logic [15:0] slot_rel;
  logic [17:0] slot_end;
  logic        slot_on_card;
  logic [32:0] in_end, out_end;
  assign rsvd_bad = rsvd_bad_i;
  assign pu       = op == 8'(SRTPO_OP_PROTECT) || op == 8'(SRTPO_OP_UNPROTECT);
  assign lk       = op == 8'(SRTPO_OP_LOAD_KEY);
  assign zk       = op == 8'(SRTPO_OP_ZERO_KEYS);
  assign slot_rel = slot - slot_base_i;
  assign slot_ok  = slot >= slot_base_i && {1'b0, slot_rel} < slot_count_i;
  assign slot_on_card = {1'b0, slot} < 17'(NumSlots);
  assign slot_end = {2'b00, slot_base_i} + {1'b0, slot_count_i};
  assign zk_ok    = slot_end <= 18'(NumSlots);
  assign align_ok = in_off[5:0] == 6'd0 && (lk || out_off[5:0] == 6'd0);
  assign in_end   = in_end_i;
  assign out_end  = out_end_i;
  assign in_ok    = in_end <= {1'b0, win_size_i[31:6], 6'd0};
  assign out_ok   = lk || out_end <= {1'b0, win_size_i[31:6], 6'd0};

  always_comb begin
    pass_o   = 1'b0;
    drop_o   = 1'b0;
    status_o = 8'(SRTPO_ST_OK);
    if (stale_i)                           drop_o = 1'b1;
    else if (rd_err_i)                     status_o = 8'(SRTPO_ST_DMA);
    else if (rsvd_bad)                     status_o = 8'(SRTPO_ST_BAD_DESC);
    else if (op == 8'(SRTPO_OP_NOP))       status_o = 8'(SRTPO_ST_OK);
    else if (zk && !zk_ok)                 status_o = 8'(SRTPO_ST_FOREIGN_SLOT);
    else if (zk)                           pass_o = slot_count_i != 17'd0;  // none: OK, no work
    else if (!pu && !lk)                   status_o = 8'(SRTPO_ST_BAD_OP);
    else if (!slot_ok)                     status_o = 8'(SRTPO_ST_FOREIGN_SLOT);
    else if (!slot_on_card)                status_o = 8'(SRTPO_ST_BAD_SLOT);
    else if (lk && pkt_len != 16'(SRTPO_KEY_REC_BYTES)) status_o = 8'(SRTPO_ST_BAD_KEY);
    else if (pu && (pkt_len == 16'd0 || pkt_len > 16'(MaxPktBytes))) status_o = 8'(SRTPO_ST_BAD_LEN);
    else if (!align_ok)                    status_o = 8'(SRTPO_ST_ALIGN);
    else if (!in_ok || !out_ok)            status_o = 8'(SRTPO_ST_WINDOW);
    else                                   pass_o = 1'b1;
  end

  logic unused;
  assign unused = ^{desc_i[8*SRTPO_DESC_RSVD2_OFF +: 128], desc_i[255:128], desc_i[63:48], desc_i[8*SRTPO_DESC_FLAGS_OFF +: 8],
                    desc_i[8*SRTPO_DESC_TAG_LEN_OFF +: 8], desc_i[8*SRTPO_DESC_RSVD0_OFF +: 8],
                    desc_i[8*SRTPO_DESC_INDEX_OFF +: 64], desc_i[8*SRTPO_DESC_RSVD1_OFF +: 48],
                    win_size_i[5:0]};

  assign zero_keys_o = pass_o && zk;
  assign eng_slot_o  = zk ? slot_base_i : slot;
  assign zk_span_o   = 16'(slot_count_i - 17'd1);
  assign reads_o     = pass_o && !zk;
  assign in_addr_o   = win_base_i + {32'd0, in_off};
  assign out_addr_o  = win_base_i + {32'd0, out_off};
endmodule
