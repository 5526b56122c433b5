// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The SVR4 clone driver: /dev/streams/clone exists (minor 0 of the streams major names no
 * driver: ENXIO), and a node made the SVR4 way, with the clone major and the cloned driver's
 * major as its minor, opens a new stream of that driver on every open.
 */
#include "kselftest_harness.h"
#include "lis_test.h"
#include <sys/stat.h>
#include <sys/sysmacros.h>

#define NODE "/tmp/lis-loop-clone"

TEST(clone_node_exists)
{
	struct stat st;

	ASSERT_EQ(0, stat("/dev/streams/clone", &st)) TH_LOG("stat(/dev/streams/clone): %s",
							      strerror(errno));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(streams_major(), (int)major(st.st_rdev));
	EXPECT_EQ(0, (int)minor(st.st_rdev));
	EXPECT_EQ(-1, open("/dev/streams/clone", O_RDWR));
	EXPECT_EQ(ENXIO, errno) TH_LOG("open of the bare clone node: expected ENXIO, got %s",
				       strerror(errno));
}

TEST(svr4_style_clone_node)
{
	struct stat st;
	int a, b, pa, pb;
	char c;

	/* /dev/streams/loop is itself such a node: its minor is the loop driver's major */
	ASSERT_EQ(0, stat("/dev/streams/loop", &st));
	unlink(NODE);
	ASSERT_EQ(0, mknod(NODE, S_IFCHR | 0666, st.st_rdev)) TH_LOG("mknod: %s", strerror(errno));
	a = open(NODE, O_RDWR);
	b = open(NODE, O_RDWR);
	ASSERT_LE(0, a) TH_LOG("open of an SVR4-made clone node: %s", strerror(errno));
	ASSERT_LE(0, b);
	/* two different streams: neither is connected, so nothing written comes back on the other */
	pa = write(a, "x", 1);
	pb = write(b, "y", 1);
	EXPECT_EQ(1, pa);
	EXPECT_EQ(1, pb);
	fcntl(b, F_SETFL, O_NONBLOCK);
	EXPECT_EQ(-1, read(b, &c, 1));
	EXPECT_EQ(EAGAIN, errno);
	close(a);
	close(b);
	unlink(NODE);
}

TEST_HARNESS_MAIN
