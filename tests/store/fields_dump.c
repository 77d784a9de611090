/* fields_dump.c — the declared fields of every record table, for
 * tests/store/injection.sh, one a line, tab-separated:
 *
 *   schema.table  field  type  required|optional  ref|-  help|-
 *
 * type is one of text int real bool time json id.  Built by the script from
 * this file and core/store_tables.c alone. */
#include "fleetops_plugin.h"

#include <stdio.h>

static const char *type_name(fo_field_type t)
{
	switch (t) {
	case FO_FT_TEXT:
		return "text";
	case FO_FT_INT:
		return "int";
	case FO_FT_REAL:
		return "real";
	case FO_FT_BOOL:
		return "bool";
	case FO_FT_TIME:
		return "time";
	case FO_FT_JSON:
		return "json";
	case FO_FT_ID:
		return "id";
	}
	return "?";
}

int main(void)
{
	for (size_t i = 0; i < fo_store_table_count(); i++) {
		const fo_table_def *t = fo_store_table_at(i);
		for (size_t k = 0; k < t->nfields; k++) {
			const fo_field_def *f = &t->fields[k];
			printf("%s.%s\t%s\t%s\t%s\t%s\t%s\n", t->schema, t->name, f->name,
			       type_name(f->type), f->required ? "required" : "optional",
			       f->ref ? f->ref : "-", f->help ? f->help : "-");
		}
	}
	return 0;
}
