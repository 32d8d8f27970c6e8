// SPDX-License-Identifier: BSD-3-Clause
// Port shell of the UltraScale clock divider buffer, for lint and Yosys only. Behaviour: divides I
// by BUFGCE_DIVIDE while CE is high (enough for a bench; no glitch or phase modelling).
module BUFGCE_DIV #(
  parameter integer BUFGCE_DIVIDE   = 1,
  parameter         CE_TYPE         = "SYNC",
  parameter         HARDSYNC_CLR    = "FALSE",
  parameter [0:0]   IS_CE_INVERTED  = 1'b0,
  parameter [0:0]   IS_CLR_INVERTED = 1'b0,
  parameter [0:0]   IS_I_INVERTED   = 1'b0,
  parameter         SIM_DEVICE      = "ULTRASCALE_PLUS"
) (
  output reg O,
  input      CE,
  input      CLR,
  input      I
);
  reg [7:0] cnt;
  initial begin
    O   = 1'b0;
    cnt = 8'd0;
  end
  always @(posedge I or posedge CLR) begin
    if (CLR) begin
      cnt <= 8'd0;
      O   <= 1'b0;
    end else if (CE) begin
      if (cnt == BUFGCE_DIVIDE[7:0] / 8'd2 - 8'd1 || BUFGCE_DIVIDE == 1) begin
        cnt <= 8'd0;
        O   <= ~O;
      end else begin
        cnt <= cnt + 8'd1;
      end
    end
  end
endmodule
