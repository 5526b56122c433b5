/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Basic types of the SVR4 DDI/DKI, for three homes:
 *  - the kernel (streams.ko and drivers built with kbuild): types come from <linux/types.h>;
 *  - the user-space port (LIS_USER): types come from the C library;
 *  - a standalone driver object built against our headers only (LIS_STANDALONE): defined here
 *    with the sizes the x86-64 kernel uses.
 * Audience: drivers and the framework.
 */
#ifndef _LIS_DDI_TYPES_H
#define _LIS_DDI_TYPES_H

#if defined(LIS_USER)
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#elif defined(__KERNEL__) && !defined(LIS_STANDALONE)
#include <linux/types.h>
#else
typedef unsigned long size_t;
typedef long ssize_t;
typedef unsigned int dev_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef long clock_t;
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long uint64_t;
typedef long intptr_t;
typedef unsigned long uintptr_t;
#ifndef NULL
#define NULL ((void *)0)
#endif
#endif

typedef char *caddr_t;
typedef unsigned char uchar_t;
typedef unsigned short ushort_t;
typedef unsigned int uint_t;
typedef unsigned long ulong_t;
typedef unsigned int major_t;
typedef unsigned int minor_t;
typedef unsigned char pri_t_lis;	/* message band */
typedef long t_scalar_t;
typedef unsigned long t_uscalar_t;
typedef unsigned int bcid_t;		/* bufcall id: 0 means failure */
typedef long timeout_id_t;		/* timeout id: 0 means failure */
typedef int boolean_t_lis;

/* Credentials as the framework hands them to open and close routines. */
typedef struct lis_cred {
	uid_t cr_uid;
	gid_t cr_gid;
	uid_t cr_ruid;
	gid_t cr_rgid;
} cred_t;

#endif /* _LIS_DDI_TYPES_H */
