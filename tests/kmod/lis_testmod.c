// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pushable test modules:
 *  testmod   passes everything through, counting; answers TESTMOD_GET (its instance number,
 *            open flags and counters) and naks TESTMOD_FAIL; its open fails with the errno in
 *            the parameter fail_open (so that I_PUSH failures can be tested).
 *  passmod   a plain pass-through module that declares no MT flag (it runs in a perimeter).
 *  sizemod   a pass-through with q_minpsz 4 and q_maxpsz 16 (write ERANGE).
 *  splitmod  a pass-through with q_minpsz 0 and q_maxpsz 16 (writes are split).
 * Audience: the guest tests. Written as plain SVR4 modules: the DDI only, apart from the small
 * Linux part at the end (module load and unload, parameters).
 */
#include <sys/stream.h>
#include <sys/ddi.h>
#include <sys/kmem.h>
#include <sys/strreg.h>
#if __has_include(<sys/errno.h>)
#include <sys/errno.h>
#else
#include <linux/errno.h>	/* the error numbers, until the DDI has <sys/errno.h> */
#endif
#include "lis_test_ioctl.h"

/* Module parameters (the Linux part). */
static int testmod_fail_open;	/* errno testmod's open returns (0: none) */
static int testmod_opens;	/* open routine calls (re-opens included) */
static int testmod_closes;	/* close routine calls */

#define TM_ADD(p, n)	__atomic_add_fetch((p), (n), __ATOMIC_RELAXED)
#define TM_GET(p)	__atomic_load_n((p), __ATOMIC_RELAXED)

struct testmod {
	struct testmod_info info;
};

static int testmod_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp);
static int testmod_close(queue_t *q, int oflag, cred_t *crp);
static int testmod_rput(queue_t *q, mblk_t *mp);
static int testmod_wput(queue_t *q, mblk_t *mp);
static int pass_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp);
static int pass_close(queue_t *q, int oflag, cred_t *crp);
static int pass_put(queue_t *q, mblk_t *mp);

/* ---------------------------------------------------------------- tables */

static struct module_info testmod_minfo = {
	.mi_idnum = 0x5401, .mi_idname = TESTMOD_NAME,
	.mi_minpsz = 0, .mi_maxpsz = INFPSZ, .mi_hiwat = 8192, .mi_lowat = 1024,
};
static struct qinit testmod_rinit = {
	.qi_putp = testmod_rput, .qi_qopen = testmod_open, .qi_qclose = testmod_close,
	.qi_minfo = &testmod_minfo,
};
static struct qinit testmod_winit = { .qi_putp = testmod_wput, .qi_minfo = &testmod_minfo };
static struct streamtab testmod_info = { .st_rdinit = &testmod_rinit, .st_wrinit = &testmod_winit };

static struct module_info passmod_minfo = {
	.mi_idnum = 0x5402, .mi_idname = PASSMOD_NAME,
	.mi_minpsz = 0, .mi_maxpsz = INFPSZ, .mi_hiwat = 8192, .mi_lowat = 1024,
};
static struct qinit passmod_rinit = {
	.qi_putp = pass_put, .qi_qopen = pass_open, .qi_qclose = pass_close,
	.qi_minfo = &passmod_minfo,
};
static struct qinit passmod_winit = { .qi_putp = pass_put, .qi_minfo = &passmod_minfo };
static struct streamtab passmod_info = { .st_rdinit = &passmod_rinit, .st_wrinit = &passmod_winit };

static struct module_info sizemod_minfo = {
	.mi_idnum = 0x5403, .mi_idname = SIZEMOD_NAME,
	.mi_minpsz = SIZEMOD_MINPSZ, .mi_maxpsz = SIZEMOD_MAXPSZ, .mi_hiwat = 8192, .mi_lowat = 1024,
};
static struct qinit sizemod_rinit = {
	.qi_putp = pass_put, .qi_qopen = pass_open, .qi_qclose = pass_close,
	.qi_minfo = &sizemod_minfo,
};
static struct qinit sizemod_winit = { .qi_putp = pass_put, .qi_minfo = &sizemod_minfo };
static struct streamtab sizemod_info = { .st_rdinit = &sizemod_rinit, .st_wrinit = &sizemod_winit };

static struct module_info splitmod_minfo = {
	.mi_idnum = 0x5404, .mi_idname = SPLITMOD_NAME,
	.mi_minpsz = 0, .mi_maxpsz = SPLITMOD_MAXPSZ, .mi_hiwat = 8192, .mi_lowat = 1024,
};
static struct qinit splitmod_rinit = {
	.qi_putp = pass_put, .qi_qopen = pass_open, .qi_qclose = pass_close,
	.qi_minfo = &splitmod_minfo,
};
static struct qinit splitmod_winit = { .qi_putp = pass_put, .qi_minfo = &splitmod_minfo };
static struct streamtab splitmod_info = {
	.st_rdinit = &splitmod_rinit, .st_wrinit = &splitmod_winit,
};

/* ---------------------------------------------------------------- testmod */

static int testmod_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp)
{
	int err = TM_GET(&testmod_fail_open), n;
	struct testmod *tm;

	n = TM_ADD(&testmod_opens, 1);
	if (q->q_ptr)
		return 0;
	if (sflag != MODOPEN)
		return EINVAL;
	if (err)
		return err;
	tm = kmem_zalloc(sizeof(*tm), KM_SLEEP);
	if (!tm)
		return ENOMEM;
	tm->info.instance = n;
	tm->info.sflag = sflag;
	tm->info.oflag = oflag;
	tm->info.minor = getminor(*devp);
	q->q_ptr = tm;
	WR(q)->q_ptr = tm;
	qprocson(q);
	return 0;
}

static int testmod_close(queue_t *q, int oflag, cred_t *crp)
{
	struct testmod *tm = q->q_ptr;

	qprocsoff(q);
	q->q_ptr = NULL;
	WR(q)->q_ptr = NULL;
	kmem_free(tm, sizeof(*tm));
	TM_ADD(&testmod_closes, 1);
	return 0;
}

static void testmod_answer(queue_t *q, mblk_t *mp, int type, int error, mblk_t *data)
{
	struct iocblk *ioc = (struct iocblk *)mp->b_rptr;

	freemsg(mp->b_cont);
	mp->b_cont = data;
	mp->b_datap->db_type = type;
	ioc->ioc_count = data ? msgdsize(data) : 0;
	ioc->ioc_rval = 0;
	ioc->ioc_error = error;
	qreply(q, mp);
}

/* Its own commands. Return: 1 if @mp was one (and has been answered). */
static int testmod_ioctl(queue_t *q, mblk_t *mp)
{
	struct iocblk *ioc = (struct iocblk *)mp->b_rptr;
	struct testmod *tm = q->q_ptr;
	struct testmod_info info;
	mblk_t *data;
	int err = EPROTO;

	if (ioc->ioc_count == TRANSPARENT)
		return 0;
	switch (ioc->ioc_cmd) {
	case TESTMOD_GET:
		info = tm->info;
		info.down_msgs = TM_GET(&tm->info.down_msgs);
		info.up_msgs = TM_GET(&tm->info.up_msgs);
		info.opens = TM_GET(&testmod_opens);
		info.closes = TM_GET(&testmod_closes);
		data = allocb(sizeof(info), BPRI_MED);
		if (!data) {
			testmod_answer(q, mp, M_IOCNAK, ENOSR, NULL);
			return 1;
		}
		__builtin_memcpy(data->b_wptr, &info, sizeof(info));
		data->b_wptr += sizeof(info);
		testmod_answer(q, mp, M_IOCACK, 0, data);
		return 1;
	case TESTMOD_FAIL:
		if (mp->b_cont && msgdsize(mp->b_cont) >= sizeof(int) && pullupmsg(mp->b_cont, -1))
			err = *(int *)mp->b_cont->b_rptr;
		testmod_answer(q, mp, M_IOCNAK, err, NULL);
		return 1;
	}
	return 0;
}

static int testmod_wput(queue_t *q, mblk_t *mp)
{
	struct testmod *tm = q->q_ptr;

	if (DB_TYPE(mp) == M_IOCTL && testmod_ioctl(q, mp))
		return 0;
	TM_ADD(&tm->info.down_msgs, 1);
	putnext(q, mp);
	return 0;
}

static int testmod_rput(queue_t *q, mblk_t *mp)
{
	struct testmod *tm = q->q_ptr;

	TM_ADD(&tm->info.up_msgs, 1);
	putnext(q, mp);
	return 0;
}

/* ---------------------------------------------------------------- passmod, sizemod, splitmod */

static int pass_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp)
{
	if (sflag != MODOPEN)
		return EINVAL;
	qprocson(q);
	return 0;
}

static int pass_close(queue_t *q, int oflag, cred_t *crp)
{
	qprocsoff(q);
	return 0;
}

static int pass_put(queue_t *q, mblk_t *mp)
{
	putnext(q, mp);
	return 0;
}

/* ---------------------------------------------------------------- the Linux part */

#include <linux/module.h>

module_param_named(fail_open, testmod_fail_open, int, 0644);
MODULE_PARM_DESC(fail_open, "errno testmod's open routine returns (0: none)");
module_param_named(opens, testmod_opens, int, 0444);
MODULE_PARM_DESC(opens, "testmod open routine calls since load");
module_param_named(closes, testmod_closes, int, 0444);
MODULE_PARM_DESC(closes, "testmod close routine calls since load");

static const struct {
	const char *name;
	struct streamtab *str;
	unsigned int flags;
} testmod_mods[] = {
	{ TESTMOD_NAME, &testmod_info, D_MP },
	{ PASSMOD_NAME, &passmod_info, 0 },
	{ SIZEMOD_NAME, &sizemod_info, D_MP },
	{ SPLITMOD_NAME, &splitmod_info, D_MP },
};

static void testmod_unregister(unsigned int n)
{
	int err;

	while (n-- > 0) {
		err = lis_unregister_strmod(testmod_mods[n].name);
		if (err)
			pr_warn("lis_testmod: lis_unregister_strmod(%s): %d\n",
				testmod_mods[n].name, err);
	}
}

static int __init testmod_init(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(testmod_mods); i++) {
		err = lis_register_strmod(testmod_mods[i].name, testmod_mods[i].str,
					  testmod_mods[i].flags, THIS_MODULE);
		if (err) {
			testmod_unregister(i);
			return err;
		}
	}
	return 0;
}

static void __exit testmod_exit(void)
{
	testmod_unregister(ARRAY_SIZE(testmod_mods));
}

module_init(testmod_init);
module_exit(testmod_exit);
MODULE_DESCRIPTION("LiS test modules: testmod, passmod, sizemod, splitmod");
MODULE_LICENSE("GPL");
