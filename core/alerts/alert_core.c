/* alert_core.c — the alert engine inside the core: the wall clock, the
 * evaluation timer, options from the config table, notifications on the
 * bus and in the log, the store attached once it is open, and the public
 * fo_alert_* calls of fleetops_plugin.h. */
#include "alert_core.h"

#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t wall_now(void *ud)
{
	(void)ud;
	return fo_wall_ms();
}

/* ---------------------------------------------------------------- JSON */

static void json_alert(FILE *f, const fo_alert *a)
{
	char *l = fo_labels_json(&a->labels), *n = fo_labels_json(&a->annotations);
	fprintf(f,
	        "{\"id\":\"%s\",\"state\":\"%s\",\"value\":%.17g,\"labels\":%s,"
	        "\"annotations\":%s,\"silenced\":%s,\"inhibited\":%s,\"acknowledged\":%s}",
	        a->id, fo_alert_state_name(a->state), a->value, l, n,
	        a->silenced_by[0] ? "true" : "false", a->inhibited ? "true" : "false",
	        a->acked_at ? "true" : "false");
	free(l);
	free(n);
}

static void on_notify(const fo_alert_notification *n, void *ud)
{
	fo_alert_core *ac = ud;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	char *gl = fo_labels_json(n->group_labels);
	fprintf(f, "{\"group\":%s,\"firing\":%zu,\"resolved\":%zu,\"repeat\":%s,\"alerts\":[", gl,
	        n->nfiring, n->nresolved, n->repeat ? "true" : "false");
	free(gl);
	for (size_t i = 0; i < n->nalerts; i++) {
		if (i)
			fputc(',', f);
		json_alert(f, n->alerts[i]);
	}
	fputs("]}", f);
	fclose(f);
	fo_log(ac->core, FO_LOG_INFO, "alert notification [%s]: %zu firing, %zu resolved%s",
	       n->group_key, n->nfiring, n->nresolved, n->repeat ? " (repeat)" : "");
	fo_bus_publish_json(ac->core, "alert.notify", buf);
	free(buf);
}

static void on_transition(const fo_alert *a, fo_alert_state from, void *ud)
{
	fo_alert_core *ac = ud;
	char lt[256];
	fo_labels_text(&a->labels, lt, sizeof lt);
	fo_log(ac->core, a->state == FO_ALERT_FIRING ? FO_LOG_WARN : FO_LOG_INFO,
	       "alert %.8s %s -> %s: %s", a->id, fo_alert_state_name(from),
	       fo_alert_state_name(a->state), lt);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		abort();
	fprintf(f, "{\"from\":\"%s\",\"alert\":", fo_alert_state_name(from));
	json_alert(f, a);
	fputc('}', f);
	fclose(f);
	fo_bus_publish_json(ac->core, "alert.state", buf);
	free(buf);
}

/* ---------------------------------------------------------------- options */

static uint64_t secs(fo_core *core, const char *name)
{
	double s = fo_config_get_double(core->config, name);
	return s <= 0 ? 0 : (uint64_t)(s * 1000.0 + 0.5);
}

static void options_from_config(fo_core *core, fo_alert_options *o)
{
	fo_alert_options_default(o);
	o->group_wait_ms = secs(core, "alerts.group_wait");
	o->group_interval_ms = secs(core, "alerts.group_interval");
	o->repeat_interval_ms = secs(core, "alerts.repeat_interval");
	o->group_by = fo_config_get_str(core->config, "alerts.group_by");
	o->rate_limit_count = (unsigned)fo_config_get_int(core->config, "alerts.rate_limit");
	o->rate_limit_window_ms = secs(core, "alerts.rate_window");
	o->resolved_retention_ms = secs(core, "alerts.resolved_retention");
}

/* ---------------------------------------------------------------- loop */

/* Attaches the store once the core opened it and starts the reload. */
static void start_load(fo_alert_core *ac)
{
	fo_core *core = ac->core;
	if (ac->load_started || !core->store)
		return;
	ac->load_started = true;
	const char *tenant = fo_config_get_str(core->config, "tenant");
	fo_alerts_attach_store(ac->e, core->store, *tenant ? tenant : NULL);
	fo_alerts_set_no_writes(ac->e, core->readonly);
	fo_alerts_load(ac->e, NULL);
}

/* ---------------------------------------------------------------- who evaluates */

#define LEASE_EVERY_MS 3000

static void set_role(fo_alert_core *ac, fo_alert_role role, const char *why)
{
	if (ac->role == role)
		return;
	bool first = ac->role == FO_ALERT_ROLE_UNKNOWN;
	ac->role = role;
	fo_alerts_set_following(ac->e, role == FO_ALERT_ROLE_FOLLOW);
	if (role == FO_ALERT_ROLE_EVALUATE)
		fo_log(ac->core, FO_LOG_INFO, "alerts: this process evaluates the rules (%s)", why);
	else
		fo_log(ac->core, first ? FO_LOG_INFO : FO_LOG_WARN,
		       "alerts: another process evaluates the rules; showing its alerts (%s)", why);
}

static void leased(fo_core *core, const fo_store_result *res, void *ud)
{
	fo_alert_core *ac = ud;
	(void)core;
	ac->lease_asked = false;
	if (res->status == FO_STORE_OK)
		set_role(ac, FO_ALERT_ROLE_EVALUATE, "it holds the store's alerts lease");
	else if (res->status == FO_STORE_CONFLICT)
		set_role(ac, FO_ALERT_ROLE_FOLLOW, "that one holds the store's alerts lease");
	else {
		if (!ac->lease_failed)
			fo_log(ac->core, FO_LOG_WARN, "alerts: the store's alerts lease: %s",
			       res->error);
		ac->lease_failed = true;
		/* no answer from the store: evaluate rather than stay blind */
		if (ac->role == FO_ALERT_ROLE_UNKNOWN)
			set_role(ac, FO_ALERT_ROLE_EVALUATE, "the store did not answer the lease");
	}
}

static void decide_role(fo_alert_core *ac)
{
	const char *mode = fo_config_get_str(ac->core->config, "alerts.evaluate");
	if (strcmp(mode, "on") == 0) {
		set_role(ac, FO_ALERT_ROLE_EVALUATE, "alerts.evaluate on");
		return;
	}
	if (strcmp(mode, "off") == 0) {
		set_role(ac, FO_ALERT_ROLE_FOLLOW, "alerts.evaluate off");
		return;
	}
	if (!ac->core->store) {
		set_role(ac, FO_ALERT_ROLE_EVALUATE, "no store");
		return;
	}
	uint64_t now = fo_wall_ms();
	if (ac->lease_asked || now < ac->lease_next)
		return;
	ac->lease_asked = true;
	ac->lease_next = now + LEASE_EVERY_MS;
	char name[80];
	snprintf(name, sizeof name, "alerts.%s", fo_alerts_tenant(ac->e));
	fo_store_lease(ac->core->store, name, leased, ac);
}

static void tick(fo_core *core, void *ud)
{
	fo_alert_core *ac = ud;
	(void)core;
	start_load(ac);
	if (!fo_alerts_loaded(ac->e))
		return; /* nothing is decided before the stored state is back */
	decide_role(ac);
	if (ac->role == FO_ALERT_ROLE_EVALUATE)
		fo_alerts_tick(ac->e);
	else if (ac->role == FO_ALERT_ROLE_FOLLOW)
		fo_alerts_follow_tick(ac->e);
}

fo_alerts *fo_alert_core_engine(fo_core *core, bool wait_loaded)
{
	fo_alert_core *ac = core->alerts;
	if (!ac)
		return NULL;
	if (wait_loaded) {
		start_load(ac);
		if (!fo_alerts_loaded(ac->e) && core->store)
			fo_store_drain(core->store);
	}
	return ac->e;
}

void fo_alert_core_start(fo_core *core)
{
	fo_alert_core *ac = calloc(1, sizeof *ac);
	if (!ac)
		abort();
	ac->core = core;
	core->alerts = ac;
	fo_alert_hooks h = {wall_now, on_notify, on_transition, ac, core};
	fo_alert_options o;
	options_from_config(core, &o);
	ac->e = fo_alerts_new(&h, &o);
	char err[256];
	const char *inh = fo_config_get_str(core->config, "alerts.inhibit");
	if (*inh && fo_alerts_inhibit_parse(ac->e, inh, err, sizeof err) != 0)
		fo_log(core, FO_LOG_ERROR, "alerts.inhibit: %s", err);
	if (fo_config_get_bool(core->config, "alerts.builtin"))
		fo_alert_builtin_register(core, ac->e);
	fo_alert_cmds_register(core);
	fo_alert_view_register(core);
	if (fo_config_get_bool(core->config, "alerts.enabled")) {
		uint64_t every =
		    (uint64_t)fo_config_get_int(core->config, "alerts.eval_interval_ms");
		ac->timer = fo_timer_start(core, every, every, tick, ac);
	}
}

void fo_alert_core_free(fo_core *core)
{
	fo_alert_core *ac = core->alerts;
	if (!ac)
		return;
	fo_timer_stop(ac->timer);
	fo_alerts_free(ac->e);
	fo_alert_view_free(core);
	free(ac);
	core->alerts = NULL;
}

/* ---------------------------------------------------------------- public */

int fo_alert_rule_add(fo_core *core, const fo_alert_rule_spec *spec, char *err, size_t errlen)
{
	fo_alerts *e = fo_alert_core_engine(core, false);
	if (!e) {
		snprintf(err, errlen, "the alert engine is not running");
		return -1;
	}
	if (fo_alerts_rule_add(e, spec, err, errlen) != 0)
		return -1;
	fo_alerts_rule_set_owner(e, spec->name,
	                         core->plugins ? fo_plugins_current_owner(core->plugins) : -1);
	return 0;
}

void fo_alert_core_remove_owner(fo_core *core, int owner)
{
	fo_alerts *e = fo_alert_core_engine(core, false);
	if (e)
		fo_alerts_rule_remove_owner(e, owner);
}

int fo_alert_rule_remove(fo_core *core, const char *name)
{
	fo_alerts *e = fo_alert_core_engine(core, false);
	return e ? fo_alerts_rule_remove(e, name) : -1;
}

int fo_alert_raise(fo_core *core, const char *const *labels, size_t nlabels,
                   const char *const *annotations, size_t nannotations, const char *severity,
                   char *id, size_t idlen, char *err, size_t errlen)
{
	fo_alerts *e = fo_alert_core_engine(core, true);
	const fo_alert *a = e ? fo_alerts_raise(e, labels, nlabels, annotations, nannotations,
	                                        severity, err, errlen)
	                      : NULL;
	if (!e)
		snprintf(err, errlen, "the alert engine is not running");
	if (!a)
		return -1;
	if (id && idlen)
		snprintf(id, idlen, "%s", a->id);
	return 0;
}

int fo_alert_resolve(fo_core *core, const char *id, char *err, size_t errlen)
{
	fo_alerts *e = fo_alert_core_engine(core, true);
	if (!e) {
		snprintf(err, errlen, "the alert engine is not running");
		return -1;
	}
	return fo_alerts_resolve(e, id, err, errlen);
}

int fo_alert_ack(fo_core *core, const char *id, const char *who, const char *note, char *err,
                 size_t errlen)
{
	fo_alerts *e = fo_alert_core_engine(core, true);
	if (!e) {
		snprintf(err, errlen, "the alert engine is not running");
		return -1;
	}
	return fo_alerts_ack(e, id, who, note, err, errlen);
}

int fo_alert_silence(fo_core *core, const char *matchers, uint64_t duration_ms, const char *author,
                     const char *comment, char *id, size_t idlen, char *err, size_t errlen)
{
	fo_alerts *e = fo_alert_core_engine(core, true);
	if (!e) {
		snprintf(err, errlen, "the alert engine is not running");
		return -1;
	}
	uint64_t now = fo_wall_ms();
	const fo_silence *s =
	    fo_alerts_silence(e, matchers, now, now + duration_ms, author, comment, err, errlen);
	if (!s)
		return -1;
	if (id && idlen)
		snprintf(id, idlen, "%s", s->id);
	return 0;
}
