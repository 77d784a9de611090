/* tui.h — the ncurses front end. It knows no domain: it draws the panes and
 * views the core's registry holds and runs commands through the registry. */
#ifndef FO_TUI_H
#define FO_TUI_H

#include "core.h"

/* Runs the console on the core's loop until the user quits. Returns the
 * process exit code (0 on a normal quit). Requires a terminal on stdin and
 * stdout; says so and returns 1 otherwise. */
int fo_tui_run(fo_core *core);

#endif
