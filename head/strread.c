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
		wake_up_interruptible_poll(&sh->rwait, EPOLLIN | EPOLLRDNORM | EPOLLRDBAND |
					   EPOLLPRI | EPOLLMSG | EPOLLHUP | EPOLLERR);
	if (writers && wq_has_sleeper(&sh->wwait))
		wake_up_interruptible_poll(&sh->wwait, EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND |
					   EPOLLHUP | EPOLLERR);
	if (readers && writers && wq_has_sleeper(&sh->iocwait))
		wake_up_interruptible(&sh->iocwait);	/* hangup or error: end waiting I_STRs */
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
	int band = (how & FLUSHBAND) && MBLKL(mp) >= 2 ? mp->b_rptr[1] : -1;

	if (how & FLUSHR) {
		if (band >= 0)
			flushband(q, band, FLUSHALL);
		else
			flushq(q, FLUSHALL);
	}
	if (how & FLUSHW) {
		if (band >= 0)
			flushband(WR(q), band, FLUSHALL);
		else
			flushq(WR(q), FLUSHALL);
		*mp->b_rptr &= ~FLUSHR;
		qreply(q, mp);	/* turned around: down the write side */
		return;
	}
	freemsg(mp);
}

#define LIS_NOERROR	0xff	/* M_ERROR byte meaning "leave this side's error as it is" */

/* M_ERROR: set (or clear with 0) the read and write errors, and flush the stream. */
static void lis_head_error(struct stdata *sd, mblk_t *mp)
{
	unsigned long flags;
	int rerr, werr, set;

	rerr = MBLKL(mp) >= 1 ? mp->b_rptr[0] : 0;
	werr = MBLKL(mp) >= 2 ? mp->b_rptr[1] : rerr;
	freemsg(mp);
	spin_lock_irqsave(&sd->sd_lock, flags);
	if (rerr != LIS_NOERROR) {
		sd->sd_rerror = rerr;
		sd->sd_flag = rerr ? sd->sd_flag | STR_RERR : sd->sd_flag & ~STR_RERR;
	}
	if (werr != LIS_NOERROR) {
		sd->sd_werror = werr;
		sd->sd_flag = werr ? sd->sd_flag | STR_WERR : sd->sd_flag & ~STR_WERR;
	}
	set = (rerr && rerr != LIS_NOERROR ? FLUSHR : 0) | (werr && werr != LIS_NOERROR ? FLUSHW : 0);
	spin_unlock_irqrestore(&sd->sd_lock, flags);
	if (set) {	/* flush the sides that went into error, and only those */
		if (set & FLUSHR)
			flushq(sd->sd_rq, FLUSHALL);
		putnextctl1(sd->sd_wq, M_FLUSH, set);
		lis_sendsig(sd, S_ERROR, 0);
	}
}

/* M_SETOPTS: options the module or driver below sets for the head. */
static void lis_head_setopts(queue_t *q, struct stdata *sd, mblk_t *mp)
{
	struct stroptions *so = (struct stroptions *)mp->b_rptr;
	unsigned int f, set = 0, clear = 0;
	unsigned char band;

	if (MBLKL(mp) < sizeof(*so)) {
		freemsg(mp);
		return;
	}
	f = so->so_flags;
	band = (f & SO_BAND) ? so->so_band : 0;
	if (f & SO_READOPT)
		WRITE_ONCE(sd->sd_rdopt, so->so_readopt & (RMODEMASK | RPROTMASK));
	if (f & SO_WROFF)
		WRITE_ONCE(sd->sd_wroff, so->so_wroff);
	if (f & SO_MINPSZ)
		strqset(q, QMINPSZ, 0, so->so_minpsz);
	if (f & SO_MAXPSZ)
		strqset(q, QMAXPSZ, 0, so->so_maxpsz);
	if (f & SO_HIWAT)
		strqset(q, QHIWAT, band, so->so_hiwat);
	if (f & SO_LOWAT)
		strqset(q, QLOWAT, band, so->so_lowat);
	if (f & SO_ERROPT)
		WRITE_ONCE(sd->sd_erropt, so->so_erropt & (RERRNONPERSIST | WERRNONPERSIST));
	set |= (f & SO_MREADON) ? STR_MREAD : 0;
	clear |= (f & SO_MREADOFF) ? STR_MREAD : 0;
	set |= (f & SO_NDELON) ? STR_NDELAY : 0;
	clear |= (f & SO_NDELOFF) ? STR_NDELAY : 0;
	set |= (f & SO_ISTTY) ? STR_ISTTY : 0;
	clear |= (f & SO_ISNTTY) ? STR_ISTTY : 0;
	set |= (f & SO_TOSTOP) ? STR_TOSTOP : 0;
	clear |= (f & SO_TONSTOP) ? STR_TOSTOP : 0;
	set |= (f & SO_DELIM) ? STR_DELIM : 0;
	clear |= (f & SO_NODELIM) ? STR_DELIM : 0;
	lis_head_setflag(sd, set, clear);
	freemsg(mp);
}

/* An M_SIG or M_PCSIG at the front: deliver its signal; SIGPOLL also means POLLMSG. */
static void lis_head_sigmsg(struct stdata *sd, mblk_t *mp)
{
	if (MBLKL(mp) >= 1) {
		lis_sig_msg(sd, *mp->b_rptr);
		if (*mp->b_rptr == SIGPOLL)
			lis_head_setflag(sd, STR_POLLMSG, 0);	/* POLLMSG until the next read */
	}
	freemsg(mp);
}

/**
 * lis_head_front_sigs() - deliver the M_SIG messages that reached the front of the read queue.
 * @sd: the stream
 *
 * Context: process, with the read mutex held (nobody else takes messages).
 */
void lis_head_front_sigs(struct stdata *sd)
{
	mblk_t *mp;

	while ((mp = READ_ONCE(sd->sd_rq->q_first)) && DB_TYPE(mp) == M_SIG) {
		mp = getq(sd->sd_rq);
		if (!mp)
			break;
		if (DB_TYPE(mp) != M_SIG) {
			putbq(sd->sd_rq, mp);
			break;
		}
		lis_head_sigmsg(sd, mp);
	}
}

/* Data arrived: queue it for readers and tell whoever registered for it. */
static void lis_head_data(queue_t *q, struct stdata *sd, mblk_t *mp)
{
	int hipri = DB_TYPE(mp) >= QPCTL, band = mp->b_band, ev;

	if ((READ_ONCE(sd->sd_flag) & STR_DELIM) && !hipri)
		mp->b_flag |= MSGDELIM;
	if (!putq(q, mp))
		freemsg(mp);
	lis_head_wake(sd, 1, 0);
	ev = hipri ? S_HIPRI : S_INPUT | (band ? S_RDBAND : S_RDNORM);
	lis_sendsig(sd, ev, band);
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
	case M_PASSFP:
		lis_head_data(q, sd, mp);
		return 0;
	case M_FLUSH:
		lis_head_flush(q, mp);
		return 0;
	case M_IOCACK:
	case M_IOCNAK:
	case M_COPYIN:
	case M_COPYOUT:
		lis_head_iocreply(sd, mp);
		return 0;
	case M_SETOPTS:
	case M_PCSETOPTS:
		lis_head_setopts(q, sd, mp);
		return 0;
	case M_SIG:
		if (READ_ONCE(q->q_first)) {	/* delivered when it reaches the front */
			if (!putq(q, mp))
				freemsg(mp);
			return 0;
		}
		lis_head_sigmsg(sd, mp);
		break;
	case M_PCSIG:
		lis_head_sigmsg(sd, mp);
		break;
	case M_HANGUP:
		freemsg(mp);
		lis_head_setflag(sd, STR_HUP, 0);
		lis_sendsig(sd, S_HANGUP, 0);
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

static int lis_poll_wrband(struct stdata *sd);
static int lis_bands_written(struct stdata *sd);

/* Write side put: nothing is put into the head's write queue from above it; pass it on. */
static int lis_strwput(queue_t *q, mblk_t *mp)
{
	putnext(q, mp);
	return 0;
}

/* Write side service: back-enabled when the stream below drains; wake blocked writers. */
static int lis_strwsrv(queue_t *q)
{
	struct stdata *sd = q->q_ptr;
	int ev = 0;

	lis_head_wake(sd, 0, 1);
	if (canputnext(q))
		ev |= S_OUTPUT;
	if (lis_bands_written(sd) && lis_poll_wrband(sd))
		ev |= S_WRBAND;
	if (ev)
		lis_sendsig(sd, ev, 0);
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

/* Send M_READ (the count the reader wants) downstream before sleeping, when SO_MREADON. */
static void lis_send_mread(struct stdata *sd, size_t count)
{
	mblk_t *mp = allocb(sizeof(long), BPRI_MED);

	if (!mp)
		return;
	mp->b_datap->db_type = M_READ;
	*(long *)mp->b_wptr = count;
	mp->b_wptr += sizeof(long);
	putnext(sd->sd_wq, mp);
}

/**
 * lis_take_error() - the read (@write 0) or write side's M_ERROR error, or 0.
 * @sd: the stream
 * @write: which side
 *
 * A non-persistent error (RERRNONPERSIST, WERRNONPERSIST) is cleared once reported.
 * Return: the positive errno, or 0. Context: any.
 */
int lis_take_error(struct stdata *sd, int write)
{
	unsigned int bit = write ? STR_WERR : STR_RERR;
	unsigned long flags;
	int err = 0;

	if (!(READ_ONCE(sd->sd_flag) & bit))
		return 0;
	spin_lock_irqsave(&sd->sd_lock, flags);
	if (sd->sd_flag & bit) {
		err = write ? sd->sd_werror : sd->sd_rerror;
		if (sd->sd_erropt & (write ? WERRNONPERSIST : RERRNONPERSIST))
			sd->sd_flag &= ~bit;
	}
	spin_unlock_irqrestore(&sd->sd_lock, flags);
	return err;
}

/* Wait for something to read. Return: 0 to look again, 1 at end of file, or a negative errno. */
static int lis_read_wait(struct stdata *sd, struct file *file, size_t count)
{
	unsigned int flag = READ_ONCE(sd->sd_flag);

	if (flag & STR_HUP)
		return 1;
	if (file->f_flags & O_NONBLOCK)
		return (flag & STR_NDELAY) ? 1 : -EAGAIN;	/* SO_NDELON: tty no-delay */
	if (flag & STR_MREAD)
		lis_send_mread(sd, count);
	if (wait_event_interruptible(lis_sh(sd)->rwait, lis_read_ready(sd)))
		return -ERESTARTSYS;
	return 0;
}

/*
 * Apply the protocol option to a message whose first block is M_PROTO/M_PCPROTO.
 * Return: the message to read from (NULL if nothing is left of it), or an ERR_PTR.
 */
static mblk_t *lis_read_proto(mblk_t *mp, int rdopt)
{
	mblk_t *b, *next;

	switch (rdopt & RPROTMASK) {
	case RPROTDAT:		/* the control part is read as data */
		for (b = mp; b; b = b->b_cont)
			b->b_datap->db_type = M_DATA;
		return mp;
	case RPROTDIS:		/* the control part is thrown away */
		while (mp && DB_TYPE(mp) != M_DATA) {
			next = mp->b_cont;
			freeb(mp);
			mp = next;
		}
		return mp;
	default:		/* RPROTNORM: read(2) cannot deliver it */
		return ERR_PTR(-EBADMSG);
	}
}

/*
 * read(2): RNORM reads data from as many queued messages as fit (stopping at a delimited
 * message's end), RMSGN and RMSGD at most one message (RMSGD drops what does not fit).
 * A zero-length message read first means end of file (RNORM) or an empty message.
 * Called with the read mutex held.
 */
static ssize_t lis_read_locked(struct stdata *sd, struct file *file, char __user *buf,
			       size_t count)
{
	int rdopt = READ_ONCE(sd->sd_rdopt), mode = rdopt & RMODEMASK, err, delim;
	queue_t *rq = sd->sd_rq;
	ssize_t copied = 0, n;
	mblk_t *mp, *pm;

	err = lis_take_error(sd, 0);
	if (err)
		return -err;	/* a read error comes before any queued data */
	for (;;) {
		mp = getq(rq);
		if (!mp) {
			if (copied)
				return copied;
			err = lis_take_error(sd, 0);
			if (err)
				return -err;
			err = lis_read_wait(sd, file, count);
			if (err)
				return err > 0 ? 0 : err;
			continue;
		}
		if (DB_TYPE(mp) == M_SIG) {
			lis_head_sigmsg(sd, mp);
			continue;
		}
		if (DB_TYPE(mp) == M_PROTO || DB_TYPE(mp) == M_PCPROTO) {
			pm = lis_read_proto(mp, rdopt);
			if (IS_ERR(pm)) {
				putbq(rq, mp);
				return copied ? copied : PTR_ERR(pm);
			}
			mp = pm;
			if (!mp)
				continue;	/* a control-only message, discarded */
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
			return 0;	/* zero-length message */
		}
		delim = mp->b_flag & MSGDELIM;
		n = lis_copyout_msg(&mp, buf + copied, count - copied);
		mp = lis_trim_empty(mp);
		if (mp && (!msgdsize(mp) || mode == RMSGD)) {
			freemsg(mp);	/* RMSGD: the rest of the message is discarded */
			mp = NULL;
		}
		if (mp)
			putbq(rq, mp);	/* the rest is read next time */
		if (n < 0)
			return copied ? copied : n;
		copied += n;
		if ((size_t)copied == count || mp || mode != RNORM || delim)
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
	if (READ_ONCE(sd->sd_flag) & STR_POLLMSG)
		lis_head_setflag(sd, 0, STR_POLLMSG);
	ret = lis_read_locked(sd, file, buf, count);
	lis_head_front_sigs(sd);
	mutex_unlock(&sh->rlock);
	return ret;
}

/* Input events from the first queued message: high priority, band, or normal data. */
static __poll_t lis_poll_input(struct stdata *sd)
{
	queue_t *rq = sd->sd_rq;
	unsigned long flags;
	__poll_t mask = 0;
	mblk_t *mp;

	spin_lock_irqsave(lis_qlock(rq), flags);
	mp = rq->q_first;
	if (mp && DB_TYPE(mp) == M_SIG) {
		mask = MBLKL(mp) >= 1 && *mp->b_rptr == SIGPOLL ? EPOLLMSG : 0;
		mp = mp->b_next;
	}
	if (mp && DB_TYPE(mp) >= QPCTL)
		mask |= EPOLLPRI;
	else if (mp && mp->b_band)
		mask |= EPOLLIN | EPOLLRDBAND;
	else if (mp)
		mask |= EPOLLIN | EPOLLRDNORM;
	spin_unlock_irqrestore(lis_qlock(rq), flags);
	return mask;
}

/* The first queue below the head with a service procedure (or the last): flow control's. */
static queue_t *lis_flow_queue(struct stdata *sd)
{
	queue_t *q = READ_ONCE(sd->sd_wq->q_next);

	while (q && !q->q_qinfo->qi_srvp && READ_ONCE(q->q_next))
		q = READ_ONCE(q->q_next);
	return q;
}

/* Has any priority band been written down this stream? */
static int lis_bands_written(struct stdata *sd)
{
	queue_t *q = lis_flow_queue(sd);

	return q && READ_ONCE(q->q_nband);
}

/* POLLWRBAND: every priority band already written below can take more (band 1 if none). */
static int lis_poll_wrband(struct stdata *sd)
{
	queue_t *q = lis_flow_queue(sd);
	int band, nband;

	nband = q ? READ_ONCE(q->q_nband) : 0;
	for (band = 1; band <= max(nband, 1); band++)
		if (!bcanputnext(sd->sd_wq, band))
			return 0;
	return 1;
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
	__poll_t mask;

	poll_wait(file, &sh->rwait, wait);
	poll_wait(file, &sh->wwait, wait);
	flag = READ_ONCE(sd->sd_flag);
	mask = lis_poll_input(sd);
	if (flag & STR_POLLMSG)
		mask |= EPOLLMSG;
	if (flag & STR_HUP) {
		mask |= EPOLLHUP;	/* never writable once hung up */
	} else {
		if (canputnext(sd->sd_wq))
			mask |= EPOLLOUT | EPOLLWRNORM;
		if (lis_poll_wrband(sd))
			mask |= EPOLLWRBAND;
	}
	if (flag & (STR_RERR | STR_WERR))
		mask |= EPOLLERR;
	return mask;
}
