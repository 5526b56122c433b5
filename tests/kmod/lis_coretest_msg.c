// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lis_coretest.ko: cases of the message core (msg/): allocb sizes, esballoc/desballoc free
 * routines (process, softirq and hard-irq frees), dupb sharing, copies, pullupmsg/msgpullup
 * across blocks, adjmsg. Audience: the test rig.
 */
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "lis_coretest.h"

/* Sizes around the inline classes of msg/alloc.c (80, 848, 1872) and beyond. */
static const size_t ct_sizes[] = { 0, 1, 64, 80, 81, 848, 849, 1872, 1873, 4096, 65536 };

/* allocb every size, fill it to the last byte, free it; 0 or the failing size + 1. */
static size_t ct_alloc_sizes(void)
{
	size_t i, sz;
	mblk_t *mp;

	for (i = 0; i < ARRAY_SIZE(ct_sizes); i++) {
		sz = ct_sizes[i];
		mp = allocb(sz, BPRI_MED);
		if (!mp || mp->b_rptr != mp->b_wptr || mp->b_rptr != DB_BASE(mp) ||
		    MBLKSIZE(mp) < sz || DB_TYPE(mp) != M_DATA || DB_REF(mp) != 1 ||
		    mp->b_cont || mp->b_band || mp->b_datap->db_frtnp) {
			if (mp)
				freeb(mp);
			return sz + 1;
		}
		memset(mp->b_wptr, 0xa5, sz);	/* KASAN: the whole size is ours */
		mp->b_wptr += sz;
		if (msgdsize(mp) != sz) {
			freeb(mp);
			return sz + 1;
		}
		freeb(mp);
	}
	return 0;
}

static void ct_alloc_soft(void *arg)
{
	*(size_t *)arg = ct_alloc_sizes();
}

int ct_alloc(void)
{
	long base = lis_mem_in_use(NULL);
	size_t bad, soft = 1;
	mblk_t *mp;

	bad = ct_alloc_sizes();
	CT_EXPECT(bad == 0, "allocb(%zu) in process context: wrong block", bad - 1);
	ct_call_softirq(ct_alloc_soft, &soft);
	CT_EXPECT(soft == 0, "allocb(%zu) in softirq: wrong block", soft - 1);
	ct_call_hardirq(ct_alloc_soft, &soft);
	CT_EXPECT(soft == 0, "allocb(%zu) in %s irq: wrong block", soft - 1, ct_hardirq_name);

	mp = allocb(100, BPRI_HI);
	CT_ASSERT(mp, "allocb(100) failed");
	CT_EXPECT(lis_mem_in_use(NULL) > base, "in-use %ld with a block held, %ld before",
		  lis_mem_in_use(NULL), base);
	freeb(mp);
	CT_EXPECT(testb(100, BPRI_MED) == 1, "testb(100)");
	CT_EXPECT(datamsg(M_DATA) && datamsg(M_PROTO) && datamsg(M_PCPROTO) && datamsg(M_DELAY),
		  "datamsg of the data types");
	CT_EXPECT(!datamsg(M_CTL) && !datamsg(M_IOCTL) && !datamsg(M_FLUSH), "datamsg of others");
out:
	return ct_why_set() ? -1 : 0;
}

/* ---------------------------------------------------------------- esballoc */

static struct {
	atomic_t calls;
	int in_hard;			/* a free routine ran in hard irq */
	void *arg;			/* the argument it got */
} ct_esb;

static unsigned char ct_esb_buf[64];
static int ct_esb_tag;

static void ct_esb_free(caddr_t arg)
{
	if (in_hardirq())
		ct_esb.in_hard = 1;
	ct_esb.arg = arg;
	atomic_inc(&ct_esb.calls);
}

static frtn_t ct_esb_frtn = { ct_esb_free, (caddr_t)&ct_esb_tag };

/* Free a message; report how many free routines ran by the time freemsg returned. */
struct ct_esb_free_call {
	mblk_t *mp;
	int calls_after;
};

static void ct_esb_free_fn(void *arg)
{
	struct ct_esb_free_call *c = arg;

	freemsg(c->mp);
	c->calls_after = atomic_read(&ct_esb.calls);
}

int ct_esballoc(void)
{
	struct ct_esb_free_call c = { 0 };
	mblk_t *mp, *dp;

	memset(&ct_esb, 0, sizeof(ct_esb));
	mp = esballoc(ct_esb_buf, sizeof(ct_esb_buf), BPRI_MED, &ct_esb_frtn);
	CT_ASSERT(mp, "esballoc failed");
	CT_EXPECT(DB_BASE(mp) == ct_esb_buf && mp->b_rptr == ct_esb_buf &&
		  mp->b_wptr == ct_esb_buf && MBLKSIZE(mp) == sizeof(ct_esb_buf),
		  "esballoc block does not describe the caller's buffer");
	dp = dupb(mp);
	CT_ASSERT(dp, "dupb of an esballoc block failed");
	freeb(mp);
	CT_EXPECT(atomic_read(&ct_esb.calls) == 0, "free routine ran with a reference left");
	freeb(dp);
	CT_EXPECT(atomic_read(&ct_esb.calls) == 1, "free routine calls %d after the last freeb",
		  atomic_read(&ct_esb.calls));
	CT_EXPECT(ct_esb.arg == (void *)&ct_esb_tag, "free routine got arg %p", ct_esb.arg);

	/* from softirq: called exactly once */
	c.mp = esballoc(ct_esb_buf, sizeof(ct_esb_buf), BPRI_MED, &ct_esb_frtn);
	CT_ASSERT(c.mp, "esballoc failed");
	ct_call_softirq(ct_esb_free_fn, &c);
	CT_EXPECT(ct_wait_for(atomic_read(&ct_esb.calls) >= 2, 1000), "no free routine in 1 s");
	msleep(20);
	CT_EXPECT(atomic_read(&ct_esb.calls) == 2, "calls %d, expected 2 (softirq free)",
		  atomic_read(&ct_esb.calls));

	/* from hard irq: called exactly once, and not in hard irq (deferred) */
	c.mp = esballoc(ct_esb_buf, sizeof(ct_esb_buf), BPRI_MED, &ct_esb_frtn);
	CT_ASSERT(c.mp, "esballoc failed");
	ct_call_hardirq(ct_esb_free_fn, &c);
	CT_EXPECT(ct_wait_for(atomic_read(&ct_esb.calls) >= 3, 1000), "no free routine in 1 s");
	msleep(20);
	CT_EXPECT(atomic_read(&ct_esb.calls) == 3, "calls %d, expected 3 (%s irq free)",
		  atomic_read(&ct_esb.calls), ct_hardirq_name);
	CT_EXPECT(!ct_esb.in_hard, "esballoc free routine called in hard irq");

	/* desballoc from softirq: called by the freer itself, before freeb returns */
	c.mp = desballoc(ct_esb_buf, sizeof(ct_esb_buf), BPRI_MED, &ct_esb_frtn);
	CT_ASSERT(c.mp, "desballoc failed");
	ct_call_softirq(ct_esb_free_fn, &c);
	CT_EXPECT(c.calls_after == 4, "desballoc: %d calls when freeb returned, expected 4",
		  c.calls_after);
	msleep(20);
	CT_EXPECT(atomic_read(&ct_esb.calls) == 4, "calls %d, expected 4",
		  atomic_read(&ct_esb.calls));
out:
	return ct_why_set() ? -1 : 0;
}

/* ---------------------------------------------------------------- dupb, copies */

/* A message of @n blocks of @len bytes each, filled 'a', 'b', ...; NULL if allocb failed. */
static mblk_t *ct_chain(int n, size_t len)
{
	mblk_t *head = NULL, *bp;
	int i;

	for (i = 0; i < n; i++) {
		bp = ct_data(len, (unsigned char)('a' + i), 0);
		if (!bp) {
			freemsg(head);
			return NULL;
		}
		if (head)
			linkb(head, bp);
		else
			head = bp;
	}
	return head;
}

/* Two messages carry the same bytes (over blocks of any shape). */
static bool ct_same_bytes(const mblk_t *a, const mblk_t *b)
{
	const unsigned char *pa = a ? a->b_rptr : NULL, *pb = b ? b->b_rptr : NULL;

	for (;;) {
		while (a && pa == a->b_wptr && (a = a->b_cont))
			pa = a->b_rptr;
		while (b && pb == b->b_wptr && (b = b->b_cont))
			pb = b->b_rptr;
		if (!a || !b)
			return !a && !b;
		if (*pa++ != *pb++)
			return false;
	}
}

static int ct_nblocks(const mblk_t *mp)
{
	int n = 0;

	for (; mp; mp = mp->b_cont)
		n++;
	return n;
}

static void ct_free_list(mblk_t *mp)
{
	mblk_t *next;

	for (; mp; mp = next) {
		next = mp->b_next;
		mp->b_next = NULL;
		freeb(mp);
	}
}

int ct_dupb(void)
{
	mblk_t *mp, *dp = NULL, *m3 = NULL, *c3 = NULL, *list = NULL;
	int i;

	mp = ct_data(100, 'a', 3);
	CT_ASSERT(mp, "allocb failed");
	dp = dupb(mp);
	CT_ASSERT(dp && dp != mp, "dupb failed");
	CT_EXPECT(dp->b_datap == mp->b_datap && DB_REF(mp) == 2, "db_ref %u", DB_REF(mp));
	CT_EXPECT(dp->b_rptr == mp->b_rptr && dp->b_wptr == mp->b_wptr && dp->b_band == 3,
		  "dupb copies pointers and band");
	mp->b_rptr[0] = 'X';
	CT_EXPECT(dp->b_rptr[0] == 'X', "data not shared");
	dp->b_rptr += 10;
	CT_EXPECT(MBLKL(mp) == 100 && MBLKL(dp) == 90, "pointers not private: %zu %zu",
		  MBLKL(mp), MBLKL(dp));
	freeb(mp);
	mp = NULL;
	CT_EXPECT(DB_REF(dp) == 1 && dp->b_rptr[89] == 'a', "dup after freeb of the original");

	m3 = ct_chain(3, 50);
	CT_ASSERT(m3, "allocb failed");
	m3->b_datap->db_type = M_PROTO;
	freemsg(dp);
	dp = dupmsg(m3);
	CT_ASSERT(dp, "dupmsg failed");
	CT_EXPECT(dp->b_cont && dp->b_cont->b_datap == m3->b_cont->b_datap &&
		  DB_REF(m3->b_cont->b_cont) == 2 && DB_TYPE(dp) == M_PROTO, "dupmsg shares all");
	c3 = copymsg(m3);
	CT_ASSERT(c3, "copymsg failed");
	CT_EXPECT(c3->b_datap != m3->b_datap && DB_REF(c3) == 1 && DB_TYPE(c3) == M_PROTO &&
		  ct_same_bytes(c3, m3) && ct_nblocks(c3) == 3, "copymsg: a private equal copy");
	c3->b_cont->b_rptr[0] = 'Z';
	CT_EXPECT(m3->b_cont->b_rptr[0] == 'b', "copymsg shares data");
	freemsg(m3);
	m3 = NULL;
	CT_EXPECT(DB_REF(dp) == 1 && DB_TYPE(dp) == M_PROTO && msgdsize(dp) == 100 &&
		  dp->b_cont->b_rptr[0] == 'b', "dupmsg after freeing the original");
	freemsg(c3);
	c3 = copyb(dp);
	CT_ASSERT(c3, "copyb failed");
	CT_EXPECT(!c3->b_cont && MBLKL(c3) == 50 && c3->b_datap != dp->b_datap,
		  "copyb copies one block");

	/* db_ref stops at 255 (the Solaris limit): dupb then fails */
	for (i = 0; i < 254; i++) {
		mblk_t *d = dupb(c3);

		CT_ASSERT(d, "dupb number %d failed (db_ref %u)", i + 1, DB_REF(c3));
		d->b_next = list;
		list = d;
	}
	CT_EXPECT(DB_REF(c3) == 255, "db_ref %u", DB_REF(c3));
	mp = dupb(c3);
	CT_EXPECT(!mp, "dupb beyond db_ref 255 succeeded");
out:
	ct_free_list(list);
	freemsg(mp);
	freemsg(dp);
	freemsg(m3);
	freemsg(c3);
	return ct_why_set() ? -1 : 0;
}

/* ---------------------------------------------------------------- pullup, adjmsg */

/* A message of the bytes of @s (one block per '|'-separated part). */
static mblk_t *ct_msg_of(const char *s)
{
	mblk_t *head = NULL, *bp;
	size_t n;

	for (;;) {
		n = strcspn(s, "|");
		bp = allocb(n, BPRI_MED);
		if (!bp) {
			freemsg(head);
			return NULL;
		}
		memcpy(bp->b_wptr, s, n);
		bp->b_wptr += n;
		if (head)
			linkb(head, bp);
		else
			head = bp;
		if (!s[n])
			return head;
		s += n + 1;
	}
}

/* The message holds exactly the bytes of @s. */
static bool ct_msg_is(const mblk_t *mp, const char *s)
{
	mblk_t *ref = ct_msg_of(s);
	bool same = ref && ct_same_bytes(mp, ref);

	freemsg(ref);
	return same;
}

int ct_pullup(void)
{
	mblk_t *m = NULL, *p = NULL, *other = NULL;

	m = ct_msg_of("abcde|fghijkl|mnopqrstu");
	CT_ASSERT(m && msgdsize(m) == 21, "building a 3-block message");
	CT_EXPECT(pullupmsg(m, 8) == 1, "pullupmsg(8)");
	CT_EXPECT(MBLKL(m) >= 8 && !memcmp(m->b_rptr, "abcdefgh", 8), "first block %zu bytes",
		  MBLKL(m));
	CT_EXPECT(ct_msg_is(m, "abcdefghijklmnopqrstu"), "pullupmsg(8) changed the data");
	CT_EXPECT(pullupmsg(m, 22) == 0 && ct_msg_is(m, "abcdefghijklmnopqrstu"),
		  "pullupmsg beyond the data must fail and change nothing");
	CT_EXPECT(pullupmsg(m, -1) == 1 && !m->b_cont && MBLKL(m) == 21 &&
		  ((unsigned long)m->b_rptr & (sizeof(int) - 1)) == 0, "pullupmsg(-1): %d blocks",
		  ct_nblocks(m));
	CT_EXPECT(ct_msg_is(m, "abcdefghijklmnopqrstu"), "pullupmsg(-1) changed the data");
	freemsg(m);

	/* a shared (dupb) block in the middle: its other holder keeps its data */
	other = ct_msg_of("zz|defg|hi");
	m = ct_msg_of("abc");
	CT_ASSERT(m && other, "allocb failed");
	p = dupb(other->b_cont);
	CT_ASSERT(p, "dupb failed");
	linkb(m, p);
	p = NULL;
	CT_EXPECT(pullupmsg(m, -1) == 1 && ct_msg_is(m, "abcdefg"), "pullup over a shared block");
	CT_EXPECT(ct_msg_is(other, "zzdefghi") && DB_REF(other->b_cont) == 1,
		  "the shared block's other holder changed (db_ref %u)", DB_REF(other->b_cont));
	freemsg(m);
	freemsg(other);
	other = NULL;

	/* only the leading run of one type is pulled up */
	m = ct_msg_of("prot|datadata");
	CT_ASSERT(m, "allocb failed");
	DB_TYPE(m) = M_PROTO;
	CT_EXPECT(pullupmsg(m, 6) == 0, "pullupmsg across a type change must fail");
	CT_EXPECT(pullupmsg(m, -1) == 1 && MBLKL(m) == 4 && m->b_cont &&
		  MBLKL(m->b_cont) == 8, "pullupmsg(-1) stops at the type change");
	freemsg(m);

	m = ct_msg_of("ab|cdefg|hijk");
	CT_ASSERT(m, "allocb failed");
	p = msgpullup(m, 5);
	CT_ASSERT(p, "msgpullup(5) failed");
	CT_EXPECT(MBLKL(p) >= 5 && !memcmp(p->b_rptr, "abcde", 5) && ct_msg_is(p, "abcdefghijk"),
		  "msgpullup(5) data");
	CT_EXPECT(ct_nblocks(m) == 3 && ct_msg_is(m, "abcdefghijk"), "msgpullup changed the original");
	freemsg(p);
	p = NULL;

	/* adjmsg: trim the head across blocks, then the tail, refuse too much */
	CT_EXPECT(adjmsg(m, 3) == 1 && ct_msg_is(m, "defghijk"), "adjmsg(3)");
	CT_EXPECT(adjmsg(m, -5) == 1 && ct_msg_is(m, "def"), "adjmsg(-5)");
	CT_EXPECT(adjmsg(m, 4) == 0 && ct_msg_is(m, "def"), "adjmsg beyond the data must fail");
	CT_EXPECT(adjmsg(m, -4) == 0 && ct_msg_is(m, "def"), "adjmsg(-4) beyond the data");
	CT_EXPECT(adjmsg(m, -3) == 1 && msgdsize(m) == 0, "adjmsg(-3) to empty");
out:
	freemsg(m);
	freemsg(p);
	freemsg(other);
	return ct_why_set() ? -1 : 0;
}
