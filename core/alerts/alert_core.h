/* alert_core.h — the alert engine as the core runs it (alert_core.c), its
 * built-in rules (alert_builtin.c), commands (alert_cmds.c) and views
 * (alert_view.c). */
#ifndef FO_ALERT_CORE_H
#define FO_ALERT_CORE_H

#include "alert.h"

typedef enum { FO_ALERT_ROLE_UNKNOWN, FO_ALERT_ROLE_EVALUATE, FO_ALERT_ROLE_FOLLOW } fo_alert_role;

typedef struct fo_alert_core {
	fo_core *core;
	fo_alerts *e;
	fo_timer *timer;
	bool load_started;
	struct fo_alert_views *views; /* alert_view.c */
	/* alerts.evaluate auto: the store's lease decides who evaluates */
	fo_alert_role role;
	bool lease_asked;    /* an answer is on its way */
	bool lease_failed;   /* an error was logged */
	uint64_t lease_next; /* wall ms of the next ask */
} fo_alert_core;

/* The core's engine (BORROWED), NULL when there is none.  wait_loaded:
 * attach the store when it is open and wait for the reload (commands). */
fo_alerts *fo_alert_core_engine(fo_core *core, bool wait_loaded);

void fo_alert_builtin_register(fo_core *core, fo_alerts *e);
/* True when the rule now called name is a built-in one (a script may stand
 * in for it: remove it, add its own); restore adds the built-in back (when
 * alerts.builtin is on).  Returns 0, or -1 when name is no built-in. */
bool fo_alert_builtin_active(fo_alerts *e, const char *name);
int fo_alert_builtin_restore(fo_core *core, fo_alerts *e, const char *name);
void fo_alert_cmds_register(fo_core *core);
void fo_alert_view_register(fo_core *core);
void fo_alert_view_free(fo_core *core);
/* "crit 2 warn 5" for the status line: firing, unmuted alerts by
 * severity; "" when none.  Returns strlen. */
size_t fo_alerts_summary(fo_core *core, char *buf, size_t len);
/* "2h", "30m", "90s", "1d", "1h30m" or seconds to ms; 0 when not one. */
uint64_t fo_alert_parse_duration(const char *s);

#endif
