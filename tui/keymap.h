/* keymap.h — key actions by name, each with default keys; config lines
 * `key.ACTION = KEY` rebind them.  Lookup goes from key to action through
 * the binding list, never through a table indexed by key code. */
#ifndef FO_TUI_KEYMAP_H
#define FO_TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	TUI_A_NONE = -1,
	TUI_A_QUIT,
	TUI_A_UP,
	TUI_A_DOWN,
	TUI_A_PAGE_UP,
	TUI_A_PAGE_DOWN,
	TUI_A_HALF_UP,
	TUI_A_HALF_DOWN,
	TUI_A_TOP,
	TUI_A_BOTTOM,
	TUI_A_ENTER,
	TUI_A_BACK,
	TUI_A_NEXT_PANE,
	TUI_A_PREV_PANE,
	TUI_A_NEXT_VIEW,
	TUI_A_PREV_VIEW,
	TUI_A_PANE0,
	TUI_A_PANE1,
	TUI_A_PANE2,
	TUI_A_PANE3,
	TUI_A_PANE4,
	TUI_A_PANE5,
	TUI_A_PANE6,
	TUI_A_PANE7,
	TUI_A_PANE8,
	TUI_A_FILTER,
	TUI_A_COMMAND,
	TUI_A_HELP,
	TUI_A_SORT_NEXT,
	TUI_A_SORT_REVERSE,
	TUI_A_COLUMNS,
	TUI_A_REPAINT,
	TUI_A__COUNT
} tui_action;

#define TUI_KEYS_PER_ACTION 4
#define TUI_MAX_BINDINGS (TUI_A__COUNT * TUI_KEYS_PER_ACTION)

typedef struct {
	int key;
	tui_action action;
} tui_binding;

typedef struct {
	tui_binding b[TUI_MAX_BINDINGS];
	size_t n;
} tui_keymap;

typedef struct fo_config fo_config;

/* Defaults, then the config's key.* lines.  Bad lines are reported through
 * report (one call per problem) and skipped. */
void tui_keymap_init(tui_keymap *km, const fo_config *cfg,
                     void (*report)(const char *msg, void *ud), void *ud);
/* The config's key.* lines, as start-up checks them: an unknown action
 * or key name, an empty key, or one key bound to two actions.  Returns 0,
 * or -1 with the first problem in err. */
int tui_keymap_check(const fo_config *cfg, char *err, size_t errlen);
tui_action tui_keymap_lookup(const tui_keymap *km, int key);
const char *tui_action_name(tui_action a);
const char *tui_action_help(tui_action a);
/* "j, Down" — the keys bound to an action, into buf. */
void tui_keymap_keys(const tui_keymap *km, tui_action a, char *buf, size_t len);
/* Key names: "q", "^L", "C-l", "Enter", "Esc", "Tab", "S-Tab", "Up", "PgDn",
 * "F1", "Space", ...; -1 when unknown. */
int tui_key_parse(const char *name);
void tui_key_name(int key, char *buf, size_t len);

#endif
