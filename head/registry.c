// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The switch table: drivers by internal major number. Audience: head/ (framework private).
 * Registration runs in process context under lis_modsw_mutex; lookups on open take
 * lis_open_mutex, which also guards every driver's list of open streams. Order: lis_open_mutex,
 * then a stream's sd_plumb, then lis_modsw_mutex (an open autopushes modules).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <sys/strreg.h>
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
 * Return: 0, or -EBUSY while one of its streams is open. Context: process; may sleep.
 */
int lis_unregister_driver(struct lis_modsw *msw)
{
	/* lock order: lis_open_mutex, then (a stream's sd_plumb, then) lis_modsw_mutex */
	mutex_lock(&lis_open_mutex);
	mutex_lock(&lis_modsw_mutex);
	if (atomic_read(&msw->refs)) {
		mutex_unlock(&lis_modsw_mutex);
		mutex_unlock(&lis_open_mutex);
		return -EBUSY;
	}
	WRITE_ONCE(lis_drivers[msw->major], NULL);
	lis_nodes_remove(msw);
	mutex_unlock(&lis_modsw_mutex);
	mutex_unlock(&lis_open_mutex);
	return 0;
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

/* ---------------------------------------------------------------- the exported API */

static struct lis_modsw *lis_modsw_new(const char *name, struct streamtab *str,
				       unsigned int flags, void *owner)
{
	struct lis_modsw *msw;

	if (!name || !str || !str->st_rdinit || !str->st_wrinit ||
	    !str->st_rdinit->qi_minfo || !str->st_wrinit->qi_minfo)
		return ERR_PTR(-EINVAL);
	msw = kzalloc(sizeof(*msw) + sizeof(struct list_head), GFP_KERNEL);
	if (!msw)
		return ERR_PTR(-ENOMEM);
	msw->name = kstrdup(name, GFP_KERNEL);
	if (!msw->name) {
		kfree(msw);
		return ERR_PTR(-ENOMEM);
	}
	msw->str = str;
	msw->flags = flags;
	msw->owner = owner;
	msw->priv = msw + 1;
	INIT_LIST_HEAD((struct list_head *)msw->priv);
	msw->dynamic = 1;
	return msw;
}

static void lis_modsw_free(struct lis_modsw *msw)
{
	kfree(msw->name);
	kfree(msw);
}

/**
 * lis_register_strdev() - register a STREAMS driver living in another kernel module.
 * @name: its name
 * @str: its streamtab
 * @flags: D_* flags
 * @nminors: fixed minors with nodes
 * @owner: the owning kernel module
 *
 * Return: the internal major, or a negative errno. Context: process; may sleep.
 */
int lis_register_strdev(const char *name, struct streamtab *str, unsigned int flags,
			int nminors, void *owner)
{
	struct lis_modsw *msw;
	int err;

	if (nminors < 0 || nminors >= LIS_NODE_MINORS || (name && strlen(name) > 31))
		return -EINVAL;
	msw = lis_modsw_new(name, str, flags, owner);
	if (IS_ERR(msw))
		return PTR_ERR(msw);
	msw->nminors = nminors;
	err = lis_register_driver(msw);
	if (err) {
		lis_modsw_free(msw);
		return err;
	}
	return msw->major;
}
EXPORT_SYMBOL(lis_register_strdev);

/**
 * lis_unregister_strdev() - unregister a driver registered with lis_register_strdev().
 * @name: its name
 *
 * Return: 0, -ENOENT, or -EBUSY while a stream of it is open. Context: process; may sleep.
 */
int lis_unregister_strdev(const char *name)
{
	struct lis_modsw *msw = NULL;
	int major, err;

	mutex_lock(&lis_modsw_mutex);
	for (major = 1; major <= LIS_MAXDRV; major++)
		if (lis_drivers[major] && lis_drivers[major]->dynamic &&
		    !strcmp(lis_drivers[major]->name, name))
			msw = lis_drivers[major];
	mutex_unlock(&lis_modsw_mutex);
	if (!msw)
		return -ENOENT;
	err = lis_unregister_driver(msw);
	if (!err)
		lis_modsw_free(msw);
	return err;
}
EXPORT_SYMBOL(lis_unregister_strdev);

/**
 * lis_register_strmod() - register a module living in another kernel module.
 * @name: the I_PUSH name
 * @str: its streamtab
 * @flags: D_* flags
 * @owner: the owning kernel module
 *
 * Return: 0 or a negative errno. Context: process; may sleep.
 */
int lis_register_strmod(const char *name, struct streamtab *str, unsigned int flags,
			void *owner)
{
	struct lis_modsw *msw = lis_modsw_new(name, str, flags, owner);
	int err;

	if (IS_ERR(msw))
		return PTR_ERR(msw);
	err = lis_register_module(msw);
	if (err)
		lis_modsw_free(msw);
	return err;
}
EXPORT_SYMBOL(lis_register_strmod);

/**
 * lis_unregister_strmod() - unregister a module registered with lis_register_strmod().
 * @name: its name
 *
 * Return: 0, -ENOENT, or -EBUSY while it is pushed on a stream. Context: process; may sleep.
 */
int lis_unregister_strmod(const char *name)
{
	struct lis_modsw *msw = lis_find_module(name);
	int err;

	if (!msw || !msw->dynamic) {
		if (msw)
			lis_put_module(msw);
		return -ENOENT;
	}
	lis_put_module(msw);
	err = lis_unregister_module(msw);
	if (!err)
		lis_modsw_free(msw);
	return err;
}
EXPORT_SYMBOL(lis_unregister_strmod);
