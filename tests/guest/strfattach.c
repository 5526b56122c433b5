// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fattach(3)/fdetach(3): a STREAMS pipe end named in the file system (an SVR4 named pipe).
 * Opening the path opens the attached stream; the name outlives the descriptors; fdetach
 * removes it, after which the path is the plain file again and the stream can close.
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"
#include <stropts.h>

#define NAME "/tmp/lis-fattach"

static int read_wait(int fd, char *buf, int len)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, 5000) != 1)
		return -1;
	return read(fd, buf, len);
}

TEST(named_pipe)
{
	int fds[2], fd, n, file;
	char buf[16];

	file = open(NAME, O_RDWR | O_CREAT, 0600);
	ASSERT_LE(0, file);
	close(file);
	ASSERT_EQ(0, s_pipe(fds)) TH_LOG("s_pipe: %s", lis_errname(errno));
	ASSERT_EQ(0, fattach(fds[0], NAME)) TH_LOG("fattach(pipe end, %s): %s", NAME,
						   lis_errname(errno));
	EXPECT_EQ(-1, fattach(fds[0], NAME));
	EXPECT_EQ(EBUSY, errno) TH_LOG("fattach on an attached path: expected EBUSY, got %s",
				       lis_errname(errno));
	close(fds[0]);		/* the name keeps the stream */
	fd = open(NAME, O_RDWR);
	ASSERT_LE(0, fd) TH_LOG("open(%s) of the attached stream: %s", NAME, lis_errname(errno));
	EXPECT_EQ(1, isastream(fd));
	ASSERT_EQ(2, write(fds[1], "hi", 2));
	n = read_wait(fd, buf, sizeof(buf));
	EXPECT_EQ(2, n) TH_LOG("read through the name after a write on the other end: %d %s", n,
			       lis_errname(errno));
	ASSERT_EQ(2, write(fd, "yo", 2));
	n = read_wait(fds[1], buf, sizeof(buf));
	EXPECT_EQ(2, n);
	EXPECT_EQ(0, memcmp(buf, "yo", 2));
	close(fd);
	ASSERT_EQ(0, fdetach(NAME)) TH_LOG("fdetach(%s): %s", NAME, lis_errname(errno));
	n = read_wait(fds[1], buf, sizeof(buf));
	EXPECT_EQ(0, n) TH_LOG("the other end after the name went (last reference): read %d %s",
			       n, lis_errname(errno));
	fd = open(NAME, O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, isastream(fd)) TH_LOG("after fdetach the path is the plain file again");
	close(fd);
	close(fds[1]);
	unlink(NAME);
}

TEST(errors)
{
	int fds[2], file = open(NAME, O_RDWR | O_CREAT, 0600);

	ASSERT_LE(0, file);
	ASSERT_EQ(0, s_pipe(fds));
	EXPECT_EQ(-1, fattach(file, NAME));
	EXPECT_EQ(EINVAL, errno) TH_LOG("fattach of a file that is not a stream: expected EINVAL, "
					"got %s", lis_errname(errno));
	EXPECT_EQ(-1, fattach(12345, NAME));
	EXPECT_EQ(EBADF, errno) TH_LOG("fattach of a bad descriptor: expected EBADF, got %s",
				       lis_errname(errno));
	EXPECT_EQ(-1, fattach(fds[0], "/tmp/lis-no-such-file"));
	EXPECT_EQ(ENOENT, errno) TH_LOG("fattach to a missing path: expected ENOENT, got %s",
					lis_errname(errno));
	EXPECT_EQ(-1, fdetach(NAME));
	EXPECT_EQ(EINVAL, errno) TH_LOG("fdetach of a path with nothing attached: expected EINVAL, "
					"got %s", lis_errname(errno));
	close(fds[0]);
	close(fds[1]);
	close(file);
	unlink(NAME);
}

TEST_HARNESS_MAIN
