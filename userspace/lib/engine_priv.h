/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_priv.h - what the software engine's paths share. */
#ifndef SRTPO_ENGINE_PRIV_H
#define SRTPO_ENGINE_PRIV_H

#include <string.h>

#include <openssl/evp.h>

#include "internal.h"
#ifdef SRTPO_HAVE_X86
#include "sw_x86.h"
#endif

enum srtpo_engine_kind { SRTPO_ENGINE_OPENSSL, SRTPO_ENGINE_IMB, SRTPO_ENGINE_X86 };

struct srtpo_sw_engine {
	enum srtpo_engine_kind kind;
	const char *name;
	EVP_CIPHER_CTX *evp;
	const EVP_CIPHER *aes128_ctr, *aes192_ctr, *aes256_ctr, *aes128_gcm, *aes256_gcm;
	struct srtpo_imb *imb;        /* engine_imb.c state, NULL when unused (GCM uses it on the
				       * x86 engine too) */
	uint8_t *aad;                 /* SRTPO_MAX_PACKET + 4: an SRTCP AAD (header || E || index) */
	bool imb_tried;               /* x86 engine: ipsec-mb set up (or tried) at the first GCM op */
};

static inline void srtpo_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Big-endian loads and stores of unaligned words: a packet's IV is a few word XORs, not a byte
 * loop (this runs once or twice per packet). */
static inline uint64_t srtpo_load_be64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return __builtin_bswap64(v);
}

static inline void srtpo_store_be64(uint8_t *p, uint64_t v)
{
	v = __builtin_bswap64(v);
	memcpy(p, &v, 8);
}

static inline uint32_t srtpo_load_be32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return __builtin_bswap32(v);
}

/* Counter block of a key slot: salt ^ (SSRC << 64) ^ (index << 16), big-endian; the low 16
 * bits (the block counter) zero. */
static inline void srtpo_iv_of(const struct srtpo_keyslot *ks, uint32_t ssrc, uint64_t index,
			       uint8_t iv[16])
{
	srtpo_store_be64(iv, srtpo_load_be64(ks->salt) ^ ssrc);
	srtpo_store_be64(iv + 8, (srtpo_load_be64(ks->salt + 8) ^ (index << 16)) & ~(uint64_t)0xffff);
}

static inline void srtpo_op_iv(const struct srtpo_op *op, uint8_t iv[16])
{
	srtpo_iv_of(op->ks, op->ssrc, op->index, iv);
}

/* RFC 7714 8.1 / 9.1 IV: 12-byte salt ^ (00 00 || SSRC || 48-bit index). */
static inline void srtpo_op_gcm_iv(const struct srtpo_op *op, uint8_t iv[12])
{
	uint32_t hi = srtpo_load_be32(op->ks->salt) ^ (op->ssrc >> 16);
	uint64_t lo = srtpo_load_be64(op->ks->salt + 4) ^ ((uint64_t)(op->ssrc & 0xffff) << 48) ^
		      (op->index & 0xffffffffffffull);

	hi = __builtin_bswap32(hi);
	memcpy(iv, &hi, 4);
	srtpo_store_be64(iv + 4, lo);
}

/* The AAD of a GCM op: buf[0..enc_off), then the 4-byte tail (SRTCP E || index) when
 * roc_append, gathered into eng->aad. */
static inline const uint8_t *srtpo_op_gcm_aad(struct srtpo_sw_engine *eng,
					      const struct srtpo_op *op, size_t *len)
{
	if (!op->roc_append) {
		*len = op->enc_off;
		return op->buf;
	}
	memcpy(eng->aad, op->buf, op->enc_off);
	srtpo_put_be32(eng->aad + op->enc_off, op->roc);
	*len = (size_t)op->enc_off + 4;
	return eng->aad;
}

/* Constant-time compare of n bytes: the time does not depend on where they differ. Tags are
 * 4..20 bytes: whole words first, then the bytes left. */
static inline bool srtpo_tag_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint64_t d = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;

		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		d |= x ^ y;
	}
	for (; i < n; i++)
		d |= (uint8_t)(a[i] ^ b[i]);
	return d == 0;
}

void srtpo_op_tag_openssl(const struct srtpo_op *op, uint8_t tag[20]);
/* GCM on one op (engine.h): protect writes the tag, unprotect checks it and leaves the buffer
 * as it was on a mismatch. Returns SRTPO_OK, SRTPO_ERR_AUTH or SRTPO_ERR_BACKEND. */
int srtpo_gcm_openssl(struct srtpo_sw_engine *eng, const struct srtpo_op *op);
int srtpo_imb_gcm(struct srtpo_sw_engine *eng, const struct srtpo_op *op);
void srtpo_imb_ctr(struct srtpo_sw_engine *eng, struct srtpo_op *op);
int srtpo_imb_init(struct srtpo_sw_engine *eng);
void srtpo_imb_free(struct srtpo_sw_engine *eng);
void srtpo_imb_run(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n);

#endif /* SRTPO_ENGINE_PRIV_H */
