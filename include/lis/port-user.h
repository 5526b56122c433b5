/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The user-space home of the port layer (see <lis/port.h> for the contract), on pthreads.
 * Audience: framework private; the library it builds (libstreams-port) lets a module author run a
 * module's own source in an ordinary process, under gdb, ASan or valgrind.
 */
#ifndef _LIS_PORT_USER_H
#define _LIS_PORT_USER_H

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef pthread_mutex_t lis_spinlock_t;	/* a mutex: user space cannot mask interrupts */
void lis_port_mutex_init(pthread_mutex_t *m);
#define lis_spin_init(l)			lis_port_mutex_init(l)
#define lis_spin_lock_irqsave(l, f)		do { (f) = 0; pthread_mutex_lock(l); } while (0)
#define lis_spin_unlock_irqrestore(l, f)	do { (void)(f); pthread_mutex_unlock(l); } while (0)
#define lis_spin_trylock_irqsave(l, f)		((f) = 0, pthread_mutex_trylock(l) == 0)
#define lis_spin_lock(l)			pthread_mutex_lock(l)
#define lis_spin_unlock(l)			pthread_mutex_unlock(l)
#define lis_assert_spin_locked(l)		do { } while (0)

typedef pthread_mutex_t lis_mutex_t;
#define lis_mutex_init(m)	lis_port_mutex_init(m)
#define lis_mutex_lock(m)	pthread_mutex_lock(m)
#define lis_mutex_unlock(m)	pthread_mutex_unlock(m)

typedef struct { int counter; } lis_atomic_t;
#define lis_atomic_set(a, v)		__atomic_store_n(&(a)->counter, v, __ATOMIC_SEQ_CST)
#define lis_atomic_read(a)		__atomic_load_n(&(a)->counter, __ATOMIC_SEQ_CST)
#define lis_atomic_inc(a)		((void)__atomic_add_fetch(&(a)->counter, 1, __ATOMIC_SEQ_CST))
#define lis_atomic_dec(a)		((void)__atomic_sub_fetch(&(a)->counter, 1, __ATOMIC_SEQ_CST))
#define lis_atomic_add_return(v, a)	__atomic_add_fetch(&(a)->counter, v, __ATOMIC_SEQ_CST)
#define lis_atomic_dec_and_test(a)	(__atomic_sub_fetch(&(a)->counter, 1, __ATOMIC_SEQ_CST) == 0)
typedef struct { long counter; } lis_atomic_long_t;
#define lis_atomic_long_add(v, a)	((void)__atomic_add_fetch(&(a)->counter, v, __ATOMIC_SEQ_CST))
#define lis_atomic_long_read(a)		__atomic_load_n(&(a)->counter, __ATOMIC_SEQ_CST)

static inline unsigned int lis_ref_add(unsigned int *p, int delta)
{
	return __atomic_add_fetch(p, (unsigned int)delta, __ATOMIC_SEQ_CST);
}

/* Fault injection for tests: when non-zero, that many next allocations fail. */
extern int lis_port_fail_allocs;
void *lis_port_alloc_impl(size_t size, int zero);
#define lis_port_alloc(size, sleep)	lis_port_alloc_impl(size, 0)
#define lis_port_zalloc(size, sleep)	lis_port_alloc_impl(size, 1)
#define lis_port_free(p)		free(p)

typedef struct lis_cache { size_t size; char name[32]; } lis_cache_t;
lis_cache_t *lis_cache_create(const char *name, size_t size);
#define lis_cache_alloc(c)		lis_port_alloc_impl((c)->size, 0)
#define lis_cache_free(c, p)		free(p)
#define lis_cache_destroy(c)		free(c)

typedef struct lis_waitq {
	pthread_mutex_t m;
	pthread_cond_t c;
} lis_waitq_t;
void lis_waitq_init(lis_waitq_t *wq);
void lis_wake_up(lis_waitq_t *wq);
/* Wait until the next wake-up or at most 'ticks'; returns with wq->m held. */
void lis_port_wait_once(lis_waitq_t *wq, long ticks);
extern __thread int lis_port_signal_pending;	/* set by tests to simulate a signal */
/* A port thread says which wait queue it sleeps on, so lis_thread_stop() can wake it. */
void lis_port_waiting(lis_waitq_t *wq);
#define lis_wait_event(wq, cond) do {						\
	lis_port_waiting(wq);							\
	pthread_mutex_lock(&(wq)->m);						\
	while (!(cond))								\
		pthread_cond_wait(&(wq)->c, &(wq)->m);				\
	pthread_mutex_unlock(&(wq)->m);						\
	lis_port_waiting(NULL);							\
} while (0)
#define lis_wait_event_intr(wq, cond) ({					\
	int __r = 0;								\
	lis_port_waiting(wq);							\
	pthread_mutex_lock(&(wq)->m);						\
	while (!(cond)) {							\
		if (lis_port_signal_pending) { __r = -EINTR; break; }		\
		pthread_cond_wait(&(wq)->c, &(wq)->m);				\
	}									\
	pthread_mutex_unlock(&(wq)->m);						\
	lis_port_waiting(NULL);							\
	__r;									\
})
#define lis_wait_event_timeout(wq, cond, t) ({					\
	long __left = (t);							\
	unsigned long __end = lis_ticks() + (unsigned long)__left;		\
	lis_port_waiting(wq);							\
	pthread_mutex_lock(&(wq)->m);						\
	while (!(cond)) {							\
		__left = (long)(__end - lis_ticks());				\
		if (__left <= 0) { __left = (cond) ? 1 : 0; break; }		\
		lis_port_cond_wait_ticks(wq, __left);				\
	}									\
	if (__left > 0) {	/* the condition came true: what is left now */	\
		__left = (long)(__end - lis_ticks());				\
		if (__left <= 0)						\
			__left = 1;						\
	}									\
	pthread_mutex_unlock(&(wq)->m);						\
	lis_port_waiting(NULL);							\
	__left;									\
})
void lis_port_cond_wait_ticks(lis_waitq_t *wq, long ticks);

/* RCU stand-in: a reader-preferring rwlock (recursive read locks are allowed). */
extern pthread_rwlock_t lis_port_rcu;
#define lis_rcu_read_lock()		pthread_rwlock_rdlock(&lis_port_rcu)
#define lis_rcu_read_unlock()		pthread_rwlock_unlock(&lis_port_rcu)
#define lis_synchronize_rcu()		do { pthread_rwlock_wrlock(&lis_port_rcu); \
					     pthread_rwlock_unlock(&lis_port_rcu); } while (0)
#define lis_rcu_dereference(p)		__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define lis_rcu_assign_pointer(p, v)	__atomic_store_n(&(p), v, __ATOMIC_RELEASE)

typedef struct lis_thread lis_thread_t;
lis_thread_t *lis_thread_start(int (*fn)(void *arg), void *arg, int cpu, const char *name);
int lis_thread_stop(lis_thread_t *t);
int lis_thread_should_stop(void);
int lis_port_cpu(void);
int lis_port_ncpus(void);

typedef struct lis_timer {
	struct lis_timer *next;		/* on the timer thread's list */
	unsigned long expires;
	int pending;
	int running;
	void (*fn)(struct lis_timer *t);
} lis_timer_t;
void lis_timer_setup(lis_timer_t *t, void (*fn)(lis_timer_t *t));
void lis_timer_arm(lis_timer_t *t, unsigned long ticks);
int lis_timer_cancel_sync(lis_timer_t *t);

/* Deferred work: user space has no interrupt context to escape from, so it runs at once. */
typedef struct lis_work { void (*fn)(struct lis_work *w); } lis_work_t;
#define lis_work_init(w, f)	do { (w)->fn = (f); } while (0)
#define lis_work_queue(w)	((w)->fn(w))
#define lis_work_flush(w)	do { (void)(w); } while (0)

#define LIS_HZ			1000
unsigned long lis_ticks(void);
void lis_usleep(unsigned long us);

#define lis_might_sleep()	do { } while (0)
#define lis_in_irq()		0
#define lis_in_task()		1
#define lis_cpu_relax()		__builtin_ia32_pause()
void *lis_port_self(void);

#define lis_warn_once(cond)	({ int __c = !!(cond); if (__c) fprintf(stderr, \
				   "streams: warning at %s:%d\n", __FILE__, __LINE__); __c; })
#define lis_assert(cond)	assert(cond)
#define LIS_LOG_EMERG		"panic: "
#define LIS_LOG_ERR		"error: "
#define LIS_LOG_WARN		"warning: "
#define LIS_LOG_NOTE		"note: "
#define LIS_LOG_INFO		""
#define lis_log(level, fmt, ...) fprintf(stderr, "streams: " level fmt, ##__VA_ARGS__)

#endif /* _LIS_PORT_USER_H */
