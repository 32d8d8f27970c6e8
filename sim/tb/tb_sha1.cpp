/* SPDX-License-Identifier: BSD-3-Clause */
/* srtpo_sha1_core bench: FIPS 180 "abc" (one block) and the two-block message, then random
 * messages of 0..300 bytes compared with OpenSSL SHA-1. Blocks of one message are chained by
 * restarting the core in its final clock (as the HMAC engine does), and message words are
 * withheld at random to exercise the stall path. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <memory>
#include <vector>

#include <openssl/sha.h>

#include "Vsrtpo_sha1_core.h"
#include "tb_util.h"

static const uint32_t kIv[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};

static std::vector<uint8_t> pad(const uint8_t *m, size_t n)
{
	std::vector<uint8_t> p(m, m + n);
	p.push_back(0x80);
	while (p.size() % 64 != 56)
		p.push_back(0);
	uint64_t bits = (uint64_t)n * 8;
	for (int i = 7; i >= 0; i--)
		p.push_back((uint8_t)(bits >> (8 * i)));
	return p;
}

int main(int argc, char **argv)
{
	Verilated::commandArgs(argc, argv);
	uint64_t seed = tb::arg_u64(argc, argv, "seed", 1);
	uint64_t count = tb::arg_u64(argc, argv, "count", 300);
	tb::Rng rng(seed);
	auto dut = std::make_unique<Vsrtpo_sha1_core>();
	unsigned errors = 0, checked = 0;
	uint64_t cycles = 0;

	dut->rst_ni = 0;
	dut->start_i = 0;
	dut->word_valid_i = 0;
	for (int i = 0; i < 2; i++) {
		dut->clk_i = 0;
		dut->eval();
		dut->clk_i = 1;
		dut->eval();
	}
	dut->rst_ni = 1;

	/* Runs one padded message through the core; returns the digest bytes. */
	auto run = [&](const std::vector<uint8_t> &p, bool stalls, uint8_t out[20]) -> bool {
		size_t nblk = p.size() / 64, blk = 0;
		uint32_t h[5];
		memcpy(h, kIv, sizeof h);
		auto set_h = [&](const uint32_t *v) {
			uint8_t b[20];
			for (int i = 0; i < 5; i++)
				for (int k = 0; k < 4; k++)
					b[4 * i + k] = (uint8_t)(v[i] >> (24 - 8 * k));
			tb::set_be(dut->h_i, b, 20);
		};
		set_h(h);
		dut->start_i = 1;
		uint64_t guard = 0;
		bool started = false;
		for (;;) {
			dut->clk_i = 0;
			dut->eval();
			unsigned idx = dut->word_idx_o;
			const uint8_t *w = &p[64 * blk + 4 * idx];
			dut->word_i = (uint32_t)w[0] << 24 | w[1] << 16 | w[2] << 8 | w[3];
			dut->word_valid_i = !stalls || rng.chance(70);
			if (started && dut->fin_o) {
				if (blk + 1 < nblk) {
					/* Chain: the next block starts in this very clock from h_sum. */
					blk++;
					for (int i = 0; i < 5; i++)
						dut->h_i[i] = dut->h_sum_o[i];
					dut->start_i = 1;
				} else {
					dut->start_i = 0;
					dut->eval();
					dut->clk_i = 1;
					dut->eval();
					cycles++;
					tb::get_be(dut->h_o, out, 20);
					return true;
				}
			}
			dut->eval();
			dut->clk_i = 1;
			dut->eval();
			cycles++;
			if (dut->start_i) {
				started = true;
				dut->start_i = 0;
			}
			if (++guard > 1000 * nblk)
				return false;
		}
	};

	struct Kat {
		const char *msg, *digest;
	} kats[] = {
		{"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
		{"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
	};
	for (auto &k : kats) {
		uint8_t exp[20], got[20] = {0};
		tb::parse_hex(k.digest, exp, 20);
		bool ok = run(pad((const uint8_t *)k.msg, strlen(k.msg)), false, got);
		checked++;
		if (!ok || memcmp(exp, got, 20)) {
			printf("FAIL FIPS 180 \"%s\"\n  expected=%s\n  actual  =%s\n", k.msg,
			       tb::hex(exp, 20).c_str(), tb::hex(got, 20).c_str());
			errors++;
		}
	}
	for (uint64_t i = 0; i < count && errors < 10; i++) {
		size_t n = rng.below(301);
		std::vector<uint8_t> m(n);
		rng.fill(m.data(), n);
		uint8_t exp[20], got[20] = {0};
		SHA1(m.data(), n, exp);
		bool ok = run(pad(m.data(), n), rng.chance(50), got);
		checked++;
		if (!ok || memcmp(exp, got, 20)) {
			printf("FAIL seed=%llu message %llu (%zu bytes)%s\n  msg     =%s\n  expected=%s\n"
			       "  actual  =%s\n",
			       (unsigned long long)seed, (unsigned long long)i, n, ok ? "" : " (hung)",
			       tb::hex(m.data(), n).c_str(), tb::hex(exp, 20).c_str(),
			       tb::hex(got, 20).c_str());
			errors++;
		}
	}
	dut->final();
	printf("tb_sha1: seed %llu, %u digests checked, %u errors, %llu cycles\n",
	       (unsigned long long)seed, checked, errors, (unsigned long long)cycles);
	return errors ? 1 : 0;
}
