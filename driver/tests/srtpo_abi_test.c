/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * srtpo_abi_test.c - the driver's user-space ABI against a real (or simulated) card:
 *   srtpo_abi_test [/dev/srtpo0]
 *
 * Needs the module loaded and the card idle (no other process owning a queue). Checks queue
 * ownership and exhaustion, argument validation of every ioctl and mmap, descriptors through
 * the ring (NOP, LOAD_KEY, PROTECT, the card's isolation checks), WAIT, poll, eventfd, STATS,
 * QUEUE_STOP, QUEUE_RESET, and that keys and window are wiped when a queue changes hands, also after its
 * owner is killed. Prints each failure and ends with "N passed, N failed"; exit status 1 on any
 * failure, 77 when the device is missing.
 *
 *   srtpo_abi_test --unbind /dev/srtpo0 0000:00:00.0
 * unbinds the driver from the card while a queue is open, mapped and waited on, then binds it
 * again (needs root and sysfs).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "srtpo_ioctl.h"
#include "srtpo_regs.h"

#define CPL_TIMEOUT_US 10000000u   /* the simulated card under UML is slow */
#define OUT_OFF        2048u

static int passed, failed;

#define CHECK(cond, ...)                                                                   \
	do {                                                                               \
		if (cond) {                                                                \
			passed++;                                                          \
		} else {                                                                   \
			failed++;                                                          \
			printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);             \
			printf(__VA_ARGS__);                                               \
			printf(" (errno %d %s)\n", errno, strerror(errno));                \
		}                                                                          \
	} while (0)

/* One owned queue, as a process sees it. */
struct q {
	int fd;
	struct srtpo_info in;
	uint8_t *sq, *cq, *win;
	uint16_t tail, head;
};

static int ioc(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

static int q_open(struct q *q, const char *path)
{
	memset(q, 0, sizeof(*q));
	q->fd = open(path, O_RDWR | O_CLOEXEC);
	if (q->fd < 0)
		return -errno;
	q->in.size = sizeof(q->in);
	if (ioc(q->fd, SRTPO_IOC_INFO, &q->in))
		return -errno;
	q->sq = mmap(NULL, (size_t)64 << q->in.sq_log2, PROT_READ | PROT_WRITE, MAP_SHARED, q->fd,
		     (off_t)q->in.mmap_sq);
	q->cq = mmap(NULL, (size_t)16 << q->in.cq_log2, PROT_READ, MAP_SHARED, q->fd,
		     (off_t)q->in.mmap_cq);
	q->win = mmap(NULL, q->in.win_size, PROT_READ | PROT_WRITE, MAP_SHARED, q->fd,
		      (off_t)q->in.mmap_win);
	if (q->sq == MAP_FAILED || q->cq == MAP_FAILED || q->win == MAP_FAILED)
		return -errno;
	return 0;
}

static void q_close(struct q *q)
{
	munmap(q->sq, (size_t)64 << q->in.sq_log2);
	munmap(q->cq, (size_t)16 << q->in.cq_log2);
	munmap(q->win, q->in.win_size);
	close(q->fd);
	q->fd = -1;
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static uint8_t *q_next(struct q *q)
{
	return q->sq + (size_t)(q->tail & ((1u << q->in.sq_log2) - 1)) * 64;
}

static const uint8_t *q_cpl(struct q *q, uint16_t pos)
{
	return q->cq + (size_t)(pos & ((1u << q->in.cq_log2) - 1)) * 16;
}

static int kick(int fd, uint32_t flags, uint32_t sq_tail, uint32_t cq_head)
{
	struct srtpo_kick k = { sizeof(k), flags, sq_tail, cq_head };

	return ioc(fd, SRTPO_IOC_KICK, &k);
}

static int wait_cpl(struct q *q, uint16_t pos, uint32_t timeout_us)
{
	struct srtpo_wait w = { .size = sizeof(w), .flags = SRTPO_WAIT_CPL, .cq_pos = pos,
				.timeout_us = timeout_us };

	return ioc(q->fd, SRTPO_IOC_WAIT, &w);
}

/* Writes a descriptor (eight words; the id is set here) and rings the doorbell. */
static void post(struct q *q, uint64_t w[8])
{
	uint8_t *d = q_next(q);

	w[0] |= (uint64_t)q->tail << 48;
	for (int i = 0; i < 8; i++)
		put64(d + 8 * i, w[i]);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	q->tail++;
	kick(q->fd, SRTPO_KICK_SQ_TAIL, q->tail, 0);
}

/* Waits for the next completion and consumes it: its status, or -1 on timeout / bad entry. */
static int reap(struct q *q, uint16_t *out_len)
{
	const uint8_t *e = q_cpl(q, q->head);
	uint16_t id;
	int st;

	if (wait_cpl(q, q->head, CPL_TIMEOUT_US))
		return -1;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	memcpy(&id, e, 2);
	st = e[2];
	if (out_len)
		memcpy(out_len, e + 4, 2);
	if (id != (uint16_t)(q->tail - 1))
		st = -1;
	q->head++;
	kick(q->fd, SRTPO_KICK_CQ_HEAD, 0, q->head);
	return st;
}

static int nop(struct q *q)
{
	uint64_t w[8] = { SRTPO_HW_OP_NOP };

	post(q, w);
	return reap(q, NULL);
}

/* PROTECT of a 32-byte RTP packet (12-byte header) at in_off, tag 10, into out_off. */
static int protect(struct q *q, uint32_t slot, uint32_t in_off, uint32_t out_off, uint8_t rsvd,
		   uint16_t *out_len)
{
	uint64_t w[8] = { 0 };

	w[0] = SRTPO_HW_OP_PROTECT | (uint64_t)10 << 16 | (uint64_t)rsvd << 24 |
	       (uint64_t)slot << 32;
	w[1] = 1;                                     /* index */
	w[2] = 0x11223344;                            /* ssrc, roc 0 */
	w[3] = 12 | (uint64_t)20 << 16 | (uint64_t)32 << 32 | (uint64_t)32 << 48;
	w[4] = 42;                                    /* pkt_len: packet and tag */
	w[5] = in_off | (uint64_t)out_off << 32;
	post(q, w);
	return reap(q, out_len);
}

static void key_record(uint8_t rec[SRTPO_KEY_REC_BYTES], uint8_t cipher)
{
	memset(rec, 0, SRTPO_KEY_REC_BYTES);
	for (int i = 0; i < 16; i++)
		rec[i] = (uint8_t)(0x10 + i);           /* AES-128 key */
	for (int i = 0; i < 14; i++)
		rec[32 + i] = (uint8_t)(0x80 + i);      /* salt */
	rec[46] = cipher;
	rec[47] = 1;                                  /* HMAC-SHA1 */
	for (int i = 48; i < 88; i++)
		rec[i] = (uint8_t)(i * 7);              /* midstates */
}

static int load_key(struct q *q, uint32_t slot, uint8_t cipher, struct srtpo_load_key *lk)
{
	int ret;

	memset(lk, 0, sizeof(*lk));
	lk->size = sizeof(*lk);
	lk->slot = slot;
	key_record(lk->record, cipher);
	ret = ioc(q->fd, SRTPO_IOC_LOAD_KEY, lk);
	if (ret == 0 || ret == -EIO) {
		q->tail = (uint16_t)lk->sq_tail;
		q->head = (uint16_t)lk->cq_head;
	}
	return ret;
}

static int all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static int stats(struct q *q, struct srtpo_stats *s)
{
	memset(s, 0, sizeof(*s));
	s->size = sizeof(*s);
	return ioc(q->fd, SRTPO_IOC_STATS, s);
}

static void test_info(struct q *q)
{
	struct srtpo_info bad = { .size = 4 };
	const struct srtpo_info *in = &q->in;

	CHECK(ioc(q->fd, SRTPO_IOC_INFO, &bad) == -EINVAL, "INFO with size 4");
	CHECK(ioc(q->fd, _IOWR(SRTPO_IOC_MAGIC, 0x3f, struct srtpo_info), &bad) == -ENOTTY,
	      "unknown ioctl");
	CHECK(in->abi_version >> 16 == SRTPO_ABI_MAJOR, "abi 0x%x", in->abi_version);
	CHECK(in->fw_magic == SRTPO_HW_MAGIC, "magic 0x%x", in->fw_magic);
	CHECK(in->fw_version >> 16 == SRTPO_HW_VERSION_MAJOR, "version 0x%x", in->fw_version);
	CHECK(in->queue < in->cap_queues, "queue %u of %u", in->queue, in->cap_queues);
	CHECK(in->slot_count >= 1 && in->slot_base + in->slot_count <= in->cap_slots,
	      "slots %u+%u of %u", in->slot_base, in->slot_count, in->cap_slots);
	CHECK(in->cq_log2 > in->sq_log2 && in->key_off == in->win_size - SRTPO_KEY_SCRATCH,
	      "sizes");
	CHECK(in->mmap_sq == SRTPO_MMAP_SQ && in->mmap_cq == SRTPO_MMAP_CQ &&
	      in->mmap_win == SRTPO_MMAP_WIN && in->mmap_qu == SRTPO_MMAP_QU, "mmap offsets");
	CHECK(in->abi_version == SRTPO_ABI_VERSION, "abi 0x%x, header 0x%x", in->abi_version,
	      SRTPO_ABI_VERSION);
	CHECK(in->size == sizeof(*in) && !in->rsvd && !in->rsvd1, "INFO 1.1 size and reserved");
	CHECK(!!(in->flags & SRTPO_INFO_SHADOW) ==
	      !!(in->cap_features & SRTPO_FW_CAP_FEATURES_SHADOW_DB_MASK) &&
	      in->mmap_shadow == (in->flags & SRTPO_INFO_SHADOW ? SRTPO_MMAP_SHADOW : 0),
	      "shadow record offered as CAP_FEATURES 0x%x says", in->cap_features);
	{
		/* an ABI 1.0 caller: the shorter struct, its own ioctl number, nothing past it */
		union { struct srtpo_info in; uint8_t b[sizeof(struct srtpo_info) + 16]; } old;

		memset(&old, 0xee, sizeof(old));
		old.in.size = SRTPO_INFO_SIZE_V1_0;
		CHECK(ioc(q->fd, SRTPO_IOC_INFO_V1_0, &old) == 0 &&
		      old.in.size == SRTPO_INFO_SIZE_V1_0 && old.in.queue == in->queue &&
		      old.in.win_size == in->win_size && old.in.cap_bus_bits == in->cap_bus_bits &&
		      !old.in.rsvd && old.b[SRTPO_INFO_SIZE_V1_0] == 0xee &&
		      old.b[sizeof(old) - 1] == 0xee, "INFO of ABI 1.0");
		old.in.size = SRTPO_INFO_SIZE_V1_0;
		CHECK(ioc(q->fd, SRTPO_IOC_INFO, &old) == -EINVAL, "INFO size 1.0 in a 1.1 number");
		old.in.size = sizeof(struct srtpo_info);
		CHECK(ioc(q->fd, SRTPO_IOC_INFO_V1_0, &old) == -EINVAL,
		      "INFO size 1.1 in a 1.0 number");
	}
}

static void test_mmap(struct q *q)
{
	size_t cq_len = (size_t)16 << q->in.cq_log2;
	void *p;

	p = mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED, q->fd, (off_t)SRTPO_MMAP_CQ);
	CHECK(p == MAP_FAILED && errno == EPERM, "writable completion ring");
	CHECK(mprotect(q->cq, cq_len, PROT_READ | PROT_WRITE) != 0,
	      "completion ring made writable");
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, q->fd, (off_t)0x5000000);
	CHECK(p == MAP_FAILED && errno == EINVAL, "unknown offset");
	p = mmap(NULL, q->in.win_size + 4096, PROT_READ, MAP_SHARED, q->fd,
		 (off_t)SRTPO_MMAP_WIN);
	CHECK(p == MAP_FAILED && errno == EINVAL, "window mapping too long");
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, q->fd, (off_t)SRTPO_MMAP_SQ);
	CHECK(p == MAP_FAILED && errno == EINVAL, "private mapping");
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, q->fd, (off_t)SRTPO_MMAP_QU);
	if (q->in.flags & SRTPO_INFO_QU_MMAP) {
		CHECK(p != MAP_FAILED, "QU page offered but not mappable");
		if (p != MAP_FAILED) {
			CHECK(((volatile uint32_t *)p)[SRTPO_QU_SQ_TAIL / 4] == q->tail,
			      "QU SQ_TAIL through the mapping");
			munmap(p, 4096);
		}
	} else {
		CHECK(p == MAP_FAILED && errno == ENODEV, "QU page not offered but mapped");
	}
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, q->fd, (off_t)SRTPO_MMAP_SHADOW);
	CHECK(p == MAP_FAILED && errno == (q->in.flags & SRTPO_INFO_SHADOW ? EINVAL : ENODEV),
	      "shadow record mapping too long");
	p = mmap(NULL, 64, PROT_READ | PROT_WRITE, MAP_SHARED, q->fd, (off_t)SRTPO_MMAP_SHADOW);
	if (q->in.flags & SRTPO_INFO_SHADOW) {
		CHECK(p != MAP_FAILED, "shadow record offered but not mappable");
		if (p != MAP_FAILED) {
			/* the driver keeps the record in step with the queue's indices */
			CHECK(((volatile uint16_t *)p)[0] == q->tail, "shadow sq_tail %u, tail %u",
			      ((volatile uint16_t *)p)[0], q->tail);
			munmap(p, 64);
		}
	} else {
		CHECK(p == MAP_FAILED && errno == ENODEV, "shadow record not offered but mapped");
	}
}

static void test_reg_read(struct q *q)
{
	uint32_t qu = SRTPO_QU(q->in.queue, 0);
	uint32_t other = SRTPO_QU(q->in.queue ? 0 : 1, 0);
	struct srtpo_reg_read r = { .size = sizeof(r) };

	r.off = SRTPO_FW_MAGIC;
	CHECK(ioc(q->fd, SRTPO_IOC_REG_READ, &r) == 0 && r.val == SRTPO_HW_MAGIC, "FW magic");
	r.off = SRTPO_FW_CAP_SLOTS;
	CHECK(ioc(q->fd, SRTPO_IOC_REG_READ, &r) == 0 && r.val == q->in.cap_slots, "CAP_SLOTS");
	r.off = qu + SRTPO_QU_IRQ_COUNT;
	CHECK(ioc(q->fd, SRTPO_IOC_REG_READ, &r) == 0 && r.val == 1, "own IRQ_COUNT %u", r.val);
	r.off = qu + 2;
	CHECK(ioc(q->fd, SRTPO_IOC_REG_READ, &r) == -EINVAL, "unaligned");
	r.off = other;
	CHECK(ioc(q->fd, SRTPO_IOC_REG_READ, &r) == -EINVAL, "another queue's page");
	r.off = SRTPO_QP(q->in.queue, SRTPO_QP_WIN_BASE_LO);
	CHECK(ioc(q->fd, SRTPO_IOC_REG_READ, &r) == -EINVAL, "privileged QP block");
	r.off = SRTPO_GLB_SCRATCH;
	CHECK(ioc(q->fd, SRTPO_IOC_REG_READ, &r) == -EINVAL, "GLB block");
	r.off = SRTPO_FW_MAGIC;
	r.rsvd = 1;
	CHECK(ioc(q->fd, SRTPO_IOC_REG_READ, &r) == -EINVAL, "reserved field");
}

static void test_validation(struct q *q)
{
	struct srtpo_set_irq si = { sizeof(si), 0, 1, 0 };
	struct srtpo_wait w = { .size = sizeof(w) };
	struct srtpo_queue_reset qr = { sizeof(qr), 1, 0, 0 };
	struct srtpo_set_eventfd se = { sizeof(se), -1, 1, 0 };
	struct srtpo_load_key lk;

	CHECK(kick(q->fd, 0, 0, 0) == -EINVAL, "KICK without flags");
	CHECK(kick(q->fd, 4, 0, 0) == -EINVAL, "KICK unknown flag");
	CHECK(kick(q->fd, SRTPO_KICK_SQ_TAIL, 0x10000, 0) == -EINVAL, "KICK tail past 16 bits");
	CHECK(ioc(q->fd, SRTPO_IOC_SET_IRQ, &si) == -EINVAL, "SET_IRQ without flags");
	si.flags = SRTPO_SET_IRQ_COUNT;
	si.irq_count = 0x10000;
	CHECK(ioc(q->fd, SRTPO_IOC_SET_IRQ, &si) == -EINVAL, "SET_IRQ count past 16 bits");
	CHECK(ioc(q->fd, SRTPO_IOC_WAIT, &w) == -EINVAL, "WAIT without flags");
	w.flags = SRTPO_WAIT_CPL;
	w.cq_pos = 0x10000;
	CHECK(ioc(q->fd, SRTPO_IOC_WAIT, &w) == -EINVAL, "WAIT position past 16 bits");
	CHECK(ioc(q->fd, SRTPO_IOC_QUEUE_RESET, &qr) == -EINVAL, "QUEUE_RESET flags");
	CHECK(ioc(q->fd, SRTPO_IOC_SET_EVENTFD, &se) == -EINVAL, "SET_EVENTFD flags");
	se.flags = 0;
	se.fd = -2;
	CHECK(ioc(q->fd, SRTPO_IOC_SET_EVENTFD, &se) == -EINVAL, "SET_EVENTFD fd -2");
	memset(&lk, 0, sizeof(lk));
	lk.size = sizeof(lk);
	lk.slot = q->in.slot_count;
	CHECK(ioc(q->fd, SRTPO_IOC_LOAD_KEY, &lk) == -EINVAL, "LOAD_KEY slot past the range");
	lk.slot = 0;
	lk.flags = 1;
	CHECK(ioc(q->fd, SRTPO_IOC_LOAD_KEY, &lk) == -EINVAL, "LOAD_KEY flags");
	lk.flags = 0;
	lk.size = sizeof(lk) - 8;
	CHECK(ioc(q->fd, SRTPO_IOC_LOAD_KEY, &lk) == -EINVAL, "LOAD_KEY size");
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void test_ring(struct q *q)
{
	struct srtpo_wait w = { .size = sizeof(w) };
	struct pollfd p = { .fd = q->fd, .events = POLLIN };
	struct sigaction sa;
	struct timespec t0, t1;
	const uint8_t *e;
	int st;

	e = q_cpl(q, 0);
	st = nop(q);
	CHECK(st == SRTPO_HW_ST_OK, "NOP status %d", st);
	CHECK((e[3] & 1) == 1, "phase of the first lap");

	/* nothing is coming */
	CHECK(wait_cpl(q, q->head, 0) == -ETIMEDOUT, "WAIT with timeout 0");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(wait_cpl(q, q->head, 20000) == -ETIMEDOUT, "WAIT 20 ms");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK((t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec) >= 15000000L,
	      "WAIT returned early");

	/* a signal ends a WAIT */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	CHECK(wait_cpl(q, q->head, 5000000) == -EINTR, "WAIT interrupted");
	alarm(0);

	/* poll: the NOP's completion and interrupt are reported once */
	usleep(50000);
	CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLIN), "poll after a completion");
	CHECK(poll(&p, 1, 0) == 0, "poll reports an event once");
	{
		uint64_t d[8] = { SRTPO_HW_OP_NOP };

		post(q, d);
		CHECK(poll(&p, 1, 10000) == 1 && (p.revents & POLLIN), "poll wakes");
		CHECK(reap(q, NULL) == SRTPO_HW_ST_OK, "NOP after poll");
	}

	/* WAIT on the interrupt count */
	w.flags = SRTPO_WAIT_IRQ;
	w.irq_seen = 0xffffffffu;
	w.timeout_us = 0;
	CHECK(ioc(q->fd, SRTPO_IOC_WAIT, &w) == 0, "WAIT IRQ with another count");
	w.irq_seen = w.irq_count;
	{
		uint64_t d[8] = { SRTPO_HW_OP_NOP };

		post(q, d);
		w.timeout_us = CPL_TIMEOUT_US;
		CHECK(ioc(q->fd, SRTPO_IOC_WAIT, &w) == 0 && w.irq_count != w.irq_seen,
		      "WAIT IRQ wakes on the interrupt");
		CHECK(reap(q, NULL) == SRTPO_HW_ST_OK, "NOP after WAIT IRQ");
	}

	/* an eventfd per interrupt */
	{
		int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		struct srtpo_set_eventfd se = { sizeof(se), efd, 0, 0 };
		struct pollfd ep = { .fd = efd, .events = POLLIN };
		uint64_t d[8] = { SRTPO_HW_OP_NOP }, v = 0;

		CHECK(ioc(q->fd, SRTPO_IOC_SET_EVENTFD, &se) == 0, "SET_EVENTFD");
		post(q, d);
		CHECK(poll(&ep, 1, 10000) == 1 && read(efd, &v, 8) == 8 && v >= 1,
		      "eventfd signalled");
		CHECK(reap(q, NULL) == SRTPO_HW_ST_OK, "NOP with eventfd");
		se.fd = -1;
		CHECK(ioc(q->fd, SRTPO_IOC_SET_EVENTFD, &se) == 0, "SET_EVENTFD -1");
		close(efd);
	}
}

static void test_keys_and_isolation(struct q *q)
{
	uint32_t base = q->in.slot_base, n = q->in.slot_count;
	struct srtpo_load_key lk;
	struct srtpo_stats s0, s1;
	uint16_t tail, head, out_len = 0;
	uint64_t d[8] = { SRTPO_HW_OP_NOP };
	int st;

	/* not idle: a completion nobody consumed */
	post(q, d);
	CHECK(wait_cpl(q, q->head, CPL_TIMEOUT_US) == 0, "NOP completes");
	memset(&lk, 0, sizeof(lk));
	lk.size = sizeof(lk);
	key_record(lk.record, 1);
	CHECK(ioc(q->fd, SRTPO_IOC_LOAD_KEY, &lk) == -EBUSY, "LOAD_KEY on a busy queue");
	q->head++;
	kick(q->fd, SRTPO_KICK_CQ_HEAD, 0, q->head);

	tail = q->tail;
	head = q->head;
	CHECK(load_key(q, 0, 7, &lk) == -EIO && lk.status == SRTPO_HW_ST_BAD_KEY,
	      "bad record: status %u", lk.status);
	CHECK(lk.sq_tail == (uint16_t)(tail + 1) && lk.cq_head == (uint16_t)(head + 1),
	      "indices after a refused load");
	CHECK(load_key(q, 0, 1, &lk) == 0 && lk.status == SRTPO_HW_ST_OK, "LOAD_KEY status %u",
	      lk.status);
	CHECK(all_zero(q->win + q->in.key_off, SRTPO_KEY_SCRATCH), "key scratch wiped");
	CHECK(stats(q, &s0) == 0 && s0.sq_tail == q->tail && s0.cq_head == q->head &&
	      s0.cq_tail == q->head, "registers after LOAD_KEY");

	for (int i = 0; i < 32; i++)
		q->win[i] = (uint8_t)i;
	st = protect(q, base, 0, OUT_OFF, 0, &out_len);
	CHECK(st == SRTPO_HW_ST_OK && out_len == 42, "PROTECT status %d len %u", st, out_len);
	CHECK(memcmp(q->win, q->win + OUT_OFF, 12) == 0 &&
	      memcmp(q->win + 12, q->win + OUT_OFF + 12, 20) != 0, "header kept, payload encrypted");

	/* the card's isolation checks */
	if (base + n < q->in.cap_slots)
		st = protect(q, base + n, 0, OUT_OFF, 0, NULL);
	else if (base > 0)
		st = protect(q, base - 1, 0, OUT_OFF, 0, NULL);
	else
		st = SRTPO_HW_ST_FOREIGN_SLOT;  /* one queue owns every slot */
	CHECK(st == SRTPO_HW_ST_FOREIGN_SLOT, "slot of another queue: status %d", st);
	st = protect(q, base, q->in.win_size, OUT_OFF, 0, NULL);
	CHECK(st == SRTPO_HW_ST_WINDOW, "input past the window: status %d", st);
	st = protect(q, base, 0, q->in.win_size, 0, NULL);
	CHECK(st == SRTPO_HW_ST_WINDOW, "output past the window: status %d", st);
	st = protect(q, base, 32, OUT_OFF, 0, NULL);
	CHECK(st == SRTPO_HW_ST_ALIGN, "unaligned input: status %d", st);
	st = protect(q, base, 0, OUT_OFF, 1, NULL);
	CHECK(st == SRTPO_HW_ST_BAD_DESC, "reserved byte: status %d", st);
	CHECK(stats(q, &s1) == 0 && s1.cnt_reject - s0.cnt_reject >= 4 &&
	      s1.glb_cnt_reject - s0.glb_cnt_reject >= 4, "rejects counted: %u",
	      s1.cnt_reject - s0.cnt_reject);
}

/* Whether the completion at free-running position pos is written (phase 1 on the first lap). */
static int cpl_written(struct q *q, uint16_t pos)
{
	return (q_cpl(q, pos)[3] & 1) == (((pos >> q->in.cq_log2) & 1) ^ 1);
}

/*
 * QUEUE_STOP: the card finishes what it fetched and writes those completions, fetches nothing
 * more, and rings, indices and completions stay as they were until QUEUE_RESET.
 */
static void test_stop(struct q *q)
{
	struct srtpo_queue_stop qs = { sizeof(qs), 0, 0, 0 };
	struct srtpo_queue_reset qr = { sizeof(qr), 0, 0, 0 };
	struct srtpo_load_key lk;
	struct srtpo_stats s1, s2;
	uint16_t first = q->tail;
	int ok = 1;

	qs.flags = 1;
	CHECK(ioc(q->fd, SRTPO_IOC_QUEUE_STOP, &qs) == -EINVAL, "QUEUE_STOP flags");
	qs.flags = 0;
	qs.rsvd = 1;
	CHECK(ioc(q->fd, SRTPO_IOC_QUEUE_STOP, &qs) == -EINVAL, "QUEUE_STOP reserved field");
	qs.rsvd = 0;
	qs.timeout_ms = 60001;
	CHECK(ioc(q->fd, SRTPO_IOC_QUEUE_STOP, &qs) == -EINVAL, "QUEUE_STOP timeout past 60 s");
	qs.timeout_ms = 0;
	qs.size = 8;
	CHECK(ioc(q->fd, SRTPO_IOC_QUEUE_STOP, &qs) == -EINVAL, "QUEUE_STOP size");
	qs.size = sizeof(qs);
	CHECK(stats(q, &s1) == 0 && (s1.status & SRTPO_QP_STATUS_ENABLED_MASK),
	      "refused QUEUE_STOPs leave the queue running");

	/* four NOPs behind one doorbell, stopped at once: some may not have been fetched */
	for (int i = 0; i < 4; i++) {
		uint8_t *d = q_next(q);

		memset(d, 0, 64);
		put64(d, SRTPO_HW_OP_NOP | (uint64_t)q->tail << 48);
		q->tail++;
	}
	__atomic_thread_fence(__ATOMIC_RELEASE);
	kick(q->fd, SRTPO_KICK_SQ_TAIL, q->tail, 0);
	CHECK(ioc(q->fd, SRTPO_IOC_QUEUE_STOP, &qs) == 0, "QUEUE_STOP");
	CHECK(stats(q, &s1) == 0 && !(s1.status & SRTPO_QP_STATUS_ENABLED_MASK) &&
	      !(s1.status & SRTPO_QP_STATUS_BUSY_MASK), "stopped and idle: status 0x%x", s1.status);
	CHECK(s1.sq_tail == q->tail && s1.cq_head == q->head, "indices kept: tail %u head %u",
	      s1.sq_tail, s1.cq_head);
	/* everything fetched has its completion, in the ring, in order */
	CHECK((uint16_t)(s1.sq_head - first) <= 4 && s1.cq_tail == s1.sq_head,
	      "fetched %u, completed %u", (uint16_t)(s1.sq_head - first),
	      (uint16_t)(s1.cq_tail - first));
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	for (uint16_t p = first; p != (uint16_t)s1.cq_tail && ok; p++) {
		uint16_t id;

		memcpy(&id, q_cpl(q, p), 2);
		ok = cpl_written(q, p) && id == p && q_cpl(q, p)[2] == SRTPO_HW_ST_OK;
	}
	CHECK(ok && !cpl_written(q, (uint16_t)s1.cq_tail), "completions kept after the stop");
	CHECK(ioc(q->fd, SRTPO_IOC_QUEUE_STOP, &qs) == 0, "QUEUE_STOP of a stopped queue");
	/* a stopped queue fetches nothing, and the driver's own commands wait for the reset */
	{
		uint8_t *d = q_next(q);

		memset(d, 0, 64);
		put64(d, SRTPO_HW_OP_NOP | (uint64_t)q->tail << 48);
		q->tail++;
	}
	__atomic_thread_fence(__ATOMIC_RELEASE);
	kick(q->fd, SRTPO_KICK_SQ_TAIL, q->tail, 0);
	usleep(200000);
	CHECK(stats(q, &s2) == 0 && s2.sq_head == s1.sq_head && s2.cq_tail == s1.cq_tail &&
	      !(s2.status & SRTPO_QP_STATUS_ENABLED_MASK), "nothing fetched while stopped");
	CHECK(load_key(q, 0, 0, &lk) == -EBUSY, "LOAD_KEY on a stopped queue");
	CHECK(ioc(q->fd, SRTPO_IOC_QUEUE_RESET, &qr) == 0, "QUEUE_RESET after QUEUE_STOP");
	q->tail = q->head = 0;
	CHECK(stats(q, &s2) == 0 && (s2.status & SRTPO_QP_STATUS_ENABLED_MASK) &&
	      s2.sq_tail == 0 && s2.cq_tail == 0, "running again after the reset");
	CHECK(nop(q) == SRTPO_HW_ST_OK, "NOP after stop and reset");
}

static void test_reset(struct q *q)
{
	struct srtpo_queue_reset qr = { sizeof(qr), 0, 0, 0 };
	struct srtpo_stats s;

	CHECK(ioc(q->fd, SRTPO_IOC_QUEUE_RESET, &qr) == 0, "QUEUE_RESET");
	q->tail = q->head = 0;
	CHECK(stats(q, &s) == 0 && s.sq_tail == 0 && s.sq_head == 0 && s.cq_head == 0 &&
	      s.cq_tail == 0 && s.cnt_done == 0 && (s.status & SRTPO_QP_STATUS_ENABLED_MASK),
	      "registers after reset");
	CHECK(all_zero(q->cq, (size_t)16 << q->in.cq_log2) &&
	      all_zero(q->sq, (size_t)64 << q->in.sq_log2), "rings zeroed");
	CHECK(nop(q) == SRTPO_HW_ST_OK, "NOP after reset");
}

/* Every queue can be owned once; the next open is refused. */
static void test_exhaust(struct q *q, const char *path)
{
	uint32_t avail = q->in.cap_queues < q->in.cap_slots ? q->in.cap_queues : q->in.cap_slots;
	int fds[SRTPO_HW_MAX_QUEUES + 1], n = 0, fd;
	uint64_t seen = 1ull << q->in.queue;

	while (n < (int)SRTPO_HW_MAX_QUEUES && (fd = open(path, O_RDWR | O_CLOEXEC)) >= 0) {
		struct srtpo_info in = { .size = sizeof(in) };

		fds[n++] = fd;
		if (ioc(fd, SRTPO_IOC_INFO, &in) == 0) {
			CHECK(!(seen & (1ull << in.queue)), "queue %u handed out twice", in.queue);
			CHECK(in.slot_base >= q->in.slot_base + q->in.slot_count ||
			      in.slot_base + in.slot_count <= q->in.slot_base, "slot ranges overlap");
			seen |= 1ull << in.queue;
		}
	}
	CHECK(errno == EBUSY, "the open after the last queue");
	CHECK((uint32_t)n + 1 == avail, "%d queues opened besides ours, %u expected", n, avail);
	while (n > 0)
		close(fds[--n]);
	fd = open(path, O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0, "open after closing");
	if (fd >= 0)
		close(fd);
}

/* The next owner of a queue finds no keys and no bytes of the last one. */
static void check_wiped(const char *path, uint32_t queue, const char *what)
{
	struct q q;
	int st;

	if (q_open(&q, path)) {
		CHECK(0, "reopen (%s)", what);
		return;
	}
	if (q.in.queue != queue) {
		printf("note: got queue %u, not %u: wipe check (%s) skipped\n", q.in.queue, queue,
		       what);
		q_close(&q);
		return;
	}
	CHECK(all_zero(q.win, q.in.win_size), "window wiped (%s)", what);
	st = protect(&q, q.in.slot_base, 0, OUT_OFF, 0, NULL);
	CHECK(st == SRTPO_HW_ST_BAD_TAG, "key slot wiped (%s): status %d", what, st);
	q_close(&q);
}

static void test_release(struct q *q, const char *path)
{
	struct srtpo_load_key lk;
	uint32_t queue = q->in.queue;
	pid_t pid;
	int pfd[2], status;
	uint32_t child_q = 0;

	memset(q->win, 0xa5, 4096);
	q_close(q);
	check_wiped(path, queue, "after close");

	/* an owner killed with keys loaded and bytes in its window */
	if (pipe(pfd))
		return;
	pid = fork();
	if (pid == 0) {
		struct q c;

		if (q_open(&c, path) || load_key(&c, 0, 1, &lk))
			_exit(1);
		memset(c.win, 0x5a, 4096);
		if (write(pfd[1], &c.in.queue, 4) != 4)
			_exit(1);
		raise(SIGKILL);
		_exit(1);
	}
	close(pfd[1]);
	CHECK(read(pfd[0], &child_q, 4) == 4, "child set up its queue");
	close(pfd[0]);
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status), "child killed");
	check_wiped(path, child_q, "after the owner was killed");
}

static int write_file(const char *file, const char *text)
{
	FILE *f = fopen(file, "w");
	int ok;

	if (!f)
		return -1;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/*
 * The card goes away (driver unbound) while a queue is open, mapped and waited on: the waiter
 * wakes with ENODEV, ioctls and new mappings fail, poll reports HUP, the mapped memory stays
 * readable until close; after a rebind the device works again.
 */
static int test_unbind(const char *path, const char *pci)
{
	struct srtpo_stats s;
	struct pollfd p;
	struct q q;
	pid_t pid;
	int status;
	void *m;

	if (q_open(&q, path)) {
		CHECK(0, "open");
		return 1;
	}
	memset(q.win, 0x33, 64);
	pid = fork();
	if (pid == 0) {
		struct srtpo_wait w = { .size = sizeof(w), .flags = SRTPO_WAIT_IRQ,
					.irq_seen = q.in.irq_count, .timeout_us = 20000000 };

		_exit(ioc(q.fd, SRTPO_IOC_WAIT, &w) == -ENODEV ? 0 : 1);
	}
	usleep(200000);
	CHECK(write_file("/sys/bus/pci/drivers/srtpo/unbind", pci) == 0, "unbind %s", pci);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "waiter woken with ENODEV");
	CHECK(stats(&q, &s) == -ENODEV, "STATS after removal");
	CHECK(kick(q.fd, SRTPO_KICK_SQ_TAIL, 1, 0) == -ENODEV, "KICK after removal");
	p.fd = q.fd;
	p.events = POLLIN;
	CHECK(poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR)), "poll after removal");
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, q.fd, (off_t)SRTPO_MMAP_WIN);
	CHECK(m == MAP_FAILED && errno == ENODEV, "mmap after removal");
	CHECK(q.win[0] == 0x33 && q.win[63] == 0x33, "mapped window still readable");
	CHECK(open(path, O_RDWR) < 0, "no device node after removal");
	q_close(&q);
	CHECK(write_file("/sys/bus/pci/drivers/srtpo/bind", pci) == 0, "bind %s", pci);
	for (int i = 0; i < 50 && access(path, F_OK); i++)
		usleep(100000);
	if (q_open(&q, path) == 0) {
		CHECK(q.in.fw_magic == SRTPO_HW_MAGIC, "INFO after rebind");
		CHECK(all_zero(q.win, q.in.win_size), "window after rebind");
		CHECK(nop(&q) == SRTPO_HW_ST_OK, "NOP after rebind");
		q_close(&q);
	} else {
		CHECK(0, "open after rebind");
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/srtpo0";
	struct q q;
	int ret;

	if (argc == 4 && !strcmp(argv[1], "--unbind"))
		return test_unbind(argv[2], argv[3]);

	ret = q_open(&q, path);
	if (ret) {
		printf("%s: %s\n", path, strerror(-ret));
		return ret == -ENOENT ? 77 : 1;
	}
	printf("%s: queue %u, slots %u+%u, rings 2^%u/2^%u, window %u, fw %u.%u (%08x, %08x)\n",
	       path, q.in.queue, q.in.slot_base, q.in.slot_count, q.in.sq_log2, q.in.cq_log2,
	       q.in.win_size, q.in.fw_version >> 16, q.in.fw_version & 0xffff,
	       q.in.fw_build_date, q.in.fw_git_hash);
	test_info(&q);
	test_mmap(&q);
	test_reg_read(&q);
	test_validation(&q);
	test_ring(&q);
	test_keys_and_isolation(&q);
	test_stop(&q);
	test_reset(&q);
	test_exhaust(&q, path);
	test_release(&q, path);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
