// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bupper: a sample SVR4 STREAMS module shipped as an object file (LiS driver headers only,
 * -DLIS_STANDALONE). Data going up the stream is turned to upper case; everything else passes.
 * Audience: the binary-object build test (tests/guest/binary_driver.c).
 */
#include <sys/errno.h>
#include <sys/stream.h>

static int bupper_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp);
static int bupper_close(queue_t *q, int oflag, cred_t *crp);
static int bupper_rput(queue_t *q, mblk_t *mp);
static int bupper_wput(queue_t *q, mblk_t *mp);

static struct module_info bupper_minfo = {
	.mi_idnum = 0x6275,
	.mi_idname = "bupper",
	.mi_minpsz = 0,
	.mi_maxpsz = INFPSZ,
	.mi_hiwat = 8192,
	.mi_lowat = 1024,
};

static struct qinit bupper_rinit = {
	.qi_putp = bupper_rput,
	.qi_qopen = bupper_open,
	.qi_qclose = bupper_close,
	.qi_minfo = &bupper_minfo,
};

static struct qinit bupper_winit = {
	.qi_putp = bupper_wput,
	.qi_minfo = &bupper_minfo,
};

struct streamtab bupperinfo = {
	.st_rdinit = &bupper_rinit,
	.st_wrinit = &bupper_winit,
};

static int bupper_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp)
{
	if (sflag != MODOPEN)
		return EINVAL;
	qprocson(q);
	return 0;
}

static int bupper_close(queue_t *q, int oflag, cred_t *crp)
{
	qprocsoff(q);
	return 0;
}

static int bupper_rput(queue_t *q, mblk_t *mp)
{
	mblk_t *bp;
	unsigned char *p;

	if (DB_TYPE(mp) == M_DATA && DB_REF(mp) == 1)
		for (bp = mp; bp; bp = bp->b_cont)
			for (p = bp->b_rptr; p < bp->b_wptr; p++)
				if (*p >= 'a' && *p <= 'z')
					*p -= 'a' - 'A';
	putnext(q, mp);
	return 0;
}

static int bupper_wput(queue_t *q, mblk_t *mp)
{
	putnext(q, mp);
	return 0;
}
