// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lis-config: checking a whole set of Config files once they are read: every stanza complete,
 * names unique, nodes not clashing, minors in range, autopush lists naming modules that exist.
 * Errors are reported as FILE:LINE: MESSAGE. Audience: the compiler (host program).
 */
#include <stdlib.h>
#include <string.h>
#include "lisconf.h"

static const char *const cf_flags[] = {
	"D_NEW", "D_OLD", "D_MP", "D_MTSAFE", "D_MTPERMOD", "D_MTQPAIR", "D_MTPERQ",
	"D_MTOUTPERIM", "D_MTPUTSHARED", "D_MTOCEXCL", "D_CLONE",
};

/* The flags that choose a perimeter: at most one of them. */
static const char *const cf_perim_flags[] = {
	"D_MP", "D_MTSAFE", "D_MTPERMOD", "D_MTQPAIR", "D_MTPERQ", "D_MTOUTPERIM",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

int cf_flag_known(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cf_flags); i++)
		if (!strcmp(name, cf_flags[i]))
			return 1;
	return 0;
}

static int cf_is_perim_flag(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cf_perim_flags); i++)
		if (!strcmp(name, cf_perim_flags[i]))
			return 1;
	return 0;
}

static const char *cf_kindname(enum cf_kind k)
{
	return k == CF_DRIVER ? "driver" : "module";
}

int cf_nentries(const struct cf_set *set, enum cf_kind kind)
{
	const struct cf_ent *e;
	int n = 0;

	for (e = set->first; e; e = e->next)
		n += e->kind == kind && !e->known_only;
	return n;
}

static const struct cf_ent *cf_find(const struct cf_set *set, enum cf_kind kind, const char *name)
{
	const struct cf_ent *e;

	for (e = set->first; e; e = e->next)
		if (e->kind == kind && !strcmp(e->name, name))
			return e;
	return NULL;
}

static void cf_check_names(struct cf_set *set)
{
	struct cf_ent *e, *o;

	for (e = set->first; e; e = e->next)
		for (o = set->first; o != e; o = o->next)
			if (o->kind == e->kind && !strcmp(o->name, e->name)) {
				cf_error(set, &e->loc, "duplicate %s '%s' (first at %s:%d)",
					 cf_kindname(e->kind), e->name, o->loc.file, o->loc.line);
				e->dup = 1;
				break;
			}
}

static void cf_check_flags(struct cf_set *set, struct cf_ent *e)
{
	const char *perim = NULL;
	int i, j;

	for (i = 0; i < e->nflags; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(e->flagnames[i], e->flagnames[j]))
				cf_error(set, &e->kwloc[1], "flags: '%s' given twice", e->flagnames[i]);
		if (!cf_is_perim_flag(e->flagnames[i]))
			continue;
		if (perim)
			cf_error(set, &e->kwloc[1], "flags: '%s' and '%s' conflict (one perimeter flag)",
				 perim, e->flagnames[i]);
		perim = e->flagnames[i];
	}
}

/* Every node name once over all drivers (clone nodes are named after their driver). */
static void cf_check_nodes(struct cf_set *set)
{
	const struct cf_node **all = NULL;
	struct cf_ent *e;
	int n = 0, i, j;

	for (e = set->first; e; e = e->next)
		n += e->nnodes + (e->kind == CF_DRIVER && e->clone);
	all = cf_alloc((n + 1) * sizeof(*all));
	n = 0;
	for (e = set->first; e; e = e->next) {
		if (e->kind != CF_DRIVER || e->dup)
			continue;
		if (e->clone)
			all[n++] = &e->clonenode;
		for (i = 0; i < e->nnodes; i++)
			all[n++] = &e->nodes[i];
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(all[i]->name, all[j]->name)) {
				cf_error(set, &all[i]->loc,
					 "%s '%s' of driver '%s' clashes with the %s of driver '%s' (at %s:%d)",
					 all[i]->minor ? "node" : "clone node", all[i]->name,
					 all[i]->ent->name, all[j]->minor ? "node" : "clone node",
					 all[j]->ent->name, all[j]->loc.file, all[j]->loc.line);
				break;
			}
	free(all);
}

static void cf_check_minors(struct cf_set *set, struct cf_ent *e)
{
	int i, j, max = 0;

	for (i = 0; i < e->nnodes; i++) {
		struct cf_node *nd = &e->nodes[i];

		if (nd->minor > max)
			max = nd->minor;
		if (e->minors >= 0 && nd->minor > e->minors)
			cf_error(set, &nd->loc, "node '%s': minor %d is above 'minors %d'",
				 nd->name, nd->minor, e->minors);
		for (j = 0; j < i; j++)
			if (e->nodes[j].minor == nd->minor) {
				cf_error(set, &nd->loc, "node '%s': minor %d already has node '%s' (at %s:%d)",
					 nd->name, nd->minor, e->nodes[j].name,
					 e->nodes[j].loc.file, e->nodes[j].loc.line);
				break;
			}
	}
	if (e->minors < 0)
		e->minors = max;
}

static void cf_check_majors(struct cf_set *set)
{
	struct cf_ent *e, *o;

	for (e = set->first; e; e = e->next)
		for (o = set->first; e->major && o != e; o = o->next)
			if (o->kind == CF_DRIVER && o->major == e->major) {
				cf_error(set, &e->kwloc[2], "major %d is taken by driver '%s' (at %s:%d)",
					 e->major, o->name, o->kwloc[2].file, o->kwloc[2].line);
				break;
			}
}

static int cf_apush_overlap(const struct cf_apush *a, const struct cf_apush *b)
{
	return a->first <= b->last && b->first <= a->last;
}

static void cf_check_apush(struct cf_set *set, struct cf_ent *e)
{
	int i, j;

	for (i = 0; i < e->napush; i++) {
		struct cf_apush *ap = &e->apush[i];
		for (j = 0; j < ap->nmods; j++)
			if (!cf_find(set, CF_MODULE, ap->mods[j]))
				cf_error(set, &ap->loc, "autopush: no module '%s'", ap->mods[j]);
		for (j = 0; j < i; j++)
			if (cf_apush_overlap(ap, &e->apush[j])) {
				cf_error(set, &ap->loc, "autopush: overlaps the list at %s:%d",
					 e->apush[j].loc.file, e->apush[j].loc.line);
				break;
			}
	}
}

/* Parameters are C symbols: each name once over the whole set. */
static void cf_check_params(struct cf_set *set)
{
	const struct cf_param **all;
	struct cf_ent *e;
	int n = 0, i, j;

	for (e = set->first; e; e = e->next)
		n += e->nparams;
	all = cf_alloc((n + 1) * sizeof(*all));
	n = 0;
	for (e = set->first; e; e = e->next)
		for (i = 0; i < e->nparams; i++)
			all[n++] = &e->params[i];
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(all[i]->name, all[j]->name)) {
				cf_error(set, &all[i]->loc, "param '%s' given twice (first at %s:%d)",
					 all[i]->name, all[j]->loc.file, all[j]->loc.line);
				break;
			}
	free(all);
}

/**
 * cf_check() - check @set as a whole; errors are reported and counted in @set->errors.
 * @set: every Config file read
 */
void cf_check(struct cf_set *set)
{
	struct cf_ent *e;

	cf_check_names(set);
	for (e = set->first; e; e = e->next) {
		if (!e->streamtab && !e->known_only)
			cf_error(set, &e->loc, "%s '%s' has no streamtab", cf_kindname(e->kind), e->name);
		cf_check_flags(set, e);
		if (e->kind == CF_DRIVER && !e->dup)
			cf_check_minors(set, e);
	}
	for (e = set->first; e; e = e->next)
		if (e->kind == CF_DRIVER && !e->known_only)
			cf_check_apush(set, e);
	cf_check_nodes(set);
	cf_check_majors(set);
	cf_check_params(set);
}
