/* help.c — the '?' screen, generated from the key map, the current view's
 * actions and the command registry. */
#include "tui_int.h"

#include "store.h"

#include <stdio.h>
#include <string.h>

/* What a key action does, for the help: the pane keys name the pane now in
 * their slot (the key map only knows "pane 3"). */
static void action_help(tui *t, tui_action a, char *buf, size_t len)
{
	if (a >= TUI_A_PANE0 && a <= TUI_A_PANE8) {
		int slot = (int)(a - TUI_A_PANE0);
		for (size_t i = 0; i < t->npanes; i++) {
			const fo_pane_spec *ps = t->panes[i].spec;
			if (ps->slot == slot) {
				snprintf(buf, len, "%s pane", ps->title ? ps->title : ps->name);
				return;
			}
		}
		snprintf(buf, len, "pane %d (none registered)", slot);
		return;
	}
	snprintf(buf, len, "%s", tui_action_help(a));
}

/* An action's command template as a reader sees it: %k is the selected
 * row's key, %{column} that row's cell. */
static void action_command(const char *tmpl, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (const char *c = tmpl; c && *c && o + 1 < len; c++) {
		const char *put = NULL;
		char col[80];
		if (c[0] == '%' && c[1] == 'k') {
			put = "<row>";
			c++;
		} else if (c[0] == '%' && c[1] == '{' && strchr(c, '}')) {
			const char *end = strchr(c, '}');
			snprintf(col, sizeof col, "<%.*s>", (int)(end - c - 2), c + 2);
			put = col;
			c = end;
		}
		if (put) {
			int n = snprintf(buf + o, len - o, "%s", put);
			if (n < 0)
				break;
			o += (size_t)n;
			if (o >= len)
				o = len - 1;
		} else {
			buf[o++] = *c;
		}
	}
	buf[o] = '\0';
}

void tui_help_open(tui *t)
{
	tui_popup_open(t, TUI_POP_TEXT, "Help");
	tui_pane *p = tui_cur_pane(t);
	if (p && p->spec->note) {
		tui_popup_add(t, "# %s: what is live and what is not built yet", p->spec->title);
		tui_popup_add(t, "  %s", p->spec->note); /* the popup wraps it */
		tui_popup_add(t, "%s", "");
	}
	tui_popup_add(t, "# Store");
	if (!t->core->store) {
		tui_popup_add(t, "  none: it could not be opened (see the log)");
	} else {
		const char *why = NULL;
		bool ok = fo_store_healthy(t->core->store, &why);
		tui_popup_add(t, "  %s", fo_store_url(t->core->store));
		tui_popup_add(t, "  %s%s", ok ? "reachable" : "DOWN: ", ok ? "" : why);
	}
	tui_popup_add(t, "%s", "");
	tui_popup_add(t, "# Keys (remap with `key.ACTION = KEY` in the config)");
	for (int a = 0; a < TUI_A__COUNT; a++) {
		char keys[96], what[128];
		tui_keymap_keys(&t->keymap, (tui_action)a, keys, sizeof keys);
		action_help(t, (tui_action)a, what, sizeof what);
		tui_popup_add(t, "  %-14s %-26s %s", tui_action_name((tui_action)a),
		              keys[0] ? keys : "(unbound)", what);
	}
	tui_popup_add(t, "  %-14s %-26s %s", "", "Tab / Up / Down", "in ':' complete, history");
	tui_popup_add(t, "  %-14s %-26s %s", "", "mouse",
	              "click selects a row or tab, wheel scrolls");
	tui_map_help(t);
	tui_level *lv = tui_cur_level(t);
	if (lv && lv->spec && lv->spec->nactions) {
		tui_popup_add(t, "%s", "");
		tui_popup_add(t, "# Actions of %s",
		              lv->spec->title ? lv->spec->title : lv->spec->name);
		for (size_t i = 0; i < lv->spec->nactions; i++) {
			const fo_view_action *va = &lv->spec->actions[i];
			char kn[24], cmd[TUI_LINE_MAX];
			tui_key_name(va->key, kn, sizeof kn);
			action_command(va->command, cmd, sizeof cmd);
			if (cmd[0] == ':')
				tui_popup_add(t, "  %-14s %-26s opens `%s` on the command line",
				              va->label ? va->label : "", kn, cmd + 1);
			else
				tui_popup_add(t, "  %-14s %-26s runs `%s` on the selected row",
				              va->label ? va->label : "", kn, cmd);
		}
	}
	tui_popup_add(t, "%s", "");
	tui_popup_add(t, "# Commands (type after ':'; Tab completes)");
	size_t n = fo_registry_count(t->core->registry);
	for (size_t i = 0; i < n; i++) {
		const fo_cmd_spec *c = fo_registry_at(t->core->registry, i);
		char usage[512];
		fo_cmd_usage(c, usage, sizeof usage);
		tui_popup_add(t, "  %-38s %s%s%s", usage, c->summary ? c->summary : "",
		              c->flags & FO_CMD_DANGEROUS ? " [confirm]" : "",
		              c->flags & FO_CMD_READONLY_SAFE ? "" : " [mutating]");
	}
	tui_popup_add(t, "%s", "");
	tui_popup_add(t, "# Filter syntax");
	tui_popup_add(t,
	              "  REGEX          rows where any visible column matches (case-insensitive)");
	tui_popup_add(t, "  COLUMN:REGEX   rows where that column matches");
	tui_popup_add(t, "  !EXPR          inverts; an empty filter clears it");
	tui_popup_add(t, "%s", "");
	tui_popup_add(t, "# Display");
	tui_popup_add(t, "  theme %s, colours %s, %s, charts %s", t->theme.name,
	              t->caps.color == TUI_COLOR_NONE   ? "none"
	              : t->caps.color == TUI_COLOR_TRUE ? "truecolor"
	              : t->caps.color == TUI_COLOR_256  ? "256"
	              : t->caps.color == TUI_COLOR_16   ? "16"
	                                                : "8",
	              t->caps.utf8 ? "UTF-8" : "ASCII", tui_chart_style_name(t->chart));
}
