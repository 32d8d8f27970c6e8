// SPDX-License-Identifier: BSD-3-Clause
// srtpo_irq_req: turns srtpo_core's interrupt pulses (one clock per message) into the level
// request / acknowledge handshake of the PCIe bridge's user interrupts (usr_irq_req/usr_irq_ack:
// hold the request until the ack says the MSI-X message was sent).
//
// A pulse that arrives while a request is outstanding is remembered and sent as a second message
// after the ack: the bridge may already have sent the first one before the completion that caused
// the new pulse was written, and a lost interrupt would stall that queue until its IRQ_TIME. After
// each ack the request drops for at least one clock so every message is a fresh rising edge.
module srtpo_irq_req #(
  parameter int unsigned N = 4
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic [N-1:0] pulse_i,
  output logic [N-1:0] req_o,
  input  logic [N-1:0] ack_i
);
  logic [N-1:0] req_q, again_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      req_q   <= '0;
      again_q <= '0;
    end else begin
      for (int unsigned q = 0; q < N; q++) begin
        if (req_q[q]) begin
          if (ack_i[q]) begin
            req_q[q]   <= 1'b0;
            again_q[q] <= again_q[q] | pulse_i[q];
          end else if (pulse_i[q]) begin
            again_q[q] <= 1'b1;
          end
        end else if (again_q[q] || pulse_i[q]) begin
          req_q[q]   <= 1'b1;
          again_q[q] <= 1'b0;
        end
      end
    end
  end

  assign req_o = req_q;
endmodule
