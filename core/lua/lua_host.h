/* lua_host.h — the Lua 5.4 script host of the core.
 *
 * Scripts (*.lua) load from the script directories: option scripts.path,
 * else the shipped scripts/ (found next to the binary like themes/ and
 * sql/) and then $XDG_CONFIG_HOME/fleetops/scripts; a script in a later
 * directory replaces a shipped one of the same file name.  Each runs
 * sandboxed (lua_sandbox.h) with the `fleetops` API (scripts/API.md).
 * Scripts are shown by the view "scripts.status" and the `script` commands;
 * with watching on, a changed file is reloaded and a file that fails to
 * load leaves the previous version running, its error shown. */
#ifndef FO_LUA_HOST_H
#define FO_LUA_HOST_H

#include "fleetops_plugin.h"

typedef struct fo_lua_host fo_lua_host;

/* Registers the scripts view and commands; loads nothing yet.  OWNED by
 * the core (core->lua), freed by fo_lua_host_free. */
fo_lua_host *fo_lua_host_new(fo_core *core);
void fo_lua_host_free(fo_lua_host *h);

/* Loads every script of the script directories (unless option scripts is
 * false).  watch: poll them every scripts.poll_ms and reload on change. */
void fo_lua_host_start(fo_lua_host *h, bool watch);
/* Looks at the directories now: loads new and changed files, unloads
 * removed ones.  From inside a script it happens just after. */
void fo_lua_host_rescan(fo_lua_host *h);
/* True while a script runs (the loop must not be run from inside one). */
bool fo_lua_host_busy(const fo_lua_host *h);
/* Scripts known (loaded or failed). */
size_t fo_lua_host_count(const fo_lua_host *h);

/* `fleetops run SCRIPT.lua ARGS...` (argv[0] is the script): runs it as
 * a one-shot script with the args.  When the chunk returns an integer,
 * that is the exit code; when it left timers or handlers, the loop runs
 * until fleetops.exit(CODE), until none is left, an error, or a signal
 * (128 + its number).  Errors go to stderr as FILE:LINE: message with exit
 * 1; a missing or unreadable file is a usage error (2). */
int fo_lua_run_main(fo_core *core, int argc, char **argv);

/* `fleetops serve [--seconds S]`: runs feeds and scripts without a
 * terminal until SIGTERM or SIGINT (exit 0), or for S seconds. */
int fo_lua_serve_main(fo_core *core, int argc, char **argv);

#endif
