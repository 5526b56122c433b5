// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/queue.c: the message queue of one queue_t: putq, getq, putbq, insq, appq, rmvq, flushq,
 * flushband, qsize, strqget, strqset, noenable, enableok, and back-enabling.
 * Audience: the DDI (drivers and modules call the SVR4 names of <sys/stream.h>); the framework.
 * The lock order of sched/ is at the top of sched/sched.h, the rules in <lis/strsubr.h>.
 *
 * A queue holds, in order: high-priority messages (db_type >= QPCTL, b_band forced to 0), then
 * priority bands 255..1, then band 0. q_count counts band 0 bytes (high priority included, as
 * SVR4 does), qb_count a band's. QFULL/QB_FULL are set when the count reaches the high water
 * mark and cleared when it drops below the low water mark (or to zero); a writer that found the
 * queue full (QWANTW/QB_WANTW, set by canput) is back-enabled at that moment.
 * putq/putbq/insq enable the queue as SVR4 does: always for a high-priority message; otherwise
 * unless noenable() was called, and then only if the service procedure last found the queue
 * empty (QWANTR, set by getq) or (putq only) the message is in a priority band.
 */
#include <lis/export.h>
#include "sched.h"

/* Bytes of a message, as q_count counts them: every block, whatever its type. */
static size_t lis_msg_bytes(const mblk_t *mp)
{
	size_t n = 0;

	for (; mp; mp = mp->b_cont)
		if (mp->b_wptr > mp->b_rptr)
			n += (size_t)(mp->b_wptr - mp->b_rptr);
	return n;
}

/* Below the low water mark: where a full queue stops being full. */
static int lis_below_lowat(size_t count, size_t lowat)
{
	return count < lowat || count == 0;
}

/* Band @band (1..q_nband) of @q. Called with the queue lock held. */
static qband_t *lis_q_band(queue_t *q, int band)
{
	qband_t *qb = q->q_bandp;

	while (--band > 0 && qb)
		qb = qb->qb_next;
	return qb;
}

/*
 * Make sure bands 1..@band exist; new bands start with the queue's water marks.
 * Return: 1, or 0 if memory ran out. Called with the queue lock held; never sleeps.
 */
static int lis_q_bands_grow(queue_t *q, int band)
{
	qband_t **qbp = &q->q_bandp;

	while (*qbp)
		qbp = &(*qbp)->qb_next;
	while (q->q_nband < band) {
		qband_t *qb = lis_sched_zalloc(sizeof(*qb));

		if (!qb)
			return 0;
		qb->qb_hiwat = q->q_hiwat;
		qb->qb_lowat = q->q_lowat;
		*qbp = qb;
		qbp = &qb->qb_next;
		q->q_nband++;
	}
	return 1;
}

/*
 * The last message whose key (lis_msg_key) is at least @key, or NULL if none (then a message
 * ordered after it goes first). Called with the queue lock held.
 */
static mblk_t *lis_q_last_ge(queue_t *q, int key)
{
	mblk_t *mp, *last = NULL;
	qband_t *qb;
	int band;

	if (key <= 0)
		return q->q_last;
	for (band = 1, qb = q->q_bandp; key < LIS_KEY_HIPRI && qb; band++, qb = qb->qb_next)
		if (band >= key && qb->qb_last)
			return qb->qb_last;
	if (key > LIS_KEY_HIPRI)
		return NULL;
	for (mp = q->q_first; mp && mp->b_datap->db_type >= QPCTL; mp = mp->b_next)
		last = mp;
	return last;
}

/* Link @mp into @q after @prev (NULL: at the front). Called with the queue lock held. */
static void lis_q_link_after(queue_t *q, mblk_t *prev, mblk_t *mp)
{
	mblk_t *next = prev ? prev->b_next : q->q_first;

	mp->b_prev = prev;
	mp->b_next = next;
	if (prev)
		prev->b_next = mp;
	else
		q->q_first = mp;
	if (next)
		next->b_prev = mp;
	else
		q->q_last = mp;
}

/*
 * Account for @mp (@n bytes) just linked into @q: band pointers, counts, QFULL/QB_FULL.
 * The ordering of the queue keeps a band contiguous, so @mp becomes the band's first (last)
 * message exactly when it sits just before the old first (after the old last). Called with the
 * queue lock held.
 */
static void lis_q_account_add(queue_t *q, mblk_t *mp, size_t n)
{
	q->q_msgs++;
	if (mp->b_band) {
		qband_t *qb = lis_q_band(q, mp->b_band);

		if (!qb->qb_first || qb->qb_first == mp->b_next)
			qb->qb_first = mp;
		if (!qb->qb_last || qb->qb_last == mp->b_prev)
			qb->qb_last = mp;
		qb->qb_count += n;
		if (qb->qb_count >= qb->qb_hiwat)
			qb->qb_flag |= QB_FULL;
	} else {
		q->q_count += n;
		if (q->q_count >= q->q_hiwat)
			q->q_flag |= QFULL;
	}
}

/*
 * Band 0 after an unlink or a change of water marks: clear QFULL below the low water mark and
 * say whether a waiting writer must be back-enabled. Called with the queue lock held.
 */
static int lis_q_band0_relieved(queue_t *q)
{
	if (!lis_below_lowat(q->q_count, q->q_lowat))
		return 0;
	q->q_flag &= ~QFULL;
	if (!(q->q_flag & QWANTW))
		return 0;
	q->q_flag &= ~QWANTW;
	return 1;
}

/*
 * Unlink @mp from @q and account for it; clears QFULL/QB_FULL below the low water mark.
 * Return: the band to back-enable (a writer waits for it and it dropped below its low water
 * mark; its QWANTW/QB_WANTW is cleared), or -1. Called with the queue lock held.
 */
static int lis_q_remove(queue_t *q, mblk_t *mp)
{
	size_t n = lis_msg_bytes(mp);
	qband_t *qb = NULL;

	if (mp->b_band) {
		qb = lis_q_band(q, mp->b_band);
		if (qb->qb_first == mp)
			qb->qb_first = (mp->b_next && mp->b_next->b_band == mp->b_band) ?
				mp->b_next : NULL;
		if (qb->qb_last == mp)
			qb->qb_last = (mp->b_prev && mp->b_prev->b_band == mp->b_band) ?
				mp->b_prev : NULL;
	}
	if (mp->b_prev)
		mp->b_prev->b_next = mp->b_next;
	else
		q->q_first = mp->b_next;
	if (mp->b_next)
		mp->b_next->b_prev = mp->b_prev;
	else
		q->q_last = mp->b_prev;
	mp->b_next = NULL;
	mp->b_prev = NULL;
	q->q_msgs--;
	if (qb) {
		qb->qb_count -= n < qb->qb_count ? n : qb->qb_count;
		if (!lis_below_lowat(qb->qb_count, qb->qb_lowat))
			return -1;
		qb->qb_flag &= ~QB_FULL;
		if (!(qb->qb_flag & QB_WANTW))
			return -1;
		qb->qb_flag &= ~QB_WANTW;
		return mp->b_band;
	}
	q->q_count -= n < q->q_count ? n : q->q_count;
	return lis_q_band0_relieved(q) ? 0 : -1;
}

/*
 * Whether a message just put on @q enables it: always for high priority; otherwise not after
 * noenable(), and then if the service procedure last found the queue empty (QWANTR) or, for
 * putq only (@band_enables), if the message is in a priority band. (putbq and insq never
 * enable for the band alone: a service procedure putting a band message back for flow control
 * must not schedule itself again.) Called with the queue lock held.
 */
static int lis_q_should_enable(queue_t *q, const mblk_t *mp, int band_enables)
{
	if (mp->b_datap->db_type >= QPCTL)
		return 1;
	if (q->q_flag & QNOENB)
		return 0;
	return (q->q_flag & QWANTR) || (band_enables && mp->b_band);
}

/* Insert @mp after @prev and enable as putq does; then drop the lock and wake. */
static void lis_q_insert_unlock(queue_t *q, mblk_t *prev, mblk_t *mp, size_t n,
				int band_enables, unsigned long flags)
	__releases(lis_qlock(q))
{
	struct lis_runq *rq = NULL;

	lis_q_link_after(q, prev, mp);
	lis_q_account_add(q, mp, n);
	if (lis_q_should_enable(q, mp, band_enables))
		rq = lis_qenable_locked(q);
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	if (rq)
		lis_runq_wake(rq);
}

/*
 * Common part of putq and putbq: force high priority to band 0, allocate the band, and insert
 * after the last message whose key is at least @key_bias plus the message's own key.
 */
static int lis_q_put_common(queue_t *q, mblk_t *mp, int key_bias)
{
	size_t n = lis_msg_bytes(mp);
	unsigned long flags;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	if (mp->b_datap->db_type >= QPCTL)
		mp->b_band = 0;
	if (mp->b_band > q->q_nband && !lis_q_bands_grow(q, mp->b_band)) {
		lis_spin_unlock_irqrestore(lis_qlock(q), flags);
		return 0;
	}
	lis_q_insert_unlock(q, lis_q_last_ge(q, lis_msg_key(mp) + key_bias), mp, n, !key_bias,
			    flags);
	return 1;
}

/**
 * lis_putq() - put a message on a queue, after the messages of the same priority.
 * @q: the queue
 * @mp: the message (not on any queue)
 *
 * Updates the flow control state and enables the queue as putq(9F) says (see the top of the
 * file). A band's qband structure is allocated on first use.
 *
 * Return: 1, or 0 if the band could not be allocated (the caller still owns @mp).
 * Context: any (hard irq included); never sleeps.
 */
int lis_putq(queue_t *q, mblk_t *mp)
{
	return lis_q_put_common(q, mp, 0);
}
LIS_EXPORT(lis_putq);

/**
 * lis_putbq() - put a message back at the front of its priority on a queue.
 * @q: the queue
 * @mp: the message, typically just taken with getq() and not passed on for flow control
 *
 * A high-priority message goes to the very front, others before the messages of their band.
 * A service procedure must never put back a high-priority message: that enables it again.
 *
 * Return: 1, or 0 if the band could not be allocated. Context: any; never sleeps.
 */
int lis_putbq(queue_t *q, mblk_t *mp)
{
	return lis_q_put_common(q, mp, 1);
}
LIS_EXPORT(lis_putbq);

/* Whether @mp may sit just before @emp (NULL: at the end) on @q. Queue lock held. */
static int lis_q_order_ok(queue_t *q, mblk_t *emp, mblk_t *mp)
{
	mblk_t *prev = emp ? emp->b_prev : q->q_last;
	int key = lis_msg_key(mp);

	if (prev && lis_msg_key(prev) < key)
		return 0;
	return !emp || lis_msg_key(emp) <= key;
}

/* insq() with the queue lock held on entry; drops it. */
static int lis_insq_unlock(queue_t *q, mblk_t *emp, mblk_t *mp, size_t n, unsigned long flags)
	__releases(lis_qlock(q))
{
	if (mp->b_datap->db_type >= QPCTL)
		mp->b_band = 0;
	if (!lis_q_order_ok(q, emp, mp) ||
	    (mp->b_band > q->q_nband && !lis_q_bands_grow(q, mp->b_band))) {
		lis_spin_unlock_irqrestore(lis_qlock(q), flags);
		return 0;
	}
	lis_q_insert_unlock(q, emp ? emp->b_prev : q->q_last, mp, n, 0, flags);
	return 1;
}

/**
 * lis_insq() - insert a message before a given message of a queue.
 * @q: the queue
 * @emp: a message on @q, or NULL for the end of the queue
 * @mp: the message to insert
 *
 * The position must respect the order of the queue (high priority, then bands 255..0):
 * the message before must not have a lower priority and @emp not a higher one.
 *
 * Return: 1, or 0 if the position is out of order or the band could not be allocated.
 * Context: any; never sleeps. The caller keeps @emp on @q (e.g. inside its perimeter).
 */
int lis_insq(queue_t *q, mblk_t *emp, mblk_t *mp)
{
	size_t n = lis_msg_bytes(mp);
	unsigned long flags;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	return lis_insq_unlock(q, emp, mp, n, flags);
}
LIS_EXPORT(lis_insq);

/**
 * lis_appq() - insert a message after a given message of a queue.
 * @q: the queue
 * @emp: a message on @q, or NULL for the front of the queue
 * @nmp: the message to insert
 *
 * As insq() before @emp's successor. If that position is out of order, @nmp is put with
 * putq() instead, and freed if even that fails (appq returns nothing to report it).
 * Context: any; never sleeps.
 */
void lis_appq(queue_t *q, mblk_t *emp, mblk_t *nmp)
{
	size_t n = lis_msg_bytes(nmp);
	unsigned long flags;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	if (lis_insq_unlock(q, emp ? emp->b_next : q->q_first, nmp, n, flags))
		return;
	lis_warn_once(1);
	if (!lis_putq(q, nmp))
		freemsg(nmp);
}
LIS_EXPORT(lis_appq);

/**
 * lis_getq() - take the first message off a queue.
 * @q: the queue
 *
 * On an empty queue, sets QWANTR (the next putq enables the queue). If the count of the
 * message's band drops below its low water mark and a writer waits, back-enables the nearest
 * queue behind with a service procedure.
 *
 * Return: the message, or NULL. Context: any; never sleeps.
 */
mblk_t *lis_getq(queue_t *q)
{
	unsigned long flags;
	mblk_t *mp;
	int band;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	mp = q->q_first;
	if (mp) {
		band = lis_q_remove(q, mp);
		q->q_flag &= ~QWANTR;
	} else {
		q->q_flag |= QWANTR;
		band = lis_q_band0_relieved(q) ? 0 : -1;
	}
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	if (band >= 0)
		lis_backenable(q, band);
	return mp;
}
LIS_EXPORT(lis_getq);

/**
 * lis_rmvq() - remove a given message from a queue.
 * @q: the queue
 * @mp: a message on @q
 *
 * Flow control is updated and the queue behind back-enabled as for getq().
 * Context: any; never sleeps. The caller keeps @mp on @q until the call (its perimeter).
 */
void lis_rmvq(queue_t *q, mblk_t *mp)
{
	unsigned long flags;
	int band;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	band = lis_q_remove(q, mp);
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	if (band >= 0)
		lis_backenable(q, band);
}
LIS_EXPORT(lis_rmvq);

/* Bands to back-enable after a flush: one bit per band. */
struct lis_bandset {
	unsigned long bits[256 / (8 * sizeof(unsigned long))];
};

#define LIS_BANDSET_WORD	(8 * sizeof(unsigned long))

static void lis_bandset_add(struct lis_bandset *s, int band)
{
	if (band >= 0)
		s->bits[band / LIS_BANDSET_WORD] |= 1UL << (band % LIS_BANDSET_WORD);
}

/* Back-enable the bands of @s, highest first (as SVR4 does). */
static void lis_bandset_backenable(queue_t *q, const struct lis_bandset *s)
{
	int band;

	for (band = 255; band >= 0; band--)
		if (s->bits[band / LIS_BANDSET_WORD] & (1UL << (band % LIS_BANDSET_WORD)))
			lis_backenable(q, band);
}

/*
 * Remove the messages of @q from @mp up to (not including) @end that @match accepts, chaining
 * them on *@freep; record bands to back-enable in @s. Called with the queue lock held.
 */
static void lis_q_sweep(queue_t *q, mblk_t *mp, mblk_t *end, int band0_only, int flag,
			mblk_t **freep, struct lis_bandset *s)
{
	while (mp != end) {
		mblk_t *next = mp->b_next;

		if ((!band0_only || mp->b_band == 0) &&
		    (flag == FLUSHALL || lis_sched_datamsg(mp->b_datap->db_type))) {
			lis_bandset_add(s, lis_q_remove(q, mp));
			mp->b_next = *freep;
			*freep = mp;
		}
		mp = next;
	}
}

/* Free a chain of messages linked by b_next. */
static void lis_free_chain(mblk_t *mp)
{
	while (mp) {
		mblk_t *next = mp->b_next;

		mp->b_next = NULL;
		freemsg(mp);
		mp = next;
	}
}

/**
 * lis_flushq() - free the messages of a queue.
 * @q: the queue
 * @flag: FLUSHDATA for data messages only (M_DATA, M_PROTO, M_PCPROTO, M_DELAY), FLUSHALL for
 *        all of them
 *
 * Writers waiting for a band that dropped below its low water mark are back-enabled.
 * Context: any; never sleeps (freemsg never does).
 */
void lis_flushq(queue_t *q, int flag)
{
	struct lis_bandset s = { { 0 } };
	mblk_t *freed = NULL;
	unsigned long flags;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	lis_q_sweep(q, q->q_first, NULL, 0, flag, &freed, &s);
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	lis_free_chain(freed);
	lis_bandset_backenable(q, &s);
}
LIS_EXPORT(lis_flushq);

/**
 * lis_flushband() - free the messages of one priority band of a queue.
 * @q: the queue
 * @pri: the band; 0 means the normal and high-priority messages (band 0)
 * @flag: FLUSHDATA or FLUSHALL, as for flushq()
 *
 * Context: any; never sleeps.
 */
void lis_flushband(queue_t *q, unsigned char pri, int flag)
{
	struct lis_bandset s = { { 0 } };
	mblk_t *freed = NULL;
	unsigned long flags;
	qband_t *qb;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	if (pri == 0) {
		lis_q_sweep(q, q->q_first, NULL, 1, flag, &freed, &s);
	} else if (pri <= q->q_nband) {
		qb = lis_q_band(q, pri);
		if (qb->qb_first)
			lis_q_sweep(q, qb->qb_first, qb->qb_last->b_next, 0, flag, &freed, &s);
	}
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	lis_free_chain(freed);
	lis_bandset_backenable(q, &s);
}
LIS_EXPORT(lis_flushband);

/**
 * lis_q_purge() - free every message and band of a queue that nobody can reach any more.
 * @q: the queue (its procedures off, unlinked from the stream)
 *
 * Nothing is back-enabled. Context: process; used by lis_freeq().
 */
void lis_q_purge(queue_t *q)
{
	mblk_t *mp = q->q_first;
	qband_t *qb = q->q_bandp;

	q->q_first = q->q_last = NULL;
	q->q_bandp = NULL;
	q->q_nband = 0;
	q->q_count = 0;
	q->q_msgs = 0;
	while (mp) {
		mblk_t *next = mp->b_next;

		mp->b_next = mp->b_prev = NULL;
		freemsg(mp);
		mp = next;
	}
	while (qb) {
		qband_t *next = qb->qb_next;

		lis_sched_free(qb, sizeof(*qb));
		qb = next;
	}
}

/**
 * lis_qsize() - the number of messages on a queue, all bands.
 * @q: the queue
 *
 * Return: the count (a snapshot). Context: any; never sleeps.
 */
int lis_qsize(queue_t *q)
{
	unsigned long flags;
	int n;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	n = (int)q->q_msgs;
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	return n;
}
LIS_EXPORT(lis_qsize);

/**
 * lis_noenable() - stop putq, putbq and insq from enabling a queue for ordinary messages.
 * @q: the queue
 *
 * High-priority messages, qenable() and back-enabling still enable it.
 * Context: any; never sleeps.
 */
void lis_noenable(queue_t *q)
{
	unsigned long flags;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	q->q_flag |= QNOENB;
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
}
LIS_EXPORT(lis_noenable);

/**
 * lis_enableok() - let putq, putbq and insq enable a queue again (undoes noenable()).
 * @q: the queue
 *
 * Does not enable the queue itself. Context: any; never sleeps.
 */
void lis_enableok(queue_t *q)
{
	unsigned long flags;

	lis_spin_lock_irqsave(lis_qlock(q), flags);
	q->q_flag &= ~QNOENB;
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
}
LIS_EXPORT(lis_enableok);

/**
 * lis_backq() - the queue behind @q: the one whose putnext() reaches @q.
 * @q: the queue
 *
 * Return: that queue, or NULL at the end of the stream. Context: any; the caller keeps the
 * stream from changing (inside its own put or service procedure, or under lis_rcu_read_lock).
 */
queue_t *lis_backq(queue_t *q)
{
	queue_t *nq;

	lis_rcu_read_lock();
	nq = lis_rcu_dereference(OTHERQ(q)->q_next);
	lis_rcu_read_unlock();
	return nq ? OTHERQ(nq) : NULL;
}
LIS_EXPORT(lis_backq);

/**
 * lis_backenable() - enable the nearest queue behind @q that has a service procedure.
 * @q: the queue that dropped below its low water mark
 * @band: the band that did (0: the queue itself); QBACK/QB_BACK is set on the enabled queue
 *
 * Context: any; never sleeps. Called without queue locks.
 */
void lis_backenable(queue_t *q, int band)
{
	unsigned long flags;
	queue_t *bq;

	lis_rcu_read_lock();
	for (bq = lis_backq(q); bq && !lis_q_has_srv(bq); bq = lis_backq(bq))
		;
	if (bq) {
		lis_spin_lock_irqsave(lis_qlock(bq), flags);
		if (band == 0)
			bq->q_flag |= QBACK;
		else if (band <= bq->q_nband)
			lis_q_band(bq, band)->qb_flag |= QB_BACK;
		lis_spin_unlock_irqrestore(lis_qlock(bq), flags);
		lis_qenable(bq);
	}
	lis_rcu_read_unlock();
}

/* Find (allocating if needed) band @pri of @q for strqget/strqset: 0 or EAGAIN. */
static int lis_q_band_for(queue_t *q, unsigned char pri, qband_t **qbp)
{
	*qbp = NULL;
	if (pri == 0)
		return 0;
	if (pri > q->q_nband && !lis_q_bands_grow(q, pri))
		return EAGAIN;
	*qbp = lis_q_band(q, pri);
	return 0;
}

/* The value of field @what of @q or its band @qb. Queue lock held. */
static int lis_q_field_get(queue_t *q, qband_t *qb, qfields_t what, long *valp)
{
	switch (what) {
	case QHIWAT:
		*valp = (long)(qb ? qb->qb_hiwat : q->q_hiwat);
		return 0;
	case QLOWAT:
		*valp = (long)(qb ? qb->qb_lowat : q->q_lowat);
		return 0;
	case QMAXPSZ:
		*valp = (long)q->q_maxpsz;
		return qb ? EINVAL : 0;
	case QMINPSZ:
		*valp = (long)q->q_minpsz;
		return qb ? EINVAL : 0;
	case QCOUNT:
		*valp = (long)(qb ? qb->qb_count : q->q_count);
		return 0;
	case QFIRST:
		*valp = (long)(qb ? qb->qb_first : q->q_first);
		return 0;
	case QLAST:
		*valp = (long)(qb ? qb->qb_last : q->q_last);
		return 0;
	case QFLAG:
		*valp = (long)(qb ? qb->qb_flag : q->q_flag);
		return 0;
	default:
		return EINVAL;
	}
}

/**
 * lis_strqget() - read a field of a queue or of one of its bands.
 * @q: the queue
 * @what: QHIWAT, QLOWAT, QMAXPSZ, QMINPSZ, QCOUNT, QFIRST, QLAST or QFLAG
 * @pri: 0 for the queue, else the band (allocated if it does not exist yet)
 * @valp: where the value is stored (pointers and flags converted to long)
 *
 * Return: 0; EINVAL for an unknown field or a packet size asked of a band; EAGAIN if the band
 * could not be allocated. Context: any; never sleeps.
 */
int lis_strqget(queue_t *q, qfields_t what, unsigned char pri, long *valp)
{
	unsigned long flags;
	qband_t *qb;
	long val = 0;
	int err;

	if ((unsigned int)what >= QSTRUIOT)
		return EINVAL;
	lis_spin_lock_irqsave(lis_qlock(q), flags);
	err = lis_q_band_for(q, pri, &qb);
	if (!err)
		err = lis_q_field_get(q, qb, what, &val);
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	if (!err)
		*valp = val;
	return err;
}
LIS_EXPORT(lis_strqget);

/*
 * After a water mark changed: set or clear QFULL/QB_FULL for the new marks and say whether a
 * waiting writer must be back-enabled. Queue lock held.
 */
static int lis_q_marks_changed(queue_t *q, qband_t *qb)
{
	if (!qb) {
		if (q->q_count >= q->q_hiwat)
			q->q_flag |= QFULL;
		return lis_q_band0_relieved(q);
	}
	if (qb->qb_count >= qb->qb_hiwat)
		qb->qb_flag |= QB_FULL;
	if (!lis_below_lowat(qb->qb_count, qb->qb_lowat))
		return 0;
	qb->qb_flag &= ~QB_FULL;
	if (!(qb->qb_flag & QB_WANTW))
		return 0;
	qb->qb_flag &= ~QB_WANTW;
	return 1;
}

/* Set field @what of @q or its band @qb. Queue lock held. */
static int lis_q_field_set(queue_t *q, qband_t *qb, qfields_t what, long val)
{
	switch (what) {
	case QHIWAT:
		if (qb)
			qb->qb_hiwat = (size_t)val;
		else
			q->q_hiwat = (size_t)val;
		return 0;
	case QLOWAT:
		if (qb)
			qb->qb_lowat = (size_t)val;
		else
			q->q_lowat = (size_t)val;
		return 0;
	case QMAXPSZ:
		if (qb)
			return EINVAL;
		q->q_maxpsz = (ssize_t)val;
		return 0;
	case QMINPSZ:
		if (qb)
			return EINVAL;
		q->q_minpsz = (ssize_t)val;
		return 0;
	default:
		return EINVAL;	/* QCOUNT, QFIRST, QLAST and QFLAG are read-only */
	}
}

/**
 * lis_strqset() - change a field of a queue or of one of its bands.
 * @q: the queue
 * @what: QHIWAT, QLOWAT, QMAXPSZ or QMINPSZ
 * @pri: 0 for the queue, else the band (allocated if it does not exist yet)
 * @val: the new value
 *
 * A new water mark takes effect at once: the queue (band) becomes full or stops being full,
 * and a waiting writer is back-enabled, as if its count had just changed.
 *
 * Return: 0; EINVAL for a read-only or unknown field or a packet size set on a band; EAGAIN if
 * the band could not be allocated. Context: any; never sleeps.
 */
int lis_strqset(queue_t *q, qfields_t what, unsigned char pri, long val)
{
	unsigned long flags;
	int err, relieved = 0;
	qband_t *qb;

	if ((unsigned int)what >= QSTRUIOT)
		return EINVAL;
	lis_spin_lock_irqsave(lis_qlock(q), flags);
	err = lis_q_band_for(q, pri, &qb);
	if (!err)
		err = lis_q_field_set(q, qb, what, val);
	if (!err && (what == QHIWAT || what == QLOWAT))
		relieved = lis_q_marks_changed(q, qb);
	lis_spin_unlock_irqrestore(lis_qlock(q), flags);
	if (relieved)
		lis_backenable(q, pri);
	return err;
}
LIS_EXPORT(lis_strqset);
