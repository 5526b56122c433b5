// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: putmsg(2)/putpmsg(2)/getmsg(2)/getpmsg(2) and isastream(3): control and data
 * parts, RS_HIPRI/MSG_HIPRI/MSG_BAND/MSG_ANY, bands, MORECTL/MOREDATA with the rest kept,
 * maxlen -1 and 0, EINVAL/ERANGE/EAGAIN/EFAULT/ENXIO, errors and hangup. The echo driver sends
 * every message back as it is; loop gives flow control.
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"

LIS_TEST_MODULES("lis_echo", "lis_testmod");

#define SB(b)	{ .maxlen = sizeof(b), .len = 0, .buf = (b) }

static int echo_open(struct __test_metadata *_metadata, int flags)
{
	return OPEN_OK(ECHO_CLONE, O_RDWR | flags);
}

TEST(putmsg_getmsg_control_and_data)
{
	int fd = echo_open(_metadata, 0), flags = 0;
	char cb[32] = "", db[32] = "";
	struct strbuf c = SB(cb), d = SB(db);
	struct echo_count ec;

	CHECK_RC(0, put_ctl_data(fd, "CTRL", 4, "payload", 7, 0));
	ASSERT_OK(echo_count(fd, &ec));
	EXPECT_EQ(1, ec.proto_msgs) TH_LOG("putmsg(ctl, data, 0): the driver got %d M_PROTO", ec.proto_msgs);
	EXPECT_EQ(2, ec.last_blocks) TH_LOG("putmsg(ctl, data): expected M_PROTO + M_DATA, %d blocks",
					    ec.last_blocks);
	EXPECT_EQ(4, ec.last_ctllen);
	EXPECT_EQ(7, ec.last_len);
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(4, c.len);
	EXPECT_EQ(7, d.len);
	EXPECT_EQ(0, flags) TH_LOG("getmsg of a normal message: flags %d, expected 0", flags);
	EXPECT_EQ(0, memcmp(cb, "CTRL", 4));
	EXPECT_EQ(0, memcmp(db, "payload", 7));
	close(fd);
}

TEST(putmsg_control_only_and_data_only)
{
	int fd = echo_open(_metadata, 0), flags = 0;
	char cb[32], db[32];
	struct strbuf c = SB(cb), d = SB(db);

	CHECK_RC(0, put_ctl_data(fd, "CTL", 3, NULL, 0, 0));
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(3, c.len);
	EXPECT_EQ(-1, d.len) TH_LOG("getmsg of a control-only message: data len %d, expected -1", d.len);
	CHECK_RC(0, put_ctl_data(fd, NULL, 0, "data", 4, 0));
	c.len = d.len = 99;
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(-1, c.len) TH_LOG("getmsg of a data-only message: control len %d, expected -1", c.len);
	EXPECT_EQ(4, d.len);
	close(fd);
}

TEST(putmsg_zero_length_parts)
{
	int fd = echo_open(_metadata, 0), flags = 0;
	char cb[32], db[32];
	struct strbuf c = SB(cb), d = SB(db);
	struct echo_count ec;

	/* a control part of length 0 is a control part: an empty M_PROTO goes down */
	CHECK_RC(0, put_ctl_data(fd, "", 0, NULL, 0, 0));
	ASSERT_OK(echo_count(fd, &ec));
	EXPECT_EQ(1, ec.proto_msgs) TH_LOG("putmsg with a 0-byte control part: %d M_PROTO sent", ec.proto_msgs);
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(0, c.len);
	EXPECT_EQ(-1, d.len);
	/* no control part and no data part: nothing is sent */
	CHECK_RC(0, putmsg(fd, NULL, NULL, 0));
	ASSERT_OK(echo_count(fd, &ec));
	EXPECT_EQ(1, ec.proto_msgs) TH_LOG("putmsg(NULL, NULL, 0) sent an M_PROTO");
	EXPECT_EQ(0, ec.data_msgs) TH_LOG("putmsg(NULL, NULL, 0) sent an M_DATA");
	close(fd);
}

TEST(putmsg_hipri_roundtrip)
{
	int fd = echo_open(_metadata, 0), flags = RS_HIPRI;
	char cb[32], db[32];
	struct strbuf c = SB(cb), d = SB(db);
	struct echo_count ec;

	CHECK_RC(0, put_ctl_data(fd, "HI", 2, "x", 1, RS_HIPRI));
	ASSERT_OK(echo_count(fd, &ec));
	EXPECT_EQ(1, ec.pcproto_msgs) TH_LOG("putmsg(RS_HIPRI): the driver got %d M_PCPROTO", ec.pcproto_msgs);
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(RS_HIPRI, flags) TH_LOG("getmsg(RS_HIPRI) of a high priority message: flags %d", flags);
	EXPECT_EQ(2, c.len);
	EXPECT_EQ(1, d.len);
	close(fd);
}

TEST(putmsg_einval)
{
	int fd = echo_open(_metadata, 0);
	struct strbuf d = { 4, 4, "data" }, c = { 4, 4, "ctrl" };

	CHECK_FAIL(EINVAL, putmsg(fd, NULL, &d, RS_HIPRI));	/* high priority needs control */
	CHECK_FAIL(EINVAL, putpmsg(fd, &c, &d, 1, MSG_HIPRI));	/* MSG_HIPRI with a band */
	CHECK_FAIL(EINVAL, putpmsg(fd, &c, &d, 0, MSG_ANY));
	CHECK_FAIL(EINVAL, putpmsg(fd, &c, &d, 0, 0));
	CHECK_FAIL(EINVAL, putpmsg(fd, &c, &d, 0, MSG_BAND | MSG_HIPRI));
	CHECK_FAIL(EINVAL, putpmsg(fd, &c, &d, 256, MSG_BAND));
	CHECK_FAIL(EINVAL, putpmsg(fd, &c, &d, -1, MSG_BAND));
	close(fd);
}

TEST(putpmsg_band_roundtrip)
{
	int fd = echo_open(_metadata, 0), band = 0, flags = MSG_ANY;
	char cb[32], db[32];
	struct strbuf c = SB(cb), d = SB(db), pc = { 2, 2, "pc" }, pd = { 5, 5, "band7" };
	struct echo_count ec;

	CHECK_RC(0, putpmsg(fd, &pc, &pd, 7, MSG_BAND));
	ASSERT_OK(echo_count(fd, &ec));
	EXPECT_EQ(7, ec.last_band) TH_LOG("putpmsg(band 7): the driver got band %d", ec.last_band);
	CHECK_RC(0, getpmsg(fd, &c, &d, &band, &flags));
	EXPECT_EQ(MSG_BAND, flags) TH_LOG("getpmsg(MSG_ANY) of band 7: flags %#x, expected MSG_BAND", flags);
	EXPECT_EQ(7, band) TH_LOG("getpmsg(MSG_ANY) of band 7: band %d", band);
	EXPECT_EQ(2, c.len);
	EXPECT_EQ(5, d.len);
	close(fd);
}

TEST(getpmsg_band_selection)
{
	int fd = echo_open(_metadata, O_NONBLOCK), band, flags;
	char db[32] = "";
	struct strbuf d = SB(db);

	CHECK_RC(0, put_band_data(fd, 0, "n0", 2));
	CHECK_RC(0, put_band_data(fd, 2, "b2", 2));
	ASSERT_EQ(2, wait_nread(fd, 2, 2000));
	band = 3, flags = MSG_BAND;
	CHECK_FAIL(EAGAIN, getpmsg(fd, NULL, &d, &band, &flags));
	band = 0, flags = MSG_HIPRI;
	CHECK_FAIL(EAGAIN, getpmsg(fd, NULL, &d, &band, &flags));
	band = 2, flags = MSG_BAND;
	CHECK_RC(0, getpmsg(fd, NULL, &d, &band, &flags));
	EXPECT_EQ(0, memcmp(db, "b2", 2)) TH_LOG("getpmsg(MSG_BAND, 2): got \"%.*s\"", d.len, db);
	EXPECT_EQ(2, band);
	band = 1, flags = MSG_BAND;
	CHECK_FAIL(EAGAIN, getpmsg(fd, NULL, &d, &band, &flags));	/* band 0 is next */
	band = 0, flags = MSG_ANY;
	CHECK_RC(0, getpmsg(fd, NULL, &d, &band, &flags));
	EXPECT_EQ(0, memcmp(db, "n0", 2));
	EXPECT_EQ(0, band);
	EXPECT_EQ(MSG_BAND, flags);
	close(fd);
}

TEST(getpmsg_band_takes_hipri)
{
	int fd = echo_open(_metadata, O_NONBLOCK), band = 5, flags = MSG_BAND;
	char cb[32], db[32];
	struct strbuf c = SB(cb), d = SB(db);

	CHECK_RC(0, put_ctl_data(fd, "HI", 2, NULL, 0, RS_HIPRI));
	CHECK_RC(0, getpmsg(fd, &c, &d, &band, &flags));
	EXPECT_EQ(MSG_HIPRI, flags) TH_LOG("getpmsg(MSG_BAND, 5) with a high priority message queued: flags %#x",
					   flags);
	EXPECT_EQ(0, band) TH_LOG("getpmsg of a high priority message: band %d, expected 0", band);
	close(fd);
}

TEST(getpmsg_einval)
{
	int fd = echo_open(_metadata, O_NONBLOCK), band, flags;
	char db[8];
	struct strbuf d = SB(db);

	band = 0, flags = 0;
	CHECK_FAIL(EINVAL, getpmsg(fd, NULL, &d, &band, &flags));
	band = 0, flags = MSG_ANY | MSG_HIPRI;
	CHECK_FAIL(EINVAL, getpmsg(fd, NULL, &d, &band, &flags));
	band = 256, flags = MSG_BAND;
	CHECK_FAIL(EINVAL, getpmsg(fd, NULL, &d, &band, &flags));
	band = -1, flags = MSG_BAND;
	CHECK_FAIL(EINVAL, getpmsg(fd, NULL, &d, &band, &flags));
	band = 1, flags = MSG_HIPRI;	/* MSG_HIPRI wants *bandp 0 */
	CHECK_FAIL(EINVAL, getpmsg(fd, NULL, &d, &band, &flags));
	close(fd);
}

TEST(getmsg_morectl_data_still_retrieved)
{
	int fd = echo_open(_metadata, 0), flags = 0;
	char cb[4], db[32];
	struct strbuf c = SB(cb), d = SB(db);

	CHECK_RC(0, put_ctl_data(fd, "CTRLctrl", 8, "dat", 3, 0));
	CHECK_RC(MORECTL, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(4, c.len);
	EXPECT_EQ(0, memcmp(cb, "CTRL", 4));
	EXPECT_EQ(3, d.len) TH_LOG("getmsg with a 4-byte control buffer for 8 bytes of control and 3 of data: data len %d, expected 3 (both parts are retrieved up to maxlen)",
				   d.len);
	c.len = d.len = 99;
	CHECK_RC_LOG(0, getmsg(fd, &c, &d, &flags), "getmsg of the rest");
	EXPECT_EQ(4, c.len);
	EXPECT_EQ(0, memcmp(cb, "ctrl", 4)) TH_LOG("the rest of the control part: \"%.4s\"", cb);
	EXPECT_EQ(-1, d.len) TH_LOG("the rest has no data part: len %d", d.len);
	close(fd);
}

TEST(getmsg_moredata_rest_kept)
{
	int fd = echo_open(_metadata, 0), flags = 0;
	char cb[32], db[4];
	struct strbuf c = SB(cb), d = SB(db);

	CHECK_RC(0, put_ctl_data(fd, NULL, 0, "0123456789", 10, 0));
	CHECK_RC(MOREDATA, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(4, d.len);
	EXPECT_EQ(0, memcmp(db, "0123", 4));
	CHECK_RC(MOREDATA, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(0, memcmp(db, "4567", 4));
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(2, d.len);
	EXPECT_EQ(0, memcmp(db, "89", 2));
	close(fd);
}

TEST(getmsg_morectl_and_moredata)
{
	int fd = echo_open(_metadata, 0), flags = 0;
	char cb[4], db[4];
	struct strbuf c = SB(cb), d = SB(db);

	CHECK_RC(0, put_ctl_data(fd, "CTRLctrl", 8, "0123456789", 10, 0));
	CHECK_RC(MORECTL | MOREDATA, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(4, c.len);
	EXPECT_EQ(4, d.len) TH_LOG("MORECTL|MOREDATA: data len %d, expected 4 (maxlen)", d.len);
	close(fd);
}

TEST(getmsg_null_ctl_leaves_control)
{
	int fd = echo_open(_metadata, 0), flags = 0;
	char cb[32], db[32];
	struct strbuf c = SB(cb), d = SB(db);

	CHECK_RC(0, put_ctl_data(fd, "CTL", 3, "dat", 3, 0));
	CHECK_RC(MORECTL, getmsg(fd, NULL, &d, &flags));
	EXPECT_EQ(3, d.len) TH_LOG("getmsg(ctlptr NULL): data len %d, expected 3", d.len);
	c.len = d.len = 99;
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(3, c.len) TH_LOG("the control part left by getmsg(ctlptr NULL): len %d", c.len);
	EXPECT_EQ(-1, d.len);
	close(fd);
}

TEST(getmsg_maxlen_minus1_and_0)
{
	int fd = echo_open(_metadata, 0), flags = 0;
	char cb[32], db[32];
	struct strbuf c = { -1, 0, cb }, d = SB(db);

	CHECK_RC(0, put_ctl_data(fd, "CTL", 3, "dat", 3, 0));
	CHECK_RC_LOG(MORECTL, getmsg(fd, &c, &d, &flags), "getmsg with control maxlen -1");
	EXPECT_EQ(3, d.len);
	c.maxlen = 0;
	d.len = 99;
	CHECK_RC_LOG(MORECTL, getmsg(fd, &c, &d, &flags), "getmsg with control maxlen 0 and 3 bytes of control");
	EXPECT_EQ(0, c.len) TH_LOG("control maxlen 0: len %d, expected 0", c.len);
	c.maxlen = sizeof(cb);
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(3, c.len);
	close(fd);
}

TEST(getmsg_hipri_only)
{
	int fd = echo_open(_metadata, O_NONBLOCK), flags = RS_HIPRI;
	char cb[32], db[32];
	struct strbuf c = SB(cb), d = SB(db);

	CHECK_RC(0, put_ctl_data(fd, "norm", 4, NULL, 0, 0));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	CHECK_FAIL(EAGAIN, getmsg(fd, &c, &d, &flags));
	CHECK_RC(0, put_ctl_data(fd, "high", 4, NULL, 0, RS_HIPRI));
	flags = RS_HIPRI;
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(0, memcmp(cb, "high", 4));
	EXPECT_EQ(RS_HIPRI, flags);
	flags = RS_HIPRI;
	CHECK_FAIL(EAGAIN, getmsg(fd, &c, &d, &flags));
	flags = 0;
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(0, memcmp(cb, "norm", 4));
	close(fd);
}

TEST(getmsg_hipri_before_rest_of_partial)
{
	int fd = echo_open(_metadata, 0), flags = 0;
	char cb[32], db[4];
	struct strbuf c = SB(cb), d = SB(db);

	CHECK_RC(0, put_ctl_data(fd, NULL, 0, "0123456789", 10, 0));
	CHECK_RC(MOREDATA, getmsg(fd, &c, &d, &flags));
	CHECK_RC(0, put_ctl_data(fd, "HI", 2, NULL, 0, RS_HIPRI));
	flags = 0;
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(RS_HIPRI, flags) TH_LOG("a high priority message arriving after a partial getmsg is read first");
	flags = 0;
	CHECK_RC(MOREDATA, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(0, memcmp(db, "4567", 4));
	close(fd);
}

TEST(getmsg_nonblock_eagain)
{
	int fd = echo_open(_metadata, O_NONBLOCK), flags = 0;
	char db[8];
	struct strbuf d = SB(db);

	CHECK_FAIL(EAGAIN, getmsg(fd, NULL, &d, &flags));
	close(fd);
}

TEST(putmsg_getmsg_efault)
{
	int fd = echo_open(_metadata, 0), flags = 0, bytes;
	char db[32];
	struct strbuf bad = { 4, 4, lis_bad_ptr }, d = SB(db), ok = { 4, 4, "data" };
	struct strbuf badin = { 32, 0, lis_bad_ptr };

	CHECK_FAIL(EFAULT, putmsg(fd, &bad, &ok, 0));
	CHECK_FAIL(EFAULT, putmsg(fd, &ok, &bad, 0));
	CHECK_FAIL(EFAULT, putmsg(fd, NULL, &bad, 0));
	CHECK_RC_LOG(0, ioctl(fd, I_NREAD, &bytes), "a failed putmsg sent something");
	CHECK_RC(0, putmsg(fd, NULL, &ok, 0));
	ASSERT_EQ(1, wait_nread(fd, 1, 2000));
	CHECK_FAIL(EFAULT, getmsg(fd, NULL, &badin, &flags));
	CHECK_RC_LOG(1, ioctl(fd, I_NREAD, &bytes), "getmsg into a bad buffer must leave the message");
	CHECK_RC(0, getmsg(fd, NULL, &d, &flags));
	EXPECT_EQ(4, d.len);
	CHECK_FAIL(EFAULT, ioctl(fd, I_LIS_PUTPMSG, lis_bad_ptr));
	CHECK_FAIL(EFAULT, ioctl(fd, I_LIS_GETPMSG, lis_bad_ptr));
	close(fd);
}

TEST(putmsg_erange)
{
	int fd = echo_open(_metadata, 0);
	size_t big = 65536 + 1;
	char *buf = calloc(1, big);
	struct strbuf c = { (int)big, (int)big, buf }, d = { (int)big, (int)big, buf };
	struct strbuf small = { 2, 2, buf }, ok = { 8, 8, buf }, tiny = { 4, 4, buf };

	ASSERT_NE(NULL, buf);
	CHECK_FAIL(ERANGE, putmsg(fd, &c, NULL, 0));	/* control larger than strctlsz */
	CHECK_FAIL(ERANGE, putmsg(fd, NULL, &d, 0));	/* data larger than strmsgsz */
	ASSERT_OK(ioctl(fd, I_PUSH, SIZEMOD_NAME));
	CHECK_FAIL(ERANGE, putmsg(fd, &tiny, &small, 0));
	d.len = 20;
	CHECK_FAIL(ERANGE, putmsg(fd, &tiny, &d, 0));
	CHECK_RC(0, putmsg(fd, &tiny, &ok, 0));
	free(buf);
	close(fd);
}

TEST(putmsg_flow_control)
{
	int peer = OPEN_OK(loop_path(6), O_RDWR), fd = OPEN_OK(loop_path(5), O_RDWR | O_NONBLOCK);
	struct strbuf c = { 2, 2, "hi" }, d = { 4, 4, "data" };

	ASSERT_LT(0, fill_stream(fd, 0, 4096));
	CHECK_FAIL(EAGAIN, putmsg(fd, &c, &d, 0));
	CHECK_RC_LOG(0, putmsg(fd, &c, &d, RS_HIPRI), "a high priority putmsg is not flow controlled");
	close(fd);
	close(peer);
}

TEST(putmsg_getmsg_after_hangup)
{
	int fd = echo_open(_metadata, 0), flags = 0;
	char cb[8], db[8];
	struct strbuf c = SB(cb), d = SB(db), ok = { 4, 4, "data" };

	ASSERT_OK(echo_send_msg(fd, M_HANGUP, NULL, 0));
	CHECK_FAIL(ENXIO, putmsg(fd, NULL, &ok, 0));
	CHECK_FAIL(ENXIO, putmsg(fd, &ok, NULL, RS_HIPRI));
	c.len = d.len = 99;
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(0, c.len) TH_LOG("getmsg after hangup, queue empty: control len %d, expected 0", c.len);
	EXPECT_EQ(0, d.len) TH_LOG("getmsg after hangup, queue empty: data len %d, expected 0", d.len);
	close(fd);
}

TEST(putmsg_getmsg_after_error)
{
	int fd = echo_open(_metadata, 0), flags = 0;
	char db[8];
	struct strbuf d = SB(db), ok = { 4, 4, "data" };

	ASSERT_OK(echo_send_error(fd, EPROTO, -1));
	CHECK_FAIL(EPROTO, putmsg(fd, NULL, &ok, 0));
	CHECK_FAIL(EPROTO, getmsg(fd, NULL, &d, &flags));
	close(fd);
}

TEST(isastream_stream_or_not)
{
	int fd = echo_open(_metadata, 0), nul = OPEN_OK("/dev/null", O_RDWR), dead;

	CHECK_RC(1, isastream(fd));
	CHECK_RC(0, isastream(nul));
	dead = dup(nul);
	close(dead);
	CHECK_FAIL(EBADF, isastream(dead));
	close(nul);
	close(fd);
}

TEST(not_a_stream_enostr)
{
	int nul = OPEN_OK("/dev/null", O_RDWR), flags = 0, band = 0;
	char db[8];
	struct strbuf d = { sizeof(db), 4, db };

	/* putmsg(2)/getmsg(2): ENOSTR, "a stream is not associated with fildes" */
	CHECK_FAIL(ENOSTR, putmsg(nul, NULL, &d, 0));
	CHECK_FAIL(ENOSTR, putpmsg(nul, NULL, &d, 0, MSG_BAND));
	CHECK_FAIL(ENOSTR, getmsg(nul, NULL, &d, &flags));
	flags = MSG_ANY;
	CHECK_FAIL(ENOSTR, getpmsg(nul, NULL, &d, &band, &flags));
	close(nul);
}

TEST(putmsg_through_module)
{
	int fd = echo_open(_metadata, 0), flags = 0;
	char cb[32], db[32];
	struct strbuf c = SB(cb), d = SB(db);

	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	ASSERT_OK(ioctl(fd, I_PUSH, PASSMOD_NAME));
	CHECK_RC(0, put_ctl_data(fd, "CTRL", 4, "payload", 7, 0));
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(4, c.len);
	EXPECT_EQ(7, d.len);
	close(fd);
}

TEST_HARNESS_MAIN
