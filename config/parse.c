// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lis-config: reading Config files. A file is a list of lines; '#' starts a comment; words are
 * separated by blanks; "double quoted" strings may hold blanks (\" and \\ inside). A stanza starts
 * with `driver NAME` or `module NAME` and owns the lines that follow until the next stanza.
 * Errors are reported as FILE:LINE: MESSAGE and counted; parsing goes on with the next line.
 * Audience: the compiler (host program).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "lisconf.h"

#define CF_MAXWORDS	64

enum { KW_STREAMTAB, KW_FLAGS, KW_MAJOR, KW_MINORS, KW_CLONE };

struct cf_line {
	struct cf_set *set;
	struct cf_loc loc;
	char *w[CF_MAXWORDS];
	int quoted[CF_MAXWORDS];
	int n;
};

void *cf_alloc(size_t size)
{
	void *p = calloc(1, size);

	if (!p) {
		fprintf(stderr, "lis-config: out of memory\n");
		exit(2);
	}
	return p;
}

char *cf_strdup(const char *s)
{
	char *d = cf_alloc(strlen(s) + 1);

	return strcpy(d, s);
}

static void *cf_grow(void *arr, int n, size_t size)
{
	void *p = realloc(arr, (n + 1) * size);

	if (!p) {
		fprintf(stderr, "lis-config: out of memory\n");
		exit(2);
	}
	memset((char *)p + n * size, 0, size);
	return p;
}

void cf_error(struct cf_set *set, const struct cf_loc *loc, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: ", loc->file, loc->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	set->errors++;
}

/* Split @s into words in place. Return 0, or -1 after reporting an error. */
static int cf_split(struct cf_line *l, char *s)
{
	char *d;

	l->n = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (!*s || *s == '#' || *s == '\n')
			return 0;
		if (l->n == CF_MAXWORDS) {
			cf_error(l->set, &l->loc, "too many words on one line (at most %d)", CF_MAXWORDS);
			return -1;
		}
		l->quoted[l->n] = *s == '"';
		if (*s == '"') {
			l->w[l->n++] = d = ++s;
			while (*s && *s != '"' && *s != '\n') {
				if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
					s++;
				*d++ = *s++;
			}
			if (*s != '"') {
				cf_error(l->set, &l->loc, "unterminated string");
				return -1;
			}
			s++;
			*d = 0;
			if (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != '#') {
				cf_error(l->set, &l->loc, "a blank must follow a closing quote");
				return -1;
			}
			continue;
		}
		l->w[l->n++] = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n' && *s != '#')
			s++;
		if (*s == '#') {
			*s = 0;
			return 0;
		}
		if (*s)
			*s++ = 0;
	}
}

static int cf_is_ident(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

/* A decimal number in [lo, hi] (no sign, no leading garbage). */
static int cf_number(const char *s, long lo, long hi, long *val)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*val = strtol(s, &end, 10);
	if (errno || *end || *val < lo || *val > hi)
		return -1;
	return 0;
}

static int cf_octal(const char *s, int *val)
{
	char *end;
	long v;

	if (*s != '0' || !s[1])
		return -1;
	errno = 0;
	v = strtol(s, &end, 8);
	if (errno || *end || v > 07777)
		return -1;
	*val = (int)v;
	return 0;
}

/* A minor range "N" or "N-M" with 1 <= N <= M <= @max. */
static int cf_range(const char *s, int *first, int *last, long max)
{
	char buf[32], *dash;
	long a, b;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	dash = strchr(buf, '-');
	if (dash)
		*dash = 0;
	if (cf_number(buf, 1, max, &a))
		return -1;
	b = a;
	if (dash && cf_number(dash + 1, 1, max, &b))
		return -1;
	if (b < a)
		return -1;
	*first = (int)a;
	*last = (int)b;
	return 0;
}

static int cf_id(const char *s, struct cf_id *id)
{
	long v;

	if (!*s)
		return -1;
	if (isdigit((unsigned char)*s)) {
		if (cf_number(s, 0, 0x7fffffffL, &v))
			return -1;
		id->id = v;
	} else {
		const char *p;

		for (p = s; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' && *p != '.')
				return -1;
		id->id = strcmp(s, "root") ? -1 : 0;
	}
	id->text = cf_strdup(s);
	return 0;
}

/* "mode 0666" and "owner USER[:GROUP]" options from word @i on. Return 0 or -1 (reported). */
static int cf_node_opts(struct cf_line *l, int i, struct cf_node *nd)
{
	for (; i < l->n; i += 2) {
		if (i + 1 >= l->n) {
			cf_error(l->set, &l->loc, "%s: '%s' needs a value", l->w[0], l->w[i]);
			return -1;
		}
		if (!strcmp(l->w[i], "mode")) {
			if (cf_octal(l->w[i + 1], &nd->mode)) {
				cf_error(l->set, &l->loc, "%s: bad mode '%s' (octal, 0 to 07777)",
					 l->w[0], l->w[i + 1]);
				return -1;
			}
		} else if (!strcmp(l->w[i], "owner")) {
			char *colon = strchr(l->w[i + 1], ':');

			if (colon)
				*colon = 0;
			if (cf_id(l->w[i + 1], &nd->owner) ||
			    (colon && cf_id(colon + 1, &nd->group))) {
				cf_error(l->set, &l->loc, "%s: bad owner '%s%s%s' (USER or USER:GROUP)",
					 l->w[0], l->w[i + 1], colon ? ":" : "", colon ? colon + 1 : "");
				return -1;
			}
		} else {
			cf_error(l->set, &l->loc, "%s: unknown option '%s' (mode, owner)",
				 l->w[0], l->w[i]);
			return -1;
		}
	}
	return 0;
}

static void cf_node_defaults(struct cf_node *nd, struct cf_ent *e, const struct cf_loc *loc)
{
	nd->mode = 0666;
	nd->owner.text = "root";
	nd->owner.id = 0;
	nd->group.text = "root";
	nd->group.id = 0;
	nd->ent = e;
	nd->loc = *loc;
}

static int cf_node_name_ok(const char *s)
{
	const char *p;

	if (!*s || *s == '.' || strlen(s) > CF_MAXNODENAME)
		return 0;
	for (p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' && *p != '-' && *p != '+')
			return 0;
	return 1;
}

static struct cf_node *cf_new_node(struct cf_ent *e, const struct cf_loc *loc)
{
	struct cf_node *nd;

	e->nodes = cf_grow(e->nodes, e->nnodes, sizeof(*e->nodes));
	nd = &e->nodes[e->nnodes++];
	cf_node_defaults(nd, e, loc);
	return nd;
}

static void kw_node(struct cf_line *l, struct cf_ent *e)
{
	struct cf_node nd = { 0 };
	long minor;

	cf_node_defaults(&nd, e, &l->loc);
	if (l->n < 3) {
		cf_error(l->set, &l->loc, "node: expected NAME MINOR [mode MODE] [owner USER[:GROUP]]");
		return;
	}
	if (!cf_node_name_ok(l->w[1])) {
		cf_error(l->set, &l->loc,
			 "node: bad name '%s' (letters, digits, _ . - +, not starting with '.', at most %d)",
			 l->w[1], CF_MAXNODENAME);
		return;
	}
	if (cf_number(l->w[2], 1, CF_MAXMINOR, &minor)) {
		cf_error(l->set, &l->loc, "node: bad minor '%s' (1 to %d)", l->w[2], CF_MAXMINOR);
		return;
	}
	if (cf_node_opts(l, 3, &nd))
		return;
	nd.name = cf_strdup(l->w[1]);
	nd.minor = (int)minor;
	*cf_new_node(e, &l->loc) = nd;
}

static void kw_nodes(struct cf_line *l, struct cf_ent *e)
{
	struct cf_node nd = { 0 };
	char name[64];
	int first, last, m;

	cf_node_defaults(&nd, e, &l->loc);
	if (l->n < 2) {
		cf_error(l->set, &l->loc, "nodes: expected FIRST-LAST [mode MODE] [owner USER[:GROUP]]");
		return;
	}
	if (cf_range(l->w[1], &first, &last, CF_MAXMINOR)) {
		cf_error(l->set, &l->loc, "nodes: bad minor range '%s' (N or N-M, 1 to %d)",
			 l->w[1], CF_MAXMINOR);
		return;
	}
	if (cf_node_opts(l, 2, &nd))
		return;
	for (m = first; m <= last; m++) {
		snprintf(name, sizeof(name), "%s.%d", e->name, m);
		if (!cf_node_name_ok(name)) {
			cf_error(l->set, &l->loc, "nodes: node name '%s' is too long (at most %d)",
				 name, CF_MAXNODENAME);
			return;
		}
		nd.name = cf_strdup(name);
		nd.minor = m;
		*cf_new_node(e, &l->loc) = nd;
	}
}

static void kw_clone(struct cf_line *l, struct cf_ent *e)
{
	if (l->n < 2 || (strcmp(l->w[1], "yes") && strcmp(l->w[1], "no"))) {
		cf_error(l->set, &l->loc, "clone: expected yes or no [mode MODE] [owner USER[:GROUP]]");
		return;
	}
	e->clone = !strcmp(l->w[1], "yes");
	if (!e->clone && l->n > 2) {
		cf_error(l->set, &l->loc, "clone: 'no' takes no options");
		return;
	}
	cf_node_opts(l, 2, &e->clonenode);
}

static void kw_autopush(struct cf_line *l, struct cf_ent *e)
{
	struct cf_apush ap = { .loc = l->loc };
	int i;

	if (l->n < 3) {
		cf_error(l->set, &l->loc, "autopush: expected MINORS MODULE... (MINORS: N, N-M or all)");
		return;
	}
	if (!strcmp(l->w[1], "all")) {
		ap.first = 0;
		ap.last = CF_MAXAPMINOR;
	} else if (cf_range(l->w[1], &ap.first, &ap.last, CF_MAXAPMINOR)) {
		cf_error(l->set, &l->loc,
			 "autopush: bad minors '%s' (N, N-M with 1 <= N <= M <= %d, or all)",
			 l->w[1], CF_MAXAPMINOR);
		return;
	}
	if (l->n - 2 > CF_MAXAPUSH) {
		cf_error(l->set, &l->loc, "autopush: %d modules, at most %d", l->n - 2, CF_MAXAPUSH);
		return;
	}
	for (i = 2; i < l->n; i++)
		ap.mods[ap.nmods++] = cf_strdup(l->w[i]);
	e->apush = cf_grow(e->apush, e->napush, sizeof(*e->apush));
	e->apush[e->napush++] = ap;
}

static int cf_param_default(struct cf_line *l, struct cf_param *p, const char *s, int quoted)
{
	static const char *const truth[] = { "yes", "1", "y", "true", "no", "0", "n", "false" };
	char *end, buf[64];
	size_t i;

	switch (p->type) {
	case CF_PINT:
	case CF_PUINT:
		if (quoted || !*s || (p->type == CF_PUINT && *s == '-'))
			break;
		errno = 0;
		if (p->type == CF_PINT) {
			long v = strtol(s, &end, 0);

			if (errno || *end || v < -2147483647L - 1 || v > 2147483647L)
				break;
			snprintf(buf, sizeof(buf), "%ld", v);
		} else {
			unsigned long v = strtoul(s, &end, 0);

			if (errno || *end || v > 4294967295UL)
				break;
			snprintf(buf, sizeof(buf), "%luU", v);
		}
		p->def = cf_strdup(buf);
		return 0;
	case CF_PBOOL:
		for (i = 0; i < sizeof(truth) / sizeof(truth[0]); i++)
			if (!quoted && !strcmp(s, truth[i])) {
				p->def = cf_strdup(i < 4 ? "true" : "false");
				return 0;
			}
		break;
	case CF_PSTRING:
		for (end = (char *)s; *end; end++)
			if (!isprint((unsigned char)*end))
				goto bad;
		p->def = cf_strdup(s);
		return 0;
	}
bad:
	cf_error(l->set, &l->loc, "param: bad default '%s' (type %s)", s, l->w[2]);
	return -1;
}

static void kw_param(struct cf_line *l, struct cf_ent *e)
{
	static const char *const types[] = { "int", "uint", "bool", "string" };
	struct cf_param p = { .loc = l->loc };
	int t;

	if (l->n < 4 || l->n > 5) {
		cf_error(l->set, &l->loc, "param: expected NAME TYPE DEFAULT [\"DESCRIPTION\"]");
		return;
	}
	if (!cf_is_ident(l->w[1]) || strlen(l->w[1]) > 40) {
		cf_error(l->set, &l->loc, "param: bad name '%s' (a C identifier)", l->w[1]);
		return;
	}
	for (t = 0; t < 4; t++)
		if (!strcmp(l->w[2], types[t]))
			break;
	if (t == 4) {
		cf_error(l->set, &l->loc, "param: unknown type '%s' (int, uint, bool, string)",
			 l->w[2]);
		return;
	}
	p.type = (enum cf_ptype)t;
	if (cf_param_default(l, &p, l->w[3], l->quoted[3]))
		return;
	p.name = cf_strdup(l->w[1]);
	p.desc = cf_strdup(l->n == 5 ? l->w[4] : "");
	e->params = cf_grow(e->params, e->nparams, sizeof(*e->params));
	e->params[e->nparams++] = p;
}

static void kw_flags(struct cf_line *l, struct cf_ent *e)
{
	int i;

	if (l->n < 2 || l->n - 1 > 16) {
		cf_error(l->set, &l->loc, "flags: expected 1 to 16 D_* flags");
		return;
	}
	for (i = 1; i < l->n; i++) {
		if (!cf_flag_known(l->w[i])) {
			cf_error(l->set, &l->loc, "flags: unknown flag '%s'", l->w[i]);
			continue;
		}
		e->flagnames[e->nflags++] = cf_strdup(l->w[i]);
	}
}

static void kw_streamtab(struct cf_line *l, struct cf_ent *e)
{
	if (l->n != 2 || !cf_is_ident(l->w[1])) {
		cf_error(l->set, &l->loc, "streamtab: expected one C symbol");
		return;
	}
	e->streamtab = cf_strdup(l->w[1]);
}

static void kw_major(struct cf_line *l, struct cf_ent *e)
{
	long v;

	if (l->n == 2 && !strcmp(l->w[1], "dynamic"))
		return;
	if (l->n != 2 || cf_number(l->w[1], 1, CF_MAXMAJOR, &v)) {
		cf_error(l->set, &l->loc, "major: bad major '%s' (1 to %d, or dynamic)",
			 l->n > 1 ? l->w[1] : "", CF_MAXMAJOR);
		return;
	}
	e->major = (int)v;
}

static void kw_minors(struct cf_line *l, struct cf_ent *e)
{
	long v;

	if (l->n != 2 || cf_number(l->w[1], 0, CF_MAXMINOR, &v)) {
		cf_error(l->set, &l->loc, "minors: bad count '%s' (0 to %d)",
			 l->n > 1 ? l->w[1] : "", CF_MAXMINOR);
		return;
	}
	e->minors = (int)v;
	e->minors_loc = l->loc;
}

static struct cf_ent *cf_stanza(struct cf_line *l, int known_only)
{
	enum cf_kind kind = strcmp(l->w[0], "driver") ? CF_MODULE : CF_DRIVER;
	size_t max = kind == CF_DRIVER ? CF_MAXDRVNAME : CF_MAXMODNAME;
	struct cf_set *set = l->set;
	struct cf_ent *e;

	if (l->n != 2) {
		cf_error(set, &l->loc, "%s: expected one name", l->w[0]);
		return NULL;
	}
	if (!cf_is_ident(l->w[1]) || strlen(l->w[1]) > max) {
		cf_error(set, &l->loc, "%s: bad name '%s' (letters, digits and _, at most %zu)",
			 l->w[0], l->w[1], max);
		return NULL;
	}
	e = cf_alloc(sizeof(*e));
	e->kind = kind;
	e->name = cf_strdup(l->w[1]);
	e->loc = l->loc;
	e->minors = -1;
	e->clone = 1;
	e->known_only = known_only;
	cf_node_defaults(&e->clonenode, e, &l->loc);
	e->clonenode.name = e->name;
	if (set->last)
		set->last->next = e;
	else
		set->first = e;
	set->last = e;
	return e;
}

static const struct cf_kw {
	const char *name;
	int once;		/* KW_* index, or -1 */
	int driver_only;
	void (*fn)(struct cf_line *l, struct cf_ent *e);
} cf_kws[] = {
	{ "streamtab", KW_STREAMTAB, 0, kw_streamtab },
	{ "flags", KW_FLAGS, 0, kw_flags },
	{ "major", KW_MAJOR, 1, kw_major },
	{ "minors", KW_MINORS, 1, kw_minors },
	{ "clone", KW_CLONE, 1, kw_clone },
	{ "node", -1, 1, kw_node },
	{ "nodes", -1, 1, kw_nodes },
	{ "autopush", -1, 1, kw_autopush },
	{ "param", -1, 0, kw_param },
};

/* `license "TEXT"` and `description "TEXT"`: for the wrapper of a separately built module. */
static void cf_filekw(struct cf_line *l, char **dst)
{
	if (l->n != 2) {
		cf_error(l->set, &l->loc, "%s: expected one (quoted) string", l->w[0]);
		return;
	}
	if (*dst && strcmp(*dst, l->w[1])) {
		cf_error(l->set, &l->loc, "%s: given twice, differently", l->w[0]);
		return;
	}
	*dst = cf_strdup(l->w[1]);
}

static void cf_line(struct cf_line *l, struct cf_ent **cur, int known_only)
{
	const struct cf_kw *k;
	size_t i;

	if (!strcmp(l->w[0], "driver") || !strcmp(l->w[0], "module")) {
		*cur = cf_stanza(l, known_only);
		if (!*cur)
			*cur = (struct cf_ent *)-1;	/* swallow the bad stanza's lines */
		return;
	}
	if (!strcmp(l->w[0], "license") || !strcmp(l->w[0], "description")) {
		char *ignored = NULL;	/* a -k file's own licence is not ours */

		cf_filekw(l, known_only ? &ignored : l->w[0][0] == 'l' ? &l->set->license :
			  &l->set->description);
		return;
	}
	for (i = 0, k = NULL; i < sizeof(cf_kws) / sizeof(cf_kws[0]); i++)
		if (!strcmp(l->w[0], cf_kws[i].name))
			k = &cf_kws[i];
	if (!k) {
		cf_error(l->set, &l->loc, "unknown keyword '%s'", l->w[0]);
		return;
	}
	if (!*cur) {
		cf_error(l->set, &l->loc, "'%s' outside a driver or module stanza", l->w[0]);
		return;
	}
	if (*cur == (struct cf_ent *)-1)
		return;
	if (k->driver_only && (*cur)->kind != CF_DRIVER) {
		cf_error(l->set, &l->loc, "'%s' is only valid for drivers", l->w[0]);
		return;
	}
	if (k->once >= 0) {
		struct cf_loc *seen = &(*cur)->kwloc[k->once];

		if (seen->file) {
			cf_error(l->set, &l->loc, "'%s' given twice (first at %s:%d)", l->w[0],
				 seen->file, seen->line);
			return;
		}
		*seen = l->loc;
	}
	k->fn(l, *cur);
}

/**
 * cf_parse_file() - read one Config file into @set.
 * @set: the set being built
 * @path: the file
 * @known_only: its entries only name drivers and modules that exist elsewhere (-k)
 *
 * Return: 0, or -1 when the file cannot be read (reported). Syntax errors are counted in @set.
 */
int cf_parse_file(struct cf_set *set, const char *path, int known_only)
{
	struct cf_line l = { .set = set };
	struct cf_ent *cur = NULL;
	char buf[4096];
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "lis-config: cannot open %s: %s\n", path, strerror(errno));
		set->errors++;
		return -1;
	}
	l.loc.file = cf_strdup(path);
	while (fgets(buf, sizeof(buf), f)) {
		l.loc.line++;
		if (!strchr(buf, '\n') && !feof(f)) {
			cf_error(set, &l.loc, "line too long (at most %zu characters)", sizeof(buf) - 2);
			while (fgets(buf, sizeof(buf), f) && !strchr(buf, '\n'))
				;
			continue;
		}
		if (cf_split(&l, buf) || !l.n)
			continue;
		cf_line(&l, &cur, known_only);
	}
	fclose(f);
	return 0;
}
