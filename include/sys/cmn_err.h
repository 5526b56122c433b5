/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/cmn_err.h>: console messages of the SVR4/Solaris DDI (cmn_err(9F), vcmn_err(9F)).
 * Audience: STREAMS drivers and modules, and the framework.
 *
 * A leading '!' in the format (log only) or '^' (console only) is accepted and dropped: both
 * go to the kernel log. CE_PANIC never brings the kernel down: the message is printed at
 * emergency level with a one-time warning and a backtrace, and the caller continues.
 */
#ifndef _SYS_CMN_ERR_H
#define _SYS_CMN_ERR_H

#define CE_CONT		0	/* continuation, no prefix */
#define CE_NOTE		1	/* NOTICE: */
#define CE_WARN		2	/* WARNING: */
#define CE_PANIC	3	/* PANIC: (see above) */
#define CE_IGNORE	4	/* print nothing */

void lis_cmn_err(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lis_vcmn_err(int level, const char *fmt, __builtin_va_list ap)
	__attribute__((format(printf, 2, 0)));

#define cmn_err		lis_cmn_err
#define vcmn_err	lis_vcmn_err

#endif /* _SYS_CMN_ERR_H */
