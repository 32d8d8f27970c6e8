/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A queue programmed through the QP registers by the test itself (as the driver does), its ring
 * state set up as srtpo_ring_attach would: for tests and benches that drive a raw ring of their
 * own size, independent of srtpo_ring_setup's argument list.
 */
#ifndef RAW_QUEUE_H
#define RAW_QUEUE_H

#include "card.h"
#include "ring.h"

static inline void raw_wr64(struct srtpo_card *card, uint32_t lo, uint32_t hi, uint64_t v)
{
	srtpo_card_write32(card, hi, (uint32_t)(v >> 32));
	srtpo_card_write32(card, lo, (uint32_t)v);
}

/* Queue q with fresh zeroed rings (sq_log2 < cq_log2), a window and a slot range; reset and
 * enabled. Returns 0, or -1 when the ring code cannot use the sizes. */
static inline int raw_queue_setup(struct srtpo_ring *r, struct srtpo_card *card, uint32_t q,
				  void *sq, uint64_t sq_bus, uint32_t sq_log2,
				  void *cq, uint64_t cq_bus, uint32_t cq_log2,
				  uint64_t win_bus, uint32_t win_size,
				  uint16_t slot_base, uint16_t slot_count)
{
	const uint32_t p = SRTPO_QP(q, 0);

	if (sq_log2 < SRTPO_HW_RING_LOG2_MIN || cq_log2 <= sq_log2 || cq_log2 > SRTPO_HW_RING_LOG2_MAX)
		return -1;
	srtpo_card_write32(card, p + SRTPO_QP_CTRL, 0);
	raw_wr64(card, p + SRTPO_QP_SQ_BASE_LO, p + SRTPO_QP_SQ_BASE_HI, sq_bus);
	srtpo_card_write32(card, p + SRTPO_QP_SQ_LOG2, sq_log2);
	raw_wr64(card, p + SRTPO_QP_CQ_BASE_LO, p + SRTPO_QP_CQ_BASE_HI, cq_bus);
	srtpo_card_write32(card, p + SRTPO_QP_CQ_LOG2, cq_log2);
	raw_wr64(card, p + SRTPO_QP_WIN_BASE_LO, p + SRTPO_QP_WIN_BASE_HI, win_bus);
	srtpo_card_write32(card, p + SRTPO_QP_WIN_SIZE, win_size);
	srtpo_card_write32(card, p + SRTPO_QP_SLOT_BASE, slot_base);
	srtpo_card_write32(card, p + SRTPO_QP_SLOT_COUNT, slot_count);
	srtpo_card_write32(card, p + SRTPO_QP_CTRL, SRTPO_QP_CTRL_RESET_MASK);
	memset(sq, 0, (size_t)SRTPO_HW_DESC_BYTES << sq_log2);
	memset(cq, 0, (size_t)SRTPO_HW_CPL_BYTES << cq_log2);
	/* what srtpo_ring_attach does, without its check of the host pointers' alignment (the
	 * model's memory is aligned by bus address only) */
	memset(r, 0, sizeof(*r));
	r->card = card;
	r->q = q;
	r->sq = sq;
	r->cq = cq;
	r->sq_log2 = sq_log2;
	r->cq_log2 = cq_log2;
	srtpo_wmb();
	srtpo_card_write32(card, p + SRTPO_QP_CTRL, SRTPO_QP_CTRL_ENABLE_MASK);
	return 0;
}

#endif /* RAW_QUEUE_H */
