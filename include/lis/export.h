/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Exports and module parameters of the core, for both homes of the port layer.
 * Audience: framework private (msg/, sched/, head/ core files that must not include Linux headers).
 *
 *  LIS_EXPORT(sym)                        EXPORT_SYMBOL(sym) in streams.ko (plain, not _GPL: see
 *                                         DESIGN "Compatibility is the product"); nothing in user space.
 *  LIS_PARAM_INT(name, var, perm, desc)   an int module parameter "name" backed by "var" in the
 *                                         kernel; nothing in user space (tests set "var" directly).
 */
#ifndef _LIS_EXPORT_H
#define _LIS_EXPORT_H

#if defined(LIS_USER)
#define LIS_EXPORT(sym)
#define LIS_PARAM_INT(name, var, perm, desc)
#else
#include <linux/export.h>
#include <linux/moduleparam.h>
#define LIS_EXPORT(sym)		EXPORT_SYMBOL(sym)
#define LIS_PARAM_INT(name, var, perm, desc) \
	module_param_named(name, var, int, perm); \
	MODULE_PARM_DESC(name, desc)
#endif

#endif /* _LIS_EXPORT_H */
