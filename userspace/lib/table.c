// SPDX-License-Identifier: BSD-3-Clause
/*
 * table.c - SSRC -> stream: open addressing with linear probing, kept at most half full, so a
 * lookup touches one or two cache lines whether the session has 1 or 1,000,000 streams.
 * Deletion shifts later entries back instead of leaving tombstones, so lookups never degrade.
 */
#include <stdlib.h>

#include "internal.h"

#define TABLE_MIN 16

static size_t capacity_for(size_t n)
{
	size_t cap = TABLE_MIN;

	while (cap < 2 * n)
		cap <<= 1;
	return cap;
}

int srtpo_table_init(struct srtpo_table *t, size_t expected)
{
	size_t cap = capacity_for(expected);

	t->slots = calloc(cap, sizeof(*t->slots));
	if (!t->slots)
		return SRTPO_ERR_NO_MEMORY;
	t->mask = cap - 1;
	t->count = 0;
	return SRTPO_OK;
}

void srtpo_table_free(struct srtpo_table *t)
{
	free(t->slots);
	t->slots = NULL;
	t->count = 0;
}

static void place(struct srtpo_table_slot *slots, size_t mask, struct srtpo_stream *s)
{
	size_t i = srtpo_table_hash(s->ssrc, mask);

	while (slots[i].key)
		i = (i + 1) & mask;
	slots[i].key = SRTPO_SLOT_USED | s->ssrc;
	slots[i].stream = s;
}

static int grow(struct srtpo_table *t)
{
	size_t cap = (t->mask + 1) * 2;
	struct srtpo_table_slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return SRTPO_ERR_NO_MEMORY;
	for (size_t i = 0; i <= t->mask; i++)
		if (t->slots[i].key)
			place(slots, cap - 1, t->slots[i].stream);
	free(t->slots);
	t->slots = slots;
	t->mask = cap - 1;
	return SRTPO_OK;
}

int srtpo_table_insert(struct srtpo_table *t, struct srtpo_stream *s)
{
	if (srtpo_table_find(t, s->ssrc))
		return SRTPO_ERR_STREAM_EXISTS;
	if (2 * (t->count + 1) > t->mask + 1) {
		int rc = grow(t);

		if (rc)
			return rc;
	}
	place(t->slots, t->mask, s);
	t->count++;
	return SRTPO_OK;
}

struct srtpo_stream *srtpo_table_remove(struct srtpo_table *t, uint32_t ssrc)
{
	size_t i = srtpo_table_hash(ssrc, t->mask), j;
	uint64_t want = SRTPO_SLOT_USED | ssrc;
	struct srtpo_stream *s;

	while (t->slots[i].key && t->slots[i].key != want)
		i = (i + 1) & t->mask;
	if (!t->slots[i].key)
		return NULL;
	s = t->slots[i].stream;
	/* Backward shift: move up any later entry whose home slot is at or before the hole. */
	j = i;
	for (;;) {
		size_t home;

		t->slots[i].key = 0;
		for (;;) {
			j = (j + 1) & t->mask;
			if (!t->slots[j].key)
				goto done;
			home = srtpo_table_hash((uint32_t)t->slots[j].key, t->mask);
			/* Entry j may fill hole i unless its home lies cyclically in (i, j]. */
			if (i <= j ? (home <= i || home > j) : (home <= i && home > j))
				break;
		}
		t->slots[i] = t->slots[j];
		i = j;
	}
done:
	t->count--;
	return s;
}
