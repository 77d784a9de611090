/* resources_tables.c — the tables of resource allocation (sql/004_resources.sql
 * in PostgreSQL; SQLite generated from these declarations). */
#include "resources_tables.h"

#define F FO_FIELD
#define C FO_CHOICE
#define FIELDS(f) .fields = f, .nfields = FO_NELEMS(f)
#define LIST(m, a) .m = a, .n##m = FO_NELEMS(a)

static const fo_field_def pools[] = {
    F("name", FO_FT_TEXT, true, NULL, NULL),
    C("kind", true, "charger, dock, parking, door, lift, operator, payload_tool", "charger", "dock",
      "parking", "door", "lift", "operator", "payload_tool"),
    F("capacity", FO_FT_INT, false, NULL, NULL),
    F("attributes", FO_FT_JSON, false, NULL, NULL),
    C("policy", false, "first_fit, priority, earliest_deadline", "first_fit", "priority",
      "earliest_deadline"),
};
static const fo_table_check pools_checks[] = {
    {"pools_capacity_check", "capacity IS NULL OR capacity >= 0"}};
static const fo_table_key pools_unique[] = {{"pools_name_key", "tenant_id,name"}};

static const fo_field_def resources[] = {
    F("pool_id", FO_FT_ID, true, "resources.pools", NULL),
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("node_id", FO_FT_TEXT, false, NULL, "map node where it stands"),
    F("attributes", FO_FT_JSON, false, NULL, NULL),
    F("down_from", FO_FT_TIME, false, NULL, "down for maintenance from"),
    F("down_to", FO_FT_TIME, false, NULL, "until (NULL: until further notice)"),
    F("down_reason", FO_FT_TEXT, false, NULL, "why it is down"),
};
static const fo_table_key resources_unique[] = {{"resources_name_key", "tenant_id,name"}};
static const fo_table_check resources_checks[] = {
    {"resources_down_check", "down_to IS NULL OR down_from IS NULL OR down_to > down_from"}};

static const fo_field_def allocations[] = {
    F("resource_id", FO_FT_ID, true, "resources.resources", NULL),
    F("vehicle_id", FO_FT_ID, false, "core.vehicles", NULL),
    F("mission_id", FO_FT_ID, false, "missions.missions", NULL),
    F("starts_at", FO_FT_TIME, true, NULL, NULL),
    F("ends_at", FO_FT_TIME, true, NULL, "after starts_at"),
    C("state", true, "reserved, active, released", "reserved", "active", "released"),
    F("vehicle_serial", FO_FT_TEXT, false, NULL, "VDA 5050 serialNumber of the vehicle"),
    F("purpose", FO_FT_TEXT, false, NULL, "charge, dock, park, ..."),
    F("released_at", FO_FT_TIME, false, NULL, NULL),
    F("reason", FO_FT_TEXT, false, NULL, "why it was released"),
};
static const fo_table_key allocations_indexes[] = {
    {NULL, "resource_id,starts_at"}, {NULL, "tenant_id,vehicle_serial"}, {NULL, "tenant_id,state"}};
static const fo_table_check allocations_checks[] = {
    {"allocations_window_check", "ends_at > starts_at"}};
/* One resource is never allocated twice at once (PostgreSQL: the exclusion
 * constraint allocations_no_overlap).  Windows are half-open [starts_at,
 * ends_at), so back-to-back allocations pass; released ones do not count. */
#define NO_OVERLAP(op, event, other)                                                               \
	"CREATE TRIGGER IF NOT EXISTS resources_allocations_no_overlap_" op "\n" event             \
	" ON resources_allocations\n"                                                              \
	"WHEN NEW.state <> 'released'\n"                                                           \
	"BEGIN\n"                                                                                  \
	"    SELECT RAISE(ABORT, 'allocation overlaps another allocation of the same resource "    \
	"(allocations_no_overlap)')\n"                                                             \
	"    WHERE EXISTS (SELECT 1 FROM resources_allocations a\n"                                \
	"                  WHERE a.resource_id = NEW.resource_id AND a.state <> 'released'\n"      \
	"                    " other "AND a.starts_at < NEW.ends_at AND NEW.starts_at < "          \
	"a.ends_at);\n"                                                                            \
	"END;\n"
static const char allocations_no_overlap[] = NO_OVERLAP("insert", "BEFORE INSERT", "") NO_OVERLAP(
    "update", "BEFORE UPDATE OF resource_id, starts_at, ends_at, state", "AND a.id <> OLD.id ");

static const fo_field_def requests[] = {
    F("pool_id", FO_FT_ID, true, "resources.pools", NULL),
    F("vehicle_id", FO_FT_ID, false, "core.vehicles", NULL),
    F("mission_id", FO_FT_ID, false, "missions.missions", NULL),
    F("wanted_from", FO_FT_TIME, true, NULL, NULL),
    F("wanted_to", FO_FT_TIME, true, NULL, NULL),
    C("state", true, "open, granted, refused, cancelled", "open", "granted", "refused",
      "cancelled"),
    F("priority", FO_FT_INT, false, NULL, NULL),
    F("vehicle_serial", FO_FT_TEXT, false, NULL, "VDA 5050 serialNumber of the vehicle"),
    F("resource_id", FO_FT_ID, false, "resources.resources", "a given resource of the pool"),
    F("duration_s", FO_FT_INT, false, NULL, "how long, within the wanted window"),
    F("purpose", FO_FT_TEXT, false, NULL, NULL),
    F("source", FO_FT_TEXT, false, NULL, "operator, mission, lua, charging"),
    F("reason", FO_FT_TEXT, false, NULL, "why refused, or what was offered"),
    F("allocation_id", FO_FT_ID, false, "resources.allocations", "the booking that granted it"),
    F("offered_from", FO_FT_TIME, false, NULL, "nearest free window offered instead"),
    F("offered_to", FO_FT_TIME, false, NULL, NULL),
};
static const fo_table_key requests_indexes[] = {{NULL, "tenant_id,state"}};
static const fo_table_check requests_checks[] = {
    {"requests_window_check", "wanted_to > wanted_from"},
    {"requests_duration_check", "duration_s IS NULL OR duration_s > 0"}};

static const fo_field_def conflicts[] = {
    F("allocation_id", FO_FT_ID, false, "resources.allocations", NULL),
    F("other_allocation_id", FO_FT_ID, false, "resources.allocations", NULL),
    F("kind", FO_FT_TEXT, true, NULL, NULL),
    C("state", true, "open, resolved", "open", "resolved"),
    F("resolution", FO_FT_TEXT, false, NULL, NULL),
    F("detected_at", FO_FT_TIME, true, NULL, NULL),
    F("resource_id", FO_FT_ID, false, "resources.resources", NULL),
    F("vehicle_serial", FO_FT_TEXT, false, NULL, NULL),
    F("open_key", FO_FT_TEXT, false, NULL, "what it is about while open; NULL once resolved"),
    F("detail", FO_FT_TEXT, false, NULL, "what was found"),
    F("suggestions", FO_FT_JSON, false, NULL, "resolutions offered"),
    F("resolved_at", FO_FT_TIME, false, NULL, NULL),
    F("resolved_by", FO_FT_TEXT, false, NULL, "who resolved it, and why"),
};
/* One open conflict per subject, whichever process finds it first. */
static const fo_table_key conflicts_unique[] = {{"conflicts_open_key", "tenant_id,open_key"}};
static const fo_table_key conflicts_indexes[] = {{NULL, "tenant_id,state"}};

const fo_table_def resources_tables[] = {
    {.schema = "resources",
     .name = "pools",
     .summary = "resource pools",
     FIELDS(pools),
     .audited = true,
     LIST(unique, pools_unique),
     LIST(checks, pools_checks)},
    {.schema = "resources",
     .name = "resources",
     .summary = "resources of a pool",
     FIELDS(resources),
     .audited = true,
     LIST(unique, resources_unique),
     LIST(checks, resources_checks)},
    {.schema = "resources",
     .name = "allocations",
     .summary = "allocations over time windows, never overlapping per resource",
     FIELDS(allocations),
     .time_field = "starts_at",
     .audited = true,
     LIST(indexes, allocations_indexes),
     LIST(checks, allocations_checks),
     .sqlite_extra = allocations_no_overlap},
    {.schema = "resources",
     .name = "requests",
     .summary = "resource requests",
     FIELDS(requests),
     .time_field = "wanted_from",
     .audited = true,
     LIST(indexes, requests_indexes),
     LIST(checks, requests_checks)},
    {.schema = "resources",
     .name = "conflicts",
     .summary = "detected conflicts",
     FIELDS(conflicts),
     .time_field = "detected_at",
     .audited = true,
     LIST(unique, conflicts_unique),
     LIST(indexes, conflicts_indexes)},
};
const size_t resources_ntables = FO_NELEMS(resources_tables);
