// SPDX-License-Identifier: BSD-3-Clause
// Whether a descriptor has a reserved bit set (BAD_DESC): a wide OR over the descriptor alone,
// worked out as the descriptor arrives (srtpo_dma) and handed to srtpo_desc_check with it.
module srtpo_desc_rsvd (
  input  logic [511:0] desc_i,
  output logic         rsvd_bad_o
);
  `include "srtpo_regs_pkg.svh"
  logic [7:0]   flags, tag_len, rsvd0;
  logic [15:0]  index_hi;
  logic [47:0]  rsvd1;
  logic [127:0] rsvd2;
  assign flags    = desc_i[8*SRTPO_DESC_FLAGS_OFF +: 8];
  assign tag_len  = desc_i[8*SRTPO_DESC_TAG_LEN_OFF +: 8];
  assign rsvd0    = desc_i[8*SRTPO_DESC_RSVD0_OFF +: 8];
  assign index_hi = desc_i[8*SRTPO_DESC_INDEX_OFF + 48 +: 16];
  assign rsvd1    = desc_i[8*SRTPO_DESC_RSVD1_OFF +: 48];
  assign rsvd2    = desc_i[8*SRTPO_DESC_RSVD2_OFF +: 128];
  assign rsvd_bad_o = (rsvd0 != 8'd0) || (rsvd1 != 48'd0) || (rsvd2 != 128'd0) ||
                      (flags[7:1] != 7'd0) || (tag_len[7:5] != 3'd0) || (index_hi != 16'd0);

  logic unused;
  assign unused = ^{desc_i, flags[0], tag_len[4:0]};
endmodule
