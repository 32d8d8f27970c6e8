// SPDX-License-Identifier: BSD-3-Clause
/*
 * cmd_srtp.c - `srtpo protect` and `srtpo unprotect`: SRTP/SRTCP over the RTP/RTCP of a pcap.
 *
 * Records are read in batches; the RTP packets of a batch go to the library in one burst call and
 * the RTCP packets in another (the two have separate state in a stream, so their relative order
 * does not matter), and the records are then written back in their original order. Anything that
 * is not version-2 RTP/RTCP over UDP, or belongs to another SSRC than --ssrc, is copied unchanged.
 * Packets the library refuses are dropped and counted per SSRC.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"
#include "net.h"
#include "pcap.h"
#include "srtpo.h"

#define BATCH 64
#define MAX_PORT_RANGES 16
/* Below this, a port belongs to a well-known service (DNS, NTP, ...) whose first byte may look
 * like RTP version 2 by chance; RTP lives on 1024..65535 (RFC 3550 11). */
#define FIRST_MEDIA_PORT 1024

struct opts {
	const char *cmd;
	int protect;
	srtpo_suite_t suite, rtcp_suite;
	int have_rtcp_suite;
	const char *key;
	int have_ssrc;
	uint32_t ssrc;
	uint32_t roc;
	uint32_t window;
	size_t nports;
	uint16_t port_lo[MAX_PORT_RANGES], port_hi[MAX_PORT_RANGES];
	srtpo_backend_t backend;
	int json, quiet;
	const char *in, *out;
	uint8_t xtn_ids[255];       /* --encrypt-extensions (RFC 6904) */
	size_t nxtn;
	int cryptex;                /* --cryptex (RFC 9335) */
};

/* Per-SSRC outcome counts. */
struct ssrc_stat {
	uint32_t ssrc;
	int used;
	uint64_t rtp_ok, rtcp_ok, auth, replay, malformed, other;
	int last_other;             /* the error code behind the last "other" */
};

struct ssrc_table {
	struct ssrc_stat *slots;
	size_t cap, count;
};

struct totals {
	uint64_t records, rtp, rtcp, passed, other_ssrc, dropped;
	uint64_t reasons[NET_REASON_COUNT]; /* non-UDP and unusable frames */
	uint64_t not_rtp;                   /* UDP, but not RTP/RTCP version 2 */
	uint64_t other_port;                /* UDP outside --port, or a well-known port */
};

struct slot {
	struct pcap_record rec;
	uint8_t *frame;             /* a copy of the record (the reader reuses its buffer) */
	size_t frame_cap;
	uint8_t *payload;           /* library output */
	size_t payload_cap;
	uint8_t *outf;              /* rebuilt frame */
	size_t outf_cap;
	struct net_pkt np;
	enum rtp_class cls;         /* RTP_CLASS_OTHER: copy as is */
	uint32_t ssrc;
	srtpo_packet_t *pk;
};

static const struct option long_opts[] = {
	{ "suite", required_argument, NULL, 's' },
	{ "key", required_argument, NULL, 'k' },
	{ "ssrc", required_argument, NULL, 'S' },
	{ "roc", required_argument, NULL, 'r' },
	{ "window", required_argument, NULL, 'w' },
	{ "rtcp-suite", required_argument, NULL, 'R' },
	{ "backend", required_argument, NULL, 'b' },
	{ "port", required_argument, NULL, 'P' },
	{ "json", no_argument, NULL, 'j' },
	{ "encrypt-extensions", required_argument, NULL, 'E' },
	{ "cryptex", no_argument, NULL, 'C' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void usage(const char *cmd)
{
	int p = !strcmp(cmd, "protect");
	int i;

	printf("Usage: srtpo %s [OPTIONS] --key KEY IN.pcap OUT.pcap\n\n", cmd);
	if (p)
		printf("Encrypts and authenticates every RTP and RTCP packet of IN.pcap (SRTP/SRTCP,\n"
		       "RFC 3711) and writes OUT.pcap. Other packets are copied unchanged.\n\n");
	else
		printf("Checks and decrypts every SRTP and SRTCP packet of IN.pcap and writes OUT.pcap.\n"
		       "Packets that fail authentication or the replay check are dropped and counted.\n"
		       "Other packets are copied unchanged.\n\n");
	printf("Options:\n"
	       "  -k, --key KEY          SDES key: base64 of master key || master salt, 'inline:'\n"
	       "                         prefix, '|lifetime' and '|MKI:LEN' optional (RFC 4568)\n"
	       "  -s, --suite NAME       crypto suite (default AES_CM_128_HMAC_SHA1_80)\n"
	       "      --rtcp-suite NAME  suite for RTCP (default: the --suite, with the 80-bit\n"
	       "                         SRTCP tag RFC 4568 gives the _32 suites too)\n"
	       "      --ssrc SSRC        only this SSRC (hex 0x1234abcd or decimal); others pass\n"
	       "                         through unchanged. Default: every SSRC\n"
	       "      --port P[-Q]       only UDP packets from or to these ports (repeatable, up\n"
	       "                         to %d). Default: any port but 0..1023 (DNS, NTP, ...)\n"
	       "      --roc N            initial rollover counter of every stream (default 0)\n"
	       "      --window N         replay window, 64..32767 packets (default %d)\n"
	       "      --backend sw|sim|card|auto  library backend (default auto: a card through\n"
	       "                         the driver if present, else software; card: /dev/srtpo0\n"
	       "                         or $SRTPO_DEVICE; sim: the Verilated card,\n"
	       "                         libsrtpo_sim.so next to srtpo)\n"
	       "      --encrypt-extensions IDS  RFC 6904: encrypt the header extension elements\n"
	       "                         with these IDs (comma-separated, 1..255)\n"
	       "      --cryptex          RFC 9335: encrypt CSRCs and header extensions whole\n"
	       "                         (unprotect takes cryptex and plain packets alike)\n"
	       "      --json             print the summary as JSON on stdout\n"
	       "  -q, --quiet            no summary on stderr\n"
	       "  -h, --help             this help\n\n", MAX_PORT_RANGES, SRTPO_DEFAULT_WINDOW);
	printf("Suites:");
	for (i = 0; i < SRTPO_SUITE_COUNT; i++)
		printf("%s%s", i % 3 ? ", " : "\n  ", srtpo_suite_name((srtpo_suite_t)i));
	printf("\n\nIN or OUT may be '-' for stdin/stdout. Link types: Ethernet (802.1Q/802.1ad\n"
	       "VLANs), Linux cooked v1/v2, raw IP, BSD loopback; IPv4 and IPv6; UDP.\n\n"
	       "Exit status: 0 done (even if packets were dropped: see the summary), 1 unreadable,\n"
	       "corrupt or truncated input or a write error, 2 usage error.\n\n"
	       "Example:\n"
	       "  srtpo %s --suite AES_CM_128_HMAC_SHA1_80 \\\n"
	       "      --key inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz %s\n",
	       cmd, p ? "call.pcap call.srtp.pcap" : "call.srtp.pcap call.rtp.pcap");
}

/* ---- per-SSRC table: open addressing, grows at half full ---- */

static struct ssrc_stat *stat_get(struct ssrc_table *t, uint32_t ssrc)
{
	size_t i, mask;

	if (t->count * 2 >= t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 64, j;
		struct ssrc_stat *ns = calloc(ncap, sizeof(*ns));

		if (!ns)
			return NULL;
		for (j = 0; j < t->cap; j++) {
			if (!t->slots[j].used)
				continue;
			for (i = (t->slots[j].ssrc * 2654435761u) & (ncap - 1); ns[i].used;
			     i = (i + 1) & (ncap - 1))
				;
			ns[i] = t->slots[j];
		}
		free(t->slots);
		t->slots = ns;
		t->cap = ncap;
	}
	mask = t->cap - 1;
	for (i = (ssrc * 2654435761u) & mask; t->slots[i].used; i = (i + 1) & mask)
		if (t->slots[i].ssrc == ssrc)
			return &t->slots[i];
	t->slots[i].used = 1;
	t->slots[i].ssrc = ssrc;
	t->count++;
	return &t->slots[i];
}

static int cmp_stat(const void *a, const void *b)
{
	const struct ssrc_stat *x = a, *y = b;

	if (x->used != y->used)
		return y->used - x->used;
	return x->ssrc < y->ssrc ? -1 : x->ssrc > y->ssrc;
}

/* ---- key checks that give a precise message before the library's parse ---- */

static int b64_val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '/')
		return c == '+' ? 62 : 63;
	return -1;
}

/* Checks the base64 part of an SDES key and says what is wrong with it, or returns 0. */
static int check_key_text(const struct opts *o, size_t want)
{
	const char *s = o->key;
	size_t n, i, pad = 0, bytes;
	srtpo_crypto_policy_t cp;
	size_t salt_len = srtpo_suite_policy(o->suite, &cp) ? SRTPO_SALT_LEN
							    : srtpo_master_salt_len(cp.cipher);

	if (!strncasecmp(s, "inline:", 7))
		s += 7;
	n = strcspn(s, "|");
	if (n == 0)
		return cmd_usage_error(o->cmd, "--key is empty");
	for (i = 0; i < n; i++) {
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (pad || b64_val(s[i]) < 0)
			return cmd_usage_error(o->cmd,
					       "--key is not valid base64 (bad character '%c' at "
					       "position %zu)", s[i], i + 1);
	}
	if (pad > 2 || (n - pad) % 4 == 1 || (pad && n % 4))
		return cmd_usage_error(o->cmd, "--key is not valid base64 (bad length or padding)");
	bytes = (n - pad) * 3 / 4;
	if (bytes != want)
		return cmd_usage_error(o->cmd,
				       "--key decodes to %zu bytes; %s needs %zu (%zu-byte master "
				       "key + %zu-byte salt)", bytes, srtpo_suite_name(o->suite), want,
				       want - salt_len, salt_len);
	return 0;
}

static int parse_args(struct opts *o, int argc, char **argv)
{
	int c;
	uint64_t v;

	memset(o, 0, sizeof(*o));
	o->cmd = argv[0];
	o->protect = !strcmp(argv[0], "protect");
	o->suite = SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80;
	o->backend = SRTPO_BACKEND_AUTO;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:k:qh", long_opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (srtpo_suite_from_name(optarg, &o->suite))
				return cmd_usage_error(o->cmd, "unknown suite '%s'", optarg);
			break;
		case 'R':
			if (srtpo_suite_from_name(optarg, &o->rtcp_suite))
				return cmd_usage_error(o->cmd, "unknown RTCP suite '%s'", optarg);
			o->have_rtcp_suite = 1;
			break;
		case 'k':
			o->key = optarg;
			break;
		case 'S':
			if (parse_ssrc(optarg, &o->ssrc))
				return cmd_usage_error(o->cmd, "bad --ssrc '%s' (want 0x1234abcd or "
						       "decimal, 32 bits)", optarg);
			o->have_ssrc = 1;
			break;
		case 'r':
			if (parse_u64(optarg, UINT32_MAX, &v))
				return cmd_usage_error(o->cmd, "bad --roc '%s' (0..4294967295)",
						       optarg);
			o->roc = (uint32_t)v;
			break;
		case 'w':
			if (parse_u64(optarg, 32767, &v) || v < 64)
				return cmd_usage_error(o->cmd, "bad --window '%s' (64..32767)",
						       optarg);
			o->window = (uint32_t)v;
			break;
		case 'b':
			if (!strcmp(optarg, "sw"))
				o->backend = SRTPO_BACKEND_SW;
			else if (!strcmp(optarg, "auto"))
				o->backend = SRTPO_BACKEND_AUTO;
			else if (!strcmp(optarg, "sim"))
				o->backend = SRTPO_BACKEND_SIM;
			else if (!strcmp(optarg, "card"))
				o->backend = SRTPO_BACKEND_CARD;
			else
				return cmd_usage_error(o->cmd,
						       "unknown backend '%s' (sw, sim, card or auto)",
						       optarg);
			break;
		case 'P': {
			char *dash = strchr(optarg, '-');
			uint64_t lo, hi;
			int bad;

			if (o->nports == MAX_PORT_RANGES)
				return cmd_usage_error(o->cmd, "more than %d --port ranges",
						       MAX_PORT_RANGES);
			if (dash)
				*dash = 0;
			bad = parse_u64(optarg, 65535, &lo) ||
			      (dash ? parse_u64(dash + 1, 65535, &hi) : (hi = lo, 0)) || lo > hi;
			if (dash)
				*dash = '-';
			if (bad)
				return cmd_usage_error(o->cmd, "bad --port '%s' (P or P-Q, 0..65535)",
						       optarg);
			o->port_lo[o->nports] = (uint16_t)lo;
			o->port_hi[o->nports] = (uint16_t)hi;
			o->nports++;
			break;
		}
		case 'E': {
			char *p = optarg, *end;

			do {
				unsigned long id = strtoul(p, &end, 10);

				if (end == p || id < 1 || id > 255 || (*end && *end != ',') ||
				    o->nxtn == sizeof(o->xtn_ids))
					return cmd_usage_error(o->cmd, "bad --encrypt-extensions '%s' "
								       "(IDs 1..255, comma-separated)",
							       optarg);
				o->xtn_ids[o->nxtn++] = (uint8_t)id;
				p = end + 1;
			} while (*end);
			break;
		}
		case 'C':
			o->cryptex = 1;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			usage(o->cmd);
			return -1;
		default:
			return cmd_getopt_error(o->cmd, c, argv);
		}
	}
	if (!o->have_rtcp_suite)
		o->rtcp_suite = o->suite;
	if (!o->key)
		return cmd_usage_error(o->cmd, "missing --key");
	if (argc - optind < 2)
		return cmd_usage_error(o->cmd, "missing %s", argc - optind ? "OUT.pcap" :
				       "IN.pcap and OUT.pcap");
	if (argc - optind > 2)
		return cmd_usage_error(o->cmd, "too many arguments ('%s')", argv[optind + 2]);
	o->in = argv[optind];
	o->out = argv[optind + 1];
	if (strcmp(o->in, "-") && !strcmp(o->in, o->out))
		return cmd_usage_error(o->cmd, "IN and OUT are the same file");
	if (o->json && !strcmp(o->out, "-"))
		return cmd_usage_error(o->cmd, "--json needs stdout, but OUT is '-'");
	return 0;
}

/* Builds the session: one template (or one stream with --ssrc) carrying the SDES key. */
/* The simulated card ships as libsrtpo_sim.so beside the srtpo program (build/ or bindir):
 * point the library at it unless $SRTPO_SIM_LIB already does. */
static void sim_library_default(void)
{
	char exe[4096], *slash;
	ssize_t n;

	if (getenv("SRTPO_SIM_LIB"))
		return;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 32);
	if (n <= 0)
		return;
	exe[n] = 0;
	slash = strrchr(exe, '/');
	if (!slash)
		return;
	strcpy(slash + 1, "libsrtpo_sim.so");
	if (access(exe, R_OK) == 0)
		setenv("SRTPO_SIM_LIB", exe, 0);
}

static int make_session(const struct opts *o, srtpo_session_t **s)
{
	srtpo_crypto_policy_t rtp_cp;
	srtpo_sdes_key_t sk;
	srtpo_master_key_t mk;
	srtpo_policy_t pol;
	srtpo_session_config_t cfg;
	int rc;

	if (srtpo_suite_policy(o->suite, &rtp_cp))
		return cmd_usage_error(o->cmd, "unknown suite");
	rc = check_key_text(o, srtpo_master_key_len(rtp_cp.cipher) +
				       srtpo_master_salt_len(rtp_cp.cipher));
	if (rc)
		return rc;
	rc = srtpo_sdes_parse(o->key, o->suite, &sk);
	if (rc)
		return cmd_usage_error(o->cmd, "bad --key: %s", srtpo_strerror(rc));
	srtpo_policy_init(&pol, &mk, o->suite, sk.key, sk.salt);
	mk.key_len = sk.key_len;
	mk.mki = sk.mki_len ? sk.mki : NULL;
	mk.mki_len = sk.mki_len;
	mk.lifetime = sk.lifetime;
	pol.keys = &mk;
	pol.num_keys = 1;
	pol.encrypted_extension_ids = o->nxtn ? o->xtn_ids : NULL;
	pol.num_encrypted_extension_ids = o->nxtn;
	pol.cryptex = o->cryptex;
	/* the suite's own SRTCP policy (GCM _AUTH_ONLY: no SRTCP encryption) unless given */
	if ((o->have_rtcp_suite ? srtpo_suite_policy : srtpo_suite_rtcp_policy)(o->rtcp_suite,
										 &pol.rtcp)) {
		memset(&sk, 0, sizeof(sk));
		return cmd_usage_error(o->cmd, "unknown RTCP suite");
	}
	/* RFC 4568 6.2: the _32 suites shorten the SRTP tag only; SRTCP keeps 80 bits. */
	if (!o->have_rtcp_suite && pol.rtcp.auth == SRTPO_AUTH_HMAC_SHA1 && pol.rtcp.tag_len == 4)
		pol.rtcp.tag_len = 10;
	pol.roc = o->roc;
	pol.window_size = o->window;
	if (o->have_ssrc) {
		pol.ssrc_type = SRTPO_SSRC_SPECIFIC;
		pol.ssrc = o->ssrc;
	} else {
		pol.ssrc_type = o->protect ? SRTPO_SSRC_ANY_OUTBOUND : SRTPO_SSRC_ANY_INBOUND;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.backend = o->backend;
	if (o->backend == SRTPO_BACKEND_SIM)
		sim_library_default();
	rc = srtpo_create(s, &pol, 1, &cfg);
	memset(&sk, 0, sizeof(sk));
	memset(&mk, 0, sizeof(mk));
	if (rc == SRTPO_ERR_BAD_KEY || rc == SRTPO_ERR_BAD_PARAM || rc == SRTPO_ERR_UNSUPPORTED)
		return cmd_usage_error(o->cmd, "the library refused the key or options: %s",
				       srtpo_strerror(rc));
	if (rc)
		return cmd_fail(o->cmd, "cannot create a session: %s", srtpo_strerror(rc));
	return 0;
}

static void count_status(struct ssrc_stat *st, enum rtp_class cls, int status)
{
	switch (status) {
	case SRTPO_OK:
		if (cls == RTP_CLASS_RTP)
			st->rtp_ok++;
		else
			st->rtcp_ok++;
		break;
	case SRTPO_ERR_AUTH:
		st->auth++;
		break;
	case SRTPO_ERR_REPLAY:
	case SRTPO_ERR_REPLAY_OLD:
		st->replay++;
		break;
	case SRTPO_ERR_MALFORMED:
	case SRTPO_ERR_TOO_SHORT:
		st->malformed++;
		break;
	default:
		st->other++;
		st->last_other = status;
		break;
	}
}

static void print_summary(const struct opts *o, srtpo_session_t *s, const struct totals *t,
			  struct ssrc_table *tab)
{
	const char *ok = o->protect ? "protected" : "ok";
	size_t i;
	int r;

	qsort(tab->slots, tab->cap, sizeof(*tab->slots), cmp_stat);
	if (!o->quiet) {
		fprintf(stderr, "srtpo %s: %s -> %s (%s", o->cmd, o->in, o->out,
			srtpo_suite_name(o->suite));
		if (o->have_rtcp_suite && o->rtcp_suite != o->suite)
			fprintf(stderr, ", RTCP %s", srtpo_suite_name(o->rtcp_suite));
		fprintf(stderr, ", backend %s)\n", srtpo_backend_name(s));
		fprintf(stderr, "  records %llu: rtp %llu, rtcp %llu, dropped %llu, passed through "
			"%llu", (unsigned long long)t->records, (unsigned long long)t->rtp,
			(unsigned long long)t->rtcp, (unsigned long long)t->dropped,
			(unsigned long long)t->passed);
		if (t->passed) {
			const char *sep = " (";

			if (t->not_rtp) {
				fprintf(stderr, "%snot rtp/rtcp %llu", sep,
					(unsigned long long)t->not_rtp);
				sep = ", ";
			}
			if (t->other_port) {
				fprintf(stderr, "%s%s %llu", sep, o->nports ? "other port" :
					"well-known port", (unsigned long long)t->other_port);
				sep = ", ";
			}
			if (t->other_ssrc) {
				fprintf(stderr, "%sother ssrc %llu", sep,
					(unsigned long long)t->other_ssrc);
				sep = ", ";
			}
			for (r = 1; r < NET_REASON_COUNT; r++) {
				if (!t->reasons[r])
					continue;
				fprintf(stderr, "%s%s %llu", sep, net_reason_name(r),
					(unsigned long long)t->reasons[r]);
				sep = ", ";
			}
			fputc(')', stderr);
		}
		fputc('\n', stderr);
		if (tab->count)
			fprintf(stderr, "  %-10s  %9s  %9s  %9s  %7s  %9s  %6s\n", "ssrc", "rtp",
				"rtcp", "auth fail", "replay", "malformed", "other");
		for (i = 0; i < tab->count; i++) {
			const struct ssrc_stat *st = &tab->slots[i];

			fprintf(stderr, "  0x%08x  %9llu  %9llu  %9llu  %7llu  %9llu  %6llu",
				st->ssrc, (unsigned long long)st->rtp_ok,
				(unsigned long long)st->rtcp_ok, (unsigned long long)st->auth,
				(unsigned long long)st->replay,
				(unsigned long long)st->malformed, (unsigned long long)st->other);
			if (st->other)
				fprintf(stderr, "  (%s)", srtpo_strerror(st->last_other));
			fputc('\n', stderr);
		}
		if (tab->count)
			fprintf(stderr, "  (rtp/rtcp columns count packets %s)\n", ok);
	}
	if (o->json) {
		printf("{\"command\":");
		json_string(stdout, o->cmd);
		printf(",\"input\":");
		json_string(stdout, o->in);
		printf(",\"output\":");
		json_string(stdout, o->out);
		printf(",\"suite\":\"%s\",\"rtcp_suite\":\"%s\",\"backend\":",
		       srtpo_suite_name(o->suite), srtpo_suite_name(o->rtcp_suite));
		json_string(stdout, srtpo_backend_name(s));
		printf(",\"records\":%llu,\"rtp\":%llu,\"rtcp\":%llu,\"dropped\":%llu,"
		       "\"passed\":%llu,\"not_rtp\":%llu,\"other_port\":%llu,\"other_ssrc\":%llu,"
		       "\"unusable\":%llu,"
		       "\"streams\":[",
		       (unsigned long long)t->records, (unsigned long long)t->rtp,
		       (unsigned long long)t->rtcp, (unsigned long long)t->dropped,
		       (unsigned long long)t->passed, (unsigned long long)t->not_rtp,
		       (unsigned long long)t->other_port, (unsigned long long)t->other_ssrc,
		       (unsigned long long)(t->passed - t->not_rtp - t->other_port -
					    t->other_ssrc));
		for (i = 0; i < tab->count; i++) {
			const struct ssrc_stat *st = &tab->slots[i];

			printf("%s{\"ssrc\":\"0x%08x\",\"rtp_ok\":%llu,\"rtcp_ok\":%llu,"
			       "\"auth_fail\":%llu,\"replay\":%llu,\"malformed\":%llu,\"other\":%llu}",
			       i ? "," : "", st->ssrc, (unsigned long long)st->rtp_ok,
			       (unsigned long long)st->rtcp_ok, (unsigned long long)st->auth,
			       (unsigned long long)st->replay, (unsigned long long)st->malformed,
			       (unsigned long long)st->other);
		}
		printf("]}\n");
	}
}

/* Runs one batch through the library and writes it out. Returns 0 or an exit status. */
static int run_batch(const struct opts *o, srtpo_session_t *s, struct slot *sl, size_t n,
		     srtpo_packet_t *rtp, srtpo_packet_t *rtcp, struct pcap_writer *w,
		     struct ssrc_table *tab, struct totals *t)
{
	size_t i, nrtp = 0, nrtcp = 0;

	for (i = 0; i < n; i++) {
		struct slot *x = &sl[i];
		srtpo_packet_t *pk;

		if (x->cls == RTP_CLASS_OTHER)
			continue;
		pk = x->cls == RTP_CLASS_RTP ? &rtp[nrtp++] : &rtcp[nrtcp++];
		pk->in = x->frame + x->np.payload_off;
		pk->in_len = x->np.payload_len;
		pk->out = x->payload;
		pk->out_cap = x->payload_cap;
		pk->out_len = 0;
		pk->status = SRTPO_ERR_BAD_PARAM;
		x->pk = pk;
	}
	if (o->protect) {
		if (nrtp)
			srtpo_protect_burst(s, rtp, nrtp);
		if (nrtcp)
			srtpo_protect_rtcp_burst(s, rtcp, nrtcp);
	} else {
		if (nrtp)
			srtpo_unprotect_burst(s, rtp, nrtp);
		if (nrtcp)
			srtpo_unprotect_rtcp_burst(s, rtcp, nrtcp);
	}
	for (i = 0; i < n; i++) {
		struct slot *x = &sl[i];
		struct pcap_record rec = x->rec;

		rec.data = x->frame;
		if (x->cls != RTP_CLASS_OTHER) {
			struct ssrc_stat *st = stat_get(tab, x->ssrc);
			size_t len;

			if (!st)
				return cmd_fail(o->cmd, "out of memory");
			count_status(st, x->cls, x->pk->status);
			if (x->pk->status != SRTPO_OK) {
				t->dropped++;
				continue;
			}
			if (x->pk->out_len > x->payload_cap ||
			    net_replace_payload(&x->np, x->frame, x->rec.caplen, x->payload,
						x->pk->out_len, x->outf, x->outf_cap, &len)) {
				/* Only a packet near 64 KiB can outgrow its IP length field. */
				st->other++;
				st->last_other = SRTPO_ERR_NO_SPACE;
				t->dropped++;
				continue;
			}
			rec.data = x->outf;
			rec.caplen = rec.origlen = (uint32_t)len;
		}
		if (pcap_write(w, &rec))
			return cmd_fail(o->cmd, "%s", w->err);
	}
	return 0;
}

static int port_in(const struct opts *o, uint16_t port)
{
	size_t i;

	for (i = 0; i < o->nports; i++)
		if (port >= o->port_lo[i] && port <= o->port_hi[i])
			return 1;
	return 0;
}

static int port_wanted(const struct opts *o, uint16_t sport, uint16_t dport)
{
	if (o->nports)
		return port_in(o, sport) || port_in(o, dport);
	return sport >= FIRST_MEDIA_PORT && dport >= FIRST_MEDIA_PORT;
}

/* Copies a record into a slot and decides what to do with it. Returns 0 or -1 (no memory). */
static int fill_slot(const struct opts *o, uint32_t linktype, const struct pcap_record *rec,
		     struct slot *x, struct totals *t)
{
	enum net_reason r;

	x->rec = *rec;
	x->cls = RTP_CLASS_OTHER;
	if (buf_reserve(&x->frame, &x->frame_cap, rec->caplen ? rec->caplen : 1))
		return -1;
	memcpy(x->frame, rec->data, rec->caplen);
	t->records++;
	r = net_parse(linktype, x->frame, rec->caplen, rec->origlen, &x->np);
	if (r != NET_UDP) {
		t->reasons[r]++;
		t->passed++;
		return 0;
	}
	if (!port_wanted(o, x->np.sport, x->np.dport)) {
		t->other_port++;
		t->passed++;
		return 0;
	}
	x->cls = rtp_classify(x->frame + x->np.payload_off, x->np.payload_len, &x->ssrc);
	if (x->cls == RTP_CLASS_OTHER) {
		t->not_rtp++;
		t->passed++;
		return 0;
	}
	if (o->have_ssrc && x->ssrc != o->ssrc) {
		x->cls = RTP_CLASS_OTHER;
		t->other_ssrc++;
		t->passed++;
		return 0;
	}
	if (x->cls == RTP_CLASS_RTP)
		t->rtp++;
	else
		t->rtcp++;
	if (buf_reserve(&x->payload, &x->payload_cap, x->np.payload_len + SRTPO_MAX_TRAILER) ||
	    buf_reserve(&x->outf, &x->outf_cap, rec->caplen + SRTPO_MAX_TRAILER))
		return -1;
	return 0;
}

int srtpo_cmd_protect(int argc, char **argv)
{
	struct opts o;
	struct pcap_reader rd;
	struct pcap_writer wr;
	struct pcap_file_info info;
	struct ssrc_table tab = { 0 };
	struct totals t;
	struct slot *sl = NULL;
	srtpo_packet_t *rtp = NULL, *rtcp = NULL;
	srtpo_session_t *s = NULL;
	int rc, status = SRTPO_EXIT_OK, wopen = 0, ropen = 0;
	size_t i;

	rc = parse_args(&o, argc, argv);
	if (rc)
		return rc < 0 ? SRTPO_EXIT_OK : rc;
	rc = make_session(&o, &s);
	if (rc)
		return rc;
	memset(&t, 0, sizeof(t));
	sl = calloc(BATCH, sizeof(*sl));
	rtp = calloc(BATCH, sizeof(*rtp));
	rtcp = calloc(BATCH, sizeof(*rtcp));
	if (!sl || !rtp || !rtcp) {
		status = cmd_fail(o.cmd, "out of memory");
		goto out;
	}
	if (pcap_reader_open(&rd, o.in)) {
		status = cmd_fail(o.cmd, "%s", rd.err);
		goto out;
	}
	ropen = 1;
	info = rd.info;
	/* A pipe cannot have its header rewritten at the end: leave room for growth up front. */
	if (o.protect && !strcmp(o.out, "-") && info.snaplen < PCAP_MAX_RECORD)
		info.snaplen = info.snaplen > PCAP_MAX_RECORD - SRTPO_MAX_TRAILER ?
			       PCAP_MAX_RECORD : info.snaplen + SRTPO_MAX_TRAILER;
	if (pcap_writer_open(&wr, o.out, &info)) {
		status = cmd_fail(o.cmd, "%s", wr.err);
		goto out;
	}
	wopen = 1;
	for (;;) {
		struct pcap_record rec;
		size_t n = 0;

		while (n < BATCH && (rc = pcap_read(&rd, &rec)) == 1) {
			if (fill_slot(&o, rd.info.linktype, &rec, &sl[n], &t)) {
				status = cmd_fail(o.cmd, "out of memory");
				goto out;
			}
			n++;
		}
		if (n) {
			status = run_batch(&o, s, sl, n, rtp, rtcp, &wr, &tab, &t);
			if (status)
				goto out;
		}
		if (rc < 0) {
			status = cmd_fail(o.cmd, "%s", rd.err);
			goto out;
		}
		if (rc == 0)
			break;
	}
	wopen = 0;
	if (pcap_writer_close(&wr)) {
		status = cmd_fail(o.cmd, "%s", wr.err);
		if (strcmp(o.out, "-"))
			unlink(o.out);
		goto out;
	}
	print_summary(&o, s, &t, &tab);
out:
	if (wopen) {
		pcap_writer_close(&wr);
		/* A half-written output would look like a short capture: remove it. */
		if (strcmp(o.out, "-"))
			unlink(o.out);
	}
	if (ropen)
		pcap_reader_close(&rd);
	if (sl)
		for (i = 0; i < BATCH; i++) {
			free(sl[i].frame);
			free(sl[i].payload);
			free(sl[i].outf);
		}
	free(sl);
	free(rtp);
	free(rtcp);
	free(tab.slots);
	srtpo_destroy(s);
	return status;
}
