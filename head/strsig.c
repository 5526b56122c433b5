// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Signals from a stream: I_SETSIG/I_GETSIG registrations, SIGPOLL (SIGIO on Linux) on the
 * registered events, SIGURG for urgent band data (S_BANDURG), and M_SIG/M_PCSIG from below.
 * Registrations are per process (thread group) and stream, kept on a list under sd_lock, and
 * dropped when that process closes the stream. Signals may be sent from any context.
 * Audience: head/.
 */
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include "head.h"

#define LIS_S_ALL	(S_INPUT | S_HIPRI | S_OUTPUT | S_MSG | S_ERROR | S_HANGUP | \
			 S_RDNORM | S_RDBAND | S_WRBAND | S_BANDURG)

struct lis_sigreg {
	struct list_head link;
	struct pid *pid;	/* the registered thread group */
	int events;		/* S_* */
};

static struct lis_sigreg *lis_sig_find(struct stdata *sd, struct pid *pid)
{
	struct lis_sigreg *r;

	list_for_each_entry(r, &lis_sh(sd)->sigs, link)
		if (r->pid == pid)
			return r;
	return NULL;
}

/**
 * lis_setsig() - I_SETSIG: register the calling process for @events, or unregister it (0).
 * @sd: the stream
 * @events: S_* events; 0 removes the registration
 *
 * Return: 0, -EINVAL (bad events, S_BANDURG without S_RDBAND, or removing a registration that
 * does not exist), -ENOMEM. Context: process; may sleep.
 */
int lis_setsig(struct stdata *sd, int events)
{
	struct pid *pid = task_tgid(current);
	struct lis_sigreg *r, *n = NULL;
	unsigned long flags;

	if (events & ~LIS_S_ALL)
		return -EINVAL;
	if ((events & S_BANDURG) && !(events & S_RDBAND))
		return -EINVAL;
	if (events) {
		n = kzalloc(sizeof(*n), GFP_KERNEL);
		if (!n)
			return -ENOMEM;
	}
	spin_lock_irqsave(&sd->sd_lock, flags);
	r = lis_sig_find(sd, pid);
	if (r && events) {
		r->events = events;
	} else if (r) {
		list_del(&r->link);
	} else if (events) {
		n->pid = get_pid(pid);
		n->events = events;
		list_add_tail(&n->link, &lis_sh(sd)->sigs);
		n = NULL;
	}
	spin_unlock_irqrestore(&sd->sd_lock, flags);
	kfree(n);
	if (r && !events) {
		put_pid(r->pid);
		kfree(r);
	}
	return r || events ? 0 : -EINVAL;
}

/**
 * lis_getsig() - I_GETSIG: the calling process's registered events.
 * @sd: the stream
 * @events: where they are stored
 *
 * Return: 0, or -EINVAL when the process is not registered. Context: process.
 */
int lis_getsig(struct stdata *sd, int *events)
{
	struct lis_sigreg *r;
	unsigned long flags;

	spin_lock_irqsave(&sd->sd_lock, flags);
	r = lis_sig_find(sd, task_tgid(current));
	if (r)
		*events = r->events;
	spin_unlock_irqrestore(&sd->sd_lock, flags);
	return r ? 0 : -EINVAL;
}

/**
 * lis_sendsig() - signal the processes registered for any of @events.
 * @sd: the stream
 * @events: S_* events that happened
 * @band: the band of arriving data (S_RDBAND), for S_BANDURG
 *
 * Context: any; never sleeps.
 */
void lis_sendsig(struct stdata *sd, int events, int band)
{
	struct lis_sigreg *r;
	unsigned long flags;

	if (list_empty_careful(&lis_sh(sd)->sigs))
		return;
	spin_lock_irqsave(&sd->sd_lock, flags);
	list_for_each_entry(r, &lis_sh(sd)->sigs, link) {
		if (!(r->events & events))
			continue;
		if ((events & S_RDBAND) && (r->events & S_BANDURG) && band)
			kill_pid(r->pid, SIGURG, 1);
		else
			kill_pid(r->pid, SIGPOLL, 1);
	}
	spin_unlock_irqrestore(&sd->sd_lock, flags);
}

/**
 * lis_sig_msg() - an M_SIG or M_PCSIG arrived: deliver signal @sig.
 * @sd: the stream
 * @sig: the signal number carried by the message
 *
 * SIGPOLL goes to the processes registered for S_MSG; any other signal to every registered
 * process. Context: any; never sleeps.
 */
void lis_sig_msg(struct stdata *sd, int sig)
{
	struct lis_sigreg *r;
	unsigned long flags;

	if (sig <= 0 || sig >= _NSIG)
		return;
	spin_lock_irqsave(&sd->sd_lock, flags);
	list_for_each_entry(r, &lis_sh(sd)->sigs, link)
		if (sig != SIGPOLL || (r->events & S_MSG))
			kill_pid(r->pid, sig, 1);
	spin_unlock_irqrestore(&sd->sd_lock, flags);
}

/**
 * lis_sig_release() - drop registrations when a process closes the stream.
 * @sd: the stream
 * @file: the file being closed, or NULL at the last close (drop every registration)
 *
 * Context: process.
 */
void lis_sig_release(struct stdata *sd, struct file *file)
{
	struct pid *pid = file ? task_tgid(current) : NULL;
	struct lis_sigreg *r, *t;
	unsigned long flags;
	LIST_HEAD(dead);

	spin_lock_irqsave(&sd->sd_lock, flags);
	list_for_each_entry_safe(r, t, &lis_sh(sd)->sigs, link)
		if (!pid || r->pid == pid)
			list_move(&r->link, &dead);
	spin_unlock_irqrestore(&sd->sd_lock, flags);
	list_for_each_entry_safe(r, t, &dead, link) {
		put_pid(r->pid);
		kfree(r);
	}
}
