/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * msg/msg.h: what the files of msg/ share and nobody else may use.
 * Audience: msg/ only (framework private; drivers see <sys/stream.h>, the rest of the framework
 * sees <lis/strsubr.h>).
 *
 * MEMORY LAYOUT
 *  Every message block the framework hands out is a struct lis_block: an mblk_t, a struct lis_mbx,
 *  a dblk_t and (for the three inline size classes) the data buffer, in ONE allocation. Larger
 *  buffers live in a separate allocation and the block carries no data (LIS_DB_EXT); esballoc and
 *  desballoc blocks point at the caller's buffer (LIS_DB_ESB, LIS_DB_DESB). dupb() hands out a
 *  struct lis_dupblk: an mblk_t and a struct lis_mbx, from the mblk-only cache.
 *
 *  The struct lis_mbx that follows every mblk_t says which of the two an mblk_t is (kind), so
 *  freeb() knows where the mblk_t's memory lives even after pullupmsg() gave it another dblk.
 *
 * LIFETIMES AND REFERENCES
 *  db_ref          message blocks that point at the dblk (atomic, lis_ref_add). At most 255 (the
 *                  Solaris limit): dupb() refuses beyond.
 *  x.memref        of a lis_block: holders of the block's memory, one for the embedded mblk_t
 *                  while it is in use plus one for the dblk while db_ref > 0. The memory is
 *                  released when it reaches 0: so the embedded mblk_t may be freed before the
 *                  dblk's last reference goes (dupb, then freeb of the original), and the dblk
 *                  may go first (pullupmsg gave the embedded mblk_t a new dblk).
 *  x.tracked       set once at allocation: the block is on a tracked list (lis_memtrack was on).
 *
 * LOCKS: lis_track_lock (spinlock, memtrack.c) protects the tracked lists; lis_bc_lock
 *  (spinlock, bufcall.c) the pending bufcalls; lis_esb_lock (alloc.c) the deferred free
 *  routines. None of them is held while calling out, and none is taken while another is held.
 */
#ifndef _LIS_MSG_MSG_H
#define _LIS_MSG_MSG_H

#include <lis/port.h>
#include <lis/strsubr.h>
#include <sys/stream.h>

/* A doubly linked list node of the tracked lists (memtrack.c). */
struct lis_memlink {
	struct lis_memlink *next;
	struct lis_memlink *prev;
};

/* lis_mbx.kind */
#define LIS_MBX_BLOCK	0x4c42		/* embedded in a struct lis_block */
#define LIS_MBX_DUP	0x4c44		/* a struct lis_dupblk from dupb() */

struct lis_block;

/* What follows every mblk_t that msg/ allocates. */
struct lis_mbx {
	unsigned short kind;		/* LIS_MBX_*; set once */
	unsigned short tracked;		/* on a tracked list; set once */
	unsigned int memref;		/* lis_block only: see LIFETIMES */
	struct lis_memlink link;	/* on a tracked list when tracked */
	struct lis_block *defer_next;	/* on the deferred free-routine list (alloc.c) */
};

/* A message block as allocated: mblk, dblk and (inline classes) data together. */
struct lis_block {
	mblk_t m;
	struct lis_mbx x;
	dblk_t d;
	unsigned char data[] __attribute__((aligned(16)));
};

/* A message block from dupb(): shares another block's dblk. */
struct lis_dupblk {
	mblk_t m;
	struct lis_mbx x;
	const char *file;		/* allocation site of the duplicated block (tracking) */
	int line;
};

/* dblk_t.db_lis_cache: the kind of block, which also names its cache. */
enum lis_dbkind {
	LIS_DB_SMALL,		/* inline data, small class */
	LIS_DB_MEDIUM,		/* inline data, medium class */
	LIS_DB_LARGE,		/* inline data, large class */
	LIS_DB_EXT,		/* data in a separate allocation (lis_port_alloc) */
	LIS_DB_ESB,		/* caller's buffer, esballoc: free routine deferred out of hard irq */
	LIS_DB_DESB,		/* caller's buffer, desballoc: free routine called directly */
	LIS_DB_NKINDS
};

static inline struct lis_mbx *lis_mbx(mblk_t *mp)
{
	return &((struct lis_block *)mp)->x;	/* the mbx follows the mblk in both layouts */
}

static inline struct lis_block *lis_dblk_block(dblk_t *dp)
{
	return lis_container_of(dp, struct lis_block, d);
}

/* alloc.c */
struct lis_block *lis_block_alloc(size_t size, const char *file, int line);
void lis_block_put(struct lis_block *b);
void lis_dblk_release(dblk_t *dp);
mblk_t *lis_dupblk_alloc(dblk_t *dp);
int lis_alloc_init(void);
void lis_alloc_quiesce(void);
void lis_alloc_exit(int leaked);
size_t lis_block_bytes(const dblk_t *dp);

/* memtrack.c */
enum lis_tracklist { LIS_TRACK_BLOCK, LIS_TRACK_DUP, LIS_TRACK_KMEM, LIS_TRACK_NLISTS };
void lis_mem_account(long count, long bytes);
void lis_track_add(enum lis_tracklist list, struct lis_memlink *link);
void lis_track_del(struct lis_memlink *link);
void lis_memtrack_init(void);
const char *lis_kmem_describe(struct lis_memlink *link, int *line, size_t *size);

/* bufcall.c */
extern lis_atomic_t lis_bc_npending;
void lis_bufcall_kick(void);
void lis_bufcall_init(void);
void lis_bufcall_exit(void);

/* kmem.c: allocations of the framework itself (bufcall entries), accounted and tracked */
void *lis_mem_alloc(size_t size, int sleep, const char *file, int line);
void lis_mem_free(void *p, size_t size);

#endif /* _LIS_MSG_MSG_H */
