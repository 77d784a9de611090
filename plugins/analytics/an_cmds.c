/* an_cmds.c — the history commands: `history show` (a subject's buckets
 * over a window) and `history status` (who writes, how much, how fast). */
#include "analytics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "v/ID", "f/ID", "z/ID" as given, else a vehicle, fleet or zone of the
 * model by id (an_subject_key, analytics.h). */
int an_subject_key(an_hist *h, const char *name, char *key, size_t len, char *err, size_t errlen)
{
	if (strlen(name) > 2 && name[1] == '/' && strchr("vfz", name[0])) {
		snprintf(key, len, "%s", name);
		return 0;
	}
	fo_model *m = fo_core_model(h->core);
	if (fo_model_vehicle_find(m, name) >= 0) {
		snprintf(key, len, "v/%s", name);
		return 0;
	}
	if (fo_model_fleet_find(m, name) >= 0) {
		snprintf(key, len, "f/%s", name);
		return 0;
	}
	for (size_t i = 0; i < fo_model_zone_count(m); i++)
		if (strcmp(fo_model_zone(m, i)->id, name) == 0) {
			snprintf(key, len, "z/%s", name);
			return 0;
		}
	snprintf(err, errlen,
	         "'%s' is no vehicle, fleet or zone of the live model (name a stored one as "
	         "v/ID, f/ID or z/ID)",
	         name);
	return -1;
}

/* A moment: "now", "-SPAN" (ago), or ISO 8601; 0 when none. */
static uint64_t when_arg(const char *text, uint64_t now_ms)
{
	if (text && text[0] == '-') {
		long long span = fo_span_parse(text + 1);
		return span > 0 && (uint64_t)span < now_ms ? now_ms - (uint64_t)span : 0;
	}
	return fo_time_arg(text, now_ms);
}

/* The window of --last, --from and --to (default: the last hour). */
int an_window_args(const fo_args *args, int64_t *from_s, int64_t *to_s, char *err, size_t errlen)
{
	uint64_t now = fo_wall_ms();
	uint64_t to = fo_args_has(args, "to") ? when_arg(fo_args_str(args, "to", ""), now) : now;
	if (!to) {
		snprintf(err, errlen, "--to: '%s' is not now, -SPAN (ago) or an ISO 8601 time",
		         fo_args_str(args, "to", ""));
		return -1;
	}
	uint64_t from;
	if (fo_args_has(args, "from")) {
		from = when_arg(fo_args_str(args, "from", ""), now);
		if (!from) {
			snprintf(err, errlen, "--from: '%s' is not -SPAN (ago) or an ISO 8601 time",
			         fo_args_str(args, "from", ""));
			return -1;
		}
	} else {
		long long span = fo_span_parse(fo_args_str(args, "last", "1h"));
		if (span <= 0 || (uint64_t)span > to) {
			snprintf(err, errlen, "--last: '%s' is not a span (90s, 30m, 2h, 7d)",
			         fo_args_str(args, "last", ""));
			return -1;
		}
		from = to - (uint64_t)span;
	}
	if (from >= to) {
		snprintf(err, errlen, "the window is empty: --from is not before --to");
		return -1;
	}
	/* whole seconds, the end rounded up, the length kept */
	*to_s = (int64_t)((to + 999u) / 1000u);
	*from_s = *to_s - (int64_t)((to - from + 500u) / 1000u);
	return 0;
}

/* The tier of --res ("10s", "1m", ...), -1 for automatic, -2 unknown. */
int an_res_arg(const an_hist *h, const char *text)
{
	if (!text || !*text)
		return -1;
	long long ms = fo_span_parse(text);
	for (size_t k = 0; ms > 0 && k < h->tiers.n; k++)
		if (h->tiers.t[k].res_s * 1000 == ms)
			return (int)k;
	return -2;
}

static const int default_metrics[] = {AN_M_STATE0 + 2,   AN_M_STATE0 + 1, AN_M_STATE0 + 4,
                                      AN_M_DIST_CM,      AN_M_BATT_CP,    AN_M_FAULTS,
                                      AN_M_MISSIONS_DONE};

/* Parses "a,b,c" into metric indices; the count, or -1 naming the bad one. */
int an_metrics_arg(const char *text, int *ms, int max, char *err, size_t errlen)
{
	if (!text || !*text) {
		int n = (int)FO_NELEM(default_metrics);
		memcpy(ms, default_metrics, sizeof default_metrics);
		return n;
	}
	if (strcmp(text, "all") == 0) {
		for (int m = 0; m < AN_NMETRICS && m < max; m++)
			ms[m] = m;
		return AN_NMETRICS < max ? AN_NMETRICS : max;
	}
	int n = 0;
	char buf[512];
	snprintf(buf, sizeof buf, "%s", text);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int m = an_metric_by_name(tok);
		if (m < 0 || n == max) {
			snprintf(err, errlen, "%s '%s'; metrics: %s",
			         m < 0 ? "no metric" : "too many metrics at", tok,
			         "offline_s idle_s driving_s acting_s charging_s paused_s error_s "
			         "estop_s dist_m drain_pct gain_pct battery_pct battery_min_pct "
			         "faults messages missions_done missions_failed samples vehicles");
			return -1;
		}
		ms[n++] = m;
	}
	return n;
}

static void put_time(fo_out *out, int64_t t)
{
	char iso[32];
	fo_iso_time((uint64_t)t * 1000u, iso, sizeof iso);
	iso[19] = '\0'; /* seconds are enough: buckets start on whole seconds */
	fo_out_printf(out, "%sZ", iso);
}

static void show_json(fo_out *out, const char *key, const an_window *w, const int *ms, int nm)
{
	fo_buf b = {0};
	an_window_json(&b, key, w, ms, nm);
	char *txt = fo_buf_take(&b);
	fo_out_printf(out, "%s\n", txt);
	free(txt);
	fo_buf_free(&b);
}

static fo_status cmd_show(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	an_hist *h = ud;
	char key[64];
	int64_t from, to;
	int ms[AN_NMETRICS];
	char why[300];
	int nm = 0;
	if (an_subject_key(h, fo_args_str(args, "subject", ""), key, sizeof key, why, sizeof why) !=
	        0 ||
	    an_window_args(args, &from, &to, why, sizeof why) != 0 ||
	    (nm = an_metrics_arg(fo_args_str(args, "metrics", ""), ms, AN_NMETRICS, why,
	                         sizeof why)) < 0) {
		fo_out_error(out, "%s", why);
		return FO_ERR;
	}
	int tier = an_res_arg(h, fo_args_str(args, "res", ""));
	if (tier == -2) {
		fo_out_error(out, "--res: '%s' is not one of the history's resolutions (%s)",
		             fo_args_str(args, "res", ""),
		             fo_config_str(core, "analytics.history_tiers"));
		return FO_ERR;
	}
	an_window w;
	char err[300];
	if (an_read(h, key, from, to, tier, (size_t)fo_args_int(args, "points", 360), &w, err,
	            sizeof err) != 0) {
		fo_out_error(out, "%s", err);
		return FO_ERR;
	}
	if (fo_args_flag(args, "json")) {
		show_json(out, key, &w, ms, nm);
		an_window_free(&w);
		return FO_OK;
	}
	fo_out_printf(out, "history of %s, %lld s buckets\n", key, (long long)w.res_s);
	fo_out_printf(out, "%-20s", "start");
	for (int j = 0; j < nm; j++)
		fo_out_printf(out, " %12s", an_metric_name(ms[j]));
	fo_out_printf(out, "\n");
	size_t shown = 0;
	for (size_t b = 0; b < w.nb; b++) {
		if (!w.present[b]) {
			size_t e = b;
			while (e + 1 < w.nb && !w.present[e + 1])
				e++;
			fo_out_printf(out, "%-20s", "");
			fo_out_printf(out, " no data for %zu buckets from ", e - b + 1);
			put_time(out, w.from_s + (int64_t)b * w.res_s);
			fo_out_printf(out, "\n");
			b = e;
			continue;
		}
		const int64_t *v = w.vals + b * AN_NMETRICS;
		put_time(out, w.from_s + (int64_t)b * w.res_s);
		for (int j = 0; j < nm; j++)
			fo_out_printf(out, " %12.2f", an_metric_value(v, ms[j]));
		fo_out_printf(out, "\n");
		shown++;
	}
	fo_out_printf(out, "%zu buckets with data of %zu\n", shown, w.nb);
	an_window_free(&w);
	return FO_OK;
}

static fo_status cmd_status(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	an_hist *h = ud;
	fo_out_printf(out, "history: %s (%s)\n", an_role_name(h->role), h->role_why);
	fo_out_printf(out, "resolutions: %s (each chunk %d buckets)\n",
	              fo_config_str(core, "analytics.history_tiers"), AN_CHUNK_BUCKETS);
	size_t mem = 0;
	for (size_t i = 0; i < h->nsubj; i++)
		mem += an_series_memory(&h->subj[i].series);
	fo_out_printf(out, "subjects: %zu in memory (%zu vehicles seen), %zu KiB of open chunks\n",
	              h->nsubj, h->nveh, mem / 1024);
	double pass_ms = h->passes ? (double)h->pass_ns / (double)h->passes / 1e6 : 0.0;
	fo_out_printf(out, "sampling: %llu passes, %.3f ms each on average\n",
	              (unsigned long long)h->passes, pass_ms);
	fo_out_printf(out,
	              "written: %llu batches, %llu chunks, %llu KiB; %llu batches failed; %zu "
	              "completed chunks waiting\n",
	              (unsigned long long)h->flushes, (unsigned long long)h->chunks_written,
	              (unsigned long long)(h->bytes_written / 1024),
	              (unsigned long long)h->flush_fail, h->sealed.n);
	if (h->last_flush_ms) {
		char iso[32];
		fo_iso_time(h->last_flush_ms, iso, sizeof iso);
		fo_out_printf(out, "last written: %s (every %.0f s)\n", iso,
		              (double)h->flush_ms / 1000.0);
	}
	fo_out_printf(out, "retention: %llu chunks dropped\n",
	              (unsigned long long)h->retention_dropped);
	if (h->last_error[0])
		fo_out_printf(out, "last error: %s\n", h->last_error);
	return FO_OK;
}

static const fo_arg_spec show_args[] = {
    {"subject", FO_ARG_STRING, true, NULL, "a vehicle, fleet or zone id (or v/ID, f/ID, z/ID)"},
    {"last", FO_ARG_STRING, false, NULL, "the window up to --to: a span (default 1h)"},
    {"from", FO_ARG_STRING, false, NULL, "window start: -SPAN (ago) or ISO 8601"},
    {"to", FO_ARG_STRING, false, NULL, "window end: now (default), -SPAN or ISO 8601"},
    {"res", FO_ARG_STRING, false, NULL, "resolution (10s, 1m, 1h...; default: fits --points)"},
    {"points", FO_ARG_INT, false, NULL, "most buckets when --res is not given (default 360)"},
    {"metrics", FO_ARG_STRING, false, NULL, "comma-separated metrics (default a few; all: all)"},
    {"json", FO_ARG_BOOL, false, NULL, "the buckets as JSON"},
};

static const fo_cmd_spec cmds[] = {
    {"history", "show", "a vehicle's, fleet's or zone's history over a window", show_args,
     FO_NELEM(show_args), FO_CMD_READONLY_SAFE, cmd_show},
    {"history", "status", "who writes history, how much and how fast", NULL, 0,
     FO_CMD_READONLY_SAFE, cmd_status},
};

int an_cmds_register(an_hist *h, char *err, size_t errlen)
{
	return fo_cmds_register(h->core, cmds, FO_NELEM(cmds), h, err, errlen);
}
