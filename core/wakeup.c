/* wakeup.c — fo_wakeup: another thread asks the loop to run a callback
 * (a uv_async underneath; libuv makes uv_async_send thread-safe and
 * coalesces signals). */
#include "core.h"

#include <stdlib.h>

struct fo_wakeup {
	uv_async_t h;
	fo_core *core;
	fo_wakeup_cb cb;
	void *ud;
};

static void wakeup_fire(uv_async_t *h)
{
	fo_wakeup *w = h->data;
	w->cb(w->core, w->ud);
}

static void wakeup_closed(uv_handle_t *h)
{
	free(h->data);
}

fo_wakeup *fo_wakeup_new(fo_core *core, fo_wakeup_cb cb, void *ud)
{
	if (!core || !cb)
		return NULL;
	fo_wakeup *w = calloc(1, sizeof *w);
	if (!w)
		abort();
	w->core = core;
	w->cb = cb;
	w->ud = ud;
	w->h.data = w;
	if (uv_async_init(core->loop, &w->h, wakeup_fire) != 0) {
		free(w);
		return NULL;
	}
	return w;
}

void fo_wakeup_signal(fo_wakeup *w)
{
	if (w)
		uv_async_send(&w->h);
}

void fo_wakeup_free(fo_wakeup *w)
{
	if (!w)
		return;
	/* the memory goes once libuv has closed the handle */
	uv_close((uv_handle_t *)&w->h, wakeup_closed);
}
