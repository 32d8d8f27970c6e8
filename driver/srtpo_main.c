// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * srtpo_main.c - the srtpo PCI driver: module parameters, probe and remove, the firmware-ID
 * check, and the char device class.
 *
 * Probe order: enable, map BAR0, check the firmware identity, stop every queue, DMA mask, bus
 * master, interrupts, then /dev/srtpoN. Everything but the char device is device-managed, so an
 * error unwinds by itself (err_stop only quiets the card); the card's srtpo_dev is reference
 * counted through its class device (see srtpo.h) and its last put is itself a devres action,
 * queued before the interrupts so that they are freed first.
 */
#include <linux/cdev.h>
#include <linux/dma-mapping.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "srtpo.h"

/*
 * One coherent allocation per queue: without CMA the page allocator gives at most
 * PAGE_SIZE << (MAX_ORDER - 1) contiguous bytes (4 MiB with 4 KiB pages), so larger windows
 * need CMA (cma= on the kernel command line).
 */
unsigned int srtpo_win_kib = 4096;
module_param_named(win_kib, srtpo_win_kib, uint, 0444);
MODULE_PARM_DESC(win_kib,
		 "DMA window of each queue in KiB, a page multiple, 64 .. 65536 (default 4096; above 4096 needs CMA)");

/* the window in bytes, as before win_kib: still honoured so that existing modprobe.d lines work */
static unsigned int srtpo_win_size;
module_param_named(win_size, srtpo_win_size, uint, 0444);
MODULE_PARM_DESC(win_size,
		 "Older form of win_kib, in bytes (page multiple, 64 KiB .. 64 MiB); when nonzero it sets win_kib (default 0)");

/* 0: CAP_SLOTS / queues, decided at probe */
unsigned int srtpo_slots_per_queue;
module_param_named(slots_per_queue, srtpo_slots_per_queue, uint, 0444);
MODULE_PARM_DESC(slots_per_queue,
		 "Key slots of each queue, 1 .. CAP_SLOTS (max 65536); fewer queues are offered when they do not all fit (default 0: CAP_SLOTS / queues)");

unsigned int srtpo_sq_log2 = 8;
module_param_named(sq_log2, srtpo_sq_log2, uint, 0444);
MODULE_PARM_DESC(sq_log2, "Submission ring entries of each queue, log2, 2 .. 14 (default 8)");

unsigned int srtpo_cq_log2 = 9;
module_param_named(cq_log2, srtpo_cq_log2, uint, 0444);
MODULE_PARM_DESC(cq_log2,
		 "Completion ring entries of each queue, log2, sq_log2+1 .. 15 (default 9)");

unsigned int srtpo_cmd_timeout_ms = 1000;

/* writable at run time, so checked on every write: 0 would mean waiting forever */
static int srtpo_set_timeout(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, 60 * MSEC_PER_SEC);
}

static const struct kernel_param_ops srtpo_timeout_ops = {
	.set = srtpo_set_timeout,
	.get = param_get_uint,
};

module_param_cb(cmd_timeout_ms, &srtpo_timeout_ops, &srtpo_cmd_timeout_ms, 0644);
__MODULE_PARM_TYPE(cmd_timeout_ms, "uint");
MODULE_PARM_DESC(cmd_timeout_ms,
		 "Milliseconds to wait for the driver's own descriptors and for a queue to drain, 1 .. 60000 (default 1000)");

bool srtpo_qu_mmap = true;
module_param_named(qu_mmap, srtpo_qu_mmap, bool, 0444);
MODULE_PARM_DESC(qu_mmap,
		 "Let a process map its queue's register page (not under User-Mode Linux) (default: yes)");

static struct class srtpo_class = {
	.name = "srtpo",
};

static DEFINE_IDA(srtpo_ida);
static dev_t srtpo_devt;

/* Last reference to the card: after remove and after every file is closed. */
static void srtpo_dev_release(struct device *dev)
{
	struct srtpo_dev *sd = container_of(dev, struct srtpo_dev, dev);
	u32 i;

	for (i = 0; i < SRTPO_HW_MAX_QUEUES; i++) {
		srtpo_queue_free_mem(&sd->queues[i]);
		mutex_destroy(&sd->queues[i].lock);
	}
	mutex_destroy(&sd->lock);
	ida_free(&srtpo_ida, sd->index);
	pci_dev_put(sd->pdev);
	kfree(sd);
}

static void srtpo_dev_put_action(void *data)
{
	struct srtpo_dev *sd = data;

	put_device(&sd->dev);
}

/* Reads and checks the FW block: the magic, then a major version this driver speaks. */
static int srtpo_check_fw(struct srtpo_dev *sd)
{
	struct device *dev = &sd->pdev->dev;
	struct srtpo_fw *fw = &sd->fw;
	u32 major, minor;

	fw->magic = srtpo_rd(sd, SRTPO_FW_MAGIC);
	if (fw->magic == ~0U) {
		dev_err(dev, "the card does not answer (BAR0 reads all ones)\n");
		return -ENODEV;
	}
	if (fw->magic != SRTPO_HW_MAGIC) {
		dev_err(dev, "firmware magic 0x%08x is not srtpo's (0x%08x): not an srtpo image\n",
			fw->magic, SRTPO_HW_MAGIC);
		return -ENODEV;
	}
	fw->version = srtpo_rd(sd, SRTPO_FW_VERSION);
	major = (fw->version & SRTPO_FW_VERSION_MAJOR_MASK) >> SRTPO_FW_VERSION_MAJOR_SHIFT;
	minor = (fw->version & SRTPO_FW_VERSION_MINOR_MASK) >> SRTPO_FW_VERSION_MINOR_SHIFT;
	if (major != SRTPO_HW_VERSION_MAJOR) {
		dev_err(dev,
			"firmware register map %u.%u is incompatible: this driver supports %u.x; update the driver or the card image\n",
			major, minor, SRTPO_HW_VERSION_MAJOR);
		return -ENODEV;
	}
	fw->build_date = srtpo_rd(sd, SRTPO_FW_BUILD_DATE);
	fw->git_hash = srtpo_rd(sd, SRTPO_FW_GIT_HASH);
	fw->cap_queues = srtpo_rd(sd, SRTPO_FW_CAP_QUEUES);
	fw->cap_slots = srtpo_rd(sd, SRTPO_FW_CAP_SLOTS);
	fw->cap_suites = srtpo_rd(sd, SRTPO_FW_CAP_SUITES);
	fw->cap_max_pkt = srtpo_rd(sd, SRTPO_FW_CAP_MAX_PKT);
	fw->cap_bus_bits = srtpo_rd(sd, SRTPO_FW_CAP_BUS_BITS);
	/* slot numbers are 16 bits in a descriptor: 65536 at most */
	if (!fw->cap_queues || fw->cap_queues > SRTPO_HW_MAX_QUEUES || !fw->cap_slots ||
	    fw->cap_slots > SRTPO_MAX_SLOTS) {
		dev_err(dev, "firmware reports %u queues and %u key slots: not usable\n",
			fw->cap_queues, fw->cap_slots);
		return -ENODEV;
	}
	if (pci_resource_len(sd->pdev, 0) < SRTPO_QU(fw->cap_queues, 0)) {
		dev_err(dev, "BAR0 is %llu bytes: too small for %u queues\n",
			(unsigned long long)pci_resource_len(sd->pdev, 0), fw->cap_queues);
		return -ENODEV;
	}
	/* CAP_FEATURES came with register map 1.2; older images read anything there */
	sd->cap_features = minor >= 2 ? srtpo_rd(sd, SRTPO_FW_CAP_FEATURES) : 0;
	if (minor > SRTPO_HW_VERSION_MINOR)
		dev_info(dev, "firmware register map %u.%u is newer than the driver's %u.%u\n",
			 major, minor, SRTPO_HW_VERSION_MAJOR, SRTPO_HW_VERSION_MINOR);
	return 0;
}

/*
 * Key slots: slots_per_queue each (default CAP_SLOTS / queues), queue q from q * that; a queue
 * whose range would pass CAP_SLOTS is not offered.
 */
static int srtpo_queues_init(struct srtpo_dev *sd)
{
	u32 per = srtpo_slots_per_queue, i;

	if (per > sd->fw.cap_slots) {
		dev_err(&sd->pdev->dev,
			"slots_per_queue=%u: the card has %u key slots\n", per, sd->fw.cap_slots);
		return -EINVAL;
	}
	if (!per)
		per = max(sd->fw.cap_slots / sd->fw.cap_queues, 1U);
	sd->nqueues = min(sd->fw.cap_queues, sd->fw.cap_slots / per);
	sd->slots_per_queue = per;
	for (i = 0; i < sd->nqueues; i++) {
		struct srtpo_queue *q = &sd->queues[i];

		q->slot_base = i * per;
		q->slot_count = per;
		/* keys of an earlier driver instance may still be in the slots */
		q->needs_zero = true;
	}
	return 0;
}

static int srtpo_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct srtpo_dev *sd;
	int ret, i;

	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd)
		return -ENOMEM;
	ret = ida_alloc_max(&srtpo_ida, SRTPO_MAX_CARDS - 1, GFP_KERNEL);
	if (ret < 0) {
		dev_err(dev, "no free card number (at most %d cards)\n", SRTPO_MAX_CARDS);
		kfree(sd);
		return ret;
	}
	sd->index = ret;
	sd->pdev = pci_dev_get(pdev);
	init_rwsem(&sd->rwsem);
	mutex_init(&sd->lock);
	for (i = 0; i < SRTPO_HW_MAX_QUEUES; i++) {
		struct srtpo_queue *q = &sd->queues[i];

		q->sd = sd;
		q->q = i;
		mutex_init(&q->lock);
		init_waitqueue_head(&q->wq);
		spin_lock_init(&q->ev_lock);
		spin_lock_init(&q->poll_lock);
	}
	/* from here on the class device's release frees sd, the card number and the memory */
	device_initialize(&sd->dev);
	sd->dev.release = srtpo_dev_release;
	sd->dev.class = &srtpo_class;
	sd->dev.parent = dev;
	sd->dev.groups = srtpo_groups;
	sd->dev.devt = MKDEV(MAJOR(srtpo_devt), sd->index);
	ret = devm_add_action_or_reset(dev, srtpo_dev_put_action, sd);
	if (ret)
		return ret;
	ret = dev_set_name(&sd->dev, "srtpo%d", sd->index);
	if (ret)
		return ret;

	ret = pcim_enable_device(pdev);
	if (ret) {
		dev_err(dev, "enabling the PCI device failed (%d)\n", ret);
		return ret;
	}
	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM)) {
		dev_err(dev, "BAR0 is not a memory BAR\n");
		return -ENODEV;
	}
	ret = pcim_iomap_regions(pdev, BIT(0), KBUILD_MODNAME);
	if (ret) {
		dev_err(dev, "mapping BAR0 failed (%d)\n", ret);
		return ret;
	}
	sd->bar = pcim_iomap_table(pdev)[0];
	sd->bar_start = pci_resource_start(pdev, 0);

	ret = srtpo_check_fw(sd);
	if (ret)
		return ret;
	/* an earlier driver instance may have left queues running */
	srtpo_hw_stop(sd);
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (ret) {
		ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
		if (ret) {
			dev_err(dev, "no usable DMA addressing (%d)\n", ret);
			return ret;
		}
		dev_info(dev, "32-bit DMA addressing\n");
	}
	pci_set_master(pdev);

	ret = srtpo_queues_init(sd);
	if (ret)
		goto err_stop;
	srtpo_wr(sd, SRTPO_GLB_CTRL, SRTPO_GLB_CTRL_ENABLE_MASK);

	ret = srtpo_irq_init(sd);
	if (ret)
		goto err_stop;

	cdev_init(&sd->cdev, &srtpo_fops);
	sd->cdev.owner = THIS_MODULE;
	ret = cdev_device_add(&sd->cdev, &sd->dev);
	if (ret) {
		dev_err(dev, "adding /dev/srtpo%d failed (%d)\n", sd->index, ret);
		goto err_stop;
	}
	pci_set_drvdata(pdev, sd);

	dev_info(dev,
		 "srtpo%d: firmware %u.%u built %04x-%02x-%02x git %08x; %u queues x %u key slots, %d interrupt vector(s), %u KiB windows%s\n",
		 sd->index, sd->fw.version >> 16, sd->fw.version & 0xffff,
		 sd->fw.build_date >> 16, (sd->fw.build_date >> 8) & 0xff,
		 sd->fw.build_date & 0xff, sd->fw.git_hash, sd->nqueues, sd->slots_per_queue,
		 sd->nvec, srtpo_win_kib,
		 sd->cap_features & SRTPO_FW_CAP_FEATURES_SHADOW_DB_MASK ? ", shadow doorbells" : "");
	return 0;

err_stop:
	srtpo_hw_stop(sd);
	pci_clear_master(pdev);
	return ret;
}

static void srtpo_remove(struct pci_dev *pdev)
{
	struct srtpo_dev *sd = pci_get_drvdata(pdev);
	u32 i;

	/* no register access starts after this; running ones have finished */
	down_write(&sd->rwsem);
	sd->gone = true;
	up_write(&sd->rwsem);

	mutex_lock(&sd->lock);
	for (i = 0; i < sd->nqueues; i++) {
		struct srtpo_queue *q = &sd->queues[i];

		if (!q->in_use)
			continue;
		/* the register page must not outlive the BAR mapping */
		if (q->mapping)
			unmap_mapping_range(q->mapping, SRTPO_MMAP_QU, PAGE_SIZE, 1);
		wake_up_interruptible_all(&q->wq);
	}
	mutex_unlock(&sd->lock);

	cdev_device_del(&sd->cdev, &sd->dev);
	srtpo_hw_stop(sd);
	pci_clear_master(pdev);
	/* devres frees the interrupts, unmaps BAR0, disables the device, then drops sd */
}

static const struct pci_device_id srtpo_pci_ids[] = {
	{ PCI_DEVICE(SRTPO_HW_PCI_VENDOR_ID, SRTPO_HW_PCI_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, srtpo_pci_ids);

static struct pci_driver srtpo_pci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = srtpo_pci_ids,
	.probe = srtpo_probe,
	.remove = srtpo_remove,
};

static int srtpo_check_params(void)
{
	if (srtpo_sq_log2 < SRTPO_HW_RING_LOG2_MIN || srtpo_sq_log2 >= SRTPO_HW_RING_LOG2_MAX ||
	    srtpo_cq_log2 <= srtpo_sq_log2 || srtpo_cq_log2 > SRTPO_HW_RING_LOG2_MAX) {
		pr_err("srtpo: sq_log2 %u / cq_log2 %u: need %u <= sq_log2 < cq_log2 <= %u\n",
		       srtpo_sq_log2, srtpo_cq_log2, SRTPO_HW_RING_LOG2_MIN,
		       SRTPO_HW_RING_LOG2_MAX);
		return -EINVAL;
	}
	if (srtpo_win_size) {
		if (srtpo_win_size < SZ_64K || srtpo_win_size > SZ_64M ||
		    !IS_ALIGNED(srtpo_win_size, PAGE_SIZE)) {
			pr_err("srtpo: win_size %u: need a multiple of %lu in 64 KiB .. 64 MiB (or use win_kib)\n",
			       srtpo_win_size, PAGE_SIZE);
			return -EINVAL;
		}
		srtpo_win_kib = srtpo_win_size / SZ_1K;
	}
	if (srtpo_win_kib < 64 || srtpo_win_kib > SZ_64K ||
	    !IS_ALIGNED(srtpo_win_kib * SZ_1K, PAGE_SIZE)) {
		pr_err("srtpo: win_kib %u: need a multiple of %lu KiB in 64 .. 65536\n",
		       srtpo_win_kib, PAGE_SIZE / SZ_1K);
		return -EINVAL;
	}
	if (srtpo_slots_per_queue > SRTPO_MAX_SLOTS) {
		pr_err("srtpo: slots_per_queue %u: need 0 (an even split) .. %u\n",
		       srtpo_slots_per_queue, SRTPO_MAX_SLOTS);
		return -EINVAL;
	}
	if (!srtpo_cmd_timeout_ms || srtpo_cmd_timeout_ms > 60 * MSEC_PER_SEC) {
		pr_err("srtpo: cmd_timeout_ms %u: need 1 .. 60000\n", srtpo_cmd_timeout_ms);
		return -EINVAL;
	}
	return 0;
}

static int __init srtpo_init(void)
{
	int ret;

	ret = srtpo_check_params();
	if (ret)
		return ret;
	ret = alloc_chrdev_region(&srtpo_devt, 0, SRTPO_MAX_CARDS, KBUILD_MODNAME);
	if (ret)
		return ret;
	ret = class_register(&srtpo_class);
	if (ret)
		goto err_region;
	ret = pci_register_driver(&srtpo_pci_driver);
	if (ret)
		goto err_class;
	return 0;

err_class:
	class_unregister(&srtpo_class);
err_region:
	unregister_chrdev_region(srtpo_devt, SRTPO_MAX_CARDS);
	return ret;
}

static void __exit srtpo_exit(void)
{
	pci_unregister_driver(&srtpo_pci_driver);
	class_unregister(&srtpo_class);
	unregister_chrdev_region(srtpo_devt, SRTPO_MAX_CARDS);
	ida_destroy(&srtpo_ida);
}

module_init(srtpo_init);
module_exit(srtpo_exit);

MODULE_DESCRIPTION("srtpo SRTP offload card: per-process queue pairs, rings and DMA windows");
MODULE_AUTHOR("The srtpo project");
MODULE_LICENSE("Dual BSD/GPL");
