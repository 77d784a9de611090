/* an_kpi.h — the fleet KPIs and the health score of KPIS.md as pure
 * functions of totals the caller has summed over a window: no fleetops
 * headers, no clock, no allocation (tests/unit/test_an_kpi.c).
 *
 * Conventions:
 *   - every time is in seconds (double), every share a fraction 0..1;
 *   - a KPI whose denominator is zero is not defined and returns NAN, never
 *     0 or infinity: test it with isnan() (a caller that forgets shows
 *     "nan", not a plausible wrong 0);
 *   - downtime is what KPIS.md lists for A_o: offline, a FATAL error,
 *     e-stop, SERVICE mode; uptime is observed time that is not downtime
 *     (idle, driving, acting, charging and paused count as up). */
#ifndef AN_KPI_H
#define AN_KPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The summary states, in fo_vstate's order (the plugin header's), so a
 * caller can copy them by index. */
typedef enum {
	AN_KS_OFFLINE,
	AN_KS_IDLE,
	AN_KS_DRIVING,
	AN_KS_ACTING,
	AN_KS_CHARGING,
	AN_KS_PAUSED,
	AN_KS_ERROR, /* a FATAL error */
	AN_KS_ESTOP,
	AN_KS__COUNT
} an_kstate;

/* The raw totals of one subject (a vehicle, a fleet, a vehicle type, a
 * shift) over a window.  Zero-initialise, fill, sum with an_totals_add. */
typedef struct {
	double state_s[AN_KS__COUNT]; /* seconds in each summary state */
	/* Seconds in SERVICE operating mode while in none of offline, error
	 * and e-stop (the part of downtime the summary states do not show; it
	 * is also counted in the state it was in, e.g. idle). */
	double service_s;
	/* Of the scheduled (planned) time: the seconds up and the seconds down
	 * (downtime as above).  Scheduled time fleetops did not observe is in
	 * neither.  A fleet that runs around the clock schedules the whole
	 * window. */
	double sched_up_s, sched_down_s;
	double productive_s; /* executing a mission: driving or acting for one */
	/* Idle seconds (online, no order, not charging) of stretches longer
	 * than 2 minutes, each such stretch counted whole. */
	double idle_long_s;
	uint64_t failures; /* FATAL errors and safety events of severity >= high */
	uint64_t repairs;  /* repairs finished in the window */
	double repair_s;   /* their total: failure until AUTOMATIC and error-free */
	uint64_t missions_succeeded, missions_failed, missions_aborted;
	uint64_t missions_cancelled; /* by a user; excluded from the rates */
	/* Missions finished in the window that had a deadline, and those of
	 * them finished by the deadline plus grace (the caller's grace). */
	uint64_t deadline_finished, deadline_on_time;
	double kwh;               /* energy used: charge deltas x capacity, idle included */
	double km;                /* distance driven (odometry) */
	uint64_t tasks_completed; /* tasks (missions or their steps, the caller's unit) */
	/* Of the same finished missions: the planned and the actual seconds. */
	double mission_planned_s, mission_actual_s;
	uint64_t msgs_expected, msgs_received; /* state messages */
	uint64_t safety_events;                /* of any severity */
	uint64_t faults;                       /* errors that appeared, any level */
} an_totals;

/* a += b, field by field. */
void an_totals_add(an_totals *a, const an_totals *b);

/* Time the totals cover: the sum of the state seconds. */
double an_totals_observed_s(const an_totals *t);
/* Downtime: offline + error + e-stop + SERVICE seconds. */
double an_totals_downtime_s(const an_totals *t);
/* Uptime: observed - downtime (never below 0).  Also the "operating time"
 * of MTBF and of faults per 1,000 h, and the "available time" of
 * utilization. */
double an_totals_uptime_s(const an_totals *t);
/* Powered-on time: observed - offline (error, e-stop and SERVICE count as
 * powered on). */
double an_totals_powered_s(const an_totals *t);

/* MTBF, seconds: operating time (uptime) / failures.  NAN without failures. */
double an_kpi_mtbf_s(const an_totals *t);
/* MTTR, seconds: repair time / repairs (repair time: failure until the
 * vehicle is back in AUTOMATIC and error-free; a repair still open at the
 * window's end is not counted).  NAN without repairs. */
double an_kpi_mttr_s(const an_totals *t);
/* Inherent availability A_i: MTBF / (MTBF + MTTR).  NAN when either is not
 * defined (no failure, or no finished repair) or both are 0. */
double an_kpi_avail_inherent(const an_totals *t);
/* Operational availability A_o over scheduled time: uptime / (uptime +
 * downtime) = sched_up_s / (sched_up_s + sched_down_s), downtime being
 * offline, FATAL error, e-stop and SERVICE mode.  NAN without scheduled
 * time observed. */
double an_kpi_avail_operational(const an_totals *t);
/* Utilization: productive mission time (driving or acting for a mission) /
 * available time (uptime).  NAN without uptime. */
double an_kpi_utilization(const an_totals *t);
/* Idle ratio: idle time (online, no order, not charging, in stretches of
 * more than 2 minutes) / powered-on time.  NAN when never powered on. */
double an_kpi_idle_ratio(const an_totals *t);
/* Mission success rate: succeeded / (succeeded + failed + aborted).  User
 * cancellations are excluded (neither success nor failure); a report
 * showing the rate says so.  NAN without such missions. */
double an_kpi_success_rate(const an_totals *t);
/* On-time rate: finished by deadline (+ grace) / finished missions that
 * had a deadline.  NAN without missions with a deadline. */
double an_kpi_on_time_rate(const an_totals *t);
/* OEE A: run time / planned time, run time being the scheduled time not
 * down; the same figure as A_o.  NAN without scheduled time. */
double an_kpi_oee_a(const an_totals *t);
/* OEE P: planned mission time / actual mission time (above 1 when missions
 * beat their plans: not clamped).  NAN without actual mission time. */
double an_kpi_oee_p(const an_totals *t);
/* OEE Q: succeeded / finished (succeeded + failed + aborted; cancellations
 * excluded as in the success rate).  NAN without finished missions. */
double an_kpi_oee_q(const an_totals *t);
/* OEE: A x P x Q.  NAN when any of them is not defined. */
double an_kpi_oee(const an_totals *t);
/* Energy per km: kWh / km.  NAN without distance. */
double an_kpi_kwh_per_km(const an_totals *t);
/* Energy per task: kWh (idle and rebalancing included) / tasks completed.
 * NAN without a completed task. */
double an_kpi_kwh_per_task(const an_totals *t);
/* Faults per 1,000 operating hours: faults / uptime hours x 1000.  NAN
 * without uptime. */
double an_kpi_faults_per_kh(const an_totals *t);
/* Safety events per 1,000 km.  NAN without distance. */
double an_kpi_safety_per_kkm(const an_totals *t);
/* Connectivity: messages received / expected (above 1 with duplicates:
 * not clamped).  NAN when none were expected. */
double an_kpi_connectivity(const an_totals *t);
/* Charger utilization of a pool: occupied seconds / (chargers x window
 * seconds).  NAN without chargers or window. */
double an_kpi_charger_util(double occupied_s, unsigned chargers, double window_s);

/* ---- Health score (0..100) ----
 *
 *   score = min( sum_i w_i s_i / sum_i w_i ,  min_i cap_i(s_i) )
 *
 * over the components whose sub-score is known (the weights of the others
 * drop out: the known weights are renormalized).  cap_i(s) is the lowest
 * cap of component i's rules with s below their threshold, 100 when none
 * applies; with the same rules for every component it is cap(worst
 * component). */

enum {
	AN_HEALTH_CAPS = 4,      /* cap rules per component */
	AN_HEALTH_MAXPARTS = 16, /* components per score */
	AN_PWL_MAX = 8,          /* points of a normalization */
};

/* A sub-score strictly below `below` caps the score at `cap`. */
typedef struct {
	double below, cap;
} an_cap_rule;

/* One component of a score. */
typedef struct {
	const char *name; /* borrowed; shown as is */
	double score;     /* sub-score 0..100; NAN: not known, skipped */
	double weight;    /* >= 0; 0: counts only through its caps */
	size_t ncaps;
	an_cap_rule caps[AN_HEALTH_CAPS];
} an_health_part;

/* What one component costs the score. */
typedef struct {
	size_t part; /* index into the parts given */
	double cost; /* points: w (100 - s) / sum w, plus mean - cap when its cap binds */
	bool capped; /* its cap is the binding one */
} an_health_contrib;

typedef struct {
	double score;     /* 0..100; NAN when no known component has weight */
	double mean;      /* weighted mean of the known sub-scores (NAN likewise) */
	double cap;       /* lowest cap of the known components; 100: none */
	bool cap_binds;   /* cap < mean: the score is the cap */
	size_t capped_by; /* the part whose cap binds (when cap_binds): of those
	                   * with the lowest cap, the lowest sub-score, then the
	                   * first */
	size_t nknown;    /* parts with a known sub-score */
	/* The known parts by cost, largest first (ties: in the parts' order);
	 * the costs add up to 100 - score, so a UI can say why a vehicle is at
	 * 62.  ntop == nknown when the score is defined, else 0. */
	size_t ntop;
	an_health_contrib top[AN_HEALTH_MAXPARTS];
} an_health_result;

/* Scores n parts into *r.  Returns false with a message in err (errlen
 * bytes) on bad input: more than AN_HEALTH_MAXPARTS parts, a weight
 * negative or not finite, a sub-score outside 0..100, a cap rule outside
 * 0..100 or more than AN_HEALTH_CAPS of them.  No known part is not an
 * error: r->score is NAN. */
bool an_health_score(const an_health_part *parts, size_t n, an_health_result *r, char *err,
                     size_t errlen);

/* A piecewise-linear normalization from a raw value to a sub-score:
 * points with x strictly increasing, linear between them, flat beyond the
 * first and the last. */
typedef struct {
	double x, s;
} an_point;

typedef struct {
	size_t n; /* 1..AN_PWL_MAX */
	an_point pt[AN_PWL_MAX];
} an_pwl;

/* The sub-score of raw value x; NAN for NAN (not known). */
double an_pwl_eval(const an_pwl *f, double x);

/* The default components of KPIS.md, by index into a config and a score's
 * parts.  Raw values and their default normalizations (x -> sub-score):
 *   availability  A_o, fraction        0.80 -> 0, 0.95 -> 75, 0.99 -> 100
 *   battery       state of health,     0.70 -> 0, 0.80 -> 40, 0.90 -> 80,
 *                 fraction of nominal  1.00 -> 100
 *   faults        per 1,000 operating  0 -> 100, 10 -> 0
 *                 hours
 *   maintenance   days the most        0 -> 100, 7 -> 50, 30 -> 0
 *                 overdue task is late (0: none overdue)
 *   connectivity  share of expected    0.50 -> 0, 0.90 -> 50, 1.00 -> 100
 *                 messages received
 *   safety        events per 1,000 km  0 -> 100, 5 -> 50, 20 -> 0
 * Default weights: availability 25, battery 15, faults 20, maintenance 10,
 * connectivity 10, safety 20.  Default caps, every component: below 20
 * caps the score at 40, below 50 at 70. */
typedef enum {
	AN_HC_AVAILABILITY,
	AN_HC_BATTERY,
	AN_HC_FAULTS,
	AN_HC_MAINTENANCE,
	AN_HC_CONNECTIVITY,
	AN_HC_SAFETY,
	AN_HC__COUNT
} an_hcomp;

typedef struct {
	double weight;
	an_pwl norm;
	size_t ncaps;
	an_cap_rule caps[AN_HEALTH_CAPS];
} an_hcomp_cfg;

typedef struct {
	an_hcomp_cfg comp[AN_HC__COUNT];
} an_health_cfg;

/* The defaults above into *c; the caller changes what it likes, then
 * checks with an_health_cfg_check. */
void an_health_cfg_default(an_health_cfg *c);
/* Whether c is usable: weights finite and >= 0, normalizations of 1..
 * AN_PWL_MAX points with x increasing and sub-scores in 0..100, cap rules
 * as an_health_score wants.  False with a message naming the component. */
bool an_health_cfg_check(const an_health_cfg *c, char *err, size_t errlen);
/* The component's name ("availability", "battery", ...): static.  NULL
 * out of range. */
const char *an_hcomp_name(an_hcomp c);
/* The component of a name, or -1 (for options and config files). */
int an_hcomp_by_name(const char *name);

/* The raw values the totals give: availability (A_o), faults per 1,000 h,
 * connectivity, safety events per 1,000 km, each NAN when not defined;
 * battery and maintenance are NAN (not in the totals: the caller sets
 * them). */
void an_health_raw_from_totals(const an_totals *t, double raw[AN_HC__COUNT]);
/* The parts of a score from raw values (NAN: not known) under c; names
 * are an_hcomp_name's. */
void an_health_parts(const an_health_cfg *c, const double raw[AN_HC__COUNT],
                     an_health_part parts[AN_HC__COUNT]);

#endif
