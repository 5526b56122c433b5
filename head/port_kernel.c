// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel home of the port layer: the few port operations that are functions rather than
 * macros (see <lis/port.h>). Audience: framework private.
 */
#include <linux/kthread.h>
#include <lis/port.h>

/**
 * lis_thread_start() - start a kernel thread bound to @cpu (or unbound if @cpu < 0).
 * @fn: the thread function; it returns when lis_thread_should_stop()
 * @arg: its argument
 * @cpu: the CPU to bind to, or -1
 * @name: the thread's name; "%d" in it is replaced by @cpu
 *
 * Return: the thread, or NULL. Context: process; may sleep.
 */
lis_thread_t *lis_thread_start(int (*fn)(void *arg), void *arg, int cpu, const char *name)
{
	struct task_struct *t;

	t = kthread_create(fn, arg, name, cpu);
	if (IS_ERR(t))
		return NULL;
	if (cpu >= 0)
		kthread_bind(t, cpu);
	wake_up_process(t);
	return t;
}

static void lis_timer_fire(struct timer_list *tl)
{
	lis_timer_t *t = container_of(tl, lis_timer_t, t);

	t->fn(t);
}

/**
 * lis_timer_setup() - prepare a port timer that calls @fn when it fires.
 * @t: the timer
 * @fn: called in softirq context (never sleeps)
 *
 * Context: any.
 */
void lis_timer_setup(lis_timer_t *t, void (*fn)(lis_timer_t *t))
{
	t->fn = fn;
	timer_setup(&t->t, lis_timer_fire, 0);
}
