/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packet bytes per clock through the whole simulated card: descriptors fetched from host
 * memory, packets read, protected, written back, completions written, reaped by the ring code.
 * One queue, AES_CM_128_HMAC_SHA1_80 protect, host memory with 50..100 clocks of latency.
 *
 *   bench_card [--json]
 */
#include "card_test.h"

#define NOPS 3000

static double run(struct srtpo_card *card, struct srtpo_card_sim *cs, int payload, uint64_t *bytes_out)
{
	static uint8_t bufs[NOPS][1400];
	static struct srtpo_op ops[NOPS];
	static struct srtpo_keyslot ks __attribute__((aligned(64)));
	struct srtpo_card_sim_stats a, b;
	uint64_t bytes = 0;
	int done;

	make_key(&ks, 0);
	for (int i = 0; i < NOPS; i++) {
		make_op(&ops[i], bufs[i], &ks, 0);
		/* a fixed RTP shape: 12-byte header, `payload` bytes, 10-byte tag */
		ops[i].enc_off = 12;
		ops[i].enc_len = (uint16_t)(payload - 12 - 10);
		ops[i].auth_len = (uint16_t)(payload - 10);
		ops[i].tag_off = ops[i].auth_len;
		ops[i].roc_append = 1;
		bytes += srtpo_op_pkt_len(&ops[i]);
	}
	srtpo_card_sim_run(cs, ops, 64);   /* warm: key loaded */
	srtpo_card_sim_stats(card, &a);
	done = srtpo_card_sim_run(cs, ops, NOPS);
	srtpo_card_sim_stats(card, &b);
	CHECK(done == NOPS, "card finished %d of %d", done, NOPS);
	*bytes_out = bytes;
	return (double)bytes / (double)(b.clocks - a.clocks);
}

int main(int argc, char **argv)
{
	struct srtpo_card_sim_cfg cfg = {.seed = 1, .lat_min = 50, .lat_max = 100, .ready_pct = 100};
	if (getenv("BENCH_LAT")) cfg.lat_min = cfg.lat_max = (uint32_t)atoi(getenv("BENCH_LAT"));
	int json = argc > 1 && !strcmp(argv[1], "--json");
	const int sizes[2] = {172, 1200};
	const double target[2] = {13.0, 15.0};
	double r[2];
	uint64_t bytes;
	int ok = 1;

	for (int i = 0; i < 2; i++) {
		struct srtpo_card *card = srtpo_card_open_sim(&cfg);
		struct srtpo_card_sim *cs = card ? srtpo_card_sim_create(card, 0, 0, 16) : NULL;

		CHECK(cs, "open");
		r[i] = run(card, cs, sizes[i], &bytes);
		srtpo_card_sim_destroy(cs);
		srtpo_card_close(card);
		if (!json)
			printf("bench-card: %4d-byte packets: %.2f packet bytes/clock end to end "
			       "(target >= %.0f, 256-bit bus, %d packets)\n", sizes[i], r[i], target[i], NOPS);
		if (r[i] < target[i])
			ok = 0;
	}
	if (json)
		printf("{\"bus_bits\":256,\"bytes_per_clock_172\":%.3f,\"bytes_per_clock_1200\":%.3f}\n",
		       r[0], r[1]);
	return ok ? 0 : 1;
}
