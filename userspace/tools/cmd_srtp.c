// SPDX-License-Identifier: BSD-3-Clause
/*
 * cmd_srtp.c - `srtpo protect` and `srtpo unprotect`: SRTP/SRTCP over the RTP/RTCP of a capture.
 *
 * Records are read in batches (a batch ends early when a live input has nothing more waiting);
 * each packet is given to the key context that covers it (keys.h: --key, --keys, --sdp-keys), the
 * RTP packets of a context go to the library in one burst call and the RTCP packets in another
 * (the two have separate state in a stream, so their relative order does not matter), and the
 * records are then written back in their original order. Anything that is not version-2 RTP/RTCP
 * over UDP, has no key, or belongs to another SSRC than --ssrc, is copied unchanged. Packets the
 * library refuses are dropped (or kept as they were with --keep-failed) and counted per SSRC.
 * Unprotect tries other rollover counters, within --roc-search, when a stream's first packets fail
 * authentication (a capture joined mid-call).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"
#include "keys.h"
#include "net.h"
#include "outfile.h"
#include "pcap.h"
#include "srtpo.h"

#define BATCH 64
#define MAX_PORT_RANGES 16
#define MAX_SSRC_ROCS 64
#define DEFAULT_ROC_SEARCH 16
/* ROC searches per stream before its failures are taken as forgeries */
#define MAX_ROC_SEARCHES 3
/* Below this, a port belongs to a well-known service (DNS, NTP, ...) whose first byte may look
 * like RTP version 2 by chance; RTP lives on 1024..65535 (RFC 3550 11). */
#define FIRST_MEDIA_PORT 1024

enum out_format { OUT_FOLLOW, OUT_PCAP, OUT_PCAPNG };

struct opts {
	const char *cmd;
	int protect;
	srtpo_suite_t suite, rtcp_suite;
	int have_suite, have_rtcp_suite;
	const char *key;             /* --key, or read from --key-file / $SRTPO_KEY */
	const char *key_origin;
	char key_buf[KEY_TEXT_MAX];
	const char *keys_file;
	int sdp_keys;
	int have_ssrc;
	uint32_t ssrc;
	uint32_t roc;
	size_t n_ssrc_rocs;
	uint32_t ssrc_roc_ssrc[MAX_SSRC_ROCS], ssrc_roc_val[MAX_SSRC_ROCS];
	uint32_t roc_search;
	uint32_t window;
	size_t nports;
	uint16_t port_lo[MAX_PORT_RANGES], port_hi[MAX_PORT_RANGES];
	srtpo_backend_t backend;
	int json, quiet, keep_failed;
	const char *json_file;
	int out_format;
	const char *in, *out;
	uint8_t xtn_ids[255];       /* --encrypt-extensions (RFC 6904) */
	size_t nxtn;
	int cryptex;                /* --cryptex (RFC 9335) */
};

/* Per-SSRC outcome counts and sequence numbers. */
struct ssrc_stat {
	uint32_t ssrc;
	int used;
	uint64_t rtp_ok, rtcp_ok, auth, replay, malformed, other, kept;
	int last_other;             /* the error code behind the last "other" */
	/* RTP sequence numbers as captured (RFC 3550 A.1, simplified): loss and gaps */
	int seq_init;
	uint16_t max_seq;
	uint32_t cycles;
	uint16_t base_seq;
	uint64_t rtp_seen, gaps, late;
	/* ROC search */
	int roc_searches, roc_found;
	uint32_t roc;
	uint64_t roc_batch;         /* the batch in which it was found */
	const struct key_ctx *ctx;
};

struct ssrc_table {
	struct ssrc_stat *slots;
	size_t cap, count;
};

struct totals {
	uint64_t records, rtp, rtcp, passed, other_ssrc, dropped, kept, no_key;
	uint64_t reasons[NET_REASON_COUNT]; /* non-UDP and unusable frames */
	uint64_t not_rtp;                   /* UDP, but not RTP/RTCP version 2 */
	uint64_t other_port;                /* UDP outside --port, or a well-known port */
	uint64_t sdp_updates;               /* key contexts --sdp-keys added or changed */
	uint64_t batches;
};

struct slot {
	struct pcap_record rec;
	uint8_t *frame;             /* a copy of the record (the reader reuses its buffer) */
	size_t frame_cap;
	uint8_t *opts;              /* a copy of its pcapng options */
	size_t opts_cap;
	uint8_t *payload;           /* library output */
	size_t payload_cap;
	uint8_t *outf;              /* rebuilt frame */
	size_t outf_cap;
	struct net_pkt np;
	enum rtp_class cls;         /* RTP_CLASS_OTHER: copy as is */
	uint32_t ssrc;
	struct key_ctx *ctx;
	srtpo_packet_t *pk;
};

/* Long options only ('\0' + index); one table, so that an option is one line and one case. */
enum {
	OPT_SUITE = 's', OPT_KEY = 'k', OPT_QUIET = 'q', OPT_HELP = 'h',
	OPT_SSRC = 256, OPT_ROC, OPT_ROC_SEARCH, OPT_WINDOW, OPT_RTCP_SUITE, OPT_BACKEND,
	OPT_PORT, OPT_JSON, OPT_JSON_FILE, OPT_KEYS, OPT_KEY_FILE, OPT_SDP_KEYS, OPT_KEEP_FAILED,
	OPT_PCAP, OPT_PCAPNG, OPT_ENCRYPT_EXTENSIONS, OPT_CRYPTEX,
};

static const struct option long_opts[] = {
	{ "suite", required_argument, NULL, OPT_SUITE },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "key-file", required_argument, NULL, OPT_KEY_FILE },
	{ "keys", required_argument, NULL, OPT_KEYS },
	{ "sdp-keys", no_argument, NULL, OPT_SDP_KEYS },
	{ "ssrc", required_argument, NULL, OPT_SSRC },
	{ "roc", required_argument, NULL, OPT_ROC },
	{ "roc-search", required_argument, NULL, OPT_ROC_SEARCH },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "rtcp-suite", required_argument, NULL, OPT_RTCP_SUITE },
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "keep-failed", no_argument, NULL, OPT_KEEP_FAILED },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "json-file", required_argument, NULL, OPT_JSON_FILE },
	{ "pcap", no_argument, NULL, OPT_PCAP },
	{ "pcapng", no_argument, NULL, OPT_PCAPNG },
	{ "encrypt-extensions", required_argument, NULL, OPT_ENCRYPT_EXTENSIONS },
	{ "cryptex", no_argument, NULL, OPT_CRYPTEX },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static void usage(const char *cmd)
{
	int p = !strcmp(cmd, "protect");
	int i;

	printf("Usage: srtpo %s [OPTIONS] (--key KEY | --key-file F | --keys F | --sdp-keys) IN OUT\n\n",
	       cmd);
	if (p)
		printf("Encrypts and authenticates every RTP and RTCP packet of IN (SRTP/SRTCP,\n"
		       "RFC 3711) and writes OUT. Other packets are copied unchanged.\n\n");
	else
		printf("Checks and decrypts every SRTP and SRTCP packet of IN and writes OUT.\n"
		       "Packets that fail authentication or the replay check are dropped (or kept\n"
		       "unchanged with --keep-failed) and counted. Other packets are copied unchanged.\n\n");
	printf("Keys (at least one; the most specific match wins: SSRC, address, SDP, any):\n"
	       "  -k, --key KEY          SDES key for every stream: base64 of master key ||\n"
	       "                         master salt, 'inline:' prefix, '|lifetime' and\n"
	       "                         '|MKI:LEN' optional (RFC 4568); ';' between several\n"
	       "      --key-file FILE    the same, read from the first line of FILE ('-' = stdin),\n"
	       "                         so that it is not on the command line (ps); also $SRTPO_KEY\n"
	       "      --keys FILE        one key per line: '[ssrc SSRC | src ADDR:PORT | dst\n"
	       "                         ADDR:PORT] KEY [suite NAME] [roc N] [rtcp PORT|rtcp-mux]'\n"
	       "      --sdp-keys         take the keys from the a=crypto lines of the SIP/SDP in\n"
	       "                         the capture: each side's key for what it sends, matched\n"
	       "                         by the c=/m= addresses and ports of offer and answer\n"
	       "Options:\n"
	       "  -s, --suite NAME       crypto suite (default AES_CM_128_HMAC_SHA1_80)\n"
	       "      --rtcp-suite NAME  suite for RTCP (default: the --suite, with the 80-bit\n"
	       "                         SRTCP tag RFC 4568 gives the _32 suites too)\n"
	       "      --ssrc SSRC        only this SSRC (hex 0x1234abcd or decimal); others pass\n"
	       "                         through unchanged. Default: every SSRC\n"
	       "      --port P[-Q]       only UDP packets from or to these ports (repeatable, up\n"
	       "                         to %d). Default: any port but 0..1023 (DNS, NTP, ...)\n"
	       "      --roc N            initial rollover counter of every stream (default 0)\n"
	       "      --roc SSRC=N       ... of one stream (repeatable)\n"
	       "      --roc-search N     unprotect: when a stream's first packet fails, try ROCs\n"
	       "                         up to N above and below (default %d, 0 = off)\n"
	       "      --window N         replay window, 64..32767 packets (default %d)\n"
	       "      --keep-failed      unprotect: write packets that fail as they were\n"
	       "      --backend sw|sim|card|auto  library backend (default auto: a card through\n"
	       "                         the driver if present, else software; card: /dev/srtpo0\n"
	       "                         or $SRTPO_DEVICE; sim: the Verilated card,\n"
	       "                         libsrtpo_sim.so next to srtpo)\n"
	       "      --encrypt-extensions IDS  RFC 6904: encrypt the header extension elements\n"
	       "                         with these IDs (comma-separated, 1..255)\n"
	       "      --cryptex          RFC 9335: encrypt CSRCs and header extensions whole\n"
	       "                         (unprotect takes cryptex and plain packets alike)\n"
	       "      --pcap, --pcapng   output format (default: the input's)\n"
	       "      --json             print the summary as JSON on stdout\n"
	       "      --json-file FILE   ... into FILE (when OUT is stdout)\n"
	       "  -q, --quiet            no summary on stderr\n"
	       "  -h, --help             this help\n\n", MAX_PORT_RANGES, DEFAULT_ROC_SEARCH,
	       SRTPO_DEFAULT_WINDOW);
	printf("Suites:");
	for (i = 0; i < SRTPO_SUITE_COUNT; i++)
		printf("%s%s", i % 3 ? ", " : "\n  ", srtpo_suite_name((srtpo_suite_t)i));
	printf("\n\nIN and OUT are pcap or pcapng; either may be '-' (stdin/stdout). OUT is written\n"
	       "beside its name and renamed into place when done; a FIFO or device is written\n"
	       "as it is. Link types: Ethernet (802.1Q/802.1ad VLANs), Linux cooked v1/v2, raw IP,\n"
	       "BSD loopback; IPv4 and IPv6; UDP.\n\n"
	       "Exit status: 0 done (even if packets were dropped: see the summary), 1 unreadable\n"
	       "or corrupt input or a write error (OUT untouched), 2 usage error, 4 IN ends inside\n"
	       "a record (every complete record was processed and written).\n\n"
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

/* ---- arguments ---------------------------------------------------------------------------- */

static int parse_roc(struct opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	uint64_t v;

	if (!eq) {
		if (parse_u64(arg, UINT32_MAX, &v))
			return -1;
		o->roc = (uint32_t)v;
		return 0;
	}
	{
		char ssrc[32];
		uint32_t x;

		if ((size_t)(eq - arg) >= sizeof(ssrc) || o->n_ssrc_rocs == MAX_SSRC_ROCS)
			return -1;
		memcpy(ssrc, arg, (size_t)(eq - arg));
		ssrc[eq - arg] = 0;
		if (parse_ssrc(ssrc, &x) || parse_u64(eq + 1, UINT32_MAX, &v))
			return -1;
		o->ssrc_roc_ssrc[o->n_ssrc_rocs] = x;
		o->ssrc_roc_val[o->n_ssrc_rocs++] = (uint32_t)v;
	}
	return 0;
}

static int parse_port(struct opts *o, char *arg)
{
	char *dash = strchr(arg, '-');
	uint64_t lo, hi;
	int bad;

	if (o->nports == MAX_PORT_RANGES)
		return cmd_usage_error(o->cmd, "more than %d --port ranges", MAX_PORT_RANGES);
	if (dash)
		*dash = 0;
	bad = parse_u64(arg, 65535, &lo) ||
	      (dash ? parse_u64(dash + 1, 65535, &hi) : (hi = lo, 0)) || lo > hi;
	if (dash)
		*dash = '-';
	if (bad)
		return cmd_usage_error(o->cmd, "bad --port '%s' (P or P-Q, 0..65535)", arg);
	o->port_lo[o->nports] = (uint16_t)lo;
	o->port_hi[o->nports] = (uint16_t)hi;
	o->nports++;
	return 0;
}

static int parse_args(struct opts *o, int argc, char **argv)
{
	const char *key_file = NULL;
	char err[256];
	int c, rc;
	uint64_t v;

	memset(o, 0, sizeof(*o));
	o->cmd = argv[0];
	o->protect = !strcmp(argv[0], "protect");
	o->suite = SRTPO_SUITE_AES_CM_128_HMAC_SHA1_80;
	o->backend = SRTPO_BACKEND_AUTO;
	o->roc_search = DEFAULT_ROC_SEARCH;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":s:k:qh", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_SUITE:
			if (srtpo_suite_from_name(optarg, &o->suite))
				return cmd_usage_error(o->cmd, "unknown suite '%s'", optarg);
			o->have_suite = 1;
			break;
		case OPT_RTCP_SUITE:
			if (srtpo_suite_from_name(optarg, &o->rtcp_suite))
				return cmd_usage_error(o->cmd, "unknown RTCP suite '%s'", optarg);
			o->have_rtcp_suite = 1;
			break;
		case OPT_KEY:
			o->key = optarg;
			o->key_origin = "--key";
			break;
		case OPT_KEY_FILE:
			key_file = optarg;
			break;
		case OPT_KEYS:
			o->keys_file = optarg;
			break;
		case OPT_SDP_KEYS:
			o->sdp_keys = 1;
			break;
		case OPT_SSRC:
			if (parse_ssrc(optarg, &o->ssrc))
				return cmd_usage_error(o->cmd, "bad --ssrc '%s' (want 0x1234abcd or "
						       "decimal, 32 bits)", optarg);
			o->have_ssrc = 1;
			break;
		case OPT_ROC:
			if (parse_roc(o, optarg))
				return cmd_usage_error(o->cmd, "bad --roc '%s' (N or SSRC=N, N in "
						       "0..4294967295)", optarg);
			break;
		case OPT_ROC_SEARCH:
			if (parse_u64(optarg, 65535, &v))
				return cmd_usage_error(o->cmd, "bad --roc-search '%s' (0..65535)",
						       optarg);
			o->roc_search = (uint32_t)v;
			break;
		case OPT_WINDOW:
			if (parse_u64(optarg, 32767, &v) || v < 64)
				return cmd_usage_error(o->cmd, "bad --window '%s' (64..32767)",
						       optarg);
			o->window = (uint32_t)v;
			break;
		case OPT_BACKEND:
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
		case OPT_PORT:
			rc = parse_port(o, optarg);
			if (rc)
				return rc;
			break;
		case OPT_ENCRYPT_EXTENSIONS: {
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
		case OPT_CRYPTEX:
			o->cryptex = 1;
			break;
		case OPT_KEEP_FAILED:
			o->keep_failed = 1;
			break;
		case OPT_JSON:
			o->json = 1;
			break;
		case OPT_JSON_FILE:
			o->json_file = optarg;
			break;
		case OPT_PCAP:
		case OPT_PCAPNG:
			o->out_format = c == OPT_PCAP ? OUT_PCAP : OUT_PCAPNG;
			break;
		case OPT_QUIET:
			o->quiet = 1;
			break;
		case OPT_HELP:
			usage(o->cmd);
			return -1;
		default:
			return cmd_getopt_error(o->cmd, c, argv);
		}
	}
	if (!o->have_rtcp_suite)
		o->rtcp_suite = o->suite;
	if (argc - optind > 2)
		return cmd_usage_error(o->cmd, "too many arguments ('%s')", argv[optind + 2]);
	if (key_file) {
		if (o->key)
			return cmd_usage_error(o->cmd, "--key and --key-file: give one");
		if (!strcmp(key_file, "-") && argc - optind >= 1 && !strcmp(argv[optind], "-"))
			return cmd_usage_error(o->cmd, "--key-file - and IN - both want stdin");
		if (key_file_read(key_file, o->key_buf, sizeof(o->key_buf), err, sizeof(err)))
			return cmd_usage_error(o->cmd, "%s", err);
		o->key = o->key_buf;
		o->key_origin = "--key-file";
	} else if (!o->key && getenv("SRTPO_KEY") && *getenv("SRTPO_KEY")) {
		snprintf(o->key_buf, sizeof(o->key_buf), "%s", getenv("SRTPO_KEY"));
		o->key = o->key_buf;
		o->key_origin = "$SRTPO_KEY";
	}
	if (!o->key && !o->keys_file && !o->sdp_keys)
		return cmd_usage_error(o->cmd, "missing --key (or --key-file, --keys, --sdp-keys)");
	if (o->key && key_text_check(o->key, o->suite, o->key_origin, err, sizeof(err)))
		return cmd_usage_error(o->cmd, "%s", err);
	if (argc - optind < 2)
		return cmd_usage_error(o->cmd, "missing %s", argc - optind ? "OUT" : "IN and OUT");
	o->in = argv[optind];
	o->out = argv[optind + 1];
	if (o->json && !strcmp(o->out, "-"))
		return cmd_usage_error(o->cmd, "--json prints on stdout, but OUT is '-': use "
				       "--json-file FILE");
	return 0;
}

/* ---- sessions ---------------------------------------------------------------------------- */

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

/* The policy of a context with the command's options applied. */
static int ctx_policy(const struct opts *o, const struct key_ctx *c, struct key_policy *kp)
{
	int rc = key_ctx_policy(c, kp);

	if (rc)
		return rc;
	/* the key's suite's own SRTCP policy (RFC 4568 6.2: the _32 suites keep an 80-bit SRTCP
	 * tag; GCM _AUTH_ONLY: no SRTCP encryption) unless --rtcp-suite gives one */
	if ((o->have_rtcp_suite ? srtpo_suite_policy(o->rtcp_suite, &kp->pol.rtcp) :
				  srtpo_suite_rtcp_policy(c->suite, &kp->pol.rtcp)))
		return SRTPO_ERR_BAD_PARAM;
	kp->pol.encrypted_extension_ids = o->nxtn ? o->xtn_ids : NULL;
	kp->pol.num_encrypted_extension_ids = o->nxtn;
	kp->pol.cryptex = o->cryptex;
	kp->pol.roc = c->have_roc ? c->roc : o->roc;
	kp->pol.window_size = o->window;
	if (c->match == KEY_MATCH_SSRC) {
		kp->pol.ssrc_type = SRTPO_SSRC_SPECIFIC;
		kp->pol.ssrc = c->ssrc;
	} else {
		kp->pol.ssrc_type = o->protect ? SRTPO_SSRC_ANY_OUTBOUND : SRTPO_SSRC_ANY_INBOUND;
	}
	return 0;
}

/* One line saying why a session could not be made, naming the real cause. */
static int session_error(const struct opts *o, const struct key_ctx *c, int rc, int err)
{
	const char *eng = getenv("SRTPO_ENGINE");

	if (rc == SRTPO_ERR_UNSUPPORTED && eng && *eng)
		return cmd_fail(o->cmd, "SRTPO_ENGINE=%s: no such software engine in this build "
				"or on this CPU (openssl, ipsec-mb, x86)", eng);
	if (rc == SRTPO_ERR_BACKEND && o->backend == SRTPO_BACKEND_CARD) {
		const char *dev = getenv("SRTPO_DEVICE");

		return cmd_fail(o->cmd, "--backend card: cannot use %s: %s%s",
				dev && *dev ? dev : "/dev/srtpo0",
				err ? strerror(err) : "no free queue",
				err == ENOENT ? " (no card, or the srtpo driver is not loaded)" : "");
	}
	if (rc == SRTPO_ERR_BACKEND && o->backend == SRTPO_BACKEND_SIM) {
		const char *lib = getenv("SRTPO_SIM_LIB");

		return cmd_fail(o->cmd, "--backend sim: cannot load the simulated card %s",
				lib && *lib ? lib : "libsrtpo_sim.so (build it with make sim-lib)");
	}
	if (rc == SRTPO_ERR_BAD_KEY || rc == SRTPO_ERR_BAD_PARAM || rc == SRTPO_ERR_UNSUPPORTED) {
		cmd_usage_error(o->cmd, "the library refused the key of %s: %s", c->origin,
				srtpo_strerror(rc));
		return SRTPO_EXIT_USAGE;
	}
	return cmd_fail(o->cmd, "cannot create a session for %s: %s", c->origin,
			srtpo_strerror(rc));
}

/* Creates the session of a context. Returns 0 or an exit status. */
static int ctx_session(const struct opts *o, struct key_ctx *c)
{
	struct key_policy kp;
	srtpo_session_config_t cfg;
	size_t i;
	int rc, err;

	if (c->s)
		return 0;
	rc = ctx_policy(o, c, &kp);
	if (rc) {
		key_policy_wipe(&kp);
		return session_error(o, c, rc, 0);
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.backend = o->backend;
	if (o->backend == SRTPO_BACKEND_SIM)
		sim_library_default();
	errno = 0;
	rc = srtpo_create(&c->s, &kp.pol, 1, &cfg);
	err = errno;
	/* --roc SSRC=N: those streams start at their own ROC */
	for (i = 0; !rc && c->match != KEY_MATCH_SSRC && i < o->n_ssrc_rocs; i++) {
		kp.pol.ssrc_type = SRTPO_SSRC_SPECIFIC;
		kp.pol.ssrc = o->ssrc_roc_ssrc[i];
		kp.pol.roc = o->ssrc_roc_val[i];
		rc = srtpo_add_stream(c->s, &kp.pol);
	}
	if (!rc && c->match == KEY_MATCH_SSRC)
		for (i = 0; i < o->n_ssrc_rocs; i++)
			if (o->ssrc_roc_ssrc[i] == c->ssrc && !c->have_roc)
				rc = srtpo_set_roc(c->s, c->ssrc, o->ssrc_roc_val[i]);
	key_policy_wipe(&kp);
	if (rc) {
		srtpo_destroy(c->s);
		c->s = NULL;
		return session_error(o, c, rc, err);
	}
	return 0;
}

/*
 * A stream's first packets fail authentication: try the ROCs around the given one on a scratch
 * session. Returns 1 and the ROC that authenticates the packet, or 0.
 */
static int roc_search(const struct opts *o, const struct key_ctx *c, uint32_t ssrc,
		      const uint8_t *in, size_t len, uint8_t *scratch, size_t cap, uint32_t *found)
{
	struct key_policy kp;
	srtpo_session_config_t cfg;
	srtpo_session_t *t = NULL;
	uint32_t base, d;
	size_t out_len;
	int hit = 0, sign;

	if (ctx_policy(o, c, &kp)) {
		key_policy_wipe(&kp);
		return 0;
	}
	if (srtpo_get_roc(c->s, ssrc, &base))
		base = kp.pol.roc;
	kp.pol.ssrc_type = SRTPO_SSRC_SPECIFIC;
	kp.pol.ssrc = ssrc;
	memset(&cfg, 0, sizeof(cfg));
	cfg.backend = SRTPO_BACKEND_SW;
	if (srtpo_create(&t, &kp.pol, 1, &cfg) == SRTPO_OK) {
		for (d = 1; d <= o->roc_search && !hit; d++) {
			for (sign = 1; sign >= -1 && !hit; sign -= 2) {
				uint64_t r = sign > 0 ? (uint64_t)base + d : (uint64_t)base - d;

				if ((sign < 0 && d > base) || r > UINT32_MAX)
					continue;
				if (srtpo_set_roc(t, ssrc, (uint32_t)r) == SRTPO_OK &&
				    srtpo_unprotect_to(t, in, len, scratch, cap, &out_len) ==
					    SRTPO_OK) {
					*found = (uint32_t)r;
					hit = 1;
				}
			}
		}
		srtpo_destroy(t);
	}
	key_policy_wipe(&kp);
	return hit;
}

/* Makes the context's session use ROC r for ssrc (the stream may not exist yet). */
static int ctx_set_roc(const struct opts *o, struct key_ctx *c, uint32_t ssrc, uint32_t r)
{
	struct key_policy kp;
	int rc;

	if (srtpo_set_roc(c->s, ssrc, r) == SRTPO_OK)
		return 0;
	rc = ctx_policy(o, c, &kp);
	if (!rc) {
		kp.pol.ssrc_type = SRTPO_SSRC_SPECIFIC;
		kp.pol.ssrc = ssrc;
		kp.pol.roc = r;
		rc = srtpo_add_stream(c->s, &kp.pol);
	}
	key_policy_wipe(&kp);
	return rc;
}

/* ---- counting ---------------------------------------------------------------------------- */

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

/* RTP sequence numbers as captured: extended highest, gaps, late packets. */
static void count_seq(struct ssrc_stat *st, uint16_t seq)
{
	uint16_t delta;

	st->rtp_seen++;
	if (!st->seq_init) {
		st->seq_init = 1;
		st->base_seq = st->max_seq = seq;
		return;
	}
	delta = (uint16_t)(seq - st->max_seq);
	if (delta == 0 || delta >= 0x8000) {
		st->late++;             /* a duplicate or a packet older than the highest */
		return;
	}
	if (delta > 1)
		st->gaps++;
	if (seq < st->max_seq)
		st->cycles += 65536;
	st->max_seq = seq;
}

static int64_t seq_expected(const struct ssrc_stat *st)
{
	return st->seq_init ? (int64_t)st->cycles + st->max_seq - st->base_seq + 1 : 0;
}

static void print_json(FILE *fp, const struct opts *o, const struct totals *t,
		       const struct ssrc_table *tab, const char *backend, int truncated)
{
	size_t i;

	fprintf(fp, "{\"command\":");
	json_string(fp, o->cmd);
	fprintf(fp, ",\"input\":");
	json_string(fp, o->in);
	fprintf(fp, ",\"output\":");
	json_string(fp, o->out);
	fprintf(fp, ",\"suite\":\"%s\",\"rtcp_suite\":\"%s\",\"backend\":",
		srtpo_suite_name(o->suite), srtpo_suite_name(o->rtcp_suite));
	json_string(fp, backend);
	fprintf(fp, ",\"records\":%llu,\"rtp\":%llu,\"rtcp\":%llu,\"dropped\":%llu,\"kept\":%llu,"
		"\"passed\":%llu,\"not_rtp\":%llu,\"other_port\":%llu,\"other_ssrc\":%llu,"
		"\"no_key\":%llu,\"unusable\":%llu,\"sdp_keys\":%llu,\"truncated\":%s,\"streams\":[",
		(unsigned long long)t->records, (unsigned long long)t->rtp,
		(unsigned long long)t->rtcp, (unsigned long long)t->dropped,
		(unsigned long long)t->kept, (unsigned long long)t->passed,
		(unsigned long long)t->not_rtp, (unsigned long long)t->other_port,
		(unsigned long long)t->other_ssrc, (unsigned long long)t->no_key,
		(unsigned long long)(t->passed - t->not_rtp - t->other_port - t->other_ssrc -
				     t->no_key),
		(unsigned long long)t->sdp_updates, truncated ? "true" : "false");
	for (i = 0; i < tab->count; i++) {
		const struct ssrc_stat *st = &tab->slots[i];
		int64_t exp = seq_expected(st);

		fprintf(fp, "%s{\"ssrc\":\"0x%08x\",\"rtp_ok\":%llu,\"rtcp_ok\":%llu,"
			"\"auth_fail\":%llu,\"replay\":%llu,\"malformed\":%llu,\"other\":%llu,"
			"\"kept\":%llu,\"rtp_packets\":%llu,\"expected\":%lld,\"lost\":%lld,"
			"\"gaps\":%llu,\"late\":%llu",
			i ? "," : "", st->ssrc, (unsigned long long)st->rtp_ok,
			(unsigned long long)st->rtcp_ok, (unsigned long long)st->auth,
			(unsigned long long)st->replay, (unsigned long long)st->malformed,
			(unsigned long long)st->other, (unsigned long long)st->kept,
			(unsigned long long)st->rtp_seen, (long long)exp,
			(long long)(exp - (int64_t)st->rtp_seen), (unsigned long long)st->gaps,
			(unsigned long long)st->late);
		if (st->seq_init)
			fprintf(fp, ",\"first_seq\":%u,\"last_seq\":%u", st->base_seq, st->max_seq);
		if (st->roc_found)
			fprintf(fp, ",\"roc_found\":%u", st->roc);
		if (st->ctx) {
			fprintf(fp, ",\"key\":");
			json_string(fp, st->ctx->origin);
		}
		fputc('}', fp);
	}
	fprintf(fp, "]}\n");
}

static void print_summary(const struct opts *o, const struct totals *t, struct ssrc_table *tab,
			  const char *backend, int truncated)
{
	const char *ok = o->protect ? "protected" : "ok";
	size_t i;
	int r;

	/* qsort(NULL, 0, ...) is undefined: nothing to sort when no stream was seen */
	if (tab->cap)
		qsort(tab->slots, tab->cap, sizeof(*tab->slots), cmp_stat);
	if (!o->quiet) {
		fprintf(stderr, "srtpo %s: %s -> %s (%s", o->cmd, o->in, o->out,
			o->key ? srtpo_suite_name(o->suite) :
			o->sdp_keys ? "keys from the SDP" : "keys from --keys");
		if (o->have_rtcp_suite && o->rtcp_suite != o->suite)
			fprintf(stderr, ", RTCP %s", srtpo_suite_name(o->rtcp_suite));
		fprintf(stderr, ", backend %s)\n", backend);
		fprintf(stderr, "  records %llu: rtp %llu, rtcp %llu, dropped %llu, ",
			(unsigned long long)t->records, (unsigned long long)t->rtp,
			(unsigned long long)t->rtcp, (unsigned long long)t->dropped);
		if (t->kept)
			fprintf(stderr, "kept failed %llu, ", (unsigned long long)t->kept);
		fprintf(stderr, "passed through %llu", (unsigned long long)t->passed);
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
			if (t->no_key) {
				fprintf(stderr, "%sno key %llu", sep, (unsigned long long)t->no_key);
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
			fprintf(stderr, "  %-10s  %9s  %9s  %9s  %7s  %9s  %6s  %6s\n", "ssrc", "rtp",
				"rtcp", "auth fail", "replay", "malformed", "other", "lost");
		for (i = 0; i < tab->count; i++) {
			const struct ssrc_stat *st = &tab->slots[i];

			fprintf(stderr, "  0x%08x  %9llu  %9llu  %9llu  %7llu  %9llu  %6llu  %6lld",
				st->ssrc, (unsigned long long)st->rtp_ok,
				(unsigned long long)st->rtcp_ok, (unsigned long long)st->auth,
				(unsigned long long)st->replay,
				(unsigned long long)st->malformed, (unsigned long long)st->other,
				(long long)(seq_expected(st) - (int64_t)st->rtp_seen));
			if (st->other)
				fprintf(stderr, "  (%s)", srtpo_strerror(st->last_other));
			if (st->roc_found)
				fprintf(stderr, "  (ROC %u found by search)", st->roc);
			fputc('\n', stderr);
		}
		if (tab->count)
			fprintf(stderr, "  (rtp/rtcp columns count packets %s; lost: sequence "
				"numbers never seen)\n", ok);
	}
	if (o->json)
		print_json(stdout, o, t, tab, backend, truncated);
}

/* ---- the batch ----------------------------------------------------------------------------- */

/* Runs the packets of one context through the library. Each context takes the next free entries
 * of rtp[] and rtcp[] (a batch has at most BATCH packets in all), so that every slot's result
 * stays where its pk points. */
static void run_ctx(const struct opts *o, struct key_ctx *c, struct slot *sl, size_t n,
		    srtpo_packet_t *rtp_all, srtpo_packet_t *rtcp_all, size_t *rtp_used,
		    size_t *rtcp_used)
{
	srtpo_packet_t *rtp = rtp_all + *rtp_used, *rtcp = rtcp_all + *rtcp_used;
	size_t i, nrtp = 0, nrtcp = 0;

	for (i = 0; i < n; i++) {
		struct slot *x = &sl[i];
		srtpo_packet_t *pk;

		if (x->cls == RTP_CLASS_OTHER || x->ctx != c)
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
	*rtp_used += nrtp;
	*rtcp_used += nrtcp;
	if (o->protect) {
		if (nrtp)
			srtpo_protect_burst(c->s, rtp, nrtp);
		if (nrtcp)
			srtpo_protect_rtcp_burst(c->s, rtcp, nrtcp);
	} else {
		if (nrtp)
			srtpo_unprotect_burst(c->s, rtp, nrtp);
		if (nrtcp)
			srtpo_unprotect_rtcp_burst(c->s, rtcp, nrtcp);
	}
}

/* Unprotect: a failing first packet of a stream may only need another ROC. */
static void maybe_roc_search(const struct opts *o, struct slot *x, struct ssrc_stat *st,
			     uint64_t batch)
{
	uint32_t r;
	size_t out_len;

	if (o->protect || !o->roc_search || x->cls != RTP_CLASS_RTP ||
	    x->pk->status != SRTPO_ERR_AUTH)
		return;
	/* the packets of this batch after the one that found the ROC failed with the old one */
	if (st->rtp_ok && !(st->roc_found && st->roc_batch == batch))
		return;
	if (!st->roc_found) {
		if (st->roc_searches >= MAX_ROC_SEARCHES)
			return;
		st->roc_searches++;
		if (!roc_search(o, x->ctx, x->ssrc, x->pk->in, x->pk->in_len, x->payload,
				x->payload_cap, &r) ||
		    ctx_set_roc(o, x->ctx, x->ssrc, r))
			return;
		st->roc_found = 1;
		st->roc = r;
		st->roc_batch = batch;
	}
	/* again on the real session, so that its replay window and ROC move on */
	x->pk->status = srtpo_unprotect_to(x->ctx->s, x->pk->in, x->pk->in_len, x->payload,
					   x->payload_cap, &out_len);
	x->pk->out_len = x->pk->status == SRTPO_OK ? out_len : 0;
}

/* Runs one batch through the library and writes it out. Returns 0 or an exit status. */
static int run_batch(const struct opts *o, struct key_set *ks, struct slot *sl, size_t n,
		     srtpo_packet_t *rtp, srtpo_packet_t *rtcp, struct pcap_writer *w,
		     struct ssrc_table *tab, struct totals *t)
{
	size_t i, k, rtp_used = 0, rtcp_used = 0;
	int rc;

	t->batches++;
	for (k = 0; k < ks->n; k++) {
		struct key_ctx *c = ks->v[k];

		for (i = 0; i < n && sl[i].ctx != c; i++)
			;
		if (i == n)
			continue;
		rc = ctx_session(o, c);
		if (rc)
			return rc;
		run_ctx(o, c, sl, n, rtp, rtcp, &rtp_used, &rtcp_used);
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
			st->ctx = x->ctx;
			maybe_roc_search(o, x, st, t->batches);
			count_status(st, x->cls, x->pk->status);
			if (x->pk->status != SRTPO_OK) {
				if (!o->keep_failed) {
					t->dropped++;
					continue;
				}
				st->kept++;
				t->kept++;
			} else if (x->pk->out_len > x->payload_cap ||
				   net_replace_payload(&x->np, x->frame, x->rec.caplen, x->payload,
						       x->pk->out_len, x->outf, x->outf_cap, &len)) {
				/* Only a packet near 64 KiB can outgrow its IP length field. */
				st->other++;
				st->last_other = SRTPO_ERR_NO_SPACE;
				t->dropped++;
				continue;
			} else {
				rec.data = x->outf;
				rec.caplen = rec.origlen = (uint32_t)len;
			}
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

static void warn_line(const char *msg, void *arg)
{
	const struct opts *o = arg;

	if (!o->quiet)
		fprintf(stderr, "srtpo %s: warning: %s\n", o->cmd, msg);
}

/* Copies a record into a slot and decides what to do with it. Returns 0 or -1 (no memory). */
static int fill_slot(const struct opts *o, const struct pcap_reader *rd, struct key_set *ks,
		     const struct pcap_record *rec, struct slot *x, struct totals *t,
		     struct ssrc_table *tab)
{
	enum net_reason r;

	x->rec = *rec;
	x->cls = RTP_CLASS_OTHER;
	x->ctx = NULL;
	if (buf_reserve(&x->frame, &x->frame_cap, rec->caplen ? rec->caplen : 1))
		return -1;
	memcpy(x->frame, rec->data, rec->caplen);
	if (rec->opts_len) {
		if (buf_reserve(&x->opts, &x->opts_cap, rec->opts_len))
			return -1;
		memcpy(x->opts, rec->opts, rec->opts_len);
		x->rec.opts = x->opts;
	}
	t->records++;
	r = net_parse(rd->ifaces[rec->iface].linktype, x->frame, rec->caplen, rec->origlen, &x->np);
	if (r != NET_UDP) {
		t->reasons[r]++;
		t->passed++;
		return 0;
	}
	x->cls = rtp_classify(x->frame + x->np.payload_off, x->np.payload_len, &x->ssrc);
	if (x->cls == RTP_CLASS_OTHER && o->sdp_keys) {
		int changed = sdp_keys_scan(ks, x->frame + x->np.payload_off, x->np.payload_len,
					    rd->record_no, warn_line, (void *)o);

		t->sdp_updates += (uint64_t)changed;
	}
	if (!port_wanted(o, x->np.sport, x->np.dport)) {
		x->cls = RTP_CLASS_OTHER;
		t->other_port++;
		t->passed++;
		return 0;
	}
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
	x->ctx = key_set_find(ks, &x->np, x->ssrc, x->cls == RTP_CLASS_RTCP);
	if (!x->ctx) {
		x->cls = RTP_CLASS_OTHER;
		t->no_key++;
		t->passed++;
		return 0;
	}
	x->ctx->packets++;
	if (x->cls == RTP_CLASS_RTP) {
		struct ssrc_stat *st = stat_get(tab, x->ssrc);
		const uint8_t *p = x->frame + x->np.payload_off;

		if (!st)
			return -1;
		count_seq(st, (uint16_t)(p[2] << 8 | p[3]));
		t->rtp++;
	} else {
		t->rtcp++;
	}
	if (buf_reserve(&x->payload, &x->payload_cap, x->np.payload_len + SRTPO_MAX_TRAILER) ||
	    buf_reserve(&x->outf, &x->outf_cap, rec->caplen + SRTPO_MAX_TRAILER))
		return -1;
	return 0;
}

/* The contexts given on the command line and in --keys; sessions made now, so that a bad key or
 * a missing card is reported before OUT is touched. Returns 0 or an exit status. */
static int build_keys(const struct opts *o, struct key_set *ks)
{
	char err[512];
	size_t i;
	int rc;

	if (o->keys_file && keys_file_load(ks, o->keys_file, o->suite, err, sizeof(err)))
		return cmd_usage_error(o->cmd, "%s", err);
	if (o->key) {
		struct key_ctx c;

		memset(&c, 0, sizeof(c));
		c.match = KEY_MATCH_ANY;
		c.suite = o->suite;
		snprintf(c.key, sizeof(c.key), "%s", o->key);
		snprintf(c.origin, sizeof(c.origin), "%s", o->key_origin);
		/* the command-line key goes first: a --keys file's entries are more specific */
		if (!key_set_add(ks, &c)) {
			explicit_bzero(&c, sizeof(c));
			return cmd_fail(o->cmd, "out of memory");
		}
		explicit_bzero(&c, sizeof(c));
		/* a --key on the command line is blanked in argv: /proc/PID/cmdline and ps show
		 * it only until here (--key-file and $SRTPO_KEY never show it) */
		if (o->key != o->key_buf)
			memset((char *)o->key, 'x', strlen(o->key));
		if (ks->n > 1) {
			struct key_ctx *last = ks->v[ks->n - 1];

			memmove(ks->v + 1, ks->v, (ks->n - 1) * sizeof(*ks->v));
			ks->v[0] = last;
		}
	}
	for (i = 0; i < ks->n; i++) {
		rc = ctx_session(o, ks->v[i]);
		if (rc)
			return rc;
	}
	return 0;
}

int srtpo_cmd_protect(int argc, char **argv)
{
	struct opts o;
	struct pcap_reader rd;
	struct pcap_writer wr;
	struct outfile of;
	struct stat in_st;
	struct ssrc_table tab = { 0 };
	struct key_set ks = { 0 };
	struct totals t;
	struct slot *sl = NULL;
	srtpo_packet_t *rtp = NULL, *rtcp = NULL;
	const char *backend = "sw";
	char err[512];
	int rc = 0, status = SRTPO_EXIT_OK, ropen = 0, oopen = 0, fmt, truncated = 0;
	size_t i;

	rc = parse_args(&o, argc, argv);
	if (rc) {
		explicit_bzero(o.key_buf, sizeof(o.key_buf));
		return rc < 0 ? SRTPO_EXIT_OK : rc;
	}
	status = build_keys(&o, &ks);
	explicit_bzero(o.key_buf, sizeof(o.key_buf));
	if (status)
		goto out;
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
	if (fstat(fileno(rd.fp), &in_st)) {
		status = cmd_fail(o.cmd, "%s: %s", o.in, strerror(errno));
		goto out;
	}
	rc = outfile_open(&of, o.out, &in_st, err, sizeof(err));
	if (rc) {
		status = rc == OUTFILE_SAME ? cmd_usage_error(o.cmd, "%s", err) :
					      cmd_fail(o.cmd, "%s", err);
		goto out;
	}
	oopen = 1;
	fmt = o.out_format == OUT_FOLLOW ? rd.format :
	      o.out_format == OUT_PCAPNG ? PCAP_FORMAT_PCAPNG : PCAP_FORMAT_PCAP;
	/* protect makes packets longer: the snaplen written leaves room up front (never seeked) */
	pcap_writer_init(&wr, of.fp, o.out, fmt, &rd, NULL, o.protect ? SRTPO_MAX_TRAILER : 0);
	for (;;) {
		struct pcap_record rec;
		size_t n = 0;

		/* a live input ends the batch when nothing more is waiting */
		while (n < BATCH && !(n && pcap_reader_would_block(&rd)) &&
		       (rc = pcap_read(&rd, &rec)) == 1) {
			if (fill_slot(&o, &rd, &ks, &rec, &sl[n], &t, &tab)) {
				status = cmd_fail(o.cmd, "out of memory");
				goto out;
			}
			n++;
		}
		if (n) {
			status = run_batch(&o, &ks, sl, n, rtp, rtcp, &wr, &tab, &t);
			if (status)
				goto out;
			if (outfile_is_stream(&of) && fflush(of.fp)) {
				status = cmd_fail(o.cmd, "%s: write error: %s", o.out,
						  strerror(errno));
				goto out;
			}
		}
		if (rc == PCAP_CUT) {
			truncated = 1;
			break;
		}
		if (rc < 0) {
			status = cmd_fail(o.cmd, "%s", rd.err);
			goto out;
		}
		if (rc == 0)
			break;
	}
	if (pcap_writer_finish(&wr)) {
		status = cmd_fail(o.cmd, "%s", wr.err);
		goto out;
	}
	oopen = 0;
	if (outfile_commit(&of, err, sizeof(err))) {
		status = cmd_fail(o.cmd, "%s", err);
		goto out;
	}
	for (i = 0; i < ks.n; i++)
		if (ks.v[i]->s) {
			backend = srtpo_backend_name(ks.v[i]->s);
			break;
		}
	if (truncated)
		fprintf(stderr, "srtpo %s: warning: %s; the %llu complete records before it were "
			"processed and written (exit status 4)\n", o.cmd, rd.err,
			(unsigned long long)t.records);
	if (rd.skipped_blocks && !o.quiet)
		fprintf(stderr, "srtpo %s: note: %llu pcapng blocks that hold no packet (name "
			"resolution, statistics, ...) were not copied\n", o.cmd,
			(unsigned long long)rd.skipped_blocks);
	if (o.sdp_keys && !t.sdp_updates && !o.quiet)
		fprintf(stderr, "srtpo %s: warning: --sdp-keys found no SDP with a=crypto in %s\n",
			o.cmd, o.in);
	print_summary(&o, &t, &tab, backend, truncated);
	if (o.json_file) {
		struct outfile jf;

		rc = outfile_open(&jf, o.json_file, &in_st, err, sizeof(err));
		if (rc) {
			status = cmd_fail(o.cmd, "--json-file %s", err);
			goto out;
		}
		print_json(jf.fp, &o, &t, &tab, backend, truncated);
		if (outfile_commit(&jf, err, sizeof(err))) {
			status = cmd_fail(o.cmd, "--json-file %s", err);
			goto out;
		}
	}
	if (truncated)
		status = SRTPO_EXIT_TRUNCATED;
out:
	if (oopen)
		outfile_abort(&of);   /* removes our temporary file only */
	if (ropen)
		pcap_reader_close(&rd);
	if (sl)
		for (i = 0; i < BATCH; i++) {
			free(sl[i].frame);
			free(sl[i].opts);
			free(sl[i].payload);
			free(sl[i].outf);
		}
	free(sl);
	free(rtp);
	free(rtcp);
	free(tab.slots);
	key_set_free(&ks);
	return status;
}
