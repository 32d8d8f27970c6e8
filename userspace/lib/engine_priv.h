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
	const EVP_CIPHER *aes128_ctr, *aes256_ctr;
	struct srtpo_imb *imb;        /* engine_imb.c state, NULL when unused */
};

static inline void srtpo_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Counter block: salt ^ (SSRC << 64) ^ (index << 16), big-endian. */
static inline void srtpo_op_iv(const struct srtpo_op *op, uint8_t iv[16])
{
	memcpy(iv, op->ks->salt, 16);
	iv[14] = iv[15] = 0;
	iv[4] ^= (uint8_t)(op->ssrc >> 24);
	iv[5] ^= (uint8_t)(op->ssrc >> 16);
	iv[6] ^= (uint8_t)(op->ssrc >> 8);
	iv[7] ^= (uint8_t)op->ssrc;
	for (int i = 0; i < 6; i++)
		iv[8 + i] ^= (uint8_t)(op->index >> (40 - 8 * i));
}

/* Constant-time compare of n bytes: the time does not depend on where they differ. */
static inline bool srtpo_tag_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint8_t d = 0;

	for (size_t i = 0; i < n; i++)
		d |= a[i] ^ b[i];
	return d == 0;
}

void srtpo_op_tag_openssl(const struct srtpo_op *op, uint8_t tag[20]);
int srtpo_imb_init(struct srtpo_sw_engine *eng);
void srtpo_imb_free(struct srtpo_sw_engine *eng);
void srtpo_imb_run(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n);

#endif /* SRTPO_ENGINE_PRIV_H */
