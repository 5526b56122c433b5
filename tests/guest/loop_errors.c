// SPDX-License-Identifier: LGPL-2.1-or-later
/* Guest test: error returns of the loop driver and the stream head (ENXIO, EFAULT). */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "kselftest_harness.h"
#include "lis_test.h"

/* (void *)1, hidden from the compiler so that it does not warn about the deliberate fault */
static void *volatile bad_ptr = (void *)1;

/* A minor past the fixed ones (loop.9) does not exist: open gives ENXIO. */
TEST(open_missing_minor_enxio)
{
	const char *p = "/dev/streams/loop.9";
	struct stat st;
	int fd;

	if (stat(p, &st) != 0) {
		/* no node for it: make one with loop.1's major and loop.1's minor + 8 */
		ASSERT_EQ(0, stat(loop_path(1), &st)) TH_LOG("stat(%s): errno %d", loop_path(1), errno);
		p = "/tmp/lis-loop.9";
		unlink(p);
		ASSERT_EQ(0, mknod(p, S_IFCHR | 0666, makedev(major(st.st_rdev), minor(st.st_rdev) + 8)))
			TH_LOG("mknod(%s): errno %d (%s)", p, errno, strerror(errno));
	}
	fd = open(p, O_RDWR);
	EXPECT_EQ(-1, fd) TH_LOG("open(%s): expected -1, got fd %d", p, fd);
	EXPECT_EQ(ENXIO, errno)
		TH_LOG("open(%s): expected errno ENXIO (%d), got %d (%s)", p, ENXIO, errno, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink("/tmp/lis-loop.9");
}

TEST(write_bad_pointer_efault)
{
	int fd = open(loop_path(1), O_RDWR);
	ssize_t n;

	ASSERT_LE(0, fd) TH_LOG("open(%s): errno %d (%s)", loop_path(1), errno, strerror(errno));
	n = write(fd, bad_ptr, 10);
	EXPECT_EQ(-1, n) TH_LOG("write(loop.1, (void *)1, 10): expected -1, got %zd", n);
	EXPECT_EQ(EFAULT, errno)
		TH_LOG("write(loop.1, (void *)1, 10): expected errno EFAULT (%d), got %d (%s)",
		       EFAULT, errno, strerror(errno));
	close(fd);
}

TEST(read_bad_pointer_efault)
{
	int a = open(loop_path(1), O_RDWR), b = open(loop_path(2), O_RDWR | O_NONBLOCK);
	ssize_t n;

	ASSERT_LE(0, a) TH_LOG("open(%s): errno %d (%s)", loop_path(1), errno, strerror(errno));
	ASSERT_LE(0, b) TH_LOG("open(%s): errno %d (%s)", loop_path(2), errno, strerror(errno));
	ASSERT_EQ(5, write(a, "hello", 5)) TH_LOG("write(loop.1): errno %d (%s)", errno, strerror(errno));
	ASSERT_LT(0, wait_events(b, POLLIN, 10000)) TH_LOG("poll(loop.2, POLLIN): no data in 10 s");
	n = read(b, bad_ptr, 100);
	EXPECT_EQ(-1, n) TH_LOG("read(loop.2, (void *)1, 100): expected -1, got %zd", n);
	EXPECT_EQ(EFAULT, errno)
		TH_LOG("read(loop.2, (void *)1, 100): expected errno EFAULT (%d), got %d (%s)",
		       EFAULT, errno, strerror(errno));
	close(a);
	close(b);
}

TEST_HARNESS_MAIN
