// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * msg/alloc.c: allocating and freeing message blocks (allocb, esballoc, desballoc, dupb, freeb,
 * freemsg) and the caches behind them. Audience: the DDI (drivers and modules call these through
 * <sys/stream.h>); the layout and the reference rules are in msg/msg.h.
 *
 * SIZE CLASSES. A message of up to 1872 bytes is one allocation: mblk, dblk and data together,
 * from one of three caches whose objects are 256, 1024 and 2048 bytes (the header is 176 bytes,
 * so the inline capacities are 80, 848 and 1872 bytes). Why these:
 *  - powers of two fill slab pages with no tail waste, and SLAB_HWCACHE_ALIGN rounds every object
 *    to 64 bytes anyway;
 *  - 80 bytes hold the control messages that dominate a stream's traffic: TPI/DLPI primitives,
 *    an iocblk/copyreq (40-48 bytes), one-byte M_FLUSH/M_ERROR/M_HANGUP, TCP ACK-sized packets;
 *  - 848 bytes hold terminal and small-datagram traffic;
 *  - 1872 bytes hold an Ethernet frame (1514) plus the headroom a module may reserve.
 * Larger buffers are a separate lis_port_alloc() (kmalloc has its own power-of-two caches) hung
 * off a data-less header block from the header cache, which esballoc/desballoc also use.
 */
#include <lis/export.h>
#include "msg.h"

#define LIS_TOTAL_SMALL		256
#define LIS_TOTAL_MEDIUM	1024
#define LIS_TOTAL_LARGE		2048
#define LIS_INLINE(total)	((size_t)(total) - sizeof(struct lis_block))
#define LIS_DBREF_MAX		255	/* Solaris limit on references to one dblk */

enum { LIS_CACHE_SMALL, LIS_CACHE_MEDIUM, LIS_CACHE_LARGE, LIS_CACHE_HDR, LIS_CACHE_DUP,
       LIS_NCACHES };

static lis_cache_t *lis_caches[LIS_NCACHES];
static const char *const lis_cache_names[LIS_NCACHES] = {
	"lis_msg_256", "lis_msg_1024", "lis_msg_2048", "lis_msg_hdr", "lis_mblk"
};

/* Deferred esballoc free routines (freeb in hard-irq context). */
static lis_spinlock_t lis_esb_lock;
static struct lis_block *lis_esb_head;
static lis_work_t lis_esb_work;

static const unsigned char lis_kind_cache[LIS_DB_NKINDS] = {
	[LIS_DB_SMALL] = LIS_CACHE_SMALL,
	[LIS_DB_MEDIUM] = LIS_CACHE_MEDIUM,
	[LIS_DB_LARGE] = LIS_CACHE_LARGE,
	[LIS_DB_EXT] = LIS_CACHE_HDR,
	[LIS_DB_ESB] = LIS_CACHE_HDR,
	[LIS_DB_DESB] = LIS_CACHE_HDR,
};

static size_t lis_cache_size(int c)
{
	switch (c) {
	case LIS_CACHE_SMALL:
		return LIS_TOTAL_SMALL;
	case LIS_CACHE_MEDIUM:
		return LIS_TOTAL_MEDIUM;
	case LIS_CACHE_LARGE:
		return LIS_TOTAL_LARGE;
	case LIS_CACHE_HDR:
		return sizeof(struct lis_block);
	default:
		return sizeof(struct lis_dupblk);
	}
}

/**
 * lis_block_bytes() - bytes of memory a block accounts for (header, inline or separate data).
 * @dp: the block's dblk
 *
 * Return: the byte count. Any context; never sleeps.
 */
size_t lis_block_bytes(const dblk_t *dp)
{
	size_t n = lis_cache_size(lis_kind_cache[dp->db_lis_cache]);

	return dp->db_lis_cache == LIS_DB_EXT ? n + dp->db_size : n;
}

static long lis_block_nallocs(const dblk_t *dp)
{
	return dp->db_lis_cache == LIS_DB_EXT ? 2 : 1;
}

/* Fill in a freshly allocated block: one reference, type M_DATA, band 0, no flags. */
static void lis_block_init(struct lis_block *b, enum lis_dbkind kind, unsigned char *base,
			   size_t size, const char *file, int line)
{
	mblk_t *mp = &b->m;

	mp->b_next = NULL;
	mp->b_prev = NULL;
	mp->b_cont = NULL;
	mp->b_rptr = base;
	mp->b_wptr = base;
	mp->b_datap = &b->d;
	mp->b_band = 0;
	mp->b_pad1 = 0;
	mp->b_flag = 0;
	mp->b_queue = NULL;
	b->x = (struct lis_mbx){ .kind = LIS_MBX_BLOCK, .memref = 2 };
	b->d = (dblk_t){
		.db_base = base,
		.db_lim = base + size,
		.db_ref = 1,
		.db_type = M_DATA,
		.db_size = (unsigned int)size,
		.db_lis_mblk = mp,
		.db_lis_file = file,
		.db_lis_line = line,
		.db_lis_cache = kind,
	};
	if (lis_unlikely(lis_memtrack)) {
		b->x.tracked = 1;
		lis_track_add(LIS_TRACK_BLOCK, &b->x.link);
	}
	lis_mem_account(lis_block_nallocs(&b->d), (long)lis_block_bytes(&b->d));
}

/**
 * lis_block_alloc() - allocate a message block with a data buffer of @size bytes.
 * @size: buffer size; 0 is allowed
 * @file: allocation site recorded in the dblk (and on the tracked list)
 * @line: allocation site
 *
 * Return: the block (its embedded mblk is in use), or NULL.
 * Any context; never sleeps.
 */
struct lis_block *lis_block_alloc(size_t size, const char *file, int line)
{
	enum lis_dbkind kind;
	struct lis_block *b;
	unsigned char *buf;

	if (size <= LIS_INLINE(LIS_TOTAL_SMALL))
		kind = LIS_DB_SMALL;
	else if (size <= LIS_INLINE(LIS_TOTAL_MEDIUM))
		kind = LIS_DB_MEDIUM;
	else if (size <= LIS_INLINE(LIS_TOTAL_LARGE))
		kind = LIS_DB_LARGE;
	else
		kind = LIS_DB_EXT;
	if (lis_unlikely(size > 0xffffffffUL))
		return NULL;		/* db_size is 32 bits */
	b = lis_cache_alloc(lis_caches[lis_kind_cache[kind]]);
	if (lis_unlikely(!b))
		return NULL;
	if (kind != LIS_DB_EXT) {
		buf = b->data;
	} else {
		buf = lis_port_alloc(size, 0);
		if (lis_unlikely(!buf)) {
			lis_cache_free(lis_caches[LIS_CACHE_HDR], b);
			return NULL;
		}
	}
	lis_block_init(b, kind, buf, size, file, line);
	return b;
}

/* Give back the memory of a block: both memref holders are gone. */
static void lis_block_free(struct lis_block *b)
{
	dblk_t *dp = &b->d;

	if (b->x.tracked)
		lis_track_del(&b->x.link);
	lis_mem_account(-lis_block_nallocs(dp), -(long)lis_block_bytes(dp));
	lis_cache_free(lis_caches[lis_kind_cache[dp->db_lis_cache]], b);
}

/**
 * lis_block_put() - drop one holder of a block's memory (see LIFETIMES in msg/msg.h).
 * @b: the block
 *
 * Any context; never sleeps.
 */
void lis_block_put(struct lis_block *b)
{
	if (lis_ref_add(&b->x.memref, -1) == 0)
		lis_block_free(b);
}

/* The dblk lost its last reference: release the data buffer (free routine or memory). */
static void lis_dblk_free_data(dblk_t *dp)
{
	switch (dp->db_lis_cache) {
	case LIS_DB_EXT:
		lis_port_free(dp->db_base);
		break;
	case LIS_DB_ESB:
	case LIS_DB_DESB:
		if (dp->db_lis_frtn.free_func)
			dp->db_lis_frtn.free_func(dp->db_lis_frtn.free_arg);
		break;
	default:
		break;
	}
}

static int lis_dblk_defers(const dblk_t *dp)
{
	return dp->db_lis_cache == LIS_DB_ESB && lis_in_irq();
}

/* Process context: run the free routines that hard-irq frees left behind. */
static void lis_esb_worker(lis_work_t *w)
{
	struct lis_block *b, *next;
	unsigned long flags;

	(void)w;
	lis_spin_lock_irqsave(&lis_esb_lock, flags);
	b = lis_esb_head;
	lis_esb_head = NULL;
	lis_spin_unlock_irqrestore(&lis_esb_lock, flags);
	for (; b; b = next) {
		next = b->x.defer_next;
		lis_dblk_free_data(&b->d);
		lis_block_put(b);
	}
}

static void lis_esb_defer(struct lis_block *b)
{
	unsigned long flags;

	lis_spin_lock_irqsave(&lis_esb_lock, flags);
	b->x.defer_next = lis_esb_head;
	lis_esb_head = b;
	lis_spin_unlock_irqrestore(&lis_esb_lock, flags);
	lis_work_queue(&lis_esb_work);
}

/* The dblk lost its last reference: release its data, then its hold on the block's memory. */
static void lis_dblk_last(dblk_t *dp)
{
	struct lis_block *b = lis_dblk_block(dp);

	if (lis_dblk_defers(dp)) {
		lis_esb_defer(b);
		return;
	}
	lis_dblk_free_data(dp);
	lis_block_put(b);
}

/**
 * lis_dblk_release() - drop one reference to a dblk, releasing it with the last one.
 * @dp: the dblk
 *
 * For pullupmsg(), which gives an mblk another dblk. Any context; never sleeps.
 */
void lis_dblk_release(dblk_t *dp)
{
	if (lis_ref_add(&dp->db_ref, -1) == 0)
		lis_dblk_last(dp);
}

/* Release the memory of an mblk_t whose dblk reference is already dropped. */
static void lis_mblk_put(mblk_t *mp)
{
	struct lis_mbx *x = lis_mbx(mp);

	if (x->kind == LIS_MBX_DUP) {
		if (x->tracked)
			lis_track_del(&x->link);
		lis_mem_account(-1, -(long)sizeof(struct lis_dupblk));
		lis_cache_free(lis_caches[LIS_CACHE_DUP], mp);
		return;
	}
	lis_assert(x->kind == LIS_MBX_BLOCK);
	lis_block_put((struct lis_block *)mp);
}

/**
 * lis_allocb() - allocate a message block (allocb(9F)).
 * @size: bytes of data buffer wanted; 0 gives a block with an empty buffer
 * @pri: BPRI_* (accepted and ignored, as in Solaris)
 * @file: caller's file (the allocb() macro passes __FILE__)
 * @line: caller's line
 *
 * The block has b_rptr == b_wptr == db_base, db_type M_DATA, b_band 0, b_flag 0, db_ref 1.
 * Return: the message block, or NULL if no memory is available now (see bufcall()).
 * Any context; never sleeps.
 */
mblk_t *lis_allocb(size_t size, unsigned int pri, const char *file, int line)
{
	struct lis_block *b = lis_block_alloc(size, file, line);

	(void)pri;
	return b ? &b->m : NULL;
}
LIS_EXPORT(lis_allocb);

static mblk_t *lis_esb_alloc(unsigned char *base, size_t size, frtn_t *fr, enum lis_dbkind kind,
			     const char *file, int line)
{
	struct lis_block *b;

	if (lis_warn_once(!fr) || lis_unlikely(size > 0xffffffffUL))
		return NULL;
	b = lis_cache_alloc(lis_caches[LIS_CACHE_HDR]);
	if (lis_unlikely(!b))
		return NULL;
	lis_block_init(b, kind, base, size, file, line);
	b->d.db_frtnp = fr;
	b->d.db_lis_frtn = *fr;
	return &b->m;
}

/**
 * lis_esballoc() - allocate a message block around the caller's buffer (esballoc(9F)).
 * @base: the buffer
 * @size: its size in bytes
 * @pri: BPRI_* (ignored)
 * @fr: free routine, called exactly once when the last reference to the block goes; if that
 *	happens in hard-irq context the call is deferred to process context
 * @file: caller's file
 * @line: caller's line
 *
 * Return: the message block, or NULL (the free routine is then not called).
 * Any context; never sleeps.
 */
mblk_t *lis_esballoc(unsigned char *base, size_t size, unsigned int pri, frtn_t *fr,
		     const char *file, int line)
{
	(void)pri;
	return lis_esb_alloc(base, size, fr, LIS_DB_ESB, file, line);
}
LIS_EXPORT(lis_esballoc);

/**
 * lis_desballoc() - like esballoc(), but the free routine is called directly by whoever drops
 * the last reference, in that caller's context (desballoc(9F)).
 * @base: the buffer
 * @size: its size in bytes
 * @pri: BPRI_* (ignored)
 * @fr: free routine, called exactly once
 * @file: caller's file
 * @line: caller's line
 *
 * Return: the message block, or NULL. Any context; never sleeps.
 */
mblk_t *lis_desballoc(unsigned char *base, size_t size, unsigned int pri, frtn_t *fr,
		      const char *file, int line)
{
	(void)pri;
	return lis_esb_alloc(base, size, fr, LIS_DB_DESB, file, line);
}
LIS_EXPORT(lis_desballoc);

/**
 * lis_dupb() - duplicate a message block descriptor (dupb(9F)).
 * @bp: the block to duplicate
 *
 * The new mblk shares @bp's dblk (db_ref is incremented) and copies its read and write pointers,
 * band and flags; b_cont is NULL.
 * Return: the new block, or NULL if no memory is available or db_ref would exceed 255.
 * Any context; never sleeps.
 */
mblk_t *lis_dupb(mblk_t *bp)
{
	dblk_t *dp = bp->b_datap;
	struct lis_dupblk *d;

	d = lis_cache_alloc(lis_caches[LIS_CACHE_DUP]);
	if (lis_unlikely(!d))
		return NULL;
	if (lis_unlikely(lis_ref_add(&dp->db_ref, 1) > LIS_DBREF_MAX)) {
		lis_ref_add(&dp->db_ref, -1);	/* we hold bp: it cannot drop to 0 here */
		lis_cache_free(lis_caches[LIS_CACHE_DUP], d);
		return NULL;
	}
	d->m = (mblk_t){
		.b_rptr = bp->b_rptr,
		.b_wptr = bp->b_wptr,
		.b_datap = dp,
		.b_band = bp->b_band,
		.b_flag = bp->b_flag,
	};
	d->x = (struct lis_mbx){ .kind = LIS_MBX_DUP };
	d->file = dp->db_lis_file;
	d->line = dp->db_lis_line;
	if (lis_unlikely(lis_memtrack)) {
		d->x.tracked = 1;
		lis_track_add(LIS_TRACK_DUP, &d->x.link);
	}
	lis_mem_account(1, (long)sizeof(*d));
	return &d->m;
}
LIS_EXPORT(lis_dupb);

/**
 * lis_freeb() - free one message block (freeb(9F)).
 * @bp: the block; its b_cont is ignored
 *
 * Drops the block's reference to its dblk; with the last reference the data buffer goes too
 * (an esballoc/desballoc free routine is called). Pending bufcalls are then given a chance.
 * Any context; never sleeps.
 */
void lis_freeb(mblk_t *bp)
{
	dblk_t *dp;

	if (lis_warn_once(!bp))
		return;
	dp = bp->b_datap;
	lis_assert(lis_mbx(bp)->kind == LIS_MBX_BLOCK || lis_mbx(bp)->kind == LIS_MBX_DUP);
	lis_assert(dp->db_ref > 0 && dp->db_ref <= LIS_DBREF_MAX);
	if (lis_ref_add(&dp->db_ref, -1) == 0) {
		struct lis_block *b = lis_dblk_block(dp);

		if (&b->m == bp && !lis_dblk_defers(dp)) {
			/* the usual case: both holders of the memory go at once */
			lis_dblk_free_data(dp);
			lis_block_free(b);
			goto out;
		}
		lis_dblk_last(dp);
	}
	lis_mblk_put(bp);
out:
	if (lis_unlikely(lis_atomic_read(&lis_bc_npending)))
		lis_bufcall_kick();
}
LIS_EXPORT(lis_freeb);

/**
 * lis_freemsg() - free every block of a message (freemsg(9F)).
 * @mp: the message, following b_cont; NULL is allowed
 *
 * Any context; never sleeps.
 */
void lis_freemsg(mblk_t *mp)
{
	mblk_t *next;

	for (; mp; mp = next) {
		next = mp->b_cont;
		lis_freeb(mp);
	}
}
LIS_EXPORT(lis_freemsg);

/**
 * lis_alloc_init() - create the message caches.
 *
 * Return: 0 or -ENOMEM. Process context (module init); may sleep.
 */
int lis_alloc_init(void)
{
	int c;

	for (c = 0; c < LIS_NCACHES; c++) {
		lis_caches[c] = lis_cache_create(lis_cache_names[c], lis_cache_size(c));
		if (!lis_caches[c]) {
			while (--c >= 0)
				lis_cache_destroy(lis_caches[c]);
			return -ENOMEM;
		}
	}
	lis_spin_init(&lis_esb_lock);
	lis_esb_head = NULL;
	lis_work_init(&lis_esb_work, lis_esb_worker);
	return 0;
}

/**
 * lis_alloc_quiesce() - wait for the free routines that hard-irq frees deferred.
 *
 * Process context (module exit); may sleep.
 */
void lis_alloc_quiesce(void)
{
	lis_work_flush(&lis_esb_work);
}

/**
 * lis_alloc_exit() - destroy the message caches.
 * @leaked: blocks are still held: keep the caches (a late freeb by a buggy driver then
 *	    frees into a live cache instead of corrupting memory)
 *
 * Process context (module exit), after lis_alloc_quiesce(); may sleep.
 */
void lis_alloc_exit(int leaked)
{
	int c;

	if (leaked)
		return;
	for (c = 0; c < LIS_NCACHES; c++) {
		lis_cache_destroy(lis_caches[c]);
		lis_caches[c] = NULL;
	}
}
