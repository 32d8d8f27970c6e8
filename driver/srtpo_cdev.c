// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * srtpo_cdev.c - /dev/srtpoN: each open() owns one queue pair of the card; mmap of its rings,
 * window and (on real hardware) its QU page; the ioctl ABI of uapi/srtpo_ioctl.h; poll().
 */
#include <linux/dma-mapping.h>
#include <linux/eventfd.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/uaccess.h>

#include "srtpo.h"

static int srtpo_open(struct inode *inode, struct file *file)
{
	struct srtpo_dev *sd = container_of(inode->i_cdev, struct srtpo_dev, cdev);
	struct srtpo_queue *q;
	int ret;

	down_read(&sd->rwsem);
	if (sd->gone) {
		up_read(&sd->rwsem);
		return -ENODEV;
	}
	ret = srtpo_queue_claim(sd, &q);
	if (!ret) {
		q->mapping = file->f_mapping;
		atomic_set(&q->irq_seq, 0);
		q->poll_irq = 0;
		file->private_data = q;
	}
	up_read(&sd->rwsem);
	if (ret)
		return ret;
	return nonseekable_open(inode, file);
}

/* Runs when the last descriptor and the last mapping of the file are gone. */
static int srtpo_release(struct inode *inode, struct file *file)
{
	srtpo_queue_release(file->private_data);
	return 0;
}

/* ---- mmap --------------------------------------------------------------------------------- */

static void srtpo_vma_flags(struct vm_area_struct *vma, unsigned long set, unsigned long clear)
{
#ifdef SRTPO_HAVE_VM_FLAGS_SET
	vm_flags_set(vma, set);
	vm_flags_clear(vma, clear);
#else
	vma->vm_flags |= set;
	vma->vm_flags &= ~clear;
#endif
}

static int srtpo_mmap_qu(struct srtpo_queue *q, struct vm_area_struct *vma, unsigned long len)
{
#ifdef CONFIG_UML
	/* BAR memory cannot be mapped into a process here: the ioctls reach the same registers */
	return -ENODEV;
#else
	struct srtpo_dev *sd = q->sd;

	/* one page must hold this queue's registers and nobody else's */
	if (!srtpo_qu_mmap || PAGE_SIZE != SRTPO_QU_STRIDE)
		return -ENODEV;
	if (len != PAGE_SIZE)
		return -EINVAL;
	srtpo_vma_flags(vma, VM_IO | VM_DONTCOPY | VM_DONTEXPAND | VM_DONTDUMP, 0);
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return io_remap_pfn_range(vma, vma->vm_start,
				  (sd->bar_start + SRTPO_QU(q->q, 0)) >> PAGE_SHIFT, PAGE_SIZE,
				  vma->vm_page_prot);
#endif
}

static int srtpo_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct srtpo_queue *q = file->private_data;
	struct srtpo_dev *sd = q->sd;
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned long pgoff = vma->vm_pgoff;
	dma_addr_t dma;
	size_t size;
	void *cpu;
	int ret;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	/* compared as page numbers: a shifted offset could wrap onto a valid one */
	switch (pgoff) {
	case SRTPO_MMAP_SQ >> PAGE_SHIFT:
		cpu = q->sq;
		dma = q->sq_dma;
		size = q->sq_bytes;
		break;
	case SRTPO_MMAP_CQ >> PAGE_SHIFT:
		/* the driver trusts what it reads there (its own key loads and wipes) */
		if (vma->vm_flags & VM_WRITE)
			return -EPERM;
		cpu = q->cq;
		dma = q->cq_dma;
		size = q->cq_bytes;
		break;
	case SRTPO_MMAP_WIN >> PAGE_SHIFT:
		cpu = q->win;
		dma = q->win_dma;
		size = srtpo_win_bytes();
		break;
	case SRTPO_MMAP_SHADOW >> PAGE_SHIFT:
		if (!q->shadow)
			return -ENODEV;
		cpu = q->shadow;
		dma = q->shadow_dma;
		size = PAGE_SIZE;
		break;
	case SRTPO_MMAP_QU >> PAGE_SHIFT:
		cpu = NULL;
		dma = 0;
		size = PAGE_SIZE;
		break;
	default:
		return -EINVAL;
	}
	if (len > PAGE_ALIGN(size))
		return -EINVAL;

	down_read(&sd->rwsem);
	if (sd->gone) {
		ret = -ENODEV;
	} else if (!cpu) {
		ret = srtpo_mmap_qu(q, vma, len);
	} else {
		ret = 0;
		/* mapping the record is the owner's promise to use it: the card follows it now */
		if (pgoff == SRTPO_MMAP_SHADOW >> PAGE_SHIFT)
			ret = srtpo_queue_shadow_on(q);
	}
	if (!ret && cpu) {
		srtpo_vma_flags(vma, VM_DONTCOPY | VM_DONTEXPAND | VM_DONTDUMP,
				pgoff == SRTPO_MMAP_CQ >> PAGE_SHIFT ? VM_MAYWRITE : 0);
		/* the offset selected the region; inside it the mapping starts at 0 */
		vma->vm_pgoff = 0;
		ret = dma_mmap_coherent(&sd->pdev->dev, vma, cpu, dma, size);
	}
	up_read(&sd->rwsem);
	return ret;
}

/* ---- ioctls ------------------------------------------------------------------------------- */

/*
 * Copies an ioctl argument in: its leading size must be one this driver knows for the ioctl
 * (today: the size of the struct) and match the size in the ioctl number.
 */
static int srtpo_arg_in(void *karg, size_t ksize, unsigned int cmd, void __user *uarg)
{
	u32 size;

	if (_IOC_SIZE(cmd) != ksize)
		return -EINVAL;
	if (get_user(size, (u32 __user *)uarg))
		return -EFAULT;
	if (size != ksize)
		return -EINVAL;
	if (copy_from_user(karg, uarg, ksize))
		return -EFAULT;
	return 0;
}

/*
 * The same for an ioctl whose struct grew in a minor version: the caller's size (in the ioctl
 * number and in the struct) may be any of sizes[]; a shorter struct reads as zero past its end.
 * Returns the caller's size, or a negative error.
 */
static int srtpo_arg_in_sizes(void *karg, size_t ksize, const u32 *sizes, unsigned int nsizes,
			      unsigned int cmd, void __user *uarg)
{
	u32 size;
	unsigned int i;

	if (get_user(size, (u32 __user *)uarg))
		return -EFAULT;
	if (size != _IOC_SIZE(cmd) || size > ksize)
		return -EINVAL;
	for (i = 0; i < nsizes && sizes[i] != size; i++)
		;
	if (i == nsizes)
		return -EINVAL;
	memset(karg, 0, ksize);
	if (copy_from_user(karg, uarg, size))
		return -EFAULT;
	return size;
}

static int srtpo_arg_out(void __user *uarg, const void *karg, size_t ksize)
{
	return copy_to_user(uarg, karg, ksize) ? -EFAULT : 0;
}

static bool srtpo_qu_off(struct srtpo_queue *q, u32 off)
{
	return off >= SRTPO_QU(q->q, 0) && off < SRTPO_QU(q->q, 0) + SRTPO_QU_STRIDE;
}

static long srtpo_ioc_info(struct srtpo_queue *q, unsigned int cmd, void __user *uarg)
{
	static const u32 sizes[] = { sizeof(struct srtpo_info), SRTPO_INFO_SIZE_V1_0 };
	struct srtpo_dev *sd = q->sd;
	struct srtpo_info in;
	int size;

	BUILD_BUG_ON(offsetof(struct srtpo_info, cap_features) != SRTPO_INFO_SIZE_V1_0);
	size = srtpo_arg_in_sizes(&in, sizeof(in), sizes, ARRAY_SIZE(sizes), cmd, uarg);
	if (size < 0)
		return size;
	memset(&in, 0, sizeof(in));
	in.size = size;
	in.abi_version = SRTPO_ABI_VERSION;
	in.card = sd->index;
	in.queue = q->q;
	in.slot_base = q->slot_base;
	in.slot_count = q->slot_count;
	in.sq_log2 = srtpo_sq_log2;
	in.cq_log2 = srtpo_cq_log2;
	in.win_size = srtpo_win_bytes();
	in.key_off = srtpo_win_bytes() - SRTPO_KEY_SCRATCH;
#ifndef CONFIG_UML
	if (srtpo_qu_mmap && PAGE_SIZE == SRTPO_QU_STRIDE)
		in.flags |= SRTPO_INFO_QU_MMAP;
#endif
	in.irq_count = atomic_read(&q->irq_seq);
	in.mmap_sq = SRTPO_MMAP_SQ;
	in.mmap_cq = SRTPO_MMAP_CQ;
	in.mmap_win = SRTPO_MMAP_WIN;
	in.mmap_qu = SRTPO_MMAP_QU;
	in.fw_magic = sd->fw.magic;
	in.fw_version = sd->fw.version;
	in.fw_build_date = sd->fw.build_date;
	in.fw_git_hash = sd->fw.git_hash;
	in.cap_queues = sd->fw.cap_queues;
	in.cap_slots = sd->fw.cap_slots;
	in.cap_suites = sd->fw.cap_suites;
	in.cap_max_pkt = sd->fw.cap_max_pkt;
	in.cap_bus_bits = sd->fw.cap_bus_bits;
	in.cap_features = sd->cap_features;
	if (q->shadow) {
		in.flags |= SRTPO_INFO_SHADOW;
		in.mmap_shadow = SRTPO_MMAP_SHADOW;
	}
	/* only what the caller's version of the struct holds */
	return srtpo_arg_out(uarg, &in, size);
}

static long srtpo_ioc_load_key(struct srtpo_queue *q, unsigned int cmd, void __user *uarg)
{
	struct srtpo_load_key lk;
	long ret;

	ret = srtpo_arg_in(&lk, sizeof(lk), cmd, uarg);
	if (ret)
		goto out;
	if (lk.flags || lk.slot >= q->slot_count) {
		ret = -EINVAL;
		goto out;
	}
	mutex_lock(&q->lock);
	lk.status = 0;
	lk.sq_tail = 0;
	lk.cq_head = 0;
	ret = srtpo_queue_load_key(q, lk.slot, lk.record, &lk);
	mutex_unlock(&q->lock);
	if (ret == 0 || ret == -EIO) {
		/* the caller's copy of the record stays the caller's business; ours is wiped */
		memzero_explicit(lk.record, sizeof(lk.record));
		if (copy_to_user(uarg, &lk, offsetof(struct srtpo_load_key, record)))
			ret = -EFAULT;
	}
out:
	memzero_explicit(&lk, sizeof(lk));
	return ret;
}

static long srtpo_ioc_kick(struct srtpo_queue *q, unsigned int cmd, void __user *uarg)
{
	struct srtpo_kick k;
	int ret;

	ret = srtpo_arg_in(&k, sizeof(k), cmd, uarg);
	if (ret)
		return ret;
	if (!k.flags || (k.flags & ~(SRTPO_KICK_SQ_TAIL | SRTPO_KICK_CQ_HEAD)) ||
	    k.sq_tail > 0xffff || k.cq_head > 0xffff)
		return -EINVAL;
	mutex_lock(&q->lock);
	srtpo_queue_kick(q, k.flags, k.sq_tail, k.cq_head);
	mutex_unlock(&q->lock);
	return 0;
}

static long srtpo_ioc_reg_read(struct srtpo_queue *q, unsigned int cmd, void __user *uarg)
{
	struct srtpo_reg_read r;
	int ret;

	ret = srtpo_arg_in(&r, sizeof(r), cmd, uarg);
	if (ret)
		return ret;
	if (r.rsvd || (r.off & 3) ||
	    !(r.off < SRTPO_GLB_CTRL || srtpo_qu_off(q, r.off)))
		return -EINVAL;
	r.val = srtpo_rd(q->sd, r.off);
	return srtpo_arg_out(uarg, &r, sizeof(r));
}

static long srtpo_ioc_set_irq(struct srtpo_queue *q, unsigned int cmd, void __user *uarg)
{
	struct srtpo_set_irq s;
	int ret;

	ret = srtpo_arg_in(&s, sizeof(s), cmd, uarg);
	if (ret)
		return ret;
	if (!s.flags || (s.flags & ~(SRTPO_SET_IRQ_COUNT | SRTPO_SET_IRQ_TIME)) ||
	    s.irq_count > 0xffff)
		return -EINVAL;
	mutex_lock(&q->lock);
	if (s.flags & SRTPO_SET_IRQ_COUNT)
		srtpo_qu_wr(q, SRTPO_QU_IRQ_COUNT, s.irq_count);
	if (s.flags & SRTPO_SET_IRQ_TIME)
		srtpo_qu_wr(q, SRTPO_QU_IRQ_TIME, s.irq_time);
	mutex_unlock(&q->lock);
	return 0;
}

static bool srtpo_wait_done(struct srtpo_queue *q, const struct srtpo_wait *w)
{
	if (READ_ONCE(q->sd->gone))
		return true;
	if ((w->flags & SRTPO_WAIT_IRQ) && (u32)atomic_read(&q->irq_seq) != w->irq_seen)
		return true;
	return (w->flags & SRTPO_WAIT_CPL) && srtpo_cpl_present(q, (u16)w->cq_pos);
}

/* Sleeps without holding rwsem: remove wakes every waiter after setting gone. */
static long srtpo_ioc_wait(struct srtpo_queue *q, unsigned int cmd, void __user *uarg)
{
	struct srtpo_wait w;
	unsigned long flags;
	long ret;

	ret = srtpo_arg_in(&w, sizeof(w), cmd, uarg);
	if (ret)
		return ret;
	if (!w.flags || (w.flags & ~(SRTPO_WAIT_IRQ | SRTPO_WAIT_CPL)) || w.cq_pos > 0xffff)
		return -EINVAL;
	if (!srtpo_wait_done(q, &w)) {
		if (!w.timeout_us)
			ret = -ETIMEDOUT;
		else
			ret = wait_event_interruptible_hrtimeout(q->wq, srtpo_wait_done(q, &w),
								 ns_to_ktime((u64)w.timeout_us *
									     NSEC_PER_USEC));
		if (ret == -ETIME)
			ret = -ETIMEDOUT;
		else if (ret == -ERESTARTSYS)
			ret = -EINTR;
	}
	if (READ_ONCE(q->sd->gone))
		return -ENODEV;
	w.irq_count = atomic_read(&q->irq_seq);
	spin_lock_irqsave(&q->poll_lock, flags);
	q->poll_irq = w.irq_count;
	spin_unlock_irqrestore(&q->poll_lock, flags);
	if (copy_to_user(uarg, &w, sizeof(w)))
		return -EFAULT;
	return ret;
}

static long srtpo_ioc_stats(struct srtpo_queue *q, unsigned int cmd, void __user *uarg)
{
	struct srtpo_dev *sd = q->sd;
	struct srtpo_stats s;
	u32 lo;
	int ret;

	ret = srtpo_arg_in(&s, sizeof(s), cmd, uarg);
	if (ret)
		return ret;
	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	s.sq_tail = srtpo_qu_rd(q, SRTPO_QU_SQ_TAIL);
	s.sq_head = srtpo_qu_rd(q, SRTPO_QU_SQ_HEAD);
	s.cq_head = srtpo_qu_rd(q, SRTPO_QU_CQ_HEAD);
	s.cq_tail = srtpo_qu_rd(q, SRTPO_QU_CQ_TAIL);
	s.status = srtpo_qu_rd(q, SRTPO_QU_STATUS);
	s.cnt_done = srtpo_qu_rd(q, SRTPO_QU_CNT_DONE);
	s.cnt_err = srtpo_qu_rd(q, SRTPO_QU_CNT_ERR);
	s.cnt_reject = srtpo_qu_rd(q, SRTPO_QU_CNT_REJECT);
	s.cnt_irq = srtpo_qu_rd(q, SRTPO_QU_CNT_IRQ);
	s.irq_count = atomic_read(&q->irq_seq);
	s.glb_status = srtpo_rd(sd, SRTPO_GLB_STATUS);
	s.glb_cnt_desc = srtpo_rd(sd, SRTPO_GLB_CNT_DESC);
	s.glb_cnt_reject = srtpo_rd(sd, SRTPO_GLB_CNT_REJECT);
	s.glb_cnt_rd_err = srtpo_rd(sd, SRTPO_GLB_CNT_RD_ERR);
	s.glb_cnt_wr_err = srtpo_rd(sd, SRTPO_GLB_CNT_WR_ERR);
	s.glb_cnt_irq = srtpo_rd(sd, SRTPO_GLB_CNT_IRQ);
	/* LO first: it latches HI */
	lo = srtpo_rd(sd, SRTPO_GLB_CYCLES_LO);
	s.glb_cycles = (u64)srtpo_rd(sd, SRTPO_GLB_CYCLES_HI) << 32 | lo;
	return srtpo_arg_out(uarg, &s, sizeof(s));
}

static long srtpo_ioc_queue_reset(struct srtpo_queue *q, unsigned int cmd, void __user *uarg)
{
	struct srtpo_queue_reset r;
	int ret;

	ret = srtpo_arg_in(&r, sizeof(r), cmd, uarg);
	if (ret)
		return ret;
	if (r.flags || r.rsvd || r.timeout_ms > 60 * MSEC_PER_SEC)
		return -EINVAL;
	return srtpo_queue_reset(q, r.timeout_ms);
}

static long srtpo_ioc_queue_stop(struct srtpo_queue *q, unsigned int cmd, void __user *uarg)
{
	struct srtpo_queue_stop r;
	int ret;

	ret = srtpo_arg_in(&r, sizeof(r), cmd, uarg);
	if (ret)
		return ret;
	if (r.flags || r.rsvd || r.timeout_ms > 60 * MSEC_PER_SEC)
		return -EINVAL;
	return srtpo_queue_stop(q, r.timeout_ms);
}

static long srtpo_ioc_set_eventfd(struct srtpo_queue *q, unsigned int cmd, void __user *uarg)
{
	struct eventfd_ctx *ev = NULL, *old;
	struct srtpo_set_eventfd s;
	unsigned long flags;
	int ret;

	ret = srtpo_arg_in(&s, sizeof(s), cmd, uarg);
	if (ret)
		return ret;
	if (s.flags || s.rsvd || s.fd < -1)
		return -EINVAL;
	if (s.fd >= 0) {
		ev = eventfd_ctx_fdget(s.fd);
		if (IS_ERR(ev))
			return PTR_ERR(ev);
	}
	spin_lock_irqsave(&q->ev_lock, flags);
	old = q->ev;
	q->ev = ev;
	spin_unlock_irqrestore(&q->ev_lock, flags);
	if (old)
		eventfd_ctx_put(old);
	return 0;
}

static long srtpo_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct srtpo_queue *q = file->private_data;
	struct srtpo_dev *sd = q->sd;
	void __user *uarg = (void __user *)arg;
	long ret;

	if (_IOC_TYPE(cmd) != SRTPO_IOC_MAGIC)
		return -ENOTTY;
	/* WAIT sleeps without the lock and checks gone itself */
	if (cmd == SRTPO_IOC_WAIT)
		return srtpo_ioc_wait(q, cmd, uarg);

	down_read(&sd->rwsem);
	if (sd->gone) {
		up_read(&sd->rwsem);
		return -ENODEV;
	}
	switch (cmd) {
	case SRTPO_IOC_INFO:
	case SRTPO_IOC_INFO_V1_0:
		ret = srtpo_ioc_info(q, cmd, uarg);
		break;
	case SRTPO_IOC_LOAD_KEY:
		ret = srtpo_ioc_load_key(q, cmd, uarg);
		break;
	case SRTPO_IOC_KICK:
		ret = srtpo_ioc_kick(q, cmd, uarg);
		break;
	case SRTPO_IOC_REG_READ:
		ret = srtpo_ioc_reg_read(q, cmd, uarg);
		break;
	case SRTPO_IOC_SET_IRQ:
		ret = srtpo_ioc_set_irq(q, cmd, uarg);
		break;
	case SRTPO_IOC_STATS:
		ret = srtpo_ioc_stats(q, cmd, uarg);
		break;
	case SRTPO_IOC_QUEUE_RESET:
		ret = srtpo_ioc_queue_reset(q, cmd, uarg);
		break;
	case SRTPO_IOC_SET_EVENTFD:
		ret = srtpo_ioc_set_eventfd(q, cmd, uarg);
		break;
	case SRTPO_IOC_QUEUE_STOP:
		ret = srtpo_ioc_queue_stop(q, cmd, uarg);
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	up_read(&sd->rwsem);
	return ret;
}

/* ---- poll --------------------------------------------------------------------------------- */

/*
 * Readable when the queue had an interrupt since the last WAIT or readable poll, or the card
 * wrote a completion past the ones a poll already reported (so it works with interrupts off).
 */
static __poll_t srtpo_poll(struct file *file, poll_table *wait)
{
	struct srtpo_queue *q = file->private_data;
	u32 irq, n, max = 1U << srtpo_cq_log2;
	unsigned long flags;
	__poll_t mask = 0;

	poll_wait(file, &q->wq, wait);
	if (READ_ONCE(q->sd->gone))
		return EPOLLERR | EPOLLHUP;
	irq = atomic_read(&q->irq_seq);
	spin_lock_irqsave(&q->poll_lock, flags);
	if (irq != q->poll_irq) {
		q->poll_irq = irq;
		mask = EPOLLIN | EPOLLRDNORM;
	}
	for (n = 0; n < max && srtpo_cpl_present(q, q->poll_cpl); n++)
		q->poll_cpl++;
	if (n)
		mask = EPOLLIN | EPOLLRDNORM;
	spin_unlock_irqrestore(&q->poll_lock, flags);
	return mask;
}

const struct file_operations srtpo_fops = {
	.owner = THIS_MODULE,
	.open = srtpo_open,
	.release = srtpo_release,
	.mmap = srtpo_mmap,
	.poll = srtpo_poll,
	.unlocked_ioctl = srtpo_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};
