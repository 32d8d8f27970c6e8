// SPDX-License-Identifier: BSD-3-Clause
/*
 * bench_libsrtp2.c - `srtpo bench --api libsrtp2`: single-packet srtp_protect()/srtp_unprotect()
 * calls through the libsrtp2 drop-in (userspace/libsrtp2) against Debian's libsrtp2 on the same
 * packets, with 1, 1,000 and 100,000 streams.
 *
 * Both libraries export the same names: the drop-in is dlopen()ed into this process, and
 * Debian's libsrtp2.so.1 is dlopen()ed by path in a child process (fork) for its own figures,
 * so that each runs as it would alone (in a second link namespace, dlmopen, libsrtp2's NSS runs
 * several times slower). Every call site is the same code through a function pointer; the packets (172 bytes by default: 12-byte header
 * and 160 bytes of payload, one G.711 frame) go round-robin over the streams, each stream with
 * its own key. Protect: a fresh copy of the plain packet with the stream's next sequence number,
 * then srtp_protect. Unprotect: a copy of a packet protected beforehand (outside the timing, by
 * the drop-in for both, the bytes being the same), then srtp_unprotect. Every result is checked (status, length), and the two libraries' SRTP
 * output must be byte-identical. Figures are calls per second on one core (the fastest 2 ms
 * chunk, see struct meter, over 5 rounds that alternate the libraries), measured in the same run,
 * so the ratio is what to read.
 */
#include <dlfcn.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <srtpo.h>

#include "cmd.h"

int srtpo_bench_libsrtp2(int argc, char **argv);

#define SYSTEM_LIBSRTP2 "/usr/lib/x86_64-linux-gnu/libsrtp2.so.1"
#define MAX_PKT 1500
#define TRAILER 144

/* libsrtp2's types as far as this file needs them (the ABI of libsrtp2 2.5's srtp.h). */
typedef struct {
	uint32_t cipher_type;
	int cipher_key_len;
	uint32_t auth_type;
	int auth_key_len;
	int auth_tag_len;
	int sec_serv;
} l2_crypto_policy_t;

typedef struct l2_policy {
	struct { int type; unsigned int value; } ssrc;
	l2_crypto_policy_t rtp, rtcp;
	unsigned char *key;
	void **keys;
	unsigned long num_master_keys;
	void *deprecated_ekt;
	unsigned long window_size;
	int allow_repeat_tx;
	int *enc_xtn_hdr;
	int enc_xtn_hdr_count;
	struct l2_policy *next;
} l2_policy_t;

typedef void *l2_t;

struct lib {
	const char *name;
	void *dl;
	int (*init)(void);
	int (*create)(l2_t *, const l2_policy_t *);
	int (*add_stream)(l2_t, const l2_policy_t *);
	int (*protect)(l2_t, void *, int *);
	int (*unprotect)(l2_t, void *, int *);
	int (*dealloc)(l2_t);
	void (*policy_80)(l2_crypto_policy_t *);
};

static int lib_load(struct lib *l, const char *name, const char *path)
{
	memset(l, 0, sizeof(*l));
	l->name = name;
	l->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND); /* its names bind inside it */
	if (!l->dl) {
		fprintf(stderr, "srtpo bench: %s: %s\n", path, dlerror());
		return -1;
	}
	*(void **)&l->init = dlsym(l->dl, "srtp_init");
	*(void **)&l->create = dlsym(l->dl, "srtp_create");
	*(void **)&l->add_stream = dlsym(l->dl, "srtp_add_stream");
	*(void **)&l->protect = dlsym(l->dl, "srtp_protect");
	*(void **)&l->unprotect = dlsym(l->dl, "srtp_unprotect");
	*(void **)&l->dealloc = dlsym(l->dl, "srtp_dealloc");
	*(void **)&l->policy_80 = dlsym(l->dl, "srtp_crypto_policy_set_rtp_default");
	if (!l->init || !l->create || !l->add_stream || !l->protect || !l->unprotect ||
	    !l->dealloc || !l->policy_80 || l->init() != 0) {
		fprintf(stderr, "srtpo bench: %s is not a libsrtp2\n", path);
		return -1;
	}
	return 0;
}

/* Where the drop-in is: --dropin, $SRTPO_LIBSRTP2, else beside this program (build/ and an
 * installed tree both keep it in srtpo-libsrtp2/ next to ../lib or the binary). */
static const char *find_dropin(const char *given, char *buf, size_t cap)
{
	char exe[PATH_MAX - 64];
	ssize_t n;
	char *slash;

	if (given)
		return given;
	if (getenv("SRTPO_LIBSRTP2"))
		return getenv("SRTPO_LIBSRTP2");
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = 0;
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = 0;
	snprintf(buf, cap, "%s/srtpo-libsrtp2/libsrtp2.so.1", exe);
	if (access(buf, R_OK) == 0)
		return buf;
	snprintf(buf, cap, "%s/../lib/srtpo-libsrtp2/libsrtp2.so.1", exe);
	return access(buf, R_OK) == 0 ? buf : NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng_state = 0x5eed5eed12345678ull;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* The streams: SSRC and key per stream, shared by both libraries. */
struct streams {
	size_t n;
	uint32_t *ssrc;
	unsigned char (*key)[30];
};

static int streams_init(struct streams *st, size_t n)
{
	st->n = n;
	st->ssrc = calloc(n, sizeof(*st->ssrc));
	st->key = calloc(n, sizeof(*st->key));
	if (!st->ssrc || !st->key)
		return -1;
	for (size_t i = 0; i < n; i++) {
		st->ssrc[i] = (uint32_t)(0x10000000u + i * 2654435761u);
		for (int b = 0; b < 30; b++)
			st->key[i][b] = (unsigned char)rnd();
	}
	return 0;
}

static void streams_free(struct streams *st)
{
	free(st->ssrc);
	free(st->key);
}

/* A session with one stream per SSRC (added one by one, as a media server does). */
static int session_new(const struct lib *l, const struct streams *st, l2_t *out)
{
	l2_policy_t p;

	if (l->create(out, NULL))
		return -1;
	for (size_t i = 0; i < st->n; i++) {
		memset(&p, 0, sizeof(p));
		l->policy_80(&p.rtp);
		l->policy_80(&p.rtcp);
		p.ssrc.type = 1; /* ssrc_specific */
		p.ssrc.value = st->ssrc[i];
		p.key = st->key[i];
		if (l->add_stream(*out, &p))
			return -1;
	}
	return 0;
}

static uint8_t payload[MAX_PKT];

/* An RTP packet: a copy of one payload (so that building it costs both libraries alike little). */
static void make_packet(uint8_t *p, size_t size, uint32_t ssrc, uint16_t seq)
{
	memcpy(p + 12, payload + 12, size - 12);
	p[0] = 0x80;
	p[1] = 0;
	p[2] = (uint8_t)(seq >> 8);
	p[3] = (uint8_t)seq;
	memset(p + 4, 0x11, 4);
	p[8] = (uint8_t)(ssrc >> 24);
	p[9] = (uint8_t)(ssrc >> 16);
	p[10] = (uint8_t)(ssrc >> 8);
	p[11] = (uint8_t)ssrc;
}

struct result {
	double protect_pps, unprotect_pps;
	int ok;
};

/*
 * Protect: packet k goes to stream k % n with that stream's next sequence number. Runs for
 * `seconds` (at least min_calls calls). Unprotect: a batch protected beforehand by the same
 * library's sender, then timed. seq_base keeps both runs' sequence numbers apart.
 */
/*
 * The machine may be shared: a run is cut into chunks of at least 2 ms (shorter than a
 * scheduler time slice; at least 16 calls for a slow library) and the fastest chunk gives the
 * figure, the same rule for both libraries: the rate the code runs at when it has the core.
 */
struct meter {
	double chunk_start, used, best;
	size_t chunk_calls;
};

static void meter_start(struct meter *m)
{
	m->chunk_start = now();
	m->chunk_calls = 0;
}

/* Counts calls; every 16 closes the chunk once 2 ms passed. Returns the time used so far. */
static inline double meter_add(struct meter *m, size_t calls)
{
	m->chunk_calls += calls;
	if (m->chunk_calls >= 16) {
		double t = now(), dt = t - m->chunk_start;

		if (dt >= 0.002 || m->chunk_calls >= (1u << 20)) {
			if (m->chunk_calls / dt > m->best)
				m->best = (double)m->chunk_calls / dt;
			m->used += dt;
			m->chunk_start = t;
			m->chunk_calls = 0;
		}
	}
	return m->used;
}

static struct result measure(const struct lib *l, const struct lib *gen, const struct streams *st,
			     size_t size, double seconds, uint16_t *seq_tx)
{
	struct result r = { 0, 0, 0 };
	struct meter mp = { 0, 0, 0, 0 }, mu = { 0, 0, 0, 0 };
	l2_t tx = NULL, rx = NULL, tx2 = NULL;
	uint16_t *seq2 = calloc(st->n, sizeof(*seq2));
	uint8_t buf[MAX_PKT + TRAILER];
	size_t batch = st->n < 65536 ? 65536 : st->n, k; /* many 2 ms chunks */
	uint8_t *prot = NULL;
	int *plen = NULL;

	/* tx: the timed protects; tx2 -> rx: the packets to unprotect, made by `gen` (the drop-in:
	 * the same bytes, and quick to set up with 100,000 streams) from sequence number 0 so that
	 * the receiver's ROC estimate follows (tx has rolled over many times by then) */
	/* With 100,000 streams each stream sees a handful of packets, so one session serves both
	 * (its ROCs stay 0; libsrtp2 needs minutes per 100,000 streams, its NSS key objects being
	 * kept in lists): the packets to unprotect continue tx's sequence numbers. */
	int one_session = st->n >= 10000;

	if (!seq2 || session_new(l, st, &tx) || session_new(gen, st, &tx2))
		goto out;
	if (one_session)
		rx = tx;
	else if (session_new(l, st, &rx))
		goto out;
	/* protect */
	meter_start(&mp);
	for (k = 0; meter_add(&mp, 1) < seconds; k++) {
		size_t s = k % st->n;
		int len = (int)size;

		make_packet(buf, size, st->ssrc[s], seq_tx[s]++);
		if (l->protect(tx, buf, &len) || len != (int)size + 10) {
			fprintf(stderr, "srtpo bench: %s: srtp_protect failed\n", l->name);
			goto out;
		}
	}
	r.protect_pps = mp.best;

	/* unprotect: batches of protected packets (made outside the timing), each unprotected once */
	prot = malloc(batch * (size + TRAILER));
	plen = malloc(batch * sizeof(*plen));
	if (!prot || !plen)
		goto out;
	k = 0;
	while (mu.used < seconds) {
		for (size_t j = 0; j < batch; j++, k++) {
			size_t s = k % st->n;
			uint8_t *p = prot + j * (size + TRAILER);

			plen[j] = (int)size;
			make_packet(p, size, st->ssrc[s], one_session ? seq_tx[s]++ : seq2[s]++);
			if (gen->protect(tx2, p, &plen[j]))
				goto out;
		}
		meter_start(&mu);
		for (size_t j = 0; j < batch && meter_add(&mu, 1) < seconds; j++) {
			int len = plen[j];

			memcpy(buf, prot + j * (size + TRAILER), (size_t)len);
			if (l->unprotect(rx, buf, &len) || len != (int)size) {
				fprintf(stderr, "srtpo bench: %s: srtp_unprotect failed\n", l->name);
				goto out;
			}
		}
	}
	r.unprotect_pps = mu.best;
	r.ok = r.protect_pps > 0 && r.unprotect_pps > 0;
out:
	free(prot);
	free(plen);
	free(seq2);
	if (tx2)
		gen->dealloc(tx2);
	if (tx)
		l->dealloc(tx);
	if (rx && rx != tx)
		l->dealloc(rx);
	return r;
}

/* Both libraries protect the same first packets of every stream: the SRTP must be identical. */
static int same_output(const struct lib *a, const struct lib *b, const struct streams *st,
		       size_t size)
{
	l2_t ta = NULL, tb = NULL;
	uint8_t pa[MAX_PKT + TRAILER], pb[MAX_PKT + TRAILER];
	int ok = 0;

	if (session_new(a, st, &ta) || session_new(b, st, &tb))
		goto out;
	for (size_t i = 0; i < 3 * st->n && i < 3000; i++) {
		size_t s = i % st->n;
		int la = (int)size, lb = (int)size;

		make_packet(pa, size, st->ssrc[s], (uint16_t)(100 + i / st->n));
		memcpy(pb, pa, size);
		if (a->protect(ta, pa, &la) || b->protect(tb, pb, &lb) || la != lb ||
		    memcmp(pa, pb, (size_t)la))
			goto out;
	}
	ok = 1;
out:
	if (ta)
		a->dealloc(ta);
	if (tb)
		b->dealloc(tb);
	return ok;
}

enum child_job { CHILD_SAME, CHILD_MEASURE };

/*
 * Runs a job on Debian's libsrtp2 in a child process that loads it with a plain dlopen by path
 * (the drop-in, already loaded, stays private: both are RTLD_LOCAL). Returns 1 when the job
 * succeeded (and *out holds the figures of CHILD_MEASURE).
 */
static int in_child(enum child_job job, const struct lib *dropin, const struct streams *st,
		    size_t size, double seconds, uint16_t *seq, struct result *out)
{
	struct result r = { 0, 0, 0 };
	int fd[2], status;
	pid_t pid;

	if (pipe(fd))
		return 0;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return 0;
	}
	if (pid == 0) {
		struct lib debian;

		close(fd[0]);
		if (lib_load(&debian, "libsrtp2", SYSTEM_LIBSRTP2) ||
		    dlsym(debian.dl, "srtpo_libsrtp2_session"))
			_exit(1);
		if (job == CHILD_SAME) {
			r.ok = same_output(dropin, &debian, st, size);
		} else {
			/* libsrtp2 walks a list per packet: with many streams it does few in the time */
			r = measure(&debian, dropin, st, size, seconds, seq);
		}
		if (write(fd[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	if (read(fd[0], &r, sizeof(r)) != (ssize_t)sizeof(r))
		r.ok = 0;
	close(fd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		r.ok = 0;
	if (out)
		*out = r;
	return r.ok;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: srtpo bench --api libsrtp2 [--seconds S] [--quick] [--streams N] [--size B]\n"
		"                   [--dropin PATH] [--json]\n"
		"  single-packet srtp_protect/srtp_unprotect calls through the libsrtp2 drop-in\n"
		"  against Debian's libsrtp2 (" SYSTEM_LIBSRTP2 "), AES_CM_128_HMAC_SHA1_80,\n"
		"  1 / 1,000 / 100,000 streams (--quick: not 100,000; --streams N: only N)\n");
}

int srtpo_bench_libsrtp2(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "api", required_argument, NULL, 'a' },
		{ "seconds", required_argument, NULL, 's' },
		{ "quick", no_argument, NULL, 'q' },
		{ "streams", required_argument, NULL, 'N' },
		{ "size", required_argument, NULL, 'B' },
		{ "dropin", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	size_t counts[3] = { 1, 1000, 100000 }, ncounts = 3, size = 172;
	double seconds = 0.5;
	int json = 0, c, rc = 0;
	const char *dropin_path = NULL;
	char pathbuf[PATH_MAX];
	struct lib dropin;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (strcmp(optarg, "libsrtp2")) {
				usage(stderr);
				return 2;
			}
			break;
		case 's':
			seconds = atof(optarg);
			if (seconds <= 0) {
				usage(stderr);
				return 2;
			}
			break;
		case 'q':
			ncounts = 2;
			break;
		case 'N':
			counts[0] = strtoul(optarg, NULL, 10);
			ncounts = 1;
			if (counts[0] == 0 || counts[0] > 1000000) {
				usage(stderr);
				return 2;
			}
			break;
		case 'B':
			size = strtoul(optarg, NULL, 10);
			if (size < 12 || size > MAX_PKT) {
				usage(stderr);
				return 2;
			}
			break;
		case 'd':
			dropin_path = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 7);
	dropin_path = find_dropin(dropin_path, pathbuf, sizeof(pathbuf));
	if (!dropin_path) {
		fprintf(stderr, "srtpo bench: the libsrtp2 drop-in was not found (make libsrtp2, or "
				"--dropin PATH)\n");
		return 1;
	}
	/* the drop-in here; Debian's libsrtp2 in child processes (in_child) */
	if (lib_load(&dropin, "drop-in", dropin_path) || !dlsym(dropin.dl, "srtpo_libsrtp2_session")) {
		fprintf(stderr, "srtpo bench: %s is not the drop-in\n", dropin_path);
		return 1;
	}
	{
		struct streams one;
		l2_t s;

		if (streams_init(&one, 1) || session_new(&dropin, &one, &s))
			return 1;
		dropin.dealloc(s);
		streams_free(&one);
	}
	if (json)
		printf("{\"api\": \"libsrtp2\", \"size\": %zu, \"results\": [", size);
	else
		printf("srtpo bench --api libsrtp2: single-packet calls, AES_CM_128_HMAC_SHA1_80, "
		       "%zu-byte packets, one core\n"
		       "drop-in %s\n"
		       "streams  op           drop-in Mcalls/s  libsrtp2 Mcalls/s  x libsrtp2\n",
		       size, dropin_path);
	for (size_t ci = 0; ci < ncounts; ci++) {
		size_t n = counts[ci];
		struct streams st;
		uint16_t *seq_a, *seq_b;
		struct result ra, rb;

		if (streams_init(&st, n))
			return 1;
		seq_a = calloc(n, sizeof(*seq_a));
		seq_b = calloc(n, sizeof(*seq_b));
		if (!seq_a || !seq_b)
			return 1;
		if (n <= 1000 && !in_child(CHILD_SAME, &dropin, &st, size, seconds, seq_b, NULL)) {
			fprintf(stderr, "srtpo bench: the drop-in's SRTP differs from libsrtp2's (%zu "
					"streams)\n", n);
			return 1;
		}
		/* rounds alternate the two libraries, so that both meet the same load on a shared
		 * machine (one round with 100,000 streams: libsrtp2 takes minutes to set them up) */
		int rounds = n > 1000 ? 1 : 5;

		memset(&ra, 0, sizeof(ra));
		memset(&rb, 0, sizeof(rb));
		ra.ok = rb.ok = 1;
		for (int round = 0; round < rounds && ra.ok && rb.ok; round++) {
			struct result a, b;

			a = measure(&dropin, &dropin, &st, size, seconds / rounds, seq_a);
			if (!in_child(CHILD_MEASURE, &dropin, &st, size, seconds / rounds, seq_b, &b))
				b.ok = 0;
			ra.ok = a.ok;
			rb.ok = b.ok;
			ra.protect_pps = a.protect_pps > ra.protect_pps ? a.protect_pps : ra.protect_pps;
			ra.unprotect_pps = a.unprotect_pps > ra.unprotect_pps ? a.unprotect_pps
									  : ra.unprotect_pps;
			rb.protect_pps = b.protect_pps > rb.protect_pps ? b.protect_pps : rb.protect_pps;
			rb.unprotect_pps = b.unprotect_pps > rb.unprotect_pps ? b.unprotect_pps
									  : rb.unprotect_pps;
		}
		if (!ra.ok || !rb.ok) {
			rc = 1;
		} else if (json) {
			printf("%s{\"streams\": %zu, \"protect\": {\"dropin\": %.0f, \"libsrtp2\": %.0f}, "
			       "\"unprotect\": {\"dropin\": %.0f, \"libsrtp2\": %.0f}}",
			       ci ? ", " : "", n, ra.protect_pps, rb.protect_pps, ra.unprotect_pps,
			       rb.unprotect_pps);
		} else {
			printf("%-8zu protect      %16.3f  %17.4f  %9.1fx\n", n, ra.protect_pps / 1e6,
			       rb.protect_pps / 1e6, ra.protect_pps / rb.protect_pps);
			printf("%-8zu unprotect    %16.3f  %17.4f  %9.1fx\n", n,
			       ra.unprotect_pps / 1e6, rb.unprotect_pps / 1e6,
			       ra.unprotect_pps / rb.unprotect_pps);
		}
		fflush(stdout);
		free(seq_a);
		free(seq_b);
		streams_free(&st);
	}
	if (json)
		printf("]}\n");
	return rc;
}
