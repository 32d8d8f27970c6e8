// SPDX-License-Identifier: BSD-3-Clause
// Port shell of the 7-series ICAPE2 primitive, for lint and Yosys only. O reads as zero.
module ICAPE2 #(
  parameter [31:0] DEVICE_ID         = 32'h03651093,
  parameter        ICAP_WIDTH        = "X32",
  parameter        SIM_CFG_FILE_NAME = "NONE"
) (
  output [31:0] O,
  input         CLK,
  input         CSIB,
  input  [31:0] I,
  input         RDWRB
);
  assign O = 32'h0;
endmodule
