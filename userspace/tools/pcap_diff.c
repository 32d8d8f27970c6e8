// SPDX-License-Identifier: BSD-3-Clause
/*
 * pcap_diff.c - `srtpo pcap-diff A B`: do two captures carry the same packets?
 *
 * Records are compared in order by their UDP payload (or the whole frame when a record has no
 * UDP payload, or with --frames). Records that one side lacks - a packet unprotect dropped, a
 * duplicate one side has - are found by looking a few records ahead, so one missing packet shows
 * as one line instead of every later record differing.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "net.h"
#include "pcap.h"

#define LOOKAHEAD 32
#define DEFAULT_SHOWN 10

struct rec {
	uint8_t *data;              /* what is compared */
	uint32_t len;
	enum rtp_class cls;
	uint32_t ssrc;
	uint16_t seq;
};

struct capture {
	const char *name;
	struct rec *v;
	size_t n, cap;
};

enum { CLS_N = 3 };
static const char *const cls_name[CLS_N] = { "other", "rtp", "rtcp" };

struct diff_counts {
	uint64_t same[CLS_N], differ[CLS_N], only_a[CLS_N], only_b[CLS_N];
};

static void free_capture(struct capture *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].data);
	free(c->v);
}

/* Reads a whole capture, keeping what will be compared. Returns 0 or an exit status; a capture
 * cut short is kept up to the cut, with a warning, and *cut set. */
static int load(struct capture *c, const char *path, int frames, int *cut)
{
	struct pcap_reader rd;
	struct pcap_record pr;
	int rc;

	memset(c, 0, sizeof(*c));
	c->name = path;
	if (pcap_reader_open(&rd, path))
		return cmd_fail("pcap-diff", "%s", rd.err);
	while ((rc = pcap_read(&rd, &pr)) == 1) {
		struct net_pkt np;
		struct rec *r;
		const uint8_t *p = pr.data;
		uint32_t len = pr.caplen;

		if (c->n == c->cap) {
			size_t ncap = c->cap ? c->cap * 2 : 1024;
			struct rec *nv = realloc(c->v, ncap * sizeof(*nv));

			if (!nv) {
				rc = -3;  /* out of memory */
				break;
			}
			c->v = nv;
			c->cap = ncap;
		}
		r = &c->v[c->n];
		memset(r, 0, sizeof(*r));
		if (net_parse(rd.ifaces[pr.iface].linktype, pr.data, pr.caplen, pr.origlen, &np) == NET_UDP) {
			r->cls = rtp_classify(pr.data + np.payload_off, np.payload_len, &r->ssrc);
			if (r->cls == RTP_CLASS_RTP)
				r->seq = (uint16_t)(pr.data[np.payload_off + 2] << 8 |
						    pr.data[np.payload_off + 3]);
			if (!frames) {
				p = pr.data + np.payload_off;
				len = np.payload_len;
			}
		}
		r->data = malloc(len ? len : 1);
		if (!r->data) {
			rc = -3;  /* out of memory */
			break;
		}
		memcpy(r->data, p, len);
		r->len = len;
		c->n++;
	}
	if (rc == PCAP_CUT) {
		fprintf(stderr, "srtpo pcap-diff: warning: %s; comparing the %zu records before it\n",
			rd.err, c->n);
		*cut = 1;
		rc = 0;
	}
	if (rc < 0) {
		int st = rc == -3 ? cmd_fail("pcap-diff", "out of memory")
				  : cmd_fail("pcap-diff", "%s", rd.err);

		pcap_reader_close(&rd);
		free_capture(c);
		return st;
	}
	pcap_reader_close(&rd);
	return 0;
}

static int same(const struct rec *a, const struct rec *b)
{
	return a->len == b->len && !memcmp(a->data, b->data, a->len);
}

static void describe(const struct rec *r, size_t no, char *out, size_t cap)
{
	if (r->cls == RTP_CLASS_RTP)
		snprintf(out, cap, "record %zu (rtp ssrc 0x%08x seq %u)", no, r->ssrc, r->seq);
	else if (r->cls == RTP_CLASS_RTCP)
		snprintf(out, cap, "record %zu (rtcp ssrc 0x%08x)", no, r->ssrc);
	else
		snprintf(out, cap, "record %zu (%u bytes, not rtp/rtcp)", no, r->len);
}

static const struct option long_opts[] = {
	{ "frames", no_argument, NULL, 'f' },
	{ "json", no_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void usage(void)
{
	printf("Usage: srtpo pcap-diff [OPTIONS] A.pcap B.pcap\n\n"
	       "Compares two captures record by record: the UDP payloads (RTP, RTCP, anything\n"
	       "else over UDP), or the whole frame for records without one. Records one side\n"
	       "lacks (dropped or duplicated packets) are matched up by looking %d records ahead.\n\n"
	       "Options:\n"
	       "      --frames     compare whole frames (link, IP and UDP headers included)\n"
	       "      --json       print the counts as JSON on stdout\n"
	       "  -v, --verbose    list every difference (default: the first %d)\n"
	       "  -q, --quiet      print nothing; the exit status tells\n"
	       "  -h, --help       this help\n\n"
	       "A and B are pcap or pcapng. A capture that ends inside a record is compared up\n"
	       "to the cut, with a warning.\n\n"
	       "Exit status: 0 identical, 3 different, 1 unreadable or corrupt input,\n"
	       "2 usage error, 4 a capture ends inside a record (checked before 3).\n",
	       LOOKAHEAD, DEFAULT_SHOWN);
}

int srtpo_cmd_pcap_diff(int argc, char **argv)
{
	struct capture a, b;
	struct diff_counts dc;
	int c, frames = 0, json = 0, quiet = 0, verbose = 0, st, cut = 0;
	size_t i = 0, j = 0, shown = 0, k, d;
	uint64_t total_same = 0, total_diff = 0;
	char da[96], db[96];

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qvh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			frames = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			usage();
			return SRTPO_EXIT_OK;
		default:
			return cmd_getopt_error("pcap-diff", c, argv);
		}
	}
	if (argc - optind != 2)
		return cmd_usage_error("pcap-diff", argc - optind < 2 ? "needs two captures" :
				       "too many arguments");
	st = load(&a, argv[optind], frames, &cut);
	if (st)
		return st;
	st = load(&b, argv[optind + 1], frames, &cut);
	if (st) {
		free_capture(&a);
		return st;
	}
	memset(&dc, 0, sizeof(dc));
	if (!quiet)
		fprintf(stderr, "srtpo pcap-diff: %s (%zu records) vs %s (%zu records), %s\n",
			a.name, a.n, b.name, b.n, frames ? "whole frames" : "UDP payloads");

#define SHOW(...)                                                                \
	do {                                                                     \
		if (!quiet && (verbose || shown < DEFAULT_SHOWN))                \
			fprintf(stderr, __VA_ARGS__);                            \
		shown++;                                                         \
	} while (0)

	while (i < a.n || j < b.n) {
		if (i < a.n && j < b.n && same(&a.v[i], &b.v[j])) {
			dc.same[a.v[i].cls]++;
			i++;
			j++;
			continue;
		}
		/* Is B's record a little further on in A (A has extra records) ... */
		for (d = 1; j < b.n && d <= LOOKAHEAD && i + d < a.n; d++)
			if (same(&a.v[i + d], &b.v[j]))
				break;
		if (j < b.n && d <= LOOKAHEAD && i + d < a.n) {
			for (k = 0; k < d; k++, i++) {
				describe(&a.v[i], i + 1, da, sizeof(da));
				SHOW("  only in %s: %s\n", a.name, da);
				dc.only_a[a.v[i].cls]++;
			}
			continue;
		}
		/* ... or A's record a little further on in B (B has extra records)? */
		for (d = 1; i < a.n && d <= LOOKAHEAD && j + d < b.n; d++)
			if (same(&a.v[i], &b.v[j + d]))
				break;
		if (i < a.n && d <= LOOKAHEAD && j + d < b.n) {
			for (k = 0; k < d; k++, j++) {
				describe(&b.v[j], j + 1, db, sizeof(db));
				SHOW("  only in %s: %s\n", b.name, db);
				dc.only_b[b.v[j].cls]++;
			}
			continue;
		}
		if (i < a.n && j < b.n) {
			describe(&a.v[i], i + 1, da, sizeof(da));
			describe(&b.v[j], j + 1, db, sizeof(db));
			SHOW("  differ: %s: %s, %s: %s\n", a.name, da, b.name, db);
			dc.differ[a.v[i].cls]++;
			i++;
			j++;
		} else if (i < a.n) {
			describe(&a.v[i], i + 1, da, sizeof(da));
			SHOW("  only in %s: %s\n", a.name, da);
			dc.only_a[a.v[i].cls]++;
			i++;
		} else {
			describe(&b.v[j], j + 1, db, sizeof(db));
			SHOW("  only in %s: %s\n", b.name, db);
			dc.only_b[b.v[j].cls]++;
			j++;
		}
	}
#undef SHOW
	for (k = 0; k < CLS_N; k++) {
		total_same += dc.same[k];
		total_diff += dc.differ[k] + dc.only_a[k] + dc.only_b[k];
	}
	if (!quiet) {
		if (shown > DEFAULT_SHOWN && !verbose)
			fprintf(stderr, "  ... %zu more (--verbose lists them all)\n",
				shown - DEFAULT_SHOWN);
		for (k = 0; k < CLS_N; k++) {
			static const size_t order[CLS_N] = { 1, 2, 0 };
			size_t x = order[k];

			fprintf(stderr, "  %-5s  identical %llu, differ %llu, only in A %llu, "
				"only in B %llu\n", cls_name[x], (unsigned long long)dc.same[x],
				(unsigned long long)dc.differ[x], (unsigned long long)dc.only_a[x],
				(unsigned long long)dc.only_b[x]);
		}
		fprintf(stderr, "  %s\n", total_diff ? "captures differ" : "captures match");
	}
	if (json) {
		printf("{\"a\":");
		json_string(stdout, a.name);
		printf(",\"b\":");
		json_string(stdout, b.name);
		printf(",\"records_a\":%zu,\"records_b\":%zu,\"compared\":\"%s\"", a.n, b.n,
		       frames ? "frames" : "payloads");
		for (k = 0; k < CLS_N; k++)
			printf(",\"%s\":{\"identical\":%llu,\"differ\":%llu,\"only_a\":%llu,"
			       "\"only_b\":%llu}", cls_name[k], (unsigned long long)dc.same[k],
			       (unsigned long long)dc.differ[k], (unsigned long long)dc.only_a[k],
			       (unsigned long long)dc.only_b[k]);
		printf(",\"identical\":%llu,\"different\":%llu}\n", (unsigned long long)total_same,
		       (unsigned long long)total_diff);
	}
	free_capture(&a);
	free_capture(&b);
	if (cut)
		return SRTPO_EXIT_TRUNCATED;
	return total_diff ? SRTPO_EXIT_DIFFER : SRTPO_EXIT_OK;
}
