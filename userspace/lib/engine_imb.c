// SPDX-License-Identifier: BSD-3-Clause
/*
 * engine_imb.c - srtpo_ops on intel-ipsec-mb: synchronous AES-CTR bursts (one per key size) and
 * HMAC-SHA1 bursts (multi-buffer) per chunk of ops. Protect runs cipher then hash; unprotect runs
 * hash, compares, then deciphers only the packets that authenticated, so a forged packet's
 * buffer is never touched.
 */
#include <stdlib.h>
#include <string.h>

#include <intel-ipsec-mb.h>

#include "engine_priv.h"

#define IMB_CHUNK 64

struct srtpo_imb {
	IMB_MGR *mgr;
	IMB_JOB jobs[IMB_CHUNK];
	uint8_t iv[IMB_CHUNK][16] __attribute__((aligned(16)));
	uint8_t tag[IMB_CHUNK][20] __attribute__((aligned(16)));
	uint8_t saved[IMB_CHUNK][4];
	uint16_t pos[IMB_CHUNK];
};

int srtpo_imb_init(struct srtpo_sw_engine *eng)
{
	struct srtpo_imb *st = aligned_alloc(64, (sizeof(*st) + 63) & ~(size_t)63);
	IMB_ARCH arch = IMB_ARCH_NONE;

	if (!st)
		return -1;
	memset(st, 0, sizeof(*st));
	st->mgr = alloc_mb_mgr(0);
	if (!st->mgr) {
		free(st);
		return -1;
	}
	init_mb_mgr_auto(st->mgr, &arch);
	if (imb_get_errno(st->mgr) || arch == IMB_ARCH_NONE || arch == IMB_ARCH_NOAESNI) {
		free_mb_mgr(st->mgr);
		free(st);
		return -1;
	}
	switch (arch) {
	case IMB_ARCH_AVX512: eng->name = "sw-ipsec-mb-avx512"; break;
	case IMB_ARCH_AVX2: eng->name = "sw-ipsec-mb-avx2"; break;
	case IMB_ARCH_AVX: eng->name = "sw-ipsec-mb-avx"; break;
	default: eng->name = "sw-ipsec-mb-sse"; break;
	}
	eng->imb = st;
	return 0;
}

void srtpo_imb_free(struct srtpo_sw_engine *eng)
{
	struct srtpo_imb *st = eng->imb;

	if (!st)
		return;
	free_mb_mgr(st->mgr);
	srtpo_wipe_free(st, sizeof(*st));
	eng->imb = NULL;
}

/* AES-CTR over the ops listed in idx[0..m) that use keys of key_len bytes. */
static void ctr_burst(struct srtpo_imb *st, struct srtpo_op *ops, const uint16_t *idx, size_t m,
		      unsigned key_len)
{
	size_t k = 0;

	for (size_t j = 0; j < m; j++) {
		struct srtpo_op *op = &ops[idx[j]];
		IMB_JOB *job = &st->jobs[k];

		if (op->ks->key_len != key_len)
			continue;
		srtpo_op_iv(op, st->iv[k]);
		job->cipher_mode = IMB_CIPHER_CNTR;
		job->cipher_direction = IMB_DIR_ENCRYPT;
		job->chain_order = IMB_ORDER_CIPHER_HASH;
		job->hash_alg = IMB_AUTH_NULL;
		job->enc_keys = op->ks->aes_enc_rk;
		job->dec_keys = op->ks->aes_enc_rk;
		job->key_len_in_bytes = key_len;
		job->src = op->buf;
		job->dst = op->buf + op->enc_off;
		job->cipher_start_src_offset_in_bytes = op->enc_off;
		job->msg_len_to_cipher_in_bytes = op->enc_len;
		job->iv = st->iv[k];
		job->iv_len_in_bytes = 16;
		k++;
	}
	if (k)
		IMB_SUBMIT_CIPHER_BURST_NOCHECK(st->mgr, st->jobs, (uint32_t)k, IMB_CIPHER_CNTR,
						IMB_DIR_ENCRYPT,
						key_len == 32 ? IMB_KEY_256_BYTES : IMB_KEY_128_BYTES);
}

static void ctr_all(struct srtpo_imb *st, struct srtpo_op *ops, const uint16_t *idx, size_t m)
{
	bool has256 = false;

	ctr_burst(st, ops, idx, m, 16);
	for (size_t j = 0; j < m && !has256; j++)
		has256 = ops[idx[j]].ks->key_len == 32;
	if (has256)
		ctr_burst(st, ops, idx, m, 32);
}

/* HMAC-SHA1 of the ops in idx[0..m) into st->tag[j]; the ROC goes in the 4 bytes after the
 * authenticated part for the duration of the hash (they are saved and put back). */
static void hmac_burst(struct srtpo_imb *st, struct srtpo_op *ops, const uint16_t *idx, size_t m)
{
	for (size_t j = 0; j < m; j++) {
		struct srtpo_op *op = &ops[idx[j]];
		IMB_JOB *job = &st->jobs[j];

		if (op->roc_append) {
			memcpy(st->saved[j], op->buf + op->auth_len, 4);
			srtpo_put_be32(op->buf + op->auth_len, op->roc);
		}
		job->cipher_mode = IMB_CIPHER_NULL;
		job->hash_alg = IMB_AUTH_HMAC_SHA_1;
		job->chain_order = IMB_ORDER_HASH_CIPHER;
		job->src = op->buf;
		job->hash_start_src_offset_in_bytes = 0;
		job->msg_len_to_hash_in_bytes = op->auth_len + (op->roc_append ? 4u : 0u);
		job->auth_tag_output = st->tag[j];
		job->auth_tag_output_len_in_bytes = op->ks->tag_len <= 12 ? 12 : 20;
		/* ipsec-mb takes the midstates as host-order words, as the key slot holds them */
		job->u.HMAC._hashed_auth_key_xor_ipad = (const uint8_t *)op->ks->hmac_ipad_state;
		job->u.HMAC._hashed_auth_key_xor_opad = (const uint8_t *)op->ks->hmac_opad_state;
	}
	if (m)
		IMB_SUBMIT_HASH_BURST_NOCHECK(st->mgr, st->jobs, (uint32_t)m, IMB_AUTH_HMAC_SHA_1);
	for (size_t j = 0; j < m; j++) {
		struct srtpo_op *op = &ops[idx[j]];

		if (op->roc_append)
			memcpy(op->buf + op->auth_len, st->saved[j], 4);
	}
}

static void run_chunk(struct srtpo_imb *st, struct srtpo_op *ops, size_t n)
{
	uint16_t enc[IMB_CHUNK], auth[IMB_CHUNK];
	size_t ne = 0, na = 0;
	bool protect = true;

	for (size_t i = 0; i < n; i++) {
		ops[i].status = SRTPO_OK;
		if (ops[i].opcode != SRTPO_OP_PROTECT)
			protect = false;
	}
	if (protect) {
		for (size_t i = 0; i < n; i++) {
			if (ops[i].ks->cipher != SRTPO_CIPHER_NULL && ops[i].enc_len)
				enc[ne++] = (uint16_t)i;
			if (ops[i].ks->auth != SRTPO_AUTH_NULL)
				auth[na++] = (uint16_t)i;
		}
		ctr_all(st, ops, enc, ne);
		hmac_burst(st, ops, auth, na);
		for (size_t j = 0; j < na; j++) {
			struct srtpo_op *op = &ops[auth[j]];

			memcpy(op->buf + op->tag_off, st->tag[j], op->ks->tag_len);
		}
		return;
	}
	/* Unprotect (or a mixed chunk): authenticate first, then decipher what passed. */
	for (size_t i = 0; i < n; i++)
		if (ops[i].ks->auth != SRTPO_AUTH_NULL)
			auth[na++] = (uint16_t)i;
	/* Protect ops in a mixed chunk must be enciphered before they are hashed. */
	for (size_t i = 0; i < n; i++)
		if (ops[i].opcode == SRTPO_OP_PROTECT && ops[i].ks->cipher != SRTPO_CIPHER_NULL &&
		    ops[i].enc_len)
			enc[ne++] = (uint16_t)i;
	ctr_all(st, ops, enc, ne);
	hmac_burst(st, ops, auth, na);
	for (size_t j = 0; j < na; j++) {
		struct srtpo_op *op = &ops[auth[j]];

		if (op->opcode == SRTPO_OP_PROTECT)
			memcpy(op->buf + op->tag_off, st->tag[j], op->ks->tag_len);
		else if (!srtpo_tag_equal(st->tag[j], op->buf + op->tag_off, op->ks->tag_len))
			op->status = SRTPO_ERR_AUTH;
	}
	ne = 0;
	for (size_t i = 0; i < n; i++)
		if (ops[i].opcode != SRTPO_OP_PROTECT && ops[i].status == SRTPO_OK &&
		    ops[i].ks->cipher != SRTPO_CIPHER_NULL && ops[i].enc_len)
			enc[ne++] = (uint16_t)i;
	ctr_all(st, ops, enc, ne);
}

/*
 * GCM on one op with ipsec-mb's direct API and the key slot's precomputed key. Unprotect decrypts
 * in place and checks the tag; on a mismatch it encrypts the plaintext again with the same IV,
 * which gives the ciphertext back (counter mode), so a forged packet leaves the buffer as it was.
 */
int srtpo_imb_gcm(struct srtpo_sw_engine *eng, const struct srtpo_op *op)
{
	struct srtpo_imb *st = eng->imb;
	const struct gcm_key_data *kd = op->ks->gcm;
	struct gcm_context_data ctx;
	uint8_t iv[12], tag[16];
	uint8_t *data = op->buf + op->enc_off;
	unsigned tl = op->ks->tag_len;
	size_t aad_len;
	const uint8_t *aad = srtpo_op_gcm_aad(eng, op, &aad_len);
	bool k256 = op->ks->key_len == 32;

	srtpo_op_gcm_iv(op, iv);
	if (op->opcode == SRTPO_OP_PROTECT) {
		if (k256)
			IMB_AES256_GCM_ENC(st->mgr, kd, &ctx, data, data, op->enc_len, iv, aad, aad_len,
					   op->buf + op->tag_off, tl);
		else
			IMB_AES128_GCM_ENC(st->mgr, kd, &ctx, data, data, op->enc_len, iv, aad, aad_len,
					   op->buf + op->tag_off, tl);
		return SRTPO_OK;
	}
	if (k256)
		IMB_AES256_GCM_DEC(st->mgr, kd, &ctx, data, data, op->enc_len, iv, aad, aad_len, tag,
				   tl);
	else
		IMB_AES128_GCM_DEC(st->mgr, kd, &ctx, data, data, op->enc_len, iv, aad, aad_len, tag,
				   tl);
	if (srtpo_tag_equal(tag, op->buf + op->tag_off, tl))
		return SRTPO_OK;
	if (k256)
		IMB_AES256_GCM_ENC(st->mgr, kd, &ctx, data, data, op->enc_len, iv, aad, aad_len, tag,
				   tl);
	else
		IMB_AES128_GCM_ENC(st->mgr, kd, &ctx, data, data, op->enc_len, iv, aad, aad_len, tag,
				   tl);
	return SRTPO_ERR_AUTH;
}

/* AES-CTR alone over one op's enc range (16- or 32-byte keys). */
void srtpo_imb_ctr(struct srtpo_sw_engine *eng, struct srtpo_op *op)
{
	uint16_t idx = 0;

	ctr_burst(eng->imb, op, &idx, 1, op->ks->key_len);
}

void srtpo_imb_run(struct srtpo_sw_engine *eng, struct srtpo_op *ops, size_t n)
{
	for (size_t i = 0; i < n; i += IMB_CHUNK)
		run_chunk(eng->imb, ops + i, n - i < IMB_CHUNK ? n - i : IMB_CHUNK);
}
