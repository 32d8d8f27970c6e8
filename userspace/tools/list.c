// SPDX-License-Identifier: BSD-3-Clause
/*
 * list.c - `srtpo list`: the srtpo cards on the PCI buses (libpci), with the negotiated and the
 * capable PCIe link (Link Status vs Link Capabilities of the PCI Express capability), the NUMA
 * node, the bound driver and the firmware version when BAR0 is readable.
 *
 * --pci-dump FILE reads the devices from a config-space dump (`lspci -xxx` output) through
 * libpci's dump access method instead of the running system, for tests and offline reports;
 * sysfs-only facts (NUMA node, driver, firmware) are then unknown.
 */
#include <getopt.h>
#include <limits.h>
#include <pci/pci.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "card_open.h"
#include "cmd.h"
#include "srtpo_regs.h"

#define CMD "list"

struct link {
	int known;
	unsigned speed;   /* PCIe link speed code: 1 = 2.5 GT/s ... 5 = 32 GT/s */
	unsigned width;
};

struct card_row {
	char bdf[32];
	unsigned vendor, device;
	struct link now, cap;
	int numa;
	char driver[64];
	char fw[64];
};

static const char *speed_gts(unsigned code)
{
	static const char *const s[] = { "?", "2.5", "5", "8", "16", "32", "64" };

	return code < sizeof(s) / sizeof(s[0]) ? s[code] : "?";
}

static void fmt_link(const struct link *l, char *out, size_t len)
{
	if (!l->known)
		snprintf(out, len, "-");
	else
		snprintf(out, len, "Gen%u x%u", l->speed, l->width);
}

static void json_link(const struct link *l)
{
	if (!l->known)
		printf("null");
	else
		printf("{\"gen\": %u, \"gts\": %s, \"width\": %u}", l->speed, speed_gts(l->speed),
		       l->width);
}

static void read_pcie_link(struct pci_dev *dev, struct card_row *r)
{
	struct pci_cap *cap = pci_find_cap(dev, PCI_CAP_ID_EXP, PCI_CAP_NORMAL);
	uint32_t lnkcap;
	uint16_t lnksta;

	if (!cap)
		return;
	lnkcap = pci_read_long(dev, cap->addr + PCI_EXP_LNKCAP);
	lnksta = pci_read_word(dev, cap->addr + PCI_EXP_LNKSTA);
	if (lnkcap == 0xffffffffu || lnksta == 0xffff)
		return;
	r->cap.known = 1;
	r->cap.speed = lnkcap & PCI_EXP_LNKCAP_SPEED;
	r->cap.width = (lnkcap & PCI_EXP_LNKCAP_WIDTH) >> 4;
	r->now.known = 1;
	r->now.speed = lnksta & PCI_EXP_LNKSTA_SPEED;
	r->now.width = (lnksta & PCI_EXP_LNKSTA_WIDTH) >> 4;
}

static void read_sysfs_facts(struct card_row *r)
{
	char path[PATH_MAX], buf[PATH_MAX];
	uint32_t offs[4] = { SRTPO_FW_MAGIC, SRTPO_FW_VERSION, SRTPO_FW_BUILD_DATE,
			     SRTPO_FW_GIT_HASH };
	uint32_t v[4];
	FILE *fp;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/numa_node", r->bdf);
	fp = fopen(path, "r");
	if (fp) {
		if (fscanf(fp, "%d", &r->numa) != 1)
			r->numa = -1;
		fclose(fp);
	}
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", r->bdf);
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n > 0) {
		const char *base;

		buf[n] = '\0';
		base = strrchr(buf, '/');
		snprintf(r->driver, sizeof(r->driver), "%.63s", base ? base + 1 : buf);
	}
	if (!strcmp(r->driver, "srtpo")) {
		/* the driver's attributes: no root needed, and its BAR stays the driver's */
		struct card_dev *d = card_open(r->bdf, CARD_OPEN_RO, buf, sizeof(buf));

		if (d) {
			for (size_t i = 0; i < 4; i++)
				v[i] = srtpo_card_read32(d->card, offs[i]);
			card_close(d);
		} else {
			v[0] = 0;
		}
	} else if (card_peek_bar0(r->bdf, offs, v, 4)) {
		v[0] = 0;
	}
	if (v[0] == SRTPO_HW_MAGIC)
		snprintf(r->fw, sizeof(r->fw), "%u.%u %04x-%02x-%02x %08x", v[1] >> 16,
			 v[1] & 0xffff, v[2] >> 16, (v[2] >> 8) & 0xff, v[2] & 0xff, v[3]);
}

static int by_bdf(const void *a, const void *b)
{
	/* fixed-width lower-case hex: text order is address order */
	return strcmp(((const struct card_row *)a)->bdf, ((const struct card_row *)b)->bdf);
}

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: srtpo list [--json] [--pci-dump FILE]\n"
		"\n"
		"The srtpo cards (PCI %04x:%04x): address, IDs, PCIe link negotiated / capable,\n"
		"NUMA node, bound driver, firmware (BAR0 readable only by root; else \"-\").\n"
		"\n"
		"  --json            one JSON array\n"
		"  --pci-dump FILE   read config space from an `lspci -xxx` dump, not the system\n",
		SRTPO_HW_PCI_VENDOR_ID, SRTPO_HW_PCI_DEVICE_ID);
}

static void pci_error(char *msg, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void pci_error(char *msg, ...)
{
	va_list ap;

	fprintf(stderr, "srtpo list: libpci: ");
	va_start(ap, msg);
	vfprintf(stderr, msg, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(SRTPO_EXIT_FAIL);
}

static void pci_silent(char *msg, ...)
{
}

int srtpo_cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pci-dump", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dump = NULL;
	struct pci_access *pacc;
	struct pci_dev *dev;
	struct card_row *rows = NULL;
	size_t nrows = 0, i;
	int json = 0, c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'd': dump = optarg; break;
		case 'h':
			usage(stdout);
			return SRTPO_EXIT_OK;
		default:
			return cmd_getopt_error(CMD, c, argv);
		}
	}
	if (optind != argc)
		return cmd_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
	if (dump && access(dump, R_OK) != 0)
		return cmd_fail(CMD, "%s: cannot read the dump file", dump);

	pacc = pci_alloc();
	if (!pacc)
		return cmd_fail(CMD, "libpci: out of memory");
	pacc->error = pci_error;
	pacc->warning = pci_silent;
	pacc->debug = pci_silent;
	if (dump) {
		pacc->method = PCI_ACCESS_DUMP;
		if (pci_set_param(pacc, "dump.name", (char *)dump))
			return cmd_fail(CMD, "libpci has no dump access method");
	}
	pci_init(pacc);
	pci_scan_bus(pacc);
	for (dev = pacc->devices; dev; dev = dev->next) {
		struct card_row *r, *grown;

		pci_fill_info(dev, PCI_FILL_IDENT | PCI_FILL_CAPS);
		if (dev->vendor_id != SRTPO_HW_PCI_VENDOR_ID ||
		    dev->device_id != SRTPO_HW_PCI_DEVICE_ID)
			continue;
		grown = realloc(rows, (nrows + 1) * sizeof(*rows));
		if (!grown) {
			free(rows);
			pci_cleanup(pacc);
			return cmd_fail(CMD, "out of memory");
		}
		rows = grown;
		r = &rows[nrows++];
		memset(r, 0, sizeof(*r));
		snprintf(r->bdf, sizeof(r->bdf), "%04x:%02x:%02x.%x", dev->domain, dev->bus,
			 dev->dev, dev->func);
		r->vendor = dev->vendor_id;
		r->device = dev->device_id;
		r->numa = -1;
		read_pcie_link(dev, r);
		if (!dump)
			read_sysfs_facts(r);
	}
	pci_cleanup(pacc);
	if (nrows)
		qsort(rows, nrows, sizeof(*rows), by_bdf);

	if (json) {
		printf("[");
		for (i = 0; i < nrows; i++) {
			struct card_row *r = &rows[i];

			printf("%s{\"bdf\": \"%s\", \"vendor\": \"%04x\", \"device\": \"%04x\", "
			       "\"link\": ", i ? ", " : "", r->bdf, r->vendor, r->device);
			json_link(&r->now);
			printf(", \"link_capable\": ");
			json_link(&r->cap);
			printf(", \"numa_node\": %d, \"driver\": ", r->numa);
			if (r->driver[0])
				json_string(stdout, r->driver);
			else
				printf("null");
			printf(", \"firmware\": ");
			if (r->fw[0])
				json_string(stdout, r->fw);
			else
				printf("null");
			printf("}");
		}
		printf("]\n");
	} else if (!nrows) {
		printf("no srtpo card (PCI %04x:%04x) found\n", SRTPO_HW_PCI_VENDOR_ID,
		       SRTPO_HW_PCI_DEVICE_ID);
	} else {
		printf("%-13s %-9s %-20s %-4s %-8s %s\n", "BDF", "ID", "LINK NOW/CAPABLE", "NUMA",
		       "DRIVER", "FIRMWARE");
		for (i = 0; i < nrows; i++) {
			struct card_row *r = &rows[i];
			char now[24], cap[24], link[64];

			fmt_link(&r->now, now, sizeof(now));
			fmt_link(&r->cap, cap, sizeof(cap));
			snprintf(link, sizeof(link), "%s/%s%s", now, cap,
				 r->now.known && (r->now.speed < r->cap.speed ||
						  r->now.width < r->cap.width) ? " !" : "");
			printf("%-13s %04x:%04x %-20s %-4d %-8s %s\n", r->bdf, r->vendor, r->device,
			       link, r->numa, r->driver[0] ? r->driver : "-",
			       r->fw[0] ? r->fw : "-");
		}
		for (i = 0; i < nrows; i++)
			if (rows[i].now.known && (rows[i].now.speed < rows[i].cap.speed ||
						  rows[i].now.width < rows[i].cap.width)) {
				printf("! link below what the card can do: check the slot\n");
				break;
			}
	}
	free(rows);
	return SRTPO_EXIT_OK;
}
