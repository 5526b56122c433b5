// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: drivers built from object files (tests/binary/, built by driver.mk in two steps:
 * source -> object with the LiS headers only, object + Config -> module). bsample.ko is an echo
 * driver (nodes bsample, bsample.1, bsample.2, and bsample.up 0640 owned 7:8 with bupper
 * autopushed), bupper.ko a module turning data read to upper case. Loaded after streams.ko, opened, pushed, exercised,
 * unloaded; loading before streams.ko fails cleanly; unloading while in use is refused.
 * The tests run in order and leave both modules unloaded.
 */
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/stropts.h>
#include "kselftest_harness.h"
#include "lis_test.h"

#define KO_DIR		"/lib/lis/"
#define BSAMPLE_COUNT	(('b' << 8) | 1)

static int load(const char *name, const char *params)
{
	char path[128];
	int fd, rc;

	snprintf(path, sizeof(path), KO_DIR "%s.ko", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = syscall(SYS_finit_module, fd, params, 0);
	close(fd);
	return rc;
}

static int unload(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK);
}

static int loaded(const char *name)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return stat(path, &st) == 0;
}

/* Write @in on @fd and read it back (as @want), within 10 s. */
static int echo(int fd, const char *in, const char *want)
{
	char buf[64] = "";
	ssize_t n;

	if (write(fd, in, strlen(in)) != (ssize_t)strlen(in))
		return -1;
	if (wait_events(fd, POLLIN, 10000) <= 0)
		return -2;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n != (ssize_t)strlen(want))
		return -3;
	return memcmp(buf, want, n) ? -4 : 0;
}

static unsigned int mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_mode & 07777;
}

/* Loading a driver module before streams.ko fails cleanly (its symbols are missing). */
TEST(load_before_streams_fails)
{
	int rc;

	ASSERT_EQ(0, access(KO_DIR "bsample.ko", R_OK)) TH_LOG("no " KO_DIR "bsample.ko: the rig did not build the binary samples");
	rc = unload("streams");
	if (rc) {
		/* another test's module still uses streams.ko: nothing to do but say so */
		SKIP(return, "streams.ko in use (errno %d), cannot unload it to try", errno);
	}
	rc = load("bsample", "");
	EXPECT_EQ(-1, rc) TH_LOG("loading bsample.ko without streams.ko: expected failure, got %d", rc);
	EXPECT_EQ(ENOENT, errno) TH_LOG("expected ENOENT (unknown symbols), got %d (%s)", errno, strerror(errno));
	EXPECT_FALSE(loaded("bsample"));
	if (rc == 0)
		unload("bsample");
	ASSERT_EQ(0, load("streams", "")) TH_LOG("reloading streams.ko: errno %d (%s)", errno, strerror(errno));
}

TEST(load_and_nodes)
{
	char val[16] = "";
	struct stat st;
	FILE *f;

	ASSERT_EQ(0, load("bsample", "bsample_debug=1"))
		TH_LOG("finit_module(bsample.ko): errno %d (%s)", errno, strerror(errno));
	EXPECT_EQ(0666u, mode_of("/dev/streams/bsample")) TH_LOG("clone node mode 0%o", mode_of("/dev/streams/bsample"));
	EXPECT_EQ(0666u, mode_of("/dev/streams/bsample.1"));
	EXPECT_EQ(0666u, mode_of("/dev/streams/bsample.2"));
	EXPECT_EQ(0640u, mode_of("/dev/streams/bsample.up"))
		TH_LOG("bsample.up mode: expected 0640 (its Config), got 0%o", mode_of("/dev/streams/bsample.up"));
	EXPECT_EQ(0, stat("/dev/streams/bsample.up", &st));
	EXPECT_EQ(7u, st.st_uid) TH_LOG("bsample.up owner: expected 7 (its Config), got %u", st.st_uid);
	EXPECT_EQ(8u, st.st_gid) TH_LOG("bsample.up group: expected 8 (its Config), got %u", st.st_gid);
	EXPECT_EQ(0u, mode_of("/dev/streams/bsample.3")) TH_LOG("minor 3 is named bsample.up, not bsample.3");
	f = fopen("/sys/module/bsample/parameters/bsample_debug", "r");
	ASSERT_NE(NULL, f) TH_LOG("no parameter bsample_debug (from the Config)");
	EXPECT_NE(NULL, fgets(val, sizeof(val), f));
	fclose(f);
	EXPECT_EQ(0, strcmp(val, "1\n")) TH_LOG("bsample_debug: expected 1, got '%s'", val);
}

TEST(open_echo_ioctl)
{
	struct strioctl sio = { .ic_cmd = BSAMPLE_COUNT };
	int fd, c;

	fd = open("/dev/streams/bsample.1", O_RDWR);
	ASSERT_LE(0, fd) TH_LOG("open(bsample.1): errno %d (%s)", errno, strerror(errno));
	EXPECT_EQ(0, echo(fd, "hello", "hello"));
	EXPECT_EQ(0, echo(fd, "again", "again"));
	EXPECT_EQ(2, ioctl(fd, I_STR, &sio)) TH_LOG("BSAMPLE_COUNT: errno %d (%s)", errno, strerror(errno));
	sio.ic_cmd = BSAMPLE_COUNT + 1;
	EXPECT_EQ(-1, ioctl(fd, I_STR, &sio));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	c = open("/dev/streams/bsample", O_RDWR);
	ASSERT_LE(0, c) TH_LOG("clone open: errno %d (%s)", errno, strerror(errno));
	EXPECT_EQ(0, echo(c, "clone", "clone"));
	close(c);
}

/* bsample.up autopushes bupper: without bupper.ko the open fails, and leaves nothing held. */
TEST(autopush_module_missing)
{
	int fd;

	ASSERT_FALSE(loaded("bupper"));
	fd = open("/dev/streams/bsample.up", O_RDWR);
	EXPECT_EQ(-1, fd) TH_LOG("open(bsample.up) without its autopush module: expected failure");
	EXPECT_EQ(EINVAL, errno) TH_LOG("expected EINVAL, got %d (%s)", errno, strerror(errno));
	if (fd >= 0)
		close(fd);
}

TEST(push_and_autopush)
{
	char name[FMNAMESZ + 1] = "";
	int fd, up;

	ASSERT_EQ(0, load("bupper", "")) TH_LOG("finit_module(bupper.ko): errno %d (%s)", errno, strerror(errno));
	fd = open("/dev/streams/bsample.2", O_RDWR);
	ASSERT_LE(0, fd) TH_LOG("open(bsample.2): errno %d (%s)", errno, strerror(errno));
	ASSERT_EQ(0, ioctl(fd, I_PUSH, "bupper")) TH_LOG("I_PUSH bupper: errno %d (%s)", errno, strerror(errno));
	EXPECT_EQ(0, echo(fd, "abc", "ABC"));
	EXPECT_EQ(-1, unload("bupper")) TH_LOG("bupper unloaded while pushed on a stream");
	up = open("/dev/streams/bsample.up", O_RDWR);
	ASSERT_LE(0, up) TH_LOG("open(bsample.up): errno %d (%s)", errno, strerror(errno));
	EXPECT_EQ(0, ioctl(up, I_LOOK, name)) TH_LOG("I_LOOK: errno %d (%s)", errno, strerror(errno));
	EXPECT_EQ(0, strcmp(name, "bupper")) TH_LOG("autopushed module: expected bupper, got '%s'", name);
	EXPECT_EQ(0, echo(up, "xyz", "XYZ"));
	close(up);
	EXPECT_EQ(0, ioctl(fd, I_POP, 0));
	EXPECT_EQ(0, echo(fd, "abc", "abc"));
	close(fd);
}

TEST(unload_refused_while_open)
{
	struct stat st;
	int fd, rc;

	fd = open("/dev/streams/bsample.1", O_RDWR);
	ASSERT_LE(0, fd) TH_LOG("open(bsample.1): errno %d (%s)", errno, strerror(errno));
	rc = unload("bsample");
	EXPECT_EQ(-1, rc) TH_LOG("bsample unloaded with a stream open");
	EXPECT_TRUE(errno == EWOULDBLOCK || errno == EBUSY) TH_LOG("errno %d (%s)", errno, strerror(errno));
	rc = unload("streams");
	EXPECT_EQ(-1, rc) TH_LOG("streams unloaded under a driver module");
	EXPECT_EQ(0, echo(fd, "still", "still"));
	close(fd);
	/* unload in either order: the module first, then the driver */
	EXPECT_EQ(0, unload("bupper")) TH_LOG("rmmod bupper: errno %d (%s)", errno, strerror(errno));
	EXPECT_EQ(0, unload("bsample")) TH_LOG("rmmod bsample: errno %d (%s)", errno, strerror(errno));
	EXPECT_NE(0, stat("/dev/streams/bsample.1", &st)) TH_LOG("bsample.1 still there after unload");
	EXPECT_NE(0, stat("/dev/streams/bsample.up", &st));
}

TEST(reload_other_order)
{
	int fd;

	ASSERT_EQ(0, load("bupper", "")) TH_LOG("errno %d (%s)", errno, strerror(errno));
	ASSERT_EQ(0, load("bsample", "")) TH_LOG("errno %d (%s)", errno, strerror(errno));
	fd = open("/dev/streams/bsample.up", O_RDWR);
	ASSERT_LE(0, fd) TH_LOG("open(bsample.up): errno %d (%s)", errno, strerror(errno));
	EXPECT_EQ(0, echo(fd, "q", "Q"));
	close(fd);
	EXPECT_EQ(0, unload("bsample")) TH_LOG("rmmod bsample: errno %d (%s)", errno, strerror(errno));
	EXPECT_EQ(0, unload("bupper")) TH_LOG("rmmod bupper: errno %d (%s)", errno, strerror(errno));
	EXPECT_FALSE(loaded("bsample"));
	EXPECT_FALSE(loaded("bupper"));
}

TEST_HARNESS_MAIN
