/* lua_scan.c — the script directories: finding them, loading what they
 * hold, and noticing changes (a stat poll on the loop). */
#include "lua_int.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The shipped scripts/: the build tree, an install relative to the
 * binary, then the data directory (as themes/ and sql/ are found). */
static void shipped_dir(char *buf, size_t len)
{
	char dir[PATH_MAX];
	fo_exe_dir(dir, sizeof dir);
	const char *suffix[] = {"/../scripts", "/../../scripts", "/../share/fleetops/scripts"};
	for (size_t i = 0; *dir && i < sizeof suffix / sizeof suffix[0]; i++) {
		char probe[PATH_MAX + 64];
		snprintf(probe, sizeof probe, "%s%s", dir, suffix[i]);
		char real[PATH_MAX];
		if (is_dir(probe) && realpath(probe, real)) {
			snprintf(buf, len, "%s", real);
			return;
		}
	}
	snprintf(buf, len, "%s/scripts", FO_DATADIR);
}

static void user_dir(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, len, "%s/fleetops/scripts", xdg);
	else if (home && *home)
		snprintf(buf, len, "%s/.config/fleetops/scripts", home);
	else
		buf[0] = '\0';
}

/* The directories, ':'-separated, into buf. */
static void script_dirs(fo_lua_host *h, char *buf, size_t len)
{
	const char *opt = fo_config_str(h->core, "scripts.path");
	if (*opt) {
		snprintf(buf, len, "%s", opt);
		return;
	}
	char a[PATH_MAX], b[PATH_MAX];
	shipped_dir(a, sizeof a);
	user_dir(b, sizeof b);
	snprintf(buf, len, "%s:%s", a, b);
}

/* True when dir (of a script) is one of the trusted directories. */
static bool trusted_dir(fo_lua_host *h, const char *dir)
{
	const char *list = fo_config_str(h->core, "scripts.trusted");
	char real[PATH_MAX];
	if (!*list || !realpath(dir, real))
		return false;
	char *copy = fo_strdup(list), *save = NULL;
	bool found = false;
	for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char rd[PATH_MAX];
		found = realpath(d, rd) && strcmp(rd, real) == 0;
	}
	free(copy);
	return found;
}

bool fo_lua_trusted_path(fo_lua_host *h, const char *file)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", file);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	return trusted_dir(h, dir);
}

typedef struct {
	char name[64];
	char path[PATH_MAX];
} found_file;

static int found_cmp(const void *a, const void *b)
{
	return strcmp(((const found_file *)a)->name, ((const found_file *)b)->name);
}

/* Every *.lua of the directories; a later directory's file replaces an
 * earlier one of the same name.  OWNED array. */
static found_file *find_files(fo_lua_host *h, size_t *n)
{
	char dirs[3 * PATH_MAX];
	script_dirs(h, dirs, sizeof dirs);
	found_file *v = NULL;
	size_t cap = 0;
	*n = 0;
	char *save = NULL;
	for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		DIR *dp = opendir(d);
		if (!dp)
			continue;
		for (struct dirent *e; (e = readdir(dp));) {
			size_t l = strlen(e->d_name);
			if (e->d_name[0] == '.' || l < 5 || l > 60 ||
			    strcmp(e->d_name + l - 4, ".lua") != 0)
				continue;
			char path[PATH_MAX];
			struct stat st;
			snprintf(path, sizeof path, "%s/%s", d, e->d_name);
			if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
				continue;
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)(l - 4), e->d_name);
			size_t k = 0;
			while (k < *n && strcmp(v[k].name, name) != 0)
				k++;
			if (k == *n) {
				v = fo_grow(v, &cap, *n + 1, sizeof *v, 16);
				(*n)++;
			}
			memcpy(v[k].name, name, sizeof name);
			snprintf(v[k].path, sizeof v[k].path, "%s", path);
		}
		closedir(dp);
	}
	if (*n)
		qsort(v, *n, sizeof *v, found_cmp);
	return v;
}

static bool changed(const fo_lua_script *s)
{
	struct stat st;
	if (stat(s->path, &st) != 0)
		return true;
	return st.st_mtim.tv_sec != s->mtime || st.st_mtim.tv_nsec != s->mtime_ns ||
	       st.st_size != s->size || st.st_ino != s->ino;
}

static void load_script(fo_lua_script *s, bool reload)
{
	char err[512];
	bool had = s->cur != NULL;
	if (fo_lua_script_load(s, 0, NULL, NULL, NULL, err, sizeof err) == 0) {
		fo_log(s->host->core, FO_LOG_INFO, "script %s: %s (%s)", s->name,
		       reload ? "reloaded" : "loaded", s->path);
		return;
	}
	s->failed_loads++;
	if (had) {
		s->state = FO_LUA_FAILED;
		fo_lua_script_error(s, "reload failed, the previous version still runs: %s", err);
	} else {
		s->state = FO_LUA_FAILED;
		fo_lua_script_error(s, "%s", err);
	}
}

static void soon_cb(fo_core *core, void *ud)
{
	(void)core;
	fo_lua_host *h = ud;
	h->rescan_soon = NULL; /* a one-shot timer frees itself */
	fo_lua_host_rescan(h);
}

void fo_lua_host_rescan(fo_lua_host *h)
{
	if (h->active > 0) {
		/* never under a running script: its state could be the one swapped */
		if (!h->rescan_soon)
			h->rescan_soon = fo_timer_start(h->core, 0, 0, soon_cb, h);
		return;
	}
	size_t nf = 0;
	found_file *files = find_files(h, &nf);
	for (size_t i = 0; i < h->n; i++)
		h->scripts[i]->seen = h->scripts[i]->pinned;
	for (size_t f = 0; f < nf; f++) {
		fo_lua_script *s = NULL;
		for (size_t i = 0; i < h->n && !s; i++)
			if (!h->scripts[i]->pinned &&
			    strcmp(h->scripts[i]->path, files[f].path) == 0)
				s = h->scripts[i];
		if (!s) {
			s = fo_lua_script_new(h, files[f].path,
			                      fo_lua_trusted_path(h, files[f].path));
			s->seen = true;
			load_script(s, false);
		} else {
			s->seen = true;
			if (changed(s))
				load_script(s, true);
		}
	}
	free(files);
	for (size_t i = h->n; i-- > 0;) {
		if (!h->scripts[i]->seen) {
			fo_log(h->core, FO_LOG_INFO, "script %s: removed", h->scripts[i]->name);
			fo_lua_script_free(h->scripts[i]);
		}
	}
}

static void poll_cb(fo_core *core, void *ud)
{
	(void)core;
	fo_lua_host_rescan(ud);
}

void fo_lua_host_start(fo_lua_host *h, bool watch)
{
	if (h->started || !fo_config_bool(h->core, "scripts"))
		return;
	h->started = true;
	fo_lua_host_rescan(h);
	if (watch) {
		uint64_t ms = (uint64_t)fo_config_int(h->core, "scripts.poll_ms");
		h->poll = fo_timer_start(h->core, ms, ms, poll_cb, h);
	}
}
