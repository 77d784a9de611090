/* an_lua.c — Analytics for scripts: fleetops.history (a subject's buckets
 * over a window), fleetops.health (a vehicle's or fleet's score, its parts
 * and what costs it points) and fleetops.battery_forecast (when a
 * vehicle's battery reaches analytics.battery_low).  history waits for
 * the store (a round trip); the others read the last computation. */
#include "an_lua.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static fo_status lua_history(fo_core *core, const fo_args *a, fo_lua_ret *ret, void *ud)
{
	an_stats *s = ud;
	an_hist *h = s->h;
	char key[64], err[300];
	int64_t from, to;
	int ms[AN_NMETRICS];
	int nm = 0;
	if (an_subject_key(h, fo_args_str(a, "subject", ""), key, sizeof key, err, sizeof err) !=
	        0 ||
	    an_window_args(a, &from, &to, err, sizeof err) != 0 ||
	    (nm = an_metrics_arg(fo_args_str(a, "metrics", "all"), ms, AN_NMETRICS, err,
	                         sizeof err)) < 0) {
		fo_lua_ret_error(ret, "%s", err);
		return FO_ERR;
	}
	int tier = an_res_arg(h, fo_args_str(a, "res", ""));
	if (tier == -2) {
		fo_lua_ret_error(ret, "res: not one of the history's resolutions (%s)",
		                 fo_config_str(core, "analytics.history_tiers"));
		return FO_ERR;
	}
	an_window w;
	if (an_read(h, key, from, to, tier, (size_t)fo_args_int(a, "points", 360), &w, err,
	            sizeof err) != 0) {
		fo_lua_ret_error(ret, "%s", err);
		return FO_ERR;
	}
	fo_buf b = {0};
	an_window_json(&b, key, &w, ms, nm);
	char *txt = fo_buf_take(&b);
	fo_lua_ret_json(ret, txt);
	free(txt);
	fo_buf_free(&b);
	an_window_free(&w);
	return FO_OK;
}

static void ret_num(fo_lua_ret *ret, const char *key, double v)
{
	fo_lua_ret_key(ret, key);
	if (isnan(v))
		fo_lua_ret_nil(ret);
	else
		fo_lua_ret_num(ret, v);
}

/* The subject's figures, waiting for a first computation. */
static const an_stat *stat_of(an_stats *s, const char *name, fo_lua_ret *ret)
{
	char key[64], err[300];
	if (an_subject_key(s->h, name, key, sizeof key, err, sizeof err) != 0) {
		fo_lua_ret_error(ret, "%s", err);
		return NULL;
	}
	if (!s->computed_ms)
		an_stats_wait(s);
	const an_stat *x = an_stats_find(s, key);
	if (!x)
		fo_lua_ret_error(ret, "%s: no history in the window yet%s%s", key,
		                 *s->error ? ": " : "", s->error);
	return x;
}

static fo_status lua_health(fo_core *core, const fo_args *a, fo_lua_ret *ret, void *ud)
{
	an_stats *s = ud;
	const an_stat *x = stat_of(s, fo_args_str(a, "subject", ""), ret);
	if (!x)
		return FO_ERR;
	const an_health_result *r = &x->health;
	fo_lua_ret_table(ret);
	fo_lua_ret_key(ret, "subject");
	fo_lua_ret_str(ret, x->key);
	ret_num(ret, "score", r->score);
	ret_num(ret, "mean", r->mean);
	ret_num(ret, "cap", r->cap);
	fo_lua_ret_key(ret, "capped_by");
	if (r->cap_binds)
		fo_lua_ret_str(ret, x->parts[r->capped_by].name);
	else
		fo_lua_ret_nil(ret);
	fo_lua_ret_key(ret, "parts");
	fo_lua_ret_table(ret);
	for (size_t k = 0; k < AN_HC__COUNT; k++) {
		fo_lua_ret_table(ret);
		fo_lua_ret_key(ret, "name");
		fo_lua_ret_str(ret, x->parts[k].name);
		ret_num(ret, "score", x->parts[k].score);
		ret_num(ret, "weight", x->parts[k].weight);
		ret_num(ret, "raw", x->raw[k]);
		fo_lua_ret_end(ret);
	}
	fo_lua_ret_end(ret);
	fo_lua_ret_key(ret, "top");
	fo_lua_ret_table(ret);
	for (size_t i = 0; i < r->ntop; i++) {
		fo_lua_ret_table(ret);
		fo_lua_ret_key(ret, "name");
		fo_lua_ret_str(ret, x->parts[r->top[i].part].name);
		ret_num(ret, "cost", r->top[i].cost);
		fo_lua_ret_key(ret, "capped");
		fo_lua_ret_bool(ret, r->top[i].capped);
		fo_lua_ret_end(ret);
	}
	fo_lua_ret_end(ret);
	ret_num(ret, "computed_at", (double)s->computed_ms / 1000.0);
	ret_num(ret, "window_s", (double)s->window_s);
	fo_lua_ret_end(ret);
	return FO_OK;
}

static fo_status lua_battery(fo_core *core, const fo_args *a, fo_lua_ret *ret, void *ud)
{
	an_stats *s = ud;
	const an_stat *x = stat_of(s, fo_args_str(a, "vehicle", ""), ret);
	if (!x)
		return FO_ERR;
	const an_pred *p = &x->batt;
	bool ok = p->status == AN_FC_OK;
	double at = (double)x->batt_at_ms / 1000.0;
	fo_lua_ret_table(ret);
	fo_lua_ret_key(ret, "status");
	fo_lua_ret_str(ret, ok                                ? "ok"
	                    : p->status == AN_FC_NOT_DRAINING ? "not draining"
	                                                      : "too few readings");
	ret_num(ret, "battery", x->nb ? x->bp[x->nb - 1] : NAN);
	ret_num(ret, "drain_pct_h", x->drain_pct_h);
	ret_num(ret, "threshold", s->battery_low);
	ret_num(ret, "at", ok ? at + p->point : NAN);
	ret_num(ret, "earliest", ok ? at + p->lower : NAN);
	ret_num(ret, "latest", ok && isfinite(p->upper) ? at + p->upper : NAN);
	ret_num(ret, "level", ok ? p->level : NAN);
	fo_lua_ret_key(ret, "model");
	fo_lua_ret_str(ret, ok ? p->model : NULL);
	fo_lua_ret_end(ret);
	return FO_OK;
}

static const fo_arg_spec history_args[] = {
    {"subject", FO_ARG_STRING, true, NULL, "vehicle, fleet or zone id (or v/ID, f/ID, z/ID)"},
    {"last", FO_ARG_STRING, false, NULL, "the window up to `to`: a span (default 1h)"},
    {"from", FO_ARG_STRING, false, NULL, "window start: -SPAN (ago) or ISO 8601"},
    {"to", FO_ARG_STRING, false, NULL, "window end: now, -SPAN or ISO 8601"},
    {"res", FO_ARG_STRING, false, NULL, "resolution (10s, 1m, 1h...)"},
    {"points", FO_ARG_INT, false, NULL, "most buckets when res is not given (default 360)"},
    {"metrics", FO_ARG_STRING, false, NULL, "comma-separated metrics (default all)"},
};
static const fo_arg_spec health_args[] = {
    {"subject", FO_ARG_STRING, true, NULL, "vehicle or fleet id"},
};
static const fo_arg_spec battery_args[] = {
    {"vehicle", FO_ARG_STRING, true, NULL, "vehicle id"},
};

static const fo_lua_fn_spec fns[] = {
    {"history", history_args, FO_NELEM(history_args),
     "a table {subject, res_s, from, to, buckets = {{start, t, METRIC = value, ...}}}; nil and "
     "the error",
     "a vehicle's, fleet's or zone's history over a window", lua_history},
    {"health", health_args, FO_NELEM(health_args),
     "a table {subject, score, mean, cap, capped_by, parts = {{name, score, weight, raw}}, top = "
     "{{name, cost, capped}}, computed_at, window_s}; nil and the error",
     "a vehicle's or fleet's health score over analytics.window", lua_health},
    {"battery_forecast", battery_args, FO_NELEM(battery_args),
     "a table {status, battery, drain_pct_h, threshold, at, earliest, latest, level, model}; "
     "nil and the error",
     "when a vehicle's battery reaches analytics.battery_low, with an interval", lua_battery},
};

int an_lua_register(an_stats *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < FO_NELEM(fns); i++)
		if (fo_lua_fn_register(s->h->core, &fns[i], s) != 0) {
			snprintf(err, errlen, "cannot register fleetops.%s", fns[i].name);
			return -1;
		}
	return 0;
}
