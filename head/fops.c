// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The Linux VFS glue: file_operations of every STREAMS character device. Audience: head/.
 * Negative errnos start here; inside STREAMS errors are positive (SVR4).
 */
#include <linux/fs.h>
#include <linux/module.h>
#include "head.h"

static int lis_open(struct inode *inode, struct file *file)
{
	struct file *attached = lis_is_attached_inode(inode);
	unsigned int lminor = iminor(inode);
	struct lis_modsw *drv;
	struct stdata *sd;
	int clone, err;

	if (attached) {		/* a path a stream was fattach'ed to */
		sd = attached->private_data;
		err = lis_stream_open_attached(sd);
		if (err)
			return err;
		file->private_data = sd;
		return stream_open(inode, file);
	}

	clone = lminor < LIS_NODE_MINORS;
	mutex_lock(&lis_open_mutex);
	drv = lis_drv_by_major(clone ? lminor : lminor / LIS_NODE_MINORS);
	mutex_unlock(&lis_open_mutex);
	if (!drv)
		return -ENXIO;
	if (drv->flags & D_CLONE)
		clone = 1;	/* every open of this driver is a clone open */
	err = lis_stream_open(drv, clone ? 0 : lminor % LIS_NODE_MINORS, clone, file, &sd);
	if (err)
		return err;
	file->private_data = sd;
	return stream_open(inode, file);
}

static int lis_release(struct inode *inode, struct file *file)
{
	lis_sig_release(file->private_data, file);
	lis_stream_close(file->private_data, file);
	return 0;
}

/* close(2): the last close of a stream first lets its write side drain (I_SETCLTIME). */
static int lis_flush(struct file *file, fl_owner_t id)
{
	if (file_count(file) > 1)
		return 0;	/* not the last reference to this open file */
	return lis_stream_drain(file->private_data, file);
}

/* A stream linked under a multiplexor belongs to it: the user may only close it. */
static int lis_linked(struct file *file)
{
	struct stdata *sd = file->private_data;

	return READ_ONCE(sd->sd_flag) & (STR_LINKED | STR_PLINK);
}

static ssize_t lis_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	if (lis_linked(file))
		return -EINVAL;
	return lis_strread(file->private_data, file, buf, count);
}

static ssize_t lis_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	if (lis_linked(file))
		return -EINVAL;
	return lis_strwrite(file->private_data, file, buf, count);
}

static __poll_t lis_poll(struct file *file, poll_table *wait)
{
	if (lis_linked(file))
		return EPOLLNVAL;
	return lis_strpoll(file->private_data, file, wait);
}

static long lis_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return lis_strioctl(file->private_data, file, cmd, arg);
}

const struct file_operations lis_fops = {
	.owner = THIS_MODULE,
	.open = lis_open,
	.release = lis_release,
	.flush = lis_flush,
	.read = lis_read,
	.write = lis_write,
	.poll = lis_poll,
	.unlocked_ioctl = lis_ioctl,
	.compat_ioctl = lis_compat_ioctl,
	.llseek = LIS_NO_LLSEEK,
};
