/* theme.h — colour roles and theme files.
 * A theme file has `role = FG BG [bold] [reverse] [underline] [dim]` lines;
 * colours are names (black, red, ..., bright-white, default), numbers
 * (0-255) or #rrggbb.  '#' at the start of a line is a comment. */
#ifndef FO_TUI_THEME_H
#define FO_TUI_THEME_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	TUI_R_NORMAL,
	TUI_R_HEADER,
	TUI_R_SELECTED,
	TUI_R_TAB,
	TUI_R_TAB_ACTIVE,
	TUI_R_STATUS,
	TUI_R_ERROR,
	TUI_R_WARN,
	TUI_R_OK,
	TUI_R_DIM,
	TUI_R_ACCENT,
	TUI_R_CHART,
	TUI_R_BORDER,
	TUI_R_TITLE,
	TUI_R__COUNT
} tui_role;

typedef enum {
	TUI_COLOR_NONE,
	TUI_COLOR_8,
	TUI_COLOR_16,
	TUI_COLOR_256,
	TUI_COLOR_TRUE
} tui_color_mode;

typedef enum { TUI_C_DEFAULT, TUI_C_INDEX, TUI_C_RGB } tui_color_kind;

typedef struct {
	tui_color_kind kind;
	int value; /* palette index or 0xRRGGBB */
} tui_color;

typedef struct {
	tui_color fg, bg;
	unsigned attrs; /* TUI_AT_* */
} tui_style;

enum { TUI_AT_BOLD = 1, TUI_AT_REVERSE = 2, TUI_AT_UNDERLINE = 4, TUI_AT_DIM = 8 };

typedef struct {
	char name[64];
	tui_style role[TUI_R__COUNT];
	tui_color_mode mode;
	/* curses attributes per role after tui_theme_apply */
	unsigned long attr[TUI_R__COUNT];
	short pair[TUI_R__COUNT];
} tui_theme;

/* Built-in default (dark) theme. */
void tui_theme_defaults(tui_theme *th);
/* Parses theme text; returns 0 or -1 with "LINE: reason" in err; th is
 * only changed on success. */
int tui_theme_parse(tui_theme *th, const char *text, char *err, size_t errlen);
/* Finds NAME (or a path) and loads it; -1 with err filled on failure and
 * th unchanged. exe_dir may be "". */
int tui_theme_load(tui_theme *th, const char *name, const char *exe_dir, char *err, size_t errlen);
/* Creates the colour pairs for mode (curses must be running). */
void tui_theme_apply(tui_theme *th, tui_color_mode mode);
const char *tui_role_name(tui_role r);
/* Maps 0xRRGGBB to the nearest colour of an n-colour palette (8, 16, 256). */
int tui_color_nearest(int rgb, int ncolors);

#endif
