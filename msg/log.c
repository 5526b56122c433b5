// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * msg/log.c: messages from drivers and modules: cmn_err(9F) (<sys/cmn_err.h>) and strlog(9F)
 * (<sys/stream.h>), both printed to the kernel log through lis_log(). There is no log driver:
 * strlog() prints what a log driver would have sent to the console or the error logger.
 * Audience: drivers and modules (the DDI).
 */
#include <lis/export.h>
#include <sys/cmn_err.h>
#include "msg.h"

#define LIS_LOG_LINE	256	/* longer messages are truncated */

/**
 * lis_vcmn_err() - print a console message (vcmn_err(9F)).
 * @level: CE_CONT, CE_NOTE, CE_WARN, CE_PANIC or CE_IGNORE
 * @fmt: printf format; a leading '!' or '^' is dropped
 * @ap: the arguments
 *
 * CE_PANIC prints at emergency level and warns once with a backtrace; it does not stop the
 * kernel. Any context; never sleeps.
 */
void lis_vcmn_err(int level, const char *fmt, __builtin_va_list ap)
{
	char buf[LIS_LOG_LINE];

	if (level == CE_IGNORE)
		return;
	if (*fmt == '!' || *fmt == '^')
		fmt++;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	switch (level) {
	case CE_CONT:
		lis_log(LIS_LOG_INFO, "%s", buf);
		break;
	case CE_NOTE:
		lis_log(LIS_LOG_NOTE, "NOTICE: %s\n", buf);
		break;
	case CE_PANIC:
		lis_log(LIS_LOG_EMERG, "PANIC: %s\n", buf);
		lis_warn_once(1);
		break;
	default:
		lis_log(LIS_LOG_WARN, "WARNING: %s\n", buf);
		break;
	}
}
LIS_EXPORT(lis_vcmn_err);

/**
 * lis_cmn_err() - print a console message (cmn_err(9F)).
 * @level: CE_CONT, CE_NOTE, CE_WARN, CE_PANIC or CE_IGNORE
 * @fmt: printf format; a leading '!' or '^' is dropped
 *
 * Any context; never sleeps.
 */
void lis_cmn_err(int level, const char *fmt, ...)
{
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	lis_vcmn_err(level, fmt, ap);
	__builtin_va_end(ap);
}
LIS_EXPORT(lis_cmn_err);

/**
 * lis_strlog() - submit a message to the STREAMS log (strlog(9F)).
 * @mid: module id of the sender
 * @sid: sub-id (minor device) of the sender
 * @level: trace level
 * @flags: SL_* destinations and severity
 * @fmt: printf format
 *
 * The message is printed with the module and sub-id, at error level for SL_FATAL/SL_ERROR,
 * warning for SL_WARN, notice for SL_NOTE, else informational. Messages meant only for a tracer
 * (SL_TRACE and no other destination) are dropped: there is no tracer.
 * Return: 1 if the message was printed, 0 if dropped. Any context; never sleeps.
 */
int lis_strlog(short mid, short sid, char level, unsigned short flags, const char *fmt, ...)
{
	char buf[LIS_LOG_LINE];
	__builtin_va_list ap;

	if (!(flags & ~SL_TRACE))
		return 0;
	__builtin_va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	__builtin_va_end(ap);
	if (flags & (SL_FATAL | SL_ERROR))
		lis_log(LIS_LOG_ERR, "strlog(%d,%d,%d): %s\n", mid, sid, level, buf);
	else if (flags & SL_WARN)
		lis_log(LIS_LOG_WARN, "strlog(%d,%d,%d): %s\n", mid, sid, level, buf);
	else if (flags & SL_NOTE)
		lis_log(LIS_LOG_NOTE, "strlog(%d,%d,%d): %s\n", mid, sid, level, buf);
	else
		lis_log(LIS_LOG_INFO, "strlog(%d,%d,%d): %s\n", mid, sid, level, buf);
	return 1;
}
LIS_EXPORT(lis_strlog);
