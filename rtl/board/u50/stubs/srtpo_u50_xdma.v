// SPDX-License-Identifier: BSD-3-Clause
// Port shell of srtpo_u50_xdma, the DMA/Bridge Subsystem for PCI Express (XDMA) in AXI Bridge mode
// as constraints/u50/ip.tcl configures it (Gen3 x16, 512-bit AXI, BAR0 1 MiB to M_AXI_B, S_AXI_B
// for card-to-host DMA, 4 user interrupts as MSI-X). For lint and Yosys only: Vivado builds the
// real IP. The build (constraints/u50/build.tcl) compares these ports with the generated IP's and
// stops on any difference, so a change of IP options that renames a port is caught there.
module srtpo_u50_xdma (
  input          sys_clk,
  input          sys_clk_gt,
  input          sys_rst_n,
  output         user_lnk_up,
  output [15:0]  pci_exp_txp,
  output [15:0]  pci_exp_txn,
  input  [15:0]  pci_exp_rxp,
  input  [15:0]  pci_exp_rxn,
  output         axi_aclk,
  output         axi_aresetn,
  input  [3:0]   usr_irq_req,
  output [3:0]   usr_irq_ack,
  output         msi_enable,
  output         msix_enable,
  output [2:0]   msi_vector_width,
  // M_AXI_B: host accesses to BAR0
  output [3:0]   m_axib_awid,
  output [63:0]  m_axib_awaddr,
  output [7:0]   m_axib_awlen,
  output [2:0]   m_axib_awsize,
  output [1:0]   m_axib_awburst,
  output [2:0]   m_axib_awprot,
  output         m_axib_awvalid,
  input          m_axib_awready,
  output         m_axib_awlock,
  output [3:0]   m_axib_awcache,
  output [511:0] m_axib_wdata,
  output [63:0]  m_axib_wstrb,
  output         m_axib_wlast,
  output         m_axib_wvalid,
  input          m_axib_wready,
  input  [3:0]   m_axib_bid,
  input  [1:0]   m_axib_bresp,
  input          m_axib_bvalid,
  output         m_axib_bready,
  output [3:0]   m_axib_arid,
  output [63:0]  m_axib_araddr,
  output [7:0]   m_axib_arlen,
  output [2:0]   m_axib_arsize,
  output [1:0]   m_axib_arburst,
  output [2:0]   m_axib_arprot,
  output         m_axib_arvalid,
  input          m_axib_arready,
  output         m_axib_arlock,
  output [3:0]   m_axib_arcache,
  input  [3:0]   m_axib_rid,
  input  [511:0] m_axib_rdata,
  input  [1:0]   m_axib_rresp,
  input          m_axib_rlast,
  input          m_axib_rvalid,
  output         m_axib_rready,
  // S_AXI_B: card DMA to host memory (AXI address = bus address)
  input  [3:0]   s_axib_awid,
  input  [63:0]  s_axib_awaddr,
  input  [3:0]   s_axib_awregion,
  input  [7:0]   s_axib_awlen,
  input  [2:0]   s_axib_awsize,
  input  [1:0]   s_axib_awburst,
  input          s_axib_awvalid,
  output         s_axib_awready,
  input  [511:0] s_axib_wdata,
  input  [63:0]  s_axib_wstrb,
  input          s_axib_wlast,
  input          s_axib_wvalid,
  output         s_axib_wready,
  output [3:0]   s_axib_bid,
  output [1:0]   s_axib_bresp,
  output         s_axib_bvalid,
  input          s_axib_bready,
  input  [3:0]   s_axib_arid,
  input  [63:0]  s_axib_araddr,
  input  [3:0]   s_axib_arregion,
  input  [7:0]   s_axib_arlen,
  input  [2:0]   s_axib_arsize,
  input  [1:0]   s_axib_arburst,
  input          s_axib_arvalid,
  output         s_axib_arready,
  output [3:0]   s_axib_rid,
  output [511:0] s_axib_rdata,
  output [1:0]   s_axib_rresp,
  output         s_axib_rlast,
  output         s_axib_rvalid,
  input          s_axib_rready,
  // S_AXI_LITE: the bridge's own registers (unused by an endpoint; tied off)
  input  [31:0]  s_axil_awaddr,
  input  [2:0]   s_axil_awprot,
  input          s_axil_awvalid,
  output         s_axil_awready,
  input  [31:0]  s_axil_wdata,
  input  [3:0]   s_axil_wstrb,
  input          s_axil_wvalid,
  output         s_axil_wready,
  output         s_axil_bvalid,
  output [1:0]   s_axil_bresp,
  input          s_axil_bready,
  input  [31:0]  s_axil_araddr,
  input  [2:0]   s_axil_arprot,
  input          s_axil_arvalid,
  output         s_axil_arready,
  output [31:0]  s_axil_rdata,
  output [1:0]   s_axil_rresp,
  output         s_axil_rvalid,
  input          s_axil_rready
);
  // Outputs idle: no link, no host traffic. The clock follows the reference clock so that a
  // netlist or bench has a running clock.
  assign user_lnk_up      = 1'b0;
  assign pci_exp_txp      = 16'h0;
  assign pci_exp_txn      = 16'hffff;
  assign axi_aclk         = sys_clk;
  assign axi_aresetn      = sys_rst_n;
  assign usr_irq_ack      = 4'h0;
  assign msi_enable       = 1'b0;
  assign msix_enable      = 1'b0;
  assign msi_vector_width = 3'h0;
  assign m_axib_awid      = 4'h0;
  assign m_axib_awaddr    = 64'h0;
  assign m_axib_awlen     = 8'h0;
  assign m_axib_awsize    = 3'h0;
  assign m_axib_awburst   = 2'h0;
  assign m_axib_awprot    = 3'h0;
  assign m_axib_awvalid   = 1'b0;
  assign m_axib_awlock    = 1'b0;
  assign m_axib_awcache   = 4'h0;
  assign m_axib_wdata     = 512'h0;
  assign m_axib_wstrb     = 64'h0;
  assign m_axib_wlast     = 1'b0;
  assign m_axib_wvalid    = 1'b0;
  assign m_axib_bready    = 1'b0;
  assign m_axib_arid      = 4'h0;
  assign m_axib_araddr    = 64'h0;
  assign m_axib_arlen     = 8'h0;
  assign m_axib_arsize    = 3'h0;
  assign m_axib_arburst   = 2'h0;
  assign m_axib_arprot    = 3'h0;
  assign m_axib_arvalid   = 1'b0;
  assign m_axib_arlock    = 1'b0;
  assign m_axib_arcache   = 4'h0;
  assign m_axib_rready    = 1'b0;
  assign s_axib_awready   = 1'b0;
  assign s_axib_wready    = 1'b0;
  assign s_axib_bid       = 4'h0;
  assign s_axib_bresp     = 2'h0;
  assign s_axib_bvalid    = 1'b0;
  assign s_axib_arready   = 1'b0;
  assign s_axib_rid       = 4'h0;
  assign s_axib_rdata     = 512'h0;
  assign s_axib_rresp     = 2'h0;
  assign s_axib_rlast     = 1'b0;
  assign s_axib_rvalid    = 1'b0;
  assign s_axil_awready   = 1'b0;
  assign s_axil_wready    = 1'b0;
  assign s_axil_bvalid    = 1'b0;
  assign s_axil_bresp     = 2'h0;
  assign s_axil_arready   = 1'b0;
  assign s_axil_rdata     = 32'h0;
  assign s_axil_rresp     = 2'h0;
  assign s_axil_rvalid    = 1'b0;
endmodule
