// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/streams, what the `streams` utility shows: the registered drivers and modules (with
 * their users) and the memory in use.
 */
#include "kselftest_harness.h"
#include "lis_streamio.h"

LIS_TEST_MODULES("lis_testmod");

/* The line of /proc/streams/modules that starts with @prefix, copied to @line, or 0. */
static int find_line(const char *prefix, char *line, int len)
{
	FILE *f = fopen("/proc/streams/modules", "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, len, f))
		found = !strncmp(line, prefix, strlen(prefix));
	fclose(f);
	return found;
}

TEST(drivers_and_modules_listed)
{
	char line[256];
	int users = -1;

	ASSERT_TRUE(find_line("driver loop ", line, sizeof(line)))
		TH_LOG("/proc/streams/modules has no line for the loop driver");
	EXPECT_NE(NULL, strstr(line, "minors 8"));
	EXPECT_TRUE(find_line("driver pipe ", line, sizeof(line)));
	EXPECT_TRUE(find_line("module passmod ", line, sizeof(line)))
		TH_LOG("a module registered by lis_testmod.ko is not listed");
	ASSERT_TRUE(find_line("driver loop ", line, sizeof(line)));
	ASSERT_EQ(1, sscanf(strstr(line, "users"), "users %d", &users));
	EXPECT_EQ(0, users) TH_LOG("loop users with no stream open: %d", users);
}

TEST(users_count_open_streams)
{
	int a = open("/dev/streams/loop.1", O_RDWR), b = open("/dev/streams/loop.2", O_RDWR);
	char line[256];
	int users = -1;

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_TRUE(find_line("driver loop ", line, sizeof(line)));
	ASSERT_EQ(1, sscanf(strstr(line, "users"), "users %d", &users));
	EXPECT_EQ(2, users) TH_LOG("loop users with two streams open: %d", users);
	close(a);
	close(b);
}

TEST(memory_line)
{
	FILE *f = fopen("/proc/streams/memory", "r");
	long count = -1, bytes = -1;

	ASSERT_NE(NULL, f);
	EXPECT_EQ(2, fscanf(f, "in-use %ld %ld", &count, &bytes));
	EXPECT_LE(0, count);
	EXPECT_LE(0, bytes);
	fclose(f);
}

TEST_HARNESS_MAIN
