/* analytics_tables.c — the tables of fleet analytics (sql/007_analytics.sql
 * in PostgreSQL; SQLite generated from these declarations).  The time
 * series analytics.samples is not a record table: the core writes it. */
#include "analytics_tables.h"

#define F FO_FIELD
#define C FO_CHOICE
#define FIELDS(f) .fields = f, .nfields = FO_NELEMS(f)
#define LIST(m, a) .m = a, .n##m = FO_NELEMS(a)

static const fo_field_def health_scores[] = {
    C("subject_kind", true, "vehicle or fleet", "vehicle", "fleet"),
    F("subject_id", FO_FT_TEXT, true, NULL, NULL),
    F("score", FO_FT_REAL, true, NULL, "0..100"),
    F("components", FO_FT_JSON, true, NULL, "sub-scores and weights"),
    F("computed_at", FO_FT_TIME, true, NULL, NULL),
};
static const fo_table_key health_scores_indexes[] = {
    {NULL, "tenant_id,subject_kind,subject_id,computed_at"}};
static const fo_table_check health_scores_checks[] = {
    {"health_scores_score_check", "score >= 0 AND score <= 100"}};

static const fo_field_def predictions[] = {
    F("subject_id", FO_FT_TEXT, true, NULL, NULL),
    C("kind", true, "battery_depletion, failure_risk", "battery_depletion", "failure_risk"),
    F("horizon_s", FO_FT_REAL, true, NULL, NULL),
    F("value", FO_FT_REAL, true, NULL, NULL),
    F("lower", FO_FT_REAL, false, NULL, NULL),
    F("upper", FO_FT_REAL, false, NULL, NULL),
    F("model", FO_FT_TEXT, true, NULL, NULL),
    F("predicted_at", FO_FT_TIME, true, NULL, NULL),
};
static const fo_table_key predictions_indexes[] = {
    {NULL, "tenant_id,subject_id,kind,predicted_at"}};
static const fo_table_check predictions_checks[] = {
    {"predictions_horizon_check", "horizon_s >= 0"},
    {"predictions_bounds_check",
     "(lower IS NULL OR lower <= value) AND (upper IS NULL OR value <= upper)"},
};

static const fo_field_def reports[] = {
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("period_from", FO_FT_TIME, true, NULL, NULL),
    F("period_to", FO_FT_TIME, true, NULL, NULL),
    F("content", FO_FT_JSON, false, NULL, NULL),
};
static const fo_table_check reports_checks[] = {
    {"reports_period_check", "period_to >= period_from"}};

const fo_table_def analytics_tables[] = {
    {.schema = "analytics",
     .name = "health_scores",
     .summary = "health scores",
     FIELDS(health_scores),
     .time_field = "computed_at",
     .audited = true,
     LIST(indexes, health_scores_indexes),
     LIST(checks, health_scores_checks)},
    {.schema = "analytics",
     .name = "predictions",
     .summary = "predictions",
     FIELDS(predictions),
     .time_field = "predicted_at",
     .audited = true,
     LIST(indexes, predictions_indexes),
     LIST(checks, predictions_checks)},
    {.schema = "analytics",
     .name = "reports",
     .summary = "analytics reports",
     FIELDS(reports),
     .time_field = "period_from",
     .audited = true,
     LIST(checks, reports_checks)},
};
const size_t analytics_ntables = FO_NELEMS(analytics_tables);
