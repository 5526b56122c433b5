// SPDX-License-Identifier: LGPL-2.1-or-later
/* Guest test: streams.ko is loaded, registered its major, and created the loop device nodes. */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "kselftest_harness.h"
#include "lis_test.h"

TEST(module_listed)
{
	FILE *f = fopen("/proc/modules", "r");
	char line[256];
	int found = 0;

	ASSERT_NE(NULL, f) TH_LOG("fopen(/proc/modules): %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "streams ", 8))
			found = 1;
	fclose(f);
	ASSERT_EQ(1, found) TH_LOG("no line 'streams ...' in /proc/modules");
}

TEST(major_in_proc_devices)
{
	ASSERT_LT(0, streams_major())
		TH_LOG("no character device 'streams' in /proc/devices");
}

TEST(clone_node)
{
	struct stat st;
	int major = streams_major();

	ASSERT_EQ(0, stat("/dev/streams/loop", &st))
		TH_LOG("stat(/dev/streams/loop): expected 0, got errno %d (%s)", errno, strerror(errno));
	EXPECT_TRUE(S_ISCHR(st.st_mode)) TH_LOG("/dev/streams/loop is not a char device");
	EXPECT_EQ(0666u, st.st_mode & 07777)
		TH_LOG("/dev/streams/loop mode: expected 0666, got 0%o", st.st_mode & 07777);
	EXPECT_EQ(major, (int)major(st.st_rdev))
		TH_LOG("/dev/streams/loop major: expected %d (streams), got %u", major, major(st.st_rdev));
}

TEST(fixed_nodes)
{
	struct stat st;
	int major = streams_major(), k;
	unsigned int base = 0;

	ASSERT_LT(0, major) TH_LOG("no 'streams' major in /proc/devices");
	for (k = 1; k <= LOOP_MINORS; k++) {
		const char *p = loop_path(k);

		ASSERT_EQ(0, stat(p, &st))
			TH_LOG("stat(%s): expected 0, got errno %d (%s)", p, errno, strerror(errno));
		EXPECT_TRUE(S_ISCHR(st.st_mode)) TH_LOG("%s is not a char device", p);
		EXPECT_EQ(0666u, st.st_mode & 07777)
			TH_LOG("%s mode: expected 0666, got 0%o", p, st.st_mode & 07777);
		EXPECT_EQ(major, (int)major(st.st_rdev))
			TH_LOG("%s major: expected %d (streams), got %u", p, major, major(st.st_rdev));
		if (k == 1)
			base = minor(st.st_rdev) - 1;
		EXPECT_EQ(base + k, minor(st.st_rdev))
			TH_LOG("%s minor: expected %u (loop.1's minor + %d), got %u",
			       p, base + k, k - 1, minor(st.st_rdev));
	}
}

TEST_HARNESS_MAIN
