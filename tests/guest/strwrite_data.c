// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: write(2) on a stream (write(2), streamio(7I) I_SWROPT/I_GWROPT): splitting by
 * the topmost write queue's q_maxpsz, ERANGE outside q_minpsz..q_maxpsz, the write offset
 * (SO_WROFF), zero-length writes (SNDZERO), SNDPIPE and hangup, flow control (loop.1 with
 * nobody reading loop.2): blocking, O_NONBLOCK EAGAIN, partial counts.
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"

LIS_TEST_MODULES("lis_echo", "lis_testmod");

TEST(write_is_one_message_echoed)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	struct echo_count c;
	char buf[16] = "";

	CHECK_RC(5, write(fd, "hello", 5));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(1, c.data_msgs) TH_LOG("write(5): driver got %d M_DATA messages", c.data_msgs);
	EXPECT_EQ(5, c.last_len);
	EXPECT_EQ(M_DATA, c.last_type);
	CHECK_RC(5, read(fd, buf, sizeof(buf)));
	close(fd);
}

TEST(write_split_by_top_maxpsz)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	char out[40], in[64];
	struct echo_count c;
	int i;

	for (i = 0; i < 40; i++)
		out[i] = 'a' + i % 26;
	ASSERT_OK(ioctl(fd, I_PUSH, SPLITMOD_NAME));
	CHECK_RC(40, write(fd, out, 40));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(3, c.data_msgs)
		TH_LOG("write(40) under splitmod (q_maxpsz 16): expected 3 messages (16+16+8), the driver got %d",
		       c.data_msgs);
	EXPECT_EQ(40, c.data_bytes);
	EXPECT_EQ(8, c.last_len) TH_LOG("the last piece: expected 8 bytes, got %d", c.last_len);
	CHECK_RC(40, read(fd, in, sizeof(in)));
	EXPECT_EQ(0, memcmp(in, out, 40));
	close(fd);
}

TEST(write_erange_outside_minpsz_maxpsz)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	struct echo_count c;
	char buf[32] = "0123456789abcdefghij";

	ASSERT_OK(ioctl(fd, I_PUSH, SIZEMOD_NAME));
	CHECK_FAIL(ERANGE, write(fd, buf, 2));
	CHECK_FAIL(ERANGE, write(fd, buf, 20));
	CHECK_RC(4, write(fd, buf, 4));
	CHECK_RC(10, write(fd, buf, 10));
	CHECK_RC(16, write(fd, buf, 16));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(3, c.data_msgs) TH_LOG("sizemod (4..16): writes of 4, 10, 16: the driver got %d messages",
					 c.data_msgs);
	close(fd);
}

TEST(write_offset_so_wroff)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	struct echo_setopts o = { .flags = SO_WROFF, .wroff = 64 };
	struct echo_count c;

	ASSERT_OK(echo_setopts(fd, &o));
	CHECK_RC(3, write(fd, "abc", 3));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_LE(64, c.last_wroff)
		TH_LOG("M_SETOPTS SO_WROFF 64, then write: the driver's first block has %d bytes before b_rptr",
		       c.last_wroff);
	ASSERT_OK(put_ctl_data(fd, "ctl", 3, "data", 4, 0));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_LE(64, c.last_wroff)
		TH_LOG("SO_WROFF 64, then putmsg: the control block has %d bytes before b_rptr", c.last_wroff);
	close(fd);
}

TEST(zero_length_write_default_sends_nothing)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR), opt = -1;
	struct echo_count c;

	CHECK_RC(0, ioctl(fd, I_GWROPT, &opt));
	EXPECT_EQ(0, opt & SNDZERO) TH_LOG("I_GWROPT on a new stream: %#x, expected SNDZERO off", opt);
	CHECK_RC(0, write(fd, "", 0));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(0, c.data_msgs) TH_LOG("write(0) without SNDZERO: the driver got %d messages", c.data_msgs);
	close(fd);
}

TEST(zero_length_write_sndzero_sends_message)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR), opt = -1;
	struct echo_count c;
	char buf[8];

	CHECK_RC(0, ioctl(fd, I_SWROPT, SNDZERO));
	CHECK_RC(0, ioctl(fd, I_GWROPT, &opt));
	EXPECT_EQ(SNDZERO, opt);
	CHECK_RC(0, write(fd, "", 0));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(1, c.data_msgs) TH_LOG("write(0) with SNDZERO: the driver got %d messages", c.data_msgs);
	EXPECT_EQ(1, c.zero_msgs);
	CHECK_RC(0, read(fd, buf, sizeof(buf)));
	CHECK_RC(0, ioctl(fd, I_SWROPT, 0));
	CHECK_RC(0, ioctl(fd, I_GWROPT, &opt));
	EXPECT_EQ(0, opt);
	close(fd);
}

TEST(swropt_bad_value_einval_gwropt_efault)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);

	CHECK_FAIL(EINVAL, ioctl(fd, I_SWROPT, 0x100));
	CHECK_FAIL(EINVAL, ioctl(fd, I_SWROPT, -1));
	CHECK_FAIL(EFAULT, ioctl(fd, I_GWROPT, lis_bad_ptr));
	close(fd);
}

TEST(write_after_hangup_enxio)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);

	ASSERT_OK(echo_send_msg(fd, M_HANGUP, NULL, 0));
	CHECK_FAIL(ENXIO, write(fd, "x", 1));
	close(fd);
}

TEST(write_after_hangup_sndpipe_epipe_sigpipe)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);

	catch_signal(SIGPIPE);
	CHECK_RC(0, ioctl(fd, I_SWROPT, SNDPIPE));
	ASSERT_OK(echo_send_msg(fd, M_HANGUP, NULL, 0));
	CHECK_FAIL(EPIPE, write(fd, "x", 1));
	EXPECT_EQ(1, wait_signal(SIGPIPE, 1000))
		TH_LOG("write after hangup with SNDPIPE: SIGPIPE delivered %d times, expected 1", lis_sigs[SIGPIPE]);
	close(fd);
}

TEST(write_after_unhangup_works)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);

	ASSERT_OK(echo_send_later(fd, 400, M_UNHANGUP, NULL, 0));
	ASSERT_OK(echo_send_msg(fd, M_HANGUP, NULL, 0));
	CHECK_FAIL(ENXIO, write(fd, "x", 1));
	sleep_ms(800);
	CHECK_RC_LOG(1, write(fd, "x", 1), "write after M_UNHANGUP");
	close(fd);
}

TEST(write_error_from_m_error)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);

	ASSERT_OK(echo_send_error(fd, EIO, -1));
	CHECK_FAIL(EIO, write(fd, "x", 1));
	CHECK_FAIL(EIO, write(fd, "x", 1));	/* persistent */
	close(fd);
}

TEST(flow_control_nonblock_eagain)
{
	int peer = OPEN_OK(loop_path(2), O_RDWR), fd = OPEN_OK(loop_path(1), O_RDWR | O_NONBLOCK);
	long n = fill_stream(fd, 0, 4096);

	ASSERT_LT(0, n) TH_LOG("writing 4096-byte messages on loop.1 with nobody reading loop.2: expected EAGAIN after a while, got %s",
			       lis_errname(errno));
	CHECK_FAIL(EAGAIN, write(fd, "x", 1));
	CHECK_RC(0, ioctl(fd, I_CANPUT, 0));
	EXPECT_LT(0, drain_stream(peer));
	CHECK_RC_LOG(1, write(fd, "x", 1), "write on loop.1 after loop.2 was read");
	close(fd);
	close(peer);
}

TEST(flow_control_nonblock_partial_count)
{
	int peer = OPEN_OK(loop_path(4), O_RDWR), fd = OPEN_OK(loop_path(3), O_RDWR | O_NONBLOCK);
	size_t size = 2 * 1024 * 1024;
	char *big = calloc(1, size);
	ssize_t n;

	ASSERT_NE(NULL, big);
	n = write(fd, big, size);
	EXPECT_LT(0, n) TH_LOG("non-blocking write(2 MiB) on loop.3, nobody reading: expected a partial count, got %zd (%s)",
			       n, lis_errname(errno));
	EXPECT_GT((ssize_t)size, n) TH_LOG("non-blocking write(2 MiB) on loop.3: everything was accepted (%zd)", n);
	CHECK_FAIL(EAGAIN, write(fd, big, size));
	free(big);
	close(fd);
	close(peer);
}

struct blocked_write {
	int fd;
	size_t len;
	ssize_t ret;
	int err;
	long done_at;
};

static void *blocking_writer(void *arg)
{
	struct blocked_write *bw = arg;
	char *buf = calloc(1, bw->len);

	bw->ret = write(bw->fd, buf, bw->len);
	bw->err = errno;
	bw->done_at = now_ms();
	free(buf);
	return NULL;
}

TEST(flow_control_blocks_until_drained)
{
	int peer = OPEN_OK(loop_path(2), O_RDWR), fd = OPEN_OK(loop_path(1), O_RDWR);
	struct blocked_write bw = { .fd = fd, .len = 4096, .done_at = 0 };
	pthread_t t;
	long t0;

	ASSERT_LT(0, fill_stream(fd, 0, 4096));
	ASSERT_EQ(0, pthread_create(&t, NULL, blocking_writer, &bw));
	sleep_ms(500);
	EXPECT_EQ(0, bw.done_at) TH_LOG("write on flow-controlled loop.1 returned %zd (%s) instead of blocking",
					bw.ret, lis_errname(bw.err));
	t0 = now_ms();
	EXPECT_LT(0, drain_stream(peer));
	pthread_join(t, NULL);
	EXPECT_EQ(4096, bw.ret) TH_LOG("blocked write after the peer drained: %zd (%s)", bw.ret,
				       lis_errname(bw.err));
	EXPECT_GT(t0 + 5000, bw.done_at);
	close(fd);
	close(peer);
}

TEST(write_efault)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	struct echo_count c;

	CHECK_FAIL(EFAULT, write(fd, lis_bad_ptr, 10));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(0, c.data_msgs) TH_LOG("write from a bad buffer: the driver got %d messages", c.data_msgs);
	close(fd);
}

TEST_HARNESS_MAIN
