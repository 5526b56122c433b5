// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: STREAMS pipes (s_pipe(), /dev/streams/pipe, I_LIS_PIPE) with SVR4 semantics
 * (pipe(2) and streamio(7I) of SVR4/Solaris): two connected streams, data both ways, message
 * boundaries (read modes, putmsg/getmsg with control parts, priorities, bands), hangup when one
 * end closes (end of file after the queued data, EPIPE and SIGPIPE on write, POLLHUP), zero-length
 * messages (SNDZERO), SNDPIPE, modules pushed on an end, flow control between the ends,
 * I_LIS_PIPE's errors, and the memory accounting coming back to where it was.
 *
 * s_pipe() is libstreams' own (see lis_pipe_test.h).
 */
#include "lis_pipe_test.h"

/* getmsg into @ctl/@data (each 64 bytes, NULL: not retrieved); lengths in *clen, *dlen. */
static int get_parts(int fd, char *ctl, int *clen, char *data, int *dlen, int *flags)
{
	struct strbuf c = { .maxlen = 64, .len = 0, .buf = ctl };
	struct strbuf d = { .maxlen = 64, .len = 0, .buf = data };
	int rc;

	rc = getmsg(fd, ctl ? &c : NULL, data ? &d : NULL, flags);
	*clen = c.len;
	*dlen = d.len;
	return rc;
}

/* Wait up to 3 s for the in-use count and bytes to be back at @count/@bytes. */
static int mem_back_to(long count, long bytes, long *nc, long *nb)
{
	long end = now_ms() + 3000;

	for (;;) {
		if (mem_in_use(nc, nb))
			return -1;
		if ((*nc == count && *nb == bytes) || now_ms() > end)
			return *nc == count && *nb == bytes ? 0 : -1;
		sleep_ms(20);
	}
}

/* ---------------------------------------------------------------- the two ends */

TEST(s_pipe_gives_two_streams)
{
	int fds[2] = { -1, -1 }, wropt = -1;

	S_PIPE_OK(fds);
	EXPECT_NE(fds[0], fds[1]);
	CHECK_RC_LOG(1, isastream(fds[0]), "isastream on the first end of an s_pipe");
	CHECK_RC_LOG(1, isastream(fds[1]), "isastream on the second end of an s_pipe");
	/* a pipe end sends zero-length messages and raises SIGPIPE (SVR4 pipes) */
	CHECK_RC(0, ioctl(fds[0], I_GWROPT, &wropt));
	EXPECT_EQ(SNDZERO | SNDPIPE, wropt)
		TH_LOG("I_GWROPT on a pipe end: expected SNDZERO|SNDPIPE (%d), got %d", SNDZERO | SNDPIPE, wropt);
	CHECK_RC(0, ioctl(fds[1], I_GWROPT, &wropt));
	EXPECT_EQ(SNDZERO | SNDPIPE, wropt);
	/* nothing to read yet, both ends writable */
	EXPECT_EQ(POLLOUT, wait_events(fds[0], POLLIN | POLLOUT | POLLPRI, 0) & (POLLIN | POLLOUT | POLLPRI));
	EXPECT_EQ(POLLOUT, wait_events(fds[1], POLLIN | POLLOUT | POLLPRI, 0) & (POLLIN | POLLOUT | POLLPRI));
	close(fds[0]);
	close(fds[1]);
}

TEST(data_crosses_both_ways)
{
	int fds[2];

	S_PIPE_OK(fds);
	CHECK_RC(4, write(fds[0], "ping", 4));
	EXPECT_EQ(POLLIN, wait_events(fds[1], POLLIN, 1000) & POLLIN)
		TH_LOG("after a write on end 0, end 1 does not poll readable");
	EXPECT_EQ(0, wait_events(fds[0], POLLIN, 0) & POLLIN)
		TH_LOG("a write on end 0 came back on end 0 itself");
	READ_EXPECT(fds[1], "ping");
	CHECK_RC(5, write(fds[1], "pong!", 5));
	READ_EXPECT(fds[0], "pong!");
	EXPECT_EQ(0, wait_events(fds[1], POLLIN, 0) & POLLIN);
	close(fds[0]);
	close(fds[1]);
}

TEST(byte_stream_and_message_read_modes)
{
	int fds[2], bytes = -1;
	char buf[16] = "";

	S_PIPE_OK(fds);
	CHECK_RC(1, write(fds[0], "a", 1));
	CHECK_RC(2, write(fds[0], "bb", 2));
	CHECK_RC(3, write(fds[0], "ccc", 3));
	EXPECT_EQ(3, wait_nread(fds[1], 3, 1000)) TH_LOG("three writes: I_NREAD counts messages");
	CHECK_RC(3, ioctl(fds[1], I_NREAD, &bytes));
	EXPECT_EQ(1, bytes) TH_LOG("I_NREAD: bytes of the first message, expected 1, got %d", bytes);
	/* RNORM (the default): a byte stream, one read takes the three messages */
	CHECK_RC(6, read(fds[1], buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "abbccc", 6));
	/* RMSGN: one message a read, boundaries kept */
	CHECK_RC(0, ioctl(fds[1], I_SRDOPT, RMSGN));
	CHECK_RC(1, write(fds[0], "a", 1));
	CHECK_RC(2, write(fds[0], "bb", 2));
	CHECK_RC(3, write(fds[0], "ccc", 3));
	READ_EXPECT(fds[1], "a");
	READ_EXPECT(fds[1], "bb");
	CHECK_RC(2, read(fds[1], buf, 2));	/* RMSGN: the rest stays for the next read */
	READ_EXPECT(fds[1], "c");
	/* RMSGD: what does not fit is discarded */
	CHECK_RC(0, ioctl(fds[1], I_SRDOPT, RMSGD));
	CHECK_RC(6, write(fds[0], "dddddd", 6));
	CHECK_RC(1, write(fds[0], "e", 1));
	CHECK_RC(2, read(fds[1], buf, 2));
	READ_EXPECT(fds[1], "e");
	close(fds[0]);
	close(fds[1]);
}

TEST(putmsg_getmsg_control_and_data)
{
	char ctl[64], data[64];
	int fds[2], clen, dlen, flags, band;
	struct strbuf c = { .maxlen = 64, .buf = ctl }, d = { .maxlen = 64, .buf = data };

	S_PIPE_OK(fds);
	/* control and data in one message */
	ASSERT_OK(put_ctl_data(fds[0], "CTL1", 4, "DATA01", 6, 0));
	flags = 0;
	CHECK_RC(0, get_parts(fds[1], ctl, &clen, data, &dlen, &flags));
	EXPECT_EQ(4, clen);
	EXPECT_EQ(6, dlen);
	EXPECT_EQ(0, flags);
	EXPECT_EQ(0, memcmp(ctl, "CTL1", 4));
	EXPECT_EQ(0, memcmp(data, "DATA01", 6));
	/* control only, data only: the absent part has length -1 */
	ASSERT_OK(put_ctl_data(fds[0], "C", 1, NULL, 0, 0));
	ASSERT_OK(put_ctl_data(fds[0], NULL, 0, "D", 1, 0));
	flags = 0;
	CHECK_RC(0, get_parts(fds[1], ctl, &clen, data, &dlen, &flags));
	EXPECT_EQ(1, clen);
	EXPECT_EQ(-1, dlen) TH_LOG("control-only message: data length expected -1, got %d", dlen);
	flags = 0;
	CHECK_RC(0, get_parts(fds[1], ctl, &clen, data, &dlen, &flags));
	EXPECT_EQ(-1, clen) TH_LOG("data-only message: control length expected -1, got %d", clen);
	EXPECT_EQ(1, dlen);
	/* the other direction too */
	ASSERT_OK(put_ctl_data(fds[1], "back", 4, "wards", 5, 0));
	flags = 0;
	CHECK_RC(0, get_parts(fds[0], ctl, &clen, data, &dlen, &flags));
	EXPECT_EQ(4, clen);
	EXPECT_EQ(5, dlen);
	EXPECT_EQ(0, memcmp(data, "wards", 5));
	/* a high priority message overtakes normal ones */
	ASSERT_OK(put_ctl_data(fds[0], "norm", 4, "n", 1, 0));
	ASSERT_OK(put_ctl_data(fds[0], "HIPRI", 5, NULL, 0, RS_HIPRI));
	EXPECT_EQ(POLLPRI, wait_events(fds[1], POLLPRI, 1000) & POLLPRI);
	flags = 0;
	CHECK_RC(0, get_parts(fds[1], ctl, &clen, data, &dlen, &flags));
	EXPECT_EQ(RS_HIPRI, flags) TH_LOG("the high priority message should come first");
	EXPECT_EQ(5, clen);
	flags = 0;
	CHECK_RC(0, get_parts(fds[1], ctl, &clen, data, &dlen, &flags));
	EXPECT_EQ(0, flags);
	EXPECT_EQ(4, clen);
	/* bands cross */
	ASSERT_OK(put_band_data(fds[0], 3, "band3", 5));
	band = 0;
	flags = MSG_ANY;
	CHECK_RC(0, getpmsg(fds[1], &c, &d, &band, &flags));
	EXPECT_EQ(3, band);
	EXPECT_EQ(MSG_BAND, flags);
	EXPECT_EQ(5, d.len);
	/* a part larger than the buffer: MOREDATA, the rest comes next */
	ASSERT_OK(put_ctl_data(fds[0], NULL, 0, "0123456789", 10, 0));
	d.maxlen = 4;
	flags = 0;
	CHECK_RC(MOREDATA, getmsg(fds[1], NULL, &d, &flags));
	EXPECT_EQ(4, d.len);
	d.maxlen = 64;
	CHECK_RC(0, getmsg(fds[1], NULL, &d, &flags));
	EXPECT_EQ(6, d.len);
	EXPECT_EQ(0, memcmp(data, "456789", 6));
	/* read(2) cannot deliver a control part (RPROTNORM) */
	ASSERT_OK(put_ctl_data(fds[0], "P", 1, "x", 1, 0));
	CHECK_FAIL(EBADMSG, read(fds[1], data, sizeof(data)));
	close(fds[0]);
	close(fds[1]);
}

/* ---------------------------------------------------------------- zero-length messages */

TEST(zero_length_write_sends_empty_message)
{
	int fds[2], bytes = -1, clen, dlen, flags = 0;
	char ctl[64], data[64];

	S_PIPE_OK(fds);
	CHECK_RC_LOG(0, write(fds[0], "", 0), "zero-length write on a pipe end");
	EXPECT_EQ(1, wait_nread(fds[1], 1, 1000))
		TH_LOG("SNDZERO is on for pipes: a zero-length write should queue one message on the other end");
	CHECK_RC(1, ioctl(fds[1], I_NREAD, &bytes));
	EXPECT_EQ(0, bytes);
	CHECK_RC(3, write(fds[0], "abc", 3));
	/* the empty message reads as 0 (not end of file: the data behind it is still there) */
	CHECK_RC_LOG(0, read(fds[1], data, sizeof(data)), "read of a zero-length message");
	READ_EXPECT(fds[1], "abc");
	/* getmsg shows it as a data part of length 0 */
	CHECK_RC(0, write(fds[0], "", 0));
	CHECK_RC(0, get_parts(fds[1], ctl, &clen, data, &dlen, &flags));
	EXPECT_EQ(-1, clen);
	EXPECT_EQ(0, dlen) TH_LOG("getmsg of a zero-length message: data length expected 0, got %d", dlen);
	/* a zero-length message between data stops a byte-stream read */
	CHECK_RC(2, write(fds[0], "xy", 2));
	CHECK_RC(0, write(fds[0], "", 0));
	CHECK_RC(1, write(fds[0], "z", 1));
	EXPECT_EQ(3, wait_nread(fds[1], 3, 1000));
	READ_EXPECT(fds[1], "xy");
	CHECK_RC(0, read(fds[1], data, sizeof(data)));
	READ_EXPECT(fds[1], "z");
	/* with SNDZERO off, a zero-length write sends nothing */
	CHECK_RC(0, ioctl(fds[0], I_SWROPT, SNDPIPE));
	CHECK_RC(0, write(fds[0], "", 0));
	sleep_ms(50);
	CHECK_RC(0, ioctl(fds[1], I_NREAD, &bytes));
	close(fds[0]);
	close(fds[1]);
}

/* ---------------------------------------------------------------- hangup */

TEST(close_hangs_up_reader_eof_after_data)
{
	int fds[2], clen, dlen, flags = 0;
	char ctl[64], data[64];

	S_PIPE_OK(fds);
	CHECK_RC(3, write(fds[0], "abc", 3));
	CHECK_RC(2, write(fds[0], "de", 2));
	close(fds[0]);
	EXPECT_EQ(POLLIN | POLLHUP, wait_events(fds[1], POLLIN, 1000) & (POLLIN | POLLHUP))
		TH_LOG("data queued and the other end closed: expected POLLIN|POLLHUP");
	/* the queued data first, then end of file, again and again */
	READ_EXPECT(fds[1], "abcde");
	CHECK_RC_LOG(0, read(fds[1], data, sizeof(data)), "read after hangup with nothing queued");
	CHECK_RC_LOG(0, read(fds[1], data, sizeof(data)), "second read after hangup");
	/* getmsg at end of file: 0 with both lengths 0 */
	clen = dlen = -5;
	CHECK_RC(0, get_parts(fds[1], ctl, &clen, data, &dlen, &flags));
	EXPECT_EQ(0, clen);
	EXPECT_EQ(0, dlen);
	close(fds[1]);
}

TEST(close_hangs_up_writer_epipe_sigpipe)
{
	int fds[2];

	S_PIPE_OK(fds);
	catch_signal(SIGPIPE);
	close(fds[1]);
	CHECK_FAIL_LOG(EPIPE, write(fds[0], "x", 1), "write on a pipe end whose peer was closed");
	EXPECT_EQ(1, wait_signal(SIGPIPE, 1000))
		TH_LOG("write after the peer closed: SIGPIPE delivered %d times, expected 1", lis_sigs[SIGPIPE]);
	/* putmsg reports the hangup as ENXIO (SVR4 putmsg(2)) */
	CHECK_FAIL(ENXIO, put_ctl_data(fds[0], "c", 1, "d", 1, 0));
	close(fds[0]);
}

TEST(sigpipe_default_action_kills_writer)
{
	int fds[2], status = 0;
	pid_t pid;

	S_PIPE_OK(fds);
	close(fds[1]);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		ssize_t n;

		signal(SIGPIPE, SIG_DFL);
		n = write(fds[0], "x", 1);
		_exit(n == -1 ? 2 : 3);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE)
		TH_LOG("writer on a hung-up pipe end: expected death by SIGPIPE, status 0x%x", status);
	close(fds[0]);
}

TEST(hangup_with_sndpipe_off_is_enxio)
{
	int fds[2];

	S_PIPE_OK(fds);
	catch_signal(SIGPIPE);
	CHECK_RC(0, ioctl(fds[0], I_SWROPT, SNDZERO));
	close(fds[1]);
	CHECK_FAIL(ENXIO, write(fds[0], "x", 1));
	sleep_ms(50);
	EXPECT_EQ(0, lis_sigs[SIGPIPE]) TH_LOG("SNDPIPE off: no SIGPIPE expected");
	close(fds[0]);
}

TEST(poll_reports_hangup)
{
	int fds[2], ev;

	S_PIPE_OK(fds);
	close(fds[0]);
	ev = wait_events(fds[1], POLLIN | POLLOUT, 1000);
	EXPECT_TRUE(ev > 0 && (ev & POLLHUP)) TH_LOG("poll after the peer closed: revents 0x%x, no POLLHUP", ev);
	EXPECT_FALSE(ev & POLLOUT) TH_LOG("poll on a hung-up end: POLLOUT and POLLHUP are exclusive (0x%x)", ev);
	close(fds[1]);
}

TEST(hangup_and_input_raise_sigpoll)
{
	int fds[2];

	S_PIPE_OK(fds);
	catch_signal(SIGPOLL);
	CHECK_RC(0, ioctl(fds[1], I_SETSIG, S_INPUT | S_HANGUP));
	CHECK_RC(1, write(fds[0], "x", 1));
	EXPECT_EQ(1, wait_signal(SIGPOLL, 1000)) TH_LOG("S_INPUT: data from the other end raised no SIGPOLL");
	lis_sigs[SIGPOLL] = 0;
	close(fds[0]);
	EXPECT_LE(1, wait_signal(SIGPOLL, 1000)) TH_LOG("S_HANGUP: the other end's close raised no SIGPOLL");
	close(fds[1]);
}

struct waiter {
	int fd;
	int what;	/* 0 poll, 1 read, 2 write */
	long ret;
	int err;
	short revents;
	long done_at;
};

static void *waiter_thread(void *arg)
{
	struct waiter *w = arg;
	struct pollfd p = { .fd = w->fd, .events = POLLIN };
	char buf[4096];

	switch (w->what) {
	case 0:
		w->ret = poll(&p, 1, 10000);
		w->revents = p.revents;
		break;
	case 1:
		w->ret = read(w->fd, buf, sizeof(buf));
		break;
	default:
		memset(buf, 0, sizeof(buf));
		w->ret = write(w->fd, buf, sizeof(buf));
		break;
	}
	w->err = errno;
	w->done_at = now_ms();
	return NULL;
}

TEST(hangup_wakes_poll_read_and_write)
{
	struct waiter wp = { .what = 0 }, wr = { .what = 1 }, ww = { .what = 2 };
	int a[2], b[2];
	pthread_t tp, tr, tw;

	S_PIPE_OK(a);
	S_PIPE_OK(b);
	catch_signal(SIGPIPE);
	/* a poller and a reader on a[1]; a writer blocked by flow control on b[0] */
	wp.fd = a[1];
	wr.fd = a[1];
	ww.fd = b[0];
	ASSERT_LT(0, fill_stream(b[0], 0, 4096));
	ASSERT_EQ(0, pthread_create(&tp, NULL, waiter_thread, &wp));
	ASSERT_EQ(0, pthread_create(&tr, NULL, waiter_thread, &wr));
	ASSERT_EQ(0, pthread_create(&tw, NULL, waiter_thread, &ww));
	sleep_ms(300);
	EXPECT_EQ(0, wp.done_at + wr.done_at + ww.done_at)
		TH_LOG("poll, read or write returned before the hangup (poll %ld, read %ld, write %ld)",
		       wp.ret, wr.ret, ww.ret);
	close(a[0]);
	close(b[1]);
	pthread_join(tp, NULL);
	pthread_join(tr, NULL);
	pthread_join(tw, NULL);
	EXPECT_EQ(1, wp.ret);
	EXPECT_TRUE(wp.revents & POLLHUP) TH_LOG("poll woken by the hangup: revents 0x%x", wp.revents);
	EXPECT_EQ(0, wr.ret) TH_LOG("read woken by the hangup: expected 0 (end of file), got %ld (%s)",
				   wr.ret, lis_errname(wr.err));
	EXPECT_EQ(-1, ww.ret) TH_LOG("blocked write woken by the hangup: expected -1 EPIPE, got %ld", ww.ret);
	if (ww.ret == -1)
		EXPECT_EQ(EPIPE, ww.err) TH_LOG("blocked write woken by the hangup: %s", lis_errname(ww.err));
	close(a[1]);
	close(b[0]);
}

/* ---------------------------------------------------------------- modules */

TEST(push_module_on_a_pipe_end)
{
	char name[FMNAMESZ + 1] = "";
	int fds[2];

	S_PIPE_OK(fds);
	CHECK_RC_LOG(0, ioctl(fds[0], I_PUSH, PASSMOD_NAME), "I_PUSH passmod on a pipe end");
	CHECK_RC(0, ioctl(fds[0], I_LOOK, name));
	EXPECT_STREQ(PASSMOD_NAME, name);
	CHECK_RC(5, write(fds[0], "down!", 5));
	READ_EXPECT(fds[1], "down!");
	CHECK_RC(3, write(fds[1], "up!", 3));
	READ_EXPECT(fds[0], "up!");
	/* modules on both ends, two deep */
	CHECK_RC(0, ioctl(fds[0], I_PUSH, PASSMOD_NAME));
	CHECK_RC(0, ioctl(fds[1], I_PUSH, PASSMOD_NAME));
	CHECK_RC(0, ioctl(fds[1], I_PUSH, PASSMOD_NAME));
	ASSERT_OK(put_ctl_data(fds[0], "ctl", 3, "dat", 3, 0));
	{
		char ctl[64], data[64];
		int clen, dlen, flags = 0;

		CHECK_RC(0, get_parts(fds[1], ctl, &clen, data, &dlen, &flags));
		EXPECT_EQ(3, clen);
		EXPECT_EQ(3, dlen);
	}
	CHECK_RC(0, write(fds[1], "", 0));
	CHECK_RC(4, write(fds[1], "more", 4));
	EXPECT_EQ(2, wait_nread(fds[0], 2, 1000)) TH_LOG("a zero-length message crosses the modules too");
	CHECK_RC(0, read(fds[0], name, sizeof(name)));
	READ_EXPECT(fds[0], "more");
	/* pop one; still connected */
	CHECK_RC(0, ioctl(fds[0], I_POP, 0));
	CHECK_RC(2, write(fds[0], "ok", 2));
	READ_EXPECT(fds[1], "ok");
	/* close the end with modules: the other end (with modules too) is hung up */
	catch_signal(SIGPIPE);
	close(fds[0]);
	EXPECT_EQ(POLLHUP, wait_events(fds[1], POLLIN, 1000) & POLLHUP);
	CHECK_RC(0, read(fds[1], name, sizeof(name)));
	CHECK_FAIL(EPIPE, write(fds[1], "x", 1));
	close(fds[1]);
}

/* ---------------------------------------------------------------- flow control */

TEST(flow_control_nonblock_eagain_then_drained)
{
	int fds[2], ev;
	long n;

	S_PIPE_OK(fds);
	n = fill_stream(fds[0], 0, 4096);
	ASSERT_LT(0, n) TH_LOG("non-blocking 4 KiB writes with nobody reading: expected EAGAIN after a while, got %s",
			       lis_errname(errno));
	EXPECT_GT(4L << 20, n) TH_LOG("the pipe took %ld bytes before flow control stopped it", n);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	CHECK_FAIL(EAGAIN, write(fds[0], "x", 1));
	CHECK_FAIL(EAGAIN, put_ctl_data(fds[0], "c", 1, NULL, 0, 0));
	ev = wait_events(fds[0], POLLOUT, 0);
	EXPECT_FALSE(ev & POLLOUT) TH_LOG("flow-controlled end polls writable (0x%x)", ev);
	CHECK_RC(0, ioctl(fds[0], I_CANPUT, 0));
	/* the other direction is independent */
	CHECK_RC(3, write(fds[1], "rev", 3));
	READ_EXPECT(fds[0], "rev");
	/* drain: writable again, and every byte arrived */
	EXPECT_EQ(n, drain_stream(fds[1]));
	EXPECT_EQ(POLLOUT, wait_events(fds[0], POLLOUT, 1000) & POLLOUT);
	CHECK_RC_LOG(1, write(fds[0], "x", 1), "write after the other end drained");
	close(fds[0]);
	close(fds[1]);
}

TEST(flow_control_blocks_until_read)
{
	struct waiter ww = { .what = 2 };
	int fds[2];
	pthread_t t;
	long n, got;

	S_PIPE_OK(fds);
	ww.fd = fds[0];
	n = fill_stream(fds[0], 0, 4096);
	ASSERT_LT(0, n);
	ASSERT_EQ(0, pthread_create(&t, NULL, waiter_thread, &ww));
	sleep_ms(400);
	EXPECT_EQ(0, ww.done_at) TH_LOG("write on a full pipe returned %ld (%s) instead of blocking",
					ww.ret, lis_errname(ww.err));
	got = drain_stream(fds[1]);
	pthread_join(t, NULL);
	EXPECT_EQ(4096, ww.ret) TH_LOG("blocked write after the reader drained: %ld (%s)", ww.ret,
				       lis_errname(ww.err));
	got += drain_stream(fds[1]);
	EXPECT_EQ(n + 4096, got) TH_LOG("filled with %ld bytes, then 4096: the reader got %ld", n, got);
	close(fds[0]);
	close(fds[1]);
}

TEST(flow_control_nonblock_partial_count)
{
	size_t size = 2 * 1024 * 1024;
	char *big = calloc(1, size);
	int fds[2];
	ssize_t n;

	ASSERT_NE(NULL, big);
	S_PIPE_OK(fds);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	n = write(fds[0], big, size);
	EXPECT_LT(0, n) TH_LOG("non-blocking write(2 MiB) on a pipe nobody reads: expected a partial count, got %zd (%s)",
			       n, lis_errname(errno));
	EXPECT_GT((ssize_t)size, n) TH_LOG("non-blocking write(2 MiB): everything was accepted (%zd)", n);
	CHECK_FAIL(EAGAIN, write(fds[0], big, size));
	EXPECT_EQ(n, drain_stream(fds[1]));
	free(big);
	close(fds[0]);
	close(fds[1]);
}

/* A pattern byte of stream offset @off, direction @dir. */
static unsigned char pat(long off, int dir)
{
	return (unsigned char)(off * 7 + off / 251 + dir * 13);
}

struct mover {
	int fd;
	int dir;
	long total;
	long done;	/* bytes written, or read and checked */
	long bad_at;	/* first offset that did not match, or -1 */
	int err;
};

static void *mover_write(void *arg)
{
	struct mover *m = arg;
	static const int sizes[] = { 1, 100, 4096, 65536, 100000, 333 };
	unsigned char *buf = malloc(100000);
	int i = 0, k, len;
	ssize_t n;

	while (buf && m->done < m->total) {
		len = sizes[i++ % 6];
		if (len > m->total - m->done)
			len = m->total - m->done;
		for (k = 0; k < len; k++)
			buf[k] = pat(m->done + k, m->dir);
		n = write(m->fd, buf, len);
		if (n != len) {
			m->err = n < 0 ? errno : EIO;
			break;
		}
		m->done += n;
	}
	free(buf);
	return NULL;
}

static void *mover_read(void *arg)
{
	struct mover *m = arg;
	unsigned char *buf = malloc(70000);
	ssize_t n, k;

	m->bad_at = -1;
	while (buf && m->done < m->total) {
		n = read(m->fd, buf, 70000);
		if (n <= 0) {
			m->err = n < 0 ? errno : ENODATA;
			break;
		}
		for (k = 0; k < n; k++)
			if (m->bad_at < 0 && buf[k] != pat(m->done + k, m->dir))
				m->bad_at = m->done + k;
		m->done += n;
	}
	free(buf);
	return NULL;
}

/* Send @total bytes out on @out (direction @dout) while reading and checking @total on @in. */
static void move_both(int fd, int dout, int din, long total, struct mover *w, struct mover *r)
{
	pthread_t tw, tr;

	*w = (struct mover){ .fd = fd, .dir = dout, .total = total };
	*r = (struct mover){ .fd = fd, .dir = din, .total = total };
	pthread_create(&tw, NULL, mover_write, w);
	pthread_create(&tr, NULL, mover_read, r);
	pthread_join(tw, NULL);
	pthread_join(tr, NULL);
}

TEST(bulk_data_both_ways_between_processes)
{
	const long total = 1536 * 1024;
	struct mover w, r;
	int fds[2], status = 0;
	pid_t pid;

	S_PIPE_OK(fds);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(fds[0]);
		move_both(fds[1], 1, 0, total, &w, &r);
		_exit(w.done == total && r.done == total && r.bad_at < 0 ? 0 : 1);
	}
	close(fds[1]);
	move_both(fds[0], 0, 1, total, &w, &r);
	EXPECT_EQ(total, w.done) TH_LOG("parent wrote %ld of %ld bytes (%s)", w.done, total, lis_errname(w.err));
	EXPECT_EQ(total, r.done) TH_LOG("parent read %ld of %ld bytes (%s)", r.done, total, lis_errname(r.err));
	EXPECT_EQ(-1, r.bad_at) TH_LOG("data read by the parent differs at offset %ld", r.bad_at);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("the child's transfer failed (status 0x%x)", status);
	close(fds[0]);
}

/* ---------------------------------------------------------------- closing under traffic */

static void *traffic_writer(void *arg)
{
	int fd = *(int *)arg, i = 0;
	static const int sizes[] = { 1, 700, 4096, 65536, 20000 };
	static char buf[65536];

	while (write(fd, buf, sizes[i++ % 5]) > 0)
		;
	return NULL;
}

static void *traffic_reader(void *arg)
{
	int fd = *(int *)arg;
	char buf[8192];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
	return NULL;
}

/* A process that writes and reads @fd until killed. */
static pid_t traffic_child(int fd, int other)
{
	pid_t pid = fork();
	pthread_t t;

	if (pid)
		return pid;
	close(other);
	signal(SIGPIPE, SIG_IGN);
	pthread_create(&t, NULL, traffic_writer, &fd);
	pthread_create(&t, NULL, traffic_reader, &fd);
	for (;;)
		pause();
}

/* Reap @pid within @ms; returns 1 if it was reaped. */
static int reap_within(pid_t pid, long ms)
{
	long end = now_ms() + ms;
	int status;

	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (now_ms() > end)
			return 0;
		sleep_ms(5);
	}
	return 1;
}

/*
 * The ends close while data flows both ways with the queues full: one end's process killed
 * while this one keeps going (hangup must end its blocked read and write), or both killed at
 * once (the two closes race). Nothing may hang or leak.
 */
TEST(close_races_with_traffic)
{
	long c0, b0, c1, b1, t0, worst = 0;
	int i, fds[2], ok;
	pid_t a, b;

	ASSERT_EQ(0, mem_in_use(&c0, &b0));
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < 24; i++) {
		S_PIPE_OK(fds);
		if (i % 2 == 0) {
			struct timespec dl;
			pthread_t tw, tr;

			a = traffic_child(fds[1], fds[0]);
			ASSERT_LE(0, a);
			close(fds[1]);
			pthread_create(&tw, NULL, traffic_writer, &fds[0]);
			pthread_create(&tr, NULL, traffic_reader, &fds[0]);
			sleep_ms(i % 7 * 3);
			t0 = now_ms();
			kill(a, SIGKILL);
			ok = reap_within(a, 20000);
			ASSERT_TRUE(ok) TH_LOG("round %d: a process killed with its pipe end busy did not exit in 20 s", i);
			clock_gettime(CLOCK_REALTIME, &dl);
			dl.tv_sec += 10;
			ASSERT_EQ(0, pthread_timedjoin_np(tw, NULL, &dl))
				TH_LOG("round %d: the writer was not ended by the other end's close", i);
			ASSERT_EQ(0, pthread_timedjoin_np(tr, NULL, &dl))
				TH_LOG("round %d: the reader was not ended by the other end's close", i);
			close(fds[0]);
		} else {
			a = traffic_child(fds[0], fds[1]);
			ASSERT_LE(0, a);
			b = traffic_child(fds[1], fds[0]);
			ASSERT_LE(0, b);
			close(fds[0]);
			close(fds[1]);
			sleep_ms(i % 5 * 4);
			t0 = now_ms();
			kill(a, SIGKILL);
			kill(b, SIGKILL);
			ok = reap_within(a, 20000) && reap_within(b, 20000);
			ASSERT_TRUE(ok) TH_LOG("round %d: two processes killed with both pipe ends busy did not exit in 20 s", i);
		}
		if (now_ms() - t0 > worst)
			worst = now_ms() - t0;
	}
	/* not a timing: a close that waits out the 15 s close time (I_SETCLTIME) is a stall */
	EXPECT_GT(10000, worst) TH_LOG("a round took %ld ms from the kill to the end", worst);
	ok = mem_back_to(c0, b0, &c1, &b1);
	EXPECT_EQ(0, ok) TH_LOG("/proc/streams/memory in-use: %ld allocations (%ld bytes) before, %ld (%ld) after",
				c0, b0, c1, b1);
}

/* ---------------------------------------------------------------- I_LIS_PIPE */

TEST(i_lis_pipe_errors)
{
	int fds[2], a, b, loopfd, reg, bad;

	S_PIPE_OK(fds);
	a = OPEN_OK(PIPE_DEV, O_RDWR);
	b = OPEN_OK(PIPE_DEV, O_RDWR);
	loopfd = OPEN_OK(LOOP_CLONE, O_RDWR);
	reg = open("/tmp/strpipe_basic.reg", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ASSERT_LE(0, reg);
	bad = dup(reg);
	close(bad);	/* a descriptor number that is not open */

	/* either end already connected */
	CHECK_FAIL_LOG(EINVAL, ioctl(fds[0], I_LIS_PIPE, a), "connecting a connected end");
	CHECK_FAIL_LOG(EINVAL, ioctl(a, I_LIS_PIPE, fds[1]), "connecting to a connected end");
	/* an end to itself */
	CHECK_FAIL_LOG(EINVAL, ioctl(a, I_LIS_PIPE, a), "connecting an end to itself");
	/* a stream that is not a pipe, on either side */
	CHECK_FAIL_LOG(EINVAL, ioctl(loopfd, I_LIS_PIPE, a), "I_LIS_PIPE on a loop stream");
	CHECK_FAIL_LOG(EINVAL, ioctl(a, I_LIS_PIPE, loopfd), "I_LIS_PIPE with a loop stream");
	/* not a stream */
	CHECK_FAIL_LOG(EINVAL, ioctl(a, I_LIS_PIPE, reg), "I_LIS_PIPE with a regular file");
	/* bad descriptors */
	CHECK_FAIL(EBADF, ioctl(a, I_LIS_PIPE, -1));
	CHECK_FAIL(EBADF, ioctl(a, I_LIS_PIPE, bad));
	/* the pipe and the free ends are untouched by the failures */
	CHECK_RC(2, write(fds[0], "ok", 2));
	READ_EXPECT(fds[1], "ok");
	CHECK_RC_LOG(0, ioctl(a, I_LIS_PIPE, b), "connecting two free ends after the failures");
	CHECK_RC(5, write(b, "hello", 5));
	READ_EXPECT(a, "hello");
	CHECK_FAIL(EINVAL, ioctl(b, I_LIS_PIPE, a));
	close(a);
	close(b);
	close(loopfd);
	close(reg);
	unlink("/tmp/strpipe_basic.reg");
	close(fds[0]);
	close(fds[1]);
}

/*
 * An end whose peer closed has been hung up for good: it is not a free end that I_LIS_PIPE may
 * connect again (the new pair would be half dead: the old end's writes fail with EPIPE).
 */
TEST(i_lis_pipe_refuses_a_hung_up_end)
{
	int fds[2], fresh, wrote;

	S_PIPE_OK(fds);
	fresh = OPEN_OK(PIPE_DEV, O_RDWR);
	catch_signal(SIGPIPE);
	close(fds[1]);
	EXPECT_EQ(POLLHUP, wait_events(fds[0], POLLIN, 1000) & POLLHUP);
	CHECK_FAIL_LOG(EINVAL, ioctl(fresh, I_LIS_PIPE, fds[0]),
		       "connecting a free end to an end whose peer closed (hung up)");
	CHECK_FAIL_LOG(EINVAL, ioctl(fds[0], I_LIS_PIPE, fresh),
		       "connecting an end whose peer closed (hung up) to a free end");
	/* whatever happened, the hung-up end stays hung up */
	errno = 0;
	wrote = write(fds[0], "x", 1);
	EXPECT_EQ(-1, wrote) TH_LOG("write on the hung-up end: %d (%s)", wrote, lis_errname(errno));
	CHECK_RC(0, read(fds[0], &wrote, 1));
	/* and a hung-up end takes no module (streamio(7I) I_PUSH: ENXIO) */
	CHECK_FAIL(ENXIO, ioctl(fds[0], I_PUSH, PASSMOD_NAME));
	close(fresh);
	close(fds[0]);
}

TEST(i_lis_pipe_by_hand_like_s_pipe)
{
	int a = OPEN_OK(PIPE_DEV, O_RDWR), b = OPEN_OK(PIPE_DEV, O_RDWR), wropt = -1;

	CHECK_RC(1, isastream(a));
	/* a module pushed before the ends are connected stays in the way */
	CHECK_RC(0, ioctl(a, I_PUSH, PASSMOD_NAME));
	CHECK_RC_LOG(0, ioctl(b, I_LIS_PIPE, a), "connecting to an end with a module pushed");
	CHECK_RC(0, ioctl(a, I_GWROPT, &wropt));
	EXPECT_EQ(SNDZERO | SNDPIPE, wropt) TH_LOG("the end named by the argument is a pipe end too");
	CHECK_RC(1, write(a, "1", 1));
	READ_EXPECT(b, "1");
	CHECK_RC(1, write(b, "2", 1));
	READ_EXPECT(a, "2");
	close(b);
	CHECK_RC(0, read(a, &wropt, 1));
	close(a);
}

/* ---------------------------------------------------------------- memory */

TEST(memory_in_use_returns_to_start)
{
	long c0, b0, c1, b1;
	int i, fds[2], ok;

	ASSERT_EQ(0, mem_in_use(&c0, &b0)) TH_LOG("cannot read /proc/streams/memory");
	for (i = 0; i < 16; i++) {
		S_PIPE_OK(fds);
		if (i % 4 == 1)
			ASSERT_EQ(0, ioctl(fds[0], I_PUSH, PASSMOD_NAME));
		ASSERT_EQ(5, write(fds[0], "hello", 5));
		ASSERT_EQ(0, put_ctl_data(fds[1], "ctl", 3, "data", 4, 0));
		ASSERT_EQ(0, write(fds[1], "", 0));
		if (i % 2)
			fill_stream(fds[0], 0, 4096);	/* left unread at close */
		close(fds[i % 2]);
		close(fds[1 - i % 2]);
	}
	ok = mem_back_to(c0, b0, &c1, &b1);
	EXPECT_EQ(0, ok) TH_LOG("/proc/streams/memory in-use: %ld allocations (%ld bytes) before, %ld (%ld) after closing every pipe",
				c0, b0, c1, b1);
}

TEST_HARNESS_MAIN
