// SPDX-License-Identifier: BSD-3-Clause
/*
 * flash.c - `srtpo flash write|verify|read|boot`: the card's configuration flash through the
 * SPI controller in BAR0 (SPI_CTRL, SPI_TX, SPI_RX, SPI_STATUS) and the FPGA reload.
 *
 * The flash holds a golden image (loaded at power-up and on any failed warm boot) and an update
 * image (board.h). An update is written so that an interruption at any point leaves an update
 * image the configuration logic rejects: the first sector is erased first, every page after the
 * head (the pages up to the end of the sync word) is programmed and verified, and only then the
 * head is programmed and verified. A failed or interrupted update therefore falls back to the
 * golden image. The flash commands are the 4-byte-address forms (0x13 read, 0x12 page program, 0xDC
 * 64 KiB erase), which work whatever the address mode of the part.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bitfile.h"
#include "board.h"
#include "card_open.h"
#include "cmd.h"
#include "outfile.h"
#include "spi_flash.h"
#include "srtpo_regs.h"

#define CMD "flash"

#define OP_READ4     0x13
#define OP_PROGRAM4  0x12
#define OP_ERASE4_64 0xdc
#define OP_WREN      0x06
#define OP_RDSR      0x05
#define OP_RDFSR     0x70
#define OP_RDID      0x9f

#define READ_CHUNK   4096u

struct prog {
	struct card_dev *d;
	struct srtpo_card *c;
	uint32_t div;
	char err[512];
};

struct progress {
	int on;
	const char *label;
	uint64_t total, done;
	int shown;
};

static void progress_start(struct progress *p, int on, const char *label, uint64_t total)
{
	p->on = on;
	p->label = label;
	p->total = total ? total : 1;
	p->done = 0;
	p->shown = -1;
}

static void progress_add(struct progress *p, uint64_t n)
{
	int pct, i, fill;

	p->done += n;
	if (!p->on)
		return;
	pct = (int)(p->done * 100 / p->total);
	if (pct == p->shown)
		return;
	p->shown = pct;
	fill = pct * 40 / 100;
	printf("\r%-8s [", p->label);
	for (i = 0; i < 40; i++)
		putchar(i < fill ? '#' : ' ');
	printf("] %3d%% %llu/%llu KiB", pct, (unsigned long long)(p->done >> 10),
	       (unsigned long long)(p->total >> 10));
	if (p->done >= p->total)
		putchar('\n');
	fflush(stdout);
}

static int perr(struct prog *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int perr(struct prog *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
	return -1;
}

static void cs(struct prog *p, int on)
{
	srtpo_card_write32(p->c, SRTPO_SPI_CTRL, (on ? SRTPO_SPI_CTRL_CS_MASK : 0) |
			   (p->div << SRTPO_SPI_CTRL_DIV_SHIFT));
}

static int spi_byte(struct prog *p, uint8_t tx, uint8_t *rx)
{
	unsigned i;

	srtpo_card_write32(p->c, SRTPO_SPI_TX, tx);
	/* let the 16 half periods of the byte pass before polling */
	srtpo_card_step(p->c, 16u * (p->div + 1));
	for (i = 0;; i++) {
		uint32_t st = srtpo_card_read32(p->c, SRTPO_SPI_STATUS);

		if (st == 0xffffffffu)
			return perr(p, "the card stopped answering (SPI_STATUS reads all ones)");
		if (!(st & SRTPO_SPI_STATUS_BUSY_MASK))
			break;
		if (i > 100000)
			return perr(p, "the SPI controller stays busy");
	}
	if (rx)
		*rx = (uint8_t)srtpo_card_read32(p->c, SRTPO_SPI_RX);
	return 0;
}

/* One flash transaction: hdr out, then out[0..nout) out, then in[0..nin) in. */
static int txn(struct prog *p, const uint8_t *hdr, size_t nh, const uint8_t *out, size_t nout,
	       uint8_t *in, size_t nin)
{
	size_t i;
	int r = 0;

	cs(p, 1);
	for (i = 0; i < nh && !r; i++)
		r = spi_byte(p, hdr[i], NULL);
	for (i = 0; i < nout && !r; i++)
		r = spi_byte(p, out[i], NULL);
	for (i = 0; i < nin && !r; i++)
		r = spi_byte(p, 0, &in[i]);
	cs(p, 0);
	return r;
}

static void addr4(uint8_t *h, uint8_t op, uint32_t a)
{
	h[0] = op;
	h[1] = (uint8_t)(a >> 24);
	h[2] = (uint8_t)(a >> 16);
	h[3] = (uint8_t)(a >> 8);
	h[4] = (uint8_t)a;
}

static int read_reg(struct prog *p, uint8_t op, uint8_t *v)
{
	return txn(p, &op, 1, NULL, 0, v, 1);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Polls WIP until the program or erase is done. */
static int wait_ready(struct prog *p, double timeout_s, const char *what, uint32_t a)
{
	double t0 = now_s();

	for (;;) {
		uint8_t sr, fsr;

		if (read_reg(p, OP_RDSR, &sr))
			return -1;
		if (sr == 0xff) {
			if (read_reg(p, OP_RDFSR, &fsr))
				return -1;
			if (fsr == 0xff)
				return perr(p, "the flash stopped answering during the %s "
					    "at 0x%08x (status and flag status read 0xff): it "
					    "lost power or is not there", what, a);
		}
		if (!(sr & 0x01))
			return 0;
		if (now_s() - t0 > timeout_s)
			return perr(p, "the %s at 0x%08x did not finish in %.0f s", what, a,
				    timeout_s);
	}
}

static int write_enable(struct prog *p)
{
	uint8_t op = OP_WREN, sr;

	if (txn(p, &op, 1, NULL, 0, NULL, 0) || read_reg(p, OP_RDSR, &sr))
		return -1;
	if (sr == 0xff || !(sr & 0x02))
		return perr(p, "write enable did not take (status 0x%02x): the flash is not "
			    "answering or is write protected", sr);
	return 0;
}

static int erase_sector(struct prog *p, uint32_t a)
{
	uint8_t h[5];

	if (write_enable(p))
		return -1;
	addr4(h, OP_ERASE4_64, a);
	if (txn(p, h, 5, NULL, 0, NULL, 0))
		return -1;
	return wait_ready(p, 10.0, "sector erase", a);
}

static int program_page(struct prog *p, uint32_t a, const uint8_t *d, size_t n)
{
	uint8_t h[5];

	if (write_enable(p))
		return -1;
	addr4(h, OP_PROGRAM4, a);
	if (txn(p, h, 5, d, n, NULL, 0))
		return -1;
	return wait_ready(p, 2.0, "page program", a);
}

static int read_flash(struct prog *p, uint32_t a, uint8_t *d, size_t n, struct progress *pg)
{
	while (n) {
		size_t k = n < READ_CHUNK ? n : READ_CHUNK;
		uint8_t h[5];

		addr4(h, OP_READ4, a);
		if (txn(p, h, 5, NULL, 0, d, k))
			return -1;
		if (pg)
			progress_add(pg, k);
		a += (uint32_t)k;
		d += k;
		n -= k;
	}
	return 0;
}

/* Reads back flash [a, a + n) and compares it with want. */
static int verify_range(struct prog *p, uint32_t a, const uint8_t *want, size_t n,
			struct progress *pg, uint64_t *bad, uint32_t *first_bad)
{
	uint8_t buf[READ_CHUNK];
	size_t off = 0, i;

	*bad = 0;
	while (off < n) {
		size_t k = n - off < READ_CHUNK ? n - off : READ_CHUNK;

		if (read_flash(p, a + (uint32_t)off, buf, k, pg))
			return -1;
		for (i = 0; i < k; i++) {
			if (buf[i] != want[off + i]) {
				if (!*bad)
					*first_bad = a + (uint32_t)(off + i);
				(*bad)++;
			}
		}
		off += k;
	}
	return 0;
}

static int check_flash_id(struct prog *p, const struct flash_layout *l)
{
	uint8_t op = OP_RDID, id[3];
	uint64_t bytes;

	if (txn(p, &op, 1, NULL, 0, id, 3))
		return -1;
	if (id[0] == 0xff && id[1] == 0xff && id[2] == 0xff)
		return perr(p, "no flash answers on the card's SPI bus (JEDEC ID ff ff ff)");
	if (id[0] != (SRTPO_BOARD_FLASH_JEDEC >> 16) ||
	    id[1] != ((SRTPO_BOARD_FLASH_JEDEC >> 8) & 0xff))
		return perr(p, "unexpected flash: JEDEC ID %02x %02x %02x, the %s carries "
			    "%02x %02x %02x (Micron MT25QU)", id[0], id[1], id[2], SRTPO_BOARD_NAME,
			    SRTPO_BOARD_FLASH_JEDEC >> 16, (SRTPO_BOARD_FLASH_JEDEC >> 8) & 0xff,
			    SRTPO_BOARD_FLASH_JEDEC & 0xff);
	bytes = spi_flash_capacity_bytes(id[2]);
	if (bytes != l->flash_bytes)
		return perr(p, "the flash reports %llu bytes (capacity code 0x%02x), the layout "
			    "needs %llu", (unsigned long long)bytes, id[2],
			    (unsigned long long)l->flash_bytes);
	return 0;
}

static int prog_init(struct prog *p, struct card_dev *d)
{
	memset(p, 0, sizeof(*p));
	p->d = d;
	p->c = d->card;
	/* the simulated flash takes the fastest clock; a real card keeps the divider it booted
	 * with (the board's safe rate) */
	p->div = 0;
	if (!d->sim)
		p->div = (srtpo_card_read32(p->c, SRTPO_SPI_CTRL) & SRTPO_SPI_CTRL_DIV_MASK) >>
			 SRTPO_SPI_CTRL_DIV_SHIFT;
	if (srtpo_card_read32(p->c, SRTPO_SPI_STATUS) & SRTPO_SPI_STATUS_BUSY_MASK)
		return perr(p, "the SPI controller is busy: is another flash command running?");
	cs(p, 0);
	return 0;
}

/* ---- command line ----------------------------------------------------------------------- */

struct opts {
	int golden, update, progress;
	uint64_t length;
	int have_length;
};

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: srtpo flash write  [--golden|--update] [--progress] FILE DEV\n"
		"       srtpo flash verify [--golden|--update] [--progress] FILE DEV\n"
		"       srtpo flash read   [--golden|--update] [--length N] [--progress] FILE DEV\n"
		"       srtpo flash boot   [--golden|--update] DEV\n"
		"\n"
		"The card's configuration flash: %s (%s), golden image at\n"
		"0x%08x, update image at 0x%08x. FILE is a Xilinx .bit file or a raw\n"
		".bin configuration stream built for %s. DEV is sim:FLASHFILE\n"
		"(the simulated card), /dev/srtpoN or a PCI address. A real card is reached\n"
		"through its BAR0 in sysfs: run as root, with the srtpo driver unloaded or the\n"
		"card idle.\n"
		"\n"
		"  write     erase, program and verify an image (the update one unless --golden)\n"
		"  verify    compare an image with FILE\n"
		"  read      copy an image into FILE (up to its DESYNC, or --length N bytes)\n"
		"  boot      reload the FPGA from an image and report which one came up\n"
		"\n"
		"  --update     the update image (the default)\n"
		"  --golden     the golden image, which the card falls back to: a failed write\n"
		"               of it leaves a card that needs JTAG to recover\n"
		"  --progress   show a progress bar even when stdout is not a terminal\n"
		"  --length N   bytes to read (read)\n",
		SRTPO_BOARD_NAME, SRTPO_BOARD_FPGA_PART, SRTPO_BOARD_GOLDEN_ADDR,
		SRTPO_BOARD_UPDATE_ADDR, SRTPO_BOARD_FPGA_PART);
}

static int check_part(const char *file, const struct bitstream *bs)
{
	uint32_t id = bs->idcode & SRTPO_IDCODE_MASK;
	const char *name = fpga_device_name(id);

	if (id != SRTPO_BOARD_IDCODE) {
		char what[200];

		if (bs->has_header && bs->part[0])
			snprintf(what, sizeof(what), "%s (IDCODE 0x%08x)", bs->part, bs->idcode);
		else if (name)
			snprintf(what, sizeof(what), "%s (IDCODE 0x%08x)", name, bs->idcode);
		else
			snprintf(what, sizeof(what), "an FPGA with IDCODE 0x%08x", bs->idcode);
		return cmd_fail(CMD, "%s is a bitstream for %s, but the card (%s) needs %s (IDCODE "
				"0x%08x); nothing written", file, what, SRTPO_BOARD_NAME,
				SRTPO_BOARD_FPGA_PART, SRTPO_BOARD_IDCODE);
	}
	if (bs->has_header && !fpga_part_is(bs->part, SRTPO_BOARD_FPGA_DEVICE))
		return cmd_fail(CMD, "%s: the .bit header names part %s but the stream's IDCODE is "
				"the %s's; refusing an inconsistent file, nothing written", file,
				bs->part, SRTPO_BOARD_FPGA_DEVICE);
	return 0;
}

static int driver_note(const struct card_dev *d)
{
	char link[256], target[256];
	ssize_t n;

	if (d->sim)
		return 0;
	snprintf(link, sizeof(link), "/sys/bus/pci/devices/%s/driver", d->bdf);
	n = readlink(link, target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		fprintf(stderr, "srtpo flash: note: %s is bound to driver %s; the flash commands "
			"use only the SPI and reload registers, keep the card idle\n", d->bdf,
			strrchr(target, '/') ? strrchr(target, '/') + 1 : target);
	}
	return 0;
}

static int open_card(const char *dev, struct card_dev **out)
{
	char err[512];

	*out = card_open(dev, CARD_OPEN_RW, err, sizeof(err));
	if (!*out)
		return cmd_fail(CMD, "%s", err);
	driver_note(*out);
	return 0;
}

static void region(const struct flash_layout *l, const struct opts *o, uint32_t *base,
		   uint64_t *size, const char **name)
{
	if (o->golden) {
		*base = (uint32_t)l->golden_addr;
		*size = l->golden_size;
		*name = "golden";
	} else {
		*base = (uint32_t)l->update_addr;
		*size = l->update_size;
		*name = "update";
	}
}

static int finish(struct card_dev *d, int rc)
{
	if (card_close(d) && rc == SRTPO_EXIT_OK)
		rc = SRTPO_EXIT_FAIL;
	return rc;
}

static int do_write(const struct opts *o, const char *file, const char *dev)
{
	struct bitstream bs;
	struct card_dev *d;
	struct flash_layout l;
	struct progress pg;
	struct prog p;
	char err[512];
	const char *name;
	uint32_t base, first_bad = 0;
	uint64_t size, bad, n_erase, i;
	size_t len, page, head, off;
	double t0 = now_s();

	if (bitstream_load(file, &bs, err, sizeof(err))) {
		bitstream_free(&bs);
		return cmd_fail(CMD, "%s; nothing written", err);
	}
	if (check_part(file, &bs)) {
		bitstream_free(&bs);
		return SRTPO_EXIT_FAIL;
	}
	if (open_card(dev, &d)) {
		bitstream_free(&bs);
		return SRTPO_EXIT_FAIL;
	}
	card_flash_layout(d, &l);
	region(&l, o, &base, &size, &name);
	len = bs.len;
	if (len > size) {
		bitstream_free(&bs);
		return finish(d, cmd_fail(CMD, "%s: the stream is %zu bytes, the %s image has room "
					  "for %llu; nothing written", file, len, name,
					  (unsigned long long)size));
	}
	if (prog_init(&p, d) || check_flash_id(&p, &l)) {
		bitstream_free(&bs);
		return finish(d, cmd_fail(CMD, "%s; nothing written", p.err));
	}
	if (o->golden)
		fprintf(stderr, "srtpo flash: warning: writing the golden image, which the card "
			"falls back to; if this write fails or is interrupted the card will not "
			"configure at power-up and needs JTAG to recover\n");

	page = l.page_bytes;
	n_erase = (len + l.erase_bytes - 1) / l.erase_bytes;
	/* the head: the pages up to the one that ends the sync word, programmed last */
	head = (bs.sync_off + 4 + page - 1) / page * page;
	if (head > len)
		head = len;

	/* 1. the first sector first: from here on the old image no longer boots */
	progress_start(&pg, o->progress, "erase", n_erase * l.erase_bytes);
	for (i = 0; i < n_erase; i++) {
		if (erase_sector(&p, base + (uint32_t)(i * l.erase_bytes)))
			goto fail;
		progress_add(&pg, l.erase_bytes);
	}
	/* 2. every page after the head */
	progress_start(&pg, o->progress, "program", len);
	progress_add(&pg, head);
	for (off = head; off < len; off += page) {
		size_t k = len - off < page ? len - off : page, j;

		for (j = 0; j < k && bs.data[off + j] == 0xff; j++)
			;
		if (j < k && program_page(&p, base + (uint32_t)off, bs.data + off, k))
			goto fail;
		progress_add(&pg, k);
	}
	/* 3. verify them */
	progress_start(&pg, o->progress, "verify", len);
	progress_add(&pg, head);
	if (len > head) {
		if (verify_range(&p, base + (uint32_t)head, bs.data + head, len - head, &pg, &bad,
				 &first_bad))
			goto fail;
		if (bad) {
			perr(&p, "readback differs in %llu bytes, first at 0x%08x",
			     (unsigned long long)bad, first_bad);
			goto fail;
		}
	}
	/* 4. the head, with the sync word: the image becomes bootable */
	for (off = 0; off < head; off += page) {
		size_t k = head - off < page ? head - off : page;

		if (program_page(&p, base + (uint32_t)off, bs.data + off, k))
			goto fail;
	}
	if (verify_range(&p, base, bs.data, head, NULL, &bad, &first_bad))
		goto fail;
	if (bad) {
		perr(&p, "readback of the first page(s) differs in %llu bytes, first at 0x%08x",
		     (unsigned long long)bad, first_bad);
		goto fail;
	}
	printf("wrote the %s image at 0x%08x: %zu bytes of %s", name, base, len, file);
	if (bs.has_header)
		printf(" (%s, %s %s %s)", bs.design, bs.part, bs.date, bs.time);
	printf(", verified, in %.1f s\n", now_s() - t0);
	bitstream_free(&bs);
	return finish(d, SRTPO_EXIT_OK);
fail:
	if (pg.on && pg.shown >= 0 && pg.done < pg.total)
		putchar('\n');
	bitstream_free(&bs);
	fprintf(stderr, "srtpo flash: writing the %s image failed: %s\n", name, p.err);
	if (o->golden)
		fprintf(stderr, "srtpo flash: the golden image is not valid: rewrite it before the "
			"card is power-cycled\n");
	else
		fprintf(stderr, "srtpo flash: the update image is not valid (its first page is not "
			"complete); the card boots the golden image. Run the write again.\n");
	return finish(d, SRTPO_EXIT_FAIL);
}

static int do_verify(const struct opts *o, const char *file, const char *dev)
{
	struct bitstream bs;
	struct card_dev *d;
	struct flash_layout l;
	struct progress pg;
	struct prog p;
	char err[512];
	const char *name;
	uint32_t base, first_bad = 0;
	uint64_t size, bad;

	if (bitstream_load(file, &bs, err, sizeof(err))) {
		bitstream_free(&bs);
		return cmd_fail(CMD, "%s", err);
	}
	if (open_card(dev, &d)) {
		bitstream_free(&bs);
		return SRTPO_EXIT_FAIL;
	}
	card_flash_layout(d, &l);
	region(&l, o, &base, &size, &name);
	if (bs.len > size) {
		bitstream_free(&bs);
		return finish(d, cmd_fail(CMD, "%s: %zu bytes, larger than the %s image (%llu)",
					  file, bs.len, name, (unsigned long long)size));
	}
	progress_start(&pg, o->progress, "verify", bs.len);
	if (prog_init(&p, d) || check_flash_id(&p, &l) ||
	    verify_range(&p, base, bs.data, bs.len, &pg, &bad, &first_bad)) {
		bitstream_free(&bs);
		return finish(d, cmd_fail(CMD, "%s", p.err));
	}
	if (bad) {
		uint32_t off = first_bad - base;

		fprintf(stderr, "srtpo flash: the %s image differs from %s in %llu bytes; first at "
			"flash 0x%08x (stream byte %u: 0x%02x in the file)\n", name, file,
			(unsigned long long)bad, first_bad, off, bs.data[off]);
		bitstream_free(&bs);
		return finish(d, SRTPO_EXIT_FAIL);
	}
	printf("the %s image at 0x%08x matches %s (%zu bytes)\n", name, base, file, bs.len);
	bitstream_free(&bs);
	return finish(d, SRTPO_EXIT_OK);
}

/* FILE through outfile.h: a regular file is replaced only when complete, a FIFO or device is
 * written as it is, and the simulated card's own flash file is refused. */
static int write_out(const char *file, const char *dev, const uint8_t *data, size_t n)
{
	struct outfile of;
	struct stat st;
	char err[512];
	int rc;

	rc = outfile_open(&of, file, strncmp(dev, "sim:", 4) == 0 && stat(dev + 4, &st) == 0 ?
			  &st : NULL, err, sizeof(err));
	if (rc == OUTFILE_SAME)
		return cmd_usage_error(CMD, "%s is the simulated card's flash; nothing written", file);
	if (rc)
		return cmd_fail(CMD, "%s; nothing written", err);
	if (n && fwrite(data, 1, n, of.fp) != n) {
		rc = errno;
		outfile_abort(&of);
		return cmd_fail(CMD, "%s: write error: %s", file, strerror(rc));
	}
	if (outfile_commit(&of, err, sizeof(err)))
		return cmd_fail(CMD, "%s", err);
	return 0;
}

static int do_read(const struct opts *o, const char *file, const char *dev)
{
	struct card_dev *d;
	struct flash_layout l;
	struct progress pg;
	struct prog p;
	const char *name;
	uint32_t base, idc;
	uint64_t size, want;
	uint8_t *buf;
	size_t have = 0, end = 0, sync;
	char why[256] = "";
	int r = BITSTREAM_SHORT, rc;

	if (open_card(dev, &d))
		return SRTPO_EXIT_FAIL;
	card_flash_layout(d, &l);
	region(&l, o, &base, &size, &name);
	if (o->have_length && (o->length == 0 || o->length > size))
		return finish(d, cmd_usage_error(CMD, "--length %llu: the %s image has %llu bytes",
						 (unsigned long long)o->length, name,
						 (unsigned long long)size));
	want = o->have_length ? o->length : size;
	buf = malloc(want);
	if (!buf)
		return finish(d, cmd_fail(CMD, "out of memory"));
	if (prog_init(&p, d) || check_flash_id(&p, &l))
		goto fail;
	progress_start(&pg, o->progress, "read", want);
	/* without --length: read until the stream is complete (its DESYNC) */
	while (have < want) {
		size_t k = want - have < 65536 ? want - have : 65536;

		if (read_flash(&p, base + (uint32_t)have, buf + have, k, &pg))
			goto fail;
		have += k;
		if (o->have_length)
			continue;
		r = bitstream_parse(buf, have, &idc, &sync, &end, why, sizeof(why));
		if (r != BITSTREAM_SHORT)
			break;
	}
	if (pg.on && pg.done < pg.total)
		putchar('\n');
	if (!o->have_length) {
		if (r != BITSTREAM_OK) {
			free(buf);
			return finish(d, cmd_fail(CMD, "no valid image in the %s region at "
						  "0x%08x: %s (use --length N to copy raw "
						  "bytes); nothing written", name, base, why));
		}
		have = end;
	}
	rc = write_out(file, dev, buf, have);
	if (rc) {
		free(buf);
		return finish(d, rc);
	}
	printf("read %zu bytes of the %s image at 0x%08x into %s\n", have, name, base, file);
	free(buf);
	return finish(d, SRTPO_EXIT_OK);
fail:
	free(buf);
	return finish(d, cmd_fail(CMD, "%s; nothing written", p.err));
}

static void describe_status(uint32_t st, char *out, size_t len)
{
	snprintf(out, len, "0x%x (%s%s%s)", st,
		 st & SRTPO_RELOAD_BOOT_STATUS_VALID_MASK ? "VALID" : "not valid",
		 st & SRTPO_RELOAD_BOOT_STATUS_UPDATE_MASK ? " UPDATE" : "",
		 st & SRTPO_RELOAD_BOOT_STATUS_FALLBACK_MASK ? " FALLBACK" : "");
}

static int do_boot(const struct opts *o, const char *dev)
{
	struct card_dev *d;
	struct flash_layout l;
	const char *name;
	uint32_t base, st;
	uint64_t size;
	char err[512], desc[64];

	if (open_card(dev, &d))
		return SRTPO_EXIT_FAIL;
	card_flash_layout(d, &l);
	region(&l, o, &base, &size, &name);
	if (card_reload(d, base, &st, err, sizeof(err)))
		return finish(d, cmd_fail(CMD, "%s", err));
	describe_status(st, desc, sizeof(desc));
	if (st & SRTPO_RELOAD_BOOT_STATUS_FALLBACK_MASK) {
		printf("boot status %s: the %s image at 0x%08x did not load; the card fell back to "
		       "the golden image\n", desc, name, base);
		return finish(d, SRTPO_EXIT_FAIL);
	}
	if (st & SRTPO_RELOAD_BOOT_STATUS_UPDATE_MASK)
		printf("boot status %s: booted the update image at 0x%08x\n", desc, base);
	else
		printf("boot status %s: booted the golden image\n", desc);
	return finish(d, SRTPO_EXIT_OK);
}

int srtpo_cmd_flash(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "golden", no_argument, NULL, 'g' },
		{ "update", no_argument, NULL, 'u' },
		{ "progress", no_argument, NULL, 'P' },
		{ "length", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { 0 };
	const char *sub;
	int c, nargs;

	if (argc < 2) {
		usage(stderr);
		return SRTPO_EXIT_USAGE;
	}
	sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		usage(stdout);
		return SRTPO_EXIT_OK;
	}
	argc--;
	argv++;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'g': o.golden = 1; break;
		case 'u': o.update = 1; break;
		case 'P': o.progress = 1; break;
		case 'l':
			if (parse_u64(optarg, UINT32_MAX, &o.length))
				return cmd_usage_error(CMD, "--length %s: not a byte count",
						       optarg);
			o.have_length = 1;
			break;
		case 'h':
			usage(stdout);
			return SRTPO_EXIT_OK;
		default:
			return cmd_getopt_error(CMD, c, argv);
		}
	}
	if (o.golden && o.update)
		return cmd_usage_error(CMD, "--golden and --update exclude each other");
	if (isatty(STDOUT_FILENO))
		o.progress = 1;
	nargs = argc - optind;
	if (!strcmp(sub, "write") || !strcmp(sub, "verify") || !strcmp(sub, "read")) {
		if (nargs != 2)
			return cmd_usage_error(CMD, "%s needs FILE and DEV", sub);
		if (o.have_length && strcmp(sub, "read"))
			return cmd_usage_error(CMD, "--length is for read only");
		if (!strcmp(sub, "write"))
			return do_write(&o, argv[optind], argv[optind + 1]);
		if (!strcmp(sub, "verify"))
			return do_verify(&o, argv[optind], argv[optind + 1]);
		return do_read(&o, argv[optind], argv[optind + 1]);
	}
	if (!strcmp(sub, "boot")) {
		if (nargs != 1)
			return cmd_usage_error(CMD, "boot needs DEV");
		if (o.have_length)
			return cmd_usage_error(CMD, "--length is for read only");
		return do_boot(&o, argv[optind]);
	}
	return cmd_usage_error(CMD, "unknown subcommand '%s' (write, verify, read, boot)", sub);
}
