/* feeds.h — the core's side of feed status (the public calls are in
 * fleetops_plugin.h): one fo_feeds per core, the "feeds.status" view and
 * the `feeds status` and `feeds watch` commands. */
#ifndef FO_FEEDS_H
#define FO_FEEDS_H

#include "fleetops_plugin.h"

typedef struct fo_feeds fo_feeds;

fo_feeds *fo_feeds_new(void); /* OWNED */
/* Frees every feed; borrowed fo_feed pointers die with it. */
void fo_feeds_free(fo_feeds *fs);
/* Registers the view and the commands; call once from fo_core_start,
 * before the overview pane (which shows the view). */
void fo_feeds_register_builtin(fo_core *core);

#endif
