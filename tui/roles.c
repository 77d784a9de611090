/* roles.c — drawing in a theme role, and the role a view's style maps to. */
#include "tui_int.h"

void tui_set_role(tui *t, WINDOW *w, tui_role r)
{
	wattr_set(w, (attr_t)t->theme.attr[r], t->theme.pair[r], NULL);
}

tui_role tui_style_role(fo_style s)
{
	switch (s) {
	case FO_STYLE_DIM:
		return TUI_R_DIM;
	case FO_STYLE_OK:
		return TUI_R_OK;
	case FO_STYLE_WARN:
		return TUI_R_WARN;
	case FO_STYLE_ERROR:
		return TUI_R_ERROR;
	case FO_STYLE_ACCENT:
		return TUI_R_ACCENT;
	default:
		return TUI_R_NORMAL;
	}
}
