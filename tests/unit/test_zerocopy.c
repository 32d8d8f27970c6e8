/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_zerocopy.c - packet buffers the card reaches (srtpo_packet_buf_alloc) on the simulated
 * card give exactly what the software engine gives.
 *
 * Four sessions with the same streams: a sender and a receiver on the software engine, and a
 * sender and a receiver over the card model (libsrtpo_sim.so, attached through
 * srtpo_backend_attach so that the test holds the transport and can inject faults). Bursts and
 * async bursts mix, packet by packet, window buffers in place, window buffers at an offset the
 * card cannot take as they are, window buffers as the output of an ordinary input, and ordinary
 * memory. Every packet must come back with the software engine's status, length and bytes;
 * forged and replayed packets must leave their bytes as they were. Then the same with read
 * errors, write errors, a bus stalled past the timeout and a lost device: nothing lost,
 * duplicated or corrupted. Last, the buffers themselves: capacity, exhaustion (NULL, ENOMEM),
 * wiping on free, double and foreign frees refused.
 *
 * Then all of it again with outputs in place (no copy out) and the shadow doorbell: the card
 * path does the first only when the card says CAP_FEATURES.CPL_AFTER_WRITE (a completion only
 * after its writes were acknowledged, failed writes completed as WR_ERR) and uses the second
 * when it says SHADOW_DB. The RTL of this tree has neither yet, so a thin transport over the
 * model reports both and plays the card's side of the shadow record (it polls the record when
 * the library lets time pass, forwards new tails and heads to the model's registers, goes idle
 * now and then and reads the record once more after saying so). That pass leaves out the
 * write-error fault, which needs the RTL's half of the contract; timeouts (stop, drain, take
 * what arrived, redo the rest) and read errors run in place. It also checks what the host
 * pays in steady state: no register read, at most one register doorbell per burst.
 *
 *   test_zerocopy        SRTPO_SIM_LIB names libsrtpo_sim.so (make test-zerocopy-sim)
 */
#include <dlfcn.h>
#include <errno.h>

#include "testutil.h"
#include "card.h"
#include "pktbuf.h"
#include "srtpo_regs.h"

#define STREAMS  12
#define BURST    32
#define ROUNDS   24
#define PKT_MAX  1200
#define CAP      (PKT_MAX + SRTPO_MAX_TRAILER)

static const uint8_t key[16] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 11, 12, 13, 14, 15, 16 };
static const uint8_t salt[14] = { 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27 };

static struct srtpo_card *(*open_sim)(const struct srtpo_card_sim_cfg *);
static int (*sim_fault)(struct srtpo_card *, int, uint32_t, uint64_t);

/* How a card-side packet is placed (the software side always uses ordinary memory). */
enum place {
	PL_WIN_INPLACE,      /* a window buffer, in == out: goes to the card as it is */
	PL_WIN_OFFSET,       /* in place at +32 in a window buffer: not aligned, copied */
	PL_WIN_OUT,          /* ordinary input, a window buffer as output */
	PL_HEAP_INPLACE,     /* ordinary memory, in place */
	PL_COUNT
};

struct side {
	srtpo_session_t *tx, *rx;
	struct srtpo_card *card[2];   /* card sides: the transports of tx and rx */
	uint8_t *win[2][BURST];       /* card sides: window buffers of tx [0] and rx [1] */
	uint8_t **buf;                /* the set of the session at work */
	uint8_t heap[BURST][CAP];
	uint8_t in[BURST][CAP];       /* ordinary inputs for PL_WIN_OUT */
	srtpo_packet_t pk[BURST];
};

static struct side sw, hw;
static int inplace_pass;
static void sec(const char *name);

/* The model, reporting CPL_AFTER_WRITE and SHADOW_DB, the record played here (see the top). */
struct claim {
	struct srtpo_card base;
	struct srtpo_card *inner;
	struct { uint8_t *p; uint64_t bus; size_t n; } mem[8];   /* what dma_alloc gave */
	uint32_t nmem;
	uint64_t rec_bus;
	volatile struct srtpo_hw_shadow *rec;
	uint16_t tail, head;      /* as last given to the model's registers */
	int idle;
	uint64_t quiet;           /* clocks with nothing new in the record */
	uint64_t idles, wakeups;
};

static struct claim *claim_of(struct srtpo_card *c)
{
	return (struct claim *)c;
}

static struct srtpo_card *inner_of(struct srtpo_card *c)
{
	return claim_of(c)->inner;
}

/* Gives the model what the record holds that it does not have yet. Returns 1 if anything. */
static int rec_forward(struct claim *cl)
{
	uint16_t t = cl->rec->sq_tail, h = cl->rec->cq_head;
	int news = 0;

	if (h != cl->head) {
		srtpo_card_write32(cl->inner, SRTPO_QU(0, SRTPO_QU_CQ_HEAD), h);
		cl->head = h;
	}
	if (t != cl->tail) {
		srtpo_card_write32(cl->inner, SRTPO_QU(0, SRTPO_QU_SQ_TAIL), t);
		cl->tail = t;
		news = 1;
	}
	return news;
}

/* The card's poll of the record, whenever the host lets time pass or reads a register. */
static void rec_poll(struct claim *cl, uint64_t clocks)
{
	if (!cl->rec || cl->idle)
		return;
	if (rec_forward(cl)) {
		cl->quiet = 0;
		return;
	}
	cl->quiet += clocks;
	if (cl->quiet < SRTPO_HW_SHADOW_IDLE_CLOCKS)
		return;
	/* nothing new for a while: say idle, then read the record once more */
	cl->rec->card_state = (cl->rec->card_state & 0xffff0000u) + 0x10000u + 1u;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	cl->idle = 1;
	cl->idles++;
	cl->quiet = 0;
	if (rec_forward(cl)) {
		cl->rec->card_state &= ~1u;
		cl->idle = 0;
	}
}

static uint32_t cl_read32(struct srtpo_card *c, uint32_t off)
{
	uint32_t v;

	rec_poll(claim_of(c), 0);
	v = srtpo_card_read32(inner_of(c), off);
	return off == SRTPO_FW_CAP_FEATURES && v != UINT32_MAX ?
		v | SRTPO_FW_CAP_FEATURES_CPL_AFTER_WRITE_MASK | SRTPO_FW_CAP_FEATURES_SHADOW_DB_MASK : v;
}

static void cl_write32(struct srtpo_card *c, uint32_t off, uint32_t v)
{
	struct claim *cl = claim_of(c);

	if (off == SRTPO_QP(0, SRTPO_QP_SHADOW_BASE_LO) || off == SRTPO_QP(0, SRTPO_QP_SHADOW_BASE_HI)) {
		if (off == SRTPO_QP(0, SRTPO_QP_SHADOW_BASE_LO))
			cl->rec_bus = (cl->rec_bus & ~0xffffffffull) | v;
		else
			cl->rec_bus = (cl->rec_bus & 0xffffffffull) | (uint64_t)v << 32;
		cl->rec = NULL;
		for (uint32_t i = 0; i < cl->nmem; i++)
			if (cl->rec_bus >= cl->mem[i].bus && cl->rec_bus + 64 <= cl->mem[i].bus + cl->mem[i].n)
				cl->rec = (volatile struct srtpo_hw_shadow *)(cl->mem[i].p + (cl->rec_bus -
											   cl->mem[i].bus));
		return;
	}
	srtpo_card_write32(cl->inner, off, v);
	if (off == SRTPO_QU(0, SRTPO_QU_SQ_TAIL) && cl->rec) {
		/* the wake-up: poll again, with the head the record holds */
		cl->tail = (uint16_t)v;
		cl->idle = 0;
		cl->rec->card_state &= ~1u;
		cl->wakeups++;
		rec_forward(cl);
	} else if (off == SRTPO_QP(0, SRTPO_QP_CTRL) && (v & SRTPO_QP_CTRL_RESET_MASK)) {
		cl->tail = cl->head = 0;
		cl->idle = 0;
		if (cl->rec)
			cl->rec->card_state &= ~1u;
	}
}

static void *cl_dma_alloc(struct srtpo_card *c, size_t size, size_t align, uint64_t *bus)
{
	struct claim *cl = claim_of(c);
	uint8_t *p = srtpo_card_dma_alloc(cl->inner, size, align, bus);

	if (p && cl->nmem < 8) {
		cl->mem[cl->nmem].p = p;
		cl->mem[cl->nmem].bus = *bus;
		cl->mem[cl->nmem++].n = size;
	}
	return p;
}

static uint32_t cl_wait_irq(struct srtpo_card *c, uint32_t mask, uint64_t timeout)
{
	uint32_t got = 0;

	/* in slices, so that the record is polled while the host sleeps */
	for (uint64_t t = 0; t < timeout && !got; t += 64) {
		rec_poll(claim_of(c), 64);
		got = srtpo_card_wait_irq(inner_of(c), mask, 64);
	}
	return got;
}

static void cl_step(struct srtpo_card *c, uint64_t clocks)
{
	rec_poll(claim_of(c), clocks);
	srtpo_card_step(inner_of(c), clocks);
}

static void cl_close(struct srtpo_card *c)
{
	srtpo_card_close(inner_of(c));
	free(c);
}

static const struct srtpo_card_ops claim_ops = { cl_read32, cl_write32, cl_dma_alloc, cl_wait_irq,
						 cl_step, cl_close, NULL, NULL, NULL };

static struct srtpo_card *claim_open(struct srtpo_card *inner)
{
	struct claim *c = calloc(1, sizeof(*c));

	if (!c || !inner) {
		free(c);
		srtpo_card_close(inner);
		return NULL;
	}
	c->base.ops = &claim_ops;
	c->inner = inner;
	return &c->base;
}

static srtpo_session_t *session(struct srtpo_card **card)
{
	srtpo_session_config_t cfg = { SRTPO_BACKEND_SW, 0, NULL };
	srtpo_master_key_t mk;
	srtpo_policy_t pol;
	srtpo_session_t *s = NULL;
	int rc = srtpo_create(&s, NULL, 0, &cfg);

	CHECK(rc == SRTPO_OK && s, "srtpo_create = %d", rc);
	if (!s)
		exit(1);
	if (card) {
		/* every key slot the model has, as the SIM backend takes them */
		*card = open_sim(NULL);
		if (inplace_pass)
			*card = claim_open(*card);
		CHECK(*card != NULL, "the card model does not open");
		if (!*card)
			exit(1);
		CHECK_RC(srtpo_backend_attach(s, *card, 0, 0,
					      srtpo_card_read32(*card, SRTPO_FW_CAP_SLOTS)), SRTPO_OK);
		/* a short timeout keeps the stall case quick */
		srtpo_card_sim_set_timeout(srtpo_backend_queue(s), 20000);
	}
	for (uint32_t i = 0; i < STREAMS; i++) {
		tu_policy(&pol, &mk, i & 1 ? SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32
					   : SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80,
			  SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, key, salt, 0x5000 + i);
		pol.window_size = 256;
		CHECK_RC(srtpo_add_stream(s, &pol), SRTPO_OK);
	}
	return s;
}

/* The packets of one round: RTP on random streams, random sizes, sequence numbers in order. */
struct round {
	uint8_t plain[BURST][CAP];
	size_t len[BURST];
	enum place place[BURST];
};

static uint16_t seqs[STREAMS];

static void make_round(struct round *r)
{
	for (int i = 0; i < BURST; i++) {
		uint32_t st = (uint32_t)(tu_rand() % STREAMS);

		r->len[i] = tu_rtp(r->plain[i], seqs[st]++, 0x5000 + st, (unsigned)(tu_rand() % 3),
				   tu_rand() % 4 ? -1 : (int)(tu_rand() % 4),
				   tu_rand() % 3 ? 160 : tu_rand() % (PKT_MAX - 80));
		r->place[i] = (enum place)(tu_rand() % PL_COUNT);
	}
}

/* Points pk[i] at the packet bytes of the side: data is copied into where the input lives. */
static void place(struct side *sd, int card, int i, enum place pl, const uint8_t *data, size_t len)
{
	srtpo_packet_t *p = &sd->pk[i];
	uint8_t *out;

	if (!card)
		pl = PL_HEAP_INPLACE;
	switch (pl) {
	case PL_WIN_INPLACE:
		out = sd->buf[i];
		break;
	case PL_WIN_OFFSET:
		out = sd->buf[i] + 32;
		break;
	case PL_WIN_OUT:
		memcpy(sd->in[i], data, len);
		p->in = sd->in[i];
		p->in_len = len;
		p->out = sd->buf[i];
		p->out_cap = SRTPO_PACKET_BUF_SIZE;
		p->status = 12345;
		return;
	default:
		out = sd->heap[i];
		break;
	}
	memcpy(out, data, len);
	p->in = out;
	p->in_len = len;
	p->out = out;
	p->out_cap = pl == PL_WIN_OFFSET ? SRTPO_PACKET_BUF_SIZE - 32 : CAP;
	p->status = 12345;
}

/* Compares the card side's packets with the software side's: status, length, bytes. */
static size_t compare(const char *what, int n)
{
	size_t bad = 0;

	for (int i = 0; i < n; i++) {
		const srtpo_packet_t *a = &hw.pk[i], *b = &sw.pk[i];
		size_t len = a->status == SRTPO_OK ? a->out_len : a->in_len;

		if (a->status != b->status || (a->status == SRTPO_OK && a->out_len != b->out_len) ||
		    memcmp(a->status == SRTPO_OK ? a->out : a->in, b->status == SRTPO_OK ? b->out : b->in,
			   len)) {
			if (bad++ < 4)
				tu_fail_msg(__FILE__, __LINE__, "%s packet %d: card %d (%zu bytes), sw %d (%zu)",
					    what, i, a->status, a->out_len, b->status, b->out_len);
		}
	}
	return bad;
}

typedef size_t (*burst_fn)(srtpo_session_t *, srtpo_packet_t *, size_t);

/* Runs the side's burst synchronously or through submit/poll. */
static void run(struct side *sd, srtpo_session_t *s, int protect, int async, int n)
{
	srtpo_completion_t done;

	if (!async) {
		(protect ? srtpo_protect_burst : srtpo_unprotect_burst)(s, sd->pk, (size_t)n);
		return;
	}
	CHECK_RC(srtpo_submit(s, protect ? SRTPO_DIR_PROTECT : SRTPO_DIR_UNPROTECT, sd->pk,
			      (size_t)n, sd), SRTPO_OK);
	CHECK(srtpo_poll(s, &done, 1, 1) == 1 && done.user == sd && done.n == (size_t)n,
	      "async burst not collected");
}

/*
 * One round: protect on both sides (same bytes), then unprotect what the software side made,
 * with some packets forged and some repeated, on both sides (same statuses and bytes; a
 * rejected packet keeps the bytes it had). Returns the packets that differed.
 */
static size_t round_trip(struct round *r, int async, const char *what)
{
	static uint8_t wire[BURST][CAP], before[BURST][CAP];
	size_t bad = 0, wlen[BURST];
	int n = BURST;

	hw.buf = hw.win[0];
	for (int i = 0; i < n; i++) {
		place(&sw, 0, i, r->place[i], r->plain[i], r->len[i]);
		place(&hw, 1, i, r->place[i], r->plain[i], r->len[i]);
		sw.pk[i].out_cap = hw.pk[i].out_cap;
	}
	hw.buf = hw.win[0];
	run(&sw, sw.tx, 1, 0, n);
	run(&hw, hw.tx, 1, async, n);
	bad += compare(what, n);
	for (int i = 0; i < n; i++) {
		CHECK_EQ(sw.pk[i].status, SRTPO_OK);
		memcpy(wire[i], sw.pk[i].out, sw.pk[i].out_len);
		wlen[i] = sw.pk[i].out_len;
	}
	/* forge a few, repeat a few (the copy of an earlier packet of this burst) */
	for (int i = 0; i < n; i++) {
		uint32_t k = (uint32_t)(tu_rand() % 8);

		if (k == 0)
			wire[i][12 + tu_rand() % (wlen[i] - 12)] ^= (uint8_t)(1u << (tu_rand() % 8));
		else if (k == 1 && i > 0) {
			int j = (int)(tu_rand() % (uint32_t)i);

			memcpy(wire[i], wire[j], wlen[j]);
			wlen[i] = wlen[j];
		}
	}
	hw.buf = hw.win[1];
	for (int i = 0; i < n; i++) {
		place(&sw, 0, i, r->place[i], wire[i], wlen[i]);
		place(&hw, 1, i, r->place[i], wire[i], wlen[i]);
		sw.pk[i].out_cap = hw.pk[i].out_cap;
		memcpy(before[i], wire[i], wlen[i]);
	}
	run(&sw, sw.rx, 0, 0, n);
	run(&hw, hw.rx, 0, async, n);
	bad += compare(what, n);
	for (int i = 0; i < n; i++) {
		const srtpo_packet_t *p = &hw.pk[i];

		if (p->status == SRTPO_OK)
			continue;
		/* rejected: the card side's bytes as they were (input, and output when in place) */
		if (memcmp(p->in, before[i], wlen[i])) {
			if (bad++ < 4)
				tu_fail_msg(__FILE__, __LINE__, "%s packet %d: rejected (%d) but changed",
					    what, i, p->status);
		}
	}
	return bad;
}

static void counts(srtpo_session_t *s, srtpo_session_stats_t *st)
{
	CHECK_RC(srtpo_session_stats(s, st), SRTPO_OK);
}

static void test_mixed(void)
{
	static struct round r;
	srtpo_session_stats_t st;
	size_t bad = 0;
	uint64_t zc_before;

	sec("mixed bursts, sync and async");
	struct srtpo_card_counters c0, c1;

	counts(hw.tx, &st);
	zc_before = st.card_ops;
	/* a first round loads the keys; the rest is steady state */
	make_round(&r);
	bad += round_trip(&r, 0, "burst");
	srtpo_backend_card_counters(hw.tx, &c0);
	for (int k = 1; k < ROUNDS; k++) {
		/* now and then a pause long enough for the card to go idle */
		if (k % 6 == 0) {
			srtpo_card_step(hw.card[0], 2 * SRTPO_HW_SHADOW_IDLE_CLOCKS);
			srtpo_card_step(hw.card[1], 2 * SRTPO_HW_SHADOW_IDLE_CLOCKS);
		}
		make_round(&r);
		bad += round_trip(&r, k & 1, k & 1 ? "async" : "burst");
	}
	srtpo_backend_card_counters(hw.tx, &c1);
	printf("    protect, %d bursts: %llu register reads, %llu register doorbells, %llu through "
	       "the shadow record\n", ROUNDS - 1, (unsigned long long)(c1.mmio_reads - c0.mmio_reads),
	       (unsigned long long)(c1.doorbells - c0.doorbells),
	       (unsigned long long)(c1.shadow_db - c0.shadow_db));
	CHECK(c1.doorbells - c0.doorbells + c1.shadow_db - c0.shadow_db <= (uint64_t)ROUNDS - 1,
	      "more than one doorbell per burst");
	if (inplace_pass) {
		struct claim *cl = claim_of(hw.card[0]);

		CHECK(c1.mmio_reads == c0.mmio_reads, "%llu register reads in steady state",
		      (unsigned long long)(c1.mmio_reads - c0.mmio_reads));
		CHECK(c1.shadow_db > c0.shadow_db, "no tail went through the shadow record");
		CHECK(cl->rec && cl->idles > 0 && cl->wakeups > 0,
		      "the record was not exercised (idle %llu, wake-ups %llu)",
		      (unsigned long long)cl->idles, (unsigned long long)cl->wakeups);
	}
	CHECK(bad == 0, "%zu packets differ from the software engine", bad);
	counts(hw.tx, &st);
	CHECK(st.card_ops - zc_before >= (uint64_t)ROUNDS * BURST * 9 / 10,
	      "the card did only %llu of %d protects", (unsigned long long)(st.card_ops - zc_before),
	      ROUNDS * BURST);
	CHECK(st.sw_redo == 0, "%llu packets redone without a fault", (unsigned long long)st.sw_redo);
	counts(hw.rx, &st);
	CHECK(st.card_ops > 0, "the card unprotected nothing");
}

/* A section named after the pass it is in. */
static void sec(const char *name)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "%s%s", inplace_pass ? "in place: " : "", name);
	tu_section(buf);
}

/* The model under card side i's transport. */
static struct srtpo_card *model(int i)
{
	return inplace_pass ? inner_of(hw.card[i]) : hw.card[i];
}

static void test_faults(void)
{
	static struct round r;
	struct { int kind; uint64_t count; const char *name; } f[] = {
		{ SRTPO_FAULT_RD_ERR, 3, "read errors" },
		{ SRTPO_FAULT_WR_ERR, 2, "write errors" },
		{ SRTPO_FAULT_STALL, 30000, "bus stalled past the timeout" },
		{ SRTPO_FAULT_LOST, 0, "device lost" },
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		srtpo_session_stats_t a0, a1, b0, b1;
		size_t bad = 0;

		if (inplace_pass && f[i].kind == SRTPO_FAULT_WR_ERR)
			continue;
		sec(f[i].name);
		counts(hw.tx, &a0);
		counts(hw.rx, &b0);
		for (int k = 0; k < 4; k++) {
			make_round(&r);
			for (int j = 0; j < BURST; j++)
				r.place[j] = j % 3 ? PL_WIN_INPLACE : (enum place)(tu_rand() % PL_COUNT);
			/* the fault hits both card sessions' next bursts */
			if (k == 0 || f[i].kind == SRTPO_FAULT_LOST) {
				sim_fault(model(0), f[i].kind, 0, f[i].count);
				sim_fault(model(1), f[i].kind, 0, f[i].count);
			}
			bad += round_trip(&r, k & 1, f[i].name);
		}
		counts(hw.tx, &a1);
		counts(hw.rx, &b1);
		CHECK(bad == 0, "%s: %zu packets differ from the software engine", f[i].name, bad);
		CHECK(a1.sw_redo > a0.sw_redo && b1.sw_redo > b0.sw_redo,
		      "%s: the software engine took nothing over (%llu, %llu)", f[i].name,
		      (unsigned long long)(a1.sw_redo - a0.sw_redo),
		      (unsigned long long)(b1.sw_redo - b0.sw_redo));
		if (f[i].kind != SRTPO_FAULT_LOST) {
			sim_fault(model(0), SRTPO_FAULT_CLEAR, 0, 0);
			sim_fault(model(1), SRTPO_FAULT_CLEAR, 0, 0);
			srtpo_card_step(hw.card[0], 40000);
			srtpo_card_step(hw.card[1], 40000);
			/* and the card takes work again */
			counts(hw.tx, &a0);
			make_round(&r);
			CHECK(round_trip(&r, 0, "after the fault") == 0, "%s: wrong after", f[i].name);
			counts(hw.tx, &a1);
			CHECK(a1.card_ops - a0.card_ops == BURST, "%s: card did %llu of %d after",
			      f[i].name, (unsigned long long)(a1.card_ops - a0.card_ops), BURST);
		}
	}
}

static void test_buffers(srtpo_session_t *s, srtpo_session_t *soft)
{
	int cm = -1;
	size_t cap = srtpo_packet_buf_capacity(s, &cm), got = 0;
	uint8_t **all = calloc(cap + 1, sizeof(*all));
	uint8_t *p, *q;

	sec("buffers: capacity, exhaustion, wiping");
	CHECK(cm == 1 && cap >= 1024 && cap < 100000, "capacity %zu, card memory %d", cap, cm);
	CHECK(srtpo_packet_buf_capacity(soft, &cm) == SIZE_MAX && cm == 0,
	      "software backend: capacity SIZE_MAX, ordinary memory");
	errno = 0;
	CHECK(srtpo_packet_buf_alloc(NULL) == NULL && errno == EINVAL, "NULL session: EINVAL");
	if (!all)
		return;
	/* the burst tests hold BURST buffers */
	while ((p = srtpo_packet_buf_alloc(s)) != NULL && got <= cap) {
		CHECK(((uintptr_t)p & 63) == 0, "buffer %zu not 64-byte aligned", got);
		all[got++] = p;
	}
	CHECK(got == cap - BURST, "handed out %zu of %zu", got, cap - BURST);
	errno = 0;
	CHECK(srtpo_packet_buf_alloc(s) == NULL && errno == ENOMEM, "exhausted: NULL and ENOMEM");
	for (size_t i = 1; i < got; i++)
		CHECK(all[i] != all[i - 1], "buffer handed out twice");
	/* freed buffers are wiped (window memory stays mapped while the session lives) */
	p = all[got - 1];
	memset(p, 0xa5, SRTPO_PACKET_BUF_SIZE);
	srtpo_packet_buf_free(s, p);
	{
		size_t nz = 0;

		for (size_t i = 0; i < SRTPO_PACKET_BUF_SIZE; i++)
			nz += p[i] != 0;
		CHECK(nz == 0, "%zu bytes left after free", nz);
	}
	/* a second free, an inner pointer, ordinary memory: refused, nothing changes */
	srtpo_packet_buf_free(s, p);
	srtpo_packet_buf_free(s, all[0] + 64);
	srtpo_packet_buf_free(s, (uint8_t *)all);
	q = srtpo_packet_buf_alloc(s);
	CHECK(q == p, "the freed buffer comes back");
	errno = 0;
	CHECK(srtpo_packet_buf_alloc(s) == NULL && errno == ENOMEM, "a double free added nothing");
	all[got - 1] = q;
	for (size_t i = 0; i < got; i++)
		srtpo_packet_buf_free(s, all[i]);
	CHECK(srtpo_packet_buf_alloc(s) != NULL, "buffers come back after free");
	free(all);

	/* software backend: ordinary memory, aligned, wiped on free (checked by valgrind runs of
	 * the unit tests for leaks), one left for srtpo_destroy to release */
	p = srtpo_packet_buf_alloc(soft);
	q = srtpo_packet_buf_alloc(soft);
	CHECK(p && q && !((uintptr_t)p & 63) && !((uintptr_t)q & 63), "software buffers");
	if (p)
		memset(p, 1, SRTPO_PACKET_BUF_SIZE);
	srtpo_packet_buf_free(soft, p);
	srtpo_packet_buf_free(s, q);    /* another session's: refused */
}

int main(void)
{
	const char *path = getenv("SRTPO_SIM_LIB");
	void *dl = dlopen(path && *path ? path : "libsrtpo_sim.so", RTLD_NOW | RTLD_LOCAL);

	if (!dl) {
		fprintf(stderr, "test_zerocopy: cannot load the card model: %s\n", dlerror());
		return 1;
	}
	*(void **)&open_sim = dlsym(dl, "srtpo_card_open_sim");
	*(void **)&sim_fault = dlsym(dl, "srtpo_card_sim_fault");
	if (!open_sim || !sim_fault) {
		fprintf(stderr, "test_zerocopy: the model library lacks its entry points\n");
		return 1;
	}
	for (inplace_pass = 0; inplace_pass < 2; inplace_pass++) {
	tu_section_end();
	printf(inplace_pass ? "outputs in place, shadow doorbell (CPL_AFTER_WRITE, SHADOW_DB claimed):\n" :
			      "the model as it is (its CAP_FEATURES choose the path: in place with CPL_AFTER_WRITE):\n");
	memset(seqs, 0, sizeof(seqs));
	sw.tx = session(NULL);
	sw.rx = session(NULL);
	hw.tx = session(&hw.card[0]);
	hw.rx = session(&hw.card[1]);
	/* card sides: window buffers for the packets, each session its own window's */
	for (int i = 0; i < BURST; i++) {
		hw.win[0][i] = srtpo_packet_buf_alloc(hw.tx);
		hw.win[1][i] = srtpo_packet_buf_alloc(hw.rx);
		CHECK(hw.win[0][i] && hw.win[1][i], "no window buffer");
		if (!hw.win[0][i] || !hw.win[1][i])
			return tu_summary("test_zerocopy");
	}
	test_mixed();
	test_faults();
	test_buffers(hw.tx, sw.tx);
	srtpo_destroy(sw.tx);
	srtpo_destroy(sw.rx);
	srtpo_destroy(hw.tx);
	srtpo_destroy(hw.rx);
	srtpo_card_close(hw.card[0]);
	srtpo_card_close(hw.card[1]);
	}
	dlclose(dl);
	return tu_summary("test_zerocopy");
}
