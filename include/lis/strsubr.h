/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Framework-private structures of streams.ko: queue pairs, perimeters, the stream and the
 * switch table of registered drivers and modules. Audience: msg/, sched/, head/ only; drivers
 * must not include this header.
 *
 * LOCK RULES (the order is top to bottom; never take an earlier lock while holding a later one)
 *
 *  1. lis_open_mutex (mutex)      opens and last closes; every driver's list of open streams.
 *  2. stdata.sd_plumb (mutex)     the shape of one stream: push, pop, link, open, close.
 *                                 Held (sleeping) while q_next pointers of the stream change.
 *  2a. lis_modsw_mutex (mutex)    the switch table; process context only.
 *  3. perimeter "claim"           not a lock: a busy flag. A thread that finds a perimeter busy
 *                                 defers its put or service call to the owner and returns; it
 *                                 never spins or sleeps for it (so nested putnext/qreply inside
 *                                 one perimeter cannot deadlock). Open/close wait for it (sleep).
 *  4. lis_perim.lock (spinlock)   the perimeter's busy flag and deferred-call list.
 *  5. stdata.sd_lock (spinlock)   stream head state: sd_flag, error values, options, readers.
 *  6. queue lock (spinlock)       one per queue (lis_qpair.lock[]); protects q_first, q_last,
 *                                 q_count, q_msgs, q_flag, the bands (q_bandp, q_nband, every
 *                                 qband field) and the b_next/b_prev links of queued messages.
 *                                 Never hold two queue locks at once, except the pair's two locks
 *                                 taken read queue first.
 *  7. run-list lock (spinlock)    one per service thread; protects that thread's run list and
 *                                 the q_link fields of the queues on it.
 *
 *  All spinlocks are taken with interrupts disabled (irqsave): put procedures, putq and qenable
 *  may be called from hard interrupt context. On PREEMPT_RT they are sleeping locks, as usual.
 *
 *  q_next is read without a lock, inside lis_rcu_read_lock(): it is changed only under
 *  sd_plumb with lis_rcu_assign_pointer(), and a module's queues are freed only after
 *  lis_synchronize_rcu() and after its service procedures have stopped (qprocsoff).
 *
 *  Set once at allocation and never changed (read without a lock): q_qinfo (except by the
 *  framework before qprocson), QREADR, q_str, q_perim, lis_qpair.modsw.
 *
 *  Contexts: put procedures, putq/getq/putnext/qenable/canput and the msg/ allocation routines
 *  never sleep and may be called from any context. Service procedures run in process context on
 *  the service threads (sched/runq.c) but must not sleep either. Open and close routines run in
 *  process context and may sleep (qwait).
 */
#ifndef _LIS_STRSUBR_H
#define _LIS_STRSUBR_H

#include <lis/port.h>
#include <sys/stream.h>

#define lis_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

/* ---------------------------------------------------------------- the switch table */

/**
 * struct lis_modsw - one registered STREAMS driver or module.
 * @name:	the name (I_PUSH name for a module, /dev/streams/NAME for a driver)
 * @str:	its streamtab
 * @flags:	D_* flags (concurrency)
 * @major:	internal major number of a driver; -1 for a module
 * @nminors:	fixed minors 1..nminors get nodes /dev/streams/NAME.N (drivers)
 * @perim:	the per-module perimeter (D_MTPERMOD, or no MT flag at all), else NULL
 * @owner:	the kernel module that registered it (struct module *), or NULL
 * @refs:	open streams and pushed instances using it; unregistering waits for 0
 */
struct lis_modsw {
	const char *name;
	struct streamtab *str;
	unsigned int flags;
	int major;
	int nminors;
	struct lis_perim *perim;
	void *owner;
	lis_atomic_t refs;
	void *priv;		/* the head's per-driver data (nodes, open streams) */
	int dynamic;		/* registered through lis_register_strdev/strmod */
	const char *const *autopush;	/* modules pushed on every new stream (drivers) */
};

/* ---------------------------------------------------------------- queue pairs */

/**
 * struct lis_qpair - the allocation unit behind every queue_t: read queue, then write queue
 * (RD/WR/OTHERQ rely on that), then the framework's private state.
 */
struct lis_qpair {
	queue_t q[2];
	lis_spinlock_t lock[2];		/* queue locks, read then write */
	struct lis_modsw *modsw;	/* the driver or module; NULL for the stream head */
	struct lis_perim *perim_own;	/* the perimeter allocated for this pair, if any */
};

/* queue_t.q_lis_flags (framework private, under the queue lock) */
#define QL_RUNQ		0x0001	/* sched/: on a service thread's run list (q_link) */

static inline struct lis_qpair *lis_qpair(queue_t *q)
{
	return lis_container_of(RD(q), struct lis_qpair, q[0]);
}

static inline lis_spinlock_t *lis_qlock(queue_t *q)
{
	return &lis_qpair(q)->lock[(q->q_flag & QREADR) ? 0 : 1];
}

/* ---------------------------------------------------------------- perimeters */

/**
 * struct lis_perim - a perimeter: at most one thread inside at a time; callers that find it busy
 * leave their call on @deferred and the owner runs it before leaving.
 */
struct lis_perim {
	lis_spinlock_t lock;
	int busy;			/* a thread is inside */
	mblk_t *deferred;		/* deferred puts (b_queue = target), FIFO via b_next */
	mblk_t *deferred_tail;
	queue_t *svc_head;		/* queues whose service procedure was deferred */
	lis_waitq_t waitq;		/* open/close waiting for the perimeter */
	lis_atomic_t refs;
	/* sched/ private, under @lock */
	queue_t *svc_tail;		/* svc_head list (via q_link), FIFO */
	struct lis_pcall *calls;	/* deferred callbacks (qtimeout, qbufcall), FIFO */
	struct lis_pcall *calls_tail;
	unsigned int gen;		/* bumped by every put, service or callback run inside */
	int sleepers;			/* threads sleeping on @waitq (open/close, qwait) */
};

/* ---------------------------------------------------------------- the stream */

/* stdata.sd_flag */
#define STR_HUP		0x0001	/* hung up (M_HANGUP) */
#define STR_RERR	0x0002	/* read error set (M_ERROR) */
#define STR_WERR	0x0004	/* write error set */
#define STR_CLOSING	0x0008	/* last close in progress */
#define STR_PLINK	0x0010	/* persistently linked under a multiplexor */
#define STR_LINKED	0x0020	/* linked under a multiplexor */
#define STR_ISCLONE	0x0040	/* opened through a clone node */
#define STR_NDELAY	0x0080	/* SO_NDELON */
#define STR_MREAD	0x0100	/* SO_MREADON: send M_READ before sleeping in read */
#define STR_IOCBUSY	0x0200	/* an I_STR is outstanding */
#define STR_FIFO	0x0400	/* a pipe or FIFO */
#define STR_ISTTY	0x0800	/* SO_ISTTY */
#define STR_TOSTOP	0x1000	/* SO_TOSTOP */
#define STR_DELIM	0x2000	/* SO_DELIM: messages are delimited */
#define STR_POLLMSG	0x4000	/* an M_SIG with SIGPOLL arrived: POLLMSG until the next read */

/**
 * struct stdata - a stream: the head's queue pair and its state.
 * sd_rq/sd_wq are the head's own queues (QHEAD); the driver is at the bottom of sd_wq->q_next.
 */
struct stdata {
	queue_t *sd_rq;			/* head read queue */
	queue_t *sd_wq;			/* head write queue */
	struct lis_modsw *sd_drv;	/* the driver at the bottom */
	queue_t *sd_drvwq;		/* the driver's write queue */
	dev_t sd_dev;			/* internal device number (major = driver, minor) */
	lis_spinlock_t sd_lock;		/* protects the fields below it (lock rule 5) */
	unsigned int sd_flag;		/* STR_* */
	int sd_rerror;			/* read-side error from M_ERROR (positive errno) */
	int sd_werror;			/* write-side error */
	int sd_rdopt;			/* read options (RNORM, ...) */
	int sd_wropt;			/* write options (SNDZERO, ...) */
	int sd_erropt;			/* error options (RERRNONPERSIST, ...) */
	unsigned short sd_wroff;	/* write offset (SO_WROFF) */
	int sd_pushcnt;			/* modules pushed */
	int sd_opencnt;			/* file opens sharing the stream */
	unsigned long sd_closetime;	/* I_SETCLTIME, in ticks */
	lis_atomic_t sd_refs;		/* references: opens, links, in-flight head calls */
	void *sd_vfs;			/* the VFS glue's state (wait queues, poll, signals) */
	lis_mutex_t sd_plumb;		/* lock rule 2 */
	struct stdata *sd_mate;		/* the other end of a pipe */
	struct stdata *sd_next;		/* on the driver's list of open streams */
};

/* ---------------------------------------------------------------- framework calls */

/* sched/: queue pairs */
queue_t *lis_allocq(struct lis_modsw *msw);	/* returns the read queue; NULL on failure */
void lis_freeq(queue_t *rq);			/* after qprocsoff; frees queued messages */
void lis_setq(queue_t *rq, struct qinit *rinit, struct qinit *winit);

/* sched/: service threads */
int lis_runq_init(void);
void lis_runq_exit(void);
void lis_runq_wait_idle(queue_t *q);		/* wait until q's service procedure is not running */

/* sched/: perimeters */
struct lis_perim *lis_perim_alloc(void);
void lis_perim_put(struct lis_perim *p);
int lis_perim_enter_sleep(struct lis_perim *p, int intr);	/* open/close: 0 or -EINTR */
void lis_perim_exit(struct lis_perim *p);			/* runs deferred calls first */

/* msg/: memory accounting */
int lis_msg_init(void);
void lis_msg_exit(void);
long lis_mem_in_use(long *bytes);		/* framework allocations still held */
int lis_mem_report(void (*line)(void *arg, const char *text), void *arg);

/* Tunables (module parameters in the kernel home). */
extern int lis_memtrack;			/* track allocations with file and line */

#endif /* _LIS_STRSUBR_H */
