/* test_lua_alert_examples.c — the shipped alert scripts of scripts/ on the
 * simulator: low_battery.lua and vehicle_offline.lua (standing in for the
 * built-in rules), vehicle_stuck.lua and charger_queue.lua (their waits
 * shortened in the copy under test).  mission_overdue.lua and
 * safety_escalation.lua need the missions plugin and a store: they are
 * tested from the shell in tests/cli/lua_alerts.sh. */
#include "lua_fixture.h"

#include "alert_core.h"

static const fo_alert *firing(lua_fixture *f, const char *rule, const char *name, const char *value)
{
	fo_alerts *e = fo_alert_core_engine(f->core, false);
	for (size_t i = 0; i < fo_alerts_count(e); i++) {
		const fo_alert *a = fo_alerts_at(e, i);
		const char *v = name ? fo_labels_get(&a->labels, name) : NULL;
		if (a->state == FO_ALERT_FIRING && strcmp(a->rule, rule) == 0 &&
		    (!name || (v && strcmp(v, value) == 0)))
			return a;
	}
	return NULL;
}

static const fo_alert *wait_firing(lua_fixture *f, const char *rule, const char *name,
                                   const char *value, uint64_t max_ms)
{
	uint64_t end = lua_fx_ms() + max_ms;
	const fo_alert *a;
	while (!(a = firing(f, rule, name, value)) && lua_fx_ms() < end)
		lua_fx_loop(f, 50);
	if (!a)
		fail_msg("no firing %s alert %s=%s", rule, name ? name : "", value ? value : "");
	return a;
}

/* Copies scripts/NAME into the fixture, with from replaced by to. */
static void ship(lua_fixture *f, const char *name, const char *from, const char *to)
{
	char path[256], err[256];
	snprintf(path, sizeof path, "scripts/%s", name);
	char *text = fo_file_read(path, NULL, err, sizeof err);
	if (!text)
		fail_msg("%s: %s", path, err);
	char out[8192];
	const char *at = from ? strstr(text, from) : NULL;
	if (from && !at)
		fail_msg("%s: no '%s' to shorten", path, from);
	if (at)
		snprintf(out, sizeof out, "%.*s%s%s", (int)(at - text), text, to,
		         at + strlen(from));
	else
		snprintf(out, sizeof out, "%s", text);
	lua_fx_write(f, name, out);
	free(text);
}

static void run_ok(lua_fixture *f, const char *line)
{
	if (lua_fx_run(f, line) != FO_OK)
		fail_msg("%s: %s", line, f->out);
}

static void start(lua_fixture *f)
{
	fo_lua_host_start(f->core->lua, false);
	for (size_t i = 0; i < f->core->lua->n; i++)
		if (f->core->lua->scripts[i]->state != FO_LUA_RUNNING)
			fail_msg("%s: %s", f->core->lua->scripts[i]->name,
			         f->core->lua->scripts[i]->error);
}

static void test_low_battery(void **state)
{
	(void)state;
	static const char *const opts[] = {"alerts.eval_interval_ms", "100",
	                                   "alerts.battery_low_for", "0.3", NULL};
	lua_fixture f;
	lua_fx_open_with(&f, NULL, NULL, opts);
	ship(&f, "low_battery.lua", NULL, NULL);
	start(&f);
	fo_alerts *e = fo_alert_core_engine(f.core, false);
	assert_false(fo_alert_builtin_active(e, "LowBattery")); /* the script's, not both */
	run_ok(&f, "sim battery AGV-00002 4");
	const fo_alert *a = wait_firing(&f, "LowBattery", "vehicle", "AGV-00002", 3000);
	assert_true(a->fired_at >= a->active_at + 300);
	assert_string_equal(fo_labels_get(&a->labels, "severity"), "warning");
	assert_non_null(fo_labels_get(&a->labels, "fleet"));
	assert_contains(fo_labels_get(&a->annotations, "summary"), "AGV-00002 battery ");
	lua_fx_close(&f);
}

static void test_vehicle_offline(void **state)
{
	(void)state;
	static const char *const opts[] = {"alerts.eval_interval_ms", "100", "alerts.offline_for",
	                                   "0", NULL};
	lua_fixture f;
	lua_fx_open_with(&f, NULL, NULL, opts);
	ship(&f, "vehicle_offline.lua", NULL, NULL);
	start(&f);
	char err[256];
	fo_vehicle *v = fo_model_vehicle_add(f.core->model, "GHOST-1", 0, err, sizeof err);
	assert_non_null(v);
	v->online = false;
	v->last_seen_ms = fo_wall_ms() - 42000;
	const fo_alert *a = wait_firing(&f, "VehicleOffline", "vehicle", "GHOST-1", 2000);
	assert_true(a->value >= 42 && a->value < 60);
	assert_string_equal(fo_labels_get(&a->labels, "severity"), "critical");
	assert_contains(fo_labels_get(&a->annotations, "description"), "sent nothing for 4");
	assert_null(firing(&f, "VehicleOffline", "vehicle", "AGV-00001")); /* online ones */
	lua_fx_close(&f);
}

static void test_vehicle_stuck(void **state)
{
	(void)state;
	static const char *const opts[] = {"alerts.eval_interval_ms", "100", NULL};
	lua_fixture f;
	lua_fx_open_with(&f, NULL, NULL, opts);
	ship(&f, "vehicle_stuck.lua", "local STUCK_S = 120", "local STUCK_S = 1");
	start(&f);
	char err[256];
	fo_vehicle *still = fo_model_vehicle_add(f.core->model, "STILL-1", 0, err, sizeof err);
	fo_vehicle *moving = fo_model_vehicle_add(f.core->model, "MOVING-1", 0, err, sizeof err);
	fo_vehicle *idle = fo_model_vehicle_add(f.core->model, "IDLE-1", 0, err, sizeof err);
	assert_non_null(still);
	assert_non_null(moving);
	assert_non_null(idle);
	snprintf(still->order_id, sizeof still->order_id, "order-7");
	snprintf(moving->order_id, sizeof moving->order_id, "order-8");
	uint64_t t0 = lua_fx_ms();
	while (lua_fx_ms() < t0 + 1600) { /* MOVING-1 drives on, STILL-1 does not */
		moving = fo_model_vehicle(f.core->model,
		                          (size_t)fo_model_vehicle_find(f.core->model, "MOVING-1"));
		moving->x += 1.0;
		lua_fx_loop(&f, 100);
	}
	const fo_alert *a = wait_firing(&f, "VehicleStuck", "vehicle", "STILL-1", 1000);
	assert_string_equal(fo_labels_get(&a->labels, "order"), "order-7");
	assert_true(a->value >= 1);
	assert_null(firing(&f, "VehicleStuck", "vehicle", "MOVING-1"));
	assert_null(firing(&f, "VehicleStuck", "vehicle", "IDLE-1")); /* no order */
	lua_fx_close(&f);
}

static void test_charger_queue(void **state)
{
	(void)state;
	static const char *const opts[] = {"alerts.eval_interval_ms", "100", NULL};
	lua_fixture f;
	lua_fx_open_with(&f, NULL, NULL, opts);
	char path[4096];
	snprintf(path, sizeof path, "%s/plugins/resources.so", fo_test_build_dir());
	assert_int_equal(fo_plugins_load_file(f.core->plugins, f.core, path), FO_PLUGIN_LOADED);
	ship(&f, "charger_queue.lua", "local FOR_S = 120", "local FOR_S = 0");
	start(&f);
	for (int i = 1; i <= 12; i++) {
		char line[64];
		snprintf(line, sizeof line, "sim battery AGV-%05d 60", i);
		run_ok(&f, line);
	}
	lua_fx_loop(&f, 400);
	assert_null(firing(&f, "ChargerQueue", NULL, NULL)); /* nobody needs a charger */
	for (int i = 1; i <= 12; i++) {
		char line[64];
		snprintf(line, sizeof line, "sim battery AGV-%05d 8", i);
		run_ok(&f, line);
	}
	const fo_alert *a = wait_firing(&f, "ChargerQueue", NULL, NULL, 2000);
	/* 12 vehicles need one; the demo depot has fewer free chargers */
	assert_true(a->value >= 3 && a->value <= 12);
	lua_fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_low_battery),
	    cmocka_unit_test(test_vehicle_offline),
	    cmocka_unit_test(test_vehicle_stuck),
	    cmocka_unit_test(test_charger_queue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
