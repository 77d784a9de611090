/* test_lua_reload.c — hot reload: a changed script replaces its previous
 * version (handlers, timers and policies swapped), a script that fails to
 * load leaves the previous version running with the error shown, a removed
 * script is unloaded, the poll notices edits on the loop, and a reload
 * asked for from inside a script waits until it returns. */
#include "lua_fixture.h"

static const char *policy_v(const char *reason, bool timer)
{
	static char buf[512];
	snprintf(buf, sizeof buf,
	         "fleetops.policy('sim fault', function() return false, '%s' end)\n%s", reason,
	         timer ? "fleetops.every(0.05, function() end)\n" : "");
	return buf;
}

static void expect_refusal(lua_fixture *f, const char *reason)
{
	assert_int_equal(lua_fx_run(f, "sim fault AGV-00001"), FO_ERR);
	assert_contains(f->out, reason);
}

static void test_reload_swaps_and_keeps_on_failure(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, NULL, NULL);
	fo_lua_host *h = f.core->lua;
	lua_fx_write(&f, "rules.lua", policy_v("version one", true));
	fo_lua_host_start(h, false);
	fo_lua_script *s = lua_fx_script(&f, "rules");
	assert_non_null(s);
	expect_refusal(&f, "version one");
	assert_non_null(s->cur->timers);

	lua_fx_write(&f, "rules.lua", policy_v("version two", false));
	fo_lua_host_rescan(h);
	expect_refusal(&f, "version two");
	assert_int_equal(fo_registry_policy_count(f.core->registry), 1); /* not two */
	assert_null(s->cur->timers); /* the old version's timer went with it */
	assert_int_equal(s->loads, 2);

	/* a syntax error: version two keeps running, the error is shown */
	lua_fx_write(&f, "rules.lua",
	             "fleetops.policy('sim fault', function()\n  return false,,\nend)\n");
	fo_lua_host_rescan(h);
	expect_refusal(&f, "version two");
	assert_int_equal(s->state, FO_LUA_FAILED);
	assert_non_null(s->cur);
	assert_contains(s->error, "reload failed, the previous version still runs");
	assert_contains(s->error, "rules.lua:2:");
	assert_int_equal(lua_fx_run(&f, "script list"), FO_OK);
	assert_contains(f.out, "failed");
	assert_contains(f.out, "rules.lua:2:");

	/* a runtime error while loading: the same */
	lua_fx_write(&f, "rules.lua",
	             "fleetops.policy('sim fault', function() end)\nerror('half done')\n");
	fo_lua_host_rescan(h);
	expect_refusal(&f, "version two");
	assert_contains(s->error, "rules.lua:2: half done");
	assert_int_equal(fo_registry_policy_count(f.core->registry), 1);

	/* fixed: running again, the error cleared */
	lua_fx_write(&f, "rules.lua", policy_v("version three", false));
	fo_lua_host_rescan(h);
	expect_refusal(&f, "version three");
	assert_int_equal(s->state, FO_LUA_RUNNING);
	assert_string_equal(s->error, "");

	/* removed: unloaded with its policy */
	char path[1024];
	snprintf(path, sizeof path, "%s/rules.lua", f.dir);
	assert_int_equal(unlink(path), 0);
	fo_lua_host_rescan(h);
	assert_null(lua_fx_script(&f, "rules"));
	assert_int_equal(lua_fx_run(&f, "sim fault AGV-00001"), FO_OK);
	lua_fx_close(&f);
}

static void test_first_load_failure_shown(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, NULL, NULL);
	lua_fx_write(&f, "broken.lua", "local x = \n");
	fo_lua_host_start(f.core->lua, false);
	fo_lua_script *s = lua_fx_script(&f, "broken");
	assert_non_null(s);
	assert_int_equal(s->state, FO_LUA_FAILED);
	assert_null(s->cur);
	assert_contains(s->error, "broken.lua:");
	/* the detail of the view shows it too */
	const fo_view_spec *v = fo_views_find(f.core->views, "scripts.status");
	assert_non_null(v);
	fo_detail *d = fo_detail_new();
	assert_int_equal(fo_view_detail(f.core, v, "broken", d), FO_OK);
	bool found = false;
	for (size_t i = 0; i < fo_detail_count(d); i++) {
		const fo_dline *l = fo_detail_line(d, i);
		found = found || (l->text && strstr(l->text, "broken.lua:"));
	}
	assert_true(found);
	fo_detail_free(d);
	lua_fx_close(&f);
}

static void test_poll_reloads_on_the_loop(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, NULL, NULL);
	fo_config_set(f.core->config, "scripts.poll_ms", "100", FO_SRC_FLAG, NULL, 0);
	lua_fx_write(&f, "rules.lua", policy_v("before the edit", false));
	fo_lua_host_start(f.core->lua, true);
	expect_refusal(&f, "before the edit");
	lua_fx_write(&f, "rules.lua", policy_v("after the edit", false));
	lua_fx_write(&f, "extra.lua",
	             "fleetops.policy('sim release', function() return false, 'new file' end)\n");
	lua_fx_loop(&f, 350);
	expect_refusal(&f, "after the edit");
	assert_int_equal(lua_fx_run(&f, "sim release AGV-00001"), FO_ERR);
	assert_contains(f.out, "new file");
	lua_fx_close(&f);
}

static void test_reload_from_inside_a_script(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, NULL, NULL);
	lua_fx_write(&f, "self.lua",
	             "fleetops.after(0.01, function()\n"
	             "  local ok, out = fleetops.command('script reload')\n"
	             "  assert(ok and out:find('once this script returns'), out)\n"
	             "end)\n");
	fo_lua_host_start(f.core->lua, false);
	fo_lua_script *s = lua_fx_script(&f, "self");
	assert_non_null(s);
	lua_fx_loop(&f, 150);
	assert_int_equal(s->errors, 0);
	/* reloaded after each callback returned (each version asks again) */
	assert_true(s->loads >= 2);
	assert_int_equal(s->state, FO_LUA_RUNNING);
	lua_fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reload_swaps_and_keeps_on_failure),
	    cmocka_unit_test(test_first_load_failure_shown),
	    cmocka_unit_test(test_poll_reloads_on_the_loop),
	    cmocka_unit_test(test_reload_from_inside_a_script),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
