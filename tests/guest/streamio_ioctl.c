// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: the streamio(7I) commands the stream head answers itself: I_FLUSH, I_FLUSHBAND,
 * I_NREAD, I_PEEK, I_ATMARK, I_CKBAND, I_GETBAND, I_CANPUT, I_SERROPT/I_GERROPT, with their
 * documented errors (EINVAL, EFAULT, ENODATA, ENXIO after a hangup). I_PUSH and friends are in
 * strpush_modules.c, I_STR in streamio_istr.c, I_SETSIG/I_GETSIG in strsig_setsig.c, the read
 * and write options in strread_modes.c and strwrite_data.c, I_SETCLTIME in streamio_open.c.
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"

LIS_TEST_MODULES("lis_echo");

#define SB(b)	{ .maxlen = sizeof(b), .len = 0, .buf = (b) }

static int echo_open(struct __test_metadata *_metadata, int flags)
{
	return OPEN_OK(ECHO_CLONE, O_RDWR | flags);
}

/* ---------------------------------------------------------------- I_FLUSH, I_FLUSHBAND */

TEST(i_flush_read_side)
{
	int fd = echo_open(_metadata, 0), bytes;
	struct echo_count c;

	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(3, write_str(fd, "def"));
	ASSERT_EQ(2, wait_nread(fd, 2, 2000));
	CHECK_RC(0, ioctl(fd, I_FLUSH, FLUSHR));
	CHECK_RC(0, ioctl(fd, I_NREAD, &bytes));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(1, c.flush_msgs) TH_LOG("I_FLUSH(FLUSHR): the driver got %d M_FLUSH", c.flush_msgs);
	EXPECT_EQ(FLUSHR, c.last_flush) TH_LOG("I_FLUSH(FLUSHR): M_FLUSH flag %#x", c.last_flush);
	close(fd);
}

TEST(i_flush_write_and_both)
{
	int fd = echo_open(_metadata, 0), bytes;
	struct echo_count c;

	ASSERT_EQ(3, write_str(fd, "abc"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	CHECK_RC(0, ioctl(fd, I_FLUSH, FLUSHW));
	CHECK_RC_LOG(1, ioctl(fd, I_NREAD, &bytes), "I_FLUSH(FLUSHW) must leave the read side alone");
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(FLUSHW, c.last_flush) TH_LOG("I_FLUSH(FLUSHW): M_FLUSH flag %#x", c.last_flush);
	CHECK_RC(0, ioctl(fd, I_FLUSH, FLUSHRW));
	CHECK_RC(0, ioctl(fd, I_NREAD, &bytes));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(2, c.flush_msgs);
	EXPECT_EQ(FLUSHRW, c.last_flush) TH_LOG("I_FLUSH(FLUSHRW): M_FLUSH flag %#x", c.last_flush);
	close(fd);
}

TEST(i_flush_einval_enxio)
{
	int fd = echo_open(_metadata, 0);

	CHECK_FAIL(EINVAL, ioctl(fd, I_FLUSH, 0));
	CHECK_FAIL(EINVAL, ioctl(fd, I_FLUSH, 0x10));
	CHECK_FAIL(EINVAL, ioctl(fd, I_FLUSH, FLUSHBAND | FLUSHR));
	ASSERT_OK(echo_send_msg(fd, M_HANGUP, NULL, 0));
	CHECK_FAIL(ENXIO, ioctl(fd, I_FLUSH, FLUSHRW));
	close(fd);
}

TEST(i_flushband_one_band)
{
	int fd = echo_open(_metadata, 0), bytes = -1, band = -1;
	struct bandinfo bi = { .bi_pri = 2, .bi_flag = FLUSHR };
	struct echo_count c;

	ASSERT_EQ(4, write_str(fd, "norm"));
	ASSERT_OK(put_band_data(fd, 2, "band", 4));
	ASSERT_EQ(2, wait_nread(fd, 2, 2000));
	CHECK_RC(0, ioctl(fd, I_FLUSHBAND, &bi));
	CHECK_RC_LOG(1, ioctl(fd, I_NREAD, &bytes), "I_FLUSHBAND(2, FLUSHR) must leave band 0 alone");
	CHECK_RC(0, ioctl(fd, I_GETBAND, &band));
	EXPECT_EQ(0, band);
	bi.bi_flag = FLUSHW;
	bi.bi_pri = 5;
	CHECK_RC(0, ioctl(fd, I_FLUSHBAND, &bi));
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(FLUSHW | FLUSHBAND, c.last_flush)
		TH_LOG("I_FLUSHBAND(5, FLUSHW): M_FLUSH flag %#x, expected FLUSHW|FLUSHBAND", c.last_flush);
	EXPECT_EQ(5, c.last_flush_band) TH_LOG("I_FLUSHBAND(5, FLUSHW): M_FLUSH band %d", c.last_flush_band);
	close(fd);
}

TEST(i_flushband_einval_efault)
{
	int fd = echo_open(_metadata, 0);
	struct bandinfo bi = { .bi_pri = 1, .bi_flag = 0 };

	CHECK_FAIL(EINVAL, ioctl(fd, I_FLUSHBAND, &bi));
	bi.bi_flag = 0x10;
	CHECK_FAIL(EINVAL, ioctl(fd, I_FLUSHBAND, &bi));
	CHECK_FAIL(EFAULT, ioctl(fd, I_FLUSHBAND, lis_bad_ptr));
	close(fd);
}

/* ---------------------------------------------------------------- I_NREAD */

TEST(i_nread_counts)
{
	int fd = echo_open(_metadata, 0), bytes = -1;

	CHECK_RC(0, ioctl(fd, I_NREAD, &bytes));
	EXPECT_EQ(0, bytes);
	ASSERT_EQ(5, write_str(fd, "hello"));
	ASSERT_EQ(2, write_str(fd, "hi"));
	ASSERT_EQ(2, wait_nread(fd, 2, 2000));
	CHECK_RC(2, ioctl(fd, I_NREAD, &bytes));
	EXPECT_EQ(5, bytes) TH_LOG("I_NREAD: bytes of the first message: %d, expected 5", bytes);
	ASSERT_OK(put_ctl_data(fd, "ctl", 3, "data", 4, RS_HIPRI));
	ASSERT_EQ(3, wait_nread(fd, 3, 2000));
	CHECK_RC(3, ioctl(fd, I_NREAD, &bytes));
	EXPECT_EQ(4, bytes) TH_LOG("I_NREAD counts data bytes only: got %d for control 3 + data 4", bytes);
	CHECK_FAIL(EFAULT, ioctl(fd, I_NREAD, lis_bad_ptr));
	close(fd);
}

TEST(i_nread_zero_length_message)
{
	int fd = echo_open(_metadata, 0), bytes = -1;

	ASSERT_OK(ioctl(fd, I_SWROPT, SNDZERO));
	ASSERT_EQ(0, write(fd, "", 0));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	CHECK_RC(1, ioctl(fd, I_NREAD, &bytes));
	EXPECT_EQ(0, bytes);
	close(fd);
}

/* ---------------------------------------------------------------- I_PEEK */

TEST(i_peek_empty_and_normal)
{
	int fd = echo_open(_metadata, 0), bytes = -1;
	char cb[32] = "", db[32] = "";
	struct strpeek sp = { SB(cb), SB(db), 0 };

	CHECK_RC(0, ioctl(fd, I_PEEK, &sp));
	ASSERT_OK(put_ctl_data(fd, "CTL", 3, "data", 4, 0));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	CHECK_RC(1, ioctl(fd, I_PEEK, &sp));
	EXPECT_EQ(3, sp.ctlbuf.len);
	EXPECT_EQ(4, sp.databuf.len);
	EXPECT_EQ(0, (int)sp.flags);
	EXPECT_EQ(0, memcmp(cb, "CTL", 3));
	EXPECT_EQ(0, memcmp(db, "data", 4));
	CHECK_RC_LOG(1, ioctl(fd, I_NREAD, &bytes), "I_PEEK must leave the message on the queue");
	close(fd);
}

TEST(i_peek_truncates_and_no_part)
{
	int fd = echo_open(_metadata, 0);
	char cb[32] = "", db[32] = "";
	struct strpeek sp = { { 2, 0, cb }, { 2, 0, db }, 0 };

	ASSERT_OK(put_ctl_data(fd, "CTL", 3, "data", 4, 0));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	CHECK_RC(1, ioctl(fd, I_PEEK, &sp));
	EXPECT_EQ(2, sp.ctlbuf.len);
	EXPECT_EQ(2, sp.databuf.len);
	ASSERT_OK(ioctl(fd, I_FLUSH, FLUSHR));
	ASSERT_EQ(4, write_str(fd, "only"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	sp.ctlbuf.maxlen = sizeof(cb);
	sp.databuf.maxlen = sizeof(db);
	sp.ctlbuf.len = sp.databuf.len = 99;
	CHECK_RC(1, ioctl(fd, I_PEEK, &sp));
	EXPECT_EQ(-1, sp.ctlbuf.len) TH_LOG("I_PEEK of a data-only message: control len %d, expected -1",
					    sp.ctlbuf.len);
	EXPECT_EQ(4, sp.databuf.len);
	close(fd);
}

TEST(i_peek_rs_hipri)
{
	int fd = echo_open(_metadata, 0);
	char cb[32] = "", db[32] = "";
	struct strpeek sp = { SB(cb), SB(db), RS_HIPRI };

	ASSERT_EQ(4, write_str(fd, "norm"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	CHECK_RC_LOG(0, ioctl(fd, I_PEEK, &sp), "I_PEEK(RS_HIPRI) with only a normal message queued");
	ASSERT_OK(put_ctl_data(fd, "HI", 2, NULL, 0, RS_HIPRI));
	ASSERT_EQ(2, wait_nread(fd, 2, 2000));
	sp.flags = RS_HIPRI;
	CHECK_RC(1, ioctl(fd, I_PEEK, &sp));
	EXPECT_EQ(RS_HIPRI, (int)sp.flags);
	EXPECT_EQ(0, memcmp(cb, "HI", 2));
	sp.flags = 0;
	CHECK_RC(1, ioctl(fd, I_PEEK, &sp));
	EXPECT_EQ(RS_HIPRI, (int)sp.flags) TH_LOG("I_PEEK(0): the high priority message is first");
	close(fd);
}

TEST(i_peek_einval_efault)
{
	int fd = echo_open(_metadata, 0);
	char cb[32] = "", db[32] = "";
	struct strpeek sp = { SB(cb), SB(db), 4 };

	CHECK_FAIL(EINVAL, ioctl(fd, I_PEEK, &sp));
	CHECK_FAIL(EFAULT, ioctl(fd, I_PEEK, lis_bad_ptr));
	ASSERT_EQ(4, write_str(fd, "data"));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	sp.flags = 0;
	sp.databuf.buf = lis_bad_ptr;
	CHECK_FAIL(EFAULT, ioctl(fd, I_PEEK, &sp));
	close(fd);
}

/* ---------------------------------------------------------------- I_ATMARK */

TEST(i_atmark)
{
	int fd = echo_open(_metadata, 0);
	char buf[16];

	CHECK_RC(0, ioctl(fd, I_ATMARK, ANYMARK));
	ASSERT_OK(echo_send_data(fd, 0, 0, "plain", 5));
	ASSERT_OK(echo_send_data(fd, 0, MSGMARK, "mark1", 5));
	ASSERT_OK(echo_send_data(fd, 0, MSGMARK, "mark2", 5));
	ASSERT_EQ(3, wait_nread(fd, 3, 2000));
	CHECK_RC_LOG(0, ioctl(fd, I_ATMARK, ANYMARK), "I_ATMARK with an unmarked message first");
	ASSERT_OK(ioctl(fd, I_SRDOPT, RMSGN));
	ASSERT_EQ(5, read(fd, buf, sizeof(buf)));
	CHECK_RC_LOG(1, ioctl(fd, I_ATMARK, ANYMARK), "I_ATMARK(ANYMARK) with a marked message first");
	CHECK_RC_LOG(0, ioctl(fd, I_ATMARK, LASTMARK), "I_ATMARK(LASTMARK): another marked message follows");
	ASSERT_EQ(5, read(fd, buf, sizeof(buf)));
	CHECK_RC_LOG(1, ioctl(fd, I_ATMARK, LASTMARK), "I_ATMARK(LASTMARK) on the last marked message");
	CHECK_FAIL(EINVAL, ioctl(fd, I_ATMARK, 0));
	CHECK_FAIL(EINVAL, ioctl(fd, I_ATMARK, 4));
	close(fd);
}

/* ---------------------------------------------------------------- I_CKBAND, I_GETBAND */

TEST(i_ckband_getband)
{
	int fd = echo_open(_metadata, 0), band = -1;

	CHECK_FAIL(ENODATA, ioctl(fd, I_GETBAND, &band));
	CHECK_RC(0, ioctl(fd, I_CKBAND, 3));
	ASSERT_OK(put_band_data(fd, 3, "b3", 2));
	ASSERT_EQ(4, write_str(fd, "norm"));
	ASSERT_EQ(2, wait_nread(fd, 2, 2000));
	CHECK_RC(1, ioctl(fd, I_CKBAND, 3));
	CHECK_RC(1, ioctl(fd, I_CKBAND, 0));
	CHECK_RC(0, ioctl(fd, I_CKBAND, 2));
	CHECK_RC(0, ioctl(fd, I_GETBAND, &band));
	EXPECT_EQ(3, band) TH_LOG("I_GETBAND: band of the first message %d, expected 3", band);
	CHECK_FAIL(EINVAL, ioctl(fd, I_CKBAND, 256));
	CHECK_FAIL(EINVAL, ioctl(fd, I_CKBAND, -1));
	CHECK_FAIL(EFAULT, ioctl(fd, I_GETBAND, lis_bad_ptr));
	close(fd);
}

/* ---------------------------------------------------------------- I_CANPUT */

TEST(i_canput)
{
	int fd = echo_open(_metadata, 0), peer, lfd;

	CHECK_RC(1, ioctl(fd, I_CANPUT, 0));
	CHECK_RC(1, ioctl(fd, I_CANPUT, 5));
	CHECK_RC(1, ioctl(fd, I_CANPUT, 255));
	CHECK_FAIL(EINVAL, ioctl(fd, I_CANPUT, 256));
	CHECK_FAIL(EINVAL, ioctl(fd, I_CANPUT, -1));
	close(fd);

	peer = OPEN_OK(loop_path(8), O_RDWR);
	lfd = OPEN_OK(loop_path(7), O_RDWR);
	ASSERT_LT(0, fill_stream(lfd, 0, 4096));
	CHECK_RC_LOG(0, ioctl(lfd, I_CANPUT, 0), "I_CANPUT(0) on flow-controlled loop.7");
	CHECK_RC_LOG(1, ioctl(lfd, I_CANPUT, 1), "I_CANPUT(1): band 1 was never written, it is not full");
	ASSERT_LT(0, fill_stream(lfd, 1, 4096));
	CHECK_RC_LOG(0, ioctl(lfd, I_CANPUT, 1), "I_CANPUT(1) after band 1 filled up");
	close(lfd);
	close(peer);
}

/* ---------------------------------------------------------------- I_SERROPT, I_GERROPT */

TEST(i_serropt_gerropt)
{
	int fd = echo_open(_metadata, 0), opt = -1;

	CHECK_RC(0, ioctl(fd, I_GERROPT, &opt));
	EXPECT_EQ(0, opt & (RERRNONPERSIST | WERRNONPERSIST)) TH_LOG("default error mode %#x", opt);
	CHECK_RC(0, ioctl(fd, I_SERROPT, RERRNONPERSIST | WERRNONPERSIST));
	CHECK_RC(0, ioctl(fd, I_GERROPT, &opt));
	EXPECT_EQ(RERRNONPERSIST | WERRNONPERSIST, opt & (RERRNONPERSIST | WERRNONPERSIST));
	CHECK_FAIL(EINVAL, ioctl(fd, I_SERROPT, 0x100));
	CHECK_FAIL(EFAULT, ioctl(fd, I_GERROPT, lis_bad_ptr));
	close(fd);
}

/* ---------------------------------------------------------------- errors of the stream */

TEST(ioctls_after_hangup)
{
	int fd = echo_open(_metadata, 0), bytes = -1;

	ASSERT_OK(echo_send_msg(fd, M_HANGUP, NULL, 0));
	CHECK_FAIL(ENXIO, ioctl(fd, I_FLUSH, FLUSHR));
	CHECK_FAIL(ENXIO, i_str(fd, ECHO_ACK, NULL, 0, 0, NULL));
	/* inquiries still work */
	CHECK_RC(0, ioctl(fd, I_NREAD, &bytes));
	CHECK_RC(0, ioctl(fd, I_GRDOPT, &bytes));
	close(fd);
}

TEST_HARNESS_MAIN
