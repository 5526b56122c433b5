// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * 32-bit programs on the 64-bit kernel: the streamio structures that hold pointers (or longs)
 * have another layout there, and are converted here to the native ones. Every other command
 * (and every transparent ioctl, whose modules see IOC_ILP32 in ioc_flag) goes through as is.
 * Audience: head/ (Linux VFS glue).
 */
#include <linux/compat.h>
#include <linux/uaccess.h>
#include "head.h"

struct strbuf32 {
	int maxlen;
	int len;
	compat_uptr_t buf;
};

struct strioctl32 {
	int ic_cmd;
	int ic_timout;
	int ic_len;
	compat_uptr_t ic_dp;
};

struct strpeek32 {
	struct strbuf32 ctlbuf;
	struct strbuf32 databuf;
	compat_ulong_t flags;
};

struct str_list32 {
	int sl_nmods;
	compat_uptr_t sl_modlist;
};

struct strfdinsert32 {
	struct strbuf32 ctlbuf;
	struct strbuf32 databuf;
	compat_ulong_t flags;
	int fildes;
	int offset;
};

struct strpmsg32 {
	struct strbuf32 ctlbuf;
	struct strbuf32 databuf;
	int band;
	int flags;
};

static void lis_sb_in(struct strbuf *sb, const struct strbuf32 *s32)
{
	sb->maxlen = s32->maxlen;
	sb->len = s32->len;
	sb->buf = (char __force *)compat_ptr(s32->buf);
}

static void lis_sb_out(struct strbuf32 *s32, const struct strbuf *sb)
{
	s32->maxlen = sb->maxlen;
	s32->len = sb->len;
}

static long lis_compat_str(struct stdata *sd, void __user *up)
{
	struct strioctl32 __user *u32 = up;
	struct strioctl32 s32;
	struct strioctl sio;
	long ret;

	if (copy_from_user(&s32, u32, sizeof(s32)))
		return -EFAULT;
	sio.ic_cmd = s32.ic_cmd;
	sio.ic_timout = s32.ic_timout;
	sio.ic_len = s32.ic_len;
	sio.ic_dp = (char __force *)compat_ptr(s32.ic_dp);
	ret = lis_i_str(sd, &sio);
	if (ret >= 0 && put_user(sio.ic_len, &u32->ic_len))
		return -EFAULT;
	return ret;
}

static long lis_compat_peek(struct stdata *sd, void __user *up)
{
	struct strpeek32 p32;
	struct strpeek sp;
	long ret;

	if (copy_from_user(&p32, up, sizeof(p32)))
		return -EFAULT;
	lis_sb_in(&sp.ctlbuf, &p32.ctlbuf);
	lis_sb_in(&sp.databuf, &p32.databuf);
	sp.flags = p32.flags;
	ret = lis_strpeek(sd, &sp);
	if (ret != 1)
		return ret;
	lis_sb_out(&p32.ctlbuf, &sp.ctlbuf);
	lis_sb_out(&p32.databuf, &sp.databuf);
	p32.flags = sp.flags;
	return copy_to_user(up, &p32, sizeof(p32)) ? -EFAULT : 1;
}

static long lis_compat_list(struct stdata *sd, void __user *up)
{
	struct str_list32 __user *u32 = up;
	struct str_list32 l32;
	int nmods;
	long ret;

	if (copy_from_user(&l32, u32, sizeof(l32)))
		return -EFAULT;
	nmods = l32.sl_nmods;
	if (mutex_lock_interruptible(&sd->sd_plumb))
		return -ERESTARTSYS;
	ret = lis_i_list(sd, compat_ptr(l32.sl_modlist), &nmods);
	mutex_unlock(&sd->sd_plumb);
	if (!ret && put_user(nmods, &u32->sl_nmods))
		return -EFAULT;
	return ret;
}

static long lis_compat_pmsg(struct stdata *sd, struct file *file, unsigned int cmd,
			    void __user *up)
{
	struct strpmsg32 m32;
	struct strpmsg pm;
	long ret;

	if (copy_from_user(&m32, up, sizeof(m32)))
		return -EFAULT;
	lis_sb_in(&pm.ctlbuf, &m32.ctlbuf);
	lis_sb_in(&pm.databuf, &m32.databuf);
	pm.band = m32.band;
	pm.flags = m32.flags;
	if (cmd == I_LIS_PUTPMSG)
		return lis_strputpmsg(sd, file, &pm);
	ret = lis_strgetpmsg(sd, file, &pm);
	if (ret < 0)
		return ret;
	lis_sb_out(&m32.ctlbuf, &pm.ctlbuf);
	lis_sb_out(&m32.databuf, &pm.databuf);
	m32.band = pm.band;
	m32.flags = pm.flags;
	return copy_to_user(up, &m32, sizeof(m32)) ? -EFAULT : ret;
}

static long lis_compat_fdinsert(struct stdata *sd, struct file *file, void __user *up)
{
	struct strfdinsert32 f32;
	struct strfdinsert fi;

	if (copy_from_user(&f32, up, sizeof(f32)))
		return -EFAULT;
	lis_sb_in(&fi.ctlbuf, &f32.ctlbuf);
	lis_sb_in(&fi.databuf, &f32.databuf);
	fi.flags = f32.flags;
	fi.fildes = f32.fildes;
	fi.offset = f32.offset;
	return lis_i_fdinsert(sd, file, &fi);
}

/**
 * lis_compat_ioctl() - ioctl(2) from a 32-bit program.
 * @file: the open stream
 * @cmd: the command
 * @arg: its argument, a 32-bit user pointer or value
 *
 * Return: the command's value or a negative errno. Context: process; may sleep.
 */
long lis_compat_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct stdata *sd = file->private_data;
	void __user *up = compat_ptr(arg);

	switch (cmd) {
	case I_STR:
		return lis_compat_str(sd, up);
	case I_PEEK:
		return lis_compat_peek(sd, up);
	case I_LIST:
		return arg ? lis_compat_list(sd, up) : lis_strioctl(sd, file, cmd, 0);
	case I_LIS_PUTPMSG:
	case I_LIS_GETPMSG:
		return lis_compat_pmsg(sd, file, cmd, up);
	case I_FDINSERT:
		return lis_compat_fdinsert(sd, file, up);
	}
	return lis_strioctl(sd, file, cmd, (unsigned long)up);
}
