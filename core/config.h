/* config.h — the typed option table and its layered sources.
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

#include <stdbool.h>
#include <stddef.h>

typedef enum { FO_OPT_STR, FO_OPT_INT, FO_OPT_DOUBLE, FO_OPT_BOOL } fo_opt_type;

typedef enum {
	FO_SRC_DEFAULT,
	FO_SRC_SYSTEM,
	FO_SRC_USER,
	FO_SRC_ENV,
	FO_SRC_FLAG,
} fo_opt_source;

typedef struct {
	const char *name; /* "tick_hz", "sim.vehicles" */
	fo_opt_type type;
	const char *def;  /* default, as text */
	double min, max;  /* range for numbers; both 0 means unchecked */
	const char *flag; /* long flag without dashes, NULL when none */
	const char *help;
} fo_opt_def;

/* The one table (core/config_table.c). */
extern const fo_opt_def fo_opt_table[];
extern const size_t fo_opt_count;

typedef struct fo_config fo_config;

fo_config *fo_config_new(void); /* OWNED; defaults applied */
void fo_config_free(fo_config *c);

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
const fo_opt_def *fo_config_def(const char *name); /* NULL when unknown */
const char *fo_opt_source_name(fo_opt_source s);

/* Key bindings from config files: "key.quit = q" etc.  Borrowed strings;
 * later files override earlier ones. */
size_t fo_config_key_count(const fo_config *c);
void fo_config_key_at(const fo_config *c, size_t i, const char **action, const char **key);

#endif
