// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Host benchmark of sched/: nanoseconds per operation, the median of 7 runs, for putq+getq,
 * putnext through 1 and 8 pass-through D_MP modules and through 1 legacy (perimeter) module,
 * and the latency from qenable() to the service procedure running on a service thread (median
 * of 2000 samples). Built at -O2 without sanitizers by `make -C tests/unit bench`. The user
 * home's "RCU" is a reader-preferring rwlock and its spinlocks are pthread mutexes, so absolute
 * figures are higher than in the kernel; the path lengths compare.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static void report(const char *name, double *t, int n, const char *what)
{
	qsort(t, n, sizeof(t[0]), cmp_double);
	printf("%-34s %8.1f ns%s  (min %.1f, max %.1f, %d runs)\n", name, t[n / 2], what, t[0],
	       t[n - 1], n);
}

static void bench(const char *name, void (*op)(void), long iters)
{
	double t[RUNS], t0;
	long i;
	int r;

	for (i = 0; i < iters / 10; i++)
		op();
	for (r = 0; r < RUNS; r++) {
		t0 = now_ns();
		for (i = 0; i < iters; i++)
			op();
		t[r] = (now_ns() - t0) / iters;
	}
	report(name, t, RUNS, "/op");
}

/* ---------------------------------------------------------------- a tiny module kit */

struct bmod {
	struct module_info mi;
	struct qinit rinit, winit;
	struct streamtab st;
	struct lis_modsw msw;
};

static void bmod_init(struct bmod *m, unsigned int flags, qi_putp_t wput, qi_srvp_t wsrv)
{
	memset(m, 0, sizeof(*m));
	m->mi.mi_idname = "bench";
	m->mi.mi_maxpsz = INFPSZ;
	m->mi.mi_hiwat = 1 << 20;
	m->mi.mi_lowat = 1 << 10;
	m->rinit.qi_putp = wput;
	m->rinit.qi_minfo = &m->mi;
	m->winit.qi_putp = wput;
	m->winit.qi_srvp = wsrv;
	m->winit.qi_minfo = &m->mi;
	m->st.st_rdinit = &m->rinit;
	m->st.st_wrinit = &m->winit;
	m->msw.name = "bench";
	m->msw.str = &m->st;
	m->msw.flags = flags;
	m->msw.major = -1;
}

static int pass_put(queue_t *q, mblk_t *mp)
{
	putnext(q, mp);
	return 0;
}

static mblk_t *sunk;

static int sink_put(queue_t *q, mblk_t *mp)
{
	sunk = mp;		/* kept for the next round: no allocation in the loop */
	return 0;
}

#define MAXMODS	8

static struct bmod passm, legacym, sinkm;
static queue_t *pairs[MAXMODS + 2];
static int npairs;
static queue_t *top;
static mblk_t *msg;

/* A write-side chain: top pair, @n modules of @mod, the sink. */
static void chain_build(struct bmod *mod, int n)
{
	int i;

	npairs = 0;
	for (i = 0; i < n; i++)
		pairs[npairs++] = lis_allocq(&mod->msw);
	pairs[npairs++] = lis_allocq(&sinkm.msw);
	for (i = 0; i + 1 < npairs; i++)
		WR(pairs[i])->q_next = WR(pairs[i + 1]);
	for (i = 0; i < npairs; i++)
		lis_qprocson(pairs[i]);
	top = WR(pairs[0]);
}

static void chain_free(void)
{
	int i;

	for (i = 0; i < npairs; i++)
		lis_qprocsoff(pairs[i]);
	for (i = 0; i < npairs; i++)
		WR(pairs[i])->q_next = NULL;
	for (i = 0; i < npairs; i++)
		lis_freeq(pairs[i]);
}

static void op_put_chain(void)
{
	put(top, sunk);
}

static queue_t *qq;

static void op_putq_getq(void)
{
	putq(qq, msg);
	msg = getq(qq);
}

/* ---------------------------------------------------------------- qenable latency */

static volatile double srv_at;

static int stamp_srv(queue_t *q)
{
	srv_at = now_ns();
	return 0;
}

static void bench_latency(void)
{
	enum { N = 2000 };
	static double t[N];
	struct bmod m;
	queue_t *rq;
	double t0, deadline;
	int i, n = 0;

	bmod_init(&m, D_MP, sink_put, stamp_srv);
	rq = lis_allocq(&m.msw);
	lis_qprocson(rq);
	for (i = 0; i < N; i++) {
		srv_at = 0;
		t0 = now_ns();
		qenable(WR(rq));
		deadline = t0 + 1e9;
		while (!srv_at && now_ns() < deadline)
			;
		if (srv_at)
			t[n++] = srv_at - t0;
		lis_runq_wait_idle(WR(rq));
	}
	report("qenable -> service procedure", t, n, " latency");
	lis_qprocsoff(rq);
	lis_freeq(rq);
}

int main(void)
{
	if (lis_msg_init() || lis_runq_init())
		return 1;
	bmod_init(&passm, D_MP, pass_put, NULL);
	bmod_init(&legacym, 0, pass_put, NULL);
	bmod_init(&sinkm, D_MP, sink_put, NULL);
	msg = allocb(64, BPRI_MED);
	msg->b_wptr += 64;
	sunk = msg;

	qq = lis_allocq(&sinkm.msw);
	lis_qprocson(qq);
	bench("putq+getq (64 bytes)", op_putq_getq, 1000000);
	lis_qprocsoff(qq);
	lis_freeq(qq);

	chain_build(&passm, 1);
	bench("put through 1 D_MP module", op_put_chain, 1000000);
	chain_free();
	chain_build(&passm, 8);
	bench("put through 8 D_MP modules", op_put_chain, 300000);
	chain_free();
	chain_build(&legacym, 1);
	bench("put through 1 legacy module", op_put_chain, 1000000);
	chain_free();
	chain_build(&legacym, 8);
	bench("put through 8 legacy modules", op_put_chain, 300000);
	chain_free();

	bench_latency();

	freemsg(sunk);
	lis_runq_exit();
	if (lis_mem_in_use(NULL)) {
		fprintf(stderr, "bench_sched: memory still in use\n");
		return 1;
	}
	lis_msg_exit();
	return 0;
}
