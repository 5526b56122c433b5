// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test, built as a 32-bit program (-m32): the stream head's 32-bit compat path for the
 * structures that hold pointers: I_STR (struct strioctl), transparent ioctls (the user address
 * the driver copies from and to, ioc_flag IOC_ILP32), putmsg/getmsg/getpmsg (struct strpmsg
 * with struct strbuf), I_PEEK (struct strpeek), I_LIST (struct str_list).
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"

LIS_TEST_MODULES("lis_echo", "lis_testmod");

#define SB(b)	{ .maxlen = sizeof(b), .len = 0, .buf = (b) }

static int echo_open(struct __test_metadata *_metadata)
{
	return OPEN_OK(ECHO_CLONE, O_RDWR);
}

TEST(built_as_32bit_program)
{
	EXPECT_EQ(4, (int)sizeof(void *))
		TH_LOG("compat32_streams was built as a %d-bit program: the rig must compile tests/guest/compat32_*.c with gcc -m32, or this file tests the native path only",
		       (int)sizeof(void *) * 8);
}

TEST(i_str_data_both_ways)
{
	int fd = echo_open(_metadata), len = -1, i, bad = -1;
	char buf[256] = "thirty-two";
	struct echo_reply r = { 1, 11, 0, 200 };
	struct echo_count c;

	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, buf, 10, 0, &len));
	EXPECT_EQ(10, len);
	EXPECT_STREQ("thirty-two", buf);
	memcpy(buf, &r, sizeof(r));
	CHECK_RC(11, i_str(fd, ECHO_REPLY, buf, sizeof(r), 0, &len));
	EXPECT_EQ(200, len);
	for (i = 0; i < 200; i++)
		if ((unsigned char)buf[i] != echo_pattern(i) && bad < 0)
			bad = i;
	EXPECT_EQ(-1, bad) TH_LOG("I_STR answer differs at byte %d", bad);
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(sizeof(long) == 4 ? IOC_ILP32 : IOC_NATIVE, c.last_ioc_flag)
		TH_LOG("ioc_flag of a %d-bit caller's I_STR: %#x", (int)sizeof(long) * 8, c.last_ioc_flag);
	CHECK_FAIL(ETIME, i_str(fd, ECHO_NOREPLY, NULL, 0, 1, NULL));
	CHECK_FAIL(EFAULT, i_str(fd, ECHO_ACK, lis_bad_ptr, 4, 0, NULL));
	close(fd);
}

TEST(transparent_ioctls)
{
	int fd = echo_open(_metadata);
	struct echo_xfer x = { 5, 6, "abc" };
	struct echo_count c;

	CHECK_RC(11, ioctl(fd, ECHO_COPYIN, &x));
	ASSERT_OK(echo_count(fd, &c));
	CHECK_RC(0, ioctl(fd, ECHO_XFER, &x));
	EXPECT_EQ(6, x.a);
	EXPECT_EQ(12, x.b);
	EXPECT_STREQ("ABC", x.s);
	memset(&x, 0, sizeof(x));
	CHECK_RC(0, ioctl(fd, ECHO_COPYOUT, &x));
	EXPECT_EQ(ECHO_XFER_A, x.a);
	EXPECT_EQ(ECHO_XFER_B, x.b);
	EXPECT_STREQ("echo", x.s);
	CHECK_FAIL(EACCES, ioctl(fd, ECHO_TNAK, (long)EACCES));
	CHECK_FAIL(EFAULT, ioctl(fd, ECHO_XFER, lis_bad_ptr));
	EXPECT_EQ(sizeof(long) == 4 ? IOC_ILP32 : IOC_NATIVE, c.last_ioc_flag)
		TH_LOG("ioc_flag of a %d-bit caller's transparent ioctl: %#x", (int)sizeof(long) * 8,
		       c.last_ioc_flag);
	close(fd);
}

TEST(putmsg_getmsg)
{
	int fd = echo_open(_metadata), flags = 0, band = 0;
	char cb[32], db[4];
	struct strbuf c = SB(cb), d = SB(db);
	struct strbuf pc = { 4, 4, "CTRL" }, pd = { 10, 10, "0123456789" };

	CHECK_RC(0, putmsg(fd, &pc, &pd, 0));
	CHECK_RC(MOREDATA, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(4, c.len);
	EXPECT_EQ(4, d.len);
	EXPECT_EQ(0, memcmp(cb, "CTRL", 4));
	EXPECT_EQ(0, memcmp(db, "0123", 4));
	CHECK_RC(MOREDATA, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(-1, c.len);
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(2, d.len);
	CHECK_RC(0, putpmsg(fd, &pc, NULL, 9, MSG_BAND));
	flags = MSG_ANY;
	CHECK_RC(0, getpmsg(fd, &c, NULL, &band, &flags));
	EXPECT_EQ(9, band);
	EXPECT_EQ(MSG_BAND, flags);
	CHECK_RC(0, putmsg(fd, &pc, NULL, RS_HIPRI));
	flags = RS_HIPRI;
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(RS_HIPRI, flags);
	pd.buf = lis_bad_ptr;
	CHECK_FAIL(EFAULT, putmsg(fd, NULL, &pd, 0));
	close(fd);
}

TEST(i_peek)
{
	int fd = echo_open(_metadata), bytes = -1;
	char cb[32] = "", db[32] = "";
	struct strpeek sp = { SB(cb), SB(db), 0 };

	CHECK_RC(0, ioctl(fd, I_PEEK, &sp));
	ASSERT_OK(put_ctl_data(fd, "CTL", 3, "data", 4, RS_HIPRI));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	sp.flags = RS_HIPRI;
	CHECK_RC(1, ioctl(fd, I_PEEK, &sp));
	EXPECT_EQ(3, sp.ctlbuf.len);
	EXPECT_EQ(4, sp.databuf.len);
	EXPECT_EQ(RS_HIPRI, (int)sp.flags);
	EXPECT_EQ(0, memcmp(cb, "CTL", 3));
	EXPECT_EQ(0, memcmp(db, "data", 4));
	CHECK_RC(1, ioctl(fd, I_NREAD, &bytes));
	sp.databuf.buf = lis_bad_ptr;
	CHECK_FAIL(EFAULT, ioctl(fd, I_PEEK, &sp));
	close(fd);
}

TEST(i_list)
{
	int fd = echo_open(_metadata);
	struct str_mlist ml[4];
	struct str_list sl = { 4, ml };

	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	ASSERT_OK(ioctl(fd, I_PUSH, PASSMOD_NAME));
	CHECK_RC(3, ioctl(fd, I_LIST, NULL));
	memset(ml, 0, sizeof(ml));
	CHECK_RC(0, ioctl(fd, I_LIST, &sl));
	EXPECT_EQ(3, sl.sl_nmods);
	EXPECT_STREQ(PASSMOD_NAME, ml[0].l_name);
	EXPECT_STREQ(TESTMOD_NAME, ml[1].l_name);
	EXPECT_STREQ("echo", ml[2].l_name);
	sl.sl_modlist = lis_bad_ptr;
	CHECK_FAIL(EFAULT, ioctl(fd, I_LIST, &sl));
	close(fd);
}

TEST(int_pointer_ioctls)
{
	int fd = echo_open(_metadata), v = -1, ms = 2500;
	struct bandinfo bi = { 1, FLUSHR };

	CHECK_RC(0, ioctl(fd, I_SETCLTIME, &ms));
	CHECK_RC(0, ioctl(fd, I_GETCLTIME, &v));
	EXPECT_EQ(2500, v);
	CHECK_RC(0, ioctl(fd, I_SETSIG, S_INPUT));
	CHECK_RC(0, ioctl(fd, I_GETSIG, &v));
	EXPECT_EQ(S_INPUT, v);
	CHECK_RC(0, ioctl(fd, I_FLUSHBAND, &bi));
	CHECK_RC(0, ioctl(fd, I_GRDOPT, &v));
	CHECK_FAIL(ENODATA, ioctl(fd, I_GETBAND, &v));
	close(fd);
}

TEST_HARNESS_MAIN
