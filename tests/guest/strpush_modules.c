// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: I_PUSH, I_POP, I_LOOK, I_FIND, I_LIST (streamio(7I)): the normal cases, the
 * order of modules, data through them, the NSTRPUSH (16) limit, and the documented errors
 * (EINVAL for names and empty streams, EFAULT, ENXIO after a hangup, a module's open error).
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"

LIS_TEST_MODULES("lis_echo", "lis_testmod");

#ifndef NSTRPUSH
#define NSTRPUSH	16
#endif

static int echo_open(struct __test_metadata *_metadata)
{
	return OPEN_OK(ECHO_CLONE, O_RDWR);
}

/* The names I_LIST gives, joined by ','. */
static int list_names(int fd, char *out, size_t size)
{
	struct str_mlist ml[NSTRPUSH + 4];
	struct str_list sl = { NSTRPUSH + 4, ml };
	int i, rc;

	memset(ml, 0, sizeof(ml));
	rc = ioctl(fd, I_LIST, &sl);
	if (rc < 0)
		return -1;
	out[0] = 0;
	for (i = 0; i < sl.sl_nmods; i++) {
		if (i)
			strncat(out, ",", size - strlen(out) - 1);
		strncat(out, ml[i].l_name, size - strlen(out) - 1);
	}
	return sl.sl_nmods;
}

TEST(push_look_pop)
{
	int fd = echo_open(_metadata);
	char name[FMNAMESZ + 1];

	CHECK_FAIL(EINVAL, ioctl(fd, I_LOOK, name));
	CHECK_RC(0, ioctl(fd, I_PUSH, TESTMOD_NAME));
	memset(name, 0, sizeof(name));
	CHECK_RC(0, ioctl(fd, I_LOOK, name));
	EXPECT_STREQ(TESTMOD_NAME, name);
	CHECK_RC(0, ioctl(fd, I_PUSH, PASSMOD_NAME));
	CHECK_RC(0, ioctl(fd, I_LOOK, name));
	EXPECT_STREQ(PASSMOD_NAME, name) TH_LOG("I_LOOK names the topmost module");
	CHECK_RC(0, ioctl(fd, I_POP, 0));
	CHECK_RC(0, ioctl(fd, I_LOOK, name));
	EXPECT_STREQ(TESTMOD_NAME, name);
	CHECK_RC(0, ioctl(fd, I_POP, 0));
	CHECK_FAIL(EINVAL, ioctl(fd, I_POP, 0));
	CHECK_FAIL(EINVAL, ioctl(fd, I_LOOK, name));
	close(fd);
}

TEST(push_errors)
{
	int fd = echo_open(_metadata);
	char name[FMNAMESZ + 1];

	CHECK_FAIL(EINVAL, ioctl(fd, I_PUSH, "nosuchmd"));
	CHECK_FAIL(EINVAL, ioctl(fd, I_PUSH, "testmod12"));	/* longer than FMNAMESZ */
	CHECK_FAIL(EINVAL, ioctl(fd, I_PUSH, ""));
	CHECK_FAIL(EINVAL, ioctl(fd, I_PUSH, "echo"));		/* a driver, not a module */
	CHECK_FAIL(EFAULT, ioctl(fd, I_PUSH, lis_bad_ptr));
	CHECK_FAIL(EINVAL, ioctl(fd, I_LOOK, name));		/* nothing was pushed */
	close(fd);
}

TEST(look_efault)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	CHECK_FAIL(EFAULT, ioctl(fd, I_LOOK, lis_bad_ptr));
	close(fd);
}

TEST(find)
{
	int fd = echo_open(_metadata);

	CHECK_RC(0, ioctl(fd, I_FIND, TESTMOD_NAME));
	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	ASSERT_OK(ioctl(fd, I_PUSH, PASSMOD_NAME));
	CHECK_RC_LOG(1, ioctl(fd, I_FIND, TESTMOD_NAME), "I_FIND of a module below the top one");
	CHECK_RC(1, ioctl(fd, I_FIND, PASSMOD_NAME));
	CHECK_RC(0, ioctl(fd, I_FIND, SIZEMOD_NAME));
	CHECK_FAIL(EINVAL, ioctl(fd, I_FIND, "nosuchmd"));
	CHECK_FAIL(EINVAL, ioctl(fd, I_FIND, "testmod12"));
	CHECK_FAIL(EFAULT, ioctl(fd, I_FIND, lis_bad_ptr));
	close(fd);
}

TEST(list)
{
	int fd = echo_open(_metadata), n;
	struct str_mlist ml[2];
	struct str_list sl = { 1, ml };
	char names[256];

	CHECK_RC_LOG(1, ioctl(fd, I_LIST, NULL), "I_LIST(NULL) with no module: the driver only");
	n = list_names(fd, names, sizeof(names));
	EXPECT_EQ(1, n);
	EXPECT_STREQ("echo", names);
	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	ASSERT_OK(ioctl(fd, I_PUSH, PASSMOD_NAME));
	CHECK_RC(3, ioctl(fd, I_LIST, NULL));
	n = list_names(fd, names, sizeof(names));
	EXPECT_EQ(3, n);
	EXPECT_STREQ("passmod,testmod,echo", names) TH_LOG("I_LIST lists top down, driver last");
	memset(ml, 0, sizeof(ml));
	CHECK_RC(0, ioctl(fd, I_LIST, &sl));
	EXPECT_EQ(1, sl.sl_nmods) TH_LOG("I_LIST with room for 1: sl_nmods %d", sl.sl_nmods);
	EXPECT_STREQ(PASSMOD_NAME, ml[0].l_name);
	sl.sl_nmods = 0;
	CHECK_FAIL(EINVAL, ioctl(fd, I_LIST, &sl));
	sl.sl_nmods = -1;
	CHECK_FAIL(EINVAL, ioctl(fd, I_LIST, &sl));
	sl.sl_nmods = 2;
	sl.sl_modlist = lis_bad_ptr;
	CHECK_FAIL(EFAULT, ioctl(fd, I_LIST, &sl));
	CHECK_FAIL(EFAULT, ioctl(fd, I_LIST, lis_bad_ptr));
	close(fd);
}

TEST(push_limit_nstrpush)
{
	int fd = echo_open(_metadata), i, len = -1;
	char buf[32] = "deep", names[512];

	for (i = 0; i < NSTRPUSH; i++)
		CHECK_RC_LOG(0, ioctl(fd, I_PUSH, i % 2 ? PASSMOD_NAME : TESTMOD_NAME), "push #%d", i + 1);
	CHECK_FAIL(EINVAL, ioctl(fd, I_PUSH, PASSMOD_NAME));
	CHECK_RC(NSTRPUSH + 1, ioctl(fd, I_LIST, NULL));
	EXPECT_EQ(NSTRPUSH + 1, list_names(fd, names, sizeof(names)));
	/* everything goes through 16 modules and back */
	CHECK_RC(4, write(fd, buf, 4));
	memset(buf, 0, sizeof(buf));
	CHECK_RC(4, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("deep", buf);
	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, buf, 4, 0, &len));
	CHECK_RC(0, ioctl(fd, I_POP, 0));
	CHECK_RC_LOG(0, ioctl(fd, I_PUSH, PASSMOD_NAME), "a push after a pop at the limit");
	close(fd);
}

TEST(data_through_modules_both_ways)
{
	int fd = echo_open(_metadata), flags = 0;
	char cb[16], db[16];
	struct strbuf c = { sizeof(cb), 0, cb }, d = { sizeof(db), 0, db };
	struct testmod_info ti;

	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	ASSERT_OK(ioctl(fd, I_PUSH, PASSMOD_NAME));
	ASSERT_EQ(5, write_str(fd, "hello"));
	ASSERT_EQ(5, read(fd, db, sizeof(db)));
	ASSERT_OK(put_ctl_data(fd, "c", 1, "d", 1, RS_HIPRI));
	CHECK_RC(0, getmsg(fd, &c, &d, &flags));
	EXPECT_EQ(RS_HIPRI, flags);
	ASSERT_OK(i_str(fd, TESTMOD_GET, &ti, sizeof(ti), 0, NULL));
	EXPECT_EQ(2, ti.down_msgs) TH_LOG("testmod: messages down %d, expected 2 (write, putmsg)", ti.down_msgs);
	EXPECT_EQ(2, ti.up_msgs) TH_LOG("testmod: messages up %d, expected 2", ti.up_msgs);
	close(fd);
}

TEST(pop_calls_close_and_instances_are_separate)
{
	int fd = echo_open(_metadata), c0 = -1, c1 = -1;
	struct testmod_info a, b;

	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	ASSERT_OK(i_str(fd, TESTMOD_GET, &a, sizeof(a), 0, NULL));
	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	ASSERT_OK(i_str(fd, TESTMOD_GET, &b, sizeof(b), 0, NULL));
	EXPECT_NE(a.instance, b.instance) TH_LOG("two pushes of testmod: one instance answered both times");
	ASSERT_EQ(0, sysfs_read_int(TESTMOD_PARAM("closes"), &c0));
	CHECK_RC(0, ioctl(fd, I_POP, 0));
	ASSERT_EQ(0, sysfs_read_int(TESTMOD_PARAM("closes"), &c1));
	EXPECT_EQ(c0 + 1, c1) TH_LOG("I_POP: testmod close calls %d -> %d", c0, c1);
	ASSERT_OK(i_str(fd, TESTMOD_GET, &b, sizeof(b), 0, NULL));
	EXPECT_EQ(a.instance, b.instance) TH_LOG("after I_POP the first instance answers");
	close(fd);
}

TEST(push_pop_after_hangup_enxio)
{
	int fd = echo_open(_metadata);
	char name[FMNAMESZ + 1];

	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	ASSERT_OK(echo_send_msg(fd, M_HANGUP, NULL, 0));
	CHECK_FAIL(ENXIO, ioctl(fd, I_PUSH, PASSMOD_NAME));
	CHECK_FAIL(ENXIO, ioctl(fd, I_POP, 0));
	CHECK_RC(0, ioctl(fd, I_LOOK, name));
	CHECK_RC(2, ioctl(fd, I_LIST, NULL));
	close(fd);
}

TEST(module_in_use_cannot_unload)
{
	int fd = echo_open(_metadata);

	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	errno = 0;
	EXPECT_NE(0, syscall(SYS_delete_module, "lis_testmod", O_NONBLOCK))
		TH_LOG("delete_module(lis_testmod) while testmod is pushed succeeded");
	close(fd);
}

TEST_HARNESS_MAIN
