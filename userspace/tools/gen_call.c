// SPDX-License-Identifier: BSD-3-Clause
/*
 * gen_call.c - `srtpo gen-call`: writes a realistic, deterministic capture of a two-party call.
 *
 * Alice (192.0.2.10) calls Bob (198.51.100.20): SIP INVITE with an SDP offer carrying an SDES
 * a=crypto line, 100 Trying, 180 Ringing, 200 OK with the answer, ACK; then G.711 u-law audio in
 * both directions (20 ms packets: 12-byte RTP header + 160 bytes), RTCP compound reports (an RR
 * from Bob before he starts sending, then SR + SDES from both every ~5 s, SR + SDES + BYE at the
 * end), and BYE / 200 OK. Alice's sequence numbers start just below 65535 so her stream wraps to
 * 0 about half a second in. The capture is taken on Alice's host: received packets show arrival
 * jitter, RTP timestamps do not. Everything derives from --seed.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "keys.h"
#include "net.h"
#include "outfile.h"
#include "pcap.h"
#include "srtpo.h"

#define NS_PER_S 1000000000ull
#define NTP_UNIX_OFFSET 2208988800ull
#define CAPTURE_START_S 1700000000ull     /* 2023-11-14 22:13:20 UTC */
#define SIP_PORT 5060
#define RTP_PORT_A 40000
#define RTP_PORT_B 50000
#define RTCP_INTERVAL_NS (5 * NS_PER_S)
#define MAX_DURATION_S 3600

struct gen_opts {
	uint64_t seed;
	uint32_t duration_s;
	uint32_t ptime_ms;
	int ipv6, rtcp_mux, nsec, swapped, quiet;
	int two_crypto;              /* the offer lists a second a=crypto line; the answer picks */
	uint32_t linktype;
	uint16_t vlan;
	const char *key, *key_b;     /* what each side's SDP offers: its key for what it sends */
	srtpo_suite_t suite;
	int have_ssrc_a, have_ssrc_b;
	uint32_t ssrc_a, ssrc_b;
	const char *out;
};

struct event {
	uint64_t t_ns;
	uint32_t order;               /* tie-break: generation order */
	uint8_t from_a;
	uint16_t sport, dport;
	uint8_t *data;
	size_t len;
};

struct events {
	struct event *v;
	size_t n, cap;
	int oom;
};

/* One direction of media. */
struct stream {
	uint32_t ssrc;
	uint16_t seq0;
	uint32_t ts0;
	uint64_t start_ns;            /* send time of packet 0 */
	uint64_t npk;
	double freq;                  /* test tone */
	const char *cname;
	uint64_t last_sr_ntp;         /* NTP time of its last SR (for LSR), 0 = none yet */
	uint64_t last_sr_at_ns;
};

static uint64_t rng_state;

/* splitmix64: small, fast, and the same on every platform. */
static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t rng_below(uint32_t n)
{
	return (uint32_t)(rng() % n);
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* G.711 u-law encoding of a 16-bit linear sample. */
static uint8_t ulaw(int pcm)
{
	int sign = 0, exp, mant;

	if (pcm < 0) {
		pcm = -pcm;
		sign = 0x80;
	}
	if (pcm > 32635)
		pcm = 32635;
	pcm += 0x84;
	for (exp = 7; exp > 0 && !(pcm & (0x80 << exp)); exp--)
		;
	mant = (pcm >> (exp + 3)) & 0x0f;
	return (uint8_t)~(sign | exp << 4 | mant);
}

static void add_event(struct events *e, uint64_t t_ns, int from_a, uint16_t sport,
		      uint16_t dport, const uint8_t *data, size_t len)
{
	struct event *ev;

	if (e->oom)
		return;
	if (e->n == e->cap) {
		size_t ncap = e->cap ? e->cap * 2 : 1024;
		struct event *nv = realloc(e->v, ncap * sizeof(*nv));

		if (!nv) {
			e->oom = 1;
			return;
		}
		e->v = nv;
		e->cap = ncap;
	}
	ev = &e->v[e->n];
	ev->data = malloc(len);
	if (!ev->data) {
		e->oom = 1;
		return;
	}
	memcpy(ev->data, data, len);
	ev->len = len;
	ev->t_ns = t_ns;
	ev->order = (uint32_t)e->n;
	ev->from_a = (uint8_t)from_a;
	ev->sport = sport;
	ev->dport = dport;
	e->n++;
}

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->t_ns != y->t_ns)
		return x->t_ns < y->t_ns ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* ---- SIP ---- */

struct sip_ctx {
	const char *ip_a, *ip_b;      /* as written in SDP */
	const char *host_a, *host_b;  /* as written in URIs ([v6]) */
	const char *ipfam;
	char call_id[40], tag_a[16], tag_b[16], branch[24];
	char crypto_a[512], crypto_b[512];
	int rtcp_mux;
	uint32_t ptime;
};

static size_t sdp(const struct sip_ctx *c, int a, char *out, size_t cap)
{
	int n = snprintf(out, cap,
			 "v=0\r\n"
			 "o=%s %u %u IN %s %s\r\n"
			 "s=-\r\n"
			 "c=IN %s %s\r\n"
			 "t=0 0\r\n"
			 "m=audio %u RTP/SAVP 0 101\r\n"
			 "a=rtpmap:0 PCMU/8000\r\n"
			 "a=rtpmap:101 telephone-event/8000\r\n"
			 "a=fmtp:101 0-15\r\n"
			 "a=ptime:%u\r\n"
			 "%s"
			 "a=sendrecv\r\n"
			 "%s",
			 a ? "alice" : "bob", a ? 2890844526u : 2890844730u,
			 a ? 2890844526u : 2890844730u, c->ipfam, a ? c->ip_a : c->ip_b, c->ipfam,
			 a ? c->ip_a : c->ip_b, a ? RTP_PORT_A : RTP_PORT_B, c->ptime,
			 c->rtcp_mux ? "a=rtcp-mux\r\n" : "", a ? c->crypto_a : c->crypto_b);
	/* crypto_a/_b hold whole "a=crypto:..." lines */

	return n < 0 ? 0 : (size_t)n;
}

/* kind: 0 INVITE, 1 100, 2 180, 3 200 (INVITE), 4 ACK, 5 BYE, 6 200 (BYE). */
static size_t sip_msg(const struct sip_ctx *c, int kind, char *out, size_t cap)
{
	static const char *const first[] = {
		"INVITE sip:bob@%s SIP/2.0", "SIP/2.0 100 Trying", "SIP/2.0 180 Ringing",
		"SIP/2.0 200 OK", "ACK sip:bob@%s SIP/2.0", "BYE sip:bob@%s SIP/2.0",
		"SIP/2.0 200 OK",
	};
	static const char *const cseq[] = {
		"1 INVITE", "1 INVITE", "1 INVITE", "1 INVITE", "1 ACK", "2 BYE", "2 BYE",
	};
	char line[96], body[2048], contact[96] = "";
	size_t blen = 0;
	int n, to_tag = kind >= 2;

	snprintf(line, sizeof(line), first[kind], c->host_b);
	if (kind == 0 || kind == 3) {
		blen = sdp(c, kind == 0, body, sizeof(body));
		snprintf(contact, sizeof(contact), "Contact: <sip:%s@%s:%d>\r\n",
			 kind == 0 ? "alice" : "bob", kind == 0 ? c->host_a : c->host_b, SIP_PORT);
	}
	n = snprintf(out, cap,
		     "%s\r\n"
		     "Via: SIP/2.0/UDP %s:%d;branch=%s%s\r\n"
		     "Max-Forwards: 70\r\n"
		     "From: \"Alice\" <sip:alice@%s>;tag=%s\r\n"
		     "To: <sip:bob@%s>%s%s\r\n"
		     "Call-ID: %s\r\n"
		     "CSeq: %s\r\n"
		     "%s"
		     "User-Agent: srtpo-gen-call\r\n"
		     "%s"
		     "Content-Length: %zu\r\n"
		     "\r\n"
		     "%s",
		     line, c->host_a, SIP_PORT, c->branch, kind >= 4 ? (kind == 4 ? "a" : "b") : "",
		     c->host_a, c->tag_a, c->host_b, to_tag ? ";tag=" : "", to_tag ? c->tag_b : "",
		     c->call_id, cseq[kind], contact, blen ? "Content-Type: application/sdp\r\n" : "",
		     blen, blen ? body : "");
	return n < 0 ? 0 : (size_t)n > cap ? cap : (size_t)n;
}

/* ---- RTP / RTCP ---- */

static uint64_t ntp_of(uint64_t t_ns)
{
	uint64_t sec = t_ns / NS_PER_S + NTP_UNIX_OFFSET;
	uint64_t frac = ((t_ns % NS_PER_S) << 32) / NS_PER_S;

	return sec << 32 | frac;
}

/* Packets of stream s sent at or before t. */
static uint64_t sent_by(const struct stream *s, uint64_t t, uint32_t ptime_ns)
{
	uint64_t k;

	if (t < s->start_ns)
		return 0;
	k = (t - s->start_ns) / ptime_ns + 1;
	return k > s->npk ? s->npk : k;
}

static size_t report_block(uint8_t *p, const struct stream *from, uint64_t now, uint32_t ptime_ns)
{
	uint64_t got = sent_by(from, now, ptime_ns);
	uint32_t ext = (uint32_t)(from->seq0 + (got ? got - 1 : 0));

	put32(p, from->ssrc);
	put32(p + 4, 0);                              /* no loss */
	put32(p + 8, got ? ext : from->seq0);         /* extended highest sequence (cycles << 16) */
	put32(p + 12, 8 + rng_below(24));             /* interarrival jitter, in timestamp units */
	if (from->last_sr_ntp) {
		put32(p + 16, (uint32_t)(from->last_sr_ntp >> 16));
		put32(p + 20, (uint32_t)(((now - from->last_sr_at_ns) << 16) / NS_PER_S));
	} else {
		put32(p + 16, 0);
		put32(p + 20, 0);
	}
	return 24;
}

static size_t sdes_cname(uint8_t *p, const struct stream *s)
{
	size_t cl = strlen(s->cname), n = 4 + 4 + 2 + cl + 1;

	n = (n + 3) & ~(size_t)3;                     /* null item end, padded to 32 bits */
	memset(p, 0, n);
	p[0] = 0x81;
	p[1] = 202;
	put16(p + 2, (uint32_t)(n / 4 - 1));
	put32(p + 4, s->ssrc);
	p[8] = 1;                                     /* CNAME */
	p[9] = (uint8_t)cl;
	memcpy(p + 10, s->cname, cl);
	return n;
}

/* kind: 0 RR + SDES, 1 SR + SDES, 2 SR + SDES + BYE. */
static size_t rtcp_compound(uint8_t *p, struct stream *self, const struct stream *other,
			    uint64_t now, uint32_t ptime_ns, int kind)
{
	size_t n = 0;
	int rc = other->start_ns <= now ? 1 : 0;

	if (kind == 0) {
		p[0] = (uint8_t)(0x80 | rc);
		p[1] = 201;
		put32(p + 4, self->ssrc);
		n = 8;
	} else {
		uint64_t sent = sent_by(self, now, ptime_ns);
		uint64_t ntp = ntp_of(now);
		uint32_t rtp_ts = self->ts0 + (uint32_t)((now - self->start_ns) * 8000 / NS_PER_S);

		p[0] = (uint8_t)(0x80 | rc);
		p[1] = 200;
		put32(p + 4, self->ssrc);
		put32(p + 8, (uint32_t)(ntp >> 32));
		put32(p + 12, (uint32_t)ntp);
		put32(p + 16, rtp_ts);
		put32(p + 20, (uint32_t)sent);
		put32(p + 24, (uint32_t)(sent * 160));
		n = 28;
		self->last_sr_ntp = ntp;
		self->last_sr_at_ns = now;
	}
	if (rc)
		n += report_block(p + n, other, now, ptime_ns);
	put16(p + 2, (uint32_t)(n / 4 - 1));
	n += sdes_cname(p + n, self);
	if (kind == 2) {
		static const char reason[] = "call ended";
		size_t rl = sizeof(reason) - 1, bl = (8 + 1 + rl + 3) & ~(size_t)3;

		memset(p + n, 0, bl);
		p[n] = 0x81;
		p[n + 1] = 203;
		put16(p + n + 2, (uint32_t)(bl / 4 - 1));
		put32(p + n + 4, self->ssrc);
		p[n + 8] = (uint8_t)rl;
		memcpy(p + n + 9, reason, rl);
		n += bl;
	}
	return n;
}

static size_t rtp_packet(uint8_t *p, const struct stream *s, uint64_t k, uint32_t samples)
{
	uint16_t seq = (uint16_t)(s->seq0 + k);
	uint32_t ts = s->ts0 + (uint32_t)(k * samples);
	uint32_t i;

	p[0] = 0x80;
	p[1] = (uint8_t)(k == 0 ? 0x80 : 0x00);       /* marker on the first packet, PT 0 (PCMU) */
	put16(p + 2, seq);
	put32(p + 4, ts);
	put32(p + 8, s->ssrc);
	for (i = 0; i < samples; i++) {
		double t = (double)(k * samples + i) / 8000.0;
		int v = (int)(6000.0 * sin(2.0 * M_PI * s->freq * t)) +
			(int)rng_below(401) - 200;    /* a tone with a little noise */

		p[12 + i] = ulaw(v);
	}
	return 12 + samples;
}

static const struct option long_opts[] = {
	{ "seed", required_argument, NULL, 's' },
	{ "duration", required_argument, NULL, 'd' },
	{ "ptime", required_argument, NULL, 'p' },
	{ "ipv6", no_argument, NULL, '6' },
	{ "link", required_argument, NULL, 'l' },
	{ "vlan", required_argument, NULL, 'v' },
	{ "rtcp-mux", no_argument, NULL, 'm' },
	{ "nsec", no_argument, NULL, 'n' },
	{ "big-endian", no_argument, NULL, 'B' },
	{ "key", required_argument, NULL, 'k' },
	{ "key-b", required_argument, NULL, 'K' },
	{ "two-crypto", no_argument, NULL, 'T' },
	{ "suite", required_argument, NULL, 'S' },
	{ "ssrc-a", required_argument, NULL, 'a' },
	{ "ssrc-b", required_argument, NULL, 'b' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void usage(void)
{
	printf("Usage: srtpo gen-call [OPTIONS] OUT.pcap\n\n"
	       "Writes a deterministic capture of a two-party call, taken on the caller's host:\n"
	       "SIP INVITE/100/180/200/ACK with SDP (a=crypto), G.711 u-law RTP both ways\n"
	       "(12-byte header + 8*PTIME bytes), RTCP RR/SR/SDES/BYE compounds, BYE/200 OK.\n"
	       "The caller's RTP sequence number crosses 65535 -> 0 about half a second in.\n\n"
	       "Options:\n"
	       "  -s, --seed N          seed of every random choice (default 1)\n"
	       "  -d, --duration SEC    seconds of audio, 1..%d (default 10)\n"
	       "      --ptime MS        packet time, 10..60 ms in steps of 10 (default 20)\n"
	       "  -6, --ipv6            IPv6 (2001:db8::a, 2001:db8:1::14) instead of IPv4\n"
	       "      --link TYPE       ether (default), sll, sll2 (Linux cooked) or raw (IP)\n"
	       "      --vlan ID         802.1Q tag with this VLAN id, 1..4094 (ether only)\n"
	       "      --rtcp-mux        RTCP on the RTP port (RFC 5761) instead of port + 1\n"
	       "      --nsec            nanosecond timestamps (pcap magic a1b23c4d)\n"
	       "      --big-endian      write the file big-endian\n"
	       "      --key KEY         the caller's SDES key, in the offer's a=crypto line: what\n"
	       "                        the caller sends is protected with it (default: from the\n"
	       "                        seed)\n"
	       "      --key-b KEY       the callee's, in the answer (default: another from the seed)\n"
	       "      --two-crypto      the offer lists an AES_256_CM_HMAC_SHA1_80 line (tag 1)\n"
	       "                        before its key (tag 2); the answer accepts tag 2\n"
	       "      --suite NAME      suite named in the SDP (default AES_CM_128_HMAC_SHA1_80)\n"
	       "      --ssrc-a SSRC     caller's SSRC (default: from the seed)\n"
	       "      --ssrc-b SSRC     callee's SSRC (default: from the seed)\n"
	       "  -q, --quiet           no summary on stderr\n"
	       "  -h, --help            this help\n\n"
	       "Exit status: 0 written, 1 write error, 2 usage error.\n", MAX_DURATION_S);
}

static int parse_args(struct gen_opts *o, int argc, char **argv)
{
	const char *cmd = argv[0];
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->seed = 1;
	o->duration_s = 10;
	o->ptime_ms = 20;
	o->linktype = PCAP_LINK_ETHERNET;
	o->suite = SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:d:6qh", long_opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (parse_u64(optarg, UINT64_MAX, &o->seed))
				return cmd_usage_error(cmd, "bad --seed '%s'", optarg);
			break;
		case 'd':
			if (parse_u64(optarg, MAX_DURATION_S, &v) || v < 1)
				return cmd_usage_error(cmd, "bad --duration '%s' (1..%d seconds)",
						       optarg, MAX_DURATION_S);
			o->duration_s = (uint32_t)v;
			break;
		case 'p':
			if (parse_u64(optarg, 60, &v) || v < 10 || v % 10)
				return cmd_usage_error(cmd, "bad --ptime '%s' (10, 20, ... 60 ms)",
						       optarg);
			o->ptime_ms = (uint32_t)v;
			break;
		case '6':
			o->ipv6 = 1;
			break;
		case 'l':
			if (!strcmp(optarg, "ether") || !strcmp(optarg, "ethernet"))
				o->linktype = PCAP_LINK_ETHERNET;
			else if (!strcmp(optarg, "sll"))
				o->linktype = PCAP_LINK_LINUX_SLL;
			else if (!strcmp(optarg, "sll2"))
				o->linktype = PCAP_LINK_LINUX_SLL2;
			else if (!strcmp(optarg, "raw"))
				o->linktype = PCAP_LINK_RAW;
			else
				return cmd_usage_error(cmd, "unknown --link '%s' (ether, sll, sll2, "
						       "raw)", optarg);
			break;
		case 'v':
			if (parse_u64(optarg, 4094, &v) || v < 1)
				return cmd_usage_error(cmd, "bad --vlan '%s' (1..4094)", optarg);
			o->vlan = (uint16_t)v;
			break;
		case 'm':
			o->rtcp_mux = 1;
			break;
		case 'n':
			o->nsec = 1;
			break;
		case 'B':
			o->swapped = 1;
			break;
		case 'k':
			o->key = optarg;
			break;
		case 'K':
			o->key_b = optarg;
			break;
		case 'T':
			o->two_crypto = 1;
			break;
		case 'S':
			if (srtpo_suite_from_name(optarg, &o->suite))
				return cmd_usage_error(cmd, "unknown suite '%s'", optarg);
			break;
		case 'a':
		case 'b':
			if (parse_ssrc(optarg, c == 'a' ? &o->ssrc_a : &o->ssrc_b))
				return cmd_usage_error(cmd, "bad --ssrc-%c '%s'", c, optarg);
			if (c == 'a')
				o->have_ssrc_a = 1;
			else
				o->have_ssrc_b = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			usage();
			return -1;
		default:
			return cmd_getopt_error(cmd, c, argv);
		}
	}
	{
		/* the keys go into SDP: check them as protect would */
		char err[256];

		if (o->key && key_text_check(o->key, o->suite, "--key", err, sizeof(err)))
			return cmd_usage_error(cmd, "%s", err);
		if (o->key_b && key_text_check(o->key_b, o->suite, "--key-b", err, sizeof(err)))
			return cmd_usage_error(cmd, "%s", err);
	}
	if (o->vlan && o->linktype != PCAP_LINK_ETHERNET)
		return cmd_usage_error(cmd, "--vlan needs --link ether");
	if (argc - optind < 1)
		return cmd_usage_error(cmd, "missing OUT.pcap");
	if (argc - optind > 1)
		return cmd_usage_error(cmd, "too many arguments ('%s')", argv[optind + 1]);
	o->out = argv[optind];
	return 0;
}

static int host_is_big_endian(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one == 0;
}

static void hexid(char *out, size_t cap, int digits)
{
	int i;

	for (i = 0; i < digits && (size_t)i + 1 < cap; i++)
		out[i] = "0123456789abcdef"[rng_below(16)];
	out[i] = 0;
}

/* Writes the events to the file. Returns 0 or an exit status. */
static int write_events(const struct gen_opts *o, struct events *e, uint64_t *first_ns,
			uint64_t *last_ns)
{
	static const uint8_t mac_a[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x0a };
	static const uint8_t mac_gw[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
	struct pcap_file_info info;
	struct pcap_writer w;
	struct outfile of;
	struct net_build b;
	char err[512];
	uint8_t *frame;
	uint16_t ip_id_a = (uint16_t)rng(), ip_id_b = (uint16_t)rng();
	size_t i, flen, fcap = 70000;
	int status = 0;

	frame = malloc(fcap);
	if (!frame)
		return cmd_fail("gen-call", "out of memory");
	memset(&info, 0, sizeof(info));
	info.linktype = o->linktype;
	info.snaplen = PCAP_MAX_RECORD;
	info.nanosecond = o->nsec;
	info.swapped = o->swapped ? !host_is_big_endian() : 0;
	if (outfile_open(&of, o->out, NULL, err, sizeof(err))) {
		free(frame);
		return cmd_fail("gen-call", "%s", err);
	}
	if (pcap_writer_fdopen(&w, of.fp, o->out, &info)) {
		outfile_abort(&of);
		free(frame);
		return cmd_fail("gen-call", "%s", w.err);
	}
	memset(&b, 0, sizeof(b));
	b.linktype = o->linktype;
	b.ipver = o->ipv6 ? 6 : 4;
	b.vlan = o->vlan;
	if (o->ipv6) {
		static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x0a };
		static const uint8_t b6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x14 };

		memcpy(b.src, a6, 16);
		memcpy(b.dst, b6, 16);
	} else {
		static const uint8_t a4[4] = { 192, 0, 2, 10 }, b4[4] = { 198, 51, 100, 20 };

		memcpy(b.src, a4, 4);
		memcpy(b.dst, b4, 4);
	}
	for (i = 0; i < e->n && !status; i++) {
		const struct event *ev = &e->v[i];
		struct net_build bb = b;
		struct pcap_record rec;

		if (!ev->from_a) {
			memcpy(bb.src, b.dst, 16);
			memcpy(bb.dst, b.src, 16);
		}
		memcpy(bb.src_mac, ev->from_a ? mac_a : mac_gw, 6);
		memcpy(bb.dst_mac, ev->from_a ? mac_gw : mac_a, 6);
		bb.outgoing = ev->from_a;
		bb.sport = ev->sport;
		bb.dport = ev->dport;
		bb.ip_id = ev->from_a ? ip_id_a++ : ip_id_b++;
		bb.ttl = ev->from_a ? 64 : 57;                /* Bob is a few hops away */
		bb.dscp = ev->sport == SIP_PORT ? 24 : 46;    /* CS3 signalling, EF media */
		if (net_build_udp(&bb, ev->data, ev->len, frame, fcap, &flen)) {
			status = cmd_fail("gen-call", "packet %zu does not fit", i + 1);
			break;
		}
		memset(&rec, 0, sizeof(rec));
		rec.ts = o->nsec ? ev->t_ns : ev->t_ns / 1000;
		rec.caplen = rec.origlen = (uint32_t)flen;
		rec.data = frame;
		if (pcap_write(&w, &rec))
			status = cmd_fail("gen-call", "%s", w.err);
	}
	if (!status && pcap_writer_finish(&w))
		status = cmd_fail("gen-call", "%s", w.err);
	if (!status && outfile_commit(&of, err, sizeof(err)))
		status = cmd_fail("gen-call", "%s", err);
	if (status)
		outfile_abort(&of);     /* only our temporary file goes */
	free(frame);
	if (e->n) {
		*first_ns = e->v[0].t_ns;
		*last_ns = e->v[e->n - 1].t_ns;
	}
	return status;
}

int srtpo_cmd_gen_call(int argc, char **argv)
{
	struct gen_opts o;
	struct sip_ctx sc;
	struct stream sa, sb;
	struct events ev = { 0 };
	uint8_t *buf;
	char keybuf[96], keybuf_b[96];
	uint64_t t0 = CAPTURE_START_S * NS_PER_S, tp, media_a, end_ns, k, first = 0, last = 0;
	uint32_t pt_ns, samples;
	uint64_t n_sip = 0, n_rtp = 0, n_rtcp = 0;
	uint16_t rtcp_a, rtcp_b;
	size_t len, i;
	int rc, status;

	rc = parse_args(&o, argc, argv);
	if (rc)
		return rc < 0 ? SRTPO_EXIT_OK : rc;
	rng_state = o.seed;
	pt_ns = o.ptime_ms * 1000000u;
	samples = o.ptime_ms * 8;
	buf = malloc(4096);
	if (!buf)
		return cmd_fail("gen-call", "out of memory");

	/* SDP and SIP identities. */
	memset(&sc, 0, sizeof(sc));
	sc.ipfam = o.ipv6 ? "IP6" : "IP4";
	sc.ip_a = o.ipv6 ? "2001:db8::a" : "192.0.2.10";
	sc.ip_b = o.ipv6 ? "2001:db8:1::14" : "198.51.100.20";
	sc.host_a = o.ipv6 ? "[2001:db8::a]" : "192.0.2.10";
	sc.host_b = o.ipv6 ? "[2001:db8:1::14]" : "198.51.100.20";
	sc.rtcp_mux = o.rtcp_mux;
	sc.ptime = o.ptime_ms;
	hexid(sc.call_id, sizeof(sc.call_id), 24);
	hexid(sc.tag_a, sizeof(sc.tag_a), 8);
	hexid(sc.tag_b, sizeof(sc.tag_b), 8);
	memcpy(sc.branch, "z9hG4bK", 7);
	hexid(sc.branch + 7, sizeof(sc.branch) - 7, 12);
	if (!o.key) {
		srtpo_crypto_policy_t cp;
		uint8_t key[SRTPO_MAX_KEY_LEN], salt[SRTPO_MAX_SALT_LEN];
		size_t kl, sl;

		srtpo_suite_policy(o.suite, &cp);
		kl = srtpo_master_key_len(cp.cipher);
		sl = srtpo_master_salt_len(cp.cipher);
		for (i = 0; i < kl; i++)
			key[i] = (uint8_t)rng();
		for (i = 0; i < sl; i++)
			salt[i] = (uint8_t)rng();
		if (srtpo_sdes_format_salt(key, kl, salt, sl, keybuf, sizeof(keybuf)) < 0)
			keybuf[0] = 0;
		o.key = keybuf;
		explicit_bzero(key, sizeof(key));
		explicit_bzero(salt, sizeof(salt));
	}
	if (!o.key_b) {
		/* The callee's key from a stream of its own, so that the rest of the call (SSRCs,
		 * sequence numbers) stays what the seed gave before there were two keys. */
		srtpo_crypto_policy_t cp;
		uint8_t key[SRTPO_MAX_KEY_LEN + SRTPO_MAX_SALT_LEN];
		uint64_t saved = rng_state;
		size_t kl, sl;

		rng_state = o.seed ^ 0x6b65792d62ull;   /* "key-b" */
		srtpo_suite_policy(o.suite, &cp);
		kl = srtpo_master_key_len(cp.cipher);
		sl = srtpo_master_salt_len(cp.cipher);
		for (i = 0; i < kl + sl; i++)
			key[i] = (uint8_t)rng();
		rng_state = saved;
		if (srtpo_sdes_format_salt(key, kl, key + kl, sl, keybuf_b, sizeof(keybuf_b)) < 0)
			keybuf_b[0] = 0;
		o.key_b = keybuf_b;
		explicit_bzero(key, sizeof(key));
	}
	/* --two-crypto: an alternative the answer does not take (a key that is not used) */
	snprintf(sc.crypto_a, sizeof(sc.crypto_a), "%sa=crypto:%d %s %s%s\r\n",
		 o.two_crypto ? "a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:"
				"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLg==\r\n" : "",
		 o.two_crypto ? 2 : 1, srtpo_suite_name(o.suite),
		 strncmp(o.key, "inline:", 7) ? "inline:" : "", o.key);
	snprintf(sc.crypto_b, sizeof(sc.crypto_b), "a=crypto:%d %s %s%s\r\n", o.two_crypto ? 2 : 1,
		 srtpo_suite_name(o.suite), strncmp(o.key_b, "inline:", 7) ? "inline:" : "",
		 o.key_b);

	/* Media streams. */
	memset(&sa, 0, sizeof(sa));
	memset(&sb, 0, sizeof(sb));
	sa.ssrc = (uint32_t)rng();
	sb.ssrc = (uint32_t)rng();
	if (o.have_ssrc_a)
		sa.ssrc = o.ssrc_a;
	if (o.have_ssrc_b)
		sb.ssrc = o.ssrc_b;
	if (sa.ssrc == sb.ssrc)
		sb.ssrc ^= 0x5a5a5a5a;
	/* Alice's sequence numbers wrap about half a second in. */
	sa.seq0 = (uint16_t)(65536 - (500 / o.ptime_ms) - rng_below(8));
	sb.seq0 = (uint16_t)rng_below(30000);
	sa.ts0 = (uint32_t)rng();
	sb.ts0 = (uint32_t)rng();
	sa.freq = 440.0;
	sb.freq = 523.25;
	sa.cname = o.ipv6 ? "alice@2001:db8::a" : "alice@192.0.2.10";
	sb.cname = o.ipv6 ? "bob@2001:db8:1::14" : "bob@198.51.100.20";

	/* Signalling: INVITE, 100 Trying, 180 Ringing, 200 OK after ~2 s of ringing, ACK. */
	tp = t0;
	len = sip_msg(&sc, 0, (char *)buf, 4096);
	add_event(&ev, tp, 1, SIP_PORT, SIP_PORT, buf, len);
	tp += 28000000 + rng_below(4000000);
	len = sip_msg(&sc, 1, (char *)buf, 4096);
	add_event(&ev, tp, 0, SIP_PORT, SIP_PORT, buf, len);
	tp += 150000000 + rng_below(100000000);
	len = sip_msg(&sc, 2, (char *)buf, 4096);
	add_event(&ev, tp, 0, SIP_PORT, SIP_PORT, buf, len);
	tp += 1800000000ull + rng_below(400000000);
	len = sip_msg(&sc, 3, (char *)buf, 4096);
	add_event(&ev, tp, 0, SIP_PORT, SIP_PORT, buf, len);
	tp += 1000000 + rng_below(2000000);
	len = sip_msg(&sc, 4, (char *)buf, 4096);
	add_event(&ev, tp, 1, SIP_PORT, SIP_PORT, buf, len);

	/* Alice's audio starts with the ACK; Bob's half a second later. */
	media_a = tp + 5000000;
	sa.start_ns = media_a;
	sb.start_ns = media_a + 500000000ull + rng_below(100000000);
	sa.npk = sb.npk = (uint64_t)o.duration_s * 1000 / o.ptime_ms;
	end_ns = sa.start_ns + sa.npk * pt_ns;
	rtcp_a = o.rtcp_mux ? RTP_PORT_A : RTP_PORT_A + 1;
	rtcp_b = o.rtcp_mux ? RTP_PORT_B : RTP_PORT_B + 1;

	/* RTCP timing first (it reads stream state by time); SR times drive LSR/DLSR. Bob reports
	 * with an RR while he is only receiving, then both send SR + SDES every 2.5..7.5 s. */
	{
		uint64_t ta = sa.start_ns + RTCP_INTERVAL_NS / 2 + rng_below(RTCP_INTERVAL_NS / 2);
		uint64_t tb = sa.start_ns + 300000000ull;
		int b_first = 1;

		while (ta < end_ns || tb < end_ns) {
			int a_next = ta <= tb;
			uint64_t now = a_next ? ta : tb;
			struct stream *self = a_next ? &sa : &sb, *other = a_next ? &sb : &sa;
			int kind = (!a_next && b_first) ? 0 : 1;

			if (now >= end_ns)
				break;
			/* Received reports arrive a little later at Alice's host. */
			len = rtcp_compound(buf, self, other, now, pt_ns, kind);
			add_event(&ev, a_next ? now : now + 20000000 + rng_below(3000000), a_next,
				  a_next ? rtcp_a : rtcp_b, a_next ? rtcp_b : rtcp_a, buf, len);
			n_rtcp++;
			if (a_next) {
				ta += RTCP_INTERVAL_NS / 2 + rng() % RTCP_INTERVAL_NS;
			} else {
				tb += b_first ? RTCP_INTERVAL_NS / 2 + rng_below(RTCP_INTERVAL_NS / 2)
					      : RTCP_INTERVAL_NS / 2 + rng() % RTCP_INTERVAL_NS;
				b_first = 0;
			}
		}
	}
	/* Audio: Alice's packets are captured as sent; Bob's arrive with 20..23 ms of delay. */
	for (k = 0; k < sa.npk; k++) {
		len = rtp_packet(buf, &sa, k, samples);
		add_event(&ev, sa.start_ns + k * pt_ns + rng_below(200000), 1, RTP_PORT_A,
			  RTP_PORT_B, buf, len);
	}
	for (k = 0; k < sb.npk && sb.start_ns + k * pt_ns < end_ns; k++) {
		len = rtp_packet(buf, &sb, k, samples);
		add_event(&ev, sb.start_ns + k * pt_ns + 20000000 + rng_below(3000000), 0,
			  RTP_PORT_B, RTP_PORT_A, buf, len);
	}
	n_rtp = sa.npk + k;
	sb.npk = k;

	/* Hang up: final SR + SDES + BYE from both, SIP BYE and 200 OK. */
	tp = end_ns + 40000000;
	len = rtcp_compound(buf, &sa, &sb, tp, pt_ns, 2);
	add_event(&ev, tp, 1, rtcp_a, rtcp_b, buf, len);
	len = sip_msg(&sc, 5, (char *)buf, 4096);
	add_event(&ev, tp + 100000, 1, SIP_PORT, SIP_PORT, buf, len);
	tp += 30000000 + rng_below(5000000);
	len = rtcp_compound(buf, &sb, &sa, tp, pt_ns, 2);
	add_event(&ev, tp, 0, rtcp_b, rtcp_a, buf, len);
	len = sip_msg(&sc, 6, (char *)buf, 4096);
	add_event(&ev, tp + 200000, 0, SIP_PORT, SIP_PORT, buf, len);
	n_rtcp += 2;
	n_sip = 7;
	free(buf);
	if (ev.oom) {
		status = cmd_fail("gen-call", "out of memory");
		goto out;
	}
	qsort(ev.v, ev.n, sizeof(*ev.v), cmp_event);
	status = write_events(&o, &ev, &first, &last);
	if (!status && !o.quiet)
		fprintf(stderr,
			"srtpo gen-call: wrote %s: %zu records over %.1f s: %llu SIP, %llu RTP, "
			"%llu RTCP compounds\n"
			"  caller ssrc 0x%08x: %llu packets, seq %u..%u%s\n"
			"  callee ssrc 0x%08x: %llu packets, seq %u..%u\n"
			"  caller key (offer)  %s\n"
			"  callee key (answer) %s\n",
			o.out, ev.n, (double)(last - first) / 1e9, (unsigned long long)n_sip,
			(unsigned long long)n_rtp, (unsigned long long)n_rtcp, sa.ssrc,
			(unsigned long long)sa.npk, sa.seq0, (uint16_t)(sa.seq0 + sa.npk - 1),
			sa.seq0 + sa.npk > 65536 ? " (crosses 65535 -> 0)" : "", sb.ssrc, (unsigned long long)sb.npk, sb.seq0,
			(uint16_t)(sb.seq0 + sb.npk - 1), o.key, o.key_b);
out:
	explicit_bzero(keybuf, sizeof(keybuf));
	explicit_bzero(keybuf_b, sizeof(keybuf_b));
	explicit_bzero(&sc, sizeof(sc));
	for (i = 0; i < ev.n; i++)
		free(ev.v[i].data);
	free(ev.v);
	return status;
}
