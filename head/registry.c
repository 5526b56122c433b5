// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The switch table: drivers by internal major number. Audience: head/ (framework private).
 * Registration runs in process context under lis_modsw_mutex; lookups on open take
 * lis_open_mutex, which also guards every driver's list of open streams.
 */
#include <linux/module.h>
#include "head.h"

DEFINE_MUTEX(lis_open_mutex);
static DEFINE_MUTEX(lis_modsw_mutex);
static struct lis_modsw *lis_drivers[LIS_MAXDRV + 1];	/* index = internal major */

/**
 * lis_drv_by_major() - the driver registered with internal major @major, or NULL.
 * @major: internal major number
 *
 * Context: process; called with lis_open_mutex held (open keeps the driver registered).
 */
struct lis_modsw *lis_drv_by_major(unsigned int major)
{
	if (major == 0 || major > LIS_MAXDRV)
		return NULL;
	return READ_ONCE(lis_drivers[major]);
}

/**
 * lis_register_driver() - add a driver to the switch table and create its nodes.
 * @msw: the driver; @msw->major is set to the internal major chosen.
 * Return: 0, -EEXIST for a name already registered, -ENOSPC when the table is full, or the
 * error of node creation. Context: process; may sleep.
 */
int lis_register_driver(struct lis_modsw *msw)
{
	int major, free = 0, err;

	mutex_lock(&lis_modsw_mutex);
	for (major = 1; major <= LIS_MAXDRV; major++) {
		if (!lis_drivers[major]) {
			if (!free)
				free = major;
		} else if (!strcmp(lis_drivers[major]->name, msw->name)) {
			mutex_unlock(&lis_modsw_mutex);
			return -EEXIST;
		}
	}
	if (!free) {
		mutex_unlock(&lis_modsw_mutex);
		return -ENOSPC;
	}
	msw->major = free;
	atomic_set(&msw->refs, 0);
	err = lis_nodes_create(msw);
	if (!err)
		WRITE_ONCE(lis_drivers[free], msw);
	mutex_unlock(&lis_modsw_mutex);
	return err;
}

/**
 * lis_unregister_driver() - remove a driver registered with lis_register_driver().
 * @msw: the driver
 *
 * The caller guarantees no stream of the driver is open (module reference counts do).
 * Context: process; may sleep.
 */
void lis_unregister_driver(struct lis_modsw *msw)
{
	mutex_lock(&lis_modsw_mutex);
	mutex_lock(&lis_open_mutex);
	WRITE_ONCE(lis_drivers[msw->major], NULL);
	mutex_unlock(&lis_open_mutex);
	lis_nodes_remove(msw);
	mutex_unlock(&lis_modsw_mutex);
}
