// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * msg/msgutil.c: the message utilities of the DDI: dupmsg, copyb, copymsg, linkb, unlinkb, rmvb,
 * pullupmsg, msgpullup, adjmsg, msgdsize, msgsize, datamsg, mkiocb. Semantics are those of
 * SVR4/Solaris section 9F. Audience: drivers and modules, through <sys/stream.h>.
 *
 * Blocks made by copying (copyb, copymsg, pullupmsg, msgpullup) record the allocation site of the
 * block they copy, so a leaked copy points at the code that made the original.
 */
#include <lis/export.h>
#include "msg.h"

/* The credential of ioctls the framework makes itself (mkiocb): root, like Solaris' kcred. */
static cred_t lis_kcred;
static lis_atomic_t lis_ioc_ids;

static size_t lis_min(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* Bytes in the leading run of blocks of the same type as the first (Solaris' xmsgsize). */
static size_t lis_runsize(const mblk_t *mp)
{
	unsigned char type = mp->b_datap->db_type;
	size_t n = 0;

	for (; mp && mp->b_datap->db_type == type; mp = mp->b_cont)
		n += MBLKL(mp);
	return n;
}

/* A new block of @size bytes that takes type, band and flags (and allocation site) from @tmpl. */
static mblk_t *lis_allocb_tmpl(size_t size, const mblk_t *tmpl)
{
	const dblk_t *tdp = tmpl->b_datap;
	struct lis_block *b = lis_block_alloc(size, tdp->db_lis_file, tdp->db_lis_line);

	if (!b)
		return NULL;
	b->d.db_type = tdp->db_type;
	b->m.b_band = tmpl->b_band;
	b->m.b_flag = tmpl->b_flag;
	return &b->m;
}

/**
 * lis_dupmsg() - duplicate every block of a message with dupb() (dupmsg(9F)).
 * @mp: the message
 *
 * Return: the new message sharing @mp's data, or NULL (nothing is left allocated).
 * Any context; never sleeps.
 */
mblk_t *lis_dupmsg(mblk_t *mp)
{
	mblk_t *head = NULL, **tail = &head;

	for (; mp; mp = mp->b_cont) {
		*tail = lis_dupb(mp);
		if (!*tail) {
			lis_freemsg(head);
			return NULL;
		}
		tail = &(*tail)->b_cont;
	}
	return head;
}
LIS_EXPORT(lis_dupmsg);

/**
 * lis_copyb() - copy a message block into a new one (copyb(9F)).
 * @bp: the block
 *
 * The copy has a buffer as large as @bp's, the same offset of b_rptr in it, the bytes between
 * b_rptr and b_wptr, and @bp's type, band and flags.
 * Return: the copy, or NULL. Any context; never sleeps.
 */
mblk_t *lis_copyb(mblk_t *bp)
{
	dblk_t *dp = bp->b_datap;
	size_t len = MBLKL(bp);
	mblk_t *nbp;

	nbp = lis_allocb_tmpl((size_t)(dp->db_lim - dp->db_base), bp);
	if (!nbp)
		return NULL;
	nbp->b_rptr += bp->b_rptr - dp->db_base;
	if (len)
		memcpy(nbp->b_rptr, bp->b_rptr, len);
	nbp->b_wptr = nbp->b_rptr + len;
	return nbp;
}
LIS_EXPORT(lis_copyb);

/**
 * lis_copymsg() - copy every block of a message with copyb() (copymsg(9F)).
 * @mp: the message
 *
 * Each block of the copy keeps the type, band and flags of the block it copies.
 * Return: the copy, or NULL (nothing is left allocated). Any context; never sleeps.
 */
mblk_t *lis_copymsg(mblk_t *mp)
{
	mblk_t *head = NULL, **tail = &head;

	for (; mp; mp = mp->b_cont) {
		*tail = lis_copyb(mp);
		if (!*tail) {
			lis_freemsg(head);
			return NULL;
		}
		tail = &(*tail)->b_cont;
	}
	return head;
}
LIS_EXPORT(lis_copymsg);

/**
 * lis_linkb() - append a message to another (linkb(9F)).
 * @mp: the message to append to
 * @bp: the message appended after @mp's last block
 *
 * Any context; never sleeps.
 */
void lis_linkb(mblk_t *mp, mblk_t *bp)
{
	while (mp->b_cont)
		mp = mp->b_cont;
	mp->b_cont = bp;
}
LIS_EXPORT(lis_linkb);

/**
 * lis_unlinkb() - detach the first block of a message (unlinkb(9F)).
 * @mp: the message; its b_cont becomes NULL
 *
 * Return: the rest of the message (NULL if @mp was its only block).
 * Any context; never sleeps.
 */
mblk_t *lis_unlinkb(mblk_t *mp)
{
	mblk_t *rest = mp->b_cont;

	mp->b_cont = NULL;
	return rest;
}
LIS_EXPORT(lis_unlinkb);

/**
 * lis_rmvb() - remove a block from a message (rmvb(9F)).
 * @mp: the message
 * @bp: the block to remove; its b_cont becomes NULL (it is not freed)
 *
 * Return: the head of the message without @bp (NULL if @bp was its only block), or
 * (mblk_t *)-1 if @bp is not in @mp. Any context; never sleeps.
 */
mblk_t *lis_rmvb(mblk_t *mp, mblk_t *bp)
{
	mblk_t **pp;

	for (pp = &mp; *pp; pp = &(*pp)->b_cont) {
		if (*pp == bp) {
			*pp = bp->b_cont;
			bp->b_cont = NULL;
			return mp;
		}
	}
	return (mblk_t *)-1;
}
LIS_EXPORT(lis_rmvb);

static int lis_str_aligned(const unsigned char *p)
{
	return ((uintptr_t)p & (sizeof(int) - 1)) == 0;
}

/**
 * lis_pullupmsg() - make the first bytes of a message contiguous and aligned in its first block
 * (pullupmsg(9F)).
 * @mp: the message; it stays the first block (its dblk is replaced by a new one)
 * @len: bytes wanted in the first block, or -1 for the whole leading run of blocks of the same
 *	 type as the first
 *
 * Only blocks of @mp's type are concatenated. Blocks emptied by the copy are freed; the rest of
 * a partly copied block stays linked after @mp.
 * Return: 1 on success (also when nothing needed doing); 0 if the leading run of the same type
 * holds fewer than @len bytes or no memory is available (the message is then unchanged).
 * Any context; never sleeps.
 */
int lis_pullupmsg(mblk_t *mp, ssize_t len)
{
	size_t want, avail = lis_runsize(mp), n;
	struct lis_block *b;
	mblk_t *old, *next;

	if (len < -1)
		return 0;
	want = len == -1 ? avail : (size_t)len;
	if (avail < want)
		return 0;
	if (MBLKL(mp) >= want && lis_str_aligned(mp->b_rptr))
		return 1;
	b = lis_block_alloc(want, mp->b_datap->db_lis_file, mp->b_datap->db_lis_line);
	if (!b)
		return 0;
	b->d.db_type = mp->b_datap->db_type;
	/* the new block's own mblk takes over mp's old header; mp takes the new dblk */
	old = &b->m;
	old->b_rptr = mp->b_rptr;
	old->b_wptr = mp->b_wptr;
	old->b_datap = mp->b_datap;
	old->b_cont = mp->b_cont;
	old->b_band = mp->b_band;
	old->b_flag = mp->b_flag;
	mp->b_datap = &b->d;
	mp->b_rptr = b->d.db_base;
	mp->b_wptr = b->d.db_base;
	while (want) {
		n = lis_min(MBLKL(old), want);
		memcpy(mp->b_wptr, old->b_rptr, n);
		mp->b_wptr += n;
		old->b_rptr += n;
		want -= n;
		if (old->b_rptr < old->b_wptr)
			break;
		next = old->b_cont;
		lis_freeb(old);
		old = next;
	}
	mp->b_cont = old;
	return 1;
}
LIS_EXPORT(lis_pullupmsg);

/**
 * lis_msgpullup() - copy a message into a new one whose first block holds the first @len bytes
 * contiguously and aligned (msgpullup(9F)).
 * @mp: the message; it is not changed
 * @len: bytes wanted in the first block, or -1 for the whole leading run of the same type
 *
 * The bytes after the first @len are copied and linked after the first block, so the new
 * message holds the same data as @mp.
 * Return: the new message, or NULL if the leading run of @mp's type holds fewer than @len bytes
 * or no memory is available. Any context; never sleeps.
 */
mblk_t *lis_msgpullup(mblk_t *mp, ssize_t len)
{
	size_t want, avail = lis_runsize(mp), n, off = 0;
	mblk_t *first, *bp = mp, *rest;

	if (len < -1)
		return NULL;
	want = len == -1 ? avail : (size_t)len;
	if (avail < want)
		return NULL;
	first = lis_allocb_tmpl(want, mp);
	if (!first)
		return NULL;
	while (want) {
		n = lis_min(MBLKL(bp) - off, want);
		memcpy(first->b_wptr, bp->b_rptr + off, n);
		first->b_wptr += n;
		want -= n;
		off += n;
		if (off == MBLKL(bp)) {
			bp = bp->b_cont;
			off = 0;
		}
	}
	if (bp && off) {
		/* the partly copied block: its remaining bytes */
		rest = lis_allocb_tmpl(MBLKL(bp) - off, bp);
		if (!rest)
			goto fail;
		memcpy(rest->b_wptr, bp->b_rptr + off, MBLKL(bp) - off);
		rest->b_wptr += MBLKL(bp) - off;
		first->b_cont = rest;
		bp = bp->b_cont;
	}
	if (bp) {
		rest = lis_copymsg(bp);
		if (!rest)
			goto fail;
		lis_linkb(first, rest);
	}
	return first;
fail:
	lis_freemsg(first);
	return NULL;
}
LIS_EXPORT(lis_msgpullup);

/* Trim @len bytes from the end of the leading run of blocks of @mp's type (@len <= its size). */
static void lis_adjmsg_tail(mblk_t *mp, size_t len)
{
	unsigned char type = mp->b_datap->db_type;
	size_t keep = lis_runsize(mp) - len, n;

	for (; mp && mp->b_datap->db_type == type; mp = mp->b_cont) {
		n = lis_min(MBLKL(mp), keep);
		mp->b_wptr = mp->b_rptr + n;
		keep -= n;
	}
}

/**
 * lis_adjmsg() - trim bytes from the head (@len > 0) or the tail (@len < 0) of a message
 * (adjmsg(9F)).
 * @mp: the message
 * @len: bytes to trim
 *
 * Only the leading run of blocks of the same type as @mp is trimmed; emptied blocks stay linked
 * with zero length.
 * Return: 1, or 0 if |@len| exceeds the bytes of that run (the message is then unchanged).
 * Any context; never sleeps.
 */
int lis_adjmsg(mblk_t *mp, ssize_t len)
{
	size_t want = len < 0 ? -(size_t)len : (size_t)len, n;

	if (lis_runsize(mp) < want)
		return 0;
	if (len < 0) {
		lis_adjmsg_tail(mp, want);
		return 1;
	}
	for (; want; mp = mp->b_cont) {
		n = lis_min(MBLKL(mp), want);
		mp->b_rptr += n;
		want -= n;
	}
	return 1;
}
LIS_EXPORT(lis_adjmsg);

/**
 * lis_msgdsize() - bytes of data in the M_DATA blocks of a message (msgdsize(9F)).
 * @mp: the message
 *
 * Return: the byte count. Any context; never sleeps.
 */
size_t lis_msgdsize(const mblk_t *mp)
{
	size_t n = 0;

	for (; mp; mp = mp->b_cont)
		if (mp->b_datap->db_type == M_DATA)
			n += MBLKL(mp);
	return n;
}
LIS_EXPORT(lis_msgdsize);

/**
 * lis_msgsize() - bytes in all blocks of a message, whatever their type.
 * @mp: the message
 *
 * Return: the byte count. Any context; never sleeps.
 */
size_t lis_msgsize(const mblk_t *mp)
{
	size_t n = 0;

	for (; mp; mp = mp->b_cont)
		n += MBLKL(mp);
	return n;
}
LIS_EXPORT(lis_msgsize);

/**
 * lis_datamsg() - is this a data message type (datamsg(9F))?
 * @type: a message type
 *
 * Return: 1 for M_DATA, M_PROTO, M_PCPROTO and M_DELAY, else 0. Any context; never sleeps.
 */
int lis_datamsg(unsigned char type)
{
	return type == M_DATA || type == M_PROTO || type == M_PCPROTO || type == M_DELAY;
}
LIS_EXPORT(lis_datamsg);

/**
 * lis_mkiocb() - allocate an M_IOCTL message for an ioctl the module issues itself (mkiocb(9F)).
 * @cmd: the ioctl command
 *
 * The iocblk has ioc_cmd @cmd, a unique ioc_id, the framework's credential, ioc_count 0 and
 * ioc_flag IOC_NATIVE; the buffer is large enough to be turned into a copyreq or copyresp.
 * Return: the message, or NULL. Any context; never sleeps.
 */
mblk_t *lis_mkiocb(unsigned int cmd)
{
	struct iocblk *ioc;
	unsigned int id;
	mblk_t *mp;

	mp = lis_allocb(sizeof(union ioctypes), BPRI_HI, __FILE__, __LINE__);
	if (!mp)
		return NULL;
	mp->b_datap->db_type = M_IOCTL;
	memset(mp->b_rptr, 0, sizeof(union ioctypes));
	do
		id = (unsigned int)lis_atomic_add_return(1, &lis_ioc_ids);
	while (!id);
	ioc = (struct iocblk *)mp->b_rptr;
	ioc->ioc_cmd = (int)cmd;
	ioc->ioc_cr = &lis_kcred;
	ioc->ioc_id = id;
	ioc->ioc_flag = IOC_NATIVE;
	ioc->ioc_count = 0;
	mp->b_wptr = mp->b_rptr + sizeof(struct iocblk);
	return mp;
}
LIS_EXPORT(lis_mkiocb);
