/* caps.c — terminal capabilities, detected in one place: UTF-8 (with the
 * ascii option as an override) and colour depth (NO_COLOR, color option,
 * terminfo colours and the RGB flag for direct colour). */
#include "tui_int.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <term.h>

static tui_color_mode terminal_depth(void)
{
	/* COLORS is known once start_color ran */
	int rgb = tigetflag("RGB");
	if (COLORS >= 0x1000000 || (rgb > 0 && COLORS >= 256 * 256 * 256))
		return TUI_COLOR_TRUE;
	if (COLORS >= 256)
		return TUI_COLOR_256;
	if (COLORS >= 16)
		return TUI_COLOR_16;
	if (COLORS >= 8)
		return TUI_COLOR_8;
	return TUI_COLOR_NONE;
}

void tui_caps_detect(tui *t)
{
	const char *cs = nl_langinfo(CODESET);
	t->caps.utf8 = cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0) &&
	               !fo_config_bool(t->core, "ascii");

	const char *opt = fo_config_str(t->core, "color");
	const char *nc = getenv("NO_COLOR");
	tui_color_mode want;
	if ((nc && *nc) || (opt && strcasecmp(opt, "none") == 0))
		want = TUI_COLOR_NONE;
	else if (opt && strcmp(opt, "16") == 0)
		want = TUI_COLOR_16;
	else if (opt && strcmp(opt, "256") == 0)
		want = TUI_COLOR_256;
	else if (opt && (strcasecmp(opt, "truecolor") == 0 || strcasecmp(opt, "24bit") == 0))
		want = TUI_COLOR_TRUE;
	else
		want = TUI_COLOR_TRUE; /* auto: as much as the terminal has */

	tui_color_mode have = TUI_COLOR_NONE;
	/* Under NO_COLOR start_color is never called: not even the
	 * terminal's default-colour reset goes out. */
	if (want != TUI_COLOR_NONE && has_colors() && start_color() == OK) {
		use_default_colors();
		have = terminal_depth();
	}
	t->caps.color = want < have ? want : have;
	t->caps.colors = t->caps.color == TUI_COLOR_NONE ? 0 : COLORS;
	t->chart = t->caps.utf8 ? TUI_CHART_BRAILLE : TUI_CHART_ASCII;
}
