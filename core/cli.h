/* cli.h — command-line entry: global flags, subcommands, exit codes.
 *   0 success, 1 runtime failure, 2 usage error. */
#ifndef FO_CLI_H
#define FO_CLI_H

#include "core.h"

typedef int (*fo_frontend_fn)(fo_core *core);

/* Parses argv, builds the core, and either runs a subcommand or hands the
 * core to the interactive front end. */
int fo_cli_main(int argc, char **argv, fo_frontend_fn interactive);

#endif
