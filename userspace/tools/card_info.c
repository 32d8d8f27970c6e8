// SPDX-License-Identifier: BSD-3-Clause
/*
 * card_info.c - `srtpo info DEV` (the firmware block: identity, capabilities, boot status) and
 * `srtpo stats DEV` (the global and per-queue counters), as text or JSON.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "card_open.h"
#include "cmd.h"
#include "srtpo_regs.h"

struct suite_bit {
	uint32_t mask;
	const char *name;
};

static const struct suite_bit suites[] = {
	{ SRTPO_FW_CAP_SUITES_AES128_MASK, "aes128" },
	{ SRTPO_FW_CAP_SUITES_AES256_MASK, "aes256" },
	{ SRTPO_FW_CAP_SUITES_NULL_CIPHER_MASK, "null-cipher" },
	{ SRTPO_FW_CAP_SUITES_HMAC_SHA1_80_MASK, "hmac-sha1-80" },
	{ SRTPO_FW_CAP_SUITES_HMAC_SHA1_32_MASK, "hmac-sha1-32" },
	{ SRTPO_FW_CAP_SUITES_NULL_AUTH_MASK, "null-auth" },
};

static int parse_common(const char *cmd, int argc, char **argv, int *json, const char **dev,
			const char *help)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	*json = 0;
	while ((c = getopt_long(argc, argv, ":jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': *json = 1; break;
		case 'h':
			fputs(help, stdout);
			return -1;
		default:
			return cmd_getopt_error(cmd, c, argv);
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(cmd, "needs one DEV (sim:FLASHFILE, /dev/srtpoN or a PCI "
				       "address)");
	*dev = argv[optind];
	return 0;
}

static void bcd_date(uint32_t d, char *out, size_t len)
{
	snprintf(out, len, "%04x-%02x-%02x", d >> 16, (d >> 8) & 0xff, d & 0xff);
}

int srtpo_cmd_info(int argc, char **argv)
{
	static const char help[] =
		"Usage: srtpo info [--json] DEV\n"
		"\n"
		"The card's firmware block: magic, register map version, build date, git hash,\n"
		"capabilities, and how the running image was booted (RELOAD_BOOT_STATUS).\n"
		"DEV: sim:FLASHFILE, /dev/srtpoN or a PCI address (real cards need root).\n";
	struct card_dev *d;
	const char *dev;
	char err[512], date[16];
	uint32_t magic, ver, bdate, git, q, slots, su, maxpkt, bus, boot;
	int json, r;
	size_t i, n = 0;

	r = parse_common("info", argc, argv, &json, &dev, help);
	if (r)
		return r < 0 ? SRTPO_EXIT_OK : r;
	d = card_open(dev, CARD_OPEN_RO, err, sizeof(err));
	if (!d)
		return cmd_fail("info", "%s", err);
	magic = srtpo_card_read32(d->card, SRTPO_FW_MAGIC);
	ver = srtpo_card_read32(d->card, SRTPO_FW_VERSION);
	bdate = srtpo_card_read32(d->card, SRTPO_FW_BUILD_DATE);
	git = srtpo_card_read32(d->card, SRTPO_FW_GIT_HASH);
	q = srtpo_card_read32(d->card, SRTPO_FW_CAP_QUEUES);
	slots = srtpo_card_read32(d->card, SRTPO_FW_CAP_SLOTS);
	su = srtpo_card_read32(d->card, SRTPO_FW_CAP_SUITES);
	maxpkt = srtpo_card_read32(d->card, SRTPO_FW_CAP_MAX_PKT);
	bus = srtpo_card_read32(d->card, SRTPO_FW_CAP_BUS_BITS);
	boot = srtpo_card_read32(d->card, SRTPO_RELOAD_BOOT_STATUS);
	bcd_date(bdate, date, sizeof(date));
	if (json) {
		printf("{\"device\": ");
		json_string(stdout, dev);
		printf(", \"magic\": \"0x%08x\", \"version\": \"%u.%u\", \"build_date\": \"%s\", "
		       "\"git_hash\": \"%08x\", \"queues\": %u, \"key_slots\": %u, \"suites\": [",
		       magic, ver >> 16, ver & 0xffff, date, git, q, slots);
		for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
			if (su & suites[i].mask)
				printf("%s\"%s\"", n++ ? ", " : "", suites[i].name);
		printf("], \"max_packet\": %u, \"bus_bits\": %u, \"boot_status\": {\"raw\": %u, "
		       "\"valid\": %s, \"update\": %s, \"fallback\": %s}}\n", maxpkt, bus, boot,
		       boot & SRTPO_RELOAD_BOOT_STATUS_VALID_MASK ? "true" : "false",
		       boot & SRTPO_RELOAD_BOOT_STATUS_UPDATE_MASK ? "true" : "false",
		       boot & SRTPO_RELOAD_BOOT_STATUS_FALLBACK_MASK ? "true" : "false");
	} else {
		printf("device       %s\n", dev);
		printf("magic        0x%08x%s\n", magic, magic == SRTPO_HW_MAGIC ? " (srtpo)" : "");
		printf("version      %u.%u\n", ver >> 16, ver & 0xffff);
		printf("build date   %s\n", date);
		printf("git hash     %08x\n", git);
		printf("queues       %u\n", q);
		printf("key slots    %u\n", slots);
		printf("suites      ");
		for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
			if (su & suites[i].mask)
				printf(" %s", suites[i].name);
		printf("\nmax packet   %u bytes\n", maxpkt);
		printf("bus          %u bits\n", bus);
		printf("boot status  0x%x: %s%s\n", boot,
		       !(boot & SRTPO_RELOAD_BOOT_STATUS_VALID_MASK) ? "unknown" :
		       boot & SRTPO_RELOAD_BOOT_STATUS_UPDATE_MASK ? "update image" :
		       "golden image",
		       boot & SRTPO_RELOAD_BOOT_STATUS_FALLBACK_MASK ?
		       " (the last warm boot failed: fell back)" : "");
	}
	return card_close(d) ? SRTPO_EXIT_FAIL : SRTPO_EXIT_OK;
}

static const struct {
	uint32_t off;
	const char *name;
} glb[] = {
	{ SRTPO_GLB_CNT_DESC, "descriptors" },
	{ SRTPO_GLB_CNT_REJECT, "rejected" },
	{ SRTPO_GLB_CNT_RD_ERR, "dma_read_errors" },
	{ SRTPO_GLB_CNT_WR_ERR, "dma_write_errors" },
	{ SRTPO_GLB_CNT_IRQ, "interrupts" },
}, qu[] = {
	{ SRTPO_QU_CNT_DONE, "done" },
	{ SRTPO_QU_CNT_ERR, "errors" },
	{ SRTPO_QU_CNT_REJECT, "rejected" },
	{ SRTPO_QU_CNT_IRQ, "interrupts" },
};

#define NGLB (sizeof(glb) / sizeof(glb[0]))
#define NQU (sizeof(qu) / sizeof(qu[0]))

int srtpo_cmd_stats(int argc, char **argv)
{
	static const char help[] =
		"Usage: srtpo stats [--json] DEV\n"
		"\n"
		"The card's counters: global (descriptors, rejects, DMA errors, interrupts, clock\n"
		"cycles) and per queue (completions, errors, rejects, interrupts, status).\n"
		"DEV: sim:FLASHFILE, /dev/srtpoN or a PCI address (real cards need root).\n";
	struct card_dev *d;
	const char *dev;
	char err[512];
	uint32_t nq, v, lo, hi, st;
	uint64_t cycles;
	int json, r;
	size_t i;
	uint32_t q;

	r = parse_common("stats", argc, argv, &json, &dev, help);
	if (r)
		return r < 0 ? SRTPO_EXIT_OK : r;
	d = card_open(dev, CARD_OPEN_RO, err, sizeof(err));
	if (!d)
		return cmd_fail("stats", "%s", err);
	nq = srtpo_card_read32(d->card, SRTPO_FW_CAP_QUEUES);
	if (nq > SRTPO_HW_MAX_QUEUES)
		nq = SRTPO_HW_MAX_QUEUES;
	lo = srtpo_card_read32(d->card, SRTPO_GLB_CYCLES_LO);   /* latches HI */
	hi = srtpo_card_read32(d->card, SRTPO_GLB_CYCLES_HI);
	cycles = (uint64_t)hi << 32 | lo;
	if (json) {
		printf("{\"device\": ");
		json_string(stdout, dev);
		printf(", \"cycles\": %llu", (unsigned long long)cycles);
		for (i = 0; i < NGLB; i++)
			printf(", \"%s\": %u", glb[i].name, srtpo_card_read32(d->card, glb[i].off));
		printf(", \"queues\": [");
		for (q = 0; q < nq; q++) {
			st = srtpo_card_read32(d->card, SRTPO_QU(q, SRTPO_QU_STATUS));
			printf("%s{\"queue\": %u, \"enabled\": %s, \"busy\": %s", q ? ", " : "", q,
			       st & SRTPO_QP_STATUS_ENABLED_MASK ? "true" : "false",
			       st & SRTPO_QP_STATUS_BUSY_MASK ? "true" : "false");
			for (i = 0; i < NQU; i++)
				printf(", \"%s\": %u", qu[i].name,
				       srtpo_card_read32(d->card, SRTPO_QU(q, qu[i].off)));
			printf("}");
		}
		printf("]}\n");
	} else {
		printf("device %s, %u queues\n", dev, nq);
		printf("  %-18s %llu\n", "cycles", (unsigned long long)cycles);
		for (i = 0; i < NGLB; i++)
			printf("  %-18s %u\n", glb[i].name, srtpo_card_read32(d->card, glb[i].off));
		printf("%-6s %-8s", "queue", "status");
		for (i = 0; i < NQU; i++)
			printf(" %12s", qu[i].name);
		putchar('\n');
		for (q = 0; q < nq; q++) {
			st = srtpo_card_read32(d->card, SRTPO_QU(q, SRTPO_QU_STATUS));
			printf("%-6u %-8s", q, st & SRTPO_QP_STATUS_BUSY_MASK ? "busy" :
			       st & SRTPO_QP_STATUS_ENABLED_MASK ? "enabled" : "off");
			for (i = 0; i < NQU; i++) {
				v = srtpo_card_read32(d->card, SRTPO_QU(q, qu[i].off));
				printf(" %12u", v);
			}
			putchar('\n');
		}
	}
	return card_close(d) ? SRTPO_EXIT_FAIL : SRTPO_EXIT_OK;
}
