/* store_tables.c — the record tables of the store: those the core itself
 * writes (declared here: tenants, operators, fleets, vehicles, depot maps
 * and zones, the alert engine's records) and those plugins register from
 * their init (plugins/NAME/NAME_tables.c).  The SQLite schema is generated
 * from these declarations (store_schema.c); the PostgreSQL migrations in
 * sql/ create the same columns and a test compares both databases with
 * `db tables`.  Time series (analytics.samples) and the audit trail
 * (audit.log) are not record tables and have their own calls.
 *
 * The list is process-wide: fo_store_table() is called without a core,
 * also from the store's thread.  It changes only while no store of that
 * core is open (plugin init, plugin unload), so that thread never sees it
 * change. */
#include "fleetops_plugin.h"

#include "core.h"
#include "store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F FO_FIELD
#define C FO_CHOICE

/* ---- core */
static const fo_field_def tenants[] = {
    F("name", FO_FT_TEXT, true, NULL, "display name"),
    F("attributes", FO_FT_JSON, false, NULL, "free-form attributes"),
};
static const fo_field_def operators[] = {
    F("login", FO_FT_TEXT, true, NULL, "database login (PostgreSQL role) of the operator"),
    F("display_name", FO_FT_TEXT, false, NULL, NULL),
    C("role", true, "admin, operator or viewer", "admin", "operator", "viewer"),
    F("attributes", FO_FT_JSON, false, NULL, NULL),
};
static const fo_table_key operators_unique[] = {{"operators_login_key", "login"}};
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
static const fo_table_key vehicles_unique[] = {
    {"vehicles_identity_key", "tenant_id,manufacturer,serial_number"}};
static const fo_field_def depot_maps[] = {
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("map_version", FO_FT_TEXT, false, NULL, "VDA 5050 mapVersion"),
    F("graph", FO_FT_JSON, false, NULL, "nodes and edges"),
};
/* Site layouts (core/map): a LIF 1.0 document per imported revision, kept
 * byte for byte (text, not jsonb, which would reorder its members) apart
 * from the small row that lists it; activations say which one is in use. */
static const fo_field_def layout_documents[] = {
    F("lif", FO_FT_TEXT, true, NULL, "the LIF 1.0 document as fleetops writes it"),
};
static const fo_field_def layouts[] = {
    F("name", FO_FT_TEXT, true, NULL, "the site map's name (LIF projectIdentification)"),
    F("revision", FO_FT_INT, true, NULL, "1, 2, ... per name"),
    F("document_id", FO_FT_ID, true, "core.layout_documents", NULL),
    F("source", FO_FT_TEXT, false, NULL, "the file it was imported from"),
    F("levels", FO_FT_INT, true, NULL, "LIF layouts (levels) in the document"),
    F("nodes", FO_FT_INT, true, NULL, NULL),
    F("edges", FO_FT_INT, true, NULL, NULL),
    F("stations", FO_FT_INT, true, NULL, NULL),
    F("vehicle_types", FO_FT_TEXT, false, NULL, "vehicle type ids, comma-separated"),
    F("warnings", FO_FT_INT, true, NULL, "deviations the reader tolerated"),
};
static const fo_table_key layouts_unique[] = {{"layouts_revision_key", "tenant_id,name,revision"}};
static const fo_table_check layouts_checks[] = {{"layouts_revision_check", "revision > 0"}};
static const fo_field_def layout_activations[] = {
    F("layout_id", FO_FT_ID, true, "core.layouts", "the revision put in use"),
    F("activated_at", FO_FT_TIME, true, NULL, NULL),
    F("note", FO_FT_TEXT, false, NULL, NULL),
};
static const fo_field_def zones[] = {
    F("map_id", FO_FT_ID, true, "core.depot_maps", NULL),
    F("name", FO_FT_TEXT, true, NULL, NULL),
    F("kind", FO_FT_TEXT, false, NULL, "e.g. charging, parking, restricted"),
    F("geometry", FO_FT_JSON, false, NULL, "polygon or rectangle, metres"),
};

/* ---- the alert engine's records (core/alerts; sql/008 and sql/009) */
static const fo_field_def alerts[] = {
    F("rule", FO_FT_TEXT, true, NULL, NULL),
    F("labels", FO_FT_JSON, true, NULL, "identity of the alert"),
    C("state", true, "pending, firing, resolved", "pending", "firing", "resolved"),
    F("severity", FO_FT_TEXT, false, NULL, NULL),
    F("value", FO_FT_REAL, false, NULL, NULL),
    F("started_at", FO_FT_TIME, true, NULL, NULL),
    F("ended_at", FO_FT_TIME, false, NULL, NULL),
    F("acknowledged_by", FO_FT_TEXT, false, NULL, NULL),
    F("acknowledged_at", FO_FT_TIME, false, NULL, NULL),
    F("note", FO_FT_TEXT, false, NULL, NULL),
};
static const fo_table_key alerts_indexes[] = {{NULL, "tenant_id,state,started_at"}};
static const fo_table_check alerts_checks[] = {
    {"alerts_ended_check", "ended_at IS NULL OR ended_at >= started_at"}};
static const fo_field_def alert_transitions[] = {
    F("alert_id", FO_FT_ID, true, "performance.alerts", "the alert instance"),
    F("rule", FO_FT_TEXT, true, NULL, "rule name, or manual"),
    F("fingerprint", FO_FT_TEXT, true, NULL, "hash of the label set, hex"),
    F("labels", FO_FT_JSON, true, NULL, NULL),
    F("annotations", FO_FT_JSON, false, NULL, NULL),
    F("from_state", FO_FT_TEXT, false, NULL, NULL),
    C("to_state", true, "inactive, pending, firing, resolved or acknowledged", "inactive",
      "pending", "firing", "resolved", "acknowledged"),
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
static const fo_table_check alert_silences_checks[] = {
    {"alert_silences_ends_check", "ends_at >= starts_at"}};

#define FIELDS(f) .fields = f, .nfields = FO_NELEMS(f)

static const fo_table_def core_tables[] = {
    {.schema = "core",
     .name = "tenants",
     .summary = "tenants: the top of row-level security",
     FIELDS(tenants),
     .global = true,
     .audited = true},
    {.schema = "core",
     .name = "operators",
     .summary = "operators and their role",
     FIELDS(operators),
     .audited = true,
     .unique = operators_unique,
     .nunique = FO_NELEMS(operators_unique)},
    {.schema = "core", .name = "fleets", .summary = "fleets", FIELDS(fleets), .audited = true},
    {.schema = "core",
     .name = "vehicles",
     .summary = "vehicles",
     FIELDS(vehicles),
     .audited = true,
     .unique = vehicles_unique,
     .nunique = FO_NELEMS(vehicles_unique)},
    {.schema = "core",
     .name = "depot_maps",
     .summary = "depot maps",
     FIELDS(depot_maps),
     .audited = true},
    {.schema = "core",
     .name = "zones",
     .summary = "zones of a depot map",
     FIELDS(zones),
     .audited = true},
    {.schema = "core",
     .name = "layout_documents",
     .summary = "site layout documents (LIF 1.0)",
     FIELDS(layout_documents),
     .audited = true},
    {.schema = "core",
     .name = "layouts",
     .summary = "site layout revisions",
     FIELDS(layouts),
     .audited = true,
     .unique = layouts_unique,
     .nunique = FO_NELEMS(layouts_unique),
     .checks = layouts_checks,
     .nchecks = FO_NELEMS(layouts_checks)},
    {.schema = "core",
     .name = "layout_activations",
     .summary = "which layout revision is in use, since when",
     FIELDS(layout_activations),
     .time_field = "activated_at",
     .audited = true},
    {.schema = "performance",
     .name = "alerts",
     .summary = "alert history",
     FIELDS(alerts),
     .time_field = "started_at",
     .audited = true,
     .indexes = alerts_indexes,
     .nindexes = FO_NELEMS(alerts_indexes),
     .checks = alerts_checks,
     .nchecks = FO_NELEMS(alerts_checks)},
    {.schema = "performance",
     .name = "alert_transitions",
     .summary = "every transition and acknowledgement of an alert",
     FIELDS(alert_transitions),
     .time_field = "at",
     .audited = true},
    {.schema = "performance",
     .name = "alert_silences",
     .summary = "alert silences",
     FIELDS(alert_silences),
     .time_field = "ends_at",
     .audited = true,
     .checks = alert_silences_checks,
     .nchecks = FO_NELEMS(alert_silences_checks)},
};

/* ---------------------------------------------------------------- registry */

typedef struct {
	const fo_table_def *t;
	fo_core *core;
	int owner; /* the plugin that registered it, -1 outside a plugin's init */
} reg_entry;

static reg_entry *reg;
static size_t nreg, capreg;
/* The core's tables, then each registered table once (two cores in one
 * process register the same plugin's tables twice). */
static const fo_table_def **visible;
static size_t nvisible;

static bool same_name(const fo_table_def *a, const fo_table_def *b)
{
	return strcmp(a->schema, b->schema) == 0 && strcmp(a->name, b->name) == 0;
}

static void rebuild_visible(void)
{
	free(visible);
	visible = malloc((FO_NELEMS(core_tables) + nreg + 1) * sizeof *visible);
	if (!visible)
		abort();
	nvisible = 0;
	for (size_t i = 0; i < FO_NELEMS(core_tables); i++)
		visible[nvisible++] = &core_tables[i];
	for (size_t i = 0; i < nreg; i++) {
		bool seen = false;
		for (size_t k = FO_NELEMS(core_tables); k < nvisible && !seen; k++)
			seen = visible[k] == reg[i].t;
		if (!seen)
			visible[nvisible++] = reg[i].t;
	}
}

static void first_build(void)
{
	if (!visible)
		rebuild_visible();
}

/* The first look may come from the store's thread (nothing registered:
 * the core's tables only). */
static void ensure_visible(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, first_build);
}

size_t fo_store_table_count(void)
{
	ensure_visible();
	return nvisible;
}

const fo_table_def *fo_store_table_at(size_t i)
{
	ensure_visible();
	return i < nvisible ? visible[i] : NULL;
}

const fo_table_def *fo_store_table(const char *qualified)
{
	const char *dot = qualified ? strchr(qualified, '.') : NULL;
	if (!dot)
		return NULL;
	ensure_visible();
	size_t sl = (size_t)(dot - qualified);
	for (size_t i = 0; i < nvisible; i++)
		if (strlen(visible[i]->schema) == sl &&
		    strncmp(visible[i]->schema, qualified, sl) == 0 &&
		    strcmp(visible[i]->name, dot + 1) == 0)
			return visible[i];
	return NULL;
}

/* ---------------------------------------------------------------- checks */

static const char *const implicit_cols[] = {"id",         "tenant_id",  "version",
                                            "created_at", "updated_at", "updated_by"};

/* Lower-case SQL identifier: it is written into DDL unquoted. */
static bool identifier(const char *s)
{
	if (!s || !*s || strlen(s) > 48 || !(*s >= 'a' && *s <= 'z'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

const fo_field_def *fo_store_table_field(const fo_table_def *t, const char *name)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].name, name) == 0)
			return &t->fields[i];
	return NULL;
}

static bool has_column(const fo_table_def *t, const char *name, size_t len)
{
	for (size_t i = 0; i < FO_NELEMS(implicit_cols); i++)
		if (strlen(implicit_cols[i]) == len && strncmp(implicit_cols[i], name, len) == 0)
			return true;
	for (size_t i = 0; i < t->nfields; i++)
		if (strlen(t->fields[i].name) == len && strncmp(t->fields[i].name, name, len) == 0)
			return true;
	return false;
}

/* "a,b,c": each a column of t. */
static int check_columns(const fo_table_def *t, const char *what, const char *cols, char *err,
                         size_t errlen)
{
	if (!cols || !*cols) {
		snprintf(err, errlen, "%s.%s: %s names no column", t->schema, t->name, what);
		return -1;
	}
	for (const char *p = cols; *p;) {
		size_t l = strcspn(p, ",");
		if (!has_column(t, p, l)) {
			snprintf(err, errlen, "%s.%s: %s names '%.*s', not a column of the table",
			         t->schema, t->name, what, (int)l, p);
			return -1;
		}
		p += l;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int check_field(const fo_table_def *t, size_t i, char *err, size_t errlen)
{
	const fo_field_def *f = &t->fields[i];
	if (!identifier(f->name)) {
		snprintf(err, errlen, "%s.%s: field %zu: '%s' is not a lower-case identifier",
		         t->schema, t->name, i, f->name ? f->name : "(null)");
		return -1;
	}
	for (size_t k = 0; k < FO_NELEMS(implicit_cols); k++)
		if (strcmp(f->name, implicit_cols[k]) == 0) {
			snprintf(err, errlen, "%s.%s: %s is an implicit column", t->schema, t->name,
			         f->name);
			return -1;
		}
	if (fo_store_table_field(t, f->name) != f) {
		snprintf(err, errlen, "%s.%s: field %s declared twice", t->schema, t->name,
		         f->name);
		return -1;
	}
	if ((unsigned)f->type > FO_FT_ID) {
		snprintf(err, errlen, "%s.%s.%s: unknown type", t->schema, t->name, f->name);
		return -1;
	}
	if ((f->type == FO_FT_ID) != (f->ref != NULL)) {
		snprintf(err, errlen,
		         "%s.%s.%s: an id field names the table it references, "
		         "and only an id field does",
		         t->schema, t->name, f->name);
		return -1;
	}
	if (f->ref) {
		const char *dot = strchr(f->ref, '.');
		char s[64];
		snprintf(s, sizeof s, "%.*s", dot ? (int)(dot - f->ref) : 0, f->ref);
		if (!dot || !identifier(s) || !identifier(dot + 1)) {
			snprintf(err, errlen, "%s.%s.%s: reference '%s' is not schema.table",
			         t->schema, t->name, f->name, f->ref);
			return -1;
		}
	}
	if (f->choices && f->type != FO_FT_TEXT) {
		snprintf(err, errlen, "%s.%s.%s: choices only on a text field", t->schema, t->name,
		         f->name);
		return -1;
	}
	for (const char *const *c = f->choices; c && *c; c++)
		if (!**c || strchr(*c, '\'')) {
			snprintf(err, errlen, "%s.%s.%s: choice '%s' is empty or has a quote",
			         t->schema, t->name, f->name, *c);
			return -1;
		}
	return 0;
}

int fo_store_table_valid(const fo_table_def *t, char *err, size_t errlen)
{
	if (!t || !identifier(t->schema) || !identifier(t->name)) {
		snprintf(err, errlen, "table '%s.%s': schema and name are lower-case identifiers",
		         t && t->schema ? t->schema : "(null)", t && t->name ? t->name : "(null)");
		return -1;
	}
	if (!t->fields || !t->nfields) {
		snprintf(err, errlen, "%s.%s declares no field", t->schema, t->name);
		return -1;
	}
	for (size_t i = 0; i < t->nfields; i++)
		if (check_field(t, i, err, errlen) != 0)
			return -1;
	if (t->time_field) {
		const fo_field_def *f = fo_store_table_field(t, t->time_field);
		if (!f || f->type != FO_FT_TIME) {
			snprintf(err, errlen,
			         "%s.%s: time field '%s' is not a time field of the table",
			         t->schema, t->name, t->time_field);
			return -1;
		}
	}
	for (size_t i = 0; i < t->nunique; i++)
		if (!identifier(t->unique[i].name) ||
		    check_columns(t, "a unique key", t->unique[i].columns, err, errlen) != 0) {
			if (!identifier(t->unique[i].name))
				snprintf(err, errlen, "%s.%s: unique key %zu has no name",
				         t->schema, t->name, i);
			return -1;
		}
	for (size_t i = 0; i < t->nindexes; i++)
		if (check_columns(t, "an index", t->indexes[i].columns, err, errlen) != 0)
			return -1;
	for (size_t i = 0; i < t->nchecks; i++)
		if (!identifier(t->checks[i].name) || !t->checks[i].expr || !*t->checks[i].expr) {
			snprintf(err, errlen, "%s.%s: check %zu needs a name and an expression",
			         t->schema, t->name, i);
			return -1;
		}
	return 0;
}

/* ---------------------------------------------------------------- registration */

int fo_store_tables_register(fo_core *core, const fo_table_def *tables, size_t n, char *err,
                             size_t errlen)
{
	if (core && core->store) {
		snprintf(err, errlen,
		         "tables are registered from a plugin's init, before the "
		         "store opens");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (fo_store_table_valid(&tables[i], err, errlen) != 0)
			return -1;
		const fo_table_def *old;
		for (size_t k = 0; (old = fo_store_table_at(k)) != NULL; k++)
			if (same_name(old, &tables[i]) && old != &tables[i]) {
				snprintf(err, errlen, "table %s.%s is already declared",
				         old->schema, old->name);
				return -1;
			}
		for (size_t k = 0; k < i; k++)
			if (same_name(&tables[k], &tables[i])) {
				snprintf(err, errlen, "table %s.%s declared twice",
				         tables[i].schema, tables[i].name);
				return -1;
			}
	}
	int owner = core && core->plugins ? fo_plugins_current_owner(core->plugins) : -1;
	for (size_t i = 0; i < n; i++) {
		if (nreg == capreg) {
			capreg = capreg ? 2 * capreg : 32;
			if (!(reg = realloc(reg, capreg * sizeof *reg)))
				abort();
		}
		reg[nreg++] = (reg_entry){&tables[i], core, owner};
	}
	rebuild_visible();
	return 0;
}

void fo_store_tables_remove_owner(fo_core *core, int owner, bool all)
{
	size_t k = 0;
	for (size_t i = 0; i < nreg; i++)
		if (!(reg[i].core == core && (all || reg[i].owner == owner)))
			reg[k++] = reg[i];
	if (k == nreg)
		return;
	nreg = k;
	rebuild_visible();
}

const char *fo_store_status_name(fo_store_status s)
{
	static const char *n[] = {"ok",     "error",   "not found",  "conflict",
	                          "denied", "invalid", "unavailable"};
	return (unsigned)s < FO_NELEMS(n) ? n[s] : "?";
}
