// SPDX-License-Identifier: BSD-3-Clause
// Simple dual-port RAM: one write port, one registered read port. The read data register holds
// while re_i is low. A read and a write of one address in the same clock return the old data.
// The array has no reset (block RAM and UltraRAM cannot be reset; nothing relies on its power-up
// contents), so FPGA tools map it to RAM primitives. Kind sets Xilinx's ram_style attribute,
// which Yosys (synth_xilinx) and Vivado both read: 2 "ultra" (UltraRAM URAM288 on UltraScale+),
// 1 "block" (RAMB36/RAMB18), 0 no attribute (the tool picks by size).
module srtpo_ram_1r1w #(
  parameter int unsigned Width = 8,
  parameter int unsigned Depth = 16,
  parameter int unsigned Kind  = 0            // 2 ultra, 1 block, 0 the tool's choice
) (
  input  logic                     clk_i,
  input  logic                     we_i,
  input  logic [$clog2(Depth)-1:0] waddr_i,
  input  logic [Width-1:0]         wdata_i,
  input  logic                     re_i,
  input  logic [$clog2(Depth)-1:0] raddr_i,
  output logic [Width-1:0]         rdata_o
);
  if (Kind == 2) begin : g_ultra
    (* ram_style = "ultra" *) logic [Width-1:0] mem [Depth];
    always_ff @(posedge clk_i) begin
      if (we_i) mem[waddr_i] <= wdata_i;
    end
    always_ff @(posedge clk_i) begin
      if (re_i) rdata_o <= mem[raddr_i];
    end
  end else if (Kind == 1) begin : g_block
    (* ram_style = "block" *) logic [Width-1:0] mem [Depth];
    always_ff @(posedge clk_i) begin
      if (we_i) mem[waddr_i] <= wdata_i;
    end
    always_ff @(posedge clk_i) begin
      if (re_i) rdata_o <= mem[raddr_i];
    end
  end else begin : g_any
    logic [Width-1:0] mem [Depth];
    always_ff @(posedge clk_i) begin
      if (we_i) mem[waddr_i] <= wdata_i;
    end
    always_ff @(posedge clk_i) begin
      if (re_i) rdata_o <= mem[raddr_i];
    end
  end
endmodule
