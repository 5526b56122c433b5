// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * File descriptors through streams: connecting the two ends of a STREAMS pipe (I_LIS_PIPE),
 * and passing open files across a pipe (I_SENDFD, I_RECVFD) in M_PASSFP messages. A file in
 * flight is held by the message: freeing the message unreceived (flush, close) drops it.
 * Audience: head/ (Linux VFS glue).
 */
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "head.h"
#include "../drivers/builtin.h"

struct lis_passfp {
	struct file *fp;	/* the file in flight; NULL once received */
	uid_t uid;		/* sender's effective ids */
	gid_t gid;
	frtn_t frtn;
};

static void lis_passfp_free(caddr_t arg)
{
	struct lis_passfp *p = (struct lis_passfp *)arg;

	if (p->fp)
		fput(p->fp);
	kfree(p);
}

/* The stream behind descriptor @fd, with the file held in *@f. */
static struct stdata *lis_fd_stream(unsigned int fd, struct fd *f)
{
	*f = fdget(fd);
	if (!lis_fd_file(*f))
		return ERR_PTR(-EBADF);
	if (lis_fd_file(*f)->f_op != &lis_fops) {
		fdput(*f);
		return ERR_PTR(-EINVAL);
	}
	return lis_fd_file(*f)->private_data;
}

/**
 * lis_i_pipe() - I_LIS_PIPE: connect this pipe end to the pipe end open on @arg.
 * @sd: a stream of the pipe driver
 * @arg: descriptor of another, unconnected, pipe end
 *
 * Return: 0, -EBADF, or -EINVAL when either is not a free pipe end. Context: process.
 */
long lis_i_pipe(struct stdata *sd, unsigned long arg)
{
	struct stdata *other;
	unsigned long flags;
	struct fd f;
	int err;

	other = lis_fd_stream(arg, &f);
	if (IS_ERR(other))
		return PTR_ERR(other);
	err = -EINVAL;
	/* both must be pipe ends never connected before (a hung-up end stays hung up) */
	if (sd->sd_drv == &lis_pipe_modsw && other->sd_drv == &lis_pipe_modsw &&
	    !((READ_ONCE(sd->sd_flag) | READ_ONCE(other->sd_flag)) & (STR_FIFO | STR_HUP)))
		err = -lis_pipe_connect(RD(lis_drv_wq(sd)), RD(lis_drv_wq(other)));
	if (!err) {
		spin_lock_irqsave(&sd->sd_lock, flags);
		sd->sd_flag |= STR_FIFO;
		sd->sd_wropt |= SNDZERO | SNDPIPE;
		spin_unlock_irqrestore(&sd->sd_lock, flags);
		spin_lock_irqsave(&other->sd_lock, flags);
		other->sd_flag |= STR_FIFO;
		other->sd_wropt |= SNDZERO | SNDPIPE;
		spin_unlock_irqrestore(&other->sd_lock, flags);
	}
	fdput(f);
	return err;
}

/**
 * lis_i_fdinsert() - I_FDINSERT: putmsg with the driver read queue of another stream stored
 * in the control part (transport providers identify an accepting stream that way).
 * @sd: the stream
 * @file: the open file
 * @fi: the request, in the kernel
 *
 * Return: 0, -EINVAL (bad flags, offset, lengths, or fildes not a usable stream), -EBADF,
 * -ENXIO, -EAGAIN, -ERANGE, -EFAULT. Context: process; may sleep.
 */
long lis_i_fdinsert(struct stdata *sd, struct file *file, struct strfdinsert *fi)
{
	struct strpmsg pm;
	struct stdata *other;
	struct fd f;
	long err;

	if (fi->flags != 0 && fi->flags != RS_HIPRI)
		return -EINVAL;
	if (fi->offset < 0 || fi->offset % sizeof(void *) ||
	    fi->ctlbuf.len < fi->offset + (int)sizeof(void *))
		return -EINVAL;
	other = lis_fd_stream(fi->fildes, &f);
	if (IS_ERR(other))
		return PTR_ERR(other);
	err = -EINVAL;
	if (READ_ONCE(other->sd_flag) & (STR_LINKED | STR_PLINK))
		goto out;
	err = -ENXIO;
	if (READ_ONCE(other->sd_flag) & STR_HUP)
		goto out;
	pm.ctlbuf = fi->ctlbuf;
	pm.databuf = fi->databuf;
	pm.band = 0;
	pm.flags = fi->flags == RS_HIPRI ? MSG_HIPRI : MSG_BAND;
	err = lis_putpmsg_insert(sd, file, &pm, fi->offset, RD(lis_drv_wq(other)));
out:
	fdput(f);
	return err;
}

/**
 * lis_i_sendfd() - I_SENDFD: send open file @arg to the other end of this pipe.
 * @sd: a connected pipe end
 * @arg: the descriptor to send
 *
 * Return: 0, -EINVAL (not a pipe), -EBADF, -ENXIO (hung up), -EAGAIN (flow controlled),
 * -ENOSR. Context: process.
 */
long lis_i_sendfd(struct stdata *sd, unsigned long arg)
{
	struct lis_passfp *p;
	mblk_t *mp;

	if (!(READ_ONCE(sd->sd_flag) & STR_FIFO))
		return -EINVAL;
	if (READ_ONCE(sd->sd_flag) & STR_HUP)
		return -ENXIO;
	if (!canputnext(sd->sd_wq))
		return -EAGAIN;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOSR;
	p->fp = fget(arg);
	if (!p->fp) {
		kfree(p);
		return -EBADF;
	}
	p->uid = from_kuid(&init_user_ns, current_euid());
	p->gid = from_kgid(&init_user_ns, current_egid());
	p->frtn.free_func = lis_passfp_free;
	p->frtn.free_arg = (caddr_t)p;
	mp = esballoc((unsigned char *)p, sizeof(*p), BPRI_MED, &p->frtn);
	if (!mp) {
		lis_passfp_free((caddr_t)p);
		return -ENOSR;
	}
	mp->b_datap->db_type = M_PASSFP;
	mp->b_wptr += sizeof(*p);
	putnext(sd->sd_wq, mp);
	return 0;
}

static int lis_recvfd_ready(struct stdata *sd)
{
	return READ_ONCE(sd->sd_rq->q_first) || (READ_ONCE(sd->sd_flag) & STR_HUP);
}

/* Take the first message if it is an M_PASSFP. Called with rlock held. */
static mblk_t *lis_recvfd_take(struct stdata *sd, struct file *file)
{
	mblk_t *mp;

	for (;;) {
		mp = getq(sd->sd_rq);
		if (mp && DB_TYPE(mp) != M_PASSFP) {
			putbq(sd->sd_rq, mp);
			return ERR_PTR(-EBADMSG);
		}
		if (mp)
			return mp;
		if (READ_ONCE(sd->sd_flag) & STR_HUP)
			return ERR_PTR(-ENXIO);
		if (file->f_flags & O_NONBLOCK)
			return ERR_PTR(-EAGAIN);
		if (wait_event_interruptible(lis_sh(sd)->rwait, lis_recvfd_ready(sd)))
			return ERR_PTR(-ERESTARTSYS);
	}
}

/**
 * lis_i_recvfd() - I_RECVFD: receive a file sent with I_SENDFD as a new descriptor.
 * @sd: a pipe end
 * @file: the open file of @sd
 * @arg: user address of a struct strrecvfd
 *
 * Return: 0, -EBADMSG (the next message is not a file), -EAGAIN, -ENXIO, -EMFILE, -EFAULT.
 * Context: process; may sleep.
 */
long lis_i_recvfd(struct stdata *sd, struct file *file, unsigned long arg)
{
	struct lis_strhead *sh = lis_sh(sd);
	struct strrecvfd r = {};
	struct lis_passfp *p;
	mblk_t *mp;
	int fd;

	if (mutex_lock_interruptible(&sh->rlock))
		return -ERESTARTSYS;
	mp = lis_recvfd_take(sd, file);
	if (IS_ERR(mp)) {
		mutex_unlock(&sh->rlock);
		return PTR_ERR(mp);
	}
	p = (struct lis_passfp *)mp->b_rptr;
	fd = get_unused_fd_flags(0);
	if (fd >= 0) {
		r.fd = fd;
		r.uid = p->uid;
		r.gid = p->gid;
		if (copy_to_user((void __user *)arg, &r, sizeof(r))) {
			put_unused_fd(fd);
			fd = -EFAULT;
		}
	}
	if (fd < 0) {
		putbq(sd->sd_rq, mp);	/* still there for the next try */
		mutex_unlock(&sh->rlock);
		return fd;
	}
	fd_install(fd, p->fp);
	p->fp = NULL;
	freemsg(mp);
	mutex_unlock(&sh->rlock);
	return 0;
}
