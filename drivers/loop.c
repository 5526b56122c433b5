// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * loop: the STREAMS loop-around driver. Minors come in connected pairs (1<->2, 3<->4, ...):
 * what is written on one end is read on the other, as messages, with SVR4 flow control between
 * the two streams. A clone open gets a free minor above the fixed ones, unconnected.
 * Audience: a built-in driver; it uses the DDI only, plus RCU from the port to reach its peer.
 */
#include <lis/port.h>
#include <lis/strsubr.h>
#include <sys/stream.h>
#include "builtin.h"

#define LOOP_NFIXED	8	/* fixed minors with nodes /dev/streams/loop.1 .. loop.8 */
#define LOOP_MAXMINOR	1023	/* clone minors are LOOP_NFIXED+1 .. LOOP_MAXMINOR */
#define LOOP_HIWAT	(64 * 1024)
#define LOOP_LOWAT	(16 * 1024)

struct loop {
	queue_t *rq;		/* our read queue while open, else NULL */
	struct loop *peer;	/* the other end while both are open (RCU) */
};

static struct loop loop_minors[LOOP_MAXMINOR + 1];
static lis_spinlock_t loop_lock = __SPIN_LOCK_UNLOCKED(loop_lock);

static struct module_info loop_minfo = {
	.mi_idnum = 0x4c50,
	.mi_idname = "loop",
	.mi_minpsz = 0,
	.mi_maxpsz = INFPSZ,
	.mi_hiwat = LOOP_HIWAT,
	.mi_lowat = LOOP_LOWAT,
};

static int loop_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp);
static int loop_close(queue_t *q, int oflag, cred_t *crp);
static int loop_wput(queue_t *q, mblk_t *mp);
static int loop_wsrv(queue_t *q);
static int loop_rsrv(queue_t *q);

static struct qinit loop_rinit = {
	.qi_putp = NULL,
	.qi_srvp = loop_rsrv,
	.qi_qopen = loop_open,
	.qi_qclose = loop_close,
	.qi_minfo = &loop_minfo,
};

static struct qinit loop_winit = {
	.qi_putp = loop_wput,
	.qi_srvp = loop_wsrv,
	.qi_minfo = &loop_minfo,
};

/* Registered from drivers/Config (D_MP, clone node, nodes loop.1 .. loop.LOOP_NFIXED). */
struct streamtab loop_info = {
	.st_rdinit = &loop_rinit,
	.st_wrinit = &loop_winit,
};

static unsigned int loop_peer_minor(unsigned int minor)
{
	return minor <= LOOP_NFIXED ? ((minor - 1) ^ 1) + 1 : 0;
}

/*
 * Each write on one end is read as one message on the other, even in byte-stream read mode:
 * ask the head to treat our messages as delimited (SO_DELIM), so a read stops at their end.
 */
static void loop_setopts(queue_t *q)
{
	struct stroptions *so;
	mblk_t *mp = allocb(sizeof(*so), BPRI_MED);

	if (!mp)
		return;
	mp->b_datap->db_type = M_SETOPTS;
	so = (struct stroptions *)mp->b_wptr;
	so->so_flags = SO_DELIM;
	mp->b_wptr += sizeof(*so);
	putnext(q, mp);
}

static int loop_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp)
{
	unsigned int minor = *devp & 0x3ffff, peer;
	unsigned long flags;
	struct loop *lp;

	if (q->q_ptr)
		return 0;	/* re-open of an open minor */
	lis_spin_lock_irqsave(&loop_lock, flags);
	if (sflag == CLONEOPEN) {
		for (minor = LOOP_NFIXED + 1; minor <= LOOP_MAXMINOR; minor++)
			if (!loop_minors[minor].rq)
				break;
		if (minor > LOOP_MAXMINOR) {
			lis_spin_unlock_irqrestore(&loop_lock, flags);
			return ENOSR;
		}
		*devp = (*devp & ~0x3ffffU) | minor;
	} else if (minor == 0 || minor > LOOP_NFIXED) {
		lis_spin_unlock_irqrestore(&loop_lock, flags);
		return ENXIO;
	}
	lp = &loop_minors[minor];
	lp->rq = q;
	q->q_ptr = lp;
	WR(q)->q_ptr = lp;
	peer = loop_peer_minor(minor);
	if (peer && loop_minors[peer].rq) {
		lis_rcu_assign_pointer(lp->peer, &loop_minors[peer]);
		lis_rcu_assign_pointer(loop_minors[peer].peer, lp);
	}
	lis_spin_unlock_irqrestore(&loop_lock, flags);
	qprocson(q);
	loop_setopts(q);
	return 0;
}

static int loop_close(queue_t *q, int oflag, cred_t *crp)
{
	struct loop *lp = q->q_ptr, *peer;
	unsigned long flags;

	qprocsoff(q);
	lis_spin_lock_irqsave(&loop_lock, flags);
	peer = lp->peer;
	if (peer)
		lis_rcu_assign_pointer(peer->peer, NULL);
	lis_rcu_assign_pointer(lp->peer, NULL);
	lp->rq = NULL;
	lis_spin_unlock_irqrestore(&loop_lock, flags);
	/* The framework waits for RCU readers before it frees our queues. */
	q->q_ptr = NULL;
	WR(q)->q_ptr = NULL;
	return 0;
}

static void loop_flush(queue_t *q, mblk_t *mp)
{
	if (*mp->b_rptr & FLUSHW) {
		if (*mp->b_rptr & FLUSHBAND)
			flushband(q, mp->b_rptr[1], FLUSHALL);
		else
			flushq(q, FLUSHALL);
	}
	if (*mp->b_rptr & FLUSHR) {
		if (*mp->b_rptr & FLUSHBAND)
			flushband(RD(q), mp->b_rptr[1], FLUSHALL);
		else
			flushq(RD(q), FLUSHALL);
		*mp->b_rptr &= ~FLUSHW;
		qreply(q, mp);
		return;
	}
	freemsg(mp);
}

static void loop_nak(queue_t *q, mblk_t *mp, int err)
{
	struct iocblk *ioc = (struct iocblk *)mp->b_rptr;

	mp->b_datap->db_type = M_IOCNAK;
	ioc->ioc_error = err;
	ioc->ioc_count = 0;
	ioc->ioc_rval = 0;
	qreply(q, mp);
}

/* Write put: data is passed straight across when nothing is queued and the peer has room. */
static int loop_wput(queue_t *q, mblk_t *mp)
{
	struct loop *lp = q->q_ptr, *peer;

	switch (DB_TYPE(mp)) {
	case M_DATA:
	case M_PROTO:
	case M_PCPROTO:
		lis_rcu_read_lock();
		peer = lis_rcu_dereference(lp->peer);
		if (peer && !q->q_first && bcanputnext(peer->rq, mp->b_band)) {
			putnext(peer->rq, mp);
			lis_rcu_read_unlock();
			return 0;
		}
		lis_rcu_read_unlock();
		if (!putq(q, mp))
			freemsg(mp);
		return 0;
	case M_FLUSH:
		loop_flush(q, mp);
		return 0;
	case M_IOCTL:
		loop_nak(q, mp, EINVAL);
		return 0;
	default:
		freemsg(mp);
		return 0;
	}
}

/* Write service: pass queued messages to the peer while it has room. */
static int loop_wsrv(queue_t *q)
{
	struct loop *lp = q->q_ptr, *peer;
	mblk_t *mp;

	lis_rcu_read_lock();
	peer = lis_rcu_dereference(lp->peer);
	while ((mp = getq(q)) != NULL) {
		if (!peer) {
			freemsg(mp);	/* nobody at the other end */
			continue;
		}
		if (DB_TYPE(mp) < QPCTL && !bcanputnext(peer->rq, mp->b_band)) {
			putbq(q, mp);
			break;
		}
		putnext(peer->rq, mp);
	}
	lis_rcu_read_unlock();
	return 0;
}

/* Read service: back-enabled when our reader drained; let the peer's writer go on. */
static int loop_rsrv(queue_t *q)
{
	struct loop *lp = q->q_ptr, *peer;

	lis_rcu_read_lock();
	peer = lis_rcu_dereference(lp->peer);
	if (peer)
		qenable(WR(peer->rq));
	lis_rcu_read_unlock();
	return 0;
}
