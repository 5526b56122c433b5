// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/streams: what the `streams` utility and the tests read. Audience: head/.
 *   memory: "in-use <allocations> <bytes>", then one line per tracked allocation.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "head.h"

static struct proc_dir_entry *lis_proc_dir;

static void lis_proc_line(void *arg, const char *text)
{
	seq_printf(arg, "%s\n", text);
}

static int lis_proc_memory_show(struct seq_file *m, void *v)
{
	long bytes = 0, count = lis_mem_in_use(&bytes);

	seq_printf(m, "in-use %ld %ld\n", count, bytes);
	lis_mem_report(lis_proc_line, m);
	return 0;
}

/**
 * lis_proc_init() - create /proc/streams and its files. Context: module init.
 */
int lis_proc_init(void)
{
	lis_proc_dir = proc_mkdir("streams", NULL);
	if (!lis_proc_dir)
		return -ENOMEM;
	if (!proc_create_single("memory", 0444, lis_proc_dir, lis_proc_memory_show)) {
		proc_remove(lis_proc_dir);
		return -ENOMEM;
	}
	return 0;
}

/**
 * lis_proc_exit() - remove /proc/streams. Context: module exit.
 */
void lis_proc_exit(void)
{
	proc_remove(lis_proc_dir);
}
