// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/put.c: calling put procedures: put, putnext, qreply, putctl, putctl1, putctl2,
 * putnextctl, putnextctl1, putnextctl2.
 * Audience: the DDI (drivers and modules); the stream head.
 *
 * A put procedure is called through its queue's perimeter, if the module has one
 * (<lis/strsubr.h> rule 3): a caller that finds the perimeter busy leaves the message on the
 * perimeter's deferred list and returns at once; the thread inside runs it before it leaves.
 * D_MP modules have no perimeter and are called directly, on any CPU, concurrently.
 * Every call runs inside lis_rcu_read_lock(), so qprocsoff() can wait for the calls in flight.
 * A queue whose procedures are off (before qprocson, after qprocsoff) is bypassed: the message
 * goes on to q_next, or is freed at the end of the stream.
 */
#include <lis/export.h>
#include "sched.h"

/* Pass @mp on past @q, whose procedures are off. */
static void lis_put_bypass(queue_t *q, mblk_t *mp)
{
	queue_t *nq;

	lis_rcu_read_lock();
	nq = lis_rcu_dereference(q->q_next);
	if (nq)
		lis_put(nq, mp);
	else
		freemsg(mp);
	lis_rcu_read_unlock();
}

/**
 * lis_put_inside() - call the put procedure of @q, whose perimeter (if any) the caller holds.
 * @q: the queue
 * @mp: the message
 *
 * Context: any; the put procedure must not sleep.
 */
void lis_put_inside(queue_t *q, mblk_t *mp)
{
	struct qinit *qi = q->q_qinfo;

	if (lis_unlikely(!(lis_q_flag_peek(q) & QPROCSON))) {
		lis_put_bypass(q, mp);
		return;
	}
	if (qi->qi_mstat)
		qi->qi_mstat->ms_pcnt++;	/* statistics: not atomic, as in SVR4 */
	if (lis_likely(qi->qi_putp != NULL))
		qi->qi_putp(q, mp);
	else if (!lis_putq(q, mp))
		freemsg(mp);
}

/**
 * lis_put() - call the put procedure of a queue.
 * @q: the queue
 * @mp: the message; it belongs to the put procedure from now on
 *
 * Enters @q's perimeter if it has one; if the perimeter is busy, the call is deferred to the
 * thread inside it and lis_put() returns at once (it never spins or sleeps).
 * Context: any (hard irq included); never sleeps.
 */
void lis_put(queue_t *q, mblk_t *mp)
{
	struct lis_perim *p = q->q_perim;

	lis_rcu_read_lock();
	if (!p) {
		lis_put_inside(q, mp);
	} else if (lis_perim_claim_or_defer(p, q, mp)) {
		lis_put_inside(q, mp);
		lis_perim_drain(p);
	}
	lis_rcu_read_unlock();
}
LIS_EXPORT(lis_put);

/**
 * lis_putnext() - pass a message to the next queue in the stream.
 * @q: the caller's queue
 * @mp: the message
 *
 * q_next is read under lis_rcu_read_lock(), which stays held across the put, so the next
 * queue cannot be freed meanwhile. At the end of the stream the message is freed.
 * Context: any; never sleeps.
 */
void lis_putnext(queue_t *q, mblk_t *mp)
{
	queue_t *nq;

	lis_rcu_read_lock();
	nq = lis_rcu_dereference(q->q_next);
	if (lis_likely(nq != NULL))
		lis_put(nq, mp);
	else
		freemsg(mp);
	lis_rcu_read_unlock();
}
LIS_EXPORT(lis_putnext);

/**
 * lis_qreply() - send a message back the other way: putnext() on OTHERQ(@q).
 * @q: the caller's queue
 * @mp: the message (typically an M_IOCACK or M_FLUSH turned around)
 *
 * Inside a perimeter, a reply that reaches a queue of the same perimeter is deferred, never
 * waited for. Context: any; never sleeps.
 */
void lis_qreply(queue_t *q, mblk_t *mp)
{
	lis_putnext(OTHERQ(q), mp);
}
LIS_EXPORT(lis_qreply);

/*
 * A control message of @type carrying @n parameter bytes, or NULL if @type is a data type
 * other than M_DELAY (putctl(9F)) or memory ran out.
 */
static mblk_t *lis_ctl_alloc(int type, int n, int p1, int p2)
{
	mblk_t *mp;

	if (type < 0 || type > 0xff || (lis_sched_datamsg((unsigned char)type) && type != M_DELAY))
		return NULL;
	mp = allocb((size_t)n, BPRI_HI);
	if (!mp)
		return NULL;
	mp->b_datap->db_type = (unsigned char)type;
	if (n > 0)
		*mp->b_wptr++ = (unsigned char)p1;
	if (n > 1)
		*mp->b_wptr++ = (unsigned char)p2;
	return mp;
}

/* put() or putnext() a control message; 1 on success. */
static int lis_ctl_send(queue_t *q, int next, int type, int n, int p1, int p2)
{
	mblk_t *mp = lis_ctl_alloc(type, n, p1, p2);

	if (!mp)
		return 0;
	if (next)
		lis_putnext(q, mp);
	else
		lis_put(q, mp);
	return 1;
}

/**
 * lis_putctl() - put() a zero-length control message of @type to @q.
 * @q: the queue
 * @type: the message type; a data type (M_DATA, M_PROTO, M_PCPROTO) is refused
 *
 * Return: 1, or 0 if @type is refused or no message could be allocated.
 * Context: any; never sleeps.
 */
int lis_putctl(queue_t *q, int type)
{
	return lis_ctl_send(q, 0, type, 0, 0, 0);
}
LIS_EXPORT(lis_putctl);

/**
 * lis_putctl1() - put() a control message of @type with a one-byte parameter to @q.
 * @q: the queue
 * @type: the message type, as for putctl()
 * @param: the parameter byte
 *
 * Return: 1 or 0, as putctl(). Context: any; never sleeps.
 */
int lis_putctl1(queue_t *q, int type, int param)
{
	return lis_ctl_send(q, 0, type, 1, param, 0);
}
LIS_EXPORT(lis_putctl1);

/**
 * lis_putctl2() - put() a control message of @type with two parameter bytes to @q.
 * @q: the queue
 * @type: the message type, as for putctl()
 * @p1: the first byte
 * @p2: the second byte
 *
 * Return: 1 or 0, as putctl(). Context: any; never sleeps.
 */
int lis_putctl2(queue_t *q, int type, int p1, int p2)
{
	return lis_ctl_send(q, 0, type, 2, p1, p2);
}
LIS_EXPORT(lis_putctl2);

/**
 * lis_putnextctl() - putnext() a zero-length control message of @type from @q.
 * @q: the caller's queue
 * @type: the message type, as for putctl()
 *
 * Return: 1 or 0, as putctl(). Context: any; never sleeps.
 */
int lis_putnextctl(queue_t *q, int type)
{
	return lis_ctl_send(q, 1, type, 0, 0, 0);
}
LIS_EXPORT(lis_putnextctl);

/**
 * lis_putnextctl1() - putnext() a control message with a one-byte parameter from @q.
 * @q: the caller's queue
 * @type: the message type, as for putctl()
 * @param: the parameter byte
 *
 * Return: 1 or 0, as putctl(). Context: any; never sleeps.
 */
int lis_putnextctl1(queue_t *q, int type, int param)
{
	return lis_ctl_send(q, 1, type, 1, param, 0);
}
LIS_EXPORT(lis_putnextctl1);

/**
 * lis_putnextctl2() - putnext() a control message with two parameter bytes from @q.
 * @q: the caller's queue
 * @type: the message type, as for putctl()
 * @p1: the first byte
 * @p2: the second byte
 *
 * Return: 1 or 0, as putctl(). Context: any; never sleeps.
 */
int lis_putnextctl2(queue_t *q, int type, int p1, int p2)
{
	return lis_ctl_send(q, 1, type, 2, p1, p2);
}
LIS_EXPORT(lis_putnextctl2);
