/* mission_sm.c — the transition table of a mission.  A terminal state
 * accepts nothing; cancel and fail are allowed from every live state. */
#include "mission_sm.h"

#include <string.h>

static const char *const state_names[MS__COUNT] = {
    [MS_QUEUED] = "queued", [MS_WAITING] = "waiting",     [MS_DISPATCHED] = "dispatched",
    [MS_ACTIVE] = "active", [MS_PAUSED] = "paused",       [MS_COMPLETED] = "completed",
    [MS_FAILED] = "failed", [MS_CANCELLED] = "cancelled",
};

static const char *const event_names[ME__COUNT] = {
    [ME_DEPS_PENDING] = "deps-pending",
    [ME_DEPS_MET] = "deps-met",
    [ME_DISPATCH] = "dispatch",
    [ME_ACCEPTED] = "accepted",
    [ME_PAUSE] = "pause",
    [ME_RESUME] = "resume",
    [ME_DONE] = "done",
    [ME_FAIL] = "fail",
    [ME_CANCEL] = "cancel",
    [ME_REQUEUE] = "requeue",
};

#define X MS__COUNT /* not allowed */
static const ms_state table[MS__COUNT][ME__COUNT] = {
    /*                 deps-pend   deps-met   dispatch       accepted   pause      resume     done
       fail       cancel        requeue */
    [MS_QUEUED] = {MS_WAITING, X, MS_DISPATCHED, X, X, X, X, MS_FAILED, MS_CANCELLED, X},
    [MS_WAITING] = {X, MS_QUEUED, X, X, X, X, X, MS_FAILED, MS_CANCELLED, X},
    [MS_DISPATCHED] = {X, X, X, MS_ACTIVE, MS_PAUSED, X, MS_COMPLETED, MS_FAILED, MS_CANCELLED,
                       MS_QUEUED},
    [MS_ACTIVE] = {X, X, X, X, MS_PAUSED, X, MS_COMPLETED, MS_FAILED, MS_CANCELLED, MS_QUEUED},
    [MS_PAUSED] = {X, X, X, X, X, MS_ACTIVE, MS_COMPLETED, MS_FAILED, MS_CANCELLED, MS_QUEUED},
    [MS_COMPLETED] = {X, X, X, X, X, X, X, X, X, X},
    [MS_FAILED] = {X, X, X, X, X, X, X, X, X, X},
    [MS_CANCELLED] = {X, X, X, X, X, X, X, X, X, X},
};
#undef X

const char *ms_state_name(ms_state s)
{
	return (unsigned)s < MS__COUNT ? state_names[s] : "?";
}

const char *ms_event_name(ms_event e)
{
	return (unsigned)e < ME__COUNT ? event_names[e] : "?";
}

int ms_state_parse(const char *name)
{
	for (int i = 0; name && i < MS__COUNT; i++)
		if (strcmp(name, state_names[i]) == 0)
			return i;
	return -1;
}

bool ms_terminal(ms_state s)
{
	return s == MS_COMPLETED || s == MS_FAILED || s == MS_CANCELLED;
}

bool ms_on_vehicle(ms_state s)
{
	return s == MS_DISPATCHED || s == MS_ACTIVE || s == MS_PAUSED;
}

bool ms_next(ms_state s, ms_event e, ms_state *to)
{
	if ((unsigned)s >= MS__COUNT || (unsigned)e >= ME__COUNT || table[s][e] == MS__COUNT)
		return false;
	*to = table[s][e];
	return true;
}
