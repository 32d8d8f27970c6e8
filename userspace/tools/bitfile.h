/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bitfile.h - Xilinx configuration files: .bit (a header with the design name, part, date and
 * time, then the raw stream) and .bin (the raw stream alone), and a structural check of a raw
 * configuration stream (sync word, packet headers, the IDCODE write, DESYNC), used both on files
 * before they are written and on flash contents by the simulated configuration logic.
 */
#ifndef SRTPO_TOOLS_BITFILE_H
#define SRTPO_TOOLS_BITFILE_H

#include <stddef.h>
#include <stdint.h>

#define BITSTREAM_SYNC 0xaa995566u

struct bitstream {
	uint8_t *file;          /* the whole file (owned) */
	size_t file_len;
	const uint8_t *data;    /* the raw configuration stream: what goes into the flash */
	size_t len;
	int has_header;         /* a .bit file */
	char design[256];       /* .bit header fields ("" for a .bin) */
	char part[128];
	char date[64];
	char time[64];
	uint32_t idcode;        /* written by the stream */
	size_t sync_off;        /* offset of the sync word in data */
	size_t end;             /* offset just past the DESYNC command in data */
};

enum {
	BITSTREAM_OK = 0,
	BITSTREAM_BAD = -1,        /* malformed */
	BITSTREAM_SHORT = -2,      /* well formed so far, but ends before DESYNC */
};

/*
 * Reads and checks a .bit or .bin file (the format is told by the content: a .bit header starts
 * with 00 09 0f f0). Returns 0, or -1 with a one-line reason in err (file unreadable, bad .bit
 * header, no sync word, truncated, malformed packets, no IDCODE). Frees nothing on failure: call
 * bitstream_free in every case.
 */
int bitstream_load(const char *path, struct bitstream *bs, char *err, size_t errlen);
void bitstream_free(struct bitstream *bs);

/*
 * Checks a raw stream p[0..n): the sync word within the first 4 KiB (only padding and the
 * bus-width pattern before it), well-formed type 1/type 2 packets, an IDCODE write before any
 * frame data, up to the DESYNC command. Returns BITSTREAM_OK (with *idcode, *sync_off and *end
 * set), BITSTREAM_BAD or BITSTREAM_SHORT with a reason in err (may be NULL).
 */
int bitstream_parse(const uint8_t *p, size_t n, uint32_t *idcode, size_t *sync_off, size_t *end,
		    char *err, size_t errlen);

/* The device name for an IDCODE (revision ignored), NULL when unknown. */
const char *fpga_device_name(uint32_t idcode);
/* Whether the part string of a .bit header (e.g. "xcu50-fsvh2104-2-e", "7a35tcpg236") names
 * device (e.g. "xcu50"). */
int fpga_part_is(const char *part, const char *device);

#endif /* SRTPO_TOOLS_BITFILE_H */
