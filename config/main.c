// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lis-config: the command line. Reads every Config file named, checks the set, and writes what
 * the command asks for; on any error it writes nothing and exits 1 (2 for a usage error).
 * Audience: the build (Kbuild, driver.mk) and people writing Config files.
 */
#include <stdlib.h>
#include <string.h>
#include "lisconf.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: lis-config COMMAND [-o OUT] [-H HEADER] [-k KNOWN]... CONFIG...\n"
		"  check     check the Config files, write nothing\n"
		"  tables    the tables built into streams.ko (-o FILE.c, -H FILE.h)\n"
		"  wrapper   the kernel-module wrapper of a separately built object (-o FILE.c)\n"
		"  nodes     the /dev/streams/ node list\n"
		"  udev      udev rules for the nodes\n"
		"  names     the names of the drivers and modules\n"
		"  -k KNOWN  a Config file of drivers and modules that exist elsewhere (streams.ko):\n"
		"            its names count for checks (autopush, clashes) but nothing is generated\n");
	exit(2);
}

/* Write through a temporary file renamed over @path, so a failure leaves no half file. */
static int cf_write(const char *path, void (*gen)(FILE *, const struct cf_set *, const char *),
		    const struct cf_set *set, const char *arg)
{
	char tmp[4096];
	FILE *f;

	if (!path || !strcmp(path, "-")) {
		gen(stdout, set, arg);
		return fflush(stdout) ? -1 : 0;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		perror(tmp);
		return -1;
	}
	gen(f, set, arg);
	if (fclose(f) || rename(tmp, path)) {
		perror(path);
		remove(tmp);
		return -1;
	}
	return 0;
}

static void g_tables(FILE *f, const struct cf_set *s, const char *h) { cf_gen_tables(f, s, h); }
static void g_header(FILE *f, const struct cf_set *s, const char *h) { (void)h; cf_gen_header(f, s); }
static void g_wrapper(FILE *f, const struct cf_set *s, const char *h) { (void)h; cf_gen_wrapper(f, s); }
static void g_nodes(FILE *f, const struct cf_set *s, const char *h) { (void)h; cf_gen_nodes(f, s); }
static void g_udev(FILE *f, const struct cf_set *s, const char *h) { (void)h; cf_gen_udev(f, s); }
static void g_names(FILE *f, const struct cf_set *s, const char *h) { (void)h; cf_gen_names(f, s); }

int main(int argc, char **argv)
{
	struct cf_set set = { 0 };
	const char *cmd, *out = NULL, *hdr = NULL, *hbase;
	int i, nfiles = 0, rc = 0;

	if (argc < 2)
		usage();
	cmd = argv[1];
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "-H") || !strcmp(argv[i], "-k")) {
			if (i + 1 >= argc)
				usage();
			if (argv[i][1] == 'o')
				out = argv[++i];
			else if (argv[i][1] == 'H')
				hdr = argv[++i];
			else
				cf_parse_file(&set, argv[++i], 1);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			usage();
		} else {
			cf_parse_file(&set, argv[i], 0);
			nfiles++;
		}
	}
	if (!nfiles)
		usage();
	if (strcmp(cmd, "check") && strcmp(cmd, "tables") && strcmp(cmd, "wrapper") &&
	    strcmp(cmd, "nodes") && strcmp(cmd, "udev") && strcmp(cmd, "names"))
		usage();
	if (!set.errors)
		cf_check(&set);
	if (!set.errors && !strcmp(cmd, "wrapper") && !cf_nentries(&set, CF_DRIVER) &&
	    !cf_nentries(&set, CF_MODULE)) {
		fprintf(stderr, "lis-config: no driver or module to wrap\n");
		set.errors++;
	}
	if (set.errors) {
		fprintf(stderr, "lis-config: %d error%s\n", set.errors, set.errors > 1 ? "s" : "");
		return 1;
	}
	if (!strcmp(cmd, "tables")) {
		if (!hdr)
			usage();
		hbase = strrchr(hdr, '/') ? strrchr(hdr, '/') + 1 : hdr;
		rc = cf_write(hdr, g_header, &set, NULL) || cf_write(out, g_tables, &set, hbase);
	} else if (!strcmp(cmd, "wrapper")) {
		rc = cf_write(out, g_wrapper, &set, NULL);
	} else if (!strcmp(cmd, "nodes")) {
		rc = cf_write(out, g_nodes, &set, NULL);
	} else if (!strcmp(cmd, "udev")) {
		rc = cf_write(out, g_udev, &set, NULL);
	} else if (!strcmp(cmd, "names")) {
		rc = cf_write(out, g_names, &set, NULL);
	}
	return rc ? 1 : 0;
}
