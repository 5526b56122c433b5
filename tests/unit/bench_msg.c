// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Host benchmark of msg/: nanoseconds per operation, the median of 7 runs, for allocb+freeb
 * (64 bytes and 4 KiB), dupb+freeb, and copymsg+freemsg of a 3-block message. Built at -O2
 * without sanitizers by `make -C tests/unit bench`. Single-threaded: it measures the path
 * length, not contention.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <lis/port.h>
#include <lis/strsubr.h>
#include <sys/stream.h>

#define RUNS	7

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static mblk_t *msg3;
static mblk_t *orig;

static void op_alloc64(void)
{
	freeb(allocb(64, BPRI_MED));
}

static void op_alloc4k(void)
{
	freeb(allocb(4096, BPRI_MED));
}

static void op_dupb(void)
{
	freeb(dupb(orig));
}

static void op_copymsg(void)
{
	freemsg(copymsg(msg3));
}

static void bench(const char *name, void (*op)(void), long iters)
{
	double t[RUNS], t0;
	long i;
	int r;

	for (i = 0; i < iters / 10; i++)	/* warm the caches and the allocator */
		op();
	for (r = 0; r < RUNS; r++) {
		t0 = now_ns();
		for (i = 0; i < iters; i++)
			op();
		t[r] = (now_ns() - t0) / iters;
	}
	qsort(t, RUNS, sizeof(t[0]), cmp_double);
	printf("%-28s %8.1f ns/op  (min %.1f, max %.1f, %ld ops x %d runs)\n",
	       name, t[RUNS / 2], t[0], t[RUNS - 1], iters, RUNS);
}

int main(void)
{
	long bytes;

	if (lis_msg_init())
		return 1;
	orig = allocb(64, BPRI_MED);
	msg3 = allocb(64, BPRI_MED);
	msg3->b_wptr += 64;
	linkb(msg3, allocb(512, BPRI_MED));
	msg3->b_cont->b_wptr += 512;
	linkb(msg3, allocb(1400, BPRI_MED));
	msg3->b_cont->b_cont->b_wptr += 1400;

	bench("allocb(64)+freeb", op_alloc64, 2000000);
	bench("allocb(4096)+freeb", op_alloc4k, 1000000);
	bench("dupb+freeb", op_dupb, 2000000);
	bench("copymsg(3 blocks)+freemsg", op_copymsg, 500000);

	freeb(orig);
	freemsg(msg3);
	if (lis_mem_in_use(&bytes)) {
		fprintf(stderr, "bench_msg: %ld bytes still held\n", bytes);
		return 1;
	}
	lis_msg_exit();
	return 0;
}
