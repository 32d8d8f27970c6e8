// SPDX-License-Identifier: BSD-3-Clause
// srtpo_u50_top: srtpo_core on the AMD Alveo U50 (XCU50, xcu50-fsvh2104-2-e).
//
//   PCIe Gen3 x16 -- XDMA (AXI Bridge mode, srtpo_u50_xdma) -- M_AXI_B (BAR0, 512 bit)
//        |                                                        |
//        |                                     srtpo_axi_to_lite (32-bit AXI4-Lite)
//        |                                                        |
//        +-- S_AXI_B (512 bit) <-- AXI4 master --------- srtpo_core (DataW 512)
//        +-- usr_irq_req/ack (MSI-X) <-- srtpo_irq_req <-- irq_o
//   STARTUPE3 <-> srtpo_flash_startup <-> spi_*        (configuration flash, MT25QU01G)
//   ICAPE3 <-> srtpo_icap (axi_aclk / 4)  <-> reload_o, reload_addr_o, boot_status_i
//
// One clock: the bridge's axi_aclk (250 MHz) runs srtpo_core, so no crossing sits in the DMA or
// register path; the engine's Yosys estimate for UltraScale+ is 267 MHz. Reset: the bridge's
// axi_aresetn (synchronous to axi_aclk, low while PERST# is low or the link is down).
// The ICAP runs on axi_aclk / 4 (62.5 MHz, inside the ICAPE3 limit).
module srtpo_u50_top #(
  parameter int unsigned NumSlots     = 65536,  // key slots in UltraRAM (rtl/README.md: area)
  parameter int unsigned Engines      = 4,      // SRTP engines, the key slots shared out
  parameter int unsigned MaxPktBytes  = 2048,
  parameter logic [31:0] BuildDate    = 32'h0,  // BCD 0xYYYYMMDD, set by build.tcl
  parameter logic [31:0] GitHash      = 32'h0,  // set by build.tcl
  parameter bit          LedActiveLow = 1'b0,
  parameter int unsigned ActStretch   = 24      // activity LED on for 2^ActStretch clocks (67 ms)
) (
  input  logic        pcie_refclk_p,    // 100 MHz from the edge connector, MGTREFCLK0 of quad 225
  input  logic        pcie_refclk_n,
  input  logic        pcie_perst_n,     // PERST#, bank 65 (AW27)
  input  logic [15:0] pcie_rx_p,
  input  logic [15:0] pcie_rx_n,
  output logic [15:0] pcie_tx_p,
  output logic [15:0] pcie_tx_n,
  output logic        hbm_cattrip,      // HBM over-temperature to the satellite controller: 0
  output logic        qsfp_led_act,     // blinks on interrupts
  output logic        qsfp_led_stat_g,  // PCIe link up
  output logic        qsfp_led_stat_y   // golden image after a fallback, or an engine fault
);
  localparam int unsigned DataW     = 512;  // Gen3 x16 at 250 MHz needs the 512-bit interface
  localparam int unsigned NumQueues = 4;    // = user interrupts / MSI-X vectors in ip.tcl

  logic sys_clk, sys_clk_gt, clk, rst_n_bridge, link_up;

  IBUFDS_GTE4 #(
    .REFCLK_HROW_CK_SEL (2'b00)            // ODIV2 = O: 100 MHz to the bridge's sys_clk
  ) u_refclk (
    .I     (pcie_refclk_p),
    .IB    (pcie_refclk_n),
    .CEB   (1'b0),
    .O     (sys_clk_gt),
    .ODIV2 (sys_clk)
  );

  // Reset: two register stages for fanout and to keep the bridge's reset net off the core's paths.
  logic [1:0] rst_pipe_q;
  logic       rst_n;
  always_ff @(posedge clk) rst_pipe_q <= {rst_pipe_q[0], rst_n_bridge};
  assign rst_n = rst_pipe_q[1];

  // ---- bridge ----------------------------------------------------------------------------------
  logic [3:0]       irq_req, irq_ack;
  logic             msi_en, msix_en;
  logic [2:0]       msi_width;
  // M_AXI_B (host -> BAR0)
  logic [3:0]       b_awid, b_arid;
  logic [63:0]      b_awaddr, b_araddr;
  logic [7:0]       b_awlen, b_arlen;
  logic [2:0]       b_awsize, b_arsize, b_awprot, b_arprot;
  logic [1:0]       b_awburst, b_arburst, b_bresp, b_rresp;
  logic [3:0]       b_awcache, b_arcache;
  logic             b_awlock, b_arlock;
  logic             b_awvalid, b_awready, b_wlast, b_wvalid, b_wready, b_bvalid, b_bready;
  logic             b_arvalid, b_arready, b_rlast, b_rvalid, b_rready;
  logic [DataW-1:0] b_wdata, b_rdata;
  logic [63:0]      b_wstrb;
  logic [3:0]       b_bid, b_rid;
  // srtpo_core AXI4 master (card -> host memory)
  logic [3:0]       d_awid, d_arid, d_bid, d_rid, d_awcache, d_arcache;
  logic [63:0]      d_awaddr, d_araddr;
  logic [7:0]       d_awlen, d_arlen;
  logic [2:0]       d_awsize, d_arsize, d_awprot, d_arprot;
  logic [1:0]       d_awburst, d_arburst, d_bresp, d_rresp;
  logic             d_awvalid, d_awready, d_wlast, d_wvalid, d_wready, d_bvalid, d_bready;
  logic             d_arvalid, d_arready, d_rlast, d_rvalid, d_rready;
  logic [DataW-1:0] d_wdata, d_rdata;
  logic [63:0]      d_wstrb;
  // bridge register slave, tied off
  logic             l_awready, l_wready, l_bvalid, l_arready, l_rvalid;
  logic [1:0]       l_bresp, l_rresp;
  logic [31:0]      l_rdata;

  srtpo_u50_xdma u_bridge (
    .sys_clk          (sys_clk),
    .sys_clk_gt       (sys_clk_gt),
    .sys_rst_n        (pcie_perst_n),
    .user_lnk_up      (link_up),
    .pci_exp_txp      (pcie_tx_p),
    .pci_exp_txn      (pcie_tx_n),
    .pci_exp_rxp      (pcie_rx_p),
    .pci_exp_rxn      (pcie_rx_n),
    .axi_aclk         (clk),
    .axi_aresetn      (rst_n_bridge),
    .usr_irq_req      (irq_req),
    .usr_irq_ack      (irq_ack),
    .msi_enable       (msi_en),
    .msix_enable      (msix_en),
    .msi_vector_width (msi_width),
    .m_axib_awid      (b_awid),
    .m_axib_awaddr    (b_awaddr),
    .m_axib_awlen     (b_awlen),
    .m_axib_awsize    (b_awsize),
    .m_axib_awburst   (b_awburst),
    .m_axib_awprot    (b_awprot),
    .m_axib_awvalid   (b_awvalid),
    .m_axib_awready   (b_awready),
    .m_axib_awlock    (b_awlock),
    .m_axib_awcache   (b_awcache),
    .m_axib_wdata     (b_wdata),
    .m_axib_wstrb     (b_wstrb),
    .m_axib_wlast     (b_wlast),
    .m_axib_wvalid    (b_wvalid),
    .m_axib_wready    (b_wready),
    .m_axib_bid       (b_bid),
    .m_axib_bresp     (b_bresp),
    .m_axib_bvalid    (b_bvalid),
    .m_axib_bready    (b_bready),
    .m_axib_arid      (b_arid),
    .m_axib_araddr    (b_araddr),
    .m_axib_arlen     (b_arlen),
    .m_axib_arsize    (b_arsize),
    .m_axib_arburst   (b_arburst),
    .m_axib_arprot    (b_arprot),
    .m_axib_arvalid   (b_arvalid),
    .m_axib_arready   (b_arready),
    .m_axib_arlock    (b_arlock),
    .m_axib_arcache   (b_arcache),
    .m_axib_rid       (b_rid),
    .m_axib_rdata     (b_rdata),
    .m_axib_rresp     (b_rresp),
    .m_axib_rlast     (b_rlast),
    .m_axib_rvalid    (b_rvalid),
    .m_axib_rready    (b_rready),
    .s_axib_awid      (d_awid),
    .s_axib_awaddr    (d_awaddr),
    .s_axib_awregion  (4'h0),
    .s_axib_awlen     (d_awlen),
    .s_axib_awsize    (d_awsize),
    .s_axib_awburst   (d_awburst),
    .s_axib_awvalid   (d_awvalid),
    .s_axib_awready   (d_awready),
    .s_axib_wdata     (d_wdata),
    .s_axib_wstrb     (d_wstrb),
    .s_axib_wlast     (d_wlast),
    .s_axib_wvalid    (d_wvalid),
    .s_axib_wready    (d_wready),
    .s_axib_bid       (d_bid),
    .s_axib_bresp     (d_bresp),
    .s_axib_bvalid    (d_bvalid),
    .s_axib_bready    (d_bready),
    .s_axib_arid      (d_arid),
    .s_axib_araddr    (d_araddr),
    .s_axib_arregion  (4'h0),
    .s_axib_arlen     (d_arlen),
    .s_axib_arsize    (d_arsize),
    .s_axib_arburst   (d_arburst),
    .s_axib_arvalid   (d_arvalid),
    .s_axib_arready   (d_arready),
    .s_axib_rid       (d_rid),
    .s_axib_rdata     (d_rdata),
    .s_axib_rresp     (d_rresp),
    .s_axib_rlast     (d_rlast),
    .s_axib_rvalid    (d_rvalid),
    .s_axib_rready    (d_rready),
    .s_axil_awaddr    (32'h0),
    .s_axil_awprot    (3'h0),
    .s_axil_awvalid   (1'b0),
    .s_axil_awready   (l_awready),
    .s_axil_wdata     (32'h0),
    .s_axil_wstrb     (4'h0),
    .s_axil_wvalid    (1'b0),
    .s_axil_wready    (l_wready),
    .s_axil_bvalid    (l_bvalid),
    .s_axil_bresp     (l_bresp),
    .s_axil_bready    (1'b1),
    .s_axil_araddr    (32'h0),
    .s_axil_arprot    (3'h0),
    .s_axil_arvalid   (1'b0),
    .s_axil_arready   (l_arready),
    .s_axil_rdata     (l_rdata),
    .s_axil_rresp     (l_rresp),
    .s_axil_rvalid    (l_rvalid),
    .s_axil_rready    (1'b1)
  );

  // ---- BAR0: AXI4 512-bit -> AXI4-Lite 32-bit ---------------------------------------------------
  // The bridge maps BAR0 (1 MiB) to AXI address 0, so the low 20 bits are the register offset.
  logic [19:0] r_awaddr, r_araddr;
  logic        r_awvalid, r_awready, r_wvalid, r_wready, r_bvalid, r_bready;
  logic        r_arvalid, r_arready, r_rvalid, r_rready;
  logic [31:0] r_wdata, r_rdata;
  logic [3:0]  r_wstrb;
  logic [1:0]  r_bresp, r_rresp;

  srtpo_axi_to_lite #(
    .DataW (DataW),
    .IdW   (4),
    .AddrW (20)
  ) u_bar0 (
    .clk_i       (clk),
    .rst_ni      (rst_n),
    .s_awid_i    (b_awid),
    .s_awaddr_i  (b_awaddr[19:0]),
    .s_awlen_i   (b_awlen),
    .s_awsize_i  (b_awsize),
    .s_awburst_i (b_awburst),
    .s_awvalid_i (b_awvalid),
    .s_awready_o (b_awready),
    .s_wdata_i   (b_wdata),
    .s_wstrb_i   (b_wstrb),
    .s_wvalid_i  (b_wvalid),
    .s_wready_o  (b_wready),
    .s_bid_o     (b_bid),
    .s_bresp_o   (b_bresp),
    .s_bvalid_o  (b_bvalid),
    .s_bready_i  (b_bready),
    .s_arid_i    (b_arid),
    .s_araddr_i  (b_araddr[19:0]),
    .s_arlen_i   (b_arlen),
    .s_arsize_i  (b_arsize),
    .s_arburst_i (b_arburst),
    .s_arvalid_i (b_arvalid),
    .s_arready_o (b_arready),
    .s_rid_o     (b_rid),
    .s_rdata_o   (b_rdata),
    .s_rresp_o   (b_rresp),
    .s_rlast_o   (b_rlast),
    .s_rvalid_o  (b_rvalid),
    .s_rready_i  (b_rready),
    .m_awaddr_o  (r_awaddr),
    .m_awvalid_o (r_awvalid),
    .m_awready_i (r_awready),
    .m_wdata_o   (r_wdata),
    .m_wstrb_o   (r_wstrb),
    .m_wvalid_o  (r_wvalid),
    .m_wready_i  (r_wready),
    .m_bresp_i   (r_bresp),
    .m_bvalid_i  (r_bvalid),
    .m_bready_o  (r_bready),
    .m_araddr_o  (r_araddr),
    .m_arvalid_o (r_arvalid),
    .m_arready_i (r_arready),
    .m_rdata_i   (r_rdata),
    .m_rresp_i   (r_rresp),
    .m_rvalid_i  (r_rvalid),
    .m_rready_o  (r_rready)
  );

  // ---- the card ---------------------------------------------------------------------------------
  logic [NumQueues-1:0] irq;
  logic                 spi_sck, spi_mosi, spi_miso, spi_cs_n, reload, order_err;
  logic [31:0]          reload_addr, boot_status;

  srtpo_core #(
    .NumQueues   (NumQueues),
    .NumSlots    (NumSlots),
    .Engines     (Engines),
    .DataW       (DataW),
    .MaxPktBytes (MaxPktBytes),
    .BuildDate   (BuildDate),
    .GitHash     (GitHash)
  ) u_core (
    .clk_i              (clk),
    .rst_ni             (rst_n),
    .s_axil_awvalid     (r_awvalid),
    .s_axil_awready     (r_awready),
    .s_axil_awaddr      (r_awaddr),
    .s_axil_awprot      (3'b010),          // non-secure data access, as a PCIe request is
    .s_axil_wvalid      (r_wvalid),
    .s_axil_wready      (r_wready),
    .s_axil_wdata       (r_wdata),
    .s_axil_wstrb       (r_wstrb),
    .s_axil_bvalid      (r_bvalid),
    .s_axil_bready      (r_bready),
    .s_axil_bresp       (r_bresp),
    .s_axil_arvalid     (r_arvalid),
    .s_axil_arready     (r_arready),
    .s_axil_araddr      (r_araddr),
    .s_axil_arprot      (3'b010),
    .s_axil_rvalid      (r_rvalid),
    .s_axil_rready      (r_rready),
    .s_axil_rdata       (r_rdata),
    .s_axil_rresp       (r_rresp),
    .m_axi_awid         (d_awid),
    .m_axi_awaddr       (d_awaddr),
    .m_axi_awlen        (d_awlen),
    .m_axi_awsize       (d_awsize),
    .m_axi_awburst      (d_awburst),
    .m_axi_awcache      (d_awcache),
    .m_axi_awprot       (d_awprot),
    .m_axi_awvalid      (d_awvalid),
    .m_axi_awready      (d_awready),
    .m_axi_wdata        (d_wdata),
    .m_axi_wstrb        (d_wstrb),
    .m_axi_wlast        (d_wlast),
    .m_axi_wvalid       (d_wvalid),
    .m_axi_wready       (d_wready),
    .m_axi_bid          (d_bid),
    .m_axi_bresp        (d_bresp),
    .m_axi_bvalid       (d_bvalid),
    .m_axi_bready       (d_bready),
    .m_axi_arid         (d_arid),
    .m_axi_araddr       (d_araddr),
    .m_axi_arlen        (d_arlen),
    .m_axi_arsize       (d_arsize),
    .m_axi_arburst      (d_arburst),
    .m_axi_arcache      (d_arcache),
    .m_axi_arprot       (d_arprot),
    .m_axi_arvalid      (d_arvalid),
    .m_axi_arready      (d_arready),
    .m_axi_rid          (d_rid),
    .m_axi_rdata        (d_rdata),
    .m_axi_rresp        (d_rresp),
    .m_axi_rlast        (d_rlast),
    .m_axi_rvalid       (d_rvalid),
    .m_axi_rready       (d_rready),
    .irq_o              (irq),
    .spi_sck_o          (spi_sck),
    .spi_mosi_o         (spi_mosi),
    .spi_miso_i         (spi_miso),
    .spi_cs_no          (spi_cs_n),
    .reload_o           (reload),
    .reload_addr_o      (reload_addr),
    .boot_status_i      (boot_status),
    .engine_order_err_o (order_err)
  );

  // ---- interrupts: one MSI-X vector per queue ---------------------------------------------------
  srtpo_irq_req #(
    .N (NumQueues)
  ) u_irq (
    .clk_i   (clk),
    .rst_ni  (rst_n),
    .pulse_i (irq),
    .req_o   (irq_req),
    .ack_i   (irq_ack)
  );

  // ---- configuration flash ----------------------------------------------------------------------
  logic eos;
  srtpo_flash_startup u_flash (
    .clk_i  (clk),
    .rst_ni (rst_n),
    .sck_i  (spi_sck),
    .cs_ni  (spi_cs_n),
    .mosi_i (spi_mosi),
    .miso_o (spi_miso),
    .eos_o  (eos)
  );

  // ---- ICAP: boot status and IPROG --------------------------------------------------------------
  logic        icap_clk, icap_rst_n, icap_reload, icap_sts_valid, sts_valid, icap_busy;
  logic [31:0] reload_addr_q, icap_sts, boot_status_q;

  BUFGCE_DIV #(
    .BUFGCE_DIVIDE (4)
  ) u_icap_clk (
    .I   (clk),
    .CE  (1'b1),
    .CLR (1'b0),
    .O   (icap_clk)
  );

  srtpo_sync #(.Width(1)) u_icap_rst (
    .clk_i  (icap_clk),
    .rst_ni (1'b1),
    .d_i    (rst_n),
    .q_o    (icap_rst_n)
  );

  // The address is held from the reload pulse on, so it is stable when the pulse arrives.
  always_ff @(posedge clk) begin
    if (!rst_n) reload_addr_q <= '0;
    else if (reload) reload_addr_q <= reload_addr;
  end

  srtpo_pulse_sync u_reload_sync (
    .src_clk_i  (clk),
    .src_rst_ni (rst_n),
    .pulse_i    (reload),
    .dst_clk_i  (icap_clk),
    .dst_rst_ni (icap_rst_n),
    .pulse_o    (icap_reload)
  );

  srtpo_icap #(
    .Family ("ultrascale")
  ) u_icap (
    .clk_i               (icap_clk),
    .rst_ni              (icap_rst_n),
    .reload_i            (icap_reload),
    .reload_addr_i       (reload_addr_q),
    .boot_status_o       (icap_sts),
    .boot_status_valid_o (icap_sts_valid),
    .busy_o              (icap_busy)
  );

  // The status is final before its valid flag rises, so the flag is the only synchronized bit.
  srtpo_sync #(.Width(1)) u_sts_sync (
    .clk_i  (clk),
    .rst_ni (rst_n),
    .d_i    (icap_sts_valid),
    .q_o    (sts_valid)
  );
  always_ff @(posedge clk) begin
    if (!rst_n) boot_status_q <= '0;
    else        boot_status_q <= sts_valid ? icap_sts : 32'h0;
  end
  assign boot_status = boot_status_q;

  // ---- board outputs ----------------------------------------------------------------------------
  logic [ActStretch-1:0] act_q;
  logic                  order_err_q;
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      act_q       <= '0;
      order_err_q <= 1'b0;
    end else begin
      if (|irq) act_q <= '1;
      else if (act_q != '0) act_q <= act_q - 1'b1;
      if (order_err) order_err_q <= 1'b1;
    end
  end

  // Keeping HBM_CATTRIP low tells the satellite controller that no HBM stack is over temperature;
  // high makes it cut the card's power. The HBM stacks are unused by this design.
  assign hbm_cattrip     = 1'b0;
  assign qsfp_led_act    = LedActiveLow ^ (act_q != '0);
  assign qsfp_led_stat_g = LedActiveLow ^ link_up;
  assign qsfp_led_stat_y = LedActiveLow ^ (boot_status_q[1] || order_err_q);

  // Signals of the bridge and the core that this board has no use for.
  logic unused;
  assign unused = ^{msi_en, msix_en, msi_width, b_awaddr[63:20], b_araddr[63:20], b_awprot,
                    b_arprot, b_awcache, b_arcache, b_awlock, b_arlock, b_wlast, d_awcache,
                    d_arcache, d_awprot, d_arprot, l_awready, l_wready, l_bvalid, l_bresp,
                    l_arready, l_rvalid, l_rdata, l_rresp, eos, icap_busy};
endmodule
