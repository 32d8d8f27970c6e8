// SPDX-License-Identifier: BSD-3-Clause
// Queue DMA of the srtpo card: N queue pairs in host memory feeding the packet engines (one
// stream in dispatch order; srtpo_engine_array spreads it over the engines and restores order).
//
//   fetch:    per queue, descriptors between SQ_HEAD and the doorbell (SQ_TAIL) are read in
//             bursts of up to MaxBatch, round robin over queues, only while the queue has room
//             in its completion ring for every descriptor in flight (so a queue whose host
//             stops reaping stalls alone and never blocks the shared engine).
//   dispatch: each descriptor is checked against its queue's DMA window and key-slot range and
//             turned into one engine descriptor (ZERO_KEYS into one zero walk of its slots),
//             plus a data read inside the window. A descriptor that fails a check goes through
//             the engine as an empty op so completions stay in order, and never causes DMA.
//   feed:     read data goes to the engines a bus word per clock (each packet from lane 0).
//   write:    engine output is staged, then written at out_off inside the window; then the
//             16-byte completion (with its phase bit) goes to the completion ring.
//   irq:      a completion counts toward the queue's interrupt once its write is acknowledged,
//             so the host never takes an interrupt before the completion is visible.
//
// Every read waits for room reserved in its destination before it is issued, so the read data
// channel is always ready and a slow consumer can never hold up another stream behind it.
// All writes use one AXI ID: the host bridge keeps posted writes in order, so a completion
// lands after the packet bytes it describes.
module srtpo_dma #(
  parameter int unsigned NumQueues   = 4,
  parameter int unsigned DataW       = 256,   // 128, 256 or 512
  parameter int unsigned MaxPktBytes = 2048,
  parameter int unsigned NumSlots    = 65536,   // the engines' key slots
  parameter int unsigned Engines     = 1        // engines behind the stream: sizes the queues below
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // queue configuration (srtpo_regfile)
  input  logic [NumQueues*64-1:0] q_sq_base_i,
  input  logic [NumQueues*4-1:0]  q_sq_log2_i,
  input  logic [NumQueues*64-1:0] q_cq_base_i,
  input  logic [NumQueues*4-1:0]  q_cq_log2_i,
  input  logic [NumQueues*64-1:0] q_win_base_i,
  input  logic [NumQueues*32-1:0] q_win_size_i,
  input  logic [NumQueues*16-1:0] q_slot_base_i,
  input  logic [NumQueues*17-1:0] q_slot_count_i,   // 17 bits: up to 65,536
  input  logic [NumQueues-1:0]    q_enable_i,
  input  logic [NumQueues-1:0]    q_reset_i,
  input  logic [NumQueues*16-1:0] q_sq_tail_i,
  input  logic [NumQueues*16-1:0] q_cq_head_i,
  input  logic [NumQueues*16-1:0] q_irq_count_i,
  input  logic [NumQueues*32-1:0] q_irq_time_i,
  input  logic                    glb_enable_i,
  // shadow doorbell records (srtpo_regfile): where they are, QU SQ_TAIL written (wakes an idle
  // queue), and the tails/heads taken from a record, loaded into the QU registers
  input  logic [NumQueues*64-1:0] q_shadow_base_i,
  input  logic [NumQueues-1:0]    q_sq_tail_wr_i,
  output logic [NumQueues-1:0]    q_sh_sq_tail_we_o,
  output logic [NumQueues*16-1:0] q_sh_sq_tail_o,
  output logic [NumQueues-1:0]    q_sh_cq_head_we_o,
  output logic [NumQueues*16-1:0] q_sh_cq_head_o,
  // queue status and events
  output logic [NumQueues*16-1:0] q_sq_head_o,
  output logic [NumQueues*16-1:0] q_cq_tail_o,
  output logic [NumQueues-1:0]    q_busy_o,
  output logic [NumQueues-1:0]    q_wr_err_o,
  output logic [NumQueues-1:0]    ev_done_o,
  output logic [NumQueues-1:0]    ev_err_o,
  output logic [NumQueues-1:0]    ev_reject_o,
  output logic [NumQueues-1:0]    ev_irq_o,
  output logic                    ev_rd_err_o,
  output logic                    ev_wr_err_o,
  output logic [NumQueues-1:0]    irq_o,
  // AXI4 master to host memory (one ID; INCR bursts that never cross 4 KiB)
  output logic                    m_arvalid_o,
  input  logic                    m_arready_i,
  output logic [63:0]             m_araddr_o,
  output logic [7:0]              m_arlen_o,
  input  logic                    m_rvalid_i,
  output logic                    m_rready_o,
  input  logic [DataW-1:0]        m_rdata_i,
  input  logic [1:0]              m_rresp_i,
  input  logic                    m_rlast_i,
  output logic                    m_awvalid_o,
  input  logic                    m_awready_i,
  output logic [63:0]             m_awaddr_o,
  output logic [7:0]              m_awlen_o,
  output logic                    m_wvalid_o,
  input  logic                    m_wready_i,
  output logic [DataW-1:0]        m_wdata_o,
  output logic [DataW/8-1:0]      m_wstrb_o,
  output logic                    m_wlast_o,
  input  logic                    m_bvalid_i,
  output logic                    m_bready_o,
  input  logic [1:0]              m_bresp_i,
  // packet engines (srtpo_engine_array)
  output logic                    e_desc_valid_o,
  input  logic                    e_desc_ready_i,
  output logic [1:0]              e_op_o,
  output logic [15:0]             e_slot_o,
  output logic [47:0]             e_index_o,
  output logic [31:0]             e_ssrc_o,
  output logic [31:0]             e_roc_o,
  output logic                    e_roc_append_o,
  output logic [15:0]             e_enc_off_o,
  output logic [15:0]             e_enc_len_o,
  output logic [15:0]             e_auth_len_o,
  output logic [15:0]             e_tag_off_o,
  output logic [4:0]              e_tag_len_o,
  output logic [15:0]             e_pkt_len_o,
  output logic                    e_in_valid_o,
  input  logic                    e_in_ready_i,
  output logic [DataW-1:0]        e_in_data_o,     // a bus word of one packet (lane 0 first)
  input  logic                    e_out_valid_i,
  output logic                    e_out_ready_o,
  input  logic [DataW-1:0]        e_out_data_i,
  input  logic                    e_cpl_valid_i,
  output logic                    e_cpl_ready_o,
  input  logic [3:0]              e_cpl_status_i,
  input  logic [15:0]             e_cpl_len_i
);
  `include "srtpo_regs_pkg.svh"

  localparam int unsigned N        = NumQueues;
  localparam int unsigned QW       = (N > 1) ? $clog2(N) : 1;
  localparam int unsigned DB       = DataW / 8;             // bytes per bus beat
  localparam int unsigned DBW      = $clog2(DB);
  localparam int unsigned Lanes    = DataW / 128;           // engine beats per bus beat
  localparam int unsigned WPD      = 64 / DB;               // bus beats per descriptor
  // Buffering for a PCIe read round trip of 250-500 clocks: descriptors, read tags, engine
  // descriptors (each one's data read is issued when it is dispatched) and read data are sized
  // so that ~500 clocks of reads can be outstanding at full rate (one engine), ~250 clocks at the
  // rate of four (Wide: twice the reads and read buffer, Engines times the packets in flight).
  localparam int unsigned Wide     = (Engines > 1) ? 2 : 1;
  localparam int unsigned MaxBatch = 4;                     // descriptors per fetch burst
  localparam int unsigned DescDepth = 64 * Engines;         // fetched descriptors
  localparam int unsigned TagDepth = 128 * Wide;            // outstanding reads (bursts, polls)
  localparam int unsigned EdDepth  = 64 * Engines;          // dispatched, data not yet all fed
  localparam int unsigned RDepth   = 16384 * Wide / DB;     // read data buffer, bus beats
  localparam int unsigned MaxBurst = 1024 / DB;             // data read burst, bus beats
  localparam int unsigned MetaDepth = 128 * Engines;        // dispatched, completion not written
  localparam int unsigned StageDepth = 2 * MaxPktBytes / DB;
  localparam int unsigned EpW      = 4;

  localparam logic [7:0] StOk       = 8'(SRTPO_ST_OK);
  localparam logic [7:0] StAuth     = 8'(SRTPO_ST_AUTH);
  localparam logic [7:0] StWindow   = 8'(SRTPO_ST_WINDOW);
  localparam logic [7:0] StForeign  = 8'(SRTPO_ST_FOREIGN_SLOT);
  localparam logic [7:0] StAlign    = 8'(SRTPO_ST_ALIGN);
  localparam logic [7:0] StDma      = 8'(SRTPO_ST_DMA);
  localparam logic [7:0] StBadDesc  = 8'(SRTPO_ST_BAD_DESC);

  // Per-queue configuration, unflattened
  logic [63:0] sq_base [N];
  logic [63:0] cq_base [N];
  logic [63:0] win_base [N];
  logic [31:0] win_size [N];
  logic [3:0]  sq_log2 [N];
  logic [3:0]  cq_log2 [N];
  logic [15:0] slot_base [N];
  logic [16:0] slot_count [N];
  logic [15:0] sq_tail [N];
  logic [15:0] cq_head [N];
  logic [15:0] irq_count [N];
  logic [31:0] irq_time [N];
  for (genvar q = 0; q < N; q++) begin : g_cfg
    assign sq_base[q]    = q_sq_base_i[64*q +: 64];
    assign cq_base[q]    = q_cq_base_i[64*q +: 64];
    assign win_base[q]   = q_win_base_i[64*q +: 64];
    assign win_size[q]   = q_win_size_i[32*q +: 32];
    assign sq_log2[q]    = q_sq_log2_i[4*q +: 4];
    assign cq_log2[q]    = q_cq_log2_i[4*q +: 4];
    assign slot_base[q]  = q_slot_base_i[16*q +: 16];
    assign slot_count[q] = q_slot_count_i[17*q +: 17];
    assign sq_tail[q]    = q_sq_tail_i[16*q +: 16];
    assign cq_head[q]    = q_cq_head_i[16*q +: 16];
    assign irq_count[q]  = q_irq_count_i[16*q +: 16];
    assign irq_time[q]   = q_irq_time_i[32*q +: 32];
  end

  // Per-queue state (one always block each, below)
  logic [15:0]    sq_head_q [N];    // descriptors fetched
  logic [15:0]    cq_tail_q [N];    // completions written
  logic [15:0]    inflight_q [N];   // fetched, completion not yet written or dropped
  logic [EpW-1:0] epoch_q [N];      // bumped by a queue reset: older work is dropped
  logic           wr_err_q [N];

  // Shadow doorbell records (section "Shadow" below): the reads and writes they ask for
  logic [63:0]      sh_base [N];
  logic             sh_rd_want;     // a queue wants its record read ...
  logic [QW-1:0]    sh_rd_q;        // ... this one (the lowest)
  logic             sh_rd_take;     // claimed this clock (into the request register below)
  // A claimed record read waits in a register for the read address channel, as a status
  // write waits for the writer: the channel's arbiter then starts from a flip-flop, not from
  // every queue's polling state, and the address needs no queue mux.
  logic             sh_req_q, sh_ar_go;
  logic [QW-1:0]    sh_req_qn_q;
  logic [EpW-1:0]   sh_req_ep_q;
  logic [63:0]      sh_req_addr_q;
  logic             sw_req;         // status write (card_state) waits for the writer
  logic [QW-1:0]    sw_q;
  logic [63:0]      sw_addr;        // bus-beat aligned
  logic [DataW-1:0] sw_data;
  logic [DB-1:0]    sw_strb;
  logic             sw_go;          // writer: its AW, W beat and B tag pushed this clock
  logic             sw_done;        // its B response came (queue sw_done_q)
  logic [QW-1:0]    sw_done_q;

  // =============================================================================================
  // Fetch: pick a queue, read up to MaxBatch descriptors
  // How many descriptors each queue may fetch is a long chain of subtractions and compares, so
  // it is computed two clocks ahead: first each limit (pending, completion-ring room, ring end,
  // 4 KiB page, FIFO credit) on its own, saturated at MaxBatch, into registers; then their
  // minimum, a small tree of 3-bit compares, into f_n_q. A fetch changes what they depend on
  // (head, in-flight count, FIFO credit), and the pick below adds a third clock, so no queue
  // fetches in the three clocks after a fetch: the registers then hold values computed after it.
  // Everything else only ever grows a limit between computation and use (the host's tail and
  // completion head, completions written, credit returned), so a stale limit is a low one.
  // Enable and reset act on both stages and on the pick; a fetch in the very clock of a queue
  // reset carries the old epoch, so its descriptors are dropped as stale.
  logic [$clog2(DescDepth):0] desc_credit_q;   // desc FIFO entries not yet reserved
  logic [2:0]  f_n_q [N];            // descriptors queue q may fetch, as computed a clock ago
  logic [N-1:0] f_nz_q;              // ... and whether that is any (every limit above zero)
  logic [63:0] f_addr [N];
  logic [63:0] f_addr_q [N];
  logic        f_fire, f_block_q, f_block2_q, f_block3_q;
  logic [N-1:0] f_off;               // queue q may not fetch (disabled, reset, card off)
  logic [2:0]  f_credit_q;           // desc_credit_q saturated at MaxBatch, a clock ago

  function automatic logic [2:0] sat_batch(input logic [15:0] v);
    sat_batch = (v < 16'(MaxBatch)) ? v[2:0] : 3'(MaxBatch);
  endfunction
  function automatic logic [2:0] min3(input logic [2:0] a, input logic [2:0] b);
    min3 = (a < b) ? a : b;
  endfunction

  for (genvar q = 0; q < N; q++) begin : g_fetch
    logic [15:0] pending, idx, to_end, cq_size, cq_used, room;
    logic [16:0] room_s;
    logic [6:0]  to4k;
    logic [2:0]  lim_pending_q, lim_room_q, lim_end_q, lim_page_q;
    logic        off, off_q;
    assign pending = sq_tail[q] - sq_head_q[q];
    assign idx     = sq_head_q[q] & ((16'd1 << sq_log2[q]) - 16'd1);
    assign to_end  = (16'd1 << sq_log2[q]) - idx;
    assign f_addr[q] = sq_base[q] + {42'd0, idx, 6'd0};
    assign to4k    = 7'((13'h1000 - {1'b0, f_addr[q][11:0]}) >> 6);
    assign cq_size = 16'd1 << cq_log2[q];
    assign cq_used = cq_tail_q[q] - cq_head[q];
    assign room_s  = {1'b0, cq_size} - {1'b0, cq_used} - {1'b0, inflight_q[q]};
    assign room    = room_s[16] ? 16'd0 : room_s[15:0];
    assign off = !glb_enable_i || !q_enable_i[q] || q_reset_i[q];
    assign f_off[q] = off;
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        lim_pending_q <= '0;
        lim_room_q    <= '0;
        lim_end_q     <= '0;
        lim_page_q    <= '0;
        off_q         <= 1'b1;
        f_n_q[q]      <= '0;
        f_nz_q[q]     <= 1'b0;
        f_addr_q[q]   <= '0;
      end else begin
        // stage 1: each limit on its own (a tail past the ring's size fetches nothing)
        lim_pending_q <= (pending > (16'd1 << sq_log2[q])) ? 3'd0 : sat_batch(pending);
        lim_room_q    <= sat_batch(room);
        lim_end_q     <= sat_batch(to_end);
        lim_page_q    <= sat_batch({9'd0, to4k});
        off_q         <= off;
        // stage 2: their minimum
        f_n_q[q]      <= (off || off_q) ? 3'd0 :
                         min3(min3(lim_pending_q, lim_room_q),
                              min3(min3(lim_end_q, lim_page_q), f_credit_q));
        f_nz_q[q]     <= !(off || off_q) && lim_pending_q != 3'd0 && lim_room_q != 3'd0 &&
                         lim_end_q != 3'd0 && lim_page_q != 3'd0 && f_credit_q != 3'd0;
        f_addr_q[q]   <= f_addr[q];
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      f_block_q  <= 1'b0;
      f_block2_q <= 1'b0;
      f_block3_q <= 1'b0;
      f_credit_q <= '0;
    end else begin
      f_block_q  <= f_fire;
      f_block2_q <= f_block_q;
      f_block3_q <= f_block2_q;
      f_credit_q <= sat_batch(16'(desc_credit_q));
    end
  end

  // The queue to fetch from is picked a clock ahead, round robin over the registered counts
  // (f_n_q), with its count, its address and whether it was on taken into registers then: the
  // read-address arbiter starts from flip-flops. The count is current (see the blocks above);
  // an enable or reset that comes after the pick is the same as one a clock later.
  logic [QW-1:0] rr_q, f_q, f_pick, f_q_q;
  logic          f_any, f_live_q;
  logic [2:0]    f_cnt_q;
  logic [63:0]   f_at_q;
  always_comb begin
    f_pick = rr_q;
    for (int i = N; i >= 1; i--) begin
      logic [QW:0] c;
      c = {1'b0, rr_q} + (QW+1)'(i);
      if (c >= (QW+1)'(N)) c = c - (QW+1)'(N);
      if (f_nz_q[c[QW-1:0]]) f_pick = c[QW-1:0];
    end
  end
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      f_q_q    <= '0;
      f_live_q <= 1'b0;
      f_cnt_q  <= '0;
      f_at_q   <= '0;
    end else begin
      f_q_q    <= f_pick;
      f_live_q <= f_nz_q[f_pick];
      f_cnt_q  <= f_n_q[f_pick];
      f_at_q   <= f_addr_q[f_pick];
    end
  end
  assign f_q   = f_q_q;
  // f_nz_q saw enable and reset as they were two clocks back; a queue reset since then blocks
  // every queue for its clock (its head and epoch change under a picked fetch), a disable does not
  // need to (it is the same as one a clock later).
  logic f_reset_q;
  always_ff @(posedge clk_i) f_reset_q <= rst_ni && (|q_reset_i);
  assign f_any = f_live_q && !f_block_q && !f_block2_q && !f_block3_q && !f_reset_q;

  // =============================================================================================
  // Read address channel: descriptor fetches and data reads share AR; they alternate when both wait.
  // Shadow record reads (one beat) go first: there are few of them and a poll must not wait.
  localparam int unsigned TagW = 2 + QW + EpW;   // {is_shadow, is_data, q, epoch}
  logic            tag_push, tag_pop, tag_full, tag_empty;
  logic [TagW-1:0] tag_wdata, tag_rdata;
  logic [$clog2(TagDepth):0] tag_count;

  srtpo_fifo #(.Width(TagW), .Depth(TagDepth), .OutReg(1'b1)) u_rtag (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(tag_push), .wdata_i(tag_wdata), .pop_i(tag_pop),
    .rdata_o(tag_rdata), .full_o(tag_full), .empty_o(tag_empty), .count_o(tag_count));

  // Data read requests from dispatch: {address, bytes}
  logic         rq_push, rq_pop, rq_full, rq_empty;
  logic [QW+79:0] rq_wdata, rq_rdata;     // {queue, address, bytes}
  logic [3:0]   rq_count;
  srtpo_fifo #(.Width(QW + 80), .Depth(8), .OutReg(1'b1)) u_rreq (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(rq_push), .wdata_i(rq_wdata), .pop_i(rq_pop),
    .rdata_o(rq_rdata), .full_o(rq_full), .empty_o(rq_empty), .count_o(rq_count));

  // The head request's next burst, a clock ahead (srtpo_rd_burst, proved in rtl/formal).
  logic [63:0] rq_addr;
  logic [12:0] rq_burst;
  logic        rq_last, rq_ok, rq_take;
  logic [$clog2(RDepth):0] rd_credit_q;     // read buffer beats not yet reserved
  srtpo_rd_burst #(.DB(DB), .MaxBurst(MaxBurst)) u_rd_burst (
    .clk_i(clk_i), .rst_ni(rst_ni), .req_valid_i(!rq_empty), .req_addr_i(rq_rdata[79:16]),
    .req_len_i(rq_rdata[15:0]), .take_i(rq_take), .ok_o(rq_ok), .addr_o(rq_addr),
    .beats_o(rq_burst), .last_o(rq_last));

  logic ar_busy, want_data, want_desc, pick_data, pick_sh, ar_take, last_data_q;
  assign ar_busy   = m_arvalid_o && !m_arready_i;
  // Room in the read buffer is tested against the largest burst, from a register worked out as
  // the credit was (rd_credit_big_q): the AR handshake then starts from flip-flops. It holds back
  // a burst only while fewer than MaxBurst beats of the buffer are free.
  logic rd_credit_big_q;
  assign want_data = rq_ok && rd_credit_big_q;
  assign want_desc = f_any;
  assign pick_sh   = sh_req_q;
  assign pick_data = !pick_sh && want_data && (!want_desc || !last_data_q);
  assign ar_take   = !ar_busy && !tag_full && (pick_sh || want_data || want_desc);
  assign tag_push  = ar_take;
  assign tag_wdata = pick_sh   ? {2'b10, sh_req_qn_q, sh_req_ep_q} :
                     pick_data ? {2'b01, {QW{1'b0}}, {EpW{1'b0}}} : {2'b00, f_q, epoch_q[f_q]};
  assign sh_ar_go  = ar_take && pick_sh;
  assign rq_take   = ar_take && pick_data;
  assign rq_pop    = rq_take && rq_last;

  logic [2:0] f_cnt;
  assign f_fire = ar_take && !pick_data && !pick_sh;
  assign f_cnt  = f_cnt_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      m_arvalid_o <= 1'b0;
      m_araddr_o  <= '0;
      m_arlen_o   <= '0;
      last_data_q <= 1'b0;
      rr_q        <= '0;
    end else begin
      if (m_arready_i) m_arvalid_o <= 1'b0;
      if (ar_take) begin
        m_arvalid_o <= 1'b1;
        last_data_q <= pick_data;
        if (pick_sh) begin
          m_araddr_o <= sh_req_addr_q;
          m_arlen_o  <= 8'd0;
        end else if (pick_data) begin
          m_araddr_o <= rq_addr;
          m_arlen_o  <= 8'(rq_burst - 13'd1);
        end else begin
          m_araddr_o <= f_at_q;
          m_arlen_o  <= 8'(({5'd0, f_cnt} * 8'(WPD)) - 8'd1);
          rr_q       <= f_q;
        end
      end
    end
  end

  // =============================================================================================
  // Read data: descriptors into the descriptor FIFO, packet data into the read buffer
  // {in_off + pkt_len, out_off + pkt_len, reserved bits set, err, q, epoch, descriptor}: the
  // descriptor-only parts of the check (two sums, a wide OR) are worked out as the descriptor
  // arrives (srtpo_desc_check)
  localparam int unsigned DescW = 33 + 33 + 1 + 512 + QW + EpW + 1;
  logic             df_push, df_pop, df_full, df_empty;
  logic [DescW-1:0] df_wdata, df_rdata;
  logic [$clog2(DescDepth):0] df_count;
  srtpo_fifo #(.Width(DescW), .Depth(DescDepth), .OutReg(1'b1)) u_desc (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(df_push), .wdata_i(df_wdata), .pop_i(df_pop),
    .rdata_o(df_rdata), .full_o(df_full), .empty_o(df_empty), .count_o(df_count));

  logic                    rb_push, rb_pop, rb_full, rb_empty;
  logic [DataW:0]          rb_wdata, rb_rdata;      // {resp error, data}
  logic [$clog2(RDepth):0] rb_count;
  srtpo_fifo #(.Width(DataW + 1), .Depth(RDepth)) u_rbuf (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(rb_push), .wdata_i(rb_wdata), .pop_i(rb_pop),
    .rdata_o(rb_rdata), .full_o(rb_full), .empty_o(rb_empty), .count_o(rb_count));

  logic          r_fire, r_is_data, r_is_sh, r_err;
  logic [QW-1:0] r_q;
  logic [EpW-1:0] r_ep;
  assign {r_is_sh, r_is_data, r_q, r_ep} = tag_rdata;
  assign m_rready_o = !tag_empty;     // destinations were reserved when the read was issued
  assign r_fire     = m_rvalid_i && m_rready_o;
  assign r_err      = m_rresp_i != 2'b00;
  assign tag_pop    = r_fire && m_rlast_i;
  assign rb_push    = r_fire && r_is_data;
  assign rb_wdata   = {r_err, m_rdata_i};
  assign ev_rd_err_o = r_fire && r_err;

  logic [511:0] asm_q;
  logic [WPD-1:0] asm_at_q;          // one-hot: which beat of the descriptor arrives next
  logic         asm_err_q;
  logic [511:0] asm_next;
  always_comb begin
    asm_next = asm_q;
    if (WPD == 1) asm_next = 512'(m_rdata_i);      // a descriptor per beat: no place to pick
    else for (int b = 0; b < WPD; b++) if (asm_at_q[b]) asm_next[DataW * b +: DataW] = m_rdata_i;
  end
  // Reserved bits: tested beat by beat as each arrives (each beat's place in the descriptor is
  // fixed per instance), and kept over the descriptor's earlier beats in asm_rsvd_q.
  logic           asm_rsvd, asm_rsvd_q;
  logic [WPD-1:0] beat_rsvd;
  for (genvar b = 0; b < WPD; b++) begin : g_rsvd
    logic [511:0] placed;
    always_comb begin
      placed = '0;
      placed[DataW * b +: DataW] = m_rdata_i;
    end
    srtpo_desc_rsvd u_rsvd (.desc_i(placed), .rsvd_bad_o(beat_rsvd[b]));
  end
  // the beat's place picked by a one-hot register at the end of each beat's OR tree (a beat
  // count compared in front of it let ABC fold the select into the trees)
  logic beat_rsvd_here;
  assign beat_rsvd_here = (beat_rsvd & asm_at_q) != '0;
  assign asm_rsvd = (WPD == 1) ? beat_rsvd_here : asm_rsvd_q | beat_rsvd_here;
  assign df_push  = r_fire && !r_is_data && !r_is_sh && asm_at_q[WPD-1];
  assign df_wdata = {{1'b0, asm_next[8*SRTPO_DESC_IN_OFF_OFF +: 32]} +
                       {17'd0, asm_next[8*SRTPO_DESC_PKT_LEN_OFF +: 16]},
                     {1'b0, asm_next[8*SRTPO_DESC_OUT_OFF_OFF +: 32]} +
                       {17'd0, asm_next[8*SRTPO_DESC_PKT_LEN_OFF +: 16]},
                     asm_rsvd, asm_err_q | r_err, r_q, r_ep, asm_next};

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      asm_at_q   <= WPD'(1);
      asm_err_q  <= 1'b0;
      asm_rsvd_q <= 1'b0;
      asm_q      <= '0;
    end else if (r_fire && !r_is_data && !r_is_sh) begin
      asm_q <= asm_next;
      if (asm_at_q[WPD-1]) begin
        asm_at_q   <= WPD'(1);
        asm_err_q  <= 1'b0;
        asm_rsvd_q <= 1'b0;
      end else begin
        asm_at_q   <= asm_at_q << 1;
        asm_err_q  <= asm_err_q | r_err;
        asm_rsvd_q <= asm_rsvd;
      end
    end
  end

  logic [$clog2(RDepth):0] rd_credit_d;
  assign rd_credit_d = rd_credit_q - ((ar_take && pick_data) ? ($clog2(RDepth)+1)'(rq_burst) : '0)
                       + {{$clog2(RDepth){1'b0}}, rb_pop};
  always_ff @(posedge clk_i) begin
    if (!rst_ni) rd_credit_big_q <= 1'b1;
    else         rd_credit_big_q <= 32'(rd_credit_d) >= 32'(MaxBurst);
  end
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      desc_credit_q <= ($clog2(DescDepth)+1)'(DescDepth);
      rd_credit_q   <= ($clog2(RDepth)+1)'(RDepth);
    end else begin
      case ({f_fire, df_pop})
        2'b10:   desc_credit_q <= desc_credit_q - ($clog2(DescDepth)+1)'(f_cnt);
        2'b01:   desc_credit_q <= desc_credit_q + 1'b1;
        2'b11:   desc_credit_q <= desc_credit_q - ($clog2(DescDepth)+1)'(f_cnt) + 1'b1;
        default: ;
      endcase
      rd_credit_q   <= rd_credit_d;
    end
  end

  // =============================================================================================
  // Shadow: per queue, the doorbell record in host memory (QP SHADOW_BASE, NVMe/virtio style).
  // While the queue is enabled, its SHADOW_BASE non-zero and it is active, the record's first
  // bus beat (sq_tail at byte 0, cq_head at byte 4) is read at least every SHADOW_POLL_CLOCKS,
  // through the same AR/tag machinery as descriptor fetches (the address is the driver's, not
  // a window's). A value is taken only when it moves forward: sq_tail when it adds descriptors
  // (at most a ring of them past SQ_HEAD), cq_head when it releases completions that were
  // written; so a read that raced a QU register write never moves an index back.
  //
  // Going idle: after SHADOW_IDLE_CLOCKS with nothing in flight and no new descriptors, the
  // card writes card_state (IDLE=1, bits 31:16 counting idle entries) and, after that write's B
  // response, reads the record once more; it stops polling only if that read brought nothing
  // new and no QU SQ_TAIL write came meanwhile. Otherwise, and on any QU SQ_TAIL write while
  // idle, it writes card_state with IDLE=0 and polls again. A host that writes sq_tail to the
  // record, then (after a full barrier) reads card_state and rings QU SQ_TAIL when IDLE is set
  // cannot lose a wake-up: either it sees IDLE, or the card's last read sees its tail.
  //
  // A read error on the record (counted in GLB CNT_RD_ERR like every read error) sends the
  // queue idle at once (IDLE=1 written, no check read): the QU doorbell still works.
  localparam logic [2:0] ShOff     = 3'd0;   // no record, or the queue is off
  localparam logic [2:0] ShPoll    = 3'd1;   // active: reading the record
  localparam logic [2:0] ShGoIdle  = 3'd2;   // card_state IDLE=1 waits for the writer
  localparam logic [2:0] ShWaitB   = 3'd3;   // ... for its B response
  localparam logic [2:0] ShCheck   = 3'd4;   // the last read waits for AR
  localparam logic [2:0] ShChkWait = 3'd5;   // ... for its data (and every older poll's)
  localparam logic [2:0] ShIdle    = 3'd6;   // stopped until QU SQ_TAIL is written
  localparam logic [2:0] ShWake    = 3'd7;   // card_state IDLE=0 waits for the writer
  // A poll is asked for a few clocks early: AR may be taken by other reads for a while.
  localparam logic [6:0]  ShPollAt  = 7'(SRTPO_SHADOW_POLL_CLOCKS - 8);
  localparam logic [12:0] ShIdleAt  = 13'(SRTPO_SHADOW_IDLE_CLOCKS - 1);
  localparam int unsigned ShStateAt = SRTPO_SHADOW_CARD_STATE_OFF & ~(DB - 1);  // its bus beat
  localparam int unsigned ShLane    = SRTPO_SHADOW_CARD_STATE_OFF % DB;         // byte in it

  // The returned beat, a clock later (the compares below then start from registers)
  logic           shr_valid_q, shr_err_q;
  logic [QW-1:0]  shr_q_q;
  logic [EpW-1:0] shr_ep_q;
  logic [15:0]    shr_tail_q, shr_head_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) shr_valid_q <= 1'b0;
    else         shr_valid_q <= r_fire && r_is_sh;
    if (r_fire && r_is_sh) begin
      shr_err_q  <= r_err;
      shr_q_q    <= r_q;
      shr_ep_q   <= r_ep;
      shr_tail_q <= m_rdata_i[8*SRTPO_SHADOW_SQ_TAIL_OFF +: 16];
      shr_head_q <= m_rdata_i[8*SRTPO_SHADOW_CQ_HEAD_OFF +: 16];
    end
  end

  logic [2:0]  sh_state_q [N];
  logic [3:0]  sh_rd_out_q [N];     // record reads on the bus
  logic [1:0]  sh_wr_out_q [N];     // card_state writes not yet answered
  logic [15:0] sh_cnt_q [N];        // times the queue went idle (card_state 31:16)
  logic [N-1:0] sh_on, sh_rd_wants, sh_wr_wants;

  for (genvar q = 0; q < N; q++) begin : g_shadow
    logic        hit, live, ok, t_acc, h_acc, wake, quiet, rd_take, wr_go, wr_done;
    logic [15:0] d_new, d_cur, h_new, h_max;
    logic [6:0]  poll_q;
    logic [12:0] idle_q;
    logic        new_q, err_q;
    logic        chk_back_q, chk_err_q;   // the idle check's read came back (a clock ago), failed
    // "Nothing fetched is outstanding" and "the tail is past the head" as of a clock ago: 16-bit
    // compares, kept out of the state machine's clock. Both are safe a clock late: idling needs
    // thousands of quiet clocks, a tail that arrives is in new_q or wake as well, and a stale
    // "tail past the head" only wakes a queue that then finds nothing.
    logic        drained_q, behind_q;
    // "Has a record" is a 64-bit compare: taken from a register, a clock after the base
    // register. The base changes only while the queue is disabled (QP CTRL), and enabling it
    // takes a register write of its own, so the lag is never seen.
    logic base_set_q;
    always_ff @(posedge clk_i) base_set_q <= rst_ni && sh_base[q] != 64'd0;
    assign sh_base[q] = q_shadow_base_i[64*q +: 64];
    assign sh_on[q]   = glb_enable_i && q_enable_i[q] && !q_reset_i[q] && base_set_q;
    assign hit     = shr_valid_q && shr_q_q == QW'(q);
    assign live    = hit && shr_ep_q == epoch_q[q] && sh_on[q];
    assign ok      = live && !shr_err_q;
    assign d_new   = shr_tail_q - sq_head_q[q];
    assign d_cur   = sq_tail[q] - sq_head_q[q];
    assign t_acc   = ok && d_new > d_cur && d_new <= (16'd1 << sq_log2[q]);
    assign h_new   = shr_head_q - cq_head[q];
    assign h_max   = cq_tail_q[q] - cq_head[q];
    assign h_acc   = ok && h_new != 16'd0 && h_new <= h_max;
    assign wake    = q_sq_tail_wr_i[q];
    // Quiet leaves out a tail taken in this very clock (t_acc, a 16-bit compare behind the
    // record's answer): the queue may then start going idle with that work just queued. That is
    // safe: the idle check's read comes after the IDLE write, and the check sees the new tail
    // (sq_tail != sq_head) unless the work is already done, and wakes the queue.
    assign quiet   = drained_q && !behind_q && !wake;
    always_ff @(posedge clk_i) begin
      drained_q <= inflight_q[q] == 16'd0;
      behind_q  <= sq_tail[q] != sq_head_q[q];
    end
    assign rd_take = sh_rd_take && sh_rd_q == QW'(q);
    assign wr_go   = sw_go && sw_q == QW'(q);
    assign wr_done = sw_done && sw_done_q == QW'(q);
    assign sh_rd_wants[q] = sh_on[q] && sh_rd_out_q[q] != 4'hf &&
                            ((sh_state_q[q] == ShPoll && poll_q >= ShPollAt) || sh_state_q[q] == ShCheck);
    assign sh_wr_wants[q] = sh_on[q] && (sh_state_q[q] == ShGoIdle || sh_state_q[q] == ShWake);
    assign q_sh_sq_tail_we_o[q]        = t_acc;
    assign q_sh_sq_tail_o[16*q +: 16]  = shr_tail_q;
    assign q_sh_cq_head_we_o[q]        = h_acc;
    assign q_sh_cq_head_o[16*q +: 16]  = shr_head_q;

    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        sh_rd_out_q[q] <= '0;
        sh_wr_out_q[q] <= '0;
      end else begin
        sh_rd_out_q[q] <= sh_rd_out_q[q] + (rd_take ? 4'd1 : 4'd0) - (hit ? 4'd1 : 4'd0);
        sh_wr_out_q[q] <= sh_wr_out_q[q] + (wr_go ? 2'd1 : 2'd0) - (wr_done ? 2'd1 : 2'd0);
      end
    end

    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        sh_state_q[q] <= ShOff;
        sh_cnt_q[q]   <= '0;
        poll_q        <= '0;
        idle_q        <= '0;
        new_q         <= 1'b0;
        err_q         <= 1'b0;
        chk_back_q    <= 1'b0;
      end else if (!sh_on[q]) begin
        sh_state_q[q] <= ShOff;
        poll_q        <= '0;
        idle_q        <= '0;
        new_q         <= 1'b0;
        err_q         <= 1'b0;
        chk_back_q    <= 1'b0;
      end else begin
        if (t_acc || wake) new_q <= 1'b1;
        case (sh_state_q[q])
          ShOff: begin
            sh_state_q[q] <= ShPoll;
            poll_q        <= ShPollAt;        // read the record at once
          end
          ShPoll: begin
            poll_q <= rd_take ? 7'd0 : (poll_q == 7'h7f) ? poll_q : poll_q + 7'd1;
            idle_q <= quiet ? idle_q + 13'd1 : 13'd0;
            if (live && shr_err_q) begin
              sh_state_q[q] <= ShGoIdle;
              sh_cnt_q[q]   <= sh_cnt_q[q] + 16'd1;
              err_q         <= 1'b1;
              new_q         <= 1'b0;
            end else if (quiet && idle_q >= ShIdleAt) begin
              sh_state_q[q] <= ShGoIdle;
              sh_cnt_q[q]   <= sh_cnt_q[q] + 16'd1;
              err_q         <= 1'b0;
              new_q         <= 1'b0;
            end
          end
          ShGoIdle: if (wr_go) sh_state_q[q] <= ShWaitB;
          ShWaitB:  if (sh_wr_out_q[q] == 2'd0) sh_state_q[q] <= err_q ? ShIdle : ShCheck;
          ShCheck:  if (rd_take) sh_state_q[q] <= ShChkWait;
          ShChkWait: begin
            // The last read is back: stop only if it found nothing and nobody rang. Decided a
            // clock after its answer, so a tail it brought is in new_q and sq_tail by then.
            chk_back_q <= hit && sh_rd_out_q[q] == 4'd1;
            chk_err_q  <= shr_err_q;
            if (chk_back_q) begin
              chk_back_q <= 1'b0;
              if (chk_err_q || !(new_q || wake || behind_q))
                sh_state_q[q] <= ShIdle;
              else
                sh_state_q[q] <= ShWake;
            end
          end
          ShIdle: if (wake) sh_state_q[q] <= ShWake;
          ShWake: if (wr_go) begin
            sh_state_q[q] <= ShPoll;
            poll_q        <= ShPollAt;
            idle_q        <= '0;
          end
          default: sh_state_q[q] <= ShOff;
        endcase
      end
    end
  end

  // Which queues want a record read is taken from a register (a clock old): the wish is a
  // compare behind the enable bits. A claim sets sh_req_q for at least a clock, and by then the
  // registered wishes show the claim, so no queue is claimed twice for one wish. A queue that
  // stopped wanting in that clock (turned off, or gone idle) gets one more read; its answer is
  // counted like any other and, for a queue turned off, dropped.
  logic [N-1:0] sh_rd_wants_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) sh_rd_wants_q <= '0;
    else         sh_rd_wants_q <= sh_rd_wants;
  end
  always_comb begin
    sh_rd_want = |sh_rd_wants_q;
    sh_rd_q    = '0;
    for (int i = N - 1; i >= 0; i--) if (sh_rd_wants_q[i]) sh_rd_q = QW'(i);
  end
  // A queue's polling state counts the read as taken when it is claimed; the response is
  // matched by queue and epoch as before (a queue reset between claim and issue changes the
  // epoch, so the answer is dropped).
  assign sh_rd_take = sh_rd_want && !sh_req_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      sh_req_q      <= 1'b0;
      sh_req_qn_q   <= '0;
      sh_req_ep_q   <= '0;
      sh_req_addr_q <= '0;
    end else if (sh_rd_take) begin
      sh_req_q      <= 1'b1;
      sh_req_qn_q   <= sh_rd_q;
      sh_req_ep_q   <= epoch_q[sh_rd_q];
      sh_req_addr_q <= sh_base[sh_rd_q];
    end else if (sh_ar_go) begin
      sh_req_q      <= 1'b0;
    end
  end

  // One status write request at a time, handed to the writer (which arbitrates it like a
  // completion: between data bursts). Dropped if its queue turned off meanwhile.
  // Whether its queue still wants it is taken from a register (sw_on_q, a clock old): the live
  // test is a queue mux behind the enable bits, too long in front of the writer's handshake. A
  // queue turned off can so see its status write leave in the clock after; that is the same as
  // the write having left a clock earlier, which the host must allow for anyway.
  logic          sw_valid_q, sw_on_q;
  logic [QW-1:0] sw_q_q;
  logic [63:0]   sw_addr_q;
  logic [31:0]   sw_state_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      sw_valid_q <= 1'b0;
      sw_on_q    <= 1'b0;
      sw_q_q     <= '0;
      sw_addr_q  <= '0;
      sw_state_q <= '0;
    end else if (sw_valid_q) begin
      if (sw_go || !sh_wr_wants[sw_q_q]) sw_valid_q <= 1'b0;
      sw_on_q <= sh_wr_wants[sw_q_q];
    end else if (|sh_wr_wants) begin
      sw_valid_q <= 1'b1;
      sw_on_q    <= 1'b1;
      for (int i = N - 1; i >= 0; i--) begin
        if (sh_wr_wants[i]) begin
          sw_q_q     <= QW'(i);
          sw_addr_q  <= sh_base[i] + 64'(ShStateAt);
          sw_state_q <= {sh_cnt_q[i], 15'd0, sh_state_q[i] == ShGoIdle};
        end
      end
    end
  end
  assign sw_req  = sw_valid_q && sw_on_q;
  assign sw_q    = sw_q_q;
  assign sw_addr = sw_addr_q;
  assign sw_data = DataW'(sw_state_q) << (8 * ShLane);
  assign sw_strb = DB'(4'hf) << ShLane;

  // =============================================================================================
  // Check: the head of the descriptor FIFO is checked (srtpo_desc_check, proved in rtl/formal)
  // into registers as it arrives, so dispatch works from stored, checked descriptors: the window
  // adds and compares and the queue-register muxes are a clock of their own. Only the epoch test
  // is repeated at dispatch, as a queue reset may come in between.
  logic [511:0]   f_dd;
  logic [QW-1:0]  f_dq;
  logic [EpW-1:0] f_dep;
  logic           f_derr, f_rsvd;
  logic [32:0]    f_in_end, f_out_end;
  assign {f_in_end, f_out_end, f_rsvd, f_derr, f_dq, f_dep, f_dd} = df_rdata;

  logic        c_pass, c_drop, c_zk, c_reads;
  logic [7:0]  c_st;
  logic [15:0] c_slot, c_zk_span;
  logic [63:0] c_in_addr, c_out_addr;
  srtpo_desc_check #(.MaxPktBytes(MaxPktBytes), .NumSlots(NumSlots)) u_check (
    .desc_i       (f_dd),
    .in_end_i     (f_in_end),
    .out_end_i    (f_out_end),
    .rd_err_i     (f_derr),
    .rsvd_bad_i   (f_rsvd),
    .stale_i      (f_dep != epoch_q[f_dq]),
    .win_base_i   (win_base[f_dq]),
    .win_size_i   (win_size[f_dq]),
    .slot_base_i  (slot_base[f_dq]),
    .slot_count_i (slot_count[f_dq]),
    .pass_o       (c_pass),
    .drop_o       (c_drop),
    .status_o     (c_st),
    .zero_keys_o  (c_zk),
    .reads_o      (c_reads),
    .eng_slot_o   (c_slot),
    .zk_span_o    (c_zk_span),
    .in_addr_o    (c_in_addr),
    .out_addr_o   (c_out_addr));

  // The engine needs descriptor bytes 0..33 (opcode .. pkt_len); the rest was only checked.
  localparam int unsigned KeptW = 8 * (SRTPO_DESC_PKT_LEN_OFF + 2);
  logic             k_valid_q, k_load, k_pop;
  logic [KeptW-1:0] k_dd_q;
  logic [QW-1:0]    k_q_q;
  logic [EpW-1:0]   k_ep_q;
  logic             k_pass_q, k_drop_q, k_zk_q, k_reads_q;
  logic [7:0]       k_st_q;
  logic [15:0]      k_slot_q, k_zk_span_q;   // the checked slot (ZERO_KEYS: range start, span)
  logic [63:0]      k_in_addr_q, k_out_addr_q;
  // bus words of the packet's data, whatever the check said (dispatch applies its decision)
  logic [7:0]       k_words_q;
  logic             k_wone_q, k_wany_q;
  logic [15:0]      f_pkt_len;
  logic [7:0]       f_words;
  assign f_pkt_len = f_dd[8*SRTPO_DESC_PKT_LEN_OFF +: 16];
  assign f_words   = 8'(({1'b0, f_pkt_len} + 17'(DB - 1)) >> DBW);
  assign k_load = !df_empty && (!k_valid_q || k_pop);
  assign df_pop = k_load;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      k_valid_q <= 1'b0;
    end else if (k_load) begin
      k_valid_q <= 1'b1;
    end else if (k_pop) begin
      k_valid_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (k_load) begin
      k_dd_q       <= f_dd[KeptW-1:0];
      k_q_q        <= f_dq;
      k_ep_q       <= f_dep;
      k_pass_q     <= c_pass;
      k_drop_q     <= c_drop;
      k_zk_q       <= c_zk;
      k_reads_q    <= c_reads;
      k_st_q       <= c_st;
      k_slot_q     <= c_slot;
      k_zk_span_q  <= c_zk_span;
      k_in_addr_q  <= c_in_addr;
      k_out_addr_q <= c_out_addr;
      k_words_q    <= f_words;
      k_wone_q     <= f_words == 8'd1;
      k_wany_q     <= f_words != 8'd0;
    end
  end

  // =============================================================================================
  // Dispatch: hand the checked descriptor to the engine
  logic [KeptW-1:0] dd;
  logic [QW-1:0]    d_q;
  logic [EpW-1:0]   d_ep;
  logic             d_stale;
  assign dd      = k_dd_q;
  assign d_q     = k_q_q;
  assign d_ep    = k_ep_q;
  assign d_stale = k_ep_q != epoch_q[k_q_q];

  logic [7:0]  d_op, d_flags, d_tag_len;
  logic [15:0] d_slot, d_id, d_enc_off, d_enc_len, d_auth_len, d_tag_off, d_pkt_len;
  logic [63:0] d_index;
  logic [31:0] d_ssrc, d_roc;
  assign d_op       = dd[8*SRTPO_DESC_OPCODE_OFF +: 8];
  assign d_flags    = dd[8*SRTPO_DESC_FLAGS_OFF +: 8];
  assign d_tag_len  = dd[8*SRTPO_DESC_TAG_LEN_OFF +: 8];
  assign d_slot     = dd[8*SRTPO_DESC_SLOT_OFF +: 16];
  assign d_id       = dd[8*SRTPO_DESC_ID_OFF +: 16];
  assign d_index    = dd[8*SRTPO_DESC_INDEX_OFF +: 64];
  assign d_ssrc     = dd[8*SRTPO_DESC_SSRC_OFF +: 32];
  assign d_roc      = dd[8*SRTPO_DESC_ROC_OFF +: 32];
  assign d_enc_off  = dd[8*SRTPO_DESC_ENC_OFF_OFF +: 16];
  assign d_enc_len  = dd[8*SRTPO_DESC_ENC_LEN_OFF +: 16];
  assign d_auth_len = dd[8*SRTPO_DESC_AUTH_LEN_OFF +: 16];
  assign d_tag_off  = dd[8*SRTPO_DESC_TAG_OFF_OFF +: 16];
  assign d_pkt_len  = dd[8*SRTPO_DESC_PKT_LEN_OFF +: 16];

  // The stored decision, unless the queue was reset since (then dropped, as the check would).
  logic        d_pass, d_drop, d_zk, d_reads;
  logic [7:0]  d_st;
  logic [63:0] d_in_addr, d_out_addr;
  assign d_pass     = k_pass_q && !d_stale;
  assign d_drop     = k_drop_q || d_stale;
  assign d_zk       = k_zk_q && !d_stale;
  assign d_reads    = k_reads_q && !d_stale;
  assign d_st       = k_st_q;
  assign d_in_addr  = k_in_addr_q;
  assign d_out_addr = k_out_addr_q;
  logic d_pu;
  assign d_pu = d_op == 8'(SRTPO_OP_PROTECT) || d_op == 8'(SRTPO_OP_UNPROTECT);

  // Side FIFOs written together with each engine descriptor
  localparam int unsigned EdW  = 2 + 16 + 48 + 32 + 32 + 1 + 16 * 4 + 5 + 16;
  localparam int unsigned MetaW = QW + EpW + 1 + 1 + 1 + 1 + 8 + 16 + 64 + 16;
  localparam int unsigned InsW = 3 + 8;   // {zeros, one word, any words, words}
  logic            ed_push, ed_pop, ed_full, ed_empty;
  logic [EdW-1:0]  ed_wdata, ed_rdata;
  logic [$clog2(EdDepth):0] ed_count;
  logic            mt_push, mt_pop, mt_full, mt_empty;
  logic [MetaW-1:0] mt_wdata, mt_rdata;
  logic [$clog2(MetaDepth):0] mt_count;
  logic            is_push, is_pop, is_full, is_empty;
  logic [InsW-1:0] is_wdata, is_rdata;
  logic [$clog2(EdDepth):0] is_count;

  // Deep enough that data reads are issued ~64 packets ahead of the engine: that hides ~500
  // clocks of host read latency at 172-byte packets.
  srtpo_fifo #(.Width(EdW), .Depth(EdDepth), .OutReg(1'b1)) u_edesc (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(ed_push), .wdata_i(ed_wdata), .pop_i(ed_pop),
    .rdata_o(ed_rdata), .full_o(ed_full), .empty_o(ed_empty), .count_o(ed_count));
  srtpo_fifo #(.Width(MetaW), .Depth(MetaDepth), .OutReg(1'b1)) u_meta (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(mt_push), .wdata_i(mt_wdata), .pop_i(mt_pop),
    .rdata_o(mt_rdata), .full_o(mt_full), .empty_o(mt_empty), .count_o(mt_count));
  srtpo_fifo #(.Width(InsW), .Depth(EdDepth), .OutReg(1'b1)) u_instream (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(is_push), .wdata_i(is_wdata), .pop_i(is_pop),
    .rdata_o(is_rdata), .full_o(is_full), .empty_o(is_empty), .count_o(is_count));

  logic d_go, d_feeds;
  logic [7:0] d_beats;
  // (k_reads_q, not d_reads: a stale descriptor that would have read waits for read-request
  // room like the rest, which keeps the epoch compare off this handshake)
  assign d_go    = k_valid_q && !ed_full && !mt_full && !is_full && (!k_reads_q || !rq_full);
  assign k_pop   = d_go;
  // bus words of packet data the engines get (a packet starts at lane 0 of a word); counted
  // and tested as the descriptor was stored, so only the epoch test is left here
  assign d_feeds = k_pass_q && !k_zk_q && !d_stale;     // d_pass && !d_zk
  assign d_beats = d_feeds ? k_words_q : 8'd0;

  assign ed_push  = d_go;
  // ZERO_KEYS: the engine's zero walk (LOAD_KEY, pkt_len 0) of slots k_slot .. k_slot + span,
  // the queue's range as checked; one slot per clock.
  assign ed_wdata = d_zk ?
      {2'd3, k_slot_q, 48'd0, 32'd0, 32'd0, 1'b0,
       16'd0, k_zk_span_q, 32'd0, 5'd0, 16'd0} :
      d_pass ?
      {d_op[1:0], d_slot, d_index[47:0], d_ssrc, d_roc, d_flags[0],
       d_enc_off, d_enc_len, d_auth_len, d_tag_off, d_tag_len[4:0], d_pkt_len} :
      {2'd0, 16'd0, 48'd0, 32'd0, 32'd0, 1'b0, 64'd0, 5'd0, 16'd0};

  // meta: {q, epoch, counts (a host descriptor), drop, override, writes out, status, id,
  //        out addr, bytes the descriptor allows to be written}
  assign mt_push  = d_go;
  assign mt_wdata = {d_q, d_ep, 1'b1, d_drop,
                     !d_pass, d_pass && d_pu, d_st, d_id, d_out_addr, d_pkt_len};
  assign is_push  = d_go;
  assign is_wdata = {d_zk, d_feeds && k_wone_q, d_feeds && k_wany_q, d_beats};
  assign rq_push  = d_go && d_reads;
  assign rq_wdata = {d_q, d_in_addr, d_pkt_len};

  assign e_desc_valid_o = !ed_empty;
  assign ed_pop         = e_desc_valid_o && e_desc_ready_i;
  assign {e_op_o, e_slot_o, e_index_o, e_ssrc_o, e_roc_o, e_roc_append_o, e_enc_off_o,
          e_enc_len_o, e_auth_len_o, e_tag_off_o, e_tag_len_o, e_pkt_len_o} = ed_rdata;

  // =============================================================================================
  // Feed: read buffer words (or zeros) into the engines, a bus word per clock. The engines'
  // own gearboxes (srtpo_engine_array) cut words into 16-byte beats, so one DMA feeds several
  // engines at the bus rate.
  // The word count's tests are flags: "one word" and "any words" come with the entry, and
  // whether the next word is the last is kept in u_last_q from the clock before, so the feed's
  // handshake and the entry's end start from flip-flops.
  logic          u_zero, u_one, u_any;
  logic [7:0]    u_beats;       // bus words of the packet
  logic [7:0]    u_done_q;
  logic          u_first_q;     // no word of the head entry has gone yet
  logic          u_last_q;      // after the first: the next word is the entry's last
  logic          u_err_q, u_err_next, u_fire, u_last;
  logic          ef_push, ef_pop, ef_full, ef_empty, ef_rdata;
  logic [$clog2(MetaDepth):0] ef_count;
  srtpo_fifo #(.Width(1), .Depth(MetaDepth), .OutReg(1'b1)) u_rderr (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(ef_push), .wdata_i(u_err_next), .pop_i(ef_pop),
    .rdata_o(ef_rdata), .full_o(ef_full), .empty_o(ef_empty), .count_o(ef_count));

  assign {u_zero, u_one, u_any, u_beats} = is_rdata;
  assign u_last     = u_first_q ? u_one : u_last_q;
  assign e_in_valid_o = !is_empty && u_any && (u_zero || !rb_empty);
  assign e_in_data_o  = u_zero ? '0 : rb_rdata[DataW-1:0];
  assign u_fire     = e_in_valid_o && e_in_ready_i;
  assign rb_pop     = u_fire && !u_zero;
  assign u_err_next = u_err_q | (u_fire && !u_zero && rb_rdata[DataW]);
  // An entry ends on its last word, or at once when it has none.
  assign is_pop     = !is_empty && (!u_any || (u_fire && u_last));
  assign ef_push    = is_pop;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      u_done_q  <= '0;
      u_first_q <= 1'b1;
      u_last_q  <= 1'b0;
      u_err_q   <= 1'b0;
    end else if (is_pop) begin
      u_done_q  <= '0;
      u_first_q <= 1'b1;
      u_err_q   <= 1'b0;
    end else if (u_fire) begin
      u_done_q  <= u_done_q + 8'd1;
      u_first_q <= 1'b0;
      u_last_q  <= (u_done_q + 8'd2 == u_beats);
      u_err_q   <= u_err_next;
    end
  end

  // =============================================================================================
  // Write: engine output, already in bus words, staged until its completion arrives
  logic             st_push, st_pop, st_full, st_empty;
  logic [DataW-1:0] st_wdata, st_rdata;
  logic [$clog2(StageDepth):0] st_count;
  srtpo_fifo #(.Width(DataW), .Depth(StageDepth)) u_stage (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(st_push), .wdata_i(st_wdata), .pop_i(st_pop),
    .rdata_o(st_rdata), .full_o(st_full), .empty_o(st_empty), .count_o(st_count));

  assign e_out_ready_o = !st_full;
  assign st_push       = e_out_valid_i && e_out_ready_o;
  assign st_wdata      = e_out_data_i;

  // AW, W and B bookkeeping FIFOs, shared by the data writer, the completion issuer and the
  // shadow status write (card_state). A B tag says whose write it answers: {status write,
  // completion, queue, epoch}; only data bursts count toward the completion stamps and mark a
  // queue WR_ERR. 128 tags cover ~500 clocks of write response latency at full rate (a data
  // burst and a completion per packet).
  localparam int unsigned BtDepth = 128 * Wide;
  localparam int unsigned BtW     = 2 + QW + EpW;
  logic              aw_push, aw_pop, aw_full, aw_empty;
  logic [71:0]       aw_wdata, aw_rdata;
  logic [2:0]        aw_count;
  localparam int unsigned WW = DataW + DB + 1;
  logic              w_push, w_pop, w_full, w_empty;
  logic [WW-1:0]     w_wdata, w_rdata;
  logic [3:0]        w_count;
  logic              bt_push, bt_pop, bt_full, bt_empty;
  logic [BtW-1:0]    bt_wdata, bt_rdata;
  logic [$clog2(BtDepth):0] bt_count;
  srtpo_fifo #(.Width(72), .Depth(4), .OutReg(1'b1)) u_aw (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(aw_push), .wdata_i(aw_wdata), .pop_i(aw_pop),
    .rdata_o(aw_rdata), .full_o(aw_full), .empty_o(aw_empty), .count_o(aw_count));
  srtpo_fifo #(.Width(WW), .Depth(8)) u_w (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(w_push), .wdata_i(w_wdata), .pop_i(w_pop),
    .rdata_o(w_rdata), .full_o(w_full), .empty_o(w_empty), .count_o(w_count));
  srtpo_fifo #(.Width(BtW), .Depth(BtDepth), .OutReg(1'b1)) u_btag (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(bt_push), .wdata_i(bt_wdata), .pop_i(bt_pop),
    .rdata_o(bt_rdata), .full_o(bt_full), .empty_o(bt_empty), .count_o(bt_count));

  assign m_awvalid_o = !aw_empty;
  assign {m_awaddr_o, m_awlen_o} = aw_rdata;
  assign aw_pop      = m_awvalid_o && m_awready_i;
  assign m_wvalid_o  = !w_empty;
  assign {m_wlast_o, m_wstrb_o, m_wdata_o} = w_rdata;
  assign w_pop       = m_wvalid_o && m_wready_i;
  assign m_bready_o  = !bt_empty;
  assign bt_pop      = m_bvalid_i && m_bready_o;

  // Data writer: one packet at a time, in engine order. A packet's output is written at out_off
  // only when the engine says OK (AUTH and every other status write nothing: the input stays
  // as it was, for a software redo); its completion entry then goes to the pending-completion
  // FIFO, stamped with the count of data bursts issued so far.
  localparam logic [1:0] WIdle = 2'd0;
  localparam logic [1:0] WData = 2'd1;
  localparam logic [1:0] WSkip = 2'd2;
  localparam logic [1:0] WPend = 2'd3;
  localparam logic [7:0] StWrErr = 8'(SRTPO_ST_WR_ERR);
  logic [1:0]     w_state_q;
  logic [QW-1:0]  m_q;
  logic [EpW-1:0] m_ep;
  logic           m_counts, m_drop, m_ovr, m_writes;
  logic [7:0]     m_st;
  logic [15:0]    m_id;
  logic [63:0]    m_addr;
  logic [15:0]    m_len;
  logic           ck_valid, ck_ef;
  logic [3:0]     ck_status;
  logic [15:0]    ck_len;
  logic [MetaW-1:0] ck_meta;
  assign {m_q, m_ep, m_counts, m_drop, m_ovr, m_writes, m_st, m_id, m_addr, m_len} = ck_meta;

  logic [QW-1:0]  wr_q_q;
  logic [EpW-1:0] wr_ep_q;
  logic           wr_counts_q, wr_drop_q;
  logic [7:0]     wr_st_q;
  logic [15:0]    wr_id_q, wr_len_q;
  logic [15:0]    c_words_q;
  logic           c_one_q;        // c_words_q == 1: the next word is the packet's last
  logic [63:0]    c_addr_q;
  logic [15:0]    c_rem_q;        // bytes still to write
  logic           c_first_q;      // the next word starts a data burst
  logic           c_last_q;       // the next word ends its data burst (WLAST)
  logic [15:0]    c_burst_q;      // beats of the burst the next word starts (c_first_q)
  logic [15:0]    c_bleft_q;      // beats of the current burst still to go (!c_first_q)
  logic [15:0]    wr_bursts_q;    // data bursts issued (free running)
  logic [15:0]    wr_acked_q;     // data bursts answered on B (free running)

  // The engine's completion joins its descriptor's meta entry and input-error flag in a register
  // slice (srtpo_skid): the writer takes the next packet in the clock its last word goes out, and
  // that decision (behind the B tag FIFO's full flag and the writer's handshake) then reaches
  // only the slice's registers, not the meta FIFO's pop nor the engine array's ready.
  logic ck_in_ready, ck_in_valid, e_cpl_fire;
  assign ck_in_valid   = e_cpl_valid_i && !mt_empty && !ef_empty;
  assign e_cpl_ready_o = ck_in_ready && !mt_empty && !ef_empty;
  assign e_cpl_fire    = e_cpl_valid_i && e_cpl_ready_o;
  assign mt_pop        = e_cpl_fire;
  assign ef_pop        = e_cpl_fire;

  // The completion's length tests (longer than the descriptor allows, bus words, the first
  // burst up to the next 4 KiB boundary) are worked out as it enters the slice, from the
  // engine's length and the meta entry, so the take starts from registers.
  localparam logic [15:0] PageBeats = 16'(4096 / DB);
  logic [15:0] in_m_len, in_words, in_burst;
  logic [11:0] in_m_addr;        // its offset in the 4 KiB page
  logic [12:0] in_to4k;
  logic        in_long;
  assign in_m_len  = mt_rdata[15:0];
  assign in_m_addr = mt_rdata[27:16];
  assign in_long   = e_cpl_len_i > in_m_len;
  assign in_words  = 16'(({1'b0, e_cpl_len_i} + 17'(DB - 1)) >> DBW);
  assign in_to4k   = 13'((13'h1000 - {1'b0, in_m_addr}) >> DBW);
  assign in_burst  = ({3'd0, in_to4k} < in_words) ? {3'd0, in_to4k} : in_words;

  // A packet's completion is pushed with its last word (w_fin), and the next completion is
  // taken in that same clock: a packet of W words costs W clocks here, not W + 2.
  logic        w_take, w_fin;
  logic        t_long, t_none, t_one, tk_one;
  logic [15:0] t_words, tk_burst;
  assign w_take = (w_state_q == WIdle || w_fin) && ck_valid;
  srtpo_skid #(.Width(1 + 1 + 1 + 16 + 1 + 16 + 4 + 16 + 1 + MetaW)) u_cpl_slice (
    .clk_i(clk_i), .rst_ni(rst_ni),
    .in_valid_i(ck_in_valid), .in_ready_o(ck_in_ready),
    .in_data_i({in_long, e_cpl_len_i == 16'd0, in_words == 16'd1, in_words,
                in_burst == 16'd1, in_burst,
                e_cpl_status_i, e_cpl_len_i, ef_rdata, mt_rdata}),
    .out_valid_o(ck_valid), .out_ready_i(w_take),
    .out_data_o({t_long, t_none, t_one, t_words, tk_one, tk_burst,
                 ck_status, ck_len, ck_ef, ck_meta}));

  // The engine returns as many bytes as the descriptor carried. Should it ever return more, the
  // output is not written (it could leave the window checked for pkt_len) and completes as DMA.
  // Work of a queue reset since dispatch is not written either (its completion is dropped).
  logic [7:0]  t_st;
  logic        t_write;
  always_comb begin
    t_st    = m_ovr ? m_st : (ck_ef || t_long) ? StDma : {4'd0, ck_status};
    t_write = m_writes && !m_drop && !m_ovr && !ck_ef && !t_long && !t_none &&
              ck_status == 4'(SRTPO_ST_OK) && m_ep == epoch_q[m_q];
  end

  // Data bursts: up to the next 4 KiB boundary. The burst lengths and the first / last flags are
  // worked out a clock ahead into registers, so the writer's handshake and WLAST start from
  // flip-flops: a packet's first burst as it enters the slice (from its address and length), each
  // later one as the burst before ends (it then starts on a 4 KiB boundary: a whole page, or what
  // is left of the packet).
  logic [15:0] nx_words, nx_burst, cur_left;
  logic        c_first;
  assign nx_words = c_words_q - 16'd1;
  assign nx_burst = (nx_words < PageBeats) ? nx_words : PageBeats;
  assign cur_left = c_first_q ? c_burst_q : c_bleft_q;
  assign c_first  = c_first_q;

  // Pending completions: {queue, epoch, counts, drop, status, id, out_len, stamp}. Deep enough
  // for ~500 clocks of write response latency at full rate (64 packets; one every 8-11 clocks
  // at 172 bytes).
  localparam int unsigned PcDepth = 64 * Engines;
  localparam int unsigned PcW     = QW + EpW + 1 + 1 + 8 + 16 + 16 + 16;
  logic             pc_push, pc_pop, pc_full, pc_empty;
  logic [PcW-1:0]   pc_wdata, pc_rdata;
  logic [$clog2(PcDepth):0] pc_count;
  srtpo_fifo #(.Width(PcW), .Depth(PcDepth), .OutReg(1'b1)) u_pcpl (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(pc_push), .wdata_i(pc_wdata), .pop_i(pc_pop),
    .rdata_o(pc_rdata), .full_o(pc_full), .empty_o(pc_empty), .count_o(pc_count));

  // Completion issuer: takes the head entry once every data burst issued before it was pushed
  // has been answered, then writes it. The status is settled as the entry is taken: WR_ERR if a
  // write of its queue failed since the queue's last reset (every data B response up to the
  // stamp has been counted by then). It takes a new entry only in the clock after it wrote one,
  // so cq_addr_q and the phase bit of that queue are current when the next one is written.
  logic           c_valid_q;      // an entry waits in c_*_q to be written
  logic           c_live_q;       // ... and is to be written: not dropped, its queue not reset
  logic [QW-1:0]  c_q_q;
  logic [EpW-1:0] c_ep_q;
  logic           c_counts_q, c_drop_q;
  logic [7:0]     c_st_q;
  logic [15:0]    c_id_q, c_len_q;

  logic [QW-1:0]  pc_q;
  logic [EpW-1:0] pc_ep;
  logic           pc_counts, pc_drop;
  logic [7:0]     pc_st;
  logic [15:0]    pc_id, pc_len, pc_stamp, pc_wait;
  logic           pc_due_q, c_load;
  assign {pc_q, pc_ep, pc_counts, pc_drop, pc_st, pc_id, pc_len, pc_stamp} = pc_rdata;
  assign pc_wait = pc_stamp - wr_acked_q;            // data bursts still unanswered (mod 2^16)
  // "The head entry is due" is worked out a clock ahead: the stamp compare is a 16-bit subtract
  // behind the FIFO head, and the take drives the FIFO's pop. A due entry stays due (the answered
  // count only grows) and stays the head until taken; a pop clears the flag for the clock the
  // new head arrives. The issuer takes at most every other clock anyway, so nothing is lost.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) pc_due_q <= 1'b0;
    else         pc_due_q <= !pc_empty && !pc_pop && (pc_wait == 16'd0 || pc_wait[15]);
  end
  assign c_load  = pc_due_q && !c_valid_q;
  assign pc_pop  = c_load;

  // The issuer writes between data bursts only (W beats follow AW order), and it goes first:
  // the data writer starts no burst while a completion waits. The shadow status write
  // (card_state, one beat) comes next: between data bursts, when no completion waits, and
  // the data writer starts no burst while it waits either (it is rare: a queue going idle or
  // waking up), so none of the three pushes AW or W in the same clock as another.
  logic          wd_go, sk_go, cpl_go, cpl_live, wr_mid_burst;
  logic [DB-1:0] wd_strb;
  always_comb begin
    for (int b = 0; b < DB; b++) wd_strb[b] = (16'(b) < c_rem_q);
  end
  assign wr_mid_burst = (w_state_q == WData) && !c_first;
  // A waiting status write holds back a burst start by its registered request (sw_valid_q), not
  // by sw_req: that adds the queue-enable mux to this handshake. Should the queue have turned off,
  // the request drops in the next clock and costs the burst that one clock.
  assign wd_go  = (w_state_q == WData) && !st_empty && !w_full &&
                  (!c_first || (!aw_full && !bt_full && !c_valid_q && !sw_valid_q));
  assign sk_go  = (w_state_q == WSkip) && !st_empty;
  assign st_pop = wd_go || sk_go;
  assign w_fin    = ((w_state_q == WData && wd_go) || (w_state_q == WSkip && sk_go)) &&
                    c_one_q && !pc_full;
  assign pc_push  = ((w_state_q == WPend) && !pc_full) || w_fin;
  // the stamp counts a burst that starts with this very word
  assign pc_wdata = {wr_q_q, wr_ep_q, wr_counts_q, wr_drop_q, wr_st_q, wr_id_q, wr_len_q,
                     wr_bursts_q + 16'(wd_burst)};
  // Whether the waiting entry is still live (not dropped, its queue not reset since) is kept in
  // c_live_q: compared as the entry is taken, cleared by a reset of its queue. The epoch compare
  // behind a queue mux is then off the issuer's handshake.
  assign cpl_live = c_live_q;
  assign cpl_go   = c_valid_q && (!cpl_live || (!aw_full && !w_full && !bt_full && !wr_mid_burst));
  assign sw_go    = sw_req && !c_valid_q && !aw_full && !w_full && !bt_full && !wr_mid_burst;

  // The completion entry and where it goes. Each queue's next completion address is kept in a
  // register (a 64-bit add behind a queue mux is too long for one clock at 250 MHz): a queue's
  // tail moves when one of its completions is written, and the issuer takes its next entry
  // only a clock later, so the register is current when that one is written.
  logic [63:0]  cq_addr_q [N];
  logic [63:0]  cq_addr;
  logic [127:0] cpl_entry;
  logic [DataW-1:0] cpl_data;
  logic [DB-1:0]    cpl_strb;
  logic [31:0]      cpl_lane;      // 16-byte lane of the bus beat
  for (genvar q = 0; q < N; q++) begin : g_cq_addr
    logic [15:0] idx;
    assign idx = cq_tail_q[q] & ((16'd1 << cq_log2[q]) - 16'd1);
    always_ff @(posedge clk_i) begin
      if (!rst_ni) cq_addr_q[q] <= '0;
      else         cq_addr_q[q] <= cq_base[q] + {44'd0, idx, 4'd0};
    end
  end
  assign cq_addr   = cq_addr_q[c_q_q];
  assign cpl_entry = {64'd0, sq_head_q[c_q_q], c_len_q,
                      7'd0, !cq_tail_q[c_q_q][cq_log2[c_q_q]], c_st_q, c_id_q};
  assign cpl_lane  = 32'(cq_addr[DBW-1:0]) >> 4;
  always_comb begin
    cpl_data = '0;
    cpl_strb = '0;
    for (int l = 0; l < Lanes; l++) begin
      if (cpl_lane == 32'(l)) begin
        cpl_data[128 * l +: 128] = cpl_entry;
        cpl_strb[16 * l +: 16]   = 16'hffff;
      end
    end
  end

  logic cpl_write, wd_burst;
  assign cpl_write = cpl_go && cpl_live;
  assign wd_burst  = wd_go && c_first;
  assign aw_push  = wd_burst || cpl_write || sw_go;
  assign aw_wdata = sw_go     ? {sw_addr, 8'd0} :
                    cpl_write ? {cq_addr[63:DBW], {DBW{1'b0}}, 8'd0}
                              : {c_addr_q, 8'(c_burst_q - 16'd1)};
  assign bt_push  = aw_push;
  assign bt_wdata = sw_go     ? {2'b10, sw_q, epoch_q[sw_q]} :
                    cpl_write ? {2'b01, c_q_q, c_ep_q} : {2'b00, wr_q_q, wr_ep_q};
  assign w_push   = wd_go || cpl_write || sw_go;
  assign w_wdata  = sw_go     ? {1'b1, sw_strb, sw_data} :
                    cpl_write ? {1'b1, cpl_strb, cpl_data}
                              : {c_last_q, wd_strb, st_rdata};

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      w_state_q   <= WIdle;
      wr_q_q      <= '0;
      wr_ep_q     <= '0;
      wr_counts_q <= 1'b0;
      wr_drop_q   <= 1'b0;
      wr_st_q     <= '0;
      wr_id_q     <= '0;
      wr_len_q    <= '0;
      c_words_q   <= '0;
      c_one_q     <= 1'b0;
      c_first_q   <= 1'b1;
      c_last_q    <= 1'b0;
      c_burst_q   <= '0;
      c_bleft_q   <= '0;
      c_addr_q    <= '0;
      c_rem_q     <= '0;
      wr_bursts_q <= '0;
    end else begin
      if (wd_burst) wr_bursts_q <= wr_bursts_q + 16'd1;
      case (w_state_q)
        WIdle: ;
        WData: if (wd_go) begin
          c_addr_q  <= c_addr_q + 64'(DB);
          c_rem_q   <= (c_rem_q > 16'(DB)) ? c_rem_q - 16'(DB) : 16'd0;
          c_words_q <= c_words_q - 16'd1;
          c_one_q   <= (c_words_q == 16'd2);
          if (c_last_q) begin                 // the burst ends: the next word starts one
            c_first_q <= 1'b1;
            c_burst_q <= nx_burst;
            c_last_q  <= (nx_burst == 16'd1);
          end else begin
            c_first_q <= 1'b0;
            c_bleft_q <= cur_left - 16'd1;
            c_last_q  <= (cur_left == 16'd2);
          end
          if (c_one_q) w_state_q <= w_fin ? WIdle : WPend;
        end
        WSkip: if (sk_go) begin
          c_words_q <= c_words_q - 16'd1;
          c_one_q   <= (c_words_q == 16'd2);
          if (c_one_q) w_state_q <= w_fin ? WIdle : WPend;
        end
        WPend: if (pc_push) w_state_q <= WIdle;
        default: w_state_q <= WIdle;
      endcase
      // a take (in WIdle, or with the last word of the packet before) loads the next packet
      if (w_take) begin
        wr_q_q      <= m_q;
        wr_ep_q     <= m_ep;
        wr_counts_q <= m_counts;
        wr_drop_q   <= m_drop;
        wr_st_q     <= t_st;
        wr_id_q     <= m_id;
        wr_len_q    <= t_write ? ck_len : 16'd0;
        c_words_q   <= t_words;
        c_one_q     <= t_one;
        c_first_q   <= 1'b1;
        c_burst_q   <= tk_burst;
        c_last_q    <= tk_one;
        c_addr_q    <= m_addr;
        c_rem_q     <= ck_len;
        w_state_q   <= t_none ? WPend : t_write ? WData : WSkip;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      c_valid_q  <= 1'b0;
      c_live_q   <= 1'b0;
      c_q_q      <= '0;
      c_ep_q     <= '0;
      c_counts_q <= 1'b0;
      c_drop_q   <= 1'b0;
      c_st_q     <= '0;
      c_id_q     <= '0;
      c_len_q    <= '0;
    end else if (c_load) begin
      c_valid_q  <= 1'b1;
      c_live_q   <= !pc_drop && pc_ep == epoch_q[pc_q] && !q_reset_i[pc_q];
      c_q_q      <= pc_q;
      c_ep_q     <= pc_ep;
      c_counts_q <= pc_counts;
      c_drop_q   <= pc_drop;
      c_st_q     <= wr_err_q[pc_q] ? StWrErr : pc_st;
      c_id_q     <= pc_id;
      c_len_q    <= wr_err_q[pc_q] ? 16'd0 : pc_len;
    end else begin
      if (cpl_go) c_valid_q <= 1'b0;
      if (q_reset_i[c_q_q]) c_live_q <= 1'b0;
    end
  end

  // Completion events
  logic c_fin, c_report;
  assign c_fin    = cpl_go;                         // leaves the issuer (written or dropped)
  assign c_report = cpl_write;
  for (genvar q = 0; q < N; q++) begin : g_ev
    logic hit;
    assign hit = c_report && c_q_q == QW'(q);
    assign ev_done_o[q]   = hit;
    assign ev_err_o[q]    = hit && c_st_q != StOk && c_st_q != StAuth;
    assign ev_reject_o[q] = hit && (c_st_q == StWindow || c_st_q == StForeign ||
                                    c_st_q == StAlign || c_st_q == StBadDesc);
  end

  // =============================================================================================
  // Per-queue state and interrupt moderation
  // A B response of an earlier epoch (a queue reset came in between) neither marks the queue
  // WR_ERR nor counts toward its interrupt. A shadow status write's response (b_sw) is neither a
  // data burst nor a completion: it does not count toward the completion stamps and a failure
  // does not mark the queue WR_ERR (no packet data was lost); it is counted in CNT_WR_ERR.
  logic           b_err, b_cpl, b_sw, b_live;
  logic [QW-1:0]  b_q;
  logic [EpW-1:0] b_ep;
  assign {b_sw, b_cpl, b_q, b_ep} = bt_rdata;
  assign b_err        = bt_pop && m_bresp_i != 2'b00;
  assign b_live       = b_ep == epoch_q[b_q];
  assign sw_done      = bt_pop && b_sw;     // a shadow status write answered (counted if failed)
  assign sw_done_q    = b_q;
  assign ev_wr_err_o  = b_err;

  always_ff @(posedge clk_i) begin
    if (!rst_ni)                wr_acked_q <= '0;
    else if (bt_pop && !b_cpl && !b_sw) wr_acked_q <= wr_acked_q + 16'd1;
  end

  logic [15:0] pend_q [N];
  logic [31:0] timer_q [N];

  // Writes issued and not yet answered, per queue: a queue is BUSY until the last B response of
  // its writes (data, completion, status record), so a host that saw BUSY 0 after turning the
  // queue off can reuse or free its rings and record: nothing of the queue reaches memory
  // afterwards. The issue and the answer are taken into registers first (bw_*), and the
  // registered issue counts as busy itself, so BUSY has no gap between the issuer letting go of
  // a write and the count holding it.
  logic          bw_push_q, bw_pop_q;
  logic [QW-1:0] bw_push_qn_q, bw_pop_qn_q;
  logic [9:0]    wr_out_q [N];
  logic [N-1:0]  busy_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      bw_push_q <= 1'b0;
      bw_pop_q  <= 1'b0;
    end else begin
      bw_push_q <= bt_push;
      bw_pop_q  <= bt_pop;
    end
    bw_push_qn_q <= bt_wdata[EpW +: QW];
    bw_pop_qn_q  <= b_q;
  end

  for (genvar q = 0; q < N; q++) begin : g_qs
    logic fetch_hit, fin_hit, ack_hit, fire;
    assign fetch_hit = f_fire && f_q == QW'(q);
    assign fin_hit   = c_fin && c_counts_q && c_q_q == QW'(q);
    assign ack_hit   = bt_pop && b_cpl && b_live && b_q == QW'(q);
    assign fire      = pend_q[q] != 16'd0 &&
                       ((irq_count[q] != 16'd0 && pend_q[q] >= irq_count[q]) ||
                        (irq_time[q] != 32'd0 && timer_q[q] >= irq_time[q]));
    logic wo_inc, wo_dec;
    assign wo_inc = bw_push_q && bw_push_qn_q == QW'(q);
    assign wo_dec = bw_pop_q && bw_pop_qn_q == QW'(q);
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        wr_out_q[q] <= '0;
        busy_q[q]   <= 1'b0;
      end else begin
        case ({wo_inc, wo_dec})
          2'b10:   wr_out_q[q] <= wr_out_q[q] + 10'd1;
          2'b01:   wr_out_q[q] <= wr_out_q[q] - 10'd1;
          default: ;
        endcase
        busy_q[q] <= inflight_q[q] != 16'd0 || wr_out_q[q] != 10'd0 || wo_inc ||
                     (sw_valid_q && sw_q_q == QW'(q));
      end
    end
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        sq_head_q[q]  <= '0;
        cq_tail_q[q]  <= '0;
        inflight_q[q] <= '0;
        epoch_q[q]    <= '0;
        wr_err_q[q]   <= 1'b0;
        pend_q[q]     <= '0;
        timer_q[q]    <= '0;
        irq_o[q]      <= 1'b0;
      end else begin
        // the sums come from registers; the hits only choose among them
        case ({fetch_hit, fin_hit})
          2'b10:   inflight_q[q] <= inflight_q[q] + {13'd0, f_cnt};
          2'b01:   inflight_q[q] <= inflight_q[q] - 16'd1;
          2'b11:   inflight_q[q] <= inflight_q[q] + {13'd0, f_cnt} - 16'd1;
          default: ;
        endcase
        irq_o[q] <= fire;
        if (fire) begin
          pend_q[q]  <= ack_hit ? 16'd1 : 16'd0;
          timer_q[q] <= '0;
        end else begin
          if (ack_hit)                pend_q[q] <= pend_q[q] + 16'd1;
          if (pend_q[q] != 16'd0)     timer_q[q] <= timer_q[q] + 32'd1;
        end
        if (b_err && b_live && !b_sw && b_q == QW'(q)) wr_err_q[q] <= 1'b1;
        if (q_reset_i[q]) begin
          sq_head_q[q] <= '0;
          cq_tail_q[q] <= '0;
          epoch_q[q]   <= epoch_q[q] + 1'b1;
          wr_err_q[q]  <= 1'b0;
          pend_q[q]    <= '0;
          timer_q[q]   <= '0;
        end else begin
          if (fetch_hit) sq_head_q[q] <= sq_head_q[q] + {13'd0, f_cnt};
          if (c_report && c_q_q == QW'(q)) cq_tail_q[q] <= cq_tail_q[q] + 16'd1;
        end
      end
    end
    assign q_sq_head_o[16*q +: 16] = sq_head_q[q];
    assign q_cq_tail_o[16*q +: 16] = cq_tail_q[q];
    assign q_busy_o[q]             = busy_q[q];
    assign q_wr_err_o[q]           = wr_err_q[q];
    assign ev_irq_o[q]             = irq_o[q];
  end

`ifndef SYNTHESIS
  // =============================================================================================
  // Checks: on in every Verilator run (--assert: a firing stops the simulation with an error) and
  // proved with yosys-smtbmc by rtl/formal. Queue registers change only while the queue is idle
  // (REGISTERS.md), so "the window" below is the queue's current window.
  function automatic logic in_range(input logic [63:0] lo, input logic [64:0] len,
                                    input logic [63:0] base, input logic [64:0] size);
    // [lo, lo + len) inside [base, base + size), in 65-bit arithmetic (no wrap)
    in_range = {1'b0, lo} >= {1'b0, base} && {1'b0, lo} + len <= {1'b0, base} + size;
  endfunction
  function automatic logic [64:0] win_bytes(input logic [31:0] size);
    win_bytes = {33'd0, size & 32'hffff_ffc0};  // srtpo_desc_check's view: whole 64-byte units
  endfunction

  // Read address: a data burst lies inside its request (rounded to whole beats) and inside the
  // window of the request's queue; a descriptor fetch inside its queue's submission ring; no
  // burst crosses 4 KiB.
  logic [QW-1:0] a_rq_q;
  logic [63:0]   a_rq_base;
  logic [16:0]   a_rq_span;
  assign a_rq_q    = rq_rdata[QW+79:80];
  assign a_rq_base = rq_rdata[79:16];
  assign a_rq_span = 17'(({1'b0, rq_rdata[15:0]} + 17'(DB - 1)) >> DBW) << DBW;
  always_ff @(posedge clk_i) begin
    if (rst_ni && ar_take && pick_data) begin
      assert (in_range(rq_addr, 65'({rq_burst, {DBW{1'b0}}}), a_rq_base, 65'(a_rq_span)));
      assert (in_range(rq_addr, 65'({rq_burst, {DBW{1'b0}}}), win_base[a_rq_q],
                       win_bytes(win_size[a_rq_q])));
      assert (13'({1'b0, rq_addr[11:0]}) + 13'({rq_burst, {DBW{1'b0}}}) <= 13'h1000);
    end
    if (rst_ni && ar_take && !pick_data && !pick_sh) begin
      assert (f_cnt != 3'd0);
      // the count picked a clock ago is still allowed (limits only grow without a fetch)
      if (!f_off[f_q] && f_n_q[f_q] != 3'd0) assert (f_cnt <= f_n_q[f_q]);
      assert (f_cnt == f_n_q_prev[f_q]);
      assert (f_at_q == f_addr_q[f_q] || f_off[f_q]);
      assert (in_range(f_at_q, 65'({f_cnt, 6'd0}), sq_base[f_q],
                       65'({1'b0, 16'd1 << sq_log2[f_q]}) << 6));
    end
  end

  // Write address: packet bursts inside the completion's own span [out addr, + pkt_len rounded
  // to beats) and inside its queue's window; the 16-byte completion entry (the only bytes with
  // strobes) inside the queue's completion ring.
  logic [63:0] a_wr_base_q;
  logic [16:0] a_wr_span_q;
  logic [12:0] a_c_to4k;
  logic [15:0] a_c_burst;
  assign a_c_to4k  = 13'((13'h1000 - {1'b0, c_addr_q[11:0]}) >> DBW);
  assign a_c_burst = ({3'd0, a_c_to4k} < c_words_q) ? {3'd0, a_c_to4k} : c_words_q;
  always_ff @(posedge clk_i) begin
    if (w_take) begin
      a_wr_base_q <= m_addr;
      a_wr_span_q <= 17'(({1'b0, m_len} + 17'(DB - 1)) >> DBW) << DBW;
    end
  end
  always_ff @(posedge clk_i) begin
    if (rst_ni && wd_burst) begin
      assert (w_state_q == WData && !cpl_write && !sw_go);
      // the length worked out ahead is the one the address and words left give now
      assert (c_burst_q == a_c_burst);
      assert (c_burst_q != 16'd0);
      assert (in_range(c_addr_q, 65'({c_burst_q, {DBW{1'b0}}}), a_wr_base_q, 65'(a_wr_span_q)));
      assert (in_range(c_addr_q, 65'({c_burst_q, {DBW{1'b0}}}), win_base[wr_q_q],
                       win_bytes(win_size[wr_q_q])));
      assert (13'({1'b0, c_addr_q[11:0]}) + 13'({c_burst_q, {DBW{1'b0}}}) <= 13'h1000);
    end
    if (rst_ni && cpl_write) begin
      assert (!wr_mid_burst && !wd_go && !sw_go);
      assert (in_range(cq_addr, 65'd16, cq_base[c_q_q], 65'({1'b0, 16'd1 << cq_log2[c_q_q]}) << 4));
    end
  end

  // Completions after write acknowledgement. Independent 32-bit counts of data bursts pushed to
  // AW and of their B responses; each pending entry carries the first count as it is pushed.
  // A completion is written only once every data burst before it was answered; no B response
  // comes without a burst issued and its last W beat sent; the pending FIFO never overflows.
  logic [31:0] a_wr_aw_q, a_wr_b_q, a_aw_bus_q, a_wlast_bus_q, a_b_bus_q;
  logic [31:0] a_pc_stamp, a_c_stamp_q;
  logic [31:0] a_w_seq_q, a_pc_seq;     // the in-order check's number, carried along (below)
  logic        a_pc_full, a_pc_empty;
  logic [$clog2(PcDepth):0] a_pc_count;
  srtpo_fifo #(.Width(64), .Depth(PcDepth), .OutReg(1'b1)) u_a_pcstamp (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(pc_push),
    .wdata_i({a_w_seq_q, a_wr_aw_q + 32'(wd_burst)}),
    .pop_i(pc_pop), .rdata_o({a_pc_seq, a_pc_stamp}), .full_o(a_pc_full),
    .empty_o(a_pc_empty), .count_o(a_pc_count));
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      a_wr_aw_q     <= '0;
      a_wr_b_q      <= '0;
      a_aw_bus_q    <= '0;
      a_wlast_bus_q <= '0;
      a_b_bus_q     <= '0;
    end else begin
      if (wd_burst)                                a_wr_aw_q     <= a_wr_aw_q + 32'd1;
      if (bt_pop && !b_cpl && !b_sw)               a_wr_b_q      <= a_wr_b_q + 32'd1;
      if (m_awvalid_o && m_awready_i)              a_aw_bus_q    <= a_aw_bus_q + 32'd1;
      if (m_wvalid_o && m_wready_i && m_wlast_o)   a_wlast_bus_q <= a_wlast_bus_q + 32'd1;
      if (m_bvalid_i && m_bready_o)                a_b_bus_q     <= a_b_bus_q + 32'd1;
    end
    if (c_load) a_c_stamp_q <= a_pc_stamp;
    if (rst_ni) begin
      if (pc_push) assert (!pc_full && pc_count < ($clog2(PcDepth)+1)'(PcDepth));
      assert (pc_count <= ($clog2(PcDepth)+1)'(PcDepth));
      assert (a_pc_count == pc_count && a_pc_empty == pc_empty && a_pc_full == pc_full);
      if (pc_push) assert (16'(a_wr_aw_q) == wr_bursts_q);
      if (c_load) assert (a_wr_b_q >= a_pc_stamp && a_pc_stamp <= a_wr_aw_q);
      if (cpl_write) assert (a_wr_b_q >= a_c_stamp_q);
      assert (a_wr_b_q <= a_wr_aw_q && 16'(a_wr_b_q) == wr_acked_q);
      if (m_bvalid_i && m_bready_o) begin
        assert (a_b_bus_q < a_aw_bus_q);
        assert (a_b_bus_q < a_wlast_bus_q);
      end
      assert (!(c_load && cpl_go));
      if (c_valid_q && cpl_live) assert (c_st_q != StWrErr || c_len_q == 16'd0);
      // the kept flag is the compare it stands for
      if (c_valid_q) assert (c_live_q == (!c_drop_q && c_ep_q == epoch_q[c_q_q]));
    end
  end

  // Shadow status writes share AW/W/B with the data writer and the completion issuer: each is
  // one beat of its own, never counted as a data burst, and a status-write B response never
  // comes before a status write was issued.
  logic [31:0] a_sw_aw_q, a_sw_b_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      a_sw_aw_q <= '0;
      a_sw_b_q  <= '0;
    end else begin
      if (sw_go)           a_sw_aw_q <= a_sw_aw_q + 32'd1;
      if (bt_pop && b_sw)  a_sw_b_q  <= a_sw_b_q + 32'd1;
    end
    if (rst_ni) begin
      if (sw_go) assert (!wd_burst && !cpl_write && aw_push && w_push && bt_push);
      if (bt_pop && b_sw) assert (a_sw_b_q < a_sw_aw_q && !b_cpl);
      assert (a_sw_b_q <= a_sw_aw_q);
    end
  end

  // Key slots: every engine descriptor that does work names a slot of its queue's range, and a
  // zero walk (LOAD_KEY with pkt_len 0) covers that range exactly.
  always_ff @(posedge clk_i) begin
    if (rst_ni && ed_push && ed_wdata[EdW-1 -: 2] != 2'd0) begin
      assert ({2'b00, ed_wdata[EdW-3 -: 16]} >= {2'b00, slot_base[d_q]});
      assert ({2'b00, ed_wdata[EdW-3 -: 16]} < {2'b00, slot_base[d_q]} + {1'b0, slot_count[d_q]});
    end
    if (rst_ni && ed_push && d_zk) begin
      assert (k_slot_q == slot_base[d_q]);
      assert ({2'b00, k_slot_q} + {2'b00, k_zk_span_q} + 18'd1 ==
              {2'b00, slot_base[d_q]} + {1'b0, slot_count[d_q]});
      assert ({2'b00, k_slot_q} + {2'b00, k_zk_span_q} + 18'd1 <= 18'(NumSlots));
    end
  end

  // AXI handshakes: a valid stays up until it is taken and its payload does not change meanwhile.
  logic         a_ar_wait_q, a_aw_wait_q, a_w_wait_q;
  logic [71:0]  a_ar_q, a_aw_q;
  logic [WW-1:0] a_w_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      a_ar_wait_q <= 1'b0;
      a_aw_wait_q <= 1'b0;
      a_w_wait_q  <= 1'b0;
    end else begin
      a_ar_wait_q <= m_arvalid_o && !m_arready_i;
      a_aw_wait_q <= m_awvalid_o && !m_awready_i;
      a_w_wait_q  <= m_wvalid_o && !m_wready_i;
    end
    a_ar_q <= {m_araddr_o, m_arlen_o};
    a_aw_q <= {m_awaddr_o, m_awlen_o};
    a_w_q  <= {m_wlast_o, m_wstrb_o, m_wdata_o};
  end
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      if (a_ar_wait_q) assert (m_arvalid_o && {m_araddr_o, m_arlen_o} == a_ar_q);
      if (a_aw_wait_q) assert (m_awvalid_o && {m_awaddr_o, m_awlen_o} == a_aw_q);
      if (a_w_wait_q)  assert (m_wvalid_o && {m_wlast_o, m_wstrb_o, m_wdata_o} == a_w_q);
      // the round robin pick names a queue that may fetch
      if (f_any) assert (f_cnt_q != 3'd0);
    end
  end

  // In-order completion per queue: descriptors are numbered per queue as they arrive; the
  // numbers reported to a queue's completion ring only go up (none repeated, none overtaken).
  logic [31:0] a_seq_q [N];
  logic [31:0] a_last_q [N];
  logic        a_seen_q [N];
  logic [31:0] a_df_seq, a_mt_seq, a_c_seq_q;
  logic        a_df_full, a_df_empty, a_mt_full, a_mt_empty;
  logic [$clog2(DescDepth):0] a_df_count;
  logic [$clog2(MetaDepth):0] a_mt_count;
  srtpo_fifo #(.Width(32), .Depth(DescDepth), .OutReg(1'b1)) u_a_dfseq (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(df_push), .wdata_i(a_seq_q[r_q]), .pop_i(df_pop),
    .rdata_o(a_df_seq), .full_o(a_df_full), .empty_o(a_df_empty), .count_o(a_df_count));
  logic [31:0] a_k_seq_q;
  always_ff @(posedge clk_i) if (k_load) a_k_seq_q <= a_df_seq;
  srtpo_fifo #(.Width(32), .Depth(MetaDepth), .OutReg(1'b1)) u_a_mtseq (
    .clk_i(clk_i), .rst_ni(rst_ni), .push_i(mt_push), .wdata_i(a_k_seq_q), .pop_i(mt_pop),
    .rdata_o(a_mt_seq), .full_o(a_mt_full), .empty_o(a_mt_empty), .count_o(a_mt_count));
  for (genvar q = 0; q < N; q++) begin : g_a_order
    always_ff @(posedge clk_i) begin
      if (!rst_ni) begin
        a_seq_q[q]  <= '0;
        a_last_q[q] <= '0;
        a_seen_q[q] <= 1'b0;
      end else begin
        if (df_push && r_q == QW'(q)) a_seq_q[q] <= a_seq_q[q] + 32'd1;
        if (c_report && c_counts_q && c_q_q == QW'(q)) begin
          assert (!a_seen_q[q] || a_c_seq_q > a_last_q[q]);
          a_last_q[q] <= a_c_seq_q;
          a_seen_q[q] <= 1'b1;
        end
      end
    end
  end
  // the reserved-bit test taken beat by beat is the test of the whole descriptor
  logic a_rsvd_whole;
  srtpo_desc_rsvd u_a_rsvd (.desc_i(asm_next), .rsvd_bad_o(a_rsvd_whole));
  always_ff @(posedge clk_i)
    if (rst_ni && df_push) assert (asm_rsvd == a_rsvd_whole);

  // a data burst is issued only into room reserved for all of it
  always_ff @(posedge clk_i)
    if (rst_ni && rq_take) assert (32'(rq_burst) <= 32'(rd_credit_q));

  // the length tests worked out as the completion entered the slice are what they stand for
  logic [12:0] a_to4k;
  assign a_to4k = 13'((13'h1000 - {1'b0, m_addr[11:0]}) >> DBW);
  always_ff @(posedge clk_i) begin
    if (rst_ni && ck_valid) begin
      assert (t_long == (ck_len > m_len) && t_none == (ck_len == 16'd0));
      assert (t_words == 16'(({1'b0, ck_len} + 17'(DB - 1)) >> DBW) && t_one == (t_words == 16'd1));
      assert (tk_burst == ((16'(a_to4k) < t_words) ? 16'(a_to4k) : t_words));
      assert (tk_one == (tk_burst == 16'd1));
    end
  end
  // the number rides the writer's completion slice beside its entry
  logic        a_ck_ready, a_ck_valid;
  logic [31:0] a_ck_seq;
  srtpo_skid #(.Width(32)) u_a_ckseq (
    .clk_i(clk_i), .rst_ni(rst_ni), .in_valid_i(ck_in_valid), .in_ready_o(a_ck_ready),
    .in_data_i(a_mt_seq), .out_valid_o(a_ck_valid), .out_ready_i(w_take), .out_data_o(a_ck_seq));
  always_ff @(posedge clk_i) begin
    if (w_take) a_w_seq_q <= a_ck_seq;
    if (rst_ni) assert (a_ck_ready == ck_in_ready && a_ck_valid == ck_valid);
    if (c_load) a_c_seq_q <= a_pc_seq;
    if (rst_ni) begin
      assert (a_df_count == df_count && a_mt_count == mt_count);
      assert (a_df_full == df_full && a_mt_full == mt_full && a_df_empty == df_empty &&
              a_mt_empty == mt_empty);
    end
  end

  // BUSY covers every write: none of a queue's writes is issued while its BUSY reads 0 with the
  // queue off a clock already (the host's drain: CTRL 0, then STATUS until BUSY 0), and the
  // count of unanswered writes neither wraps nor misses an answer.
  logic [N-1:0] a_en_q;
  always_ff @(posedge clk_i) a_en_q <= q_enable_i & {N{glb_enable_i}};
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      for (int i = 0; i < N; i++) begin
        if (bt_push && bt_wdata[EpW +: QW] == QW'(i) && !a_en_q[i]) assert (q_busy_o[i]);
        if (bt_pop && b_q == QW'(i)) assert (q_busy_o[i]);
        assert (wr_out_q[i] != 10'h3ff);
      end
    end
  end

  // Shadow records: a record is read and card_state written only while the queue is on with a
  // non-zero SHADOW_BASE, and only inside the record (64 bytes at SHADOW_BASE); a shadow read is
  // one beat; no read or write is answered that was not issued; a queue whose polling stopped
  // asks for no read; outstanding reads never outnumber the tags.
  logic a_sw_wanted_q;
  logic [2:0] f_n_q_prev [N];
  always_ff @(posedge clk_i) f_n_q_prev <= f_n_q;
  logic [N-1:0] a_sh_rd_wanted_q;
  always_ff @(posedge clk_i) a_sw_wanted_q <= sh_wr_wants[sw_q];
  always_ff @(posedge clk_i) a_sh_rd_wanted_q <= sh_rd_wants;
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      if (sh_rd_take) begin
        // the queue wanted the read a clock ago (so it was on, with a record)
        assert (a_sh_rd_wanted_q[sh_rd_q] && sh_base[sh_rd_q] != 64'd0);
        assert (sh_rd_out_q[sh_rd_q] != 4'hf);
      end
      if (sw_go) begin
        // its queue wants it, or wanted it a clock ago (sw_on_q) and has turned off since
        assert ((sh_on[sw_q] && (sh_state_q[sw_q] == ShGoIdle || sh_state_q[sw_q] == ShWake)) ||
                (!sh_on[sw_q] && a_sw_wanted_q));
        assert (in_range(sw_addr, 65'(DB), sh_base[sw_q], 65'(SRTPO_SHADOW_BYTES)) ||
                (DB > SRTPO_SHADOW_BYTES && sw_addr == sh_base[sw_q]));
        assert (!wr_mid_burst && !wd_go && !cpl_write);
      end
      // a claimed read goes to the record of the queue that claimed it (its base is fixed
      // while the queue is on)
      if (sh_ar_go) assert (sh_req_addr_q == sh_base[sh_req_qn_q]);
      if (sh_rd_take) assert (!sh_req_q);
      if (r_fire && r_is_sh) assert (m_rlast_i);
      if (shr_valid_q) assert (sh_rd_out_q[shr_q_q] != 4'd0);
      if (sw_done) assert (sh_wr_out_q[sw_done_q] != 2'd0);
      if (tag_push) assert (!tag_full);
      assert (32'(tag_count) <= TagDepth);
      // the feed's flags say what the word count says
      if (!is_empty) assert (u_any == (u_beats != 8'd0) && u_one == (u_beats == 8'd1));
      if (!is_empty && u_any) assert (u_last == (u_done_q + 8'd1 == u_beats));
      assert (c_one_q == (c_words_q == 16'd1));
      // the window check's sums are the head descriptor's
      if (!df_empty) assert (f_in_end == {1'b0, f_dd[8*SRTPO_DESC_IN_OFF_OFF +: 32]} +
                                         {17'd0, f_dd[8*SRTPO_DESC_PKT_LEN_OFF +: 16]} &&
                             f_out_end == {1'b0, f_dd[8*SRTPO_DESC_OUT_OFF_OFF +: 32]} +
                                          {17'd0, f_dd[8*SRTPO_DESC_PKT_LEN_OFF +: 16]});
      if (m_rvalid_i) assert (!tag_empty);
      for (int i = 0; i < N; i++) begin
        if (sh_state_q[i] == ShIdle || sh_state_q[i] == ShOff) assert (!sh_rd_wants[i]);
        if (!sh_on[i]) assert (!sh_rd_wants[i] && !sh_wr_wants[i]);
      end
    end
  end
`endif

  logic unused;
  assign unused = ^{tag_count, rq_count, df_count, df_full, rb_count, rb_full, ed_count, mt_count,
                    is_count, ef_count, ef_full, st_count, aw_count, w_count, bt_count,
                    d_index[63:48], d_flags[7:1], d_tag_len[7:5], d_op[7:2], f_dd[511:KeptW], dd[31:24],
                    m_ep};
endmodule
