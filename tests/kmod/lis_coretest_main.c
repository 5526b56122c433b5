// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lis_coretest.ko: the guest test of the message and queue core, run in the kernel.
 * Audience: the test rig (tests/guest/core_module.c drives it). This file: the trigger, the case
 * runner and the private streams the cases build.
 *
 * Loading the module registers nothing. Writing a case name to
 * /sys/module/lis_coretest/parameters/run runs that case synchronously in the writer's process
 * context; /sys/module/lis_coretest/parameters/result then reads "ok NAME" or
 * "fail NAME: reason". Writing "list" stores the case names in `result`. Module parameters
 * rather than debugfs, because every kernel of the rig has sysfs and not all mount debugfs.
 * The kernel serializes parameter writes and reads of one module (kernel_param_lock), so cases
 * never run concurrently and the result cannot be read half written.
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timer.h>
#include "lis_coretest.h"

#define CT_WHYLEN	240

static const struct ct_case {
	const char *name;
	int (*run)(void);
} ct_cases[] = {
	{ "alloc", ct_alloc },
	{ "esballoc", ct_esballoc },
	{ "dupb", ct_dupb },
	{ "pullup", ct_pullup },
	{ "bands", ct_bands },
	{ "flow", ct_flow },
	{ "flush", ct_flush },
	{ "irq", ct_irq },
	{ "perimeter", ct_perimeter },
	{ "timeout", ct_timeout },
	{ "bufcall", ct_bufcall },
	{ "stress", ct_stress },
};

static char ct_why[CT_WHYLEN];		/* first failure of the running case */
static char ct_result[CT_WHYLEN + 32] = "none";

void ct_failf(int line, const char *fmt, ...)
{
	char buf[CT_WHYLEN];
	va_list ap;
	int n;

	n = scnprintf(buf, sizeof(buf), "line %d: ", line);
	va_start(ap, fmt);
	vscnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	pr_info("lis_coretest: %s\n", buf);
	if (!ct_why[0])
		strscpy(ct_why, buf, sizeof(ct_why));
}

bool ct_why_set(void)
{
	return ct_why[0] != 0;
}

/* Run one case and store its result; memory held by the framework must come back. */
static void ct_run(const struct ct_case *c)
{
	long before, after;
	int rc;

	ct_why[0] = 0;
	before = lis_mem_in_use(NULL);
	pr_info("lis_coretest: %s: start (in-use %ld)\n", c->name, before);
	rc = c->run();
	/* esballoc free routines deferred from hard irq, bufcall records: give them a second */
	if (!ct_wait_for(lis_mem_in_use(NULL) == before, 1000)) {
		after = lis_mem_in_use(NULL);
		ct_failf(__LINE__, "framework allocations in use: %ld before the case, %ld after",
			 before, after);
		rc = -1;
	}
	if (rc && !ct_why[0])
		strscpy(ct_why, "failed without a reason", sizeof(ct_why));
	if (rc)
		scnprintf(ct_result, sizeof(ct_result), "fail %s: %s", c->name, ct_why);
	else
		scnprintf(ct_result, sizeof(ct_result), "ok %s", c->name);
	pr_info("lis_coretest: %s\n", ct_result);
}

static int ct_run_set(const char *val, const struct kernel_param *kp)
{
	char name[32];
	size_t i, n = 0;

	strscpy(name, val, sizeof(name));
	strim(name);
	if (!strcmp(name, "list")) {
		for (i = 0; i < ARRAY_SIZE(ct_cases); i++)
			n += scnprintf(ct_result + n, sizeof(ct_result) - n, "%s%s",
				       i ? " " : "", ct_cases[i].name);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(ct_cases); i++) {
		if (!strcmp(name, ct_cases[i].name)) {
			ct_run(&ct_cases[i]);
			return 0;
		}
	}
	scnprintf(ct_result, sizeof(ct_result), "fail %s: no such case", name);
	return -ENOENT;
}

static int ct_result_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n", ct_result);
}

static const struct kernel_param_ops ct_run_ops = { .set = ct_run_set };
static const struct kernel_param_ops ct_result_ops = { .get = ct_result_get };
module_param_cb(run, &ct_run_ops, NULL, 0200);
MODULE_PARM_DESC(run, "write a case name to run it (\"list\": the names, in result)");
module_param_cb(result, &ct_result_ops, NULL, 0444);
MODULE_PARM_DESC(result, "\"ok NAME\" or \"fail NAME: reason\" of the last case run");

/* ---------------------------------------------------------------- contexts */

#ifdef CONFIG_PREEMPT_RT
const enum hrtimer_mode ct_hrtimer_mode = HRTIMER_MODE_REL;
const char ct_hardirq_name[] = "soft-hrtimer (PREEMPT_RT)";
#else
const enum hrtimer_mode ct_hrtimer_mode = HRTIMER_MODE_REL_HARD;
const char ct_hardirq_name[] = "hard";
#endif

struct ct_call {
	struct timer_list t;
	struct hrtimer h;
	void (*fn)(void *arg);
	void *arg;
	struct completion done;
};

static void ct_call_timer(struct timer_list *t)
{
	struct ct_call *c = from_timer(c, t, t);

	c->fn(c->arg);
	complete(&c->done);
}

void ct_call_softirq(void (*fn)(void *arg), void *arg)
{
	struct ct_call c = { .fn = fn, .arg = arg };

	init_completion(&c.done);
	timer_setup_on_stack(&c.t, ct_call_timer, 0);
	mod_timer(&c.t, jiffies + 1);
	wait_for_completion(&c.done);
	lis_timer_delete_sync(&c.t);
	destroy_timer_on_stack(&c.t);
}

static enum hrtimer_restart ct_call_hrtimer(struct hrtimer *h)
{
	struct ct_call *c = container_of(h, struct ct_call, h);

	c->fn(c->arg);
	complete(&c->done);
	return HRTIMER_NORESTART;
}

void ct_call_hardirq(void (*fn)(void *arg), void *arg)
{
	struct ct_call c = { .fn = fn, .arg = arg };

	init_completion(&c.done);
	hrtimer_init_on_stack(&c.h, CLOCK_MONOTONIC, ct_hrtimer_mode);
	c.h.function = ct_call_hrtimer;
	hrtimer_start(&c.h, ns_to_ktime(100 * NSEC_PER_USEC), ct_hrtimer_mode);
	wait_for_completion(&c.done);
	hrtimer_cancel(&c.h);
	destroy_hrtimer_on_stack(&c.h);
}

struct ct_thread {
	void (*fn)(void *arg, int i);
	void *arg;
	int i;
	struct completion done;
	struct task_struct *task;
};

/* Run the work, then wait to be stopped (so kthread_stop never races the exit). */
static int ct_thread_main(void *data)
{
	struct ct_thread *t = data;

	t->fn(t->arg, t->i);
	complete(&t->done);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

int ct_threads_run(int n, void (*fn)(void *arg, int i), void *arg)
{
	struct ct_thread *t = kcalloc(n, sizeof(*t), GFP_KERNEL);
	int i, started, ncpu = num_online_cpus(), err = 0;

	if (!t)
		return -ENOMEM;
	for (started = 0; started < n; started++) {
		struct ct_thread *th = &t[started];
		int cpu = cpumask_nth(started % ncpu, cpu_online_mask);

		th->fn = fn;
		th->arg = arg;
		th->i = started;
		init_completion(&th->done);
		th->task = kthread_create(ct_thread_main, th, "lis_ct/%d", started);
		if (IS_ERR(th->task)) {
			err = PTR_ERR(th->task);
			break;
		}
		if (cpu < nr_cpu_ids)
			kthread_bind(th->task, cpu);
		wake_up_process(th->task);
	}
	for (i = 0; i < started; i++) {
		wait_for_completion(&t[i].done);
		kthread_stop(t[i].task);
	}
	kfree(t);
	return err;
}

/* ---------------------------------------------------------------- private streams */

mblk_t *ct_data(size_t len, unsigned char fill, unsigned char band)
{
	mblk_t *mp = allocb(len, BPRI_MED);

	if (!mp)
		return NULL;
	memset(mp->b_wptr, fill, len);
	mp->b_wptr += len;
	mp->b_band = band;
	return mp;
}

/**
 * ct_stream_open() - build a private stream of @n queue pairs, procedures on.
 * @s: filled in; rq[0] is the top pair, rq[n - 1] the bottom ("driver") pair
 * @mods: the modules, top first
 * @n: 1..CT_MAXMODS
 * @priv: q_ptr of every queue
 *
 * The top read queue and the bottom write queue have no q_next: putnext there frees.
 * Return: 0 or -ENOMEM. Context: process; may sleep.
 */
int ct_stream_open(struct ct_stream *s, struct lis_modsw *const *mods, int n, void *priv)
{
	int i;

	s->n = 0;
	for (i = 0; i < n; i++) {
		queue_t *rq = lis_allocq(mods[i]);

		if (!rq) {
			while (--i >= 0)
				lis_freeq(s->rq[i]);
			return -ENOMEM;
		}
		rq->q_ptr = WR(rq)->q_ptr = priv;
		s->rq[i] = rq;
	}
	for (i = 0; i < n; i++) {
		WR(s->rq[i])->q_next = i + 1 < n ? WR(s->rq[i + 1]) : NULL;
		s->rq[i]->q_next = i > 0 ? s->rq[i - 1] : NULL;
	}
	s->rq[n - 1]->q_flag |= QISDRV | QEND;
	WR(s->rq[n - 1])->q_flag |= QISDRV | QEND;
	s->n = n;
	for (i = n - 1; i >= 0; i--)
		lis_qprocson(s->rq[i]);
	return 0;
}

/**
 * ct_stream_close() - dismantle a stream built by ct_stream_open(), as the head does.
 * @s: the stream (or a zeroed one: nothing to do); nobody may put to it any more except its
 *     own procedures
 *
 * Context: process; sleeps.
 */
void ct_stream_close(struct ct_stream *s)
{
	int i;

	if (!s->n)
		return;
	for (i = 0; i < s->n; i++)
		lis_qprocsoff(s->rq[i]);
	for (i = 0; i < s->n; i++) {
		smp_store_release(&WR(s->rq[i])->q_next, NULL);
		smp_store_release(&s->rq[i]->q_next, NULL);
	}
	synchronize_rcu();	/* no putnext is still walking into these queues */
	for (i = 0; i < s->n; i++)
		lis_freeq(s->rq[i]);
	s->n = 0;
}

static int __init ct_init(void)
{
	pr_info("lis_coretest: loaded; write a case name to /sys/module/lis_coretest/parameters/run\n");
	return 0;
}

static void __exit ct_exit(void)
{
}

module_init(ct_init);
module_exit(ct_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LiS: in-kernel test of the message and queue core (msg/, sched/)");
