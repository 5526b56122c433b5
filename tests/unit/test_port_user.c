// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Host unit tests of the user-space home of the port layer (head/user/port_user.c): fault
 * injection, wait queues (timeout, interruption), threads (stop wakes a sleeping thread, CPU
 * numbers), timers (order, re-arm, cancel_sync waiting for a running callback), ticks.
 */
#include "lis_unit.h"

TEST(fault_injection_counts_down)
{
	void *p;

	lis_port_fail_allocs = 2;
	EXPECT_EQ(NULL, lis_port_alloc(10, 0));
	EXPECT_EQ(NULL, lis_port_zalloc(10, 1));
	p = lis_port_zalloc(10, 1);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(0, ((char *)p)[9]);
	lis_port_free(p);
	EXPECT_EQ(0, lis_port_fail_allocs);
}

TEST(ticks_and_sleep)
{
	unsigned long t0 = lis_ticks();

	lis_usleep(20000);
	EXPECT_GE(lis_ticks() - t0, 19);
	EXPECT_LT(lis_ticks() - t0, 2000);
	EXPECT_EQ(1000, LIS_HZ);
}

static lis_waitq_t wq;
static int flag;

static int set_flag_later(void *arg)
{
	lis_usleep(20000);
	__atomic_store_n(&flag, 1, __ATOMIC_SEQ_CST);
	lis_wake_up(&wq);
	return 7;
}

TEST(wait_event_timeout)
{
	lis_thread_t *t;
	long left;

	lis_waitq_init(&wq);
	flag = 0;
	left = lis_wait_event_timeout(&wq, __atomic_load_n(&flag, __ATOMIC_SEQ_CST), 10);
	EXPECT_EQ(0, left);
	t = lis_thread_start(set_flag_later, NULL, -1, "setter");
	ASSERT_NE(NULL, t);
	left = lis_wait_event_timeout(&wq, __atomic_load_n(&flag, __ATOMIC_SEQ_CST), 5000);
	EXPECT_GT(left, 0);
	EXPECT_LT(left, 5000);
	EXPECT_EQ(7, lis_thread_stop(t));
}

TEST(wait_event_intr)
{
	lis_waitq_init(&wq);
	lis_port_signal_pending = 1;
	EXPECT_EQ(-EINTR, lis_wait_event_intr(&wq, 0));
	lis_port_signal_pending = 0;
	EXPECT_EQ(0, lis_wait_event_intr(&wq, 1));
}

static int sleeper_cpu;

/* A service-thread-like loop: sleeps on the wait queue until told to stop. */
static int sleeper(void *arg)
{
	sleeper_cpu = lis_port_cpu();
	lis_wait_event(&wq, lis_thread_should_stop());
	return 42;
}

TEST(thread_stop_wakes_a_sleeping_thread)
{
	lis_thread_t *t;

	lis_waitq_init(&wq);
	EXPECT_EQ(0, lis_thread_should_stop());
	t = lis_thread_start(sleeper, NULL, 1, "sleeper");
	ASSERT_NE(NULL, t);
	lis_usleep(20000);
	EXPECT_EQ(42, lis_thread_stop(t));
	EXPECT_EQ(1, sleeper_cpu);
}

TEST(ncpus_default)
{
	if (getenv("LIS_NCPUS"))
		SKIP(return, "LIS_NCPUS is set");
	EXPECT_EQ(2, lis_port_ncpus());
	EXPECT_GE(lis_port_cpu(), 0);
	EXPECT_LT(lis_port_cpu(), 2);
}

static int order[8], norder;
static lis_timer_t timers[4];

static void record(lis_timer_t *t)
{
	order[__atomic_fetch_add(&norder, 1, __ATOMIC_SEQ_CST)] = (int)(t - timers);
}

TEST(timers_fire_in_expiry_order)
{
	int i;

	norder = 0;
	for (i = 0; i < 4; i++)
		lis_timer_setup(&timers[i], record);
	/* 100 ms apart: arming takes a while under valgrind */
	lis_timer_arm(&timers[0], 400);
	lis_timer_arm(&timers[1], 200);
	lis_timer_arm(&timers[2], 300);
	lis_timer_arm(&timers[3], 250);
	lis_timer_arm(&timers[2], 100);		/* re-arm moves it */
	ASSERT_TRUE(lis_unit_wait(__atomic_load_n(&norder, __ATOMIC_SEQ_CST) == 4, 2000));
	EXPECT_EQ(2, order[0]);
	EXPECT_EQ(1, order[1]);
	EXPECT_EQ(3, order[2]);
	EXPECT_EQ(0, order[3]);
}

TEST(timer_cancel)
{
	norder = 0;
	lis_timer_setup(&timers[0], record);
	lis_timer_arm(&timers[0], 50);
	EXPECT_EQ(1, lis_timer_cancel_sync(&timers[0]));
	EXPECT_EQ(0, lis_timer_cancel_sync(&timers[0]));
	lis_usleep(80000);
	EXPECT_EQ(0, norder);
}

static int slow_done;

static void slow_timer(lis_timer_t *t)
{
	lis_usleep(50000);
	__atomic_store_n(&slow_done, 1, __ATOMIC_SEQ_CST);
}

TEST(timer_cancel_sync_waits_for_callback)
{
	lis_timer_setup(&timers[0], slow_timer);
	lis_timer_arm(&timers[0], 0);
	lis_usleep(10000);			/* the callback is running now */
	EXPECT_EQ(0, lis_timer_cancel_sync(&timers[0]));
	EXPECT_EQ(1, __atomic_load_n(&slow_done, __ATOMIC_SEQ_CST));
}

static int rearms;

static void self_cancel_timer(lis_timer_t *t)
{
	if (++rearms < 3)
		lis_timer_arm(t, 1);
	else
		lis_timer_cancel_sync(t);	/* from its own callback: must not wait */
}

TEST(timer_rearms_and_cancels_itself)
{
	lis_timer_setup(&timers[0], self_cancel_timer);
	lis_timer_arm(&timers[0], 1);
	EXPECT_TRUE(lis_unit_wait(__atomic_load_n(&rearms, __ATOMIC_SEQ_CST) == 3, 2000));
}

TEST_HARNESS_MAIN
