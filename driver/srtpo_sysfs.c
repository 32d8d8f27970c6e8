// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * srtpo_sysfs.c - attributes of the class device (/sys/class/srtpo/srtpoN/): firmware
 * identity, PCIe link, queues, and the card's error counters.
 */
#include <linux/device.h>
#include <linux/pci.h>
#include <linux/sysfs.h>

#include "srtpo.h"

static struct srtpo_dev *to_sd(struct device *dev)
{
	return container_of(dev, struct srtpo_dev, dev);
}

static ssize_t fw_version_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct srtpo_dev *sd = to_sd(dev);

	return sysfs_emit(buf, "%u.%u\n",
			  (sd->fw.version & SRTPO_FW_VERSION_MAJOR_MASK) >>
			  SRTPO_FW_VERSION_MAJOR_SHIFT,
			  (sd->fw.version & SRTPO_FW_VERSION_MINOR_MASK) >>
			  SRTPO_FW_VERSION_MINOR_SHIFT);
}
static DEVICE_ATTR_RO(fw_version);

/* BUILD_DATE is BCD 0xYYYYMMDD */
static ssize_t fw_build_date_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	u32 d = to_sd(dev)->fw.build_date;

	return sysfs_emit(buf, "%04x-%02x-%02x\n", d >> 16, (d >> 8) & 0xff, d & 0xff);
}
static DEVICE_ATTR_RO(fw_build_date);

static ssize_t fw_magic_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%08x\n", to_sd(dev)->fw.magic);
}
static DEVICE_ATTR_RO(fw_magic);

static ssize_t fw_git_hash_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%08x\n", to_sd(dev)->fw.git_hash);
}
static DEVICE_ATTR_RO(fw_git_hash);

static ssize_t fw_caps_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct srtpo_dev *sd = to_sd(dev);
	struct srtpo_fw *fw = &sd->fw;

	return sysfs_emit(buf,
			  "queues=%u slots=%u suites=0x%x max_pkt=%u bus_bits=%u features=0x%x\n",
			  fw->cap_queues, fw->cap_slots, fw->cap_suites, fw->cap_max_pkt,
			  fw->cap_bus_bits, sd->cap_features);
}
static DEVICE_ATTR_RO(fw_caps);

static ssize_t link_speed_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	static const char * const speeds[] = {
		"unknown", "2.5 GT/s", "5.0 GT/s", "8.0 GT/s", "16.0 GT/s", "32.0 GT/s",
		"64.0 GT/s",
	};
	struct pci_dev *pdev = to_sd(dev)->pdev;
	u16 sta = 0;
	u32 cls;

	if (!pci_is_pcie(pdev) || pcie_capability_read_word(pdev, PCI_EXP_LNKSTA, &sta))
		return sysfs_emit(buf, "unknown\n");
	cls = sta & PCI_EXP_LNKSTA_CLS;
	return sysfs_emit(buf, "%s\n", cls < ARRAY_SIZE(speeds) ? speeds[cls] : "unknown");
}
static DEVICE_ATTR_RO(link_speed);

static ssize_t link_width_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct pci_dev *pdev = to_sd(dev)->pdev;
	u16 sta = 0;

	if (!pci_is_pcie(pdev) || pcie_capability_read_word(pdev, PCI_EXP_LNKSTA, &sta))
		return sysfs_emit(buf, "unknown\n");
	return sysfs_emit(buf, "x%u\n", (sta & PCI_EXP_LNKSTA_NLW) >> PCI_EXP_LNKSTA_NLW_SHIFT);
}
static DEVICE_ATTR_RO(link_width);

static ssize_t queues_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", to_sd(dev)->nqueues);
}
static DEVICE_ATTR_RO(queues);

static ssize_t queues_in_use_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct srtpo_dev *sd = to_sd(dev);
	u32 n;

	mutex_lock(&sd->lock);
	n = sd->in_use;
	mutex_unlock(&sd->lock);
	return sysfs_emit(buf, "%u\n", n);
}
static DEVICE_ATTR_RO(queues_in_use);

static ssize_t slots_per_queue_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", to_sd(dev)->slots_per_queue);
}
static DEVICE_ATTR_RO(slots_per_queue);

static ssize_t irq_vectors_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", to_sd(dev)->nvec);
}
static DEVICE_ATTR_RO(irq_vectors);

/* A global counter register, read live under rwsem (the card may be going). */
static ssize_t srtpo_show_reg(struct device *dev, char *buf, u32 off)
{
	struct srtpo_dev *sd = to_sd(dev);
	ssize_t ret;

	down_read(&sd->rwsem);
	if (sd->gone)
		ret = -ENODEV;
	else
		ret = sysfs_emit(buf, "%u\n", srtpo_rd(sd, off));
	up_read(&sd->rwsem);
	return ret;
}

#define SRTPO_REG_ATTR(name, off)						\
static ssize_t name##_show(struct device *dev, struct device_attribute *attr,	\
			   char *buf)						\
{										\
	return srtpo_show_reg(dev, buf, off);					\
}										\
static DEVICE_ATTR_RO(name)

SRTPO_REG_ATTR(descriptors_done, SRTPO_GLB_CNT_DESC);
SRTPO_REG_ATTR(isolation_rejects, SRTPO_GLB_CNT_REJECT);
SRTPO_REG_ATTR(dma_read_errors, SRTPO_GLB_CNT_RD_ERR);
SRTPO_REG_ATTR(dma_write_errors, SRTPO_GLB_CNT_WR_ERR);
SRTPO_REG_ATTR(interrupts, SRTPO_GLB_CNT_IRQ);
SRTPO_REG_ATTR(boot_status, SRTPO_RELOAD_BOOT_STATUS);

/* The card's clock counter: reading the low word latches the high one. */
static ssize_t cycles_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct srtpo_dev *sd = to_sd(dev);
	ssize_t ret;
	u32 lo, hi;

	down_read(&sd->rwsem);
	if (sd->gone) {
		ret = -ENODEV;
	} else {
		lo = srtpo_rd(sd, SRTPO_GLB_CYCLES_LO);
		hi = srtpo_rd(sd, SRTPO_GLB_CYCLES_HI);
		ret = sysfs_emit(buf, "%llu\n", (unsigned long long)hi << 32 | lo);
	}
	up_read(&sd->rwsem);
	return ret;
}
static DEVICE_ATTR_RO(cycles);

/* One line per queue: index, owner, the card's per-queue counters and status. */
static ssize_t queue_counters_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct srtpo_dev *sd = to_sd(dev);
	ssize_t len = 0;
	u32 i;

	down_read(&sd->rwsem);
	if (sd->gone) {
		up_read(&sd->rwsem);
		return -ENODEV;
	}
	len += sysfs_emit_at(buf, len, "queue in_use done errors rejects irqs status\n");
	for (i = 0; i < sd->nqueues; i++) {
		struct srtpo_queue *q = &sd->queues[i];

		len += sysfs_emit_at(buf, len, "%u %d %u %u %u %u 0x%x\n", i,
				     READ_ONCE(q->in_use) ? 1 : 0,
				     srtpo_qu_rd(q, SRTPO_QU_CNT_DONE),
				     srtpo_qu_rd(q, SRTPO_QU_CNT_ERR),
				     srtpo_qu_rd(q, SRTPO_QU_CNT_REJECT),
				     srtpo_qu_rd(q, SRTPO_QU_CNT_IRQ),
				     srtpo_qu_rd(q, SRTPO_QU_STATUS));
	}
	up_read(&sd->rwsem);
	return len;
}
static DEVICE_ATTR_RO(queue_counters);

static struct attribute *srtpo_attrs[] = {
	&dev_attr_fw_magic.attr,
	&dev_attr_fw_version.attr,
	&dev_attr_fw_build_date.attr,
	&dev_attr_fw_git_hash.attr,
	&dev_attr_fw_caps.attr,
	&dev_attr_link_speed.attr,
	&dev_attr_link_width.attr,
	&dev_attr_queues.attr,
	&dev_attr_queues_in_use.attr,
	&dev_attr_slots_per_queue.attr,
	&dev_attr_irq_vectors.attr,
	&dev_attr_descriptors_done.attr,
	&dev_attr_isolation_rejects.attr,
	&dev_attr_dma_read_errors.attr,
	&dev_attr_dma_write_errors.attr,
	&dev_attr_interrupts.attr,
	&dev_attr_boot_status.attr,
	&dev_attr_cycles.attr,
	&dev_attr_queue_counters.attr,
	NULL,
};

static const struct attribute_group srtpo_group = {
	.attrs = srtpo_attrs,
};

const struct attribute_group *srtpo_groups[] = {
	&srtpo_group,
	NULL,
};
