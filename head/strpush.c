// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pushing and popping modules: I_PUSH, I_POP, I_LOOK, I_FIND, I_LIST, and popping everything
 * at the last close. The shape of a stream changes only under its sd_plumb mutex; q_next
 * pointers are published with RCU so that putnext never sees a half-linked module, and a
 * popped module's queues are freed only after an RCU grace period. Audience: head/.
 */
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include "registry.h"

/* The topmost module's write queue, or NULL when only the driver is below the head. */
static queue_t *lis_top_module(struct stdata *sd)
{
	queue_t *top = sd->sd_wq->q_next;

	return top == lis_drv_wq(sd) ? NULL : top;
}

/* Link the pair @rq just below the head. Called with sd_plumb held. */
static void lis_link_below_head(struct stdata *sd, queue_t *rq)
{
	queue_t *below = sd->sd_wq->q_next;

	WR(rq)->q_next = below;
	rq->q_next = sd->sd_rq;
	rq->q_str = WR(rq)->q_str = sd;
	lis_rcu_assign_pointer(sd->sd_wq->q_next, WR(rq));
	lis_rcu_assign_pointer(RD(below)->q_next, rq);
}

/* Unlink the topmost pair @rq and free it once nobody can be inside it. */
static void lis_unlink_top(struct stdata *sd, queue_t *rq)
{
	queue_t *below = WR(rq)->q_next;

	lis_qprocsoff(rq);
	lis_rcu_assign_pointer(sd->sd_wq->q_next, below);
	lis_rcu_assign_pointer(RD(below)->q_next, sd->sd_rq);
	lis_synchronize_rcu();
	lis_freeq(rq);
}

static int lis_push(struct stdata *sd, struct file *file, const char *name)
{
	struct lis_modsw *msw;
	dev_t dev = sd->sd_dev;
	queue_t *rq;
	int err;

	msw = lis_find_module(name);
	if (!msw)
		return -EINVAL;
	if (msw->owner && !try_module_get(msw->owner)) {
		lis_put_module(msw);
		return -EINVAL;	/* its kernel module is going away */
	}
	err = -EINVAL;
	if (sd->sd_pushcnt >= NSTRPUSH)
		goto out;
	err = -ENOMEM;
	rq = lis_allocq(msw);
	if (!rq)
		goto out;
	lis_link_below_head(sd, rq);
	err = lis_qopen(rq, &dev, lis_oflag(file), MODOPEN);
	if (err) {
		lis_unlink_top(sd, rq);
		goto out;
	}
	lis_qprocson(rq);
	sd->sd_pushcnt++;
	return 0;	/* the reference is kept while the module is on the stream */
out:
	module_put(msw->owner);
	lis_put_module(msw);
	return err;
}

static void lis_pop(struct stdata *sd, int oflag)
{
	queue_t *rq = RD(lis_top_module(sd));
	struct lis_modsw *msw = lis_qpair(rq)->modsw;

	lis_qclose(rq, oflag);
	lis_unlink_top(sd, rq);
	sd->sd_pushcnt--;
	module_put(msw->owner);
	lis_put_module(msw);
}

/**
 * lis_strpop_all() - pop every module, calling their close routines, at the last close.
 * @sd: the stream
 * @oflag: the closing file's SVR4 open flags
 *
 * Context: process; may sleep.
 */
void lis_strpop_all(struct stdata *sd, int oflag)
{
	mutex_lock(&sd->sd_plumb);
	while (lis_top_module(sd))
		lis_pop(sd, oflag);
	mutex_unlock(&sd->sd_plumb);
}

/**
 * lis_autopush() - push the modules configured for this driver and minor, on a new stream.
 * @sd: the stream, just opened
 * @file: the file being opened
 *
 * The list comes from the driver's registration: its Config's list for this minor, else
 * sd_drv->autopush (NULL-terminated names); the sad driver will add lists the same way.
 * Return: 0 or the errno of the first push that failed. Context: process; may sleep.
 */
int lis_autopush(struct stdata *sd, struct file *file)
{
	const char *const *name = lis_autopush_list(sd->sd_drv, lis_sh(sd)->minor);
	int err = 0;

	if (!name)
		return 0;
	mutex_lock(&sd->sd_plumb);
	for (; *name && !err; name++)
		err = lis_push(sd, file, *name);
	mutex_unlock(&sd->sd_plumb);
	return err;
}

static const char *lis_qname(queue_t *q)
{
	return q->q_qinfo->qi_minfo->mi_idname;
}

static long lis_i_look(struct stdata *sd, unsigned long arg)
{
	char name[FMNAMESZ + 1] = "";
	queue_t *top = lis_top_module(sd);

	if (!top)
		return -EINVAL;
	strscpy(name, lis_qname(top), sizeof(name));
	return copy_to_user((void __user *)arg, name, sizeof(name)) ? -EFAULT : 0;
}

static long lis_i_find(struct stdata *sd, const char *name)
{
	struct lis_modsw *msw = lis_find_module(name);
	queue_t *q;
	int found = 0;

	if (!msw)
		return -EINVAL;
	for (q = sd->sd_wq->q_next; q && q != lis_drv_wq(sd); q = q->q_next)
		if (lis_qpair(q)->modsw == msw)
			found = 1;
	lis_put_module(msw);
	return found;
}

/**
 * lis_i_list() - I_LIST: names of the modules and the driver, top down.
 * @sd: the stream
 * @ulist: user array of struct str_mlist, or NULL to count
 * @nmods: in: size of the array; out: names stored
 *
 * Return: 0, the count when @ulist is NULL, or a negative errno. Called with sd_plumb held.
 */
long lis_i_list(struct stdata *sd, struct str_mlist __user *ulist, int *nmods)
{
	struct str_mlist ml;
	queue_t *q;
	int n = 0;

	if (!ulist)
		return sd->sd_pushcnt + 1;	/* modules and the driver */
	if (*nmods < 1)
		return -EINVAL;
	for (q = sd->sd_wq->q_next; q && n < *nmods; q = q->q_next, n++) {
		memset(&ml, 0, sizeof(ml));
		strscpy(ml.l_name, lis_qname(q), sizeof(ml.l_name));
		if (copy_to_user(&ulist[n], &ml, sizeof(ml)))
			return -EFAULT;
	}
	*nmods = n;
	return 0;
}

static long lis_i_list_native(struct stdata *sd, unsigned long arg)
{
	struct str_list __user *ul = (struct str_list __user *)arg;
	struct str_list sl;
	long ret;

	if (!arg)
		return lis_i_list(sd, NULL, NULL);
	if (copy_from_user(&sl, ul, sizeof(sl)))
		return -EFAULT;
	ret = lis_i_list(sd, (struct str_mlist __user *)sl.sl_modlist, &sl.sl_nmods);
	if (!ret && put_user(sl.sl_nmods, &ul->sl_nmods))
		return -EFAULT;
	return ret;
}

static long lis_copy_name(char *name, unsigned long arg)
{
	long len = strncpy_from_user(name, (const char __user *)arg, FMNAMESZ + 1);

	if (len < 0)
		return len;
	if (len > FMNAMESZ || len == 0)
		return -EINVAL;
	return 0;
}

/**
 * lis_strpush_ioctl() - I_PUSH, I_POP, I_LOOK, I_FIND and I_LIST.
 * @sd: the stream
 * @file: the open file
 * @cmd: the command
 * @arg: its argument
 *
 * Return: the command's value or a negative errno. Context: process; may sleep.
 */
long lis_strpush_ioctl(struct stdata *sd, struct file *file, unsigned int cmd,
		       unsigned long arg)
{
	char name[FMNAMESZ + 1];
	unsigned int flag;
	long ret;

	if (cmd == I_PUSH || cmd == I_FIND) {
		ret = lis_copy_name(name, arg);
		if (ret)
			return ret;
	}
	if (mutex_lock_interruptible(&sd->sd_plumb))
		return -ERESTARTSYS;
	flag = READ_ONCE(sd->sd_flag);
	ret = -ENXIO;
	if ((cmd == I_PUSH || cmd == I_POP) && (flag & STR_HUP))
		goto out;
	if ((cmd == I_PUSH || cmd == I_POP) && (flag & (STR_RERR | STR_WERR))) {
		ret = -(READ_ONCE(sd->sd_werror) ?: READ_ONCE(sd->sd_rerror));
		goto out;
	}
	switch (cmd) {
	case I_PUSH:
		ret = lis_push(sd, file, name);
		break;
	case I_POP:
		ret = -EINVAL;
		if (lis_top_module(sd)) {
			lis_pop(sd, lis_oflag(file));
			ret = 0;
		}
		break;
	case I_LOOK:
		ret = lis_i_look(sd, arg);
		break;
	case I_FIND:
		ret = lis_i_find(sd, name);
		break;
	default:
		ret = lis_i_list_native(sd, arg);
		break;
	}
out:
	mutex_unlock(&sd->sd_plumb);
	return ret;
}
