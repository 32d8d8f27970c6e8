/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pcap.h - classic pcap files (the format tcpdump and Wireshark write), read and write.
 *
 * Both byte orders and both timestamp precisions (microsecond magic a1b2c3d4, nanosecond magic
 * a1b23c4d) are read; a file is written in the byte order and precision it was read in, so a
 * round trip keeps the header as it was. pcapng is recognised and refused with a hint.
 *
 * No libpcap: the format is 24 + 16 bytes of header, and reading it here lets every length be
 * checked against the file (a corrupt record is an error naming the file and record, never a
 * read past a buffer), lets the fuzzer drive the exact code the command runs, and lets the writer
 * keep the input's byte order and precision, which libpcap's dumper does not.
 */
#ifndef SRTPO_TOOLS_PCAP_H
#define SRTPO_TOOLS_PCAP_H

#include <stdint.h>
#include <stdio.h>

/* Largest record accepted (libpcap's MAXIMUM_SNAPLEN); anything larger is a corrupt file. */
#define PCAP_MAX_RECORD 262144u

/* Link types (https://www.tcpdump.org/linktypes.html) the dissector understands. */
enum pcap_linktype {
	PCAP_LINK_NULL = 0,          /* BSD loopback: 4-byte address family, host order */
	PCAP_LINK_ETHERNET = 1,
	PCAP_LINK_RAW = 101,         /* raw IPv4 or IPv6 */
	PCAP_LINK_LINUX_SLL = 113,   /* Linux cooked capture v1 */
	PCAP_LINK_IPV4 = 228,
	PCAP_LINK_IPV6 = 229,
	PCAP_LINK_LINUX_SLL2 = 276,  /* Linux cooked capture v2 */
};

struct pcap_file_info {
	uint32_t linktype;
	uint32_t snaplen;
	int nanosecond;              /* timestamps are in ns (else us) */
	int swapped;                 /* file byte order differs from the host's */
	uint16_t version_major, version_minor;
	int32_t thiszone;
	uint32_t sigfigs;
};

struct pcap_record {
	uint32_t ts_sec;
	uint32_t ts_frac;            /* us or ns, per pcap_file_info.nanosecond */
	uint32_t caplen;             /* bytes in data */
	uint32_t origlen;            /* bytes on the wire (>= caplen when the capture was cut) */
	uint8_t *data;               /* owned by the reader, valid until the next read */
};

struct pcap_reader {
	FILE *fp;
	int own_fp;
	const char *name;            /* for messages */
	struct pcap_file_info info;
	uint64_t record_no;          /* 1-based number of the last record read */
	uint8_t *buf;
	size_t buf_cap;
	char err[256];
};

/*
 * Opens path ("-" = stdin) and reads the file header. Returns 0, or -1 with a message in r->err
 * ("call.pcap: not a pcap file (magic 0x...)").
 */
int pcap_reader_open(struct pcap_reader *r, const char *path);
/* Same over an already open stream (not closed by pcap_reader_close); name is used in messages. */
int pcap_reader_fdopen(struct pcap_reader *r, FILE *fp, const char *name);
/*
 * Reads the next record into *rec. Returns 1 for a record, 0 at a clean end of file, -1 for a
 * truncated or corrupt record (r->err names the file and the record number).
 */
int pcap_read(struct pcap_reader *r, struct pcap_record *rec);
void pcap_reader_close(struct pcap_reader *r);

struct pcap_writer {
	FILE *fp;
	int own_fp;
	const char *name;
	struct pcap_file_info info;
	uint32_t max_caplen;         /* largest record written, to keep snaplen consistent */
	uint64_t records;
	char err[256];
};

/*
 * Creates path ("-" = stdout) and writes a file header from info (byte order, precision, link type
 * and snaplen as given). Returns 0 or -1 with r->err set.
 */
int pcap_writer_open(struct pcap_writer *w, const char *path, const struct pcap_file_info *info);
int pcap_writer_fdopen(struct pcap_writer *w, FILE *fp, const char *name,
		       const struct pcap_file_info *info);
/* Appends a record as given (caplen <= PCAP_MAX_RECORD). Returns 0 or -1 with w->err set. */
int pcap_write(struct pcap_writer *w, const struct pcap_record *rec);
/*
 * Flushes and closes. If a record was longer than the header's snaplen, the header is rewritten
 * with a snaplen that covers it (when the output is seekable). Returns 0 or -1 with w->err set.
 */
int pcap_writer_close(struct pcap_writer *w);

#endif /* SRTPO_TOOLS_PCAP_H */
