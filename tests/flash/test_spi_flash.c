// SPDX-License-Identifier: BSD-3-Clause
/*
 * test_spi_flash.c - the SPI NOR flash model (sim/flash/) driven at the pins the way the card's
 * SPI controller (rtl/top/srtpo_spi.sv) drives them: mode 0, MSB first, MISO sampled on the
 * rising edge from the value the flash put out after the previous falling edge.
 *
 * Usage: test_spi_flash WORKDIR
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spi_flash.h"

#define SIZE (4u << 20)

static int failures;
static int miso_last = 1;
static uint64_t clocks;

#define CHECK(cond, ...)                                                        \
	do {                                                                    \
		if (!(cond)) {                                                  \
			failures++;                                             \
			fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);   \
			fprintf(stderr, __VA_ARGS__);                           \
			fputc('\n', stderr);                                    \
		}                                                               \
	} while (0)

static void tick(struct spi_flash *f, int cs_n, int sck, int mosi)
{
	miso_last = spi_flash_clock(f, cs_n, sck, mosi);
	clocks++;
}

static void cs_low(struct spi_flash *f)
{
	tick(f, 1, 0, 0);
	tick(f, 0, 0, 0);
}

static void cs_high(struct spi_flash *f)
{
	tick(f, 0, 0, 0);
	tick(f, 1, 0, 0);
	tick(f, 1, 0, 0);
}

/* Eight bits, then the falling edge that ends the byte, as srtpo_spi does. */
static uint8_t xfer(struct spi_flash *f, uint8_t tx)
{
	uint8_t rx = 0;
	int i;

	for (i = 7; i >= 0; i--) {
		int bit = (tx >> i) & 1;

		tick(f, 0, 0, bit);
		rx = (uint8_t)((rx << 1) | miso_last);
		tick(f, 0, 1, bit);
	}
	tick(f, 0, 0, 0);
	return rx;
}

/* A whole transaction: tx[0..n) out, the same number of bytes in. */
static void txn(struct spi_flash *f, const uint8_t *tx, uint8_t *rx, size_t n)
{
	size_t i;

	cs_low(f);
	for (i = 0; i < n; i++) {
		uint8_t r = xfer(f, tx ? tx[i] : 0);

		if (rx)
			rx[i] = r;
	}
	cs_high(f);
}

static void cmd1(struct spi_flash *f, uint8_t c)
{
	txn(f, &c, NULL, 1);
}

static uint8_t status(struct spi_flash *f)
{
	uint8_t tx[2] = { 0x05, 0 }, rx[2];

	txn(f, tx, rx, 2);
	return rx[1];
}

static uint8_t flag_status(struct spi_flash *f)
{
	uint8_t tx[2] = { 0x70, 0 }, rx[2];

	txn(f, tx, rx, 2);
	return rx[1];
}

static unsigned wait_ready(struct spi_flash *f)
{
	unsigned polls = 0;

	while ((status(f) & 1) && polls < 1000000)
		polls++;
	return polls;
}

static void read4(struct spi_flash *f, uint32_t addr, uint8_t *out, size_t n)
{
	uint8_t hdr[5] = { 0x13, addr >> 24, addr >> 16, addr >> 8, addr };
	size_t i;

	cs_low(f);
	for (i = 0; i < 5; i++)
		xfer(f, hdr[i]);
	for (i = 0; i < n; i++)
		out[i] = xfer(f, 0);
	cs_high(f);
}

static void read3(struct spi_flash *f, uint32_t addr, uint8_t *out, size_t n)
{
	uint8_t hdr[4] = { 0x03, addr >> 16, addr >> 8, addr };
	size_t i;

	cs_low(f);
	for (i = 0; i < 4; i++)
		xfer(f, hdr[i]);
	for (i = 0; i < n; i++)
		out[i] = xfer(f, 0);
	cs_high(f);
}

static void program4(struct spi_flash *f, uint32_t addr, const uint8_t *d, size_t n)
{
	uint8_t hdr[5] = { 0x12, addr >> 24, addr >> 16, addr >> 8, addr };
	size_t i;

	cs_low(f);
	for (i = 0; i < 5; i++)
		xfer(f, hdr[i]);
	for (i = 0; i < n; i++)
		xfer(f, d[i]);
	cs_high(f);
}

static void erase4(struct spi_flash *f, uint8_t op, uint32_t addr)
{
	uint8_t tx[5] = { op, addr >> 24, addr >> 16, addr >> 8, addr };

	txn(f, tx, NULL, 5);
}

static int all_ff(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++ != 0xff)
			return 0;
	return 1;
}

static struct spi_flash *open_flash(const char *path, uint32_t busy, uint64_t cut)
{
	struct spi_flash_cfg cfg = {
		.path = path, .size = SIZE, .busy_page = busy, .busy_subsector = busy * 4,
		.busy_sector = busy * 8, .busy_bulk = busy * 16, .cut_after = cut,
	};
	char err[256];
	struct spi_flash *f = spi_flash_open(&cfg, err, sizeof(err));

	if (!f) {
		fprintf(stderr, "spi_flash_open: %s\n", err);
		exit(1);
	}
	return f;
}

static void test_id_and_blank(struct spi_flash *f)
{
	uint8_t tx[6] = { 0x9f }, rx[6], buf[64];

	txn(f, tx, rx, 6);
	CHECK(rx[1] == 0x20 && rx[2] == 0xbb && rx[3] == 0x16,
	      "JEDEC ID %02x %02x %02x, want 20 bb 16 (4 MiB MT25QU)", rx[1], rx[2], rx[3]);
	CHECK(spi_flash_capacity_code(128u << 20) == 0x21, "1 Gbit capacity code");
	CHECK(spi_flash_capacity_bytes(0x21) == (128u << 20), "capacity 0x21");
	CHECK(spi_flash_capacity_bytes(0x16) == SIZE, "capacity 0x16");
	CHECK(status(f) == 0, "fresh status %02x", status(f));
	CHECK(flag_status(f) == 0x80, "fresh flag status %02x", flag_status(f));
	read4(f, 0x1234, buf, sizeof(buf));
	CHECK(all_ff(buf, sizeof(buf)), "a new flash reads erased");
}

static void test_program(struct spi_flash *f)
{
	uint8_t d[256], back[256];
	unsigned i, polls;

	for (i = 0; i < sizeof(d); i++)
		d[i] = (uint8_t)(i * 7 + 1);
	/* without WEL: ignored */
	program4(f, 0x1000, d, 256);
	CHECK(!(status(f) & 1), "program without WEL set WIP");
	read4(f, 0x1000, back, 256);
	CHECK(all_ff(back, 256), "program without WEL changed the array");

	cmd1(f, 0x06);
	CHECK(status(f) == 0x02, "WEL after 0x06: status %02x", status(f));
	cmd1(f, 0x04);
	CHECK(status(f) == 0x00, "WEL after 0x04: status %02x", status(f));

	cmd1(f, 0x06);
	program4(f, 0x1000, d, 256);
	CHECK(status(f) & 1, "no WIP after a page program");
	CHECK(!(flag_status(f) & 0x80), "flag status ready while programming");
	/* while WIP, reads are ignored: MISO stays high */
	read4(f, 0x1000, back, 4);
	CHECK(all_ff(back, 4), "a read answered while WIP was set");
	polls = wait_ready(f);
	CHECK(polls > 0, "WIP cleared at once");
	CHECK(status(f) == 0, "WEL still set after the program: status %02x", status(f));
	read4(f, 0x1000, back, 256);
	CHECK(!memcmp(back, d, 256), "page readback differs");
	read3(f, 0x1000, back, 256);
	CHECK(!memcmp(back, d, 256), "3-byte read differs");
	CHECK(spi_flash_data(f)[0x1005] == d[5], "array differs from the pins");

	/* programming only clears bits */
	memset(d, 0xf0, 16);
	cmd1(f, 0x06);
	program4(f, 0x1000, d, 16);
	wait_ready(f);
	read4(f, 0x1000, back, 16);
	for (i = 0; i < 16; i++)
		CHECK(back[i] == (uint8_t)(0xf0 & (i * 7 + 1)), "byte %u: %02x after 1->0 program",
		      i, back[i]);
}

static void test_wrap(struct spi_flash *f)
{
	uint8_t d[300], back[256];
	unsigned i;

	for (i = 0; i < sizeof(d); i++)
		d[i] = (uint8_t)(0x80 ^ i);
	cmd1(f, 0x06);
	program4(f, 0x20000 + 250, d, sizeof(d));
	wait_ready(f);
	read4(f, 0x20000, back, 256);
	/* the column wraps inside the page: byte i lands on column (250 + i) % 256, and the last
	 * byte clocked in for a column is the one programmed */
	for (i = 0; i < 256; i++) {
		unsigned src = 0, k;

		for (k = 0; k < sizeof(d); k++)
			if ((250 + k) % 256 == i)
				src = k;
		CHECK(back[i] == d[src], "wrap: column %u = %02x, want %02x", i, back[i], d[src]);
	}
	read4(f, 0x20100, back, 16);
	CHECK(all_ff(back, 16), "program spilled into the next page");
}

static void test_erase(struct spi_flash *f)
{
	static uint8_t d[256], back[256];
	const uint8_t *m = spi_flash_data(f);
	uint32_t a;

	memset(d, 0x00, sizeof(d));
	for (a = 0x30000; a < 0x50000; a += 0x1000) {
		cmd1(f, 0x06);
		program4(f, a, d, 256);
		wait_ready(f);
	}
	/* without WEL: nothing */
	erase4(f, 0x21, 0x31000);
	CHECK(m[0x31000] == 0, "4 KiB erase without WEL erased");
	cmd1(f, 0x06);
	erase4(f, 0x21, 0x31abc);
	CHECK(status(f) & 1, "no WIP after a 4 KiB erase");
	wait_ready(f);
	CHECK(m[0x30000] == 0 && m[0x32000] == 0, "4 KiB erase went outside its sector");
	CHECK(all_ff(m + 0x31000, 4096), "4 KiB erase left data");
	cmd1(f, 0x06);
	erase4(f, 0xdc, 0x4ffff);
	wait_ready(f);
	CHECK(all_ff(m + 0x40000, 65536), "64 KiB erase left data");
	CHECK(m[0x3f000] == 0, "64 KiB erase went outside its sector");
	/* 3-byte forms */
	cmd1(f, 0x06);
	{
		uint8_t tx[4] = { 0x20, 0x03, 0x00, 0x00 };

		txn(f, tx, NULL, 4);
	}
	wait_ready(f);
	CHECK(all_ff(m + 0x30000, 4096), "0x20 erase left data");
	cmd1(f, 0x06);
	{
		uint8_t tx[4] = { 0xd8, 0x03, 0x00, 0x00 };

		txn(f, tx, NULL, 4);
	}
	wait_ready(f);
	CHECK(all_ff(m + 0x30000, 65536), "0xD8 erase left data");
	read4(f, 0x3f000, back, 256);
	CHECK(all_ff(back, 256), "erased data reads back programmed");
}

static void test_addr4(struct spi_flash *f)
{
	uint8_t d[4] = { 1, 2, 3, 4 }, back[4];
	uint8_t tx[9] = { 0x03, 0x00, 0x01, 0x23, 0x45 };
	uint8_t rx[9];

	cmd1(f, 0x06);
	program4(f, 0x12345, d, 4);
	wait_ready(f);
	cmd1(f, 0xb7);
	CHECK(flag_status(f) & 1, "flag status bit 0 clear in 4-byte mode");
	txn(f, tx, rx, 9);
	CHECK(!memcmp(rx + 5, d, 4), "0x03 in 4-byte mode: %02x %02x %02x %02x", rx[5], rx[6],
	      rx[7], rx[8]);
	cmd1(f, 0xe9);
	CHECK(!(flag_status(f) & 1), "flag status bit 0 set after 0xE9");
	read3(f, 0x12345, back, 4);
	CHECK(!memcmp(back, d, 4), "0x03 in 3-byte mode");
	/* software reset drops 4-byte mode */
	cmd1(f, 0xb7);
	cmd1(f, 0x66);
	cmd1(f, 0x99);
	CHECK(!(flag_status(f) & 1), "reset kept 4-byte mode");
}

static void test_partial_byte(struct spi_flash *f)
{
	uint8_t hdr[5] = { 0x12, 0, 0x06, 0, 0 };
	const uint8_t *m = spi_flash_data(f);
	int i;

	cmd1(f, 0x06);
	cs_low(f);
	for (i = 0; i < 5; i++)
		xfer(f, hdr[i]);
	xfer(f, 0x00);
	/* three more bits, then chip select rises: the program is dropped */
	for (i = 0; i < 3; i++) {
		tick(f, 0, 0, 0);
		tick(f, 0, 1, 0);
	}
	cs_high(f);
	CHECK(!(status(f) & 1), "program with a partial byte ran");
	CHECK(m[0x60000] == 0xff, "program with a partial byte changed the array");
}

static void test_bulk(struct spi_flash *f)
{
	cmd1(f, 0x06);
	cmd1(f, 0xc7);
	wait_ready(f);
	CHECK(all_ff(spi_flash_data(f), SIZE), "bulk erase left data");
}

static void test_persist_and_cut(const char *path)
{
	struct spi_flash *f;
	struct spi_flash_cfg cfg = { .path = path, .size = SIZE * 2 };
	uint8_t d[256], back[300], tx[4] = { 0x9f };
	char err[256];
	unsigned i;

	f = open_flash(path, 10, 0);
	memset(d, 0x5a, sizeof(d));
	cmd1(f, 0x06);
	program4(f, 0x200000, d, 256);
	wait_ready(f);
	CHECK(spi_flash_close(f) == 0, "close");

	CHECK(!spi_flash_open(&cfg, err, sizeof(err)), "a file of the wrong size was accepted");
	CHECK(strstr(err, "bytes"), "size error message: %s", err);

	/* reopen: the data is still there; power cut after 300 programmed bytes */
	f = open_flash(path, 10, 300);
	read4(f, 0x200000, back, 256);
	CHECK(!memcmp(back, d, 256), "data lost between runs");
	for (i = 0; i < 256; i++)
		d[i] = (uint8_t)i;
	cmd1(f, 0x06);
	program4(f, 0x300000, d, 256);
	wait_ready(f);
	CHECK(!spi_flash_power_lost(f), "power lost after 256 bytes");
	cmd1(f, 0x06);
	program4(f, 0x300100, d, 256);
	CHECK(spi_flash_power_lost(f), "power still on after %llu bytes",
	      (unsigned long long)spi_flash_programmed(f));
	CHECK(spi_flash_programmed(f) == 300, "%llu bytes programmed, want 300",
	      (unsigned long long)spi_flash_programmed(f));
	txn(f, tx, back, 4);
	CHECK(back[1] == 0xff && back[2] == 0xff, "a flash without power answered its ID");
	CHECK(status(f) == 0xff, "a flash without power answered its status");
	CHECK(spi_flash_close(f) == 0, "close");

	f = open_flash(path, 10, 0);
	read4(f, 0x300100, back, 256);
	for (i = 0; i < 44; i++)
		CHECK(back[i] == i, "cut page byte %u = %02x", i, back[i]);
	CHECK(all_ff(back + 44, 212), "bytes after the power cut were written");
	spi_flash_close(f);
}

int main(int argc, char **argv)
{
	char path[4096];
	struct spi_flash *f;

	if (argc != 2) {
		fprintf(stderr, "usage: test_spi_flash WORKDIR\n");
		return 2;
	}
	mkdir(argv[1], 0755);
	snprintf(path, sizeof(path), "%s/unit.flash", argv[1]);
	unlink(path);

	f = open_flash(path, 500, 0);
	test_id_and_blank(f);
	test_program(f);
	test_wrap(f);
	test_erase(f);
	test_addr4(f);
	test_partial_byte(f);
	test_bulk(f);
	spi_flash_close(f);
	test_persist_and_cut(path);
	unlink(path);

	if (failures) {
		fprintf(stderr, "test_spi_flash: %d failure(s)\n", failures);
		return 1;
	}
	printf("test_spi_flash: ok (%llu clocks)\n", (unsigned long long)clocks);
	return 0;
}
