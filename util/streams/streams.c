// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * streams: the LiS status utility. Shows what streams.ko has registered and what memory it
 * holds, and switches allocation tracking (file and line of every allocation) on and off.
 *
 *   streams            drivers, modules and memory in use
 *   streams -d         drivers and modules only
 *   streams -m         memory in use, with the tracked allocations listed
 *   streams -t on|off  allocation tracking (/sys/module/streams/parameters/memtrack)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PROC	"/proc/streams"
#define MEMTRACK "/sys/module/streams/parameters/memtrack"

static int show(const char *file, int first_only)
{
	char path[128], line[512];
	FILE *f;

	snprintf(path, sizeof(path), PROC "/%s", file);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "streams: %s: %s (is streams.ko loaded?)\n", path, strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		fputs(line, stdout);
		if (first_only)
			break;
	}
	fclose(f);
	return 0;
}

static int track(const char *how)
{
	FILE *f;

	if (strcmp(how, "on") && strcmp(how, "off")) {
		fprintf(stderr, "streams: -t takes on or off\n");
		return 2;
	}
	f = fopen(MEMTRACK, "w");
	if (!f || fputs(strcmp(how, "on") ? "0\n" : "1\n", f) < 0 || fclose(f)) {
		fprintf(stderr, "streams: %s: %s\n", MEMTRACK, strerror(errno));
		return 1;
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: streams [-d] [-m] [-t on|off]\n");
}

int main(int argc, char **argv)
{
	int c, drivers = 0, memory = 0;

	while ((c = getopt(argc, argv, "dmt:h")) != -1) {
		switch (c) {
		case 'd':
			drivers = 1;
			break;
		case 'm':
			memory = 1;
			break;
		case 't':
			return track(optarg);
		default:
			usage();
			return c == 'h' ? 0 : 2;
		}
	}
	if (!drivers && !memory)
		return show("modules", 0) || show("memory", 1);
	if (drivers && show("modules", 0))
		return 1;
	return memory ? show("memory", 0) : 0;
}
