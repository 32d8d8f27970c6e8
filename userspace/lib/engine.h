/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * engine.h - the per-packet operation, in the form the card takes it (see ../../../shared or
 * docs: "the split between host and card"). The stream layer (ROC, replay, KDF, MKI) turns each
 * packet into one srtpo_op; an engine (software here, the card later) does the bulk work:
 *
 *   IV = salt ^ (SSRC << 64) ^ (index << 16)           (128-bit, salt in the top 112 bits)
 *   buf[enc_off .. enc_off+enc_len) ^= AES-CTR keystream(IV)
 *   tag = HMAC-SHA1(buf[0 .. auth_len) || ROC (4 bytes BE, when roc_append))[0 .. tag_len)
 *   protect:   encrypt, then write tag at buf[tag_off]
 *   unprotect: compute tag, compare in constant time with buf[tag_off]; on a match decrypt,
 *              otherwise leave buf untouched and report SRTPO_ERR_AUTH.
 *
 * AEAD (RFC 7714, key slot cipher AES_128_GCM / AES_256_GCM): the IV is the 12-byte salt ^
 * (00 00 || SSRC || 48-bit index), the AAD is buf[0 .. enc_off) followed by roc (4 bytes BE) when
 * roc_append (SRTCP: E bit || index), buf[enc_off .. enc_off+enc_len) is encrypted and the tag
 * (tag_len bytes) goes to / is checked at buf[tag_off]. auth_len is not used.
 *
 * Header extensions (op->flags; only srtpo_sw_engine_run_ext reads them, every other engine and
 * the card ignore them): SRTPO_OPF_XTN encrypts the RFC 6904 elements
 * whose IDs are set in op->xtn_ids with the keystream of op->xtn (protect: before the tag is
 * made; unprotect: after it is checked; srtp.c calls srtpo_xtn_apply around the op, which
 * itself runs anywhere). SRTPO_OPF_CRYPTEX encrypts the CSRCs and the extension
 * body as RFC 9335 says; the engine finds them in the packet (the 4-byte extension header at
 * xtn_off stays clear and counts as AAD for GCM).
 *
 * The sim harness links this interface to check the RTL bit for bit against the software engine.
 */
#ifndef SRTPO_ENGINE_H
#define SRTPO_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srtpo.h"

#ifdef __cplusplus
extern "C" {
#endif

enum srtpo_opcode {
	SRTPO_OP_PROTECT = 1,
	SRTPO_OP_UNPROTECT = 2,
};

/*
 * The derived session keys of one direction of one kind of traffic: exactly what a card key slot
 * holds (AES key, salt, HMAC midstates), plus the software engine's expanded AES round keys.
 */
struct srtpo_keyslot {
	/* The first cache line holds everything but the round keys: a packet touches 4 lines
	 * (AES-128) of its key slot, which matters when 100,000 streams do not fit in cache. */
	uint8_t cipher;               /* srtpo_cipher_t */
	uint8_t key_len;              /* 16 or 32 (also for null cipher, 16) */
	uint8_t auth;                 /* srtpo_auth_t */
	uint8_t tag_len;
	/* SHA-1 state H0..H4 (host order) after compressing (auth_key ^ ipad) / (auth_key ^ opad) */
	uint32_t hmac_ipad_state[5];
	uint32_t hmac_opad_state[5];
	uint8_t salt[16];             /* 14-byte session salt, zero-padded */
	/* New on every srtpo_keyslot_init, process-wide (never 0): a key slot's address and gen
	 * name its contents, so a card backend knows a slot it loaded without comparing keys.
	 * When the 32-bit counter wraps, srtpo_keyslot_epoch() changes. */
	uint32_t gen;
	uint32_t aes_enc_rk[60] __attribute__((aligned(64))); /* expanded encryption round keys */
	uint8_t aes_key[32];          /* session key, key_len bytes (the card's copy) */
	/* GCM ciphers: intel-ipsec-mb's precomputed key (round keys and GHASH powers), allocated by
	 * srtpo_keyslot_init and freed by srtpo_keyslot_wipe; NULL when ipsec-mb is not usable
	 * (the OpenSSL path needs only aes_key). */
	void *gcm;
	/* A card backend's hint: the card key slot (relative to its queue) it last loaded these
	 * keys into. Any value is safe: the backend checks the slot still holds this key slot at
	 * this gen before it uses it, so a hit costs no hash lookup. In the padding of the last
	 * line, which the key record of a load reads anyway. */
	uint32_t card_hint;
} __attribute__((aligned(64)));

/* Fills a key slot from session keys. auth_key is 20 bytes (ignored for null auth and GCM).
 * salt is 14 bytes (12 used for GCM). For GCM it allocates ks->gcm: release every key slot made
 * here with srtpo_keyslot_wipe. */
void srtpo_keyslot_init(struct srtpo_keyslot *ks, srtpo_cipher_t cipher, const uint8_t *key,
			size_t key_len, const uint8_t salt[14], srtpo_auth_t auth,
			const uint8_t auth_key[20], uint8_t tag_len);
/* Changes when the gen counter wraps: every gen seen before may come again. */
uint32_t srtpo_keyslot_epoch(void);
/* Zeroes a key slot (the compiler may not drop it) and frees what srtpo_keyslot_init allocated. */
void srtpo_keyslot_wipe(struct srtpo_keyslot *ks);

struct srtpo_op {
	uint8_t *buf;                 /* the packet, in place */
	const struct srtpo_keyslot *ks;
	uint64_t index;               /* 48-bit SRTP index or 31-bit SRTCP index */
	uint32_t ssrc;
	uint32_t roc;                 /* appended to the authenticated bytes when roc_append */
	uint16_t enc_off;
	uint16_t enc_len;             /* 0: nothing to encrypt */
	uint16_t auth_len;            /* bytes from buf[0] that are authenticated */
	uint16_t tag_off;             /* where the tag goes (protect) or is (unprotect) */
	uint8_t opcode;               /* enum srtpo_opcode */
	uint8_t roc_append;
	int16_t status;               /* set by the engine: SRTPO_OK or SRTPO_ERR_AUTH */
	/* header extensions (software only; 0 / NULL for the card) */
	uint8_t flags;                /* SRTPO_OPF_* */
	uint16_t xtn_off;             /* the extension header (profile, length) in buf */
	const struct srtpo_keyslot *xtn; /* RFC 6904 keystream key slot */
	const uint8_t *xtn_ids;       /* 256-bit map of the extension IDs to encrypt */
};

#define SRTPO_OPF_XTN 1               /* RFC 6904 elements (op->xtn, op->xtn_ids) */
#define SRTPO_OPF_CRYPTEX 2           /* RFC 9335: CSRCs and extension body */

struct srtpo_sw_engine;

/* Creates the best software engine this CPU can run (kind: NULL = best, or "openssl",
 * "ipsec-mb"). Returns NULL on allocation failure or an unknown kind. */
struct srtpo_sw_engine *srtpo_sw_engine_create(const char *kind);
void srtpo_sw_engine_destroy(struct srtpo_sw_engine *eng);
const char *srtpo_sw_engine_name(const struct srtpo_sw_engine *eng);
/* Runs ops[0..n) and sets each op's status. Ops are independent; they may be reordered inside. */
void srtpo_sw_engine_run(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n);
/* The same for ops with cryptex work (SRTPO_OPF_CRYPTEX; also takes SRTPO_OPF_XTN ops): one by
 * one, in software. */
void srtpo_sw_engine_run_ext(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n);
/* RFC 6904 on one op's extension (SRTPO_OPF_XTN): before the op runs on protect, after it
 * authenticated on unprotect; the op itself runs on any engine or the card. */
int srtpo_xtn_apply(struct srtpo_sw_engine *eng, const struct srtpo_op *op);
/* srtpo_xtn_apply on every SRTPO_OPF_XTN op of ops[0..n) (only_ok: those with status OK), the
 * first keystream blocks of several packets computed together. */
void srtpo_xtn_apply_burst(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n,
			   bool only_ok);

#ifdef __cplusplus
}
#endif

#endif /* SRTPO_ENGINE_H */
