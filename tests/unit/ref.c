// SPDX-License-Identifier: BSD-3-Clause
/* ref.c - the tests' own SRTP/SRTCP from RFC 3711 on OpenSSL primitives (see ref.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "ref.h"

static void die(const char *what)
{
	fprintf(stderr, "ref: OpenSSL failed in %s\n", what);
	exit(2);
}

void ref_aes_block(const uint8_t *key, size_t key_len, const uint8_t in[16], uint8_t out[16])
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0;

	if (!ctx ||
	    EVP_EncryptInit_ex(ctx, key_len == 32 ? EVP_aes_256_ecb() : EVP_aes_128_ecb(), NULL,
			       key, NULL) != 1 ||
	    EVP_CIPHER_CTX_set_padding(ctx, 0) != 1 || EVP_EncryptUpdate(ctx, out, &n, in, 16) != 1 ||
	    n != 16)
		die("AES-ECB");
	EVP_CIPHER_CTX_free(ctx);
}

void ref_hmac_sha1(const uint8_t *key, size_t key_len, const uint8_t *a, size_t a_len,
		   const uint8_t *b, size_t b_len, uint8_t out[20])
{
	uint8_t *cat = malloc(a_len + b_len + 1);
	unsigned int n = 0;

	if (!cat)
		die("malloc");
	if (a_len)
		memcpy(cat, a, a_len);
	if (b_len)
		memcpy(cat + a_len, b, b_len);
	if (!HMAC(EVP_sha1(), key, (int)key_len, cat, a_len + b_len, out, &n) || n != 20)
		die("HMAC");
	free(cat);
}

/* Adds j to a 128-bit big-endian counter block. */
static void block_add(uint8_t blk[16], uint64_t j)
{
	for (int i = 15; i >= 0 && j; i--) {
		uint64_t s = blk[i] + (j & 0xff);

		blk[i] = (uint8_t)s;
		j = (j >> 8) + (s >> 8);
	}
}

/* Keystream from an initial 128-bit counter block IV, one AES block per 16 bytes. */
static void ctr_xor(const uint8_t *key, size_t key_len, const uint8_t iv[16], uint8_t *buf,
		    size_t n)
{
	for (size_t off = 0, j = 0; off < n; off += 16, j++) {
		uint8_t blk[16], ks[16];

		memcpy(blk, iv, 16);
		block_add(blk, j);
		ref_aes_block(key, key_len, blk, ks);
		for (size_t i = 0; i < 16 && off + i < n; i++)
			buf[off + i] ^= ks[i];
	}
}

void ref_kdf(const uint8_t *master_key, size_t mk_len, const uint8_t master_salt[14],
	     uint8_t label, uint64_t r, uint8_t *out, size_t n)
{
	/* key_id = label || r (7 bytes: label, then r as 48 bits), x = key_id XOR master_salt
	 * right-aligned in 14 bytes, IV = x * 2^16 (RFC 3711 4.3.1, 4.3.3). */
	uint8_t key_id[14] = { 0 }, iv[16] = { 0 };

	key_id[7] = label;
	for (int i = 0; i < 6; i++)
		key_id[8 + i] = (uint8_t)(r >> (40 - 8 * i));
	for (int i = 0; i < 14; i++)
		iv[i] = key_id[i] ^ master_salt[i];
	memset(out, 0, n);
	ctr_xor(master_key, mk_len, iv, out, n);
}

void ref_derive(struct ref_keys *k, const srtpo_crypto_policy_t *pol, const uint8_t *master_key,
		size_t mk_len, const uint8_t master_salt[14], int rtcp, uint64_t r)
{
	uint8_t base = rtcp ? 3 : 0;

	memset(k, 0, sizeof(*k));
	k->pol = *pol;
	k->enc_len = pol->cipher == SRTPO_CIPHER_AES_256_CM ? 32 : 16;
	ref_kdf(master_key, mk_len, master_salt, base + 0, r, k->enc, k->enc_len);
	ref_kdf(master_key, mk_len, master_salt, base + 1, r, k->auth, 20);
	ref_kdf(master_key, mk_len, master_salt, base + 2, r, k->salt, 14);
}

void ref_keystream_xor(const uint8_t *key, size_t key_len, const uint8_t salt[14], uint32_t ssrc,
		       uint64_t index, uint8_t *buf, size_t n)
{
	/* IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), RFC 3711 4.1.1 */
	uint8_t iv[16] = { 0 };

	memcpy(iv, salt, 14);
	for (int i = 0; i < 4; i++)
		iv[4 + i] ^= (uint8_t)(ssrc >> (24 - 8 * i));
	for (int i = 0; i < 6; i++)
		iv[8 + i] ^= (uint8_t)(index >> (40 - 8 * i));
	ctr_xor(key, key_len, iv, buf, n);
}

size_t ref_rtp_header_len(const uint8_t *pkt, size_t len)
{
	size_t h;

	if (len < 12)
		return 0;
	h = 12 + 4 * (size_t)(pkt[0] & 0x0f);
	if (pkt[0] & 0x10) {
		if (len < h + 4)
			return 0;
		h += 4 + 4 * (size_t)(pkt[h + 2] << 8 | pkt[h + 3]);
	}
	return h <= len ? h : 0;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

size_t ref_srtp_protect(const struct ref_keys *k, const uint8_t *in, size_t len, uint32_t roc,
			const uint8_t *mki, size_t mki_len, uint8_t *out)
{
	size_t h = ref_rtp_header_len(in, len);
	uint16_t seq = (uint16_t)(in[2] << 8 | in[3]);
	uint64_t index = (uint64_t)roc << 16 | seq;
	uint8_t roc_be[4] = { (uint8_t)(roc >> 24), (uint8_t)(roc >> 16), (uint8_t)(roc >> 8),
			      (uint8_t)roc };
	uint8_t tag[20];

	memmove(out, in, len);
	if (k->pol.cipher != SRTPO_CIPHER_NULL)
		ref_keystream_xor(k->enc, k->enc_len, k->salt, be32(in + 8), index, out + h,
				  len - h);
	/* Authenticated portion: header and encrypted payload, then the ROC (RFC 3711 4.2). */
	if (k->pol.auth != SRTPO_AUTH_NULL)
		ref_hmac_sha1(k->auth, 20, out, len, roc_be, 4, tag);
	if (mki_len)
		memcpy(out + len, mki, mki_len);
	if (k->pol.auth != SRTPO_AUTH_NULL) {
		memcpy(out + len + mki_len, tag, k->pol.tag_len);
		return len + mki_len + k->pol.tag_len;
	}
	return len + mki_len;
}

size_t ref_srtcp_protect(const struct ref_keys *k, const uint8_t *in, size_t len, uint32_t index,
			 const uint8_t *mki, size_t mki_len, uint8_t *out)
{
	int enc = k->pol.cipher != SRTPO_CIPHER_NULL;
	uint32_t e_index = (enc ? 0x80000000u : 0) | (index & 0x7fffffffu);
	uint8_t tag[20];
	size_t n;

	memmove(out, in, len);
	/* Everything after the first 8 bytes (header + sender SSRC) is encrypted (3.4). */
	if (enc)
		ref_keystream_xor(k->enc, k->enc_len, k->salt, be32(in + 4), index, out + 8,
				  len - 8);
	out[len] = (uint8_t)(e_index >> 24);
	out[len + 1] = (uint8_t)(e_index >> 16);
	out[len + 2] = (uint8_t)(e_index >> 8);
	out[len + 3] = (uint8_t)e_index;
	n = len + 4;
	/* Authenticated portion: the packet and E || SRTCP index; MKI and tag follow it. */
	if (k->pol.auth != SRTPO_AUTH_NULL)
		ref_hmac_sha1(k->auth, 20, out, n, NULL, 0, tag);
	if (mki_len)
		memcpy(out + n, mki, mki_len);
	n += mki_len;
	if (k->pol.auth != SRTPO_AUTH_NULL) {
		memcpy(out + n, tag, k->pol.tag_len);
		n += k->pol.tag_len;
	}
	return n;
}
