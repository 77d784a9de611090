/* analytics_tables.h — the tables the analytics plugin owns (analytics_tables.c). */
#ifndef FO_ANALYTICS_TABLES_H
#define FO_ANALYTICS_TABLES_H

#include "fleetops_plugin.h"

extern const fo_table_def analytics_tables[];
extern const size_t analytics_ntables;

#endif
