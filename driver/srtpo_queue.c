// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * srtpo_queue.c - queue pairs: DMA memory, programming the privileged QP block, reset, and the
 * descriptors the driver posts itself (LOAD_KEY for a process, ZERO_KEYS when a queue changes
 * hands). The register order follows userspace/lib/ring.c (srtpo_ring_setup/srtpo_ring_reset).
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/eventfd.h>
#include <linux/iopoll.h>
#include <linux/ktime.h>
#include <linux/string.h>

#include "srtpo.h"

#define SRTPO_POLL_US	20

static u32 srtpo_qp_rd(struct srtpo_queue *q, u32 reg)
{
	return srtpo_rd(q->sd, SRTPO_QP(q->q, reg));
}

static void srtpo_qp_wr(struct srtpo_queue *q, u32 reg, u32 val)
{
	srtpo_wr(q->sd, SRTPO_QP(q->q, reg), val);
}

static void srtpo_qp_wr64(struct srtpo_queue *q, u32 lo, u32 hi, u64 val)
{
	srtpo_qp_wr(q, lo, lower_32_bits(val));
	srtpo_qp_wr(q, hi, upper_32_bits(val));
}

static bool srtpo_has_shadow(struct srtpo_dev *sd)
{
	return sd->cap_features & SRTPO_FW_CAP_FEATURES_SHADOW_DB_MASK;
}

static int srtpo_queue_alloc(struct srtpo_queue *q)
{
	struct device *dev = &q->sd->pdev->dev;
	bool shadow = srtpo_has_shadow(q->sd);

	if (q->win)
		return 0;
	q->sq_bytes = (size_t)SRTPO_HW_DESC_BYTES << srtpo_sq_log2;
	q->cq_bytes = (size_t)SRTPO_HW_CPL_BYTES << srtpo_cq_log2;
	q->sq = dma_alloc_coherent(dev, q->sq_bytes, &q->sq_dma, GFP_KERNEL);
	q->cq = dma_alloc_coherent(dev, q->cq_bytes, &q->cq_dma, GFP_KERNEL);
	/* a page of its own, so that the owner can map it alone */
	if (shadow)
		q->shadow = dma_alloc_coherent(dev, PAGE_SIZE, &q->shadow_dma, GFP_KERNEL);
	q->win = dma_alloc_coherent(dev, srtpo_win_bytes(), &q->win_dma, GFP_KERNEL);
	if (!q->sq || !q->cq || !q->win || (shadow && !q->shadow)) {
		dev_err(dev,
			"queue %u: no DMA memory for rings and a %u KiB window (above 4096 KiB needs CMA)\n",
			q->q, srtpo_win_kib);
		srtpo_queue_free_mem(q);
		return -ENOMEM;
	}
	/* the card's alignment rules; page allocations meet them, check rather than assume */
	if ((q->sq_dma & (SRTPO_HW_DESC_BYTES - 1)) || (q->cq_dma & (SRTPO_HW_DESC_BYTES - 1)) ||
	    (q->win_dma & 4095) || (q->shadow_dma & (SRTPO_HW_SHADOW_BYTES - 1))) {
		dev_err(dev, "queue %u: DMA memory not aligned as the card needs\n", q->q);
		srtpo_queue_free_mem(q);
		return -ENOMEM;
	}
	return 0;
}

void srtpo_queue_free_mem(struct srtpo_queue *q)
{
	struct device *dev = &q->sd->pdev->dev;

	if (q->win) {
		/* key records pass through the window */
		memzero_explicit(q->win, srtpo_win_bytes());
		dma_free_coherent(dev, srtpo_win_bytes(), q->win, q->win_dma);
	}
	if (q->shadow)
		dma_free_coherent(dev, PAGE_SIZE, q->shadow, q->shadow_dma);
	if (q->cq)
		dma_free_coherent(dev, q->cq_bytes, q->cq, q->cq_dma);
	if (q->sq)
		dma_free_coherent(dev, q->sq_bytes, q->sq, q->sq_dma);
	q->sq = NULL;
	q->cq = NULL;
	q->win = NULL;
	q->shadow = NULL;
	q->shadow_dma = 0;
}

/*
 * The shadow doorbell record (PLAN.md item 3). The card follows it only while QP SHADOW_BASE
 * points at it, which the driver sets when the owner maps it (srtpo_queue_shadow_on) and clears
 * when the queue changes hands: an owner that never maps it drives the QU registers as with
 * ABI 1.0. Both are written with the queue stopped. A zeroed record matches a reset queue.
 */
static void srtpo_queue_shadow_off(struct srtpo_queue *q)
{
	if (!srtpo_has_shadow(q->sd))
		return;
	srtpo_qp_wr64(q, SRTPO_QP_SHADOW_BASE_LO, SRTPO_QP_SHADOW_BASE_HI, 0);
	q->shadow_on = false;
	if (q->shadow)
		memset(q->shadow, 0, PAGE_SIZE);
}

/* Mirrors the doorbell indices into the record, so the card never reads one behind them. */
static void srtpo_shadow_set(struct srtpo_queue *q, int sq_tail, int cq_head)
{
	if (!q->shadow_on)
		return;
	if (sq_tail >= 0)
		WRITE_ONCE(q->shadow->sq_tail, (u16)sq_tail);
	if (cq_head >= 0)
		WRITE_ONCE(q->shadow->cq_head, (u16)cq_head);
}

void srtpo_queue_kick(struct srtpo_queue *q, u32 flags, u32 sq_tail, u32 cq_head)
{
	srtpo_shadow_set(q, flags & SRTPO_KICK_SQ_TAIL ? (int)sq_tail : -1,
			 flags & SRTPO_KICK_CQ_HEAD ? (int)cq_head : -1);
	if (q->shadow_on)
		wmb();	/* the record before the registers: the card reads it once awake */
	if (flags & SRTPO_KICK_CQ_HEAD)
		srtpo_qu_wr(q, SRTPO_QU_CQ_HEAD, cq_head);
	if (flags & SRTPO_KICK_SQ_TAIL)
		srtpo_qu_wr(q, SRTPO_QU_SQ_TAIL, sq_tail);
}

/* Rings, window and key-slot range into the QP block; the queue stays disabled. */
static void srtpo_queue_program(struct srtpo_queue *q)
{
	srtpo_qp_wr(q, SRTPO_QP_CTRL, 0);
	srtpo_qp_wr64(q, SRTPO_QP_SQ_BASE_LO, SRTPO_QP_SQ_BASE_HI, q->sq_dma);
	srtpo_qp_wr(q, SRTPO_QP_SQ_LOG2, srtpo_sq_log2);
	srtpo_qp_wr64(q, SRTPO_QP_CQ_BASE_LO, SRTPO_QP_CQ_BASE_HI, q->cq_dma);
	srtpo_qp_wr(q, SRTPO_QP_CQ_LOG2, srtpo_cq_log2);
	srtpo_qp_wr64(q, SRTPO_QP_WIN_BASE_LO, SRTPO_QP_WIN_BASE_HI, q->win_dma);
	srtpo_qp_wr(q, SRTPO_QP_WIN_SIZE, srtpo_win_bytes());
	srtpo_qp_wr(q, SRTPO_QP_SLOT_BASE, q->slot_base);
	srtpo_qp_wr(q, SRTPO_QP_SLOT_COUNT, q->slot_count);
	srtpo_queue_shadow_off(q);
}

/* Nonzero while the card has work of the queue in flight; ~0 (a lost card) counts as busy. */
static int srtpo_queue_busy(struct srtpo_queue *q)
{
	return !!(srtpo_qp_rd(q, SRTPO_QP_STATUS) & SRTPO_QP_STATUS_BUSY_MASK);
}

/*
 * Stops fetching and waits until nothing of the queue is in flight. Work that does not finish
 * in time is dropped by a queue reset (the card never writes work of an older epoch) and waited
 * for once more. -ETIMEDOUT: the card still holds work of the queue; its memory must stay.
 */
static int srtpo_queue_drain(struct srtpo_queue *q, unsigned int timeout_ms)
{
	u64 timeout_us = (u64)timeout_ms * USEC_PER_MSEC;
	int busy, ret;

	srtpo_qp_wr(q, SRTPO_QP_CTRL, 0);
	ret = read_poll_timeout(srtpo_queue_busy, busy, !busy, SRTPO_POLL_US, timeout_us, false, q);
	if (!ret)
		return 0;
	srtpo_qp_wr(q, SRTPO_QP_CTRL, SRTPO_QP_CTRL_RESET_MASK);
	return read_poll_timeout(srtpo_queue_busy, busy, !busy, SRTPO_POLL_US, timeout_us, false,
				 q);
}

/* Drain, reset (indices and counters 0), zeroed rings, and optionally enabled again. */
static int srtpo_queue_restart(struct srtpo_queue *q, unsigned int timeout_ms, bool enable)
{
	unsigned long flags;
	int ret;

	ret = srtpo_queue_drain(q, timeout_ms);
	if (ret)
		return ret;
	srtpo_qp_wr(q, SRTPO_QP_CTRL, SRTPO_QP_CTRL_RESET_MASK);
	memset(q->sq, 0, q->sq_bytes);
	memset(q->cq, 0, q->cq_bytes);
	/* indices 0 in the record too: the card must not take an old tail after the reset */
	if (q->shadow)
		memset(q->shadow, 0, SRTPO_HW_SHADOW_BYTES);
	spin_lock_irqsave(&q->poll_lock, flags);
	q->poll_cpl = 0;
	spin_unlock_irqrestore(&q->poll_lock, flags);
	/* zeroed rings before the card may fetch */
	wmb();
	if (enable)
		srtpo_qp_wr(q, SRTPO_QP_CTRL, SRTPO_QP_CTRL_ENABLE_MASK);
	return 0;
}

/* Whether the card has written the completion at free-running ring position pos. */
bool srtpo_cpl_present(struct srtpo_queue *q, u16 pos)
{
	const u8 *e = (const u8 *)q->cq + (size_t)(pos & ((1U << srtpo_cq_log2) - 1)) *
		      SRTPO_HW_CPL_BYTES;
	/* phase 1 on the first lap, flipped on each wrap (userspace/lib/ring.h) */
	u8 phase = ((pos >> srtpo_cq_log2) & 1) ^ 1;

	if ((READ_ONCE(e[3]) & 1) != phase)
		return false;
	/* the entry's other bytes after its phase bit */
	dma_rmb();
	return true;
}

/*
 * Posts one descriptor of the driver's (eight little-endian words, the id is filled in here)
 * on an idle queue, waits for its completion and consumes it. *status gets the completion
 * status; *sq_tail and *cq_head the queue's new indices. -EBUSY: the queue is not idle.
 */
static int srtpo_queue_cmd(struct srtpo_queue *q, u64 w[8], u32 *status, u16 *sq_tail,
			   u16 *cq_head)
{
	u32 tail, head, cqh, cqt, st, i;
	u64 timeout_us = (u64)srtpo_cmd_timeout_ms * USEC_PER_MSEC;
	unsigned long flags;
	__le64 *d;
	bool done;
	u8 *e;
	int ret;

	tail = srtpo_qu_rd(q, SRTPO_QU_SQ_TAIL);
	head = srtpo_qu_rd(q, SRTPO_QU_SQ_HEAD);
	cqh = srtpo_qu_rd(q, SRTPO_QU_CQ_HEAD);
	cqt = srtpo_qu_rd(q, SRTPO_QU_CQ_TAIL);
	st = srtpo_qu_rd(q, SRTPO_QU_STATUS);
	if ((tail | head | cqh | cqt | st) == ~0U)
		return -ENODEV;
	if (!(st & SRTPO_QP_STATUS_ENABLED_MASK) || (st & SRTPO_QP_STATUS_BUSY_MASK) ||
	    tail != head || cqh != cqt)
		return -EBUSY;

	w[0] |= (u64)(tail & 0xffff) << 48;
	d = (__le64 *)((u8 *)q->sq + (size_t)(tail & ((1U << srtpo_sq_log2) - 1)) *
		       SRTPO_HW_DESC_BYTES);
	for (i = 0; i < 8; i++)
		WRITE_ONCE(d[i], cpu_to_le64(w[i]));
	srtpo_shadow_set(q, (tail + 1) & 0xffff, -1);
	/* the descriptor (and a key record in the window) before the doorbell */
	wmb();
	srtpo_qu_wr(q, SRTPO_QU_SQ_TAIL, (tail + 1) & 0xffff);

	ret = read_poll_timeout(srtpo_cpl_present, done, done, SRTPO_POLL_US, timeout_us, false,
				q, (u16)cqh);
	if (ret)
		return ret;
	e = (u8 *)q->cq + (size_t)(cqh & ((1U << srtpo_cq_log2) - 1)) * SRTPO_HW_CPL_BYTES;
	*status = READ_ONCE(e[2]);
	if ((e[0] | e[1] << 8) != (tail & 0xffff))
		*status = SRTPO_HW_ST_BAD_DESC;
	srtpo_shadow_set(q, -1, (cqh + 1) & 0xffff);
	/* the record's head before the register's */
	wmb();
	srtpo_qu_wr(q, SRTPO_QU_CQ_HEAD, (cqh + 1) & 0xffff);
	*sq_tail = (tail + 1) & 0xffff;
	*cq_head = (cqh + 1) & 0xffff;
	spin_lock_irqsave(&q->poll_lock, flags);
	q->poll_cpl = *cq_head;
	spin_unlock_irqrestore(&q->poll_lock, flags);
	return 0;
}

/* Wipes every key slot of the queue's range; the queue must be idle. */
static int srtpo_queue_zero_keys(struct srtpo_queue *q)
{
	u64 w[8] = { SRTPO_HW_OP_ZERO_KEYS };
	u32 status = 0;
	u16 t, h;
	int ret;

	ret = srtpo_queue_cmd(q, w, &status, &t, &h);
	if (ret)
		return ret;
	return status == SRTPO_HW_ST_OK ? 0 : -EIO;
}

int srtpo_queue_load_key(struct srtpo_queue *q, u32 slot, const u8 *rec,
			 struct srtpo_load_key *out)
{
	u32 key_off = srtpo_win_bytes() - SRTPO_KEY_SCRATCH;
	u8 *scratch = (u8 *)q->win + key_off;
	u64 w[8] = { 0 };
	u16 t = 0, h = 0;
	int ret;

	if (slot >= q->slot_count)
		return -EINVAL;
	w[0] = SRTPO_HW_OP_LOAD_KEY | (u64)(q->slot_base + slot) << 32;
	w[4] = SRTPO_HW_KEY_REC_BYTES;
	w[5] = key_off;
	memcpy(scratch, rec, SRTPO_KEY_REC_BYTES);
	ret = srtpo_queue_cmd(q, w, &out->status, &t, &h);
	/* after a timeout the card may still read it: it then loads zeros (BAD_KEY) */
	memzero_explicit(scratch, SRTPO_KEY_SCRATCH);
	if (ret)
		return ret;
	out->sq_tail = t;
	out->cq_head = h;
	return out->status == SRTPO_HW_ST_OK ? 0 : -EIO;
}

int srtpo_queue_reset(struct srtpo_queue *q, unsigned int timeout_ms)
{
	int ret;

	mutex_lock(&q->lock);
	ret = srtpo_queue_restart(q, timeout_ms ? timeout_ms : srtpo_cmd_timeout_ms, true);
	mutex_unlock(&q->lock);
	if (ret)
		dev_warn(&q->sd->pdev->dev, "queue %u: did not drain in time; left stopped\n",
			 q->q);
	return ret;
}

/*
 * Stops the queue and waits until the card has nothing of it in flight; unlike a reset it
 * leaves rings, indices and completions alone, so the owner can act on what the card finished
 * (in-place output must not be redone). Enabled again only by srtpo_queue_reset().
 */
int srtpo_queue_stop(struct srtpo_queue *q, unsigned int timeout_ms)
{
	u64 timeout_us = (u64)(timeout_ms ? timeout_ms : srtpo_cmd_timeout_ms) * USEC_PER_MSEC;
	int busy, ret;

	mutex_lock(&q->lock);
	srtpo_qp_wr(q, SRTPO_QP_CTRL, 0);
	ret = read_poll_timeout(srtpo_queue_busy, busy, !busy, SRTPO_POLL_US, timeout_us, false, q);
	mutex_unlock(&q->lock);
	if (ret)
		dev_warn(&q->sd->pdev->dev, "queue %u: still busy after a stop\n", q->q);
	return ret;
}

/*
 * Points QP SHADOW_BASE at the queue's record (the owner mapped it): the queue is stopped for
 * the moment (descriptors in flight finish; nothing is dropped), the record gets the indices the
 * card has now, then the queue runs again. -ENODEV: the card has no SHADOW_DB; -EBUSY: the card
 * did not stop in time (the queue runs on without the record).
 */
int srtpo_queue_shadow_on(struct srtpo_queue *q)
{
	u64 timeout_us = (u64)srtpo_cmd_timeout_ms * USEC_PER_MSEC;
	int busy, ret = 0;
	u32 st;

	if (!q->shadow)
		return -ENODEV;
	mutex_lock(&q->lock);
	if (q->shadow_on)
		goto out;
	st = srtpo_qp_rd(q, SRTPO_QP_STATUS);
	srtpo_qp_wr(q, SRTPO_QP_CTRL, 0);
	ret = read_poll_timeout(srtpo_queue_busy, busy, !busy, SRTPO_POLL_US, timeout_us, false, q);
	if (!ret) {
		memset(q->shadow, 0, SRTPO_HW_SHADOW_BYTES);
		q->shadow->sq_tail = (u16)srtpo_qu_rd(q, SRTPO_QU_SQ_TAIL);
		q->shadow->cq_head = (u16)srtpo_qu_rd(q, SRTPO_QU_CQ_HEAD);
		/* the record before the card may read it */
		wmb();
		srtpo_qp_wr64(q, SRTPO_QP_SHADOW_BASE_LO, SRTPO_QP_SHADOW_BASE_HI, q->shadow_dma);
		q->shadow_on = true;
	} else {
		ret = -EBUSY;
	}
	if (st & SRTPO_QP_STATUS_ENABLED_MASK)
		srtpo_qp_wr(q, SRTPO_QP_CTRL, SRTPO_QP_CTRL_ENABLE_MASK);
out:
	mutex_unlock(&q->lock);
	return ret;
}

/* Brings a claimed queue up for a new owner: memory, registers, no keys, indices 0. */
static int srtpo_queue_start(struct srtpo_queue *q)
{
	struct device *dev = &q->sd->pdev->dev;
	int ret;

	ret = srtpo_queue_alloc(q);
	if (ret)
		return ret;
	ret = srtpo_queue_drain(q, srtpo_cmd_timeout_ms);
	if (ret)
		goto stuck;
	srtpo_queue_program(q);
	ret = srtpo_queue_restart(q, srtpo_cmd_timeout_ms, true);
	if (ret)
		goto stuck;
	if (q->needs_zero) {
		ret = srtpo_queue_zero_keys(q);
		if (ret) {
			dev_err(dev, "queue %u: wiping its key slots failed (%d)\n", q->q, ret);
			srtpo_qp_wr(q, SRTPO_QP_CTRL, 0);
			return -EIO;
		}
		q->needs_zero = false;
		ret = srtpo_queue_restart(q, srtpo_cmd_timeout_ms, true);
		if (ret)
			goto stuck;
	}
	/* the card's reset values: an interrupt per completion, no timer */
	srtpo_qu_wr(q, SRTPO_QU_IRQ_COUNT, 1);
	srtpo_qu_wr(q, SRTPO_QU_IRQ_TIME, 0);
	q->hw_irq_last = srtpo_qu_rd(q, SRTPO_QU_CNT_IRQ);
	return 0;

stuck:
	dev_err(dev, "queue %u: the card does not drain it; not using it again\n", q->q);
	q->stuck = true;
	return ret;
}

int srtpo_queue_claim(struct srtpo_dev *sd, struct srtpo_queue **out)
{
	struct srtpo_queue *q;
	int ret = -EBUSY;
	u32 i;

	for (;;) {
		q = NULL;
		mutex_lock(&sd->lock);
		for (i = 0; i < sd->nqueues; i++) {
			if (!sd->queues[i].in_use && !sd->queues[i].stuck) {
				q = &sd->queues[i];
				q->in_use = true;
				sd->in_use++;
				break;
			}
		}
		mutex_unlock(&sd->lock);
		if (!q)
			return ret;

		mutex_lock(&q->lock);
		ret = srtpo_queue_start(q);
		mutex_unlock(&q->lock);
		if (!ret) {
			*out = q;
			return 0;
		}
		mutex_lock(&sd->lock);
		q->in_use = false;
		sd->in_use--;
		mutex_unlock(&sd->lock);
		/* a queue that cannot be wiped or drained is skipped; out of memory is final */
		if (ret == -ENOMEM || ret == -ENODEV || !q->stuck)
			return ret;
	}
}

void srtpo_queue_release(struct srtpo_queue *q)
{
	struct srtpo_dev *sd = q->sd;
	struct eventfd_ctx *ev;
	unsigned long flags;
	int ret;

	down_read(&sd->rwsem);
	mutex_lock(&q->lock);
	spin_lock_irqsave(&q->ev_lock, flags);
	ev = q->ev;
	q->ev = NULL;
	spin_unlock_irqrestore(&q->ev_lock, flags);
	if (ev)
		eventfd_ctx_put(ev);

	if (sd->gone) {
		q->needs_zero = true;
	} else {
		/*
		 * The owner may have left anything in the rings: start from a clean queue, wipe
		 * the keys through it, then stop it with nothing in flight.
		 */
		ret = srtpo_queue_restart(q, srtpo_cmd_timeout_ms, true);
		if (!ret) {
			ret = srtpo_queue_zero_keys(q);
			if (ret)
				dev_err(&sd->pdev->dev,
					"queue %u: wiping its key slots failed (%d); retried before reuse\n",
					q->q, ret);
			q->needs_zero = ret != 0;
			ret = srtpo_queue_restart(q, srtpo_cmd_timeout_ms, false);
		}
		/* stopped (or stuck) here: the next owner opts into the record again */
		srtpo_queue_shadow_off(q);
		if (ret) {
			dev_err(&sd->pdev->dev,
				"queue %u: the card does not drain it; not using it again\n", q->q);
			q->stuck = true;
			q->needs_zero = true;
		}
	}
	memset(q->sq, 0, q->sq_bytes);
	memset(q->cq, 0, q->cq_bytes);
	memzero_explicit(q->win, srtpo_win_bytes());
	if (q->shadow)
		memset(q->shadow, 0, PAGE_SIZE);
	q->shadow_on = false;
	q->mapping = NULL;
	mutex_unlock(&q->lock);
	up_read(&sd->rwsem);

	mutex_lock(&sd->lock);
	q->in_use = false;
	sd->in_use--;
	mutex_unlock(&sd->lock);
}

/* An interrupt of the queue: wake WAIT and poll, signal the eventfd. Any context. */
void srtpo_queue_signal(struct srtpo_queue *q)
{
	unsigned long flags;

	atomic_inc(&q->irq_seq);
	wake_up_interruptible_all(&q->wq);
	spin_lock_irqsave(&q->ev_lock, flags);
	if (q->ev)
		srtpo_eventfd_signal(q->ev);
	spin_unlock_irqrestore(&q->ev_lock, flags);
}

/* Nonzero while any queue has work in flight or writes unanswered; ~0 (a lost card) is not. */
static u32 srtpo_card_busy(struct srtpo_dev *sd)
{
	u32 v = srtpo_rd(sd, SRTPO_GLB_STATUS);

	return v == ~0U ? 0 : v & SRTPO_GLB_STATUS_BUSY_MASK;
}

/*
 * Every queue stopped, what the card had in flight finished (bounded wait), and the card
 * disabled (remove, probe). Bus mastering goes off after this: a DMA cut off in the middle
 * would leave the card's bus interface waiting for answers that never come.
 */
void srtpo_hw_stop(struct srtpo_dev *sd)
{
	u64 timeout_us = (u64)srtpo_cmd_timeout_ms * USEC_PER_MSEC;
	u32 i, busy;

	for (i = 0; i < sd->fw.cap_queues; i++)
		srtpo_wr(sd, SRTPO_QP(i, SRTPO_QP_CTRL), 0);
	if (read_poll_timeout(srtpo_card_busy, busy, !busy, SRTPO_POLL_US, timeout_us, false, sd))
		dev_warn(&sd->pdev->dev,
			 "the card did not finish its work in time (timed out); stopping it anyway\n");
	srtpo_wr(sd, SRTPO_GLB_CTRL, 0);
}
