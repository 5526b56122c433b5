// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Guest test: the message and queue core exercised in the kernel by lis_coretest.ko (built from
 * tests/kmod/lis_coretest_*.c). Each case of the module is one TEST here, so a failure names
 * it: the program writes the case name to /sys/module/lis_coretest/parameters/run (the case runs
 * synchronously in the kernel) and reads "ok NAME" or "fail NAME: reason" from .../result.
 * The module is loaded by the first TEST and removed by the last, which also checks that the
 * framework's allocations (/proc/streams/memory) are back to what they were before loading.
 */
#include <sys/stat.h>
#include <sys/syscall.h>
#include "kselftest_harness.h"
#include "lis_test.h"

#define CT_MODULE	"/lib/lis/lis_coretest.ko"
#define CT_SYS		"/sys/module/lis_coretest"
#define CT_MEMFILE	"/tmp/core_module.in-use"	/* before loading: "<count> <bytes>" */

static int ct_loaded(void)
{
	struct stat st;

	return stat(CT_SYS "/parameters/run", &st) == 0;
}

/* Load the module if it is not loaded; 0 or an errno. */
static int ct_load(void)
{
	int fd, rc = 0;

	if (ct_loaded())
		return 0;
	fd = open(CT_MODULE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (syscall(SYS_finit_module, fd, "", 0) != 0 && errno != EEXIST)
		rc = errno;
	close(fd);
	return rc;
}

/* Run case @name; its result line in @res. 0 or an errno of the sysfs write/read. */
static int ct_run(const char *name, char *res, size_t len)
{
	ssize_t n;
	int fd;

	res[0] = 0;
	fd = open(CT_SYS "/parameters/run", O_WRONLY);
	if (fd < 0)
		return errno;
	n = write(fd, name, strlen(name));
	close(fd);
	if (n < 0)
		return errno;
	fd = open(CT_SYS "/parameters/result", O_RDONLY);
	if (fd < 0)
		return errno;
	n = read(fd, res, len - 1);
	close(fd);
	if (n < 0)
		return errno;
	res[n] = 0;
	res[strcspn(res, "\n")] = 0;
	return 0;
}

/* One TEST per case of the module. */
#define CORE_CASE(name)								\
TEST(name)									\
{										\
	char res[512], want[64];						\
	int rc;									\
										\
	rc = ct_load();								\
	ASSERT_EQ(0, rc) TH_LOG("load %s: %s", CT_MODULE, strerror(rc));	\
	rc = ct_run(#name, res, sizeof(res));					\
	ASSERT_EQ(0, rc) TH_LOG("running case %s through %s: %s", #name,	\
				CT_SYS "/parameters", strerror(rc));		\
	snprintf(want, sizeof(want), "ok %s", #name);				\
	EXPECT_STREQ(want, res) TH_LOG("case %s: %s", #name, res);		\
}

TEST(load)
{
	long count = -1, bytes = -1;
	FILE *f;
	int rc;

	rc = mem_in_use(&count, &bytes);
	ASSERT_EQ(0, rc) TH_LOG("read /proc/streams/memory: %s", strerror(-rc));
	f = fopen(CT_MEMFILE, "w");
	ASSERT_NE(NULL, f) TH_LOG("create %s: %s", CT_MEMFILE, strerror(errno));
	fprintf(f, "%ld %ld\n", count, bytes);
	fclose(f);
	ASSERT_FALSE(ct_loaded()) TH_LOG("lis_coretest is loaded already");
	rc = ct_load();
	ASSERT_EQ(0, rc) TH_LOG("load %s: %s", CT_MODULE, strerror(rc));
}

CORE_CASE(alloc)
CORE_CASE(esballoc)
CORE_CASE(dupb)
CORE_CASE(pullup)
CORE_CASE(bands)
CORE_CASE(flow)
CORE_CASE(flush)
CORE_CASE(irq)
CORE_CASE(perimeter)
CORE_CASE(timeout)
CORE_CASE(bufcall)
CORE_CASE(stress)

TEST(unload)
{
	long count = -1, bytes = -1, count0 = 0, bytes0 = 0;
	char res[512];
	FILE *f;
	int rc;

	/* an unknown case is refused, and the module says so */
	ASSERT_TRUE(ct_loaded()) TH_LOG("lis_coretest is not loaded");
	rc = ct_run("no-such-case", res, sizeof(res));
	EXPECT_EQ(ENOENT, rc) TH_LOG("writing an unknown case name: %s", strerror(rc));
	rc = syscall(SYS_delete_module, "lis_coretest", O_NONBLOCK);
	ASSERT_EQ(0, rc) TH_LOG("delete_module(lis_coretest): %s", strerror(errno));
	f = fopen(CT_MEMFILE, "r");
	if (f) {
		if (fscanf(f, "%ld %ld", &count0, &bytes0) != 2)
			count0 = bytes0 = 0;
		fclose(f);
	}
	rc = mem_in_use(&count, &bytes);
	ASSERT_EQ(0, rc) TH_LOG("read /proc/streams/memory: %s", strerror(-rc));
	EXPECT_EQ(count0, count) TH_LOG("framework allocations: %ld (%ld bytes) before, %ld (%ld bytes) after",
					count0, bytes0, count, bytes);
	EXPECT_EQ(bytes0, bytes);
}

TEST_HARNESS_MAIN
