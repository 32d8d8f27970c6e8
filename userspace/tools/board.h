/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * board.h - the per-board constants the card-management commands (`srtpo flash`, `srtpo info`)
 * rely on: which FPGA a bitstream must be built for, which configuration flash the card carries
 * and where the golden and update images live in it.
 *
 * One board today, the AMD Alveo U50. The flash layout mirrors constraints/u50/flash.conf (the
 * Vivado build writes its images from that file; tests/flash/test-flash.sh checks that the two
 * agree).
 */
#ifndef SRTPO_TOOLS_BOARD_H
#define SRTPO_TOOLS_BOARD_H

#include <stdint.h>

#define SRTPO_BOARD_NAME        "Alveo U50"
#define SRTPO_BOARD_FPGA_PART   "xcu50-fsvh2104-2-e"
/* The device part of the name, as the .bit header and the IDCODE name it. */
#define SRTPO_BOARD_FPGA_DEVICE "xcu50"
/*
 * JTAG IDCODE of the XCU50 with the revision nibble (bits 31:28) cleared: the configuration
 * logic compares it with the IDCODE the bitstream writes. 0x?4B77093, as in AMD's BSDL files for
 * the part and the public JTAG device tables.
 */
#define SRTPO_BOARD_IDCODE      0x04b77093u
#define SRTPO_IDCODE_MASK       0x0fffffffu

/* Micron MT25QU01GBBB: manufacturer 0x20, type 0xBB (1.8 V), capacity 0x21 (1 Gbit) */
#define SRTPO_BOARD_FLASH_JEDEC 0x20bb21u
#define SRTPO_BOARD_FLASH_BYTES 0x08000000u
#define SRTPO_BOARD_ERASE_BYTES 0x00010000u  /* 64 KiB sector erase, 0xDC */
#define SRTPO_BOARD_PAGE_BYTES  0x00000100u  /* page program, 0x12 */
#define SRTPO_BOARD_GOLDEN_ADDR 0x00000000u
#define SRTPO_BOARD_GOLDEN_SIZE 0x04000000u
#define SRTPO_BOARD_UPDATE_ADDR 0x04000000u
#define SRTPO_BOARD_UPDATE_SIZE 0x04000000u

/* Where the images live in a flash of a given size. */
struct flash_layout {
	uint64_t flash_bytes;
	uint64_t golden_addr, golden_size;
	uint64_t update_addr, update_size;
	uint32_t erase_bytes, page_bytes;
};

/*
 * The board's layout; for a smaller flash (the simulated card's test flash) the same shape
 * scaled down: golden in the lower half, update in the upper half.
 */
static inline void flash_layout_for(uint64_t flash_bytes, struct flash_layout *l)
{
	l->flash_bytes = flash_bytes;
	l->erase_bytes = SRTPO_BOARD_ERASE_BYTES;
	l->page_bytes = SRTPO_BOARD_PAGE_BYTES;
	if (flash_bytes == SRTPO_BOARD_FLASH_BYTES) {
		l->golden_addr = SRTPO_BOARD_GOLDEN_ADDR;
		l->golden_size = SRTPO_BOARD_GOLDEN_SIZE;
		l->update_addr = SRTPO_BOARD_UPDATE_ADDR;
		l->update_size = SRTPO_BOARD_UPDATE_SIZE;
	} else {
		l->golden_addr = 0;
		l->golden_size = flash_bytes / 2;
		l->update_addr = flash_bytes / 2;
		l->update_size = flash_bytes / 2;
	}
}

#endif /* SRTPO_TOOLS_BOARD_H */
