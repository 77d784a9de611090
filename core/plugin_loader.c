/* plugin_loader.c — dlopen, ABI check, init; a refusal never stops the
 * console, and its reason is kept for `fleetops plugins`. */
#include "plugin_loader.h"

#include "core.h"
#include "store.h"

#include <dirent.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sanitizer builds keep a plugin's code mapped after dlclose
 * (RTLD_NODELETE): LeakSanitizer then still symbolises its frames, and its
 * scan of thread-local storage at exit never meets the freed TLS block of
 * an unloaded plugin's library (it crashed there: "Tracer caught signal
 * 11").  Release builds unload plugins as before. */
#if defined(__SANITIZE_ADDRESS__)
#define PLUGIN_DLOPEN_EXTRA RTLD_NODELETE
#else
#define PLUGIN_DLOPEN_EXTRA 0
#endif

struct fo_plugins {
	fo_plugin *items;
	size_t n, cap;
	int current; /* index of the plugin in init, -1 otherwise */
	bool keep_mapped;
};

fo_plugins *fo_plugins_new(void)
{
	fo_plugins *p = calloc(1, sizeof *p);
	if (!p)
		abort();
	p->current = -1;
	return p;
}

static void plugin_clear(fo_plugin *pl)
{
	free(pl->path);
	free(pl->name);
	free(pl->version);
	free(pl->summary);
}

void fo_plugins_free(fo_plugins *p, fo_core *core)
{
	if (!p)
		return;
	for (size_t i = p->n; i-- > 0;) {
		fo_plugin *pl = &p->items[i];
		if (pl->status == FO_PLUGIN_LOADED && pl->desc->fini)
			pl->desc->fini(core, pl->state);
	}
	/* their table declarations live in the code about to be unmapped */
	if (!p->keep_mapped)
		fo_store_tables_remove_owner(core, -1, true);
	for (size_t i = p->n; i-- > 0;) {
		if (p->items[i].handle && !p->keep_mapped)
			dlclose(p->items[i].handle);
		plugin_clear(&p->items[i]);
	}
	free(p->items);
	free(p);
}

static fo_plugin *push(fo_plugins *p, const char *path)
{
	p->items = fo_grow(p->items, &p->cap, p->n + 1, sizeof *p->items, 16);
	fo_plugin *pl = &p->items[p->n++];
	memset(pl, 0, sizeof *pl);
	pl->path = fo_strdup(path);
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	pl->name = fo_strdup(base);
	char *dot = strstr(pl->name, ".so");
	if (dot)
		*dot = '\0';
	pl->version = fo_strdup("");
	pl->summary = fo_strdup("");
	return pl;
}

__attribute__((format(printf, 3, 4))) static fo_plugin_status refuse(fo_core *core, fo_plugin *pl,
                                                                     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(pl->reason, sizeof pl->reason, fmt, ap);
	va_end(ap);
	pl->status = FO_PLUGIN_REFUSED;
	if (pl->handle) {
		dlclose(pl->handle);
		pl->handle = NULL;
	}
	pl->desc = NULL;
	fo_log(core, FO_LOG_WARN, "plugin %s refused: %s", pl->path, pl->reason);
	return FO_PLUGIN_REFUSED;
}

fo_plugin_status fo_plugins_load_file(fo_plugins *p, fo_core *core, const char *path)
{
	fo_plugin *pl = push(p, path);
	int owner = (int)(p->n - 1);
	dlerror();
	pl->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | PLUGIN_DLOPEN_EXTRA);
	if (!pl->handle) {
		const char *e = dlerror();
		return refuse(core, pl, "cannot load: %s", e ? e : "unknown dlopen error");
	}
	fo_plugin_entry_fn entry;
	*(void **)&entry = dlsym(pl->handle, FO_PLUGIN_ENTRY_NAME);
	if (!entry)
		return refuse(core, pl, "missing entry symbol %s", FO_PLUGIN_ENTRY_NAME);
	const fo_plugin_desc *d = entry();
	if (!d)
		return refuse(core, pl, "entry symbol %s returned no descriptor",
		              FO_PLUGIN_ENTRY_NAME);
	if (d->abi != FO_PLUGIN_ABI) {
		char msg[64];
		snprintf(msg, sizeof msg, "%u, core has %d", d->abi, FO_PLUGIN_ABI);
		return refuse(core, pl, "plugin ABI version %s", msg);
	}
	if (!d->name || !*d->name || !d->init)
		return refuse(core, pl, "descriptor lacks a %s", !d->init ? "init" : "name");
	for (size_t i = 0; i + 1 < p->n; i++) {
		if (p->items[i].status == FO_PLUGIN_LOADED &&
		    strcmp(p->items[i].name, d->name) == 0)
			return refuse(core, pl, "a plugin named '%s' is already loaded", d->name);
	}
	free(pl->name);
	free(pl->version);
	free(pl->summary);
	pl->name = fo_strdup(d->name ? d->name : "");
	pl->version = fo_strdup(d->version ? d->version : "");
	pl->summary = fo_strdup(d->summary ? d->summary : "");
	pl->desc = d;
	char err[200] = "";
	p->current = owner;
	fo_status st = d->init(core, &pl->state, err, sizeof err);
	p->current = -1;
	if (st != FO_OK) {
		/* Forget everything it registered before failing. */
		fo_registry_remove_owner(core->registry, owner);
		fo_views_remove_owner(core->views, owner);
		fo_bus_remove_owner(core->bus, owner);
		fo_timers_stop_owner(core, owner);
		fo_dispatch_remove_owner(core, owner);
		fo_status_segment_remove_owner(core, owner);
		fo_alert_core_remove_owner(core, owner);
		fo_store_tables_remove_owner(core, owner, false);
		fo_config_remove_owner(core->config, owner);
		fo_lua_fns_remove_owner(core, owner);
		pl = &p->items[owner];
		return refuse(core, pl, "init failed: %s", *err ? err : "no reason given");
	}
	pl->status = FO_PLUGIN_LOADED;
	fo_log(core, FO_LOG_INFO, "plugin %s %s loaded from %s", pl->name, pl->version, path);
	return FO_PLUGIN_LOADED;
}

static int base_cmp(const void *a, const void *b)
{
	return strcmp(strrchr(*(char *const *)a, '/'), strrchr(*(char *const *)b, '/'));
}

static bool name_in_list(const char *name, const char *list)
{
	size_t nl = strlen(name);
	for (const char *p = list; p && *p;) {
		while (*p == ',' || *p == ' ')
			p++;
		size_t l = strcspn(p, ", ");
		if (l == nl && strncmp(p, name, l) == 0)
			return true;
		p += l;
	}
	return false;
}

void fo_plugins_load_path(fo_plugins *p, fo_core *core, const char *dirs, const char *skip)
{
	char *copy = fo_strdup(dirs ? dirs : "");
	char **names = NULL; /* full paths, OWNED */
	size_t n = 0, cap = 0;
	char *save = NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		DIR *dh = opendir(dir);
		if (!dh)
			continue;
		struct dirent *e;
		while ((e = readdir(dh))) {
			size_t l = strlen(e->d_name);
			if (l < 4 || strcmp(e->d_name + l - 3, ".so") != 0)
				continue;
			bool seen = false;
			for (size_t i = 0; i < n; i++) {
				const char *b = strrchr(names[i], '/') + 1;
				if (strcmp(b, e->d_name) == 0)
					seen = true;
			}
			if (seen)
				continue; /* the first directory providing a name wins */
			names = fo_grow(names, &cap, n + 1, sizeof *names, 16);
			if (asprintf(&names[n], "%s/%s", dir, e->d_name) < 0)
				abort();
			n++;
		}
		closedir(dh);
	}
	free(copy);
	/* Sort by base name so load order does not depend on the directory. */
	if (n > 1)
		qsort(names, n, sizeof *names, base_cmp);
	for (size_t i = 0; i < n; i++) {
		char base[256];
		snprintf(base, sizeof base, "%s", strrchr(names[i], '/') + 1);
		base[strlen(base) - 3] = '\0';
		if (name_in_list(base, skip)) {
			fo_plugin *pl = push(p, names[i]);
			pl->status = FO_PLUGIN_DISABLED;
			snprintf(pl->reason, sizeof pl->reason, "disabled by plugins_disable");
		} else {
			fo_plugins_load_file(p, core, names[i]);
		}
		free(names[i]);
	}
	free(names);
}

void fo_plugins_keep_mapped(fo_plugins *p)
{
	p->keep_mapped = true;
}

size_t fo_plugins_count(const fo_plugins *p)
{
	return p->n;
}

const fo_plugin *fo_plugins_at(const fo_plugins *p, size_t i)
{
	return i < p->n ? &p->items[i] : NULL;
}

int fo_plugins_current_owner(const fo_plugins *p)
{
	return p->current;
}
