// SPDX-License-Identifier: BSD-3-Clause
/* kdf.c - RFC 3711 4.3 key derivation and key slots (AES round keys, HMAC-SHA1 midstates). */
#include <pthread.h>
#include <string.h>

#include <stdlib.h>

#include <intel-ipsec-mb.h>
#include <openssl/evp.h>

#include "internal.h"

/* OpenSSL 3 looks a cipher up in its providers on every init unless it was fetched once. */
static EVP_CIPHER *kdf_ctr128, *kdf_ctr192, *kdf_ctr256;
static pthread_once_t kdf_once = PTHREAD_ONCE_INIT;

static void kdf_fetch(void)
{
	kdf_ctr128 = EVP_CIPHER_fetch(NULL, "AES-128-CTR", NULL);
	kdf_ctr192 = EVP_CIPHER_fetch(NULL, "AES-192-CTR", NULL);
	kdf_ctr256 = EVP_CIPHER_fetch(NULL, "AES-256-CTR", NULL);
}

int srtpo_kdf(const uint8_t *master_key, size_t master_key_len, const uint8_t master_salt[14],
	      uint8_t label, uint64_t r, uint8_t *out, size_t out_len)
{
	const EVP_CIPHER *cipher;
	uint8_t iv[16] = { 0 };
	EVP_CIPHER_CTX *ctx;
	int len = 0, ok;

	pthread_once(&kdf_once, kdf_fetch);
	cipher = master_key_len == 32 ? kdf_ctr256 : master_key_len == 24 ? kdf_ctr192 : kdf_ctr128;
	if (!cipher)
		return -1;

	/* x = (label || r) XOR master_salt, with label in salt byte 7 and r (48 bits) in 8..13;
	 * the counter block is x * 2^16. SRTCP labels use the same byte (RFC 3711 4.3.2). */
	memcpy(iv, master_salt, 14);
	iv[7] ^= label;
	for (int i = 0; i < 6; i++)
		iv[8 + i] ^= (uint8_t)(r >> (40 - 8 * i));
	memset(out, 0, out_len);
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -1;
	ok = EVP_EncryptInit_ex(ctx, cipher, NULL, master_key, iv) == 1 &&
	     EVP_EncryptUpdate(ctx, out, &len, out, (int)out_len) == 1 && len == (int)out_len;
	EVP_CIPHER_CTX_free(ctx);
	srtpo_wipe(iv, sizeof(iv));
	return ok ? 0 : -1;
}

static const uint8_t aes_sbox[256] = {
	0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
	0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
	0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
	0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
	0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
	0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
	0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
	0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
	0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
	0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
	0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
	0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
	0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
	0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
	0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
	0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
};

void srtpo_aes_expand_key(const uint8_t *key, size_t key_len, uint8_t *rk)
{
	const unsigned nk = (unsigned)key_len / 4, total = 4 * (nk + 7);
	uint8_t rcon = 1;

	memcpy(rk, key, key_len);
	for (unsigned i = nk; i < total; i++) {
		uint8_t t[4];

		memcpy(t, rk + 4 * (i - 1), 4);
		if (i % nk == 0) {
			uint8_t t0 = t[0];

			t[0] = aes_sbox[t[1]] ^ rcon;
			t[1] = aes_sbox[t[2]];
			t[2] = aes_sbox[t[3]];
			t[3] = aes_sbox[t0];
			rcon = (uint8_t)((rcon << 1) ^ ((rcon & 0x80) ? 0x1b : 0));
		} else if (nk > 6 && i % nk == 4) {
			for (int j = 0; j < 4; j++)
				t[j] = aes_sbox[t[j]];
		}
		for (int j = 0; j < 4; j++)
			rk[4 * i + j] = rk[4 * (i - nk) + j] ^ t[j];
	}
}

/* SHA-1 compression of one block (FIPS 180-4 6.1.2); only used when keys are set up. */
static uint32_t rol32(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void sha1_compress(uint32_t h[5], const uint8_t block[64])
{
	uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 |
		       (uint32_t)block[4 * i + 2] << 8 | block[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (int i = 0; i < 80; i++) {
		uint32_t f, k, t;

		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = rol32(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol32(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	srtpo_wipe(w, sizeof(w));
}

static void hmac_midstate(const uint8_t auth_key[20], uint8_t pad, uint32_t state[5])
{
	uint8_t block[64];

	memset(block, pad, sizeof(block));
	for (int i = 0; i < 20; i++)
		block[i] ^= auth_key[i];
	state[0] = 0x67452301;
	state[1] = 0xefcdab89;
	state[2] = 0x98badcfe;
	state[3] = 0x10325476;
	state[4] = 0xc3d2e1f0;
	sha1_compress(state, block);
	srtpo_wipe(block, sizeof(block));
}

/*
 * GCM keys for intel-ipsec-mb: one process-wide manager, used only to precompute keys (the
 * precompute reads the manager's function table and writes only the key data, so threads may
 * share it). Its architecture is the one init_mb_mgr_auto picks, as for every engine's manager.
 */
static IMB_MGR *gcm_pre_mgr;
static pthread_once_t gcm_pre_once = PTHREAD_ONCE_INIT;

static void gcm_pre_init(void)
{
	IMB_ARCH arch = IMB_ARCH_NONE;
	IMB_MGR *m = alloc_mb_mgr(0);

	if (!m)
		return;
	init_mb_mgr_auto(m, &arch);
	if (imb_get_errno(m) || arch == IMB_ARCH_NONE || arch == IMB_ARCH_NOAESNI) {
		free_mb_mgr(m);
		return;
	}
	gcm_pre_mgr = m;
}

static void *gcm_key_new(const uint8_t *key, size_t key_len)
{
	struct gcm_key_data *kd;

	pthread_once(&gcm_pre_once, gcm_pre_init);
	if (!gcm_pre_mgr)
		return NULL;
	/* aligned_alloc wants a multiple of the alignment */
	kd = aligned_alloc(64, (sizeof(*kd) + 63) & ~(size_t)63);
	if (!kd)
		return NULL;
	if (key_len == 32)
		IMB_AES256_GCM_PRE(gcm_pre_mgr, key, kd);
	else
		IMB_AES128_GCM_PRE(gcm_pre_mgr, key, kd);
	return kd;
}

static uint32_t keyslot_gen, keyslot_epoch;

SRTPO_API uint32_t srtpo_keyslot_epoch(void)
{
	return __atomic_load_n(&keyslot_epoch, __ATOMIC_ACQUIRE);
}

static uint32_t next_gen(void)
{
	uint32_t g = __atomic_add_fetch(&keyslot_gen, 1, __ATOMIC_RELAXED);

	if (!g) {
		/* wrapped: old (address, gen) pairs may be seen again; caches must start over */
		__atomic_add_fetch(&keyslot_epoch, 1, __ATOMIC_RELEASE);
		g = __atomic_add_fetch(&keyslot_gen, 1, __ATOMIC_RELAXED);
	}
	return g;
}

SRTPO_API void srtpo_keyslot_init(struct srtpo_keyslot *ks, srtpo_cipher_t cipher,
				  const uint8_t *key, size_t key_len, const uint8_t salt[14],
				  srtpo_auth_t auth, const uint8_t auth_key[20], uint8_t tag_len)
{
	memset(ks, 0, sizeof(*ks));
	ks->gen = next_gen();
	ks->cipher = (uint8_t)cipher;
	ks->key_len = (uint8_t)key_len;
	ks->auth = (uint8_t)auth;
	ks->tag_len = auth == SRTPO_AUTH_NULL ? 0 : tag_len;
	memcpy(ks->aes_key, key, key_len);
	memcpy(ks->salt, salt, srtpo_cipher_is_gcm(cipher) ? SRTPO_GCM_SALT_LEN : 14);
	srtpo_aes_expand_key(key, key_len, (uint8_t *)ks->aes_enc_rk);
	if (srtpo_cipher_is_gcm(cipher)) {
		ks->tag_len = tag_len; /* GCM: the tag comes from the cipher, whatever auth says */
		ks->gcm = gcm_key_new(key, key_len);
		return;
	}
	if (auth != SRTPO_AUTH_NULL) {
		hmac_midstate(auth_key, 0x36, ks->hmac_ipad_state);
		hmac_midstate(auth_key, 0x5c, ks->hmac_opad_state);
	}
}

SRTPO_API void srtpo_keyslot_wipe(struct srtpo_keyslot *ks)
{
	if (ks->gcm)
		srtpo_wipe_free(ks->gcm, sizeof(struct gcm_key_data));
	srtpo_wipe(ks, sizeof(*ks));
}
