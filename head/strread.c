// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stream head's read side: its read put procedure (messages arriving from below), read(2)
 * and poll(2). Audience: head/.
 */
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include "head.h"

/**
 * lis_head_wake() - wake readers and/or writers (and pollers) of @sd.
 * @sd: the stream
 * @readers: wake readers and input pollers
 * @writers: wake writers and output pollers
 *
 * Context: any; never sleeps. Callers decide whom to wake under their lock and call this after.
 */
void lis_head_wake(struct stdata *sd, int readers, int writers)
{
	struct lis_strhead *sh = lis_sh(sd);

	if (readers && wq_has_sleeper(&sh->rwait))
		wake_up_interruptible_poll(&sh->rwait, EPOLLIN | EPOLLRDNORM | EPOLLHUP | EPOLLERR);
	if (writers && wq_has_sleeper(&sh->wwait))
		wake_up_interruptible_poll(&sh->wwait, EPOLLOUT | EPOLLWRNORM | EPOLLHUP | EPOLLERR);
}

static void lis_head_setflag(struct stdata *sd, unsigned int set, unsigned int clear)
{
	unsigned long flags;

	spin_lock_irqsave(&sd->sd_lock, flags);
	sd->sd_flag = (sd->sd_flag | set) & ~clear;
	spin_unlock_irqrestore(&sd->sd_lock, flags);
}

static void lis_head_flush(queue_t *q, mblk_t *mp)
{
	unsigned char how = *mp->b_rptr;

	if (how & FLUSHR)
		flushq(q, FLUSHALL);
	if (how & FLUSHW) {
		flushq(WR(q), FLUSHALL);
		*mp->b_rptr &= ~FLUSHR;
		qreply(q, mp);	/* turned around: down the write side */
		return;
	}
	freemsg(mp);
}

static void lis_head_error(struct stdata *sd, mblk_t *mp)
{
	unsigned long flags;
	int rerr = 0, werr = 0;

	if (MBLKL(mp) >= 1)
		rerr = werr = mp->b_rptr[0];
	if (MBLKL(mp) >= 2)
		werr = mp->b_rptr[1];
	spin_lock_irqsave(&sd->sd_lock, flags);
	sd->sd_rerror = rerr;
	sd->sd_werror = werr;
	sd->sd_flag = (sd->sd_flag & ~(STR_RERR | STR_WERR)) | (rerr ? STR_RERR : 0) |
		      (werr ? STR_WERR : 0);
	spin_unlock_irqrestore(&sd->sd_lock, flags);
	freemsg(mp);
}

/*
 * The head's read put procedure: data is queued for readers, control messages act on the head.
 * Context: any (called by putnext from below); never sleeps.
 */
static int lis_strrput(queue_t *q, mblk_t *mp)
{
	struct stdata *sd = q->q_ptr;

	switch (DB_TYPE(mp)) {
	case M_DATA:
	case M_PROTO:
	case M_PCPROTO:
		if (!putq(q, mp))
			freemsg(mp);
		lis_head_wake(sd, 1, 0);
		return 0;
	case M_FLUSH:
		lis_head_flush(q, mp);
		return 0;
	case M_HANGUP:
		freemsg(mp);
		lis_head_setflag(sd, STR_HUP, 0);
		break;
	case M_UNHANGUP:
		freemsg(mp);
		lis_head_setflag(sd, 0, STR_HUP);
		break;
	case M_ERROR:
		lis_head_error(sd, mp);
		break;
	default:
		freemsg(mp);
		return 0;
	}
	lis_head_wake(sd, 1, 1);
	return 0;
}

/* Write side put: nothing is put into the head's write queue from above it; pass it on. */
static int lis_strwput(queue_t *q, mblk_t *mp)
{
	putnext(q, mp);
	return 0;
}

/* Write side service: back-enabled when the stream below drains; wake blocked writers. */
static int lis_strwsrv(queue_t *q)
{
	lis_head_wake(q->q_ptr, 0, 1);
	return 0;
}

static struct module_info lis_head_minfo = {
	.mi_idnum = 0,
	.mi_idname = "strhead",
	.mi_minpsz = 0,
	.mi_maxpsz = INFPSZ,
	.mi_hiwat = LIS_HEAD_HIWAT,
	.mi_lowat = LIS_HEAD_LOWAT,
};

struct qinit lis_head_rinit = {
	.qi_putp = lis_strrput,
	.qi_minfo = &lis_head_minfo,
};

struct qinit lis_head_winit = {
	.qi_putp = lis_strwput,
	.qi_srvp = lis_strwsrv,
	.qi_minfo = &lis_head_minfo,
};

static int lis_read_ready(struct stdata *sd)
{
	return READ_ONCE(sd->sd_rq->q_first) ||
	       (READ_ONCE(sd->sd_flag) & (STR_HUP | STR_RERR));
}

/*
 * Copy the data of @mp to user space, at most @count bytes. Fully copied leading blocks are
 * freed; *@mpp is left pointing at the rest (NULL when all was copied).
 * Return: bytes copied, or -EFAULT if nothing could be copied.
 */
static ssize_t lis_copyout_msg(mblk_t **mpp, char __user *buf, size_t count)
{
	mblk_t *mp = *mpp, *next;
	size_t done = 0, n;

	while (mp && done < count) {
		n = min_t(size_t, MBLKL(mp), count - done);
		if (copy_to_user(buf + done, mp->b_rptr, n))
			break;
		mp->b_rptr += n;
		done += n;
		if (mp->b_rptr < mp->b_wptr)
			break;
		next = mp->b_cont;
		freeb(mp);
		mp = next;
	}
	*mpp = mp;
	if (!done && count && mp && MBLKL(mp))
		return -EFAULT;
	return done;
}

/* Skip empty leading blocks; NULL if the message holds no data at all any more. */
static mblk_t *lis_trim_empty(mblk_t *mp)
{
	mblk_t *next;

	while (mp && mp->b_rptr >= mp->b_wptr && mp->b_cont) {
		next = mp->b_cont;
		freeb(mp);
		mp = next;
	}
	return mp;
}

/*
 * Byte-stream read (RNORM): data from as many messages as are queued, up to @count; a
 * zero-length message read first is end of file. Called with the read mutex held.
 */
static ssize_t lis_read_locked(struct stdata *sd, struct file *file, char __user *buf,
			       size_t count)
{
	struct lis_strhead *sh = lis_sh(sd);
	queue_t *rq = sd->sd_rq;
	ssize_t copied = 0, n;
	mblk_t *mp;

	for (;;) {
		mp = getq(rq);
		if (!mp) {
			if (copied)
				return copied;
			if (READ_ONCE(sd->sd_flag) & STR_RERR)
				return -READ_ONCE(sd->sd_rerror);
			if (READ_ONCE(sd->sd_flag) & STR_HUP)
				return 0;
			if (file->f_flags & O_NONBLOCK)
				return -EAGAIN;
			if (wait_event_interruptible(sh->rwait, lis_read_ready(sd)))
				return -ERESTARTSYS;
			continue;
		}
		if (DB_TYPE(mp) != M_DATA) {
			putbq(rq, mp);
			return copied ? copied : -EBADMSG;
		}
		if (!msgdsize(mp)) {
			if (copied) {
				putbq(rq, mp);
				return copied;
			}
			freemsg(mp);
			return 0;	/* zero-length message: end of file */
		}
		n = lis_copyout_msg(&mp, buf + copied, count - copied);
		mp = lis_trim_empty(mp);
		if (mp && !msgdsize(mp)) {
			freemsg(mp);
			mp = NULL;
		}
		if (mp)
			putbq(rq, mp);	/* the rest is read next time */
		if (n < 0)
			return copied ? copied : n;
		copied += n;
		if ((size_t)copied == count || mp)
			return copied;
	}
}

/**
 * lis_strread() - read(2) on a stream.
 * @sd: the stream
 * @file: the open file
 * @buf: user buffer
 * @count: its size
 *
 * Return: bytes read or a negative errno. Context: process; may sleep.
 */
ssize_t lis_strread(struct stdata *sd, struct file *file, char __user *buf, size_t count)
{
	struct lis_strhead *sh = lis_sh(sd);
	ssize_t ret;

	if (mutex_lock_interruptible(&sh->rlock))
		return -ERESTARTSYS;
	ret = lis_read_locked(sd, file, buf, count);
	mutex_unlock(&sh->rlock);
	return ret;
}

/**
 * lis_strpoll() - poll(2) on a stream.
 * @sd: the stream
 * @file: the open file
 * @wait: the poll table
 *
 * Return: the events ready. Context: process.
 */
__poll_t lis_strpoll(struct stdata *sd, struct file *file, poll_table *wait)
{
	struct lis_strhead *sh = lis_sh(sd);
	unsigned int flag;
	__poll_t mask = 0;

	poll_wait(file, &sh->rwait, wait);
	poll_wait(file, &sh->wwait, wait);
	flag = READ_ONCE(sd->sd_flag);
	if (READ_ONCE(sd->sd_rq->q_first))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (flag & STR_HUP)
		mask |= EPOLLHUP;
	else if (canputnext(sd->sd_wq))
		mask |= EPOLLOUT | EPOLLWRNORM;
	if (flag & (STR_RERR | STR_WERR))
		mask |= EPOLLERR;
	return mask;
}
