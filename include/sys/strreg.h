/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Registering STREAMS drivers and modules that live in other kernel modules.
 * Audience: drivers and modules (and the wrappers the config compiler generates).
 *
 * A driver gets the same treatment as a built-in one: /dev/streams/NAME (clone node) and
 * /dev/streams/NAME.1 .. NAME.<nminors> (or the nodes, modes, owners and autopush lists of its
 * Config with lis_register_strdev_conf()), perimeters from its D_* flags, statistics. While one of
 * its streams is open (or a module is pushed somewhere) streams.ko holds a reference on @owner,
 * so the owner cannot be unloaded; unregistering a driver or module in use fails with -EBUSY.
 */
#ifndef _SYS_STRREG_H
#define _SYS_STRREG_H

#include <sys/stream.h>

/**
 * lis_register_strdev() - register a STREAMS driver.
 * @name: its name (nodes /dev/streams/NAME...), at most 31 characters
 * @str: its streamtab
 * @flags: D_MP, D_MTPERMOD, D_MTQPAIR, D_MTPERQ, ... (0: serialized)
 * @nminors: fixed minors 1..nminors that get nodes (0..255)
 * @owner: the kernel module the driver lives in (THIS_MODULE), or NULL
 *
 * Return: the internal major number (> 0), or -EEXIST, -EINVAL, -ENOSPC, -ENOMEM.
 * Context: process; may sleep.
 */
int lis_register_strdev(const char *name, struct streamtab *str, unsigned int flags,
			int nminors, void *owner);
int lis_unregister_strdev(const char *name);

/**
 * struct lis_strnode - one device node /dev/streams/@name of a driver.
 * @name: the node's name under /dev/streams/ (at most 31 characters)
 * @minor: the fixed minor it opens (1..255), or 0 for the clone node
 * @mode: permission bits (0 means 0600)
 * @uid: owner, @gid: group (numeric; udev rules may set them by name)
 */
struct lis_strnode {
	const char *name;
	int minor;
	unsigned int mode;
	unsigned int uid;
	unsigned int gid;
};

#define LIS_MAXAPUSH	8	/* modules in one autopush list (SVR4 MAXAPUSH) */

/**
 * struct lis_strapush - modules pushed on a stream of the driver when it is first opened.
 * @first: with @last, the minors it applies to (after a clone open: the minor the driver chose)
 * @mods: module names, pushed in this order (the first ends up lowest), NULL-terminated
 */
struct lis_strapush {
	int first;
	int last;
	const char *mods[LIS_MAXAPUSH + 1];
};

/**
 * struct lis_strdev_conf - everything a driver's Config says, as the config compiler writes it.
 * @name: the driver's name, @str: its streamtab, @flags: D_* flags
 * @major: the internal major wanted (1..255), or 0 for any free one
 * @nminors: fixed minors 1..@nminors
 * @nodes: its device nodes (@nnodes of them), the clone node among them if it has one
 * @apush: its autopush lists (@napush of them)
 *
 * The structure and everything it points to must stay valid until the driver is unregistered
 * (the generated tables are static data of the module that registers them).
 */
struct lis_strdev_conf {
	const char *name;
	struct streamtab *str;
	unsigned int flags;
	int major;
	int nminors;
	const struct lis_strnode *nodes;
	int nnodes;
	const struct lis_strapush *apush;
	int napush;
};

/**
 * struct lis_strmod_conf - a module's Config entry: its name, streamtab and D_* flags.
 */
struct lis_strmod_conf {
	const char *name;
	struct streamtab *str;
	unsigned int flags;
};

/**
 * lis_register_strdev_conf() - register a STREAMS driver described by its Config.
 * @conf: the driver (see struct lis_strdev_conf)
 * @owner: the kernel module the driver lives in (THIS_MODULE), or NULL
 *
 * Unregister with lis_unregister_strdev(@conf->name).
 * Return: the internal major number (> 0), or -EEXIST (name taken), -EBUSY (major or node name
 * taken), -EINVAL, -ENOSPC, -ENOMEM. Context: process; may sleep.
 */
int lis_register_strdev_conf(const struct lis_strdev_conf *conf, void *owner);

/**
 * lis_register_strmod() - register a pushable STREAMS module.
 * @name: the I_PUSH name, at most FMNAMESZ (8) characters
 * @str: its streamtab
 * @flags: D_* concurrency flags
 * @owner: the kernel module the module lives in (THIS_MODULE), or NULL
 *
 * Return: 0, or -EEXIST, -EINVAL, -ENOMEM. Context: process; may sleep.
 */
int lis_register_strmod(const char *name, struct streamtab *str, unsigned int flags,
			void *owner);
int lis_unregister_strmod(const char *name);

#endif /* _SYS_STRREG_H */
