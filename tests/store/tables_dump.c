/* tables_dump.c — prints the record tables of core/store_tables.c, one
 * column a line, for the PostgreSQL schema tests (tests/store/pg_schema.sh,
 * tests/store/rls.sh), which compare the database against it:
 *
 *   schema.table column type required|optional ref|- time|- global|tenant
 *
 * type is one of text int real bool time json id; the implicit columns
 * (FO_STORE_IMPLICIT) come first.  Built by the scripts themselves from this
 * file and core/store_tables.c alone (no other part of the core), so the
 * schema tests run even while the rest of the tree does not build. */
#include "fleetops_plugin.h"

#include <stdio.h>

static const char *type_name(fo_field_type t)
{
	switch (t) {
	case FO_FT_TEXT: return "text";
	case FO_FT_INT: return "int";
	case FO_FT_REAL: return "real";
	case FO_FT_BOOL: return "bool";
	case FO_FT_TIME: return "time";
	case FO_FT_JSON: return "json";
	case FO_FT_ID: return "id";
	}
	return "?";
}

int main(void)
{
	/* The implicit columns, in FO_STORE_IMPLICIT order.  updated_by may be
	 * NULL (a row written by a migration or a trusted service without an
	 * actor); the others are always set. */
	static const struct {
		const char *name, *type;
		int required;
	} implicit[] = {
		{"id", "id", 1},         {"tenant_id", "id", 1},  {"version", "int", 1},
		{"created_at", "time", 1}, {"updated_at", "time", 1}, {"updated_by", "text", 0},
	};
	for (size_t i = 0; i < fo_store_table_count(); i++) {
		const fo_table_def *t = fo_store_table_at(i);
		const char *tf = t->time_field ? t->time_field : "-";
		const char *g = t->global ? "global" : "tenant";
		for (size_t k = 0; k < sizeof implicit / sizeof implicit[0]; k++)
			printf("%s.%s %s %s %s %s %s %s\n", t->schema, t->name, implicit[k].name,
			       implicit[k].type, implicit[k].required ? "required" : "optional",
			       k == 1 && !t->global ? "core.tenants" : "-", tf, g);
		for (size_t k = 0; k < t->nfields; k++) {
			const fo_field_def *f = &t->fields[k];
			printf("%s.%s %s %s %s %s %s %s\n", t->schema, t->name, f->name,
			       type_name(f->type), f->required ? "required" : "optional",
			       f->ref ? f->ref : "-", tf, g);
		}
	}
	return 0;
}
