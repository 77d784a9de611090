/* cmdline.c — the ':' command line and the '/' filter line: editing,
 * Tab completion from the registry, history kept in a file, and running a
 * command (with a y/N confirmation for dangerous ones). */
#include "tui_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TUI_CTRL(c) ((c)&0x1f)

/* ---- history */

static void mkdirs(const char *path)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0700);
			*p = '/';
		}
}

static void hist_push(tui_line *l, const char *s)
{
	if (!*s || (l->nhist && strcmp(l->hist[l->nhist - 1], s) == 0))
		return;
	if (l->nhist == TUI_HIST_MAX) {
		free(l->hist[0]);
		memmove(l->hist, l->hist + 1, (TUI_HIST_MAX - 1) * sizeof l->hist[0]);
		l->nhist--;
	}
	l->hist[l->nhist++] = fo_strdup(s);
}

void tui_history_load(tui *t)
{
	tui_line *l = &t->line;
	const char *opt = fo_config_str(t->core, "history_file");
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	if (opt && *opt)
		snprintf(l->hist_path, sizeof l->hist_path, "%s", opt);
	else if (state && *state)
		snprintf(l->hist_path, sizeof l->hist_path, "%s/fleetops/history", state);
	else if (home && *home)
		snprintf(l->hist_path, sizeof l->hist_path, "%s/.local/state/fleetops/history",
		         home);
	else
		l->hist_path[0] = '\0';
	if (!l->hist_path[0])
		return;
	FILE *f = fopen(l->hist_path, "r");
	if (!f)
		return;
	char buf[TUI_LINE_MAX];
	while (fgets(buf, sizeof buf, f)) {
		buf[strcspn(buf, "\r\n")] = '\0';
		hist_push(l, buf);
	}
	fclose(f);
}

static void hist_save(tui *t, const char *s)
{
	tui_line *l = &t->line;
	if (!l->hist_path[0])
		return;
	mkdirs(l->hist_path);
	FILE *f = fopen(l->hist_path, "a");
	if (!f) {
		fo_log(t->core, FO_LOG_WARN, "history %s: %s", l->hist_path, strerror(errno));
		return;
	}
	fprintf(f, "%s\n", s);
	fclose(f);
}

void tui_history_free(tui *t)
{
	for (size_t i = 0; i < t->line.nhist; i++)
		free(t->line.hist[i]);
	t->line.nhist = 0;
}

/* ---- editing */

static void set_buf(tui_line *l, const char *s)
{
	snprintf(l->buf, sizeof l->buf, "%s", s);
	l->len = l->pos = strlen(l->buf);
}

void tui_line_open(tui *t, tui_mode mode, const char *init)
{
	t->mode = mode;
	set_buf(&t->line, init ? init : "");
	t->line.hpos = -1;
	t->dirty[TUI_W_CMD] = true;
}

static void insert(tui_line *l, const char *s, size_t n)
{
	if (l->len + n >= sizeof l->buf)
		return;
	memmove(l->buf + l->pos + n, l->buf + l->pos, l->len - l->pos + 1);
	memcpy(l->buf + l->pos, s, n);
	l->pos += n;
	l->len += n;
}

static void delete_back(tui_line *l, size_t n)
{
	if (n > l->pos)
		n = l->pos;
	memmove(l->buf + l->pos - n, l->buf + l->pos, l->len - l->pos + 1);
	l->pos -= n;
	l->len -= n;
}

/* Bytes of the UTF-8 character before pos. */
static size_t prev_char(const tui_line *l)
{
	size_t p = l->pos;
	if (p == 0)
		return 0;
	do
		p--;
	while (p > 0 && ((unsigned char)l->buf[p] & 0xc0) == 0x80);
	return l->pos - p;
}

typedef struct {
	char cands[64][96];
	size_t n;
} completion;

static void collect(const char *cand, void *ud)
{
	completion *c = ud;
	if (c->n < 64)
		snprintf(c->cands[c->n++], sizeof c->cands[0], "%s", cand);
}

static void complete(tui *t)
{
	tui_line *l = &t->line;
	char head[TUI_LINE_MAX];
	snprintf(head, sizeof head, "%.*s", (int)l->pos, l->buf);
	completion c;
	c.n = 0;
	fo_registry_complete(t->core, head, collect, &c);
	if (c.n == 0) {
		tui_message(t, false, "no completions");
		return;
	}
	/* the word being completed starts after the last space */
	size_t ws = l->pos;
	while (ws > 0 && l->buf[ws - 1] != ' ')
		ws--;
	size_t common = strlen(c.cands[0]);
	for (size_t i = 1; i < c.n; i++) {
		size_t k = 0;
		while (k < common && c.cands[i][k] == c.cands[0][k])
			k++;
		common = k;
	}
	delete_back(l, l->pos - ws);
	insert(l, c.cands[0], common);
	if (c.n == 1) {
		insert(l, " ", 1);
		t->msg[0] = '\0';
	} else {
		char list[256];
		size_t used = 0;
		list[0] = '\0';
		for (size_t i = 0; i < c.n && used + 2 < sizeof list; i++) {
			int k = snprintf(list + used, sizeof list - used, "%s%s", i ? " " : "",
			                 c.cands[i]);
			if (k < 0)
				break;
			used += (size_t)k;
		}
		tui_message(t, false, "%s", list);
	}
	t->dirty[TUI_W_STATUS] = true;
}

static void history_move(tui *t, int dir)
{
	tui_line *l = &t->line;
	if (l->nhist == 0)
		return;
	if (l->hpos < 0) {
		if (dir > 0)
			return;
		snprintf(l->saved, sizeof l->saved, "%s", l->buf);
		l->hpos = (long)l->nhist;
	}
	long np = l->hpos + dir;
	if (np < 0)
		return;
	if (np >= (long)l->nhist) {
		l->hpos = -1;
		set_buf(l, l->saved);
		return;
	}
	l->hpos = np;
	set_buf(l, l->hist[np]);
}

static void apply_filter(tui *t, const char *expr)
{
	tui_level *lv = tui_cur_level(t);
	if (!lv || !lv->vs || lv->detail) {
		tui_message(t, true, "nothing to filter here");
		return;
	}
	char err[256] = "";
	if (fo_viewstate_set_filter(lv->vs, expr, err, sizeof err) != 0)
		tui_message(t, true, "filter: %s", err[0] ? err : "invalid");
	else if (*expr)
		tui_message(t, false, "filter: %s (%zu rows)", expr, fo_viewstate_rows(lv->vs));
	else
		tui_message(t, false, "filter cleared");
	lv->sel = lv->top = 0;
	t->dirty[TUI_W_MAIN] = t->dirty[TUI_W_STATUS] = true;
}

static void finish(tui *t, bool run)
{
	tui_mode m = t->mode;
	char line[TUI_LINE_MAX];
	snprintf(line, sizeof line, "%s", t->line.buf);
	t->mode = TUI_MODE_NORMAL;
	t->dirty[TUI_W_CMD] = true;
	if (!run)
		return;
	if (m == TUI_MODE_FILTER) {
		apply_filter(t, line);
		return;
	}
	const char *s = line;
	while (*s == ' ')
		s++;
	if (!*s)
		return;
	hist_push(&t->line, s);
	hist_save(t, s);
	tui_run_command(t, s, false);
}

void tui_line_key(tui *t, int key)
{
	tui_line *l = &t->line;
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		finish(t, true);
		return;
	case 27:
		finish(t, false);
		return;
	case KEY_BACKSPACE:
	case 127:
	case TUI_CTRL('h'):
		if (l->len == 0) {
			finish(t, false);
			return;
		}
		delete_back(l, prev_char(l));
		break;
	case KEY_DC:
		if (l->pos < l->len) {
			l->pos++;
			while (l->pos < l->len && ((unsigned char)l->buf[l->pos] & 0xc0) == 0x80)
				l->pos++;
			delete_back(l, prev_char(l));
		}
		break;
	case KEY_LEFT:
		l->pos -= prev_char(l);
		break;
	case KEY_RIGHT:
		if (l->pos < l->len) {
			l->pos++;
			while (l->pos < l->len && ((unsigned char)l->buf[l->pos] & 0xc0) == 0x80)
				l->pos++;
		}
		break;
	case KEY_HOME:
	case TUI_CTRL('a'):
		l->pos = 0;
		break;
	case KEY_END:
	case TUI_CTRL('e'):
		l->pos = l->len;
		break;
	case TUI_CTRL('u'):
		delete_back(l, l->pos);
		break;
	case TUI_CTRL('w'): {
		size_t p = l->pos;
		while (p > 0 && l->buf[p - 1] == ' ')
			p--;
		while (p > 0 && l->buf[p - 1] != ' ')
			p--;
		delete_back(l, l->pos - p);
		break;
	}
	case '\t':
		if (t->mode == TUI_MODE_CMD)
			complete(t);
		break;
	case KEY_UP:
		if (t->mode == TUI_MODE_CMD)
			history_move(t, -1);
		break;
	case KEY_DOWN:
		if (t->mode == TUI_MODE_CMD)
			history_move(t, 1);
		break;
	default:
		if (key >= 32 && key < 256 && key != 127) {
			char c = (char)key;
			insert(l, &c, 1);
		}
		break;
	}
	t->dirty[TUI_W_CMD] = true;
}

/* ---- running */

static bool needs_confirm(tui *t, const char *line)
{
	char **w = NULL;
	int n = fo_split_line(line, &w);
	bool dangerous = false;
	if (n >= 2) {
		const fo_cmd_spec *c = fo_registry_find(t->core->registry, w[0], w[1]);
		/* Under --readonly a mutating command is refused anyway: show the
		 * refusal rather than ask. */
		dangerous = c && (c->flags & FO_CMD_DANGEROUS) &&
		            !(t->core->readonly && !(c->flags & FO_CMD_READONLY_SAFE));
	}
	if (n > 0)
		fo_split_free(w, n);
	return dangerous;
}

void tui_run_command(tui *t, const char *line, bool confirmed)
{
	if (!confirmed && needs_confirm(t, line)) {
		tui_popup_open(t, TUI_POP_CONFIRM, "Confirm");
		tui_popup_add(t, "! This command is dangerous:");
		tui_popup_add(t, "  %s", line);
		snprintf(t->pop.pending, sizeof t->pop.pending, "%s", line);
		return;
	}
	fo_out *out = fo_out_new();
	fo_status st = fo_registry_run_line(t->core, line, out);
	const char *text = fo_out_text(out);
	const char *err = fo_out_err(out);
	fo_log(t->core, FO_LOG_INFO, "tui: ran '%s': status %d", line, (int)st);
	if (t->quit) {
		fo_out_free(out);
		return;
	}
	size_t tl = strlen(text);
	while (tl && text[tl - 1] == '\n')
		tl--;
	bool multi = memchr(text, '\n', tl) != NULL;
	if (st != FO_OK) {
		if (multi) {
			tui_popup_open(t, TUI_POP_TEXT, line);
			tui_popup_add_text(t, text);
		}
		tui_message(t, true, "%s",
		            err[0]            ? err
		            : st == FO_EUSAGE ? "usage error"
		                              : "failed");
	} else if (multi) {
		tui_popup_open(t, TUI_POP_TEXT, line);
		tui_popup_add_text(t, text);
		tui_message(t, false, "%s: done", line);
	} else if (tl) {
		tui_message(t, false, "%.*s", (int)tl, text);
	} else {
		tui_message(t, false, "%s: done", line);
	}
	fo_out_free(out);
	tui_dirty_all(t);
}
