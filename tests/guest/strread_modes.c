// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: read(2) on a stream (read(2), streamio(7I) I_SRDOPT/I_GRDOPT): the read modes
 * RNORM, RMSGN, RMSGD, the protocol options RPROTNORM, RPROTDAT, RPROTDIS, zero-length
 * messages, blocking and O_NONBLOCK, hangup. Data comes back from the echo driver.
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"

LIS_TEST_MODULES("lis_echo");

/* An echo stream with @n messages written (and echoed back), each a string of @msgs. */
static int echo_with(struct __test_metadata *_metadata, const char *const *msgs, int n)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR), i;

	for (i = 0; i < n; i++)
		ASSERT_EQ((ssize_t)strlen(msgs[i]), write_str(fd, msgs[i]))
			TH_LOG("write(echo, \"%s\"): errno %s", msgs[i], lis_errname(errno));
	ASSERT_EQ(n, wait_nread(fd, n, 2000))
		TH_LOG("I_NREAD after %d writes to echo: expected %d messages queued", n, n);
	return fd;
}

static int set_rdopt(int fd, int opt)
{
	return ioctl(fd, I_SRDOPT, opt);
}

TEST(rnorm_reads_across_messages)
{
	const char *m[] = { "abc", "def" };
	int fd = echo_with(_metadata, m, 2);
	char buf[100] = "";

	CHECK_RC(6, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("abcdef", buf) TH_LOG("RNORM read(100) of \"abc\",\"def\": got \"%s\"", buf);
	close(fd);
}

TEST(rnorm_partial_read_keeps_rest)
{
	const char *m[] = { "abcdef", "xyz" };
	int fd = echo_with(_metadata, m, 2);
	char buf[100] = "";

	CHECK_RC(2, read(fd, buf, 2));
	EXPECT_EQ(0, memcmp(buf, "ab", 2));
	memset(buf, 0, sizeof(buf));
	CHECK_RC(7, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("cdefxyz", buf) TH_LOG("RNORM: the rest after read(2): got \"%s\"", buf);
	close(fd);
}

TEST(rmsgn_one_message_rest_kept)
{
	const char *m[] = { "abcdef", "xyz" };
	int fd = echo_with(_metadata, m, 2);
	char buf[100] = "";

	ASSERT_OK(set_rdopt(fd, RMSGN));
	CHECK_RC(2, read(fd, buf, 2));
	memset(buf, 0, sizeof(buf));
	CHECK_RC(4, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("cdef", buf) TH_LOG("RMSGN: read after a partial read: got \"%s\", expected the rest of the first message",
					 buf);
	memset(buf, 0, sizeof(buf));
	CHECK_RC(3, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("xyz", buf);
	close(fd);
}

TEST(rmsgd_discards_rest)
{
	const char *m[] = { "abcdef", "xyz" };
	int fd = echo_with(_metadata, m, 2);
	char buf[100] = "";

	ASSERT_OK(set_rdopt(fd, RMSGD));
	CHECK_RC(2, read(fd, buf, 2));
	memset(buf, 0, sizeof(buf));
	CHECK_RC(3, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("xyz", buf) TH_LOG("RMSGD: read after a partial read: got \"%s\", expected the next message",
					buf);
	close(fd);
}

TEST(rmsgn_rmsgd_stop_at_message_boundary)
{
	const char *m[] = { "abc", "def" };
	int fd = echo_with(_metadata, m, 2);
	char buf[100] = "";

	ASSERT_OK(set_rdopt(fd, RMSGD));
	CHECK_RC(3, read(fd, buf, sizeof(buf)));
	ASSERT_OK(set_rdopt(fd, RMSGN));
	CHECK_RC(3, read(fd, buf, sizeof(buf)));
	close(fd);
}

/* An echo stream with a message of control "CTL" and data "dat" queued. */
static int echo_proto(struct __test_metadata *_metadata)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);

	ASSERT_OK(put_ctl_data(fd, "CTL", 3, "dat", 3, 0));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	return fd;
}

TEST(rprotnorm_default_ebadmsg)
{
	int fd = echo_proto(_metadata), bytes = -1, flags = 0;
	char buf[100], cbuf[16];
	struct strbuf c = { sizeof(cbuf), 0, cbuf }, d = { sizeof(buf), 0, buf };

	CHECK_FAIL(EBADMSG, read(fd, buf, sizeof(buf)));
	CHECK_RC(1, ioctl(fd, I_NREAD, &bytes));	/* the message stays */
	ASSERT_OK(set_rdopt(fd, RNORM | RPROTNORM));
	CHECK_FAIL(EBADMSG, read(fd, buf, sizeof(buf)));
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(3, c.len);
	EXPECT_EQ(3, d.len);
	close(fd);
}

TEST(rprotdat_control_read_as_data)
{
	int fd = echo_proto(_metadata);
	char buf[100] = "";

	ASSERT_OK(set_rdopt(fd, RNORM | RPROTDAT));
	CHECK_RC(6, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("CTLdat", buf) TH_LOG("RPROTDAT read of control \"CTL\" + data \"dat\": got \"%s\"", buf);
	close(fd);
}

TEST(rprotdis_control_discarded)
{
	int fd = echo_proto(_metadata);
	char buf[100] = "";

	ASSERT_OK(set_rdopt(fd, RNORM | RPROTDIS));
	CHECK_RC(3, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("dat", buf) TH_LOG("RPROTDIS read of control \"CTL\" + data \"dat\": got \"%s\"", buf);
	/* a control-only message is discarded whole; the read goes on to the next message */
	ASSERT_OK(put_ctl_data(fd, "CTL", 3, NULL, 0, 0));
	ASSERT_EQ(3, write_str(fd, "xyz"));
	ASSERT_EQ(2, wait_nread(fd, 2, 2000));
	memset(buf, 0, sizeof(buf));
	CHECK_RC(3, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("xyz", buf) TH_LOG("RPROTDIS read of a control-only message then \"xyz\": got \"%s\"", buf);
	close(fd);
}

TEST(rprotdat_with_rmsgd)
{
	int fd = echo_proto(_metadata), bytes;
	char buf[100] = "";

	ASSERT_OK(set_rdopt(fd, RMSGD | RPROTDAT));
	CHECK_RC(4, read(fd, buf, 4));
	EXPECT_EQ(0, memcmp(buf, "CTLd", 4));
	CHECK_RC_LOG(0, ioctl(fd, I_NREAD, &bytes), "RMSGD|RPROTDAT: the rest must be discarded");
	close(fd);
}

/* An echo stream with SNDZERO on. */
static int echo_sndzero(struct __test_metadata *_metadata)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);

	ASSERT_OK(ioctl(fd, I_SWROPT, SNDZERO));
	return fd;
}

TEST(zero_length_message_first_reads_0_and_is_removed)
{
	int fd = echo_sndzero(_metadata), bytes = -1, mode;
	int modes[] = { RNORM, RMSGN, RMSGD };
	char buf[16];

	for (mode = 0; mode < 3; mode++) {
		ASSERT_OK(set_rdopt(fd, modes[mode]));
		ASSERT_EQ(0, write(fd, "", 0));
		ASSERT_EQ(1, wait_nread(fd, 1, 2000)) TH_LOG("zero-length write with SNDZERO: nothing came back");
		CHECK_RC(0, read(fd, buf, sizeof(buf)));
		CHECK_RC_LOG(0, ioctl(fd, I_NREAD, &bytes), "read mode %d: the zero-length message must be removed by the read that returned 0",
			       modes[mode]);
	}
	close(fd);
}

TEST(rnorm_zero_length_after_data_is_left_for_next_read)
{
	int fd = echo_sndzero(_metadata), bytes = -1;
	char buf[16] = "";

	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(0, write(fd, "", 0));
	ASSERT_EQ(3, write_str(fd, "def"));
	ASSERT_EQ(3, wait_nread(fd, 3, 2000));
	CHECK_RC(3, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("abc", buf) TH_LOG("RNORM read stops at a zero-length message");
	CHECK_RC(2, ioctl(fd, I_NREAD, &bytes));
	CHECK_RC(0, read(fd, buf, sizeof(buf)));
	memset(buf, 0, sizeof(buf));
	CHECK_RC(3, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("def", buf);
	close(fd);
}

TEST(nonblock_empty_eagain)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR | O_NONBLOCK), fl;
	char buf[16];

	CHECK_FAIL(EAGAIN, read(fd, buf, sizeof(buf)));
	close(fd);
	fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	fl = fcntl(fd, F_GETFL);
	ASSERT_OK(fcntl(fd, F_SETFL, fl | O_NONBLOCK));
	CHECK_FAIL(EAGAIN, read(fd, buf, sizeof(buf)));
	ASSERT_OK(fcntl(fd, F_SETFL, fl));
	close(fd);
}

struct delayed_write {
	int fd;
	long ms;
	const char *s;
};

static void *write_later(void *arg)
{
	struct delayed_write *dw = arg;

	sleep_ms(dw->ms);
	if (write(dw->fd, dw->s, strlen(dw->s)) < 0)
		perror("write_later");
	return NULL;
}

TEST(blocking_read_waits_for_data)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	struct delayed_write dw = { fd, 300, "late" };
	char buf[16] = "";
	pthread_t t;
	long t0, dt;

	t0 = now_ms();
	ASSERT_EQ(0, pthread_create(&t, NULL, write_later, &dw));
	CHECK_RC(4, read(fd, buf, sizeof(buf)));
	dt = now_ms() - t0;
	pthread_join(t, NULL);
	EXPECT_STREQ("late", buf);
	EXPECT_LE(250, dt) TH_LOG("blocking read on an empty stream returned after %ld ms, before the data came", dt);
	close(fd);
}

TEST(read_band_data_any_band)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	char buf[16] = "";

	ASSERT_OK(put_band_data(fd, 3, "band3", 5));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	CHECK_RC(5, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("band3", buf) TH_LOG("read(2) of band 3 data: got \"%s\"", buf);
	close(fd);
}

TEST(read_priority_order)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	char buf[32] = "";

	/* band 0 first, then band 2: band 2 is read first (it is queued ahead) */
	ASSERT_EQ(4, write_str(fd, "norm"));
	ASSERT_OK(put_band_data(fd, 2, "band", 4));
	ASSERT_EQ(2, wait_nread(fd, 2, 2000));
	ASSERT_OK(set_rdopt(fd, RMSGN));
	CHECK_RC(4, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("band", buf) TH_LOG("band 2 data queued after band 0: read first got \"%s\"", buf);
	close(fd);
}

TEST(read_after_hangup_drains_then_eof)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	char buf[16] = "";

	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	ASSERT_OK(echo_send_msg(fd, M_HANGUP, NULL, 0));
	CHECK_RC(3, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("abc", buf) TH_LOG("read after M_HANGUP: data queued before it must still be read");
	CHECK_RC(0, read(fd, buf, sizeof(buf)));
	CHECK_RC(0, read(fd, buf, sizeof(buf)));
	close(fd);
}

TEST(srdopt_bad_values_einval)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR), opt = -1;

	CHECK_FAIL(EINVAL, ioctl(fd, I_SRDOPT, RMSGD | RMSGN));
	CHECK_FAIL(EINVAL, ioctl(fd, I_SRDOPT, 0x100));
	CHECK_FAIL(EINVAL, ioctl(fd, I_SRDOPT, RPROTDAT | RPROTDIS));
	CHECK_RC(0, ioctl(fd, I_GRDOPT, &opt));
	EXPECT_EQ(RNORM, opt & RMODEMASK) TH_LOG("a failed I_SRDOPT changed the read mode: %#x", opt);
	close(fd);
}

TEST(grdopt_default_and_set)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR), opt = -1;

	CHECK_RC(0, ioctl(fd, I_GRDOPT, &opt));
	EXPECT_EQ(RNORM, opt & RMODEMASK) TH_LOG("I_GRDOPT on a new stream: %#x, expected RNORM", opt);
	EXPECT_TRUE((opt & RPROTMASK) == 0 || (opt & RPROTMASK) == RPROTNORM)
		TH_LOG("I_GRDOPT on a new stream: protocol option %#x, expected RPROTNORM", opt);
	CHECK_RC(0, ioctl(fd, I_SRDOPT, RMSGD | RPROTDAT));
	CHECK_RC(0, ioctl(fd, I_GRDOPT, &opt));
	EXPECT_EQ(RMSGD | RPROTDAT, opt) TH_LOG("I_SRDOPT(RMSGD|RPROTDAT) then I_GRDOPT: %#x", opt);
	CHECK_RC(0, ioctl(fd, I_SRDOPT, RMSGN));
	CHECK_RC(0, ioctl(fd, I_GRDOPT, &opt));
	EXPECT_EQ(RMSGN, opt & RMODEMASK) TH_LOG("I_SRDOPT(RMSGN) then I_GRDOPT: %#x", opt);
	CHECK_FAIL(EFAULT, ioctl(fd, I_GRDOPT, lis_bad_ptr));
	close(fd);
}

TEST(read_efault_keeps_message)
{
	int fd = OPEN_OK(ECHO_CLONE, O_RDWR), bytes = -1;
	char buf[16] = "";

	ASSERT_EQ(5, write_str(fd, "hello"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	CHECK_FAIL(EFAULT, read(fd, lis_bad_ptr, 5));
	CHECK_RC_LOG(1, ioctl(fd, I_NREAD, &bytes), "read into a bad buffer must leave the message queued");
	CHECK_RC(5, read(fd, buf, sizeof(buf)));
	close(fd);
}

TEST_HARNESS_MAIN
