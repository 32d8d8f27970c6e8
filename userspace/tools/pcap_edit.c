// SPDX-License-Identifier: BSD-3-Clause
/*
 * pcap_edit.c - `srtpo pcap-edit`: the attacks SRTP must stop, made on purpose. Flips a bit in a
 * record's UDP payload (UDP and IP checksums fixed, as an attacker on the path would), repeats a
 * record (a replay) or removes one.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "net.h"
#include "outfile.h"
#include "pcap.h"

#define MAX_EDITS 64

enum edit_kind { EDIT_FLIP, EDIT_DUP, EDIT_DROP };

struct edit {
	enum edit_kind kind;
	uint64_t rec;               /* 1-based record number */
	long off;                   /* flip: payload offset, negative counts from the end */
	int done;
};

static const struct option long_opts[] = {
	{ "flip", required_argument, NULL, 'f' },
	{ "dup", required_argument, NULL, 'd' },
	{ "drop", required_argument, NULL, 'x' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void usage(void)
{
	printf("Usage: srtpo pcap-edit [EDITS] IN.pcap OUT.pcap\n\n"
	       "Copies IN.pcap to OUT.pcap with some records changed, to test that unprotect\n"
	       "drops forged and replayed packets. Records are numbered from 1.\n\n"
	       "Edits (each may be given several times, %d in all):\n"
	       "      --flip REC[:OFF]  flip the low bit of UDP payload byte OFF of record REC\n"
	       "                        (default 12, the first byte after an RTP header; a\n"
	       "                        negative OFF counts from the end: -1 is the last byte).\n"
	       "                        IP and UDP checksums are fixed.\n"
	       "      --dup REC         write record REC twice (a replay)\n"
	       "      --drop REC        leave record REC out\n"
	       "  -h, --help            this help\n\n"
	       "IN and OUT are pcap or pcapng (OUT in IN's format); OUT is written beside its\n"
	       "name and renamed into place when done, so an error leaves it as it was.\n\n"
	       "Exit status: 0 written, 1 unreadable input, a record or offset that does not\n"
	       "exist, 2 usage error, 4 IN ends inside a record (the records before it were\n"
	       "edited and written).\n", MAX_EDITS);
}

static int parse_edit(struct edit *e, enum edit_kind kind, const char *arg)
{
	char buf[64], *colon, *end;
	uint64_t v;

	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->off = 12;
	if (strlen(arg) >= sizeof(buf))
		return -1;
	strcpy(buf, arg);
	colon = strchr(buf, ':');
	if (colon) {
		if (kind != EDIT_FLIP || !colon[1])
			return -1;
		*colon = 0;
		e->off = strtol(colon + 1, &end, 10);
		if (*end || e->off < -65535 || e->off > 65535)
			return -1;
	}
	if (parse_u64(buf, UINT32_MAX, &v) || v == 0)
		return -1;
	e->rec = v;
	return 0;
}

int srtpo_cmd_pcap_edit(int argc, char **argv)
{
	static const char cmd[] = "pcap-edit";
	struct edit edits[MAX_EDITS];
	struct pcap_reader rd;
	struct pcap_writer wr;
	struct pcap_record rec;
	struct outfile of;
	struct stat in_st;
	char err[512];
	int truncated = 0;
	uint8_t *pl = NULL, *frame = NULL;
	size_t pl_cap = 0, frame_cap = 0, nedits = 0, i;
	int c, rc, status = SRTPO_EXIT_OK;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'f':
		case 'd':
		case 'x':
			if (nedits == MAX_EDITS)
				return cmd_usage_error(cmd, "more than %d edits", MAX_EDITS);
			if (parse_edit(&edits[nedits], c == 'f' ? EDIT_FLIP :
				       c == 'd' ? EDIT_DUP : EDIT_DROP, optarg))
				return cmd_usage_error(cmd, "bad edit '%s' (REC, or REC:OFF for "
						       "--flip)", optarg);
			nedits++;
			break;
		case 'h':
			usage();
			return SRTPO_EXIT_OK;
		default:
			return cmd_getopt_error(cmd, c, argv);
		}
	}
	if (argc - optind != 2)
		return cmd_usage_error(cmd, argc - optind < 2 ? "needs IN.pcap and OUT.pcap" :
				       "too many arguments");
	if (pcap_reader_open(&rd, argv[optind]))
		return cmd_fail(cmd, "%s", rd.err);
	if (fstat(fileno(rd.fp), &in_st)) {
		status = cmd_fail(cmd, "%s: %s", argv[optind], strerror(errno));
		pcap_reader_close(&rd);
		return status;
	}
	rc = outfile_open(&of, argv[optind + 1], &in_st, err, sizeof(err));
	if (rc) {
		pcap_reader_close(&rd);
		return rc == OUTFILE_SAME ? cmd_usage_error(cmd, "%s", err) : cmd_fail(cmd, "%s", err);
	}
	pcap_writer_init(&wr, of.fp, argv[optind + 1], rd.format, &rd, NULL, 0);
	while (!status && (rc = pcap_read(&rd, &rec)) != 0) {
		struct pcap_record out = rec;
		int drop = 0, dup = 0;

		if (rc == PCAP_CUT) {
			truncated = 1;
			break;
		}
		if (rc < 0) {
			status = cmd_fail(cmd, "%s", rd.err);
			break;
		}
		for (i = 0; i < nedits && !status; i++) {
			struct edit *e = &edits[i];
			struct net_pkt np;
			size_t len;
			long off;

			if (e->rec != rd.record_no)
				continue;
			e->done = 1;
			if (e->kind == EDIT_DROP) {
				drop = 1;
			} else if (e->kind == EDIT_DUP) {
				dup++;
			} else if (net_parse(rd.ifaces[out.iface].linktype, out.data, out.caplen, out.origlen,
					     &np) != NET_UDP) {
				status = cmd_fail(cmd, "record %llu has no UDP payload to flip",
						  (unsigned long long)e->rec);
			} else {
				off = e->off < 0 ? (long)np.payload_len + e->off : e->off;
				if (off < 0 || off >= (long)np.payload_len) {
					status = cmd_fail(cmd, "record %llu: offset %ld is outside its "
							  "%u-byte UDP payload",
							  (unsigned long long)e->rec, e->off,
							  np.payload_len);
					break;
				}
				/* Edit a private copy (the reader reuses its buffer); the
				 * frame keeps its length, so the copy is never reallocated
				 * under a later edit of the same record. */
				if (buf_reserve(&pl, &pl_cap, out.caplen) ||
				    buf_reserve(&frame, &frame_cap, out.caplen)) {
					status = cmd_fail(cmd, "out of memory");
					break;
				}
				if (out.data != pl) {
					memcpy(pl, out.data, out.caplen);
					out.data = pl;
				}
				pl[np.payload_off + off] ^= 0x01;
				if (net_replace_payload(&np, pl, out.caplen, pl + np.payload_off,
							np.payload_len, frame, frame_cap, &len)) {
					status = cmd_fail(cmd, "record %llu: cannot rebuild",
							  (unsigned long long)e->rec);
					break;
				}
				memcpy(pl, frame, len);
			}
		}
		if (status || drop)
			continue;
		do {
			if (pcap_write(&wr, &out))
				status = cmd_fail(cmd, "%s", wr.err);
		} while (!status && dup-- > 0);
	}
	for (i = 0; i < nedits && !status; i++)
		if (!edits[i].done)
			status = cmd_fail(cmd, "%s has no record %llu (it has %llu)", argv[optind],
					  (unsigned long long)edits[i].rec,
					  (unsigned long long)rd.record_no);
	if (!status && pcap_writer_finish(&wr))
		status = cmd_fail(cmd, "%s", wr.err);
	if (!status && outfile_commit(&of, err, sizeof(err)))
		status = cmd_fail(cmd, "%s", err);
	if (status) {
		outfile_abort(&of);     /* only our temporary file goes; OUT stays as it was */
	} else if (truncated) {
		fprintf(stderr, "srtpo %s: warning: %s; the %llu complete records before it were "
			"written (exit status 4)\n", cmd, rd.err, (unsigned long long)rd.record_no);
		status = SRTPO_EXIT_TRUNCATED;
	}
	pcap_reader_close(&rd);
	free(pl);
	free(frame);
	return status;
}
