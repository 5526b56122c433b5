/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <stropts.h>: the STREAMS calls for applications, provided by libstreams.
 * Audience: applications.
 */
#ifndef _STROPTS_H
#define _STROPTS_H

#include <sys/stropts.h>

#ifdef __cplusplus
extern "C" {
#endif

int isastream(int fd);
int getmsg(int fd, struct strbuf *ctlptr, struct strbuf *dataptr, int *flagsp);
int getpmsg(int fd, struct strbuf *ctlptr, struct strbuf *dataptr, int *bandp, int *flagsp);
int putmsg(int fd, const struct strbuf *ctlptr, const struct strbuf *dataptr, int flags);
int putpmsg(int fd, const struct strbuf *ctlptr, const struct strbuf *dataptr, int band,
	    int flags);
int fattach(int fd, const char *path);
int fdetach(const char *path);
int s_pipe(int fds[2]);		/* a STREAMS pipe (pipe(2) stays the Linux one) */

#ifdef __cplusplus
}
#endif

#endif /* _STROPTS_H */
