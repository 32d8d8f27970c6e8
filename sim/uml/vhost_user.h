/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vhost_user.h - the back end of one vhost-user connection: the message protocol on the unix
 * socket, the front end's memory (SET_MEM_TABLE) and split virtqueues.
 *
 * Only what User-Mode Linux's virtio_uml front end uses is offered: VERSION_1 and
 * PROTOCOL_FEATURES, with the REPLY_ACK and SLAVE_REQ protocol features; kicks and calls go
 * through file descriptors (eventfd, pipe), not in-band messages.
 */
#ifndef SRTPO_UML_VHOST_USER_H
#define SRTPO_UML_VHOST_USER_H

#include <stddef.h>
#include <stdint.h>

#define VU_MAX_QUEUES  2
#define VU_MAX_REGIONS 8

struct vu_region {
	uint64_t guest_addr;   /* bus (UML physical) address of the first byte */
	uint64_t user_addr;    /* the same memory as the front end's ring addresses name it */
	uint64_t size;
	uint8_t *host;         /* our mapping of the first byte */
	void *map;             /* the whole mmap (page aligned) */
	size_t map_len;
};

struct vu_queue {
	unsigned int num;      /* entries, a power of two; 0 until SET_VRING_NUM */
	int ready;             /* SET_VRING_ADDR accepted */
	int enabled;
	int kick_fd, call_fd;  /* -1 when not given */
	uint16_t last_avail;   /* next avail ring entry to take */
	uint16_t used_idx;     /* our copy of used->idx */
	uint8_t *desc, *avail, *used;
};

/* One chain taken from a queue: what the front end gave to read and where to write. */
#define VU_MAX_SEGS 16
struct vu_seg {
	uint8_t *p;
	uint32_t len;
};

struct vu_chain {
	uint16_t head;
	unsigned int n_out, n_in;
	struct vu_seg out[VU_MAX_SEGS];    /* device-readable */
	struct vu_seg in[VU_MAX_SEGS];     /* device-writable */
};

struct vu_dev {
	int fd;                /* the connection; -1 when closed */
	int req_fd;            /* back-end request channel (SET_SLAVE_REQ_FD), or -1 */
	uint64_t features;
	uint64_t protocol_features;
	int owned;
	unsigned int n_regions;
	struct vu_region region[VU_MAX_REGIONS];
	struct vu_queue q[VU_MAX_QUEUES];
	int verbose;
	uint64_t bad_chains;   /* descriptor chains that pointed outside the memory table */
};

void vu_init(struct vu_dev *d, int fd, int verbose);
/* Unmaps the memory, closes every fd (the connection too). */
void vu_close(struct vu_dev *d);
/*
 * Handles one message waiting on the socket. Returns 0, or -1 when the connection closed or sent
 * something that cannot be answered (the caller then ends the session).
 */
int vu_handle_message(struct vu_dev *d);
/* A usable queue: enabled, addresses set. */
int vu_queue_live(const struct vu_dev *d, unsigned int qi);
/* Empties a kick eventfd. */
void vu_drain_kick(struct vu_dev *d, unsigned int qi);
/*
 * Takes the next available chain. Returns 1 with *c filled, 0 when the ring is empty, -1 when
 * the chain was malformed (it is then returned to the front end with length 0).
 */
int vu_queue_pop(struct vu_dev *d, unsigned int qi, struct vu_chain *c);
/* Returns a chain with `written` bytes written into its device-writable part. */
void vu_queue_push(struct vu_dev *d, unsigned int qi, const struct vu_chain *c, uint32_t written);
/* Signals the call fd unless the front end asked for no interrupts. */
void vu_queue_notify(struct vu_dev *d, unsigned int qi);
/* Front-end memory by bus address: n bytes at addr inside one region, or NULL. */
uint8_t *vu_gpa(const struct vu_dev *d, uint64_t addr, size_t n);

#endif /* SRTPO_UML_VHOST_USER_H */
