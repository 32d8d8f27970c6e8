/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * card_open.h - the card a management command works on (`srtpo flash|info|stats DEV`).
 *
 * DEV is one of:
 *   sim:FLASHFILE  the Verilated card (libsrtpo_sim.so, loaded at run time) with a SPI NOR flash
 *                  model backed by FLASHFILE (created erased when missing, the size of the
 *                  board's flash). Behind the card's reload the simulated FPGA configuration
 *                  logic boots the image at the reload address when it is a well-formed stream
 *                  for the board's FPGA, else falls back to the golden image.
 *   /dev/srtpoN    a card bound to the srtpo driver: its PCI function, found through sysfs
 *   BDF            a PCI address, [DDDD:]BB:DD.F
 * Read-only opens (info, stats, list) of a card bound to the srtpo driver go through the
 * driver's attributes (/sys/class/srtpo/srtpoN/: no root needed, the driver's BAR is left
 * alone); anything else reaches a real card through BAR0 (/sys/bus/pci/devices/BDF/resource0,
 * mapped; root only).
 *
 * Knobs of the simulated card, for tests: SRTPO_SIM_FLASH_BYTES (flash size, e.g. 4M),
 * SRTPO_SIM_FLASH_CUT (the flash loses power after that many bytes are programmed),
 * SRTPO_SIM_FLASH_BUSY (clocks a page program keeps WIP set; erases take 4 and 8 times that).
 * SRTPO_SIM_LIB names the model's shared object (default: libsrtpo_sim.so beside the srtpo
 * binary, then the library search path).
 */
#ifndef SRTPO_TOOLS_CARD_OPEN_H
#define SRTPO_TOOLS_CARD_OPEN_H

#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "card.h"

struct card_dev {
	struct srtpo_card *card;
	int sim;                 /* the simulated card */
	char bdf[32];            /* real card: its PCI address */
	char flash_path[4096];   /* simulated card: the flash file */
	uint64_t sim_flash_bytes;
};

enum {
	CARD_OPEN_RO = 0,        /* registers read only (info, stats) */
	CARD_OPEN_RW = 1,        /* registers written too (flash) */
};

/*
 * Opens DEV. Checks that the card answers with the srtpo magic. Returns NULL with a one-line
 * reason in err.
 */
struct card_dev *card_open(const char *dev, int mode, char *err, size_t errlen);
/* Returns 0, or -1 when the simulated flash could not be written back (message on stderr). */
int card_close(struct card_dev *d);

/* The flash layout of the card (the simulated card: scaled to its flash). */
void card_flash_layout(const struct card_dev *d, struct flash_layout *l);

/*
 * Whether the configuration flash of the simulated card lost power (the SRTPO_SIM_FLASH_CUT
 * knob); always 0 for a real card.
 */
int card_flash_power_lost(const struct card_dev *d);

/*
 * Reloads the FPGA from flash address addr (RELOAD_ADDR, RELOAD_TRIGGER) and waits for the card
 * to come back: on a real card the PCI function is removed through sysfs, the reload triggered,
 * and the bus rescanned. Returns 0 with RELOAD_BOOT_STATUS of the new image in *status, or -1
 * with a reason in err (the card did not come back).
 */
int card_reload(struct card_dev *d, uint32_t addr, uint32_t *status, char *err, size_t errlen);

/* Resolves DEV (/dev/srtpoN or a BDF) to a canonical DDDD:BB:DD.F. 0 or -1 with err. */
int card_resolve_bdf(const char *dev, char *bdf, size_t bdflen, char *err, size_t errlen);

/*
 * A read-only look at BAR0 of a real card, for `srtpo list`: reads count registers at offs[].
 * Returns 0, or -1 when the BAR cannot be mapped (not root, no memory decoding).
 */
int card_peek_bar0(const char *bdf, const uint32_t *offs, uint32_t *vals, size_t count);

#endif /* SRTPO_TOOLS_CARD_OPEN_H */
