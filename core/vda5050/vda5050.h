/* vda5050.h — core-only parts of the VDA 5050 codec.  The public API is in
 * fleetops_plugin.h ("VDA 5050"). */
#ifndef FO_VDA5050_H
#define FO_VDA5050_H

#include "fleetops_plugin.h"

/* The codec's per-core state (parser, per-vehicle detail); made on the
 * first fo_vda_ingest and kept in core->vda. */
typedef struct fo_vda_store fo_vda_store;

void fo_vda_store_free(fo_vda_store *s);

#endif
