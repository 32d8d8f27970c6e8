// SPDX-License-Identifier: BSD-3-Clause
/*
 * test_misc.c - the free functions and policy checking: srtpo_strerror for every code,
 * suites by name and their policies (RFC 4568 / RFC 6188 tag and key lengths), SDES inline
 * keys (RFC 4568 6.1) parsed and formatted, srtpo_version, and policies that must be refused.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "srtpo.h"
#include "testutil.h"

static void test_strerror(void)
{
	const char *texts[17];

	tu_section("srtpo_strerror: distinct non-empty text for every code");
	for (int i = 0; i < 17; i++) {
		texts[i] = srtpo_strerror(-i);
		CHECK(texts[i] && texts[i][0], "code %d has no text", -i);
		for (int j = 0; j < i; j++)
			CHECK(texts[i] && texts[j] && strcmp(texts[i], texts[j]),
			      "codes %d and %d share \"%s\"", -i, -j, texts[i]);
	}
	CHECK(srtpo_strerror(SRTPO_ERR_BACKEND) == texts[15], "SRTPO_ERR_BACKEND is not -15");
	CHECK(srtpo_strerror(SRTPO_ERR_AGAIN) == texts[16], "SRTPO_ERR_AGAIN is not -16");
	CHECK(srtpo_strerror(-1000) && srtpo_strerror(-1000)[0], "unknown code: no text");
	CHECK(srtpo_strerror(42) && srtpo_strerror(42)[0], "positive code: no text");
}

static void test_suites(void)
{
	/* RFC 4568 6.2.1 (AES_CM_128_HMAC_SHA1_80/_32: 128-bit key, 80/32-bit tag), RFC 6188 3
	 * (AES_256_CM_HMAC_SHA1_80/_32: 256-bit key), and libsrtp2's null variants. */
	static const struct {
		const char *name;
		srtpo_suite_t suite;
		srtpo_cipher_t cipher;
		srtpo_auth_t auth;
		uint8_t tag;
		size_t key_len;
	} v[] = {
		{ "AES_CM_128_HMAC_SHA1_80", SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80,
		  SRTPO_CIPHER_AES_128_CM, SRTPO_AUTH_HMAC_SHA1, 10, 16 },
		{ "AES_CM_128_HMAC_SHA1_32", SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32,
		  SRTPO_CIPHER_AES_128_CM, SRTPO_AUTH_HMAC_SHA1, 4, 16 },
		{ "AES_256_CM_HMAC_SHA1_80", SRTPO_SUITE_AES_256_CM_HMAC_SHA1_80,
		  SRTPO_CIPHER_AES_256_CM, SRTPO_AUTH_HMAC_SHA1, 10, 32 },
		{ "AES_256_CM_HMAC_SHA1_32", SRTPO_SUITE_AES_256_CM_HMAC_SHA1_32,
		  SRTPO_CIPHER_AES_256_CM, SRTPO_AUTH_HMAC_SHA1, 4, 32 },
		{ "AES_CM_128_NULL_AUTH", SRTPO_SUITE_AES_CM_128_NULL_AUTH, SRTPO_CIPHER_AES_128_CM,
		  SRTPO_AUTH_NULL, 0, 16 },
		{ "AES_256_CM_NULL_AUTH", SRTPO_SUITE_AES_256_CM_NULL_AUTH, SRTPO_CIPHER_AES_256_CM,
		  SRTPO_AUTH_NULL, 0, 32 },
		{ "NULL_CIPHER_HMAC_SHA1_80", SRTPO_SUITE_NULL_CIPHER_HMAC_SHA1_80, SRTPO_CIPHER_NULL,
		  SRTPO_AUTH_HMAC_SHA1, 10, 16 },
		{ "NULL_CIPHER_HMAC_SHA1_32", SRTPO_SUITE_NULL_CIPHER_HMAC_SHA1_32, SRTPO_CIPHER_NULL,
		  SRTPO_AUTH_HMAC_SHA1, 4, 16 },
		{ "NULL_CIPHER_NULL_AUTH", SRTPO_SUITE_NULL_CIPHER_NULL_AUTH, SRTPO_CIPHER_NULL,
		  SRTPO_AUTH_NULL, 0, 16 },
		{ "AEAD_AES_128_GCM", SRTPO_SUITE_AEAD_AES_128_GCM, SRTPO_CIPHER_AES_128_GCM,
		  SRTPO_AUTH_GCM, 16, 16 },
		{ "AEAD_AES_256_GCM", SRTPO_SUITE_AEAD_AES_256_GCM, SRTPO_CIPHER_AES_256_GCM,
		  SRTPO_AUTH_GCM, 16, 32 },
		{ "AEAD_AES_128_GCM_8", SRTPO_SUITE_AEAD_AES_128_GCM_8, SRTPO_CIPHER_AES_128_GCM,
		  SRTPO_AUTH_GCM, 8, 16 },
		{ "AEAD_AES_256_GCM_8", SRTPO_SUITE_AEAD_AES_256_GCM_8, SRTPO_CIPHER_AES_256_GCM,
		  SRTPO_AUTH_GCM, 8, 32 },
		{ "AEAD_AES_128_GCM_8_AUTH_ONLY", SRTPO_SUITE_AEAD_AES_128_GCM_8_AUTH_ONLY,
		  SRTPO_CIPHER_AES_128_GCM, SRTPO_AUTH_GCM, 8, 16 },
		{ "AEAD_AES_256_GCM_8_AUTH_ONLY", SRTPO_SUITE_AEAD_AES_256_GCM_8_AUTH_ONLY,
		  SRTPO_CIPHER_AES_256_GCM, SRTPO_AUTH_GCM, 8, 32 },
		{ "AES_192_CM_HMAC_SHA1_80", SRTPO_SUITE_AES_192_CM_HMAC_SHA1_80,
		  SRTPO_CIPHER_AES_192_CM, SRTPO_AUTH_HMAC_SHA1, 10, 24 },
		{ "AES_192_CM_HMAC_SHA1_32", SRTPO_SUITE_AES_192_CM_HMAC_SHA1_32,
		  SRTPO_CIPHER_AES_192_CM, SRTPO_AUTH_HMAC_SHA1, 4, 24 },
	};
	srtpo_suite_t s;
	srtpo_crypto_policy_t p;

	tu_section("suites: names, lookup (any case), policies, key lengths");
	CHECK_EQ(sizeof(v) / sizeof(v[0]), SRTPO_SUITE_COUNT);
	for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char lower[64];

		s = SRTPO_SUITE_COUNT;
		CHECK_RC(srtpo_suite_from_name(v[i].name, &s), SRTPO_OK);
		CHECK_EQ(s, v[i].suite);
		for (size_t j = 0; j <= strlen(v[i].name); j++)
			lower[j] = (char)tolower((unsigned char)v[i].name[j]);
		s = SRTPO_SUITE_COUNT;
		CHECK_RC(srtpo_suite_from_name(lower, &s), SRTPO_OK);
		CHECK_EQ(s, v[i].suite);
		CHECK(srtpo_suite_name(v[i].suite) && !strcmp(srtpo_suite_name(v[i].suite), v[i].name),
		      "name of suite %d", v[i].suite);
		CHECK_RC(srtpo_suite_policy(v[i].suite, &p), SRTPO_OK);
		CHECK_EQ(p.cipher, v[i].cipher);
		CHECK_EQ(p.auth, v[i].auth);
		CHECK_EQ(p.tag_len, v[i].tag);
		CHECK_EQ(srtpo_master_key_len(p.cipher), v[i].key_len);
		CHECK_EQ(srtpo_master_salt_len(p.cipher),
			 v[i].auth == SRTPO_AUTH_GCM ? SRTPO_GCM_SALT_LEN : SRTPO_SALT_LEN);
		/* SRTCP: _32 keeps an 80-bit tag, the GCM auth-only suites encrypt no SRTCP */
		CHECK_RC(srtpo_suite_rtcp_policy(v[i].suite, &p), SRTPO_OK);
		CHECK_EQ(p.cipher, v[i].cipher);
		CHECK_EQ(p.tag_len, v[i].tag == 4 ? 10 : v[i].tag);
		CHECK_EQ(p.auth, strstr(v[i].name, "AUTH_ONLY") ? SRTPO_AUTH_GCM_ONLY : v[i].auth);
	}
	s = SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32;
	CHECK_RC(srtpo_suite_from_name("AES_CM_128_HMAC_SHA1_81", &s), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_suite_from_name("", &s), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_suite_from_name("AES_CM_128_HMAC_SHA1_80 ", &s), SRTPO_ERR_BAD_PARAM);
	CHECK_EQ(s, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32); /* untouched on error */
	CHECK_RC(srtpo_suite_from_name(NULL, &s), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_suite_from_name("AES_CM_128_HMAC_SHA1_80", NULL), SRTPO_ERR_BAD_PARAM);
	CHECK(srtpo_suite_name(SRTPO_SUITE_COUNT) == NULL, "name of an out-of-range suite");
	CHECK(srtpo_suite_name((srtpo_suite_t)-1) == NULL, "name of suite -1");
	CHECK_RC(srtpo_suite_policy(SRTPO_SUITE_COUNT, &p), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_suite_policy(SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, NULL), SRTPO_ERR_BAD_PARAM);

	tu_section("srtpo_version matches the header");
	{
		char want[32];

		snprintf(want, sizeof(want), "%d.%d.%d", SRTPO_VERSION_MAJOR, SRTPO_VERSION_MINOR,
			 SRTPO_VERSION_PATCH);
		CHECK(srtpo_version() && !strcmp(srtpo_version(), want), "version \"%s\", want %s",
		      srtpo_version() ? srtpo_version() : "(null)", want);
	}
}

/* base64 of raw bytes through OpenSSL, for expected SDES text. */
static void b64(const uint8_t *raw, size_t n, char *out)
{
	EVP_EncodeBlock((unsigned char *)out, raw, (int)n);
}

static void test_sdes(void)
{
	/* RFC 4568 section 6.1's example key parameter (AES_CM_128_HMAC_SHA1_80). */
	static const char rfc4568[] = "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4";
	uint8_t raw[46], key[32], salt[14];
	char text[128], fmt[256];
	srtpo_sdes_key_t k;
	int n;

	tu_section("SDES: RFC 4568 example with lifetime 2^20 and MKI 1:4");
	CHECK_RC(srtpo_sdes_parse(rfc4568, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &k), SRTPO_OK);
	/* The decoded bytes, from OpenSSL's base64 decoder. */
	n = EVP_DecodeBlock(raw, (const unsigned char *)"PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", 40);
	CHECK_EQ(n, 30);
	CHECK_MEM(k.key, k.key_len, raw, 16, "master key");
	CHECK_MEM(k.salt, 14, raw + 16, 14, "master salt");
	CHECK_EQ(k.lifetime, 1ULL << 20);
	CHECK_EQ(k.mki_len, 4);
	CHECK_MEM(k.mki, k.mki_len, "\x00\x00\x00\x01", 4, "MKI value 1 in 4 bytes");

	tu_section("SDES: forms, lifetimes, MKI, AES-256");
	tu_fill(key, 32);
	tu_fill(salt, 14);
	memcpy(raw, key, 16);
	memcpy(raw + 16, salt, 14);
	b64(raw, 30, text);
	CHECK_RC(srtpo_sdes_parse(text, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32, &k), SRTPO_OK);
	CHECK_MEM(k.key, k.key_len, key, 16, "bare base64");
	CHECK_EQ(k.lifetime, 0);
	CHECK_EQ(k.mki_len, 0);
	snprintf(fmt, sizeof(fmt), "inline:%s|1048576", text);
	CHECK_RC(srtpo_sdes_parse(fmt, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &k), SRTPO_OK);
	CHECK_EQ(k.lifetime, 1048576);
	snprintf(fmt, sizeof(fmt), "inline:%s|2^31|258:2", text);
	CHECK_RC(srtpo_sdes_parse(fmt, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &k), SRTPO_OK);
	CHECK_EQ(k.lifetime, 1ULL << 31);
	CHECK_MEM(k.mki, k.mki_len, "\x01\x02", 2, "MKI 258:2");
	snprintf(fmt, sizeof(fmt), "inline:%s|7:1", text); /* MKI without lifetime */
	CHECK_RC(srtpo_sdes_parse(fmt, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &k), SRTPO_OK);
	CHECK_MEM(k.mki, k.mki_len, "\x07", 1, "MKI 7:1");
	CHECK_EQ(k.lifetime, 0);
	/* RFC 4568 allows MKIs up to 128 bytes (libsrtp2's SRTP_MAX_MKI_LEN): the value is
	 * written big-endian into all of them, also past 64 bits. */
	snprintf(fmt, sizeof(fmt), "inline:%s|1:128", text);
	CHECK_RC(srtpo_sdes_parse(fmt, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &k), SRTPO_OK);
	CHECK_EQ(k.mki_len, 128);
	CHECK(k.mki[127] == 1 && !k.mki[0] && !k.mki[126], "MKI 1:128 is 127 zero bytes then 1");
	/* 2^64 + 1 = 18446744073709551617: bytes 01 00..00 01 in 9 bytes */
	snprintf(fmt, sizeof(fmt), "inline:%s|18446744073709551617:9", text);
	CHECK_RC(srtpo_sdes_parse(fmt, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &k), SRTPO_OK);
	CHECK_MEM(k.mki, k.mki_len, "\x01\x00\x00\x00\x00\x00\x00\x00\x01", 9,
		  "MKI 2^64+1 in 9 bytes");
	snprintf(fmt, sizeof(fmt), "inline:%s|18446744073709551617:8", text);
	CHECK_RC(srtpo_sdes_parse(fmt, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &k), SRTPO_ERR_BAD_KEY);
	snprintf(fmt, sizeof(fmt), "inline:%s|1:129", text);
	CHECK_RC(srtpo_sdes_parse(fmt, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &k), SRTPO_ERR_BAD_KEY);
	snprintf(fmt, sizeof(fmt), "inline:%s|65535:2", text);
	CHECK_RC(srtpo_sdes_parse(fmt, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &k), SRTPO_OK);
	CHECK_MEM(k.mki, k.mki_len, "\xff\xff", 2, "MKI 65535:2");
	snprintf(fmt, sizeof(fmt), "inline:%s|65536:2", text);
	CHECK_RC(srtpo_sdes_parse(fmt, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &k), SRTPO_ERR_BAD_KEY);
	memcpy(raw, key, 32);
	memcpy(raw + 32, salt, 14);
	b64(raw, 46, text);
	CHECK_RC(srtpo_sdes_parse(text, SRTPO_SUITE_AES_256_CM_HMAC_SHA1_80, &k), SRTPO_OK);
	CHECK_MEM(k.key, k.key_len, key, 32, "AES-256 master key");
	CHECK_MEM(k.salt, 14, salt, 14, "AES-256 master salt");

	tu_section("SDES: bad base64, wrong length, bad lifetime or MKI -> BAD_KEY");
	{
		static const char *const bad[] = {
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB!",   /* bad character */
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB",    /* 39 chars */
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBRAAAA", /* 33 bytes */
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtx",       /* 24 bytes */
			"inline:",
			"",
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|",
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^",
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^x",
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|12a",
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:",
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|:4",
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|256:1", /* value > 1 byte */
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:0",
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:4|2^20", /* order */
			"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4|x",
		};

		for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			int rc = srtpo_sdes_parse(bad[i], SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &k);

			CHECK(rc == SRTPO_ERR_BAD_KEY, "\"%s\" gave %d (%s)", bad[i], rc,
			      srtpo_strerror(rc));
		}
		/* A right-length 128-bit key is the wrong length for an AES-256 suite. */
		CHECK_RC(srtpo_sdes_parse(rfc4568, SRTPO_SUITE_AES_256_CM_HMAC_SHA1_80, &k),
			 SRTPO_ERR_BAD_KEY);
		CHECK_RC(srtpo_sdes_parse(NULL, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &k),
			 SRTPO_ERR_BAD_PARAM);
		CHECK_RC(srtpo_sdes_parse(rfc4568, SRTPO_SUITE_COUNT, &k), SRTPO_ERR_BAD_PARAM);
	}

	tu_section("SDES: format equals OpenSSL base64 and parses back");
	for (int c = 0; c < 2; c++) {
		size_t kl = c ? 32 : 16;
		srtpo_suite_t suite = c ? SRTPO_SUITE_AES_256_CM_HMAC_SHA1_32
					: SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80;

		for (int round = 0; round < 20; round++) {
			tu_fill(key, kl);
			tu_fill(salt, 14);
			memcpy(raw, key, kl);
			memcpy(raw + kl, salt, 14);
			b64(raw, kl + 14, text);
			n = srtpo_sdes_format(key, kl, salt, fmt, sizeof(fmt));
			CHECK_EQ(n, strlen(text));
			CHECK(!strcmp(fmt, text), "format \"%s\", want \"%s\"", fmt, text);
			CHECK_RC(srtpo_sdes_parse(fmt, suite, &k), SRTPO_OK);
			CHECK_MEM(k.key, k.key_len, key, kl, "key back");
			CHECK_MEM(k.salt, 14, salt, 14, "salt back");
		}
		/* Room for the text and its NUL exactly, and one byte less. */
		n = srtpo_sdes_format(key, kl, salt, fmt, strlen(text) + 1);
		CHECK_EQ(n, strlen(text));
		CHECK_RC(srtpo_sdes_format(key, kl, salt, fmt, strlen(text)), SRTPO_ERR_NO_SPACE);
	}
}

static void test_policy_checks(void)
{
	uint8_t key[32] = { 1 }, salt[14] = { 2 };
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *s;

	tu_section("policies refused: BAD_KEY / BAD_PARAM, *out NULL");
#define REFUSE(want, ...)                                                                    \
	do {                                                                                 \
		srtpo_policy_init(&pol, &mk, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, key, salt);  \
		pol.ssrc = 1;                                                                \
		__VA_ARGS__;                                                                 \
		s = (srtpo_session_t *)&pol;                                                 \
		CHECK_RC(srtpo_create(&s, &pol, 1, NULL), want);                             \
		CHECK(s == NULL, "*out not NULL after an error");                            \
	} while (0)
	REFUSE(SRTPO_ERR_BAD_KEY, mk.key_len = 15);
	REFUSE(SRTPO_ERR_BAD_KEY, mk.key_len = 32);
	REFUSE(SRTPO_ERR_BAD_KEY, mk.salt_len = 13);
	REFUSE(SRTPO_ERR_BAD_KEY, mk.key = NULL);
	REFUSE(SRTPO_ERR_BAD_KEY, mk.salt = NULL);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.num_keys = 0);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.keys = NULL);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.rtp.tag_len = 21);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.rtcp.tag_len = 0);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.rtp.cipher = (srtpo_cipher_t)7);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.rtcp.auth = (srtpo_auth_t)7);
	REFUSE(SRTPO_ERR_BAD_PARAM, pol.ssrc_type = (srtpo_ssrc_type_t)9);
	REFUSE(SRTPO_ERR_BAD_PARAM, mk.mki_len = SRTPO_MAX_MKI_LEN + 1);
	CHECK_RC(srtpo_create(NULL, &pol, 1, NULL), SRTPO_ERR_BAD_PARAM);
	s = (srtpo_session_t *)&pol;
	CHECK_RC(srtpo_create(&s, NULL, 1, NULL), SRTPO_ERR_BAD_PARAM);
	CHECK(s == NULL, "*out not NULL after an error");
	/* The caller's key may be wiped at once: keys are copied. */
	{
		uint8_t k2[16], s2[14], plain[64], prot[64], prot2[64];
		size_t n, l1, l2;
		srtpo_session_t *a = NULL, *b = NULL;

		memset(k2, 0x42, 16);
		memset(s2, 0x24, 14);
		srtpo_policy_init(&pol, &mk, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, k2, s2);
		pol.ssrc = 9;
		CHECK_RC(srtpo_create(&a, &pol, 1, NULL), SRTPO_OK);
		CHECK_RC(srtpo_create(&b, &pol, 1, NULL), SRTPO_OK);
		memset(k2, 0, 16);
		n = tu_rtp(plain, 1, 9, 0, -1, 20);
		CHECK_RC(srtpo_protect_to(a, plain, n, prot, sizeof(prot), &l1), SRTPO_OK);
		CHECK_RC(srtpo_unprotect_to(b, prot, l1, prot2, sizeof(prot2), &l2), SRTPO_OK);
		CHECK_MEM(prot2, l2, plain, n, "after the caller wiped its key");
		CHECK(srtpo_backend_name(a) && srtpo_backend_name(a)[0], "no backend name");
		srtpo_destroy(a);
		srtpo_destroy(b);
	}
	srtpo_destroy(NULL);
}

/* Without a card: CARD fails cleanly, AUTO falls back to software, a bad backend is refused. */
static void test_backends(void)
{
	srtpo_session_config_t cfg = { SRTPO_BACKEND_CARD, 0, "/nonexistent/srtpo9" };
	srtpo_session_t *s = (srtpo_session_t *)1;

	tu_section("backends: CARD without a device, AUTO falls back, unknown kind");
	CHECK_RC(srtpo_create(&s, NULL, 0, &cfg), SRTPO_ERR_BACKEND);
	CHECK(s == NULL, "failed create left a session");
	cfg.backend = SRTPO_BACKEND_AUTO;
	CHECK_RC(srtpo_create(&s, NULL, 0, &cfg), SRTPO_OK);
	CHECK(s && !strncmp(srtpo_backend_name(s), "sw-", 3), "AUTO without a card runs on %s",
	      s ? srtpo_backend_name(s) : "(none)");
	srtpo_destroy(s);
	cfg.device = "/dev/null"; /* not an srtpo device: the ABI check refuses it */
	cfg.backend = SRTPO_BACKEND_CARD;
	CHECK_RC(srtpo_create(&s, NULL, 0, &cfg), SRTPO_ERR_BACKEND);
	cfg.backend = (srtpo_backend_t)4;
	CHECK_RC(srtpo_create(&s, NULL, 0, &cfg), SRTPO_ERR_BAD_PARAM);
}

int main(void)
{
	printf("test_misc: strerror, suites, SDES, policy checks\n");
	test_strerror();
	test_suites();
	test_sdes();
	test_policy_checks();
	test_backends();
	return tu_summary("test_misc");
}
