/* complete.c — completion candidates for a partial command line. */
#include "core.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define FO_MAX_CANDIDATES 500

typedef struct {
	void (*emit)(const char *cand, void *ud);
	void *ud;
	const char *prefix;
	size_t plen;
	size_t count;
} fo_completer;

static void offer(fo_completer *c, const char *cand)
{
	if (c->count < FO_MAX_CANDIDATES && strncmp(cand, c->prefix, c->plen) == 0) {
		c->emit(cand, c->ud);
		c->count++;
	}
}

static void offer_arg(fo_core *core, fo_completer *c, const fo_arg_spec *a)
{
	switch (a->type) {
	case FO_ARG_VEHICLE:
		for (size_t i = 0; i < fo_model_vehicle_count(core->model); i++)
			offer(c, fo_model_vehicle(core->model, i)->id);
		break;
	case FO_ARG_FLEET:
		for (size_t i = 0; i < fo_model_fleet_count(core->model); i++)
			offer(c, fo_model_fleet(core->model, i)->id);
		break;
	case FO_ARG_VIEW:
		for (size_t i = 0; i < fo_views_count(core->views); i++)
			offer(c, fo_views_at(core->views, i)->name);
		break;
	case FO_ARG_ENUM: {
		char buf[256];
		snprintf(buf, sizeof buf, "%s", a->choices);
		char *save = NULL;
		for (char *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save))
			offer(c, t);
		break;
	}
	default:
		break;
	}
}

void fo_registry_complete(fo_core *core, const char *line, void (*emit)(const char *cand, void *ud),
                          void *ud)
{
	char **w;
	int n = fo_split_line(line, &w);
	if (n < 0)
		return;
	bool fresh = !*line || isspace((unsigned char)line[strlen(line) - 1]);
	int idx = fresh ? n : n - 1; /* index of the word being completed */
	fo_completer c = {emit, ud, fresh || n == 0 ? "" : w[n - 1], 0, 0};
	c.plen = strlen(c.prefix);
	fo_registry *r = core->registry;
	if (idx == 0) {
		const char *last = NULL;
		for (size_t i = 0; i < fo_registry_count(r); i++) {
			const char *d = fo_registry_at(r, i)->domain;
			if (!last || strcmp(last, d) != 0)
				offer(&c, d);
			last = d;
		}
	} else if (idx == 1) {
		for (size_t i = 0; i < fo_registry_count(r); i++) {
			const fo_cmd_spec *s = fo_registry_at(r, i);
			if (strcmp(s->domain, w[0]) == 0)
				offer(&c, s->verb);
		}
	} else {
		const fo_cmd_spec *s = fo_registry_find(r, w[0], w[1]);
		if (s && c.plen >= 1 && c.prefix[0] == '-') {
			for (size_t i = 0; i < s->nargs; i++) {
				char opt[80];
				snprintf(opt, sizeof opt, "--%s", s->args[i].name);
				offer(&c, opt);
			}
		} else if (s) {
			/* The previous word may be an option waiting for its value. */
			const char *prev = idx - 1 >= 2 ? w[idx - 1] : NULL;
			const fo_arg_spec *target = NULL;
			if (prev && strncmp(prev, "--", 2) == 0) {
				for (size_t i = 0; i < s->nargs; i++)
					if (strcmp(s->args[i].name, prev + 2) == 0 &&
					    s->args[i].type != FO_ARG_BOOL)
						target = &s->args[i];
			}
			if (!target) {
				/* Positional: count earlier non-option words. */
				int pos = 0;
				for (int k = 2; k < idx; k++) {
					if (strncmp(w[k], "--", 2) == 0) {
						for (size_t i = 0; i < s->nargs; i++)
							if (strcmp(s->args[i].name, w[k] + 2) ==
							        0 &&
							    s->args[i].type != FO_ARG_BOOL)
								k++;
						continue;
					}
					pos++;
				}
				for (size_t i = 0, p = 0; i < s->nargs; i++) {
					if (s->args[i].type == FO_ARG_BOOL)
						continue;
					if ((int)p++ == pos) {
						target = &s->args[i];
						break;
					}
				}
			}
			if (target)
				offer_arg(core, &c, target);
		}
	}
	fo_split_free(w, n);
}
