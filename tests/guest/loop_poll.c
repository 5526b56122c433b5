// SPDX-License-Identifier: LGPL-2.1-or-later
/* Guest test: poll() reports POLLIN only while data is queued; O_NONBLOCK read gives EAGAIN. */
#include "kselftest_harness.h"
#include "lis_test.h"

FIXTURE(pair) {
	int a, b;
};

FIXTURE_SETUP(pair)
{
	self->a = open(loop_path(1), O_RDWR);
	ASSERT_LE(0, self->a) TH_LOG("open(%s): errno %d (%s)", loop_path(1), errno, strerror(errno));
	self->b = open(loop_path(2), O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, self->b) TH_LOG("open(%s): errno %d (%s)", loop_path(2), errno, strerror(errno));
}

FIXTURE_TEARDOWN(pair)
{
	close(self->a);
	close(self->b);
}

TEST_F(pair, empty_no_pollin)
{
	int ev = wait_events(self->b, POLLIN | POLLOUT, 0);

	ASSERT_LE(0, ev) TH_LOG("poll: errno %d (%s)", errno, strerror(errno));
	EXPECT_EQ(0, ev & POLLIN) TH_LOG("poll(loop.2) with nothing queued: POLLIN set (revents 0x%x)", ev);
	EXPECT_EQ(POLLOUT, ev & POLLOUT) TH_LOG("poll(loop.2): expected POLLOUT, revents 0x%x", ev);
	EXPECT_EQ(0, ev & (POLLERR | POLLHUP | POLLNVAL)) TH_LOG("poll(loop.2): revents 0x%x", ev);
}

TEST_F(pair, nonblock_read_eagain)
{
	char buf[16];
	ssize_t n = read(self->b, buf, sizeof(buf));

	EXPECT_EQ(-1, n) TH_LOG("read(O_NONBLOCK, nothing queued): expected -1, got %zd", n);
	EXPECT_EQ(EAGAIN, errno)
		TH_LOG("read(O_NONBLOCK, nothing queued): expected errno EAGAIN (%d), got %d (%s)",
		       EAGAIN, errno, strerror(errno));
}

TEST_F(pair, pollin_follows_data)
{
	char buf[16];
	ssize_t n;
	int ev;

	ASSERT_EQ(1, write(self->a, "x", 1)) TH_LOG("write(loop.1): errno %d (%s)", errno, strerror(errno));
	ev = wait_events(self->b, POLLIN, 10000);
	ASSERT_LT(0, ev) TH_LOG("poll(loop.2, POLLIN, 10 s) after write: expected POLLIN, got none");
	EXPECT_EQ(POLLIN, ev & POLLIN) TH_LOG("poll(loop.2): revents 0x%x", ev);
	n = read(self->b, buf, sizeof(buf));
	ASSERT_EQ(1, n) TH_LOG("read(loop.2): expected 1, got %zd errno %d (%s)", n, errno, strerror(errno));
	ev = wait_events(self->b, POLLIN | POLLOUT, 0);
	EXPECT_EQ(0, ev & POLLIN) TH_LOG("poll(loop.2) after reading all: POLLIN still set (0x%x)", ev);
	n = read(self->b, buf, sizeof(buf));
	EXPECT_EQ(-1, n) TH_LOG("second read(O_NONBLOCK): expected -1, got %zd", n);
	EXPECT_EQ(EAGAIN, errno)
		TH_LOG("second read(O_NONBLOCK): expected errno EAGAIN (%d), got %d (%s)",
		       EAGAIN, errno, strerror(errno));
}

/* A blocked poll() wakes up when data arrives from the partner. */
TEST_F(pair, poll_wakes_up)
{
	pid_t pid = fork();
	int ev, status;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		usleep(300 * 1000);
		_exit(write(self->a, "wake", 4) == 4 ? 0 : 1);
	}
	ev = wait_events(self->b, POLLIN, 10000);
	EXPECT_LT(0, ev) TH_LOG("poll(loop.2, POLLIN) while partner writes: no wake-up in 10 s");
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status) TH_LOG("child write(loop.1) failed");
}

TEST_HARNESS_MAIN
