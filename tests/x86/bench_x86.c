// SPDX-License-Identifier: BSD-3-Clause
/*
 * bench_x86.c - packets per second of the x86 engine (srtpo_x86_run) against intel-ipsec-mb's
 * AVX-512 manager doing the same raw crypto (IMB_SUBMIT_BURST, AES-CTR chained with HMAC-SHA1),
 * on one core, for 172 and 1200-byte RTP packets (AES_CM_128_HMAC_SHA1_80: 160 or 1188 bytes
 * encrypted, 176 or 1204 bytes authenticated with the ROC, 10-byte tag).
 *
 *   bench_x86 [--seconds S] [--size N] [--only x86|ipsec-mb] [--json]
 *
 * 1024 packets over 64 keys, bursts of 32 (also 1 and 8 for the engine). Each burst is
 * protected then unprotected, so the buffers cycle; every status is checked. Time is wall time
 * (TSC, calibrated against CLOCK_MONOTONIC); "cycles" are TSC cycles per packet. Each burst is
 * timed alone and the figure is from the median burst, so that other processes on a shared
 * machine disturb it little; the mean over all bursts is printed beside it.
 * ipsec-mb has no "append the ROC" option: like libsrtp2, its loop writes the ROC after the
 * packet, hashes it with the packet, and for unprotect saves and compares the tag itself; it
 * decrypts before the tag is checked, as it cannot make the cipher wait for the compare.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>

#include <intel-ipsec-mb.h>

#include "internal.h"
#include "sw_x86.h"

#define NPKT 1024
#define NKEYS 64
#define MAXB 32
#define ROOM 64    /* bytes after the packet: tag, ROC, ipsec-mb's slack */

static struct srtpo_keyslot keys[NKEYS];
static uint8_t ipad_be[NKEYS][20], opad_be[NKEYS][20];
static uint8_t *pkts[NPKT];
static uint64_t seq_index[NPKT];
static uint32_t ssrcs[NPKT];
static double tsc_hz;
static int json;

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd64(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void calibrate(void)
{
	double t0 = now();
	uint64_t c0 = __rdtsc();

	while (now() - t0 < 0.05)
		;
	tsc_hz = (double)(__rdtsc() - c0) / (now() - t0);
}

static void setup(size_t size)
{
	for (int k = 0; k < NKEYS; k++) {
		uint8_t key[16], salt[14], akey[20];

		for (int i = 0; i < 16; i++)
			key[i] = (uint8_t)rnd64();
		for (int i = 0; i < 14; i++)
			salt[i] = (uint8_t)rnd64();
		for (int i = 0; i < 20; i++)
			akey[i] = (uint8_t)rnd64();
		srtpo_keyslot_init(&keys[k], SRTPO_CIPHER_AES_128_CM, key, 16, salt,
				   SRTPO_AUTH_HMAC_SHA1, akey, 10);
		for (int i = 0; i < 5; i++) {
			for (int b = 0; b < 4; b++) {
				ipad_be[k][4 * i + b] = (uint8_t)(keys[k].hmac_ipad_state[i] >> (24 - 8 * b));
				opad_be[k][4 * i + b] = (uint8_t)(keys[k].hmac_opad_state[i] >> (24 - 8 * b));
			}
		}
	}
	for (int i = 0; i < NPKT; i++) {
		free(pkts[i]);
		pkts[i] = aligned_alloc(64, (size + ROOM + 63) / 64 * 64);
		if (!pkts[i]) {
			fprintf(stderr, "out of memory\n");
			exit(1);
		}
		for (size_t j = 0; j < size + ROOM; j++)
			pkts[i][j] = (uint8_t)rnd64();
		pkts[i][0] = 0x80;
		seq_index[i] = rnd64() & 0xffffffffffffULL;
		ssrcs[i] = (uint32_t)rnd64();
	}
}

static void fill_op(struct srtpo_op *op, int p, size_t size, int opcode)
{
	op->buf = pkts[p];
	op->ks = &keys[p % NKEYS];
	op->index = seq_index[p];
	op->ssrc = ssrcs[p];
	op->roc = (uint32_t)(seq_index[p] >> 16);
	op->enc_off = 12;
	op->enc_len = (uint16_t)(size - 12);
	op->auth_len = (uint16_t)size;
	op->tag_off = (uint16_t)size;
	op->opcode = (uint8_t)opcode;
	op->roc_append = 1;
}

/* Per-burst TSC samples of one case. The machine may be shared: the median burst shows the
 * speed of an undisturbed core, the mean includes whatever else ran. */
#define MAX_SAMPLES (1 << 20)

struct samples {
	uint64_t *v;
	size_t n;
	uint64_t sum;
};

static void sample_add(struct samples *s, uint64_t tsc)
{
	if (s->n < MAX_SAMPLES)
		s->v[s->n++] = tsc;
	s->sum += tsc;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *engine, size_t size, const char *dir, int burst, uint64_t npkt,
		   struct samples *s)
{
	qsort(s->v, s->n, sizeof(s->v[0]), cmp_u64);
	double med = (double)s->v[s->n / 2] / burst, mean = (double)s->sum / (double)npkt;
	double mpps = tsc_hz / med / 1e6, mpps_mean = tsc_hz / mean / 1e6;

	if (json)
		printf("{\"engine\":\"%s\",\"size\":%zu,\"op\":\"%s\",\"burst\":%d,"
		       "\"mpps\":%.3f,\"mpps_mean\":%.3f,\"tsc_per_packet\":%.1f}\n",
		       engine, size, dir, burst, mpps, mpps_mean, med);
	else
		printf("  %-9s %5zu B  %-9s burst %2d  %7.3f Mpps  %7.1f cycles/packet"
		       "   (mean %6.3f Mpps)\n",
		       engine, size, dir, burst, mpps, med, mpps_mean);
	s->n = 0;
	s->sum = 0;
}

static struct samples s_prot, s_unprot;

static void bench_x86(size_t size, int burst, double seconds)
{
	struct srtpo_op ops[MAXB];
	uint64_t n = 0;
	double end = now() + seconds;
	int p = 0;

	while (now() < end) {
		for (int rep = 0; rep < 64; rep++) {
			for (int i = 0; i < burst; i++)
				fill_op(&ops[i], (p + i) % NPKT, size, SRTPO_OP_PROTECT);
			uint64_t c0 = __rdtsc();

			srtpo_x86_run(ops, (size_t)burst);
			uint64_t c1 = __rdtsc();

			for (int i = 0; i < burst; i++)
				ops[i].opcode = SRTPO_OP_UNPROTECT;
			uint64_t c2 = __rdtsc();

			srtpo_x86_run(ops, (size_t)burst);
			uint64_t c3 = __rdtsc();

			sample_add(&s_prot, c1 - c0);
			sample_add(&s_unprot, c3 - c2);
			for (int i = 0; i < burst; i++) {
				if (ops[i].status != SRTPO_OK) {
					fprintf(stderr, "x86 engine: unprotect failed (status %d)\n",
						ops[i].status);
					exit(1);
				}
			}
			n += (uint64_t)burst;
			p = (p + burst) % NPKT;
		}
	}
	report("x86", size, "protect", burst, n, &s_prot);
	report("x86", size, "unprotect", burst, n, &s_unprot);
}

static void iv_of(const struct srtpo_op *op, uint8_t iv[16])
{
	memcpy(iv, op->ks->salt, 14);
	iv[14] = iv[15] = 0;
	for (int i = 0; i < 4; i++)
		iv[4 + i] ^= (uint8_t)(op->ssrc >> (24 - 8 * i));
	for (int i = 0; i < 6; i++)
		iv[8 + i] ^= (uint8_t)(op->index >> (40 - 8 * i));
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* One burst through ipsec-mb; returns the number of tag mismatches (unprotect). */
static int imb_burst(IMB_MGR *mgr, int p0, int burst, size_t size, int opcode)
{
	IMB_JOB *jobs[MAXB];
	struct srtpo_op op;
	uint8_t iv[MAXB][16], saved[MAXB][10], tag[MAXB][12];
	int bad = 0;

	if (IMB_GET_NEXT_BURST(mgr, (uint32_t)burst, jobs) < (uint32_t)burst) {
		fprintf(stderr, "ipsec-mb: no room for a burst\n");
		exit(1);
	}
	for (int i = 0; i < burst; i++) {
		int pi = (p0 + i) % NPKT, k = pi % NKEYS;
		IMB_JOB *j = jobs[i];
		uint8_t *buf = pkts[pi];

		fill_op(&op, pi, size, opcode);
		iv_of(&op, iv[i]);
		if (opcode == SRTPO_OP_UNPROTECT)
			memcpy(saved[i], buf + size, 10);
		put_be32(buf + size, op.roc);
		j->cipher_mode = IMB_CIPHER_CNTR;
		j->cipher_direction = opcode == SRTPO_OP_PROTECT ? IMB_DIR_ENCRYPT : IMB_DIR_DECRYPT;
		j->chain_order = opcode == SRTPO_OP_PROTECT ? IMB_ORDER_CIPHER_HASH
							    : IMB_ORDER_HASH_CIPHER;
		j->enc_keys = keys[k].aes_enc_rk;
		j->dec_keys = keys[k].aes_enc_rk;
		j->key_len_in_bytes = 16;
		j->src = buf;
		j->dst = buf + 12;
		j->cipher_start_src_offset_in_bytes = 12;
		j->msg_len_to_cipher_in_bytes = size - 12;
		j->iv = iv[i];
		j->iv_len_in_bytes = 16;
		j->hash_alg = IMB_AUTH_HMAC_SHA_1;
		j->hash_start_src_offset_in_bytes = 0;
		j->msg_len_to_hash_in_bytes = size + 4;
		j->auth_tag_output = opcode == SRTPO_OP_PROTECT ? buf + size : tag[i];
		j->auth_tag_output_len_in_bytes = 12;   /* its shortest HMAC-SHA1 tag; 10 are used */
		j->u.HMAC._hashed_auth_key_xor_ipad = (const uint8_t *)keys[k].hmac_ipad_state;
		j->u.HMAC._hashed_auth_key_xor_opad = (const uint8_t *)keys[k].hmac_opad_state;
		j->user_data = (void *)(intptr_t)i;
	}
	uint32_t done = IMB_SUBMIT_BURST(mgr, (uint32_t)burst, jobs);

	if (!done && imb_get_errno(mgr)) {
		fprintf(stderr, "ipsec-mb: %s\n", imb_get_strerror(imb_get_errno(mgr)));
		exit(1);
	}
	IMB_JOB *fin[MAXB];

	for (uint32_t i = 0; i < done; i++)
		fin[i] = jobs[i];
	while (done < (uint32_t)burst) {
		uint32_t f = IMB_FLUSH_BURST(mgr, (uint32_t)burst - done, fin + done);

		if (!f) {
			fprintf(stderr, "ipsec-mb: flush returned nothing\n");
			exit(1);
		}
		done += f;
	}
	for (int i = 0; i < burst; i++) {
		if (fin[i]->status != IMB_STATUS_COMPLETED) {
			fprintf(stderr, "ipsec-mb: job status %d\n", fin[i]->status);
			exit(1);
		}
		if (opcode == SRTPO_OP_UNPROTECT) {
			int idx = (int)(intptr_t)fin[i]->user_data;
			uint8_t d = 0;

			for (int b = 0; b < 10; b++)
				d |= tag[idx][b] ^ saved[idx][b];
			bad += d != 0;
			/* Put the received tag back, as the x86 engine leaves it. */
			memcpy(pkts[(p0 + idx) % NPKT] + size, saved[idx], 10);
		}
	}
	return bad;
}

static void bench_imb(IMB_MGR *mgr, size_t size, int burst, double seconds)
{
	uint64_t n = 0;
	double end = now() + seconds;
	int p = 0;

	while (now() < end) {
		for (int rep = 0; rep < 64; rep++) {
			uint64_t c0 = __rdtsc();

			imb_burst(mgr, p, burst, size, SRTPO_OP_PROTECT);
			uint64_t c1 = __rdtsc();
			int bad = imb_burst(mgr, p, burst, size, SRTPO_OP_UNPROTECT);
			uint64_t c2 = __rdtsc();

			if (bad) {
				fprintf(stderr, "ipsec-mb: %d tags did not match\n", bad);
				exit(1);
			}
			sample_add(&s_prot, c1 - c0);
			sample_add(&s_unprot, c2 - c1);
			n += (uint64_t)burst;
			p = (p + burst) % NPKT;
		}
	}
	report("ipsec-mb", size, "protect", burst, n, &s_prot);
	report("ipsec-mb", size, "unprotect", burst, n, &s_unprot);
}

/* The two must agree on a protected packet before their speeds mean anything. */
static void cross_check(IMB_MGR *mgr, size_t size)
{
	struct srtpo_op op;
	uint8_t *a = pkts[0], copy[1300 + ROOM];

	memcpy(copy, a, size + ROOM);
	imb_burst(mgr, 0, 1, size, SRTPO_OP_PROTECT);
	memcpy(copy + size + 10, a + size + 10, ROOM - 10);   /* ipsec-mb wrote 12 tag bytes */
	uint8_t imb_out[1300 + ROOM];

	memcpy(imb_out, a, size + 10);
	memcpy(a, copy, size + ROOM);
	fill_op(&op, 0, size, SRTPO_OP_PROTECT);
	srtpo_x86_run(&op, 1);
	if (op.status != SRTPO_OK || memcmp(imb_out, a, size + 10)) {
		size_t d = 0;

		while (d < size + 10 && imb_out[d] == a[d])
			d++;
		fprintf(stderr, "x86 engine and ipsec-mb disagree on a %zu-byte packet, byte %zu\n",
			size, d);
		exit(1);
	}
	op.opcode = SRTPO_OP_UNPROTECT;
	srtpo_x86_run(&op, 1);
	if (op.status != SRTPO_OK || memcmp(copy, a, size)) {
		fprintf(stderr, "x86 engine failed to unprotect\n");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	double seconds = 0.5;
	size_t only_size = 0;
	const char *only = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seconds") && i + 1 < argc) {
			seconds = strtod(argv[++i], NULL);
		} else if (!strcmp(argv[i], "--size") && i + 1 < argc) {
			only_size = strtoul(argv[++i], NULL, 0);
			if (only_size < 12 || only_size > 1300) {
				fprintf(stderr, "--size: 12..1300 bytes\n");
				return 2;
			}
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			only = argv[++i];
			if (strcmp(only, "x86") && strcmp(only, "ipsec-mb")) {
				fprintf(stderr, "--only: x86 or ipsec-mb\n");
				return 2;
			}
		} else if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else {
			fprintf(stderr,
				"usage: %s [--seconds S] [--size N] [--only x86|ipsec-mb] [--json]\n",
				argv[0]);
			return 2;
		}
	}
	if (!srtpo_x86_available()) {
		fprintf(stderr, "bench_x86: this CPU cannot run the x86 engine (or SRTPO_NO_X86 is "
				"set): nothing to measure\n");
		return 0;
	}
	IMB_MGR *mgr = alloc_mb_mgr(0);

	if (!mgr) {
		fprintf(stderr, "ipsec-mb: alloc_mb_mgr failed\n");
		return 1;
	}
	init_mb_mgr_avx512(mgr);
	if (imb_get_errno(mgr)) {
		fprintf(stderr, "ipsec-mb: AVX-512 manager: %s\n",
			imb_get_strerror(imb_get_errno(mgr)));
		return 1;
	}
	s_prot.v = malloc(MAX_SAMPLES * sizeof(uint64_t));
	s_unprot.v = malloc(MAX_SAMPLES * sizeof(uint64_t));
	if (!s_prot.v || !s_unprot.v) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	calibrate();
	if (!json)
		printf("bench_x86: one core, TSC %.2f GHz, %.2f s per line, %d packets, %d keys\n",
		       tsc_hz / 1e9, seconds, NPKT, NKEYS);
	const size_t sizes[2] = { only_size ? only_size : 172, 1200 };
	const int x86 = !only || !strcmp(only, "x86"), imb = !only || !strcmp(only, "ipsec-mb");

	for (int s = 0; s < (only_size ? 1 : 2); s++) {
		setup(sizes[s]);
		cross_check(mgr, sizes[s]);
		if (x86)
			bench_x86(sizes[s], 32, seconds);
		if (imb)
			bench_imb(mgr, sizes[s], 32, seconds);
		if (x86) {
			bench_x86(sizes[s], 8, seconds / 2);
			bench_x86(sizes[s], 1, seconds / 2);
		}
	}
	free_mb_mgr(mgr);
	free(s_prot.v);
	free(s_unprot.v);
	for (int i = 0; i < NPKT; i++)
		free(pkts[i]);
	return 0;
}
