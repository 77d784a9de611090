/* main.c — the fleetops executable: the CLI (core/cli.c) with the ncurses
 * console as its interactive front end. */
#include "cli.h"
#include "tui.h"

int main(int argc, char **argv)
{
	return fo_cli_main(argc, argv, fo_tui_run);
}
