// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Streams come and go: creating a stream on open (head queue pair over the driver's pair),
 * re-opening an existing one, and dismantling it on the last close. Audience: head/.
 * Opens and last closes of one driver's streams are serialized by lis_open_mutex; a stream
 * whose last close is running stays on its driver's list (STR_CLOSING) until it is gone, so a
 * new open of the same minor waits for it instead of racing the driver's close routine.
 */
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "head.h"

#define LIS_NBITSMINOR	18
#define lis_makedev(maj, min)	(((dev_t)(maj) << LIS_NBITSMINOR) | (min))
#define lis_getminor(dev)	((dev) & ((1U << LIS_NBITSMINOR) - 1))

static struct list_head *lis_drv_streams(struct lis_modsw *drv)
{
	return (struct list_head *)drv->priv;
}

static struct lis_strhead *lis_find_stream(struct lis_modsw *drv, minor_t minor)
{
	struct lis_strhead *sh;

	list_for_each_entry(sh, lis_drv_streams(drv), link)
		if (sh->minor == minor)
			return sh;
	return NULL;
}

/**
 * lis_fill_cred() - the calling process's credentials in SVR4 form.
 * @cr: filled in
 *
 * Context: process.
 */
void lis_fill_cred(cred_t *cr)
{
	cr->cr_uid = from_kuid(&init_user_ns, current_euid());
	cr->cr_gid = from_kgid(&init_user_ns, current_egid());
	cr->cr_ruid = from_kuid(&init_user_ns, current_uid());
	cr->cr_rgid = from_kgid(&init_user_ns, current_gid());
}

/**
 * lis_oflag() - the SVR4 open flags of @file.
 * @file: an open file
 *
 * Return: FREAD, FWRITE, FNDELAY, FNONBLOCK. Context: any.
 */
int lis_oflag(struct file *file)
{
	int oflag = 0;

	if (file->f_mode & FMODE_READ)
		oflag |= FREAD;
	if (file->f_mode & FMODE_WRITE)
		oflag |= FWRITE;
	if (file->f_flags & O_NONBLOCK)
		oflag |= FNONBLOCK | FNDELAY;
	return oflag;
}

/* Allocate a stream: head pair over a driver pair, linked, procedures off. */
static struct lis_strhead *lis_stream_alloc(struct lis_modsw *drv)
{
	struct lis_strhead *sh;
	queue_t *hq, *dq;

	sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	if (!sh)
		return NULL;
	hq = lis_allocq(NULL);
	if (!hq)
		goto out_sh;
	dq = lis_allocq(drv);
	if (!dq)
		goto out_hq;
	lis_setq(hq, &lis_head_rinit, &lis_head_winit);
	hq->q_flag |= QHEAD;
	WR(hq)->q_flag |= QHEAD;
	dq->q_flag |= QISDRV | QEND;
	WR(dq)->q_flag |= QISDRV | QEND;
	hq->q_ptr = &sh->sd;
	WR(hq)->q_ptr = &sh->sd;
	hq->q_str = WR(hq)->q_str = dq->q_str = WR(dq)->q_str = &sh->sd;
	sh->sd.sd_drvwq = WR(dq);
	WR(hq)->q_next = WR(dq);
	dq->q_next = hq;

	sh->sd.sd_rq = hq;
	sh->sd.sd_wq = WR(hq);
	sh->sd.sd_drv = drv;
	spin_lock_init(&sh->sd.sd_lock);
	mutex_init(&sh->sd.sd_plumb);
	sh->sd.sd_closetime = 15 * HZ;
	atomic_set(&sh->sd.sd_refs, 1);
	init_waitqueue_head(&sh->rwait);
	init_waitqueue_head(&sh->wwait);
	mutex_init(&sh->rlock);
	mutex_init(&sh->wlock);
	INIT_LIST_HEAD(&sh->link);
	init_waitqueue_head(&sh->iocwait);
	INIT_LIST_HEAD(&sh->sigs);
	return sh;

out_hq:
	lis_freeq(hq);
out_sh:
	kfree(sh);
	return NULL;
}

/* Free a stream whose procedures are off and which nobody can reach any more. */
static void lis_stream_free(struct lis_strhead *sh)
{
	queue_t *dq = RD(lis_drv_wq(&sh->sd));

	lis_qprocsoff(dq);
	lis_qprocsoff(sh->sd.sd_rq);
	lis_rcu_assign_pointer(sh->sd.sd_wq->q_next, NULL);
	lis_rcu_assign_pointer(dq->q_next, NULL);
	lis_synchronize_rcu();	/* no putnext is still walking into these queues */
	lis_freeq(dq);
	lis_freeq(sh->sd.sd_rq);
	kfree(sh);
}

/**
 * lis_qopen() - call the open routine of the queue pair @rq inside its perimeter.
 * @rq: read queue of a driver or module
 * @devp: the device number, which a clone open may change
 * @oflag: FREAD, FWRITE, FNDELAY...
 * @sflag: DRVOPEN, MODOPEN or CLONEOPEN
 *
 * Return: 0 or a negative errno (SVR4 open routines return positive ones).
 * Context: process; may sleep.
 */
int lis_qopen(queue_t *rq, dev_t *devp, int oflag, int sflag)
{
	struct lis_perim *perim = rq->q_perim;
	cred_t cr;
	int err;

	lis_fill_cred(&cr);
	if (perim) {
		err = lis_perim_enter_sleep(perim, 1);
		if (err)
			return err;
	}
	err = rq->q_qinfo->qi_qopen ? rq->q_qinfo->qi_qopen(rq, devp, oflag, sflag, &cr) : 0;
	if (perim)
		lis_perim_exit(perim);
	return err > 0 ? -err : err;
}

/**
 * lis_qclose() - call the close routine of the queue pair @rq inside its perimeter.
 * @rq: read queue of a driver or module
 * @oflag: FREAD, FWRITE, FNDELAY...
 *
 * Context: process; may sleep.
 */
void lis_qclose(queue_t *rq, int oflag)
{
	struct lis_perim *perim = rq->q_perim;
	cred_t cr;

	lis_fill_cred(&cr);
	if (perim)
		lis_perim_enter_sleep(perim, 0);
	if (rq->q_qinfo->qi_qclose)
		rq->q_qinfo->qi_qclose(rq, oflag, &cr);
	/* still inside: puts deferred during close now pass the closed module by */
	lis_qprocsoff(rq);
	if (perim)
		lis_perim_exit(perim);
}

static int lis_drv_open(struct lis_strhead *sh, dev_t *devp, int oflag, int sflag)
{
	return lis_qopen(RD(lis_drv_wq(&sh->sd)), devp, oflag, sflag);
}

/*
 * Re-open of an existing stream: every module's open routine (MODOPEN), from the top down,
 * then the driver's, on the same queues. The first error ends it.
 */
static int lis_stream_reopen(struct stdata *sd, dev_t *devp, int oflag)
{
	queue_t *q;
	int err = 0;

	mutex_lock(&sd->sd_plumb);
	for (q = sd->sd_wq->q_next; q && !err; q = q->q_next)
		err = lis_qopen(RD(q), devp, oflag, q == lis_drv_wq(sd) ? DRVOPEN : MODOPEN);
	mutex_unlock(&sd->sd_plumb);
	return err;
}

/* Open a new stream on @drv; called with lis_open_mutex held. */
static int lis_stream_new(struct lis_modsw *drv, minor_t minor, int clone, struct file *file,
			  struct lis_strhead **shp)
{
	struct lis_strhead *sh;
	dev_t dev = lis_makedev(drv->major, clone ? 0 : minor);
	int err;

	if (drv->owner && !try_module_get(drv->owner))
		return -ENXIO;	/* the driver's module is going away */
	sh = lis_stream_alloc(drv);
	if (!sh) {
		module_put(drv->owner);
		return -ENOMEM;
	}
	lis_qprocson(sh->sd.sd_rq);
	err = lis_drv_open(sh, &dev, lis_oflag(file), clone ? CLONEOPEN : DRVOPEN);
	if (!err && clone && lis_find_stream(drv, lis_getminor(dev)))
		err = -EBUSY;	/* the driver handed out a minor that is open */
	if (err) {
		lis_stream_free(sh);
		module_put(drv->owner);
		return err;
	}
	atomic_inc(&drv->refs);
	lis_qprocson(RD(lis_drv_wq(&sh->sd)));
	sh->minor = lis_getminor(dev);
	sh->sd.sd_dev = dev;
	sh->sd.sd_opencnt = 1;
	err = lis_autopush(&sh->sd, file);
	if (err) {
		lis_strpop_all(&sh->sd, lis_oflag(file));
		lis_qclose(RD(lis_drv_wq(&sh->sd)), lis_oflag(file));
		lis_stream_free(sh);
		atomic_dec(&drv->refs);
		module_put(drv->owner);
		return err;
	}
	if (clone)
		sh->sd.sd_flag |= STR_ISCLONE;
	list_add(&sh->link, lis_drv_streams(drv));
	*shp = sh;
	return 0;
}

/**
 * lis_stream_open() - open minor @minor of @drv (a new minor when @clone) for @file.
 * @drv: the driver
 * @minor: its minor (ignored for a clone open)
 * @clone: open through the clone node: the driver picks a new minor
 * @file: the file being opened
 * @sdp: where the stream is returned
 *
 * Return: 0 with *@sdp set, or a negative errno. Context: process; may sleep.
 */
int lis_stream_open(struct lis_modsw *drv, minor_t minor, int clone, struct file *file,
		    struct stdata **sdp)
{
	struct lis_strhead *sh;
	dev_t dev;
	int err;

	for (;;) {
		if (mutex_lock_interruptible(&lis_open_mutex))
			return -ERESTARTSYS;
		if (lis_drv_by_major(drv->major) != drv) {
			mutex_unlock(&lis_open_mutex);
			return -ENXIO;	/* unregistered meanwhile */
		}
		sh = clone ? NULL : lis_find_stream(drv, minor);
		if (!sh || !(sh->sd.sd_flag & STR_CLOSING))
			break;
		mutex_unlock(&lis_open_mutex);
		msleep(1);	/* the last close of this minor is still running */
	}
	if (!sh) {
		err = lis_stream_new(drv, minor, clone, file, &sh);
	} else {
		dev = sh->sd.sd_dev;
		err = lis_stream_reopen(&sh->sd, &dev, lis_oflag(file));
		if (!err)
			sh->sd.sd_opencnt++;
	}
	mutex_unlock(&lis_open_mutex);
	if (!err)
		*sdp = &sh->sd;
	return err;
}

/* Is anything still queued on the write side below the head? */
static int lis_write_side_busy(struct stdata *sd)
{
	queue_t *q;
	int busy = 0;

	rcu_read_lock();
	for (q = READ_ONCE(sd->sd_wq->q_next); q && !busy; q = READ_ONCE(q->q_next))
		busy = READ_ONCE(q->q_first) != NULL;
	rcu_read_unlock();
	return busy;
}

/**
 * lis_stream_open_attached() - open a stream through the path it is fattach'ed to.
 * @sd: the attached stream
 *
 * Another open of the same stream, like opening an open minor again (SVR4 namefs).
 * Return: 0, or -ENXIO when the stream is closing. Context: process; may sleep.
 */
int lis_stream_open_attached(struct stdata *sd)
{
	int err = 0;

	mutex_lock(&lis_open_mutex);
	if (sd->sd_flag & STR_CLOSING)
		err = -ENXIO;
	else
		sd->sd_opencnt++;
	mutex_unlock(&lis_open_mutex);
	return err;
}

/**
 * lis_stream_drain() - before the last close, wait for the write side to drain.
 * @sd: the stream
 * @file: the file being closed
 *
 * Waits up to the close time (I_SETCLTIME, 15 s by default) unless the file is non-blocking
 * or the stream is hung up or in error; a signal ends the wait.
 * Return: 0, or -EINTR when a signal interrupted the wait (the close still completes).
 * Context: process; may sleep.
 */
int lis_stream_drain(struct stdata *sd, struct file *file)
{
	unsigned long end = jiffies + READ_ONCE(sd->sd_closetime);

	if (READ_ONCE(sd->sd_opencnt) > 1 || (file->f_flags & O_NONBLOCK))
		return 0;
	while (lis_write_side_busy(sd) && time_before(jiffies, end)) {
		if (READ_ONCE(sd->sd_flag) & (STR_HUP | STR_WERR | STR_RERR))
			break;
		if (msleep_interruptible(10))
			return -EINTR;
	}
	return 0;
}

/**
 * lis_stream_close() - one close of @sd; the last one dismantles the stream.
 * @sd: the stream
 * @file: the file being released
 *
 * Context: process; may sleep.
 */
void lis_stream_close(struct stdata *sd, struct file *file)
{
	struct lis_strhead *sh = lis_sh(sd);
	struct lis_modsw *drv = sd->sd_drv;
	unsigned long flags;

	mutex_lock(&lis_open_mutex);
	if (--sd->sd_opencnt > 0) {
		mutex_unlock(&lis_open_mutex);
		return;
	}
	spin_lock_irqsave(&sd->sd_lock, flags);
	sd->sd_flag |= STR_CLOSING;
	spin_unlock_irqrestore(&sd->sd_lock, flags);
	mutex_unlock(&lis_open_mutex);

	lis_unlink_all(sd);
	lis_strpop_all(sd, lis_oflag(file));
	lis_qclose(RD(lis_drv_wq(sd)), lis_oflag(file));
	lis_sig_release(sd, NULL);

	mutex_lock(&lis_open_mutex);
	list_del(&sh->link);
	mutex_unlock(&lis_open_mutex);
	lis_stream_free(sh);
	atomic_dec(&drv->refs);
	module_put(drv->owner);
}
