// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stream head's ioctl(2): the streamio(7I) commands it answers itself, I_STR, and every
 * other command sent down as a transparent ioctl (M_IOCTL with M_COPYIN/M_COPYOUT/M_IOCDATA).
 * One M_IOCTL is outstanding per stream at a time. Audience: head/.
 */
#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include "head.h"

#define LIS_IOC_DEFTIME	15	/* I_STR default timeout, seconds (SVR4) */

/* ---------------------------------------------------------------- the ioctl round trip */

/* Take the stream's ioctl slot if free; true when taken or when waiting is pointless. */
static int lis_ioc_take_slot(struct stdata *sd, int *taken)
{
	unsigned long flags;
	int done;

	spin_lock_irqsave(&sd->sd_lock, flags);
	if (!(sd->sd_flag & STR_IOCBUSY)) {
		sd->sd_flag |= STR_IOCBUSY;
		*taken = 1;
	}
	done = *taken || (sd->sd_flag & STR_HUP);
	spin_unlock_irqrestore(&sd->sd_lock, flags);
	return done;
}

static void lis_ioc_release_slot(struct stdata *sd)
{
	struct lis_strhead *sh = lis_sh(sd);
	unsigned long flags;
	mblk_t *stale;

	spin_lock_irqsave(&sd->sd_lock, flags);
	sd->sd_flag &= ~STR_IOCBUSY;
	stale = sh->iocreply;
	sh->iocreply = NULL;
	spin_unlock_irqrestore(&sd->sd_lock, flags);
	freemsg(stale);
	wake_up_interruptible(&sh->iocwait);
}

static mblk_t *lis_ioc_take_reply(struct stdata *sd)
{
	struct lis_strhead *sh = lis_sh(sd);
	unsigned long flags;
	mblk_t *mp;

	spin_lock_irqsave(&sd->sd_lock, flags);
	mp = sh->iocreply;
	sh->iocreply = NULL;
	spin_unlock_irqrestore(&sd->sd_lock, flags);
	return mp;
}

static int lis_ioc_ready(struct stdata *sd)
{
	return READ_ONCE(lis_sh(sd)->iocreply) ||
	       (READ_ONCE(sd->sd_flag) & (STR_HUP | STR_RERR | STR_WERR));
}

/**
 * lis_head_iocreply() - an ioctl reply arrived at the head's read queue.
 * @sd: the stream
 * @mp: M_IOCACK, M_IOCNAK, M_COPYIN or M_COPYOUT
 *
 * The reply is kept for the waiting caller if its id matches the outstanding M_IOCTL;
 * otherwise (late, or nobody waiting) it is freed.
 * Return: 1 if kept. Context: any; never sleeps.
 */
int lis_head_iocreply(struct stdata *sd, mblk_t *mp)
{
	struct lis_strhead *sh = lis_sh(sd);
	struct iocblk *ioc = (struct iocblk *)mp->b_rptr;
	unsigned long flags;
	int kept = 0;

	if (MBLKL(mp) >= sizeof(struct iocblk) - sizeof(int)) {
		spin_lock_irqsave(&sd->sd_lock, flags);
		if ((sd->sd_flag & STR_IOCBUSY) && !sh->iocreply && ioc->ioc_id == sh->iocid) {
			sh->iocreply = mp;
			kept = 1;
		}
		spin_unlock_irqrestore(&sd->sd_lock, flags);
	}
	if (kept)
		wake_up_interruptible(&sh->iocwait);
	else
		freemsg(mp);
	return kept;
}

/* The error an ioctl gets from a hung-up stream or one with an M_ERROR error set, or 0. */
static int lis_ioc_stream_error(struct stdata *sd)
{
	unsigned int flag = READ_ONCE(sd->sd_flag);

	if (flag & STR_HUP)
		return -ENXIO;
	if (flag & (STR_RERR | STR_WERR))
		return -(READ_ONCE(sd->sd_werror) ?: READ_ONCE(sd->sd_rerror));
	return 0;
}

/* Copy data in or out for M_COPYIN/M_COPYOUT and answer with M_IOCDATA. Return: 0 or -EFAULT. */
static int lis_ioc_copy(struct stdata *sd, mblk_t *mp)
{
	struct copyreq *cq = (struct copyreq *)mp->b_rptr;
	struct copyresp *cp = (struct copyresp *)mp->b_rptr;
	char __user *uaddr = (char __user *)cq->cq_addr;
	size_t size = cq->cq_size, off = 0, n;
	mblk_t *data = NULL, *b;
	int err = 0;

	if (MBLKSIZE(mp) < sizeof(*cq) || size > LIS_STRMSGSZ) {
		err = size > LIS_STRMSGSZ ? EINVAL : EPROTO;
	} else if (DB_TYPE(mp) == M_COPYIN) {
		data = allocb(size, BPRI_MED);
		if (!data)
			err = ENOSR;
		else if (copy_from_user(data->b_wptr, uaddr, size))
			err = EFAULT;
		else
			data->b_wptr += size;
	} else {
		for (b = mp->b_cont; b && off < size && !err; b = b->b_cont, off += n) {
			n = min_t(size_t, MBLKL(b), size - off);
			if (copy_to_user(uaddr + off, b->b_rptr, n))
				err = EFAULT;
		}
	}
	freemsg(mp->b_cont);
	if (err) {
		freemsg(data);
		data = NULL;
	}
	mp->b_cont = data;
	cp->cp_rval = (caddr_t)(long)err;
	mp->b_datap->db_type = M_IOCDATA;
	mp->b_wptr = mp->b_rptr + sizeof(*cp);
	putnext(sd->sd_wq, mp);
	return err ? -err : 0;
}

/* Send @mp (an M_IOCTL) and wait for the final reply; copy requests are served on the way. */
static int lis_ioc_wait(struct stdata *sd, long timeout, mblk_t **replyp)
{
	struct lis_strhead *sh = lis_sh(sd);
	mblk_t *mp;
	long left;
	int err;

	for (left = timeout;;) {
		left = wait_event_interruptible_timeout(sh->iocwait, lis_ioc_ready(sd), left);
		if (left < 0)
			return -EINTR;
		mp = lis_ioc_take_reply(sd);
		if (!mp) {
			err = lis_ioc_stream_error(sd);
			if (err)
				return err;
			if (!left)
				return -ETIME;
			continue;
		}
		if (DB_TYPE(mp) == M_IOCACK || DB_TYPE(mp) == M_IOCNAK) {
			*replyp = mp;
			return 0;
		}
		err = lis_ioc_copy(sd, mp);
		if (err)
			return err;
	}
}

/**
 * lis_ioc_roundtrip() - send an M_IOCTL down the stream and wait for its answer.
 * @sd: the stream
 * @cmd: the ioctl command
 * @timeout: how long to wait for the answer, in jiffies (MAX_SCHEDULE_TIMEOUT: forever)
 * @data: the data part (I_STR), or the user argument block (transparent); consumed
 * @transparent: send ioc_count TRANSPARENT and serve M_COPYIN/M_COPYOUT
 * @rval: the answer's ioc_rval
 * @replyp: if not NULL, the M_IOCACK is returned here (the caller frees it)
 *
 * Return: 0, the M_IOCNAK's error negated, -ETIME, -EINTR, -ENXIO (hung up), -ENOSR.
 * Context: process; may sleep.
 */
int lis_ioc_roundtrip(struct stdata *sd, int cmd, long timeout, mblk_t *data, int transparent,
		      int *rval, mblk_t **replyp)
{
	struct lis_strhead *sh = lis_sh(sd);
	struct iocblk *ioc;
	mblk_t *mp, *reply = NULL;
	unsigned long flags;
	int err, taken = 0;

	if (wait_event_interruptible(sh->iocwait, lis_ioc_take_slot(sd, &taken))) {
		freemsg(data);
		return -EINTR;
	}
	err = lis_ioc_stream_error(sd);
	if (!taken || err) {
		freemsg(data);
		if (taken)
			lis_ioc_release_slot(sd);
		return err ? err : -ENXIO;
	}
	mp = mkiocb(cmd);
	if (!mp) {
		freemsg(data);
		lis_ioc_release_slot(sd);
		return -ENOSR;
	}
	ioc = (struct iocblk *)mp->b_rptr;
	ioc->ioc_count = transparent ? TRANSPARENT : (data ? msgdsize(data) : 0);
	ioc->ioc_flag = in_compat_syscall() ? IOC_ILP32 : IOC_NATIVE;
	lis_fill_cred(&sh->ioccred);
	ioc->ioc_cr = &sh->ioccred;
	mp->b_cont = data;
	spin_lock_irqsave(&sd->sd_lock, flags);
	sh->iocid = ioc->ioc_id;
	spin_unlock_irqrestore(&sd->sd_lock, flags);
	putnext(sd->sd_wq, mp);

	err = lis_ioc_wait(sd, timeout, &reply);
	lis_ioc_release_slot(sd);
	if (err)
		return err;
	ioc = (struct iocblk *)reply->b_rptr;
	if (DB_TYPE(reply) == M_IOCNAK) {
		err = ioc->ioc_error ? -ioc->ioc_error : -EINVAL;
	} else {
		err = ioc->ioc_error ? -ioc->ioc_error : 0;
		*rval = ioc->ioc_rval;
	}
	if (replyp && !err)
		*replyp = reply;
	else
		freemsg(reply);
	return err;
}

/* ---------------------------------------------------------------- I_STR and transparent */

/**
 * lis_i_str() - I_STR with the caller's struct strioctl already in the kernel.
 * @sd: the stream
 * @sio: the request; ic_len is updated to the length of the answer's data
 *
 * Return: the answer's ioc_rval or a negative errno. Context: process; may sleep.
 */
long lis_i_str(struct stdata *sd, struct strioctl *sio)
{
	mblk_t *data = NULL, *reply = NULL, *b;
	size_t n, k, off = 0;
	long timeout;
	int err, rval = 0;

	if (sio->ic_len < 0 || sio->ic_len > LIS_STRMSGSZ || sio->ic_timout < INFTIM)
		return -EINVAL;
	if (sio->ic_len > 0) {
		data = allocb(sio->ic_len, BPRI_MED);
		if (!data)
			return -ENOSR;
		if (copy_from_user(data->b_wptr, (void __user *)sio->ic_dp, sio->ic_len)) {
			freemsg(data);
			return -EFAULT;
		}
		data->b_wptr += sio->ic_len;
	}
	timeout = sio->ic_timout == INFTIM ? MAX_SCHEDULE_TIMEOUT :
		  (long)(sio->ic_timout ?: LIS_IOC_DEFTIME) * HZ;
	err = lis_ioc_roundtrip(sd, sio->ic_cmd, timeout, data, 0, &rval, &reply);
	if (err)
		return err;
	/* the answer's data (ioc_count bytes) goes back into the caller's buffer */
	n = min_t(size_t, ((struct iocblk *)reply->b_rptr)->ioc_count, LIS_STRMSGSZ);
	for (b = reply->b_cont; b && off < n; b = b->b_cont, off += k) {
		k = min_t(size_t, MBLKL(b), n - off);
		if (copy_to_user((char __user *)sio->ic_dp + off, b->b_rptr, k)) {
			freemsg(reply);
			return -EFAULT;
		}
	}
	freemsg(reply);
	sio->ic_len = off;
	return rval;
}

static long lis_i_str_native(struct stdata *sd, unsigned long arg)
{
	struct strioctl __user *usio = (struct strioctl __user *)arg;
	struct strioctl sio;
	long ret;

	if (copy_from_user(&sio, usio, sizeof(sio)))
		return -EFAULT;
	ret = lis_i_str(sd, &sio);
	if (ret >= 0 && put_user(sio.ic_len, &usio->ic_len))
		return -EFAULT;
	return ret;
}

static long lis_transparent(struct stdata *sd, unsigned int cmd, unsigned long arg)
{
	mblk_t *data;
	int err, rval = 0;

	data = allocb(sizeof(caddr_t), BPRI_MED);
	if (!data)
		return -ENOSR;
	*(caddr_t *)data->b_wptr = (caddr_t)arg;
	data->b_wptr += sizeof(caddr_t);
	err = lis_ioc_roundtrip(sd, cmd, MAX_SCHEDULE_TIMEOUT, data, 1, &rval, NULL);
	if (err == -EINVAL && cmd >> 8 != 'S')
		return -ENOTTY;	/* nobody below knew the command */
	return err ? err : rval;
}

/* ---------------------------------------------------------------- commands the head answers */

static int lis_i_flush(struct stdata *sd, int how, int band, int useband)
{
	mblk_t *mp;

	if (!how || (how & ~FLUSHRW))
		return -EINVAL;
	if (READ_ONCE(sd->sd_flag) & STR_HUP)
		return -ENXIO;
	mp = allocb(2, BPRI_HI);
	if (!mp)
		return -ENOSR;
	mp->b_datap->db_type = M_FLUSH;
	*mp->b_wptr++ = how | (useband ? FLUSHBAND : 0);
	*mp->b_wptr++ = band;
	if (how & FLUSHR) {
		if (useband)
			flushband(sd->sd_rq, band, FLUSHALL);
		else
			flushq(sd->sd_rq, FLUSHALL);
	}
	putnext(sd->sd_wq, mp);
	return 0;
}

static long lis_i_nread(struct stdata *sd, unsigned long arg)
{
	queue_t *rq = sd->sd_rq;
	unsigned long flags;
	int bytes = 0, msgs;

	spin_lock_irqsave(lis_qlock(rq), flags);
	msgs = rq->q_msgs;
	if (rq->q_first)
		bytes = msgdsize(rq->q_first);
	spin_unlock_irqrestore(lis_qlock(rq), flags);
	if (put_user(bytes, (int __user *)arg))
		return -EFAULT;
	return msgs;
}

static long lis_i_band(struct stdata *sd, unsigned int cmd, unsigned long arg)
{
	queue_t *rq = sd->sd_rq;
	unsigned long flags;
	mblk_t *mp;
	int ret = 0;

	if (cmd == I_CKBAND && arg > 255)
		return -EINVAL;
	spin_lock_irqsave(lis_qlock(rq), flags);
	mp = rq->q_first;
	if (cmd == I_CKBAND) {
		for (; mp; mp = mp->b_next)
			if (DB_TYPE(mp) < QPCTL && mp->b_band == arg)
				ret = 1;
	} else if (cmd == I_GETBAND) {
		ret = mp ? mp->b_band : -ENODATA;
	} else {	/* I_ATMARK */
		if (!arg || (arg & ~(ANYMARK | LASTMARK)))
			ret = -EINVAL;
		else if (mp && (mp->b_flag & MSGMARK))
			ret = 1;
		if (ret == 1 && (arg & LASTMARK))
			for (mp = mp->b_next; mp; mp = mp->b_next)
				if (mp->b_flag & MSGMARK)
					ret = 0;
	}
	spin_unlock_irqrestore(lis_qlock(rq), flags);
	if (cmd == I_GETBAND && ret >= 0)
		return put_user(ret, (int __user *)arg) ? -EFAULT : 0;
	return ret;
}

static long lis_i_options(struct stdata *sd, unsigned int cmd, unsigned long arg)
{
	unsigned long flags;
	int val;

	switch (cmd) {
	case I_SRDOPT:
		if ((arg & ~(RMODEMASK | RPROTMASK)) || (arg & RMODEMASK) == RMODEMASK ||
		    hweight32(arg & RPROTMASK) > 1)
			return -EINVAL;
		spin_lock_irqsave(&sd->sd_lock, flags);
		sd->sd_rdopt = arg;
		spin_unlock_irqrestore(&sd->sd_lock, flags);
		return 0;
	case I_GRDOPT:
		return put_user(READ_ONCE(sd->sd_rdopt), (int __user *)arg) ? -EFAULT : 0;
	case I_SWROPT:
		if (arg & ~(SNDZERO | SNDPIPE))
			return -EINVAL;
		WRITE_ONCE(sd->sd_wropt, arg);
		return 0;
	case I_GWROPT:
		return put_user(READ_ONCE(sd->sd_wropt), (int __user *)arg) ? -EFAULT : 0;
	case I_SETCLTIME:
		if (get_user(val, (int __user *)arg))
			return -EFAULT;
		if (val < 0)
			return -EINVAL;
		WRITE_ONCE(sd->sd_closetime, msecs_to_jiffies(val));
		return 0;
	case I_GETCLTIME:
		val = jiffies_to_msecs(READ_ONCE(sd->sd_closetime));
		return put_user(val, (int __user *)arg) ? -EFAULT : 0;
	case I_SERROPT:
		if (arg & ~(RERRNONPERSIST | WERRNONPERSIST))
			return -EINVAL;
		WRITE_ONCE(sd->sd_erropt, arg);
		return 0;
	case I_GERROPT:
		return put_user(READ_ONCE(sd->sd_erropt), (int __user *)arg) ? -EFAULT : 0;
	}
	return -EINVAL;
}

static long lis_i_flushband(struct stdata *sd, unsigned long arg)
{
	struct bandinfo bi;

	if (copy_from_user(&bi, (void __user *)arg, sizeof(bi)))
		return -EFAULT;
	return lis_i_flush(sd, bi.bi_flag, bi.bi_pri, 1);
}

static long lis_i_fdinsert_native(struct stdata *sd, struct file *file, unsigned long arg)
{
	struct strfdinsert fi;

	if (copy_from_user(&fi, (void __user *)arg, sizeof(fi)))
		return -EFAULT;
	return lis_i_fdinsert(sd, file, &fi);
}

static long lis_strpeek_native(struct stdata *sd, unsigned long arg)
{
	struct strpeek sp;
	long ret;

	if (copy_from_user(&sp, (void __user *)arg, sizeof(sp)))
		return -EFAULT;
	ret = lis_strpeek(sd, &sp);
	if (ret == 1 && copy_to_user((void __user *)arg, &sp, sizeof(sp)))
		return -EFAULT;
	return ret;
}

static long lis_i_pmsg(struct stdata *sd, struct file *file, unsigned int cmd,
		       unsigned long arg)
{
	struct strpmsg pm;
	int ret;

	if (copy_from_user(&pm, (void __user *)arg, sizeof(pm)))
		return -EFAULT;
	if (cmd == I_LIS_PUTPMSG)
		return lis_strputpmsg(sd, file, &pm);
	ret = lis_strgetpmsg(sd, file, &pm);
	if (ret >= 0 && copy_to_user((void __user *)arg, &pm, sizeof(pm)))
		return -EFAULT;
	return ret;
}

/**
 * lis_strioctl() - ioctl(2) on a stream.
 * @sd: the stream
 * @file: the open file
 * @cmd: the command
 * @arg: its argument
 *
 * Return: the command's value or a negative errno. Context: process; may sleep.
 */
long lis_strioctl(struct stdata *sd, struct file *file, unsigned int cmd, unsigned long arg)
{
	int events;

	if (READ_ONCE(sd->sd_flag) & (STR_LINKED | STR_PLINK))
		return -EINVAL;	/* linked under a multiplexor: not the user's any more */

	switch (cmd) {
	case I_STR:
		return lis_i_str_native(sd, arg);
	case I_NREAD:
		return lis_i_nread(sd, arg);
	case I_FLUSH:
		return lis_i_flush(sd, arg, 0, 0);
	case I_FLUSHBAND:
		return lis_i_flushband(sd, arg);
	case I_CKBAND:
	case I_GETBAND:
	case I_ATMARK:
		return lis_i_band(sd, cmd, arg);
	case I_CANPUT:
		if (arg > 255)
			return -EINVAL;
		return bcanputnext(sd->sd_wq, arg);
	case I_SRDOPT:
	case I_GRDOPT:
	case I_SWROPT:
	case I_GWROPT:
	case I_SETCLTIME:
	case I_GETCLTIME:
	case I_SERROPT:
	case I_GERROPT:
		return lis_i_options(sd, cmd, arg);
	case I_SETSIG:
		return lis_setsig(sd, arg);
	case I_GETSIG:
		if (lis_getsig(sd, &events))
			return -EINVAL;
		return put_user(events, (int __user *)arg) ? -EFAULT : 0;
	case I_PEEK:
		return lis_strpeek_native(sd, arg);
	case I_LIS_PUTPMSG:
	case I_LIS_GETPMSG:
		return lis_i_pmsg(sd, file, cmd, arg);
	case I_LIS_ISASTREAM:
		return 1;
	case I_PUSH:
	case I_POP:
	case I_LOOK:
	case I_FIND:
	case I_LIST:
		return lis_strpush_ioctl(sd, file, cmd, arg);
	case I_LIS_PIPE:
		return lis_i_pipe(sd, arg);
	case I_SENDFD:
		return lis_i_sendfd(sd, arg);
	case I_RECVFD:
		return lis_i_recvfd(sd, file, arg);
	case I_LINK:
	case I_UNLINK:
	case I_PLINK:
	case I_PUNLINK:
		return lis_strlink_ioctl(sd, cmd, arg);
	case I_FDINSERT:
		return lis_i_fdinsert_native(sd, file, arg);
	}
	return lis_transparent(sd, cmd, arg);
}
