/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_protect.c - libFuzzer target: srtpo protect of arbitrary RTP (or RTCP, flags bit 3) on the
 * fixed sessions of fuzz_common.h, through every call form, with capacities from 8 bytes below
 * the input length to 52 above it (flags bits 4-7), each buffer allocated at exactly that size.
 *
 * Checks, beyond ASan and UBSan:
 *   - nothing is written past the capacity (ASan) and the reported length fits it;
 *   - a protected packet is at least as long as its input and at most SRTPO_MAX_TRAILER longer;
 *   - failure in place leaves packet and length unchanged; out of place never writes the input;
 *   - round trip: every packet that protected unprotects, in order, on a receiving session with
 *     the same keys, and gives back exactly the input.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"

#define CHECK(cond)                                                                      \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "fuzz_protect: check failed: %s (line %d)\n", #cond, \
				__LINE__);                                               \
			abort();                                                         \
		}                                                                        \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_pkt pk[FUZZ_MAX_PKTS];
	uint8_t *in[FUZZ_MAX_PKTS], *out[FUZZ_MAX_PKTS];
	size_t cap[FUZZ_MAX_PKTS], out_len[FUZZ_MAX_PKTS];
	int status[FUZZ_MAX_PKTS];
	uint8_t flags = 0;
	size_t n = fuzz_split(data, size, &flags, pk);

	if (n == 0)
		return 0;

	enum fuzz_variant v = (enum fuzz_variant)(flags & 1);
	srtpo_session_t *tx = fuzz_session(v, false), *rx = fuzz_session(v, true);
	int form = (flags >> 1) & 3;
	bool in_place = !(form & 1), burst = form & 2, rtcp = flags & 8;
	size_t grow = (size_t)(flags >> 4) * 4; /* 0 .. 60 */

	CHECK(tx && rx);
	for (size_t i = 0; i < n; i++) {
		size_t len = pk[i].len;

		cap[i] = len + grow >= 8 ? len + grow - 8 : 0;
		if (in_place && cap[i] < len)
			cap[i] = len;
		in[i] = malloc(in_place ? (cap[i] ? cap[i] : 1) : (len ? len : 1));
		CHECK(in[i]);
		memcpy(in[i], pk[i].p, len);
		out[i] = in_place ? in[i] : malloc(cap[i] ? cap[i] : 1);
		CHECK(out[i]);
	}

	if (burst) {
		srtpo_packet_t b[FUZZ_MAX_PKTS];
		size_t ok, count = 0;

		for (size_t i = 0; i < n; i++)
			b[i] = (srtpo_packet_t){ .in = in[i], .in_len = pk[i].len, .out = out[i],
						 .out_cap = cap[i] };
		ok = rtcp ? srtpo_protect_rtcp_burst(tx, b, n) : srtpo_protect_burst(tx, b, n);
		for (size_t i = 0; i < n; i++) {
			status[i] = b[i].status;
			out_len[i] = b[i].out_len;
			count += b[i].status == SRTPO_OK;
		}
		CHECK(ok == count);
	} else {
		for (size_t i = 0; i < n; i++) {
			size_t len = pk[i].len;

			if (in_place) {
				status[i] = rtcp ? srtpo_protect_rtcp(tx, in[i], &len, cap[i])
						 : srtpo_protect(tx, in[i], &len, cap[i]);
				out_len[i] = len;
				if (status[i] != SRTPO_OK)
					CHECK(len == pk[i].len);
			} else {
				len = 0;
				status[i] = rtcp ? srtpo_protect_rtcp_to(tx, in[i], pk[i].len, out[i],
									 cap[i], &len)
						 : srtpo_protect_to(tx, in[i], pk[i].len, out[i], cap[i],
								    &len);
				out_len[i] = len;
			}
		}
	}

	for (size_t i = 0; i < n; i++) {
		if (!in_place)
			CHECK(memcmp(in[i], pk[i].p, pk[i].len) == 0);
		if (status[i] != SRTPO_OK) {
			CHECK(status[i] < 0 && status[i] >= SRTPO_ERR_BACKEND);
			if (in_place)
				CHECK(memcmp(in[i], pk[i].p, pk[i].len) == 0);
			continue;
		}
		CHECK(out_len[i] <= cap[i]);
		CHECK(out_len[i] >= pk[i].len);
		CHECK(out_len[i] <= pk[i].len + SRTPO_MAX_TRAILER);

		/* Round trip through the receiver. */
		uint8_t *back = malloc(out_len[i]);
		size_t back_len = 0;
		int st;

		CHECK(back);
		st = rtcp ? srtpo_unprotect_rtcp_to(rx, out[i], out_len[i], back, out_len[i], &back_len)
			  : srtpo_unprotect_to(rx, out[i], out_len[i], back, out_len[i], &back_len);
		if (st != SRTPO_OK || back_len != pk[i].len || memcmp(back, pk[i].p, pk[i].len)) {
			fprintf(stderr, "fuzz_protect: packet %zu protected but did not round-trip: %s\n",
				i, srtpo_strerror(st));
			abort();
		}
		free(back);
	}
	for (size_t i = 0; i < n; i++) {
		if (!in_place)
			free(out[i]);
		free(in[i]);
	}
	srtpo_destroy(tx);
	srtpo_destroy(rx);
	return 0;
}
