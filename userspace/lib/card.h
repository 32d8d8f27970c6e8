/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * card.h - the transport under the card backend: how host code reaches one srtpo card.
 *
 * The ring code (ring.h) and the card backend talk to a card only through this table, so the
 * same code drives the Verilated card model in-process today (srtpo_card_open_sim, built from
 * sim/card/) and /dev/srtpoN through mmap and ioctl later. A transport is used by one thread
 * at a time.
 */
#ifndef SRTPO_CARD_H
#define SRTPO_CARD_H

#include <stddef.h>
#include <stdint.h>

struct srtpo_card;

/*
 * A queue pair that a privileged owner (the kernel driver) has already set up and handed to this
 * process: rings and DMA window mapped here, key slots [slot_base, slot_base + slot_count).
 */
struct srtpo_card_queue {
	uint32_t q;                    /* queue index on the card */
	uint32_t slot_base, slot_count;
	void *sq;                      /* 1 << sq_log2 descriptors (struct srtpo_hw_desc) */
	uint32_t sq_log2;
	void *cq;                      /* 1 << cq_log2 completions (struct srtpo_hw_cpl) */
	uint32_t cq_log2;
	void *win;                     /* DMA window: descriptor in_off/out_off are offsets in it */
	uint32_t win_size;
	/* The queue's shadow doorbell record (SRTPO_HW_SHADOW_BYTES, struct shadow in srtpo_regs.h),
	 * set up by the owner, or NULL: doorbells through SQ_TAIL only. */
	volatile void *shadow;
};

struct srtpo_card_ops {
	/* 32-bit register access at a BAR0 offset (srtpo_regs.h). A lost device reads all ones. */
	uint32_t (*read32)(struct srtpo_card *c, uint32_t off);
	void (*write32)(struct srtpo_card *c, uint32_t off, uint32_t val);
	/* Host memory the card can reach by DMA: returns a CPU pointer (zeroed) and sets *bus to
	 * the address the card uses. align is a power of two. NULL when out of memory. Freed by
	 * close. */
	void *(*dma_alloc)(struct srtpo_card *c, size_t size, size_t align, uint64_t *bus);
	/* Waits until one of the interrupts in mask (bit q: queue q) fires, or timeout clocks
	 * (model) / microseconds (device) pass. Returns the fired interrupts that were in mask
	 * (and clears them), 0 on timeout. */
	uint32_t (*wait_irq)(struct srtpo_card *c, uint32_t mask, uint64_t timeout);
	/* Lets time pass: clocks for the model, a short sleep for a device. */
	void (*step)(struct srtpo_card *c, uint64_t clocks);
	void (*close)(struct srtpo_card *c);
	/*
	 * Optional, for transports where a privileged owner runs the queue (the kernel driver).
	 * queue: the queue pair this process was given (NULL member: the caller programs a queue
	 * itself through the QP registers, as with the in-process model). With a given queue the
	 * host reads only the FW block and the queue's QU page and writes only the QU page.
	 * queue_reset: stop, drain and reset the given queue (rings zeroed, indices 0, enabled
	 * again); 0, or -1 when the card did not drain.
	 * queue_stop (optional even then): stop the given queue (the card fetches nothing more)
	 * and wait up to timeout (the units of wait_irq; 0: the owner's default) until nothing of
	 * it is in flight, leaving rings, indices and completions as they are, so the caller can
	 * take and commit what the card finished before queue_reset (which enables it again). 0,
	 * or -1 when the card did not drain in time (or the owner cannot stop without a reset).
	 * Without it the library never lets the card write output in place on a given queue.
	 */
	const struct srtpo_card_queue *(*queue)(struct srtpo_card *c);
	int (*queue_reset)(struct srtpo_card *c);
	int (*queue_stop)(struct srtpo_card *c, uint64_t timeout);
};

/*
 * What driving the card costs the host, for `make bench-card` and the UML test: the register
 * accessors below count MMIO; the ring code counts doorbells; a transport counts its own system
 * calls and interrupts. Zeroed when the transport is opened.
 */
struct srtpo_card_counters {
	uint64_t mmio_reads;     /* register reads: a PCIe round trip each on a real card */
	uint64_t mmio_writes;    /* register writes, doorbells included */
	uint64_t doorbells;      /* SQ_TAIL doorbells (a register write or an ioctl) */
	uint64_t shadow_db;      /* tails given through the shadow record instead (no MMIO) */
	uint64_t syscalls;       /* system calls on the packet path (ioctl, poll, read) */
	uint64_t irq_waits;      /* waits that slept until an interrupt or a timeout */
	uint64_t irqs;           /* interrupts those waits took */
};

struct srtpo_card {
	const struct srtpo_card_ops *ops;
	struct srtpo_card_counters cnt;
};

static inline uint32_t srtpo_card_read32(struct srtpo_card *c, uint32_t off)
{
	c->cnt.mmio_reads++;
	return c->ops->read32(c, off);
}

static inline void srtpo_card_write32(struct srtpo_card *c, uint32_t off, uint32_t val)
{
	c->cnt.mmio_writes++;
	c->ops->write32(c, off, val);
}

static inline void *srtpo_card_dma_alloc(struct srtpo_card *c, size_t size, size_t align,
					 uint64_t *bus)
{
	return c->ops->dma_alloc(c, size, align, bus);
}

static inline uint32_t srtpo_card_wait_irq(struct srtpo_card *c, uint32_t mask, uint64_t timeout)
{
	return c->ops->wait_irq(c, mask, timeout);
}

static inline void srtpo_card_step(struct srtpo_card *c, uint64_t clocks)
{
	c->ops->step(c, clocks);
}

static inline void srtpo_card_close(struct srtpo_card *c)
{
	if (c)
		c->ops->close(c);
}

/* ---- A card through the kernel driver (card_dev.c) ---------------------------------------- */

/*
 * Opens /dev/srtpoN (path), which gives this process its own queue pair, and maps its rings and
 * DMA window. The transport's queue() returns them. NULL with errno set on failure (no such
 * device, no free queue, ABI mismatch).
 */
struct srtpo_card *srtpo_card_open_dev(const char *path);

/* ---- The Verilated card model (sim/card/card_model.cpp) ---------------------------------- */

struct srtpo_card_sim_cfg {
	uint64_t seed;           /* random latency and backpressure */
	uint32_t mem_bytes;      /* host memory the card may reach (0: 32 MiB) */
	uint32_t lat_min;        /* clocks from a read/write request to its first data/response */
	uint32_t lat_max;
	uint32_t ready_pct;      /* chance (0..100, 0 means 100) that the host accepts a beat */
	const char *wave_file;   /* FST waveform path when the model was built with traces */
};

/* Faults the model can inject (srtpo_card_sim_fault). */
enum srtpo_card_fault {
	SRTPO_FAULT_RD_ERR = 1,  /* the next `count` read bursts answer SLVERR */
	SRTPO_FAULT_WR_ERR,      /* the next `count` write bursts answer SLVERR (data dropped) */
	SRTPO_FAULT_STALL,       /* host memory stops answering for `count` clocks */
	SRTPO_FAULT_HANG_QUEUE,  /* doorbells of queue `arg` are lost for `count` writes */
	SRTPO_FAULT_LOST,        /* the device is gone: registers read all ones, nothing moves */
	SRTPO_FAULT_CLEAR,       /* ends every fault */
};

struct srtpo_card_sim_stats {
	uint64_t clocks;
	uint64_t rd_beats, wr_beats;
	uint64_t rd_bursts, wr_bursts;
	uint64_t outside;        /* DMA that hit no allocated host memory (must stay 0) */
	uint64_t rd_err_beats;   /* read beats answered with an error response */
};

/*
 * Hooks for a model that sits inside a bigger simulation (the UML device server, the flash
 * model). Every member may be NULL: that part keeps its in-process default.
 */
struct srtpo_card_sim_hooks {
	void *ctx;
	/* Host memory for the card's DMA: n bytes at bus address `bus`, or NULL (the access answers
	 * an error and counts in `outside`). When set, dma_alloc returns NULL: memory is the
	 * host's. */
	uint8_t *(*host_mem)(void *ctx, uint64_t bus, size_t n);
	/* On the clock an interrupt line pulses (bit q: queue q); they are latched for wait_irq
	 * too. */
	void (*irq)(void *ctx, uint32_t lines);
	/* The configuration flash pins, once per clock: returns MISO (0 or 1). Without the hook
	 * MISO reads 1, an empty bus. */
	int (*spi)(void *ctx, int cs_n, int sck, int mosi);
	/* The reload pulse (RELOAD_TRIGGER) with the warm-boot address. After it returns the model
	 * holds the core in reset for a few clocks, as an FPGA reconfiguration would. */
	void (*reload)(void *ctx, uint32_t addr);
	/* RELOAD_BOOT_STATUS of the image that comes up (at open and after each reload); without
	 * the hook: VALID only, a cold boot of the golden image. */
	uint32_t (*boot_status)(void *ctx);
};

#ifdef __cplusplus
extern "C" {
#endif
/* Opens a fresh card model (reset, clock at 0). NULL cfg: defaults. NULL on failure. */
struct srtpo_card *srtpo_card_open_sim(const struct srtpo_card_sim_cfg *cfg);
/* The same with hooks (NULL: none). */
struct srtpo_card *srtpo_card_open_sim_hooks(const struct srtpo_card_sim_cfg *cfg,
					     const struct srtpo_card_sim_hooks *hooks);
/* Pulses the core's reset, as after a reconfiguration: every register and queue back to
 * reset values, key slots wiped by the reset path. */
void srtpo_card_sim_reset(struct srtpo_card *c);
/* Nonzero while DMA bursts are outstanding on the host bus. */
int srtpo_card_sim_bus_busy(struct srtpo_card *c);
/* Injects a fault (see enum srtpo_card_fault). Returns 0, or -1 for an unknown kind. */
int srtpo_card_sim_fault(struct srtpo_card *c, int kind, uint32_t arg, uint64_t count);
void srtpo_card_sim_stats(struct srtpo_card *c, struct srtpo_card_sim_stats *st);
#ifdef __cplusplus
}
#endif

/* ---- The card backend over a transport (card_sim.c) --------------------------------------- */

struct srtpo_card_sim;
struct srtpo_op;

struct srtpo_card_sim_counters {
	uint64_t card_ops;       /* ops the card finished */
	uint64_t sw_ops;         /* ops the software engine did instead (refused, failed, lost) */
	uint64_t key_loads;      /* LOAD_KEY descriptors posted */
	uint64_t resets;         /* queue resets after a timeout or a DMA failure */
	uint64_t sw_suite;       /* of sw_ops: suites the card does not advertise (CAP_SUITES) */
};

#ifdef __cplusplus
extern "C" {
#endif
/*
 * Takes queue q of a card (the transport stays the caller's; close it after destroy) with key
 * slots [slot_base, slot_base + slot_count), allocates its rings and DMA window, and creates the
 * software engine used for anything the card does not finish. NULL on failure (bad queue, no
 * DMA memory, card not answering with the srtpo magic and major version).
 */
struct srtpo_card_sim *srtpo_card_sim_create(struct srtpo_card *card, uint32_t q,
					     uint32_t slot_base, uint32_t slot_count);
void srtpo_card_sim_destroy(struct srtpo_card_sim *c);
/*
 * Runs ops[0..n) like srtpo_sw_engine_run: every op gets its status and its bytes, each exactly
 * once. Ops go through the card in order (key slots loaded through the ring on a cache miss, so a
 * rekey is ordered with the packets around it); an op the card refuses or does not finish
 * (error status, DMA failure, timeout, lost device) is redone by the software engine. Returns
 * how many ops the card finished.
 */
int srtpo_card_sim_run(struct srtpo_card_sim *c, struct srtpo_op *ops, size_t n);
/*
 * The same without waiting: ops[0..n) are queued (posted as the ring has room) and belong to the
 * card backend until their ticket is done. Returns the ticket; tickets finish in order. Waits
 * only when MAX_SUBS submissions are already outstanding.
 */
uint64_t srtpo_card_sim_submit(struct srtpo_card_sim *c, struct srtpo_op *ops, size_t n);
/* Whether every op of a ticket has its final status. */
int srtpo_card_sim_done(const struct srtpo_card_sim *c, uint64_t ticket);
/* Moves outstanding work along (posts, takes, commits, redoes); with wait, blocks until the
 * oldest ticket makes progress. */
void srtpo_card_sim_poll(struct srtpo_card_sim *c, int wait);
/* Blocks until a ticket is done. */
void srtpo_card_sim_wait(struct srtpo_card_sim *c, uint64_t ticket);
/* Wipes the queue's key slots on the card (ZERO_KEYS) and forgets the slot cache. 0 or -1. */
int srtpo_card_sim_zero_keys(struct srtpo_card_sim *c);
void srtpo_card_sim_counters(const struct srtpo_card_sim *c, struct srtpo_card_sim_counters *out);
/* The transport a queue runs over. */
struct srtpo_card *srtpo_card_sim_transport(const struct srtpo_card_sim *c);
/* Clocks a reap waits without progress before the card's work is redone in software. */
void srtpo_card_sim_set_timeout(struct srtpo_card_sim *c, uint64_t clocks);
#ifdef __cplusplus
}
#endif

/* ---- Measuring devices under tests/ (internal: not exported by libsrtpo.so) ------------- */

struct srtpo_session;
/*
 * Runs a session's card work over a transport the caller opened (the completion-only null
 * transport of tests/card, for one): queue q, key slots [slot_base, slot_base + slot_count).
 * The session must be on the software backend with no stream yet; the transport stays the
 * caller's (close it after srtpo_destroy). Returns SRTPO_OK, SRTPO_ERR_BAD_PARAM or
 * SRTPO_ERR_BACKEND (the queue could not be set up).
 */
int srtpo_backend_attach(struct srtpo_session *s, struct srtpo_card *card, uint32_t q,
			 uint32_t slot_base, uint32_t slot_count);
/* The session's transport counters (all zero on the software backend). */
void srtpo_backend_card_counters(const struct srtpo_session *s, struct srtpo_card_counters *out);

#endif /* SRTPO_CARD_H */
