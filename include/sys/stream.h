/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/stream.h>: the SVR4 STREAMS DDI/DKI data structures and routines.
 * Audience: STREAMS drivers and modules (source-compatible with SVR4, Solaris and LiS) and the
 * framework. Every routine is exported by streams.ko as lis_<name>; the SVR4 name is a static
 * inline wrapper (or a macro where the caller's file and line are recorded), so an object built
 * against these headers only needs streams.ko to load.
 */
#ifndef _SYS_STREAM_H
#define _SYS_STREAM_H

#include <lis/ddi_types.h>

/* ---------------------------------------------------------------- messages */

/* Message types. Values below QPCTL are ordinary, at or above are high priority. */
#define M_DATA		0x00
#define M_PROTO		0x01
#define M_MULTIDATA	0x02
#define M_BREAK		0x08
#define M_PASSFP	0x09
#define M_EVENT		0x0a
#define M_SIG		0x0b
#define M_DELAY		0x0c
#define M_CTL		0x0d
#define M_IOCTL		0x0e
#define M_SETOPTS	0x10
#define M_RSE		0x11

#define QPCTL		0x80

#define M_IOCACK	0x81
#define M_IOCNAK	0x82
#define M_PCPROTO	0x83
#define M_PCSIG		0x84
#define M_READ		0x85
#define M_FLUSH		0x86
#define M_STOP		0x87
#define M_START		0x88
#define M_HANGUP	0x89
#define M_ERROR		0x8a
#define M_COPYIN	0x8b
#define M_COPYOUT	0x8c
#define M_IOCDATA	0x8d
#define M_PCRSE		0x8e
#define M_STOPI		0x8f
#define M_STARTI	0x90
#define M_PCEVENT	0x91
#define M_UNHANGUP	0x92
#define M_CMD		0x93
#define M_PCCTL		0x94	/* high-priority M_CTL (LiS) */
#define M_PCSETOPTS	0x95	/* high-priority M_SETOPTS (LiS) */

/* Allocation priorities (accepted and ignored, as in Solaris). */
#define BPRI_LO		1
#define BPRI_MED	2
#define BPRI_HI		3
#define BPRI_FT		4

#define INFPSZ		(-1)	/* infinite packet size */

/* Free routine of an esballoc'd buffer: called once, when the last reference goes. */
typedef struct free_rtn {
	void (*free_func)(caddr_t arg);
	caddr_t free_arg;
} frtn_t;

/**
 * struct datab - a data block, shared by every message block that references it.
 * Framework-private fields (db_lis_*) may change between releases: drivers must not use them.
 */
typedef struct datab {
	frtn_t *db_frtnp;		/* free routine (esballoc), or NULL */
	unsigned char *db_base;		/* first byte of the buffer */
	unsigned char *db_lim;		/* one past the last byte */
	unsigned int db_ref;		/* message blocks referencing this block (atomic) */
	unsigned char db_type;		/* message type */
	unsigned char db_flags;		/* DBLK_* */
	unsigned short db_struioflag;
	unsigned int db_size;		/* db_lim - db_base */
	/* framework private */
	frtn_t db_lis_frtn;		/* copy of the caller's frtn_t (esballoc) */
	struct msgb *db_lis_mblk;	/* the message block allocated with this block */
	const char *db_lis_file;	/* allocation site when tracking is on */
	int db_lis_line;
	unsigned short db_lis_cache;	/* which cache the block came from */
	unsigned short db_lis_pad;
} dblk_t;

#define DBLK_REFMIN	0x01	/* SVR4 flag name; unused */

/**
 * struct msgb - a message block. b_next/b_prev link messages on a queue; b_cont links the
 * blocks of one message.
 */
typedef struct msgb {
	struct msgb *b_next;
	struct msgb *b_prev;
	struct msgb *b_cont;
	unsigned char *b_rptr;
	unsigned char *b_wptr;
	struct datab *b_datap;
	unsigned char b_band;
	unsigned char b_pad1;
	unsigned short b_flag;
	struct queue *b_queue;		/* framework private: target of a deferred put */
} mblk_t;

/* b_flag */
#define MSGMARK		0x01	/* last byte of message is "marked" */
#define MSGNOLOOP	0x02
#define MSGDELIM	0x04	/* message is delimited */
#define MSGNOGET	0x08
#define MSGMARKNEXT	0x10
#define MSGNOTMARKNEXT	0x20
#define MSGHIPRI	0x40	/* framework private */

/* ---------------------------------------------------------------- queues */

struct queue;
struct msgb;

/* Put and service procedures, open and close routines. */
typedef int (*qi_putp_t)(struct queue *q, mblk_t *mp);
typedef int (*qi_srvp_t)(struct queue *q);
typedef int (*qi_qopen_t)(struct queue *q, dev_t *devp, int oflag, int sflag, cred_t *crp);
typedef int (*qi_qclose_t)(struct queue *q, int oflag, cred_t *crp);
typedef int (*qi_qadmin_t)(void);

struct module_info {
	unsigned short mi_idnum;	/* module id number */
	const char *mi_idname;		/* module name */
	ssize_t mi_minpsz;		/* minimum packet size */
	ssize_t mi_maxpsz;		/* maximum packet size, or INFPSZ */
	size_t mi_hiwat;		/* high water mark */
	size_t mi_lowat;		/* low water mark */
};

struct module_stat {
	long ms_pcnt;			/* put procedure calls */
	long ms_scnt;			/* service procedure calls */
	long ms_ocnt;			/* open calls */
	long ms_ccnt;			/* close calls */
	long ms_acnt;			/* admin calls */
	char *ms_xptr;
	short ms_xsize;
	unsigned int ms_flags;
};

struct qinit {
	qi_putp_t qi_putp;
	qi_srvp_t qi_srvp;
	qi_qopen_t qi_qopen;
	qi_qclose_t qi_qclose;
	qi_qadmin_t qi_qadmin;
	struct module_info *qi_minfo;
	struct module_stat *qi_mstat;
};

struct streamtab {
	struct qinit *st_rdinit;
	struct qinit *st_wrinit;
	struct qinit *st_muxrinit;
	struct qinit *st_muxwinit;
};

/* A priority band's part of a queue. */
typedef struct qband {
	struct qband *qb_next;
	size_t qb_count;
	struct msgb *qb_first;
	struct msgb *qb_last;
	size_t qb_hiwat;
	size_t qb_lowat;
	unsigned int qb_flag;
	long qb_pad1;
} qband_t;

/* qb_flag */
#define QB_FULL		0x01	/* band is full */
#define QB_WANTW	0x02	/* someone wants to write to the band */
#define QB_BACK		0x04	/* queue has been back-enabled */

struct stdata;
struct lis_perim;

/**
 * struct queue - one half of a module's or driver's queue pair.
 * The lock rules are in <lis/strsubr.h>. Fields past q_nband are framework private.
 */
typedef struct queue {
	struct qinit *q_qinfo;		/* procedures and limits */
	struct msgb *q_first;		/* first message on the queue */
	struct msgb *q_last;		/* last message on the queue */
	struct queue *q_next;		/* next queue in the direction of flow */
	struct queue *q_link;		/* framework: next on the service run list */
	void *q_ptr;			/* module private data */
	size_t q_count;			/* bytes of band 0 data on the queue */
	unsigned int q_flag;		/* Q* flags below */
	ssize_t q_minpsz;
	ssize_t q_maxpsz;
	size_t q_hiwat;
	size_t q_lowat;
	struct qband *q_bandp;		/* bands 1..q_nband */
	unsigned char q_nband;
	unsigned char q_pad[3];
	/* framework private */
	struct stdata *q_str;		/* the stream this queue belongs to */
	struct lis_perim *q_perim;	/* the module's perimeter, or NULL for D_MP */
	unsigned int q_msgs;		/* messages on the queue, all bands */
	unsigned int q_lis_flags;	/* QL_* framework flags */
} queue_t;

/* q_flag (SVR4 / Solaris values) */
#define QENAB		0x00000001	/* queue is scheduled for service */
#define QWANTR		0x00000002	/* someone wants to read the queue */
#define QWANTW		0x00000004	/* someone wants to write to the queue */
#define QFULL		0x00000008	/* queue is full (band 0) */
#define QREADR		0x00000010	/* this is the read queue */
#define QUSE		0x00000020	/* queue is in use */
#define QNOENB		0x00000040	/* do not enable by putq */
#define QBACK		0x00000100	/* queue has been back-enabled */
#define QHLIST		0x00000200	/* stream head is on the scan list */
#define QPAIR		0x00000800	/* per queue-pair perimeter */
#define QPERQ		0x00001000	/* per queue perimeter */
#define QPERMOD		0x00002000	/* per module perimeter */
#define QMTSAFE		0x00004000	/* module is MT-safe (D_MP) */
#define QMTOUTPERIM	0x00008000	/* has an outer perimeter */
#define QEND		0x00010000	/* last queue in the stream (driver) */
#define QISDRV		0x00020000	/* queue belongs to a driver */
#define QPROCSON	0x00040000	/* framework: put and service procedures are on */
#define QINSERV		0x00080000	/* framework: service procedure is running */
#define QHEAD		0x00100000	/* framework: queue belongs to the stream head */

/* Fields that strqget/strqset read and write. */
typedef enum qfields {
	QHIWAT = 0,
	QLOWAT = 1,
	QMAXPSZ = 2,
	QMINPSZ = 3,
	QCOUNT = 4,
	QFIRST = 5,
	QLAST = 6,
	QFLAG = 7,
	QSTRUIOT = 8,
	QBAD = 9
} qfields_t;

/* ---------------------------------------------------------------- ioctls and options */

/* M_IOCTL, M_IOCACK and M_IOCNAK carry this. */
struct iocblk {
	int ioc_cmd;			/* ioctl command */
	cred_t *ioc_cr;			/* credentials */
	unsigned int ioc_id;		/* ioctl id */
	unsigned int ioc_flag;		/* IOC_* data model */
	size_t ioc_count;		/* bytes of data, or TRANSPARENT */
	int ioc_rval;			/* return value */
	int ioc_error;			/* error code, positive */
};

#define TRANSPARENT	((size_t)-1)
#define IOC_NATIVE	0x0
#define IOC_ILP32	0x1
#define IOC_NONE	0x2

/* M_COPYIN and M_COPYOUT carry this. */
struct copyreq {
	int cq_cmd;
	cred_t *cq_cr;
	unsigned int cq_id;
	unsigned int cq_flag;
	caddr_t cq_addr;		/* user address */
	size_t cq_size;			/* bytes to copy */
	mblk_t *cq_private;		/* module's state, returned in copyresp */
};

/* M_IOCDATA carries this. */
struct copyresp {
	int cp_cmd;
	cred_t *cp_cr;
	unsigned int cp_id;
	unsigned int cp_flag;
	caddr_t cp_rval;		/* 0 on success, otherwise failure */
	size_t cp_pad1;
	mblk_t *cp_private;
};

/* Any of the three, as drivers often overlay them. */
union ioctypes {
	struct iocblk iocblk;
	struct copyreq copyreq;
	struct copyresp copyresp;
};

/* M_IOCTL of I_LINK/I_PLINK/I_UNLINK/I_PUNLINK carries this after the iocblk. */
struct linkblk {
	queue_t *l_qtop;		/* top of the lower stream (a stream head write queue) */
	queue_t *l_qbot;		/* bottom of the multiplexor's queue pair for it */
	int l_index;			/* link id */
};

/* M_SETOPTS carries this. */
struct stroptions {
	unsigned int so_flags;		/* SO_* options to set */
	short so_readopt;		/* read option */
	unsigned short so_wroff;	/* write offset */
	ssize_t so_minpsz;
	ssize_t so_maxpsz;
	size_t so_hiwat;
	size_t so_lowat;
	unsigned char so_band;		/* band for SO_HIWAT/SO_LOWAT */
	unsigned short so_erropt;	/* error option */
};

#define SO_ALL		0x003f
#define SO_READOPT	0x0001
#define SO_WROFF	0x0002
#define SO_MINPSZ	0x0004
#define SO_MAXPSZ	0x0008
#define SO_HIWAT	0x0010
#define SO_LOWAT	0x0020
#define SO_MREADON	0x0040
#define SO_MREADOFF	0x0080
#define SO_NDELON	0x0100
#define SO_NDELOFF	0x0200
#define SO_ISTTY	0x0400
#define SO_ISNTTY	0x0800
#define SO_TOSTOP	0x1000
#define SO_TONSTOP	0x2000
#define SO_BAND		0x4000
#define SO_DELIM	0x8000
#define SO_NODELIM	0x00010000
#define SO_STRHOLD	0x00020000
#define SO_ERROPT	0x00040000

/* so_erropt */
#define RERRNORM	0x01
#define RERRNONPERSIST	0x02
#define RERRMASK	(RERRNORM | RERRNONPERSIST)
#define WERRNORM	0x04
#define WERRNONPERSIST	0x08
#define WERRMASK	(WERRNORM | WERRNONPERSIST)

/* Flush flags carried by M_FLUSH (also in <sys/stropts.h>). */
#ifndef FLUSHR
#define FLUSHR		0x01
#define FLUSHW		0x02
#define FLUSHRW		0x03
#define FLUSHBAND	0x04
#endif
/* flushq/flushband flags */
#define FLUSHDATA	0
#define FLUSHALL	1

/* Open routine sflag. */
#define DRVOPEN		0x0
#define MODOPEN		0x1
#define CLONEOPEN	0x2

/* Open routine oflag (SVR4 <sys/file.h> values). */
#ifndef FREAD
#define FREAD		0x0001
#define FWRITE		0x0002
#define FNDELAY		0x0004
#define FNONBLOCK	0x0080
#endif

/* Driver/module flags: the SVR4/Solaris MT flags. */
#define D_NEW		0x0000
#define D_OLD		0x0001
#define D_MP		0x0020	/* full concurrency: no perimeter */
#define D_MTSAFE	D_MP
#define D_MTPERMOD	0x0040	/* one perimeter for all instances of the module */
#define D_MTQPAIR	0x0080	/* one perimeter per queue pair */
#define D_MTPERQ	0x0100	/* one perimeter per queue */
#define D_MTOUTPERIM	0x0200	/* outer perimeter (treated as per module) */
#define D_MTPUTSHARED	0x0400
#define D_MTOCEXCL	0x0800	/* open/close exclusive in the outer perimeter */
#define D_CLONE		0x1000	/* every open is a clone open (LiS) */

/* strlog levels */
#define SL_FATAL	0x01
#define SL_NOTIFY	0x02
#define SL_ERROR	0x04
#define SL_TRACE	0x08
#define SL_CONSOLE	0x10
#define SL_WARN		0x20
#define SL_NOTE		0x40

/* drv_getparm parameters */
#define LBOLT		4
#define UPROCP		5
#define PPGRP		6
#define PPID		7
#define PSID		8
#define TIME		9
#define UCRED		10

#define NSTRPUSH	16	/* most modules on one stream */

/* ---------------------------------------------------------------- the routines */

#define LIS_FL const char *file, int line

/* Message blocks (msg/). */
mblk_t *lis_allocb(size_t size, unsigned int pri, LIS_FL);
mblk_t *lis_esballoc(unsigned char *base, size_t size, unsigned int pri, frtn_t *fr, LIS_FL);
mblk_t *lis_desballoc(unsigned char *base, size_t size, unsigned int pri, frtn_t *fr, LIS_FL);
void lis_freeb(mblk_t *bp);
void lis_freemsg(mblk_t *mp);
mblk_t *lis_dupb(mblk_t *bp);
mblk_t *lis_dupmsg(mblk_t *mp);
mblk_t *lis_copyb(mblk_t *bp);
mblk_t *lis_copymsg(mblk_t *mp);
void lis_linkb(mblk_t *mp, mblk_t *bp);
mblk_t *lis_unlinkb(mblk_t *mp);
mblk_t *lis_rmvb(mblk_t *mp, mblk_t *bp);
int lis_pullupmsg(mblk_t *mp, ssize_t len);
mblk_t *lis_msgpullup(mblk_t *mp, ssize_t len);
int lis_adjmsg(mblk_t *mp, ssize_t len);
size_t lis_msgdsize(const mblk_t *mp);
size_t lis_msgsize(const mblk_t *mp);
int lis_testb(size_t size, unsigned int pri);
int lis_datamsg(unsigned char type);
mblk_t *lis_mkiocb(unsigned int cmd);
bcid_t lis_bufcall(size_t size, unsigned int pri, void (*func)(void *arg), void *arg);
bcid_t lis_esbbcall(unsigned int pri, void (*func)(void *arg), void *arg);
void lis_unbufcall(bcid_t id);
int lis_strlog(short mid, short sid, char level, unsigned short flags, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Queues and scheduling (sched/). */
int lis_putq(queue_t *q, mblk_t *mp);
mblk_t *lis_getq(queue_t *q);
int lis_putbq(queue_t *q, mblk_t *mp);
int lis_insq(queue_t *q, mblk_t *emp, mblk_t *mp);
void lis_rmvq(queue_t *q, mblk_t *mp);
void lis_flushq(queue_t *q, int flag);
void lis_flushband(queue_t *q, unsigned char pri, int flag);
void lis_qenable(queue_t *q);
void lis_noenable(queue_t *q);
void lis_enableok(queue_t *q);
void lis_qreply(queue_t *q, mblk_t *mp);
void lis_put(queue_t *q, mblk_t *mp);
void lis_putnext(queue_t *q, mblk_t *mp);
int lis_putctl(queue_t *q, int type);
int lis_putctl1(queue_t *q, int type, int param);
int lis_putctl2(queue_t *q, int type, int p1, int p2);
int lis_putnextctl(queue_t *q, int type);
int lis_putnextctl1(queue_t *q, int type, int param);
int lis_putnextctl2(queue_t *q, int type, int p1, int p2);
int lis_canput(queue_t *q);
int lis_canputnext(queue_t *q);
int lis_bcanput(queue_t *q, unsigned char pri);
int lis_bcanputnext(queue_t *q, unsigned char pri);
int lis_qsize(queue_t *q);
queue_t *lis_backq(queue_t *q);
int lis_strqget(queue_t *q, qfields_t what, unsigned char pri, long *valp);
int lis_strqset(queue_t *q, qfields_t what, unsigned char pri, long val);
void lis_appq(queue_t *q, mblk_t *emp, mblk_t *nmp);
void lis_qprocson(queue_t *q);
void lis_qprocsoff(queue_t *q);
void lis_qwait(queue_t *q);
int lis_qwait_sig(queue_t *q);
timeout_id_t lis_timeout(void (*func)(void *arg), void *arg, long ticks);
clock_t lis_untimeout(timeout_id_t id);
timeout_id_t lis_qtimeout(queue_t *q, void (*func)(void *arg), void *arg, long ticks);
clock_t lis_quntimeout(queue_t *q, timeout_id_t id);
bcid_t lis_qbufcall(queue_t *q, size_t size, unsigned int pri, void (*func)(void *arg), void *arg);
void lis_qunbufcall(queue_t *q, bcid_t id);

/* Queue pair helpers: the pair is allocated together, read queue first. */
static inline queue_t *RD(queue_t *q) { return (q->q_flag & QREADR) ? q : q - 1; }
static inline queue_t *WR(queue_t *q) { return (q->q_flag & QREADR) ? q + 1 : q; }
static inline queue_t *OTHERQ(queue_t *q) { return (q->q_flag & QREADR) ? q + 1 : q - 1; }
static inline int SAMESTR(queue_t *q)
{
	return q->q_next && ((q->q_flag & QREADR) == (q->q_next->q_flag & QREADR));
}
static inline int qcount_lis(queue_t *q) { return (int)q->q_count; }

/* ---------------------------------------------------------------- SVR4 names */

#define allocb(size, pri) lis_allocb((size), (pri), __FILE__, __LINE__)
#define esballoc(base, size, pri, fr) lis_esballoc((base), (size), (pri), (fr), __FILE__, __LINE__)
#define desballoc(base, size, pri, fr) lis_desballoc((base), (size), (pri), (fr), __FILE__, __LINE__)
static inline void freeb(mblk_t *bp) { lis_freeb(bp); }
static inline void freemsg(mblk_t *mp) { lis_freemsg(mp); }
static inline mblk_t *dupb(mblk_t *bp) { return lis_dupb(bp); }
static inline mblk_t *dupmsg(mblk_t *mp) { return lis_dupmsg(mp); }
static inline mblk_t *copyb(mblk_t *bp) { return lis_copyb(bp); }
static inline mblk_t *copymsg(mblk_t *mp) { return lis_copymsg(mp); }
static inline void linkb(mblk_t *mp, mblk_t *bp) { lis_linkb(mp, bp); }
static inline mblk_t *unlinkb(mblk_t *mp) { return lis_unlinkb(mp); }
static inline mblk_t *rmvb(mblk_t *mp, mblk_t *bp) { return lis_rmvb(mp, bp); }
static inline int pullupmsg(mblk_t *mp, ssize_t len) { return lis_pullupmsg(mp, len); }
static inline mblk_t *msgpullup(mblk_t *mp, ssize_t len) { return lis_msgpullup(mp, len); }
static inline int adjmsg(mblk_t *mp, ssize_t len) { return lis_adjmsg(mp, len); }
static inline size_t msgdsize(const mblk_t *mp) { return lis_msgdsize(mp); }
static inline size_t msgsize(const mblk_t *mp) { return lis_msgsize(mp); }
static inline int testb(size_t size, unsigned int pri) { return lis_testb(size, pri); }
static inline int datamsg(unsigned char type) { return lis_datamsg(type); }
static inline mblk_t *mkiocb(unsigned int cmd) { return lis_mkiocb(cmd); }
static inline bcid_t bufcall(size_t size, unsigned int pri, void (*func)(void *), void *arg)
{
	return lis_bufcall(size, pri, func, arg);
}
static inline bcid_t esbbcall(unsigned int pri, void (*func)(void *), void *arg)
{
	return lis_esbbcall(pri, func, arg);
}
static inline void unbufcall(bcid_t id) { lis_unbufcall(id); }
#define strlog lis_strlog

static inline int putq(queue_t *q, mblk_t *mp) { return lis_putq(q, mp); }
static inline mblk_t *getq(queue_t *q) { return lis_getq(q); }
static inline int putbq(queue_t *q, mblk_t *mp) { return lis_putbq(q, mp); }
static inline int insq(queue_t *q, mblk_t *emp, mblk_t *mp) { return lis_insq(q, emp, mp); }
static inline void rmvq(queue_t *q, mblk_t *mp) { lis_rmvq(q, mp); }
static inline void flushq(queue_t *q, int flag) { lis_flushq(q, flag); }
static inline void flushband(queue_t *q, unsigned char pri, int flag)
{
	lis_flushband(q, pri, flag);
}
static inline void qenable(queue_t *q) { lis_qenable(q); }
static inline void noenable(queue_t *q) { lis_noenable(q); }
static inline void enableok(queue_t *q) { lis_enableok(q); }
static inline void qreply(queue_t *q, mblk_t *mp) { lis_qreply(q, mp); }
static inline void put(queue_t *q, mblk_t *mp) { lis_put(q, mp); }
static inline void putnext(queue_t *q, mblk_t *mp) { lis_putnext(q, mp); }
static inline int putctl(queue_t *q, int type) { return lis_putctl(q, type); }
static inline int putctl1(queue_t *q, int type, int p) { return lis_putctl1(q, type, p); }
static inline int putctl2(queue_t *q, int type, int p1, int p2)
{
	return lis_putctl2(q, type, p1, p2);
}
static inline int putnextctl(queue_t *q, int type) { return lis_putnextctl(q, type); }
static inline int putnextctl1(queue_t *q, int type, int p) { return lis_putnextctl1(q, type, p); }
static inline int putnextctl2(queue_t *q, int type, int p1, int p2)
{
	return lis_putnextctl2(q, type, p1, p2);
}
static inline int canput(queue_t *q) { return lis_canput(q); }
static inline int canputnext(queue_t *q) { return lis_canputnext(q); }
static inline int bcanput(queue_t *q, unsigned char pri) { return lis_bcanput(q, pri); }
static inline int bcanputnext(queue_t *q, unsigned char pri) { return lis_bcanputnext(q, pri); }
static inline int qsize(queue_t *q) { return lis_qsize(q); }
static inline queue_t *backq(queue_t *q) { return lis_backq(q); }
static inline int strqget(queue_t *q, qfields_t what, unsigned char pri, long *valp)
{
	return lis_strqget(q, what, pri, valp);
}
static inline int strqset(queue_t *q, qfields_t what, unsigned char pri, long val)
{
	return lis_strqset(q, what, pri, val);
}
static inline void appq(queue_t *q, mblk_t *emp, mblk_t *nmp) { lis_appq(q, emp, nmp); }
static inline void qprocson(queue_t *q) { lis_qprocson(q); }
static inline void qprocsoff(queue_t *q) { lis_qprocsoff(q); }
static inline void qwait(queue_t *q) { lis_qwait(q); }
static inline int qwait_sig(queue_t *q) { return lis_qwait_sig(q); }
static inline timeout_id_t timeout(void (*func)(void *), void *arg, long ticks)
{
	return lis_timeout(func, arg, ticks);
}
static inline clock_t untimeout(timeout_id_t id) { return lis_untimeout(id); }
static inline timeout_id_t qtimeout(queue_t *q, void (*func)(void *), void *arg, long ticks)
{
	return lis_qtimeout(q, func, arg, ticks);
}
static inline clock_t quntimeout(queue_t *q, timeout_id_t id) { return lis_quntimeout(q, id); }
static inline bcid_t qbufcall(queue_t *q, size_t size, unsigned int pri,
			      void (*func)(void *), void *arg)
{
	return lis_qbufcall(q, size, pri, func, arg);
}
static inline void qunbufcall(queue_t *q, bcid_t id) { lis_qunbufcall(q, id); }

/* Message block accessors. */
#define MBLKL(mp)	((size_t)((mp)->b_wptr - (mp)->b_rptr))
#define MBLKSIZE(mp)	((size_t)((mp)->b_datap->db_lim - (mp)->b_datap->db_base))
#define MBLKHEAD(mp)	((size_t)((mp)->b_rptr - (mp)->b_datap->db_base))
#define MBLKTAIL(mp)	((size_t)((mp)->b_datap->db_lim - (mp)->b_wptr))
#define DB_TYPE(mp)	((mp)->b_datap->db_type)
#define DB_REF(mp)	((mp)->b_datap->db_ref)
#define DB_BASE(mp)	((mp)->b_datap->db_base)
#define DB_LIM(mp)	((mp)->b_datap->db_lim)

#endif /* _SYS_STREAM_H */
