/* tp_badabi — built against a future ABI; the loader must refuse it
 * without calling init. */
#include "fleetops_plugin.h"

static fo_status init(fo_core *core, void **state, char *err, size_t errlen)
{
	/* Never reached: a refusal happens before init.  Were it reached, the
	 * plugin would count as loaded and the test would see it. */
	return FO_OK;
}

static const fo_plugin_desc desc = {
    FO_PLUGIN_ABI + 41, "tp_badabi", "0.0.1", "wrong ABI", init, NULL,
};

const fo_plugin_desc *fo_plugin_entry(void);
const fo_plugin_desc *fo_plugin_entry(void)
{
	return &desc;
}
