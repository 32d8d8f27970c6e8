/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pcap.h - captures in the two formats tcpdump, dumpcap and Wireshark write, read and written:
 *
 *   classic pcap: both byte orders, micro- and nanosecond magic (a1b2c3d4, a1b23c4d);
 *   pcapng: sections in either byte order, any number of interfaces each with its own link type,
 *           snaplen and timestamp resolution (if_tsresol, powers of 10 or 2; if_tsoffset),
 *           Enhanced, Simple and obsolete Packet Blocks. Options (comments, flags, names) of the
 *           section, the interfaces and the packets are kept. Name resolution, statistics and
 *           other blocks are counted in skipped_blocks and not carried over.
 *
 * A record carries its interface number and its timestamp in that interface's units, so a pcapng
 * round trip keeps every timestamp exactly; writing classic pcap converts to us or ns.
 *
 * No libpcap: reading here lets every length be checked against the file (a corrupt record is an
 * error naming the file and record, never a read past a buffer), lets the fuzzer drive the exact
 * code the command runs, lets a capture cut short be told from a corrupt one, and lets the writer
 * keep the input's format, byte order and precision.
 */
#ifndef SRTPO_TOOLS_PCAP_H
#define SRTPO_TOOLS_PCAP_H

#include <stdint.h>
#include <stdio.h>

/* Largest record accepted (libpcap's MAXIMUM_SNAPLEN); anything larger is a corrupt file. */
#define PCAP_MAX_RECORD 262144u
/* Largest pcapng block: a largest record plus generous room for options. */
#define PCAPNG_MAX_BLOCK (PCAP_MAX_RECORD + 65536u)

/* pcap_read results besides 1 (a record) and 0 (clean end of file). */
#define PCAP_ERR (-1)                /* corrupt file or read error: r->err says which record */
#define PCAP_CUT (-2)                /* the file ends inside a record (a killed tcpdump) */

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

enum pcap_format { PCAP_FORMAT_PCAP = 0, PCAP_FORMAT_PCAPNG = 1 };

/* Classic pcap file header fields (for pcapng: those of the first interface). */
struct pcap_file_info {
	uint32_t linktype;
	uint32_t snaplen;
	int nanosecond;              /* timestamps are in ns (else us) */
	int swapped;                 /* file byte order differs from the host's */
	uint16_t version_major, version_minor;
	int32_t thiszone;
	uint32_t sigfigs;
};

/* One capture interface (classic pcap has exactly one). */
struct pcap_iface {
	uint32_t linktype;
	uint32_t snaplen;            /* 0 = no limit (pcapng) */
	uint64_t units;              /* timestamp units per second (1e6, 1e9, 2^n, 10^n) */
	int64_t tsoffset;            /* if_tsoffset: seconds added to every timestamp */
	uint8_t *opts;               /* IDB options, host byte order, without opt_endofopt */
	size_t opts_len;
};

struct pcap_record {
	uint64_t ts;                 /* timestamp in units of its interface */
	uint32_t iface;              /* interface number (0 for classic pcap) */
	uint32_t caplen;             /* bytes in data */
	uint32_t origlen;            /* bytes on the wire (>= caplen when the capture was cut) */
	uint8_t *data;               /* owned by the reader, valid until the next read */
	const uint8_t *opts;         /* pcapng packet options (comments, flags), host byte order */
	size_t opts_len;
};

struct pcap_reader {
	FILE *fp;
	int own_fp;
	const char *name;            /* for messages */
	int format;                  /* enum pcap_format */
	int live;                    /* input is a pipe, socket or terminal: read unbuffered */
	struct pcap_file_info info;  /* classic: the header; pcapng: byte order of the first section */
	struct pcap_iface *ifaces;   /* every interface seen so far, all sections numbered on */
	size_t n_ifaces, ifaces_cap;
	size_t section_base;         /* pcapng: number of the current section's first interface */
	int section_swapped;         /* pcapng: byte order of the current section */
	uint8_t *shb_opts;           /* options of the first section header, host byte order */
	size_t shb_opts_len;
	uint64_t record_no;          /* 1-based number of the last record read */
	uint64_t skipped_blocks;     /* pcapng blocks not carried over (NRB, ISB, custom, ...) */
	uint8_t *buf;
	size_t buf_cap;
	uint8_t *rec_opts;
	size_t rec_opts_cap;
	char err[256];
};

/*
 * Opens path ("-" = stdin) and reads the file header (pcapng: the first section header).
 * Returns 0, or -1 with a message in r->err ("call.pcap: not a pcap or pcapng file (...)").
 */
int pcap_reader_open(struct pcap_reader *r, const char *path);
/* Same over an already open stream (not closed by pcap_reader_close); name is used in messages. */
int pcap_reader_fdopen(struct pcap_reader *r, FILE *fp, const char *name);
/*
 * Reads the next record into *rec. Returns 1 for a record, 0 at a clean end of file, PCAP_CUT
 * when the file ends inside a record (r->err says where), PCAP_ERR for a corrupt record or a
 * read error (r->err names the file and the record number).
 */
int pcap_read(struct pcap_reader *r, struct pcap_record *rec);
/* 1 when the next read would wait for a live input (a pipe with nothing in it yet), else 0. */
int pcap_reader_would_block(const struct pcap_reader *r);
void pcap_reader_close(struct pcap_reader *r);

/* Seconds and nanoseconds of a record's timestamp (interface resolution and offset applied). */
void pcap_record_time(const struct pcap_iface *ifc, uint64_t ts, uint64_t *sec, uint32_t *nsec);

struct pcap_writer {
	FILE *fp;
	const char *name;
	int format;                  /* enum pcap_format */
	int swapped;                 /* write in the byte order opposite to the host's */
	int nanosecond;              /* classic pcap: ns timestamps */
	uint32_t snaplen_extra;      /* added to every snaplen written (protect makes packets grow) */
	const struct pcap_reader *src; /* interfaces and section options come from here, or: */
	struct pcap_iface own_iface; /* the one interface when there is no src */
	struct pcap_file_info info;  /* classic header fields */
	int header_done;
	size_t ifaces_written;       /* pcapng: IDBs written so far */
	uint64_t records;
	char err[256];
};

/*
 * Sets up a writer of format fmt on fp. Interfaces, byte order, precision and the section's
 * options follow src (a reader); with src NULL, info gives the one interface. Nothing is written
 * before the first record (or pcap_writer_close), so that the header can take the interface of
 * the first record. snaplen_extra is added to every snaplen written, capped at PCAP_MAX_RECORD:
 * the header is never rewritten, so the output may be a pipe.
 */
void pcap_writer_init(struct pcap_writer *w, FILE *fp, const char *name, int fmt,
		      const struct pcap_reader *src, const struct pcap_file_info *info,
		      uint32_t snaplen_extra);
/* Classic pcap on fp with the header from info, written at once. Returns 0 or -1. */
int pcap_writer_fdopen(struct pcap_writer *w, FILE *fp, const char *name,
		       const struct pcap_file_info *info);
/* Appends a record as given (caplen <= PCAP_MAX_RECORD). Returns 0 or -1 with w->err set. */
int pcap_write(struct pcap_writer *w, const struct pcap_record *rec);
/* Writes the header if no record did, and flushes. The caller closes fp. Returns 0 or -1. */
int pcap_writer_finish(struct pcap_writer *w);
/* Finish and fclose(fp) (for writers over a stream of their own). Returns 0 or -1. */
int pcap_writer_close(struct pcap_writer *w);

#endif /* SRTPO_TOOLS_PCAP_H */
