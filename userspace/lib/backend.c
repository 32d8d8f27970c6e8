// SPDX-License-Identifier: BSD-3-Clause
/*
 * backend.c - where a session's srtpo_ops run: the software engine, or a card queue with the
 * software engine behind it (card_sim.c redoes whatever the card does not finish). The card is
 * the kernel driver's /dev/srtpoN (card_dev.c: the session owns one queue pair of it) or the
 * simulated card.
 *
 * The simulated card is a C++ Verilator model; libsrtpo does not link it. SRTPO_BACKEND_SIM
 * loads it at run time from libsrtpo_sim.so ($SRTPO_SIM_LIB, else the library search path), so
 * programs that never ask for it carry no dependency on it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "internal.h"
#include "pktbuf.h"
#include "srtpo_regs.h"

/* The simulated card's queue a session takes; it gets every key slot the card has (CAP_SLOTS). */
#define SIM_QUEUE 0

struct srtpo_backend_card {
	void *dl;
	struct srtpo_card *card;
	struct srtpo_card_sim *queue;
	int kernel;               /* /dev/srtpoN rather than the simulated card */
	int borrowed;             /* the transport is the caller's (srtpo_backend_attach) */
};

/* A kernel card: the driver hands this session a queue pair with its key slots. */
static int open_dev(srtpo_session_t *s, srtpo_backend_t kind, const char *device)
{
	const char *env = getenv("SRTPO_DEVICE");
	struct srtpo_backend_card *b = calloc(1, sizeof(*b));

	if (!b)
		return SRTPO_ERR_NO_MEMORY;
	if (!device)
		device = env && *env ? env : "/dev/srtpo0";
	b->card = srtpo_card_open_dev(device);
	if (b->card)
		b->queue = srtpo_card_sim_create(b->card, 0, 0, 0);
	if (!b->queue) {
		int err = errno;

		s->card = b;
		srtpo_backend_close(s);
		/* errno still says why the device did not open (ENOENT: no card or no driver) */
		errno = err;
		/* no card (or no free queue): AUTO means the software engine */
		return kind == SRTPO_BACKEND_AUTO ? SRTPO_OK : SRTPO_ERR_BACKEND;
	}
	b->kernel = 1;
	s->card = b;
	return SRTPO_OK;
}

int srtpo_backend_open(srtpo_session_t *s, srtpo_backend_t kind, const char *device)
{
	struct srtpo_card *(*open_sim)(const struct srtpo_card_sim_cfg *);
	struct srtpo_backend_card *b;
	const char *path = getenv("SRTPO_SIM_LIB");

	if (kind == SRTPO_BACKEND_SW)
		return SRTPO_OK;
	if (kind != SRTPO_BACKEND_SIM)
		return open_dev(s, kind, device);
	b = calloc(1, sizeof(*b));
	if (!b)
		return SRTPO_ERR_NO_MEMORY;
	b->dl = dlopen(path && *path ? path : "libsrtpo_sim.so", RTLD_NOW | RTLD_LOCAL);
	if (!b->dl)
		goto fail;
	*(void **)&open_sim = dlsym(b->dl, "srtpo_card_open_sim");
	if (!open_sim)
		goto fail;
	b->card = open_sim(NULL);
	if (!b->card)
		goto fail;
	b->queue = srtpo_card_sim_create(b->card, SIM_QUEUE, 0,
					 srtpo_card_read32(b->card, SRTPO_FW_CAP_SLOTS));
	if (!b->queue)
		goto fail;
	s->card = b;
	return SRTPO_OK;
fail:
	s->card = b;
	srtpo_backend_close(s);
	return SRTPO_ERR_BACKEND;
}

void srtpo_backend_close(srtpo_session_t *s)
{
	struct srtpo_backend_card *b = s->card;

	/* packet buffers of ordinary memory the caller did not give back */
	srtpo_packet_buf_release_all(s);
	if (!b)
		return;
	if (b->queue) {
		srtpo_card_sim_zero_keys(b->queue); /* no key stays on the card */
		srtpo_card_sim_destroy(b->queue);
	}
	if (!b->borrowed)
		srtpo_card_close(b->card);
	if (b->dl)
		dlclose(b->dl);
	free(b);
	s->card = NULL;
}

void srtpo_backend_run(srtpo_session_t *s, struct srtpo_op *ops, size_t n)
{
	if (s->card)
		srtpo_card_sim_run(s->card->queue, ops, n);
	else
		srtpo_sw_engine_run(s->engine, ops, n);
}

int srtpo_backend_submit(srtpo_session_t *s, struct srtpo_op *ops, size_t n, uint64_t *ticket)
{
	if (!s->card) {
		srtpo_sw_engine_run(s->engine, ops, n);
		return 0;
	}
	*ticket = srtpo_card_sim_submit(s->card->queue, ops, n);
	return 1;
}

int srtpo_backend_done(srtpo_session_t *s, uint64_t ticket, int wait)
{
	struct srtpo_card_sim *q = s->card->queue;

	if (wait)
		srtpo_card_sim_wait(q, ticket);
	else if (!srtpo_card_sim_done(q, ticket))
		srtpo_card_sim_poll(q, 0);
	return srtpo_card_sim_done(q, ticket);
}

const char *srtpo_backend_label(const srtpo_session_t *s)
{
	if (s->card)
		return s->card->kernel ? "card" : "sim-card";
	return srtpo_sw_engine_name(s->engine);
}

SRTPO_API int srtpo_session_stats(const srtpo_session_t *s, srtpo_session_stats_t *out)
{
	struct srtpo_card_sim_counters c;

	if (!s || !out)
		return SRTPO_ERR_BAD_PARAM;
	memset(out, 0, sizeof(*out));
	if (!s->card)
		return SRTPO_OK;
	srtpo_card_sim_counters(s->card->queue, &c);
	out->card_ops = c.card_ops;
	/* header-extension ops never reach the card (srtp.c runs them in software) */
	out->sw_suite = c.sw_suite + s->sw_ext;
	out->sw_redo = c.sw_ops - c.sw_suite;
	return SRTPO_OK;
}

int srtpo_backend_attach(srtpo_session_t *s, struct srtpo_card *card, uint32_t q,
			 uint32_t slot_base, uint32_t slot_count)
{
	struct srtpo_backend_card *b;

	if (!s || !card || s->card || srtpo_stream_count(s) || slot_count > 65536u ||
	    slot_base > 65536u - slot_count)
		return SRTPO_ERR_BAD_PARAM;
	b = calloc(1, sizeof(*b));
	if (!b)
		return SRTPO_ERR_NO_MEMORY;
	b->card = card;
	b->borrowed = 1;
	b->queue = srtpo_card_sim_create(card, q, slot_base, slot_count);
	if (!b->queue) {
		free(b);
		return SRTPO_ERR_BACKEND;
	}
	s->card = b;
	return SRTPO_OK;
}

void srtpo_backend_card_counters(const srtpo_session_t *s, struct srtpo_card_counters *out)
{
	if (s && s->card)
		*out = s->card->card->cnt;
	else
		memset(out, 0, sizeof(*out));
}

struct srtpo_card_sim *srtpo_backend_queue(const srtpo_session_t *s)
{
	return s->card ? s->card->queue : NULL;
}
