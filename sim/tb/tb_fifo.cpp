/* SPDX-License-Identifier: BSD-3-Clause */
/* srtpo_fifo bench, and the proof that RTL assertions are live in every Verilator run: random
 * pushes and pops within the FIFO's contract are checked against a software queue; with
 * +overflow the bench then pushes into the full FIFO, which must stop the simulation with an
 * assertion failure (sim.mk expects that run to fail). */
#include <deque>
#include <memory>

#include "Vsrtpo_fifo.h"
#include "tb_util.h"

int main(int argc, char **argv)
{
	Verilated::commandArgs(argc, argv);
	uint64_t seed = tb::arg_u64(argc, argv, "seed", 1);
	bool overflow = tb::arg_flag(argc, argv, "overflow");
	tb::Rng rng(seed);
	auto dut = std::make_unique<Vsrtpo_fifo>();
	std::deque<uint8_t> ref;
	unsigned errors = 0;

	auto tick = [&]() {
		dut->clk_i = 0;
		dut->eval();
		dut->clk_i = 1;
		dut->eval();
	};
	dut->rst_ni = 0;
	dut->push_i = 0;
	dut->pop_i = 0;
	tick();
	tick();
	dut->rst_ni = 1;
	for (int i = 0; i < 20000; i++) {
		dut->eval();
		bool push = !dut->full_o && (rng.next() & 1);
		bool pop = !dut->empty_o && (rng.next() & 1);
		if (!dut->empty_o && (ref.empty() || dut->rdata_o != ref.front()))
			errors++;
		if ((size_t)dut->count_o != ref.size())
			errors++;
		uint8_t w = (uint8_t)rng.next();
		dut->push_i = push;
		dut->pop_i = pop;
		dut->wdata_i = w;
		tick();
		if (pop)
			ref.pop_front();
		if (push)
			ref.push_back(w);
	}
	printf("srtpo_fifo: 20000 clocks against a software queue, %u errors\n", errors);
	if (errors)
		return 1;
	if (overflow) {
		dut->pop_i = 0;
		dut->push_i = 1;
		for (int i = 0; i < 8; i++)
			tick();       /* the 3rd push at most finds it full: the assertion stops us here */
		printf("srtpo_fifo: pushed into a full FIFO and nothing stopped the run\n");
		return 0;
	}
	return 0;
}
