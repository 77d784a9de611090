/* performance_tables.h — the tables the performance plugin owns (performance_tables.c). */
#ifndef FO_PERFORMANCE_TABLES_H
#define FO_PERFORMANCE_TABLES_H

#include "fleetops_plugin.h"

extern const fo_table_def performance_tables[];
extern const size_t performance_ntables;

#endif
