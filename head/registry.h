/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the switch table keeps about each registered driver beyond struct lis_modsw: its
 * Config (nodes, autopush lists) and the devices made for its nodes. Shared by registry.c and
 * devices.c only. Audience: head/ (framework private).
 */
#ifndef _LIS_HEAD_REGISTRY_H
#define _LIS_HEAD_REGISTRY_H

#include <linux/device.h>
#include <sys/strreg.h>
#include "head.h"

/**
 * struct lis_drvent - what the switch table keeps about a registered driver.
 * @msw: its switch entry: @own_msw, or the caller's (lis_register_driver())
 * @own_msw: the switch entry of a driver registered through the API or from a Config
 * @streams: the open streams of such a driver (@own_msw.priv points here; stream.c)
 * @conf: the driver's Config; points into the registering module, or at @own
 * @own: a default Config (clone node and nodes NAME.1..nminors), with @ownnodes
 * @devs: one device per entry of @conf->nodes (NULL where none was made)
 */
struct lis_drvent {
	struct lis_modsw *msw;
	struct lis_modsw own_msw;
	struct list_head streams;
	const struct lis_strdev_conf *conf;
	struct lis_strdev_conf own;
	struct lis_strnode *ownnodes;
	struct device **devs;
};

struct lis_drvent *lis_drvent_of(struct lis_modsw *msw);

/* registry.c: the drivers and modules built into streams.ko (drivers/Config, modules/Config) */
int lis_builtin_register(void);
void lis_builtin_unregister(void);
const char *const *lis_autopush_list(struct lis_modsw *drv, minor_t minor);

#endif /* _LIS_HEAD_REGISTRY_H */
