/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sched/sched.h: what the files of sched/ share and nobody else may use.
 * Audience: sched/ only (drivers see <sys/stream.h> and <sys/ddi.h>; the rest of the framework
 * sees <lis/strsubr.h>).
 *
 * LOCK ORDER. The rules of <lis/strsubr.h> ("LOCK RULES") apply; sched/ adds two private locks
 * and places them thus (take them top to bottom, never upwards):
 *
 *   perimeter claim (busy flag: never waited for on a data path, see strsubr.h rule 3)
 *   lis_tmo_lock (timeout.c)      timeout records and their id table
 *   lis_qbc_lock (timeout.c)      qbufcall records
 *   lis_perim.lock                deferred puts, deferred service calls, deferred callbacks
 *   queue lock                    queue contents, q_flag, bands, q_lis_flags
 *   run-list lock (runq.c)        a service thread's run list and q_link of the queues on it
 *
 *   lis_perim_mutex (qalloc.c, a mutex) guards the lazy allocation and the release of per-module
 *   perimeters (lis_modsw.perim); process context only, taken before any of the above.
 *
 * Nothing is called out (put or service procedure, callback, freemsg, wake-up) with any of these
 * spinlocks held: decisions are taken under the lock, the work and the wake-ups after it.
 *
 * QUEUE SCHEDULING STATE (under the queue lock)
 *   QENAB      the service procedure is wanted. With QPROCSON and neither QINSERV nor QL_RUNQ it
 *              cannot stay set: the queue goes on a run list at once.
 *   QL_RUNQ    the queue is on a run list (q_link links it there).
 *   QINSERV    a service thread took the queue off its run list and its service procedure is
 *              running, or is deferred on the perimeter's svc list (q_link links it there).
 *   QPROCSON   off: nothing is scheduled; QENAB may stay set as "pending" until qprocson().
 *   So q_link is used by at most one list at a time, and a service procedure never runs
 *   concurrently with itself: only the thread that set QINSERV may call it.
 */
#ifndef _LIS_SCHED_SCHED_H
#define _LIS_SCHED_SCHED_H

#include <lis/port.h>
#include <lis/strsubr.h>
#include <sys/stream.h>
#include <sys/kmem.h>

/*
 * sched/'s own memory (queue pairs, bands, perimeters, timeout records) is kmem memory: it is
 * accounted, shows with its file and line when tracking is on, and a leak is reported at
 * unload. Never sleeps: bands and timeouts are allocated in any context, and lis_allocq
 * prefers failing to waiting forever.
 */
#define lis_sched_zalloc(size)		lis_kmem_zalloc((size), KM_NOSLEEP, __FILE__, __LINE__)
#define lis_sched_free(p, size)		lis_kmem_free((p), (size))

/*
 * sparse's lock-context annotations, for the few functions that hand a lock over (the kernel
 * defines them; the user-space home has no sparse).
 */
#ifndef __acquires
#define __acquires(x)
#define __releases(x)
#define __acquire(x)	((void)0)
#define __release(x)	((void)0)
#endif

/* The message priority "key" that orders a queue: high priority first, then bands 255..0. */
#define LIS_KEY_HIPRI	256

static inline int lis_msg_key(const mblk_t *mp)
{
	return mp->b_datap->db_type >= QPCTL ? LIS_KEY_HIPRI : mp->b_band;
}

/* datamsg(9F) without calling out: M_DATA, M_PROTO, M_PCPROTO and M_DELAY. */
static inline int lis_sched_datamsg(unsigned char type)
{
	return type == M_DATA || type == M_PROTO || type == M_PCPROTO || type == M_DELAY;
}

/**
 * struct lis_pcall - a callback to be run inside a perimeter (qtimeout, qbufcall).
 * @next:	on the perimeter's deferred list (lis_perim.lock)
 * @fn:		called with the perimeter claimed, from the claimer's context
 */
struct lis_pcall {
	struct lis_pcall *next;
	void (*fn)(struct lis_pcall *c);
};

/* Whether @q has a service procedure (q_qinfo is set once, before qprocson). */
static inline int lis_q_has_srv(const queue_t *q)
{
	return q->q_qinfo && q->q_qinfo->qi_srvp;
}

/* q_flag read without the queue lock, for a hint that is checked again under it. */
static inline unsigned int lis_q_flag_peek(const queue_t *q)
{
	return *(const volatile unsigned int *)&q->q_flag;
}

/* queue.c */
void lis_backenable(queue_t *q, int band);
void lis_q_purge(queue_t *q);

/* runq.c */
struct lis_runq;
struct lis_runq *lis_qenable_locked(queue_t *q);
void lis_runq_wake(struct lis_runq *rq);
void lis_srv_done(queue_t *q);
void lis_sched_idle_wake(void);

/* put.c */
void lis_put_inside(queue_t *q, mblk_t *mp);

/* runq.c */
void lis_srv_inside(queue_t *q);
void lis_srv_requeue(queue_t *q);

/* perim.c */
int lis_perim_claim_or_defer(struct lis_perim *p, queue_t *q, mblk_t *mp);
void lis_perim_drain(struct lis_perim *p);
void lis_perim_call(struct lis_perim *p, struct lis_pcall *c);
int lis_perim_unlink_call(struct lis_perim *p, struct lis_pcall *c);
int lis_perim_unlink_svc(struct lis_perim *p, queue_t *q);
void lis_perim_purge(struct lis_perim *p, struct lis_qpair *qp);
void lis_perim_init(void);

/* timeout.c */
void lis_timeout_init(void);
void lis_timeout_exit(void);

/* qalloc.c */
void lis_qalloc_init(void);

/* ddi.c */
int lis_ddi_host_getparm(unsigned long parm, unsigned long *valuep);

#endif /* _LIS_SCHED_SCHED_H */
