// SPDX-License-Identifier: BSD-3-Clause
/*
 * bitfile.c - reading Xilinx .bit/.bin files and checking configuration streams.
 *
 * The layout follows AMD's configuration user guides (UG470 for 7 series, UG570 for
 * UltraScale): 32-bit big-endian words; the sync word 0xAA995566; type 1 packets (bits 31:29 =
 * 001, opcode in 28:27, register in 26:13, word count in 10:0) and type 2 packets (010, word count
 * in 26:0, for the register of the type 1 packet before); the IDCODE register (0x0C) is checked
 * by the device before frame data (FDRI, 0x02) is accepted; CMD (0x04) = DESYNC (0x0D) ends the
 * stream. A .bit file prefixes the stream with a header: a 9-byte magic field, then fields 'a'
 * (design name), 'b' (part), 'c' (date), 'd' (time), each a 16-bit length and a NUL-terminated
 * string, and 'e': a 32-bit length and the stream.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bitfile.h"

#define SYNC_WINDOW 4096u         /* the sync word must come this early */
#define MAX_FILE    (256u << 20)  /* larger than any image the flash can hold */

#define REG_FDRI   0x02u
#define REG_CMD    0x04u
#define REG_IDCODE 0x0cu
#define CMD_DESYNC 0x0du

static const uint8_t bit_magic[13] = {
	0x00, 0x09, 0x0f, 0xf0, 0x0f, 0xf0, 0x0f, 0xf0, 0x0f, 0xf0, 0x00, 0x00, 0x01,
};

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static const struct {
	uint32_t idcode;
	const char *name;
} devices[] = {
	/* revision nibble cleared; from AMD's BSDL files */
	{ 0x04b77093, "xcu50" },
	{ 0x04b71093, "xcvu35p" },
	{ 0x04b31093, "xcvu9p" },
	{ 0x03822093, "xcku040" },
	{ 0x03651093, "xc7k325t" },
	{ 0x03631093, "xc7a100t" },
	{ 0x0362d093, "xc7a35t" },
};

const char *fpga_device_name(uint32_t idcode)
{
	size_t i;

	for (i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (devices[i].idcode == (idcode & 0x0fffffffu))
			return devices[i].name;
	return NULL;
}

int fpga_part_is(const char *part, const char *device)
{
	size_t n;

	/* 7-series headers leave out the "xc" */
	if (!strncasecmp(part, "xc", 2))
		part += 2;
	if (!strncasecmp(device, "xc", 2))
		device += 2;
	n = strlen(device);
	if (strncasecmp(part, device, n))
		return 0;
	/* the device name must end here: "u50" is not "u500" */
	return part[n] == '\0' || part[n] == '-' || part[n] == '_';
}

int bitstream_parse(const uint8_t *p, size_t n, uint32_t *idcode, size_t *sync_off, size_t *end,
		    char *err, size_t errlen)
{
	size_t i, lim = n < SYNC_WINDOW ? n : SYNC_WINDOW;
	size_t sync = (size_t)-1;
	int have_id = 0;
	uint32_t id = 0, reg = 0;
	int have_reg = 0;

	for (i = 0; i + 4 <= lim; i++) {
		if (be32(p + i) == BITSTREAM_SYNC) {
			sync = i;
			break;
		}
	}
	if (sync == (size_t)-1) {
		seterr(err, errlen, "no sync word (0xAA995566) in the first %zu bytes", lim);
		return n < SYNC_WINDOW ? BITSTREAM_SHORT : BITSTREAM_BAD;
	}
	i = sync + 4;
	while (i + 4 <= n) {
		uint32_t w = be32(p + i);
		uint32_t type = w >> 29, op = (w >> 27) & 3;
		uint64_t count;

		i += 4;
		if (type == 1) {
			reg = (w >> 13) & 0x3fff;
			count = w & 0x7ff;
			have_reg = 1;
		} else if (type == 2) {
			if (!have_reg) {
				seterr(err, errlen, "type 2 packet without a type 1 packet "
				       "before it at byte %zu", i - 4);
				return BITSTREAM_BAD;
			}
			count = w & 0x07ffffff;
		} else {
			seterr(err, errlen, "bad packet header 0x%08x at byte %zu", w, i - 4);
			return BITSTREAM_BAD;
		}
		if (op == 3) {
			seterr(err, errlen, "reserved opcode in packet header 0x%08x at "
			       "byte %zu", w, i - 4);
			return BITSTREAM_BAD;
		}
		if (op != 2 || count == 0)
			continue;  /* NOP, or a read: no data words follow */
		if (count * 4 > n - i) {
			seterr(err, errlen, "truncated: a packet at byte %zu needs %llu "
			       "bytes, %zu left", i - 4, (unsigned long long)count * 4, n - i);
			return BITSTREAM_SHORT;
		}
		if (reg == REG_IDCODE && type == 1) {
			if (count != 1) {
				seterr(err, errlen, "IDCODE write of %llu words at byte %zu",
				       (unsigned long long)count, i - 4);
				return BITSTREAM_BAD;
			}
			id = be32(p + i);
			have_id = 1;
		} else if (reg == REG_FDRI && !have_id) {
			seterr(err, errlen, "frame data at byte %zu before any IDCODE write",
			       i - 4);
			return BITSTREAM_BAD;
		} else if (reg == REG_CMD && type == 1 &&
			   be32(p + i + 4 * (count - 1)) == CMD_DESYNC) {
			i += count * 4;
			if (!have_id) {
				seterr(err, errlen, "no IDCODE write before DESYNC");
				return BITSTREAM_BAD;
			}
			if (idcode)
				*idcode = id;
			if (sync_off)
				*sync_off = sync;
			if (end)
				*end = i;
			return BITSTREAM_OK;
		}
		i += count * 4;
	}
	seterr(err, errlen, "truncated: the stream ends after %zu bytes without DESYNC", n);
	return BITSTREAM_SHORT;
}

static int read_file(const char *path, uint8_t **out, size_t *len, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	struct stat st;
	uint8_t *buf;

	if (!fp) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(fp), &st) < 0 || !S_ISREG(st.st_mode)) {
		seterr(err, errlen, "%s: not a regular file", path);
		fclose(fp);
		return -1;
	}
	if ((uint64_t)st.st_size > MAX_FILE) {
		seterr(err, errlen, "%s: %llu bytes, larger than any configuration flash image",
		       path, (unsigned long long)st.st_size);
		fclose(fp);
		return -1;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		seterr(err, errlen, "%s: out of memory", path);
		fclose(fp);
		return -1;
	}
	if (st.st_size && fread(buf, 1, (size_t)st.st_size, fp) != (size_t)st.st_size) {
		seterr(err, errlen, "%s: read error", path);
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	*out = buf;
	*len = (size_t)st.st_size;
	return 0;
}

/* One header string field: 16-bit length, then that many bytes ending in NUL. */
static int header_string(const uint8_t *p, size_t n, size_t *pos, char *dst, size_t dstlen,
			 char key, char *err, size_t errlen)
{
	size_t len, i;

	if (*pos + 3 > n || p[*pos] != (uint8_t)key) {
		seterr(err, errlen, "bad .bit header: field '%c' missing", key);
		return -1;
	}
	len = (size_t)p[*pos + 1] << 8 | p[*pos + 2];
	*pos += 3;
	if (len == 0 || *pos + len > n || p[*pos + len - 1] != 0) {
		seterr(err, errlen, "bad .bit header: field '%c' is %s", key,
		       *pos + len > n ? "truncated" : "not a string");
		return -1;
	}
	for (i = 0; i + 1 < len; i++) {
		if (!isprint(p[*pos + i])) {
			seterr(err, errlen, "bad .bit header: field '%c' has a non-printable "
			       "byte", key);
			return -1;
		}
	}
	snprintf(dst, dstlen, "%s", (const char *)p + *pos);
	*pos += len;
	return 0;
}

static int parse_header(struct bitstream *bs, char *err, size_t errlen)
{
	const uint8_t *p = bs->file;
	size_t n = bs->file_len, pos = sizeof(bit_magic);
	uint32_t len;

	if (header_string(p, n, &pos, bs->design, sizeof(bs->design), 'a', err, errlen) ||
	    header_string(p, n, &pos, bs->part, sizeof(bs->part), 'b', err, errlen) ||
	    header_string(p, n, &pos, bs->date, sizeof(bs->date), 'c', err, errlen) ||
	    header_string(p, n, &pos, bs->time, sizeof(bs->time), 'd', err, errlen))
		return -1;
	if (pos + 5 > n || p[pos] != 'e') {
		seterr(err, errlen, "bad .bit header: field 'e' (the stream) missing");
		return -1;
	}
	len = be32(p + pos + 1);
	pos += 5;
	if (len > n - pos) {
		seterr(err, errlen, "truncated: the .bit header announces %u stream bytes, the "
		       "file has %zu", len, n - pos);
		return -1;
	}
	if (len < n - pos) {
		seterr(err, errlen, "bad .bit file: %zu bytes after the %u-byte stream",
		       n - pos - len, len);
		return -1;
	}
	bs->data = p + pos;
	bs->len = len;
	return 0;
}

int bitstream_load(const char *path, struct bitstream *bs, char *err, size_t errlen)
{
	char why[256];
	int r;

	memset(bs, 0, sizeof(*bs));
	if (read_file(path, &bs->file, &bs->file_len, err, errlen))
		return -1;
	if (bs->file_len >= 2 && bs->file[0] == 0x00 && bs->file[1] == 0x09) {
		if (bs->file_len < sizeof(bit_magic) ||
		    memcmp(bs->file, bit_magic, sizeof(bit_magic))) {
			seterr(err, errlen, "%s: bad .bit header: wrong magic field", path);
			return -1;
		}
		bs->has_header = 1;
		if (parse_header(bs, why, sizeof(why))) {
			seterr(err, errlen, "%s: %s", path, why);
			return -1;
		}
	} else {
		bs->data = bs->file;
		bs->len = bs->file_len;
	}
	if (bs->len == 0) {
		seterr(err, errlen, "%s: empty configuration stream", path);
		return -1;
	}
	r = bitstream_parse(bs->data, bs->len, &bs->idcode, &bs->sync_off, &bs->end, why,
			    sizeof(why));
	if (r != BITSTREAM_OK) {
		seterr(err, errlen, "%s: %s%s", path, why,
		       bs->has_header ? "" : " (not a .bit file, so read as a raw .bin stream)");
		return -1;
	}
	return 0;
}

void bitstream_free(struct bitstream *bs)
{
	free(bs->file);
	memset(bs, 0, sizeof(*bs));
}
