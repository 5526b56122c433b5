// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/runq.c: the service threads and queue scheduling: qenable, qprocson, qprocsoff,
 * lis_runq_init/exit, lis_runq_wait_idle.
 * Audience: the DDI (qenable, qprocson, qprocsoff) and the framework.
 *
 * One service thread per CPU ("lis_svc/N"), each with its own run list and lock. qenable()
 * appends the queue to the list of the CPU it runs on and wakes that thread if the list was
 * empty; a thread takes queues off its list in order and runs their service procedures
 * through their perimeters (a busy perimeter gets the call deferred to its owner, and the
 * thread moves on). A queue whose service procedure is running (QINSERV) is not put on any
 * list when enabled: the thread that runs it re-queues it when the procedure returns, on its
 * own CPU. The state machine is at the top of sched/sched.h.
 *
 * Why one thread per CPU: qenable from a put procedure running on CPU n hands the work to a
 * thread on the same CPU, which keeps the queue and its messages in that CPU's cache; the
 * threads never share a list, so the only shared write on this path is the queue's own lock.
 */
#include <lis/export.h>
#include "sched.h"

struct lis_runq {
	lis_spinlock_t lock;		/* head, tail, q_link of the queues on the list */
	queue_t *head;
	queue_t *tail;
	lis_waitq_t wq;			/* the thread sleeps here when the list is empty */
	lis_thread_t *thread;		/* NULL if it could not be started */
} __attribute__((aligned(64)));

static struct lis_runq *lis_runqs;	/* one per CPU id; set up once by lis_runq_init */
static int lis_nrunq;
static struct lis_runq *lis_runq_any;	/* a list with a thread, for CPUs without one */

/* Threads waiting for a queue to go idle (qprocsoff, close); woken only when there are some. */
static lis_waitq_t lis_idle_wq;
static lis_atomic_t lis_idle_waiters;

/* The run list of the CPU we run on. */
static struct lis_runq *lis_runq_here(void)
{
	struct lis_runq *rq = &lis_runqs[(unsigned int)lis_port_cpu() % (unsigned int)lis_nrunq];

	return rq->thread ? rq : lis_runq_any;
}

/*
 * Put @q on a run list. Return: the list, whose thread must be woken (lis_runq_wake) after the
 * queue lock is dropped, or NULL. Called with the queue lock held.
 */
static struct lis_runq *lis_runq_append(queue_t *q)
{
	struct lis_runq *rq;
	unsigned long flags;
	int was_empty;

	if (lis_unlikely(!lis_runqs)) {
		lis_warn_once(1);	/* no service threads: QENAB stays pending */
		return NULL;
	}
	rq = lis_runq_here();
	q->q_lis_flags |= QL_RUNQ;
	q->q_link = NULL;
	lis_spin_lock_irqsave(&rq->lock, flags);
	was_empty = !rq->head;
	if (rq->tail)
		rq->tail->q_link = q;
	else
		rq->head = q;
	rq->tail = q;
	lis_spin_unlock_irqrestore(&rq->lock, flags);
	return was_empty ? rq : NULL;
}

/**
 * lis_runq_wake() - wake the service thread of a run list that just became non-empty.
 * @rq: the list returned by lis_qenable_locked(), or NULL
 *
 * Context: any; never sleeps. Called without queue locks.
 */
void lis_runq_wake(struct lis_runq *rq)
{
	if (rq)
		lis_wake_up(&rq->wq);
}

/**
 * lis_qenable_locked() - schedule the service procedure of @q.
 * @q: the queue, its lock held
 *
 * Nothing happens if @q has no service procedure or is already enabled. If the procedure is
 * running, the running thread will run it again; if the procedures are off, QENAB is left
 * pending until qprocson().
 *
 * Return: a run list to pass to lis_runq_wake() after unlocking, or NULL.
 * Context: any; never sleeps.
 */
struct lis_runq *lis_qenable_locked(queue_t *q)
{
	if (!lis_q_has_srv(q) || (q->q_flag & QENAB))
		return NULL;
	q->q_flag |= QENAB;
	if ((q->q_flag & (QINSERV | QPROCSON)) != QPROCSON)
		return NULL;
	return lis_runq_append(q);
}

/**
 * lis_qenable() - schedule the service procedure of a queue.
 * @q: the queue
 *
 * As qenable(9F): ignores noenable(); does nothing if @q has no service procedure or is
 * already scheduled. The procedure runs soon on a service thread, never concurrently with
 * itself. Context: any (hard irq included); never sleeps.
 */
void lis_qenable(queue_t *q)
{
	struct lis_runq *rq;
	unsigned long flags;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	rq = lis_qenable_locked(q);
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	lis_runq_wake(rq);
}
LIS_EXPORT(lis_qenable);

/**
 * lis_sched_idle_wake() - tell lis_runq_wait_idle() waiters that a queue's state changed.
 *
 * Context: any; never sleeps. Called without queue locks.
 */
void lis_sched_idle_wake(void)
{
	if (lis_atomic_read(&lis_idle_waiters))
		lis_wake_up(&lis_idle_wq);
}

/**
 * lis_srv_done() - a service procedure returned (or was skipped): clear QINSERV and run it
 * again if it was enabled meanwhile.
 * @q: the queue
 *
 * Context: any; never sleeps.
 */
void lis_srv_done(queue_t *q)
{
	struct lis_runq *rq = NULL;
	unsigned long flags;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	q->q_flag &= ~QINSERV;
	if ((q->q_flag & (QENAB | QPROCSON)) == (QENAB | QPROCSON))
		rq = lis_runq_append(q);
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	lis_runq_wake(rq);
	lis_sched_idle_wake();
}

/**
 * lis_srv_inside() - call the service procedure of @q, whose perimeter (if any) the caller
 * holds and whose QINSERV the caller set.
 * @q: the queue
 *
 * Context: a service thread, or a perimeter's owner running deferred calls; never sleeps.
 */
void lis_srv_inside(queue_t *q)
{
	struct qinit *qi = q->q_qinfo;

	if (lis_q_flag_peek(q) & QPROCSON) {
		if (qi->qi_mstat)
			qi->qi_mstat->ms_scnt++;	/* statistics: not atomic, as in SVR4 */
		qi->qi_srvp(q);
	}
	lis_srv_done(q);
}

/**
 * lis_srv_requeue() - give a deferred service call of @q back to the service threads.
 * @q: the queue, QINSERV set by the thread that deferred it
 *
 * A perimeter drained in interrupt context must not run service procedures there: they run
 * in process context only. Context: any; never sleeps.
 */
void lis_srv_requeue(queue_t *q)
{
	unsigned long flags;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	q->q_flag |= QENAB;
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	lis_srv_done(q);
}

/* A service thread took @q off its list: run its service procedure, or let it go. */
static void lis_runq_service(queue_t *q)
{
	struct lis_perim *p = q->q_perim;
	unsigned long flags;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	q->q_lis_flags &= ~QL_RUNQ;
	if (!(q->q_flag & QPROCSON)) {
		lis_spin_unlock_irqrestore(lis_qlock(q), flags);	/* QENAB stays pending */
		lis_sched_idle_wake();
		return;
	}
	q->q_flag = (q->q_flag & ~QENAB) | QINSERV;
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	if (!p) {
		lis_srv_inside(q);
	} else if (lis_perim_claim_or_defer(p, q, NULL)) {
		lis_srv_inside(q);
		lis_perim_drain(p);
	}
}

/* The first queue of @rq's list, taken off it, or NULL. */
static queue_t *lis_runq_pop(struct lis_runq *rq)
{
	unsigned long flags;
	queue_t *q;

	lis_spin_lock_irqsave(&rq->lock, flags);
	q = rq->head;
	if (q) {
		rq->head = q->q_link;
		if (!rq->head)
			rq->tail = NULL;
		q->q_link = NULL;
	}
	lis_spin_unlock_irqrestore(&rq->lock, flags);
	return q;
}

/* Whether the thread of @rq has work; read without the lock, as a wake-up condition. */
static int lis_runq_pending(struct lis_runq *rq)
{
	return *(queue_t * const volatile *)&rq->head != NULL;
}

/* The service thread of one CPU. */
static int lis_runq_thread(void *arg)
{
	struct lis_runq *rq = arg;
	queue_t *q;

	for (;;) {
		(void)lis_wait_event_intr(&rq->wq,
					  lis_runq_pending(rq) || lis_thread_should_stop());
		while ((q = lis_runq_pop(rq)) != NULL) {
			lis_runq_service(q);
			lis_might_sleep();	/* a preemption point between service procedures */
		}
		if (lis_thread_should_stop())
			return 0;
	}
}

/* Whether @q is neither on a run list nor in its service procedure (see qprocsoff). */
static int lis_q_idle(queue_t *q)
{
	struct lis_perim *p = q->q_perim;
	unsigned long flags;
	int idle, off;

	off = !(lis_q_flag_peek(q) & QPROCSON);
	if (off && p && lis_perim_unlink_svc(p, q)) {
		/* deferred to a perimeter whose owner may be us: it will not run any more */
		lis_spin_lock_irqsave(lis_qlock(q), flags);
		q->q_flag &= ~QINSERV;
		lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	}
	lis_spin_lock_irqsave(lis_qlock(q), flags);
	idle = !(q->q_flag & QINSERV) && !(q->q_lis_flags & QL_RUNQ);
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	return idle;
}

/**
 * lis_runq_wait_idle() - wait until a queue is neither scheduled nor being serviced.
 * @q: the queue
 *
 * With the queue's procedures off, a service call deferred to its perimeter is dropped, so
 * this may be called from inside the perimeter (a close routine). With them on, the caller
 * must not hold the queue's perimeter.
 * Context: process; sleeps.
 */
void lis_runq_wait_idle(queue_t *q)
{
	lis_might_sleep();
	(void)lis_atomic_add_return(1, &lis_idle_waiters);
	lis_wait_event(&lis_idle_wq, lis_q_idle(q));
	lis_atomic_dec(&lis_idle_waiters);
}
LIS_EXPORT(lis_runq_wait_idle);

/**
 * lis_qprocson() - turn on the put and service procedures of a queue pair.
 * @q: either queue of the pair
 *
 * A queue enabled while its procedures were off is scheduled now.
 * Context: process (open, or the framework around it); never sleeps.
 */
void lis_qprocson(queue_t *q)
{
	queue_t *pair[2] = { RD(q), WR(q) };
	struct lis_runq *rq;
	unsigned long flags;
	int i;

	for (i = 0; i < 2; i++) {
		q = pair[i];
		rq = NULL;
		lis_spin_lock_irqsave(lis_qlock(q), flags);
		q->q_flag |= QPROCSON;
		if ((q->q_flag & (QENAB | QINSERV)) == QENAB && !(q->q_lis_flags & QL_RUNQ))
			rq = lis_runq_append(q);
		lis_spin_unlock_irqrestore(lis_qlock(q), flags);
		lis_runq_wake(rq);
	}
}
LIS_EXPORT(lis_qprocson);

/* Clear (@on == 0) or set bits of q_flag under the queue lock. */
static void lis_q_flag_change(queue_t *q, unsigned int bits, int on)
{
	unsigned long flags;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	if (on)
		q->q_flag |= bits;
	else
		q->q_flag &= ~bits;
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
}

/**
 * lis_qprocsoff() - turn off the put and service procedures of a queue pair, and wait for
 * the calls in flight.
 * @q: either queue of the pair
 *
 * When it returns, no put or service procedure of the pair is running or will be called:
 * messages put to the pair pass on to q_next (or are freed at the end of the stream), and a
 * pending enable is forgotten. May be called from the module's close routine, inside its
 * perimeter, as Solaris modules do; calling it again is harmless.
 * Context: process; sleeps (an RCU grace period, and running service procedures).
 */
void lis_qprocsoff(queue_t *q)
{
	queue_t *rq = RD(q), *wq = WR(q);

	lis_might_sleep();
	lis_q_flag_change(rq, QPROCSON, 0);
	lis_q_flag_change(wq, QPROCSON, 0);
	lis_synchronize_rcu();		/* every put() runs under lis_rcu_read_lock */
	lis_runq_wait_idle(rq);
	lis_runq_wait_idle(wq);
	lis_q_flag_change(rq, QENAB, 0);
	lis_q_flag_change(wq, QENAB, 0);
}
LIS_EXPORT(lis_qprocsoff);

/* Stop the threads started so far and free the lists. */
static void lis_runq_teardown(void)
{
	int i;

	for (i = 0; i < lis_nrunq; i++)
		if (lis_runqs[i].thread)
			lis_thread_stop(lis_runqs[i].thread);
	lis_port_free(lis_runqs);
	lis_runqs = NULL;
	lis_runq_any = NULL;
	lis_nrunq = 0;
}

/**
 * lis_runq_init() - set up sched/: the service threads, timeouts, perimeter allocation.
 *
 * Must run before any other sched/ routine (module load; a test's setup).
 * Return: 0, or a negative errno. Context: process; sleeps.
 */
int lis_runq_init(void)
{
	int i, n = lis_port_ncpus();

	lis_qalloc_init();
	lis_timeout_init();
	lis_waitq_init(&lis_idle_wq);
	lis_atomic_set(&lis_idle_waiters, 0);
	lis_runqs = lis_port_zalloc(sizeof(*lis_runqs) * (size_t)n, 1);
	if (!lis_runqs)
		return -ENOMEM;
	lis_nrunq = n;
	for (i = n - 1; i >= 0; i--) {
		struct lis_runq *rq = &lis_runqs[i];

		lis_spin_init(&rq->lock);
		lis_waitq_init(&rq->wq);
		rq->thread = lis_thread_start(lis_runq_thread, rq, i, "lis_svc/%d");
		if (rq->thread)
			lis_runq_any = rq;
	}
	if (!lis_runq_any) {
		lis_runq_teardown();
		return -ENOMEM;
	}
	return 0;
}

/**
 * lis_runq_exit() - stop the service threads and cancel leftover timeouts.
 *
 * Every stream must be gone (its queues off and freed). Context: process (module unload).
 */
void lis_runq_exit(void)
{
	lis_timeout_exit();
	if (lis_runqs)
		lis_runq_teardown();
}
