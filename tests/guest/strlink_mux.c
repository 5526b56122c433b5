// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Multiplexor links (streamio I_LINK, I_UNLINK, I_PLINK, I_PUNLINK) with the test driver "mux"
 * (tests/kmod/lis_mux.c) over loop streams: data crosses the multiplexor both ways, a linked
 * stream refuses user I/O, links go away with the controlling stream, persistent ones do not.
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"
#include <sys/ioctl.h>
#include <sys/stropts.h>

LIS_TEST_MODULES("lis_mux");

#define MUX "/dev/streams/mux"

static int xopen(const char *path)
{
	return open(path, O_RDWR);
}

/* Read with a bounded wait; returns bytes or -1. */
static int read_wait(int fd, char *buf, int len)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, 5000) != 1)
		return -1;
	return read(fd, buf, len);
}

TEST(link_data_both_ways)
{
	int mux = xopen(MUX), lower = xopen("/dev/streams/loop.1"), peer, id, n;
	char buf[64];

	ASSERT_LE(0, mux) TH_LOG("open(%s): %s", MUX, strerror(errno));
	ASSERT_LE(0, lower);
	peer = xopen("/dev/streams/loop.2");
	ASSERT_LE(0, peer);
	id = ioctl(mux, I_LINK, lower);
	ASSERT_LT(0, id) TH_LOG("I_LINK: expected a mux id > 0, got %d errno %s", id,
				lis_errname(errno));
	ASSERT_EQ(0, close(lower));	/* the link holds the lower stream */
	ASSERT_EQ(5, write(mux, "down!", 5));
	n = read_wait(peer, buf, sizeof(buf));
	ASSERT_EQ(5, n) TH_LOG("read on loop.2 after a write on the mux: %d %s", n,
			       lis_errname(errno));
	ASSERT_EQ(0, memcmp(buf, "down!", 5));
	ASSERT_EQ(3, write(peer, "up!", 3));
	n = read_wait(mux, buf, sizeof(buf));
	ASSERT_EQ(3, n) TH_LOG("read on the mux after a write on loop.2: %d %s", n,
			       lis_errname(errno));
	ASSERT_EQ(0, memcmp(buf, "up!", 3));
	ASSERT_EQ(0, ioctl(mux, I_UNLINK, id)) TH_LOG("I_UNLINK(%d): %s", id, lis_errname(errno));
	close(peer);
	close(mux);
}

TEST(linked_stream_refuses_io)
{
	int mux = xopen(MUX), lower = xopen("/dev/streams/loop.3"), id;
	char c;

	ASSERT_LE(0, mux);
	ASSERT_LE(0, lower);
	id = ioctl(mux, I_LINK, lower);
	ASSERT_LT(0, id);
	EXPECT_EQ(-1, write(lower, "x", 1));
	EXPECT_EQ(EINVAL, errno) TH_LOG("write on a linked stream: expected EINVAL, got %s",
					lis_errname(errno));
	EXPECT_EQ(-1, read(lower, &c, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(lower, I_NREAD, &id));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(mux, I_LINK, lower));
	EXPECT_EQ(EINVAL, errno) TH_LOG("I_LINK of a linked stream: expected EINVAL, got %s",
					lis_errname(errno));
	close(mux);	/* the last close unlinks */
	EXPECT_EQ(1, write(lower, "y", 1)) TH_LOG("write after the controlling close: %s",
						   lis_errname(errno));
	close(lower);
}

TEST(link_errors)
{
	int mux = xopen(MUX), loop = xopen("/dev/streams/loop.5"), other = xopen("/dev/streams/loop.7");

	ASSERT_LE(0, mux);
	ASSERT_LE(0, loop);
	ASSERT_LE(0, other);
	EXPECT_EQ(-1, ioctl(loop, I_LINK, other));
	EXPECT_EQ(EINVAL, errno) TH_LOG("I_LINK under a driver that is not a multiplexor: "
					"expected EINVAL, got %s", lis_errname(errno));
	EXPECT_EQ(-1, ioctl(mux, I_LINK, 12345));
	EXPECT_EQ(EBADF, errno) TH_LOG("I_LINK of a bad descriptor: expected EBADF, got %s",
				       lis_errname(errno));
	EXPECT_EQ(-1, ioctl(mux, I_LINK, 0));
	EXPECT_EQ(EINVAL, errno) TH_LOG("I_LINK of a descriptor that is not a stream: "
					"expected EINVAL, got %s", lis_errname(errno));
	EXPECT_EQ(-1, ioctl(mux, I_LINK, mux));
	EXPECT_EQ(EINVAL, errno) TH_LOG("I_LINK of the stream itself: expected EINVAL, got %s",
					lis_errname(errno));
	EXPECT_EQ(-1, ioctl(mux, I_UNLINK, 999999));
	EXPECT_EQ(EINVAL, errno) TH_LOG("I_UNLINK of an unknown id: expected EINVAL, got %s",
					lis_errname(errno));
	EXPECT_EQ(0, ioctl(mux, I_UNLINK, MUXID_ALL));
	close(other);
	close(loop);
	close(mux);
}

TEST(persistent_link_outlives_its_stream)
{
	int mux = xopen(MUX), lower = xopen("/dev/streams/loop.1"), peer, id, n;
	char buf[16];

	ASSERT_LE(0, mux);
	ASSERT_LE(0, lower);
	id = ioctl(mux, I_PLINK, lower);
	ASSERT_LT(0, id) TH_LOG("I_PLINK: %s", lis_errname(errno));
	close(lower);
	close(mux);	/* a persistent link stays */
	mux = xopen(MUX);
	ASSERT_LE(0, mux);
	peer = xopen("/dev/streams/loop.2");
	ASSERT_LE(0, peer);
	ASSERT_EQ(2, write(peer, "hi", 2));
	n = read_wait(mux, buf, sizeof(buf));
	EXPECT_EQ(2, n) TH_LOG("data up a persistent link to a new mux stream: %d %s", n,
			       lis_errname(errno));
	EXPECT_EQ(-1, ioctl(mux, I_UNLINK, id));
	EXPECT_EQ(EINVAL, errno) TH_LOG("I_UNLINK of a persistent link: expected EINVAL, got %s",
					lis_errname(errno));
	EXPECT_EQ(0, ioctl(mux, I_PUNLINK, id)) TH_LOG("I_PUNLINK(%d): %s", id,
						       lis_errname(errno));
	close(peer);
	close(mux);
}

TEST_HARNESS_MAIN
