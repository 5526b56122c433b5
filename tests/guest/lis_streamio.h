/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helpers of the stream head's guest tests (streamio_*, strmsg_*, strsig_*, strpush_*,
 * strread_*, strwrite_*, compat32_*): loading the test modules of tests/kmod, the echo driver's
 * commands, putmsg/getmsg, signals, timing, and checks that name the call and the errno.
 * Include after "kselftest_harness.h".
 *
 * putmsg/getmsg/putpmsg/getpmsg/isastream come from libstreams when the rig links it and
 * defines LIS_LIBSTREAMS; otherwise they are small local stand-ins that behave like it, over the
 * head's private ioctls I_LIS_PUTPMSG/I_LIS_GETPMSG/I_LIS_ISASTREAM.
 */
#ifndef LIS_STREAMIO_H
#define LIS_STREAMIO_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sys/stropts.h>
#include "lis_test.h"
#include "../kmod/lis_test_ioctl.h"

#define ECHO_CLONE	"/dev/streams/echo"
#define LIS_KO_DIR	"/lib/lis"

/* (void *)1, hidden from the compiler so that it does not warn about the deliberate faults */
static void *volatile lis_bad_ptr = (void *)1;

/* Path of fixed echo minor k. */
static inline const char *echo_path(int k)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "/dev/streams/echo.%d", k);
	return buf;
}

/* ---------------------------------------------------------------- errno names */

static inline const char *lis_errname(int e)
{
	static char buf[32];

	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case ENXIO: return "ENXIO";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case ENOTTY: return "ENOTTY";
	case ENOSPC: return "ENOSPC";
	case EPIPE: return "EPIPE";
	case ERANGE: return "ERANGE";
	case ENODATA: return "ENODATA";
	case ETIME: return "ETIME";
	case ENOSR: return "ENOSR";
	case ENOSTR: return "ENOSTR";
	case EPROTO: return "EPROTO";
	case EBADMSG: return "EBADMSG";
	case ENOTSUP: return "ENOTSUP";
	case ERESTART: return "ERESTART";
	}
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

/*
 * Checks of a call's result that name the call, what was expected and what was seen.
 * CHECK_FAIL(err, call): the call returns -1 with errno err.
 * CHECK_RC(want, call): the call returns want.
 * CHECK_FAIL_LOG/CHECK_RC_LOG(..., fmt, ...): the same, with a line of context on failure.
 * ASSERT_OK(call): the call does not return a negative value (stops the test otherwise).
 */
#define CHECK_FAIL_LOG(err, call, ...) do {						\
	long __r;									\
	int __e;									\
	errno = 0;									\
	__r = (long)(call);								\
	__e = errno;									\
	EXPECT_EQ(-1, __r) {								\
		TH_LOG("%s: expected -1 with errno %s, got %ld", #call,			\
		       lis_errname(err), __r);						\
		TH_LOG(__VA_ARGS__);							\
	}										\
	if (__r == -1)									\
		EXPECT_EQ((err), __e) {							\
			TH_LOG("%s: expected errno %s, got %s (%s)", #call,		\
			       lis_errname(err), lis_errname(__e), strerror(__e));	\
			TH_LOG(__VA_ARGS__);						\
		}									\
} while (0)

#define CHECK_RC_LOG(want, call, ...) do {						\
	long __r;									\
	int __e;									\
	errno = 0;									\
	__r = (long)(call);								\
	__e = errno;									\
	EXPECT_EQ((long)(want), __r) {							\
		TH_LOG("%s: expected %ld, got %ld (errno %s: %s)", #call, (long)(want),	\
		       __r, lis_errname(__e), strerror(__e));				\
		TH_LOG(__VA_ARGS__);							\
	}										\
} while (0)

#define CHECK_FAIL(err, call) do {							\
	long __r;									\
	int __e;									\
	errno = 0;									\
	__r = (long)(call);								\
	__e = errno;									\
	EXPECT_EQ(-1, __r) TH_LOG("%s: expected -1 with errno %s, got %ld", #call,	\
				  lis_errname(err), __r);				\
	if (__r == -1)									\
		EXPECT_EQ((err), __e) TH_LOG("%s: expected errno %s, got %s (%s)",	\
					     #call, lis_errname(err), lis_errname(__e),	\
					     strerror(__e));				\
} while (0)

#define CHECK_RC(want, call) do {							\
	long __r;									\
	int __e;									\
	errno = 0;									\
	__r = (long)(call);								\
	__e = errno;									\
	EXPECT_EQ((long)(want), __r) TH_LOG("%s: expected %ld, got %ld (errno %s: %s)",	\
					    #call, (long)(want), __r, lis_errname(__e),	\
					    strerror(__e));				\
} while (0)

#define ASSERT_OK(call) ({								\
	long __r;									\
	int __e;									\
	errno = 0;									\
	__r = (long)(call);								\
	__e = errno;									\
	ASSERT_LE(0, __r) TH_LOG("%s: failed with errno %s (%s)", #call,		\
				 lis_errname(__e), strerror(__e));			\
	__r;										\
})

/* open(2) that must succeed. */
#define OPEN_OK(path, flags) ({								\
	int __fd = open((path), (flags));						\
	ASSERT_LE(0, __fd) TH_LOG("open(%s, %s): errno %s (%s)", (path), #flags,	\
				  lis_errname(errno), strerror(errno));			\
	__fd;										\
})

/* ---------------------------------------------------------------- time */

static inline long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static inline void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* ---------------------------------------------------------------- kernel modules */

static inline int lis_load_module(const char *name)
{
	char path[128];
	int fd, rc, e;

	snprintf(path, sizeof(path), "%s/%s.ko", LIS_KO_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = syscall(SYS_finit_module, fd, "", 0);
	e = errno;
	close(fd);
	if (rc && e != EEXIST)
		return -e;
	return 0;
}

/* Remove a module; a stream closing in a process just reaped may hold it for a moment. */
static inline int lis_unload_module(const char *name)
{
	int i;

	for (i = 0; i < 100; i++) {
		if (!syscall(SYS_delete_module, name, O_NONBLOCK))
			return 0;
		if (errno == ENOENT)
			return 0;
		if (errno != EAGAIN && errno != EBUSY)
			return -errno;
		sleep_ms(50);
	}
	return -errno;
}

static const char *const *lis_test_modules_list __attribute__((unused));

static void __attribute__((unused)) lis_test_modules_unload(void)
{
	const char *const *m;
	int err, bad = 0;

	for (m = lis_test_modules_list; m && *m; m++) {
		err = lis_unload_module(*m);
		if (err) {
			printf("# lis: cannot remove %s at exit: %s (%s): a stream or a push "
			       "of it was not released\n", *m, lis_errname(-err), strerror(-err));
			bad = 1;
		}
	}
	fflush(stdout);
	if (bad)
		_exit(1);
}

static inline void lis_test_modules_load(const char *const *mods)
{
	const char *const *m;
	int err;

	lis_test_modules_list = mods;
	for (m = mods; *m; m++) {
		err = lis_load_module(*m);
		if (err)
			printf("# lis: cannot load %s/%s.ko: %s (%s)\n", LIS_KO_DIR, *m,
			       lis_errname(-err), strerror(-err));
	}
	fflush(stdout);
	atexit(lis_test_modules_unload);
}

/*
 * LIS_TEST_MODULES("lis_echo", ...): load these test modules before the tests run (in the
 * parent of the harness's per-test children) and remove them when the program exits.
 */
#define LIS_TEST_MODULES(...)								\
	static const char *const lis_test_modules_names[] = { __VA_ARGS__, NULL };	\
	static void __attribute__((constructor)) lis_test_modules_ctor(void)		\
	{										\
		lis_test_modules_load(lis_test_modules_names);				\
	}

static inline int sysfs_read_int(const char *path, int *val)
{
	FILE *f = fopen(path, "r");
	int n;

	if (!f)
		return -errno;
	n = fscanf(f, "%d", val);
	fclose(f);
	return n == 1 ? 0 : -EINVAL;
}

static inline int sysfs_write_int(const char *path, int val)
{
	FILE *f = fopen(path, "w");
	int n;

	if (!f)
		return -errno;
	n = fprintf(f, "%d\n", val);
	if (fclose(f) || n < 0)
		return -EIO;
	return 0;
}

#define ECHO_PARAM(name)	"/sys/module/lis_echo/parameters/" name
#define TESTMOD_PARAM(name)	"/sys/module/lis_testmod/parameters/" name

/* ---------------------------------------------------------------- I_STR and echo commands */

/* I_STR: returns ioctl's value (errno set when -1); *outlen gets ic_len back. */
static inline int i_str(int fd, int cmd, void *data, int len, int timout, int *outlen)
{
	struct strioctl sio = { .ic_cmd = cmd, .ic_timout = timout, .ic_len = len, .ic_dp = data };
	int rc = ioctl(fd, I_STR, &sio);

	if (outlen)
		*outlen = sio.ic_len;
	return rc;
}

static inline int echo_count(int fd, struct echo_count *c)
{
	memset(c, 0, sizeof(*c));
	return i_str(fd, ECHO_COUNT, c, sizeof(*c), 0, NULL);
}

static inline int echo_send(int fd, const struct echo_send *es)
{
	struct echo_send copy = *es;

	return i_str(fd, ECHO_SEND, &copy, sizeof(copy), 0, NULL);
}

/* Ask echo to send up one message of @type whose only block holds @len bytes of @bytes. */
static inline int echo_send_msg(int fd, int type, const void *bytes, int len)
{
	struct echo_send es = { .type = type, .ctllen = len };

	if (len > 0)
		memcpy(es.ctl, bytes, len);
	return echo_send(fd, &es);
}

/* The same, @delay milliseconds after the ack. */
static inline int echo_send_later(int fd, int delay, int type, const void *bytes, int len)
{
	struct echo_send es = { .type = type, .ctllen = len, .delay = delay };

	if (len > 0)
		memcpy(es.ctl, bytes, len);
	return echo_send(fd, &es);
}

/* Ask echo to send up M_DATA of @band and b_flag @flag. */
static inline int echo_send_data(int fd, int band, int flag, const void *data, int len)
{
	struct echo_send es = { .type = M_DATA, .band = band, .flag = flag, .datalen = len };

	memcpy(es.data, data, len);
	return echo_send(fd, &es);
}

/* M_ERROR with one byte, or two (@werr >= 0). */
static inline int echo_send_error(int fd, int rerr, int werr)
{
	unsigned char b[2] = { (unsigned char)rerr, (unsigned char)werr };

	return echo_send_msg(fd, M_ERROR, b, werr >= 0 ? 2 : 1);
}

static inline int echo_setopts(int fd, const struct echo_setopts *o)
{
	return echo_send_msg(fd, M_SETOPTS, o, sizeof(*o));
}

/* ---------------------------------------------------------------- putmsg and getmsg */

#ifdef LIS_LIBSTREAMS
#include <stropts.h>
#else
static inline void lis_t_sbin(struct strbuf *dst, const struct strbuf *src)
{
	if (src) {
		*dst = *src;
	} else {
		dst->maxlen = -1;
		dst->len = -1;
		dst->buf = NULL;
	}
}

static inline int lis_t_putpmsg(int fd, const struct strbuf *ctl, const struct strbuf *data,
				int band, int flags)
{
	struct strpmsg pm;

	lis_t_sbin(&pm.ctlbuf, ctl);
	lis_t_sbin(&pm.databuf, data);
	pm.band = band;
	pm.flags = flags;
	return ioctl(fd, I_LIS_PUTPMSG, &pm) < 0 ? -1 : 0;
}

static inline int lis_t_putmsg(int fd, const struct strbuf *ctl, const struct strbuf *data,
			       int flags)
{
	if (flags != 0 && flags != RS_HIPRI) {
		errno = EINVAL;
		return -1;
	}
	return lis_t_putpmsg(fd, ctl, data, 0, flags == RS_HIPRI ? MSG_HIPRI : MSG_BAND);
}

static inline int lis_t_getpmsg(int fd, struct strbuf *ctl, struct strbuf *data, int *bandp,
				int *flagsp)
{
	struct strpmsg pm;
	int rc;

	lis_t_sbin(&pm.ctlbuf, ctl);
	lis_t_sbin(&pm.databuf, data);
	pm.band = *bandp;
	pm.flags = *flagsp;
	rc = ioctl(fd, I_LIS_GETPMSG, &pm);
	if (rc < 0)
		return -1;
	if (ctl)
		ctl->len = pm.ctlbuf.len;
	if (data)
		data->len = pm.databuf.len;
	*bandp = pm.band;
	*flagsp = pm.flags;
	return rc;
}

static inline int lis_t_getmsg(int fd, struct strbuf *ctl, struct strbuf *data, int *flagsp)
{
	int band = 0, flags, rc;

	if (*flagsp != 0 && *flagsp != RS_HIPRI) {
		errno = EINVAL;
		return -1;
	}
	flags = *flagsp == RS_HIPRI ? MSG_HIPRI : MSG_ANY;
	rc = lis_t_getpmsg(fd, ctl, data, &band, &flags);
	if (rc >= 0)
		*flagsp = flags == MSG_HIPRI ? RS_HIPRI : 0;
	return rc;
}

static inline int lis_t_isastream(int fd)
{
	if (ioctl(fd, I_LIS_ISASTREAM, 0) == 1)
		return 1;
	return errno == EBADF ? -1 : 0;
}

#define putpmsg		lis_t_putpmsg
#define putmsg		lis_t_putmsg
#define getpmsg		lis_t_getpmsg
#define getmsg		lis_t_getmsg
#define isastream	lis_t_isastream
#endif /* LIS_LIBSTREAMS */

/* putmsg with a control part @ctl (NULL: none) and a data part @data (NULL: none). */
static inline int put_ctl_data(int fd, const char *ctl, int ctllen, const char *data,
			       int datalen, int flags)
{
	struct strbuf c = { .maxlen = ctllen, .len = ctllen, .buf = (char *)ctl };
	struct strbuf d = { .maxlen = datalen, .len = datalen, .buf = (char *)data };

	return putmsg(fd, ctl ? &c : NULL, data ? &d : NULL, flags);
}

/* putpmsg of a data part only, in @band. */
static inline int put_band_data(int fd, int band, const char *data, int len)
{
	struct strbuf d = { .maxlen = len, .len = len, .buf = (char *)data };

	return putpmsg(fd, NULL, &d, band, MSG_BAND);
}

/* Write @len bytes (a message of them) on @fd. */
static inline ssize_t write_str(int fd, const char *s)
{
	return write(fd, s, strlen(s));
}

/* Messages on the head's read queue (I_NREAD's value), waiting up to @ms for at least @n. */
static inline int wait_nread(int fd, int n, int ms)
{
	long end = now_ms() + ms;
	int bytes, got;

	for (;;) {
		got = ioctl(fd, I_NREAD, &bytes);
		if (got < 0 || got >= n || now_ms() >= end)
			return got;
		sleep_ms(5);
	}
}

/* ---------------------------------------------------------------- signals */

static volatile sig_atomic_t lis_sigs[65] __attribute__((unused));

static void __attribute__((unused)) lis_sig_handler(int sig)
{
	if (sig > 0 && sig < 65)
		lis_sigs[sig]++;
}

/* Count deliveries of @sig with a handler that does not restart system calls. */
static inline void catch_signal(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = lis_sig_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: interrupted calls return EINTR */
	sigaction(sig, &sa, NULL);
	lis_sigs[sig] = 0;
}

/* Wait up to @ms for @sig to have arrived; returns how many times it did. */
static inline int wait_signal(int sig, int ms)
{
	long end = now_ms() + ms;

	while (!lis_sigs[sig] && now_ms() < end)
		sleep_ms(5);
	return lis_sigs[sig];
}

/* SIGALRM after @ms milliseconds (caught: the call then sleeping returns EINTR). */
static inline void alarm_ms(long ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };

	catch_signal(SIGALRM);
	setitimer(ITIMER_REAL, &it, NULL);
}

static inline void alarm_cancel(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

/* ---------------------------------------------------------------- flow control on loop */

/*
 * Fill loop.1 (@fd, its peer loop.2 open and not read) until a non-blocking write of
 * @chunk bytes in @band (0: write(2), else putpmsg) gets EAGAIN. Returns the bytes written,
 * or -1 with errno set if something other than EAGAIN stopped it (or it never stopped).
 */
static inline long fill_stream(int fd, int band, int chunk)
{
	static char buf[65536];
	int fl = fcntl(fd, F_GETFL);
	long total = 0, i;
	ssize_t n;

	if (chunk > (int)sizeof(buf))
		chunk = sizeof(buf);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	for (i = 0; i < 4096; i++) {
		n = band ? (put_band_data(fd, band, buf, chunk) ? -1 : chunk) : write(fd, buf, chunk);
		if (n < 0)
			break;
		total += n;
	}
	fcntl(fd, F_SETFL, fl);
	if (i == 4096) {
		errno = ENOSPC;
		return -1;
	}
	return errno == EAGAIN ? total : -1;
}

/* Read and discard everything queued on @fd (non-blocking); returns the bytes read. */
static inline long drain_stream(int fd)
{
	static char buf[65536];
	int fl = fcntl(fd, F_GETFL);
	long total = 0;
	ssize_t n;
	int idle = 0;

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while (idle < 20) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			total += n;
			idle = 0;
		} else {
			idle++;
			sleep_ms(5);	/* what the peer's queue holds moves on when we drained */
		}
	}
	fcntl(fd, F_SETFL, fl);
	return total;
}

#endif /* LIS_STREAMIO_H */
