/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packet bytes per clock through the whole simulated card: descriptors fetched from host
 * memory, packets read, protected, written back, completions written, reaped by the ring code.
 * One queue, AES_CM_128_HMAC_SHA1_80 protect, host memory with 50..100, 250 and 500 clocks of
 * latency (reads and write responses alike). Each latency is run twice: through the library's
 * card backend (srtpo_card_sim_run, its 256-entry ring: the host's figure), and on a raw ring of
 * 1024 entries kept full (the card's own figure, which the goal is about).
 *
 *   bench_card [--json]
 *   bench_card --engines N [--json]   several engines: 4 queues busy, many streams
 */
#include "card_test.h"
#include "raw_queue.h"

#define NOPS 3000

/* A fixed RTP shape for op: 12-byte header, `payload` bytes, 10-byte tag. Returns its bytes. */
static uint32_t rtp_shape(struct srtpo_op *op, int payload)
{
	op->enc_off = 12;
	op->enc_len = (uint16_t)(payload - 12 - 10);
	op->auth_len = (uint16_t)(payload - 10);
	op->tag_off = op->auth_len;
	op->roc_append = 1;
	return srtpo_op_pkt_len(op);
}

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
		bytes += rtp_shape(&ops[i], payload);
	}
	srtpo_card_sim_run(cs, ops, 64);   /* warm: key loaded */
	srtpo_card_sim_stats(card, &a);
	done = srtpo_card_sim_run(cs, ops, NOPS);
	srtpo_card_sim_stats(card, &b);
	CHECK(done == NOPS, "card finished %d of %d", done, NOPS);
	*bytes_out = bytes;
	return (double)bytes / (double)(b.clocks - a.clocks);
}

/*
 * The card alone: a raw ring of RAW_LOG2 entries that the host keeps full (post, one doorbell,
 * poll completions every 16 clocks, release), so the figure is the card's, not the library's:
 * with 500 clocks of latency on reads and write responses a packet is on the card for ~2,000
 * clocks (descriptor read, data read, data write answered, completion write answered), about
 * 190 entries at full rate: the raw ring leaves the host's rhythm out of the figure.
 */
#define RAW_LOG2 10u
#define RAW_CELL 4096u

static double run_raw(struct srtpo_card *card, int payload)
{
	static uint8_t bufs[NOPS][1400];
	static struct srtpo_op ops[NOPS];
	static struct srtpo_keyslot ks __attribute__((aligned(64)));
	const uint32_t size = 1u << RAW_LOG2, win_size = RAW_CELL * (size + 1);
	struct srtpo_card_sim_stats a, b;
	struct srtpo_ring r;
	struct srtpo_hw_desc d;
	struct srtpo_hw_cpl c;
	uint64_t sqb, cqb, wb, bytes = 0;
	void *sq = srtpo_card_dma_alloc(card, SRTPO_HW_DESC_BYTES << RAW_LOG2, 4096, &sqb);
	void *cq = srtpo_card_dma_alloc(card, SRTPO_HW_CPL_BYTES << (RAW_LOG2 + 1), 4096, &cqb);
	uint8_t *win = srtpo_card_dma_alloc(card, win_size, 4096, &wb);
	uint32_t posted = 0, done = 0;

	CHECK(sq && cq && win, "dma memory");
	CHECK(!raw_queue_setup(&r, card, 0, sq, sqb, RAW_LOG2, cq, cqb, RAW_LOG2 + 1, wb,
			       win_size, 0, 16), "queue setup");
	make_key(&ks, 0);
	srtpo_key_record(win, &ks);
	srtpo_desc_load_key(&d, 0, 0, 0);
	srtpo_ring_post(&r, &d);
	srtpo_ring_doorbell(&r);
	for (uint64_t t = 0; !srtpo_ring_reap(&r, &c); t += 16) {
		CHECK(t < 1000000, "no completion for the key load");
		srtpo_card_step(card, 16);
	}
	CHECK(c.status == SRTPO_HW_ST_OK, "key load: status %u", c.status);
	for (int i = 0; i < NOPS; i++) {
		make_op(&ops[i], bufs[i], &ks, 0);
		bytes += rtp_shape(&ops[i], payload);
	}
	srtpo_card_sim_stats(card, &a);
	while (done < NOPS) {
		int got = 0;

		while (posted < NOPS && srtpo_ring_space(&r)) {
			uint32_t cell = RAW_CELL * (1 + (posted & (size - 1)));
			uint32_t len = srtpo_op_pkt_len(&ops[posted]);

			memcpy(win + cell, bufs[posted], len);
			srtpo_desc_packet(&d, &ops[posted], 0, (uint16_t)len, cell, cell + 2048,
					  (uint16_t)(posted + 1));
			srtpo_ring_post(&r, &d);
			posted++;
		}
		srtpo_ring_doorbell(&r);
		while (srtpo_ring_reap(&r, &c)) {
			CHECK(c.status == SRTPO_HW_ST_OK && c.id == (uint16_t)(done + 1),
			      "packet %u: status %u id %u", done, c.status, c.id);
			done++;
			got = 1;
		}
		if (!got)
			srtpo_card_step(card, 16);
	}
	srtpo_card_sim_stats(card, &b);
	srtpo_ring_release(&r);
	return (double)bytes / (double)(b.clocks - a.clocks);
}

/*
 * Several engines: NQ queues busy at once, each a raw ring kept full by the host, each with
 * STREAMS streams (key slots base + 0 .. STREAMS - 1 of its own range), packets of the streams in
 * turn, so the card's engines share the load as a media server's many streams would make them
 * (a slot's engine is slot mod Engines). Every completion is checked: status OK, and ids in
 * order per queue.
 */
#define MQ_NQ      4u
#define MQ_LOG2    9u
#define MQ_STREAMS 16u
#define MQ_CELL    2048u

static double run_multi(struct srtpo_card *card, int payload)
{
	static uint8_t bufs[NOPS][1400];
	static struct srtpo_op ops[NOPS];
	static struct srtpo_keyslot ks[MQ_STREAMS] __attribute__((aligned(64)));
	const uint32_t size = 1u << MQ_LOG2, win_size = MQ_CELL * (2 * size + 1);
	const uint16_t slots_per_q = (uint16_t)(srtpo_card_read32(card, SRTPO_FW_CAP_SLOTS) / MQ_NQ);
	struct srtpo_card_sim_stats a, b;
	struct srtpo_ring r[MQ_NQ];
	uint8_t *win[MQ_NQ];
	uint32_t posted[MQ_NQ] = {0}, done[MQ_NQ] = {0}, total_posted = 0, total_done = 0;
	struct srtpo_hw_desc d;
	struct srtpo_hw_cpl c;
	uint64_t bytes = 0;

	for (uint32_t q = 0; q < MQ_NQ; q++) {
		uint64_t sqb, cqb, wb;
		void *sq = srtpo_card_dma_alloc(card, SRTPO_HW_DESC_BYTES << MQ_LOG2, 4096, &sqb);
		void *cq = srtpo_card_dma_alloc(card, SRTPO_HW_CPL_BYTES << (MQ_LOG2 + 1), 4096, &cqb);

		win[q] = srtpo_card_dma_alloc(card, win_size, 4096, &wb);
		CHECK(sq && cq && win[q], "dma memory");
		CHECK(!raw_queue_setup(&r[q], card, q, sq, sqb, MQ_LOG2, cq, cqb, MQ_LOG2 + 1, wb,
				       win_size, (uint16_t)(q * slots_per_q), slots_per_q), "queue setup");
	}
	for (uint32_t k = 0; k < MQ_STREAMS; k++)
		make_key(&ks[k], 0);
	/* every queue loads the stream keys into its own slots */
	for (uint32_t q = 0; q < MQ_NQ; q++) {
		for (uint32_t k = 0; k < MQ_STREAMS; k++) {
			srtpo_key_record(win[q] + MQ_CELL * k, &ks[k]);
			srtpo_desc_load_key(&d, (uint16_t)(q * slots_per_q + k), MQ_CELL * k, (uint16_t)k);
			srtpo_ring_post(&r[q], &d);
		}
		srtpo_ring_doorbell(&r[q]);
		for (uint32_t k = 0; k < MQ_STREAMS; k++) {
			for (uint64_t t = 0; !srtpo_ring_reap(&r[q], &c); t += 16) {
				CHECK(t < 1000000, "no completion for a key load");
				srtpo_card_step(card, 16);
			}
			CHECK(c.status == SRTPO_HW_ST_OK, "key load: status %u", c.status);
		}
	}
	for (int i = 0; i < NOPS; i++) {
		make_op(&ops[i], bufs[i], &ks[(uint32_t)i / MQ_NQ % MQ_STREAMS], 0);
		bytes += rtp_shape(&ops[i], payload);
	}
	srtpo_card_sim_stats(card, &a);
	while (total_done < NOPS) {
		int got = 0;

		/* packet i goes to queue i mod NQ, stream i / NQ mod STREAMS; post until a ring is full */
		while (total_posted < NOPS && srtpo_ring_space(&r[total_posted % MQ_NQ])) {
			uint32_t i = total_posted, q = i % MQ_NQ, n = posted[q];
			uint32_t cell = MQ_CELL * (1 + 2 * (n & (size - 1)));
			uint32_t len = srtpo_op_pkt_len(&ops[i]);
			uint16_t slot = (uint16_t)(q * slots_per_q + i / MQ_NQ % MQ_STREAMS);

			memcpy(win[q] + cell, bufs[i], len);
			srtpo_desc_packet(&d, &ops[i], slot, (uint16_t)len, cell, cell + MQ_CELL,
					  (uint16_t)(n + 1));
			srtpo_ring_post(&r[q], &d);
			posted[q]++;
			total_posted++;
		}
		for (uint32_t q = 0; q < MQ_NQ; q++)
			srtpo_ring_doorbell(&r[q]);
		for (uint32_t q = 0; q < MQ_NQ; q++) {
			while (srtpo_ring_reap(&r[q], &c)) {
				CHECK(c.status == SRTPO_HW_ST_OK && c.id == (uint16_t)(done[q] + 1),
				      "queue %u packet %u: status %u id %u", q, done[q], c.status, c.id);
				done[q]++;
				total_done++;
				got = 1;
			}
		}
		if (!got)
			srtpo_card_step(card, 16);
	}
	srtpo_card_sim_stats(card, &b);
	for (uint32_t q = 0; q < MQ_NQ; q++)
		srtpo_ring_release(&r[q]);
	return (double)bytes / (double)(b.clocks - a.clocks);
}

/* The most packet bytes per clock the bus can carry for len-byte packets, whatever the engines
 * do: each packet costs its descriptor and its data on the read channel (buffers start on a bus
 * word), and its data and its completion (one write beat each) on the write channel. */
static double bus_ceiling(uint32_t len, uint32_t *rd_beats, uint32_t *wr_beats)
{
	const uint32_t db = CARD_DATAW / 8, data = (len + db - 1) / db;

	*rd_beats = (SRTPO_HW_DESC_BYTES + db - 1) / db + data;
	*wr_beats = data + 1;
	return (double)len / (double)(*rd_beats > *wr_beats ? *rd_beats : *wr_beats);
}

/*
 * The same bound for a PCIe Gen3 x16 link (or Gen4 x8) at the card's 250 MHz, a model with its
 * assumptions: 8 GT/s x 16 lanes after 128b/130b coding is 63.0 bytes a clock each way; a
 * read completion with data costs 20 bytes besides its data (4 framing, 12 header, 4 LCRC), a
 * 64-bit write or read request 24; the host's root complex returns completions of at most `cpl`
 * bytes (64 on many hosts, up to 256); writes go in TLPs of at most 256 bytes (MPS); the card
 * reads descriptors four at a time; link-layer packets (ACKs, flow control) are not counted.
 * Down (host to card): the data's completions and a quarter of a 256-byte descriptor read's.
 * Up (card to host): the data write, the completion write, the data read request and a
 * quarter of a descriptor read request. The smaller of the two is the ceiling.
 */
static double link_ceiling(uint32_t len, uint32_t cpl)
{
	const double raw = 8e9 * 16 * 128 / 130 / 8 / 250e6;
	const double down = len + 20.0 * ((len + cpl - 1) / cpl) +
			    (4 * SRTPO_HW_DESC_BYTES + 20.0 * ((4 * SRTPO_HW_DESC_BYTES + cpl - 1) / cpl)) / 4;
	const double up = len + 24.0 * ((len + 255) / 256) + SRTPO_HW_CPL_BYTES + 24.0 + 24.0 + 24.0 / 4;
	const double worst = down > up ? down : up;

	return raw * len / worst;
}

/* bench_card --engines N: the several-engine figures (4 queues busy, this model's bus) at
 * 50..100, 250 and 500 clocks of latency, with the targets at 250 and the bus ceiling. */
static int bench_engines(int engines, int json)
{
	static const uint32_t lat[3][2] = {{50, 100}, {250, 250}, {500, 500}};
	const double target172 = engines == 1 ? 14.0 : engines == 2 ? 28.0 : 48.0;
	const int sizes[2] = {172, 1200};

	if (json)
		printf("{\"bus_bits\":%d,\"engines\":%d,\"rows\":[", CARD_DATAW, engines);
	for (int l = 0; l < 3; l++) {
		double v[2];

		for (int i = 0; i < 2; i++) {
			struct srtpo_card_sim_cfg cfg = {.seed = 1, .lat_min = lat[l][0], .lat_max = lat[l][1],
							 .ready_pct = 100, .mem_bytes = 64u << 20};
			struct srtpo_card *card = srtpo_card_open_sim(&cfg);

			CHECK(card, "open");
			v[i] = run_multi(card, sizes[i]);
			srtpo_card_close(card);
			if (!json) {
				printf("bench-card: %d engine%s, %d-bit bus, %u queues busy, latency %3u..%3u clk, "
				       "%4d-byte packets: %5.2f packet bytes/clock", engines, engines > 1 ? "s" : "",
				       CARD_DATAW, MQ_NQ, lat[l][0], lat[l][1], sizes[i], v[i]);
				if (i == 0 && l == 1)
					printf(", issue goal >= %.0f: %s", target172,
					       v[i] >= target172 ? "met" : "NOT met");
				if (l == 1) {
					uint32_t rb, wb;
					double cap = bus_ceiling((uint32_t)sizes[i], &rb, &wb);

					printf(", bus ceiling %.2f (%u read, %u write beats a packet): %.0f %%; "
					       "PCIe Gen3 x16 ceiling %.1f (64-byte completions) .. %.1f (256)",
					       cap, rb, wb, 100.0 * v[i] / cap, link_ceiling((uint32_t)sizes[i], 64),
					       link_ceiling((uint32_t)sizes[i], 256));
				}
				printf("\n");
			}
		}
		if (json)
			printf("%s{\"lat_min\":%u,\"lat_max\":%u,\"bytes_per_clock_172\":%.3f,"
			       "\"bytes_per_clock_1200\":%.3f}", l ? "," : "", lat[l][0], lat[l][1], v[0], v[1]);
	}
	if (json)
		printf("]}\n");
	return 0;
}

/* Host read latency in clocks of the card: today's planning figure (50..100), and a PCIe read
 * round trip (~1 us: 250 clocks at 250 MHz) and twice that. Only the first row has a target this
 * bench enforces; the PCIe rows print the targets (14 bytes/clock at 172 bytes with one
 * engine at 250 clocks) and say whether they are met. BENCH_LAT=n runs one latency only. */
struct lat_row {
	uint32_t lo, hi;
	double target[2];   /* enforced targets (0: report only) */
	double goal172;     /* the latency goal for 172-byte packets, reported */
};

int main(int argc, char **argv)
{
	static const struct lat_row rows_all[3] = {
		{50, 100, {13.0, 15.0}, 0},
		{250, 250, {0, 0}, 14.0},
		{500, 500, {0, 0}, 0},
	};
	struct lat_row one = {0, 0, {0, 0}, 0};
	const struct lat_row *rows = rows_all;
	int nrows = 3;
	int json = argc > 1 && !strcmp(argv[1], "--json");
	const int sizes[2] = {172, 1200};
	uint64_t bytes;
	int ok = 1;

	if (argc > 2 && !strcmp(argv[1], "--engines"))
		return bench_engines(atoi(argv[2]), argc > 3 && !strcmp(argv[3], "--json"));
	if (getenv("BENCH_LAT")) {
		one.lo = one.hi = (uint32_t)atoi(getenv("BENCH_LAT"));
		rows = &one;
		nrows = 1;
	}
	if (json)
		printf("{\"bus_bits\":256,\"rows\":[");
	for (int l = 0; l < nrows; l++) {
		struct srtpo_card_sim_cfg cfg = {.seed = 1, .lat_min = rows[l].lo, .lat_max = rows[l].hi,
						 .ready_pct = 100};
		double r[2], raw[2];

		for (int i = 0; i < 2; i++) {
			struct srtpo_card *card = srtpo_card_open_sim(&cfg);
			struct srtpo_card_sim *cs = card ? srtpo_card_sim_create(card, 0, 0, 16) : NULL;

			CHECK(cs, "open");
			r[i] = run(card, cs, sizes[i], &bytes);
			srtpo_card_sim_destroy(cs);
			srtpo_card_close(card);
			if (!json) {
				printf("bench-card: latency %3u..%3u clk, %4d-byte packets: %5.2f packet bytes/clock "
				       "end to end (256-bit bus, one engine, %d packets)", rows[l].lo, rows[l].hi,
				       sizes[i], r[i], NOPS);
				if (rows[l].target[i] > 0)
					printf(", target >= %.0f", rows[l].target[i]);
				if (i == 0 && rows[l].goal172 > 0)
					printf(", issue goal >= %.0f: %s", rows[l].goal172,
					       r[i] >= rows[l].goal172 ? "met" : "NOT met");
				printf("\n");
			}
			if (rows[l].target[i] > 0 && r[i] < rows[l].target[i])
				ok = 0;
		}
		for (int i = 0; i < 2; i++) {
			struct srtpo_card *card = srtpo_card_open_sim(&cfg);

			CHECK(card, "open");
			raw[i] = run_raw(card, sizes[i]);
			srtpo_card_close(card);
			if (!json) {
				printf("bench-card: latency %3u..%3u clk, %4d-byte packets: %5.2f packet bytes/clock, "
				       "the card alone (raw ring of %u kept full)", rows[l].lo, rows[l].hi, sizes[i],
				       raw[i], 1u << RAW_LOG2);
				if (i == 0 && rows[l].goal172 > 0)
					printf(", issue goal >= %.0f: %s", rows[l].goal172,
					       raw[i] >= rows[l].goal172 ? "met" : "NOT met");
				printf("\n");
			}
		}
		if (json)
			printf("%s{\"lat_min\":%u,\"lat_max\":%u,\"bytes_per_clock_172\":%.3f,"
			       "\"bytes_per_clock_1200\":%.3f,\"card_alone_172\":%.3f,\"card_alone_1200\":%.3f}",
			       l ? "," : "", rows[l].lo, rows[l].hi, r[0], r[1], raw[0], raw[1]);
	}
	if (json)
		printf("]}\n");
	return ok ? 0 : 1;
}
