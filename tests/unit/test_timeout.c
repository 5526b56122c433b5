// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/timeout.c: timeout/untimeout (including waiting for a running callback and calling
 * untimeout from the callback), qtimeout/quntimeout inside a perimeter, qbufcall/qunbufcall.
 */
#include <pthread.h>
#include "lis_sched_unit.h"

LIS_SCHED_FIXTURE(to);

static int fired, started, finished;
static volatile int cb_sleep_us;
static timeout_id_t self_id;
static clock_t self_ret;

static void reset(void)
{
	T_SET(&fired, 0);
	T_SET(&started, 0);
	T_SET(&finished, 0);
	cb_sleep_us = 0;
}

static void count_cb(void *arg)
{
	T_INC(&started);
	if (cb_sleep_us)
		lis_usleep(cb_sleep_us);
	T_INC((int *)arg);
	T_INC(&finished);
}

static void self_cancel_cb(void *arg)
{
	self_ret = untimeout(self_id);		/* must not wait for itself */
	T_INC(&fired);
}

TEST_F(to, timeout_fires_once)
{
	timeout_id_t id;

	reset();
	id = timeout(count_cb, &fired, 2);
	ASSERT_NE(0, id);
	ASSERT_TRUE(lis_unit_wait(T_GET(&fired) == 1, 2000));
	lis_usleep(5000);
	EXPECT_EQ(1, T_GET(&fired));
	EXPECT_EQ(-1, untimeout(id));		/* already ran */
	EXPECT_EQ(-1, untimeout(12345678));	/* never existed */
}

TEST_F(to, untimeout_before_expiry)
{
	timeout_id_t id, id2;
	clock_t left;

	reset();
	id = timeout(count_cb, &fired, drv_usectohz(1000000));
	id2 = timeout(count_cb, &fired, 0);
	ASSERT_NE(0, id);
	EXPECT_NE(id, id2);
	left = untimeout(id);
	EXPECT_GT(left, drv_usectohz(500000));
	EXPECT_LE(left, drv_usectohz(1000000));
	EXPECT_EQ(-1, untimeout(id));
	ASSERT_TRUE(lis_unit_wait(T_GET(&fired) == 1, 2000));	/* id2 */
	lis_usleep(10000);
	EXPECT_EQ(1, T_GET(&fired));
}

TEST_F(to, untimeout_waits_for_running_callback)
{
	timeout_id_t id;

	reset();
	cb_sleep_us = 50000;
	id = timeout(count_cb, &fired, 1);
	ASSERT_TRUE(lis_unit_wait(T_GET(&started) == 1, 2000));
	EXPECT_EQ(0, T_GET(&finished));
	EXPECT_EQ(-1, untimeout(id));
	EXPECT_EQ(1, T_GET(&finished));		/* it waited */
}

TEST_F(to, untimeout_from_its_own_callback)
{
	reset();
	self_ret = 0;
	self_id = timeout(self_cancel_cb, NULL, 3);
	ASSERT_NE(0, self_id);
	ASSERT_TRUE(lis_unit_wait(T_GET(&fired) == 1, 2000));
	EXPECT_EQ(-1, self_ret);
}

TEST_F(to, many_timeouts_half_cancelled)
{
	enum { N = 200 };
	timeout_id_t ids[N];
	int i, cancelled = 0;

	reset();
	for (i = 0; i < N; i++) {
		ids[i] = timeout(count_cb, &fired, i % 7);
		ASSERT_NE(0, ids[i]);
	}
	for (i = 0; i < N; i += 2)
		if (untimeout(ids[i]) >= 0)
			cancelled++;
	ASSERT_TRUE(lis_unit_wait(T_GET(&fired) == N - cancelled, 3000));
	lis_usleep(20000);
	EXPECT_EQ(N - cancelled, T_GET(&fired));
	EXPECT_GT(cancelled, 0);
}

TEST_F(to, leftover_timeouts_cancelled_at_exit)
{
	reset();
	ASSERT_NE(0, timeout(count_cb, &fired, drv_usectohz(5000000)));
	ASSERT_NE(0, timeout(count_cb, &fired, drv_usectohz(5000000)));
	/* the fixture's lis_runq_exit cancels them (with a warning) and frees their records */
}

/* ---------------------------------------------------------------- inside a perimeter */

static struct tmod lm;
static int cb_saw_busy;

static void perim_cb(void *arg)
{
	queue_t *q = arg;

	cb_saw_busy = q->q_perim ? q->q_perim->busy : -1;
	T_INC(&fired);
}

static queue_t *legacy_pair(unsigned int flags)
{
	queue_t *rq;

	tmod_init(&lm, "tmo", flags, t_putq, NULL, t_putq, NULL, 100, 10);
	rq = lis_allocq(&lm.msw);
	if (rq)
		lis_qprocson(rq);
	return rq;
}

static void free_pair(queue_t *rq)
{
	lis_qprocsoff(rq);
	lis_freeq(rq);
}

TEST_F(to, qtimeout_runs_inside_perimeter)
{
	queue_t *rq;
	struct lis_perim *p;

	reset();
	rq = legacy_pair(0);
	ASSERT_NE(NULL, rq);
	p = rq->q_perim;
	cb_saw_busy = 0;
	ASSERT_NE(0, qtimeout(rq, perim_cb, rq, 1));
	ASSERT_TRUE(lis_unit_wait(T_GET(&fired) == 1, 2000));
	EXPECT_EQ(1, cb_saw_busy);		/* it claimed the perimeter */
	/* while an open routine is inside, the callback waits for it */
	ASSERT_EQ(0, lis_perim_enter_sleep(p, 0));
	ASSERT_NE(0, qtimeout(rq, perim_cb, rq, 1));
	ASSERT_TRUE(lis_unit_wait(p->calls != NULL, 2000));
	lis_usleep(5000);
	EXPECT_EQ(1, T_GET(&fired));
	lis_perim_exit(p);			/* runs it, here */
	EXPECT_EQ(2, T_GET(&fired));
	EXPECT_EQ(1, cb_saw_busy);
	free_pair(rq);
}

TEST_F(to, quntimeout_takes_back_deferred_callback)
{
	queue_t *rq;
	struct lis_perim *p;
	timeout_id_t id;

	reset();
	rq = legacy_pair(D_MP | D_MTQPAIR);
	ASSERT_NE(NULL, rq);
	p = rq->q_perim;
	ASSERT_EQ(0, lis_perim_enter_sleep(p, 0));
	id = qtimeout(WR(rq), perim_cb, rq, 1);
	ASSERT_TRUE(lis_unit_wait(p->calls != NULL, 2000));
	EXPECT_EQ(0, quntimeout(WR(rq), id));	/* from inside, as a close routine would */
	EXPECT_EQ(NULL, p->calls);
	lis_perim_exit(p);
	lis_usleep(5000);
	EXPECT_EQ(0, T_GET(&fired));
	EXPECT_EQ(-1, quntimeout(WR(rq), id));
	free_pair(rq);
}

TEST_F(to, qtimeout_on_mp_queue_runs_directly)
{
	queue_t *rq;

	reset();
	rq = legacy_pair(D_MP);
	ASSERT_NE(NULL, rq);
	cb_saw_busy = 0;
	ASSERT_NE(0, qtimeout(rq, perim_cb, rq, 0));
	ASSERT_TRUE(lis_unit_wait(T_GET(&fired) == 1, 2000));
	EXPECT_EQ(-1, cb_saw_busy);
	free_pair(rq);
}

/* ---------------------------------------------------------------- qbufcall */

static void blocker_cb(void *arg)
{
	T_INC(&started);
	lis_usleep(100000);
	T_INC(&finished);
}

TEST_F(to, qbufcall_runs_inside_perimeter)
{
	queue_t *rq;
	struct lis_perim *p;

	reset();
	rq = legacy_pair(0);
	ASSERT_NE(NULL, rq);
	p = rq->q_perim;
	cb_saw_busy = 0;
	ASSERT_NE(0, qbufcall(rq, 64, BPRI_MED, perim_cb, rq));
	ASSERT_TRUE(lis_unit_wait(T_GET(&fired) == 1, 2000));
	EXPECT_EQ(1, cb_saw_busy);
	/* deferred while someone is inside; then run by them */
	ASSERT_EQ(0, lis_perim_enter_sleep(p, 0));
	ASSERT_NE(0, qbufcall(rq, 64, BPRI_MED, perim_cb, rq));
	ASSERT_TRUE(lis_unit_wait(p->calls != NULL, 2000));
	EXPECT_EQ(1, T_GET(&fired));
	lis_perim_exit(p);
	EXPECT_EQ(2, T_GET(&fired));
	free_pair(rq);
}

TEST_F(to, qunbufcall_pending_and_deferred)
{
	queue_t *rq;
	struct lis_perim *p;
	bcid_t bid, id;

	reset();
	rq = legacy_pair(0);
	ASSERT_NE(NULL, rq);
	p = rq->q_perim;
	/* pending: msg/ runs bufcall callbacks one at a time; hold that up with a slow one */
	bid = bufcall(16, BPRI_MED, blocker_cb, NULL);
	ASSERT_NE(0, bid);
	ASSERT_TRUE(lis_unit_wait(T_GET(&started) == 1, 2000));
	id = qbufcall(rq, 16, BPRI_MED, perim_cb, rq);
	ASSERT_NE(0, id);
	qunbufcall(rq, id);
	ASSERT_TRUE(lis_unit_wait(T_GET(&finished) == 1, 2000));
	lis_usleep(10000);
	EXPECT_EQ(0, T_GET(&fired));
	/* deferred on the perimeter: taken back */
	ASSERT_EQ(0, lis_perim_enter_sleep(p, 0));
	id = qbufcall(rq, 16, BPRI_MED, perim_cb, rq);
	ASSERT_TRUE(lis_unit_wait(p->calls != NULL, 2000));
	qunbufcall(rq, id);
	EXPECT_EQ(NULL, p->calls);
	lis_perim_exit(p);
	EXPECT_EQ(0, T_GET(&fired));
	qunbufcall(rq, id);			/* gone: harmless */
	free_pair(rq);
}

static void slow_qbc_cb(void *arg)
{
	T_INC(&started);
	lis_usleep(40000);
	T_INC(&finished);
}

TEST_F(to, qunbufcall_waits_for_running_callback)
{
	queue_t *rq;
	bcid_t id;

	reset();
	rq = legacy_pair(D_MP);
	ASSERT_NE(NULL, rq);
	id = qbufcall(rq, 16, BPRI_MED, slow_qbc_cb, NULL);
	ASSERT_NE(0, id);
	ASSERT_TRUE(lis_unit_wait(T_GET(&started) == 1, 2000));
	qunbufcall(rq, id);
	EXPECT_EQ(1, T_GET(&finished));
	free_pair(rq);
}

TEST_HARNESS_MAIN
