// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Crossed stream pairs: the put and service procedures loop and pipe share (see xpair.h).
 * Audience: the built-in drivers.
 */
#include "xpair.h"

/* M_FLUSH at the bottom of a stream: flush our queues, turn FLUSHR around. */
static void xpair_flush(queue_t *q, mblk_t *mp)
{
	int band = (*mp->b_rptr & FLUSHBAND) ? mp->b_rptr[1] : -1;

	if (*mp->b_rptr & FLUSHW) {
		if (band >= 0)
			flushband(q, band, FLUSHALL);
		else
			flushq(q, FLUSHALL);
	}
	if (*mp->b_rptr & FLUSHR) {
		if (band >= 0)
			flushband(RD(q), band, FLUSHALL);
		else
			flushq(RD(q), FLUSHALL);
		*mp->b_rptr &= ~FLUSHW;
		qreply(q, mp);
		return;
	}
	freemsg(mp);
}

static void xpair_nak(queue_t *q, mblk_t *mp, int err)
{
	struct iocblk *ioc = (struct iocblk *)mp->b_rptr;

	mp->b_datap->db_type = M_IOCNAK;
	ioc->ioc_error = err;
	ioc->ioc_count = 0;
	ioc->ioc_rval = 0;
	qreply(q, mp);
}

/**
 * xpair_wput() - write put procedure: data crosses to the peer at once when nothing is queued
 * and the peer has room, else it is queued for xpair_wsrv().
 * @q: our write queue
 * @mp: the message
 *
 * Return: 0. Context: any; never sleeps.
 */
int xpair_wput(queue_t *q, mblk_t *mp)
{
	struct xpair_end *e = q->q_ptr, *peer;

	switch (DB_TYPE(mp)) {
	case M_DATA:
	case M_PROTO:
	case M_PCPROTO:
	case M_PASSFP:
		lis_rcu_read_lock();
		peer = lis_rcu_dereference(e->peer);
		if (peer && !q->q_first &&
		    (DB_TYPE(mp) >= QPCTL || bcanputnext(peer->rq, mp->b_band))) {
			putnext(peer->rq, mp);
			lis_rcu_read_unlock();
			return 0;
		}
		lis_rcu_read_unlock();
		if (!putq(q, mp))
			freemsg(mp);
		return 0;
	case M_FLUSH:
		xpair_flush(q, mp);
		return 0;
	case M_IOCTL:
		xpair_nak(q, mp, EINVAL);
		return 0;
	default:
		freemsg(mp);
		return 0;
	}
}

/**
 * xpair_wsrv() - write service procedure: forward queued messages while the peer has room;
 * with no peer they are dropped.
 * @q: our write queue
 *
 * Return: 0. Context: a service thread.
 */
int xpair_wsrv(queue_t *q)
{
	struct xpair_end *e = q->q_ptr, *peer;
	mblk_t *mp;

	lis_rcu_read_lock();
	peer = lis_rcu_dereference(e->peer);
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

/**
 * xpair_rsrv() - read service procedure: back-enabled when our reader drained; the peer's
 * writer may go on.
 * @q: our read queue
 *
 * Return: 0. Context: a service thread.
 */
int xpair_rsrv(queue_t *q)
{
	struct xpair_end *e = q->q_ptr, *peer;

	lis_rcu_read_lock();
	peer = lis_rcu_dereference(e->peer);
	if (peer)
		qenable(WR(peer->rq));
	lis_rcu_read_unlock();
	return 0;
}

/**
 * xpair_connect() - connect two ends. The caller holds its driver's lock.
 * @a: one end
 * @b: the other
 *
 * Context: any.
 */
void xpair_connect(struct xpair_end *a, struct xpair_end *b)
{
	lis_rcu_assign_pointer(a->peer, b);
	lis_rcu_assign_pointer(b->peer, a);
}

/**
 * xpair_disconnect() - disconnect @e from its peer. The caller holds its driver's lock.
 * @e: the end going away
 *
 * Return: the former peer, or NULL. Context: any.
 */
struct xpair_end *xpair_disconnect(struct xpair_end *e)
{
	struct xpair_end *peer = e->peer;

	if (peer)
		lis_rcu_assign_pointer(peer->peer, NULL);
	lis_rcu_assign_pointer(e->peer, NULL);
	return peer;
}
