/* theme.c — colour roles, theme files and their mapping onto the colours
 * the terminal has (none, 8, 16, 256 or direct RGB). */
#include "theme.h"

#include <ctype.h>
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const role_names[TUI_R__COUNT] = {
    "normal", "header", "selected", "tab",    "tab_active", "status", "error",
    "warn",   "ok",     "dim",      "accent", "chart",      "border", "title",
};

static const char *const color_names[16] = {
    "black",        "red",           "green",       "yellow",         "blue",
    "magenta",      "cyan",          "white",       "bright-black",   "bright-red",
    "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan",
    "bright-white",
};

/* xterm's default palette, for matching RGB onto 16 colours. */
static const int palette16[16] = {
    0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
    0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

const char *tui_role_name(tui_role r)
{
	return r >= 0 && r < TUI_R__COUNT ? role_names[r] : "?";
}

#define IDX(n) ((tui_color){TUI_C_INDEX, (n)})
#define DEF ((tui_color){TUI_C_DEFAULT, 0})

void tui_theme_defaults(tui_theme *th)
{
	memset(th, 0, sizeof *th);
	snprintf(th->name, sizeof th->name, "built-in");
	tui_style *r = th->role;
	r[TUI_R_NORMAL] = (tui_style){DEF, DEF, 0};
	r[TUI_R_HEADER] = (tui_style){IDX(6), DEF, TUI_AT_BOLD | TUI_AT_UNDERLINE};
	r[TUI_R_SELECTED] = (tui_style){IDX(0), IDX(6), 0};
	r[TUI_R_TAB] = (tui_style){IDX(7), IDX(4), 0};
	r[TUI_R_TAB_ACTIVE] = (tui_style){IDX(0), IDX(3), TUI_AT_BOLD};
	r[TUI_R_STATUS] = (tui_style){IDX(7), IDX(4), 0};
	r[TUI_R_ERROR] = (tui_style){IDX(1), DEF, TUI_AT_BOLD};
	r[TUI_R_WARN] = (tui_style){IDX(3), DEF, 0};
	r[TUI_R_OK] = (tui_style){IDX(2), DEF, 0};
	r[TUI_R_DIM] = (tui_style){DEF, DEF, TUI_AT_DIM};
	r[TUI_R_ACCENT] = (tui_style){IDX(5), DEF, TUI_AT_BOLD};
	r[TUI_R_CHART] = (tui_style){IDX(2), DEF, 0};
	r[TUI_R_BORDER] = (tui_style){IDX(4), DEF, 0};
	r[TUI_R_TITLE] = (tui_style){IDX(6), DEF, TUI_AT_BOLD};
}

/* Attributes used when there is no colour at all (NO_COLOR, mono): every
 * role must still be told apart. */
static unsigned mono_attrs(tui_role r)
{
	switch (r) {
	case TUI_R_HEADER:
		return TUI_AT_BOLD | TUI_AT_UNDERLINE;
	case TUI_R_SELECTED:
		return TUI_AT_REVERSE;
	case TUI_R_TAB:
		return 0;
	case TUI_R_TAB_ACTIVE:
		return TUI_AT_REVERSE | TUI_AT_BOLD;
	case TUI_R_STATUS:
		return TUI_AT_REVERSE;
	case TUI_R_ERROR:
		return TUI_AT_BOLD;
	case TUI_R_WARN:
		return TUI_AT_UNDERLINE;
	case TUI_R_DIM:
		return TUI_AT_DIM;
	case TUI_R_ACCENT:
		return TUI_AT_BOLD;
	case TUI_R_TITLE:
		return TUI_AT_BOLD;
	default:
		return 0;
	}
}

static int parse_color(const char *s, tui_color *c)
{
	if (strcasecmp(s, "default") == 0 || strcmp(s, "-") == 0) {
		*c = DEF;
		return 0;
	}
	if (s[0] == '#') {
		if (strlen(s) != 7)
			return -1;
		for (int i = 1; i < 7; i++)
			if (!isxdigit((unsigned char)s[i]))
				return -1;
		*c = (tui_color){TUI_C_RGB, (int)strtol(s + 1, NULL, 16)};
		return 0;
	}
	if (isdigit((unsigned char)s[0])) {
		char *end;
		long v = strtol(s, &end, 10);
		if (*end || v < 0 || v > 255)
			return -1;
		*c = IDX((int)v);
		return 0;
	}
	for (int i = 0; i < 16; i++)
		if (strcasecmp(color_names[i], s) == 0 || (i == 8 && strcasecmp(s, "gray") == 0) ||
		    (i == 8 && strcasecmp(s, "grey") == 0)) {
			*c = IDX(i);
			return 0;
		}
	return -1;
}

static int parse_attr(const char *s, unsigned *at)
{
	if (strcasecmp(s, "bold") == 0)
		*at |= TUI_AT_BOLD;
	else if (strcasecmp(s, "reverse") == 0)
		*at |= TUI_AT_REVERSE;
	else if (strcasecmp(s, "underline") == 0)
		*at |= TUI_AT_UNDERLINE;
	else if (strcasecmp(s, "dim") == 0)
		*at |= TUI_AT_DIM;
	else
		return -1;
	return 0;
}

int tui_theme_parse(tui_theme *th, const char *text, char *err, size_t errlen)
{
	tui_theme nt;
	tui_theme_defaults(&nt);
	snprintf(nt.name, sizeof nt.name, "%s", th->name);
	int lineno = 0;
	const char *p = text;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char line[256];
		lineno++;
		if (n >= sizeof line) {
			snprintf(err, errlen, "line %d: too long", lineno);
			return -1;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		p += n + (eol ? 1 : 0);
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "line %d: expected 'role = fg bg [attrs]'", lineno);
			return -1;
		}
		*eq = '\0';
		char *save = NULL;
		char *rname = strtok_r(s, " \t", &save);
		int role = -1;
		for (int r = 0; rname && r < TUI_R__COUNT; r++)
			if (strcmp(role_names[r], rname) == 0)
				role = r;
		if (role < 0) {
			snprintf(err, errlen, "line %d: unknown role '%s'", lineno,
			         rname ? rname : "");
			return -1;
		}
		tui_style st = {DEF, DEF, 0};
		int word = 0;
		for (char *w = strtok_r(eq + 1, " \t\r", &save); w;
		     w = strtok_r(NULL, " \t\r", &save), word++) {
			if (word == 0 && parse_color(w, &st.fg) == 0)
				continue;
			if (word == 1 && parse_color(w, &st.bg) == 0)
				continue;
			if (word >= 2 && parse_attr(w, &st.attrs) == 0)
				continue;
			if (word < 2 && parse_attr(w, &st.attrs) == 0) {
				word = 2;
				continue;
			}
			snprintf(err, errlen, "line %d: bad %s '%s'", lineno,
			         word < 2 ? "colour" : "attribute", w);
			return -1;
		}
		nt.role[role] = st;
	}
	memcpy(th->role, nt.role, sizeof th->role);
	return 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	if (!buf)
		abort();
	size_t n;
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 >= cap) {
			if (cap >= (1u << 20))
				break; /* a theme is never this large */
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
	}
	buf[len] = '\0';
	fclose(f);
	return buf;
}

int tui_theme_load(tui_theme *th, const char *name, const char *exe_dir, char *err, size_t errlen)
{
	char path[1024];
	char *text = NULL;
	if (!name || !*name) {
		snprintf(err, errlen, "no theme name");
		return -1;
	}
	if (strchr(name, '/') || strstr(name, ".theme")) {
		snprintf(path, sizeof path, "%s", name);
		text = slurp(path);
	} else {
		/* build tree (build/ or build/bench/), an install relative to
		 * the binary, then the configured data directory */
		for (int i = 0; i < 4 && !text; i++) {
			if (i == 0 && exe_dir && *exe_dir)
				snprintf(path, sizeof path, "%s/../themes/%s.theme", exe_dir, name);
			else if (i == 1 && exe_dir && *exe_dir)
				snprintf(path, sizeof path, "%s/../../themes/%s.theme", exe_dir,
				         name);
			else if (i == 2 && exe_dir && *exe_dir)
				snprintf(path, sizeof path, "%s/../share/fleetops/themes/%s.theme",
				         exe_dir, name);
			else if (i == 3)
				snprintf(path, sizeof path, "%s/themes/%s.theme", FO_DATADIR, name);
			else
				continue;
			text = slurp(path);
		}
	}
	if (!text) {
		snprintf(err, errlen, "theme '%s': not found (%s)", name, strerror(errno));
		return -1;
	}
	tui_theme nt = *th;
	char perr[160];
	int rc = tui_theme_parse(&nt, text, perr, sizeof perr);
	free(text);
	if (rc != 0) {
		snprintf(err, errlen, "theme %s: %s", path, perr);
		return -1;
	}
	const char *base = strrchr(name, '/');
	snprintf(nt.name, sizeof nt.name, "%s", base ? base + 1 : name);
	*th = nt;
	return 0;
}

static int dist2(int a, int b)
{
	int dr = ((a >> 16) & 255) - ((b >> 16) & 255);
	int dg = ((a >> 8) & 255) - ((b >> 8) & 255);
	int db = (a & 255) - (b & 255);
	return dr * dr * 3 + dg * dg * 4 + db * db * 2;
}

static int rgb_of_256(int i)
{
	if (i < 16)
		return palette16[i];
	if (i < 232) {
		static const int lv[6] = {0, 95, 135, 175, 215, 255};
		i -= 16;
		return lv[i / 36] << 16 | lv[(i / 6) % 6] << 8 | lv[i % 6];
	}
	int g = 8 + (i - 232) * 10;
	return g << 16 | g << 8 | g;
}

int tui_color_nearest(int rgb, int ncolors)
{
	int best = 0, bestd = -1;
	int n = ncolors >= 256 ? 256 : ncolors >= 16 ? 16 : 8;
	/* In 256 colours skip 0-15: terminals redefine them. */
	for (int i = n == 256 ? 16 : 0; i < n; i++) {
		int d = dist2(rgb, rgb_of_256(i));
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

/* Colour number for curses in mode; -1 is the terminal default.  *bold is
 * set when a bright colour had to become bold on an 8-colour terminal. */
static int resolve(tui_color c, tui_color_mode mode, bool *bold)
{
	switch (c.kind) {
	case TUI_C_DEFAULT:
		return -1;
	case TUI_C_RGB:
		if (mode == TUI_COLOR_TRUE)
			return c.value;
		c = IDX(tui_color_nearest(c.value, mode == TUI_COLOR_256  ? 256
		                                   : mode == TUI_COLOR_16 ? 16
		                                                          : 8));
		break;
	case TUI_C_INDEX:
		break;
	}
	int i = c.value;
	switch (mode) {
	case TUI_COLOR_TRUE:
		/* Direct-colour terminfo treats 0-7 as the ANSI colours. */
		return i < 8 ? i : rgb_of_256(i);
	case TUI_COLOR_256:
		return i;
	case TUI_COLOR_16:
		return i < 16 ? i : tui_color_nearest(rgb_of_256(i), 16);
	default:
		if (i >= 16)
			i = tui_color_nearest(rgb_of_256(i), 16);
		if (i >= 8) {
			*bold = true;
			i -= 8;
		}
		return i;
	}
}

static unsigned long curses_attrs(unsigned at)
{
	unsigned long a = A_NORMAL;
	if (at & TUI_AT_BOLD)
		a |= A_BOLD;
	if (at & TUI_AT_REVERSE)
		a |= A_REVERSE;
	if (at & TUI_AT_UNDERLINE)
		a |= A_UNDERLINE;
	if (at & TUI_AT_DIM)
		a |= A_DIM;
	return a;
}

void tui_theme_apply(tui_theme *th, tui_color_mode mode)
{
	th->mode = mode;
	for (int r = 0; r < TUI_R__COUNT; r++) {
		const tui_style *st = &th->role[r];
		th->pair[r] = 0;
		if (mode == TUI_COLOR_NONE) {
			th->attr[r] = curses_attrs(mono_attrs((tui_role)r) | st->attrs);
			continue;
		}
		bool bold = false;
		int fg = resolve(st->fg, mode, &bold);
		int bg = resolve(st->bg, mode, &bold);
		th->attr[r] = curses_attrs(st->attrs) | (bold ? A_BOLD : 0);
		if (fg == -1 && bg == -1)
			continue;
		if (init_extended_pair(r + 1, fg, bg) == OK)
			th->pair[r] = (short)(r + 1);
	}
}
