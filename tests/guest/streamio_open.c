// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: opening and closing streams. Driver and module open routines (SVR4 signature,
 * DRVOPEN/CLONEOPEN/MODOPEN, oflag), re-opening a stream, errors of open routines, close
 * popping the modules, I_SETCLTIME/I_GETCLTIME and the close delay. Uses echo, testmod, loop.
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"

LIS_TEST_MODULES("lis_echo", "lis_testmod");

/* Make a node for echo minor @minor (no fixed node exists for it); returns its path. */
static const char *echo_node(int minor, char *path, size_t size)
{
	struct stat st;

	if (stat(echo_path(1), &st))
		return NULL;
	snprintf(path, size, "/tmp/lis-echo.%d", minor);
	unlink(path);
	if (mknod(path, S_IFCHR | 0666, makedev(major(st.st_rdev), minor(st.st_rdev) + minor - 1)))
		return NULL;
	return path;
}

static int testmod_info(int fd, struct testmod_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	return i_str(fd, TESTMOD_GET, ti, sizeof(*ti), 0, NULL);
}

TEST(clone_open_gets_new_minor_cloneopen)
{
	struct echo_count c1, c2;
	int a = OPEN_OK(ECHO_CLONE, O_RDWR), b = OPEN_OK(ECHO_CLONE, O_RDWR);

	ASSERT_OK(echo_count(a, &c1));
	ASSERT_OK(echo_count(b, &c2));
	EXPECT_EQ(CLONEOPEN, c1.last_sflag)
		TH_LOG("open(%s): driver open sflag: expected CLONEOPEN (%d), got %d", ECHO_CLONE,
		       CLONEOPEN, c1.last_sflag);
	EXPECT_LT(ECHO_NMINORS, c1.minor)
		TH_LOG("open(%s): expected a clone minor above the fixed ones, got %d", ECHO_CLONE,
		       c1.minor);
	EXPECT_NE(c1.minor, c2.minor)
		TH_LOG("two opens of %s: expected two streams, both have minor %d", ECHO_CLONE,
		       c1.minor);
	EXPECT_EQ(1, c1.opens) TH_LOG("clone open: driver open calls: expected 1, got %d", c1.opens);
	close(a);
	close(b);
}

TEST(fixed_minor_open_drvopen_oflag)
{
	struct echo_count c;
	int fd = OPEN_OK(echo_path(1), O_RDWR);

	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(1, c.minor) TH_LOG("open(%s): driver saw minor %d, expected 1", echo_path(1), c.minor);
	EXPECT_EQ(DRVOPEN, c.last_sflag)
		TH_LOG("open(%s): sflag: expected DRVOPEN (0), got %d", echo_path(1), c.last_sflag);
	EXPECT_EQ(OFLAG_FREAD | OFLAG_FWRITE, c.last_oflag & (OFLAG_FREAD | OFLAG_FWRITE | OFLAG_FNDELAY | OFLAG_FNONBLOCK))
		TH_LOG("open(%s, O_RDWR): oflag: expected OFLAG_FREAD|OFLAG_FWRITE (%#x), got %#x", echo_path(1),
		       OFLAG_FREAD | OFLAG_FWRITE, c.last_oflag);
	close(fd);

	fd = OPEN_OK(echo_path(2), O_RDONLY);
	ASSERT_OK(echo_count(fd, &c));
	EXPECT_EQ(OFLAG_FREAD, c.last_oflag & (OFLAG_FREAD | OFLAG_FWRITE))
		TH_LOG("open(%s, O_RDONLY): oflag: expected OFLAG_FREAD (%#x), got %#x", echo_path(2),
		       OFLAG_FREAD, c.last_oflag);
	close(fd);
}

TEST(open_nonblock_oflag)
{
	struct echo_count c;
	int fd = OPEN_OK(echo_path(2), O_RDWR | O_NONBLOCK);
	char buf[8];

	ASSERT_OK(echo_count(fd, &c));
	EXPECT_NE(0, c.last_oflag & (OFLAG_FNDELAY | OFLAG_FNONBLOCK))
		TH_LOG("open(%s, O_RDWR|O_NONBLOCK): oflag: expected OFLAG_FNONBLOCK/OFLAG_FNDELAY set, got %#x",
		       echo_path(2), c.last_oflag);
	CHECK_FAIL(EAGAIN, read(fd, buf, sizeof(buf)));
	close(fd);
}

TEST(reopen_is_the_same_stream)
{
	char name[FMNAMESZ + 1] = "";
	struct echo_count c;
	int a = OPEN_OK(echo_path(1), O_RDWR), b = OPEN_OK(echo_path(1), O_RDWR);

	ASSERT_OK(echo_count(b, &c));
	EXPECT_EQ(2, c.opens)
		TH_LOG("second open of %s: expected the driver's open called again on the same stream (2 calls), got %d",
		       echo_path(1), c.opens);
	EXPECT_EQ(DRVOPEN, c.last_sflag)
		TH_LOG("re-open of %s: sflag: expected DRVOPEN, got %d", echo_path(1), c.last_sflag);
	ASSERT_OK(ioctl(a, I_PUSH, TESTMOD_NAME));
	CHECK_RC(0, ioctl(b, I_LOOK, name));
	EXPECT_STREQ(TESTMOD_NAME, name)
		TH_LOG("I_PUSH(testmod) on one fd of %s, I_LOOK on the other: got \"%s\"",
		       echo_path(1), name);
	ASSERT_OK(ioctl(b, I_POP, 0));
	CHECK_FAIL(EINVAL, ioctl(a, I_LOOK, name));
	/* data written on one fd comes back to the stream, readable on the other */
	CHECK_RC(4, write(a, "ping", 4));
	memset(name, 0, sizeof(name));
	CHECK_RC(4, read(b, name, sizeof(name)));
	EXPECT_STREQ("ping", name);
	close(a);
	close(b);
}

TEST(reopen_calls_module_open)
{
	struct testmod_info t1, t2;
	int a = OPEN_OK(echo_path(3), O_RDWR), b;

	ASSERT_OK(ioctl(a, I_PUSH, TESTMOD_NAME));
	ASSERT_OK(testmod_info(a, &t1));
	b = OPEN_OK(echo_path(3), O_RDWR);
	ASSERT_OK(testmod_info(b, &t2));
	EXPECT_EQ(t1.instance, t2.instance) TH_LOG("re-open: another testmod instance answered");
	EXPECT_EQ(t1.opens + 1, t2.opens)
		TH_LOG("re-open of %s with testmod pushed: expected the module's open routine called again (opens %d -> %d), got %d",
		       echo_path(3), t1.opens, t1.opens + 1, t2.opens);
	close(b);
	close(a);
}

TEST(open_missing_minor_enxio)
{
	char path[64];
	const char *p;
	int fd;

	p = echo_node(ECHO_NMINORS + 1, path, sizeof(path));
	ASSERT_NE(NULL, p) TH_LOG("mknod for echo minor %d: errno %s", ECHO_NMINORS + 1,
				  lis_errname(errno));
	fd = open(p, O_RDWR);
	EXPECT_EQ(-1, fd) TH_LOG("open(echo minor %d, no such minor): expected -1/ENXIO, got fd %d",
				 ECHO_NMINORS + 1, fd);
	if (fd < 0) {
		EXPECT_EQ(ENXIO, errno) TH_LOG("open(echo minor %d): expected ENXIO, got %s",
					       ECHO_NMINORS + 1, lis_errname(errno));
	} else {
		close(fd);
	}
	unlink(p);

	p = echo_node(200, path, sizeof(path));
	ASSERT_NE(NULL, p);
	fd = open(p, O_RDWR);
	EXPECT_EQ(-1, fd) TH_LOG("open(echo minor 200): expected -1/ENXIO, got fd %d", fd);
	if (fd < 0) {
		EXPECT_EQ(ENXIO, errno) TH_LOG("open(echo minor 200): expected ENXIO, got %s",
					       lis_errname(errno));
	} else {
		close(fd);
	}
	unlink(p);
}

TEST(driver_open_error_returned)
{
	int fd;

	ASSERT_EQ(0, sysfs_write_int(ECHO_PARAM("open_error"), EACCES));
	fd = open(echo_path(4), O_RDWR);
	EXPECT_EQ(-1, fd) TH_LOG("open(%s) with the driver's open returning EACCES: got fd %d",
				 echo_path(4), fd);
	if (fd < 0) {
		EXPECT_EQ(EACCES, errno) TH_LOG("open(%s): expected EACCES, got %s", echo_path(4),
						lis_errname(errno));
	} else {
		close(fd);
	}
	fd = open(ECHO_CLONE, O_RDWR);
	EXPECT_EQ(-1, fd);
	if (fd < 0) {
		EXPECT_EQ(EACCES, errno) TH_LOG("clone open: expected EACCES, got %s",
						lis_errname(errno));
	} else {
		close(fd);
	}
	ASSERT_EQ(0, sysfs_write_int(ECHO_PARAM("open_error"), 0));
	fd = OPEN_OK(echo_path(4), O_RDWR);	/* the failed opens left nothing behind */
	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, NULL, 0, 0, NULL));
	close(fd);
}

TEST(module_open_gets_modopen)
{
	struct testmod_info ti;
	int fd = OPEN_OK(echo_path(2), O_RDWR);

	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	ASSERT_OK(testmod_info(fd, &ti));
	EXPECT_EQ(MODOPEN, ti.sflag)
		TH_LOG("I_PUSH(testmod): module open sflag: expected MODOPEN (%d), got %d", MODOPEN,
		       ti.sflag);
	EXPECT_EQ(2, ti.minor)
		TH_LOG("I_PUSH(testmod) on %s: module open got minor %d, expected 2", echo_path(2),
		       ti.minor);
	EXPECT_EQ(OFLAG_FREAD | OFLAG_FWRITE, ti.oflag & (OFLAG_FREAD | OFLAG_FWRITE))
		TH_LOG("I_PUSH(testmod): module open oflag %#x, expected OFLAG_FREAD|OFLAG_FWRITE", ti.oflag);
	close(fd);
}

TEST(module_open_failure_fails_push)
{
	char name[FMNAMESZ + 1];
	int fd = OPEN_OK(echo_path(2), O_RDWR), closes0 = -1, closes1 = -1;

	ASSERT_EQ(0, sysfs_read_int(TESTMOD_PARAM("closes"), &closes0));
	ASSERT_EQ(0, sysfs_write_int(TESTMOD_PARAM("fail_open"), ENXIO));
	CHECK_FAIL(ENXIO, ioctl(fd, I_PUSH, TESTMOD_NAME));
	ASSERT_EQ(0, sysfs_write_int(TESTMOD_PARAM("fail_open"), EPERM));
	errno = 0;
	EXPECT_EQ(-1, ioctl(fd, I_PUSH, TESTMOD_NAME));
	EXPECT_TRUE(errno == EPERM || errno == ENXIO)
		TH_LOG("I_PUSH(testmod) whose open returns EPERM: expected EPERM (or ENXIO), got %s",
		       lis_errname(errno));
	ASSERT_EQ(0, sysfs_write_int(TESTMOD_PARAM("fail_open"), 0));
	CHECK_FAIL(EINVAL, ioctl(fd, I_LOOK, name));	/* nothing was left pushed */
	ASSERT_EQ(0, sysfs_read_int(TESTMOD_PARAM("closes"), &closes1));
	EXPECT_EQ(closes0, closes1) TH_LOG("a failed module open must not be followed by its close");
	CHECK_RC(ECHO_ACK_RVAL, i_str(fd, ECHO_ACK, NULL, 0, 0, NULL));
	ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	close(fd);
}

TEST(close_pops_every_module)
{
	int fd = OPEN_OK(echo_path(1), O_RDWR), other, closes0 = -1, closes1 = -1, i;
	struct testmod_info ti;

	ASSERT_EQ(0, sysfs_read_int(TESTMOD_PARAM("closes"), &closes0));
	for (i = 0; i < 3; i++)
		ASSERT_OK(ioctl(fd, I_PUSH, TESTMOD_NAME));
	ASSERT_OK(ioctl(fd, I_PUSH, PASSMOD_NAME));
	close(fd);
	ASSERT_EQ(0, sysfs_read_int(TESTMOD_PARAM("closes"), &closes1));
	EXPECT_EQ(closes0 + 3, closes1)
		TH_LOG("close with 3 testmods pushed: module close calls %d -> %d, expected +3",
		       closes0, closes1);
	/* the same count, read through a testmod on another stream */
	other = OPEN_OK(ECHO_CLONE, O_RDWR);
	ASSERT_OK(ioctl(other, I_PUSH, TESTMOD_NAME));
	ASSERT_OK(testmod_info(other, &ti));
	EXPECT_EQ(closes0 + 3, ti.closes);
	close(other);
	/* the minor is free again and the new stream has no module */
	fd = OPEN_OK(echo_path(1), O_RDWR);
	CHECK_RC(1, ioctl(fd, I_LIST, NULL));
	close(fd);
}

TEST(close_calls_driver_close)
{
	int c0 = -1, c1 = -1, fd, fd2;

	ASSERT_EQ(0, sysfs_read_int(ECHO_PARAM("closes"), &c0));
	fd = OPEN_OK(ECHO_CLONE, O_RDWR);
	fd2 = OPEN_OK(echo_path(4), O_RDWR);
	close(fd);
	close(fd2);
	ASSERT_EQ(0, sysfs_read_int(ECHO_PARAM("closes"), &c1));
	EXPECT_EQ(c0 + 2, c1) TH_LOG("closing a clone and a fixed stream: driver close calls %d -> %d, expected +2",
				     c0, c1);
}

TEST(cltime_default_15000)
{
	int fd = OPEN_OK(echo_path(1), O_RDWR), ms = -1;

	CHECK_RC(0, ioctl(fd, I_GETCLTIME, &ms));
	EXPECT_EQ(15000, ms) TH_LOG("I_GETCLTIME on a new stream: expected 15000, got %d", ms);
	close(fd);
}

TEST(cltime_set_get_and_errors)
{
	int fd = OPEN_OK(echo_path(1), O_RDWR), ms = 1000, neg = -1;

	CHECK_RC(0, ioctl(fd, I_SETCLTIME, &ms));
	ms = -1;
	CHECK_RC(0, ioctl(fd, I_GETCLTIME, &ms));
	EXPECT_EQ(1000, ms) TH_LOG("I_SETCLTIME(1000) then I_GETCLTIME: got %d", ms);
	ms = 0;
	CHECK_RC(0, ioctl(fd, I_SETCLTIME, &ms));
	ms = -1;
	CHECK_RC(0, ioctl(fd, I_GETCLTIME, &ms));
	EXPECT_EQ(0, ms) TH_LOG("I_SETCLTIME(0) then I_GETCLTIME: got %d", ms);
	CHECK_FAIL(EINVAL, ioctl(fd, I_SETCLTIME, &neg));
	CHECK_FAIL(EFAULT, ioctl(fd, I_SETCLTIME, lis_bad_ptr));
	CHECK_FAIL(EFAULT, ioctl(fd, I_GETCLTIME, lis_bad_ptr));
	close(fd);
}

/* loop.1 with data stuck on its write side (loop.2 open, not reading). */
static int stuck_loop(struct __test_metadata *_metadata, int *peer, int flags)
{
	int fd;
	long n;

	*peer = OPEN_OK(loop_path(2), O_RDWR);
	fd = OPEN_OK(loop_path(1), O_RDWR | flags);
	n = fill_stream(fd, 0, 4096);
	ASSERT_LT(0, n) TH_LOG("filling loop.1 until EAGAIN: %s", lis_errname(errno));
	return fd;
}

TEST(close_waits_cltime_for_data_to_drain)
{
	int peer, fd = stuck_loop(_metadata, &peer, 0), ms = 1000;
	long t0, dt;

	ASSERT_OK(ioctl(fd, I_SETCLTIME, &ms));
	t0 = now_ms();
	close(fd);
	dt = now_ms() - t0;
	EXPECT_LE(800, dt)
		TH_LOG("close(loop.1) with data on its write queue and I_SETCLTIME(1000): took %ld ms, expected about 1000 (the head waits for the data to drain)",
		       dt);
	EXPECT_GT(6000, dt) TH_LOG("close(loop.1) with I_SETCLTIME(1000): took %ld ms", dt);
	close(peer);
}

TEST(close_cltime_zero_or_nonblock_does_not_wait)
{
	int peer, fd = stuck_loop(_metadata, &peer, 0), ms = 0;
	long t0, dt;

	ASSERT_OK(ioctl(fd, I_SETCLTIME, &ms));
	t0 = now_ms();
	close(fd);
	dt = now_ms() - t0;
	EXPECT_GT(500, dt) TH_LOG("close(loop.1) with I_SETCLTIME(0): took %ld ms", dt);
	close(peer);

	fd = stuck_loop(_metadata, &peer, O_NONBLOCK);
	t0 = now_ms();
	close(fd);
	dt = now_ms() - t0;
	EXPECT_GT(500, dt) TH_LOG("close(loop.1 opened O_NONBLOCK) with data queued: took %ld ms (must not wait)",
				  dt);
	close(peer);
}

static void *drain_later(void *arg)
{
	sleep_ms(300);
	drain_stream(*(int *)arg);
	return NULL;
}

TEST(close_returns_when_data_drains)
{
	int peer, fd = stuck_loop(_metadata, &peer, 0);
	pthread_t t;
	long t0, dt;

	/* the peer starts reading after 300 ms: close returns once the data has gone */
	t0 = now_ms();
	ASSERT_EQ(0, pthread_create(&t, NULL, drain_later, &peer));
	close(fd);
	dt = now_ms() - t0;
	pthread_join(t, NULL);
	EXPECT_LE(200, dt)
		TH_LOG("close(loop.1) with data on its write queue (default close time): returned after %ld ms, before the peer read the data",
		       dt);
	EXPECT_GT(10000, dt)
		TH_LOG("close(loop.1): took %ld ms although the data drained after 300 ms", dt);
	close(peer);
}

TEST_HARNESS_MAIN
