// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fattach(3)/fdetach(3): naming a stream in the file system. streams.ko registers a tiny file
 * system, "streamfs", whose every mount has one inode, its root, standing for one stream:
 * libstreams' fattach(fd, path) mounts it over path with the option fd=<fd>, and opening path
 * afterwards opens that stream (as a re-open: the same queues, another open file); fdetach(path)
 * unmounts it. The mount holds the stream's file, so the stream lives while it is attached.
 * (The same idea as the namefs of SVR4/illumos.) Audience: head/ (Linux VFS glue).
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/module.h>
#include "head.h"

#define LIS_STREAMFS_MAGIC	0x4c695346	/* "LiSF" */

/**
 * lis_is_attached_inode() - is @inode the root of a streamfs mount (an attached stream)?
 * @inode: the inode being opened
 *
 * Return: the attached stream's file, or NULL. Context: any.
 */
struct file *lis_is_attached_inode(struct inode *inode)
{
	return inode->i_sb->s_magic == LIS_STREAMFS_MAGIC ? inode->i_private : NULL;
}

static int lis_fs_parse_param(struct fs_context *fc, struct fs_parameter *param)
{
	struct file *f;
	int fd;

	if (strcmp(param->key, "fd"))
		return -ENOPARAM;	/* "source" and friends: the VFS handles them */
	if (param->type != fs_value_is_string || kstrtoint(param->string, 10, &fd))
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (f->f_op != &lis_fops ||
	    (READ_ONCE(((struct stdata *)f->private_data)->sd_flag) & (STR_LINKED | STR_PLINK))) {
		fput(f);
		return -EINVAL;	/* not a stream, or one linked under a multiplexor */
	}
	if (fc->fs_private)
		fput(fc->fs_private);
	fc->fs_private = f;
	return 0;
}

static const struct super_operations lis_fs_sops = {
	.statfs = simple_statfs,
	.drop_inode = generic_delete_inode,
};

static int lis_fs_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct inode *inode;

	sb->s_magic = LIS_STREAMFS_MAGIC;
	sb->s_op = &lis_fs_sops;
	inode = new_inode(sb);
	if (!inode)
		return -ENOMEM;
	inode->i_ino = 1;
	inode->i_mode = S_IFREG | 0666;
	inode->i_fop = &lis_fops;
	inode->i_private = fc->fs_private;
	sb->s_fs_info = fc->fs_private;
	fc->fs_private = NULL;	/* the superblock holds the stream's file now */
	sb->s_root = d_make_root(inode);
	return sb->s_root ? 0 : -ENOMEM;
}

static int lis_fs_get_tree(struct fs_context *fc)
{
	if (!fc->fs_private)
		return -EINVAL;	/* fattach always says which stream */
	return get_tree_nodev(fc, lis_fs_fill_super);
}

static void lis_fs_free(struct fs_context *fc)
{
	if (fc->fs_private)
		fput(fc->fs_private);
}

static const struct fs_context_operations lis_fs_context_ops = {
	.parse_param = lis_fs_parse_param,
	.get_tree = lis_fs_get_tree,
	.free = lis_fs_free,
};

static int lis_fs_init_fs_context(struct fs_context *fc)
{
	fc->ops = &lis_fs_context_ops;
	return 0;
}

static void lis_fs_kill_sb(struct super_block *sb)
{
	struct file *f = sb->s_fs_info;

	kill_anon_super(sb);
	if (f)
		fput(f);	/* detached: the stream may close now */
}

static struct file_system_type lis_streamfs = {
	.owner = THIS_MODULE,
	.name = "streamfs",
	.init_fs_context = lis_fs_init_fs_context,
	.kill_sb = lis_fs_kill_sb,
};

/**
 * lis_fattach_init() - register streamfs. Return: 0 or a negative errno. Context: module init.
 */
int lis_fattach_init(void)
{
	return register_filesystem(&lis_streamfs);
}

/**
 * lis_fattach_exit() - unregister streamfs. Context: module exit.
 */
void lis_fattach_exit(void)
{
	unregister_filesystem(&lis_streamfs);
}
