/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel home of the port layer (see <lis/port.h> for the contract).
 * Audience: framework private. Kernel-version differences live in <lis/compat.h>, not here.
 */
#ifndef _LIS_PORT_KERNEL_H
#define _LIS_PORT_KERNEL_H

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <lis/compat.h>

typedef spinlock_t lis_spinlock_t;
#define lis_spin_init(l)			spin_lock_init(l)
#define lis_spin_lock_irqsave(l, f)		spin_lock_irqsave(l, f)
#define lis_spin_unlock_irqrestore(l, f)	spin_unlock_irqrestore(l, f)
#ifdef CONFIG_PREEMPT_RT
#define lis_spin_trylock_irqsave(l, f)		spin_trylock_irqsave(l, f)
#else
/*
 * spin_trylock_irqsave() written out: sparse cannot follow a lock kept on success through the
 * kernel's macro, so for sparse this takes no lock (callers keep the lock for a function
 * annotated __releases, as sched/ddi.c's TRYLOCK does).
 */
static inline int lis_port_trylock_irqsave(spinlock_t *l, unsigned long *f)
{
	unsigned long flags;

	local_irq_save(flags);
	if (!spin_trylock(l)) {
		local_irq_restore(flags);
		return 0;
	}
	__release(l);
	*f = flags;
	return 1;
}
#define lis_spin_trylock_irqsave(l, f)		lis_port_trylock_irqsave(l, &(f))
#endif
#define lis_spin_lock(l)			spin_lock(l)
#define lis_spin_unlock(l)			spin_unlock(l)
#define lis_assert_spin_locked(l)		lockdep_assert_held(l)

typedef struct mutex lis_mutex_t;
#define lis_mutex_init(m)	mutex_init(m)
#define lis_mutex_lock(m)	mutex_lock(m)
#define lis_mutex_unlock(m)	mutex_unlock(m)

typedef atomic_t lis_atomic_t;
#define lis_atomic_set(a, v)		atomic_set(a, v)
#define lis_atomic_read(a)		atomic_read(a)
#define lis_atomic_inc(a)		atomic_inc(a)
#define lis_atomic_dec(a)		atomic_dec(a)
#define lis_atomic_add_return(v, a)	atomic_add_return(v, a)
#define lis_atomic_dec_and_test(a)	atomic_dec_and_test(a)
typedef atomic_long_t lis_atomic_long_t;
#define lis_atomic_long_add(v, a)	atomic_long_add(v, a)
#define lis_atomic_long_read(a)		atomic_long_read(a)

static inline unsigned int lis_ref_add(unsigned int *p, int delta)
{
	BUILD_BUG_ON(sizeof(atomic_t) != sizeof(unsigned int));
	return (unsigned int)atomic_add_return(delta, (atomic_t *)p);
}

#define lis_port_alloc(size, sleep)	kmalloc(size, (sleep) ? GFP_KERNEL : GFP_ATOMIC)
#define lis_port_zalloc(size, sleep)	kzalloc(size, (sleep) ? GFP_KERNEL : GFP_ATOMIC)
#define lis_port_free(p)		kfree(p)

typedef struct kmem_cache lis_cache_t;
/* Message data is copied to and from user space: the whole object is a usercopy region. */
#define lis_cache_create(name, size) \
	kmem_cache_create_usercopy(name, size, 0, SLAB_HWCACHE_ALIGN, 0, size, NULL)
#define lis_cache_alloc(c)		kmem_cache_alloc(c, GFP_ATOMIC)
#define lis_cache_free(c, p)		kmem_cache_free(c, p)
#define lis_cache_destroy(c)		kmem_cache_destroy(c)

typedef wait_queue_head_t lis_waitq_t;
#define lis_waitq_init(wq)			init_waitqueue_head(wq)
#define lis_wait_event(wq, cond)		wait_event(*(wq), cond)
#define lis_wait_event_intr(wq, cond) \
	(wait_event_interruptible(*(wq), cond) ? -EINTR : 0)
#define lis_wait_event_timeout(wq, cond, t)	wait_event_timeout(*(wq), cond, t)
#define lis_wake_up(wq)				wake_up_all(wq)

#define lis_rcu_read_lock()		rcu_read_lock()
#define lis_rcu_read_unlock()		rcu_read_unlock()
#define lis_synchronize_rcu()		synchronize_rcu()
/* q_next and friends are SVR4 fields without __rcu: publish and read them by hand. */
#define lis_rcu_dereference(p)		READ_ONCE(p)
#define lis_rcu_assign_pointer(p, v)	smp_store_release(&(p), v)

typedef struct task_struct lis_thread_t;
lis_thread_t *lis_thread_start(int (*fn)(void *arg), void *arg, int cpu, const char *name);
#define lis_thread_stop(t)		kthread_stop(t)
#define lis_thread_should_stop()	kthread_should_stop()
#define lis_port_cpu()			raw_smp_processor_id()
#define lis_port_ncpus()		nr_cpu_ids

typedef struct lis_timer {
	struct timer_list t;
	void (*fn)(struct lis_timer *t);
} lis_timer_t;
void lis_timer_setup(lis_timer_t *t, void (*fn)(lis_timer_t *t));
#define lis_timer_arm(tm, ticks)	mod_timer(&(tm)->t, jiffies + (ticks))
#define lis_timer_cancel_sync(tm)	lis_timer_delete_sync(&(tm)->t)

typedef struct work_struct lis_work_t;
#define lis_work_init(w, fn)	INIT_WORK(w, fn)
#define lis_work_queue(w)	schedule_work(w)
#define lis_work_flush(w)	flush_work(w)

#define lis_ticks()		jiffies
#define LIS_HZ			HZ
#define lis_usleep(us)		usleep_range(us, (us) + (us) / 4 + 1)

#define lis_might_sleep()	might_sleep()
#define lis_in_irq()		in_hardirq()
#define lis_in_task()		in_task()
#define lis_cpu_relax()		cpu_relax()
#define lis_port_self()		((void *)current)

#define lis_warn_once(cond)	WARN_ON_ONCE(cond)
#ifdef LIS_DEBUG
#define lis_assert(cond)	WARN_ON_ONCE(!(cond))
#else
#define lis_assert(cond)	do { } while (0)
#endif
#define LIS_LOG_EMERG		KERN_EMERG
#define LIS_LOG_ERR		KERN_ERR
#define LIS_LOG_WARN		KERN_WARNING
#define LIS_LOG_NOTE		KERN_NOTICE
#define LIS_LOG_INFO		KERN_INFO
#define lis_log(level, fmt, ...)	printk(level "streams: " fmt, ##__VA_ARGS__)

#endif /* _LIS_PORT_KERNEL_H */
