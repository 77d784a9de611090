/* mission_dag.c — cycle check by depth-first search from the new
 * prerequisite along existing edges, looking for the dependent mission.
 * O(V + E) per check with a visited mark per edge target; the graphs are
 * a shift's missions, thousands at most. */
#include "mission_dag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Search state: a stack of edge indices (the path) and visited ids. */
typedef struct {
	const md_edge *edges;
	size_t n;
	const char *target;
	const char **seen;
	size_t nseen;
	size_t *path; /* edge indices from the start to the target */
	size_t depth;
} search;

static bool was_seen(search *s, const char *id)
{
	for (size_t i = 0; i < s->nseen; i++)
		if (strcmp(s->seen[i], id) == 0)
			return true;
	return false;
}

/* Whether target is reachable from id following "depends on" edges. */
static bool reach(search *s, const char *id)
{
	if (strcmp(id, s->target) == 0)
		return true;
	if (was_seen(s, id))
		return false;
	s->seen[s->nseen++] = id;
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->edges[i].mission, id) != 0)
			continue;
		s->path[s->depth++] = i;
		if (reach(s, s->edges[i].depends_on))
			return true;
		s->depth--;
	}
	return false;
}

static void append(char *buf, size_t len, size_t *at, const char *text)
{
	int w = snprintf(buf + *at, *at < len ? len - *at : 0, "%s", text);
	if (w > 0)
		*at += (size_t)w;
	if (*at >= len)
		*at = len ? len - 1 : 0;
}

bool md_would_cycle(const md_edge *edges, size_t n, const char *mission, const char *depends_on,
                    char *path, size_t len)
{
	if (len)
		path[0] = '\0';
	search s = {.edges = edges, .n = n, .target = mission};
	s.seen = calloc(n + 1, sizeof *s.seen);
	s.path = calloc(n + 1, sizeof *s.path);
	if (!s.seen || !s.path)
		abort();
	bool cycle = reach(&s, depends_on);
	if (cycle && len) {
		size_t at = 0;
		append(path, len, &at, mission);
		append(path, len, &at, " -> ");
		append(path, len, &at, depends_on);
		for (size_t i = 0; i < s.depth; i++) {
			append(path, len, &at, " -> ");
			append(path, len, &at, edges[s.path[i]].depends_on);
		}
	}
	free(s.seen);
	free(s.path);
	return cycle;
}
