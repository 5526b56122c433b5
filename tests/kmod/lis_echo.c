// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * echo: a test STREAMS driver. Every M_DATA, M_PROTO and M_PCPROTO written is sent back up as
 * it is (band kept), through the read queue when the stream head is flow controlled; M_FLUSH
 * is handled as a driver must; M_IOCTL answers the test commands of lis_test_ioctl.h (I_STR
 * ones, and transparent ones with M_COPYIN/M_COPYOUT/M_IOCDATA); M_READ is counted.
 * Four fixed minors (/dev/streams/echo.1 .. echo.4) and clone opens (/dev/streams/echo).
 * Audience: the guest tests. Written as a plain SVR4 driver: the DDI only, apart from the small
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

#define ECHO_HIWAT	(16 * 1024)
#define ECHO_LOWAT	(4 * 1024)
#define ECHO_MAXSEND	64	/* most messages one ECHO_SEND may ask for */

/* One open stream of the driver. */
struct echo {
	queue_t *rq;
	minor_t minor;
	struct echo_count cnt;	/* updated with atomic adds: D_MP puts may run in parallel */
	timeout_id_t tid;	/* pending ECHO_DELAYACK */
	mblk_t *delayed;	/* its M_IOCTL */
	timeout_id_t later_tid;	/* pending delayed ECHO_SEND */
	mblk_t *later;		/* its messages, linked by b_next */
	caddr_t uaddr;		/* the transparent ioctl's user address */
};

static struct echo *echo_minors[ECHO_MAXMINOR + 1];	/* claimed with compare-and-swap */

/* Module parameters (the Linux part): errno the opens return (0: none), closes since load. */
static int echo_open_error;
static int echo_closes;

static struct module_info echo_minfo = {
	.mi_idnum = 0x4543,
	.mi_idname = "echo",
	.mi_minpsz = 0,
	.mi_maxpsz = INFPSZ,
	.mi_hiwat = ECHO_HIWAT,
	.mi_lowat = ECHO_LOWAT,
};

static int echo_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp);
static int echo_close(queue_t *q, int oflag, cred_t *crp);
static int echo_wput(queue_t *q, mblk_t *mp);
static int echo_rsrv(queue_t *q);

static struct qinit echo_rinit = {
	.qi_putp = NULL,
	.qi_srvp = echo_rsrv,
	.qi_qopen = echo_open,
	.qi_qclose = echo_close,
	.qi_minfo = &echo_minfo,
};

static struct qinit echo_winit = {
	.qi_putp = echo_wput,
	.qi_minfo = &echo_minfo,
};

static struct streamtab echo_info = {
	.st_rdinit = &echo_rinit,
	.st_wrinit = &echo_winit,
};

#define ECHO_ADD(ep, field, n)	__atomic_add_fetch(&(ep)->cnt.field, (n), __ATOMIC_RELAXED)
#define ECHO_SET(ep, field, v)	__atomic_store_n(&(ep)->cnt.field, (v), __ATOMIC_RELAXED)

/* ---------------------------------------------------------------- open and close */

static int echo_claim(minor_t minor, struct echo *ep)
{
	struct echo *none = NULL;

	return __atomic_compare_exchange_n(&echo_minors[minor], &none, ep, 0, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

static void echo_count_open(struct echo *ep, int oflag, int sflag)
{
	ECHO_ADD(ep, opens, 1);
	ECHO_SET(ep, last_sflag, sflag);
	ECHO_SET(ep, last_oflag, oflag);
}

static int echo_open(queue_t *q, dev_t *devp, int oflag, int sflag, cred_t *crp)
{
	minor_t minor = getminor(*devp);
	int err = __atomic_load_n(&echo_open_error, __ATOMIC_RELAXED);
	struct echo *ep;

	if (err)
		return err;
	if (q->q_ptr) {		/* re-open of an open stream */
		echo_count_open(q->q_ptr, oflag, sflag);
		return 0;
	}
	if (sflag != CLONEOPEN && (minor < 1 || minor > ECHO_NMINORS))
		return ENXIO;
	ep = kmem_zalloc(sizeof(*ep), KM_SLEEP);
	if (!ep)
		return ENOMEM;
	if (sflag == CLONEOPEN) {
		for (minor = ECHO_NMINORS + 1; minor <= ECHO_MAXMINOR; minor++)
			if (echo_claim(minor, ep))
				break;
		if (minor > ECHO_MAXMINOR) {
			kmem_free(ep, sizeof(*ep));
			return ENXIO;
		}
		*devp = makedevice(getmajor(*devp), minor);
	} else if (!echo_claim(minor, ep)) {
		kmem_free(ep, sizeof(*ep));
		return EBUSY;
	}
	ep->rq = q;
	ep->minor = minor;
	ep->cnt.minor = minor;
	echo_count_open(ep, oflag, sflag);
	q->q_ptr = ep;
	WR(q)->q_ptr = ep;
	qprocson(q);
	return 0;
}

static void echo_free_chain(mblk_t *mp)
{
	mblk_t *next;

	for (; mp; mp = next) {
		next = mp->b_next;
		mp->b_next = NULL;
		freemsg(mp);
	}
}

static int echo_close(queue_t *q, int oflag, cred_t *crp)
{
	struct echo *ep = q->q_ptr;

	qprocsoff(q);
	if (ep->tid)
		quntimeout(q, ep->tid);
	if (ep->later_tid)
		quntimeout(q, ep->later_tid);
	freemsg(ep->delayed);
	echo_free_chain(ep->later);
	q->q_ptr = NULL;
	WR(q)->q_ptr = NULL;
	__atomic_store_n(&echo_minors[ep->minor], NULL, __ATOMIC_RELEASE);
	kmem_free(ep, sizeof(*ep));
	__atomic_add_fetch(&echo_closes, 1, __ATOMIC_RELAXED);
	return 0;
}

/* ---------------------------------------------------------------- the read side */

/* Send @mp up: high priority at once, ordinary messages in order and under flow control. */
static void echo_up(queue_t *rq, mblk_t *mp)
{
	if (DB_TYPE(mp) >= QPCTL || (!rq->q_first && bcanputnext(rq, mp->b_band))) {
		putnext(rq, mp);
		return;
	}
	if (!putq(rq, mp))
		freemsg(mp);
}

/* Read service: back-enabled when the stream head drains. */
static int echo_rsrv(queue_t *q)
{
	mblk_t *mp;

	while ((mp = getq(q)) != NULL) {
		if (DB_TYPE(mp) < QPCTL && !bcanputnext(q, mp->b_band)) {
			putbq(q, mp);
			break;
		}
		putnext(q, mp);
	}
	return 0;
}

/* ---------------------------------------------------------------- data and flush */

static void echo_count_data(struct echo *ep, mblk_t *mp)
{
	int type = DB_TYPE(mp), len = 0, ctl = 0, blocks = 0;
	mblk_t *b;

	for (b = mp; b; b = b->b_cont, blocks++) {
		if (DB_TYPE(b) == M_DATA)
			len += MBLKL(b);
		else
			ctl += MBLKL(b);
	}
	if (type == M_DATA)
		ECHO_ADD(ep, data_msgs, 1);
	else if (type == M_PROTO)
		ECHO_ADD(ep, proto_msgs, 1);
	else
		ECHO_ADD(ep, pcproto_msgs, 1);
	ECHO_ADD(ep, data_bytes, len);
	ECHO_ADD(ep, ctl_bytes, ctl);
	if (!len && !ctl)
		ECHO_ADD(ep, zero_msgs, 1);
	ECHO_SET(ep, last_type, type);
	ECHO_SET(ep, last_band, mp->b_band);
	ECHO_SET(ep, last_len, len);
	ECHO_SET(ep, last_ctllen, ctl);
	ECHO_SET(ep, last_blocks, blocks);
	ECHO_SET(ep, last_wroff, (int)MBLKHEAD(mp));
}

static void echo_flush(queue_t *q, mblk_t *mp)
{
	struct echo *ep = q->q_ptr;
	unsigned char how = *mp->b_rptr;
	unsigned char band = MBLKL(mp) >= 2 ? mp->b_rptr[1] : 0;

	ECHO_ADD(ep, flush_msgs, 1);
	ECHO_SET(ep, last_flush, how);
	ECHO_SET(ep, last_flush_band, (how & FLUSHBAND) ? band : 0);
	if (how & FLUSHW) {
		if (how & FLUSHBAND)
			flushband(q, band, FLUSHALL);
		else
			flushq(q, FLUSHALL);
	}
	if (!(how & FLUSHR)) {
		freemsg(mp);
		return;
	}
	if (how & FLUSHBAND)
		flushband(RD(q), band, FLUSHALL);
	else
		flushq(RD(q), FLUSHALL);
	*mp->b_rptr &= ~FLUSHW;
	qreply(q, mp);
}

/* ---------------------------------------------------------------- ioctl answers */

static void echo_ack(queue_t *q, mblk_t *mp, int rval, int error)
{
	struct iocblk *ioc = (struct iocblk *)mp->b_rptr;

	mp->b_datap->db_type = M_IOCACK;
	mp->b_wptr = mp->b_rptr + sizeof(*ioc);
	ioc->ioc_rval = rval;
	ioc->ioc_error = error;
	ioc->ioc_count = mp->b_cont ? msgdsize(mp->b_cont) : 0;
	qreply(q, mp);
}

static void echo_nak(queue_t *q, mblk_t *mp, int error)
{
	struct iocblk *ioc = (struct iocblk *)mp->b_rptr;

	freemsg(mp->b_cont);
	mp->b_cont = NULL;
	mp->b_datap->db_type = M_IOCNAK;
	mp->b_wptr = mp->b_rptr + sizeof(*ioc);
	ioc->ioc_rval = 0;
	ioc->ioc_error = error;
	ioc->ioc_count = 0;
	qreply(q, mp);
}

/* The I_STR data of @mp as one block of at least @size bytes, or NULL. */
static void *echo_arg(mblk_t *mp, size_t size)
{
	if (!mp->b_cont || msgdsize(mp->b_cont) < size || !pullupmsg(mp->b_cont, -1))
		return NULL;
	return mp->b_cont->b_rptr;
}

/* Replace the data of @mp by a new block of @len bytes (copied from @src, if not NULL). */
static int echo_set_data(mblk_t *mp, const void *src, size_t len)
{
	mblk_t *bp = allocb(len ? len : 1, BPRI_MED);
	const unsigned char *s = src;
	size_t i;

	if (!bp)
		return ENOSR;
	for (i = 0; i < len; i++)
		bp->b_wptr[i] = s ? s[i] : echo_pattern(i);
	bp->b_wptr += len;
	freemsg(mp->b_cont);
	mp->b_cont = bp;
	return 0;
}

static void echo_reply(queue_t *q, mblk_t *mp)
{
	struct echo_reply *r = echo_arg(mp, sizeof(*r));
	struct echo_reply req;
	int err;

	if (!r || r->len < 0 || r->len > 65536) {
		echo_nak(q, mp, EINVAL);
		return;
	}
	req = *r;
	if (!req.ack) {
		echo_nak(q, mp, req.error);
		return;
	}
	freemsg(mp->b_cont);
	mp->b_cont = NULL;
	err = req.len ? echo_set_data(mp, NULL, req.len) : 0;
	if (err)
		echo_nak(q, mp, err);
	else
		echo_ack(q, mp, req.rval, req.error);
}

static void echo_delayed_ack(void *arg)
{
	queue_t *q = arg;
	struct echo *ep = q->q_ptr;
	mblk_t *mp = ep->delayed;

	ep->delayed = NULL;
	ep->tid = 0;
	if (mp)
		echo_ack(q, mp, ECHO_ACK_RVAL, 0);
}

static void echo_delayack(queue_t *q, mblk_t *mp)
{
	struct echo *ep = q->q_ptr;
	int *ms = echo_arg(mp, sizeof(int));
	long ticks;

	if (!ms || *ms < 0 || ep->delayed) {
		echo_nak(q, mp, ms && *ms >= 0 ? EBUSY : EINVAL);
		return;
	}
	ticks = drv_usectohz((clock_t)*ms * 1000);
	freemsg(mp->b_cont);
	mp->b_cont = NULL;
	ep->delayed = mp;
	ep->tid = qtimeout(q, echo_delayed_ack, q, ticks);
	if (!ep->tid) {
		ep->delayed = NULL;
		echo_nak(q, mp, ENOSR);
	}
}

static void echo_count_reply(queue_t *q, mblk_t *mp)
{
	struct echo *ep = q->q_ptr;
	struct echo_count c;
	int err;

	__atomic_store_n(&ep->cnt.rq_msgs, qsize(RD(q)), __ATOMIC_RELAXED);
	c = ep->cnt;
	err = echo_set_data(mp, &c, sizeof(c));
	if (err)
		echo_nak(q, mp, err);
	else
		echo_ack(q, mp, 0, 0);
}

static void echo_reset(queue_t *q, mblk_t *mp)
{
	struct echo *ep = q->q_ptr;
	int minor = ep->cnt.minor;

	__builtin_memset(&ep->cnt, 0, sizeof(ep->cnt));
	ep->cnt.minor = minor;
	freemsg(mp->b_cont);
	mp->b_cont = NULL;
	echo_ack(q, mp, 0, 0);
}

/* ---------------------------------------------------------------- ECHO_SEND */

static mblk_t *echo_block(int type, const unsigned char *src, int len)
{
	mblk_t *bp = allocb(len > 0 ? len : 1, BPRI_MED);
	int i;

	if (!bp)
		return NULL;
	bp->b_datap->db_type = type;
	for (i = 0; i < len; i++)
		*bp->b_wptr++ = src[i];
	return bp;
}

static mblk_t *echo_setopts_block(int type, const struct echo_send *es)
{
	const struct echo_setopts *eo = (const struct echo_setopts *)es->ctl;
	struct stroptions *so;
	mblk_t *bp;

	bp = allocb(sizeof(*so), BPRI_MED);
	if (!bp)
		return NULL;
	bp->b_datap->db_type = type;
	so = (struct stroptions *)bp->b_wptr;
	__builtin_memset(so, 0, sizeof(*so));
	so->so_flags = eo->flags;
	so->so_readopt = eo->readopt;
	so->so_wroff = eo->wroff;
	so->so_minpsz = eo->minpsz;
	so->so_maxpsz = eo->maxpsz;
	so->so_hiwat = eo->hiwat;
	so->so_lowat = eo->lowat;
	so->so_band = eo->band;
	so->so_erropt = eo->erropt;
	bp->b_wptr += sizeof(*so);
	return bp;
}

/* One message as @es describes it, or NULL. */
static mblk_t *echo_make(const struct echo_send *es)
{
	mblk_t *mp, *dp;

	switch (es->type) {
	case M_DATA:
		mp = echo_block(M_DATA, es->data, es->datalen);
		break;
	case M_PROTO:
	case M_PCPROTO:
		mp = echo_block(es->type, es->ctl, es->ctllen);
		if (mp && es->datalen > 0) {
			dp = echo_block(M_DATA, es->data, es->datalen);
			if (!dp) {
				freemsg(mp);
				return NULL;
			}
			mp->b_cont = dp;
		}
		break;
	case M_SETOPTS:
	case M_PCSETOPTS:
		mp = echo_setopts_block(es->type, es);
		break;
	default:
		mp = echo_block(es->type, es->ctl, es->ctllen);
		break;
	}
	if (mp) {
		mp->b_band = es->band;
		mp->b_flag = es->flag;
	}
	return mp;
}

static int echo_send_check(const struct echo_send *es)
{
	if (es->type < 0 || es->type > 255 || es->band < 0 || es->band > 255)
		return EINVAL;
	if (es->ctllen < 0 || es->ctllen > ECHO_CTLMAX || es->datalen < 0 ||
	    es->datalen > ECHO_DATAMAX || es->count < 0 || es->count > ECHO_MAXSEND)
		return EINVAL;
	if (es->delay < 0)
		return EINVAL;
	if ((es->type == M_SETOPTS || es->type == M_PCSETOPTS) &&
	    es->ctllen < (int)sizeof(struct echo_setopts))
		return EINVAL;
	return 0;
}

static void echo_send_chain(queue_t *rq, mblk_t *mp)
{
	mblk_t *next;

	for (; mp; mp = next) {
		next = mp->b_next;
		mp->b_next = NULL;
		echo_up(rq, mp);
	}
}

static void echo_later(void *arg)
{
	queue_t *q = arg;
	struct echo *ep = q->q_ptr;
	mblk_t *mp = ep->later;

	ep->later = NULL;
	ep->later_tid = 0;
	echo_send_chain(RD(q), mp);
}

/* The messages @es asks for, linked by b_next; NULL if memory is short. */
static mblk_t *echo_make_all(const struct echo_send *es)
{
	mblk_t *first = NULL, **tail = &first;
	int i, n = es->count ? es->count : 1;

	for (i = 0; i < n; i++) {
		*tail = echo_make(es);
		if (!*tail) {
			echo_free_chain(first);
			return NULL;
		}
		tail = &(*tail)->b_next;
	}
	return first;
}

/* Ack first, then send: the caller's I_STR is answered before a hangup or error arrives. */
static void echo_send(queue_t *q, mblk_t *mp)
{
	struct echo_send *es = echo_arg(mp, sizeof(*es));
	struct echo *ep = q->q_ptr;
	mblk_t *msgs;
	int err;

	err = es ? echo_send_check(es) : EINVAL;
	if (!err && es->delay && ep->later)
		err = EBUSY;
	if (err) {
		echo_nak(q, mp, err);
		return;
	}
	msgs = echo_make_all(es);
	if (!msgs) {
		echo_nak(q, mp, ENOSR);
		return;
	}
	if (es->delay) {
		ep->later = msgs;
		ep->later_tid = qtimeout(q, echo_later, q, drv_usectohz((clock_t)es->delay * 1000));
		if (!ep->later_tid) {
			ep->later = NULL;
			echo_free_chain(msgs);
			echo_nak(q, mp, ENOSR);
			return;
		}
		msgs = NULL;
	}
	freemsg(mp->b_cont);
	mp->b_cont = NULL;
	echo_ack(q, mp, 0, 0);
	echo_send_chain(RD(q), msgs);
}

/* ---------------------------------------------------------------- transparent ioctls */

/* Turn @mp (M_IOCTL or M_IOCDATA) into an M_COPYIN/M_COPYOUT request for @size bytes. */
static void echo_copyreq(queue_t *q, mblk_t *mp, int type, size_t size, mblk_t *data)
{
	struct copyreq *cq = (struct copyreq *)mp->b_rptr;
	struct echo *ep = q->q_ptr;

	if ((size_t)(DB_LIM(mp) - mp->b_rptr) < sizeof(*cq)) {
		freemsg(data);
		echo_nak(q, mp, EPROTO);
		return;
	}
	freemsg(mp->b_cont);
	mp->b_cont = data;
	mp->b_datap->db_type = type;
	mp->b_wptr = mp->b_rptr + sizeof(*cq);
	cq->cq_addr = ep->uaddr;
	cq->cq_size = size;
	cq->cq_flag = 0;
	cq->cq_private = NULL;
	qreply(q, mp);
}

static void echo_transparent(queue_t *q, mblk_t *mp)
{
	struct iocblk *ioc = (struct iocblk *)mp->b_rptr;
	struct echo *ep = q->q_ptr;
	struct echo_xfer x = { ECHO_XFER_A, ECHO_XFER_B, "echo" };
	mblk_t *data;

	if (!mp->b_cont || MBLKL(mp->b_cont) < sizeof(caddr_t)) {
		echo_nak(q, mp, EPROTO);
		return;
	}
	ep->uaddr = *(caddr_t *)mp->b_cont->b_rptr;
	switch (ioc->ioc_cmd) {
	case ECHO_COPYIN:
	case ECHO_XFER:
		echo_copyreq(q, mp, M_COPYIN, sizeof(struct echo_xfer), NULL);
		return;
	case ECHO_COPYOUT:
		data = echo_block(M_DATA, (unsigned char *)&x, sizeof(x));
		if (!data)
			echo_nak(q, mp, ENOSR);
		else
			echo_copyreq(q, mp, M_COPYOUT, sizeof(x), data);
		return;
	case ECHO_TNAK:
		echo_nak(q, mp, (int)(long)ep->uaddr);
		return;
	default:
		echo_nak(q, mp, EINVAL);
		return;
	}
}

/* M_IOCDATA: the result of a copy the stream head did for us. */
static void echo_iocdata(queue_t *q, mblk_t *mp)
{
	struct copyresp *cp = (struct copyresp *)mp->b_rptr;
	struct echo_xfer *x;
	int i;

	if (cp->cp_rval) {	/* the copy failed: the head has failed the ioctl already */
		freemsg(mp);
		return;
	}
	if (cp->cp_cmd == ECHO_COPYOUT || (cp->cp_cmd == ECHO_XFER && !mp->b_cont)) {
		freemsg(mp->b_cont);
		mp->b_cont = NULL;
		echo_ack(q, mp, 0, 0);
		return;
	}
	if (cp->cp_cmd != ECHO_COPYIN && cp->cp_cmd != ECHO_XFER) {
		echo_nak(q, mp, EINVAL);
		return;
	}
	x = echo_arg(mp, sizeof(*x));
	if (!x) {
		echo_nak(q, mp, EPROTO);
		return;
	}
	if (cp->cp_cmd == ECHO_COPYIN) {
		i = x->a + x->b;
		freemsg(mp->b_cont);
		mp->b_cont = NULL;
		echo_ack(q, mp, i, 0);
		return;
	}
	x->a += 1;
	x->b *= 2;
	for (i = 0; i < (int)sizeof(x->s); i++)
		if (x->s[i] >= 'a' && x->s[i] <= 'z')
			x->s[i] -= 'a' - 'A';
	echo_copyreq(q, mp, M_COPYOUT, sizeof(*x), unlinkb(mp));
}

/* ---------------------------------------------------------------- M_IOCTL */

static void echo_ioctl(queue_t *q, mblk_t *mp)
{
	struct iocblk *ioc = (struct iocblk *)mp->b_rptr;
	struct echo *ep = q->q_ptr;
	int *err;

	ECHO_ADD(ep, ioctls, 1);
	ECHO_SET(ep, last_ioc_flag, (int)ioc->ioc_flag);
	ECHO_SET(ep, last_ioc_uid, ioc->ioc_cr ? (int)ioc->ioc_cr->cr_uid : -1);
	if (ioc->ioc_count == TRANSPARENT) {
		echo_transparent(q, mp);
		return;
	}
	switch (ioc->ioc_cmd) {
	case ECHO_ACK:
		echo_ack(q, mp, ECHO_ACK_RVAL, 0);
		break;
	case ECHO_REPLY:
		echo_reply(q, mp);
		break;
	case ECHO_NAK:
		err = echo_arg(mp, sizeof(int));
		echo_nak(q, mp, err ? *err : EINVAL);
		break;
	case ECHO_NOREPLY:
		freemsg(mp);	/* never answered: the caller times out */
		break;
	case ECHO_DELAYACK:
		echo_delayack(q, mp);
		break;
	case ECHO_SEND:
		echo_send(q, mp);
		break;
	case ECHO_COUNT:
		echo_count_reply(q, mp);
		break;
	case ECHO_RESET:
		echo_reset(q, mp);
		break;
	default:
		echo_nak(q, mp, EINVAL);
		break;
	}
}

/* ---------------------------------------------------------------- write put */

static int echo_wput(queue_t *q, mblk_t *mp)
{
	struct echo *ep = q->q_ptr;

	switch (DB_TYPE(mp)) {
	case M_DATA:
	case M_PROTO:
	case M_PCPROTO:
		echo_count_data(ep, mp);
		echo_up(RD(q), mp);
		break;
	case M_FLUSH:
		echo_flush(q, mp);
		break;
	case M_IOCTL:
		echo_ioctl(q, mp);
		break;
	case M_IOCDATA:
		echo_iocdata(q, mp);
		break;
	case M_READ:
		ECHO_ADD(ep, mread_msgs, 1);
		if (MBLKL(mp) >= sizeof(long))
			ECHO_SET(ep, last_mread, (int)*(long *)mp->b_rptr);
		freemsg(mp);
		break;
	default:
		ECHO_ADD(ep, other_msgs, 1);
		freemsg(mp);
		break;
	}
	return 0;
}

/* ---------------------------------------------------------------- the Linux part */

#include <linux/module.h>

module_param_named(open_error, echo_open_error, int, 0644);
MODULE_PARM_DESC(open_error, "errno the driver's open routine returns (0: none)");
module_param_named(closes, echo_closes, int, 0444);
MODULE_PARM_DESC(closes, "close routine calls since load");

static int __init echo_init(void)
{
	int major;

	major = lis_register_strdev("echo", &echo_info, D_MP, ECHO_NMINORS, THIS_MODULE);
	return major < 0 ? major : 0;
}

static void __exit echo_exit(void)
{
	int err = lis_unregister_strdev("echo");

	if (err)
		pr_warn("lis_echo: lis_unregister_strdev(echo): %d\n", err);
}

module_init(echo_init);
module_exit(echo_exit);
MODULE_DESCRIPTION("LiS test driver: echo");
MODULE_LICENSE("GPL");
