// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pipe: STREAMS pipes. Every open of /dev/streams/pipe is a new, unconnected end; the head
 * connects two ends (libstreams' s_pipe() opens two and asks with I_LIS_PIPE). What is written
 * on one end is read on the other, with flow control between them; when one end closes, the
 * other is hung up (reads see end of file, writes get EPIPE and SIGPIPE). M_PASSFP messages
 * (I_SENDFD) cross like data. Audience: a built-in driver; DDI only, plus RCU from the port.
 */
#include <lis/port.h>
#include <lis/strsubr.h>
#include <sys/stream.h>
#include "builtin.h"
#include "xpair.h"

#define PIPE_HIWAT	(64 * 1024)
#define PIPE_LOWAT	(16 * 1024)

static lis_spinlock_t pipe_lock = __SPIN_LOCK_UNLOCKED(pipe_lock);
static unsigned int pipe_next_minor = 1;

static struct module_info pipe_minfo = {
	.mi_idnum = 0x5050,
	.mi_idname = "pipe",
	.mi_minpsz = 0,
	.mi_maxpsz = INFPSZ,
	.mi_hiwat = PIPE_HIWAT,
	.mi_lowat = PIPE_LOWAT,
};

static int pipe_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp);
static int pipe_close(queue_t *q, int oflag, cred_t *crp);

static struct qinit pipe_rinit = {
	.qi_srvp = xpair_rsrv,
	.qi_qopen = pipe_open,
	.qi_qclose = pipe_close,
	.qi_minfo = &pipe_minfo,
};

static struct qinit pipe_winit = {
	.qi_putp = xpair_wput,
	.qi_srvp = xpair_wsrv,
	.qi_minfo = &pipe_minfo,
};

static struct streamtab pipe_info = {
	.st_rdinit = &pipe_rinit,
	.st_wrinit = &pipe_winit,
};

struct lis_modsw lis_pipe_modsw = {
	.name = "pipe",
	.str = &pipe_info,
	.flags = D_MP | D_CLONE,
	.nminors = 0,
};

static int pipe_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp)
{
	struct xpair_end *pe;
	unsigned long flags;

	if (q->q_ptr)
		return 0;
	if (sflag != CLONEOPEN)
		return ENXIO;
	pe = lis_port_zalloc(sizeof(*pe), 1);
	if (!pe)
		return ENOMEM;
	pe->rq = q;
	q->q_ptr = pe;
	WR(q)->q_ptr = pe;
	lis_spin_lock_irqsave(&pipe_lock, flags);
	*devp = (*devp & ~0x3ffffU) | pipe_next_minor;
	pipe_next_minor = pipe_next_minor % 0x3ffff + 1;
	lis_spin_unlock_irqrestore(&pipe_lock, flags);
	qprocson(q);
	return 0;
}

static int pipe_close(queue_t *q, int oflag, cred_t *crp)
{
	struct xpair_end *pe = q->q_ptr, *peer;
	unsigned long flags;

	qprocsoff(q);
	/*
	 * The hangup is sent inside an RCU read section: a peer closing at the same time waits
	 * for it (lis_synchronize_rcu below, on its side) before its queues can go away.
	 */
	lis_rcu_read_lock();
	lis_spin_lock_irqsave(&pipe_lock, flags);
	peer = xpair_disconnect(pe);
	lis_spin_unlock_irqrestore(&pipe_lock, flags);
	if (peer)
		putnextctl(peer->rq, M_HANGUP);	/* the other end reads end of file */
	lis_rcu_read_unlock();
	lis_synchronize_rcu();	/* nobody holds our pipe_end any more */
	q->q_ptr = NULL;
	WR(q)->q_ptr = NULL;
	lis_port_free(pe);
	return 0;
}

/**
 * lis_pipe_connect() - connect two unconnected pipe ends.
 * @a: read queue of the first end's driver
 * @b: read queue of the second end's driver
 *
 * Return: 0, or EINVAL (positive, SVR4 style) if either is not a free pipe end.
 * Context: process.
 */
int lis_pipe_connect(queue_t *a, queue_t *b)
{
	struct xpair_end *pa = a->q_ptr, *pb = b->q_ptr;
	unsigned long flags;
	int err = 0;

	if (a == b || a->q_qinfo != &pipe_rinit || b->q_qinfo != &pipe_rinit || !pa || !pb)
		return EINVAL;
	lis_spin_lock_irqsave(&pipe_lock, flags);
	if (pa->peer || pb->peer)
		err = EINVAL;
	else
		xpair_connect(pa, pb);
	lis_spin_unlock_irqrestore(&pipe_lock, flags);
	return err;
}
