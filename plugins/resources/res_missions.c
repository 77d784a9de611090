/* res_missions.c — bookings and requests made for missions (a template
 * step's "needs", a charge mission): the mission's state is read with the
 * `mission show` command, so the missions plugin may run in this process
 * or another; a mission that ended gives its bookings back and withdraws
 * its requests.  Looked at every 3 s, at most one `mission show` per
 * mission. */
#include "res.h"

#include <stdio.h>
#include <string.h>

/* The word after a `mission show` field's label ("\nstate     "). */
static bool field(const char *text, const char *label, char *buf, size_t len)
{
	const char *p = strstr(text, label);
	if (!p || !len)
		return false;
	p += strlen(label);
	size_t n = strcspn(p, " :\n");
	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return n > 0;
}

bool res_mission_state(res_state *s, const char *mission_id, char *state, size_t slen,
                       char *vehicle, size_t vlen)
{
	char line[96];
	snprintf(line, sizeof line, "mission show %s", mission_id);
	fo_buf reply = {0};
	bool ok = false;
	if (vehicle && vlen)
		vehicle[0] = '\0';
	if (fo_cmd_run(s->core, line, &reply) == FO_OK && reply.s) {
		ok = field(reply.s, "\nstate     ", state, slen);
		if (vehicle && field(reply.s, "\nvehicle   ", vehicle, vlen) &&
		    !strcmp(vehicle, "(any)"))
			vehicle[0] = '\0';
	}
	fo_buf_free(&reply);
	return ok;
}

static bool over(const char *state)
{
	return !strcmp(state, "completed") || !strcmp(state, "failed") ||
	       !strcmp(state, "cancelled");
}

/* The state of mission id, asked once per pass: ids and states of the
 * missions seen so far this pass in seen/states. */
typedef struct {
	char id[RES_ID];
	char state[24];
	bool known;
} seen_mission;

static const seen_mission *look(res_state *s, seen_mission *seen, size_t *n, size_t max,
                                const char *id)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(seen[i].id, id))
			return &seen[i];
	if (*n == max)
		return NULL;
	seen_mission *m = &seen[(*n)++];
	snprintf(m->id, sizeof m->id, "%s", id);
	m->known = res_mission_state(s, id, m->state, sizeof m->state, NULL, 0);
	return m;
}

void res_mission_tick(res_state *s)
{
	enum { MAX = 256 };
	seen_mission seen[MAX];
	size_t nseen = 0;
	char ids[MAX][RES_ID], why[64], err[256];
	size_t nids = 0;
	/* bookings first (the charging loop looks after charge bookings) */
	for (size_t i = 0; i < s->nbooks && nids < MAX; i++) {
		const res_booking *b = &s->books[i];
		if (b->mission_id[0] && res_booking_live(b) && strcmp(b->purpose, "charge") != 0) {
			const seen_mission *m = look(s, seen, &nseen, MAX, b->mission_id);
			if (m && m->known && over(m->state))
				snprintf(ids[nids++], RES_ID, "%s", b->id);
		}
	}
	for (size_t i = 0; i < nids; i++) {
		bool amb;
		res_booking *b = res_booking_find(s, ids[i], &amb);
		if (!b || !res_booking_live(b))
			continue;
		const seen_mission *m = look(s, seen, &nseen, MAX, b->mission_id);
		snprintf(why, sizeof why, "mission %s", m ? m->state : "over");
		if (res_booking_release(s, b, why, err, sizeof err) == FO_OK)
			fo_log(s->core, FO_LOG_INFO, "resources: booking %.8s released: %s", ids[i],
			       why);
	}
	/* then requests still waiting for a mission that ended */
	nids = 0;
	for (size_t i = 0; i < s->nreqs && nids < MAX; i++) {
		const res_request *q = &s->reqs[i];
		if (q->mission_id[0] && (q->state == RQ_OPEN || q->state == RQ_REFUSED)) {
			const seen_mission *m = look(s, seen, &nseen, MAX, q->mission_id);
			if (m && m->known && over(m->state))
				snprintf(ids[nids++], RES_ID, "%s", q->id);
		}
	}
	for (size_t i = 0; i < nids; i++) {
		bool amb;
		res_request *q = res_request_find(s, ids[i], &amb);
		if (!q || (q->state != RQ_OPEN && q->state != RQ_REFUSED))
			continue;
		const seen_mission *m = look(s, seen, &nseen, MAX, q->mission_id);
		res_request nq = *q;
		nq.state = RQ_CANCELLED;
		snprintf(nq.reason, sizeof nq.reason, "cancelled: mission %s",
		         m ? m->state : "over");
		if (res_request_write(s, &nq, err, sizeof err) == FO_STORE_OK)
			fo_log(s->core, FO_LOG_INFO, "resources: request %.8s %s", ids[i],
			       nq.reason);
	}
}

/* ---- conflicts: a mission's resource not booked in time */

#define UNBOOKED_AFTER_MS 10000u /* the pool's policy had its chance */
#define LATE_GRACE_S 60.0
#define WAY_SPEED 1.0 /* m/s, as the far check assumes (no route here) */

static bool on_vehicle(const char *state)
{
	return !strcmp(state, "dispatched") || !strcmp(state, "active") || !strcmp(state, "paused");
}

static void unbooked(res_state *s, const res_request *q, const char *vehicle, res_finding **v,
                     size_t *n, size_t *cap)
{
	char key[128];
	snprintf(key, sizeof key, "unbooked:%s", q->id);
	res_finding *f = res_finding_add(v, n, cap, "mission_unbooked", key);
	const res_pool *p = NULL;
	for (size_t i = 0; i < s->npools && !p; i++)
		if (!strcmp(s->pools[i].id, q->pool_id))
			p = &s->pools[i];
	const res_item *it = q->resource_id[0] ? res_item_find(s, q->resource_id) : NULL;
	snprintf(f->resource_id, sizeof f->resource_id, "%s", q->resource_id);
	snprintf(f->vehicle, sizeof f->vehicle, "%s", vehicle);
	snprintf(f->detail, sizeof f->detail,
	         "mission %.8s (%s) needs %.60s and has no booking: request %.8s is %s (%.200s)",
	         q->mission_id, vehicle[0] ? vehicle : "no vehicle",
	         it  ? it->name
	         : p ? p->name
	             : "its resource",
	         q->id, res_rqstate_name(q->state), q->reason);
	if (q->state == RQ_REFUSED && q->offered_from) {
		char t[40];
		res_time(q->offered_from, t, sizeof t);
		res_finding_suggest(f, "shift", t, "take the offered window (the vehicle waits)");
	}
	res_finding_suggest(f, "keep", NULL, "run the mission without the booking");
	res_finding_suggest(f, "cancel", NULL, "cancel the mission");
}

/* A booking that starts after the mission's vehicle can be there. */
static void late(res_state *s, const res_booking *b, const char *vehicle, uint64_t now,
                 res_finding **v, size_t *n, size_t *cap)
{
	const res_item *it = res_item_find(s, b->resource_id);
	fo_model *m = fo_core_model(s->core);
	long vi = vehicle[0] ? fo_model_vehicle_find(m, vehicle) : -1;
	long ni = it && it->node[0] ? fo_model_node_find(m, it->node) : -1;
	if (vi < 0 || ni < 0)
		return;
	const fo_vehicle *veh = fo_model_vehicle(m, (size_t)vi);
	const fo_map_node *node = fo_model_node(m, (size_t)ni);
	double dx = node->x - veh->x, dy = node->y - veh->y;
	double dist = (dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy);
	double eta_s = dist / WAY_SPEED, left_s = (double)(b->from - now) / 1000.0;
	if (left_s <= eta_s + LATE_GRACE_S)
		return;
	char key[128], t[40];
	snprintf(key, sizeof key, "late:%s", b->id);
	res_finding *f = res_finding_add(v, n, cap, "mission_unbooked", key);
	snprintf(f->booking, sizeof f->booking, "%s", b->id);
	snprintf(f->resource_id, sizeof f->resource_id, "%s", it->id);
	snprintf(f->vehicle, sizeof f->vehicle, "%s", vehicle);
	snprintf(f->detail, sizeof f->detail,
	         "mission %.8s: %s can be at %.60s in about %.0f s; its booking %.8s starts in "
	         "%.0f s",
	         b->mission_id, vehicle, it->name, eta_s, b->id, left_s);
	res_time(now + (uint64_t)(eta_s * 1000.0), t, sizeof t);
	res_finding_suggest(f, "shift", t, "start the booking when the vehicle can be there");
	res_finding_suggest(f, "keep", NULL, "the vehicle waits for its booking");
}

void res_mission_findings(res_state *s, res_finding **v, size_t *n, size_t *cap, uint64_t now)
{
	enum { MAX = 256 };
	size_t asked = 0;
	char state[24], vehicle[RES_NAME];
	for (size_t i = 0; i < s->nreqs && asked < MAX; i++) {
		const res_request *q = &s->reqs[i];
		if (!q->mission_id[0] || strcmp(q->source, "mission") != 0 ||
		    (q->state != RQ_OPEN && q->state != RQ_REFUSED) ||
		    now < q->created + UNBOOKED_AFTER_MS)
			continue;
		asked++;
		if (res_mission_state(s, q->mission_id, state, sizeof state, vehicle,
		                      sizeof vehicle) &&
		    on_vehicle(state))
			unbooked(s, q, vehicle, v, n, cap);
	}
	for (size_t i = 0; i < s->nbooks && asked < MAX; i++) {
		const res_booking *b = &s->books[i];
		if (!b->mission_id[0] || !res_booking_live(b) || b->state != RB_RESERVED ||
		    b->from <= now || !strcmp(b->purpose, "charge"))
			continue;
		asked++;
		if (res_mission_state(s, b->mission_id, state, sizeof state, vehicle,
		                      sizeof vehicle) &&
		    on_vehicle(state))
			late(s, b, vehicle, now, v, n, cap);
	}
}

fo_status res_mission_resolve(res_state *s, const res_conflict *c, const char *action, char *msg,
                              size_t len)
{
	char req_id[RES_ID] = "", line[160];
	if (strncmp(c->key, "unbooked:", 9) == 0)
		snprintf(req_id, sizeof req_id, "%s", c->key + 9);
	bool amb;
	res_request *q = req_id[0] ? res_request_find(s, req_id, &amb) : NULL;
	if (!q) {
		snprintf(msg, len, "the conflict's request is gone");
		return FO_ERR;
	}
	if (!strcmp(action, "shift"))
		snprintf(line, sizeof line, "request accept %s", q->id);
	else if (!strcmp(action, "cancel"))
		snprintf(line, sizeof line, "mission cancel %s", q->mission_id);
	else {
		snprintf(msg, len, "%s: not a resolution of mission_unbooked (shift, keep, cancel)",
		         action);
		return FO_ERR;
	}
	fo_buf reply = {0};
	fo_status rc = fo_cmd_run(s->core, line, &reply);
	char *nl = reply.s ? strchr(reply.s, '\n') : NULL;
	if (nl)
		*nl = '\0';
	snprintf(msg, len, "%s: %.300s", line, reply.s && *reply.s ? reply.s : "done");
	fo_buf_free(&reply);
	return rc;
}
