/* lif_ext.c — fleetops' LIF extension (lif_ext.h): reading the extension
 * members out of a parsed document's extras (compact JSON, parsed again
 * with jansson) with the same path-named messages as the LIF reader, and
 * setting them on a document being built. */
#include "lif_ext.h"

#include "lif_diag.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const station_types[FO_LIF_STATION__COUNT] = {
    [FO_LIF_STATION_WORK] = "work",       [FO_LIF_STATION_CHARGER] = "charger",
    [FO_LIF_STATION_PARKING] = "parking", [FO_LIF_STATION_DOCK] = "dock",
    [FO_LIF_STATION_PICKUP] = "pickup",   [FO_LIF_STATION_DROP] = "drop",
};

const char *fo_lif_station_type_name(fo_lif_station_type t)
{
	return (unsigned)t < FO_LIF_STATION__COUNT ? station_types[t] : NULL;
}

static void *alloc_n(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

void fo_lif_ext_free(fo_lif_ext *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nlayouts; i++) {
		fo_lif_ext_layout *l = &x->layouts[i];
		free(l->station_types);
		for (size_t j = 0; j < l->nzones; j++) {
			free(l->zones[j].id);
			free(l->zones[j].name);
			free(l->zones[j].nodes);
		}
		free(l->zones);
	}
	free(x->layouts);
	free(x);
}

/* ---- reading */

static bool is_ext(const char *key)
{
	return strncmp(key, FO_LIF_EXT_PREFIX, strlen(FO_LIF_EXT_PREFIX)) == 0;
}

/* Extension members of x other than known (NULL: none is known here) are
 * ignored with a warning: a misspelt or misplaced name must not pass in
 * silence. */
static void check_unknown(fo_lif_rd *r, const fo_lif_extras *x, const char *known)
{
	for (size_t i = 0; i < x->n; i++) {
		const char *k = x->v[i].key;
		if (!is_ext(k) || (known && strcmp(k, known) == 0))
			continue;
		size_t at = fo_lif_push_key(r, k);
		WARN(r, "not a fleetops extension member here, ignored");
		fo_lif_pop(r, at);
	}
}

/* The extra named key of x parsed (owned, json_decref), or NULL when absent
 * or not JSON (an error; only a document built by hand can hold that). */
static json_t *extra_json(fo_lif_rd *r, const fo_lif_extras *x, const char *key)
{
	const char *text = fo_lif_extra_get(x, key);
	if (!text)
		return NULL;
	json_error_t jerr;
	json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
	if (!v) {
		size_t at = fo_lif_push_key(r, key);
		ERR(r, "not JSON: %s", jerr.text);
		fo_lif_pop(r, at);
	}
	return v;
}

/* [Major].[Minor] with major 1. */
static void read_version(fo_lif_rd *r, const fo_lif *lif)
{
	size_t at = fo_lif_push_key(r, "metaInformation");
	check_unknown(r, &lif->meta_extra, FO_LIF_EXT_VERSION_KEY);
	json_t *v = extra_json(r, &lif->meta_extra, FO_LIF_EXT_VERSION_KEY);
	if (v) {
		size_t at2 = fo_lif_push_key(r, FO_LIF_EXT_VERSION_KEY);
		const char *s = json_string_value(v);
		size_t major_len = s ? strspn(s, "0123456789") : 0;
		size_t minor_len =
		    major_len && s[major_len] == '.' ? strspn(s + major_len + 1, "0123456789") : 0;
		if (!s)
			ERR(r, "expected a string, got %s", fo_lif_json_type(v));
		else if (!minor_len || s[major_len + 1 + minor_len] != '\0')
			ERR(r, "\"%.40s\" is not a version [Major].[Minor]", s);
		else if (strtoul(s, NULL, 10) != 1)
			ERR(r,
			    "extension major version %.20s is not supported (this reader knows 1)",
			    s);
		fo_lif_pop(r, at2);
		json_decref(v);
	}
	fo_lif_pop(r, at);
}

static fo_lif_station_type read_station_type(fo_lif_rd *r, const fo_lif_station *s)
{
	check_unknown(r, &s->extra, FO_LIF_EXT_STATION_TYPE_KEY);
	json_t *v = extra_json(r, &s->extra, FO_LIF_EXT_STATION_TYPE_KEY);
	if (!v)
		return FO_LIF_STATION_WORK;
	fo_lif_station_type t = FO_LIF_STATION_WORK;
	size_t at = fo_lif_push_key(r, FO_LIF_EXT_STATION_TYPE_KEY);
	const char *name = json_string_value(v);
	if (!name) {
		ERR(r, "expected a string, got %s", fo_lif_json_type(v));
	} else {
		size_t i = 0;
		while (i < FO_LIF_STATION__COUNT && strcmp(name, station_types[i]) != 0)
			i++;
		if (i < FO_LIF_STATION__COUNT) {
			t = (fo_lif_station_type)i;
		} else {
			fo_buf allowed = {0};
			for (i = 0; i < FO_LIF_STATION__COUNT; i++)
				fo_buf_printf(&allowed, "%s%s", i ? ", " : "", station_types[i]);
			WARN(r, "\"%.40s\" is not one of %s; read as work", name, allowed.s);
			fo_buf_free(&allowed);
		}
	}
	fo_lif_pop(r, at);
	json_decref(v);
	return t;
}

#define NO_ZONE UINT32_MAX

/* Where each node of the layout was listed first: zone and position. */
typedef struct {
	uint32_t *zone, *pos;
} listing;

/* zoneId, a non-empty string unique among the zones read so far. */
static char *read_zone_id(fo_lif_rd *r, const json_t *o, const fo_lif_zone *zones, size_t nzones)
{
	json_t *v = json_object_get(o, "zoneId");
	size_t at = fo_lif_push_key(r, "zoneId");
	char *id = NULL;
	if (!v)
		ERR(r, "required member missing");
	else if (!json_is_string(v))
		ERR(r, "expected a string, got %s", fo_lif_json_type(v));
	else if (!*json_string_value(v))
		ERR(r, "empty id");
	else
		id = fo_strdup(json_string_value(v));
	for (size_t j = 0; id && j < nzones; j++)
		if (zones[j].id && strcmp(zones[j].id, id) == 0) {
			ERR(r, "duplicate zoneId \"%.40s\" (also at " FO_LIF_EXT_ZONES_KEY "[%zu])",
			    id, j);
			break;
		}
	fo_lif_pop(r, at);
	return id;
}

static void read_zone_nodes(fo_lif_rd *r, const json_t *o, const fo_lif_layout *l,
                            fo_lif_zone *zones, size_t zi, listing *seen)
{
	fo_lif_zone *z = &zones[zi];
	json_t *a = json_object_get(o, "nodeIds");
	size_t at = fo_lif_push_key(r, "nodeIds");
	if (!a) {
		ERR(r, "required member missing");
	} else if (!json_is_array(a)) {
		ERR(r, "expected an array, got %s", fo_lif_json_type(a));
	} else if (json_array_size(a) > FO_LIF_MAX_ELEMS) {
		ERR(r, "%zu elements, more than the limit of %u", json_array_size(a),
		    FO_LIF_MAX_ELEMS);
	} else if (json_array_size(a) == 0) {
		WARN(r, "empty: the zone holds no node");
	} else {
		z->nodes = alloc_n(json_array_size(a), sizeof *z->nodes);
		for (size_t k = 0; k < json_array_size(a); k++) {
			json_t *v = json_array_get(a, k);
			const char *id = json_string_value(v);
			long n = id ? fo_lif_node_find(l, id) : -1;
			size_t at2 = fo_lif_push_idx(r, k);
			if (!id)
				ERR(r, "expected a string, got %s", fo_lif_json_type(v));
			else if (n < 0)
				ERR(r, "node \"%.40s\" does not exist in this layout", id);
			else if (seen->zone[n] == zi)
				WARN(r, "node \"%.40s\" is listed twice (also at nodeIds[%u])", id,
				     seen->pos[n]);
			else if (seen->zone[n] != NO_ZONE)
				ERR(r, "node \"%.40s\" is already in zone \"%.40s\" (%s[%u])", id,
				    zones[seen->zone[n]].id ? zones[seen->zone[n]].id : "?",
				    FO_LIF_EXT_ZONES_KEY, seen->zone[n]);
			else {
				seen->zone[n] = (uint32_t)zi;
				seen->pos[n] = (uint32_t)k;
				z->nodes[z->nnodes++] = (uint32_t)n;
			}
			fo_lif_pop(r, at2);
		}
	}
	fo_lif_pop(r, at);
}

static void read_zone(fo_lif_rd *r, const json_t *o, const fo_lif_layout *l, fo_lif_zone *zones,
                      size_t zi, listing *seen)
{
	if (!json_is_object(o)) {
		ERR(r, "expected an object, got %s", fo_lif_json_type(o));
		return;
	}
	zones[zi].id = read_zone_id(r, o, zones, zi);
	json_t *name = json_object_get(o, "zoneName");
	if (name && !json_is_string(name)) {
		size_t at = fo_lif_push_key(r, "zoneName");
		ERR(r, "expected a string, got %s", fo_lif_json_type(name));
		fo_lif_pop(r, at);
	} else if (name) {
		zones[zi].name = fo_strdup(json_string_value(name));
	}
	read_zone_nodes(r, o, l, zones, zi, seen);
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v)
	{
		if (strcmp(k, "zoneId") == 0 || strcmp(k, "zoneName") == 0 ||
		    strcmp(k, "nodeIds") == 0)
			continue;
		size_t at = fo_lif_push_key(r, k);
		WARN(r, "unknown member, ignored");
		fo_lif_pop(r, at);
	}
}

static void read_zones(fo_lif_rd *r, const fo_lif_layout *l, fo_lif_ext_layout *out)
{
	json_t *a = extra_json(r, &l->extra, FO_LIF_EXT_ZONES_KEY);
	if (!a)
		return;
	size_t at = fo_lif_push_key(r, FO_LIF_EXT_ZONES_KEY);
	if (!json_is_array(a)) {
		ERR(r, "expected an array, got %s", fo_lif_json_type(a));
	} else if (json_array_size(a) > FO_LIF_MAX_LIST) {
		ERR(r, "%zu zones, more than the limit of %u", json_array_size(a), FO_LIF_MAX_LIST);
	} else {
		listing seen = {alloc_n(l->nnodes, sizeof *seen.zone),
		                alloc_n(l->nnodes, sizeof *seen.pos)};
		for (size_t n = 0; n < l->nnodes; n++)
			seen.zone[n] = NO_ZONE;
		out->nzones = json_array_size(a);
		out->zones = alloc_n(out->nzones, sizeof *out->zones);
		for (size_t i = 0; i < out->nzones; i++) {
			size_t at2 = fo_lif_push_idx(r, i);
			read_zone(r, json_array_get(a, i), l, out->zones, i, &seen);
			fo_lif_pop(r, at2);
		}
		free(seen.zone);
		free(seen.pos);
	}
	fo_lif_pop(r, at);
	json_decref(a);
}

static void read_layout(fo_lif_rd *r, const fo_lif_layout *l, fo_lif_ext_layout *out)
{
	check_unknown(r, &l->extra, FO_LIF_EXT_ZONES_KEY);
	for (size_t i = 0; i < l->nnodes; i++) {
		size_t at = fo_lif_push_key(r, "nodes");
		fo_lif_push_idx(r, i);
		check_unknown(r, &l->nodes[i].extra, NULL);
		fo_lif_pop(r, at);
	}
	for (size_t i = 0; i < l->nedges; i++) {
		size_t at = fo_lif_push_key(r, "edges");
		fo_lif_push_idx(r, i);
		check_unknown(r, &l->edges[i].extra, NULL);
		fo_lif_pop(r, at);
	}
	out->nstations = l->nstations;
	out->station_types = alloc_n(l->nstations, sizeof *out->station_types);
	for (size_t i = 0; i < l->nstations; i++) {
		size_t at = fo_lif_push_key(r, "stations");
		fo_lif_push_idx(r, i);
		out->station_types[i] = read_station_type(r, &l->stations[i]);
		fo_lif_pop(r, at);
	}
	read_zones(r, l, out);
}

int fo_lif_ext_read(const fo_lif *lif, fo_lif_ext **out, fo_lif_diag *diag)
{
	*out = NULL;
	fo_lif_rd r;
	fo_lif_rd_init(&r, diag);
	fo_lif_ext *x = alloc_n(1, sizeof *x);
	check_unknown(&r, &lif->extra, NULL);
	read_version(&r, lif);
	x->nlayouts = lif->nlayouts;
	x->layouts = alloc_n(lif->nlayouts, sizeof *x->layouts);
	for (size_t i = 0; i < lif->nlayouts; i++) {
		size_t at = fo_lif_push_key(&r, "layouts");
		fo_lif_push_idx(&r, i);
		read_layout(&r, &lif->layouts[i], &x->layouts[i]);
		fo_lif_pop(&r, at);
	}
	size_t errors = r.errors;
	fo_lif_rd_free(&r);
	if (errors) {
		fo_lif_ext_free(x);
		return -1;
	}
	*out = x;
	return 0;
}

/* ---- writing */

/* The compact JSON jansson writes, as the LIF reader keeps extras, so a
 * written document reads back equal. */
static void set_json(fo_lif_extras *x, const char *key, json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!text)
		abort();
	fo_lif_extra_set(x, key, text);
	free(text);
	json_decref(v);
}

void fo_lif_ext_set_version(fo_lif *lif)
{
	set_json(&lif->meta_extra, FO_LIF_EXT_VERSION_KEY, json_string(FO_LIF_EXT_VERSION));
}

void fo_lif_ext_set_station_type(fo_lif_station *s, fo_lif_station_type t)
{
	const char *name = fo_lif_station_type_name(t);
	set_json(&s->extra, FO_LIF_EXT_STATION_TYPE_KEY, json_string(name ? name : "work"));
}

int fo_lif_ext_set_zones(fo_lif_layout *l, const fo_lif_zone *zones, size_t nzones, char *err,
                         size_t errlen)
{
	json_t *a = json_array();
	for (size_t i = 0; i < nzones; i++) {
		const fo_lif_zone *z = &zones[i];
		if (!z->id || !*z->id) {
			snprintf(err, errlen, "zone %zu has no id", i);
			json_decref(a);
			return -1;
		}
		json_t *o = json_object(), *ids = json_array();
		json_array_append_new(a, o);
		/* json_string is NULL for text that is not UTF-8 */
		bool ok =
		    json_object_set_new(o, "zoneId", json_string(z->id)) == 0 &&
		    (!z->name || json_object_set_new(o, "zoneName", json_string(z->name)) == 0);
		if (!ok)
			snprintf(err, errlen, "zone %zu: its id or name is not UTF-8", i);
		for (size_t k = 0; ok && k < z->nnodes; k++) {
			uint32_t n = z->nodes[k];
			ok = n < l->nnodes && l->nodes[n].id &&
			     json_array_append_new(ids, json_string(l->nodes[n].id)) == 0;
			if (!ok)
				snprintf(err, errlen,
				         "zone \"%s\": node index %u is not a node with a UTF-8 id",
				         z->id, n);
		}
		json_object_set_new(o, "nodeIds", ids);
		if (!ok) {
			json_decref(a);
			return -1;
		}
	}
	set_json(&l->extra, FO_LIF_EXT_ZONES_KEY, a);
	return 0;
}
