/* test_vda5050.c — the VDA 5050 codec: the reference state message applies
 * and fills the model; connection states; version refusal; header
 * sequencing; node, edge and action states; errors and safety; a corpus of
 * malformed messages, each refused with its reason and the model left as it
 * was; the outbound order and instantActions builders.
 *
 * With FO_VDA_SAMPLES=DIR set it also writes what the console publishes
 * (order, instantActions) into DIR for tests/vda/schema_check.sh. */
#include "helpers.h"

#include "vda5050.h"
#include "vda5050_json.h"

#define REF "tests/vda/reference-state.json"
#define MAN "AtlasMesh"
#define SER "AGV-00017"

typedef struct {
	fo_core *core;
	char *ref;
	size_t reflen;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->core = fo_test_core(NULL);
	char err[256];
	f->ref = fo_file_read(REF, &f->reflen, err, sizeof err);
	if (!f->ref)
		print_error("%s\n", err);
	assert_non_null(f->ref);
	while (f->reflen && (f->ref[f->reflen - 1] == '\n' || f->ref[f->reflen - 1] == ' '))
		f->ref[--f->reflen] = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	fo_core_free(f->core);
	free(f->ref);
	free(f);
	return 0;
}

static int ingest(fixture *f, fo_vda_topic t, const char *msg, fo_vda_verdict *vd)
{
	return fo_vda_ingest(f->core, t, MAN, SER, msg, strlen(msg), vd);
}

static fo_vehicle *vehicle(fixture *f, const char *id)
{
	fo_model *m = fo_core_model(f->core);
	long i = fo_model_vehicle_find(m, id);
	return i < 0 ? NULL : fo_model_vehicle(m, (size_t)i);
}

/* ---- text surgery on the reference message */

/* End of the JSON value starting at p. */
static const char *value_end(const char *p)
{
	int depth = 0;
	bool str = false;
	for (; *p; p++) {
		if (str) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"') {
				str = false;
				if (depth == 0)
					return p + 1;
			}
			continue;
		}
		if (*p == '"')
			str = true;
		else if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']') {
			if (depth == 0)
				return p;
			if (--depth == 0)
				return p + 1;
		} else if (depth == 0 && *p == ',')
			return p;
	}
	return p;
}

/* Start of the value of the member at a dotted path ("batteryState.charging"),
 * found by successive search; NULL when absent. */
static const char *find_value(const char *msg, const char *path)
{
	char part[64];
	const char *at = msg;
	while (*path) {
		size_t n = strcspn(path, ".");
		snprintf(part, sizeof part, "\"%.*s\":", (int)n, path);
		at = strstr(at, part);
		if (!at)
			return NULL;
		at += strlen(part);
		path += n;
		if (*path == '.')
			path++;
	}
	return at;
}

/* A copy of msg with the value at path replaced by text (OWNED). */
static char *with_value(const char *msg, const char *path, const char *text)
{
	const char *v = find_value(msg, path);
	assert_non_null(v);
	const char *e = value_end(v);
	size_t head = (size_t)(v - msg);
	char *out = malloc(strlen(msg) + strlen(text) + 1);
	assert_non_null(out);
	memcpy(out, msg, head);
	strcpy(out + head, text);
	strcat(out, e);
	return out;
}

/* A copy of msg without the member at path (OWNED). */
static char *without(const char *msg, const char *path)
{
	const char *v = find_value(msg, path);
	assert_non_null(v);
	/* back to the opening quote of the key */
	const char *k = v - 2;
	while (k > msg && *k != '"')
		k--;
	k--;
	while (k > msg && *k != '"')
		k--;
	const char *e = value_end(v);
	char *out = malloc(strlen(msg) + 1);
	assert_non_null(out);
	size_t head = (size_t)(k - msg);
	if (*e == ',') {
		e++;
	} else if (head && msg[head - 1] == ',') {
		head--;
	}
	memcpy(out, msg, head);
	strcpy(out + head, e);
	return out;
}

/* The reference with its headerId set to h (OWNED). */
static char *with_header(const char *msg, unsigned h)
{
	char num[16];
	snprintf(num, sizeof num, "%u", h);
	return with_value(msg, "headerId", num);
}

static char *connection_msg(unsigned h, const char *state, const char *version)
{
	char *m = malloc(512);
	assert_non_null(m);
	snprintf(m, 512,
	         "{\"headerId\":%u,\"timestamp\":\"2026-11-26T21:00:00.000Z\",\"version\":\"%s\","
	         "\"manufacturer\":\"" MAN "\",\"serialNumber\":\"" SER
	         "\",\"connectionState\":\"%s\"}",
	         h, version, state);
	return m;
}

/* ---- snapshots: what a refusal must leave as it was */

typedef struct {
	size_t nveh, nfleet, ntenant;
	uint64_t gen;
	size_t counts[FO_VS__COUNT];
	fo_vehicle v;
	bool has_v;
	uint32_t header[FO_VDA__TOPICS];
	bool header_seen[FO_VDA__TOPICS];
	uint8_t nnodes, nactions;
	char version[12];
} snapshot;

static void snap(fixture *f, snapshot *s)
{
	memset(s, 0, sizeof *s);
	fo_model *m = fo_core_model(f->core);
	s->nveh = fo_model_vehicle_count(m);
	s->nfleet = fo_model_fleet_count(m);
	s->ntenant = fo_model_tenant_count(m);
	s->gen = fo_model_generation(m);
	fo_model_state_counts(m, s->counts);
	fo_vehicle *v = vehicle(f, SER);
	if (v) {
		s->has_v = true;
		memcpy(&s->v, v, sizeof *v);
		for (int t = 0; t < FO_VDA__TOPICS; t++)
			s->header_seen[t] =
			    fo_vda_last_header(f->core, v->idx, (fo_vda_topic)t, &s->header[t]);
		const fo_vda_vehicle *d = fo_vda_vehicle_get(f->core, v->idx);
		if (d) {
			s->nnodes = d->nnodes;
			s->nactions = d->nactions;
			memcpy(s->version, d->version, sizeof s->version);
		}
	}
}

static void assert_same(fixture *f, const snapshot *a)
{
	snapshot b;
	snap(f, &b);
	assert_int_equal(a->nveh, b.nveh);
	assert_int_equal(a->nfleet, b.nfleet);
	assert_int_equal(a->ntenant, b.ntenant);
	assert_int_equal(a->gen, b.gen);
	assert_memory_equal(a->counts, b.counts, sizeof a->counts);
	assert_int_equal(a->has_v, b.has_v);
	assert_memory_equal(&a->v, &b.v, sizeof a->v);
	assert_memory_equal(a->header, b.header, sizeof a->header);
	assert_memory_equal(a->header_seen, b.header_seen, sizeof a->header_seen);
	assert_int_equal(a->nnodes, b.nnodes);
	assert_int_equal(a->nactions, b.nactions);
	assert_string_equal(a->version, b.version);
}

/* ---- the reference message */

static void test_reference_applies(void **state)
{
	fixture *f = *state;
	fo_vda_verdict vd;
	int rc = fo_vda_ingest(f->core, FO_VDA_STATE, MAN, SER, f->ref, f->reflen, &vd);
	if (rc)
		print_error("%s: %s\n", vd.reason, vd.detail);
	assert_int_equal(rc, 0);
	fo_vehicle *v = vehicle(f, SER);
	assert_non_null(v);
	assert_string_equal(v->manufacturer, MAN);
	assert_true(v->online);
	assert_int_equal(v->opmode, FO_OPMODE_AUTOMATIC);
	assert_int_equal(v->estop, FO_ESTOP_NONE);
	assert_false(v->field_violation);
	assert_false(v->paused);
	assert_true(v->driving);
	assert_false(v->charging);
	assert_false(v->acting);
	assert_near(v->x, 11.873, 1e-9);
	assert_near(v->y, 3.112, 1e-9);
	assert_near(v->theta, 1.5708, 1e-9);
	assert_near(v->speed, 1.2, 1e-9);
	assert_near(v->battery, 73.5, 1e-9);
	assert_string_equal(v->order_id, "order-5521");
	assert_int_equal(v->order_update, 3);
	assert_string_equal(v->last_node, "n12");
	assert_int_equal(v->last_node_seq, 4);
	assert_int_equal(v->nodes_left, 2);
	assert_string_equal(v->load, "pallet-88");
	assert_int_equal(v->nerrors, 0);
	assert_true(v->last_seen_ms > 0);
	assert_int_equal(fo_vehicle_state(v), FO_VS_DRIVING);

	fo_model *m = fo_core_model(f->core);
	const fo_fleet *fl = fo_model_fleet(m, v->fleet);
	assert_string_equal(fl->id, MAN);
	assert_string_equal(fo_model_tenant(m, fl->tenant)->id, "vda5050");

	const fo_vda_vehicle *d = fo_vda_vehicle_get(f->core, v->idx);
	assert_non_null(d);
	assert_string_equal(d->version, "2.0.0");
	assert_true(d->state_seen);
	uint32_t hid = 0;
	assert_true(fo_vda_last_header(f->core, v->idx, FO_VDA_STATE, &hid));
	assert_int_equal(hid, 1024);
	assert_false(fo_vda_last_header(f->core, v->idx, FO_VDA_CONNECTION, &hid));
	assert_string_equal(d->map_id, "depot-a");
	assert_true(d->position_initialized);
	assert_near(d->localization_score, 0.97, 1e-6);
	assert_int_equal(d->nnodes, 2);
	assert_string_equal(d->nodes[0].id, "n13");
	assert_int_equal(d->nodes[0].seq, 6);
	assert_true(d->nodes[0].released);
	assert_string_equal(d->nodes[1].id, "n14");
	assert_int_equal(d->nedges, 2);
	assert_string_equal(d->edges[0].id, "e12-13");
	assert_int_equal(d->edges[1].seq, 7);
	assert_int_equal(d->nactions, 2);
	assert_string_equal(d->actions[0].id, "a-1");
	assert_string_equal(d->actions[0].type, "pick");
	assert_int_equal(d->actions[0].status, FO_VDA_ACT_FINISHED);
	assert_int_equal(d->actions[1].status, FO_VDA_ACT_WAITING);
	assert_int_equal(d->nloads, 1);
	assert_true(d->loads_known);
	assert_string_equal(d->loads[0].id, "pallet-88");
	assert_string_equal(d->loads[0].type, "EUR");
	assert_near(d->loads[0].weight_kg, 412.5, 1e-9);
	assert_false(d->nodes_more);
	assert_null(d->factsheet);
	assert_true(d->last_msg_ms > 0);
	assert_null(fo_vda_vehicle_get(f->core, v->idx + 1));

	/* a 2.1.0 copy and a visualization apply too */
	char *m2 = with_value(f->ref, "version", "\"2.1.0\"");
	char *m3 = with_header(m2, 1025);
	assert_int_equal(ingest(f, FO_VDA_STATE, m3, &vd), 0);
	assert_string_equal(fo_vda_vehicle_get(f->core, v->idx)->version, "2.1.0");
	free(m2);
	free(m3);
	const char *vis =
	    "{\"headerId\":1,\"timestamp\":\"2026-11-26T21:00:01.000Z\","
	    "\"version\":\"2.1.0\",\"manufacturer\":\"" MAN "\",\"serialNumber\":\"" SER
	    "\",\"agvPosition\":{\"x\":20,\"y\":-4.5,\"theta\":0,\"mapId\":\"hall-2\","
	    "\"positionInitialized\":true},\"velocity\":{\"vx\":0.3,\"vy\":0.4}}";
	assert_int_equal(ingest(f, FO_VDA_VISUALIZATION, vis, &vd), 0);
	v = vehicle(f, SER);
	assert_near(v->x, 20, 1e-9);
	assert_near(v->y, -4.5, 1e-9);
	assert_near(v->speed, 0.5, 1e-9);
	assert_string_equal(fo_vda_vehicle_get(f->core, v->idx)->map_id, "hall-2");
	assert_int_equal(fo_vda_topic_parse("visualization"), FO_VDA_VISUALIZATION);
	assert_int_equal(fo_vda_topic_parse("order"), -1);
	assert_string_equal(fo_vda_topic_name(FO_VDA_CONNECTION), "connection");
}

static void test_factsheet(void **state)
{
	fixture *f = *state;
	const char *fs =
	    "{\"headerId\":0,\"timestamp\":\"2026-11-26T21:00:00Z\",\"version\":\"2.1.0\","
	    "\"manufacturer\":\"" MAN "\",\"serialNumber\":\"" SER "\","
	    "\"typeSpecification\":{\"seriesName\":\"Mule\",\"agvKinematic\":\"DIFF\","
	    "\"agvClass\":\"CARRIER\",\"maxLoadMass\":500,\"localizationTypes\":[\"NATURAL\"],"
	    "\"navigationTypes\":[\"AUTONOMOUS\"]},"
	    "\"physicalParameters\":{\"speedMin\":0,\"speedMax\":2,\"accelerationMax\":1,"
	    "\"decelerationMax\":1,\"heightMax\":2,\"width\":0.8,\"length\":1.2},"
	    "\"protocolLimits\":{\"maxStringLens\":{},\"maxArrayLens\":{},\"timing\":"
	    "{\"minOrderInterval\":1,\"minStateInterval\":0.5}},"
	    "\"protocolFeatures\":{\"optionalParameters\":[],\"agvActions\":[{\"actionType\":"
	    "\"pick\",\"actionScopes\":[\"NODE\"]}]},\"agvGeometry\":{},\"loadSpecification\":{}}";
	fo_vda_verdict vd;
	int rc = ingest(f, FO_VDA_FACTSHEET, fs, &vd);
	if (rc)
		print_error("%s: %s\n", vd.reason, vd.detail);
	assert_int_equal(rc, 0);
	fo_vehicle *v = vehicle(f, SER);
	const fo_vda_vehicle *d = fo_vda_vehicle_get(f->core, v->idx);
	assert_non_null(d->factsheet);
	assert_string_equal(d->factsheet->series, "Mule");
	assert_string_equal(d->factsheet->kinematic, "DIFF");
	assert_string_equal(d->factsheet->agv_class, "CARRIER");
	assert_near(d->factsheet->speed_max, 2, 1e-9);
	assert_int_equal(d->factsheet->nactions, 1);
	/* a vehicle first seen by its factsheet is not online yet */
	assert_false(v->online);
	char *bad = with_value(fs, "agvKinematic", "\"HOVER\"");
	snapshot s;
	snap(f, &s);
	assert_int_equal(ingest(f, FO_VDA_FACTSHEET, bad, &vd), -1);
	assert_string_equal(vd.reason, "enum");
	assert_same(f, &s);
	free(bad);
}

/* ---- connection */

static void test_connection(void **state)
{
	fixture *f = *state;
	fo_vda_verdict vd;
	char *on = connection_msg(5, "ONLINE", "2.1.0");
	assert_int_equal(ingest(f, FO_VDA_CONNECTION, on, &vd), 0);
	fo_vehicle *v = vehicle(f, SER);
	assert_non_null(v);
	assert_true(v->online);
	const fo_vda_vehicle *d = fo_vda_vehicle_get(f->core, v->idx);
	assert_int_equal(d->conn, FO_VDA_CONN_ONLINE);
	assert_true(d->conn_since_ms > 0);
	assert_string_equal(fo_vda_conn_name(d->conn), "ONLINE");
	/* heard, but its state is not known yet */
	assert_false(d->state_seen);

	assert_int_equal(fo_vda_ingest(f->core, FO_VDA_STATE, MAN, SER, f->ref, f->reflen, &vd), 0);
	assert_true(d->state_seen);

	char *off = connection_msg(6, "OFFLINE", "2.1.0");
	assert_int_equal(ingest(f, FO_VDA_CONNECTION, off, &vd), 0);
	v = vehicle(f, SER);
	assert_false(v->online);
	assert_int_equal(d->conn, FO_VDA_CONN_OFFLINE);
	assert_int_equal(fo_vehicle_state(v), FO_VS_OFFLINE);

	/* back online (a new session: headerIds may restart), then the broker's
	 * last will, whose headerId dates from connect time */
	char *on2 = connection_msg(0, "ONLINE", "2.1.0");
	assert_int_equal(ingest(f, FO_VDA_CONNECTION, on2, &vd), 0);
	assert_true(vehicle(f, SER)->online);
	char *st0 = with_header(f->ref, 0);
	assert_int_equal(ingest(f, FO_VDA_STATE, st0, &vd), 0);  /* restart to 0 after ONLINE */
	assert_int_equal(ingest(f, FO_VDA_STATE, st0, &vd), -1); /* but only once */
	assert_string_equal(vd.reason, "stale_header");
	char *will = connection_msg(0, "CONNECTIONBROKEN", "2.1.0");
	assert_int_equal(ingest(f, FO_VDA_CONNECTION, will, &vd), 0);
	v = vehicle(f, SER);
	assert_false(v->online);
	assert_int_equal(d->conn, FO_VDA_CONN_BROKEN);
	assert_true(d->state_seen); /* kept across sessions */
	/* an old ONLINE while online is stale */
	char *on3 = connection_msg(1, "ONLINE", "2.1.0");
	assert_int_equal(ingest(f, FO_VDA_CONNECTION, on3, &vd), 0);
	char *on4 = connection_msg(1, "ONLINE", "2.1.0");
	assert_int_equal(ingest(f, FO_VDA_CONNECTION, on4, &vd), -1);
	assert_string_equal(vd.reason, "stale_header");
	free(on);
	free(off);
	free(on2);
	free(st0);
	free(will);
	free(on3);
	free(on4);
}

/* Retained messages seen on subscribe: a stale state shows the vehicle
 * but not as online; the retained last will keeps it offline. */
static void test_retained_on_connect(void **state)
{
	fixture *f = *state;
	fo_vda_verdict vd;
	assert_int_equal(fo_vda_ingest_ex(f->core, FO_VDA_STATE, MAN, SER, f->ref, f->reflen,
	                                  FO_VDA_F_RETAINED, &vd),
	                 0);
	fo_vehicle *v = vehicle(f, SER);
	assert_non_null(v);
	assert_false(v->online);
	assert_near(v->battery, 73.5, 1e-9);
	const fo_vda_vehicle *d = fo_vda_vehicle_get(f->core, v->idx);
	assert_true(d->retained_only);
	assert_true(d->state_seen); /* a retained state counts */
	char *will = connection_msg(3, "CONNECTIONBROKEN", "2.0.0");
	assert_int_equal(fo_vda_ingest_ex(f->core, FO_VDA_CONNECTION, MAN, SER, will, strlen(will),
	                                  FO_VDA_F_RETAINED, &vd),
	                 0);
	assert_false(vehicle(f, SER)->online);
	assert_int_equal(d->conn, FO_VDA_CONN_BROKEN);
	/* the vehicle comes back: ONLINE, then a live state with a fresh count */
	char *on = connection_msg(0, "ONLINE", "2.0.0");
	assert_int_equal(ingest(f, FO_VDA_CONNECTION, on, &vd), 0);
	/* a resubscribe hands the retained ONLINE out again: no change */
	assert_int_equal(fo_vda_ingest_ex(f->core, FO_VDA_CONNECTION, MAN, SER, on, strlen(on),
	                                  FO_VDA_F_RETAINED, &vd),
	                 0);
	assert_string_equal(vd.reason, "duplicate");
	char *st = with_header(f->ref, 1);
	assert_int_equal(ingest(f, FO_VDA_STATE, st, &vd), 0);
	assert_true(vehicle(f, SER)->online);
	assert_false(d->retained_only);
	free(will);
	free(on);
	free(st);
}

/* ---- versions */

static void test_versions(void **state)
{
	fixture *f = *state;
	fo_vda_verdict vd;
	static const char *bad[] = {"\"3.0.0\"", "\"1.1.0\"", "\"20.0.0\"", "\"abc\"",
	                            "\"2\"",     "\"\"",      "\"v2.0.0\""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snapshot s;
		snap(f, &s);
		char *m = with_value(f->ref, "version", bad[i]);
		int rc = ingest(f, FO_VDA_STATE, m, &vd);
		if (rc != -1)
			print_error("version %s accepted\n", bad[i]);
		assert_int_equal(rc, -1);
		assert_string_equal(vd.reason, "version");
		assert_same(f, &s);
		free(m);
	}
	assert_null(vehicle(f, SER)); /* never added */
	char *c3 = connection_msg(1, "ONLINE", "3.0.0");
	assert_int_equal(ingest(f, FO_VDA_CONNECTION, c3, &vd), -1);
	assert_string_equal(vd.reason, "version");
	assert_contains(vd.detail, "3.0.0");
	free(c3);
	static const char *good[] = {"\"2.0.0\"", "\"2.1.0\"", "\"2.0.1\"", "\"2.1.3\""};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char *m = with_value(f->ref, "version", good[i]);
		char *m2 = with_header(m, 2000 + (unsigned)i);
		int rc = ingest(f, FO_VDA_STATE, m2, &vd);
		if (rc)
			print_error("%s: %s: %s\n", good[i], vd.reason, vd.detail);
		assert_int_equal(rc, 0);
		free(m);
		free(m2);
	}
}

/* ---- header sequencing */

static void test_headers(void **state)
{
	fixture *f = *state;
	fo_vda_verdict vd;
	assert_int_equal(fo_vda_ingest(f->core, FO_VDA_STATE, MAN, SER, f->ref, f->reflen, &vd), 0);
	snapshot s;
	snap(f, &s);
	assert_int_equal(fo_vda_ingest(f->core, FO_VDA_STATE, MAN, SER, f->ref, f->reflen, &vd),
	                 -1);
	assert_string_equal(vd.reason, "stale_header");
	assert_contains(vd.detail, "1024");
	assert_same(f, &s);
	char *m = with_header(f->ref, 1000);
	assert_int_equal(ingest(f, FO_VDA_STATE, m, &vd), -1);
	assert_string_equal(vd.reason, "stale_header");
	assert_same(f, &s);
	free(m);
	m = with_header(f->ref, 1025);
	assert_int_equal(ingest(f, FO_VDA_STATE, m, &vd), 0);
	free(m);
	/* headerIds count per topic: a visualization at 1 is fine */
	const char *vis =
	    "{\"headerId\":1,\"timestamp\":\"2026-11-26T21:00:01.000Z\","
	    "\"version\":\"2.1.0\",\"manufacturer\":\"" MAN "\",\"serialNumber\":\"" SER "\"}";
	assert_int_equal(ingest(f, FO_VDA_VISUALIZATION, vis, &vd), 0);
	/* a vehicle that restarts its counter without telling: three in a row
	 * re-seed the sequence */
	for (unsigned h = 5; h <= 7; h++) {
		m = with_header(f->ref, h);
		int rc = ingest(f, FO_VDA_STATE, m, &vd);
		assert_int_equal(rc, h < 7 ? -1 : 0);
		free(m);
	}
	m = with_header(f->ref, 8);
	assert_int_equal(ingest(f, FO_VDA_STATE, m, &vd), 0);
	free(m);
	fo_vehicle *v = vehicle(f, SER);
	uint32_t hid = 0;
	assert_true(fo_vda_last_header(f->core, v->idx, FO_VDA_STATE, &hid));
	assert_int_equal(hid, 8);
	/* outbound headerIds count per topic from 0 */
	assert_int_equal(fo_vda_next_header_id(f->core, v->idx, FO_VDA_OUT_ORDER), 0);
	assert_int_equal(fo_vda_next_header_id(f->core, v->idx, FO_VDA_OUT_ORDER), 1);
	assert_int_equal(fo_vda_next_header_id(f->core, v->idx, FO_VDA_OUT_INSTANT_ACTIONS), 0);
}

/* ---- node, edge and action states */

static void test_order_progress(void **state)
{
	fixture *f = *state;
	fo_vda_verdict vd;
	/* PAUSED (2.1 text, not in the 2.1.0 schema) and RUNNING; orderId "" */
	char *m1 = with_value(f->ref, "actionStates",
	                      "[{\"actionId\":\"a-9\",\"actionType\":\"lift\",\"actionStatus\":"
	                      "\"PAUSED\"},{\"actionId\":\"a-10\",\"actionStatus\":\"RUNNING\"}]");
	char *m2 = with_value(m1, "orderId", "\"\"");
	int rc = ingest(f, FO_VDA_STATE, m2, &vd);
	if (rc)
		print_error("%s: %s\n", vd.reason, vd.detail);
	assert_int_equal(rc, 0);
	fo_vehicle *v = vehicle(f, SER);
	assert_string_equal(v->order_id, "");
	assert_true(v->acting);
	const fo_vda_vehicle *d = fo_vda_vehicle_get(f->core, v->idx);
	assert_int_equal(d->nactions, 2);
	assert_int_equal(d->actions[0].status, FO_VDA_ACT_PAUSED);
	assert_string_equal(d->actions[1].type, "");
	assert_int_equal(d->actions[1].status, FO_VDA_ACT_RUNNING);
	assert_string_equal(fo_vda_action_status_name(d->actions[0].status), "PAUSED");

	/* 40 nodes: 16 kept, the count in nodes_left */
	size_t cap = 64 * 40 + 16;
	char *arr = malloc(cap);
	assert_non_null(arr);
	size_t at = 0;
	arr[at++] = '[';
	for (int i = 0; i < 40; i++)
		at +=
		    (size_t)snprintf(arr + at, cap - at,
		                     "%s{\"nodeId\":\"node-%d\",\"sequenceId\":%d,\"released\":%s}",
		                     i ? "," : "", i, 2 * i, i < 10 ? "true" : "false");
	arr[at++] = ']';
	arr[at] = 0;
	char *m3 = with_value(f->ref, "nodeStates", arr);
	char *m4 = with_header(m3, 2000);
	char *m5 = with_value(m4, "edgeStates", "[]");
	char *m6 = with_value(m5, "loads", "[]");
	assert_int_equal(ingest(f, FO_VDA_STATE, m6, &vd), 0);
	v = vehicle(f, SER);
	d = fo_vda_vehicle_get(f->core, v->idx);
	assert_int_equal(v->nodes_left, 40);
	assert_int_equal(d->nnodes, FO_VDA_KEEP);
	assert_true(d->nodes_more);
	assert_string_equal(d->nodes[15].id, "node-15");
	assert_int_equal(d->nodes[15].seq, 30);
	assert_false(d->nodes[15].released);
	assert_int_equal(d->nedges, 0);
	assert_null(d->edges);
	assert_int_equal(d->nloads, 0);
	assert_true(d->loads_known);
	assert_string_equal(v->load, "");
	/* no loads field: the vehicle cannot tell */
	char *m7 = without(m6, "loads");
	char *m8 = with_header(m7, 2001);
	assert_int_equal(ingest(f, FO_VDA_STATE, m8, &vd), 0);
	assert_false(fo_vda_vehicle_get(f->core, v->idx)->loads_known);
	/* a long id is kept truncated */
	char longid[200];
	memset(longid, 'x', sizeof longid);
	longid[0] = '"';
	longid[150] = '"';
	longid[151] = 0;
	char *m9 = with_value(m8, "nodeStates", "[]");
	char *m10 = with_value(m9, "actionStates", "[]");
	char buf[300];
	snprintf(buf, sizeof buf, "[{\"actionId\":%s,\"actionStatus\":\"FAILED\"}]", longid);
	char *m11 = with_value(m10, "actionStates", buf);
	char *m12 = with_header(m11, 2002);
	assert_int_equal(ingest(f, FO_VDA_STATE, m12, &vd), 0);
	d = fo_vda_vehicle_get(f->core, v->idx);
	assert_int_equal(strlen(d->actions[0].id), FO_VDA_STR_MAX);
	assert_int_equal(d->nnodes, 0);
	assert_int_equal(vehicle(f, SER)->nodes_left, 0);
	free(m1), free(m2), free(arr), free(m3), free(m4), free(m5), free(m6), free(m7), free(m8);
	free(m9), free(m10), free(m11), free(m12);
}

/* Every optional part of a state, well formed, applies. */
static void test_optional_parts(void **state)
{
	fixture *f = *state;
	fo_vda_verdict vd;
	char *m1 = with_value(
	    f->ref, "edgeStates",
	    "[{\"edgeId\":\"e\",\"sequenceId\":1,\"released\":true,\"edgeDescription\":\"d\","
	    "\"trajectory\":{\"degree\":1,\"knotVector\":[0,0,1,1],\"controlPoints\":[{\"x\":0,"
	    "\"y\":0,\"weight\":1},{\"x\":1,\"y\":1}]}}]");
	char *m2 = with_value(m1, "zoneSetId",
	                      "\"depot-a\",\"maps\":[{\"mapId\":\"m\",\"mapVersion\":\"1\","
	                      "\"mapStatus\":\"ENABLED\"}]");
	char *m3 = with_value(m2, "information",
	                      "[{\"infoType\":\"t\",\"infoLevel\":\"DEBUG\",\"infoReferences\":"
	                      "[{\"referenceKey\":\"k\",\"referenceValue\":\"v\"}]}]");
	char *m4 = with_value(m3, "loads",
	                      "[{\"loadId\":\"L1\",\"loadPosition\":\"front\","
	                      "\"boundingBoxReference\":{\"x\":0,\"y\":0,\"z\":0.1},"
	                      "\"loadDimensions\":{\"length\":1.2,\"width\":0.8}},{}]");
	char *m5 = with_value(m4, "timestamp", "\"2026-11-26T22:00:00.5+01:00\"");
	char *m7 = with_value(m5, "newBaseRequest", "false,\"vendorExtension\":{\"a\":[null]}");
	int rc = ingest(f, FO_VDA_STATE, m7, &vd);
	if (rc)
		print_error("%s: %s\n", vd.reason, vd.detail);
	assert_int_equal(rc, 0);
	fo_vehicle *v = vehicle(f, SER);
	const fo_vda_vehicle *d = fo_vda_vehicle_get(f->core, v->idx);
	assert_int_equal(d->nedges, 1);
	assert_int_equal(d->nloads, 2);
	assert_string_equal(d->loads[1].id, "");
	assert_near(d->loads[1].weight_kg, -1, 0);
	assert_string_equal(v->load, "L1");
	free(m1), free(m2), free(m3), free(m4), free(m5), free(m7);
}

/* ---- errors and safety */

static void test_errors_safety(void **state)
{
	fixture *f = *state;
	fo_vda_verdict vd;
	char *m1 = with_value(
	    f->ref, "errors",
	    "[{\"errorType\":\"laserDirty\",\"errorLevel\":\"WARNING\",\"errorDescription\":"
	    "\"front scanner\"},{\"errorType\":\"motor\",\"errorLevel\":\"FATAL\","
	    "\"errorReferences\":[{\"referenceKey\":\"nodeId\",\"referenceValue\":\"n12\"}]},"
	    "{\"errorType\":\"e3\",\"errorLevel\":\"WARNING\"},{\"errorType\":\"e4\","
	    "\"errorLevel\":"
	    "\"WARNING\"},{\"errorType\":\"e5\",\"errorLevel\":\"WARNING\"}]");
	assert_int_equal(ingest(f, FO_VDA_STATE, m1, &vd), 0);
	fo_vehicle *v = vehicle(f, SER);
	assert_int_equal(v->nerrors, 4);
	assert_string_equal(v->errors[0].type, "laserDirty");
	assert_string_equal(v->errors[0].desc, "front scanner");
	assert_int_equal(v->errors[0].level, FO_ERRLVL_WARNING);
	assert_int_equal(v->errors[1].level, FO_ERRLVL_FATAL);
	assert_int_equal(fo_vehicle_state(v), FO_VS_ERROR);
	uint64_t since = v->errors[0].since_ms;
	assert_true(since > 0);

	/* the same errors later keep their since; an e-stop wins over errors */
	char *m2 = with_value(m1, "safetyState", "{\"eStop\":\"AUTOACK\",\"fieldViolation\":true}");
	char *m3 = with_header(m2, 1025);
	assert_int_equal(ingest(f, FO_VDA_STATE, m3, &vd), 0);
	v = vehicle(f, SER);
	assert_int_equal(v->errors[0].since_ms, since);
	assert_int_equal(v->estop, FO_ESTOP_AUTOACK);
	assert_true(v->field_violation);
	assert_int_equal(fo_vehicle_state(v), FO_VS_ESTOP);

	/* cleared; paused; charging; another operating mode */
	char *m4 = with_header(f->ref, 1026);
	char *m5 = with_value(m4, "paused", "true");
	char *m6 = with_value(m5, "batteryState",
	                      "{\"batteryCharge\":12.5,\"charging\":true,\"batteryHealth\":80}");
	char *m7 = with_value(m6, "operatingMode", "\"MANUAL\"");
	char *m8 = with_value(m7, "driving", "false");
	assert_int_equal(ingest(f, FO_VDA_STATE, m8, &vd), 0);
	v = vehicle(f, SER);
	assert_int_equal(v->nerrors, 0);
	assert_int_equal(v->estop, FO_ESTOP_NONE);
	assert_true(v->paused);
	assert_true(v->charging);
	assert_near(v->battery, 12.5, 1e-9);
	assert_int_equal(v->opmode, FO_OPMODE_MANUAL);
	assert_int_equal(fo_vehicle_state(v), FO_VS_PAUSED);
	free(m1), free(m2), free(m3), free(m4), free(m5), free(m6), free(m7), free(m8);
}

/* ---- the corpus of malformed messages */

typedef struct {
	fo_vda_topic topic;
	char *msg; /* OWNED */
	size_t len;
	const char *reason;
	const char *what;
} bad_msg;

typedef struct {
	bad_msg *v;
	size_t n, cap;
} corpus;

static void add(corpus *c, fo_vda_topic t, char *msg, size_t len, const char *reason,
                const char *what)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = realloc(c->v, c->cap * sizeof *c->v);
		assert_non_null(c->v);
	}
	c->v[c->n++] = (bad_msg){t, msg, len, reason, what};
}

static void add_s(corpus *c, fo_vda_topic t, char *msg, const char *reason, const char *what)
{
	add(c, t, msg, strlen(msg), reason, what);
}

static char *dup_s(const char *s)
{
	char *d = strdup(s);
	assert_non_null(d);
	return d;
}

/* Fields of the reference state: path, a value of the wrong type, required. */
static const struct {
	const char *path;
	const char *wrong;
	bool required;
} fields[] = {
    {"headerId", "\"1024\"", true},
    {"timestamp", "1700000000", true},
    {"version", "2", true},
    {"manufacturer", "null", true},
    {"serialNumber", "17", true},
    {"orderId", "5521", true},
    {"orderUpdateId", "\"3\"", true},
    {"zoneSetId", "[]", false},
    {"lastNodeId", "12", true},
    {"lastNodeSequenceId", "4.5", true},
    {"driving", "\"true\"", true},
    {"paused", "0", false},
    {"newBaseRequest", "null", false},
    {"distanceSinceLastNode", "\"1.42\"", false},
    {"operatingMode", "1", true},
    {"nodeStates", "{}", true},
    {"nodeStates.nodeId", "13", true},
    {"nodeStates.sequenceId", "\"6\"", true},
    {"nodeStates.released", "1", true},
    {"nodeStates.nodePosition", "[]", false},
    {"nodeStates.nodePosition.x", "\"12.5\"", true},
    {"nodeStates.nodePosition.mapId", "7", true},
    {"edgeStates", "\"none\"", true},
    {"edgeStates.edgeId", "false", true},
    {"edgeStates.sequenceId", "true", true},
    {"edgeStates.released", "\"yes\"", true},
    {"agvPosition", "1", false},
    {"agvPosition.x", "\"x\"", true},
    {"agvPosition.y", "null", true},
    {"agvPosition.theta", "[]", true},
    {"agvPosition.mapId", "{}", true},
    {"agvPosition.positionInitialized", "\"true\"", true},
    {"agvPosition.localizationScore", "\"high\"", false},
    {"velocity", "[1,2]", false},
    {"velocity.vx", "\"fast\"", false},
    {"loads", "{}", false},
    {"loads.loadId", "88", false},
    {"loads.weight", "\"heavy\"", false},
    {"actionStates", "null", true},
    {"actionStates.actionId", "1", true},
    {"actionStates.actionType", "[]", false},
    {"actionStates.actionStatus", "3", true},
    {"batteryState", "73.5", true},
    {"batteryState.batteryCharge", "\"73.5\"", true},
    {"batteryState.batteryVoltage", "true", false},
    {"batteryState.charging", "\"no\"", true},
    {"errors", "{}", true},
    {"information", "\"\"", false},
    {"safetyState", "[]", true},
    {"safetyState.eStop", "false", true},
    {"safetyState.fieldViolation", "\"false\"", true},
};

static void build_corpus(fixture *f, corpus *c)
{
	const char *ref = f->ref;
	/* truncated at many offsets */
	for (size_t off = 0; off < f->reflen; off += (off < 64 ? 1 : 7)) {
		char *m = malloc(off + 1);
		assert_non_null(m);
		memcpy(m, ref, off);
		m[off] = 0;
		add(c, FO_VDA_STATE, m, off, "json", "truncated");
	}
	/* wrong types and missing required fields */
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		add_s(c, FO_VDA_STATE, with_value(ref, fields[i].path, fields[i].wrong),
		      strcmp(fields[i].path, "version") == 0 ? "type" : "type", fields[i].path);
		if (fields[i].required)
			add_s(c, FO_VDA_STATE, without(ref, fields[i].path), "missing",
			      fields[i].path);
	}
	/* unknown enums */
	add_s(c, FO_VDA_STATE, with_value(ref, "operatingMode", "\"TURBO\""), "enum", "opmode");
	add_s(c, FO_VDA_STATE, with_value(ref, "operatingMode", "\"automatic\""), "enum", "case");
	add_s(c, FO_VDA_STATE, with_value(ref, "safetyState.eStop", "\"MAYBE\""), "enum", "estop");
	add_s(c, FO_VDA_STATE, with_value(ref, "actionStates.actionStatus", "\"DONE\""), "enum",
	      "actionStatus");
	add_s(c, FO_VDA_STATE,
	      with_value(ref, "errors", "[{\"errorType\":\"x\",\"errorLevel\":\"SEVERE\"}]"),
	      "enum", "errorLevel");
	add_s(c, FO_VDA_STATE,
	      with_value(ref, "information", "[{\"infoType\":\"x\",\"infoLevel\":\"LOUD\"}]"),
	      "enum", "infoLevel");
	add_s(c, FO_VDA_STATE,
	      with_value(ref, "errors",
	                 "[{\"errorType\":\"x\",\"errorLevel\":\"FATAL\","
	                 "\"errorReferences\":[{\"referenceKey\":\"k\"}]}]"),
	      "missing", "referenceValue");
	add_s(c, FO_VDA_CONNECTION, connection_msg(1, "HALFOPEN", "2.1.0"), "enum",
	      "connectionState");
	add_s(c, FO_VDA_CONNECTION, connection_msg(1, "", "2.1.0"), "enum", "connectionState");
	/* ranges and formats */
	add_s(c, FO_VDA_STATE, with_value(ref, "headerId", "-1"), "range", "headerId<0");
	add_s(c, FO_VDA_STATE, with_value(ref, "headerId", "4294967296"), "range", "headerId>u32");
	add_s(c, FO_VDA_STATE, with_value(ref, "headerId", "18446744073709551615"), "range",
	      "headerId u64");
	add_s(c, FO_VDA_STATE, with_value(ref, "orderUpdateId", "-3"), "range", "orderUpdateId");
	add_s(c, FO_VDA_STATE, with_value(ref, "agvPosition.localizationScore", "1.5"), "range",
	      "localizationScore");
	add_s(c, FO_VDA_STATE, with_value(ref, "batteryState.batteryHealth", "101"), "range",
	      "batteryHealth");
	add_s(c, FO_VDA_STATE, with_value(ref, "batteryState.reach", "-1"), "range", "reach");
	add_s(c, FO_VDA_STATE, with_value(ref, "loads.weight", "-412.5"), "range", "weight");
	add_s(c, FO_VDA_STATE, with_value(ref, "timestamp", "\"yesterday\""), "format",
	      "timestamp");
	add_s(c, FO_VDA_STATE, with_value(ref, "timestamp", "\"2026-13-26T21:00:00.000Z\""),
	      "format", "month 13");
	add_s(c, FO_VDA_STATE, with_value(ref, "timestamp", "\"2026-11-26 21:00:00\""), "format",
	      "no T, no zone");
	add_s(c, FO_VDA_STATE, with_value(ref, "headerId", "1e400"), "json", "number overflow");
	/* duplicate members, trajectories, maps */
	add_s(c, FO_VDA_STATE, with_value(ref, "driving", "true,\"driving\":false"), "json",
	      "duplicate top-level member");
	add_s(c, FO_VDA_STATE,
	      with_value(ref, "batteryState.batteryCharge", "\"x\",\"batteryCharge\":50"), "json",
	      "duplicate nested member");
	add_s(c, FO_VDA_STATE,
	      with_value(ref, "edgeStates",
	                 "[{\"edgeId\":\"e\",\"sequenceId\":1,\"released\":true,\"trajectory\":"
	                 "{\"degree\":1,\"knotVector\":[0,1.5],\"controlPoints\":[]}}]"),
	      "range", "knotVector");
	add_s(c, FO_VDA_STATE,
	      with_value(ref, "edgeStates",
	                 "[{\"edgeId\":\"e\",\"sequenceId\":1,\"released\":true,\"trajectory\":"
	                 "{\"degree\":1,\"knotVector\":[0,1],\"controlPoints\":[{\"y\":1}]}}]"),
	      "missing", "controlPoint.x");
	add_s(c, FO_VDA_STATE,
	      with_value(ref, "edgeStates",
	                 "[{\"edgeId\":\"e\",\"sequenceId\":1,\"released\":true,\"trajectory\":"
	                 "{\"knotVector\":[0,1],\"controlPoints\":[]}}]"),
	      "missing", "degree");
	add_s(c, FO_VDA_STATE,
	      with_value(ref, "zoneSetId",
	                 "\"depot-a\",\"maps\":[{\"mapId\":\"m\",\"mapVersion\":\"1\","
	                 "\"mapStatus\":\"BROKEN\"}]"),
	      "enum", "mapStatus");
	/* identity */
	add_s(c, FO_VDA_STATE, with_value(ref, "serialNumber", "\"AGV-99999\""), "identity",
	      "serial");
	add_s(c, FO_VDA_STATE, with_value(ref, "manufacturer", "\"Other\""), "identity",
	      "manufacturer");
	/* not an object */
	add_s(c, FO_VDA_STATE, dup_s("[]"), "not_object", "array");
	add_s(c, FO_VDA_STATE, dup_s("42"), "not_object", "number");
	add_s(c, FO_VDA_STATE, dup_s("null"), "not_object", "null");
	add_s(c, FO_VDA_STATE, dup_s("\"state\""), "not_object", "string");
	add_s(c, FO_VDA_STATE, dup_s(""), "json", "empty");
	add_s(c, FO_VDA_STATE, dup_s("{}"), "missing", "empty object");
	add_s(c, FO_VDA_STATE, dup_s("{\"headerId\":1}{}"), "json", "two documents");
	add_s(c, FO_VDA_STATE, dup_s("{'a':1}"), "json", "single quotes");
	add_s(c, FO_VDA_STATE, dup_s("{\"a\":NaN}"), "json", "NaN");
	add_s(c, FO_VDA_STATE, dup_s("{\"a\":1,}"), "json", "trailing comma");
	/* huge arrays */
	{
		size_t cap = 1001 * 48 + 8, at = 0;
		char *a = malloc(cap);
		assert_non_null(a);
		a[at++] = '[';
		for (int i = 0; i < 1001; i++)
			at += (size_t)snprintf(a + at, cap - at,
			                       "%s{\"infoType\":\"i\",\"infoLevel\":\"INFO\"}",
			                       i ? "," : "");
		a[at++] = ']';
		a[at] = 0;
		add_s(c, FO_VDA_STATE, with_value(ref, "information", a), "too_large",
		      "1001 infos");
		at = 0;
		a[at++] = '[';
		for (int i = 0; i < 5000; i++)
			at += (size_t)snprintf(a + at, cap - at, "%s0", i ? "," : "");
		a[at++] = ']';
		a[at] = 0;
		add_s(c, FO_VDA_STATE, with_value(ref, "nodeStates", a), "too_large", "5000 nodes");
		free(a);
	}
	/* payload size */
	{
		size_t big = 1024 * 1024;
		char *m = malloc(big + 1);
		assert_non_null(m);
		memcpy(m, ref, f->reflen);
		memset(m + f->reflen, ' ', big - f->reflen);
		m[big] = 0;
		add(c, FO_VDA_STATE, m, big, "too_large", "1 MB");
		size_t big2 = FO_VDA_MAX_PAYLOAD + 1;
		char *m2 = malloc(big2 + 1);
		assert_non_null(m2);
		memset(m2, '[', big2);
		m2[big2] = 0;
		add(c, FO_VDA_STATE, m2, big2, "too_large", "512 KiB + 1");
	}
	/* bad UTF-8 */
	add_s(c, FO_VDA_STATE, with_value(ref, "lastNodeId", "\"n\xff\""), "utf8", "0xff");
	add_s(c, FO_VDA_STATE, with_value(ref, "lastNodeId", "\"\xc0\xaf\""), "utf8", "overlong");
	add_s(c, FO_VDA_STATE, with_value(ref, "orderId", "\"\xed\xa0\x80\""), "utf8", "surrogate");
	add_s(c, FO_VDA_STATE, with_value(ref, "orderId", "\"ab\xe2\x82\""), "utf8",
	      "cut sequence");
	add_s(c, FO_VDA_STATE, with_value(ref, "zoneSetId", "\"\xf5\x80\x80\x80\""), "utf8",
	      "above U+10FFFF");
	/* deeply nested junk */
	{
		static const int depths[] = {70, 1000, 100000};
		for (size_t k = 0; k < 3; k++) {
			int d = depths[k];
			char *a = malloc((size_t)d * 2 + 1);
			assert_non_null(a);
			memset(a, '[', (size_t)d);
			memset(a + d, ']', (size_t)d);
			a[2 * d] = 0;
			add_s(c, FO_VDA_STATE, with_value(ref, "information", a), "too_large",
			      "deep");
			free(a);
		}
		char *a = malloc(60 * 8 + 8);
		assert_non_null(a);
		a[0] = 0;
		for (int i = 0; i < 60; i++)
			strcat(a, "{\"a\":");
		strcat(a, "1");
		for (int i = 0; i < 60; i++)
			strcat(a, "}");
		/* 61 levels fit the parser; unknown fields are allowed, so the
		 * schema's check of "information" (an array) refuses it */
		add_s(c, FO_VDA_STATE, with_value(ref, "information", a), "type", "deep objects");
		free(a);
	}
	/* garbage bytes and NULs */
	{
		char *m = malloc(256);
		assert_non_null(m);
		for (int i = 0; i < 256; i++)
			m[i] = (char)(i * 37 + 11);
		add(c, FO_VDA_STATE, m, 256, "json", "garbage");
		char *z = dup_s(ref);
		z[100] = 0;
		add(c, FO_VDA_STATE, z, f->reflen, "json", "NUL byte");
	}
	/* out-of-order headerIds (the reference, headerId 1024, applies first) */
	add_s(c, FO_VDA_STATE, dup_s(ref), "stale_header", "same headerId");
	add_s(c, FO_VDA_STATE, with_header(ref, 1023), "stale_header", "older headerId");
	add_s(c, FO_VDA_STATE, with_header(ref, 0), "stale_header", "restart without ONLINE");
	add_s(c, FO_VDA_CONNECTION, connection_msg(0, "OFFLINE", "2.1.0"), "stale_header",
	      "older connection");
	/* unknown topic */
	add_s(c, (fo_vda_topic)9, dup_s(ref), "topic", "topic 9");
}

static void test_corpus(void **state)
{
	fixture *f = *state;
	fo_vda_verdict vd;
	char *on = connection_msg(10, "ONLINE", "2.1.0");
	assert_int_equal(ingest(f, FO_VDA_CONNECTION, on, &vd), 0);
	free(on);
	assert_int_equal(fo_vda_ingest(f->core, FO_VDA_STATE, MAN, SER, f->ref, f->reflen, &vd), 0);
	corpus c = {0};
	build_corpus(f, &c);
	assert_true(c.n >= 100);
	snapshot s;
	snap(f, &s);
	size_t failures = 0;
	for (size_t i = 0; i < c.n; i++) {
		bad_msg *b = &c.v[i];
		memset(&vd, 0, sizeof vd);
		int rc = fo_vda_ingest(f->core, b->topic, MAN, SER, b->msg, b->len, &vd);
		if (rc != -1 || strcmp(vd.reason, b->reason) != 0) {
			print_error("corpus #%zu (%s): rc %d, reason '%s' (%s), expected '%s'\n", i,
			            b->what, rc, vd.reason, vd.detail, b->reason);
			failures++;
		}
		assert_true(vd.detail[0] != 0);
		assert_same(f, &s);
		free(b->msg);
	}
	free(c.v);
	print_message("vda corpus: %zu malformed messages refused\n", c.n);
	assert_int_equal(failures, 0);
	/* and a good message still applies afterwards */
	char *m = with_header(f->ref, 1025);
	assert_int_equal(ingest(f, FO_VDA_STATE, m, &vd), 0);
	free(m);
}

/* Random damage to the reference (fixed seed): whatever the codec makes of
 * each copy, it must not crash, and what it refuses must leave the model
 * as it was.  Run under ASan by `make test`. */
static void test_mutations(void **state)
{
	fixture *f = *state;
	fo_vda_verdict vd;
	/* FO_VDA_MUTATIONS and FO_VDA_SEED make longer or other runs */
	const char *env = getenv("FO_VDA_MUTATIONS");
	int runs = env && atoi(env) > 0 ? atoi(env) : 20000;
	env = getenv("FO_VDA_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0) : 0x9E3779B97F4A7C15ull;
	/* a headerId field wide enough to count up in place, so that damaged
	 * copies that still parse are applied, not refused as stale */
	char *base = with_value(f->ref, "headerId", "         0");
	size_t len = strlen(base), hat = (size_t)(find_value(base, "headerId") - base);
	char *m = malloc(len + 1);
	assert_non_null(m);
	static const char poke[] = "{}[]\",:0123456789.-eE tfn\\\xff\xc3\x80";
	size_t applied = 0;
	for (int i = 0; i < runs; i++) {
		memcpy(m, base, len + 1);
		char num[16];
		snprintf(num, sizeof num, "%10d", i + 1);
		memcpy(m + hat, num, 10);
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		int edits = 1 + (int)((seed >> 60) & 3);
		for (int k = 0; k < edits; k++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			size_t at = (size_t)(seed >> 33) % len;
			m[at] = poke[(seed >> 20) % (sizeof poke - 1)];
		}
		snapshot s;
		snap(f, &s);
		int rc = fo_vda_ingest(f->core, FO_VDA_STATE, MAN, SER, m, len, &vd);
		if (rc == 0)
			applied++;
		else
			assert_same(f, &s);
	}
	print_message("vda mutations: %d damaged copies, %zu applied\n", runs, applied);
	assert_true(applied > 0);
	free(m);
	free(base);
}

/* A vehicle the model already has under another manufacturer. */
static void test_identity_clash(void **state)
{
	fixture *f = *state;
	fo_vda_verdict vd;
	assert_int_equal(fo_vda_ingest(f->core, FO_VDA_STATE, MAN, SER, f->ref, f->reflen, &vd), 0);
	char *m = with_value(f->ref, "manufacturer", "\"Other\"");
	char *m2 = with_header(m, 2000);
	snapshot s;
	snap(f, &s);
	assert_int_equal(fo_vda_ingest(f->core, FO_VDA_STATE, "Other", SER, m2, strlen(m2), &vd),
	                 -1);
	assert_string_equal(vd.reason, "identity");
	assert_same(f, &s);
	free(m);
	free(m2);
	/* a serial too long for the model */
	char *m3 = with_value(f->ref, "serialNumber", "\"AGV-0123456789012345678901234567890\"");
	assert_int_equal(fo_vda_ingest(f->core, FO_VDA_STATE, MAN, NULL, m3, strlen(m3), &vd), -1);
	assert_string_equal(vd.reason, "identity");
	free(m3);
}

/* ---- outbound */

static void add_map(fo_core *core)
{
	fo_model *m = fo_core_model(core);
	char err[160];
	const char *ids[] = {"n1", "n2", "n3", "n4"};
	for (int i = 0; i < 4; i++) {
		fo_map_node n = {0};
		snprintf(n.id, sizeof n.id, "%s", ids[i]);
		n.x = 1.5 * i;
		n.y = i == 3 ? 4 : 0;
		assert_true(fo_model_node_add(m, &n, err, sizeof err) >= 0);
	}
	fo_map_edge e = {.from = 0, .to = 1, .length_m = 1.6};
	snprintf(e.id, sizeof e.id, "e-n1-n2");
	assert_true(fo_model_edge_add(m, &e, err, sizeof err) >= 0);
}

static void write_sample(const char *name, const char *json)
{
	const char *dir = getenv("FO_VDA_SAMPLES");
	if (!dir || !*dir)
		return;
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(json, fp);
	fputc('\n', fp);
	assert_int_equal(fclose(fp), 0);
}

/* Parses json with the codec's reader: the root, or fails. */
static const fo_vj_node *parse_back(fo_vj_parser *p, const char *json, size_t *n)
{
	const fo_vj_node *nodes;
	char what[96];
	fo_vj_status st = fo_vj_parse(p, json, strlen(json), &nodes, n, what, sizeof what);
	if (st != FO_VJ_OK)
		print_error("not JSON (%s): %s\n", what, json);
	assert_int_equal(st, FO_VJ_OK);
	assert_int_equal(nodes[0].type, FO_VJ_OBJECT);
	return nodes;
}

static void test_order_json(void **state)
{
	fixture *f = *state;
	add_map(f->core);
	char err[160] = "";
	const char *route[] = {"n1", "n2", "n3", "n4"};
	fo_vda_header h = {
	    .manufacturer = MAN, .serial_number = SER, .header_id = 7, .wall_ms = 1764190800123ull};
	fo_vda_order_req req = {.order_id = "order-\"1\"",
	                        .order_update_id = 0,
	                        .node_ids = route,
	                        .nnodes = 4,
	                        .released = 3,
	                        .map_id = "depot-a"};
	char *json = fo_vda_order_json(f->core, &h, &req, err, sizeof err);
	if (!json)
		print_error("%s\n", err);
	assert_non_null(json);
	assert_contains(json, "\"headerId\":7");
	assert_contains(json, "\"timestamp\":\"2025-11-26T21:00:00.123Z\"");
	assert_contains(json, "\"version\":\"2.1.0\"");
	assert_contains(json, "\"orderId\":\"order-\\\"1\\\"\"");
	assert_contains(json, "{\"nodeId\":\"n1\",\"sequenceId\":0,\"released\":true,"
	                      "\"nodePosition\":{\"x\":0,\"y\":0,\"mapId\":\"depot-a\"},"
	                      "\"actions\":[]}");
	assert_contains(json, "{\"nodeId\":\"n4\",\"sequenceId\":6,\"released\":false");
	assert_contains(json, "{\"edgeId\":\"e-n1-n2\",\"sequenceId\":1,\"released\":true,"
	                      "\"startNodeId\":\"n1\",\"endNodeId\":\"n2\",\"length\":1.6,"
	                      "\"actions\":[]}");
	assert_contains(json, "{\"edgeId\":\"n2-n3\",\"sequenceId\":3,\"released\":true");
	assert_contains(json, "{\"edgeId\":\"n3-n4\",\"sequenceId\":5,\"released\":false");
	fo_vj_parser *p = fo_vj_parser_new(1 << 20, 64);
	size_t n;
	parse_back(p, json, &n);
	write_sample("order-new.json", json);
	free(json);

	/* an update continues the sequence; one node: no edges */
	fo_vda_order_req upd = {.order_id = "order-1",
	                        .order_update_id = 1,
	                        .node_ids = route + 2,
	                        .nnodes = 2,
	                        .released = 2,
	                        .first_sequence_id = 4,
	                        .zone_set_id = "zs-1"};
	json = fo_vda_order_json(f->core, &h, &upd, err, sizeof err);
	assert_non_null(json);
	assert_contains(json, "\"zoneSetId\":\"zs-1\"");
	assert_contains(json, "\"mapId\":\"default\"");
	assert_contains(json, "{\"nodeId\":\"n3\",\"sequenceId\":4,\"released\":true");
	assert_contains(json, "\"sequenceId\":5,\"released\":true,\"startNodeId\":\"n3\"");
	parse_back(p, json, &n);
	write_sample("order-update.json", json);
	free(json);
	fo_vda_order_req one = {
	    .order_id = "order-2", .node_ids = route, .nnodes = 1, .released = 1};
	json = fo_vda_order_json(f->core, &h, &one, err, sizeof err);
	assert_non_null(json);
	assert_contains(json, "\"edges\":[]");
	write_sample("order-one-node.json", json);
	free(json);

	/* edge actions and a speed limit on the second edge only */
	fo_vda_action detect = {.type = "detectObject", .id = "o3-e2-a0", .blocking = "NONE"};
	const fo_vda_action *eacts[] = {NULL, &detect, NULL};
	const size_t neacts[] = {0, 1, 0};
	const double speed[] = {0, 0.8, 0};
	fo_vda_order_req edged = {.order_id = "order-3",
	                          .node_ids = route,
	                          .nnodes = 4,
	                          .released = 4,
	                          .edge_actions = eacts,
	                          .edge_nactions = neacts,
	                          .edge_max_speed = speed};
	json = fo_vda_order_json(f->core, &h, &edged, err, sizeof err);
	assert_non_null(json);
	assert_contains(json, "\"startNodeId\":\"n2\",\"endNodeId\":\"n3\",\"length\":");
	assert_contains(json, "\"maxSpeed\":0.8,\"actions\":[{\"actionType\":\"detectObject\","
	                      "\"actionId\":\"o3-e2-a0\",\"blockingType\":\"NONE\"");
	assert_contains(json, "\"endNodeId\":\"n2\",\"length\":1.6,\"actions\":[]}");
	parse_back(p, json, &n);
	write_sample("order-edge-actions.json", json);
	free(json);
	/* an edge action without its type is refused, naming the edge */
	fo_vda_action untyped = {.id = "x", .blocking = "NONE"};
	const fo_vda_action *bad_eacts[] = {&untyped, NULL, NULL};
	const size_t bad_neacts[] = {1, 0, 0};
	edged.edge_actions = bad_eacts;
	edged.edge_nactions = bad_neacts;
	assert_null(fo_vda_order_json(f->core, &h, &edged, err, sizeof err));
	assert_contains(err, "edge #1 action");

	/* refusals: a node the console's map lacks (with no map at all it goes
	 * out by id: tests/mqtt/test_demo.sh) */
	const char *unknown[] = {"n1", "nowhere"};
	fo_vda_order_req r1 = {.order_id = "o", .node_ids = unknown, .nnodes = 2, .released = 1};
	assert_null(fo_vda_order_json(f->core, &h, &r1, err, sizeof err));
	assert_contains(err, "nowhere");
	const char *empty[] = {"n1", ""};
	fo_vda_order_req r1b = {.order_id = "o", .node_ids = empty, .nnodes = 2, .released = 1};
	assert_null(fo_vda_order_json(f->core, &h, &r1b, err, sizeof err));
	assert_contains(err, "node #2");
	fo_vda_order_req r2 = {.order_id = "o", .node_ids = route, .nnodes = 2, .released = 0};
	assert_null(fo_vda_order_json(f->core, &h, &r2, err, sizeof err));
	fo_vda_order_req r3 = {.order_id = "", .node_ids = route, .nnodes = 2, .released = 1};
	assert_null(fo_vda_order_json(f->core, &h, &r3, err, sizeof err));
	fo_vda_header bad = {.manufacturer = MAN, .serial_number = "bad\xff"};
	assert_null(fo_vda_order_json(f->core, &bad, &req, err, sizeof err));
	fo_vj_parser_free(p);
}

static void test_instant_actions_json(void **state)
{
	(void)state;
	char err[160] = "";
	fo_vda_header h = {.manufacturer = MAN, .serial_number = SER, .header_id = 3};
	fo_vda_action cancel = {.type = "cancelOrder", .id = "cancel-1", .blocking = "HARD"};
	char *json = fo_vda_instant_actions_json(&h, &cancel, 1, err, sizeof err);
	assert_non_null(json);
	assert_contains(json, "\"headerId\":3");
	assert_contains(json, "\"actions\":[{\"actionType\":\"cancelOrder\",\"actionId\":"
	                      "\"cancel-1\",\"blockingType\":\"HARD\"}]");
	fo_vj_parser *p = fo_vj_parser_new(1 << 20, 64);
	size_t n;
	parse_back(p, json, &n);
	write_sample("instant-cancel.json", json);
	free(json);

	fo_vda_param params[] = {{.key = "duration", .value = "2.5", .raw = true},
	                         {.key = "direction", .value = "left\n\"quoted\""},
	                         {.key = "list", .value = "[1, \"a\", true]", .raw = true}};
	fo_vda_action two[] = {
	    {.type = "startPause"},
	    {.type = "stopPause",
	     .blocking = "SOFT",
	     .description = "resume after check",
	     .params = params,
	     .nparams = 3},
	};
	json = fo_vda_instant_actions_json(&h, two, 2, err, sizeof err);
	assert_non_null(json);
	assert_contains(json, "\"actionType\":\"startPause\",\"actionId\":\"");
	assert_contains(json, "\"blockingType\":\"HARD\"");
	assert_contains(json, "{\"key\":\"duration\",\"value\":2.5}");
	assert_contains(json, "{\"key\":\"direction\",\"value\":\"left\\n\\\"quoted\\\"\"}");
	assert_contains(json, "\"actionDescription\":\"resume after check\"");
	parse_back(p, json, &n);
	write_sample("instant-pause.json", json);
	free(json);

	fo_vda_action bad_block = {.type = "startPause", .blocking = "MAYBE"};
	assert_null(fo_vda_instant_actions_json(&h, &bad_block, 1, err, sizeof err));
	assert_contains(err, "MAYBE");
	fo_vda_param bad_raw = {.key = "k", .value = "{oops", .raw = true};
	fo_vda_action br = {.type = "x", .params = &bad_raw, .nparams = 1};
	assert_null(fo_vda_instant_actions_json(&h, &br, 1, err, sizeof err));
	fo_vda_param null_raw = {.key = "k", .value = "null", .raw = true};
	fo_vda_action nr = {.type = "x", .params = &null_raw, .nparams = 1};
	assert_null(fo_vda_instant_actions_json(&h, &nr, 1, err, sizeof err));
	assert_null(fo_vda_instant_actions_json(&h, NULL, 0, err, sizeof err));
	fo_vda_action notype = {.type = ""};
	assert_null(fo_vda_instant_actions_json(&h, &notype, 1, err, sizeof err));
	fo_vj_parser_free(p);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_reference_applies), T(test_factsheet),
	    T(test_connection),        T(test_retained_on_connect),
	    T(test_versions),          T(test_headers),
	    T(test_order_progress),    T(test_optional_parts),
	    T(test_errors_safety),     T(test_corpus),
	    T(test_identity_clash),    T(test_mutations),
	    T(test_order_json),        T(test_instant_actions_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
