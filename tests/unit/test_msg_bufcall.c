// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Host unit tests of msg/bufcall.c: testb, bufcall recovery after an allocation failure,
 * esbbcall, unbufcall (cancel, wait for a running callback, from the callback itself).
 */
#include "lis_unit.h"

LIS_MSG_FIXTURE(bc);

static int called, started, finished;
static void *called_arg;
static bcid_t self_id;

static void cb(void *arg)
{
	called_arg = arg;
	__atomic_add_fetch(&called, 1, __ATOMIC_SEQ_CST);
}

static int ncalled(void)
{
	return __atomic_load_n(&called, __ATOMIC_SEQ_CST);
}

/*
 * Freeze the port's timers: a timer callback that blocks until thawed holds the one timer
 * thread, so no bufcall retry runs meanwhile. Makes "set up, then inject failures" race-free.
 */
static lis_timer_t freezer;
static int frozen, thaw;

static void freeze_fn(lis_timer_t *t)
{
	__atomic_store_n(&frozen, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&thaw, __ATOMIC_SEQ_CST))
		lis_usleep(1000);
}

static void freeze_timers(void)
{
	thaw = 0;
	lis_timer_setup(&freezer, freeze_fn);
	lis_timer_arm(&freezer, 0);
	while (!__atomic_load_n(&frozen, __ATOMIC_SEQ_CST))
		lis_usleep(1000);
}

static void thaw_timers(void)
{
	__atomic_store_n(&thaw, 1, __ATOMIC_SEQ_CST);
	lis_timer_cancel_sync(&freezer);
	frozen = 0;
}

TEST_F(bc, testb)
{
	EXPECT_EQ(1, testb(0, BPRI_LO));
	EXPECT_EQ(1, testb(100, BPRI_LO));
	EXPECT_EQ(1, testb(100000, BPRI_HI));
	lis_port_fail_allocs = 1;
	EXPECT_EQ(0, testb(100, BPRI_LO));
	EXPECT_EQ(1, testb(100, BPRI_LO));
}

TEST_F(bc, recovers_after_injected_failure)
{
	mblk_t *mp;
	bcid_t id;
	int x;

	lis_port_fail_allocs = 1;
	mp = allocb(500, BPRI_MED);
	ASSERT_EQ(NULL, mp);
	id = bufcall(500, BPRI_MED, cb, &x);
	ASSERT_NE(0, id);
	ASSERT_TRUE(lis_unit_wait(ncalled() == 1, 2000));
	EXPECT_EQ(&x, called_arg);
	mp = allocb(500, BPRI_MED);
	EXPECT_NE(NULL, mp);
	freeb(mp);
	lis_usleep(20000);
	EXPECT_EQ(1, ncalled());		/* exactly once */
	unbufcall(id);				/* already run: harmless */
}

TEST_F(bc, waits_while_memory_is_short)
{
	bcid_t id;

	freeze_timers();
	id = bufcall(100, BPRI_MED, cb, NULL);
	ASSERT_NE(0, id);
	lis_port_fail_allocs = 1000000;		/* every testb of the retries fails */
	thaw_timers();
	lis_usleep(50000);
	EXPECT_EQ(0, ncalled());
	lis_port_fail_allocs = 0;
	EXPECT_TRUE(lis_unit_wait(ncalled() == 1, 2000));
}

TEST_F(bc, freeb_brings_retry_forward)
{
	mblk_t *mp = allocb(10, 0);
	bcid_t id;

	ASSERT_NE(NULL, mp);
	lis_port_fail_allocs = 1000000;
	id = bufcall(10, BPRI_MED, cb, NULL);
	EXPECT_EQ(0, id);			/* the request itself could not be recorded */
	lis_port_fail_allocs = 0;
	id = bufcall(10, BPRI_MED, cb, NULL);
	ASSERT_NE(0, id);
	freeb(mp);
	EXPECT_TRUE(lis_unit_wait(ncalled() == 1, 2000));
}

TEST_F(bc, esbbcall)
{
	bcid_t id = esbbcall(BPRI_LO, cb, &called);

	ASSERT_NE(0, id);
	EXPECT_TRUE(lis_unit_wait(ncalled() == 1, 2000));
	EXPECT_EQ(&called, called_arg);
}

TEST_F(bc, unbufcall_cancels)
{
	bcid_t a, b;

	freeze_timers();
	a = bufcall(100, BPRI_MED, cb, NULL);
	b = bufcall(200, BPRI_MED, cb, NULL);
	ASSERT_NE(0, a);
	ASSERT_NE(0, b);
	EXPECT_NE(a, b);
	unbufcall(a);
	unbufcall(b);
	thaw_timers();
	lis_usleep(30000);
	EXPECT_EQ(0, ncalled());
	unbufcall(0);
	unbufcall(a);				/* twice: harmless */
}

static void slow_cb(void *arg)
{
	__atomic_store_n(&started, 1, __ATOMIC_SEQ_CST);
	lis_usleep(100000);
	__atomic_store_n(&finished, 1, __ATOMIC_SEQ_CST);
}

TEST_F(bc, unbufcall_waits_for_running_callback)
{
	bcid_t id = bufcall(10, BPRI_MED, slow_cb, NULL);

	ASSERT_NE(0, id);
	ASSERT_TRUE(lis_unit_wait(__atomic_load_n(&started, __ATOMIC_SEQ_CST), 2000));
	unbufcall(id);
	EXPECT_EQ(1, __atomic_load_n(&finished, __ATOMIC_SEQ_CST));
}

static void self_cancel_cb(void *arg)
{
	unbufcall(self_id);			/* must not wait for itself */
	__atomic_store_n(&finished, 1, __ATOMIC_SEQ_CST);
}

TEST_F(bc, unbufcall_from_own_callback)
{
	self_id = bufcall(10, BPRI_MED, self_cancel_cb, NULL);
	ASSERT_NE(0, self_id);
	EXPECT_TRUE(lis_unit_wait(__atomic_load_n(&finished, __ATOMIC_SEQ_CST), 2000));
}

/* The usual driver pattern: the callback retries, and bufcalls again on failure. */
static void retry_cb(void *arg)
{
	mblk_t **slot = arg;
	mblk_t *mp;

	if (__atomic_add_fetch(&called, 1, __ATOMIC_SEQ_CST) == 1)
		lis_port_fail_allocs = 1;	/* someone took the memory again */
	mp = allocb(300, BPRI_MED);
	if (!mp)
		bufcall(300, BPRI_MED, retry_cb, arg);
	else
		__atomic_store_n(slot, mp, __ATOMIC_SEQ_CST);
}

TEST_F(bc, callback_can_bufcall_again)
{
	static mblk_t *slot;

	slot = NULL;
	ASSERT_NE(0, bufcall(300, BPRI_MED, retry_cb, &slot));
	/* testb passes, then the callback's allocb fails once: it must bufcall again */
	ASSERT_TRUE(lis_unit_wait(__atomic_load_n(&slot, __ATOMIC_SEQ_CST) != NULL, 2000));
	EXPECT_EQ(2, ncalled());
	freeb(slot);
}

TEST_F(bc, many_pending)
{
	bcid_t ids[50];
	int i;

	freeze_timers();
	for (i = 0; i < 50; i++) {
		ids[i] = bufcall((size_t)i * 100, BPRI_MED, cb, NULL);
		ASSERT_NE(0, ids[i]);
	}
	for (i = 0; i < 50; i += 2)
		unbufcall(ids[i]);
	thaw_timers();
	EXPECT_TRUE(lis_unit_wait(ncalled() == 25, 2000));
	lis_usleep(20000);
	EXPECT_EQ(25, ncalled());
	for (i = 0; i < 50; i++)
		unbufcall(ids[i]);
}

TEST_HARNESS_MAIN
