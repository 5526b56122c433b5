// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * I_FDINSERT (streamio(7I)): a message whose control part carries, at a given offset, a
 * pointer identifying another stream, sent like putmsg; tested over the echo driver, which
 * sends the message back so the control part can be inspected. And its documented errors.
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"
#include <stdint.h>
#include <sys/ioctl.h>
#include <stropts.h>

LIS_TEST_MODULES("lis_echo");

static int fdinsert(int fd, char *ctl, int clen, char *data, int dlen, int other, int offset,
		    unsigned long flags)
{
	struct strfdinsert fi = {
		.ctlbuf = { .maxlen = clen, .len = clen, .buf = ctl },
		.databuf = { .maxlen = dlen, .len = dlen, .buf = data },
		.flags = flags, .fildes = other, .offset = offset,
	};

	return ioctl(fd, I_FDINSERT, &fi);
}

TEST(pointer_inserted_into_control_part)
{
	int fd = open("/dev/streams/echo", O_RDWR), other = open("/dev/streams/loop.1", O_RDWR);
	char ctl[16], data[4] = "abc", rctl[32], rdata[16];
	struct strbuf c = { .maxlen = sizeof(rctl), .buf = rctl };
	struct strbuf d = { .maxlen = sizeof(rdata), .buf = rdata };
	uintptr_t ptr;
	int flags = 0, rc;

	ASSERT_LE(0, fd) TH_LOG("open(/dev/streams/echo): %s", lis_errname(errno));
	ASSERT_LE(0, other);
	memset(ctl, 0x5a, sizeof(ctl));
	rc = fdinsert(fd, ctl, sizeof(ctl), data, 3, other, 8, 0);
	ASSERT_EQ(0, rc) TH_LOG("I_FDINSERT: expected 0, got %d errno %s", rc, lis_errname(errno));
	rc = getmsg(fd, &c, &d, &flags);
	ASSERT_EQ(0, rc) TH_LOG("getmsg of the echoed message: %d %s", rc, lis_errname(errno));
	ASSERT_EQ(16, c.len);
	ASSERT_EQ(3, d.len);
	EXPECT_EQ(0, memcmp(rctl, ctl, 8)) TH_LOG("bytes before the offset must be kept");
	memcpy(&ptr, rctl + 8, sizeof(ptr));
	EXPECT_NE(0, ptr) TH_LOG("no pointer stored at offset 8");
	EXPECT_EQ(0, memcmp(rdata, "abc", 3));
	close(other);
	close(fd);
}

TEST(errors)
{
	int fd = open("/dev/streams/echo", O_RDWR), other = open("/dev/streams/loop.3", O_RDWR);
	int file = open("/tmp/fdinsert-not-a-stream", O_RDWR | O_CREAT, 0600);
	char ctl[16] = "", data[4] = "abc";

	ASSERT_LE(0, fd);
	ASSERT_LE(0, other);
	ASSERT_LE(0, file);
	EXPECT_EQ(-1, fdinsert(fd, ctl, 16, data, 3, other, 4, 0));
	EXPECT_EQ(EINVAL, errno) TH_LOG("misaligned offset: expected EINVAL, got %s",
					lis_errname(errno));
	EXPECT_EQ(-1, fdinsert(fd, ctl, 8, data, 3, other, 8, 0));
	EXPECT_EQ(EINVAL, errno) TH_LOG("offset past the control part: expected EINVAL, got %s",
					lis_errname(errno));
	EXPECT_EQ(-1, fdinsert(fd, ctl, 16, data, 3, other, 0, 0x10));
	EXPECT_EQ(EINVAL, errno) TH_LOG("bad flags: expected EINVAL, got %s", lis_errname(errno));
	EXPECT_EQ(-1, fdinsert(fd, ctl, 16, data, 3, 12345, 0, 0));
	EXPECT_EQ(EBADF, errno) TH_LOG("bad fildes: expected EBADF, got %s", lis_errname(errno));
	EXPECT_EQ(-1, fdinsert(fd, ctl, 16, data, 3, file, 0, 0));
	EXPECT_EQ(EINVAL, errno) TH_LOG("fildes not a stream: expected EINVAL, got %s",
					lis_errname(errno));
	EXPECT_EQ(-1, ioctl(fd, I_FDINSERT, (void *)8));
	EXPECT_EQ(EFAULT, errno) TH_LOG("bad struct address: expected EFAULT, got %s",
					lis_errname(errno));
	close(file);
	unlink("/tmp/fdinsert-not-a-stream");
	close(other);
	close(fd);
}

TEST_HARNESS_MAIN
