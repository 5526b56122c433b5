// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test (runs last): memory accounting returns to zero after close; streams.ko cannot be
 * removed while a stream is open, can be after close, and is loaded again for what follows.
 */
#include <sys/stat.h>
#include <sys/syscall.h>
#include "kselftest_harness.h"
#include "lis_test.h"

#define MODULE_PATH "/lib/lis/streams.ko"

static int delete_module(const char *name, int flags)
{
	return syscall(SYS_delete_module, name, flags);
}

TEST(memory_back_to_zero)
{
	long count = -1, bytes = -1;
	int a, b, rc;

	rc = mem_in_use(&count, &bytes);
	ASSERT_EQ(0, rc) TH_LOG("read /proc/streams/memory 'in-use <count> <bytes>': error %d (%s)",
				-rc, strerror(-rc));
	ASSERT_EQ(0, count) TH_LOG("in-use with no stream open: expected 0, got %ld (%ld bytes)",
				   count, bytes);

	a = open(loop_path(1), O_RDWR);
	ASSERT_LE(0, a) TH_LOG("open(%s): errno %d (%s)", loop_path(1), errno, strerror(errno));
	b = open(loop_path(2), O_RDWR);
	ASSERT_LE(0, b) TH_LOG("open(%s): errno %d (%s)", loop_path(2), errno, strerror(errno));
	/* leave a message queued unread on loop.2: closing must free it */
	ASSERT_EQ(5, write(a, "stale", 5)) TH_LOG("write(loop.1): errno %d (%s)", errno, strerror(errno));
	ASSERT_LT(0, wait_events(b, POLLIN, 10000)) TH_LOG("poll(loop.2, POLLIN): no data in 10 s");
	ASSERT_EQ(0, mem_in_use(&count, &bytes));
	EXPECT_LT(0, count) TH_LOG("in-use with two streams open and a message queued: expected > 0, got %ld",
				   count);
	close(a);
	close(b);
	ASSERT_EQ(0, mem_in_use(&count, &bytes));
	EXPECT_EQ(0, count) TH_LOG("in-use after closing both streams: expected 0, got %ld (%ld bytes)",
				   count, bytes);
}

TEST(unload_busy_then_unload_and_reload)
{
	struct stat st;
	int fd, mfd, rc;

	fd = open(loop_path(1), O_RDWR);
	ASSERT_LE(0, fd) TH_LOG("open(%s): errno %d (%s)", loop_path(1), errno, strerror(errno));
	/*
	 * The kernel answers a module whose reference count is held (an open file of its driver)
	 * with EWOULDBLOCK (== EAGAIN) under O_NONBLOCK; EBUSY means "initialising or going away".
	 */
	rc = delete_module("streams", O_NONBLOCK);
	EXPECT_EQ(-1, rc) TH_LOG("delete_module(streams) with a stream open: expected -1, got %d", rc);
	EXPECT_TRUE(errno == EWOULDBLOCK || errno == EBUSY)
		TH_LOG("delete_module(streams) with a stream open: expected EWOULDBLOCK (%d) or EBUSY (%d), got %d (%s)",
		       EWOULDBLOCK, EBUSY, errno, strerror(errno));
	if (rc == 0)
		goto reload;	/* unloaded under an open stream: already failed; try to recover */
	close(fd);

	rc = delete_module("streams", O_NONBLOCK);
	ASSERT_EQ(0, rc) TH_LOG("delete_module(streams) after close: expected 0, got errno %d (%s)",
				errno, strerror(errno));
	EXPECT_NE(0, stat("/proc/streams/memory", &st))
		TH_LOG("/proc/streams/memory still present after unload");
	EXPECT_NE(0, stat(loop_path(1), &st)) TH_LOG("%s still present after unload", loop_path(1));
reload:
	mfd = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, mfd) TH_LOG("open(%s): errno %d (%s)", MODULE_PATH, errno, strerror(errno));
	rc = syscall(SYS_finit_module, mfd, "", 0);
	ASSERT_EQ(0, rc) TH_LOG("finit_module(%s): expected 0, got errno %d (%s)",
				MODULE_PATH, errno, strerror(errno));
	close(mfd);
	fd = open(loop_path(1), O_RDWR);
	ASSERT_LE(0, fd) TH_LOG("open(%s) after reload: errno %d (%s)", loop_path(1), errno, strerror(errno));
	close(fd);
}

TEST_HARNESS_MAIN
