// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pipe_bench: a Linux pipe(2), a STREAMS pipe (s_pipe) and the STREAMS loop driver pair
 * (/dev/streams/loop.1 -> loop.2) side by side in one boot (make bench).
 *   latency:    a 1-byte message's round trip between two processes, the median of many;
 *   throughput: one writer process, one reader process, writes of 64 B, 1 KiB and 64 KiB
 *               (MB/s and messages/s), then the same over the STREAMS transports with 1 and 4
 *               pass-through modules (passmod of lis_testmod.ko) pushed on the writer's end.
 * Each throughput figure is the median of ROUNDS runs, the transports taking turns within a
 * round so that drift in the emulator's speed touches all three alike. Both processes run on
 * CPU 0 unless -s (spread) is given: under TCG on a busy host, a wakeup on another virtual CPU
 * costs whatever the host's scheduler makes it cost, which would swamp the transports.
 * A benchmark, not a test: it prints figures and judges nothing. Under QEMU TCG the absolute
 * figures are slow; the ratios (STREAMS / Linux pipe) are what to look at.
 * usage: pipe_bench [-s] [-t SECONDS_PER_RUN] [-r ROUNDS] [-n ROUND_TRIPS]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <stropts.h>

#define PASSMOD		"passmod"
#define TESTMOD_KO	"/lib/lis/lis_testmod.ko"
#define BUFSZ		65536
#define MAX_ROUNDS	15

enum kind { LINUX_PIPE, STREAMS_PIPE, LOOP_PAIR, NKINDS };
static const char *const kind_name[NKINDS] = { "linux pipe", "streams pipe", "loop 1->2" };

/* Two sides of a channel: A (writer, pings) and B (reader, pongs). */
struct chan {
	int a_rd, a_wr, b_rd, b_wr;
	int streams;	/* the ends are streams (end marker: a zero-length message) */
};

static double tput_secs = 0.5;
static int spread;
static int rounds = 3;
static int rt_max = 2000;
static int loaded_testmod;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	printf("pipe_bench: %s: %s\n", what, strerror(errno));
	fflush(stdout);
	exit(1);
}

/* Open a channel of @kind with @nmods passmods pushed on A's end; 0 or -1. */
static int chan_open(struct chan *c, enum kind kind, int nmods)
{
	int p[2], q[2], i;

	memset(c, 0, sizeof(*c));
	switch (kind) {
	case LINUX_PIPE:
		if (pipe(p) || pipe(q))
			return -1;
		c->a_wr = p[1];
		c->b_rd = p[0];
		c->b_wr = q[1];
		c->a_rd = q[0];
		return 0;
	case STREAMS_PIPE:
		if (s_pipe(p))
			return -1;
		break;
	default:
		p[0] = open("/dev/streams/loop.1", O_RDWR);
		p[1] = open("/dev/streams/loop.2", O_RDWR);
		if (p[0] < 0 || p[1] < 0)
			return -1;
		if (ioctl(p[0], I_SWROPT, SNDZERO))	/* for the end marker */
			return -1;
		break;
	}
	c->streams = 1;
	c->a_rd = c->a_wr = p[0];
	c->b_rd = c->b_wr = p[1];
	for (i = 0; i < nmods; i++)
		if (ioctl(p[0], I_PUSH, PASSMOD))
			return -1;
	return 0;
}

static void close_a(struct chan *c)
{
	close(c->a_rd);
	if (c->a_wr != c->a_rd)
		close(c->a_wr);
}

static void close_b(struct chan *c)
{
	close(c->b_rd);
	if (c->b_wr != c->b_rd)
		close(c->b_wr);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median round trip of a 1-byte message, in microseconds (negative: failed). */
static double bench_latency(enum kind kind, int nmods)
{
	double *rt = calloc(rt_max, sizeof(double)), start, t, med;
	struct chan c;
	int i, n = 0;
	pid_t pid;
	char b = 'x';

	if (!rt || chan_open(&c, kind, nmods))
		die("latency: open");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close_a(&c);
		while (read(c.b_rd, &b, 1) == 1 && write(c.b_wr, &b, 1) == 1)
			;
		_exit(0);
	}
	close_b(&c);
	for (i = 0; i < 50; i++)	/* warm up */
		if (write(c.a_wr, &b, 1) != 1 || read(c.a_rd, &b, 1) != 1)
			die("latency: warm-up");
	start = now_s();
	while (n < rt_max && now_s() - start < 1.5) {
		t = now_s();
		if (write(c.a_wr, &b, 1) != 1 || read(c.a_rd, &b, 1) != 1)
			die("latency: round trip");
		rt[n++] = (now_s() - t) * 1e6;
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close_a(&c);
	qsort(rt, n, sizeof(double), cmp_double);
	med = n ? rt[n / 2] : -1;
	free(rt);
	return med;
}

/* One-way throughput with writes of @size bytes, in bytes per second (negative: failed). */
static double bench_tput(enum kind kind, int nmods, int size)
{
	static char buf[BUFSZ];
	int go[2];
	struct chan c;
	double t0, t1;
	long long bytes = 0;
	ssize_t n;
	pid_t pid;
	char g;

	if (chan_open(&c, kind, nmods) || pipe(go))
		die("throughput: open");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {	/* the writer, side A */
		double end;
		long k = 0;

		close_b(&c);
		close(go[1]);
		if (read(go[0], &g, 1) != 1)
			_exit(1);
		end = now_s() + tput_secs;
		for (;;) {
			if (write(c.a_wr, buf, size) != size)
				_exit(2);
			if (++k % 16 == 0 && now_s() >= end)
				break;
		}
		if (c.streams && write(c.a_wr, buf, 0) != 0)	/* end marker */
			_exit(3);
		close_a(&c);
		_exit(0);
	}
	close_a(&c);
	close(go[0]);
	t0 = now_s();
	if (write(go[1], "g", 1) != 1)
		die("throughput: go");
	while ((n = read(c.b_rd, buf, sizeof(buf))) > 0)
		bytes += n;
	t1 = now_s();
	if (n < 0)
		die("throughput: read");
	close(go[1]);
	close_b(&c);
	waitpid(pid, NULL, 0);
	return bytes / (t1 - t0);
}

/* ---------------------------------------------------------------- the table */

static void fmt(char *out, size_t len, double v)
{
	if (v < 0)
		snprintf(out, len, "-");
	else if (v >= 1e7)
		snprintf(out, len, "%.2fM", v / 1e6);
	else if (v >= 1e5)
		snprintf(out, len, "%.1fk", v / 1e3);
	else if (v >= 100)
		snprintf(out, len, "%.0f", v);
	else
		snprintf(out, len, "%.2f", v);
}

static void ratio(char *out, size_t len, double v, double base)
{
	if (v < 0 || base <= 0)
		snprintf(out, len, "-");
	else
		snprintf(out, len, "%.2f", v / base);
}

/* One line: @name, @unit, the Linux pipe's figure and the STREAMS pipe's and loop's with ratios. */
static void line(const char *name, const char *unit, double lx, double sp, double lp)
{
	char a[16], b[16], r1[16], d[16], r2[16];

	fmt(a, sizeof(a), lx);
	fmt(b, sizeof(b), sp);
	fmt(d, sizeof(d), lp);
	ratio(r1, sizeof(r1), sp, lx);
	ratio(r2, sizeof(r2), lp, lx);
	printf("%-38s %-6s %11s %13s %7s %11s %7s\n", name, unit, a, b, r1, d, r2);
	fflush(stdout);
}

static void load_testmod(void)
{
	int fd = open(TESTMOD_KO, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (!syscall(SYS_finit_module, fd, "", 0))
		loaded_testmod = 1;
	close(fd);
}

/* Can passmod be pushed on a STREAMS pipe? */
static int passmod_works(void)
{
	int p[2], ok;

	if (s_pipe(p))
		die("s_pipe");
	ok = ioctl(p[0], I_PUSH, PASSMOD) == 0;
	close(p[0]);
	close(p[1]);
	return ok;
}

int main(int argc, char **argv)
{
	static const int sizes[] = { 64, 1024, 65536 };
	static const char *const size_name[] = { "64 B", "1 KiB", "64 KiB" };
	double lat[NKINDS], lat4[NKINDS], tput[3][3][NKINDS], t_start = now_s();
	char name[64];
	struct utsname u;
	int opt, s, m, k, r, mods[3] = { 0, 1, 4 }, have_mods;

	while ((opt = getopt(argc, argv, "st:r:n:")) != -1) {
		if (opt == 's')
			spread = 1;
		else if (opt == 't')
			tput_secs = atof(optarg);
		else if (opt == 'r')
			rounds = atoi(optarg);
		else if (opt == 'n')
			rt_max = atoi(optarg);
		else
			return printf("usage: pipe_bench [-s] [-t SECONDS_PER_RUN] [-r ROUNDS] [-n ROUND_TRIPS]\n"), 2;
	}
	if (tput_secs <= 0 || rt_max <= 0 || rounds <= 0 || rounds > MAX_ROUNDS)
		return printf("pipe_bench: -t, -n must be positive, -r 1..%d\n", MAX_ROUNDS), 2;
	signal(SIGPIPE, SIG_IGN);
	if (!spread) {	/* the children inherit it */
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(0, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			die("sched_setaffinity");
	}
	load_testmod();
	have_mods = passmod_works();
	uname(&u);
	printf("pipe_bench: kernel %s, %ld CPUs, %s; latency: median of up to %d round trips "
	       "(1.5 s at most); throughput: median of %d runs of %.1f s, one writer and one reader "
	       "process%s\n", u.release, sysconf(_SC_NPROCESSORS_ONLN),
	       spread ? "processes spread over the CPUs" : "both processes on CPU 0", rt_max, rounds,
	       tput_secs,
	       have_mods ? "" : "; passmod not available: module cases skipped");

	for (k = 0; k < NKINDS; k++) {
		lat[k] = bench_latency(k, 0);
		lat4[k] = k != LINUX_PIPE && have_mods ? bench_latency(k, 4) : -1;
	}
	for (m = 0; m < 3; m++) {
		for (s = 0; s < 3; s++) {
			double runs[NKINDS][MAX_ROUNDS];

			for (r = 0; r < rounds; r++)
				for (k = 0; k < NKINDS; k++)
					runs[k][r] = (k == LINUX_PIPE && m) || (m && !have_mods) ? -1 :
						     bench_tput(k, mods[m], sizes[s]);
			for (k = 0; k < NKINDS; k++) {
				qsort(runs[k], rounds, sizeof(double), cmp_double);
				tput[m][s][k] = runs[k][rounds / 2];
			}
		}
	}

	printf("\n%-38s %-6s %11s %13s %7s %11s %7s\n", "case", "unit", kind_name[0], kind_name[1],
	       "ratio", kind_name[2], "ratio");
	line("latency, 1-byte round trip", "us", lat[0], lat[1], lat[2]);
	line("latency, 4 passmods on one end", "us", lat[0], lat4[1], lat4[2]);
	for (m = 0; m < 3; m++) {
		if (m && !have_mods)
			break;
		for (s = 0; s < 3; s++) {
			double *t = tput[m][s];

			snprintf(name, sizeof(name), "throughput, %s writes%s", size_name[s],
				 m == 0 ? "" : m == 1 ? ", 1 passmod" : ", 4 passmods");
			/* with modules, the Linux column is the plain Linux pipe again */
			line(name, "MB/s", tput[0][s][0] / 1e6, t[1] / 1e6, t[2] / 1e6);
			line("", "msg/s", tput[0][s][0] / sizes[s],
			     t[1] < 0 ? -1 : t[1] / sizes[s], t[2] < 0 ? -1 : t[2] / sizes[s]);
		}
	}
	printf("ratio = STREAMS figure / Linux pipe figure (latency: higher is slower; throughput: lower "
	       "is slower); modules are pushed on the writer's end. Total %.0f s.\n", now_s() - t_start);
	if (loaded_testmod)
		syscall(SYS_delete_module, "lis_testmod", O_NONBLOCK);
	return 0;
}
