/* config.h — the typed options (the core's table and those plugins
 * declare, see fleetops_plugin.h) and their layered sources.
 *
 * Precedence, highest first: command-line flags > FLEETOPS_* environment >
 * user config ($XDG_CONFIG_HOME/fleetops/config, or --config FILE) >
 * system config (/etc/fleetops/config) > defaults in the table.
 *
 * Config files hold `name = value` lines; '#' starts a comment.  Lines
 * `key.ACTION = KEY` remap keys (see tui/keymap.c) and are kept verbatim.
 */
#ifndef FO_CONFIG_H
#define FO_CONFIG_H

#include "fleetops_plugin.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	FO_SRC_DEFAULT,
	FO_SRC_SYSTEM,
	FO_SRC_USER,
	FO_SRC_ENV,
	FO_SRC_FLAG,
} fo_opt_source;

/* The core's own options (core/config_table.c); plugins declare theirs
 * with fo_options_register. */
extern const fo_opt_def fo_opt_table[];
extern const size_t fo_opt_count;
/* The words some of them take, '|'-separated (config_table.c). */
typedef struct {
	const char *name;
	const char *choices;
} fo_opt_choice;
extern const fo_opt_choice fo_opt_choices[];
extern const size_t fo_opt_nchoices;

typedef struct fo_config fo_config;

/* OWNED; the core's table, defaults applied, holding (below). */
fo_config *fo_config_new(void);
void fo_config_free(fo_config *c);

/* Declares n more options for owner (a plugin's index, -1 the core); defs
 * are borrowed until fo_config_remove_owner.  Values held back for them
 * (fo_config_hold) are checked and applied now; a failure is kept for
 * fo_config_held_error.  Returns 0, or -1 with err filled when a name or
 * flag is already declared or a default does not parse (nothing added). */
int fo_config_add(fo_config *c, const fo_opt_def *defs, size_t n, int owner, char *err,
                  size_t errlen);
void fo_config_remove_owner(fo_config *c, int owner);
/* Every declared option, in declaration order (the core's first). */
size_t fo_config_count(const fo_config *c);
const fo_opt_def *fo_config_at(const fo_config *c, size_t i);
/* The option whose --flag is name[0..len), NULL when none. */
const fo_opt_def *fo_config_flag_def(const fo_config *c, const char *name, size_t len);

/* Start-up, before plugins load: while holding (from fo_config_new until
 * fo_config_hold(c, false), which fo_core_check_options calls), a value
 * for an undeclared name (fo_config_set, a config file) is kept back
 * instead of refused, and so are flags fo_config_hold_flag records; they
 * apply when a plugin declares the option.  Ending the hold drops what is
 * left; from then on an undeclared name is an error. */
void fo_config_hold(fo_config *c, bool on);
/* A flag not declared yet: --name=value (value), or --name followed by
 * next (value NULL; next NULL when it was the last word).  Bool options
 * take "true" and leave next alone. */
void fo_config_hold_flag(fo_config *c, const char *name, const char *value, const char *next);
/* The first failure of a held value when its option was declared, worded
 * as a core option's: "config: FILE:LINE: option sim.vehicles: 'x' is not
 * an integer", "config: environment FLEETOPS_X: ...", or a flag's "option
 * sim.vehicles: ..."; NULL when none. */
const char *fo_config_held_error(const fo_config *c);
/* Held file and environment values still undeclared: name and where it
 * came from ("FILE:LINE", "environment FLEETOPS_X"); false past the end. */
bool fo_config_held_at(const fo_config *c, size_t i, const char **name, const char **origin);

/* Sets one option from text at a given precedence level; a lower level
 * never overwrites a higher one.  Returns 0, or -1 with err filled (unknown
 * option, bad type, out of range). */
int fo_config_set(fo_config *c, const char *name, const char *value, fo_opt_source src, char *err,
                  size_t errlen);
/* Loads a file at a level.  A missing file is not an error when
 * must_exist is false.  Returns 0 or -1 with "FILE:LINE: reason". */
int fo_config_load_file(fo_config *c, const char *path, fo_opt_source src, bool must_exist,
                        char *err, size_t errlen);
/* Applies FLEETOPS_<NAME> variables (dots and dashes become '_', upper
 * case), e.g. FLEETOPS_SIM_VEHICLES. envp NULL means environ. */
int fo_config_load_env(fo_config *c, char **envp, char *err, size_t errlen);
/* The standard system + user layering; user_file overrides the XDG path. */
int fo_config_load_standard(fo_config *c, const char *user_file, char *err, size_t errlen);

const char *fo_config_get_str(const fo_config *c, const char *name);
long fo_config_get_int(const fo_config *c, const char *name);
double fo_config_get_double(const fo_config *c, const char *name);
bool fo_config_get_bool(const fo_config *c, const char *name);
fo_opt_source fo_config_source(const fo_config *c, const char *name);
/* The declaration of an option, NULL when none declares it. */
const fo_opt_def *fo_config_find(const fo_config *c, const char *name);
/* Among the core's own options only (no config at hand); NULL when unknown. */
const fo_opt_def *fo_config_def(const char *name);
const char *fo_opt_source_name(fo_opt_source s);

/* Key bindings from config files: "key.quit = q" etc.  Borrowed strings;
 * later files override earlier ones; an action bound twice in one file is
 * refused (file and both lines in the error). */
size_t fo_config_key_count(const fo_config *c);
void fo_config_key_at(const fo_config *c, size_t i, const char **action, const char **key);
/* "FILE:LINE" of binding i, "" when not from a file. */
const char *fo_config_key_origin(const fo_config *c, size_t i);

#endif
