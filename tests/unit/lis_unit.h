/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helpers shared by the host unit tests (tests/unit/test_*.c): the kselftest harness, our headers
 * in the user-space home, and a fixture that brings the message core up and checks, after every
 * test, that every framework allocation was given back.
 */
#ifndef LIS_UNIT_H
#define LIS_UNIT_H

#include <lis/port.h>
#include <lis/strsubr.h>
#include <sys/stream.h>
#include <sys/kmem.h>
#include <sys/cmn_err.h>
#include <unistd.h>
#include "kselftest_harness.h"

/*
 * LIS_MSG_FIXTURE(name): a fixture whose setup calls lis_msg_init() and whose teardown checks
 * lis_mem_in_use() is back to 0 (count and bytes), clears fault injection and calls
 * lis_msg_exit(). (Teardown must use EXPECT_*, never ASSERT_*: the harness runs teardown after
 * a failed ASSERT.)
 */
#define LIS_MSG_FIXTURE(name)						\
	FIXTURE(name) { int unused; };					\
	FIXTURE_SETUP(name)						\
	{								\
		ASSERT_EQ(0, lis_msg_init());				\
	}								\
	FIXTURE_TEARDOWN(name)						\
	{								\
		long bytes = -1;					\
									\
		lis_port_fail_allocs = 0;				\
		EXPECT_EQ(0, lis_mem_in_use(&bytes));			\
		EXPECT_EQ(0, bytes);					\
		lis_msg_exit();						\
	}

/* Wait up to @ms milliseconds for @cond; evaluates to its final value. */
#define lis_unit_wait(cond, ms) ({					\
	int __i;							\
	for (__i = 0; __i < (ms) && !(cond); __i++)			\
		lis_usleep(1000);					\
	!!(cond);							\
})

#endif
