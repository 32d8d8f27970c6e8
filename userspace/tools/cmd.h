/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd.h - the subcommands of the `srtpo` program and the helpers they share.
 *
 * Each subcommand is int srtpo_cmd_NAME(int argc, char **argv) with argv[0] the subcommand name,
 * and returns the process exit status.
 */
#ifndef SRTPO_TOOLS_CMD_H
#define SRTPO_TOOLS_CMD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit statuses every subcommand keeps to, so that scripts can trust them. */
enum {
	SRTPO_EXIT_OK = 0,
	SRTPO_EXIT_FAIL = 1,        /* processing error: unreadable or corrupt input, write error */
	SRTPO_EXIT_USAGE = 2,       /* bad command line: unknown option, bad key, unknown suite */
	SRTPO_EXIT_DIFFER = 3,      /* pcap-diff: the captures differ */
	SRTPO_EXIT_TRUNCATED = 4,   /* the input ends inside a record (a capture cut short): every
				     * complete record before it was processed and written */
};

int srtpo_cmd_protect(int argc, char **argv);   /* "protect" and "unprotect" */
int srtpo_cmd_gen_call(int argc, char **argv);
int srtpo_cmd_pcap_diff(int argc, char **argv);
int srtpo_cmd_pcap_edit(int argc, char **argv);
/* Card management: list.c, card_info.c, flash.c */
int srtpo_cmd_list(int argc, char **argv);
int srtpo_cmd_info(int argc, char **argv);
int srtpo_cmd_stats(int argc, char **argv);
int srtpo_cmd_flash(int argc, char **argv);
/* Provided by bench.c when it is built in. */
int srtpo_cmd_bench(int argc, char **argv);

/* Prints "srtpo CMD: message (see 'srtpo CMD --help')" on one line and returns SRTPO_EXIT_USAGE. */
int cmd_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "srtpo CMD: message" on stderr and returns SRTPO_EXIT_FAIL. */
int cmd_fail(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The one-line message for a getopt failure ('?' or ':'); returns SRTPO_EXIT_USAGE. */
int cmd_getopt_error(const char *cmd, int c, char **argv);

/* Parses an unsigned number: decimal, or hex with 0x. Returns 0 or -1 (garbage, out of range). */
int parse_u64(const char *s, uint64_t max, uint64_t *out);
/* An SSRC: "0x1234abcd", "1234abcd" with a hex letter, or decimal. */
int parse_ssrc(const char *s, uint32_t *out);

/* Writes s as a JSON string literal (quotes included). */
void json_string(FILE *fp, const char *s);

/* Grows *buf to hold at least need bytes. Returns 0 or -1 (out of memory). */
int buf_reserve(uint8_t **buf, size_t *cap, size_t need);

#endif /* SRTPO_TOOLS_CMD_H */
