/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers shared by the Verilator benches: moving byte strings in and out of wide ports, a small
 * seeded PRNG, hex dumps and a failure counter. */
#ifndef SRTPO_TB_UTIL_H
#define SRTPO_TB_UTIL_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "verilated.h"

namespace tb {

/* Big-endian: byte 0 goes to the most significant bits of an nbytes-wide port. */
template <typename W> static inline void set_be(W &port, const uint8_t *b, size_t nbytes)
{
	for (size_t i = 0; i < (nbytes + 3) / 4; i++)
		port[i] = 0;
	for (size_t i = 0; i < nbytes; i++) {
		size_t bit = 8 * (nbytes - 1 - i);
		port[bit / 32] |= (uint32_t)b[i] << (bit % 32);
	}
}

template <typename W> static inline void get_be(const W &port, uint8_t *b, size_t nbytes)
{
	for (size_t i = 0; i < nbytes; i++) {
		size_t bit = 8 * (nbytes - 1 - i);
		b[i] = (uint8_t)(port[bit / 32] >> (bit % 32));
	}
}

/* Lane order (AXI): byte k of a beat at bits [8k+7:8k]. */
template <typename W> static inline void set_le(W &port, const uint8_t *b, size_t nbytes)
{
	for (size_t i = 0; i < (nbytes + 3) / 4; i++)
		port[i] = 0;
	for (size_t i = 0; i < nbytes; i++)
		port[i / 4] |= (uint32_t)b[i] << (8 * (i % 4));
}

template <typename W> static inline void get_le(const W &port, uint8_t *b, size_t nbytes)
{
	for (size_t i = 0; i < nbytes; i++)
		b[i] = (uint8_t)(port[i / 4] >> (8 * (i % 4)));
}

/* xorshift64*: fast, reproducible from one seed. */
struct Rng {
	uint64_t s;
	explicit Rng(uint64_t seed) : s(seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull) {}
	uint64_t next()
	{
		s ^= s >> 12;
		s ^= s << 25;
		s ^= s >> 27;
		return s * 0x2545f4914f6cdd1dull;
	}
	uint32_t below(uint32_t n) { return n ? (uint32_t)(next() % n) : 0; }
	bool chance(unsigned percent) { return below(100) < percent; }
	void fill(uint8_t *p, size_t n)
	{
		for (size_t i = 0; i < n; i++)
			p[i] = (uint8_t)next();
	}
};

static inline std::string hex(const uint8_t *p, size_t n)
{
	static const char d[] = "0123456789abcdef";
	std::string s;
	for (size_t i = 0; i < n; i++) {
		if (i && i % 32 == 0)
			s += "\n    ";
		s += d[p[i] >> 4];
		s += d[p[i] & 15];
	}
	return s;
}

static inline int parse_hex(const char *h, uint8_t *out, size_t max)
{
	size_t n = strlen(h) / 2;
	if (n > max)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(h + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return (int)n;
}

/* Reads SEED=, COUNT= style arguments (also plain +seed=/+count= from Verilator plusargs). */
static inline uint64_t arg_u64(int argc, char **argv, const char *name, uint64_t dflt)
{
	size_t l = strlen(name);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		while (*a == '-' || *a == '+')
			a++;
		if (strncmp(a, name, l) == 0 && a[l] == '=')
			return strtoull(a + l + 1, nullptr, 0);
	}
	return dflt;
}

static inline bool arg_flag(int argc, char **argv, const char *name)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		while (*a == '-' || *a == '+')
			a++;
		if (strcmp(a, name) == 0)
			return true;
	}
	return false;
}

} // namespace tb

#endif
