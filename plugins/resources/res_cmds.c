/* res_cmds.c — the commands of the Resources domain: pools (pool ...),
 * resources and their maintenance (resource ...), bookings (resource
 * book, booking ...).  Every pane key runs one of these. */
#include "res.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void window_text(uint64_t from, uint64_t to, char *buf, size_t len)
{
	char a[40], b[40];
	res_time(from, a, sizeof a);
	res_time(to, b, sizeof b);
	snprintf(buf, len, "[%s, %s)", a, b);
}

/* ---- pools */

static fo_status cmd_pool_add(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "pool add"))
		return FO_ERR;
	const char *name = fo_args_str(a, "name", "");
	if (!*name || strlen(name) >= RES_NAME) {
		fo_out_error(out, "pool add: a name of 1 to %d characters", RES_NAME - 1);
		return FO_EUSAGE;
	}
	if (res_pool_find(s, name) || res_item_find(s, name)) {
		fo_out_error(out, "pool add: %s: a pool or resource of that name exists", name);
		return FO_ERR;
	}
	res_pool p = {.capacity = fo_args_int(a, "capacity", -1)};
	snprintf(p.name, sizeof p.name, "%s", name);
	snprintf(p.kind, sizeof p.kind, "%s", fo_args_str(a, "kind", "charger"));
	snprintf(p.policy, sizeof p.policy, "%s", fo_args_str(a, "policy", ""));
	fo_record *r = res_pool_record(&p), *got = NULL;
	char err[256];
	fo_store_status st = res_sync_insert(s, r, &got, err, sizeof err);
	fo_record_free(r);
	if (st != FO_STORE_OK) {
		fo_out_error(out, "pool add: %s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "pool %s (%s) added, id %s\n", name, p.kind, fo_record_id(got));
	fo_record_free(got);
	(void)core;
	return FO_OK;
}

static size_t pool_count(res_state *s, const res_pool *p)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nitems; i++)
		n += strcmp(s->items[i].pool_id, p->id) == 0;
	return n;
}

static fo_status cmd_pool_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "pool list"))
		return FO_ERR;
	fo_out_printf(out, "%-20s %-12s %9s %8s %-18s %s\n", "NAME", "KIND", "RESOURCES",
	              "CAPACITY", "POLICY", "ID");
	for (size_t i = 0; i < s->npools; i++) {
		const res_pool *p = &s->pools[i];
		char cap[24] = "-";
		if (p->capacity >= 0)
			snprintf(cap, sizeof cap, "%ld", p->capacity);
		fo_out_printf(out, "%-20s %-12s %9zu %8s %-18s %s\n", p->name, p->kind,
		              pool_count(s, p), cap, p->policy[0] ? p->policy : "(default)", p->id);
	}
	(void)core;
	(void)a;
	return FO_OK;
}

static res_pool *need_pool(res_state *s, const char *name, fo_out *out, const char *what)
{
	res_pool *p = res_pool_find(s, name);
	if (!p)
		fo_out_error(out, "%s: no pool %s (see `pool list`)", what, name);
	return p;
}

static res_item *need_item(res_state *s, const char *name, fo_out *out, const char *what)
{
	res_item *it = res_item_find(s, name);
	if (!it)
		fo_out_error(out, "%s: no resource %s (see `resource list`)", what, name);
	return it;
}

static fo_status cmd_pool_set(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "pool set"))
		return FO_ERR;
	res_pool *p = need_pool(s, fo_args_str(a, "pool", ""), out, "pool set");
	if (!p)
		return FO_ERR;
	res_pool np = *p;
	if (fo_args_has(a, "capacity"))
		np.capacity = fo_args_int(a, "capacity", -1);
	if (fo_args_has(a, "policy"))
		snprintf(np.policy, sizeof np.policy, "%s", fo_args_str(a, "policy", ""));
	if (fo_args_has(a, "rename"))
		snprintf(np.name, sizeof np.name, "%s", fo_args_str(a, "rename", np.name));
	fo_record *r = res_pool_record(&np);
	char err[256];
	fo_store_status st = res_sync_update(s, r, NULL, err, sizeof err);
	fo_record_free(r);
	if (st != FO_STORE_OK) {
		fo_out_error(out, "pool set: %s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "pool %s updated\n", np.name);
	(void)core;
	return FO_OK;
}

static fo_status cmd_pool_delete(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "pool delete"))
		return FO_ERR;
	res_pool *p = need_pool(s, fo_args_str(a, "pool", ""), out, "pool delete");
	if (!p)
		return FO_ERR;
	size_t n = pool_count(s, p);
	if (n) {
		fo_out_error(out, "pool delete: %s still has %zu resources (delete them first)",
		             p->name, n);
		return FO_ERR;
	}
	char name[RES_NAME], err[256];
	snprintf(name, sizeof name, "%s", p->name);
	if (res_sync_delete(s, "resources.pools", p->id, p->version, err, sizeof err) !=
	    FO_STORE_OK) {
		fo_out_error(out, "pool delete: %s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "pool %s deleted\n", name);
	(void)core;
	return FO_OK;
}

/* ---- pools from the site: chargers, parking places, stations (docks) */

static res_pool *ensure_pool(res_state *s, const char *name, const char *kind, char *err,
                             size_t errlen, size_t *made)
{
	res_pool *p = res_pool_find(s, name);
	if (p)
		return p;
	res_pool np = {.capacity = -1};
	snprintf(np.name, sizeof np.name, "%s", name);
	snprintf(np.kind, sizeof np.kind, "%s", kind);
	fo_record *r = res_pool_record(&np), *got = NULL;
	fo_store_status st = res_sync_insert(s, r, &got, err, errlen);
	fo_record_free(r);
	if (st != FO_STORE_OK)
		return NULL;
	(*made)++;
	p = res_pool_find(s, fo_record_id(got));
	fo_record_free(got);
	return p;
}

static fo_status cmd_pool_sync(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "pool sync"))
		return FO_ERR;
	fo_site_ensure(core);
	fo_model *m = fo_core_model(core);
	static const struct {
		fo_node_kind kind;
		const char *pool, *pool_kind;
	} map[] = {{FO_NODE_CHARGER, "chargers", "charger"},
	           {FO_NODE_PARKING, "parking", "parking"},
	           {FO_NODE_STATION, "docks", "dock"}};
	size_t nn = fo_model_node_count(m), made_pools = 0, made = 0, kept = 0;
	char err[256];
	for (size_t k = 0; k < FO_NELEMS(map); k++) {
		if (fo_args_flag(a, "no-docks") && map[k].kind == FO_NODE_STATION)
			continue;
		size_t have = 0;
		for (size_t i = 0; i < nn; i++)
			have += fo_model_node(m, i)->kind == map[k].kind;
		if (!have)
			continue;
		res_pool *p =
		    ensure_pool(s, map[k].pool, map[k].pool_kind, err, sizeof err, &made_pools);
		if (!p) {
			fo_out_error(out, "pool sync: pool %s: %s", map[k].pool, err);
			return FO_ERR;
		}
		char pool_id[RES_ID];
		snprintf(pool_id, sizeof pool_id, "%s", p->id);
		for (size_t i = 0; i < nn; i++) {
			const fo_map_node *node = fo_model_node(m, i);
			if (node->kind != map[k].kind)
				continue;
			if (res_item_find(s, node->id)) {
				kept++;
				continue;
			}
			res_item it = {0};
			snprintf(it.pool_id, sizeof it.pool_id, "%s", pool_id);
			snprintf(it.name, sizeof it.name, "%s", node->id);
			snprintf(it.node, sizeof it.node, "%s", node->id);
			fo_record *r = res_item_record(&it);
			fo_store_status st = res_sync_insert(s, r, NULL, err, sizeof err);
			fo_record_free(r);
			if (st != FO_STORE_OK) {
				fo_out_error(out, "pool sync: resource %s: %s", node->id, err);
				return FO_ERR;
			}
			made++;
		}
	}
	if (!made && !kept) {
		fo_out_error(out, "pool sync: the site has no chargers, parking places or stations "
		                  "(start with --demo, or activate a layout: map import FILE "
		                  "--activate)");
		return FO_ERR;
	}
	fo_out_printf(out, "pool sync: %zu pools and %zu resources added, %zu already there\n",
	              made_pools, made, kept);
	return FO_OK;
}

/* ---- resources */

static fo_status cmd_res_add(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "resource add"))
		return FO_ERR;
	const char *name = fo_args_str(a, "name", "");
	if (!*name || strlen(name) >= RES_NAME) {
		fo_out_error(out, "resource add: a name of 1 to %d characters", RES_NAME - 1);
		return FO_EUSAGE;
	}
	res_pool *p = need_pool(s, fo_args_str(a, "pool", ""), out, "resource add");
	if (!p)
		return FO_ERR;
	if (res_item_find(s, name) || res_pool_find(s, name)) {
		fo_out_error(out, "resource add: %s: a pool or resource of that name exists", name);
		return FO_ERR;
	}
	const char *node = fo_args_str(a, "node", "");
	if (*node)
		fo_site_ensure(core);
	if (*node && fo_model_node_find(fo_core_model(core), node) < 0)
		fo_out_printf(out, "note: node %s is not on the site loaded now\n", node);
	res_item it = {0};
	snprintf(it.pool_id, sizeof it.pool_id, "%s", p->id);
	snprintf(it.name, sizeof it.name, "%s", name);
	snprintf(it.node, sizeof it.node, "%s", node);
	fo_record *r = res_item_record(&it);
	char err[256];
	fo_store_status st = res_sync_insert(s, r, NULL, err, sizeof err);
	fo_record_free(r);
	if (st != FO_STORE_OK) {
		fo_out_error(out, "resource add: %s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "resource %s added to pool %s\n", name, p->name);
	return FO_OK;
}

/* available, busy (booked or occupied now) or down, with since/until */
static const char *item_state(res_state *s, const res_item *it, uint64_t now, char *buf, size_t len)
{
	if (it->down_from && it->down_from <= now && (!it->down_to || now < it->down_to)) {
		snprintf(buf, len, "down");
		return buf;
	}
	for (size_t i = 0; i < s->nbooks; i++) {
		const res_booking *b = &s->books[i];
		if (res_booking_live(b) && strcmp(b->resource_id, it->id) == 0 && b->from <= now &&
		    now < b->to) {
			snprintf(buf, len, "busy");
			return buf;
		}
	}
	snprintf(buf, len, "available");
	return buf;
}

static fo_status cmd_res_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "resource list"))
		return FO_ERR;
	const char *pool = fo_args_str(a, "pool", NULL);
	res_pool *only = NULL;
	if (pool && !(only = need_pool(s, pool, out, "resource list")))
		return FO_ERR;
	uint64_t now = fo_wall_ms();
	fo_out_printf(out, "%-20s %-16s %-12s %-10s %s\n", "NAME", "POOL", "NODE", "STATE", "DOWN");
	for (size_t i = 0; i < s->nitems; i++) {
		const res_item *it = &s->items[i];
		if (only && strcmp(it->pool_id, only->id) != 0)
			continue;
		const res_pool *p = res_pool_of(s, it);
		char st[16], down[256] = "";
		if (it->down_from) {
			char w[96];
			window_text(it->down_from, it->down_to, w, sizeof w);
			snprintf(down, sizeof down, "%s %s", w, it->down_reason);
		}
		fo_out_printf(out, "%-20s %-16s %-12s %-10s %s\n", it->name, p ? p->name : "?",
		              it->node[0] ? it->node : "-", item_state(s, it, now, st, sizeof st),
		              down);
	}
	(void)core;
	return FO_OK;
}

static void print_booking(res_state *s, fo_out *out, const res_booking *b)
{
	const res_item *it = res_item_find(s, b->resource_id);
	char a[40], z[40];
	res_time(b->from, a, sizeof a);
	res_time(b->to, z, sizeof z);
	fo_out_printf(out, "%-8.8s %-16s %-12s %-9s %-24s %-24s %-8s %s\n", b->id,
	              it ? it->name : "?", b->vehicle[0] ? b->vehicle : "-",
	              res_bstate_name(b->state), a, z, b->purpose[0] ? b->purpose : "-", b->reason);
}

static void booking_header(fo_out *out)
{
	fo_out_printf(out, "%-8s %-16s %-12s %-9s %-24s %-24s %-8s %s\n", "ID", "RESOURCE",
	              "VEHICLE", "STATE", "FROM", "UNTIL", "PURPOSE", "REASON");
}

static fo_status cmd_res_show(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "resource show"))
		return FO_ERR;
	res_item *it = need_item(s, fo_args_str(a, "resource", ""), out, "resource show");
	if (!it)
		return FO_ERR;
	const res_pool *p = res_pool_of(s, it);
	char st[16];
	fo_out_printf(out, "resource  %s\npool      %s (%s)\nnode      %s\nstate     %s\n",
	              it->name, p ? p->name : "?", p ? p->kind : "?", it->node[0] ? it->node : "-",
	              item_state(s, it, fo_wall_ms(), st, sizeof st));
	if (it->down_from) {
		char w[96];
		window_text(it->down_from, it->down_to, w, sizeof w);
		fo_out_printf(out, "down      %s%s (%s)\n", w, it->down_to ? "" : " open-ended",
		              it->down_reason);
	}
	fo_out_printf(out, "id        %s\n\n", it->id);
	booking_header(out);
	for (size_t i = 0; i < s->nbooks; i++)
		if (strcmp(s->books[i].resource_id, it->id) == 0 && res_booking_live(&s->books[i]))
			print_booking(s, out, &s->books[i]);
	(void)core;
	return FO_OK;
}

static fo_status cmd_res_down(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "resource down"))
		return FO_ERR;
	res_item *it = need_item(s, fo_args_str(a, "resource", ""), out, "resource down");
	if (!it)
		return FO_ERR;
	uint64_t from, to;
	if (!res_time_opt(a, "from", fo_wall_ms(), &from, out, "resource down") ||
	    !res_time_opt(a, "until", 0, &to, out, "resource down"))
		return FO_EUSAGE;
	if (to && to <= from) {
		fo_out_error(out, "resource down: --until must be after --from");
		return FO_EUSAGE;
	}
	char *const *words;
	size_t nw = fo_args_rest(a, "reason", &words);
	res_item ni = *it;
	ni.down_from = from;
	ni.down_to = to;
	ni.down_reason[0] = '\0';
	for (size_t i = 0; i < nw; i++) {
		size_t l = strlen(ni.down_reason);
		snprintf(ni.down_reason + l, sizeof ni.down_reason - l, "%s%s", i ? " " : "",
		         words[i]);
	}
	if (!ni.down_reason[0]) {
		fo_out_error(out,
		             "resource down: say why (resource down NAME [--from T] [--until T] "
		             "REASON...)");
		return FO_EUSAGE;
	}
	fo_record *r = res_item_record(&ni);
	char err[256];
	fo_store_status st = res_sync_update(s, r, NULL, err, sizeof err);
	fo_record_free(r);
	if (st != FO_STORE_OK) {
		fo_out_error(out, "resource down: %s", err);
		return FO_ERR;
	}
	char w[96];
	window_text(from, to, w, sizeof w);
	size_t hit = 0;
	for (size_t i = 0; i < s->nbooks; i++) {
		const res_booking *b = &s->books[i];
		if (res_booking_live(b) && strcmp(b->resource_id, ni.id) == 0 &&
		    (!to || b->from < to) && from < b->to)
			hit++;
	}
	fo_out_printf(out, "resource %s down %s%s: %s\n", ni.name, w, to ? "" : " (open-ended)",
	              ni.down_reason);
	if (hit)
		fo_out_printf(out,
		              "%zu live bookings fall in that window (see `resource show %s`)\n",
		              hit, ni.name);
	(void)core;
	return FO_OK;
}

static fo_status cmd_res_up(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "resource up"))
		return FO_ERR;
	res_item *it = need_item(s, fo_args_str(a, "resource", ""), out, "resource up");
	if (!it)
		return FO_ERR;
	res_item ni = *it;
	ni.down_from = ni.down_to = 0;
	ni.down_reason[0] = '\0';
	fo_record *r = res_item_record(&ni);
	char err[256];
	fo_store_status st = res_sync_update(s, r, NULL, err, sizeof err);
	fo_record_free(r);
	if (st != FO_STORE_OK) {
		fo_out_error(out, "resource up: %s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "resource %s is up\n", ni.name);
	(void)core;
	return FO_OK;
}

static fo_status cmd_res_delete(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "resource delete"))
		return FO_ERR;
	res_item *it = need_item(s, fo_args_str(a, "resource", ""), out, "resource delete");
	if (!it)
		return FO_ERR;
	size_t any = 0;
	for (size_t i = 0; i < s->nbooks; i++)
		any += strcmp(s->books[i].resource_id, it->id) == 0;
	if (any) {
		fo_out_error(out,
		             "resource delete: %s has %zu bookings on record; take it down "
		             "instead (resource down %s REASON)",
		             it->name, any, it->name);
		return FO_ERR;
	}
	char name[RES_NAME], err[256];
	snprintf(name, sizeof name, "%s", it->name);
	if (res_sync_delete(s, "resources.resources", it->id, it->version, err, sizeof err) !=
	    FO_STORE_OK) {
		fo_out_error(out, "resource delete: %s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "resource %s deleted\n", name);
	(void)core;
	return FO_OK;
}

/* ---- bookings */

static void answer_out(res_state *s, fo_out *out, const char *what, const res_answer *ans)
{
	if (ans->booked) {
		const res_item *it = res_item_find(s, ans->booking.resource_id);
		char w[96];
		window_text(ans->booking.from, ans->booking.to, w, sizeof w);
		fo_out_printf(out, "booked %s %s%s%s id %s\n", it ? it->name : "?", w,
		              ans->booking.vehicle[0] ? " for " : "", ans->booking.vehicle,
		              ans->booking.id);
		return;
	}
	if (ans->offered) {
		char w[96];
		window_text(ans->offer_from, ans->offer_to, w, sizeof w);
		fo_out_error(out, "%s: refused: %s; nearest free window: %s %s", what, ans->reason,
		             ans->offer_resource, w);
	} else {
		fo_out_error(out, "%s: refused: %s", what, ans->reason);
	}
}

static fo_status cmd_book(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "resource book"))
		return FO_ERR;
	const char *what = fo_args_str(a, "resource", "");
	res_item *it = res_item_find(s, what);
	res_pool *pool = it ? NULL : res_pool_find(s, what);
	if (!it && !pool) {
		fo_out_error(out, "resource book: no resource or pool %s (see `resource list`)",
		             what);
		return FO_ERR;
	}
	uint64_t now = fo_wall_ms(), from, to;
	if (!res_time_opt(a, "from", now, &from, out, "resource book"))
		return FO_EUSAGE;
	const char *len = fo_args_str(a, "for", NULL);
	if (len) {
		long long ms = fo_span_parse(len);
		if (ms <= 0) {
			fo_out_error(out, "resource book: --for %s: a span such as 45m or 2h", len);
			return FO_EUSAGE;
		}
		to = from + (uint64_t)ms;
	} else if (!res_time_opt(a, "until", from + 3600000u, &to, out, "resource book")) {
		return FO_EUSAGE;
	}
	const char *veh = fo_args_str(a, "vehicle", NULL);
	if (veh && fo_model_vehicle_find(fo_core_model(core), veh) < 0) {
		fo_out_error(out, "resource book: no vehicle %s", veh);
		return FO_ERR;
	}
	res_want w = {.vehicle = veh,
	              .mission = fo_args_str(a, "mission", NULL),
	              .purpose = fo_args_str(a, "purpose", NULL),
	              .from = from,
	              .to = to};
	res_answer ans;
	fo_status rc = res_book(s, it, pool, &w, &ans);
	answer_out(s, out, "resource book", &ans);
	return rc != FO_OK ? rc : ans.booked ? FO_OK : FO_ERR;
}

static res_booking *need_booking(res_state *s, const char *id, fo_out *out, const char *what)
{
	bool amb;
	res_booking *b = res_booking_find(s, id, &amb);
	/* a resource's name: its booking now, else its next one */
	res_item *it = b || amb ? NULL : res_item_find(s, id);
	if (it) {
		uint64_t now = fo_wall_ms();
		const res_booking *c = res_booking_current(s, it, now);
		if (!c)
			c = res_booking_next(s, it, now);
		if (!c) {
			fo_out_error(out, "%s: %s has no booking now or later", what, it->name);
			return NULL;
		}
		return &s->books[c - s->books];
	}
	if (!b)
		fo_out_error(out, "%s: %s %s", what,
		             amb ? "more than one booking starts with" : "no booking", id);
	return b;
}

static fo_status cmd_booking_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "booking list"))
		return FO_ERR;
	const char *rname = fo_args_str(a, "resource", NULL);
	const char *veh = fo_args_str(a, "vehicle", NULL);
	res_item *only = NULL;
	if (rname && !(only = need_item(s, rname, out, "booking list")))
		return FO_ERR;
	bool all = fo_args_flag(a, "all");
	booking_header(out);
	for (size_t i = 0; i < s->nbooks; i++) {
		const res_booking *b = &s->books[i];
		if (!all && !res_booking_live(b))
			continue;
		if (only && strcmp(b->resource_id, only->id) != 0)
			continue;
		if (veh && strcmp(b->vehicle, veh) != 0)
			continue;
		print_booking(s, out, b);
	}
	(void)core;
	return FO_OK;
}

static fo_status cmd_booking_show(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "booking show"))
		return FO_ERR;
	res_booking *b = need_booking(s, fo_args_str(a, "booking", ""), out, "booking show");
	if (!b)
		return FO_ERR;
	const res_item *it = res_item_find(s, b->resource_id);
	char w[96], rel[40];
	window_text(b->from, b->to, w, sizeof w);
	res_time(b->released_at, rel, sizeof rel);
	fo_out_printf(out,
	              "booking   %s\nresource  %s\nvehicle   %s\nmission   %s\npurpose   %s\n"
	              "window    %s\nstate     %s\n",
	              b->id, it ? it->name : "?", b->vehicle[0] ? b->vehicle : "-",
	              b->mission_id[0] ? b->mission_id : "-", b->purpose[0] ? b->purpose : "-", w,
	              res_bstate_name(b->state));
	if (b->state == RB_RELEASED)
		fo_out_printf(out, "released  %s (%s)\n", rel, b->reason);
	(void)core;
	return FO_OK;
}

static fo_status retime(res_state *s, fo_out *out, res_booking *b, uint64_t from, uint64_t to,
                        const char *what)
{
	res_answer ans;
	fo_status rc = res_booking_retime(s, b, from, to, &ans);
	if (ans.booked) {
		char w[96];
		window_text(ans.booking.from, ans.booking.to, w, sizeof w);
		fo_out_printf(out, "booking %.8s now %s\n", ans.booking.id, w);
		return FO_OK;
	}
	answer_out(s, out, what, &ans);
	return rc != FO_OK ? rc : FO_ERR;
}

static fo_status cmd_booking_span(fo_core *core, const fo_args *a, fo_out *out, void *ud,
                                  const char *what, int sign)
{
	res_state *s = ud;
	if (!res_ready(s, out, what))
		return FO_ERR;
	res_booking *b = need_booking(s, fo_args_str(a, "booking", ""), out, what);
	if (!b)
		return FO_ERR;
	const char *by = fo_args_str(a, "by", "");
	long long ms = fo_span_parse(by);
	if (ms <= 0) {
		fo_out_error(out, "%s: %s: a span such as 15m or 1h", what, by);
		return FO_EUSAGE;
	}
	uint64_t to = sign > 0 ? b->to + (uint64_t)ms : b->to - (uint64_t)ms;
	if (sign < 0 && (uint64_t)ms >= b->to - b->from) {
		fo_out_error(out, "%s: the booking lasts only %llu min (release it instead)", what,
		             (unsigned long long)((b->to - b->from) / 60000u));
		return FO_ERR;
	}
	(void)core;
	return retime(s, out, b, b->from, to, what);
}

static fo_status cmd_extend(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	return cmd_booking_span(core, a, out, ud, "booking extend", 1);
}

static fo_status cmd_shorten(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	return cmd_booking_span(core, a, out, ud, "booking shorten", -1);
}

static fo_status cmd_move(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "booking move"))
		return FO_ERR;
	res_booking *b = need_booking(s, fo_args_str(a, "booking", ""), out, "booking move");
	if (!b)
		return FO_ERR;
	uint64_t from;
	if (!res_time_opt(a, "to", 0, &from, out, "booking move"))
		return FO_EUSAGE;
	(void)core;
	return retime(s, out, b, from, from + (b->to - b->from), "booking move");
}

static fo_status cmd_release(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "booking release"))
		return FO_ERR;
	res_booking *b = need_booking(s, fo_args_str(a, "booking", ""), out, "booking release");
	if (!b)
		return FO_ERR;
	char *const *words;
	size_t nw = fo_args_rest(a, "reason", &words);
	char reason[64] = "released by operator", id[RES_ID], err[256];
	if (nw) {
		reason[0] = '\0';
		for (size_t i = 0; i < nw; i++) {
			size_t l = strlen(reason);
			snprintf(reason + l, sizeof reason - l, "%s%s", i ? " " : "", words[i]);
		}
	}
	snprintf(id, sizeof id, "%s", b->id);
	if (res_booking_release(s, b, reason, err, sizeof err) != FO_OK) {
		fo_out_error(out, "booking release: %s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "booking %.8s released: %s\n", id, reason);
	(void)core;
	return FO_OK;
}

static int by_ms(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

/* p50, p99 and max of n latencies (sorted in place) into buf */
static void percentiles(double *v, size_t n, char *buf, size_t len)
{
	qsort(v, n, sizeof *v, by_ms);
#define PCT(p) (n ? v[(size_t)((double)(n - 1) * (p))] : 0.0)
	snprintf(buf, len, "p50_ms %.3f p99_ms %.3f max_ms %.3f", PCT(0.5), PCT(0.99),
	         n ? v[n - 1] : 0.0);
#undef PCT
}

static fo_status cmd_stats(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	char all[96], booked[96];
	percentiles(s->lat_ms, s->nlat, all, sizeof all);
	percentiles(s->lat_booked_ms, s->nbooked, booked, sizeof booked);
	fo_out_printf(out, "decisions %zu booked %zu refused %zu %s | booked %s\n", s->nlat,
	              s->nbooked, s->nrefused, all, booked);
	(void)core;
	(void)a;
	return FO_OK;
}

/* ---- the table */

static const fo_arg_spec pool_add_args[] = {
    {"name", FO_ARG_STRING, true, NULL, "pool name"},
    {"kind", FO_ARG_ENUM, false, "charger|dock|parking|door|lift|operator|payload_tool",
     "what it holds (default charger)"},
    {"capacity", FO_ARG_INT, false, NULL, "how many it serves at once (default: its resources)"},
    {"policy", FO_ARG_ENUM, false, "first_fit|priority|earliest_deadline",
     "how requests are granted (default: resources.policy)"},
};
static const fo_arg_spec pool_arg[] = {{"pool", FO_ARG_STRING, true, NULL, "pool name"}};
static const fo_arg_spec pool_set_args[] = {
    {"pool", FO_ARG_STRING, true, NULL, "pool name"},
    {"rename", FO_ARG_STRING, false, NULL, "a new name"},
    {"capacity", FO_ARG_INT, false, NULL, "how many it serves at once"},
    {"policy", FO_ARG_ENUM, false, "first_fit|priority|earliest_deadline", "grant policy"},
};
static const fo_arg_spec sync_args[] = {
    {"no-docks", FO_ARG_BOOL, false, NULL, "leave the stations out"},
};
static const fo_arg_spec res_add_args[] = {
    {"name", FO_ARG_STRING, true, NULL, "resource name"},
    {"pool", FO_ARG_STRING, true, NULL, "its pool"},
    {"node", FO_ARG_STRING, false, NULL, "the map node where it stands"},
};
static const fo_arg_spec res_list_args[] = {
    {"pool", FO_ARG_STRING, false, NULL, "only this pool's"},
};
static const fo_arg_spec res_arg[] = {{"resource", FO_ARG_STRING, true, NULL, "resource name"}};
static const fo_arg_spec down_args[] = {
    {"resource", FO_ARG_STRING, true, NULL, "resource name"},
    {"from", FO_ARG_STRING, false, NULL, "from (now, +30m, ISO 8601; default now)"},
    {"until", FO_ARG_STRING, false, NULL, "until (default: until `resource up`)"},
    {"reason", FO_ARG_REST, false, NULL, "why it is down"},
};
static const fo_arg_spec book_args[] = {
    {"resource", FO_ARG_STRING, true, NULL, "a resource, or a pool (its first free one)"},
    {"vehicle", FO_ARG_STRING, false, NULL, "for this vehicle"},
    {"from", FO_ARG_STRING, false, NULL, "start (now, +30m, ISO 8601; default now)"},
    {"until", FO_ARG_STRING, false, NULL, "end (default: an hour after the start)"},
    {"for", FO_ARG_STRING, false, NULL, "length instead of --until (45m, 2h)"},
    {"mission", FO_ARG_STRING, false, NULL, "for this mission (its id)"},
    {"purpose", FO_ARG_STRING, false, NULL, "charge, dock, park, ..."},
};
static const fo_arg_spec blist_args[] = {
    {"resource", FO_ARG_STRING, false, NULL, "only this resource's"},
    {"vehicle", FO_ARG_STRING, false, NULL, "only this vehicle's"},
    {"all", FO_ARG_BOOL, false, NULL, "released ones of the last day too"},
};
static const fo_arg_spec booking_arg[] = {
    {"booking", FO_ARG_STRING, true, NULL,
     "booking id (4 leading characters at least), or a resource: its booking now or next"}};
static const fo_arg_spec span_args[] = {
    {"booking", FO_ARG_STRING, true, NULL, "booking id, or a resource: its booking now or next"},
    {"by", FO_ARG_STRING, true, NULL, "how much (15m, 1h)"},
};
static const fo_arg_spec move_args[] = {
    {"booking", FO_ARG_STRING, true, NULL, "booking id, or a resource: its booking now or next"},
    {"to", FO_ARG_STRING, true, NULL, "the new start (+30m, ISO 8601); the length stays"},
};
static const fo_arg_spec release_args[] = {
    {"booking", FO_ARG_STRING, true, NULL, "booking id, or a resource: its booking now or next"},
    {"reason", FO_ARG_REST, false, NULL, "why"},
};

#define ARGS(x) x, FO_NELEMS(x)
#define RO FO_CMD_READONLY_SAFE

static const fo_cmd_spec cmds[] = {
    {"pool", "add", "add a resource pool", ARGS(pool_add_args), 0, cmd_pool_add},
    {"pool", "list", "resource pools", NULL, 0, RO, cmd_pool_list},
    {"pool", "set", "change a pool's name, capacity or grant policy", ARGS(pool_set_args), 0,
     cmd_pool_set},
    {"pool", "delete", "delete an empty pool", ARGS(pool_arg), FO_CMD_DANGEROUS, cmd_pool_delete},
    {"pool", "sync", "pools and resources from the site's chargers, parking and stations",
     ARGS(sync_args), 0, cmd_pool_sync},
    {"resource", "add", "add a resource to a pool", ARGS(res_add_args), 0, cmd_res_add},
    {"resource", "list", "resources with their state now", ARGS(res_list_args), RO, cmd_res_list},
    {"resource", "show", "a resource, its maintenance and live bookings", ARGS(res_arg), RO,
     cmd_res_show},
    {"resource", "down", "take a resource down for maintenance over a window", ARGS(down_args), 0,
     cmd_res_down},
    {"resource", "up", "end a resource's maintenance", ARGS(res_arg), 0, cmd_res_up},
    {"resource", "delete", "delete a resource that was never booked", ARGS(res_arg),
     FO_CMD_DANGEROUS, cmd_res_delete},
    {"resource", "book", "book a resource (or any of a pool) over a window", ARGS(book_args), 0,
     cmd_book},
    {"booking", "list", "live bookings", ARGS(blist_args), RO, cmd_booking_list},
    {"booking", "show", "one booking", ARGS(booking_arg), RO, cmd_booking_show},
    {"booking", "extend", "move a booking's end later", ARGS(span_args), 0, cmd_extend},
    {"booking", "shorten", "move a booking's end earlier", ARGS(span_args), 0, cmd_shorten},
    {"booking", "move", "move a booking to another start, same length", ARGS(move_args), 0,
     cmd_move},
    {"booking", "release", "release a booking now", ARGS(release_args), 0, cmd_release},
    {"booking", "stats", "this process's booking decisions: count and latency", NULL, 0, RO,
     cmd_stats},
};

int res_cmds_register(res_state *s, char *err, size_t errlen)
{
	return fo_cmds_register(s->core, cmds, FO_NELEMS(cmds), s, err, errlen);
}
