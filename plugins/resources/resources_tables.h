/* resources_tables.h — the tables the resources plugin owns (resources_tables.c). */
#ifndef FO_RESOURCES_TABLES_H
#define FO_RESOURCES_TABLES_H

#include "fleetops_plugin.h"

extern const fo_table_def resources_tables[];
extern const size_t resources_ntables;

#endif
