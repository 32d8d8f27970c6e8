/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lifecycle.c - every ownership path of libsrtpo in one short run, for valgrind (leaks, uses of
 * uninitialised memory, invalid reads or writes). It asserts the return codes it walks through,
 * so it is a test on its own too:
 *   sessions created empty, from policies, and refused (nothing leaks from a refused create);
 *   streams added, refused (exists, bad key), updated, removed, and created from templates by
 *   traffic in both directions (including by packets that then fail authentication);
 *   a thousand streams; bursts and single calls both ways; SDES parse and format.
 *
 * Usage: lifecycle (exit 0 pass, 1 fail)
 */
#include <stdbool.h>

#include "srtpo.h"
#include "testutil.h"

static int failures;

#define EXPECT(expr, want)                                                                   \
	do {                                                                                 \
		int got_ = (expr);                                                           \
		if (got_ != (want)) {                                                        \
			fprintf(stderr, "lifecycle: line %d: %s returned %d (%s), expected %s\n", \
				__LINE__, #expr, got_, srtpo_strerror(got_), #want);         \
			failures++;                                                          \
		}                                                                            \
	} while (0)

static const uint8_t key[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
				 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };
static const uint8_t salt[14] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6,
				  0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad };

static size_t make_rtp(uint8_t *b, uint32_t ssrc, uint16_t seq, size_t payload)
{
	b[0] = 0x80;
	b[1] = 0;
	wr16(b + 2, seq);
	wr32(b + 4, 1000u * seq);
	wr32(b + 8, ssrc);
	for (size_t i = 0; i < payload; i++)
		b[12 + i] = (uint8_t)(i ^ seq);
	return 12 + payload;
}

static size_t make_rtcp(uint8_t *b, uint32_t ssrc)
{
	memset(b, 0x33, 28);
	b[0] = 0x80;
	b[1] = 200;
	wr16(b + 2, 6);
	wr32(b + 4, ssrc);
	return 28;
}

static void policy(srtpo_policy_t *p, srtpo_master_key_t *k, srtpo_suite_t suite,
		   srtpo_ssrc_type_t type, uint32_t ssrc)
{
	srtpo_policy_init(p, k, suite, key, salt);
	p->ssrc_type = type;
	p->ssrc = ssrc;
}

static void sessions(void)
{
	srtpo_session_t *s = NULL;
	srtpo_policy_t p[3];
	srtpo_master_key_t k[3];

	EXPECT(srtpo_create(&s, NULL, 0, NULL), SRTPO_OK);
	EXPECT((int)srtpo_stream_count(s), 0);
	srtpo_destroy(s);
	srtpo_destroy(NULL);

	/* A refused create leaves nothing behind. */
	policy(&p[0], &k[0], SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, SRTPO_SSRC_SPECIFIC, 1);
	policy(&p[1], &k[1], SRTPO_SUITE_AES_256_CM_HMAC_SHA1_80, SRTPO_SSRC_SPECIFIC, 2);
	policy(&p[2], &k[2], SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32, SRTPO_SSRC_SPECIFIC, 1);
	s = (srtpo_session_t *)&s;
	EXPECT(srtpo_create(&s, p, 3, NULL), SRTPO_ERR_STREAM_EXISTS);
	EXPECT(s == NULL, 1);
	k[1].key_len = 16; /* AES-256 needs 32 */
	EXPECT(srtpo_create(&s, p, 2, NULL), SRTPO_ERR_BAD_KEY);
	k[1].key_len = 32;

	EXPECT(srtpo_create(&s, p, 2, NULL), SRTPO_OK);
	EXPECT(srtpo_add_stream(s, &p[2]), SRTPO_ERR_STREAM_EXISTS);
	p[2].ssrc = 3;
	EXPECT(srtpo_add_stream(s, &p[2]), SRTPO_OK);
	EXPECT((int)srtpo_stream_count(s), 3);
	EXPECT(srtpo_update_stream(s, &p[2]), SRTPO_OK);
	EXPECT(srtpo_remove_stream(s, 2), SRTPO_OK);
	EXPECT(srtpo_remove_stream(s, 2), SRTPO_ERR_NO_STREAM);
	EXPECT((int)srtpo_stream_count(s), 2);
	EXPECT(srtpo_backend_name(s) != NULL, 1);
	srtpo_destroy(s);
}

/* Protect on one session, unprotect on another, templates on both sides. */
static void traffic(void)
{
	srtpo_session_t *tx = NULL, *rx = NULL;
	srtpo_policy_t p;
	srtpo_master_key_t k;
	uint8_t buf[64][256], out[64][256];
	srtpo_packet_t pk[64];

	policy(&p, &k, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, SRTPO_SSRC_ANY_OUTBOUND, 0);
	EXPECT(srtpo_create(&tx, &p, 1, NULL), SRTPO_OK);
	policy(&p, &k, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, SRTPO_SSRC_ANY_INBOUND, 0);
	EXPECT(srtpo_create(&rx, &p, 1, NULL), SRTPO_OK);

	/* 64 packets of 8 streams in one burst each way. */
	for (int i = 0; i < 64; i++) {
		size_t len = make_rtp(buf[i], 0x1000u + (uint32_t)(i % 8), (uint16_t)(i / 8), 100);

		pk[i] = (srtpo_packet_t){ .in = buf[i], .in_len = len, .out = out[i],
					  .out_cap = sizeof(out[i]) };
	}
	EXPECT((int)srtpo_protect_burst(tx, pk, 64), 64);
	EXPECT((int)srtpo_stream_count(tx), 8);
	for (int i = 0; i < 64; i++)
		pk[i] = (srtpo_packet_t){ .in = out[i], .in_len = pk[i].out_len, .out = out[i],
					  .out_cap = pk[i].out_len };
	/* A forged packet for a new SSRC must not leave a stream behind. */
	out[63][8] ^= 0x40;
	EXPECT((int)srtpo_unprotect_burst(rx, pk, 64), 63);
	EXPECT(pk[63].status, SRTPO_ERR_AUTH);
	EXPECT((int)srtpo_stream_count(rx), 8);
	for (int i = 0; i < 63; i++)
		EXPECT(memcmp(out[i], buf[i], pk[i].out_len), 0);

	/* RTCP both ways, single calls, in place and out of place. */
	size_t len = make_rtcp(buf[0], 0x1000), olen = 0;

	EXPECT(srtpo_protect_rtcp_to(tx, buf[0], len, out[0], sizeof(out[0]), &olen), SRTPO_OK);
	EXPECT(srtpo_unprotect_rtcp(rx, out[0], &olen), SRTPO_OK);
	EXPECT((int)olen, (int)len);
	EXPECT(memcmp(out[0], buf[0], len), 0);

	srtpo_stream_stats_t st;

	EXPECT(srtpo_stream_stats(rx, 0x1000, &st), SRTPO_OK);
	EXPECT((int)st.rtp_unprotected, 8);
	EXPECT((int)st.rtcp_unprotected, 1);
	srtpo_destroy(tx);
	srtpo_destroy(rx);
}

static void many_streams(void)
{
	srtpo_session_t *s = NULL;
	srtpo_policy_t p;
	srtpo_master_key_t k;
	srtpo_session_config_t cfg = { SRTPO_BACKEND_SW, 16, NULL }; /* small hint: the table must grow */
	uint8_t b[256];

	EXPECT(srtpo_create(&s, NULL, 0, &cfg), SRTPO_OK);
	for (uint32_t i = 0; i < 1000; i++) {
		policy(&p, &k, (srtpo_suite_t)(i % 4), SRTPO_SSRC_SPECIFIC, 0xabc00000u + i);
		EXPECT(srtpo_add_stream(s, &p), SRTPO_OK);
	}
	EXPECT((int)srtpo_stream_count(s), 1000);
	for (uint32_t i = 0; i < 1000; i += 7) {
		size_t len = make_rtp(b, 0xabc00000u + i, 1, 20);

		EXPECT(srtpo_protect(s, b, &len, sizeof(b)), SRTPO_OK);
	}
	for (uint32_t i = 0; i < 1000; i += 2)
		EXPECT(srtpo_remove_stream(s, 0xabc00000u + i), SRTPO_OK);
	EXPECT((int)srtpo_stream_count(s), 500);
	srtpo_destroy(s); /* frees the remaining 500 */
}

static void mki_and_rekey(void)
{
	srtpo_session_t *tx = NULL, *rx = NULL;
	srtpo_master_key_t k[3];
	srtpo_policy_t p;
	static const uint8_t mki[3][2] = { { 0, 1 }, { 0, 2 }, { 0, 3 } };
	uint8_t b[256];

	policy(&p, &k[0], SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32, SRTPO_SSRC_SPECIFIC, 77);
	for (int i = 0; i < 3; i++)
		k[i] = (srtpo_master_key_t){ key + i, 16, salt, 14, mki[i], 2, 0 };
	p.keys = k;
	p.num_keys = 3;
	EXPECT(srtpo_create(&tx, &p, 1, NULL), SRTPO_OK);
	EXPECT(srtpo_create(&rx, &p, 1, NULL), SRTPO_OK);
	for (int i = 0; i < 30; i++) {
		size_t len = make_rtp(b, 77, (uint16_t)(65520 + i), 50);

		EXPECT(srtpo_set_active_key(tx, 77, (size_t)(i % 3)), SRTPO_OK);
		EXPECT(srtpo_protect(tx, b, &len, sizeof(b)), SRTPO_OK);
		EXPECT(srtpo_unprotect(rx, b, &len), SRTPO_OK);
	}
	EXPECT(srtpo_set_active_key(tx, 77, 3), SRTPO_ERR_BAD_PARAM);
	p.num_keys = 1;
	EXPECT(srtpo_update_stream(tx, &p), SRTPO_OK);
	EXPECT(srtpo_update_stream(rx, &p), SRTPO_OK);

	size_t len = make_rtp(b, 77, 14, 50);
	uint32_t roc = 0;

	EXPECT(srtpo_protect(tx, b, &len, sizeof(b)), SRTPO_OK);
	EXPECT(srtpo_unprotect(rx, b, &len), SRTPO_OK);
	EXPECT(srtpo_get_roc(rx, 77, &roc), SRTPO_OK);
	EXPECT((int)roc, 1);
	srtpo_destroy(tx);
	srtpo_destroy(rx);
}

static void sdes(void)
{
	char text[128];
	srtpo_sdes_key_t sk;

	EXPECT(srtpo_sdes_format(key, 16, salt, text, sizeof(text)) > 0, 1);
	EXPECT(srtpo_sdes_parse(text, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &sk), SRTPO_OK);
	EXPECT(memcmp(sk.key, key, 16) == 0 && memcmp(sk.salt, salt, 14) == 0, 1);
	EXPECT(srtpo_sdes_format(key, 16, salt, text, 8), SRTPO_ERR_NO_SPACE);
	EXPECT(srtpo_sdes_parse("inline:not*base64", SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, &sk),
	       SRTPO_ERR_BAD_KEY);
}

int main(void)
{
	sessions();
	traffic();
	many_streams();
	mki_and_rekey();
	sdes();
	if (failures) {
		printf("lifecycle: FAILED (%d)\n", failures);
		return 1;
	}
	printf("lifecycle: OK\n");
	return 0;
}
