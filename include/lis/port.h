/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The port layer: everything msg/ and sched/ need from their host, and nothing more.
 * Audience: framework private. msg/ and sched/ include this header and never a Linux or C
 * library header, so that the very same sources build into streams.ko (LIS_KERNEL home,
 * <lis/port-kernel.h>) and into the user-space library libstreams-port (LIS_USER home,
 * <lis/port-user.h>, built on pthreads).
 *
 * What each home provides (types, then operations):
 *  lis_spinlock_t   lis_spin_init, lis_spin_lock_irqsave(l, flags), lis_spin_unlock_irqrestore,
 *                   lis_spin_trylock_irqsave(l, flags) -> 1 if taken (then flags are saved),
 *                   lis_spin_lock, lis_spin_unlock, lis_assert_spin_locked
 *  lis_mutex_t      lis_mutex_init, lis_mutex_lock, lis_mutex_unlock (process context only)
 *  lis_atomic_t     lis_atomic_set/read/inc/dec/add_return/dec_and_test
 *  refcounts        lis_ref_add(unsigned int *p, int delta) -> new value (atomic)
 *  memory           lis_port_alloc(size, sleep), lis_port_zalloc, lis_port_free,
 *                   lis_cache_t: lis_cache_create/alloc/free/destroy (alloc never sleeps)
 *  waiting          lis_waitq_t: lis_waitq_init, lis_wait_event(wq, cond),
 *                   lis_wait_event_intr(wq, cond) -> 0 or -EINTR,
 *                   lis_wait_event_timeout(wq, cond, ticks) -> remaining ticks or 0,
 *                   lis_wake_up(wq)
 *  RCU              lis_rcu_read_lock/unlock, lis_synchronize_rcu (q_next is read under it)
 *  threads          lis_thread_t: lis_thread_start(fn, arg, cpu, name), lis_thread_stop,
 *                   lis_thread_should_stop(); lis_port_cpu(), lis_port_ncpus()
 *  timers           lis_timer_t: lis_timer_setup(t, fn), lis_timer_arm(t, ticks),
 *                   lis_timer_cancel_sync(t) -> 1 if it was pending; callbacks never sleep
 *  deferred work    lis_work_t: lis_work_init(w, fn), lis_work_queue(w), lis_work_flush(w):
 *                   fn(w) runs later in process context (user space: at once, as it has no
 *                   interrupt context to escape from)
 *  time             lis_ticks() (jiffies), LIS_HZ, lis_usleep(us)
 *  context          lis_might_sleep(), lis_in_irq(), lis_in_task(), lis_cpu_relax(),
 *                   lis_port_self() -> an opaque identity of the running thread (to tell "called
 *                   from my own callback" from "called by someone else")
 *  diagnostics      lis_warn_once(cond), lis_assert(cond) (debug builds),
 *                   lis_log(LIS_LOG_EMERG|ERR|WARN|NOTE|INFO, fmt, ...)
 *  libc             memcpy, memset, memmove, strcmp, strncmp, strlen, snprintf, errno values
 */
#ifndef _LIS_PORT_H
#define _LIS_PORT_H

#if defined(LIS_USER)
#include <lis/port-user.h>
#else
#include <lis/port-kernel.h>
#endif

#define lis_likely(x)	__builtin_expect(!!(x), 1)
#define lis_unlikely(x)	__builtin_expect(!!(x), 0)

#endif /* _LIS_PORT_H */
