/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * srtpo.h - the srtpo driver's objects: one struct srtpo_dev per card, one struct srtpo_queue
 * per queue pair of the card.
 *
 * Lifetime: a card's srtpo_dev lives as long as its class device (dev), whose last reference
 * goes when the PCI device is gone and every file of /dev/srtpoN is closed (the cdev holds the
 * class device). PCI remove sets gone under rwsem; every path that touches registers holds
 * rwsem for reading and checks gone first.
 */
#ifndef SRTPO_DRV_H
#define SRTPO_DRV_H

#include <linux/atomic.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/eventfd.h>
#include <linux/io.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/rwsem.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "srtpo_regs.h"
#include "uapi/srtpo_ioctl.h"

#define SRTPO_MAX_CARDS		64
/* key slots a card may have: a descriptor names its slot in 16 bits */
#define SRTPO_MAX_SLOTS		65536U

struct srtpo_dev;

struct srtpo_queue {
	struct srtpo_dev *sd;
	u32 q;
	u32 slot_base, slot_count;

	/* DMA memory: allocated on the queue's first open, kept until the card goes */
	void *sq, *cq, *win;
	dma_addr_t sq_dma, cq_dma, win_dma;
	size_t sq_bytes, cq_bytes;
	/* the shadow doorbell record (one page; NULL when the card has no SHADOW_DB) */
	struct srtpo_hw_shadow *shadow;
	dma_addr_t shadow_dma;
	bool shadow_on;		/* QP SHADOW_BASE points at it (the owner mapped it); under lock */

	/* under sd->lock */
	bool in_use;
	bool needs_zero;	/* key slots may hold keys: wipe before handing the queue out */
	bool stuck;		/* the card did not drain it: never handed out again */

	struct mutex lock;	/* serializes register sequences on the queue (ioctls, release) */
	struct address_space *mapping;	/* of the owning file, to zap the QU page on removal */

	/* interrupts */
	atomic_t irq_seq;	/* interrupts taken for this queue */
	u32 hw_irq_last;	/* QU CNT_IRQ as last seen by the shared handler */
	wait_queue_head_t wq;
	spinlock_t ev_lock;	/* guards ev */
	struct eventfd_ctx *ev;
	char irq_name[32];

	/* what poll() has reported: under poll_lock */
	spinlock_t poll_lock;
	u32 poll_irq;
	u16 poll_cpl;
};

struct srtpo_fw {
	u32 magic, version, build_date, git_hash;
	u32 cap_queues, cap_slots, cap_suites, cap_max_pkt, cap_bus_bits;
};

struct srtpo_dev {
	struct pci_dev *pdev;
	void __iomem *bar;
	resource_size_t bar_start;
	int index;
	struct device dev;	/* the class device /dev/srtpoN */
	struct cdev cdev;

	struct srtpo_fw fw;
	u32 cap_features;	/* FW CAP_FEATURES (0 before register map 1.2) */
	u32 nqueues;		/* queues offered (<= cap_queues) */
	u32 slots_per_queue;
	int nvec;		/* interrupt vectors: nqueues, or 1 shared */

	struct rw_semaphore rwsem;	/* readers: register access; writer: remove */
	bool gone;

	struct mutex lock;	/* queue allocation */
	u32 in_use;

	struct srtpo_queue queues[SRTPO_HW_MAX_QUEUES];
};

/* module parameters (srtpo_main.c) */
extern unsigned int srtpo_win_kib;
extern unsigned int srtpo_slots_per_queue;
extern unsigned int srtpo_sq_log2;
extern unsigned int srtpo_cq_log2;
extern unsigned int srtpo_cmd_timeout_ms;
extern bool srtpo_qu_mmap;

/* Bytes of each queue's DMA window (module parameter win_kib). */
static inline u32 srtpo_win_bytes(void)
{
	return srtpo_win_kib * SZ_1K;
}

static inline u32 srtpo_rd(struct srtpo_dev *sd, u32 off)
{
	return ioread32(sd->bar + off);
}

static inline void srtpo_wr(struct srtpo_dev *sd, u32 off, u32 val)
{
	iowrite32(val, sd->bar + off);
}

static inline u32 srtpo_qu_rd(struct srtpo_queue *q, u32 reg)
{
	return srtpo_rd(q->sd, SRTPO_QU(q->q, reg));
}

static inline void srtpo_qu_wr(struct srtpo_queue *q, u32 reg, u32 val)
{
	srtpo_wr(q->sd, SRTPO_QU(q->q, reg), val);
}

static inline void srtpo_eventfd_signal(struct eventfd_ctx *ev)
{
#ifdef SRTPO_EVENTFD_SIGNAL_1ARG
	eventfd_signal(ev);
#else
	eventfd_signal(ev, 1);
#endif
}

/* srtpo_queue.c */
int srtpo_queue_claim(struct srtpo_dev *sd, struct srtpo_queue **out);
void srtpo_queue_release(struct srtpo_queue *q);
void srtpo_queue_free_mem(struct srtpo_queue *q);
int srtpo_queue_reset(struct srtpo_queue *q, unsigned int timeout_ms);
int srtpo_queue_stop(struct srtpo_queue *q, unsigned int timeout_ms);
int srtpo_queue_shadow_on(struct srtpo_queue *q);
void srtpo_queue_kick(struct srtpo_queue *q, u32 flags, u32 sq_tail, u32 cq_head);
int srtpo_queue_load_key(struct srtpo_queue *q, u32 slot, const u8 *rec,
			 struct srtpo_load_key *out);
bool srtpo_cpl_present(struct srtpo_queue *q, u16 pos);
void srtpo_queue_signal(struct srtpo_queue *q);
void srtpo_hw_stop(struct srtpo_dev *sd);

/* srtpo_irq.c */
int srtpo_irq_init(struct srtpo_dev *sd);

/* srtpo_cdev.c */
extern const struct file_operations srtpo_fops;

/* srtpo_sysfs.c */
extern const struct attribute_group *srtpo_groups[];

#endif /* SRTPO_DRV_H */
