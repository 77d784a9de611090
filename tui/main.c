/* main.c — the fleetops executable: the CLI (core/cli.c) with the ncurses
 * console as its interactive front end.  Its key bindings are part of the
 * configuration: a bad one stops start-up with exit code 2. */
#include "cli.h"
#include "keymap.h"
#include "tui.h"

int main(int argc, char **argv)
{
	return fo_cli_main_checked(argc, argv, fo_tui_run, tui_keymap_check);
}
