/* optimization_tables.h — the tables the optimization plugin owns (optimization_tables.c). */
#ifndef FO_OPTIMIZATION_TABLES_H
#define FO_OPTIMIZATION_TABLES_H

#include "fleetops_plugin.h"

extern const fo_table_def optimization_tables[];
extern const size_t optimization_ntables;

#endif
