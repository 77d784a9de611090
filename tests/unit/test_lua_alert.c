/* test_lua_alert.c — alert rules and alerts written in Lua, end to end with
 * the simulator on the real loop: a rule goes pending, fires after `for`,
 * is silenced, acknowledged, kept over a reload and resolved after
 * charging; an expression's error means no samples (reported with file and
 * line), a runaway stops its script and takes the rules along; a script
 * rule stands in for a built-in rule of the same name; raise, ack, resolve
 * and read from Lua; alert events reach handlers. */
#include "lua_fixture.h"

#include "alert_core.h"

#include <lauxlib.h>

static const char *const fast[] = {
    "alerts.eval_interval_ms", "100", "alerts.group_wait", "0", "alerts.builtin", "false", NULL};

static fo_alerts *engine(lua_fixture *f)
{
	fo_alerts *e = fo_alert_core_engine(f->core, false);
	assert_non_null(e);
	return e;
}

/* The alert of rule with label name=value that is not resolved (else the
 * last resolved one); NULL when none. */
static const fo_alert *find(lua_fixture *f, const char *rule, const char *name, const char *value)
{
	fo_alerts *e = engine(f);
	const fo_alert *best = NULL;
	for (size_t i = 0; i < fo_alerts_count(e); i++) {
		const fo_alert *a = fo_alerts_at(e, i);
		const char *v = name ? fo_labels_get(&a->labels, name) : NULL;
		if (strcmp(a->rule, rule) != 0 || (name && (!v || strcmp(v, value) != 0)))
			continue;
		if (!best || a->state == FO_ALERT_PENDING || a->state == FO_ALERT_FIRING)
			best = a;
	}
	return best;
}

/* Runs the loop until the alert is in state (at most max_ms). */
static const fo_alert *wait_state(lua_fixture *f, const char *rule, const char *name,
                                  const char *value, fo_alert_state st, uint64_t max_ms)
{
	uint64_t end = lua_fx_ms() + max_ms;
	const fo_alert *a;
	while (!((a = find(f, rule, name, value)) && a->state == st) && lua_fx_ms() < end)
		lua_fx_loop(f, 50);
	if (!a || a->state != st)
		fail_msg("alert %s %s=%s: %s, expected %s", rule, name ? name : "",
		         value ? value : "", a ? fo_alert_state_name(a->state) : "none",
		         fo_alert_state_name(st));
	return a;
}

static void run_ok(lua_fixture *f, const char *line)
{
	fo_status st = lua_fx_run(f, line);
	if (st != FO_OK)
		fail_msg("%s: %s", line, f->out);
}

static const char *global_str(lua_fixture *f, const char *script, const char *name, char *buf,
                              size_t len)
{
	fo_lua_script *s = lua_fx_script(f, script);
	assert_non_null(s);
	assert_non_null(s->cur);
	lua_getglobal(s->cur->L, name);
	snprintf(buf, len, "%s", lua_tostring(s->cur->L, -1) ? lua_tostring(s->cur->L, -1) : "");
	lua_pop(s->cur->L, 1);
	return buf;
}

static const char *low_rule(const char *summary)
{
	static char buf[1024];
	snprintf(buf, sizeof buf,
	         "fleetops.alert_rule{name = 'LuaLow', ['for'] = 0.5, severity = 'warning',\n"
	         "  labels = {team = 'ops'}, summary = '%s',\n"
	         "  expr = function()\n"
	         "    local out = {}\n"
	         "    for _, v in ipairs(fleetops.vehicles{battery_below = 10}) do\n"
	         "      out[#out + 1] = {labels = {vehicle = v.id}, value = v.battery}\n"
	         "    end\n"
	         "    return out\n"
	         "  end}\n"
	         "seen = ''\n"
	         "fleetops.on('alert.state', function(e)\n"
	         "  if e.alert.labels.vehicle == 'AGV-00001' then\n"
	         "    seen = seen .. e.from .. '>' .. e.alert.state .. ' '\n"
	         "  end\n"
	         "end)\n",
	         summary);
	return buf;
}

static void test_rule_end_to_end(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open_with(&f, NULL, NULL, fast);
	lua_fx_write(&f, "low.lua", low_rule("{{ $labels.vehicle }} at {{ $value }}%"));
	fo_lua_host_start(f.core->lua, false);
	run_ok(&f, "sim battery AGV-00001 3");
	const fo_alert *a =
	    wait_state(&f, "LuaLow", "vehicle", "AGV-00001", FO_ALERT_PENDING, 2000);
	assert_string_equal(fo_labels_get(&a->labels, "team"), "ops");
	assert_string_equal(fo_labels_get(&a->labels, "severity"), "warning");
	a = wait_state(&f, "LuaLow", "vehicle", "AGV-00001", FO_ALERT_FIRING, 3000);
	assert_true(a->fired_at >= a->active_at + 500); /* `for` held */
	assert_contains(fo_labels_get(&a->annotations, "summary"), "AGV-00001 at ");
	char id[FO_ALERT_ID_LEN];
	snprintf(id, sizeof id, "%s", a->id);

	/* a silence mutes it; an acknowledgement is recorded */
	run_ok(&f, "alert silence vehicle=AGV-00001 --duration 1h --comment maintenance");
	lua_fx_loop(&f, 250);
	a = find(&f, "LuaLow", "vehicle", "AGV-00001");
	assert_true(a->silenced_by[0] != '\0');
	assert_true(fo_alert_muted(a));
	char line[128];
	snprintf(line, sizeof line, "alert ack %.8s --note on-it", id);
	run_ok(&f, line);
	a = find(&f, "LuaLow", "vehicle", "AGV-00001");
	assert_true(a->acked_at > 0);
	assert_string_equal(a->ack_note, "on-it");

	/* a reload keeps the alert (same instance, still firing) */
	lua_fx_write(&f, "low.lua", low_rule("v2 {{ $labels.vehicle }}"));
	fo_lua_host_rescan(f.core->lua);
	assert_int_equal(lua_fx_script(&f, "low")->loads, 2);
	lua_fx_loop(&f, 350);
	a = find(&f, "LuaLow", "vehicle", "AGV-00001");
	assert_string_equal(a->id, id);
	assert_int_equal(a->state, FO_ALERT_FIRING);
	assert_true(a->acked_at > 0);

	/* charged: resolved */
	run_ok(&f, "sim battery AGV-00001 90");
	a = wait_state(&f, "LuaLow", "vehicle", "AGV-00001", FO_ALERT_RESOLVED, 2000);
	assert_string_equal(a->id, id);
	/* the new version's handler saw the resolution */
	char buf[256];
	assert_contains(global_str(&f, "low", "seen", buf, sizeof buf), "firing>resolved");
	lua_fx_close(&f);
}

static void set_mode(lua_fixture *f, const char *mode)
{
	fo_lua_script *s = lua_fx_script(f, "flaky");
	assert_non_null(s->cur);
	lua_pushstring(s->cur->L, mode);
	lua_setglobal(s->cur->L, "mode");
}

static void test_expression_failures(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open_with(&f, NULL, NULL, fast);
	lua_fx_write(&f, "flaky.lua",
	             "mode = 'ok'\n"
	             "fleetops.alert_rule{name = 'Flaky', expr = function()\n"
	             "  if mode == 'err' then error('sensor gone') end\n"
	             "  if mode == 'num' then return 42 end\n"
	             "  if mode == 'bad' then return {{labels = {x = {}}}} end\n"
	             "  if mode == 'spin' then while true do end end\n"
	             "  return {{labels = {vehicle = 'X'}, value = 1}}\n"
	             "end}\n");
	fo_lua_host_start(f.core->lua, false);
	fo_lua_script *s = lua_fx_script(&f, "flaky");
	wait_state(&f, "Flaky", "vehicle", "X", FO_ALERT_FIRING, 2000);

	/* an error: no samples, so the alert clears; reported with file:line */
	set_mode(&f, "err");
	wait_state(&f, "Flaky", "vehicle", "X", FO_ALERT_RESOLVED, 2000);
	assert_true(s->errors > 0);
	assert_contains(s->error, "flaky.lua:3: sensor gone");
	assert_int_equal(s->state, FO_LUA_RUNNING);

	set_mode(&f, "ok");
	wait_state(&f, "Flaky", "vehicle", "X", FO_ALERT_FIRING, 2000);
	set_mode(&f, "num");
	wait_state(&f, "Flaky", "vehicle", "X", FO_ALERT_RESOLVED, 2000);
	assert_contains(s->error, "alert rule Flaky (");
	assert_contains(s->error, "flaky.lua:2): the expression returned a number");
	set_mode(&f, "bad");
	lua_fx_loop(&f, 250);
	assert_contains(s->error, "labels are name = string pairs");

	/* a runaway stops the script; its rule goes, nothing crashes */
	set_mode(&f, "ok");
	wait_state(&f, "Flaky", "vehicle", "X", FO_ALERT_FIRING, 2000);
	size_t rules = fo_alerts_rule_count(engine(&f));
	set_mode(&f, "spin");
	wait_state(&f, "Flaky", "vehicle", "X", FO_ALERT_RESOLVED, 3000);
	assert_int_equal(s->state, FO_LUA_STOPPED);
	assert_contains(s->error, "flaky.lua:6: stopped");
	assert_int_equal(fo_alerts_rule_count(engine(&f)), rules - 1);
	lua_fx_close(&f);
}

static void test_reload_failure_and_unload(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open_with(&f, NULL, NULL, fast);
	const char *rule = "fleetops.alert_rule{name = 'Always', expr = function()\n"
	                   "  return {{labels = {site = 'north'}, value = 7}} end}\n";
	lua_fx_write(&f, "always.lua", rule);
	fo_lua_host_start(f.core->lua, false);
	const fo_alert *a = wait_state(&f, "Always", "site", "north", FO_ALERT_FIRING, 2000);
	char id[FO_ALERT_ID_LEN];
	snprintf(id, sizeof id, "%s", a->id);
	size_t rules = fo_alerts_rule_count(engine(&f));

	/* a version that fails to load: the old one and its rule stay */
	lua_fx_write(&f, "always.lua", "fleetops.alert_rule{name = 'Always'\n");
	fo_lua_host_rescan(f.core->lua);
	lua_fx_loop(&f, 300);
	a = find(&f, "Always", "site", "north");
	assert_string_equal(a->id, id);
	assert_int_equal(a->state, FO_ALERT_FIRING);
	assert_int_equal(fo_alerts_rule_count(engine(&f)), rules);

	/* two scripts cannot both own one rule name */
	lua_fx_write(&f, "twin.lua", rule);
	fo_lua_host_rescan(f.core->lua);
	assert_contains(lua_fx_script(&f, "twin")->error, "exists already");

	/* unloaded: the rule goes and its alert resolves */
	char path[1100];
	snprintf(path, sizeof path, "%s/always.lua", f.dir);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof path, "%s/twin.lua", f.dir);
	assert_int_equal(unlink(path), 0);
	fo_lua_host_rescan(f.core->lua);
	assert_null(lua_fx_script(&f, "always"));
	wait_state(&f, "Always", "site", "north", FO_ALERT_RESOLVED, 2000);
	assert_int_equal(fo_alerts_rule_count(engine(&f)), rules - 1);
	lua_fx_close(&f);
}

static void test_stands_in_for_builtin(void **state)
{
	(void)state;
	lua_fixture f;
	static const char *const opts[] = {"alerts.eval_interval_ms", "100", NULL};
	lua_fx_open_with(&f, NULL, NULL, opts);
	fo_alerts *e = engine(&f);
	size_t rules = fo_alerts_rule_count(e);
	assert_true(fo_alert_builtin_active(e, "LowBattery"));
	lua_fx_write(&f, "lb.lua",
	             "fleetops.alert_rule{name = 'LowBattery', expr = function()\n"
	             "  return {{labels = {vehicle = 'LUA'}, value = 1}} end}\n");
	fo_lua_host_start(f.core->lua, false);
	assert_false(fo_alert_builtin_active(e, "LowBattery"));
	assert_true(fo_alert_builtin_active(e, "VehicleOffline"));
	assert_int_equal(fo_alerts_rule_count(e), rules); /* in place of it, not beside */
	wait_state(&f, "LowBattery", "vehicle", "LUA", FO_ALERT_FIRING, 2000);
	char path[1100];
	snprintf(path, sizeof path, "%s/lb.lua", f.dir);
	assert_int_equal(unlink(path), 0);
	fo_lua_host_rescan(f.core->lua);
	assert_true(fo_alert_builtin_active(e, "LowBattery"));
	assert_int_equal(fo_alerts_rule_count(e), rules);
	wait_state(&f, "LowBattery", "vehicle", "LUA", FO_ALERT_RESOLVED, 2000);
	lua_fx_close(&f);
}

static void test_raise_ack_resolve_read(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open_with(&f, NULL, NULL, fast);
	lua_fx_write(&f, "door.lua",
	             "id, err = fleetops.alert_raise{name = 'DoorOpen', labels = {door = '3'},\n"
	             "  severity = 'critical', summary = 'door 3 open'}\n"
	             "ack = tostring(fleetops.alert_ack(id, 'on it'))\n"
	             "local l = fleetops.alerts{state = 'firing', rule = 'manual'}\n"
	             "listed = #l .. ' ' .. l[1].labels.alertname .. ' ' .. l[1].acked_by .. ' '\n"
	             "  .. l[1].annotations.summary .. ' ' .. tostring(l[1].acknowledged)\n"
	             "res = tostring(fleetops.alert_resolve(id))\n"
	             "local ok, e2 = fleetops.alert_resolve(id)\n"
	             "res2 = tostring(ok) .. ' ' .. e2\n"
	             "resolved = #fleetops.alerts{state = 'resolved'}\n"
	             "local ok3, e3 = pcall(fleetops.alerts, {state = 'bogus'})\n"
	             "badstate = e3\n"
	             "fleetops.every(1, function() end)\n");
	fo_lua_host_start(f.core->lua, false);
	char buf[256];
	assert_string_equal(global_str(&f, "door", "err", buf, sizeof buf), "");
	assert_int_equal(strlen(global_str(&f, "door", "id", buf, sizeof buf)), 36);
	assert_string_equal(global_str(&f, "door", "ack", buf, sizeof buf), "true");
	assert_string_equal(global_str(&f, "door", "listed", buf, sizeof buf),
	                    "1 DoorOpen script door door 3 open true");
	assert_string_equal(global_str(&f, "door", "res", buf, sizeof buf), "true");
	assert_contains(global_str(&f, "door", "res2", buf, sizeof buf), "false alert");
	assert_contains(buf, "resolved already");
	assert_string_equal(global_str(&f, "door", "resolved", buf, sizeof buf), "1");
	assert_contains(global_str(&f, "door", "badstate", buf, sizeof buf), "active, pending");
	lua_fx_close(&f);
}

static void test_bad_definitions_refused(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open_with(&f, NULL, NULL, fast);
	static const struct {
		const char *src, *msg;
	} cases[] = {
	    {"fleetops.alert_rule{expr = function() end}", "name"},
	    {"fleetops.alert_rule{name = 'A'}", "expr is a function"},
	    {"fleetops.alert_rule{name = 'A', expr = print, ['for'] = -1}", "for is seconds"},
	    {"fleetops.alert_rule{name = 'A', expr = print, labels = {a = 'x\"y'}}", "label a"},
	    {"fleetops.alert_rule{name = 'A', expr = print, labels = 3}", "labels is a number"},
	    {"fleetops.alert_rule{name = 'A', expr = print}\n"
	     "fleetops.alert_rule{name = 'A', expr = print}",
	     "defined already in this script"},
	    {"fleetops.alert_rule{name = 'manual', expr = print}", "not 'manual'"},
	    {"fleetops.option('mqtt.password')", "an alerts.* option"},
	    {"fleetops.vehicle_samples({}, 'bogus')", "invalid option 'bogus'"},
	    {"fleetops.vehicle_samples({battery_below = -1})", "battery_below is a number"},
	    {"fleetops.vehicles{speed_above = 'fast'}", "speed_above is a number"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char name[32], text[512];
		snprintf(name, sizeof name, "bad%zu.lua", i);
		snprintf(text, sizeof text, "%s\n", cases[i].src);
		lua_fx_write(&f, name, text);
	}
	fo_lua_host_start(f.core->lua, false);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char name[32];
		snprintf(name, sizeof name, "bad%zu", i);
		fo_lua_script *s = lua_fx_script(&f, name);
		assert_non_null(s);
		assert_int_equal(s->state, FO_LUA_FAILED);
		assert_contains(s->error, cases[i].msg);
	}
	lua_fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rule_end_to_end),
	    cmocka_unit_test(test_expression_failures),
	    cmocka_unit_test(test_reload_failure_and_unload),
	    cmocka_unit_test(test_stands_in_for_builtin),
	    cmocka_unit_test(test_raise_ack_resolve_read),
	    cmocka_unit_test(test_bad_definitions_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
