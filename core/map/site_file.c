/* site_file.c — sites that come from elsewhere than the store: a LIF file
 * a simulator drives (sim.layout) and the simulator's generated depot. */
#include "site.h"

#include "core.h"
#include "depot_lif.h"
#include "site_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fo_site_load_file(fo_core *core, const char *path, char *err, size_t errlen)
{
	if (fo_model_node_count(core->model) > 0) {
		snprintf(err, errlen, "%s: the model has a map already", path);
		return -1;
	}
	size_t len;
	char *text = fo_file_read(path, &len, err, errlen);
	if (!text)
		return -1;
	if (len > FO_LIF_MAX_BYTES) {
		snprintf(err, errlen, "%s: %zu bytes, more than the %u a layout may have", path,
		         len, FO_LIF_MAX_BYTES);
		free(text);
		return -1;
	}
	fo_layout_info info = {.revision = 0};
	const char *base = strrchr(path, '/');
	snprintf(info.name, sizeof info.name, "%s", base ? base + 1 : path);
	snprintf(info.source, sizeof info.source, "%s", path);
	char msg[512];
	int rc = fo_site_install(core, &info, text, msg, sizeof msg);
	free(text);
	if (rc != 1) {
		snprintf(err, errlen, "%s: %s", path, msg);
		return -1;
	}
	fo_log(core, FO_LOG_INFO, "%s (file %s)", msg, path);
	return 0;
}

int fo_site_use_depot(fo_core *core, const fo_depot *d, char *err, size_t errlen)
{
	fo_lif *lif = fo_depot_lif(core->model, d, NULL, err, errlen);
	if (!lif)
		return -1;
	fo_layout_info info = {.revision = 0};
	size_t nodes = lif->nlayouts ? lif->layouts[0].nnodes : 0;
	snprintf(info.name, sizeof info.name, "%s", FO_DEPOT_LIF_LAYOUT_ID);
	snprintf(info.source, sizeof info.source, "the simulator's depot");
	snprintf(info.vehicle_types, sizeof info.vehicle_types, "%s", FO_DEPOT_LIF_VEHICLE_TYPE);
	info.levels = (long)lif->nlayouts;
	info.nodes = (long)nodes;
	site_attach(core, lif, &info);
	fo_log(core, FO_LOG_INFO, "site: the simulator's depot, %zu nodes", nodes);
	return 0;
}
