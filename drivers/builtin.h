/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The drivers and modules built into streams.ko. Those with a Config entry (drivers/Config,
 * modules/Config) are registered from the tables lis-config generates, which also declare their
 * streamtabs; the others are registered by hand in head/module.c.
 * Audience: head/module.c and the built-in drivers.
 */
#ifndef _LIS_DRIVERS_BUILTIN_H
#define _LIS_DRIVERS_BUILTIN_H

#include <lis/strsubr.h>
#include <lis_builtin_tables.h>	/* generated from drivers/Config: the streamtabs, the tables */

extern struct lis_modsw lis_pipe_modsw;

int lis_pipe_connect(queue_t *a, queue_t *b);

#endif /* _LIS_DRIVERS_BUILTIN_H */
