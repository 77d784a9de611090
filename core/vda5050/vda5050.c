/* vda5050.c — the VDA 5050 codec's inbound half: parse (simdjson through
 * vda5050_json.h), validate against the protocol's required fields, types,
 * enums and ranges (tables below, one per topic, written from the 2.0.0 and
 * 2.1.0 schemas), then apply to the live model and the per-vehicle detail.
 *
 * Every check runs before anything changes: a refused message leaves the
 * model and the vehicle's detail as they were. */
#include "vda5050.h"

#include "core.h"
#include "vda5050_json.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TENANT_ID "vda5050"

/* A vehicle's detail as the codec keeps it: the public record first (what
 * fo_vda_vehicle_get hands out), then the codec's own bookkeeping, which
 * plugins never see (they take the record by pointer only). */
typedef struct {
	fo_vda_vehicle pub;
	uint32_t header[FO_VDA__TOPICS];   /* last accepted headerId per topic */
	uint8_t header_seen;               /* bit per topic: header[] is valid */
	uint8_t header_rearm;              /* bit per topic: next headerId may restart */
	uint8_t stale_run[FO_VDA__TOPICS]; /* consecutive stale messages in sequence */
	uint32_t stale_next[FO_VDA__TOPICS];
	uint32_t out_header[2]; /* next headerId: order, instantActions */
	void *block;            /* storage behind pub's lists */
	uint32_t block_cap;
} vda_rec;

struct fo_vda_store {
	fo_vj_parser *parser;
	vda_rec **veh; /* by model vehicle index, NULL or pub.version[0] == 0:
	                * unseen; one allocation each keeps them put */
	size_t nveh;
	long tenant; /* index of the "vda5050" tenant, -1 until made */
};

/* ------------------------------------------------------------ schema tables */

typedef enum { T_STR, T_INT, T_NUM, T_BOOL, T_OBJ, T_ARR } vtype;

enum {
	R_MIN = 1,  /* min applies */
	R_MAX = 2,  /* max applies */
	R_U32 = 4,  /* 0 .. UINT32_MAX (the spec's uint32) */
	F_TIME = 8, /* ISO 8601 date-time */
};

typedef struct vobj vobj;

typedef struct {
	const char *name;
	uint8_t len;
	uint8_t type; /* vtype; for T_ARR the type of the field itself */
	uint8_t item; /* T_ARR: the items' vtype */
	bool req;
	uint8_t flags;            /* R_*, F_TIME; for arrays they apply to the items */
	const vobj *obj;          /* T_OBJ, or T_ARR of T_OBJ */
	const char *const *enums; /* T_STR or T_ARR of T_STR: NULL-terminated */
	double min, max;
} vfield;

struct vobj {
	const vfield *f;
	size_t n;
};

#define FLD(nm, t, r)                                                                              \
	{                                                                                          \
		.name = nm, .len = sizeof nm - 1, .type = t, .req = r                              \
	}
#define U32(nm, r)                                                                                 \
	{                                                                                          \
		.name = nm, .len = sizeof nm - 1, .type = T_INT, .req = r, .flags = R_U32          \
	}
#define NUMR(nm, r, fl, lo, hi)                                                                    \
	{                                                                                          \
		.name = nm, .len = sizeof nm - 1, .type = T_NUM, .req = r, .flags = fl, .min = lo, \
		.max = hi                                                                          \
	}
#define ENUM(nm, r, e)                                                                             \
	{                                                                                          \
		.name = nm, .len = sizeof nm - 1, .type = T_STR, .req = r, .enums = e              \
	}
#define OBJ(nm, r, o)                                                                              \
	{                                                                                          \
		.name = nm, .len = sizeof nm - 1, .type = T_OBJ, .req = r, .obj = &o               \
	}
#define ARR(nm, r, it)                                                                             \
	{                                                                                          \
		.name = nm, .len = sizeof nm - 1, .type = T_ARR, .item = it, .req = r              \
	}
#define ARRO(nm, r, o)                                                                             \
	{                                                                                          \
		.name = nm, .len = sizeof nm - 1, .type = T_ARR, .item = T_OBJ, .req = r,          \
		.obj = &o                                                                          \
	}
#define ARRE(nm, r, e)                                                                             \
	{                                                                                          \
		.name = nm, .len = sizeof nm - 1, .type = T_ARR, .item = T_STR, .req = r,          \
		.enums = e                                                                         \
	}
#define VOBJ(name, ...)                                                                            \
	static const vfield name##_f[] = {__VA_ARGS__};                                            \
	static const vobj name = {name##_f, sizeof name##_f / sizeof name##_f[0]}

/* Enum tables; the order of some matches the model's enums. */
static const char *const e_opmode[] = {"AUTOMATIC", "SEMIAUTOMATIC", "MANUAL",
                                       "SERVICE",   "TEACHIN",       NULL}; /* = fo_opmode */
static const char *const e_estop[] = {"NONE", "AUTOACK", "MANUAL", "REMOTE", NULL}; /* = fo_estop */
static const char *const e_errlevel[] = {"WARNING", "FATAL", NULL}; /* = fo_errlevel */
static const char *const e_action[] = {
    "WAITING",  "INITIALIZING", "RUNNING", "PAUSED",
    "FINISHED", "FAILED",       NULL}; /* = fo_vda_action_status */
static const char *const e_info[] = {"INFO", "DEBUG", NULL};
static const char *const e_mapstatus[] = {"ENABLED", "DISABLED", NULL};
static const char *const e_conn[] = {"ONLINE", "OFFLINE", "CONNECTIONBROKEN", NULL};
static const char *const e_kinematic[] = {"DIFF", "OMNI", "THREEWHEEL", NULL};
static const char *const e_class[] = {"FORKLIFT", "CONVEYOR", "TUGGER", "CARRIER", NULL};
static const char *const e_loc[] = {"NATURAL", "REFLECTOR", "RFID", "DMC", "SPOT", "GRID", NULL};
static const char *const e_nav[] = {"PHYSICAL_LINE_GUIDED", "VIRTUAL_LINE_GUIDED", "AUTONOMOUS",
                                    NULL};
static const char *const e_scope[] = {"INSTANT", "NODE", "EDGE", NULL};
static const char *const e_support[] = {"SUPPORTED", "REQUIRED", NULL};

/* Where the 2.0.0 and 2.1.0 schemas differ, the tables take the more
 * lenient of the two (2.0.0 also requires nodePosition.theta and
 * controlPoint.weight; 2.1.0 allows a fractional batteryHealth and reach). */
VOBJ(o_reference, FLD("referenceKey", T_STR, true), FLD("referenceValue", T_STR, true));
VOBJ(o_map, FLD("mapId", T_STR, true), FLD("mapVersion", T_STR, true),
     FLD("mapDescription", T_STR, false), ENUM("mapStatus", true, e_mapstatus));
VOBJ(o_nodepos, FLD("x", T_NUM, true), FLD("y", T_NUM, true), FLD("theta", T_NUM, false),
     FLD("mapId", T_STR, true));
VOBJ(o_nodestate, FLD("nodeId", T_STR, true), U32("sequenceId", true),
     FLD("nodeDescription", T_STR, false), FLD("released", T_BOOL, true),
     OBJ("nodePosition", false, o_nodepos));
VOBJ(o_ctrlpoint, FLD("x", T_NUM, true), FLD("y", T_NUM, true), FLD("weight", T_NUM, false));
static const vfield o_traj_fields[] = {
    FLD("degree", T_INT, true),
    {.name = "knotVector",
     .len = 10,
     .type = T_ARR,
     .item = T_NUM,
     .req = true,
     .flags = R_MIN | R_MAX,
     .min = 0,
     .max = 1},
    {.name = "controlPoints",
     .len = 13,
     .type = T_ARR,
     .item = T_OBJ,
     .req = true,
     .obj = &o_ctrlpoint},
};
static const vobj o_traj = {o_traj_fields, 3};
VOBJ(o_edgestate, FLD("edgeId", T_STR, true), U32("sequenceId", true),
     FLD("edgeDescription", T_STR, false), FLD("released", T_BOOL, true),
     OBJ("trajectory", false, o_traj));
VOBJ(o_agvpos, FLD("x", T_NUM, true), FLD("y", T_NUM, true), FLD("theta", T_NUM, true),
     FLD("mapId", T_STR, true), FLD("mapDescription", T_STR, false),
     FLD("positionInitialized", T_BOOL, true),
     NUMR("localizationScore", false, R_MIN | R_MAX, 0, 1), FLD("deviationRange", T_NUM, false));
VOBJ(o_velocity, FLD("vx", T_NUM, false), FLD("vy", T_NUM, false), FLD("omega", T_NUM, false));
VOBJ(o_bbox, FLD("x", T_NUM, true), FLD("y", T_NUM, true), FLD("z", T_NUM, true),
     FLD("theta", T_NUM, false));
VOBJ(o_loaddim, FLD("length", T_NUM, true), FLD("width", T_NUM, true), FLD("height", T_NUM, false));
VOBJ(o_load, FLD("loadId", T_STR, false), FLD("loadType", T_STR, false),
     FLD("loadPosition", T_STR, false), OBJ("boundingBoxReference", false, o_bbox),
     OBJ("loadDimensions", false, o_loaddim), NUMR("weight", false, R_MIN, 0, 0));
VOBJ(o_actionstate, FLD("actionId", T_STR, true), FLD("actionType", T_STR, false),
     FLD("actionDescription", T_STR, false), ENUM("actionStatus", true, e_action),
     FLD("resultDescription", T_STR, false));
VOBJ(o_battery, FLD("batteryCharge", T_NUM, true), FLD("batteryVoltage", T_NUM, false),
     NUMR("batteryHealth", false, R_MIN | R_MAX, 0, 100), FLD("charging", T_BOOL, true),
     NUMR("reach", false, R_MIN, 0, 0));
VOBJ(o_error, FLD("errorType", T_STR, true), ARRO("errorReferences", false, o_reference),
     FLD("errorDescription", T_STR, false), FLD("errorHint", T_STR, false),
     ENUM("errorLevel", true, e_errlevel));
VOBJ(o_info, FLD("infoType", T_STR, true), ARRO("infoReferences", false, o_reference),
     FLD("infoDescription", T_STR, false), ENUM("infoLevel", true, e_info));
VOBJ(o_safety, ENUM("eStop", true, e_estop), FLD("fieldViolation", T_BOOL, true));

/* The header, first in every topic's table (slots 0..4). */
#define HEADER(idreq)                                                                              \
	U32("headerId", idreq),                                                                    \
	    {.name = "timestamp", .len = 9, .type = T_STR, .req = idreq, .flags = F_TIME},         \
	    FLD("version", T_STR, true), FLD("manufacturer", T_STR, true),                         \
	    FLD("serialNumber", T_STR, true)
enum { S_HEADERID, S_TIMESTAMP, S_VERSION, S_MANUFACTURER, S_SERIAL, S__HEADER };

VOBJ(o_state, HEADER(true), ARRO("maps", false, o_map), FLD("orderId", T_STR, true),
     U32("orderUpdateId", true), FLD("zoneSetId", T_STR, false), FLD("lastNodeId", T_STR, true),
     U32("lastNodeSequenceId", true), FLD("driving", T_BOOL, true), FLD("paused", T_BOOL, false),
     FLD("newBaseRequest", T_BOOL, false), FLD("distanceSinceLastNode", T_NUM, false),
     ENUM("operatingMode", true, e_opmode), ARRO("nodeStates", true, o_nodestate),
     ARRO("edgeStates", true, o_edgestate), OBJ("agvPosition", false, o_agvpos),
     OBJ("velocity", false, o_velocity), ARRO("loads", false, o_load),
     ARRO("actionStates", true, o_actionstate), OBJ("batteryState", true, o_battery),
     ARRO("errors", true, o_error), ARRO("information", false, o_info),
     OBJ("safetyState", true, o_safety));
enum {
	ST_MAPS = S__HEADER,
	ST_ORDERID,
	ST_ORDERUPD,
	ST_ZONESET,
	ST_LASTNODE,
	ST_LASTSEQ,
	ST_DRIVING,
	ST_PAUSED,
	ST_NEWBASE,
	ST_DIST,
	ST_OPMODE,
	ST_NODES,
	ST_EDGES,
	ST_POS,
	ST_VEL,
	ST_LOADS,
	ST_ACTIONS,
	ST_BATTERY,
	ST_ERRORS,
	ST_INFO,
	ST_SAFETY,
	ST__N
};

VOBJ(o_connection, HEADER(true), ENUM("connectionState", true, e_conn));
enum { CO_STATE = S__HEADER, CO__N };

/* The schema requires nothing of visualization; the spec's header rule
 * (every message starts with one) is what we hold it to. */
VOBJ(o_visualization, HEADER(true), OBJ("agvPosition", false, o_agvpos),
     OBJ("velocity", false, o_velocity));
enum { VI_POS = S__HEADER, VI_VEL, VI__N };

VOBJ(o_typespec, FLD("seriesName", T_STR, true), FLD("seriesDescription", T_STR, false),
     ENUM("agvKinematic", true, e_kinematic), ENUM("agvClass", true, e_class),
     NUMR("maxLoadMass", true, R_MIN, 0, 0), ARRE("localizationTypes", true, e_loc),
     ARRE("navigationTypes", true, e_nav));
VOBJ(o_physical, FLD("speedMin", T_NUM, true), FLD("speedMax", T_NUM, true),
     FLD("accelerationMax", T_NUM, true), FLD("decelerationMax", T_NUM, true),
     FLD("heightMin", T_NUM, false), FLD("heightMax", T_NUM, true), FLD("width", T_NUM, true),
     FLD("length", T_NUM, true));
VOBJ(o_optparam, FLD("parameter", T_STR, true), ENUM("support", true, e_support),
     FLD("description", T_STR, false));
VOBJ(o_agvaction, FLD("actionType", T_STR, true), FLD("actionDescription", T_STR, false),
     ARRE("actionScopes", true, e_scope), ARR("actionParameters", false, T_OBJ),
     FLD("resultDescription", T_STR, false));
VOBJ(o_features, ARRO("optionalParameters", true, o_optparam),
     ARRO("agvActions", true, o_agvaction));
/* The factsheet's headerId and timestamp are optional in the schema. */
VOBJ(o_factsheet, HEADER(false), OBJ("typeSpecification", true, o_typespec),
     OBJ("physicalParameters", true, o_physical), FLD("protocolLimits", T_OBJ, true),
     OBJ("protocolFeatures", true, o_features), FLD("agvGeometry", T_OBJ, true),
     FLD("loadSpecification", T_OBJ, true), FLD("vehicleConfig", T_OBJ, false));
enum { FS_TYPE = S__HEADER, FS_PHYS, FS_LIMITS, FS_FEATURES, FS__N };

#define MAX_SLOTS 32

static const vobj *const topic_table[FO_VDA__TOPICS] = {&o_state, &o_connection, &o_factsheet,
                                                        &o_visualization};

/* ------------------------------------------------------------ verdicts */

static int refuse(fo_vda_verdict *vd, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int refuse(fo_vda_verdict *vd, const char *reason, const char *fmt, ...)
{
	if (vd) {
		snprintf(vd->reason, sizeof vd->reason, "%s", reason);
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(vd->detail, sizeof vd->detail, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* ------------------------------------------------------------ validation */

/* The path of the value being checked, for the verdict's detail. */
typedef struct {
	const char *name[FO_VDA_MAX_DEPTH + 2];
	uint8_t namelen[FO_VDA_MAX_DEPTH + 2];
	int32_t index[FO_VDA_MAX_DEPTH + 2]; /* -1: a member, else an array index */
	size_t depth;
	const fo_vj_node *nodes;
	fo_vda_verdict *vd;
} vctx;

static void path_text(const vctx *c, char *buf, size_t len)
{
	size_t at = 0;
	buf[0] = 0;
	for (size_t i = 0; i < c->depth && at + 1 < len; i++) {
		int w;
		if (c->index[i] >= 0)
			w = snprintf(buf + at, len - at, "[%d]", (int)c->index[i]);
		else
			w = snprintf(buf + at, len - at, "%s%.*s", at ? "." : "",
			             (int)c->namelen[i], c->name[i]);
		if (w < 0)
			break;
		at += (size_t)w;
		if (at >= len)
			at = len - 1;
	}
}

static int vfail(vctx *c, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int vfail(vctx *c, const char *reason, const char *fmt, ...)
{
	char path[96], what[96];
	path_text(c, path, sizeof path);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return refuse(c->vd, reason, "%s: %s", path[0] ? path : "message", what);
}

static const char *type_word(uint32_t t)
{
	switch (t) {
	case FO_VJ_NULL:
		return "null";
	case FO_VJ_BOOL:
		return "boolean";
	case FO_VJ_INT:
	case FO_VJ_UINT:
		return "integer";
	case FO_VJ_DOUBLE:
		return "number";
	case FO_VJ_STRING:
		return "string";
	case FO_VJ_ARRAY:
		return "array";
	default:
		return "object";
	}
}

static const char *vtype_word(uint8_t t)
{
	static const char *w[] = {"string", "integer", "number", "boolean", "object", "array"};
	return t < 6 ? w[t] : "?";
}

static double num_of(const fo_vj_node *n)
{
	switch (n->type) {
	case FO_VJ_INT:
		return (double)n->v.i;
	case FO_VJ_UINT:
		return (double)n->v.u;
	case FO_VJ_DOUBLE:
		return n->v.d;
	default:
		return 0;
	}
}

/* Index of s in a NULL-terminated enum table, or -1. */
static int enum_index(const char *const *e, const char *s, uint32_t len)
{
	for (int i = 0; e[i]; i++)
		if (len && e[i][0] == s[0] && strlen(e[i]) == len && memcmp(e[i], s, len) == 0)
			return i;
	return -1;
}

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* ISO 8601 date-time as RFC 3339 has it: YYYY-MM-DDTHH:MM:SS[.f+](Z|+HH:MM). */
static bool is_date_time(const char *s, uint32_t len)
{
	if (len < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2) ||
	    s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
		return false;
	int mon = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
	int hh = (s[11] - '0') * 10 + (s[12] - '0'), mm = (s[14] - '0') * 10 + (s[15] - '0');
	int ss = (s[17] - '0') * 10 + (s[18] - '0');
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60)
		return false;
	uint32_t i = 19;
	if (s[i] == '.') {
		i++;
		uint32_t start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return false;
	}
	if (i < len && (s[i] == 'Z' || s[i] == 'z'))
		return i + 1 == len;
	return i + 6 == len && (s[i] == '+' || s[i] == '-') && digits(s + i + 1, 2) &&
	       s[i + 3] == ':' && digits(s + i + 4, 2);
}

static int check_object(vctx *c, uint32_t at, const vobj *o, uint32_t *slots);

/* Checks one value against its field's type (the item type for array
 * items). */
static int check_value(vctx *c, uint32_t at, const vfield *f, uint8_t type)
{
	const fo_vj_node *n = &c->nodes[at];
	bool ok;
	switch (type) {
	case T_STR:
		ok = n->type == FO_VJ_STRING;
		break;
	case T_INT:
		ok = n->type == FO_VJ_INT || n->type == FO_VJ_UINT ||
		     (n->type == FO_VJ_DOUBLE && n->v.d == floor(n->v.d));
		break;
	case T_NUM:
		ok = n->type == FO_VJ_INT || n->type == FO_VJ_UINT || n->type == FO_VJ_DOUBLE;
		break;
	case T_BOOL:
		ok = n->type == FO_VJ_BOOL;
		break;
	case T_OBJ:
		ok = n->type == FO_VJ_OBJECT;
		break;
	default:
		ok = n->type == FO_VJ_ARRAY;
		break;
	}
	if (!ok)
		return vfail(c, "type", "expected %s, got %s", vtype_word(type),
		             type_word(n->type));
	switch (type) {
	case T_STR:
		if (f->enums && enum_index(f->enums, n->v.s, n->count) < 0)
			return vfail(c, "enum", "'%.*s' is not one of its values",
			             (int)(n->count > 32 ? 32 : n->count), n->v.s);
		if ((f->flags & F_TIME) && !is_date_time(n->v.s, n->count))
			return vfail(c, "format", "'%.*s' is not an ISO 8601 date-time",
			             (int)(n->count > 32 ? 32 : n->count), n->v.s);
		return 0;
	case T_INT:
	case T_NUM: {
		double d = num_of(n);
		if ((f->flags & R_U32) && (n->type == FO_VJ_UINT || d < 0 || d > 4294967295.0))
			return vfail(c, "range", "%.17g is not a uint32", d);
		if ((f->flags & R_MIN) && d < f->min)
			return vfail(c, "range", "%g is below %g", d, f->min);
		if ((f->flags & R_MAX) && d > f->max)
			return vfail(c, "range", "%g is above %g", d, f->max);
		return 0;
	}
	case T_OBJ:
		return f->obj ? check_object(c, at, f->obj, NULL) : 0;
	case T_ARR: {
		if (n->count > FO_VDA_MAX_ARRAY)
			return vfail(c, "too_large", "%u elements, more than %u", n->count,
			             FO_VDA_MAX_ARRAY);
		if (c->depth >= FO_VDA_MAX_DEPTH)
			return vfail(c, "too_large", "nested too deep");
		uint32_t child = at + 1;
		for (uint32_t i = 0; i < n->count; i++) {
			c->name[c->depth] = NULL;
			c->namelen[c->depth] = 0;
			c->index[c->depth] = (int32_t)i;
			c->depth++;
			int rc = check_value(c, child, f, f->item);
			c->depth--;
			if (rc)
				return rc;
			child = c->nodes[child].next;
		}
		return 0;
	}
	default:
		return 0;
	}
}

/* Checks an object against o; slots (o->n entries, may be NULL) get the
 * node index of each field found, 0 when absent. */
static int check_object(vctx *c, uint32_t at, const vobj *o, uint32_t *slots)
{
	uint32_t local[MAX_SLOTS];
	if (!slots)
		slots = local;
	memset(slots, 0, o->n * sizeof *slots);
	const fo_vj_node *obj = &c->nodes[at];
	if (c->depth >= FO_VDA_MAX_DEPTH)
		return vfail(c, "too_large", "nested too deep");
	/* Senders keep their fields in one order, mostly the schema's: look
	 * where the last match left off first. */
	uint32_t child = at + 1;
	size_t hint = 0;
	for (uint32_t i = 0; i < obj->count; i++) {
		const fo_vj_node *m = &c->nodes[child];
		size_t k = hint;
		for (size_t t = 0; t < o->n; t++) {
			const vfield *f = &o->f[k];
			if (f->len == m->keylen && f->name[0] == m->key[0] &&
			    memcmp(f->name, m->key, f->len) == 0) {
				/* one value per field, or what is checked and what
				 * is applied could differ */
				if (slots[k]) {
					c->name[c->depth] = f->name;
					c->namelen[c->depth] = f->len;
					c->index[c->depth] = -1;
					c->depth++;
					return vfail(c, "json", "member appears twice");
				}
				slots[k] = child;
				hint = k + 1 == o->n ? 0 : k + 1;
				break;
			}
			k = k + 1 == o->n ? 0 : k + 1;
		}
		child = m->next;
	}
	for (size_t k = 0; k < o->n; k++) {
		const vfield *f = &o->f[k];
		c->name[c->depth] = f->name;
		c->namelen[c->depth] = f->len;
		c->index[c->depth] = -1;
		c->depth++;
		int rc = 0;
		if (!slots[k]) {
			if (f->req)
				rc = vfail(c, "missing", "required field is missing");
		} else {
			rc = check_value(c, slots[k], f, f->type);
		}
		c->depth--;
		if (rc)
			return rc;
	}
	return 0;
}

/* ------------------------------------------------------------ node reading */

/* The member called name of object node at, or 0. */
#define member(nodes, at, lit) member_n(nodes, at, lit, sizeof lit - 1)
/* at is an object node (0 is the root, not "absent": callers check). */
static uint32_t member_n(const fo_vj_node *nodes, uint32_t at, const char *name, size_t len)
{
	if (nodes[at].type != FO_VJ_OBJECT)
		return 0;
	uint32_t child = at + 1;
	for (uint32_t i = 0; i < nodes[at].count; i++) {
		if (nodes[child].keylen == len && nodes[child].key[0] == name[0] &&
		    memcmp(nodes[child].key, name, len) == 0)
			return child;
		child = nodes[child].next;
	}
	return 0;
}

static double num_at(const fo_vj_node *nodes, uint32_t at, double fallback)
{
	return at ? num_of(&nodes[at]) : fallback;
}

static bool bool_at(const fo_vj_node *nodes, uint32_t at, bool fallback)
{
	return at && nodes[at].type == FO_VJ_BOOL ? nodes[at].v.b : fallback;
}

/* Copies a string node into buf (truncated on a UTF-8 boundary). */
static void str_copy(char *buf, size_t len, const fo_vj_node *nodes, uint32_t at)
{
	size_t n = at ? nodes[at].count : 0;
	if (n >= len) {
		n = len - 1;
		while (n > 0 && ((unsigned char)nodes[at].v.s[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(buf, nodes[at].v.s, n);
	buf[n] = 0;
}

static bool str_eq(const fo_vj_node *n, const char *s)
{
	size_t len = strlen(s);
	return n->count == len && memcmp(n->v.s, s, len) == 0;
}

/* ------------------------------------------------------------ the store */

static fo_vda_store *store_of(fo_core *core)
{
	if (!core->vda) {
		fo_vda_store *s = calloc(1, sizeof *s);
		if (!s)
			abort();
		/* the parser's own limit sits above ours, so that ours speaks */
		s->parser = fo_vj_parser_new(FO_VDA_MAX_PAYLOAD + 64, FO_VDA_MAX_DEPTH);
		if (!s->parser)
			abort();
		s->tenant = -1;
		core->vda = s;
	}
	return core->vda;
}

void fo_vda_store_free(fo_vda_store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nveh; i++) {
		if (!s->veh[i])
			continue;
		free(s->veh[i]->block);
		free((void *)s->veh[i]->pub.factsheet);
		free(s->veh[i]);
	}
	free(s->veh);
	fo_vj_parser_free(s->parser);
	free(s);
}

/* The detail of vehicle idx, growing the table as needed. */
static vda_rec *detail_at(fo_vda_store *s, size_t idx)
{
	if (idx >= s->nveh) {
		size_t old = s->nveh;
		s->veh = fo_grow(s->veh, &s->nveh, idx + 1, sizeof *s->veh, 16);
		memset(s->veh + old, 0, (s->nveh - old) * sizeof *s->veh);
	}
	if (!s->veh[idx] && !(s->veh[idx] = calloc(1, sizeof **s->veh)))
		abort();
	return s->veh[idx];
}

/* The detail of vehicle idx once the codec applied a message of it, else
 * NULL. */
static vda_rec *detail_seen(fo_core *core, size_t idx)
{
	fo_vda_store *s = core->vda;
	if (!s || idx >= s->nveh || !s->veh[idx] || !s->veh[idx]->pub.version[0])
		return NULL;
	return s->veh[idx];
}

const fo_vda_vehicle *fo_vda_vehicle_get(fo_core *core, size_t idx)
{
	vda_rec *r = detail_seen(core, idx);
	return r ? &r->pub : NULL;
}

uint32_t fo_vda_next_header_id(fo_core *core, size_t idx, fo_vda_out_topic topic)
{
	vda_rec *r = detail_seen(core, idx);
	if (!r || (unsigned)topic > 1)
		return 0;
	return r->out_header[topic]++;
}

bool fo_vda_last_header(fo_core *core, size_t idx, fo_vda_topic topic, uint32_t *header_id)
{
	vda_rec *r = detail_seen(core, idx);
	if (!r || (unsigned)topic >= FO_VDA__TOPICS || !(r->header_seen & (1u << topic)))
		return false;
	*header_id = r->header[topic];
	return true;
}

/* ------------------------------------------------------------ names */

int fo_vda_topic_parse(const char *name)
{
	static const char *n[] = {"state", "connection", "factsheet", "visualization"};
	for (int i = 0; name && i < FO_VDA__TOPICS; i++)
		if (strcmp(name, n[i]) == 0)
			return i;
	return -1;
}

const char *fo_vda_topic_name(fo_vda_topic t)
{
	static const char *n[] = {"state", "connection", "factsheet", "visualization"};
	return (unsigned)t < FO_VDA__TOPICS ? n[t] : "?";
}

const char *fo_vda_conn_name(fo_vda_conn c)
{
	static const char *n[] = {"UNKNOWN", "ONLINE", "OFFLINE", "CONNECTIONBROKEN"};
	return (unsigned)c < 4 ? n[c] : "?";
}

const char *fo_vda_action_status_name(fo_vda_action_status s)
{
	return (unsigned)s < 6 ? e_action[s] : "?";
}

/* ------------------------------------------------------------ applying */

/* Rebuilds the vehicle's compact lists (nodes, edges, actions, loads) in
 * one heap block: the entries first, then their strings. */
typedef struct {
	uint32_t at;   /* array node */
	uint32_t keep; /* entries kept */
} list_ref;

static size_t kept_len(const fo_vj_node *nodes, uint32_t at)
{
	if (!at)
		return 1;
	size_t n = nodes[at].count;
	if (n > FO_VDA_STR_MAX) {
		n = FO_VDA_STR_MAX;
		while (n > 0 && ((unsigned char)nodes[at].v.s[n] & 0xC0) == 0x80)
			n--;
	}
	return n + 1;
}

/* Writes a kept string at *p; returns it. */
static const char *put_str(char **p, const fo_vj_node *nodes, uint32_t at)
{
	char *s = *p;
	size_t n = kept_len(nodes, at) - 1;
	if (n)
		memcpy(s, nodes[at].v.s, n);
	s[n] = 0;
	*p += n + 1;
	return s;
}

static void apply_lists(vda_rec *r, const fo_vj_node *nodes, const uint32_t *slots)
{
	fo_vda_vehicle *d = &r->pub;
	list_ref L[4] = {{slots[ST_NODES], 0},
	                 {slots[ST_EDGES], 0},
	                 {slots[ST_ACTIONS], 0},
	                 {slots[ST_LOADS], 0}};
	static const char *const idkey[4] = {"nodeId", "edgeId", "actionId", "loadId"};
	static const char *const typekey[4] = {NULL, NULL, "actionType", "loadType"};
	size_t need = 0;
	for (int k = 0; k < 4; k++) {
		if (!L[k].at)
			continue;
		uint32_t cnt = nodes[L[k].at].count;
		L[k].keep = cnt > FO_VDA_KEEP ? FO_VDA_KEEP : cnt;
		need += L[k].keep * (k < 2    ? sizeof(fo_vda_step_state)
		                     : k == 2 ? sizeof(fo_vda_action_state)
		                              : sizeof(fo_vda_load));
		uint32_t el = L[k].at + 1;
		for (uint32_t i = 0; i < L[k].keep; i++) {
			need += kept_len(nodes, member_n(nodes, el, idkey[k], strlen(idkey[k])));
			if (typekey[k])
				need += kept_len(
				    nodes, member_n(nodes, el, typekey[k], strlen(typekey[k])));
			el = nodes[el].next;
		}
	}
	if (need > r->block_cap || (r->block_cap > 4096 && need < r->block_cap / 4)) {
		free(r->block);
		size_t cap = (need + 63) & ~(size_t)63;
		r->block = cap ? malloc(cap) : NULL;
		if (cap && !r->block)
			abort();
		r->block_cap = (uint32_t)cap;
	}
	char *base = r->block;
	size_t entries = 0;
	for (int k = 0; k < 4; k++)
		entries += L[k].keep * (k < 2    ? sizeof(fo_vda_step_state)
		                        : k == 2 ? sizeof(fo_vda_action_state)
		                                 : sizeof(fo_vda_load));
	char *str = base ? base + entries : NULL;
	char *ent = base;

	fo_vda_step_state *steps[2] = {NULL, NULL};
	for (int k = 0; k < 2; k++) {
		steps[k] = L[k].keep ? (fo_vda_step_state *)(void *)ent : NULL;
		uint32_t el = L[k].at + 1;
		for (uint32_t i = 0; i < L[k].keep; i++) {
			fo_vda_step_state *st = &steps[k][i];
			st->id =
			    put_str(&str, nodes, member_n(nodes, el, idkey[k], strlen(idkey[k])));
			st->seq = (uint32_t)num_at(nodes, member(nodes, el, "sequenceId"), 0);
			st->released = bool_at(nodes, member(nodes, el, "released"), false);
			el = nodes[el].next;
		}
		ent += L[k].keep * sizeof(fo_vda_step_state);
	}
	fo_vda_action_state *acts = L[2].keep ? (fo_vda_action_state *)(void *)ent : NULL;
	uint32_t el = L[2].at + 1;
	for (uint32_t i = 0; i < L[2].keep; i++) {
		uint32_t st = member(nodes, el, "actionStatus");
		acts[i].id = put_str(&str, nodes, member(nodes, el, "actionId"));
		acts[i].type = put_str(&str, nodes, member(nodes, el, "actionType"));
		int e = st ? enum_index(e_action, nodes[st].v.s, nodes[st].count) : 0;
		acts[i].status = (fo_vda_action_status)(e < 0 ? 0 : e);
		el = nodes[el].next;
	}
	ent += L[2].keep * sizeof(fo_vda_action_state);
	fo_vda_load *loads = L[3].keep ? (fo_vda_load *)(void *)ent : NULL;
	el = L[3].at + 1;
	for (uint32_t i = 0; i < L[3].keep; i++) {
		loads[i].id = put_str(&str, nodes, member(nodes, el, "loadId"));
		loads[i].type = put_str(&str, nodes, member(nodes, el, "loadType"));
		loads[i].weight_kg = num_at(nodes, member(nodes, el, "weight"), -1);
		el = nodes[el].next;
	}
	d->nodes = steps[0];
	d->edges = steps[1];
	d->actions = acts;
	d->loads = loads;
	d->nnodes = (uint8_t)L[0].keep;
	d->nedges = (uint8_t)L[1].keep;
	d->nactions = (uint8_t)L[2].keep;
	d->nloads = (uint8_t)L[3].keep;
	d->nodes_more = L[0].at && nodes[L[0].at].count > L[0].keep;
	d->edges_more = L[1].at && nodes[L[1].at].count > L[1].keep;
	d->actions_more = L[2].at && nodes[L[2].at].count > L[2].keep;
	d->loads_more = L[3].at && nodes[L[3].at].count > L[3].keep;
	d->loads_known = L[3].at != 0;
}

static void apply_position(fo_vehicle *v, fo_vda_vehicle *d, const fo_vj_node *nodes, uint32_t pos,
                           uint32_t vel)
{
	if (pos) {
		double x0 = v->x, y0 = v->y;
		bool had = d->position_initialized;
		v->x = num_at(nodes, member(nodes, pos, "x"), v->x);
		v->y = num_at(nodes, member(nodes, pos, "y"), v->y);
		/* VDA 5050 carries no odometer: the distance between reported
		 * positions stands in for it; a jump of more than 25 m between two
		 * messages is a relocalization, not driving */
		double step = hypot(v->x - x0, v->y - y0);
		if (had && isfinite(step) && step < 25.0)
			v->odometer_m += step;
		v->theta = num_at(nodes, member(nodes, pos, "theta"), v->theta);
		str_copy(d->map_id, sizeof d->map_id, nodes, member(nodes, pos, "mapId"));
		d->position_initialized =
		    bool_at(nodes, member(nodes, pos, "positionInitialized"), false);
		d->localization_score =
		    (float)num_at(nodes, member(nodes, pos, "localizationScore"), -1);
	}
	if (vel) {
		double vx = num_at(nodes, member(nodes, vel, "vx"), 0);
		double vy = num_at(nodes, member(nodes, vel, "vy"), 0);
		v->speed = sqrt(vx * vx + vy * vy);
	}
}

static void apply_state(fo_vehicle *v, vda_rec *r, const fo_vj_node *nodes, const uint32_t *slots,
                        unsigned flags, uint64_t now)
{
	fo_vda_vehicle *d = &r->pub;
	if (!(flags & FO_VDA_F_RETAINED))
		v->online = true;
	d->retained_only = (flags & FO_VDA_F_RETAINED) != 0;
	const fo_vj_node *om = &nodes[slots[ST_OPMODE]];
	v->opmode = (fo_opmode)enum_index(e_opmode, om->v.s, om->count);
	uint32_t safety = slots[ST_SAFETY];
	uint32_t es = member(nodes, safety, "eStop");
	v->estop = (fo_estop)enum_index(e_estop, nodes[es].v.s, nodes[es].count);
	v->field_violation = bool_at(nodes, member(nodes, safety, "fieldViolation"), false);
	v->paused = bool_at(nodes, slots[ST_PAUSED], false);
	v->driving = bool_at(nodes, slots[ST_DRIVING], false);
	uint32_t bat = slots[ST_BATTERY];
	v->charging = bool_at(nodes, member(nodes, bat, "charging"), false);
	double charge = num_at(nodes, member(nodes, bat, "batteryCharge"), 0);
	v->battery = charge < 0 ? 0 : charge > 100 ? 100 : charge;
	apply_position(v, d, nodes, slots[ST_POS], slots[ST_VEL]);
	if (!slots[ST_VEL] && !v->driving)
		v->speed = 0;
	str_copy(v->order_id, sizeof v->order_id, nodes, slots[ST_ORDERID]);
	v->order_update = (uint32_t)num_at(nodes, slots[ST_ORDERUPD], 0);
	str_copy(v->last_node, sizeof v->last_node, nodes, slots[ST_LASTNODE]);
	v->last_node_seq = (uint32_t)num_at(nodes, slots[ST_LASTSEQ], 0);
	v->nodes_left = nodes[slots[ST_NODES]].count;
	uint32_t loads = slots[ST_LOADS];
	v->load[0] = 0;
	if (loads && nodes[loads].count)
		str_copy(v->load, sizeof v->load, nodes, member(nodes, loads + 1, "loadId"));

	/* errors: the first FO_MAX_VERRORS, keeping since_ms of those that
	 * were already there */
	fo_verror old[FO_MAX_VERRORS];
	uint8_t nold = v->nerrors > FO_MAX_VERRORS ? FO_MAX_VERRORS : v->nerrors;
	memcpy(old, v->errors, sizeof old);
	uint32_t errs = slots[ST_ERRORS];
	uint32_t el = errs + 1;
	uint8_t ne = 0;
	for (uint32_t i = 0; i < nodes[errs].count && ne < FO_MAX_VERRORS; i++) {
		fo_verror *e = &v->errors[ne++];
		memset(e, 0, sizeof *e);
		str_copy(e->type, sizeof e->type, nodes, member(nodes, el, "errorType"));
		str_copy(e->desc, sizeof e->desc, nodes, member(nodes, el, "errorDescription"));
		uint32_t lv = member(nodes, el, "errorLevel");
		e->level = str_eq(&nodes[lv], "FATAL") ? FO_ERRLVL_FATAL : FO_ERRLVL_WARNING;
		e->since_ms = now;
		for (uint8_t j = 0; j < nold; j++)
			if (strcmp(old[j].type, e->type) == 0 &&
			    strcmp(old[j].desc, e->desc) == 0) {
				e->since_ms = old[j].since_ms;
				break;
			}
		el = nodes[el].next;
	}
	for (uint8_t j = ne; j < FO_MAX_VERRORS; j++)
		memset(&v->errors[j], 0, sizeof v->errors[j]);
	v->nerrors = ne;

	bool acting = false;
	uint32_t acts = slots[ST_ACTIONS];
	el = acts + 1;
	for (uint32_t i = 0; i < nodes[acts].count; i++) {
		uint32_t st = member(nodes, el, "actionStatus");
		if (str_eq(&nodes[st], "RUNNING") || str_eq(&nodes[st], "INITIALIZING"))
			acting = true;
		el = nodes[el].next;
	}
	v->acting = acting;
	v->last_seen_ms = now;
	apply_lists(r, nodes, slots);
	d->state_seen = true;
}

static void set_conn(fo_vda_vehicle *d, fo_vda_conn c, uint64_t now)
{
	if (d->conn != c) {
		d->conn = c;
		d->conn_since_ms = now;
	}
}

static void apply_factsheet(fo_vda_vehicle *d, const fo_vj_node *nodes, const uint32_t *slots)
{
	fo_vda_factsheet *f = (fo_vda_factsheet *)d->factsheet;
	if (!f) {
		f = calloc(1, sizeof *f);
		if (!f)
			abort();
		d->factsheet = f;
	}
	uint32_t ts = slots[FS_TYPE], ph = slots[FS_PHYS];
	str_copy(f->series, sizeof f->series, nodes, member(nodes, ts, "seriesName"));
	str_copy(f->kinematic, sizeof f->kinematic, nodes, member(nodes, ts, "agvKinematic"));
	str_copy(f->agv_class, sizeof f->agv_class, nodes, member(nodes, ts, "agvClass"));
	f->max_load_kg = num_at(nodes, member(nodes, ts, "maxLoadMass"), 0);
	f->speed_max = num_at(nodes, member(nodes, ph, "speedMax"), 0);
	f->width = num_at(nodes, member(nodes, ph, "width"), 0);
	f->length = num_at(nodes, member(nodes, ph, "length"), 0);
	uint32_t acts = member(nodes, slots[FS_FEATURES], "agvActions");
	f->nactions = (uint16_t)(acts ? nodes[acts].count : 0);
}

/* ------------------------------------------------------------ ingest */

/* Checks a protocol version "MAJOR.MINOR.PATCH": major 2 is accepted. */
static int check_version(const fo_vj_node *n, fo_vda_verdict *vd)
{
	const char *s = n->v.s;
	uint32_t len = n->count, i = 0;
	unsigned long major = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9' && i < 6)
		major = major * 10 + (unsigned long)(s[i++] - '0');
	if (i == 0 || i >= len || s[i] != '.' || i + 1 >= len || s[i + 1] < '0' || s[i + 1] > '9')
		return refuse(vd, "version", "version '%.*s' is not MAJOR.MINOR.PATCH",
		              (int)(len > 16 ? 16 : len), s);
	if (major != 2)
		return refuse(vd, "version",
		              "protocol version %.*s is not supported (2.0.x and 2.1.x are)",
		              (int)(len > 16 ? 16 : len), s);
	return 0;
}

/* Whether headerId h on topic t comes in order; may note a run of stale
 * messages (which, three in sequence, re-seed the sequence: the vehicle
 * restarted its counters without a connection message). */
static bool header_in_order(vda_rec *d, fo_vda_topic t, uint32_t h, int conn_state)
{
	uint8_t bit = (uint8_t)(1u << t);
	if (!(d->header_seen & bit) || h > d->header[t] || (d->header_rearm & bit))
		return true;
	if (t == FO_VDA_CONNECTION) {
		/* the last will carries the headerId of connect time */
		if (conn_state == 2)
			return true;
		/* ONLINE after OFFLINE / CONNECTIONBROKEN, or at 0: a new session */
		if (conn_state == 0 && (h == 0 || d->pub.conn != FO_VDA_CONN_ONLINE))
			return true;
	}
	if (d->stale_run[t] && h == d->stale_next[t]) {
		if (d->stale_run[t] >= 2)
			return true;
		d->stale_run[t]++;
	} else {
		d->stale_run[t] = 1;
	}
	d->stale_next[t] = h + 1;
	return false;
}

/* The tenant and the manufacturer's fleet, made when missing. */
static long fleet_for(fo_vda_store *s, fo_model *m, const char *manufacturer)
{
	char err[160];
	if (s->tenant < 0) {
		for (size_t i = 0; i < fo_model_tenant_count(m); i++)
			if (strcmp(fo_model_tenant(m, i)->id, TENANT_ID) == 0)
				s->tenant = (long)i;
		if (s->tenant < 0)
			s->tenant = fo_model_tenant_add(m, TENANT_ID, "VDA 5050", err, sizeof err);
		if (s->tenant < 0)
			return -1;
	}
	char id[FO_ID_LEN];
	snprintf(id, sizeof id, "%s", manufacturer);
	long f = fo_model_fleet_find(m, id);
	if (f < 0)
		f = fo_model_fleet_add(m, id, manufacturer, (uint32_t)s->tenant, err, sizeof err);
	return f;
}

void fo_vda_note_unsupported(fo_core *core, const char *manufacturer, const char *serial_number,
                             const char *announced)
{
	if (!manufacturer || !*manufacturer || !serial_number || !*serial_number ||
	    strlen(serial_number) >= FO_ID_LEN)
		return;
	fo_model *m = core->model;
	long idx = fo_model_vehicle_find(m, serial_number);
	fo_vehicle *v;
	if (idx < 0) {
		char err[160];
		long fleet = fleet_for(store_of(core), m, manufacturer);
		if (fleet < 0)
			return;
		v = fo_model_vehicle_add(m, serial_number, (uint32_t)fleet, err, sizeof err);
		if (!v)
			return;
	} else {
		v = fo_model_vehicle(m, (size_t)idx);
		if (v->manufacturer[0] && strcmp(v->manufacturer, manufacturer) != 0)
			return; /* another manufacturer's vehicle: not ours to mark */
	}
	if (!v->manufacturer[0])
		snprintf(v->manufacturer, sizeof v->manufacturer, "%s", manufacturer);
	/* shown, never driven: offline with one fatal error that says why */
	v->online = false;
	memset(v->errors, 0, sizeof v->errors);
	snprintf(v->errors[0].type, sizeof v->errors[0].type, "unsupportedProtocolVersion");
	snprintf(v->errors[0].desc, sizeof v->errors[0].desc,
	         "speaks VDA 5050 %.12s (fleetops: 2.0.x, 2.1.x)", announced ? announced : "?");
	v->errors[0].level = FO_ERRLVL_FATAL;
	v->errors[0].since_ms = fo_wall_ms();
	v->nerrors = 1;
	v->last_seen_ms = fo_wall_ms();
	fo_model_touch(m, v);
}

int fo_vda_ingest_ex(fo_core *core, fo_vda_topic topic, const char *manufacturer,
                     const char *serial_number, const char *payload, size_t len, unsigned flags,
                     fo_vda_verdict *verdict)
{
	fo_vda_verdict scratch;
	fo_vda_verdict *vd = verdict ? verdict : &scratch;
	vd->reason[0] = 0;
	vd->detail[0] = 0;
	if ((unsigned)topic >= FO_VDA__TOPICS)
		return refuse(vd, "topic", "topic #%d is not an inbound VDA 5050 topic",
		              (int)topic);
	if (!payload)
		return refuse(vd, "json", "no payload");
	if (len > FO_VDA_MAX_PAYLOAD)
		return refuse(vd, "too_large", "payload of %zu bytes, more than %u", len,
		              FO_VDA_MAX_PAYLOAD);
	fo_vda_store *s = store_of(core);
	const fo_vj_node *nodes;
	size_t nn;
	char what[96];
	switch (fo_vj_parse(s->parser, payload, len, &nodes, &nn, what, sizeof what)) {
	case FO_VJ_OK:
		break;
	case FO_VJ_EUTF8:
		return refuse(vd, "utf8", "payload is not valid UTF-8");
	case FO_VJ_EDEPTH:
		return refuse(vd, "too_large", "nested deeper than %u levels", FO_VDA_MAX_DEPTH);
	case FO_VJ_ECAPACITY:
		return refuse(vd, "too_large", "payload too large to parse");
	default:
		return refuse(vd, "json", "not JSON: %s", what);
	}
	if (nodes[0].type != FO_VJ_OBJECT)
		return refuse(vd, "not_object", "message is a JSON %s, not an object",
		              type_word(nodes[0].type));

	/* the version first: another major version may differ in anything */
	uint32_t ver = member(nodes, 0, "version");
	if (ver && nodes[ver].type == FO_VJ_STRING && check_version(&nodes[ver], vd))
		return -1;

	const vobj *table = topic_table[topic];
	uint32_t slots[MAX_SLOTS];
	vctx c = {.nodes = nodes, .vd = vd};
	if (check_object(&c, 0, table, slots))
		return -1;

	/* identity: the payload must name the vehicle of the topic */
	const fo_vj_node *man = &nodes[slots[S_MANUFACTURER]], *ser = &nodes[slots[S_SERIAL]];
	if ((manufacturer && !str_eq(man, manufacturer)) ||
	    (serial_number && !str_eq(ser, serial_number)))
		return refuse(vd, "identity", "payload names %.*s/%.*s, topic %s/%s",
		              (int)(man->count > 24 ? 24 : man->count), man->v.s,
		              (int)(ser->count > 32 ? 32 : ser->count), ser->v.s,
		              manufacturer ? manufacturer : "-",
		              serial_number ? serial_number : "-");
	if (man->count == 0 || ser->count == 0 || memchr(man->v.s, 0, man->count) ||
	    memchr(ser->v.s, 0, ser->count))
		return refuse(vd, "identity", "empty or invalid manufacturer or serialNumber");
	if (ser->count >= FO_ID_LEN)
		return refuse(vd, "identity", "serialNumber is longer than %d bytes",
		              FO_ID_LEN - 1);
	char serial[FO_ID_LEN], manu[sizeof((fo_vehicle *)0)->manufacturer];
	str_copy(serial, sizeof serial, nodes, slots[S_SERIAL]);
	str_copy(manu, sizeof manu, nodes, slots[S_MANUFACTURER]);

	fo_model *m = core->model;
	long idx = fo_model_vehicle_find(m, serial);
	if (idx >= 0) {
		fo_vehicle *old = fo_model_vehicle(m, (size_t)idx);
		if (old->manufacturer[0] && strcmp(old->manufacturer, manu) != 0)
			return refuse(vd, "identity",
			              "vehicle %s belongs to manufacturer %s, not %s", serial,
			              old->manufacturer, manu);
	}

	/* sequencing */
	int conn_state = -1;
	if (topic == FO_VDA_CONNECTION) {
		const fo_vj_node *cs = &nodes[slots[CO_STATE]];
		conn_state = enum_index(e_conn, cs->v.s, cs->count);
	}
	vda_rec *d = idx >= 0 && (size_t)idx < s->nveh ? s->veh[idx] : NULL;
	uint32_t hid = slots[S_HEADERID] ? (uint32_t)num_of(&nodes[slots[S_HEADERID]]) : 0;
	/* the broker hands retained messages out again on every subscribe */
	if (d && slots[S_HEADERID] && (flags & FO_VDA_F_RETAINED) &&
	    (d->header_seen & (1u << topic)) && hid == d->header[topic]) {
		snprintf(vd->reason, sizeof vd->reason, "duplicate");
		snprintf(vd->detail, sizeof vd->detail,
		         "retained %s headerId %u was applied before; nothing changed",
		         fo_vda_topic_name(topic), hid);
		return 0;
	}
	if (d && slots[S_HEADERID] && !header_in_order(d, topic, hid, conn_state))
		return refuse(vd, "stale_header", "%s headerId %u after %u",
		              fo_vda_topic_name(topic), hid, d->header[topic]);

	/* applying: nothing below refuses */
	fo_vehicle *v;
	if (idx < 0) {
		char err[160];
		long fleet = fleet_for(s, m, manu);
		if (fleet < 0)
			return refuse(vd, "identity", "no fleet for manufacturer %s", manu);
		v = fo_model_vehicle_add(m, serial, (uint32_t)fleet, err, sizeof err);
		if (!v)
			return refuse(vd, "identity", "%s", err);
		idx = (long)v->idx;
		d = detail_at(s, (size_t)idx);
		/* a vehicle is online once we hear from it live */
		v->online = false;
	} else {
		v = fo_model_vehicle(m, (size_t)idx);
		if (!d)
			d = detail_at(s, (size_t)idx);
	}
	if (!v->manufacturer[0])
		snprintf(v->manufacturer, sizeof v->manufacturer, "%s", manu);

	uint64_t now = fo_wall_ms();
	if (slots[S_HEADERID]) {
		uint8_t bit = (uint8_t)(1u << topic);
		d->header[topic] = hid;
		d->header_seen |= bit;
		d->header_rearm &= (uint8_t)~bit;
		d->stale_run[topic] = 0;
	}
	str_copy(d->pub.version, sizeof d->pub.version, nodes, slots[S_VERSION]);
	d->pub.last_msg_ms = now;

	switch (topic) {
	case FO_VDA_STATE:
		apply_state(v, d, nodes, slots, flags, now);
		break;
	case FO_VDA_CONNECTION:
		if (conn_state == 0) {
			set_conn(&d->pub, FO_VDA_CONN_ONLINE, now);
			v->online = true;
			/* a new session may restart every other topic's headerIds */
			d->header_rearm |= (uint8_t)((1u << FO_VDA__TOPICS) - 1) &
			                   (uint8_t) ~(1u << FO_VDA_CONNECTION);
		} else {
			set_conn(&d->pub,
			         conn_state == 1 ? FO_VDA_CONN_OFFLINE : FO_VDA_CONN_BROKEN, now);
			v->online = false;
		}
		break;
	case FO_VDA_VISUALIZATION:
		apply_position(v, &d->pub, nodes, slots[VI_POS], slots[VI_VEL]);
		break;
	case FO_VDA_FACTSHEET:
		apply_factsheet(&d->pub, nodes, slots);
		break;
	default:
		break;
	}
	fo_model_touch(m, v);
	return 0;
}

int fo_vda_ingest(fo_core *core, fo_vda_topic topic, const char *manufacturer,
                  const char *serial_number, const char *payload, size_t len,
                  fo_vda_verdict *verdict)
{
	return fo_vda_ingest_ex(core, topic, manufacturer, serial_number, payload, len, 0, verdict);
}
