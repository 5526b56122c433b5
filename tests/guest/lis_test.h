/* Small helpers shared by the guest tests (static programs run inside the QEMU guest). */
#ifndef LIS_TEST_H
#define LIS_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOOP_MINORS 8		/* fixed minors /dev/streams/loop.1 .. loop.8 */

/* Path of fixed loop minor k. */
static inline const char *loop_path(int k)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "/dev/streams/loop.%d", k);
	return buf;
}

/* The character major listed for "streams" in /proc/devices, or -1. */
static inline int streams_major(void)
{
	FILE *f = fopen("/proc/devices", "r");
	char line[128], name[64];
	int chr = 0, major = -1, m;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Character devices:", 18))
			chr = 1;
		else if (!strncmp(line, "Block devices:", 14))
			chr = 0;
		else if (chr && sscanf(line, "%d %63s", &m, name) == 2 &&
			 !strcmp(name, "streams")) {
			major = m;
			break;
		}
	}
	fclose(f);
	return major;
}

/* Wait up to ms for events on fd; returns revents (0 on timeout, -1 on error). */
static inline int wait_events(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n = poll(&p, 1, ms);

	return n < 0 ? -1 : n == 0 ? 0 : p.revents;
}

/* First line of /proc/streams/memory: "in-use <count> <bytes>". Returns 0 or -errno. */
static inline int mem_in_use(long *count, long *bytes)
{
	FILE *f = fopen("/proc/streams/memory", "r");
	int n;

	if (!f)
		return -errno;
	n = fscanf(f, "in-use %ld %ld", count, bytes);
	fclose(f);
	return n == 2 ? 0 : -EINVAL;
}

#endif
