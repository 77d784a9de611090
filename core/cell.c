/* cell.c — small helpers for the cell callbacks of views. */
#include "fleetops_plugin.h"

#include <stdio.h>

void fo_cell_num(fo_cell *c, double v, int decimals)
{
	c->is_num = true;
	c->num = v;
	snprintf(c->text, sizeof c->text, "%.*f", decimals, v);
}

void fo_cell_text(fo_cell *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->text, sizeof c->text, fmt, ap);
	va_end(ap);
}

uint64_t fo_view_model_generation(fo_core *core, void *ud)
{
	(void)ud;
	return fo_model_generation(fo_core_model(core));
}
