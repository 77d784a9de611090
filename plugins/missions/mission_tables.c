/* mission_tables.c — the tables of missions (sql/003_missions.sql and
 * sql/010_mission_execution.sql in PostgreSQL; SQLite generated from
 * these declarations). */
#include "missions.h"

#define F FO_FIELD
#define C FO_CHOICE
#define FIELDS(f) .fields = f, .nfields = FO_NELEMS(f)
#define LIST(m, a) .m = a, .n##m = FO_NELEMS(a)

static const fo_field_def templates[] = {
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("template_version", FO_FT_INT, true, NULL, "running missions keep theirs"),
    F("steps", FO_FT_JSON, true, NULL, "nodes, edges and actions"),
    F("capabilities", FO_FT_JSON, false, NULL, "required vehicle capabilities"),
    F("priority", FO_FT_INT, false, NULL, NULL),
    F("expected_duration_s", FO_FT_REAL, false, NULL, NULL),
    F("deadline_policy", FO_FT_JSON, false, NULL, NULL),
};
static const fo_table_key templates_unique[] = {
    {"templates_version_key", "tenant_id,name,template_version"}};
static const fo_table_check templates_checks[] = {
    {"templates_template_version_check", "template_version > 0"},
    {"templates_priority_check", "priority IS NULL OR priority >= 0"},
    {"templates_duration_check", "expected_duration_s IS NULL OR expected_duration_s >= 0"},
};

static const fo_field_def missions[] = {
    F("template_id", FO_FT_ID, true, "missions.templates", NULL),
    F("template_version", FO_FT_INT, true, NULL, NULL),
    F("vehicle_id", FO_FT_ID, false, "core.vehicles", NULL),
    C("state", true, "queued, waiting, dispatched, active, paused, completed, failed, cancelled",
      "queued", "waiting", "dispatched", "active", "paused", "completed", "failed", "cancelled"),
    F("priority", FO_FT_INT, false, NULL, NULL),
    F("parameters", FO_FT_JSON, false, NULL, NULL),
    F("order_id", FO_FT_TEXT, false, NULL, "VDA 5050 orderId"),
    F("deadline", FO_FT_TIME, false, NULL, NULL),
    F("started_at", FO_FT_TIME, false, NULL, NULL),
    F("finished_at", FO_FT_TIME, false, NULL, NULL),
    F("vehicle_serial", FO_FT_TEXT, false, NULL, "VDA 5050 serialNumber of its vehicle"),
    F("plan", FO_FT_JSON, false, NULL, "resolved nodes and actions, released horizon"),
    F("reason", FO_FT_TEXT, false, NULL, "reason of the last transition"),
};
static const fo_table_key missions_indexes[] = {{NULL, "tenant_id,state"},
                                                {NULL, "tenant_id,vehicle_serial"}};
static const fo_table_check missions_checks[] = {
    {"missions_template_version_check", "template_version > 0"},
    {"missions_priority_check", "priority IS NULL OR priority >= 0"},
    {"missions_finished_check",
     "finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at"},
};

static const fo_field_def dependencies[] = {
    F("mission_id", FO_FT_ID, true, "missions.missions", NULL),
    F("depends_on_id", FO_FT_ID, true, "missions.missions", NULL),
    C("kind", true, "finish_to_start", "finish_to_start"),
};
static const fo_table_key dependencies_unique[] = {
    {"dependencies_edge_key", "mission_id,depends_on_id"}};
static const fo_table_check dependencies_checks[] = {
    {"dependencies_self_check", "mission_id <> depends_on_id"}};

static const fo_field_def transitions[] = {
    F("mission_id", FO_FT_ID, true, "missions.missions", NULL),
    F("from_state", FO_FT_TEXT, false, NULL, NULL),
    F("to_state", FO_FT_TEXT, true, NULL, NULL),
    F("reason", FO_FT_TEXT, false, NULL, NULL),
    F("at", FO_FT_TIME, true, NULL, NULL),
    F("actor", FO_FT_TEXT, false, NULL, "operator, vehicle, dependency or policy"),
};

static const fo_field_def logs[] = {
    F("mission_id", FO_FT_ID, true, "missions.missions", NULL),
    C("level", true, "info, warning, error, note", "info", "warning", "error", "note"),
    F("message", FO_FT_TEXT, true, NULL, NULL),
    F("at", FO_FT_TIME, true, NULL, NULL),
};

static const fo_field_def metrics[] = {
    F("mission_id", FO_FT_ID, true, "missions.missions", NULL),
    F("duration_s", FO_FT_REAL, false, NULL, NULL),
    F("distance_m", FO_FT_REAL, false, NULL, NULL),
    F("energy_kwh", FO_FT_REAL, false, NULL, NULL),
    F("waiting_s", FO_FT_REAL, false, NULL, NULL),
    F("on_time", FO_FT_BOOL, false, NULL, NULL),
};
static const fo_table_check metrics_checks[] = {
    {"metrics_nonneg_check",
     "coalesce(duration_s, 0) >= 0 AND coalesce(distance_m, 0) >= 0 AND coalesce(waiting_s, "
     "0) >= 0"}};

static const fo_field_def safety_events[] = {
    F("vehicle_id", FO_FT_ID, false, "core.vehicles", NULL),
    F("mission_id", FO_FT_ID, false, "missions.missions", NULL),
    C("kind", true, "estop, field_violation, fatal_error, manual", "estop", "field_violation",
      "fatal_error", "manual"),
    C("severity", true, "low, medium, high, critical", "low", "medium", "high", "critical"),
    C("state", true, "open, acknowledged, resolved", "open", "acknowledged", "resolved"),
    F("raised_at", FO_FT_TIME, true, NULL, NULL),
    F("acknowledged_by", FO_FT_TEXT, false, NULL, NULL),
    F("acknowledged_at", FO_FT_TIME, false, NULL, NULL),
    F("resolved_at", FO_FT_TIME, false, NULL, NULL),
    F("resolution", FO_FT_TEXT, false, NULL, NULL),
    F("details", FO_FT_JSON, false, NULL, NULL),
    F("vehicle_serial", FO_FT_TEXT, false, NULL, "VDA 5050 serialNumber of the vehicle"),
};
static const fo_table_key safety_events_indexes[] = {{NULL, "tenant_id,state,raised_at"},
                                                     {NULL, "tenant_id,state"}};

const fo_table_def mi_tables[] = {
    {.schema = "missions",
     .name = "templates",
     .summary = "mission templates, versioned",
     FIELDS(templates),
     .audited = true,
     LIST(unique, templates_unique),
     LIST(checks, templates_checks)},
    {.schema = "missions",
     .name = "missions",
     .summary = "missions",
     FIELDS(missions),
     .time_field = "started_at",
     .audited = true,
     LIST(indexes, missions_indexes),
     LIST(checks, missions_checks)},
    {.schema = "missions",
     .name = "dependencies",
     .summary = "finish-to-start links",
     FIELDS(dependencies),
     .audited = true,
     LIST(unique, dependencies_unique),
     LIST(checks, dependencies_checks)},
    {.schema = "missions",
     .name = "transitions",
     .summary = "state transitions",
     FIELDS(transitions),
     .time_field = "at",
     .audited = true},
    {.schema = "missions",
     .name = "logs",
     .summary = "per-mission log",
     FIELDS(logs),
     .time_field = "at",
     .audited = true},
    {.schema = "missions",
     .name = "metrics",
     .summary = "per-mission metrics",
     FIELDS(metrics),
     .audited = true,
     LIST(checks, metrics_checks)},
    {.schema = "missions",
     .name = "safety_events",
     .summary = "safety events",
     FIELDS(safety_events),
     .time_field = "raised_at",
     .audited = true,
     LIST(indexes, safety_events_indexes)},
};
const size_t mi_ntables = FO_NELEMS(mi_tables);
