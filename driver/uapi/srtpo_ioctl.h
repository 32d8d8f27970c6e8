/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * srtpo_ioctl.h - the user-space ABI of the srtpo driver (/dev/srtpoN).
 *
 * Each open() of /dev/srtpoN owns one queue pair of the card until the last reference to the
 * file (descriptors and mappings) goes away. Through that file a process:
 *  - maps the queue's submission ring, completion ring (read-only) and DMA window (and, where
 *    the driver offers it, the queue's own QU register page) at the fixed mmap offsets below,
 *    each with MAP_SHARED and a length of at most the region's size rounded up to a page;
 *  - writes descriptors (struct srtpo_hw_desc, srtpo_regs.h) into the submission ring and
 *    packets into the window itself: the card checks every descriptor against the queue's
 *    window and key-slot range;
 *  - rings the doorbell with SRTPO_IOC_KICK (or a store into the mapped QU page);
 *  - waits with SRTPO_IOC_WAIT or poll(), loads keys with SRTPO_IOC_LOAD_KEY.
 *
 * Versioning: every argument struct starts with __u32 size, the size of the struct as the
 * caller knows it, which must equal the size encoded in the ioctl number. The driver accepts
 * only the sizes listed here for each ioctl (a later ABI minor version may add fields at the
 * end: it then accepts the older sizes too, reads missing input fields as zero and writes only
 * the fields the caller's size holds). Unknown sizes, unknown flags and nonzero reserved fields
 * fail with EINVAL. SRTPO_IOC_INFO reports the driver's ABI version; a caller refuses another
 * major version. ABI 1.1 appended fields to struct srtpo_info and accepts the 1.0 size too;
 * ABI 1.2 added SRTPO_IOC_QUEUE_STOP.
 *
 * Errors common to every ioctl: EINVAL (bad size, flags, reserved field or argument), EFAULT
 * (bad pointer), ENODEV (the card was removed: close the file), ENOTTY (unknown ioctl).
 */
#ifndef SRTPO_IOCTL_H
#define SRTPO_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define SRTPO_ABI_MAJOR		1
/* 1.1: INFO grew cap_features and the shadow record; 1.2: QUEUE_STOP */
#define SRTPO_ABI_MINOR		2
#define SRTPO_ABI_VERSION	((SRTPO_ABI_MAJOR << 16) | SRTPO_ABI_MINOR)

/*
 * mmap offsets (the offset argument of mmap(2)); one region per mapping, starting at its
 * offset, length at most the region's size rounded up to the page size:
 *   SQ  : the submission ring, 64 << sq_log2 bytes, read/write
 *   CQ  : the completion ring, 16 << cq_log2 bytes, read-only (PROT_WRITE fails with EPERM)
 *   WIN : the DMA window, win_size bytes, read/write; descriptor in_off/out_off are offsets in it
 *   QU  : the queue's QU register page (4 KiB), read/write, only when SRTPO_INFO_QU_MMAP is set
 *         (never under User-Mode Linux); the same registers are reachable through ioctls
 *   SHADOW: (ABI 1.1) the queue's shadow doorbell record (struct srtpo_hw_shadow, 64 bytes at
 *         the start of one page), read/write, only when SRTPO_INFO_SHADOW is set. Mapping it
 *         is the owner's promise to use it: the driver then points the card's QP SHADOW_BASE
 *         at it (the queue is stopped for that moment, nothing is lost) and keeps it in step
 *         with its own descriptors and with SRTPO_IOC_KICK. Unmapped owners keep SHADOW_BASE 0.
 * Any other offset, a private mapping or a longer length fails with EINVAL. Mappings are not
 * inherited across fork().
 */
#define SRTPO_MMAP_SQ		0x00000000ULL
#define SRTPO_MMAP_CQ		0x01000000ULL
#define SRTPO_MMAP_QU		0x02000000ULL
#define SRTPO_MMAP_SHADOW	0x03000000ULL
#define SRTPO_MMAP_WIN		0x10000000ULL

/*
 * The driver uses the last SRTPO_KEY_SCRATCH bytes of the window, from info.key_off, to hand
 * LOAD_KEY records to the card; they read as zero after every LOAD_KEY. Packets must not use
 * them.
 */
#define SRTPO_KEY_SCRATCH	128
#define SRTPO_KEY_REC_BYTES	96

#define SRTPO_IOC_MAGIC		0xb5

/* SRTPO_IOC_INFO: the queue this file owns and the card's firmware identity. */
#define SRTPO_INFO_QU_MMAP	(1U << 0)	/* SRTPO_MMAP_QU can be mapped */
#define SRTPO_INFO_SHADOW	(1U << 1)	/* SRTPO_MMAP_SHADOW can be mapped (ABI 1.1) */

/*
 * ABI 1.0 callers pass the struct without the fields after rsvd (SRTPO_INFO_SIZE_V1_0 bytes,
 * ioctl SRTPO_IOC_INFO_V1_0): the driver fills what that size holds.
 */
#define SRTPO_INFO_SIZE_V1_0	120

struct srtpo_info {
	__u32 size;		/* in: sizeof(struct srtpo_info) */
	__u32 abi_version;	/* SRTPO_ABI_VERSION of the driver */
	__u32 card;		/* N of /dev/srtpoN */
	__u32 queue;		/* queue index on the card */
	__u32 slot_base;	/* first key slot (absolute) of the queue */
	/* key slots of the queue; LOAD_KEY slots are 0 .. slot_count-1;
	 * slot_base + slot_count <= cap_slots (at most 65536)
	 */
	__u32 slot_count;
	__u32 sq_log2;		/* submission ring entries, log2 */
	__u32 cq_log2;		/* completion ring entries, log2 (> sq_log2) */
	__u32 win_size;		/* DMA window bytes (module parameter win_kib) */
	__u32 key_off;		/* window offset of the LOAD_KEY scratch (win_size - 128) */
	__u32 flags;		/* SRTPO_INFO_* */
	__u32 irq_count;	/* interrupts of this queue so far (as WAIT counts them) */
	__u64 mmap_sq;		/* the SRTPO_MMAP_* offsets */
	__u64 mmap_cq;
	__u64 mmap_win;
	__u64 mmap_qu;
	__u32 fw_magic;		/* FW block: SRTPO_FW_MAGIC .. SRTPO_FW_CAP_BUS_BITS */
	__u32 fw_version;
	__u32 fw_build_date;
	__u32 fw_git_hash;
	__u32 cap_queues;
	__u32 cap_slots;
	__u32 cap_suites;
	__u32 cap_max_pkt;
	__u32 cap_bus_bits;
	__u32 rsvd;		/* out: 0 */
	/* ABI 1.1 */
	__u32 cap_features;	/* FW CAP_FEATURES (SRTPO_FW_CAP_FEATURES_*) */
	__u32 rsvd1;		/* out: 0 */
	__u64 mmap_shadow;	/* SRTPO_MMAP_SHADOW with SRTPO_INFO_SHADOW, else 0 */
};

/*
 * SRTPO_IOC_LOAD_KEY: loads a 96-byte key record (rtl/README.md) into key slot `slot` of the
 * queue's range. Only while the queue is idle: every posted descriptor fetched and every
 * completion consumed (SQ_HEAD == SQ_TAIL, CQ_TAIL == CQ_HEAD, not busy), else EBUSY. The
 * driver writes the record into the window's key scratch and a LOAD_KEY descriptor at ring
 * position sq_tail, rings the doorbell, waits for the completion, consumes it (CQ_HEAD + 1) and
 * wipes the scratch. The caller's rings moved by one entry each: it continues from the returned
 * sq_tail and cq_head. Errors: EBUSY (not idle), EIO (the card refused the record: status holds
 * the completion status), ETIMEDOUT (no completion: reset the queue with SRTPO_IOC_QUEUE_RESET).
 */
struct srtpo_load_key {
	__u32 size;		/* in: sizeof(struct srtpo_load_key) */
	__u32 flags;		/* in: 0 */
	__u32 slot;		/* in: slot relative to the queue's range */
	__u32 status;		/* out: completion status (SRTPO_HW_ST_*) */
	__u32 sq_tail;		/* out: the submission ring's new tail (free-running 16 bits) */
	__u32 cq_head;		/* out: the completion ring's new head (free-running 16 bits) */
	__u8 record[SRTPO_KEY_REC_BYTES];	/* in: the key record; wiped by the driver */
};

/* SRTPO_IOC_KICK: the doorbell; writes QU SQ_TAIL and/or CQ_HEAD of the caller's queue. */
#define SRTPO_KICK_SQ_TAIL	(1U << 0)
#define SRTPO_KICK_CQ_HEAD	(1U << 1)

struct srtpo_kick {
	__u32 size;		/* in: sizeof(struct srtpo_kick) */
	__u32 flags;		/* in: SRTPO_KICK_*, at least one */
	__u32 sq_tail;		/* in: descriptors written (0 .. 0xffff) */
	__u32 cq_head;		/* in: completions consumed (0 .. 0xffff) */
};

/*
 * SRTPO_IOC_REG_READ: reads one 32-bit register at BAR0 offset `off`: the FW block
 * (0x000 .. 0x0fc) or the caller's own QU page (SRTPO_QU(queue, 0) .. + 0xffc), 4-byte
 * aligned. Anything else: EINVAL.
 */
struct srtpo_reg_read {
	__u32 size;		/* in: sizeof(struct srtpo_reg_read) */
	__u32 off;		/* in: BAR0 offset */
	__u32 val;		/* out */
	__u32 rsvd;		/* in: 0 */
};

/* SRTPO_IOC_SET_IRQ: interrupt moderation of the caller's queue (QU IRQ_COUNT, IRQ_TIME). */
#define SRTPO_SET_IRQ_COUNT	(1U << 0)
#define SRTPO_SET_IRQ_TIME	(1U << 1)

struct srtpo_set_irq {
	__u32 size;		/* in: sizeof(struct srtpo_set_irq) */
	__u32 flags;		/* in: SRTPO_SET_IRQ_*, at least one */
	__u32 irq_count;	/* in: interrupt after this many completions (0: never by count) */
	__u32 irq_time;		/* in: clocks after the first unsignalled completion (0: never) */
};

/*
 * SRTPO_IOC_WAIT: sleeps (interruptibly) until one of the flagged conditions holds:
 *   SRTPO_WAIT_IRQ: the queue's interrupt count differs from irq_seen;
 *   SRTPO_WAIT_CPL: the completion at free-running ring position cq_pos carries the phase bit
 *                   of its lap (the card has written it);
 * or timeout_us microseconds pass (ETIMEDOUT; 0 only checks). A signal ends the wait (EINTR).
 * irq_count returns the count at the end; it also becomes the count poll() compares with.
 */
#define SRTPO_WAIT_IRQ		(1U << 0)
#define SRTPO_WAIT_CPL		(1U << 1)

struct srtpo_wait {
	__u32 size;		/* in: sizeof(struct srtpo_wait) */
	__u32 flags;		/* in: SRTPO_WAIT_*, at least one */
	__u32 irq_seen;		/* in: interrupt count last seen */
	__u32 cq_pos;		/* in: completion ring position (0 .. 0xffff) */
	__u32 timeout_us;	/* in */
	__u32 irq_count;	/* out */
};

/* SRTPO_IOC_STATS: the queue's registers and counters, and the card's global counters. */
struct srtpo_stats {
	__u32 size;		/* in: sizeof(struct srtpo_stats) */
	__u32 rsvd;		/* out: 0 */
	__u32 sq_tail;		/* QU registers of the caller's queue */
	__u32 sq_head;
	__u32 cq_head;
	__u32 cq_tail;
	__u32 status;		/* SRTPO_QU_STATUS: ENABLED, BUSY, WR_ERR */
	__u32 cnt_done;
	__u32 cnt_err;
	__u32 cnt_reject;
	__u32 cnt_irq;
	__u32 irq_count;	/* interrupts the driver took for the queue */
	__u32 glb_status;	/* GLB block */
	__u32 glb_cnt_desc;
	__u32 glb_cnt_reject;
	__u32 glb_cnt_rd_err;
	__u32 glb_cnt_wr_err;
	__u32 glb_cnt_irq;
	__u64 glb_cycles;
};

/*
 * SRTPO_IOC_QUEUE_RESET: stops the queue, waits up to timeout_ms (0: the driver's default,
 * module parameter cmd_timeout_ms) until the card has nothing of it in flight, resets it
 * (indices and counters 0), zeroes both rings and enables it again. Key slots and the window
 * are left alone. ETIMEDOUT: the card did not drain; the queue stays stopped (try again, or
 * close the file).
 */
struct srtpo_queue_reset {
	__u32 size;		/* in: sizeof(struct srtpo_queue_reset) */
	__u32 flags;		/* in: 0 */
	__u32 timeout_ms;	/* in */
	__u32 rsvd;		/* in: 0 */
};

/*
 * SRTPO_IOC_QUEUE_STOP (ABI 1.2): stops the queue (the card fetches no more descriptors) and
 * waits up to timeout_ms (0: the driver's default, module parameter cmd_timeout_ms) until the
 * card has nothing of it in flight: descriptors already fetched finish and their completions
 * are written. Rings, indices, completions, key slots and the window are left as they are, so
 * the owner can take and act on every completion that arrived before it resets the queue. The
 * queue stays stopped until SRTPO_IOC_QUEUE_RESET (which enables it again). ETIMEDOUT: the card
 * still holds work of the queue (reset it, or close the file). Drivers of ABI 1.0 and 1.1 answer
 * ENOTTY.
 */
struct srtpo_queue_stop {
	__u32 size;		/* in: sizeof(struct srtpo_queue_stop) */
	__u32 flags;		/* in: 0 */
	__u32 timeout_ms;	/* in: at most 60,000 */
	__u32 rsvd;		/* in: 0 */
};

/*
 * SRTPO_IOC_SET_EVENTFD: an eventfd the driver signals on each of the queue's interrupts
 * (fd -1 removes it). Replaces any earlier one.
 */
struct srtpo_set_eventfd {
	__u32 size;		/* in: sizeof(struct srtpo_set_eventfd) */
	__s32 fd;		/* in */
	__u32 flags;		/* in: 0 */
	__u32 rsvd;		/* in: 0 */
};

#define SRTPO_IOC_INFO		_IOWR(SRTPO_IOC_MAGIC, 0x00, struct srtpo_info)
#define SRTPO_IOC_INFO_V1_0	_IOC(_IOC_READ | _IOC_WRITE, SRTPO_IOC_MAGIC, 0x00, \
				     SRTPO_INFO_SIZE_V1_0)
#define SRTPO_IOC_LOAD_KEY	_IOWR(SRTPO_IOC_MAGIC, 0x01, struct srtpo_load_key)
#define SRTPO_IOC_KICK		_IOW(SRTPO_IOC_MAGIC, 0x02, struct srtpo_kick)
#define SRTPO_IOC_REG_READ	_IOWR(SRTPO_IOC_MAGIC, 0x03, struct srtpo_reg_read)
#define SRTPO_IOC_SET_IRQ	_IOW(SRTPO_IOC_MAGIC, 0x04, struct srtpo_set_irq)
#define SRTPO_IOC_WAIT		_IOWR(SRTPO_IOC_MAGIC, 0x05, struct srtpo_wait)
#define SRTPO_IOC_STATS		_IOWR(SRTPO_IOC_MAGIC, 0x06, struct srtpo_stats)
#define SRTPO_IOC_QUEUE_RESET	_IOW(SRTPO_IOC_MAGIC, 0x07, struct srtpo_queue_reset)
#define SRTPO_IOC_SET_EVENTFD	_IOW(SRTPO_IOC_MAGIC, 0x08, struct srtpo_set_eventfd)
#define SRTPO_IOC_QUEUE_STOP	_IOW(SRTPO_IOC_MAGIC, 0x09, struct srtpo_queue_stop)

#endif /* SRTPO_IOCTL_H */
