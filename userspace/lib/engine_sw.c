// SPDX-License-Identifier: BSD-3-Clause
/*
 * engine_sw.c - the software engine: runs srtpo_ops on the fastest path this CPU has.
 *
 *   x86       AVX-512 multi-buffer HMAC-SHA1 + VAES counter mode (sw_x86.c), when built and usable
 *   ipsec-mb  intel-ipsec-mb synchronous cipher and hash bursts (engine_imb.c)
 *   openssl   OpenSSL: EVP AES-CTR and SHA-1 from the HMAC midstates; runs everywhere
 *
 * SRTPO_ENGINE=openssl|ipsec-mb|x86 in the environment overrides the choice (tests use it to
 * compare the paths); SRTPO_NO_X86=1 rules out the x86 path (valgrind does not know AVX-512).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define OPENSSL_SUPPRESS_DEPRECATED /* SHA1_Update from a midstate has no EVP form */
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "engine_priv.h"

/* ---- OpenSSL path ---- */

static void sha1_from_state(SHA_CTX *c, const uint32_t state[5])
{
	memset(c, 0, sizeof(*c));
	c->h0 = state[0];
	c->h1 = state[1];
	c->h2 = state[2];
	c->h3 = state[3];
	c->h4 = state[4];
	c->Nl = 512; /* one block (the key pad) already compressed */
}

void srtpo_op_tag_openssl(const struct srtpo_op *op, uint8_t tag[20])
{
	const struct srtpo_keyslot *ks = op->ks;
	uint8_t inner[20], roc[4];
	SHA_CTX c;

	sha1_from_state(&c, ks->hmac_ipad_state);
	SHA1_Update(&c, op->buf, op->auth_len);
	if (op->roc_append) {
		srtpo_put_be32(roc, op->roc);
		SHA1_Update(&c, roc, 4);
	}
	SHA1_Final(inner, &c);
	sha1_from_state(&c, ks->hmac_opad_state);
	SHA1_Update(&c, inner, 20);
	SHA1_Final(tag, &c);
	srtpo_wipe(&c, sizeof(c));
}

static int ctr_openssl(struct srtpo_sw_engine *eng, const struct srtpo_op *op)
{
	const struct srtpo_keyslot *ks = op->ks;
	const EVP_CIPHER *cipher = ks->key_len == 32 ? eng->aes256_ctr : eng->aes128_ctr;
	uint8_t iv[16];
	int len = 0;

	srtpo_op_iv(op, iv);
	if (EVP_EncryptInit_ex(eng->evp, cipher, NULL, ks->aes_key, iv) != 1 ||
	    EVP_EncryptUpdate(eng->evp, op->buf + op->enc_off, &len, op->buf + op->enc_off,
			      op->enc_len) != 1)
		return -1;
	return 0;
}

static void run_openssl(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct srtpo_op *op = &ops[i];
		const struct srtpo_keyslot *ks = op->ks;
		bool enc = ks->cipher != SRTPO_CIPHER_NULL && op->enc_len;
		uint8_t tag[20];

		op->status = SRTPO_OK;
		if (op->opcode == SRTPO_OP_PROTECT) {
			if (enc && ctr_openssl(eng, op)) {
				op->status = SRTPO_ERR_BACKEND;
				continue;
			}
			if (ks->auth != SRTPO_AUTH_NULL) {
				srtpo_op_tag_openssl(op, tag);
				memcpy(op->buf + op->tag_off, tag, ks->tag_len);
			}
		} else {
			if (ks->auth != SRTPO_AUTH_NULL) {
				srtpo_op_tag_openssl(op, tag);
				if (!srtpo_tag_equal(tag, op->buf + op->tag_off, ks->tag_len)) {
					op->status = SRTPO_ERR_AUTH;
					continue;
				}
			}
			if (enc && ctr_openssl(eng, op))
				op->status = SRTPO_ERR_BACKEND;
		}
	}
}

/* ---- dispatcher ---- */

struct srtpo_sw_engine *srtpo_sw_engine_create(const char *kind)
{
	struct srtpo_sw_engine *eng = calloc(1, sizeof(*eng));
	const char *env = getenv("SRTPO_ENGINE");
	bool no_x86 = getenv("SRTPO_NO_X86") && strcmp(getenv("SRTPO_NO_X86"), "0");

	if (!eng)
		return NULL;
	if (!kind && env && *env)
		kind = env;
	eng->evp = EVP_CIPHER_CTX_new();
	eng->aes128_ctr = EVP_aes_128_ctr();
	eng->aes256_ctr = EVP_aes_256_ctr();
	if (!eng->evp) {
		srtpo_sw_engine_destroy(eng);
		errno = ENOMEM;
		return NULL;
	}
	eng->kind = SRTPO_ENGINE_OPENSSL;
	eng->name = "sw-openssl";
	if (kind && !strcmp(kind, "openssl"))
		return eng;
#ifdef SRTPO_HAVE_X86
	if ((!kind || !strcmp(kind, "x86")) && !no_x86 && srtpo_x86_available()) {
		eng->kind = SRTPO_ENGINE_X86;
		eng->name = "sw-x86-avx512";
		return eng;
	}
	if (kind && !strcmp(kind, "x86"))
		goto fail;
#else
	(void)no_x86;
#endif
	if (!kind || !strcmp(kind, "ipsec-mb")) {
		if (srtpo_imb_init(eng) == 0) {
			eng->kind = SRTPO_ENGINE_IMB;
			return eng;
		}
		if (kind)
			goto fail;
		return eng; /* no usable ipsec-mb: OpenSSL */
	}
fail:
	srtpo_sw_engine_destroy(eng);
	/* not memory: an engine this build or CPU cannot run, or a name that is none (the caller
	 * tells the two apart by errno) */
	errno = ENOTSUP;
	return NULL;
}

void srtpo_sw_engine_destroy(struct srtpo_sw_engine *eng)
{
	if (!eng)
		return;
	srtpo_imb_free(eng);
	EVP_CIPHER_CTX_free(eng->evp);
	srtpo_wipe_free(eng, sizeof(*eng));
}

const char *srtpo_sw_engine_name(const struct srtpo_sw_engine *eng)
{
	return eng->name;
}

void srtpo_sw_engine_run(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n)
{
	switch (eng->kind) {
#ifdef SRTPO_HAVE_X86
	case SRTPO_ENGINE_X86:
		srtpo_x86_run(ops, n);
		return;
#endif
	case SRTPO_ENGINE_IMB:
		srtpo_imb_run(eng, ops, n);
		return;
	default:
		run_openssl(eng, ops, n);
		return;
	}
}
