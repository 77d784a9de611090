/* mission_plan.c — a mission's plan: its nodes and their actions in memory,
 * and the "plan" column of the mission's record (the plan with the
 * progress a restarted tracker needs).  Pure: jansson and the C library. */
#include "missions.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

mi_plan_node *mi_plan_append(mi_mission *m, const char *node)
{
	if (m->nplan == m->capplan) {
		m->capplan = m->capplan ? 2 * m->capplan : 8;
		m->plan = realloc(m->plan, m->capplan * sizeof *m->plan);
		if (!m->plan)
			abort();
	}
	mi_plan_node *p = &m->plan[m->nplan++];
	memset(p, 0, sizeof *p);
	snprintf(p->node, sizeof p->node, "%s", node);
	return p;
}

void mi_plan_add_actions(mi_plan_node *p, const mi_action *acts, size_t n, bool edge)
{
	if (!n)
		return;
	mi_action **arr = edge ? &p->edge_actions : &p->actions;
	size_t *count = edge ? &p->nedge_actions : &p->nactions;
	*arr = realloc(*arr, (*count + n) * sizeof **arr);
	if (!*arr)
		abort();
	memcpy(*arr + *count, acts, n * sizeof **arr);
	*count += n;
}

void mi_plan_free(mi_mission *m)
{
	for (size_t i = 0; i < m->nplan; i++) {
		free(m->plan[i].actions);
		free(m->plan[i].edge_actions);
	}
	free(m->plan);
	m->plan = NULL;
	m->nplan = m->capplan = 0;
}

void mi_plan_splice(mi_mission *m, size_t from, size_t to, char *const *nodes, size_t n)
{
	if (n < 2 || from >= to || to >= m->nplan)
		return;
	mi_plan_node last = m->plan[to]; /* its actions move to the new last node */
	for (size_t i = from + 1; i < to; i++) {
		free(m->plan[i].actions);
		free(m->plan[i].edge_actions);
	}
	size_t tail = m->nplan - (to + 1), nn = from + n + tail;
	if (nn > m->capplan) {
		m->capplan = nn;
		m->plan = realloc(m->plan, m->capplan * sizeof *m->plan);
		if (!m->plan)
			abort();
	}
	memmove(&m->plan[from + n], &m->plan[to + 1], tail * sizeof *m->plan);
	for (size_t k = 1; k < n; k++) {
		mi_plan_node *p = &m->plan[from + k];
		if (k + 1 == n) {
			*p = last;
		} else {
			memset(p, 0, sizeof *p);
		}
		snprintf(p->node, sizeof p->node, "%s", nodes[k]);
	}
	m->nplan = nn;
}

/* ---- the stored form */

static const char *jstr(json_t *o, const char *key, const char *fallback)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : fallback;
}

static json_t *actions_json(const mi_action *acts, size_t n)
{
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++) {
		json_t *ao = json_object();
		json_object_set_new(ao, "type", json_string(acts[k].type));
		json_object_set_new(ao, "blocking", json_string(acts[k].blocking));
		json_t *ps = json_array();
		for (size_t p = 0; p < acts[k].nparams; p++)
			json_array_append_new(
			    ps, json_pack("{s:s,s:s,s:b}", "key", acts[k].params[p].key, "value",
			                  acts[k].params[p].value, "raw", acts[k].params[p].raw));
		json_object_set_new(ao, "parameters", ps);
		json_array_append_new(arr, ao);
	}
	return arr;
}

char *mi_plan_json(const mi_mission *m)
{
	json_t *o = json_object();
	json_t *nodes = json_array();
	for (size_t i = 0; i < m->nplan; i++) {
		const mi_plan_node *p = &m->plan[i];
		json_t *n = json_pack("{s:s,s:o}", "node", p->node, "actions",
		                      actions_json(p->actions, p->nactions));
		/* the edge into the node, for updates and resends after a restart */
		if (p->nedge_actions)
			json_object_set_new(n, "edge_actions",
			                    actions_json(p->edge_actions, p->nedge_actions));
		if (p->edge_max_speed > 0)
			json_object_set_new(n, "edge_max_speed", json_real(p->edge_max_speed));
		if (p->step)
			json_object_set_new(n, "step", json_true());
		json_array_append_new(nodes, n);
	}
	json_object_set_new(o, "nodes", nodes);
	json_object_set_new(o, "released", json_integer((json_int_t)m->released));
	json_object_set_new(o, "order_update", json_integer(m->order_update));
	json_object_set_new(o, "reached", json_integer(m->reached));
	json_object_set_new(o, "released_prev", json_integer((json_int_t)m->released_prev));
	json_object_set_new(o, "distance_m", json_real(m->distance_m));
	json_object_set_new(o, "battery_start", json_real(m->battery_start));
	json_object_set_new(o, "attempts", json_integer(m->attempts));
	json_object_set_new(o, "any_vehicle", json_boolean(m->any_vehicle));
	json_object_set_new(o, "template_name", json_string(m->template_name));
	json_object_set_new(o, "created_ms", json_integer((json_int_t)m->created_ms));
	json_object_set_new(o, "state_since_ms", json_integer((json_int_t)m->state_since_ms));
	json_object_set_new(o, "waiting_s", json_real(m->waiting_s));
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!s)
		abort();
	return s;
}

/* One stored action list into p's node (or edge) actions. */
static void actions_from_json(json_t *arr, mi_plan_node *p, bool edge)
{
	size_t k;
	json_t *a;
	json_array_foreach(arr, k, a)
	{
		mi_action ac;
		memset(&ac, 0, sizeof ac);
		snprintf(ac.type, sizeof ac.type, "%s", jstr(a, "type", ""));
		snprintf(ac.blocking, sizeof ac.blocking, "%s", jstr(a, "blocking", "HARD"));
		size_t q;
		json_t *pp;
		json_array_foreach(json_object_get(a, "parameters"), q, pp)
		{
			if (q >= MI_MAX_PARAMS)
				break;
			mi_param *par = &ac.params[ac.nparams++];
			snprintf(par->key, sizeof par->key, "%s", jstr(pp, "key", ""));
			snprintf(par->value, sizeof par->value, "%s", jstr(pp, "value", ""));
			par->raw = json_is_true(json_object_get(pp, "raw"));
		}
		mi_plan_add_actions(p, &ac, 1, edge);
	}
}

void mi_plan_from_json(mi_mission *m, const char *txt)
{
	json_t *o = txt ? json_loads(txt, 0, NULL) : NULL;
	if (!json_is_object(o)) {
		json_decref(o);
		return;
	}
	mi_plan_free(m);
	size_t i;
	json_t *n;
	json_array_foreach(json_object_get(o, "nodes"), i, n)
	{
		mi_plan_node *p = mi_plan_append(m, jstr(n, "node", ""));
		actions_from_json(json_object_get(n, "actions"), p, false);
		actions_from_json(json_object_get(n, "edge_actions"), p, true);
		p->edge_max_speed = json_number_value(json_object_get(n, "edge_max_speed"));
		p->step = json_is_true(json_object_get(n, "step"));
	}
	m->released = (size_t)json_integer_value(json_object_get(o, "released"));
	m->order_update = (uint32_t)json_integer_value(json_object_get(o, "order_update"));
	m->reached = (uint32_t)json_integer_value(json_object_get(o, "reached"));
	m->released_prev = (size_t)json_integer_value(json_object_get(o, "released_prev"));
	m->distance_base = json_number_value(json_object_get(o, "distance_m"));
	m->distance_m = m->distance_base;
	m->odo_set = false; /* counted again from the vehicle's next position */
	m->battery_start = json_number_value(json_object_get(o, "battery_start"));
	m->attempts = (int)json_integer_value(json_object_get(o, "attempts"));
	m->any_vehicle = json_is_true(json_object_get(o, "any_vehicle"));
	const char *tn = json_string_value(json_object_get(o, "template_name"));
	if (tn)
		snprintf(m->template_name, sizeof m->template_name, "%s", tn);
	m->created_ms = (uint64_t)json_integer_value(json_object_get(o, "created_ms"));
	m->state_since_ms = (uint64_t)json_integer_value(json_object_get(o, "state_since_ms"));
	m->waiting_s = json_number_value(json_object_get(o, "waiting_s"));
	json_decref(o);
}
