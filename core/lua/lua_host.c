/* lua_host.c — scripts and their versions: loading, swapping on reload,
 * retiring, and every call into a script's state (fo_lua_call). */
#include "lua_int.h"

#include <lauxlib.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

fo_lua_ver *fo_lua_ver_of(lua_State *L)
{
	return fo_lua_sandbox_of(L)->ud;
}

void fo_lua_script_error(fo_lua_script *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->error, sizeof s->error, fmt, ap);
	va_end(ap);
	s->error_wall = fo_wall_ms();
	s->host->gen++;
	/* a script failing on every tick must not flood the log: the first
	 * ten, then one in a hundred (the view always has the last) */
	if (s->errors <= 10 || s->errors % 100 == 0)
		fo_log(s->host->core, FO_LOG_ERROR, "script %s: %s%s", s->name, s->error,
		       s->errors == 10 ? " (further errors: one in 100 logged)" : "");
}

/* ---------------------------------------------------------------- output */

static void ver_print(void *ud, const char *text, size_t len)
{
	fo_lua_ver *v = ud;
	fo_lua_host *h = v->script->host;
	if (h->print_stdout && v->script->pinned) {
		fwrite(text, 1, len, stdout);
		fputc('\n', stdout);
		fflush(stdout);
	} else {
		fo_log(h->core, FO_LOG_INFO, "script %s: %.*s", v->script->name, (int)len, text);
	}
}

static void ver_warn(void *ud, const char *text)
{
	fo_lua_ver *v = ud;
	fo_log(v->script->host->core, FO_LOG_WARN, "script %s: warning: %s", v->script->name, text);
}

/* ---------------------------------------------------------------- versions */

static void ver_free(fo_lua_ver *v)
{
	if (v->L)
		fo_lua_sandbox_close(v->L);
	for (size_t i = 0; i < v->nsubs; i++)
		free(v->subs[i].topic);
	free(v->subs);
	for (size_t i = 0; i < v->npols; i++)
		fo_lua_policy_free(v->pols[i]);
	free(v->pols);
	fo_lua_arules_free(v);
	free(v);
}

void fo_lua_ver_retire(fo_lua_ver *v)
{
	while (v->timers) {
		fo_lua_timer *t = v->timers;
		v->timers = t->next;
		fo_timer_stop(t->t);
		free(t);
	}
	for (size_t i = 0; i < v->npols; i++)
		if (v->pols[i]->reg_id > 0) {
			fo_policy_remove(v->script->host->core, v->pols[i]->reg_id);
			v->pols[i]->reg_id = 0;
		}
	fo_lua_arules_retire(v);
	for (size_t i = 0; i < v->nsubs; i++)
		free(v->subs[i].topic);
	v->nsubs = 0;
	v->active = false;
	if (v->script->cur == v)
		v->script->cur = NULL;
	v->script->host->gen++;
	if (v->sb.depth > 0)
		v->retiring = true;
	else
		ver_free(v);
}

int fo_lua_call(fo_lua_ver *v, lua_CFunction fn, void *ctx)
{
	fo_lua_script *s = v->script;
	fo_lua_host *h = s->host;
	lua_State *L = v->L;
	char err[512];
	h->active++;
	fo_lua_sandbox_enter(L);
	bool outer = v->sb.depth == 1;
	lua_pushcfunction(L, fn);
	lua_pushlightuserdata(L, ctx);
	int st = fo_lua_sandbox_pcall(L, 1, 0, err, sizeof err);
	bool stopped = v->sb.stopped, exiting = v->sb.exit_requested;
	fo_lua_sandbox_leave(L);
	snprintf(h->call_error, sizeof h->call_error, "%s", st == LUA_OK ? "" : err);
	h->active--;
	if (outer)
		s->runs++;
	h->gen++;
	if (exiting) {
		if (outer) {
			h->exit_requested = true;
			h->exit_code = v->sb.exit_code;
			fo_core_stop(h->core);
		}
	} else if (st != LUA_OK && (!stopped || outer)) {
		s->errors++;
		fo_lua_script_error(s, "%s", err);
		if (stopped && v->active) {
			s->state = FO_LUA_STOPPED;
			fo_lua_ver_retire(v);
			return st;
		}
	}
	if (outer && v->retiring)
		ver_free(v);
	return st;
}

/* ---------------------------------------------------------------- loading */

typedef struct {
	const char *text;
	size_t len;
	const char *chunkname;
	int argc;
	char **argv;
	bool want_ret; /* the caller takes the chunk's return as an exit code */
	bool has_ret;
	long ret;
} load_ctx;

static int load_chunk(lua_State *L)
{
	load_ctx *c = lua_touserdata(L, 1);
	fo_lua_api_open(L, c->argc, c->argv);
	fo_lua_sandbox *sb = fo_lua_sandbox_of(L);
	if (luaL_loadbufferx(L, c->text, c->len, c->chunkname, sb->trusted ? "bt" : "t") != LUA_OK)
		return lua_error(L);
	luaL_checkstack(L, c->argc + 1, "too many arguments");
	for (int i = 0; i < c->argc; i++)
		lua_pushstring(L, c->argv[i]);
	lua_call(L, c->argc, 1);
	if (!c->want_ret || lua_isnil(L, -1))
		return 0;
	/* `fleetops run`: an integer 0 to 255 (3.0 too, as fleetops.exit
	 * takes it) is the exit code; any other value is the script's error */
	int exact = 0;
	lua_Integer code = lua_type(L, -1) == LUA_TNUMBER ? lua_tointegerx(L, -1, &exact) : 0;
	if (!exact || code < 0 || code > 255) {
		/* a number as it is; anything else by its type (a string could
		 * be long or hold control characters) */
		const char *what = lua_type(L, -1) == LUA_TNUMBER
		                       ? luaL_tolstring(L, -1, NULL)
		                       : lua_pushfstring(L, "a %s", luaL_typename(L, -1));
		return luaL_error(L, "%s returned %s, not an exit code 0 to 255 (an integer)",
		                  c->chunkname + 1, what);
	}
	c->has_ret = true;
	c->ret = (long)code;
	return 0;
}

static void limits(fo_lua_host *h, fo_lua_sandbox *sb, bool trusted)
{
	fo_core *core = h->core;
	sb->mem_limit = (size_t)fo_config_int(core, "scripts.mem_kb") * 1024u;
	sb->time_limit_ms = (uint64_t)fo_config_int(core, "scripts.time_ms");
	sb->instr_limit = (uint64_t)fo_config_double(core, "scripts.instructions");
	sb->trusted = trusted;
}

static bool has_registrations(const fo_lua_ver *v)
{
	return v->nsubs || v->timers || v->npols || v->narules;
}

int fo_lua_script_load(fo_lua_script *s, int argc, char **argv, long *ret, bool *has_ret, char *err,
                       size_t errlen)
{
	fo_lua_host *h = s->host;
	struct stat st;
	if (stat(s->path, &st) == 0) {
		s->mtime = st.st_mtim.tv_sec;
		s->mtime_ns = st.st_mtim.tv_nsec;
		s->size = st.st_size;
		s->ino = st.st_ino;
	}
	size_t len = 0;
	char *text = fo_file_read(s->path, &len, err, errlen);
	if (!text)
		return -1;
	fo_lua_ver *v = calloc(1, sizeof *v);
	if (!v)
		abort();
	v->script = s;
	limits(h, &v->sb, s->trusted);
	v->sb.print_fn = ver_print;
	v->sb.warn_fn = ver_warn;
	v->sb.ud = v;
	v->L = fo_lua_sandbox_new(&v->sb, err, errlen);
	if (!v->L) {
		free(text);
		free(v);
		return -1;
	}
	char chunkname[PATH_MAX + 2];
	snprintf(chunkname, sizeof chunkname, "@%s", s->path);
	load_ctx c = {text, len, chunkname, argc, argv, ret != NULL, false, 0};
	/* a new version's code may call back into the host (fleetops.command
	 * reaching a policy of its own script) only once it is current */
	h->active++;
	fo_lua_sandbox_enter(v->L);
	lua_pushcfunction(v->L, load_chunk);
	lua_pushlightuserdata(v->L, &c);
	int rc = fo_lua_sandbox_pcall(v->L, 1, 0, err, errlen);
	bool exiting = v->sb.exit_requested;
	fo_lua_sandbox_leave(v->L);
	h->active--;
	free(text);
	h->gen++;
	if (exiting) {
		h->exit_requested = true;
		h->exit_code = v->sb.exit_code;
		rc = LUA_OK;
	}
	if (rc != LUA_OK) {
		v->script = s;
		fo_lua_ver_retire(v);
		return -1;
	}
	if (ret)
		*ret = c.ret;
	if (has_ret)
		*has_ret = c.has_ret;
	if (s->cur)
		fo_lua_ver_retire(s->cur);
	s->cur = v;
	v->active = true;
	s->error[0] = '\0'; /* before activation, which may report an error */
	fo_lua_api_activate(v);
	s->loads++;
	s->loaded_wall = fo_wall_ms();
	s->state = has_registrations(v) ? FO_LUA_RUNNING : FO_LUA_FINISHED;
	if (exiting)
		fo_lua_ver_retire(v);
	return 0;
}

fo_lua_script *fo_lua_script_new(fo_lua_host *h, const char *path, bool trusted)
{
	fo_lua_script *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	s->host = h;
	snprintf(s->path, sizeof s->path, "%s", path);
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t bl = strlen(base);
	if (bl > 4 && strcmp(base + bl - 4, ".lua") == 0)
		bl -= 4;
	snprintf(s->name, sizeof s->name, "%.*s", (int)bl, base);
	s->trusted = trusted;
	s->state = FO_LUA_FAILED;
	h->scripts = fo_grow(h->scripts, &h->cap, h->n + 1, sizeof *h->scripts, 8);
	/* kept sorted by name for the view */
	size_t pos = h->n;
	while (pos > 0 && strcmp(h->scripts[pos - 1]->name, s->name) > 0) {
		h->scripts[pos] = h->scripts[pos - 1];
		pos--;
	}
	h->scripts[pos] = s;
	h->n++;
	h->gen++;
	return s;
}

void fo_lua_script_free(fo_lua_script *s)
{
	fo_lua_host *h = s->host;
	if (s->cur)
		fo_lua_ver_retire(s->cur);
	for (size_t i = 0; i < h->n; i++) {
		if (h->scripts[i] == s) {
			memmove(&h->scripts[i], &h->scripts[i + 1],
			        (h->n - i - 1) * sizeof *h->scripts);
			h->n--;
			break;
		}
	}
	h->gen++;
	free(s);
}

/* ---------------------------------------------------------------- the host */

fo_lua_host *fo_lua_host_new(fo_core *core)
{
	fo_lua_host *h = calloc(1, sizeof *h);
	if (!h)
		abort();
	h->core = core;
	h->gen = 1;
	fo_lua_view_register(h);
	return h;
}

void fo_lua_host_free(fo_lua_host *h)
{
	if (!h)
		return;
	fo_timer_stop(h->poll);
	fo_timer_stop(h->rescan_soon);
	fo_bus_remove_owner(h->core->bus, FO_LUA_BUS_OWNER);
	while (h->n)
		fo_lua_script_free(h->scripts[h->n - 1]);
	free(h->scripts);
	free(h);
}

bool fo_lua_host_busy(const fo_lua_host *h)
{
	return h && h->active > 0;
}

size_t fo_lua_host_count(const fo_lua_host *h)
{
	return h ? h->n : 0;
}
