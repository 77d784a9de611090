/* mission_sm.h — the mission state machine: states, events, and which
 * transitions are allowed.  Pure: no store, no model, no clock. */
#ifndef MISSION_SM_H
#define MISSION_SM_H
#include <stdbool.h>

typedef enum {
	MS_QUEUED,     /* ready, no vehicle yet or waiting to be sent */
	MS_WAITING,    /* waiting for its prerequisites (or blocked by one) */
	MS_DISPATCHED, /* order published, the vehicle has not taken it yet */
	MS_ACTIVE,     /* the vehicle reports the order */
	MS_PAUSED,
	MS_COMPLETED,
	MS_FAILED,
	MS_CANCELLED,
	MS__COUNT
} ms_state;

typedef enum {
	ME_DEPS_PENDING, /* a prerequisite is not finished */
	ME_DEPS_MET,     /* every prerequisite completed */
	ME_DISPATCH,     /* the order was published */
	ME_ACCEPTED,     /* the vehicle's state names the order */
	ME_PAUSE,
	ME_RESUME,
	ME_DONE, /* every node reached, every action finished */
	ME_FAIL,
	ME_CANCEL,
	ME_REQUEUE, /* the vehicle failed; the policy reassigns */
	ME__COUNT
} ms_event;

const char *ms_state_name(ms_state s);
const char *ms_event_name(ms_event e);
/* -1 when name is not a state. */
int ms_state_parse(const char *name);
bool ms_terminal(ms_state s);
/* Whether the mission holds a vehicle (dispatched, active or paused). */
bool ms_on_vehicle(ms_state s);
/* The state event e leads to from s; false (and *to untouched) when e is
 * not allowed in s. */
bool ms_next(ms_state s, ms_event e, ms_state *to);

#endif
