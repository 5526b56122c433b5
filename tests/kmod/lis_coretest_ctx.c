// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lis_coretest.ko: cases of contexts and concurrency: put and putnext from softirq, put and
 * qenable from hard irq, service procedures in process context and never concurrent with
 * themselves; a legacy module's perimeter under several threads (with a qreply inside it); a
 * 4-module stress run from 2 CPUs counting every message. Audience: the test rig.
 */
#include <linux/atomic.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/timer.h>
#include "lis_coretest.h"

/* An "inside" counter: entering while someone is inside is recorded in @overlap. */
struct ct_excl {
	atomic_t inside;
	atomic_t overlap;
};

static void ct_enter(struct ct_excl *e)
{
	if (atomic_inc_return(&e->inside) != 1)
		atomic_inc(&e->overlap);
}

static void ct_leave(struct ct_excl *e)
{
	atomic_dec(&e->inside);
}

/* A service procedure must run on a service thread: process context, not atomic. */
static bool ct_srv_context_ok(void)
{
	return !in_interrupt() && in_task();
}

/* ---------------------------------------------------------------- irq */

/*
 * Top module "ct_it" passes messages down with putnext; bottom module "ct_is" queues them and
 * counts them in its service procedure. Sources: a tasklet (put), a timer_list on every CPU
 * (putnext), an hrtimer (put + qenable; hard irq except on PREEMPT_RT), then a thread on every
 * CPU (put + qenable while the service procedure lingers, to catch a second concurrent run).
 */
#define CT_IRQ_ROUNDS	40

static struct {
	struct ct_excl srv;
	atomic_t sent, got, srv_runs, bad_ctx;
	int put_hard, put_soft;		/* the bottom put procedure saw these contexts */
	int hr_hard;			/* the hrtimer callback ran in hard irq */
	queue_t *top;			/* WR of the top module */
	queue_t *bot;			/* WR of the bottom module */
	struct tasklet_struct tasklet;
	struct timer_list timer[2];
	int timer_rounds[2];
	struct hrtimer hr;
	int hr_rounds;
	int hr_enable_only;		/* last phase: the hrtimer only qenables */
	atomic_t sources;		/* sources still running */
} ct_ir;

static void ct_ir_send(bool next)
{
	mblk_t *mp = ct_data(16, 'i', 0);

	if (!mp)
		return;
	atomic_inc(&ct_ir.sent);
	if (next)
		putnext(ct_ir.top, mp);
	else
		put(ct_ir.top, mp);
}

static int ct_it_wput(queue_t *q, mblk_t *mp)
{
	putnext(q, mp);
	return 0;
}

static int ct_is_wput(queue_t *q, mblk_t *mp)
{
	if (in_hardirq())
		WRITE_ONCE(ct_ir.put_hard, 1);
	else if (in_serving_softirq())
		WRITE_ONCE(ct_ir.put_soft, 1);
	if (!putq(q, mp))
		freemsg(mp);
	return 0;
}

static int ct_is_wsrv(queue_t *q)
{
	mblk_t *mp;

	ct_enter(&ct_ir.srv);
	if (!ct_srv_context_ok())
		atomic_inc(&ct_ir.bad_ctx);
	while ((mp = getq(q)) != NULL) {
		freemsg(mp);
		atomic_inc(&ct_ir.got);
	}
	/*
	 * Linger after finding the queue empty (QWANTR set): a putq from another CPU now enables
	 * the queue while this run is still inside, which must not start a second run.
	 */
	udelay(50);
	atomic_inc(&ct_ir.srv_runs);
	ct_leave(&ct_ir.srv);
	return 0;
}

static void ct_ir_tasklet(struct tasklet_struct *t)
{
	int i;

	for (i = 0; i < CT_IRQ_ROUNDS; i++)
		ct_ir_send(false);
	atomic_dec(&ct_ir.sources);
}

static void ct_ir_timer(struct timer_list *t)
{
	int k = t == &ct_ir.timer[0] ? 0 : 1;

	ct_ir_send(true);
	ct_ir_send(true);
	if (++ct_ir.timer_rounds[k] < CT_IRQ_ROUNDS)
		mod_timer(t, jiffies + 1);
	else
		atomic_dec(&ct_ir.sources);
}

static enum hrtimer_restart ct_ir_hrtimer(struct hrtimer *h)
{
	if (in_hardirq())
		ct_ir.hr_hard = 1;
	if (!ct_ir.hr_enable_only)
		ct_ir_send(false);
	qenable(ct_ir.bot);
	if (++ct_ir.hr_rounds < CT_IRQ_ROUNDS) {
		hrtimer_forward_now(h, ns_to_ktime(300 * NSEC_PER_USEC));
		return HRTIMER_RESTART;
	}
	atomic_dec(&ct_ir.sources);
	return HRTIMER_NORESTART;
}

/* Both CPUs enable the queue from process context while its service procedure lingers. */
static void ct_ir_enabler(void *arg, int i)
{
	unsigned long end = jiffies + msecs_to_jiffies(300);

	while (time_before(jiffies, end)) {
		ct_ir_send(false);
		qenable(ct_ir.bot);
		udelay(20);
		cond_resched();
	}
}

static struct module_info ct_ir_mi = { 0x7c10, "ct_irq", 0, INFPSZ, 1 << 20, 1024 };
static struct qinit ct_it_winit = { .qi_putp = ct_it_wput, .qi_minfo = &ct_ir_mi };
static struct qinit ct_is_winit = { .qi_putp = ct_is_wput, .qi_srvp = ct_is_wsrv,
				    .qi_minfo = &ct_ir_mi };
static struct qinit ct_ir_rinit = { .qi_minfo = &ct_ir_mi };
static struct streamtab ct_it_tab = { &ct_ir_rinit, &ct_it_winit };
static struct streamtab ct_is_tab = { &ct_ir_rinit, &ct_is_winit };
static struct lis_modsw ct_it_sw = CT_MODSW("ct_it", &ct_it_tab, D_MP);
static struct lis_modsw ct_is_sw = CT_MODSW("ct_is", &ct_is_tab, D_MP);

static void ct_ir_hr_start(void)
{
	ct_ir.hr_rounds = 0;
	atomic_inc(&ct_ir.sources);
	hrtimer_start(&ct_ir.hr, ns_to_ktime(300 * NSEC_PER_USEC), ct_hrtimer_mode);
}

int ct_irq(void)
{
	struct lis_modsw *mods[] = { &ct_it_sw, &ct_is_sw };
	struct ct_stream s = { 0 };
	int k, ncpu = min_t(int, num_online_cpus(), 2), runs, err;

	memset(&ct_ir, 0, sizeof(ct_ir));
	tasklet_setup(&ct_ir.tasklet, ct_ir_tasklet);
	hrtimer_init(&ct_ir.hr, CLOCK_MONOTONIC, ct_hrtimer_mode);
	ct_ir.hr.function = ct_ir_hrtimer;
	for (k = 0; k < 2; k++)
		timer_setup(&ct_ir.timer[k], ct_ir_timer, 0);
	CT_ASSERT(!ct_stream_open(&s, mods, 2, NULL), "ct_stream_open failed");
	ct_ir.top = WR(s.rq[0]);
	ct_ir.bot = WR(s.rq[1]);

	atomic_set(&ct_ir.sources, 1 + ncpu);
	tasklet_schedule(&ct_ir.tasklet);
	for (k = 0; k < ncpu; k++) {
		ct_ir.timer[k].expires = jiffies + 1;
		add_timer_on(&ct_ir.timer[k], cpumask_nth(k, cpu_online_mask));
	}
	ct_ir_hr_start();
	CT_EXPECT(ct_wait_for(atomic_read(&ct_ir.sources) == 0, 10000),
		  "%d interrupt sources still running after 10 s", atomic_read(&ct_ir.sources));
	CT_EXPECT(ct_wait_for(atomic_read(&ct_ir.got) == atomic_read(&ct_ir.sent), 5000),
		  "service procedure got %d of %d messages", atomic_read(&ct_ir.got),
		  atomic_read(&ct_ir.sent));

	/* put and qenable from threads on every CPU */
	err = ct_threads_run(2, ct_ir_enabler, NULL);
	CT_ASSERT(!err, "starting threads: %d", err);
	CT_EXPECT(ct_wait_for(atomic_read(&ct_ir.got) == atomic_read(&ct_ir.sent), 5000),
		  "service procedure got %d of %d messages", atomic_read(&ct_ir.got),
		  atomic_read(&ct_ir.sent));

	/* qenable alone from hard irq: the service procedure runs (on an empty queue) */
	runs = atomic_read(&ct_ir.srv_runs);
	ct_ir.hr_enable_only = 1;
	ct_ir_hr_start();
	CT_EXPECT(ct_wait_for(atomic_read(&ct_ir.sources) == 0, 5000), "hrtimer did not finish");
	CT_EXPECT(ct_wait_for(atomic_read(&ct_ir.srv_runs) > runs, 2000),
		  "qenable from %s irq did not run the service procedure", ct_hardirq_name);

	CT_EXPECT(atomic_read(&ct_ir.bad_ctx) == 0, "service procedure ran %d times in interrupt",
		  atomic_read(&ct_ir.bad_ctx));
	CT_EXPECT(atomic_read(&ct_ir.srv.overlap) == 0,
		  "service procedure ran concurrently with itself %d times",
		  atomic_read(&ct_ir.srv.overlap));
	CT_EXPECT(ct_ir.put_soft, "no put procedure call from softirq was seen");
	if (ct_hrtimer_mode == HRTIMER_MODE_REL_HARD)
		CT_EXPECT(ct_ir.hr_hard && ct_ir.put_hard, "hrtimer hard %d, put seen in hard irq %d",
			  ct_ir.hr_hard, ct_ir.put_hard);
out:
	tasklet_kill(&ct_ir.tasklet);
	for (k = 0; k < 2; k++)
		lis_timer_delete_sync(&ct_ir.timer[k]);
	hrtimer_cancel(&ct_ir.hr);
	ct_stream_close(&s);
	return ct_why_set() ? -1 : 0;
}

/* ---------------------------------------------------------------- perimeter */

/*
 * Two instances of the legacy module "ct_pm" (no MT flag: one per-module perimeter), L1 over
 * L2. Messages by their first byte: 'F' goes down and is counted at the bottom, 'R' is
 * qreply'd at the bottom and counted at the top of the read side, 'Q' is queued at the bottom
 * and counted by its service procedure. Everything runs inside one perimeter: the shared
 * "inside" counter must never see two threads. The puts stay inside across putnext/qreply,
 * which reach the same perimeter: those must be deferred, not nested and not deadlocked.
 */
#define CT_PM_THREADS	3
#define CT_PM_MSGS	1500

static struct {
	struct ct_excl in;
	atomic_t down, up, srvd, sent[3], qtmo;
	atomic_t bad_ctx;
	queue_t *top, *bot;		/* WR of L1 and L2 */
	int stop_qtmo;
} ct_pm;

static int ct_pm_wput(queue_t *q, mblk_t *mp)
{
	ct_enter(&ct_pm.in);
	if (q != ct_pm.bot) {
		putnext(q, mp);		/* into the same perimeter */
	} else if (mp->b_rptr[0] == 'R') {
		qreply(q, mp);		/* likewise, via the read side */
	} else if (mp->b_rptr[0] == 'Q') {
		if (!putq(q, mp))
			freemsg(mp);
	} else {
		freemsg(mp);
		atomic_inc(&ct_pm.down);
	}
	ct_leave(&ct_pm.in);
	return 0;
}

static int ct_pm_wsrv(queue_t *q)
{
	mblk_t *mp;

	ct_enter(&ct_pm.in);
	if (!ct_srv_context_ok())
		atomic_inc(&ct_pm.bad_ctx);
	while ((mp = getq(q)) != NULL) {
		freemsg(mp);
		atomic_inc(&ct_pm.srvd);
	}
	ct_leave(&ct_pm.in);
	return 0;
}

static int ct_pm_rput(queue_t *q, mblk_t *mp)
{
	ct_enter(&ct_pm.in);
	if (q->q_next) {
		putnext(q, mp);
	} else {
		freemsg(mp);
		atomic_inc(&ct_pm.up);
	}
	ct_leave(&ct_pm.in);
	return 0;
}

/* A qtimeout callback re-arming itself: it too runs inside the perimeter. */
static void ct_pm_qtmo(void *arg)
{
	ct_enter(&ct_pm.in);
	atomic_inc(&ct_pm.qtmo);
	ct_leave(&ct_pm.in);
}

static void ct_pm_worker(void *arg, int i)
{
	static const char kinds[3] = { 'F', 'R', 'Q' };
	int n;

	for (n = 0; n < CT_PM_MSGS; n++) {
		int k = (n + i) % 3;
		mblk_t *mp = ct_data(8, kinds[k], 0);

		if (!mp)
			continue;
		atomic_inc(&ct_pm.sent[k]);
		put(ct_pm.top, mp);
		if (n % 32 == 0)
			cond_resched();
	}
}

static struct module_info ct_pm_mi = { 0x7c11, "ct_pm", 0, INFPSZ, 1 << 20, 1024 };
static struct qinit ct_pm_winit = { .qi_putp = ct_pm_wput, .qi_srvp = ct_pm_wsrv,
				    .qi_minfo = &ct_pm_mi };
static struct qinit ct_pm_rinit = { .qi_putp = ct_pm_rput, .qi_minfo = &ct_pm_mi };
static struct streamtab ct_pm_tab = { &ct_pm_rinit, &ct_pm_winit };
static struct lis_modsw ct_pm_sw = CT_MODSW("ct_pm", &ct_pm_tab, 0);

int ct_perimeter(void)
{
	struct lis_modsw *mods[] = { &ct_pm_sw, &ct_pm_sw };
	struct ct_stream s = { 0 };
	timeout_id_t ids[8] = { 0 };
	int i, err;

	memset(&ct_pm, 0, sizeof(ct_pm));
	CT_ASSERT(!ct_stream_open(&s, mods, 2, NULL), "ct_stream_open failed");
	CT_EXPECT(s.rq[0]->q_perim && s.rq[0]->q_perim == WR(s.rq[1])->q_perim,
		  "a legacy module's instances do not share one perimeter");
	ct_pm.top = WR(s.rq[0]);
	ct_pm.bot = WR(s.rq[1]);
	for (i = 0; i < ARRAY_SIZE(ids); i++)
		ids[i] = qtimeout(ct_pm.bot, ct_pm_qtmo, NULL, 1 + i);
	err = ct_threads_run(CT_PM_THREADS, ct_pm_worker, NULL);
	CT_ASSERT(!err, "starting threads: %d", err);
	CT_EXPECT(ct_wait_for(atomic_read(&ct_pm.down) == atomic_read(&ct_pm.sent[0]) &&
			      atomic_read(&ct_pm.up) == atomic_read(&ct_pm.sent[1]) &&
			      atomic_read(&ct_pm.srvd) == atomic_read(&ct_pm.sent[2]), 5000),
		  "down %d/%d, replies %d/%d, serviced %d/%d", atomic_read(&ct_pm.down),
		  atomic_read(&ct_pm.sent[0]), atomic_read(&ct_pm.up), atomic_read(&ct_pm.sent[1]),
		  atomic_read(&ct_pm.srvd), atomic_read(&ct_pm.sent[2]));
	CT_EXPECT(ct_wait_for(atomic_read(&ct_pm.qtmo) == ARRAY_SIZE(ids), 2000),
		  "%d of %zu qtimeout callbacks ran", atomic_read(&ct_pm.qtmo), ARRAY_SIZE(ids));
	CT_EXPECT(atomic_read(&ct_pm.in.overlap) == 0,
		  "%d entries into the perimeter while another thread was inside",
		  atomic_read(&ct_pm.in.overlap));
	CT_EXPECT(atomic_read(&ct_pm.bad_ctx) == 0, "service procedure in interrupt context");
out:
	for (i = 0; i < ARRAY_SIZE(ids); i++)
		if (ids[i])
			quntimeout(ct_pm.bot, ids[i]);
	ct_stream_close(&s);
	return ct_why_set() ? -1 : 0;
}

/* ---------------------------------------------------------------- stress */

/*
 * A 4-module stream: s1 (D_MP: write side queues, flow-controlled service), s2 (legacy, one
 * perimeter: write passes through, read side queues), s3 (D_MTQPAIR: write side queues, read
 * passes through), s4 (D_MP driver: queues with a small high water mark, so that flow control
 * and back-enabling happen, and turns messages around with qreply). The top read queue counts
 * what comes back. Two threads (one per CPU) and a timer on each CPU put
 * for CT_STRESS_MS while honouring canput; then every message must come back.
 */
#define CT_STRESS_MS	1500

static struct {
	atomic_long_t sent, sent_bytes, got, got_bytes;
	struct ct_excl s2, s3, srv[4];	/* per perimeter, per service procedure */
	atomic_t bad_ctx;
	queue_t *q[4];			/* WR of s1..s4 */
	unsigned long end;		/* jiffies: stop sending */
	struct timer_list timer[2];
} ct_st;

static unsigned int ct_rand(unsigned int *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

/* One message of random size, band and type; counted as sent. */
static void ct_st_send(unsigned int *seed)
{
	unsigned int r = ct_rand(seed);
	size_t len = 1 + r % 600;
	mblk_t *mp;

	if (!canput(ct_st.q[0]))
		return;
	mp = ct_data(len, (unsigned char)r, (r >> 12) % 8 == 0 ? 1 : 0);
	if (!mp)
		return;
	if ((r >> 16) % 64 == 0)
		DB_TYPE(mp) = M_PCPROTO;
	atomic_long_inc(&ct_st.sent);
	atomic_long_add((long)len, &ct_st.sent_bytes);
	put(ct_st.q[0], mp);
}

/* The standard service loop; @e checks the procedure never runs concurrently with itself. */
static int ct_st_srv(queue_t *q, struct ct_excl *e)
{
	mblk_t *mp;

	ct_enter(e);
	if (!ct_srv_context_ok())
		atomic_inc(&ct_st.bad_ctx);
	while ((mp = getq(q)) != NULL) {
		if (DB_TYPE(mp) < QPCTL && !bcanputnext(q, mp->b_band)) {
			putbq(q, mp);
			break;
		}
		putnext(q, mp);
	}
	ct_leave(e);
	return 0;
}

static int ct_st_putq(queue_t *q, mblk_t *mp)
{
	if (!putq(q, mp))
		freemsg(mp);
	return 0;
}

static int ct_s1_wsrv(queue_t *q)
{
	return ct_st_srv(q, &ct_st.srv[0]);
}

static int ct_s1_rput(queue_t *q, mblk_t *mp)
{
	atomic_long_inc(&ct_st.got);
	atomic_long_add((long)MBLKL(mp), &ct_st.got_bytes);	/* one block each */
	freemsg(mp);
	return 0;
}

static int ct_s2_wput(queue_t *q, mblk_t *mp)
{
	ct_enter(&ct_st.s2);
	putnext(q, mp);
	ct_leave(&ct_st.s2);
	return 0;
}

static int ct_s2_rput(queue_t *q, mblk_t *mp)
{
	ct_enter(&ct_st.s2);
	ct_st_putq(q, mp);
	ct_leave(&ct_st.s2);
	return 0;
}

static int ct_s3_put(queue_t *q, mblk_t *mp)
{
	ct_enter(&ct_st.s3);
	if (q->q_flag & QREADR)
		putnext(q, mp);
	else
		ct_st_putq(q, mp);
	ct_leave(&ct_st.s3);
	return 0;
}

static int ct_s4_wsrv(queue_t *q)
{
	mblk_t *mp;

	ct_enter(&ct_st.srv[3]);
	if (!ct_srv_context_ok())
		atomic_inc(&ct_st.bad_ctx);
	while ((mp = getq(q)) != NULL)
		qreply(q, mp);
	ct_leave(&ct_st.srv[3]);
	return 0;
}

/* s2 and s3 have perimeters: their service procedures are inside them too. */
static int ct_s2_rsrv(queue_t *q)
{
	int rc;

	ct_enter(&ct_st.s2);
	rc = ct_st_srv(q, &ct_st.srv[1]);
	ct_leave(&ct_st.s2);
	return rc;
}

static int ct_s3_wsrv(queue_t *q)
{
	int rc;

	ct_enter(&ct_st.s3);
	rc = ct_st_srv(q, &ct_st.srv[2]);
	ct_leave(&ct_st.s3);
	return rc;
}

static struct module_info ct_st_mi = { 0x7c12, "ct_st", 0, INFPSZ, 8192, 2048 };
static struct module_info ct_s4_mi = { 0x7c13, "ct_s4", 0, INFPSZ, 4096, 1024 };
static struct qinit ct_s1_winit = { .qi_putp = ct_st_putq, .qi_srvp = ct_s1_wsrv,
				    .qi_minfo = &ct_st_mi };
static struct qinit ct_s1_rinit = { .qi_putp = ct_s1_rput, .qi_minfo = &ct_st_mi };
static struct qinit ct_s2_winit = { .qi_putp = ct_s2_wput, .qi_minfo = &ct_st_mi };
static struct qinit ct_s2_rinit = { .qi_putp = ct_s2_rput, .qi_srvp = ct_s2_rsrv,
				    .qi_minfo = &ct_st_mi };
static struct qinit ct_s3_winit = { .qi_putp = ct_s3_put, .qi_srvp = ct_s3_wsrv,
				    .qi_minfo = &ct_st_mi };
static struct qinit ct_s3_rinit = { .qi_putp = ct_s3_put, .qi_minfo = &ct_st_mi };
static struct qinit ct_s4_winit = { .qi_putp = ct_st_putq, .qi_srvp = ct_s4_wsrv,
				    .qi_minfo = &ct_s4_mi };
static struct qinit ct_s4_rinit = { .qi_minfo = &ct_s4_mi };
static struct streamtab ct_s1_tab = { &ct_s1_rinit, &ct_s1_winit };
static struct streamtab ct_s2_tab = { &ct_s2_rinit, &ct_s2_winit };
static struct streamtab ct_s3_tab = { &ct_s3_rinit, &ct_s3_winit };
static struct streamtab ct_s4_tab = { &ct_s4_rinit, &ct_s4_winit };
static struct lis_modsw ct_s1_sw = CT_MODSW("ct_s1", &ct_s1_tab, D_MP);
static struct lis_modsw ct_s2_sw = CT_MODSW("ct_s2", &ct_s2_tab, 0);
static struct lis_modsw ct_s3_sw = CT_MODSW("ct_s3", &ct_s3_tab, D_MP | D_MTQPAIR);
static struct lis_modsw ct_s4_sw = CT_MODSW("ct_s4", &ct_s4_tab, D_MP);

static void ct_st_worker(void *arg, int i)
{
	unsigned int seed = 12345u + 7919u * (unsigned int)i, n = 0;

	while (time_before(jiffies, ct_st.end)) {
		ct_st_send(&seed);
		if (++n % 64 == 0) {
			qenable(ct_st.q[2]);		/* spurious enables are harmless */
			qenable(RD(ct_st.q[1]));
		}
		if (n % 16 == 0)
			usleep_range(50, 100);
	}
}

static void ct_st_timer(struct timer_list *t)
{
	unsigned int seed = (unsigned int)jiffies;
	int i;

	for (i = 0; i < 4; i++)
		ct_st_send(&seed);
	if (time_before(jiffies, ct_st.end))
		mod_timer(t, jiffies + 1);
}

int ct_stress(void)
{
	struct lis_modsw *mods[] = { &ct_s1_sw, &ct_s2_sw, &ct_s3_sw, &ct_s4_sw };
	int k, err, ncpu = min_t(int, num_online_cpus(), 2);
	struct ct_stream s = { 0 };

	memset(&ct_st, 0, sizeof(ct_st));
	for (k = 0; k < 2; k++)
		timer_setup(&ct_st.timer[k], ct_st_timer, 0);
	CT_ASSERT(!ct_stream_open(&s, mods, 4, NULL), "ct_stream_open failed");
	for (k = 0; k < 4; k++)
		ct_st.q[k] = WR(s.rq[k]);
	ct_st.end = jiffies + msecs_to_jiffies(CT_STRESS_MS);
	for (k = 0; k < ncpu; k++) {
		ct_st.timer[k].expires = jiffies + 1;
		add_timer_on(&ct_st.timer[k], cpumask_nth(k, cpu_online_mask));
	}
	err = ct_threads_run(2, ct_st_worker, NULL);
	for (k = 0; k < 2; k++)
		lis_timer_delete_sync(&ct_st.timer[k]);
	CT_ASSERT(!err, "starting threads: %d", err);
	CT_EXPECT(ct_wait_for(atomic_long_read(&ct_st.got) == atomic_long_read(&ct_st.sent),
			      10000),
		  "%ld of %ld messages came back", atomic_long_read(&ct_st.got),
		  atomic_long_read(&ct_st.sent));
	CT_EXPECT(atomic_long_read(&ct_st.got_bytes) == atomic_long_read(&ct_st.sent_bytes),
		  "%ld of %ld bytes came back", atomic_long_read(&ct_st.got_bytes),
		  atomic_long_read(&ct_st.sent_bytes));
	CT_EXPECT(atomic_read(&ct_st.s2.overlap) == 0 && atomic_read(&ct_st.s3.overlap) == 0,
		  "perimeter entered concurrently: legacy %d, queue pair %d",
		  atomic_read(&ct_st.s2.overlap), atomic_read(&ct_st.s3.overlap));
	for (k = 0; k < 4; k++)
		CT_EXPECT(atomic_read(&ct_st.srv[k].overlap) == 0,
			  "service procedure %d ran concurrently with itself", k);
	CT_EXPECT(atomic_read(&ct_st.bad_ctx) == 0, "service procedure in interrupt context");
	pr_info("lis_coretest: stress: %ld messages, %ld bytes in %d ms\n",
		atomic_long_read(&ct_st.sent), atomic_long_read(&ct_st.sent_bytes), CT_STRESS_MS);
out:
	for (k = 0; k < 2; k++)
		lis_timer_delete_sync(&ct_st.timer[k]);
	ct_stream_close(&s);
	return ct_why_set() ? -1 : 0;
}
