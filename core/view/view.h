/* view.h — the view model: registered views and per-user view state
 * (filter, sort, visible columns, scope, cached row index). The TUI draws
 * view states; reports render them; tests read them headless. */
#ifndef FO_VIEW_H
#define FO_VIEW_H

#include "fleetops_plugin.h"

typedef struct fo_views fo_views;

fo_views *fo_views_new(void); /* OWNED */
void fo_views_free(fo_views *v);
/* Registers a borrowed spec with the ud its callbacks get. */
int fo_views_add(fo_views *v, const fo_view_spec *spec, void *ud, int owner, char *err,
                 size_t errlen);
int fo_views_add_pane(fo_views *v, const fo_pane_spec *spec, int owner, char *err, size_t errlen);
void fo_views_remove_owner(fo_views *v, int owner);
size_t fo_views_count(const fo_views *v);
const fo_view_spec *fo_views_at(const fo_views *v, size_t i); /* sorted by name */
const fo_view_spec *fo_views_find(const fo_views *v, const char *name);
/* The ud a registered spec was registered with (NULL when not registered):
 * what every callback of the spec gets. */
void *fo_views_ud(const fo_views *v, const fo_view_spec *s);
void *fo_view_ud(fo_core *core, const fo_view_spec *s);
/* A figure an HTML report of the view shows above its table (the core's
 * own views only, e.g. the map as SVG): appends HTML to out. */
typedef void (*fo_view_figure_fn)(fo_core *core, void *ud, fo_out *out);
int fo_views_set_figure(fo_views *v, const fo_view_spec *s, fo_view_figure_fn fn);
fo_view_figure_fn fo_views_figure(const fo_views *v, const fo_view_spec *s);
/* A view by its name, or by its domain when the domain has exactly one view
 * (`feeds` is `feeds.status`).  NULL when neither; *nmatch (may be NULL)
 * gets how many views the domain has. */
const fo_view_spec *fo_views_resolve(const fo_views *v, const char *name, size_t *nmatch);
size_t fo_views_pane_count(const fo_views *v);
const fo_pane_spec *fo_views_pane_at(const fo_views *v, size_t i); /* sorted by slot */
int fo_view_column_index(const fo_view_spec *s, const char *name); /* -1 when unknown */

/* ---- view state */

typedef struct fo_viewstate fo_viewstate;

fo_viewstate *fo_viewstate_new(fo_core *core, const fo_view_spec *spec); /* OWNED */
void fo_viewstate_free(fo_viewstate *vs);
const fo_view_spec *fo_viewstate_spec(const fo_viewstate *vs);

/* Filter syntax (the TUI's '/', report --filter):
 *   REGEX          rows where any visible column matches (extended, case-insensitive)
 *   COLUMN:REGEX   rows where that column matches
 *   !EXPR          inverts
 * An empty expression clears the filter.  Returns 0, or -1 with err filled
 * (bad regex, unknown column); the previous filter then stays. */
int fo_viewstate_set_filter(fo_viewstate *vs, const char *expr, char *err, size_t errlen);
const char *fo_viewstate_filter(const fo_viewstate *vs); /* "" when none */
/* Fixed scope from a drill-down: column == value, exactly. NULL clears. */
int fo_viewstate_set_scope(fo_viewstate *vs, const char *column, const char *value);
const char *fo_viewstate_scope_value(const fo_viewstate *vs); /* NULL when none */
/* Sort by column (-1: natural order). */
void fo_viewstate_set_sort(fo_viewstate *vs, int col, bool descending);
int fo_viewstate_sort_col(const fo_viewstate *vs);
bool fo_viewstate_sort_desc(const fo_viewstate *vs);
void fo_viewstate_set_visible(fo_viewstate *vs, int col, bool visible);
bool fo_viewstate_visible(const fo_viewstate *vs, int col);
/* Sets visible columns from "a,b,c" (that order is not kept). */
int fo_viewstate_set_columns(fo_viewstate *vs, const char *list, char *err, size_t errlen);

/* Minimum milliseconds between two re-indexes caused by data changes alone
 * (filter or sort changes re-index at once).  Default 0: always. */
void fo_viewstate_set_reindex_interval(fo_viewstate *vs, uint64_t ms);
/* Re-filters and re-sorts when the data or the settings changed, all at
 * once.  Returns true when the row index changed. */
bool fo_viewstate_refresh(fo_viewstate *vs, uint64_t now_ms);

typedef enum {
	FO_REFRESH_SAME,    /* nothing to do */
	FO_REFRESH_CHANGED, /* a new index is in place */
	FO_REFRESH_PENDING, /* work remains: call again soon */
} fo_refresh;
/* The same in slices of at most about budget_us of work (0: no limit), so
 * a console can re-sort 100,000 rows without stalling a frame.  Until the
 * build finishes the previous index stays visible. */
fo_refresh fo_viewstate_refresh_step(fo_viewstate *vs, uint64_t now_ms, uint64_t budget_us);
/* True while a build is started or under way. */
bool fo_viewstate_pending(const fo_viewstate *vs);
size_t fo_viewstate_rows(const fo_viewstate *vs);
/* Underlying row of visible row i, or SIZE_MAX when it vanished. */
size_t fo_viewstate_source_row(const fo_viewstate *vs, size_t i);
void fo_viewstate_cell(fo_viewstate *vs, size_t i, size_t col, fo_cell *out);
void fo_viewstate_key(fo_viewstate *vs, size_t i, char *buf, size_t len);
/* Visible row holding key, or -1. */
long fo_viewstate_find_key(fo_viewstate *vs, const char *key);

/* ---- detail */

typedef enum { FO_DL_TITLE, FO_DL_SECTION, FO_DL_FIELD, FO_DL_TEXT, FO_DL_CHART } fo_dline_kind;

typedef struct {
	fo_dline_kind kind;
	fo_style style;
	char *label;    /* FIELD label, CHART unit; OWNED by the detail */
	char *text;     /* title, section, value, text, chart title */
	float *samples; /* CHART */
	size_t nsamples;
	double min, max;
} fo_dline;

fo_detail *fo_detail_new(void); /* OWNED */
void fo_detail_free(fo_detail *d);
void fo_detail_reset(fo_detail *d);
size_t fo_detail_count(const fo_detail *d);
const fo_dline *fo_detail_line(const fo_detail *d, size_t i);
/* Runs the spec's detail callback for key. */
fo_status fo_view_detail(fo_core *core, const fo_view_spec *s, const char *key, fo_detail *d);

#endif
