// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: I_STR and transparent ioctls (streamio(7I) I_STR; the M_IOCTL, M_IOCACK,
 * M_IOCNAK, M_COPYIN, M_COPYOUT, M_IOCDATA protocol): return value, data and error of the
 * answer, ic_timout (default, INFTIM, ETIME, a late answer dropped), one ioctl at a time per
 * stream, argument errors, hangup and errors of the stream, ioctls through a module, and
 * unknown commands (sent down as transparent ioctls: ENOTTY, or EINVAL for 'S' commands).
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"
#include <sys/mman.h>

LIS_TEST_MODULES("lis_echo", "lis_testmod");

static int echo_open(struct __test_metadata *_metadata)
{
	return OPEN_OK(ECHO_CLONE, O_RDWR);
}

static int echo_reply(int fd, int ack, int rval, int error, int len, char *buf, int bufsize,
		      int *outlen)
{
	struct echo_reply r = { ack, rval, error, len };

	memset(buf, 0, bufsize);
	memcpy(buf, &r, sizeof(r));
	return i_str(fd, ECHO_REPLY, buf, sizeof(r), 0, outlen);
}

TEST(ack_rval_and_data_back)
{
	int fd = echo_open(_metadata), len = -1;
	char buf[32] = "hello";

	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, buf, 5, 0, &len));
	EXPECT_EQ(5, len) TH_LOG("I_STR(ECHO_ACK, 5 bytes): ic_len on return %d, expected 5", len);
	EXPECT_STREQ("hello", buf);
	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, NULL, 0, 0, &len));
	EXPECT_EQ(0, len);
	close(fd);
}

TEST(ack_data_larger_than_sent)
{
	int fd = echo_open(_metadata), len = -1, i, bad = -1;
	char buf[256];

	CHECK_RC(7, echo_reply(fd, 1, 7, 0, 100, buf, sizeof(buf), &len));
	EXPECT_EQ(100, len) TH_LOG("I_STR answered with 100 bytes for 16 sent: ic_len %d", len);
	for (i = 0; i < 100; i++)
		if ((unsigned char)buf[i] != echo_pattern(i) && bad < 0)
			bad = i;
	EXPECT_EQ(-1, bad) TH_LOG("I_STR answer data differs at byte %d", bad);
	CHECK_RC(0, echo_reply(fd, 1, 0, 0, 0, buf, sizeof(buf), &len));
	EXPECT_EQ(0, len) TH_LOG("an answer without data: ic_len %d", len);
	close(fd);
}

TEST(ack_with_error_and_nak)
{
	int fd = echo_open(_metadata), err;
	char buf[64];

	CHECK_FAIL(EPERM, echo_reply(fd, 1, 3, EPERM, 0, buf, sizeof(buf), NULL));
	CHECK_FAIL(ENOSPC, echo_reply(fd, 0, 0, ENOSPC, 0, buf, sizeof(buf), NULL));
	err = EACCES;
	CHECK_FAIL(EACCES, i_str(fd, ECHO_NAK, &err, sizeof(err), 0, NULL));
	err = 0;
	CHECK_FAIL(EINVAL, i_str(fd, ECHO_NAK, &err, sizeof(err), 0, NULL));	/* nak, no error */
	CHECK_FAIL(EINVAL, i_str(fd, ECHO_IOC(99), NULL, 0, 0, NULL));	/* unknown to echo */
	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, NULL, 0, 0, NULL));
	close(fd);
}

TEST(timeout_etime_then_usable)
{
	int fd = echo_open(_metadata);
	long t0, dt;

	t0 = now_ms();
	CHECK_FAIL(ETIME, i_str(fd, ECHO_NOREPLY, NULL, 0, 1, NULL));
	dt = now_ms() - t0;
	EXPECT_LE(800, dt) TH_LOG("I_STR(ic_timout 1) unanswered: ETIME after %ld ms", dt);
	EXPECT_GT(4000, dt) TH_LOG("I_STR(ic_timout 1) unanswered: ETIME after %ld ms", dt);
	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, NULL, 0, 0, NULL));
	close(fd);
}

TEST(late_answer_is_dropped)
{
	int fd = echo_open(_metadata), ms = 1600, len;
	char buf[64];

	CHECK_FAIL(ETIME, i_str(fd, ECHO_DELAYACK, &ms, sizeof(ms), 1, NULL));
	sleep_ms(1200);	/* the late M_IOCACK arrives meanwhile */
	CHECK_RC_LOG(9, echo_reply(fd, 1, 9, 0, 0, buf, sizeof(buf), &len),
		     "the next I_STR must get its own answer, not the late one of the timed-out I_STR");
	close(fd);
}

TEST(close_with_answers_pending)
{
	int fd = echo_open(_metadata), ms = 3000, c0 = -1, c1 = -1;

	/* the driver still has a delayed ack and a delayed message queued when the stream closes */
	ASSERT_EQ(0, sysfs_read_int(ECHO_PARAM("closes"), &c0));
	CHECK_FAIL(ETIME, i_str(fd, ECHO_DELAYACK, &ms, sizeof(ms), 1, NULL));
	ASSERT_OK(echo_send_later(fd, 3000, M_DATA, NULL, 0));
	close(fd);
	ASSERT_EQ(0, sysfs_read_int(ECHO_PARAM("closes"), &c1));
	EXPECT_EQ(c0 + 1, c1);
	sleep_ms(2500);	/* past the timeouts: they were cancelled, nothing runs on freed queues */
	fd = echo_open(_metadata);
	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, NULL, 0, 0, NULL));
	close(fd);
}

TEST(inftim_and_default_timeout)
{
	int fd = echo_open(_metadata), ms = 300;
	long t0, dt;

	t0 = now_ms();
	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_DELAYACK, &ms, sizeof(ms), INFTIM, NULL));
	dt = now_ms() - t0;
	EXPECT_LE(250, dt) TH_LOG("I_STR(ECHO_DELAYACK 300 ms, INFTIM) returned after %ld ms", dt);
	ms = 2000;
	CHECK_RC_LOG(ECHO_ACK_RVAL, i_str(fd, ECHO_DELAYACK, &ms, sizeof(ms), 0, NULL),
		     "ic_timout 0 is the default (15 s): an answer after 2 s is taken");
	close(fd);
}

TEST(bad_arguments)
{
	int fd = echo_open(_metadata);
	char buf[8] = "";
	struct strioctl sio = { ECHO_ACK, 0, 4, buf };

	sio.ic_len = -1;
	CHECK_FAIL(EINVAL, ioctl(fd, I_STR, &sio));
	sio.ic_len = 65536 * 16;
	CHECK_FAIL(EINVAL, ioctl(fd, I_STR, &sio));
	sio.ic_len = 4;
	sio.ic_timout = -2;
	CHECK_FAIL(EINVAL, ioctl(fd, I_STR, &sio));
	sio.ic_timout = 0;
	sio.ic_dp = lis_bad_ptr;
	CHECK_FAIL(EFAULT, ioctl(fd, I_STR, &sio));
	CHECK_FAIL(EFAULT, ioctl(fd, I_STR, lis_bad_ptr));
	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, buf, 4, 0, NULL));
	close(fd);
}

TEST(answer_beyond_the_buffer_efault)
{
	int fd = echo_open(_metadata);
	long page = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct echo_reply r = { 1, 0, 0, 64 }, *rp;

	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, mprotect(map + page, page, PROT_NONE));
	/* the request fits before the guard page; the 64-byte answer does not */
	rp = (struct echo_reply *)(map + page - sizeof(r));
	*rp = r;
	CHECK_FAIL(EFAULT, i_str(fd, ECHO_REPLY, rp, sizeof(r), 0, NULL));
	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, NULL, 0, 0, NULL));
	munmap(map, 2 * page);
	close(fd);
}

struct istr_thread {
	int fd;
	int cmd;
	int arg;
	int rc;
	int err;
	long done_at;
};

static void *istr_worker(void *p)
{
	struct istr_thread *t = p;

	t->rc = i_str(t->fd, t->cmd, &t->arg, sizeof(t->arg), INFTIM, NULL);
	t->err = errno;
	t->done_at = now_ms();
	return NULL;
}

TEST(one_ioctl_at_a_time)
{
	int fd = echo_open(_metadata);
	struct istr_thread a = { fd, ECHO_DELAYACK, 800 }, b = { fd, ECHO_ACK, 0 };
	pthread_t ta, tb;
	struct echo_count c;

	ASSERT_EQ(0, pthread_create(&ta, NULL, istr_worker, &a));
	sleep_ms(200);
	ASSERT_EQ(0, pthread_create(&tb, NULL, istr_worker, &b));
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	EXPECT_EQ(ECHO_ACK_RVAL, a.rc) TH_LOG("thread A: I_STR(ECHO_DELAYACK 800 ms): %d (%s)", a.rc,
					      lis_errname(a.err));
	EXPECT_EQ(ECHO_ACK_RVAL, b.rc) TH_LOG("thread B: I_STR(ECHO_ACK) while A's was outstanding: %d (%s)",
					      b.rc, lis_errname(b.err));
	EXPECT_LE(a.done_at, b.done_at)
		TH_LOG("thread B's I_STR finished %ld ms before A's: the second I_STR must wait for the first",
		       a.done_at - b.done_at);
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(3, c.ioctls);
	close(fd);
}

TEST(hangup_and_error)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(echo_send_error(fd, EIO, -1));
	CHECK_FAIL(EIO, i_str(fd, ECHO_ACK, NULL, 0, 0, NULL));
	close(fd);
	fd = echo_open(_metadata);
	ASSERT_OK(echo_send_msg(fd, M_HANGUP, NULL, 0));
	CHECK_FAIL(ENXIO, i_str(fd, ECHO_ACK, NULL, 0, 0, NULL));
	close(fd);
}

TEST(hangup_while_waiting_enxio)
{
	int fd = echo_open(_metadata);

	/* a hangup arrives 300 ms into an I_STR nobody answers (it would time out after 5 s) */
	ASSERT_OK(echo_send_later(fd, 300, M_HANGUP, NULL, 0));
	CHECK_FAIL(ENXIO, i_str(fd, ECHO_NOREPLY, NULL, 0, 5, NULL));
	close(fd);
}

TEST(error_while_waiting)
{
	int fd = echo_open(_metadata);
	unsigned char e = EPROTO;

	ASSERT_OK(echo_send_later(fd, 300, M_ERROR, &e, 1));
	CHECK_FAIL(EPROTO, i_str(fd, ECHO_NOREPLY, NULL, 0, 5, NULL));
	close(fd);
}

TEST(through_a_module)
{
	int fd = echo_open(_metadata), len = -1, err = ENOSPC;
	struct testmod_info ti;
	char buf[16] = "abc";

	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	ASSERT_OK(ioctl(fd, I_PUSH, PASSMOD_NAME));
	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, buf, 3, 0, &len));
	EXPECT_EQ(3, len);
	CHECK_RC(0, i_str(fd, TESTMOD_GET, &ti, sizeof(ti), 0, &len));
	EXPECT_EQ((int)sizeof(ti), len);
	EXPECT_LE(1, ti.down_msgs) TH_LOG("testmod saw %d messages going down", ti.down_msgs);
	EXPECT_LE(1, ti.up_msgs) TH_LOG("testmod saw %d messages going up", ti.up_msgs);
	CHECK_FAIL(ENOSPC, i_str(fd, TESTMOD_FAIL, &err, sizeof(err), 0, NULL));
	CHECK_FAIL(EPROTO, i_str(fd, TESTMOD_FAIL, NULL, 0, 0, NULL));
	close(fd);
}

TEST(credentials_and_data_model)
{
	int fd = echo_open(_metadata);
	struct echo_count c;

	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(IOC_NATIVE, c.last_ioc_flag) TH_LOG("ioc_flag of a 64-bit caller's I_STR: %#x", c.last_ioc_flag);
	EXPECT_EQ((int)geteuid(), c.last_ioc_uid) TH_LOG("ioc_cr->cr_uid %d, caller's euid %d", c.last_ioc_uid,
							 (int)geteuid());
	close(fd);
}

/* ---------------------------------------------------------------- transparent ioctls */

TEST(transparent_copyin)
{
	int fd = echo_open(_metadata);
	struct echo_xfer x = { 3, 4, "" };
	struct echo_count c;

	CHECK_RC(7, ioctl(fd, ECHO_COPYIN, &x));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(IOC_NATIVE, c.last_ioc_flag);
	close(fd);
}

TEST(transparent_copyout)
{
	int fd = echo_open(_metadata);
	struct echo_xfer x;

	memset(&x, 0x55, sizeof(x));
	CHECK_RC(0, ioctl(fd, ECHO_COPYOUT, &x));
	EXPECT_EQ(ECHO_XFER_A, x.a);
	EXPECT_EQ(ECHO_XFER_B, x.b);
	EXPECT_STREQ("echo", x.s);
	close(fd);
}

TEST(transparent_copyin_then_copyout)
{
	int fd = echo_open(_metadata);
	struct echo_xfer x = { 5, 6, "abc" };

	CHECK_RC(0, ioctl(fd, ECHO_XFER, &x));
	EXPECT_EQ(6, x.a);
	EXPECT_EQ(12, x.b);
	EXPECT_STREQ("ABC", x.s);
	close(fd);
}

TEST(transparent_through_module)
{
	int fd = echo_open(_metadata);
	struct echo_xfer x = { 1, 1, "mod" };

	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	CHECK_RC(0, ioctl(fd, ECHO_XFER, &x));
	EXPECT_EQ(2, x.a);
	EXPECT_STREQ("MOD", x.s);
	close(fd);
}

TEST(transparent_bad_address_efault)
{
	int fd = echo_open(_metadata);
	struct echo_xfer x = { 1, 2, "" };

	CHECK_FAIL(EFAULT, ioctl(fd, ECHO_COPYIN, lis_bad_ptr));
	CHECK_FAIL(EFAULT, ioctl(fd, ECHO_COPYOUT, lis_bad_ptr));
	CHECK_FAIL(EFAULT, ioctl(fd, ECHO_XFER, lis_bad_ptr));
	CHECK_RC_LOG(3, ioctl(fd, ECHO_COPYIN, &x), "the stream after failed copies");
	close(fd);
}

TEST(transparent_nak)
{
	int fd = echo_open(_metadata);

	CHECK_FAIL(EIO, ioctl(fd, ECHO_TNAK, (long)EIO));
	CHECK_FAIL(EACCES, ioctl(fd, ECHO_TNAK, (long)EACCES));
	close(fd);
}

TEST(unknown_commands)
{
	int fd = echo_open(_metadata);
	struct echo_count c0, c1;

	ASSERT_OK(echo_count(fd, &c0));
	CHECK_FAIL(ENOTTY, ioctl(fd, ('Z' << 8) | 1, 0));
	EXPECT_EQ(0, isatty(fd));
	CHECK_FAIL(EINVAL, ioctl(fd, ('S' << 8) | 99, 0));
	ASSERT_OK(echo_count(fd, &c1));
	EXPECT_LE(c0.ioctls + 3, c1.ioctls) TH_LOG("unknown commands must be sent down to the driver");
	close(fd);
}

TEST_HARNESS_MAIN
