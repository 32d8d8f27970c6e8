/* SPDX-License-Identifier: BSD-3-Clause */
/* ring.c - submission/completion rings of one srtpo queue pair (see ring.h). */
#include <string.h>

#include "ring.h"

static void wr_bus(struct srtpo_card *c, uint32_t lo, uint32_t hi, uint64_t v)
{
	srtpo_card_write32(c, lo, (uint32_t)v);
	srtpo_card_write32(c, hi, (uint32_t)(v >> 32));
}

int srtpo_ring_setup(struct srtpo_ring *r, struct srtpo_card *card, uint32_t q,
		     void *sq, uint64_t sq_bus, uint32_t sq_log2,
		     void *cq, uint64_t cq_bus, uint32_t cq_log2,
		     uint64_t win_bus, uint32_t win_size, uint32_t slot_base, uint32_t slot_count,
		     void *shadow, uint64_t shadow_bus)
{
	uint32_t p = SRTPO_QP(q, 0);

	if (sq_log2 < SRTPO_HW_RING_LOG2_MIN || sq_log2 > SRTPO_HW_RING_LOG2_MAX ||
	    cq_log2 < sq_log2 || cq_log2 > SRTPO_HW_RING_LOG2_MAX ||
	    (sq_bus & 63) || (cq_bus & 63) || (win_bus & 4095) || (shadow && (shadow_bus & 63)))
		return -1;
	memset(r, 0, sizeof(*r));
	r->card = card;
	r->q = q;
	r->sq = sq;
	r->cq = cq;
	r->sq_log2 = sq_log2;
	r->cq_log2 = cq_log2;
	r->shadow = shadow;
	srtpo_card_write32(card, p + SRTPO_QP_CTRL, 0);
	wr_bus(card, p + SRTPO_QP_SQ_BASE_LO, p + SRTPO_QP_SQ_BASE_HI, sq_bus);
	srtpo_card_write32(card, p + SRTPO_QP_SQ_LOG2, sq_log2);
	wr_bus(card, p + SRTPO_QP_CQ_BASE_LO, p + SRTPO_QP_CQ_BASE_HI, cq_bus);
	srtpo_card_write32(card, p + SRTPO_QP_CQ_LOG2, cq_log2);
	wr_bus(card, p + SRTPO_QP_WIN_BASE_LO, p + SRTPO_QP_WIN_BASE_HI, win_bus);
	srtpo_card_write32(card, p + SRTPO_QP_WIN_SIZE, win_size);
	srtpo_card_write32(card, p + SRTPO_QP_SLOT_BASE, slot_base);
	srtpo_card_write32(card, p + SRTPO_QP_SLOT_COUNT, slot_count);
	if (shadow)
		wr_bus(card, p + SRTPO_QP_SHADOW_BASE_LO, p + SRTPO_QP_SHADOW_BASE_HI, shadow_bus);
	return srtpo_ring_reset(r, 0);
}

int srtpo_ring_attach(struct srtpo_ring *r, struct srtpo_card *card,
		      const struct srtpo_card_queue *qm)
{
	if (qm->sq_log2 < SRTPO_HW_RING_LOG2_MIN || qm->sq_log2 > SRTPO_HW_RING_LOG2_MAX ||
	    qm->cq_log2 <= qm->sq_log2 || qm->cq_log2 > SRTPO_HW_RING_LOG2_MAX ||
	    !qm->sq || !qm->cq || ((uintptr_t)qm->sq | (uintptr_t)qm->cq) & 63)
		return -1;
	memset(r, 0, sizeof(*r));
	r->card = card;
	r->q = qm->q;
	r->sq = qm->sq;
	r->cq = qm->cq;
	r->sq_log2 = qm->sq_log2;
	r->cq_log2 = qm->cq_log2;
	r->shadow = NULL;   /* the caller sets it when the card has SHADOW_DB */
	/* the owner hands the queue over freshly reset: indices at 0, rings zeroed */
	return 0;
}

int srtpo_ring_reset(struct srtpo_ring *r, uint64_t timeout)
{
	uint32_t p = SRTPO_QP(r->q, 0);
	uint64_t waited = 0;

	if (r->card->ops->queue_reset) {
		/* the queue's owner (the driver) stops, drains, zeroes and restarts it */
		if (r->card->ops->queue_reset(r->card))
			return -1;
		r->sq_tail = r->sq_rung = r->cq_head = r->cq_told = r->inflight = 0;
		return 0;
	}
	srtpo_card_write32(r->card, p + SRTPO_QP_CTRL, 0);
	/* Work already inside the card finishes (or is dropped by the reset below); the window and
	 * rings may be reused only once nothing of this queue is in flight. */
	while (srtpo_card_read32(r->card, p + SRTPO_QP_STATUS) & SRTPO_QP_STATUS_BUSY_MASK) {
		if (waited >= timeout)
			return -1;
		srtpo_card_step(r->card, 64);
		waited += 64;
	}
	srtpo_card_write32(r->card, p + SRTPO_QP_CTRL, SRTPO_QP_CTRL_RESET_MASK);
	memset(r->sq, 0, (size_t)SRTPO_HW_DESC_BYTES << r->sq_log2);
	memset(r->cq, 0, (size_t)SRTPO_HW_CPL_BYTES << r->cq_log2);
	if (r->shadow) {
		r->shadow->sq_tail = 0;
		r->shadow->cq_head = 0;
	}
	r->sq_tail = r->sq_rung = r->cq_head = r->cq_told = r->inflight = 0;
	srtpo_wmb();
	srtpo_card_write32(r->card, p + SRTPO_QP_CTRL, SRTPO_QP_CTRL_ENABLE_MASK);
	return 0;
}

int srtpo_ring_post(struct srtpo_ring *r, const struct srtpo_hw_desc *d)
{
	if (!srtpo_ring_space(r))
		return -1;
	memcpy(&r->sq[r->sq_tail & ((1u << r->sq_log2) - 1)], d, sizeof(*d));
	r->sq_tail++;
	r->inflight++;
	return 0;
}

void srtpo_ring_doorbell(struct srtpo_ring *r)
{
	if (r->sq_rung == r->sq_tail)
		return;
	srtpo_wmb();   /* descriptors before the doorbell */
	if (r->shadow) {
		r->shadow->sq_tail = r->sq_tail;
		r->sq_rung = r->sq_tail;
		/* the tail before the look at card_state: either the card's last read of the
		 * record sees the new tail, or we see it idle and wake it */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (!(r->shadow->card_state & 1u)) {
			r->card->cnt.shadow_db++;
			return;
		}
	}
	srtpo_card_write32(r->card, SRTPO_QU(r->q, SRTPO_QU_SQ_TAIL), r->sq_tail);
	r->card->cnt.doorbells++;
	r->sq_rung = r->sq_tail;
}

int srtpo_ring_reap(struct srtpo_ring *r, struct srtpo_hw_cpl *c)
{
	const volatile struct srtpo_hw_cpl *e = &r->cq[r->cq_head & ((1u << r->cq_log2) - 1)];
	/* Phase is 1 on the first pass over the ring and flips on every wrap. */
	uint8_t phase = (uint8_t)(((r->cq_head >> r->cq_log2) & 1u) ^ 1u);

	if (!r->inflight || (e->flags & 1u) != phase)
		return 0;
	srtpo_rmb();   /* the entry and the packet bytes after the phase bit */
	memcpy(c, (const void *)e, sizeof(*c));
	r->cq_head++;
	r->inflight--;
	if ((uint16_t)(r->cq_head - r->cq_told) >= (1u << r->cq_log2) / 4)
		srtpo_ring_release(r);
	return 1;
}

void srtpo_ring_release(struct srtpo_ring *r)
{
	if (r->cq_told == r->cq_head)
		return;
	if (r->shadow) {
		r->shadow->cq_head = r->cq_head;
		r->cq_told = r->cq_head;
		return;
	}
	srtpo_card_write32(r->card, SRTPO_QU(r->q, SRTPO_QU_CQ_HEAD), r->cq_head);
	r->cq_told = r->cq_head;
}

void srtpo_desc_packet(struct srtpo_hw_desc *d, const struct srtpo_op *op, uint16_t slot,
		       uint16_t pkt_len, uint32_t in_off, uint32_t out_off, uint16_t id)
{
	srtpo_desc_fill_packet(d, op, slot, pkt_len, in_off, out_off, id);
}

void srtpo_desc_load_key(struct srtpo_hw_desc *d, uint16_t slot, uint32_t in_off, uint16_t id)
{
	srtpo_desc_fill_load_key(d, slot, in_off, id);
}

void srtpo_desc_zero_keys(struct srtpo_hw_desc *d, uint16_t id)
{
	memset(d, 0, sizeof(*d));
	d->opcode = SRTPO_HW_OP_ZERO_KEYS;
	d->id = id;
}

void srtpo_key_record(uint8_t rec[SRTPO_HW_KEY_REC_BYTES], const struct srtpo_keyslot *ks)
{
	srtpo_key_record_fill(rec, ks);
}
