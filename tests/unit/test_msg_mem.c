// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Host unit tests of msg/memtrack.c, msg/kmem.c, msg/log.c and msg/init.c: accounting of
 * kmem_alloc, KM_SLEEP/KM_NOSLEEP under failure injection, tracked mode with file:line, the
 * still-held report at exit, cmn_err and strlog output.
 */
#include <stdio.h>
#include "lis_unit.h"

LIS_MSG_FIXTURE(mem);

/* Capture what the framework prints on stderr between begin and end. */
static int saved_fd = -1;
static FILE *cap;
static char captured[8192];

static void capture_begin(void)
{
	fflush(stderr);
	cap = tmpfile();
	saved_fd = dup(2);
	dup2(fileno(cap), 2);
}

static const char *capture_end(void)
{
	size_t n;

	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	rewind(cap);
	n = fread(captured, 1, sizeof(captured) - 1, cap);
	captured[n] = 0;
	fclose(cap);
	return captured;
}

static char report[8192];

static void report_line(void *arg, const char *text)
{
	(*(int *)arg)++;
	strncat(report, text, sizeof(report) - strlen(report) - 2);
	strcat(report, "\n");
}

TEST_F(mem, kmem_accounting)
{
	long bytes;
	char *p = kmem_alloc(100, KM_SLEEP);
	unsigned char *z;
	int i;

	ASSERT_NE(NULL, p);
	memset(p, 1, 100);
	EXPECT_EQ(1, lis_mem_in_use(&bytes));
	EXPECT_EQ(100 + 48, bytes);
	z = kmem_zalloc(3000, KM_NOSLEEP);
	ASSERT_NE(NULL, z);
	for (i = 0; i < 3000; i++)
		ASSERT_EQ(0, z[i]);
	EXPECT_EQ(2, lis_mem_in_use(&bytes));
	EXPECT_EQ(100 + 3000 + 2 * 48, bytes);
	EXPECT_EQ(0, ((uintptr_t)p) & 15);
	kmem_free(p, 100);
	kmem_free(z, 3000);
	kmem_free(NULL, 0);
	EXPECT_EQ(NULL, kmem_alloc(0, KM_SLEEP));
	EXPECT_EQ(NULL, kmem_zalloc(0, KM_NOSLEEP));
	EXPECT_EQ(0, lis_mem_in_use(NULL));
}

TEST_F(mem, kmem_failure_injection)
{
	void *p;

	lis_port_fail_allocs = 1;
	EXPECT_EQ(NULL, kmem_alloc(64, KM_NOSLEEP));
	lis_port_fail_allocs = 1;
	EXPECT_EQ(NULL, kmem_zalloc(64, KM_NOSLEEP));
	EXPECT_EQ(0, lis_mem_in_use(NULL));
	lis_port_fail_allocs = 3;		/* KM_SLEEP waits it out */
	p = kmem_alloc(64, KM_SLEEP);
	EXPECT_NE(NULL, p);
	EXPECT_EQ(0, lis_port_fail_allocs);
	kmem_free(p, 64);
}

TEST_F(mem, kmem_free_wrong_size_warns)
{
	void *p = kmem_alloc(10, KM_SLEEP);
	const char *out;

	ASSERT_NE(NULL, p);
	capture_begin();
	kmem_free(p, 11);			/* still freed, with a warning */
	out = capture_end();
	EXPECT_NE(NULL, strstr(out, "warning"));
}

TEST_F(mem, tracked_mode_lists_file_and_line)
{
	mblk_t *mp, *dp;
	void *k;
	char want[256];
	int n = 0, line_msg, line_kmem;

	lis_memtrack = 1;
	line_msg = __LINE__ + 1;
	mp = allocb(10, BPRI_MED);
	line_kmem = __LINE__ + 1;
	k = kmem_alloc(10, KM_SLEEP);
	dp = dupb(mp);
	ASSERT_NE(NULL, mp);
	ASSERT_NE(NULL, k);
	ASSERT_NE(NULL, dp);
	EXPECT_STREQ(__FILE__, mp->b_datap->db_lis_file);
	EXPECT_EQ(line_msg, mp->b_datap->db_lis_line);
	report[0] = 0;
	EXPECT_EQ(3, lis_mem_report(report_line, &n));
	EXPECT_EQ(3, n);
	snprintf(want, sizeof(want), "%s:%d msg 256 bytes\n", __FILE__, line_msg);
	EXPECT_NE(NULL, strstr(report, want)) TH_LOG("report:\n%s", report);
	snprintf(want, sizeof(want), "%s:%d kmem 10 bytes\n", __FILE__, line_kmem);
	EXPECT_NE(NULL, strstr(report, want)) TH_LOG("report:\n%s", report);
	snprintf(want, sizeof(want), "%s:%d dupb ", __FILE__, line_msg);
	EXPECT_NE(NULL, strstr(report, want)) TH_LOG("report:\n%s", report);
	lis_memtrack = 0;			/* switching off does not lose tracked blocks */
	freeb(mp);				/* the block stays for the dup: still listed */
	EXPECT_EQ(3, lis_mem_report(report_line, &n));
	freeb(dp);
	EXPECT_EQ(1, lis_mem_report(report_line, &n));
	kmem_free(k, 10);
	EXPECT_EQ(0, lis_mem_report(report_line, &n));
}

TEST_F(mem, tracking_switched_on_later)
{
	mblk_t *mp = allocb(4000, 0), *tp;
	int n = 0;

	ASSERT_NE(NULL, mp);
	lis_memtrack = 1;
	tp = allocb(4000, 0);
	ASSERT_NE(NULL, tp);
	EXPECT_EQ(1, lis_mem_report(report_line, &n));	/* only the block allocated since */
	freeb(mp);
	freeb(tp);
	EXPECT_EQ(0, lis_mem_report(report_line, &n));
	lis_memtrack = 0;
}

TEST_F(mem, untracked_report_is_empty)
{
	mblk_t *mp = allocb(1, 0);
	int n = 0;

	EXPECT_EQ(0, lis_mem_report(report_line, &n));
	EXPECT_EQ(1, lis_mem_in_use(NULL));
	freeb(mp);
}

/* No fixture: lis_msg_exit with something still held reports it, and keeps working. */
TEST(exit_reports_still_held)
{
	const char *out;
	mblk_t *mp;
	int line;

	ASSERT_EQ(0, lis_msg_init());
	lis_memtrack = 1;
	line = __LINE__ + 1;
	mp = allocb(10, 0);
	ASSERT_NE(NULL, mp);
	/* a request no buffer can ever satisfy (db_size is 32 bits): it stays pending */
	ASSERT_NE(0, bufcall((size_t)1 << 40, 0, (void (*)(void *))free, NULL));
	capture_begin();
	lis_msg_exit();
	out = capture_end();
	EXPECT_NE(NULL, strstr(out, "bufcalls still held at unload"));
	EXPECT_NE(NULL, strstr(out, "streams: error: 1 allocations (256 bytes) still held at unload"))
		TH_LOG("output:\n%s", out);
	{
		char want[256];

		snprintf(want, sizeof(want), "%s:%d msg 256 bytes", __FILE__, line);
		EXPECT_NE(NULL, strstr(out, want)) TH_LOG("output:\n%s", out);
	}
	freeb(mp);				/* the caches were kept: a late free is safe */
	EXPECT_EQ(0, lis_mem_in_use(NULL));
	capture_begin();
	lis_msg_exit();				/* now nothing is held: quiet, caches go */
	out = capture_end();
	EXPECT_EQ(NULL, strstr(out, "still held"));
}

TEST(exit_clean_is_quiet)
{
	const char *out;

	ASSERT_EQ(0, lis_msg_init());
	freemsg(allocb(100, 0));
	capture_begin();
	lis_msg_exit();
	out = capture_end();
	EXPECT_STREQ("", out);
}

TEST_F(mem, cmn_err_levels)
{
	const char *out;

	capture_begin();
	cmn_err(CE_WARN, "disk %d on fire", 3);
	cmn_err(CE_NOTE, "!only %s", "logged");
	cmn_err(CE_CONT, "^cont\n");
	cmn_err(CE_IGNORE, "nothing");
	cmn_err(CE_PANIC, "oops %s", "really");	/* does not abort */
	out = capture_end();
	EXPECT_NE(NULL, strstr(out, "streams: warning: WARNING: disk 3 on fire\n"));
	EXPECT_NE(NULL, strstr(out, "streams: note: NOTICE: only logged\n"));
	EXPECT_NE(NULL, strstr(out, "streams: cont\n"));
	EXPECT_EQ(NULL, strstr(out, "nothing"));
	EXPECT_NE(NULL, strstr(out, "streams: panic: PANIC: oops really\n"));
}

TEST_F(mem, strlog_levels)
{
	const char *out;

	capture_begin();
	EXPECT_EQ(1, strlog(42, 7, 0, SL_ERROR | SL_CONSOLE, "bad %s", "frame"));
	EXPECT_EQ(1, strlog(42, 7, 1, SL_NOTE, "fyi"));
	EXPECT_EQ(0, strlog(42, 7, 3, SL_TRACE, "trace only"));
	out = capture_end();
	EXPECT_NE(NULL, strstr(out, "streams: error: strlog(42,7,0): bad frame\n"));
	EXPECT_NE(NULL, strstr(out, "streams: note: strlog(42,7,1): fyi\n"));
	EXPECT_EQ(NULL, strstr(out, "trace only"));
}

TEST_HARNESS_MAIN
