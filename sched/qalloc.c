// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/qalloc.c: queue pairs and their perimeters: lis_allocq, lis_freeq, lis_setq.
 * Audience: framework private (the stream head creates and dismantles streams with them).
 *
 * The perimeter of a queue pair follows the module's MT flags (<sys/stream.h>):
 *   D_MTPERMOD, D_MTOUTPERIM, or no MT flag at all (a legacy module, serialized for safety):
 *                one perimeter for every instance, lis_modsw.perim, allocated with the first
 *                instance and freed with the last (under lis_perim_mutex);
 *   D_MTQPAIR    one perimeter for the pair (lis_qpair.perim_own);
 *   D_MTPERQ     one perimeter for each queue;
 *   D_MP alone   none: put and service procedures run concurrently (QMTSAFE).
 * Each queue holds one reference on its perimeter (q_perim).
 */
#include <lis/export.h>
#include "sched.h"

static lis_mutex_t lis_perim_mutex;

/**
 * lis_qalloc_init() - set up qalloc.c (called by lis_runq_init).
 *
 * Context: process.
 */
void lis_qalloc_init(void)
{
	lis_mutex_init(&lis_perim_mutex);
}

/**
 * lis_setq() - set the procedures and limits of a queue pair.
 * @rq: the read queue
 * @rinit: the read side's qinit
 * @winit: the write side's qinit
 *
 * Limits (packet sizes, water marks) come from each qinit's module_info, if any.
 * Context: any; before qprocson (or with the pair's procedures off).
 */
void lis_setq(queue_t *rq, struct qinit *rinit, struct qinit *winit)
{
	queue_t *pair[2] = { rq, WR(rq) };
	struct qinit *qi[2] = { rinit, winit };
	int i;

	for (i = 0; i < 2; i++) {
		struct module_info *mi = qi[i] ? qi[i]->qi_minfo : NULL;

		pair[i]->q_qinfo = qi[i];
		if (!mi)
			continue;
		pair[i]->q_minpsz = mi->mi_minpsz;
		pair[i]->q_maxpsz = mi->mi_maxpsz;
		pair[i]->q_hiwat = mi->mi_hiwat;
		pair[i]->q_lowat = mi->mi_lowat;
	}
}
LIS_EXPORT(lis_setq);

/* The per-module perimeter of @msw, allocated with its first user; a new reference. */
static struct lis_perim *lis_perim_module(struct lis_modsw *msw)
{
	struct lis_perim *p;

	lis_mutex_lock(&lis_perim_mutex);
	p = msw->perim;
	if (p)
		lis_atomic_inc(&p->refs);
	else
		p = msw->perim = lis_perim_alloc();
	lis_mutex_unlock(&lis_perim_mutex);
	return p;
}

/* Drop @q's reference on its perimeter; a per-module one is forgotten by its modsw at 0. */
static void lis_perim_release(struct lis_qpair *qp, struct lis_perim *p)
{
	if (!p)
		return;
	lis_mutex_lock(&lis_perim_mutex);
	if (lis_atomic_dec_and_test(&p->refs)) {
		if (qp->modsw && qp->modsw->perim == p)
			qp->modsw->perim = NULL;
		lis_warn_once(p->busy || p->deferred || p->svc_head || p->calls);
		lis_sched_free(p, sizeof(*p));
	}
	lis_mutex_unlock(&lis_perim_mutex);
}

/* Give the pair its perimeter(s) by @flags; 0 or -ENOMEM. */
static int lis_perim_attach(struct lis_qpair *qp, struct lis_modsw *msw)
{
	unsigned int f = msw->flags;
	queue_t *rq = &qp->q[0], *wq = &qp->q[1];
	unsigned int qf;

	if (f & (D_MTPERMOD | D_MTOUTPERIM) || !(f & (D_MP | D_MTQPAIR | D_MTPERQ))) {
		rq->q_perim = lis_perim_module(msw);
		if (!rq->q_perim)
			return -ENOMEM;
		wq->q_perim = lis_perim_module(msw);	/* cannot fail: it exists now */
		qf = (f & D_MTOUTPERIM) ? QPERMOD | QMTOUTPERIM : QPERMOD;
	} else if (f & D_MTQPAIR) {
		qp->perim_own = lis_perim_alloc();
		if (!qp->perim_own)
			return -ENOMEM;
		lis_atomic_inc(&qp->perim_own->refs);
		rq->q_perim = wq->q_perim = qp->perim_own;
		qf = QPAIR;
	} else if (f & D_MTPERQ) {
		rq->q_perim = qp->perim_own = lis_perim_alloc();
		wq->q_perim = lis_perim_alloc();
		if (!rq->q_perim || !wq->q_perim)
			return -ENOMEM;
		qf = QPERQ;
	} else {
		qf = QMTSAFE;
	}
	rq->q_flag |= qf;
	wq->q_flag |= qf;
	return 0;
}

/* Drop the pair's perimeter references. */
static void lis_perim_detach(struct lis_qpair *qp)
{
	lis_perim_release(qp, qp->q[0].q_perim);
	lis_perim_release(qp, qp->q[1].q_perim);
	qp->q[0].q_perim = qp->q[1].q_perim = NULL;
	qp->perim_own = NULL;
}

/**
 * lis_allocq() - allocate a queue pair for a driver or module, or for a stream head.
 * @msw: the driver or module; NULL for a stream head (the caller then calls lis_setq)
 *
 * The pair is zeroed, QREADR set on the read queue, QWANTR on both (the first putq enables),
 * procedures and limits taken from @msw's streamtab, the perimeter chosen by @msw's MT flags
 * (see the top of the file). The procedures are off until lis_qprocson().
 *
 * Return: the read queue, or NULL if memory ran out. Context: process; may sleep.
 */
queue_t *lis_allocq(struct lis_modsw *msw)
{
	struct lis_qpair *qp;

	lis_might_sleep();
	qp = lis_sched_zalloc(sizeof(*qp));
	if (!qp)
		return NULL;
	qp->q[0].q_flag = QREADR | QUSE | QWANTR;
	qp->q[1].q_flag = QUSE | QWANTR;
	lis_spin_init(&qp->lock[0]);
	lis_spin_init(&qp->lock[1]);
	qp->modsw = msw;
	if (msw) {
		if (msw->str)
			lis_setq(&qp->q[0], msw->str->st_rdinit, msw->str->st_wrinit);
		if (lis_perim_attach(qp, msw)) {
			lis_perim_detach(qp);
			lis_sched_free(qp, sizeof(*qp));
			return NULL;
		}
	}
	return &qp->q[0];
}
LIS_EXPORT(lis_allocq);

/* Make sure nobody runs or keeps a deferred call for the pair inside perimeter @p. */
static void lis_perim_forget(struct lis_qpair *qp, struct lis_perim *p)
{
	if (!p)
		return;
	(void)lis_perim_enter_sleep(p, 0);
	lis_perim_purge(p, qp);
	lis_perim_exit(p);
}

/**
 * lis_freeq() - free a queue pair.
 * @rq: the read queue
 *
 * The pair's procedures must be off (lis_qprocsoff) and nobody may reach it any more (unlinked
 * from its stream, an RCU grace period passed). Claims its perimeter(s) once to drop any call
 * still deferred there for the pair, so the caller must not hold them. Queued messages are
 * freed, the bands and perimeter references released.
 * Context: process; may sleep.
 */
void lis_freeq(queue_t *rq)
{
	struct lis_qpair *qp = lis_qpair(rq);

	lis_might_sleep();
	lis_perim_forget(qp, qp->q[0].q_perim);
	if (qp->q[1].q_perim != qp->q[0].q_perim)
		lis_perim_forget(qp, qp->q[1].q_perim);
	lis_q_purge(&qp->q[0]);
	lis_q_purge(&qp->q[1]);
	lis_perim_detach(qp);
	lis_sched_free(qp, sizeof(*qp));
}
LIS_EXPORT(lis_freeq);
