/* simagv_msg.c — the AGV side's outbound VDA 5050 2.1.0 messages: state,
 * visualization, connection, factsheet; headerId counted per topic,
 * timestamps ISO 8601 UTC with milliseconds. */
#include "simagv.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

static const char *const status_names[] = {"WAITING",  "INITIALIZING",
                                           "RUNNING",  "RUNNING", /* PAUSED: see sa_status */
                                           "FINISHED", "FAILED"};

const char *sa_status_name(sa_status st)
{
	return (unsigned)st < sizeof status_names / sizeof status_names[0] ? status_names[st]
	                                                                   : "FAILED";
}

static json_t *header(sa_vehicle *v, sa_out_topic t)
{
	char ts[32];
	fo_iso_time(fo_wall_ms(), ts, sizeof ts);
	json_t *o = json_object();
	json_object_set_new(o, "headerId", json_integer(v->header[t]++));
	json_object_set_new(o, "timestamp", json_string(ts));
	json_object_set_new(o, "version", json_string(SA_VERSION));
	json_object_set_new(o, "manufacturer", json_string(SA_MANUFACTURER));
	json_object_set_new(o, "serialNumber", json_string(v->serial));
	return o;
}

static char *dump(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(9));
	json_decref(o);
	if (!s)
		abort(); /* only out of memory makes jansson fail here */
	return s;
}

static json_t *position(const sa_vehicle *v)
{
	json_t *p = json_object();
	json_object_set_new(p, "x", json_real(v->x));
	json_object_set_new(p, "y", json_real(v->y));
	json_object_set_new(p, "theta", json_real(v->theta));
	json_object_set_new(p, "mapId", json_string(sa_map_id(v->sim, v->last_node)));
	json_object_set_new(p, "positionInitialized", json_true());
	json_object_set_new(p, "localizationScore", json_real(1.0));
	return p;
}

static json_t *velocity(const sa_vehicle *v)
{
	json_t *p = json_object();
	json_object_set_new(p, "vx", json_real(v->speed * cos(v->theta)));
	json_object_set_new(p, "vy", json_real(v->speed * sin(v->theta)));
	json_object_set_new(p, "omega", json_real(0));
	return p;
}

char *sa_msg_visualization(sa_vehicle *v)
{
	json_t *o = header(v, SA_T_VIS);
	json_object_set_new(o, "agvPosition", position(v));
	json_object_set_new(o, "velocity", velocity(v));
	return dump(o);
}

char *sa_msg_connection(sa_vehicle *v, const char *state)
{
	json_t *o = header(v, SA_T_CONNECTION);
	json_object_set_new(o, "connectionState", json_string(state));
	return dump(o);
}

static json_t *action_state(const sa_action *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "actionId", json_string(a->id));
	json_object_set_new(o, "actionType", json_string(a->type));
	json_object_set_new(o, "actionStatus", json_string(sa_status_name(a->status)));
	if (a->result[0])
		json_object_set_new(o, "resultDescription", json_string(a->result));
	return o;
}

char *sa_msg_state(sa_vehicle *v)
{
	json_t *o = header(v, SA_T_STATE);
	json_t *maps = json_array();
	const sa_sim *s = v->sim;
	for (size_t i = 0; i < (s->layout ? s->nmaps : 1); i++) {
		json_t *map = json_object();
		json_object_set_new(map, "mapId", json_string(s->layout ? s->maps[i] : SA_MAP_ID));
		json_object_set_new(map, "mapVersion", json_string("1"));
		json_object_set_new(map, "mapStatus", json_string("ENABLED"));
		json_array_append_new(maps, map);
	}
	json_object_set_new(o, "maps", maps);
	json_object_set_new(o, "orderId", json_string(v->order_id));
	json_object_set_new(o, "orderUpdateId", json_integer(v->order_update));
	json_object_set_new(o, "lastNodeId", json_string(v->last_node));
	json_object_set_new(o, "lastNodeSequenceId", json_integer(v->last_seq));
	json_object_set_new(o, "driving", json_boolean(v->driving));
	json_object_set_new(o, "paused", json_boolean(v->paused));
	json_object_set_new(o, "newBaseRequest", json_false());
	json_object_set_new(o, "distanceSinceLastNode", json_real(v->since_node));
	json_object_set_new(o, "operatingMode", json_string("AUTOMATIC"));
	json_t *ns = json_array();
	for (size_t i = v->next; i < v->nnodes; i++) {
		const sa_node *n = &v->nodes[i];
		json_t *e = json_object();
		json_object_set_new(e, "nodeId", json_string(n->id));
		json_object_set_new(e, "sequenceId", json_integer(n->seq));
		json_object_set_new(e, "released", json_boolean(n->released));
		json_t *p = json_object();
		json_object_set_new(p, "x", json_real(n->x));
		json_object_set_new(p, "y", json_real(n->y));
		json_object_set_new(p, "mapId", json_string(sa_map_id(v->sim, n->id)));
		json_object_set_new(e, "nodePosition", p);
		json_array_append_new(ns, e);
	}
	json_object_set_new(o, "nodeStates", ns);
	json_t *es = json_array();
	/* An edge stays until the node at its end is traversed. */
	for (size_t i = v->next ? v->next - 1 : 0; i < v->nedges && v->next; i++) {
		const sa_edge *ed = &v->edges[i];
		json_t *e = json_object();
		json_object_set_new(e, "edgeId", json_string(ed->id));
		json_object_set_new(e, "sequenceId", json_integer(ed->seq));
		json_object_set_new(e, "released", json_boolean(ed->released));
		json_array_append_new(es, e);
	}
	json_object_set_new(o, "edgeStates", es);
	json_object_set_new(o, "agvPosition", position(v));
	json_object_set_new(o, "velocity", velocity(v));
	json_t *loads = json_array();
	if (v->load[0]) {
		json_t *l = json_object();
		json_object_set_new(l, "loadId", json_string(v->load));
		json_object_set_new(l, "loadType", json_string("EPAL"));
		json_object_set_new(l, "loadPosition", json_string("front"));
		json_array_append_new(loads, l);
	}
	json_object_set_new(o, "loads", loads);
	json_t *as = json_array();
	for (size_t i = 0; i < v->nacts; i++)
		json_array_append_new(as, action_state(&v->acts[i]));
	json_object_set_new(o, "actionStates", as);
	json_t *bs = json_object();
	json_object_set_new(bs, "batteryCharge", json_real(v->battery));
	json_object_set_new(bs, "charging", json_boolean(v->charging));
	json_object_set_new(bs, "reach", json_real(v->battery / 0.04)); /* metres left */
	json_object_set_new(o, "batteryState", bs);
	json_t *errs = json_array();
	for (size_t i = 0; i < v->nerrs; i++) {
		const sa_error *e = &v->errs[i];
		json_t *j = json_object();
		json_object_set_new(j, "errorType", json_string(e->type));
		json_object_set_new(j, "errorLevel", json_string(e->fatal ? "FATAL" : "WARNING"));
		json_object_set_new(j, "errorDescription", json_string(e->desc));
		if (e->ref_key[0]) {
			json_t *refs = json_array(), *r = json_object();
			json_object_set_new(r, "referenceKey", json_string(e->ref_key));
			json_object_set_new(r, "referenceValue", json_string(e->ref_val));
			json_array_append_new(refs, r);
			json_object_set_new(j, "errorReferences", refs);
		}
		json_array_append_new(errs, j);
	}
	json_object_set_new(o, "errors", errs);
	json_object_set_new(o, "information", json_array());
	json_t *ss = json_object();
	json_object_set_new(ss, "eStop", json_string("NONE"));
	json_object_set_new(ss, "fieldViolation", json_false());
	json_object_set_new(o, "safetyState", ss);
	return dump(o);
}

static json_t *strings(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *agv_action(const char *type, const char *desc, const char *const *scopes,
                          size_t nscopes)
{
	json_t *o = json_object();
	json_object_set_new(o, "actionType", json_string(type));
	json_object_set_new(o, "actionDescription", json_string(desc));
	json_object_set_new(o, "actionScopes", strings(scopes, nscopes));
	return o;
}

char *sa_msg_factsheet(sa_vehicle *v)
{
	json_t *o = header(v, SA_T_FACTSHEET);
	json_t *ts = json_object();
	json_object_set_new(ts, "seriesName", json_string(v->sim->series));
	json_object_set_new(ts, "seriesDescription",
	                    json_string("simulated carrier of the fleetops simulator"));
	json_object_set_new(ts, "agvKinematic", json_string("DIFF"));
	json_object_set_new(ts, "agvClass", json_string("CARRIER"));
	json_object_set_new(ts, "maxLoadMass", json_real(500));
	static const char *const loc[] = {"NATURAL"}, *const nav[] = {"AUTONOMOUS"};
	json_object_set_new(ts, "localizationTypes", strings(loc, 1));
	json_object_set_new(ts, "navigationTypes", strings(nav, 1));
	json_object_set_new(o, "typeSpecification", ts);

	json_t *pp = json_object();
	json_object_set_new(pp, "speedMin", json_real(0.1));
	json_object_set_new(pp, "speedMax", json_real(v->vmax));
	json_object_set_new(pp, "accelerationMax", json_real(0.6));
	json_object_set_new(pp, "decelerationMax", json_real(0.6));
	json_object_set_new(pp, "heightMax", json_real(0.4));
	json_object_set_new(pp, "width", json_real(0.8));
	json_object_set_new(pp, "length", json_real(1.2));
	json_object_set_new(o, "physicalParameters", pp);

	json_t *pl = json_object(), *sl = json_object(), *al = json_object(), *tm = json_object();
	json_object_set_new(sl, "msgLen", json_integer(SA_MAX_PAYLOAD));
	json_object_set_new(sl, "idLen", json_integer(SA_ID - 1));
	json_object_set_new(sl, "idNumericalOnly", json_false());
	json_object_set_new(al, "order.nodes", json_integer(SA_MAX_NODES));
	json_object_set_new(al, "order.edges", json_integer(SA_MAX_NODES - 1));
	json_object_set_new(al, "state.actionStates", json_integer(SA_MAX_ACTIONS));
	json_object_set_new(al, "state.errors", json_integer(SA_MAX_ERRORS));
	json_object_set_new(tm, "minOrderInterval", json_real(0.05));
	json_object_set_new(tm, "minStateInterval", json_real(0.05));
	json_object_set_new(tm, "defaultStateInterval", json_real(v->sim->state_every_s));
	json_object_set_new(tm, "visualizationInterval", json_real(1.0 / v->sim->rate_hz));
	json_object_set_new(pl, "maxStringLens", sl);
	json_object_set_new(pl, "maxArrayLens", al);
	json_object_set_new(pl, "timing", tm);
	json_object_set_new(o, "protocolLimits", pl);

	json_t *pf = json_object(), *acts = json_array();
	static const char *const inst[] = {"INSTANT"}, *const node[] = {"NODE"},
	                         *const inst_node[] = {"INSTANT", "NODE"},
	                         *const node_edge[] = {"NODE", "EDGE"};
	json_array_append_new(acts, agv_action("cancelOrder", "stop and drop the order", inst, 1));
	json_array_append_new(acts,
	                      agv_action("startPause", "stop driving, keep the order", inst, 1));
	json_array_append_new(acts, agv_action("stopPause", "resume after startPause", inst, 1));
	json_array_append_new(acts, agv_action("stateRequest", "send a state now", inst, 1));
	json_array_append_new(acts, agv_action("factsheetRequest", "send the factsheet", inst, 1));
	json_array_append_new(acts, agv_action("startCharging", "charge here", inst_node, 2));
	json_array_append_new(acts, agv_action("stopCharging", "stop charging", inst_node, 2));
	json_array_append_new(acts, agv_action("pick", "pick a load (3 s)", node_edge, 2));
	json_array_append_new(acts, agv_action("drop", "drop the load (3 s)", node_edge, 2));
	json_array_append_new(acts, agv_action("finePositioning", "align (1 s)", node_edge, 2));
	json_array_append_new(acts, agv_action("detectObject", "look (1 s)", node_edge, 2));
	json_array_append_new(acts, agv_action("waitForTrigger", "wait 2 s (simulated)", node, 1));
	json_object_set_new(pf, "optionalParameters", json_array());
	json_object_set_new(pf, "agvActions", acts);
	json_object_set_new(o, "protocolFeatures", pf);

	json_object_set_new(o, "agvGeometry", json_object());
	json_t *ls = json_object();
	static const char *const lp[] = {"front"};
	json_object_set_new(ls, "loadPositions", strings(lp, 1));
	json_object_set_new(o, "loadSpecification", ls);
	return dump(o);
}
