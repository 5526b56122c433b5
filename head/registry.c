// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The switch table: drivers by internal major number, modules by name, each with what its
 * Config says (nodes, their modes and owners, autopush lists). Built-in drivers and modules
 * come from the tables lis-config generates from drivers/Config and modules/Config; drivers in
 * other kernel modules register the same way through lis_register_strdev_conf() (the wrapper
 * lis-config writes for them) or lis_register_strdev()/lis_register_strmod().
 * Audience: head/ (framework private) and, for the exported calls, <sys/strreg.h>.
 * Registration runs in process context under lis_modsw_mutex; lookups on open take
 * lis_open_mutex, which also guards every driver's list of open streams. Order: lis_open_mutex,
 * then a stream's sd_plumb, then lis_modsw_mutex (an open autopushes modules).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <sys/strreg.h>
#include <lis_builtin_tables.h>
#include "registry.h"

DEFINE_MUTEX(lis_open_mutex);
static DEFINE_MUTEX(lis_modsw_mutex);
static struct lis_modsw *lis_drivers[LIS_MAXDRV + 1];	/* index = internal major */
static struct lis_drvent *lis_drvents[LIS_MAXDRV + 1];	/* the same drivers' Configs and nodes */

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
 * lis_drvent_of() - what the switch table keeps about the registered driver @msw.
 * @msw: a registered driver
 *
 * Context: any; the driver is registered (lis_modsw_mutex held, or a stream of it is open).
 */
struct lis_drvent *lis_drvent_of(struct lis_modsw *msw)
{
	return READ_ONCE(lis_drvents[msw->major]);
}

/* Is a node of @c named like one of a registered driver's? Called with lis_modsw_mutex held. */
static int lis_node_taken(const struct lis_strdev_conf *c)
{
	const struct lis_strdev_conf *o;
	int major, i, j;

	for (major = 1; major <= LIS_MAXDRV; major++) {
		if (!lis_drvents[major])
			continue;
		o = lis_drvents[major]->conf;
		for (i = 0; i < c->nnodes; i++)
			for (j = 0; j < o->nnodes; j++)
				if (!strcmp(c->nodes[i].name, o->nodes[j].name))
					return 1;
	}
	return 0;
}

/* The internal major for @c: the one it asks for, else the lowest free one. */
static int lis_pick_major(const struct lis_strdev_conf *c)
{
	int major;

	if (c->major)
		return lis_drvents[c->major] ? -EBUSY : c->major;
	for (major = 1; major <= LIS_MAXDRV; major++)
		if (!lis_drvents[major])
			return major;
	return -ENOSPC;
}

/* Add @de (its msw and conf set) to the table and make its nodes. */
static int lis_register_de(struct lis_drvent *de)
{
	struct lis_modsw *msw = de->msw;
	int major, err;

	mutex_lock(&lis_modsw_mutex);
	for (major = 1; major <= LIS_MAXDRV; major++) {
		if (lis_drivers[major] && !strcmp(lis_drivers[major]->name, msw->name)) {
			mutex_unlock(&lis_modsw_mutex);
			return -EEXIST;
		}
	}
	err = lis_pick_major(de->conf);
	if (err > 0 && lis_node_taken(de->conf))
		err = -EBUSY;
	if (err < 0) {
		mutex_unlock(&lis_modsw_mutex);
		return err;
	}
	msw->major = err;
	atomic_set(&msw->refs, 0);
	lis_drvents[msw->major] = de;
	err = lis_nodes_create(msw);
	if (err)
		lis_drvents[msw->major] = NULL;
	else
		WRITE_ONCE(lis_drivers[msw->major], msw);
	mutex_unlock(&lis_modsw_mutex);
	return err;
}

/* The Config of a driver registered without one: clone node NAME, nodes NAME.1..nminors, 0666. */
static int lis_default_conf(struct lis_drvent *de)
{
	struct lis_modsw *msw = de->msw;
	int i, n = msw->nminors + 1;
	struct lis_strnode *nodes;
	char (*names)[40];

	if (msw->nminors < 0 || msw->nminors >= LIS_NODE_MINORS || !msw->name ||
	    strlen(msw->name) > 31)
		return -EINVAL;
	nodes = kzalloc(n * (sizeof(*nodes) + sizeof(*names)), GFP_KERNEL);
	if (!nodes)
		return -ENOMEM;
	names = (void *)(nodes + n);
	for (i = 0; i < n; i++) {
		if (i)
			snprintf(names[i], sizeof(names[i]), "%s.%d", msw->name, i);
		else
			strscpy(names[i], msw->name, sizeof(names[i]));
		nodes[i].name = names[i];
		nodes[i].minor = i;
		nodes[i].mode = 0666;
	}
	de->ownnodes = nodes;
	de->own.name = msw->name;
	de->own.str = msw->str;
	de->own.flags = msw->flags;
	de->own.nminors = msw->nminors;
	de->own.nodes = nodes;
	de->own.nnodes = n;
	de->conf = &de->own;
	return 0;
}

static void lis_drvent_free(struct lis_drvent *de)
{
	if (de->msw == &de->own_msw)
		kfree(de->own_msw.name);
	kfree(de->ownnodes);
	kfree(de);
}

/**
 * lis_register_driver() - add a driver to the switch table and create its nodes
 * /dev/streams/NAME (clone) and NAME.1 .. NAME.<nminors>, mode 0666.
 * @msw: the driver (its priv set by the caller); @msw->major is set to the internal major chosen.
 * Return: 0, -EEXIST for a name already registered, -EBUSY when a node name is taken, -ENOSPC
 * when the table is full, -EINVAL, -ENOMEM, or the error of node creation.
 * Context: process; may sleep.
 */
int lis_register_driver(struct lis_modsw *msw)
{
	struct lis_drvent *de = kzalloc(sizeof(*de), GFP_KERNEL);
	int err;

	if (!de)
		return -ENOMEM;
	de->msw = msw;
	err = lis_default_conf(de);
	if (!err)
		err = lis_register_de(de);
	if (err)
		lis_drvent_free(de);
	return err;
}

/**
 * lis_unregister_driver() - remove a driver from the switch table and remove its nodes.
 * @msw: the driver; a driver registered from a Config is freed with its entry
 *
 * Return: 0, or -EBUSY while one of its streams is open. Context: process; may sleep.
 */
int lis_unregister_driver(struct lis_modsw *msw)
{
	struct lis_drvent *de;

	/* lock order: lis_open_mutex, then (a stream's sd_plumb, then) lis_modsw_mutex */
	mutex_lock(&lis_open_mutex);
	mutex_lock(&lis_modsw_mutex);
	if (atomic_read(&msw->refs)) {
		mutex_unlock(&lis_modsw_mutex);
		mutex_unlock(&lis_open_mutex);
		return -EBUSY;
	}
	de = lis_drvents[msw->major];
	WRITE_ONCE(lis_drivers[msw->major], NULL);
	lis_nodes_remove(msw);
	lis_drvents[msw->major] = NULL;
	mutex_unlock(&lis_modsw_mutex);
	mutex_unlock(&lis_open_mutex);
	lis_drvent_free(de);
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

static int lis_name_ok(const char *name, size_t max)
{
	return name && *name && strlen(name) <= max && !strchr(name, '/');
}

static int lis_streamtab_ok(struct streamtab *str)
{
	return str && str->st_rdinit && str->st_wrinit && str->st_rdinit->qi_minfo &&
	       str->st_wrinit->qi_minfo;
}

/* A driver entry with its own switch entry (name copied), for @c or a default Config. */
static struct lis_drvent *lis_drvent_new(const char *name, struct streamtab *str,
					 unsigned int flags, int nminors, void *owner)
{
	struct lis_drvent *de;

	if (!lis_name_ok(name, 31) || !lis_streamtab_ok(str))
		return ERR_PTR(-EINVAL);
	de = kzalloc(sizeof(*de), GFP_KERNEL);
	if (!de)
		return ERR_PTR(-ENOMEM);
	de->own_msw.name = kstrdup(name, GFP_KERNEL);
	if (!de->own_msw.name) {
		kfree(de);
		return ERR_PTR(-ENOMEM);
	}
	de->msw = &de->own_msw;
	de->own_msw.str = str;
	de->own_msw.flags = flags;
	de->own_msw.nminors = nminors;
	de->own_msw.owner = owner;
	de->own_msw.dynamic = 1;
	INIT_LIST_HEAD(&de->streams);
	de->own_msw.priv = &de->streams;	/* stream.c: the driver's open streams */
	return de;
}

/* Is @c well formed? (lis-config checked it already; a hand-made one may not be.) */
static int lis_conf_ok(const struct lis_strdev_conf *c)
{
	int i, j;

	if (c->major < 0 || c->major > LIS_MAXDRV || c->nminors < 0 ||
	    c->nminors >= LIS_NODE_MINORS || c->nnodes < 0 || c->napush < 0 ||
	    (c->nnodes && !c->nodes) || (c->napush && !c->apush))
		return 0;
	for (i = 0; i < c->nnodes; i++) {
		if (!lis_name_ok(c->nodes[i].name, 31) || c->nodes[i].minor < 0 ||
		    c->nodes[i].minor >= LIS_NODE_MINORS)
			return 0;
		for (j = 0; j < i; j++)
			if (!strcmp(c->nodes[i].name, c->nodes[j].name) ||
			    c->nodes[i].minor == c->nodes[j].minor)
				return 0;
	}
	for (i = 0; i < c->napush; i++) {
		if (c->apush[i].mods[LIS_MAXAPUSH])
			return 0;
		for (j = 0; c->apush[i].mods[j]; j++)
			if (!lis_name_ok(c->apush[i].mods[j], FMNAMESZ))
				return 0;
	}
	return 1;
}

static int lis_register_conf(const struct lis_strdev_conf *c, void *owner, int dynamic)
{
	struct lis_drvent *de;
	int err;

	if (!c || !lis_conf_ok(c))
		return -EINVAL;
	de = lis_drvent_new(c->name, c->str, c->flags, c->nminors, owner);
	if (IS_ERR(de))
		return PTR_ERR(de);
	de->conf = c;
	de->own_msw.dynamic = dynamic;
	err = lis_register_de(de);
	if (err) {
		lis_drvent_free(de);
		return err;
	}
	return de->own_msw.major;
}

/**
 * lis_register_strdev_conf() - register a STREAMS driver described by its Config.
 * @c: the driver's Config (it must stay valid until the driver is unregistered)
 * @owner: the owning kernel module
 *
 * Return: the internal major, or a negative errno. Context: process; may sleep.
 */
int lis_register_strdev_conf(const struct lis_strdev_conf *c, void *owner)
{
	return lis_register_conf(c, owner, 1);
}
EXPORT_SYMBOL(lis_register_strdev_conf);

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
	struct lis_drvent *de;
	int err;

	if (nminors < 0 || nminors >= LIS_NODE_MINORS)
		return -EINVAL;
	de = lis_drvent_new(name, str, flags, nminors, owner);
	if (IS_ERR(de))
		return PTR_ERR(de);
	err = lis_default_conf(de);
	if (!err)
		err = lis_register_de(de);
	if (err) {
		lis_drvent_free(de);
		return err;
	}
	return de->own_msw.major;
}
EXPORT_SYMBOL(lis_register_strdev);

/* Unregister the driver @name (registered by the API when @dynamic, else built in). */
static int lis_unregister_drv_name(const char *name, int dynamic)
{
	struct lis_modsw *msw = NULL;
	int major;

	if (!name)
		return -ENOENT;
	mutex_lock(&lis_modsw_mutex);
	for (major = 1; major <= LIS_MAXDRV; major++)
		if (lis_drvents[major] && lis_drvents[major]->msw == &lis_drvents[major]->own_msw &&
		    lis_drivers[major]->dynamic == dynamic && !strcmp(lis_drivers[major]->name, name))
			msw = lis_drivers[major];
	mutex_unlock(&lis_modsw_mutex);
	if (!msw)
		return -ENOENT;
	/* a concurrent unregistration of the same name is the caller's bug, as with any free */
	return lis_unregister_driver(msw);
}

/**
 * lis_unregister_strdev() - unregister a driver registered with lis_register_strdev() or
 * lis_register_strdev_conf().
 * @name: its name
 *
 * Return: 0, -ENOENT, or -EBUSY while a stream of it is open. Context: process; may sleep.
 */
int lis_unregister_strdev(const char *name)
{
	return lis_unregister_drv_name(name, 1);
}
EXPORT_SYMBOL(lis_unregister_strdev);

static struct lis_modsw *lis_modsw_new(const char *name, struct streamtab *str,
				       unsigned int flags, void *owner, int dynamic)
{
	struct lis_modsw *msw;

	if (!lis_name_ok(name, FMNAMESZ) || !lis_streamtab_ok(str))
		return ERR_PTR(-EINVAL);
	msw = kzalloc(sizeof(*msw), GFP_KERNEL);
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
	msw->dynamic = dynamic;
	return msw;
}

static void lis_modsw_free(struct lis_modsw *msw)
{
	kfree(msw->name);
	kfree(msw);
}

static int lis_register_mod(const char *name, struct streamtab *str, unsigned int flags,
			    void *owner, int dynamic)
{
	struct lis_modsw *msw = lis_modsw_new(name, str, flags, owner, dynamic);
	int err;

	if (IS_ERR(msw))
		return PTR_ERR(msw);
	err = lis_register_module(msw);
	if (err)
		lis_modsw_free(msw);
	return err;
}

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
	return lis_register_mod(name, str, flags, owner, 1);
}
EXPORT_SYMBOL(lis_register_strmod);

static int lis_unregister_mod_name(const char *name, int dynamic)
{
	struct lis_modsw *msw = name ? lis_find_module(name) : NULL;
	int err;

	if (!msw || msw->dynamic != dynamic) {
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

/**
 * lis_unregister_strmod() - unregister a module registered with lis_register_strmod().
 * @name: its name
 *
 * Return: 0, -ENOENT, or -EBUSY while it is pushed on a stream. Context: process; may sleep.
 */
int lis_unregister_strmod(const char *name)
{
	return lis_unregister_mod_name(name, 1);
}
EXPORT_SYMBOL(lis_unregister_strmod);

/* ---------------------------------------------------------------- built in, autopush */

/**
 * lis_builtin_unregister() - unregister what lis_builtin_register() registered.
 *
 * Context: module exit (nothing is open: every stream holds a reference on streams.ko).
 */
void lis_builtin_unregister(void)
{
	const struct lis_strdev_conf *c;
	const struct lis_strmod_conf *m;

	for (c = lis_conf_drivers; c->name; c++)
		lis_unregister_drv_name(c->name, 0);
	for (m = lis_conf_modules; m->name; m++)
		lis_unregister_mod_name(m->name, 0);
}

/**
 * lis_builtin_register() - register the drivers and modules built into streams.ko, from the
 * tables lis-config generated from their Config files: modules first (autopush names them).
 *
 * Return: 0, or the first error (everything registered is unregistered again).
 * Context: module init.
 */
int lis_builtin_register(void)
{
	const struct lis_strdev_conf *c;
	const struct lis_strmod_conf *m;
	int err;

	for (m = lis_conf_modules; m->name; m++) {
		err = lis_register_mod(m->name, m->str, m->flags, NULL, 0);
		if (err)
			goto fail;
	}
	for (c = lis_conf_drivers; c->name; c++) {
		err = lis_register_conf(c, NULL, 0);
		if (err < 0)
			goto fail;
	}
	return 0;
fail:
	pr_err("streams: cannot register built-in '%s': error %d\n", c->name ? c->name : m->name,
	       err);
	lis_builtin_unregister();
	return err;
}

/**
 * lis_autopush_list() - the modules to push on a new stream of @drv opened as @minor.
 * @drv: the driver
 * @minor: the stream's minor (after a clone open, the one the driver chose, as in SVR4)
 *
 * Return: NULL-terminated module names from the driver's Config, else @drv->autopush (may be
 * NULL). Context: any; the driver stays registered while the caller's stream holds it.
 */
const char *const *lis_autopush_list(struct lis_modsw *drv, minor_t minor)
{
	const struct lis_strdev_conf *c = lis_drvent_of(drv)->conf;
	int i;

	for (i = 0; i < c->napush; i++)
		if (minor >= c->apush[i].first && minor <= c->apush[i].last)
			return c->apush[i].mods;
	return drv->autopush;
}

/**
 * lis_modsw_foreach() - call @fn for every registered driver, then every module.
 * @fn: called with the switch table locked (must not sleep long, nor register)
 * @arg: passed to @fn
 *
 * Context: process; may sleep.
 */
void lis_modsw_foreach(void (*fn)(void *arg, struct lis_modsw *msw, int driver), void *arg)
{
	struct lis_modent *e;
	int major;

	mutex_lock(&lis_modsw_mutex);
	for (major = 1; major <= LIS_MAXDRV; major++)
		if (lis_drivers[major])
			fn(arg, lis_drivers[major], 1);
	list_for_each_entry(e, &lis_modules, link)
		fn(arg, e->msw, 0);
	mutex_unlock(&lis_modsw_mutex);
}
