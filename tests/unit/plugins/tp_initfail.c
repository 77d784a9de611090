/* tp_initfail — registers a command, a view, a bus subscription, a timer,
 * an option and a Lua function, then fails its init; the loader must refuse it, undo all of that
 * and pass on the error. */
#include "fleetops_plugin.h"

#include <stdio.h>
#include <string.h>

static fo_status run(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	fo_out_printf(out, "should not be reachable\n");
	return FO_OK;
}

static const fo_cmd_spec cmd = {
    "tpfail", "run", "never stays registered", NULL, 0, FO_CMD_READONLY_SAFE, run};

static const fo_column cols[] = {
    {"name", "Name", FO_COL_TEXT, 10, false, NULL},
};

static size_t rows(fo_core *core, void *ud)
{
	return 0;
}

static void cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *out)
{
	memset(out, 0, sizeof *out);
}

static void key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	snprintf(buf, len, "none");
}

static uint64_t gen(fo_core *core, void *ud)
{
	return 0;
}

static const fo_view_spec view = {
    .name = "tpfail.items",
    .title = "Failing items",
    .cols = cols,
    .ncols = 1,
    .row_count = rows,
    .cell = cell,
    .row_key = key,
    .generation = gen,
};

static void on_ping(fo_core *core, const char *topic, const void *payload, void *ud)
{
	fo_log(core, FO_LOG_ERROR, "tp_initfail: bus callback ran after a failed init");
}

static void on_tick(fo_core *core, void *ud)
{
	fo_log(core, FO_LOG_ERROR, "tp_initfail: timer ran after a failed init");
}

static const fo_opt_def opts[] = {
    {"tp_initfail.depth", FO_OPT_INT, "3", 0, 9, "tp-depth", "never stays declared"},
};

static fo_status lua_fn(fo_core *core, const fo_args *args, fo_lua_ret *ret, void *ud)
{
	fo_lua_ret_str(ret, "should not be reachable");
	return FO_OK;
}

static const fo_lua_fn_spec fn = {"tp_initfail_fn", NULL, 0, "a string", "never stays", lua_fn};

static fo_status init(fo_core *core, void **state, char *err, size_t errlen)
{
	if (fo_options_register(core, opts, FO_NELEM(opts)) != 0 ||
	    fo_lua_fn_register(core, &fn, NULL) != 0 || fo_cmd_register(core, &cmd, NULL) != 0 ||
	    fo_view_register(core, &view, NULL) != 0) {
		snprintf(err, errlen, "registration failed");
		return FO_ERR;
	}
	/* Left behind on purpose: once this object is unloaded, either would
	 * jump into unmapped code unless the loader drops them. */
	fo_bus_subscribe(core, "tp.ping", on_ping, NULL);
	fo_timer_start(core, 1, 1, on_tick, NULL);
	snprintf(err, errlen, "depot database on fire");
	return FO_ERR;
}

static const fo_plugin_desc desc = {
    FO_PLUGIN_ABI, "tp_initfail", "0.1", "fails its init", init, NULL,
};

const fo_plugin_desc *fo_plugin_entry(void);
const fo_plugin_desc *fo_plugin_entry(void)
{
	return &desc;
}
