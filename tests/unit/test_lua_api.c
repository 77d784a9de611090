/* test_lua_api.c — scripts/API.md against the host: every function of the
 * `fleetops` table is documented and every documented one exists; every
 * command and policy pattern the page names is in the command registry
 * (with all plugins loaded); the shipped scripts load and run. */
#include "lua_fixture.h"

#include "lua_fn.h"

#include <lauxlib.h>

static char *read_api_md(void)
{
	char err[256];
	char *text = fo_file_read("scripts/API.md", NULL, err, sizeof err);
	if (!text)
		fail_msg("scripts/API.md: %s", err);
	return text;
}

/* "### fleetops.NAME(" headings, as a ','-joined list with commas around. */
static void documented(const char *md, char *out, size_t len)
{
	snprintf(out, len, ",");
	for (const char *p = strstr(md, "\n### fleetops."); p;
	     p = strstr(p + 1, "\n### fleetops.")) {
		const char *name = p + strlen("\n### fleetops.");
		size_t n = strcspn(name, "( \n");
		size_t used = strlen(out);
		snprintf(out + used, len - used, "%.*s,", (int)n, name);
	}
}

static bool in_list(const char *list, const char *name)
{
	char key[80];
	snprintf(key, sizeof key, ",%s,", name);
	return strstr(list, key) != NULL;
}

static void test_functions_documented(void **state)
{
	(void)state;
	char *md = read_api_md();
	char docs[2048];
	documented(md, docs, sizeof docs);
	/* the exported list against the page, both ways */
	size_t nexp = 0;
	for (const char *const *n = fo_lua_api_names; *n; n++, nexp++)
		if (!in_list(docs, *n))
			fail_msg("fleetops.%s is exported but not in scripts/API.md", *n);
	size_t ndoc = 0;
	for (const char *p = docs + 1; *p; p += strcspn(p, ",") + 1, ndoc++) {
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)strcspn(p, ","), p);
		bool found = false;
		for (const char *const *n = fo_lua_api_names; *n && !found; n++)
			found = strcmp(*n, name) == 0;
		if (!found)
			fail_msg("scripts/API.md documents fleetops.%s, which is not exported",
			         name);
	}
	assert_int_equal(nexp, ndoc);

	/* the list against the functions a live state really has */
	lua_fixture f;
	lua_fx_open(&f, NULL, NULL);
	lua_fx_write(&f, "probe.lua", "fleetops.every(1, function() end)\n");
	fo_lua_host_start(f.core->lua, false);
	fo_lua_script *s = lua_fx_script(&f, "probe");
	assert_non_null(s);
	assert_non_null(s->cur);
	lua_State *L = s->cur->L;
	assert_int_equal(lua_getglobal(L, "fleetops"), LUA_TTABLE);
	size_t nfn = 0;
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		if (lua_type(L, -1) == LUA_TFUNCTION) {
			const char *k = lua_tostring(L, -2);
			if (!in_list(docs, k))
				fail_msg("the fleetops table has %s, not in scripts/API.md", k);
			nfn++;
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	assert_int_equal(nfn, nexp);
	const char *fields[] = {"script", "args", "version"};
	for (size_t i = 0; i < 3; i++) {
		char needle[64];
		snprintf(needle, sizeof needle, "`fleetops.%s`", fields[i]);
		assert_contains(md, needle);
	}
	lua_fx_close(&f);
	free(md);
}

/* The functions plugins add (fo_lua_fn_register), with every plugin
 * loaded: each has its "#### fleetops.NAME(" heading under "Functions of
 * plugins" in scripts/API.md and each such heading is registered
 * (tests/cli/lua_plugin_fns.sh calls them from a script). */
static void test_plugin_functions_documented(void **state)
{
	(void)state;
	char *md = read_api_md();
	const char *sec = strstr(md, "\n## Functions of plugins\n");
	assert_non_null(sec);
	char plugins[600];
	snprintf(plugins, sizeof plugins, "%s/plugins", fo_test_build_dir());
	fo_core *core = fo_test_core(plugins);
	fo_config_set(core->config, "scripts", "false", FO_SRC_FLAG, NULL, 0);
	fo_core_start(core);
	char sig[256], heading[300];
	const char *help, *returns;
	size_t n = 0;
	for (; fo_lua_fn_describe(core, n, sig, sizeof sig, &help, &returns); n++) {
		snprintf(heading, sizeof heading, "\n#### fleetops.%.*s(", (int)strcspn(sig, "("),
		         sig);
		if (!strstr(sec, heading))
			fail_msg("plugin function fleetops.%s is not in scripts/API.md", sig);
		assert_true(*help);
	}
	assert_true(n >= 2); /* fleetops.mission, fleetops.missions */
	size_t ndoc = 0;
	for (const char *p = strstr(sec, "\n#### fleetops."); p;
	     p = strstr(p + 1, "\n#### fleetops."), ndoc++) {
		const char *name = p + strlen("\n#### fleetops.");
		bool found = false;
		for (size_t i = 0;
		     !found && fo_lua_fn_describe(core, i, sig, sizeof sig, &help, &returns); i++)
			found = strncmp(sig, name, strcspn(sig, "(") + 1) == 0;
		if (!found)
			fail_msg(
			    "scripts/API.md documents fleetops.%.*s, which no plugin registers",
			    (int)strcspn(name, "( \n"), name);
	}
	assert_int_equal(ndoc, n);
	fo_core_free(core);
	free(md);
}

/* Every fleetops.command("D V ...") and fleetops.policy("D V", ...) of the
 * page names a registered command. */
static void test_commands_exist(void **state)
{
	(void)state;
	char *md = read_api_md();
	char plugins[600];
	snprintf(plugins, sizeof plugins, "%s/plugins", fo_test_build_dir());
	fo_core *core = fo_test_core(plugins);
	fo_config_set(core->config, "scripts", "false", FO_SRC_FLAG, NULL, 0);
	fo_core_start(core);
	size_t checked = 0;
	const char *calls[] = {"fleetops.command(\"", "fleetops.policy(\""};
	for (size_t c = 0; c < 2; c++) {
		for (const char *p = strstr(md, calls[c]); p; p = strstr(p + 1, calls[c])) {
			const char *q = p + strlen(calls[c]);
			char dom[64] = "", verb[64] = "";
			if (sscanf(q, "%63[a-z_] %63[a-z_]", dom, verb) != 2)
				continue; /* "*" or a whole domain */
			if (!fo_registry_find(core->registry, dom, verb))
				fail_msg("scripts/API.md names '%s %s', which is not a command",
				         dom, verb);
			checked++;
		}
	}
	assert_true(checked >= 3);
	fo_core_free(core);
	free(md);
}

/* The shipped scripts: resident ones load and register; run ones run. */
static void test_shipped_scripts(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, NULL, NULL);
	char cwd[512], dir[600];
	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(dir, sizeof dir, "%s/scripts", cwd);
	fo_config_set(f.core->config, "scripts.path", dir, FO_SRC_FLAG, NULL, 0);
	fo_lua_host_start(f.core->lua, false);
	fo_lua_host *h = f.core->lua;
	assert_true(h->n >= 1);
	for (size_t i = 0; i < h->n; i++)
		if (h->scripts[i]->state != FO_LUA_RUNNING)
			fail_msg("shipped %s: %s", h->scripts[i]->name, h->scripts[i]->error);
	assert_non_null(lua_fx_script(&f, "dispatch_policy"));
	/* the report: exit 0 or 3, never an error */
	char path[700], err[512] = "";
	snprintf(path, sizeof path, "%s/scripts/run/fleet_report.lua", cwd);
	fo_lua_script *s = fo_lua_script_new(h, path, false);
	s->pinned = true;
	long ret = -1;
	bool has = false;
	if (fo_lua_script_load(s, 0, NULL, &ret, &has, err, sizeof err) != 0)
		fail_msg("fleet_report: %s", err);
	assert_true(has && (ret == 0 || ret == 3));
	fo_lua_script_free(s);
	lua_fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_functions_documented),
	    cmocka_unit_test(test_commands_exist),
	    cmocka_unit_test(test_plugin_functions_documented),
	    cmocka_unit_test(test_shipped_scripts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
