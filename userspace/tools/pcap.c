// SPDX-License-Identifier: BSD-3-Clause
/* pcap.c - classic pcap reader and writer; see pcap.h for why it does not use libpcap. */
#include "pcap.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC_US 0xa1b2c3d4u
#define MAGIC_NS 0xa1b23c4du
#define MAGIC_US_SWAPPED 0xd4c3b2a1u
#define MAGIC_NS_SWAPPED 0x4d3cb2a1u
#define MAGIC_PCAPNG 0x0a0d0d0au

#define FILE_HDR_LEN 24
#define REC_HDR_LEN 16

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

int pcap_reader_fdopen(struct pcap_reader *r, FILE *fp, const char *name)
{
	uint8_t h[FILE_HDR_LEN];
	uint32_t magic;
	size_t got;

	memset(r, 0, sizeof(*r));
	r->fp = fp;
	r->name = name;
	got = read_full(fp, h, sizeof(h));
	if (ferror(fp)) {
		set_err(r->err, sizeof(r->err), "%s: read error: %s", name, strerror(errno));
		return -1;
	}
	if (got < 4) {
		set_err(r->err, sizeof(r->err), "%s: not a pcap file (%zu bytes, too short)", name,
			got);
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
	case MAGIC_PCAPNG:
		set_err(r->err, sizeof(r->err),
			"%s: pcapng is not supported; convert it with `editcap -F pcap`", name);
		return -1;
	default:
		set_err(r->err, sizeof(r->err), "%s: not a pcap file (magic 0x%08x)", name,
			(unsigned)__builtin_bswap32(magic));
		return -1;
	}
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
	return 0;
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
	r->own_fp = 1;
	if (rc) {
		fclose(fp);
		r->fp = NULL;
		r->own_fp = 0;
	}
	return rc;
}

int pcap_read(struct pcap_reader *r, struct pcap_record *rec)
{
	uint8_t h[REC_HDR_LEN];
	uint64_t no = r->record_no + 1;
	size_t got;

	if (!r->fp)
		return -1;
	got = read_full(r->fp, h, sizeof(h));
	if (ferror(r->fp)) {
		set_err(r->err, sizeof(r->err), "%s: record %llu: read error: %s", r->name,
			(unsigned long long)no, strerror(errno));
		return -1;
	}
	if (got == 0)
		return 0;
	if (got < REC_HDR_LEN) {
		set_err(r->err, sizeof(r->err),
			"%s: record %llu: truncated record header (%zu of %d bytes)", r->name,
			(unsigned long long)no, got, REC_HDR_LEN);
		return -1;
	}
	rec->ts_sec = rd32(h, r->info.swapped);
	rec->ts_frac = rd32(h + 4, r->info.swapped);
	rec->caplen = rd32(h + 8, r->info.swapped);
	rec->origlen = rd32(h + 12, r->info.swapped);
	if (rec->caplen > PCAP_MAX_RECORD) {
		set_err(r->err, sizeof(r->err),
			"%s: record %llu: captured length %u exceeds the maximum %u (corrupt file)",
			r->name, (unsigned long long)no, rec->caplen, PCAP_MAX_RECORD);
		return -1;
	}
	if (rec->ts_frac >= (r->info.nanosecond ? 1000000000u : 1000000u)) {
		set_err(r->err, sizeof(r->err),
			"%s: record %llu: timestamp fraction %u out of range (corrupt file)", r->name,
			(unsigned long long)no, rec->ts_frac);
		return -1;
	}
	/* Always a buffer, even for an empty record: callers may memcpy/memcmp rec->data. */
	if (rec->caplen > r->buf_cap || !r->buf) {
		size_t cap = r->buf_cap ? r->buf_cap : 2048;
		uint8_t *nb;

		while (cap < rec->caplen)
			cap *= 2;
		nb = realloc(r->buf, cap);
		if (!nb) {
			set_err(r->err, sizeof(r->err), "%s: record %llu: out of memory", r->name,
				(unsigned long long)no);
			return -1;
		}
		r->buf = nb;
		r->buf_cap = cap;
	}
	got = read_full(r->fp, r->buf, rec->caplen);
	if (got < rec->caplen) {
		if (ferror(r->fp))
			set_err(r->err, sizeof(r->err), "%s: record %llu: read error: %s",
				r->name, (unsigned long long)no, strerror(errno));
		else
			set_err(r->err, sizeof(r->err),
				"%s: record %llu: truncated record data (%zu of %u bytes)", r->name,
				(unsigned long long)no, got, rec->caplen);
		return -1;
	}
	rec->data = r->buf;
	r->record_no = no;
	return 1;
}

void pcap_reader_close(struct pcap_reader *r)
{
	if (r->own_fp && r->fp)
		fclose(r->fp);
	free(r->buf);
	r->fp = NULL;
	r->buf = NULL;
	r->buf_cap = 0;
}

static void build_file_header(uint8_t *h, const struct pcap_file_info *info, uint32_t snaplen)
{
	wr32(h, info->nanosecond ? MAGIC_NS : MAGIC_US, info->swapped);
	wr16(h + 4, info->version_major ? info->version_major : 2, info->swapped);
	wr16(h + 6, info->version_major ? info->version_minor : 4, info->swapped);
	wr32(h + 8, (uint32_t)info->thiszone, info->swapped);
	wr32(h + 12, info->sigfigs, info->swapped);
	wr32(h + 16, snaplen, info->swapped);
	wr32(h + 20, info->linktype, info->swapped);
}

int pcap_writer_fdopen(struct pcap_writer *w, FILE *fp, const char *name,
		       const struct pcap_file_info *info)
{
	uint8_t h[FILE_HDR_LEN];

	memset(w, 0, sizeof(*w));
	w->fp = fp;
	w->name = name;
	w->info = *info;
	build_file_header(h, info, info->snaplen);
	if (fwrite(h, 1, sizeof(h), fp) != sizeof(h)) {
		set_err(w->err, sizeof(w->err), "%s: write error: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

int pcap_writer_open(struct pcap_writer *w, const char *path, const struct pcap_file_info *info)
{
	FILE *fp;
	int rc;

	if (strcmp(path, "-") == 0)
		return pcap_writer_fdopen(w, stdout, "<stdout>", info);
	fp = fopen(path, "wb");
	if (!fp) {
		memset(w, 0, sizeof(*w));
		set_err(w->err, sizeof(w->err), "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = pcap_writer_fdopen(w, fp, path, info);
	w->own_fp = 1;
	if (rc) {
		fclose(fp);
		w->fp = NULL;
		w->own_fp = 0;
	}
	return rc;
}

int pcap_write(struct pcap_writer *w, const struct pcap_record *rec)
{
	uint8_t h[REC_HDR_LEN];
	int sw = w->info.swapped;

	if (rec->caplen > PCAP_MAX_RECORD) {
		set_err(w->err, sizeof(w->err), "%s: record %llu: length %u exceeds %u", w->name,
			(unsigned long long)w->records + 1, rec->caplen, PCAP_MAX_RECORD);
		return -1;
	}
	wr32(h, rec->ts_sec, sw);
	wr32(h + 4, rec->ts_frac, sw);
	wr32(h + 8, rec->caplen, sw);
	wr32(h + 12, rec->origlen, sw);
	if (fwrite(h, 1, sizeof(h), w->fp) != sizeof(h) ||
	    (rec->caplen && fwrite(rec->data, 1, rec->caplen, w->fp) != rec->caplen)) {
		set_err(w->err, sizeof(w->err), "%s: write error: %s", w->name, strerror(errno));
		return -1;
	}
	if (rec->caplen > w->max_caplen)
		w->max_caplen = rec->caplen;
	w->records++;
	return 0;
}

int pcap_writer_close(struct pcap_writer *w)
{
	int rc = 0;

	if (!w->fp)
		return -1;
	/* A protected packet is longer than the clear one; keep caplen <= snaplen true. */
	if (w->max_caplen > w->info.snaplen) {
		uint8_t h[FILE_HDR_LEN];
		uint32_t snaplen = w->max_caplen < 65535 ? 65535 : PCAP_MAX_RECORD;

		build_file_header(h, &w->info, snaplen);
		if (fflush(w->fp) || fseek(w->fp, 0, SEEK_SET) ||
		    fwrite(h, 1, sizeof(h), w->fp) != sizeof(h) || fseek(w->fp, 0, SEEK_END)) {
			set_err(w->err, sizeof(w->err),
				"%s: cannot rewrite the snaplen (output not seekable?)", w->name);
			rc = -1;
		}
	}
	if (fflush(w->fp) && !rc) {
		set_err(w->err, sizeof(w->err), "%s: write error: %s", w->name, strerror(errno));
		rc = -1;
	}
	if (w->own_fp && fclose(w->fp) && !rc) {
		set_err(w->err, sizeof(w->err), "%s: write error: %s", w->name, strerror(errno));
		rc = -1;
	}
	w->fp = NULL;
	return rc;
}
