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
 */
struct lis_strhead {
	struct stdata sd;
	wait_queue_head_t rwait;
	wait_queue_head_t wwait;
	struct mutex rlock;
	struct mutex wlock;
	struct list_head link;
	minor_t minor;
};

static inline struct lis_strhead *lis_sh(struct stdata *sd)
{
	return container_of(sd, struct lis_strhead, sd);
}

/* registry.c */
extern struct mutex lis_open_mutex;
struct lis_modsw *lis_drv_by_major(unsigned int major);
int lis_register_driver(struct lis_modsw *msw);
void lis_unregister_driver(struct lis_modsw *msw);

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
extern struct qinit lis_head_rinit, lis_head_winit;

/* strread.c, strwrite.c */
ssize_t lis_strread(struct stdata *sd, struct file *file, char __user *buf, size_t count);
ssize_t lis_strwrite(struct stdata *sd, struct file *file, const char __user *buf, size_t count);
__poll_t lis_strpoll(struct stdata *sd, struct file *file, poll_table *wait);
void lis_head_wake(struct stdata *sd, int readers, int writers);

/* proc.c */
int lis_proc_init(void);
void lis_proc_exit(void);

/* drivers built into streams.ko */
extern struct lis_modsw lis_loop_modsw;

#endif /* _LIS_HEAD_H */
