/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pcidev.h - the PCI function the device server presents for one srtpo card: configuration
 * space (IDs, class, BAR sizing, MSI-X and MSI capabilities), BAR2 with the MSI-X table and
 * pending-bit array, and the interrupt decision (which message to send for a queue's line).
 *
 * BAR0: 64-bit non-prefetchable memory, 1 MiB, the card's registers (srtpo_regs.h).
 * BAR2: 32-bit memory, 4 KiB: MSI-X table at 0, PBA at 0x800 (absent with MSI only).
 * Capabilities: MSI-X (one vector per queue), then MSI (64-bit, as many messages as queues).
 * No INTx: the card signals by message only (interrupt pin 0).
 */
#ifndef SRTPO_UML_PCIDEV_H
#define SRTPO_UML_PCIDEV_H

#include <stddef.h>
#include <stdint.h>

#define PCIDEV_CFG_BYTES    256u
#define PCIDEV_BAR0_BYTES   (1u << 20)
#define PCIDEV_BAR2_BYTES   4096u
#define PCIDEV_MSIX_PBA     0x800u
#define PCIDEV_MAX_VECTORS  64u

/* config space offsets of our capabilities */
#define PCIDEV_CAP_MSIX     0x40u
#define PCIDEV_CAP_MSI      0x50u

struct pcidev {
	uint8_t cfg[PCIDEV_CFG_BYTES];
	uint8_t wmask[PCIDEV_CFG_BYTES];     /* bits a config write may change */
	unsigned int nvec;                   /* interrupt lines = MSI-X table entries */
	int has_msix;                        /* MSI-X capability and BAR2 present */
	uint8_t msix[PCIDEV_MAX_VECTORS][16];
	uint64_t pba;
};

/* What an interrupt line turns into right now. */
enum pcidev_irq_action {
	PCIDEV_IRQ_SEND,     /* send the message in addr, data, data_size */
	PCIDEV_IRQ_HOLD,     /* keep it: masked (MSI-X PBA bit set) or bus mastering off */
	PCIDEV_IRQ_DROP,     /* no interrupt mechanism enabled, or no such vector */
};

/* nvec interrupt lines; msix 0 leaves out the MSI-X capability and BAR2 (MSI only). */
void pcidev_init(struct pcidev *p, unsigned int nvec, int msix);
/* Config space access of 1, 2, 4 or 8 bytes. Returns 0, or -1 for a bad size/offset (a read
 * then gives all ones). Bytes past the 256 of conventional space read 0 and ignore writes. */
int pcidev_cfg_read(const struct pcidev *p, uint32_t off, uint32_t size, uint8_t *out);
int pcidev_cfg_write(struct pcidev *p, uint32_t off, uint32_t size, const uint8_t *in);
/* BAR2 (MSI-X table and PBA). Returns 0 or -1 (outside the BAR). */
int pcidev_bar2_read(const struct pcidev *p, uint64_t off, uint32_t size, uint8_t *out);
int pcidev_bar2_write(struct pcidev *p, uint64_t off, uint32_t size, const uint8_t *in);

int pcidev_mem_enabled(const struct pcidev *p);
int pcidev_bus_master(const struct pcidev *p);
/* Decides for line v. With MSI-X and the vector masked, sets its pending bit (and returns
 * HOLD); pcidev_msix_unmasked lists pending vectors that may now be sent. */
enum pcidev_irq_action pcidev_irq(struct pcidev *p, unsigned int v, uint64_t *addr,
				  uint32_t *data, uint32_t *data_size);
/* Vectors whose pending bit is set and that are no longer masked: their bits are cleared and
 * returned (the caller sends them). */
uint64_t pcidev_msix_unmasked(struct pcidev *p);
/* Human-readable state for logs. */
void pcidev_describe(const struct pcidev *p, char *buf, size_t len);

#endif /* SRTPO_UML_PCIDEV_H */
