// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The switch table: drivers by internal major number. Audience: head/ (framework private).
 * Registration runs in process context under lis_modsw_mutex; lookups on open take
 * lis_open_mutex, which also guards every driver's list of open streams.
 */
#include <linux/module.h>
#include <linux/slab.h>
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

/* ---------------------------------------------------------------- modules */

static LIST_HEAD(lis_modules);

struct lis_modent {
	struct list_head link;
	struct lis_modsw *msw;
};

/**
 * lis_find_module() - the module registered as @name, with a reference taken, or NULL.
 * @name: module name, as given to I_PUSH
 *
 * Drop the reference with lis_put_module(). Context: process; may sleep.
 */
struct lis_modsw *lis_find_module(const char *name)
{
	struct lis_modent *e;
	struct lis_modsw *msw = NULL;

	mutex_lock(&lis_modsw_mutex);
	list_for_each_entry(e, &lis_modules, link) {
		if (!strcmp(e->msw->name, name)) {
			msw = e->msw;
			atomic_inc(&msw->refs);
			break;
		}
	}
	mutex_unlock(&lis_modsw_mutex);
	return msw;
}

/**
 * lis_put_module() - drop a reference taken by lis_find_module().
 * @msw: the module
 *
 * Context: any.
 */
void lis_put_module(struct lis_modsw *msw)
{
	atomic_dec(&msw->refs);
}

/**
 * lis_register_module() - add a pushable module to the switch table.
 * @msw: the module (name at most FMNAMESZ characters)
 *
 * Return: 0, -EINVAL for a bad name, -EEXIST, -ENOMEM. Context: process; may sleep.
 */
int lis_register_module(struct lis_modsw *msw)
{
	struct lis_modent *e, *n;

	if (!msw->name || !*msw->name || strlen(msw->name) > FMNAMESZ)
		return -EINVAL;
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	n->msw = msw;
	msw->major = -1;
	atomic_set(&msw->refs, 0);
	mutex_lock(&lis_modsw_mutex);
	list_for_each_entry(e, &lis_modules, link) {
		if (!strcmp(e->msw->name, msw->name)) {
			mutex_unlock(&lis_modsw_mutex);
			kfree(n);
			return -EEXIST;
		}
	}
	list_add_tail(&n->link, &lis_modules);
	mutex_unlock(&lis_modsw_mutex);
	return 0;
}

/**
 * lis_unregister_module() - remove a module from the switch table.
 * @msw: the module
 *
 * Return: 0, or -EBUSY while it is pushed on a stream. Context: process; may sleep.
 */
int lis_unregister_module(struct lis_modsw *msw)
{
	struct lis_modent *e;
	int err = -ENOENT;

	mutex_lock(&lis_modsw_mutex);
	list_for_each_entry(e, &lis_modules, link) {
		if (e->msw != msw)
			continue;
		if (atomic_read(&msw->refs)) {
			err = -EBUSY;
			break;
		}
		list_del(&e->link);
		kfree(e);
		err = 0;
		break;
	}
	mutex_unlock(&lis_modsw_mutex);
	return err;
}
