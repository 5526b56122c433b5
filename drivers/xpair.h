/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Crossed stream pairs: the data path shared by drivers whose streams come in connected pairs
 * (loop, pipe). What one end's write side receives goes up the other end's read side, with
 * SVR4 flow control across: the write service procedure forwards while the peer has room, the
 * peer's read service procedure (back-enabled when its reader drained) restarts it.
 * Audience: the built-in drivers.
 *
 * A driver keeps a struct xpair_end in q_ptr of both queues of each end. The peer pointer is
 * published and read under RCU: a driver clears it (under its own lock) in close, and the
 * framework frees the queues only after a grace period.
 */
#ifndef _LIS_DRIVERS_XPAIR_H
#define _LIS_DRIVERS_XPAIR_H

#include <lis/port.h>
#include <sys/stream.h>

struct xpair_end {
	queue_t *rq;			/* this end's read queue while open, else NULL */
	struct xpair_end *peer;		/* the other end while connected (RCU) */
};

int xpair_wput(queue_t *q, mblk_t *mp);
int xpair_wsrv(queue_t *q);
int xpair_rsrv(queue_t *q);
void xpair_connect(struct xpair_end *a, struct xpair_end *b);
struct xpair_end *xpair_disconnect(struct xpair_end *e);

#endif /* _LIS_DRIVERS_XPAIR_H */
