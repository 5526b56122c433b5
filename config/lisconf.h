/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lis-config, the LiS config compiler: a host program. It reads Config files (syntax in
 * config/README.md), checks them and writes the registration tables streams.ko is built with,
 * the wrapper of a separately built driver module, the node list and udev rules.
 * Audience: the compiler's own files (parse.c, check.c, gen.c, main.c). Never built into a module.
 */
#ifndef LISCONF_H
#define LISCONF_H

#include <stdio.h>

#define CF_MAXDRVNAME	31	/* driver names (nodes /dev/streams/NAME) */
#define CF_MAXMODNAME	8	/* module names: FMNAMESZ */
#define CF_MAXNODENAME	31
#define CF_MAXMAJOR	255	/* internal majors 1..255 */
#define CF_MAXMINOR	255	/* fixed minors 1..255 */
#define CF_MAXAPUSH	8	/* modules in one autopush list (SVR4 MAXAPUSH) */
#define CF_MAXAPMINOR	262143	/* autopush minors: clone opens get minors above 255 */

enum cf_kind { CF_DRIVER, CF_MODULE };
enum cf_ptype { CF_PINT, CF_PUINT, CF_PBOOL, CF_PSTRING };

struct cf_loc {
	const char *file;
	int line;
};

/* A user or group as written (name or number); @id is -1 for a name other than root. */
struct cf_id {
	char *text;
	long id;
};

struct cf_node {
	char *name;		/* under /dev/streams/ */
	int minor;		/* 0: the clone node */
	int mode;
	struct cf_id owner, group;
	struct cf_loc loc;
	struct cf_ent *ent;
};

struct cf_apush {
	int first, last;	/* minors it applies to */
	char *mods[CF_MAXAPUSH];
	int nmods;
	struct cf_loc loc;
};

struct cf_param {
	char *name;		/* C symbol and module parameter name */
	enum cf_ptype type;
	char *def;		/* default, as C text */
	char *desc;
	struct cf_loc loc;
};

struct cf_ent {
	enum cf_kind kind;
	char *name;
	struct cf_loc loc;
	char *streamtab;
	char *flagnames[16];
	int nflags;
	int major;		/* 0: dynamic */
	int minors;		/* -1: not given */
	struct cf_loc minors_loc;
	int clone;		/* clone node wanted */
	struct cf_node clonenode;
	struct cf_node *nodes;
	int nnodes;
	struct cf_apush *apush;
	int napush;
	struct cf_param *params;
	int nparams;
	int known_only;		/* from a -k file: only its name counts */
	int dup;		/* a duplicate name (reported): not checked further */
	struct cf_loc kwloc[16];	/* where each once-only keyword was seen */
	struct cf_ent *next;
};

struct cf_set {
	struct cf_ent *first, *last;
	char *license;
	char *description;
	int errors;
};

/* parse.c */
int cf_parse_file(struct cf_set *set, const char *path, int known_only);
void cf_error(struct cf_set *set, const struct cf_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void *cf_alloc(size_t size);
char *cf_strdup(const char *s);

/* check.c */
void cf_check(struct cf_set *set);
int cf_flag_known(const char *name);
int cf_nentries(const struct cf_set *set, enum cf_kind kind);

/* gen.c */
void cf_gen_tables(FILE *f, const struct cf_set *set, const char *header);
void cf_gen_header(FILE *f, const struct cf_set *set);
void cf_gen_wrapper(FILE *f, const struct cf_set *set);
void cf_gen_nodes(FILE *f, const struct cf_set *set);
void cf_gen_udev(FILE *f, const struct cf_set *set);
void cf_gen_names(FILE *f, const struct cf_set *set);

#endif /* LISCONF_H */
