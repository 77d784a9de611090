/* mission_dag.h — finish-to-start dependencies between missions: a DAG.
 * Pure: the caller passes the edges it holds. */
#ifndef MISSION_DAG_H
#define MISSION_DAG_H
#include <stdbool.h>
#include <stddef.h>

typedef struct {
	const char *mission;    /* starts after ... */
	const char *depends_on; /* ... this one finished */
} md_edge;

/* Whether adding "mission depends on depends_on" to the n edges closes a
 * cycle.  When it does, path gets the cycle in dependency order, e.g.
 * "A -> B -> C -> A" (A waits for B, B for C, C for A), cut to len. */
bool md_would_cycle(const md_edge *edges, size_t n, const char *mission, const char *depends_on,
                    char *path, size_t len);

#endif
