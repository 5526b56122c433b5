// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/timeout.c: timeouts and queue callbacks: timeout, untimeout, qtimeout, quntimeout,
 * qbufcall, qunbufcall.
 * Audience: the DDI (drivers and modules).
 *
 * A timeout is a record with a port timer, found by its id in a small hash table (lis_tmo_lock).
 * Its state moves PENDING -> FIRING -> freed, or PENDING -> CANCELLED -> freed:
 *   PENDING    the timer is armed;
 *   FIRING     the timer expired: the callback is running, or (qtimeout) waits on the queue's
 *              perimeter for its owner to run it;
 *   CANCELLED  untimeout() won the race; the record stays in the table, invisible, until its
 *              timer is known to be stopped (so lis_timeout_exit can still find it).
 * untimeout() of a FIRING timeout waits for the callback to finish, spinning (it may be called
 * from interrupt context, like del_timer_sync), unless it is called by the callback itself; a
 * callback still waiting on a perimeter is simply taken back.
 * qbufcall records live on a list (lis_qbc_lock) and follow the same idea over msg/'s bufcall.
 */
#include <lis/export.h>
#include "sched.h"

enum lis_tmo_state { LIS_TMO_PENDING, LIS_TMO_FIRING, LIS_TMO_CANCELLED };

struct lis_tmo {
	lis_timer_t timer;
	struct lis_pcall pcall;		/* qtimeout: deferred to the queue's perimeter */
	struct lis_tmo *hnext;		/* hash chain (lis_tmo_lock) */
	timeout_id_t id;
	void (*func)(void *arg);
	void *arg;
	queue_t *q;			/* qtimeout: run inside q's perimeter */
	unsigned long expires;		/* in ticks */
	enum lis_tmo_state state;	/* lis_tmo_lock */
	int orphan;			/* cancelled in hard irq: the timer frees the record */
	void *runner;			/* the thread running func (lis_port_self) */
};

#define LIS_TMO_HASH	64	/* outstanding timeouts are few; ids are sequential */

static lis_spinlock_t lis_tmo_lock;
static struct lis_tmo *lis_tmo_hash[LIS_TMO_HASH];
static timeout_id_t lis_tmo_next_id;

static lis_spinlock_t lis_qbc_lock;	/* the qbufcall records (second half of the file) */

/**
 * lis_timeout_init() - set up timeout.c (called by lis_runq_init).
 *
 * Context: process.
 */
void lis_timeout_init(void)
{
	lis_spin_init(&lis_tmo_lock);
	lis_spin_init(&lis_qbc_lock);
}

static struct lis_tmo **lis_tmo_bucket(timeout_id_t id)
{
	return &lis_tmo_hash[(unsigned long)id % LIS_TMO_HASH];
}

/* The live (not cancelled) timeout @id, or NULL. Called with lis_tmo_lock held. */
static struct lis_tmo *lis_tmo_find(timeout_id_t id)
{
	struct lis_tmo *t;

	for (t = *lis_tmo_bucket(id); t; t = t->hnext)
		if (t->id == id && t->state != LIS_TMO_CANCELLED)
			return t;
	return NULL;
}

/* Take @t out of the table. Called with lis_tmo_lock held. */
static void lis_tmo_unhash(struct lis_tmo *t)
{
	struct lis_tmo **pp = lis_tmo_bucket(t->id);

	while (*pp != t)
		pp = &(*pp)->hnext;
	*pp = t->hnext;
}

/* Unhash and free @t. */
static void lis_tmo_free(struct lis_tmo *t)
{
	unsigned long flags;

	lis_spin_lock_irqsave(&lis_tmo_lock, flags);
	lis_tmo_unhash(t);
	lis_spin_unlock_irqrestore(&lis_tmo_lock, flags);
	lis_sched_free(t, sizeof(*t));
}

/* Run the callback of @c's timeout (inside the perimeter, for qtimeout), then free it. */
static void lis_tmo_run(struct lis_pcall *c)
{
	struct lis_tmo *t = lis_container_of(c, struct lis_tmo, pcall);

	t->runner = lis_port_self();
	t->func(t->arg);
	lis_tmo_free(t);
}

/* The port timer of a timeout expired. */
static void lis_tmo_fire(lis_timer_t *timer)
{
	struct lis_tmo *t = lis_container_of(timer, struct lis_tmo, timer);
	unsigned long flags;
	int state, orphan = 0;

	lis_spin_lock_irqsave(&lis_tmo_lock, flags);
	state = t->state;
	if (state == LIS_TMO_PENDING) {
		t->state = LIS_TMO_FIRING;
	} else if (t->orphan) {
		orphan = 1;
		lis_tmo_unhash(t);
	}
	lis_spin_unlock_irqrestore(&lis_tmo_lock, flags);
	if (state == LIS_TMO_PENDING)
		lis_perim_call(t->q ? t->q->q_perim : NULL, &t->pcall);
	else if (orphan)
		lis_sched_free(t, sizeof(*t));
	/* else: whoever cancelled it owns the record and frees it after stopping the timer */
}

/* Arm a new timeout; 0 if memory ran out. */
static timeout_id_t lis_tmo_start(queue_t *q, void (*func)(void *), void *arg, long ticks)
{
	struct lis_tmo *t = lis_sched_zalloc(sizeof(*t));
	struct lis_tmo **bucket;
	unsigned long flags;
	timeout_id_t id;

	if (!t)
		return 0;
	if (ticks < 0)
		ticks = 0;
	t->func = func;
	t->arg = arg;
	t->q = q;
	t->pcall.fn = lis_tmo_run;
	t->state = LIS_TMO_PENDING;
	lis_timer_setup(&t->timer, lis_tmo_fire);
	lis_spin_lock_irqsave(&lis_tmo_lock, flags);
	do {
		id = ++lis_tmo_next_id;
		if (id <= 0)
			id = lis_tmo_next_id = 1;
	} while (lis_tmo_find(id));
	t->id = id;
	t->expires = lis_ticks() + (unsigned long)ticks;
	bucket = lis_tmo_bucket(id);
	t->hnext = *bucket;
	*bucket = t;
	lis_spin_unlock_irqrestore(&lis_tmo_lock, flags);
	lis_timer_arm(&t->timer, (unsigned long)ticks);
	return id;
}

/**
 * lis_timeout() - call @func(@arg) after @ticks clock ticks.
 * @func: the callback; it runs in timer context (softirq in the kernel) and must not sleep
 * @arg: its argument
 * @ticks: the delay (LIS_HZ per second; see drv_usectohz)
 *
 * Return: a non-zero id for untimeout(), or 0 if memory ran out.
 * Context: any; never sleeps.
 */
timeout_id_t lis_timeout(void (*func)(void *arg), void *arg, long ticks)
{
	return lis_tmo_start(NULL, func, arg, ticks);
}
LIS_EXPORT(lis_timeout);

/**
 * lis_qtimeout() - timeout() whose callback runs inside @q's perimeter.
 * @q: the queue whose perimeter serializes the callback with its put and service procedures
 * @func: the callback
 * @arg: its argument
 * @ticks: the delay
 *
 * Return: a non-zero id for quntimeout(), or 0. Context: any; never sleeps.
 */
timeout_id_t lis_qtimeout(queue_t *q, void (*func)(void *arg), void *arg, long ticks)
{
	return lis_tmo_start(q, func, arg, ticks);
}
LIS_EXPORT(lis_qtimeout);

/* untimeout() of a PENDING timeout @t (lock held on entry, dropped): remaining ticks. */
static clock_t lis_tmo_cancel_pending(struct lis_tmo *t, unsigned long flags)
	__releases(&lis_tmo_lock)
{
	long left = (long)(t->expires - lis_ticks());

	t->state = LIS_TMO_CANCELLED;
	if (lis_in_irq()) {
		t->orphan = 1;		/* cannot wait for the timer here: it frees the record */
		lis_spin_unlock_irqrestore(&lis_tmo_lock, flags);
	} else {
		lis_tmo_unhash(t);
		lis_spin_unlock_irqrestore(&lis_tmo_lock, flags);
		lis_timer_cancel_sync(&t->timer);
		lis_sched_free(t, sizeof(*t));
	}
	return left > 0 ? left : 0;
}

/**
 * lis_untimeout() - cancel a timeout (or qtimeout).
 * @id: its id
 *
 * If the callback is running, waits for it to return, except when called from that very
 * callback. A qtimeout callback still waiting for its perimeter is cancelled.
 *
 * Return: the ticks that were left, or -1 if the timeout had already run (or never existed).
 * Context: any; never sleeps, but may spin while the callback runs on another CPU.
 */
clock_t lis_untimeout(timeout_id_t id)
{
	unsigned long flags;
	struct lis_tmo *t;

	lis_spin_lock_irqsave(&lis_tmo_lock, flags);
	for (;;) {
		t = lis_tmo_find(id);
		if (!t || t->runner == lis_port_self())
			break;
		if (t->state == LIS_TMO_PENDING)
			return lis_tmo_cancel_pending(t, flags);
		if (t->q && t->q->q_perim && lis_perim_unlink_call(t->q->q_perim, &t->pcall)) {
			lis_tmo_unhash(t);
			lis_spin_unlock_irqrestore(&lis_tmo_lock, flags);
			lis_sched_free(t, sizeof(*t));
			return 0;
		}
		lis_spin_unlock_irqrestore(&lis_tmo_lock, flags);
		lis_cpu_relax();
		lis_spin_lock_irqsave(&lis_tmo_lock, flags);
	}
	lis_spin_unlock_irqrestore(&lis_tmo_lock, flags);
	return -1;
}
LIS_EXPORT(lis_untimeout);

/**
 * lis_quntimeout() - cancel a qtimeout; as untimeout().
 * @q: the queue it was set for
 * @id: its id
 *
 * Return: the ticks that were left, or -1. Context: any; may spin.
 */
clock_t lis_quntimeout(queue_t *q, timeout_id_t id)
{
	(void)q;
	return lis_untimeout(id);
}
LIS_EXPORT(lis_quntimeout);

/**
 * lis_timeout_exit() - cancel the timeouts still outstanding at unload, with a warning.
 *
 * Context: process (lis_runq_exit).
 */
void lis_timeout_exit(void)
{
	unsigned long flags;
	struct lis_tmo *t;
	int i, n = 0;

	for (i = 0; i < LIS_TMO_HASH; i++) {
		lis_spin_lock_irqsave(&lis_tmo_lock, flags);
		while ((t = lis_tmo_hash[i]) != NULL) {
			if (t->state == LIS_TMO_FIRING) {	/* a callback is running: let it end */
				lis_spin_unlock_irqrestore(&lis_tmo_lock, flags);
				lis_cpu_relax();
				lis_spin_lock_irqsave(&lis_tmo_lock, flags);
				continue;
			}
			t->state = LIS_TMO_CANCELLED;
			t->orphan = 0;		/* ours now, even if cancelled in hard irq */
			lis_tmo_unhash(t);
			lis_spin_unlock_irqrestore(&lis_tmo_lock, flags);
			lis_timer_cancel_sync(&t->timer);
			lis_sched_free(t, sizeof(*t));
			n++;
			lis_spin_lock_irqsave(&lis_tmo_lock, flags);
		}
		lis_spin_unlock_irqrestore(&lis_tmo_lock, flags);
	}
	if (n)
		lis_log(LIS_LOG_WARN, "%d timeouts were still set at exit\n", n);
}

/* ---------------------------------------------------------------- qbufcall */

enum lis_qbc_state { LIS_QBC_ARMED, LIS_QBC_FIRING, LIS_QBC_DONE, LIS_QBC_CANCELLED };

struct lis_qbc {
	struct lis_pcall pcall;		/* deferred to the queue's perimeter */
	struct lis_qbc *next;		/* on lis_qbc_list (lis_qbc_lock) */
	queue_t *q;
	void (*func)(void *arg);
	void *arg;
	bcid_t id;			/* msg/'s id; 0 until lis_bufcall returned */
	enum lis_qbc_state state;	/* lis_qbc_lock */
	void *runner;
};

static struct lis_qbc *lis_qbc_list;

/* Unlink @b from the list. Called with lis_qbc_lock held. */
static void lis_qbc_unlink(struct lis_qbc *b)
{
	struct lis_qbc **pp = &lis_qbc_list;

	while (*pp != b)
		pp = &(*pp)->next;
	*pp = b->next;
}

/* The record of qbufcall @id, or NULL. Called with lis_qbc_lock held. */
static struct lis_qbc *lis_qbc_find(bcid_t id)
{
	struct lis_qbc *b;

	for (b = lis_qbc_list; b; b = b->next)
		if (b->id == id && b->state != LIS_QBC_DONE)
			return b;
	return NULL;
}

/* Run a qbufcall callback inside the perimeter; then the record goes (once its id is known). */
static void lis_qbc_run(struct lis_pcall *c)
{
	struct lis_qbc *b = lis_container_of(c, struct lis_qbc, pcall);
	unsigned long flags;
	int free_it;

	b->runner = lis_port_self();
	b->func(b->arg);
	lis_spin_lock_irqsave(&lis_qbc_lock, flags);
	b->state = LIS_QBC_DONE;
	free_it = b->id != 0;
	if (free_it)
		lis_qbc_unlink(b);
	lis_spin_unlock_irqrestore(&lis_qbc_lock, flags);
	if (free_it)
		lis_sched_free(b, sizeof(*b));
}

/* msg/'s bufcall fired. */
static void lis_qbc_fire(void *arg)
{
	struct lis_qbc *b = arg;
	unsigned long flags;
	int go;

	lis_spin_lock_irqsave(&lis_qbc_lock, flags);
	go = b->state == LIS_QBC_ARMED;
	if (go)
		b->state = LIS_QBC_FIRING;
	lis_spin_unlock_irqrestore(&lis_qbc_lock, flags);
	if (go)
		lis_perim_call(b->q->q_perim, &b->pcall);
}

/**
 * lis_qbufcall() - bufcall() whose callback runs inside @q's perimeter.
 * @q: the queue
 * @size: the buffer size the caller waits for
 * @pri: allocation priority (ignored, as in Solaris)
 * @func: the callback
 * @arg: its argument
 *
 * Return: a non-zero id for qunbufcall(), or 0 on failure. Context: any; never sleeps.
 */
bcid_t lis_qbufcall(queue_t *q, size_t size, unsigned int pri, void (*func)(void *arg), void *arg)
{
	struct lis_qbc *b = lis_sched_zalloc(sizeof(*b));
	unsigned long flags;
	bcid_t id;

	if (!b)
		return 0;
	b->q = q;
	b->func = func;
	b->arg = arg;
	b->pcall.fn = lis_qbc_run;
	b->state = LIS_QBC_ARMED;
	lis_spin_lock_irqsave(&lis_qbc_lock, flags);
	b->next = lis_qbc_list;
	lis_qbc_list = b;
	lis_spin_unlock_irqrestore(&lis_qbc_lock, flags);
	id = lis_bufcall(size, pri, lis_qbc_fire, b);
	lis_spin_lock_irqsave(&lis_qbc_lock, flags);
	b->id = id;
	if (!id || b->state == LIS_QBC_DONE)
		lis_qbc_unlink(b);	/* failed, or already ran before its id was known */
	else
		b = NULL;
	lis_spin_unlock_irqrestore(&lis_qbc_lock, flags);
	lis_sched_free(b, sizeof(*b));
	return id;
}
LIS_EXPORT(lis_qbufcall);

/**
 * lis_qunbufcall() - cancel a qbufcall.
 * @q: the queue it was set for
 * @id: its id
 *
 * If the callback is running, waits for it, except when called from that callback; a
 * callback still waiting for the perimeter is taken back.
 * Context: any; may spin.
 */
void lis_qunbufcall(queue_t *q, bcid_t id)
{
	struct lis_perim *p = q->q_perim;
	unsigned long flags;
	struct lis_qbc *b;

	if (!id)
		return;
	lis_spin_lock_irqsave(&lis_qbc_lock, flags);
	for (;;) {
		b = lis_qbc_find(id);
		if (!b || b->runner == lis_port_self())
			break;
		if (b->state == LIS_QBC_ARMED) {
			b->state = LIS_QBC_CANCELLED;
			lis_spin_unlock_irqrestore(&lis_qbc_lock, flags);
			lis_unbufcall(id);	/* waits for a lis_qbc_fire in progress */
			lis_spin_lock_irqsave(&lis_qbc_lock, flags);
			lis_qbc_unlink(b);
			lis_spin_unlock_irqrestore(&lis_qbc_lock, flags);
			lis_sched_free(b, sizeof(*b));
			return;
		}
		if (p && lis_perim_unlink_call(p, &b->pcall)) {
			lis_qbc_unlink(b);
			lis_spin_unlock_irqrestore(&lis_qbc_lock, flags);
			lis_sched_free(b, sizeof(*b));
			return;
		}
		lis_spin_unlock_irqrestore(&lis_qbc_lock, flags);
		lis_cpu_relax();
		lis_spin_lock_irqsave(&lis_qbc_lock, flags);
	}
	lis_spin_unlock_irqrestore(&lis_qbc_lock, flags);
}
LIS_EXPORT(lis_qunbufcall);
