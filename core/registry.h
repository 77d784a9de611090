/* registry.h — the one command registry (like tmux's command table).
 *
 * Every action is a command: the TUI's ':' line, key bindings, the shell
 * (`fleetops DOMAIN VERB ...`) and scripts all run through
 * fo_registry_run_argv, which parses typed arguments and enforces
 * --readonly in one place. */
#ifndef FO_REGISTRY_H
#define FO_REGISTRY_H

#include "fleetops_plugin.h"

typedef struct fo_registry fo_registry;

fo_registry *fo_registry_new(void); /* OWNED */
void fo_registry_free(fo_registry *r);

/* Registers a borrowed spec with the ud its function gets, under an owner
 * tag (the plugin's index, or -1 for the core).  Returns 0, or -1 with err
 * filled: duplicate domain+verb, missing fields, required args after
 * optional ones. */
int fo_registry_add(fo_registry *r, const fo_cmd_spec *spec, void *ud, int owner, char *err,
                    size_t errlen);
/* Removes everything an owner registered (a plugin whose init failed). */
void fo_registry_remove_owner(fo_registry *r, int owner);

size_t fo_registry_count(const fo_registry *r);
const fo_cmd_spec *fo_registry_at(const fo_registry *r, size_t i); /* sorted by domain, verb */
const fo_cmd_spec *fo_registry_find(const fo_registry *r, const char *domain, const char *verb);
bool fo_registry_has_domain(const fo_registry *r, const char *domain);

/* Policies (fleetops_plugin.h: fo_policy_add): id > 0, or -1. */
int fo_registry_policy_add(fo_registry *r, const char *name, fo_policy_fn fn, void *ud);
/* Safe from inside a policy: the entry is skipped from then on. */
void fo_registry_policy_remove(fo_registry *r, int id);
size_t fo_registry_policy_count(const fo_registry *r);

/* Output buffer of one command run. OWNED by the caller. */
fo_out *fo_out_new(void);
void fo_out_free(fo_out *o);
const char *fo_out_text(const fo_out *o); /* "" when nothing */
const char *fo_out_err(const fo_out *o);  /* "" when no error */
void fo_out_clear(fo_out *o);

/* Parses words against spec's arguments as a command's are parsed
 * (positional or --name VALUE, types, choices, required); for plugins' Lua
 * functions (core/lua/lua_fn.c).  *args OWNED (free()), NULL on error;
 * FO_ARG_REST values point into argv. */
fo_status fo_args_parse(fo_core *core, const fo_cmd_spec *spec, int argc, char **argv,
                        fo_args **args, fo_out *out);
/* Runs argv = { domain, verb, args... }.  Usage errors (unknown command,
 * bad or missing arguments) return FO_EUSAGE; a mutating command under
 * readonly returns FO_ERR with "refused: ..." in the error. */
fo_status fo_registry_run_argv(fo_core *core, int argc, char **argv, fo_out *out);
/* Splits a command line (shell-like quoting: '...', "...", backslash) and
 * runs it. */
fo_status fo_registry_run_line(fo_core *core, const char *line, fo_out *out);

/* Splits a line into words; returns count or -1 on unbalanced quotes.
 * Words are OWNED by the caller: free with fo_split_free. */
int fo_split_line(const char *line, char ***words);
void fo_split_free(char **words, int n);

/* Usage line, e.g. "vehicle show ID [--history]". Writes into buf. */
void fo_cmd_usage(const fo_cmd_spec *c, char *buf, size_t len);

/* Completion of the word at the end of a partial line.  Calls emit for each
 * candidate (full word).  Candidates come from the registry and, for typed
 * args, from the model and the view list. */
void fo_registry_complete(fo_core *core, const char *line, void (*emit)(const char *cand, void *ud),
                          void *ud);

#endif
