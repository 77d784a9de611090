/* res_util.c — utilization over any window (`resource util`): occupied
 * time over available time per resource and pool, from the bookings the
 * store holds for the window (a booking counts until it ended or was
 * released), less the maintenance recorded on the resource now.  And
 * demand against capacity for the coming hours (the view
 * resources.demand): per pool and hour, the resource-hours up, booked and
 * asked for by open requests. */
#include "res.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR_MS 3600000ull
#define DEMAND_HOURS 8

typedef struct {
	res_state *s;
	fo_store_status status;
	char error[256];
	res_booking *v;
	size_t n, cap;
} util_ctx;

static void listed(fo_core *core, const fo_store_result *res, void *ud)
{
	util_ctx *c = ud;
	c->status = res->status;
	snprintf(c->error, sizeof c->error, "%s", res->error);
	for (size_t i = 0; i < res->nrecords; i++) {
		const fo_record *r = res->records[i];
		c->v = fo_grow(c->v, &c->cap, c->n + 1, sizeof *c->v, 64);
		res_booking *b = &c->v[c->n++];
		memset(b, 0, sizeof *b);
		const char *rid = fo_record_get(r, "resource_id");
		snprintf(b->resource_id, sizeof b->resource_id, "%s", rid ? rid : "");
		b->from = fo_iso_parse(fo_record_get(r, "starts_at"));
		b->to = fo_iso_parse(fo_record_get(r, "ends_at"));
		b->released_at = fo_iso_parse(fo_record_get(r, "released_at"));
	}
	(void)core;
}

/* Occupied ms of one resource within [from, to). */
static uint64_t occupied(const util_ctx *c, const res_item *it, uint64_t from, uint64_t to)
{
	size_t n = 0, cap = 0;
	res_span *v = NULL;
	for (size_t i = 0; i < c->n; i++) {
		const res_booking *b = &c->v[i];
		uint64_t end = b->released_at && b->released_at < b->to ? b->released_at : b->to;
		if (strcmp(b->resource_id, it->id) != 0 || end <= b->from)
			continue;
		v = fo_grow(v, &cap, n + 1, sizeof *v, 16);
		v[n++] = (res_span){b->from, end};
	}
	n = res_spans_merge(v, n);
	uint64_t busy = res_covered(v, n, from, to);
	free(v);
	return busy;
}

static uint64_t available(const res_item *it, uint64_t from, uint64_t to)
{
	uint64_t avail = to - from;
	if (it->down_from) {
		res_span d = {it->down_from, it->down_to ? it->down_to : UINT64_MAX / 2};
		avail -= res_covered(&d, 1, from, to);
	}
	return avail;
}

static fo_status cmd_util(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!fo_core_store(core)) {
		fo_out_error(out, "resource util: no store (see `db status`)");
		return FO_ERR;
	}
	res_load(s, true);
	uint64_t now = fo_wall_ms();
	const char *st = fo_args_str(a, "since", "24h"), *ut = fo_args_str(a, "until", NULL);
	long long back = fo_span_parse(st);
	uint64_t from = back > 0 ? now - (uint64_t)back : fo_time_arg(st, now);
	uint64_t to = ut ? fo_time_arg(ut, now) : now;
	if (!from || !to || to <= from) {
		fo_out_error(out, "resource util: --since (24h, 7d or ISO 8601) must come before "
		                  "--until (default now)");
		return FO_EUSAGE;
	}
	const char *pname = fo_args_str(a, "pool", NULL);
	res_pool *only = pname ? res_pool_find(s, pname) : NULL;
	if (pname && !only) {
		fo_out_error(out, "resource util: no pool %s", pname);
		return FO_ERR;
	}
	/* bookings that may reach into the window: started up to a week before */
	char f[40], t[40];
	res_time(from - 7 * 24 * HOUR_MS, f, sizeof f);
	res_time(to, t, sizeof t);
	util_ctx c = {.s = s};
	fo_store_query q = {.table = "resources.allocations", .from = f, .to = t};
	fo_store_list(fo_core_store(core), &q, listed, &c);
	fo_store_drain(fo_core_store(core));
	if (c.status != FO_STORE_OK) {
		fo_out_error(out, "resource util: %s", c.error);
		free(c.v);
		return FO_ERR;
	}
	res_time(from, f, sizeof f);
	res_time(to, t, sizeof t);
	fo_out_printf(out, "utilization over [%s, %s)\n", f, t);
	fo_out_printf(out, "%-20s %-16s %10s %10s %7s\n", "RESOURCE", "POOL", "OCCUPIED_H",
	              "AVAIL_H", "UTIL_%");
	for (size_t k = 0; k < s->npools; k++) {
		const res_pool *p = &s->pools[k];
		if (only && only != p)
			continue;
		uint64_t po = 0, pa = 0;
		for (size_t i = 0; i < s->nitems; i++) {
			const res_item *it = &s->items[i];
			if (strcmp(it->pool_id, p->id) != 0)
				continue;
			uint64_t o = occupied(&c, it, from, to), av = available(it, from, to);
			po += o;
			pa += av;
			fo_out_printf(out, "%-20s %-16s %10.2f %10.2f %7.1f\n", it->name, p->name,
			              (double)o / HOUR_MS, (double)av / HOUR_MS,
			              av ? 100.0 * (double)o / (double)av : 0.0);
		}
		fo_out_printf(out, "%-20s %-16s %10.2f %10.2f %7.1f\n", "(pool)", p->name,
		              (double)po / HOUR_MS, (double)pa / HOUR_MS,
		              pa ? 100.0 * (double)po / (double)pa : 0.0);
	}
	free(c.v);
	return FO_OK;
}

/* ---- resources.demand: pools x the coming hours */

enum { DM_POOL, DM_HOUR, DM_UP, DM_BOOKED, DM_ASKED, DM_LOAD, DM_HEAD, DM__N };

static const fo_column demand_cols[DM__N] = {
    [DM_POOL] = {"pool", "Pool", FO_COL_TEXT, 14, false, NULL},
    [DM_HOUR] = {"hour", "Hour", FO_COL_TIME, 19, false, NULL},
    [DM_UP] = {"capacity_h", "Capacity h", FO_COL_NUM, 10, false, "h"},
    [DM_BOOKED] = {"booked_h", "Booked h", FO_COL_NUM, 9, false, "h"},
    [DM_ASKED] = {"requested_h", "Asked h", FO_COL_NUM, 8, false, "h"},
    [DM_LOAD] = {"load", "Load", FO_COL_PERCENT, 6, false, "%"},
    [DM_HEAD] = {"headroom_h", "Headroom h", FO_COL_NUM, 10, false, "h"},
};

static size_t demand_rows(fo_core *core, void *ud)
{
	res_state *s = ud;
	res_load(s, false);
	(void)core;
	return s->npools * DEMAND_HOURS;
}

static void demand_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	res_state *s = ud;
	size_t p = row / DEMAND_HOURS;
	snprintf(buf, len, "%s+%zu", p < s->npools ? s->pools[p].name : "", row % DEMAND_HOURS);
	(void)core;
}

static void demand_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	res_state *s = ud;
	size_t pi = row / DEMAND_HOURS, h = row % DEMAND_HOURS;
	if (pi >= s->npools)
		return;
	const res_pool *p = &s->pools[pi];
	uint64_t now = fo_wall_ms(), from = now - now % HOUR_MS + h * HOUR_MS, to = from + HOUR_MS;
	uint64_t up = 0, booked = 0, asked = 0;
	for (size_t i = 0; i < s->nitems; i++) {
		const res_item *it = &s->items[i];
		if (strcmp(it->pool_id, p->id) != 0)
			continue;
		up += available(it, from, to);
		for (size_t k = 0; k < s->nbooks; k++) {
			const res_booking *b = &s->books[k];
			if (res_booking_live(b) && strcmp(b->resource_id, it->id) == 0) {
				res_span sp = {b->from, b->to};
				booked += res_covered(&sp, 1, from, to);
			}
		}
	}
	for (size_t k = 0; k < s->nreqs; k++) {
		const res_request *q = &s->reqs[k];
		if (q->state != RQ_OPEN || strcmp(q->pool_id, p->id) != 0 || q->to <= from ||
		    q->from >= to)
			continue;
		/* its wanted time spread evenly over its window */
		uint64_t win = q->to - q->from;
		uint64_t want = q->duration_s > 0 ? (uint64_t)q->duration_s * 1000u : win;
		res_span sp = {q->from, q->to};
		asked +=
		    (uint64_t)((double)want * (double)res_covered(&sp, 1, from, to) / (double)win);
	}
	double load = up ? 100.0 * (double)(booked + asked) / (double)up : 0;
	switch (col) {
	case DM_POOL:
		fo_cell_text(c, "%s", p->name);
		break;
	case DM_HOUR:
		fo_cell_time(c, from);
		break;
	case DM_UP:
		fo_cell_num(c, (double)up / HOUR_MS, 2);
		break;
	case DM_BOOKED:
		fo_cell_num(c, (double)booked / HOUR_MS, 2);
		break;
	case DM_ASKED:
		fo_cell_num(c, (double)asked / HOUR_MS, 2);
		break;
	case DM_LOAD:
		fo_cell_num(c, load, 0);
		c->style = load >= 100 ? FO_STYLE_ERROR : load >= 80 ? FO_STYLE_WARN : FO_STYLE_OK;
		break;
	case DM_HEAD:
		fo_cell_num(c, ((double)up - (double)(booked + asked)) / HOUR_MS, 2);
		break;
	default:
		break;
	}
	(void)core;
}

static void demand_prepare(fo_core *core, void *ud)
{
	res_load(ud, true);
	(void)core;
}

static const fo_view_spec demand_view = {
    .name = "resources.demand",
    .title = "Demand",
    .summary = "demand against capacity per pool for the coming 8 hours (bookings and open "
               "requests; battery predictions come with analytics)",
    .cols = demand_cols,
    .ncols = DM__N,
    .row_count = demand_rows,
    .cell = demand_cell,
    .row_key = demand_key,
    .generation = res_view_generation,
    .empty_text = "no pools: `pool sync` or `pool add`",
    .prepare = demand_prepare,
};

static const fo_arg_spec util_args[] = {
    {"pool", FO_ARG_STRING, false, NULL, "only this pool"},
    {"since", FO_ARG_STRING, false, NULL, "window start: a span back (24h, 7d) or ISO 8601"},
    {"until", FO_ARG_STRING, false, NULL, "window end (default now; ISO 8601 or +2h)"},
};

static const fo_cmd_spec util_cmd = {
    "resource",
    "util",
    "utilization per resource and pool over a window, from the store",
    util_args,
    FO_NELEMS(util_args),
    FO_CMD_READONLY_SAFE,
    cmd_util};

int res_util_register(res_state *s, char *err, size_t errlen)
{
	if (fo_cmd_register(s->core, &util_cmd, s) != 0 ||
	    fo_view_register(s->core, &demand_view, s) != 0) {
		snprintf(err, errlen, "resource util or resources.demand refused");
		return -1;
	}
	return 0;
}
