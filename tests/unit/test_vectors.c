// SPDX-License-Identifier: BSD-3-Clause
/*
 * test_vectors.c - known-answer tests: every expected value below is quoted from a published
 * source named beside it, or computed here by ref.c (OpenSSL, written from RFC 3711).
 *
 *   reference self-check   ref.c against FIPS-197, RFC 2202, RFC 3711 B.2/B.3 and the
 *                          VECTORS.md packets, so that ref.c is trusted where it is used alone
 *   AES key expansion      srtpo_aes_expand_key against FIPS-197 Appendix A and C
 *   engine op, per engine  RFC 3711 B.2 and RFC 6188 7.1 keystreams, RFC 2202 HMAC-SHA1,
 *                          ROC appending, a mixed batch against ref.c, tag rejection
 *   key derivation         srtpo_kdf against RFC 3711 B.3, RFC 6188 7.2, ref.c for SRTCP labels
 *                          and r != 0
 *   end to end             the RFC 3711 B.3 master key through the public API: RTP and RTCP
 *                          packets of the shared design notes (VECTORS.md) both ways; AES-256 against the
 *                          libsrtp reference packet; per engine
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "internal.h"
#include "ref.h"
#include "srtpo.h"
#include "testutil.h"

/* The engine kinds srtpo_sw_engine_create knows; unavailable ones are reported and skipped. */
static const char *const engine_kinds[] = { "openssl", "x86", "ipsec-mb" };
#define NUM_KINDS (sizeof(engine_kinds) / sizeof(engine_kinds[0]))

/* RFC 3711 Appendix B.2 */
static const char *const b2_key = "2B7E151628AED2A6ABF7158809CF4F3C";
static const char *const b2_salt = "F0F1F2F3F4F5F6F7F8F9FAFBFCFD";
static const struct {
	uint32_t block;               /* low 16 bits of the counter block */
	const char *keystream;
} b2_blocks[] = {
	{ 0x0000, "E03EAD0935C95E80E166B16DD92B4EB4" },
	{ 0x0001, "D23513162B02D0F72A43A2FE4A5F97AB" },
	{ 0x0002, "41E95B3BB0A2E8DD477901E4FCA894C0" },
	{ 0xFEFF, "EC8CDF7398607CB0F2D21675EA9EA1E4" },
	{ 0xFF00, "362B7C3C6773516318A077D7FC5073AE" },
	{ 0xFF01, "6A2CC3787889374FBEB4C81B17BA6C44" },
};

/* RFC 6188 section 7.1 (AES-256-CM), same counter blocks as B.2: first three and last three of
 * 0xFF02 blocks. */
static const char *const r6188_ks_key =
	"57f82fe3613fd170a85ec93c40b1f0922ec4cb0dc025b58272147cc438944a98";
static const struct {
	uint32_t block;
	const char *keystream;
} r6188_blocks[] = {
	{ 0x0000, "92bdd28a93c3f52511c677d08b5515a4" },
	{ 0x0001, "9da71b2378a854f67050756ded165bac" },
	{ 0x0002, "63c4868b7096d88421b563b8c94c9a31" },
	{ 0xFEFF, "cea518c90fd91ced9cbb18c078a54711" },
	{ 0xFF00, "3dbc4814f4da5f00a08772b63c6a046d" },
	{ 0xFF01, "6eb246913062a16891433e97dd01a57f" },
};

/* RFC 3711 Appendix B.3 */
static const char *const b3_master_key = "E1F97A0D3E018BE0D64FA32C06DE4139";
static const char *const b3_master_salt = "0EC675AD498AFEEBB6960B3AABE6";
static const char *const b3_cipher_key = "C61E7A93744F39EE10734AFE3FF7A087";
static const char *const b3_cipher_salt = "30CBBC08863D8C85D49DB34A9AE1";
static const char *const b3_auth_key =
	"CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE"
	"E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25"
	"6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2";

/* RFC 6188 section 7.2 (AES_256_CM_PRF) */
static const char *const r6188_master_key =
	"f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6";
static const char *const r6188_master_salt = "3b04803de51ee7c96423ab5b78d2";
static const char *const r6188_cipher_key =
	"5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4";
static const char *const r6188_cipher_salt = "fa31791685ca444a9e07c6c64e93";
static const char *const r6188_auth_key = "fd9c32d39ed5fbb5a9dc96b30818454d1313dc05";

/* the shared design notes (VECTORS.md) end-to-end packets: B.3 master key, SSRC cafebabe, AES_CM_128_HMAC_SHA1_80.
 * The RTCP one is SRTCP index 1 with the E bit set. */
static const char *const e2e_rtp_in = "800f1234decafbadcafebabe abababababababababababababababab";
static const char *const e2e_rtp_out =
	"800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb";
static const char *const e2e_rtcp_in = "81c8000bcafebabe abababababababababababababababab";
static const char *const e2e_rtcp_out =
	"81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798";

/* libsrtp test/srtp_driver.c srtp_validate_aes_256(): the RFC 6188 7.2 master key and salt,
 * SSRC cafebabe, AES_256_CM_HMAC_SHA1_80, the same plaintext as the 128-bit packet above. */
static const char *const aes256_rtp_out =
	"800f1234decafbadcafebabe f1d9de17ff251ff1aa007774b0b4b40d a08d9d9a5b3a55d8873b";

/* RFC 2202 section 3 (HMAC-SHA1), the cases whose key fits the 20-byte SRTP auth key ("Jefe"
 * is zero-padded: HMAC pads every short key with zeros, so the MAC is the same). */
static const struct {
	const char *key, *data_hex, *data_text, *mac;
	unsigned data_repeat;
} rfc2202[] = {
	{ "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", NULL, "Hi There",
	  "b617318655057264e28bc0b6fb378c8ef146be00", 0 },
	{ "4a656665" "00000000000000000000000000000000", NULL, "what do ya want for nothing?",
	  "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", 0 },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "dd", NULL,
	  "125d7342b9ac11cd91a39af48aa17b4f63f175d3", 50 },
	{ "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", NULL, "Test With Truncation",
	  "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04", 0 },
};

static size_t rfc2202_data(unsigned i, uint8_t *out)
{
	if (rfc2202[i].data_text) {
		size_t n = strlen(rfc2202[i].data_text);

		memcpy(out, rfc2202[i].data_text, n);
		return n;
	}
	tu_hex(rfc2202[i].data_hex, out, 1);
	memset(out, out[0], rfc2202[i].data_repeat);
	return rfc2202[i].data_repeat;
}

/* ---------------------------------------------------------------------------------------------- */

static void test_reference(void)
{
	uint8_t k[32], pt[16], ct[16], want[64], out[128], in[64], key[32], salt[14], buf[16];
	struct ref_keys rk;
	srtpo_crypto_policy_t pol;
	size_t n, m;

	tu_section("ref.c: FIPS-197 C.1 / C.3 AES block");
	/* FIPS-197 Appendix C.1 (AES-128) and C.3 (AES-256) */
	for (int i = 0; i < 32; i++)
		k[i] = (uint8_t)i;
	tu_hex("00112233445566778899aabbccddeeff", pt, 16);
	ref_aes_block(k, 16, pt, ct);
	tu_hex("69c4e0d86a7b0430d8cdb78070b4c55a", want, 16);
	CHECK_MEM(ct, 16, want, 16, "FIPS-197 C.1");
	ref_aes_block(k, 32, pt, ct);
	tu_hex("8ea2b7ca516745bfeafc49904b496089", want, 16);
	CHECK_MEM(ct, 16, want, 16, "FIPS-197 C.3");

	tu_section("ref.c: RFC 2202 HMAC-SHA1");
	for (unsigned i = 0; i < sizeof(rfc2202) / sizeof(rfc2202[0]); i++) {
		uint8_t d[64], mac[20];

		tu_hex(rfc2202[i].key, key, 20);
		n = rfc2202_data(i, d);
		ref_hmac_sha1(key, 20, d, n, NULL, 0, mac);
		tu_hex(rfc2202[i].mac, want, 20);
		CHECK_MEM(mac, 20, want, 20, "RFC 2202 case %u", i);
	}

	tu_section("ref.c: RFC 3711 B.2 and RFC 6188 7.1 keystream blocks");
	tu_hex(b2_key, key, 16);
	tu_hex(b2_salt, salt, 14);
	for (unsigned i = 0; i < 6; i++) {
		/* Block j of index 0 is the keystream of counter salt || j: the index is the
		 * block number once shifted left by 16 - 16 bits of block counter. */
		uint8_t blk[16];

		memcpy(blk, salt, 14);
		blk[14] = (uint8_t)(b2_blocks[i].block >> 8);
		blk[15] = (uint8_t)b2_blocks[i].block;
		ref_aes_block(key, 16, blk, buf);
		tu_hex(b2_blocks[i].keystream, want, 16);
		CHECK_MEM(buf, 16, want, 16, "B.2 block %04x", b2_blocks[i].block);
		tu_hex(r6188_ks_key, k, 32);
		ref_aes_block(k, 32, blk, buf);
		tu_hex(r6188_blocks[i].keystream, want, 16);
		CHECK_MEM(buf, 16, want, 16, "RFC 6188 7.1 block %04x", r6188_blocks[i].block);
	}

	tu_section("ref.c: RFC 3711 B.3, RFC 6188 7.2 key derivation");
	tu_hex(b3_master_key, key, 16);
	tu_hex(b3_master_salt, salt, 14);
	ref_kdf(key, 16, salt, 0, 0, out, 16);
	CHECK_MEM(out, 16, want, tu_hex(b3_cipher_key, want, 16), "B.3 cipher key");
	ref_kdf(key, 16, salt, 2, 0, out, 14);
	CHECK_MEM(out, 14, want, tu_hex(b3_cipher_salt, want, 14), "B.3 cipher salt");
	ref_kdf(key, 16, salt, 1, 0, out, 94);
	{
		uint8_t a[94];

		CHECK_MEM(out, 94, a, tu_hex(b3_auth_key, a, 94), "B.3 auth key");
	}
	tu_hex(r6188_master_key, k, 32);
	tu_hex(r6188_master_salt, salt, 14);
	ref_kdf(k, 32, salt, 0, 0, out, 32);
	CHECK_MEM(out, 32, want, tu_hex(r6188_cipher_key, want, 32), "6188 cipher key");
	ref_kdf(k, 32, salt, 2, 0, out, 14);
	CHECK_MEM(out, 14, want, tu_hex(r6188_cipher_salt, want, 14), "6188 cipher salt");
	ref_kdf(k, 32, salt, 1, 0, out, 20);
	CHECK_MEM(out, 20, want, tu_hex(r6188_auth_key, want, 20), "6188 auth key");

	tu_section("ref.c: VECTORS.md packets and the libsrtp AES-256 packet");
	srtpo_suite_policy(SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &pol);
	tu_hex(b3_master_salt, salt, 14);
	ref_derive(&rk, &pol, key, 16, salt, 0, 0);
	n = tu_hex(e2e_rtp_in, in, sizeof(in));
	m = ref_srtp_protect(&rk, in, n, 0, NULL, 0, out);
	CHECK_MEM(out, m, want, tu_hex(e2e_rtp_out, want, sizeof(want)), "RTP");
	ref_derive(&rk, &pol, key, 16, salt, 1, 0);
	n = tu_hex(e2e_rtcp_in, in, sizeof(in));
	m = ref_srtcp_protect(&rk, in, n, 1, NULL, 0, out);
	CHECK_MEM(out, m, want, tu_hex(e2e_rtcp_out, want, sizeof(want)), "RTCP");
	srtpo_suite_policy(SRTPO_SUITE_AES_256_CM_HMAC_SHA1_80, &pol);
	tu_hex(r6188_master_salt, salt, 14);
	ref_derive(&rk, &pol, k, 32, salt, 0, 0);
	n = tu_hex(e2e_rtp_in, in, sizeof(in));
	m = ref_srtp_protect(&rk, in, n, 0, NULL, 0, out);
	CHECK_MEM(out, m, want, tu_hex(aes256_rtp_out, want, sizeof(want)), "AES-256 RTP");
}

/* FIPS-197 Appendix A.1, A.3 (last expanded words) and C.1, C.3 (last round key). */
static void test_key_expansion(void)
{
	static const struct {
		const char *key, *last;
	} v[] = {
		{ "2b7e151628aed2a6abf7158809cf4f3c", "d014f9a8c9ee2589e13f0cc8b6630ca6" },
		{ "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
		  "fe4890d1e6188d0b046df344706c631e" },
		{ "000102030405060708090a0b0c0d0e0f", "13111d7fe3944a17f307a78b4d2b30c5" },
		{ "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
		  "24fc79ccbf0979e9371ac23c6d68de36" },
	};
	/* FIPS-197 A.1 second round key w[4..7] */
	static const char *const a1_w4 = "a0fafe1788542cb123a339392a6c7605";

	tu_section("srtpo_aes_expand_key vs FIPS-197 Appendix A, C");
	for (unsigned i = 0; i < 4; i++) {
		uint8_t key[32], rk[240], want[16];
		size_t kl = tu_hex(v[i].key, key, 32), rounds = kl == 16 ? 10 : 14;

		memset(rk, 0xee, sizeof(rk));
		srtpo_aes_expand_key(key, kl, rk);
		CHECK_MEM(rk, kl, key, kl, "round key 0 is the key (%s)", v[i].key);
		tu_hex(v[i].last, want, 16);
		CHECK_MEM(rk + 16 * rounds, 16, want, 16, "last round key of %s", v[i].key);
		if (i == 0) {
			tu_hex(a1_w4, want, 16);
			CHECK_MEM(rk + 16, 16, want, 16, "A.1 w[4..7]");
		}
	}
}

/* ---------------------------------------------------------------------------------------------- */
/* The engine op */

static void run_one(struct srtpo_sw_engine *eng, struct srtpo_op *op)
{
	op->status = 99;
	srtpo_sw_engine_run(eng, op, 1);
}

/* The largest run of whole blocks one op can encrypt: enc_len is 16 bits. */
#define OP_MAX_BLOCKS (65535 / 16)

static void test_engine_keystreams(struct srtpo_sw_engine *eng)
{
	static uint8_t buf[OP_MAX_BLOCKS * 16 + 64], want_buf[OP_MAX_BLOCKS * 16 + 64];
	struct srtpo_keyslot *ks = aligned_alloc(64, sizeof(*ks));
	uint8_t key[32], salt[14], want[16];
	struct srtpo_op op;

	/* B.2: session key and salt straight into a key slot, SSRC 0, index 0, null auth. The
	 * blocks FEFF..FF01 lie beyond what one op can reach (enc_len is 16 bits, at most 4095
	 * blocks); they are checked on ref.c above and every reachable block is compared. */
	tu_section("engine: RFC 3711 B.2 AES-128-CM keystream");
	tu_hex(b2_key, key, 16);
	tu_hex(b2_salt, salt, 14);
	srtpo_keyslot_init(ks, SRTPO_CIPHER_AES_128_CM, key, 16, salt, SRTPO_AUTH_NULL, NULL, 0);
	memset(buf, 0, sizeof(buf));
	memset(&op, 0, sizeof(op));
	op.buf = buf;
	op.ks = ks;
	op.enc_len = OP_MAX_BLOCKS * 16;
	op.tag_off = op.enc_len;
	op.opcode = SRTPO_OP_PROTECT;
	run_one(eng, &op);
	CHECK_RC(op.status, SRTPO_OK);
	for (unsigned i = 0; i < 3; i++) {
		tu_hex(b2_blocks[i].keystream, want, 16);
		CHECK_MEM(buf + 16 * b2_blocks[i].block, 16, want, 16, "block %04x",
			  b2_blocks[i].block);
	}
	memset(want_buf, 0, sizeof(want_buf));
	ref_keystream_xor(key, 16, salt, 0, 0, want_buf, OP_MAX_BLOCKS * 16);
	CHECK(!memcmp(buf, want_buf, OP_MAX_BLOCKS * 16), "blocks 0..%x differ from ref.c",
	      OP_MAX_BLOCKS - 1);
	CHECK(buf[OP_MAX_BLOCKS * 16] == 0, "wrote past enc_len");

	tu_section("engine: RFC 6188 7.1 AES-256-CM keystream");
	tu_hex(r6188_ks_key, key, 32);
	srtpo_keyslot_init(ks, SRTPO_CIPHER_AES_256_CM, key, 32, salt, SRTPO_AUTH_NULL, NULL, 0);
	memset(buf, 0, sizeof(buf));
	run_one(eng, &op);
	CHECK_RC(op.status, SRTPO_OK);
	for (unsigned i = 0; i < 3; i++) {
		tu_hex(r6188_blocks[i].keystream, want, 16);
		CHECK_MEM(buf + 16 * r6188_blocks[i].block, 16, want, 16, "block %04x",
			  r6188_blocks[i].block);
	}
	memset(want_buf, 0, sizeof(want_buf));
	ref_keystream_xor(key, 32, salt, 0, 0, want_buf, OP_MAX_BLOCKS * 16);
	CHECK(!memcmp(buf, want_buf, OP_MAX_BLOCKS * 16), "blocks 0..%x differ from ref.c",
	      OP_MAX_BLOCKS - 1);

	/* SSRC and index enter the counter block: a nonzero pair, an odd offset and a length
	 * that is no multiple of 16, against ref.c. */
	tu_section("engine: keystream with SSRC, 48-bit index, odd offset/length");
	for (int c = 0; c < 2; c++) {
		size_t kl = c ? 32 : 16;

		tu_fill(key, kl);
		tu_fill(salt, 14);
		srtpo_keyslot_init(ks, c ? SRTPO_CIPHER_AES_256_CM : SRTPO_CIPHER_AES_128_CM, key, kl,
				   salt, SRTPO_AUTH_NULL, NULL, 0);
		tu_fill(buf, 1200);
		memcpy(want_buf, buf, 1200);
		op.index = 0xfedcba987654ULL;
		op.ssrc = 0xdeadbeef;
		op.enc_off = 7;
		op.enc_len = 1171;
		op.tag_off = 1178;
		run_one(eng, &op);
		CHECK_RC(op.status, SRTPO_OK);
		ref_keystream_xor(key, kl, salt, op.ssrc, op.index, want_buf + 7, 1171);
		CHECK_MEM(buf, 1200, want_buf, 1200, "AES-%zu", kl * 8);
	}
	srtpo_keyslot_wipe(ks);
	free(ks);
}

static void test_engine_hmac(struct srtpo_sw_engine *eng)
{
	struct srtpo_keyslot *ks = aligned_alloc(64, sizeof(*ks));
	uint8_t key[20], data[128], want[20], salt[14] = { 0 }, zero_key[16] = { 0 };
	struct srtpo_op op;

	tu_section("engine: RFC 2202 HMAC-SHA1 (null cipher, 20-byte tag)");
	for (unsigned i = 0; i < sizeof(rfc2202) / sizeof(rfc2202[0]); i++) {
		size_t n;

		tu_hex(rfc2202[i].key, key, 20);
		srtpo_keyslot_init(ks, SRTPO_CIPHER_NULL, zero_key, 16, salt, SRTPO_AUTH_HMAC_SHA1,
				   key, 20);
		memset(data, 0x5a, sizeof(data));
		n = rfc2202_data(i, data);
		memset(&op, 0, sizeof(op));
		op.buf = data;
		op.ks = ks;
		op.auth_len = (uint16_t)n;
		op.tag_off = (uint16_t)n;
		op.opcode = SRTPO_OP_PROTECT;
		run_one(eng, &op);
		CHECK_RC(op.status, SRTPO_OK);
		tu_hex(rfc2202[i].mac, want, 20);
		CHECK_MEM(data + n, 20, want, 20, "case %u tag", i);
		CHECK(data[n + 20] == 0x5a, "case %u: wrote past the tag", i);

		/* Unprotect of the same bytes verifies; one flipped bit anywhere fails and
		 * leaves the buffer as it was. */
		op.opcode = SRTPO_OP_UNPROTECT;
		run_one(eng, &op);
		CHECK_RC(op.status, SRTPO_OK);
		for (size_t bit = 0; bit < 8 * (n + 20); bit += 37) {
			uint8_t before[128];

			data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			memcpy(before, data, sizeof(data));
			run_one(eng, &op);
			CHECK_RC(op.status, SRTPO_ERR_AUTH);
			CHECK(!memcmp(before, data, sizeof(data)), "case %u bit %zu: buffer changed",
			      i, bit);
			data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		}
	}

	tu_section("engine: ROC appended to the authenticated bytes");
	{
		uint8_t roc_be[4] = { 0x12, 0x34, 0x56, 0x78 }, mac[20];

		tu_fill(key, 20);
		srtpo_keyslot_init(ks, SRTPO_CIPHER_NULL, zero_key, 16, salt, SRTPO_AUTH_HMAC_SHA1,
				   key, 10);
		tu_fill(data, 100);
		memset(&op, 0, sizeof(op));
		op.buf = data;
		op.ks = ks;
		op.auth_len = 90;
		op.tag_off = 90;
		op.roc = 0x12345678;
		op.roc_append = 1;
		op.opcode = SRTPO_OP_PROTECT;
		run_one(eng, &op);
		CHECK_RC(op.status, SRTPO_OK);
		ref_hmac_sha1(key, 20, data, 90, roc_be, 4, mac);
		CHECK_MEM(data + 90, 10, mac, 10, "HMAC(key, data || ROC)[0..10)");
	}
	srtpo_keyslot_wipe(ks);
	free(ks);
}

/* A batch of independent protect ops of every cipher and tag length, then the matching
 * unprotects, against ref.c: what the stream layer hands an engine in a burst. */
static void test_engine_batch(struct srtpo_sw_engine *eng)
{
	enum { N = 48 };
	struct srtpo_keyslot *ks = aligned_alloc(64, 6 * sizeof(*ks));
	static uint8_t bufs[N][1600], orig[N][1600], want[N][1600];
	struct srtpo_op ops[N];
	uint8_t keys[6][32], salts[6][14], auth[6][20];
	static const srtpo_cipher_t ciphers[6] = { SRTPO_CIPHER_AES_128_CM, SRTPO_CIPHER_AES_256_CM,
						   SRTPO_CIPHER_NULL,       SRTPO_CIPHER_AES_128_CM,
						   SRTPO_CIPHER_AES_256_CM, SRTPO_CIPHER_AES_128_CM };
	static const uint8_t tags[6] = { 10, 4, 10, 0, 0, 20 };

	tu_section("engine: mixed batch of 48 ops vs ref.c, then unprotect");
	for (int s = 0; s < 6; s++) {
		size_t kl = ciphers[s] == SRTPO_CIPHER_AES_256_CM ? 32 : 16;

		tu_fill(keys[s], 32);
		tu_fill(salts[s], 14);
		tu_fill(auth[s], 20);
		srtpo_keyslot_init(&ks[s], ciphers[s], keys[s], kl, salts[s],
				   tags[s] ? SRTPO_AUTH_HMAC_SHA1 : SRTPO_AUTH_NULL, auth[s], tags[s]);
	}
	for (int i = 0; i < N; i++) {
		int s = i % 6;
		size_t kl = ciphers[s] == SRTPO_CIPHER_AES_256_CM ? 32 : 16;
		uint16_t hdr = (uint16_t)(12 + 4 * (tu_rand() % 4));
		uint16_t len = (uint16_t)(hdr + tu_rand() % 1400);

		tu_fill(bufs[i], sizeof(bufs[i]));
		memcpy(orig[i], bufs[i], sizeof(bufs[i]));
		memcpy(want[i], bufs[i], sizeof(bufs[i]));
		memset(&ops[i], 0, sizeof(ops[i]));
		ops[i].buf = bufs[i];
		ops[i].ks = &ks[s];
		ops[i].index = tu_rand() >> 16;
		ops[i].ssrc = (uint32_t)tu_rand();
		ops[i].roc = (uint32_t)(ops[i].index >> 16);
		ops[i].roc_append = (uint8_t)(i & 1);
		ops[i].enc_off = hdr;
		ops[i].enc_len = ciphers[s] == SRTPO_CIPHER_NULL ? 0 : (uint16_t)(len - hdr);
		ops[i].auth_len = len;
		ops[i].tag_off = len;
		ops[i].opcode = SRTPO_OP_PROTECT;
		ops[i].status = 99;
		if (ciphers[s] != SRTPO_CIPHER_NULL)
			ref_keystream_xor(keys[s], kl, salts[s], ops[i].ssrc, ops[i].index,
					  want[i] + hdr, len - hdr);
		if (tags[s]) {
			uint8_t roc_be[4] = { (uint8_t)(ops[i].roc >> 24), (uint8_t)(ops[i].roc >> 16),
					      (uint8_t)(ops[i].roc >> 8), (uint8_t)ops[i].roc };
			uint8_t mac[20];

			ref_hmac_sha1(auth[s], 20, want[i], len, roc_be, ops[i].roc_append ? 4 : 0,
				      mac);
			memcpy(want[i] + len, mac, tags[s]);
		}
	}
	srtpo_sw_engine_run(eng, ops, N);
	for (int i = 0; i < N; i++) {
		CHECK_RC(ops[i].status, SRTPO_OK);
		CHECK_MEM(bufs[i], sizeof(bufs[i]), want[i], sizeof(want[i]), "op %d (slot %d)", i,
			  i % 6);
	}
	/* Corrupt every third authenticated op; the others must still come back. */
	for (int i = 0; i < N; i++) {
		ops[i].opcode = SRTPO_OP_UNPROTECT;
		ops[i].status = 99;
		if (i % 3 == 0 && tags[i % 6])
			bufs[i][ops[i].tag_off] ^= 0x01;
		memcpy(want[i], bufs[i], sizeof(bufs[i]));
	}
	srtpo_sw_engine_run(eng, ops, N);
	for (int i = 0; i < N; i++) {
		if (i % 3 == 0 && tags[i % 6]) {
			CHECK_RC(ops[i].status, SRTPO_ERR_AUTH);
			CHECK_MEM(bufs[i], sizeof(bufs[i]), want[i], sizeof(want[i]),
				  "op %d: rejected packet was changed", i);
		} else {
			CHECK_RC(ops[i].status, SRTPO_OK);
			CHECK_MEM(bufs[i], ops[i].tag_off, orig[i], ops[i].tag_off,
				  "op %d: unprotect did not restore the packet", i);
		}
	}
	for (int s = 0; s < 6; s++)
		srtpo_keyslot_wipe(&ks[s]);
	free(ks);
}

/* ---------------------------------------------------------------------------------------------- */

static void test_kdf(void)
{
	uint8_t mk[32], ms[14], out[94], want[94];

	tu_section("srtpo_kdf: RFC 3711 B.3");
	tu_hex(b3_master_key, mk, 16);
	tu_hex(b3_master_salt, ms, 14);
	CHECK_RC(srtpo_kdf(mk, 16, ms, SRTPO_LABEL_RTP_ENC, 0, out, 16), 0);
	CHECK_MEM(out, 16, want, tu_hex(b3_cipher_key, want, 16), "cipher key");
	CHECK_RC(srtpo_kdf(mk, 16, ms, SRTPO_LABEL_RTP_SALT, 0, out, 14), 0);
	CHECK_MEM(out, 14, want, tu_hex(b3_cipher_salt, want, 14), "cipher salt");
	CHECK_RC(srtpo_kdf(mk, 16, ms, SRTPO_LABEL_RTP_AUTH, 0, out, 94), 0);
	CHECK_MEM(out, 94, want, tu_hex(b3_auth_key, want, 94), "auth key, 94 octets");

	tu_section("srtpo_kdf: RFC 6188 7.2 AES_256_CM_PRF");
	tu_hex(r6188_master_key, mk, 32);
	tu_hex(r6188_master_salt, ms, 14);
	CHECK_RC(srtpo_kdf(mk, 32, ms, SRTPO_LABEL_RTP_ENC, 0, out, 32), 0);
	CHECK_MEM(out, 32, want, tu_hex(r6188_cipher_key, want, 32), "cipher key");
	CHECK_RC(srtpo_kdf(mk, 32, ms, SRTPO_LABEL_RTP_SALT, 0, out, 14), 0);
	CHECK_MEM(out, 14, want, tu_hex(r6188_cipher_salt, want, 14), "cipher salt");
	CHECK_RC(srtpo_kdf(mk, 32, ms, SRTPO_LABEL_RTP_AUTH, 0, out, 20), 0);
	CHECK_MEM(out, 20, want, tu_hex(r6188_auth_key, want, 20), "auth key");

	tu_section("srtpo_kdf: SRTCP labels and r != 0 vs ref.c");
	for (int c = 0; c < 2; c++) {
		size_t kl = c ? 32 : 16;
		static const uint64_t rs[] = { 0, 1, 0x1234, 0xffffffffffffULL };

		if (c) {
			tu_hex(r6188_master_key, mk, 32);
			tu_hex(r6188_master_salt, ms, 14);
		} else {
			tu_hex(b3_master_key, mk, 16);
			tu_hex(b3_master_salt, ms, 14);
		}
		for (uint8_t label = 0; label < 6; label++)
			for (unsigned r = 0; r < 4; r++) {
				size_t n = label % 3 == 0 ? kl : label % 3 == 1 ? 20 : 14;

				CHECK_RC(srtpo_kdf(mk, kl, ms, label, rs[r], out, n), 0);
				ref_kdf(mk, kl, ms, label, rs[r], want, n);
				CHECK_MEM(out, n, want, n, "AES-%zu label %u r %llx", kl * 8, label,
					  (unsigned long long)rs[r]);
			}
	}
}

/* ---------------------------------------------------------------------------------------------- */
/* End to end through the public API */

static srtpo_session_t *session_for(srtpo_suite_t suite, const uint8_t *mk, const uint8_t *ms,
				    uint32_t ssrc)
{
	srtpo_policy_t pol;
	srtpo_master_key_t key;
	srtpo_session_t *s = NULL;
	int rc;

	srtpo_policy_init(&pol, &key, suite, mk, ms);
	pol.ssrc = ssrc;
	rc = srtpo_create(&s, &pol, 1, NULL);
	CHECK_RC(rc, SRTPO_OK);
	return rc == SRTPO_OK ? s : NULL;
}

static void e2e_case(const char *what, srtpo_suite_t suite, const char *mk_hex, const char *ms_hex,
		     bool rtcp, const char *in_hex, const char *out_hex)
{
	uint8_t mk[32], ms[14], in[64], want[128], buf[128], out[128];
	size_t in_len, want_len, len, out_len;
	srtpo_session_t *tx, *rx, *tx2, *rx2;

	tu_hex(mk_hex, mk, 32);
	tu_hex(ms_hex, ms, 14);
	in_len = tu_hex(in_hex, in, sizeof(in));
	want_len = tu_hex(out_hex, want, sizeof(want));
	tx = session_for(suite, mk, ms, 0xcafebabe);
	rx = session_for(suite, mk, ms, 0xcafebabe);
	tx2 = session_for(suite, mk, ms, 0xcafebabe);
	rx2 = session_for(suite, mk, ms, 0xcafebabe);
	if (!tx || !rx || !tx2 || !rx2)
		goto out;

	/* in place */
	memset(buf, 0xee, sizeof(buf));
	memcpy(buf, in, in_len);
	len = in_len;
	CHECK_RC(rtcp ? srtpo_protect_rtcp(tx, buf, &len, sizeof(buf))
		      : srtpo_protect(tx, buf, &len, sizeof(buf)),
		 SRTPO_OK);
	CHECK_MEM(buf, len, want, want_len, "%s: protect in place", what);
	CHECK(buf[want_len] == 0xee, "%s: protect wrote past the packet", what);
	CHECK_RC(rtcp ? srtpo_unprotect_rtcp(rx, buf, &len) : srtpo_unprotect(rx, buf, &len),
		 SRTPO_OK);
	CHECK_MEM(buf, len, in, in_len, "%s: unprotect in place", what);

	/* out of place: the input is never written */
	memset(out, 0xee, sizeof(out));
	CHECK_RC(rtcp ? srtpo_protect_rtcp_to(tx2, in, in_len, out, sizeof(out), &out_len)
		      : srtpo_protect_to(tx2, in, in_len, out, sizeof(out), &out_len),
		 SRTPO_OK);
	CHECK_MEM(out, out_len, want, want_len, "%s: protect out of place", what);
	memset(buf, 0xee, sizeof(buf));
	CHECK_RC(rtcp ? srtpo_unprotect_rtcp_to(rx2, want, want_len, buf, sizeof(buf), &len)
		      : srtpo_unprotect_to(rx2, want, want_len, buf, sizeof(buf), &len),
		 SRTPO_OK);
	CHECK_MEM(buf, len, in, in_len, "%s: unprotect out of place", what);
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
	srtpo_destroy(tx2);
	srtpo_destroy(rx2);
}

/* AES-256 SRTCP has no published packet: ref.c computes it (it reproduced every packet above). */
static void e2e_aes256_rtcp(void)
{
	uint8_t mk[32], ms[14], in[64], want[128];
	size_t in_len, want_len;
	struct ref_keys rk;
	srtpo_crypto_policy_t pol;
	char want_hex[300];

	tu_hex(r6188_master_key, mk, 32);
	tu_hex(r6188_master_salt, ms, 14);
	in_len = tu_hex(e2e_rtcp_in, in, sizeof(in));
	for (int t = 0; t < 2; t++) {
		srtpo_suite_t suite = t ? SRTPO_SUITE_AES_256_CM_HMAC_SHA1_32
					: SRTPO_SUITE_AES_256_CM_HMAC_SHA1_80;

		srtpo_suite_policy(suite, &pol);
		/* srtpo_policy_init keeps the 80-bit SRTCP tag for the _32 suites (RFC 4568 6.2). */
		pol.tag_len = 10;
		ref_derive(&rk, &pol, mk, 32, ms, 1, 0);
		want_len = ref_srtcp_protect(&rk, in, in_len, 1, NULL, 0, want);
		for (size_t i = 0; i < want_len; i++)
			sprintf(want_hex + 2 * i, "%02x", want[i]);
		e2e_case(t ? "AES-256 RTCP /32 (ref.c)" : "AES-256 RTCP /80 (ref.c)", suite,
			 r6188_master_key, r6188_master_salt, true, e2e_rtcp_in, want_hex);
	}
}

static void test_e2e(const char *engine)
{
	char name[96];

	snprintf(name, sizeof(name), "end to end (%s): VECTORS.md RTP/RTCP, AES-256", engine);
	tu_section(name);
	e2e_case("RTP", SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, b3_master_key, b3_master_salt, false,
		 e2e_rtp_in, e2e_rtp_out);
	e2e_case("RTCP", SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, b3_master_key, b3_master_salt, true,
		 e2e_rtcp_in, e2e_rtcp_out);
	e2e_case("AES-256 RTP (libsrtp reference)", SRTPO_SUITE_AES_256_CM_HMAC_SHA1_80,
		 r6188_master_key, r6188_master_salt, false, e2e_rtp_in, aes256_rtp_out);
	e2e_aes256_rtcp();
}

int main(void)
{
	unsigned engines_run = 0;

	printf("test_vectors: published known answers (RFC 3711, RFC 6188, RFC 2202, FIPS-197)\n");
	test_reference();
	test_key_expansion();
	test_kdf();
	for (unsigned k = 0; k < NUM_KINDS; k++) {
		struct srtpo_sw_engine *eng = srtpo_sw_engine_create(engine_kinds[k]);

		if (!eng) {
			tu_section_end();
			printf("  skip engine \"%s\": not available on this machine/build\n",
			       engine_kinds[k]);
			continue;
		}
		tu_section_end();
		printf("  engine \"%s\" = %s\n", engine_kinds[k], srtpo_sw_engine_name(eng));
		engines_run++;
		test_engine_keystreams(eng);
		test_engine_hmac(eng);
		test_engine_batch(eng);
		srtpo_sw_engine_destroy(eng);

		/* Sessions pick their engine from SRTPO_ENGINE when it is set. */
		setenv("SRTPO_ENGINE", engine_kinds[k], 1);
		test_e2e(engine_kinds[k]);
		unsetenv("SRTPO_ENGINE");
	}
	tu_section("engines available (the OpenSSL one at least)");
	CHECK(engines_run >= 1, "no software engine could be created");
	test_e2e("default");
	return tu_summary("test_vectors");
}
