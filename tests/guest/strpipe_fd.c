// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: passing open files over STREAMS pipes (streamio(7I) I_SENDFD, I_RECVFD; M_PASSFP):
 * a regular file and a pipe end arrive as new descriptors of the same open file, in order with
 * the data around them, between processes, with the sender's effective ids in struct strrecvfd;
 * the errors (EBADMSG when data comes first, EINVAL off a pipe, EBADF, EAGAIN, ENXIO after a
 * hangup, EMFILE); and a file sent but never received is released when the pipe closes or is
 * flushed (its last reference goes, and /proc/streams/memory comes back to where it was).
 *
 * s_pipe() is libstreams' own (see lis_pipe_test.h).
 */
#include "lis_pipe_test.h"
#include <sys/resource.h>
#define FILE_TEXT	"0123456789"

/* A regular file in /tmp holding FILE_TEXT, open read-only. */
static int text_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		return -1;
	if (write(fd, FILE_TEXT, 10) != 10) {
		close(fd);
		return -1;
	}
	close(fd);
	return open(path, O_RDONLY);
}

/* I_RECVFD into @r; returns ioctl's value. */
static int recvfd(int fd, struct strrecvfd *r)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	return ioctl(fd, I_RECVFD, r);
}

/* Has every write end of the Linux pipe read by @rfd gone (end of file within @ms)? */
static int linux_pipe_eof(int rfd, int ms)
{
	char c;
	int ev = wait_events(rfd, POLLIN, ms);

	if (ev <= 0 || !(ev & POLLHUP))
		return 0;
	return read(rfd, &c, 1) == 0;
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

/* ---------------------------------------------------------------- passing files */

TEST(sendfd_regular_file_arrives_as_same_open_file)
{
	int fds[2], f, ev;
	struct strrecvfd r;
	char buf[16] = "";

	S_PIPE_OK(fds);
	f = text_file("/tmp/strpipe_fd.1");
	ASSERT_LE(0, f);
	CHECK_RC(3, read(f, buf, 3));	/* the file offset is 3 when it is sent */
	CHECK_RC_LOG(0, ioctl(fds[0], I_SENDFD, f), "I_SENDFD of a regular file");
	ev = wait_events(fds[1], POLLIN, 1000);
	EXPECT_TRUE(ev > 0 && (ev & POLLIN)) TH_LOG("a file on its way: the receiving end polls 0x%x", ev);
	CHECK_RC_LOG(0, recvfd(fds[1], &r), "I_RECVFD of the regular file");
	ASSERT_LE(0, r.fd);
	EXPECT_NE(f, r.fd) TH_LOG("I_RECVFD returned the sender's own descriptor number");
	EXPECT_EQ(geteuid(), r.uid);
	EXPECT_EQ(getegid(), r.gid);
	EXPECT_EQ(0, fcntl(r.fd, F_GETFD)) TH_LOG("the received descriptor has close-on-exec set");
	EXPECT_EQ(O_RDONLY, fcntl(r.fd, F_GETFL) & O_ACCMODE);
	/* the same open file: it shares the offset */
	READ_EXPECT(r.fd, "3456789");
	CHECK_RC(0, read(f, buf, sizeof(buf)));
	/* and works on after the sender closed its own */
	close(f);
	CHECK_RC(0, lseek(r.fd, 0, SEEK_SET));
	READ_EXPECT(r.fd, FILE_TEXT);
	close(r.fd);
	unlink("/tmp/strpipe_fd.1");
	close(fds[0]);
	close(fds[1]);
}

TEST(sendfd_pipe_end_arrives_working)
{
	int p[2], q[2];
	struct strrecvfd r;

	S_PIPE_OK(p);
	S_PIPE_OK(q);
	CHECK_RC_LOG(0, ioctl(p[0], I_SENDFD, q[0]), "I_SENDFD of an end of another STREAMS pipe");
	close(q[0]);	/* the message in flight holds it */
	CHECK_RC(0, recvfd(p[1], &r));
	ASSERT_LE(0, r.fd);
	CHECK_RC(1, isastream(r.fd));
	CHECK_RC(3, write(r.fd, "via", 3));
	READ_EXPECT(q[1], "via");
	CHECK_RC(4, write(q[1], "back", 4));
	READ_EXPECT(r.fd, "back");
	/* the received descriptor was the last reference: closing it hangs up q[1] */
	close(r.fd);
	EXPECT_EQ(POLLHUP, wait_events(q[1], POLLIN, 1000) & POLLHUP);
	CHECK_RC(0, read(q[1], r.fill, 1));
	close(q[1]);
	/* a pipe end can pass a file the other way as well */
	CHECK_RC(0, ioctl(p[1], I_SENDFD, p[1]));
	CHECK_RC(0, recvfd(p[0], &r));
	ASSERT_LE(0, r.fd);
	CHECK_RC(2, write(p[0], "hi", 2));
	READ_EXPECT(r.fd, "hi");	/* r.fd is p[1] itself */
	close(r.fd);
	close(p[0]);
	close(p[1]);
}

TEST(sendfd_between_processes_carries_sender_ids)
{
	int fds[2], status = 0, root = geteuid() == 0;
	uid_t uid = root ? 1234 : geteuid();
	gid_t gid = root ? 4321 : getegid();
	struct strrecvfd r;
	pid_t pid;

	S_PIPE_OK(fds);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int f = text_file("/tmp/strpipe_fd.2");

		close(fds[1]);
		if (f < 0)
			_exit(2);
		if (root && (setegid(gid) || seteuid(uid)))
			_exit(3);
		_exit(ioctl(fds[0], I_SENDFD, f) ? 4 : 0);
	}
	close(fds[0]);
	CHECK_RC_LOG(0, recvfd(fds[1], &r), "I_RECVFD of a file another process sent");
	ASSERT_LE(0, r.fd);
	EXPECT_EQ(uid, r.uid) TH_LOG("strrecvfd.uid: expected the sender's effective uid %d, got %d",
				     (int)uid, (int)r.uid);
	EXPECT_EQ(gid, r.gid) TH_LOG("strrecvfd.gid: expected the sender's effective gid %d, got %d",
				     (int)gid, (int)r.gid);
	READ_EXPECT(r.fd, FILE_TEXT);
	close(r.fd);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) TH_LOG("sender status 0x%x", status);
	/* the sender exited: hangup after the file */
	CHECK_RC(0, read(fds[1], r.fill, 1));
	unlink("/tmp/strpipe_fd.2");
	close(fds[1]);
}

TEST(files_and_data_keep_their_order)
{
	int fds[2], a, b, clen, dlen, flags = 0;
	struct strbuf c, d;
	struct strrecvfd r;
	char ctl[16], data[16];

	S_PIPE_OK(fds);
	a = text_file("/tmp/strpipe_fd.3");
	b = OPEN_OK("/dev/null", O_WRONLY);
	ASSERT_LE(0, a);
	CHECK_RC(0, ioctl(fds[0], I_SENDFD, a));
	CHECK_RC(1, write(fds[0], "x", 1));
	CHECK_RC(0, ioctl(fds[0], I_SENDFD, b));
	EXPECT_EQ(3, wait_nread(fds[1], 3, 1000));
	/* file a first: read(2) and getmsg refuse it, I_RECVFD takes it */
	CHECK_FAIL_LOG(EBADMSG, read(fds[1], data, sizeof(data)), "read(2) with a file first in the queue");
	c = (struct strbuf){ .maxlen = sizeof(ctl), .buf = ctl };
	d = (struct strbuf){ .maxlen = sizeof(data), .buf = data };
	CHECK_FAIL_LOG(EBADMSG, getmsg(fds[1], &c, &d, &flags), "getmsg with a file first in the queue");
	CHECK_RC(0, recvfd(fds[1], &r));
	EXPECT_EQ(O_RDONLY, fcntl(r.fd, F_GETFL) & O_ACCMODE) TH_LOG("the first file received is not the first sent");
	close(r.fd);
	/* then the data: I_RECVFD refuses it and leaves it there */
	CHECK_FAIL_LOG(EBADMSG, recvfd(fds[1], &r), "I_RECVFD with data first in the queue");
	READ_EXPECT(fds[1], "x");
	/* then file b */
	CHECK_RC(0, recvfd(fds[1], &r));
	EXPECT_EQ(O_WRONLY, fcntl(r.fd, F_GETFL) & O_ACCMODE);
	close(r.fd);
	/* a control message first: EBADMSG too */
	ASSERT_OK(put_ctl_data(fds[0], "C", 1, "D", 1, 0));
	CHECK_FAIL(EBADMSG, recvfd(fds[1], &r));
	flags = 0;
	c.maxlen = d.maxlen = sizeof(data);
	CHECK_RC(0, getmsg(fds[1], &c, &d, &flags));
	clen = c.len;
	dlen = d.len;
	EXPECT_EQ(1, clen);
	EXPECT_EQ(1, dlen);
	close(a);
	close(b);
	unlink("/tmp/strpipe_fd.3");
	close(fds[0]);
	close(fds[1]);
}

struct recv_waiter {
	int fd;
	int ret;
	int err;
	struct strrecvfd r;
	long done_at;
};

static void *recv_thread(void *arg)
{
	struct recv_waiter *w = arg;

	w->ret = recvfd(w->fd, &w->r);
	w->err = errno;
	w->done_at = now_ms();
	return NULL;
}

TEST(recvfd_blocks_until_a_file_comes)
{
	struct recv_waiter w = { .done_at = 0 };
	int fds[2], f = OPEN_OK("/dev/null", O_RDONLY);
	pthread_t t;

	S_PIPE_OK(fds);
	w.fd = fds[1];
	ASSERT_EQ(0, pthread_create(&t, NULL, recv_thread, &w));
	sleep_ms(300);
	EXPECT_EQ(0, w.done_at) TH_LOG("I_RECVFD on an empty pipe returned %d (%s) instead of waiting",
				       w.ret, lis_errname(w.err));
	CHECK_RC(0, ioctl(fds[0], I_SENDFD, f));
	pthread_join(t, NULL);
	EXPECT_EQ(0, w.ret) TH_LOG("blocked I_RECVFD after the send: %d (%s)", w.ret, lis_errname(w.err));
	EXPECT_LE(0, w.r.fd);
	if (w.r.fd >= 0)
		close(w.r.fd);
	close(f);
	close(fds[0]);
	close(fds[1]);
}

TEST(recvfd_blocked_ends_at_hangup)
{
	struct recv_waiter w = { .done_at = 0 };
	int fds[2];
	pthread_t t;

	S_PIPE_OK(fds);
	w.fd = fds[1];
	ASSERT_EQ(0, pthread_create(&t, NULL, recv_thread, &w));
	sleep_ms(300);
	close(fds[0]);
	pthread_join(t, NULL);
	EXPECT_EQ(-1, w.ret) TH_LOG("blocked I_RECVFD when the other end closed: expected -1 ENXIO, got %d", w.ret);
	if (w.ret == -1)
		EXPECT_EQ(ENXIO, w.err) TH_LOG("blocked I_RECVFD at hangup: %s", lis_errname(w.err));
	close(fds[1]);
}

TEST(recvfd_nonblock_nothing_queued_eagain)
{
	struct strrecvfd r;
	int fds[2];

	S_PIPE_OK(fds);
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	CHECK_FAIL_LOG(EAGAIN, recvfd(fds[1], &r), "non-blocking I_RECVFD on an empty pipe end");
	close(fds[0]);
	close(fds[1]);
}

TEST(recvfd_after_hangup_gets_queued_file_then_enxio)
{
	struct strrecvfd r;
	int fds[2], f = OPEN_OK("/dev/null", O_RDONLY);

	S_PIPE_OK(fds);
	CHECK_RC(0, ioctl(fds[0], I_SENDFD, f));
	close(f);
	close(fds[0]);
	CHECK_RC_LOG(0, recvfd(fds[1], &r), "a file sent before the hangup is still received");
	if (r.fd >= 0)
		close(r.fd);
	CHECK_FAIL_LOG(ENXIO, recvfd(fds[1], &r), "I_RECVFD on a hung-up pipe end with nothing queued");
	close(fds[1]);
}

TEST(sendfd_errors)
{
	int fds[2], free_end, loopfd, f, bad;

	S_PIPE_OK(fds);
	free_end = OPEN_OK(PIPE_DEV, O_RDWR);
	loopfd = OPEN_OK(LOOP_CLONE, O_RDWR);
	f = OPEN_OK("/dev/null", O_RDONLY);
	bad = dup(f);
	close(bad);	/* a descriptor number that is not open */

	CHECK_FAIL_LOG(EINVAL, ioctl(loopfd, I_SENDFD, f), "I_SENDFD on a stream that is not a pipe");
	CHECK_FAIL_LOG(EINVAL, ioctl(free_end, I_SENDFD, f), "I_SENDFD on an unconnected pipe end");
	CHECK_FAIL_LOG(EBADF, ioctl(fds[0], I_SENDFD, -1), "I_SENDFD of descriptor -1");
	CHECK_FAIL_LOG(EBADF, ioctl(fds[0], I_SENDFD, bad), "I_SENDFD of a closed descriptor");
	/* nothing was sent by the failures */
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	CHECK_RC(0, ioctl(fds[1], I_NREAD, &bad));
	/* the other end closed */
	close(fds[1]);
	CHECK_FAIL_LOG(ENXIO, ioctl(fds[0], I_SENDFD, f), "I_SENDFD on a pipe end whose peer closed");
	close(f);
	close(loopfd);
	close(free_end);
	close(fds[0]);
}

TEST(sendfd_flow_controlled_eagain)
{
	struct strrecvfd r;
	int fds[2], f = OPEN_OK("/dev/null", O_RDONLY);

	S_PIPE_OK(fds);
	ASSERT_LT(0, fill_stream(fds[0], 0, 4096));
	CHECK_FAIL_LOG(EAGAIN, ioctl(fds[0], I_SENDFD, f), "I_SENDFD with the other end full");
	EXPECT_LT(0, drain_stream(fds[1]));
	CHECK_RC_LOG(0, ioctl(fds[0], I_SENDFD, f), "I_SENDFD after the other end drained");
	CHECK_RC(0, recvfd(fds[1], &r));
	if (r.fd >= 0)
		close(r.fd);
	close(f);
	close(fds[0]);
	close(fds[1]);
}

TEST(recvfd_emfile_keeps_the_file)
{
	struct rlimit rl, low;
	struct strrecvfd r;
	int fds[2], f, i, n = 0, spare[64];

	S_PIPE_OK(fds);
	f = text_file("/tmp/strpipe_fd.4");
	ASSERT_LE(0, f);
	CHECK_RC(0, ioctl(fds[0], I_SENDFD, f));
	close(f);
	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &rl));
	low = rl;
	low.rlim_cur = 48;
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &low));
	while (n < 64 && (spare[n] = open("/dev/null", O_RDONLY)) >= 0)
		n++;
	ASSERT_EQ(EMFILE, errno) TH_LOG("could not use up the descriptors");
	CHECK_FAIL_LOG(EMFILE, recvfd(fds[1], &r), "I_RECVFD with no descriptor free");
	close(spare[--n]);
	CHECK_RC_LOG(0, recvfd(fds[1], &r), "I_RECVFD once a descriptor is free: the file was kept");
	if (r.fd >= 0) {
		READ_EXPECT(r.fd, FILE_TEXT);
		close(r.fd);
	}
	for (i = 0; i < n; i++)
		close(spare[i]);
	setrlimit(RLIMIT_NOFILE, &rl);
	unlink("/tmp/strpipe_fd.4");
	close(fds[0]);
	close(fds[1]);
}

/* ---------------------------------------------------------------- files never received */

/*
 * Send the write end of a Linux pipe and close ours: the message in flight then holds its last
 * reference, so the Linux pipe's reader sees end of file exactly when that message is freed.
 */
static int send_linux_pipe_end(int sfd, int lp[2])
{
	if (pipe(lp))
		return -1;
	if (ioctl(sfd, I_SENDFD, lp[1])) {
		close(lp[0]);
		close(lp[1]);
		return -1;
	}
	close(lp[1]);
	return 0;
}

TEST(unreceived_file_released_when_pipe_closes)
{
	int fds[2], lp[2], order;

	for (order = 0; order < 2; order++) {
		S_PIPE_OK(fds);
		ASSERT_EQ(0, send_linux_pipe_end(fds[0], lp)) TH_LOG("I_SENDFD: %s", lis_errname(errno));
		EXPECT_EQ(0, linux_pipe_eof(lp[0], 100))
			TH_LOG("the file in flight was released before anything closed");
		/* order 0: sender closes first; order 1: receiver first */
		close(fds[order]);
		close(fds[1 - order]);
		EXPECT_EQ(1, linux_pipe_eof(lp[0], 2000))
			TH_LOG("a file sent and never received was not released when the pipe closed (%s end first)",
			       order ? "receiving" : "sending");
		close(lp[0]);
	}
}

TEST(unreceived_file_released_by_flush)
{
	int fds[2], lp[2];

	S_PIPE_OK(fds);
	ASSERT_EQ(0, send_linux_pipe_end(fds[0], lp));
	EXPECT_EQ(1, wait_nread(fds[1], 1, 1000));
	CHECK_RC(0, ioctl(fds[1], I_FLUSH, FLUSHR));
	EXPECT_EQ(1, linux_pipe_eof(lp[0], 2000))
		TH_LOG("I_FLUSH FLUSHR on the receiving end did not release the file in flight");
	close(lp[0]);
	close(fds[0]);
	close(fds[1]);
}

TEST(unreceived_file_released_through_modules)
{
	int fds[2], lp[2];

	S_PIPE_OK(fds);
	ASSERT_EQ(0, ioctl(fds[0], I_PUSH, PASSMOD_NAME));
	ASSERT_EQ(0, ioctl(fds[1], I_PUSH, PASSMOD_NAME));
	ASSERT_EQ(0, send_linux_pipe_end(fds[0], lp)) TH_LOG("I_SENDFD through passmod: %s", lis_errname(errno));
	close(fds[1]);
	close(fds[0]);
	EXPECT_EQ(1, linux_pipe_eof(lp[0], 2000))
		TH_LOG("a file sent through pushed modules was not released when the pipe closed");
	close(lp[0]);
}

/* Write @bytes in 4 KiB messages without blocking; returns what was taken. */
static long write_nonblock(int fd, long bytes)
{
	static char buf[4096];
	int fl = fcntl(fd, F_GETFL);
	long done = 0;

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while (done < bytes && write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf))
		done += sizeof(buf);
	fcntl(fd, F_SETFL, fl);
	return done;
}

/*
 * A file sent while the receiving head is full waits on the sending end's queue, behind data:
 * it is released when that end goes, whichever end closes first (the sender after its close
 * time, I_SETCLTIME, since nobody reads).
 */
TEST(unreceived_file_released_from_the_senders_queue)
{
	int fds[2], lp[2], order, cltime = 200;
	long n;

	for (order = 0; order < 2; order++) {
		S_PIPE_OK(fds);
		/* the receiving head takes 128 KiB, then the sending end queues */
		n = write_nonblock(fds[0], 160 * 1024);
		ASSERT_EQ(160 * 1024, n) TH_LOG("only %ld bytes went in before flow control", n);
		ASSERT_EQ(0, send_linux_pipe_end(fds[0], lp))
			TH_LOG("I_SENDFD behind 160 KiB of data: %s", lis_errname(errno));
		EXPECT_EQ(0, linux_pipe_eof(lp[0], 100));
		if (order == 0) {
			close(fds[1]);
			close(fds[0]);
		} else {
			CHECK_RC(0, ioctl(fds[0], I_SETCLTIME, &cltime));
			close(fds[0]);
			EXPECT_EQ(POLLHUP, wait_events(fds[1], POLLIN, 1000) & POLLHUP);
			close(fds[1]);
		}
		EXPECT_EQ(1, linux_pipe_eof(lp[0], 3000))
			TH_LOG("a file queued on the sending end was not released when the pipe closed (%s end first)",
			       order ? "sending" : "receiving");
		close(lp[0]);
	}
}

TEST(memory_in_use_returns_to_start)
{
	long c0, b0, c1, b1;
	int i, fds[2], lp[2], f;
	struct strrecvfd r;

	ASSERT_EQ(0, mem_in_use(&c0, &b0)) TH_LOG("cannot read /proc/streams/memory");
	f = OPEN_OK("/dev/null", O_RDONLY);
	for (i = 0; i < 12; i++) {
		S_PIPE_OK(fds);
		ASSERT_EQ(0, send_linux_pipe_end(fds[i % 2], lp));
		ASSERT_EQ(0, ioctl(fds[0], I_SENDFD, f));
		/* an end in flight to the other end (never its own read queue: that is a cycle) */
		ASSERT_EQ(0, ioctl(fds[1], I_SENDFD, fds[1]));
		if (i % 3 == 0) {
			ASSERT_EQ(0, recvfd(fds[1 - i % 2], &r));
			close(r.fd);
		}
		close(fds[i % 2]);
		close(fds[1 - i % 2]);
		EXPECT_EQ(1, linux_pipe_eof(lp[0], 2000)) TH_LOG("round %d: file in flight not released", i);
		close(lp[0]);
	}
	close(f);
	EXPECT_EQ(0, mem_back_to(c0, b0, &c1, &b1))
		TH_LOG("/proc/streams/memory in-use: %ld allocations (%ld bytes) before, %ld (%ld) after closing every pipe",
		       c0, b0, c1, b1);
}

TEST_HARNESS_MAIN
