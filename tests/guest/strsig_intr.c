// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: a caught signal (SIGALRM, handler without SA_RESTART) interrupts a stream
 * call blocked in read, write (flow controlled), putmsg, getmsg, I_STR and close: the call
 * returns EINTR (or the partial count of a write) soon after the signal, and the stream is
 * usable afterwards.
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"

LIS_TEST_MODULES("lis_echo");

#define ALARM_MS	300

/* The call was interrupted: EINTR, between the alarm and a few seconds after it. */
#define EXPECT_EINTR(call, t0) do {							\
	long __dt;									\
	CHECK_FAIL(EINTR, call);							\
	__dt = now_ms() - (t0);								\
	EXPECT_LE(ALARM_MS - 50, __dt) TH_LOG("%s returned after %ld ms, before the signal",	\
					      #call, __dt);				\
	EXPECT_GT(ALARM_MS + 3000, __dt) TH_LOG("%s returned %ld ms after the start", #call, __dt); \
	alarm_cancel();									\
} while (0)

TEST(read_interrupted)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	char buf[8] = "";
	long t0;

	alarm_ms(ALARM_MS);
	t0 = now_ms();
	EXPECT_EINTR(read(fd, buf, sizeof(buf)), t0);
	CHECK_RC(2, write(fd, "ok", 2));
	CHECK_RC(2, read(fd, buf, sizeof(buf))) ;
	close(fd);
}

TEST(getmsg_interrupted)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR), flags = 0;
	char db[8];
	struct strbuf d = { sizeof(db), 0, db };
	long t0;

	alarm_ms(ALARM_MS);
	t0 = now_ms();
	EXPECT_EINTR(getmsg(fd, NULL, &d, &flags), t0);
	CHECK_RC(2, write(fd, "ok", 2));
	CHECK_RC(0, getmsg(fd, NULL, &d, &flags));
	EXPECT_EQ(2, d.len);
	close(fd);
}

TEST(write_interrupted_nothing_written)
{
	int peer = OPEN_OK(loop_path(2), O_RDWR), fd = OPEN_OK(loop_path(1), O_RDWR);
	char buf[4096] = "";
	long t0;

	ASSERT_LT(0, fill_stream(fd, 0, 4096));
	alarm_ms(ALARM_MS);
	t0 = now_ms();
	EXPECT_EINTR(write(fd, buf, sizeof(buf)), t0);
	EXPECT_LT(0, drain_stream(peer));
	CHECK_RC_LOG(4096, write(fd, buf, sizeof(buf)), "write on loop.1 after the interrupted one");
	close(fd);
	close(peer);
}

TEST(write_interrupted_partial_count)
{
	int peer = OPEN_OK(loop_path(4), O_RDWR), fd = OPEN_OK(loop_path(3), O_RDWR);
	size_t size = 4 * 1024 * 1024;
	char *big = calloc(1, size);
	ssize_t n;
	long t0, dt;

	ASSERT_NE(NULL, big);
	alarm_ms(ALARM_MS);
	t0 = now_ms();
	n = write(fd, big, size);
	dt = now_ms() - t0;
	alarm_cancel();
	EXPECT_LT(0, n) TH_LOG("write(4 MiB) on loop.3, nobody reading, interrupted: expected the bytes written, got %zd (%s)",
			       n, lis_errname(errno));
	EXPECT_GT((ssize_t)size, n);
	EXPECT_GT(ALARM_MS + 3000, dt) TH_LOG("the interrupted write returned after %ld ms", dt);
	free(big);
	close(fd);
	close(peer);
}

TEST(putmsg_interrupted)
{
	int peer = OPEN_OK(loop_path(6), O_RDWR), fd = OPEN_OK(loop_path(5), O_RDWR);
	struct strbuf c = { 2, 2, "hi" }, d = { 4, 4, "data" };
	long t0;

	ASSERT_LT(0, fill_stream(fd, 0, 4096));
	alarm_ms(ALARM_MS);
	t0 = now_ms();
	EXPECT_EINTR(putmsg(fd, &c, &d, 0), t0);
	drain_stream(peer);
	CHECK_RC(0, putmsg(fd, &c, &d, 0));
	close(fd);
	close(peer);
}

TEST(i_str_inftim_interrupted)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	long t0;

	alarm_ms(ALARM_MS);
	t0 = now_ms();
	EXPECT_EINTR(i_str(fd, ECHO_NOREPLY, NULL, 0, INFTIM, NULL), t0);
	CHECK_RC_LOG(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, NULL, 0, 0, NULL), "I_STR after the interrupted one");
	close(fd);
}

TEST(i_str_waiting_for_the_ioctl_slot_interrupted)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR), ms = 3000;
	pid_t child;
	long t0;

	/* a child holds the stream's ioctl slot for 3 s; our I_STR waits for it */
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0)
		_exit(i_str(fd, ECHO_DELAYACK, &ms, sizeof(ms), INFTIM, NULL) == ECHO_ACK_RVAL ? 0 : 1);
	sleep_ms(200);
	alarm_ms(ALARM_MS);
	t0 = now_ms();
	EXPECT_EINTR(i_str(fd, ECHO_ACK, NULL, 0, INFTIM, NULL), t0);
	waitpid(child, NULL, 0);
	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, NULL, 0, 0, NULL));
	close(fd);
}

TEST(close_interrupted)
{
	int peer = OPEN_OK(loop_path(8), O_RDWR), fd = OPEN_OK(loop_path(7), O_RDWR), rc, err;
	long t0, dt;

	/* data stuck on loop.7's write side; the close delay is the default 15 s */
	ASSERT_LT(0, fill_stream(fd, 0, 4096));
	alarm_ms(ALARM_MS);
	t0 = now_ms();
	rc = close(fd);
	err = errno;
	dt = now_ms() - t0;
	alarm_cancel();
	EXPECT_TRUE(rc == 0 || (rc == -1 && err == EINTR))
		TH_LOG("close(loop.7) interrupted: returned %d (%s)", rc, lis_errname(err));
	EXPECT_GT(ALARM_MS + 3000, dt) TH_LOG("close(loop.7) with data queued, interrupted after %d ms: took %ld ms",
					      ALARM_MS, dt);
	EXPECT_LE(ALARM_MS - 50, dt) TH_LOG("close(loop.7) with data queued returned after %ld ms, before the signal", dt);
	fd = OPEN_OK(loop_path(7), O_RDWR);	/* the stream is gone; the minor opens again */
	drain_stream(peer);
	CHECK_RC(2, write(fd, "ok", 2));
	close(fd);
	close(peer);
}

TEST(poll_interrupted)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long t0;

	alarm_ms(ALARM_MS);
	t0 = now_ms();
	EXPECT_EINTR(poll(&p, 1, 5000), t0);
	close(fd);
}

TEST_HARNESS_MAIN
