/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * internal.h - libsrtpo's private types: sessions, streams, the SSRC table, replay windows.
 *
 * Layering (one direction of data, top to bottom):
 *   srtp.c     packet parsing, index estimation, replay, MKI; turns packets into srtpo_ops
 *   stream.c   sessions, streams, policies, templates, key blocks (master keys + derived keys)
 *   table.c    SSRC -> stream hash table, O(1)
 *   kdf.c      RFC 3711 4.3 key derivation, key slots (AES round keys, HMAC midstates)
 *   engine_*.c the engines that run srtpo_ops (x86 multi-buffer, intel-ipsec-mb, OpenSSL)
 */
#ifndef SRTPO_INTERNAL_H
#define SRTPO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "srtpo.h"

#define SRTPO_API __attribute__((visibility("default")))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

static inline bool srtpo_cipher_is_gcm(srtpo_cipher_t c)
{
	return c == SRTPO_CIPHER_AES_128_GCM || c == SRTPO_CIPHER_AES_256_GCM;
}

/* Zeroes memory in a way the compiler may not remove. */
void srtpo_wipe(void *p, size_t n);
/* Frees memory after zeroing n bytes of it. */
void srtpo_wipe_free(void *p, size_t n);

/* Zeroed, 64-byte-aligned objects in huge-page chunks (alloc.c); freed objects are wiped. */
void *srtpo_obj_alloc(size_t size);
void srtpo_obj_free(void *p, size_t size);

/* Lifetimes of a master key (RFC 3711 9.2). */
#define SRTPO_RTP_KEY_LIMIT (1ULL << 48)
#define SRTPO_RTCP_KEY_LIMIT (1ULL << 31)
#define SRTPO_RTCP_MAX_INDEX 0x7fffffffu
#define SRTPO_RTCP_WINDOW 128

/* KDF labels (RFC 3711 4.3.1, 4.3.2). */
enum srtpo_label {
	SRTPO_LABEL_RTP_ENC = 0,
	SRTPO_LABEL_RTP_AUTH = 1,
	SRTPO_LABEL_RTP_SALT = 2,
	SRTPO_LABEL_RTCP_ENC = 3,
	SRTPO_LABEL_RTCP_AUTH = 4,
	SRTPO_LABEL_RTCP_SALT = 5,
};

/*
 * AES-CM PRF of RFC 3711 4.3.3: out = AES-CM(master_key, (master_salt ^ (label || r)) << 16)
 * for out_len bytes. master_key_len is 16 or 32. Returns 0 or -1 (OpenSSL failure).
 */
int srtpo_kdf(const uint8_t *master_key, size_t master_key_len, const uint8_t master_salt[14],
	      uint8_t label, uint64_t r, uint8_t *out, size_t out_len);

/* FIPS-197 key expansion into 16-byte round keys in memory order (what AESENC takes). */
void srtpo_aes_expand_key(const uint8_t *key, size_t key_len, uint8_t *round_keys);

/* One master key and the session keys derived from it. Shared by streams cloned from a template
 * when the key derivation rate is 0 (their session keys are identical), else owned by one stream. */
struct srtpo_keyblock {
	struct srtpo_keyslot rtp;
	struct srtpo_keyslot rtcp;
	struct srtpo_keyslot *rtp_xtn; /* RFC 6904 header extension keys, NULL when not used */
	uint32_t refs;
	bool embedded;                /* lives in its stream's allocation, never shared */
	uint8_t master_key[SRTPO_MAX_KEY_LEN];
	uint8_t master_salt[SRTPO_SALT_LEN]; /* a 12-byte GCM salt is zero-padded (RFC 7714 12) */
	uint8_t master_key_len;
	uint8_t mki_len;
	uint8_t mki[SRTPO_MAX_MKI_LEN];
	uint64_t lifetime_rtp, lifetime_rtcp; /* packets allowed */
	uint64_t rtp_r, rtcp_r;       /* r = index DIV kdr the keys were derived for */
};

/* A replay window: highest index seen and a circular bitmap of the last `size` indexes. */
struct srtpo_replay {
	uint64_t highest;             /* highest index accepted (the packet index of the RFC) */
	uint32_t size;                /* window size W */
	uint32_t mask;                /* bitmap capacity - 1 (power of two, >= W) */
	uint64_t *bits;
};

struct srtpo_stream_key {
	struct srtpo_keyblock *kb;
	/* Packets this stream may still protect or unprotect with this key (its lifetime); kept
	 * here, not in the key block, so the packet path reads no key block line for it. */
	uint64_t rtp_left, rtcp_left;
};

/*
 * A stream. Laid out for the packet path: with 100,000 streams every packet's stream is a cache
 * miss, so what a packet touches is packed into three lines: line 0 (identity, policies, burst
 * state), line 1 (replay state and the RTP counters), line 2 (first key and the replay bitmaps).
 * The rarer counters live after the bitmaps (srtpo_stream_cold()).
 */
struct srtpo_stream {
	/* line 0 */
	uint32_t ssrc;
	uint8_t num_keys;
	uint8_t active_key;
	uint8_t mki_len;
	uint8_t kdr_shift;            /* log2(kdr) + 1, or 0 when kdr is 0 */
	bool allow_repeat_tx;
	bool is_template;
	bool embeds_kb;               /* keys[0].kb sits right before the stream */
	bool rtp_seen;                /* a packet was accepted: s_l is known (RFC 3711 3.3.1) */
	bool tent_seen;
	bool burst_failed;            /* a packet of this stream failed in this burst */
	bool burst_ok;                /* a packet of this stream succeeded in this burst */
	bool provisional;             /* cloned from a template for a packet not yet authentic */
	srtpo_crypto_policy_t rtp_policy, rtcp_policy;
	uint32_t rtcp_tx_index;       /* SRTCP: the sender's last index */
	uint16_t burst_first;         /* first item of this stream in the burst */
	uint8_t ext_mode;             /* SRTPO_EXT_*: header extension encryption of the stream */
	bool general;                 /* MKI, key derivation rate or header-extension work: its
				       * packets take srtp.c's general code, never the fast path */
	/* Burst bookkeeping (srtp.c): the state the burst's packets see before they commit. */
	uint64_t burst_gen;           /* session burst number the fields below belong to */
	uint64_t tent_highest;        /* highest index, counting packets still in flight */
	/* line 1: SRTP index state (RFC 3711 3.3.1): rtp_replay.highest = ROC << 16 | s_l */
	struct srtpo_replay rtp_replay;
	struct srtpo_replay rtcp_replay; /* SRTCP receiver window */
	uint64_t rtp_protected, rtp_unprotected;
	/* line 2 */
	struct srtpo_stream_key keys[];
	/* then the RTP and RTCP replay bitmaps, then struct srtpo_stream_cold */
};

struct srtpo_stream_cold {
	uint64_t rtcp_protected, rtcp_unprotected;
	uint64_t auth_failures, replays, malformed;
	uint8_t xtn_ids[32];          /* RFC 6904: bit i set = extension ID i is encrypted */
};

#define SRTPO_EXT_XTN 1               /* RFC 6904 IDs listed (and a cipher to use them) */
#define SRTPO_EXT_CRYPTEX 2           /* RFC 9335 on protect */

static inline struct srtpo_stream_cold *srtpo_stream_cold(const struct srtpo_stream *st)
{
	return (struct srtpo_stream_cold *)(st->rtcp_replay.bits + (st->rtcp_replay.mask + 1) / 64);
}

/* Where a stream that owns its first key block keeps it (see stream_alloc). */
static inline struct srtpo_keyblock *srtpo_stream_embedded_kb(const struct srtpo_stream *st)
{
	return (struct srtpo_keyblock *)((uintptr_t)st - sizeof(struct srtpo_keyblock));
}

/* Open-addressing hash table SSRC -> stream, linear probing, backward-shift deletion. */
#define SRTPO_SLOT_USED (1ULL << 32)
struct srtpo_table_slot {
	uint64_t key;                 /* SRTPO_SLOT_USED | SSRC, or 0 when empty: one compare
				       * tells a hit (used and this SSRC) */
	struct srtpo_stream *stream;
};

struct srtpo_table {
	struct srtpo_table_slot *slots;
	size_t mask;                  /* capacity - 1 */
	size_t count;
};

int srtpo_table_init(struct srtpo_table *t, size_t expected);
void srtpo_table_free(struct srtpo_table *t);
int srtpo_table_insert(struct srtpo_table *t, struct srtpo_stream *s);
struct srtpo_stream *srtpo_table_remove(struct srtpo_table *t, uint32_t ssrc);

static inline size_t srtpo_table_hash(uint32_t ssrc, size_t mask)
{
	/* SSRCs are random, but attackers choose them: multiply-shift spreads sequential ones. */
	return (size_t)(((uint64_t)ssrc * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

static inline struct srtpo_stream *srtpo_table_find(const struct srtpo_table *t, uint32_t ssrc)
{
	size_t i = srtpo_table_hash(ssrc, t->mask);
	uint64_t want = SRTPO_SLOT_USED | ssrc;

	for (;;) {
		const struct srtpo_table_slot *sl = &t->slots[i];

		if (sl->key == want)
			return sl->stream;
		if (!sl->key)
			return NULL;
		i = (i + 1) & t->mask;
	}
}

static inline void srtpo_table_prefetch(const struct srtpo_table *t, uint32_t ssrc)
{
	__builtin_prefetch(&t->slots[srtpo_table_hash(ssrc, t->mask)], 0, 1);
}

#define SRTPO_BURST_MAX 64
#define SRTPO_SCRATCH_SLOT 2048   /* out-of-place unprotect workspace per packet */

struct srtpo_session {
	struct srtpo_table table;
	struct srtpo_backend_card *card; /* NULL: the software engine runs everything */
	struct srtpo_stream *template_in;
	struct srtpo_stream *template_out;
	struct srtpo_sw_engine *engine;
	uint64_t burst_gen;
	/* Scratch for one burst (srtp.c). */
	struct srtpo_op ops[SRTPO_BURST_MAX];
	struct srtpo_burst_item {
		struct srtpo_stream *stream;
		struct srtpo_stream_key *key;
		uint64_t index;       /* packet index used */
		uint32_t op;          /* position in ops[], or UINT32_MAX when no op ran */
		uint8_t *heap;        /* workspace of a large out-of-place unprotect */
	} items[SRTPO_BURST_MAX];
	uint8_t *scratch;             /* (SRTPO_BURST_MAX + 1) * SRTPO_SCRATCH_SLOT bytes */
	struct srtpo_async *async;    /* bursts in flight (srtpo_submit), allocated on first use */
	uint64_t sw_ext;              /* cryptex ops run in software on a card */
	bool has_xtn;                 /* a stream with RFC 6904 IDs was added (flush looks for them) */
};

_Static_assert(SRTPO_ASYNC_BURST <= SRTPO_BURST_MAX, "an async burst is one burst");

/* A burst in flight (srtp.c). */
struct srtpo_async_burst {
	srtpo_packet_t *pkts;
	size_t n, nops, ok;
	void *user;
	uint64_t ticket;              /* card backend ticket (on_card) */
	uint8_t kind;
	bool protect, on_card, done;
	size_t nxops;                 /* header-extension ops at the end of ops[] (run at submit) */
	struct srtpo_op ops[SRTPO_BURST_MAX];
	struct srtpo_burst_item items[SRTPO_BURST_MAX];
	uint8_t *scratch;             /* SRTPO_BURST_MAX * SRTPO_SCRATCH_SLOT bytes */
};

struct srtpo_async {
	struct srtpo_async_burst b[SRTPO_ASYNC_DEPTH];
	uint32_t head, count;
	bool finishing;               /* inside a burst's commit: stream calls must not drain */
	uint32_t nclones;             /* template clones whose removal waits for an empty queue */
	uint32_t clones[SRTPO_ASYNC_DEPTH * SRTPO_BURST_MAX];
	uint8_t *scratch;
};

/* srtp.c: finishes (commits) every burst in flight; results stay for srtpo_poll. */
void srtpo_async_drain(srtpo_session_t *s);
void srtpo_async_free(srtpo_session_t *s);

/* backend.c: where a session's ops run */
int srtpo_backend_open(srtpo_session_t *s, srtpo_backend_t kind, const char *device);
void srtpo_backend_close(srtpo_session_t *s);
void srtpo_backend_run(srtpo_session_t *s, struct srtpo_op *ops, size_t n);
/* Starts ops without waiting: returns 1 and a ticket when a card took them, 0 when the software
 * engine already ran them. */
int srtpo_backend_submit(srtpo_session_t *s, struct srtpo_op *ops, size_t n, uint64_t *ticket);
int srtpo_backend_done(srtpo_session_t *s, uint64_t ticket, int wait);
const char *srtpo_backend_label(const srtpo_session_t *s);

/* stream.c */
struct srtpo_stream *srtpo_stream_clone(srtpo_session_t *s, const struct srtpo_stream *tmpl,
					uint32_t ssrc);
void srtpo_stream_free(struct srtpo_stream *st);
int srtpo_stream_rederive(struct srtpo_stream *st, struct srtpo_stream_key *k, bool rtcp,
			  uint64_t index);
void srtpo_replay_clear(struct srtpo_replay *rp);

/* Replay window operations. */
enum srtpo_replay_verdict { SRTPO_REPLAY_NEW, SRTPO_REPLAY_SEEN, SRTPO_REPLAY_TOO_OLD };

static inline bool srtpo_replay_bit(const struct srtpo_replay *rp, uint64_t index)
{
	uint64_t b = index & rp->mask;

	return (rp->bits[b >> 6] >> (b & 63)) & 1;
}

/* Verdict for index against a window whose highest accepted index is `highest`. */
static inline int srtpo_replay_check(const struct srtpo_replay *rp, uint64_t index)
{
	if (index > rp->highest)
		return SRTPO_REPLAY_NEW;
	if (rp->highest - index >= rp->size)
		return SRTPO_REPLAY_TOO_OLD;
	return srtpo_replay_bit(rp, index) ? SRTPO_REPLAY_SEEN : SRTPO_REPLAY_NEW;
}

static inline void srtpo_replay_add(struct srtpo_replay *rp, uint64_t index)
{
	if (index > rp->highest) {
		uint64_t d = index - rp->highest;

		/* in order (d == 1): no bit between the old highest and index to clear */
		if (likely(d == 1)) {
		} else if (d > rp->mask) {
			size_t words = ((size_t)rp->mask + 1) / 64;

			for (size_t w = 0; w < words; w++)
				rp->bits[w] = 0;
		} else {
			for (uint64_t i = rp->highest + 1; i < index; i++) {
				uint64_t b = i & rp->mask;

				rp->bits[b >> 6] &= ~(1ULL << (b & 63));
			}
		}
		rp->highest = index;
	}
	uint64_t b = index & rp->mask;

	rp->bits[b >> 6] |= 1ULL << (b & 63);
}

#endif /* SRTPO_INTERNAL_H */
