// SPDX-License-Identifier: BSD-3-Clause
// srtpo_core: the vendor-neutral card. BAR0 registers over AXI4-Lite, host memory over an AXI4
// master (DataW = 128, 256 or 512), one interrupt line per queue (a one-clock pulse per message),
// the configuration flash SPI pins and the reload request. A board wrapper connects these to the
// PCIe bridge IP (AXI mode), the ICAP and the flash.
//
//   AXI4-Lite -> srtpo_regfile -> queue config -> srtpo_dma <-> AXI4 master
//                                                    |
//                                           srtpo_engine_array: Engines x srtpo_engine_port
//                                           (srtpo_srtp_engine), key slots shared out by slot
module srtpo_core #(
  parameter int unsigned NumQueues   = 4,
  parameter int unsigned NumSlots    = 65536,
  parameter int unsigned Engines     = 1,        // SRTP engines: 1, 2 or 4
  parameter int unsigned DataW       = 256,
  parameter int unsigned MaxPktBytes = 2048,
  parameter logic [31:0] BuildDate   = 32'h0,    // BCD 0xYYYYMMDD, set by the build
  parameter logic [31:0] GitHash     = 32'h0     // first 8 hex digits of the commit
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // AXI4-Lite slave: BAR0
  input  logic                 s_axil_awvalid,
  output logic                 s_axil_awready,
  input  logic [19:0]          s_axil_awaddr,
  input  logic [2:0]           s_axil_awprot,
  input  logic                 s_axil_wvalid,
  output logic                 s_axil_wready,
  input  logic [31:0]          s_axil_wdata,
  input  logic [3:0]           s_axil_wstrb,
  output logic                 s_axil_bvalid,
  input  logic                 s_axil_bready,
  output logic [1:0]           s_axil_bresp,
  input  logic                 s_axil_arvalid,
  output logic                 s_axil_arready,
  input  logic [19:0]          s_axil_araddr,
  input  logic [2:0]           s_axil_arprot,
  output logic                 s_axil_rvalid,
  input  logic                 s_axil_rready,
  output logic [31:0]          s_axil_rdata,
  output logic [1:0]           s_axil_rresp,
  // AXI4 master: host memory
  output logic [3:0]           m_axi_awid,
  output logic [63:0]          m_axi_awaddr,
  output logic [7:0]           m_axi_awlen,
  output logic [2:0]           m_axi_awsize,
  output logic [1:0]           m_axi_awburst,
  output logic [3:0]           m_axi_awcache,
  output logic [2:0]           m_axi_awprot,
  output logic                 m_axi_awvalid,
  input  logic                 m_axi_awready,
  output logic [DataW-1:0]     m_axi_wdata,
  output logic [DataW/8-1:0]   m_axi_wstrb,
  output logic                 m_axi_wlast,
  output logic                 m_axi_wvalid,
  input  logic                 m_axi_wready,
  input  logic [3:0]           m_axi_bid,
  input  logic [1:0]           m_axi_bresp,
  input  logic                 m_axi_bvalid,
  output logic                 m_axi_bready,
  output logic [3:0]           m_axi_arid,
  output logic [63:0]          m_axi_araddr,
  output logic [7:0]           m_axi_arlen,
  output logic [2:0]           m_axi_arsize,
  output logic [1:0]           m_axi_arburst,
  output logic [3:0]           m_axi_arcache,
  output logic [2:0]           m_axi_arprot,
  output logic                 m_axi_arvalid,
  input  logic                 m_axi_arready,
  input  logic [3:0]           m_axi_rid,
  input  logic [DataW-1:0]     m_axi_rdata,
  input  logic [1:0]           m_axi_rresp,
  input  logic                 m_axi_rlast,
  input  logic                 m_axi_rvalid,
  output logic                 m_axi_rready,
  // interrupts, one per queue
  output logic [NumQueues-1:0] irq_o,
  // configuration flash and FPGA reload
  output logic                 spi_sck_o,
  output logic                 spi_mosi_o,
  input  logic                 spi_miso_i,
  output logic                 spi_cs_no,
  output logic                 reload_o,
  output logic [31:0]          reload_addr_o,
  input  logic [31:0]          boot_status_i,    // configuration boot status (RELOAD_BOOT_STATUS)
  // never expected to rise: the engine returned a completion out of order
  output logic                 engine_order_err_o
);
  localparam int unsigned N = NumQueues;

  // Constant AXI attributes: one ID, full-width INCR bursts, normal non-cacheable bufferable
  // (the PCIe bridge turns them into posted writes and read requests).
  localparam logic [2:0] Size = 3'($clog2(DataW / 8));
  assign m_axi_awid    = 4'd0;
  assign m_axi_awsize  = Size;
  assign m_axi_awburst = 2'b01;
  assign m_axi_awcache = 4'b0011;
  assign m_axi_awprot  = 3'b000;
  assign m_axi_arid    = 4'd0;
  assign m_axi_arsize  = Size;
  assign m_axi_arburst = 2'b01;
  assign m_axi_arcache = 4'b0011;
  assign m_axi_arprot  = 3'b000;

  logic [N*64-1:0] q_sq_base, q_cq_base, q_win_base;
  logic [N*4-1:0]  q_sq_log2, q_cq_log2;
  logic [N*32-1:0] q_win_size, q_irq_time;
  logic [N*16-1:0] q_slot_base, q_sq_tail, q_cq_head, q_irq_count;
  logic [N*17-1:0] q_slot_count;
  logic [N*16-1:0] q_sq_head, q_cq_tail;
  logic [N-1:0]    q_enable, q_reset, q_busy, q_wr_err;
  logic [N-1:0]    ev_done, ev_err, ev_reject, ev_irq;
  logic            ev_rd_err, ev_wr_err, glb_enable;
  logic [N*64-1:0] q_shadow_base;               // shadow doorbell records
  logic [N-1:0]    q_sq_tail_wr, q_sh_sq_tail_we, q_sh_cq_head_we;
  logic [N*16-1:0] q_sh_sq_tail, q_sh_cq_head;

  srtpo_regfile #(
    .NumQueues   (N),
    .NumSlots    (NumSlots),
    .MaxPktBytes (MaxPktBytes),
    .DataW       (DataW),
    .BuildDate   (BuildDate),
    .GitHash     (GitHash)
  ) u_regs (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .s_awvalid_i    (s_axil_awvalid),
    .s_awready_o    (s_axil_awready),
    .s_awaddr_i     (s_axil_awaddr),
    .s_wvalid_i     (s_axil_wvalid),
    .s_wready_o     (s_axil_wready),
    .s_wdata_i      (s_axil_wdata),
    .s_wstrb_i      (s_axil_wstrb),
    .s_bvalid_o     (s_axil_bvalid),
    .s_bready_i     (s_axil_bready),
    .s_bresp_o      (s_axil_bresp),
    .s_arvalid_i    (s_axil_arvalid),
    .s_arready_o    (s_axil_arready),
    .s_araddr_i     (s_axil_araddr),
    .s_rvalid_o     (s_axil_rvalid),
    .s_rready_i     (s_axil_rready),
    .s_rdata_o      (s_axil_rdata),
    .s_rresp_o      (s_axil_rresp),
    .q_sq_base_o    (q_sq_base),
    .q_sq_log2_o    (q_sq_log2),
    .q_cq_base_o    (q_cq_base),
    .q_cq_log2_o    (q_cq_log2),
    .q_win_base_o   (q_win_base),
    .q_win_size_o   (q_win_size),
    .q_slot_base_o  (q_slot_base),
    .q_slot_count_o (q_slot_count),
    .q_enable_o     (q_enable),
    .q_reset_o      (q_reset),
    .q_sq_tail_o    (q_sq_tail),
    .q_cq_head_o    (q_cq_head),
    .q_irq_count_o  (q_irq_count),
    .q_irq_time_o   (q_irq_time),
    .q_shadow_base_o   (q_shadow_base),
    .q_sq_tail_wr_o    (q_sq_tail_wr),
    .q_sh_sq_tail_we_i (q_sh_sq_tail_we),
    .q_sh_sq_tail_i    (q_sh_sq_tail),
    .q_sh_cq_head_we_i (q_sh_cq_head_we),
    .q_sh_cq_head_i    (q_sh_cq_head),
    .glb_enable_o   (glb_enable),
    .q_sq_head_i    (q_sq_head),
    .q_cq_tail_i    (q_cq_tail),
    .q_busy_i       (q_busy),
    .q_wr_err_i     (q_wr_err),
    .ev_done_i      (ev_done),
    .ev_err_i       (ev_err),
    .ev_reject_i    (ev_reject),
    .ev_irq_i       (ev_irq),
    .ev_rd_err_i    (ev_rd_err),
    .ev_wr_err_i    (ev_wr_err),
    .spi_sck_o      (spi_sck_o),
    .spi_mosi_o     (spi_mosi_o),
    .spi_miso_i     (spi_miso_i),
    .spi_cs_no      (spi_cs_no),
    .reload_o       (reload_o),
    .reload_addr_o  (reload_addr_o),
    .boot_status_i  (boot_status_i)
  );

  logic         e_desc_valid, e_desc_ready, e_roc_append;
  logic [1:0]   e_op;
  logic [15:0]  e_slot, e_enc_off, e_enc_len, e_auth_len, e_tag_off, e_pkt_len, e_cpl_len;
  logic [47:0]  e_index;
  logic [31:0]  e_ssrc, e_roc;
  logic [4:0]   e_tag_len;
  logic         e_in_valid, e_in_ready, e_out_valid, e_out_ready;
  logic         a_in_valid, a_in_ready;
  logic         e_cpl_valid, e_cpl_ready, a_cpl_valid, a_cpl_ready;
  logic [3:0]   a_cpl_status;
  logic [15:0]  a_cpl_len;
  logic [DataW-1:0] e_in_data, e_out_data, a_in_data;
  logic [3:0]   e_cpl_status;

  srtpo_dma #(
    .NumQueues   (N),
    .DataW       (DataW),
    .MaxPktBytes (MaxPktBytes),
    .NumSlots    (NumSlots),
    .Engines     (Engines)
  ) u_dma (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .q_sq_base_i    (q_sq_base),
    .q_sq_log2_i    (q_sq_log2),
    .q_cq_base_i    (q_cq_base),
    .q_cq_log2_i    (q_cq_log2),
    .q_win_base_i   (q_win_base),
    .q_win_size_i   (q_win_size),
    .q_slot_base_i  (q_slot_base),
    .q_slot_count_i (q_slot_count),
    .q_enable_i     (q_enable),
    .q_reset_i      (q_reset),
    .q_sq_tail_i    (q_sq_tail),
    .q_cq_head_i    (q_cq_head),
    .q_irq_count_i  (q_irq_count),
    .q_irq_time_i   (q_irq_time),
    .q_shadow_base_i   (q_shadow_base),
    .q_sq_tail_wr_i    (q_sq_tail_wr),
    .q_sh_sq_tail_we_o (q_sh_sq_tail_we),
    .q_sh_sq_tail_o    (q_sh_sq_tail),
    .q_sh_cq_head_we_o (q_sh_cq_head_we),
    .q_sh_cq_head_o    (q_sh_cq_head),
    .glb_enable_i   (glb_enable),
    .q_sq_head_o    (q_sq_head),
    .q_cq_tail_o    (q_cq_tail),
    .q_busy_o       (q_busy),
    .q_wr_err_o     (q_wr_err),
    .ev_done_o      (ev_done),
    .ev_err_o       (ev_err),
    .ev_reject_o    (ev_reject),
    .ev_irq_o       (ev_irq),
    .ev_rd_err_o    (ev_rd_err),
    .ev_wr_err_o    (ev_wr_err),
    .irq_o          (irq_o),
    .m_arvalid_o    (m_axi_arvalid),
    .m_arready_i    (m_axi_arready),
    .m_araddr_o     (m_axi_araddr),
    .m_arlen_o      (m_axi_arlen),
    .m_rvalid_i     (m_axi_rvalid),
    .m_rready_o     (m_axi_rready),
    .m_rdata_i      (m_axi_rdata),
    .m_rresp_i      (m_axi_rresp),
    .m_rlast_i      (m_axi_rlast),
    .m_awvalid_o    (m_axi_awvalid),
    .m_awready_i    (m_axi_awready),
    .m_awaddr_o     (m_axi_awaddr),
    .m_awlen_o      (m_axi_awlen),
    .m_wvalid_o     (m_axi_wvalid),
    .m_wready_i     (m_axi_wready),
    .m_wdata_o      (m_axi_wdata),
    .m_wstrb_o      (m_axi_wstrb),
    .m_wlast_o      (m_axi_wlast),
    .m_bvalid_i     (m_axi_bvalid),
    .m_bready_o     (m_axi_bready),
    .m_bresp_i      (m_axi_bresp),
    .e_desc_valid_o (e_desc_valid),
    .e_desc_ready_i (e_desc_ready),
    .e_op_o         (e_op),
    .e_slot_o       (e_slot),
    .e_index_o      (e_index),
    .e_ssrc_o       (e_ssrc),
    .e_roc_o        (e_roc),
    .e_roc_append_o (e_roc_append),
    .e_enc_off_o    (e_enc_off),
    .e_enc_len_o    (e_enc_len),
    .e_auth_len_o   (e_auth_len),
    .e_tag_off_o    (e_tag_off),
    .e_tag_len_o    (e_tag_len),
    .e_pkt_len_o    (e_pkt_len),
    .e_in_valid_o   (e_in_valid),
    .e_in_ready_i   (e_in_ready),
    .e_in_data_o    (e_in_data),
    .e_out_valid_i  (e_out_valid),
    .e_out_ready_o  (e_out_ready),
    .e_out_data_i   (e_out_data),
    .e_cpl_valid_i  (e_cpl_valid),
    .e_cpl_ready_o  (e_cpl_ready),
    .e_cpl_status_i (e_cpl_status),
    .e_cpl_len_i    (e_cpl_len)
  );

  // Packet words reach the engines through a register slice: the DMA's feed pops its read
  // buffer in the clock a word is taken, a decision that must not wait on the engines' route
  // and word FIFOs (which engine, is its FIFO full) in the same clock.
  srtpo_skid #(
    .Width (DataW)
  ) u_word_slice (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (e_in_valid),
    .in_ready_o  (e_in_ready),
    .in_data_i   (e_in_data),
    .out_valid_o (a_in_valid),
    .out_ready_i (a_in_ready),
    .out_data_o  (a_in_data)
  );

  srtpo_engine_array #(
    .Engines     (Engines),
    .NumSlots    (NumSlots),
    .DataW       (DataW),
    .MaxPktBytes (MaxPktBytes)
  ) u_engines (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .desc_valid_i (e_desc_valid),
    .desc_ready_o (e_desc_ready),
    .op_i         (e_op),
    .slot_i       (e_slot),
    .index_i      (e_index),
    .ssrc_i       (e_ssrc),
    .roc_i        (e_roc),
    .roc_append_i (e_roc_append),
    .enc_off_i    (e_enc_off),
    .enc_len_i    (e_enc_len),
    .auth_len_i   (e_auth_len),
    .tag_off_i    (e_tag_off),
    .tag_len_i    (e_tag_len),
    .pkt_len_i    (e_pkt_len),
    .in_valid_i   (a_in_valid),
    .in_ready_o   (a_in_ready),
    .in_data_i    (a_in_data),
    .out_valid_o  (e_out_valid),
    .out_ready_i  (e_out_ready),
    .out_data_o   (e_out_data),
    .cpl_valid_o  (a_cpl_valid),
    .cpl_ready_i  (a_cpl_ready),
    .cpl_status_o (a_cpl_status),
    .cpl_len_o    (a_cpl_len),
    .order_err_o  (engine_order_err_o)
  );

  // Completions reach the DMA through a register slice: the DMA takes the next one in the clock
  // it writes the last word of the one before, a decision that must not run on into the
  // engines' merge FIFOs.
  srtpo_skid #(
    .Width (20)
  ) u_cpl_slice (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (a_cpl_valid),
    .in_ready_o  (a_cpl_ready),
    .in_data_i   ({a_cpl_status, a_cpl_len}),
    .out_valid_o (e_cpl_valid),
    .out_ready_i (e_cpl_ready),
    .out_data_o  ({e_cpl_status, e_cpl_len})
  );

  logic unused;
  assign unused = ^{s_axil_awprot, s_axil_arprot, m_axi_bid, m_axi_rid};
endmodule
