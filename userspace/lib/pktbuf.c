// SPDX-License-Identifier: BSD-3-Clause
/*
 * pktbuf.c - srtpo_packet_buf_alloc / _free / _capacity (srtpo.h, "zero copy").
 *
 * On a card with room in its window the buffers are window memory (card_sim.c), and burst and
 * async calls on them copy nothing. Otherwise they are ordinary memory, 64-byte aligned, so code
 * written for a card runs on the software engine unchanged. Those carry a header line in front
 * (owner session, list links) and sit on one process-wide list, so that srtpo_destroy can wipe
 * and free the ones a session never gave back and a buffer of another session is never taken.
 * Every buffer is wiped when it is freed: it held packet bytes.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "pktbuf.h"

#define HDR 64u
#define HDR_MAGIC 0x7362706b74627566ull   /* "sbpktbuf" */

struct sw_buf {
	uint64_t magic;
	const struct srtpo_session *owner;
	struct sw_buf *prev, *next;
} __attribute__((aligned(64)));

_Static_assert(sizeof(struct sw_buf) == HDR, "the header is one line, so the buffer stays aligned");

static pthread_mutex_t sw_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sw_buf *sw_list;

static uint8_t *sw_alloc(const srtpo_session_t *s)
{
	struct sw_buf *h = aligned_alloc(64, HDR + SRTPO_PACKET_BUF_SIZE);

	if (!h) {
		errno = ENOMEM;
		return NULL;
	}
	memset(h + 1, 0, SRTPO_PACKET_BUF_SIZE);
	h->magic = HDR_MAGIC;
	h->owner = s;
	h->prev = NULL;
	pthread_mutex_lock(&sw_lock);
	h->next = sw_list;
	if (sw_list)
		sw_list->prev = h;
	sw_list = h;
	pthread_mutex_unlock(&sw_lock);
	return (uint8_t *)(h + 1);
}

/* Unlinks, wipes and frees one buffer; the caller holds sw_lock. */
static void sw_drop(struct sw_buf *h)
{
	if (h->prev)
		h->prev->next = h->next;
	else
		sw_list = h->next;
	if (h->next)
		h->next->prev = h->prev;
	srtpo_wipe_free(h, HDR + SRTPO_PACKET_BUF_SIZE);
}

SRTPO_API uint8_t *srtpo_packet_buf_alloc(srtpo_session_t *s)
{
	struct srtpo_card_sim *q;
	uint8_t *p;

	if (!s) {
		errno = EINVAL;
		return NULL;
	}
	q = srtpo_backend_queue(s);
	if (!q || !srtpo_card_sim_buf_count(q))
		return sw_alloc(s);
	p = srtpo_card_sim_buf_alloc(q);
	if (!p)
		errno = ENOMEM;
	return p;
}

SRTPO_API void srtpo_packet_buf_free(srtpo_session_t *s, uint8_t *buf)
{
	struct srtpo_card_sim *q;
	struct sw_buf *h;

	if (!s || !buf)
		return;
	q = srtpo_backend_queue(s);
	if (q && srtpo_card_sim_buf_count(q)) {
		srtpo_card_sim_buf_free(q, buf);
		return;
	}
	if ((uintptr_t)buf & 63)
		return;   /* not a buffer of ours: they are all aligned */
	h = (struct sw_buf *)buf - 1;
	pthread_mutex_lock(&sw_lock);
	if (h->magic == HDR_MAGIC && h->owner == s)
		sw_drop(h);
	pthread_mutex_unlock(&sw_lock);
}

SRTPO_API size_t srtpo_packet_buf_capacity(const srtpo_session_t *s, int *card_memory)
{
	struct srtpo_card_sim *q = s ? srtpo_backend_queue(s) : NULL;
	size_t n = q ? srtpo_card_sim_buf_count(q) : 0;

	if (card_memory)
		*card_memory = n != 0;
	return n ? n : s ? SIZE_MAX : 0;
}

void srtpo_packet_buf_release_all(const struct srtpo_session *s)
{
	pthread_mutex_lock(&sw_lock);
	for (struct sw_buf *h = sw_list, *next; h; h = next) {
		next = h->next;
		if (h->owner == s)
			sw_drop(h);
	}
	pthread_mutex_unlock(&sw_lock);
}
