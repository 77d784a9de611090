/* tp_oldabi — built against the ABI before this one (a plugin nobody
 * rebuilt after an upgrade); the loader must refuse it, say which ABI it
 * has and which the core wants, and not call init. */
#include "fleetops_plugin.h"

static fo_status init(fo_core *core, void **state, char *err, size_t errlen)
{
	/* Never reached: a refusal happens before init. */
	return FO_OK;
}

static const fo_plugin_desc desc = {
    FO_PLUGIN_ABI - 1, "tp_oldabi", "0.0.1", "older ABI", init, NULL,
};

const fo_plugin_desc *fo_plugin_entry(void);
const fo_plugin_desc *fo_plugin_entry(void)
{
	return &desc;
}
