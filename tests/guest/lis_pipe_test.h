/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the STREAMS pipe tests (strpipe_*) share: libstreams (linked by the rig with
 * LIS_LIBSTREAMS; a program compiled by hand gets the library's source compiled in), the test
 * modules, and the checks that open a pipe and read an expected string.
 * Include first, instead of "kselftest_harness.h" and "lis_streamio.h".
 */
#ifndef LIS_PIPE_TEST_H
#define LIS_PIPE_TEST_H

#ifndef LIS_LIBSTREAMS
#define LIS_LIBSTREAMS
#define STRPIPE_LIBSTREAMS_SOURCE
#endif
#include "kselftest_harness.h"
#include "lis_streamio.h"
#ifdef STRPIPE_LIBSTREAMS_SOURCE
#include "../../util/libstreams/streams.c"
#endif

LIS_TEST_MODULES("lis_testmod");

#define PIPE_DEV	"/dev/streams/pipe"
#define LOOP_CLONE	"/dev/streams/loop"

/* s_pipe() that must succeed. */
#define S_PIPE_OK(fds)									\
	ASSERT_EQ(0, s_pipe(fds)) TH_LOG("s_pipe: %s (%s)", lis_errname(errno), strerror(errno))

/* Read exactly what is expected (one read call) and compare. */
#define READ_EXPECT(fd, str) do {							\
	char __b[256] = "";								\
	ssize_t __n = read((fd), __b, sizeof(__b));					\
	EXPECT_EQ((ssize_t)strlen(str), __n)						\
		TH_LOG("read(%s): expected %zu bytes \"%s\", got %zd (%s)", #fd,	\
		       strlen(str), (str), __n, __n < 0 ? lis_errname(errno) : "");	\
	if (__n == (ssize_t)strlen(str))						\
		EXPECT_EQ(0, memcmp(__b, (str), __n))					\
			TH_LOG("read(%s): expected \"%s\", got \"%.*s\"", #fd, (str),	\
			       (int)__n, __b);						\
} while (0)

#endif /* LIS_PIPE_TEST_H */
