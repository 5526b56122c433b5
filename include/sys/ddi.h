/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/ddi.h>: the SVR4 DDI/DKI helpers drivers expect besides <sys/stream.h>: device numbers,
 * clock conversions, drv_getparm, drv_priv, delay, and the SVR4 MP locks and synchronization
 * variables (LOCK, SV_WAIT, SLEEP_LOCK, RW_RDLOCK, ...).
 * Audience: STREAMS drivers and modules. Includes our headers only: a driver built against them
 * sees no Linux type; the lock objects are opaque and allocated by streams.ko.
 *
 * Internal device numbers (the dev_t an open routine sees) have a 14-bit major (the driver's
 * index in streams.ko) and an 18-bit minor.
 */
#ifndef _SYS_DDI_H
#define _SYS_DDI_H

#include <lis/ddi_types.h>
#include <sys/stream.h>
#include <sys/kmem.h>

/* ---------------------------------------------------------------- device numbers */

#define NBITSMAJOR	14
#define NBITSMINOR	18
#define MAXMAJ		0x3fff
#define MAXMIN		0x3ffff
#ifndef NODEV
#define NODEV		((dev_t)-1)
#endif

static inline major_t getmajor(dev_t dev) { return (major_t)((dev >> NBITSMINOR) & MAXMAJ); }
static inline minor_t getminor(dev_t dev) { return (minor_t)(dev & MAXMIN); }
static inline dev_t makedevice(major_t maj, minor_t min)
{
	return (dev_t)(((dev_t)(maj & MAXMAJ) << NBITSMINOR) | (min & MAXMIN));
}
#define getemajor(dev)	getmajor(dev)
#define geteminor(dev)	getminor(dev)

/* ---------------------------------------------------------------- time, credentials */

clock_t lis_drv_usectohz(clock_t usec);
clock_t lis_drv_hztousec(clock_t ticks);
int lis_drv_getparm(unsigned long parm, void *valuep);
int lis_drv_priv(cred_t *cr);
void lis_delay(long ticks);

static inline clock_t drv_usectohz(clock_t usec) { return lis_drv_usectohz(usec); }
static inline clock_t drv_hztousec(clock_t ticks) { return lis_drv_hztousec(ticks); }
static inline int drv_getparm(unsigned long parm, void *valuep)
{
	return lis_drv_getparm(parm, valuep);
}
static inline int drv_priv(cred_t *cr) { return lis_drv_priv(cr); }
static inline void delay(long ticks) { lis_delay(ticks); }

/* ---------------------------------------------------------------- SVR4 MP locks */

typedef int pl_t;			/* interrupt priority level: accepted, ignored */
#define plbase		0
#define pltimeout	1
#define pldisk		2
#define plstr		3
#define plhi		4
#define invpl		(-1)		/* TRYLOCK failed */

#ifndef B_TRUE
#define B_FALSE		0
#define B_TRUE		1
#endif

typedef struct lkinfo {
	const char *lk_name;
	int lk_flags;
	long lk_pad[2];
} lkinfo_t;

/*
 * Opaque lock objects. lis_rwlock_t is also "rwlock_t" outside the kernel build (inside it the
 * name is Linux's own).
 */
typedef struct lis_ddi_lock lock_t;
typedef struct lis_ddi_sv sv_t;
typedef struct lis_ddi_sleep sleep_t;
typedef struct lis_ddi_rwlock lis_rwlock_t;
#if !defined(__KERNEL__) || defined(LIS_STANDALONE)
typedef lis_rwlock_t rwlock_t;
#endif

/* Basic locks: spin with interrupts disabled (LOCK returns the level to pass to UNLOCK). */
lock_t *lis_lock_alloc(unsigned char hierarchy, pl_t min_pl, lkinfo_t *lkinfop, int flag);
void lis_lock_dealloc(lock_t *lockp);
pl_t lis_lock(lock_t *lockp, pl_t pl);
pl_t lis_trylock(lock_t *lockp, pl_t pl);
void lis_unlock(lock_t *lockp, pl_t pl);

/* Synchronization variables: sleep, releasing a basic lock atomically. */
sv_t *lis_sv_alloc(int flag);
void lis_sv_dealloc(sv_t *svp);
void lis_sv_wait(sv_t *svp, int priority, lock_t *lkp);
int lis_sv_wait_sig(sv_t *svp, int priority, lock_t *lkp);
void lis_sv_signal(sv_t *svp, int flags);
void lis_sv_broadcast(sv_t *svp, int flags);

/* Sleep locks: held across sleeps, process context only. */
sleep_t *lis_sleep_alloc(int arg, lkinfo_t *lkinfop, int flag);
void lis_sleep_dealloc(sleep_t *lockp);
void lis_sleep_lock(sleep_t *lockp, int priority);
int lis_sleep_lock_sig(sleep_t *lockp, int priority);
int lis_sleep_trylock(sleep_t *lockp);
int lis_sleep_lockavail(sleep_t *lockp);
void lis_sleep_unlock(sleep_t *lockp);

/* Reader/writer spin locks (readers are serialized too: correct, not concurrent). */
lis_rwlock_t *lis_rw_alloc(unsigned char hierarchy, pl_t min_pl, lkinfo_t *lkinfop, int flag);
void lis_rw_dealloc(lis_rwlock_t *lockp);
pl_t lis_rw_rdlock(lis_rwlock_t *lockp, pl_t pl);
pl_t lis_rw_wrlock(lis_rwlock_t *lockp, pl_t pl);
pl_t lis_rw_tryrdlock(lis_rwlock_t *lockp, pl_t pl);
pl_t lis_rw_trywrlock(lis_rwlock_t *lockp, pl_t pl);
void lis_rw_unlock(lis_rwlock_t *lockp, pl_t pl);

#define LOCK_ALLOC(h, pl, info, flag)	lis_lock_alloc((h), (pl), (info), (flag))
#define LOCK_DEALLOC(lockp)		lis_lock_dealloc(lockp)
#define LOCK(lockp, pl)			lis_lock((lockp), (pl))
#define TRYLOCK(lockp, pl)		lis_trylock((lockp), (pl))
#define UNLOCK(lockp, pl)		lis_unlock((lockp), (pl))

#define SV_ALLOC(flag)			lis_sv_alloc(flag)
#define SV_DEALLOC(svp)			lis_sv_dealloc(svp)
#define SV_WAIT(svp, pri, lkp)		lis_sv_wait((svp), (pri), (lkp))
#define SV_WAIT_SIG(svp, pri, lkp)	lis_sv_wait_sig((svp), (pri), (lkp))
#define SV_SIGNAL(svp, flags)		lis_sv_signal((svp), (flags))
#define SV_BROADCAST(svp, flags)	lis_sv_broadcast((svp), (flags))

#define SLEEP_ALLOC(arg, info, flag)	lis_sleep_alloc((arg), (info), (flag))
#define SLEEP_DEALLOC(lockp)		lis_sleep_dealloc(lockp)
#define SLEEP_LOCK(lockp, pri)		lis_sleep_lock((lockp), (pri))
#define SLEEP_LOCK_SIG(lockp, pri)	lis_sleep_lock_sig((lockp), (pri))
#define SLEEP_TRYLOCK(lockp)		lis_sleep_trylock(lockp)
#define SLEEP_LOCKAVAIL(lockp)		lis_sleep_lockavail(lockp)
#define SLEEP_UNLOCK(lockp)		lis_sleep_unlock(lockp)

#define RW_ALLOC(h, pl, info, flag)	lis_rw_alloc((h), (pl), (info), (flag))
#define RW_DEALLOC(lockp)		lis_rw_dealloc(lockp)
#define RW_RDLOCK(lockp, pl)		lis_rw_rdlock((lockp), (pl))
#define RW_WRLOCK(lockp, pl)		lis_rw_wrlock((lockp), (pl))
#define RW_TRYRDLOCK(lockp, pl)		lis_rw_tryrdlock((lockp), (pl))
#define RW_TRYWRLOCK(lockp, pl)		lis_rw_trywrlock((lockp), (pl))
#define RW_UNLOCK(lockp, pl)		lis_rw_unlock((lockp), (pl))

/* ---------------------------------------------------------------- small helpers */

#if defined(__KERNEL__) && !defined(LIS_STANDALONE)
#include <linux/minmax.h>	/* the kernel's own min() and max() (as <lis/ddi_types.h> does) */
#else
#ifndef max
#define max(a, b)	((a) > (b) ? (a) : (b))
#endif
#ifndef min
#define min(a, b)	((a) < (b) ? (a) : (b))
#endif
#endif

#endif /* _SYS_DDI_H */
