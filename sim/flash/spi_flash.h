/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spi_flash.h - a Micron MT25Q-class SPI NOR flash (the MT25QU01G of the Alveo U50) driven at
 * the pin level, one call per clock of the controller, backed by a file so that its contents
 * survive between runs.
 *
 * Single-bit SPI, mode 0: MOSI is sampled on the rising edge of SCK, MISO changes after the
 * falling edge. Commands: 0x9F/0x9E JEDEC ID, 0x05 status (bit 0 WIP, bit 1 WEL), 0x70 flag
 * status (bit 7 ready, bit 0 4-byte mode), 0x06/0x04 write enable/disable, 0x03 read and 0x13
 * 4-byte read, 0x02 page program and 0x12 4-byte page program (256-byte pages: the address wraps
 * inside the page, bits only go from 1 to 0), 0x20/0x21 4 KiB erase, 0xD8/0xDC 64 KiB erase,
 * 0xC7/0xC4 bulk erase, 0xB7/0xE9 enter/exit 4-byte address mode, 0x66/0x99 reset. Program and
 * erase take effect when chip select rises and leave WIP set for a set number of clocks; while
 * WIP is set only the status reads answer. Program and erase without WEL are ignored.
 */
#ifndef SRTPO_SPI_FLASH_H
#define SRTPO_SPI_FLASH_H

#include <stddef.h>
#include <stdint.h>

#define SPI_FLASH_PAGE      256u
#define SPI_FLASH_SUBSECTOR 4096u
#define SPI_FLASH_SECTOR    65536u

struct spi_flash;

struct spi_flash_cfg {
	const char *path;          /* backing file: created (erased, all 0xFF) when missing */
	uint64_t size;             /* bytes, a power of two from 64 KiB to 256 MiB */
	uint32_t busy_page;        /* clocks WIP stays set after a page program */
	uint32_t busy_subsector;   /* ... after a 4 KiB erase */
	uint32_t busy_sector;      /* ... after a 64 KiB erase */
	uint32_t busy_bulk;        /* ... after a bulk erase */
	/*
	 * Power cut: after this many bytes have been programmed (counted over page programs, the
	 * bytes of the page that crosses the limit included up to it), the part loses power: the
	 * rest of that page is not written and it answers nothing any more (MISO high). 0: never.
	 */
	uint64_t cut_after;
};

/*
 * The JEDEC capacity byte of an MT25Q part of `size` bytes (0x18 for 16 MiB ... 0x21 for 1 Gbit,
 * 0x22 for 2 Gbit; 0x17 and below are log2 of the size), and the size for a capacity byte (0 for
 * an unknown one).
 */
uint8_t spi_flash_capacity_code(uint64_t size);
uint64_t spi_flash_capacity_bytes(uint8_t code);

/*
 * Opens (or creates) the backing file and maps it. An existing file must have exactly cfg->size
 * bytes. NULL on failure with a message in err.
 */
struct spi_flash *spi_flash_open(const struct spi_flash_cfg *cfg, char *err, size_t errlen);
/* Writes the contents back (msync) and releases everything. Returns 0, or -1 on a write error. */
int spi_flash_close(struct spi_flash *f);

/* One clock: the pins as the controller drives them after the edge. Returns MISO (0 or 1). */
int spi_flash_clock(struct spi_flash *f, int cs_n, int sck, int mosi);

/* The array, for the configuration logic of the simulated FPGA (read only). */
const uint8_t *spi_flash_data(const struct spi_flash *f);
uint64_t spi_flash_size(const struct spi_flash *f);
/* Bytes programmed so far (for the power-cut knob), and whether the power has been cut. */
uint64_t spi_flash_programmed(const struct spi_flash *f);
int spi_flash_power_lost(const struct spi_flash *f);
/* Whether a program or erase is running (WIP). */
int spi_flash_busy(const struct spi_flash *f);

#endif /* SRTPO_SPI_FLASH_H */
