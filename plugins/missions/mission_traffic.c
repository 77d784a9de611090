/* mission_traffic.c — missions under traffic control (fleetops_plugin.h,
 * "traffic"): an order releases to its vehicle only what the site reserved
 * for it, a few nodes at a time (map.release_nodes); the rest of the plan
 * is its horizon, released by order updates as the vehicle makes room.  A
 * vehicle that waits in a cycle of waits (a deadlock) is re-routed around
 * the vehicles in its way or backs off, never left to wait it out: the
 * horizon up to the next step node is replaced, which VDA 5050 allows
 * (the horizon is not binding). */
#include "missions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RESOLVE_EVERY_MS 2000 /* a deadlock with no way out is tried again */

static size_t budget(missions_state *s)
{
	long b = fo_config_int(s->core, "map.release_nodes");
	return b > 0 ? (size_t)b : 4;
}

/* Claims plan[from..to) for vehicle idx, at most `most` nodes more (0: no
 * limit); what was granted in *g. */
static int claim_range(missions_state *s, mi_mission *m, size_t idx, size_t from, size_t to,
                       size_t most, fo_site_grant *g, char *err, size_t errlen)
{
	size_t n = to - from;
	const char **ids = calloc(n ? n : 1, sizeof *ids);
	if (!ids)
		abort();
	for (size_t i = 0; i < n; i++)
		ids[i] = m->plan[from + i].node;
	int rc = fo_site_claim(s->core, idx, ids, n, most, g, err, errlen);
	free(ids);
	return rc;
}

static int claim(missions_state *s, mi_mission *m, size_t idx, size_t from, fo_site_grant *g,
                 char *err, size_t errlen)
{
	return claim_range(s, m, idx, from, m->nplan, budget(s), g, err, errlen);
}

/* This process did not make the vehicle's reservation (it restarted): the
 * part of the base still ahead of the vehicle is claimed again, whatever
 * the budget, from the node it stands on.  0 when the reservation ends at
 * the base's last node again. */
static int reclaim(missions_state *s, mi_mission *m, size_t idx, char *err, size_t errlen)
{
	const fo_vehicle *v = fo_model_vehicle(fo_core_model(s->core), idx);
	for (size_t k = m->released; v && k-- > 0;) {
		if (strcmp(m->plan[k].node, v->last_node) != 0)
			continue;
		fo_site_grant g;
		if (claim_range(s, m, idx, k, m->released, 0, &g, err, errlen) != 0)
			return -1;
		return k + g.granted == m->released ? 0 : -1;
	}
	snprintf(err, errlen, "%s is not on the released part of its plan", v ? v->id : "?");
	return -1;
}

static void note_wait(missions_state *s, mi_mission *m, const fo_site_grant *g)
{
	char w[sizeof m->tc_wait];
	if (g->blocker[0])
		snprintf(w, sizeof w, "waits for %s (holds %s)%s", g->blocker, g->node,
		         g->deadlock ? ": deadlock" : "");
	else
		w[0] = '\0';
	if (strcmp(w, m->tc_wait) == 0)
		return;
	snprintf(m->tc_wait, sizeof m->tc_wait, "%s", w);
	s->gen++;
	if (w[0])
		mi_store_log(s, m->id, "info", "traffic: %s %s", m->vehicle, w);
}

int mi_traffic_dispatch(missions_state *s, mi_mission *m, size_t idx, char *why, size_t whylen)
{
	fo_site_grant g;
	char err[256];
	if (claim(s, m, idx, 0, &g, err, sizeof err) != 0) {
		snprintf(why, whylen, "traffic control: %s", err);
		return -1;
	}
	if (g.granted == 0) {
		snprintf(why, whylen, "traffic: %s stands where %s holds (%s)", m->vehicle,
		         g.blocker, g.node);
		return 1;
	}
	m->tc_idx = (long)idx;
	m->released = g.granted;
	note_wait(s, m, &g);
	return 0;
}

/* The first step node after plan index from, or the plan's last node. */
static size_t next_step(const mi_mission *m, size_t from)
{
	for (size_t i = from + 1; i < m->nplan; i++)
		if (m->plan[i].step)
			return i;
	return m->nplan - 1;
}

/* A deadlock: the horizon up to the next step node replaced by a way out. */
static void resolve(missions_state *s, mi_mission *m, size_t idx)
{
	uint64_t now = fo_wall_ms();
	if (now - m->tc_resolve_ms < RESOLVE_EVERY_MS)
		return;
	m->tc_resolve_ms = now;
	size_t from = m->released - 1, to = next_step(m, from);
	fo_site_path p;
	bool backed;
	char err[256];
	if (fo_site_resolve(s->core, idx, m->plan[to].node, &p, &backed, err, sizeof err) != 0) {
		mi_store_log(s, m->id, "warning", "traffic: deadlock at %s: %s", m->plan[from].node,
		             err);
		return;
	}
	if (p.nnodes < 2 || strcmp(p.nodes[0], m->plan[from].node) != 0) {
		fo_site_path_free(&p);
		return;
	}
	mi_plan_splice(m, from, to, p.nodes, p.nnodes);
	if (backed)
		mi_store_log(s, m->id, "info",
		             "traffic: deadlock at %s resolved: backs off to %s, then on to %s",
		             m->plan[from].node, p.nodes[p.nnodes > 2 ? 1 : 0],
		             p.nodes[p.nnodes - 1]);
	else
		mi_store_log(s, m->id, "info",
		             "traffic: deadlock at %s resolved: rerouted to %s over %zu nodes",
		             m->plan[from].node, p.nodes[p.nnodes - 1], p.nnodes);
	fo_site_path_free(&p);
	s->gen++;
}

bool mi_traffic_follow(missions_state *s, mi_mission *m, size_t idx)
{
	if (m->released >= m->nplan || m->released < 1)
		return false;
	fo_site_grant g;
	char err[256];
	m->tc_idx = (long)idx;
	if (claim(s, m, idx, m->released - 1, &g, err, sizeof err) != 0 &&
	    (reclaim(s, m, idx, err, sizeof err) != 0 ||
	     claim(s, m, idx, m->released - 1, &g, err, sizeof err) != 0))
		return false; /* tried again on the next tick */
	note_wait(s, m, &g);
	if (g.granted <= 1) {
		if (g.deadlock)
			resolve(s, m, idx);
		return false;
	}
	m->released_prev = m->released - 1;
	m->released = m->released - 1 + g.granted;
	m->order_update++;
	return true;
}

void mi_traffic_tick(missions_state *s)
{
	for (size_t i = 0; i < s->nmissions; i++) {
		mi_mission *m = s->missions[i];
		if (m->tc_idx < 0 || ms_on_vehicle(m->state))
			continue;
		/* the vehicle may run the next mission already: its claims stay */
		bool busy = false;
		for (size_t k = 0; k < s->nmissions && !busy; k++)
			busy = s->missions[k]->tc_idx == m->tc_idx &&
			       ms_on_vehicle(s->missions[k]->state);
		if (!busy)
			fo_site_release(s->core, (size_t)m->tc_idx);
		m->tc_idx = -1;
		m->tc_wait[0] = '\0';
	}
}
