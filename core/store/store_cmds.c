/* store_cmds.c — `fleetops db ...`: migrations, status, and generic record
 * commands over every store table (for administrators, scripts and tests;
 * the domain commands of later issues use the same store calls). */
#include "core.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static fo_store *need_store(fo_core *core, fo_out *out)
{
	if (!core->store)
		fo_out_error(out, "no store is open (see the log, and --store)");
	return core->store;
}

static fo_status failed(fo_out *out, const char *what, const fo_wait *w)
{
	fo_out_error(out, "%s: %s: %s", what, fo_store_status_name(w->status), w->error);
	return FO_ERR;
}

/* An integer option that must be at least min when given: fills *v
 * (fallback when absent); false, with the usage error said, when it is
 * smaller. */
static bool int_at_least(const fo_args *a, const char *name, long min, long fallback, long *v,
                         const char *what, fo_out *out)
{
	*v = fo_args_int(a, name, fallback);
	if (!fo_args_has(a, name) || *v >= min)
		return true;
	fo_out_error(out, "%s: --%s takes a whole number >= %ld, not %ld", what, name, min, *v);
	return false;
}

static const fo_table_def *need_table(const char *name, fo_out *out)
{
	const fo_table_def *t = fo_store_table(name);
	if (!t)
		fo_out_error(out, "no table '%s' (see: db tables)", name);
	return t;
}

/* Applies FIELD=VALUE words to r; "FIELD=" sets an empty string, and
 * "FIELD" alone sets NULL.  An update names its record by the positional
 * id, and a record stays in its tenant: there neither may be set. */
static fo_status apply_fields(fo_record *r, char *const *words, size_t n, bool update, fo_out *out)
{
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(words[i], '=');
		char name[64];
		size_t nl = eq ? (size_t)(eq - words[i]) : strlen(words[i]);
		if (nl == 0 || nl >= sizeof name) {
			fo_out_error(out, "expected FIELD=VALUE, not '%s'", words[i]);
			return FO_EUSAGE;
		}
		memcpy(name, words[i], nl);
		name[nl] = '\0';
		if (strcmp(name, "version") == 0 || strcmp(name, "created_at") == 0 ||
		    strcmp(name, "updated_at") == 0 || strcmp(name, "updated_by") == 0) {
			fo_out_error(out, "%s is kept by the store", name);
			return FO_EUSAGE;
		}
		if (update && strcmp(name, "id") == 0) {
			fo_out_error(out,
			             "db update: id is the record's own (the ID argument), not a "
			             "field to change");
			return FO_EUSAGE;
		}
		if (update && strcmp(name, "tenant_id") == 0) {
			fo_out_error(out,
			             "db update: tenant_id cannot change (a record stays in its "
			             "tenant; insert a new one instead)");
			return FO_EUSAGE;
		}
		if (fo_record_set(r, name, eq ? eq + 1 : NULL) != 0) {
			fo_out_error(out, "%s.%s has no field '%s' (see: db tables)",
			             fo_record_table(r)->schema, fo_record_table(r)->name, name);
			return FO_EUSAGE;
		}
	}
	return FO_OK;
}

static const char *const implicit[] = {"id",         "tenant_id",  "version",
                                       "created_at", "updated_at", "updated_by"};
#define NIMPLICIT (sizeof implicit / sizeof implicit[0])

static void print_record(fo_out *out, const fo_record *r)
{
	const fo_table_def *t = fo_record_table(r);
	for (size_t i = 0; i < NIMPLICIT; i++) {
		const char *v = fo_record_get(r, implicit[i]);
		fo_out_printf(out, "%-20s %s\n", implicit[i], v ? v : "NULL");
	}
	for (size_t i = 0; i < t->nfields; i++) {
		const char *v = fo_record_get(r, t->fields[i].name);
		fo_out_printf(out, "%-20s %s\n", t->fields[i].name, v ? v : "NULL");
	}
}

/* ---------------------------------------------------------------- commands */

static fo_status cmd_migrate(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	fo_store *s = need_store(core, out);
	if (!s)
		return FO_ERR;
	fo_wait w = {0};
	fo_store_migrate(s, fo_wait_keep, &w);
	fo_store_drain(s);
	fo_status st = w.status == FO_STORE_OK ? FO_OK : failed(out, "db migrate", &w);
	if (w.text)
		fo_out_printf(out, "%s", w.text);
	fo_wait_free(&w);
	return st;
}

static fo_status cmd_status(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	fo_store *s = need_store(core, out);
	if (!s)
		return FO_ERR;
	fo_wait w = {0};
	fo_store_status_report(s, fo_wait_keep, &w);
	fo_store_drain(s);
	fo_out_printf(out, "store: %s\n", fo_store_url(s));
	fo_status st = w.status == FO_STORE_OK ? FO_OK : failed(out, "db status", &w);
	if (w.text)
		fo_out_printf(out, "%s", w.text);
	fo_wait_free(&w);
	return st;
}

static const char *type_name(fo_field_type t)
{
	static const char *n[] = {"text", "int", "real", "bool", "time", "json", "id"};
	return (unsigned)t < sizeof n / sizeof n[0] ? n[t] : "?";
}

/* One column a line, tab-separated, implicit columns first:
 *   schema.table column type required|optional ref|- time_field|- global|tenant help|-
 * The schema tests compare the databases against exactly this. */
static fo_status cmd_tables(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	/* updated_by may be NULL: a row written by a migration or a trusted
	 * service without an actor */
	static const char *const itypes[] = {"id", "id", "int", "time", "time", "text"};
	for (size_t i = 0; i < fo_store_table_count(); i++) {
		const fo_table_def *t = fo_store_table_at(i);
		const char *tf = t->time_field ? t->time_field : "-";
		const char *scope = t->global ? "global" : "tenant";
		for (size_t k = 0; k < NIMPLICIT; k++)
			fo_out_printf(out, "%s.%s\t%s\t%s\t%s\t%s\t%s\t%s\t-\n", t->schema, t->name,
			              implicit[k], itypes[k], k == 5 ? "optional" : "required",
			              k == 1 && !t->global ? "core.tenants" : "-", tf, scope);
		for (size_t k = 0; k < t->nfields; k++) {
			const fo_field_def *f = &t->fields[k];
			fo_out_printf(out, "%s.%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t->schema,
			              t->name, f->name, type_name(f->type),
			              f->required ? "required" : "optional", f->ref ? f->ref : "-",
			              tf, scope, f->help ? f->help : "-");
		}
	}
	return FO_OK;
}

static fo_status cmd_insert(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	fo_store *s = need_store(core, out);
	const fo_table_def *t = need_table(fo_args_str(a, "table", ""), out);
	if (!s || !t)
		return s ? FO_EUSAGE : FO_ERR;
	char *const *words;
	size_t n = fo_args_rest(a, "fields", &words);
	fo_record *r = fo_record_new(t);
	fo_status st = apply_fields(r, words, n, false, out);
	if (st == FO_OK) {
		fo_wait w = {0};
		fo_store_insert(s, r, fo_wait_keep, &w);
		fo_store_drain(s);
		if (w.status == FO_STORE_OK && w.rec)
			print_record(out, w.rec);
		else
			st = failed(out, "db insert", &w);
		fo_wait_free(&w);
	}
	fo_record_free(r);
	return st;
}

static fo_status cmd_get(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	fo_store *s = need_store(core, out);
	const fo_table_def *t = need_table(fo_args_str(a, "table", ""), out);
	if (!s || !t)
		return s ? FO_EUSAGE : FO_ERR;
	fo_wait w = {0};
	fo_store_get(s, fo_args_str(a, "table", ""), fo_args_str(a, "id", ""), fo_wait_keep, &w);
	fo_store_drain(s);
	fo_status st = FO_OK;
	if (w.status == FO_STORE_OK && w.rec)
		print_record(out, w.rec);
	else
		st = failed(out, "db get", &w);
	fo_wait_free(&w);
	return st;
}

static fo_status cmd_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	fo_store *s = need_store(core, out);
	const fo_table_def *t = need_table(fo_args_str(a, "table", ""), out);
	if (!s || !t)
		return s ? FO_EUSAGE : FO_ERR;
	long limit;
	if (!int_at_least(a, "limit", 1, 0, &limit, "db list", out))
		return FO_EUSAGE;
	fo_store_query q = {.table = fo_args_str(a, "table", ""),
	                    .tenant_id = fo_args_str(a, "tenant", NULL),
	                    .from = fo_args_str(a, "from", NULL),
	                    .to = fo_args_str(a, "to", NULL),
	                    .limit = (size_t)limit};
	char field[64] = "";
	const char *where = fo_args_str(a, "where", NULL);
	if (where) {
		const char *eq = strchr(where, '=');
		if (!eq || eq == where || (size_t)(eq - where) >= sizeof field) {
			fo_out_error(out, "db list: --where takes FIELD=VALUE");
			return FO_EUSAGE;
		}
		memcpy(field, where, (size_t)(eq - where));
		q.field = field;
		q.equals = eq + 1;
	}
	fo_wait w = {0};
	fo_store_list(s, &q, fo_wait_keep, &w);
	fo_store_drain(s);
	fo_status st = FO_OK;
	if (w.status != FO_STORE_OK) {
		st = failed(out, "db list", &w);
		/* a read writes nothing: an invalid query is one of the arguments
		 * (--where's field or value, --from, --to, --tenant) */
		if (w.status == FO_STORE_INVALID)
			st = FO_EUSAGE;
	} else {
		/* tab-separated, a header line first: easy for scripts */
		fo_out_printf(out, "id\tversion");
		for (size_t k = 0; k < t->nfields; k++)
			fo_out_printf(out, "\t%s", t->fields[k].name);
		fo_out_printf(out, "\n");
		for (size_t i = 0; i < w.nrecs; i++) {
			fo_out_printf(out, "%s\t%lld", fo_record_id(w.recs[i]),
			              fo_record_version(w.recs[i]));
			for (size_t k = 0; k < t->nfields; k++) {
				const char *v = fo_record_get(w.recs[i], t->fields[k].name);
				fo_out_printf(out, "\t%s", v ? v : "");
			}
			fo_out_printf(out, "\n");
		}
	}
	fo_wait_free(&w);
	return st;
}

static fo_status cmd_update(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	fo_store *s = need_store(core, out);
	const char *table = fo_args_str(a, "table", "");
	const fo_table_def *t = need_table(table, out);
	if (!s || !t)
		return s ? FO_EUSAGE : FO_ERR;
	long version;
	if (!int_at_least(a, "version", 1, 0, &version, "db update", out))
		return FO_EUSAGE;
	/* read, change the given fields, write back at the version the user
	 * named: a stale version is refused by the store */
	fo_wait got = {0};
	fo_store_get(s, table, fo_args_str(a, "id", ""), fo_wait_keep, &got);
	fo_store_drain(s);
	if (got.status != FO_STORE_OK || !got.rec) {
		fo_status st = failed(out, "db update", &got);
		fo_wait_free(&got);
		return st;
	}
	char *const *words;
	size_t n = fo_args_rest(a, "fields", &words);
	fo_status st = apply_fields(got.rec, words, n, true, out);
	if (st == FO_OK) {
		fo_record_setf(got.rec, "version", "%ld", version);
		fo_wait w = {0};
		fo_store_update(s, got.rec, fo_wait_keep, &w);
		fo_store_drain(s);
		if (w.status == FO_STORE_OK && w.rec)
			print_record(out, w.rec);
		else
			st = failed(out, "db update", &w);
		fo_wait_free(&w);
	}
	fo_wait_free(&got);
	return st;
}

static fo_status cmd_delete(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	fo_store *s = need_store(core, out);
	const char *table = fo_args_str(a, "table", "");
	if (!s || !need_table(table, out))
		return s ? FO_EUSAGE : FO_ERR;
	long version;
	if (!int_at_least(a, "version", 1, 0, &version, "db delete", out))
		return FO_EUSAGE;
	fo_wait w = {0};
	fo_store_delete(s, table, fo_args_str(a, "id", ""), version, fo_wait_keep, &w);
	fo_store_drain(s);
	fo_status st = w.status == FO_STORE_OK ? FO_OK : failed(out, "db delete", &w);
	if (st == FO_OK)
		fo_out_printf(out, "deleted %s %s\n", table, fo_args_str(a, "id", ""));
	fo_wait_free(&w);
	return st;
}

static fo_status cmd_audit(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	fo_store *s = need_store(core, out);
	const char *table = fo_args_str(a, "table", "");
	if (!s || !need_table(table, out))
		return s ? FO_EUSAGE : FO_ERR;
	fo_wait w = {0};
	fo_store_audit(s, table, fo_args_str(a, "id", NULL), fo_wait_keep, &w);
	fo_store_drain(s);
	fo_status st = w.status == FO_STORE_OK ? FO_OK : failed(out, "db audit", &w);
	for (size_t i = 0; st == FO_OK && i < w.naudit; i++) {
		const fo_audit_row *r = &w.audit[i];
		fo_out_printf(out, "%s %-6s %s %s by %s\n  old: %s\n  new: %s\n", r->at, r->op,
		              r->table, r->record_id, r->actor, r->old_row ? r->old_row : "-",
		              r->new_row ? r->new_row : "-");
	}
	fo_wait_free(&w);
	return st;
}

/* ---- streaming commands: the shell only, they write as they go */

static bool from_shell(fo_core *core, fo_out *out, const char *what)
{
	if (fo_core_has_frontend(core)) {
		fo_out_error(out, "%s runs from the shell (fleetops %s)", what, what);
		return false;
	}
	return true;
}

static void print_change(fo_core *core, const char *table, const char *id, const char *op, void *ud)
{
	(void)core;
	(void)ud;
	printf("change %s %s %s %llu\n", table, id, op, (unsigned long long)fo_wall_ms());
	fflush(stdout);
}

static void stop_watch(fo_core *core, void *ud)
{
	(void)ud;
	fo_core_stop(core);
}

static fo_status cmd_watch(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	long secs;
	if (!int_at_least(a, "timeout", 0, 0, &secs, "db watch", out))
		return FO_EUSAGE;
	fo_store *s = need_store(core, out);
	if (!s || !from_shell(core, out, "db watch"))
		return FO_ERR;
	if (fo_store_on_change(s, print_change, NULL) != 0) {
		fo_out_error(out, "db watch: the %s store has no other sessions to hear from",
		             fo_store_scheme(s));
		return FO_ERR;
	}
	/* say "watching" only once changes can be heard */
	for (int i = 0; i < 1000 && !fo_store_listening(s); i++)
		usleep(10 * 1000);
	if (!fo_store_listening(s)) {
		fo_out_error(out, "db watch: could not subscribe to changes within 10 s");
		return FO_ERR;
	}
	printf("watching %s\n", fo_store_scheme(s));
	fflush(stdout);
	fo_timer *t =
	    secs > 0 ? fo_timer_start(core, (uint64_t)secs * 1000, 0, stop_watch, NULL) : NULL;
	fo_core_run(core);
	(void)t; /* one-shot: frees itself when it fires; the core stops the rest */
	return FO_OK;
}

typedef struct {
	long acked;
	fo_store_status failed;
	char error[256];
} fo_stress;

static void stress_ack(fo_core *core, const fo_store_result *res, void *ud)
{
	fo_stress *st = ud;
	if (res->status != FO_STORE_OK) {
		st->failed = res->status;
		snprintf(st->error, sizeof st->error, "%s", res->error);
		return;
	}
	/* printed only once the store has committed it */
	printf("ack %s\n", fo_record_id(res->records[0]));
	fflush(stdout);
	st->acked++;
}

static fo_status cmd_stress(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	long count;
	if (!int_at_least(a, "count", 1, 1000, &count, "db stress", out))
		return FO_EUSAGE;
	fo_store *s = need_store(core, out);
	if (!s || !from_shell(core, out, "db stress"))
		return FO_ERR;
	/* a tenant of its own, so the records never mix with real ones */
	const fo_table_def *tt = fo_store_table("core.tenants");
	fo_record *tenant = fo_record_new(tt);
	fo_record_set(tenant, "name", "stress test");
	fo_wait w = {0};
	fo_store_insert(s, tenant, fo_wait_keep, &w);
	fo_store_drain(s);
	fo_record_free(tenant);
	if (w.status != FO_STORE_OK || !w.rec) {
		fo_status st = failed(out, "db stress", &w);
		fo_wait_free(&w);
		return st;
	}
	char tenant_id[40];
	snprintf(tenant_id, sizeof tenant_id, "%s", fo_record_id(w.rec));
	fo_wait_free(&w);
	printf("tenant %s\n", tenant_id);
	fflush(stdout);
	const fo_table_def *mt = fo_store_table("coordination.messages");
	fo_stress st = {0};
	char now[32];
	for (long i = 0; i < count && st.failed == FO_STORE_OK; i++) {
		fo_record *m = fo_record_new(mt);
		fo_record_set(m, "tenant_id", tenant_id);
		fo_record_set(m, "kind", "stress");
		fo_iso_time(fo_wall_ms(), now, sizeof now);
		fo_record_set(m, "sent_at", now);
		fo_record_setf(m, "body", "{\"n\":%ld}", i);
		fo_store_insert(s, m, stress_ack, &st);
		fo_record_free(m);
		fo_store_drain(s); /* one at a time: each ack is one commit */
	}
	if (st.failed != FO_STORE_OK) {
		fo_out_error(out, "db stress: %s after %ld writes: %s",
		             fo_store_status_name(st.failed), st.acked, st.error);
		return FO_ERR;
	}
	return FO_OK;
}

/* ---------------------------------------------------------------- table */

static const fo_arg_spec table_arg[] = {
    {"table", FO_ARG_STRING, true, NULL, "schema.table (see: db tables)"},
    {"fields", FO_ARG_REST, false, NULL, "FIELD=VALUE ... (FIELD alone sets NULL)"},
};
static const fo_arg_spec get_args[] = {
    {"table", FO_ARG_STRING, true, NULL, "schema.table"},
    {"id", FO_ARG_STRING, true, NULL, "record id"},
};
static const fo_arg_spec list_args[] = {
    {"table", FO_ARG_STRING, true, NULL, "schema.table"},
    {"tenant", FO_ARG_STRING, false, NULL, "only this tenant's records"},
    {"from", FO_ARG_STRING, false, NULL, "time field >= this (ISO 8601)"},
    {"to", FO_ARG_STRING, false, NULL, "time field < this (ISO 8601)"},
    {"where", FO_ARG_STRING, false, NULL, "FIELD=VALUE equality filter"},
    {"limit", FO_ARG_INT, false, NULL, "at most this many (>= 1; default all)"},
};
static const fo_arg_spec update_args[] = {
    {"table", FO_ARG_STRING, true, NULL, "schema.table"},
    {"id", FO_ARG_STRING, true, NULL, "record id"},
    {"version", FO_ARG_INT, true, NULL, "the version you read (stale: refused)"},
    {"fields", FO_ARG_REST, false, NULL, "FIELD=VALUE ..."},
};
static const fo_arg_spec delete_args[] = {
    {"table", FO_ARG_STRING, true, NULL, "schema.table"},
    {"id", FO_ARG_STRING, true, NULL, "record id"},
    {"version", FO_ARG_INT, true, NULL, "the version you read (stale: refused)"},
};
static const fo_arg_spec audit_args[] = {
    {"table", FO_ARG_STRING, true, NULL, "schema.table"},
    {"id", FO_ARG_STRING, false, NULL, "one record's trail"},
};
static const fo_arg_spec watch_args[] = {
    {"timeout", FO_ARG_INT, false, NULL,
     "stop after this many seconds (0 or none: until interrupted)"},
};
static const fo_arg_spec stress_args[] = {
    {"count", FO_ARG_INT, false, NULL, "records to write (>= 1; default 1000)"},
};

#define RO FO_CMD_READONLY_SAFE
static const fo_cmd_spec cmds[] = {
    {"db", "migrate", "apply pending schema migrations", NULL, 0, 0, cmd_migrate},
    {"db", "status", "applied and pending migrations", NULL, 0, RO, cmd_status},
    {"db", "tables", "every table with its columns", NULL, 0, RO, cmd_tables},
    {"db", "insert", "insert a record", table_arg, 2, 0, cmd_insert},
    {"db", "get", "show a record", get_args, 2, RO, cmd_get},
    {"db", "list", "list records (tab-separated)", list_args, 6, RO, cmd_list},
    {"db", "update", "change fields of a record", update_args, 4, 0, cmd_update},
    {"db", "delete", "delete a record", delete_args, 3, FO_CMD_DANGEROUS, cmd_delete},
    {"db", "audit", "audit trail of a table or a record", audit_args, 2, RO, cmd_audit},
    {"db", "watch", "print other sessions' changes as they happen", watch_args, 1, RO, cmd_watch},
    {"db", "stress", "write test records, printing each id once committed", stress_args, 1, 0,
     cmd_stress},
};

void fo_store_cmds_register(fo_core *core)
{
	char err[256];
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (fo_registry_add(core->registry, &cmds[i], NULL, -1, err, sizeof err) != 0)
			fo_log(core, FO_LOG_ERROR, "%s", err);
}
