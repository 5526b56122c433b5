// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * msg/init.c: bringing the message core up and down (lis_msg_init, lis_msg_exit), and the
 * report of what is still held at unload. Audience: framework private (called by the module's
 * init and exit in head/, and by the user-space library's users).
 */
#include "msg.h"

/**
 * lis_msg_init() - create the message caches and start the bufcall machinery.
 *
 * Return: 0 or -ENOMEM. Process context (module init); may sleep.
 */
int lis_msg_init(void)
{
	int err;

	lis_memtrack_init();
	err = lis_alloc_init();
	if (err)
		return err;
	lis_bufcall_init();
	return 0;
}

static void lis_msg_report_line(void *arg, const char *text)
{
	(void)arg;
	lis_log(LIS_LOG_ERR, "  held: %s\n", text);
}

/**
 * lis_msg_exit() - stop the bufcall machinery, report what is still held, destroy the caches.
 *
 * Anything still allocated is reported as "streams: N allocations (B bytes) still held at
 * unload", followed by the tracked list when memtrack was on; the caches are then kept, so that
 * a late freeb() cannot corrupt memory. Process context (module exit); may sleep.
 */
void lis_msg_exit(void)
{
	long count, bytes;

	lis_bufcall_exit();
	lis_alloc_quiesce();
	count = lis_mem_in_use(&bytes);
	if (count) {
		lis_log(LIS_LOG_ERR, "%ld allocations (%ld bytes) still held at unload\n",
			count, bytes);
		lis_mem_report(lis_msg_report_line, NULL);
	}
	lis_alloc_exit(count != 0);
}
