/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the card tests and the card bench: seeded keys and packet ops. */
#ifndef CARD_TEST_H
#define CARD_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "engine.h"
#include "ring.h"

static uint64_t rng_state = 1;

static inline uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11);
}

static inline void rnd_bytes(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

/* A key slot of a random suite (or a given one, suite >= 0: 0..5). */
static inline void make_key(struct srtpo_keyslot *ks, int suite)
{
	static const struct { srtpo_cipher_t c; size_t kl; srtpo_auth_t a; uint8_t tag; } s[] = {
		{SRTPO_CIPHER_AES_128_CM, 16, SRTPO_AUTH_HMAC_SHA1, 10},
		{SRTPO_CIPHER_AES_128_CM, 16, SRTPO_AUTH_HMAC_SHA1, 4},
		{SRTPO_CIPHER_AES_256_CM, 32, SRTPO_AUTH_HMAC_SHA1, 10},
		{SRTPO_CIPHER_AES_256_CM, 32, SRTPO_AUTH_HMAC_SHA1, 4},
		{SRTPO_CIPHER_NULL, 16, SRTPO_AUTH_HMAC_SHA1, 10},
		{SRTPO_CIPHER_AES_128_CM, 16, SRTPO_AUTH_NULL, 0},
	};
	uint8_t key[32], salt[14], ak[20];
	int i = suite >= 0 ? suite : (int)(rnd() % 6);

	rnd_bytes(key, sizeof(key));
	rnd_bytes(salt, sizeof(salt));
	rnd_bytes(ak, sizeof(ak));
	srtpo_keyslot_init(ks, s[i].c, key, s[i].kl, salt, s[i].a, ak, s[i].tag);
}

/* A protect op of an RTP-like (or SRTCP-like) packet of `payload` bytes in buf. */
static inline void make_op(struct srtpo_op *op, uint8_t *buf, const struct srtpo_keyslot *ks,
			   int payload)
{
	int rtcp = rnd() % 5 == 0;
	int hdr = rtcp ? 8 : 12 + 4 * (int)(rnd() % 3);
	int mki = rnd() % 4 == 0 ? 4 : 0;

	if (payload < 0)
		payload = (int)(rnd() % 1400);
	memset(op, 0, sizeof(*op));
	op->buf = buf;
	op->ks = ks;
	op->opcode = SRTPO_OP_PROTECT;
	op->ssrc = rnd();
	op->roc = rnd() & 0xffff;
	op->index = rtcp ? (rnd() & 0x7fffffff) : (((uint64_t)op->roc << 16) | (rnd() & 0xffff));
	op->enc_off = (uint16_t)hdr;
	op->enc_len = (uint16_t)payload;
	op->auth_len = (uint16_t)(hdr + payload + (rtcp ? 4 : 0));
	op->roc_append = !rtcp;
	op->tag_off = (uint16_t)(op->auth_len + mki);
	rnd_bytes(buf, (size_t)op->tag_off + ks->tag_len);
}

/* Hex dump of a packet for a failure report. */
static inline void dump(const char *what, const uint8_t *p, size_t n)
{
	fprintf(stderr, "  %s:", what);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s%02x", i % 32 ? "" : "\n    ", p[i]);
	fprintf(stderr, "\n");
}

#define CT_BURST_MAX  64
#define CT_BUF        1600

/*
 * One differential burst: n random ops (keys[] chosen at random; unprotect_pct of them real
 * protected packets, some tampered) on the card queue cs and on the software engine sw; any
 * difference in status or bytes prints the op, both packets and exits. Returns the ops the card
 * finished.
 */
static inline int ct_burst(struct srtpo_card_sim *cs, struct srtpo_sw_engine *sw,
			   const struct srtpo_keyslot *keys, unsigned nkeys, int n, int unprotect_pct,
			   const char *tag, unsigned long long seed)
{
	static uint8_t a[CT_BURST_MAX][CT_BUF], b[CT_BURST_MAX][CT_BUF];
	struct srtpo_op oa[CT_BURST_MAX], ob[CT_BURST_MAX];
	int done;

	if (n > CT_BURST_MAX)
		n = CT_BURST_MAX;
	for (int i = 0; i < n; i++) {
		make_op(&oa[i], a[i], &keys[rnd() % nkeys], -1);
		if ((int)(rnd() % 100) < unprotect_pct) {
			/* a real protected packet, sometimes tampered */
			srtpo_sw_engine_run(sw, &oa[i], 1);
			oa[i].opcode = SRTPO_OP_UNPROTECT;
			if (rnd() % 6 == 0)
				a[i][rnd() % srtpo_op_pkt_len(&oa[i])] ^= 1;
		}
		memcpy(b[i], a[i], CT_BUF);
		ob[i] = oa[i];
		ob[i].buf = b[i];
		oa[i].status = ob[i].status = 99;
	}
	done = srtpo_card_sim_run(cs, oa, (size_t)n);
	srtpo_sw_engine_run(sw, ob, (size_t)n);
	for (int i = 0; i < n; i++) {
		size_t len = srtpo_op_pkt_len(&ob[i]);

		if (oa[i].status != ob[i].status || memcmp(a[i], b[i], CT_BUF)) {
			fprintf(stderr, "FAIL %s seed %llu op %d: op %u suite cipher %u auth %u tag %u "
				"enc %u+%u auth_len %u tag_off %u: status card %d sw %d\n", tag, seed,
				i, oa[i].opcode, oa[i].ks->cipher, oa[i].ks->auth, oa[i].ks->tag_len,
				oa[i].enc_off, oa[i].enc_len, oa[i].auth_len, oa[i].tag_off,
				oa[i].status, ob[i].status);
			dump("expected", b[i], len);
			dump("actual", a[i], len);
			exit(1);
		}
	}
	return done;
}

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fprintf(stderr, "\n"); \
		exit(1); \
	} \
} while (0)

#endif /* CARD_TEST_H */
