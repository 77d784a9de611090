/* tp_noentry — a shared object without the entry symbol. */
#include "fleetops_plugin.h"

int tp_noentry_something(void);
int tp_noentry_something(void)
{
	return 42;
}
