// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bsample: a sample SVR4 STREAMS driver shipped as an object file. It includes the LiS driver
 * headers only (built with -DLIS_STANDALONE: no Linux header, no Linux call) and is linked into
 * bsample.ko by driver.mk with a wrapper generated from its Config. What is written on a stream
 * is sent back up (an echo); ioctl BSAMPLE_COUNT answers how many messages were echoed.
 * Minors 1..3 have nodes; a clone open gets a free minor above them.
 * Audience: the binary-object build test (tests/guest/binary_driver.c).
 */
#include <sys/errno.h>
#include <sys/stream.h>
#include <sys/cmn_err.h>

#define BSAMPLE_COUNT	(('b' << 8) | 1)	/* I_STR: rval = messages echoed on this stream */
#define BSAMPLE_NFIXED	3
#define BSAMPLE_NMINOR	64
#define BSAMPLE_MINOR(dev)	((dev) & 0x3ffffU)

extern int bsample_debug;	/* from the Config's param line, set at load */

struct bsample {
	queue_t *rq;		/* our read queue while open */
	unsigned long count;	/* messages echoed */
};

/* D_MTPERMOD: one perimeter for the whole driver, so this table needs no lock. */
static struct bsample bsample_minors[BSAMPLE_NMINOR];

static int bsample_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp);
static int bsample_close(queue_t *q, int oflag, cred_t *crp);
static int bsample_wput(queue_t *q, mblk_t *mp);

static struct module_info bsample_minfo = {
	.mi_idnum = 0x6273,
	.mi_idname = "bsample",
	.mi_minpsz = 0,
	.mi_maxpsz = INFPSZ,
	.mi_hiwat = 8192,
	.mi_lowat = 1024,
};

static struct qinit bsample_rinit = {
	.qi_qopen = bsample_open,
	.qi_qclose = bsample_close,
	.qi_minfo = &bsample_minfo,
};

static struct qinit bsample_winit = {
	.qi_putp = bsample_wput,
	.qi_minfo = &bsample_minfo,
};

struct streamtab bsampleinfo = {
	.st_rdinit = &bsample_rinit,
	.st_wrinit = &bsample_winit,
};

static int bsample_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp)
{
	unsigned int minor = BSAMPLE_MINOR(*devp);

	if (q->q_ptr)
		return 0;
	if (sflag == CLONEOPEN) {
		for (minor = BSAMPLE_NFIXED + 1; minor < BSAMPLE_NMINOR; minor++)
			if (!bsample_minors[minor].rq)
				break;
		if (minor >= BSAMPLE_NMINOR)
			return ENOSR;
		*devp = (*devp & ~0x3ffffU) | minor;
	} else if (minor == 0 || minor > BSAMPLE_NFIXED) {
		return ENXIO;
	}
	bsample_minors[minor].rq = q;
	bsample_minors[minor].count = 0;
	q->q_ptr = WR(q)->q_ptr = &bsample_minors[minor];
	if (bsample_debug)
		cmn_err(CE_NOTE, "bsample: open minor %u by uid %u", minor, crp->cr_uid);
	qprocson(q);
	return 0;
}

static int bsample_close(queue_t *q, int oflag, cred_t *crp)
{
	struct bsample *bs = q->q_ptr;

	qprocsoff(q);
	if (bsample_debug)
		cmn_err(CE_NOTE, "bsample: close minor %d after %lu messages",
			(int)(bs - bsample_minors), bs->count);
	bs->rq = NULL;
	q->q_ptr = WR(q)->q_ptr = NULL;
	return 0;
}

static void bsample_ioctl(queue_t *q, mblk_t *mp)
{
	struct iocblk *ioc = (struct iocblk *)mp->b_rptr;
	struct bsample *bs = q->q_ptr;

	ioc->ioc_count = 0;
	if (ioc->ioc_cmd == BSAMPLE_COUNT) {
		mp->b_datap->db_type = M_IOCACK;
		ioc->ioc_rval = (int)bs->count;
		ioc->ioc_error = 0;
	} else {
		mp->b_datap->db_type = M_IOCNAK;
		ioc->ioc_error = EINVAL;
	}
	qreply(q, mp);
}

static int bsample_wput(queue_t *q, mblk_t *mp)
{
	struct bsample *bs = q->q_ptr;

	switch (DB_TYPE(mp)) {
	case M_DATA:
	case M_PROTO:
		bs->count++;
		qreply(q, mp);	/* back up the stream, through any module pushed */
		break;
	case M_IOCTL:
		bsample_ioctl(q, mp);
		break;
	case M_FLUSH:
		if (*mp->b_rptr & FLUSHW)
			flushq(q, FLUSHALL);
		if (*mp->b_rptr & FLUSHR) {
			flushq(RD(q), FLUSHALL);
			*mp->b_rptr &= ~FLUSHW;
			qreply(q, mp);
			break;
		}
		freemsg(mp);
		break;
	default:
		freemsg(mp);
		break;
	}
	return 0;
}
