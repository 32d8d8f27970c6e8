// SPDX-License-Identifier: BSD-3-Clause
/*
 * pcidev.c - configuration space and message interrupts of the srtpo PCI function as the
 * device server presents it (see pcidev.h for the layout).
 */
#include "pcidev.h"

#include <stdio.h>
#include <string.h>

#include "srtpo_regs.h"

/* standard header offsets and bits (PCI Local Bus 3.0, PCIe base spec) */
#define CFG_VENDOR      0x00
#define CFG_DEVICE      0x02
#define CFG_COMMAND     0x04
#define CFG_STATUS      0x06
#define CFG_REVISION    0x08
#define CFG_CLASS       0x09
#define CFG_CACHELINE   0x0c
#define CFG_LATENCY     0x0d
#define CFG_HEADER      0x0e
#define CFG_BAR0        0x10
#define CFG_SUBVENDOR   0x2c
#define CFG_SUBSYSTEM   0x2e
#define CFG_CAP_PTR     0x34
#define CFG_INT_LINE    0x3c
#define CFG_INT_PIN     0x3d

#define CMD_IO          0x0001u
#define CMD_MEMORY      0x0002u
#define CMD_MASTER      0x0004u
#define CMD_PARITY      0x0040u
#define CMD_SERR        0x0100u
#define CMD_INTX_OFF    0x0400u
#define STATUS_CAPLIST  0x0010u

#define BAR_MEM_64      0x4u

#define CAP_ID_MSI      0x05
#define CAP_ID_MSIX     0x11

#define MSIX_CTRL_ENABLE   0x8000u
#define MSIX_CTRL_MASKALL  0x4000u
#define MSIX_ENTRY_MASKED  0x1u

#define MSI_CTRL_ENABLE    0x0001u
#define MSI_CTRL_MMC_SHIFT 1
#define MSI_CTRL_MME_SHIFT 4
#define MSI_CTRL_MME_MASK  0x0070u
#define MSI_CTRL_64BIT     0x0080u

/* class: encryption/decryption controller, other */
#define CLASS_CODE      0x108000u
#define REVISION        0x01

static void put16(uint8_t *b, uint32_t off, uint16_t v)
{
	b[off] = (uint8_t)v;
	b[off + 1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *b, uint32_t off, uint32_t v)
{
	put16(b, off, (uint16_t)v);
	put16(b, off + 2, (uint16_t)(v >> 16));
}

static uint16_t get16(const uint8_t *b, uint32_t off)
{
	return (uint16_t)(b[off] | b[off + 1] << 8);
}

static uint32_t get32(const uint8_t *b, uint32_t off)
{
	return get16(b, off) | (uint32_t)get16(b, off + 2) << 16;
}

static unsigned int log2_ceil(unsigned int n)
{
	unsigned int l = 0;

	while ((1u << l) < n)
		l++;
	return l;
}

void pcidev_init(struct pcidev *p, unsigned int nvec, int msix)
{
	uint8_t *c = p->cfg, *w = p->wmask;
	unsigned int mmc;

	memset(p, 0, sizeof(*p));
	if (nvec < 1)
		nvec = 1;
	if (nvec > PCIDEV_MAX_VECTORS)
		nvec = PCIDEV_MAX_VECTORS;
	p->nvec = nvec;
	p->has_msix = msix;

	put16(c, CFG_VENDOR, SRTPO_HW_PCI_VENDOR_ID);
	put16(c, CFG_DEVICE, SRTPO_HW_PCI_DEVICE_ID);
	put16(w, CFG_COMMAND, CMD_MEMORY | CMD_MASTER | CMD_PARITY | CMD_SERR | CMD_INTX_OFF);
	put16(c, CFG_STATUS, STATUS_CAPLIST);
	c[CFG_REVISION] = REVISION;
	c[CFG_CLASS] = CLASS_CODE & 0xff;
	c[CFG_CLASS + 1] = (CLASS_CODE >> 8) & 0xff;
	c[CFG_CLASS + 2] = (CLASS_CODE >> 16) & 0xff;
	w[CFG_CACHELINE] = 0xff;
	w[CFG_LATENCY] = 0xff;
	c[CFG_HEADER] = 0;                 /* type 0, single function */

	/* BAR0/1: 64-bit memory; the low bits that do not stick give the size */
	put32(c, CFG_BAR0, BAR_MEM_64);
	put32(w, CFG_BAR0, ~(PCIDEV_BAR0_BYTES - 1u));
	put32(w, CFG_BAR0 + 4, 0xffffffffu);
	/* BAR2: 32-bit memory for MSI-X; BAR3..5 and the expansion ROM are not implemented */
	if (msix)
		put32(w, CFG_BAR0 + 8, ~(PCIDEV_BAR2_BYTES - 1u));

	put16(c, CFG_SUBVENDOR, SRTPO_HW_PCI_VENDOR_ID);
	put16(c, CFG_SUBSYSTEM, SRTPO_HW_PCI_DEVICE_ID);
	c[CFG_CAP_PTR] = msix ? PCIDEV_CAP_MSIX : PCIDEV_CAP_MSI;
	w[CFG_INT_LINE] = 0xff;
	c[CFG_INT_PIN] = 0;

	/* MSI-X: one vector per queue, table and PBA in BAR2 */
	if (msix) {
		c[PCIDEV_CAP_MSIX] = CAP_ID_MSIX;
		c[PCIDEV_CAP_MSIX + 1] = PCIDEV_CAP_MSI;
		put16(c, PCIDEV_CAP_MSIX + 2, (uint16_t)(nvec - 1));
		put16(w, PCIDEV_CAP_MSIX + 2, MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL);
		put32(c, PCIDEV_CAP_MSIX + 4, 0x000u | 2u);
		put32(c, PCIDEV_CAP_MSIX + 8, PCIDEV_MSIX_PBA | 2u);
	}

	/* MSI, 64-bit address, as many messages as queues (rounded up), no per-vector mask */
	mmc = log2_ceil(nvec);
	if (mmc > 5)
		mmc = 5;
	c[PCIDEV_CAP_MSI] = CAP_ID_MSI;
	c[PCIDEV_CAP_MSI + 1] = 0;
	put16(c, PCIDEV_CAP_MSI + 2, (uint16_t)(MSI_CTRL_64BIT | mmc << MSI_CTRL_MMC_SHIFT));
	put16(w, PCIDEV_CAP_MSI + 2, MSI_CTRL_ENABLE | MSI_CTRL_MME_MASK);
	put32(w, PCIDEV_CAP_MSI + 4, 0xfffffffcu);
	put32(w, PCIDEV_CAP_MSI + 8, 0xffffffffu);
	put16(w, PCIDEV_CAP_MSI + 12, 0xffffu);

	/* MSI-X vectors come out of reset masked */
	for (unsigned int v = 0; v < nvec; v++)
		put32(p->msix[v], 12, MSIX_ENTRY_MASKED);
}

static int cfg_size_ok(uint32_t off, uint32_t size)
{
	return (size == 1 || size == 2 || size == 4 || size == 8) && off < 4096 &&
	       size <= 4096 - off && !(off & (size - 1));
}

int pcidev_cfg_read(const struct pcidev *p, uint32_t off, uint32_t size, uint8_t *out)
{
	if (!cfg_size_ok(off, size)) {
		memset(out, 0xff, size <= 8 ? size : 8);
		return -1;
	}
	for (uint32_t i = 0; i < size; i++)
		out[i] = off + i < PCIDEV_CFG_BYTES ? p->cfg[off + i] : 0;
	return 0;
}

int pcidev_cfg_write(struct pcidev *p, uint32_t off, uint32_t size, const uint8_t *in)
{
	uint16_t mme, mmc;

	if (!cfg_size_ok(off, size))
		return -1;
	for (uint32_t i = 0; i < size && off + i < PCIDEV_CFG_BYTES; i++) {
		uint8_t m = p->wmask[off + i];

		p->cfg[off + i] = (uint8_t)((p->cfg[off + i] & ~m) | (in[i] & m));
	}
	/* MSI: the enabled message count cannot exceed the capable one */
	mmc = (get16(p->cfg, PCIDEV_CAP_MSI + 2) >> MSI_CTRL_MMC_SHIFT) & 7;
	mme = (get16(p->cfg, PCIDEV_CAP_MSI + 2) & MSI_CTRL_MME_MASK) >> MSI_CTRL_MME_SHIFT;
	if (mme > mmc)
		put16(p->cfg, PCIDEV_CAP_MSI + 2, (uint16_t)((get16(p->cfg, PCIDEV_CAP_MSI + 2) &
			~MSI_CTRL_MME_MASK) | mmc << MSI_CTRL_MME_SHIFT));
	return 0;
}

int pcidev_bar2_read(const struct pcidev *p, uint64_t off, uint32_t size, uint8_t *out)
{
	if (!p->has_msix || off >= PCIDEV_BAR2_BYTES || size > PCIDEV_BAR2_BYTES - off)
		return -1;
	for (uint32_t i = 0; i < size; i++) {
		uint64_t o = off + i;

		if (o < 16u * p->nvec)
			out[i] = p->msix[o / 16][o % 16];
		else if (o >= PCIDEV_MSIX_PBA && o < PCIDEV_MSIX_PBA + 8)
			out[i] = (uint8_t)(p->pba >> (8 * (o - PCIDEV_MSIX_PBA)));
		else
			out[i] = 0;
	}
	return 0;
}

int pcidev_bar2_write(struct pcidev *p, uint64_t off, uint32_t size, const uint8_t *in)
{
	if (!p->has_msix || off >= PCIDEV_BAR2_BYTES || size > PCIDEV_BAR2_BYTES - off)
		return -1;
	for (uint32_t i = 0; i < size; i++) {
		uint64_t o = off + i;
		uint8_t b = in[i];

		if (o >= 16u * p->nvec)
			continue;    /* PBA and the rest are read-only */
		switch (o % 16) {
		case 0:
			b &= 0xfc;   /* message address is dword aligned */
			break;
		case 12:
			b &= MSIX_ENTRY_MASKED;
			break;
		case 13: case 14: case 15:
			b = 0;       /* reserved vector control bits */
			break;
		default:
			break;
		}
		p->msix[o / 16][o % 16] = b;
	}
	return 0;
}

int pcidev_mem_enabled(const struct pcidev *p)
{
	return !!(get16(p->cfg, CFG_COMMAND) & CMD_MEMORY);
}

int pcidev_bus_master(const struct pcidev *p)
{
	return !!(get16(p->cfg, CFG_COMMAND) & CMD_MASTER);
}

static int msix_on(const struct pcidev *p)
{
	return !!(get16(p->cfg, PCIDEV_CAP_MSIX + 2) & MSIX_CTRL_ENABLE);
}

static int msix_vector_masked(const struct pcidev *p, unsigned int v)
{
	return (get16(p->cfg, PCIDEV_CAP_MSIX + 2) & MSIX_CTRL_MASKALL) ||
	       (get32(p->msix[v], 12) & MSIX_ENTRY_MASKED) || !pcidev_bus_master(p);
}

enum pcidev_irq_action pcidev_irq(struct pcidev *p, unsigned int v, uint64_t *addr,
				  uint32_t *data, uint32_t *data_size)
{
	uint16_t ctrl;
	unsigned int nalloc;

	if (msix_on(p)) {
		if (v >= p->nvec)
			return PCIDEV_IRQ_DROP;
		if (msix_vector_masked(p, v)) {
			p->pba |= 1ull << v;
			return PCIDEV_IRQ_HOLD;
		}
		*addr = get32(p->msix[v], 0) | (uint64_t)get32(p->msix[v], 4) << 32;
		*data = get32(p->msix[v], 8);
		*data_size = 4;
		return PCIDEV_IRQ_SEND;
	}
	ctrl = get16(p->cfg, PCIDEV_CAP_MSI + 2);
	if (ctrl & MSI_CTRL_ENABLE) {
		if (!pcidev_bus_master(p))
			return PCIDEV_IRQ_HOLD;
		/* fewer messages than lines: the low data bits that are ours wrap */
		nalloc = 1u << ((ctrl & MSI_CTRL_MME_MASK) >> MSI_CTRL_MME_SHIFT);
		*addr = get32(p->cfg, PCIDEV_CAP_MSI + 4) |
			(uint64_t)get32(p->cfg, PCIDEV_CAP_MSI + 8) << 32;
		*data = (get16(p->cfg, PCIDEV_CAP_MSI + 12) & ~(nalloc - 1)) | (v & (nalloc - 1));
		*data_size = 2;
		return PCIDEV_IRQ_SEND;
	}
	return PCIDEV_IRQ_DROP;
}

uint64_t pcidev_msix_unmasked(struct pcidev *p)
{
	uint64_t out = 0;

	if (!msix_on(p))
		return 0;
	for (unsigned int v = 0; v < p->nvec; v++) {
		if ((p->pba >> v & 1) && !msix_vector_masked(p, v)) {
			p->pba &= ~(1ull << v);
			out |= 1ull << v;
		}
	}
	return out;
}

void pcidev_describe(const struct pcidev *p, char *buf, size_t len)
{
	snprintf(buf, len, "cmd 0x%04x bar0 0x%08x%08x bar2 0x%08x msix-ctrl 0x%04x msi-ctrl 0x%04x "
		 "pba 0x%llx", get16(p->cfg, CFG_COMMAND), get32(p->cfg, CFG_BAR0 + 4),
		 get32(p->cfg, CFG_BAR0), get32(p->cfg, CFG_BAR0 + 8),
		 get16(p->cfg, PCIDEV_CAP_MSIX + 2), get16(p->cfg, PCIDEV_CAP_MSI + 2),
		 (unsigned long long)p->pba);
}
