// SPDX-License-Identifier: BSD-3-Clause
// tb_board_common: self-checking bench for the board-level blocks of rtl/board/common
// (make board-sim). Each part prints its checks and the bench ends with "N passed, N failed".
//   icap     srtpo_icap against the ICAPE3 model (stubs/ICAPE3.v): BOOTSTS read and decode for the
//            value given with +bootsts=<hex>, then the IPROG sequence with the WBSTAR address.
//   irq      srtpo_irq_req against a bridge that acks after a random delay: every pulse is
//            followed by a message (an ack) that was requested after it, none is lost.
//   bar0     srtpo_axi_to_lite (512-bit AXI4 -> AXI4-Lite) against a register model with random
//            ready/valid delays: single words, 64-bit reads, bursts, strobes, FIXED bursts, error
//            responses, and no read of a word the host did not ask for.
//   flash    srtpo_flash_startup: the init clocks with chip select high, then the core's pins.
// +seed=<n> picks the random sequence (default 1).
// The bench drives its inputs just after falling edges (blocking assignments: Verilator turns a
// non-blocking one in an initial block into a blocking one, which would race the rising edge)
// and looks at outputs 1 ns after a falling edge, where everything has settled.
// WAIT_COND(cond): from a point just after a falling edge, waits until cond holds there; the next
// rising edge is then the one where a handshake on cond happens. A counted loop (the watchdog at
// the end stops a run that never gets there): Verilator 5.006 mis-schedules `while`/`break`
// around timing controls.
`define WAIT_COND(cond) \
  begin \
    bit ok_ = 1'b0; \
    for (int k_ = 0; k_ < 1000000 && !ok_; k_++) begin \
      #1; \
      ok_ = (cond); \
      if (!ok_) @(negedge clk); \
    end \
  end

module tb_board_common;
  logic clk = 1'b0;
  logic rst_n = 1'b0;
  always #2 clk = !clk;

  int unsigned passed = 0, failed = 0;
  int unsigned seed = 1;

  task automatic check(input bit cond, input string what);
    if (cond) begin
      passed++;
    end else begin
      failed++;
      $display("FAIL: %s", what);
    end
  endtask

  function automatic int unsigned rnd(input int unsigned n);
    rnd = $urandom % n;
  endfunction

  // ---------------------------------------------------------------------------------------------
  // icap
  logic        reload = 1'b0;
  logic [31:0] reload_addr = '0, boot_status;
  logic        sts_valid, icap_busy;
  logic [31:0] model_bootsts;

  srtpo_icap #(.Family("ultrascale")) u_icap (
    .clk_i               (clk),
    .rst_ni              (rst_n),
    .reload_i            (reload),
    .reload_addr_i       (reload_addr),
    .boot_status_o       (boot_status),
    .boot_status_valid_o (sts_valid),
    .busy_o              (icap_busy)
  );

  task automatic test_icap();
    logic [15:0] b;
    bit valid, fallback, update;
    logic [31:0] exp_addr;
    if (!$value$plusargs("bootsts=%h", model_bootsts)) model_bootsts = 32'h1;
    b        = model_bootsts[15:0];
    valid    = b[0];
    fallback = b[0] && b[1];
    update   = b[0] && b[2] && !b[1];
    @(negedge clk);
    `WAIT_COND(sts_valid)
    check(sts_valid, "icap: boot status read finishes");
    check(boot_status[31:16] == b, $sformatf("icap: raw BOOTSTS %04x, expected %04x",
                                             boot_status[31:16], b));
    check(boot_status[0] == valid, "icap: VALID");
    check(boot_status[1] == fallback, "icap: FALLBACK");
    check(boot_status[2] == update, "icap: UPDATE");
    check(boot_status[15:3] == '0, "icap: reserved bits zero");
    check(u_icap.g_icape3.u_icap.desynced, "icap: the port is desynchronized after the read");
    check(!u_icap.g_icape3.u_icap.iprog, "icap: no IPROG without a reload request");
    repeat (5) @(posedge clk);
    check(!icap_busy, "icap: idle after the read");

    exp_addr = 32'h0400_0000 | (32'(rnd(256)) << 8);
    @(negedge clk);
    reload_addr = exp_addr;
    reload = 1'b1;
    @(negedge clk);
    reload = 1'b0;
    reload_addr = 32'hdead_beef;         // the request's address was taken with the pulse
    repeat (20) @(posedge clk);
    check(u_icap.g_icape3.u_icap.iprog, "icap: IPROG command written");
    check(u_icap.g_icape3.u_icap.wbstar == exp_addr,
          $sformatf("icap: WBSTAR %08x, expected %08x", u_icap.g_icape3.u_icap.wbstar, exp_addr));
    check(icap_busy, "icap: stays busy after IPROG (the FPGA reconfigures)");
  endtask

  // ---------------------------------------------------------------------------------------------
  // irq
  localparam int unsigned NQ = 4;
  logic [NQ-1:0] irq_pulse = '0, irq_req, irq_ack = '0;
  srtpo_irq_req #(.N(NQ)) u_irq (
    .clk_i   (clk),
    .rst_ni  (rst_n),
    .pulse_i (irq_pulse),
    .req_o   (irq_req),
    .ack_i   (irq_ack)
  );

  // Bridge model: acks a request 1..8 clocks after it rose; remembers when each request rose.
  int unsigned cyc = 0;
  int unsigned req_rise [NQ];
  int unsigned ack_due [NQ];
  int unsigned last_pulse [NQ];
  int unsigned last_served_rise [NQ];   // rise time of the last request that was acked
  int unsigned n_pulse [NQ], n_ack [NQ];
  bit          drop_seen_bad = 1'b0;
  logic [NQ-1:0] req_d = '0, ack_d = '0;
  always @(posedge clk) begin
    cyc <= cyc + 1;
    req_d <= irq_req;
    ack_d <= irq_ack;
    for (int q = 0; q < NQ; q++) begin
      irq_ack[q] <= 1'b0;
      if (irq_req[q] && !req_d[q]) begin
        req_rise[q] = cyc;
        ack_due[q]  = cyc + 1 + rnd(8);
      end
      if (irq_req[q] && req_d[q] && cyc == ack_due[q] && !irq_ack[q]) begin
        irq_ack[q] <= 1'b1;
        n_ack[q]++;
        last_served_rise[q] = req_rise[q];
      end
      // The clock after the bridge's ack was taken the request must be low (a fresh edge for the
      // next message).
      if (ack_d[q] && irq_req[q]) drop_seen_bad = 1'b1;
      if (irq_pulse[q]) begin
        last_pulse[q] = cyc;
        n_pulse[q]++;
      end
    end
  end

  task automatic test_irq();
    for (int q = 0; q < NQ; q++) begin
      n_pulse[q] = 0;
      n_ack[q] = 0;
      last_served_rise[q] = 0;
    end
    for (int round = 0; round < 200; round++) begin
      // a burst of pulses, then quiet until everything is served
      int unsigned n = 1 + rnd(12);
      for (int i = 0; i < n; i++) begin
        @(negedge clk);
        irq_pulse = NQ'($urandom);
        @(negedge clk);
        irq_pulse = '0;
        repeat (rnd(4)) @(negedge clk);
      end
      repeat (40) @(negedge clk);
      for (int q = 0; q < NQ; q++) begin
        if (n_pulse[q] != 0 && !(last_served_rise[q] > last_pulse[q])) begin
          check(1'b0, $sformatf("irq: round %0d queue %0d: pulse at %0d, last message at %0d",
                                round, q, last_pulse[q], last_served_rise[q]));
        end
      end
      check(irq_req == '0, $sformatf("irq: round %0d: requests drop once served", round));
    end
    for (int q = 0; q < NQ; q++) begin
      check(n_ack[q] >= 1 && n_ack[q] <= n_pulse[q],
            $sformatf("irq: queue %0d: %0d messages for %0d pulses", q, n_ack[q], n_pulse[q]));
    end
    check(!drop_seen_bad, "irq: the request drops for a clock after each ack");
  endtask

  // ---------------------------------------------------------------------------------------------
  // bar0: AXI4 512-bit master (the bench) -> srtpo_axi_to_lite -> register model
  localparam int unsigned DW = 512;
  localparam int unsigned NWords = 1024;          // 4 KiB of registers; above: SLVERR
  logic [3:0]    awid = '0, arid = '0, bid, rid;
  logic [19:0]   awaddr = '0, araddr = '0;
  logic [7:0]    awlen = '0, arlen = '0;
  logic [2:0]    awsize = '0, arsize = '0;
  logic [1:0]    awburst = 2'b01, arburst = 2'b01, bresp, rresp;
  logic          awvalid = 1'b0, awready, wvalid = 1'b0, wready, bvalid, bready = 1'b0;
  logic          arvalid = 1'b0, arready, rvalid, rready = 1'b0, rlast;
  logic [DW-1:0] wdata = '0, rdata;
  logic [DW/8-1:0] wstrb = '0;
  logic [19:0]   l_awaddr, l_araddr;
  logic          l_awvalid, l_awready, l_wvalid, l_wready, l_bvalid, l_bready;
  logic          l_arvalid, l_arready, l_rvalid, l_rready;
  logic [31:0]   l_wdata, l_rdata;
  logic [3:0]    l_wstrb;
  logic [1:0]    l_bresp, l_rresp;

  srtpo_axi_to_lite #(.DataW(DW), .IdW(4), .AddrW(20)) u_bar0 (
    .clk_i (clk), .rst_ni (rst_n),
    .s_awid_i (awid), .s_awaddr_i (awaddr), .s_awlen_i (awlen), .s_awsize_i (awsize),
    .s_awburst_i (awburst), .s_awvalid_i (awvalid), .s_awready_o (awready),
    .s_wdata_i (wdata), .s_wstrb_i (wstrb), .s_wvalid_i (wvalid), .s_wready_o (wready),
    .s_bid_o (bid), .s_bresp_o (bresp), .s_bvalid_o (bvalid), .s_bready_i (bready),
    .s_arid_i (arid), .s_araddr_i (araddr), .s_arlen_i (arlen), .s_arsize_i (arsize),
    .s_arburst_i (arburst), .s_arvalid_i (arvalid), .s_arready_o (arready),
    .s_rid_o (rid), .s_rdata_o (rdata), .s_rresp_o (rresp), .s_rlast_o (rlast),
    .s_rvalid_o (rvalid), .s_rready_i (rready),
    .m_awaddr_o (l_awaddr), .m_awvalid_o (l_awvalid), .m_awready_i (l_awready),
    .m_wdata_o (l_wdata), .m_wstrb_o (l_wstrb), .m_wvalid_o (l_wvalid), .m_wready_i (l_wready),
    .m_bresp_i (l_bresp), .m_bvalid_i (l_bvalid), .m_bready_o (l_bready),
    .m_araddr_o (l_araddr), .m_arvalid_o (l_arvalid), .m_arready_i (l_arready),
    .m_rdata_i (l_rdata), .m_rresp_i (l_rresp), .m_rvalid_i (l_rvalid), .m_rready_o (l_rready)
  );

  // Register model: NWords words; each read counted per word; random ready delays. AW and W are
  // taken independently; the write happens once both are in.
  logic [31:0] regs [NWords];
  int unsigned reads_of [NWords];
  int unsigned lite_writes = 0;
  logic        have_aw = 1'b0, have_w = 1'b0, have_ar = 1'b0;
  logic [19:0] m_aw, m_ar;
  logic [31:0] m_wd;
  logic [3:0]  m_ws;
  logic [7:0] dice = '0;
  always @(posedge clk) dice <= 8'($urandom);
  assign l_awready = !have_aw && !l_bvalid && dice[1:0] != 2'b00;
  assign l_wready  = !have_w && !l_bvalid && dice[3:2] != 2'b00;
  assign l_arready = !have_ar && !l_rvalid && dice[5:4] != 2'b00;
  always @(posedge clk) begin
    if (!rst_n) begin
      have_aw <= 1'b0;
      have_w <= 1'b0;
      have_ar <= 1'b0;
      l_bvalid <= 1'b0;
      l_rvalid <= 1'b0;
    end else begin
      if (l_awvalid && l_awready) begin
        have_aw <= 1'b1;
        m_aw <= l_awaddr;
      end
      if (l_wvalid && l_wready) begin
        have_w <= 1'b1;
        m_wd <= l_wdata;
        m_ws <= l_wstrb;
      end
      if (have_aw && have_w && !l_bvalid) begin
        if (m_aw[1:0] != 2'b00 || 32'(m_aw[19:2]) >= NWords) begin
          l_bresp <= 2'b10;
        end else begin
          for (int b = 0; b < 4; b++) if (m_ws[b]) regs[m_aw[19:2]][8*b +: 8] <= m_wd[8*b +: 8];
          l_bresp <= 2'b00;
        end
        lite_writes++;
        l_bvalid <= 1'b1;
        have_aw <= 1'b0;
        have_w <= 1'b0;
      end else if (l_bvalid && l_bready) begin
        l_bvalid <= 1'b0;
      end
      if (l_arvalid && l_arready) begin
        have_ar <= 1'b1;
        m_ar <= l_araddr;
      end
      if (have_ar && !l_rvalid && dice[6]) begin
        if (32'(m_ar[19:2]) >= NWords) begin
          l_rresp <= 2'b10;
          l_rdata <= 32'hbad0_bad0;
        end else begin
          l_rresp <= 2'b00;
          l_rdata <= regs[m_ar[19:2]];
          reads_of[m_ar[19:2]]++;
        end
        l_rvalid <= 1'b1;
        have_ar <= 1'b0;
      end else if (l_rvalid && l_rready) begin
        l_rvalid <= 1'b0;
      end
    end
  end

  // Bench-side reference of the register contents.
  logic [31:0] ref_regs [NWords];

  task automatic axi_write(input logic [19:0] addr, input logic [2:0] size, input logic [1:0] burst,
                           input logic [DW-1:0] data [], input logic [DW/8-1:0] strb [],
                           output logic [1:0] resp);
    @(negedge clk);
    awid    = 4'(rnd(16));
    awaddr  = addr;
    awlen   = 8'(data.size() - 1);
    awsize  = size;
    awburst = burst;
    awvalid = 1'b1;
    `WAIT_COND(awready)
    @(negedge clk);
    awvalid = 1'b0;
    for (int i = 0; i < data.size(); i++) begin
      repeat (rnd(3)) @(negedge clk);
      wdata  = data[i];
      wstrb  = strb[i];
      wvalid = 1'b1;
      `WAIT_COND(wready)
      @(negedge clk);
      wvalid = 1'b0;
    end
    bready = 1'b1;
    `WAIT_COND(bvalid)
    resp = bresp;
    check(bid == awid, "bar0: write response carries the ID");
    @(negedge clk);
    bready = 1'b0;
  endtask

  task automatic axi_read(input logic [19:0] addr, input logic [2:0] size, input logic [1:0] burst,
                          input int unsigned beats, output logic [DW-1:0] data [],
                          output logic [1:0] resp []);
    data = new[beats];
    resp = new[beats];
    @(negedge clk);
    arid    = 4'(rnd(16));
    araddr  = addr;
    arlen   = 8'(beats - 1);
    arsize  = size;
    arburst = burst;
    arvalid = 1'b1;
    `WAIT_COND(arready)
    @(negedge clk);
    arvalid = 1'b0;
    for (int i = 0; i < beats; i++) begin
      rready = 1'b1;
      `WAIT_COND(rvalid)
      data[i] = rdata;
      resp[i] = rresp;
      check(rlast == (i == beats - 1), $sformatf("bar0: rlast on beat %0d of %0d", i, beats));
      check(rid == arid, "bar0: read data carries the ID");
      @(negedge clk);
      rready = 1'b0;
      repeat (rnd(3)) @(negedge clk);
    end
  endtask

  // Address of beat i: FIXED repeats the address, INCR goes from the size-aligned start address.
  function automatic logic [19:0] beat_addr(input logic [19:0] a, input logic [2:0] s,
                                            input logic [1:0] burst, input int unsigned i);
    if (burst == 2'b00 || i == 0) return a;
    return 20'((32'(a) & ~((32'd1 << s) - 1)) + i * (32'd1 << s));
  endfunction

  // Words a beat of a read covers: from the address's word to the end of its size-aligned block.
  function automatic void beat_words(input logic [19:0] a, input logic [2:0] s,
                                     output int unsigned first, output int unsigned last);
    int unsigned bytes;
    bytes = (32'd1 << s) > DW / 8 ? DW / 8 : (32'd1 << s);
    first = 32'(a) >> 2;
    last  = ((32'(a) & ~(bytes - 1)) + bytes - 1) >> 2;
  endfunction

  task automatic test_bar0();
    logic [DW-1:0] d [], rd [];
    logic [DW/8-1:0] s [];
    logic [1:0] resp, rr [];
    int unsigned prior [NWords];
    for (int w = 0; w < NWords; w++) begin
      regs[w] = $urandom;
      ref_regs[w] = regs[w];
      reads_of[w] = 0;
    end

    for (int t = 0; t < 400; t++) begin
      int unsigned kind = rnd(6);
      logic [2:0] size;
      logic [1:0] burst;
      logic [19:0] addr;
      int unsigned beats;
      size  = (kind == 0) ? 3'd6 : 3'(2 + rnd(2));         // full 64-byte beats or 4/8 bytes
      beats = (kind == 0) ? 1 + rnd(3) : 1 + (rnd(4) == 0 ? rnd(3) : 0);
      burst = rnd(8) == 0 ? 2'b00 : 2'b01;
      addr  = 20'(rnd(NWords * 4 - 64 * 4)) & ~20'((32'd1 << size) - 1);
      // a full-width burst may start at any word of its first beat (unaligned start)
      if (kind == 0 && rnd(2) == 0) addr = addr + 20'(rnd(16) * 4);
      if (kind == 5) addr = 20'(NWords * 4 + rnd(64) * 4);   // beyond the model: SLVERR
      if (rnd(2) == 0) begin
        // write: data and strobes per beat; strobes only inside the beat's bytes
        d = new[beats];
        s = new[beats];
        for (int i = 0; i < beats; i++) begin
          logic [19:0] ba;
          int unsigned first, last;
          ba = beat_addr(addr, size, burst, i);
          for (int k = 0; k < DW / 32; k++) d[i][32*k +: 32] = $urandom;
          s[i] = '0;
          beat_words(ba, size, first, last);
          for (int w = first; w <= last; w++) begin
            for (int b = 0; b < 4; b++) s[i][(w % 16) * 4 + b] = rnd(4) != 0;
          end
        end
        axi_write(addr, size, burst, d, s, resp);
        for (int i = 0; i < beats; i++) begin
          logic [19:0] ba;
          int unsigned first, last;
          ba = beat_addr(addr, size, burst, i);
          beat_words(ba, size, first, last);
          for (int w = first; w <= last; w++) begin
            if (w < NWords) begin
              for (int b = 0; b < 4; b++) begin
                if (s[i][(w % 16) * 4 + b])
                  ref_regs[w][8*b +: 8] = d[i][(w % 16) * 32 + 8 * b +: 8];
              end
            end
          end
        end
        begin
          bit any = 1'b0;
          for (int i = 0; i < beats; i++) any |= |s[i];
          check(resp == (kind == 5 && any ? 2'b10 : 2'b00),
                $sformatf("bar0: write %0d response %0d", t, resp));
        end
      end else begin
        for (int w = 0; w < NWords; w++) prior[w] = reads_of[w];
        axi_read(addr, size, burst, beats, rd, rr);
        for (int i = 0; i < beats; i++) begin
          logic [19:0] ba;
          int unsigned first, last;
          ba = beat_addr(addr, size, burst, i);
          beat_words(ba, size, first, last);
          for (int w = first; w <= last; w++) begin
            if (w < NWords) begin
              check(rd[i][(w % 16) * 32 +: 32] == ref_regs[w],
                    $sformatf("bar0: read %0d beat %0d word %0d: %08x, expected %08x", t, i, w,
                              rd[i][(w % 16) * 32 +: 32], ref_regs[w]));
            end
          end
          check(rr[i] == (kind == 5 ? 2'b10 : 2'b00),
                $sformatf("bar0: read %0d beat %0d response", t, i));
        end
        // every word read was asked for, and as often as the beats asked
        for (int w = 0; w < NWords; w++) begin
          int unsigned want = 0;
          for (int i = 0; i < beats; i++) begin
            logic [19:0] ba;
            int unsigned first, last;
            ba = beat_addr(addr, size, burst, i);
            beat_words(ba, size, first, last);
            if (w >= first && w <= last) want++;
          end
          if (reads_of[w] - prior[w] != want) begin
            check(1'b0, $sformatf("bar0: read %0d: word %0d read %0d times, asked %0d", t, w,
                                  reads_of[w] - prior[w], want));
          end
        end
      end
    end
    for (int w = 0; w < NWords; w++) begin
      if (regs[w] != ref_regs[w]) check(1'b0, $sformatf("bar0: register %0d is %08x, expected %08x",
                                                        w, regs[w], ref_regs[w]));
    end
    check(1'b1, "bar0: 400 random transactions done");
  endtask

  // ---------------------------------------------------------------------------------------------
  // flash
  logic f_sck = 1'b0, f_cs_n = 1'b1, f_mosi = 1'b0, f_miso, f_eos;
  srtpo_flash_startup #(.InitClocks(8), .InitHalf(3)) u_flash (
    .clk_i  (clk),
    .rst_ni (rst_n),
    .sck_i  (f_sck),
    .cs_ni  (f_cs_n),
    .mosi_i (f_mosi),
    .miso_o (f_miso),
    .eos_o  (f_eos)
  );

  // Watches the pins from reset on: init clocks and chip select before the hand-over.
  int unsigned init_rises = 0, init_cs_low = 0;
  logic        prev_sck = 1'b0;
  always @(negedge clk) begin
    if (rst_n && !u_flash.init_done_q) begin
      if (u_flash.u_startup.USRCCLKO && !prev_sck) init_rises++;
      if (!u_flash.u_startup.FCSBO) init_cs_low++;
    end
    prev_sck <= u_flash.u_startup.USRCCLKO;
  end

  task automatic test_flash();
    @(negedge clk);
    `WAIT_COND(u_flash.init_done_q)
    check(u_flash.init_done_q, "flash: the core gets the pins after the init clocks");
    check(init_rises == 8, $sformatf("flash: %0d init clocks, expected 8", init_rises));
    check(init_cs_low == 0, "flash: chip select stays high during the init clocks");
    check(f_eos, "flash: EOS passes through");
    for (int i = 0; i < 16; i++) begin
      @(negedge clk);
      f_sck  = i[0];
      f_mosi = 1'(rnd(2));
      f_cs_n = 1'(rnd(2));
      #1;
      check(u_flash.u_startup.USRCCLKO == f_sck && u_flash.u_startup.FCSBO == f_cs_n &&
            u_flash.u_startup.DO[0] == f_mosi && u_flash.u_startup.DO[3:2] == 2'b11,
            "flash: SCK, CS#, MOSI reach STARTUPE3; W# and HOLD# are high");
      check(f_miso == (f_mosi && !f_cs_n), "flash: MISO is D01 of STARTUPE3");
    end
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) void'($urandom(seed));
    else void'($urandom(1));
    repeat (4) @(posedge clk);
    f_cs_n = 1'b0;               // the core asks for the flash at once: held off during init
    @(negedge clk);
    rst_n = 1'b1;
    test_flash();
    test_icap();
    test_irq();
    test_bar0();
    $display("tb_board_common bootsts %04x seed %0d: flash, icap, irq, bar0",
             model_bootsts[15:0], seed);
    $display("tb_board_common: %0d passed, %0d failed", passed, failed);
    if (failed != 0) $fatal(1, "tb_board_common failed");
    $finish;
  end

  initial begin
    repeat (20_000_000) @(posedge clk);
    $fatal(1, "tb_board_common: timeout");
  end
endmodule
