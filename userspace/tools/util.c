// SPDX-License-Identifier: BSD-3-Clause
/* util.c - helpers shared by the srtpo subcommands. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

int cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "srtpo %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'srtpo %s --help')\n", cmd);
	return SRTPO_EXIT_USAGE;
}

int cmd_fail(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "srtpo %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return SRTPO_EXIT_FAIL;
}

int cmd_getopt_error(const char *cmd, int c, char **argv)
{
	extern int optind, optopt;
	const char *arg = argv[optind - 1];

	if (c == ':')
		return cmd_usage_error(cmd, "option '%s' needs a value", arg);
	if (optopt && arg[0] == '-' && arg[1] != '-')
		return cmd_usage_error(cmd, "unknown option '-%c'", optopt);
	return cmd_usage_error(cmd, "unknown option '%s'", arg);
}

int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;
	int base = 10;

	if (!s || !*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -1;
	}
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_ssrc(const char *s, uint32_t *out)
{
	uint64_t v;
	const char *p;
	int hex = 0;

	if (!s || !*s)
		return -1;
	/* "cafebabe" is plainly hex; "12345" is read as decimal unless written 0x12345. */
	for (p = s; *p; p++)
		if (isxdigit((unsigned char)*p) && !isdigit((unsigned char)*p))
			hex = 1;
	if (hex && !(s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))) {
		char buf[16];

		if (strlen(s) > 8)
			return -1;
		snprintf(buf, sizeof(buf), "0x%s", s);
		if (parse_u64(buf, UINT32_MAX, &v))
			return -1;
	} else if (parse_u64(s, UINT32_MAX, &v)) {
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

void json_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

int buf_reserve(uint8_t **buf, size_t *cap, size_t need)
{
	size_t ncap;
	uint8_t *nb;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 256;
	while (ncap < need)
		ncap *= 2;
	nb = realloc(*buf, ncap);
	if (!nb)
		return -1;
	*buf = nb;
	*cap = ncap;
	return 0;
}
