/* test_lua_host.c — the Lua host on a core with the simulator: the API
 * (model, commands, events, timers), policies through the registry (refuse,
 * amend, fail closed, read-only still applies), a runaway callback stopped
 * and reported, and the scripts view. */
#include "lua_fixture.h"

/* Runs src as a pinned script (like `fleetops run`); returns its integer
 * result, failing the test on an error. */
static long eval(lua_fixture *f, const char *src)
{
	char path[1024], err[512] = "";
	lua_fx_write(f, "eval.lua.txt", src);
	snprintf(path, sizeof path, "%s/eval.lua.txt", f->dir);
	fo_lua_script *s = fo_lua_script_new(f->core->lua, path, false);
	s->pinned = true;
	long ret = -1;
	bool has = false;
	if (fo_lua_script_load(s, 0, NULL, &ret, &has, err, sizeof err) != 0)
		fail_msg("eval: %s", err);
	fo_lua_script_free(s);
	return has ? ret : -1;
}

static void test_model(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, NULL, NULL);
	assert_int_equal(eval(&f, "return #fleetops.vehicles()"), 12);
	assert_int_equal(
	    eval(&f, "local v = fleetops.vehicle('AGV-00003')\n"
	             "assert(v.id == 'AGV-00003' and v.fleet:match('^fleet%-'))\n"
	             "assert(v.battery > 0 and v.battery <= 100 and type(v.errors) == 'table')\n"
	             "assert(v.state and v.online == true and v.estop == 'NONE')\n"
	             "assert(fleetops.vehicle('nope') == nil)\n"
	             "return 7"),
	    7);
	assert_int_equal(eval(&f, "local n = 0\nfor _, fl in ipairs(fleetops.fleets()) do\n"
	                          "  n = n + fl.vehicles\n"
	                          "  assert(#fleetops.vehicles{fleet = fl.id} == fl.vehicles)\n"
	                          "end\nreturn n"),
	                 12);
	assert_int_equal(eval(&f, "return #fleetops.vehicles{fleet = 'no-such-fleet'}"), 0);
	assert_int_equal(eval(&f, "assert(fleetops.now() > 1.7e9)\n"
	                          "assert(fleetops.script == 'eval.lua.txt')\nreturn 0"),
	                 0);
	lua_fx_close(&f);
}

static void test_commands(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, NULL, NULL);
	assert_int_equal(eval(&f,
	                      "local ok, out, code = fleetops.command('sim status')\n"
	                      "assert(ok and code == 0 and out:find('vehicles  12'), out)\n"
	                      "ok, out, code = fleetops.command{'vehicle', 'show', 'AGV-00002'}\n"
	                      "assert(ok and out:find('AGV%-00002'), out)\n"
	                      "ok, out, code = fleetops.command('nosuch thing')\n"
	                      "assert(not ok and code == 2 and out:find('unknown command'), out)\n"
	                      "ok, out, code = fleetops.command{'sim', 'step', '--count', 3}\n"
	                      "assert(ok, out)\n"
	                      "return 0"),
	                 0);
	/* a command that runs the loop itself is refused from a script */
	uint64_t t0 = lua_fx_ms();
	assert_int_equal(eval(&f, "local ok, out = fleetops.command('feeds watch --seconds 30')\n"
	                          "assert(not ok and out:find('from the shell'), out)\nreturn 0"),
	                 0);
	assert_true(lua_fx_ms() - t0 < 1000);
	/* read-only refusal applies to scripts too */
	f.core->readonly = true;
	assert_int_equal(eval(&f, "local ok, out, code = fleetops.command('sim pause')\n"
	                          "assert(not ok and code == 1 and out:find('read%-only'), out)\n"
	                          "return 0"),
	                 0);
	lua_fx_close(&f);
}

static void test_policies(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, NULL, NULL);
	lua_fx_write(&f, "guard.lua",
	             "fleetops.policy('sim fault', function(cmd)\n"
	             "  if cmd.args.vehicle == 'AGV-00002' then\n"
	             "    return false, 'AGV-00002 is on a test bench'\n"
	             "  end\nend, 'bench')\n"
	             "fleetops.policy('sim step', function(cmd)\n"
	             "  if cmd.args.count and cmd.args.count > 5 then return {'--count', '2'} end\n"
	             "end)\n"
	             "fleetops.policy('sim release', function(cmd) error('broken check') end)\n");
	fo_lua_host_start(f.core->lua, false);
	fo_lua_script *s = lua_fx_script(&f, "guard");
	assert_non_null(s);
	if (s->state != FO_LUA_RUNNING)
		fail_msg("guard.lua: %s", s->error);
	assert_int_equal(fo_registry_policy_count(f.core->registry), 3);
	/* refused, with the policy's name and reason */
	assert_int_equal(lua_fx_run(&f, "sim fault AGV-00002"), FO_ERR);
	assert_contains(f.out, "refused by policy bench: AGV-00002 is on a test bench");
	assert_int_equal(lua_fx_run(&f, "sim fault AGV-00003"), FO_OK);
	/* amended: 50 steps become 2 */
	assert_int_equal(lua_fx_run(&f, "sim status"), FO_OK);
	long before = strtol(strstr(f.out, "step ") + 5, NULL, 10);
	assert_int_equal(lua_fx_run(&f, "sim step --count 50"), FO_OK);
	assert_int_equal(lua_fx_run(&f, "sim status"), FO_OK);
	assert_int_equal(strtol(strstr(f.out, "step ") + 5, NULL, 10), before + 2);
	/* a policy that fails refuses, and says why */
	assert_int_equal(lua_fx_run(&f, "sim release AGV-00003"), FO_ERR);
	assert_contains(f.out, "failed");
	assert_contains(f.out, "guard.lua:9: broken check");
	/* scripts' own commands pass through the same policies */
	assert_int_equal(eval(&f, "local ok, out = fleetops.command('sim fault AGV-00002')\n"
	                          "assert(not ok and out:find('test bench'), out)\nreturn 0"),
	                 0);
	/* the script commands are never checked */
	assert_int_equal(lua_fx_run(&f, "script list"), FO_OK);
	assert_contains(f.out, "guard");
	lua_fx_close(&f);
}

static void test_events_and_timers(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, NULL, NULL);
	lua_fx_write(
	    &f, "react.lua",
	    "local seen = 0\n"
	    "fleetops.on('vehicle.estop', function(e)\n"
	    "  if e.vehicle == 'AGV-00004' and e.estop ~= 'NONE' then\n"
	    "    seen = seen + 1\n"
	    "    fleetops.command('sim pause')\n"
	    "  end\nend)\n"
	    "local ticks = 0\n"
	    "local id\n"
	    "id = fleetops.every(0.05, function()\n"
	    "  ticks = ticks + 1\n"
	    "  if ticks == 3 then fleetops.cancel(id) fleetops.command('sim fault AGV-00005') end\n"
	    "end)\n"
	    "fleetops.after(0.02, function() fleetops.command('sim fault AGV-00006 --fatal') "
	    "end)\n");
	fo_lua_host_start(f.core->lua, false);
	fo_lua_script *s = lua_fx_script(&f, "react");
	assert_non_null(s);
	if (s->state != FO_LUA_RUNNING)
		fail_msg("react.lua: %s", s->error);
	/* an event reaches the handler, which runs a command */
	assert_int_equal(lua_fx_run(&f, "sim estop AGV-00004"), FO_OK);
	assert_int_equal(lua_fx_run(&f, "sim status"), FO_OK);
	assert_contains(f.out, "state     paused");
	/* timers: after once, every three times then cancelled */
	lua_fx_loop(&f, 400);
	fo_model *m = f.core->model;
	const fo_vehicle *v5 = fo_model_vehicle(m, (size_t)fo_model_vehicle_find(m, "AGV-00005"));
	const fo_vehicle *v6 = fo_model_vehicle(m, (size_t)fo_model_vehicle_find(m, "AGV-00006"));
	assert_true(v5->nerrors > 0);
	assert_true(v6->nerrors > 0);
	assert_null(s->cur->timers); /* the one-shot fired, the repeating one was cancelled */
	assert_int_equal(s->errors, 0);
	lua_fx_close(&f);
}

static void test_runaway_callback_stopped(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, "100", NULL);
	lua_fx_write(&f, "spin.lua",
	             "fleetops.policy('sim fault', function() return false, 'spin' end)\n"
	             "fleetops.after(0, function()\n"
	             "  local n = 0\n"
	             "  while true do n = n + 1 end\n"
	             "end)\n");
	lua_fx_write(&f, "calm.lua", "fleetops.every(0.05, function() end)\n");
	fo_lua_host_start(f.core->lua, false);
	fo_lua_script *s = lua_fx_script(&f, "spin");
	assert_non_null(s);
	assert_int_equal(lua_fx_run(&f, "sim fault AGV-00001"), FO_ERR);
	uint64_t t0 = lua_fx_ms();
	lua_fx_loop(&f, 300);
	assert_true(lua_fx_ms() - t0 < 300 + 250);
	assert_int_equal(s->state, FO_LUA_STOPPED);
	assert_contains(s->error, "spin.lua:4: stopped: time limit of 100 ms exceeded");
	assert_null(s->cur);
	/* its policy went with it; the other script and the console go on */
	assert_int_equal(lua_fx_run(&f, "sim fault AGV-00001"), FO_OK);
	assert_int_equal(lua_fx_script(&f, "calm")->state, FO_LUA_RUNNING);
	assert_true(lua_fx_script(&f, "calm")->runs >= 3);
	/* the view shows it */
	assert_int_equal(lua_fx_run(&f, "view show scripts.status"), FO_OK);
	assert_contains(f.out, "stopped");
	assert_contains(f.out, "spin.lua:4");
	lua_fx_close(&f);
}

static void test_runaway_policy(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, "50", NULL);
	lua_fx_write(&f, "hog.lua", "fleetops.policy('*', function() while true do end end)\n");
	fo_lua_host_start(f.core->lua, false);
	uint64_t t0 = lua_fx_ms();
	assert_int_equal(lua_fx_run(&f, "sim status"), FO_ERR);
	assert_true(lua_fx_ms() - t0 < 250);
	assert_contains(f.out, "refused by policy hog");
	assert_contains(f.out, "stopped");
	assert_int_equal(lua_fx_run(&f, "sim status"), FO_OK); /* the policy is gone */
	lua_fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_model),
	    cmocka_unit_test(test_commands),
	    cmocka_unit_test(test_policies),
	    cmocka_unit_test(test_events_and_timers),
	    cmocka_unit_test(test_runaway_callback_stopped),
	    cmocka_unit_test(test_runaway_policy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
