// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mux: a small multiplexing driver for the link tests. Upper streams are clone opens; lower
 * streams are linked with I_LINK/I_PLINK (at most MUX_NLOWER). Data written on an upper stream
 * goes down the first lower stream; data coming up a lower stream goes to the upper stream
 * that linked it (for persistent links: the newest upper stream still open).
 */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <sys/stream.h>
#include <sys/stropts.h>
#include <sys/strreg.h>

#define MUX_NLOWER	8
#define MUX_NUPPER	64

struct mux_lower {
	queue_t *lwq;		/* bottom write queue (l_qbot), NULL if the slot is free */
	int muxid;
	queue_t *upper;		/* read queue of the controlling upper stream, or NULL */
};

static struct mux_lower mux_lowers[MUX_NLOWER];
static queue_t *mux_uppers[MUX_NUPPER];	/* upper read queues by minor */
static DEFINE_SPINLOCK(mux_lock);

static struct module_info mux_minfo = {
	.mi_idnum = 0x4d58, .mi_idname = "mux", .mi_maxpsz = INFPSZ,
	.mi_hiwat = 65536, .mi_lowat = 1024,
};

static int mux_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp)
{
	unsigned long flags;
	int m;

	if (q->q_ptr)
		return 0;
	spin_lock_irqsave(&mux_lock, flags);
	for (m = 1; m < MUX_NUPPER && mux_uppers[m]; m++)
		;
	if (m == MUX_NUPPER) {
		spin_unlock_irqrestore(&mux_lock, flags);
		return ENXIO;
	}
	mux_uppers[m] = q;
	spin_unlock_irqrestore(&mux_lock, flags);
	*devp = (*devp & ~0x3ffffU) | m;
	q->q_ptr = WR(q)->q_ptr = &mux_uppers[m];
	qprocson(q);
	return 0;
}

static int mux_close(queue_t *q, int oflag, cred_t *crp)
{
	unsigned long flags;
	int i;

	qprocsoff(q);
	spin_lock_irqsave(&mux_lock, flags);
	*(queue_t **)q->q_ptr = NULL;
	for (i = 0; i < MUX_NLOWER; i++)
		if (mux_lowers[i].upper == q)
			mux_lowers[i].upper = NULL;
	spin_unlock_irqrestore(&mux_lock, flags);
	return 0;
}

static void mux_ioctl(queue_t *q, mblk_t *mp)
{
	struct iocblk *ioc = (struct iocblk *)mp->b_rptr;
	struct linkblk *lb = mp->b_cont ? (struct linkblk *)mp->b_cont->b_rptr : NULL;
	unsigned long flags;
	int i, err = EINVAL;

	spin_lock_irqsave(&mux_lock, flags);
	switch (ioc->ioc_cmd) {
	case I_LINK:
	case I_PLINK:
		for (i = 0; lb && i < MUX_NLOWER; i++) {
			if (mux_lowers[i].lwq)
				continue;
			mux_lowers[i].lwq = lb->l_qbot;
			mux_lowers[i].muxid = lb->l_index;
			mux_lowers[i].upper = RD(q);
			lb->l_qbot->q_ptr = &mux_lowers[i];
			RD(lb->l_qbot)->q_ptr = &mux_lowers[i];
			err = 0;
			break;
		}
		break;
	case I_UNLINK:
	case I_PUNLINK:
		for (i = 0; lb && i < MUX_NLOWER; i++) {
			if (mux_lowers[i].lwq && mux_lowers[i].muxid == lb->l_index) {
				mux_lowers[i].lwq = NULL;
				mux_lowers[i].upper = NULL;
				err = 0;
			}
		}
		break;
	}
	spin_unlock_irqrestore(&mux_lock, flags);
	mp->b_datap->db_type = err ? M_IOCNAK : M_IOCACK;
	ioc->ioc_error = err;
	ioc->ioc_count = 0;
	qreply(q, mp);
}

static int mux_uwput(queue_t *q, mblk_t *mp)
{
	unsigned long flags;
	queue_t *lwq = NULL;
	int i;

	switch (DB_TYPE(mp)) {
	case M_IOCTL:
		mux_ioctl(q, mp);
		return 0;
	case M_FLUSH:
		if (*mp->b_rptr & FLUSHR) {
			flushq(RD(q), FLUSHALL);
			*mp->b_rptr &= ~FLUSHW;
			qreply(q, mp);
			return 0;
		}
		freemsg(mp);
		return 0;
	case M_DATA:
	case M_PROTO:
		rcu_read_lock();	/* a lower stream is freed only after unlink + a grace period */
		spin_lock_irqsave(&mux_lock, flags);
		for (i = 0; i < MUX_NLOWER && !lwq; i++)
			lwq = mux_lowers[i].lwq;
		spin_unlock_irqrestore(&mux_lock, flags);
		if (lwq)
			putnext(lwq, mp);
		else
			freemsg(mp);
		rcu_read_unlock();
		return 0;
	default:
		freemsg(mp);
		return 0;
	}
}

/* Data from a lower stream: up the upper stream that linked it (or the newest one). */
static int mux_lrput(queue_t *q, mblk_t *mp)
{
	struct mux_lower *ml = q->q_ptr;
	unsigned long flags;
	queue_t *up;
	int m;

	if (!ml || (DB_TYPE(mp) != M_DATA && DB_TYPE(mp) != M_PROTO)) {
		freemsg(mp);
		return 0;
	}
	rcu_read_lock();
	spin_lock_irqsave(&mux_lock, flags);
	up = ml->upper;
	for (m = MUX_NUPPER - 1; !up && m > 0; m--)
		up = mux_uppers[m];
	spin_unlock_irqrestore(&mux_lock, flags);
	if (up)
		putnext(up, mp);
	else
		freemsg(mp);
	rcu_read_unlock();
	return 0;
}

static int mux_lwput(queue_t *q, mblk_t *mp)
{
	putnext(q, mp);
	return 0;
}

static struct qinit mux_urinit = { .qi_qopen = mux_open, .qi_qclose = mux_close,
				   .qi_minfo = &mux_minfo };
static struct qinit mux_uwinit = { .qi_putp = mux_uwput, .qi_minfo = &mux_minfo };
static struct qinit mux_lrinit = { .qi_putp = mux_lrput, .qi_minfo = &mux_minfo };
static struct qinit mux_lwinit = { .qi_putp = mux_lwput, .qi_minfo = &mux_minfo };
static struct streamtab mux_info = {
	.st_rdinit = &mux_urinit, .st_wrinit = &mux_uwinit,
	.st_muxrinit = &mux_lrinit, .st_muxwinit = &mux_lwinit,
};

static int __init mux_init(void)
{
	int major = lis_register_strdev("mux", &mux_info, D_MP | D_CLONE, 0, THIS_MODULE);

	return major < 0 ? major : 0;
}

static void __exit mux_exit(void)
{
	lis_unregister_strdev("mux");
}

module_init(mux_init);
module_exit(mux_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LiS test multiplexor");
