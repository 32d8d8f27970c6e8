/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A long run through the simulated card: at least a million packets, every one compared with
 * the software engine.
 *
 *   test_long [--packets N] [--seed S]      (make test-long: N = 1000000, ~7 min)
 *
 * The run is cut into segments. Each segment opens a fresh card model with its own random host
 * latency (0..40 clocks up to +160) and backpressure (ready 30..100 %), and drives two queues
 * of it (24 and 40 key slots) with bursts of 1 to 64 ops, sometimes 300 (more than a ring):
 * every suite, RTP and RTCP shapes, payloads of 0..1399 bytes, protect and unprotect (a sixth
 * of them tampered), 160 key slots over the 64 card slots (so slots are evicted and reloaded all
 * the time), keys rewritten in place (a rekey at a key derivation rate boundary) and replaced.
 * One segment in three also injects a fault (DMA read or write errors, or a stall past the
 * timeout).
 *
 * Checks: each op's status and its whole buffer equal the software engine's; every op is done
 * exactly once (the card's count plus the software engine's is the number of ops, per burst and
 * in total, and an op done twice would not match); no DMA left the allocated host memory;
 * without a fault the card did every op. Prints packets per second of simulation and the time.
 */
#include <time.h>

#include "card_test.h"

#define NKEYS    160
#define MAXBURST 300
#define MAXBUF   1600
#define SEGMENT  50000u

static uint64_t seed;
static struct srtpo_sw_engine *sw;
static struct srtpo_keyslot *keys;
static uint8_t (*bufa)[MAXBUF], (*bufb)[MAXBUF];

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct tally {
	uint64_t ops, card, sw, key_loads, unprotect, auth_fail, rekeys, faults, resets, clocks;
};

/* One burst on queue cs and in software; compares. */
static void burst(struct srtpo_card_sim *cs, int n, struct tally *t, uint64_t segment)
{
	static struct srtpo_op oa[MAXBURST], ob[MAXBURST];
	struct srtpo_card_sim_counters before, after;
	int done;

	for (int i = 0; i < n; i++) {
		const struct srtpo_keyslot *ks = &keys[rnd() % NKEYS];

		make_op(&oa[i], bufa[i], ks, -1);
		if (rnd() % 100 < 40) {
			/* a real protected packet, sometimes tampered */
			srtpo_sw_engine_run(sw, &oa[i], 1);
			oa[i].opcode = SRTPO_OP_UNPROTECT;
			if (rnd() % 6 == 0)
				bufa[i][rnd() % srtpo_op_pkt_len(&oa[i])] ^= (uint8_t)(1u << (rnd() % 8));
			t->unprotect++;
		}
		memcpy(bufb[i], bufa[i], MAXBUF);
		ob[i] = oa[i];
		ob[i].buf = bufb[i];
		oa[i].status = ob[i].status = 99;   /* neither engine leaves an op untouched */
	}
	srtpo_card_sim_counters(cs, &before);
	done = srtpo_card_sim_run(cs, oa, (size_t)n);
	srtpo_card_sim_counters(cs, &after);
	srtpo_sw_engine_run(sw, ob, (size_t)n);
	CHECK(done >= 0 && (uint64_t)done == after.card_ops - before.card_ops,
	      "seed %llu segment %llu: run says %d, counters %llu", (unsigned long long)seed,
	      (unsigned long long)segment, done,
	      (unsigned long long)(after.card_ops - before.card_ops));
	CHECK((after.card_ops - before.card_ops) + (after.sw_ops - before.sw_ops) == (uint64_t)n,
	      "seed %llu segment %llu: %llu by the card + %llu in software for %d ops (lost or "
	      "done twice)", (unsigned long long)seed, (unsigned long long)segment,
	      (unsigned long long)(after.card_ops - before.card_ops),
	      (unsigned long long)(after.sw_ops - before.sw_ops), n);
	for (int i = 0; i < n; i++) {
		if (oa[i].status != ob[i].status || memcmp(bufa[i], bufb[i], MAXBUF)) {
			size_t len = srtpo_op_pkt_len(&ob[i]);

			fprintf(stderr, "FAIL test_long seed %llu segment %llu op %llu: opcode %u cipher "
				"%u key_len %u auth %u tag %u enc %u+%u auth_len %u tag_off %u roc_append "
				"%u index %llu ssrc %08x: status card %d sw %d\n",
				(unsigned long long)seed, (unsigned long long)segment,
				(unsigned long long)(t->ops + (uint64_t)i), oa[i].opcode, oa[i].ks->cipher,
				oa[i].ks->key_len, oa[i].ks->auth, oa[i].ks->tag_len, oa[i].enc_off,
				oa[i].enc_len, oa[i].auth_len, oa[i].tag_off, oa[i].roc_append,
				(unsigned long long)oa[i].index, oa[i].ssrc, oa[i].status, ob[i].status);
			dump("expected (software)", bufb[i], len);
			dump("actual (card)", bufa[i], len);
			exit(1);
		}
		t->auth_fail += ob[i].status == SRTPO_ERR_AUTH;
	}
	t->ops += (uint64_t)n;
}

/* A segment: a fresh card model with random host timing, two queues, `count` ops. */
static void segment(uint64_t index, uint64_t count, struct tally *t)
{
	struct srtpo_card_sim_cfg cfg = {0};
	struct srtpo_card_sim_counters c0, c1;
	struct srtpo_card_sim_stats st;
	struct srtpo_card *card;
	struct srtpo_card_sim *q[2];
	uint64_t done = 0, fault_at = UINT64_MAX;
	int fault = 0;

	cfg.seed = seed * 1000003u + index;
	cfg.lat_min = rnd() % 41;
	cfg.lat_max = cfg.lat_min + rnd() % 161;
	cfg.ready_pct = 30 + rnd() % 71;
	card = srtpo_card_open_sim(&cfg);
	CHECK(card, "open the card model");
	q[0] = srtpo_card_sim_create(card, 0, 0, 24);
	q[1] = srtpo_card_sim_create(card, 1, 24, 40);
	CHECK(q[0] && q[1], "card_sim_create");
	if (index % 3 == 2) {
		fault = 1 + (int)(rnd() % 3);
		fault_at = rnd() % count;
		srtpo_card_sim_set_timeout(q[0], 20000);
		srtpo_card_sim_set_timeout(q[1], 20000);
	}
	while (done < count) {
		int n = rnd() % 50 == 0 ? MAXBURST : 1 + (int)(rnd() % 64);

		if ((uint64_t)n > count - done)
			n = (int)(count - done);
		if (rnd() % 40 == 0) {
			/* rekey in place (same key slot, new keys), or a new suite */
			int k = 1 + (int)(rnd() % 4);

			for (int i = 0; i < k; i++)
				make_key(&keys[rnd() % NKEYS], rnd() % 2 ? -1 : (int)(rnd() % 6));
			t->rekeys += (uint64_t)k;
		}
		if (done <= fault_at && fault_at < done + (uint64_t)n) {
			static const int kinds[3] = {SRTPO_FAULT_RD_ERR, SRTPO_FAULT_WR_ERR,
						     SRTPO_FAULT_STALL};
			static const uint64_t counts[3] = {2, 1, 30000};

			srtpo_card_sim_fault(card, kinds[fault - 1], 0, counts[fault - 1]);
			t->faults++;
		}
		burst(q[rnd() % 2], n, t, index);
		done += (uint64_t)n;
	}
	srtpo_card_sim_counters(q[0], &c0);
	srtpo_card_sim_counters(q[1], &c1);
	srtpo_card_sim_stats(card, &st);
	CHECK(st.outside == 0, "seed %llu segment %llu: %llu DMA bursts outside host memory",
	      (unsigned long long)seed, (unsigned long long)index, (unsigned long long)st.outside);
	CHECK(fault || (c0.sw_ops == 0 && c1.sw_ops == 0 && c0.resets == 0 && c1.resets == 0),
	      "seed %llu segment %llu: no fault, yet %llu ops went to software (%llu resets)",
	      (unsigned long long)seed, (unsigned long long)index,
	      (unsigned long long)(c0.sw_ops + c1.sw_ops), (unsigned long long)(c0.resets + c1.resets));
	t->card += c0.card_ops + c1.card_ops;
	t->sw += c0.sw_ops + c1.sw_ops;
	t->key_loads += c0.key_loads + c1.key_loads;
	t->resets += c0.resets + c1.resets;
	t->clocks += st.clocks;
	srtpo_card_sim_destroy(q[0]);
	srtpo_card_sim_destroy(q[1]);
	srtpo_card_close(card);
}

int main(int argc, char **argv)
{
	uint64_t packets = 1000000;
	struct tally t = {0};
	double t0, t1;

	seed = 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--packets") && i + 1 < argc)
			packets = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else {
			fprintf(stderr, "usage: test_long [--packets N] [--seed S]\n");
			return 2;
		}
	}
	if (!packets) {
		fprintf(stderr, "test_long: --packets must be at least 1\n");
		return 2;
	}
	rng_state = seed * 0x9e3779b97f4a7c15ull + 7;
	sw = srtpo_sw_engine_create(NULL);
	keys = aligned_alloc(64, NKEYS * sizeof(*keys));
	bufa = malloc(sizeof(*bufa) * MAXBURST);
	bufb = malloc(sizeof(*bufb) * MAXBURST);
	CHECK(sw && keys && bufa && bufb, "out of memory");
	for (int i = 0; i < NKEYS; i++)
		make_key(&keys[i], i % 6);

	printf("test-long: %llu packets through the simulated card, seed %llu (about 7 minutes "
	       "for a million)\n", (unsigned long long)packets, (unsigned long long)seed);
	fflush(stdout);
	t0 = now();
	for (uint64_t s = 0; t.ops < packets; s++) {
		uint64_t n = packets - t.ops < SEGMENT ? packets - t.ops : SEGMENT;

		segment(s, n, &t);
		t1 = now();
		printf("  %8llu packets, %6.1f s, %7.0f packets/s of simulation\n",
		       (unsigned long long)t.ops, t1 - t0, (double)t.ops / (t1 - t0));
		fflush(stdout);
	}
	t1 = now();
	CHECK(t.card + t.sw == t.ops, "%llu by the card + %llu in software != %llu ops",
	      (unsigned long long)t.card, (unsigned long long)t.sw, (unsigned long long)t.ops);
	printf("test-long: all passed: %llu packets equal to the software engine, 0 lost, 0 "
	       "duplicated (%llu by the card, %llu redone in software after %llu injected faults "
	       "and %llu queue resets), %llu unprotect (%llu auth failures), %llu key loads, %llu "
	       "rekeys, %llu clocks\n", (unsigned long long)t.ops, (unsigned long long)t.card,
	       (unsigned long long)t.sw, (unsigned long long)t.faults, (unsigned long long)t.resets,
	       (unsigned long long)t.unprotect, (unsigned long long)t.auth_fail,
	       (unsigned long long)t.key_loads, (unsigned long long)t.rekeys,
	       (unsigned long long)t.clocks);
	printf("test-long: %.1f s, %.0f packets/s of simulation, %.0f clocks/s\n", t1 - t0,
	       (double)t.ops / (t1 - t0), (double)t.clocks / (t1 - t0));
	srtpo_sw_engine_destroy(sw);
	free(keys);
	free(bufa);
	free(bufb);
	return 0;
}
