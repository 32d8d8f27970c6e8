// SPDX-License-Identifier: BSD-3-Clause
/*
 * test_x86.c - the x86 engine (userspace/lib/sw_x86.c) against known answers and against an
 * independent reference built on OpenSSL (EVP AES-CTR, HMAC), over thousands of random ops.
 *
 *   test_x86 [--seed N] [--rounds N]
 *
 * Sections: key slot layout (FIPS-197 A.1/A.3 expansion, OpenSSL's layout, srtpo_keyslot_init
 * against this file's own key slot filler), known answers through the engine (RFC 3711 B.2
 * keystream, RFC 6188 AES-256 keystream, RFC 2202 HMAC-SHA1 1-7, the VECTORS.md SRTP packet),
 * random differential bursts (every cipher and auth, tag lengths 1..20, sizes 0..1500 and some
 * up to 65535, odd buffer offsets, ROC on/off, tampered tags, n = 1..100 and 200), and bad ops.
 * A failure prints the seed, the op and the first differing bytes; the exit status is 1.
 * When the CPU cannot run the engine (or SRTPO_NO_X86=1, or under valgrind, which emulates no
 * AVX-512) the engine sections are reported as skipped and only the reference checks run.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/aes.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "internal.h"
#include "sw_x86.h"

/* ---------------------------------------------------------------------------------------------- */
/* Checks                                                                                          */

static unsigned n_pass, n_fail, n_skip;
static uint64_t g_seed;

#define CHECK(cond, ...)                                                                       \
	do {                                                                                   \
		if (cond) {                                                                    \
			n_pass++;                                                              \
		} else {                                                                       \
			n_fail++;                                                              \
			fprintf(stderr, "FAIL %s:%d (seed %" PRIu64 "): ", __FILE__, __LINE__,  \
				g_seed);                                                       \
			fprintf(stderr, __VA_ARGS__);                                          \
			fputc('\n', stderr);                                                   \
		}                                                                              \
	} while (0)

static void hexdump(const char *label, const uint8_t *p, size_t n)
{
	fprintf(stderr, "  %-9s", label);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%02x", p[i]);
	fputc('\n', stderr);
}

/* Equal, or prints where the two differ (up to 32 bytes from the first difference). */
static int bytes_equal(const char *what, const uint8_t *exp, const uint8_t *got, size_t n)
{
	size_t i = 0;

	while (i < n && exp[i] == got[i])
		i++;
	if (i == n)
		return 1;
	size_t len = n - i < 32 ? n - i : 32;

	fprintf(stderr, "  %s differs at byte %zu of %zu\n", what, i, n);
	hexdump("expected", exp + i, len);
	hexdump("actual", got + i, len);
	return 0;
}

static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;

	for (; s[0] && s[1]; s += 2) {
		if (s[0] == ' ') {
			s--;
			continue;
		}
		unsigned v;

		if (sscanf(s, "%2x", &v) != 1) {
			fprintf(stderr, "bad hex in test vector: %s\n", s);
			exit(2);
		}
		out[n++] = (uint8_t)v;
	}
	return n;
}

/* xorshift64*: reproducible from the seed printed on failure. */
static uint64_t rng_state;

static uint64_t rnd64(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static uint32_t rnd(uint32_t n)
{
	return (uint32_t)((rnd64() >> 32) % n);
}

static void rnd_bytes(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(rnd64() >> 56);
}

/* ---------------------------------------------------------------------------------------------- */
/* Reference: key slots and packets with OpenSSL only                                              */

/* A key slot as this test understands the contract, built from OpenSSL primitives alone. */
struct refkey {
	struct srtpo_keyslot ks;
	uint8_t aes_key[32];
	uint8_t auth_key[80];
	size_t auth_key_len;
};

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* OpenSSL 3.0 on x86-64 stores AES_KEY.rd_key as FIPS-197 bytes in order (checked below). */
static void ref_fill(struct refkey *rk, int cipher, const uint8_t *key, int key_len,
		     const uint8_t salt[14], int auth, const uint8_t *akey, size_t akey_len,
		     int tag_len)
{
	struct srtpo_keyslot *ks = &rk->ks;
	AES_KEY ak;

	memset(rk, 0, sizeof(*rk));
	ks->cipher = (uint8_t)cipher;
	ks->key_len = (uint8_t)key_len;
	ks->auth = (uint8_t)auth;
	ks->tag_len = (uint8_t)tag_len;
	memcpy(ks->salt, salt, 14);
	memcpy(rk->aes_key, key, (size_t)key_len);
	AES_set_encrypt_key(key, key_len * 8, &ak);
	memcpy(ks->aes_enc_rk, ak.rd_key, 16 * (size_t)(ak.rounds + 1));
	memcpy(ks->aes_key, key, (size_t)key_len);
	if (auth == SRTPO_AUTH_HMAC_SHA1) {
		uint8_t k[64] = { 0 }, blk[64];
		SHA_CTX c;

		if (akey_len > 64)
			SHA1(akey, akey_len, k);
		else
			memcpy(k, akey, akey_len);
		memcpy(rk->auth_key, akey, akey_len);
		rk->auth_key_len = akey_len;
		for (int pass = 0; pass < 2; pass++) {
			uint32_t *st = pass ? ks->hmac_opad_state : ks->hmac_ipad_state;

			for (int i = 0; i < 64; i++)
				blk[i] = k[i] ^ (pass ? 0x5c : 0x36);
			SHA1_Init(&c);
			SHA1_Update(&c, blk, 64);
			st[0] = c.h0;
			st[1] = c.h1;
			st[2] = c.h2;
			st[3] = c.h3;
			st[4] = c.h4;
		}
	}
}

static void ref_iv(const struct srtpo_op *op, uint8_t iv[16])
{
	memset(iv, 0, 16);
	memcpy(iv, op->ks->salt, 14);
	for (int i = 0; i < 4; i++)
		iv[4 + i] ^= (uint8_t)(op->ssrc >> (24 - 8 * i));
	for (int i = 0; i < 6; i++)
		iv[8 + i] ^= (uint8_t)(op->index >> (40 - 8 * i));
}

static void ref_ctr(const struct refkey *rk, const struct srtpo_op *op, uint8_t *buf)
{
	uint8_t iv[16];
	int len = 0;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	const EVP_CIPHER *ci = rk->ks.cipher == SRTPO_CIPHER_AES_256_CM ? EVP_aes_256_ctr()
									: EVP_aes_128_ctr();

	if (rk->ks.cipher == SRTPO_CIPHER_NULL || !op->enc_len) {
		EVP_CIPHER_CTX_free(c);
		return;
	}
	ref_iv(op, iv);
	if (!c || EVP_EncryptInit_ex(c, ci, NULL, rk->aes_key, iv) != 1 ||
	    EVP_EncryptUpdate(c, buf + op->enc_off, &len, buf + op->enc_off, op->enc_len) != 1 ||
	    len != op->enc_len) {
		fprintf(stderr, "OpenSSL AES-CTR failed\n");
		exit(2);
	}
	EVP_CIPHER_CTX_free(c);
}

static void ref_tag(const struct refkey *rk, const struct srtpo_op *op, const uint8_t *buf,
		    uint8_t tag[20])
{
	unsigned int len = 0;
	uint8_t roc[4];
	HMAC_CTX *h = HMAC_CTX_new();

	be32(roc, op->roc);
	if (!h || HMAC_Init_ex(h, rk->auth_key, (int)rk->auth_key_len, EVP_sha1(), NULL) != 1 ||
	    HMAC_Update(h, buf, op->auth_len) != 1 ||
	    (op->roc_append && HMAC_Update(h, roc, 4) != 1) || HMAC_Final(h, tag, &len) != 1 ||
	    len != 20) {
		fprintf(stderr, "OpenSSL HMAC failed\n");
		exit(2);
	}
	HMAC_CTX_free(h);
}

/* What protect must produce: encrypt, then the tag over the encrypted bytes. */
static void ref_protect(const struct refkey *rk, const struct srtpo_op *op, uint8_t *buf)
{
	ref_ctr(rk, op, buf);
	if (rk->ks.auth == SRTPO_AUTH_HMAC_SHA1 && rk->ks.tag_len) {
		uint8_t tag[20];

		ref_tag(rk, op, buf, tag);
		memcpy(buf + op->tag_off, tag, rk->ks.tag_len);
	}
}

static int engine_ok;

static void run_engine(struct srtpo_op *ops, size_t n)
{
	srtpo_x86_run(ops, n);
}

/* ---------------------------------------------------------------------------------------------- */
/* Key slot layout                                                                                 */

static void test_layout(void)
{
	static const char *fips_a1_key = "2b7e151628aed2a6abf7158809cf4f3c";
	/* FIPS-197 A.1: w[4], w[5], w[43]. A.3 (AES-256): w[8], w[59]. */
	static const char *fips_a3_key =
		"603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
	uint8_t key[32], rks[240], salt[14] = { 0 }, akey[20];
	AES_KEY ak;
	struct refkey rk;
	struct srtpo_keyslot lib;

	unhex(fips_a1_key, key);
	srtpo_aes_expand_key(key, 16, rks);
	uint8_t exp[32];

	unhex("a0fafe1788542cb1", exp);
	CHECK(bytes_equal("FIPS-197 A.1 w[4..5]", exp, rks + 16, 8), "srtpo_aes_expand_key A.1");
	unhex("b6630ca6", exp);
	CHECK(bytes_equal("FIPS-197 A.1 w[43]", exp, rks + 4 * 43, 4), "srtpo_aes_expand_key A.1");
	AES_set_encrypt_key(key, 128, &ak);
	CHECK(bytes_equal("OpenSSL rd_key", rks, (const uint8_t *)ak.rd_key, 176),
	      "OpenSSL AES_set_encrypt_key has a different byte layout on this platform");

	unhex(fips_a3_key, key);
	srtpo_aes_expand_key(key, 32, rks);
	unhex("9ba354118e6925afa51a8b5f2067fcdea8b09c1a93d194cdbe49846eb75d5b9a", exp);
	CHECK(bytes_equal("FIPS-197 A.3 w[8..11]", exp, rks + 32, 16), "expand A.3");
	unhex("706c631e", exp);
	CHECK(bytes_equal("FIPS-197 A.3 w[59]", exp, rks + 4 * 59, 4), "expand A.3 w[59]");

	/* The library's srtpo_keyslot_init fills what this engine reads the way this test does. */
	for (int cipher = 0; cipher < 3; cipher++) {
		int kl = cipher == SRTPO_CIPHER_AES_256_CM ? 32 : 16;

		rnd_bytes(key, sizeof(key));
		rnd_bytes(salt, sizeof(salt));
		rnd_bytes(akey, sizeof(akey));
		ref_fill(&rk, cipher, key, kl, salt, SRTPO_AUTH_HMAC_SHA1, akey, 20, 10);
		srtpo_keyslot_init(&lib, (srtpo_cipher_t)cipher, key, (size_t)kl, salt,
				   SRTPO_AUTH_HMAC_SHA1, akey, 10);
		CHECK(bytes_equal("aes_enc_rk", (const uint8_t *)rk.ks.aes_enc_rk,
				  (const uint8_t *)lib.aes_enc_rk, (size_t)16 * (kl / 4 + 7)),
		      "keyslot_init round keys, cipher %d", cipher);
		CHECK(!memcmp(rk.ks.hmac_ipad_state, lib.hmac_ipad_state, 20) &&
			      !memcmp(rk.ks.hmac_opad_state, lib.hmac_opad_state, 20),
		      "keyslot_init HMAC midstates");
		CHECK(!memcmp(rk.ks.salt, lib.salt, 16) && lib.cipher == cipher &&
			      lib.key_len == kl && lib.tag_len == 10 &&
			      lib.auth == SRTPO_AUTH_HMAC_SHA1,
		      "keyslot_init salt and parameters");
		srtpo_keyslot_wipe(&lib);
	}
}

/* ---------------------------------------------------------------------------------------------- */
/* Known answers                                                                                   */

/* AES-CM keystream: encrypt zeros with SSRC = index = 0. */
static void kat_keystream(const char *name, int cipher, const char *key_hex, const char *salt_hex,
			  const char *ks_hex)
{
	uint8_t key[32], salt[16], exp[64], buf[64] = { 0 }, ref[64] = { 0 };
	size_t kl = unhex(key_hex, key), n = unhex(ks_hex, exp);
	struct refkey rk;

	unhex(salt_hex, salt);
	ref_fill(&rk, cipher, key, (int)kl, salt, SRTPO_AUTH_NULL, NULL, 0, 0);
	struct srtpo_op op = { .buf = buf, .ks = &rk.ks, .enc_len = (uint16_t)n,
			       .opcode = SRTPO_OP_PROTECT };

	ref_ctr(&rk, &op, ref);
	CHECK(bytes_equal(name, exp, ref, n), "reference %s", name);
	if (!engine_ok)
		return;
	run_engine(&op, 1);
	CHECK(op.status == SRTPO_OK && bytes_equal(name, exp, buf, n), "engine %s", name);
}

static void kat_hmac(int num, const char *key_hex, size_t key_rep, const char *data,
		     size_t data_rep, const char *mac_hex)
{
	uint8_t key[80], kone[80], msg[128], exp[20], tag[20], buf[160];
	size_t kl = unhex(key_hex, kone), dl;
	struct refkey rk;
	uint8_t salt[16] = { 0 };   /* also the (unused) AES key of the null cipher */
	char name[32];

	snprintf(name, sizeof(name), "RFC 2202 case %d", num);
	/* A key or data given as one byte repeated, or literally. */
	for (size_t i = 0; i < key_rep; i++)
		key[i] = kone[0];
	if (!key_rep)
		memcpy(key, kone, kl);
	else
		kl = key_rep;
	if (data_rep) {
		memset(msg, data[0], data_rep);
		dl = data_rep;
	} else {
		dl = strlen(data);
		memcpy(msg, data, dl);
	}
	unhex(mac_hex, exp);
	ref_fill(&rk, SRTPO_CIPHER_NULL, salt, 16, salt, SRTPO_AUTH_HMAC_SHA1, key, kl, 20);
	struct srtpo_op op = { .buf = buf, .ks = &rk.ks, .auth_len = (uint16_t)dl,
			       .tag_off = (uint16_t)dl, .opcode = SRTPO_OP_PROTECT };

	memcpy(buf, msg, dl);
	ref_tag(&rk, &op, buf, tag);
	CHECK(bytes_equal(name, exp, tag, 20), "reference %s", name);
	if (!engine_ok)
		return;
	run_engine(&op, 1);
	CHECK(op.status == SRTPO_OK && bytes_equal(name, exp, buf + dl, 20) &&
		      !memcmp(buf, msg, dl),
	      "engine %s", name);
	/* The same with a 10-byte tag, unprotected: accepted, and rejected after one flipped bit. */
	rk.ks.tag_len = 10;
	op.opcode = SRTPO_OP_UNPROTECT;
	run_engine(&op, 1);
	CHECK(op.status == SRTPO_OK, "engine %s unprotect", name);
	buf[dl + 9] ^= 1;
	run_engine(&op, 1);
	CHECK(op.status == SRTPO_ERR_AUTH, "engine %s unprotect with a bad tag", name);
}

/* VECTORS.md: RFC 3711 B.3 session keys, SSRC cafebabe, seq 0x1234, AES_CM_128_HMAC_SHA1_80. */
static void kat_srtp(void)
{
	uint8_t key[16], salt[14], akey[20], in[64], out[64], buf[64];
	struct refkey rk;
	size_t inl, outl;

	unhex("c61e7a93744f39ee10734afe3ff7a087", key);
	unhex("30cbbc08863d8c85d49db34a9ae1", salt);
	unhex("cebe321f6ff7716b6fd4ab49af256a156d38baa4", akey);
	inl = unhex("800f1234decafbadcafebabe abababababababababababababababab", in);
	outl = unhex("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb",
		     out);
	ref_fill(&rk, SRTPO_CIPHER_AES_128_CM, key, 16, salt, SRTPO_AUTH_HMAC_SHA1, akey, 20, 10);
	struct srtpo_op op = { .buf = buf, .ks = &rk.ks, .index = 0x1234, .ssrc = 0xcafebabe,
			       .enc_off = 12, .enc_len = (uint16_t)(inl - 12),
			       .auth_len = (uint16_t)inl, .tag_off = (uint16_t)inl,
			       .opcode = SRTPO_OP_PROTECT, .roc_append = 1 };

	memcpy(buf, in, inl);
	ref_protect(&rk, &op, buf);
	CHECK(bytes_equal("SRTP packet (reference)", out, buf, outl), "reference SRTP vector");
	if (!engine_ok)
		return;
	memcpy(buf, in, inl);
	run_engine(&op, 1);
	CHECK(op.status == SRTPO_OK && bytes_equal("SRTP packet", out, buf, outl),
	      "engine SRTP vector protect");
	op.opcode = SRTPO_OP_UNPROTECT;
	run_engine(&op, 1);
	CHECK(op.status == SRTPO_OK && bytes_equal("SRTP unprotect", in, buf, inl),
	      "engine SRTP vector unprotect");
}

static void test_kat(void)
{
	/* RFC 3711 B.2 */
	kat_keystream("RFC 3711 B.2", SRTPO_CIPHER_AES_128_CM, "2b7e151628aed2a6abf7158809cf4f3c",
		      "f0f1f2f3f4f5f6f7f8f9fafbfcfd",
		      "e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab"
		      "41e95b3bb0a2e8dd477901e4fca894c0");
	/* RFC 6188 7.1 */
	kat_keystream("RFC 6188 7.1", SRTPO_CIPHER_AES_256_CM,
		      "57f82fe3613fd170a85ec93c40b1f0922ec4cb0dc025b58272147cc438944a98",
		      "f0f1f2f3f4f5f6f7f8f9fafbfcfd",
		      "92bdd28a93c3f52511c677d08b5515a49da71b2378a854f67050756ded165bac"
		      "63c4868b7096d88421b563b8c94c9a31");
	kat_hmac(1, "0b", 20, "Hi There", 0, "b617318655057264e28bc0b6fb378c8ef146be00");
	kat_hmac(2, "4a656665", 0, "what do ya want for nothing?", 0,
		 "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
	kat_hmac(3, "aa", 20, "\xdd", 50, "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
	kat_hmac(4, "0102030405060708090a0b0c0d0e0f10111213141516171819", 0, "\xcd", 50,
		 "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
	kat_hmac(5, "0c", 20, "Test With Truncation", 0, "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
	kat_hmac(6, "aa", 80, "Test Using Larger Than Block-Size Key - Hash Key First", 0,
		 "aa4ae5e15272d00e95705637ce8a3b55ed402112");
	kat_hmac(7, "aa", 80,
		 "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data", 0,
		 "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
	kat_srtp();
}

/* ---------------------------------------------------------------------------------------------- */
/* Random differential bursts                                                                      */

#define NKEYS 12
#define GUARD 16

struct pkt {
	uint8_t *mem;        /* GUARD, then the buffer at an odd offset, then GUARD */
	uint8_t *buf;
	size_t size;         /* buffer bytes: max(auth_len + tag, enc end) */
	uint8_t *before;     /* copy of mem as handed to the engine */
	uint8_t *expect;     /* what mem must hold afterwards */
	size_t memsize;
	int expect_status;
	int kind;            /* 0 protect, 1 unprotect, 2 unprotect of a tampered packet */
};

static struct refkey keys[NKEYS];

static void random_keys(void)
{
	for (int i = 0; i < NKEYS; i++) {
		uint8_t key[32], salt[14], akey[20];
		int cipher = i % 3, auth = (i / 3) % 4 == 3 ? SRTPO_AUTH_NULL : SRTPO_AUTH_HMAC_SHA1;
		int tag = auth == SRTPO_AUTH_NULL ? 0 : 1 + (int)rnd(20);

		if (i < 6 && auth)
			tag = i < 3 ? 10 : 4;   /* the usual _80 and _32 */
		rnd_bytes(key, sizeof(key));
		rnd_bytes(salt, sizeof(salt));
		rnd_bytes(akey, sizeof(akey));
		ref_fill(&keys[i], cipher, key, cipher == SRTPO_CIPHER_AES_256_CM ? 32 : 16, salt,
			 auth, akey, 20, tag);
		/* Bytes 14-15 of the slot's salt are padding: junk there must change nothing. */
		keys[i].ks.salt[14] = (uint8_t)rnd(256);
		keys[i].ks.salt[15] = (uint8_t)rnd(256);
	}
}

static uint16_t random_len(void)
{
	uint32_t r = rnd(100);

	if (r < 2)
		return (uint16_t)rnd(65536 - 20);
	if (r < 10)
		return (uint16_t)rnd(200);
	if (r < 15)
		return (uint16_t)(64 * (1 + rnd(20)) - 4 + rnd(9)); /* around block edges */
	return (uint16_t)rnd(1501);
}

static void make_op(struct srtpo_op *op, struct pkt *pk)
{
	const struct refkey *rk = &keys[rnd(NKEYS)];
	unsigned tl = rk->ks.tag_len;
	uint16_t auth_len = random_len();

	if ((uint32_t)auth_len + tl > 65535)
		auth_len = (uint16_t)(65535 - tl);
	memset(op, 0, sizeof(*op));
	op->ks = &rk->ks;
	op->index = rnd64() & 0xffffffffffffULL;
	op->ssrc = (uint32_t)rnd64();
	op->roc = (uint32_t)rnd64();
	op->roc_append = (uint8_t)rnd(2);
	op->auth_len = auth_len;
	op->tag_off = auth_len;
	/* The encrypted part: usually an RTP-like header then the rest, sometimes any range. */
	if (rnd(4)) {
		op->enc_off = (uint16_t)(auth_len < 12 ? auth_len : 12 + 4 * rnd(4));
		if (op->enc_off > auth_len)
			op->enc_off = auth_len;
		op->enc_len = (uint16_t)(auth_len - op->enc_off);
	} else {
		op->enc_off = (uint16_t)rnd((uint32_t)auth_len + 1);
		op->enc_len = (uint16_t)rnd((uint32_t)(auth_len - op->enc_off) + 1);
	}
	pk->size = (size_t)auth_len + tl;
	size_t off = 1 + rnd(63);   /* odd and even misalignments */

	pk->memsize = GUARD + off + pk->size + GUARD;
	pk->mem = malloc(pk->memsize);
	pk->before = malloc(pk->memsize);
	pk->expect = malloc(pk->memsize);
	if (!pk->mem || !pk->before || !pk->expect) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	rnd_bytes(pk->mem, pk->memsize);
	pk->buf = pk->mem + GUARD + off;
	op->buf = pk->buf;
	pk->kind = (int)rnd(3);
	if (pk->kind == 2 && (rk->ks.auth == SRTPO_AUTH_NULL || !tl))
		pk->kind = 1;           /* nothing to tamper with */

	if (pk->kind == 0) {
		op->opcode = SRTPO_OP_PROTECT;
		memcpy(pk->before, pk->mem, pk->memsize);
		memcpy(pk->expect, pk->mem, pk->memsize);
		ref_protect(rk, op, pk->expect + (pk->buf - pk->mem));
		pk->expect_status = SRTPO_OK;
	} else {
		/* A packet that protect made, then (kind 2) one flipped bit in the tag or in the
		 * authenticated bytes (or in the ROC the receiver assumes). */
		op->opcode = SRTPO_OP_UNPROTECT;
		memcpy(pk->expect, pk->mem, pk->memsize);
		ref_protect(rk, op, pk->buf);
		if (pk->kind == 2) {
			uint32_t r = rnd(3);

			if (r == 0 || !auth_len)
				pk->buf[auth_len + rnd(tl)] ^= (uint8_t)(1u << rnd(8));
			else if (r == 1)
				pk->buf[rnd(auth_len)] ^= (uint8_t)(1u << rnd(8));
			else if (op->roc_append)
				op->roc ^= 1u << rnd(32);
			else
				pk->buf[auth_len + rnd(tl)] ^= 0x80;
			/* A short tag may still match changed data (1 in 2^(8 tag_len)): then
			 * change the tag instead, which never matches. */
			uint8_t t[20];

			ref_tag(rk, op, pk->buf, t);
			if (!memcmp(t, pk->buf + auth_len, tl))
				pk->buf[auth_len] ^= 0x01;
			memcpy(pk->expect, pk->mem, pk->memsize);   /* untouched on failure */
			pk->expect_status = SRTPO_ERR_AUTH;
		} else {
			/* Decrypted in place; the tag bytes stay as they were. */
			memcpy(pk->expect + (pk->buf - pk->mem) + auth_len, pk->buf + auth_len, tl);
			pk->expect_status = SRTPO_OK;
		}
		memcpy(pk->before, pk->mem, pk->memsize);
	}
}

static void report_op(const struct srtpo_op *op, const struct pkt *pk, int i)
{
	const struct srtpo_keyslot *ks = op->ks;

	fprintf(stderr,
		"  op %d: %s%s cipher %u key_len %u auth %u tag_len %u index %012" PRIx64
		" ssrc %08x roc %08x%s enc %u+%u auth_len %u tag_off %u buf offset %zu\n",
		i, op->opcode == SRTPO_OP_PROTECT ? "protect" : "unprotect",
		pk->kind == 2 ? " (tampered)" : "", ks->cipher, ks->key_len, ks->auth, ks->tag_len,
		op->index, op->ssrc, op->roc, op->roc_append ? " appended" : "", op->enc_off,
		op->enc_len, op->auth_len, op->tag_off, (size_t)(pk->buf - pk->mem - GUARD));
}

static void burst(size_t n)
{
	struct srtpo_op *ops = calloc(n, sizeof(*ops));
	struct pkt *pk = calloc(n, sizeof(*pk));

	if (!ops || !pk) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	for (size_t i = 0; i < n; i++)
		make_op(&ops[i], &pk[i]);
	run_engine(ops, n);
	for (size_t i = 0; i < n; i++) {
		int ok = ops[i].status == pk[i].expect_status;

		if (!ok)
			fprintf(stderr, "  status %d, expected %d\n", ops[i].status,
				pk[i].expect_status);
		ok = ok && bytes_equal("buffer (with guards)", pk[i].expect, pk[i].mem,
				       pk[i].memsize);
		if (!ok)
			report_op(&ops[i], &pk[i], (int)i);
		CHECK(ok, "burst of %zu, op %zu", n, i);
		free(pk[i].mem);
		free(pk[i].before);
		free(pk[i].expect);
	}
	free(ops);
	free(pk);
}

/* Ops the engine must refuse without touching the buffer. */
static void test_bad_ops(void)
{
	uint8_t buf[64], copy[64];
	struct refkey rk = keys[0];
	struct srtpo_op op[4];

	rnd_bytes(buf, sizeof(buf));
	memcpy(copy, buf, sizeof(buf));
	for (int i = 0; i < 4; i++)
		op[i] = (struct srtpo_op){ .buf = buf, .ks = &rk.ks, .enc_off = 12, .enc_len = 20,
					   .auth_len = 32, .tag_off = 32,
					   .opcode = SRTPO_OP_PROTECT };
	op[0].opcode = 0;
	op[1].opcode = 7;
	struct refkey bad_tag = keys[0], bad_cipher = keys[0];

	bad_tag.ks.tag_len = 21;
	bad_cipher.ks.cipher = 9;
	op[2].ks = &bad_tag.ks;
	op[3].ks = &bad_cipher.ks;
	run_engine(op, 4);
	for (int i = 0; i < 4; i++)
		CHECK(op[i].status == SRTPO_ERR_BAD_PARAM, "bad op %d: status %d", i, op[i].status);
	CHECK(!memcmp(buf, copy, sizeof(buf)), "bad ops left the buffer as it was");
	run_engine(op, 0);
	CHECK(1, "n = 0");
}

int main(int argc, char **argv)
{
	unsigned rounds = 200;

	g_seed = (uint64_t)time(NULL);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			g_seed = strtoull(argv[++i], NULL, 0);
		} else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
			rounds = (unsigned)strtoul(argv[++i], NULL, 0);
		} else {
			fprintf(stderr, "usage: %s [--seed N] [--rounds N]\n", argv[0]);
			return 2;
		}
	}
	rng_state = g_seed * 2 + 1;
	engine_ok = srtpo_x86_available();
	printf("test_x86: seed %" PRIu64 ", engine %s\n", g_seed,
	       engine_ok ? "available" : "NOT available (no AVX-512/VAES, SRTPO_NO_X86 or valgrind)");

	unsigned f0 = n_fail;

	test_layout();
	printf("  %-4s key slot layout (FIPS-197, OpenSSL, srtpo_keyslot_init)\n",
	       n_fail == f0 ? "ok" : "FAIL");
	f0 = n_fail;
	test_kat();
	printf("  %-4s known answers: RFC 3711 B.2, RFC 6188, RFC 2202 1-7, SRTP packet%s\n",
	       n_fail == f0 ? "ok" : "FAIL", engine_ok ? "" : " (reference only)");
	random_keys();
	if (!engine_ok) {
		n_skip += rounds + 2;
		printf("  skip random bursts and bad ops: the engine cannot run here\n");
	} else {
		f0 = n_fail;
		unsigned ops = 0;

		for (unsigned r = 0; r < rounds; r++) {
			size_t n = r % 50 == 49 ? 200 : 1 + rnd(100);

			burst(n);
			ops += (unsigned)n;
		}
		printf("  %-4s random bursts: %u ops in %u bursts (n = 1..100, 200)\n",
		       n_fail == f0 ? "ok" : "FAIL", ops, rounds);
		f0 = n_fail;
		test_bad_ops();
		printf("  %-4s bad ops are refused and leave the buffer alone\n",
		       n_fail == f0 ? "ok" : "FAIL");
	}
	printf("x86: %u passed, %u failed, %u skipped\n", n_pass, n_fail, n_skip);
	return n_fail ? 1 : 0;
}
