// SPDX-License-Identifier: BSD-3-Clause
/*
 * test_streams.c - the per-stream state the host keeps (RFC 3711 3.3, 3.4, 9.2, Appendix A):
 * ROC tracking and index estimation across 65535 -> 0 with reordering, get/set ROC and late
 * joiners, replay windows of every allowed size, allow_repeat_tx, SRTCP replay, bad tags that
 * must change nothing, templates, add/remove/update (rekey), MKI with several master keys,
 * key derivation rate, key lifetime and the SRTCP index limit. Expected bytes come from ref.c.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ref.h"
#include "srtpo.h"
#include "testutil.h"

#define SSRC 0xa1b2c3d4u
#define SUITE SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80

static uint8_t key_a[16], salt_a[14], key_b[16], salt_b[14], key_c[16], salt_c[14];

static srtpo_session_t *simple_session(const uint8_t *key, const uint8_t *salt)
{
	srtpo_policy_t pol;
	srtpo_master_key_t mk;

	tu_policy(&pol, &mk, SUITE, SUITE, key, salt, SSRC);
	return tu_session(&pol);
}

/* Protects an RTP packet of seq on tx into out; returns its length (0 on failure). */
static size_t send_rtp(srtpo_session_t *tx, uint16_t seq, uint8_t *plain, size_t *plain_len,
		       uint8_t *out)
{
	size_t n = tu_rtp(plain, seq, SSRC, 0, -1, 40), len;
	int rc = srtpo_protect_to(tx, plain, n, out, 256, &len);

	CHECK_RC(rc, SRTPO_OK);
	if (plain_len)
		*plain_len = n;
	return rc == SRTPO_OK ? len : 0;
}

/* Unprotects a copy of pkt and expects want; on success the plaintext must match plain, on
 * failure the copy must be unchanged. */
static void recv_expect(srtpo_session_t *rx, bool rtcp, const uint8_t *pkt, size_t n,
			const uint8_t *plain, size_t plain_len, int want, const char *what)
{
	uint8_t buf[2048];
	size_t len = n;
	int rc;

	memcpy(buf, pkt, n);
	rc = rtcp ? srtpo_unprotect_rtcp(rx, buf, &len) : srtpo_unprotect(rx, buf, &len);
	CHECK_RC(rc, want);
	if (rc != want)
		tu_fail_msg(__FILE__, __LINE__, "  ...for %s", what);
	if (want == SRTPO_OK && rc == SRTPO_OK && plain)
		CHECK_MEM(buf, len, plain, plain_len, "%s: plaintext", what);
	if (want != SRTPO_OK)
		CHECK(len == n && !memcmp(buf, pkt, n), "%s: rejected packet was changed", what);
}

static uint32_t get_roc(srtpo_session_t *s)
{
	uint32_t roc = 0xdeadbeef;

	CHECK_RC(srtpo_get_roc(s, SSRC, &roc), SRTPO_OK);
	return roc;
}

/* ---------------------------------------------------------------------------------------------- */

static void test_roc(void)
{
	enum { N = 80, FIRST = 65500 };
	static uint8_t plain[N][256], prot[N][256];
	size_t plen[N], slen[N];
	srtpo_session_t *tx = simple_session(key_a, salt_a), *rx = simple_session(key_a, salt_a);
	struct ref_keys k;
	srtpo_crypto_policy_t cp;
	uint8_t want[256];
	int order[N];

	tu_section("ROC: sender 65500..65535 -> 0..43, receiver reordered across the wrap");
	if (!tx || !rx)
		goto out;
	srtpo_suite_policy(SUITE, &cp);
	ref_derive(&k, &cp, key_a, 16, salt_a, 0, 0);
	for (int i = 0; i < N; i++) {
		uint16_t seq = (uint16_t)(FIRST + i);

		slen[i] = send_rtp(tx, seq, plain[i], &plen[i], prot[i]);
		/* The sender's index is ROC << 16 | seq with the ROC it tracked. */
		size_t wl = ref_srtp_protect(&k, plain[i], plen[i], FIRST + i > 65535, NULL, 0, want);
		CHECK_MEM(prot[i], slen[i], want, wl, "sender packet seq %u", seq);
	}
	CHECK_EQ(get_roc(tx), 1);
	/* Reorder: swap neighbours and move blocks of 8 around so packets from both sides of the
	 * wrap arrive out of order (ROC-1 and ROC+1 guesses of Appendix A). */
	for (int i = 0; i < N; i++)
		order[i] = i;
	for (int i = 0; i + 1 < N; i += 2) {
		int t = order[i];

		order[i] = order[i + 1];
		order[i + 1] = t;
	}
	for (int b = 24; b + 16 <= 56; b += 16)
		for (int j = 0; j < 8; j++) {
			int t = order[b + j];

			order[b + j] = order[b + 8 + j];
			order[b + 8 + j] = t;
		}
	for (int i = 0; i < N; i++) {
		int p = order[i];
		char what[64];

		snprintf(what, sizeof(what), "seq %u (arrival %d)", (unsigned)(uint16_t)(FIRST + p), i);
		recv_expect(rx, false, prot[p], slen[p], plain[p], plen[p], SRTPO_OK, what);
	}
	CHECK_EQ(get_roc(rx), 1);
	/* After the wrap, a late packet from before it (ROC 0) still decrypts once... */
	recv_expect(rx, false, prot[30], slen[30], plain[30], plen[30], SRTPO_ERR_REPLAY,
		    "seq 65530 again");
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);

	/* ...and one held back entirely until after the wrap is accepted with ROC - 1. */
	tu_section("ROC: a pre-wrap packet arriving after the wrap (v = ROC - 1)");
	tx = simple_session(key_a, salt_a);
	rx = simple_session(key_a, salt_a);
	if (!tx || !rx)
		goto out2;
	for (int i = 0; i < 20; i++)
		slen[i] = send_rtp(tx, (uint16_t)(65530 + i), plain[i], &plen[i], prot[i]);
	for (int i = 0; i < 20; i++)
		if (i != 3)
			recv_expect(rx, false, prot[i], slen[i], plain[i], plen[i], SRTPO_OK, "in order");
	CHECK_EQ(get_roc(rx), 1);
	recv_expect(rx, false, prot[3], slen[3], plain[3], plen[3], SRTPO_OK, "seq 65533 late");
	CHECK_EQ(get_roc(rx), 1);
out2:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
}

static void test_set_roc(void)
{
	uint8_t plain[256], prot[256], want[256];
	size_t plen, slen, wl;
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *tx, *rx;
	struct ref_keys k;
	uint32_t roc;

	tu_section("get/set ROC, policy.roc, late joiner");
	tu_policy(&pol, &mk, SUITE, SUITE, key_a, salt_a, SSRC);
	pol.roc = 7;
	tx = tu_session(&pol);
	rx = simple_session(key_a, salt_a);
	if (!tx || !rx)
		goto out;
	CHECK_EQ(get_roc(tx), 7);
	CHECK_EQ(get_roc(rx), 0);
	slen = send_rtp(tx, 30000, plain, &plen, prot);
	ref_derive(&k, &pol.rtp, key_a, 16, salt_a, 0, 0);
	wl = ref_srtp_protect(&k, plain, plen, 7, NULL, 0, want);
	CHECK_MEM(prot, slen, want, wl, "packet with ROC 7");
	/* A receiver that assumes ROC 0 cannot authenticate it; told the ROC, it can. */
	recv_expect(rx, false, prot, slen, NULL, 0, SRTPO_ERR_AUTH, "joined late, ROC 0");
	CHECK_EQ(get_roc(rx), 0);
	CHECK_RC(srtpo_set_roc(rx, SSRC, 7), SRTPO_OK);
	CHECK_EQ(get_roc(rx), 7);
	recv_expect(rx, false, prot, slen, plain, plen, SRTPO_OK, "joined late, ROC 7");
	/* set_roc on the sender moves its index too. */
	CHECK_RC(srtpo_set_roc(tx, SSRC, 0x12345), SRTPO_OK);
	slen = send_rtp(tx, 30001, plain, &plen, prot);
	wl = ref_srtp_protect(&k, plain, plen, 0x12345, NULL, 0, want);
	CHECK_MEM(prot, slen, want, wl, "packet after set_roc 0x12345");
	CHECK_RC(srtpo_get_roc(tx, SSRC + 1, &roc), SRTPO_ERR_NO_STREAM);
	CHECK_RC(srtpo_set_roc(tx, SSRC + 1, 1), SRTPO_ERR_NO_STREAM);
	CHECK_RC(srtpo_get_roc(NULL, SSRC, &roc), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_get_roc(tx, SSRC, NULL), SRTPO_ERR_BAD_PARAM);
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
}

/* ---------------------------------------------------------------------------------------------- */

static void window_case(uint32_t w)
{
	/* H = W + 1 is the highest index received; H - (W - 1) is the oldest still inside the
	 * window, H - W the newest outside it. Window 0 means the default of 128. */
	uint32_t ew = w ? w : SRTPO_DEFAULT_WINDOW, h = ew + 1;
	uint8_t *prot = malloc((size_t)(h + 1) * 96), plain[256], p_in[256], p_h[256];
	size_t *slen = calloc(h + 1, sizeof(size_t)), plen, plen_in, plen_h;
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *tx, *rx;

	tu_policy(&pol, &mk, SUITE, SUITE, key_a, salt_a, SSRC);
	pol.window_size = w;
	tx = tu_session(&pol);
	rx = tu_session(&pol);
	if (!tx || !rx || !prot || !slen)
		goto out;
	for (uint32_t i = 1; i <= h; i++) {
		uint8_t *pl = i == h ? p_h : i == h - (ew - 1) ? p_in : plain;
		size_t *pn = i == h ? &plen_h : i == h - (ew - 1) ? &plen_in : &plen;

		slen[i] = send_rtp(tx, (uint16_t)i, pl, pn, prot + (size_t)i * 96);
	}
	recv_expect(rx, false, prot + (size_t)h * 96, slen[h], p_h, plen_h, SRTPO_OK, "highest");
	recv_expect(rx, false, prot + (size_t)(h - (ew - 1)) * 96, slen[h - (ew - 1)], p_in, plen_in,
		    SRTPO_OK, "oldest inside the window");
	recv_expect(rx, false, prot + (size_t)(h - ew) * 96, slen[h - ew], NULL, 0,
		    SRTPO_ERR_REPLAY_OLD, "just outside the window");
	recv_expect(rx, false, prot + (size_t)(h - (ew - 1)) * 96, slen[h - (ew - 1)], NULL, 0,
		    SRTPO_ERR_REPLAY, "oldest inside, replayed");
	recv_expect(rx, false, prot + (size_t)h * 96, slen[h], NULL, 0, SRTPO_ERR_REPLAY,
		    "highest, replayed");
	/* Every other index inside the window is still fresh. */
	for (uint32_t i = h - (ew - 2); i < h; i += (ew / 50) | 1)
		recv_expect(rx, false, prot + (size_t)i * 96, slen[i], NULL, 0, SRTPO_OK, "inside");
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
	free(prot);
	free(slen);
}

static void test_replay(void)
{
	static const uint32_t good[] = { 0, 64, 128, 1024, 32767 };
	static const uint32_t bad[] = { 1, 63, 32768, 65535, 0xffffffffu };
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *s;

	tu_section("replay window sizes 64/128/1024/32767 accepted, 63/32768 rejected");
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tu_policy(&pol, &mk, SUITE, SUITE, key_a, salt_a, SSRC);
		pol.window_size = bad[i];
		s = (srtpo_session_t *)&pol; /* must be set to NULL on error */
		CHECK_RC(srtpo_create(&s, &pol, 1, NULL), SRTPO_ERR_BAD_PARAM);
		CHECK(s == NULL, "window %u: *out not NULL after an error", bad[i]);
		CHECK_RC(srtpo_create(&s, NULL, 0, NULL), SRTPO_OK);
		CHECK_RC(srtpo_add_stream(s, &pol), SRTPO_ERR_BAD_PARAM);
		CHECK_EQ(srtpo_stream_count(s), 0);
		srtpo_destroy(s);
	}
	for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char name[80];

		snprintf(name, sizeof(name), "replay window %u: edges, REPLAY and REPLAY_OLD", good[i]);
		tu_section(name);
		window_case(good[i]);
	}
}

static void test_repeat_tx(void)
{
	uint8_t plain[256], p1[256], p2[256], p3[256];
	size_t plen, l1, l2;
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *s;

	tu_section("allow_repeat_tx off: the same index twice is SRTPO_ERR_REPLAY");
	s = simple_session(key_a, salt_a);
	if (s) {
		l1 = send_rtp(s, 10, plain, &plen, p1);
		memset(p2, 0xcc, sizeof(p2));
		memcpy(p3, plain, plen);
		l2 = plen;
		CHECK_RC(srtpo_protect(s, p3, &l2, sizeof(p3)), SRTPO_ERR_REPLAY);
		CHECK(l2 == plen && !memcmp(p3, plain, plen), "rejected repeat changed the packet");
		/* An older, unsent index is fine (a sender may reorder). */
		send_rtp(s, 9, plain, &plen, p2);
		(void)l1;
	}
	srtpo_destroy(s);

	tu_section("allow_repeat_tx on: the same index twice gives the same bytes");
	tu_policy(&pol, &mk, SUITE, SUITE, key_a, salt_a, SSRC);
	pol.allow_repeat_tx = 1;
	s = tu_session(&pol);
	if (s) {
		l1 = send_rtp(s, 10, plain, &plen, p1);
		CHECK_RC(srtpo_protect_to(s, plain, plen, p2, sizeof(p2), &l2), SRTPO_OK);
		CHECK_MEM(p2, l2, p1, l1, "repeated packet");
	}
	srtpo_destroy(s);
}

static void test_rtcp_replay(void)
{
	enum { N = 200 };
	static uint8_t plain[N + 1][64], prot[N + 1][96];
	size_t plen[N + 1], slen[N + 1];
	srtpo_session_t *tx = simple_session(key_a, salt_a), *rx = simple_session(key_a, salt_a);

	tu_section("SRTCP replay: repeat REPLAY, older than 128 REPLAY_OLD");
	if (!tx || !rx)
		goto out;
	for (int i = 1; i <= N; i++) {
		plen[i] = tu_rtcp(plain[i], SSRC, 16);
		CHECK_RC(srtpo_protect_rtcp_to(tx, plain[i], plen[i], prot[i], sizeof(prot[i]),
					       &slen[i]),
			 SRTPO_OK);
	}
	recv_expect(rx, true, prot[1], slen[1], plain[1], plen[1], SRTPO_OK, "index 1");
	recv_expect(rx, true, prot[1], slen[1], NULL, 0, SRTPO_ERR_REPLAY, "index 1 again");
	recv_expect(rx, true, prot[N], slen[N], plain[N], plen[N], SRTPO_OK, "index 200");
	recv_expect(rx, true, prot[N - 127], slen[N - 127], plain[N - 127], plen[N - 127], SRTPO_OK,
		    "index 73 (inside 128)");
	recv_expect(rx, true, prot[N - 128], slen[N - 128], NULL, 0, SRTPO_ERR_REPLAY_OLD,
		    "index 72 (outside 128)");
	recv_expect(rx, true, prot[N], slen[N], NULL, 0, SRTPO_ERR_REPLAY, "index 200 again");
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
}

/* ---------------------------------------------------------------------------------------------- */

static void test_bad_tags(void)
{
	uint8_t plain[256], prot[256], bad[256], p2[256], prot2[256], rplain[64], rprot[96];
	size_t plen, slen, plen2, slen2, rplen, rslen;
	srtpo_session_t *tx = simple_session(key_a, salt_a), *rx = simple_session(key_a, salt_a);
	srtpo_stream_stats_t st;

	tu_section("bad tags: SRTPO_ERR_AUTH, packet and stream state unchanged");
	if (!tx || !rx)
		goto out;
	slen = send_rtp(tx, 65535, plain, &plen, prot);
	slen2 = send_rtp(tx, 0, p2, &plen2, prot2);
	/* Every bit of header, payload and tag matters. */
	for (size_t bit = 0; bit < 8 * slen; bit += 7) {
		memcpy(bad, prot, slen);
		bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		if (bit / 8 >= 8 && bit / 8 < 12)
			continue; /* the SSRC: another stream, checked below */
		if (bit / 8 == 0 && (bit % 8) >= 6)
			continue; /* the version bits: MALFORMED */
		if (bit / 8 == 0 && ((bit % 8) == 4 || (bit % 8) < 4))
			continue; /* X and CC reshape the header: TOO_SHORT or AUTH */
		recv_expect(rx, false, bad, slen, NULL, 0, SRTPO_ERR_AUTH, "flipped bit");
	}
	/* A forged packet far ahead (would move the ROC guess) and one that would wrap it. */
	memcpy(bad, prot, slen);
	bad[2] ^= 0x80;
	recv_expect(rx, false, bad, slen, NULL, 0, SRTPO_ERR_AUTH, "forged seq far ahead");
	CHECK_EQ(get_roc(rx), 0);
	memcpy(bad, prot2, slen2);
	bad[slen2 - 1] ^= 1;
	recv_expect(rx, false, bad, slen2, NULL, 0, SRTPO_ERR_AUTH, "forged seq 0 (ROC+1 guess)");
	CHECK_EQ(get_roc(rx), 0);
	CHECK_RC(srtpo_stream_stats(rx, SSRC, &st), SRTPO_OK);
	CHECK(st.auth_failures > 0, "auth_failures = %llu", (unsigned long long)st.auth_failures);
	CHECK_EQ(st.rtp_unprotected, 0);
	/* The genuine packets are still accepted, in order, and the ROC moves on. */
	recv_expect(rx, false, prot, slen, plain, plen, SRTPO_OK, "genuine 65535 after forgeries");
	recv_expect(rx, false, prot2, slen2, p2, plen2, SRTPO_OK, "genuine 0 after forgeries");
	CHECK_EQ(get_roc(rx), 1);

	/* SRTCP: a flipped tag bit and a flipped index bit. */
	rplen = tu_rtcp(rplain, SSRC, 20);
	CHECK_RC(srtpo_protect_rtcp_to(tx, rplain, rplen, rprot, sizeof(rprot), &rslen), SRTPO_OK);
	memcpy(bad, rprot, rslen);
	bad[rslen - 3] ^= 0x10;
	recv_expect(rx, true, bad, rslen, NULL, 0, SRTPO_ERR_AUTH, "SRTCP bad tag");
	memcpy(bad, rprot, rslen);
	bad[rslen - 10 - 1] ^= 0x04;
	recv_expect(rx, true, bad, rslen, NULL, 0, SRTPO_ERR_AUTH, "SRTCP altered index");
	recv_expect(rx, true, rprot, rslen, rplain, rplen, SRTPO_OK, "SRTCP genuine after");
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
}

/* ---------------------------------------------------------------------------------------------- */

static void test_templates(void)
{
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *tx = NULL, *rx = NULL, *none = NULL;
	uint8_t plain[256], prot[256], buf[256];
	size_t n, len, out_len;

	tu_section("templates: ANY_OUTBOUND / ANY_INBOUND create streams on first packet");
	tu_policy(&pol, &mk, SUITE, SUITE, key_a, salt_a, 0);
	pol.ssrc_type = SRTPO_SSRC_ANY_OUTBOUND;
	CHECK_RC(srtpo_create(&tx, &pol, 1, NULL), SRTPO_OK);
	pol.ssrc_type = SRTPO_SSRC_ANY_INBOUND;
	CHECK_RC(srtpo_create(&rx, &pol, 1, NULL), SRTPO_OK);
	CHECK_RC(srtpo_create(&none, NULL, 0, NULL), SRTPO_OK);
	if (!tx || !rx || !none)
		goto out;
	CHECK_EQ(srtpo_stream_count(tx), 0);
	CHECK_EQ(srtpo_stream_count(rx), 0);
	for (uint32_t i = 0; i < 5; i++) {
		uint32_t ssrc = 0x10000000u + i * 0x01010101u;

		n = tu_rtp(plain, (uint16_t)(100 + i), ssrc, 0, -1, 30);
		/* A protect refused for its output size must not leave a stream behind either. */
		CHECK_RC(srtpo_protect_to(tx, plain, n, prot, n + 9, &len), SRTPO_ERR_NO_SPACE);
		CHECK_EQ(srtpo_stream_count(tx), i);
		CHECK_RC(srtpo_protect_to(tx, plain, n, prot, sizeof(prot), &len), SRTPO_OK);
		CHECK_EQ(srtpo_stream_count(tx), i + 1);
		/* An inbound template does not protect, and nothing without a template works. */
		CHECK_RC(srtpo_protect_to(rx, plain, n, buf, sizeof(buf), &out_len),
			 SRTPO_ERR_NO_STREAM);
		CHECK_RC(srtpo_unprotect_to(none, prot, len, buf, sizeof(buf), &out_len),
			 SRTPO_ERR_NO_STREAM);
		CHECK_RC(srtpo_protect_to(none, plain, n, buf, sizeof(buf), &out_len),
			 SRTPO_ERR_NO_STREAM);
		/* A forged packet for a new SSRC must not leave a stream behind. */
		memcpy(buf, prot, len);
		buf[len - 1] ^= 1;
		out_len = len;
		CHECK_RC(srtpo_unprotect(rx, buf, &out_len), SRTPO_ERR_AUTH);
		CHECK_EQ(srtpo_stream_count(rx), i);
		CHECK_RC(srtpo_unprotect_to(rx, prot, len, buf, sizeof(buf), &out_len), SRTPO_OK);
		CHECK_MEM(buf, out_len, plain, n, "template-created inbound stream %u", i);
		CHECK_EQ(srtpo_stream_count(rx), i + 1);
	}
	/* RTCP from an unknown SSRC also creates a stream from the template. */
	n = tu_rtcp(plain, 0x77777777u, 8);
	CHECK_RC(srtpo_protect_rtcp_to(tx, plain, n, prot, sizeof(prot), &len), SRTPO_OK);
	CHECK_RC(srtpo_unprotect_rtcp_to(rx, prot, len, buf, sizeof(buf), &out_len), SRTPO_OK);
	CHECK_MEM(buf, out_len, plain, n, "template RTCP");
	CHECK_RC(srtpo_protect_rtcp_to(none, plain, n, buf, sizeof(buf), &out_len),
		 SRTPO_ERR_NO_STREAM);
	CHECK_RC(srtpo_unprotect_rtcp_to(none, prot, len, buf, sizeof(buf), &out_len),
		 SRTPO_ERR_NO_STREAM);

	/* A second template replaces the first: new SSRCs get key B. */
	tu_policy(&pol, &mk, SUITE, SUITE, key_b, salt_b, 0);
	pol.ssrc_type = SRTPO_SSRC_ANY_OUTBOUND;
	CHECK_RC(srtpo_add_stream(tx, &pol), SRTPO_OK);
	{
		srtpo_session_t *rb = simple_session(key_b, salt_b);

		n = tu_rtp(plain, 1, SSRC, 0, -1, 30);
		CHECK_RC(srtpo_protect_to(tx, plain, n, prot, sizeof(prot), &len), SRTPO_OK);
		if (rb)
			recv_expect(rb, false, prot, len, plain, n, SRTPO_OK, "replaced template key");
		srtpo_destroy(rb);
	}
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
	srtpo_destroy(none);
}

/* ---------------------------------------------------------------------------------------------- */

static void test_add_remove_update(void)
{
	srtpo_policy_t pol, two[2];
	srtpo_master_key_t mk, mk2[2];
	srtpo_session_t *tx, *rx, *s = NULL;
	uint8_t plain[20][256], prot[20][256], want[256];
	size_t plen[20], slen[20], wl;
	struct ref_keys k;

	tu_section("add/remove: STREAM_EXISTS, NO_STREAM, counts");
	tu_policy(&two[0], &mk2[0], SUITE, SUITE, key_a, salt_a, SSRC);
	tu_policy(&two[1], &mk2[1], SUITE, SUITE, key_b, salt_b, SSRC);
	s = (srtpo_session_t *)&pol;
	CHECK_RC(srtpo_create(&s, two, 2, NULL), SRTPO_ERR_STREAM_EXISTS);
	CHECK(s == NULL, "*out not NULL after STREAM_EXISTS");
	tu_policy(&pol, &mk, SUITE, SUITE, key_a, salt_a, SSRC);
	tx = tu_session(&pol);
	rx = tu_session(&pol);
	if (!tx || !rx)
		goto out;
	CHECK_RC(srtpo_add_stream(tx, &pol), SRTPO_ERR_STREAM_EXISTS);
	CHECK_EQ(srtpo_stream_count(tx), 1);
	pol.ssrc = SSRC + 1;
	CHECK_RC(srtpo_add_stream(tx, &pol), SRTPO_OK);
	CHECK_EQ(srtpo_stream_count(tx), 2);
	CHECK_RC(srtpo_remove_stream(tx, SSRC + 1), SRTPO_OK);
	CHECK_EQ(srtpo_stream_count(tx), 1);
	CHECK_RC(srtpo_remove_stream(tx, SSRC + 1), SRTPO_ERR_NO_STREAM);
	CHECK_RC(srtpo_remove_stream(tx, 0x12345678), SRTPO_ERR_NO_STREAM);

	/* Removing a receiver stream forgets it; adding it back starts afresh. */
	slen[0] = send_rtp(tx, 5, plain[0], &plen[0], prot[0]);
	recv_expect(rx, false, prot[0], slen[0], plain[0], plen[0], SRTPO_OK, "first");
	CHECK_RC(srtpo_remove_stream(rx, SSRC), SRTPO_OK);
	recv_expect(rx, false, prot[0], slen[0], NULL, 0, SRTPO_ERR_NO_STREAM, "after remove");
	pol.ssrc = SSRC;
	CHECK_RC(srtpo_add_stream(rx, &pol), SRTPO_OK);
	recv_expect(rx, false, prot[0], slen[0], plain[0], plen[0], SRTPO_OK, "re-added stream");

	tu_section("update (rekey) keeps ROC and replay state");
	/* Move both sides over a wrap to ROC 1 with key A. */
	for (int i = 0; i < 10; i++) {
		slen[i] = send_rtp(tx, (uint16_t)(65530 + i), plain[i], &plen[i], prot[i]);
		recv_expect(rx, false, prot[i], slen[i], plain[i], plen[i], SRTPO_OK, "key A");
	}
	CHECK_EQ(get_roc(rx), 1);
	tu_policy(&pol, &mk, SUITE, SUITE, key_b, salt_b, SSRC);
	CHECK_RC(srtpo_update_stream(tx, &pol), SRTPO_OK);
	CHECK_RC(srtpo_update_stream(rx, &pol), SRTPO_OK);
	CHECK_EQ(get_roc(tx), 1);
	CHECK_EQ(get_roc(rx), 1);
	slen[10] = send_rtp(tx, 4, plain[10], &plen[10], prot[10]);
	ref_derive(&k, &pol.rtp, key_b, 16, salt_b, 0, 0);
	wl = ref_srtp_protect(&k, plain[10], plen[10], 1, NULL, 0, want);
	CHECK_MEM(prot[10], slen[10], want, wl, "first packet under key B, ROC 1");
	recv_expect(rx, false, prot[10], slen[10], plain[10], plen[10], SRTPO_OK, "key B");
	/* seq 2 of ROC 1 was received under key A: under key B it is still a replay. */
	{
		srtpo_session_t *tb;

		tu_policy(&pol, &mk, SUITE, SUITE, key_b, salt_b, SSRC);
		pol.roc = 1;
		tb = tu_session(&pol);
		if (tb) {
			slen[11] = send_rtp(tb, 2, plain[11], &plen[11], prot[11]);
			recv_expect(rx, false, prot[11], slen[11], NULL, 0, SRTPO_ERR_REPLAY,
				    "index seen before the rekey");
		}
		srtpo_destroy(tb);
	}
	/* Old-key packets no longer authenticate. */
	{
		srtpo_session_t *ta;

		tu_policy(&pol, &mk, SUITE, SUITE, key_a, salt_a, SSRC);
		pol.roc = 1;
		ta = tu_session(&pol);
		if (ta) {
			slen[12] = send_rtp(ta, 20, plain[12], &plen[12], prot[12]);
			recv_expect(rx, false, prot[12], slen[12], NULL, 0, SRTPO_ERR_AUTH, "key A");
		}
		srtpo_destroy(ta);
	}
	tu_policy(&pol, &mk, SUITE, SUITE, key_c, salt_c, SSRC + 9);
	CHECK_RC(srtpo_update_stream(rx, &pol), SRTPO_ERR_NO_STREAM);
	/* A bad key leaves the stream as it was. */
	tu_policy(&pol, &mk, SUITE, SUITE, key_c, salt_c, SSRC);
	mk.key_len = 15;
	CHECK_RC(srtpo_update_stream(rx, &pol), SRTPO_ERR_BAD_KEY);
	slen[13] = send_rtp(tx, 21, plain[13], &plen[13], prot[13]);
	recv_expect(rx, false, prot[13], slen[13], plain[13], plen[13], SRTPO_OK,
		    "still key B after a failed update");
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
}

/* ---------------------------------------------------------------------------------------------- */

static void mki_policy(srtpo_policy_t *pol, srtpo_master_key_t mk[3], const uint8_t mki[3][4],
		       const int use[3])
{
	const uint8_t *keys[3] = { key_a, key_b, key_c }, *salts[3] = { salt_a, salt_b, salt_c };
	size_t n = 0;

	tu_policy(pol, &mk[0], SUITE, SUITE, key_a, salt_a, SSRC);
	for (int i = 0; i < 3; i++) {
		if (!use[i])
			continue;
		memset(&mk[n], 0, sizeof(mk[n]));
		mk[n].key = keys[i];
		mk[n].key_len = 16;
		mk[n].salt = salts[i];
		mk[n].salt_len = 14;
		mk[n].mki = mki[i];
		mk[n].mki_len = 4;
		n++;
	}
	pol->keys = mk;
	pol->num_keys = n;
}

static void test_mki(void)
{
	static const uint8_t mki[3][4] = { { 0xa1, 0xa1, 0xa1, 0xa1 },
					   { 0xb2, 0xb2, 0xb2, 0xb2 },
					   { 0xc3, 0xc3, 0xc3, 0xc3 } };
	static const int all[3] = { 1, 1, 1 }, no_b[3] = { 1, 0, 1 };
	const uint8_t *keys[3] = { key_a, key_b, key_c }, *salts[3] = { salt_a, salt_b, salt_c };
	srtpo_policy_t pol;
	srtpo_master_key_t mk[3];
	srtpo_session_t *tx, *rx, *rx_no_b;
	uint8_t plain[256], prot[256], want[256], bad[256];
	size_t plen, slen, wl;
	struct ref_keys k;

	tu_section("MKI: three master keys, set_active_key, receiver picks by MKI");
	mki_policy(&pol, mk, mki, all);
	tx = tu_session(&pol);
	rx = tu_session(&pol);
	mki_policy(&pol, mk, mki, no_b);
	rx_no_b = tu_session(&pol);
	if (!tx || !rx || !rx_no_b)
		goto out;
	for (int key = 0; key < 3; key++) {
		CHECK_RC(srtpo_set_active_key(tx, SSRC, (size_t)key), SRTPO_OK);
		for (int j = 0; j < 2; j++) {
			uint16_t seq = (uint16_t)(100 + 2 * key + j);

			slen = send_rtp(tx, seq, plain, &plen, prot);
			ref_derive(&k, &pol.rtp, keys[key], 16, salts[key], 0, 0);
			wl = ref_srtp_protect(&k, plain, plen, 0, mki[key], 4, want);
			CHECK_MEM(prot, slen, want, wl, "SRTP with key %d (MKI in the trailer)", key);
			/* An unknown MKI is BAD_MKI and changes nothing. */
			memcpy(bad, prot, slen);
			bad[plen] = 0x5a;
			recv_expect(rx, false, bad, slen, NULL, 0, SRTPO_ERR_BAD_MKI, "unknown MKI");
			if (key == 1)
				recv_expect(rx_no_b, false, prot, slen, NULL, 0, SRTPO_ERR_BAD_MKI,
					    "receiver without key B");
			else
				recv_expect(rx_no_b, false, prot, slen, plain, plen, SRTPO_OK,
					    "receiver without key B, other key");
			recv_expect(rx, false, prot, slen, plain, plen, SRTPO_OK, "MKI receiver");
		}
		/* SRTCP carries the MKI after E || index. */
		plen = tu_rtcp(plain, SSRC, 12);
		CHECK_RC(srtpo_protect_rtcp_to(tx, plain, plen, prot, sizeof(prot), &slen), SRTPO_OK);
		ref_derive(&k, &pol.rtcp, keys[key], 16, salts[key], 1, 0);
		wl = ref_srtcp_protect(&k, plain, plen, (uint32_t)key + 1, mki[key], 4, want);
		CHECK_MEM(prot, slen, want, wl, "SRTCP with key %d", key);
		memcpy(bad, prot, slen);
		bad[plen + 4 + 3] ^= 0xff;
		recv_expect(rx, true, bad, slen, NULL, 0, SRTPO_ERR_BAD_MKI, "SRTCP unknown MKI");
		recv_expect(rx, true, prot, slen, plain, plen, SRTPO_OK, "SRTCP MKI receiver");
	}
	CHECK_RC(srtpo_set_active_key(tx, SSRC, 3), SRTPO_ERR_BAD_PARAM);
	CHECK_RC(srtpo_set_active_key(tx, SSRC + 1, 0), SRTPO_ERR_NO_STREAM);

	tu_section("MKI: inconsistent policies rejected");
	{
		srtpo_session_t *s = NULL;

		mki_policy(&pol, mk, mki, all);
		mk[1].mki_len = 3; /* all keys of a stream share mki_len */
		CHECK(srtpo_create(&s, &pol, 1, NULL) != SRTPO_OK, "mixed MKI lengths accepted");
		srtpo_destroy(s);
		s = NULL;
		mki_policy(&pol, mk, mki, all);
		for (int i = 0; i < 3; i++)
			mk[i].mki_len = 0; /* several keys need an MKI to tell them apart */
		CHECK(srtpo_create(&s, &pol, 1, NULL) != SRTPO_OK, "several keys without MKI");
		srtpo_destroy(s);
		s = NULL;
		mki_policy(&pol, mk, mki, all);
		pol.num_keys = SRTPO_MAX_MASTER_KEYS + 1;
		CHECK_RC(srtpo_create(&s, &pol, 1, NULL), SRTPO_ERR_BAD_PARAM);
		srtpo_destroy(s);
	}
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
	srtpo_destroy(rx_no_b);
}

/* ---------------------------------------------------------------------------------------------- */

static void test_kdr(void)
{
	const uint32_t kdr = 16;
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *tx, *t0, *rx, *s;
	uint8_t plain[256], prot[256], prot0[256], want[256];
	size_t plen, slen, slen0, wl;
	struct ref_keys k;

	tu_section("key derivation rate: accepted values, rejected ones");
	for (uint32_t e = 0; e <= 24; e++) {
		s = NULL;
		tu_policy(&pol, &mk, SUITE, SUITE, key_a, salt_a, SSRC);
		pol.kdr = 1u << e;
		CHECK_RC(srtpo_create(&s, &pol, 1, NULL), SRTPO_OK);
		srtpo_destroy(s);
	}
	{
		static const uint32_t bad[] = { 3, 24, 1u << 25, 0x80000000u, 0xffffffffu };

		for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			s = NULL;
			tu_policy(&pol, &mk, SUITE, SUITE, key_a, salt_a, SSRC);
			pol.kdr = bad[i];
			CHECK_RC(srtpo_create(&s, &pol, 1, NULL), SRTPO_ERR_BAD_PARAM);
			srtpo_destroy(s);
		}
	}

	tu_section("kdr 16: index < kdr equals kdr 0; above, keys of r = index / kdr");
	tu_policy(&pol, &mk, SUITE, SUITE, key_a, salt_a, SSRC);
	t0 = tu_session(&pol);
	pol.kdr = kdr;
	tx = tu_session(&pol);
	rx = tu_session(&pol);
	if (!tx || !t0 || !rx)
		goto out;
	for (uint32_t seq = 0; seq < 70; seq++) {
		slen = send_rtp(tx, (uint16_t)seq, plain, &plen, prot);
		CHECK_RC(srtpo_protect_to(t0, plain, plen, prot0, sizeof(prot0), &slen0), SRTPO_OK);
		if (seq < kdr) {
			CHECK_MEM(prot, slen, prot0, slen0, "index %u < kdr", seq);
		} else {
			CHECK(slen != slen0 || memcmp(prot, prot0, slen), "index %u: same as kdr 0",
			      seq);
		}
		ref_derive(&k, &pol.rtp, key_a, 16, salt_a, 0, seq / kdr);
		wl = ref_srtp_protect(&k, plain, plen, 0, NULL, 0, want);
		CHECK_MEM(prot, slen, want, wl, "index %u, r = %u", seq, seq / kdr);
		recv_expect(rx, false, prot, slen, plain, plen, SRTPO_OK, "kdr receiver");
	}
	/* A 48-bit index: ROC 0x10001, r = (ROC << 16 | seq) / 16. */
	CHECK_RC(srtpo_set_roc(tx, SSRC, 0x10001), SRTPO_OK);
	CHECK_RC(srtpo_set_roc(rx, SSRC, 0x10001), SRTPO_OK);
	for (uint32_t seq = 1000; seq < 1040; seq += 13) {
		uint64_t index = (uint64_t)0x10001 << 16 | seq;

		slen = send_rtp(tx, (uint16_t)seq, plain, &plen, prot);
		ref_derive(&k, &pol.rtp, key_a, 16, salt_a, 0, index / kdr);
		wl = ref_srtp_protect(&k, plain, plen, 0x10001, NULL, 0, want);
		CHECK_MEM(prot, slen, want, wl, "index %llx", (unsigned long long)index);
		recv_expect(rx, false, prot, slen, plain, plen, SRTPO_OK, "kdr receiver, ROC 0x10001");
	}
	/* SRTCP: r = SRTCP index / kdr. */
	for (uint32_t i = 1; i <= 40; i++) {
		plen = tu_rtcp(plain, SSRC, 8);
		CHECK_RC(srtpo_protect_rtcp_to(tx, plain, plen, prot, sizeof(prot), &slen), SRTPO_OK);
		ref_derive(&k, &pol.rtcp, key_a, 16, salt_a, 1, i / kdr);
		wl = ref_srtcp_protect(&k, plain, plen, i, NULL, 0, want);
		CHECK_MEM(prot, slen, want, wl, "SRTCP index %u, r = %u", i, i / kdr);
		recv_expect(rx, true, prot, slen, plain, plen, SRTPO_OK, "kdr SRTCP receiver");
	}
out:
	srtpo_destroy(tx);
	srtpo_destroy(t0);
	srtpo_destroy(rx);
}

/* ---------------------------------------------------------------------------------------------- */

static void test_lifetime(void)
{
	static const uint8_t mki[2][1] = { { 1 }, { 2 } };
	srtpo_policy_t pol;
	srtpo_master_key_t mk[2];
	srtpo_session_t *s;
	uint8_t plain[256], buf[256];
	size_t plen, len;

	tu_section("key lifetime N: N packets, then SRTPO_ERR_KEY_EXPIRED");
	tu_policy(&pol, &mk[0], SUITE, SUITE, key_a, salt_a, SSRC);
	mk[0].lifetime = 5;
	s = tu_session(&pol);
	if (s) {
		for (int i = 0; i < 5; i++)
			send_rtp(s, (uint16_t)(10 + i), plain, &plen, buf);
		plen = tu_rtp(plain, 15, SSRC, 0, -1, 40);
		memcpy(buf, plain, plen);
		len = plen;
		CHECK_RC(srtpo_protect(s, buf, &len, sizeof(buf)), SRTPO_ERR_KEY_EXPIRED);
		CHECK(len == plen && !memcmp(buf, plain, plen), "expired: packet changed");
		for (int i = 0; i < 5; i++) {
			plen = tu_rtcp(plain, SSRC, 8);
			CHECK_RC(srtpo_protect_rtcp_to(s, plain, plen, buf, sizeof(buf), &len),
				 SRTPO_OK);
		}
		CHECK_RC(srtpo_protect_rtcp_to(s, plain, plen, buf, sizeof(buf), &len),
			 SRTPO_ERR_KEY_EXPIRED);
	}
	srtpo_destroy(s);

	tu_section("key lifetime with MKI: expired key 0, switch to key 1");
	tu_policy(&pol, &mk[0], SUITE, SUITE, key_a, salt_a, SSRC);
	mk[0].mki = mki[0];
	mk[0].mki_len = 1;
	mk[0].lifetime = 3;
	mk[1] = mk[0];
	mk[1].key = key_b;
	mk[1].salt = salt_b;
	mk[1].mki = mki[1];
	mk[1].lifetime = 0;
	pol.num_keys = 2;
	s = tu_session(&pol);
	if (s) {
		for (int i = 0; i < 3; i++)
			send_rtp(s, (uint16_t)(10 + i), plain, &plen, buf);
		plen = tu_rtp(plain, 13, SSRC, 0, -1, 40);
		CHECK_RC(srtpo_protect_to(s, plain, plen, buf, sizeof(buf), &len),
			 SRTPO_ERR_KEY_EXPIRED);
		CHECK_RC(srtpo_set_active_key(s, SSRC, 1), SRTPO_OK);
		CHECK_RC(srtpo_protect_to(s, plain, plen, buf, sizeof(buf), &len), SRTPO_OK);
		CHECK(len == plen + 1 + 10 && buf[plen] == 2, "key 1's MKI in the trailer");
	}
	srtpo_destroy(s);
}

/* The SRTCP index is 31 bits (RFC 3711 3.4): index 2^31 - 1 is the last a key may send. There
 * is no public way to send 2^31 packets quickly, so the sender's counter is set through the
 * library's internal stream table (internal.h); the receiver side uses a ref.c packet. */
static void test_srtcp_limit(void)
{
	srtpo_session_t *tx = simple_session(key_a, salt_a), *rx = simple_session(key_a, salt_a);
	uint8_t plain[64], prot[96], want[96];
	size_t plen, slen, wl;
	struct ref_keys k;
	srtpo_crypto_policy_t cp;
	struct srtpo_stream *st;

	tu_section("SRTCP index limit 2^31 (sender) and index 2^31-1 (receiver)");
	if (!tx || !rx)
		goto out;
	srtpo_suite_policy(SUITE, &cp);
	ref_derive(&k, &cp, key_a, 16, salt_a, 1, 0);
	plen = tu_rtcp(plain, SSRC, 8);
	wl = ref_srtcp_protect(&k, plain, plen, 0x7fffffffu, NULL, 0, want);
	recv_expect(rx, true, want, wl, plain, plen, SRTPO_OK, "receiver, index 2^31-1");
	recv_expect(rx, true, want, wl, NULL, 0, SRTPO_ERR_REPLAY, "receiver, index 2^31-1 again");

	st = srtpo_table_find(&tx->table, SSRC);
	CHECK(st != NULL, "stream not in the table");
	if (!st)
		goto out;
	st->rtcp_tx_index = 0x7ffffffe; /* the last index sent */
	CHECK_RC(srtpo_protect_rtcp_to(tx, plain, plen, prot, sizeof(prot), &slen), SRTPO_OK);
	CHECK_MEM(prot, slen, want, wl, "sender, index 2^31-1");
	CHECK_RC(srtpo_protect_rtcp_to(tx, plain, plen, prot, sizeof(prot), &slen),
		 SRTPO_ERR_KEY_EXPIRED);
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
}

static void test_stats(void)
{
	srtpo_session_t *tx = simple_session(key_a, salt_a), *rx = simple_session(key_a, salt_a);
	uint8_t plain[256], prot[256];
	size_t plen, slen;
	srtpo_stream_stats_t st;

	tu_section("stream stats count what happened");
	if (!tx || !rx)
		goto out;
	for (int i = 0; i < 3; i++) {
		slen = send_rtp(tx, (uint16_t)(1 + i), plain, &plen, prot);
		recv_expect(rx, false, prot, slen, plain, plen, SRTPO_OK, "stats");
	}
	recv_expect(rx, false, prot, slen, NULL, 0, SRTPO_ERR_REPLAY, "stats replay");
	plen = tu_rtcp(plain, SSRC, 8);
	CHECK_RC(srtpo_protect_rtcp_to(tx, plain, plen, prot, sizeof(prot), &slen), SRTPO_OK);
	recv_expect(rx, true, prot, slen, plain, plen, SRTPO_OK, "stats rtcp");
	CHECK_RC(srtpo_stream_stats(tx, SSRC, &st), SRTPO_OK);
	CHECK_EQ(st.rtp_protected, 3);
	CHECK_EQ(st.rtcp_protected, 1);
	CHECK_EQ(st.rtcp_tx_index, 1);
	CHECK_RC(srtpo_stream_stats(rx, SSRC, &st), SRTPO_OK);
	CHECK_EQ(st.rtp_unprotected, 3);
	CHECK_EQ(st.rtcp_unprotected, 1);
	CHECK_EQ(st.replays, 1);
	CHECK_EQ(st.auth_failures, 0);
	CHECK_RC(srtpo_stream_stats(rx, SSRC + 1, &st), SRTPO_ERR_NO_STREAM);
out:
	srtpo_destroy(tx);
	srtpo_destroy(rx);
}

int main(void)
{
	printf("test_streams: ROC, replay, templates, rekey, MKI, KDR, lifetimes\n");
	tu_fill(key_a, 16);
	tu_fill(salt_a, 14);
	tu_fill(key_b, 16);
	tu_fill(salt_b, 14);
	tu_fill(key_c, 16);
	tu_fill(salt_c, 14);
	test_roc();
	test_set_roc();
	test_replay();
	test_repeat_tx();
	test_rtcp_replay();
	test_bad_tags();
	test_templates();
	test_add_remove_update();
	test_mki();
	test_kdr();
	test_lifetime();
	test_srtcp_limit();
	test_stats();
	return tu_summary("test_streams");
}
