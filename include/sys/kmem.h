/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/kmem.h>: the SVR4/Solaris kernel memory allocator of the DDI (kmem_alloc(9F),
 * kmem_zalloc(9F), kmem_free(9F)). Audience: STREAMS drivers and modules, and the framework.
 * Every block is accounted by streams.ko (it shows in /proc/streams/memory, and a block still
 * held at unload is reported); with memtrack=1 it also records the caller's file and line.
 */
#ifndef _SYS_KMEM_H
#define _SYS_KMEM_H

#include <lis/ddi_types.h>

/* kmem_alloc flags (Solaris values) */
#define KM_SLEEP	0x0000	/* may sleep until memory is available; never returns NULL */
#define KM_NOSLEEP	0x0001	/* never sleeps; may return NULL */
#define KM_PUSHPAGE	0x0002	/* treated as KM_SLEEP */

void *lis_kmem_alloc(size_t size, int flags, const char *file, int line);
void *lis_kmem_zalloc(size_t size, int flags, const char *file, int line);
void lis_kmem_free(void *ptr, size_t size);

#define kmem_alloc(size, flags)	lis_kmem_alloc((size), (flags), __FILE__, __LINE__)
#define kmem_zalloc(size, flags) lis_kmem_zalloc((size), (flags), __FILE__, __LINE__)
static inline void kmem_free(void *ptr, size_t size) { lis_kmem_free(ptr, size); }

#endif /* _SYS_KMEM_H */
