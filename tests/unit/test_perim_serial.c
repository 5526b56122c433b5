// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/perim.c and qalloc.c: perimeters by MT flag, serialization of a legacy module under
 * concurrent puts, replies into the same perimeter (deferred, never a deadlock), open/close
 * entry, qwait and qwait_sig.
 */
#include <pthread.h>
#include "lis_sched_unit.h"

LIS_SCHED_FIXTURE(pm);

#define TAG_PING	0x70	/* the module replies to it */

static int inside, max_inside, wputs, rputs, sunk, replies_at_head;

static void reset(void)
{
	T_SET(&inside, 0);
	T_SET(&max_inside, 0);
	T_SET(&wputs, 0);
	T_SET(&rputs, 0);
	T_SET(&sunk, 0);
	T_SET(&replies_at_head, 0);
}

static struct tmod head, leg, drv;

/*
 * Legacy module: both put procedures check they are alone in the module. The lowest instance
 * (the one over the driver) turns pings around: up into the instance above, which shares the
 * perimeter.
 */
static int legacy_wput(queue_t *q, mblk_t *mp)
{
	t_max(&max_inside, T_INC(&inside));
	T_INC(&wputs);
	if (t_tag(mp) == TAG_PING && q->q_next && q->q_next->q_qinfo == &drv.winit)
		qreply(q, mp);
	else
		putnext(q, mp);
	T_DEC(&inside);
	return 0;
}

static int legacy_rput(queue_t *q, mblk_t *mp)
{
	t_max(&max_inside, T_INC(&inside));
	T_INC(&rputs);
	putnext(q, mp);
	T_DEC(&inside);
	return 0;
}

static int sink_put(queue_t *q, mblk_t *mp)
{
	T_INC(&sunk);
	freemsg(mp);
	return 0;
}

static int head_rput(queue_t *q, mblk_t *mp)
{
	if (t_tag(mp) == TAG_PING)
		T_INC(&replies_at_head);
	freemsg(mp);
	return 0;
}

static int build_legacy_stack(struct tstream *s, int ninst)
{
	struct tmod *mods[TSTR_MAX];
	int i;

	tmod_init(&head, "head", D_MP, head_rput, NULL, t_passput, NULL, 0, 0);
	tmod_init(&leg, "legacy", 0, legacy_rput, NULL, legacy_wput, NULL, 1000, 100);
	tmod_init(&drv, "sink", D_MP, t_passput, NULL, sink_put, NULL, 1000, 100);
	for (i = 0; i < ninst; i++)
		mods[i] = &leg;
	mods[ninst] = &drv;
	return tstream_build(s, &head, mods, ninst + 1);
}

TEST_F(pm, perimeter_by_flags)
{
	static struct tmod m;
	static const unsigned int flags[] = { 0, D_MTPERMOD, D_MTOUTPERIM, D_MP | D_MTQPAIR,
					      D_MP | D_MTPERQ, D_MP };
	queue_t *a, *b;
	unsigned int i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		tmod_init(&m, "flags", flags[i], t_putq, NULL, t_putq, NULL, 10, 5);
		a = lis_allocq(&m.msw);
		b = lis_allocq(&m.msw);
		ASSERT_NE(NULL, a);
		ASSERT_NE(NULL, b);
		switch (flags[i] & ~D_MP) {
		case 0:
			if (flags[i] == D_MP) {
				EXPECT_EQ(NULL, a->q_perim);
				EXPECT_EQ(NULL, WR(a)->q_perim);
				EXPECT_TRUE(a->q_flag & QMTSAFE);
				break;
			}
			/* no MT flag at all is per module */
			__attribute__((fallthrough));
		case D_MTPERMOD:
		case D_MTOUTPERIM:
			EXPECT_NE(NULL, a->q_perim);
			EXPECT_EQ(a->q_perim, WR(a)->q_perim);
			EXPECT_EQ(a->q_perim, b->q_perim);
			EXPECT_EQ(a->q_perim, m.msw.perim);
			EXPECT_TRUE(a->q_flag & QPERMOD);
			break;
		case D_MTQPAIR:
			EXPECT_NE(NULL, a->q_perim);
			EXPECT_EQ(a->q_perim, WR(a)->q_perim);
			EXPECT_NE(a->q_perim, b->q_perim);
			EXPECT_TRUE(WR(b)->q_flag & QPAIR);
			break;
		case D_MTPERQ:
			EXPECT_NE(NULL, a->q_perim);
			EXPECT_NE(NULL, WR(a)->q_perim);
			EXPECT_NE(a->q_perim, WR(a)->q_perim);
			EXPECT_TRUE(a->q_flag & QPERQ);
			break;
		}
		EXPECT_EQ(10, a->q_hiwat);
		EXPECT_EQ(&m.rinit, a->q_qinfo);
		EXPECT_EQ(&m.winit, WR(a)->q_qinfo);
		lis_freeq(a);
		lis_freeq(b);
		EXPECT_EQ(NULL, m.msw.perim);
	}
}

TEST_F(pm, allocq_failure)
{
	static struct tmod m;

	tmod_init(&m, "fail", D_MP | D_MTPERQ, t_putq, NULL, t_putq, NULL, 10, 5);
	lis_port_fail_allocs = 1;		/* the pair */
	EXPECT_EQ(NULL, lis_allocq(&m.msw));
	lis_port_fail_allocs = 0;
	tmod_init(&m, "fail", 0, t_putq, NULL, t_putq, NULL, 10, 5);
	lis_port_fail_allocs = 1;
	EXPECT_EQ(NULL, lis_allocq(&m.msw));
	lis_port_fail_allocs = 0;
	EXPECT_EQ(NULL, m.msw.perim);
}

struct pumper {
	struct tstream *s;
	int loops;
	int ping_every;
};

static void *pump_main(void *arg)
{
	struct pumper *p = arg;
	int i;

	for (i = 0; i < p->loops; i++) {
		int ping = p->ping_every && i % p->ping_every == 0;

		putnext(TW(p->s, 0), t_msg(8, 0, M_DATA, ping ? TAG_PING : 1));
		if (i % 32 == 0)
			putnext(TR(p->s, p->s->n - 1), t_msg(8, 0, M_DATA, 2));	/* upwards too */
	}
	return NULL;
}

static void pump(struct tstream *s, int nthreads, int loops, int ping_every)
{
	struct pumper p = { s, loops, ping_every };
	pthread_t t[8];
	int i;

	for (i = 0; i < nthreads; i++)
		pthread_create(&t[i], NULL, pump_main, &p);
	for (i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
}

TEST_F(pm, legacy_module_serialized_under_concurrent_puts)
{
	struct tstream s;
	int loops = 600, threads = 4, ups = threads * ((loops + 31) / 32);

	reset();
	ASSERT_EQ(0, build_legacy_stack(&s, 1));
	pump(&s, threads, loops, 0);
	/* puts run synchronously or are deferred to the owner, which runs them before leaving */
	EXPECT_EQ(threads * loops, T_GET(&sunk));
	EXPECT_EQ(threads * loops, T_GET(&wputs));
	EXPECT_EQ(ups, T_GET(&rputs));
	EXPECT_EQ(1, T_GET(&max_inside));
	EXPECT_EQ(threads * loops, leg.wstat.ms_pcnt);
	tstream_free(&s);
}

TEST_F(pm, reply_into_same_perimeter_is_deferred)
{
	struct tstream s;

	reset();
	/* two instances of one legacy module share a perimeter: a ping that the lower one turns
	 * around enters the upper one while the lower one is inside */
	ASSERT_EQ(0, build_legacy_stack(&s, 2));
	putnext(TW(&s, 0), t_msg(8, 0, M_DATA, TAG_PING));
	EXPECT_EQ(1, T_GET(&replies_at_head));	/* done before putnext returned */
	EXPECT_EQ(2, T_GET(&wputs));
	EXPECT_EQ(1, T_GET(&rputs));
	EXPECT_EQ(0, T_GET(&sunk));
	reset();
	pump(&s, 3, 300, 3);
	EXPECT_EQ(3 * 100, T_GET(&replies_at_head));
	EXPECT_EQ(3 * 200, T_GET(&sunk));
	EXPECT_EQ(1, T_GET(&max_inside));
	tstream_free(&s);
}

/* ---------------------------------------------------------------- open/close entry, qwait */

static volatile int reply_seen;

static int qw_rput(queue_t *q, mblk_t *mp)
{
	reply_seen = t_tag(mp);
	freemsg(mp);
	return 0;
}

static int echo_wput(queue_t *q, mblk_t *mp)
{
	qreply(q, mp);
	return 0;
}

static struct tmod qwm, echo;

/* A legacy module over a D_MP echo driver; rq[1] is the module, rq[2] the driver. */
static int build_qwait_stack(struct tstream *s, qi_putp_t drv_wput)
{
	struct tmod *mods[2] = { &qwm, &echo };

	tmod_init(&head, "head", D_MP, head_rput, NULL, t_passput, NULL, 0, 0);
	tmod_init(&qwm, "qwm", 0, qw_rput, NULL, t_passput, NULL, 1000, 100);
	tmod_init(&echo, "echo", D_MP, t_passput, NULL, drv_wput, NULL, 1000, 100);
	return tstream_build(s, &head, mods, 2);
}

TEST_F(pm, qwait_runs_deferred_reply)
{
	struct tstream s;
	queue_t *mq;
	int waits = 0;

	ASSERT_EQ(0, build_qwait_stack(&s, echo_wput));
	mq = TR(&s, 1);
	reply_seen = 0;
	ASSERT_EQ(0, lis_perim_enter_sleep(mq->q_perim, 1));
	/* as an open routine: send a request, wait for the answer in the read put procedure */
	putnext(WR(mq), t_msg(4, 0, M_DATA, 33));
	EXPECT_EQ(0, reply_seen);		/* deferred: we are inside */
	while (reply_seen != 33 && waits < 10) {
		qwait(mq);
		waits++;
	}
	EXPECT_EQ(33, reply_seen);
	EXPECT_EQ(1, waits);
	EXPECT_EQ(1, mq->q_perim->busy);	/* claimed again */
	lis_perim_exit(mq->q_perim);
	EXPECT_EQ(0, mq->q_perim->busy);
	tstream_free(&s);
}

static queue_t *later_q;

static void *later_reply(void *arg)
{
	lis_usleep(20000);
	put(later_q, t_msg(4, 0, M_DATA, 44));
	return NULL;
}

static int swallow(queue_t *q, mblk_t *mp)
{
	freemsg(mp);
	return 0;
}

TEST_F(pm, qwait_sleeps_until_put_runs)
{
	struct tstream s;
	pthread_t t;
	queue_t *mq;

	ASSERT_EQ(0, build_qwait_stack(&s, swallow));
	mq = TR(&s, 1);
	later_q = mq;
	reply_seen = 0;
	ASSERT_EQ(0, lis_perim_enter_sleep(mq->q_perim, 1));
	pthread_create(&t, NULL, later_reply, NULL);
	while (reply_seen != 44)
		qwait(mq);
	EXPECT_EQ(1, mq->q_perim->busy);
	lis_perim_exit(mq->q_perim);
	pthread_join(t, NULL);
	/* qwait_sig: a signal ends the wait, the perimeter is claimed again all the same */
	ASSERT_EQ(0, lis_perim_enter_sleep(mq->q_perim, 1));
	lis_port_signal_pending = 1;
	EXPECT_EQ(0, qwait_sig(mq));
	EXPECT_EQ(1, mq->q_perim->busy);
	EXPECT_EQ(-EINTR, lis_perim_enter_sleep(mq->q_perim, 1));	/* busy: a signal ends it */
	lis_port_signal_pending = 0;
	lis_perim_exit(mq->q_perim);
	tstream_free(&s);
}

static volatile int slow_put_done;

static int slow_wput(queue_t *q, mblk_t *mp)
{
	lis_usleep(40000);
	slow_put_done = 1;
	freemsg(mp);
	return 0;
}

static void *slow_putter(void *arg)
{
	put(arg, t_msg(4, 0, M_DATA, 1));
	return NULL;
}

TEST_F(pm, enter_sleep_waits_for_owner)
{
	static struct tmod m;
	queue_t *rq;
	pthread_t t;

	tmod_init(&m, "slow", D_MTQPAIR | D_MP, t_putq, NULL, slow_wput, NULL, 10, 5);
	rq = lis_allocq(&m.msw);
	ASSERT_NE(NULL, rq);
	lis_qprocson(rq);
	slow_put_done = 0;
	pthread_create(&t, NULL, slow_putter, WR(rq));
	ASSERT_TRUE(lis_unit_wait(rq->q_perim->busy, 2000));
	ASSERT_EQ(0, lis_perim_enter_sleep(rq->q_perim, 0));
	EXPECT_EQ(1, slow_put_done);
	/* inside: a put to the other queue of the pair is deferred to us */
	put(rq, t_msg(4, 0, M_DATA, 2));
	EXPECT_EQ(0, qsize(rq));
	lis_perim_exit(rq->q_perim);
	EXPECT_EQ(1, qsize(rq));
	pthread_join(t, NULL);
	lis_qprocsoff(rq);
	lis_freeq(rq);
}

TEST_F(pm, qprocsoff_inside_perimeter_and_freeq_of_deferred)
{
	static struct tmod m;
	queue_t *rq;

	reset();
	tmod_init(&m, "closing", 0, t_putq, NULL, legacy_wput, NULL, 10, 5);
	rq = lis_allocq(&m.msw);
	ASSERT_NE(NULL, rq);
	lis_qprocson(rq);
	ASSERT_EQ(0, lis_perim_enter_sleep(rq->q_perim, 0));
	put(WR(rq), t_msg(4, 0, M_DATA, 1));	/* deferred to us */
	lis_qprocsoff(rq);			/* as a close routine does, inside */
	lis_perim_exit(rq->q_perim);		/* the deferred put bypasses: freed at the end */
	EXPECT_EQ(0, T_GET(&wputs));
	lis_freeq(rq);
}

TEST_HARNESS_MAIN
