/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * card_sim.c - libsrtpo ops through one queue of an srtpo card (card.h transport, ring.h rings),
 * with the software engine behind it so that no op is lost or done twice.
 *
 * Window layout: one 4 KiB cell per submission entry, input at +0 and output at +2048, so the
 * input of every op in flight stays intact until its result is committed. After the cells, the
 * rest of the window is a pool of SRTPO_PACKET_BUF_SIZE-byte packet buffers (srtpo_packet_buf_alloc,
 * pktbuf.h). An op whose bytes lie in one of them, 64-byte aligned, is not copied in: the card
 * reads it where it is. Its output goes back in place too (no copy out) when the card completes
 * only after its writes were acknowledged (CAP_FEATURES.CPL_AFTER_WRITE) and the queue is ours to
 * stop: then a completion that says OK means the bytes are written, a failed write says WR_ERR,
 * and after a stop and drain anything without a completion was never written, so whatever the
 * card did not finish still holds its input for the software engine. Without that guarantee the
 * output goes to the op's cell and is copied back at commit, as on the copy path. Completions are taken
 * as they arrive but committed (results copied back into the caller's buffers) in batches, each
 * after one read of the queue status that shows no failed DMA write, so a failure at any point
 * leaves every uncommitted op untouched for the software engine. A cell is reused only after its
 * op was committed: at most one ring of descriptors lies between the oldest uncommitted op and
 * the newest posted one.
 *
 * Key slot cache: the card has few slots (64) and a queue serves any number of streams, so a
 * slot is found by a hash of the key slot pointer (open addressing, linear probing) and checked
 * against the key slot's generation (engine.h: new on every srtpo_keyslot_init): a key slot the
 * library rewrote in place (a key derivation rate boundary) or a freed one reused for another
 * stream never matches by its address alone, and no key byte is kept here. Victims are chosen by a clock (second chance for slots hit since the
 * hand last passed).
 *
 * Host cost per op is measured by `make bench-card` (sim/card/README.md, "Host cost").
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "card.h"
#include "pktbuf.h"
#include "ring.h"

#define CELL       4096u
#define OUT_OFF    2048u
#define CELLS      (CELL << SQ_LOG2)   /* window bytes of the copy cells */
#define BUF        SRTPO_PACKET_BUF_SIZE
/* The window the simulated card's queue asks for: the cells and ~3,800 packet buffers. */
#define SIM_WIN    (8u << 20)
#define SQ_LOG2    7u
#define CQ_LOG2    8u
#define SQ_SIZE    (1u << SQ_LOG2)
#define SQ_MASK    (SQ_SIZE - 1u)
#define MAX_PKT    2048u
#define WAIT_SLICE 256u
/* Before sleeping on the interrupt, watch the completion ring for about 20 us: a device's
 * queue by the clock, the model by its own clocks (20 us at 250 MHz). */
#define SPIN_NS     20000u
#define SPIN_CLOCKS 5000u
#define SPIN_SLICE  256u
#define NO_DEP     UINT64_MAX
/* Commit what was taken once fewer entries than this are free for posting: the card keeps
 * three quarters of a ring of work while the host copies results out. */
#define COMMIT_LOW (SQ_SIZE / 4u)
/* op->status while an op waits for the software engine (no srtpo_err_t has this value) */
#define ST_REDO    INT16_MIN
/* ops handed to the software engine at once */
#define SW_BATCH   32u

_Static_assert(offsetof(struct srtpo_keyslot, gen) < 64,
	       "the generation shares the key slot's first line with what a packet reads anyway");
_Static_assert(BUF % 64 == 0 && BUF >= MAX_PKT, "a packet buffer holds any packet the card takes");
_Static_assert(SQ_LOG2 < CQ_LOG2, "completions must outnumber submissions (see srtpo_ring_peek)");

enum { ENT_NONE = 0, ENT_PKT = 1, ENT_KEY = 2 };
/* How an op's bytes travel (struct entry.zc). */
enum { ZC_COPY = 0, ZC_IN = 1, ZC_INPLACE = 2 };

/* What the submission entry (and window cell) seq & SQ_MASK carries. */
struct entry {
	uint64_t dep;             /* seq of the LOAD_KEY this op relies on, NO_DEP if confirmed */
	struct srtpo_op *op;      /* ENT_PKT */
	uint16_t slot;            /* slot of the cache (relative) */
	uint16_t len;             /* bytes the card reads and writes (ENT_PKT) */
	uint8_t kind;
	uint8_t sub;              /* submission the op belongs to (ENT_PKT) */
	uint8_t zc;               /* ZC_*: copied in and out, read from its buffer, or in place */
};

/* Field by field: a compound literal would also store the padding. */
static inline void ent_set(struct entry *e, uint8_t kind, struct srtpo_op *op, uint16_t slot,
			   uint16_t len, uint64_t dep, uint8_t sub, uint8_t zc)
{
	e->dep = dep;
	e->op = op;
	e->slot = slot;
	e->len = len;
	e->kind = kind;
	e->sub = sub;
	e->zc = zc;
}

/*
 * One srtpo_card_sim_submit: ops[0..n), posted from `next` on as the ring has room. Its ticket is
 * done once `left` reaches 0: every op has its final status (from the card, or from the
 * software engine after the card refused or failed it). Ops are independent, so they may finish
 * in any order; tickets are retired oldest first.
 */
#define MAX_SUBS 32u
struct submission {
	struct srtpo_op *ops;
	size_t n, next, left;
};

struct slot {
	const struct srtpo_keyslot *ks;   /* NULL: holds nothing usable */
	uint32_t home;            /* hash bucket of ks */
	uint8_t ref;              /* hit since the clock hand last passed */
	uint64_t load_seq;        /* seq of the LOAD_KEY that filled it, NO_DEP once confirmed */
	uint64_t failed_seq;      /* seq of the last LOAD_KEY that failed, NO_DEP if none */
	uint32_t gen;             /* generation of the key slot the loaded record came from */
};

struct srtpo_card_sim {
	struct srtpo_card *card;
	struct srtpo_ring ring;
	uint32_t q;
	uint8_t *win;
	uint32_t win_size;
	/* packet buffers: window bytes [CELLS, CELLS + pool_bufs * BUF) */
	uint8_t *pool;            /* NULL when the window has no room past the cells */
	uint32_t pool_bufs;
	uint32_t nfree;
	uint32_t *free_bufs;      /* stack of free buffer indices */
	uint8_t *buf_out;         /* per buffer: handed out */
	uint8_t inplace;          /* outputs of window buffers go back in place (see the top) */
	uint8_t cpl_after_write;  /* CAP_FEATURES.CPL_AFTER_WRITE: no status read before commit */
	uint8_t wr_err;           /* a completion said WR_ERR: the queue must be reset */
	uint32_t slot_base, slot_count;
	struct slot *slots;
	uint32_t *hash;           /* slot index + 1, 0: empty */
	uint32_t hash_bits;
	uint32_t hand;            /* clock hand */
	struct entry ent[SQ_SIZE];
	uint64_t seq;             /* descriptors posted, ever */
	uint64_t reaped;          /* completions taken from the ring, ever */
	uint64_t committed;       /* completions acted upon, ever (<= reaped) */
	uint64_t timeout;
	struct submission subs[MAX_SUBS];
	uint64_t sub_head, sub_tail;   /* tickets retired / issued (free-running) */
	struct srtpo_op *redo[SW_BATCH]; /* ops waiting for the software engine */
	uint8_t redo_sub[SW_BATCH];
	uint32_t nredo;
	uint32_t epoch;           /* srtpo_keyslot_epoch() the cache's generations belong to */
	int broken;               /* queue could not be reset: everything runs in software */
	int given;                /* the queue is the transport's (driver-owned), not ours */
	struct srtpo_sw_engine *sw;
	struct srtpo_card_sim_counters cnt;
	uint32_t suites;          /* SRTPO_FW_CAP_SUITES: what the card's engine does */
};

/* Zeroes memory that held key bytes; the barrier keeps the compiler from dropping the stores. */
static void wipe(void *p, size_t n)
{
	memset(p, 0, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

/* ---- key slot cache ----------------------------------------------------------------------- */

static inline uint32_t ks_hash(const struct srtpo_card_sim *c, const struct srtpo_keyslot *ks)
{
	/* key slots are 64-byte aligned: the low bits carry nothing */
	return (uint32_t)((((uint64_t)(uintptr_t)ks >> 6) * 0x9e3779b97f4a7c15ull) >>
			  (64 - c->hash_bits));
}

/* Whether ks still holds what s was loaded from. */
static inline int slot_current(const struct slot *s, const struct srtpo_keyslot *ks)
{
	return s->gen == ks->gen;
}

static inline void slot_note_gen(struct slot *s, const struct srtpo_keyslot *ks)
{
	s->gen = ks->gen;
}

/* Slot index holding ks by address, or -1. */
static inline int hash_find(const struct srtpo_card_sim *c, const struct srtpo_keyslot *ks,
			    uint32_t h)
{
	uint32_t mask = (1u << c->hash_bits) - 1;

	for (uint32_t i = h;; i = (i + 1) & mask) {
		uint32_t e = c->hash[i];

		if (!e)
			return -1;
		if (c->slots[e - 1].ks == ks)
			return e - 1;
	}
}

static inline void hash_insert(struct srtpo_card_sim *c, uint32_t slot)
{
	uint32_t mask = (1u << c->hash_bits) - 1, i = c->slots[slot].home;

	while (c->hash[i])
		i = (i + 1) & mask;
	c->hash[i] = slot + 1;
}

/* Removes a slot from the table, moving later entries of its probe run back (no tombstones). */
static inline void hash_remove(struct srtpo_card_sim *c, uint32_t slot)
{
	uint32_t mask = (1u << c->hash_bits) - 1, i = c->slots[slot].home, j;

	while (c->hash[i] != slot + 1)
		i = (i + 1) & mask;
	for (j = i;;) {
		uint32_t k;

		j = (j + 1) & mask;
		if (!c->hash[j])
			break;
		k = c->slots[c->hash[j] - 1].home;
		/* the entry at j may fill the hole at i only if its home is not in (i, j] */
		if (((j - k) & mask) >= ((j - i) & mask)) {
			c->hash[i] = c->hash[j];
			i = j;
		}
	}
	c->hash[i] = 0;
}

static void forget_slots(struct srtpo_card_sim *c)
{
	for (uint32_t i = 0; i < c->slot_count; i++) {
		c->slots[i].ks = NULL;
		c->slots[i].ref = 0;
		c->slots[i].gen = 0;
	}
	memset(c->hash, 0, sizeof(*c->hash) << c->hash_bits);
}

/* Drops a slot whose key never reached the card. */
static inline void slot_drop(struct srtpo_card_sim *c, uint32_t i)
{
	if (!c->slots[i].ks)
		return;
	hash_remove(c, i);
	c->slots[i].ks = NULL;
	c->slots[i].ref = 0;
}

/* ---- queue -------------------------------------------------------------------------------- */

/* Submission entries free for posting: cells of uncommitted ops are not free yet. */
static inline uint32_t post_space(const struct srtpo_card_sim *c)
{
	return SQ_SIZE - 1u - (uint32_t)(c->seq - c->committed);
}

struct srtpo_card_sim *srtpo_card_sim_create(struct srtpo_card *card, uint32_t q,
					     uint32_t slot_base, uint32_t slot_count)
{
	const struct srtpo_card_queue *qm = card && card->ops->queue ? card->ops->queue(card) : NULL;
	struct srtpo_card_sim *c;
	uint64_t sq_bus, cq_bus, win_bus, shadow_bus = 0;
	void *sq = NULL, *cq = NULL, *shadow = NULL;
	uint32_t ver, features;

	if (qm) {
		/* the driver chose the queue and its key slots */
		q = qm->q;
		slot_base = qm->slot_base;
		slot_count = qm->slot_count;
	}
	/* the descriptor's slot field is 16 bits */
	if (!card || !slot_count || slot_count > 65536u || slot_base > 65536u - slot_count)
		return NULL;
	if (srtpo_card_read32(card, SRTPO_FW_MAGIC) != SRTPO_HW_MAGIC)
		return NULL;
	ver = srtpo_card_read32(card, SRTPO_FW_VERSION);
	if ((ver & SRTPO_FW_VERSION_MAJOR_MASK) >> SRTPO_FW_VERSION_MAJOR_SHIFT != SRTPO_HW_VERSION_MAJOR ||
	    q >= srtpo_card_read32(card, SRTPO_FW_CAP_QUEUES) ||
	    slot_base + slot_count > srtpo_card_read32(card, SRTPO_FW_CAP_SLOTS) ||
	    srtpo_card_read32(card, SRTPO_FW_CAP_MAX_PKT) < MAX_PKT)
		return NULL;
	features = srtpo_card_read32(card, SRTPO_FW_CAP_FEATURES);
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	/* a table at most 1/16 full: probe runs of one, and a removal rarely moves anything;
	 * 1/4 past 4096 slots, where a stream's slot hint (engine.h) finds nearly every hit */
	c->hash_bits = 4;
	while ((1u << c->hash_bits) < (slot_count <= 4096 ? 16u : 4u) * slot_count)
		c->hash_bits++;
	c->slots = calloc(slot_count, sizeof(*c->slots));
	c->hash = calloc((size_t)1 << c->hash_bits, sizeof(*c->hash));
	c->sw = srtpo_sw_engine_create(NULL);
	if (qm) {
		/* a larger ring is fine (only SQ_SIZE entries are ever outstanding), a smaller one
		 * or a window without a cell per entry is not; what the driver mapped past the
		 * cells (srtpo.ko win_kib) holds packet buffers */
		c->given = 1;
		c->win = qm->win;
		c->win_size = qm->win_size;
		if (qm->sq_log2 < SQ_LOG2 || qm->win_size < CELLS ||
		    srtpo_ring_attach(&c->ring, card, qm))
			c->win = NULL;
		else if (features & SRTPO_FW_CAP_FEATURES_SHADOW_DB_MASK)
			c->ring.shadow = qm->shadow;
	} else {
		sq = srtpo_card_dma_alloc(card, SRTPO_HW_DESC_BYTES << SQ_LOG2, 4096, &sq_bus);
		cq = srtpo_card_dma_alloc(card, SRTPO_HW_CPL_BYTES << CQ_LOG2, 4096, &cq_bus);
		/* the cells and a pool of packet buffers; the cells alone if memory is short */
		c->win_size = SIM_WIN;
		c->win = srtpo_card_dma_alloc(card, c->win_size, 4096, &win_bus);
		if (!c->win) {
			c->win_size = CELLS;
			c->win = srtpo_card_dma_alloc(card, c->win_size, 4096, &win_bus);
		}
		if (features & SRTPO_FW_CAP_FEATURES_SHADOW_DB_MASK)
			shadow = srtpo_card_dma_alloc(card, SRTPO_HW_SHADOW_BYTES, 64, &shadow_bus);
		if (c->win && (!sq || !cq ||
			       srtpo_ring_setup(&c->ring, card, q, sq, sq_bus, SQ_LOG2, cq, cq_bus,
						CQ_LOG2, win_bus, c->win_size, slot_base,
						slot_count, shadow, shadow_bus)))
			c->win = NULL;
	}
	if (c->win && c->win_size >= CELLS + BUF) {
		c->pool_bufs = (c->win_size - CELLS) / BUF;
		c->free_bufs = calloc(c->pool_bufs, sizeof(*c->free_bufs));
		c->buf_out = calloc(c->pool_bufs, 1);
		if (c->free_bufs && c->buf_out) {
			c->pool = c->win + CELLS;
			/* handed out lowest address first */
			for (uint32_t i = 0; i < c->pool_bufs; i++)
				c->free_bufs[i] = c->pool_bufs - 1 - i;
			c->nfree = c->pool_bufs;
		} else {
			c->win = NULL;
		}
	}
	if (!c->slots || !c->hash || !c->sw || !c->win) {
		srtpo_card_sim_destroy(c);
		return NULL;
	}
	c->cpl_after_write = !!(features & SRTPO_FW_CAP_FEATURES_CPL_AFTER_WRITE_MASK);
	/* in place needs a queue this code can stop without the rings being zeroed under it:
	 * ours, or a given one whose owner stops it without a reset (queue_stop) */
	c->inplace = c->cpl_after_write && (!qm || card->ops->queue_stop);
	c->card = card;
	c->q = q;
	c->suites = srtpo_card_read32(card, SRTPO_FW_CAP_SUITES);
	c->slot_base = slot_base;
	c->slot_count = slot_count;
	c->timeout = 200000;
	c->epoch = srtpo_keyslot_epoch();
	for (uint32_t i = 0; i < slot_count; i++)
		c->slots[i].failed_seq = NO_DEP;
	srtpo_card_write32(card, SRTPO_QU(q, SRTPO_QU_IRQ_COUNT), 8);
	srtpo_card_write32(card, SRTPO_QU(q, SRTPO_QU_IRQ_TIME), 64);
	return c;
}

void srtpo_card_sim_destroy(struct srtpo_card_sim *c)
{
	if (!c)
		return;
	if (c->card && !c->given)
		srtpo_card_write32(c->card, SRTPO_QP(c->q, SRTPO_QP_CTRL), 0);
	if (c->sw)
		srtpo_sw_engine_destroy(c->sw);
	/* key records pass through the window */
	if (c->slots)
		wipe(c->slots, (size_t)c->slot_count * sizeof(*c->slots));
	/* and every packet buffer, in use or not */
	if (c->win)
		wipe(c->win, c->win_size);
	free(c->free_bufs);
	free(c->buf_out);
	free(c->slots);
	free(c->hash);
	free(c);
}

void srtpo_card_sim_counters(const struct srtpo_card_sim *c, struct srtpo_card_sim_counters *out)
{
	*out = c->cnt;
}

struct srtpo_card *srtpo_card_sim_transport(const struct srtpo_card_sim *c)
{
	return c->card;
}

void srtpo_card_sim_set_timeout(struct srtpo_card_sim *c, uint64_t clocks)
{
	c->timeout = clocks;
}

/* ---- packet buffers (pktbuf.h) ------------------------------------------------------------ */

uint8_t *srtpo_card_sim_buf_alloc(struct srtpo_card_sim *c)
{
	uint32_t i;

	if (!c->nfree)
		return NULL;
	i = c->free_bufs[--c->nfree];
	c->buf_out[i] = 1;
	return c->pool + (size_t)i * BUF;
}

int srtpo_card_sim_buf_free(struct srtpo_card_sim *c, uint8_t *buf)
{
	uintptr_t off = (uintptr_t)buf - (uintptr_t)c->pool;
	uint32_t i;

	if (!c->pool || off >= (uintptr_t)c->pool_bufs * BUF || off % BUF)
		return -1;
	i = (uint32_t)(off / BUF);
	if (!c->buf_out[i])
		return -1;   /* freed twice: it is on the free stack already */
	wipe(buf, BUF);
	c->buf_out[i] = 0;
	c->free_bufs[c->nfree++] = i;
	return 0;
}

size_t srtpo_card_sim_buf_count(const struct srtpo_card_sim *c)
{
	return c->pool_bufs;
}

/* After a failure: stop the queue, drop what it holds, start it again. */
static void recover(struct srtpo_card_sim *c)
{
	c->cnt.resets++;
	forget_slots(c);
	c->broken = srtpo_ring_reset(&c->ring, c->timeout) != 0;
	c->reaped = c->committed = c->seq;
}

/* Posts a LOAD_KEY of ks into slot i (the caller checked there is room for it and one op). */
static void load_key(struct srtpo_card_sim *c, uint32_t i, const struct srtpo_keyslot *ks)
{
	struct slot *s = &c->slots[i];
	uint32_t cell = (uint32_t)(c->seq & SQ_MASK) * CELL;

	srtpo_key_record_fill(c->win + cell, ks);
	srtpo_desc_fill_load_key(srtpo_ring_next(&c->ring), (uint16_t)(c->slot_base + i), cell,
				 (uint16_t)c->seq);
	srtpo_ring_push(&c->ring);
	ent_set(&c->ent[c->seq & SQ_MASK], ENT_KEY, NULL, (uint16_t)i, 0, NO_DEP, 0, ZC_COPY);
	slot_note_gen(s, ks);
	s->load_seq = c->seq;
	s->ref = 0;
	c->seq++;
	c->cnt.key_loads++;
}

/* A victim slot: the first free one, or the first not hit since the hand last passed. */
static inline uint32_t victim(struct srtpo_card_sim *c)
{
	for (;;) {
		struct slot *s = &c->slots[c->hand];
		uint32_t i = c->hand;

		c->hand = c->hand + 1 == c->slot_count ? 0 : c->hand + 1;
		if (!s->ks || !s->ref)
			return i;
		s->ref = 0;
	}
}

/*
 * A miss (slot i < 0: ks in no slot; else slot i holds ks by address but its bytes changed, a
 * rekey in place): loads ks through the ring, into a victim or into slot i where it is. Any slot
 * may be evicted: the LOAD_KEY is ordered after every op already posted. Returns the slot.
 */
static __attribute__((noinline)) uint32_t slot_miss(struct srtpo_card_sim *c,
						    const struct srtpo_keyslot *ks, uint32_t h,
						    int i)
{
	if (i < 0) {
		i = (int)victim(c);
		slot_drop(c, (uint32_t)i);
		c->slots[i].ks = ks;
		c->slots[i].home = h;
		hash_insert(c, (uint32_t)i);
	}
	load_key(c, (uint32_t)i, ks);
	return (uint32_t)i;
}

/* Bytes of an op the card reads and writes, or 0 when the card cannot take the op. */
static inline uint32_t op_len(const struct srtpo_op *op)
{
	uint32_t len;

	if (!op->buf || !op->ks ||
	    (op->opcode != SRTPO_OP_PROTECT && op->opcode != SRTPO_OP_UNPROTECT))
		return 0;
	len = srtpo_op_pkt_len(op);
	return len <= MAX_PKT ? len : 0;
}

/*
 * Whether the card's engine does a key slot's suite, by its capability register. GCM and AES-192
 * have no bit (the card does neither today); HMAC-SHA1 tags other than 4 bytes take the 80-bit
 * bit, as the engine truncates the same way.
 */
static inline int card_takes(const struct srtpo_card_sim *c, const struct srtpo_keyslot *ks)
{
	uint32_t need;

	switch (ks->cipher) {
	case SRTPO_CIPHER_AES_128_CM: need = SRTPO_FW_CAP_SUITES_AES128_MASK; break;
	case SRTPO_CIPHER_AES_256_CM: need = SRTPO_FW_CAP_SUITES_AES256_MASK; break;
	case SRTPO_CIPHER_NULL: need = SRTPO_FW_CAP_SUITES_NULL_CIPHER_MASK; break;
	default: return 0;
	}
	switch (ks->auth) {
	case SRTPO_AUTH_NULL: need |= SRTPO_FW_CAP_SUITES_NULL_AUTH_MASK; break;
	case SRTPO_AUTH_HMAC_SHA1:
		need |= ks->tag_len == 4 ? SRTPO_FW_CAP_SUITES_HMAC_SHA1_32_MASK
					 : SRTPO_FW_CAP_SUITES_HMAC_SHA1_80_MASK;
		break;
	default: return 0;
	}
	return (c->suites & need) == need;
}

/* ---- software redo ------------------------------------------------------------------------ */

static inline struct submission *sub_of(struct srtpo_card_sim *c, uint8_t sub)
{
	return &c->subs[sub];
}

/* Runs the ops waiting for the software engine, as one batch. */
static void redo_flush(struct srtpo_card_sim *c)
{
	struct srtpo_op batch[SW_BATCH];
	uint32_t k = c->nredo;

	if (!k)
		return;
	for (uint32_t j = 0; j < k; j++)
		batch[j] = *c->redo[j];
	srtpo_sw_engine_run(c->sw, batch, k);
	for (uint32_t j = 0; j < k; j++) {
		c->redo[j]->status = batch[j].status;
		sub_of(c, c->redo_sub[j])->left--;
	}
	c->cnt.sw_ops += k;
	c->nredo = 0;
}

/* An op the card did not finish: the software engine does it (soon, in a batch). */
static void redo_add(struct srtpo_card_sim *c, struct srtpo_op *op, uint8_t sub)
{
	op->status = ST_REDO;
	c->redo[c->nredo] = op;
	c->redo_sub[c->nredo++] = sub;
	if (c->nredo == SW_BATCH)
		redo_flush(c);
}

/* ---- posting ------------------------------------------------------------------------------ */

/*
 * Posts ops of submission `sub` from its `next` on while there is room, each after its key (a
 * LOAD_KEY on a miss). Ops the card cannot take go to the software engine. Returns 1 when the
 * submission is fully posted. The caller rings the doorbell.
 */
static int post(struct srtpo_card_sim *c, uint8_t sub)
{
	struct submission *sb = sub_of(c, sub);
	uint64_t seq = c->seq;
	uint32_t room = post_space(c);
	size_t i = sb->next, n = sb->n;

	for (; i < n; i++) {
		struct srtpo_op *op = &sb->ops[i];
		const struct srtpo_keyslot *ks = op->ks;
		uint32_t len = op_len(op), cell, h, in_off, out_off;
		uintptr_t zoff;
		uint64_t dep;
		uint8_t zc;
		int s;

		if (__builtin_expect(!len, 0)) {
			redo_add(c, op, sub);
			continue;
		}
		if (!room)
			break;
		/* the slot the stream's key slot was last loaded into here, if it still is (then
		 * the card takes its suite: it was loaded) */
		s = (int)ks->card_hint;
		if (__builtin_expect((uint32_t)s < c->slot_count && c->slots[s].ks == ks &&
				     slot_current(&c->slots[s], ks), 1)) {
			c->slots[s].ref = 1;
			dep = c->slots[s].load_seq;
		} else {
			if (!card_takes(c, ks)) {
				c->cnt.sw_suite++;
				redo_add(c, op, sub);
				continue;
			}
			h = ks_hash(c, ks);
			s = hash_find(c, ks, h);
			if (s >= 0 && slot_current(&c->slots[s], ks)) {
				c->slots[s].ref = 1;
				dep = c->slots[s].load_seq;
			} else {
				if (room < 2)
					break;
				c->seq = seq;
				s = (int)slot_miss(c, ks, h, s);
				dep = seq++;
				room--;
			}
			/* a hint only: the key slot is the stream's, the check above is ours */
			((struct srtpo_keyslot *)ks)->card_hint = (uint32_t)s;
		}
		cell = (uint32_t)(seq & SQ_MASK) * CELL;
		/* in a packet buffer (wrapping makes any address below the pool huge), aligned as
		 * the card wants, and not past the buffer's end */
		zoff = (uintptr_t)op->buf - (uintptr_t)c->pool;
		if (zoff < (uintptr_t)c->pool_bufs * BUF && !(zoff & 63) && (zoff % BUF) + len <= BUF) {
			in_off = CELLS + (uint32_t)zoff;
			zc = c->inplace ? ZC_INPLACE : ZC_IN;
			out_off = c->inplace ? in_off : cell + OUT_OFF;
		} else {
			/* hide the bound on len, or the compiler inlines a word loop in place of
			 * libc's vector copy */
			__asm__("" : "+r"(len));
			memcpy(c->win + cell, op->buf, len);
			in_off = cell;
			out_off = cell + OUT_OFF;
			zc = ZC_COPY;
		}
		srtpo_desc_fill_packet(srtpo_ring_next(&c->ring), op, (uint16_t)(c->slot_base + s),
				       (uint16_t)len, in_off, out_off, (uint16_t)seq);
		srtpo_ring_push(&c->ring);
		ent_set(&c->ent[seq & SQ_MASK], ENT_PKT, op, (uint16_t)s, (uint16_t)len, dep, sub, zc);
		seq++;
		room--;
	}
	c->seq = seq;
	sb->next = i;
	return i == n;
}

/* Posts what the submissions not yet fully posted still hold, oldest first; one doorbell. */
static void post_pending(struct srtpo_card_sim *c)
{
	for (uint64_t t = c->sub_head; t != c->sub_tail; t++) {
		struct submission *sb = &c->subs[t % MAX_SUBS];

		if (sb->next < sb->n && !post(c, (uint8_t)(t % MAX_SUBS)))
			break;
	}
	if (c->ring.sq_rung != c->ring.sq_tail)
		srtpo_ring_doorbell(&c->ring);
}

/* ---- completions -------------------------------------------------------------------------- */

/* Takes every completion the card has written, checking that they come in order. Returns 0, or
 * -1 for an entry out of order or garbage (nothing from this round can be trusted). */
static int take(struct srtpo_card_sim *c)
{
	int bad = 0;
	uint32_t k = srtpo_ring_ready(&c->ring, (uint32_t)(c->seq - c->reaped),
				      (uint16_t)c->reaped, &bad);

	srtpo_ring_take_n(&c->ring, k);
	c->reaped += k;
	return bad ? -1 : 0;
}

/* Whether the next completion due is in the ring (or an entry out of order stands there). */
static inline int cpl_due(const struct srtpo_card_sim *c)
{
	int bad = 0;

	return srtpo_ring_ready(&c->ring, 1, (uint16_t)c->reaped, &bad) || bad;
}

/*
 * Watches the completion ring for a bounded time before the caller sleeps on the interrupt:
 * a burst the card finishes within microseconds costs no system call and no interrupt. A
 * device's queue is watched by CLOCK_MONOTONIC_RAW (read in the vDSO, no system call); our own
 * queue on the model by letting the model's clock run. Returns 1 when a completion came.
 */
static __attribute__((noinline)) int spin_for_cpl(struct srtpo_card_sim *c)
{
	struct timespec t0, t;

	if (!c->given) {
		for (uint32_t clk = 0; clk < SPIN_CLOCKS; clk += SPIN_SLICE) {
			srtpo_card_step(c->card, SPIN_SLICE);
			if (cpl_due(c))
				return 1;
		}
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC_RAW, &t0);
	do {
		for (int k = 0; k < 64; k++) {
			if (cpl_due(c))
				return 1;
#if defined(__x86_64__) || defined(__i386__)
			__builtin_ia32_pause();
#endif
		}
		clock_gettime(CLOCK_MONOTONIC_RAW, &t);
	} while ((uint64_t)(t.tv_sec - t0.tv_sec) * 1000000000u + (uint64_t)t.tv_nsec -
		 (uint64_t)t0.tv_nsec < SPIN_NS);
	return 0;
}

/* The slow cases of commit: a key load, or an op the card did not finish. */
static __attribute__((noinline)) void commit_other(struct srtpo_card_sim *c,
						   const struct entry *e,
						   const struct srtpo_hw_cpl *cpl)
{
	struct slot *s = &c->slots[e->slot];

	if (e->kind == ENT_KEY) {
		if (cpl->status != SRTPO_HW_ST_OK) {
			s->failed_seq = c->committed;
			if (s->load_seq == c->committed)
				slot_drop(c, e->slot);
		} else if (s->load_seq == c->committed) {
			s->load_seq = NO_DEP;
		}
		return;
	}
	if (cpl->status == SRTPO_HW_ST_WR_ERR)
		c->wr_err = 1;   /* this and every later completion: reset once they are in */
	if (e->kind != ENT_PKT)
		return;
	if (cpl->status == SRTPO_HW_ST_AUTH && !(e->dep != NO_DEP && s->failed_seq == e->dep)) {
		e->op->status = SRTPO_ERR_AUTH;
		sub_of(c, e->sub)->left--;
		c->cnt.card_ops++;
		return;
	}
	/* an error status, a short result, or its key never reached the card */
	redo_add(c, e->op, e->sub);
}

/* Acts on the completions taken: results into the caller's buffers, key loads confirmed. */
static void commit(struct srtpo_card_sim *c)
{
	/* the ring position of the oldest completion taken and not committed */
	uint16_t pos = (uint16_t)(c->ring.cq_head - (uint16_t)(c->reaped - c->committed));
	uint64_t finished = 0;

	for (; c->committed != c->reaped; c->committed++, pos++) {
		const struct srtpo_hw_cpl *cpl = srtpo_ring_cpl_at(&c->ring, pos);
		const struct entry *e = &c->ent[c->committed & SQ_MASK];

		if (__builtin_expect(e->kind == ENT_PKT && cpl->status == SRTPO_HW_ST_OK &&
				     cpl->out_len == e->len &&
				     (e->dep == NO_DEP || c->slots[e->slot].failed_seq != e->dep), 1)) {
			if (e->zc != ZC_INPLACE)
				memcpy(e->op->buf, c->win + (c->committed & SQ_MASK) * CELL + OUT_OFF,
				       e->len);
			e->op->status = SRTPO_OK;
			sub_of(c, e->sub)->left--;
			finished++;
			continue;
		}
		if (e->kind == ENT_KEY && cpl->status == SRTPO_HW_ST_OK) {
			/* the key is on the card: ops using it need no longer check its load */
			if (c->slots[e->slot].load_seq == c->committed)
				c->slots[e->slot].load_seq = NO_DEP;
			continue;
		}
		commit_other(c, e, cpl);
	}
	c->cnt.card_ops += finished;
	srtpo_ring_release(&c->ring);
}

/* Everything posted and not committed goes to software; the queue starts again. */
static void fail_all(struct srtpo_card_sim *c)
{
	for (uint64_t s = c->committed; s != c->seq; s++) {
		const struct entry *e = &c->ent[s & SQ_MASK];

		if (e->kind == ENT_PKT)
			redo_add(c, e->op, e->sub);
	}
	recover(c);
}

/*
 * After a timeout or a failed write on a card that completes only after its writes
 * (cpl_after_write): stop the queue, let what is inside finish (its completions are written),
 * take and commit those, then redo the rest in software and reset. Ops in place in a packet
 * buffer need this: one the card finished is already transformed and must not be redone, one
 * it did not start still holds its input. A driver-owned queue is stopped by its owner
 * (queue_stop: rings and completions kept); one whose owner can only reset it (the rings are
 * zeroed) is not drained here: its ops never go in place.
 */
static void drain_fail(struct srtpo_card_sim *c)
{
	uint32_t p = SRTPO_QP(c->q, 0);
	uint64_t waited = 0;
	int drained = 1;

	if (c->given) {
		drained = c->card->ops->queue_stop && !c->card->ops->queue_stop(c->card, c->timeout);
	} else {
		srtpo_card_write32(c->card, p + SRTPO_QP_CTRL, 0);
		while (srtpo_card_read32(c->card, p + SRTPO_QP_STATUS) & SRTPO_QP_STATUS_BUSY_MASK) {
			if (waited >= c->timeout) {
				drained = 0;
				break;
			}
			srtpo_card_step(c->card, 64);
			waited += 64;
		}
	}
	if (drained) {
		take(c);   /* a bad entry stops the run: what follows it is redone */
		commit(c);
	}
	c->wr_err = 0;
	fail_all(c);
}

/* Retires finished submissions from the head. */
static void retire(struct srtpo_card_sim *c)
{
	while (c->sub_head != c->sub_tail) {
		const struct submission *sb = &c->subs[c->sub_head % MAX_SUBS];

		if (sb->left || sb->next < sb->n)
			break;
		c->sub_head++;
	}
}

/*
 * One step of work: post what waits, take what the card has written (with `wait`, waiting for
 * at least one completion when any is due), commit when everything posted is back, when posting
 * needs the cells, or when `want` (a ticket) has all its ops back.
 */
static void progress(struct srtpo_card_sim *c, int wait, uint64_t want)
{
	int fail = 0;

	if (c->broken)
		fail_all(c);   /* try the reset again; nothing posted may stay behind */
	if (c->broken) {
		/* a queue that cannot be reset: everything left runs in software */
		for (uint64_t t = c->sub_head; t != c->sub_tail; t++) {
			struct submission *sb = &c->subs[t % MAX_SUBS];

			for (; sb->next < sb->n; sb->next++)
				redo_add(c, &sb->ops[sb->next], (uint8_t)(t % MAX_SUBS));
		}
		redo_flush(c);
		retire(c);
		return;
	}
	post_pending(c);
	if (c->reaped != c->seq) {
		uint64_t idle = 0;

		if (wait && !cpl_due(c))
			spin_for_cpl(c);
		while (wait && !srtpo_ring_ready(&c->ring, 1, (uint16_t)c->reaped, &fail) && !fail) {
			if (!srtpo_card_wait_irq(c->card, 1u << c->q, WAIT_SLICE))
				idle += WAIT_SLICE;
			if (idle >= c->timeout) {
				fail = 1;
				break;
			}
		}
		if (!fail)
			fail = take(c);
	}
	if (!fail && c->committed != c->reaped) {
		const struct submission *w = want != UINT64_MAX && want >= c->sub_head &&
			want < c->sub_tail ? &c->subs[want % MAX_SUBS] : NULL;
		int pending = 0;

		for (uint64_t t = c->sub_head; t != c->sub_tail && !pending; t++)
			pending = c->subs[t % MAX_SUBS].next < c->subs[t % MAX_SUBS].n;
		/* commit once everything is back, or when posting needs the cells, or when the
		 * wanted ticket has everything posted and nothing of it is left in the ring */
		if (!wait || c->reaped == c->seq || (pending && post_space(c) < COMMIT_LOW) ||
		    (w && w->next == w->n && (uint64_t)w->left <= (uint64_t)c->nredo +
		     (c->reaped - c->committed))) {
			/* a failed write anywhere since the last check taints what was taken,
			 * unless the card says so in the completions themselves */
			if (c->cpl_after_write) {
				commit(c);
				fail = c->wr_err;
			} else if (srtpo_card_read32(c->card, SRTPO_QU(c->q, SRTPO_QU_STATUS)) &
				   SRTPO_QP_STATUS_WR_ERR_MASK) {
				fail = 1;
			} else {
				commit(c);
			}
		}
	}
	if (fail) {
		if (c->cpl_after_write)
			drain_fail(c);
		else
			fail_all(c);
	}
	redo_flush(c);
	retire(c);
}

uint64_t srtpo_card_sim_submit(struct srtpo_card_sim *c, struct srtpo_op *ops, size_t n)
{
	struct submission *sb;

	if (__builtin_expect(srtpo_keyslot_epoch() != c->epoch, 0)) {
		/* generations wrapped: a cached (address, generation) may name other keys now.
		 * Descriptors already posted keep their slots; loads are ordered after them. */
		c->epoch = srtpo_keyslot_epoch();
		forget_slots(c);
	}
	/* a full table of tickets: finish the oldest first */
	while (c->sub_tail - c->sub_head == MAX_SUBS)
		progress(c, 1, c->sub_head);
	sb = &c->subs[c->sub_tail % MAX_SUBS];
	sb->ops = ops;
	sb->n = n;
	sb->next = 0;
	sb->left = n;
	c->sub_tail++;
	if (!c->broken)
		post_pending(c);
	redo_flush(c);
	retire(c);
	return c->sub_tail - 1;
}

int srtpo_card_sim_done(const struct srtpo_card_sim *c, uint64_t ticket)
{
	return ticket < c->sub_head;
}

void srtpo_card_sim_poll(struct srtpo_card_sim *c, int wait)
{
	if (c->sub_head != c->sub_tail)
		progress(c, wait, wait ? c->sub_head : UINT64_MAX);
}

void srtpo_card_sim_wait(struct srtpo_card_sim *c, uint64_t ticket)
{
	while (ticket >= c->sub_head)
		progress(c, 1, ticket);
}

int srtpo_card_sim_run(struct srtpo_card_sim *c, struct srtpo_op *ops, size_t n)
{
	uint64_t before = c->cnt.card_ops, t;

	if (!n)
		return 0;
	t = srtpo_card_sim_submit(c, ops, n);
	srtpo_card_sim_wait(c, t);
	return (int)(c->cnt.card_ops - before);
}

int srtpo_card_sim_zero_keys(struct srtpo_card_sim *c)
{
	struct srtpo_hw_desc d;
	const struct srtpo_hw_cpl *cpl;
	uint64_t waited = 0;
	int ok;

	forget_slots(c);
	if (c->broken || c->committed != c->seq || !post_space(c))
		return -1;
	srtpo_desc_zero_keys(&d, (uint16_t)c->seq);
	srtpo_ring_post(&c->ring, &d);
	ent_set(&c->ent[c->seq & SQ_MASK], ENT_NONE, NULL, 0, 0, NO_DEP, 0, ZC_COPY);
	c->seq++;
	srtpo_ring_doorbell(&c->ring);
	while (!(cpl = srtpo_ring_peek(&c->ring))) {
		if (waited >= c->timeout) {
			recover(c);
			return -1;
		}
		srtpo_card_wait_irq(c->card, 1u << c->q, WAIT_SLICE);
		waited += WAIT_SLICE;
	}
	ok = cpl->id == (uint16_t)(c->seq - 1) && cpl->status == SRTPO_HW_ST_OK;
	srtpo_ring_take(&c->ring);
	c->reaped = c->committed = c->seq;
	srtpo_ring_release(&c->ring);
	return ok ? 0 : -1;
}
