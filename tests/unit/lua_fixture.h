/* lua_fixture.h — a core with the simulator and a private script
 * directory, for the Lua host's unit tests.  Static inline, like
 * helpers.h. */
#ifndef FO_TEST_LUA_FIXTURE_H
#define FO_TEST_LUA_FIXTURE_H

#include "helpers.h"

#include "lua_int.h"

#include <sys/stat.h>
#include <time.h>

typedef struct {
	fo_core *core;
	char dir[512];
	char out[8192]; /* output and error of the last run() */
} lua_fixture;

static inline void lua_fx_set(fo_config *cfg, const char *name, const char *value)
{
	char err[256] = "";
	if (fo_config_set(cfg, name, value, FO_SRC_FLAG, err, sizeof err) != 0)
		fail_msg("config %s=%s: %s", name, value, err);
}

/* time_ms: the scripts' wall-clock limit; extra: more options, name and
 * value pairs ending with NULL (may be NULL). */
static inline void lua_fx_open_with(lua_fixture *f, const char *time_ms, const char *mem_kb,
                                    const char *const *extra)
{
	char err[256] = "", path[4096];
	memset(f, 0, sizeof *f);
	fo_test_tmpdir(f->dir, sizeof f->dir);
	fo_config *cfg = fo_config_new();
	lua_fx_set(cfg, "log_file", "/dev/null");
	lua_fx_set(cfg, "plugin_path", "/nonexistent-fleetops-plugins");
	lua_fx_set(cfg, "demo", "true");
	lua_fx_set(cfg, "sim.vehicles", "12");
	lua_fx_set(cfg, "scripts.path", f->dir);
	lua_fx_set(cfg, "scripts.time_ms", time_ms ? time_ms : "200");
	lua_fx_set(cfg, "scripts.mem_kb", mem_kb ? mem_kb : "16384");
	for (size_t i = 0; extra && extra[i] && extra[i + 1]; i += 2)
		lua_fx_set(cfg, extra[i], extra[i + 1]);
	f->core = fo_core_new(cfg, err, sizeof err);
	if (!f->core)
		fail_msg("fo_core_new: %s", err);
	fo_core_start(f->core);
	snprintf(path, sizeof path, "%s/plugins/sim.so", fo_test_build_dir());
	assert_int_equal(fo_plugins_load_file(f->core->plugins, f->core, path), FO_PLUGIN_LOADED);
	fo_bus_publish(f->core, "test.ready", NULL); /* nothing subscribed yet */
}

static inline void lua_fx_open(lua_fixture *f, const char *time_ms, const char *mem_kb)
{
	lua_fx_open_with(f, time_ms, mem_kb, NULL);
}

static inline void lua_fx_close(lua_fixture *f)
{
	fo_core_free(f->core);
	fo_test_rmtree(f->dir);
	f->core = NULL;
}

/* Writes dir/name; a rewrite gets a new mtime even within one second. */
static inline void lua_fx_write(lua_fixture *f, const char *name, const char *text)
{
	char path[1024], tmp[1100];
	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *fp = fopen(tmp, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(rename(tmp, path), 0); /* a new inode: seen as changed */
}

static inline fo_status lua_fx_run(lua_fixture *f, const char *line)
{
	fo_out *out = fo_out_new();
	fo_status st = fo_registry_run_line(f->core, line, out);
	snprintf(f->out, sizeof f->out, "%s%s", fo_out_text(out), fo_out_err(out));
	fo_out_free(out);
	return st;
}

static inline fo_lua_script *lua_fx_script(lua_fixture *f, const char *name)
{
	fo_lua_host *h = f->core->lua;
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->scripts[i]->name, name) == 0)
			return h->scripts[i];
	return NULL;
}

static void lua_fx_stop_cb(fo_core *core, void *ud)
{
	(void)ud;
	fo_core_stop(core);
}

/* Runs the event loop for ms milliseconds. */
static inline void lua_fx_loop(lua_fixture *f, uint64_t ms)
{
	fo_timer_start(f->core, ms, 0, lua_fx_stop_cb, NULL);
	fo_core_run(f->core);
}

static inline uint64_t lua_fx_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

#endif
