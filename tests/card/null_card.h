/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * null_card.h - a completion-only srtpo card for measuring the host's side of the card path
 * (tests/card/null_card.c). A measuring device, like DPDK's null crypto device: it answers every
 * descriptor at once with status OK and does no crypto and no data movement. Never a backend a
 * user can pick: a program links it and hands it to a session with srtpo_backend_attach().
 */
#ifndef NULL_CARD_H
#define NULL_CARD_H

#include "card.h"

/* Queue pairs and key slots the null card advertises (CAP_QUEUES, CAP_SLOTS). */
#define NULL_CARD_QUEUES 4u
#define NULL_CARD_SLOTS  65536u

/* A fresh null card: every queue disabled, counters zero. NULL when out of memory. Close it
 * with srtpo_card_close() after the session that used it is destroyed. */
struct srtpo_card *null_card_open(void);

#endif /* NULL_CARD_H */
