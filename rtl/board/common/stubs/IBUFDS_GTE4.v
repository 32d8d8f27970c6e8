// SPDX-License-Identifier: BSD-3-Clause
// Port shell of the UltraScale+ GT reference clock buffer, for lint and Yosys only (Vivado uses its
// own primitive library). Behaviour: O follows I, ODIV2 follows I as well (the real ODIV2 is I / 1
// or / 2 depending on REFCLK_HROW_CK_SEL; only connectivity matters here).
module IBUFDS_GTE4 #(
  parameter [0:0] REFCLK_EN_TX_PATH  = 1'b0,
  parameter [1:0] REFCLK_HROW_CK_SEL = 2'b00,
  parameter [1:0] REFCLK_ICNTL_RX    = 2'b00
) (
  output O,
  output ODIV2,
  input  CEB,
  input  I,
  input  IB
);
  assign O     = I & ~CEB;
  assign ODIV2 = I & ~CEB;
endmodule
