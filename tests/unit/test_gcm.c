// SPDX-License-Identifier: BSD-3-Clause
/*
 * test_gcm.c - the suites and options past RFC 3711: AEAD AES-GCM (RFC 7714), AES-192 (RFC 6188),
 * cryptex (RFC 9335) and RFC 6904 encrypted header extensions.
 *
 * Known answers, on every software path (OpenSSL, intel-ipsec-mb, the default engine):
 *   RFC 7714 16.1, 16.2 (SRTP, AES-128/256-GCM) and 17.1-17.4 (SRTCP encrypted and tag-only),
 *     with the session key and salt put straight into a key slot, as the RFC gives them;
 *   RFC 7714 key derivation with a 12-byte master salt, RFC 6188 7.4 (AES-192 PRF);
 *   RFC 9335 appendix A: every AES-CTR and AES-GCM packet through the public API (this also
 *     checks the GCM suites end to end: KDF, IV, AAD, tag), protect and unprotect, and the empty
 *     extension block a sender adds to a packet with CSRCs and no extension.
 * Behaviour: forged tags leave the packet as it was, the MKI after the GCM tag, SRTCP E bit,
 * AES-192 and GCM round trips with CSRCs and extensions, RFC 6904 one- and two-byte elements
 * against an independent computation here (OpenSSL AES-CTR over the keys srtpo_kdf derives),
 * policies refused.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "engine.h"
#include "internal.h"
#include "testutil.h"

static const char *const engines[] = { "openssl", "ipsec-mb", "" };

/* ---- RFC 7714 sections 16 and 17 ---- */

static const char r7714_key128[] = "000102030405060708090a0b0c0d0e0f";
static const char r7714_key256[] =
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
static const char r7714_salt[] = "517569642070726f2071756f";
static const char r7714_rtp[] =
	"8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e20706172"
	"7465732074726573";
static const char r7714_16_1[] =
	"8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d1"
	"9b36de3adf8833899d7f27beb16a9152cf765ee4390cce";
static const char r7714_16_2[] =
	"8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae"
	"0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13";
static const char r7714_rtcp[] =
	"81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbe"
	"efdeadbeefdeadbeef";
static const char r7714_17_1[] =
	"81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b"
	"4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4";
static const char r7714_17_2[] =
	"81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f6"
	"58c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4";
static const char r7714_17_3[] =
	"81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbe"
	"efdeadbeefdeadbeef841dd9683dd78ec92ae58790125f62b3000005d4";
static const char r7714_17_4[] =
	"81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbe"
	"efdeadbeefdeadbeef91db4afbfeee5a978fab4393ed2615fe000005d4";

static struct srtpo_keyslot *gcm_slot(const char *key_hex, srtpo_cipher_t cipher, uint8_t tag)
{
	struct srtpo_keyslot *ks = aligned_alloc(64, sizeof(*ks));
	uint8_t key[32], salt[14] = { 0 };
	size_t kl = tu_hex(key_hex, key, sizeof(key));

	tu_hex(r7714_salt, salt, sizeof(salt));
	memset(ks, 0, sizeof(*ks));
	srtpo_keyslot_init(ks, cipher, key, kl, salt, SRTPO_AUTH_GCM, NULL, tag);
	return ks;
}

static void free_slot(struct srtpo_keyslot *ks)
{
	srtpo_keyslot_wipe(ks);
	free(ks);
}

static void run_op(struct srtpo_sw_engine *eng, struct srtpo_op *op)
{
	op->status = -100;
	srtpo_sw_engine_run(eng, op, 1);
}

/* An SRTP op of RFC 7714 16.x: ROC 0, the packet's sequence number, header 12 bytes. */
static void rtp_op(struct srtpo_op *op, uint8_t *buf, const struct srtpo_keyslot *ks, size_t len,
		   bool protect)
{
	memset(op, 0, sizeof(*op));
	op->buf = buf;
	op->ks = ks;
	op->index = (uint64_t)buf[2] << 8 | buf[3];
	op->ssrc = (uint32_t)buf[8] << 24 | (uint32_t)buf[9] << 16 | (uint32_t)buf[10] << 8 | buf[11];
	op->enc_off = 12;
	op->enc_len = (uint16_t)(len - 12);
	op->tag_off = (uint16_t)len;
	op->opcode = protect ? SRTPO_OP_PROTECT : SRTPO_OP_UNPROTECT;
}

/* An SRTCP op of RFC 7714 17.x: index 0x5d4, E bit as given; plain is the RTCP length. */
static void rtcp_op(struct srtpo_op *op, uint8_t *buf, const struct srtpo_keyslot *ks,
		    size_t plain, bool encrypt, bool protect)
{
	memset(op, 0, sizeof(*op));
	op->buf = buf;
	op->ks = ks;
	op->index = 0x5d4;
	op->ssrc = 0x4d617273;
	op->roc = 0x5d4 | (encrypt ? 0x80000000u : 0);
	op->roc_append = 1;
	op->enc_off = encrypt ? 8 : (uint16_t)plain;
	op->enc_len = encrypt ? (uint16_t)(plain - 8) : 0;
	op->tag_off = (uint16_t)plain;
	op->opcode = protect ? SRTPO_OP_PROTECT : SRTPO_OP_UNPROTECT;
}

static void test_rfc7714(const char *kind)
{
	struct srtpo_sw_engine *eng = srtpo_sw_engine_create(*kind ? kind : NULL);
	char title[96];
	uint8_t buf[256], want[256], plain[256], keep[256];
	struct srtpo_keyslot *k128 = gcm_slot(r7714_key128, SRTPO_CIPHER_AES_128_GCM, 16);
	struct srtpo_keyslot *k256 = gcm_slot(r7714_key256, SRTPO_CIPHER_AES_256_GCM, 16);
	struct srtpo_op op;
	size_t n, wn, pn;

	snprintf(title, sizeof(title), "RFC 7714 16.1/16.2 SRTP, 17.1-17.4 SRTCP (%s)",
		 kind);
	tu_section(title);
	CHECK(eng != NULL, "engine %s", kind);
	if (!eng)
		goto out;
	for (int v = 0; v < 2; v++) {
		const struct srtpo_keyslot *ks = v ? k256 : k128;

		n = tu_hex(r7714_rtp, buf, sizeof(buf));
		memcpy(plain, buf, n);
		pn = n;
		wn = tu_hex(v ? r7714_16_2 : r7714_16_1, want, sizeof(want));
		rtp_op(&op, buf, ks, n, true);
		run_op(eng, &op);
		CHECK_RC(op.status, SRTPO_OK);
		CHECK_MEM(buf, n + 16, want, wn, "16.%d protect", v + 1);
		/* unprotect gives the plaintext back */
		rtp_op(&op, buf, ks, pn, false);
		run_op(eng, &op);
		CHECK_RC(op.status, SRTPO_OK);
		CHECK_MEM(buf, pn, plain, pn, "16.%d unprotect", v + 1);
		/* a flipped bit anywhere (header, ciphertext, tag): AUTH, buffer as it was */
		for (size_t bit = 0; bit < wn * 8; bit += 37) {
			memcpy(buf, want, wn);
			buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			memcpy(keep, buf, wn);
			rtp_op(&op, buf, ks, pn, false);
			run_op(eng, &op);
			CHECK_RC(op.status, SRTPO_ERR_AUTH);
			CHECK_MEM(buf, wn, keep, wn, "16.%d forged bit %zu left as it was", v + 1, bit);
		}
	}
	/* 17.1: SRTCP encrypted, AES-128 */
	pn = tu_hex(r7714_rtcp, buf, sizeof(buf));
	memcpy(plain, buf, pn);
	wn = tu_hex(r7714_17_1, want, sizeof(want));
	memcpy(buf + pn + 16, want + pn + 16, 4); /* E || index after the tag */
	rtcp_op(&op, buf, k128, pn, true, true);
	run_op(eng, &op);
	CHECK_RC(op.status, SRTPO_OK);
	CHECK_MEM(buf, pn + 20, want, wn, "17.1 protect");
	rtcp_op(&op, buf, k128, pn, true, false);
	run_op(eng, &op);
	CHECK_RC(op.status, SRTPO_OK);
	CHECK_MEM(buf, pn, plain, pn, "17.1 unprotect");
	/* 17.2: SRTCP encrypted, AES-256, unprotect; the E bit is in the AAD */
	wn = tu_hex(r7714_17_2, buf, sizeof(buf));
	rtcp_op(&op, buf, k256, pn, true, false);
	run_op(eng, &op);
	CHECK_RC(op.status, SRTPO_OK);
	CHECK_MEM(buf, pn, plain, pn, "17.2 unprotect");
	tu_hex(r7714_17_2, buf, sizeof(buf));
	rtcp_op(&op, buf, k256, pn, true, false);
	op.roc &= 0x7fffffff; /* the same packet judged with E clear: another AAD */
	op.enc_off = (uint16_t)pn;
	op.enc_len = 0;
	run_op(eng, &op);
	CHECK_RC(op.status, SRTPO_ERR_AUTH);
	/* 17.3: tag only (E clear), AES-128 */
	memcpy(buf, plain, pn);
	wn = tu_hex(r7714_17_3, want, sizeof(want));
	memcpy(buf + pn + 16, want + pn + 16, 4);
	rtcp_op(&op, buf, k128, pn, false, true);
	run_op(eng, &op);
	CHECK_RC(op.status, SRTPO_OK);
	CHECK_MEM(buf, pn + 20, want, wn, "17.3 protect");
	/* 17.4: tag only, AES-256, verify */
	wn = tu_hex(r7714_17_4, buf, sizeof(buf));
	rtcp_op(&op, buf, k256, pn, false, false);
	run_op(eng, &op);
	CHECK_RC(op.status, SRTPO_OK);
	CHECK_MEM(buf, pn, plain, pn, "17.4 verify");
	buf[20] ^= 1;
	rtcp_op(&op, buf, k256, pn, false, false);
	run_op(eng, &op);
	CHECK_RC(op.status, SRTPO_ERR_AUTH);
	/* 8-byte tags: the first 8 bytes of the 16-byte one (GCM truncation) */
	{
		struct srtpo_keyslot *k8 = gcm_slot(r7714_key128, SRTPO_CIPHER_AES_128_GCM, 8);

		n = tu_hex(r7714_rtp, buf, sizeof(buf));
		wn = tu_hex(r7714_16_1, want, sizeof(want));
		rtp_op(&op, buf, k8, n, true);
		run_op(eng, &op);
		CHECK_MEM(buf, n + 8, want, n + 8, "16.1 with an 8-byte tag");
		rtp_op(&op, buf, k8, n, false);
		run_op(eng, &op);
		CHECK_RC(op.status, SRTPO_OK);
		free_slot(k8);
	}
out:
	free_slot(k128);
	free_slot(k256);
	srtpo_sw_engine_destroy(eng);
}

/* ---- key derivation: 12-byte GCM master salt (zero-padded), RFC 6188 7.4 AES-192 ---- */

static void test_kdf(void)
{
	uint8_t mk[32], salt[14] = { 0 }, out[32], want[32];

	tu_section("KDF: GCM 12-byte master salt (RFC 7714 12), RFC 6188 7.4 AES-192 PRF");
	tu_hex(r7714_key128, mk, 16);
	tu_hex("a0a1a2a3a4a5a6a7a8a9aaab", salt, 12);
	CHECK_RC(srtpo_kdf(mk, 16, salt, 0, 0, out, 16), 0);
	CHECK_MEM(out, 16, want, tu_hex("077c6143cb221bc355ff23d5f984a16e", want, 32), "rtp key");
	CHECK_RC(srtpo_kdf(mk, 16, salt, 2, 0, out, 12), 0);
	CHECK_MEM(out, 12, want, tu_hex("9af3e95364ebac9c99c5a7c4", want, 32), "rtp salt");
	CHECK_RC(srtpo_kdf(mk, 16, salt, 3, 0, out, 16), 0);
	CHECK_MEM(out, 16, want, tu_hex("615dcd9042600666f6fd4d9e4fe4519f", want, 32), "rtcp key");
	CHECK_RC(srtpo_kdf(mk, 16, salt, 5, 0, out, 12), 0);
	CHECK_MEM(out, 12, want, tu_hex("fcca937b9112a500dac72269", want, 32), "rtcp salt");
	tu_hex(r7714_key256, mk, 32);
	CHECK_RC(srtpo_kdf(mk, 32, salt, 0, 0, out, 32), 0);
	CHECK_MEM(out, 32, want,
		  tu_hex("b7a435ce454463b760dc82c838468a115c699625af4b93a0f8220a2a6119c5d0", want,
			 32),
		  "256 rtp key");
	CHECK_RC(srtpo_kdf(mk, 32, salt, 5, 0, out, 12), 0);
	CHECK_MEM(out, 12, want, tu_hex("258c540cf38ddd40848ceaed", want, 32), "256 rtcp salt");
	tu_hex("73edc66c4fa15776fb57f9505c17136550ffda71f3e8e5f1", mk, 24);
	tu_hex("c8522f3acd4ce86d5add78edbb11", salt, 14);
	CHECK_RC(srtpo_kdf(mk, 24, salt, 0, 0, out, 24), 0);
	CHECK_MEM(out, 24, want,
		  tu_hex("31874736a8f1143870c26e4857d8a5b2c4a354407faadabb", want, 32),
		  "AES-192 cipher key");
	CHECK_RC(srtpo_kdf(mk, 24, salt, 2, 0, out, 14), 0);
	CHECK_MEM(out, 14, want, tu_hex("2372b82d639b6d8503a47adc0a6c", want, 32), "AES-192 salt");
	CHECK_RC(srtpo_kdf(mk, 24, salt, 1, 0, out, 20), 0);
	CHECK_MEM(out, 20, want, tu_hex("355b10973cd95b9eacf4061c7e1a7151e7cfbfcb", want, 32),
		  "AES-192 auth key");
}

/* ---- RFC 9335 appendix A ---- */

static const struct {
	const char *name;
	bool gcm;
	const char *plain, *prot;
} cryptex[] = {
	{ "CTR one-byte", false,
	  "900f1235decafbadcafebabebede000151000200abababababababababababababababab",
	  "900f1235decafbadcafebabec0de0001eb92365251c3e036f8de27e9c27ee3e0b4651d9fbc4218a70244522f34a5" },
	{ "CTR two-byte", false,
	  "900f1236decafbadcafebabe1000000105020002abababababababababababababababab",
	  "900f1236decafbadcafebabec2de00014ed9cc4e6a712b3096c5ca77339d4204ce0d77396cab69585fbce38194a5" },
	{ "CTR one-byte + CSRC", false,
	  "920f1238decafbadcafebabe0001e2400000b26ebede000151000200abababababababababababababababab",
	  "920f1238decafbadcafebabe8bb6e12b5cff16ddc0de000192838c8c09e58393e1de3a9a74734d6745671338c3acf11da2df8423bee0" },
	{ "CTR two-byte + CSRC", false,
	  "920f1239decafbadcafebabe0001e2400000b26e1000000105020002abababababababababababababababab",
	  "920f1239decafbadcafebabef70e513eb90b9b25c2de0001bbed4848faa644665f3d7f34125914e9f4d0ae923c6f479b95a0f7b53133" },
	{ "CTR empty one-byte + CSRC", false,
	  "920f123adecafbadcafebabe0001e2400000b26ebede0000abababababababababababababababab",
	  "920f123adecafbadcafebabe7130b6abfe2ab0e3c0de0000e3d9f64b25c9e74cb4cf8e43fb92e3781c2c0ceab6b3a499a14c" },
	{ "CTR empty two-byte + CSRC", false,
	  "920f123bdecafbadcafebabe0001e2400000b26e10000000abababababababababababababababab",
	  "920f123bdecafbadcafebabecbf24c124330e1c8c2de0000599dd45bc9d687b603e8b59d771fd38e88b170e0cd31e125eabe" },
	{ "GCM one-byte", true,
	  "900f1235decafbadcafebabebede000151000200abababababababababababababababab",
	  "900f1235decafbadcafebabec0de000139972dc9572c4d99e8fc355de743fb2e94f9d8ff54e72f4193bbc5c74ffab0fa9fa0fbeb" },
	{ "GCM two-byte", true,
	  "900f1236decafbadcafebabe1000000105020002abababababababababababababababab",
	  "900f1236decafbadcafebabec2de0001bb75a4c545cd1f413bdb7daa2b1e3263de313667c963249081b35a65f5cb6c88b394235f" },
	{ "GCM one-byte + CSRC", true,
	  "920f1238decafbadcafebabe0001e2400000b26ebede000151000200abababababababababababababababab",
	  "920f1238decafbadcafebabe63bbccc4a7f695c4c0de00018ad7c71fac70a80c92866b4c6ba98546ef913586e95ffaaffe956885bb0647a8bc094ac8" },
	{ "GCM two-byte + CSRC", true,
	  "920f1239decafbadcafebabe0001e2400000b26e1000000105020002abababababababababababababababab",
	  "920f1239decafbadcafebabe3680524f8d312b00c2de0001c78d120038422bc111a7187a18246f980c059cc6bc9df8b626394eca344e4b05d80fea83" },
	{ "GCM empty one-byte + CSRC", true,
	  "920f123adecafbadcafebabe0001e2400000b26ebede0000abababababababababababababababab",
	  "920f123adecafbadcafebabe15b6bb4337906fffc0de0000b7b964537a2b03ab7ba5389ce93317126b5d974df30c6884dcb651c5e120c1da" },
	{ "GCM empty two-byte + CSRC", true,
	  "920f123bdecafbadcafebabe0001e2400000b26e10000000abababababababababababababababab",
	  "920f123bdecafbadcafebabedcb38c9e48bf95f4c2de000061ee432cf920317076613258d3ce4236c06ac429681ad08413512dc98b5207d8" },
};

static srtpo_session_t *cryptex_session(bool gcm, bool on)
{
	uint8_t key[16], salt[14];
	srtpo_policy_t pol;
	srtpo_master_key_t mk;

	tu_hex(gcm ? "000102030405060708090a0b0c0d0e0f" : "e1f97a0d3e018be0d64fa32c06de4139", key,
	       16);
	tu_hex(gcm ? "a0a1a2a3a4a5a6a7a8a9aaab" : "0ec675ad498afeebb6960b3aabe6", salt, 14);
	srtpo_policy_init(&pol, &mk,
			  gcm ? SRTPO_SUITE_AEAD_AES_128_GCM : SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80,
			  key, salt);
	pol.ssrc_type = SRTPO_SSRC_SPECIFIC;
	pol.ssrc = 0xcafebabe;
	pol.cryptex = on;
	return tu_session(&pol);
}

static void test_cryptex(const char *kind)
{
	char title[96];

	snprintf(title, sizeof(title), "RFC 9335 A.1/A.2 cryptex, CTR and GCM (%s)", kind);
	tu_section(title);
	setenv("SRTPO_ENGINE", kind, 1);
	for (int gcm = 0; gcm < 2; gcm++) {
		srtpo_session_t *tx = cryptex_session(gcm, true), *rx = cryptex_session(gcm, true);
		srtpo_session_t *tx2 = cryptex_session(gcm, true), *plain_rx = cryptex_session(gcm, false);

		for (size_t i = 0; tx && rx && tx2 && plain_rx && i < sizeof(cryptex) / sizeof(cryptex[0]); i++) {
			uint8_t in[128], buf[256], want[256], keep[256];
			size_t n, wn, len;

			if (cryptex[i].gcm != (gcm != 0))
				continue;
			n = tu_hex(cryptex[i].plain, in, sizeof(in));
			wn = tu_hex(cryptex[i].prot, want, sizeof(want));
			memcpy(buf, in, n);
			len = n;
			CHECK_RC(srtpo_protect(tx, buf, &len, sizeof(buf)), SRTPO_OK);
			CHECK_MEM(buf, len, want, wn, "%s protect", cryptex[i].name);
			/* a receiver without cryptex sees an unknown profile: with HMAC it
			 * authenticates and the CSRCs and extension stay encrypted; GCM's AAD
			 * differs (RFC 9335 takes only the extension header in), so it fails */
			memcpy(keep, want, wn);
			len = wn;
			if (gcm) {
				CHECK_RC(srtpo_unprotect(plain_rx, keep, &len), SRTPO_ERR_AUTH);
			} else {
				CHECK_RC(srtpo_unprotect(plain_rx, keep, &len), SRTPO_OK);
				CHECK(len == n && memcmp(keep, in, n) != 0 && keep[12] == want[12],
				      "%s without cryptex: not decrypted", cryptex[i].name);
			}
			/* forged: AUTH and the packet as it was */
			memcpy(buf, want, wn);
			buf[n - 2] ^= 0x40;
			memcpy(keep, buf, wn);
			len = wn;
			CHECK_RC(srtpo_unprotect(rx, buf, &len), SRTPO_ERR_AUTH);
			CHECK_MEM(buf, wn, keep, wn, "%s forged left as it was", cryptex[i].name);
			memcpy(buf, want, wn);
			len = wn;
			CHECK_RC(srtpo_unprotect(rx, buf, &len), SRTPO_OK);
			CHECK_MEM(buf, len, in, n, "%s unprotect", cryptex[i].name);
			if ((in[0] & 0x0f) && in[12 + 4 * (in[0] & 0x0f) + 2] == 0 &&
			    in[12 + 4 * (in[0] & 0x0f) + 3] == 0 && in[12 + 4 * (in[0] & 0x0f)] == 0xbe) {
				/* the same packet without its empty block: the sender adds it */
				size_t xo = 12 + 4u * (in[0] & 0x0f);
				uint8_t out[256];

				memcpy(buf, in, xo);
				memcpy(buf + xo, in + xo + 4, n - xo - 4);
				buf[0] &= (uint8_t)~0x10;
				/* the 4 bytes count against the capacity */
				len = n - 4;
				CHECK_RC(srtpo_protect(tx2, buf, &len, wn - 1), SRTPO_ERR_NO_SPACE);
				CHECK_RC(srtpo_protect_to(tx2, buf, n - 4, out, sizeof(out), &len),
					 SRTPO_OK);
				CHECK_MEM(out, len, want, wn, "%s: empty block added", cryptex[i].name);
				len = wn;
				CHECK_RC(srtpo_unprotect(rx, out, &len), SRTPO_ERR_REPLAY);
			}
		}
		srtpo_destroy(tx);
		srtpo_destroy(rx);
		srtpo_destroy(tx2);
		srtpo_destroy(plain_rx);
	}
	unsetenv("SRTPO_ENGINE");
}

/* ---- RFC 6904 against an independent computation ---- */

/* The keystream RFC 6904 lays over the extension body: AES-CM (key label 6, salt label 7) with
 * the SRTP IV, computed here with OpenSSL. */
static void xtn_keystream(const uint8_t *mk, size_t mkl, const uint8_t *msalt, bool gcm,
			  uint32_t ssrc, uint64_t index, uint8_t *ks, size_t n)
{
	uint8_t k[32], s[14] = { 0 }, iv[16] = { 0 };
	int l;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();

	srtpo_kdf(mk, mkl, msalt, 6, 0, k, mkl);
	srtpo_kdf(mk, mkl, msalt, 7, 0, s, gcm ? 12 : 14);
	memcpy(iv, s, 14);
	for (int i = 0; i < 4; i++)
		iv[4 + i] ^= (uint8_t)(ssrc >> (24 - 8 * i));
	for (int i = 0; i < 6; i++)
		iv[8 + i] ^= (uint8_t)(index >> (40 - 8 * i));
	memset(ks, 0, n);
	EVP_EncryptInit_ex(c, mkl == 32 ? EVP_aes_256_ctr() : mkl == 24 ? EVP_aes_192_ctr()
						 : EVP_aes_128_ctr(),
			   NULL, k, iv);
	EVP_EncryptUpdate(c, ks, &l, ks, (int)n);
	EVP_CIPHER_CTX_free(c);
}

static void test_xtn(const char *kind)
{
	static const srtpo_suite_t suites[] = { SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80,
						SRTPO_SUITE_AES_192_CM_HMAC_SHA1_80,
						SRTPO_SUITE_AES_256_CM_HMAC_SHA1_32,
						SRTPO_SUITE_AEAD_AES_128_GCM,
						SRTPO_SUITE_AEAD_AES_256_GCM_8 };
	static const uint8_t ids[] = { 1, 3, 14, 200 };
	char title[96];

	snprintf(title, sizeof(title), "RFC 6904 one- and two-byte elements (%s)", kind);
	tu_section(title);
	setenv("SRTPO_ENGINE", kind, 1);
	for (size_t si = 0; si < sizeof(suites) / sizeof(suites[0]); si++) {
		srtpo_crypto_policy_t cp;
		uint8_t mk[32], msalt[14] = { 0 };
		srtpo_policy_t pol;
		srtpo_master_key_t mkey;
		srtpo_session_t *tx, *rx, *plain;
		bool gcm;

		srtpo_suite_policy(suites[si], &cp);
		gcm = cp.auth == SRTPO_AUTH_GCM;
		tu_fill(mk, sizeof(mk));
		tu_fill(msalt, srtpo_master_salt_len(cp.cipher));
		srtpo_policy_init(&pol, &mkey, suites[si], mk, msalt);
		pol.ssrc_type = SRTPO_SSRC_SPECIFIC;
		pol.ssrc = 0x11223344;
		plain = tu_session(&pol);
		pol.encrypted_extension_ids = ids;
		pol.num_encrypted_extension_ids = sizeof(ids);
		tx = tu_session(&pol);
		rx = tu_session(&pol);
		for (int two = 0; tx && rx && plain && two < 2; two++) {
			/* elements 1 (3 bytes), 2 (1 byte, clear), 3 (16 bytes), padding, 14 (2) or
			 * for two-byte: 1, 2, 200 (0 bytes), 3, 14; header with 2 CSRCs */
			uint8_t pkt[256], a[256], b[256], ks[128], keep[256];
			size_t n = 0, xo = 20, body;
			uint16_t seq = (uint16_t)(100 + two);

			n = tu_rtp(pkt, seq, 0x11223344, 2, -1, 0);
			pkt[0] |= 0x10;
			pkt[n++] = two ? 0x10 : 0xbe;
			pkt[n++] = two ? 0x07 : 0xde; /* appbits 7 for two-byte */
			pkt[n++] = 0;
			pkt[n++] = 0; /* length, below */
			if (!two) {
				pkt[n++] = 0x12; tu_fill(pkt + n, 3); n += 3;
				pkt[n++] = 0x20; tu_fill(pkt + n, 1); n += 1;
				pkt[n++] = 0x3f; tu_fill(pkt + n, 16); n += 16;
				pkt[n++] = 0; /* padding between elements */
				pkt[n++] = 0xe1; tu_fill(pkt + n, 2); n += 2;
			} else {
				pkt[n++] = 1; pkt[n++] = 3; tu_fill(pkt + n, 3); n += 3;
				pkt[n++] = 2; pkt[n++] = 1; tu_fill(pkt + n, 1); n += 1;
				pkt[n++] = 200; pkt[n++] = 0;
				pkt[n++] = 3; pkt[n++] = 20; tu_fill(pkt + n, 20); n += 20;
				pkt[n++] = 14; pkt[n++] = 2; tu_fill(pkt + n, 2); n += 2;
			}
			while ((n - xo - 4) % 4)
				pkt[n++] = 0;
			body = n - xo - 4;
			pkt[xo + 3] = (uint8_t)(body / 4);
			tu_fill(pkt + n, 40);
			n += 40;
			/* expected: the plain session's packet (same keys, same index) with the
			 * listed elements' data XORed with the keystream at their body positions */
			size_t la = n, lb = n;

			memcpy(a, pkt, n);
			memcpy(b, pkt, n);
			CHECK_RC(srtpo_protect(tx, a, &la, sizeof(a)), SRTPO_OK);
			xtn_keystream(mk, srtpo_master_key_len(cp.cipher), msalt, gcm, 0x11223344, seq,
				      ks, body);
			{
				/* element data positions within the body, listed IDs only */
				static const size_t one_pos[][2] = { { 1, 3 }, { 7, 16 }, { 25, 2 } };
				static const size_t two_pos[][2] = { { 2, 3 }, { 12, 20 }, { 34, 2 } };

				for (int e = 0; e < 3; e++) {
					size_t off = two ? two_pos[e][0] : one_pos[e][0];
					size_t len = two ? two_pos[e][1] : one_pos[e][1];

					for (size_t j = off; j < off + len; j++)
						b[xo + 4 + j] ^= ks[j];
				}
			}
			/* a session without IDs, fed the expected header, must give the same bytes */
			CHECK_RC(srtpo_protect(plain, b, &lb, sizeof(b)), SRTPO_OK);
			CHECK_MEM(a, la, b, lb, "%s %s-byte: RFC 6904 bytes", srtpo_suite_name(suites[si]),
				  two ? "two" : "one");
			/* an extension of another profile, or an element running past the body:
			 * refused, nothing spent (the same packet goes through afterwards) */
			memcpy(b, pkt, n);
			b[3] = (uint8_t)(b[3] + 50); /* a new index: no replay */
			b[xo] = 0x55;
			memcpy(keep, b, n);
			lb = n;
			CHECK_RC(srtpo_protect(tx, b, &lb, sizeof(b)), SRTPO_ERR_MALFORMED);
			CHECK_MEM(b, n, keep, n, "refused packet untouched");
			{
				/* one element that claims more than the body holds */
				uint8_t bad[64] = { 0x90, 96, 0, 7, 0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44 };
				size_t bl = 12;

				bad[bl++] = two ? 0x10 : 0xbe;
				bad[bl++] = two ? 0x00 : 0xde;
				bad[bl++] = 0;
				bad[bl++] = 1;
				bad[bl++] = two ? 1 : 0x14;    /* ID 1, 5 bytes / ID 1 with ... */
				bad[bl++] = two ? 5 : 0xaa;    /* ... 5 bytes */
				bad[bl++] = 0xbb;
				bad[bl++] = 0xcc;
				bl += 20;                      /* payload */
				lb = bl;
				memcpy(b, bad, bl);
				CHECK_RC(srtpo_protect(tx, b, &lb, sizeof(b)), SRTPO_ERR_MALFORMED);
				CHECK_MEM(b, bl, bad, bl, "refused overrun untouched");
			}
			/* forged header byte: AUTH, untouched */
			memcpy(b, a, la);
			b[xo + 6] ^= 1;
			lb = la;
			CHECK_RC(srtpo_unprotect(rx, b, &lb), SRTPO_ERR_AUTH);
			lb = la;
			CHECK_RC(srtpo_unprotect(rx, a, &lb), SRTPO_OK);
			CHECK_MEM(a, lb, pkt, n, "%s %s-byte round trip", srtpo_suite_name(suites[si]),
				  two ? "two" : "one");
		}
		srtpo_destroy(tx);
		srtpo_destroy(rx);
		srtpo_destroy(plain);
	}
	unsetenv("SRTPO_ENGINE");
}

/* ---- round trips, layout, policies ---- */

static void test_roundtrips(const char *kind)
{
	static const srtpo_suite_t suites[] = {
		SRTPO_SUITE_AEAD_AES_128_GCM,     SRTPO_SUITE_AEAD_AES_256_GCM,
		SRTPO_SUITE_AEAD_AES_128_GCM_8,   SRTPO_SUITE_AEAD_AES_256_GCM_8,
		SRTPO_SUITE_AEAD_AES_128_GCM_8_AUTH_ONLY, SRTPO_SUITE_AEAD_AES_256_GCM_8_AUTH_ONLY,
		SRTPO_SUITE_AES_192_CM_HMAC_SHA1_80, SRTPO_SUITE_AES_192_CM_HMAC_SHA1_32,
	};
	char title[96];

	snprintf(title, sizeof(title), "GCM/AES-192 round trips, MKI, E bit, bursts (%s)",
		 kind);
	tu_section(title);
	setenv("SRTPO_ENGINE", kind, 1);
	for (size_t si = 0; si < sizeof(suites) / sizeof(suites[0]); si++) {
		srtpo_crypto_policy_t cp, rcp;
		uint8_t mk[32], msalt[14];
		static const uint8_t mki[3] = { 9, 8, 7 };
		srtpo_policy_t pol;
		srtpo_master_key_t mkey;
		srtpo_session_t *tx, *rx;

		srtpo_suite_policy(suites[si], &cp);
		srtpo_suite_rtcp_policy(suites[si], &rcp);
		tu_fill(mk, sizeof(mk));
		tu_fill(msalt, sizeof(msalt));
		srtpo_policy_init(&pol, &mkey, suites[si], mk, msalt);
		mkey.mki = mki;
		mkey.mki_len = 3;
		pol.ssrc_type = SRTPO_SSRC_ANY_OUTBOUND;
		tx = tu_session(&pol);
		pol.ssrc_type = SRTPO_SSRC_ANY_INBOUND;
		rx = tu_session(&pol);
		for (unsigned i = 0; tx && rx && i < 40; i++) {
			uint8_t pkt[1500], buf[1600];
			size_t n = tu_rtp(pkt, (uint16_t)(65500 + i), 0x5150 + i % 3, i % 4,
					  (int)(i % 3) - 1, (i * 37) % 1200), len = n;
			bool gcm = cp.auth == SRTPO_AUTH_GCM;

			memcpy(buf, pkt, n);
			CHECK_RC(srtpo_protect(tx, buf, &len, sizeof(buf)), SRTPO_OK);
			CHECK_EQ(len, n + 3 + cp.tag_len);
			/* GCM: payload | tag | MKI; HMAC: payload | MKI | tag */
			CHECK(!memcmp(buf + (gcm ? n + cp.tag_len : n), mki, 3), "MKI position");
			CHECK_RC(srtpo_unprotect(rx, buf, &len), SRTPO_OK);
			CHECK_MEM(buf, len, pkt, n, "%s RTP %u", srtpo_suite_name(suites[si]), i);
			/* RTCP: E bit set unless auth-only; trailer after the GCM tag */
			n = tu_rtcp(pkt, 0x5150 + i % 3, 24 + 4 * i);
			memcpy(buf, pkt, n);
			len = n;
			CHECK_RC(srtpo_protect_rtcp(tx, buf, &len, sizeof(buf)), SRTPO_OK);
			CHECK_EQ(len, n + 4 + 3 + rcp.tag_len);
			{
				size_t t = gcm ? n + rcp.tag_len : n;
				bool e = rcp.auth != SRTPO_AUTH_GCM_ONLY;

				CHECK(((buf[t] & 0x80) != 0) == e, "%s E bit", srtpo_suite_name(suites[si]));
				CHECK(e == (memcmp(buf + 8, pkt + 8, n - 8) != 0), "%s SRTCP encrypted",
				      srtpo_suite_name(suites[si]));
			}
			CHECK_RC(srtpo_unprotect_rtcp(rx, buf, &len), SRTPO_OK);
			CHECK_MEM(buf, len, pkt, n, "%s RTCP %u", srtpo_suite_name(suites[si]), i);
		}
		srtpo_destroy(tx);
		srtpo_destroy(rx);
	}
	unsetenv("SRTPO_ENGINE");
}

/* srtpo_submit/srtpo_poll with GCM, RFC 6904 and cryptex == the burst calls. */
static void test_async_ext(void)
{
	static const uint8_t ids[] = { 1, 3 };
	uint8_t mk[32], msalt[14];
	srtpo_policy_t pol;
	srtpo_master_key_t mkey;
	srtpo_session_t *a = NULL, *b = NULL, *rx = NULL;
	static uint8_t pa[4][32][400], pb[4][32][400];
	srtpo_packet_t ka[4][32], kb[4][32];
	srtpo_completion_t done[4];
	size_t got = 0;

	tu_section("async submit/poll with GCM, RFC 6904 and cryptex == burst calls");
	tu_fill(mk, sizeof(mk));
	tu_fill(msalt, sizeof(msalt));
	srtpo_policy_init(&pol, &mkey, SRTPO_SUITE_AEAD_AES_256_GCM, mk, msalt);
	pol.ssrc_type = SRTPO_SSRC_ANY_OUTBOUND;
	pol.encrypted_extension_ids = ids;
	pol.num_encrypted_extension_ids = 2;
	pol.cryptex = 1;
	a = tu_session(&pol);
	b = tu_session(&pol);
	pol.ssrc_type = SRTPO_SSRC_ANY_INBOUND;
	rx = tu_session(&pol);
	if (!a || !b || !rx)
		goto out;
	for (int k = 0; k < 4; k++)
		for (int i = 0; i < 32; i++) {
			size_t n = tu_rtp(pa[k][i], (uint16_t)(k * 32 + i), 0x900 + (uint32_t)(i % 5),
					  (unsigned)(i % 3), (i % 4) - 1, (size_t)(10 + 9 * i));

			memcpy(pb[k][i], pa[k][i], n);
			ka[k][i] = (srtpo_packet_t){ pa[k][i], n, pa[k][i], sizeof(pa[k][i]), 0, -1 };
			kb[k][i] = (srtpo_packet_t){ pb[k][i], n, pb[k][i], sizeof(pb[k][i]), 0, -1 };
		}
	for (int k = 0; k < 4; k++) {
		CHECK_RC(srtpo_submit(a, SRTPO_DIR_PROTECT, ka[k], 32, NULL), SRTPO_OK);
		CHECK_EQ(srtpo_protect_burst(b, kb[k], 32), 32);
	}
	while (got < 4) {
		size_t g = srtpo_poll(a, done + got, 4 - got, 1);

		if (!g)
			break;
		got += g;
	}
	CHECK_EQ(got, 4);
	for (int k = 0; k < 4; k++)
		for (int i = 0; i < 32; i++) {
			CHECK_RC(ka[k][i].status, SRTPO_OK);
			CHECK_MEM(pa[k][i], ka[k][i].out_len, pb[k][i], kb[k][i].out_len,
				  "async == burst, burst %d packet %d", k, i);
			ka[k][i].in_len = ka[k][i].out_len;
		}
	for (int k = 0; k < 4; k++)
		CHECK_RC(srtpo_submit(rx, SRTPO_DIR_UNPROTECT, ka[k], 32, NULL), SRTPO_OK);
	got = 0;
	while (got < 4) {
		size_t g = srtpo_poll(rx, done + got, 4 - got, 1);

		if (!g)
			break;
		got += g;
	}
	CHECK_EQ(got, 4);
	for (int k = 0; k < 4; k++)
		CHECK_EQ(done[k].ok, 32);
out:
	srtpo_destroy(a);
	srtpo_destroy(b);
	srtpo_destroy(rx);
}

static void test_policies(void)
{
	uint8_t key[32] = { 1 }, salt[14] = { 2 };
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *s = NULL;
	static const uint8_t bad_ids[] = { 1, 0 };

	tu_section("GCM/AES-192/extension policies refused");
#define REFUSE(rc, edit)                                                            \
	do {                                                                        \
		srtpo_policy_init(&pol, &mk, SRTPO_SUITE_AEAD_AES_128_GCM, key, salt); \
		edit;                                                               \
		CHECK_RC(srtpo_create(&s, &pol, 1, NULL), rc);                      \
		CHECK(s == NULL, "no session on error");                            \
	} while (0)
	REFUSE(SRTPO_ERR_BAD_KEY, mk.salt_len = 14);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.rtp.tag_len = 12);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.rtp.auth = SRTPO_AUTH_HMAC_SHA1);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.rtp.auth = SRTPO_AUTH_GCM_ONLY);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.rtcp.cipher = SRTPO_CIPHER_AES_128_CM);
	REFUSE(SRTPO_ERR_UNSUPPORTED, pol.rtcp.cipher = SRTPO_CIPHER_AES_256_GCM);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.encrypted_extension_ids = bad_ids;
	       pol.num_encrypted_extension_ids = 2);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.num_encrypted_extension_ids = 1);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.rtp.cipher = (srtpo_cipher_t)6);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.rtp.auth = (srtpo_auth_t)4);
#undef REFUSE
	srtpo_policy_init(&pol, &mk, SRTPO_SUITE_AES_192_CM_HMAC_SHA1_80, key, salt);
	mk.key_len = 16;
	CHECK_RC(srtpo_create(&s, &pol, 1, NULL), SRTPO_ERR_BAD_KEY);
	srtpo_policy_init(&pol, &mk, SRTPO_SUITE_AES_192_CM_HMAC_SHA1_80, key, salt);
	pol.rtcp.cipher = SRTPO_CIPHER_AES_128_CM;
	CHECK_RC(srtpo_create(&s, &pol, 1, NULL), SRTPO_ERR_UNSUPPORTED);
}

static void test_sdes(void)
{
	uint8_t raw[44];
	char text[80];
	srtpo_sdes_key_t k;

	tu_section("SDES per suite: GCM 16+12 / 32+12, AES-192 24+14");
	tu_fill(raw, sizeof(raw));
	CHECK(srtpo_sdes_format_salt(raw, 16, raw + 16, 12, text, sizeof(text)) > 0, "format");
	CHECK_RC(srtpo_sdes_parse(text, SRTPO_SUITE_AEAD_AES_128_GCM, &k), SRTPO_OK);
	CHECK(k.key_len == 16 && k.salt_len == 12 && !memcmp(k.key, raw, 16) &&
	      !memcmp(k.salt, raw + 16, 12), "GCM-128 key and salt");
	CHECK_RC(srtpo_sdes_parse(text, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &k), SRTPO_ERR_BAD_KEY);
	CHECK(srtpo_sdes_format_salt(raw, 32, raw + 32, 12, text, sizeof(text)) > 0, "format");
	CHECK_RC(srtpo_sdes_parse(text, SRTPO_SUITE_AEAD_AES_256_GCM_8, &k), SRTPO_OK);
	CHECK(k.key_len == 32 && k.salt_len == 12, "GCM-256 lengths");
	CHECK(srtpo_sdes_format_salt(raw, 24, raw + 24, 14, text, sizeof(text)) > 0, "format");
	CHECK_RC(srtpo_sdes_parse(text, SRTPO_SUITE_AES_192_CM_HMAC_SHA1_32, &k), SRTPO_OK);
	CHECK(k.key_len == 24 && k.salt_len == 14 && !memcmp(k.salt, raw + 24, 14), "AES-192");
	CHECK_RC(srtpo_sdes_parse(text, SRTPO_SUITE_AEAD_AES_256_GCM, &k), SRTPO_ERR_BAD_KEY);
}

/*
 * On the simulated card (argument "sim", with $SRTPO_SIM_LIB): suites and options the card does
 * not advertise (GCM, AES-192, cryptex) run in software transparently, byte for byte as the
 * software backend, and the session stats count them; AES-CM + HMAC still goes to the card, also
 * with RFC 6904 (the host encrypts the elements around the card's op).
 */
static void test_sim(void)
{
	static const uint8_t ids[] = { 1, 2, 3 };
	static const struct {
		srtpo_suite_t suite;
		int xtn, cryptex, on_card;
	} cases[] = {
		{ SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, 0, 0, 1 },
		{ SRTPO_SUITE_AEAD_AES_128_GCM, 0, 0, 0 },
		{ SRTPO_SUITE_AEAD_AES_256_GCM_8, 0, 0, 0 },
		{ SRTPO_SUITE_AES_192_CM_HMAC_SHA1_80, 0, 0, 0 },
		{ SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, 1, 0, 1 }, /* RFC 6904 on the host */
		{ SRTPO_SUITE_AES_256_CM_HMAC_SHA1_80, 0, 1, 0 },
	};
	srtpo_session_config_t sim = { .backend = SRTPO_BACKEND_SIM };

	tu_section("simulated card: GCM, AES-192, cryptex in software, counted; CM (+RFC 6904) on it");
	for (size_t ci = 0; ci < sizeof(cases) / sizeof(cases[0]); ci++) {
		uint8_t mk[32], msalt[14];
		srtpo_policy_t pol;
		srtpo_master_key_t mkey;
		srtpo_session_t *card = NULL, *sw = NULL, *rx = NULL;
		srtpo_session_stats_t st;
		srtpo_packet_t pa[32], pb[32];
		static uint8_t a[32][1600], b[32][1600], orig[32][1600];
		size_t ok;

		tu_fill(mk, sizeof(mk));
		tu_fill(msalt, sizeof(msalt));
		srtpo_policy_init(&pol, &mkey, cases[ci].suite, mk, msalt);
		pol.ssrc_type = SRTPO_SSRC_ANY_OUTBOUND;
		if (cases[ci].xtn) {
			pol.encrypted_extension_ids = ids;
			pol.num_encrypted_extension_ids = sizeof(ids);
		}
		pol.cryptex = cases[ci].cryptex;
		CHECK_RC(srtpo_create(&card, &pol, 1, &sim), SRTPO_OK);
		CHECK_RC(srtpo_create(&sw, &pol, 1, NULL), SRTPO_OK);
		pol.ssrc_type = SRTPO_SSRC_ANY_INBOUND;
		CHECK_RC(srtpo_create(&rx, &pol, 1, &sim), SRTPO_OK);
		if (!card || !sw || !rx)
			goto next;
		for (int i = 0; i < 32; i++) {
			size_t n = tu_rtp(orig[i], (uint16_t)(1000 + i), 0x7000 + (uint32_t)(i % 4),
					  (unsigned)(i % 3), i % 2 ? 2 : -1, (size_t)(20 + 37 * i));

			if (i % 2) { /* one-byte elements: ID 1 (4 bytes), ID 3 (2 bytes), padding */
				size_t xo = 12 + 4u * (orig[i][0] & 0x0f);

				orig[i][xo + 4] = 0x13;
				orig[i][xo + 9] = 0x31;
				orig[i][xo + 12] = 0;
				orig[i][xo + 11] = 0;
			}
			memcpy(a[i], orig[i], n);
			memcpy(b[i], orig[i], n);
			pa[i] = (srtpo_packet_t){ a[i], n, a[i], sizeof(a[i]), 0, -1 };
			pb[i] = (srtpo_packet_t){ b[i], n, b[i], sizeof(b[i]), 0, -1 };
		}
		CHECK_EQ(srtpo_protect_burst(card, pa, 32), 32);
		CHECK_EQ(srtpo_protect_burst(sw, pb, 32), 32);
		for (int i = 0; i < 32; i++)
			CHECK_MEM(a[i], pa[i].out_len, b[i], pb[i].out_len, "%s packet %d card == sw",
				  srtpo_suite_name(cases[ci].suite), i);
		for (int i = 0; i < 32; i++)
			pa[i].in_len = pa[i].out_len;
		ok = srtpo_unprotect_burst(rx, pa, 32);
		CHECK_EQ(ok, 32);
		for (int i = 0; i < 32; i++) {
			uint8_t want[1600];
			size_t wl = pb[i].in_len, h = 12 + 4u * (orig[i][0] & 0x0f);

			memcpy(want, orig[i], wl);
			if (cases[ci].cryptex && (orig[i][0] & 0x0f) && !(orig[i][0] & 0x10)) {
				/* the empty block the sender added stays (RFC 9335 4.2) */
				memmove(want + h + 4, want + h, wl - h);
				memcpy(want + h, "\xbe\xde\x00\x00", 4);
				want[0] |= 0x10;
				wl += 4;
			}
			CHECK_MEM(a[i], pa[i].out_len, want, wl, "%s round trip %d",
				  srtpo_suite_name(cases[ci].suite), i);
		}
		CHECK_RC(srtpo_session_stats(card, &st), SRTPO_OK);
		if (cases[ci].on_card) {
			CHECK(st.card_ops == 32 && st.sw_suite == 0, "%s on the card: %llu card, %llu sw",
			      srtpo_suite_name(cases[ci].suite), (unsigned long long)st.card_ops,
			      (unsigned long long)st.sw_suite);
		} else {
			/* with extensions, only the packets that carry one need software */
			uint64_t want = cases[ci].cryptex ? 0 : 32;

			if (cases[ci].cryptex)
				for (int i = 0; i < 32; i++)
					want += (orig[i][0] & 0x1f) != 0;
			CHECK(st.sw_suite == want && st.card_ops == 32 - want,
			      "%s: %llu in software (want %llu), %llu on the card",
			      srtpo_suite_name(cases[ci].suite), (unsigned long long)st.sw_suite,
			      (unsigned long long)want, (unsigned long long)st.card_ops);
		}
		CHECK_RC(srtpo_session_stats(sw, &st), SRTPO_OK);
		CHECK(st.card_ops == 0 && st.sw_suite == 0, "software backend: no card counts");
next:
		srtpo_destroy(card);
		srtpo_destroy(sw);
		srtpo_destroy(rx);
	}
	CHECK_RC(srtpo_session_stats(NULL, NULL), SRTPO_ERR_BAD_PARAM);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "sim")) {
		printf("test_gcm sim: the new suites and options on the simulated card\n");
		test_sim();
		return tu_summary("test_gcm");
	}
	printf("test_gcm: RFC 7714, RFC 6188 AES-192, RFC 9335, RFC 6904\n");
	for (size_t i = 0; i < sizeof(engines) / sizeof(engines[0]); i++)
		test_rfc7714(engines[i]);
	test_kdf();
	for (size_t i = 0; i < sizeof(engines) / sizeof(engines[0]); i++) {
		test_cryptex(engines[i]);
		test_xtn(engines[i]);
		test_roundtrips(engines[i]);
	}
	test_async_ext();
	test_policies();
	test_sdes();
	return tu_summary("test_gcm");
}
