// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libstreams: the SVR4 STREAMS calls for applications (<stropts.h>), built on the private
 * ioctls of the LiS stream head, since Linux has no putmsg/getmsg system calls.
 * Audience: applications.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <stropts.h>

static void lis_strbuf_in(struct strbuf *dst, const struct strbuf *src)
{
	if (src) {
		*dst = *src;
	} else {
		dst->maxlen = -1;
		dst->len = -1;
		dst->buf = NULL;
	}
}

static void lis_strbuf_out(struct strbuf *dst, const struct strbuf *src)
{
	if (dst)
		dst->len = src->len;
}

/* A failed call: ENOSTR if @fd is not a stream at all, else the call's own errno. Returns -1. */
static int lis_nostr(int fd)
{
	int e = errno;

	if (e != EBADF && e != EFAULT && isastream(fd) == 0)
		e = ENOSTR;
	errno = e;
	return -1;
}

/* isastream(3): 1 if @fd is a STREAMS file, 0 if not, -1 with EBADF for a bad descriptor. */
int isastream(int fd)
{
	if (ioctl(fd, I_LIS_ISASTREAM, 0) == 1)
		return 1;
	if (errno == EBADF)
		return -1;
	return 0;
}

/* putpmsg(2): flags is MSG_HIPRI or MSG_BAND. */
int putpmsg(int fd, const struct strbuf *ctlptr, const struct strbuf *dataptr, int band,
	    int flags)
{
	struct strpmsg pm;

	lis_strbuf_in(&pm.ctlbuf, ctlptr);
	lis_strbuf_in(&pm.databuf, dataptr);
	pm.band = band;
	pm.flags = flags;
	if (ioctl(fd, I_LIS_PUTPMSG, &pm) < 0)
		return lis_nostr(fd);
	return 0;
}

/* putmsg(2): flags is 0 or RS_HIPRI. */
int putmsg(int fd, const struct strbuf *ctlptr, const struct strbuf *dataptr, int flags)
{
	if (flags != 0 && flags != RS_HIPRI) {
		errno = EINVAL;
		return -1;
	}
	return putpmsg(fd, ctlptr, dataptr, 0, flags == RS_HIPRI ? MSG_HIPRI : MSG_BAND);
}

/* getpmsg(2): *flagsp is MSG_HIPRI, MSG_ANY or MSG_BAND; returns 0, MORECTL|MOREDATA or -1. */
int getpmsg(int fd, struct strbuf *ctlptr, struct strbuf *dataptr, int *bandp, int *flagsp)
{
	struct strpmsg pm;
	int ret;

	if (!bandp || !flagsp) {
		errno = EINVAL;
		return -1;
	}
	lis_strbuf_in(&pm.ctlbuf, ctlptr);
	lis_strbuf_in(&pm.databuf, dataptr);
	pm.band = *bandp;
	pm.flags = *flagsp;
	ret = ioctl(fd, I_LIS_GETPMSG, &pm);
	if (ret < 0)
		return lis_nostr(fd);
	lis_strbuf_out(ctlptr, &pm.ctlbuf);
	lis_strbuf_out(dataptr, &pm.databuf);
	*bandp = pm.band;
	*flagsp = pm.flags;
	return ret;
}

/* getmsg(2): *flagsp is 0 (any message) or RS_HIPRI (high priority only). */
int getmsg(int fd, struct strbuf *ctlptr, struct strbuf *dataptr, int *flagsp)
{
	int band = 0, flags, ret;

	if (!flagsp || (*flagsp != 0 && *flagsp != RS_HIPRI)) {
		errno = EINVAL;
		return -1;
	}
	flags = *flagsp == RS_HIPRI ? MSG_HIPRI : MSG_ANY;
	ret = getpmsg(fd, ctlptr, dataptr, &band, &flags);
	if (ret >= 0)
		*flagsp = flags == MSG_HIPRI ? RS_HIPRI : 0;
	return ret;
}

/* The file system type of paths streams are attached to (head/fattach.c). */
#define LIS_STREAMFS_MAGIC	0x4c695346

/* fattach(3): name a stream in the file system, by mounting streamfs over @path. */
int fattach(int fd, const char *path)
{
	char opt[32];
	struct statfs sfs;
	struct stat st;

	if (isastream(fd) != 1) {
		errno = isastream(fd) < 0 ? EBADF : EINVAL;
		return -1;
	}
	if (stat(path, &st) < 0)
		return -1;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	if (statfs(path, &sfs) == 0 && (unsigned long)sfs.f_type == LIS_STREAMFS_MAGIC) {
		errno = EBUSY;	/* already attached */
		return -1;
	}
	snprintf(opt, sizeof(opt), "fd=%d", fd);
	return mount("streams", path, "streamfs", 0, opt);
}

/* fdetach(3): remove a name made by fattach. */
int fdetach(const char *path)
{
	struct statfs sfs;

	if (statfs(path, &sfs) < 0)
		return -1;
	if ((unsigned long)sfs.f_type != LIS_STREAMFS_MAGIC) {
		errno = EINVAL;	/* nothing attached there */
		return -1;
	}
	return umount2(path, 0);
}

/* s_pipe(): a STREAMS pipe: two connected streams from /dev/streams/pipe. */
int s_pipe(int fds[2])
{
	int a, b;

	a = open("/dev/streams/pipe", O_RDWR);
	if (a < 0)
		return -1;
	b = open("/dev/streams/pipe", O_RDWR);
	if (b < 0 || ioctl(a, I_LIS_PIPE, b) < 0) {
		int e = errno;

		close(a);
		if (b >= 0)
			close(b);
		errno = e;
		return -1;
	}
	fds[0] = a;
	fds[1] = b;
	return 0;
}
