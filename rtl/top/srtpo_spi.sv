// SPDX-License-Identifier: BSD-3-Clause
// SPI master for the configuration flash: mode 0 (SCK idles low, sample on the rising edge),
// one byte per transfer, MSB first. Chip select is held by software through SPI_CTRL.CS so a
// command, address and data run as one flash transaction over several transfers.
module srtpo_spi (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic [7:0] div_i,      // SCK half period in clocks, minus one
  input  logic       start_i,    // pulse: shift tx_i out
  input  logic [7:0] tx_i,
  output logic       busy_o,
  output logic [7:0] rx_o,
  output logic       sck_o,
  output logic       mosi_o,
  input  logic       miso_i
);
  logic [7:0] sh_q, cnt_q;
  logic [3:0] bit_q;       // half periods left / 2
  logic       sck_q, busy_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      busy_q <= 1'b0;
      sck_q  <= 1'b0;
      sh_q   <= '0;
      cnt_q  <= '0;
      bit_q  <= '0;
      rx_o   <= '0;
    end else if (!busy_q) begin
      if (start_i) begin
        busy_q <= 1'b1;
        sh_q   <= tx_i;
        cnt_q  <= div_i;
        bit_q  <= 4'd8;
      end
    end else if (cnt_q != 8'd0) begin
      cnt_q <= cnt_q - 8'd1;
    end else begin
      cnt_q <= div_i;
      if (!sck_q) begin
        // rising edge: the flash drives MISO on the falling edge, so it is stable here
        sck_q <= 1'b1;
        rx_o  <= {rx_o[6:0], miso_i};
      end else begin
        sck_q <= 1'b0;
        sh_q  <= {sh_q[6:0], 1'b0};
        bit_q <= bit_q - 4'd1;
        if (bit_q == 4'd1) busy_q <= 1'b0;
      end
    end
  end

  assign busy_o = busy_q;
  assign sck_o  = sck_q;
  assign mosi_o = sh_q[7];
endmodule
