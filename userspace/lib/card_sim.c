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
#define SQ_LOG2    8u
#define CQ_LOG2    9u
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
_Static_assert(SRTPO_OP_UNPROTECT == SRTPO_OP_PROTECT + 1, "op_len() checks the opcode as a range");
_Static_assert(SRTPO_OP_PROTECT == SRTPO_HW_OP_PROTECT && SRTPO_OP_UNPROTECT == SRTPO_HW_OP_UNPROTECT,
	       "post() puts the op's opcode into the descriptor as it is");
_Static_assert((BUF & (BUF - 1)) == 0, "post() finds a packet's place in its buffer by a mask");
_Static_assert(SQ_LOG2 < CQ_LOG2, "completions must outnumber submissions (see srtpo_ring_peek)");

enum { ENT_NONE = 0, ENT_PKT = 1, ENT_KEY = 2 };

/*
 * What the submission entry (and window cell) seq & SQ_MASK carries: four words, one store each
 * per packet. `meta` is laid out over the completion's first eight bytes so that commit checks a
 * completion and tells a packet done as posted with one compare (CPL_MATCH bits, with the phase
 * its ring position expects): the id (the descriptor's: its place in the order), status OK (for
 * a key load or a marker, a status no card writes, so they never match) and out_len == the
 * bytes posted. The bits the compare ignores carry the rest: the kind and whether the result
 * is copied back where the completion has its other flags, the cache slot where it has sq_head.
 */
struct entry {
	struct srtpo_op *op;      /* ENT_PKT */
	struct submission *sb;    /* submission the op belongs to (ENT_PKT) */
	uint64_t dep;             /* seq of the LOAD_KEY this op relies on, NO_DEP if confirmed */
	uint64_t meta;            /* ent_meta() */
};

#define CPL_MATCH      0x0000ffff01ffffffull   /* id, status, phase and out_len */
#define CPL_PHASE      (1ull << 24)
#define META_NO_MATCH  0xffull                 /* status byte of entries that are not packets */
#define META_COPY_OUT  (1ull << 27)            /* the result comes back from the cell */

static inline uint64_t ent_meta(uint8_t kind, uint16_t id, uint16_t slot, uint16_t len,
				int copy_out)
{
	return (uint64_t)id | (kind == ENT_PKT ? (uint64_t)SRTPO_HW_ST_OK : META_NO_MATCH) << 16 |
	       (uint64_t)kind << 25 | (copy_out ? META_COPY_OUT : 0) | (uint64_t)len << 32 |
	       (uint64_t)slot << 48;
}

static inline uint16_t ent_slot(const struct entry *e) { return (uint16_t)(e->meta >> 48); }
static inline uint8_t ent_kind(const struct entry *e) { return (uint8_t)(e->meta >> 25 & 3u); }

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
	uint32_t gen;             /* generation of the key slot the loaded record came from */
	uint64_t load_seq;        /* seq of the LOAD_KEY that filled it, NO_DEP once confirmed */
	uint64_t failed_seq;      /* seq of the last LOAD_KEY that failed, NO_DEP if none */
	uint64_t desc_w0;         /* what a packet's descriptor word 0 takes from the slot */
	uint64_t meta;            /* what a packet's entry meta takes from the slot */
	uint8_t ref;              /* hit since the clock hand last passed */
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
	uintptr_t pool_bytes;     /* pool_bufs * BUF */
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
	struct submission *redo_sb[SW_BATCH];
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
			c->pool_bytes = (uintptr_t)c->pool_bufs * BUF;
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
	c->ent[c->seq & SQ_MASK] = (struct entry){ NULL, NULL, NO_DEP,
						   ent_meta(ENT_KEY, (uint16_t)c->seq, (uint16_t)i, 0,
							    0) };
	slot_note_gen(s, ks);
	s->desc_w0 = srtpo_desc_w0_slot(ks->tag_len, (uint16_t)(c->slot_base + i));
	s->meta = ent_meta(ENT_PKT, 0, (uint16_t)i, 0, 0);
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
	    (uint8_t)(op->opcode - SRTPO_OP_PROTECT) > SRTPO_OP_UNPROTECT - SRTPO_OP_PROTECT)
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

/*
 * Whether the card's output of an op it ran in place (a zero-copy packet written back where it
 * was read) is in the buffer, for an op whose completion does not say: a WR_ERR completion (the
 * queue's sticky flag marks every completion after a failed write, also those whose own bytes
 * landed) or none at all (its completion write failed). The card writes a packet's bytes only
 * when it finished it OK, and the simulated bus drops a failed burst whole, so the buffer holds
 * either the input or the whole output; the tag tells which:
 *   protect:   the buffer authenticates as protected output -> the card's output is there;
 *   unprotect: the buffer still authenticates -> it is the input; otherwise protecting it again
 *              must give back the tag it carries, or it is an untouched forgery.
 * Only ops with a tag go in place (post), so the question always has an answer. A forged
 * protect input would need its stale trailing bytes to equal its own tag (2^-32 at least).
 */
static int inplace_landed(struct srtpo_card_sim *c, const struct srtpo_op *op)
{
	uint8_t scratch[MAX_PKT + 64] __attribute__((aligned(64)));
	uint32_t len = srtpo_op_pkt_len(op), tag = op->ks->tag_len;
	struct srtpo_op v = *op;
	int landed;

	if (len > MAX_PKT || !tag)
		return 0;
	memcpy(scratch, op->buf, len);
	v.buf = scratch;
	v.flags = 0;
	v.opcode = SRTPO_OP_UNPROTECT;
	srtpo_sw_engine_run(c->sw, &v, 1);
	if (op->opcode == SRTPO_OP_PROTECT) {
		landed = v.status == SRTPO_OK;
	} else if (v.status == SRTPO_OK) {
		landed = 0;
	} else {
		memcpy(scratch, op->buf, len);
		v.status = 0;
		v.opcode = SRTPO_OP_PROTECT;
		srtpo_sw_engine_run(c->sw, &v, 1);
		landed = v.status == SRTPO_OK &&
			 !memcmp(scratch + op->tag_off, op->buf + op->tag_off, tag);
	}
	wipe(scratch, len);
	return landed;
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
		c->redo_sb[j]->left--;
	}
	c->cnt.sw_ops += k;
	c->nredo = 0;
}

/* An op the card did not finish: the software engine does it (soon, in a batch). */
static void redo_add(struct srtpo_card_sim *c, struct srtpo_op *op, struct submission *sb)
{
	op->status = ST_REDO;
	c->redo[c->nredo] = op;
	c->redo_sb[c->nredo++] = sb;
	if (c->nredo == SW_BATCH)
		redo_flush(c);
}

/* An op the card ran in place whose completion is WR_ERR or missing: done when its output
 * landed (inplace_landed), else redone like any other. */
static __attribute__((noinline)) void redo_add_inplace(struct srtpo_card_sim *c,
						       struct srtpo_op *op, struct submission *sb)
{
	if (inplace_landed(c, op)) {
		op->status = SRTPO_OK;
		sb->left--;
		c->cnt.card_ops++;
		return;
	}
	redo_add(c, op, sb);
}

/* ---- posting ------------------------------------------------------------------------------ */

/*
 * The slow half of finding ks a card slot, when the stream's hint (ks->card_hint) does not name
 * a slot that holds ks at its generation: the suite check (once per key slot and load, not per
 * packet), the hash table, and on a miss a LOAD_KEY (c->seq and the ring advance); sets the
 * hint. The slot's load_seq is then the load the op must follow, or NO_DEP. Returns the slot, -1 when
 * the card does not do the key slot's suite (the op goes to software), or -2 when a load is due
 * and there is no room for it and the op.
 */
static __attribute__((noinline)) int slot_lookup_slow(struct srtpo_card_sim *c,
						      const struct srtpo_keyslot *ks,
						      uint32_t room)
{
	uint32_t h;
	int s;

	if (!card_takes(c, ks)) {
		c->cnt.sw_suite++;
		return -1;
	}
	h = ks_hash(c, ks);
	s = hash_find(c, ks, h);
	if (s >= 0 && slot_current(&c->slots[s], ks)) {
		c->slots[s].ref = 1;
	} else {
		if (room < 2)
			return -2;
		s = (int)slot_miss(c, ks, h, s);
	}
	/* a hint only: the key slot is the stream's, the check in post() is ours */
	((struct srtpo_keyslot *)ks)->card_hint = (uint32_t)s;
	return s;
}

/*
 * Posts ops of submission sb from its `next` on while there is room, each after its key (a
 * LOAD_KEY on a miss). Ops the card cannot take go to the software engine. Returns 1 when the
 * submission is fully posted. The caller rings the doorbell.
 *
 * The per-packet path: what it reads of c is held in locals (descriptor stores are byte
 * copies, which the compiler must assume may change c), the descriptor is built in the ring
 * entry itself, the entry's bookkeeping is four stores, and the ring's tail moves once per call.
 */
static int post(struct srtpo_card_sim *c, struct submission *sb)
{
	struct srtpo_op *const ops = sb->ops;
	struct entry *const ent = c->ent;
	struct slot *const slots = c->slots;
	struct srtpo_hw_desc *const sq = c->ring.sq;
	const uint32_t sq_mask = (1u << c->ring.sq_log2) - 1;
	const uint32_t slot_count = c->slot_count;
	const uintptr_t pool = (uintptr_t)c->pool, pool_bytes = c->pool_bytes;
	const uint64_t zc_copy_out = c->inplace ? 0 : META_COPY_OUT;
	uint8_t *const win = c->win;
	uint64_t seq = c->seq;
	/* the last seq the cells have room for (post_space) */
	uint64_t seq_end = c->committed + SQ_SIZE - 1u;
	/* ring position = seq + tail_off */
	uint16_t tail_off = (uint16_t)(c->ring.sq_tail - (uint16_t)seq);
	size_t i = sb->next, n = sb->n;

	for (; i < n; i++) {
		struct srtpo_op *op = &ops[i];
		const struct srtpo_keyslot *ks = op->ks;
		uint32_t len = op_len(op), cell, in_off, out_off, s;
		uintptr_t zoff;
		uint64_t dep, w0, meta;

		if (__builtin_expect(!len, 0)) {
			redo_add(c, op, sb);
			continue;
		}
		if (seq == seq_end)
			break;
		/* the slot the stream's key slot was last loaded into here, if it still is (then
		 * the card takes its suite: it was loaded) */
		s = ks->card_hint;
		if (__builtin_expect(s < slot_count && slots[s].ks == ks &&
				     slot_current(&slots[s], ks), 1)) {
			slots[s].ref = 1;
		} else {
			int r;

			/* the ring and c->seq as posted so far, for the LOAD_KEY */
			srtpo_ring_push_n(&c->ring, (uint16_t)((uint16_t)seq + tail_off -
							       c->ring.sq_tail));
			c->seq = seq;
			r = slot_lookup_slow(c, ks, (uint32_t)(seq_end - seq));
			seq = c->seq;
			if (r == -2)
				break;
			if (r < 0) {
				redo_add(c, op, sb);
				continue;
			}
			s = (uint32_t)r;
		}
		dep = slots[s].load_seq;
		w0 = slots[s].desc_w0;
		meta = slots[s].meta | (uint16_t)seq | (uint64_t)len << 32;
		cell = (uint32_t)(seq & SQ_MASK) * CELL;
		out_off = cell + OUT_OFF;
		/* in a packet buffer (wrapping makes any address below the pool huge), aligned as
		 * the card wants, and not past the buffer's end */
		zoff = (uintptr_t)op->buf - pool;
		if (zoff < pool_bytes && !(zoff & 63) && (zoff & (BUF - 1)) + len <= BUF) {
			/* in place only with a tag: it tells, after a failed write, whether the
			 * output landed (inplace_landed) */
			uint64_t copy_out = zc_copy_out | (ks->tag_len ? 0 : META_COPY_OUT);

			in_off = CELLS + (uint32_t)zoff;
			if (!copy_out)
				out_off = in_off;
			meta |= copy_out;
		} else {
			/* hide the bound on len, or the compiler inlines a word loop in place of
			 * libc's vector copy */
			__asm__("" : "+r"(len));
			memcpy(win + cell, op->buf, len);
			in_off = cell;
			meta |= META_COPY_OUT;
		}
		srtpo_desc_fill_packet_w0(&sq[(uint16_t)((uint16_t)seq + tail_off) & sq_mask], op,
					  w0 | op->opcode | (uint64_t)(uint16_t)seq << 48,
					  (uint16_t)len, in_off,
					  out_off);
		ent[seq & SQ_MASK] = (struct entry){ op, sb, dep, meta };
		seq++;
	}
	srtpo_ring_push_n(&c->ring, (uint16_t)((uint16_t)seq + tail_off - c->ring.sq_tail));
	c->seq = seq;
	sb->next = i;
	return i == n;
}

/* Posts what the submissions not yet fully posted still hold, oldest first; one doorbell. */
static void post_pending(struct srtpo_card_sim *c)
{
	for (uint64_t t = c->sub_head; t != c->sub_tail; t++) {
		struct submission *sb = &c->subs[t % MAX_SUBS];

		if (sb->next < sb->n && !post(c, sb))
			break;
	}
	if (c->ring.sq_rung != c->ring.sq_tail)
		srtpo_ring_doorbell(&c->ring);
}

/* ---- completions -------------------------------------------------------------------------- */

/*
 * Takes every completion the card has written. Returns 0, or -1 for an entry out of order or
 * garbage (nothing from this round can be trusted). The card fills the completion ring in
 * order, so when the newest completion due is there, all are taken at once (one look instead
 * of one per entry); commit then checks each one's phase and id before it acts on it. Else the
 * entries are checked one by one up to the first one not written.
 */
static int take(struct srtpo_card_sim *c)
{
	int bad = 0;
	uint32_t due = (uint32_t)(c->seq - c->reaped), k;

	if (due && due <= c->ring.inflight && srtpo_ring_written(&c->ring, due - 1))
		k = due;
	else
		k = srtpo_ring_ready(&c->ring, due, (uint16_t)c->reaped, &bad);

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

/*
 * The other cases of commit: a completion out of place (another id, unless the card could not
 * read the descriptor, or not written: returns -1, and nothing from it on is acted upon), a key
 * load, a packet whose key load failed, or an op the card did not finish. phase: what the
 * entry's ring position expects, at CPL_PHASE.
 */
static __attribute__((noinline)) int commit_other(struct srtpo_card_sim *c,
						  const struct entry *e,
						  const struct srtpo_hw_cpl *cpl, uint64_t phase)
{
	struct slot *s = &c->slots[ent_slot(e)];
	uint8_t kind = ent_kind(e);
	uint64_t w;

	memcpy(&w, cpl, sizeof(w));
	if ((w & CPL_PHASE) != phase ||
	    ((uint16_t)w != (uint16_t)e->meta && cpl->status != SRTPO_HW_ST_DMA))
		return -1;
	if (kind == ENT_KEY) {
		if (cpl->status != SRTPO_HW_ST_OK) {
			s->failed_seq = c->committed;
			if (s->load_seq == c->committed)
				slot_drop(c, ent_slot(e));
		} else if (s->load_seq == c->committed) {
			/* the key is on the card: ops using it need no longer check its load */
			s->load_seq = NO_DEP;
		}
		return 0;
	}
	if (cpl->status == SRTPO_HW_ST_WR_ERR)
		c->wr_err = 1;   /* this and every later completion: reset once they are in */
	if (kind != ENT_PKT)
		return 0;
	if (cpl->status == SRTPO_HW_ST_AUTH && !(e->dep != NO_DEP && s->failed_seq == e->dep)) {
		e->op->status = SRTPO_ERR_AUTH;
		e->sb->left--;
		c->cnt.card_ops++;
		return 0;
	}
	/* an error status, a short result, or its key never reached the card */
	if (cpl->status == SRTPO_HW_ST_WR_ERR && !(e->meta & META_COPY_OUT))
		redo_add_inplace(c, e->op, e->sb);
	else
		redo_add(c, e->op, e->sb);
	return 0;
}

/*
 * Acts on the completions taken: results into the caller's buffers, key loads confirmed. One
 * pass; a packet done as posted (in its place, status OK, every byte written, its key load not
 * failed) costs one compare of the completion against its entry, everything else goes to
 * commit_other. Returns 0, or -1 at a completion out of place: the ops from it on stay
 * uncommitted (for the caller's failure path).
 */
static int commit(struct srtpo_card_sim *c)
{
	const uint64_t reaped = c->reaped;
	uint64_t committed = c->committed, finished = 0;
	/* the ring position of the oldest completion taken and not committed */
	uint16_t pos = (uint16_t)(c->ring.cq_head - (uint16_t)(reaped - committed));
	const uint32_t cq_log2 = c->ring.cq_log2;
	const struct srtpo_hw_cpl *const cq = c->ring.cq, *const cq_end = cq + (1u << cq_log2);
	const struct srtpo_hw_cpl *cpl = &cq[pos & ((1u << cq_log2) - 1)];
	/* the phase bit the card writes on pos's lap: 1 on the first, flipped on every wrap */
	uint64_t phase = (uint64_t)((~(uint32_t)pos >> cq_log2) & 1u) << 24;
	const struct entry *const ent = c->ent;
	const struct slot *const slots = c->slots;
	const uint8_t *const win = c->win;
	int rc = 0;

	for (; committed != reaped; committed++) {
		const struct entry *e = &ent[committed & SQ_MASK];
		uint64_t w, meta = e->meta;

		memcpy(&w, cpl, sizeof(w));
		if (__builtin_expect(!((w ^ (meta | phase)) & CPL_MATCH) &&
				     (e->dep == NO_DEP || slots[meta >> 48].failed_seq != e->dep),
				     1)) {
			if (meta & META_COPY_OUT)
				memcpy(e->op->buf, win + (committed & SQ_MASK) * CELL + OUT_OFF,
				       (uint16_t)(meta >> 32));
			e->op->status = SRTPO_OK;
			e->sb->left--;
			finished++;
		} else if (!((w ^ (meta | phase)) & 0x0100ffffu) &&
			   (uint8_t)(w >> 16) == SRTPO_HW_ST_OK && ent_kind(e) == ENT_KEY) {
			/* a key load in its place that went well (the common other case, when
			 * keys are reloaded): the key is on the card, ops using it need no
			 * longer check its load */
			struct slot *s = &c->slots[meta >> 48];

			if (s->load_seq == committed)
				s->load_seq = NO_DEP;
		} else {
			c->committed = committed;
			if (commit_other(c, e, cpl, phase)) {
				rc = -1;
				break;
			}
		}
		if (__builtin_expect(++cpl == cq_end, 0)) {
			cpl = cq;
			phase ^= CPL_PHASE;
		}
	}
	c->committed = committed;
	c->cnt.card_ops += finished;
	srtpo_ring_release(&c->ring);
	return rc;
}

/* Everything posted and not committed goes to software; the queue starts again. */
static void fail_all(struct srtpo_card_sim *c)
{
	for (uint64_t s = c->committed; s != c->seq; s++) {
		const struct entry *e = &c->ent[s & SQ_MASK];

		if (ent_kind(e) != ENT_PKT)
			continue;
		/* in place: its completion may be what was lost, after its bytes landed */
		if (!(e->meta & META_COPY_OUT))
			redo_add_inplace(c, e->op, e->sb);
		else
			redo_add(c, e->op, e->sb);
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
		/* a bad entry stops the run (take or commit): what follows it is redone */
		take(c);
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
				redo_add(c, &sb->ops[sb->next], sb);
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
				fail = commit(c) || c->wr_err;
			} else if (srtpo_card_read32(c->card, SRTPO_QU(c->q, SRTPO_QU_STATUS)) &
				   SRTPO_QP_STATUS_WR_ERR_MASK) {
				fail = 1;
			} else {
				fail = commit(c);
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
	c->ent[c->seq & SQ_MASK] = (struct entry){ NULL, NULL, NO_DEP, ent_meta(ENT_NONE, (uint16_t)c->seq, 0, 0, 0) };
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
