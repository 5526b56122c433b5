// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/perim.c: perimeters, the serialization of modules that are not D_MP, and qwait.
 * Audience: framework private (lis_perim_* for the stream head's open and close) and the DDI
 * (qwait, qwait_sig for open and close routines).
 *
 * A perimeter is claimed, never waited for, on the data path (<lis/strsubr.h> rule 3): put,
 * the service threads and timeout/bufcall callbacks either find it free and mark it busy, or
 * leave their call on one of its three FIFO lists (deferred puts, deferred service calls,
 * deferred callbacks) and go on. The thread inside runs everything deferred before it leaves
 * (lis_perim_drain). So nested putnext/qreply inside one perimeter never deadlocks, and calls
 * into a perimeter from one thread keep their order. Open and close sleep for it instead
 * (lis_perim_enter_sleep); so does qwait to come back in.
 */
#include <lis/export.h>
#include "sched.h"

/**
 * lis_perim_alloc() - a new, free perimeter with one reference.
 *
 * Return: the perimeter, or NULL. Context: process; may sleep.
 */
struct lis_perim *lis_perim_alloc(void)
{
	struct lis_perim *p = lis_sched_zalloc(sizeof(*p));

	if (!p)
		return NULL;
	lis_spin_init(&p->lock);
	lis_waitq_init(&p->waitq);
	lis_atomic_set(&p->refs, 1);
	return p;
}

/**
 * lis_perim_put() - drop a reference to a perimeter; the last one frees it.
 * @p: the perimeter, or NULL
 *
 * Context: any; never sleeps.
 */
void lis_perim_put(struct lis_perim *p)
{
	if (!p || !lis_atomic_dec_and_test(&p->refs))
		return;
	lis_warn_once(p->busy || p->deferred || p->svc_head || p->calls);
	lis_sched_free(p, sizeof(*p));
}

/**
 * lis_perim_claim_or_defer() - claim @p for a call on @q, or leave the call to its owner.
 * @p: the perimeter of @q
 * @q: the queue
 * @mp: the message for a put, NULL for a service call
 *
 * Return: 1 if the caller claimed @p: it makes the call, then lis_perim_drain(); 0 if the
 * call was deferred. Context: any; never sleeps.
 */
int lis_perim_claim_or_defer(struct lis_perim *p, queue_t *q, mblk_t *mp)
{
	unsigned long flags;

	lis_spin_lock_irqsave(&p->lock, flags);
	if (!p->busy) {
		p->busy = 1;
		p->gen++;
		lis_spin_unlock_irqrestore(&p->lock, flags);
		return 1;
	}
	if (mp) {
		mp->b_queue = q;
		mp->b_next = NULL;
		if (p->deferred_tail)
			p->deferred_tail->b_next = mp;
		else
			p->deferred = mp;
		p->deferred_tail = mp;
	} else {
		q->q_link = NULL;
		if (p->svc_tail)
			p->svc_tail->q_link = q;
		else
			p->svc_head = q;
		p->svc_tail = q;
	}
	lis_spin_unlock_irqrestore(&p->lock, flags);
	if (!mp)
		lis_sched_idle_wake();	/* qprocsoff may be waiting inside this perimeter */
	return 0;
}

/**
 * lis_perim_call() - run a callback inside a perimeter, now or by its owner.
 * @p: the perimeter, or NULL to run @c at once
 * @c: the callback
 *
 * Context: any; never sleeps.
 */
void lis_perim_call(struct lis_perim *p, struct lis_pcall *c)
{
	unsigned long flags;

	if (!p) {
		c->fn(c);
		return;
	}
	lis_spin_lock_irqsave(&p->lock, flags);
	if (p->busy) {
		c->next = NULL;
		if (p->calls_tail)
			p->calls_tail->next = c;
		else
			p->calls = c;
		p->calls_tail = c;
		lis_spin_unlock_irqrestore(&p->lock, flags);
		return;
	}
	p->busy = 1;
	p->gen++;
	lis_spin_unlock_irqrestore(&p->lock, flags);
	c->fn(c);
	lis_perim_drain(p);
}

/* The next deferred call of @p, taken off its list: returns 0 if there is none. Lock held. */
static int lis_perim_pop(struct lis_perim *p, mblk_t **mpp, queue_t **qp, struct lis_pcall **cp)
{
	if (p->deferred) {
		*mpp = p->deferred;
		p->deferred = (*mpp)->b_next;
		if (!p->deferred)
			p->deferred_tail = NULL;
		*qp = (*mpp)->b_queue;
		(*mpp)->b_next = NULL;
		(*mpp)->b_queue = NULL;
	} else if (p->svc_head) {
		*qp = p->svc_head;
		p->svc_head = (*qp)->q_link;
		if (!p->svc_head)
			p->svc_tail = NULL;
		(*qp)->q_link = NULL;
	} else if (p->calls) {
		*cp = p->calls;
		p->calls = (*cp)->next;
		if (!p->calls)
			p->calls_tail = NULL;
		(*cp)->next = NULL;
	} else {
		return 0;
	}
	p->gen++;
	return 1;
}

/**
 * lis_perim_drain() - run what was deferred to the claimed perimeter @p, then leave it.
 * @p: the perimeter, claimed by the caller
 *
 * Runs deferred puts, then deferred service calls (in interrupt context they are handed back
 * to the service threads instead), then deferred callbacks, until none is left; then frees the
 * perimeter and wakes the threads sleeping for it.
 * Context: any (the claimer's); never sleeps.
 */
void lis_perim_drain(struct lis_perim *p)
{
	struct lis_pcall *c;
	unsigned long flags;
	mblk_t *mp;
	queue_t *q;
	int wake;

	for (;;) {
		mp = NULL;
		q = NULL;
		c = NULL;
		lis_spin_lock_irqsave(&p->lock, flags);
		if (!lis_perim_pop(p, &mp, &q, &c))
			break;
		lis_spin_unlock_irqrestore(&p->lock, flags);
		if (mp)
			lis_put_inside(q, mp);
		else if (q && lis_in_task())
			lis_srv_inside(q);
		else if (q)
			lis_srv_requeue(q);	/* not in interrupt context: a service thread runs it */
		else
			c->fn(c);
	}
	p->busy = 0;
	wake = p->sleepers > 0;
	lis_spin_unlock_irqrestore(&p->lock, flags);
	if (wake)
		lis_wake_up(&p->waitq);
}

/* Unlink @what from a singly linked FIFO; returns 1 if it was there. Perimeter lock held. */
#define LIS_FIFO_UNLINK(headp, tailp, what, link, found) do {			\
	__typeof__(what) __prev = NULL, __cur = *(headp);			\
	(found) = 0;								\
	for (; __cur; __prev = __cur, __cur = __cur->link) {			\
		if (__cur != (what))						\
			continue;						\
		if (__prev)							\
			__prev->link = __cur->link;				\
		else								\
			*(headp) = __cur->link;					\
		if (*(tailp) == __cur)						\
			*(tailp) = __prev;					\
		__cur->link = NULL;						\
		(found) = 1;							\
		break;								\
	}									\
} while (0)

/**
 * lis_perim_unlink_call() - take a deferred callback back before it runs.
 * @p: the perimeter
 * @c: the callback
 *
 * Return: 1 if @c was waiting on @p (it will not run), 0 otherwise. Context: any.
 */
int lis_perim_unlink_call(struct lis_perim *p, struct lis_pcall *c)
{
	unsigned long flags;
	int found;

	lis_spin_lock_irqsave(&p->lock, flags);
	LIS_FIFO_UNLINK(&p->calls, &p->calls_tail, c, next, found);
	lis_spin_unlock_irqrestore(&p->lock, flags);
	return found;
}

/**
 * lis_perim_unlink_svc() - take a deferred service call of @q back before it runs.
 * @p: the perimeter of @q
 * @q: the queue
 *
 * Return: 1 if it was waiting on @p, 0 otherwise. Context: any.
 */
int lis_perim_unlink_svc(struct lis_perim *p, queue_t *q)
{
	unsigned long flags;
	int found;

	lis_spin_lock_irqsave(&p->lock, flags);
	LIS_FIFO_UNLINK(&p->svc_head, &p->svc_tail, q, q_link, found);
	lis_spin_unlock_irqrestore(&p->lock, flags);
	return found;
}

/**
 * lis_perim_purge() - drop every deferred put and service call aimed at a queue pair.
 * @p: the perimeter, claimed by the caller
 * @qp: the queue pair about to be freed
 *
 * The messages are freed. Context: process (lis_freeq).
 */
void lis_perim_purge(struct lis_perim *p, struct lis_qpair *qp)
{
	mblk_t *mp, *prev = NULL, *next, *dead = NULL;
	unsigned long flags;
	int found;

	lis_spin_lock_irqsave(&p->lock, flags);
	for (mp = p->deferred; mp; mp = next) {
		next = mp->b_next;
		if (mp->b_queue != &qp->q[0] && mp->b_queue != &qp->q[1]) {
			prev = mp;
			continue;
		}
		if (prev)
			prev->b_next = next;
		else
			p->deferred = next;
		if (p->deferred_tail == mp)
			p->deferred_tail = prev;
		mp->b_queue = NULL;
		mp->b_next = dead;
		dead = mp;
	}
	LIS_FIFO_UNLINK(&p->svc_head, &p->svc_tail, &qp->q[0], q_link, found);
	LIS_FIFO_UNLINK(&p->svc_head, &p->svc_tail, &qp->q[1], q_link, found);
	(void)found;
	lis_spin_unlock_irqrestore(&p->lock, flags);
	for (; dead; dead = next) {
		next = dead->b_next;
		dead->b_next = NULL;
		freemsg(dead);
	}
}

/* Claim @p if it is free (and, if @gen is not NULL, once its generation moved past *@gen). */
static int lis_perim_try_claim(struct lis_perim *p, const unsigned int *gen)
{
	unsigned long flags;
	int ok = 0;

	lis_spin_lock_irqsave(&p->lock, flags);
	if (!p->busy && (!gen || p->gen != *gen)) {
		p->busy = 1;
		ok = 1;
	}
	lis_spin_unlock_irqrestore(&p->lock, flags);
	return ok;
}

/* Count a sleeper in or out (the owner wakes the wait queue only when there are some). */
static void lis_perim_sleepers(struct lis_perim *p, int delta)
{
	unsigned long flags;

	lis_spin_lock_irqsave(&p->lock, flags);
	p->sleepers += delta;
	lis_spin_unlock_irqrestore(&p->lock, flags);
}

/* Sleep until lis_perim_try_claim(p, gen) succeeds; 0 or -EINTR. Sleeper counted. */
static int lis_perim_sleep_claim(struct lis_perim *p, const unsigned int *gen, int intr)
{
	int err = 0;

	if (intr)
		err = lis_wait_event_intr(&p->waitq, lis_perim_try_claim(p, gen));
	else
		lis_wait_event(&p->waitq, lis_perim_try_claim(p, gen));
	return err;
}

/**
 * lis_perim_enter_sleep() - claim a perimeter for an open or close routine, sleeping for it.
 * @p: the perimeter
 * @intr: 1 to give up on a signal
 *
 * Return: 0 with @p claimed, or -EINTR (not claimed). Context: process; may sleep.
 */
int lis_perim_enter_sleep(struct lis_perim *p, int intr)
{
	int err;

	lis_might_sleep();
	if (lis_perim_try_claim(p, NULL))
		return 0;
	lis_perim_sleepers(p, 1);
	err = lis_perim_sleep_claim(p, NULL, intr);
	lis_perim_sleepers(p, -1);
	return err;
}
LIS_EXPORT(lis_perim_enter_sleep);

/**
 * lis_perim_exit() - leave a perimeter claimed with lis_perim_enter_sleep().
 * @p: the perimeter
 *
 * Runs the calls deferred meanwhile first. Context: process.
 */
void lis_perim_exit(struct lis_perim *p)
{
	lis_perim_drain(p);
}
LIS_EXPORT(lis_perim_exit);

/* qwait and qwait_sig: 0, or -EINTR after a signal (the perimeter is claimed again anyway). */
static int lis_qwait_common(queue_t *q, int intr)
{
	struct lis_perim *p = q->q_perim;
	unsigned long flags;
	unsigned int gen;
	int err;

	lis_might_sleep();
	if (!p) {
		lis_usleep(1000000 / LIS_HZ);	/* D_MP: nothing to leave; let others run */
		return 0;
	}
	lis_spin_lock_irqsave(&p->lock, flags);
	gen = p->gen;
	p->sleepers++;
	lis_spin_unlock_irqrestore(&p->lock, flags);
	lis_perim_drain(p);
	err = lis_perim_sleep_claim(p, &gen, intr);
	if (err)
		lis_perim_sleep_claim(p, NULL, 0);
	lis_perim_sleepers(p, -1);
	return err;
}

/**
 * lis_qwait() - in an open or close routine, wait for the module's procedures to run.
 * @q: the caller's queue
 *
 * Leaves the perimeter (running what was deferred), sleeps until a put or service procedure
 * or a qtimeout/qbufcall callback has run inside it since, and claims it again. Callers loop
 * on their own condition: other queues of a shared perimeter wake them too. A D_MP queue has
 * no perimeter: qwait sleeps for one tick.
 * Context: process, inside the perimeter (open and close routines only); sleeps.
 */
void lis_qwait(queue_t *q)
{
	(void)lis_qwait_common(q, 0);
}
LIS_EXPORT(lis_qwait);

/**
 * lis_qwait_sig() - qwait(), but a signal ends the wait.
 * @q: the caller's queue
 *
 * Return: 1 after activity, 0 if a signal arrived; either way the perimeter is claimed again.
 * Context: process, inside the perimeter (open and close routines only); sleeps.
 */
int lis_qwait_sig(queue_t *q)
{
	return lis_qwait_common(q, 1) == 0;
}
LIS_EXPORT(lis_qwait_sig);
