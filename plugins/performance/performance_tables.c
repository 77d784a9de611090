/* performance_tables.c — the tables of performance management
 * (sql/008_performance.sql in PostgreSQL; SQLite generated from these
 * declarations).  performance.alerts and its transitions and silences
 * belong to the core's alert engine (core/store/store_tables.c). */
#include "performance_tables.h"

#define F FO_FIELD
#define C FO_CHOICE
#define FIELDS(f) .fields = f, .nfields = FO_NELEMS(f)
#define LIST(m, a) .m = a, .n##m = FO_NELEMS(a)

static const fo_field_def targets[] = {
    F("metric", FO_FT_TEXT, true, NULL, "a KPI of KPIS.md"),
    C("scope", true, "depot, fleet or vehicle", "depot", "fleet", "vehicle"),
    F("scope_id", FO_FT_TEXT, false, NULL, NULL),
    F("target", FO_FT_REAL, true, NULL, NULL),
    C("direction", true, "at_least or at_most", "at_least", "at_most"),
    F("window_s", FO_FT_INT, false, NULL, NULL),
};
static const fo_table_check targets_checks[] = {
    {"targets_window_check", "window_s IS NULL OR window_s > 0"}};

static const fo_field_def scores[] = {
    F("scope", FO_FT_TEXT, true, NULL, NULL),       F("scope_id", FO_FT_TEXT, false, NULL, NULL),
    F("score", FO_FT_REAL, true, NULL, NULL),       F("components", FO_FT_JSON, false, NULL, NULL),
    F("computed_at", FO_FT_TIME, true, NULL, NULL),
};

static const fo_field_def reports[] = {
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("period_from", FO_FT_TIME, true, NULL, NULL),
    F("period_to", FO_FT_TIME, true, NULL, NULL),
    F("content", FO_FT_JSON, false, NULL, NULL),
};
static const fo_table_check reports_checks[] = {
    {"reports_period_check", "period_to >= period_from"}};

const fo_table_def performance_tables[] = {
    {.schema = "performance",
     .name = "targets",
     .summary = "benchmark targets",
     FIELDS(targets),
     .audited = true,
     LIST(checks, targets_checks)},
    {.schema = "performance",
     .name = "scores",
     .summary = "performance scores",
     FIELDS(scores),
     .time_field = "computed_at",
     .audited = true},
    {.schema = "performance",
     .name = "reports",
     .summary = "performance reports",
     FIELDS(reports),
     .time_field = "period_from",
     .audited = true,
     LIST(checks, reports_checks)},
};
const size_t performance_ntables = FO_NELEMS(performance_tables);
