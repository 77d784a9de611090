/* res_views.c — the booking views of the Resources pane: pools, resources
 * (state now, 24-hour utilization, the Gantt row of the coming hours) and
 * bookings with the keys that extend, shorten, move and release them. */
#include "res.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLAN_CELLS 48          /* the Gantt row: 48 cells ... */
#define PLAN_CELL_MS 600000ull /* ... of 10 minutes: 8 hours */
#define UTIL_MS 86400000ull    /* utilization over the last day */

static res_state *S(void *ud)
{
	res_state *s = ud;
	res_load(s, false);
	return s;
}

uint64_t res_view_generation(fo_core *core, void *ud)
{
	res_state *s = ud;
	res_load(s, false);
	/* the now-line and the states move with the clock */
	return s->gen * 1000003u + fo_wall_ms() / 30000u + fo_model_generation(fo_core_model(core));
}

static void prepare(fo_core *core, void *ud)
{
	res_load(ud, true);
	(void)core;
}

/* Occupied time over available time (the window less maintenance). */
static double utilization(res_state *s, const res_item *it, uint64_t from, uint64_t to)
{
	size_t n = 0, cap = 0;
	res_span *v = NULL;
	for (size_t i = 0; i < s->nbooks; i++) {
		const res_booking *b = &s->books[i];
		if (strcmp(b->resource_id, it->id) != 0)
			continue;
		uint64_t end = b->state == RB_RELEASED && b->released_at ? b->released_at : b->to;
		if (end > b->from) {
			v = fo_grow(v, &cap, n + 1, sizeof *v, 16);
			v[n++] = (res_span){b->from, end};
		}
	}
	n = res_spans_merge(v, n);
	uint64_t busy = res_covered(v, n, from, to);
	free(v);
	uint64_t avail = to - from;
	if (it->down_from) {
		res_span d = {it->down_from, it->down_to ? it->down_to : UINT64_MAX / 2};
		avail -= res_covered(&d, 1, from, to);
	}
	return avail ? 100.0 * (double)busy / (double)avail : 0;
}

static void gantt(res_state *s, const res_item *it, uint64_t now, char *buf)
{
	size_t n = 0, cap = 0;
	res_mark *m = NULL;
	uint64_t from = now - now % PLAN_CELL_MS, to = from + PLAN_CELLS * PLAN_CELL_MS;
	for (size_t i = 0; i < s->nbooks; i++) {
		const res_booking *b = &s->books[i];
		if (!res_booking_live(b) || strcmp(b->resource_id, it->id) != 0 || b->to <= from ||
		    b->from >= to)
			continue;
		m = fo_grow(m, &cap, n + 1, sizeof *m, 8);
		m[n++] = (res_mark){{b->from, b->to}, b->state == RB_ACTIVE ? '=' : '#'};
	}
	if (it->down_from) {
		m = fo_grow(m, &cap, n + 1, sizeof *m, 8);
		m[n++] =
		    (res_mark){{it->down_from, it->down_to ? it->down_to : UINT64_MAX / 2}, 'x'};
	}
	res_gantt_row(buf, PLAN_CELLS, from, to, m, n, now);
	free(m);
}

/* ---- resources.pools */

enum { PL_NAME, PL_KIND, PL_TOTAL, PL_FREE, PL_BUSY, PL_DOWN, PL_UTIL, PL_POLICY, PL__N };

static const fo_column pool_cols[PL__N] = {
    [PL_NAME] = {"name", "Pool", FO_COL_TEXT, 16, false, NULL},
    [PL_KIND] = {"kind", "Kind", FO_COL_TEXT, 10, false, NULL},
    [PL_TOTAL] = {"resources", "Res", FO_COL_NUM, 4, false, NULL},
    [PL_FREE] = {"available", "Free", FO_COL_NUM, 4, false, NULL},
    [PL_BUSY] = {"busy", "Busy", FO_COL_NUM, 4, false, NULL},
    [PL_DOWN] = {"down", "Down", FO_COL_NUM, 4, false, NULL},
    [PL_UTIL] = {"util_24h", "Util 24h", FO_COL_PERCENT, 8, false, "%"},
    [PL_POLICY] = {"policy", "Policy", FO_COL_TEXT, 17, false, NULL},
};

static size_t pool_rows(fo_core *core, void *ud)
{
	(void)core;
	return S(ud)->npools;
}

static void pool_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	res_state *s = S(ud);
	snprintf(buf, len, "%s", row < s->npools ? s->pools[row].name : "");
	(void)core;
}

static bool is_down(const res_item *it, uint64_t now)
{
	return it->down_from && it->down_from <= now && (!it->down_to || now < it->down_to);
}

static void pool_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	res_state *s = S(ud);
	if (row >= s->npools)
		return;
	const res_pool *p = &s->pools[row];
	uint64_t now = fo_wall_ms();
	size_t total = 0, busy = 0, down = 0;
	double util = 0;
	for (size_t i = 0; i < s->nitems; i++) {
		const res_item *it = &s->items[i];
		if (strcmp(it->pool_id, p->id) != 0)
			continue;
		total++;
		if (is_down(it, now))
			down++;
		else if (res_booking_current(s, it, now))
			busy++;
		if (col == PL_UTIL)
			util += utilization(s, it, now - UTIL_MS, now);
	}
	switch (col) {
	case PL_NAME:
		fo_cell_text(c, "%s", p->name);
		break;
	case PL_KIND:
		fo_cell_text(c, "%s", p->kind);
		break;
	case PL_TOTAL:
		fo_cell_num(c, (double)total, 0);
		break;
	case PL_FREE:
		fo_cell_num(c, (double)(total - busy - down), 0);
		c->style = total && total == busy + down ? FO_STYLE_WARN : FO_STYLE_OK;
		break;
	case PL_BUSY:
		fo_cell_num(c, (double)busy, 0);
		break;
	case PL_DOWN:
		fo_cell_num(c, (double)down, 0);
		if (down)
			c->style = FO_STYLE_WARN;
		break;
	case PL_UTIL:
		fo_cell_num(c, total ? util / (double)total : 0, 1);
		break;
	case PL_POLICY:
		fo_cell_text(c, "%s", p->policy[0] ? p->policy : "default");
		break;
	default:
		break;
	}
	(void)core;
}

/* ---- resources.resources (with the plan) */

enum {
	RS_NAME,
	RS_POOL,
	RS_NODE,
	RS_STATE,
	RS_VEHICLE,
	RS_UNTIL,
	RS_NEXT,
	RS_UTIL,
	RS_PLAN,
	RS__N
};

static const fo_column res_cols[RS__N] = {
    [RS_NAME] = {"name", "Resource", FO_COL_TEXT, 14, false, NULL},
    [RS_POOL] = {"pool", "Pool", FO_COL_TEXT, 10, false, NULL},
    [RS_NODE] = {"node", "Node", FO_COL_TEXT, 10, true, NULL},
    [RS_STATE] = {"state", "State", FO_COL_TEXT, 9, false, NULL},
    [RS_VEHICLE] = {"vehicle", "Vehicle", FO_COL_TEXT, 10, false, NULL},
    [RS_UNTIL] = {"until", "Until", FO_COL_TIME, 19, true, NULL},
    [RS_NEXT] = {"next", "Next booking", FO_COL_TIME, 19, true, NULL},
    [RS_UTIL] = {"util_24h", "Util 24h", FO_COL_PERCENT, 8, false, "%"},
    [RS_PLAN] = {"plan", "Next 8 h (10 min a cell; # booked = in use x down | now)", FO_COL_TEXT,
                 PLAN_CELLS, false, NULL},
};

static size_t res_rows(fo_core *core, void *ud)
{
	(void)core;
	return S(ud)->nitems;
}

static void res_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	res_state *s = S(ud);
	snprintf(buf, len, "%s", row < s->nitems ? s->items[row].name : "");
	(void)core;
}

static void res_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	res_state *s = S(ud);
	if (row >= s->nitems)
		return;
	const res_item *it = &s->items[row];
	const res_pool *p = res_pool_of(s, it);
	uint64_t now = fo_wall_ms();
	const res_booking *b = res_booking_current(s, it, now);
	switch (col) {
	case RS_NAME:
		fo_cell_text(c, "%s", it->name);
		break;
	case RS_POOL:
		fo_cell_text(c, "%s", p ? p->name : "?");
		break;
	case RS_NODE:
		fo_cell_text(c, "%s", it->node);
		break;
	case RS_STATE:
		if (is_down(it, now)) {
			fo_cell_text(c, "down");
			c->style = FO_STYLE_ERROR;
		} else if (b) {
			fo_cell_text(c, "%s", b->state == RB_ACTIVE ? "in use" : "booked");
			c->style = FO_STYLE_ACCENT;
		} else {
			fo_cell_text(c, "available");
			c->style = FO_STYLE_OK;
		}
		break;
	case RS_VEHICLE:
		fo_cell_text(c, "%s", b ? b->vehicle : "");
		break;
	case RS_UNTIL:
		fo_cell_time(c, b ? b->to : is_down(it, now) ? it->down_to : 0);
		break;
	case RS_NEXT: {
		const res_booking *nb = res_booking_next(s, it, now);
		fo_cell_time(c, nb ? nb->from : 0);
		break;
	}
	case RS_UTIL:
		fo_cell_num(c, utilization(s, it, now - UTIL_MS, now), 1);
		break;
	case RS_PLAN:
		gantt(s, it, now, c->text);
		c->style = FO_STYLE_DIM;
		break;
	default:
		break;
	}
	(void)core;
}

static const fo_view_action res_actions[] = {
    {'b', "book", ":resource book %k --for 1h --from "},
    {'+', "extend 15m", "booking extend %k 15m"},
    {'-', "shorten 15m", "booking shorten %k 15m"},
    {'m', "move", ":booking move %k "},
    {'x', "release", "booking release %k"},
    {'d', "down", ":resource down %k --until +1h "},
    {'u', "up", "resource up %k"},
};

/* ---- resources.bookings */

enum { BK_ID, BK_RES, BK_VEH, BK_STATE, BK_FROM, BK_TO, BK_PURPOSE, BK_REASON, BK__N };

static const fo_column book_cols[BK__N] = {
    [BK_ID] = {"id", "Booking", FO_COL_TEXT, 8, false, NULL},
    [BK_RES] = {"resource", "Resource", FO_COL_TEXT, 14, false, NULL},
    [BK_VEH] = {"vehicle", "Vehicle", FO_COL_TEXT, 10, false, NULL},
    [BK_STATE] = {"state", "State", FO_COL_TEXT, 9, false, NULL},
    [BK_FROM] = {"from", "From", FO_COL_TIME, 19, false, NULL},
    [BK_TO] = {"until", "Until", FO_COL_TIME, 19, false, NULL},
    [BK_PURPOSE] = {"purpose", "Purpose", FO_COL_TEXT, 8, false, NULL},
    [BK_REASON] = {"reason", "Reason", FO_COL_TEXT, 16, false, NULL},
};

static size_t book_rows(fo_core *core, void *ud)
{
	(void)core;
	return S(ud)->nbooks;
}

static void book_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	res_state *s = S(ud);
	snprintf(buf, len, "%s", row < s->nbooks ? s->books[row].id : "");
	(void)core;
}

static void book_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	res_state *s = S(ud);
	if (row >= s->nbooks)
		return;
	const res_booking *b = &s->books[row];
	const res_item *it = res_item_find(s, b->resource_id);
	switch (col) {
	case BK_ID:
		fo_cell_text(c, "%.8s", b->id);
		break;
	case BK_RES:
		fo_cell_text(c, "%s", it ? it->name : "?");
		break;
	case BK_VEH:
		fo_cell_text(c, "%s", b->vehicle);
		break;
	case BK_STATE:
		fo_cell_text(c, "%s", res_bstate_name(b->state));
		c->style = b->state == RB_ACTIVE     ? FO_STYLE_ACCENT
		           : b->state == RB_RELEASED ? FO_STYLE_DIM
		                                     : FO_STYLE_NORMAL;
		break;
	case BK_FROM:
		fo_cell_time(c, b->from);
		break;
	case BK_TO:
		fo_cell_time(c, b->to);
		break;
	case BK_PURPOSE:
		fo_cell_text(c, "%s", b->purpose);
		break;
	case BK_REASON:
		fo_cell_text(c, "%s", b->reason);
		break;
	default:
		break;
	}
	(void)core;
}

static const fo_view_action book_actions[] = {
    {'+', "extend 15m", "booking extend %k 15m"},
    {'-', "shorten 15m", "booking shorten %k 15m"},
    {'m', "move", ":booking move %k "},
    {'x', "release", "booking release %k"},
};

/* ---- resources.requests */

enum {
	RQ_C_ID,
	RQ_C_POOL,
	RQ_C_VEH,
	RQ_C_STATE,
	RQ_C_PRIO,
	RQ_C_FROM,
	RQ_C_TO,
	RQ_C_MIN,
	RQ_C_SOURCE,
	RQ_C_REASON,
	RQ_C__N
};

static const fo_column req_cols[RQ_C__N] = {
    [RQ_C_ID] = {"id", "Request", FO_COL_TEXT, 8, false, NULL},
    [RQ_C_POOL] = {"pool", "Pool", FO_COL_TEXT, 10, false, NULL},
    [RQ_C_VEH] = {"vehicle", "Vehicle", FO_COL_TEXT, 10, false, NULL},
    [RQ_C_STATE] = {"state", "State", FO_COL_TEXT, 9, false, NULL},
    [RQ_C_PRIO] = {"priority", "Prio", FO_COL_NUM, 4, false, NULL},
    [RQ_C_FROM] = {"from", "Wanted from", FO_COL_TIME, 19, true, NULL},
    [RQ_C_TO] = {"until", "Deadline", FO_COL_TIME, 19, false, NULL},
    [RQ_C_MIN] = {"minutes", "Min", FO_COL_NUM, 4, false, NULL},
    [RQ_C_SOURCE] = {"source", "Source", FO_COL_TEXT, 8, false, NULL},
    [RQ_C_REASON] = {"reason", "Answer", FO_COL_TEXT, 40, false, NULL},
};

static size_t req_rows(fo_core *core, void *ud)
{
	(void)core;
	return S(ud)->nreqs;
}

static void req_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	res_state *s = S(ud);
	snprintf(buf, len, "%s", row < s->nreqs ? s->reqs[row].id : "");
	(void)core;
}

static void req_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	res_state *s = S(ud);
	if (row >= s->nreqs)
		return;
	const res_request *q = &s->reqs[row];
	const res_pool *p = res_pool_find(s, q->pool_id);
	switch (col) {
	case RQ_C_ID:
		fo_cell_text(c, "%.8s", q->id);
		break;
	case RQ_C_POOL:
		fo_cell_text(c, "%s", p ? p->name : "?");
		break;
	case RQ_C_VEH:
		fo_cell_text(c, "%s", q->vehicle);
		break;
	case RQ_C_STATE:
		fo_cell_text(c, "%s", res_rqstate_name(q->state));
		c->style = q->state == RQ_OPEN      ? FO_STYLE_WARN
		           : q->state == RQ_GRANTED ? FO_STYLE_OK
		                                    : FO_STYLE_DIM;
		break;
	case RQ_C_PRIO:
		fo_cell_num(c, (double)q->priority, 0);
		break;
	case RQ_C_FROM:
		fo_cell_time(c, q->from);
		break;
	case RQ_C_TO:
		fo_cell_time(c, q->to);
		break;
	case RQ_C_MIN:
		fo_cell_num(
		    c,
		    (double)(q->duration_s > 0 ? q->duration_s : (long)((q->to - q->from) / 1000)) /
		        60.0,
		    0);
		break;
	case RQ_C_SOURCE:
		fo_cell_text(c, "%s", q->source);
		break;
	case RQ_C_REASON:
		fo_cell_text(c, "%s", q->reason);
		break;
	default:
		break;
	}
	(void)core;
}

static const fo_view_action req_actions[] = {
    {'g', "grant", ":request grant %k --resource "},
    {'a', "accept offer", "request accept %k"},
    {'c', "cancel", "request cancel %k"},
    {'r', "refuse", ":request refuse %k "},
};

/* ---- resources.conflicts */

enum { CF_ID, CF_KIND, CF_STATE, CF_RES, CF_VEH, CF_AT, CF_TEXT, CF_BY, CF__N };

static const fo_column conf_cols[CF__N] = {
    [CF_ID] = {"id", "Conflict", FO_COL_TEXT, 8, false, NULL},
    [CF_KIND] = {"kind", "Kind", FO_COL_TEXT, 15, false, NULL},
    [CF_STATE] = {"state", "State", FO_COL_TEXT, 8, false, NULL},
    [CF_RES] = {"resource", "Resource", FO_COL_TEXT, 10, false, NULL},
    [CF_VEH] = {"vehicle", "Vehicle", FO_COL_TEXT, 10, false, NULL},
    [CF_AT] = {"detected", "Detected", FO_COL_TIME, 19, true, NULL},
    [CF_TEXT] = {"detail", "Detail / resolution", FO_COL_TEXT, 50, false, NULL},
    [CF_BY] = {"resolved_by", "Resolved by", FO_COL_TEXT, 14, true, NULL},
};

static size_t conf_rows(fo_core *core, void *ud)
{
	(void)core;
	return S(ud)->nconfs;
}

static void conf_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	res_state *s = S(ud);
	snprintf(buf, len, "%s", row < s->nconfs ? s->confs[row].id : "");
	(void)core;
}

static void conf_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	res_state *s = S(ud);
	if (row >= s->nconfs)
		return;
	const res_conflict *k = &s->confs[row];
	const res_item *it = res_item_find(s, k->resource_id);
	switch (col) {
	case CF_ID:
		fo_cell_text(c, "%.8s", k->id);
		break;
	case CF_KIND:
		fo_cell_text(c, "%s", k->kind);
		break;
	case CF_STATE:
		fo_cell_text(c, "%s", k->open ? "open" : "resolved");
		c->style = k->open ? FO_STYLE_ERROR : FO_STYLE_DIM;
		break;
	case CF_RES:
		fo_cell_text(c, "%s", it ? it->name : "");
		break;
	case CF_VEH:
		fo_cell_text(c, "%s", k->vehicle);
		break;
	case CF_AT:
		fo_cell_time(c, k->detected);
		break;
	case CF_TEXT:
		fo_cell_text(c, "%s", k->open ? k->detail : k->resolution);
		break;
	case CF_BY:
		fo_cell_text(c, "%s", k->resolved_by);
		break;
	default:
		break;
	}
	(void)core;
}

static const fo_view_action conf_actions[] = {
    {'a', "apply suggestion", "conflict resolve %k auto"},
    {'m', "move", ":conflict resolve %k move "},
    {'s', "shift", ":conflict resolve %k shift "},
    {'c', "cancel booking", "conflict resolve %k cancel"},
    {'k', "keep", ":conflict resolve %k keep "},
};

static const fo_view_spec views[] = {
    {.name = "resources.pools",
     .title = "Pools",
     .summary = "resource pools: resources free, busy and down now, 24-hour utilization",
     .cols = pool_cols,
     .ncols = PL__N,
     .row_count = pool_rows,
     .cell = pool_cell,
     .row_key = pool_key,
     .generation = res_view_generation,
     .drill_view = "resources.resources",
     .drill_column = "pool",
     .empty_text = "no pools: `pool sync` makes them from the site's chargers, parking and "
                   "stations; `pool add NAME --kind KIND` by hand",
     .prepare = prepare},
    {.name = "resources.resources",
     .title = "Plan",
     .summary = "resources: state now, 24-hour utilization and the next 8 hours as a Gantt row",
     .cols = res_cols,
     .ncols = RS__N,
     .row_count = res_rows,
     .cell = res_cell,
     .row_key = res_key,
     .generation = res_view_generation,
     .actions = res_actions,
     .nactions = FO_NELEMS(res_actions),
     .empty_text = "no resources: `pool sync` makes them from the site; `resource add NAME "
                   "--pool POOL` by hand",
     .prepare = prepare},
    {.name = "resources.bookings",
     .title = "Bookings",
     .summary = "bookings of resources: live ones and those of the last day",
     .cols = book_cols,
     .ncols = BK__N,
     .row_count = book_rows,
     .cell = book_cell,
     .row_key = book_key,
     .generation = res_view_generation,
     .actions = book_actions,
     .nactions = FO_NELEMS(book_actions),
     .empty_text = "no bookings: `resource book NAME --vehicle V --for 1h`",
     .prepare = prepare},
    {.name = "resources.requests",
     .title = "Requests",
     .summary = "resource requests: the open queue and the answers of the last day",
     .cols = req_cols,
     .ncols = RQ_C__N,
     .row_count = req_rows,
     .cell = req_cell,
     .row_key = req_key,
     .generation = res_view_generation,
     .actions = req_actions,
     .nactions = FO_NELEMS(req_actions),
     .empty_text = "no requests: `request add POOL --for 30m --until +2h`",
     .prepare = prepare},
    {.name = "resources.conflicts",
     .title = "Conflicts",
     .summary = "resource conflicts: open ones with what was found, resolved ones with how",
     .cols = conf_cols,
     .ncols = CF__N,
     .row_count = conf_rows,
     .cell = conf_cell,
     .row_key = conf_key,
     .generation = res_view_generation,
     .actions = conf_actions,
     .nactions = FO_NELEMS(conf_actions),
     .empty_text = "no resource conflicts (a console or serve looks every 5 s)",
     .prepare = prepare},
};

int res_views_register(res_state *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < FO_NELEMS(views); i++)
		if (fo_view_register(s->core, &views[i], s) != 0) {
			snprintf(err, errlen, "view %s refused", views[i].name);
			return -1;
		}
	return 0;
}
