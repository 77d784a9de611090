/* coordination_tables.c — the tables of multi-fleet coordination
 * (sql/005_coordination.sql in PostgreSQL; SQLite generated from these
 * declarations). */
#include "coordination_tables.h"

#define F FO_FIELD
#define C FO_CHOICE
#define FIELDS(f) .fields = f, .nfields = FO_NELEMS(f)
#define LIST(m, a) .m = a, .n##m = FO_NELEMS(a)

static const fo_field_def federations[] = {
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("description", FO_FT_TEXT, false, NULL, NULL),
    F("policy", FO_FT_JSON, false, NULL, "isolation controls"),
};

static const fo_field_def federation_members[] = {
    F("federation_id", FO_FT_ID, true, "coordination.federations", NULL),
    F("fleet_id", FO_FT_ID, true, "core.fleets", NULL),
    C("member_role", true, "lead or member", "lead", "member"),
    F("joined_at", FO_FT_TIME, true, NULL, NULL),
};
static const fo_table_key federation_members_unique[] = {
    {"federation_members_member_key", "federation_id,fleet_id"}};

static const fo_field_def sharing_agreements[] = {
    F("federation_id", FO_FT_ID, true, "coordination.federations", NULL),
    F("pool_id", FO_FT_ID, true, "resources.pools", NULL),
    F("from_fleet_id", FO_FT_ID, true, "core.fleets", NULL),
    F("to_fleet_id", FO_FT_ID, true, "core.fleets", NULL),
    C("isolation", true, "strict or shared", "strict", "shared"),
    F("valid_from", FO_FT_TIME, true, NULL, NULL),
    F("valid_to", FO_FT_TIME, false, NULL, NULL),
};
static const fo_table_check sharing_agreements_checks[] = {
    {"sharing_agreements_valid_check", "valid_to IS NULL OR valid_to > valid_from"},
    {"sharing_agreements_fleets_check", "from_fleet_id <> to_fleet_id"},
};

static const fo_field_def messages[] = {
    F("federation_id", FO_FT_ID, false, "coordination.federations", NULL),
    F("from_fleet_id", FO_FT_ID, false, "core.fleets", NULL),
    F("to_fleet_id", FO_FT_ID, false, "core.fleets", NULL),
    F("kind", FO_FT_TEXT, true, NULL, NULL),
    F("body", FO_FT_JSON, false, NULL, NULL),
    F("sent_at", FO_FT_TIME, true, NULL, NULL),
};

const fo_table_def coordination_tables[] = {
    {.schema = "coordination",
     .name = "federations",
     .summary = "federations of fleets",
     FIELDS(federations),
     .audited = true},
    {.schema = "coordination",
     .name = "federation_members",
     .summary = "fleets in a federation",
     FIELDS(federation_members),
     .time_field = "joined_at",
     .audited = true,
     LIST(unique, federation_members_unique)},
    {.schema = "coordination",
     .name = "sharing_agreements",
     .summary = "cross-fleet resource sharing",
     FIELDS(sharing_agreements),
     .time_field = "valid_from",
     .audited = true,
     LIST(checks, sharing_agreements_checks)},
    {.schema = "coordination",
     .name = "messages",
     .summary = "inter-fleet communication log",
     FIELDS(messages),
     .time_field = "sent_at",
     .audited = true},
};
const size_t coordination_ntables = FO_NELEMS(coordination_tables);
