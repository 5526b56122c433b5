// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/ddi.c: the small helpers of <sys/ddi.h>: clock conversions, drv_getparm, drv_priv,
 * delay, and the SVR4 MP locks (basic locks, synchronization variables, sleep locks,
 * reader/writer locks) over the port layer.
 * Audience: the DDI (drivers and modules). What needs Linux itself (the current process's ids,
 * the wall clock) is in ddi_kernel.c, compiled in the kernel home only.
 *
 * The lock objects are kmem memory (accounted; a leak shows at unload). A basic lock keeps the
 * interrupt state its holder saved inside itself, so the pl_t that LOCK returns (and UNLOCK
 * takes) carries nothing: SVR4 levels are accepted and ignored, every basic lock disables
 * interrupts (irqsave). Reader/writer locks are basic locks: readers are serialized as well,
 * which is correct but not concurrent.
 */
#include <lis/export.h>
#include <sys/ddi.h>
#include "sched.h"

/* ---------------------------------------------------------------- time and credentials */

/**
 * lis_drv_usectohz() - microseconds to clock ticks, rounded up.
 * @usec: microseconds (negative counts as 0)
 *
 * Return: ticks. Context: any.
 */
clock_t lis_drv_usectohz(clock_t usec)
{
	if (usec <= 0)
		return 0;
	return (usec / 1000000) * LIS_HZ + ((usec % 1000000) * LIS_HZ + 999999) / 1000000;
}
LIS_EXPORT(lis_drv_usectohz);

/**
 * lis_drv_hztousec() - clock ticks to microseconds.
 * @ticks: ticks (negative counts as 0)
 *
 * Return: microseconds. Context: any.
 */
clock_t lis_drv_hztousec(clock_t ticks)
{
	if (ticks <= 0)
		return 0;
	return (ticks / LIS_HZ) * 1000000 + (ticks % LIS_HZ) * 1000000 / LIS_HZ;
}
LIS_EXPORT(lis_drv_hztousec);

#if defined(LIS_USER)
/* The user-space home knows only the clock: the rest is the kernel's (ddi_kernel.c). */
int lis_ddi_host_getparm(unsigned long parm, unsigned long *valuep)
{
	(void)parm;
	(void)valuep;
	return -1;
}
#endif

/**
 * lis_drv_getparm() - read a kernel parameter (drv_getparm(9F)).
 * @parm: LBOLT (clock_t: ticks since boot), TIME (long: seconds since the epoch), PPID, PPGRP,
 *        PSID (pid_t: the current process's id, process group, session), UPROCP (void *: the
 *        current process); UCRED is not supported (open and close get their cred_t)
 * @valuep: where the value is stored, of the type given above
 *
 * Return: 0, or -1 for an unknown or unsupported parameter (in user space, all but LBOLT).
 * Context: any for LBOLT and TIME; process context for the others.
 */
int lis_drv_getparm(unsigned long parm, void *valuep)
{
	unsigned long v;

	if (parm == LBOLT) {
		*(clock_t *)valuep = (clock_t)lis_ticks();
		return 0;
	}
	if (lis_ddi_host_getparm(parm, &v))
		return -1;
	switch (parm) {
	case TIME:
		*(long *)valuep = (long)v;
		return 0;
	case PPID:
	case PPGRP:
	case PSID:
		*(pid_t *)valuep = (pid_t)v;
		return 0;
	case UPROCP:
		*(void **)valuep = (void *)v;
		return 0;
	default:
		return -1;
	}
}
LIS_EXPORT(lis_drv_getparm);

/**
 * lis_drv_priv() - is this a privileged user?
 * @cr: the credentials an open or close routine got (or an iocblk's ioc_cr)
 *
 * Return: 0 for effective uid 0, EPERM otherwise. Context: any.
 */
int lis_drv_priv(cred_t *cr)
{
	return cr && cr->cr_uid == 0 ? 0 : EPERM;
}
LIS_EXPORT(lis_drv_priv);

/**
 * lis_delay() - sleep for @ticks clock ticks.
 * @ticks: the delay; 0 or less returns at once
 *
 * Context: process; sleeps (never call it from a put or service procedure).
 */
void lis_delay(long ticks)
{
	lis_might_sleep();
	if (ticks > 0)
		lis_usleep((unsigned long)lis_drv_hztousec(ticks));
}
LIS_EXPORT(lis_delay);

/* ---------------------------------------------------------------- basic locks */

struct lis_ddi_lock {
	lis_spinlock_t sl;
	unsigned long flags;		/* the holder's saved interrupt state */
};

static int lis_ddi_km(int flag)
{
	return (flag & KM_NOSLEEP) ? KM_NOSLEEP : KM_SLEEP;
}

/**
 * lis_lock_alloc() - allocate a basic lock (LOCK_ALLOC).
 * @hierarchy: lock hierarchy (ignored)
 * @min_pl: minimum level (ignored: interrupts are always disabled while held)
 * @lkinfop: description (ignored)
 * @flag: KM_SLEEP or KM_NOSLEEP
 *
 * Return: the lock, or NULL (KM_NOSLEEP). Context: as kmem_alloc with @flag.
 */
lock_t *lis_lock_alloc(unsigned char hierarchy, pl_t min_pl, lkinfo_t *lkinfop, int flag)
{
	lock_t *l = lis_kmem_zalloc(sizeof(*l), lis_ddi_km(flag), __FILE__, __LINE__);

	if (l)
		lis_spin_init(&l->sl);
	return l;
}
LIS_EXPORT(lis_lock_alloc);

/**
 * lis_lock_dealloc() - free a basic lock (LOCK_DEALLOC); it must not be held.
 * @lockp: the lock
 *
 * Context: any.
 */
void lis_lock_dealloc(lock_t *lockp)
{
	lis_kmem_free(lockp, sizeof(*lockp));
}
LIS_EXPORT(lis_lock_dealloc);

/**
 * lis_lock() - take a basic lock, disabling interrupts (LOCK).
 * @lockp: the lock
 * @pl: the level to raise to (ignored)
 *
 * Return: the level to pass to UNLOCK. Context: any; spins, never sleeps.
 */
pl_t lis_lock(lock_t *lockp, pl_t pl)
	__acquires(&lockp->sl)
{
	unsigned long flags;

	lis_spin_lock_irqsave(&lockp->sl, flags);
	lockp->flags = flags;
	return plbase;
}
LIS_EXPORT(lis_lock);

/**
 * lis_trylock() - take a basic lock if it is free (TRYLOCK).
 * @lockp: the lock
 * @pl: the level (ignored)
 *
 * Return: the level to pass to UNLOCK, or invpl if the lock is held. Context: any.
 */
pl_t lis_trylock(lock_t *lockp, pl_t pl)
{
	unsigned long flags;

	if (lis_spin_trylock_irqsave(&lockp->sl, flags)) {
		lockp->flags = flags;
		return plbase;
	}
	return invpl;
}
LIS_EXPORT(lis_trylock);

/**
 * lis_unlock() - release a basic lock (UNLOCK), restoring the interrupt state LOCK saved.
 * @lockp: the lock
 * @pl: what LOCK returned (ignored)
 *
 * Context: the holder's.
 */
void lis_unlock(lock_t *lockp, pl_t pl)
	__releases(&lockp->sl)
{
	unsigned long flags = lockp->flags;

	lis_spin_unlock_irqrestore(&lockp->sl, flags);
}
LIS_EXPORT(lis_unlock);

/* ---------------------------------------------------------------- synchronization variables */

/*
 * A synchronization variable hands out wake-up tickets: SV_SIGNAL one (if someone waits),
 * SV_BROADCAST one per waiter; a sleeper goes when it takes one.
 */
struct lis_ddi_sv {
	lis_spinlock_t sl;		/* waiters, tickets */
	int waiters;
	int tickets;
	lis_waitq_t wq;
};

/**
 * lis_sv_alloc() - allocate a synchronization variable (SV_ALLOC).
 * @flag: KM_SLEEP or KM_NOSLEEP
 *
 * Return: the variable, or NULL. Context: as kmem_alloc with @flag.
 */
sv_t *lis_sv_alloc(int flag)
{
	sv_t *sv = lis_kmem_zalloc(sizeof(*sv), lis_ddi_km(flag), __FILE__, __LINE__);

	if (sv) {
		lis_spin_init(&sv->sl);
		lis_waitq_init(&sv->wq);
	}
	return sv;
}
LIS_EXPORT(lis_sv_alloc);

/**
 * lis_sv_dealloc() - free a synchronization variable nobody waits on (SV_DEALLOC).
 * @svp: the variable
 *
 * Context: any.
 */
void lis_sv_dealloc(sv_t *svp)
{
	lis_kmem_free(svp, sizeof(*svp));
}
LIS_EXPORT(lis_sv_dealloc);

/* Take a wake-up ticket if there is one. */
static int lis_sv_take(sv_t *sv)
{
	unsigned long flags;
	int ok = 0;

	lis_spin_lock_irqsave(&sv->sl, flags);
	if (sv->tickets > 0) {
		sv->tickets--;
		sv->waiters--;
		ok = 1;
	}
	lis_spin_unlock_irqrestore(&sv->sl, flags);
	return ok;
}

/* Count the caller as a waiter, then release @lkp (so no signal is lost in between). */
static void lis_sv_enlist(sv_t *sv, lock_t *lkp)
{
	unsigned long flags;

	lis_spin_lock_irqsave(&sv->sl, flags);
	sv->waiters++;
	lis_spin_unlock_irqrestore(&sv->sl, flags);
	lis_unlock(lkp, plbase);
}

/**
 * lis_sv_wait() - release a basic lock and sleep until signalled (SV_WAIT).
 * @svp: the variable
 * @priority: scheduling priority (ignored)
 * @lkp: a basic lock the caller holds; released atomically with going to sleep, not retaken
 *
 * Context: process; sleeps.
 */
void lis_sv_wait(sv_t *svp, int priority, lock_t *lkp)
{
	lis_sv_enlist(svp, lkp);
	lis_wait_event(&svp->wq, lis_sv_take(svp));
}
LIS_EXPORT(lis_sv_wait);

/**
 * lis_sv_wait_sig() - SV_WAIT that a signal interrupts (SV_WAIT_SIG).
 * @svp: the variable
 * @priority: ignored
 * @lkp: a basic lock the caller holds; released, not retaken
 *
 * Return: B_TRUE if signalled, B_FALSE if a signal arrived. Context: process; sleeps.
 */
int lis_sv_wait_sig(sv_t *svp, int priority, lock_t *lkp)
{
	unsigned long flags;

	lis_sv_enlist(svp, lkp);
	if (!lis_wait_event_intr(&svp->wq, lis_sv_take(svp)))
		return B_TRUE;
	lis_spin_lock_irqsave(&svp->sl, flags);
	svp->waiters--;
	if (svp->tickets > svp->waiters)
		svp->tickets = svp->waiters;
	lis_spin_unlock_irqrestore(&svp->sl, flags);
	return B_FALSE;
}
LIS_EXPORT(lis_sv_wait_sig);

/* Grant @n more tickets (at most one per waiter) and wake the sleepers. */
static void lis_sv_grant(sv_t *sv, int all)
{
	unsigned long flags;
	int wake;

	lis_spin_lock_irqsave(&sv->sl, flags);
	if (all)
		sv->tickets = sv->waiters;
	else if (sv->tickets < sv->waiters)
		sv->tickets++;
	wake = sv->tickets > 0;
	lis_spin_unlock_irqrestore(&sv->sl, flags);
	if (wake)
		lis_wake_up(&sv->wq);
}

/**
 * lis_sv_signal() - wake one thread sleeping on a synchronization variable (SV_SIGNAL).
 * @svp: the variable
 * @flags: ignored
 *
 * Context: any; never sleeps.
 */
void lis_sv_signal(sv_t *svp, int flags)
{
	lis_sv_grant(svp, 0);
}
LIS_EXPORT(lis_sv_signal);

/**
 * lis_sv_broadcast() - wake every thread sleeping on a synchronization variable.
 * @svp: the variable
 * @flags: ignored
 *
 * Context: any; never sleeps.
 */
void lis_sv_broadcast(sv_t *svp, int flags)
{
	lis_sv_grant(svp, 1);
}
LIS_EXPORT(lis_sv_broadcast);

/* ---------------------------------------------------------------- sleep locks */

struct lis_ddi_sleep {
	lis_spinlock_t sl;		/* held */
	int held;
	lis_waitq_t wq;
};

/**
 * lis_sleep_alloc() - allocate a sleep lock (SLEEP_ALLOC).
 * @arg: ignored
 * @lkinfop: ignored
 * @flag: KM_SLEEP or KM_NOSLEEP
 *
 * Return: the lock, or NULL. Context: as kmem_alloc with @flag.
 */
sleep_t *lis_sleep_alloc(int arg, lkinfo_t *lkinfop, int flag)
{
	sleep_t *l = lis_kmem_zalloc(sizeof(*l), lis_ddi_km(flag), __FILE__, __LINE__);

	if (l) {
		lis_spin_init(&l->sl);
		lis_waitq_init(&l->wq);
	}
	return l;
}
LIS_EXPORT(lis_sleep_alloc);

/**
 * lis_sleep_dealloc() - free a sleep lock that is not held (SLEEP_DEALLOC).
 * @lockp: the lock
 *
 * Context: any.
 */
void lis_sleep_dealloc(sleep_t *lockp)
{
	lis_kmem_free(lockp, sizeof(*lockp));
}
LIS_EXPORT(lis_sleep_dealloc);

/**
 * lis_sleep_trylock() - take a sleep lock if it is free (SLEEP_TRYLOCK).
 * @lockp: the lock
 *
 * Return: B_TRUE if taken, B_FALSE otherwise. Context: any; never sleeps.
 */
int lis_sleep_trylock(sleep_t *lockp)
{
	unsigned long flags;
	int ok = 0;

	lis_spin_lock_irqsave(&lockp->sl, flags);
	if (!lockp->held) {
		lockp->held = 1;
		ok = 1;
	}
	lis_spin_unlock_irqrestore(&lockp->sl, flags);
	return ok;
}
LIS_EXPORT(lis_sleep_trylock);

/**
 * lis_sleep_lock() - take a sleep lock, sleeping while it is held (SLEEP_LOCK).
 * @lockp: the lock
 * @priority: ignored
 *
 * Context: process; sleeps.
 */
void lis_sleep_lock(sleep_t *lockp, int priority)
{
	lis_might_sleep();
	lis_wait_event(&lockp->wq, lis_sleep_trylock(lockp));
}
LIS_EXPORT(lis_sleep_lock);

/**
 * lis_sleep_lock_sig() - SLEEP_LOCK that a signal interrupts (SLEEP_LOCK_SIG).
 * @lockp: the lock
 * @priority: ignored
 *
 * Return: B_TRUE if taken, B_FALSE if a signal arrived. Context: process; sleeps.
 */
int lis_sleep_lock_sig(sleep_t *lockp, int priority)
{
	lis_might_sleep();
	return lis_wait_event_intr(&lockp->wq, lis_sleep_trylock(lockp)) ? B_FALSE : B_TRUE;
}
LIS_EXPORT(lis_sleep_lock_sig);

/**
 * lis_sleep_lockavail() - is a sleep lock free right now (SLEEP_LOCKAVAIL)?
 * @lockp: the lock
 *
 * Return: B_TRUE or B_FALSE (a snapshot). Context: any.
 */
int lis_sleep_lockavail(sleep_t *lockp)
{
	unsigned long flags;
	int avail;

	lis_spin_lock_irqsave(&lockp->sl, flags);
	avail = !lockp->held;
	lis_spin_unlock_irqrestore(&lockp->sl, flags);
	return avail;
}
LIS_EXPORT(lis_sleep_lockavail);

/**
 * lis_sleep_unlock() - release a sleep lock and wake one waiter (SLEEP_UNLOCK).
 * @lockp: the lock
 *
 * Context: any; never sleeps.
 */
void lis_sleep_unlock(sleep_t *lockp)
{
	unsigned long flags;

	lis_spin_lock_irqsave(&lockp->sl, flags);
	lockp->held = 0;
	lis_spin_unlock_irqrestore(&lockp->sl, flags);
	lis_wake_up(&lockp->wq);
}
LIS_EXPORT(lis_sleep_unlock);

/* ---------------------------------------------------------------- reader/writer locks */

struct lis_ddi_rwlock {
	struct lis_ddi_lock l;
};

/**
 * lis_rw_alloc() - allocate a reader/writer lock (RW_ALLOC).
 * @hierarchy: ignored
 * @min_pl: ignored
 * @lkinfop: ignored
 * @flag: KM_SLEEP or KM_NOSLEEP
 *
 * Return: the lock, or NULL. Context: as kmem_alloc with @flag.
 */
lis_rwlock_t *lis_rw_alloc(unsigned char hierarchy, pl_t min_pl, lkinfo_t *lkinfop, int flag)
{
	lis_rwlock_t *l = lis_kmem_zalloc(sizeof(*l), lis_ddi_km(flag), __FILE__, __LINE__);

	if (l)
		lis_spin_init(&l->l.sl);
	return l;
}
LIS_EXPORT(lis_rw_alloc);

/**
 * lis_rw_dealloc() - free a reader/writer lock that is not held (RW_DEALLOC).
 * @lockp: the lock
 *
 * Context: any.
 */
void lis_rw_dealloc(lis_rwlock_t *lockp)
{
	lis_kmem_free(lockp, sizeof(*lockp));
}
LIS_EXPORT(lis_rw_dealloc);

/**
 * lis_rw_rdlock() - take a reader/writer lock for reading (RW_RDLOCK).
 * @lockp: the lock
 * @pl: ignored
 *
 * Return: the level to pass to RW_UNLOCK. Context: any; spins.
 */
pl_t lis_rw_rdlock(lis_rwlock_t *lockp, pl_t pl)
{
	return lis_lock(&lockp->l, pl);
}
LIS_EXPORT(lis_rw_rdlock);

/**
 * lis_rw_wrlock() - take a reader/writer lock for writing (RW_WRLOCK).
 * @lockp: the lock
 * @pl: ignored
 *
 * Return: the level to pass to RW_UNLOCK. Context: any; spins.
 */
pl_t lis_rw_wrlock(lis_rwlock_t *lockp, pl_t pl)
{
	return lis_lock(&lockp->l, pl);
}
LIS_EXPORT(lis_rw_wrlock);

/**
 * lis_rw_tryrdlock() - RW_RDLOCK if it can be had at once (RW_TRYRDLOCK).
 * @lockp: the lock
 * @pl: ignored
 *
 * Return: the level, or invpl. Context: any.
 */
pl_t lis_rw_tryrdlock(lis_rwlock_t *lockp, pl_t pl)
{
	return lis_trylock(&lockp->l, pl);
}
LIS_EXPORT(lis_rw_tryrdlock);

/**
 * lis_rw_trywrlock() - RW_WRLOCK if it can be had at once (RW_TRYWRLOCK).
 * @lockp: the lock
 * @pl: ignored
 *
 * Return: the level, or invpl. Context: any.
 */
pl_t lis_rw_trywrlock(lis_rwlock_t *lockp, pl_t pl)
{
	return lis_trylock(&lockp->l, pl);
}
LIS_EXPORT(lis_rw_trywrlock);

/**
 * lis_rw_unlock() - release a reader/writer lock (RW_UNLOCK).
 * @lockp: the lock
 * @pl: what RW_RDLOCK or RW_WRLOCK returned
 *
 * Context: the holder's.
 */
void lis_rw_unlock(lis_rwlock_t *lockp, pl_t pl)
{
	lis_unlock(&lockp->l, pl);
}
LIS_EXPORT(lis_rw_unlock);
