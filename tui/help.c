/* help.c — the '?' screen, generated from the key map, the current view's
 * actions and the command registry. */
#include "tui_int.h"

#include "store.h"

#include <stdio.h>
#include <string.h>

/* Adds text to the popup word-wrapped at width columns, indented. */
static void add_wrapped(tui *t, const char *text, int width)
{
	const char *s = text;
	while (*s) {
		while (*s == ' ')
			s++;
		int len = (int)strlen(s), cut = len;
		if (len > width) {
			cut = width;
			for (int i = width; i > 0; i--)
				if (s[i] == ' ') {
					cut = i;
					break;
				}
		}
		tui_popup_add(t, "  %.*s", cut, s);
		s += cut;
	}
}

void tui_help_open(tui *t)
{
	tui_popup_open(t, TUI_POP_TEXT, "Help");
	tui_pane *p = tui_cur_pane(t);
	if (p && p->spec->note) {
		tui_popup_add(t, "# %s: what is live and what is not built yet", p->spec->title);
		add_wrapped(t, p->spec->note, 76);
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
		char keys[96];
		tui_keymap_keys(&t->keymap, (tui_action)a, keys, sizeof keys);
		tui_popup_add(t, "  %-14s %-26s %s", tui_action_name((tui_action)a),
		              keys[0] ? keys : "(unbound)", tui_action_help((tui_action)a));
	}
	tui_popup_add(t, "  %-14s %-26s %s", "", "Tab / Up / Down", "in ':' complete, history");
	tui_popup_add(t, "  %-14s %-26s %s", "", "mouse",
	              "click selects a row or tab, wheel scrolls");
	tui_level *lv = tui_cur_level(t);
	if (lv && lv->spec && lv->spec->nactions) {
		tui_popup_add(t, "%s", "");
		tui_popup_add(t, "# Actions of %s",
		              lv->spec->title ? lv->spec->title : lv->spec->name);
		for (size_t i = 0; i < lv->spec->nactions; i++) {
			const fo_view_action *va = &lv->spec->actions[i];
			char kn[24];
			tui_key_name(va->key, kn, sizeof kn);
			tui_popup_add(t, "  %-14s %-26s %s", va->label ? va->label : "", kn,
			              va->command ? va->command : "");
		}
	}
	tui_popup_add(t, "%s", "");
	tui_popup_add(t, "# Commands (type after ':'; Tab completes)");
	size_t n = fo_registry_count(t->core->registry);
	for (size_t i = 0; i < n; i++) {
		const fo_cmd_spec *c = fo_registry_at(t->core->registry, i);
		char usage[160];
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
