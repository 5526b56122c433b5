// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Host unit tests of msg/msgutil.c: dupmsg, copyb/copymsg independence, linkb/unlinkb/rmvb,
 * pullupmsg and msgpullup, adjmsg, msgdsize/msgsize, datamsg, mkiocb.
 */
#include "lis_unit.h"

LIS_MSG_FIXTURE(util);

/* A block of @type holding the string @s (no NUL). */
static mblk_t *mkblk(unsigned char type, const char *s)
{
	size_t n = strlen(s);
	mblk_t *mp = allocb(n, BPRI_MED);

	if (mp) {
		mp->b_datap->db_type = type;
		memcpy(mp->b_wptr, s, n);
		mp->b_wptr += n;
	}
	return mp;
}

/* A message of M_DATA blocks "abc" "defgh" "ij" (10 bytes). */
static mblk_t *three(void)
{
	mblk_t *mp = mkblk(M_DATA, "abc");

	linkb(mp, mkblk(M_DATA, "defgh"));
	linkb(mp, mkblk(M_DATA, "ij"));
	return mp;
}

/* The bytes of a message, for comparisons. */
static const char *flat(const mblk_t *mp)
{
	static char buf[256];
	size_t n = 0;

	for (; mp; mp = mp->b_cont) {
		memcpy(buf + n, mp->b_rptr, MBLKL(mp));
		n += MBLKL(mp);
	}
	buf[n] = 0;
	return buf;
}

static int nblocks(const mblk_t *mp)
{
	int n = 0;

	for (; mp; mp = mp->b_cont)
		n++;
	return n;
}

TEST_F(util, dupmsg_shares_every_block)
{
	mblk_t *mp = three(), *dp = dupmsg(mp), *a, *b;

	ASSERT_NE(NULL, dp);
	for (a = mp, b = dp; a; a = a->b_cont, b = b->b_cont) {
		ASSERT_NE(NULL, b);
		EXPECT_EQ(a->b_datap, b->b_datap);
		EXPECT_EQ(2, DB_REF(a));
	}
	EXPECT_EQ(NULL, b);
	freemsg(mp);
	EXPECT_STREQ("abcdefghij", flat(dp));
	freemsg(dp);
}

TEST_F(util, dupmsg_failure_frees_partial)
{
	mblk_t *mp = three(), *dups[254];
	int i;

	/* the third block's dblk is at the 255 limit: its dupb fails, the first two go back */
	for (i = 0; i < 254; i++)
		dups[i] = dupb(mp->b_cont->b_cont);
	EXPECT_EQ(NULL, dupmsg(mp));
	EXPECT_EQ(1, DB_REF(mp));
	EXPECT_EQ(1, DB_REF(mp->b_cont));
	for (i = 0; i < 254; i++)
		freeb(dups[i]);
	lis_port_fail_allocs = 1;		/* and a plain allocation failure */
	EXPECT_EQ(NULL, dupmsg(mp));
	freemsg(mp);
}

TEST_F(util, copyb_is_independent)
{
	mblk_t *mp = allocb(100, 0), *cp;

	ASSERT_NE(NULL, mp);
	mp->b_rptr += 10;
	mp->b_wptr = mp->b_rptr;
	memcpy(mp->b_wptr, "payload", 7);
	mp->b_wptr += 7;
	mp->b_datap->db_type = M_PROTO;
	mp->b_band = 5;
	mp->b_flag = MSGMARK;
	cp = copyb(mp);
	ASSERT_NE(NULL, cp);
	EXPECT_NE(mp->b_datap, cp->b_datap);
	EXPECT_EQ(1, DB_REF(cp));
	EXPECT_EQ(M_PROTO, DB_TYPE(cp));
	EXPECT_EQ(5, cp->b_band);
	EXPECT_EQ(MSGMARK, cp->b_flag);
	EXPECT_EQ(7, MBLKL(cp));
	EXPECT_EQ(10, MBLKHEAD(cp));		/* same headroom */
	EXPECT_GE(MBLKSIZE(cp), MBLKSIZE(mp));
	EXPECT_EQ(0, memcmp(cp->b_rptr, "payload", 7));
	mp->b_rptr[0] = 'X';
	EXPECT_EQ('p', cp->b_rptr[0]);
	freeb(mp);
	freeb(cp);
}

TEST_F(util, copyb_large_and_esballoc)
{
	static unsigned char ext[5000];
	frtn_t fr = { (void (*)(caddr_t))free, NULL };
	mblk_t *mp = allocb(4000, 0), *cp, *ep, *ecp;

	ASSERT_NE(NULL, mp);
	memset(mp->b_wptr, 'z', 4000);
	mp->b_wptr += 4000;
	cp = copyb(mp);
	ASSERT_NE(NULL, cp);
	EXPECT_EQ(4000, MBLKL(cp));
	EXPECT_EQ('z', cp->b_rptr[3999]);
	fr.free_func = NULL;	/* no free routine needed for a static buffer */
	ep = esballoc(ext, sizeof(ext), 0, &fr);
	ASSERT_NE(NULL, ep);
	ep->b_wptr += 10;
	ecp = copyb(ep);	/* the copy is an ordinary block */
	ASSERT_NE(NULL, ecp);
	EXPECT_EQ(NULL, ecp->b_datap->db_frtnp);
	EXPECT_EQ(10, MBLKL(ecp));
	freeb(mp);
	freeb(cp);
	freeb(ep);
	freeb(ecp);
}

TEST_F(util, copymsg_keeps_types_bands_flags)
{
	mblk_t *mp = mkblk(M_PROTO, "ctl"), *cp, *a, *b;

	linkb(mp, mkblk(M_DATA, "data1"));
	linkb(mp, mkblk(M_DATA, "data2"));
	mp->b_band = 2;
	mp->b_cont->b_flag = MSGDELIM;
	cp = copymsg(mp);
	ASSERT_NE(NULL, cp);
	for (a = mp, b = cp; a; a = a->b_cont, b = b->b_cont) {
		ASSERT_NE(NULL, b);
		EXPECT_NE(a->b_datap, b->b_datap);
		EXPECT_EQ(DB_TYPE(a), DB_TYPE(b));
		EXPECT_EQ(a->b_band, b->b_band);
		EXPECT_EQ(a->b_flag, b->b_flag);
		EXPECT_EQ(MBLKL(a), MBLKL(b));
	}
	freemsg(mp);
	EXPECT_STREQ("ctldata1data2", flat(cp));
	freemsg(cp);
}

TEST_F(util, copymsg_failure_frees_partial)
{
	mblk_t *mp = three();

	lis_port_fail_allocs = 1;
	EXPECT_EQ(NULL, copymsg(mp));
	lis_port_fail_allocs = 0;
	freemsg(mp);
}

TEST_F(util, linkb_unlinkb)
{
	mblk_t *a = mkblk(M_DATA, "a"), *b = mkblk(M_DATA, "b"), *c = mkblk(M_DATA, "c"), *rest;

	linkb(a, b);
	linkb(a, c);
	EXPECT_EQ(b, a->b_cont);
	EXPECT_EQ(c, b->b_cont);
	EXPECT_STREQ("abc", flat(a));
	rest = unlinkb(a);
	EXPECT_EQ(b, rest);
	EXPECT_EQ(NULL, a->b_cont);
	EXPECT_EQ(NULL, unlinkb(a));
	freeb(a);
	freemsg(rest);
}

TEST_F(util, rmvb)
{
	mblk_t *mp = three(), *b2 = mp->b_cont, *b3 = b2->b_cont, *other = mkblk(M_DATA, "x");

	EXPECT_EQ((mblk_t *)-1, rmvb(mp, other));
	EXPECT_EQ(mp, rmvb(mp, b2));		/* middle */
	EXPECT_EQ(NULL, b2->b_cont);
	EXPECT_EQ(b3, mp->b_cont);
	EXPECT_EQ(mp, rmvb(mp, b3));		/* last */
	EXPECT_EQ(NULL, mp->b_cont);
	linkb(mp, b3);
	EXPECT_EQ(b3, rmvb(mp, mp));		/* first: the rest is the new head */
	EXPECT_EQ(NULL, mp->b_cont);
	EXPECT_EQ(NULL, rmvb(mp, mp));		/* only block */
	EXPECT_EQ((mblk_t *)-1, rmvb(b3, b2));
	freeb(mp);
	freeb(b2);
	freeb(b3);
	freeb(other);
}

TEST_F(util, pullupmsg_across_three_blocks)
{
	mblk_t *mp = three(), *second;

	EXPECT_EQ(1, pullupmsg(mp, 7));
	EXPECT_EQ(7, MBLKL(mp));
	EXPECT_EQ(0, memcmp(mp->b_rptr, "abcdefg", 7));
	/* "defgh" was partly consumed: "h" stays, then "ij" */
	second = mp->b_cont;
	ASSERT_NE(NULL, second);
	EXPECT_EQ(1, MBLKL(second));
	EXPECT_EQ('h', second->b_rptr[0]);
	EXPECT_STREQ("abcdefghij", flat(mp));
	EXPECT_EQ(3, nblocks(mp));
	EXPECT_EQ(10, msgdsize(mp));
	freemsg(mp);
}

TEST_F(util, pullupmsg_exact_block_end_frees_it)
{
	mblk_t *mp = three();

	EXPECT_EQ(1, pullupmsg(mp, 8));
	EXPECT_EQ(2, nblocks(mp));		/* "defgh" fully consumed and freed */
	EXPECT_STREQ("abcdefghij", flat(mp));
	freemsg(mp);
}

TEST_F(util, pullupmsg_all)
{
	mblk_t *mp = three();

	EXPECT_EQ(1, pullupmsg(mp, -1));
	EXPECT_EQ(1, nblocks(mp));
	EXPECT_EQ(10, MBLKL(mp));
	EXPECT_STREQ("abcdefghij", flat(mp));
	freemsg(mp);
}

TEST_F(util, pullupmsg_stops_at_type_change)
{
	mblk_t *mp = mkblk(M_PROTO, "pr");

	linkb(mp, mkblk(M_PROTO, "oto"));
	linkb(mp, mkblk(M_DATA, "data"));
	mp->b_band = 4;
	EXPECT_EQ(0, pullupmsg(mp, 6));		/* only 5 bytes of M_PROTO */
	EXPECT_EQ(3, nblocks(mp));
	EXPECT_EQ(1, pullupmsg(mp, -1));
	EXPECT_EQ(2, nblocks(mp));
	EXPECT_EQ(M_PROTO, DB_TYPE(mp));
	EXPECT_EQ(4, mp->b_band);
	EXPECT_EQ(5, MBLKL(mp));
	EXPECT_EQ(M_DATA, DB_TYPE(mp->b_cont));
	EXPECT_STREQ("protodata", flat(mp));
	freemsg(mp);
}

TEST_F(util, pullupmsg_too_short_and_noop)
{
	mblk_t *mp = three();
	dblk_t *dp = mp->b_datap;

	EXPECT_EQ(0, pullupmsg(mp, 11));
	EXPECT_EQ(0, pullupmsg(mp, -2));
	EXPECT_EQ(dp, mp->b_datap);
	EXPECT_EQ(1, pullupmsg(mp, 3));		/* already contiguous and aligned */
	EXPECT_EQ(dp, mp->b_datap);
	EXPECT_EQ(1, pullupmsg(mp, 0));
	lis_port_fail_allocs = 1;
	EXPECT_EQ(0, pullupmsg(mp, 5));		/* no memory: unchanged */
	EXPECT_EQ(dp, mp->b_datap);
	EXPECT_STREQ("abcdefghij", flat(mp));
	freemsg(mp);
}

TEST_F(util, pullupmsg_misaligned_first_block)
{
	mblk_t *mp = three();

	mp->b_rptr++;				/* "bc", misaligned */
	EXPECT_EQ(1, pullupmsg(mp, 1));
	EXPECT_EQ(0, ((uintptr_t)mp->b_rptr) & 3);
	EXPECT_STREQ("bcdefghij", flat(mp));
	freemsg(mp);
}

TEST_F(util, pullupmsg_shared_and_dup_blocks)
{
	/* pull up a message whose first block's dblk is shared, and a dupb'd head */
	mblk_t *mp = three(), *keep = dupb(mp), *dmp;

	ASSERT_NE(NULL, keep);
	EXPECT_EQ(1, pullupmsg(mp, -1));
	EXPECT_EQ(1, DB_REF(keep));		/* mp let go of the old dblk */
	EXPECT_EQ(0, memcmp(keep->b_rptr, "abc", 3));
	freemsg(mp);				/* mp's memory lives in keep's block: still fine */
	EXPECT_EQ(0, memcmp(keep->b_rptr, "abc", 3));
	dmp = dupb(keep);
	linkb(dmp, mkblk(M_DATA, "xyz"));
	EXPECT_EQ(1, pullupmsg(dmp, 5));
	EXPECT_STREQ("abcxyz", flat(dmp));
	freeb(keep);
	freemsg(dmp);
}

TEST_F(util, msgpullup)
{
	mblk_t *mp = three(), *np;

	np = msgpullup(mp, 4);
	ASSERT_NE(NULL, np);
	EXPECT_EQ(4, MBLKL(np));
	EXPECT_EQ(0, memcmp(np->b_rptr, "abcd", 4));
	EXPECT_STREQ("abcdefghij", flat(np));
	EXPECT_EQ(3, nblocks(np));		/* "abcd", "efgh", "ij" */
	EXPECT_STREQ("abcdefghij", flat(mp));	/* the original is unaltered */
	EXPECT_EQ(3, nblocks(mp));
	EXPECT_EQ(1, DB_REF(mp));
	np->b_cont->b_rptr[0] = 'E';
	EXPECT_STREQ("abcdefghij", flat(mp));	/* copies, not shared */
	freemsg(np);
	np = msgpullup(mp, -1);
	ASSERT_NE(NULL, np);
	EXPECT_EQ(1, nblocks(np));
	EXPECT_STREQ("abcdefghij", flat(np));
	freemsg(np);
	EXPECT_EQ(NULL, msgpullup(mp, 11));
	lis_port_fail_allocs = 1;
	EXPECT_EQ(NULL, msgpullup(mp, 4));
	lis_port_fail_allocs = 0;
	freemsg(mp);
}

TEST_F(util, msgpullup_type_run)
{
	mblk_t *mp = mkblk(M_PROTO, "ab"), *np;

	linkb(mp, mkblk(M_PROTO, "cd"));
	linkb(mp, mkblk(M_DATA, "ef"));
	EXPECT_EQ(NULL, msgpullup(mp, 5));
	np = msgpullup(mp, -1);
	ASSERT_NE(NULL, np);
	EXPECT_EQ(2, nblocks(np));
	EXPECT_EQ(M_PROTO, DB_TYPE(np));
	EXPECT_EQ(M_DATA, DB_TYPE(np->b_cont));
	EXPECT_STREQ("abcdef", flat(np));
	freemsg(np);
	freemsg(mp);
}

TEST_F(util, adjmsg_head)
{
	mblk_t *mp = three();

	EXPECT_EQ(1, adjmsg(mp, 4));
	EXPECT_STREQ("efghij", flat(mp));
	EXPECT_EQ(0, MBLKL(mp));		/* emptied blocks stay */
	EXPECT_EQ(3, nblocks(mp));
	EXPECT_EQ(1, adjmsg(mp, 6));
	EXPECT_EQ(0, msgdsize(mp));
	EXPECT_EQ(0, adjmsg(mp, 1));
	freemsg(mp);
}

TEST_F(util, adjmsg_tail)
{
	mblk_t *mp = three();

	EXPECT_EQ(1, adjmsg(mp, -3));
	EXPECT_STREQ("abcdefg", flat(mp));
	EXPECT_EQ(0, MBLKL(mp->b_cont->b_cont));
	EXPECT_EQ(1, adjmsg(mp, -5));
	EXPECT_STREQ("ab", flat(mp));
	EXPECT_EQ(1, adjmsg(mp, 0));
	freemsg(mp);
}

TEST_F(util, adjmsg_too_long_and_type_run)
{
	mblk_t *mp = three(), *pp;

	EXPECT_EQ(0, adjmsg(mp, 11));
	EXPECT_EQ(0, adjmsg(mp, -11));
	EXPECT_STREQ("abcdefghij", flat(mp));
	freemsg(mp);
	pp = mkblk(M_PROTO, "head");
	linkb(pp, mkblk(M_DATA, "tail"));
	EXPECT_EQ(0, adjmsg(pp, 5));		/* only the M_PROTO run counts */
	EXPECT_EQ(0, adjmsg(pp, -5));
	EXPECT_EQ(1, adjmsg(pp, -2));		/* trims the end of the run, not of the message */
	EXPECT_STREQ("hetail", flat(pp));
	freemsg(pp);
}

TEST_F(util, msgdsize_vs_msgsize)
{
	mblk_t *mp = mkblk(M_PROTO, "12345");

	linkb(mp, mkblk(M_DATA, "abc"));
	linkb(mp, mkblk(M_PCPROTO, "xy"));
	linkb(mp, mkblk(M_DATA, "defg"));
	EXPECT_EQ(7, msgdsize(mp));
	EXPECT_EQ(14, msgsize(mp));
	EXPECT_EQ(0, msgdsize(mp->b_cont->b_cont->b_cont->b_cont));
	freemsg(mp);
}

TEST_F(util, datamsg_every_type)
{
	int t, ndata = 0;

	for (t = 0; t < 256; t++) {
		int expect = t == M_DATA || t == M_PROTO || t == M_PCPROTO || t == M_DELAY;

		EXPECT_EQ(expect, datamsg((unsigned char)t));
		ndata += datamsg((unsigned char)t);
	}
	EXPECT_EQ(4, ndata);
	EXPECT_EQ(0, datamsg(M_IOCTL));
	EXPECT_EQ(0, datamsg(M_CTL));
	EXPECT_EQ(0, datamsg(M_FLUSH));
	EXPECT_EQ(0, datamsg(M_PCSIG));
}

TEST_F(util, mkiocb)
{
	mblk_t *a = mkiocb(0x5301), *b = mkiocb(0x5302);
	struct iocblk *ia, *ib;

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	EXPECT_EQ(M_IOCTL, DB_TYPE(a));
	EXPECT_EQ(sizeof(struct iocblk), MBLKL(a));
	EXPECT_GE(MBLKSIZE(a), sizeof(union ioctypes));
	ia = (struct iocblk *)a->b_rptr;
	ib = (struct iocblk *)b->b_rptr;
	EXPECT_EQ(0x5301, ia->ioc_cmd);
	EXPECT_EQ(0x5302, ib->ioc_cmd);
	EXPECT_NE(0, ia->ioc_id);
	EXPECT_NE(ia->ioc_id, ib->ioc_id);
	EXPECT_NE(NULL, ia->ioc_cr);
	EXPECT_EQ(0, ia->ioc_cr->cr_uid);
	EXPECT_EQ(0, ia->ioc_count);
	EXPECT_EQ(IOC_NATIVE, ia->ioc_flag);
	EXPECT_EQ(0, ia->ioc_rval);
	EXPECT_EQ(0, ia->ioc_error);
	EXPECT_EQ(NULL, a->b_cont);
	freemsg(a);
	freemsg(b);
	lis_port_fail_allocs = 1;
	EXPECT_EQ(NULL, mkiocb(1));
}

TEST_HARNESS_MAIN
