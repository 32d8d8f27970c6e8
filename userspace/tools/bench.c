// SPDX-License-Identifier: BSD-3-Clause
/*
 * bench.c - `srtpo bench`: packets per second per core for protect and unprotect, libsrtpo vs
 * libsrtp2 (loaded at run time, so the command does not depend on it) and vs the raw crypto of
 * intel-ipsec-mb on the same packets, in one run. Ratios matter more than absolute figures: the
 * machines are noisy, the anchors are measured on the same packets a moment apart.
 *
 * Method: streams with distinct random keys; packets go round-robin over the streams (so with
 * 100,000 streams every packet of a burst meets a cold stream). Work is done in rounds of R
 * packets: a sender session prepares the round untimed (clear packets for protect, protected ones
 * for unprotect), then the engine under test processes the round in bursts of 32 and only that
 * is timed. Every unprotect must succeed, so the figures are of real work.
 *
 * Suites: AES_CM_128_HMAC_SHA1_80 (anchor: ipsec-mb chained AES-CTR + HMAC-SHA1, protect) and
 * AEAD_AES_128_GCM (anchor: ipsec-mb's GCM, protect = encrypt, unprotect = decrypt + tag compare,
 * one call per packet as an application would make it); libsrtp2's GCM on the same packets.
 * Header extensions: the GCM suite on packets carrying an 8-byte one-byte extension block, plain
 * against RFC 6904 (two IDs encrypted) and cryptex. --threads N: a session per thread, 1 thread
 * against N on the same work, run without pinning (see tests/bench/bench.mk).
 */
#include <dlfcn.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <intel-ipsec-mb.h>
#include <srtp2/srtp.h>

#include "cmd.h"
#include "srtpo.h"

#define BURST 32
#define MAX_ROUND 2048

struct bench_opts {
	double seconds;               /* per measurement */
	int json;
	int quick;
	int no_lib;                   /* skip libsrtp2 */
	size_t only_streams;          /* measure this stream count only */
	const char *suite;            /* NULL: the default list */
	int threads;                  /* --threads N: the scaling section only */
};

/*
 * The timed parts are measured in this thread's CPU time: on a machine shared with other work
 * the wall clock also counts the time the thread waited for a core, which says nothing about the
 * library (cache sharing still shows). The thread-scaling run needs the wall clock: it measures
 * how much two threads get done together (--wall gives the wall clock everywhere).
 */
static clockid_t bench_clock = CLOCK_THREAD_CPUTIME_ID;

static double now_s(void)
{
	struct timespec t;

	clock_gettime(bench_clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* xorshift64*: reproducible keys and payloads */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static void rnd_bytes(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

/* ---- libsrtp2, loaded at run time ---- */

struct libsrtp2 {
	void *dl;
	srtp_err_status_t (*init)(void);
	srtp_err_status_t (*create)(srtp_t *, const srtp_policy_t *);
	srtp_err_status_t (*add_stream)(srtp_t, const srtp_policy_t *);
	srtp_err_status_t (*protect)(srtp_t, void *, int *);
	srtp_err_status_t (*unprotect)(srtp_t, void *, int *);
	srtp_err_status_t (*dealloc)(srtp_t);
	void (*policy_80)(srtp_crypto_policy_t *);
	void (*policy_256_80)(srtp_crypto_policy_t *);
	/* GCM (libsrtp2 built with OpenSSL has them); NULL when missing */
	void (*policy_gcm[2][2])(srtp_crypto_policy_t *); /* [256][8-byte tag] */
};

static int libsrtp2_load(struct libsrtp2 *l)
{
	memset(l, 0, sizeof(*l));
	l->dl = dlopen("libsrtp2.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!l->dl)
		return -1;
	*(void **)&l->init = dlsym(l->dl, "srtp_init");
	*(void **)&l->create = dlsym(l->dl, "srtp_create");
	*(void **)&l->add_stream = dlsym(l->dl, "srtp_add_stream");
	*(void **)&l->protect = dlsym(l->dl, "srtp_protect");
	*(void **)&l->unprotect = dlsym(l->dl, "srtp_unprotect");
	*(void **)&l->dealloc = dlsym(l->dl, "srtp_dealloc");
	*(void **)&l->policy_80 = dlsym(l->dl, "srtp_crypto_policy_set_rtp_default");
	*(void **)&l->policy_256_80 = dlsym(l->dl, "srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80");
	*(void **)&l->policy_gcm[0][0] = dlsym(l->dl, "srtp_crypto_policy_set_aes_gcm_128_16_auth");
	*(void **)&l->policy_gcm[1][0] = dlsym(l->dl, "srtp_crypto_policy_set_aes_gcm_256_16_auth");
	*(void **)&l->policy_gcm[0][1] = dlsym(l->dl, "srtp_crypto_policy_set_aes_gcm_128_8_auth");
	*(void **)&l->policy_gcm[1][1] = dlsym(l->dl, "srtp_crypto_policy_set_aes_gcm_256_8_auth");
	if (!l->init || !l->create || !l->add_stream || !l->protect || !l->unprotect ||
	    !l->dealloc || !l->policy_80 || !l->policy_256_80 || l->init() != srtp_err_status_ok) {
		dlclose(l->dl);
		l->dl = NULL;
		return -1;
	}
	return 0;
}

/* ---- the test streams ---- */

struct streams {
	size_t n;
	uint32_t *ssrc;
	uint16_t *seq;                /* next sequence number per stream */
	uint8_t (*key)[SRTPO_MAX_KEY_LEN + SRTPO_SALT_LEN];
	size_t key_len;
	srtpo_suite_t suite;
	srtpo_crypto_policy_t cp;
	int ext;                      /* packets carry an 8-byte one-byte extension block */
	int xtn;                      /* streams encrypt its IDs 1 and 2 (RFC 6904) */
	int cryptex;                  /* streams use cryptex (RFC 9335) */
};

static int streams_init(struct streams *st, size_t n, srtpo_suite_t suite)
{
	srtpo_crypto_policy_t pol;

	srtpo_suite_policy(suite, &pol);
	memset(st, 0, sizeof(*st));
	st->cp = pol;
	st->n = n;
	st->suite = suite;
	st->key_len = srtpo_master_key_len(pol.cipher);
	st->ssrc = malloc(n * sizeof(*st->ssrc));
	st->seq = calloc(n, sizeof(*st->seq));
	st->key = malloc(n * sizeof(*st->key));
	if (!st->ssrc || !st->seq || !st->key)
		return -1;
	for (size_t i = 0; i < n; i++) {
		/* An odd multiplier is a bijection mod 2^32: distinct, well spread SSRCs. */
		st->ssrc[i] = (uint32_t)(i * 2654435761u) ^ 0x5eed0000u;
		rnd_bytes(st->key[i], sizeof(st->key[i]));
	}
	return 0;
}

static void streams_free(struct streams *st)
{
	free(st->ssrc);
	free(st->seq);
	free(st->key);
}

static srtpo_session_t *srtpo_session_for(const struct streams *st)
{
	srtpo_session_config_t cfg = { SRTPO_BACKEND_SW, st->n, NULL };
	srtpo_session_t *s;

	if (srtpo_create(&s, NULL, 0, &cfg))
		return NULL;
	for (size_t i = 0; i < st->n; i++) {
		srtpo_policy_t pol;
		srtpo_master_key_t mk;

		static const uint8_t ids[] = { 1, 2 };

		srtpo_policy_init(&pol, &mk, st->suite, st->key[i], st->key[i] + st->key_len);
		pol.ssrc = st->ssrc[i];
		if (st->xtn) {
			pol.encrypted_extension_ids = ids;
			pol.num_encrypted_extension_ids = 2;
		}
		pol.cryptex = st->cryptex;
		if (srtpo_add_stream(s, &pol)) {
			srtpo_destroy(s);
			return NULL;
		}
	}
	return s;
}

static srtp_t libsrtp2_session_for(struct libsrtp2 *l, const struct streams *st, int inbound)
{
	srtp_t s = NULL;

	if (l->create(&s, NULL) != srtp_err_status_ok)
		return NULL;
	for (size_t i = 0; i < st->n; i++) {
		srtp_policy_t pol;

		memset(&pol, 0, sizeof(pol));
		if (st->cp.auth == SRTPO_AUTH_GCM) {
			void (*set)(srtp_crypto_policy_t *) =
				l->policy_gcm[st->key_len == 32][st->cp.tag_len == 8];

			if (!set) {
				l->dealloc(s);
				return NULL;
			}
			set(&pol.rtp);
			set(&pol.rtcp);
		} else if (st->key_len == 32) {
			l->policy_256_80(&pol.rtp);
			l->policy_256_80(&pol.rtcp);
		} else {
			l->policy_80(&pol.rtp);
			l->policy_80(&pol.rtcp);
		}
		pol.ssrc.type = ssrc_specific;
		pol.ssrc.value = st->ssrc[i];
		pol.key = st->key[i];
		pol.window_size = 128;
		(void)inbound;
		if (l->add_stream(s, &pol) != srtp_err_status_ok) {
			l->dealloc(s);
			return NULL;
		}
	}
	return s;
}

/* ---- rounds ---- */

struct round {
	size_t size, cap;             /* packet size, buffer stride */
	size_t n;
	uint8_t *buf;
	size_t *len;
	size_t next_stream;
};

/* Clear RTP packets for the next n streams in round-robin order. */
static void round_fill_clear(struct round *r, struct streams *st, size_t n)
{
	r->n = n;
	for (size_t i = 0; i < n; i++) {
		uint8_t *p = r->buf + i * r->cap;
		size_t s = r->next_stream;
		uint16_t seq = st->seq[s]++;

		r->next_stream = (s + 1) % st->n;
		p[0] = 0x80;
		p[1] = 0x00;
		p[2] = (uint8_t)(seq >> 8);
		p[3] = (uint8_t)seq;
		memset(p + 4, 0, 4);
		p[8] = (uint8_t)(st->ssrc[s] >> 24);
		p[9] = (uint8_t)(st->ssrc[s] >> 16);
		p[10] = (uint8_t)(st->ssrc[s] >> 8);
		p[11] = (uint8_t)st->ssrc[s];
		if (st->ext) {
			/* an audio level (ID 1, 1 byte) and a 4-byte element (ID 2), 1 byte of
			 * padding: 8 bytes, as a WebRTC sender writes them */
			static const uint8_t ext[12] = { 0xbe, 0xde, 0, 2, 0x10, 0x7f, 0x23, 1, 2,
							 3, 4, 0 };

			p[0] |= 0x10;
			memcpy(p + 12, ext, sizeof(ext));
		}
		r->len[i] = r->size;
	}
}

static size_t run_srtpo(srtpo_session_t *s, struct round *r, int unprotect)
{
	srtpo_packet_t pk[BURST];
	size_t ok = 0;

	for (size_t i = 0; i < r->n; i += BURST) {
		size_t m = r->n - i < BURST ? r->n - i : BURST;

		for (size_t j = 0; j < m; j++) {
			uint8_t *p = r->buf + (i + j) * r->cap;

			pk[j].in = p;
			pk[j].out = p;
			pk[j].in_len = r->len[i + j];
			pk[j].out_cap = r->cap;
		}
		ok += unprotect ? srtpo_unprotect_burst(s, pk, m) : srtpo_protect_burst(s, pk, m);
		for (size_t j = 0; j < m; j++)
			r->len[i + j] = pk[j].out_len;
	}
	return ok;
}

static size_t run_libsrtp2(struct libsrtp2 *l, srtp_t s, struct round *r, int unprotect)
{
	size_t ok = 0;

	for (size_t i = 0; i < r->n; i++) {
		int len = (int)r->len[i];
		srtp_err_status_t e = unprotect ? l->unprotect(s, r->buf + i * r->cap, &len) :
						  l->protect(s, r->buf + i * r->cap, &len);

		ok += e == srtp_err_status_ok;
		r->len[i] = (size_t)len;
	}
	return ok;
}

/* Raw crypto anchor: ipsec-mb chained AES-CTR + HMAC-SHA1 burst on the same packets. */
struct imb_anchor {
	IMB_MGR *mgr;
	DECLARE_ALIGNED(uint32_t ek[60], 16);
	DECLARE_ALIGNED(uint32_t dk[60], 16);
	DECLARE_ALIGNED(uint8_t ipad[20], 16);
	DECLARE_ALIGNED(uint8_t opad[20], 16);
	uint8_t iv[BURST][16];
	uint8_t tag[BURST][20];
	struct gcm_key_data gcm __attribute__((aligned(64)));
	int is_gcm;
	size_t tag_len;
};

static int imb_anchor_init(struct imb_anchor *a, size_t key_len)
{
	uint8_t key[32], pad[64];

	a->mgr = alloc_mb_mgr(0);
	if (!a->mgr)
		return -1;
	init_mb_mgr_auto(a->mgr, NULL);
	rnd_bytes(key, sizeof(key));
	if (a->is_gcm) {
		if (key_len == 32)
			IMB_AES256_GCM_PRE(a->mgr, key, &a->gcm);
		else
			IMB_AES128_GCM_PRE(a->mgr, key, &a->gcm);
		return 0;
	}
	if (key_len == 32)
		IMB_AES_KEYEXP_256(a->mgr, key, a->ek, a->dk);
	else
		IMB_AES_KEYEXP_128(a->mgr, key, a->ek, a->dk);
	memset(pad, 0x36, 64);
	IMB_SHA1_ONE_BLOCK(a->mgr, pad, a->ipad);
	memset(pad, 0x5c, 64);
	IMB_SHA1_ONE_BLOCK(a->mgr, pad, a->opad);
	return 0;
}

/*
 * Raw GCM anchor: one ipsec-mb GCM call per packet (the 12-byte RTP header as AAD, the payload,
 * a tag), as an application using ipsec-mb's GCM directly would do it. Unprotect: decrypt and a
 * constant-time tag compare.
 */
static size_t run_imb_gcm(struct imb_anchor *a, struct round *r, size_t key_len, int unprotect)
{
	struct gcm_context_data ctx;
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++) {
		uint8_t *p = r->buf + i * r->cap, *d = p + 12, *t = p + r->size, tag[16];
		uint64_t len = r->size - 12;

		if (!unprotect) {
			if (key_len == 32)
				IMB_AES256_GCM_ENC(a->mgr, &a->gcm, &ctx, d, d, len, p, p, 12, t,
						   a->tag_len);
			else
				IMB_AES128_GCM_ENC(a->mgr, &a->gcm, &ctx, d, d, len, p, p, 12, t,
						   a->tag_len);
			n++;
			continue;
		}
		if (key_len == 32)
			IMB_AES256_GCM_DEC(a->mgr, &a->gcm, &ctx, d, d, len, p, p, 12, tag, a->tag_len);
		else
			IMB_AES128_GCM_DEC(a->mgr, &a->gcm, &ctx, d, d, len, p, p, 12, tag, a->tag_len);
		uint8_t diff = 0;

		for (size_t k = 0; k < a->tag_len; k++)
			diff |= tag[k] ^ t[k];
		n += diff == 0 || diff != 0; /* the work is done either way: the tags are random */
	}
	return n;
}

static size_t run_imb(struct imb_anchor *a, struct round *r, size_t key_len)
{
	size_t submitted = 0;
	IMB_JOB *jobs[BURST];

	for (size_t i = 0; i < r->n; i += BURST) {
		size_t m = r->n - i < BURST ? r->n - i : BURST;
		uint32_t got = IMB_GET_NEXT_BURST(a->mgr, (uint32_t)m, jobs);

		if (got < m) {
			IMB_FLUSH_BURST(a->mgr, BURST, jobs);
			got = IMB_GET_NEXT_BURST(a->mgr, (uint32_t)m, jobs);
		}
		for (size_t j = 0; j < got; j++) {
			IMB_JOB *job = jobs[j];
			uint8_t *p = r->buf + (i + j) * r->cap;

			memcpy(a->iv[j], p, 16);
			job->cipher_mode = IMB_CIPHER_CNTR;
			job->cipher_direction = IMB_DIR_ENCRYPT;
			job->chain_order = IMB_ORDER_CIPHER_HASH;
			job->hash_alg = IMB_AUTH_HMAC_SHA_1;
			job->enc_keys = a->ek;
			job->dec_keys = a->dk;
			job->key_len_in_bytes = key_len;
			job->src = p;
			job->dst = p + 12;
			job->cipher_start_src_offset_in_bytes = 12;
			job->msg_len_to_cipher_in_bytes = r->size - 12;
			job->iv = a->iv[j];
			job->iv_len_in_bytes = 16;
			job->hash_start_src_offset_in_bytes = 0;
			job->msg_len_to_hash_in_bytes = r->size + 4;
			job->auth_tag_output = a->tag[j];
			job->auth_tag_output_len_in_bytes = 12;
			job->u.HMAC._hashed_auth_key_xor_ipad = a->ipad;
			job->u.HMAC._hashed_auth_key_xor_opad = a->opad;
		}
		if (got && IMB_SUBMIT_BURST(a->mgr, got, jobs) == 0 && imb_get_errno(a->mgr))
			return 0;
		submitted += got;
	}
	while (IMB_FLUSH_BURST(a->mgr, BURST, jobs) > 0)
		;
	return submitted;
}

/* ---- one measurement ---- */

/*
 * Each engine under test works with a partner srtpo session that sees every packet it sees, so
 * both keep the same view of every stream (ROC, replay window) across measurements, and every
 * output is checked: what the engine protects, the partner unprotects; what the engine
 * unprotects, the partner protected.
 */
struct pair {
	srtpo_session_t *srtpo;       /* the srtpo engine under test (NULL for the libsrtp2 pair) */
	srtp_t lib;                   /* the libsrtp2 session under test */
	srtpo_session_t *partner;
	uint16_t *seq;                /* next sequence number per stream, for this pair */
};

enum engine { ENG_SRTPO, ENG_LIBSRTP2, ENG_IMB };

struct result {
	double pps;
	size_t packets;
	int failed;
};

static size_t run_engine(enum engine eng, struct pair *pr, struct libsrtp2 *l, struct round *r,
			 int unprotect)
{
	return eng == ENG_SRTPO ? run_srtpo(pr->srtpo, r, unprotect)
				: run_libsrtp2(l, pr->lib, r, unprotect);
}

static struct result measure(enum engine eng, int unprotect, struct streams *st, struct pair *pr,
			     struct libsrtp2 *l, struct imb_anchor *a, size_t size, double seconds)
{
	struct result res = { 0, 0, 0 };
	struct round r = { size, (size + 64 + 63) & ~(size_t)63, 0, NULL, NULL, 0 };
	size_t round_n = MAX_ROUND;
	uint16_t *saved_seq = st->seq;
	double busy = 0;

	/* libsrtp2 looks streams up by walking a list: keep its rounds short with many streams. */
	if (eng == ENG_LIBSRTP2 && st->n >= 10000)
		round_n = 64;
	r.buf = aligned_alloc(64, r.cap * MAX_ROUND);
	r.len = calloc(MAX_ROUND, sizeof(*r.len));
	if (!r.buf || !r.len) {
		res.failed = 1;
		goto out;
	}
	memset(r.buf, 0xab, r.cap * MAX_ROUND);
	if (pr)
		st->seq = pr->seq;
	r.next_stream = 0;
	/* One untimed warm-up round, then timed rounds until the time is used. */
	for (int warm = 1; busy < seconds; warm = 0) {
		double t0;
		size_t ok;

		round_fill_clear(&r, st, round_n);
		if (eng == ENG_IMB) {
			t0 = now_s();
			ok = a->is_gcm ? run_imb_gcm(a, &r, st->key_len, unprotect)
				       : run_imb(a, &r, st->key_len);
		} else if (unprotect) {
			if (run_srtpo(pr->partner, &r, 0) != r.n)
				goto fail;
			t0 = now_s();
			ok = run_engine(eng, pr, l, &r, 1);
		} else {
			t0 = now_s();
			ok = run_engine(eng, pr, l, &r, 0);
			busy += warm ? 0 : now_s() - t0;
			t0 = 0;
			/* The partner checks (and follows) what was just protected. */
			if (ok != r.n || run_srtpo(pr->partner, &r, 1) != r.n)
				goto fail;
		}
		if (t0 != 0 && !warm)
			busy += now_s() - t0;
		if (ok != r.n)
			goto fail;
		if (!warm)
			res.packets += r.n;
	}
	res.pps = (double)res.packets / busy;
	goto out;
fail:
	res.failed = 1;
out:
	st->seq = saved_seq;
	free(r.buf);
	free(r.len);
	return res;
}

static void pair_free(struct pair *pr, struct libsrtp2 *l)
{
	srtpo_destroy(pr->srtpo);
	srtpo_destroy(pr->partner);
	if (pr->lib)
		l->dealloc(pr->lib);
	free(pr->seq);
	memset(pr, 0, sizeof(*pr));
}

static int pair_init(struct pair *pr, const struct streams *st, struct libsrtp2 *l, int lib)
{
	memset(pr, 0, sizeof(*pr));
	pr->seq = calloc(st->n, sizeof(*pr->seq));
	pr->partner = srtpo_session_for(st);
	if (lib)
		pr->lib = libsrtp2_session_for(l, st, 0);
	else
		pr->srtpo = srtpo_session_for(st);
	if (!pr->seq || !pr->partner || (lib ? !pr->lib : !pr->srtpo)) {
		pair_free(pr, l);
		return -1;
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: srtpo bench [--seconds S] [--quick] [--streams N] [--no-libsrtp2] [--suite NAME]\n"
		"                   [--threads N] [--json]\n"
		"\n"
		"Packets per second on one core for protect and unprotect, 172- and 1200-byte\n"
		"packets, 1, 1000 and 100000 streams, bursts of %d; libsrtp2 (when installed) and\n"
		"intel-ipsec-mb raw crypto measured on the same packets in the same run. Suites:\n"
		"AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM, then the GCM suite with header\n"
		"extensions (plain, RFC 6904, cryptex).\n"
		"\n"
		"  --seconds S   time per measurement (default 0.3)\n"
		"  --quick       1 and 1000 streams only, 0.1 s each\n"
		"  --suite NAME  only this suite (AES-CM 128/256 with HMAC-SHA1-80, AEAD_AES_128/256_GCM,\n"
		"                the _8 GCM suites)\n"
		"  --streams N   measure N streams only\n"
		"  --no-libsrtp2 skip libsrtp2 (its setup is quadratic in the stream count)\n"
		"  --threads N   instead: 172-byte packets, 1000 streams per thread, a session per\n"
		"                thread: one thread, then N at once (do not pin to one core)\n"
		"  --wall        time by the wall clock (default: this thread's CPU time, which\n"
		"                other load on a shared machine disturbs less)\n"
		"  --json        one JSON document on stdout instead of the table\n",
		BURST);
}

static int bench_suite_ok(srtpo_suite_t suite)
{
	srtpo_crypto_policy_t cp;

	if (srtpo_suite_policy(suite, &cp) || cp.cipher == SRTPO_CIPHER_AES_192_CM)
		return 0;
	if (cp.auth == SRTPO_AUTH_GCM)
		return 1;
	return cp.cipher != SRTPO_CIPHER_NULL && cp.auth == SRTPO_AUTH_HMAC_SHA1 && cp.tag_len == 10;
}

static void print_head(const struct bench_opts *o, const char *suite, const char *backend)
{
	if (o->json)
		return;
	printf("srtpo bench: %s, engine %s, burst %d, one core, %s time\n", suite, backend,
	       BURST, bench_clock == CLOCK_MONOTONIC ? "wall" : "CPU");
	printf("%-5s %-8s %-10s %12s %12s %10s %12s %8s\n", "size", "streams", "op", "srtpo Mpps",
	       "libsrtp2 Mpps", "x libsrtp2", "ipsec-mb raw", "x raw");
}

/* The table of one suite: sizes x stream counts x protect/unprotect. Returns 0 or 1. */
static int bench_suite(const struct bench_opts *o, srtpo_suite_t suite, int have_lib,
		       struct libsrtp2 *lib, const size_t *counts, size_t ncounts, int *first)
{
	static const size_t sizes[] = { 172, 1200 };
	int rc = 0, gcm;
	srtpo_crypto_policy_t cp;

	srtpo_suite_policy(suite, &cp);
	gcm = cp.auth == SRTPO_AUTH_GCM;
	if (o->json)
		printf("%s{\"suite\":\"%s\",\"results\":[", *first ? "" : ",", srtpo_suite_name(suite));
	*first = 0;
	for (size_t ci = 0; ci < ncounts; ci++) {
		struct streams st;
		struct pair pr;
		struct imb_anchor *a = aligned_alloc(64, (sizeof(*a) + 63) & ~(size_t)63);
		struct result rs[2][2], rl[2][2], ri[2][2];

		memset(rl, 0, sizeof(rl));
		memset(ri, 0, sizeof(ri));
		if (a) {
			memset(a, 0, sizeof(*a));
			a->is_gcm = gcm;
			a->tag_len = cp.tag_len;
		}
		if (!a || streams_init(&st, counts[ci], suite) || imb_anchor_init(a, st.key_len) ||
		    pair_init(&pr, &st, lib, 0)) {
			fprintf(stderr, "srtpo bench: out of memory\n");
			return 1;
		}
		/* libsrtpo first, alone in memory; then libsrtp2 on the same packets. */
		for (size_t zi = 0; zi < 2; zi++) {
			for (int unp = 0; unp < 2; unp++)
				rs[zi][unp] = measure(ENG_SRTPO, unp, &st, &pr, lib, a, sizes[zi],
						      o->seconds);
			for (int unp = 0; unp < 1 + gcm; unp++)
				ri[zi][unp] = measure(ENG_IMB, unp, &st, NULL, lib, a, sizes[zi],
						      o->seconds);
		}
		pair_free(&pr, lib);
		if (have_lib) {
			if (!o->json && counts[ci] >= 10000)
				fprintf(stderr, "(libsrtp2: adding %zu streams takes a while: its "
						"stream list is linear)\n", counts[ci]);
			if (pair_init(&pr, &st, lib, 1) == 0) {
				for (size_t zi = 0; zi < 2; zi++)
					for (int unp = 0; unp < 2; unp++)
						rl[zi][unp] = measure(ENG_LIBSRTP2, unp, &st, &pr, lib,
								      a, sizes[zi], o->seconds);
				pair_free(&pr, lib);
			}
		}
		for (size_t zi = 0; zi < 2; zi++) {
			for (int unp = 0; unp < 2; unp++) {
				const struct result *r1 = &rs[zi][unp], *r2 = &rl[zi][unp];
				double raw = ri[zi][unp].pps;

				if (r1->failed || r2->failed || ri[zi][unp].failed) {
					fprintf(stderr, "srtpo bench: %s failed (size %zu, %zu streams, %s)\n",
						r1->failed ? "libsrtpo" : r2->failed ? "libsrtp2" : "ipsec-mb",
						sizes[zi], counts[ci], unp ? "unprotect" : "protect");
					rc = 1;
				}
				if (o->json) {
					printf("%s{\"size\":%zu,\"streams\":%zu,\"op\":\"%s\","
					       "\"srtpo_pps\":%.0f,\"libsrtp2_pps\":%.0f,"
					       "\"ipsecmb_raw_pps\":%.0f}",
					       ci + zi + (size_t)unp ? "," : "", sizes[zi], counts[ci],
					       unp ? "unprotect" : "protect", r1->pps, r2->pps, raw);
				} else {
					char lib_s[16] = "n/a", ratio[16] = "", raw_s[16] = "", rraw[16] = "";

					if (r2->pps > 0) {
						if (r2->pps >= 1e4)
							snprintf(lib_s, sizeof(lib_s), "%.3f", r2->pps / 1e6);
						else
							snprintf(lib_s, sizeof(lib_s), "%.0f pps", r2->pps);
						snprintf(ratio, sizeof(ratio), "%.0fx", r1->pps / r2->pps);
					}
					if (raw > 0) {
						snprintf(raw_s, sizeof(raw_s), "%.2f", raw / 1e6);
						snprintf(rraw, sizeof(rraw), "%.2fx", r1->pps / raw);
					}
					printf("%-5zu %-8zu %-10s %12.2f %12s %10s %12s %8s\n", sizes[zi],
					       counts[ci], unp ? "unprotect" : "protect", r1->pps / 1e6,
					       lib_s, ratio, raw_s, rraw);
				}
			}
		}
		fflush(stdout);
		free_mb_mgr(a->mgr);
		free(a);
		streams_free(&st);
	}
	if (o->json)
		printf("]}");
	return rc;
}

/*
 * Header extensions: the suite on 172-byte packets that carry an 8-byte extension block, 1 and
 * 1000 streams; plain (the block in the clear), RFC 6904 (IDs 1 and 2 encrypted), cryptex. The
 * cost is against plain, in the same run.
 */
static int bench_ext(const struct bench_opts *o, srtpo_suite_t suite, const size_t *counts,
		     size_t ncounts)
{
	static const char *const mode[] = { "plain", "rfc6904", "cryptex" };
	int rc = 0;

	if (o->json)
		printf(",\"extensions\":{\"suite\":\"%s\",\"size\":172,\"results\":[",
		       srtpo_suite_name(suite));
	else
		printf("\nheader extensions: %s, 172 bytes with an 8-byte extension block\n"
		       "%-8s %-10s %12s %12s %12s %9s %9s\n",
		       srtpo_suite_name(suite), "streams", "op", "plain Mpps", "RFC6904 Mpps",
		       "cryptex Mpps", "6904 cost", "cryptex");
	for (size_t ci = 0; ci < ncounts; ci++) {
		struct result res[3][2];

		for (int m = 0; m < 3; m++) {
			struct streams st;
			struct pair pr;

			if (streams_init(&st, counts[ci], suite))
				return 1;
			st.ext = 1;
			st.xtn = m == 1;
			st.cryptex = m == 2;
			if (pair_init(&pr, &st, NULL, 0)) {
				streams_free(&st);
				return 1;
			}
			for (int unp = 0; unp < 2; unp++) {
				res[m][unp] = measure(ENG_SRTPO, unp, &st, &pr, NULL, NULL, 172,
						      o->seconds);
				rc |= res[m][unp].failed;
			}
			pair_free(&pr, NULL);
			streams_free(&st);
		}
		for (int unp = 0; unp < 2; unp++) {
			double p = res[0][unp].pps, x = res[1][unp].pps, c = res[2][unp].pps;

			if (o->json)
				printf("%s{\"streams\":%zu,\"op\":\"%s\",\"plain_pps\":%.0f,"
				       "\"rfc6904_pps\":%.0f,\"cryptex_pps\":%.0f}",
				       ci + (size_t)unp ? "," : "", counts[ci],
				       unp ? "unprotect" : "protect", p, x, c);
			else
				printf("%-8zu %-10s %12.2f %12.2f %12.2f %8.0f%% %8.0f%%\n", counts[ci],
				       unp ? "unprotect" : "protect", p / 1e6, x / 1e6, c / 1e6,
				       p > 0 ? 100.0 * (p - x) / p : 0, p > 0 ? 100.0 * (p - c) / p : 0);
		}
		fflush(stdout);
	}
	if (o->json)
		printf("]}");
	(void)mode;
	return rc;
}

/* ---- threads ---- */

struct worker {
	struct streams st;
	struct pair pr;
	double seconds;
	struct result res[2];
	pthread_barrier_t *bar;
	pthread_t tid;
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;

	for (int unp = 0; unp < 2; unp++) {
		pthread_barrier_wait(w->bar);
		w->res[unp] = measure(ENG_SRTPO, unp, &w->st, &w->pr, NULL, NULL, 172, w->seconds);
	}
	return NULL;
}

/* Aggregate packets per second of n threads, each with its own session and streams. */
static int run_threads(srtpo_suite_t suite, int n, double seconds, double pps[2])
{
	struct worker *w = calloc((size_t)n, sizeof(*w));
	pthread_barrier_t bar;
	int rc = 0, started = 0;

	if (!w || pthread_barrier_init(&bar, NULL, (unsigned)n)) {
		free(w);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		w[i].seconds = seconds;
		w[i].bar = &bar;
		if (streams_init(&w[i].st, 1000, suite) || pair_init(&w[i].pr, &w[i].st, NULL, 0))
			rc = 1;
	}
	for (int i = 0; i < n && !rc; i++, started++)
		if (pthread_create(&w[i].tid, NULL, worker_run, &w[i]))
			rc = 1;
	if (rc && started) {
		/* the barrier waits for n: cannot run short-handed */
		fprintf(stderr, "srtpo bench: could not start %d threads\n", n);
		exit(1);
	}
	pps[0] = pps[1] = 0;
	for (int i = 0; i < started; i++) {
		pthread_join(w[i].tid, NULL);
		for (int unp = 0; unp < 2; unp++) {
			pps[unp] += w[i].res[unp].pps;
			rc |= w[i].res[unp].failed;
		}
	}
	for (int i = 0; i < n; i++) {
		pair_free(&w[i].pr, NULL);
		streams_free(&w[i].st);
	}
	pthread_barrier_destroy(&bar);
	free(w);
	return rc;
}

static int bench_threads(const struct bench_opts *o, const srtpo_suite_t *suites, size_t nsuites)
{
	int rc = 0;

	if (o->json)
		printf("{\"threads\":%d,\"size\":172,\"streams_per_thread\":1000,\"results\":[",
		       o->threads);
	else
		printf("srtpo bench --threads %d: 172 bytes, 1000 streams per thread, a session per "
		       "thread\n(wall: what the threads got done together, needs %d idle cores; CPU: the "
		       "sum of each thread's packets per CPU second,\n what contention between them "
		       "costs, whatever else runs on the machine)\n"
		       "%-24s %-10s %10s %10s %8s %10s %10s %8s\n",
		       o->threads, o->threads, "suite", "op", "1 thr wall", "N thr wall", "scaling",
		       "1 thr CPU", "N thr CPU", "scaling");
	for (size_t si = 0; si < nsuites; si++) {
		double one[2], many[2], one_cpu[2], many_cpu[2];

		bench_clock = CLOCK_MONOTONIC;
		rc |= run_threads(suites[si], 1, o->seconds, one);
		rc |= run_threads(suites[si], o->threads, o->seconds, many);
		bench_clock = CLOCK_THREAD_CPUTIME_ID;
		rc |= run_threads(suites[si], 1, o->seconds, one_cpu);
		rc |= run_threads(suites[si], o->threads, o->seconds, many_cpu);
		for (int unp = 0; unp < 2; unp++) {
			if (o->json)
				printf("%s{\"suite\":\"%s\",\"op\":\"%s\",\"one_pps\":%.0f,"
				       "\"n_pps\":%.0f,\"one_cpu_pps\":%.0f,\"n_cpu_pps\":%.0f}",
				       si + (size_t)unp ? "," : "", srtpo_suite_name(suites[si]),
				       unp ? "unprotect" : "protect", one[unp], many[unp], one_cpu[unp],
				       many_cpu[unp]);
			else
				printf("%-24s %-10s %10.2f %10.2f %7.2fx %10.2f %10.2f %7.2fx\n",
				       srtpo_suite_name(suites[si]), unp ? "unprotect" : "protect",
				       one[unp] / 1e6, many[unp] / 1e6,
				       one[unp] > 0 ? many[unp] / one[unp] : 0, one_cpu[unp] / 1e6,
				       many_cpu[unp] / 1e6,
				       one_cpu[unp] > 0 ? many_cpu[unp] / one_cpu[unp] : 0);
		}
		fflush(stdout);
	}
	if (o->json)
		printf("]}\n");
	return rc;
}
int srtpo_bench_libsrtp2(int argc, char **argv); /* bench_libsrtp2.c */

int srtpo_cmd_bench(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "quick", no_argument, NULL, 'q' },
		{ "suite", required_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-libsrtp2", no_argument, NULL, 'n' },
		{ "streams", required_argument, NULL, 'N' },
		{ "threads", required_argument, NULL, 'T' },
		{ "wall", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bench_opts o = { 0.3, 0, 0, 0, 0, NULL, 0 };
	srtpo_suite_t suites[2] = { SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80,
				    SRTPO_SUITE_AEAD_AES_128_GCM };
	size_t nsuites = 2;
	size_t counts[] = { 1, 1000, 100000 };
	struct libsrtp2 lib;
	int have_lib, c, first = 1, rc = 0;
	const char *backend = "?";
	size_t ncounts;

	memset(&lib, 0, sizeof(lib));
	for (int i = 1; i < argc; i++) /* --api libsrtp2: the drop-in against libsrtp2 */
		if (!strncmp(argv[i], "--api", 5))
			return srtpo_bench_libsrtp2(argc, argv);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o.seconds = atof(optarg);
			if (o.seconds <= 0 || o.seconds > 60) {
				fprintf(stderr, "srtpo bench: --seconds must be in (0, 60]\n");
				return 2;
			}
			break;
		case 'q':
			o.quick = 1;
			o.seconds = 0.1;
			break;
		case 'S':
			o.suite = optarg;
			break;
		case 'j':
			o.json = 1;
			break;
		case 'n':
			o.no_lib = 1;
			break;
		case 'N':
			o.only_streams = strtoul(optarg, NULL, 10);
			if (o.only_streams < 1 || o.only_streams > 10000000) {
				fprintf(stderr, "srtpo bench: --streams must be 1..10000000\n");
				return 2;
			}
			break;
		case 'T':
			o.threads = atoi(optarg);
			if (o.threads < 1 || o.threads > 256) {
				fprintf(stderr, "srtpo bench: --threads must be 1..256\n");
				return 2;
			}
			break;
		case 'W':
			bench_clock = CLOCK_MONOTONIC;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (o.suite) {
		if (srtpo_suite_from_name(o.suite, &suites[0]) || !bench_suite_ok(suites[0])) {
			fprintf(stderr, "srtpo bench: suite must be AES_CM_128_HMAC_SHA1_80, "
					"AES_256_CM_HMAC_SHA1_80 or one of the AEAD_AES_*_GCM(_8)\n");
			return 2;
		}
		nsuites = 1;
	}
	if (o.threads)
		return bench_threads(&o, suites, nsuites);
	have_lib = !o.no_lib && libsrtp2_load(&lib) == 0;
	{
		srtpo_session_t *s;

		if (!srtpo_create(&s, NULL, 0, NULL)) {
			static char name[64];

			snprintf(name, sizeof(name), "%s", srtpo_backend_name(s));
			backend = name;
			srtpo_destroy(s);
		}
	}
	ncounts = o.quick ? 2 : 3;
	if (o.only_streams) {
		counts[0] = o.only_streams;
		ncounts = 1;
	}
	if (o.json)
		printf("{\"engine\":\"%s\",\"burst\":%d,\"seconds\":%.3f,\"suites\":[", backend,
		       BURST, o.seconds);
	for (size_t si = 0; si < nsuites; si++) {
		if (si && !o.json)
			printf("\n");
		print_head(&o, srtpo_suite_name(suites[si]), backend);
		rc |= bench_suite(&o, suites[si], have_lib, &lib, counts, ncounts, &first);
	}
	if (o.json)
		printf("]");
	for (size_t si = 0; si < nsuites; si++) {
		srtpo_crypto_policy_t cp;

		srtpo_suite_policy(suites[si], &cp);
		if (cp.auth == SRTPO_AUTH_GCM) {
			rc |= bench_ext(&o, suites[si], counts, ncounts < 2 ? ncounts : 2);
			break;
		}
	}
	if (o.json)
		printf("}\n");
	if (have_lib)
		dlclose(lib.dl);
	return rc;
}
