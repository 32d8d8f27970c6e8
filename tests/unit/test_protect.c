// SPDX-License-Identifier: BSD-3-Clause
/*
 * test_protect.c - protect/unprotect through the public API, checked byte for byte against
 * ref.c (OpenSSL, written from RFC 3711):
 *   every suite for RTP and RTCP (chosen separately), in place and out of place;
 *   header shapes: CSRC lists 0..15, header extensions, empty and odd-sized payloads;
 *   bursts against single calls, per-packet status, more than one batch;
 *   malformed, truncated, oversize input, NULL pointers and small buffers: the documented
 *   error, with the buffers and the stream state left as they were.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ref.h"
#include "srtpo.h"
#include "testutil.h"

#define SSRC 0x5eed1234u

static uint8_t master_key[32], master_salt[14];

static size_t key_len_of(srtpo_suite_t suite)
{
	srtpo_crypto_policy_t p;

	srtpo_suite_policy(suite, &p);
	return srtpo_master_key_len(p.cipher);
}

static void ref_keys_for(struct ref_keys *k, srtpo_suite_t suite, size_t mk_len, int rtcp)
{
	srtpo_crypto_policy_t p;

	srtpo_suite_policy(suite, &p);
	ref_derive(k, &p, master_key, mk_len, master_salt, rtcp, 0);
}

/* ---------------------------------------------------------------------------------------------- */

/* One RTP suite and one RTCP suite: two RTP and two RTCP packets each way, the first in place,
 * the second out of place, all against ref.c. */
static void suite_pair(srtpo_suite_t rtp, srtpo_suite_t rtcp)
{
	uint8_t pkt[512], buf[700], want[700], out[700];
	size_t mk_len = key_len_of(rtp), len, want_len, out_len, n;
	struct ref_keys k_rtp, k_rtcp;
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *tx, *rx;
	const char *rn = srtpo_suite_name(rtp), *cn = srtpo_suite_name(rtcp);

	tu_policy(&pol, &mk, rtp, rtcp, master_key, master_salt, SSRC);
	tx = tu_session(&pol);
	rx = tu_session(&pol);
	if (!tx || !rx)
		goto out;
	ref_keys_for(&k_rtp, rtp, mk_len, 0);
	ref_keys_for(&k_rtcp, rtcp, mk_len, 1);

	for (int i = 0; i < 2; i++) {
		/* RTP with two CSRCs and a one-word extension: they stay in the clear. */
		n = tu_rtp(pkt, (uint16_t)(1000 + i), SSRC, 2, 1, 61 + 16 * (size_t)i);
		want_len = ref_srtp_protect(&k_rtp, pkt, n, 0, NULL, 0, want);
		if (i == 0) {
			memcpy(buf, pkt, n);
			len = n;
			CHECK_RC(srtpo_protect(tx, buf, &len, sizeof(buf)), SRTPO_OK);
		} else {
			CHECK_RC(srtpo_protect_to(tx, pkt, n, buf, sizeof(buf), &len), SRTPO_OK);
		}
		CHECK_MEM(buf, len, want, want_len, "RTP %s / RTCP %s: SRTP packet %d", rn, cn, i);
		if (i == 0) {
			CHECK_RC(srtpo_unprotect(rx, buf, &len), SRTPO_OK);
			CHECK_MEM(buf, len, pkt, n, "%s: unprotect in place", rn);
		} else {
			CHECK_RC(srtpo_unprotect_to(rx, buf, len, out, sizeof(out), &out_len), SRTPO_OK);
			CHECK_MEM(out, out_len, pkt, n, "%s: unprotect out of place", rn);
		}

		n = tu_rtcp(pkt, SSRC, 24 + 4 * (size_t)i);
		want_len = ref_srtcp_protect(&k_rtcp, pkt, n, (uint32_t)i + 1, NULL, 0, want);
		if (i == 0) {
			memcpy(buf, pkt, n);
			len = n;
			CHECK_RC(srtpo_protect_rtcp(tx, buf, &len, sizeof(buf)), SRTPO_OK);
		} else {
			CHECK_RC(srtpo_protect_rtcp_to(tx, pkt, n, buf, sizeof(buf), &len), SRTPO_OK);
		}
		CHECK_MEM(buf, len, want, want_len, "RTP %s / RTCP %s: SRTCP packet %d", rn, cn, i);
		if (i == 0) {
			CHECK_RC(srtpo_unprotect_rtcp(rx, buf, &len), SRTPO_OK);
			CHECK_MEM(buf, len, pkt, n, "%s: RTCP unprotect in place", cn);
		} else {
			CHECK_RC(srtpo_unprotect_rtcp_to(rx, buf, len, out, sizeof(out), &out_len),
				 SRTPO_OK);
			CHECK_MEM(out, out_len, pkt, n, "%s: RTCP unprotect out of place", cn);
		}
	}
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
}

static void test_suites(void)
{
	/* ref.c is RFC 3711 / 6188 counter mode with HMAC-SHA1 at 128 and 256 bits: the suites up
	 * to NULL_CIPHER_NULL_AUTH. GCM and AES-192 are checked in test_gcm.c. */
	const int ref_suites = SRTPO_SUITE_NULL_CIPHER_NULL_AUTH + 1;

	tu_section("every suite pair (RTP x RTCP, same master key length) vs ref.c");
	for (int a = 0; a < ref_suites; a++)
		for (int b = 0; b < ref_suites; b++)
			if (key_len_of((srtpo_suite_t)a) == key_len_of((srtpo_suite_t)b))
				suite_pair((srtpo_suite_t)a, (srtpo_suite_t)b);
}

/* ---------------------------------------------------------------------------------------------- */

static void test_header_shapes(void)
{
	static const size_t payloads[] = { 0, 1, 15, 16, 17, 160, 1200 };
	static const int exts[] = { -1, 0, 1, 5 };
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *tx, *rx;
	struct ref_keys k;
	uint16_t seq = 1;

	tu_section("CSRC 0..15 x extension none/0/1/5 words x payload 0..1200");
	tu_policy(&pol, &mk, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80,
		  SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, master_key, master_salt, SSRC);
	tx = tu_session(&pol);
	rx = tu_session(&pol);
	if (!tx || !rx)
		goto out;
	ref_keys_for(&k, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, 16, 0);
	for (unsigned cc = 0; cc <= 15; cc++)
		for (unsigned e = 0; e < 4; e++)
			for (unsigned p = 0; p < 7; p++) {
				uint8_t pkt[1400], buf[1500], want[1500];
				size_t n = tu_rtp(pkt, seq++, SSRC, cc, exts[e], payloads[p]), len = n;
				size_t want_len = ref_srtp_protect(&k, pkt, n, 0, NULL, 0, want);

				memcpy(buf, pkt, n);
				CHECK_RC(srtpo_protect(tx, buf, &len, sizeof(buf)), SRTPO_OK);
				CHECK_MEM(buf, len, want, want_len, "cc %u ext %d payload %zu", cc,
					  exts[e], payloads[p]);
				CHECK_RC(srtpo_unprotect(rx, buf, &len), SRTPO_OK);
				CHECK_MEM(buf, len, pkt, n, "round trip cc %u ext %d payload %zu", cc,
					  exts[e], payloads[p]);
			}

	/* Empty payloads: a bare 12-byte RTP header and a bare 8-byte RTCP header. */
	tu_section("empty payloads: 12-byte RTP, 8-byte RTCP");
	{
		uint8_t pkt[16], buf[64], want[64];
		size_t n = tu_rtp(pkt, seq++, SSRC, 0, -1, 0), len = n, want_len;
		struct ref_keys kc;

		memcpy(buf, pkt, n);
		CHECK_RC(srtpo_protect(tx, buf, &len, sizeof(buf)), SRTPO_OK);
		CHECK_EQ(len, 22);
		want_len = ref_srtp_protect(&k, pkt, n, 0, NULL, 0, want);
		CHECK_MEM(buf, len, want, want_len, "empty RTP");
		CHECK_RC(srtpo_unprotect(rx, buf, &len), SRTPO_OK);
		CHECK_MEM(buf, len, pkt, n, "empty RTP round trip");

		n = tu_rtcp(pkt, SSRC, 0);
		len = n;
		memcpy(buf, pkt, n);
		ref_keys_for(&kc, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, 16, 1);
		CHECK_RC(srtpo_protect_rtcp(tx, buf, &len, sizeof(buf)), SRTPO_OK);
		CHECK_EQ(len, 8 + 4 + 10);
		want_len = ref_srtcp_protect(&kc, pkt, n, 1, NULL, 0, want);
		CHECK_MEM(buf, len, want, want_len, "empty RTCP");
		CHECK_RC(srtpo_unprotect_rtcp(rx, buf, &len), SRTPO_OK);
		CHECK_MEM(buf, len, pkt, n, "empty RTCP round trip");
	}

	/* The largest packet: 65525 bytes of RTP grow to exactly SRTPO_MAX_PACKET. */
	tu_section("largest packet: 65525 -> 65535 bytes");
	{
		uint8_t *pkt = malloc(SRTPO_MAX_PACKET + 64), *buf = malloc(SRTPO_MAX_PACKET + 64);
		uint8_t *want = malloc(SRTPO_MAX_PACKET + 64);
		size_t n = tu_rtp(pkt, seq++, SSRC, 0, -1, SRTPO_MAX_PACKET - 10 - 12), len = n;
		size_t want_len = ref_srtp_protect(&k, pkt, n, 0, NULL, 0, want);

		memcpy(buf, pkt, n);
		CHECK_RC(srtpo_protect(tx, buf, &len, SRTPO_MAX_PACKET), SRTPO_OK);
		CHECK_MEM(buf, len, want, want_len, "65535-byte SRTP packet");
		CHECK_RC(srtpo_unprotect(rx, buf, &len), SRTPO_OK);
		CHECK_MEM(buf, len, pkt, n, "round trip");
		free(pkt);
		free(buf);
		free(want);
	}
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
}

/* ---------------------------------------------------------------------------------------------- */
/* Bursts */

enum { NSSRC = 4, NB = 100 };

static srtpo_session_t *burst_session(void)
{
	srtpo_policy_t pol[NSSRC];
	srtpo_master_key_t mk[NSSRC];
	srtpo_session_t *s = NULL;
	int rc;

	for (int i = 0; i < NSSRC; i++) {
		tu_policy(&pol[i], &mk[i],
			  i % 2 ? SRTPO_SUITE_AES_256_CM_HMAC_SHA1_32 : SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80,
			  i % 2 ? SRTPO_SUITE_AES_256_CM_HMAC_SHA1_80 : SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32,
			  master_key, master_salt, SSRC + (uint32_t)i);
	}
	rc = srtpo_create(&s, pol, NSSRC, NULL);
	CHECK_RC(rc, SRTPO_OK);
	return rc == SRTPO_OK ? s : NULL;
}

static uint8_t b_plain[NB][1300], b_single[NB][1400], b_burst[NB][1400], b_out[NB][1400];
static size_t b_plain_len[NB], b_single_len[NB];

static void burst_round(bool rtcp)
{
	srtpo_session_t *tx1 = burst_session(), *tx2 = burst_session();
	srtpo_session_t *rx1 = burst_session(), *rx2 = burst_session();
	srtpo_packet_t pk[NB];
	int single_rc[NB];
	size_t ok, want_ok = 0;

	if (!tx1 || !tx2 || !rx1 || !rx2)
		goto out;
	/* 100 packets over 4 SSRCs, seq running across a ROC rollover for SSRC+0 and +1. */
	for (int i = 0; i < NB; i++) {
		uint32_t ssrc = SSRC + (uint32_t)(i % NSSRC);
		uint16_t seq = (uint16_t)(65520 + i / NSSRC);

		b_plain_len[i] = rtcp ? tu_rtcp(b_plain[i], ssrc, 4 * (tu_rand() % 300))
				      : tu_rtp(b_plain[i], seq, ssrc, (unsigned)(i % 3), i % 5 - 1,
					       tu_rand() % 1200);
	}
	/* Reference: one packet at a time on twin sessions. */
	for (int i = 0; i < NB; i++) {
		single_rc[i] = rtcp ? srtpo_protect_rtcp_to(tx1, b_plain[i], b_plain_len[i],
							    b_single[i], sizeof(b_single[i]),
							    &b_single_len[i])
				    : srtpo_protect_to(tx1, b_plain[i], b_plain_len[i], b_single[i],
						       sizeof(b_single[i]), &b_single_len[i]);
		CHECK_RC(single_rc[i], SRTPO_OK);
	}
	/* The burst: even packets in place, odd ones out of place. */
	for (int i = 0; i < NB; i++) {
		memcpy(b_burst[i], b_plain[i], b_plain_len[i]);
		pk[i].in = b_burst[i];
		pk[i].in_len = b_plain_len[i];
		pk[i].out = i % 2 ? b_out[i] : b_burst[i];
		pk[i].out_cap = sizeof(b_out[i]);
		pk[i].out_len = 0;
		pk[i].status = 99;
	}
	ok = rtcp ? srtpo_protect_rtcp_burst(tx2, pk, NB) : srtpo_protect_burst(tx2, pk, NB);
	CHECK_EQ(ok, NB);
	for (int i = 0; i < NB; i++) {
		CHECK_RC(pk[i].status, SRTPO_OK);
		CHECK_MEM(pk[i].out, pk[i].out_len, b_single[i], b_single_len[i],
			  "%s burst packet %d vs single call", rtcp ? "RTCP" : "RTP", i);
		if (i % 2)
			CHECK_MEM(b_burst[i], b_plain_len[i], b_plain[i], b_plain_len[i],
				  "out-of-place burst wrote its input (packet %d)", i);
	}

	/* Unprotect burst with bad packets mixed in: a bad tag, a duplicate of an earlier packet
	 * of the same burst, an unknown SSRC, a truncated packet. Each gets its own status and
	 * the others go through. */
	for (int i = 0; i < NB; i++) {
		int expect = SRTPO_OK;

		memcpy(b_burst[i], b_single[i], b_single_len[i]);
		pk[i].in = b_burst[i];
		pk[i].in_len = b_single_len[i];
		if (i == 10) {
			b_burst[i][b_single_len[i] - 1] ^= 0x80;
			expect = SRTPO_ERR_AUTH;
		} else if (i == 20) {
			memcpy(b_burst[i], b_single[12], b_single_len[12]);
			pk[i].in_len = b_single_len[12];
			expect = SRTPO_ERR_REPLAY;
		} else if (i == 30) {
			b_burst[i][rtcp ? 7 : 11] ^= 0x40; /* SSRC no stream has */
			expect = SRTPO_ERR_NO_STREAM;
		} else if (i == 40) {
			pk[i].in_len = rtcp ? 7 : 11;
			expect = SRTPO_ERR_TOO_SHORT;
		}
		pk[i].out = i % 2 ? b_out[i] : b_burst[i];
		pk[i].out_cap = sizeof(b_out[i]);
		pk[i].out_len = 0;
		pk[i].status = expect; /* stash */
		want_ok += expect == SRTPO_OK;
	}
	{
		int expect[NB];
		uint8_t keep[4][1400];
		static const int bad[4] = { 10, 20, 30, 40 };

		for (int i = 0; i < NB; i++) {
			expect[i] = pk[i].status;
			pk[i].status = 99;
		}
		for (int j = 0; j < 4; j++)
			memcpy(keep[j], b_burst[bad[j]], sizeof(keep[j]));
		ok = rtcp ? srtpo_unprotect_rtcp_burst(rx1, pk, NB) : srtpo_unprotect_burst(rx1, pk, NB);
		CHECK_EQ(ok, want_ok);
		for (int i = 0; i < NB; i++) {
			CHECK_RC(pk[i].status, expect[i]);
			if (expect[i] == SRTPO_OK)
				CHECK_MEM(pk[i].out, pk[i].out_len, b_plain[i], b_plain_len[i],
					  "%s unprotect burst packet %d", rtcp ? "RTCP" : "RTP", i);
		}
		for (int j = 0; j < 4; j++)
			CHECK_MEM(b_burst[bad[j]], sizeof(keep[j]), keep[j], sizeof(keep[j]),
				  "rejected packet %d was changed", bad[j]);
	}
	/* The packet that failed its tag is still welcome in its intact form. */
	{
		size_t len;

		memcpy(b_burst[10], b_single[10], b_single_len[10]);
		len = b_single_len[10];
		CHECK_RC(rtcp ? srtpo_unprotect_rtcp(rx1, b_burst[10], &len)
			      : srtpo_unprotect(rx1, b_burst[10], &len),
			 SRTPO_OK);
		CHECK_MEM(b_burst[10], len, b_plain[10], b_plain_len[10], "late intact packet 10");
	}
	/* A burst of zero packets does nothing. */
	CHECK_EQ(rtcp ? srtpo_unprotect_rtcp_burst(rx2, pk, 0) : srtpo_unprotect_burst(rx2, pk, 0), 0);
out:
	srtpo_destroy(tx1);
	srtpo_destroy(tx2);
	srtpo_destroy(rx1);
	srtpo_destroy(rx2);
}

static void test_bursts(void)
{
	tu_section("RTP bursts of 100 (4 SSRCs, ROC rollover) vs single calls");
	burst_round(false);
	tu_section("RTCP bursts of 100 (4 SSRCs) vs single calls");
	burst_round(true);
}

/* ---------------------------------------------------------------------------------------------- */
/* Bad input: the documented error, nothing written, no state advanced. */

typedef int (*inplace_fn)(srtpo_session_t *, uint8_t *, size_t *, size_t);

static int unprotect_cap(srtpo_session_t *s, uint8_t *p, size_t *len, size_t cap)
{
	(void)cap;
	return srtpo_unprotect(s, p, len);
}

static int unprotect_rtcp_cap(srtpo_session_t *s, uint8_t *p, size_t *len, size_t cap)
{
	(void)cap;
	return srtpo_unprotect_rtcp(s, p, len);
}

/* Runs fn in place and out of place on (pkt, n) and expects want from both, with the packet,
 * its length and the output buffer untouched. */
static void expect_reject(srtpo_session_t *s, bool rtcp, bool protect, const uint8_t *pkt, size_t n,
			  int want, const char *what)
{
	static uint8_t buf[SRTPO_MAX_PACKET + 100], out[SRTPO_MAX_PACKET + 100];
	inplace_fn fn = protect ? (rtcp ? srtpo_protect_rtcp : srtpo_protect)
				: (rtcp ? unprotect_rtcp_cap : unprotect_cap);
	size_t len = n, out_len = 12345;
	int rc;

	memcpy(buf, pkt, n);
	memset(buf + n, 0xcc, 64);
	CHECK_RC(fn(s, buf, &len, n + 64), want);
	CHECK(len == n, "%s: length changed to %zu", what, len);
	CHECK(!memcmp(buf, pkt, n) && buf[n] == 0xcc && buf[n + 63] == 0xcc,
	      "%s: buffer changed (in place)", what);

	memset(out, 0xcc, 2048);
	if (protect)
		rc = rtcp ? srtpo_protect_rtcp_to(s, pkt, n, out, n + 64, &out_len)
			  : srtpo_protect_to(s, pkt, n, out, n + 64, &out_len);
	else
		rc = rtcp ? srtpo_unprotect_rtcp_to(s, pkt, n, out, n + 64, &out_len)
			  : srtpo_unprotect_to(s, pkt, n, out, n + 64, &out_len);
	CHECK_RC(rc, want);
	CHECK(out[0] == 0xcc && out[n > 2047 ? 2047 : n] == 0xcc, "%s: output written", what);
	CHECK(out_len == 12345, "%s: out_len set to %zu", what, out_len);
}

static void test_malformed(void)
{
	static uint8_t pkt[SRTPO_MAX_PACKET + 100], sp[2048], buf[2048];
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *tx, *rx;
	size_t n, sn, len, out_len;

	tu_policy(&pol, &mk, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80,
		  SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, master_key, master_salt, SSRC);
	tx = tu_session(&pol);
	rx = tu_session(&pol);
	if (!tx || !rx)
		goto out;

	tu_section("RTP version != 2: SRTPO_ERR_MALFORMED, nothing touched");
	n = tu_rtp(pkt, 7, SSRC, 0, -1, 40);
	for (int v = 0; v < 4; v++) {
		if (v == 2)
			continue;
		pkt[0] = (uint8_t)((pkt[0] & 0x3f) | v << 6);
		expect_reject(tx, false, true, pkt, n, SRTPO_ERR_MALFORMED, "protect");
		expect_reject(rx, false, false, pkt, n, SRTPO_ERR_MALFORMED, "unprotect");
		expect_reject(tx, true, true, pkt, n, SRTPO_ERR_MALFORMED, "protect_rtcp");
		expect_reject(rx, true, false, pkt, n, SRTPO_ERR_MALFORMED, "unprotect_rtcp");
	}

	tu_section("truncated RTP: < 12, < 12+4*CC, < extension, < tag");
	n = tu_rtp(pkt, 8, SSRC, 0, -1, 40);
	for (size_t l = 0; l < 12; l++) {
		expect_reject(tx, false, true, pkt, l, SRTPO_ERR_TOO_SHORT, "protect < 12");
		expect_reject(rx, false, false, pkt, l, SRTPO_ERR_TOO_SHORT, "unprotect < 12");
	}
	n = tu_rtp(pkt, 9, SSRC, 15, -1, 0); /* 12 + 60 */
	expect_reject(tx, false, true, pkt, n - 1, SRTPO_ERR_TOO_SHORT, "CC 15, one byte short");
	n = tu_rtp(pkt, 10, SSRC, 2, 3, 0); /* 12 + 8 + 4 + 12 */
	expect_reject(tx, false, true, pkt, n - 1, SRTPO_ERR_TOO_SHORT, "extension body short");
	expect_reject(tx, false, true, pkt, 12 + 8 + 3, SRTPO_ERR_TOO_SHORT,
		      "extension header short");
	/* An SRTP packet one byte shorter than header + tag. */
	n = tu_rtp(pkt, 11, SSRC, 0, -1, 0);
	len = n;
	memcpy(sp, pkt, n);
	CHECK_RC(srtpo_protect(tx, sp, &len, sizeof(sp)), SRTPO_OK);
	sn = len;
	expect_reject(rx, false, false, sp, sn - 1, SRTPO_ERR_TOO_SHORT, "SRTP shorter than tag");
	/* The intact packet is still accepted: nothing was recorded from the rejects. */
	CHECK_RC(srtpo_unprotect(rx, sp, &sn), SRTPO_OK);

	tu_section("truncated RTCP: < 8, SRTCP < 8 + index + tag");
	n = tu_rtcp(pkt, SSRC, 0);
	for (size_t l = 0; l < 8; l++) {
		expect_reject(tx, true, true, pkt, l, SRTPO_ERR_TOO_SHORT, "protect_rtcp < 8");
		expect_reject(rx, true, false, pkt, l, SRTPO_ERR_TOO_SHORT, "unprotect_rtcp < 8");
	}
	len = n;
	memcpy(sp, pkt, n);
	CHECK_RC(srtpo_protect_rtcp(tx, sp, &len, sizeof(sp)), SRTPO_OK);
	CHECK_EQ(len, 8 + 4 + 10);
	for (size_t l = 8; l < len; l++)
		expect_reject(rx, true, false, sp, l, SRTPO_ERR_TOO_SHORT, "SRTCP short");
	sn = len;
	CHECK_RC(srtpo_unprotect_rtcp(rx, sp, &sn), SRTPO_OK);

	tu_section("oversize (> 65535): SRTPO_ERR_BAD_PARAM");
	n = tu_rtp(pkt, 12, SSRC, 0, -1, SRTPO_MAX_PACKET + 1 - 12);
	CHECK_EQ(n, SRTPO_MAX_PACKET + 1);
	expect_reject(tx, false, true, pkt, n, SRTPO_ERR_BAD_PARAM, "protect 65536");
	expect_reject(rx, false, false, pkt, n, SRTPO_ERR_BAD_PARAM, "unprotect 65536");
	n = tu_rtcp(pkt, SSRC, SRTPO_MAX_PACKET + 1 - 8);
	expect_reject(tx, true, true, pkt, n, SRTPO_ERR_BAD_PARAM, "protect_rtcp 65536");
	expect_reject(rx, true, false, pkt, n, SRTPO_ERR_BAD_PARAM, "unprotect_rtcp 65536");

	tu_section("NULL pointers: SRTPO_ERR_BAD_PARAM");
	n = tu_rtp(pkt, 13, SSRC, 0, -1, 20);
	len = n;
	CHECK_RC(srtpo_protect(NULL, pkt, &len, sizeof(buf)), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_protect(tx, NULL, &len, sizeof(buf)), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_protect(tx, pkt, NULL, sizeof(buf)), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_unprotect(NULL, pkt, &len), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_unprotect(rx, NULL, &len), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_unprotect(rx, pkt, NULL), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_protect_rtcp(NULL, pkt, &len, sizeof(buf)), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_protect_rtcp(tx, NULL, &len, sizeof(buf)), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_unprotect_rtcp(rx, pkt, NULL), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_protect_to(NULL, pkt, n, buf, sizeof(buf), &out_len), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_protect_to(tx, NULL, n, buf, sizeof(buf), &out_len), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_protect_to(tx, pkt, n, NULL, sizeof(buf), &out_len), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_protect_to(tx, pkt, n, buf, sizeof(buf), NULL), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_unprotect_to(rx, pkt, n, NULL, sizeof(buf), &out_len), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_unprotect_to(rx, pkt, n, buf, sizeof(buf), NULL), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_protect_rtcp_to(tx, pkt, n, NULL, sizeof(buf), &out_len),
		 SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_unprotect_rtcp_to(rx, NULL, n, buf, sizeof(buf), &out_len),
		 SRTPO_ERR_BAD_PARAM);
	CHECK_EQ(srtpo_protect_burst(NULL, NULL, 0), 0);
	CHECK_EQ(srtpo_unprotect_burst(rx, NULL, 0), 0);

	tu_section("output too small: SRTPO_ERR_NO_SPACE, then the same packet works");
	n = tu_rtp(pkt, 14, SSRC, 1, 0, 33);
	{
		/* protect needs n + 10 bytes: n + 9 is too small, in place and out of place */
		size_t l = n;

		memcpy(buf, pkt, n);
		CHECK_RC(srtpo_protect(tx, buf, &l, n + 9), SRTPO_ERR_NO_SPACE);
		CHECK(l == n && !memcmp(buf, pkt, n), "NO_SPACE changed the packet");
		memset(sp, 0xcc, sizeof(sp));
		CHECK_RC(srtpo_protect_to(tx, pkt, n, sp, n + 9, &out_len), SRTPO_ERR_NO_SPACE);
		CHECK(sp[0] == 0xcc, "NO_SPACE wrote the output");
		/* RTCP needs n + 4 + 10 */
		sn = tu_rtcp(sp, SSRC, 16);
		memcpy(buf, sp, sn);
		l = sn;
		CHECK_RC(srtpo_protect_rtcp(tx, buf, &l, sn + 13), SRTPO_ERR_NO_SPACE);
		CHECK(l == sn && !memcmp(buf, sp, sn), "RTCP NO_SPACE changed the packet");
	}
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
}

/* NO_SPACE must not burn the sequence number or the SRTCP index: the retry with room gives
 * exactly the packet a fresh session gives. */
static void test_no_space_state(void)
{
	uint8_t pkt[256], buf[256], want[256], out[256];
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *tx, *rx;
	struct ref_keys k;
	size_t n, len, want_len, out_len;

	tu_section("NO_SPACE leaves sender and receiver state as it was");
	tu_policy(&pol, &mk, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80,
		  SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, master_key, master_salt, SSRC);
	tx = tu_session(&pol);
	rx = tu_session(&pol);
	if (!tx || !rx)
		goto out;
	/* SRTCP: the failed call must not consume index 1. */
	n = tu_rtcp(pkt, SSRC, 12);
	memcpy(buf, pkt, n);
	len = n;
	CHECK_RC(srtpo_protect_rtcp(tx, buf, &len, n + 4), SRTPO_ERR_NO_SPACE);
	CHECK_RC(srtpo_protect_rtcp(tx, buf, &len, sizeof(buf)), SRTPO_OK);
	ref_keys_for(&k, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, 16, 1);
	want_len = ref_srtcp_protect(&k, pkt, n, 1, NULL, 0, want);
	CHECK_MEM(buf, len, want, want_len, "SRTCP index after NO_SPACE");
	/* Receiver: unprotect_to into a small buffer fails, then succeeds (not a replay). */
	CHECK_RC(srtpo_unprotect_rtcp_to(rx, buf, len, out, n - 1, &out_len), SRTPO_ERR_NO_SPACE);
	CHECK_RC(srtpo_unprotect_rtcp_to(rx, buf, len, out, sizeof(out), &out_len), SRTPO_OK);
	CHECK_MEM(out, out_len, pkt, n, "SRTCP after NO_SPACE");

	n = tu_rtp(pkt, 500, SSRC, 0, -1, 100);
	CHECK_RC(srtpo_protect_to(tx, pkt, n, buf, sizeof(buf), &len), SRTPO_OK);
	CHECK_RC(srtpo_unprotect_to(rx, buf, len, out, n - 1, &out_len), SRTPO_ERR_NO_SPACE);
	CHECK_RC(srtpo_unprotect_to(rx, buf, len, out, n, &out_len), SRTPO_OK);
	CHECK_MEM(out, out_len, pkt, n, "SRTP after NO_SPACE");
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
}

int main(void)
{
	printf("test_protect: suites, header shapes, bursts, malformed input\n");
	tu_fill(master_key, sizeof(master_key));
	tu_fill(master_salt, sizeof(master_salt));
	test_suites();
	test_header_shapes();
	test_bursts();
	test_malformed();
	test_no_space_state();
	return tu_summary("test_protect");
}
