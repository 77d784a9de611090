/* alert_builtin.c — rules written in C over the live model, so alerting
 * works without scripts: LowBattery and VehicleOffline, tuned by the
 * alerts.* options.  A script rule of the same name stands in for one while
 * the script is loaded (fo_alert_builtin_*). */
#include "alert_core.h"
#include "alert_int.h"

#include "core.h"

#include <stdio.h>
#include <string.h>

static void emit_vehicle(fo_core *core, fo_alert_eval *ev, const fo_vehicle *v, double value)
{
	const fo_fleet *f = fo_model_fleet(core->model, v->fleet);
	const char *pairs[] = {"vehicle", v->id, "fleet", f ? f->id : ""};
	fo_alert_emit(ev, pairs, 2, value);
}

static void expr_low_battery(fo_core *core, fo_alert_eval *ev, void *ud)
{
	double below = fo_config_get_double(core->config, "alerts.battery_low_pct");
	(void)ud;
	size_t n = fo_model_vehicle_count(core->model);
	for (size_t i = 0; i < n; i++) {
		const fo_vehicle *v = fo_model_vehicle(core->model, i);
		/* an offline vehicle's battery is old news: VehicleOffline covers it */
		if (v->online && v->battery < below)
			emit_vehicle(core, ev, v, v->battery);
	}
}

static void expr_offline(fo_core *core, fo_alert_eval *ev, void *ud)
{
	(void)ud;
	size_t n = fo_model_vehicle_count(core->model);
	uint64_t now = fo_alert_eval_now(ev);
	for (size_t i = 0; i < n; i++) {
		const fo_vehicle *v = fo_model_vehicle(core->model, i);
		if (v->online)
			continue;
		/* value: seconds since the last message (0 when never seen) */
		double age = v->last_seen_ms && now > v->last_seen_ms
		                 ? (double)(now - v->last_seen_ms) / 1000.0
		                 : 0;
		emit_vehicle(core, ev, v, age);
	}
}

static uint64_t ms_of(fo_core *core, const char *name)
{
	double s = fo_config_get_double(core->config, name);
	return s <= 0 ? 0 : (uint64_t)(s * 1000.0 + 0.5);
}

static void specs(fo_core *core, fo_alert_rule_spec *lb_out, fo_alert_rule_spec *off_out)
{
	fo_alert_rule_spec lb = {
	    .name = "LowBattery",
	    .expr = expr_low_battery,
	    .for_ms = ms_of(core, "alerts.battery_low_for"),
	    .keep_firing_for_ms = ms_of(core, "alerts.keep_firing_for"),
	    .severity = "warning",
	    .summary = "{{ $labels.vehicle }} battery {{ $value | printf \"%.1f\" }}%",
	    .description = "Battery of {{ $labels.vehicle }} (fleet {{ $labels.fleet }}) is "
	                   "below the alerts.battery_low_pct threshold.",
	};
	fo_alert_rule_spec off = {
	    .name = "VehicleOffline",
	    .expr = expr_offline,
	    .for_ms = ms_of(core, "alerts.offline_for"),
	    .keep_firing_for_ms = ms_of(core, "alerts.keep_firing_for"),
	    .severity = "critical",
	    .summary = "{{ $labels.vehicle }} offline",
	    .description = "{{ $labels.vehicle }} (fleet {{ $labels.fleet }}) sent nothing for "
	                   "{{ $value | printf \"%.0f\" }} s.",
	};
	*lb_out = lb;
	*off_out = off;
}

void fo_alert_builtin_register(fo_core *core, fo_alerts *e)
{
	char err[256];
	fo_alert_rule_spec lb, off;
	specs(core, &lb, &off);
	if (fo_alerts_rule_add(e, &lb, err, sizeof err) != 0 ||
	    fo_alerts_rule_add(e, &off, err, sizeof err) != 0)
		fo_log(core, FO_LOG_ERROR, "alerts: built-in rule: %s", err);
}

bool fo_alert_builtin_active(fo_alerts *e, const char *name)
{
	for (size_t i = 0; i < e->nrules; i++) {
		const fo_alert_rule *r = e->rules[i];
		if (!r->removed && strcmp(r->name, name) == 0)
			return r->spec.expr == expr_low_battery || r->spec.expr == expr_offline;
	}
	return false;
}

int fo_alert_builtin_restore(fo_core *core, fo_alerts *e, const char *name)
{
	char err[256];
	fo_alert_rule_spec lb, off;
	if (!fo_config_get_bool(core->config, "alerts.builtin"))
		return -1;
	specs(core, &lb, &off);
	const fo_alert_rule_spec *s = strcmp(name, lb.name) == 0    ? &lb
	                              : strcmp(name, off.name) == 0 ? &off
	                                                            : NULL;
	if (!s || fo_alerts_rule_add(e, s, err, sizeof err) != 0)
		return -1;
	return 0;
}
