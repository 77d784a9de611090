/* cli.h — command-line entry: global flags, subcommands, exit codes.
 *   0 success, 1 runtime failure, 2 usage error. */
#ifndef FO_CLI_H
#define FO_CLI_H

#include "core.h"

typedef int (*fo_frontend_fn)(fo_core *core);

/* Parses argv, builds the core, and either runs a subcommand or hands the
 * core to the interactive front end. */
int fo_cli_main(int argc, char **argv, fo_frontend_fn interactive);
/* The same, with the front end's own check of the configuration (its key
 * bindings): -1 with err filled stops start-up with exit code 2. */
typedef int (*fo_config_check_fn)(const fo_config *cfg, char *err, size_t errlen);
int fo_cli_main_checked(int argc, char **argv, fo_frontend_fn interactive,
                        fo_config_check_fn check);

#endif
