/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ring.h - one srtpo queue pair as the host drives it: descriptors into the submission ring,
 * the doorbell, completions out of the completion ring by phase bit.
 *
 * Plain C shared by the library's card backends and meant for the kernel driver too: fixed-width
 * types, no allocation, no libc beyond memset/memcpy; the memory and the register access come
 * from the caller (struct srtpo_card, card.h). Ring entries are little-endian; the layouts are
 * the generated struct srtpo_hw_desc / srtpo_hw_cpl (srtpo_regs.h). Not thread-safe: one owner
 * per ring.
 */
#ifndef SRTPO_RING_H
#define SRTPO_RING_H

#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif

#include "card.h"
#include "engine.h"
#include "srtpo_regs.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "ring.c writes descriptors in host order: add byte swaps for big-endian hosts"
#endif

/* Ordering between ring memory and the doorbell / phase bit. */
#ifdef __KERNEL__
#define srtpo_wmb() wmb()
#define srtpo_rmb() rmb()
#else
#define srtpo_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define srtpo_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif

struct srtpo_ring {
	struct srtpo_card *card;
	uint32_t q;
	struct srtpo_hw_desc *sq;
	struct srtpo_hw_cpl *cq;
	uint32_t sq_log2, cq_log2;
	uint16_t sq_tail;      /* descriptors written (free-running) */
	uint16_t sq_rung;      /* sq_tail as last told to the card */
	uint16_t cq_head;      /* completions consumed (free-running) */
	uint16_t cq_told;      /* cq_head as last told to the card */
	uint16_t inflight;     /* posted, completion not yet reaped */
	/* The queue's shadow doorbell record (CAP_FEATURES.SHADOW_DB), or NULL: tails and heads
	 * go there, and SQ_TAIL is written only while the card says it is idle. */
	volatile struct srtpo_hw_shadow *shadow;
};

/*
 * Programs queue q (privileged QP block: rings, DMA window, key-slot range, shadow doorbell
 * record) and enables it. The rings must be zeroed host memory, 64-byte aligned, 1 << sq_log2
 * descriptors and 1 << cq_log2 completions (cq_log2 >= sq_log2); the window 4 KiB aligned; the
 * record (SRTPO_HW_SHADOW_BYTES, zeroed) 64-byte aligned, or NULL for doorbells through SQ_TAIL
 * only (only for a card with CAP_FEATURES.SHADOW_DB). Driver-side: a process never does this on a
 * real card. Returns 0, or -1 for bad sizes or alignment.
 */
int srtpo_ring_setup(struct srtpo_ring *r, struct srtpo_card *card, uint32_t q,
		     void *sq, uint64_t sq_bus, uint32_t sq_log2,
		     void *cq, uint64_t cq_bus, uint32_t cq_log2,
		     uint64_t win_bus, uint32_t win_size, uint32_t slot_base, uint32_t slot_count,
		     void *shadow, uint64_t shadow_bus);

/*
 * Takes over a queue that its owner (the kernel driver) has set up and reset: rings only, no
 * register is written. Returns 0, or -1 for sizes or alignment the ring code cannot use.
 */
int srtpo_ring_attach(struct srtpo_ring *r, struct srtpo_card *card,
		      const struct srtpo_card_queue *qm);

/* Stops fetching, drops what is in flight, zeroes the rings and indices, re-enables the queue.
 * Returns 0, or -1 when the card still has work of this queue in flight after timeout clocks
 * (the queue stays stopped: the caller must not reuse the window yet). With a transport that
 * owns the queue (card.h, queue_reset) the owner does all of this. */
int srtpo_ring_reset(struct srtpo_ring *r, uint64_t timeout);

/* Free submission entries. */
static inline uint32_t srtpo_ring_space(const struct srtpo_ring *r)
{
	uint32_t size = 1u << r->sq_log2;
	return size - 1u - r->inflight;
}

/* Copies *d to the next submission entry; the card sees it after srtpo_ring_doorbell().
 * Returns 0, or -1 when the ring is full. */
int srtpo_ring_post(struct srtpo_ring *r, const struct srtpo_hw_desc *d);

/*
 * The same without a copy, for the hot path: fill srtpo_ring_next() in place (every byte: the
 * entry holds the descriptor of a previous lap), then srtpo_ring_push(). The caller has checked
 * srtpo_ring_space().
 */
static inline struct srtpo_hw_desc *srtpo_ring_next(struct srtpo_ring *r)
{
	return &r->sq[r->sq_tail & ((1u << r->sq_log2) - 1)];
}

static inline void srtpo_ring_push(struct srtpo_ring *r)
{
	r->sq_tail++;
	r->inflight++;
}

/* The same for k entries filled at srtpo_ring_next() onwards (entry j at sq_tail + j), in one
 * step: the caller has checked srtpo_ring_space(). */
static inline void srtpo_ring_push_n(struct srtpo_ring *r, uint16_t k)
{
	r->sq_tail = (uint16_t)(r->sq_tail + k);
	r->inflight = (uint16_t)(r->inflight + k);
}

/*
 * The next completion if the card has written it, else NULL; srtpo_ring_take() then consumes it
 * without telling the card (srtpo_ring_release does, in one register write for many). Until
 * then the entry stays readable: the card never overwrites an unreleased completion, and with
 * cq_log2 > sq_log2 it never needs to while at most one submission ring of work is unreleased.
 */
static inline const struct srtpo_hw_cpl *srtpo_ring_peek(const struct srtpo_ring *r)
{
	const volatile struct srtpo_hw_cpl *e = &r->cq[r->cq_head & ((1u << r->cq_log2) - 1)];
	/* Phase is 1 on the first pass over the ring and flips on every wrap. */
	uint8_t phase = (uint8_t)(((r->cq_head >> r->cq_log2) & 1u) ^ 1u);

	if (!r->inflight || (e->flags & 1u) != phase)
		return NULL;
	srtpo_rmb();   /* the entry and the packet bytes after the phase bit */
	return (const struct srtpo_hw_cpl *)e;
}

static inline void srtpo_ring_take(struct srtpo_ring *r)
{
	r->cq_head++;
	r->inflight--;
}

/*
 * How many completions in a row, from the next one on, the card has written (at most max),
 * after checking that each carries the id its place expects: entry k must have id
 * (uint16_t)(first_id + k). Sets *bad when the run stops at an entry with another id (a card
 * that completes out of order, or garbage). A descriptor the card could not read completes as
 * SRTPO_HW_ST_DMA in its place, with whatever id the failed read gave: that is the entry its
 * place expects. Nothing is consumed: srtpo_ring_take_n() does.
 */
static inline uint32_t srtpo_ring_ready(const struct srtpo_ring *r, uint32_t max,
					uint16_t first_id, int *bad)
{
	const uint32_t log2 = r->cq_log2, mask = (1u << log2) - 1;
	uint16_t head = r->cq_head;
	uint32_t k;

	if (max > r->inflight)
		max = r->inflight;
	for (k = 0; k < max; k++, head++) {
		const volatile struct srtpo_hw_cpl *e = &r->cq[head & mask];

		if ((e->flags & 1u) != (((head >> log2) & 1u) ^ 1u))
			break;
		if (e->id != (uint16_t)(first_id + k) && e->status != SRTPO_HW_ST_DMA) {
			*bad = 1;
			break;
		}
	}
	srtpo_rmb();   /* the entries and the packet bytes after the phase bits */
	return k;
}

/* Whether the completion j places after the next one is written (its phase bit is this lap's);
 * an acquire barrier follows, for the entries before it and their packet bytes. */
static inline int srtpo_ring_written(const struct srtpo_ring *r, uint32_t j)
{
	uint16_t pos = (uint16_t)(r->cq_head + j);
	const volatile struct srtpo_hw_cpl *e = &r->cq[pos & ((1u << r->cq_log2) - 1)];
	int written = (e->flags & 1u) == ((((uint32_t)pos >> r->cq_log2) & 1u) ^ 1u);

	srtpo_rmb();
	return written;
}

/* Consumes k completions that srtpo_ring_ready() found (not told to the card yet). */
static inline void srtpo_ring_take_n(struct srtpo_ring *r, uint32_t k)
{
	r->cq_head = (uint16_t)(r->cq_head + k);
	r->inflight = (uint16_t)(r->inflight - k);
}

/* The completion at free-running position pos (cq_head counts them): for reading entries taken
 * but not released yet. */
static inline const struct srtpo_hw_cpl *srtpo_ring_cpl_at(const struct srtpo_ring *r,
							   uint16_t pos)
{
	return &r->cq[pos & ((1u << r->cq_log2) - 1)];
}

/* Tells the card about every posted descriptor: none if nothing new; with a shadow record, the
 * tail goes there and the register is written only when the card is idle; else one register
 * write. */
void srtpo_ring_doorbell(struct srtpo_ring *r);
/* Takes the next completion if the card has written it: returns 1 and fills *c, or 0. The slot
 * is returned to the card lazily (srtpo_ring_release, or when a quarter of the ring is due). */
int srtpo_ring_reap(struct srtpo_ring *r, struct srtpo_hw_cpl *c);
/* Tells the card which completions were consumed (in the shadow record when there is one: the
 * card reads it before it could run out of completion entries). */
void srtpo_ring_release(struct srtpo_ring *r);

/* Bytes the card reads and writes for an op: the furthest of the encrypted range, the
 * authenticated bytes and the tag. */
static inline uint32_t srtpo_op_pkt_len(const struct srtpo_op *op)
{
	uint32_t n = (uint32_t)op->enc_off + op->enc_len;
	uint32_t t = (uint32_t)op->tag_off + (op->ks ? op->ks->tag_len : 0);

	if (op->auth_len > n)
		n = op->auth_len;
	return t > n ? t : n;
}

/* One little-endian 64-bit word into ring memory. */
static inline void srtpo_put64(void *d, uint32_t off, uint64_t v)
{
	memcpy((uint8_t *)d + off, &v, 8);
}

/* The part of a packet descriptor's first word that comes from its key slot: tag length and
 * (absolute) card slot. A backend keeps it per loaded slot. */
static inline uint64_t srtpo_desc_w0_slot(uint8_t tag_len, uint16_t slot)
{
	return (uint64_t)tag_len << 16 | (uint64_t)slot << 32;
}

/*
 * Descriptor for a protect/unprotect op: pkt_len bytes at in_off of the window, result at
 * out_off; w0 holds the opcode (SRTPO_HW_OP_*), srtpo_desc_w0_slot() of its key slot and the
 * id at bit 48. Written as eight little-endian words, reserved bytes zero, so that it can go
 * straight into ring memory (srtpo_ring_next) with no memset and no second copy; the field
 * offsets are the ones srtpo_regs.h asserts.
 */
static inline void srtpo_desc_fill_packet_w0(struct srtpo_hw_desc *d, const struct srtpo_op *op,
					     uint64_t w0, uint16_t pkt_len, uint32_t in_off,
					     uint32_t out_off)
{
	srtpo_put64(d, 0, w0 | (uint64_t)(op->roc_append ? 1 : 0) << 8);
	srtpo_put64(d, 8, op->index & 0xffffffffffffull);
	srtpo_put64(d, 16, (uint64_t)op->ssrc | (uint64_t)op->roc << 32);
	srtpo_put64(d, 24, (uint64_t)op->enc_off | (uint64_t)op->enc_len << 16 |
			   (uint64_t)op->auth_len << 32 | (uint64_t)op->tag_off << 48);
	srtpo_put64(d, 32, pkt_len);
	srtpo_put64(d, 40, (uint64_t)in_off | (uint64_t)out_off << 32);
	srtpo_put64(d, 48, 0);
	srtpo_put64(d, 56, 0);
}

/* The same for key slot `slot` and id `id`; any opcode other than SRTPO_OP_PROTECT gives an
 * unprotect. */
static inline void srtpo_desc_fill_packet(struct srtpo_hw_desc *d, const struct srtpo_op *op,
					  uint16_t slot, uint16_t pkt_len, uint32_t in_off,
					  uint32_t out_off, uint16_t id)
{
	uint64_t opcode = op->opcode == SRTPO_OP_PROTECT ? SRTPO_HW_OP_PROTECT
							  : SRTPO_HW_OP_UNPROTECT;

	srtpo_desc_fill_packet_w0(d, op, opcode | srtpo_desc_w0_slot(op->ks->tag_len, slot) |
				  (uint64_t)id << 48, pkt_len, in_off, out_off);
}

/* The same, as an out-of-line call (for tests and tools building descriptors by hand). */
void srtpo_desc_packet(struct srtpo_hw_desc *d, const struct srtpo_op *op, uint16_t slot,
		       uint16_t pkt_len, uint32_t in_off, uint32_t out_off, uint16_t id);
/* Descriptor that loads the 96-byte key record at in_off into `slot` (every byte written, as
 * srtpo_desc_fill_packet). */
static inline void srtpo_desc_fill_load_key(struct srtpo_hw_desc *d, uint16_t slot,
					    uint32_t in_off, uint16_t id)
{
	srtpo_put64(d, 0, (uint64_t)SRTPO_HW_OP_LOAD_KEY | (uint64_t)slot << 32 | (uint64_t)id << 48);
	srtpo_put64(d, 8, 0);
	srtpo_put64(d, 16, 0);
	srtpo_put64(d, 24, 0);
	srtpo_put64(d, 32, SRTPO_HW_KEY_REC_BYTES);
	srtpo_put64(d, 40, in_off);
	srtpo_put64(d, 48, 0);
	srtpo_put64(d, 56, 0);
}

void srtpo_desc_load_key(struct srtpo_hw_desc *d, uint16_t slot, uint32_t in_off, uint16_t id);
/* Descriptor that wipes every key slot of the queue. */
void srtpo_desc_zero_keys(struct srtpo_hw_desc *d, uint16_t id);
/*
 * Writes the card's key record for a key slot: every one of its 96 bytes, so that it can be
 * built straight into DMA memory. Layout (rtl/README.md): AES key (32, zero-padded), salt (14),
 * cipher kind (0 null, 1 AES-128, 2 AES-256), auth kind (0 null, 1 HMAC-SHA1), HMAC inner and
 * outer midstates (5 big-endian words each), 8 zero bytes. Fixed-size copies and word stores
 * only: a key load happens for nearly every packet when a queue serves many more streams than
 * the card has slots.
 */
static inline void srtpo_key_record_fill(uint8_t rec[SRTPO_HW_KEY_REC_BYTES],
					 const struct srtpo_keyslot *ks)
{
	int cipher = ks->cipher == SRTPO_CIPHER_NULL ? 0 : ks->key_len == 32 ? 2 : 1;
	int auth = ks->auth != SRTPO_AUTH_NULL;

	if (cipher == 2) {
		memcpy(rec, ks->aes_key, 32);
	} else if (cipher == 1 && ks->key_len == 16) {
		memcpy(rec, ks->aes_key, 16);
		memset(rec + 16, 0, 16);
	} else {
		/* a null cipher carries no key; other lengths are refused by the card */
		memset(rec, 0, 32);
		if (cipher)
			memcpy(rec, ks->aes_key, ks->key_len < 32 ? ks->key_len : 32);
	}
	memcpy(rec + 32, ks->salt, 14);
	rec[46] = (uint8_t)cipher;
	rec[47] = (uint8_t)auth;
	if (auth) {
		/* two big-endian words at a time, as one 64-bit store */
		const uint32_t *in = ks->hmac_ipad_state, *out = ks->hmac_opad_state;

#define SRTPO_BE2(a, b) ((uint64_t)__builtin_bswap32(b) << 32 | __builtin_bswap32(a))
		srtpo_put64(rec, 48, SRTPO_BE2(in[0], in[1]));
		srtpo_put64(rec, 56, SRTPO_BE2(in[2], in[3]));
		srtpo_put64(rec, 64, SRTPO_BE2(in[4], out[0]));
		srtpo_put64(rec, 72, SRTPO_BE2(out[1], out[2]));
		srtpo_put64(rec, 80, SRTPO_BE2(out[3], out[4]));
#undef SRTPO_BE2
	} else {
		memset(rec + 48, 0, 40);
	}
	srtpo_put64(rec, 88, 0);
}

/* The same, out of line. */
void srtpo_key_record(uint8_t rec[SRTPO_HW_KEY_REC_BYTES], const struct srtpo_keyslot *ks);

#endif /* SRTPO_RING_H */
