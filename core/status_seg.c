/* status_seg.c — segments plugins add to the front end's status line. */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FO_MAX_SEGMENTS 16

struct fo_status_segs {
	struct {
		char name[32];
		fo_status_segment_fn fn;
		void *ud;
		int owner;
	} items[FO_MAX_SEGMENTS];
	size_t n;
};

int fo_status_segment_register(fo_core *core, const char *name, fo_status_segment_fn fn, void *ud)
{
	if (!core->segments && !(core->segments = calloc(1, sizeof *core->segments)))
		abort();
	struct fo_status_segs *s = core->segments;
	if (!fn || !name || s->n == FO_MAX_SEGMENTS)
		return -1;
	snprintf(s->items[s->n].name, sizeof s->items[0].name, "%s", name);
	s->items[s->n].fn = fn;
	s->items[s->n].ud = ud;
	s->items[s->n].owner = core->plugins ? fo_plugins_current_owner(core->plugins) : -1;
	s->n++;
	return 0;
}

void fo_status_segment_remove_owner(fo_core *core, int owner)
{
	struct fo_status_segs *s = core->segments;
	for (size_t i = 0; s && i < s->n;) {
		if (s->items[i].owner == owner) {
			memmove(&s->items[i], &s->items[i + 1],
			        (s->n - i - 1) * sizeof s->items[0]);
			s->n--;
		} else {
			i++;
		}
	}
}

bool fo_status_segment(fo_core *core, size_t i, char *buf, size_t len, fo_style *style)
{
	struct fo_status_segs *s = core->segments;
	if (!s || i >= s->n || !len)
		return false;
	buf[0] = '\0';
	*style = s->items[i].fn(core, buf, len, s->items[i].ud);
	return true;
}

void fo_status_segments_free(fo_core *core)
{
	free(core->segments);
	core->segments = NULL;
}
