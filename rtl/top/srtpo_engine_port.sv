// SPDX-License-Identifier: BSD-3-Clause
// The packet engine as the DMA sees it. A thin adapter over rtl/srtp/srtpo_srtp_engine so that a
// change of the engine's ports stays in this file. The DMA keeps its own per-descriptor context
// in order, so the engine's descriptor id is a running count, checked against the completions.
//
// Descriptors and input beats pass through a register slice (srtpo_skid): the engine's take
// decision (slot lock, free hash engine, buffer space, last beat of the packet in the pipe)
// drives its own ready in the same clock, and without the slice that chain would run on into
// the DMA's FIFO pointers and queue state. With it, desc_ready_o and in_ready_o are flip-flops.
// One clock of latency each way; no throughput cost (a slice passes one item per clock).
module srtpo_engine_port #(
  parameter int unsigned NumSlots    = 64,
  parameter int unsigned MaxPktBytes = 2048
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         desc_valid_i,
  output logic         desc_ready_o,
  input  logic [1:0]   op_i,
  input  logic [15:0]  slot_i,
  input  logic [47:0]  index_i,
  input  logic [31:0]  ssrc_i,
  input  logic [31:0]  roc_i,
  input  logic         roc_append_i,
  input  logic [15:0]  enc_off_i,
  input  logic [15:0]  enc_len_i,
  input  logic [15:0]  auth_len_i,
  input  logic [15:0]  tag_off_i,
  input  logic [4:0]   tag_len_i,
  input  logic [15:0]  pkt_len_i,
  input  logic         in_valid_i,
  output logic         in_ready_o,
  input  logic [127:0] in_data_i,
  output logic         out_valid_o,
  input  logic         out_ready_i,
  output logic [127:0] out_data_o,
  output logic         out_last_o,
  output logic         cpl_valid_o,
  input  logic         cpl_ready_i,
  output logic [3:0]   cpl_status_o,
  output logic [15:0]  cpl_len_o,
  output logic         order_err_o     // a completion came back out of order (never expected)
);
  logic [15:0] id_in_q, id_out_q, cpl_id;

  // ---- register slices between the DMA and the engine ----
  localparam int unsigned DescW = 216;
  logic             sd_valid, sd_ready, si_valid, si_ready;
  logic [DescW-1:0] sd_desc;
  logic [127:0]     si_data;
  logic [1:0]       sd_op;
  logic [15:0]      sd_slot, sd_enc_off, sd_enc_len, sd_auth_len, sd_tag_off, sd_pkt_len;
  logic [47:0]      sd_index;
  logic [31:0]      sd_ssrc, sd_roc;
  logic             sd_roc_append;
  logic [4:0]       sd_tag_len;

  srtpo_skid #(
    .Width (DescW)
  ) u_desc_slice (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (desc_valid_i),
    .in_ready_o  (desc_ready_o),
    .in_data_i   ({op_i, slot_i, index_i, ssrc_i, roc_i, roc_append_i, enc_off_i, enc_len_i,
                   auth_len_i, tag_off_i, tag_len_i, pkt_len_i}),
    .out_valid_o (sd_valid),
    .out_ready_i (sd_ready),
    .out_data_o  (sd_desc)
  );
  assign {sd_op, sd_slot, sd_index, sd_ssrc, sd_roc, sd_roc_append, sd_enc_off, sd_enc_len,
          sd_auth_len, sd_tag_off, sd_tag_len, sd_pkt_len} = sd_desc;

  srtpo_skid #(
    .Width (128)
  ) u_in_slice (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (in_valid_i),
    .in_ready_o  (in_ready_o),
    .in_data_i   (in_data_i),
    .out_valid_o (si_valid),
    .out_ready_i (si_ready),
    .out_data_o  (si_data)
  );

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      id_in_q     <= '0;
      id_out_q    <= '0;
      order_err_o <= 1'b0;
    end else begin
      if (sd_valid && sd_ready) id_in_q <= id_in_q + 16'd1;
      if (cpl_valid_o && cpl_ready_i) begin
        id_out_q <= id_out_q + 16'd1;
        if (cpl_id != id_out_q) order_err_o <= 1'b1;
      end
    end
  end

`ifndef SYNTHESIS
  // Checks (verilator --assert): completions come back in the order descriptors went in, and on
  // every stream between the DMA and the engine a valid stays up until taken, payload unchanged.
  logic         a_desc_wait_q, a_in_wait_q, a_out_wait_q, a_cpl_wait_q;
  logic [215:0] a_desc_q;
  logic [127:0] a_in_q;
  logic [128:0] a_out_q;
  logic [19:0]  a_cpl_q;
  logic [215:0] a_desc;
  assign a_desc = {op_i, slot_i, index_i, ssrc_i, roc_i, roc_append_i, enc_off_i, enc_len_i,
                   auth_len_i, tag_off_i, tag_len_i, pkt_len_i};
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      a_desc_wait_q <= 1'b0;
      a_in_wait_q   <= 1'b0;
      a_out_wait_q  <= 1'b0;
      a_cpl_wait_q  <= 1'b0;
    end else begin
      a_desc_wait_q <= desc_valid_i && !desc_ready_o;
      a_in_wait_q   <= in_valid_i && !in_ready_o;
      a_out_wait_q  <= out_valid_o && !out_ready_i;
      a_cpl_wait_q  <= cpl_valid_o && !cpl_ready_i;
      if (cpl_valid_o && cpl_ready_i) assert (cpl_id == id_out_q);
      if (a_desc_wait_q) assert (desc_valid_i && a_desc == a_desc_q);
      if (a_in_wait_q)   assert (in_valid_i && in_data_i == a_in_q);
      if (a_out_wait_q)  assert (out_valid_o && {out_last_o, out_data_o} == a_out_q);
      if (a_cpl_wait_q)  assert (cpl_valid_o && {cpl_status_o, cpl_len_o} == a_cpl_q);
    end
    a_desc_q <= a_desc;
    a_in_q   <= in_data_i;
    a_out_q  <= {out_last_o, out_data_o};
    a_cpl_q  <= {cpl_status_o, cpl_len_o};
  end
`endif

  srtpo_srtp_engine #(
    .NumSlots    (NumSlots),
    .MaxPktBytes (MaxPktBytes)
  ) u_engine (
    .clk_i             (clk_i),
    .rst_ni            (rst_ni),
    .desc_valid_i      (sd_valid),
    .desc_ready_o      (sd_ready),
    .desc_op_i         (sd_op),
    .desc_slot_i       (sd_slot),
    .desc_index_i      (sd_index),
    .desc_ssrc_i       (sd_ssrc),
    .desc_roc_i        (sd_roc),
    .desc_roc_append_i (sd_roc_append),
    .desc_enc_off_i    (sd_enc_off),
    .desc_enc_len_i    (sd_enc_len),
    .desc_auth_len_i   (sd_auth_len),
    .desc_tag_off_i    (sd_tag_off),
    .desc_tag_len_i    (sd_tag_len),
    .desc_pkt_len_i    (sd_pkt_len),
    .desc_id_i         (id_in_q),
    .in_valid_i        (si_valid),
    .in_ready_o        (si_ready),
    .in_data_i         (si_data),
    .out_valid_o       (out_valid_o),
    .out_ready_i       (out_ready_i),
    .out_data_o        (out_data_o),
    .out_last_o        (out_last_o),
    .cpl_valid_o       (cpl_valid_o),
    .cpl_ready_i       (cpl_ready_i),
    .cpl_id_o          (cpl_id),
    .cpl_status_o      (cpl_status_o),
    .cpl_len_o         (cpl_len_o)
  );
endmodule
