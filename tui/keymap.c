/* keymap.c — named key actions with default keys, rebindable from config
 * lines `key.ACTION = KEY`. */
#include "keymap.h"

#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TUI_CTRL(c) ((c)&0x1f)

typedef struct {
	const char *name;
	const char *help;
	int keys[TUI_KEYS_PER_ACTION]; /* 0-terminated */
} action_def;

/* The one table of actions, in help order. */
static const action_def actions[TUI_A__COUNT] = {
    [TUI_A_QUIT] = {"quit", "quit fleetops", {'q', 0}},
    [TUI_A_UP] = {"up", "previous row / scroll up", {KEY_UP, 'k', 0}},
    [TUI_A_DOWN] = {"down", "next row / scroll down", {KEY_DOWN, 'j', 0}},
    [TUI_A_PAGE_UP] = {"page_up", "one page up", {KEY_PPAGE, TUI_CTRL('b'), 0}},
    [TUI_A_PAGE_DOWN] = {"page_down", "one page down", {KEY_NPAGE, TUI_CTRL('f'), ' ', 0}},
    [TUI_A_HALF_UP] = {"half_up", "half a page up", {TUI_CTRL('u'), 0}},
    [TUI_A_HALF_DOWN] = {"half_down", "half a page down", {TUI_CTRL('d'), 0}},
    [TUI_A_TOP] = {"top", "first row", {'g', KEY_HOME, 0}},
    [TUI_A_BOTTOM] = {"bottom", "last row", {'G', KEY_END, 0}},
    [TUI_A_ENTER] = {"enter", "drill down / open detail", {'\n', KEY_ENTER, 'l', KEY_RIGHT}},
    [TUI_A_BACK] = {"back", "go back one level", {27, KEY_BACKSPACE, 'h', KEY_LEFT}},
    [TUI_A_NEXT_PANE] = {"next_pane", "next pane", {'\t', 0}},
    [TUI_A_PREV_PANE] = {"prev_pane", "previous pane", {KEY_BTAB, 0}},
    [TUI_A_NEXT_VIEW] = {"next_view", "next view of the pane", {']', 0}},
    [TUI_A_PREV_VIEW] = {"prev_view", "previous view of the pane", {'[', 0}},
    [TUI_A_PANE0] = {"pane0", "overview pane", {'0', 0}},
    [TUI_A_PANE1] = {"pane1", "pane 1", {'1', 0}},
    [TUI_A_PANE2] = {"pane2", "pane 2", {'2', 0}},
    [TUI_A_PANE3] = {"pane3", "pane 3", {'3', 0}},
    [TUI_A_PANE4] = {"pane4", "pane 4", {'4', 0}},
    [TUI_A_PANE5] = {"pane5", "pane 5", {'5', 0}},
    [TUI_A_PANE6] = {"pane6", "pane 6", {'6', 0}},
    [TUI_A_PANE7] = {"pane7", "pane 7 (alerts)", {'7', 0}},
    [TUI_A_PANE8] = {"pane8", "pane 8 (map)", {'8', 0}},
    [TUI_A_FILTER] = {"filter", "filter rows (regex, COLUMN:REGEX, ! inverts)", {'/', 0}},
    [TUI_A_COMMAND] = {"command", "command line", {':', 0}},
    [TUI_A_HELP] = {"help", "this help", {'?', KEY_F(1), 0}},
    [TUI_A_SORT_NEXT] = {"sort", "sort by the next column", {'s', 0}},
    [TUI_A_SORT_REVERSE] = {"sort_reverse", "reverse the sort order", {'S', 0}},
    [TUI_A_COLUMNS] = {"columns", "choose visible columns", {'c', 0}},
    [TUI_A_REPAINT] = {"repaint", "repaint the whole screen", {TUI_CTRL('l'), 0}},
};

static const struct {
	const char *name;
	int key;
} named_keys[] = {
    {"Enter", '\n'},
    {"Return", '\n'},
    {"Esc", 27},
    {"Escape", 27},
    {"Tab", '\t'},
    {"S-Tab", KEY_BTAB},
    {"BTab", KEY_BTAB},
    {"Space", ' '},
    {"Up", KEY_UP},
    {"Down", KEY_DOWN},
    {"Left", KEY_LEFT},
    {"Right", KEY_RIGHT},
    {"PgUp", KEY_PPAGE},
    {"PageUp", KEY_PPAGE},
    {"PgDn", KEY_NPAGE},
    {"PageDown", KEY_NPAGE},
    {"Home", KEY_HOME},
    {"End", KEY_END},
    {"Backspace", KEY_BACKSPACE},
    {"BSpace", KEY_BACKSPACE},
    {"Delete", KEY_DC},
    {"Insert", KEY_IC},
    {"KEnter", KEY_ENTER},
};

const char *tui_action_name(tui_action a)
{
	return a >= 0 && a < TUI_A__COUNT ? actions[a].name : "none";
}

const char *tui_action_help(tui_action a)
{
	return a >= 0 && a < TUI_A__COUNT ? actions[a].help : "";
}

static tui_action action_find(const char *name)
{
	for (int a = 0; a < TUI_A__COUNT; a++)
		if (strcmp(actions[a].name, name) == 0)
			return (tui_action)a;
	return TUI_A_NONE;
}

int tui_key_parse(const char *name)
{
	if (!name || !*name)
		return -1;
	size_t n = strlen(name);
	if (n == 1)
		return (unsigned char)name[0];
	if (n == 2 && name[0] == '^')
		return TUI_CTRL(name[1]);
	if (n == 3 && (name[0] == 'C' || name[0] == 'c') && name[1] == '-')
		return TUI_CTRL(name[2]);
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (strcasecmp(named_keys[i].name, name) == 0)
			return named_keys[i].key;
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '0' && name[1] <= '9') {
		char *end;
		long f = strtol(name + 1, &end, 10);
		if (!*end && f >= 1 && f <= 12)
			return KEY_F((int)f);
	}
	return -1;
}

void tui_key_name(int key, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (named_keys[i].key == key) {
			snprintf(buf, len, "%s", named_keys[i].name);
			return;
		}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, len, "F%d", key - KEY_F0);
	else if (key > 0 && key < 32)
		snprintf(buf, len, "^%c", key + '@');
	else if (key > 32 && key < 127)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "#%d", key);
}

static void bind(tui_keymap *km, int key, tui_action a)
{
	/* A key belongs to one action: the later binding takes it over. */
	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].key == key) {
			km->b[i].action = a;
			return;
		}
	if (km->n < TUI_MAX_BINDINGS)
		km->b[km->n++] = (tui_binding){key, a};
}

static void unbind_action(tui_keymap *km, tui_action a)
{
	size_t o = 0;
	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].action != a)
			km->b[o++] = km->b[i];
	km->n = o;
}

void tui_keymap_init(tui_keymap *km, const fo_config *cfg,
                     void (*report)(const char *msg, void *ud), void *ud)
{
	km->n = 0;
	for (int a = 0; a < TUI_A__COUNT; a++)
		for (int k = 0; k < TUI_KEYS_PER_ACTION && actions[a].keys[k]; k++)
			bind(km, actions[a].keys[k], (tui_action)a);
	if (!cfg)
		return;
	/* The first config line for an action replaces its defaults; further
	 * lines for the same action add keys. */
	bool replaced[TUI_A__COUNT] = {false};
	size_t n = fo_config_key_count(cfg);
	for (size_t i = 0; i < n; i++) {
		const char *aname = NULL, *kname = NULL;
		fo_config_key_at(cfg, i, &aname, &kname);
		char msg[160];
		tui_action a = action_find(aname ? aname : "");
		if (a == TUI_A_NONE) {
			snprintf(msg, sizeof msg, "key.%s: unknown action", aname ? aname : "");
			if (report)
				report(msg, ud);
			continue;
		}
		int key = tui_key_parse(kname);
		if (key < 0) {
			snprintf(msg, sizeof msg, "key.%s = %s: unknown key name", aname,
			         kname ? kname : "");
			if (report)
				report(msg, ud);
			continue;
		}
		if (!replaced[a]) {
			unbind_action(km, a);
			replaced[a] = true;
		}
		bind(km, key, a);
	}
}

int tui_keymap_check(const fo_config *cfg, char *err, size_t errlen)
{
	size_t n = fo_config_key_count(cfg);
	int keys[TUI_MAX_BINDINGS];
	const char *owner[TUI_MAX_BINDINGS];
	size_t nk = 0;
	for (size_t i = 0; i < n; i++) {
		const char *aname = NULL, *kname = NULL;
		fo_config_key_at(cfg, i, &aname, &kname);
		const char *at = fo_config_key_origin(cfg, i);
		char where[320] = "";
		if (at && *at)
			snprintf(where, sizeof where, "%s: ", at);
		if (!aname || action_find(aname) == TUI_A_NONE) {
			snprintf(err, errlen, "%skey.%s: unknown action (README, Keys: the names)",
			         where, aname ? aname : "");
			return -1;
		}
		if (!kname || !*kname) {
			snprintf(err, errlen, "%skey.%s: empty key", where, aname);
			return -1;
		}
		int key = tui_key_parse(kname);
		if (key < 0) {
			snprintf(err, errlen, "%skey.%s = %s: unknown key name", where, aname,
			         kname);
			return -1;
		}
		/* one key, two actions: only one of them could ever run */
		for (size_t k = 0; k < nk; k++) {
			if (keys[k] == key) {
				snprintf(err, errlen, "%skey.%s = %s: the key is bound to %s too",
				         where, aname, kname, owner[k]);
				return -1;
			}
		}
		if (nk < TUI_MAX_BINDINGS) {
			keys[nk] = key;
			owner[nk++] = aname;
		}
	}
	return 0;
}

tui_action tui_keymap_lookup(const tui_keymap *km, int key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].key == key)
			return km->b[i].action;
	return TUI_A_NONE;
}

void tui_keymap_keys(const tui_keymap *km, tui_action a, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < km->n && used + 1 < len; i++) {
		if (km->b[i].action != a)
			continue;
		char name[24];
		tui_key_name(km->b[i].key, name, sizeof name);
		int w = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
}
