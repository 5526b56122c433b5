/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helpers shared by the sched/ unit tests (test_sched_*.c, test_perim_*.c, test_timeout*.c,
 * test_stress*.c, bench_sched.c): a fixture that brings up the message core and the service
 * threads, test modules described by a few fields, and tiny streams built by hand
 * (head <-> modules <-> driver) without the stream head.
 */
#ifndef LIS_SCHED_UNIT_H
#define LIS_SCHED_UNIT_H

#include "lis_unit.h"
#include <sys/ddi.h>

/* The fixture: lis_msg_init + lis_runq_init; at the end every allocation must be back. */
#define LIS_SCHED_FIXTURE(name)						\
	FIXTURE(name) { int unused; };					\
	FIXTURE_SETUP(name)						\
	{								\
		ASSERT_EQ(0, lis_msg_init());				\
		ASSERT_EQ(0, lis_runq_init());				\
	}								\
	FIXTURE_TEARDOWN(name)						\
	{								\
		long bytes = -1;					\
									\
		lis_port_fail_allocs = 0;				\
		lis_runq_exit();					\
		EXPECT_EQ(0, lis_mem_in_use(&bytes));			\
		EXPECT_EQ(0, bytes);					\
		lis_msg_exit();						\
	}

/* Atomics for test bookkeeping. */
#define T_INC(p)	__atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define T_DEC(p)	__atomic_sub_fetch((p), 1, __ATOMIC_SEQ_CST)
#define T_ADD(p, v)	__atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)
#define T_GET(p)	__atomic_load_n((p), __ATOMIC_SEQ_CST)
#define T_SET(p, v)	__atomic_store_n((p), (v), __ATOMIC_SEQ_CST)

/* Raise *max to v if smaller. */
static inline void t_max(int *max, int v)
{
	int cur = T_GET(max);

	while (v > cur && !__atomic_compare_exchange_n(max, &cur, v, 0, __ATOMIC_SEQ_CST,
						      __ATOMIC_SEQ_CST))
		;
}

/**
 * struct tmod - a test module or driver: its tables and its switch entry in one place.
 * Fill in the procedures (NULL service = none) and limits, then tmod_init().
 */
struct tmod {
	struct module_info mi;
	struct module_stat rstat, wstat;
	struct qinit rinit, winit;
	struct streamtab st;
	struct lis_modsw msw;
};

static inline void tmod_init(struct tmod *m, const char *name, unsigned int flags,
			     qi_putp_t rput, qi_srvp_t rsrv, qi_putp_t wput, qi_srvp_t wsrv,
			     size_t hiwat, size_t lowat)
{
	memset(m, 0, sizeof(*m));
	m->mi.mi_idname = name;
	m->mi.mi_maxpsz = INFPSZ;
	m->mi.mi_hiwat = hiwat;
	m->mi.mi_lowat = lowat;
	m->rinit.qi_putp = rput;
	m->rinit.qi_srvp = rsrv;
	m->rinit.qi_minfo = &m->mi;
	m->rinit.qi_mstat = &m->rstat;
	m->winit.qi_putp = wput;
	m->winit.qi_srvp = wsrv;
	m->winit.qi_minfo = &m->mi;
	m->winit.qi_mstat = &m->wstat;
	m->st.st_rdinit = &m->rinit;
	m->st.st_wrinit = &m->winit;
	m->msw.name = name;
	m->msw.str = &m->st;
	m->msw.flags = flags;
	m->msw.major = -1;
}

/* Pass-through put and service procedures. */
static inline int t_passput(queue_t *q, mblk_t *mp)
{
	putnext(q, mp);
	return 0;
}

static inline int t_putq(queue_t *q, mblk_t *mp)
{
	if (!putq(q, mp))
		freemsg(mp);
	return 0;
}

/* The standard service loop: pass on while the next queue accepts, else put back. */
static inline int t_passsrv(queue_t *q)
{
	mblk_t *mp;

	while ((mp = getq(q)) != NULL) {
		if (mp->b_datap->db_type < QPCTL && !bcanputnext(q, mp->b_band)) {
			putbq(q, mp);
			break;
		}
		putnext(q, mp);
	}
	return 0;
}

/* A data message of @len bytes, band @band, first byte @tag. */
static inline mblk_t *t_msg(size_t len, unsigned char band, unsigned char type, int tag)
{
	mblk_t *mp = allocb(len ? len : 1, BPRI_MED);

	if (!mp)
		return NULL;
	mp->b_datap->db_type = type;
	mp->b_band = band;
	if (len) {
		memset(mp->b_wptr, 0, len);
		mp->b_wptr[0] = (unsigned char)tag;
		mp->b_wptr += len;
	}
	return mp;
}

static inline int t_tag(mblk_t *mp)
{
	return mp->b_wptr > mp->b_rptr ? mp->b_rptr[0] : -1;
}

/* ---------------------------------------------------------------- hand-built streams */

#define TSTR_MAX	10

/**
 * struct tstream - a stream: rq[0] is the head's read queue, rq[n-1] the driver's; messages
 * flow down the write queues WR(rq[0]) -> ... -> WR(rq[n-1]) and up the read queues.
 */
struct tstream {
	int n;
	queue_t *rq[TSTR_MAX];
};

/* Link the pairs: write side downwards, read side upwards. */
static inline void tstream_link(struct tstream *s)
{
	int i;

	for (i = 0; i + 1 < s->n; i++) {
		WR(s->rq[i])->q_next = WR(s->rq[i + 1]);
		s->rq[i + 1]->q_next = s->rq[i];
	}
}

/*
 * Build a stream: @head (a tmod whose tables are used for the head pair, allocated with
 * lis_allocq(NULL) + lis_setq) over @mods[0..nmods-1] (the last is the driver).
 * Return: 0, or -1 if memory ran out.
 */
static inline int tstream_build(struct tstream *s, struct tmod *head, struct tmod **mods,
				int nmods)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->rq[0] = lis_allocq(NULL);
	if (!s->rq[0])
		return -1;
	lis_setq(s->rq[0], &head->rinit, &head->winit);
	s->n = 1;
	for (i = 0; i < nmods && s->n < TSTR_MAX; i++) {
		s->rq[s->n] = lis_allocq(&mods[i]->msw);
		if (!s->rq[s->n])
			return -1;
		s->n++;
	}
	tstream_link(s);
	for (i = 0; i < s->n; i++)
		lis_qprocson(s->rq[i]);
	return 0;
}

/* Dismantle: procedures off, unlink, free. */
static inline void tstream_free(struct tstream *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		lis_qprocsoff(s->rq[i]);
	for (i = 0; i < s->n; i++) {
		WR(s->rq[i])->q_next = NULL;
		s->rq[i]->q_next = NULL;
	}
	lis_synchronize_rcu();
	for (i = 0; i < s->n; i++)
		lis_freeq(s->rq[i]);
	s->n = 0;
}

/* The write queue of stream element @i (0: head) and its read queue. */
#define TW(s, i)	WR((s)->rq[i])
#define TR(s, i)	((s)->rq[i])

#endif /* LIS_SCHED_UNIT_H */
