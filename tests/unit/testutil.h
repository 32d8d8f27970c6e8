/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * testutil.h - the few helpers every unit test program shares: checks that count and explain
 * themselves, hex parsing, and the closing summary. One test program is one translation unit
 * (plus ref.c), so the counters live here as statics.
 *
 * A failed check prints file:line, the expression, and for byte strings the expected and the
 * actual bytes, then the program carries on so that one run shows every failure.
 */
#ifndef SRTPO_TESTUTIL_H
#define SRTPO_TESTUTIL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srtpo.h"

static unsigned tu_passed, tu_failed;
static unsigned tu_sec_passed, tu_sec_failed;
static const char *tu_sec_name;
static char tu_sec_buf[128];

#define TU_UNUSED __attribute__((unused))

/* Closes the current section with one line: what was checked and how it went. */
static TU_UNUSED void tu_section_end(void)
{
	if (tu_sec_name)
		printf("  %-4s %-58s %4u checks%s\n", tu_sec_failed ? "FAIL" : "ok", tu_sec_name,
		       tu_sec_passed + tu_sec_failed, tu_sec_failed ? " <--" : "");
	tu_sec_name = NULL;
	tu_sec_passed = tu_sec_failed = 0;
}

static TU_UNUSED void tu_section(const char *name)
{
	tu_section_end();
	snprintf(tu_sec_buf, sizeof(tu_sec_buf), "%s", name);
	tu_sec_name = tu_sec_buf;
}

static TU_UNUSED void tu_result(int ok)
{
	if (ok) {
		tu_passed++;
		tu_sec_passed++;
	} else {
		tu_failed++;
		tu_sec_failed++;
	}
}

static TU_UNUSED void tu_fail_msg(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FAIL %s:%d [%s]: ", file, line, tu_sec_name ? tu_sec_name : "-");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static TU_UNUSED void tu_dump(const char *label, const uint8_t *p, size_t n)
{
	fprintf(stderr, "    %-8s (%zu):", label, n);
	for (size_t i = 0; i < n; i++) {
		if (i % 32 == 0 && n > 32)
			fprintf(stderr, "\n      %04zx ", i);
		fprintf(stderr, "%02x", p[i]);
	}
	fputc('\n', stderr);
}

/* A condition, with a printf-style explanation printed when it is false. */
#define CHECK(cond, ...)                                                           \
	do {                                                                       \
		int tu_ok_ = !!(cond);                                             \
		tu_result(tu_ok_);                                                 \
		if (!tu_ok_)                                                       \
			tu_fail_msg(__FILE__, __LINE__, "(" #cond ") " __VA_ARGS__); \
	} while (0)

/* An srtpo call's return code against the one expected; names both on failure. */
#define CHECK_RC(expr, want)                                                           \
	do {                                                                           \
		int tu_got_ = (int)(expr), tu_want_ = (int)(want);                     \
		tu_result(tu_got_ == tu_want_);                                        \
		if (tu_got_ != tu_want_)                                               \
			tu_fail_msg(__FILE__, __LINE__, "%s = %d (%s), want %d (%s)", #expr, \
				    tu_got_, srtpo_strerror(tu_got_), tu_want_,              \
				    srtpo_strerror(tu_want_));                               \
	} while (0)

/* Two integers (any width up to 64 bits). */
#define CHECK_EQ(got, want)                                                                \
	do {                                                                               \
		unsigned long long tu_g_ = (unsigned long long)(got),                      \
				   tu_w_ = (unsigned long long)(want);                     \
		tu_result(tu_g_ == tu_w_);                                                 \
		if (tu_g_ != tu_w_)                                                        \
			tu_fail_msg(__FILE__, __LINE__, "%s = %llu (0x%llx), want %llu (0x%llx)", \
				    #got, tu_g_, tu_g_, tu_w_, tu_w_);                     \
	} while (0)

/* Two byte strings of given lengths: equal lengths and equal bytes. */
#define CHECK_MEM(got, got_len, want, want_len, ...)                                         \
	do {                                                                                 \
		const uint8_t *tu_gp_ = (const uint8_t *)(got), *tu_wp_ = (const uint8_t *)(want); \
		size_t tu_gl_ = (got_len), tu_wl_ = (want_len);                              \
		int tu_ok_ = tu_gl_ == tu_wl_ && !memcmp(tu_gp_, tu_wp_, tu_wl_);            \
		tu_result(tu_ok_);                                                           \
		if (!tu_ok_) {                                                               \
			tu_fail_msg(__FILE__, __LINE__, "bytes differ: " __VA_ARGS__);       \
			tu_dump("expected", tu_wp_, tu_wl_);                                 \
			tu_dump("actual", tu_gp_, tu_gl_);                                   \
		}                                                                            \
	} while (0)

/* Parses hex (spaces allowed) into out; a malformed constant is a bug in the test: exit. */
static TU_UNUSED size_t tu_hex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (const char *p = hex; *p; p++) {
		int v;

		if (*p == ' ' || *p == '\n')
			continue;
		if (*p >= '0' && *p <= '9')
			v = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			v = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			v = *p - 'A' + 10;
		else
			v = -1;
		if (v < 0 || (hi >= 0 && n >= cap)) {
			fprintf(stderr, "test bug: bad hex constant \"%s\"\n", hex);
			exit(2);
		}
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0) {
		fprintf(stderr, "test bug: odd hex constant \"%s\"\n", hex);
		exit(2);
	}
	return n;
}

/* A deterministic generator (xorshift64*) so that every run sees the same packets. */
static uint64_t tu_rng_state = 0x9e3779b97f4a7c15ULL;

static TU_UNUSED uint64_t tu_rand(void)
{
	uint64_t x = tu_rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	tu_rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static TU_UNUSED void tu_fill(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(tu_rand() >> 56);
}

/* ---- packets and sessions ---- */

/* Writes an RTP packet: V=2, PT 96, cc CSRCs, a header extension of ext_words 32-bit words
 * (negative: no extension), then payload pseudo-random bytes. Returns its length. */
static TU_UNUSED size_t tu_rtp(uint8_t *p, uint16_t seq, uint32_t ssrc, unsigned cc, int ext_words,
			       size_t payload)
{
	size_t n = 12;

	p[0] = (uint8_t)(0x80 | (ext_words >= 0 ? 0x10 : 0) | (cc & 0x0f));
	p[1] = 96;
	p[2] = (uint8_t)(seq >> 8);
	p[3] = (uint8_t)seq;
	p[4] = 0x11;
	p[5] = 0x22;
	p[6] = (uint8_t)(seq >> 8);
	p[7] = (uint8_t)seq;
	p[8] = (uint8_t)(ssrc >> 24);
	p[9] = (uint8_t)(ssrc >> 16);
	p[10] = (uint8_t)(ssrc >> 8);
	p[11] = (uint8_t)ssrc;
	tu_fill(p + n, 4 * (cc & 0x0f));
	n += 4 * (cc & 0x0f);
	if (ext_words >= 0) {
		p[n] = 0xbe;
		p[n + 1] = 0xde;
		p[n + 2] = (uint8_t)(ext_words >> 8);
		p[n + 3] = (uint8_t)ext_words;
		tu_fill(p + n + 4, 4 * (size_t)ext_words);
		n += 4 + 4 * (size_t)ext_words;
	}
	tu_fill(p + n, payload);
	return n + payload;
}

/* Writes an RTCP receiver report (PT 201) of 8 + body bytes (body a multiple of 4). */
static TU_UNUSED size_t tu_rtcp(uint8_t *p, uint32_t ssrc, size_t body)
{
	size_t words = (8 + body) / 4 - 1;

	p[0] = (uint8_t)(0x80 | (body / 24));
	p[1] = 201;
	p[2] = (uint8_t)(words >> 8);
	p[3] = (uint8_t)words;
	p[4] = (uint8_t)(ssrc >> 24);
	p[5] = (uint8_t)(ssrc >> 16);
	p[6] = (uint8_t)(ssrc >> 8);
	p[7] = (uint8_t)ssrc;
	tu_fill(p + 8, body);
	return 8 + body;
}

/* A policy for one SSRC with separate RTP and RTCP suites, one master key (no MKI). */
static TU_UNUSED void tu_policy(srtpo_policy_t *pol, srtpo_master_key_t *mk, srtpo_suite_t rtp,
				srtpo_suite_t rtcp, const uint8_t *key, const uint8_t *salt,
				uint32_t ssrc)
{
	srtpo_policy_init(pol, mk, rtp, key, salt);
	srtpo_suite_policy(rtcp, &pol->rtcp);
	pol->ssrc_type = SRTPO_SSRC_SPECIFIC;
	pol->ssrc = ssrc;
}

/* A session holding the one stream of pol, or NULL (and a failed check). */
static TU_UNUSED srtpo_session_t *tu_session(const srtpo_policy_t *pol)
{
	srtpo_session_t *s = NULL;
	int rc = srtpo_create(&s, pol, pol ? 1 : 0, NULL);

	tu_result(rc == SRTPO_OK && s);
	if (rc != SRTPO_OK || !s) {
		tu_fail_msg(__FILE__, __LINE__, "srtpo_create = %d (%s)", rc, srtpo_strerror(rc));
		return NULL;
	}
	return s;
}

/* Prints the totals and gives the exit status: 0 only when every check passed. */
static TU_UNUSED int tu_summary(const char *prog)
{
	tu_section_end();
	printf("%s: %u checks, %u passed, %u failed\n", prog, tu_passed + tu_failed, tu_passed,
	       tu_failed);
	return tu_failed || !tu_passed ? 1 : 0;
}

#endif /* SRTPO_TESTUTIL_H */
