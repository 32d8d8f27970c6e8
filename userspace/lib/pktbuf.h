/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pktbuf.h - packet buffers the card reaches (srtpo_packet_buf_alloc, srtpo.h): the library's
 * inside view. On a card the buffers are SRTPO_PACKET_BUF_SIZE-byte pieces of the queue's DMA
 * window after its copy cells (card_sim.c hands them out); on the software backend, or on a
 * card whose window has no room past its cells, they are ordinary 64-byte-aligned memory
 * (pktbuf.c).
 */
#ifndef SRTPO_PKTBUF_H
#define SRTPO_PKTBUF_H

#include <stddef.h>
#include <stdint.h>

struct srtpo_card_sim;
struct srtpo_session;

/* A free window buffer (not wiped: free and create leave them zeroed), or NULL when every one is
 * out or the window has none. */
uint8_t *srtpo_card_sim_buf_alloc(struct srtpo_card_sim *c);
/* Wipes a window buffer and makes it free again. Returns 0, or -1 when buf is not one of this
 * queue's buffers handed out (nothing is changed). */
int srtpo_card_sim_buf_free(struct srtpo_card_sim *c, uint8_t *buf);
/* How many buffers the window holds in all (0: none; the window has only its cells). */
size_t srtpo_card_sim_buf_count(const struct srtpo_card_sim *c);

/* The card queue a session runs on, or NULL on the software backend (backend.c). */
struct srtpo_card_sim *srtpo_backend_queue(const struct srtpo_session *s);
/* Wipes and frees every ordinary-memory packet buffer the session still holds (srtpo_destroy). */
void srtpo_packet_buf_release_all(const struct srtpo_session *s);

#endif /* SRTPO_PKTBUF_H */
