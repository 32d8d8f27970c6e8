/* SPDX-License-Identifier: BSD-3-Clause */
/* srtpo_aes_pipe bench: FIPS-197 known answers, then random blocks with random AES-128/256 keys
 * (a different key on every block) checked against OpenSSL, with random input gaps and random
 * output backpressure. Every block must come out once, in order, with the right ciphertext. */
#include <deque>
#include <memory>

#include <openssl/evp.h>

#include "Vsrtpo_aes_pipe.h"
#include "tb_util.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

struct Job {
	uint8_t key[32];
	bool k256;
	uint8_t pt[16];
	uint8_t ct[16];
	uint32_t id;
	const char *name;
};

static void ref_encrypt(Job &j)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n = 0;
	EVP_EncryptInit_ex(c, j.k256 ? EVP_aes_256_ecb() : EVP_aes_128_ecb(), nullptr, j.key, nullptr);
	EVP_CIPHER_CTX_set_padding(c, 0);
	EVP_EncryptUpdate(c, j.ct, &n, j.pt, 16);
	EVP_CIPHER_CTX_free(c);
}

int main(int argc, char **argv)
{
	Verilated::commandArgs(argc, argv);
	uint64_t seed = tb::arg_u64(argc, argv, "seed", 1);
	uint64_t count = tb::arg_u64(argc, argv, "count", 20000);
	tb::Rng rng(seed);
	auto dut = std::make_unique<Vsrtpo_aes_pipe>();
#if VM_TRACE
	Verilated::traceEverOn(true);
	auto tfp = std::make_unique<VerilatedFstC>();
	dut->trace(tfp.get(), 99);
	tfp->open("tb_aes.fst");
#endif
	uint64_t t = 0;
	auto tick = [&]() {
		dut->clk_i = 0;
		dut->eval();
#if VM_TRACE
		tfp->dump(2 * t);
#endif
		dut->clk_i = 1;
		dut->eval();
#if VM_TRACE
		tfp->dump(2 * t + 1);
#endif
		t++;
	};

	std::deque<Job> todo, inflight;
	/* FIPS-197 Appendix C.1 and C.3. */
	{
		Job a{};
		tb::parse_hex("000102030405060708090a0b0c0d0e0f", a.key, 32);
		tb::parse_hex("00112233445566778899aabbccddeeff", a.pt, 16);
		tb::parse_hex("69c4e0d86a7b0430d8cdb78070b4c55a", a.ct, 16);
		a.name = "FIPS-197 C.1";
		Job b{};
		tb::parse_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", b.key, 32);
		b.k256 = true;
		tb::parse_hex("00112233445566778899aabbccddeeff", b.pt, 16);
		tb::parse_hex("8ea2b7ca516745bfeafc49904b496089", b.ct, 16);
		b.name = "FIPS-197 C.3";
		todo.push_back(a);
		todo.push_back(b);
	}
	for (uint64_t i = 0; i < count; i++) {
		Job j{};
		rng.fill(j.key, 32);
		j.k256 = rng.chance(50);
		if (!j.k256)
			memset(j.key + 16, 0, 16);
		rng.fill(j.pt, 16);
		ref_encrypt(j);
		j.name = "random";
		todo.push_back(j);
	}
	uint32_t next_id = 0;
	for (auto &j : todo)
		j.id = next_id++;

	dut->rst_ni = 0;
	dut->in_valid_i = 0;
	dut->out_ready_i = 0;
	tick();
	tick();
	dut->rst_ni = 1;

	unsigned errors = 0, checked = 0;
	/* Phases of the run alternate between full speed and heavy backpressure. */
	uint64_t idle_cycles = 0;
	while ((!todo.empty() || !inflight.empty()) && errors < 10) {
		bool burst = (t / 512) % 2 == 0;
		bool offer = !todo.empty() && (burst || rng.chance(60));
		dut->in_valid_i = offer;
		if (offer) {
			Job &j = todo.front();
			tb::set_be(dut->in_key_i, j.key, 32);
			dut->in_key256_i = j.k256;
			tb::set_be(dut->in_block_i, j.pt, 16);
			dut->in_user_i = j.id;
		}
		dut->out_ready_i = burst || rng.chance(50);
		dut->clk_i = 0;
		dut->eval();
		bool in_fire = dut->in_valid_i && dut->in_ready_o;
		bool out_fire = dut->out_valid_o && dut->out_ready_i;
		if (out_fire) {
			uint8_t got[16];
			tb::get_be(dut->out_block_o, got, 16);
			if (inflight.empty()) {
				printf("FAIL seed=%llu: block out with none in flight (user %u)\n",
				       (unsigned long long)seed, (unsigned)dut->out_user_o);
				errors++;
			} else {
				Job &e = inflight.front();
				if (dut->out_user_o != e.id || memcmp(got, e.ct, 16) != 0) {
					printf("FAIL seed=%llu %s block %u (user out %u) key%s=%s\n  pt      =%s\n"
					       "  expected=%s\n  actual  =%s\n",
					       (unsigned long long)seed, e.name, e.id,
					       (unsigned)dut->out_user_o, e.k256 ? "256" : "128",
					       tb::hex(e.key, e.k256 ? 32 : 16).c_str(),
					       tb::hex(e.pt, 16).c_str(), tb::hex(e.ct, 16).c_str(),
					       tb::hex(got, 16).c_str());
					errors++;
				}
				checked++;
				inflight.pop_front();
			}
		}
		if (in_fire) {
			inflight.push_back(todo.front());
			todo.pop_front();
		}
		tick();
		idle_cycles = (in_fire || out_fire) ? 0 : idle_cycles + 1;
		if (idle_cycles > 1000) {
			printf("FAIL seed=%llu: pipeline stuck with %zu blocks in flight\n",
			       (unsigned long long)seed, inflight.size());
			errors++;
			break;
		}
	}
	dut->final();
#if VM_TRACE
	tfp->close();
#endif
	printf("tb_aes: seed %llu, %u blocks checked, %u errors, %llu cycles\n",
	       (unsigned long long)seed, checked, errors, (unsigned long long)t);
	return errors ? 1 : 0;
}
