// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * srtpo_irq.c - interrupts: one MSI-X (or multi-message MSI) vector per queue when the platform
 * gives as many as the card has queues, else one vector that finds the queues that fired by
 * their interrupt counters.
 */
#include <linux/interrupt.h>
#include <linux/pci.h>

#include "srtpo.h"

static bool srtpo_irq_single;
module_param_named(irq_single, srtpo_irq_single, bool, 0444);
MODULE_PARM_DESC(irq_single,
		 "Use one shared interrupt vector for every queue even when one per queue is available (default: no)");

static irqreturn_t srtpo_irq_queue(int irq, void *data)
{
	srtpo_queue_signal(data);
	return IRQ_HANDLED;
}

static irqreturn_t srtpo_irq_shared(int irq, void *data)
{
	struct srtpo_dev *sd = data;
	u32 i, cnt;

	for (i = 0; i < sd->nqueues; i++) {
		struct srtpo_queue *q = &sd->queues[i];

		if (!READ_ONCE(q->in_use))
			continue;
		cnt = srtpo_qu_rd(q, SRTPO_QU_CNT_IRQ);
		/* a moved counter, or a lost card (all ones): let the owner look */
		if (cnt != q->hw_irq_last || cnt == ~0U) {
			q->hw_irq_last = cnt;
			srtpo_queue_signal(q);
		}
	}
	return IRQ_HANDLED;
}

static int srtpo_irq_vectors(struct srtpo_dev *sd)
{
	struct pci_dev *pdev = sd->pdev;
	int n = sd->nqueues, ret;

	if (!srtpo_irq_single) {
		/* the card raises vector q for queue q */
		ret = pci_alloc_irq_vectors(pdev, n, n, PCI_IRQ_MSIX);
		if (ret == n)
			return ret;
		ret = pci_alloc_irq_vectors(pdev, n, n, PCI_IRQ_MSI);
		if (ret == n)
			return ret;
	}
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI);
	if (ret == 1)
		return ret;
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSIX);
	if (ret == 1 && n > 1)
		dev_warn(&pdev->dev,
			 "one MSI-X vector for %d queues: only queue 0 can interrupt; others are polled\n",
			 n);
	return ret;
}

/*
 * Boards built on the XDMA bridge (rtl/board/u50) turn the card's interrupt lines into MSI-X
 * through the bridge's interrupt block, which comes up with every line masked and mapped to
 * vector 0. Its registers sit in BAR2 at 0x2000, recognised by their block identifier; a card
 * without that block (the simulated one) is left alone.
 */
#define SRTPO_XDMA_BAR		2
#define SRTPO_XDMA_IRQ_ID	0x2000	/* [31:20] 0x1fc, [19:16] 2: the IRQ block */
#define SRTPO_XDMA_USR_EN_W1S	0x2008	/* user interrupt enable mask, write 1 to set */
#define SRTPO_XDMA_USR_VEC	0x2080	/* vector of user interrupts 0..3, one byte each */

static void srtpo_irq_route_xdma(struct srtpo_dev *sd, int nvec)
{
	struct pci_dev *pdev = sd->pdev;
	void __iomem *regs;
	u32 id, map = 0;
	int i;

	if (!(pci_resource_flags(pdev, SRTPO_XDMA_BAR) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, SRTPO_XDMA_BAR) < SRTPO_XDMA_USR_VEC + 4)
		return;
	regs = pci_iomap_range(pdev, SRTPO_XDMA_BAR, 0, SRTPO_XDMA_USR_VEC + 4);
	if (!regs)
		return;
	id = ioread32(regs + SRTPO_XDMA_IRQ_ID);
	if ((id >> 20) == 0x1fc && ((id >> 16) & 0xf) == 2) {
		/* line q raises vector q, or all share vector 0 */
		for (i = 0; i < 4 && i < (int)sd->nqueues; i++)
			map |= (u32)(nvec > 1 ? i : 0) << (8 * i);
		iowrite32(map, regs + SRTPO_XDMA_USR_VEC);
		iowrite32(GENMASK(min_t(u32, sd->nqueues, 4) - 1, 0),
			  regs + SRTPO_XDMA_USR_EN_W1S);
		dev_info(&pdev->dev, "bridge interrupt block: %d queue line(s) routed\n",
			 min_t(int, sd->nqueues, 4));
	}
	pci_iounmap(pdev, regs);
}

int srtpo_irq_init(struct srtpo_dev *sd)
{
	struct pci_dev *pdev = sd->pdev;
	struct device *dev = &pdev->dev;
	int nvec, i, ret;

	nvec = srtpo_irq_vectors(sd);
	if (nvec < 0) {
		dev_err(dev, "no MSI-X or MSI interrupt (%d)\n", nvec);
		return nvec;
	}
	sd->nvec = nvec;
	srtpo_irq_route_xdma(sd, nvec);
	if (nvec == 1 && sd->nqueues > 1) {
		struct srtpo_queue *q = &sd->queues[0];

		snprintf(q->irq_name, sizeof(q->irq_name), "srtpo%d", sd->index);
		ret = devm_request_irq(dev, pci_irq_vector(pdev, 0), srtpo_irq_shared, 0,
				       q->irq_name, sd);
		if (ret)
			dev_err(dev, "requesting the shared interrupt failed (%d)\n", ret);
		return ret;
	}
	for (i = 0; i < nvec; i++) {
		struct srtpo_queue *q = &sd->queues[i];

		snprintf(q->irq_name, sizeof(q->irq_name), "srtpo%d-q%d", sd->index, i);
		ret = devm_request_irq(dev, pci_irq_vector(pdev, i), srtpo_irq_queue, 0,
				       q->irq_name, q);
		if (ret) {
			dev_err(dev, "requesting the interrupt of queue %d failed (%d)\n", i, ret);
			return ret;
		}
	}
	return 0;
}
