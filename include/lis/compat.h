/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Every difference between the kernels LiS supports, in one place.
 * Minimum supported kernel: 6.1. Tested: Debian 6.1, 6.12, 6.12 PREEMPT_RT.
 * Audience: framework private (kernel home only). No version test appears anywhere else.
 */
#ifndef _LIS_COMPAT_H
#define _LIS_COMPAT_H

#include <linux/version.h>
#include <linux/device.h>

/* class_create() lost its owner argument in 6.4. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 4, 0)
#define lis_class_create(name)	class_create(THIS_MODULE, name)
#else
#define lis_class_create(name)	class_create(name)
#endif

/* The devnode callback takes a const struct device since 6.2. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define LIS_DEVNODE_CONST
#else
#define LIS_DEVNODE_CONST const
#endif

/* del_timer_sync() was renamed timer_delete_sync() in 6.2 (the old name stays until 6.15). */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define lis_timer_delete_sync(t)	del_timer_sync(t)
#else
#define lis_timer_delete_sync(t)	timer_delete_sync(t)
#endif

/* no_llseek went away in 6.12; streams are opened with stream_open() (no seeking) anyway. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
#define LIS_NO_LLSEEK	no_llseek
#else
#define LIS_NO_LLSEEK	NULL
#endif

/* struct fd became opaque in 6.12: its file is read with fd_file(). */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
#define lis_fd_file(f)	((f).file)
#else
#define lis_fd_file(f)	fd_file(f)
#endif

#endif /* _LIS_COMPAT_H */
