// SPDX-License-Identifier: BSD-3-Clause
/*
 * alloc.c - where streams and key blocks live: 2 MiB chunks backed by transparent huge pages,
 * carved into 64-byte-aligned objects by size class, with free lists.
 *
 * Why: with 100,000 streams every packet's stream and key slot are cache misses scattered over
 * ~100 MB; on 4 KiB pages each is also a TLB miss and a page walk. In huge pages the whole set is
 * a few dozen TLB entries. Objects are wiped before they go back on a free list, so no key is
 * left in memory the library does not use. Process-wide (sessions on several threads may create
 * streams at once): a mutex guards it; creating a stream is not on the packet path.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

#define CHUNK (2u << 20)
#define LINE 64
#define MAX_SMALL 4096
#define CLASSES (MAX_SMALL / LINE)

struct free_obj {
	struct free_obj *next;
};

static struct {
	pthread_mutex_t lock;
	struct free_obj *free[CLASSES];
	uint8_t *bump, *end;
} arena = { PTHREAD_MUTEX_INITIALIZER, { NULL }, NULL, NULL };

static size_t class_of(size_t size)
{
	return (size + LINE - 1) / LINE - 1;
}

void *srtpo_obj_alloc(size_t size)
{
	size_t c, bytes;
	void *p = NULL;

	if (size == 0)
		size = 1;
	if (size > MAX_SMALL) {
		bytes = (size + LINE - 1) & ~(size_t)(LINE - 1);
		p = aligned_alloc(LINE, bytes);
		if (p)
			memset(p, 0, bytes);
		return p;
	}
	c = class_of(size);
	bytes = (c + 1) * LINE;
	pthread_mutex_lock(&arena.lock);
	if (arena.free[c]) {
		p = arena.free[c];
		arena.free[c] = arena.free[c]->next;
		((struct free_obj *)p)->next = NULL; /* the rest was wiped when freed */
	} else {
		if (!arena.bump || (size_t)(arena.end - arena.bump) < bytes) {
			uint8_t *chunk = aligned_alloc(CHUNK, CHUNK);

			if (chunk) {
				madvise(chunk, CHUNK, MADV_HUGEPAGE); /* a hint; 4 KiB pages work too */
				arena.bump = chunk;
				arena.end = chunk + CHUNK;
			}
		}
		if (arena.bump && (size_t)(arena.end - arena.bump) >= bytes) {
			p = arena.bump;
			arena.bump += bytes;
			memset(p, 0, bytes);
		}
	}
	pthread_mutex_unlock(&arena.lock);
	return p;
}

void srtpo_obj_free(void *p, size_t size)
{
	size_t c;

	if (!p)
		return;
	if (size == 0)
		size = 1;
	if (size > MAX_SMALL) {
		srtpo_wipe_free(p, size);
		return;
	}
	c = class_of(size);
	srtpo_wipe(p, (c + 1) * LINE);
	pthread_mutex_lock(&arena.lock);
	((struct free_obj *)p)->next = arena.free[c];
	arena.free[c] = p;
	pthread_mutex_unlock(&arena.lock);
}
