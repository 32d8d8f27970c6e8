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
};

struct srtpo_card {
	const struct srtpo_card_ops *ops;
};

static inline uint32_t srtpo_card_read32(struct srtpo_card *c, uint32_t off)
{
	return c->ops->read32(c, off);
}

static inline void srtpo_card_write32(struct srtpo_card *c, uint32_t off, uint32_t val)
{
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
};

#ifdef __cplusplus
extern "C" {
#endif
/* Opens a fresh card model (reset, clock at 0). NULL cfg: defaults. NULL on failure. */
struct srtpo_card *srtpo_card_open_sim(const struct srtpo_card_sim_cfg *cfg);
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
					     uint16_t slot_base, uint16_t slot_count);
void srtpo_card_sim_destroy(struct srtpo_card_sim *c);
/*
 * Runs ops[0..n) like srtpo_sw_engine_run: every op gets its status and its bytes, each exactly
 * once. Ops go through the card in order (key slots loaded through the ring on a cache miss, so a
 * rekey is ordered with the packets around it); an op the card refuses or does not finish
 * (error status, DMA failure, timeout, lost device) is redone by the software engine. Returns
 * how many ops the card finished.
 */
int srtpo_card_sim_run(struct srtpo_card_sim *c, struct srtpo_op *ops, size_t n);
/* Wipes the queue's key slots on the card (ZERO_KEYS) and forgets the slot cache. 0 or -1. */
int srtpo_card_sim_zero_keys(struct srtpo_card_sim *c);
void srtpo_card_sim_counters(const struct srtpo_card_sim *c, struct srtpo_card_sim_counters *out);
/* Clocks a reap waits without progress before the card's work is redone in software. */
void srtpo_card_sim_set_timeout(struct srtpo_card_sim *c, uint64_t clocks);
#ifdef __cplusplus
}
#endif

#endif /* SRTPO_CARD_H */
