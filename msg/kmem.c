// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * msg/kmem.c: kmem_alloc/kmem_zalloc/kmem_free of the DDI (<sys/kmem.h>), and the framework's own
 * accounted allocations (lis_mem_alloc). Audience: drivers and modules (the DDI), msg/.
 *
 * Every block carries a small header in front of the caller's memory: the size (kmem_free checks
 * the caller's), the allocation site and the tracked-list node. The header is 48 bytes, a
 * multiple of 16, so the caller's memory keeps the allocator's alignment.
 */
#include <lis/export.h>
#include <sys/kmem.h>
#include "msg.h"

#define LIS_KMEM_MAGIC		0x4b4d454dU	/* "KMEM" */
#define LIS_KMEM_DEAD		0x6b6d6564U	/* freed */
/* KM_SLEEP retries at most this size for ever; larger requests can fail for good, and return NULL. */
#define LIS_KMEM_SLEEP_MAX	(4UL << 20)

struct lis_kmhdr {
	struct lis_memlink link;	/* on the tracked list when tracked */
	const char *file;		/* allocation site */
	size_t size;			/* bytes the caller asked for */
	int line;
	unsigned int magic;		/* LIS_KMEM_MAGIC while allocated */
	unsigned int tracked;		/* set once */
} __attribute__((aligned(16)));

/**
 * lis_mem_alloc() - allocate accounted (and, with memtrack, tracked) framework memory.
 * @size: bytes
 * @sleep: non-zero if the caller may sleep
 * @file: allocation site
 * @line: allocation site
 *
 * Return: the memory, or NULL. Any context if @sleep is 0; may sleep otherwise.
 */
void *lis_mem_alloc(size_t size, int sleep, const char *file, int line)
{
	struct lis_kmhdr *h;

	if (size > (size_t)-1 - sizeof(*h))
		return NULL;
	h = lis_port_alloc(sizeof(*h) + size, sleep);
	if (!h)
		return NULL;
	h->file = file;
	h->line = line;
	h->size = size;
	h->magic = LIS_KMEM_MAGIC;
	h->tracked = 0;
	h->link.next = NULL;
	h->link.prev = NULL;
	if (lis_unlikely(lis_memtrack)) {
		h->tracked = 1;
		lis_track_add(LIS_TRACK_KMEM, &h->link);
	}
	lis_mem_account(1, (long)(sizeof(*h) + size));
	return h + 1;
}

/**
 * lis_mem_free() - free memory from lis_mem_alloc().
 * @p: the memory; NULL is allowed
 * @size: the size given to lis_mem_alloc() (checked: a mismatch warns once)
 *
 * Any context; never sleeps.
 */
void lis_mem_free(void *p, size_t size)
{
	struct lis_kmhdr *h;

	if (!p)
		return;
	h = (struct lis_kmhdr *)p - 1;
	if (lis_warn_once(h->magic != LIS_KMEM_MAGIC))
		return;		/* not ours, or freed twice: leaking beats corrupting */
	lis_warn_once(h->size != size);
	if (h->tracked)
		lis_track_del(&h->link);
	lis_mem_account(-1, -(long)(sizeof(*h) + h->size));
	h->magic = LIS_KMEM_DEAD;
	lis_port_free(h);
}

/**
 * lis_kmem_describe() - allocation site and size of a tracked kmem block (for lis_mem_report).
 * @link: the block's tracked-list node
 * @line: receives the line
 * @size: receives the bytes the caller asked for
 *
 * Return: the file. Called with lis_track_lock held; never sleeps.
 */
const char *lis_kmem_describe(struct lis_memlink *link, int *line, size_t *size)
{
	struct lis_kmhdr *h = lis_container_of(link, struct lis_kmhdr, link);

	*line = h->line;
	*size = h->size;
	return h->file;
}

/**
 * lis_kmem_alloc() - allocate kernel memory (kmem_alloc(9F)).
 * @size: bytes; 0 returns NULL
 * @flags: KM_SLEEP (wait until memory is available: never returns NULL for sizes up to 4 MiB)
 *	   or KM_NOSLEEP (may return NULL)
 * @file: caller's file (the kmem_alloc() macro passes __FILE__)
 * @line: caller's line
 *
 * Return: the memory (not zeroed), or NULL. KM_NOSLEEP: any context, never sleeps.
 * KM_SLEEP: process context only, may sleep.
 */
void *lis_kmem_alloc(size_t size, int flags, const char *file, int line)
{
	unsigned long delay = 1000;
	void *p;

	if (!size)
		return NULL;
	if (flags & KM_NOSLEEP)
		return lis_mem_alloc(size, 0, file, line);
	lis_might_sleep();
	while (!(p = lis_mem_alloc(size, 1, file, line))) {
		if (size > LIS_KMEM_SLEEP_MAX)
			return NULL;
		lis_usleep(delay);		/* let reclaim make progress, backing off to 64 ms */
		if (delay < 64000)
			delay *= 2;
	}
	return p;
}
LIS_EXPORT(lis_kmem_alloc);

/**
 * lis_kmem_zalloc() - allocate zeroed kernel memory (kmem_zalloc(9F)).
 * @size: bytes; 0 returns NULL
 * @flags: KM_SLEEP or KM_NOSLEEP, as for kmem_alloc()
 * @file: caller's file
 * @line: caller's line
 *
 * Return: the memory, or NULL. Context: as kmem_alloc().
 */
void *lis_kmem_zalloc(size_t size, int flags, const char *file, int line)
{
	void *p = lis_kmem_alloc(size, flags, file, line);

	if (p)
		memset(p, 0, size);
	return p;
}
LIS_EXPORT(lis_kmem_zalloc);

/**
 * lis_kmem_free() - free memory from kmem_alloc() or kmem_zalloc() (kmem_free(9F)).
 * @ptr: the memory; NULL is allowed
 * @size: the size it was allocated with (a mismatch warns once)
 *
 * Any context; never sleeps.
 */
void lis_kmem_free(void *ptr, size_t size)
{
	lis_mem_free(ptr, size);
}
LIS_EXPORT(lis_kmem_free);
