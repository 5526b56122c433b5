// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Messages with a control part: putpmsg(2), getpmsg(2) and I_PEEK, reached through the head's
 * private ioctls I_LIS_PUTPMSG/I_LIS_GETPMSG (libstreams builds putmsg/getmsg on them).
 * A message's control part is its leading M_PROTO/M_PCPROTO blocks, its data part the M_DATA
 * blocks after them. Audience: head/.
 */
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include "head.h"

#define LIS_STRCTLSZ	4096	/* largest control part (strctlsz) */

static int lis_is_ctl(mblk_t *b)
{
	return DB_TYPE(b) != M_DATA;
}

/* Build one block of @type from @len user bytes at @ubuf. Return: the block or an ERR_PTR. */
static mblk_t *lis_block_from_user(const char __user *ubuf, int len, int type, int wroff)
{
	mblk_t *mp = allocb(len + wroff, BPRI_MED);

	if (!mp)
		return ERR_PTR(-ENOSR);
	mp->b_datap->db_type = type;
	mp->b_rptr += wroff;
	mp->b_wptr = mp->b_rptr;
	if (len && copy_from_user(mp->b_wptr, ubuf, len)) {
		freeb(mp);
		return ERR_PTR(-EFAULT);
	}
	mp->b_wptr += len;
	return mp;
}

/* Check a putpmsg request. Return: 0 or a negative errno. */
static int lis_putpmsg_check(struct stdata *sd, struct strpmsg *pm, int hasctl, int hasdata)
{
	queue_t *top = sd->sd_wq->q_next;
	ssize_t minpsz = READ_ONCE(top->q_minpsz), maxpsz = READ_ONCE(top->q_maxpsz);
	int len = hasdata ? pm->databuf.len : 0;

	if (pm->flags != MSG_HIPRI && pm->flags != MSG_BAND)
		return -EINVAL;
	if (pm->band < 0 || pm->band > 255 || (pm->flags == MSG_HIPRI && pm->band))
		return -EINVAL;
	if (pm->flags == MSG_HIPRI && !hasctl)
		return -EINVAL;
	if (hasctl && pm->ctlbuf.len > LIS_STRCTLSZ)
		return -ERANGE;
	if (len > LIS_STRMSGSZ || len < minpsz || (maxpsz != INFPSZ && len > maxpsz))
		return -ERANGE;
	return 0;
}

/* Wait until a message of @band may be sent. Return: 0 or a negative errno. */
static int lis_putpmsg_wait(struct stdata *sd, struct file *file, int band)
{
	unsigned int flag;

	int err;

	for (;;) {
		flag = READ_ONCE(sd->sd_flag);
		err = lis_take_error(sd, 1);
		if (err)
			return -err;
		if (flag & STR_HUP)
			return -ENXIO;
		if (bcanputnext(sd->sd_wq, band))
			return 0;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(lis_sh(sd)->wwait,
					     bcanputnext(sd->sd_wq, band) ||
					     (READ_ONCE(sd->sd_flag) & (STR_HUP | STR_WERR))))
			return -ERESTARTSYS;
	}
}

/**
 * lis_strputpmsg() - putpmsg(2): send a message with a control and/or a data part.
 * @sd: the stream
 * @file: the open file
 * @pm: the request (user buffers; flags MSG_HIPRI or MSG_BAND)
 *
 * Return: 0 or a negative errno. Context: process; may sleep.
 */
int lis_strputpmsg(struct stdata *sd, struct file *file, struct strpmsg *pm)
{
	return lis_putpmsg_insert(sd, file, pm, -1, NULL);
}

/**
 * lis_putpmsg_insert() - putpmsg, optionally storing @ptr at @offset of the control part.
 * @sd: the stream
 * @file: the open file
 * @pm: the request
 * @offset: where @ptr goes in the control part, or -1 for none (checked by the caller)
 * @ptr: the pointer I_FDINSERT stores
 *
 * Return: 0 or a negative errno. Context: process; may sleep.
 */
int lis_putpmsg_insert(struct stdata *sd, struct file *file, struct strpmsg *pm, int offset,
		       void *ptr)
{
	int hasctl = pm->ctlbuf.len >= 0, hasdata = pm->databuf.len >= 0;
	mblk_t *mp = NULL, *dp = NULL;
	int err;

	err = lis_putpmsg_check(sd, pm, hasctl, hasdata);
	if (err)
		return err;
	if (!hasctl && !hasdata)
		return 0;	/* nothing to send */
	if (pm->flags != MSG_HIPRI) {
		err = lis_putpmsg_wait(sd, file, pm->band);
		if (err)
			return err;
	} else {
		err = lis_take_error(sd, 1);
		if (err)
			return -err;
		if (READ_ONCE(sd->sd_flag) & STR_HUP)
			return -ENXIO;
	}
	if (hasctl) {
		mp = lis_block_from_user((const char __user *)pm->ctlbuf.buf, pm->ctlbuf.len,
					 pm->flags == MSG_HIPRI ? M_PCPROTO : M_PROTO,
					 READ_ONCE(sd->sd_wroff));
		if (IS_ERR(mp))
			return PTR_ERR(mp);
		if (offset >= 0)
			memcpy(mp->b_rptr + offset, &ptr, sizeof(ptr));
	}
	if (hasdata && (pm->databuf.len > 0 || !hasctl)) {
		dp = lis_block_from_user((const char __user *)pm->databuf.buf, pm->databuf.len, M_DATA,
					 hasctl ? 0 : READ_ONCE(sd->sd_wroff));
		if (IS_ERR(dp)) {
			freemsg(mp);
			return PTR_ERR(dp);
		}
	}
	if (mp)
		mp->b_cont = dp;
	else
		mp = dp;
	mp->b_band = pm->band;
	putnext(sd->sd_wq, mp);
	return 0;
}

/*
 * Copy one part of *@mpp (the leading blocks for which @ctl says "control" or "data") to @sb.
 * Copied blocks are freed; *@mpp is left at what remains. Sets sb->len.
 * Return: 1 if bytes of that part remain, 0 if not, -EFAULT.
 */
static int lis_copyout_part(mblk_t **mpp, struct strbuf *sb, int ctl, int present)
{
	mblk_t *mp = *mpp, *next;
	int done = 0, n;

	if (!present) {
		sb->len = -1;
		return 0;
	}
	if (sb->maxlen < 0 || !sb->buf) {
		sb->len = -1;
		return 1;	/* not retrieved: left on the queue */
	}
	while (mp && lis_is_ctl(mp) == ctl) {
		n = min_t(int, MBLKL(mp), sb->maxlen - done);
		if (n && copy_to_user((char __user *)sb->buf + done, mp->b_rptr, n))
			return -EFAULT;
		mp->b_rptr += n;
		done += n;
		if (mp->b_rptr < mp->b_wptr)
			break;
		next = mp->b_cont;
		freeb(mp);
		mp = next;
	}
	*mpp = mp;
	sb->len = done;
	return mp && lis_is_ctl(mp) == ctl;
}

/* Does the first queued message satisfy getpmsg's flags and band? Called with rlock held. */
static int lis_getpmsg_match(struct stdata *sd, int flags, int band)
{
	mblk_t *mp = READ_ONCE(sd->sd_rq->q_first);

	if (!mp)
		return 0;
	if (DB_TYPE(mp) >= QPCTL)
		return 1;
	if (flags == MSG_HIPRI)
		return 0;
	return flags == MSG_ANY || mp->b_band >= band;
}

static int lis_getpmsg_ready(struct stdata *sd, int flags, int band)
{
	return lis_getpmsg_match(sd, flags, band) ||
	       (READ_ONCE(sd->sd_flag) & (STR_HUP | STR_RERR));
}

/* Wait for a matching message and dequeue it. Return: the message, NULL at hangup, ERR_PTR. */
static mblk_t *lis_getpmsg_take(struct stdata *sd, struct file *file, int flags, int band)
{
	unsigned int flag;
	int err;

	for (;;) {
		err = lis_take_error(sd, 0);
		if (err)
			return ERR_PTR(-err);
		if (lis_getpmsg_match(sd, flags, band))
			return getq(sd->sd_rq);
		flag = READ_ONCE(sd->sd_flag);
		if (flag & STR_HUP)
			return NULL;
		if (file->f_flags & O_NONBLOCK)
			return ERR_PTR(-EAGAIN);
		if (wait_event_interruptible(lis_sh(sd)->rwait, lis_getpmsg_ready(sd, flags, band)))
			return ERR_PTR(-ERESTARTSYS);
	}
}

/* Put back what getpmsg left of @mp; a data remainder of a control message becomes M_DATA. */
static void lis_getpmsg_putback(struct stdata *sd, mblk_t *rest, int band)
{
	if (!rest)
		return;
	rest->b_band = band;
	putbq(sd->sd_rq, rest);
}

static int lis_getpmsg_locked(struct stdata *sd, struct file *file, struct strpmsg *pm)
{
	int flags = pm->flags, ret = 0, more, band;
	mblk_t *mp, *b, *ctl, *data;

	if (flags != MSG_HIPRI && flags != MSG_ANY && flags != MSG_BAND)
		return -EINVAL;
	if (flags == MSG_BAND && (pm->band < 0 || pm->band > 255))
		return -EINVAL;
	if (flags == MSG_HIPRI && pm->band)
		return -EINVAL;	/* high priority messages have no band */
	mp = lis_getpmsg_take(sd, file, flags, pm->band);
	if (IS_ERR(mp))
		return PTR_ERR(mp);
	if (!mp) {	/* hung up, nothing queued: end of file */
		pm->ctlbuf.len = 0;
		pm->databuf.len = 0;
		pm->band = 0;
		pm->flags = 0;
		return 0;
	}
	if (DB_TYPE(mp) != M_DATA && DB_TYPE(mp) != M_PROTO && DB_TYPE(mp) != M_PCPROTO) {
		putbq(sd->sd_rq, mp);
		return -EBADMSG;
	}
	band = mp->b_band;
	pm->flags = DB_TYPE(mp) >= QPCTL ? MSG_HIPRI : MSG_BAND;
	pm->band = band;
	/* the two parts are retrieved independently: split the message between them */
	ctl = lis_is_ctl(mp) ? mp : NULL;
	data = mp;
	for (b = mp; ctl && b; b = b->b_cont) {
		if (!b->b_cont || !lis_is_ctl(b->b_cont)) {
			data = b->b_cont;
			b->b_cont = NULL;
			break;
		}
	}
	more = lis_copyout_part(&ctl, &pm->ctlbuf, 1, ctl != NULL);
	if (more >= 0) {
		ret |= more ? MORECTL : 0;
		more = lis_copyout_part(&data, &pm->databuf, 0, data != NULL);
		ret |= more > 0 ? MOREDATA : 0;
	}
	if (ctl) {	/* what is left: the rest of the control part, then of the data */
		for (b = ctl; b->b_cont; b = b->b_cont)
			;
		b->b_cont = data;
		data = ctl;
	}
	lis_getpmsg_putback(sd, data, band);
	return more < 0 ? -EFAULT : ret;
}

/**
 * lis_strgetpmsg() - getpmsg(2): receive the next message's control and data parts.
 * @sd: the stream
 * @file: the open file
 * @pm: in: user buffers, flags (MSG_HIPRI, MSG_ANY, MSG_BAND) and band; out: lengths, the
 *	message's band and flags
 *
 * Return: 0, MORECTL and/or MOREDATA, or a negative errno. Context: process; may sleep.
 */
int lis_strgetpmsg(struct stdata *sd, struct file *file, struct strpmsg *pm)
{
	struct lis_strhead *sh = lis_sh(sd);
	int ret;

	if (mutex_lock_interruptible(&sh->rlock))
		return -ERESTARTSYS;
	if (READ_ONCE(sd->sd_flag) & STR_POLLMSG) {
		unsigned long flags;

		spin_lock_irqsave(&sd->sd_lock, flags);
		sd->sd_flag &= ~STR_POLLMSG;
		spin_unlock_irqrestore(&sd->sd_lock, flags);
	}
	lis_head_front_sigs(sd);
	ret = lis_getpmsg_locked(sd, file, pm);
	lis_head_front_sigs(sd);
	mutex_unlock(&sh->rlock);
	return ret;
}

/* Does @mp have a control (@ctl) or data part? */
static int lis_has_part(mblk_t *mp, int ctl)
{
	for (; mp; mp = mp->b_cont)
		if (lis_is_ctl(mp) == ctl)
			return 1;
	return 0;
}

/* Copy one part of @mp to user space without consuming it. Return: bytes or -EFAULT. */
static int lis_peek_part(mblk_t *mp, struct strbuf *sb, int ctl)
{
	int done = 0, n;

	if (sb->maxlen < 0 || !sb->buf) {
		sb->len = -1;
		return 0;
	}
	for (; mp && done < sb->maxlen; mp = mp->b_cont) {
		if (lis_is_ctl(mp) != ctl)
			continue;
		n = min_t(int, MBLKL(mp), sb->maxlen - done);
		if (copy_to_user((char __user *)sb->buf + done, mp->b_rptr, n))
			return -EFAULT;
		done += n;
	}
	sb->len = done;
	return done;
}

/**
 * lis_strpeek() - I_PEEK: copy the first queued message without removing it.
 * @sd: the stream
 * @sp: the caller's struct strpeek, in the kernel; lengths and flags are updated
 *
 * Return: 1 if a message was copied, 0 if none matched, or a negative errno.
 * Context: process; may sleep.
 */
long lis_strpeek(struct stdata *sd, struct strpeek *sp)
{
	struct lis_strhead *sh = lis_sh(sd);
	mblk_t *mp;
	int ret = 0;

	if (sp->flags & ~(unsigned long)RS_HIPRI)
		return -EINVAL;
	if (mutex_lock_interruptible(&sh->rlock))
		return -ERESTARTSYS;
	/* With the read lock held nobody else removes messages: take the first and put it back. */
	mp = getq(sd->sd_rq);
	if (mp && (sp->flags & RS_HIPRI) && DB_TYPE(mp) < QPCTL) {
		putbq(sd->sd_rq, mp);
		mp = NULL;
	}
	if (mp) {
		sp->flags = DB_TYPE(mp) >= QPCTL ? RS_HIPRI : 0;
		if (lis_peek_part(mp, &sp->ctlbuf, 1) < 0 || lis_peek_part(mp, &sp->databuf, 0) < 0)
			ret = -EFAULT;
		else
			ret = 1;
		if (ret == 1 && !lis_has_part(mp, 1))
			sp->ctlbuf.len = -1;	/* no control part */
		if (ret == 1 && !lis_has_part(mp, 0))
			sp->databuf.len = -1;	/* no data part */
		putbq(sd->sd_rq, mp);
	}
	mutex_unlock(&sh->rlock);
	return ret;
}
