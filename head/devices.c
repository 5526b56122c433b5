// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Character devices and nodes. Audience: head/ (Linux VFS glue).
 *
 * One char region named "streams" covers every STREAMS device. Linux minor M selects:
 *   M < 256:  the clone node of the driver whose internal major is M (/dev/streams/NAME);
 *   M >= 256: minor (M % 256) of the driver with internal major (M / 256) (/dev/streams/NAME.N).
 * Nodes are made by the "streams" device class through devtmpfs ('!' in a device name is a
 * directory separator there), so udev sees them too.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/module.h>
#include "head.h"

static dev_t lis_devt;
static struct cdev lis_cdev;
static struct class *lis_class;

#define LIS_LINUX_MINORS	((LIS_MAXDRV + 1) * LIS_NODE_MINORS)

static char *lis_devnode(LIS_DEVNODE_CONST struct device *dev, umode_t *mode)
{
	if (mode)
		*mode = 0666;
	return NULL;	/* default name: "streams!x" becomes streams/x */
}

/**
 * lis_nodes_create() - create /dev/streams/NAME and /dev/streams/NAME.1 .. NAME.nminors.
 * @msw: the driver (its major is set)
 * Return: 0 or a negative errno (nothing is left behind on failure). Context: process.
 */
int lis_nodes_create(struct lis_modsw *msw)
{
	struct device *d;
	int m;

	if (msw->nminors >= LIS_NODE_MINORS)
		return -EINVAL;
	d = device_create(lis_class, NULL, MKDEV(MAJOR(lis_devt), msw->major), NULL,
			  "streams!%s", msw->name);
	if (IS_ERR(d))
		return PTR_ERR(d);
	for (m = 1; m <= msw->nminors; m++) {
		d = device_create(lis_class, NULL,
				  MKDEV(MAJOR(lis_devt), msw->major * LIS_NODE_MINORS + m),
				  NULL, "streams!%s.%d", msw->name, m);
		if (IS_ERR(d)) {
			msw->nminors = m - 1;
			lis_nodes_remove(msw);
			return PTR_ERR(d);
		}
	}
	return 0;
}

/**
 * lis_nodes_remove() - remove the nodes lis_nodes_create() made.
 * @msw: the driver
 *
 * Context: process.
 */
void lis_nodes_remove(struct lis_modsw *msw)
{
	int m;

	for (m = 1; m <= msw->nminors; m++)
		device_destroy(lis_class,
			       MKDEV(MAJOR(lis_devt), msw->major * LIS_NODE_MINORS + m));
	device_destroy(lis_class, MKDEV(MAJOR(lis_devt), msw->major));
}

/**
 * lis_devices_init() - register the char region, the cdev and the device class.
 * Return: 0 or a negative errno. Context: module init.
 */
int lis_devices_init(void)
{
	int err;

	err = alloc_chrdev_region(&lis_devt, 0, LIS_LINUX_MINORS, "streams");
	if (err)
		return err;
	cdev_init(&lis_cdev, &lis_fops);
	lis_cdev.owner = THIS_MODULE;
	err = cdev_add(&lis_cdev, lis_devt, LIS_LINUX_MINORS);
	if (err)
		goto out_region;
	lis_class = lis_class_create("streams");
	if (IS_ERR(lis_class)) {
		err = PTR_ERR(lis_class);
		goto out_cdev;
	}
	lis_class->devnode = lis_devnode;
	return 0;

out_cdev:
	cdev_del(&lis_cdev);
out_region:
	unregister_chrdev_region(lis_devt, LIS_LINUX_MINORS);
	return err;
}

/**
 * lis_devices_exit() - undo lis_devices_init(). Context: module exit.
 */
void lis_devices_exit(void)
{
	class_destroy(lis_class);
	cdev_del(&lis_cdev);
	unregister_chrdev_region(lis_devt, LIS_LINUX_MINORS);
}
