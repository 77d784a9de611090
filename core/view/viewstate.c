/* viewstate.c — filter, sort, columns and the cached row index of a view. */
#include "view.h"

#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
	double num;
	uint32_t row;
	uint32_t text; /* offset into the text arena, when sorting by text */
} fo_sortkey;

typedef enum {
	FO_BUILD_IDLE,
	FO_BUILD_FILTER, /* rows through scope and filter */
	FO_BUILD_KEYS,   /* sort keys of the passing rows */
	FO_BUILD_BLOCKS, /* sort blocks of FO_SORT_BLOCK keys */
	FO_BUILD_MERGE,  /* bottom-up merge passes */
} fo_build_phase;

#define FO_SORT_BLOCK 2048

struct fo_viewstate {
	fo_core *core;
	const fo_view_spec *spec;
	void *ud; /* what the spec was registered with */
	/* filter */
	char *filter; /* the expression as typed, OWNED */
	bool has_filter;
	bool invert;
	int filter_col; /* -1: any visible column */
	bool literal;   /* plain text: case-insensitive substring */
	char *needle;   /* literal text, lower-cased */
	regex_t re;
	/* scope from a drill-down */
	int scope_col;
	char *scope_value;
	/* sort and columns */
	int sort_col;
	bool sort_desc;
	bool visible[64];
	/* index */
	uint32_t *index;
	size_t nindex, capindex;
	size_t source_rows;
	uint64_t last_gen;
	uint64_t last_reindex_ms;
	uint64_t interval_ms;
	bool dirty; /* settings changed: re-index at once */
	bool indexed;
	/* the index being built, in slices (see fo_viewstate_refresh_step) */
	fo_build_phase phase;
	uint32_t *next; /* rows passing filter and scope */
	size_t nnext, capnext;
	size_t nsource; /* rows the build started with */
	size_t pos;     /* resume point within the phase */
	size_t width;   /* merge run width */
	uint64_t build_gen;
	bool numeric;
	fo_sortkey *keys, *tmp;
	size_t capkeys;
	char *arena;
	size_t arena_len, arena_cap;
};

fo_viewstate *fo_viewstate_new(fo_core *core, const fo_view_spec *spec)
{
	fo_viewstate *vs = calloc(1, sizeof *vs);
	if (!vs)
		abort();
	vs->core = core;
	vs->spec = spec;
	vs->ud = fo_view_ud(core, spec);
	vs->filter = fo_strdup("");
	vs->filter_col = -1;
	vs->scope_col = -1;
	vs->sort_col = -1;
	for (size_t i = 0; i < spec->ncols && i < 64; i++)
		vs->visible[i] = !spec->cols[i].hidden;
	vs->dirty = true;
	return vs;
}

static void clear_filter(fo_viewstate *vs)
{
	if (vs->has_filter && !vs->literal)
		regfree(&vs->re);
	free(vs->needle);
	vs->needle = NULL;
	vs->has_filter = false;
}

void fo_viewstate_free(fo_viewstate *vs)
{
	if (!vs)
		return;
	clear_filter(vs);
	free(vs->filter);
	free(vs->scope_value);
	free(vs->index);
	free(vs->next);
	free(vs->tmp);
	free(vs->keys);
	free(vs->arena);
	free(vs);
}

const fo_view_spec *fo_viewstate_spec(const fo_viewstate *vs)
{
	return vs->spec;
}

static bool is_literal(const char *s)
{
	for (; *s; s++)
		if (strchr(".[]()*+?{}|^$\\", *s))
			return false;
	return true;
}

int fo_viewstate_set_filter(fo_viewstate *vs, const char *expr, char *err, size_t errlen)
{
	const char *p = expr ? expr : "";
	while (isspace((unsigned char)*p))
		p++;
	bool invert = false;
	if (*p == '!') {
		invert = true;
		p++;
	}
	int col = -1;
	/* COLUMN:REGEX when the text before ':' names a column. */
	const char *colon = strchr(p, ':');
	if (colon && colon > p) {
		char name[64];
		size_t l = (size_t)(colon - p);
		if (l < sizeof name) {
			memcpy(name, p, l);
			name[l] = '\0';
			bool word = true;
			for (size_t i = 0; i < l; i++)
				if (!(isalnum((unsigned char)name[i]) || name[i] == '_'))
					word = false;
			if (word) {
				col = fo_view_column_index(vs->spec, name);
				if (col < 0) {
					snprintf(err, errlen, "no column '%s' in %s", name,
					         vs->spec->name);
					return -1;
				}
				p = colon + 1;
			}
		}
	}
	if (!*p && !invert && col < 0) {
		clear_filter(vs);
		free(vs->filter);
		vs->filter = fo_strdup("");
		vs->dirty = true;
		return 0;
	}
	regex_t re;
	bool literal = is_literal(p);
	if (!literal) {
		int rc = regcomp(&re, p, REG_EXTENDED | REG_ICASE | REG_NOSUB);
		if (rc != 0) {
			char msg[128];
			regerror(rc, &re, msg, sizeof msg);
			snprintf(err, errlen, "bad filter '%s': %s", p, msg);
			return -1;
		}
	}
	clear_filter(vs);
	if (literal) {
		vs->needle = fo_strdup(p);
		for (char *q = vs->needle; *q; q++)
			*q = (char)tolower((unsigned char)*q);
	} else {
		vs->re = re;
	}
	vs->literal = literal;
	vs->has_filter = true;
	vs->invert = invert;
	vs->filter_col = col;
	free(vs->filter);
	vs->filter = fo_strdup(expr);
	vs->dirty = true;
	return 0;
}

const char *fo_viewstate_filter(const fo_viewstate *vs)
{
	return vs->filter;
}

int fo_viewstate_set_scope(fo_viewstate *vs, const char *column, const char *value)
{
	free(vs->scope_value);
	vs->scope_value = NULL;
	vs->scope_col = -1;
	vs->dirty = true;
	if (!column || !value)
		return 0;
	int c = fo_view_column_index(vs->spec, column);
	if (c < 0)
		return -1;
	vs->scope_col = c;
	vs->scope_value = fo_strdup(value);
	return 0;
}

const char *fo_viewstate_scope_value(const fo_viewstate *vs)
{
	return vs->scope_value;
}

void fo_viewstate_set_sort(fo_viewstate *vs, int col, bool descending)
{
	if (col >= (int)vs->spec->ncols)
		col = -1;
	vs->sort_col = col < 0 ? -1 : col;
	vs->sort_desc = descending;
	vs->dirty = true;
}

int fo_viewstate_sort_col(const fo_viewstate *vs)
{
	return vs->sort_col;
}

bool fo_viewstate_sort_desc(const fo_viewstate *vs)
{
	return vs->sort_desc;
}

void fo_viewstate_set_visible(fo_viewstate *vs, int col, bool visible)
{
	if (col < 0 || col >= (int)vs->spec->ncols)
		return;
	vs->visible[col] = visible;
	if (vs->has_filter && vs->filter_col < 0)
		vs->dirty = true; /* a plain filter matches visible columns */
}

bool fo_viewstate_visible(const fo_viewstate *vs, int col)
{
	return col >= 0 && col < (int)vs->spec->ncols && vs->visible[col];
}

int fo_viewstate_set_columns(fo_viewstate *vs, const char *list, char *err, size_t errlen)
{
	bool vis[64] = {false};
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", list);
	char *save = NULL;
	int n = 0;
	for (char *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		int c = fo_view_column_index(vs->spec, t);
		if (c < 0) {
			snprintf(err, errlen, "no column '%s' in %s", t, vs->spec->name);
			return -1;
		}
		vis[c] = true;
		n++;
	}
	if (!n) {
		snprintf(err, errlen, "no columns given");
		return -1;
	}
	memcpy(vs->visible, vis, sizeof vis);
	vs->dirty = true;
	return 0;
}

void fo_viewstate_set_reindex_interval(fo_viewstate *vs, uint64_t ms)
{
	vs->interval_ms = ms;
}

static bool text_match(const fo_viewstate *vs, const char *text)
{
	if (vs->literal) {
		/* strcasestr is ASCII-case-insensitive, like REG_ICASE here */
		return strcasestr(text, vs->needle) != NULL;
	}
	return regexec(&vs->re, text, 0, NULL, 0) == 0;
}

static bool row_passes(fo_viewstate *vs, size_t row)
{
	const fo_view_spec *s = vs->spec;
	fo_cell cell;
	if (vs->scope_col >= 0) {
		memset(&cell, 0, sizeof cell);
		s->cell(vs->core, vs->ud, row, (size_t)vs->scope_col, &cell);
		if (strcmp(cell.text, vs->scope_value) != 0)
			return false;
	}
	if (!vs->has_filter)
		return true;
	bool hit = false;
	if (vs->filter_col >= 0) {
		memset(&cell, 0, sizeof cell);
		s->cell(vs->core, vs->ud, row, (size_t)vs->filter_col, &cell);
		hit = text_match(vs, cell.text);
	} else {
		for (size_t c = 0; c < s->ncols && !hit; c++) {
			if (!vs->visible[c])
				continue;
			memset(&cell, 0, sizeof cell);
			s->cell(vs->core, vs->ud, row, c, &cell);
			hit = text_match(vs, cell.text);
		}
	}
	return hit != vs->invert;
}

static int key_cmp_num(const void *a, const void *b, void *arena)
{
	(void)arena;
	const fo_sortkey *x = a, *y = b;
	if (x->num < y->num)
		return -1;
	if (x->num > y->num)
		return 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int key_cmp_text(const void *a, const void *b, void *arena)
{
	const fo_sortkey *x = a, *y = b;
	const char *t = arena;
	int c = strcasecmp(t + x->text, t + y->text);
	if (c)
		return c;
	return x->row < y->row ? -1 : x->row > y->row;
}

static uint32_t arena_add(fo_viewstate *vs, const char *s)
{
	size_t l = strlen(s) + 1;
	if (vs->arena_len + l > vs->arena_cap) {
		size_t cap = vs->arena_cap ? vs->arena_cap : 4096;
		while (cap < vs->arena_len + l)
			cap *= 2;
		vs->arena = realloc(vs->arena, cap);
		if (!vs->arena)
			abort();
		vs->arena_cap = cap;
	}
	memcpy(vs->arena + vs->arena_len, s, l);
	uint32_t off = (uint32_t)vs->arena_len;
	vs->arena_len += l;
	return off;
}

static uint64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void build_start(fo_viewstate *vs)
{
	const fo_view_spec *s = vs->spec;
	size_t n = s->row_count(vs->core, vs->ud);
	if (n > vs->capnext) {
		vs->next = realloc(vs->next, n * sizeof *vs->next);
		if (!vs->next)
			abort();
		vs->capnext = n;
	}
	vs->nnext = 0;
	vs->nsource = n;
	vs->pos = 0;
	vs->build_gen = s->generation(vs->core, vs->ud);
	vs->arena_len = 0;
	vs->phase = FO_BUILD_FILTER;
	vs->dirty = false;
}

static void keys_reserve(fo_viewstate *vs, size_t n)
{
	if (n <= vs->capkeys)
		return;
	vs->keys = realloc(vs->keys, n * sizeof *vs->keys);
	vs->tmp = realloc(vs->tmp, n * sizeof *vs->tmp);
	if (!vs->keys || !vs->tmp)
		abort();
	vs->capkeys = n;
}

static int key_cmp(const fo_viewstate *vs, const fo_sortkey *a, const fo_sortkey *b)
{
	return vs->numeric ? key_cmp_num(a, b, NULL) : key_cmp_text(a, b, vs->arena);
}

/* Merges keys[lo,mid) and keys[mid,hi) into tmp[lo,hi). */
static void merge_runs(fo_viewstate *vs, size_t lo, size_t mid, size_t hi)
{
	size_t i = lo, j = mid, k = lo;
	while (i < mid && j < hi)
		vs->tmp[k++] =
		    key_cmp(vs, &vs->keys[j], &vs->keys[i]) < 0 ? vs->keys[j++] : vs->keys[i++];
	while (i < mid)
		vs->tmp[k++] = vs->keys[i++];
	while (j < hi)
		vs->tmp[k++] = vs->keys[j++];
}

static void build_finish(fo_viewstate *vs)
{
	size_t n = vs->nnext;
	if (vs->sort_col >= 0 && n > 1)
		for (size_t i = 0; i < n; i++)
			vs->next[i] = vs->keys[vs->sort_desc ? n - 1 - i : i].row;
	/* swap the finished index in */
	uint32_t *t = vs->index;
	size_t cap = vs->capindex;
	vs->index = vs->next;
	vs->capindex = vs->capnext;
	vs->nindex = n;
	vs->next = t;
	vs->capnext = cap;
	vs->source_rows = vs->nsource;
	vs->last_gen = vs->build_gen;
	vs->indexed = true;
	vs->phase = FO_BUILD_IDLE;
}

/* Advances the build; returns true when it finished.  Checks the clock
 * every few units of work so a slice overruns its budget only slightly. */
static bool build_step(fo_viewstate *vs, uint64_t deadline_us)
{
	const fo_view_spec *s = vs->spec;
	unsigned tick = 0;
#define FO_OUT_OF_TIME() (deadline_us && (++tick & 255) == 0 && mono_us() >= deadline_us)
	if (vs->phase == FO_BUILD_FILTER) {
		for (; vs->pos < vs->nsource; vs->pos++) {
			if (FO_OUT_OF_TIME())
				return false;
			if (row_passes(vs, vs->pos))
				vs->next[vs->nnext++] = (uint32_t)vs->pos;
		}
		if (vs->sort_col < 0 || vs->nnext < 2) {
			build_finish(vs);
			return true;
		}
		keys_reserve(vs, vs->nnext);
		vs->numeric = s->cols[vs->sort_col].type != FO_COL_TEXT;
		vs->phase = FO_BUILD_KEYS;
		vs->pos = 0;
	}
	if (vs->phase == FO_BUILD_KEYS) {
		/* The column's type decides: numbers compare by value (a cell
		 * without a number sorts first), text case-insensitively. */
		fo_cell cell;
		for (; vs->pos < vs->nnext; vs->pos++) {
			if (FO_OUT_OF_TIME())
				return false;
			memset(&cell, 0, sizeof cell);
			s->cell(vs->core, vs->ud, vs->next[vs->pos], (size_t)vs->sort_col, &cell);
			fo_sortkey *k = &vs->keys[vs->pos];
			k->row = vs->next[vs->pos];
			k->num = cell.is_num ? cell.num : -HUGE_VAL;
			k->text = vs->numeric ? 0 : arena_add(vs, cell.text);
		}
		vs->phase = FO_BUILD_BLOCKS;
		vs->pos = 0;
	}
	if (vs->phase == FO_BUILD_BLOCKS) {
		for (; vs->pos < vs->nnext; vs->pos += FO_SORT_BLOCK) {
			if (deadline_us && mono_us() >= deadline_us)
				return false;
			size_t len = vs->nnext - vs->pos;
			if (len > FO_SORT_BLOCK)
				len = FO_SORT_BLOCK;
			qsort_r(vs->keys + vs->pos, len, sizeof *vs->keys,
			        vs->numeric ? key_cmp_num : key_cmp_text, vs->arena);
		}
		vs->phase = FO_BUILD_MERGE;
		vs->width = FO_SORT_BLOCK;
		vs->pos = 0;
	}
	while (vs->width < vs->nnext) {
		size_t n = vs->nnext, w = vs->width;
		for (; vs->pos < n; vs->pos += 2 * w) {
			if (deadline_us && mono_us() >= deadline_us)
				return false;
			size_t mid = vs->pos + w < n ? vs->pos + w : n;
			size_t hi = vs->pos + 2 * w < n ? vs->pos + 2 * w : n;
			merge_runs(vs, vs->pos, mid, hi);
		}
		fo_sortkey *t = vs->keys;
		vs->keys = vs->tmp;
		vs->tmp = t;
		vs->width *= 2;
		vs->pos = 0;
	}
#undef FO_OUT_OF_TIME
	build_finish(vs);
	return true;
}

fo_refresh fo_viewstate_refresh_step(fo_viewstate *vs, uint64_t now_ms, uint64_t budget_us)
{
	const fo_view_spec *s = vs->spec;
	if (vs->dirty) {
		build_start(vs); /* settings changed: restart at once */
		vs->last_reindex_ms = now_ms;
	} else if (vs->phase == FO_BUILD_IDLE) {
		uint64_t gen = s->generation(vs->core, vs->ud);
		bool due = !vs->indexed || now_ms >= vs->last_reindex_ms + vs->interval_ms ||
		           now_ms < vs->last_reindex_ms;
		if (gen == vs->last_gen || !due)
			return FO_REFRESH_SAME;
		build_start(vs);
		vs->last_reindex_ms = now_ms;
	}
	uint64_t deadline = budget_us ? mono_us() + budget_us : 0;
	return build_step(vs, deadline) ? FO_REFRESH_CHANGED : FO_REFRESH_PENDING;
}

bool fo_viewstate_refresh(fo_viewstate *vs, uint64_t now_ms)
{
	return fo_viewstate_refresh_step(vs, now_ms, 0) == FO_REFRESH_CHANGED;
}

bool fo_viewstate_pending(const fo_viewstate *vs)
{
	return vs->phase != FO_BUILD_IDLE || vs->dirty;
}

size_t fo_viewstate_rows(const fo_viewstate *vs)
{
	return vs->nindex;
}

size_t fo_viewstate_source_row(const fo_viewstate *vs, size_t i)
{
	if (i >= vs->nindex)
		return SIZE_MAX;
	size_t r = vs->index[i];
	/* Rows may shrink between two re-indexes. */
	if (r >= vs->spec->row_count(vs->core, vs->ud))
		return SIZE_MAX;
	return r;
}

void fo_viewstate_cell(fo_viewstate *vs, size_t i, size_t col, fo_cell *out)
{
	memset(out, 0, sizeof *out);
	size_t r = fo_viewstate_source_row(vs, i);
	if (r == SIZE_MAX || col >= vs->spec->ncols)
		return;
	vs->spec->cell(vs->core, vs->ud, r, col, out);
	out->text[sizeof out->text - 1] = '\0';
}

void fo_viewstate_key(fo_viewstate *vs, size_t i, char *buf, size_t len)
{
	if (len)
		buf[0] = '\0';
	size_t r = fo_viewstate_source_row(vs, i);
	if (r == SIZE_MAX || !len)
		return;
	vs->spec->row_key(vs->core, vs->ud, r, buf, len);
	buf[len - 1] = '\0';
}

long fo_viewstate_find_key(fo_viewstate *vs, const char *key)
{
	char buf[128];
	for (size_t i = 0; i < vs->nindex; i++) {
		fo_viewstate_key(vs, i, buf, sizeof buf);
		if (strcmp(buf, key) == 0)
			return (long)i;
	}
	return -1;
}
