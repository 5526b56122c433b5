// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: poll(2) and select(2) on streams with the SVR4 meanings (poll(2)): POLLIN (any
 * non-high-priority message), POLLRDNORM (band 0), POLLRDBAND (band > 0), POLLPRI (high
 * priority), POLLOUT/POLLWRNORM (band 0 writable), POLLWRBAND (a written band > 0 writable),
 * POLLMSG (M_SIG with SIGPOLL at the front), POLLERR, POLLHUP (never with POLLOUT), POLLNVAL;
 * pollers waiting for one event are woken when it happens.
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"
#include <sys/select.h>

LIS_TEST_MODULES("lis_echo");

#define ALL_IN	(POLLIN | POLLRDNORM | POLLRDBAND | POLLPRI)
#define ALL_OUT	(POLLOUT | POLLWRNORM | POLLWRBAND)
#define ALL	(ALL_IN | ALL_OUT | POLLMSG)

static int revents(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n = poll(&p, 1, 0);

	return n < 0 ? -1 : p.revents;
}

static const char *evnames(int ev)
{
	static char buf[160];
	static const struct { int bit; const char *name; } names[] = {
		{ POLLIN, "POLLIN" }, { POLLRDNORM, "POLLRDNORM" }, { POLLRDBAND, "POLLRDBAND" },
		{ POLLPRI, "POLLPRI" }, { POLLOUT, "POLLOUT" }, { POLLWRNORM, "POLLWRNORM" },
		{ POLLWRBAND, "POLLWRBAND" }, { POLLMSG, "POLLMSG" }, { POLLERR, "POLLERR" },
		{ POLLHUP, "POLLHUP" }, { POLLNVAL, "POLLNVAL" },
	};
	size_t i;

	buf[0] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ev & names[i].bit) {
			strcat(buf, buf[0] ? "|" : "");
			strcat(buf, names[i].name);
		}
	return buf[0] ? buf : "0";
}

/*
 * revents of @fd polled for every event but POLLWRBAND must be exactly @want (POLLERR and
 * POLLHUP included). POLLWRBAND is left out: on echo no band is ever queued downstream.
 */
#define EXPECT_REVENTS(want, fd, what) do {						\
	int __got = revents((fd), ALL & ~POLLWRBAND);					\
	char __w[160];									\
	snprintf(__w, sizeof(__w), "%s", evnames(want));				\
	EXPECT_EQ((want), __got) TH_LOG("poll(all events) %s: expected %s, got %s", what,	\
					__w, evnames(__got));				\
} while (0)

static int echo_open(struct __test_metadata *_metadata)
{
	return OPEN_OK(ECHO_CLONE, O_RDWR);
}

TEST(empty_stream_writable_only)
{
	int fd = echo_open(_metadata);

	EXPECT_REVENTS(POLLOUT | POLLWRNORM, fd, "on an empty echo stream");
	close(fd);
}

TEST(band0_data_pollin_pollrdnorm)
{
	int fd = echo_open(_metadata);

	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	EXPECT_REVENTS(POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM, fd, "with band 0 data queued");
	close(fd);
}

TEST(band_data_pollin_pollrdband)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(put_band_data(fd, 2, "b2", 2));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	EXPECT_REVENTS(POLLIN | POLLRDBAND | POLLOUT | POLLWRNORM, fd, "with band 2 data queued");
	close(fd);
}

TEST(hipri_pollpri_only)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(put_ctl_data(fd, "HI", 2, NULL, 0, RS_HIPRI));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	EXPECT_REVENTS(POLLPRI | POLLOUT | POLLWRNORM, fd, "with a high priority message queued");
	close(fd);
}

TEST(zero_length_message_is_input)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(ioctl(fd, I_SWROPT, SNDZERO));
	ASSERT_EQ(0, write(fd, "", 0));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	EXPECT_REVENTS(POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM, fd, "with a zero-length message queued");
	close(fd);
}

TEST(flow_control_pollout_pollwrband)
{
	int peer = OPEN_OK(loop_path(2), O_RDWR), fd = OPEN_OK(loop_path(1), O_RDWR);

	ASSERT_LT(0, fill_stream(fd, 0, 4096));
	EXPECT_EQ(0, revents(fd, POLLOUT | POLLWRNORM))
		TH_LOG("poll(POLLOUT|POLLWRNORM) on flow-controlled loop.1: %s", evnames(revents(fd, ALL)));
	ASSERT_LT(0, fill_stream(fd, 1, 4096));
	EXPECT_EQ(0, revents(fd, POLLWRBAND))
		TH_LOG("poll(POLLWRBAND) with band 1 full on loop.1: %s", evnames(revents(fd, ALL)));
	drain_stream(peer);
	EXPECT_EQ(POLLOUT | POLLWRNORM | POLLWRBAND, revents(fd, ALL_OUT))
		TH_LOG("poll(output events) on loop.1 after loop.2 drained: %s", evnames(revents(fd, ALL)));
	close(fd);
	close(peer);
}

TEST(band_full_pollout_still_set)
{
	int peer = OPEN_OK(loop_path(4), O_RDWR), fd = OPEN_OK(loop_path(3), O_RDWR);

	ASSERT_LT(0, fill_stream(fd, 1, 4096));
	EXPECT_EQ(POLLOUT | POLLWRNORM, revents(fd, ALL_OUT))
		TH_LOG("band 1 full, band 0 empty on loop.3: output events %s, expected POLLOUT|POLLWRNORM",
		       evnames(revents(fd, ALL_OUT)));
	close(fd);
	close(peer);
}

TEST(m_sig_sigpoll_pollmsg)
{
	int fd = echo_open(_metadata);
	unsigned char sig = SIGPOLL;

	signal(SIGPOLL, SIG_IGN);
	ASSERT_OK(echo_send_msg(fd, M_SIG, &sig, 1));
	EXPECT_NE(0, revents(fd, POLLMSG) & POLLMSG)
		TH_LOG("poll(POLLMSG) after an M_SIG carrying SIGPOLL reached the head: %s",
		       evnames(revents(fd, ALL)));
	close(fd);
}

TEST(error_pollerr)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(echo_send_error(fd, EIO, -1));
	EXPECT_NE(0, revents(fd, 0) & POLLERR) TH_LOG("poll(no events) after M_ERROR: %s, POLLERR is always reported",
						       evnames(revents(fd, 0)));
	close(fd);
}

TEST(hangup_pollhup_no_pollout)
{
	int fd = echo_open(_metadata);

	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	ASSERT_OK(echo_send_msg(fd, M_HANGUP, NULL, 0));
	EXPECT_REVENTS(POLLIN | POLLRDNORM | POLLHUP, fd, "after M_HANGUP with data queued");
	EXPECT_EQ(POLLHUP, revents(fd, 0)) TH_LOG("poll(no events) after M_HANGUP: %s", evnames(revents(fd, 0)));
	close(fd);
}

TEST(closed_fd_pollnval)
{
	int fd = echo_open(_metadata);

	close(fd);
	EXPECT_EQ(POLLNVAL, revents(fd, POLLIN)) TH_LOG("poll of a closed descriptor: %s",
							evnames(revents(fd, POLLIN)));
}

struct later {
	int fd;
	int what;	/* 0: write, 1: hipri putmsg, 2: band data, 3: drain */
	long ms;
};

static void *do_later(void *arg)
{
	struct later *l = arg;

	sleep_ms(l->ms);
	switch (l->what) {
	case 0:
		if (write(l->fd, "late", 4) < 0)
			perror("write");
		break;
	case 1:
		put_ctl_data(l->fd, "HI", 2, NULL, 0, RS_HIPRI);
		break;
	case 2:
		put_band_data(l->fd, 3, "b3", 2);
		break;
	case 3:
		drain_stream(l->fd);
		break;
	}
	return NULL;
}

/* poll(@fd, @events, 5 s) while @what happens after 300 ms: returns revents, *dt the wait. */
static int poll_while(int fd, short events, int wfd, int what, long *dt)
{
	struct later l = { wfd, what, 300 };
	struct pollfd p = { .fd = fd, .events = events };
	pthread_t t;
	long t0 = now_ms();
	int n;

	pthread_create(&t, NULL, do_later, &l);
	n = poll(&p, 1, 5000);
	*dt = now_ms() - t0;
	pthread_join(t, NULL);
	return n < 0 ? -1 : p.revents;
}

TEST(poll_wakes_for_pollin)
{
	int fd = echo_open(_metadata), ev;
	long dt;

	ev = poll_while(fd, POLLIN, fd, 0, &dt);
	EXPECT_EQ(POLLIN, ev) TH_LOG("poll(POLLIN, 5 s), data after 300 ms: %s after %ld ms", evnames(ev), dt);
	EXPECT_GT(3000, dt);
	close(fd);
}

TEST(poll_wakes_for_pollpri)
{
	int fd = echo_open(_metadata), ev;
	long dt;

	ev = poll_while(fd, POLLPRI, fd, 1, &dt);
	EXPECT_EQ(POLLPRI, ev) TH_LOG("poll(POLLPRI, 5 s), high priority message after 300 ms: %s after %ld ms",
				      evnames(ev), dt);
	EXPECT_GT(3000, dt) TH_LOG("the poller was not woken: %ld ms", dt);
	close(fd);
}

TEST(poll_wakes_for_pollrdband)
{
	int fd = echo_open(_metadata), ev;
	long dt;

	ev = poll_while(fd, POLLRDBAND, fd, 2, &dt);
	EXPECT_EQ(POLLRDBAND, ev) TH_LOG("poll(POLLRDBAND, 5 s), band 3 data after 300 ms: %s after %ld ms",
					 evnames(ev), dt);
	EXPECT_GT(3000, dt) TH_LOG("the poller was not woken: %ld ms", dt);
	close(fd);
}

TEST(poll_wakes_for_pollout_and_pollwrband)
{
	int peer = OPEN_OK(loop_path(6), O_RDWR), fd = OPEN_OK(loop_path(5), O_RDWR), ev;
	long dt;

	ASSERT_LT(0, fill_stream(fd, 0, 4096));
	ev = poll_while(fd, POLLOUT, peer, 3, &dt);
	EXPECT_EQ(POLLOUT, ev) TH_LOG("poll(POLLOUT, 5 s) on loop.5, loop.6 drained after 300 ms: %s after %ld ms",
				      evnames(ev), dt);
	EXPECT_GT(3000, dt);
	ASSERT_LT(0, fill_stream(fd, 1, 4096));
	ev = poll_while(fd, POLLWRBAND, peer, 3, &dt);
	EXPECT_EQ(POLLWRBAND, ev) TH_LOG("poll(POLLWRBAND, 5 s), band 1 drained after 300 ms: %s after %ld ms",
					 evnames(ev), dt);
	EXPECT_GT(3000, dt) TH_LOG("the poller was not woken: %ld ms", dt);
	close(fd);
	close(peer);
}

TEST(select_read_write_except)
{
	int fd = echo_open(_metadata), n, flags = RS_HIPRI;
	fd_set r, w, e;
	struct timeval tv = { 0, 0 };
	char cb[8];
	struct strbuf c = { sizeof(cb), 0, cb };

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	FD_SET(fd, &e);
	n = select(fd + 1, &r, &w, &e, &tv);
	EXPECT_EQ(1, n);
	EXPECT_FALSE(FD_ISSET(fd, &r));
	EXPECT_TRUE(FD_ISSET(fd, &w));
	EXPECT_FALSE(FD_ISSET(fd, &e));
	/* a high priority message at the front: exceptional condition (POLLPRI) */
	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_OK(put_ctl_data(fd, "HI", 2, NULL, 0, RS_HIPRI));
	ASSERT_EQ(2, wait_nread(fd, 2, 2000));
	FD_ZERO(&e);
	FD_SET(fd, &e);
	tv.tv_sec = 1;
	n = select(fd + 1, NULL, NULL, &e, &tv);
	EXPECT_EQ(1, n) TH_LOG("select(exceptfds) with a high priority message at the front: %d", n);
	EXPECT_TRUE(FD_ISSET(fd, &e));
	/* once it is read, the band 0 data makes the stream readable */
	ASSERT_OK(getmsg(fd, &c, NULL, &flags));
	FD_ZERO(&r);
	FD_ZERO(&e);
	FD_SET(fd, &r);
	FD_SET(fd, &e);
	tv.tv_sec = 1;
	n = select(fd + 1, &r, NULL, &e, &tv);
	EXPECT_EQ(1, n) TH_LOG("select(readfds, exceptfds) with band 0 data queued: %d", n);
	EXPECT_TRUE(FD_ISSET(fd, &r));
	EXPECT_FALSE(FD_ISSET(fd, &e));
	close(fd);
}

TEST_HARNESS_MAIN
