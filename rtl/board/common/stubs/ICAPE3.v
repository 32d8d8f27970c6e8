// SPDX-License-Identifier: BSD-3-Clause
// Port shell of the UltraScale ICAPE3 primitive with a small model of the configuration packet
// processor, for lint, Yosys (read as a black box) and the board bench. Not the vendor model.
//
// Model: words written (CSIB low, RDWRB low) are bit-swapped back per byte and decoded after the
// sync word: type 1 writes to WBSTAR and CMD (IPROG, DESYNC) and type 1 reads of BOOTSTS. A
// BOOTSTS read request makes O return the value given by +bootsts=<hex> (default 0x1: VALID) while
// the port is selected for reading. AVAIL rises a few clocks after start, as after configuration.
module ICAPE3 #(
  parameter [31:0] DEVICE_ID         = 32'h03628093,
  parameter        ICAP_AUTO_SWITCH  = "DISABLE",
  parameter        SIM_CFG_FILE_NAME = "NONE"
) (
  output reg        AVAIL,
  output reg [31:0] O,
  output            PRDONE,
  output            PRERROR,
  input             CLK,
  input             CSIB,
  input      [31:0] I,
  input             RDWRB
);
  reg [31:0] bootsts;
  reg [31:0] wbstar;       // last WBSTAR written
  reg        synced;       // between sync word and DESYNC
  reg        iprog;        // an IPROG command was written
  reg        desynced;     // a DESYNC command was written
  reg        read_pending; // a BOOTSTS read was requested
  reg [4:0]  next_reg;     // register of the type 1 write whose data word comes next
  reg        expect_data;
  reg [3:0]  avail_cnt;
  integer    words;        // words written while selected, for a bench
  integer    reads;        // clocks selected for reading with a read pending

  wire [31:0] w;
  genvar b, k;
  generate
    for (b = 0; b < 4; b = b + 1) begin : g_byte
      for (k = 0; k < 8; k = k + 1) begin : g_bit
        assign w[8 * b + k] = I[8 * b + 7 - k];
      end
    end
  endgenerate

  function [31:0] swap;
    input [31:0] v;
    integer x, y;
    begin
      for (x = 0; x < 4; x = x + 1)
        for (y = 0; y < 8; y = y + 1) swap[8 * x + y] = v[8 * x + 7 - y];
    end
  endfunction

  initial begin
    bootsts = 32'h1;
`ifndef SYNTHESIS
    if (!$value$plusargs("bootsts=%h", bootsts)) bootsts = 32'h1;
`endif
    wbstar       = 32'h0;
    synced       = 1'b0;
    iprog        = 1'b0;
    desynced     = 1'b0;
    read_pending = 1'b0;
    next_reg     = 5'd0;
    expect_data  = 1'b0;
    avail_cnt    = 4'd0;
    AVAIL        = 1'b0;
    O            = 32'h0;
    words        = 0;
    reads        = 0;
  end

  always @(posedge CLK) begin
    if (avail_cnt != 4'd10) avail_cnt <= avail_cnt + 4'd1;
    AVAIL <= avail_cnt == 4'd10;
    if (!CSIB && !RDWRB) begin
      words <= words + 1;
      if (!synced) begin
        if (w == 32'haa995566) synced <= 1'b1;
      end else if (expect_data) begin
        expect_data <= 1'b0;
        if (next_reg == 5'b10000) wbstar <= w;
        if (next_reg == 5'b00100 && w == 32'h0000000f) iprog <= 1'b1;
        if (next_reg == 5'b00100 && w == 32'h0000000d) begin
          desynced <= 1'b1;
          synced   <= 1'b0;
        end
      end else if (w[31:29] == 3'b001 && w[28:27] == 2'b10 && w[10:0] == 11'd1) begin
        next_reg    <= w[17:13];
        expect_data <= 1'b1;
      end else if (w[31:29] == 3'b001 && w[28:27] == 2'b01 && w[17:13] == 5'b10110) begin
        read_pending <= 1'b1;
      end
    end
    if (!CSIB && RDWRB && read_pending) begin
      reads <= reads + 1;
      if (reads >= 2) O <= swap(bootsts);
    end
  end

  assign PRDONE  = 1'b0;
  assign PRERROR = 1'b0;
endmodule
