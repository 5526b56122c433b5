// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stream head's write side: write(2) turns user data into M_DATA messages sent downstream,
 * obeying the flow control of the first queue below with a service procedure. Audience: head/.
 */
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include "head.h"

/* The error a write gets on a stream with a write error or hung up; SNDPIPE raises SIGPIPE. */
static int lis_write_error(struct stdata *sd)
{
	unsigned int flag = READ_ONCE(sd->sd_flag);
	int err = lis_take_error(sd, 1);

	if (err)
		return -err;
	if (!(flag & STR_HUP))
		return 0;
	if (READ_ONCE(sd->sd_wropt) & SNDPIPE) {
		send_sig(SIGPIPE, current, 0);
		return -EPIPE;
	}
	return -ENXIO;
}

static int lis_write_ready(struct stdata *sd)
{
	return (READ_ONCE(sd->sd_flag) & (STR_HUP | STR_WERR)) || canputnext(sd->sd_wq);
}

/* Largest data part of one message: the topmost write queue's q_maxpsz, and strmsgsz. */
static size_t lis_write_chunk(struct stdata *sd)
{
	queue_t *top = sd->sd_wq->q_next;
	ssize_t maxpsz = READ_ONCE(top->q_maxpsz);

	if (maxpsz == INFPSZ || maxpsz > LIS_STRMSGSZ)
		return LIS_STRMSGSZ;
	return maxpsz > 0 ? maxpsz : 1;
}

/* Wait for the stream below to accept a message. Return: 0 or a negative errno. */
static int lis_write_wait(struct stdata *sd, struct file *file)
{
	unsigned int flag;

	while (!canputnext(sd->sd_wq)) {
		flag = READ_ONCE(sd->sd_flag);
		if (flag & (STR_HUP | STR_WERR))
			break;
		if ((file->f_flags & O_NONBLOCK) || (flag & STR_NDELAY))
			return -EAGAIN;
		if (wait_event_interruptible(lis_sh(sd)->wwait, lis_write_ready(sd)))
			return -ERESTARTSYS;
	}
	return lis_write_error(sd);
}

/* Send one message of @size bytes from @buf. Return: 0 or a negative errno. */
static int lis_write_one(struct stdata *sd, const char __user *buf, size_t size)
{
	unsigned short wroff = READ_ONCE(sd->sd_wroff);
	mblk_t *mp;

	mp = allocb(size + wroff, BPRI_MED);
	if (!mp)
		return -ENOSR;
	mp->b_rptr += wroff;
	mp->b_wptr = mp->b_rptr;
	if (copy_from_user(mp->b_wptr, buf, size)) {
		freemsg(mp);
		return -EFAULT;
	}
	mp->b_wptr += size;
	putnext(sd->sd_wq, mp);
	return 0;
}

/* Packet size limits of the topmost write queue: ERANGE when they cannot be met. */
static int lis_write_check(struct stdata *sd, size_t count)
{
	queue_t *top = sd->sd_wq->q_next;
	ssize_t minpsz = READ_ONCE(top->q_minpsz), maxpsz = READ_ONCE(top->q_maxpsz);

	if (minpsz <= 0)
		return 0;	/* large writes are split; nothing is too small */
	if ((ssize_t)count < minpsz || (maxpsz != INFPSZ && (ssize_t)count > maxpsz))
		return -ERANGE;
	return 0;
}

static ssize_t lis_write_locked(struct stdata *sd, struct file *file, const char __user *buf,
				size_t count)
{
	size_t done = 0, size = 0;
	int err;

	err = lis_write_error(sd);
	if (!err)
		err = lis_write_check(sd, count);
	if (err)
		return err;
	if (!count && !(READ_ONCE(sd->sd_wropt) & SNDZERO))
		return 0;	/* SNDZERO off: a zero-length write sends nothing */
	do {
		err = lis_write_wait(sd, file);
		if (!err) {
			size = min(count - done, lis_write_chunk(sd));
			err = lis_write_one(sd, buf + done, size);
		}
		if (err)
			return done ? done : err;
		done += size;
	} while (done < count);
	return done;
}

/**
 * lis_strwrite() - write(2) on a stream.
 * @sd: the stream
 * @file: the open file
 * @buf: user data
 * @count: its size
 *
 * Return: bytes written or a negative errno. Context: process; may sleep.
 */
ssize_t lis_strwrite(struct stdata *sd, struct file *file, const char __user *buf, size_t count)
{
	struct lis_strhead *sh = lis_sh(sd);
	ssize_t ret;

	if (mutex_lock_interruptible(&sh->wlock))
		return -ERESTARTSYS;
	ret = lis_write_locked(sd, file, buf, count);
	mutex_unlock(&sh->wlock);
	return ret;
}
