/* mission_exec.c — missions in motion: transitions, dependencies, choosing
 * a vehicle, dispatching the order (and its updates as the horizon is
 * released), following it from the vehicle's VDA 5050 state, and the
 * vehicle-failure policy.
 *
 * Dispatch is claimed through the store: the mission's record moves to
 * "dispatched" first and the order is published only once that update
 * succeeded, so two consoles on one store never send one mission twice. */
#include "missions.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

mi_mission *mi_add(missions_state *s)
{
	if (s->nmissions == s->capmissions) {
		s->capmissions = s->capmissions ? 2 * s->capmissions : 64;
		s->missions = realloc(s->missions, s->capmissions * sizeof *s->missions);
		if (!s->missions)
			abort();
	}
	mi_mission *m = calloc(1, sizeof *m);
	if (!m)
		abort();
	m->tc_idx = -1;
	s->missions[s->nmissions++] = m;
	s->gen++;
	return m;
}

void mi_free_mission(mi_mission *m)
{
	if (m)
		mi_plan_free(m);
	free(m);
}

mi_mission *mi_find(missions_state *s, const char *id, char *err, size_t errlen)
{
	mi_mission *hit = NULL;
	size_t len = strlen(id);
	for (size_t i = 0; i < s->nmissions; i++) {
		mi_mission *m = s->missions[i];
		if (strcmp(m->id, id) == 0)
			return m;
		if (len >= 4 && strncmp(m->id, id, len) == 0) {
			if (hit) {
				snprintf(err, errlen,
				         "mission '%s' is ambiguous: give more of its id", id);
				return NULL;
			}
			hit = m;
		}
	}
	if (!hit)
		snprintf(err, errlen,
		         "no mission '%s' (ids: `mission list`; at least 4 characters)", id);
	return hit;
}

const mi_template *mi_template_latest(missions_state *s, const char *name)
{
	const mi_template *best = NULL;
	for (size_t i = 0; i < s->ntemplates; i++)
		if (strcmp(s->templates[i].name, name) == 0 &&
		    (!best || s->templates[i].version > best->version))
			best = &s->templates[i];
	return best;
}

const mi_template *mi_template_by_id(missions_state *s, const char *id)
{
	for (size_t i = 0; i < s->ntemplates; i++)
		if (strcmp(s->templates[i].id, id) == 0)
			return &s->templates[i];
	return NULL;
}

const char *mi_actor_operator(missions_state *s, char *buf, size_t len)
{
	const char *op = fo_config_str(s->core, "operator");
	if (!op || !*op)
		op = getenv("USER");
	snprintf(buf, len, "operator:%s", op && *op ? op : "unknown");
	return buf;
}

static fo_vehicle *vehicle_of(missions_state *s, const mi_mission *m, size_t *idx)
{
	fo_model *model = fo_core_model(s->core);
	long i = m->vehicle[0] ? fo_model_vehicle_find(model, m->vehicle) : -1;
	if (i < 0)
		return NULL;
	if (idx)
		*idx = (size_t)i;
	return fo_model_vehicle(model, (size_t)i);
}

static double battery_kwh(missions_state *s)
{
	double k = fo_config_double(s->core, "missions.battery_kwh");
	return k > 0 ? k : 10.0;
}

/* ---- transitions */

bool mi_apply(missions_state *s, mi_mission *m, ms_event e, const char *actor, const char *reason,
              char *err, size_t errlen)
{
	ms_state to;
	if (!ms_next(m->state, e, &to)) {
		snprintf(err, errlen, "mission %.8s is %s: cannot %s", m->id,
		         ms_state_name(m->state), ms_event_name(e));
		return false;
	}
	uint64_t now = fo_wall_ms();
	ms_state from = m->state;
	m->state = to;
	m->state_since_ms = now;
	snprintf(m->reason, sizeof m->reason, "%s", reason ? reason : "");
	if (to == MS_DISPATCHED && from == MS_QUEUED && !m->started_ms) {
		m->started_ms = now;
		m->waiting_s = m->created_ms && now > m->created_ms
		                   ? (double)(now - m->created_ms) / 1000.0
		                   : 0;
	}
	if (ms_terminal(to)) {
		m->finished_ms = now;
		size_t idx;
		fo_vehicle *v = vehicle_of(s, m, &idx);
		if (v && m->started_ms) {
			m->distance_m = mi_distance(s, m);
			double used = m->battery_start - v->battery;
			m->energy_kwh = used > 0 ? used / 100.0 * battery_kwh(s) : 0;
		}
		m->on_time = !m->deadline_ms || now <= m->deadline_ms;
		/* queued before the mission's own write: a tracker killed between
		 * the two finishes the mission again after its restart, and the
		 * metrics record (id = the mission's) is then refused as a
		 * duplicate instead of lost or written twice */
		if (m->started_ms)
			mi_store_metrics(s, m, m->on_time);
	}
	if (m->npending < sizeof m->pending / sizeof m->pending[0]) {
		mi_trans *t = &m->pending[m->npending++];
		t->from = from;
		t->to = to;
		t->at = now;
		snprintf(t->actor, sizeof t->actor, "%s", actor);
		snprintf(t->reason, sizeof t->reason, "%s", reason ? reason : "");
	}
	mi_store_log(s, m->id, to == MS_FAILED ? "error" : "info", "%s -> %s by %s%s%s",
	             ms_state_name(from), ms_state_name(to), actor, reason && *reason ? ": " : "",
	             reason ? reason : "");
	mi_store_mission(s, m);
	s->gen++;
	/* for Lua handlers and the Redis stream: a compact JSON object */
	json_t *ev =
	    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "mission", m->id, "from",
	              ms_state_name(from), "to", ms_state_name(to), "vehicle", m->vehicle,
	              "template", m->template_name, "actor", actor, "reason", reason ? reason : "");
	char *txt = ev ? json_dumps(ev, JSON_COMPACT) : NULL;
	if (txt)
		fo_bus_publish_json(s->core, "mission.state", txt);
	free(txt);
	json_decref(ev);
	return true;
}

/* ---- dependencies */

int mi_depend(missions_state *s, mi_mission *m, mi_mission *on, char *err, size_t errlen)
{
	md_edge *edges = calloc(s->ndeps + 1, sizeof *edges);
	if (!edges)
		abort();
	for (size_t i = 0; i < s->ndeps; i++)
		edges[i] = (md_edge){s->deps[i].mission, s->deps[i].depends_on};
	char path[512];
	bool cycle = md_would_cycle(edges, s->ndeps, m->id, on->id, path, sizeof path);
	free(edges);
	if (cycle) {
		snprintf(err, errlen, "refused: a cycle: %s", path);
		return -1;
	}
	for (size_t i = 0; i < s->ndeps; i++)
		if (strcmp(s->deps[i].mission, m->id) == 0 &&
		    strcmp(s->deps[i].depends_on, on->id) == 0)
			return 0;
	if (m->state != MS_QUEUED && m->state != MS_WAITING) {
		snprintf(err, errlen, "mission %.8s is %s: dependencies are set before it starts",
		         m->id, ms_state_name(m->state));
		return -1;
	}
	if (s->ndeps == s->capdeps) {
		s->capdeps = s->capdeps ? 2 * s->capdeps : 32;
		s->deps = realloc(s->deps, s->capdeps * sizeof *s->deps);
		if (!s->deps)
			abort();
	}
	mi_dep *d = &s->deps[s->ndeps++];
	*d = (mi_dep){.lookup = MI_LOOKUP_NONE};
	fo_uuid4(d->id);
	snprintf(d->mission, sizeof d->mission, "%s", m->id);
	snprintf(d->depends_on, sizeof d->depends_on, "%s", on->id);
	mi_store_dep(s, d);
	s->gen++;
	if (m->state == MS_QUEUED && !ms_terminal(on->state)) {
		char why[96];
		snprintf(why, sizeof why, "waits for %.8s", on->id);
		mi_apply(s, m, ME_DEPS_PENDING, "dependency", why, err, errlen);
	}
	return 0;
}

/* Waiting missions: start when every prerequisite completed; blocked, with
 * the reason, when one failed or was cancelled. */
static void check_deps(missions_state *s, mi_mission *m)
{
	char why[160] = "";
	bool met = true;
	for (size_t i = 0; i < s->ndeps && !why[0]; i++) {
		if (strcmp(s->deps[i].mission, m->id) != 0)
			continue;
		mi_mission *p = mi_mission_by_id(s, s->deps[i].depends_on);
		if (!p && s->deps[i].lookup != MI_LOOKUP_MISSING) {
			/* older than the history window: asked of the store by id */
			mi_store_fetch_prereq(s, &s->deps[i]);
			met = false;
		} else if (!p) {
			snprintf(why, sizeof why,
			         "blocked: prerequisite %.8s not found in the store",
			         s->deps[i].depends_on);
		} else if (p->state == MS_FAILED || p->state == MS_CANCELLED) {
			snprintf(why, sizeof why, "blocked: prerequisite %.8s %s", p->id,
			         ms_state_name(p->state));
		} else if (p->state != MS_COMPLETED) {
			met = false;
		}
	}
	char err[256];
	if (why[0]) {
		if (strcmp(m->reason, why) != 0) {
			snprintf(m->reason, sizeof m->reason, "%.159s", why);
			mi_store_log(s, m->id, "warning", "%s", why);
			mi_store_mission(s, m);
		}
		return;
	}
	if (met)
		mi_apply(s, m, ME_DEPS_MET, "dependency", "prerequisites completed", err,
		         sizeof err);
}

/* ---- choosing a vehicle */

/* Marks the vehicles that missions hold (dispatched, active, paused), by
 * model index: built once per dispatch pass, not per vehicle checked. */
static void mark_held(missions_state *s)
{
	fo_model *model = fo_core_model(s->core);
	size_t n = fo_model_vehicle_count(model);
	if (n > s->nheld) {
		s->held = realloc(s->held, n);
		if (!s->held)
			abort();
		s->nheld = n;
	}
	if (s->nheld) /* no vehicles yet: held is still NULL */
		memset(s->held, 0, s->nheld);
	for (size_t i = 0; i < s->nmissions; i++) {
		const mi_mission *m = s->missions[i];
		long k = ms_on_vehicle(m->state) && m->vehicle[0]
		             ? fo_model_vehicle_find(model, m->vehicle)
		             : -1;
		if (k >= 0)
			s->held[k] = 1;
	}
}

/* Whether the template sends the vehicle to charge (a startCharging step
 * action): such a mission is the way out of a low battery, not refused
 * for it. */
static bool charges(const mi_template *t)
{
	for (size_t i = 0; t && i < t->nsteps; i++)
		for (size_t k = 0; k < t->steps[i].nactions; k++)
			if (strcmp(t->steps[i].actions[k].type, "startCharging") == 0)
				return true;
	return false;
}

/* Whether vehicle idx can take m now; why says what stops it. */
static bool eligible(missions_state *s, const mi_mission *m, const mi_template *t, size_t idx,
                     char *why, size_t len)
{
	fo_vehicle *v = fo_model_vehicle(fo_core_model(s->core), idx);
	double min_battery = fo_config_double(s->core, "missions.min_battery");
	const fo_vda_vehicle *vv = fo_vda_vehicle_get(s->core, idx);
	if (!fo_dispatch_reachable(s->core, idx))
		snprintf(why, len, "%s is not reachable (no feed sends it orders)", v->id);
	else if (!v->online)
		snprintf(why, len, "%s is offline", v->id);
	else if (v->opmode != FO_OPMODE_AUTOMATIC && v->opmode != FO_OPMODE_SEMIAUTOMATIC)
		snprintf(why, len, "%s is in %s mode", v->id, fo_opmode_name(v->opmode));
	else if (v->estop != FO_ESTOP_NONE || v->field_violation)
		snprintf(why, len, "%s is stopped for safety", v->id);
	else if (mi_vehicle_fatal(v))
		snprintf(why, len, "%s has a FATAL error", v->id);
	else if (v->paused)
		snprintf(why, len, "%s is paused", v->id);
	else if (v->battery < min_battery && !charges(t))
		snprintf(why, len, "%s battery %.0f%% is below %.0f%%", v->id, v->battery,
		         min_battery);
	else if (v->charging && !charges(t))
		snprintf(why, len, "%s is charging", v->id);
	else if (idx < s->nheld && s->held[idx])
		snprintf(why, len, "%s runs another mission", v->id);
	else if (v->order_id[0] && (v->nodes_left > 0 || v->driving || v->acting))
		snprintf(why, len, "%s is busy with order %s", v->id, v->order_id);
	else if (vv && !vv->state_seen)
		snprintf(why, len, "%s has sent no state yet (stateRequest sent)", v->id);
	else if (t && (t->agv_class[0] || t->min_load_kg > 0) && (!vv || !vv->factsheet))
		snprintf(why, len, "%s sent no factsheet to check capabilities against", v->id);
	else if (t && t->agv_class[0] && strcmp(vv->factsheet->agv_class, t->agv_class) != 0)
		snprintf(why, len, "%s is a %s, not a %s", v->id, vv->factsheet->agv_class,
		         t->agv_class);
	else if (t && t->min_load_kg > 0 && vv->factsheet->max_load_kg < t->min_load_kg)
		snprintf(why, len, "%s carries %.0f kg, not %.0f", v->id,
		         vv->factsheet->max_load_kg, t->min_load_kg);
	else
		return true;
	return false;
}

/* The first node's position, when the console has a map. */
static bool first_node_pos(missions_state *s, const char *node, double *x, double *y)
{
	fo_model *model = fo_core_model(s->core);
	long n = fo_model_node_find(model, node);
	if (n < 0)
		return false;
	*x = fo_model_node(model, (size_t)n)->x;
	*y = fo_model_node(model, (size_t)n)->y;
	return true;
}

/* Resolves "$name" from the mission's parameters; NULL when missing. */
const char *mi_resolve(const mi_mission *m, const char *text, char *buf, size_t len)
{
	if (text[0] != '$')
		return text;
	json_t *o = json_loads(m->params_json, 0, NULL);
	const char *v = json_string_value(json_object_get(o, text + 1));
	if (v)
		snprintf(buf, len, "%s", v);
	json_decref(o);
	return v ? buf : NULL;
}

/* The rule for "any eligible vehicle": among the eligible, the nearest to
 * the first step (straight line, when the console has a map), then the
 * fullest battery, then the smallest id. */
static long choose_vehicle(missions_state *s, const mi_mission *m, const mi_template *t, char *why,
                           size_t len)
{
	fo_model *model = fo_core_model(s->core);
	double fx = 0, fy = 0;
	char buf[FO_ID_LEN + 16];
	const char *first =
	    t && t->nsteps ? mi_resolve(m, t->steps[0].node, buf, sizeof buf) : NULL;
	bool have_pos = first && first_node_pos(s, first, &fx, &fy);
	long best = -1;
	double best_d = 0;
	size_t n = fo_model_vehicle_count(model), seen = 0;
	for (size_t i = 0; i < n; i++) {
		char w[160];
		if (!eligible(s, m, t, i, w, sizeof w)) {
			if (!seen++)
				snprintf(why, len, "no eligible vehicle (e.g. %s)", w);
			continue;
		}
		fo_vehicle *v = fo_model_vehicle(model, i);
		double d = have_pos ? hypot(v->x - fx, v->y - fy) : 0;
		if (best < 0) {
			best = (long)i;
			best_d = d;
			continue;
		}
		fo_vehicle *b = fo_model_vehicle(model, (size_t)best);
		if (d < best_d - 1e-6 ||
		    (fabs(d - best_d) <= 1e-6 &&
		     (v->battery > b->battery ||
		      (v->battery == b->battery && strcmp(v->id, b->id) < 0)))) {
			best = (long)i;
			best_d = d;
		}
	}
	if (best < 0 && !seen)
		snprintf(why, len, "no vehicles known");
	return best;
}

/* ---- orders */

/* $parameters of action parameters replaced by the mission's values */
static int resolve_params(mi_mission *m, mi_action *acts, size_t n, char *err, size_t errlen)
{
	for (size_t k = 0; k < n; k++)
		for (size_t q = 0; q < acts[k].nparams; q++) {
			mi_param *par = &acts[k].params[q];
			char vb[128];
			const char *val =
			    par->raw ? par->value : mi_resolve(m, par->value, vb, sizeof vb);
			if (!val) {
				snprintf(err, errlen, "parameter %s is not given", par->value);
				return -1;
			}
			if (val != par->value)
				snprintf(par->value, sizeof par->value, "%s", val);
		}
	return 0;
}

/* Appends step i's node to the plan: its node actions, and the edge into
 * it (edge actions, speed limit) when it has one. */
static int plan_step(mi_mission *m, const mi_step *st, const char *node, bool has_edge, char *err,
                     size_t errlen)
{
	mi_plan_node *p = mi_plan_append(m, node);
	p->step = true;
	mi_plan_add_actions(p, st->actions, st->nactions, false);
	if (has_edge) {
		mi_plan_add_actions(p, st->edge_actions, st->nedge_actions, true);
		p->edge_max_speed = st->edge_max_speed;
	}
	return resolve_params(m, p->actions, p->nactions, err, errlen) ||
	               resolve_params(m, p->edge_actions, p->nedge_actions, err, errlen)
	           ? -1
	           : 0;
}

/* Step i's leg over the site: the fastest route from the plan's last node
 * (or, for the first step, from where the vehicle stands) to the step's
 * node or station.  Pass-through nodes carry no actions; the step's node
 * actions go on the route's last node (the station's interaction node
 * actually used) and its edge actions and speed limit on the leg's last
 * edge.  A leg that stays on its node adds no node: the step's actions
 * follow that node's, and its edge, which the order lacks, is left out. */
static int plan_leg(missions_state *s, mi_mission *m, size_t idx, const fo_vehicle *v,
                    const mi_step *st, size_t i, const char *to, char *err, size_t errlen)
{
	/* a vehicle that has not told where it stands starts at the first step */
	const char *from = m->nplan          ? m->plan[m->nplan - 1].node
	                   : v->last_node[0] ? v->last_node
	                                     : to;
	fo_site_path path;
	char why[200];
	if (fo_site_route(s->core, idx, from, to, &path, why, sizeof why) != 0) {
		snprintf(err, errlen, "step %zu, route %.40s -> %.40s: %.120s", i + 1, from, to,
		         why);
		return -1;
	}
	int rc = 0;
	if (path.nnodes == 1 && m->nplan) { /* stays on its node: no edge */
		mi_plan_node *p = &m->plan[m->nplan - 1];
		size_t had = p->nactions;
		p->step = true;
		mi_plan_add_actions(p, st->actions, st->nactions, false);
		if (st->nactions)
			rc = resolve_params(m, p->actions + had, st->nactions, err, errlen);
	} else {
		/* the route's first node is the plan's last one, except where the
		 * order starts */
		for (size_t k = m->nplan ? 1 : 0; k + 1 < path.nnodes; k++)
			mi_plan_append(m, path.nodes[k]);
		rc = plan_step(m, st, path.nodes[path.nnodes - 1], m->nplan > 0, err, errlen);
	}
	fo_site_path_free(&path);
	return rc;
}

static int build_plan(missions_state *s, mi_mission *m, const mi_template *t, size_t idx,
                      const fo_vehicle *v, char *err, size_t errlen)
{
	mi_plan_free(m);
	bool routed = fo_site_loaded(s->core);
	char buf[FO_ID_LEN + 16];
	const char *first = mi_resolve(m, t->steps[0].node, buf, sizeof buf);
	/* a new order starts where the vehicle stands (VDA 5050 6.6.2); over a
	 * site the first leg's route starts there */
	if (!routed && v->last_node[0] && first && strcmp(v->last_node, first) != 0)
		mi_plan_append(m, v->last_node);
	for (size_t i = 0; i < t->nsteps; i++) {
		const char *node = mi_resolve(m, t->steps[i].node, buf, sizeof buf);
		if (!node) {
			snprintf(err, errlen,
			         "parameter %s is not given (mission start ... %s=NODE)",
			         t->steps[i].node, t->steps[i].node + 1);
			return -1;
		}
		/* the first step's edge is the one from where the vehicle stands:
		 * none when it stands on the step's node */
		if (routed ? plan_leg(s, m, idx, v, &t->steps[i], i, node, err, errlen)
		           : plan_step(m, &t->steps[i], node, m->nplan > 0, err, errlen))
			return -1;
	}
	long rel = fo_config_int(s->core, "missions.release_nodes");
	m->released = rel > 0 && (size_t)rel < m->nplan ? (size_t)rel : m->nplan;
	if (m->released < 1)
		m->released = 1;
	m->order_update = 0;
	m->reached = 0;
	return 0;
}

/* The VDA 5050 actions of one node or edge, built into pools that live
 * until the order is published: ids ORDER-nN-aK (node N of the plan) and
 * ORDER-eN-aK (the edge into node N), the same in every update. */
typedef struct {
	fo_vda_param *params;
	size_t np;
	char (*aids)[128];
	size_t na;
} act_pool;

static fo_vda_action *build_actions(act_pool *pool, const mi_action *src, size_t n,
                                    const char *order_id, char kind, size_t at)
{
	fo_vda_action *out = calloc(n + 1, sizeof *out);
	if (!out)
		abort();
	for (size_t k = 0; k < n; k++) {
		char *aid = pool->aids[pool->na++];
		snprintf(aid, 128, "%s-%c%zu-a%zu", order_id, kind, at, k);
		out[k] = (fo_vda_action){.type = src[k].type,
		                         .id = aid,
		                         .blocking = src[k].blocking,
		                         .params = &pool->params[pool->np],
		                         .nparams = src[k].nparams};
		for (size_t q = 0; q < src[k].nparams; q++)
			pool->params[pool->np++] = (fo_vda_param){
			    src[k].params[q].key, src[k].params[q].value, src[k].params[q].raw};
	}
	return out;
}

/* Publishes the order (update 0) or an update from the stitching node. */
static fo_status send_order(missions_state *s, mi_mission *m, char *err, size_t errlen)
{
	size_t idx;
	if (!vehicle_of(s, m, &idx)) {
		snprintf(err, errlen, "vehicle %s is gone from the model", m->vehicle);
		return FO_ERR;
	}
	/* an update repeats the last released node of the previous one */
	size_t from = m->order_update ? m->released_prev : 0;
	size_t n = m->nplan - from;
	const char **ids = calloc(n, sizeof *ids);
	fo_vda_action **acts = calloc(n, sizeof *acts);
	size_t *nacts = calloc(n, sizeof *nacts);
	fo_vda_action **eacts = calloc(n, sizeof *eacts);
	size_t *neacts = calloc(n, sizeof *neacts);
	double *espeed = calloc(n, sizeof *espeed);
	/* the pools hold what this message carries, counted first */
	size_t nact = 0, npar = 0;
	for (size_t i = 0; i < n; i++) {
		const mi_plan_node *p = &m->plan[from + i];
		nact += p->nactions + p->nedge_actions;
		for (size_t k = 0; k < p->nactions; k++)
			npar += p->actions[k].nparams;
		for (size_t k = 0; k < p->nedge_actions; k++)
			npar += p->edge_actions[k].nparams;
	}
	act_pool pool = {calloc(npar + 1, sizeof *pool.params), 0,
	                 calloc(nact + 1, sizeof *pool.aids), 0};
	if (!ids || !acts || !nacts || !eacts || !neacts || !espeed || !pool.params || !pool.aids)
		abort();
	for (size_t i = 0; i < n; i++) {
		const mi_plan_node *p = &m->plan[from + i];
		ids[i] = p->node;
		/* the edge into node i is edge i - 1 of the message */
		if (i > 0) {
			eacts[i - 1] = build_actions(&pool, p->edge_actions, p->nedge_actions,
			                             m->order_id, 'e', from + i);
			neacts[i - 1] = p->nedge_actions;
			espeed[i - 1] = p->edge_max_speed;
		}
		/* the stitching node's actions ran with the previous update */
		if (m->order_update && i == 0)
			continue;
		acts[i] = build_actions(&pool, p->actions, p->nactions, m->order_id, 'n', from + i);
		nacts[i] = p->nactions;
	}
	fo_vda_order_req req = {
	    .order_id = m->order_id,
	    .order_update_id = m->order_update,
	    .node_ids = ids,
	    .nnodes = n,
	    .released = m->released - from,
	    .first_sequence_id = (uint32_t)(2 * from),
	    .node_actions = (const fo_vda_action *const *)acts,
	    .node_nactions = nacts,
	    .edge_actions = (const fo_vda_action *const *)eacts,
	    .edge_nactions = neacts,
	    .edge_max_speed = espeed,
	};
	fo_status rc = fo_dispatch_order(s->core, idx, &req, err, errlen);
	for (size_t i = 0; i < n; i++) {
		free(acts[i]);
		free(eacts[i]);
	}
	free(ids);
	free(acts);
	free(nacts);
	free(eacts);
	free(neacts);
	free(espeed);
	free(pool.params);
	free(pool.aids);
	return rc;
}

static void requeue_or_fail(missions_state *s, mi_mission *m, const char *why);

void mi_stored(missions_state *s, mi_mission *m, bool ok)
{
	char err[512];
	if (!m->publish_due && !m->update_due)
		return;
	bool update = m->update_due;
	m->publish_due = m->update_due = false;
	if (!ok || !ms_on_vehicle(m->state))
		return; /* another console claimed it, or it moved on */
	if (send_order(s, m, err, sizeof err) != FO_OK) {
		char why[600];
		snprintf(why, sizeof why, "order %s%s not sent: %s", m->order_id,
		         update ? " update" : "", err);
		requeue_or_fail(s, m, why);
		return;
	}
	m->sent_here = true;
	mi_store_log(s, m->id, "info", "order %s update %u sent to %s (%zu of %zu nodes released)",
	             m->order_id, m->order_update, m->vehicle, m->released, m->nplan);
}

static void dispatch(missions_state *s, mi_mission *m)
{
	const mi_template *t = mi_template_by_id(s, m->template_id);
	char why[256] = "", err[256];
	if (!t) {
		mi_apply(s, m, ME_FAIL, "console", "its template is gone from the store", err,
		         sizeof err);
		return;
	}
	long idx;
	if (m->any_vehicle) {
		idx = choose_vehicle(s, m, t, why, sizeof why);
	} else {
		idx = fo_model_vehicle_find(fo_core_model(s->core), m->vehicle);
		if (idx < 0)
			snprintf(why, sizeof why, "vehicle %s is not known (yet)", m->vehicle);
		else if (!eligible(s, m, t, (size_t)idx, why, sizeof why))
			idx = -1;
	}
	if (idx < 0) {
		if (strcmp(m->reason, why) != 0) {
			snprintf(m->reason, sizeof m->reason, "%.159s", why);
			mi_store_mission(s, m);
		}
		return;
	}
	fo_vehicle *v = fo_model_vehicle(fo_core_model(s->core), (size_t)idx);
	snprintf(m->vehicle, sizeof m->vehicle, "%s", v->id);
	if ((size_t)idx < s->nheld)
		s->held[idx] = 1;
	m->attempts++;
	/* one orderId per attempt: a reassigned mission is a new order */
	if (m->attempts == 1)
		snprintf(m->order_id, sizeof m->order_id, "%s", m->id);
	else
		snprintf(m->order_id, sizeof m->order_id, "%s-r%d", m->id, m->attempts - 1);
	if (build_plan(s, m, t, (size_t)idx, v, err, sizeof err)) {
		mi_apply(s, m, ME_FAIL, "console", err, err, sizeof err);
		return;
	}
	if (fo_site_traffic(s->core)) {
		int rc = mi_traffic_dispatch(s, m, (size_t)idx, why, sizeof why);
		if (rc < 0) {
			mi_apply(s, m, ME_FAIL, "console", why, err, sizeof err);
			return;
		}
		if (rc > 0) { /* not dispatched: tried again next time */
			m->attempts--;
			if (m->any_vehicle)
				m->vehicle[0] = '\0';
			if (strcmp(m->reason, why) != 0) {
				snprintf(m->reason, sizeof m->reason, "%.159s", why);
				mi_store_mission(s, m);
			}
			return;
		}
	}
	m->released_prev = 0;
	m->distance_base = mi_distance(s, m); /* a reassigned mission keeps what it drove */
	m->odo_start = v->odometer_m;
	m->odo_set = true;
	m->battery_start = v->battery;
	m->offline_since_ms = 0;
	char reason[160];
	snprintf(reason, sizeof reason, "order %s to %s", m->order_id, v->id);
	m->publish_due = true;
	if (!mi_apply(s, m, ME_DISPATCH, "console", reason, err, sizeof err))
		m->publish_due = false;
	else if (m->attempts == 1)
		mi_needs_request(s, m, t);
}

static void send_instant(missions_state *s, mi_mission *m, const char *type, char *err,
                         size_t errlen, fo_status *rc)
{
	size_t idx;
	*rc = FO_ERR;
	if (!vehicle_of(s, m, &idx)) {
		snprintf(err, errlen, "vehicle %s is not known", m->vehicle);
		return;
	}
	fo_vda_action a = {.type = type, .blocking = "HARD"};
	*rc = fo_dispatch_actions(s->core, idx, &a, 1, err, errlen);
	if (*rc == FO_OK)
		mi_store_log(s, m->id, "info", "%s sent to %s", type, m->vehicle);
}

static void requeue_or_fail(missions_state *s, mi_mission *m, const char *why)
{
	char err[256];
	const char *policy = fo_config_str(s->core, "missions.on_vehicle_failure");
	long max = fo_config_int(s->core, "missions.max_attempts");
	bool reassign = policy && strcmp(policy, "reassign") == 0 && m->any_vehicle &&
	                m->attempts < (max > 0 ? max : 3);
	if (ms_on_vehicle(m->state)) {
		/* the old vehicle drops the order, when it can still hear us */
		fo_status rc;
		send_instant(s, m, "cancelOrder", err, sizeof err, &rc);
	}
	if (reassign) {
		char r[300];
		snprintf(r, sizeof r, "%s; reassigned (policy reassign, attempt %d)", why,
		         m->attempts + 1);
		mi_apply(s, m, ME_REQUEUE, "policy", r, err, sizeof err);
		m->vehicle[0] = '\0';
	} else {
		char r[300];
		snprintf(r, sizeof r, "%s%s", why,
		         policy && strcmp(policy, "reassign") == 0 && !m->any_vehicle
		             ? " (pinned to this vehicle: not reassigned)"
		             : "");
		mi_apply(s, m, ME_FAIL, "policy", r, err, sizeof err);
	}
}

fo_status mi_cancel(missions_state *s, mi_mission *m, const char *actor, char *err, size_t errlen)
{
	if (ms_terminal(m->state)) {
		snprintf(err, errlen, "mission %.8s is already %s", m->id, ms_state_name(m->state));
		return FO_ERR;
	}
	char note[400] = "cancelled";
	if (ms_on_vehicle(m->state)) {
		fo_status rc;
		char e[256];
		if (m->state == MS_PAUSED) /* not left paused for the next mission */
			send_instant(s, m, "stopPause", e, sizeof e, &rc);
		send_instant(s, m, "cancelOrder", e, sizeof e, &rc);
		if (rc != FO_OK)
			snprintf(
			    note, sizeof note,
			    "cancelled; cancelOrder not sent from here (%s): a tracking console "
			    "sends it",
			    e);
		else
			snprintf(note, sizeof note, "cancelled; cancelOrder sent to %s",
			         m->vehicle);
	}
	return mi_apply(s, m, ME_CANCEL, actor, note, err, errlen) ? FO_OK : FO_ERR;
}

fo_status mi_pause(missions_state *s, mi_mission *m, bool pause, const char *actor, char *err,
                   size_t errlen)
{
	ms_event e = pause ? ME_PAUSE : ME_RESUME;
	ms_state to;
	if (!ms_next(m->state, e, &to)) {
		snprintf(err, errlen, "mission %.8s is %s: cannot %s", m->id,
		         ms_state_name(m->state), pause ? "pause" : "resume");
		return FO_EUSAGE;
	}
	fo_status rc;
	char e2[256], note[400];
	send_instant(s, m, pause ? "startPause" : "stopPause", e2, sizeof e2, &rc);
	if (rc != FO_OK)
		snprintf(note, sizeof note,
		         "%s not sent from here (%s): a tracking console sends it",
		         pause ? "startPause" : "stopPause", e2);
	else
		snprintf(note, sizeof note, "%s sent to %s", pause ? "startPause" : "stopPause",
		         m->vehicle);
	return mi_apply(s, m, e, actor, note, err, errlen) ? FO_OK : FO_ERR;
}

void mi_adopted(missions_state *s, mi_mission *m, ms_state old)
{
	/* another process decided; a tracking console that reaches the
	 * vehicle carries it out */
	fo_status rc;
	char err[256];
	if (!s->tracking)
		return;
	if (m->state == MS_CANCELLED && ms_on_vehicle(old)) {
		if (old == MS_PAUSED)
			send_instant(s, m, "stopPause", err, sizeof err, &rc);
		send_instant(s, m, "cancelOrder", err, sizeof err, &rc);
	} else if (m->state == MS_PAUSED && old == MS_ACTIVE)
		send_instant(s, m, "startPause", err, sizeof err, &rc);
	else if (m->state == MS_ACTIVE && old == MS_PAUSED)
		send_instant(s, m, "stopPause", err, sizeof err, &rc);
}

/* ---- following the vehicle */

double mi_distance(missions_state *s, const mi_mission *m)
{
	fo_vehicle *v = m->odo_set ? vehicle_of(s, m, NULL) : NULL;
	double d = v && v->odometer_m > m->odo_start ? v->odometer_m - m->odo_start : 0;
	return m->distance_base + d;
}

double mi_progress(const mi_mission *m)
{
	if (m->state == MS_COMPLETED)
		return 100.0;
	if (!m->nplan)
		return 0;
	return 100.0 * (double)m->reached / (double)m->nplan;
}

double mi_eta_s(missions_state *s, const mi_mission *m)
{
	if (!ms_on_vehicle(m->state) || !m->nplan)
		return -1;
	size_t idx;
	fo_vehicle *v = vehicle_of(s, m, &idx);
	if (!v)
		return -1;
	fo_model *model = fo_core_model(s->core);
	double dist = 0, px = v->x, py = v->y, actions = 0;
	for (size_t i = m->reached; i < m->nplan; i++) {
		long n = fo_model_node_find(model, m->plan[i].node);
		if (n >= 0) {
			const fo_map_node *node = fo_model_node(model, (size_t)n);
			dist += hypot(node->x - px, node->y - py);
			px = node->x;
			py = node->y;
		}
		actions += 3.0 * (double)m->plan[i].nactions; /* a typical action's time */
	}
	const fo_vda_vehicle *vv = fo_vda_vehicle_get(s->core, idx);
	double speed = vv && vv->factsheet && vv->factsheet->speed_max > 0
	                   ? vv->factsheet->speed_max * 0.7
	                   : 1.0;
	return dist / speed + actions;
}

/* Our order's actions: all finished, or one failed (named in why). */
static bool actions_done(missions_state *s, const mi_mission *m, size_t idx, char *why, size_t len,
                         bool *failed)
{
	const fo_vda_vehicle *vv = fo_vda_vehicle_get(s->core, idx);
	*failed = false;
	if (!vv)
		return true;
	size_t plen = strlen(m->order_id);
	for (size_t i = 0; i < vv->nactions; i++) {
		const fo_vda_action_state *a = &vv->actions[i];
		if (strncmp(a->id, m->order_id, plen) != 0 || a->id[plen] != '-')
			continue;
		if (a->status == FO_VDA_ACT_FAILED) {
			snprintf(why, len, "action %s (%s) failed", a->id + plen + 1, a->type);
			*failed = true;
			return false;
		}
		if (a->status != FO_VDA_ACT_FINISHED)
			return false;
	}
	return true;
}

static void follow(missions_state *s, mi_mission *m, uint64_t now)
{
	char err[256], why[256];
	size_t idx;
	fo_vehicle *v = vehicle_of(s, m, &idx);
	if (m->inflight && m->publish_due)
		return; /* the claim is on its way to the store */
	long grace = fo_config_int(s->core, "missions.offline_grace_s");
	if (!v || !v->online) {
		if (!m->offline_since_ms)
			m->offline_since_ms = now;
		if (now - m->offline_since_ms >= (uint64_t)(grace > 0 ? grace : 30) * 1000) {
			snprintf(why, sizeof why, "vehicle %s offline for %lds", m->vehicle,
			         grace > 0 ? grace : 30);
			requeue_or_fail(s, m, why);
		}
		return;
	}
	m->offline_since_ms = 0;
	if (!m->odo_set) { /* followed here for the first time */
		m->odo_start = v->odometer_m;
		m->odo_set = true;
	}
	m->distance_m = mi_distance(s, m);
	/* heard, but no state yet (a console that just started): the order
	 * and the errors are unknown until it comes (stateRequest asks) */
	const fo_vda_vehicle *vv = fo_vda_vehicle_get(s->core, idx);
	if (vv && !vv->state_seen)
		return;
	if (v->estop != FO_ESTOP_NONE) {
		snprintf(why, sizeof why, "vehicle %s e-stop (%s)", v->id, fo_estop_name(v->estop));
		requeue_or_fail(s, m, why);
		return;
	}
	const fo_verror *fatal = mi_vehicle_fatal(v);
	if (fatal) {
		snprintf(why, sizeof why, "vehicle %s FATAL %s: %s", v->id, fatal->type,
		         fatal->desc);
		requeue_or_fail(s, m, why);
		return;
	}
	bool ours = strcmp(v->order_id, m->order_id) == 0;
	if (!ours && m->state == MS_DISPATCHED && !m->sent_here) {
		/* dispatched by a process that stopped before the vehicle took
		 * it (or before it was published): send it again; a vehicle
		 * ignores an order it already has (same orderId and update) */
		m->sent_here = true;
		m->state_since_ms = now;
		if (send_order(s, m, err, sizeof err) == FO_OK)
			mi_store_log(s, m->id, "info", "order %s sent again to %s after a restart",
			             m->order_id, m->vehicle);
		return;
	}
	if (!ours) {
		long wait = fo_config_int(s->core, "missions.accept_timeout_s");
		uint64_t limit = (uint64_t)(wait > 0 ? wait : 15) * 1000;
		if (m->state == MS_DISPATCHED && now - m->state_since_ms > limit) {
			snprintf(why, sizeof why, "%s did not take order %s within %llus", v->id,
			         m->order_id, (unsigned long long)(limit / 1000));
			requeue_or_fail(s, m, why);
		} else if (m->state != MS_DISPATCHED) {
			snprintf(why, sizeof why, "%s dropped order %s (now runs '%s')", v->id,
			         m->order_id, v->order_id);
			requeue_or_fail(s, m, why);
		}
		return;
	}
	uint32_t left = v->nodes_left < m->nplan ? v->nodes_left : (uint32_t)m->nplan;
	uint32_t reached = (uint32_t)m->nplan - left;
	if (reached != m->reached) {
		m->reached = reached;
		s->gen++;
	}
	if (m->state == MS_DISPATCHED) {
		snprintf(why, sizeof why, "%s reports order %s", v->id, m->order_id);
		char actor[64];
		snprintf(actor, sizeof actor, "vehicle:%s", v->id);
		mi_apply(s, m, ME_ACCEPTED, actor, why, err, sizeof err);
	}
	/* the vehicle's pause flag lags an operator's pause or resume */
	bool settled = now - m->state_since_ms > 3000;
	if (m->state == MS_ACTIVE && v->paused && settled) {
		char actor[64];
		snprintf(actor, sizeof actor, "vehicle:%s", v->id);
		mi_apply(s, m, ME_PAUSE, actor, "the vehicle reports paused", err, sizeof err);
		return;
	}
	if (m->state == MS_PAUSED && !v->paused && settled) {
		char actor[64];
		snprintf(actor, sizeof actor, "vehicle:%s", v->id);
		mi_apply(s, m, ME_RESUME, actor, "the vehicle drives again", err, sizeof err);
	}
	/* under traffic control: release what the site reserves for it */
	if (fo_site_traffic(s->core) && !m->inflight && !m->update_due) {
		if (mi_traffic_follow(s, m, idx)) {
			m->update_due = true;
			mi_store_mission(s, m);
			return;
		}
	} else if (m->released < m->nplan && m->reached + 1 >= m->released && !m->inflight) {
		/* release more of the horizon as the vehicle nears the end of the base */
		size_t more = (size_t)fo_config_int(s->core, "missions.release_nodes");
		m->released_prev = m->released - 1;
		m->released = m->released + (more ? more : m->nplan);
		if (m->released > m->nplan)
			m->released = m->nplan;
		m->order_update++;
		m->update_due = true;
		mi_store_mission(s, m);
		return;
	}
	bool failed;
	if (left == 0 && m->released == m->nplan && !v->driving && !v->acting &&
	    actions_done(s, m, idx, why, sizeof why, &failed)) {
		char actor[64];
		snprintf(actor, sizeof actor, "vehicle:%s", v->id);
		mi_apply(s, m, ME_DONE, actor, "every node reached, every action finished", err,
		         sizeof err);
	} else if (actions_done(s, m, idx, why, sizeof why, &failed), failed) {
		requeue_or_fail(s, m, why);
	}
}

static void check_deadline(missions_state *s, mi_mission *m, uint64_t now)
{
	if (!m->deadline_ms || m->late_logged || now <= m->deadline_ms)
		return;
	m->late_logged = true;
	const mi_template *t = mi_template_by_id(s, m->template_id);
	mi_store_log(s, m->id, "warning", "missed its deadline");
	if (t && t->fail_when_late) {
		char err[256];
		if (ms_on_vehicle(m->state)) {
			fo_status rc;
			send_instant(s, m, "cancelOrder", err, sizeof err, &rc);
		}
		mi_apply(s, m, ME_FAIL, "policy", "missed its deadline (deadline policy: fail)",
		         err, sizeof err);
	}
}

static int by_priority(const void *a, const void *b)
{
	const mi_mission *x = *(mi_mission *const *)a, *y = *(mi_mission *const *)b;
	if (x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	return x->created_ms < y->created_ms ? -1 : x->created_ms > y->created_ms;
}

/* A vehicle heard only through connection or visualization messages has
 * not told where it stands (lastNodeId): ask it (VDA 5050 stateRequest),
 * at most every 10 s, so missions can start without waiting for its next
 * periodic state (up to 30 s). */
static void request_states(missions_state *s, uint64_t now)
{
	fo_model *model = fo_core_model(s->core);
	size_t n = fo_model_vehicle_count(model);
	if (n > s->nstate_req) {
		s->state_req_ms = realloc(s->state_req_ms, n * sizeof *s->state_req_ms);
		if (!s->state_req_ms)
			abort();
		memset(s->state_req_ms + s->nstate_req, 0,
		       (n - s->nstate_req) * sizeof *s->state_req_ms);
		s->nstate_req = n;
	}
	for (size_t i = 0; i < n; i++) {
		const fo_vda_vehicle *vv = fo_vda_vehicle_get(s->core, i);
		if (!vv || vv->state_seen || vv->conn != FO_VDA_CONN_ONLINE ||
		    now - s->state_req_ms[i] < 10000 || !fo_dispatch_reachable(s->core, i))
			continue;
		s->state_req_ms[i] = now;
		fo_vda_action a = {.type = "stateRequest", .blocking = "NONE"};
		char err[256];
		fo_dispatch_actions(s->core, i, &a, 1, err, sizeof err);
	}
}

bool mi_tracking(missions_state *s)
{
	const char *mode = fo_config_str(s->core, "missions.track");
	if (mode && strcmp(mode, "off") == 0)
		return s->waiting;
	if (mode && strcmp(mode, "on") == 0)
		return true;
	return fo_core_has_frontend(s->core) || fo_core_serving(s->core) || s->waiting;
}

void mi_tick(fo_core *core, void *ud)
{
	missions_state *s = ud;
	/* only a console, `serve` or `mission wait` dispatches and follows:
	 * not `sim --mqtt`, not a `feeds watch` */
	if (!mi_tracking(s))
		return;
	mi_load(s, false);
	s->tracking = true;
	if (!s->loaded)
		return; /* the first load is still on its way */
	request_states(s, fo_wall_ms());
	mi_traffic_tick(s);
	uint64_t now = fo_wall_ms();
	mi_safety_scan(s);
	/* queued missions in priority order, then by age */
	mi_mission **q = calloc(s->nmissions + 1, sizeof *q);
	if (!q)
		abort();
	size_t nq = 0;
	for (size_t i = 0; i < s->nmissions; i++) {
		mi_mission *m = s->missions[i];
		if (ms_terminal(m->state) || !m->stored)
			continue;
		check_deadline(s, m, now);
		if (m->state == MS_WAITING)
			check_deps(s, m);
		if (m->state == MS_QUEUED && !m->inflight)
			q[nq++] = m;
		else if (ms_on_vehicle(m->state))
			follow(s, m, now);
	}
	qsort(q, nq, sizeof *q, by_priority);
	if (nq)
		mark_held(s);
	for (size_t i = 0; i < nq; i++)
		dispatch(s, q[i]);
	free(q);
	(void)core;
}
