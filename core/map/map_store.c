/* map_store.c — site layout revisions and activations in the store
 * (map.h): the blocking calls the `map` commands and start-up use. */
#include "map.h"

#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T_DOCS "core.layout_documents"
#define T_LAYOUTS "core.layouts"
#define T_ACTIVATIONS "core.layout_activations"

/* Reads are of the tenant option's tenant when set, else of every tenant
 * the store shows (an operator on PostgreSQL sees only its own). */
static const char *read_tenant(fo_store *s)
{
	const char *t = fo_store_tenant(s);
	return t && *t ? t : NULL;
}

/* Runs one queued operation to its end; 0, or -1 with err filled (w is
 * freed then). */
static int waited(fo_store *s, fo_wait *w, const char *what, char *err, size_t errlen)
{
	fo_store_drain(s);
	if (w->status == FO_STORE_OK)
		return 0;
	snprintf(err, errlen, "%s: %s: %s", what, fo_store_status_name(w->status), w->error);
	fo_wait_free(w);
	return -1;
}

static long field_long(const fo_record *r, const char *f)
{
	const char *v = fo_record_get(r, f);
	return v ? strtol(v, NULL, 10) : 0;
}

static void field_copy(const fo_record *r, const char *f, char *buf, size_t len)
{
	const char *v = fo_record_get(r, f);
	snprintf(buf, len, "%s", v ? v : "");
}

void fo_layout_info_from(const fo_record *r, fo_layout_info *x)
{
	memset(x, 0, sizeof *x);
	snprintf(x->id, sizeof x->id, "%s", fo_record_id(r));
	snprintf(x->tenant, sizeof x->tenant, "%s", fo_record_tenant(r));
	field_copy(r, "name", x->name, sizeof x->name);
	x->revision = field_long(r, "revision");
	field_copy(r, "document_id", x->document_id, sizeof x->document_id);
	field_copy(r, "source", x->source, sizeof x->source);
	x->levels = field_long(r, "levels");
	x->nodes = field_long(r, "nodes");
	x->edges = field_long(r, "edges");
	x->stations = field_long(r, "stations");
	x->warnings = field_long(r, "warnings");
	field_copy(r, "vehicle_types", x->vehicle_types, sizeof x->vehicle_types);
	field_copy(r, "created_at", x->imported_at, sizeof x->imported_at);
	field_copy(r, "updated_by", x->imported_by, sizeof x->imported_by);
}

const fo_record *fo_layout_latest_activation(fo_record *const *recs, size_t n)
{
	const fo_record *best = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *c = fo_record_get(recs[i], "created_at");
		const char *b = best ? fo_record_get(best, "created_at") : NULL;
		if (!best || (c && b && strcmp(c, b) >= 0))
			best = recs[i];
	}
	return best;
}

/* The latest activation (fo_layout_latest_activation):
 * its record, OWNED, or NULL when none; -1 on a store error. */
static int latest_activation(fo_store *s, fo_record **out, char *err, size_t errlen)
{
	*out = NULL;
	fo_wait w = {0};
	fo_store_query q = {.table = T_ACTIVATIONS, .tenant_id = read_tenant(s)};
	fo_store_list(s, &q, fo_wait_keep, &w);
	if (waited(s, &w, "layout activations", err, errlen) != 0)
		return -1;
	const fo_record *last = fo_layout_latest_activation(w.recs, w.nrecs);
	if (last)
		*out = fo_record_dup(last);
	fo_wait_free(&w);
	return 0;
}

static void mark_active(fo_layout_info *v, size_t n, const fo_record *act)
{
	if (!act)
		return;
	const char *id = fo_record_get(act, "layout_id");
	for (size_t i = 0; i < n; i++) {
		if (!id || strcmp(v[i].id, id) != 0)
			continue;
		v[i].active = true;
		field_copy(act, "activated_at", v[i].activated_at, sizeof v[i].activated_at);
		field_copy(act, "updated_by", v[i].activated_by, sizeof v[i].activated_by);
	}
}

int fo_layouts_list(fo_store *s, const char *name, fo_layout_info **out, size_t *n, char *err,
                    size_t errlen)
{
	*out = NULL;
	*n = 0;
	fo_wait w = {0};
	fo_store_query q = {.table = T_LAYOUTS,
	                    .tenant_id = read_tenant(s),
	                    .field = name ? "name" : NULL,
	                    .equals = name};
	fo_store_list(s, &q, fo_wait_keep, &w);
	if (waited(s, &w, "layouts", err, errlen) != 0)
		return -1;
	fo_record *act;
	if (latest_activation(s, &act, err, errlen) != 0) {
		fo_wait_free(&w);
		return -1;
	}
	fo_layout_info *v = w.nrecs ? calloc(w.nrecs, sizeof *v) : NULL;
	if (w.nrecs && !v)
		abort();
	for (size_t i = 0; i < w.nrecs; i++)
		fo_layout_info_from(w.recs[i], &v[i]);
	mark_active(v, w.nrecs, act);
	*out = v;
	*n = w.nrecs;
	fo_record_free(act);
	fo_wait_free(&w);
	return 0;
}

int fo_layouts_find(fo_store *s, const char *name, long revision, fo_layout_info *info, char *err,
                    size_t errlen)
{
	if (!name) {
		fo_record *act;
		if (latest_activation(s, &act, err, errlen) != 0)
			return -1;
		if (!act) {
			snprintf(err, errlen, "no layout is active (map activate NAME)");
			return 0;
		}
		fo_wait w = {0};
		fo_store_get(s, T_LAYOUTS, fo_record_get(act, "layout_id"), fo_wait_keep, &w);
		int rc = waited(s, &w, "active layout", err, errlen);
		if (rc == 0) {
			fo_layout_info_from(w.rec, info);
			mark_active(info, 1, act);
			fo_wait_free(&w);
		}
		fo_record_free(act);
		return rc == 0 ? 1 : -1;
	}
	fo_layout_info *v;
	size_t n;
	if (fo_layouts_list(s, name, &v, &n, err, errlen) != 0)
		return -1;
	const fo_layout_info *hit = NULL;
	for (size_t i = 0; i < n; i++)
		if ((revision == 0 && (!hit || v[i].revision > hit->revision)) ||
		    v[i].revision == revision)
			hit = &v[i];
	if (hit)
		*info = *hit;
	else if (!n)
		snprintf(err, errlen, "no layout named '%s' (see: map list)", name);
	else
		snprintf(err, errlen, "layout '%s' has no revision %ld (it has 1..%ld)", name,
		         revision, v[n - 1].revision);
	free(v);
	return hit ? 1 : 0;
}

char *fo_layouts_document(fo_store *s, const fo_layout_info *info, char *err, size_t errlen)
{
	fo_wait w = {0};
	fo_store_get(s, T_DOCS, info->document_id, fo_wait_keep, &w);
	if (waited(s, &w, "layout document", err, errlen) != 0)
		return NULL;
	const char *lif = fo_record_get(w.rec, "lif");
	char *text = lif ? fo_strdup(lif) : NULL;
	if (!text)
		snprintf(err, errlen, "layout document %s is empty", info->document_id);
	fo_wait_free(&w);
	return text;
}

/* The vehicle type ids the document names (nodes and edges), sorted,
 * comma-separated, cut at len. */
static void vehicle_types(const fo_lif *lif, char *buf, size_t len)
{
	const char **ids = NULL;
	size_t n = 0, cap = 0;
	for (size_t l = 0; l < lif->nlayouts; l++) {
		const fo_lif_layout *ly = &lif->layouts[l];
		for (size_t i = 0; i < ly->nnodes; i++)
			for (size_t k = 0; k < ly->nodes[i].ntypes; k++) {
				ids = fo_grow(ids, &cap, n + 1, sizeof *ids, 8);
				ids[n++] = ly->nodes[i].types[k].vehicle_type_id;
			}
		for (size_t i = 0; i < ly->nedges; i++)
			for (size_t k = 0; k < ly->edges[i].ntypes; k++) {
				ids = fo_grow(ids, &cap, n + 1, sizeof *ids, 8);
				ids[n++] = ly->edges[i].types[k].vehicle_type_id;
			}
	}
	buf[0] = '\0';
	size_t o = 0;
	const char *last = "";
	/* a few distinct types among many elements: pick them in order */
	for (;;) {
		const char *next = NULL;
		for (size_t i = 0; i < n; i++)
			if (strcmp(ids[i], last) > 0 && (!next || strcmp(ids[i], next) < 0))
				next = ids[i];
		if (!next || o >= len)
			break;
		o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? "," : "", next);
		last = next;
	}
	free(ids);
}

static fo_record *layout_record(const fo_lif *lif, const char *name, long revision,
                                const char *doc_id, const char *source, size_t warnings)
{
	size_t nodes = 0, edges = 0, stations = 0;
	for (size_t l = 0; l < lif->nlayouts; l++) {
		nodes += lif->layouts[l].nnodes;
		edges += lif->layouts[l].nedges;
		stations += lif->layouts[l].nstations;
	}
	char types[256];
	vehicle_types(lif, types, sizeof types);
	fo_record *r = fo_record_new(fo_store_table(T_LAYOUTS));
	fo_record_set(r, "name", name);
	fo_record_setf(r, "revision", "%ld", revision);
	fo_record_set(r, "document_id", doc_id);
	fo_record_set(r, "source", source);
	fo_record_setf(r, "levels", "%zu", lif->nlayouts);
	fo_record_setf(r, "nodes", "%zu", nodes);
	fo_record_setf(r, "edges", "%zu", edges);
	fo_record_setf(r, "stations", "%zu", stations);
	fo_record_set(r, "vehicle_types", *types ? types : NULL);
	fo_record_setf(r, "warnings", "%zu", warnings);
	return r;
}

int fo_layouts_add(fo_store *s, const fo_lif *lif, const char *text, const char *name,
                   const char *source, size_t warnings, fo_layout_info *info,
                   fo_layout_outcome *outcome, char *err, size_t errlen)
{
	char doc_id[40] = "", tenant[40];
	if (fo_store_write_tenant(s, tenant, err, errlen) != 0)
		return -1;
	/* Two imports of one name at once: the unique (name, revision) refuses
	 * the later one, which takes the next number. */
	for (int attempt = 0; attempt < 5; attempt++) {
		fo_layout_info latest;
		int found = fo_layouts_find(s, name, 0, &latest, err, errlen);
		if (found < 0)
			return -1;
		if (found && !*doc_id) {
			char *prev = fo_layouts_document(s, &latest, err, errlen);
			if (!prev)
				return -1;
			bool same = strcmp(prev, text) == 0;
			free(prev);
			if (same) {
				*info = latest;
				*outcome = FO_LAYOUT_UNCHANGED;
				return 0;
			}
		}
		fo_wait w = {0};
		if (!*doc_id) {
			fo_record *d = fo_record_new(fo_store_table(T_DOCS));
			fo_record_set(d, "tenant_id", tenant);
			fo_record_set(d, "lif", text);
			fo_store_insert(s, d, fo_wait_keep, &w);
			fo_record_free(d);
			if (waited(s, &w, "layout document", err, errlen) != 0)
				return -1;
			snprintf(doc_id, sizeof doc_id, "%s", fo_record_id(w.rec));
			fo_wait_free(&w);
		}
		fo_record *r = layout_record(lif, name, found ? latest.revision + 1 : 1, doc_id,
		                             source, warnings);
		fo_record_set(r, "tenant_id", tenant);
		fo_store_insert(s, r, fo_wait_keep, &w);
		fo_record_free(r);
		fo_store_drain(s);
		if (w.status == FO_STORE_OK) {
			fo_layout_info_from(w.rec, info);
			fo_wait_free(&w);
			*outcome = FO_LAYOUT_ADDED;
			return 0;
		}
		bool taken = (w.status == FO_STORE_INVALID || w.status == FO_STORE_CONFLICT) &&
		             strstr(w.error, "revision");
		snprintf(err, errlen, "layout: %s: %s", fo_store_status_name(w.status), w.error);
		fo_wait_free(&w);
		if (!taken)
			return -1;
	}
	return -1;
}

int fo_layouts_activate(fo_store *s, const fo_layout_info *info, const char *note, char *err,
                        size_t errlen)
{
	char now[32];
	fo_iso_time(fo_wall_ms(), now, sizeof now);
	fo_record *r = fo_record_new(fo_store_table(T_ACTIVATIONS));
	fo_record_set(r, "tenant_id", info->tenant);
	fo_record_set(r, "layout_id", info->id);
	fo_record_set(r, "activated_at", now);
	fo_record_set(r, "note", note);
	fo_wait w = {0};
	fo_store_insert(s, r, fo_wait_keep, &w);
	fo_record_free(r);
	if (waited(s, &w, "layout activation", err, errlen) != 0)
		return -1;
	fo_wait_free(&w);
	return 0;
}
