// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lis_coretest.ko: cases of the queue core (sched/): bands and high-priority ordering,
 * QFULL and back-enabling (band 0 and a priority band), flushq/flushband, timeout/untimeout,
 * qtimeout inside a perimeter, bufcall/unbufcall and qbufcall recovery. Audience: the test rig.
 */
#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include "lis_coretest.h"

/* ---------------------------------------------------------------- a plain queue */

/* A D_MP module without service procedures: a queue to putq/getq on by hand. */
static struct module_info ct_plain_mi = { 0x7c01, "ct_plain", 0, INFPSZ, 65536, 1024 };
static struct qinit ct_plain_init = { .qi_minfo = &ct_plain_mi };
static struct streamtab ct_plain_tab = { &ct_plain_init, &ct_plain_init };
static struct lis_modsw ct_plain_sw = CT_MODSW("ct_plain", &ct_plain_tab, D_MP);

static mblk_t *ct_typed(unsigned char type, size_t len, unsigned char fill, unsigned char band)
{
	mblk_t *mp = ct_data(len, fill, band);

	if (mp)
		DB_TYPE(mp) = type;
	return mp;
}

/* The first byte of every message on @q, in queue order, as a string (at most 31). */
static const char *ct_qorder(queue_t *q)
{
	static char buf[32];
	mblk_t *mp;
	int n = 0;

	for (mp = q->q_first; mp && n < 31; mp = mp->b_next)
		buf[n++] = (char)mp->b_rptr[0];
	buf[n] = 0;
	return buf;
}

static long ct_qget(queue_t *q, qfields_t what, unsigned char pri)
{
	long v = -1;

	return strqget(q, what, pri, &v) ? -1 : v;
}

int ct_bands(void)
{
	struct lis_modsw *mods[] = { &ct_plain_sw };
	struct ct_stream s = { 0 };
	mblk_t *m[8], *x = NULL, *y = NULL, *z = NULL;
	static const struct { unsigned char type; size_t len; char c; unsigned char band; } in[] = {
		{ M_DATA, 10, 'A', 0 }, { M_DATA, 20, 'B', 2 }, { M_DATA, 30, 'C', 1 },
		{ M_PCPROTO, 5, 'D', 5 }, { M_DATA, 40, 'E', 2 }, { M_DATA, 50, 'F', 0 },
		{ M_PCSIG, 1, 'G', 0 },
	};
	queue_t *q;
	int i;

	CT_ASSERT(!ct_stream_open(&s, mods, 1, NULL), "ct_stream_open failed");
	q = WR(s.rq[0]);
	for (i = 0; i < ARRAY_SIZE(in); i++) {
		m[i] = ct_typed(in[i].type, in[i].len, in[i].c, in[i].band);
		CT_ASSERT(m[i], "allocb failed");
		CT_ASSERT(putq(q, m[i]) == 1, "putq of message %c", in[i].c);
	}
	/* high priority first (band forced to 0), then bands 2, 1, then band 0; FIFO within */
	CT_EXPECT(!strcmp(ct_qorder(q), "DGBECAF"), "queue order %s, expected DGBECAF",
		  ct_qorder(q));
	CT_EXPECT(m[3]->b_band == 0, "high-priority message kept band %u", m[3]->b_band);
	CT_EXPECT(qsize(q) == 7 && q->q_nband == 2, "qsize %d, q_nband %u", qsize(q), q->q_nband);
	CT_EXPECT(q->q_count == 66, "q_count %zu, expected 66 (band 0 and high priority)",
		  q->q_count);
	CT_EXPECT(ct_qget(q, QCOUNT, 2) == 60 && ct_qget(q, QCOUNT, 1) == 30,
		  "band counts %ld %ld, expected 60 30", ct_qget(q, QCOUNT, 2), ct_qget(q, QCOUNT, 1));

	x = getq(q);
	y = getq(q);
	z = getq(q);
	CT_ASSERT(x == m[3] && y == m[6] && z == m[1], "getq order");
	freemsg(x);
	freemsg(y);
	x = y = NULL;
	CT_EXPECT(putbq(q, z) == 1 && !strcmp(ct_qorder(q), "BECAF"), "putbq: order %s",
		  ct_qorder(q));
	z = NULL;
	/* insq: in order before A (band 1 after C) is accepted, out of order refused */
	y = ct_data(7, 'H', 1);
	CT_ASSERT(y, "allocb failed");
	if (insq(q, m[0], y) == 1)
		y = NULL;
	CT_ASSERT(!y, "insq of a band-1 message before A refused");
	y = ct_data(3, 'I', 0);
	CT_ASSERT(y, "allocb failed");
	if (insq(q, m[1], y) != 0)
		y = NULL;
	CT_ASSERT(y, "insq of a band-0 message before a band-2 message accepted");
	rmvq(q, m[2]);
	freemsg(m[2]);
	CT_EXPECT(!strcmp(ct_qorder(q), "BEHAF"), "order %s after insq and rmvq, expected BEHAF",
		  ct_qorder(q));
	CT_EXPECT(ct_qget(q, QCOUNT, 1) == 7, "band 1 count %ld, expected 7",
		  ct_qget(q, QCOUNT, 1));
	for (i = 0; i < 5; i++)
		freemsg(getq(q));
	CT_EXPECT(!q->q_first && q->q_count == 0 && qsize(q) == 0 &&
		  ct_qget(q, QCOUNT, 2) == 0 && ct_qget(q, QCOUNT, 1) == 0, "queue not empty");
	CT_EXPECT(!getq(q) && (q->q_flag & QWANTR), "getq of an empty queue sets QWANTR");
out:
	freemsg(x);
	freemsg(y);
	freemsg(z);
	ct_stream_close(&s);	/* frees what is still queued */
	return ct_why_set() ? -1 : 0;
}

int ct_flush(void)
{
	struct lis_modsw *mods[] = { &ct_plain_sw };
	static const struct { unsigned char type; char c; unsigned char band; } in[] = {
		{ M_DATA, 'd', 0 }, { M_PROTO, 'p', 0 }, { M_CTL, 'c', 0 }, { M_PCPROTO, 'h', 0 },
		{ M_PCSIG, 's', 0 }, { M_DATA, '1', 1 }, { M_CTL, 'k', 1 }, { M_DATA, '2', 2 },
	};
	struct ct_stream s = { 0 };
	queue_t *q;
	mblk_t *mp;
	int i;

	CT_ASSERT(!ct_stream_open(&s, mods, 1, NULL), "ct_stream_open failed");
	q = WR(s.rq[0]);
	for (i = 0; i < ARRAY_SIZE(in); i++) {
		mp = ct_typed(in[i].type, 10, in[i].c, in[i].band);
		CT_ASSERT(mp, "allocb failed");
		CT_ASSERT(putq(q, mp) == 1, "putq");
	}
	CT_EXPECT(!strcmp(ct_qorder(q), "hs21kdpc"), "order %s", ct_qorder(q));
	flushband(q, 1, FLUSHDATA);
	CT_EXPECT(!strcmp(ct_qorder(q), "hs2kdpc"), "flushband(1, FLUSHDATA) left %s",
		  ct_qorder(q));
	CT_EXPECT(ct_qget(q, QCOUNT, 1) == 10, "band 1 count %ld", ct_qget(q, QCOUNT, 1));
	/* band 0 means the normal and high-priority messages */
	flushband(q, 0, FLUSHDATA);
	CT_EXPECT(!strcmp(ct_qorder(q), "s2kc"), "flushband(0, FLUSHDATA) left %s", ct_qorder(q));
	CT_EXPECT(q->q_count == 20, "q_count %zu, expected 20", q->q_count);
	flushq(q, FLUSHDATA);
	CT_EXPECT(!strcmp(ct_qorder(q), "skc"), "flushq(FLUSHDATA) left %s", ct_qorder(q));
	CT_EXPECT(ct_qget(q, QCOUNT, 2) == 0, "band 2 count %ld", ct_qget(q, QCOUNT, 2));
	flushband(q, 1, FLUSHALL);
	CT_EXPECT(!strcmp(ct_qorder(q), "sc"), "flushband(1, FLUSHALL) left %s", ct_qorder(q));
	flushq(q, FLUSHALL);
	CT_EXPECT(!q->q_first && !q->q_last && qsize(q) == 0 && q->q_count == 0,
		  "flushq(FLUSHALL) left %s", ct_qorder(q));
out:
	ct_stream_close(&s);
	return ct_why_set() ? -1 : 0;
}

/* ---------------------------------------------------------------- flow control */

/*
 * Upper module "ct_fa": putq, and a service procedure with the standard flow-controlled loop.
 * Lower module "ct_fb": putq; its service procedure drains only when told to.
 */
static struct {
	atomic_t fa_srv;		/* runs of fa's service procedure */
	int drain;			/* fb's service procedure frees what it finds */
	atomic_t drained;		/* messages fb freed */
} ct_fl;

static int ct_fa_wput(queue_t *q, mblk_t *mp)
{
	if (!putq(q, mp))
		freemsg(mp);
	return 0;
}

static int ct_fa_wsrv(queue_t *q)
{
	mblk_t *mp;

	atomic_inc(&ct_fl.fa_srv);
	while ((mp = getq(q)) != NULL) {
		if (!bcanputnext(q, mp->b_band)) {
			putbq(q, mp);
			break;
		}
		putnext(q, mp);
	}
	return 0;
}

static int ct_fb_wsrv(queue_t *q)
{
	mblk_t *mp;

	if (!READ_ONCE(ct_fl.drain))
		return 0;
	while ((mp = getq(q)) != NULL) {
		freemsg(mp);
		atomic_inc(&ct_fl.drained);
	}
	return 0;
}

/* fb: high water 1000, low water 200 bytes (200-byte messages: full after 5). */
static struct module_info ct_fa_mi = { 0x7c02, "ct_fa", 0, INFPSZ, 65536, 1024 };
static struct module_info ct_fb_mi = { 0x7c03, "ct_fb", 0, INFPSZ, 1000, 200 };
static struct qinit ct_fa_winit = { .qi_putp = ct_fa_wput, .qi_srvp = ct_fa_wsrv,
				    .qi_minfo = &ct_fa_mi };
static struct qinit ct_fb_winit = { .qi_putp = ct_fa_wput, .qi_srvp = ct_fb_wsrv,
				    .qi_minfo = &ct_fb_mi };
static struct qinit ct_f_rinit = { .qi_minfo = &ct_fa_mi };
static struct streamtab ct_fa_tab = { &ct_f_rinit, &ct_fa_winit };
static struct streamtab ct_fb_tab = { &ct_f_rinit, &ct_fb_winit };
static struct lis_modsw ct_fa_sw = CT_MODSW("ct_fa", &ct_fa_tab, D_MP);
static struct lis_modsw ct_fb_sw = CT_MODSW("ct_fb", &ct_fb_tab, D_MP);

int ct_flow(void)
{
	struct lis_modsw *mods[] = { &ct_fa_sw, &ct_fb_sw };
	struct ct_stream s = { 0 };
	queue_t *a, *b;
	mblk_t *mp;
	int i, runs;

	memset(&ct_fl, 0, sizeof(ct_fl));
	CT_ASSERT(!ct_stream_open(&s, mods, 2, NULL), "ct_stream_open failed");
	a = WR(s.rq[0]);
	b = WR(s.rq[1]);
	for (i = 0; i < 10; i++) {
		mp = ct_data(200, 'a', 0);
		CT_ASSERT(mp, "allocb failed");
		put(a, mp);
	}
	/* fa forwards until fb reaches its high water mark, then keeps the rest */
	CT_ASSERT(ct_wait_for(qsize(b) == 5 && qsize(a) == 5 &&
			      !(READ_ONCE(a->q_flag) & (QENAB | QINSERV)), 2000),
		  "messages upper %d lower %d, expected 5 and 5", qsize(a), qsize(b));
	CT_EXPECT((b->q_flag & (QFULL | QWANTW)) == (QFULL | QWANTW) && b->q_count == 1000,
		  "lower q_flag %#x q_count %zu: expected QFULL|QWANTW and 1000", b->q_flag,
		  b->q_count);
	CT_EXPECT(!canput(b) && !canputnext(a), "canput of a full queue");
	/* draining below the low water mark back-enables fa, which sends the rest */
	runs = atomic_read(&ct_fl.fa_srv);
	WRITE_ONCE(ct_fl.drain, 1);
	qenable(b);
	CT_ASSERT(ct_wait_for(atomic_read(&ct_fl.drained) == 10, 2000),
		  "%d of 10 messages drained; upper holds %d", atomic_read(&ct_fl.drained),
		  qsize(a));
	CT_EXPECT(atomic_read(&ct_fl.fa_srv) > runs, "upper service procedure not back-enabled");
	CT_EXPECT(a->q_flag & QBACK, "QBACK not set on the back-enabled queue");
	CT_EXPECT(!(b->q_flag & QFULL) && canput(b), "lower still full");

	/* band 1 of fb: its own water marks; band 0 stays open while band 1 is full */
	WRITE_ONCE(ct_fl.drain, 0);
	CT_ASSERT(!strqset(b, QHIWAT, 1, 300) && !strqset(b, QLOWAT, 1, 100), "strqset band 1");
	for (i = 0; i < 4; i++) {
		mp = ct_data(100, 'b', 1);
		CT_ASSERT(mp, "allocb failed");
		put(a, mp);
	}
	CT_ASSERT(ct_wait_for(qsize(b) == 3 && qsize(a) == 1 &&
			      !(READ_ONCE(a->q_flag) & (QENAB | QINSERV)), 2000),
		  "band 1: upper %d lower %d, expected 1 and 3", qsize(a), qsize(b));
	CT_EXPECT(!bcanput(b, 1) && canput(b) && bcanput(b, 2), "band 1 full, bands 0 and 2 not");
	/* flushing band 1 back-enables fa, which sends its last band-1 message */
	runs = atomic_read(&ct_fl.fa_srv);
	flushband(b, 1, FLUSHDATA);
	CT_EXPECT(ct_wait_for(qsize(a) == 0 && qsize(b) == 1, 2000),
		  "after flushband: upper %d lower %d, expected 0 and 1", qsize(a), qsize(b));
	CT_EXPECT(atomic_read(&ct_fl.fa_srv) > runs, "flushband did not back-enable");
out:
	ct_stream_close(&s);
	return ct_why_set() ? -1 : 0;
}

/* ---------------------------------------------------------------- timeouts */

static struct {
	atomic_t calls;
	unsigned long at;		/* jiffies of the last call */
	int hard;			/* a callback ran in hard irq */
	atomic_t running, done;		/* the slow callback */
	atomic_t inside;		/* the perimeter module's "inside" count */
	int overlap;			/* entered while someone was inside */
	int order;			/* 1: the put left before the callback came in */
	timeout_id_t qid;		/* the qtimeout the put procedure armed */
} ct_to;

static void ct_to_cb(void *arg)
{
	ct_to.at = jiffies;
	if (in_hardirq())
		ct_to.hard = 1;
	atomic_inc(&ct_to.calls);
}

static void ct_to_slow(void *arg)
{
	atomic_set(&ct_to.running, 1);
	mdelay(50);
	atomic_set(&ct_to.done, 1);
}

static void ct_to_qcb(void *arg)
{
	if (atomic_inc_return(&ct_to.inside) != 1)
		ct_to.overlap = 1;
	if (!READ_ONCE(ct_to.order))
		ct_to.order = -1;	/* ran inside the perimeter before the put left */
	atomic_inc(&ct_to.calls);
	atomic_dec(&ct_to.inside);
}

/*
 * A legacy module (no MT flag: one perimeter). Its put procedure arms a 1-tick qtimeout and
 * stays inside for 50 ms: the callback comes due meanwhile and must wait for the put to leave.
 */
static int ct_lg_wput(queue_t *q, mblk_t *mp)
{
	if (atomic_inc_return(&ct_to.inside) != 1)
		ct_to.overlap = 1;
	ct_to.qid = qtimeout(q, ct_to_qcb, NULL, 1);
	mdelay(50);
	WRITE_ONCE(ct_to.order, 1);
	atomic_dec(&ct_to.inside);
	freemsg(mp);
	return 0;
}

static struct module_info ct_lg_mi = { 0x7c04, "ct_lg", 0, INFPSZ, 65536, 1024 };
static struct qinit ct_lg_winit = { .qi_putp = ct_lg_wput, .qi_minfo = &ct_lg_mi };
static struct qinit ct_lg_rinit = { .qi_minfo = &ct_lg_mi };
static struct streamtab ct_lg_tab = { &ct_lg_rinit, &ct_lg_winit };
static struct lis_modsw ct_lg_sw = CT_MODSW("ct_lg", &ct_lg_tab, 0);

int ct_timeout(void)
{
	struct lis_modsw *mods[] = { &ct_lg_sw };
	unsigned long t0 = jiffies;
	struct ct_stream s = { 0 };
	timeout_id_t id;
	clock_t left;
	mblk_t *mp;

	memset(&ct_to, 0, sizeof(ct_to));
	id = timeout(ct_to_cb, NULL, 3);
	CT_ASSERT(id, "timeout returned 0");
	CT_ASSERT(ct_wait_for(atomic_read(&ct_to.calls) == 1, 1000), "no call in 1 s");
	CT_EXPECT(time_after_eq(ct_to.at, t0 + 3), "called after %ld ticks, asked 3",
		  (long)(ct_to.at - t0));
	msleep(20);
	CT_EXPECT(atomic_read(&ct_to.calls) == 1 && !ct_to.hard, "called %d times, hard irq %d",
		  atomic_read(&ct_to.calls), ct_to.hard);
	CT_EXPECT(untimeout(id) == -1, "untimeout of an expired timeout: expected -1");

	id = timeout(ct_to_cb, NULL, msecs_to_jiffies(200));
	CT_ASSERT(id, "timeout returned 0");
	left = untimeout(id);
	CT_EXPECT(left >= 0 && left <= (clock_t)msecs_to_jiffies(200), "untimeout returned %ld",
		  (long)left);
	msleep(300);
	CT_EXPECT(atomic_read(&ct_to.calls) == 1, "cancelled timeout ran");

	/* untimeout of a running callback waits for it to return */
	id = timeout(ct_to_slow, NULL, 1);
	CT_ASSERT(id, "timeout returned 0");
	CT_ASSERT(ct_wait_for(atomic_read(&ct_to.running), 1000), "slow callback not called");
	untimeout(id);
	CT_EXPECT(atomic_read(&ct_to.done), "untimeout returned while the callback ran");

	/* qtimeout on a legacy module: the callback runs inside the module's perimeter */
	CT_ASSERT(!ct_stream_open(&s, mods, 1, NULL), "ct_stream_open failed");
	mp = ct_data(1, 'x', 0);
	CT_ASSERT(mp, "allocb failed");
	atomic_set(&ct_to.calls, 0);
	put(WR(s.rq[0]), mp);
	CT_ASSERT(ct_to.qid, "qtimeout returned 0");
	CT_EXPECT(ct_wait_for(atomic_read(&ct_to.calls) == 1, 1000), "qtimeout callback not run");
	CT_EXPECT(!ct_to.overlap && ct_to.order == 1,
		  "qtimeout callback ran inside the perimeter with the put (overlap %d order %d)",
		  ct_to.overlap, ct_to.order);
	id = qtimeout(WR(s.rq[0]), ct_to_qcb, NULL, msecs_to_jiffies(100));
	CT_ASSERT(id, "qtimeout returned 0");
	left = quntimeout(WR(s.rq[0]), id);
	CT_EXPECT(left >= 0, "quntimeout of a pending qtimeout returned %ld", (long)left);
	msleep(200);
	CT_EXPECT(atomic_read(&ct_to.calls) == 1, "cancelled qtimeout ran");
out:
	ct_stream_close(&s);
	return ct_why_set() ? -1 : 0;
}

/* ---------------------------------------------------------------- bufcalls */

static struct {
	atomic_t calls;
	int hard;
	atomic_t running, done;
	int fail_next;			/* the recovering module's next allocations "fail" */
	bcid_t id;
	atomic_t delivered;
	atomic_t inside;
	int overlap;
} ct_bc;

static void ct_bc_cb(void *arg)
{
	if (in_hardirq())
		ct_bc.hard = 1;
	atomic_inc(&ct_bc.calls);
}

static void ct_bc_slow(void *arg)
{
	atomic_set(&ct_bc.running, 1);
	mdelay(30);
	atomic_set(&ct_bc.done, 1);
}

/* The recovering module (legacy): its service procedure "fails" to allocate twice. */
static void ct_rc_bufcb(void *arg)
{
	queue_t *q = arg;

	if (atomic_inc_return(&ct_bc.inside) != 1)
		ct_bc.overlap = 1;
	atomic_inc(&ct_bc.calls);
	qenable(q);
	atomic_dec(&ct_bc.inside);
}

static int ct_rc_wsrv(queue_t *q)
{
	mblk_t *mp, *reply;

	if (atomic_inc_return(&ct_bc.inside) != 1)
		ct_bc.overlap = 1;
	while ((mp = getq(q)) != NULL) {
		reply = NULL;
		if (ct_bc.fail_next > 0)
			ct_bc.fail_next--;
		else
			reply = copymsg(mp);
		if (!reply) {
			putbq(q, mp);
			ct_bc.id = qbufcall(q, msgdsize(mp), BPRI_MED, ct_rc_bufcb, q);
			break;
		}
		freemsg(mp);
		freemsg(reply);
		atomic_inc(&ct_bc.delivered);
	}
	atomic_dec(&ct_bc.inside);
	return 0;
}

static struct qinit ct_rc_winit = { .qi_putp = ct_fa_wput, .qi_srvp = ct_rc_wsrv,
				    .qi_minfo = &ct_lg_mi };
static struct streamtab ct_rc_tab = { &ct_lg_rinit, &ct_rc_winit };
static struct lis_modsw ct_rc_sw = CT_MODSW("ct_rc", &ct_rc_tab, 0);

int ct_bufcall(void)
{
	struct lis_modsw *mods[] = { &ct_rc_sw };
	struct ct_stream s = { 0 };
	bcid_t id;
	mblk_t *mp;
	int n;

	memset(&ct_bc, 0, sizeof(ct_bc));
	id = bufcall(64, BPRI_MED, ct_bc_cb, NULL);
	CT_ASSERT(id, "bufcall returned 0");
	CT_ASSERT(ct_wait_for(atomic_read(&ct_bc.calls) == 1, 2000), "bufcall callback not run");
	msleep(30);
	CT_EXPECT(atomic_read(&ct_bc.calls) == 1 && !ct_bc.hard, "called %d times, hard irq %d",
		  atomic_read(&ct_bc.calls), ct_bc.hard);

	/* cancelled at once: after unbufcall returns, it never runs */
	id = bufcall(64, BPRI_MED, ct_bc_cb, NULL);
	CT_ASSERT(id, "bufcall returned 0");
	unbufcall(id);
	n = atomic_read(&ct_bc.calls);
	msleep(50);
	CT_EXPECT(atomic_read(&ct_bc.calls) == n && n <= 2, "cancelled bufcall ran (%d calls)",
		  atomic_read(&ct_bc.calls));

	id = esbbcall(BPRI_MED, ct_bc_cb, NULL);
	CT_ASSERT(id, "esbbcall returned 0");
	CT_EXPECT(ct_wait_for(atomic_read(&ct_bc.calls) == n + 1, 2000), "esbbcall not run");

	/* unbufcall of a running callback waits for it */
	id = bufcall(64, BPRI_MED, ct_bc_slow, NULL);
	CT_ASSERT(id, "bufcall returned 0");
	CT_ASSERT(ct_wait_for(atomic_read(&ct_bc.running), 2000), "slow callback not run");
	unbufcall(id);
	CT_EXPECT(atomic_read(&ct_bc.done), "unbufcall returned while the callback ran");

	/* recovery: a service procedure short of memory waits with qbufcall, then succeeds */
	CT_ASSERT(!ct_stream_open(&s, mods, 1, NULL), "ct_stream_open failed");
	atomic_set(&ct_bc.calls, 0);
	ct_bc.fail_next = 2;
	mp = ct_data(100, 'r', 0);
	CT_ASSERT(mp, "allocb failed");
	put(WR(s.rq[0]), mp);
	CT_EXPECT(ct_wait_for(atomic_read(&ct_bc.delivered) == 1, 3000),
		  "not recovered: %d qbufcall callbacks, %d allocations still to fail",
		  atomic_read(&ct_bc.calls), ct_bc.fail_next);
	CT_EXPECT(atomic_read(&ct_bc.calls) == 2 && !ct_bc.overlap,
		  "qbufcall callbacks %d (expected 2), overlap with the service procedure %d",
		  atomic_read(&ct_bc.calls), ct_bc.overlap);
out:
	if (s.n) {
		if (atomic_read(&ct_bc.delivered) == 0 && ct_bc.id)
			qunbufcall(WR(s.rq[0]), ct_bc.id);
		ct_stream_close(&s);
	}
	return ct_why_set() ? -1 : 0;
}
