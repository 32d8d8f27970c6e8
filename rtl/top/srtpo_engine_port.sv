// SPDX-License-Identifier: BSD-3-Clause
// The packet engine as the DMA sees it. A thin adapter over rtl/srtp/srtpo_srtp_engine so that a
// change of the engine's ports stays in this file. The DMA keeps its own per-descriptor context
// in order, so the engine's descriptor id is a running count, checked against the completions.
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

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      id_in_q     <= '0;
      id_out_q    <= '0;
      order_err_o <= 1'b0;
    end else begin
      if (desc_valid_i && desc_ready_o) id_in_q <= id_in_q + 16'd1;
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
    .desc_valid_i      (desc_valid_i),
    .desc_ready_o      (desc_ready_o),
    .desc_op_i         (op_i),
    .desc_slot_i       (slot_i),
    .desc_index_i      (index_i),
    .desc_ssrc_i       (ssrc_i),
    .desc_roc_i        (roc_i),
    .desc_roc_append_i (roc_append_i),
    .desc_enc_off_i    (enc_off_i),
    .desc_enc_len_i    (enc_len_i),
    .desc_auth_len_i   (auth_len_i),
    .desc_tag_off_i    (tag_off_i),
    .desc_tag_len_i    (tag_len_i),
    .desc_pkt_len_i    (pkt_len_i),
    .desc_id_i         (id_in_q),
    .in_valid_i        (in_valid_i),
    .in_ready_o        (in_ready_o),
    .in_data_i         (in_data_i),
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
