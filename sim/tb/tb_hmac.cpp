/* SPDX-License-Identifier: BSD-3-Clause */
/* srtpo_hmac_engine bench: RFC 2202 HMAC-SHA1 cases 1-7, then random keys and data of 0..2048
 * bytes with and without the 4-byte ROC appended, compared with OpenSSL HMAC. The engine gets
 * the ipad/opad midstates a key slot would hold; data beats arrive with random gaps. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <memory>
#include <vector>

#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "Vsrtpo_hmac_engine.h"
#include "tb_util.h"

/* SHA-1 state after compressing (key ^ pad), as the key slot stores it (big-endian words). */
static void midstate(const uint8_t *key, size_t klen, uint8_t pad, uint8_t out[20])
{
	uint8_t k[64] = {0};
	if (klen > 64)
		SHA1(key, klen, k);
	else
		memcpy(k, key, klen);
	for (int i = 0; i < 64; i++)
		k[i] ^= pad;
	SHA_CTX c;
	SHA1_Init(&c);
	SHA1_Update(&c, k, 64);
	uint32_t h[5] = {c.h0, c.h1, c.h2, c.h3, c.h4};
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (uint8_t)(h[i] >> (24 - 8 * j));
}

int main(int argc, char **argv)
{
	Verilated::commandArgs(argc, argv);
	uint64_t seed = tb::arg_u64(argc, argv, "seed", 1);
	uint64_t count = tb::arg_u64(argc, argv, "count", 300);
	tb::Rng rng(seed);
	auto dut = std::make_unique<Vsrtpo_hmac_engine>();
	unsigned errors = 0, checked = 0;
	uint64_t cycles = 0;
	auto tick = [&]() {
		dut->clk_i = 0;
		dut->eval();
		dut->clk_i = 1;
		dut->eval();
		cycles++;
	};
	dut->rst_ni = 0;
	dut->start_i = 0;
	dut->wr_i = 0;
	dut->release_i = 0;
	tick();
	tick();
	dut->rst_ni = 1;

	auto run = [&](const uint8_t *key, size_t klen, const uint8_t *d, size_t n, bool roc_app,
		       uint32_t roc, bool gaps, uint8_t out[20]) -> bool {
		uint8_t ip[20], op[20];
		midstate(key, klen, 0x36, ip);
		midstate(key, klen, 0x5c, op);
		tb::set_be(dut->ipad_i, ip, 20);
		tb::set_be(dut->opad_i, op, 20);
		dut->auth_len_i = (uint16_t)n;
		dut->roc_i = roc;
		dut->roc_append_i = roc_app;
		dut->start_i = 1;
		tick();
		dut->start_i = 0;
		size_t beats = (n + 15) / 16, sent = 0;
		uint64_t guard = 0;
		while (!dut->done_o) {
			dut->wr_i = sent < beats && (!gaps || rng.chance(40));
			if (dut->wr_i) {
				uint8_t b[16] = {0};
				size_t take = n - 16 * sent < 16 ? n - 16 * sent : 16;
				memcpy(b, d + 16 * sent, take);
				rng.fill(b + take, 16 - take); /* bytes past auth_len must not matter */
				tb::set_le(dut->wr_data_i, b, 16);
				sent++;
			}
			tick();
			dut->wr_i = 0;
			if (++guard > 200000)
				return false;
		}
		tb::get_be(dut->tag_o, out, 20);
		dut->release_i = 1;
		tick();
		dut->release_i = 0;
		return !dut->busy_o;
	};

	struct Kat {
		const char *key;
		int key_rep;
		const char *data;
		int data_rep;
		const char *mac;
	} kats[] = {
		{"0b", 20, "Hi There", 0, "b617318655057264e28bc0b6fb378c8ef146be00"},
		{"Jefe", 0, "what do ya want for nothing?", 0, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
		{"aa", 20, "dd", 50, "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
		{"0102030405060708090a0b0c0d0e0f10111213141516171819", -1, "cd", 50,
		 "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
		{"0c", 20, "Test With Truncation", 0, "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
		{"aa", 80, "Test Using Larger Than Block-Size Key - Hash Key First", 0,
		 "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
		{"aa", 80, "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data", 0,
		 "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
	};
	int case_no = 1;
	for (auto &k : kats) {
		std::vector<uint8_t> key, data;
		uint8_t b[64];
		if (k.key_rep > 0) { /* a repeated hex byte */
			tb::parse_hex(k.key, b, 1);
			key.assign(k.key_rep, b[0]);
		} else if (k.key_rep < 0) { /* hex string */
			int n = tb::parse_hex(k.key, b, 64);
			key.assign(b, b + n);
		} else {
			key.assign(k.key, k.key + strlen(k.key));
		}
		if (k.data_rep) {
			tb::parse_hex(k.data, b, 1);
			data.assign(k.data_rep, b[0]);
		} else {
			data.assign(k.data, k.data + strlen(k.data));
		}
		uint8_t exp[20], got[20] = {0};
		tb::parse_hex(k.mac, exp, 20);
		bool ok = run(key.data(), key.size(), data.data(), data.size(), false, 0, false, got);
		checked++;
		if (!ok || memcmp(exp, got, 20)) {
			printf("FAIL RFC 2202 case %d\n  expected=%s\n  actual  =%s\n", case_no,
			       tb::hex(exp, 20).c_str(), tb::hex(got, 20).c_str());
			errors++;
		}
		case_no++;
	}
	for (uint64_t i = 0; i < count && errors < 10; i++) {
		uint8_t key[20];
		rng.fill(key, 20);
		size_t n = rng.chance(20) ? rng.below(2049) : rng.below(300);
		std::vector<uint8_t> m(n + 4);
		rng.fill(m.data(), n);
		bool roc_app = rng.chance(50);
		uint32_t roc = (uint32_t)rng.next();
		for (int j = 0; j < 4; j++)
			m[n + j] = (uint8_t)(roc >> (24 - 8 * j));
		uint8_t exp[20], got[20] = {0};
		unsigned elen = 0;
		HMAC(EVP_sha1(), key, 20, m.data(), n + (roc_app ? 4 : 0), exp, &elen);
		bool ok = run(key, 20, m.data(), n, roc_app, roc, rng.chance(50), got);
		checked++;
		if (!ok || memcmp(exp, got, 20)) {
			printf("FAIL seed=%llu case %llu: auth_len %zu roc_append %d roc %08x%s\n"
			       "  key     =%s\n  data    =%s\n  expected=%s\n  actual  =%s\n",
			       (unsigned long long)seed, (unsigned long long)i, n, roc_app, roc,
			       ok ? "" : " (hung)", tb::hex(key, 20).c_str(), tb::hex(m.data(), n).c_str(),
			       tb::hex(exp, 20).c_str(), tb::hex(got, 20).c_str());
			errors++;
		}
	}
	dut->final();
	printf("tb_hmac: seed %llu, %u MACs checked, %u errors, %llu cycles\n",
	       (unsigned long long)seed, checked, errors, (unsigned long long)cycles);
	return errors ? 1 : 0;
}
