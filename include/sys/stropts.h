/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/stropts.h>: the STREAMS user ABI (streamio(7I)): ioctl numbers, option values and the
 * structures passed through them. One header for the module, libstreams, the utilities and the
 * tests. Values are SVR4's: I_* ioctls are ('S'<<8)|n.
 * Audience: applications, drivers and the framework.
 */
#ifndef _SYS_STROPTS_H
#define _SYS_STROPTS_H

#if defined(__KERNEL__) && !defined(LIS_USER)
#include <linux/types.h>
#else
#include <sys/types.h>
#endif

#define __SID		('S' << 8)

#define I_NREAD		(__SID | 1)
#define I_PUSH		(__SID | 2)
#define I_POP		(__SID | 3)
#define I_LOOK		(__SID | 4)
#define I_FLUSH		(__SID | 5)
#define I_SRDOPT	(__SID | 6)
#define I_GRDOPT	(__SID | 7)
#define I_STR		(__SID | 8)
#define I_SETSIG	(__SID | 9)
#define I_GETSIG	(__SID | 10)
#define I_FIND		(__SID | 11)
#define I_LINK		(__SID | 12)
#define I_UNLINK	(__SID | 13)
#define I_RECVFD	(__SID | 14)
#define I_PEEK		(__SID | 15)
#define I_FDINSERT	(__SID | 16)
#define I_SENDFD	(__SID | 17)
#define I_SWROPT	(__SID | 19)
#define I_GWROPT	(__SID | 20)
#define I_LIST		(__SID | 21)
#define I_PLINK		(__SID | 22)
#define I_PUNLINK	(__SID | 23)
#define I_FLUSHBAND	(__SID | 28)
#define I_CKBAND	(__SID | 29)
#define I_GETBAND	(__SID | 30)
#define I_ATMARK	(__SID | 31)
#define I_SETCLTIME	(__SID | 32)
#define I_GETCLTIME	(__SID | 33)
#define I_CANPUT	(__SID | 34)
#define I_SERROPT	(__SID | 35)
#define I_GERROPT	(__SID | 36)

/* Private ioctls of the LiS stream head: libstreams builds the SVR4 calls on them. */
#define I_LIS_PUTPMSG	(__SID | 0x80)	/* struct strpmsg: putmsg/putpmsg */
#define I_LIS_GETPMSG	(__SID | 0x81)	/* struct strpmsg: getmsg/getpmsg */
#define I_LIS_ISASTREAM	(__SID | 0x82)	/* returns 1 */
#define I_LIS_PIPE	(__SID | 0x83)	/* connect this pipe end to the one open on fd arg */

#define FMNAMESZ	8	/* longest module name */
#define MUXID_ALL	(-1)	/* I_UNLINK/I_PUNLINK: all links */
#define INFTIM		(-1)	/* I_STR: wait forever */

/* I_FLUSH / M_FLUSH */
#define FLUSHR		0x01
#define FLUSHW		0x02
#define FLUSHRW		0x03
#define FLUSHBAND	0x04

/* I_SETSIG events */
#define S_INPUT		0x0001
#define S_HIPRI		0x0002
#define S_OUTPUT	0x0004
#define S_MSG		0x0008
#define S_ERROR		0x0010
#define S_HANGUP	0x0020
#define S_RDNORM	0x0040
#define S_WRNORM	S_OUTPUT
#define S_RDBAND	0x0080
#define S_WRBAND	0x0100
#define S_BANDURG	0x0200

/* I_PEEK flags, putmsg/getmsg flags */
#define RS_HIPRI	0x01
#define MSG_HIPRI	0x01
#define MSG_ANY		0x02
#define MSG_BAND	0x04

/* getmsg return values */
#define MORECTL		1
#define MOREDATA	2

/* I_SRDOPT read modes and protocol options */
#define RNORM		0x0000
#define RMSGD		0x0001
#define RMSGN		0x0002
#define RMODEMASK	0x0003
#define RPROTDAT	0x0004
#define RPROTDIS	0x0008
#define RPROTNORM	0x0010
#define RPROTMASK	0x001c

/* I_SWROPT */
#define SNDZERO		0x001
#define SNDPIPE		0x002

/* I_ATMARK */
#define ANYMARK		0x01
#define LASTMARK	0x02

/* I_SERROPT */
#define RERRNORM	0x01
#define RERRNONPERSIST	0x02
#define WERRNORM	0x04
#define WERRNONPERSIST	0x08

struct strbuf {
	int maxlen;		/* buffer size */
	int len;		/* bytes in the buffer, or -1 */
	char *buf;
};

struct strpeek {
	struct strbuf ctlbuf;
	struct strbuf databuf;
	unsigned long flags;	/* t_uscalar_t */
};

struct strfdinsert {
	struct strbuf ctlbuf;
	struct strbuf databuf;
	unsigned long flags;	/* t_uscalar_t */
	int fildes;
	int offset;
};

struct strioctl {
	int ic_cmd;
	int ic_timout;		/* seconds; INFTIM forever; 0 the default (15 s) */
	int ic_len;
	char *ic_dp;
};

struct strrecvfd {
	int fd;
	uid_t uid;
	gid_t gid;
	char fill[8];
};

struct str_mlist {
	char l_name[FMNAMESZ + 1];
};

struct str_list {
	int sl_nmods;
	struct str_mlist *sl_modlist;
};

struct bandinfo {
	unsigned char bi_pri;
	int bi_flag;
};

/* I_LIS_PUTPMSG / I_LIS_GETPMSG argument. */
struct strpmsg {
	struct strbuf ctlbuf;
	struct strbuf databuf;
	int band;		/* in: band (putpmsg); out: band of the message (getpmsg) */
	int flags;		/* in: MSG_* / RS_HIPRI; out: MSG_* of the message */
};

#endif /* _SYS_STROPTS_H */
