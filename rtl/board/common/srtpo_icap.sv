// SPDX-License-Identifier: BSD-3-Clause
// srtpo_icap: the configuration port of the FPGA, used for two things.
//   - At start-up it reads the boot history register (BOOTSTS) once and reports how the running
//     image was loaded, in the layout of RELOAD_BOOT_STATUS (rtl/regs/REGISTERS.md).
//   - On a reload request it writes the IPROG sequence: sync word, WBSTAR = flash address of the
//     image to load, IPROG command. The FPGA then reconfigures from that address; if that image
//     fails (CRC, IDCODE, watchdog) the configuration logic falls back to the golden image at 0.
//
// Family "ultrascale" (UltraScale and UltraScale+) uses ICAPE3, "7series" ICAPE2; both take the
// same packets. Words cross the ICAP with the bits of each byte reversed (UG570/UG470 "Parallel
// Bus Bit Order"), in both directions. Clock it at most at 100 MHz (ICAPE2) / 125 MHz (ICAPE3).
//
// BOOTSTS (register 10110b), status of the last configuration in [7:0], the one before in [15:8]:
// [0] VALID, [1] FALLBACK, [2] IPROG, [3] WTO_ERROR (watchdog), [4] ID_ERROR, [5] CRC_ERROR,
// [6] WRAP_ERROR (BPI), [7] HMAC/security error.
//
// boot_status_o (RELOAD_BOOT_STATUS):
//   [0]     VALID     BOOTSTS was read and its last-status VALID bit is set
//   [1]     FALLBACK  the last configuration was a fallback: the golden image runs
//   [2]     UPDATE    the last configuration was an IPROG that did not fall back. The golden image
//                     jumps to the update image at power-up (NEXT_CONFIG_ADDR), so this is the
//                     update image; a JTAG download or a plain power-up without jump reads 0.
//   [31:16] BOOTSTS[15:0] as read, for diagnosis (0 until read)
module srtpo_icap #(
  parameter Family = "ultrascale",
  parameter int unsigned ReadClocks = 8    // clocks with the ICAP selected for reading
) (
  input  logic        clk_i,               // ICAP clock (<= 125 MHz, see above)
  input  logic        rst_ni,
  input  logic        reload_i,            // one-clock pulse in clk_i
  input  logic [31:0] reload_addr_i,       // held stable around reload_i
  output logic [31:0] boot_status_o,
  output logic        boot_status_valid_o, // boot_status_o is final (the read has finished)
  output logic        busy_o
);
  // Configuration packets (UG570 "Configuration Packets", "IPROG Using ICAP")
  localparam logic [31:0] Dummy     = 32'hffff_ffff;
  localparam logic [31:0] Sync      = 32'haa99_5566;
  localparam logic [31:0] Noop      = 32'h2000_0000;
  localparam logic [31:0] RdBootsts = 32'h2802_c001;   // type 1 read, BOOTSTS (10110b), 1 word
  localparam logic [31:0] WrWbstar  = 32'h3002_0001;   // type 1 write, WBSTAR (10000b), 1 word
  localparam logic [31:0] WrCmd     = 32'h3000_8001;   // type 1 write, CMD (00100b), 1 word
  localparam logic [31:0] CmdIprog  = 32'h0000_000f;
  localparam logic [31:0] CmdDesync = 32'h0000_000d;

  // Each step drives the ICAP for one clock: select (active low), read/write_n, word.
  // Status read: 0-5 write the read request, 6-7 deselect and turn around, 8.. read,
  // then turn back and desynchronize so the port is free for the IPROG later.
  localparam int unsigned StRead   = 8;
  localparam int unsigned StBack   = StRead + ReadClocks;
  localparam int unsigned StLast   = StBack + 5;
  localparam int unsigned ProgLast = 7;

  typedef enum logic [2:0] {
    SWait,      // waiting for the ICAP to become available after configuration
    SStatus,    // reading BOOTSTS
    SIdle,
    SProg,      // writing the IPROG sequence
    SDone       // IPROG sent: the FPGA is reconfiguring
  } state_e;

  state_e      state_q;
  logic [4:0]  step_q;
  logic        csib, rdwrb, avail;
  logic [31:0] word, icap_in, icap_out;
  logic [31:0] addr_q;
  logic        pend_q, read_done_q;
  logic [15:0] bootsts_q;
  logic [31:0] icap_word_out;

  function automatic logic [31:0] swap_bits(input logic [31:0] w);
    for (int unsigned b = 0; b < 4; b++) begin
      for (int unsigned i = 0; i < 8; i++) swap_bits[8 * b + i] = w[8 * b + 7 - i];
    end
  endfunction

  always_comb begin
    csib  = 1'b1;
    rdwrb = 1'b0;
    word  = Dummy;
    unique case (state_q)
      SStatus: begin
        if (32'(step_q) < StRead) begin
          csib = step_q >= 5'd6;
          rdwrb = step_q == 5'd7;
          unique case (step_q)
            5'd0:    word = Dummy;
            5'd1:    word = Sync;
            5'd3:    word = RdBootsts;
            default: word = Noop;
          endcase
        end else if (32'(step_q) < StBack) begin
          csib  = 1'b0;
          rdwrb = 1'b1;
        end else begin
          // StBack: deselect while still reading; StBack+1: back to write; then DESYNC.
          csib  = 32'(step_q) < StBack + 2;
          rdwrb = 32'(step_q) == StBack;
          unique case (32'(step_q) - StBack)
            2:       word = WrCmd;
            3:       word = CmdDesync;
            default: word = Noop;
          endcase
        end
      end
      SProg: begin
        csib = 1'b0;
        unique case (step_q)
          5'd0:    word = Dummy;
          5'd1:    word = Sync;
          5'd3:    word = WrWbstar;
          5'd4:    word = addr_q;
          5'd5:    word = WrCmd;
          5'd6:    word = CmdIprog;
          default: word = Noop;
        endcase
      end
      default: ;
    endcase
  end

  assign icap_in       = swap_bits(word);
  assign icap_word_out = swap_bits(icap_out);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q     <= SWait;
      step_q      <= '0;
      addr_q      <= '0;
      pend_q      <= 1'b0;
      read_done_q <= 1'b0;
      bootsts_q   <= '0;
    end else begin
      if (reload_i && state_q != SProg && state_q != SDone) begin
        pend_q <= 1'b1;
        addr_q <= reload_addr_i;
      end
      unique case (state_q)
        SWait: if (avail) begin
          state_q <= SStatus;
          step_q  <= '0;
        end
        SStatus: begin
          // The word read lands on O a few clocks after the select; it stays there, so the
          // last read clock takes it.
          if (32'(step_q) == StBack - 1) bootsts_q <= icap_word_out[15:0];
          if (32'(step_q) == StLast) begin
            state_q     <= SIdle;
            read_done_q <= 1'b1;
          end
          step_q <= step_q + 5'd1;
        end
        SIdle: if (pend_q || reload_i) begin
          state_q <= SProg;
          step_q  <= '0;
          pend_q  <= 1'b0;
        end
        SProg: begin
          if (32'(step_q) == ProgLast) state_q <= SDone;
          step_q <= step_q + 5'd1;
        end
        default: ;
      endcase
    end
  end

  generate
    if (Family == "7series") begin : g_icape2
      ICAPE2 #(
        .ICAP_WIDTH ("X32")
      ) u_icap (
        .CLK   (clk_i),
        .CSIB  (csib),
        .RDWRB (rdwrb),
        .I     (icap_in),
        .O     (icap_out)
      );
      assign avail = 1'b1;
    end else begin : g_icape3
      logic prdone, prerror;
      ICAPE3 u_icap (
        .CLK     (clk_i),
        .CSIB    (csib),
        .RDWRB   (rdwrb),
        .I       (icap_in),
        .O       (icap_out),
        .AVAIL   (avail),
        .PRDONE  (prdone),
        .PRERROR (prerror)
      );
      logic unused_pr;
      assign unused_pr = prdone ^ prerror;
    end
  endgenerate

  assign boot_status_o = {bootsts_q, 13'd0,
                          read_done_q && bootsts_q[0] && bootsts_q[2] && !bootsts_q[1],
                          read_done_q && bootsts_q[0] && bootsts_q[1],
                          read_done_q && bootsts_q[0]};
  assign boot_status_valid_o = read_done_q;
  assign busy_o = state_q != SIdle;

  logic unused_word;   // BOOTSTS[31:16] is reserved
  assign unused_word = ^icap_word_out[31:16];
endmodule
