// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * loop: the STREAMS loop-around driver. Minors come in connected pairs (1<->2, 3<->4, ...):
 * what is written on one end is read on the other, as messages, with SVR4 flow control between
 * the two streams. A clone open gets a free minor above the fixed ones, unconnected.
 * Audience: a built-in driver; it uses the DDI only, plus RCU from the port to reach its peer.
 */
#include <lis/port.h>
#include <lis/strsubr.h>
#include <sys/stream.h>
#include "builtin.h"
#include "xpair.h"

#define LOOP_NFIXED	8	/* fixed minors with nodes /dev/streams/loop.1 .. loop.8 */
#define LOOP_MAXMINOR	1023	/* clone minors are LOOP_NFIXED+1 .. LOOP_MAXMINOR */
#define LOOP_HIWAT	(64 * 1024)
#define LOOP_LOWAT	(16 * 1024)

static struct xpair_end loop_minors[LOOP_MAXMINOR + 1];
static lis_spinlock_t loop_lock = __SPIN_LOCK_UNLOCKED(loop_lock);

static struct module_info loop_minfo = {
	.mi_idnum = 0x4c50,
	.mi_idname = "loop",
	.mi_minpsz = 0,
	.mi_maxpsz = INFPSZ,
	.mi_hiwat = LOOP_HIWAT,
	.mi_lowat = LOOP_LOWAT,
};

static int loop_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp);
static int loop_close(queue_t *q, int oflag, cred_t *crp);

static struct qinit loop_rinit = {
	.qi_putp = NULL,
	.qi_srvp = xpair_rsrv,
	.qi_qopen = loop_open,
	.qi_qclose = loop_close,
	.qi_minfo = &loop_minfo,
};

static struct qinit loop_winit = {
	.qi_putp = xpair_wput,
	.qi_srvp = xpair_wsrv,
	.qi_minfo = &loop_minfo,
};

/* Registered from drivers/Config (D_MP, clone node, nodes loop.1 .. loop.LOOP_NFIXED). */
struct streamtab loop_info = {
	.st_rdinit = &loop_rinit,
	.st_wrinit = &loop_winit,
};

static unsigned int loop_peer_minor(unsigned int minor)
{
	return minor <= LOOP_NFIXED ? ((minor - 1) ^ 1) + 1 : 0;
}

/*
 * Each write on one end is read as one message on the other, even in byte-stream read mode:
 * ask the head to treat our messages as delimited (SO_DELIM), so a read stops at their end.
 */
static void loop_setopts(queue_t *q)
{
	struct stroptions *so;
	mblk_t *mp = allocb(sizeof(*so), BPRI_MED);

	if (!mp)
		return;
	mp->b_datap->db_type = M_SETOPTS;
	so = (struct stroptions *)mp->b_wptr;
	so->so_flags = SO_DELIM;
	mp->b_wptr += sizeof(*so);
	putnext(q, mp);
}

static int loop_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp)
{
	unsigned int minor = *devp & 0x3ffff, peer;
	unsigned long flags;
	struct xpair_end *lp;

	if (q->q_ptr)
		return 0;	/* re-open of an open minor */
	lis_spin_lock_irqsave(&loop_lock, flags);
	if (sflag == CLONEOPEN) {
		for (minor = LOOP_NFIXED + 1; minor <= LOOP_MAXMINOR; minor++)
			if (!loop_minors[minor].rq)
				break;
		if (minor > LOOP_MAXMINOR) {
			lis_spin_unlock_irqrestore(&loop_lock, flags);
			return ENOSR;
		}
		*devp = (*devp & ~0x3ffffU) | minor;
	} else if (minor == 0 || minor > LOOP_NFIXED) {
		lis_spin_unlock_irqrestore(&loop_lock, flags);
		return ENXIO;
	}
	lp = &loop_minors[minor];
	lp->rq = q;
	q->q_ptr = lp;
	WR(q)->q_ptr = lp;
	peer = loop_peer_minor(minor);
	if (peer && loop_minors[peer].rq)
		xpair_connect(lp, &loop_minors[peer]);
	lis_spin_unlock_irqrestore(&loop_lock, flags);
	qprocson(q);
	loop_setopts(q);
	return 0;
}

static int loop_close(queue_t *q, int oflag, cred_t *crp)
{
	struct xpair_end *lp = q->q_ptr;
	unsigned long flags;

	qprocsoff(q);
	lis_spin_lock_irqsave(&loop_lock, flags);
	xpair_disconnect(lp);
	lp->rq = NULL;
	lis_spin_unlock_irqrestore(&loop_lock, flags);
	/* The framework waits for RCU readers before it frees our queues. */
	q->q_ptr = NULL;
	WR(q)->q_ptr = NULL;
	return 0;
}
