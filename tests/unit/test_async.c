/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_async.c - srtpo_submit / srtpo_poll give exactly what the burst calls give.
 *
 * Twin sessions with the same streams: one runs every burst with srtpo_*_burst, the other submits
 * the same bursts asynchronously (up to SRTPO_ASYNC_DEPTH in flight, polled at random moments).
 * Protect must give the same bytes; unprotect of a call with repeats (inside one burst and across
 * bursts in flight), forged and malformed packets, template clones, in-place and out-of-place
 * packets must give the same status, length and bytes per packet, and the same stream counters.
 * Two streams have a key derivation rate, so some bursts cross a re-keying boundary.
 *
 *   test_async            software engine
 *   test_async sim        the simulated card (SRTPO_SIM_LIB names libsrtpo_sim.so)
 */
#include "testutil.h"

#define STREAMS    24
#define CLONED     6        /* SSRCs known to the sender only: receivers clone the template */
#define PACKETS    6000
#define PKT_MAX    1400
#define CAP        (PKT_MAX + SRTPO_MAX_TRAILER)

static srtpo_backend_t backend = SRTPO_BACKEND_SW;

static const uint8_t key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const uint8_t salt[14] = { 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34 };

struct pkt {
	uint8_t in[CAP];
	size_t len;
	int rtcp;
	int in_place;
};

static struct pkt *plain, *wire;
static uint8_t (*out_sync)[CAP], (*out_async)[CAP];
static srtpo_packet_t *pk_sync, *pk_async;

static srtpo_session_t *session(int receiver)
{
	srtpo_session_config_t cfg = { backend, 0, NULL };
	srtpo_master_key_t mk;
	srtpo_policy_t pol;
	srtpo_session_t *s = NULL;
	int rc = srtpo_create(&s, NULL, 0, &cfg);

	CHECK(rc == SRTPO_OK && s, "srtpo_create = %d (%s)", rc, srtpo_strerror(rc));
	if (!s)
		exit(1);
	for (uint32_t i = 0; i < STREAMS; i++) {
		if (receiver && i >= STREAMS - CLONED)
			break;
		tu_policy(&pol, &mk, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80,
			  key, salt, 0x1000 + i);
		pol.window_size = 128;
		/* two streams re-derive their session keys every 64 packets: a burst that crosses
		 * such a boundary drains what is in flight and runs in step */
		if (i < 2)
			pol.kdr = 64;
		CHECK_RC(srtpo_add_stream(s, &pol), SRTPO_OK);
	}
	if (receiver) {
		tu_policy(&pol, &mk, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80,
			  key, salt, 0);
		pol.ssrc_type = SRTPO_SSRC_ANY_INBOUND;
		pol.window_size = 128;
		CHECK_RC(srtpo_add_stream(s, &pol), SRTPO_OK);
	}
	return s;
}

/* The call: RTP and RTCP of every stream in a random order, sequence numbers mostly in order. */
static void make_call(void)
{
	uint16_t seq[STREAMS];

	for (int i = 0; i < STREAMS; i++)
		seq[i] = (uint16_t)tu_rand();
	for (int i = 0; i < PACKETS; i++) {
		int st = (int)(tu_rand() % STREAMS);

		plain[i].rtcp = tu_rand() % 10 == 0;
		plain[i].in_place = tu_rand() % 2;
		if (plain[i].rtcp)
			plain[i].len = tu_rtcp(plain[i].in, 0x1000 + (uint32_t)st, 24 * (tu_rand() % 3));
		else
			plain[i].len = tu_rtp(plain[i].in, seq[st]++, 0x1000 + (uint32_t)st,
					      (unsigned)(tu_rand() % 3), tu_rand() % 4 ? -1 : 1,
					      (size_t)(tu_rand() % 4 ? 160 : 40 + tu_rand() % 1200));
	}
}

/* Bursts of RTP or RTCP only, as the burst calls take one kind: [from, to) of one kind. */
static size_t kind_run(const struct pkt *p, size_t from, size_t n, size_t max)
{
	size_t to = from + 1;

	while (to < n && to - from < max && p[to].rtcp == p[from].rtcp)
		to++;
	return to;
}

static void fill(srtpo_packet_t *pk, const struct pkt *p, uint8_t *out)
{
	memcpy(out, p->in, p->len);
	pk->in = p->in_place ? out : p->in;
	pk->in_len = p->len;
	pk->out = out;
	pk->out_cap = CAP;
	pk->out_len = 0;
	pk->status = 12345;
}

static size_t (*const burst_fn[4])(srtpo_session_t *, srtpo_packet_t *, size_t) = {
	srtpo_protect_burst, srtpo_unprotect_burst, srtpo_protect_rtcp_burst,
	srtpo_unprotect_rtcp_burst,
};

/*
 * Runs packets[0..n) through `sync` with burst calls and through `async` with submit/poll, in the
 * same bursts; in-place packets start from a copy in out_*. Compares every packet.
 */
static void twin_run(srtpo_session_t *sync, srtpo_session_t *async, struct pkt *p, size_t n,
		     int protect, const char *what)
{
	size_t from = 0, mismatches = 0, submitted = 0, collected = 0;
	srtpo_completion_t done[SRTPO_ASYNC_DEPTH];

	while (from < n || srtpo_pending(async)) {
		if (from < n && srtpo_pending(async) < SRTPO_ASYNC_DEPTH && tu_rand() % 4) {
			size_t to = kind_run(p, from, n, 1 + tu_rand() % SRTPO_ASYNC_BURST);
			int dir = (p[from].rtcp ? 2 : 0) + !protect;

			for (size_t i = from; i < to; i++) {
				fill(&pk_sync[i], &p[i], out_sync[i]);
				fill(&pk_async[i], &p[i], out_async[i]);
			}
			burst_fn[dir](sync, &pk_sync[from], to - from);
			CHECK_RC(srtpo_submit(async, (srtpo_dir_t)dir, &pk_async[from], to - from,
					      (void *)(uintptr_t)from), SRTPO_OK);
			submitted++;
			from = to;
			continue;
		}
		size_t got = srtpo_poll(async, done, 1 + tu_rand() % SRTPO_ASYNC_DEPTH, tu_rand() % 2);

		for (size_t k = 0; k < got; k++) {
			size_t first = (size_t)(uintptr_t)done[k].user, ok = 0;

			CHECK(done[k].pkts == &pk_async[first], "completion order");
			for (size_t i = first; i < first + done[k].n; i++) {
				const srtpo_packet_t *a = &pk_async[i], *b = &pk_sync[i];

				ok += a->status == SRTPO_OK;
				if (a->status != b->status || (a->status == SRTPO_OK &&
				    (a->out_len != b->out_len ||
				     memcmp(out_async[i], out_sync[i], a->out_len))) ||
				    (a->status != SRTPO_OK && memcmp(out_async[i], out_sync[i], p[i].len))) {
					if (mismatches++ < 5)
						tu_fail_msg(__FILE__, __LINE__,
							    "%s packet %zu: async %d (%zu bytes), sync %d (%zu)",
							    what, i, a->status, a->out_len, b->status,
							    b->out_len);
				}
			}
			CHECK_EQ(done[k].ok, ok);
			collected++;
		}
	}
	CHECK(mismatches == 0, "%s: %zu packets differ", what, mismatches);
	CHECK_EQ(collected, submitted);
}

static void check_stats(srtpo_session_t *a, srtpo_session_t *b)
{
	for (uint32_t i = 0; i < STREAMS - CLONED; i++) {
		srtpo_stream_stats_t x, y;

		CHECK_RC(srtpo_stream_stats(a, 0x1000 + i, &x), SRTPO_OK);
		CHECK_RC(srtpo_stream_stats(b, 0x1000 + i, &y), SRTPO_OK);
		CHECK(!memcmp(&x, &y, sizeof(x)), "stream %x counters differ: unprotected %llu/%llu "
		      "replays %llu/%llu auth %llu/%llu", 0x1000 + i,
		      (unsigned long long)x.rtp_unprotected, (unsigned long long)y.rtp_unprotected,
		      (unsigned long long)x.replays, (unsigned long long)y.replays,
		      (unsigned long long)x.auth_failures, (unsigned long long)y.auth_failures);
	}
}

int main(int argc, char **argv)
{
	srtpo_session_t *tx_sync, *tx_async, *rx_sync, *rx_async;
	size_t n = 0;

	if (argc > 1 && !strcmp(argv[1], "sim"))
		backend = SRTPO_BACKEND_SIM;
	plain = calloc(PACKETS, sizeof(*plain));
	wire = calloc(2 * PACKETS, sizeof(*wire));
	out_sync = calloc(2 * PACKETS, sizeof(*out_sync));
	out_async = calloc(2 * PACKETS, sizeof(*out_async));
	pk_sync = calloc(2 * PACKETS, sizeof(*pk_sync));
	pk_async = calloc(2 * PACKETS, sizeof(*pk_async));
	if (!plain || !wire || !out_sync || !out_async || !pk_sync || !pk_async)
		return 1;
	printf("test_async (%s)\n", backend == SRTPO_BACKEND_SIM ? "simulated card" : "software");

	tu_section("protect: submit/poll == burst calls, byte for byte");
	tx_sync = session(0);
	tx_async = session(0);
	make_call();
	twin_run(tx_sync, tx_async, plain, PACKETS, 1, "protect");
	check_stats(tx_sync, tx_async);

	/* The wire: the protected call with repeats (soon after, likely in flight together, or
	 * in the same burst), forged tags and truncated packets mixed in. */
	for (size_t i = 0; i < PACKETS && n < 2 * PACKETS - 2; i++) {
		if (pk_sync[i].status != SRTPO_OK)
			continue;
		wire[n].len = pk_sync[i].out_len;
		wire[n].rtcp = plain[i].rtcp;
		wire[n].in_place = tu_rand() % 2;
		memcpy(wire[n].in, out_sync[i], wire[n].len);
		n++;
		switch (tu_rand() % 16) {
		case 0: /* a repeat of a recent packet */
		case 1: {
			size_t back = 1 + tu_rand() % (n < 200 ? n : 200);

			wire[n] = wire[n - back];
			n++;
			break;
		}
		case 2: /* forged */
			wire[n] = wire[n - 1];
			wire[n].in[wire[n].len - 1] ^= 0x40;
			n++;
			break;
		case 3: /* truncated */
			wire[n] = wire[n - 1];
			wire[n].len = 7;
			n++;
			break;
		default:
			break;
		}
	}

	tu_section("unprotect with repeats, forgeries, clones == burst calls");
	rx_sync = session(1);
	rx_async = session(1);
	twin_run(rx_sync, rx_async, wire, n, 0, "unprotect");
	check_stats(rx_sync, rx_async);
	CHECK_EQ(srtpo_stream_count(rx_async), srtpo_stream_count(rx_sync));

	tu_section("queue limits, bad arguments, a sync call drains");
	{
		srtpo_completion_t done[SRTPO_ASYNC_DEPTH + 1];
		srtpo_packet_t one[SRTPO_ASYNC_DEPTH + 1];
		uint8_t buf[SRTPO_ASYNC_DEPTH + 1][CAP];
		srtpo_master_key_t mk;
		srtpo_policy_t pol;
		size_t got, len;

		tu_policy(&pol, &mk, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80,
			  SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, key, salt, 0x2000);
		CHECK_RC(srtpo_add_stream(tx_async, &pol), SRTPO_OK);
		for (int i = 0; i <= SRTPO_ASYNC_DEPTH; i++) {
			len = tu_rtp(buf[i], (uint16_t)(100 + i), 0x2000, 0, -1, 160);
			one[i] = (srtpo_packet_t){ buf[i], len, buf[i], CAP, 0, 0 };
		}
		for (int i = 0; i < SRTPO_ASYNC_DEPTH; i++)
			CHECK_RC(srtpo_submit(tx_async, SRTPO_DIR_PROTECT, &one[i], 1, NULL), SRTPO_OK);
		CHECK_EQ(srtpo_pending(tx_async), (size_t)SRTPO_ASYNC_DEPTH);
		CHECK_RC(srtpo_submit(tx_async, SRTPO_DIR_PROTECT, &one[SRTPO_ASYNC_DEPTH], 1, NULL),
			 SRTPO_ERR_AGAIN);
		CHECK_RC(srtpo_submit(tx_async, (srtpo_dir_t)4, one, 1, NULL), SRTPO_ERR_BAD_PARAM);
		CHECK_RC(srtpo_submit(tx_async, SRTPO_DIR_PROTECT, one, 0, NULL), SRTPO_ERR_BAD_PARAM);
		CHECK_RC(srtpo_submit(tx_async, SRTPO_DIR_PROTECT, one, SRTPO_ASYNC_BURST + 1, NULL),
			 SRTPO_ERR_BAD_PARAM);
		CHECK_RC(srtpo_submit(NULL, SRTPO_DIR_PROTECT, one, 1, NULL), SRTPO_ERR_BAD_PARAM);
		/* a burst call finishes what is in flight first; poll still hands it back */
		len = srtpo_protect_burst(tx_async, &one[SRTPO_ASYNC_DEPTH], 1);
		CHECK_EQ(len, (size_t)1);
		got = srtpo_poll(tx_async, done, SRTPO_ASYNC_DEPTH + 1, 0);
		CHECK_EQ(got, (size_t)SRTPO_ASYNC_DEPTH);
		for (size_t k = 0; k < got; k++)
			CHECK(done[k].ok == 1 && done[k].pkts == &one[k], "drained burst %zu", k);
		CHECK_EQ(srtpo_pending(tx_async), (size_t)0);
		CHECK_EQ(srtpo_poll(tx_async, done, 1, 1), (size_t)0);
		CHECK_EQ(srtpo_poll(NULL, done, 1, 1), (size_t)0);
		/* destroy with bursts in flight: finished, nothing leaks (valgrind runs this) */
		CHECK_RC(srtpo_submit(tx_async, SRTPO_DIR_PROTECT, &one[0], 1, NULL), SRTPO_OK);
	}
	srtpo_destroy(tx_sync);
	srtpo_destroy(tx_async);
	srtpo_destroy(rx_sync);
	srtpo_destroy(rx_async);
	free(plain);
	free(wire);
	free(out_sync);
	free(out_async);
	free(pk_sync);
	free(pk_async);
	return tu_summary("test_async");
}
