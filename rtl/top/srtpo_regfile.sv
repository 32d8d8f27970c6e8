// SPDX-License-Identifier: BSD-3-Clause
// BAR0 register file: an AXI4-Lite slave over the map in rtl/regs/srtpo_regs.json (offsets come
// from the generated srtpo_regs_pkg.svh). Holds the firmware ID, global control and counters,
// the SPI flash controller and reload trigger, the privileged per-queue blocks and the per-queue
// user pages. One access at a time; unmapped reads return 0 with OKAY, unmapped writes are
// dropped (a process that pokes a hole learns nothing and breaks nothing).
module srtpo_regfile #(
  parameter int unsigned NumQueues   = 4,
  parameter int unsigned NumSlots    = 65536,
  parameter int unsigned MaxPktBytes = 2048,
  parameter int unsigned DataW       = 256,
  parameter logic [31:0] BuildDate   = 32'h0,
  parameter logic [31:0] GitHash     = 32'h0
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // AXI4-Lite slave (BAR0)
  input  logic                    s_awvalid_i,
  output logic                    s_awready_o,
  input  logic [19:0]             s_awaddr_i,
  input  logic                    s_wvalid_i,
  output logic                    s_wready_o,
  input  logic [31:0]             s_wdata_i,
  input  logic [3:0]              s_wstrb_i,
  output logic                    s_bvalid_o,
  input  logic                    s_bready_i,
  output logic [1:0]              s_bresp_o,
  input  logic                    s_arvalid_i,
  output logic                    s_arready_o,
  input  logic [19:0]             s_araddr_i,
  output logic                    s_rvalid_o,
  input  logic                    s_rready_i,
  output logic [31:0]             s_rdata_o,
  output logic [1:0]              s_rresp_o,
  // queue configuration
  output logic [NumQueues*64-1:0] q_sq_base_o,
  output logic [NumQueues*4-1:0]  q_sq_log2_o,
  output logic [NumQueues*64-1:0] q_cq_base_o,
  output logic [NumQueues*4-1:0]  q_cq_log2_o,
  output logic [NumQueues*64-1:0] q_win_base_o,
  output logic [NumQueues*32-1:0] q_win_size_o,
  output logic [NumQueues*16-1:0] q_slot_base_o,
  output logic [NumQueues*17-1:0] q_slot_count_o,   // 17 bits: up to 65,536
  output logic [NumQueues-1:0]    q_enable_o,
  output logic [NumQueues-1:0]    q_reset_o,       // one-clock pulse
  output logic [NumQueues*16-1:0] q_sq_tail_o,
  output logic [NumQueues*16-1:0] q_cq_head_o,
  output logic [NumQueues*16-1:0] q_irq_count_o,
  output logic [NumQueues*32-1:0] q_irq_time_o,
  output logic                    glb_enable_o,
  // shadow doorbell records: where they are, register doorbells (wake an idle queue), and the
  // tails/heads srtpo_dma took from a record (loaded like a QU write; a QU write wins a tie)
  output logic [NumQueues*64-1:0] q_shadow_base_o,
  output logic [NumQueues-1:0]    q_sq_tail_wr_o,  // one-clock pulse: QU SQ_TAIL written
  input  logic [NumQueues-1:0]    q_sh_sq_tail_we_i,
  input  logic [NumQueues*16-1:0] q_sh_sq_tail_i,
  input  logic [NumQueues-1:0]    q_sh_cq_head_we_i,
  input  logic [NumQueues*16-1:0] q_sh_cq_head_i,
  // queue status
  input  logic [NumQueues*16-1:0] q_sq_head_i,
  input  logic [NumQueues*16-1:0] q_cq_tail_i,
  input  logic [NumQueues-1:0]    q_busy_i,
  input  logic [NumQueues-1:0]    q_wr_err_i,
  // events, one clock each
  input  logic [NumQueues-1:0]    ev_done_i,
  input  logic [NumQueues-1:0]    ev_err_i,
  input  logic [NumQueues-1:0]    ev_reject_i,
  input  logic [NumQueues-1:0]    ev_irq_i,
  input  logic                    ev_rd_err_i,
  input  logic                    ev_wr_err_i,
  // configuration flash and reload
  output logic                    spi_sck_o,
  output logic                    spi_mosi_o,
  input  logic                    spi_miso_i,
  output logic                    spi_cs_no,
  output logic                    reload_o,        // one-clock pulse: start IPROG
  output logic [31:0]             reload_addr_o,
  input  logic [31:0]             boot_status_i    // RELOAD_BOOT_STATUS, from the board
);
  `include "srtpo_regs_pkg.svh"

  localparam int unsigned QW = (NumQueues > 1) ? $clog2(NumQueues) : 1;
  localparam logic [31:0] CapFeatures = (32'd1 << SRTPO_FW_CAP_FEATURES_CPL_AFTER_WRITE_LSB) |
                                        (32'd1 << SRTPO_FW_CAP_FEATURES_SHADOW_DB_LSB) |
                                        (32'd1 << SRTPO_FW_CAP_FEATURES_SLOT_LOCK_LSB);

  // ---------------------------------------------------------------------------------------------
  // Address decode: privileged blocks at QP_BASE + q*QP_STRIDE, user pages at QU_BASE + q*QU_STRIDE.
  function automatic logic is_qp(input logic [19:0] a);
    is_qp = a >= 20'(SRTPO_QP_BASE) && a < 20'(SRTPO_QP_BASE + NumQueues * SRTPO_QP_STRIDE);
  endfunction
  function automatic logic is_qu(input logic [19:0] a);
    is_qu = a >= 20'(SRTPO_QU_BASE) && a < 20'(SRTPO_QU_BASE + NumQueues * SRTPO_QU_STRIDE);
  endfunction
  function automatic logic [QW-1:0] qp_q(input logic [19:0] a);
    qp_q = QW'((a - 20'(SRTPO_QP_BASE)) >> $clog2(SRTPO_QP_STRIDE));
  endfunction
  function automatic logic [QW-1:0] qu_q(input logic [19:0] a);
    qu_q = QW'((a - 20'(SRTPO_QU_BASE)) >> $clog2(SRTPO_QU_STRIDE));
  endfunction
  function automatic logic [11:0] q_reg(input logic [11:0] a, input logic user);
    q_reg = user ? a : {6'd0, a[5:0]};
  endfunction

  // ---------------------------------------------------------------------------------------------
  // AXI4-Lite handshakes: a write needs AW and W together. An accepted write or read is first
  // registered with its address already decoded (queue block or page, queue, register), and
  // takes effect the next clock (wr_fire / rd_fire): the decode and the register updates or
  // read mux are then short stages instead of one long one from the bus pins. The write
  // response follows the clock the write took effect. A read is muxed in two clocks: each
  // block's register (queue registers, queue page, global) into its own register, then the
  // block (rd_fire2); the read data follows that.
  logic          wr_fire, rd_fire;       // the registered write / read takes effect
  logic          rd_fire2;               // the read's second mux stage
  logic [31:0]   rd_qp_q, rd_qu_q, rd_glb_q;
  logic [31:0]   rd_qp_d, rd_qu_d, rd_glb_d;
  logic [19:0]   wa;
  localparam int unsigned GlbN = 25;       // global registers a read can name (read mux below)
  logic [20*GlbN-1:0]    glb_addr;         // register k at [20k +: 20], its value at [32k +: 32]
  logic [32*GlbN-1:0]    glb_val;
  logic [GlbN-1:0]       rg_sel_q;        // which one the read names, decoded as it is accepted
  logic          rd_cycles_lo_q;         // the read names CYCLES_LO (latches CYCLES_HI)
  logic [31:0]   wd, rdata_d;
  logic          aw_take, ar_take;
  logic          wqp_q, wqu_q, rqp_q, rqu_q;
  logic [QW-1:0] rq_q;
  logic [11:0]   rd_reg_q;
  // A queue write's register and queue, one-hot as the write is accepted: each register's write
  // enable is then one LUT of flip-flops, not a 12-bit compare behind the queue compare.
  logic [15:0]          wr_word_q;       // word [5:2] of the queue block or page
  logic [NumQueues-1:0] wq_oh_q;
  logic [19:0]   aw_a, ar_a;

  assign s_awready_o = !s_bvalid_o && !wr_fire && s_awvalid_i && s_wvalid_i;
  assign s_wready_o  = s_awready_o;
  assign aw_take     = s_awready_o;
  assign aw_a        = {s_awaddr_i[19:2], 2'b00};
  assign s_arready_o = !s_rvalid_o && !rd_fire && !rd_fire2;
  assign ar_take     = s_arvalid_i && s_arready_o;
  assign ar_a        = {s_araddr_i[19:2], 2'b00};

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wr_fire  <= 1'b0;
      rd_fire  <= 1'b0;
      rd_fire2 <= 1'b0;
    end else begin
      wr_fire  <= aw_take;
      rd_fire  <= ar_take;
      rd_fire2 <= rd_fire;
    end
  end

  // Byte strobes merge into the old value only for rw registers; all registers are 32-bit, and
  // a partial write of a trigger register is treated as a full one (drivers write 32 bits).
  always_ff @(posedge clk_i) begin
    if (aw_take) begin
      wa       <= aw_a;
      wd       <= s_wdata_i;
      wqp_q    <= is_qp(aw_a);
      // a queue page's registers sit in its first 64 bytes; the rest of the page is ignored
      wqu_q    <= is_qu(aw_a) && aw_a[11:6] == 6'd0;
      for (int k = 0; k < NumQueues; k++)
        wq_oh_q[k] <= (is_qp(aw_a) ? qp_q(aw_a) : qu_q(aw_a)) == QW'(k);
      for (int k = 0; k < 16; k++) wr_word_q[k] <= aw_a[5:2] == 4'(k);
    end
    if (ar_take) begin
      for (int k = 0; k < GlbN; k++) rg_sel_q[k] <= ar_a == glb_addr[20*k +: 20];
      rd_cycles_lo_q <= ar_a == 20'(SRTPO_GLB_CYCLES_LO);
      rqp_q    <= is_qp(ar_a);
      rqu_q    <= is_qu(ar_a);
      rq_q     <= is_qp(ar_a) ? qp_q(ar_a) : qu_q(ar_a);
      rd_reg_q <= q_reg(ar_a[11:0], is_qu(ar_a));
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      s_bvalid_o <= 1'b0;
      s_rvalid_o <= 1'b0;
      s_rdata_o  <= '0;
    end else begin
      if (wr_fire)         s_bvalid_o <= 1'b1;
      else if (s_bready_i) s_bvalid_o <= 1'b0;
      if (rd_fire2) begin
        s_rvalid_o <= 1'b1;
        s_rdata_o  <= rdata_d;
      end else if (s_rready_i) begin
        s_rvalid_o <= 1'b0;
      end
    end
  end
  assign s_bresp_o = 2'b00;
  assign s_rresp_o = 2'b00;

  // ---------------------------------------------------------------------------------------------
  // Event counters count the events a clock late, from registers: an event is the end of a long
  // DMA decision (a completion written, its queue's epoch compared), and the 32-bit adds behind
  // it would otherwise share its clock.
  logic [NumQueues-1:0] ev_done_r, ev_err_r, ev_reject_r, ev_irq_r;
  logic                 ev_rd_err_r, ev_wr_err_r;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      {ev_done_r, ev_err_r, ev_reject_r, ev_irq_r, ev_rd_err_r, ev_wr_err_r} <= '0;
    end else begin
      ev_done_r   <= ev_done_i;
      ev_err_r    <= ev_err_i;
      ev_reject_r <= ev_reject_i;
      ev_irq_r    <= ev_irq_i;
      ev_rd_err_r <= ev_rd_err_i;
      ev_wr_err_r <= ev_wr_err_i;
    end
  end

  // ---------------------------------------------------------------------------------------------
  // Global block, SPI and reload
  logic        glb_enable_q;
  logic [31:0] scratch_q, cycles_lo_q, cycles_hi_q, cycles_hi_latch_q;
  logic [31:0] cnt_desc_q, cnt_reject_q, cnt_rd_err_q, cnt_wr_err_q, cnt_irq_q;
  logic [7:0]  spi_div_q;
  logic        spi_cs_q, spi_start, spi_busy;
  logic [7:0]  spi_rx;
  logic [31:0] reload_addr_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      glb_enable_q      <= 1'b1;
      scratch_q         <= '0;
      cycles_lo_q       <= '0;
      cycles_hi_q       <= '0;
      cycles_hi_latch_q <= '0;
      cnt_desc_q        <= '0;
      cnt_reject_q      <= '0;
      cnt_rd_err_q      <= '0;
      cnt_wr_err_q      <= '0;
      cnt_irq_q         <= '0;
      spi_div_q         <= 8'd7;
      spi_cs_q          <= 1'b0;
      reload_addr_q     <= '0;
    end else begin
      {cycles_hi_q, cycles_lo_q} <= {cycles_hi_q, cycles_lo_q} + 64'd1;
      if (rd_fire && rd_cycles_lo_q) cycles_hi_latch_q <= cycles_hi_q;
      cnt_desc_q   <= cnt_desc_q + 32'(($countones(ev_done_r)));
      cnt_reject_q <= cnt_reject_q + 32'(($countones(ev_reject_r)));
      cnt_irq_q    <= cnt_irq_q + 32'(($countones(ev_irq_r)));
      cnt_rd_err_q <= cnt_rd_err_q + {31'd0, ev_rd_err_r};
      cnt_wr_err_q <= cnt_wr_err_q + {31'd0, ev_wr_err_r};
      if (wr_fire) begin
        case (wa)
          20'(SRTPO_GLB_CTRL):    glb_enable_q <= wd[SRTPO_GLB_CTRL_ENABLE_LSB];
          20'(SRTPO_GLB_SCRATCH): scratch_q <= wd;
          20'(SRTPO_SPI_CTRL): begin
            spi_cs_q  <= wd[SRTPO_SPI_CTRL_CS_LSB];
            spi_div_q <= wd[SRTPO_SPI_CTRL_DIV_LSB +: 8];
          end
          20'(SRTPO_RELOAD_ADDR): reload_addr_q <= wd;
          default: ;
        endcase
      end
    end
  end

  assign spi_start = wr_fire && wa == 20'(SRTPO_SPI_TX);
  srtpo_spi u_spi (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .div_i   (spi_div_q),
    .start_i (spi_start),
    .tx_i    (wd[7:0]),
    .busy_o  (spi_busy),
    .rx_o    (spi_rx),
    .sck_o   (spi_sck_o),
    .mosi_o  (spi_mosi_o),
    .miso_i  (spi_miso_i)
  );
  assign spi_cs_no     = !spi_cs_q;
  assign reload_addr_o = reload_addr_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) reload_o <= 1'b0;
    else         reload_o <= wr_fire && wa == 20'(SRTPO_RELOAD_TRIGGER) && wd == SRTPO_RELOAD_KEY;
  end
  assign glb_enable_o = glb_enable_q;

  // ---------------------------------------------------------------------------------------------
  // Per-queue registers
  logic [63:0] sq_base_q [NumQueues];
  logic [63:0] cq_base_q [NumQueues];
  logic [63:0] win_base_q [NumQueues];
  logic [31:0] win_size_q [NumQueues];
  logic [3:0]  sq_log2_q [NumQueues];
  logic [3:0]  cq_log2_q [NumQueues];
  logic [15:0] slot_base_q [NumQueues];
  logic [16:0] slot_count_q [NumQueues];
  logic        enable_q [NumQueues];
  logic        reset_q [NumQueues];
  logic [15:0] sq_tail_q [NumQueues];
  logic [15:0] cq_head_q [NumQueues];
  logic [15:0] irq_count_q [NumQueues];
  logic [31:0] irq_time_q [NumQueues];
  logic [63:0] shadow_base_q [NumQueues];
  logic [31:0] cnt_done_q [NumQueues];
  logic [31:0] cnt_err_q [NumQueues];
  logic [31:0] cnt_rej_q [NumQueues];
  logic [31:0] cnt_irqq_q [NumQueues];

  logic          wqp, wqu;
  assign wqp    = wr_fire && wqp_q;
  assign wqu    = wr_fire && wqu_q;
  // The register a queue write names (an offset of the block or page)
  function automatic logic wr_is(input logic [15:0] word_oh, input logic [3:0] word);
    wr_is = word_oh[word];
  endfunction

  // Ring sizes are clamped to the supported range, so the DMA never sees a nonsense size.
  function automatic logic [3:0] clamp_log2(input logic [31:0] v);
    if (v < SRTPO_RING_LOG2_MIN)      clamp_log2 = 4'(SRTPO_RING_LOG2_MIN);
    else if (v > SRTPO_RING_LOG2_MAX) clamp_log2 = 4'(SRTPO_RING_LOG2_MAX);
    else                              clamp_log2 = v[3:0];
  endfunction

  for (genvar q = 0; q < NumQueues; q++) begin : g_q
    logic sel_p, sel_u;
    assign sel_p = wqp && wq_oh_q[q];
    assign sel_u = wqu && wq_oh_q[q];
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        sq_base_q[q]    <= '0;
        cq_base_q[q]    <= '0;
        win_base_q[q]   <= '0;
        win_size_q[q]   <= '0;
        sq_log2_q[q]    <= 4'(SRTPO_RING_LOG2_MIN);
        cq_log2_q[q]    <= 4'(SRTPO_RING_LOG2_MIN);
        slot_base_q[q]  <= '0;
        slot_count_q[q] <= '0;
        enable_q[q]     <= 1'b0;
        reset_q[q]      <= 1'b0;
        sq_tail_q[q]    <= '0;
        cq_head_q[q]    <= '0;
        irq_count_q[q]  <= 16'd1;
        irq_time_q[q]   <= '0;
        shadow_base_q[q] <= '0;
        cnt_done_q[q]   <= '0;
        cnt_err_q[q]    <= '0;
        cnt_rej_q[q]    <= '0;
        cnt_irqq_q[q]   <= '0;
      end else begin
        reset_q[q]    <= 1'b0;
        cnt_done_q[q] <= cnt_done_q[q] + {31'd0, ev_done_r[q]};
        cnt_err_q[q]  <= cnt_err_q[q] + {31'd0, ev_err_r[q]};
        cnt_rej_q[q]  <= cnt_rej_q[q] + {31'd0, ev_reject_r[q]};
        cnt_irqq_q[q] <= cnt_irqq_q[q] + {31'd0, ev_irq_r[q]};
        if (q_sh_sq_tail_we_i[q]) sq_tail_q[q] <= q_sh_sq_tail_i[16*q +: 16];
        if (q_sh_cq_head_we_i[q]) cq_head_q[q] <= q_sh_cq_head_i[16*q +: 16];
        if (sel_p) begin
          if (wr_is(wr_word_q, SRTPO_QP_SQ_BASE_LO[5:2])) sq_base_q[q][31:0]  <= {wd[31:6], 6'd0};
          if (wr_is(wr_word_q, SRTPO_QP_SQ_BASE_HI[5:2])) sq_base_q[q][63:32] <= wd;
          if (wr_is(wr_word_q, SRTPO_QP_SQ_LOG2[5:2]))    sq_log2_q[q]        <= clamp_log2(wd);
          if (wr_is(wr_word_q, SRTPO_QP_CQ_BASE_LO[5:2])) cq_base_q[q][31:0]  <= {wd[31:6], 6'd0};
          if (wr_is(wr_word_q, SRTPO_QP_CQ_BASE_HI[5:2])) cq_base_q[q][63:32] <= wd;
          if (wr_is(wr_word_q, SRTPO_QP_CQ_LOG2[5:2]))    cq_log2_q[q]        <= clamp_log2(wd);
          if (wr_is(wr_word_q, SRTPO_QP_WIN_BASE_LO[5:2])) win_base_q[q][31:0]  <= {wd[31:12], 12'd0};
          if (wr_is(wr_word_q, SRTPO_QP_WIN_BASE_HI[5:2])) win_base_q[q][63:32] <= wd;
          if (wr_is(wr_word_q, SRTPO_QP_WIN_SIZE[5:2]))   win_size_q[q]       <= wd;
          if (wr_is(wr_word_q, SRTPO_QP_SLOT_BASE[5:2]))  slot_base_q[q]      <= wd[15:0];
          if (wr_is(wr_word_q, SRTPO_QP_SLOT_COUNT[5:2])) slot_count_q[q]     <= wd[16:0];
          if (wr_is(wr_word_q, SRTPO_QP_SHADOW_BASE_LO[5:2])) shadow_base_q[q][31:0]  <= {wd[31:6], 6'd0};
          if (wr_is(wr_word_q, SRTPO_QP_SHADOW_BASE_HI[5:2])) shadow_base_q[q][63:32] <= wd;
          if (wr_is(wr_word_q, SRTPO_QP_CTRL[5:2])) begin
            enable_q[q] <= wd[SRTPO_QP_CTRL_ENABLE_LSB];
            if (wd[SRTPO_QP_CTRL_RESET_LSB]) begin
              reset_q[q]    <= 1'b1;
              sq_tail_q[q]  <= '0;
              cq_head_q[q]  <= '0;
              cnt_done_q[q] <= '0;
              cnt_err_q[q]  <= '0;
              cnt_rej_q[q]  <= '0;
              cnt_irqq_q[q] <= '0;
            end
          end
        end
        if (sel_u) begin
          if (wr_is(wr_word_q, SRTPO_QU_SQ_TAIL[5:2]))   sq_tail_q[q]   <= wd[15:0];
          if (wr_is(wr_word_q, SRTPO_QU_CQ_HEAD[5:2]))   cq_head_q[q]   <= wd[15:0];
          if (wr_is(wr_word_q, SRTPO_QU_IRQ_COUNT[5:2])) irq_count_q[q] <= wd[15:0];
          if (wr_is(wr_word_q, SRTPO_QU_IRQ_TIME[5:2]))  irq_time_q[q]  <= wd;
        end
      end
    end

    assign q_sq_base_o[64*q +: 64]    = sq_base_q[q];
    assign q_cq_base_o[64*q +: 64]    = cq_base_q[q];
    assign q_win_base_o[64*q +: 64]   = win_base_q[q];
    assign q_win_size_o[32*q +: 32]   = win_size_q[q];
    assign q_sq_log2_o[4*q +: 4]      = sq_log2_q[q];
    assign q_cq_log2_o[4*q +: 4]      = cq_log2_q[q];
    assign q_slot_base_o[16*q +: 16]  = slot_base_q[q];
    assign q_slot_count_o[17*q +: 17] = slot_count_q[q];
    assign q_enable_o[q]              = enable_q[q];
    assign q_reset_o[q]               = reset_q[q];
    assign q_sq_tail_o[16*q +: 16]    = sq_tail_q[q];
    assign q_cq_head_o[16*q +: 16]    = cq_head_q[q];
    assign q_irq_count_o[16*q +: 16]  = irq_count_q[q];
    assign q_irq_time_o[32*q +: 32]   = irq_time_q[q];
    assign q_shadow_base_o[64*q +: 64] = shadow_base_q[q];
    assign q_sq_tail_wr_o[q]          = sel_u && wr_is(wr_word_q, SRTPO_QU_SQ_TAIL[5:2]);
  end

  // ---------------------------------------------------------------------------------------------
  // Read mux
  logic [QW-1:0] rq;
  logic [11:0]   rd_reg;
  logic [31:0]   q_status;
  assign rq     = rq_q;
  assign rd_reg = rd_reg_q;
  assign q_status = {29'd0, q_wr_err_i[rq], q_busy_i[rq], enable_q[rq]};

  always_ff @(posedge clk_i) begin
    if (rd_fire) begin
      rd_qp_q  <= rd_qp_d;
      rd_qu_q  <= rd_qu_d;
      rd_glb_q <= rd_glb_d;
    end
  end
  assign rdata_d = rqp_q ? rd_qp_q : rqu_q ? rd_qu_q : rd_glb_q;

  always_comb begin
    rd_qp_d = 32'h0;
    case (rd_reg)
      12'(SRTPO_QP_SQ_BASE_LO):  rd_qp_d = sq_base_q[rq][31:0];
      12'(SRTPO_QP_SQ_BASE_HI):  rd_qp_d = sq_base_q[rq][63:32];
      12'(SRTPO_QP_SQ_LOG2):     rd_qp_d = {28'd0, sq_log2_q[rq]};
      12'(SRTPO_QP_CQ_BASE_LO):  rd_qp_d = cq_base_q[rq][31:0];
      12'(SRTPO_QP_CQ_BASE_HI):  rd_qp_d = cq_base_q[rq][63:32];
      12'(SRTPO_QP_CQ_LOG2):     rd_qp_d = {28'd0, cq_log2_q[rq]};
      12'(SRTPO_QP_WIN_BASE_LO): rd_qp_d = win_base_q[rq][31:0];
      12'(SRTPO_QP_WIN_BASE_HI): rd_qp_d = win_base_q[rq][63:32];
      12'(SRTPO_QP_WIN_SIZE):    rd_qp_d = win_size_q[rq];
      12'(SRTPO_QP_SLOT_BASE):   rd_qp_d = {16'd0, slot_base_q[rq]};
      12'(SRTPO_QP_SLOT_COUNT):  rd_qp_d = {15'd0, slot_count_q[rq]};
      12'(SRTPO_QP_CTRL):        rd_qp_d = {31'd0, enable_q[rq]};
      12'(SRTPO_QP_STATUS):      rd_qp_d = q_status;
      12'(SRTPO_QP_SHADOW_BASE_LO): rd_qp_d = shadow_base_q[rq][31:0];
      12'(SRTPO_QP_SHADOW_BASE_HI): rd_qp_d = shadow_base_q[rq][63:32];
      default: ;
    endcase
  end

  always_comb begin
    rd_qu_d = 32'h0;
    case (rd_reg)
      12'(SRTPO_QU_SQ_TAIL):    rd_qu_d = {16'd0, sq_tail_q[rq]};
      12'(SRTPO_QU_SQ_HEAD):    rd_qu_d = {16'd0, q_sq_head_i[16*rq +: 16]};
      12'(SRTPO_QU_CQ_HEAD):    rd_qu_d = {16'd0, cq_head_q[rq]};
      12'(SRTPO_QU_CQ_TAIL):    rd_qu_d = {16'd0, q_cq_tail_i[16*rq +: 16]};
      12'(SRTPO_QU_IRQ_COUNT):  rd_qu_d = {16'd0, irq_count_q[rq]};
      12'(SRTPO_QU_IRQ_TIME):   rd_qu_d = irq_time_q[rq];
      12'(SRTPO_QU_STATUS):     rd_qu_d = q_status;
      12'(SRTPO_QU_CNT_DONE):   rd_qu_d = cnt_done_q[rq];
      12'(SRTPO_QU_CNT_ERR):    rd_qu_d = cnt_err_q[rq];
      12'(SRTPO_QU_CNT_REJECT): rd_qu_d = cnt_rej_q[rq];
      12'(SRTPO_QU_CNT_IRQ):    rd_qu_d = cnt_irqq_q[rq];
      default: ;
    endcase
  end

  // The global registers a read can name, address and value side by side. Which one a read
  // names is decoded as the read is accepted (rg_sel_q, one-hot or zero), so the read mux is an
  // AND-OR of registers: a case on the 20-bit address became a chain of compares and selects
  // nine LUTs deep.
  always_comb begin
    glb_addr[20*0 +: 20] = 20'(SRTPO_FW_MAGIC);       glb_val[32*0 +: 32] = SRTPO_MAGIC;
    glb_addr[20*1 +: 20] = 20'(SRTPO_FW_VERSION);     glb_val[32*1 +: 32] = {SRTPO_VERSION_MAJOR[15:0], SRTPO_VERSION_MINOR[15:0]};
    glb_addr[20*2 +: 20] = 20'(SRTPO_FW_BUILD_DATE);  glb_val[32*2 +: 32] = BuildDate;
    glb_addr[20*3 +: 20] = 20'(SRTPO_FW_GIT_HASH);    glb_val[32*3 +: 32] = GitHash;
    glb_addr[20*4 +: 20] = 20'(SRTPO_FW_CAP_QUEUES);  glb_val[32*4 +: 32] = 32'(NumQueues);
    glb_addr[20*5 +: 20] = 20'(SRTPO_FW_CAP_SLOTS);   glb_val[32*5 +: 32] = 32'(NumSlots);
    glb_addr[20*6 +: 20] = 20'(SRTPO_FW_CAP_SUITES);  glb_val[32*6 +: 32] = 32'h3f;
    glb_addr[20*7 +: 20] = 20'(SRTPO_FW_CAP_MAX_PKT); glb_val[32*7 +: 32] = 32'(MaxPktBytes);
    glb_addr[20*8 +: 20] = 20'(SRTPO_FW_CAP_BUS_BITS); glb_val[32*8 +: 32] = 32'(DataW);
    glb_addr[20*9 +: 20] = 20'(SRTPO_FW_CAP_FEATURES); glb_val[32*9 +: 32] = CapFeatures;
    glb_addr[20*10 +: 20] = 20'(SRTPO_GLB_CTRL);      glb_val[32*10 +: 32] = {31'd0, glb_enable_q};
    glb_addr[20*11 +: 20] = 20'(SRTPO_GLB_STATUS);    glb_val[32*11 +: 32] = {31'd0, |q_busy_i};
    glb_addr[20*12 +: 20] = 20'(SRTPO_GLB_SCRATCH);   glb_val[32*12 +: 32] = scratch_q;
    glb_addr[20*13 +: 20] = 20'(SRTPO_GLB_CYCLES_LO); glb_val[32*13 +: 32] = cycles_lo_q;
    glb_addr[20*14 +: 20] = 20'(SRTPO_GLB_CYCLES_HI); glb_val[32*14 +: 32] = cycles_hi_latch_q;
    glb_addr[20*15 +: 20] = 20'(SRTPO_GLB_CNT_DESC);  glb_val[32*15 +: 32] = cnt_desc_q;
    glb_addr[20*16 +: 20] = 20'(SRTPO_GLB_CNT_REJECT); glb_val[32*16 +: 32] = cnt_reject_q;
    glb_addr[20*17 +: 20] = 20'(SRTPO_GLB_CNT_RD_ERR); glb_val[32*17 +: 32] = cnt_rd_err_q;
    glb_addr[20*18 +: 20] = 20'(SRTPO_GLB_CNT_WR_ERR); glb_val[32*18 +: 32] = cnt_wr_err_q;
    glb_addr[20*19 +: 20] = 20'(SRTPO_GLB_CNT_IRQ);   glb_val[32*19 +: 32] = cnt_irq_q;
    glb_addr[20*20 +: 20] = 20'(SRTPO_SPI_CTRL);      glb_val[32*20 +: 32] = {16'd0, spi_div_q, 7'd0, spi_cs_q};
    glb_addr[20*21 +: 20] = 20'(SRTPO_SPI_RX);        glb_val[32*21 +: 32] = {24'd0, spi_rx};
    glb_addr[20*22 +: 20] = 20'(SRTPO_SPI_STATUS);    glb_val[32*22 +: 32] = {31'd0, spi_busy};
    glb_addr[20*23 +: 20] = 20'(SRTPO_RELOAD_ADDR);   glb_val[32*23 +: 32] = reload_addr_q;
    glb_addr[20*24 +: 20] = 20'(SRTPO_RELOAD_BOOT_STATUS); glb_val[32*24 +: 32] = boot_status_i;
  end
  always_comb begin
    rd_glb_d = 32'h0;
    for (int k = 0; k < GlbN; k++) rd_glb_d |= glb_val[32*k +: 32] & {32{rg_sel_q[k]}};
  end

  logic unused;
  assign unused = ^{s_wstrb_i, s_awaddr_i[1:0], s_araddr_i[1:0]};
endmodule
