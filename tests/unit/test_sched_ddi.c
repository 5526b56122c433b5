// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/ddi.c and <sys/ddi.h>: device numbers, clock conversions, drv_getparm, drv_priv, delay,
 * and the SVR4 MP locks (LOCK/TRYLOCK, SV_WAIT/SV_SIGNAL/SV_BROADCAST, SLEEP_*, RW_*).
 */
#include <pthread.h>
#include "lis_sched_unit.h"

LIS_SCHED_FIXTURE(ddi);

TEST_F(ddi, device_numbers)
{
	dev_t d = makedevice(5, 0x3fffe);

	EXPECT_EQ(5, getmajor(d));
	EXPECT_EQ(0x3fffe, getminor(d));
	EXPECT_EQ((5u << 18) | 0x3fffe, (unsigned int)d);
	d = makedevice(MAXMAJ, MAXMIN);
	EXPECT_EQ(MAXMAJ, getmajor(d));
	EXPECT_EQ(MAXMIN, getminor(d));
	EXPECT_EQ(0, getminor(makedevice(1, MAXMIN + 1)));	/* minor truncated to 18 bits */
	EXPECT_EQ(18, NBITSMINOR);
}

TEST_F(ddi, clock_conversions)
{
	EXPECT_EQ(0, drv_usectohz(0));
	EXPECT_EQ(0, drv_usectohz(-5));
	EXPECT_EQ(1, drv_usectohz(1));			/* rounded up */
	EXPECT_EQ(LIS_HZ, drv_usectohz(1000000));
	EXPECT_EQ(LIS_HZ + 1, drv_usectohz(1000001));
	EXPECT_EQ(1000000, drv_hztousec(LIS_HZ));
	EXPECT_EQ(0, drv_hztousec(-1));
	EXPECT_EQ(3 * 1000000L, drv_hztousec(drv_usectohz(3 * 1000000L)));
}

TEST_F(ddi, getparm_priv_delay)
{
	clock_t t0, t1;
	cred_t root = { 0 }, user = { 0 };
	long tm;

	EXPECT_EQ(0, drv_getparm(LBOLT, &t0));
	delay(drv_usectohz(20000));
	EXPECT_EQ(0, drv_getparm(LBOLT, &t1));
	EXPECT_GE(t1 - t0, drv_usectohz(20000));
	delay(0);
	EXPECT_EQ(-1, drv_getparm(12345, &tm));
	EXPECT_EQ(-1, drv_getparm(UCRED, &tm));
	EXPECT_EQ(-1, drv_getparm(TIME, &tm));	/* user-space home: the clock only */
	user.cr_uid = 1000;
	user.cr_ruid = 0;
	EXPECT_EQ(0, drv_priv(&root));
	EXPECT_EQ(EPERM, drv_priv(&user));
	EXPECT_EQ(EPERM, drv_priv(NULL));
	EXPECT_EQ(3, max(2, 3));
	EXPECT_EQ(2, min(2, 3));
}

/* ---------------------------------------------------------------- basic locks and SVs */

static lock_t *lk;
static sv_t *sv;
static int cond_flag, woke, waiting;

static void *try_other(void *arg)
{
	pl_t pl = TRYLOCK(lk, plstr);

	if (pl != invpl)
		UNLOCK(lk, pl);
	return (void *)(long)(pl != invpl);
}

static int trylock_from_other_thread(void)
{
	pthread_t t;
	void *r;

	pthread_create(&t, NULL, try_other, NULL);
	pthread_join(t, &r);
	return (int)(long)r;
}

TEST_F(ddi, basic_lock)
{
	pl_t pl;

	lk = LOCK_ALLOC(1, plstr, NULL, KM_SLEEP);
	ASSERT_NE(NULL, lk);
	EXPECT_EQ(1, trylock_from_other_thread());
	pl = LOCK(lk, plstr);
	EXPECT_EQ(0, trylock_from_other_thread());
	UNLOCK(lk, pl);
	pl = TRYLOCK(lk, plhi);
	EXPECT_NE(invpl, pl);
	EXPECT_EQ(0, trylock_from_other_thread());
	UNLOCK(lk, pl);
	LOCK_DEALLOC(lk);
}

static void *sv_waiter(void *arg)
{
	pl_t pl = LOCK(lk, plstr);

	T_INC(&waiting);
	while (!cond_flag) {
		SV_WAIT(sv, 0, lk);		/* returns without the lock */
		pl = LOCK(lk, plstr);
	}
	UNLOCK(lk, pl);
	T_INC(&woke);
	return NULL;
}

TEST_F(ddi, sync_variables)
{
	pthread_t t[3];
	pl_t pl;
	int i;

	lk = LOCK_ALLOC(1, plstr, NULL, KM_SLEEP);
	sv = SV_ALLOC(KM_SLEEP);
	ASSERT_NE(NULL, sv);
	cond_flag = 0;
	T_SET(&woke, 0);
	T_SET(&waiting, 0);
	SV_SIGNAL(sv, 0);			/* nobody waits: no effect */
	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, sv_waiter, NULL);
	ASSERT_TRUE(lis_unit_wait(T_GET(&waiting) == 3, 2000));
	lis_usleep(10000);
	pl = LOCK(lk, plstr);
	SV_SIGNAL(sv, 0);			/* one wakes, sees no flag, sleeps again */
	UNLOCK(lk, pl);
	lis_usleep(10000);
	EXPECT_EQ(0, T_GET(&woke));
	pl = LOCK(lk, plstr);
	cond_flag = 1;
	SV_BROADCAST(sv, 0);
	UNLOCK(lk, pl);
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	EXPECT_EQ(3, T_GET(&woke));
	/* SV_WAIT_SIG: a signal ends the wait */
	lis_port_signal_pending = 1;
	pl = LOCK(lk, plstr);
	EXPECT_EQ(B_FALSE, SV_WAIT_SIG(sv, 0, lk));
	lis_port_signal_pending = 0;
	SV_DEALLOC(sv);
	LOCK_DEALLOC(lk);
}

/* ---------------------------------------------------------------- sleep and rw locks */

static sleep_t *sl;
static int in_sleep_lock, sleep_max;

static void *sleeper(void *arg)
{
	int i;

	for (i = 0; i < 50; i++) {
		SLEEP_LOCK(sl, 0);
		t_max(&sleep_max, T_INC(&in_sleep_lock));
		lis_usleep(100);
		T_DEC(&in_sleep_lock);
		SLEEP_UNLOCK(sl);
	}
	return NULL;
}

TEST_F(ddi, sleep_lock)
{
	pthread_t t[3];
	int i;

	sl = SLEEP_ALLOC(0, NULL, KM_SLEEP);
	ASSERT_NE(NULL, sl);
	EXPECT_EQ(B_TRUE, SLEEP_LOCKAVAIL(sl));
	EXPECT_EQ(B_TRUE, SLEEP_TRYLOCK(sl));
	EXPECT_EQ(B_FALSE, SLEEP_TRYLOCK(sl));
	EXPECT_EQ(B_FALSE, SLEEP_LOCKAVAIL(sl));
	lis_port_signal_pending = 1;
	EXPECT_EQ(B_FALSE, SLEEP_LOCK_SIG(sl, 0));
	lis_port_signal_pending = 0;
	SLEEP_UNLOCK(sl);
	EXPECT_EQ(B_TRUE, SLEEP_LOCK_SIG(sl, 0));
	SLEEP_UNLOCK(sl);
	T_SET(&sleep_max, 0);
	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, sleeper, NULL);
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	EXPECT_EQ(1, T_GET(&sleep_max));
	SLEEP_DEALLOC(sl);
}

TEST_F(ddi, rw_lock)
{
	lis_rwlock_t *rw = RW_ALLOC(1, plstr, NULL, KM_NOSLEEP);
	pl_t pl;

	ASSERT_NE(NULL, rw);
	pl = RW_RDLOCK(rw, plstr);
	RW_UNLOCK(rw, pl);
	pl = RW_WRLOCK(rw, plstr);
	RW_UNLOCK(rw, pl);
	pl = RW_TRYRDLOCK(rw, plstr);
	EXPECT_NE(invpl, pl);
	RW_UNLOCK(rw, pl);
	pl = RW_TRYWRLOCK(rw, plstr);
	EXPECT_NE(invpl, pl);
	RW_UNLOCK(rw, pl);
	RW_DEALLOC(rw);
	lis_port_fail_allocs = 1;
	EXPECT_EQ(NULL, LOCK_ALLOC(1, plstr, NULL, KM_NOSLEEP));
	lis_port_fail_allocs = 0;
}

TEST_HARNESS_MAIN
