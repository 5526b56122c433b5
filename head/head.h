/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The stream head's private interface between its files: the switch table (registry.c), the
 * character devices and nodes (devices.c), stream creation and teardown (stream.c), the head's
 * own queues and the read/write/poll paths (strread.c, strwrite.c), and the VFS glue (fops.c).
 * Audience: head/ only.
 */
#ifndef _LIS_HEAD_H
#define _LIS_HEAD_H

#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/wait.h>
#include <lis/strsubr.h>
#include <sys/stropts.h>

#define LIS_MAXDRV		255	/* internal majors 1..255; 0 is the clone driver */
#define LIS_NODE_MINORS		256	/* Linux minors per driver: the fixed nodes NAME.1..255 */
#define LIS_STRMSGSZ		65536	/* largest data part of one write message (strmsgsz) */
#define LIS_HEAD_HIWAT		(128 * 1024)	/* head read queue: two 64 KiB messages in flight */
#define LIS_HEAD_LOWAT		(32 * 1024)

/**
 * struct lis_strhead - a stream as the head sees it: the framework's stdata plus the VFS state.
 * @rwait:	readers, and pollers of input events
 * @wwait:	writers blocked by flow control, and pollers of output events
 * @rlock:	serializes readers, so a partial read puts the rest back before the next reader
 * @wlock:	serializes writers, so one write's messages are not interleaved with another's
 * @link:	on the driver's list of open streams (lis_open_mutex)
 * @minor:	the driver minor this stream was opened as (after a clone open: the new one)
 * @iocwait:	I_STR callers waiting for the ioctl slot or for their reply
 * @iocid:	id of the outstanding M_IOCTL (valid while STR_IOCBUSY)
 * @iocreply:	the reply (M_IOCACK, M_IOCNAK, M_COPYIN, M_COPYOUT) not yet taken (sd_lock)
 * @sigs:	processes registered with I_SETSIG (sd_lock)
 * @ioccred:	credentials carried by the outstanding M_IOCTL
 */
struct lis_strhead {
	struct stdata sd;
	wait_queue_head_t rwait;
	wait_queue_head_t wwait;
	struct mutex rlock;
	struct mutex wlock;
	struct list_head link;
	minor_t minor;
	wait_queue_head_t iocwait;
	unsigned int iocid;
	mblk_t *iocreply;
	struct list_head sigs;
	cred_t ioccred;
};

static inline struct lis_strhead *lis_sh(struct stdata *sd)
{
	return container_of(sd, struct lis_strhead, sd);
}

/* registry.c */
extern struct mutex lis_open_mutex;
struct lis_modsw *lis_drv_by_major(unsigned int major);
int lis_register_driver(struct lis_modsw *msw);
int lis_unregister_driver(struct lis_modsw *msw);
struct lis_modsw *lis_find_module(const char *name);
void lis_modsw_foreach(void (*fn)(void *arg, struct lis_modsw *msw, int driver), void *arg);
void lis_put_module(struct lis_modsw *msw);
int lis_register_module(struct lis_modsw *msw);
int lis_unregister_module(struct lis_modsw *msw);

/* devices.c */
int lis_devices_init(void);
void lis_devices_exit(void);
int lis_nodes_create(struct lis_modsw *msw);
void lis_nodes_remove(struct lis_modsw *msw);
extern const struct file_operations lis_fops;

/* stream.c */
int lis_stream_open(struct lis_modsw *drv, minor_t minor, int clone, struct file *file,
		    struct stdata **sdp);
void lis_stream_close(struct stdata *sd, struct file *file);
int lis_stream_drain(struct stdata *sd, struct file *file);
int lis_stream_open_attached(struct stdata *sd);
int lis_qopen(queue_t *rq, dev_t *devp, int oflag, int sflag);
void lis_qclose(queue_t *rq, int oflag);
int lis_oflag(struct file *file);

/* The driver's write queue: the bottom of the stream. */
static inline queue_t *lis_drv_wq(struct stdata *sd)
{
	return sd->sd_drvwq;
}
extern struct qinit lis_head_rinit, lis_head_winit;

/* strread.c, strwrite.c */
ssize_t lis_strread(struct stdata *sd, struct file *file, char __user *buf, size_t count);
ssize_t lis_strwrite(struct stdata *sd, struct file *file, const char __user *buf, size_t count);
__poll_t lis_strpoll(struct stdata *sd, struct file *file, poll_table *wait);
void lis_head_wake(struct stdata *sd, int readers, int writers);
int lis_take_error(struct stdata *sd, int write);
void lis_head_front_sigs(struct stdata *sd);

/* strioctl.c */
long lis_strioctl(struct stdata *sd, struct file *file, unsigned int cmd, unsigned long arg);
int lis_head_iocreply(struct stdata *sd, mblk_t *mp);
int lis_ioc_roundtrip(struct stdata *sd, int cmd, long timeout, mblk_t *data, int transparent,
		      int *rval, mblk_t **replyp);

void lis_fill_cred(cred_t *cr);

long lis_i_str(struct stdata *sd, struct strioctl *sio);
long lis_compat_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

/* strpush.c */
long lis_i_list(struct stdata *sd, struct str_mlist __user *ulist, int *nmods);
long lis_strpush_ioctl(struct stdata *sd, struct file *file, unsigned int cmd,
		       unsigned long arg);
void lis_strpop_all(struct stdata *sd, int oflag);
int lis_autopush(struct stdata *sd, struct file *file);

/* strmsg.c */
long lis_strpeek(struct stdata *sd, struct strpeek *sp);
int lis_strputpmsg(struct stdata *sd, struct file *file, struct strpmsg *pm);
int lis_putpmsg_insert(struct stdata *sd, struct file *file, struct strpmsg *pm, int offset,
		       void *ptr);
int lis_strgetpmsg(struct stdata *sd, struct file *file, struct strpmsg *pm);

/* strfd.c */
long lis_i_pipe(struct stdata *sd, unsigned long arg);
long lis_i_sendfd(struct stdata *sd, unsigned long arg);
long lis_i_fdinsert(struct stdata *sd, struct file *file, struct strfdinsert *fi);
long lis_i_recvfd(struct stdata *sd, struct file *file, unsigned long arg);

/* strlink.c */
long lis_strlink_ioctl(struct stdata *sd, unsigned int cmd, unsigned long arg);
void lis_unlink_all(struct stdata *sd);

/* strsig.c */
int lis_setsig(struct stdata *sd, int events);
int lis_getsig(struct stdata *sd, int *events);
void lis_sendsig(struct stdata *sd, int events, int band);
void lis_sig_msg(struct stdata *sd, int sig);
void lis_sig_release(struct stdata *sd, struct file *file);

/* fattach.c */
int lis_fattach_init(void);
void lis_fattach_exit(void);
struct file *lis_is_attached_inode(struct inode *inode);

/* proc.c */
int lis_proc_init(void);
void lis_proc_exit(void);


#endif /* _LIS_HEAD_H */
