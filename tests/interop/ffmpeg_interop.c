/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ffmpeg_interop.c - SRTP interop with FFmpeg's own SRTP code, through the ffmpeg binary.
 *
 * FFmpeg -> srtpo: ffmpeg encodes a generated tone to PCMU (and PCMA) and sends it as SRTP and
 *   SRTCP to a socket of this program; every packet must unprotect with srtpo, be RTP of the
 *   expected payload type, SSRC and sequence (crossing the 65535 -> 0 wrap, so the ROC moves),
 *   and the payloads must equal those of the same ffmpeg run sent as plain RTP.
 * srtpo -> FFmpeg: this program mu-law encodes a known signal, protects it with srtpo and sends it
 *   (SRTP and SRTCP) to ffmpeg, which reads an SDP with a=crypto and decodes to raw PCM; every
 *   decoded sample must equal the G.711 decode of what was sent. With a wrong key, ffmpeg must
 *   decode nothing.
 *
 * Only 127.0.0.1 and ephemeral ports are used. Every ffmpeg run has a deadline; a run that
 * overstays is killed by its pid, and none is left behind.
 *
 * Usage: ffmpeg_interop [--ffmpeg PATH] [--workdir DIR] [--seed N] [--verbose]
 * Exit status: 0 pass, 1 a check failed, 2 set-up failure (no ffmpeg, no sockets, ...).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "srtpo.h"
#include "testutil.h"

#define FRAME 160              /* samples per packet: 20 ms at 8 kHz */
#define FF_PACKETS 100         /* ffmpeg sends 2 s of audio */
#define OUR_PACKETS 150        /* we send 3 s */
#define FF_DEADLINE_MS 20000
#define MAX_PKTS 512

static struct {
	const char *ffmpeg;
	const char *workdir;
	uint64_t seed;
	bool verbose;
	int failures;
	int checks;
} g = { .ffmpeg = "ffmpeg", .workdir = "build/tests/interop/ffmpeg-work" };

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FAIL (seed %" PRIu64 "): ", g.seed);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	g.failures++;
}

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	g.checks++;
	if (ok)
		return;
	fprintf(stderr, "FAIL (seed %" PRIu64 "): ", g.seed);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	g.failures++;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ffmpeg_interop: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(2);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---------------------------------------------------------------------------------------------- */
/* Sockets and ports                                                                               */

static int udp_bind(uint16_t port, uint16_t *bound)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rcvbuf = 4 << 20;

	if (fd < 0)
		die("socket: %s", strerror(errno));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	getsockname(fd, (struct sockaddr *)&a, &alen);
	if (bound)
		*bound = ntohs(a.sin_port);
	return fd;
}

/* Binds an RTP/RTCP pair of ephemeral ports P (even) and P + 1 on 127.0.0.1. */
static void udp_pair(int fd[2], uint16_t *port)
{
	for (int tries = 0; tries < 200; tries++) {
		uint16_t p;

		fd[0] = udp_bind(0, &p);
		if (fd[0] < 0)
			continue;
		if (p % 2 == 0 && p < 65535) {
			fd[1] = udp_bind((uint16_t)(p + 1), NULL);
			if (fd[1] >= 0) {
				*port = p;
				return;
			}
		}
		close(fd[0]);
	}
	die("no free pair of UDP ports on 127.0.0.1");
}

/* Whether some socket is bound to a UDP port (ffmpeg's, once it listens). */
static bool udp_port_bound(uint16_t port)
{
	char line[512], want[8];
	FILE *f = fopen("/proc/net/udp", "r");
	bool found = false;

	if (!f)
		return false;
	snprintf(want, sizeof(want), ":%04X", port);
	while (!found && fgets(line, sizeof(line), f)) {
		char local[64];

		if (sscanf(line, " %*d: %63s", local) == 1 && strstr(local, want) &&
		    strlen(strstr(local, want)) == 5)
			found = true;
	}
	fclose(f);
	return found;
}

/* ---------------------------------------------------------------------------------------------- */
/* Running ffmpeg                                                                                  */

static pid_t child = -1;

static void kill_child(void)
{
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		child = -1;
	}
}

static void on_signal(int sig)
{
	if (child > 0)
		kill(child, SIGKILL);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Starts ffmpeg with argv (argv[0] is replaced by the configured binary), stderr to log. */
static void ff_start(char **argv, const char *log)
{
	argv[0] = (char *)g.ffmpeg;
	if (g.verbose) {
		printf("  $");
		for (char **a = argv; *a; a++)
			printf(" %s", *a);
		printf("\n");
	}
	fflush(stdout);
	fflush(stderr);
	child = fork();
	if (child < 0)
		die("fork: %s", strerror(errno));
	if (child == 0) {
		int null = open("/dev/null", O_RDWR);
		int err = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (null < 0 || err < 0)
			_exit(126);
		dup2(null, 0);
		dup2(null, 1);
		dup2(err, 2);
		execvp(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
}

/* Waits for ffmpeg to exit by itself until the deadline; returns its exit status, or -1 when
 * it had to be killed. */
static int ff_wait(uint64_t deadline)
{
	int st;

	while (child > 0) {
		pid_t r = waitpid(child, &st, WNOHANG);

		if (r == child) {
			child = -1;
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		}
		if (now_ms() > deadline) {
			fail("ffmpeg did not finish in time; killed pid %d", (int)child);
			kill_child();
			return -1;
		}
		usleep(10000);
	}
	return -1;
}

static bool ff_exited(int *status)
{
	int st;

	if (child <= 0)
		return true;
	if (waitpid(child, &st, WNOHANG) == child) {
		child = -1;
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		return true;
	}
	return false;
}

static bool file_contains(const char *path, const char *needle)
{
	char buf[4096];
	size_t n, keep = 0;
	bool found = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	/* Scan in chunks, carrying a tail so a match across two chunks is seen. */
	while (!found && (n = fread(buf + keep, 1, sizeof(buf) - 1 - keep, f)) > 0) {
		size_t len = keep + n, tail = strlen(needle);

		buf[len] = '\0';
		found = strstr(buf, needle) != NULL;
		keep = len > tail ? tail : len;
		memmove(buf, buf + len - keep, keep);
	}
	fclose(f);
	return found;
}

static void show_log(const char *path)
{
	char line[512];
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f)
		return;
	fprintf(stderr, "  --- %s (first lines) ---\n", path);
	while (fgets(line, sizeof(line), f) && n++ < 30)
		fprintf(stderr, "  %s", line);
	fclose(f);
}

/* ---------------------------------------------------------------------------------------------- */
/* Part A: ffmpeg protects, srtpo unprotects                                                       */

struct pkt {
	uint8_t b[1600];
	size_t len;
};

struct capture {
	struct pkt rtp[MAX_PKTS];
	int nrtp;
	struct pkt rtcp[64];
	int nrtcp;
};

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("out of memory");
	return p;
}

/* Runs ffmpeg sending to our socket pair and collects what arrives. srtp_suite NULL = plain. */
static bool ff_send_capture(const char *codec, uint32_t ssrc, uint16_t seq, const char *suite,
			    const char *b64, const char *log, struct capture *cap)
{
	int fd[2], status = -1;
	uint16_t port;
	char url[128], ssrc_s[16], seq_s[16], src[160];
	char *argv[40];
	int a = 0;

	udp_pair(fd, &port);
	snprintf(url, sizeof(url), "%s://127.0.0.1:%u", suite ? "srtp" : "rtp", port);
	snprintf(ssrc_s, sizeof(ssrc_s), "%u", ssrc);
	snprintf(seq_s, sizeof(seq_s), "%u", seq);
	snprintf(src, sizeof(src), "sine=frequency=440:beep_factor=3:sample_rate=8000:duration=%g:"
				   "samples_per_frame=%d", FF_PACKETS * FRAME / 8000.0, FRAME);
	argv[a++] = NULL;
	argv[a++] = xstrdup("-hide_banner");
	argv[a++] = xstrdup("-nostdin");
	argv[a++] = xstrdup("-loglevel");
	argv[a++] = xstrdup("warning");
	argv[a++] = xstrdup("-f");
	argv[a++] = xstrdup("lavfi");
	argv[a++] = xstrdup("-i");
	argv[a++] = xstrdup(src);
	argv[a++] = xstrdup("-c:a");
	argv[a++] = xstrdup(codec);
	argv[a++] = xstrdup("-f");
	argv[a++] = xstrdup("rtp");
	argv[a++] = xstrdup("-ssrc");
	argv[a++] = xstrdup(ssrc_s);
	argv[a++] = xstrdup("-seq");
	argv[a++] = xstrdup(seq_s);
	argv[a++] = xstrdup("-rtpflags");
	argv[a++] = xstrdup("send_bye");
	if (suite) {
		argv[a++] = xstrdup("-srtp_out_suite");
		argv[a++] = xstrdup(suite);
		argv[a++] = xstrdup("-srtp_out_params");
		argv[a++] = xstrdup(b64);
	}
	argv[a++] = xstrdup(url);
	argv[a] = NULL;

	memset(cap, 0, sizeof(*cap));
	ff_start(argv, log);
	for (int i = 1; i < a; i++)
		free(argv[i]);

	uint64_t deadline = now_ms() + FF_DEADLINE_MS, quiet_since = 0;
	bool exited = false;

	/* Read until ffmpeg is gone and the sockets have been quiet for a moment. */
	for (;;) {
		struct pollfd pfd[2] = { { fd[0], POLLIN, 0 }, { fd[1], POLLIN, 0 } };
		int n = poll(pfd, 2, 20);

		if (n > 0) {
			for (int k = 0; k < 2; k++) {
				if (!(pfd[k].revents & POLLIN))
					continue;
				struct pkt tmp;
				ssize_t r = recv(fd[k], tmp.b, sizeof(tmp.b), 0);

				if (r < 0)
					continue;
				tmp.len = (size_t)r;
				if (k == 0 && cap->nrtp < MAX_PKTS)
					cap->rtp[cap->nrtp++] = tmp;
				else if (k == 1 && cap->nrtcp < 64)
					cap->rtcp[cap->nrtcp++] = tmp;
			}
			quiet_since = 0;
			continue;
		}
		if (!exited && ff_exited(&status))
			exited = true;
		if (exited) {
			if (!quiet_since)
				quiet_since = now_ms();
			else if (now_ms() - quiet_since > 200)
				break;
		}
		if (now_ms() > deadline) {
			fail("ffmpeg (%s) did not finish in time; killed pid %d", url, (int)child);
			kill_child();
			break;
		}
	}
	close(fd[0]);
	close(fd[1]);
	if (status != 0) {
		fail("ffmpeg sending %s exited with status %d", url, status);
		show_log(log);
		return false;
	}
	return true;
}

/* ff_suite: FFmpeg's name for the suite; it decides the SRTCP tag length (rtcp_tag). */
static void part_a(struct rng *r, const char *ff_suite, srtpo_suite_t suite, int rtcp_tag,
		   const char *codec, int pt)
{
	const char *suite_name = ff_suite;
	uint8_t key[16], salt[14];
	char b64[64], log[512];
	/* ffmpeg 5.1 takes -ssrc as a signed int: keep it below 2^31. */
	uint32_t ssrc = ((uint32_t)rng_next(r) | 1) & 0x7fffffffu;
	uint16_t seq = (uint16_t)rng_range(r, 65536 - FF_PACKETS / 2, 65535); /* crosses the wrap */
	static struct capture enc, plain;
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *s = NULL;

	printf("ffmpeg -> srtpo: %s, %s, ssrc %08x, first seq %u\n", suite_name, codec, ssrc, seq);
	rng_fill(r, key, sizeof(key));
	rng_fill(r, salt, sizeof(salt));
	if (srtpo_sdes_format(key, sizeof(key), salt, b64, sizeof(b64)) < 0)
		die("srtpo_sdes_format failed");

	snprintf(log, sizeof(log), "%s/a-%s-%s.log", g.workdir, codec, suite_name);
	if (!ff_send_capture(codec, ssrc, seq, suite_name, b64, log, &enc))
		return;
	snprintf(log, sizeof(log), "%s/a-%s-plain.log", g.workdir, codec);
	if (!ff_send_capture(codec, ssrc, seq, NULL, NULL, log, &plain))
		return;

	srtpo_policy_init(&pol, &mk, suite, key, salt);
	pol.ssrc_type = SRTPO_SSRC_SPECIFIC;
	pol.ssrc = ssrc;
	pol.rtcp = (srtpo_crypto_policy_t){ SRTPO_CIPHER_AES_128_CM, SRTPO_AUTH_HMAC_SHA1,
					    (uint8_t)rtcp_tag };
	int err = srtpo_create(&s, &pol, 1, NULL);

	if (err)
		die("srtpo_create: %s", srtpo_strerror(err));

	check(enc.nrtp == FF_PACKETS, "%s: got %d SRTP packets from ffmpeg, expected %d", suite_name,
	      enc.nrtp, FF_PACKETS);
	check(plain.nrtp == enc.nrtp, "%s: plain run sent %d packets, SRTP run %d", suite_name,
	      plain.nrtp, enc.nrtp);
	check(enc.nrtcp >= 1, "%s: no SRTCP packet from ffmpeg", suite_name);

	/* Unprotect the RTP in bursts, in place. */
	srtpo_packet_t pk[32];
	int ok = 0;

	for (int i = 0; i < enc.nrtp; i += 32) {
		int n = enc.nrtp - i < 32 ? enc.nrtp - i : 32;

		for (int k = 0; k < n; k++) {
			struct pkt *p = &enc.rtp[i + k];

			pk[k] = (srtpo_packet_t){ .in = p->b, .in_len = p->len, .out = p->b,
						  .out_cap = p->len };
		}
		srtpo_unprotect_burst(s, pk, (size_t)n);
		for (int k = 0; k < n; k++) {
			struct pkt *p = &enc.rtp[i + k];

			if (pk[k].status) {
				fail("%s: SRTP packet %d from ffmpeg: %s", suite_name, i + k,
				     srtpo_strerror(pk[k].status));
				hexdump(stderr, "packet", p->b, p->len);
				p->len = 0;
				continue;
			}
			p->len = pk[k].out_len;
			ok++;
		}
	}
	check(ok == enc.nrtp, "%s: %d of %d SRTP packets authenticated", suite_name, ok, enc.nrtp);

	/* Headers and payloads against the plain run. */
	int n = enc.nrtp < plain.nrtp ? enc.nrtp : plain.nrtp, bad = 0;
	uint32_t ts0e = enc.nrtp ? rd32(enc.rtp[0].b + 4) : 0;
	uint32_t ts0p = plain.nrtp ? rd32(plain.rtp[0].b + 4) : 0;

	for (int i = 0; i < n; i++) {
		const struct pkt *e = &enc.rtp[i], *p = &plain.rtp[i];

		if (!e->len)
			continue;
		bool hdr_ok = e->len >= 12 && (e->b[0] >> 6) == 2 && (e->b[1] & 0x7f) == pt &&
			      rd32(e->b + 8) == ssrc && rd16(e->b + 2) == (uint16_t)(seq + i);
		bool same = e->len == p->len && !memcmp(e->b, p->b, 4) &&
			    rd32(e->b + 4) - ts0e == rd32(p->b + 4) - ts0p &&
			    !memcmp(e->b + 8, p->b + 8, e->len - 8);

		if ((!hdr_ok || !same) && bad++ < 3) {
			fail("%s: packet %d: %s", suite_name, i,
			     !hdr_ok ? "bad RTP header after unprotect" : "differs from the plain run");
			show_diff(stderr, p->b, p->len, e->b, e->len);
		}
	}
	check(bad == 0, "%s: %d decrypted packets wrong", suite_name, bad);
	check(n > 0 && enc.rtp[0].len == 12 + FRAME, "%s: payload of %zu bytes, expected %d",
	      suite_name, n > 0 ? enc.rtp[0].len - 12 : 0, FRAME);

	/* SRTCP: every packet authenticates and is a sender report from that SSRC. */
	for (int i = 0; i < enc.nrtcp; i++) {
		struct pkt *p = &enc.rtcp[i];
		size_t len = p->len;

		err = srtpo_unprotect_rtcp(s, p->b, &len);
		check(!err, "%s: SRTCP packet %d from ffmpeg: %s", suite_name, i, srtpo_strerror(err));
		if (!err)
			check(len >= 28 && p->b[1] == 200 && rd32(p->b + 4) == ssrc,
			      "%s: SRTCP packet %d is not a sender report from %08x", suite_name, i,
			      ssrc);
	}
	uint32_t roc = 0;

	srtpo_get_roc(s, ssrc, &roc);
	check(roc == 1, "%s: ROC after the wrap is %u, expected 1", suite_name, roc);
	printf("  %d SRTP + %d SRTCP packets unprotected, payloads equal to the plain run\n", ok,
	       enc.nrtcp);
	srtpo_destroy(s);
}

/* ---------------------------------------------------------------------------------------------- */
/* Part B: srtpo protects, ffmpeg unprotects and decodes                                           */

static int16_t signal_sample(uint64_t seed, int n)
{
	/* Two tones and a little deterministic noise: every mu-law code gets some use. */
	double t = n / 8000.0;
	double v = 9000 * sin(2 * M_PI * 350 * t) + 6000 * sin(2 * M_PI * 1270 * t);
	uint64_t x = seed ^ ((uint64_t)n * 0x9e3779b97f4a7c15ull);

	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 32;
	v += (double)(int)(x % 4001) - 2000;
	return (int16_t)v;
}

static bool write_sdp(const char *path, uint16_t port, const char *suite, const char *b64)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return false;
	fprintf(f, "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=srtpo interop\r\nc=IN IP4 127.0.0.1\r\n"
		   "t=0 0\r\nm=audio %u RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
		   "a=crypto:1 %s inline:%s\r\n",
		port, suite, b64);
	return fclose(f) == 0;
}

/* Sends OUR_PACKETS of mu-law with srtpo to ffmpeg and returns the samples it decoded
 * (-1 on a set-up failure). wrong_key: ffmpeg gets a different key than we use. */
static long part_b_run(struct rng *r, const char *suite_name, srtpo_suite_t suite, int rtcp_tag,
		       bool wrong_key, uint8_t *sent, int16_t *decoded, long decoded_cap,
		       const char *tag)
{
	uint8_t key[16], salt[14], ffkey[16];
	char b64[64], sdp[512], out[512], log[512];
	uint32_t ssrc = (uint32_t)rng_next(r) | 1;
	uint16_t seq = (uint16_t)rng_range(r, 65536 - OUR_PACKETS / 2, 65535);
	uint32_t ts = (uint32_t)rng_next(r);
	srtpo_policy_t pol;
	srtpo_master_key_t mk;
	srtpo_session_t *s = NULL;
	int fd[2], tx;
	uint16_t port;

	rng_fill(r, key, sizeof(key));
	rng_fill(r, salt, sizeof(salt));
	memcpy(ffkey, key, sizeof(key));
	if (wrong_key)
		ffkey[rng_below(r, 16)] ^= (uint8_t)(1u << rng_below(r, 8));
	if (srtpo_sdes_format(ffkey, sizeof(ffkey), salt, b64, sizeof(b64)) < 0)
		die("srtpo_sdes_format failed");
	srtpo_policy_init(&pol, &mk, suite, key, salt);
	pol.ssrc_type = SRTPO_SSRC_SPECIFIC;
	pol.ssrc = ssrc;
	pol.rtcp = (srtpo_crypto_policy_t){ SRTPO_CIPHER_AES_128_CM, SRTPO_AUTH_HMAC_SHA1,
					    (uint8_t)rtcp_tag };
	int err = srtpo_create(&s, &pol, 1, NULL);

	if (err)
		die("srtpo_create: %s", srtpo_strerror(err));

	/* Reserve a port pair, then hand it to ffmpeg. */
	udp_pair(fd, &port);
	close(fd[0]);
	close(fd[1]);
	snprintf(sdp, sizeof(sdp), "%s/b-%s.sdp", g.workdir, tag);
	snprintf(out, sizeof(out), "%s/b-%s.raw", g.workdir, tag);
	snprintf(log, sizeof(log), "%s/b-%s.log", g.workdir, tag);
	unlink(out);
	if (!write_sdp(sdp, port, suite_name, b64))
		die("cannot write %s", sdp);

	char *argv[] = { NULL, "-hide_banner", "-nostdin", "-loglevel", "info",
			 "-protocol_whitelist", "file,udp,rtp,srtp", "-listen_timeout", "1",
			 "-i", sdp, "-f", "s16le", "-c:a", "pcm_s16le", "-y", out, NULL };

	ff_start(argv, log);

	uint64_t deadline = now_ms() + FF_DEADLINE_MS;

	while (!udp_port_bound(port)) {
		int st;

		if (ff_exited(&st)) {
			fail("ffmpeg exited (%d) before listening on port %u", st, port);
			show_log(log);
			srtpo_destroy(s);
			return -1;
		}
		if (now_ms() > deadline) {
			fail("ffmpeg did not listen on port %u in time; killed pid %d", port,
			     (int)child);
			kill_child();
			srtpo_destroy(s);
			return -1;
		}
		usleep(5000);
	}

	tx = udp_bind(0, NULL);
	if (tx < 0)
		die("cannot bind a sending socket");

	struct sockaddr_in rtp_to = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct sockaddr_in rtcp_to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)(port + 1)) };

	rtp_to.sin_addr.s_addr = rtcp_to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	/* Build, protect (in bursts of 25, out of place) and send. */
	static uint8_t in[OUR_PACKETS][12 + FRAME], outp[OUR_PACKETS][12 + FRAME + 64];
	srtpo_packet_t pk[25];

	for (int i = 0; i < OUR_PACKETS; i++) {
		uint8_t *p = in[i];

		p[0] = 0x80;
		p[1] = (uint8_t)(i == 0 ? 0x80 : 0x00); /* marker on the first packet, PT 0 */
		wr16(p + 2, (uint16_t)(seq + i));
		wr32(p + 4, ts + (uint32_t)(i * FRAME));
		wr32(p + 8, ssrc);
		for (int k = 0; k < FRAME; k++)
			p[12 + k] = sent[i * FRAME + k];
	}
	for (int i = 0; i < OUR_PACKETS; i += 25) {
		for (int k = 0; k < 25; k++)
			pk[k] = (srtpo_packet_t){ .in = in[i + k], .in_len = 12 + FRAME,
						  .out = outp[i + k], .out_cap = sizeof(outp[0]) };
		size_t ok = srtpo_protect_burst(s, pk, 25);

		check(ok == 25, "srtpo_protect_burst protected %zu of 25", ok);
		if (i == 0 || i + 25 >= OUR_PACKETS) {
			/* A sender report at the start and at the end, as SRTCP. */
			uint8_t sr[28 + SRTPO_MAX_TRAILER];
			size_t len = 28;

			memset(sr, 0, sizeof(sr));
			sr[0] = 0x80;
			sr[1] = 200;
			wr16(sr + 2, 6);
			wr32(sr + 4, ssrc);
			wr32(sr + 8, 0xe5000000u + (uint32_t)i);
			wr32(sr + 16, ts + (uint32_t)(i * FRAME));
			wr32(sr + 20, (uint32_t)i);
			wr32(sr + 24, (uint32_t)(i * FRAME));
			err = srtpo_protect_rtcp(s, sr, &len, sizeof(sr));
			check(!err, "srtpo_protect_rtcp: %s", srtpo_strerror(err));
			if (!err)
				sendto(tx, sr, len, 0, (struct sockaddr *)&rtcp_to, sizeof(rtcp_to));
		}
		for (int k = 0; k < 25; k++) {
			if (pk[k].status)
				continue;
			if (sendto(tx, outp[i + k], pk[k].out_len, 0, (struct sockaddr *)&rtp_to,
				   sizeof(rtp_to)) < 0)
				fail("sendto: %s", strerror(errno));
			usleep(1000); /* keep well inside the receiver's socket buffer */
		}
	}
	close(tx);
	srtpo_destroy(s);

	int st = ff_wait(now_ms() + FF_DEADLINE_MS);

	if (g.verbose)
		printf("  ffmpeg exited with %d\n", st);
	if (!wrong_key && st != 0) {
		fail("ffmpeg receiving %s exited with status %d", suite_name, st);
		show_log(log);
	}
	if (!wrong_key && file_contains(log, "HMAC mismatch")) {
		fail("ffmpeg reports HMAC mismatches on packets protected by srtpo");
		show_log(log);
	}
	if (wrong_key && g.verbose)
		printf("  ffmpeg log %s HMAC mismatches\n",
		       file_contains(log, "HMAC mismatch") ? "reports" : "does not report");

	FILE *f = fopen(out, "rb");

	if (!f)
		return 0;
	long n = (long)fread(decoded, sizeof(int16_t), (size_t)decoded_cap, f);

	fclose(f);
	return n;
}

static void part_b(struct rng *r, const char *suite_name, srtpo_suite_t suite, int rtcp_tag)
{
	static uint8_t sent[OUR_PACKETS * FRAME];
	static int16_t decoded[OUR_PACKETS * FRAME * 2];
	uint64_t sig_seed = rng_next(r);
	char tag[64];
	long want = OUR_PACKETS * FRAME;

	printf("srtpo -> ffmpeg: %s, PCMU, %d packets\n", suite_name, OUR_PACKETS);
	for (long i = 0; i < want; i++)
		sent[i] = ulaw_encode(signal_sample(sig_seed, (int)i));

	snprintf(tag, sizeof(tag), "%s", suite_name);
	long n = part_b_run(r, suite_name, suite, rtcp_tag, false, sent, decoded, (long)(sizeof(decoded) / 2), tag);

	if (n >= 0) {
		long bad = 0, first_bad = -1;

		check(n == want, "%s: ffmpeg decoded %ld samples, expected %ld", suite_name, n, want);
		for (long i = 0; i < n && i < want; i++)
			if (decoded[i] != ulaw_decode(sent[i])) {
				if (first_bad < 0)
					first_bad = i;
				bad++;
			}
		check(bad == 0, "%s: %ld decoded samples differ (first at %ld: %d, expected %d)",
		      suite_name, bad, first_bad, first_bad >= 0 ? decoded[first_bad] : 0,
		      first_bad >= 0 ? ulaw_decode(sent[first_bad]) : 0);
		if (n == want && !bad)
			printf("  ffmpeg decoded all %ld samples exactly\n", n);
	}

	printf("srtpo -> ffmpeg: %s with a wrong key\n", suite_name);
	snprintf(tag, sizeof(tag), "%s-wrongkey", suite_name);
	n = part_b_run(r, suite_name, suite, rtcp_tag, true, sent, decoded, (long)(sizeof(decoded) / 2), tag);
	if (n >= 0) {
		check(n == 0, "%s: ffmpeg decoded %ld samples with a wrong key", suite_name, n);
		if (n == 0)
			printf("  ffmpeg decoded nothing\n");
	}
}

/* ---------------------------------------------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f, "usage: ffmpeg_interop [--ffmpeg PATH] [--workdir DIR] [--seed N] [--verbose]\n"
		   "  SRTP interop with FFmpeg over 127.0.0.1 (both directions).\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ffmpeg", required_argument, NULL, 'f' },
		{ "workdir", required_argument, NULL, 'w' },
		{ "seed", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_seed = false;
	int o;

	while ((o = getopt_long(argc, argv, "f:w:s:vh", opts, NULL)) != -1) {
		switch (o) {
		case 'f': g.ffmpeg = optarg; break;
		case 'w': g.workdir = optarg; break;
		case 's':
			if (!parse_u64(optarg, &g.seed)) {
				fprintf(stderr, "ffmpeg_interop: bad seed '%s'\n", optarg);
				return 2;
			}
			have_seed = true;
			break;
		case 'v': g.verbose = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!have_seed)
		g.seed = seed_from_clock();
	if (mkdir(g.workdir, 0755) < 0 && errno != EEXIST) {
		/* Create the parents too, like mkdir -p. */
		char cmd[1024];

		snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", g.workdir);
		if (system(cmd) != 0)
			die("cannot create %s", g.workdir);
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	atexit(kill_child);

	/* Is there an ffmpeg at all? */
	char *ver[] = { NULL, "-hide_banner", "-version", NULL };
	char vlog[512];

	snprintf(vlog, sizeof(vlog), "%s/version.log", g.workdir);
	ff_start(ver, vlog);
	if (ff_wait(now_ms() + 10000) != 0)
		die("cannot run '%s -version'", g.ffmpeg);

	printf("ffmpeg_interop: seed %" PRIu64 " (rerun with --seed %" PRIu64 "), %s, logs in %s\n",
	       g.seed, g.seed, g.ffmpeg, g.workdir);
	struct rng r = { g.seed };

	/* FFmpeg gives AES_CM_128_HMAC_SHA1_32 a 32-bit SRTCP tag too, and its DTLS-SRTP name
	 * SRTP_AES128_CM_HMAC_SHA1_32 the 80-bit one of RFC 5764 4.1.2: both are covered. */
	part_a(&r, "AES_CM_128_HMAC_SHA1_80", SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, 10, "pcm_mulaw", 0);
	part_a(&r, "SRTP_AES128_CM_HMAC_SHA1_32", SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32, 10, "pcm_alaw",
	       8);
	part_b(&r, "AES_CM_128_HMAC_SHA1_80", SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80, 10);
	part_b(&r, "AES_CM_128_HMAC_SHA1_32", SRTPO_SUITE_AES_CM_128_HMAC_SHA1_32, 4);

	if (g.failures) {
		printf("ffmpeg_interop: FAILED (%d failure(s) in %d checks); reproduce with --seed %" PRIu64
		       "\n", g.failures, g.checks, g.seed);
		return 1;
	}
	printf("ffmpeg_interop: OK (%d checks)\n", g.checks);
	return 0;
}
