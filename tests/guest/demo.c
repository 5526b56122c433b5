// SPDX-License-Identifier: LGPL-2.1-or-later
/* make demo: write a message on /dev/streams/loop.1, read it on loop.2, answer back; say what happens. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int pass(int from, const char *fname, int to, const char *tname, const char *msg)
{
	struct pollfd p = { .fd = to, .events = POLLIN };
	char buf[256];
	ssize_t n;

	n = write(from, msg, strlen(msg));
	printf("write(%s, \"%s\") = %zd\n", fname, msg, n);
	if (n < 0)
		return perror("write"), -1;
	if (poll(&p, 1, 5000) != 1)
		return printf("poll(%s): nothing arrived in 5 s\n", tname), -1;
	n = read(to, buf, sizeof(buf) - 1);
	if (n < 0)
		return perror("read"), -1;
	buf[n] = 0;
	printf("read(%s) = %zd: \"%s\"\n", tname, n, buf);
	return 0;
}

int main(void)
{
	int a = open("/dev/streams/loop.1", O_RDWR), b = open("/dev/streams/loop.2", O_RDWR);

	if (a < 0 || b < 0) {
		printf("open /dev/streams/loop.1 and loop.2: %s\n", strerror(errno));
		return 1;
	}
	printf("opened /dev/streams/loop.1 (fd %d) and /dev/streams/loop.2 (fd %d)\n", a, b);
	if (pass(a, "loop.1", b, "loop.2", "hello from loop.1") ||
	    pass(b, "loop.2", a, "loop.1", "and hello back from loop.2"))
		return 1;
	close(a);
	close(b);
	printf("closed both: the demo worked\n");
	return 0;
}
