/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_unprotect.c - libFuzzer target: srtpo unprotect of arbitrary packets (SRTP, or SRTCP when
 * built with -DFUZZ_RTCP=1) on the fixed sessions of fuzz_common.h, through every call form.
 *
 * Beyond what ASan and UBSan catch (any read or write outside a buffer: every buffer here is
 * allocated at exactly its length or capacity), it checks the API's promises:
 *   - success: the result is no longer than the input and fits the capacity given;
 *   - failure in place: the packet and its length are unchanged;
 *   - out of place: the input is never written;
 *   - a burst returns the number of packets whose status is SRTPO_OK.
 * Capacity slack (flags bits 4-7) makes out-of-place outputs up to 15 bytes shorter than the input
 * so the NO_SPACE paths run too.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"

#ifndef FUZZ_RTCP
#define FUZZ_RTCP 0
#endif

#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "fuzz_unprotect: check failed: %s (line %d)\n", #cond, \
				__LINE__);                                                 \
			abort();                                                           \
		}                                                                          \
	} while (0)

static int single(srtpo_session_t *s, bool in_place, uint8_t *in, size_t in_len, uint8_t *out,
		  size_t cap, size_t *out_len)
{
	if (in_place) {
		*out_len = in_len;
		return FUZZ_RTCP ? srtpo_unprotect_rtcp(s, in, out_len) : srtpo_unprotect(s, in, out_len);
	}
	return FUZZ_RTCP ? srtpo_unprotect_rtcp_to(s, in, in_len, out, cap, out_len)
			 : srtpo_unprotect_to(s, in, in_len, out, cap, out_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_pkt pk[FUZZ_MAX_PKTS];
	uint8_t *in[FUZZ_MAX_PKTS], *out[FUZZ_MAX_PKTS];
	size_t cap[FUZZ_MAX_PKTS];
	uint8_t flags = 0;
	size_t n = fuzz_split(data, size, &flags, pk);

	if (n == 0)
		return 0;

	srtpo_session_t *s = fuzz_session((enum fuzz_variant)(flags & 1), true);
	int form = (flags >> 1) & 3;
	bool in_place = !(form & 1), burst = form & 2;
	size_t slack = flags >> 4;

	CHECK(s != NULL);
	for (size_t i = 0; i < n; i++) {
		in[i] = malloc(pk[i].len ? pk[i].len : 1);
		CHECK(in[i]);
		memcpy(in[i], pk[i].p, pk[i].len);
		cap[i] = in_place ? pk[i].len : (pk[i].len > slack ? pk[i].len - slack : 0);
		out[i] = in_place ? in[i] : malloc(cap[i] ? cap[i] : 1);
		CHECK(out[i]);
	}

	if (burst) {
		srtpo_packet_t b[FUZZ_MAX_PKTS];
		size_t ok, count = 0;

		for (size_t i = 0; i < n; i++)
			b[i] = (srtpo_packet_t){ .in = in[i], .in_len = pk[i].len, .out = out[i],
						 .out_cap = cap[i] };
		ok = FUZZ_RTCP ? srtpo_unprotect_rtcp_burst(s, b, n) : srtpo_unprotect_burst(s, b, n);
		for (size_t i = 0; i < n; i++) {
			if (b[i].status == SRTPO_OK) {
				count++;
				CHECK(b[i].out_len <= pk[i].len);
				CHECK(b[i].out_len <= cap[i]);
			} else {
				CHECK(b[i].status < 0 && b[i].status >= SRTPO_ERR_BACKEND);
				if (in_place)
					CHECK(memcmp(in[i], pk[i].p, pk[i].len) == 0);
			}
			if (!in_place)
				CHECK(memcmp(in[i], pk[i].p, pk[i].len) == 0);
		}
		CHECK(ok == count);
	} else {
		for (size_t i = 0; i < n; i++) {
			size_t out_len = 0;
			int st = single(s, in_place, in[i], pk[i].len, out[i], cap[i], &out_len);

			if (st == SRTPO_OK) {
				CHECK(out_len <= pk[i].len);
				CHECK(out_len <= cap[i]);
			} else {
				CHECK(st < 0 && st >= SRTPO_ERR_BACKEND);
				CHECK(srtpo_strerror(st) != NULL);
				if (in_place) {
					CHECK(out_len == pk[i].len);
					CHECK(memcmp(in[i], pk[i].p, pk[i].len) == 0);
				}
			}
			if (!in_place)
				CHECK(memcmp(in[i], pk[i].p, pk[i].len) == 0);
		}
	}

	/* The counters must stay readable whatever happened. */
	srtpo_stream_stats_t st;

	srtpo_stream_stats(s, FUZZ_SSRC_A, &st);
	for (size_t i = 0; i < n; i++) {
		if (!in_place)
			free(out[i]);
		free(in[i]);
	}
	srtpo_destroy(s);
	return 0;
}
