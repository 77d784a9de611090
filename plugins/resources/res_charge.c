/* res_charge.c — charging by fleetops (resources.charging).  A vehicle
 * below resources.charge_below asks the charger pool for a charger (a
 * request, purpose charge, priority by how low it is); the pool's policy
 * grants it — never more than resources.charge_max_share of the fleet at
 * once — and the grant sends the vehicle there: the mission template
 * "charge" (one step, the charger's node, with VDA 5050's startCharging),
 * routed and traffic-controlled like any mission.  Once charged to
 * resources.charge_until the vehicle gets the instant action stopCharging
 * and the booking is released; a booking running out first is extended
 * when the charger is free, else charging stops there. */
#include "res.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char charge_template[] =
    "{\"name\": \"fleetops-charge\", \"priority\": 900, \"expected_duration_s\": 120,\n"
    " \"steps\": [{\"node\": \"$charger\",\n"
    "            \"actions\": [{\"type\": \"startCharging\", \"blocking\": \"HARD\"}]}]}\n";

/* The template "fleetops-charge", imported once when the store lacks it. */
static bool have_template(res_state *s)
{
	if (s->charge_template_ok)
		return true;
	fo_buf reply = {0};
	if (fo_cmd_run(s->core, "template export fleetops-charge", &reply) == FO_OK) {
		fo_buf_free(&reply);
		s->charge_template_ok = true;
		return true;
	}
	fo_buf_free(&reply);
	char path[] = "/tmp/fleetops-charge-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return false;
	bool ok = write(fd, charge_template, sizeof charge_template - 1) ==
	          (ssize_t)(sizeof charge_template - 1);
	close(fd);
	char line[64];
	snprintf(line, sizeof line, "template import %s", path);
	if (ok && fo_cmd_run(s->core, line, &reply) == FO_OK)
		s->charge_template_ok = true;
	else
		fo_log(s->core, FO_LOG_WARN,
		       "resources: charging: cannot import the charge template: %s",
		       reply.s ? reply.s : "write failed");
	fo_buf_free(&reply);
	unlink(path);
	return s->charge_template_ok;
}

static res_booking *charge_booking(res_state *s, const char *vehicle)
{
	for (size_t i = 0; i < s->nbooks; i++) {
		res_booking *b = &s->books[i];
		if (res_booking_live(b) && strcmp(b->purpose, "charge") == 0 &&
		    strcmp(b->vehicle, vehicle) == 0)
			return b;
	}
	return NULL;
}

static bool charge_request(res_state *s, const char *vehicle)
{
	for (size_t i = 0; i < s->nreqs; i++) {
		const res_request *q = &s->reqs[i];
		if (q->state == RQ_OPEN && strcmp(q->purpose, "charge") == 0 &&
		    strcmp(q->vehicle, vehicle) == 0)
			return true;
	}
	return false;
}

static void stop(res_state *s, size_t idx, const char *bid, const char *reason)
{
	fo_vda_action a = {.type = "stopCharging", .blocking = "NONE"};
	char err[256] = "";
	if (fo_dispatch_actions(s->core, idx, &a, 1, err, sizeof err) != FO_OK)
		fo_log(s->core, FO_LOG_WARN, "resources: stopCharging to %s: %s",
		       fo_model_vehicle(fo_core_model(s->core), idx)->id, err);
	bool amb;
	res_booking *b = res_booking_find(s, bid, &amb);
	if (b && res_booking_release(s, b, reason, err, sizeof err) != FO_OK)
		fo_log(s->core, FO_LOG_WARN, "resources: charge booking %.8s: %s", bid, err);
	s->charges_done++;
}

/* A charge booking waiting for a later start takes a charger free now
 * instead (chargers freed early by vehicles charged sooner than booked). */
static void pull_forward(res_state *s, res_booking *b, res_pool *pool, uint64_t now)
{
	res_booking old = *b;
	uint64_t len = old.to - old.from;
	res_want w = {.vehicle = old.vehicle,
	              .purpose = old.purpose,
	              .from = now,
	              .to = now + len,
	              .skip = old.id};
	/* not past the cap: the booking moves, it does not add a charging vehicle
	 * (the old one counts only from its start) */
	res_answer a;
	if (res_book(s, NULL, pool, &w, &a) != FO_OK || !a.booked)
		return;
	bool amb;
	res_booking *cur = res_booking_find(s, old.id, &amb);
	char err[256];
	if (cur)
		res_booking_release(s, cur, "moved earlier", err, sizeof err);
}

/* Sends the vehicle of a granted charge booking to its charger. */
static void send(res_state *s, const fo_vehicle *v, res_booking *b)
{
	const res_item *it = res_item_find(s, b->resource_id);
	if (!it || !it->node[0] || !have_template(s))
		return;
	char line[256], bid[RES_ID];
	snprintf(bid, sizeof bid, "%s", b->id);
	snprintf(line, sizeof line,
	         "mission start fleetops-charge --vehicle %s --priority 900 charger=%s", v->id,
	         it->node);
	fo_buf reply = {0};
	fo_status rc = fo_cmd_run(s->core, line, &reply);
	char mid[RES_ID] = "";
	if (rc == FO_OK)
		sscanf(reply.s, "mission %39s", mid);
	if (!mid[0]) {
		fo_log(s->core, FO_LOG_WARN, "resources: charging %s: %s", v->id,
		       reply.s ? reply.s : "mission start failed");
		fo_buf_free(&reply);
		return;
	}
	fo_buf_free(&reply);
	bool amb;
	res_booking *cur = res_booking_find(s, bid, &amb);
	if (!cur)
		return;
	res_booking nb = *cur;
	snprintf(nb.mission_id, sizeof nb.mission_id, "%s", mid);
	fo_record *r = res_booking_record(&nb);
	char err[256];
	if (res_sync_update(s, r, NULL, err, sizeof err) != FO_STORE_OK)
		fo_log(s->core, FO_LOG_WARN, "resources: charge booking %.8s: %s", bid, err);
	fo_record_free(r);
	fo_log(s->core, FO_LOG_INFO, "resources: %s sent to charger %s (mission %.8s)", v->id,
	       it->name, mid);
}

static void ask(res_state *s, const res_pool *pool, const fo_vehicle *v)
{
	double until = fo_config_double(s->core, "resources.charge_until");
	double rate = fo_config_double(s->core, "resources.charge_pct_per_min");
	long window = fo_config_int(s->core, "resources.charge_window_min");
	double travel = fo_config_double(s->core, "resources.charge_travel_min");
	/* half as long again as the charge should take: a booking that runs out
	 * stops the charge when the next one follows; released when charged */
	double seconds = ((until - v->battery) / (rate > 0 ? rate : 1.0) * 1.5 + travel) * 60.0;
	if (seconds < 30)
		seconds = 30;
	if (seconds / 60.0 > (double)window)
		window = (long)(seconds / 60.0) + 30;
	char line[320];
	snprintf(line, sizeof line,
	         "request add %s --vehicle %s --for %.0fs --until +%ldm --purpose charge --source "
	         "charging --priority %.0f --queue-only",
	         pool->name, v->id, seconds, window, 100.0 - v->battery);
	fo_buf reply = {0};
	if (fo_cmd_run(s->core, line, &reply) != FO_OK)
		fo_log(s->core, FO_LOG_WARN, "resources: charging %s: %s", v->id,
		       reply.s ? reply.s : "request add failed");
	fo_buf_free(&reply);
}

/* A charge booking whose mission failed or was cancelled (or completed
 * without the vehicle charging: startCharging failed) is given back, so
 * the vehicle asks again instead of waiting on a booking nobody uses. */
static void check_mission(res_state *s, const fo_vehicle *v, const res_booking *b, uint64_t now)
{
	if (v->charging || now - b->created < 10000u)
		return;
	char state[24] = "", bid[RES_ID];
	if (!res_mission_state(s, b->mission_id, state, sizeof state, NULL, 0))
		return;
	bool over = !strcmp(state, "failed") || !strcmp(state, "cancelled") ||
	            (!strcmp(state, "completed") && !v->charging);
	if (!over)
		return;
	snprintf(bid, sizeof bid, "%s", b->id);
	bool amb;
	res_booking *cur = res_booking_find(s, bid, &amb);
	char why[64], err[256];
	snprintf(why, sizeof why, "charge mission %s", state);
	if (cur && res_booking_release(s, cur, why, err, sizeof err) == FO_OK)
		fo_log(s->core, FO_LOG_WARN, "resources: %s: charge booking %.8s released: %s",
		       v->id, bid, why);
}

/* Whether one more vehicle may charge now (resources.charge_max_share). */
static bool below_cap(res_state *s, uint64_t now)
{
	double share = fo_config_double(s->core, "resources.charge_max_share");
	size_t fleet = fo_model_vehicle_count(fo_core_model(s->core));
	size_t cap = (size_t)(share * (double)fleet);
	return share >= 1.0 || res_charging_now(s, now) < (cap ? cap : 1);
}

void res_charge_tick(res_state *s)
{
	if (!fo_config_bool(s->core, "resources.charging"))
		return;
	const char *pname = fo_config_str(s->core, "resources.charger_pool");
	res_pool *pool = res_pool_find(s, pname);
	if (!pool) {
		if (!s->charge_warned)
			fo_log(
			    s->core, FO_LOG_WARN,
			    "resources: charging is on but there is no pool %s (pool sync makes it "
			    "from the site's chargers)",
			    pname);
		s->charge_warned = true;
		return;
	}
	char pool_name[RES_NAME];
	snprintf(pool_name, sizeof pool_name, "%s", pool->name);
	double below = fo_config_double(s->core, "resources.charge_below");
	double until = fo_config_double(s->core, "resources.charge_until");
	fo_model *m = fo_core_model(s->core);
	uint64_t now = fo_wall_ms();
	size_t nv = fo_model_vehicle_count(m);
	bool checked = now - s->last_mission_check_ms >= 3000u;
	for (size_t i = 0; i < nv; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		if (!fo_dispatch_reachable(s->core, i))
			continue;
		res_booking *b = charge_booking(s, v->id);
		if (b) {
			char bid[RES_ID];
			snprintf(bid, sizeof bid, "%s", b->id);
			if (v->charging && v->battery >= until) {
				stop(s, i, bid, "charged");
			} else if (v->charging && b->to <= now + 60000u) {
				res_answer a;
				res_booking_retime(s, b, b->from, b->to + 10 * 60000u, &a);
				if (!a.booked) {
					char why[96];
					snprintf(why, sizeof why, "booking ended at %.0f%%",
					         v->battery);
					stop(s, i, bid, why);
				}
			} else if (!b->mission_id[0] && !v->charging && b->from <= now + 30000u) {
				send(s, v, b);
			} else if (b->mission_id[0] && !v->charging && !v->driving &&
			           now - s->last_mission_check_ms >= 3000u) {
				check_mission(s, v, b, now);
			} else if (!b->mission_id[0] && b->state == RB_RESERVED &&
			           b->from > now + 30000u && below_cap(s, now)) {
				res_pool *p = res_pool_find(s, pool_name);
				if (p)
					pull_forward(s, b, p, now);
			}
			continue;
		}
		if (v->charging || v->battery >= below || charge_request(s, v->id))
			continue;
		res_pool *p = res_pool_find(s, pool_name);
		if (p)
			ask(s, p, v);
	}
	if (checked)
		s->last_mission_check_ms = now;
}
