// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sched/ddi_kernel.c: the parts of drv_getparm(9F) that need Linux itself: the wall clock and
 * the current process. Audience: sched/ddi.c only.
 * Kernel home only: the whole file is empty in the user-space home (ddi.c has its stand-in).
 */
#if !defined(LIS_USER)
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include "sched.h"

/**
 * lis_ddi_host_getparm() - a drv_getparm() value that only the kernel knows.
 * @parm: TIME, PPID, PPGRP, PSID or UPROCP
 * @valuep: where the value is stored
 *
 * Return: 0, or -1 for another @parm. Context: any for TIME; process for the others.
 */
int lis_ddi_host_getparm(unsigned long parm, unsigned long *valuep)
{
	switch (parm) {
	case TIME:
		*valuep = (unsigned long)ktime_get_real_seconds();
		return 0;
	case PPID:
		*valuep = (unsigned long)task_tgid_vnr(current);
		return 0;
	case PPGRP:
		*valuep = (unsigned long)task_pgrp_vnr(current);
		return 0;
	case PSID:
		*valuep = (unsigned long)task_session_vnr(current);
		return 0;
	case UPROCP:
		*valuep = (unsigned long)current;
		return 0;
	default:
		return -1;
	}
}
#endif
