/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * null_card.c - a completion-only srtpo card (null_card.h): what the host spends on the card
 * path with no card model in the way.
 *
 * It emulates just enough of the register map (srtpo_regs.h) for the ring code and the card
 * backend: the FW block (magic, version 1.2, capabilities: 65,536 key slots, the AES-CM/HMAC
 * suites, 2048-byte packets, completions after write acknowledgements), the QP registers that
 * set a queue up, enable and reset it, and the QU doorbell and head registers. Writing a queue's
 * SQ_TAIL answers every new descriptor at once: a completion with the descriptor's id, status OK
 * (out_len = pkt_len for a packet, 0 for LOAD_KEY and ZERO_KEYS, as the card reports) and the
 * phase bit. Nothing is encrypted, nothing is read or written in the DMA window: unprotect "passes"
 * any packet, so only the host's bookkeeping is real here. Descriptors the card would refuse
 * (outside the window or the queue's slots, misaligned, oversize, unknown opcode) get the card's
 * refusal status, so a wrong descriptor cannot pass for a fast one.
 *
 * Counting: the accessors of card.h count MMIO, ring.c counts doorbells; the transport adds what
 * card.h leaves to it: a wait for an interrupt is a system call on a real device (poll), and the
 * interrupts those waits take. The null card runs in the caller's thread, so its own work (a
 * completion store per descriptor) is charged to the card path: a slight overstatement.
 *
 * DMA memory is ordinary aligned memory; its bus address is its CPU address.
 */
#include <stdlib.h>
#include <string.h>

#include "null_card.h"
#include "srtpo_regs.h"

#define MAX_PKT 2048u

struct null_queue {
	uint64_t sq_bus, cq_bus, win_bus, shadow_bus;
	uint32_t sq_log2, cq_log2, win_size, slot_base, slot_count;
	uint32_t ctrl, irq_count, irq_time;
	uint16_t sq_tail, sq_head, cq_head, cq_tail;
	uint32_t cnt_done, cnt_err, cnt_reject, cnt_irq;
};

struct dma_block {
	struct dma_block *next;
	void *mem;
};

struct null_card {
	struct srtpo_card card;        /* first: the transport's handle */
	struct null_queue q[NULL_CARD_QUEUES];
	uint32_t glb_ctrl, scratch;
	uint32_t cnt_desc, cnt_reject;
	uint32_t irq_pending;          /* bit q: queue q raised an interrupt not yet waited for */
	struct dma_block *dma;
};

static inline struct null_card *nc_of(struct srtpo_card *c)
{
	return (struct null_card *)c;
}

/* A packet or key descriptor's status: the refusals the card's checks give (srtpo_regs.h). */
static inline uint8_t null_card_check(const struct null_queue *nq, const struct srtpo_hw_desc *d,
				      uint32_t len)
{
	uint32_t win = nq->win_size & ~63u;

	if ((d->in_off | d->out_off) & (SRTPO_HW_BUF_ALIGN - 1))
		return SRTPO_HW_ST_ALIGN;
	if (d->slot < nq->slot_base || d->slot - nq->slot_base >= nq->slot_count)
		return SRTPO_HW_ST_FOREIGN_SLOT;
	if (len > win || d->in_off > win - len || d->out_off > win - len)
		return SRTPO_HW_ST_WINDOW;
	return SRTPO_HW_ST_OK;
}

/* Answers queue q's descriptors from its head to the doorbell's tail, as far as the completion
 * ring has room (the card never overwrites a completion the host has not released). */
static void null_card_answer(struct null_card *nc, uint32_t qi)
{
	struct null_queue *nq = &nc->q[qi];
	const struct srtpo_hw_desc *sq = (const struct srtpo_hw_desc *)(uintptr_t)nq->sq_bus;
	struct srtpo_hw_cpl *cq = (struct srtpo_hw_cpl *)(uintptr_t)nq->cq_bus;
	const uint32_t sq_mask = (1u << nq->sq_log2) - 1, cq_mask = (1u << nq->cq_log2) - 1;
	uint32_t n = 0;

	if (!(nq->ctrl & SRTPO_QP_CTRL_ENABLE_MASK) || !(nc->glb_ctrl & SRTPO_GLB_CTRL_ENABLE_MASK) ||
	    !sq || !cq)
		return;
	while (nq->sq_head != nq->sq_tail && (uint16_t)(nq->cq_tail - nq->cq_head) <= cq_mask) {
		const struct srtpo_hw_desc *d = &sq[nq->sq_head & sq_mask];
		struct srtpo_hw_cpl *e = &cq[nq->cq_tail & cq_mask];
		uint8_t st = SRTPO_HW_ST_OK;
		uint16_t out_len = 0;

		switch (d->opcode) {
		case SRTPO_HW_OP_PROTECT:
		case SRTPO_HW_OP_UNPROTECT:
			if (!d->pkt_len || d->pkt_len > MAX_PKT)
				st = SRTPO_HW_ST_BAD_LEN;
			else
				st = null_card_check(nq, d, d->pkt_len);
			out_len = st == SRTPO_HW_ST_OK ? d->pkt_len : 0;
			break;
		case SRTPO_HW_OP_LOAD_KEY:
			st = d->pkt_len != SRTPO_HW_KEY_REC_BYTES ? SRTPO_HW_ST_BAD_LEN :
				null_card_check(nq, d, SRTPO_HW_KEY_REC_BYTES);
			break;
		case SRTPO_HW_OP_ZERO_KEYS:
		case SRTPO_HW_OP_NOP:
			break;
		default:
			st = SRTPO_HW_ST_BAD_OP;
			break;
		}
		if (st == SRTPO_HW_ST_WINDOW || st == SRTPO_HW_ST_FOREIGN_SLOT ||
		    st == SRTPO_HW_ST_ALIGN) {
			nq->cnt_reject++;
			nc->cnt_reject++;
		}
		if (st != SRTPO_HW_ST_OK)
			nq->cnt_err++;
		nq->sq_head++;
		e->id = d->id;
		e->status = st;
		e->out_len = out_len;
		e->sq_head = nq->sq_head;
		e->rsvd = 0;
		/* the phase bit last: the host trusts the entry once it sees it */
		__atomic_store_n(&e->flags, (uint8_t)(((nq->cq_tail >> nq->cq_log2) & 1u) ^ 1u),
				 __ATOMIC_RELEASE);
		nq->cq_tail++;
		n++;
	}
	nq->cnt_done += n;
	nc->cnt_desc += n;
	if (n && (nq->irq_count || nq->irq_time) && !(nc->irq_pending & 1u << qi)) {
		nc->irq_pending |= 1u << qi;
		nq->cnt_irq++;
	}
}

static void null_card_queue_reset(struct null_queue *nq)
{
	nq->sq_tail = nq->sq_head = nq->cq_head = nq->cq_tail = 0;
	nq->cnt_done = nq->cnt_err = nq->cnt_reject = nq->cnt_irq = 0;
}

static uint32_t null_card_status(const struct null_queue *nq)
{
	/* never BUSY: nothing stays in flight; never WR_ERR: nothing is written */
	return nq->ctrl & SRTPO_QP_CTRL_ENABLE_MASK ? SRTPO_QP_STATUS_ENABLED_MASK : 0;
}

static uint32_t null_card_read32(struct srtpo_card *c, uint32_t off)
{
	struct null_card *nc = nc_of(c);

	if (off >= SRTPO_QU_BASE) {
		uint32_t qi = (off - SRTPO_QU_BASE) / SRTPO_QU_STRIDE;
		const struct null_queue *nq;

		if (qi >= NULL_CARD_QUEUES)
			return 0;
		nq = &nc->q[qi];
		switch ((off - SRTPO_QU_BASE) % SRTPO_QU_STRIDE) {
		case SRTPO_QU_SQ_TAIL: return nq->sq_tail;
		case SRTPO_QU_SQ_HEAD: return nq->sq_head;
		case SRTPO_QU_CQ_HEAD: return nq->cq_head;
		case SRTPO_QU_CQ_TAIL: return nq->cq_tail;
		case SRTPO_QU_IRQ_COUNT: return nq->irq_count;
		case SRTPO_QU_IRQ_TIME: return nq->irq_time;
		case SRTPO_QU_STATUS: return null_card_status(nq);
		case SRTPO_QU_CNT_DONE: return nq->cnt_done;
		case SRTPO_QU_CNT_ERR: return nq->cnt_err;
		case SRTPO_QU_CNT_REJECT: return nq->cnt_reject;
		case SRTPO_QU_CNT_IRQ: return nq->cnt_irq;
		default: return 0;
		}
	}
	if (off >= SRTPO_QP_BASE && off < SRTPO_QP(NULL_CARD_QUEUES, 0)) {
		const struct null_queue *nq = &nc->q[(off - SRTPO_QP_BASE) / SRTPO_QP_STRIDE];

		switch ((off - SRTPO_QP_BASE) % SRTPO_QP_STRIDE) {
		case SRTPO_QP_SQ_BASE_LO: return (uint32_t)nq->sq_bus;
		case SRTPO_QP_SQ_BASE_HI: return (uint32_t)(nq->sq_bus >> 32);
		case SRTPO_QP_SQ_LOG2: return nq->sq_log2;
		case SRTPO_QP_CQ_BASE_LO: return (uint32_t)nq->cq_bus;
		case SRTPO_QP_CQ_BASE_HI: return (uint32_t)(nq->cq_bus >> 32);
		case SRTPO_QP_CQ_LOG2: return nq->cq_log2;
		case SRTPO_QP_WIN_BASE_LO: return (uint32_t)nq->win_bus;
		case SRTPO_QP_WIN_BASE_HI: return (uint32_t)(nq->win_bus >> 32);
		case SRTPO_QP_WIN_SIZE: return nq->win_size;
		case SRTPO_QP_SLOT_BASE: return nq->slot_base;
		case SRTPO_QP_SLOT_COUNT: return nq->slot_count;
		case SRTPO_QP_CTRL: return nq->ctrl & SRTPO_QP_CTRL_ENABLE_MASK;
		case SRTPO_QP_STATUS: return null_card_status(nq);
		case SRTPO_QP_SHADOW_BASE_LO: return (uint32_t)nq->shadow_bus;
		case SRTPO_QP_SHADOW_BASE_HI: return (uint32_t)(nq->shadow_bus >> 32);
		default: return 0;
		}
	}
	switch (off) {
	case SRTPO_FW_MAGIC: return SRTPO_HW_MAGIC;
	case SRTPO_FW_VERSION: return SRTPO_HW_VERSION_MAJOR << 16 | SRTPO_HW_VERSION_MINOR;
	case SRTPO_FW_CAP_QUEUES: return NULL_CARD_QUEUES;
	case SRTPO_FW_CAP_SLOTS: return NULL_CARD_SLOTS;
	case SRTPO_FW_CAP_SUITES:
		return SRTPO_FW_CAP_SUITES_AES128_MASK | SRTPO_FW_CAP_SUITES_AES256_MASK |
		       SRTPO_FW_CAP_SUITES_NULL_CIPHER_MASK | SRTPO_FW_CAP_SUITES_HMAC_SHA1_80_MASK |
		       SRTPO_FW_CAP_SUITES_HMAC_SHA1_32_MASK | SRTPO_FW_CAP_SUITES_NULL_AUTH_MASK;
	case SRTPO_FW_CAP_MAX_PKT: return MAX_PKT;
	case SRTPO_FW_CAP_BUS_BITS: return 256;
	case SRTPO_FW_CAP_FEATURES: return SRTPO_FW_CAP_FEATURES_CPL_AFTER_WRITE_MASK;
	case SRTPO_GLB_CTRL: return nc->glb_ctrl;
	case SRTPO_GLB_SCRATCH: return nc->scratch;
	case SRTPO_GLB_CNT_DESC: return nc->cnt_desc;
	case SRTPO_GLB_CNT_REJECT: return nc->cnt_reject;
	default: return 0;    /* build stamp, cycles, status, other counters: all zero */
	}
}

static void null_card_write32(struct srtpo_card *c, uint32_t off, uint32_t val)
{
	struct null_card *nc = nc_of(c);

	if (off >= SRTPO_QU_BASE) {
		uint32_t qi = (off - SRTPO_QU_BASE) / SRTPO_QU_STRIDE;
		struct null_queue *nq;

		if (qi >= NULL_CARD_QUEUES)
			return;
		nq = &nc->q[qi];
		switch ((off - SRTPO_QU_BASE) % SRTPO_QU_STRIDE) {
		case SRTPO_QU_SQ_TAIL:
			nq->sq_tail = (uint16_t)val;
			null_card_answer(nc, qi);
			break;
		case SRTPO_QU_CQ_HEAD:
			nq->cq_head = (uint16_t)val;
			null_card_answer(nc, qi);   /* room again for what waited */
			break;
		case SRTPO_QU_IRQ_COUNT: nq->irq_count = val; break;
		case SRTPO_QU_IRQ_TIME: nq->irq_time = val; break;
		default: break;
		}
		return;
	}
	if (off >= SRTPO_QP_BASE && off < SRTPO_QP(NULL_CARD_QUEUES, 0)) {
		uint32_t qi = (off - SRTPO_QP_BASE) / SRTPO_QP_STRIDE;
		struct null_queue *nq = &nc->q[qi];

		switch ((off - SRTPO_QP_BASE) % SRTPO_QP_STRIDE) {
		case SRTPO_QP_SQ_BASE_LO: nq->sq_bus = (nq->sq_bus & ~0xffffffffull) | val; break;
		case SRTPO_QP_SQ_BASE_HI: nq->sq_bus = (nq->sq_bus & 0xffffffffull) | (uint64_t)val << 32; break;
		case SRTPO_QP_SQ_LOG2: nq->sq_log2 = val; break;
		case SRTPO_QP_CQ_BASE_LO: nq->cq_bus = (nq->cq_bus & ~0xffffffffull) | val; break;
		case SRTPO_QP_CQ_BASE_HI: nq->cq_bus = (nq->cq_bus & 0xffffffffull) | (uint64_t)val << 32; break;
		case SRTPO_QP_CQ_LOG2: nq->cq_log2 = val; break;
		case SRTPO_QP_WIN_BASE_LO: nq->win_bus = (nq->win_bus & ~0xffffffffull) | val; break;
		case SRTPO_QP_WIN_BASE_HI: nq->win_bus = (nq->win_bus & 0xffffffffull) | (uint64_t)val << 32; break;
		case SRTPO_QP_WIN_SIZE: nq->win_size = val; break;
		case SRTPO_QP_SLOT_BASE: nq->slot_base = val; break;
		case SRTPO_QP_SLOT_COUNT: nq->slot_count = val; break;
		case SRTPO_QP_SHADOW_BASE_LO: nq->shadow_bus = (nq->shadow_bus & ~0xffffffffull) | val; break;
		case SRTPO_QP_SHADOW_BASE_HI: nq->shadow_bus = (nq->shadow_bus & 0xffffffffull) | (uint64_t)val << 32; break;
		case SRTPO_QP_CTRL:
			if (val & SRTPO_QP_CTRL_RESET_MASK)
				null_card_queue_reset(nq);
			nq->ctrl = val & SRTPO_QP_CTRL_ENABLE_MASK;
			/* ring sizes outside the card's range: the queue does not run */
			if (nq->sq_log2 < SRTPO_HW_RING_LOG2_MIN || nq->sq_log2 > SRTPO_HW_RING_LOG2_MAX ||
			    nq->cq_log2 < SRTPO_HW_RING_LOG2_MIN || nq->cq_log2 > SRTPO_HW_RING_LOG2_MAX ||
			    nq->slot_base + (uint64_t)nq->slot_count > NULL_CARD_SLOTS)
				nq->ctrl = 0;
			null_card_answer(nc, qi);
			break;
		default: break;
		}
		return;
	}
	switch (off) {
	case SRTPO_GLB_CTRL:
		nc->glb_ctrl = val & SRTPO_GLB_CTRL_ENABLE_MASK;
		for (uint32_t qi = 0; qi < NULL_CARD_QUEUES; qi++)
			null_card_answer(nc, qi);
		break;
	case SRTPO_GLB_SCRATCH: nc->scratch = val; break;
	default: break;
	}
}

static void *null_card_dma_alloc(struct srtpo_card *c, size_t size, size_t align, uint64_t *bus)
{
	struct null_card *nc = nc_of(c);
	struct dma_block *b;
	void *p;

	if (align < 64)
		align = 64;
	if (!size || (align & (align - 1)) || size > SIZE_MAX - align)
		return NULL;
	b = malloc(sizeof(*b));
	p = aligned_alloc(align, (size + align - 1) & ~(align - 1));
	if (!b || !p) {
		free(b);
		free(p);
		return NULL;
	}
	memset(p, 0, size);
	b->mem = p;
	b->next = nc->dma;
	nc->dma = b;
	*bus = (uint64_t)(uintptr_t)p;
	return p;
}

static uint32_t null_card_wait_irq(struct srtpo_card *c, uint32_t mask, uint64_t timeout)
{
	struct null_card *nc = nc_of(c);
	uint32_t fired = nc->irq_pending & mask;

	/* on a device this is a poll() on the queue's file: one system call per wait */
	c->cnt.irq_waits++;
	c->cnt.syscalls++;
	nc->irq_pending &= ~fired;
	c->cnt.irqs += (uint64_t)__builtin_popcount(fired);
	return fired;
}

static void null_card_step(struct srtpo_card *c, uint64_t clocks)
{
	/* no time passes: everything was answered at the doorbell */
}

static void null_card_close(struct srtpo_card *c)
{
	struct null_card *nc = nc_of(c);

	while (nc->dma) {
		struct dma_block *b = nc->dma;

		nc->dma = b->next;
		free(b->mem);
		free(b);
	}
	free(nc);
}

static const struct srtpo_card_ops null_card_ops = {
	.read32 = null_card_read32,
	.write32 = null_card_write32,
	.dma_alloc = null_card_dma_alloc,
	.wait_irq = null_card_wait_irq,
	.step = null_card_step,
	.close = null_card_close,
};

struct srtpo_card *null_card_open(void)
{
	struct null_card *nc = calloc(1, sizeof(*nc));

	if (!nc)
		return NULL;
	nc->card.ops = &null_card_ops;
	nc->glb_ctrl = SRTPO_GLB_CTRL_ENABLE_MASK;
	return &nc->card;
}
