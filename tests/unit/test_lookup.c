// SPDX-License-Identifier: BSD-3-Clause
/*
 * test_lookup.c - the SSRC table at scale: 1,000,000 streams in a session sized up front
 * (expected_streams, streams added one by one) and in one that grows as it goes (streams
 * created from an inbound template by their first packet), with scattered and with sequential
 * SSRCs (attackers choose SSRCs; sequential ones must not cluster into long probe runs that
 * break lookups). Every SSRC must be found, absent ones not, and after removing half, exactly
 * the other half. Times are printed for information only; benchmarks own performance.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "srtpo.h"
#include "testutil.h"

#define N 1000000u

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Scattered: an odd multiplier is a bijection on 32 bits, so these never collide. */
static uint32_t ssrc_of(uint32_t i, bool sequential)
{
	return sequential ? i : i * 0x9e3779b1u + 0x5bd1e995u;
}

/* Counts i in [from, to) whose stream lookup result differs from `present`. */
static uint32_t lookup_mismatches(srtpo_session_t *s, uint32_t from, uint32_t to, uint32_t step,
				  bool sequential, bool present, uint32_t *first_bad)
{
	uint32_t bad = 0;

	for (uint32_t i = from; i < to; i += step) {
		uint32_t roc = 1;
		int rc = srtpo_get_roc(s, ssrc_of(i, sequential), &roc);

		if ((rc == SRTPO_OK) != present || (present && roc != 0) ||
		    (!present && rc != SRTPO_ERR_NO_STREAM)) {
			if (!bad)
				*first_bad = i;
			bad++;
		}
	}
	return bad;
}

static void run(size_t expected, bool sequential, bool via_template)
{
	uint8_t key[16], salt[14], pkt[128], out[128];
	srtpo_session_config_t cfg = { SRTPO_BACKEND_SW, expected, NULL };
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *s = NULL;
	uint32_t failed_adds = 0, first = 0, bad;
	int first_rc = SRTPO_OK;
	double t0, t_add, t_find, t_rm;
	char name[96];

	snprintf(name, sizeof(name), "1M streams, %s SSRCs, expected_streams=%zu, %s",
		 sequential ? "sequential" : "scattered", expected,
		 via_template ? "by template" : "by add_stream");
	tu_section(name);
	tu_fill(key, 16);
	tu_fill(salt, 14);
	CHECK_RC(srtpo_create(&s, NULL, 0, &cfg), SRTPO_OK);
	if (!s)
		return;
	srtpo_policy_init(&pol, &mk, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, key, salt);
	if (via_template) {
		/* A null-cipher, null-auth inbound template: unprotect of a plain RTP packet
		 * creates the stream, so a million streams cost a million table inserts, not a
		 * million key derivations. */
		srtpo_policy_t tp;
		srtpo_master_key_t tmk;

		srtpo_policy_init(&tp, &tmk, SRTPO_SUITE_NULL_CIPHER_NULL_AUTH, key, salt);
		tp.ssrc_type = SRTPO_SSRC_ANY_INBOUND;
		CHECK_RC(srtpo_add_stream(s, &tp), SRTPO_OK);
	}

	t0 = now();
	for (uint32_t i = 0; i < N; i++) {
		int rc;

		pol.ssrc = ssrc_of(i, sequential);
		if (via_template) {
			size_t n = tu_rtp(pkt, 1, pol.ssrc, 0, -1, 4);

			rc = srtpo_unprotect(s, pkt, &n);
		} else {
			rc = srtpo_add_stream(s, &pol);
		}
		if (rc != SRTPO_OK && !failed_adds++) {
			first = i;
			first_rc = rc;
		}
	}
	t_add = now() - t0;
	CHECK(failed_adds == 0, "%u adds failed, first at %u: %s", failed_adds, first,
	      srtpo_strerror(first_rc));
	CHECK_EQ(srtpo_stream_count(s), N);

	t0 = now();
	bad = lookup_mismatches(s, 0, N, 1, sequential, true, &first);
	t_find = now() - t0;
	CHECK(bad == 0, "%u of %u streams not found, first i=%u", bad, N, first);
	bad = lookup_mismatches(s, N, N + 100000, 1, sequential, false, &first);
	CHECK(bad == 0, "%u absent SSRCs found, first i=%u", bad, first);
	/* A stream deep in the table still protects, with its own suite's tag. */
	{
		size_t n = tu_rtp(pkt, 2, ssrc_of(N - 1, sequential), 0, -1, 20), len;

		CHECK_RC(srtpo_protect_to(s, pkt, n, out, sizeof(out), &len), SRTPO_OK);
		CHECK_EQ(len, via_template ? n : n + 10);
	}
	/* A second add of a present SSRC is refused without disturbing the table. */
	pol.ssrc = ssrc_of(N / 2, sequential);
	CHECK_RC(srtpo_add_stream(s, &pol), SRTPO_ERR_STREAM_EXISTS);

	t0 = now();
	failed_adds = 0;
	for (uint32_t i = 0; i < N; i += 2) {
		int rc = srtpo_remove_stream(s, ssrc_of(i, sequential));

		if (rc != SRTPO_OK && !failed_adds++) {
			first = i;
			first_rc = rc;
		}
	}
	t_rm = now() - t0;
	CHECK(failed_adds == 0, "%u removes failed, first at %u: %s", failed_adds, first,
	      srtpo_strerror(first_rc));
	CHECK_EQ(srtpo_stream_count(s), N / 2);
	bad = lookup_mismatches(s, 1, N, 2, sequential, true, &first);
	CHECK(bad == 0, "%u kept streams lost after removals, first i=%u", bad, first);
	bad = lookup_mismatches(s, 0, N, 2, sequential, false, &first);
	CHECK(bad == 0, "%u removed streams still found, first i=%u", bad, first);
	bad = lookup_mismatches(s, N, N + 100000, 1, sequential, false, &first);
	CHECK(bad == 0, "%u absent SSRCs found after removals, first i=%u", bad, first);
	/* Removed SSRCs can come back. */
	pol.ssrc = ssrc_of(0, sequential);
	CHECK_RC(srtpo_add_stream(s, &pol), SRTPO_OK);
	CHECK_EQ(srtpo_stream_count(s), N / 2 + 1);

	t0 = now();
	srtpo_destroy(s);
	tu_section_end();
	printf("       add %.2f s, find all %.2f s, remove half %.2f s, destroy %.2f s\n", t_add,
	       t_find, t_rm, now() - t0);
}

int main(void)
{
	printf("test_lookup: 1,000,000 streams, O(1) SSRC table\n");
	run(N, false, false);
	run(0, true, true);
	return tu_summary("test_lookup");
}
