/* optimization_tables.c — the tables of optimization runs
 * (sql/006_optimization.sql in PostgreSQL; SQLite generated from these
 * declarations). */
#include "optimization_tables.h"

#define F FO_FIELD
#define C FO_CHOICE
#define FIELDS(f) .fields = f, .nfields = FO_NELEMS(f)
#define LIST(m, a) .m = a, .n##m = FO_NELEMS(a)

static const fo_field_def runs[] = {
    C("kind", true, "assignment, rebalance, cost", "assignment", "rebalance", "cost"),
    C("state", true, "queued, running, done, failed", "queued", "running", "done", "failed"),
    F("objectives", FO_FT_JSON, true, NULL, "weighted objectives"),
    F("parameters", FO_FT_JSON, false, NULL, NULL),
    F("started_at", FO_FT_TIME, false, NULL, NULL),
    F("finished_at", FO_FT_TIME, false, NULL, NULL),
};
static const fo_table_check runs_checks[] = {
    {"runs_finished_check",
     "finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at"}};

static const fo_field_def results[] = {
    F("run_id", FO_FT_ID, true, "optimization.runs", NULL),
    F("objective_value", FO_FT_REAL, false, NULL, NULL),
    F("solution", FO_FT_JSON, true, NULL, NULL),
};

static const fo_field_def recommendations[] = {
    F("run_id", FO_FT_ID, true, "optimization.runs", NULL),
    F("kind", FO_FT_TEXT, true, NULL, NULL),
    F("payload", FO_FT_JSON, true, NULL, NULL),
    C("state", true, "proposed, applied, rejected", "proposed", "applied", "rejected"),
    F("decided_by", FO_FT_TEXT, false, NULL, NULL),
    F("decided_at", FO_FT_TIME, false, NULL, NULL),
};
static const fo_table_key recommendations_indexes[] = {{NULL, "tenant_id,state"}};

const fo_table_def optimization_tables[] = {
    {.schema = "optimization",
     .name = "runs",
     .summary = "optimization runs",
     FIELDS(runs),
     .time_field = "started_at",
     .audited = true,
     LIST(checks, runs_checks)},
    {.schema = "optimization",
     .name = "results",
     .summary = "run results",
     FIELDS(results),
     .audited = true},
    {.schema = "optimization",
     .name = "recommendations",
     .summary = "recommendations to apply or reject",
     FIELDS(recommendations),
     .audited = true,
     LIST(indexes, recommendations_indexes)},
};
const size_t optimization_ntables = FO_NELEMS(optimization_tables);
