// SPDX-License-Identifier: BSD-3-Clause
/*
 * spi_flash.c - the MT25Q-class SPI NOR flash model (see spi_flash.h for the command set).
 *
 * The model sees the pins once per controller clock and acts on the edges of SCK while chip
 * select is low: a rising edge shifts MOSI in, a falling edge shifts the next MISO bit out. A
 * byte is decoded when its eighth bit is in, so the first bit of an answer is on MISO after the
 * falling edge that follows the last bit of the command or address, as on the part.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spi_flash.h"

#define MICRON_ID 0x20
#define MT25QU_TYPE 0xbb    /* 1.8 V MT25QU */

enum phase {
	PH_CMD,      /* waiting for the command byte */
	PH_ADDR,     /* address bytes */
	PH_DATA,     /* data in (program) or out (reads) */
	PH_IGNORE,   /* command refused or finished: clock the rest of the transaction away */
};

struct spi_flash {
	uint8_t *mem;
	uint64_t size;
	int fd;
	struct spi_flash_cfg cfg;

	/* pins */
	int cs_n, sck;
	/* shift registers */
	uint8_t in;
	unsigned in_bits;
	uint8_t out;
	unsigned out_bits;
	int out_on;          /* an answer is being shifted out */
	int miso;

	/* transaction */
	enum phase ph;
	uint8_t cmd;
	unsigned addr_len, addr_got, nbytes;
	uint64_t addr;
	unsigned id_pos;
	uint8_t page[SPI_FLASH_PAGE];
	uint8_t loaded[SPI_FLASH_PAGE];
	unsigned col0;        /* column of the first data byte */
	unsigned nloaded;     /* data bytes clocked in (for the column of the next one) */

	/* state */
	int refused;         /* the command came while WIP was set: it does nothing */
	int wel, addr4, reset_en;
	uint64_t busy_left;
	uint64_t programmed;
	int dead;
};

uint8_t spi_flash_capacity_code(uint64_t size)
{
	unsigned lg = 0;

	while (lg < 63 && (1ull << lg) < size)
		lg++;
	/* Micron counts on in BCD-like steps above 256 Mbit: 0x20 = 512 Mbit, 0x21 = 1 Gbit */
	if (lg >= 26)
		return (uint8_t)(0x20 + (lg - 26));
	return (uint8_t)lg;
}

uint64_t spi_flash_capacity_bytes(uint8_t code)
{
	if (code >= 0x20 && code <= 0x22)
		return 1ull << (26 + (code - 0x20));
	if (code >= 0x10 && code <= 0x19)
		return 1ull << code;
	return 0;
}

static void set_err(char *err, size_t errlen, const char *fmt, const char *path, int e)
{
	if (err && errlen) {
		snprintf(err, errlen, fmt, path);
		if (e) {
			size_t n = strlen(err);

			snprintf(err + n, errlen - n, ": %s", strerror(e));
		}
	}
}

struct spi_flash *spi_flash_open(const struct spi_flash_cfg *cfg, char *err, size_t errlen)
{
	struct spi_flash *f;
	struct stat st;
	int fresh;

	if (cfg->size < SPI_FLASH_SECTOR || cfg->size > (256ull << 20) ||
	    (cfg->size & (cfg->size - 1))) {
		if (err && errlen)
			snprintf(err, errlen, "flash size %llu: need a power of two, "
				 "64 KiB to 256 MiB", (unsigned long long)cfg->size);
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		set_err(err, errlen, "%s: out of memory", cfg->path, 0);
		return NULL;
	}
	f->cfg = *cfg;
	f->size = cfg->size;
	f->cs_n = 1;
	f->miso = 1;
	f->fd = open(cfg->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (f->fd < 0) {
		set_err(err, errlen, "%s", cfg->path, errno);
		goto fail;
	}
	if (fstat(f->fd, &st) < 0) {
		set_err(err, errlen, "%s", cfg->path, errno);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		set_err(err, errlen, "%s: not a regular file", cfg->path, 0);
		goto fail;
	}
	fresh = st.st_size == 0;
	if (!fresh && (uint64_t)st.st_size != cfg->size) {
		if (err && errlen)
			snprintf(err, errlen, "%s has %llu bytes but the flash is %llu bytes",
				 cfg->path, (unsigned long long)st.st_size,
				 (unsigned long long)cfg->size);
		goto fail;
	}
	if (fresh && ftruncate(f->fd, (off_t)cfg->size) < 0) {
		set_err(err, errlen, "%s", cfg->path, errno);
		goto fail;
	}
	f->mem = mmap(NULL, cfg->size, PROT_READ | PROT_WRITE, MAP_SHARED, f->fd, 0);
	if (f->mem == MAP_FAILED) {
		f->mem = NULL;
		set_err(err, errlen, "%s: mmap", cfg->path, errno);
		goto fail;
	}
	if (fresh)
		memset(f->mem, 0xff, cfg->size);   /* a new part comes erased */
	return f;
fail:
	if (f->fd >= 0)
		close(f->fd);
	free(f);
	return NULL;
}

int spi_flash_close(struct spi_flash *f)
{
	int ret = 0;

	if (!f)
		return 0;
	if (f->mem) {
		if (msync(f->mem, f->size, MS_SYNC) < 0)
			ret = -1;
		munmap(f->mem, f->size);
	}
	if (f->fd >= 0 && close(f->fd) < 0)
		ret = -1;
	free(f);
	return ret;
}

const uint8_t *spi_flash_data(const struct spi_flash *f)
{
	return f->mem;
}

uint64_t spi_flash_size(const struct spi_flash *f)
{
	return f->size;
}

uint64_t spi_flash_programmed(const struct spi_flash *f)
{
	return f->programmed;
}

int spi_flash_power_lost(const struct spi_flash *f)
{
	return f->dead;
}

int spi_flash_busy(const struct spi_flash *f)
{
	return f->busy_left != 0;
}

static uint8_t status_reg(const struct spi_flash *f)
{
	return (uint8_t)((f->busy_left ? 0x01 : 0) | (f->wel ? 0x02 : 0));
}

static uint8_t flag_status_reg(const struct spi_flash *f)
{
	return (uint8_t)((f->busy_left ? 0 : 0x80) | (f->addr4 ? 0x01 : 0));
}

static void answer(struct spi_flash *f, uint8_t b)
{
	f->out = b;
	f->out_bits = 0;
	f->out_on = 1;
}

static unsigned cmd_addr_len(const struct spi_flash *f, uint8_t cmd)
{
	switch (cmd) {
	case 0x03: case 0x02: case 0x20: case 0xd8:
		return f->addr4 ? 4 : 3;
	case 0x13: case 0x12: case 0x21: case 0xdc:
		return 4;
	default:
		return 0;
	}
}

static uint8_t id_byte(const struct spi_flash *f, unsigned i)
{
	/* manufacturer, memory type, capacity, then the extended ID bytes (0x10: length of the
	 * rest, 0x40: default configuration) and zeros for the unique ID */
	static const uint8_t ext[] = { 0x10, 0x40 };

	switch (i) {
	case 0: return MICRON_ID;
	case 1: return MT25QU_TYPE;
	case 2: return spi_flash_capacity_code(f->size);
	default: return i - 3 < sizeof(ext) ? ext[i - 3] : 0;
	}
}

/* A whole byte came in on MOSI. */
static void byte_in(struct spi_flash *f, uint8_t b)
{
	f->nbytes++;
	switch (f->ph) {
	case PH_CMD:
		f->cmd = b;
		f->addr = 0;
		f->addr_got = 0;
		f->ph = PH_IGNORE;
		f->refused = f->busy_left && b != 0x05 && b != 0x70;
		if (f->refused)
			return;  /* only the status reads answer while a program or erase runs */
		switch (b) {
		case 0x05:
			answer(f, status_reg(f));
			f->ph = PH_DATA;
			break;
		case 0x70:
			answer(f, flag_status_reg(f));
			f->ph = PH_DATA;
			break;
		case 0x9f: case 0x9e:
			f->id_pos = 1;
			answer(f, id_byte(f, 0));
			f->ph = PH_DATA;
			break;
		default:
			f->addr_len = cmd_addr_len(f, b);
			if (f->addr_len)
				f->ph = PH_ADDR;
			/* one-byte commands act when chip select rises */
			break;
		}
		return;
	case PH_ADDR:
		f->addr = (f->addr << 8) | b;
		if (++f->addr_got < f->addr_len)
			return;
		f->addr &= f->size - 1;
		f->ph = PH_DATA;
		if (f->cmd == 0x03 || f->cmd == 0x13) {
			answer(f, f->mem[f->addr]);
		} else if (f->cmd == 0x02 || f->cmd == 0x12) {
			memset(f->loaded, 0, sizeof(f->loaded));
			f->col0 = (unsigned)(f->addr % SPI_FLASH_PAGE);
			f->nloaded = 0;
		}
		return;
	case PH_DATA:
		switch (f->cmd) {
		case 0x05:
			answer(f, status_reg(f));
			break;
		case 0x70:
			answer(f, flag_status_reg(f));
			break;
		case 0x9f: case 0x9e:
			answer(f, id_byte(f, f->id_pos++));
			break;
		case 0x03: case 0x13:
			f->addr = (f->addr + 1) & (f->size - 1);
			answer(f, f->mem[f->addr]);
			break;
		case 0x02: case 0x12: {
			/* past the end of the page the column wraps: later bytes replace
			 * earlier ones */
			unsigned col = (f->col0 + f->nloaded++) % SPI_FLASH_PAGE;

			f->page[col] = b;
			f->loaded[col] = 1;
			break;
		}
		default:
			f->ph = PH_IGNORE;
			break;
		}
		return;
	case PH_IGNORE:
		return;
	}
}

static void erase(struct spi_flash *f, uint64_t bytes, uint32_t busy)
{
	uint64_t base = f->addr & ~(bytes - 1);

	memset(f->mem + base, 0xff, bytes);
	f->busy_left = busy ? busy : 1;
}

static void program(struct spi_flash *f)
{
	uint64_t page = f->addr & ~(uint64_t)(SPI_FLASH_PAGE - 1);
	unsigned i;

	for (i = 0; i < SPI_FLASH_PAGE; i++) {
		unsigned col = (f->col0 + i) % SPI_FLASH_PAGE;

		if (!f->loaded[col])
			continue;
		if (f->cfg.cut_after && f->programmed >= f->cfg.cut_after) {
			f->dead = 1;
			return;
		}
		f->mem[page + col] &= f->page[col];  /* programming only clears bits */
		f->programmed++;
	}
	if (f->cfg.cut_after && f->programmed >= f->cfg.cut_after) {
		f->dead = 1;
		return;
	}
	f->busy_left = f->cfg.busy_page ? f->cfg.busy_page : 1;
}

/* Chip select went high: commands that act at the end of their transaction run now. */
static void end_transaction(struct spi_flash *f)
{
	int whole = f->in_bits == 0;   /* a partial last byte cancels program and erase */
	int addressed = f->ph == PH_DATA || (f->ph == PH_ADDR && f->addr_got == f->addr_len);
	uint8_t cmd = f->cmd;

	f->out_on = 0;
	f->in_bits = 0;
	if (f->nbytes == 0)
		goto done;
	if (f->refused || f->busy_left)
		goto done;
	if (f->nbytes == 1 && whole) {
		switch (cmd) {
		case 0x06:
			f->wel = 1;
			break;
		case 0x04:
			f->wel = 0;
			break;
		case 0xb7:
			f->addr4 = 1;
			break;
		case 0xe9:
			f->addr4 = 0;
			break;
		case 0x66:
			f->reset_en = 1;
			goto done_keep_reset;
		case 0x99:
			if (f->reset_en) {
				f->addr4 = 0;
				f->wel = 0;
			}
			break;
		case 0xc7: case 0xc4:
			if (f->wel) {
				f->addr = 0;
				erase(f, f->size, f->cfg.busy_bulk);
				f->wel = 0;
			}
			break;
		default:
			break;
		}
	} else if (whole && addressed && f->wel) {
		switch (cmd) {
		case 0x20: case 0x21:
			if (f->nbytes == 1 + f->addr_len) {
				erase(f, SPI_FLASH_SUBSECTOR, f->cfg.busy_subsector);
				f->wel = 0;
			}
			break;
		case 0xd8: case 0xdc:
			if (f->nbytes == 1 + f->addr_len) {
				erase(f, SPI_FLASH_SECTOR, f->cfg.busy_sector);
				f->wel = 0;
			}
			break;
		case 0x02: case 0x12:
			if (f->nloaded) {
				program(f);
				f->wel = 0;
			}
			break;
		default:
			break;
		}
	}
done:
	f->reset_en = 0;
done_keep_reset:
	f->ph = PH_CMD;
	f->nbytes = 0;
}

int spi_flash_clock(struct spi_flash *f, int cs_n, int sck, int mosi)
{
	cs_n = !!cs_n;
	sck = !!sck;
	if (f->dead) {
		f->cs_n = cs_n;
		f->sck = sck;
		return 1;
	}
	if (f->busy_left)
		f->busy_left--;
	if (cs_n) {
		if (!f->cs_n)
			end_transaction(f);
		f->cs_n = 1;
		f->sck = sck;
		f->miso = 1;
		return 1;
	}
	if (f->cs_n) {
		/* start of a transaction */
		f->ph = PH_CMD;
		f->nbytes = 0;
		f->in_bits = 0;
		f->out_on = 0;
		f->cs_n = 0;
	} else if (sck && !f->sck) {
		f->in = (uint8_t)((f->in << 1) | (mosi ? 1 : 0));
		if (++f->in_bits == 8) {
			f->in_bits = 0;
			byte_in(f, f->in);
		}
	} else if (!sck && f->sck) {
		if (f->out_on && f->out_bits < 8) {
			f->miso = (f->out >> (7 - f->out_bits)) & 1;
			f->out_bits++;
		} else {
			f->miso = 1;
		}
	}
	f->sck = sck;
	return f->miso;
}
