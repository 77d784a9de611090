/* vda5050_out.c — the VDA 5050 codec's outbound half: the master
 * control's order and instantActions messages as compact JSON. */
#include "vda5050.h"

#include "core.h"
#include "site.h"
#include "vda5050_json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUT_VERSION "2.1.0"

/* Whether s is valid UTF-8 (no overlongs, no surrogates). */
static bool utf8_ok(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		unsigned c = *s;
		size_t n;
		unsigned min;
		if (c < 0x80) {
			s++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1, min = 0x80, c &= 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2, min = 0x800, c &= 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3, min = 0x10000, c &= 0x07;
		} else {
			return false;
		}
		for (size_t i = 1; i <= n; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return false;
			c = (c << 6) | (s[i] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return false;
		s += n + 1;
	}
	return true;
}

/* "key": "value", with a comma before unless first. */
static void sb_kstr(fo_buf *b, const char *key, const char *val)
{
	if (b->n && b->s[b->n - 1] != '{' && b->s[b->n - 1] != '[')
		fo_buf_str(b, ",");
	fo_buf_json_str(b, key);
	fo_buf_str(b, ":");
	fo_buf_json_str(b, val);
}

static void sb_key(fo_buf *b, const char *key)
{
	if (b->n && b->s[b->n - 1] != '{' && b->s[b->n - 1] != '[')
		fo_buf_str(b, ",");
	fo_buf_json_str(b, key);
	fo_buf_str(b, ":");
}

static void sb_num(fo_buf *b, double v)
{
	/* shortest text that reads back the same */
	char tmp[32];
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	fo_buf_str(b, tmp);
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static bool str_ok(const char *s)
{
	return s && *s && utf8_ok(s);
}

/* The header members; -1 with err filled when a field is bad. */
static int put_header(fo_buf *b, const fo_vda_header *h, char *err, size_t errlen)
{
	if (!h || !str_ok(h->manufacturer) || !str_ok(h->serial_number))
		return fail(err, errlen, "manufacturer and serialNumber are required (UTF-8)");
	char ts[32];
	fo_iso_time(h->wall_ms ? h->wall_ms : fo_wall_ms(), ts, sizeof ts);
	fo_buf_str(b, "{");
	sb_key(b, "headerId");
	fo_buf_printf(b, "%u", h->header_id);
	sb_kstr(b, "timestamp", ts);
	sb_kstr(b, "version", OUT_VERSION);
	sb_kstr(b, "manufacturer", h->manufacturer);
	sb_kstr(b, "serialNumber", h->serial_number);
	return 0;
}

/* The map edge from -> to, or NULL. */
static const fo_map_edge *edge_between(const fo_model *m, long from, long to)
{
	long i = from < 0 || to < 0 ? -1 : fo_model_edge_find(m, (uint32_t)from, (uint32_t)to);
	return i < 0 ? NULL : fo_model_edge(m, (size_t)i);
}

/* Whether text is one JSON value of a type an actionParameter may hold. */
static bool raw_value_ok(fo_vj_parser **p, const char *text)
{
	if (!*p && !(*p = fo_vj_parser_new(64 * 1024, FO_VDA_MAX_DEPTH)))
		abort();
	const fo_vj_node *nodes;
	size_t n;
	char what[64];
	if (fo_vj_parse(*p, text, strlen(text), &nodes, &n, what, sizeof what) != FO_VJ_OK)
		return false;
	return nodes[0].type != FO_VJ_NULL;
}

/* Checks n actions: types, ids, blocking types, parameters.  0, or -1
 * with err naming the action ("what #i"). */
static int check_actions(const fo_vda_action *actions, size_t n, const char *what, char *err,
                         size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		const fo_vda_action *a = &actions[i];
		if (!str_ok(a->type))
			return fail(err, errlen, "%s #%zu: actionType is required", what, i + 1);
		if (a->id && !str_ok(a->id))
			return fail(err, errlen, "%s #%zu: actionId is empty or not UTF-8", what,
			            i + 1);
		if (a->blocking && strcmp(a->blocking, "NONE") && strcmp(a->blocking, "SOFT") &&
		    strcmp(a->blocking, "HARD"))
			return fail(err, errlen,
			            "%s #%zu: blockingType '%s' is not NONE, SOFT or HARD", what,
			            i + 1, a->blocking);
		if (a->description && !utf8_ok(a->description))
			return fail(err, errlen, "%s #%zu: description is not UTF-8", what, i + 1);
		if (a->nparams && !a->params)
			return fail(err, errlen, "%s #%zu: parameters missing", what, i + 1);
		for (size_t k = 0; k < a->nparams; k++)
			if (!str_ok(a->params[k].key) || !a->params[k].value ||
			    !utf8_ok(a->params[k].value))
				return fail(err, errlen,
				            "%s #%zu: parameter #%zu needs a key and a value", what,
				            i + 1, k + 1);
	}
	fo_vj_parser *p = NULL;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < actions[i].nparams; k++)
			if (actions[i].params[k].raw &&
			    !raw_value_ok(&p, actions[i].params[k].value)) {
				fo_vj_parser_free(p);
				return fail(err, errlen,
				            "%s #%zu: parameter '%s' is not a JSON number, "
				            "boolean, string, array or object",
				            what, i + 1, actions[i].params[k].key);
			}
	fo_vj_parser_free(p);
	return 0;
}

/* Writes the array of n actions (already checked). */
static void put_actions(fo_buf *b, const fo_vda_action *actions, size_t n)
{
	fo_buf_str(b, "[");
	for (size_t i = 0; i < n; i++) {
		const fo_vda_action *a = &actions[i];
		char uuid[40];
		if (!a->id)
			fo_uuid4(uuid);
		if (i)
			fo_buf_str(b, ",");
		fo_buf_str(b, "{");
		sb_kstr(b, "actionType", a->type);
		sb_kstr(b, "actionId", a->id ? a->id : uuid);
		sb_kstr(b, "blockingType", a->blocking ? a->blocking : "HARD");
		if (a->description)
			sb_kstr(b, "actionDescription", a->description);
		if (a->nparams) {
			sb_key(b, "actionParameters");
			fo_buf_str(b, "[");
			for (size_t k = 0; k < a->nparams; k++) {
				if (k)
					fo_buf_str(b, ",");
				fo_buf_str(b, "{");
				sb_kstr(b, "key", a->params[k].key);
				sb_key(b, "value");
				if (a->params[k].raw)
					fo_buf_str(b, a->params[k].value);
				else
					fo_buf_json_str(b, a->params[k].value);
				fo_buf_str(b, "}");
			}
			fo_buf_str(b, "]");
		}
		fo_buf_str(b, "}");
	}
	fo_buf_str(b, "]");
}

/* What VDA 5050 takes of a site layout's edge properties (LIF and VDA 5050
 * share the names): heights, orientation, rotation and the trajectory. */
static void put_edge_type(fo_buf *b, const fo_lif_edge_type *et)
{
	static const char *const orient[] = {NULL, "GLOBAL", "TANGENTIAL"};
	if (isfinite(et->max_height)) {
		sb_key(b, "maxHeight");
		sb_num(b, et->max_height);
	}
	if (isfinite(et->min_height)) {
		sb_key(b, "minHeight");
		sb_num(b, et->min_height);
	}
	if (isfinite(et->orientation)) {
		sb_key(b, "orientation");
		sb_num(b, et->orientation);
		if (et->orientation_type && orient[et->orientation_type])
			sb_kstr(b, "orientationType", orient[et->orientation_type]);
	}
	sb_key(b, "rotationAllowed");
	fo_buf_str(b, et->rotation_allowed ? "true" : "false");
	if (isfinite(et->max_rotation_speed)) {
		sb_key(b, "maxRotationSpeed");
		sb_num(b, et->max_rotation_speed);
	}
	const fo_lif_trajectory *t = et->trajectory;
	if (!t)
		return;
	sb_key(b, "trajectory");
	fo_buf_str(b, "{");
	sb_key(b, "degree");
	fo_buf_printf(b, "%u", t->degree ? t->degree : 1);
	sb_key(b, "knotVector");
	fo_buf_str(b, "[");
	for (size_t k = 0; k < t->nknots; k++) {
		if (k)
			fo_buf_str(b, ",");
		sb_num(b, t->knots[k]);
	}
	fo_buf_str(b, "]");
	sb_key(b, "controlPoints");
	fo_buf_str(b, "[");
	for (size_t k = 0; k < t->npoints; k++) {
		fo_buf_str(b, k ? ",{" : "{");
		sb_key(b, "x");
		sb_num(b, t->points[k].x);
		sb_key(b, "y");
		sb_num(b, t->points[k].y);
		if (isfinite(t->points[k].weight)) {
			sb_key(b, "weight");
			sb_num(b, t->points[k].weight);
		}
		fo_buf_str(b, "}");
	}
	fo_buf_str(b, "]}");
}

char *fo_vda_order_json(fo_core *core, const fo_vda_header *h, const fo_vda_order_req *req,
                        char *err, size_t errlen)
{
	if (!req || !req->node_ids || req->nnodes == 0)
		return fail(err, errlen, "an order needs at least one node"), NULL;
	if (req->released < 1 || req->released > req->nnodes)
		return fail(err, errlen, "released must be 1..%zu, not %zu", req->nnodes,
		            req->released),
		       NULL;
	if (!str_ok(req->order_id))
		return fail(err, errlen, "orderId is required (UTF-8)"), NULL;
	if ((uint64_t)req->first_sequence_id + 2 * (uint64_t)req->nnodes > UINT32_MAX)
		return fail(err, errlen, "sequenceIds would pass the uint32 range"), NULL;
	const char *map_id = req->map_id && *req->map_id ? req->map_id : "default";
	if (!utf8_ok(map_id) || (req->zone_set_id && !utf8_ok(req->zone_set_id)))
		return fail(err, errlen, "mapId or zoneSetId is not UTF-8"), NULL;
	const fo_model *m = core->model;
	long vidx = h && h->serial_number ? fo_model_vehicle_find(m, h->serial_number) : -1;
	long *idx = malloc(req->nnodes * sizeof *idx);
	if (!idx)
		abort();
	/* With no map of its own (vehicles only heard over MQTT) the console
	 * sends nodes by id alone, without nodePosition (optional in VDA 5050):
	 * the vehicle knows its map.  With a map, a node missing from it is a
	 * mistake and refused. */
	bool have_map = fo_model_node_count(m) > 0;
	for (size_t i = 0; i < req->nnodes; i++) {
		if (!str_ok(req->node_ids[i]) || strlen(req->node_ids[i]) >= FO_ID_LEN * 4) {
			fail(err, errlen, "node #%zu: an id is required (UTF-8, not too long)",
			     i + 1);
			free(idx);
			return NULL;
		}
		idx[i] = fo_model_node_find(m, req->node_ids[i]);
		if (idx[i] < 0 && have_map) {
			fail(err, errlen, "no map node '%s'", req->node_ids[i]);
			free(idx);
			return NULL;
		}
		if (idx[i] < 0)
			continue;
		const fo_map_node *n = fo_model_node(m, (size_t)idx[i]);
		if (!isfinite(n->x) || !isfinite(n->y)) {
			fail(err, errlen, "map node '%s' has no finite position", n->id);
			free(idx);
			return NULL;
		}
	}
	for (size_t i = 0; req->node_actions && req->node_nactions && i < req->nnodes; i++) {
		char what[40];
		snprintf(what, sizeof what, "node #%zu action", i + 1);
		if (req->node_nactions[i] &&
		    (!req->node_actions[i] ||
		     check_actions(req->node_actions[i], req->node_nactions[i], what, err,
		                   errlen))) {
			if (!req->node_actions[i])
				fail(err, errlen, "%s: actions missing", what);
			free(idx);
			return NULL;
		}
	}
	for (size_t i = 0; req->edge_actions && req->edge_nactions && i + 1 < req->nnodes; i++) {
		char what[40];
		snprintf(what, sizeof what, "edge #%zu action", i + 1);
		if (req->edge_nactions[i] &&
		    (!req->edge_actions[i] ||
		     check_actions(req->edge_actions[i], req->edge_nactions[i], what, err,
		                   errlen))) {
			if (!req->edge_actions[i])
				fail(err, errlen, "%s: actions missing", what);
			free(idx);
			return NULL;
		}
	}
	fo_buf b = {0};
	if (put_header(&b, h, err, errlen)) {
		free(idx);
		free(b.s);
		return NULL;
	}
	sb_kstr(&b, "orderId", req->order_id);
	sb_key(&b, "orderUpdateId");
	fo_buf_printf(&b, "%u", req->order_update_id);
	if (req->zone_set_id && *req->zone_set_id)
		sb_kstr(&b, "zoneSetId", req->zone_set_id);
	sb_key(&b, "nodes");
	fo_buf_str(&b, "[");
	for (size_t i = 0; i < req->nnodes; i++) {
		const fo_map_node *n = idx[i] >= 0 ? fo_model_node(m, (size_t)idx[i]) : NULL;
		if (i)
			fo_buf_str(&b, ",");
		fo_buf_str(&b, "{");
		sb_kstr(&b, "nodeId", req->node_ids[i]);
		sb_key(&b, "sequenceId");
		fo_buf_printf(&b, "%u", req->first_sequence_id + (uint32_t)(2 * i));
		sb_key(&b, "released");
		fo_buf_str(&b, i < req->released ? "true" : "false");
		if (n) {
			sb_key(&b, "nodePosition");
			fo_buf_str(&b, "{");
			sb_key(&b, "x");
			sb_num(&b, n->x);
			sb_key(&b, "y");
			sb_num(&b, n->y);
			const char *site_map = req->map_id ? NULL : fo_site_map_id(core, n->id);
			sb_kstr(&b, "mapId", site_map ? site_map : map_id);
			fo_buf_str(&b, "}");
		}
		sb_key(&b, "actions");
		if (req->node_actions && req->node_nactions && req->node_nactions[i])
			put_actions(&b, req->node_actions[i], req->node_nactions[i]);
		else
			fo_buf_str(&b, "[]");
		fo_buf_str(&b, "}");
	}
	fo_buf_str(&b, "]");
	sb_key(&b, "edges");
	fo_buf_str(&b, "[");
	for (size_t i = 0; i + 1 < req->nnodes; i++) {
		const char *aid = req->node_ids[i], *zid = req->node_ids[i + 1];
		const fo_map_node *a = idx[i] >= 0 ? fo_model_node(m, (size_t)idx[i]) : NULL;
		const fo_map_node *z =
		    idx[i + 1] >= 0 ? fo_model_node(m, (size_t)idx[i + 1]) : NULL;
		const fo_map_edge *e = a && z ? edge_between(m, idx[i], idx[i + 1]) : NULL;
		char eid[8 * FO_ID_LEN + 2];
		snprintf(eid, sizeof eid, "%s-%s", aid, zid);
		if (i)
			fo_buf_str(&b, ",");
		fo_buf_str(&b, "{");
		sb_kstr(&b, "edgeId", e && e->id[0] ? e->id : eid);
		sb_key(&b, "sequenceId");
		fo_buf_printf(&b, "%u", req->first_sequence_id + (uint32_t)(2 * i + 1));
		sb_key(&b, "released");
		fo_buf_str(&b, i + 1 < req->released ? "true" : "false");
		sb_kstr(&b, "startNodeId", aid);
		sb_kstr(&b, "endNodeId", zid);
		if (a && z) { /* length is optional: only when both ends are known */
			double len =
			    e && e->length_m > 0 ? e->length_m : hypot(z->x - a->x, z->y - a->y);
			sb_key(&b, "length");
			sb_num(&b, len);
		}
		/* the site layout's properties of the edge for this vehicle's type;
		 * a template's edge speed limit may only lower its maxSpeed */
		const fo_lif_edge_type *et =
		    e && vidx >= 0 ? fo_site_edge_type(core, (size_t)vidx, e->id) : NULL;
		double vmax =
		    req->edge_max_speed && req->edge_max_speed[i] > 0 ? req->edge_max_speed[i] : 0;
		if (et && isfinite(et->max_speed) && et->max_speed > 0 &&
		    (vmax == 0 || et->max_speed < vmax))
			vmax = et->max_speed;
		if (vmax > 0) {
			sb_key(&b, "maxSpeed");
			sb_num(&b, vmax);
		}
		if (et)
			put_edge_type(&b, et);
		sb_key(&b, "actions");
		if (req->edge_actions && req->edge_nactions && req->edge_nactions[i])
			put_actions(&b, req->edge_actions[i], req->edge_nactions[i]);
		else
			fo_buf_str(&b, "[]");
		fo_buf_str(&b, "}");
	}
	fo_buf_str(&b, "]}");
	free(idx);
	return b.s;
}

char *fo_vda_instant_actions_json(const fo_vda_header *h, const fo_vda_action *actions, size_t n,
                                  char *err, size_t errlen)
{
	if (!actions || n == 0)
		return fail(err, errlen, "instantActions needs at least one action"), NULL;
	if (check_actions(actions, n, "action", err, errlen))
		return NULL;
	fo_buf b = {0};
	if (put_header(&b, h, err, errlen)) {
		free(b.s);
		return NULL;
	}
	sb_key(&b, "actions");
	put_actions(&b, actions, n);
	fo_buf_str(&b, "}");
	return b.s;
}
