/* missions.c — the missions plugin: its descriptor, start and stop. */
#include "missions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static fo_style safety_segment(fo_core *core, char *buf, size_t len, void *ud)
{
	missions_state *s = ud;
	size_t open = 0, acked = 0;
	for (size_t i = 0; i < s->nsafety; i++) {
		open += strcmp(s->safety[i]->state, "open") == 0;
		acked += strcmp(s->safety[i]->state, "acknowledged") == 0;
	}
	if (open)
		snprintf(buf, len, "safety %zu open%s", open, acked ? "" : "");
	else if (acked)
		snprintf(buf, len, "safety %zu acked", acked);
	return open ? FO_STYLE_ERROR : FO_STYLE_WARN;
}

static void missions_fini(fo_core *core, void *state)
{
	missions_state *s = state;
	if (!s)
		return;
	for (size_t i = 0; i < s->nmissions; i++)
		mi_free_mission(s->missions[i]);
	free(s->missions);
	for (size_t i = 0; i < s->nsafety; i++)
		free(s->safety[i]);
	free(s->safety);
	for (size_t i = 0; i < s->ntemplates; i++)
		mi_template_free(&s->templates[i]);
	free(s->templates);
	free(s->deps);
	free(s->veh_cond);
	free(s->state_req_ms);
	free(s->held);
	for (size_t i = 0; i < sizeof s->ix / sizeof s->ix[0]; i++)
		free(s->ix[i].rows);
	mi_vv_free(s->vv);
	free(s);
}

static fo_status missions_init(fo_core *core, void **state, char *err, size_t errlen)
{
	if (fo_options_register(core, missions_options, missions_noptions) != 0) {
		snprintf(err, errlen, "cannot declare its options (see the log)");
		return FO_ERR;
	}
	if (fo_store_tables_register(core, mi_tables, mi_ntables, err, errlen) != 0)
		return FO_ERR;
	missions_state *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	*state = s;
	s->core = core;
	s->vv = mi_vv_new();
	if (mi_views_register(s, err, errlen) || mi_cmds_register(s, err, errlen) ||
	    fo_status_segment_register(core, "safety", safety_segment, s) < 0 ||
	    mi_lua_register(s) < 0) {
		if (!*err)
			snprintf(err, errlen, "missions: cannot register");
		missions_fini(core, s);
		*state = NULL;
		return FO_ERR;
	}
	/* follows missions whenever the loop runs: the console, serve, wait */
	s->tick = fo_timer_start(core, 250, 500, mi_tick, s);
	return FO_OK;
}

static const fo_plugin_desc desc = {
    .abi = FO_PLUGIN_ABI,
    .name = "missions",
    .version = "0.2.0",
    .summary = "missions: templates, dispatch as VDA 5050 orders, dependencies, safety events",
    .init = missions_init,
    .fini = missions_fini,
};

const fo_plugin_desc *fo_plugin_entry(void);

const fo_plugin_desc *fo_plugin_entry(void)
{
	return &desc;
}
