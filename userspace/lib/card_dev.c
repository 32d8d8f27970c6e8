/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * card_dev.c - the card transport (card.h) over the srtpo kernel driver: /dev/srtpoN gives this
 * process one queue pair; its rings and DMA window are mapped here, the doorbell and the
 * queue's registers go through ioctls (driver/uapi/srtpo_ioctl.h), or through the queue's own
 * register page where the driver lets it be mapped (never under User-Mode Linux).
 *
 * Register view: the FW block reads from the values the driver reported at open; the queue's
 * QU page is read and written for real (SQ_TAIL/CQ_HEAD are the doorbell, IRQ_COUNT/IRQ_TIME
 * the moderation); everything else reads all ones and ignores writes, as a process has no
 * business with the privileged blocks. The hot calls (read32, write32, wait_irq) allocate
 * nothing.
 *
 * Host cost (card.h, struct srtpo_card_counters): every system call this transport makes counts
 * in cnt.syscalls; waits in irq_waits, the interrupts they took in irqs. Where the QU page is
 * not mapped, a CQ_HEAD write (the ring's lazy release) costs no system call of its own: it rides
 * on the next SQ_TAIL doorbell (one SRTPO_IOC_KICK with both flags); a read of QU CQ_HEAD
 * returns it. That is safe because the card only needs the head to find room in the
 * completion ring, and the ring code never has more than a submission ring of work unreleased
 * (ring.h), so the card never runs out of room between two doorbells. With the shadow
 * doorbell record (ABI 1.1, the card's SHADOW_DB) the ring code writes both indices there and
 * needs no system call at all while the card is awake. A driver of ABI 1.2 also stops a queue
 * without resetting it (queue_stop, SRTPO_IOC_QUEUE_STOP), which lets the library keep what
 * the card finished after a timeout and so put zero-copy output in place.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "card.h"
#include "srtpo_ioctl.h"
#include "srtpo_regs.h"

struct card_dev {
	struct srtpo_card card;        /* first: the transport is passed as this */
	int fd;
	struct srtpo_info info;
	struct srtpo_card_queue queue;
	uint32_t qu_base;              /* BAR0 offset of the queue's QU page */
	volatile uint32_t *qu;         /* the mapped QU page, or NULL: ioctls */
	size_t sq_len, cq_len, win_len;
	void *shadow;                  /* the mapped shadow record page, or NULL */
	uint32_t irq_seen;             /* the queue's interrupt count as the last WAIT returned it */
	int cq_pending;                /* a CQ_HEAD write not told to the driver yet */
	uint16_t cq_head;              /* its value */
};

static inline struct card_dev *to_dev(struct srtpo_card *c)
{
	return (struct card_dev *)c;
}

static uint32_t dev_fw_reg(const struct card_dev *d, uint32_t off)
{
	switch (off) {
	case SRTPO_FW_MAGIC:        return d->info.fw_magic;
	case SRTPO_FW_VERSION:      return d->info.fw_version;
	case SRTPO_FW_BUILD_DATE:   return d->info.fw_build_date;
	case SRTPO_FW_GIT_HASH:     return d->info.fw_git_hash;
	case SRTPO_FW_CAP_QUEUES:   return d->info.cap_queues;
	case SRTPO_FW_CAP_SLOTS:    return d->info.cap_slots;
	case SRTPO_FW_CAP_SUITES:   return d->info.cap_suites;
	case SRTPO_FW_CAP_MAX_PKT:  return d->info.cap_max_pkt;
	case SRTPO_FW_CAP_BUS_BITS: return d->info.cap_bus_bits;
	case SRTPO_FW_CAP_FEATURES: return d->info.cap_features;
	default:                    return 0xffffffffu;
	}
}

/* One doorbell ioctl: SQ_TAIL and/or CQ_HEAD, with a deferred CQ_HEAD joining in. */
static void dev_kick(struct card_dev *d, uint32_t flags, uint32_t sq_tail, uint32_t cq_head)
{
	struct srtpo_kick k;

	if (d->cq_pending && !(flags & SRTPO_KICK_CQ_HEAD)) {
		flags |= SRTPO_KICK_CQ_HEAD;
		cq_head = d->cq_head;
	}
	d->cq_pending = 0;
	memset(&k, 0, sizeof(k));
	k.size = sizeof(k);
	k.flags = flags;
	k.sq_tail = sq_tail & 0xffff;
	k.cq_head = cq_head & 0xffff;
	d->card.cnt.syscalls++;
	(void)ioctl(d->fd, SRTPO_IOC_KICK, &k);
}

static uint32_t dev_read32(struct srtpo_card *c, uint32_t off)
{
	struct card_dev *d = to_dev(c);
	struct srtpo_reg_read r;

	if (off < SRTPO_GLB_CTRL)
		return dev_fw_reg(d, off);
	if (off - d->qu_base >= SRTPO_QU_STRIDE || (off & 3))
		return 0xffffffffu;
	if (d->qu)
		return d->qu[(off - d->qu_base) / 4];
	/* a deferred head is what the register holds once told; no other register depends on
	 * it (the card needs it only for room in the completion ring) */
	if (d->cq_pending && off - d->qu_base == SRTPO_QU_CQ_HEAD)
		return d->cq_head;
	d->card.cnt.syscalls++;
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.off = off;
	if (ioctl(d->fd, SRTPO_IOC_REG_READ, &r))
		return 0xffffffffu;
	return r.val;
}

static void dev_write32(struct srtpo_card *c, uint32_t off, uint32_t val)
{
	struct card_dev *d = to_dev(c);
	uint32_t reg = off - d->qu_base;

	if (reg >= SRTPO_QU_STRIDE)
		return;
	switch (reg) {
	case SRTPO_QU_SQ_TAIL:
		if (d->qu)
			d->qu[reg / 4] = val & 0xffff;
		else
			dev_kick(d, SRTPO_KICK_SQ_TAIL, val, 0);
		break;
	case SRTPO_QU_CQ_HEAD:
		if (d->qu) {
			d->qu[reg / 4] = val & 0xffff;
		} else {
			/* told with the next doorbell (see the top of this file) */
			d->cq_head = (uint16_t)val;
			d->cq_pending = 1;
		}
		break;
	case SRTPO_QU_IRQ_COUNT:
	case SRTPO_QU_IRQ_TIME:
		if (d->qu) {
			d->qu[reg / 4] = reg == SRTPO_QU_IRQ_COUNT ? val & 0xffff : val;
		} else {
			struct srtpo_set_irq s = {
				.size = sizeof(s),
				.flags = reg == SRTPO_QU_IRQ_COUNT ? SRTPO_SET_IRQ_COUNT
								    : SRTPO_SET_IRQ_TIME,
				.irq_count = val & 0xffff,
				.irq_time = val,
			};

			d->card.cnt.syscalls++;
			(void)ioctl(d->fd, SRTPO_IOC_SET_IRQ, &s);
		}
		break;
	default:
		/* read-only registers of the page */
		break;
	}
}

/* The driver owns the queue's memory: nothing to allocate here. */
static void *dev_dma_alloc(struct srtpo_card *c, size_t size, size_t align, uint64_t *bus)
{
	errno = ENOTSUP;
	return NULL;
}

/*
 * Sleeps up to timeout microseconds until the queue takes an interrupt it has not reported yet
 * (SRTPO_IOC_WAIT with SRTPO_WAIT_IRQ): the ring code calls this only after spinning on the
 * phase bit, so this is the one place the packet path sleeps. An interrupt that came after the
 * last wait returned (for completions the spin already took) ends the next wait at once; none is
 * lost, as the card raises one for every completion under the moderation the backend sets. Bit
 * q of mask selects the queue; a queue index past 31 cannot be named in the mask and is waited
 * for whenever mask is nonzero.
 */
static uint32_t dev_wait_irq(struct srtpo_card *c, uint32_t mask, uint64_t timeout)
{
	struct card_dev *d = to_dev(c);
	uint32_t bit = d->queue.q < 32 ? 1u << d->queue.q : mask;
	struct srtpo_wait w;
	int ret;

	if (!(mask & bit)) {
		struct timespec ts = {
			.tv_sec = (time_t)(timeout / 1000000u),
			.tv_nsec = (long)(timeout % 1000000u) * 1000,
		};

		c->cnt.syscalls++;
		nanosleep(&ts, NULL);
		return 0;
	}
	memset(&w, 0, sizeof(w));
	w.size = sizeof(w);
	w.flags = SRTPO_WAIT_IRQ;
	w.irq_seen = d->irq_seen;
	w.timeout_us = timeout > UINT32_MAX ? UINT32_MAX : (uint32_t)timeout;
	c->cnt.syscalls++;
	c->cnt.irq_waits++;
	ret = ioctl(d->fd, SRTPO_IOC_WAIT, &w);
	if (ret && errno != ETIMEDOUT && errno != EINTR)
		return 0;
	if (w.irq_count == d->irq_seen)
		return 0;
	c->cnt.irqs += (uint32_t)(w.irq_count - d->irq_seen);
	d->irq_seen = w.irq_count;
	return mask & bit;
}

/* Lets time pass: a yield for a few clocks, else a sleep of about 4 ns a clock (a 250 MHz card
 * clock), at most 1 ms. */
static void dev_step(struct srtpo_card *c, uint64_t clocks)
{
	struct timespec ts = { 0, 0 };

	c->cnt.syscalls++;
	if (clocks <= 256) {
		sched_yield();
		return;
	}
	ts.tv_nsec = clocks >= 250000 ? 1000000 : (long)clocks * 4;
	nanosleep(&ts, NULL);
}

static void dev_unmap(struct card_dev *d)
{
	if (d->qu)
		munmap((void *)d->qu, SRTPO_QU_STRIDE);
	if (d->shadow)
		munmap(d->shadow, SRTPO_HW_SHADOW_BYTES);
	if (d->queue.win)
		munmap(d->queue.win, d->win_len);
	if (d->queue.cq)
		munmap(d->queue.cq, d->cq_len);
	if (d->queue.sq)
		munmap(d->queue.sq, d->sq_len);
	d->qu = NULL;
	d->shadow = NULL;
	d->queue.shadow = NULL;
	d->queue.win = d->queue.cq = d->queue.sq = NULL;
}

static void dev_close(struct srtpo_card *c)
{
	struct card_dev *d = to_dev(c);

	dev_unmap(d);
	if (d->fd >= 0)
		close(d->fd);
	free(d);
}

static const struct srtpo_card_queue *dev_queue(struct srtpo_card *c)
{
	return &to_dev(c)->queue;
}

static int dev_queue_reset(struct srtpo_card *c)
{
	struct card_dev *d = to_dev(c);
	struct srtpo_queue_reset r;

	/* the reset zeroes the indices (and the shadow record): a deferred head means nothing */
	d->cq_pending = 0;
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	c->cnt.syscalls++;
	return ioctl(d->fd, SRTPO_IOC_QUEUE_RESET, &r) ? -1 : 0;
}

/* timeout in microseconds (the unit of wait_irq here), rounded up to the driver's ms */
static int dev_queue_stop(struct srtpo_card *c, uint64_t timeout)
{
	struct card_dev *d = to_dev(c);
	struct srtpo_queue_stop r;
	uint64_t ms = (timeout + 999) / 1000;

	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.timeout_ms = (uint32_t)(ms > 60000 ? 60000 : ms);
	c->cnt.syscalls++;
	return ioctl(d->fd, SRTPO_IOC_QUEUE_STOP, &r) ? -1 : 0;
}

/* A driver of ABI 1.0 or 1.1: no QUEUE_STOP, so a failed queue is only ever reset. */
static const struct srtpo_card_ops dev_ops = {
	.read32 = dev_read32,
	.write32 = dev_write32,
	.dma_alloc = dev_dma_alloc,
	.wait_irq = dev_wait_irq,
	.step = dev_step,
	.close = dev_close,
	.queue = dev_queue,
	.queue_reset = dev_queue_reset,
};

/* ABI 1.2 and later: QUEUE_STOP too (stop and drain without losing completions). */
static const struct srtpo_card_ops dev_ops_stop = {
	.read32 = dev_read32,
	.write32 = dev_write32,
	.dma_alloc = dev_dma_alloc,
	.wait_irq = dev_wait_irq,
	.step = dev_step,
	.close = dev_close,
	.queue = dev_queue,
	.queue_reset = dev_queue_reset,
	.queue_stop = dev_queue_stop,
};

static void *dev_map(struct card_dev *d, uint64_t off, size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_SHARED, d->fd, (off_t)off);

	return p == MAP_FAILED ? NULL : p;
}

/* What the driver reported must describe a queue this code can drive (ABI 1.0 or later 1.x). */
static int dev_info_ok(const struct srtpo_info *in)
{
	return (in->size == sizeof(*in) || in->size == SRTPO_INFO_SIZE_V1_0) &&
	       in->abi_version >> 16 == SRTPO_ABI_MAJOR &&
	       in->fw_magic == SRTPO_HW_MAGIC &&
	       (in->fw_version & SRTPO_FW_VERSION_MAJOR_MASK) >> SRTPO_FW_VERSION_MAJOR_SHIFT ==
	       SRTPO_HW_VERSION_MAJOR &&
	       in->sq_log2 >= SRTPO_HW_RING_LOG2_MIN && in->cq_log2 > in->sq_log2 &&
	       in->cq_log2 <= SRTPO_HW_RING_LOG2_MAX && in->queue < SRTPO_HW_MAX_QUEUES &&
	       /* slot numbers are 16 bits in a descriptor: 65536 slots at most */
	       in->slot_count && in->slot_count <= 65536 && in->slot_base <= 65536 - in->slot_count &&
	       in->slot_base + in->slot_count <= in->cap_slots &&
	       in->win_size >= SRTPO_KEY_SCRATCH && in->key_off == in->win_size - SRTPO_KEY_SCRATCH;
}

struct srtpo_card *srtpo_card_open_dev(const char *path)
{
	struct card_dev *d;
	int err;

	if (!path) {
		errno = EINVAL;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->card.ops = &dev_ops;
	d->fd = open(path, O_RDWR | O_CLOEXEC);
	if (d->fd < 0)
		goto fail;
	d->info.size = sizeof(d->info);
	if (ioctl(d->fd, SRTPO_IOC_INFO, &d->info)) {
		/* a driver of ABI 1.0 knows the shorter struct only (no shadow record) */
		if (errno != EINVAL)
			goto fail;
		memset(&d->info, 0, sizeof(d->info));
		d->info.size = SRTPO_INFO_SIZE_V1_0;
		if (ioctl(d->fd, SRTPO_IOC_INFO_V1_0, &d->info))
			goto fail;
	}
	if (!dev_info_ok(&d->info)) {
		/* another major ABI or register map: refuse rather than guess */
		errno = EPROTO;
		goto fail;
	}
	if ((d->info.abi_version & 0xffff) >= 2)
		d->card.ops = &dev_ops_stop;
	d->qu_base = SRTPO_QU(d->info.queue, 0);
	d->sq_len = (size_t)SRTPO_HW_DESC_BYTES << d->info.sq_log2;
	d->cq_len = (size_t)SRTPO_HW_CPL_BYTES << d->info.cq_log2;
	d->win_len = d->info.win_size;
	d->queue.q = d->info.queue;
	d->queue.slot_base = d->info.slot_base;
	d->queue.slot_count = d->info.slot_count;
	d->irq_seen = d->info.irq_count;
	d->queue.sq_log2 = d->info.sq_log2;
	d->queue.cq_log2 = d->info.cq_log2;
	/* the card's window, whole: its last SRTPO_KEY_SCRATCH bytes (from info.key_off) are the
	 * driver's LOAD_KEY scratch, rewritten only by that ioctl */
	d->queue.win_size = d->info.win_size;
	d->queue.sq = dev_map(d, d->info.mmap_sq, d->sq_len, PROT_READ | PROT_WRITE);
	d->queue.cq = dev_map(d, d->info.mmap_cq, d->cq_len, PROT_READ);
	d->queue.win = dev_map(d, d->info.mmap_win, d->win_len, PROT_READ | PROT_WRITE);
	if (!d->queue.sq || !d->queue.cq || !d->queue.win)
		goto fail;
	/* optional: without it every register access is an ioctl */
	if (d->info.flags & SRTPO_INFO_QU_MMAP)
		d->qu = dev_map(d, d->info.mmap_qu, SRTPO_QU_STRIDE, PROT_READ | PROT_WRITE);
	/* optional too: mapping it makes the card follow it (srtpo_ioctl.h) */
	if (d->info.size > SRTPO_INFO_SIZE_V1_0 && (d->info.flags & SRTPO_INFO_SHADOW)) {
		d->shadow = dev_map(d, d->info.mmap_shadow, SRTPO_HW_SHADOW_BYTES,
				    PROT_READ | PROT_WRITE);
		d->queue.shadow = d->shadow;
	}
	/* opening is not the packet path */
	memset(&d->card.cnt, 0, sizeof(d->card.cnt));
	return &d->card;

fail:
	err = errno;
	dev_close(&d->card);
	errno = err;
	return NULL;
}
