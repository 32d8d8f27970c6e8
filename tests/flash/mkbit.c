// SPDX-License-Identifier: BSD-3-Clause
/*
 * mkbit.c - synthetic Xilinx configuration files for the flash tests: a .bit header (design,
 * part, date, time) around a raw stream, or the raw stream alone (.bin). The stream has what the
 * checks look at: padding and the bus-width pattern, the sync word, an IDCODE write, frame data
 * (a type 2 FDRI write of pseudo-random words) and DESYNC. It is not a loadable bitstream.
 *
 * Usage: mkbit [--bin] [--idcode X] [--part P] [--payload BYTES] [--seed N] [--no-sync]
 *              [--no-idcode] [--truncate BYTES] [--bad-magic] [--pad WORDS] OUT
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *buf;
static size_t len, cap;

static void put8(uint8_t b)
{
	if (len == cap) {
		cap = cap ? cap * 2 : 4096;
		buf = realloc(buf, cap);
		if (!buf) {
			perror("mkbit");
			exit(1);
		}
	}
	buf[len++] = b;
}

static void put32(uint32_t w)
{
	put8(w >> 24);
	put8(w >> 16);
	put8(w >> 8);
	put8(w);
}

static void put_field(char key, const char *s)
{
	size_t n = strlen(s) + 1, i;

	put8((uint8_t)key);
	put8((uint8_t)(n >> 8));
	put8((uint8_t)n);
	for (i = 0; i < n; i++)
		put8((uint8_t)s[i]);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "bin", no_argument, NULL, 'b' },
		{ "idcode", required_argument, NULL, 'i' },
		{ "part", required_argument, NULL, 'p' },
		{ "payload", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "no-sync", no_argument, NULL, 'S' },
		{ "no-idcode", no_argument, NULL, 'I' },
		{ "truncate", required_argument, NULL, 't' },
		{ "bad-magic", no_argument, NULL, 'm' },
		{ "pad", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	static const uint8_t magic[13] = {
		0x00, 0x09, 0x0f, 0xf0, 0x0f, 0xf0, 0x0f, 0xf0, 0x0f, 0xf0, 0x00, 0x00, 0x01,
	};
	const char *part = "xcu50-fsvh2104-2-e";
	uint32_t idcode = 0x14b77093u, x;
	size_t payload = 8192, truncate = 0, i, hdr_len = 0, stream_at, pad = 8;
	int bin = 0, nosync = 0, noid = 0, badmagic = 0, c;
	FILE *fp;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': bin = 1; break;
		case 'i': idcode = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'p': part = optarg; break;
		case 'n': payload = strtoul(optarg, NULL, 0); break;
		case 's': x = (uint32_t)strtoul(optarg, NULL, 0); srand(x); break;
		case 'S': nosync = 1; break;
		case 'I': noid = 1; break;
		case 't': truncate = strtoul(optarg, NULL, 0); break;
		case 'm': badmagic = 1; break;
		case 'P': pad = strtoul(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: mkbit [options] OUT\n");
		return 2;
	}
	payload &= ~(size_t)3;
	if (!bin) {
		for (i = 0; i < sizeof(magic); i++)
			put8(magic[i] ^ (badmagic && i == 4 ? 0x01 : 0));
		put_field('a', "srtpo_test;UserID=0XFFFFFFFF;Version=2022.2");
		put_field('b', part);
		put_field('c', "2026/11/24");
		put_field('d', "12:00:00");
		put8('e');
		hdr_len = len;
		put32(0);  /* stream length, patched below */
	}
	stream_at = len;
	for (i = 0; i < pad; i++)   /* dummy words before the bus-width pattern */
		put32(0xffffffffu);
	put32(0x000000bbu);   /* bus width detection */
	put32(0x11220044u);
	put32(0xffffffffu);
	put32(0xffffffffu);
	put32(nosync ? 0xaa995567u : 0xaa995566u);
	put32(0x20000000u);   /* NOP */
	put32(0x30008001u);   /* CMD <- RCRC */
	put32(0x00000007u);
	put32(0x20000000u);
	put32(0x20000000u);
	if (!noid) {
		put32(0x30018001u);   /* IDCODE */
		put32(idcode);
	}
	put32(0x30002001u);   /* FAR */
	put32(0x00000000u);
	put32(0x30008001u);   /* CMD <- WCFG */
	put32(0x00000001u);
	put32(0x30004000u);   /* FDRI, count in the type 2 packet */
	put32(0x50000000u | (uint32_t)(payload / 4));
	for (i = 0; i < payload / 4; i++)
		put32((uint32_t)rand() * 2654435761u ^ (uint32_t)i);
	put32(0x30008001u);   /* CMD <- START */
	put32(0x00000005u);
	put32(0x30008001u);   /* CMD <- DESYNC */
	put32(0x0000000du);
	if (!bin) {
		size_t n = len - stream_at;

		buf[hdr_len] = (uint8_t)(n >> 24);
		buf[hdr_len + 1] = (uint8_t)(n >> 16);
		buf[hdr_len + 2] = (uint8_t)(n >> 8);
		buf[hdr_len + 3] = (uint8_t)n;
	}
	if (truncate && truncate < len)
		len = truncate;
	fp = fopen(argv[optind], "wb");
	if (!fp || fwrite(buf, 1, len, fp) != len || fclose(fp)) {
		perror(argv[optind]);
		return 1;
	}
	free(buf);
	return 0;
}
