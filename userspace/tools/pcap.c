// SPDX-License-Identifier: BSD-3-Clause
/* pcap.c - classic pcap and pcapng reader and writer; see pcap.h for why it does not use libpcap. */
#include "pcap.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAGIC_US 0xa1b2c3d4u
#define MAGIC_NS 0xa1b23c4du
#define MAGIC_US_SWAPPED 0xd4c3b2a1u
#define MAGIC_NS_SWAPPED 0x4d3cb2a1u
#define MAGIC_PCAPNG 0x0a0d0d0au
#define PCAPNG_BYTE_ORDER 0x1a2b3c4du

#define FILE_HDR_LEN 24
#define REC_HDR_LEN 16

/* pcapng block types (draft-ietf-opsawg-pcapng) */
#define BT_SHB 0x0a0d0d0au
#define BT_IDB 1u
#define BT_PB 2u                     /* obsolete Packet Block */
#define BT_SPB 3u
#define BT_EPB 6u

/* option codes whose values are numbers (byte-swapped when the byte order changes) */
#define OPT_ENDOFOPT 0
#define IF_TSRESOL 9
#define IF_TSOFFSET 14

static void set_err(char *err, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, cap, fmt, ap);
	va_end(ap);
}

static uint32_t rd32(const uint8_t *p, int swapped)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swapped ? __builtin_bswap32(v) : v;
}

static uint16_t rd16(const uint8_t *p, int swapped)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return swapped ? __builtin_bswap16(v) : v;
}

static void wr32(uint8_t *p, uint32_t v, int swapped)
{
	if (swapped)
		v = __builtin_bswap32(v);
	memcpy(p, &v, 4);
}

static void wr16(uint8_t *p, uint16_t v, int swapped)
{
	if (swapped)
		v = __builtin_bswap16(v);
	memcpy(p, &v, 2);
}

/* Reads up to n bytes; returns how many were read (short only at end of file or on error). */
static size_t read_full(FILE *fp, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		size_t k = fread((uint8_t *)buf + got, 1, n - got, fp);

		if (k == 0)
			break;
		got += k;
	}
	return got;
}

static int grow(uint8_t **buf, size_t *cap, size_t need)
{
	size_t ncap = *cap ? *cap : 2048;
	uint8_t *nb;

	if (need <= *cap && *buf)
		return 0;
	while (ncap < need)
		ncap *= 2;
	nb = realloc(*buf, ncap);
	if (!nb)
		return -1;
	*buf = nb;
	*cap = ncap;
	return 0;
}

/* ---- pcapng options --------------------------------------------------------------------- */

/* Is option `code` of a block type a number whose bytes follow the section's byte order? */
static int opt_is_number(uint32_t block, uint16_t code)
{
	if (block == BT_IDB)      /* if_speed, if_tzone, if_tsoffset, if_txspeed, if_rxspeed */
		return code == 8 || code == 10 || code == 14 || code == 16 || code == 17;
	if (block == BT_EPB || block == BT_PB) /* flags, dropcount, packetid, queue */
		return code == 2 || code == 4 || code == 5 || code == 6;
	return 0;                 /* section header options are strings */
}

/*
 * Converts the options in[0..n) from one byte order to another (code, length and numeric values)
 * into out (n bytes at most), dropping opt_endofopt. Returns the bytes written, or -1 when an
 * option runs past the end.
 */
static long opts_convert(const uint8_t *in, size_t n, int in_swapped, int out_swapped,
			 uint32_t block, uint8_t *out)
{
	size_t pos = 0, o = 0;

	while (pos + 4 <= n) {
		uint16_t code = rd16(in + pos, in_swapped), len = rd16(in + pos + 2, in_swapped);
		size_t padded = ((size_t)len + 3) & ~(size_t)3;

		if (code == OPT_ENDOFOPT)
			break;
		if (pos + 4 + padded > n)
			return -1;
		wr16(out + o, code, out_swapped);
		wr16(out + o + 2, len, out_swapped);
		memcpy(out + o + 4, in + pos + 4, padded);
		if (in_swapped != out_swapped && opt_is_number(block, code)) {
			if (len == 8) {
				uint64_t v;

				memcpy(&v, out + o + 4, 8);
				v = __builtin_bswap64(v);
				memcpy(out + o + 4, &v, 8);
			} else if (len == 4) {
				wr32(out + o + 4, rd32(out + o + 4, 1), 0);
			}
		}
		pos += 4 + padded;
		o += 4 + padded;
	}
	return (long)o;
}

/* Finds option code in host-order options; returns its value and length, or NULL. */
static const uint8_t *opt_find(const uint8_t *opts, size_t n, uint16_t code, uint16_t *len)
{
	size_t pos = 0;

	while (pos + 4 <= n) {
		uint16_t c = rd16(opts + pos, 0), l = rd16(opts + pos + 2, 0);

		if (pos + 4 + l > n)
			return NULL;
		if (c == code) {
			*len = l;
			return opts + pos + 4;
		}
		pos += 4 + (((size_t)l + 3) & ~(size_t)3);
	}
	return NULL;
}

/* ---- reader ----------------------------------------------------------------------------- */

static int add_iface(struct pcap_reader *r, uint32_t linktype, uint32_t snaplen, uint64_t units)
{
	struct pcap_iface *ifc;

	if (r->n_ifaces == r->ifaces_cap) {
		size_t ncap = r->ifaces_cap ? r->ifaces_cap * 2 : 4;
		struct pcap_iface *n = realloc(r->ifaces, ncap * sizeof(*n));

		if (!n)
			return -1;
		r->ifaces = n;
		r->ifaces_cap = ncap;
	}
	ifc = &r->ifaces[r->n_ifaces++];
	memset(ifc, 0, sizeof(*ifc));
	ifc->linktype = linktype;
	ifc->snaplen = snaplen;
	ifc->units = units;
	return 0;
}

static int is_live(FILE *fp)
{
	struct stat st;
	int fd = fileno(fp);

	return fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode);
}

/* Reads one pcapng block whose 4-byte type is already in `type`: length, body, trailer. The body
 * (without type, lengths) lands in r->buf. Returns 1, 0 at end of file (only when at_start),
 * PCAP_CUT or PCAP_ERR. */
static int read_block(struct pcap_reader *r, uint32_t type, uint32_t *body_len, uint64_t no)
{
	uint8_t lb[4];
	uint32_t total;
	size_t got;

	got = read_full(r->fp, lb, 4);
	if (got < 4)
		goto cut_hdr;
	total = rd32(lb, r->section_swapped);
	if (total < 12 || total % 4 || total > PCAPNG_MAX_BLOCK) {
		set_err(r->err, sizeof(r->err),
			"%s: block after record %llu: bad block length %u (type 0x%x; corrupt file)",
			r->name, (unsigned long long)no - 1, total, type);
		return PCAP_ERR;
	}
	if (grow(&r->buf, &r->buf_cap, total)) {
		set_err(r->err, sizeof(r->err), "%s: out of memory", r->name);
		return PCAP_ERR;
	}
	got = read_full(r->fp, r->buf, total - 8);
	if (got < total - 8) {
		if (ferror(r->fp))
			goto rd_err;
		set_err(r->err, sizeof(r->err),
			"%s: record %llu: cut short (%zu of %u bytes of its block)", r->name,
			(unsigned long long)no, got + 8, total);
		return PCAP_CUT;
	}
	if (rd32(r->buf + total - 12, r->section_swapped) != total) {
		set_err(r->err, sizeof(r->err),
			"%s: block after record %llu: trailing length differs from %u (corrupt file)",
			r->name, (unsigned long long)no - 1, total);
		return PCAP_ERR;
	}
	*body_len = total - 12;
	return 1;
cut_hdr:
	if (ferror(r->fp))
		goto rd_err;
	set_err(r->err, sizeof(r->err), "%s: record %llu: cut short (%zu of 8 bytes of a block header)",
		r->name, (unsigned long long)no, got + 4);
	return PCAP_CUT;
rd_err:
	set_err(r->err, sizeof(r->err), "%s: record %llu: read error: %s", r->name,
		(unsigned long long)no, strerror(errno));
	return PCAP_ERR;
}

/* Parses a section header body (after the type and length) into the reader. */
static int take_shb(struct pcap_reader *r, const uint8_t *b, uint32_t n)
{
	long ol;

	if (n < 16) {
		set_err(r->err, sizeof(r->err), "%s: section header too short (corrupt file)",
			r->name);
		return PCAP_ERR;
	}
	if (rd16(b + 4, r->section_swapped) != 1) {
		set_err(r->err, sizeof(r->err), "%s: unsupported pcapng version %u.%u", r->name,
			rd16(b + 4, r->section_swapped), rd16(b + 6, r->section_swapped));
		return PCAP_ERR;
	}
	r->section_base = r->n_ifaces;
	if (r->shb_opts)
		return 0;       /* later sections: only the first section's options are kept */
	r->shb_opts = malloc(n - 16 + 1);
	if (!r->shb_opts)
		return PCAP_ERR;
	ol = opts_convert(b + 16, n - 16, r->section_swapped, 0, BT_SHB, r->shb_opts);
	if (ol < 0) {
		set_err(r->err, sizeof(r->err), "%s: section header options overrun (corrupt file)",
			r->name);
		return PCAP_ERR;
	}
	r->shb_opts_len = (size_t)ol;
	return 0;
}

/* Units per second of an if_tsresol value, or 0 when it does not fit in 64 bits. */
static uint64_t tsresol_units(uint8_t v)
{
	uint64_t u = 1;
	unsigned i, e = v & 0x7f;

	if (v & 0x80)
		return e < 64 ? (uint64_t)1 << e : 0;
	if (e > 19)
		return 0;
	for (i = 0; i < e; i++)
		u *= 10;
	return u;
}

static int take_idb(struct pcap_reader *r, const uint8_t *b, uint32_t n)
{
	struct pcap_iface *ifc;
	const uint8_t *v;
	uint16_t vl;
	long ol;

	if (n < 8) {
		set_err(r->err, sizeof(r->err), "%s: interface block too short (corrupt file)",
			r->name);
		return PCAP_ERR;
	}
	if (add_iface(r, rd16(b, r->section_swapped), rd32(b + 4, r->section_swapped), 1000000))
		return PCAP_ERR;
	ifc = &r->ifaces[r->n_ifaces - 1];
	ifc->opts = malloc(n - 8 + 1);
	if (!ifc->opts)
		return PCAP_ERR;
	ol = opts_convert(b + 8, n - 8, r->section_swapped, 0, BT_IDB, ifc->opts);
	if (ol < 0) {
		set_err(r->err, sizeof(r->err), "%s: interface %zu: options overrun (corrupt file)",
			r->name, r->n_ifaces - 1);
		return PCAP_ERR;
	}
	ifc->opts_len = (size_t)ol;
	v = opt_find(ifc->opts, ifc->opts_len, IF_TSRESOL, &vl);
	if (v && vl >= 1) {
		ifc->units = tsresol_units(v[0]);
		if (!ifc->units) {
			set_err(r->err, sizeof(r->err),
				"%s: interface %zu: timestamp resolution 0x%02x is finer than 64 "
				"bits can count", r->name, r->n_ifaces - 1, v[0]);
			return PCAP_ERR;
		}
	}
	v = opt_find(ifc->opts, ifc->opts_len, IF_TSOFFSET, &vl);
	if (v && vl == 8)
		memcpy(&ifc->tsoffset, v, 8);
	return 0;
}

static void reader_free(struct pcap_reader *r);

static int reader_start(struct pcap_reader *r, FILE *fp, const char *name)
{
	uint8_t h[FILE_HDR_LEN];
	uint32_t magic;
	size_t got;

	memset(r, 0, sizeof(*r));
	r->fp = fp;
	r->name = name;
	/* A pipe is read unbuffered so that poll() tells whether a record is waiting. */
	r->live = is_live(fp);
	if (r->live)
		setvbuf(fp, NULL, _IONBF, 0);
	got = read_full(fp, h, 4);
	if (ferror(fp)) {
		set_err(r->err, sizeof(r->err), "%s: read error: %s", name, strerror(errno));
		return -1;
	}
	if (got < 4) {
		set_err(r->err, sizeof(r->err), "%s: not a pcap or pcapng file (%zu bytes, too short)",
			name, got);
		return -1;
	}
	memcpy(&magic, h, 4);
	switch (magic) {
	case MAGIC_US:
		break;
	case MAGIC_NS:
		r->info.nanosecond = 1;
		break;
	case MAGIC_US_SWAPPED:
		r->info.swapped = 1;
		break;
	case MAGIC_NS_SWAPPED:
		r->info.swapped = 1;
		r->info.nanosecond = 1;
		break;
	case MAGIC_PCAPNG: {
		uint32_t bl;
		int rc;

		r->format = PCAP_FORMAT_PCAPNG;
		got = read_full(fp, h, 8);
		if (got < 8) {
			set_err(r->err, sizeof(r->err),
				"%s: truncated pcapng section header (%zu of 12 bytes)", name, got + 4);
			return -1;
		}
		magic = rd32(h + 4, 0);
		if (magic != PCAPNG_BYTE_ORDER && magic != __builtin_bswap32(PCAPNG_BYTE_ORDER)) {
			set_err(r->err, sizeof(r->err),
				"%s: pcapng section header with bad byte-order magic 0x%08x", name,
				magic);
			return -1;
		}
		r->section_swapped = r->info.swapped = magic != PCAPNG_BYTE_ORDER;
		bl = rd32(h, r->section_swapped);
		if (bl < 28 || bl % 4 || bl > PCAPNG_MAX_BLOCK ||
		    grow(&r->buf, &r->buf_cap, bl)) {
			set_err(r->err, sizeof(r->err),
				"%s: pcapng section header length %u (corrupt file)", name, bl);
			return -1;
		}
		memcpy(r->buf, h + 4, 4);
		got = read_full(fp, r->buf + 4, bl - 12);
		if (got < bl - 12 || rd32(r->buf + bl - 12, r->section_swapped) != bl) {
			set_err(r->err, sizeof(r->err), "%s: truncated or corrupt pcapng section header",
				name);
			return -1;
		}
		rc = take_shb(r, r->buf, bl - 12);
		if (rc) {
			if (!r->err[0])
				set_err(r->err, sizeof(r->err), "%s: out of memory", name);
			return -1;
		}
		return 0;
	}
	default:
		set_err(r->err, sizeof(r->err), "%s: not a pcap or pcapng file (magic 0x%08x)", name,
			(unsigned)__builtin_bswap32(magic));
		return -1;
	}
	got = read_full(fp, h + 4, FILE_HDR_LEN - 4) + 4;
	if (got < FILE_HDR_LEN) {
		set_err(r->err, sizeof(r->err),
			"%s: truncated file header (%zu of %d bytes)", name, got, FILE_HDR_LEN);
		return -1;
	}
	r->info.version_major = rd16(h + 4, r->info.swapped);
	r->info.version_minor = rd16(h + 6, r->info.swapped);
	r->info.thiszone = (int32_t)rd32(h + 8, r->info.swapped);
	r->info.sigfigs = rd32(h + 12, r->info.swapped);
	r->info.snaplen = rd32(h + 16, r->info.swapped);
	r->info.linktype = rd32(h + 20, r->info.swapped);
	if (r->info.version_major != 2) {
		set_err(r->err, sizeof(r->err), "%s: unsupported pcap version %u.%u", name,
			r->info.version_major, r->info.version_minor);
		return -1;
	}
	if (add_iface(r, r->info.linktype, r->info.snaplen,
		      r->info.nanosecond ? 1000000000u : 1000000u)) {
		set_err(r->err, sizeof(r->err), "%s: out of memory", name);
		return -1;
	}
	return 0;
}

int pcap_reader_fdopen(struct pcap_reader *r, FILE *fp, const char *name)
{
	int rc = reader_start(r, fp, name);

	if (rc) {
		/* nothing allocated survives a failed open; the stream stays the caller's */
		char err[sizeof(r->err)];

		memcpy(err, r->err, sizeof(err));
		reader_free(r);
		memcpy(r->err, err, sizeof(err));
	}
	return rc;
}

int pcap_reader_open(struct pcap_reader *r, const char *path)
{
	FILE *fp;
	int rc;

	if (strcmp(path, "-") == 0)
		return pcap_reader_fdopen(r, stdin, "<stdin>");
	fp = fopen(path, "rb");
	if (!fp) {
		memset(r, 0, sizeof(*r));
		set_err(r->err, sizeof(r->err), "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = pcap_reader_fdopen(r, fp, path);
	if (rc)
		fclose(fp);
	else
		r->own_fp = 1;
	return rc;
}

static int read_classic(struct pcap_reader *r, struct pcap_record *rec)
{
	uint8_t h[REC_HDR_LEN];
	uint64_t no = r->record_no + 1;
	uint32_t sec, frac;
	size_t got;

	got = read_full(r->fp, h, sizeof(h));
	if (ferror(r->fp)) {
		set_err(r->err, sizeof(r->err), "%s: record %llu: read error: %s", r->name,
			(unsigned long long)no, strerror(errno));
		return PCAP_ERR;
	}
	if (got == 0)
		return 0;
	if (got < REC_HDR_LEN) {
		set_err(r->err, sizeof(r->err),
			"%s: record %llu: truncated record header (%zu of %d bytes)", r->name,
			(unsigned long long)no, got, REC_HDR_LEN);
		return PCAP_CUT;
	}
	sec = rd32(h, r->info.swapped);
	frac = rd32(h + 4, r->info.swapped);
	rec->caplen = rd32(h + 8, r->info.swapped);
	rec->origlen = rd32(h + 12, r->info.swapped);
	if (rec->caplen > PCAP_MAX_RECORD) {
		set_err(r->err, sizeof(r->err),
			"%s: record %llu: captured length %u exceeds the maximum %u (corrupt file)",
			r->name, (unsigned long long)no, rec->caplen, PCAP_MAX_RECORD);
		return PCAP_ERR;
	}
	if (frac >= (r->info.nanosecond ? 1000000000u : 1000000u)) {
		set_err(r->err, sizeof(r->err),
			"%s: record %llu: timestamp fraction %u out of range (corrupt file)", r->name,
			(unsigned long long)no, frac);
		return PCAP_ERR;
	}
	rec->ts = (uint64_t)sec * r->ifaces[0].units + frac;
	rec->iface = 0;
	rec->opts = NULL;
	rec->opts_len = 0;
	/* Always a buffer, even for an empty record: callers may memcpy/memcmp rec->data. */
	if (grow(&r->buf, &r->buf_cap, rec->caplen ? rec->caplen : 1)) {
		set_err(r->err, sizeof(r->err), "%s: record %llu: out of memory", r->name,
			(unsigned long long)no);
		return PCAP_ERR;
	}
	got = read_full(r->fp, r->buf, rec->caplen);
	if (got < rec->caplen) {
		if (ferror(r->fp)) {
			set_err(r->err, sizeof(r->err), "%s: record %llu: read error: %s",
				r->name, (unsigned long long)no, strerror(errno));
			return PCAP_ERR;
		}
		set_err(r->err, sizeof(r->err),
			"%s: record %llu: truncated record data (%zu of %u bytes)", r->name,
			(unsigned long long)no, got, rec->caplen);
		return PCAP_CUT;
	}
	rec->data = r->buf;
	r->record_no = no;
	return 1;
}

static int corrupt(struct pcap_reader *r, uint64_t no, const char *what)
{
	set_err(r->err, sizeof(r->err), "%s: record %llu: %s (corrupt file)", r->name,
		(unsigned long long)no, what);
	return PCAP_ERR;
}

static int read_pcapng(struct pcap_reader *r, struct pcap_record *rec)
{
	uint64_t no = r->record_no + 1;

	for (;;) {
		uint8_t tb[4];
		uint32_t type, n, ifn = 0, caplen, origlen, hdr;
		int sw = r->section_swapped, rc;
		const uint8_t *b;
		size_t got = read_full(r->fp, tb, 4);
		long ol;

		if (ferror(r->fp)) {
			set_err(r->err, sizeof(r->err), "%s: record %llu: read error: %s", r->name,
				(unsigned long long)no, strerror(errno));
			return PCAP_ERR;
		}
		if (got == 0)
			return 0;
		if (got < 4) {
			set_err(r->err, sizeof(r->err),
				"%s: record %llu: cut short (%zu of 8 bytes of a block header)",
				r->name, (unsigned long long)no, got);
			return PCAP_CUT;
		}
		type = rd32(tb, sw);
		if (type == BT_SHB) {
			/* A new section: its byte-order magic comes before the length means anything. */
			uint8_t h[8];

			got = read_full(r->fp, h, 8);
			if (got < 8) {
				set_err(r->err, sizeof(r->err),
					"%s: record %llu: cut short in a section header", r->name,
					(unsigned long long)no);
				return PCAP_CUT;
			}
			if (rd32(h + 4, 0) == PCAPNG_BYTE_ORDER)
				r->section_swapped = 0;
			else if (rd32(h + 4, 1) == PCAPNG_BYTE_ORDER)
				r->section_swapped = 1;
			else
				return corrupt(r, no, "section header with a bad byte-order magic");
			n = rd32(h, r->section_swapped);
			if (n < 28 || n % 4 || n > PCAPNG_MAX_BLOCK || grow(&r->buf, &r->buf_cap, n))
				return corrupt(r, no, "bad section header length");
			memcpy(r->buf, h + 4, 4);
			got = read_full(r->fp, r->buf + 4, n - 12);
			if (got < n - 12) {
				set_err(r->err, sizeof(r->err),
					"%s: record %llu: cut short in a section header", r->name,
					(unsigned long long)no);
				return PCAP_CUT;
			}
			if (rd32(r->buf + n - 12, r->section_swapped) != n)
				return corrupt(r, no, "section header trailer length differs");
			rc = take_shb(r, r->buf, n - 12);
			if (rc)
				return PCAP_ERR;
			continue;
		}
		rc = read_block(r, type, &n, no);
		if (rc != 1)
			return rc;
		b = r->buf;
		switch (type) {
		case BT_IDB:
			if (take_idb(r, b, n))
				return PCAP_ERR;
			continue;
		case BT_EPB:
		case BT_PB:
			if (n < 20)
				return corrupt(r, no, "packet block too short");
			ifn = type == BT_EPB ? rd32(b, sw) : rd16(b, sw);
			rec->ts = (uint64_t)rd32(b + 4, sw) << 32 | rd32(b + 8, sw);
			caplen = rd32(b + 12, sw);
			origlen = rd32(b + 16, sw);
			hdr = 20;
			break;
		case BT_SPB:
			if (n < 4)
				return corrupt(r, no, "simple packet block too short");
			ifn = 0;
			rec->ts = 0;       /* an SPB has no timestamp */
			origlen = rd32(b, sw);
			caplen = n - 4;    /* includes padding: cut to origlen and snaplen below */
			if (caplen > origlen)
				caplen = origlen;
			hdr = 4;
			break;
		default:
			r->skipped_blocks++;
			continue;
		}
		if (ifn >= r->n_ifaces - r->section_base)
			return corrupt(r, no, "packet on an interface no block described");
		ifn += (uint32_t)r->section_base;
		if (type == BT_SPB && r->ifaces[ifn].snaplen && caplen > r->ifaces[ifn].snaplen)
			caplen = r->ifaces[ifn].snaplen;
		if (caplen > PCAP_MAX_RECORD)
			return corrupt(r, no, "captured length exceeds the maximum");
		if (caplen > n - hdr)
			return corrupt(r, no, "captured length runs past its block");
		rec->iface = ifn;
		rec->caplen = caplen;
		rec->origlen = origlen;
		rec->data = r->buf + hdr;
		rec->opts = NULL;
		rec->opts_len = 0;
		if (type != BT_SPB) {
			size_t off = hdr + (((size_t)caplen + 3) & ~(size_t)3);

			if (off > n)
				return corrupt(r, no, "packet data runs past its block");
			if (grow(&r->rec_opts, &r->rec_opts_cap, n - off + 1))
				return corrupt(r, no, "out of memory");
			ol = opts_convert(b + off, n - off, sw, 0, BT_EPB, r->rec_opts);
			if (ol < 0)
				return corrupt(r, no, "packet options run past its block");
			rec->opts = r->rec_opts;
			rec->opts_len = (size_t)ol;
		}
		r->record_no = no;
		return 1;
	}
}

int pcap_read(struct pcap_reader *r, struct pcap_record *rec)
{
	if (!r->fp)
		return PCAP_ERR;
	return r->format == PCAP_FORMAT_PCAPNG ? read_pcapng(r, rec) : read_classic(r, rec);
}

int pcap_reader_would_block(const struct pcap_reader *r)
{
	struct pollfd p;

	if (!r->live || !r->fp)
		return 0;
	p.fd = fileno(r->fp);
	p.events = POLLIN;
	p.revents = 0;
	return poll(&p, 1, 0) == 0;
}

void pcap_reader_close(struct pcap_reader *r)
{
	if (r->own_fp && r->fp)
		fclose(r->fp);
	reader_free(r);
}

static void reader_free(struct pcap_reader *r)
{
	size_t i;

	for (i = 0; i < r->n_ifaces; i++)
		free(r->ifaces[i].opts);
	free(r->ifaces);
	free(r->buf);
	free(r->rec_opts);
	free(r->shb_opts);
	r->ifaces = NULL;
	r->n_ifaces = r->ifaces_cap = 0;
	r->fp = NULL;
	r->buf = NULL;
	r->rec_opts = NULL;
	r->shb_opts = NULL;
	r->buf_cap = r->rec_opts_cap = 0;
}

void pcap_record_time(const struct pcap_iface *ifc, uint64_t ts, uint64_t *sec, uint32_t *nsec)
{
	uint64_t units = ifc->units ? ifc->units : 1000000;

	*sec = ts / units + (uint64_t)ifc->tsoffset;
	*nsec = (uint32_t)((unsigned __int128)(ts % units) * 1000000000u / units);
}

/* ---- writer ----------------------------------------------------------------------------- */

void pcap_writer_init(struct pcap_writer *w, FILE *fp, const char *name, int fmt,
		      const struct pcap_reader *src, const struct pcap_file_info *info,
		      uint32_t snaplen_extra)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
	w->name = name;
	w->format = fmt;
	w->src = src;
	w->snaplen_extra = snaplen_extra;
	if (info)
		w->info = *info;
	else if (src)
		w->info = src->info;
	w->swapped = w->info.swapped;
	w->nanosecond = w->info.nanosecond;
	if (!src) {
		w->own_iface.linktype = w->info.linktype;
		w->own_iface.snaplen = w->info.snaplen;
		w->own_iface.units = w->info.nanosecond ? 1000000000u : 1000000u;
	}
}

static const struct pcap_iface *w_iface(const struct pcap_writer *w, uint32_t i)
{
	if (!w->src)
		return i == 0 ? &w->own_iface : NULL;
	return i < w->src->n_ifaces ? &w->src->ifaces[i] : NULL;
}

static uint32_t out_snaplen(const struct pcap_writer *w, uint32_t snaplen)
{
	uint64_t s = (uint64_t)snaplen + w->snaplen_extra;

	if (snaplen == 0)
		return 0;
	return s > PCAP_MAX_RECORD ? PCAP_MAX_RECORD : (uint32_t)s;
}

static int put(struct pcap_writer *w, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, w->fp) != n) {
		set_err(w->err, sizeof(w->err), "%s: write error: %s", w->name, strerror(errno));
		return -1;
	}
	return 0;
}

/* Writes a pcapng block: type, length, body pieces, options (host order, converted), trailer. */
static int put_block(struct pcap_writer *w, uint32_t type, const uint8_t *fixed, size_t fixed_len,
		     const uint8_t *data, size_t data_len, const uint8_t *opts, size_t opts_len,
		     uint32_t opt_block)
{
	static const uint8_t zero[4];
	uint8_t h[8], *conv = NULL;
	size_t pad = (4 - data_len % 4) % 4, total;
	long cl = 0;
	int rc;

	if (opts_len) {
		conv = malloc(opts_len + 4);
		if (!conv) {
			set_err(w->err, sizeof(w->err), "%s: out of memory", w->name);
			return -1;
		}
		cl = opts_convert(opts, opts_len, 0, w->swapped, opt_block, conv);
		if (cl < 0)
			cl = 0;
		if (cl) {
			memset(conv + cl, 0, 4);  /* opt_endofopt */
			cl += 4;
		}
	}
	total = 12 + fixed_len + data_len + pad + (size_t)cl;
	wr32(h, type, w->swapped);
	wr32(h + 4, (uint32_t)total, w->swapped);
	rc = put(w, h, 8) || put(w, fixed, fixed_len) || put(w, data, data_len) ||
	     put(w, zero, pad) || put(w, conv, (size_t)cl) || put(w, h + 4, 4);
	free(conv);
	return rc ? -1 : 0;
}

static int put_idb(struct pcap_writer *w, const struct pcap_iface *ifc)
{
	uint8_t f[8];
	uint8_t own[12];

	wr16(f, (uint16_t)ifc->linktype, w->swapped);
	wr16(f + 2, 0, w->swapped);
	wr32(f + 4, out_snaplen(w, ifc->snaplen), w->swapped);
	if (ifc->opts_len || ifc->units == 1000000)
		return put_block(w, BT_IDB, f, 8, NULL, 0, ifc->opts, ifc->opts_len, BT_IDB);
	/* From classic pcap: say the resolution when it is not the default microseconds. */
	wr16(own, IF_TSRESOL, 0);
	wr16(own + 2, 1, 0);
	memset(own + 4, 0, 4);
	own[4] = ifc->units == 1000000000u ? 9 : 6;
	return put_block(w, BT_IDB, f, 8, NULL, 0, own, 8, BT_IDB);
}

static int write_header(struct pcap_writer *w, const struct pcap_iface *first)
{
	if (w->format == PCAP_FORMAT_PCAPNG) {
		uint8_t f[12];
		static const char appl[] = "srtpo";
		uint8_t own[12];
		const uint8_t *opts = w->src ? w->src->shb_opts : NULL;
		size_t opts_len = w->src ? w->src->shb_opts_len : 0;

		wr32(f, PCAPNG_BYTE_ORDER, w->swapped);
		wr16(f + 4, 1, w->swapped);
		wr16(f + 6, 0, w->swapped);
		memset(f + 8, 0xff, 4);                 /* section length unknown: -1 */
		if (!opts_len) {
			wr16(own, 4, 0);                /* shb_userappl */
			wr16(own + 2, sizeof(appl) - 1, 0);
			memcpy(own + 4, appl, sizeof(appl) - 1);
			memset(own + 4 + sizeof(appl) - 1, 0, 8 - (sizeof(appl) - 1));
			opts = own;
			opts_len = 12;
		}
		/* the 64-bit section length is 12 bytes of fixed part with the magic */
		{
			uint8_t fx[16];

			memcpy(fx, f, 8);
			memset(fx + 8, 0xff, 8);
			if (put_block(w, BT_SHB, fx, 16, NULL, 0, opts, opts_len, BT_SHB))
				return -1;
		}
		w->header_done = 1;
		return 0;
	}
	{
		uint8_t h[FILE_HDR_LEN];
		const struct pcap_file_info *info = &w->info;
		uint32_t linktype = first ? first->linktype : info->linktype;
		uint32_t snaplen = first ? first->snaplen : info->snaplen;

		if (w->src && w->src->format == PCAP_FORMAT_PCAPNG) {
			/* From pcapng: ns unless the first interface counts microseconds. */
			w->nanosecond = !first || first->units != 1000000;
			if (!snaplen)
				snaplen = PCAP_MAX_RECORD;
		}
		wr32(h, w->nanosecond ? MAGIC_NS : MAGIC_US, w->swapped);
		wr16(h + 4, info->version_major ? info->version_major : 2, w->swapped);
		wr16(h + 6, info->version_major ? info->version_minor : 4, w->swapped);
		wr32(h + 8, (uint32_t)info->thiszone, w->swapped);
		wr32(h + 12, info->sigfigs, w->swapped);
		wr32(h + 16, out_snaplen(w, snaplen), w->swapped);
		wr32(h + 20, linktype, w->swapped);
		w->info.linktype = linktype;
		if (put(w, h, sizeof(h)))
			return -1;
		w->header_done = 1;
		return 0;
	}
}

int pcap_writer_fdopen(struct pcap_writer *w, FILE *fp, const char *name,
		       const struct pcap_file_info *info)
{
	pcap_writer_init(w, fp, name, PCAP_FORMAT_PCAP, NULL, info, 0);
	return write_header(w, NULL);
}

int pcap_write(struct pcap_writer *w, const struct pcap_record *rec)
{
	const struct pcap_iface *ifc = w_iface(w, rec->iface);
	uint64_t no = w->records + 1;

	if (!ifc) {
		set_err(w->err, sizeof(w->err), "%s: record %llu: no interface %u", w->name,
			(unsigned long long)no, rec->iface);
		return -1;
	}
	if (rec->caplen > PCAP_MAX_RECORD) {
		set_err(w->err, sizeof(w->err), "%s: record %llu: length %u exceeds %u", w->name,
			(unsigned long long)no, rec->caplen, PCAP_MAX_RECORD);
		return -1;
	}
	if (!w->header_done && write_header(w, ifc))
		return -1;
	if (w->format == PCAP_FORMAT_PCAPNG) {
		uint8_t f[20];
		size_t n = w->src ? w->src->n_ifaces : 1;

		/* every interface up to this record's, in order, so numbers stay the same */
		while (w->ifaces_written <= rec->iface && w->ifaces_written < n) {
			if (put_idb(w, w_iface(w, (uint32_t)w->ifaces_written)))
				return -1;
			w->ifaces_written++;
		}
		wr32(f, rec->iface, w->swapped);
		wr32(f + 4, (uint32_t)(rec->ts >> 32), w->swapped);
		wr32(f + 8, (uint32_t)rec->ts, w->swapped);
		wr32(f + 12, rec->caplen, w->swapped);
		wr32(f + 16, rec->origlen, w->swapped);
		if (put_block(w, BT_EPB, f, 20, rec->data, rec->caplen, rec->opts, rec->opts_len,
			      BT_EPB))
			return -1;
	} else {
		uint8_t h[REC_HDR_LEN];
		uint64_t sec;
		uint32_t nsec;

		if (ifc->linktype != w->info.linktype) {
			set_err(w->err, sizeof(w->err),
				"%s: record %llu is from an interface with link type %u, but a pcap "
				"file holds one link type (%u): write pcapng instead (--pcapng)",
				w->name, (unsigned long long)no, ifc->linktype, w->info.linktype);
			return -1;
		}
		pcap_record_time(ifc, rec->ts, &sec, &nsec);
		wr32(h, (uint32_t)sec, w->swapped);
		wr32(h + 4, w->nanosecond ? nsec : nsec / 1000, w->swapped);
		wr32(h + 8, rec->caplen, w->swapped);
		wr32(h + 12, rec->origlen, w->swapped);
		if (put(w, h, sizeof(h)) || put(w, rec->data, rec->caplen))
			return -1;
	}
	w->records++;
	return 0;
}

int pcap_writer_finish(struct pcap_writer *w)
{
	if (!w->fp)
		return -1;
	if (!w->header_done && write_header(w, w_iface(w, 0)))
		return -1;
	if (w->format == PCAP_FORMAT_PCAPNG && w->src) {
		/* interfaces without a packet still describe the capture */
		while (w->ifaces_written < w->src->n_ifaces) {
			if (put_idb(w, w_iface(w, (uint32_t)w->ifaces_written)))
				return -1;
			w->ifaces_written++;
		}
	}
	if (fflush(w->fp)) {
		set_err(w->err, sizeof(w->err), "%s: write error: %s", w->name, strerror(errno));
		return -1;
	}
	return 0;
}

int pcap_writer_close(struct pcap_writer *w)
{
	int rc;

	if (!w->fp)
		return -1;
	rc = pcap_writer_finish(w);
	if (fclose(w->fp) && !rc) {
		set_err(w->err, sizeof(w->err), "%s: write error: %s", w->name, strerror(errno));
		rc = -1;
	}
	w->fp = NULL;
	return rc;
}
