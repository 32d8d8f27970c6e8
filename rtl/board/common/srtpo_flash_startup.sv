// SPDX-License-Identifier: BSD-3-Clause
// srtpo_flash_startup: srtpo_core's flash SPI pins onto the configuration flash through
// STARTUPE3 (UltraScale/UltraScale+). After configuration the flash clock (CCLK) and on
// UltraScale+ also the chip select and data pins are reachable only through this primitive.
//
// The flash runs in SPI x1 after configuration: D00 = MOSI (flash DQ0), D01 = MISO (flash DQ1);
// D02 (flash W#) and D03 (flash HOLD#/RESET#) are driven high so that neither write protect nor
// hold can interfere with a field update.
//
// UG570: the first three clock edges on USRCCLKO after configuration are taken by the switch from
// the configuration clock and never reach the pin. Before the core gets the pins this block sends
// InitClocks clocks with chip select high, so the first real flash command is complete.
module srtpo_flash_startup #(
  parameter int unsigned InitClocks = 8,
  parameter int unsigned InitHalf   = 8    // clk_i cycles per half period of the init clocks
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic sck_i,       // srtpo_core spi_sck_o
  input  logic cs_ni,       // srtpo_core spi_cs_no
  input  logic mosi_i,      // srtpo_core spi_mosi_o
  output logic miso_o,      // to srtpo_core spi_miso_i
  output logic eos_o        // end of startup: configuration finished
);
  localparam int unsigned HalfW = $clog2(InitHalf + 1);
  localparam int unsigned EdgeW = $clog2(2 * InitClocks + 1);

  logic [HalfW-1:0] half_q;
  logic [EdgeW-1:0] edges_q;
  logic             init_sck_q, init_done_q;
  logic             usrcclko, fcsbo;
  logic [3:0]       di;
  logic             cfgclk, cfgmclk, preq;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      half_q      <= '0;
      edges_q     <= '0;
      init_sck_q  <= 1'b0;
      init_done_q <= 1'b0;
    end else if (!init_done_q) begin
      if (32'(half_q) == InitHalf - 1) begin
        half_q     <= '0;
        init_sck_q <= !init_sck_q;
        edges_q    <= edges_q + 1'b1;
        if (32'(edges_q) == 2 * InitClocks - 1) init_done_q <= 1'b1;
      end else begin
        half_q <= half_q + 1'b1;
      end
    end
  end

  // Until the init clocks are out the core's chip select is held off (high).
  assign usrcclko = init_done_q ? sck_i : init_sck_q;
  assign fcsbo    = init_done_q ? cs_ni : 1'b1;

  STARTUPE3 #(
    .PROG_USR ("FALSE")
  ) u_startup (
    .CFGCLK    (cfgclk),
    .CFGMCLK   (cfgmclk),
    .DI        (di),
    .EOS       (eos_o),
    .PREQ      (preq),
    .DO        ({1'b1, 1'b1, 1'b0, mosi_i}),
    .DTS       (4'b0010),                   // D01 is the input (MISO)
    .FCSBO     (fcsbo),
    .FCSBTS    (1'b0),
    .GSR       (1'b0),
    .GTS       (1'b0),
    .KEYCLEARB (1'b1),
    .PACK      (1'b0),
    .USRCCLKO  (usrcclko),
    .USRCCLKTS (1'b0),
    .USRDONEO  (1'b1),
    .USRDONETS (1'b1)
  );

  assign miso_o = di[1];

  logic unused;
  assign unused = ^{di[0], di[2], di[3], cfgclk, cfgmclk, preq};
endmodule
