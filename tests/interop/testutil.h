/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * testutil.h - small helpers shared by the interop tests: a seeded PRNG (so every failure can be
 * replayed from the printed seed), hex dumps for mismatch reports, and G.711 mu-law.
 */
#ifndef SRTPO_TESTUTIL_H
#define SRTPO_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* splitmix64: tiny, fast and good enough for test data; the whole run derives from one seed. */
struct rng {
	uint64_t s;
};

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0. The modulo bias is irrelevant at these sizes. */
static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(rng_next(r) % n);
}

/* Uniform in [lo, hi]. */
static inline uint32_t rng_range(struct rng *r, uint32_t lo, uint32_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

/* True with probability num/den. */
static inline int rng_chance(struct rng *r, uint32_t num, uint32_t den)
{
	return rng_below(r, den) < num;
}

static inline void rng_fill(struct rng *r, uint8_t *p, size_t n)
{
	while (n >= 8) {
		uint64_t v = rng_next(r);

		memcpy(p, &v, 8);
		p += 8;
		n -= 8;
	}
	if (n) {
		uint64_t v = rng_next(r);

		memcpy(p, &v, n);
	}
}

/* A seed that differs from run to run, for when none was given. */
static inline uint64_t seed_from_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec * 1000000007ull) ^ (uint64_t)ts.tv_nsec ^
	       ((uint64_t)getpid() << 32);
}

/* Parses a decimal or 0x-prefixed seed; returns 0 on bad text. */
static inline int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!s || !*s)
		return 0;
	*out = strtoull(s, &end, 0);
	return *end == '\0';
}

/* Hex dump, 32 bytes a line, prefixed by a label. */
static inline void hexdump(FILE *f, const char *label, const uint8_t *p, size_t n)
{
	fprintf(f, "  %s (%zu bytes):", label, n);
	for (size_t i = 0; i < n; i++) {
		if (i % 32 == 0)
			fprintf(f, "\n    %04zx ", i);
		fprintf(f, "%02x", p[i]);
	}
	fprintf(f, "\n");
}

/* Prints expected and actual bytes and where they first differ. */
static inline void show_diff(FILE *f, const uint8_t *exp, size_t exp_len, const uint8_t *act,
			     size_t act_len)
{
	size_t i = 0;

	while (i < exp_len && i < act_len && exp[i] == act[i])
		i++;
	hexdump(f, "expected", exp, exp_len);
	hexdump(f, "actual  ", act, act_len);
	if (i < exp_len || i < act_len)
		fprintf(f, "  first difference at byte %zu\n", i);
}

/* G.711 mu-law (ITU-T G.711, the segment/bias form). */
static inline uint8_t ulaw_encode(int16_t pcm)
{
	int sign = 0, v = pcm, exp = 7, mant;

	if (v < 0) {
		v = -v;
		sign = 0x80;
	}
	if (v > 32635)
		v = 32635;
	v += 0x84;
	for (int mask = 0x4000; exp > 0 && !(v & mask); mask >>= 1)
		exp--;
	mant = (v >> (exp + 3)) & 0x0f;
	return (uint8_t)~(sign | (exp << 4) | mant);
}

static inline int16_t ulaw_decode(uint8_t u)
{
	int v, exp, mant;

	u = (uint8_t)~u;
	exp = (u >> 4) & 7;
	mant = u & 0x0f;
	v = (((mant << 3) + 0x84) << exp) - 0x84;
	return (int16_t)((u & 0x80) ? -v : v);
}

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif /* SRTPO_TESTUTIL_H */
