/* tp_good — a well-formed test plugin: one command, one view, state that
 * its fini frees (a leak under ASan means fini never ran). */
#include "fleetops_plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	int pings;
} tp_state;

static const fo_arg_spec ping_args[] = {
    {"times", FO_ARG_INT, false, NULL, "how many pongs"},
};

static fo_status ping(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	tp_state *st = ud;
	long n = fo_args_int(args, "times", 1);
	st->pings++;
	for (long i = 0; i < n; i++)
		fo_out_printf(out, "pong %d\n", st->pings);
	return FO_OK;
}

static const fo_column cols[] = {
    {"name", "Name", FO_COL_TEXT, 10, false, NULL},
};

static size_t rows(fo_core *core, void *ud)
{
	return 1;
}

static void cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->text, sizeof out->text, "only");
}

static void key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	snprintf(buf, len, "only");
}

static uint64_t gen(fo_core *core, void *ud)
{
	return 1;
}

static const fo_view_spec view = {
    .name = "tpgood.items",
    .title = "Good items",
    .summary = "one row",
    .cols = cols,
    .ncols = 1,
    .row_count = rows,
    .cell = cell,
    .row_key = key,
    .generation = gen,
};

/* A static spec; the state travels as the registration's ud. */
static const fo_cmd_spec ping_cmd = {
    "tpgood", "ping", "answers pong", ping_args, 1, FO_CMD_READONLY_SAFE, ping};

static fo_status init(fo_core *core, void **state, char *err, size_t errlen)
{
	tp_state *st = calloc(1, sizeof *st);
	if (!st) {
		snprintf(err, errlen, "out of memory");
		return FO_ERR;
	}
	if (fo_cmd_register(core, &ping_cmd, st) != 0 || fo_view_register(core, &view, st) != 0) {
		free(st);
		snprintf(err, errlen, "registration failed");
		return FO_ERR;
	}
	*state = st;
	return FO_OK;
}

static void fini(fo_core *core, void *state)
{
	free(state);
}

static const fo_plugin_desc desc = {
    FO_PLUGIN_ABI, "tp_good", "1.2.3", "unit-test plugin that works", init, fini,
};

const fo_plugin_desc *fo_plugin_entry(void);
const fo_plugin_desc *fo_plugin_entry(void)
{
	return &desc;
}
