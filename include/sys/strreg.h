/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Registering STREAMS drivers and modules that live in other kernel modules.
 * Audience: drivers and modules (and the wrappers the config compiler generates).
 *
 * A driver gets the same treatment as a built-in one: /dev/streams/NAME (clone node) and
 * /dev/streams/NAME.1 .. NAME.<nminors>, perimeters from its D_* flags, statistics. While one of
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
