/* plugin_loader.h — finds, checks and loads plugins. */
#ifndef FO_PLUGIN_LOADER_H
#define FO_PLUGIN_LOADER_H

#include "fleetops_plugin.h"

typedef enum { FO_PLUGIN_LOADED, FO_PLUGIN_REFUSED, FO_PLUGIN_DISABLED } fo_plugin_status;

typedef struct {
	char *path; /* OWNED */
	char *name; /* from the descriptor, else the file name */
	char *version;
	char *summary;
	fo_plugin_status status;
	char reason[256]; /* why refused or disabled */
	void *handle;     /* dlopen handle while loaded */
	const fo_plugin_desc *desc;
	void *state;
} fo_plugin;

typedef struct fo_plugins fo_plugins;

fo_plugins *fo_plugins_new(void); /* OWNED */
/* Keeps every plugin mapped at free (no dlclose): a thread may still run
 * a plugin's code while the process exits. */
void fo_plugins_keep_mapped(fo_plugins *p);
/* Calls every loaded plugin's fini in reverse order, then dlcloses. */
void fo_plugins_free(fo_plugins *p, fo_core *core);
/* Loads one file; a refusal is recorded, never fatal. Returns its status. */
fo_plugin_status fo_plugins_load_file(fo_plugins *p, fo_core *core, const char *path);
/* Loads every NAME.so in each ':'-separated directory, sorted by name; the
 * first directory providing a name wins.  Names listed in skip
 * (comma-separated) are recorded as disabled. */
void fo_plugins_load_path(fo_plugins *p, fo_core *core, const char *dirs, const char *skip);
size_t fo_plugins_count(const fo_plugins *p);
const fo_plugin *fo_plugins_at(const fo_plugins *p, size_t i);
/* The owner tag of the plugin currently in init (-1 outside init). */
int fo_plugins_current_owner(const fo_plugins *p);

#endif
