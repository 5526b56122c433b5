// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A concurrent stress test of sched/: several threads put down and up a stream of four modules
 * of every concurrency kind (D_MP, legacy, D_MTQPAIR, D_MTPERQ), with service procedures, small
 * water marks (so flow control and back-enabling work hard), band and high-priority messages,
 * replies turned around at the driver, and a thread enabling queues at random. At the end every
 * message arrived exactly once, in order per sender and band, and no memory is held.
 */
#include <pthread.h>
#include "lis_sched_unit.h"

LIS_SCHED_FIXTURE(st);

#define NPROD	3		/* threads putting down from the head */
#define PER	1500		/* messages each */
#define NUP	800		/* messages put up from the driver by one more thread */
#define CLASSES	3		/* band 0, band 1, high priority */

static int down_seen, up_seen, looped, order_errors;
static pthread_mutex_t sink_lock = PTHREAD_MUTEX_INITIALIZER;
static int last_seq[NPROD][CLASSES];
static volatile int stop_enabler;

/* Message layout: [0] sender, [1] class, [2..5] sequence number. */
static mblk_t *s_msg(int sender, int cls, int seq)
{
	unsigned char type = cls == 2 ? M_PCPROTO : M_DATA;
	mblk_t *mp = t_msg(16 + (seq % 5) * 24, cls == 1 ? 1 : 0, type, sender);

	if (mp) {
		mp->b_rptr[1] = (unsigned char)cls;
		memcpy(mp->b_rptr + 2, &seq, sizeof(seq));
	}
	return mp;
}

static int drv_wput(queue_t *q, mblk_t *mp)
{
	int sender = mp->b_rptr[0], cls = mp->b_rptr[1], seq;

	memcpy(&seq, mp->b_rptr + 2, sizeof(seq));
	pthread_mutex_lock(&sink_lock);
	if (sender < NPROD && cls < CLASSES) {
		if (seq <= last_seq[sender][cls])
			order_errors++;
		last_seq[sender][cls] = seq;
	} else {
		order_errors++;
	}
	pthread_mutex_unlock(&sink_lock);
	T_INC(&down_seen);
	if (seq % 10 == 0) {
		mp->b_rptr[0] = 99;		/* turned around: counts up */
		T_INC(&looped);
		qreply(q, mp);
	} else {
		freemsg(mp);
	}
	return 0;
}

static int head_rput(queue_t *q, mblk_t *mp)
{
	T_INC(&up_seen);
	freemsg(mp);
	return 0;
}

static struct tmod head, m1, m2, m3, m4, drv;
static struct tstream s;

static void *producer(void *arg)
{
	int id = (int)(long)arg, i, cls;
	int seq[CLASSES] = { 0 };

	for (i = 0; i < PER; i++) {
		cls = i % 23 == 0 ? 2 : i % 3 == 0 ? 1 : 0;
		putnext(TW(&s, 0), s_msg(id, cls, ++seq[cls]));
		if (i % 100 == 0)
			lis_usleep(100);
	}
	return NULL;
}

static void *up_producer(void *arg)
{
	int i;

	for (i = 0; i < NUP; i++) {
		putnext(TR(&s, s.n - 1), t_msg(32, i % 4 == 0, M_DATA, 98));
		if (i % 100 == 0)
			lis_usleep(100);
	}
	return NULL;
}

static void *enabler(void *arg)
{
	unsigned int r = 1;

	while (!stop_enabler) {
		r = r * 1103515245 + 12345;
		qenable((r >> 8) & 1 ? TW(&s, (r >> 9) % s.n) : TR(&s, (r >> 9) % s.n));
		if ((r >> 4) % 16 == 0)
			lis_usleep(50);
	}
	return NULL;
}

TEST_F(st, four_module_stream)
{
	struct tmod *mods[5] = { &m1, &m2, &m3, &m4, &drv };
	pthread_t prod[NPROD], up, en;
	int i;

	T_SET(&down_seen, 0);
	T_SET(&up_seen, 0);
	T_SET(&looped, 0);
	order_errors = 0;
	memset(last_seq, 0, sizeof(last_seq));
	stop_enabler = 0;
	tmod_init(&head, "head", D_MP, head_rput, NULL, t_passput, NULL, 0, 0);
	tmod_init(&m1, "m1-mp", D_MP, t_putq, t_passsrv, t_putq, t_passsrv, 4096, 1024);
	tmod_init(&m2, "m2-legacy", 0, t_passput, NULL, t_putq, t_passsrv, 512, 128);
	tmod_init(&m3, "m3-qpair", D_MP | D_MTQPAIR, t_putq, t_passsrv, t_putq, t_passsrv,
		  1024, 256);
	tmod_init(&m4, "m4-perq", D_MP | D_MTPERQ, t_passput, NULL, t_passput, NULL, 1024, 256);
	tmod_init(&drv, "drv", D_MP, t_passput, NULL, drv_wput, NULL, 1024, 256);
	ASSERT_EQ(0, tstream_build(&s, &head, mods, 5));

	pthread_create(&en, NULL, enabler, NULL);
	pthread_create(&up, NULL, up_producer, NULL);
	for (i = 0; i < NPROD; i++)
		pthread_create(&prod[i], NULL, producer, (void *)(long)i);
	for (i = 0; i < NPROD; i++)
		pthread_join(prod[i], NULL);
	pthread_join(up, NULL);
	EXPECT_TRUE(lis_unit_wait(T_GET(&down_seen) == NPROD * PER, 30000));
	EXPECT_TRUE(lis_unit_wait(T_GET(&up_seen) == NUP + T_GET(&looped), 30000));
	stop_enabler = 1;
	pthread_join(en, NULL);
	EXPECT_EQ(NPROD * PER, T_GET(&down_seen));
	EXPECT_EQ(NUP + T_GET(&looped), T_GET(&up_seen));
	EXPECT_EQ(0, order_errors);
	for (i = 1; i < s.n; i++) {
		EXPECT_EQ(0, qsize(TW(&s, i)));
		EXPECT_EQ(0, qsize(TR(&s, i)));
	}
	EXPECT_GT(m2.wstat.ms_scnt, 0);
	tstream_free(&s);
	/* the fixture checks that lis_mem_in_use() is back to 0 */
}

TEST_HARNESS_MAIN
