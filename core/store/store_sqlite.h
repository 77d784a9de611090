/* store_sqlite.h — the embedded store: one SQLite file in WAL mode.
 *
 * URLs: sqlite:PATH, sqlite://PATH (sqlite:///abs/path), sqlite::memory:.
 * Tables are named schema_table ("missions.templates" is missions_templates);
 * migrate() generates them from the table declarations (store_schema.c),
 * then applies the files of sql/sqlite/ and records them in
 * fleetops_migrations.  Every connection registers
 * fo_actor(), which the audit triggers call for the actor given to open(). */
#ifndef FO_STORE_SQLITE_H
#define FO_STORE_SQLITE_H

#include "fleetops_plugin.h"

extern const fo_store_backend fo_store_sqlite_backend;

#endif
