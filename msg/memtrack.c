// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * msg/memtrack.c: accounting of the framework's memory, and allocation tracking.
 * Audience: framework private (lis_mem_in_use/lis_mem_report for head/, lis_mem_account and the
 * tracked lists for msg/).
 *
 * Accounting is always on and exact: every allocation msg/ makes (message blocks, separate data
 * buffers, dupb descriptors, kmem_alloc blocks, bufcall entries) adds to a counter of allocations
 * and one of bytes, and its release subtracts. The counters are sharded by CPU (one cache line
 * per slot, atomic adds) so that allocb/freeb on different CPUs do not bounce one line; reading
 * sums the slots, which is exact whenever nothing is being allocated or freed.
 *
 * Tracking (module parameter memtrack=1, or lis_memtrack = 1 before allocating in user space):
 * every allocation also records its file and line and sits on a tracked list until freed; the
 * lists are printed by lis_mem_report() and at unload. Whether a block is tracked is decided at
 * its allocation, so the switch may be flipped at any time.
 */
#include <lis/export.h>
#include "msg.h"

int lis_memtrack;
LIS_PARAM_INT(memtrack, lis_memtrack, 0644,
	      "Record the file and line of every STREAMS allocation (0 or 1)");

#define LIS_MEMCTR_SLOTS	64	/* power of two; CPUs beyond share slots, still exact */

struct lis_memctr {
	lis_atomic_long_t count;
	lis_atomic_long_t bytes;
} __attribute__((aligned(64)));

static struct lis_memctr lis_memctr[LIS_MEMCTR_SLOTS];

/* The tracked lists: circular, headed by these nodes; lis_track_lock protects them. */
static lis_spinlock_t lis_track_lock;
static struct lis_memlink lis_tracked[LIS_TRACK_NLISTS] = {
	[LIS_TRACK_BLOCK] = { &lis_tracked[LIS_TRACK_BLOCK], &lis_tracked[LIS_TRACK_BLOCK] },
	[LIS_TRACK_DUP] = { &lis_tracked[LIS_TRACK_DUP], &lis_tracked[LIS_TRACK_DUP] },
	[LIS_TRACK_KMEM] = { &lis_tracked[LIS_TRACK_KMEM], &lis_tracked[LIS_TRACK_KMEM] },
};

/**
 * lis_mem_account() - add to (or, negative, subtract from) the memory in use.
 * @count: allocations
 * @bytes: their bytes
 *
 * Any context; never sleeps.
 */
void lis_mem_account(long count, long bytes)
{
	struct lis_memctr *c = &lis_memctr[(unsigned int)lis_port_cpu() % LIS_MEMCTR_SLOTS];

	lis_atomic_long_add(count, &c->count);
	lis_atomic_long_add(bytes, &c->bytes);
}

/**
 * lis_mem_in_use() - framework allocations currently held.
 * @bytes: if not NULL, receives their bytes
 *
 * Return: the number of allocations. Any context; never sleeps.
 */
long lis_mem_in_use(long *bytes)
{
	long count = 0, b = 0;
	int i;

	for (i = 0; i < LIS_MEMCTR_SLOTS; i++) {
		count += lis_atomic_long_read(&lis_memctr[i].count);
		b += lis_atomic_long_read(&lis_memctr[i].bytes);
	}
	if (bytes)
		*bytes = b;
	return count;
}
LIS_EXPORT(lis_mem_in_use);

/**
 * lis_track_add() - put an allocation on a tracked list.
 * @list: which list (tells lis_mem_report() what the node is embedded in)
 * @link: the allocation's node
 *
 * Any context; never sleeps. Takes lis_track_lock.
 */
void lis_track_add(enum lis_tracklist list, struct lis_memlink *link)
{
	struct lis_memlink *head = &lis_tracked[list];
	unsigned long flags;

	lis_spin_lock_irqsave(&lis_track_lock, flags);
	link->next = head;
	link->prev = head->prev;
	head->prev->next = link;
	head->prev = link;
	lis_spin_unlock_irqrestore(&lis_track_lock, flags);
}

/**
 * lis_track_del() - take an allocation off its tracked list.
 * @link: the allocation's node
 *
 * Any context; never sleeps. Takes lis_track_lock.
 */
void lis_track_del(struct lis_memlink *link)
{
	unsigned long flags;

	lis_spin_lock_irqsave(&lis_track_lock, flags);
	lis_assert(link->next->prev == link && link->prev->next == link);
	link->next->prev = link->prev;
	link->prev->next = link->next;
	link->next = NULL;
	link->prev = NULL;
	lis_spin_unlock_irqrestore(&lis_track_lock, flags);
}

/* Format one tracked allocation. */
static void lis_track_format(enum lis_tracklist list, struct lis_memlink *link, char *buf,
			     size_t len)
{
	const char *file, *what;
	size_t size;
	int line;

	switch (list) {
	case LIS_TRACK_BLOCK: {
		struct lis_block *b = lis_container_of(link, struct lis_block, x.link);

		file = b->d.db_lis_file;
		line = b->d.db_lis_line;
		size = lis_block_bytes(&b->d);
		what = "msg";
		break;
	}
	case LIS_TRACK_DUP: {
		struct lis_dupblk *d = lis_container_of(link, struct lis_dupblk, x.link);

		file = d->file;		/* where the block it duplicates was allocated */
		line = d->line;
		size = sizeof(*d);
		what = "dupb";
		break;
	}
	default:
		file = lis_kmem_describe(link, &line, &size);
		what = "kmem";
		break;
	}
	snprintf(buf, len, "%s:%d %s %zu bytes", file ? file : "?", line, what, size);
}

/**
 * lis_mem_report() - print the tracked allocations, one line each: "FILE:LINE KIND N bytes",
 * KIND is msg, dupb (FILE:LINE is then the duplicated block's allocation site) or kmem.
 * @line: called for every line, with lis_track_lock held: it must not sleep
 * @arg: passed to @line
 *
 * Nothing is printed unless tracking was on when the allocations were made.
 * Return: the number of lines. Any context; never sleeps.
 */
int lis_mem_report(void (*line)(void *arg, const char *text), void *arg)
{
	struct lis_memlink *l;
	unsigned long flags;
	char buf[192];
	int list, n = 0;

	lis_spin_lock_irqsave(&lis_track_lock, flags);
	for (list = 0; list < LIS_TRACK_NLISTS; list++) {
		for (l = lis_tracked[list].next; l != &lis_tracked[list]; l = l->next) {
			lis_track_format(list, l, buf, sizeof(buf));
			line(arg, buf);
			n++;
		}
	}
	lis_spin_unlock_irqrestore(&lis_track_lock, flags);
	return n;
}

/**
 * lis_memtrack_init() - ready the tracking lock.
 *
 * Process context (module init), before any allocation.
 */
void lis_memtrack_init(void)
{
	lis_spin_init(&lis_track_lock);
}
