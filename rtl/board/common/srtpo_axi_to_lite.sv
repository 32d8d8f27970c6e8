// SPDX-License-Identifier: BSD-3-Clause
// srtpo_axi_to_lite: the PCIe bridge's BAR master (AXI4, DataW bits) onto srtpo_core's BAR0 port
// (AXI4-Lite, 32 bits). One transaction at a time; each 32-bit word a transaction touches becomes
// one AXI4-Lite access, in address order:
//   - writes: every 32-bit lane of a beat with any strobe set, with that lane's strobes;
//   - reads:  the lanes that hold the beat's bytes (its address up to the end of its size), so a
//     64-bit readq reads two registers and no register the host did not ask for is read (reading
//     GLB_CYCLES_LO latches CYCLES_HI).
// INCR and FIXED bursts (WRAP is taken as INCR; the bridge does not issue it). The response of a
// write is the worst of its accesses; each read beat carries the worst of its words. MMIO is a
// few accesses per packet burst at most, so one access at a time costs nothing that matters.
module srtpo_axi_to_lite #(
  parameter int unsigned DataW = 512,
  parameter int unsigned IdW   = 4,
  parameter int unsigned AddrW = 20
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // AXI4 slave (from the bridge)
  input  logic [IdW-1:0]     s_awid_i,
  input  logic [AddrW-1:0]   s_awaddr_i,
  input  logic [7:0]         s_awlen_i,
  input  logic [2:0]         s_awsize_i,
  input  logic [1:0]         s_awburst_i,
  input  logic               s_awvalid_i,
  output logic               s_awready_o,
  input  logic [DataW-1:0]   s_wdata_i,
  input  logic [DataW/8-1:0] s_wstrb_i,
  input  logic               s_wvalid_i,
  output logic               s_wready_o,
  output logic [IdW-1:0]     s_bid_o,
  output logic [1:0]         s_bresp_o,
  output logic               s_bvalid_o,
  input  logic               s_bready_i,
  input  logic [IdW-1:0]     s_arid_i,
  input  logic [AddrW-1:0]   s_araddr_i,
  input  logic [7:0]         s_arlen_i,
  input  logic [2:0]         s_arsize_i,
  input  logic [1:0]         s_arburst_i,
  input  logic               s_arvalid_i,
  output logic               s_arready_o,
  output logic [IdW-1:0]     s_rid_o,
  output logic [DataW-1:0]   s_rdata_o,
  output logic [1:0]         s_rresp_o,
  output logic               s_rlast_o,
  output logic               s_rvalid_o,
  input  logic               s_rready_i,
  // AXI4-Lite master (to srtpo_core)
  output logic [AddrW-1:0]   m_awaddr_o,
  output logic               m_awvalid_o,
  input  logic               m_awready_i,
  output logic [31:0]        m_wdata_o,
  output logic [3:0]         m_wstrb_o,
  output logic               m_wvalid_o,
  input  logic               m_wready_i,
  input  logic [1:0]         m_bresp_i,
  input  logic               m_bvalid_i,
  output logic               m_bready_o,
  output logic [AddrW-1:0]   m_araddr_o,
  output logic               m_arvalid_o,
  input  logic               m_arready_i,
  input  logic [31:0]        m_rdata_i,
  input  logic [1:0]         m_rresp_i,
  input  logic               m_rvalid_i,
  output logic               m_rready_o
);
  localparam int unsigned Lanes = DataW / 32;
  localparam int unsigned LaneW = $clog2(Lanes);
  localparam int unsigned BusBW = $clog2(DataW / 8);    // address bits inside one beat

  typedef enum logic [2:0] {
    SIdle,
    SWBeat,     // waiting for a write beat
    SWAccess,   // AXI4-Lite write of one lane: address and data
    SWResp,     // AXI4-Lite write response
    SBResp,     // AXI4 write response to the bridge
    SRAccess,   // AXI4-Lite read address of one lane
    SRData,     // AXI4-Lite read data
    SRBeat      // AXI4 read beat to the bridge
  } state_e;

  state_e             state_q;
  logic [IdW-1:0]     id_q;
  logic [AddrW-1:0]   addr_q;      // address of the current beat
  logic [7:0]         len_q;       // beats left after the current one
  logic [2:0]         size_q;
  logic               fixed_q;
  logic [1:0]         resp_q;
  logic [Lanes-1:0]   mask_q;      // lanes still to access in the current beat
  logic [DataW-1:0]   data_q;      // write beat, or read beat being assembled
  logic [DataW/8-1:0] strb_q;
  logic               aw_done_q, w_done_q, prefer_rd_q;
  logic [LaneW-1:0]   lane;
  logic [AddrW-1:0]   lane_addr, next_addr;
  logic [Lanes-1:0]   wr_mask;
  logic               take_aw, take_ar;

  // The lowest lane still to access.
  always_comb begin
    lane = '0;
    for (int l = Lanes - 1; l >= 0; l--) begin
      if (mask_q[l]) lane = LaneW'(l);
    end
  end
  assign lane_addr = {addr_q[AddrW-1:BusBW], lane, 2'b00};

  // Next beat of an INCR burst: the current address aligned to the size, plus the size.
  always_comb begin
    logic [AddrW-1:0] step;
    step      = AddrW'(1) << size_q;
    next_addr = fixed_q ? addr_q : (addr_q & ~(step - AddrW'(1))) + step;
  end

  // Lanes of a write beat: those with any strobe set.
  always_comb begin
    for (int unsigned l = 0; l < Lanes; l++) wr_mask[l] = |s_wstrb_i[4 * l +: 4];
  end

  // Lanes of a read beat whose address is in lane lo, with size s: from lo to the lane of the last
  // byte of the size-aligned block that holds the address (a size beyond the bus is the bus).
  function automatic logic [Lanes-1:0] read_lanes(input logic [LaneW-1:0] lo, input logic [2:0] s);
    logic [LaneW-1:0] span, hi;
    span = (32'(s) >= BusBW) ? {LaneW{1'b1}} : LaneW'(((32'd1 << s) - 32'd1) >> 2);
    hi   = (lo & ~span) | span;
    for (int unsigned l = 0; l < Lanes; l++) begin
      read_lanes[l] = LaneW'(l) >= lo && LaneW'(l) <= hi;
    end
  endfunction

  // Reads and writes alternate when both wait.
  assign take_ar = state_q == SIdle && s_arvalid_i && (prefer_rd_q || !s_awvalid_i);
  assign take_aw = state_q == SIdle && s_awvalid_i && !take_ar;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q     <= SIdle;
      id_q        <= '0;
      addr_q      <= '0;
      len_q       <= '0;
      size_q      <= '0;
      fixed_q     <= 1'b0;
      resp_q      <= 2'b00;
      mask_q      <= '0;
      data_q      <= '0;
      strb_q      <= '0;
      aw_done_q   <= 1'b0;
      w_done_q    <= 1'b0;
      prefer_rd_q <= 1'b0;
    end else begin
      unique case (state_q)
        SIdle: begin
          if (take_ar) begin
            id_q        <= s_arid_i;
            addr_q      <= s_araddr_i;
            len_q       <= s_arlen_i;
            size_q      <= s_arsize_i;
            fixed_q     <= s_arburst_i == 2'b00;
            resp_q      <= 2'b00;
            mask_q      <= read_lanes(s_araddr_i[BusBW-1:2], s_arsize_i);
            data_q      <= '0;
            prefer_rd_q <= 1'b0;
            state_q     <= SRAccess;
          end else if (take_aw) begin
            id_q        <= s_awid_i;
            addr_q      <= s_awaddr_i;
            len_q       <= s_awlen_i;
            size_q      <= s_awsize_i;
            fixed_q     <= s_awburst_i == 2'b00;
            resp_q      <= 2'b00;
            prefer_rd_q <= 1'b1;
            state_q     <= SWBeat;
          end
        end
        SWBeat: if (s_wvalid_i) begin
          data_q    <= s_wdata_i;
          strb_q    <= s_wstrb_i;
          mask_q    <= wr_mask;
          aw_done_q <= 1'b0;
          w_done_q  <= 1'b0;
          if (wr_mask != '0) begin
            state_q <= SWAccess;
          end else if (len_q == 8'd0) begin
            state_q <= SBResp;             // a beat without strobes writes nothing
          end else begin
            addr_q <= next_addr;
            len_q  <= len_q - 8'd1;
          end
        end
        SWAccess: begin
          if (m_awready_i) aw_done_q <= 1'b1;
          if (m_wready_i)  w_done_q  <= 1'b1;
          if ((aw_done_q || m_awready_i) && (w_done_q || m_wready_i)) state_q <= SWResp;
        end
        SWResp: if (m_bvalid_i) begin
          if (m_bresp_i > resp_q) resp_q <= m_bresp_i;
          mask_q[lane] <= 1'b0;
          aw_done_q    <= 1'b0;
          w_done_q     <= 1'b0;
          if ((mask_q & ~(Lanes'(1) << lane)) != '0) begin
            state_q <= SWAccess;
          end else if (len_q == 8'd0) begin
            state_q <= SBResp;
          end else begin
            addr_q  <= next_addr;
            len_q   <= len_q - 8'd1;
            state_q <= SWBeat;
          end
        end
        SBResp: if (s_bready_i) state_q <= SIdle;
        SRAccess: if (m_arready_i) state_q <= SRData;
        SRData: if (m_rvalid_i) begin
          data_q[32 * lane +: 32] <= m_rdata_i;
          if (m_rresp_i > resp_q) resp_q <= m_rresp_i;
          mask_q[lane] <= 1'b0;
          state_q      <= (mask_q & ~(Lanes'(1) << lane)) != '0 ? SRAccess : SRBeat;
        end
        SRBeat: if (s_rready_i) begin
          if (len_q == 8'd0) begin
            state_q <= SIdle;
          end else begin
            addr_q  <= next_addr;
            len_q   <= len_q - 8'd1;
            mask_q  <= read_lanes(next_addr[BusBW-1:2], size_q);
            data_q  <= '0;
            resp_q  <= 2'b00;
            state_q <= SRAccess;
          end
        end
        default: state_q <= SIdle;
      endcase
    end
  end

  assign s_awready_o = take_aw;
  assign s_arready_o = take_ar;
  assign s_wready_o  = state_q == SWBeat;
  assign s_bid_o     = id_q;
  assign s_bresp_o   = resp_q;
  assign s_bvalid_o  = state_q == SBResp;
  assign s_rid_o     = id_q;
  assign s_rdata_o   = data_q;
  assign s_rresp_o   = resp_q;
  assign s_rlast_o   = len_q == 8'd0;
  assign s_rvalid_o  = state_q == SRBeat;

  assign m_awaddr_o  = lane_addr;
  assign m_awvalid_o = state_q == SWAccess && !aw_done_q;
  assign m_wdata_o   = data_q[32 * lane +: 32];
  assign m_wstrb_o   = strb_q[4 * lane +: 4];
  assign m_wvalid_o  = state_q == SWAccess && !w_done_q;
  assign m_bready_o  = state_q == SWResp;
  assign m_araddr_o  = lane_addr;
  assign m_arvalid_o = state_q == SRAccess;
  assign m_rready_o  = state_q == SRData;
endmodule
