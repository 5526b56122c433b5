/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The commands of the test driver "echo" (lis_echo.ko) and of the test modules "testmod",
 * "passmod", "sizemod" and "splitmod" (lis_testmod.ko), and the structures they carry.
 * Audience: those kernel modules and the guest tests (tests/guest/), 64- and 32-bit: every
 * structure holds only int and char fields, so that its layout is the same for both.
 */
#ifndef LIS_TEST_IOCTL_H
#define LIS_TEST_IOCTL_H

/*
 * Message types, option flags and flags of message blocks, for user space (the kernel side has
 * <sys/stream.h>). Values are those of <sys/stream.h>.
 */
#ifndef M_DATA
#define M_DATA		0x00
#define M_PROTO		0x01
#define M_SIG		0x0b
#define M_CTL		0x0d
#define M_IOCTL		0x0e
#define M_SETOPTS	0x10
#define M_PCPROTO	0x83
#define M_PCSIG		0x84
#define M_READ		0x85
#define M_FLUSH		0x86
#define M_HANGUP	0x89
#define M_ERROR		0x8a
#define M_UNHANGUP	0x92
#define M_PCSETOPTS	0x95
#endif

#ifndef SO_READOPT
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
#define SO_ERROPT	0x00040000
#endif

#ifndef MSGMARK
#define MSGMARK		0x01	/* b_flag: the last byte of the message is "marked" */
#define MSGDELIM	0x04
#endif

#ifndef MODOPEN			/* open routine sflag values */
#define DRVOPEN		0x0
#define MODOPEN		0x1
#define CLONEOPEN	0x2
#endif

/* Open routine oflag bits (SVR4 <sys/file.h>: FREAD, FWRITE, FNDELAY, FNONBLOCK), by other
 * names, because the C library's FNDELAY and FNONBLOCK are O_NDELAY and O_NONBLOCK. */
#define OFLAG_FREAD	0x0001
#define OFLAG_FWRITE	0x0002
#define OFLAG_FNDELAY	0x0004
#define OFLAG_FNONBLOCK	0x0080

#ifndef IOC_ILP32
#define IOC_NATIVE	0x0
#define IOC_ILP32	0x1
#endif

/* ---------------------------------------------------------------- echo */

#define ECHO_NMINORS	4	/* fixed minors: /dev/streams/echo.1 .. echo.4 */
#define ECHO_MAXMINOR	1023	/* clone opens get minors ECHO_NMINORS+1 .. ECHO_MAXMINOR */
#define ECHO_ACK_RVAL	42	/* ioc_rval of ECHO_ACK */

#define ECHO_IOC(n)	(('E' << 8) | (n))

/* I_STR commands */
#define ECHO_ACK	ECHO_IOC(1)	/* ack, rval ECHO_ACK_RVAL, the data sent comes back */
#define ECHO_REPLY	ECHO_IOC(2)	/* struct echo_reply: answer as it says */
#define ECHO_NAK	ECHO_IOC(3)	/* int: nak with that ioc_error */
#define ECHO_NOREPLY	ECHO_IOC(4)	/* never answered (the M_IOCTL is dropped) */
#define ECHO_DELAYACK	ECHO_IOC(5)	/* int ms: ack (rval ECHO_ACK_RVAL) after ms milliseconds */
#define ECHO_SEND	ECHO_IOC(6)	/* struct echo_send: ack, then send messages up */
#define ECHO_COUNT	ECHO_IOC(7)	/* answer: struct echo_count of this stream */
#define ECHO_RESET	ECHO_IOC(8)	/* zero this stream's counters */
/* transparent ioctls (ioctl(fd, cmd, arg) with no I_STR): M_COPYIN/M_COPYOUT/M_IOCDATA */
#define ECHO_COPYIN	ECHO_IOC(10)	/* copy in struct echo_xfer at arg; ack, rval = a + b */
#define ECHO_COPYOUT	ECHO_IOC(11)	/* copy out struct echo_xfer {ECHO_XFER_A, _B, "echo"} */
#define ECHO_XFER	ECHO_IOC(12)	/* copy in, a += 1, b *= 2, s upper-cased, copy out; rval 0 */
#define ECHO_TNAK	ECHO_IOC(13)	/* nak with ioc_error = (int)arg, without copying */

#define ECHO_XFER_A	1234
#define ECHO_XFER_B	-5678

struct echo_xfer {
	int a;
	int b;
	char s[16];
};

/* ECHO_REPLY: M_IOCACK (ack != 0) with rval, error and len bytes of echo_pattern(), or M_IOCNAK. */
struct echo_reply {
	int ack;
	int rval;
	int error;
	int len;
};

/* Byte i of the data ECHO_REPLY answers with. */
#define echo_pattern(i)	((unsigned char)((i) * 7 + 1))

#define ECHO_CTLMAX	128
#define ECHO_DATAMAX	256

/*
 * ECHO_SEND: after acking, the driver sends @count (0 means 1) messages of @type up its read
 * side with b_band @band and b_flag @flag:
 *  - M_DATA: @datalen bytes of @data;
 *  - M_PROTO, M_PCPROTO: @ctllen bytes of @ctl, then an M_DATA block of @datalen bytes if
 *    @datalen > 0;
 *  - M_SETOPTS, M_PCSETOPTS: a struct stroptions made from the struct echo_setopts in @ctl;
 *  - anything else (M_ERROR, M_HANGUP, M_UNHANGUP, M_SIG, M_PCSIG, M_FLUSH...): @ctllen bytes
 *    of @ctl.
 * Ordinary messages go through the driver's read queue (flow control), high priority ones
 * straight up. With @delay > 0 they are sent @delay milliseconds after the ack (one such
 * delayed batch at a time per stream: EBUSY otherwise).
 */
struct echo_send {
	int type;
	int band;
	int flag;
	int count;
	int delay;
	int ctllen;
	int datalen;
	unsigned char ctl[ECHO_CTLMAX];
	unsigned char data[ECHO_DATAMAX];
};

/* struct stroptions in a form that is the same for 32- and 64-bit programs. */
struct echo_setopts {
	unsigned int flags;	/* SO_* */
	int readopt;
	int wroff;
	int minpsz;
	int maxpsz;
	int hiwat;
	int lowat;
	int band;
	int erropt;
};

/* ECHO_COUNT: what the driver saw on this stream since it was opened (or ECHO_RESET). */
struct echo_count {
	int data_msgs;		/* M_DATA messages written down */
	int data_bytes;		/* their bytes (all blocks) */
	int proto_msgs;		/* M_PROTO messages */
	int pcproto_msgs;	/* M_PCPROTO messages */
	int ctl_bytes;		/* bytes of their control blocks */
	int last_type;		/* type of the last M_DATA/M_PROTO/M_PCPROTO */
	int last_band;		/* its band */
	int last_len;		/* its data bytes (M_DATA blocks) */
	int last_ctllen;	/* its control bytes */
	int last_blocks;	/* its number of blocks */
	int last_wroff;		/* bytes before b_rptr in its first block (SO_WROFF) */
	int zero_msgs;		/* messages with no bytes at all */
	int flush_msgs;		/* M_FLUSH messages */
	int last_flush;		/* the flag byte of the last one */
	int last_flush_band;	/* its band byte, when FLUSHBAND */
	int mread_msgs;		/* M_READ messages */
	int last_mread;		/* the count the last one carried */
	int ioctls;		/* M_IOCTL messages */
	int last_ioc_flag;	/* ioc_flag of the last M_IOCTL (IOC_NATIVE, IOC_ILP32) */
	int last_ioc_uid;	/* ioc_cr->cr_uid of the last M_IOCTL */
	int opens;		/* open routine calls on this stream (re-opens included) */
	int last_sflag;		/* sflag of the last open */
	int last_oflag;		/* oflag of the last open */
	int minor;		/* this stream's minor */
	int rq_msgs;		/* messages held on the driver's read queue (flow control) */
	int other_msgs;		/* messages of other types written down */
};

/* ---------------------------------------------------------------- testmod */

#define TESTMOD_IOC(n)	(('T' << 8) | (n))

#define TESTMOD_GET	TESTMOD_IOC(1)	/* I_STR: answer struct testmod_info, rval 0 */
#define TESTMOD_FAIL	TESTMOD_IOC(2)	/* I_STR: nak, ioc_error = the int sent, EPROTO if none */

struct testmod_info {
	int instance;		/* number of this instance (opens of testmod since load, from 1) */
	int sflag;		/* sflag its open routine got (MODOPEN) */
	int oflag;		/* oflag its open routine got */
	int minor;		/* minor of the device number its open routine got */
	int down_msgs;		/* messages it passed down (its own ioctls not counted) */
	int up_msgs;		/* messages it passed up */
	int opens;		/* open routine calls of every testmod instance since load */
	int closes;		/* close routine calls of every testmod instance since load */
};

/* Module names; sizemod has q_minpsz 4 / q_maxpsz 16, splitmod 0 / 16. */
#define TESTMOD_NAME	"testmod"
#define PASSMOD_NAME	"passmod"
#define SIZEMOD_NAME	"sizemod"
#define SPLITMOD_NAME	"splitmod"
#define SIZEMOD_MINPSZ	4
#define SIZEMOD_MAXPSZ	16
#define SPLITMOD_MAXPSZ	16

#endif /* LIS_TEST_IOCTL_H */
