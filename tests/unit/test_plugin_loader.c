/* test_plugin_loader.c — loading and refusing plugins, with the test plugins
 * in tests/unit/plugins built into $BUILD/tests/plugins. */
#include "helpers.h"

#include "lua_fn.h"

static void plugin_dir(char *buf, size_t len)
{
	snprintf(buf, len, "%s/tests/plugins", fo_test_build_dir());
}

static void plugin_file(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/tests/plugins/%s.so", fo_test_build_dir(), name);
}

/* Loads one test plugin into a fresh core; returns its record. */
static const fo_plugin *load_one(fo_core *core, const char *name, fo_plugin_status want)
{
	char path[512];
	plugin_file(name, path, sizeof path);
	assert_int_equal(access(path, R_OK), 0);
	size_t before = fo_plugins_count(core->plugins);
	fo_plugin_status st = fo_plugins_load_file(core->plugins, core, path);
	assert_int_equal(fo_plugins_count(core->plugins), before + 1);
	const fo_plugin *p = fo_plugins_at(core->plugins, before);
	assert_non_null(p);
	if (st != want)
		fail_msg("%s: status %d, want %d (reason: %s)", name, (int)st, (int)want,
		         p->reason);
	assert_int_equal(p->status, want);
	assert_string_equal(p->path, path);
	return p;
}

static long find_plugin(const fo_plugins *ps, const char *name)
{
	long found = -1;
	for (size_t i = 0; i < fo_plugins_count(ps); i++)
		if (strcmp(fo_plugins_at(ps, i)->name, name) == 0) {
			/* Each name is recorded once. */
			assert_int_equal(found, -1);
			found = (long)i;
		}
	return found;
}

static void test_good_plugin_loads_and_runs(void **state)
{
	fo_core *core = fo_test_core(NULL);
	assert_int_equal(fo_plugins_current_owner(core->plugins), -1);
	const fo_plugin *p = load_one(core, "tp_good", FO_PLUGIN_LOADED);
	assert_string_equal(p->name, "tp_good");
	assert_string_equal(p->version, "1.2.3");
	assert_string_equal(p->summary, "unit-test plugin that works");
	assert_non_null(p->handle);
	assert_non_null(p->desc);
	assert_int_equal(p->desc->abi, FO_PLUGIN_ABI);
	assert_non_null(p->state);
	/* Outside init there is no current owner. */
	assert_int_equal(fo_plugins_current_owner(core->plugins), -1);

	assert_non_null(fo_registry_find(core->registry, "tpgood", "ping"));
	assert_non_null(fo_views_find(core->views, "tpgood.items"));

	fo_out *out = fo_out_new();
	assert_int_equal(fo_registry_run_line(core, "tpgood ping --times 2", out), FO_OK);
	assert_string_equal(fo_out_text(out), "pong 1\npong 1\n");
	fo_out_clear(out);
	assert_int_equal(fo_registry_run_line(core, "tpgood ping", out), FO_OK);
	assert_string_equal(fo_out_text(out), "pong 2\n");
	fo_out_free(out);
	/* fini frees the plugin's state: ASan reports a leak if it is not called. */
	fo_core_free(core);
}

static void test_wrong_abi_refused(void **state)
{
	fo_core *core = fo_test_core(NULL);
	const fo_plugin *p = load_one(core, "tp_badabi", FO_PLUGIN_REFUSED);
	assert_contains(p->reason, "ABI");
	assert_string_equal(p->name, "tp_badabi");
	assert_null(p->handle);
	assert_null(p->state);
	fo_core_free(core);
}

/* A plugin built against the previous ABI (not rebuilt after an upgrade):
 * refused before init, and the reason names both versions. */
static void test_older_abi_refused(void **state)
{
	fo_core *core = fo_test_core(NULL);
	const fo_plugin *p = load_one(core, "tp_oldabi", FO_PLUGIN_REFUSED);
	char want[64];
	snprintf(want, sizeof want, "plugin ABI version %d, core has %d", FO_PLUGIN_ABI - 1,
	         FO_PLUGIN_ABI);
	assert_contains(p->reason, want);
	assert_string_equal(p->name, "tp_oldabi");
	assert_null(p->handle);
	assert_null(p->state);
	fo_core_free(core);
}

static void test_missing_entry_refused(void **state)
{
	fo_core *core = fo_test_core(NULL);
	const fo_plugin *p = load_one(core, "tp_noentry", FO_PLUGIN_REFUSED);
	assert_contains(p->reason, "symbol");
	/* No descriptor: the name comes from the file name. */
	assert_string_equal(p->name, "tp_noentry");
	assert_null(p->handle);
	fo_core_free(core);
}

static void test_null_descriptor_refused(void **state)
{
	fo_core *core = fo_test_core(NULL);
	const fo_plugin *p = load_one(core, "tp_nulldesc", FO_PLUGIN_REFUSED);
	assert_true(strlen(p->reason) > 0);
	assert_string_equal(p->name, "tp_nulldesc");
	assert_null(p->handle);
	fo_core_free(core);
}

static void test_failing_init_refused_and_undone(void **state)
{
	fo_core *core = fo_test_core(NULL);
	size_t ncmds = fo_registry_count(core->registry);
	size_t nviews = fo_views_count(core->views);
	const fo_plugin *p = load_one(core, "tp_initfail", FO_PLUGIN_REFUSED);
	assert_contains(p->reason, "depot database on fire");
	assert_null(p->handle);
	/* What init registered before failing is gone. */
	assert_null(fo_registry_find(core->registry, "tpfail", "run"));
	assert_false(fo_registry_has_domain(core->registry, "tpfail"));
	assert_null(fo_views_find(core->views, "tpfail.items"));
	assert_int_equal(fo_registry_count(core->registry), ncmds);
	assert_int_equal(fo_views_count(core->views), nviews);
	assert_int_equal(fo_plugins_current_owner(core->plugins), -1);
	/* its option and Lua function too: their specs were in its object */
	assert_null(fo_config_find(core->config, "tp_initfail.depth"));
	assert_null(fo_config_flag_def(core->config, "tp-depth", 8));
	assert_int_equal(fo_config_int(core, "tp_initfail.depth"), 0);
	assert_string_equal(fo_config_str(core, "theme"), "dark");
	assert_int_equal(fo_lua_fns_count(core), 0);
	fo_out *out = fo_out_new();
	assert_int_equal(fo_registry_run_line(core, "tpfail run", out), FO_EUSAGE);
	fo_out_free(out);
	fo_core_free(core);
}

static void stop_loop(fo_core *core, void *ud)
{
	*(int *)ud += 1;
	fo_core_stop(core);
}

static void test_failing_init_leaves_no_callbacks(void **state)
{
	fo_core *core = fo_test_core(NULL);
	load_one(core, "tp_initfail", FO_PLUGIN_REFUSED);
	/* The plugin is unloaded: its subscription and timer must be gone. */
	fo_bus_publish(core, "tp.ping", NULL);
	int stopped = 0;
	fo_timer_start(core, 30, 0, stop_loop, &stopped);
	fo_core_run(core);
	assert_int_equal(stopped, 1);
	fo_core_free(core);
}

static void test_not_elf_refused(void **state)
{
	char dir[256], path[512];
	fo_test_tmpdir(dir, sizeof dir);
	fo_test_write_file(dir, "notelf.so",
	                   "This is a text file pretending to be a plugin.\n"
	                   "It is long enough that the loader reads a whole ELF header's worth.\n",
	                   path, sizeof path);
	fo_core *core = fo_test_core(NULL);
	assert_int_equal(fo_plugins_load_file(core->plugins, core, path), FO_PLUGIN_REFUSED);
	const fo_plugin *p = fo_plugins_at(core->plugins, 0);
	assert_int_equal(p->status, FO_PLUGIN_REFUSED);
	assert_true(strstr(p->reason, "ELF") || strstr(p->reason, "shared object"));
	assert_null(p->handle);
	/* A missing file is a refusal too, not a crash. */
	char missing[600];
	snprintf(missing, sizeof missing, "%s/missing.so", dir);
	assert_int_equal(fo_plugins_load_file(core->plugins, core, missing), FO_PLUGIN_REFUSED);
	assert_true(strlen(fo_plugins_at(core->plugins, 1)->reason) > 0);
	fo_core_free(core);
	fo_test_rmtree(dir);
}

static void test_refusals_leave_good_one_working(void **state)
{
	fo_core *core = fo_test_core(NULL);
	load_one(core, "tp_badabi", FO_PLUGIN_REFUSED);
	load_one(core, "tp_initfail", FO_PLUGIN_REFUSED);
	load_one(core, "tp_good", FO_PLUGIN_LOADED);
	load_one(core, "tp_noentry", FO_PLUGIN_REFUSED);
	fo_out *out = fo_out_new();
	assert_int_equal(fo_registry_run_line(core, "tpgood ping", out), FO_OK);
	assert_string_equal(fo_out_text(out), "pong 1\n");
	fo_out_free(out);
	fo_core_free(core);
}

static void test_load_path_with_skip(void **state)
{
	char dir[512];
	plugin_dir(dir, sizeof dir);
	fo_core *core = fo_test_core(NULL);
	fo_plugins_load_path(core->plugins, core, dir, "tp_good,tp_nulldesc");
	const fo_plugins *ps = core->plugins;
	long good = find_plugin(ps, "tp_good");
	long nulld = find_plugin(ps, "tp_nulldesc");
	long abi = find_plugin(ps, "tp_badabi");
	long fail = find_plugin(ps, "tp_initfail");
	long noent = find_plugin(ps, "tp_noentry");
	assert_true(good >= 0 && nulld >= 0 && abi >= 0 && fail >= 0 && noent >= 0);
	/* Sorted by name. */
	assert_true(abi < good && good < fail && fail < noent && noent < nulld);
	assert_int_equal(fo_plugins_at(ps, (size_t)good)->status, FO_PLUGIN_DISABLED);
	assert_true(strlen(fo_plugins_at(ps, (size_t)good)->reason) > 0);
	assert_int_equal(fo_plugins_at(ps, (size_t)nulld)->status, FO_PLUGIN_DISABLED);
	assert_int_equal(fo_plugins_at(ps, (size_t)abi)->status, FO_PLUGIN_REFUSED);
	assert_int_equal(fo_plugins_at(ps, (size_t)fail)->status, FO_PLUGIN_REFUSED);
	assert_int_equal(fo_plugins_at(ps, (size_t)noent)->status, FO_PLUGIN_REFUSED);
	/* A disabled plugin is not loaded at all. */
	assert_null(fo_plugins_at(ps, (size_t)good)->handle);
	assert_false(fo_registry_has_domain(core->registry, "tpgood"));
	fo_core_free(core);
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	assert_non_null(in);
	FILE *out = fopen(to, "wb");
	assert_non_null(out);
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static void test_load_path_first_dir_wins(void **state)
{
	char tmp[256], src[512], dst[600], dirs[1024], dir[512];
	fo_test_tmpdir(tmp, sizeof tmp);
	plugin_file("tp_good", src, sizeof src);
	snprintf(dst, sizeof dst, "%s/tp_good.so", tmp);
	copy_file(src, dst);
	plugin_dir(dir, sizeof dir);
	snprintf(dirs, sizeof dirs, "%s:%s", tmp, dir);

	fo_core *core = fo_test_core(NULL);
	fo_plugins_load_path(core->plugins, core, dirs, "");
	long good = find_plugin(core->plugins, "tp_good");
	assert_true(good >= 0);
	const fo_plugin *p = fo_plugins_at(core->plugins, (size_t)good);
	assert_int_equal(p->status, FO_PLUGIN_LOADED);
	assert_string_equal(p->path, dst);
	assert_true(find_plugin(core->plugins, "tp_badabi") >= 0);
	fo_core_free(core);
	fo_test_rmtree(tmp);
}

static void test_load_path_missing_dir(void **state)
{
	fo_core *core = fo_test_core(NULL);
	fo_plugins_load_path(core->plugins, core, "/nonexistent/fleetops-plugins::", "");
	assert_int_equal(fo_plugins_count(core->plugins), 0);
	fo_core_free(core);
}

static void test_core_start_keeps_going(void **state)
{
	char dir[512];
	plugin_dir(dir, sizeof dir);
	fo_core *core = fo_test_core(dir);
	fo_core_start(core);
	long good = find_plugin(core->plugins, "tp_good");
	long fail = find_plugin(core->plugins, "tp_initfail");
	assert_true(good >= 0 && fail >= 0);
	assert_int_equal(fo_plugins_at(core->plugins, (size_t)good)->status, FO_PLUGIN_LOADED);
	assert_int_equal(fo_plugins_at(core->plugins, (size_t)fail)->status, FO_PLUGIN_REFUSED);
	fo_out *out = fo_out_new();
	assert_int_equal(fo_registry_run_line(core, "tpgood ping", out), FO_OK);
	assert_string_equal(fo_out_text(out), "pong 1\n");
	fo_out_free(out);
	fo_core_free(core);
}

static void test_core_start_plugins_disable(void **state)
{
	char dir[512], err[256];
	plugin_dir(dir, sizeof dir);
	fo_core *core = fo_test_core(dir);
	assert_int_equal(
	    fo_config_set(core->config, "plugins_disable", "tp_good", FO_SRC_FLAG, err, sizeof err),
	    0);
	fo_core_start(core);
	long good = find_plugin(core->plugins, "tp_good");
	assert_true(good >= 0);
	assert_int_equal(fo_plugins_at(core->plugins, (size_t)good)->status, FO_PLUGIN_DISABLED);
	assert_null(fo_registry_find(core->registry, "tpgood", "ping"));
	fo_core_free(core);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_plugin_loads_and_runs),
	    cmocka_unit_test(test_wrong_abi_refused),
	    cmocka_unit_test(test_older_abi_refused),
	    cmocka_unit_test(test_missing_entry_refused),
	    cmocka_unit_test(test_null_descriptor_refused),
	    cmocka_unit_test(test_failing_init_refused_and_undone),
	    cmocka_unit_test(test_failing_init_leaves_no_callbacks),
	    cmocka_unit_test(test_not_elf_refused),
	    cmocka_unit_test(test_refusals_leave_good_one_working),
	    cmocka_unit_test(test_load_path_with_skip),
	    cmocka_unit_test(test_load_path_first_dir_wins),
	    cmocka_unit_test(test_load_path_missing_dir),
	    cmocka_unit_test(test_core_start_keeps_going),
	    cmocka_unit_test(test_core_start_plugins_disable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
