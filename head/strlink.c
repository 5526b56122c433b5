// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Multiplexor links: I_LINK, I_UNLINK, I_PLINK, I_PUNLINK. Linking a lower stream under a
 * multiplexing driver turns the lower stream's head queue pair into the driver's lower queue
 * pair (its st_muxrinit/st_muxwinit), then tells the driver with an M_IOCTL carrying a
 * struct linkblk; unlinking undoes it. The lower stream's file is held while it is linked, so
 * closing its descriptor does not dismantle it. Ordinary links go away when the controlling
 * stream closes; persistent ones stay until I_PUNLINK on any stream of the same driver.
 * Audience: head/.
 */
#include <linux/file.h>
#include <linux/slab.h>
#include "head.h"

#define LIS_LINK_TIMEOUT	(15 * HZ)	/* as I_STR's default */

/**
 * struct lis_link - one lower stream linked under a multiplexor.
 * @link:	on lis_links (lis_link_mutex)
 * @muxid:	the link's id, returned by I_LINK/I_PLINK
 * @drv:	the multiplexing driver
 * @upper:	the controlling stream (ordinary links), NULL for persistent ones
 * @lower:	the lower stream
 * @lowerfile:	holds the lower stream while linked
 */
struct lis_link {
	struct list_head link;
	int muxid;
	struct lis_modsw *drv;
	struct stdata *upper;
	struct stdata *lower;
	struct file *lowerfile;
};

static DEFINE_MUTEX(lis_link_mutex);	/* lock order: after sd_plumb of any stream */
static LIST_HEAD(lis_links);
static atomic_t lis_muxid_last = ATOMIC_INIT(0);

/* Is @sd (transitively) linked below @top? Called with lis_link_mutex held. */
static int lis_linked_below(struct stdata *sd, struct stdata *top)
{
	struct lis_link *l;
	int again;

	do {
		again = 0;
		list_for_each_entry(l, &lis_links, link) {
			if (l->lower != sd)
				continue;
			if (!l->upper)
				return 0;
			if (l->upper == top)
				return 1;
			sd = l->upper;
			again = 1;
			break;
		}
	} while (again);
	return 0;
}

/* Swap the lower stream's head pair to the multiplexor's lower qinit, or back. */
static void lis_lower_switch(struct stdata *lower, struct lis_modsw *drv)
{
	queue_t *rq = lower->sd_rq;

	lis_qprocsoff(rq);
	synchronize_rcu();	/* no put is still inside the old procedures */
	if (drv) {
		lis_setq(rq, drv->str->st_muxrinit, drv->str->st_muxwinit);
		rq->q_ptr = NULL;
		WR(rq)->q_ptr = NULL;
	} else {
		lis_setq(rq, &lis_head_rinit, &lis_head_winit);
		rq->q_ptr = lower;
		WR(rq)->q_ptr = lower;
		flushq(rq, FLUSHALL);
		flushq(WR(rq), FLUSHALL);
	}
}

/* Tell the multiplexor below @sd about a link change. Return: 0 or a negative errno. */
static int lis_link_ioctl(struct stdata *sd, int cmd, struct lis_link *l, int persistent)
{
	struct linkblk *lb;
	mblk_t *data;
	int rval;

	data = allocb(sizeof(*lb), BPRI_MED);
	if (!data)
		return -ENOSR;
	lb = (struct linkblk *)data->b_wptr;
	lb->l_qtop = persistent ? NULL : lis_drv_wq(sd);
	lb->l_qbot = l->lower->sd_wq;
	lb->l_index = l->muxid;
	data->b_wptr += sizeof(*lb);
	return lis_ioc_roundtrip(sd, cmd, LIS_LINK_TIMEOUT, data, 0, &rval, NULL);
}

static void lis_lower_flags(struct stdata *lower, unsigned int set, unsigned int clear)
{
	unsigned long flags;

	spin_lock_irqsave(&lower->sd_lock, flags);
	lower->sd_flag = (lower->sd_flag | set) & ~clear;
	spin_unlock_irqrestore(&lower->sd_lock, flags);
}

static long lis_link(struct stdata *sd, unsigned int cmd, unsigned long arg)
{
	int persistent = cmd == I_PLINK, err;
	struct streamtab *st = sd->sd_drv->str;
	struct lis_link *l;
	struct stdata *lower;
	struct file *lf;

	if (!st->st_muxrinit || !st->st_muxwinit)
		return -EINVAL;		/* not a multiplexing driver */
	lf = fget(arg);
	if (!lf)
		return -EBADF;
	err = -EINVAL;
	if (lf->f_op != &lis_fops)
		goto out_file;
	lower = lf->private_data;
	l = kzalloc(sizeof(*l), GFP_KERNEL);
	err = -ENOMEM;
	if (!l)
		goto out_file;
	mutex_lock(&lower->sd_plumb);
	mutex_lock(&lis_link_mutex);
	err = -EINVAL;
	if (lower == sd || (READ_ONCE(lower->sd_flag) & (STR_LINKED | STR_PLINK)) ||
	    lis_linked_below(sd, lower))
		goto out_unlock;	/* itself, already linked, or a cycle */
	l->muxid = atomic_inc_return(&lis_muxid_last);
	l->drv = sd->sd_drv;
	l->upper = persistent ? NULL : sd;
	l->lower = lower;
	l->lowerfile = lf;
	list_add_tail(&l->link, &lis_links);
	lis_lower_flags(lower, persistent ? STR_PLINK : STR_LINKED, 0);
	mutex_unlock(&lis_link_mutex);
	lis_lower_switch(lower, sd->sd_drv);
	err = lis_link_ioctl(sd, cmd, l, persistent);
	mutex_lock(&lis_link_mutex);
	if (err) {
		list_del(&l->link);
		lis_lower_flags(lower, 0, STR_LINKED | STR_PLINK);
		lis_lower_switch(lower, NULL);
	} else {
		err = l->muxid;
		l = NULL;
		lf = NULL;	/* held by the link */
	}
	lis_qprocson(lower->sd_rq);
out_unlock:
	mutex_unlock(&lis_link_mutex);
	mutex_unlock(&lower->sd_plumb);
	kfree(l);
out_file:
	if (lf)
		fput(lf);
	return err;
}

/* Undo one link: tell the driver (through @sd), then give the lower stream its head back. */
static int lis_unlink_one(struct stdata *sd, struct lis_link *l, int cmd)
{
	struct stdata *lower = l->lower;
	int err;

	err = lis_link_ioctl(sd, cmd, l, cmd == I_PUNLINK);
	if (err)
		return err;
	mutex_lock(&lower->sd_plumb);
	lis_lower_switch(lower, NULL);
	lis_lower_flags(lower, 0, STR_LINKED | STR_PLINK);
	lis_qprocson(lower->sd_rq);
	mutex_unlock(&lower->sd_plumb);
	return 0;
}

/* Take the first link matching @muxid (or any, MUXID_ALL) off the list. */
static struct lis_link *lis_link_take(struct stdata *sd, int muxid, int persistent)
{
	struct lis_link *l, *found = NULL;

	mutex_lock(&lis_link_mutex);
	list_for_each_entry(l, &lis_links, link) {
		if (muxid != MUXID_ALL && l->muxid != muxid)
			continue;
		if (persistent ? (l->upper || l->drv != sd->sd_drv) : l->upper != sd)
			continue;
		found = l;
		list_del(&l->link);
		break;
	}
	mutex_unlock(&lis_link_mutex);
	return found;
}

/**
 * lis_unlink() - I_UNLINK/I_PUNLINK of @muxid (or MUXID_ALL) through @sd.
 * @sd: the controlling stream (I_UNLINK) or any stream of the driver (I_PUNLINK)
 * @cmd: I_UNLINK or I_PUNLINK
 * @muxid: the link, or MUXID_ALL
 *
 * Return: 0, -EINVAL when no such link exists, or the driver's error. Context: process.
 */
static long lis_unlink(struct stdata *sd, unsigned int cmd, int muxid)
{
	int persistent = cmd == I_PUNLINK, err = 0, done = 0;
	struct lis_link *l;

	if (muxid <= 0 && muxid != MUXID_ALL)
		return -EINVAL;
	while ((l = lis_link_take(sd, muxid, persistent)) != NULL) {
		err = lis_unlink_one(sd, l, cmd);
		if (err) {	/* the driver refused: the link stays */
			mutex_lock(&lis_link_mutex);
			list_add(&l->link, &lis_links);
			mutex_unlock(&lis_link_mutex);
			return err;
		}
		fput(l->lowerfile);
		kfree(l);
		done++;
		if (muxid != MUXID_ALL)
			break;
	}
	return done || muxid == MUXID_ALL ? 0 : -EINVAL;
}

/**
 * lis_strlink_ioctl() - I_LINK, I_PLINK, I_UNLINK, I_PUNLINK.
 * @sd: the stream the ioctl was made on
 * @cmd: the command
 * @arg: descriptor of the lower stream (link) or the mux id (unlink)
 *
 * Return: the mux id (link), 0 (unlink), or a negative errno. Context: process; may sleep.
 */
long lis_strlink_ioctl(struct stdata *sd, unsigned int cmd, unsigned long arg)
{
	unsigned int flag = READ_ONCE(sd->sd_flag);

	if (flag & STR_HUP)
		return -ENXIO;
	if (flag & (STR_RERR | STR_WERR))
		return -(READ_ONCE(sd->sd_werror) ?: READ_ONCE(sd->sd_rerror));
	if (cmd == I_LINK || cmd == I_PLINK)
		return lis_link(sd, cmd, arg);
	return lis_unlink(sd, cmd, (int)arg);
}

/**
 * lis_unlink_all() - at the last close of a controlling stream, undo its ordinary links.
 * @sd: the stream being closed
 *
 * Context: process; may sleep.
 */
void lis_unlink_all(struct stdata *sd)
{
	struct lis_link *l;

	while ((l = lis_link_take(sd, MUXID_ALL, 0)) != NULL) {
		if (lis_unlink_one(sd, l, I_UNLINK)) {
			/* the driver refused or timed out: take the lower stream back anyway */
			mutex_lock(&l->lower->sd_plumb);
			lis_lower_switch(l->lower, NULL);
			lis_lower_flags(l->lower, 0, STR_LINKED | STR_PLINK);
			lis_qprocson(l->lower->sd_rq);
			mutex_unlock(&l->lower->sd_plumb);
		}
		fput(l->lowerfile);
		kfree(l);
	}
}
