// SPDX-License-Identifier: BSD-3-Clause
/*
 * vhost_user.c - vhost-user back end: messages, memory table, split virtqueues (virtio 1.x
 * layout, little endian, no indirect descriptors and no event index, as negotiated).
 */
#include "vhost_user.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

/* vhost-user requests (front end to back end) */
enum {
	VU_GET_FEATURES = 1,
	VU_SET_FEATURES = 2,
	VU_SET_OWNER = 3,
	VU_RESET_OWNER = 4,
	VU_SET_MEM_TABLE = 5,
	VU_SET_LOG_BASE = 6,
	VU_SET_LOG_FD = 7,
	VU_SET_VRING_NUM = 8,
	VU_SET_VRING_ADDR = 9,
	VU_SET_VRING_BASE = 10,
	VU_GET_VRING_BASE = 11,
	VU_SET_VRING_KICK = 12,
	VU_SET_VRING_CALL = 13,
	VU_SET_VRING_ERR = 14,
	VU_GET_PROTOCOL_FEATURES = 15,
	VU_SET_PROTOCOL_FEATURES = 16,
	VU_GET_QUEUE_NUM = 17,
	VU_SET_VRING_ENABLE = 18,
	VU_SET_SLAVE_REQ_FD = 21,
};

#define VU_FLAG_VERSION    1u
#define VU_FLAG_REPLY      (1u << 2)
#define VU_FLAG_NEED_REPLY (1u << 3)
#define VU_VRING_NOFD      (1u << 8)
#define VU_VRING_IDX_MASK  0xffu

#define F_PROTOCOL_FEATURES (1ull << 30)
#define F_VERSION_1         (1ull << 32)
#define PF_REPLY_ACK        (1ull << 3)
#define PF_SLAVE_REQ        (1ull << 5)

#define VU_OFFERED_FEATURES  (F_PROTOCOL_FEATURES | F_VERSION_1)
/* UML's front end (6.1) takes the interrupt number for its call fds from the back-end request
 * channel: without SLAVE_REQ its vrings cannot signal at all */
#define VU_OFFERED_PROTOCOL  (PF_REPLY_ACK | PF_SLAVE_REQ)

/* split ring layout */
#define DESC_F_NEXT     1u
#define DESC_F_WRITE    2u
#define DESC_F_INDIRECT 4u
#define AVAIL_F_NO_INTERRUPT 1u

struct vu_hdr {
	uint32_t request;
	uint32_t flags;
	uint32_t size;
} __attribute__((packed));

struct vu_mem_region_msg {
	uint64_t guest_addr;
	uint64_t size;
	uint64_t user_addr;
	uint64_t mmap_offset;
} __attribute__((packed));

struct vu_vring_addr_msg {
	uint32_t index;
	uint32_t flags;
	uint64_t desc, used, avail, log;
} __attribute__((packed));

#define VU_MAX_PAYLOAD 4096
#define VU_MAX_FDS     8

struct vu_msg {
	struct vu_hdr h;
	union {
		uint64_t u64;
		struct {
			uint32_t index, num;
		} state;
		struct vu_vring_addr_msg addr;
		struct {
			uint32_t num, padding;
			struct vu_mem_region_msg r[VU_MAX_REGIONS];
		} mem;
		uint8_t raw[VU_MAX_PAYLOAD];
	} p;
	int fds[VU_MAX_FDS];
	unsigned int nfds;
};

static const char *const vu_names[] = {
	[VU_GET_FEATURES] = "GET_FEATURES", [VU_SET_FEATURES] = "SET_FEATURES",
	[VU_SET_OWNER] = "SET_OWNER", [VU_RESET_OWNER] = "RESET_OWNER",
	[VU_SET_MEM_TABLE] = "SET_MEM_TABLE", [VU_SET_LOG_BASE] = "SET_LOG_BASE",
	[VU_SET_LOG_FD] = "SET_LOG_FD", [VU_SET_VRING_NUM] = "SET_VRING_NUM",
	[VU_SET_VRING_ADDR] = "SET_VRING_ADDR", [VU_SET_VRING_BASE] = "SET_VRING_BASE",
	[VU_GET_VRING_BASE] = "GET_VRING_BASE", [VU_SET_VRING_KICK] = "SET_VRING_KICK",
	[VU_SET_VRING_CALL] = "SET_VRING_CALL", [VU_SET_VRING_ERR] = "SET_VRING_ERR",
	[VU_GET_PROTOCOL_FEATURES] = "GET_PROTOCOL_FEATURES",
	[VU_SET_PROTOCOL_FEATURES] = "SET_PROTOCOL_FEATURES",
	[VU_GET_QUEUE_NUM] = "GET_QUEUE_NUM", [VU_SET_VRING_ENABLE] = "SET_VRING_ENABLE",
	[VU_SET_SLAVE_REQ_FD] = "SET_SLAVE_REQ_FD",
};

static const char *vu_name(uint32_t req)
{
	if (req < sizeof(vu_names) / sizeof(vu_names[0]) && vu_names[req])
		return vu_names[req];
	return "?";
}

void vu_init(struct vu_dev *d, int fd, int verbose)
{
	memset(d, 0, sizeof(*d));
	d->fd = fd;
	d->req_fd = -1;
	d->verbose = verbose;
	for (unsigned int i = 0; i < VU_MAX_QUEUES; i++)
		d->q[i].kick_fd = d->q[i].call_fd = -1;
}

static void vu_unmap(struct vu_dev *d)
{
	for (unsigned int i = 0; i < d->n_regions; i++)
		munmap(d->region[i].map, d->region[i].map_len);
	d->n_regions = 0;
	/* ring pointers pointed into the old table */
	for (unsigned int i = 0; i < VU_MAX_QUEUES; i++) {
		d->q[i].ready = 0;
		d->q[i].desc = d->q[i].avail = d->q[i].used = NULL;
	}
}

static void vu_close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void vu_close(struct vu_dev *d)
{
	vu_unmap(d);
	for (unsigned int i = 0; i < VU_MAX_QUEUES; i++) {
		vu_close_fd(&d->q[i].kick_fd);
		vu_close_fd(&d->q[i].call_fd);
	}
	vu_close_fd(&d->req_fd);
	vu_close_fd(&d->fd);
}

static int read_full(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t r = read(fd, p, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

static int write_full(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t r = write(fd, p, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

/* Reads the header (with any fds that came along) and the payload. */
static int vu_recv(struct vu_dev *d, struct vu_msg *m)
{
	char ctl[CMSG_SPACE(sizeof(int) * VU_MAX_FDS)];
	struct iovec iov = { .iov_base = &m->h, .iov_len = sizeof(m->h) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof(ctl),
	};
	ssize_t r;

	m->nfds = 0;
	do {
		r = recvmsg(d->fd, &mh, MSG_CMSG_CLOEXEC);
	} while (r < 0 && errno == EINTR);
	if (r <= 0)
		return -1;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		size_t n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);

		for (size_t i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
			if (m->nfds < VU_MAX_FDS)
				m->fds[m->nfds++] = fd;
			else
				close(fd);
		}
	}
	if ((size_t)r < sizeof(m->h) && read_full(d->fd, (uint8_t *)&m->h + r, sizeof(m->h) - r))
		return -1;
	if (m->h.size > VU_MAX_PAYLOAD) {
		fprintf(stderr, "vhost-user: %s with a %u-byte payload: too large\n",
			vu_name(m->h.request), m->h.size);
		return -1;
	}
	if (m->h.size && read_full(d->fd, &m->p, m->h.size))
		return -1;
	return 0;
}

static int vu_reply(struct vu_dev *d, const struct vu_msg *req, const void *payload,
		    uint32_t size)
{
	struct {
		struct vu_hdr h;
		uint8_t p[VU_MAX_PAYLOAD];
	} r;

	r.h.request = req->h.request;
	r.h.flags = VU_FLAG_VERSION | VU_FLAG_REPLY;
	r.h.size = size;
	memcpy(r.p, payload, size);
	return write_full(d->fd, &r, sizeof(r.h) + size);
}

static int vu_reply_u64(struct vu_dev *d, const struct vu_msg *req, uint64_t v)
{
	return vu_reply(d, req, &v, sizeof(v));
}

static uint8_t *vu_uva(const struct vu_dev *d, uint64_t addr, size_t n)
{
	for (unsigned int i = 0; i < d->n_regions; i++) {
		const struct vu_region *r = &d->region[i];

		if (addr >= r->user_addr && n <= r->size && addr - r->user_addr <= r->size - n)
			return r->host + (addr - r->user_addr);
	}
	return NULL;
}

uint8_t *vu_gpa(const struct vu_dev *d, uint64_t addr, size_t n)
{
	for (unsigned int i = 0; i < d->n_regions; i++) {
		const struct vu_region *r = &d->region[i];

		if (addr >= r->guest_addr && n <= r->size && addr - r->guest_addr <= r->size - n)
			return r->host + (addr - r->guest_addr);
	}
	return NULL;
}

static int vu_set_mem_table(struct vu_dev *d, struct vu_msg *m)
{
	long page = sysconf(_SC_PAGESIZE);

	if (m->h.size < 8 || m->p.mem.num == 0 || m->p.mem.num > VU_MAX_REGIONS ||
	    m->h.size < 8 + m->p.mem.num * sizeof(struct vu_mem_region_msg) ||
	    m->nfds != m->p.mem.num) {
		fprintf(stderr, "vhost-user: SET_MEM_TABLE with %u regions and %u fds: refused\n",
			m->p.mem.num, m->nfds);
		return -1;
	}
	vu_unmap(d);
	for (unsigned int i = 0; i < m->p.mem.num; i++) {
		const struct vu_mem_region_msg *rm = &m->p.mem.r[i];
		struct vu_region *r = &d->region[i];
		uint64_t skew = rm->mmap_offset % (uint64_t)page;
		void *p;

		if (!rm->size || rm->size > (1ull << 40)) {
			fprintf(stderr, "vhost-user: region %u of %llu bytes: refused\n", i,
				(unsigned long long)rm->size);
			vu_unmap(d);
			return -1;
		}
		p = mmap(NULL, rm->size + skew, PROT_READ | PROT_WRITE, MAP_SHARED, m->fds[i],
			 (off_t)(rm->mmap_offset - skew));
		if (p == MAP_FAILED) {
			fprintf(stderr, "vhost-user: mmap of region %u failed: %s\n", i,
				strerror(errno));
			vu_unmap(d);
			return -1;
		}
		r->guest_addr = rm->guest_addr;
		r->user_addr = rm->user_addr;
		r->size = rm->size;
		r->map = p;
		r->map_len = rm->size + skew;
		r->host = (uint8_t *)p + skew;
		d->n_regions = i + 1;
		if (d->verbose)
			fprintf(stderr, "vhost-user: region %u: bus 0x%llx..0x%llx\n", i,
				(unsigned long long)r->guest_addr,
				(unsigned long long)(r->guest_addr + r->size - 1));
	}
	return 0;
}

static struct vu_queue *vu_msg_queue(struct vu_dev *d, uint32_t index)
{
	if (index >= VU_MAX_QUEUES) {
		fprintf(stderr, "vhost-user: queue %u does not exist\n", index);
		return NULL;
	}
	return &d->q[index];
}

/* SET_VRING_KICK/CALL/ERR: u64 index, bit 8 when no fd comes along. */
static int vu_set_vring_fd(struct vu_dev *d, struct vu_msg *m, int which)
{
	struct vu_queue *q;
	int fd = -1;

	if (m->h.size != 8)
		return -1;
	q = vu_msg_queue(d, (uint32_t)(m->p.u64 & VU_VRING_IDX_MASK));
	if (!q)
		return -1;
	if (!(m->p.u64 & VU_VRING_NOFD)) {
		if (m->nfds != 1)
			return -1;
		fd = m->fds[0];
		m->nfds = 0;
		/* kicks are drained until empty, and a full call pipe means a call is pending
		 * anyway: neither may block the device loop */
		if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
			close(fd);
			return -1;
		}
	}
	if (which == VU_SET_VRING_KICK) {
		vu_close_fd(&q->kick_fd);
		q->kick_fd = fd;
		/* without PROTOCOL_FEATURES a kick fd starts the ring */
		if (!(d->features & F_PROTOCOL_FEATURES))
			q->enabled = 1;
	} else if (which == VU_SET_VRING_CALL) {
		vu_close_fd(&q->call_fd);
		q->call_fd = fd;
	} else if (fd >= 0) {
		close(fd);    /* error notifications: nothing is ever reported on them */
	}
	return 0;
}

static int vu_set_vring_addr(struct vu_dev *d, struct vu_msg *m)
{
	const struct vu_vring_addr_msg *a = &m->p.addr;
	struct vu_queue *q;

	if (m->h.size != sizeof(*a))
		return -1;
	q = vu_msg_queue(d, a->index);
	if (!q)
		return -1;
	if (!q->num) {
		fprintf(stderr, "vhost-user: SET_VRING_ADDR before SET_VRING_NUM\n");
		return -1;
	}
	q->desc = vu_uva(d, a->desc, 16u * q->num);
	q->avail = vu_uva(d, a->avail, 4u + 2u * q->num + 2u);
	q->used = vu_uva(d, a->used, 4u + 8u * q->num + 2u);
	if (!q->desc || !q->avail || !q->used) {
		fprintf(stderr, "vhost-user: ring %u lies outside the memory table\n", a->index);
		q->ready = 0;
		return -1;
	}
	q->ready = 1;
	/* the used ring is ours: start from what it says (0 on a fresh ring) */
	q->used_idx = __atomic_load_n((uint16_t *)(q->used + 2), __ATOMIC_ACQUIRE);
	return 0;
}

int vu_handle_message(struct vu_dev *d)
{
	struct vu_msg m;
	int rc = 0, replied = 0;
	struct vu_queue *q;

	if (vu_recv(d, &m))
		return -1;
	if ((m.h.flags & 3u) != VU_FLAG_VERSION) {
		fprintf(stderr, "vhost-user: message version %u: unsupported\n", m.h.flags & 3u);
		rc = -1;
		goto out;
	}
	if (d->verbose > 1)
		fprintf(stderr, "vhost-user: %s (%u bytes, %u fds)\n", vu_name(m.h.request),
			m.h.size, m.nfds);

	switch (m.h.request) {
	case VU_GET_FEATURES:
		rc = vu_reply_u64(d, &m, VU_OFFERED_FEATURES);
		replied = 1;
		break;
	case VU_SET_FEATURES:
		if (m.h.size != 8 || (m.p.u64 & ~VU_OFFERED_FEATURES)) {
			fprintf(stderr, "vhost-user: features 0x%llx not offered\n",
				(unsigned long long)m.p.u64);
			rc = -1;
			break;
		}
		d->features = m.p.u64;
		break;
	case VU_GET_PROTOCOL_FEATURES:
		rc = vu_reply_u64(d, &m, VU_OFFERED_PROTOCOL);
		replied = 1;
		break;
	case VU_SET_PROTOCOL_FEATURES:
		if (m.h.size != 8 || (m.p.u64 & ~VU_OFFERED_PROTOCOL)) {
			rc = -1;
			break;
		}
		d->protocol_features = m.p.u64;
		break;
	case VU_SET_OWNER:
		d->owned = 1;
		break;
	case VU_RESET_OWNER:
		d->owned = 0;
		break;
	case VU_GET_QUEUE_NUM:
		rc = vu_reply_u64(d, &m, VU_MAX_QUEUES);
		replied = 1;
		break;
	case VU_SET_MEM_TABLE:
		rc = vu_set_mem_table(d, &m);
		break;
	case VU_SET_VRING_NUM:
		if (m.h.size != 8 || !(q = vu_msg_queue(d, m.p.state.index)) ||
		    !m.p.state.num || m.p.state.num > 32768 ||
		    (m.p.state.num & (m.p.state.num - 1))) {
			rc = -1;
			break;
		}
		q->num = m.p.state.num;
		q->ready = 0;
		break;
	case VU_SET_VRING_BASE:
		if (m.h.size != 8 || !(q = vu_msg_queue(d, m.p.state.index))) {
			rc = -1;
			break;
		}
		q->last_avail = (uint16_t)m.p.state.num;
		break;
	case VU_GET_VRING_BASE:
		if (m.h.size != 8 || !(q = vu_msg_queue(d, m.p.state.index))) {
			rc = -1;
			break;
		}
		/* stops the ring and tells where it stopped */
		q->enabled = 0;
		q->ready = 0;
		m.p.state.num = q->last_avail;
		rc = vu_reply(d, &m, &m.p.state, sizeof(m.p.state));
		replied = 1;
		vu_close_fd(&q->kick_fd);
		break;
	case VU_SET_VRING_ADDR:
		rc = vu_set_vring_addr(d, &m);
		break;
	case VU_SET_VRING_KICK:
	case VU_SET_VRING_CALL:
	case VU_SET_VRING_ERR:
		rc = vu_set_vring_fd(d, &m, (int)m.h.request);
		break;
	case VU_SET_SLAVE_REQ_FD:
		/* kept open for the front end's sake; this device never sends requests on it */
		if (m.nfds != 1 || !(d->protocol_features & PF_SLAVE_REQ)) {
			rc = -1;
			break;
		}
		vu_close_fd(&d->req_fd);
		d->req_fd = m.fds[0];
		m.nfds = 0;
		break;
	case VU_SET_VRING_ENABLE:
		if (m.h.size != 8 || !(q = vu_msg_queue(d, m.p.state.index)) ||
		    !(d->features & F_PROTOCOL_FEATURES)) {
			rc = -1;
			break;
		}
		q->enabled = m.p.state.num != 0;
		break;
	default:
		fprintf(stderr, "vhost-user: request %u (%s) not supported\n", m.h.request,
			vu_name(m.h.request));
		rc = -1;
		/* an unsupported request answers an error when an answer is awaited; the session
		 * goes on */
		if (m.h.flags & VU_FLAG_NEED_REPLY) {
			replied = 1;
			rc = vu_reply_u64(d, &m, 1);
		} else {
			rc = 0;
		}
		break;
	}
	if (!replied && (m.h.flags & VU_FLAG_NEED_REPLY) &&
	    (d->protocol_features & PF_REPLY_ACK)) {
		if (vu_reply_u64(d, &m, rc ? 1 : 0))
			rc = -1;
		else if (rc)
			rc = 0;    /* reported to the front end, which decides */
	}
out:
	for (unsigned int i = 0; i < m.nfds; i++)
		close(m.fds[i]);
	return rc;
}

int vu_queue_live(const struct vu_dev *d, unsigned int qi)
{
	return qi < VU_MAX_QUEUES && d->q[qi].ready && d->q[qi].enabled;
}

void vu_drain_kick(struct vu_dev *d, unsigned int qi)
{
	uint64_t v;

	if (d->q[qi].kick_fd >= 0)
		while (read(d->q[qi].kick_fd, &v, sizeof(v)) == (ssize_t)sizeof(v))
			;
}

struct vring_desc_le {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

int vu_queue_pop(struct vu_dev *d, unsigned int qi, struct vu_chain *c)
{
	struct vu_queue *q = &d->q[qi];
	uint16_t avail_idx, idx;
	unsigned int hops = 0;

	if (!vu_queue_live(d, qi))
		return 0;
	avail_idx = __atomic_load_n((uint16_t *)(q->avail + 2), __ATOMIC_ACQUIRE);
	if (avail_idx == q->last_avail)
		return 0;
	if ((uint16_t)(avail_idx - q->last_avail) > q->num) {
		fprintf(stderr, "vhost-user: queue %u: avail index jumped by %u\n", qi,
			(uint16_t)(avail_idx - q->last_avail));
		q->ready = 0;    /* a broken ring stays stopped */
		return -1;
	}
	memcpy(&c->head, q->avail + 4 + 2u * (q->last_avail % q->num), 2);
	q->last_avail++;
	c->n_in = c->n_out = 0;
	idx = c->head;
	for (;;) {
		struct vring_desc_le dsc;
		uint8_t *p;

		if (idx >= q->num || ++hops > q->num)
			goto bad;
		memcpy(&dsc, q->desc + 16u * idx, sizeof(dsc));
		if (dsc.flags & DESC_F_INDIRECT)
			goto bad;    /* not negotiated */
		p = vu_gpa(d, dsc.addr, dsc.len);
		if (!p && dsc.len)
			goto bad;
		if (dsc.flags & DESC_F_WRITE) {
			if (c->n_in == VU_MAX_SEGS)
				goto bad;
			c->in[c->n_in++] = (struct vu_seg){ p, dsc.len };
		} else {
			if (c->n_in || c->n_out == VU_MAX_SEGS)
				goto bad;    /* readable parts come first */
			c->out[c->n_out++] = (struct vu_seg){ p, dsc.len };
		}
		if (!(dsc.flags & DESC_F_NEXT))
			break;
		idx = dsc.next;
	}
	return 1;
bad:
	d->bad_chains++;
	fprintf(stderr, "vhost-user: queue %u: malformed descriptor chain at %u\n", qi, c->head);
	c->n_in = c->n_out = 0;
	vu_queue_push(d, qi, c, 0);
	return -1;
}

void vu_queue_push(struct vu_dev *d, unsigned int qi, const struct vu_chain *c, uint32_t written)
{
	struct vu_queue *q = &d->q[qi];
	uint8_t *e = q->used + 4 + 8u * (q->used_idx % q->num);
	uint32_t id = c->head;

	memcpy(e, &id, 4);
	memcpy(e + 4, &written, 4);
	q->used_idx++;
	__atomic_store_n((uint16_t *)(q->used + 2), q->used_idx, __ATOMIC_RELEASE);
}

void vu_queue_notify(struct vu_dev *d, unsigned int qi)
{
	struct vu_queue *q = &d->q[qi];
	uint16_t flags;
	uint64_t one = 1;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	memcpy(&flags, q->avail, 2);
	if ((flags & AVAIL_F_NO_INTERRUPT) || q->call_fd < 0)
		return;
	if (write(q->call_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		fprintf(stderr, "vhost-user: call on queue %u failed: %s\n", qi, strerror(errno));
}
