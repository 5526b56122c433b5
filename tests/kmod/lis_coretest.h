/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lis_coretest.ko: the guest test of the message and queue core (msg/, sched/), run in the
 * kernel. What the files of the test module share. Audience: tests/kmod/lis_coretest_*.c only.
 *
 * A case is a function returning 0 (passed) or -1 (failed, with the first reason recorded by
 * ct_failf()). It builds its own private streams out of small test modules (struct lis_modsw
 * with a streamtab, as the head would) and tears them down before returning, whatever happened:
 * the runner checks that lis_mem_in_use() is back where it started.
 */
#ifndef LIS_CORETEST_H
#define LIS_CORETEST_H

#include <linux/jiffies.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <lis/strsubr.h>
#include <sys/stream.h>

/* Record the first failure of the running case (the later ones are only logged). */
__printf(2, 3) void ct_failf(int line, const char *fmt, ...);
/* Whether the running case has failed so far. */
bool ct_why_set(void);

/* Check @cond; on failure record "line N: cond: details" and evaluate to false. */
#define CT_EXPECT(cond, fmt, ...) CT_CHECK_(cond, #cond, fmt, ##__VA_ARGS__)
#define CT_CHECK_(cond, text, fmt, ...) \
	((cond) ? true : (ct_failf(__LINE__, "%s: " fmt, text, ##__VA_ARGS__), false))

/* Check @cond; on failure record it and jump to the case's cleanup label "out". */
#define CT_ASSERT(cond, fmt, ...) \
	do { if (!CT_CHECK_(cond, #cond, fmt, ##__VA_ARGS__)) goto out; } while (0)

/* Wait (sleeping 1 ms at a time) until @cond holds or @ms passed; true if it holds. */
#define ct_wait_for(cond, ms) ({						\
	unsigned long __end = jiffies + msecs_to_jiffies(ms);			\
	bool __ok;								\
	while (!(__ok = !!(cond)) && time_before(jiffies, __end))		\
		msleep(1);							\
	__ok;									\
})

/* A private stream: pairs rq[0] (top) .. rq[n - 1] (the "driver"), linked both ways. */
#define CT_MAXMODS	4
struct ct_stream {
	int n;
	queue_t *rq[CT_MAXMODS];
};

int ct_stream_open(struct ct_stream *s, struct lis_modsw *const *mods, int n, void *priv);
void ct_stream_close(struct ct_stream *s);

/* A module switch entry for a test module: name, streamtab, D_* flags. */
#define CT_MODSW(nm, tab, fl) { .name = (nm), .str = (tab), .flags = (fl), .major = -1 }

/*
 * Run @fn(@arg) once in softirq context (a timer_list callback) or in hard irq context (an
 * hrtimer in HRTIMER_MODE_REL_HARD; on PREEMPT_RT, where spinlock_t sleeps and so may not be
 * taken in hard irq, a soft hrtimer, which RT runs in its softirq thread) and wait for it.
 * ct_hardirq_name says which: "hard" or "soft-hrtimer (PREEMPT_RT)".
 */
void ct_call_softirq(void (*fn)(void *arg), void *arg);
void ct_call_hardirq(void (*fn)(void *arg), void *arg);
extern const char ct_hardirq_name[];
extern const enum hrtimer_mode ct_hrtimer_mode;

/*
 * Run @fn(@arg, i) for i = 0..@n-1 in @n kernel threads, thread i bound to online CPU
 * i % num_online_cpus(), and wait for all of them to return. Return: 0 or -errno.
 */
int ct_threads_run(int n, void (*fn)(void *arg, int i), void *arg);

/* A data message of @len bytes, each byte @fill, in band @band (NULL if allocb failed). */
mblk_t *ct_data(size_t len, unsigned char fill, unsigned char band);

/* The cases, by file. */
int ct_alloc(void);		/* lis_coretest_msg.c */
int ct_esballoc(void);
int ct_dupb(void);
int ct_pullup(void);
int ct_bands(void);		/* lis_coretest_queue.c */
int ct_flow(void);
int ct_flush(void);
int ct_timeout(void);
int ct_bufcall(void);
int ct_irq(void);		/* lis_coretest_ctx.c */
int ct_perimeter(void);
int ct_stress(void);

#endif /* LIS_CORETEST_H */
