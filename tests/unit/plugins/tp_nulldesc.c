/* tp_nulldesc — the entry symbol is there but returns no descriptor. */
#include "fleetops_plugin.h"

#include <stddef.h>

const fo_plugin_desc *fo_plugin_entry(void);
const fo_plugin_desc *fo_plugin_entry(void)
{
	return NULL;
}
