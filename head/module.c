// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * streams.ko: module load and unload. Brings up the message core, the service threads, the
 * character devices, /proc/streams and the built-in drivers, and takes them down in reverse.
 * Audience: head/.
 */
#include <linux/module.h>
#include "registry.h"
#include "../drivers/builtin.h"

static struct list_head lis_pipe_streams;

static int __init lis_init(void)
{
	int err;

	err = lis_msg_init();
	if (err) {
		pr_err("streams: message caches: error %d\n", err);
		return err;
	}
	err = lis_runq_init();
	if (err) {
		pr_err("streams: service threads: error %d\n", err);
		goto out_msg;
	}
	err = lis_devices_init();
	if (err) {
		pr_err("streams: character devices: error %d\n", err);
		goto out_runq;
	}
	err = lis_proc_init();
	if (err) {
		pr_err("streams: /proc/streams: error %d\n", err);
		goto out_devices;
	}
	err = lis_builtin_register();	/* drivers/Config, modules/Config (lis-config's tables) */
	if (err)
		goto out_proc;
	INIT_LIST_HEAD(&lis_pipe_streams);
	lis_pipe_modsw.priv = &lis_pipe_streams;
	err = lis_register_driver(&lis_pipe_modsw);
	if (err)
		goto out_builtin;
	err = lis_fattach_init();
	if (err) {
		pr_err("streams: streamfs (fattach): error %d\n", err);
		goto out_pipe;
	}
	pr_info("streams: LiS STREAMS loaded\n");
	return 0;

out_pipe:
	lis_unregister_driver(&lis_pipe_modsw);
out_builtin:
	lis_builtin_unregister();
out_proc:
	lis_proc_exit();
out_devices:
	lis_devices_exit();
out_runq:
	lis_runq_exit();
out_msg:
	lis_msg_exit();
	return err;
}

static void __exit lis_exit(void)
{
	lis_fattach_exit();
	WARN_ON(lis_unregister_driver(&lis_pipe_modsw));
	lis_builtin_unregister();
	lis_proc_exit();
	lis_devices_exit();
	lis_runq_exit();
	lis_msg_exit();
	pr_info("streams: LiS STREAMS unloaded\n");
}

module_init(lis_init);
module_exit(lis_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LiS: SVR4 STREAMS for Linux");
MODULE_VERSION("0.1");
