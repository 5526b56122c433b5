// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: data written on one loop minor is read on its partner (1<->2, 3<->4, ...), in both
 * directions, one message per write(), with message boundaries kept by read().
 */
#include "kselftest_harness.h"
#include "lis_test.h"

#define BIG (128 * 1024)

FIXTURE(pair) {
	int a, b;		/* loop.1 and loop.2 */
	unsigned char *out, *in;
};

FIXTURE_SETUP(pair)
{
	self->a = open(loop_path(1), O_RDWR);
	ASSERT_LE(0, self->a) TH_LOG("open(%s): errno %d (%s)", loop_path(1), errno, strerror(errno));
	self->b = open(loop_path(2), O_RDWR);
	ASSERT_LE(0, self->b) TH_LOG("open(%s): errno %d (%s)", loop_path(2), errno, strerror(errno));
	self->out = malloc(BIG);
	self->in = malloc(BIG);
	ASSERT_NE(NULL, self->out);
	ASSERT_NE(NULL, self->in);
}

FIXTURE_TEARDOWN(pair)
{
	close(self->a);
	close(self->b);
	free(self->out);
	free(self->in);
}

/* Write len bytes (pattern seeded by seed) on wfd, read them back as one message on rfd. */
static void xfer(struct __test_metadata *_metadata, int wfd, int rfd,
		 unsigned char *out, unsigned char *in, size_t len, int seed,
		 const char *dir)
{
	ssize_t n;
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = (unsigned char)(i * 7 + seed);
	n = write(wfd, out, len);
	ASSERT_EQ((ssize_t)len, n)
		TH_LOG("%s write(%zu): expected %zu, got %zd errno %d (%s)",
		       dir, len, len, n, errno, strerror(errno));
	ASSERT_LT(0, wait_events(rfd, POLLIN, 10000))
		TH_LOG("%s poll(POLLIN) after write(%zu): no data within 10 s", dir, len);
	memset(in, 0, BIG);
	n = read(rfd, in, BIG);
	ASSERT_EQ((ssize_t)len, n)
		TH_LOG("%s read(%d) after write(%zu): expected %zu bytes, got %zd errno %d (%s)",
		       dir, BIG, len, len, n, errno, strerror(errno));
	ASSERT_EQ(0, memcmp(out, in, len)) TH_LOG("%s: data of %zu bytes differ", dir, len);
}

static const size_t sizes[] = { 1, 100, 4096, 65536 };

TEST_F(pair, one_to_two)
{
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		xfer(_metadata, self->a, self->b, self->out, self->in, sizes[i], i, "loop.1->loop.2");
}

TEST_F(pair, two_to_one)
{
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		xfer(_metadata, self->b, self->a, self->out, self->in, sizes[i], i + 3, "loop.2->loop.1");
}

/* Two writes queued before any read come back as two reads of their own sizes. */
TEST_F(pair, boundaries_kept)
{
	char buf[64] = "";
	ssize_t n;

	ASSERT_EQ(3, write(self->a, "abc", 3)) TH_LOG("write(abc): errno %d", errno);
	ASSERT_EQ(5, write(self->a, "defgh", 5)) TH_LOG("write(defgh): errno %d", errno);
	ASSERT_LT(0, wait_events(self->b, POLLIN, 10000)) TH_LOG("poll(POLLIN): no data in 10 s");
	n = read(self->b, buf, sizeof(buf));
	ASSERT_EQ(3, n) TH_LOG("first read(64): expected 3 bytes (first message), got %zd errno %d", n, errno);
	ASSERT_EQ(0, memcmp(buf, "abc", 3));
	ASSERT_LT(0, wait_events(self->b, POLLIN, 10000)) TH_LOG("poll(POLLIN) for 2nd message: none in 10 s");
	n = read(self->b, buf, sizeof(buf));
	ASSERT_EQ(5, n) TH_LOG("second read(64): expected 5 bytes (second message), got %zd errno %d", n, errno);
	ASSERT_EQ(0, memcmp(buf, "defgh", 5));
}

/* A read smaller than the message leaves the rest of that message, and only it, for the next read. */
TEST_F(pair, short_read_keeps_rest)
{
	char buf[64] = "";
	ssize_t n;

	ASSERT_EQ(10, write(self->a, "0123456789", 10)) TH_LOG("write(10): errno %d", errno);
	ASSERT_EQ(2, write(self->a, "XY", 2)) TH_LOG("write(2): errno %d", errno);
	ASSERT_LT(0, wait_events(self->b, POLLIN, 10000)) TH_LOG("poll(POLLIN): no data in 10 s");
	n = read(self->b, buf, 4);
	ASSERT_EQ(4, n) TH_LOG("read(4) of a 10-byte message: expected 4, got %zd errno %d", n, errno);
	ASSERT_EQ(0, memcmp(buf, "0123", 4));
	n = read(self->b, buf, sizeof(buf));
	ASSERT_EQ(6, n) TH_LOG("read(64) of the rest: expected 6, got %zd errno %d", n, errno);
	ASSERT_EQ(0, memcmp(buf, "456789", 6));
	n = read(self->b, buf, sizeof(buf));
	ASSERT_EQ(2, n) TH_LOG("read(64) of next message: expected 2, got %zd errno %d", n, errno);
	ASSERT_EQ(0, memcmp(buf, "XY", 2));
}

/* Every pair (1<->2, 3<->4, 5<->6, 7<->8) is connected, and only to its partner. */
TEST(all_pairs)
{
	int fd[LOOP_MINORS + 1], k;
	char buf[32];
	ssize_t n;

	for (k = 1; k <= LOOP_MINORS; k++) {
		fd[k] = open(loop_path(k), O_RDWR | O_NONBLOCK);
		ASSERT_LE(0, fd[k]) TH_LOG("open(%s): errno %d (%s)", loop_path(k), errno, strerror(errno));
	}
	for (k = 1; k <= LOOP_MINORS; k++) {
		int peer = (k & 1) ? k + 1 : k - 1;
		char msg[16];

		snprintf(msg, sizeof(msg), "from %d", k);
		ASSERT_EQ((ssize_t)strlen(msg), write(fd[k], msg, strlen(msg)))
			TH_LOG("write(%s): errno %d (%s)", loop_path(k), errno, strerror(errno));
		ASSERT_LT(0, wait_events(fd[peer], POLLIN, 10000))
			TH_LOG("poll(%s, POLLIN) after write on %s: nothing in 10 s",
			       loop_path(peer), loop_path(k));
		memset(buf, 0, sizeof(buf));
		n = read(fd[peer], buf, sizeof(buf));
		ASSERT_EQ((ssize_t)strlen(msg), n)
			TH_LOG("read(%s): expected %zu, got %zd errno %d", loop_path(peer), strlen(msg), n, errno);
		ASSERT_STREQ(msg, buf);
	}
	/* nothing leaked to any other minor */
	for (k = 1; k <= LOOP_MINORS; k++) {
		n = read(fd[k], buf, sizeof(buf));
		EXPECT_EQ(-1, n) TH_LOG("read(%s) after all pairs: expected EAGAIN, got %zd bytes", loop_path(k), n);
		close(fd[k]);
	}
}

TEST_HARNESS_MAIN
