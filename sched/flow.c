// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/flow.c: flow control tests: canput, canputnext, bcanput, bcanputnext.
 * Audience: the DDI (drivers and modules); the stream head.
 *
 * The test looks at the first queue from @q onwards (in the direction of flow) that has a
 * service procedure, or the last queue of the stream: only such a queue holds messages. If it
 * is full, the test says so and marks it QWANTW (QB_WANTW for a band), so that when it drains
 * below its low water mark it back-enables the nearest queue behind it with a service
 * procedure (sched/queue.c), which is where the caller's messages wait.
 */
#include <lis/export.h>
#include "sched.h"

/* The queue that flow control is judged on. Called under lis_rcu_read_lock. */
static queue_t *lis_flow_target(queue_t *q)
{
	queue_t *nq;

	while (!lis_q_has_srv(q) && (nq = lis_rcu_dereference(q->q_next)) != NULL)
		q = nq;
	return q;
}

/* bcanput() on the target queue itself. */
static int lis_flow_test(queue_t *q, unsigned char pri)
{
	unsigned long flags;
	qband_t *qb;
	int band, ok = 1;

	if (pri == 0 && !(lis_q_flag_peek(q) & QFULL))
		return 1;	/* the common case, without the lock; a race only delays a writer */
	lis_spin_lock_irqsave(lis_qlock(q), flags);
	if (pri == 0) {
		if (q->q_flag & QFULL) {
			q->q_flag |= QWANTW;
			ok = 0;
		}
	} else if (pri <= q->q_nband) {
		for (band = 1, qb = q->q_bandp; band < pri; band++)
			qb = qb->qb_next;
		if (qb->qb_flag & QB_FULL) {
			qb->qb_flag |= QB_WANTW;
			ok = 0;
		}
	}
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	return ok;
}

/**
 * lis_bcanput() - may a message of band @pri be put on @q?
 * @q: the queue the caller would put() or putq() to
 * @pri: the band (0: normal messages; bcanput(q, 0) is canput(q))
 *
 * A band that does not exist yet is not full.
 *
 * Return: 1 if so, 0 if the queue (band) is full; then the caller is back-enabled later.
 * Context: any; never sleeps.
 */
int lis_bcanput(queue_t *q, unsigned char pri)
{
	int ok;

	if (!q)
		return 0;
	lis_rcu_read_lock();
	ok = lis_flow_test(lis_flow_target(q), pri);
	lis_rcu_read_unlock();
	return ok;
}
LIS_EXPORT(lis_bcanput);

/**
 * lis_canput() - may a normal message be put on @q? As bcanput(@q, 0).
 * @q: the queue
 *
 * Return: 1 or 0. Context: any; never sleeps.
 */
int lis_canput(queue_t *q)
{
	return lis_bcanput(q, 0);
}
LIS_EXPORT(lis_canput);

/**
 * lis_bcanputnext() - may a message of band @pri be passed on with putnext(@q)?
 * @q: the caller's queue
 * @pri: the band
 *
 * Return: 1 or 0; 1 at the end of the stream (putnext would free the message).
 * Context: any; never sleeps.
 */
int lis_bcanputnext(queue_t *q, unsigned char pri)
{
	queue_t *nq;
	int ok = 1;

	lis_rcu_read_lock();
	nq = lis_rcu_dereference(q->q_next);
	if (nq)
		ok = lis_flow_test(lis_flow_target(nq), pri);
	lis_rcu_read_unlock();
	return ok;
}
LIS_EXPORT(lis_bcanputnext);

/**
 * lis_canputnext() - may a normal message be passed on with putnext(@q)?
 * @q: the caller's queue
 *
 * Return: 1 or 0. Context: any; never sleeps.
 */
int lis_canputnext(queue_t *q)
{
	return lis_bcanputnext(q, 0);
}
LIS_EXPORT(lis_canputnext);
