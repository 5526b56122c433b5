// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * head/user/port_user.c: the user-space home of the port layer (the out-of-line half of
 * <lis/port-user.h>), on pthreads. Audience: framework private; it is what lets msg/, sched/ and a
 * module's own source run in an ordinary process (the host unit tests, a module author's gdb).
 *
 *  memory    malloc/calloc, with fault injection: while lis_port_fail_allocs > 0, each
 *            allocation decrements it and fails (tests set it to exercise allocation failures).
 *  threads   pthreads; lis_thread_should_stop() reads the calling thread's stop flag through a
 *            thread-local pointer; lis_thread_stop() sets it, wakes the wait queue the thread
 *            sleeps on (the wait macros record it) and joins, like kthread_stop().
 *  CPUs      lis_port_ncpus() is the number of service threads: $LIS_NCPUS, default 2. A port
 *            thread started for CPU n reports n; any other thread the CPU it runs on, modulo.
 *  timers    one timer thread, started at the first lis_timer_arm(), keeps the pending timers
 *            on a list sorted by expiry and runs each callback with no lock held.
 *  time      lis_ticks() counts milliseconds since the process started (LIS_HZ 1000).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <time.h>
#include <lis/port.h>

int lis_port_fail_allocs;
__thread int lis_port_signal_pending;
pthread_rwlock_t lis_port_rcu = PTHREAD_RWLOCK_INITIALIZER;

/* ---------------------------------------------------------------- locks and memory */

void lis_port_mutex_init(pthread_mutex_t *m)
{
	pthread_mutex_init(m, NULL);
}

/* Consume one injected failure, if any is left. */
static int lis_port_should_fail(void)
{
	int n = __atomic_load_n(&lis_port_fail_allocs, __ATOMIC_RELAXED);

	while (n > 0) {
		if (__atomic_compare_exchange_n(&lis_port_fail_allocs, &n, n - 1, 0,
						__ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			return 1;
	}
	return 0;
}

void *lis_port_alloc_impl(size_t size, int zero)
{
	if (lis_port_should_fail())
		return NULL;
	if (!size)
		size = 1;
	return zero ? calloc(1, size) : malloc(size);
}

lis_cache_t *lis_cache_create(const char *name, size_t size)
{
	lis_cache_t *c = malloc(sizeof(*c));

	if (!c)
		return NULL;
	c->size = size;
	snprintf(c->name, sizeof(c->name), "%s", name);
	return c;
}

/* ---------------------------------------------------------------- time */

static struct timespec lis_port_start;

static void lis_port_mono(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

unsigned long lis_ticks(void)
{
	struct timespec now;

	lis_port_mono(&now);
	return (unsigned long)(now.tv_sec - lis_port_start.tv_sec) * 1000UL +
	       (unsigned long)((now.tv_nsec - lis_port_start.tv_nsec) / 1000000L);
}

void lis_usleep(unsigned long us)
{
	struct timespec ts = { .tv_sec = (time_t)(us / 1000000UL),
			       .tv_nsec = (long)(us % 1000000UL) * 1000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Absolute CLOCK_MONOTONIC time @ticks milliseconds from now. */
static void lis_port_deadline(struct timespec *ts, long ticks)
{
	lis_port_mono(ts);
	ts->tv_sec += ticks / 1000;
	ts->tv_nsec += (ticks % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static void lis_port_cond_init(pthread_cond_t *c)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(c, &a);
	pthread_condattr_destroy(&a);
}

/* ---------------------------------------------------------------- wait queues */

void lis_waitq_init(lis_waitq_t *wq)
{
	pthread_mutex_init(&wq->m, NULL);
	lis_port_cond_init(&wq->c);
}

void lis_wake_up(lis_waitq_t *wq)
{
	pthread_mutex_lock(&wq->m);
	pthread_cond_broadcast(&wq->c);
	pthread_mutex_unlock(&wq->m);
}

/* Called with wq->m held; waits for a wake-up or @ticks, returns with it held. */
void lis_port_cond_wait_ticks(lis_waitq_t *wq, long ticks)
{
	struct timespec ts;

	lis_port_deadline(&ts, ticks);
	pthread_cond_timedwait(&wq->c, &wq->m, &ts);
}

/* Called with wq->m held; @ticks < 0 waits without a time limit. */
void lis_port_wait_once(lis_waitq_t *wq, long ticks)
{
	if (ticks < 0)
		pthread_cond_wait(&wq->c, &wq->m);
	else
		lis_port_cond_wait_ticks(wq, ticks);
}

/* ---------------------------------------------------------------- threads */

struct lis_thread {
	pthread_t tid;
	int (*fn)(void *arg);
	void *arg;
	int cpu;
	int stop;			/* atomic: lis_thread_stop() was called */
	int ret;			/* fn's return value */
	lis_waitq_t *waiting;		/* atomic: the wait queue it sleeps on, or NULL */
};

static __thread struct lis_thread *lis_self_thread;
static __thread char lis_self_tag;

void *lis_port_self(void)
{
	return &lis_self_tag;
}

void lis_port_waiting(lis_waitq_t *wq)
{
	if (lis_self_thread)
		__atomic_store_n(&lis_self_thread->waiting, wq, __ATOMIC_SEQ_CST);
}

static void *lis_thread_main(void *p)
{
	struct lis_thread *t = p;

	lis_self_thread = t;
	t->ret = t->fn(t->arg);
	return NULL;
}

lis_thread_t *lis_thread_start(int (*fn)(void *arg), void *arg, int cpu, const char *name)
{
	struct lis_thread *t = calloc(1, sizeof(*t));
	char comm[16];

	if (!t)
		return NULL;
	t->fn = fn;
	t->arg = arg;
	t->cpu = cpu;
	if (pthread_create(&t->tid, NULL, lis_thread_main, t)) {
		free(t);
		return NULL;
	}
	snprintf(comm, sizeof(comm), "%s", name);
	pthread_setname_np(t->tid, comm);
	return t;
}

int lis_thread_stop(lis_thread_t *t)
{
	struct timespec ts;
	lis_waitq_t *wq;
	int ret;

	__atomic_store_n(&t->stop, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		wq = __atomic_load_n(&t->waiting, __ATOMIC_SEQ_CST);
		if (wq)
			lis_wake_up(wq);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 10 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (pthread_timedjoin_np(t->tid, NULL, &ts) == 0)
			break;
	}
	ret = t->ret;
	free(t);
	return ret;
}

int lis_thread_should_stop(void)
{
	return lis_self_thread && __atomic_load_n(&lis_self_thread->stop, __ATOMIC_SEQ_CST);
}

static int lis_port_ncpus_val;
static pthread_once_t lis_port_ncpus_once = PTHREAD_ONCE_INIT;

static void lis_port_ncpus_init(void)
{
	const char *s = getenv("LIS_NCPUS");
	int n = s ? atoi(s) : 2;

	lis_port_ncpus_val = n < 1 ? 1 : n > 64 ? 64 : n;
}

int lis_port_ncpus(void)
{
	pthread_once(&lis_port_ncpus_once, lis_port_ncpus_init);
	return lis_port_ncpus_val;
}

int lis_port_cpu(void)
{
	int c;

	if (lis_self_thread && lis_self_thread->cpu >= 0)
		return lis_self_thread->cpu % lis_port_ncpus();
	c = sched_getcpu();
	return c < 0 ? 0 : c % lis_port_ncpus();
}

/* ---------------------------------------------------------------- timers */

static pthread_mutex_t lis_tm_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t lis_tm_cond;	/* the list's head changed */
static pthread_cond_t lis_tm_done;	/* a callback returned */
static lis_timer_t *lis_tm_list;	/* pending, soonest first */
static lis_timer_t *lis_tm_running;	/* whose callback runs now */
static int lis_tm_started;
static pthread_t lis_tm_thread;

static void *lis_tm_main(void *unused)
{
	struct timespec ts;
	lis_timer_t *t;
	long left;

	(void)unused;
	pthread_setname_np(pthread_self(), "lis-timer");
	pthread_mutex_lock(&lis_tm_lock);
	for (;;) {
		t = lis_tm_list;
		if (!t) {
			pthread_cond_wait(&lis_tm_cond, &lis_tm_lock);
			continue;
		}
		left = (long)(t->expires - lis_ticks());
		if (left > 0) {
			lis_port_deadline(&ts, left);
			pthread_cond_timedwait(&lis_tm_cond, &lis_tm_lock, &ts);
			continue;
		}
		lis_tm_list = t->next;
		t->next = NULL;
		t->pending = 0;
		lis_tm_running = t;
		pthread_mutex_unlock(&lis_tm_lock);
		t->fn(t);		/* t may be gone (or re-armed) once it returns */
		pthread_mutex_lock(&lis_tm_lock);
		lis_tm_running = NULL;
		pthread_cond_broadcast(&lis_tm_done);
	}
	return NULL;
}

static void lis_tm_start_locked(void)
{
	if (lis_tm_started)
		return;
	if (pthread_create(&lis_tm_thread, NULL, lis_tm_main, NULL)) {
		fprintf(stderr, "streams: cannot start the timer thread\n");
		abort();
	}
	pthread_detach(lis_tm_thread);
	lis_tm_started = 1;
}

static void lis_tm_unlink_locked(lis_timer_t *t)
{
	lis_timer_t **pp;

	for (pp = &lis_tm_list; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->next = NULL;
	t->pending = 0;
}

void lis_timer_setup(lis_timer_t *t, void (*fn)(lis_timer_t *t))
{
	t->next = NULL;
	t->expires = 0;
	t->pending = 0;
	t->running = 0;
	t->fn = fn;
}

/* Like mod_timer(): (re)arm @t to fire @ticks from now. */
void lis_timer_arm(lis_timer_t *t, unsigned long ticks)
{
	lis_timer_t **pp;

	pthread_mutex_lock(&lis_tm_lock);
	lis_tm_start_locked();
	if (t->pending)
		lis_tm_unlink_locked(t);
	t->expires = lis_ticks() + ticks;
	for (pp = &lis_tm_list; *pp && (long)((*pp)->expires - t->expires) <= 0; pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
	t->pending = 1;
	if (lis_tm_list == t)
		pthread_cond_signal(&lis_tm_cond);
	pthread_mutex_unlock(&lis_tm_lock);
}

/* Like timer_delete_sync(): returns 1 if @t was pending; waits for a running callback of @t
 * unless called from the timer thread (that is, from a callback). */
int lis_timer_cancel_sync(lis_timer_t *t)
{
	int was;

	pthread_mutex_lock(&lis_tm_lock);
	was = t->pending;
	if (was)
		lis_tm_unlink_locked(t);
	if (!lis_tm_started || !pthread_equal(pthread_self(), lis_tm_thread))
		while (lis_tm_running == t)
			pthread_cond_wait(&lis_tm_done, &lis_tm_lock);
	pthread_mutex_unlock(&lis_tm_lock);
	return was;
}

/* After fork() the child has no timer thread: it starts its own at its next lis_timer_arm(). */
static void lis_port_atfork_child(void)
{
	pthread_mutex_init(&lis_tm_lock, NULL);
	lis_port_cond_init(&lis_tm_cond);
	lis_port_cond_init(&lis_tm_done);
	lis_tm_running = NULL;
	lis_tm_started = 0;
}

__attribute__((constructor)) static void lis_port_user_init(void)
{
	lis_port_mono(&lis_port_start);
	lis_port_cond_init(&lis_tm_cond);
	lis_port_cond_init(&lis_tm_done);
	pthread_atfork(NULL, NULL, lis_port_atfork_child);
}
