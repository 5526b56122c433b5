// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /proc/streams: what the `streams` utility and the tests read. Audience: head/.
 *   memory:  "in-use <allocations> <bytes>", then one line per tracked allocation.
 *   modules: one line per registered driver ("driver NAME major M minors N flags 0xF users U")
 *            and module ("module NAME flags 0xF users U"); users: open streams / instances.
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

static void lis_proc_modsw_line(void *arg, struct lis_modsw *msw, int driver)
{
	if (driver)
		seq_printf(arg, "driver %s major %d minors %d flags 0x%x users %d\n", msw->name,
			   msw->major, msw->nminors, msw->flags, atomic_read(&msw->refs));
	else
		seq_printf(arg, "module %s flags 0x%x users %d\n", msw->name, msw->flags,
			   atomic_read(&msw->refs));
}

static int lis_proc_modules_show(struct seq_file *m, void *v)
{
	lis_modsw_foreach(lis_proc_modsw_line, m);
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
	if (!proc_create_single("memory", 0444, lis_proc_dir, lis_proc_memory_show) ||
	    !proc_create_single("modules", 0444, lis_proc_dir, lis_proc_modules_show)) {
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
