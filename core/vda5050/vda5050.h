/* vda5050.h — core-only parts of the VDA 5050 codec.  The public API is in
 * fleetops_plugin.h ("VDA 5050"). */
#ifndef FO_VDA5050_H
#define FO_VDA5050_H

#include "fleetops_plugin.h"

/* The codec's per-core state (parser, per-vehicle detail); made on the
 * first fo_vda_ingest and kept in core->vda. */
typedef struct fo_vda_store fo_vda_store;

void fo_vda_store_free(fo_vda_store *s);

/* The last headerId the codec accepted from vehicle idx on topic (the
 * sequence stale messages are checked against): true with *header_id set,
 * false when it has none. */
bool fo_vda_last_header(fo_core *core, size_t idx, fo_vda_topic topic, uint32_t *header_id);

#endif
