/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The drivers and modules built into streams.ko, as the head registers them at load.
 * Audience: head/module.c and the built-in drivers.
 */
#ifndef _LIS_DRIVERS_BUILTIN_H
#define _LIS_DRIVERS_BUILTIN_H

#include <lis/strsubr.h>

extern struct lis_modsw lis_loop_modsw;
extern struct lis_modsw lis_pipe_modsw;

int lis_pipe_connect(queue_t *a, queue_t *b);

#endif /* _LIS_DRIVERS_BUILTIN_H */
