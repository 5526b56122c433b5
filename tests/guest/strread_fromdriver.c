// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: messages the stream head acts on when they come up from the driver: M_FLUSH
 * (flushes the read side, turned around with FLUSHR cleared), M_ERROR (read and write errors,
 * one or two bytes, NOERROR, 0 clears, persistent unless SO_ERROPT says otherwise),
 * M_HANGUP/M_UNHANGUP, M_SETOPTS (SO_READOPT, SO_WROFF, SO_MINPSZ, SO_MAXPSZ, SO_HIWAT,
 * SO_LOWAT, SO_BAND, SO_MREADON/OFF, SO_NDELON/OFF, SO_ISTTY, SO_TOSTOP, SO_DELIM, SO_ERROPT).
 * The echo driver sends them on request (ECHO_SEND); M_SIG/M_PCSIG are in strsig_setsig.c.
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"

LIS_TEST_MODULES("lis_echo", "lis_testmod");

#define NOERROR	0xff	/* M_ERROR byte: leave that side's error as it is */

static int echo_open(struct __test_metadata *_metadata, int flags)
{
	return OPEN_OK(ECHO_CLONE, O_RDWR | flags);
}

static int queued(int fd)
{
	int bytes;

	return ioctl(fd, I_NREAD, &bytes);
}

/* ---------------------------------------------------------------- M_FLUSH */

TEST(m_flush_flushr_from_driver)
{
	int fd = echo_open(_metadata, 0);
	unsigned char f = FLUSHR;
	struct echo_count c;

	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	ASSERT_OK(echo_send_msg(fd, M_FLUSH, &f, 1));
	EXPECT_EQ(0, queued(fd)) TH_LOG("M_FLUSH(FLUSHR) from the driver: %d messages still queued", queued(fd));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(0, c.flush_msgs) TH_LOG("M_FLUSH(FLUSHR) up must not come back down (it did %d times)",
					  c.flush_msgs);
	close(fd);
}

TEST(m_flush_flushw_turned_around)
{
	int fd = echo_open(_metadata, 0);
	unsigned char f = FLUSHW;
	struct echo_count c;

	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	ASSERT_OK(echo_send_msg(fd, M_FLUSH, &f, 1));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(1, c.flush_msgs) TH_LOG("M_FLUSH(FLUSHW) from the driver: expected it back down once, got %d",
					  c.flush_msgs);
	EXPECT_EQ(FLUSHW, c.last_flush) TH_LOG("the M_FLUSH turned around: flag %#x, expected FLUSHW", c.last_flush);
	EXPECT_EQ(1, queued(fd)) TH_LOG("M_FLUSH(FLUSHW) must not flush the read side");
	f = FLUSHRW;
	ASSERT_OK(echo_send_msg(fd, M_FLUSH, &f, 1));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(2, c.flush_msgs);
	EXPECT_EQ(FLUSHW, c.last_flush) TH_LOG("M_FLUSH(FLUSHRW) turned around: flag %#x, expected FLUSHW (FLUSHR cleared)",
					       c.last_flush);
	EXPECT_EQ(0, queued(fd));
	close(fd);
}

TEST(m_flush_band_from_driver)
{
	int fd = echo_open(_metadata, 0), band = -1;
	unsigned char f[2] = { FLUSHR | FLUSHBAND, 2 };

	ASSERT_EQ(4, write_str(fd, "norm"));
	ASSERT_OK(put_band_data(fd, 2, "b2", 2));
	ASSERT_EQ(2, wait_nread(fd, 2, 2000));
	ASSERT_OK(echo_send_msg(fd, M_FLUSH, f, 2));
	EXPECT_EQ(1, queued(fd)) TH_LOG("M_FLUSH(FLUSHR|FLUSHBAND, 2): %d messages left, expected the band 0 one",
					queued(fd));
	CHECK_RC(0, ioctl(fd, I_GETBAND, &band));
	EXPECT_EQ(0, band);
	close(fd);
}

/* ---------------------------------------------------------------- M_ERROR */

TEST(m_error_one_byte_both_sides_persistent)
{
	int fd = echo_open(_metadata, 0);
	char buf[8];

	ASSERT_OK(echo_send_error(fd, EIO, -1));
	CHECK_FAIL(EIO, read(fd, buf, sizeof(buf)));
	CHECK_FAIL(EIO, read(fd, buf, sizeof(buf)));
	CHECK_FAIL(EIO, write(fd, "x", 1));
	CHECK_FAIL(EIO, write(fd, "x", 1));
	CHECK_FAIL(EIO, ioctl(fd, I_PUSH, "passmod"));
	close(fd);
}

TEST(m_error_flushes_queued_data)
{
	int fd = echo_open(_metadata, 0);

	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	ASSERT_OK(echo_send_error(fd, EIO, -1));
	EXPECT_EQ(0, queued(fd)) TH_LOG("M_ERROR: the read side must be flushed, %d messages left", queued(fd));
	close(fd);
}

TEST(m_error_read_side_only)
{
	int fd = echo_open(_metadata, 0);
	char buf[8];

	ASSERT_OK(echo_send_error(fd, EPROTO, NOERROR));
	CHECK_FAIL(EPROTO, read(fd, buf, sizeof(buf)));
	CHECK_RC_LOG(1, write(fd, "x", 1), "M_ERROR(EPROTO, NOERROR): writing must still work");
	close(fd);
}

TEST(m_error_write_side_only_keeps_read_data)
{
	int fd = echo_open(_metadata, O_NONBLOCK);
	char buf[8] = "";

	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	ASSERT_OK(echo_send_error(fd, NOERROR, EIO));
	CHECK_FAIL(EIO, write(fd, "x", 1));
	CHECK_RC_LOG(3, read(fd, buf, sizeof(buf)),
		     "M_ERROR(NOERROR, EIO): the read side is neither in error nor flushed");
	EXPECT_STREQ("abc", buf);
	close(fd);
}

TEST(m_error_zero_clears)
{
	int fd = echo_open(_metadata, 0);
	unsigned char zero = 0;

	ASSERT_OK(echo_send_later(fd, 400, M_ERROR, &zero, 1));
	ASSERT_OK(echo_send_error(fd, EIO, -1));
	CHECK_FAIL(EIO, write(fd, "x", 1));
	sleep_ms(800);
	CHECK_RC_LOG(1, write(fd, "x", 1), "after M_ERROR with 0, the error is cleared");
	close(fd);
}

TEST(m_error_two_bytes_zero_clears_one_side)
{
	int fd = echo_open(_metadata, 0);
	unsigned char e[2] = { NOERROR, 0 };
	char buf[8];

	ASSERT_OK(echo_send_later(fd, 400, M_ERROR, e, 2));
	ASSERT_OK(echo_send_error(fd, EIO, EIO));
	sleep_ms(800);
	CHECK_RC_LOG(1, write(fd, "x", 1), "M_ERROR(NOERROR, 0) clears the write error");
	CHECK_FAIL(EIO, read(fd, buf, sizeof(buf)));
	close(fd);
}

TEST(m_error_nonpersistent_by_so_erropt)
{
	int fd = echo_open(_metadata, O_NONBLOCK);
	struct echo_setopts o = { .flags = SO_ERROPT, .erropt = RERRNONPERSIST | WERRNONPERSIST };
	char buf[8];

	ASSERT_OK(echo_setopts(fd, &o));
	ASSERT_OK(echo_send_error(fd, EIO, -1));
	CHECK_FAIL(EIO, read(fd, buf, sizeof(buf)));
	CHECK_FAIL_LOG(EAGAIN, read(fd, buf, sizeof(buf)), "RERRNONPERSIST: the error is reported once");
	CHECK_FAIL(EIO, write(fd, "x", 1));
	CHECK_RC_LOG(1, write(fd, "x", 1), "WERRNONPERSIST: the error is reported once");
	close(fd);
}

TEST(m_error_nonpersistent_by_i_serropt)
{
	int fd = echo_open(_metadata, O_NONBLOCK);
	char buf[8];

	ASSERT_OK(ioctl(fd, I_SERROPT, RERRNONPERSIST));
	ASSERT_OK(echo_send_error(fd, EIO, -1));
	CHECK_FAIL(EIO, read(fd, buf, sizeof(buf)));
	CHECK_FAIL(EAGAIN, read(fd, buf, sizeof(buf)));
	CHECK_FAIL(EIO, write(fd, "x", 1));
	CHECK_FAIL_LOG(EIO, write(fd, "x", 1), "write errors stay persistent (WERRNORM)");
	close(fd);
}

/* ---------------------------------------------------------------- M_HANGUP, M_UNHANGUP */

TEST(m_hangup)
{
	int fd = echo_open(_metadata, 0);
	char buf[8] = "";

	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	ASSERT_OK(echo_send_msg(fd, M_HANGUP, NULL, 0));
	CHECK_FAIL(ENXIO, write(fd, "x", 1));
	CHECK_RC(3, read(fd, buf, sizeof(buf)));
	CHECK_RC(0, read(fd, buf, sizeof(buf)));
	close(fd);
}

TEST(m_unhangup)
{
	int fd = echo_open(_metadata, 0);
	char buf[8] = "";

	ASSERT_OK(echo_send_later(fd, 400, M_UNHANGUP, NULL, 0));
	ASSERT_OK(echo_send_msg(fd, M_HANGUP, NULL, 0));
	CHECK_FAIL(ENXIO, write(fd, "x", 1));
	sleep_ms(800);
	CHECK_RC_LOG(2, write(fd, "ok", 2), "write after M_UNHANGUP");
	CHECK_RC(2, read(fd, buf, sizeof(buf)));
	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, NULL, 0, 0, NULL));
	close(fd);
}

/* ---------------------------------------------------------------- M_SETOPTS */

TEST(so_readopt)
{
	int fd = echo_open(_metadata, 0), opt = -1;
	struct echo_setopts o = { .flags = SO_READOPT, .readopt = RMSGD | RPROTDAT };

	ASSERT_OK(echo_setopts(fd, &o));
	CHECK_RC(0, ioctl(fd, I_GRDOPT, &opt));
	EXPECT_EQ(RMSGD | RPROTDAT, opt) TH_LOG("M_SETOPTS SO_READOPT RMSGD|RPROTDAT: I_GRDOPT %#x", opt);
	close(fd);
}

TEST(so_readopt_by_m_pcsetopts)
{
	int fd = echo_open(_metadata, 0), opt = -1;
	struct echo_setopts o = { .flags = SO_READOPT, .readopt = RMSGN };

	ASSERT_OK(echo_send_msg(fd, M_PCSETOPTS, &o, sizeof(o)));
	CHECK_RC(0, ioctl(fd, I_GRDOPT, &opt));
	EXPECT_EQ(RMSGN, opt & RMODEMASK);
	close(fd);
}

TEST(so_wroff)
{
	int fd = echo_open(_metadata, 0);
	struct echo_setopts o = { .flags = SO_WROFF, .wroff = 100 };
	struct echo_count c;

	ASSERT_OK(echo_setopts(fd, &o));
	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_LE(100, c.last_wroff) TH_LOG("SO_WROFF 100: %d bytes before the written data", c.last_wroff);
	close(fd);
}

TEST(so_minpsz_maxpsz_accepted)
{
	int fd = echo_open(_metadata, 0);
	struct echo_setopts o = { .flags = SO_MINPSZ | SO_MAXPSZ, .minpsz = 2, .maxpsz = 8 };
	char buf[64] = "";
	struct echo_count c;

	/* they set the head's read queue limits: writes are still limited by the module below */
	ASSERT_OK(echo_setopts(fd, &o));
	CHECK_RC(20, write(fd, "01234567890123456789", 20));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(1, c.data_msgs) TH_LOG("SO_MAXPSZ 8 on the head's read queue split a write (%d messages)",
					 c.data_msgs);
	CHECK_RC(20, read(fd, buf, sizeof(buf)));
	close(fd);
}

TEST(so_hiwat_lowat_flow_control_up)
{
	int fd = echo_open(_metadata, 0), i;
	struct echo_setopts o = { .flags = SO_HIWAT | SO_LOWAT, .hiwat = 100, .lowat = 10 };
	char buf[60];
	struct echo_count c;
	long total = 0;
	ssize_t n;

	memset(buf, 'h', sizeof(buf));
	ASSERT_OK(echo_setopts(fd, &o));
	for (i = 0; i < 6; i++)
		ASSERT_EQ(60, write(fd, buf, 60));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_LT(0, c.rq_msgs)
		TH_LOG("SO_HIWAT 100 on the head, 360 bytes sent up: the head took everything (driver holds %d messages)",
		       c.rq_msgs);
	EXPECT_GT(6, c.rq_msgs) TH_LOG("the head took nothing: driver holds %d messages", c.rq_msgs);
	ASSERT_OK(ioctl(fd, I_SRDOPT, RMSGN));
	fcntl(fd, F_SETFL, O_NONBLOCK);
	for (i = 0; i < 50 && total < 360; i++) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0)
			total += n;
		else
			sleep_ms(20);
	}
	EXPECT_EQ(360, total) TH_LOG("reading drains the head and back-enables the driver: %ld bytes read", total);
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(0, c.rq_msgs);
	close(fd);
}

TEST(so_band_hiwat)
{
	int fd = echo_open(_metadata, 0), i;
	struct echo_setopts o = { .flags = SO_HIWAT | SO_BAND, .hiwat = 10, .band = 1 };
	struct echo_count c;

	ASSERT_OK(echo_setopts(fd, &o));
	for (i = 0; i < 4; i++)
		ASSERT_OK(put_band_data(fd, 1, "band1band1", 10));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_LT(0, c.rq_msgs) TH_LOG("SO_BAND 1 SO_HIWAT 10: 40 bytes of band 1 all taken by the head");
	EXPECT_GT(4, c.rq_msgs) TH_LOG("SO_BAND 1 SO_HIWAT 10: the head took no band 1 message");
	close(fd);
}

struct reader {
	int fd;
	size_t count;
	ssize_t ret;
};

static void *blocking_reader(void *arg)
{
	struct reader *r = arg;
	char buf[256];

	r->ret = read(r->fd, buf, r->count);
	return NULL;
}

TEST(so_mreadon_sends_m_read)
{
	int fd = echo_open(_metadata, 0), i;
	struct echo_setopts o = { .flags = SO_MREADON };
	struct reader r = { fd, 77, -2 };
	struct echo_count c;
	pthread_t t;

	ASSERT_OK(echo_setopts(fd, &o));
	ASSERT_EQ(0, pthread_create(&t, NULL, blocking_reader, &r));
	for (i = 0; i < 100; i++) {
		ASSERT_OK(echo_count(fd, &c));
		if (c.mread_msgs)
			break;
		sleep_ms(20);
	}
	EXPECT_LE(1, c.mread_msgs) TH_LOG("SO_MREADON and a blocked read: the driver got no M_READ");
	EXPECT_EQ(77, c.last_mread) TH_LOG("M_READ carried %d, expected the read count 77", c.last_mread);
	ASSERT_EQ(2, write(fd, "go", 2));
	pthread_join(t, NULL);
	EXPECT_EQ(2, r.ret);
	close(fd);
}

TEST(so_mreadoff_no_m_read)
{
	int fd = echo_open(_metadata, 0);
	struct echo_setopts o = { .flags = SO_MREADON };
	struct reader r = { fd, 50, -2 };
	struct echo_count c;
	pthread_t t;

	ASSERT_OK(echo_setopts(fd, &o));
	o.flags = SO_MREADOFF;
	ASSERT_OK(echo_setopts(fd, &o));
	ASSERT_EQ(0, pthread_create(&t, NULL, blocking_reader, &r));
	sleep_ms(300);
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(0, c.mread_msgs) TH_LOG("SO_MREADOFF: the driver still got %d M_READ", c.mread_msgs);
	ASSERT_EQ(2, write(fd, "go", 2));
	pthread_join(t, NULL);
	close(fd);
}

TEST(so_ndelon_tty_semantics)
{
	int fd = echo_open(_metadata, O_NONBLOCK);
	struct echo_setopts o = { .flags = SO_NDELON };
	char buf[8];
	long t0, dt;

	ASSERT_OK(echo_setopts(fd, &o));
	CHECK_RC_LOG(0, read(fd, buf, sizeof(buf)),
		     "SO_NDELON, O_NONBLOCK, nothing queued: read returns 0 (tty semantics)");
	fcntl(fd, F_SETFL, 0);
	alarm_ms(400);
	t0 = now_ms();
	CHECK_FAIL_LOG(EINTR, read(fd, buf, sizeof(buf)),
		       "SO_NDELON without O_NONBLOCK: read blocks until the signal");
	dt = now_ms() - t0;
	alarm_cancel();
	EXPECT_LE(300, dt) TH_LOG("SO_NDELON without O_NONBLOCK: read returned after %ld ms", dt);
	o.flags = SO_NDELOFF;
	ASSERT_OK(echo_setopts(fd, &o));
	fcntl(fd, F_SETFL, O_NONBLOCK);
	CHECK_FAIL_LOG(EAGAIN, read(fd, buf, sizeof(buf)), "SO_NDELOFF, O_NONBLOCK: EAGAIN");
	close(fd);
}

TEST(so_istty_tostop_accepted)
{
	int fd = echo_open(_metadata, 0);
	struct echo_setopts o = { .flags = SO_ISTTY | SO_TOSTOP };
	char buf[8];

	/* no controlling terminal or job control on a non-tty in Linux: only check the stream works */
	ASSERT_OK(echo_setopts(fd, &o));
	CHECK_RC(2, write(fd, "ok", 2));
	CHECK_RC(2, read(fd, buf, sizeof(buf)));
	o.flags = SO_ISNTTY | SO_TONSTOP;
	ASSERT_OK(echo_setopts(fd, &o));
	CHECK_RC(2, write(fd, "ok", 2));
	CHECK_RC(2, read(fd, buf, sizeof(buf)));
	close(fd);
}

TEST(so_delim_rnorm_stops_at_message_end)
{
	int fd = echo_open(_metadata, 0);
	struct echo_setopts o = { .flags = SO_DELIM };
	char buf[16] = "";

	ASSERT_OK(echo_setopts(fd, &o));
	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(3, write_str(fd, "def"));
	ASSERT_EQ(2, wait_nread(fd, 2, 2000));
	CHECK_RC_LOG(3, read(fd, buf, sizeof(buf)), "SO_DELIM: an RNORM read stops at the end of a delimited message");
	o.flags = SO_NODELIM;
	ASSERT_OK(echo_setopts(fd, &o));
	CHECK_RC(3, read(fd, buf, sizeof(buf)));
	ASSERT_EQ(3, write_str(fd, "ghi"));
	ASSERT_EQ(3, write_str(fd, "jkl"));
	ASSERT_EQ(2, wait_nread(fd, 2, 2000));
	memset(buf, 0, sizeof(buf));
	CHECK_RC_LOG(6, read(fd, buf, sizeof(buf)), "SO_NODELIM: RNORM reads across messages again");
	close(fd);
}

TEST_HARNESS_MAIN
