/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * gen_corpus.c - writes the seed corpus of a libsrtpo fuzz target: valid packets protected with
 * the fixed keys of fuzz_common.h (so the fuzzer starts past the tag check), in the targets'
 * input format, for both key variants and every call form.
 *
 * Usage: gen_corpus unprotect|unprotect-rtcp|protect DIR
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "fuzz_common.h"

static const uint32_t ssrcs[] = { FUZZ_SSRC_A, FUZZ_SSRC_B, FUZZ_SSRC_C, FUZZ_SSRC_D,
				  0x55555555u /* template */, FUZZ_SSRC_E, FUZZ_SSRC_F, FUZZ_SSRC_G };
#define NSSRC (sizeof(ssrcs) / sizeof(ssrcs[0]))

/* A deterministic RTP packet: v = variation (CSRCs, extension, padding, size). */
static size_t rtp(uint8_t *b, uint32_t ssrc, uint16_t seq, int v)
{
	size_t pos = 12, payload = (size_t)(v * 37 % 200);
	int cc = v % 3 == 1 ? 2 : 0;
	int x = v % 4 == 2;

	b[0] = (uint8_t)(0x80 | (x ? 0x10 : 0) | cc);
	b[1] = (uint8_t)(v % 5 == 0 ? 0x80 : 0) | 0;
	b[2] = (uint8_t)(seq >> 8);
	b[3] = (uint8_t)seq;
	memset(b + 4, 0x42, 4);
	b[8] = (uint8_t)(ssrc >> 24);
	b[9] = (uint8_t)(ssrc >> 16);
	b[10] = (uint8_t)(ssrc >> 8);
	b[11] = (uint8_t)ssrc;
	for (int i = 0; i < cc * 4; i++)
		b[pos++] = (uint8_t)(0xc0 + i);
	if (x) {
		b[pos++] = 0xbe;
		b[pos++] = 0xde;
		b[pos++] = 0;
		b[pos++] = 1;
		b[pos++] = 0x10;
		b[pos++] = 0xaa;
		b[pos++] = 0;
		b[pos++] = 0;
	}
	for (size_t i = 0; i < payload; i++)
		b[pos++] = (uint8_t)(i * 7 + (size_t)v);
	return pos;
}

static size_t rtcp(uint8_t *b, uint32_t ssrc, int v)
{
	size_t words = 6 + (size_t)(v % 4);

	memset(b, 0, 4 + words * 4);
	b[0] = 0x80;
	b[1] = v % 2 ? 201 : 200;
	b[2] = 0;
	b[3] = (uint8_t)words;
	b[4] = (uint8_t)(ssrc >> 24);
	b[5] = (uint8_t)(ssrc >> 16);
	b[6] = (uint8_t)(ssrc >> 8);
	b[7] = (uint8_t)ssrc;
	for (size_t i = 8; i < 4 + words * 4; i++)
		b[i] = (uint8_t)(i * 13 + (size_t)v);
	return 4 + words * 4;
}

static int write_file(const char *dir, int idx, const uint8_t *data, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/seed-%03d", dir, idx);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "gen_corpus: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t file[65536];
	uint8_t pkt[2048];
	int idx = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: gen_corpus unprotect|unprotect-rtcp|protect DIR\n");
		return 2;
	}
	bool protect = !strcmp(argv[1], "protect");
	bool is_rtcp = !strcmp(argv[1], "unprotect-rtcp");

	if (!protect && !is_rtcp && strcmp(argv[1], "unprotect")) {
		fprintf(stderr, "gen_corpus: unknown target '%s'\n", argv[1]);
		return 2;
	}
	if (mkdir(argv[2], 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "gen_corpus: cannot create %s: %s\n", argv[2], strerror(errno));
		return 1;
	}

	for (int variant = 0; variant < 2; variant++) {
		for (int form = 0; form < 4; form++) {
			for (int kind = 0; kind < (protect ? 2 : 1); kind++) {
				bool r = protect ? kind == 1 : is_rtcp;
				srtpo_session_t *tx = fuzz_session((enum fuzz_variant)variant, false);
				size_t pos = 1;

				if (!tx) {
					fprintf(stderr, "gen_corpus: srtpo_create failed\n");
					return 1;
				}
				/* Slack 2 (NO_SPACE on short outputs) on some seeds, none on others. */
				file[0] = (uint8_t)(variant | form << 1 | (r ? 8 : 0) |
						    (form == 1 ? 0x20 : 0x40));
				/* A few packets per stream, with a key switch on the MKI stream and
				 * sequence numbers across the wrap on one stream. */
				for (int i = 0; i < 24; i++) {
					uint32_t ssrc = ssrcs[i % NSSRC];
					uint16_t seq = (uint16_t)(ssrc == FUZZ_SSRC_B ? 65534 + i / NSSRC
										      : 1000 + i / NSSRC);
					size_t len = r ? rtcp(pkt, ssrc, i) : rtp(pkt, ssrc, seq, i);

					if (!protect) {
						int st;

						if ((ssrc == FUZZ_SSRC_D || ssrc == FUZZ_SSRC_F) &&
						    i > 10)
							srtpo_set_active_key(tx, ssrc, 1);
						st = r ? srtpo_protect_rtcp(tx, pkt, &len, sizeof(pkt))
						       : srtpo_protect(tx, pkt, &len, sizeof(pkt));
						if (st) {
							fprintf(stderr, "gen_corpus: protect failed: %s\n",
								srtpo_strerror(st));
							return 1;
						}
					}
					file[pos++] = (uint8_t)(len >> 8);
					file[pos++] = (uint8_t)len;
					memcpy(file + pos, pkt, len);
					pos += len;
					/* Single-packet seeds too. */
					if (i < (int)NSSRC && write_file(argv[2], idx++, file, pos) < 0)
						return 1;
				}
				if (write_file(argv[2], idx++, file, pos) < 0)
					return 1;
				srtpo_destroy(tx);
			}
		}
	}
	printf("gen_corpus: %d seeds for %s in %s\n", idx, argv[1], argv[2]);
	return 0;
}
