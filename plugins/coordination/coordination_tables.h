/* coordination_tables.h — the tables the coordination plugin owns (coordination_tables.c). */
#ifndef FO_COORDINATION_TABLES_H
#define FO_COORDINATION_TABLES_H

#include "fleetops_plugin.h"

extern const fo_table_def coordination_tables[];
extern const size_t coordination_ntables;

#endif
