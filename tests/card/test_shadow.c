/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shadow doorbell record on the simulated card (make test-shadow), on a raw ring:
 *
 * 1. CAP_FEATURES says SHADOW_DB; QP SHADOW_BASE_LO/HI read back; with SHADOW_BASE 0 the card
 *    never reads a record.
 * 2. Active: descriptors posted by writing sq_tail (and releasing completions by writing
 *    cq_head) into the record only complete, equal to the software engine, with no register
 *    write at all.
 * 3. Idle: after SHADOW_IDLE_CLOCKS with nothing to do the card writes card_state.IDLE=1 (its
 *    count in bits 31:16 goes up by one) and stops reading the record; a QU SQ_TAIL write wakes
 *    it: card_state.IDLE goes back to 0 and the work completes.
 * 4. No lost wake-up: a packet posted at every other clock across the idle transition, then
 *    bursts at random gaps (many right at the idle threshold) with a random delay between the
 *    host's record write and its card_state read, each posted the host's way (record, full
 *    barrier, card_state, QU SQ_TAIL only when IDLE); every one must complete. (A card that
 *    skips the read after its card_state write fails here.)
 * 5. A read error on the record is counted (GLB CNT_RD_ERR) and sends the queue idle at once;
 *    the register doorbell keeps working.
 *
 *   test_shadow [seed]
 */
#include "card_test.h"
#include "raw_queue.h"

#define Q       1u
#define SQ_LOG2 6u
#define CQ_LOG2 7u
#define WIN     (64u * 1024)
#define CELLS   8u
#define SLOT    8u
#define IDLE_BIT 1u

static struct srtpo_card *card;
static struct srtpo_ring ring;
static volatile struct srtpo_hw_shadow *shadow;
static uint64_t shadow_bus;
static uint8_t *win;
static struct srtpo_sw_engine *sw;
static struct srtpo_keyslot ks;
static uint16_t next_id;
static uint64_t rings;   /* QU SQ_TAIL writes the protocol needed */

static uint32_t card_state(void)
{
	return __atomic_load_n((volatile uint32_t *)&shadow->card_state, __ATOMIC_ACQUIRE);
}

static void set_shadow_base(uint64_t bus)
{
	srtpo_card_write32(card, SRTPO_QP(Q, SRTPO_QP_SHADOW_BASE_HI), (uint32_t)(bus >> 32));
	srtpo_card_write32(card, SRTPO_QP(Q, SRTPO_QP_SHADOW_BASE_LO), (uint32_t)bus);
}

/* The host side of the protocol: the new tail into the record, a full barrier, then card_state;
 * the register doorbell only when the card said it stopped reading. `delay` clocks pass between
 * the record write and the card_state read (a slow host). */
static void shadow_doorbell(uint32_t delay)
{
	srtpo_wmb();
	__atomic_store_n((volatile uint16_t *)&shadow->sq_tail, ring.sq_tail, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (delay)
		srtpo_card_step(card, delay);
	if (card_state() & IDLE_BIT) {
		srtpo_card_write32(card, SRTPO_QU(Q, SRTPO_QU_SQ_TAIL), ring.sq_tail);
		rings++;
	}
	ring.sq_rung = ring.sq_tail;
}

/* Completions go back to the card through the record only. */
static void shadow_release(void)
{
	__atomic_store_n((volatile uint16_t *)&shadow->cq_head, ring.cq_head, __ATOMIC_RELEASE);
	ring.cq_told = ring.cq_head;
}

static void post_key(void)
{
	struct srtpo_hw_desc d;

	srtpo_key_record(win, &ks);
	srtpo_desc_load_key(&d, SLOT, 0, next_id++);
	CHECK(!srtpo_ring_post(&ring, &d), "ring full");
}

/* n packets (n <= CELLS) into cells 0..n-1, posted but not rung. */
static void post_packets(struct srtpo_op *ops, uint8_t (*bufs)[1500], uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct srtpo_hw_desc d;
		uint32_t in = 4096u * (1 + i), len;

		make_op(&ops[i], bufs[i], &ks, 20 + (int)(rnd() % 1000));
		len = srtpo_op_pkt_len(&ops[i]);
		memcpy(win + in, bufs[i], len);
		srtpo_desc_packet(&d, &ops[i], SLOT, (uint16_t)len, in, in + 2048, next_id++);
		CHECK(!srtpo_ring_post(&ring, &d), "ring full");
	}
}

/* Waits for n completions (with ids first_id..), releasing them through the record. */
static void reap(uint32_t n, uint16_t first_id, uint64_t limit, const char *what)
{
	for (uint32_t k = 0; k < n; k++) {
		const struct srtpo_hw_cpl *c;
		uint64_t t = 0;

		while (!(c = srtpo_ring_peek(&ring))) {
			srtpo_card_step(card, 32);
			CHECK((t += 32) < limit, "%s: completion %u of %u never came (card_state 0x%08x, "
			      "SQ_HEAD %u, record sq_tail %u)", what, k, n, card_state(),
			      srtpo_card_read32(card, SRTPO_QU(Q, SRTPO_QU_SQ_HEAD)), shadow->sq_tail);
		}
		CHECK(c->id == (uint16_t)(first_id + k), "%s: id %u, want %u", what, c->id,
		      (uint16_t)(first_id + k));
		CHECK(c->status == SRTPO_HW_ST_OK, "%s: status %u", what, c->status);
		srtpo_ring_take(&ring);
	}
	shadow_release();
}

/* Results equal the software engine's. */
static void check_packets(struct srtpo_op *ops, uint32_t n, const char *what)
{
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len = srtpo_op_pkt_len(&ops[i]);

		srtpo_sw_engine_run(sw, &ops[i], 1);
		CHECK(!memcmp(win + 4096u * (1 + i) + 2048, ops[i].buf, len),
		      "%s: packet %u differs from the software engine", what, i);
	}
}

/* One burst of n packets the host's way, checked. */
static void burst(uint32_t n, uint32_t delay, const char *what)
{
	static struct srtpo_op ops[CELLS];
	static uint8_t bufs[CELLS][1500];
	uint16_t first = next_id;

	post_packets(ops, bufs, n);
	shadow_doorbell(delay);
	reap(n, first, 200000, what);
	check_packets(ops, n, what);
}

static uint64_t rd_bursts(void)
{
	struct srtpo_card_sim_stats st;

	srtpo_card_sim_stats(card, &st);
	return st.rd_bursts;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
	/* Odd seeds: a short, fixed latency, so the card's polls do not straddle its card_state
	 * write and only the read after that write can catch a tail written just before it (the
	 * model samples memory when it returns read data). Even seeds: random latency and
	 * backpressure. */
	struct srtpo_card_sim_cfg cfg = {.seed = seed, .lat_min = 16, .lat_max = 24, .ready_pct = 100};
	struct srtpo_card_sim_stats st;
	uint64_t sqb, cqb, wb, before, w0;
	void *sq, *cq;
	uint32_t s0, s1;

	rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
	if (!(seed & 1)) {
		cfg.lat_min = 40;
		cfg.lat_max = 300;
		cfg.ready_pct = 85;
	}
	card = srtpo_card_open_sim(&cfg);
	CHECK(card, "open");
	sw = srtpo_sw_engine_create(NULL);
	CHECK(sw, "software engine");
	make_key(&ks, -1);

	/* 1. capabilities, registers, no record */
	s0 = srtpo_card_read32(card, SRTPO_FW_CAP_FEATURES);
	CHECK(s0 & SRTPO_FW_CAP_FEATURES_SHADOW_DB_MASK, "CAP_FEATURES 0x%x: no SHADOW_DB", s0);
	sq = srtpo_card_dma_alloc(card, SRTPO_HW_DESC_BYTES << SQ_LOG2, 4096, &sqb);
	cq = srtpo_card_dma_alloc(card, SRTPO_HW_CPL_BYTES << CQ_LOG2, 4096, &cqb);
	win = srtpo_card_dma_alloc(card, WIN, 4096, &wb);
	shadow = srtpo_card_dma_alloc(card, 2 * SRTPO_HW_SHADOW_BYTES, 64, &shadow_bus);
	CHECK(sq && cq && win && shadow, "dma memory");
	CHECK(!raw_queue_setup(&ring, card, Q, sq, sqb, SQ_LOG2, cq, cqb, CQ_LOG2, wb, WIN, SLOT, 1),
	      "queue setup");
	before = rd_bursts();
	srtpo_card_step(card, 2000);
	CHECK(rd_bursts() == before, "the card read host memory with SHADOW_BASE 0");
	/* the queue is stopped while its record moves (queue registers change only then) */
	srtpo_card_write32(card, SRTPO_QP(Q, SRTPO_QP_CTRL), 0);
	set_shadow_base(shadow_bus + 64 + 5);   /* read back, the low 6 bits dropped */
	CHECK(srtpo_card_read32(card, SRTPO_QP(Q, SRTPO_QP_SHADOW_BASE_LO)) == (uint32_t)(shadow_bus + 64) &&
	      srtpo_card_read32(card, SRTPO_QP(Q, SRTPO_QP_SHADOW_BASE_HI)) == (uint32_t)(shadow_bus >> 32),
	      "SHADOW_BASE does not read back");
	set_shadow_base(shadow_bus);
	srtpo_card_write32(card, SRTPO_QP(Q, SRTPO_QP_CTRL), SRTPO_QP_CTRL_ENABLE_MASK);

	/* 2. active: the record alone carries tails and heads */
	w0 = card->cnt.mmio_writes;
	rings = 0;
	post_key();
	shadow_doorbell(0);
	reap(1, (uint16_t)(next_id - 1), 200000, "load key");
	for (int i = 0; i < 20; i++)
		burst(1 + rnd() % CELLS, 0, "active");
	CHECK(card->cnt.mmio_writes == w0, "%llu register writes while the card was active",
	      (unsigned long long)(card->cnt.mmio_writes - w0));
	CHECK(!(card_state() & IDLE_BIT), "card_state IDLE while active");

	/* 3. idle, then woken by QU SQ_TAIL */
	s0 = card_state();
	srtpo_card_step(card, SRTPO_HW_SHADOW_IDLE_CLOCKS + 2000);
	s1 = card_state();
	CHECK(s1 & IDLE_BIT, "card_state 0x%08x: not idle after %u quiet clocks", s1,
	      SRTPO_HW_SHADOW_IDLE_CLOCKS + 2000);
	CHECK((uint16_t)((s1 >> 16) - (s0 >> 16)) == 1, "idle count 0x%08x -> 0x%08x", s0, s1);
	before = rd_bursts();
	srtpo_card_step(card, 4 * SRTPO_HW_SHADOW_POLL_CLOCKS * 10);
	CHECK(rd_bursts() == before, "an idle queue still reads its record");
	rings = 0;
	burst(3, 0, "wake");
	CHECK(rings == 1, "the host saw IDLE %llu times, want once", (unsigned long long)rings);
	srtpo_card_step(card, 1000);
	CHECK(!(card_state() & IDLE_BIT), "card_state 0x%08x: IDLE not cleared on wake-up", card_state());

	/* 4. no lost wake-up. First a sweep: one packet posted at every other clock across the idle
	 * transition (the card's last poll, its card_state write and its check read), with the
	 * host's card_state read right after its record write; then random gaps and random host
	 * delays between the record write and the card_state read. */
	rings = 0;
	for (uint32_t i = 0; i < 200; i++) {
		srtpo_card_step(card, SRTPO_HW_SHADOW_IDLE_CLOCKS - 250 + 2 * i);
		burst(1, 0, "sweep across the idle transition");
	}
	CHECK(rings > 10 && rings < 200, "%llu of 200 posts in the sweep needed a register doorbell: "
	      "the sweep missed the idle transition", (unsigned long long)rings);
	printf("test-shadow: seed %llu: sweep of 200 posts across the idle transition, %llu needed a "
	       "register doorbell\n", (unsigned long long)seed, (unsigned long long)rings);
	rings = 0;
	for (int i = 0; i < 150; i++) {
		uint32_t gap, delay = rnd() % 4 ? 0 : rnd() % 600;

		switch (rnd() % 4) {
		case 0: gap = rnd() % 300; break;
		case 1: gap = SRTPO_HW_SHADOW_IDLE_CLOCKS - 600 + rnd() % 1600; break;
		case 2: gap = SRTPO_HW_SHADOW_IDLE_CLOCKS + rnd() % 1500; break;
		default: gap = rnd() % (2 * SRTPO_HW_SHADOW_IDLE_CLOCKS); break;
		}
		srtpo_card_step(card, gap);
		burst(1 + rnd() % 3, delay, "random timing");
	}
	CHECK(rings > 10, "only %llu wake-ups needed: the idle path was hardly exercised",
	      (unsigned long long)rings);
	printf("test-shadow: seed %llu: 150 bursts at random timings, %llu needed a register doorbell\n",
	       (unsigned long long)seed, (unsigned long long)rings);

	/* 5. a read error on the record: counted, idle at once, the register doorbell works */
	srtpo_card_step(card, SRTPO_HW_SHADOW_IDLE_CLOCKS + 2000);
	CHECK(card_state() & IDLE_BIT, "not idle before the read-error check");
	s0 = srtpo_card_read32(card, SRTPO_GLB_CNT_RD_ERR);
	srtpo_card_sim_fault(card, SRTPO_FAULT_RD_ERR, 0, 1);
	/* wake with no new work: the next read on the bus is the record's */
	srtpo_card_write32(card, SRTPO_QU(Q, SRTPO_QU_SQ_TAIL), ring.sq_tail);
	srtpo_card_step(card, 2000);
	CHECK(srtpo_card_read32(card, SRTPO_GLB_CNT_RD_ERR) == s0 + 1, "record read error not counted");
	CHECK(card_state() & IDLE_BIT, "card_state 0x%08x: not idle after a record read error",
	      card_state());
	CHECK(!(srtpo_card_read32(card, SRTPO_QU(Q, SRTPO_QU_STATUS)) & SRTPO_QP_STATUS_WR_ERR_MASK),
	      "a record read error marked the queue WR_ERR");
	{
		static struct srtpo_op ops[CELLS];
		static uint8_t bufs[CELLS][1500];
		uint16_t first = next_id;

		post_packets(ops, bufs, 4);
		srtpo_card_write32(card, SRTPO_QU(Q, SRTPO_QU_SQ_TAIL), ring.sq_tail);
		ring.sq_rung = ring.sq_tail;
		reap(4, first, 200000, "register doorbell after a record read error");
		check_packets(ops, 4, "register doorbell after a record read error");
	}
	burst(2, 0, "after the read error");

	/* 6. a failed card_state write: counted in CNT_WR_ERR, but the queue is not WR_ERR (no
	 * packet data was lost) and the card_state write is no data burst, so later completions are
	 * written as usual, OK and in order, once their own data is acknowledged */
	srtpo_card_step(card, SRTPO_HW_SHADOW_IDLE_CLOCKS + 2000);
	CHECK(card_state() & IDLE_BIT, "not idle before the write-error check");
	s0 = srtpo_card_read32(card, SRTPO_GLB_CNT_WR_ERR);
	srtpo_card_sim_fault(card, SRTPO_FAULT_WR_ERR, 0, 1);
	/* wake with no new work: the next write on the bus is card_state IDLE=0 */
	srtpo_card_write32(card, SRTPO_QU(Q, SRTPO_QU_SQ_TAIL), ring.sq_tail);
	srtpo_card_step(card, 2000);
	CHECK(srtpo_card_read32(card, SRTPO_GLB_CNT_WR_ERR) == s0 + 1,
	      "failed card_state write not counted");
	CHECK(!(srtpo_card_read32(card, SRTPO_QU(Q, SRTPO_QU_STATUS)) & SRTPO_QP_STATUS_WR_ERR_MASK),
	      "a failed card_state write marked the queue WR_ERR");
	for (int i = 0; i < 5; i++)
		burst(1 + rnd() % CELLS, 0, "after a failed card_state write");

	srtpo_card_sim_stats(card, &st);
	CHECK(st.outside == 0, "%llu DMA accesses outside host memory", (unsigned long long)st.outside);
	srtpo_sw_engine_destroy(sw);
	srtpo_card_close(card);
	printf("test-shadow: seed %llu: PASS (%llu clocks)\n", (unsigned long long)seed,
	       (unsigned long long)st.clocks);
	return 0;
}
