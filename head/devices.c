// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Character devices and nodes. Audience: head/ (Linux VFS glue).
 *
 * One char region named "streams" covers every STREAMS device. Linux minor M selects:
 *   M < 256:  the clone node of the driver whose internal major is M (/dev/streams/NAME);
 *   M >= 256: minor (M % 256) of the driver with internal major (M / 256) (/dev/streams/NAME.N).
 * Nodes are made by the "streams" device class through devtmpfs ('!' in a device name is a
 * directory separator there), so udev sees them too; each node's mode, owner and group come
 * from the driver's Config (struct lis_strnode) through the node device type's devnode.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "registry.h"

static dev_t lis_devt;
static struct cdev lis_cdev;
static struct class *lis_class;

#define LIS_LINUX_MINORS	((LIS_MAXDRV + 1) * LIS_NODE_MINORS)

/*
 * /dev/streams/clone: the SVR4 clone driver. Its minor numbers are the internal majors of the
 * drivers it clones (minor M opens driver M with CLONEOPEN), so a node made the SVR4 way,
 * mknod NAME c <streams major> <driver major>, is a clone node; minor 0 itself names no driver.
 */
static const struct lis_strnode lis_clone_node = { .name = "clone", .minor = 0, .mode = 0666 };
static struct device *lis_clone_dev;

/* Mode, owner and group of a node, from its Config entry (dev's drvdata). */
static char *lis_node_devnode(LIS_DEVNODE_CONST struct device *dev, umode_t *mode, kuid_t *uid,
			      kgid_t *gid)
{
	const struct lis_strnode *nd = dev_get_drvdata(dev);

	if (mode)
		*mode = nd->mode & 07777;
	if (uid)
		*uid = make_kuid(&init_user_ns, nd->uid);
	if (gid)
		*gid = make_kgid(&init_user_ns, nd->gid);
	return NULL;	/* default name: "streams!x" becomes streams/x */
}

static const struct device_type lis_node_type = {
	.name = "streams-node",
	.devnode = lis_node_devnode,
};

static void lis_node_release(struct device *dev)
{
	kfree(dev);
}

/* Make the device (and so the devtmpfs node) for node @nd of the driver with major @major. */
static struct device *lis_node_add(const struct lis_strnode *nd, int major)
{
	struct device *dev;
	int err;

	if (nd->minor < 0 || nd->minor >= LIS_NODE_MINORS)
		return ERR_PTR(-EINVAL);
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	device_initialize(dev);
	dev->devt = MKDEV(MAJOR(lis_devt), nd->minor ? major * LIS_NODE_MINORS + nd->minor : major);
	dev->class = lis_class;
	dev->type = &lis_node_type;
	dev->release = lis_node_release;
	dev_set_drvdata(dev, (void *)nd);
	err = dev_set_name(dev, "streams!%s", nd->name);
	if (!err)
		err = device_add(dev);
	if (err) {
		put_device(dev);
		return ERR_PTR(err);
	}
	return dev;
}

/**
 * lis_nodes_create() - create the device nodes of a driver's Config under /dev/streams/.
 * @msw: the driver (its major is set)
 * Return: 0 or a negative errno (nothing is left behind on failure). Context: process.
 */
int lis_nodes_create(struct lis_modsw *msw)
{
	struct lis_drvent *de = lis_drvent_of(msw);
	const struct lis_strdev_conf *c = de->conf;
	struct device *d;
	int i;

	de->devs = kcalloc(c->nnodes ?: 1, sizeof(*de->devs), GFP_KERNEL);
	if (!de->devs)
		return -ENOMEM;
	for (i = 0; i < c->nnodes; i++) {
		d = lis_node_add(&c->nodes[i], msw->major);
		if (IS_ERR(d)) {
			lis_nodes_remove(msw);
			return PTR_ERR(d);
		}
		de->devs[i] = d;
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
	struct lis_drvent *de = lis_drvent_of(msw);
	int i;

	if (!de->devs)
		return;
	for (i = de->conf->nnodes - 1; i >= 0; i--)
		if (de->devs[i])
			device_unregister(de->devs[i]);
	kfree(de->devs);
	de->devs = NULL;
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
	lis_clone_dev = lis_node_add(&lis_clone_node, 0);
	if (IS_ERR(lis_clone_dev)) {
		err = PTR_ERR(lis_clone_dev);
		goto out_class;
	}
	return 0;

out_class:
	class_destroy(lis_class);
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
	device_unregister(lis_clone_dev);
	class_destroy(lis_class);
	cdev_del(&lis_cdev);
	unregister_chrdev_region(lis_devt, LIS_LINUX_MINORS);
}
