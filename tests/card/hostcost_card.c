/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The workload behind the card path's host cost (sim/card/README.md, "Host cost"): bursts of 32
 * RTP packets of 172 bytes (12-byte header, 160-byte G.711 payload) across many streams, protected
 * by one SRTPO_BACKEND_SIM session and unprotected by another, through the public API only.
 *
 *   hostcost_card [--streams N] [--bursts B] [--zc]
 *
 * --zc puts the packets in the sessions' packet buffers (srtpo_packet_buf_alloc), so the card
 * path takes them in place with no copy; without it they are in ordinary memory (copy path).
 *
 * hc_protect() and hc_unprotect() are the two entry points callgrind toggles collection on
 * (tests/card/hostcost.sh); a warm-up pass runs outside them first. Every packet must come back
 * SRTPO_OK and equal to its original, so a cheap but wrong path cannot pass for a fast one.
 *
 * Built with -DHOSTCOST_NULL_CARD (hostcost_null), the sessions run over the completion-only
 * null card of tests/card/null_card.c instead (srtpo_backend_attach, no model at all). That card
 * does no crypto, so there every packet must come back SRTPO_OK with the right length and done by
 * the card (no software redo); the bytes are checked by the sim build of this program and by
 * bench_host --sim.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <valgrind/callgrind.h>

#include "srtpo.h"
#ifdef HOSTCOST_NULL_CARD
#include "card.h"
#include "null_card.h"
#define NULL_RUN 1
#else
#define NULL_RUN 0
struct srtpo_card;
#endif

#define BURST   32
#define PKT     172
#define CAP     (PKT + SRTPO_MAX_TRAILER)

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

#define DIE(...) do { fprintf(stderr, "hostcost_card: " __VA_ARGS__); fprintf(stderr, "\n"); \
		      exit(1); } while (0)

/* The measured calls: noinline so that callgrind sees them as functions of their own. */
__attribute__((noinline)) size_t hc_protect(srtpo_session_t *s, srtpo_packet_t *p, size_t n);
__attribute__((noinline)) size_t hc_unprotect(srtpo_session_t *s, srtpo_packet_t *p, size_t n);

/* The empty asm after each call keeps it from becoming a jump (a tail call would leave the
 * wrapper before the work is done and turn callgrind's collection off too early). */
size_t hc_protect(srtpo_session_t *s, srtpo_packet_t *p, size_t n)
{
	size_t ok = srtpo_protect_burst(s, p, n);

	__asm__ __volatile__("" : "+r"(ok));
	return ok;
}

size_t hc_unprotect(srtpo_session_t *s, srtpo_packet_t *p, size_t n)
{
	size_t ok = srtpo_unprotect_burst(s, p, n);

	__asm__ __volatile__("" : "+r"(ok));
	return ok;
}

static srtpo_session_t *session(uint32_t nstreams, const uint8_t (*keys)[30],
				 struct srtpo_card **card)
{
	srtpo_session_config_t cfg = {.backend = NULL_RUN ? SRTPO_BACKEND_SW : SRTPO_BACKEND_SIM,
				      .expected_streams = nstreams};
	srtpo_session_t *s;
	int rc = srtpo_create(&s, NULL, 0, &cfg);

	if (rc != SRTPO_OK)
		DIE("srtpo_create with the sim backend: %s (is $SRTPO_SIM_LIB set?)",
		    srtpo_strerror(rc));
	*card = NULL;
#ifdef HOSTCOST_NULL_CARD
	/* every key slot the null card has, or as many as the card backend takes */
	*card = null_card_open();
	if (!*card)
		DIE("null_card_open: out of memory");
	rc = srtpo_backend_attach(s, *card, 0, 0, NULL_CARD_SLOTS);
	if (rc != SRTPO_OK)
		rc = srtpo_backend_attach(s, *card, 0, 0, 4096);
	if (rc != SRTPO_OK)
		DIE("srtpo_backend_attach: %s", srtpo_strerror(rc));
#endif
	for (uint32_t i = 0; i < nstreams; i++) {
		srtpo_master_key_t mk;
		srtpo_policy_t pol;

		srtpo_policy_init(&pol, &mk, SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, keys[i], keys[i] + 16);
		pol.ssrc = 0x10000000u + i;
		rc = srtpo_add_stream(s, &pol);
		if (rc != SRTPO_OK)
			DIE("add stream %u: %s", i, srtpo_strerror(rc));
	}
	return s;
}

/* Packet k of a run: stream k % nstreams, so a burst of 32 touches 32 different streams. */
static void fill(uint8_t *p, uint32_t k, uint32_t nstreams)
{
	uint32_t ssrc = 0x10000000u + k % nstreams, seq = k / nstreams + 1;

	p[0] = 0x80;
	p[1] = 0x00;
	p[2] = (uint8_t)(seq >> 8);
	p[3] = (uint8_t)seq;
	p[4] = (uint8_t)(seq >> 24);
	p[5] = (uint8_t)(seq >> 16);
	p[6] = (uint8_t)(seq >> 8);
	p[7] = (uint8_t)seq;
	p[8] = (uint8_t)(ssrc >> 24);
	p[9] = (uint8_t)(ssrc >> 16);
	p[10] = (uint8_t)(ssrc >> 8);
	p[11] = (uint8_t)ssrc;
	for (int i = 12; i < PKT; i++)
		p[i] = (uint8_t)rnd();
}

/* Where the packets live: ordinary memory (the copy path), or the sessions' own packet
 * buffers (--zc, srtpo_packet_buf_alloc: in place in card memory, no copy). */
static uint8_t *tx_buf[BURST], *rx_buf[BURST];

/* Protects then unprotects `bursts` bursts starting at packet *k, checking every packet. */
static void run(srtpo_session_t *tx, srtpo_session_t *rx, uint32_t *k, uint32_t nstreams,
		uint32_t bursts, int measured)
{
	static uint8_t clear[BURST][PKT];
	srtpo_packet_t p[BURST];

	for (uint32_t b = 0; b < bursts; b++) {
		size_t ok;

		for (int i = 0; i < BURST; i++) {
			fill(clear[i], *k + (uint32_t)i, nstreams);
			memcpy(tx_buf[i], clear[i], PKT);
			p[i] = (srtpo_packet_t){tx_buf[i], PKT, tx_buf[i], CAP, 0, 0};
		}
		ok = measured ? hc_protect(tx, p, BURST) : srtpo_protect_burst(tx, p, BURST);
		if (ok != BURST)
			DIE("protect: %zu of %d ok (packet %u)", ok, BURST, *k);
		for (int i = 0; i < BURST; i++) {
			if (p[i].out_len != PKT + 10)
				DIE("protect: length %zu", p[i].out_len);
			if (!NULL_RUN && !memcmp(tx_buf[i] + 12, clear[i] + 12, PKT - 12))
				DIE("protect left the payload in clear");
			if (rx_buf[i] != tx_buf[i])
				memcpy(rx_buf[i], tx_buf[i], PKT + 10);
			/* the null card writes nothing: what the copy path brings back from the
			 * window is not a packet, so unprotect gets the header back */
			if (NULL_RUN)
				memcpy(rx_buf[i], clear[i], 12);
			p[i] = (srtpo_packet_t){rx_buf[i], PKT + 10, rx_buf[i], CAP, 0, 0};
		}
		ok = measured ? hc_unprotect(rx, p, BURST) : srtpo_unprotect_burst(rx, p, BURST);
		if (ok != BURST)
			DIE("unprotect: %zu of %d ok (packet %u, status %d)", ok, BURST, *k,
			    p[0].status);
		for (int i = 0; i < BURST; i++)
			if (p[i].out_len != PKT || (!NULL_RUN && memcmp(rx_buf[i], clear[i], PKT)))
				DIE("unprotect: packet %u differs from the original", *k + (uint32_t)i);
		*k += BURST;
	}
}

int main(int argc, char **argv)
{
	uint32_t nstreams = 1000, bursts = 64, k = 0;
	int zc = 0;
	static uint8_t ordinary[BURST][CAP];
	uint8_t (*keys)[30];
	srtpo_session_t *tx, *rx;
	struct srtpo_card *tx_card, *rx_card;
	srtpo_session_stats_t st_tx, st_rx;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--streams") && i + 1 < argc)
			nstreams = (uint32_t)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--bursts") && i + 1 < argc)
			bursts = (uint32_t)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--zc"))
			zc = 1;
		else
			DIE("usage: hostcost_card [--streams N] [--bursts B] [--zc]");
	}
	if (!nstreams || nstreams > 1000000 || !bursts)
		DIE("--streams must be 1..1000000 and --bursts at least 1");
	keys = malloc((size_t)nstreams * sizeof(*keys));
	if (!keys)
		DIE("out of memory");
	for (uint32_t i = 0; i < nstreams; i++)
		for (int j = 0; j < 30; j++)
			keys[i][j] = (uint8_t)rnd();
	tx = session(nstreams, (const uint8_t (*)[30])keys, &tx_card);
	rx = session(nstreams, (const uint8_t (*)[30])keys, &rx_card);
	if (strcmp(srtpo_backend_name(tx), "sim-card"))
		DIE("backend is %s, not a card", srtpo_backend_name(tx));
	for (int i = 0; i < BURST; i++) {
		tx_buf[i] = zc ? srtpo_packet_buf_alloc(tx) : ordinary[i];
		rx_buf[i] = zc ? srtpo_packet_buf_alloc(rx) : ordinary[i];
		if (!tx_buf[i] || !rx_buf[i])
			DIE("srtpo_packet_buf_alloc: no buffer");
	}
	/* warm-up: every stream once, so first-use costs stay out of the measured part */
	run(tx, rx, &k, nstreams, (nstreams + BURST - 1) / BURST, 0);
	/* hostcost.sh runs callgrind with --instr-atstart=no: setting up tens of thousands of
	 * streams and the warm-up run at valgrind's plain speed, the measured part instrumented */
	CALLGRIND_START_INSTRUMENTATION;
	run(tx, rx, &k, nstreams, bursts, 1);
	/* every packet by the card: a software redo would be cheap in neither sense */
	srtpo_session_stats(tx, &st_tx);
	srtpo_session_stats(rx, &st_rx);
	if (st_tx.card_ops != k || st_rx.card_ops != k || st_tx.sw_redo || st_rx.sw_redo)
		DIE("the card did %llu + %llu of %u + %u packets (software redo %llu + %llu)",
		    (unsigned long long)st_tx.card_ops, (unsigned long long)st_rx.card_ops, k, k,
		    (unsigned long long)st_tx.sw_redo, (unsigned long long)st_rx.sw_redo);
	printf("hostcost_card: %u streams, %u measured bursts of %d packets of %d bytes, protect + "
	       "unprotect, %s, %s\n", nstreams, bursts, BURST, PKT,
	       zc ? "packet buffers (zero copy)" : "ordinary buffers (copy path)",
	       NULL_RUN ? "null card, every packet done by the card" : "all equal");
	for (int i = 0; i < BURST && zc; i++) {
		srtpo_packet_buf_free(tx, tx_buf[i]);
		srtpo_packet_buf_free(rx, rx_buf[i]);
	}
	srtpo_destroy(tx);
	srtpo_destroy(rx);
#ifdef HOSTCOST_NULL_CARD
	srtpo_card_close(tx_card);
	srtpo_card_close(rx_card);
#endif
	free(keys);
	return 0;
}
