/* cell.c — small helpers for the cell callbacks of views. */
#include "fleetops_plugin.h"

#include <stdio.h>
#include <time.h>

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

void fo_cell_time(fo_cell *c, uint64_t epoch_ms)
{
	c->text[0] = '\0';
	c->is_num = false;
	if (!epoch_ms)
		return;
	time_t t = (time_t)(epoch_ms / 1000);
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return;
	c->is_num = true;
	c->num = (double)epoch_ms;
	strftime(c->text, sizeof c->text, "%Y-%m-%d %H:%M:%S", &tm);
}

uint64_t fo_view_model_generation(fo_core *core, void *ud)
{
	(void)ud;
	return fo_model_generation(fo_core_model(core));
}
