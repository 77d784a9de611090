/* store_tables.c — every record table of the store, declared once.  The
 * migrations in sql/ (PostgreSQL) and sql/sqlite/ create exactly these
 * columns plus the implicit ones (FO_STORE_IMPLICIT); a test compares them.
 * Time series (analytics.samples) and the audit trail (audit.log) are not
 * record tables and have their own calls. */
#include "fleetops_plugin.h"

#include <string.h>

#define F(name, type, req, ref, help)                                                              \
	{                                                                                          \
		name, type, req, ref, help                                                         \
	}
#define N(x) (sizeof(x) / sizeof((x)[0]))

/* ---- performance: the alert engine's records (sql/009_alerts.sql) */
static const fo_field_def alert_transitions[] = {
    F("alert_id", FO_FT_ID, true, "performance.alerts", "the alert instance"),
    F("rule", FO_FT_TEXT, true, NULL, "rule name, or manual"),
    F("fingerprint", FO_FT_TEXT, true, NULL, "hash of the label set, hex"),
    F("labels", FO_FT_JSON, true, NULL, NULL),
    F("annotations", FO_FT_JSON, false, NULL, NULL),
    F("from_state", FO_FT_TEXT, false, NULL, NULL),
    F("to_state", FO_FT_TEXT, true, NULL, "inactive, pending, firing, resolved or acknowledged"),
    F("value", FO_FT_REAL, false, NULL, NULL),
    F("note", FO_FT_TEXT, false, NULL, "acknowledgement: who and note"),
    F("at", FO_FT_TIME, true, NULL, NULL),
};
static const fo_field_def alert_silences[] = {
    F("matchers", FO_FT_TEXT, true, NULL, "name=\"v\",name!=v,name=~re,name!~re"),
    F("starts_at", FO_FT_TIME, true, NULL, NULL),
    F("ends_at", FO_FT_TIME, true, NULL, NULL),
    F("author", FO_FT_TEXT, true, NULL, NULL),
    F("comment", FO_FT_TEXT, false, NULL, NULL),
};

/* ---- core */
static const fo_field_def tenants[] = {
    F("name", FO_FT_TEXT, true, NULL, "display name"),
    F("attributes", FO_FT_JSON, false, NULL, "free-form attributes"),
};
static const fo_field_def operators[] = {
    F("login", FO_FT_TEXT, true, NULL, "database login (PostgreSQL role) of the operator"),
    F("display_name", FO_FT_TEXT, false, NULL, NULL),
    F("role", FO_FT_TEXT, true, NULL, "admin, operator or viewer"),
    F("attributes", FO_FT_JSON, false, NULL, NULL),
};
static const fo_field_def fleets[] = {
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("attributes", FO_FT_JSON, false, NULL, NULL),
};
static const fo_field_def vehicles[] = {
    F("serial_number", FO_FT_TEXT, true, NULL, "VDA 5050 serialNumber"),
    F("manufacturer", FO_FT_TEXT, true, NULL, "VDA 5050 manufacturer"),
    F("fleet_id", FO_FT_ID, true, "core.fleets", NULL),
    F("capabilities", FO_FT_JSON, false, NULL, "what it can do: load types, actions"),
    F("attributes", FO_FT_JSON, false, NULL, NULL),
};
static const fo_field_def depot_maps[] = {
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("map_version", FO_FT_TEXT, false, NULL, "VDA 5050 mapVersion"),
    F("graph", FO_FT_JSON, false, NULL, "nodes and edges"),
};
static const fo_field_def zones[] = {
    F("map_id", FO_FT_ID, true, "core.depot_maps", NULL),
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("kind", FO_FT_TEXT, false, NULL, "e.g. charging, parking, restricted"),
    F("geometry", FO_FT_JSON, false, NULL, "polygon or rectangle, metres"),
};

/* ---- coordination */
static const fo_field_def federations[] = {
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("description", FO_FT_TEXT, false, NULL, NULL),
    F("policy", FO_FT_JSON, false, NULL, "isolation controls"),
};
static const fo_field_def federation_members[] = {
    F("federation_id", FO_FT_ID, true, "coordination.federations", NULL),
    F("fleet_id", FO_FT_ID, true, "core.fleets", NULL),
    F("member_role", FO_FT_TEXT, true, NULL, "lead or member"),
    F("joined_at", FO_FT_TIME, true, NULL, NULL),
};
static const fo_field_def sharing_agreements[] = {
    F("federation_id", FO_FT_ID, true, "coordination.federations", NULL),
    F("pool_id", FO_FT_ID, true, "resources.pools", NULL),
    F("from_fleet_id", FO_FT_ID, true, "core.fleets", NULL),
    F("to_fleet_id", FO_FT_ID, true, "core.fleets", NULL),
    F("isolation", FO_FT_TEXT, true, NULL, "strict or shared"),
    F("valid_from", FO_FT_TIME, true, NULL, NULL),
    F("valid_to", FO_FT_TIME, false, NULL, NULL),
};
static const fo_field_def messages[] = {
    F("federation_id", FO_FT_ID, false, "coordination.federations", NULL),
    F("from_fleet_id", FO_FT_ID, false, "core.fleets", NULL),
    F("to_fleet_id", FO_FT_ID, false, "core.fleets", NULL),
    F("kind", FO_FT_TEXT, true, NULL, NULL),
    F("body", FO_FT_JSON, false, NULL, NULL),
    F("sent_at", FO_FT_TIME, true, NULL, NULL),
};

/* ---- missions */
static const fo_field_def templates[] = {
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("template_version", FO_FT_INT, true, NULL, "running missions keep theirs"),
    F("steps", FO_FT_JSON, true, NULL, "nodes, edges and actions"),
    F("capabilities", FO_FT_JSON, false, NULL, "required vehicle capabilities"),
    F("priority", FO_FT_INT, false, NULL, NULL),
    F("expected_duration_s", FO_FT_REAL, false, NULL, NULL),
    F("deadline_policy", FO_FT_JSON, false, NULL, NULL),
};
static const fo_field_def missions_[] = {
    F("template_id", FO_FT_ID, true, "missions.templates", NULL),
    F("template_version", FO_FT_INT, true, NULL, NULL),
    F("vehicle_id", FO_FT_ID, false, "core.vehicles", NULL),
    F("state", FO_FT_TEXT, true, NULL,
      "queued, waiting, dispatched, active, paused, completed, failed, cancelled"),
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
static const fo_field_def dependencies[] = {
    F("mission_id", FO_FT_ID, true, "missions.missions", NULL),
    F("depends_on_id", FO_FT_ID, true, "missions.missions", NULL),
    F("kind", FO_FT_TEXT, true, NULL, "finish_to_start"),
};
static const fo_field_def transitions[] = {
    F("mission_id", FO_FT_ID, true, "missions.missions", NULL),
    F("from_state", FO_FT_TEXT, false, NULL, NULL),
    F("to_state", FO_FT_TEXT, true, NULL, NULL),
    F("reason", FO_FT_TEXT, false, NULL, NULL),
    F("at", FO_FT_TIME, true, NULL, NULL),
    F("actor", FO_FT_TEXT, false, NULL, "operator, vehicle, dependency or policy"),
};
static const fo_field_def mission_logs[] = {
    F("mission_id", FO_FT_ID, true, "missions.missions", NULL),
    F("level", FO_FT_TEXT, true, NULL, "info, warning, error, note"),
    F("message", FO_FT_TEXT, true, NULL, NULL),
    F("at", FO_FT_TIME, true, NULL, NULL),
};
static const fo_field_def mission_metrics[] = {
    F("mission_id", FO_FT_ID, true, "missions.missions", NULL),
    F("duration_s", FO_FT_REAL, false, NULL, NULL),
    F("distance_m", FO_FT_REAL, false, NULL, NULL),
    F("energy_kwh", FO_FT_REAL, false, NULL, NULL),
    F("waiting_s", FO_FT_REAL, false, NULL, NULL),
    F("on_time", FO_FT_BOOL, false, NULL, NULL),
};
static const fo_field_def safety_events[] = {
    F("vehicle_id", FO_FT_ID, false, "core.vehicles", NULL),
    F("mission_id", FO_FT_ID, false, "missions.missions", NULL),
    F("kind", FO_FT_TEXT, true, NULL, "estop, field_violation, fatal_error, manual"),
    F("severity", FO_FT_TEXT, true, NULL, "low, medium, high, critical"),
    F("state", FO_FT_TEXT, true, NULL, "open, acknowledged, resolved"),
    F("raised_at", FO_FT_TIME, true, NULL, NULL),
    F("acknowledged_by", FO_FT_TEXT, false, NULL, NULL),
    F("acknowledged_at", FO_FT_TIME, false, NULL, NULL),
    F("resolved_at", FO_FT_TIME, false, NULL, NULL),
    F("resolution", FO_FT_TEXT, false, NULL, NULL),
    F("details", FO_FT_JSON, false, NULL, NULL),
    F("vehicle_serial", FO_FT_TEXT, false, NULL, "VDA 5050 serialNumber of the vehicle"),
};

/* ---- optimization */
static const fo_field_def runs[] = {
    F("kind", FO_FT_TEXT, true, NULL, "assignment, rebalance, cost"),
    F("state", FO_FT_TEXT, true, NULL, "queued, running, done, failed"),
    F("objectives", FO_FT_JSON, true, NULL, "weighted objectives"),
    F("parameters", FO_FT_JSON, false, NULL, NULL),
    F("started_at", FO_FT_TIME, false, NULL, NULL),
    F("finished_at", FO_FT_TIME, false, NULL, NULL),
};
static const fo_field_def results[] = {
    F("run_id", FO_FT_ID, true, "optimization.runs", NULL),
    F("objective_value", FO_FT_REAL, false, NULL, NULL),
    F("solution", FO_FT_JSON, true, NULL, NULL),
};
static const fo_field_def recommendations[] = {
    F("run_id", FO_FT_ID, true, "optimization.runs", NULL),
    F("kind", FO_FT_TEXT, true, NULL, NULL),
    F("payload", FO_FT_JSON, true, NULL, NULL),
    F("state", FO_FT_TEXT, true, NULL, "proposed, applied, rejected"),
    F("decided_by", FO_FT_TEXT, false, NULL, NULL),
    F("decided_at", FO_FT_TIME, false, NULL, NULL),
};

/* ---- analytics */
static const fo_field_def health_scores[] = {
    F("subject_kind", FO_FT_TEXT, true, NULL, "vehicle or fleet"),
    F("subject_id", FO_FT_TEXT, true, NULL, NULL),
    F("score", FO_FT_REAL, true, NULL, "0..100"),
    F("components", FO_FT_JSON, true, NULL, "sub-scores and weights"),
    F("computed_at", FO_FT_TIME, true, NULL, NULL),
};
static const fo_field_def predictions[] = {
    F("subject_id", FO_FT_TEXT, true, NULL, NULL),
    F("kind", FO_FT_TEXT, true, NULL, "battery_depletion, failure_risk"),
    F("horizon_s", FO_FT_REAL, true, NULL, NULL),
    F("value", FO_FT_REAL, true, NULL, NULL),
    F("lower", FO_FT_REAL, false, NULL, NULL),
    F("upper", FO_FT_REAL, false, NULL, NULL),
    F("model", FO_FT_TEXT, true, NULL, NULL),
    F("predicted_at", FO_FT_TIME, true, NULL, NULL),
};
static const fo_field_def analytics_reports[] = {
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("period_from", FO_FT_TIME, true, NULL, NULL),
    F("period_to", FO_FT_TIME, true, NULL, NULL),
    F("content", FO_FT_JSON, false, NULL, NULL),
};

/* ---- resources */
static const fo_field_def pools[] = {
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("kind", FO_FT_TEXT, true, NULL, "charger, dock, parking, operator, payload_tool"),
    F("capacity", FO_FT_INT, false, NULL, NULL),
    F("attributes", FO_FT_JSON, false, NULL, NULL),
};
static const fo_field_def resources_[] = {
    F("pool_id", FO_FT_ID, true, "resources.pools", NULL),
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("node_id", FO_FT_TEXT, false, NULL, "map node where it stands"),
    F("attributes", FO_FT_JSON, false, NULL, NULL),
};
static const fo_field_def allocations[] = {
    F("resource_id", FO_FT_ID, true, "resources.resources", NULL),
    F("vehicle_id", FO_FT_ID, false, "core.vehicles", NULL),
    F("mission_id", FO_FT_ID, false, "missions.missions", NULL),
    F("starts_at", FO_FT_TIME, true, NULL, NULL),
    F("ends_at", FO_FT_TIME, true, NULL, "after starts_at"),
    F("state", FO_FT_TEXT, true, NULL, "reserved, active, released"),
};
static const fo_field_def requests[] = {
    F("pool_id", FO_FT_ID, true, "resources.pools", NULL),
    F("vehicle_id", FO_FT_ID, false, "core.vehicles", NULL),
    F("mission_id", FO_FT_ID, false, "missions.missions", NULL),
    F("wanted_from", FO_FT_TIME, true, NULL, NULL),
    F("wanted_to", FO_FT_TIME, true, NULL, NULL),
    F("state", FO_FT_TEXT, true, NULL, "open, granted, refused, cancelled"),
    F("priority", FO_FT_INT, false, NULL, NULL),
};
static const fo_field_def conflicts[] = {
    F("allocation_id", FO_FT_ID, false, "resources.allocations", NULL),
    F("other_allocation_id", FO_FT_ID, false, "resources.allocations", NULL),
    F("kind", FO_FT_TEXT, true, NULL, NULL),
    F("state", FO_FT_TEXT, true, NULL, "open, resolved"),
    F("resolution", FO_FT_TEXT, false, NULL, NULL),
    F("detected_at", FO_FT_TIME, true, NULL, NULL),
};

/* ---- performance */
static const fo_field_def targets[] = {
    F("metric", FO_FT_TEXT, true, NULL, "a KPI of KPIS.md"),
    F("scope", FO_FT_TEXT, true, NULL, "depot, fleet or vehicle"),
    F("scope_id", FO_FT_TEXT, false, NULL, NULL),
    F("target", FO_FT_REAL, true, NULL, NULL),
    F("direction", FO_FT_TEXT, true, NULL, "at_least or at_most"),
    F("window_s", FO_FT_INT, false, NULL, NULL),
};
static const fo_field_def scores[] = {
    F("scope", FO_FT_TEXT, true, NULL, NULL),       F("scope_id", FO_FT_TEXT, false, NULL, NULL),
    F("score", FO_FT_REAL, true, NULL, NULL),       F("components", FO_FT_JSON, false, NULL, NULL),
    F("computed_at", FO_FT_TIME, true, NULL, NULL),
};
static const fo_field_def alerts[] = {
    F("rule", FO_FT_TEXT, true, NULL, NULL),
    F("labels", FO_FT_JSON, true, NULL, "identity of the alert"),
    F("state", FO_FT_TEXT, true, NULL, "pending, firing, resolved"),
    F("severity", FO_FT_TEXT, false, NULL, NULL),
    F("value", FO_FT_REAL, false, NULL, NULL),
    F("started_at", FO_FT_TIME, true, NULL, NULL),
    F("ended_at", FO_FT_TIME, false, NULL, NULL),
    F("acknowledged_by", FO_FT_TEXT, false, NULL, NULL),
    F("acknowledged_at", FO_FT_TIME, false, NULL, NULL),
    F("note", FO_FT_TEXT, false, NULL, NULL),
};
static const fo_field_def perf_reports[] = {
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("period_from", FO_FT_TIME, true, NULL, NULL),
    F("period_to", FO_FT_TIME, true, NULL, NULL),
    F("content", FO_FT_JSON, false, NULL, NULL),
};

#define T(schema, name, fields, time, global, summary)                                             \
	{                                                                                          \
		schema, name, summary, fields, N(fields), time, global                             \
	}

static const fo_table_def tables[] = {
    T("core", "tenants", tenants, NULL, true, "tenants: the top of row-level security"),
    T("core", "operators", operators, NULL, false, "operators and their role"),
    T("core", "fleets", fleets, NULL, false, "fleets"),
    T("core", "vehicles", vehicles, NULL, false, "vehicles"),
    T("core", "depot_maps", depot_maps, NULL, false, "depot maps"),
    T("core", "zones", zones, NULL, false, "zones of a depot map"),
    T("coordination", "federations", federations, NULL, false, "federations of fleets"),
    T("coordination", "federation_members", federation_members, "joined_at", false,
      "fleets in a federation"),
    T("coordination", "sharing_agreements", sharing_agreements, "valid_from", false,
      "cross-fleet resource sharing"),
    T("coordination", "messages", messages, "sent_at", false, "inter-fleet communication log"),
    T("missions", "templates", templates, NULL, false, "mission templates, versioned"),
    T("missions", "missions", missions_, "started_at", false, "missions"),
    T("missions", "dependencies", dependencies, NULL, false, "finish-to-start links"),
    T("missions", "transitions", transitions, "at", false, "state transitions"),
    T("missions", "logs", mission_logs, "at", false, "per-mission log"),
    T("missions", "metrics", mission_metrics, NULL, false, "per-mission metrics"),
    T("missions", "safety_events", safety_events, "raised_at", false, "safety events"),
    T("optimization", "runs", runs, "started_at", false, "optimization runs"),
    T("optimization", "results", results, NULL, false, "run results"),
    T("optimization", "recommendations", recommendations, NULL, false,
      "recommendations to apply or reject"),
    T("analytics", "health_scores", health_scores, "computed_at", false, "health scores"),
    T("analytics", "predictions", predictions, "predicted_at", false, "predictions"),
    T("analytics", "reports", analytics_reports, "period_from", false, "analytics reports"),
    T("resources", "pools", pools, NULL, false, "resource pools"),
    T("resources", "resources", resources_, NULL, false, "resources of a pool"),
    T("resources", "allocations", allocations, "starts_at", false,
      "allocations over time windows, never overlapping per resource"),
    T("resources", "requests", requests, "wanted_from", false, "resource requests"),
    T("resources", "conflicts", conflicts, "detected_at", false, "detected conflicts"),
    T("performance", "targets", targets, NULL, false, "benchmark targets"),
    T("performance", "scores", scores, "computed_at", false, "performance scores"),
    T("performance", "alerts", alerts, "started_at", false, "alert history"),
    T("performance", "reports", perf_reports, "period_from", false, "performance reports"),
    T("performance", "alert_transitions", alert_transitions, "at", false,
      "every transition and acknowledgement of an alert"),
    T("performance", "alert_silences", alert_silences, "ends_at", false, "alert silences"),
};

size_t fo_store_table_count(void)
{
	return N(tables);
}

const fo_table_def *fo_store_table_at(size_t i)
{
	return i < N(tables) ? &tables[i] : NULL;
}

const fo_table_def *fo_store_table(const char *qualified)
{
	const char *dot = qualified ? strchr(qualified, '.') : NULL;
	if (!dot)
		return NULL;
	size_t sl = (size_t)(dot - qualified);
	for (size_t i = 0; i < N(tables); i++)
		if (strlen(tables[i].schema) == sl &&
		    strncmp(tables[i].schema, qualified, sl) == 0 &&
		    strcmp(tables[i].name, dot + 1) == 0)
			return &tables[i];
	return NULL;
}

const char *fo_store_status_name(fo_store_status s)
{
	static const char *n[] = {"ok",     "error",   "not found",  "conflict",
	                          "denied", "invalid", "unavailable"};
	return (unsigned)s < N(n) ? n[s] : "?";
}
