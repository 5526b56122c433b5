// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * msg/bufcall.c: waiting for buffers: testb, bufcall, esbbcall, unbufcall (9F).
 * Audience: drivers and modules (the DDI); sched/ builds qbufcall/qunbufcall on these.
 *
 * A driver whose allocb() failed calls bufcall(size, pri, func, arg) and returns; func(arg) is
 * called once a buffer of that size can probably be had. Pending requests sit on one list. A port
 * timer tries them every tick while the list is not empty, and freeb() brings the next run
 * forward when it frees a block while requests are pending. A run tries each request with
 * testb(); a request that passes is taken off the list and its callback is called with no lock
 * held, in the timer's context (softirq in the kernel): like a put procedure, it must not sleep.
 *
 * lis_bc_lock (spinlock, irqsave) protects the list, the id counter and the "running" fields.
 * Callbacks run one at a time (one timer), so one "running" slot is enough: unbufcall() of a
 * request whose callback is running waits for it, unless called from that callback.
 */
#include <lis/export.h>
#include "msg.h"

struct lis_bcall {
	struct lis_bcall *next;
	bcid_t id;
	unsigned int gen;		/* the run that last tried it */
	size_t size;			/* buffer size it waits for */
	void (*func)(void *arg);
	void *arg;
};

static lis_spinlock_t lis_bc_lock;
static struct lis_bcall *lis_bc_head;
static struct lis_bcall **lis_bc_tail = &lis_bc_head;
static bcid_t lis_bc_lastid;
static unsigned int lis_bc_gen;
static bcid_t lis_bc_running;		/* id whose callback is running, or 0 */
static void *lis_bc_runner;		/* lis_port_self() of its caller */
static int lis_bc_live;			/* between init and exit: the timer may be armed */
static lis_timer_t lis_bc_timer;
static lis_atomic_t lis_bc_kicked;	/* a run is already brought forward */
lis_atomic_t lis_bc_npending;		/* requests on the list (read without the lock by freeb) */

/**
 * lis_testb() - can a buffer of @size bytes be allocated now (testb(9F))?
 * @size: bytes
 * @pri: BPRI_* (ignored)
 *
 * Return: 1 if an allocb() of @size just succeeded (the block was freed again), else 0.
 * Any context; never sleeps.
 */
int lis_testb(size_t size, unsigned int pri)
{
	struct lis_block *b = lis_block_alloc(size, __FILE__, __LINE__);

	(void)pri;
	if (!b)
		return 0;
	lis_freeb(&b->m);
	return 1;
}
LIS_EXPORT(lis_testb);

/* Unlink the request with this id; returns it, or NULL. Called with lis_bc_lock held. */
static struct lis_bcall *lis_bc_unlink_locked(bcid_t id)
{
	struct lis_bcall **pp, *e;

	for (pp = &lis_bc_head; (e = *pp); pp = &e->next) {
		if (e->id == id) {
			*pp = e->next;
			if (lis_bc_tail == &e->next)
				lis_bc_tail = pp;
			lis_atomic_dec(&lis_bc_npending);
			return e;
		}
	}
	return NULL;
}

/* The first request this run has not tried yet, marked tried; NULL when none. Lock held. */
static struct lis_bcall *lis_bc_next_locked(unsigned int gen)
{
	struct lis_bcall *e;

	for (e = lis_bc_head; e; e = e->next) {
		if (e->gen != gen) {
			e->gen = gen;
			return e;
		}
	}
	return NULL;
}

/* Try one request: if a buffer is available and it is still pending, call it. */
static void lis_bc_try(bcid_t id, size_t size)
{
	struct lis_bcall *e;
	unsigned long flags;

	if (!lis_testb(size, BPRI_LO))
		return;
	lis_spin_lock_irqsave(&lis_bc_lock, flags);
	e = lis_bc_unlink_locked(id);
	if (e) {
		lis_bc_running = id;
		lis_bc_runner = lis_port_self();
	}
	lis_spin_unlock_irqrestore(&lis_bc_lock, flags);
	if (!e)
		return;			/* cancelled meanwhile */
	e->func(e->arg);
	lis_mem_free(e, sizeof(*e));	/* before unbufcall() may return: the memory is accounted */
	lis_spin_lock_irqsave(&lis_bc_lock, flags);
	lis_bc_running = 0;
	lis_bc_runner = NULL;
	lis_spin_unlock_irqrestore(&lis_bc_lock, flags);
}

/* The timer: one run over the pending requests; again next tick while any remain. */
static void lis_bc_run(lis_timer_t *t)
{
	struct lis_bcall *e;
	unsigned long flags;
	unsigned int gen;
	size_t size = 0;
	bcid_t id = 0;
	int again;

	(void)t;
	lis_atomic_set(&lis_bc_kicked, 0);
	lis_spin_lock_irqsave(&lis_bc_lock, flags);
	gen = ++lis_bc_gen;
	lis_spin_unlock_irqrestore(&lis_bc_lock, flags);
	for (;;) {
		lis_spin_lock_irqsave(&lis_bc_lock, flags);
		e = lis_bc_next_locked(gen);
		if (e) {
			id = e->id;
			size = e->size;
		}
		lis_spin_unlock_irqrestore(&lis_bc_lock, flags);
		if (!e)
			break;
		lis_bc_try(id, size);
	}
	lis_spin_lock_irqsave(&lis_bc_lock, flags);
	again = lis_bc_head && lis_bc_live;
	if (again)
		lis_timer_arm(&lis_bc_timer, 1);
	lis_spin_unlock_irqrestore(&lis_bc_lock, flags);
}

/**
 * lis_bufcall_kick() - bring the next run forward: freeb() freed a block while requests pend.
 *
 * Any context; never sleeps.
 */
void lis_bufcall_kick(void)
{
	if (!lis_atomic_read(&lis_bc_kicked) && lis_atomic_add_return(1, &lis_bc_kicked) == 1) {
		unsigned long flags;

		lis_spin_lock_irqsave(&lis_bc_lock, flags);
		if (lis_bc_live)
			lis_timer_arm(&lis_bc_timer, 0);
		lis_spin_unlock_irqrestore(&lis_bc_lock, flags);
	}
}

static bcid_t lis_bc_add(size_t size, void (*func)(void *arg), void *arg)
{
	struct lis_bcall *e;
	unsigned long flags;
	bcid_t id = 0;

	if (lis_warn_once(!func))
		return 0;
	e = lis_mem_alloc(sizeof(*e), 0, __FILE__, __LINE__);
	if (!e)
		return 0;
	e->next = NULL;
	e->size = size;
	e->func = func;
	e->arg = arg;
	lis_spin_lock_irqsave(&lis_bc_lock, flags);
	if (lis_bc_live) {
		do
			id = ++lis_bc_lastid;
		while (!id || id == lis_bc_running);
		e->id = id;
		e->gen = lis_bc_gen;	/* tried by the next run, not by one already going */
		*lis_bc_tail = e;
		lis_bc_tail = &e->next;
		lis_atomic_inc(&lis_bc_npending);
		lis_timer_arm(&lis_bc_timer, 1);
	}
	lis_spin_unlock_irqrestore(&lis_bc_lock, flags);
	if (!id)
		lis_mem_free(e, sizeof(*e));
	return id;
}

/**
 * lis_bufcall() - call @func(@arg) when a buffer of @size bytes is likely available
 * (bufcall(9F)).
 * @size: bytes the caller failed to allocate
 * @pri: BPRI_* (ignored)
 * @func: the callback; it runs once, without locks, in timer (softirq) context: must not sleep
 * @arg: its argument
 *
 * Return: a non-zero id for unbufcall(), or 0 if the request could not be recorded (the caller
 * should then retry with a timeout). Any context; never sleeps.
 */
bcid_t lis_bufcall(size_t size, unsigned int pri, void (*func)(void *arg), void *arg)
{
	(void)pri;
	return lis_bc_add(size, func, arg);
}
LIS_EXPORT(lis_bufcall);

/**
 * lis_esbbcall() - call @func(@arg) when an esballoc() is likely to succeed (esbbcall(9F)).
 * @pri: BPRI_* (ignored)
 * @func: the callback, as for bufcall()
 * @arg: its argument
 *
 * Return: a non-zero id for unbufcall(), or 0. Any context; never sleeps.
 */
bcid_t lis_esbbcall(unsigned int pri, void (*func)(void *arg), void *arg)
{
	(void)pri;
	return lis_bc_add(0, func, arg);
}
LIS_EXPORT(lis_esbbcall);

/**
 * lis_unbufcall() - cancel a bufcall or esbbcall request (unbufcall(9F)).
 * @id: the id bufcall() or esbbcall() returned
 *
 * When it returns, the callback is not pending and not running (unless unbufcall was called by
 * that callback itself). The caller must not hold a lock the callback takes.
 * Any context; never sleeps, but may spin while the callback runs.
 */
void lis_unbufcall(bcid_t id)
{
	struct lis_bcall *e;
	unsigned long flags;
	int running;

	if (!id)
		return;
	lis_spin_lock_irqsave(&lis_bc_lock, flags);
	e = lis_bc_unlink_locked(id);
	lis_spin_unlock_irqrestore(&lis_bc_lock, flags);
	if (e) {
		lis_mem_free(e, sizeof(*e));
		return;
	}
	do {
		lis_spin_lock_irqsave(&lis_bc_lock, flags);
		running = lis_bc_running == id && lis_bc_runner != lis_port_self();
		lis_spin_unlock_irqrestore(&lis_bc_lock, flags);
		if (running)
			lis_cpu_relax();
	} while (running);
}
LIS_EXPORT(lis_unbufcall);

/**
 * lis_bufcall_init() - ready the bufcall list and its timer.
 *
 * Process context (module init).
 */
void lis_bufcall_init(void)
{
	lis_spin_init(&lis_bc_lock);
	lis_bc_head = NULL;
	lis_bc_tail = &lis_bc_head;
	lis_bc_running = 0;
	lis_bc_runner = NULL;
	lis_atomic_set(&lis_bc_npending, 0);
	lis_atomic_set(&lis_bc_kicked, 0);
	lis_timer_setup(&lis_bc_timer, lis_bc_run);
	lis_bc_live = 1;
}

/**
 * lis_bufcall_exit() - stop the timer; requests still pending are a driver's bug: report and
 * drop them.
 *
 * Process context (module exit); may sleep.
 */
void lis_bufcall_exit(void)
{
	struct lis_bcall *e, *next;
	unsigned long flags;
	int n = 0;

	lis_spin_lock_irqsave(&lis_bc_lock, flags);
	lis_bc_live = 0;
	e = lis_bc_head;
	lis_bc_head = NULL;
	lis_bc_tail = &lis_bc_head;
	lis_atomic_set(&lis_bc_npending, 0);
	lis_spin_unlock_irqrestore(&lis_bc_lock, flags);
	lis_timer_cancel_sync(&lis_bc_timer);
	for (; e; e = next) {
		next = e->next;
		lis_mem_free(e, sizeof(*e));
		n++;
	}
	if (n)
		lis_log(LIS_LOG_ERR, "%d bufcalls still held at unload\n", n);
}
