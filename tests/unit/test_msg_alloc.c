// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Host unit tests of msg/alloc.c: allocb at every size class boundary, allocation failure,
 * esballoc/desballoc free routines, dupb sharing and its limit, freeb/freemsg.
 */
#include "lis_unit.h"

LIS_MSG_FIXTURE(alloc);

/* Check the fields of a fresh block and that its whole buffer is writable. */
static void check_fresh(struct __test_metadata *_metadata, mblk_t *mp, size_t size)
{
	dblk_t *dp;

	ASSERT_NE(NULL, mp);
	dp = mp->b_datap;
	EXPECT_EQ(mp->b_rptr, dp->db_base);
	EXPECT_EQ(mp->b_wptr, dp->db_base);
	EXPECT_GE((size_t)(dp->db_lim - dp->db_base), size);
	EXPECT_EQ(M_DATA, dp->db_type);
	EXPECT_EQ(0, mp->b_band);
	EXPECT_EQ(0, mp->b_flag);
	EXPECT_EQ(1, dp->db_ref);
	EXPECT_EQ(NULL, mp->b_cont);
	EXPECT_EQ(NULL, mp->b_next);
	EXPECT_EQ(NULL, mp->b_prev);
	EXPECT_EQ(NULL, dp->db_frtnp);
	EXPECT_EQ(mp, dp->db_lis_mblk);
	EXPECT_EQ(0, ((uintptr_t)dp->db_base) & 7);
	memset(dp->db_base, 0xa5, size);
	mp->b_wptr += size;
	EXPECT_EQ(size, MBLKL(mp));
}

TEST_F(alloc, sizes)
{
	static const size_t sizes[] = {
		0, 1, 79, 80, 81, 847, 848, 849, 1871, 1872, 1873, 2048, 4096, 65536,
	};
	long count, bytes;
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		mblk_t *mp = allocb(sizes[i], BPRI_MED);

		check_fresh(_metadata, mp, sizes[i]);
		count = lis_mem_in_use(&bytes);
		EXPECT_GE(count, 1);
		EXPECT_GE(bytes, (long)sizes[i]);
		freeb(mp);
		EXPECT_EQ(0, lis_mem_in_use(&bytes));
		EXPECT_EQ(0, bytes);
	}
}

TEST_F(alloc, size_classes_differ)
{
	/* the three inline classes and the separate buffer each account differently */
	mblk_t *a = allocb(80, 0), *b = allocb(81, 0), *c = allocb(849, 0), *d = allocb(1873, 0);
	long bytes;

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_NE(NULL, c);
	ASSERT_NE(NULL, d);
	EXPECT_NE(a->b_datap->db_lis_cache, b->b_datap->db_lis_cache);
	EXPECT_NE(b->b_datap->db_lis_cache, c->b_datap->db_lis_cache);
	EXPECT_NE(c->b_datap->db_lis_cache, d->b_datap->db_lis_cache);
	EXPECT_EQ(5, lis_mem_in_use(&bytes));	/* d is a header plus a buffer */
	EXPECT_EQ(256 + 1024 + 2048 + 176 + 1873, bytes);
	freeb(a);
	freeb(b);
	freeb(c);
	freeb(d);
}

TEST_F(alloc, failure_injection)
{
	static const size_t sizes[] = { 0, 64, 1000, 1872, 4096, 65536 };
	unsigned char buf[16];
	frtn_t fr = { 0 };
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		lis_port_fail_allocs = 1;
		EXPECT_EQ(NULL, allocb(sizes[i], BPRI_HI));
		EXPECT_EQ(0, lis_port_fail_allocs);
		EXPECT_EQ(0, lis_mem_in_use(NULL));
	}
	lis_port_fail_allocs = 1;
	EXPECT_EQ(NULL, esballoc(buf, sizeof(buf), 0, &fr));
	EXPECT_EQ(0, lis_mem_in_use(NULL));
	/* the second allocation of a large block (its buffer) fails: the header goes back */
	{
		mblk_t *mp = allocb(10, 0);

		ASSERT_NE(NULL, mp);
		lis_port_fail_allocs = 1;
		EXPECT_EQ(NULL, dupb(mp));
		EXPECT_EQ(1, mp->b_datap->db_ref);
		freeb(mp);
	}
	EXPECT_EQ(0, lis_mem_in_use(NULL));
	/* and allocation works again */
	freeb(allocb(100, 0));
}

static int freed_count;
static char *freed_arg;

static void count_free(caddr_t arg)
{
	freed_count++;
	freed_arg = arg;
}

TEST_F(alloc, esballoc_free_once)
{
	unsigned char buf[100];
	frtn_t fr = { count_free, (caddr_t)buf };
	mblk_t *mp;

	freed_count = 0;
	mp = esballoc(buf, sizeof(buf), BPRI_MED, &fr);
	ASSERT_NE(NULL, mp);
	EXPECT_EQ(&buf[0], mp->b_rptr);
	EXPECT_EQ(&buf[0], mp->b_wptr);
	EXPECT_EQ(&buf[0] + sizeof(buf), mp->b_datap->db_lim);
	EXPECT_EQ(&fr, mp->b_datap->db_frtnp);
	EXPECT_EQ(M_DATA, mp->b_datap->db_type);
	freeb(mp);
	EXPECT_EQ(1, freed_count);
	EXPECT_EQ((char *)buf, freed_arg);
}

TEST_F(alloc, esballoc_dup_free_original_first)
{
	unsigned char buf[10];
	frtn_t fr = { count_free, NULL };
	mblk_t *mp, *dp;

	freed_count = 0;
	mp = esballoc(buf, sizeof(buf), 0, &fr);
	ASSERT_NE(NULL, mp);
	dp = dupb(mp);
	ASSERT_NE(NULL, dp);
	EXPECT_EQ(2, mp->b_datap->db_ref);
	freeb(mp);
	EXPECT_EQ(0, freed_count);
	EXPECT_EQ(1, dp->b_datap->db_ref);
	freeb(dp);
	EXPECT_EQ(1, freed_count);
}

TEST_F(alloc, esballoc_dup_free_dup_first)
{
	unsigned char buf[10];
	frtn_t fr = { count_free, NULL };
	mblk_t *mp, *dp;

	freed_count = 0;
	mp = esballoc(buf, sizeof(buf), 0, &fr);
	ASSERT_NE(NULL, mp);
	dp = dupb(mp);
	ASSERT_NE(NULL, dp);
	freeb(dp);
	EXPECT_EQ(0, freed_count);
	freeb(mp);
	EXPECT_EQ(1, freed_count);
}

TEST_F(alloc, desballoc_free_once)
{
	unsigned char buf[10];
	frtn_t fr = { count_free, (caddr_t)&fr };
	mblk_t *mp, *d1, *d2;

	freed_count = 0;
	mp = desballoc(buf, sizeof(buf), 0, &fr);
	ASSERT_NE(NULL, mp);
	d1 = dupb(mp);
	d2 = dupb(d1);
	ASSERT_NE(NULL, d2);
	EXPECT_EQ(3, mp->b_datap->db_ref);
	freeb(d1);
	freeb(mp);
	EXPECT_EQ(0, freed_count);
	freeb(d2);
	EXPECT_EQ(1, freed_count);
	EXPECT_EQ((char *)&fr, freed_arg);
}

TEST_F(alloc, esballoc_null_frtn)
{
	unsigned char buf[10];

	EXPECT_EQ(NULL, esballoc(buf, sizeof(buf), 0, NULL));
}

TEST_F(alloc, dupb_shares)
{
	mblk_t *mp = allocb(32, 0), *dp;

	ASSERT_NE(NULL, mp);
	memcpy(mp->b_wptr, "hello", 5);
	mp->b_wptr += 5;
	mp->b_band = 3;
	mp->b_flag = MSGDELIM;
	mp->b_cont = allocb(1, 0);
	dp = dupb(mp);
	ASSERT_NE(NULL, dp);
	EXPECT_NE(mp, dp);
	EXPECT_EQ(mp->b_datap, dp->b_datap);
	EXPECT_EQ(mp->b_rptr, dp->b_rptr);
	EXPECT_EQ(mp->b_wptr, dp->b_wptr);
	EXPECT_EQ(3, dp->b_band);
	EXPECT_EQ(MSGDELIM, dp->b_flag);
	EXPECT_EQ(NULL, dp->b_cont);
	EXPECT_EQ(2, DB_REF(mp));
	/* the data is shared */
	dp->b_rptr[0] = 'j';
	EXPECT_EQ('j', mp->b_rptr[0]);
	/* free the original first: the embedded mblk goes, the block stays for the dup */
	freemsg(mp);
	EXPECT_EQ(1, DB_REF(dp));
	EXPECT_EQ(0, memcmp(dp->b_rptr, "jello", 5));
	freeb(dp);
}

TEST_F(alloc, dupb_limit_255)
{
	mblk_t *mp = allocb(8, 0), *dups[255];
	int i;

	ASSERT_NE(NULL, mp);
	for (i = 0; i < 254; i++) {
		dups[i] = dupb(mp);
		ASSERT_NE(NULL, dups[i]);
	}
	EXPECT_EQ(255, DB_REF(mp));
	EXPECT_EQ(NULL, dupb(mp));
	EXPECT_EQ(NULL, dupb(dups[100]));
	EXPECT_EQ(255, DB_REF(mp));
	freeb(mp);
	dups[254] = dupb(dups[0]);
	EXPECT_NE(NULL, dups[254]);
	for (i = 0; i < 255; i++)
		freeb(dups[i]);
}

TEST_F(alloc, freemsg_chain_and_null)
{
	mblk_t *mp = allocb(10, 0);
	int i;

	ASSERT_NE(NULL, mp);
	for (i = 0; i < 10; i++)
		linkb(mp, allocb(i * 300, 0));
	EXPECT_EQ(11, lis_mem_in_use(NULL) - 3);	/* blocks over 1872 bytes count twice */
	freemsg(mp);
	freemsg(NULL);
}

/* Blocks handed between threads: refcounts and accounting stay exact. */
struct xfer {
	mblk_t *slot[64];
	int stop;
};

static void *producer(void *p)
{
	struct xfer *x = p;
	int i, n;

	for (n = 0; n < 20000; n++) {
		i = n % 64;
		mblk_t *mp = allocb((size_t)(n % 3000), 0), *old;

		if (!mp)
			continue;
		old = __atomic_exchange_n(&x->slot[i], dupb(mp), __ATOMIC_ACQ_REL);
		freeb(mp);
		if (old)
			freeb(old);
	}
	return NULL;
}

TEST_F(alloc, threads)
{
	struct xfer x = { { 0 } };
	pthread_t t[4];
	int i;

	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, producer, &x));
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < 64; i++)
		if (x.slot[i])
			freeb(x.slot[i]);
}

TEST_HARNESS_MAIN
