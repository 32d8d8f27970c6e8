// SPDX-License-Identifier: BSD-3-Clause
/* main.c - the `srtpo` program: one binary, one subcommand per job (like git or ip). */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "srtpo.h"

#ifndef SRTPO_GIT_REV
#define SRTPO_GIT_REV "unknown"
#endif

struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct subcommand subcommands[] = {
	{ "protect", srtpo_cmd_protect, "encrypt and authenticate the RTP/RTCP of a pcap (SRTP)" },
	{ "unprotect", srtpo_cmd_protect, "check and decrypt the SRTP/SRTCP of a pcap" },
	{ "gen-call", srtpo_cmd_gen_call, "write a sample two-party call (SIP + G.711 RTP + RTCP)" },
	{ "pcap-diff", srtpo_cmd_pcap_diff, "compare the UDP payloads of two captures" },
	{ "pcap-edit", srtpo_cmd_pcap_edit, "flip, duplicate or drop records (for tests)" },
	{ "list", srtpo_cmd_list, "the srtpo cards on the PCI buses: link, NUMA node, driver" },
	{ "info", srtpo_cmd_info, "a card's firmware: version, build, capabilities, boot status" },
	{ "stats", srtpo_cmd_stats, "a card's global and per-queue counters" },
	{ "flash", srtpo_cmd_flash, "write, verify, read or boot the card's flash images" },
#ifdef SRTPO_HAVE_BENCH
	{ "bench", srtpo_cmd_bench, "packets per second of the library's backends" },
#endif
};

#define N_SUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

static void usage(FILE *fp)
{
	size_t i;

	fprintf(fp,
		"Usage: srtpo COMMAND [OPTIONS] [ARGS]\n"
		"       srtpo --version | --help\n"
		"\n"
		"SRTP/SRTCP (RFC 3711) with libsrtpo, on captures and cards.\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < N_SUBCOMMANDS; i++)
		fprintf(fp, "  %-11s %s\n", subcommands[i].name, subcommands[i].summary);
	fprintf(fp,
		"\n"
		"Run 'srtpo help COMMAND' (or 'srtpo COMMAND --help') for the options of a command.\n"
		"Exit status: 0 success, 1 processing error (outputs left as they were), 2 usage\n"
		"error, 3 pcap-diff found differences, 4 an input ends inside a record (every\n"
		"complete record before it was processed and written).\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "srtpo: missing command (see 'srtpo --help')\n");
		return SRTPO_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") && argc > 2) {
		/* srtpo help COMMAND: the same as srtpo COMMAND --help */
		char *help_argv[] = { argv[2], "--help", NULL };

		for (i = 0; i < N_SUBCOMMANDS; i++)
			if (!strcmp(argv[2], subcommands[i].name))
				return subcommands[i].fn(2, help_argv);
		fprintf(stderr, "srtpo help: unknown command '%s' (see 'srtpo --help')\n", argv[2]);
		return SRTPO_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return SRTPO_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		/* The command's own version (the header it was built with), then the library's. */
		printf("srtpo %d.%d.%d (git %s), libsrtpo %s\n", SRTPO_VERSION_MAJOR,
		       SRTPO_VERSION_MINOR, SRTPO_VERSION_PATCH, SRTPO_GIT_REV, srtpo_version());
		return SRTPO_EXIT_OK;
	}
	for (i = 0; i < N_SUBCOMMANDS; i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].fn(argc - 1, argv + 1);
	if (argv[1][0] == '-')
		fprintf(stderr, "srtpo: unknown option '%s' (see 'srtpo --help')\n", argv[1]);
	else
		fprintf(stderr, "srtpo: unknown command '%s' (see 'srtpo --help')\n", argv[1]);
	return SRTPO_EXIT_USAGE;
}
