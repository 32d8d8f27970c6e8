// SPDX-License-Identifier: BSD-3-Clause
// Port shell of the UltraScale STARTUPE3 primitive, for lint, Yosys and benches. Behaviour: EOS is
// high, the flash data pins read back what is driven on DO where DTS is low (a loop, enough to see
// the wiring), and the last USRCCLKO/FCSBO values are visible for a bench.
module STARTUPE3 #(
  parameter       PROG_USR      = "FALSE",
  parameter real  SIM_CCLK_FREQ = 0.0
) (
  output       CFGCLK,
  output       CFGMCLK,
  output [3:0] DI,
  output       EOS,
  output       PREQ,
  input  [3:0] DO,
  input  [3:0] DTS,
  input        FCSBO,
  input        FCSBTS,
  input        GSR,
  input        GTS,
  input        KEYCLEARB,
  input        PACK,
  input        USRCCLKO,
  input        USRCCLKTS,
  input        USRDONEO,
  input        USRDONETS
);
  assign CFGCLK  = 1'b0;
  assign CFGMCLK = 1'b0;
  assign EOS     = 1'b1;
  assign PREQ    = 1'b0;
  // D01 (MISO) returns D00 (MOSI) when the flash is selected: a loopback a bench can check.
  assign DI      = {DO[3] & ~DTS[3], DO[2] & ~DTS[2], DO[0] & ~FCSBO, DO[0] & ~DTS[0]};
endmodule
