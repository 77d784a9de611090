/* site_int.h — what site.c (the layout in the model, routes),
 * site_file.c (a layout file, the depot as site) and site_traffic.c
 * (traffic control) share; not for other modules, which use site.h. */
#ifndef FO_SITE_INT_H
#define FO_SITE_INT_H

#include "route.h"
#include "site.h"
#include "traffic.h"

/* A route graph for one vehicle type and top speed, built on first use. */
typedef struct {
	char type[64]; /* "" when routed without a type (the layout's only one) */
	double speed;
	fo_route_graph *g;
	fo_route_query *q;
} site_graph;

#define SITE_GRAPHS 16 /* type and speed pairs kept; the oldest goes first */

typedef struct fo_site fo_site;

struct fo_site {
	fo_lif *lif; /* OWNED */
	fo_layout_info info;
	site_graph graphs[SITE_GRAPHS];
	size_t ngraphs, next_evict;
	/* traffic control (site_traffic.c), made on first use */
	fo_route_graph *tgraph; /* OWNED: positions and ids for the engine */
	fo_traffic *traffic;    /* OWNED */
	fo_timer *ttimer;       /* OWNED: tells the engine where vehicles stand */
	uint32_t *tnode;        /* OWNED: per model vehicle, the node last told */
	uint64_t *tcycle_ms;    /* OWNED: per model vehicle, since when it is in a
	                         * deadlock (wall ms), 0: it is not */
	uint32_t ntnode;
	uint64_t synced_ms;
};

/* The graph for vehicle idx (see fo_site_route), built when missing; NULL
 * with err. */
site_graph *site_graph_for(fo_core *core, size_t idx, char *err, size_t errlen);
/* Makes lif (OWNED from here on, whatever happens) with info the site. */
void site_attach(fo_core *core, fo_lif *lif, const fo_layout_info *info);
/* Penalises on sg's query the edges leaving nodes vehicles other than idx
 * hold (SITE_HELD_S) or want next (SITE_WANTED_S), so a route goes round
 * busy ground when a way round costs less; nothing without traffic
 * control.  The caller clears the query's blocks after its query. */
#define SITE_HELD_S 15.0
#define SITE_WANTED_S 3.0
void site_traffic_penalize(fo_core *core, site_graph *sg, size_t idx);
/* Frees what site_traffic.c keeps. */
void site_traffic_free(fo_site *site);

#endif
