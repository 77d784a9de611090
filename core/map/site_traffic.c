/* site_traffic.c — traffic control over the site (fleetops_plugin.h,
 * "traffic"): the engine of traffic.h fed with the model's vehicles. */
#include "site.h"

#include "core.h"
#include "site_int.h"

#include <stdlib.h>

void site_traffic_free(fo_site *site)
{
	fo_traffic_free(site->traffic);
	fo_route_graph_free(site->tgraph);
	free(site->tnode);
	site->traffic = NULL;
	site->tgraph = NULL;
	site->tnode = NULL;
}
