// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/queue.c and flow.c: ordering, counts, water marks, bands, flushing, insq/rmvq/appq,
 * strqget/strqset, noenable/enableok, back-enabling, putctl.
 */
#include "lis_sched_unit.h"

LIS_SCHED_FIXTURE(q);

/* A single queue pair of a D_MP module without service procedures (nothing gets enabled). */
static struct tmod plain;

static queue_t *plain_q(size_t hiwat, size_t lowat)
{
	queue_t *rq;

	tmod_init(&plain, "plain", D_MP, t_putq, NULL, t_putq, NULL, hiwat, lowat);
	rq = lis_allocq(&plain.msw);
	if (rq)
		lis_qprocson(rq);
	return rq;
}

static void plain_free(queue_t *rq)
{
	lis_qprocsoff(rq);
	lis_freeq(rq);
}

/* Drain @q with getq, storing tags in @tags; returns how many. */
static int drain_tags(queue_t *q, int *tags, int max)
{
	mblk_t *mp;
	int n = 0;

	while ((mp = getq(q)) != NULL) {
		if (n < max)
			tags[n] = t_tag(mp);
		n++;
		freemsg(mp);
	}
	return n;
}

TEST_F(q, putq_getq_order)
{
	queue_t *q = plain_q(1 << 20, 1 << 10);
	int tags[16], i;
	static const int want[] = { 4, 6, 3, 7, 5, 1, 2 };

	ASSERT_NE(NULL, q);
	ASSERT_EQ(1, putq(q, t_msg(10, 0, M_DATA, 1)));
	ASSERT_EQ(1, putq(q, t_msg(20, 0, M_PROTO, 2)));
	ASSERT_EQ(1, putq(q, t_msg(30, 2, M_DATA, 3)));
	ASSERT_EQ(1, putq(q, t_msg(1, 7, M_PCPROTO, 4)));	/* band forced to 0 */
	ASSERT_EQ(1, putq(q, t_msg(40, 1, M_DATA, 5)));
	ASSERT_EQ(1, putq(q, t_msg(2, 0, M_FLUSH, 6)));
	ASSERT_EQ(1, putq(q, t_msg(50, 2, M_DATA, 7)));
	EXPECT_EQ(7, qsize(q));
	EXPECT_EQ(2, q->q_nband);
	EXPECT_EQ(10 + 20 + 1 + 2, q->q_count);	/* band 0 and high priority */
	EXPECT_EQ(40, q->q_bandp->qb_count);
	EXPECT_EQ(80, q->q_bandp->qb_next->qb_count);
	EXPECT_EQ(0, q->q_first->b_band);
	EXPECT_EQ(7, drain_tags(q, tags, 16));
	for (i = 0; i < 7; i++)
		EXPECT_EQ(want[i], tags[i]);
	EXPECT_EQ(0, q->q_count);
	EXPECT_EQ(0, q->q_bandp->qb_count);
	EXPECT_EQ(NULL, q->q_bandp->qb_first);
	EXPECT_EQ(NULL, q->q_last);
	EXPECT_TRUE(q->q_flag & QWANTR);
	plain_free(q);
}

TEST_F(q, putbq_front_of_band)
{
	queue_t *q = plain_q(1 << 20, 1 << 10);
	int tags[16], i;
	mblk_t *mp;
	static const int want[] = { 9, 4, 8, 3, 7, 6, 1, 2 };

	ASSERT_NE(NULL, q);
	putq(q, t_msg(10, 0, M_DATA, 1));
	putq(q, t_msg(10, 0, M_DATA, 2));
	putq(q, t_msg(10, 3, M_DATA, 3));
	putq(q, t_msg(1, 0, M_PCPROTO, 4));
	putbq(q, t_msg(10, 0, M_DATA, 6));	/* before 1 */
	putbq(q, t_msg(10, 1, M_DATA, 7));	/* new band 1: after band 3 */
	putbq(q, t_msg(10, 3, M_DATA, 8));	/* before 3 */
	putbq(q, t_msg(1, 0, M_PCPROTO, 9));	/* very front */
	EXPECT_EQ(8, drain_tags(q, tags, 16));
	for (i = 0; i < 8; i++)
		EXPECT_EQ(want[i], tags[i]);
	/* the usual: take one, put it back, it comes out first again */
	putq(q, t_msg(5, 0, M_DATA, 11));
	putq(q, t_msg(5, 0, M_DATA, 12));
	mp = getq(q);
	ASSERT_NE(NULL, mp);
	EXPECT_EQ(5, q->q_count);
	putbq(q, mp);
	EXPECT_EQ(10, q->q_count);
	EXPECT_EQ(2, drain_tags(q, tags, 16));
	EXPECT_EQ(11, tags[0]);
	plain_free(q);
}

TEST_F(q, qfull_hiwat_lowat)
{
	queue_t *q = plain_q(100, 50);
	mblk_t *mp;

	ASSERT_NE(NULL, q);
	putq(q, t_msg(60, 0, M_DATA, 1));
	EXPECT_FALSE(q->q_flag & QFULL);
	EXPECT_EQ(1, canput(q));
	putq(q, t_msg(40, 0, M_DATA, 2));	/* 100 >= hiwat */
	EXPECT_TRUE(q->q_flag & QFULL);
	EXPECT_EQ(0, canput(q));
	EXPECT_TRUE(q->q_flag & QWANTW);
	putq(q, t_msg(10, 0, M_DATA, 3));	/* writers may still put: 110 */
	mp = getq(q);				/* 50: not below lowat */
	freemsg(mp);
	EXPECT_EQ(50, q->q_count);
	EXPECT_TRUE(q->q_flag & QFULL);
	EXPECT_TRUE(q->q_flag & QWANTW);
	mp = getq(q);				/* 10 < 50: relieved */
	freemsg(mp);
	EXPECT_FALSE(q->q_flag & QFULL);
	EXPECT_FALSE(q->q_flag & QWANTW);	/* the writer was back-enabled (no one behind) */
	EXPECT_EQ(1, canput(q));
	freemsg(getq(q));
	plain_free(q);
}

TEST_F(q, band_flow_control)
{
	queue_t *q = plain_q(100, 10);
	long v;

	ASSERT_NE(NULL, q);
	EXPECT_EQ(1, bcanput(q, 5));		/* a band that does not exist is not full */
	putq(q, t_msg(100, 5, M_DATA, 1));
	EXPECT_EQ(5, q->q_nband);
	EXPECT_EQ(0, q->q_count);
	EXPECT_EQ(0, bcanput(q, 5));
	EXPECT_EQ(1, bcanput(q, 4));
	EXPECT_EQ(1, bcanput(q, 0));
	EXPECT_EQ(1, canput(q));
	ASSERT_EQ(0, strqget(q, QFLAG, 5, &v));
	EXPECT_EQ(QB_FULL | QB_WANTW, v & (QB_FULL | QB_WANTW));
	freemsg(getq(q));
	ASSERT_EQ(0, strqget(q, QFLAG, 5, &v));
	EXPECT_EQ(0, v & (QB_FULL | QB_WANTW));
	plain_free(q);
}

TEST_F(q, band_alloc_failure)
{
	queue_t *q = plain_q(100, 10);
	mblk_t *mp = t_msg(10, 3, M_DATA, 1);

	ASSERT_NE(NULL, q);
	ASSERT_NE(NULL, mp);
	lis_port_fail_allocs = 1;
	EXPECT_EQ(0, putq(q, mp));
	lis_port_fail_allocs = 0;
	EXPECT_EQ(0, qsize(q));
	EXPECT_EQ(1, putq(q, mp));
	EXPECT_EQ(3, q->q_nband);
	plain_free(q);				/* frees the queued message and the bands */
}

TEST_F(q, flushq_data_vs_all)
{
	queue_t *q = plain_q(1 << 20, 1 << 10);
	int tags[16];

	ASSERT_NE(NULL, q);
	putq(q, t_msg(5, 0, M_DATA, 1));
	putq(q, t_msg(5, 0, M_CTL, 2));
	putq(q, t_msg(5, 0, M_PROTO, 3));
	putq(q, t_msg(5, 2, M_DATA, 4));
	putq(q, t_msg(5, 0, M_PCPROTO, 5));
	putq(q, t_msg(5, 0, M_IOCACK, 6));
	putq(q, t_msg(5, 0, M_DELAY, 7));
	flushq(q, FLUSHDATA);
	EXPECT_EQ(2, qsize(q));
	EXPECT_EQ(10, q->q_count);		/* high priority counts in band 0 */
	EXPECT_EQ(0, q->q_bandp->qb_count);
	EXPECT_EQ(2, drain_tags(q, tags, 16));
	EXPECT_EQ(6, tags[0]);
	EXPECT_EQ(2, tags[1]);
	putq(q, t_msg(5, 0, M_CTL, 2));
	putq(q, t_msg(5, 1, M_DATA, 4));
	putq(q, t_msg(5, 0, M_IOCACK, 6));
	flushq(q, FLUSHALL);
	EXPECT_EQ(0, qsize(q));
	EXPECT_EQ(NULL, q->q_first);
	EXPECT_EQ(0, q->q_count);
	plain_free(q);
}

TEST_F(q, flushband)
{
	queue_t *q = plain_q(1 << 20, 1 << 10);
	int tags[16];

	ASSERT_NE(NULL, q);
	putq(q, t_msg(5, 0, M_DATA, 1));
	putq(q, t_msg(5, 1, M_DATA, 2));
	putq(q, t_msg(5, 1, M_CTL, 3));
	putq(q, t_msg(5, 2, M_DATA, 4));
	putq(q, t_msg(5, 0, M_PCPROTO, 5));
	putq(q, t_msg(5, 0, M_CTL, 6));
	flushband(q, 1, FLUSHDATA);		/* only tag 2 */
	EXPECT_EQ(5, qsize(q));
	EXPECT_EQ(5, q->q_bandp->qb_count);
	flushband(q, 9, FLUSHALL);		/* no such band: nothing */
	EXPECT_EQ(5, qsize(q));
	flushband(q, 0, FLUSHDATA);		/* band 0 data, high priority included: 1, 5 */
	EXPECT_EQ(3, qsize(q));
	EXPECT_EQ(5, q->q_count);
	EXPECT_EQ(3, drain_tags(q, tags, 16));
	EXPECT_EQ(4, tags[0]);
	EXPECT_EQ(3, tags[1]);
	EXPECT_EQ(6, tags[2]);
	putq(q, t_msg(5, 2, M_CTL, 7));
	putq(q, t_msg(5, 2, M_DATA, 8));
	putq(q, t_msg(5, 0, M_CTL, 9));
	flushband(q, 2, FLUSHALL);
	EXPECT_EQ(1, qsize(q));
	EXPECT_EQ(NULL, q->q_bandp->qb_next->qb_first);
	EXPECT_EQ(NULL, q->q_bandp->qb_next->qb_last);
	flushband(q, 0, FLUSHALL);
	EXPECT_EQ(0, qsize(q));
	plain_free(q);
}

TEST_F(q, insq_rmvq_appq)
{
	queue_t *q = plain_q(1 << 20, 1 << 10);
	mblk_t *a = t_msg(5, 0, M_DATA, 1), *b = t_msg(5, 0, M_DATA, 2);
	mblk_t *c = t_msg(5, 2, M_DATA, 3), *x;
	int tags[16];

	ASSERT_NE(NULL, q);
	putq(q, a);
	putq(q, b);
	EXPECT_EQ(1, insq(q, a, c));		/* band 2 before band 0: fine */
	x = t_msg(5, 1, M_DATA, 4);
	EXPECT_EQ(0, insq(q, c, x));		/* band 1 before band 2: out of order */
	EXPECT_EQ(1, insq(q, a, x));		/* between 2 and 0 */
	EXPECT_EQ(x, q->q_bandp->qb_first);
	x = t_msg(5, 0, M_PCPROTO, 5);
	EXPECT_EQ(0, insq(q, NULL, x));		/* high priority at the end */
	EXPECT_EQ(1, insq(q, c, x));		/* at the front */
	x = t_msg(5, 3, M_DATA, 6);
	EXPECT_EQ(0, insq(q, NULL, x));
	freemsg(x);
	x = t_msg(5, 0, M_DATA, 7);
	EXPECT_EQ(1, insq(q, b, x));		/* between 1 and 2 */
	rmvq(q, a);
	freemsg(a);
	EXPECT_EQ(15, q->q_count);
	appq(q, c, t_msg(5, 2, M_DATA, 8));	/* after c, same band */
	appq(q, NULL, t_msg(5, 0, M_PCPROTO, 9));	/* at the front */
	EXPECT_EQ(c, q->q_bandp->qb_next->qb_first);
	EXPECT_EQ(10, q->q_bandp->qb_next->qb_count);
	EXPECT_EQ(7, drain_tags(q, tags, 16));
	EXPECT_EQ(9, tags[0]);
	EXPECT_EQ(5, tags[1]);
	EXPECT_EQ(3, tags[2]);
	EXPECT_EQ(8, tags[3]);
	EXPECT_EQ(4, tags[4]);
	EXPECT_EQ(7, tags[5]);
	EXPECT_EQ(2, tags[6]);
	plain_free(q);
}

TEST_F(q, strqget_strqset)
{
	queue_t *q = plain_q(1000, 100);
	mblk_t *mp = t_msg(30, 0, M_DATA, 1);
	long v;

	ASSERT_NE(NULL, q);
	putq(q, mp);
	EXPECT_EQ(0, strqget(q, QHIWAT, 0, &v));
	EXPECT_EQ(1000, v);
	EXPECT_EQ(0, strqget(q, QLOWAT, 0, &v));
	EXPECT_EQ(100, v);
	EXPECT_EQ(0, strqget(q, QMAXPSZ, 0, &v));
	EXPECT_EQ(INFPSZ, v);
	EXPECT_EQ(0, strqget(q, QCOUNT, 0, &v));
	EXPECT_EQ(30, v);
	EXPECT_EQ(0, strqget(q, QFIRST, 0, &v));
	EXPECT_EQ((long)mp, v);
	EXPECT_EQ(0, strqget(q, QLAST, 0, &v));
	EXPECT_EQ((long)mp, v);
	EXPECT_EQ(0, strqget(q, QFLAG, 0, &v));
	EXPECT_TRUE(v & QREADR);
	EXPECT_EQ(EINVAL, strqget(q, QBAD, 0, &v));
	EXPECT_EQ(EINVAL, strqget(q, QMAXPSZ, 3, &v));
	/* a band is allocated on demand and inherits the marks */
	EXPECT_EQ(0, strqget(q, QHIWAT, 3, &v));
	EXPECT_EQ(1000, v);
	EXPECT_EQ(3, q->q_nband);
	EXPECT_EQ(0, strqset(q, QHIWAT, 4, 20));
	EXPECT_EQ(4, q->q_nband);
	EXPECT_EQ(0, strqget(q, QHIWAT, 4, &v));
	EXPECT_EQ(20, v);
	EXPECT_EQ(0, strqset(q, QLOWAT, 4, 5));
	EXPECT_EQ(0, strqset(q, QMINPSZ, 0, 2));
	EXPECT_EQ(2, q->q_minpsz);
	EXPECT_EQ(0, strqset(q, QMAXPSZ, 0, 512));
	EXPECT_EQ(512, q->q_maxpsz);
	EXPECT_EQ(EINVAL, strqset(q, QMAXPSZ, 4, 512));
	EXPECT_EQ(EINVAL, strqset(q, QCOUNT, 0, 0));
	EXPECT_EQ(EINVAL, strqset(q, QFIRST, 0, 0));
	EXPECT_EQ(EINVAL, strqset(q, QLAST, 0, 0));
	EXPECT_EQ(EINVAL, strqset(q, QFLAG, 0, 0));
	EXPECT_EQ(EINVAL, strqset(q, QBAD, 0, 0));
	EXPECT_EQ(EINVAL, strqset(q, (qfields_t)-1, 0, 0));
	/* lowering the high water mark below the count makes the queue full at once */
	EXPECT_EQ(0, strqset(q, QLOWAT, 0, 10));
	EXPECT_FALSE(q->q_flag & QFULL);
	EXPECT_EQ(0, strqset(q, QHIWAT, 0, 30));
	EXPECT_TRUE(q->q_flag & QFULL);
	EXPECT_EQ(0, canput(q));
	EXPECT_EQ(0, strqset(q, QLOWAT, 0, 31));	/* and raising the low one relieves it */
	EXPECT_FALSE(q->q_flag & QFULL);
	EXPECT_FALSE(q->q_flag & QWANTW);
	lis_port_fail_allocs = 1;
	EXPECT_EQ(EAGAIN, strqset(q, QHIWAT, 9, 1));
	lis_port_fail_allocs = 0;
	plain_free(q);
}

/* ---------------------------------------------------------------- enabling */

static int srv_calls;

static int counting_srv(queue_t *q)
{
	mblk_t *mp;

	T_INC(&srv_calls);
	while ((mp = getq(q)) != NULL)
		freemsg(mp);
	return 0;
}

TEST_F(q, noenable_enableok)
{
	static struct tmod m;
	queue_t *rq, *q;

	tmod_init(&m, "noen", D_MP, t_putq, NULL, t_putq, counting_srv, 1000, 100);
	rq = lis_allocq(&m.msw);
	ASSERT_NE(NULL, rq);
	q = WR(rq);
	lis_qprocson(rq);
	T_SET(&srv_calls, 0);
	putq(q, t_msg(5, 0, M_DATA, 1));	/* QWANTR from allocq: enabled */
	ASSERT_TRUE(lis_unit_wait(T_GET(&srv_calls) == 1 && !qsize(q), 2000));
	noenable(q);
	putq(q, t_msg(5, 0, M_DATA, 2));
	putq(q, t_msg(5, 1, M_DATA, 3));	/* a band message is ordinary too */
	lis_usleep(20000);
	EXPECT_EQ(1, T_GET(&srv_calls));
	EXPECT_EQ(2, qsize(q));
	putq(q, t_msg(1, 0, M_PCPROTO, 4));	/* high priority always enables */
	ASSERT_TRUE(lis_unit_wait(T_GET(&srv_calls) == 2 && !qsize(q), 2000));
	putq(q, t_msg(5, 0, M_DATA, 5));
	lis_usleep(20000);
	EXPECT_EQ(2, T_GET(&srv_calls));
	enableok(q);
	EXPECT_EQ(2, T_GET(&srv_calls));	/* enableok alone does not schedule */
	qenable(q);				/* qenable ignores noenable anyway */
	ASSERT_TRUE(lis_unit_wait(T_GET(&srv_calls) == 3 && !qsize(q), 2000));
	putq(q, t_msg(5, 0, M_DATA, 6));	/* QWANTR set by the last getq */
	ASSERT_TRUE(lis_unit_wait(T_GET(&srv_calls) == 4 && !qsize(q), 2000));
	EXPECT_EQ(4, m.wstat.ms_scnt);
	lis_qprocsoff(rq);
	lis_freeq(rq);
}

TEST_F(q, putq_without_qwantr_does_not_enable)
{
	static struct tmod m;
	queue_t *rq, *q;
	mblk_t *mp;

	tmod_init(&m, "wantr", D_MP, t_putq, NULL, t_putq, counting_srv, 1000, 100);
	rq = lis_allocq(&m.msw);
	ASSERT_NE(NULL, rq);
	q = WR(rq);
	T_SET(&srv_calls, 0);
	putq(q, t_msg(5, 0, M_DATA, 1));	/* procedures off: QENAB pending */
	lis_usleep(10000);
	EXPECT_EQ(0, T_GET(&srv_calls));
	EXPECT_TRUE(q->q_flag & QENAB);
	lis_qprocson(rq);			/* ... scheduled now */
	ASSERT_TRUE(lis_unit_wait(T_GET(&srv_calls) == 1, 2000));
	/* a service procedure that stopped early (getq succeeded, QWANTR clear) */
	noenable(q);
	putq(q, t_msg(5, 0, M_DATA, 2));
	mp = getq(q);
	EXPECT_FALSE(q->q_flag & QWANTR);
	enableok(q);
	putbq(q, mp);
	putq(q, t_msg(5, 0, M_DATA, 3));	/* no QWANTR: waits for a back-enable */
	lis_usleep(20000);
	EXPECT_EQ(1, T_GET(&srv_calls));
	qenable(q);
	ASSERT_TRUE(lis_unit_wait(T_GET(&srv_calls) == 2 && !qsize(q), 2000));
	lis_qprocsoff(rq);
	lis_freeq(rq);
}

/* ---------------------------------------------------------------- back-enabling */

static int mod_srv_calls;

static int mod_wsrv(queue_t *q)
{
	T_INC(&mod_srv_calls);
	return t_passsrv(q);
}

static int head_rput(queue_t *q, mblk_t *mp)
{
	freemsg(mp);
	return 0;
}

TEST_F(q, backenable_writer)
{
	static struct tmod head, mod, drv;
	struct tmod *mods[2] = { &mod, &drv };
	struct tstream s;
	queue_t *dq;
	mblk_t *mp;
	int i, calls, got = 0;

	tmod_init(&head, "head", D_MP, head_rput, NULL, t_passput, NULL, 0, 0);
	tmod_init(&mod, "mod", D_MP, t_passput, NULL, t_putq, mod_wsrv, 1 << 20, 1 << 10);
	/* the driver queues what it gets and has a service procedure nobody enables */
	tmod_init(&drv, "drv", D_MP, t_passput, NULL, t_putq, NULL, 100, 40);
	drv.winit.qi_srvp = counting_srv;
	ASSERT_EQ(0, tstream_build(&s, &head, mods, 2));
	dq = TW(&s, 2);
	noenable(dq);				/* the test plays the driver's interrupt */
	T_SET(&mod_srv_calls, 0);
	for (i = 0; i < 10; i++)
		putnext(TW(&s, 0), t_msg(25, 0, M_DATA, i));
	/* the module passes 4 messages (100 bytes: full), then waits */
	ASSERT_TRUE(lis_unit_wait(qsize(dq) == 4 && qsize(TW(&s, 1)) == 6, 2000));
	EXPECT_TRUE(dq->q_flag & QFULL);
	EXPECT_TRUE(dq->q_flag & QWANTW);
	calls = T_GET(&mod_srv_calls);
	lis_usleep(20000);
	EXPECT_EQ(calls, T_GET(&mod_srv_calls));	/* putq without QWANTR did not enable */
	/* drain the driver: at 25 bytes (< 40) the module is back-enabled */
	for (i = 0; got < 10 && i < 4000; i++) {
		mp = getq(dq);
		if (mp) {
			EXPECT_EQ(got, t_tag(mp));
			got++;
			freemsg(mp);
		} else {
			lis_usleep(500);
		}
	}
	EXPECT_EQ(10, got);
	EXPECT_GT(T_GET(&mod_srv_calls), calls);
	EXPECT_TRUE(TW(&s, 1)->q_flag & QBACK);
	tstream_free(&s);
}

TEST_F(q, backenable_band)
{
	static struct tmod head, mod, drv;
	struct tmod *mods[2] = { &mod, &drv };
	struct tstream s;
	queue_t *dq;
	long v;

	tmod_init(&head, "head", D_MP, head_rput, NULL, t_passput, NULL, 0, 0);
	tmod_init(&mod, "mod", D_MP, t_passput, NULL, t_putq, mod_wsrv, 1 << 20, 1 << 10);
	tmod_init(&drv, "drv", D_MP, t_passput, NULL, t_putq, counting_srv, 50, 20);
	ASSERT_EQ(0, tstream_build(&s, &head, mods, 2));
	dq = TW(&s, 2);
	noenable(dq);
	putnext(TW(&s, 0), t_msg(30, 3, M_DATA, 1));
	putnext(TW(&s, 0), t_msg(30, 3, M_DATA, 2));
	putnext(TW(&s, 0), t_msg(30, 3, M_DATA, 3));
	/* noenable holds for band messages too: the driver is not scheduled */
	ASSERT_TRUE(lis_unit_wait(qsize(TW(&s, 1)) == 1, 2000));
	EXPECT_EQ(2, qsize(dq));
	ASSERT_EQ(0, strqget(dq, QFLAG, 3, &v));
	EXPECT_EQ(QB_FULL | QB_WANTW, v & (QB_FULL | QB_WANTW));
	EXPECT_EQ(1, canputnext(TW(&s, 1)));	/* band 0 is not full */
	flushband(dq, 3, FLUSHDATA);		/* flushing relieves the band: back-enable */
	ASSERT_TRUE(lis_unit_wait(qsize(TW(&s, 1)) == 0 && qsize(dq) == 1, 2000));
	ASSERT_EQ(0, strqget(TW(&s, 1), QFLAG, 3, &v));
	EXPECT_TRUE(v & QB_BACK);
	tstream_free(&s);
}

/* ---------------------------------------------------------------- putctl */

static int ctl_got[4];

static int ctl_put(queue_t *q, mblk_t *mp)
{
	ctl_got[0] = mp->b_datap->db_type;
	ctl_got[1] = (int)MBLKL(mp);
	ctl_got[2] = MBLKL(mp) > 0 ? mp->b_rptr[0] : -1;
	ctl_got[3] = MBLKL(mp) > 1 ? mp->b_rptr[1] : -1;
	freemsg(mp);
	return 0;
}

TEST_F(q, putctl_family)
{
	static struct tmod head, drv;
	struct tmod *mods[1] = { &drv };
	struct tstream s;

	tmod_init(&head, "head", D_MP, ctl_put, NULL, t_passput, NULL, 0, 0);
	tmod_init(&drv, "drv", D_MP, t_passput, NULL, ctl_put, NULL, 100, 40);
	ASSERT_EQ(0, tstream_build(&s, &head, mods, 1));
	EXPECT_EQ(0, putctl(TW(&s, 1), M_DATA));
	EXPECT_EQ(0, putctl1(TW(&s, 1), M_PROTO, 1));
	EXPECT_EQ(0, putnextctl1(TW(&s, 0), M_PCPROTO, 1));
	EXPECT_EQ(0, putctl(TW(&s, 1), 0x1234));
	EXPECT_EQ(1, putctl(TW(&s, 1), M_HANGUP));
	EXPECT_EQ(M_HANGUP, ctl_got[0]);
	EXPECT_EQ(0, ctl_got[1]);
	EXPECT_EQ(1, putctl1(TW(&s, 1), M_FLUSH, FLUSHRW));
	EXPECT_EQ(M_FLUSH, ctl_got[0]);
	EXPECT_EQ(1, ctl_got[1]);
	EXPECT_EQ(FLUSHRW, ctl_got[2]);
	EXPECT_EQ(1, putctl1(TW(&s, 1), M_DELAY, 7));	/* M_DELAY is allowed */
	EXPECT_EQ(M_DELAY, ctl_got[0]);
	EXPECT_EQ(1, putnextctl2(TW(&s, 0), M_ERROR, 5, 6));
	EXPECT_EQ(M_ERROR, ctl_got[0]);
	EXPECT_EQ(2, ctl_got[1]);
	EXPECT_EQ(5, ctl_got[2]);
	EXPECT_EQ(6, ctl_got[3]);
	EXPECT_EQ(1, putnextctl(TR(&s, 1), M_HANGUP));	/* up to the head */
	EXPECT_EQ(M_HANGUP, ctl_got[0]);
	EXPECT_EQ(1, putctl2(TR(&s, 0), M_SIG, 1, 2));
	EXPECT_EQ(M_SIG, ctl_got[0]);
	lis_port_fail_allocs = 1;
	EXPECT_EQ(0, putnextctl(TW(&s, 0), M_HANGUP));
	lis_port_fail_allocs = 0;
	/* qreply turns around */
	qreply(TW(&s, 1), t_msg(3, 0, M_DATA, 42));
	EXPECT_EQ(M_DATA, ctl_got[0]);
	EXPECT_EQ(42, ctl_got[2]);
	EXPECT_EQ(TR(&s, 1), backq(TR(&s, 0)));
	EXPECT_EQ(TW(&s, 0), backq(TW(&s, 1)));
	EXPECT_EQ(NULL, backq(TW(&s, 0)));
	EXPECT_EQ(NULL, backq(TR(&s, 1)));
	tstream_free(&s);
}

TEST_F(q, put_bypasses_queue_with_procs_off)
{
	static struct tmod head, mod, drv;
	struct tmod *mods[2] = { &mod, &drv };
	struct tstream s;

	tmod_init(&head, "head", D_MP, ctl_put, NULL, t_passput, NULL, 0, 0);
	tmod_init(&mod, "mod", D_MP, t_putq, NULL, t_putq, NULL, 100, 40);
	tmod_init(&drv, "drv", D_MP, t_passput, NULL, ctl_put, NULL, 100, 40);
	ASSERT_EQ(0, tstream_build(&s, &head, mods, 2));
	lis_qprocsoff(TR(&s, 1));
	ctl_got[0] = -1;
	putnext(TW(&s, 0), t_msg(3, 0, M_DATA, 9));	/* the module is skipped */
	EXPECT_EQ(M_DATA, ctl_got[0]);
	EXPECT_EQ(9, ctl_got[2]);
	EXPECT_EQ(0, qsize(TW(&s, 1)));
	EXPECT_EQ(1, putnextctl1(TR(&s, 2), M_FLUSH, FLUSHR));
	EXPECT_EQ(M_FLUSH, ctl_got[0]);
	EXPECT_EQ(0, qsize(TR(&s, 1)));
	tstream_free(&s);
}

TEST_HARNESS_MAIN
