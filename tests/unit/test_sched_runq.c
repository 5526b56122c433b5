// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/runq.c: service threads, qenable, qprocson/qprocsoff, lis_runq_wait_idle; a service
 * procedure never runs concurrently with itself.
 */
#include <pthread.h>
#include "lis_sched_unit.h"

LIS_SCHED_FIXTURE(rq);

static int inside, max_inside, calls, reenable_left;
static volatile int slow_us;

/* A service procedure that notices if it is ever entered twice at once. */
static int guarded_srv(queue_t *q)
{
	mblk_t *mp;

	t_max(&max_inside, T_INC(&inside));
	if (slow_us)
		lis_usleep(slow_us);
	while ((mp = getq(q)) != NULL)
		freemsg(mp);
	if (T_GET(&reenable_left) > 0) {
		T_DEC(&reenable_left);
		qenable(q);		/* while running: must run once more, afterwards */
	}
	T_INC(&calls);
	T_DEC(&inside);
	return 0;
}

static void reset(void)
{
	T_SET(&inside, 0);
	T_SET(&max_inside, 0);
	T_SET(&calls, 0);
	T_SET(&reenable_left, 0);
	slow_us = 0;
}

static struct tmod gm;

static queue_t *guarded_pair(unsigned int flags)
{
	queue_t *rq;

	tmod_init(&gm, "guarded", flags, t_putq, guarded_srv, t_putq, guarded_srv, 1000, 100);
	rq = lis_allocq(&gm.msw);
	if (rq)
		lis_qprocson(rq);
	return rq;
}

struct hammer {
	queue_t *q;
	int loops;
};

static void *hammer_main(void *arg)
{
	struct hammer *h = arg;
	int i;

	for (i = 0; i < h->loops; i++) {
		if (i % 8 == 0)
			putq(h->q, t_msg(4, 0, M_DATA, i));
		qenable(h->q);
		if (i % 64 == 0)
			lis_usleep(50);
	}
	return NULL;
}

static void hammer(queue_t *q, int nthreads, int loops)
{
	pthread_t t[8];
	struct hammer h = { q, loops };
	int i;

	for (i = 0; i < nthreads; i++)
		pthread_create(&t[i], NULL, hammer_main, &h);
	for (i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
}

TEST_F(rq, service_never_concurrent_with_itself)
{
	queue_t *rq;

	reset();
	rq = guarded_pair(D_MP);
	ASSERT_NE(NULL, rq);
	slow_us = 20;
	hammer(WR(rq), 4, 400);
	lis_runq_wait_idle(WR(rq));
	EXPECT_EQ(1, T_GET(&max_inside));
	EXPECT_GT(T_GET(&calls), 0);
	EXPECT_EQ(0, qsize(WR(rq)));
	EXPECT_FALSE(WR(rq)->q_flag & (QENAB | QINSERV));
	lis_qprocsoff(rq);
	lis_freeq(rq);
}

TEST_F(rq, enable_while_running_runs_again)
{
	queue_t *rq;

	reset();
	rq = guarded_pair(D_MP);
	ASSERT_NE(NULL, rq);
	T_SET(&reenable_left, 3);
	qenable(rq);
	ASSERT_TRUE(lis_unit_wait(T_GET(&calls) == 4, 2000));
	lis_runq_wait_idle(rq);
	EXPECT_EQ(4, T_GET(&calls));
	EXPECT_EQ(1, T_GET(&max_inside));
	qenable(rq);
	qenable(rq);				/* already enabled: once */
	lis_runq_wait_idle(rq);
	EXPECT_GE(T_GET(&calls), 5);
	EXPECT_LE(T_GET(&calls), 6);
	lis_qprocsoff(rq);
	lis_freeq(rq);
}

TEST_F(rq, qenable_without_service_is_noop)
{
	static struct tmod m;
	queue_t *rq;

	tmod_init(&m, "nosrv", D_MP, t_putq, NULL, t_putq, NULL, 1000, 100);
	rq = lis_allocq(&m.msw);
	ASSERT_NE(NULL, rq);
	lis_qprocson(rq);
	qenable(rq);
	EXPECT_FALSE(rq->q_flag & QENAB);
	lis_qprocsoff(rq);
	lis_freeq(rq);
}

TEST_F(rq, qprocsoff_waits_for_running_service)
{
	queue_t *rq;

	reset();
	rq = guarded_pair(D_MP);
	ASSERT_NE(NULL, rq);
	slow_us = 50000;
	qenable(WR(rq));
	ASSERT_TRUE(lis_unit_wait(T_GET(&inside) == 1, 2000));
	lis_qprocsoff(rq);
	EXPECT_EQ(0, T_GET(&inside));
	EXPECT_EQ(1, T_GET(&calls));
	/* off: enabling does nothing, putq does not schedule */
	qenable(WR(rq));
	putq(WR(rq), t_msg(1, 0, M_PCPROTO, 1));
	lis_usleep(10000);
	EXPECT_EQ(1, T_GET(&calls));
	lis_freeq(rq);				/* frees the queued message */
}

TEST_F(rq, qprocsoff_while_scheduled)
{
	queue_t *rq;
	int i;

	reset();
	rq = guarded_pair(D_MP);
	ASSERT_NE(NULL, rq);
	for (i = 0; i < 20; i++) {
		qenable(rq);
		qenable(WR(rq));
		lis_qprocsoff(rq);
		EXPECT_FALSE(rq->q_flag & (QENAB | QINSERV));
		EXPECT_FALSE(WR(rq)->q_flag & (QENAB | QINSERV));
		EXPECT_EQ(0, T_GET(&inside));
		lis_qprocson(rq);
	}
	lis_qprocsoff(rq);
	lis_freeq(rq);
}

TEST_F(rq, many_queues_all_serviced)
{
	enum { NQ = 40 };
	queue_t *rqs[NQ];
	int i;

	reset();
	for (i = 0; i < NQ; i++) {
		rqs[i] = guarded_pair(D_MP);
		ASSERT_NE(NULL, rqs[i]);
	}
	for (i = 0; i < NQ; i++) {
		putq(WR(rqs[i]), t_msg(8, 0, M_DATA, i));
		putq(rqs[i], t_msg(8, 0, M_DATA, i));
	}
	ASSERT_TRUE(lis_unit_wait(T_GET(&calls) == 2 * NQ, 5000));
	for (i = 0; i < NQ; i++) {
		lis_runq_wait_idle(rqs[i]);
		EXPECT_EQ(0, qsize(rqs[i]));
		EXPECT_EQ(1, gm.rstat.ms_scnt >= 1);
		lis_qprocsoff(rqs[i]);
		lis_freeq(rqs[i]);
	}
	EXPECT_EQ(2 * NQ, T_GET(&calls));
}

TEST_F(rq, legacy_module_service_serialized_with_put)
{
	/* no MT flag: put and service of both queues never overlap */
	queue_t *rq;

	reset();
	rq = guarded_pair(0);
	ASSERT_NE(NULL, rq);
	EXPECT_TRUE(rq->q_flag & QPERMOD);
	EXPECT_NE(NULL, rq->q_perim);
	EXPECT_EQ(rq->q_perim, WR(rq)->q_perim);
	EXPECT_EQ(rq->q_perim, gm.msw.perim);
	slow_us = 10;
	hammer(rq, 2, 200);
	hammer(WR(rq), 2, 200);
	lis_runq_wait_idle(rq);
	lis_runq_wait_idle(WR(rq));
	EXPECT_EQ(1, T_GET(&max_inside));
	lis_qprocsoff(rq);
	lis_freeq(rq);
	EXPECT_EQ(NULL, gm.msw.perim);		/* the last instance took it away */
}

TEST_HARNESS_MAIN
