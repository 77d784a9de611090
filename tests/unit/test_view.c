/* test_view.c — the view model over a fake view: filter, sort, scope,
 * columns, refresh discipline, keys and the detail builder. */
#include "helpers.h"

/* ---- the fake view */

typedef struct {
	const char *id;
	const char *name;
	const char *fleet;
	double battery;
	const char *note;
} frow;

enum { C_ID, C_NAME, C_FLEET, C_BATTERY, C_NOTE, NCOLS };

static const fo_column fcols[NCOLS] = {
    {"id", "ID", FO_COL_TEXT, 8, false, NULL},
    {"name", "Name", FO_COL_TEXT, 10, false, NULL},
    {"fleet", "Fleet", FO_COL_TEXT, 8, false, NULL},
    {"battery", "Battery", FO_COL_PERCENT, 6, false, "%"},
    {"note", "Note", FO_COL_TEXT, 10, true, NULL},
};

#define MAXROWS 16

typedef struct {
	frow rows[MAXROWS];
	size_t n;
	uint64_t gen;
	int cell_calls;
} fdata;

static const frow initial[] = {
    {"V-001", "alpha", "north", 80, "secret"}, {"V-002", "beta", "south", 15.5, ""},
    {"V-003", "gamma", "north", 100, ""},      {"V-010", "delta", "EAST", 42, "secret"},
    {"V-004", "epsilon", "south", 9, ""},
};

static size_t f_row_count(fo_core *core, void *ud)
{
	return ((fdata *)ud)->n;
}

static void f_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *out)
{
	fdata *d = ud;
	assert_true(row < d->n);
	d->cell_calls++;
	const frow *r = &d->rows[row];
	memset(out, 0, sizeof *out);
	switch (col) {
	case C_ID:
		snprintf(out->text, sizeof out->text, "%s", r->id);
		break;
	case C_NAME:
		snprintf(out->text, sizeof out->text, "%s", r->name);
		break;
	case C_FLEET:
		snprintf(out->text, sizeof out->text, "%s", r->fleet);
		break;
	case C_BATTERY:
		snprintf(out->text, sizeof out->text, "%g", r->battery);
		out->num = r->battery;
		out->is_num = true;
		break;
	case C_NOTE:
		snprintf(out->text, sizeof out->text, "%s", r->note);
		break;
	default:
		fail_msg("bad column %zu", col);
	}
}

static void f_row_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	fdata *d = ud;
	assert_true(row < d->n);
	snprintf(buf, len, "%s", d->rows[row].id);
}

static uint64_t f_generation(fo_core *core, void *ud)
{
	return ((fdata *)ud)->gen;
}

static fo_status f_detail(fo_core *core, void *ud, const char *key, fo_detail *d)
{
	fdata *fd = ud;
	for (size_t i = 0; i < fd->n; i++) {
		if (strcmp(fd->rows[i].id, key) != 0)
			continue;
		float samples[3] = {10.0f, 20.0f, 30.0f};
		fo_detail_title(d, "Vehicle %s", key);
		fo_detail_section(d, "Power");
		fo_detail_field(d, "Battery", FO_STYLE_WARN, "%.1f %%", fd->rows[i].battery);
		fo_detail_text(d, FO_STYLE_DIM, "fleet %s", fd->rows[i].fleet);
		fo_detail_chart(d, "history", "%", 0, 100, samples, 3);
		/* The chart must have copied the samples. */
		samples[0] = -1.0f;
		return FO_OK;
	}
	return FO_ERR;
}

typedef struct {
	fo_core *core;
	fdata data;
	const fo_view_spec *spec;
	fo_viewstate *vs;
} fx;

static const fo_view_spec items_view = {
    .name = "test.items",
    .title = "Items",
    .summary = "test rows",
    .cols = fcols,
    .ncols = NCOLS,
    .row_count = f_row_count,
    .cell = f_cell,
    .row_key = f_row_key,
    .generation = f_generation,
    .detail = f_detail,
    .empty_text = "nothing here",
};

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->core = fo_test_core(NULL);
	memcpy(f->data.rows, initial, sizeof initial);
	f->data.n = sizeof initial / sizeof initial[0];
	f->data.gen = 1;
	f->spec = &items_view;
	assert_int_equal(fo_view_register(f->core, &items_view, &f->data), 0);
	f->vs = fo_viewstate_new(f->core, f->spec);
	assert_non_null(f->vs);
	fo_viewstate_refresh(f->vs, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	fo_viewstate_free(f->vs);
	fo_core_free(f->core);
	free(f);
	return 0;
}

/* Visible row keys joined by ',' into buf. */
static const char *keys(fx *f, char *buf, size_t len)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < fo_viewstate_rows(f->vs); i++) {
		char k[64];
		fo_viewstate_key(f->vs, i, k, sizeof k);
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? "," : "", k);
		assert_true(off < len);
	}
	return buf;
}

static void expect_filter(fx *f, const char *expr, const char *want)
{
	char err[256] = "", buf[256];
	if (fo_viewstate_set_filter(f->vs, expr, err, sizeof err) != 0)
		fail_msg("filter \"%s\" refused: %s", expr, err);
	fo_viewstate_refresh(f->vs, 0);
	assert_string_equal(keys(f, buf, sizeof buf), want);
}

/* ---- a big view for the sliced re-index: row r has value (r * 7919) % 10007
 * and text "t" + that value, enough rows for several sort blocks. */

#define BIG_ROWS 10000

typedef struct {
	size_t n;
	uint64_t gen;
} bigdata;

static const fo_column bigcols[] = {
    {"value", "Value", FO_COL_NUM, 6, false, NULL},
    {"text", "Text", FO_COL_TEXT, 8, false, NULL},
};

static size_t big_rows(fo_core *core, void *ud)
{
	return ((bigdata *)ud)->n;
}

static void big_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *out)
{
	unsigned v = (unsigned)((row * 7919u) % 10007u);
	out->num = v;
	out->is_num = col == 0;
	snprintf(out->text, sizeof out->text, col == 0 ? "%u" : "t%u", v);
}

static void big_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	snprintf(buf, len, "%zu", row);
}

static uint64_t big_gen(fo_core *core, void *ud)
{
	return ((bigdata *)ud)->gen;
}

static void expect_sorted(fo_viewstate *vs, size_t col, bool desc, size_t want_rows)
{
	assert_int_equal(fo_viewstate_rows(vs), want_rows);
	fo_cell a, b;
	for (size_t i = 1; i < fo_viewstate_rows(vs); i++) {
		fo_viewstate_cell(vs, i - 1, col, &a);
		fo_viewstate_cell(vs, i, col, &b);
		int c = col == 0 ? (a.num > b.num) - (a.num < b.num) : strcmp(a.text, b.text);
		if (desc ? c < 0 : c > 0)
			fail_msg("rows %zu and %zu out of order: %s, %s", i - 1, i, a.text, b.text);
	}
}

static void test_sliced_reindex(void **state)
{
	fo_core *core = fo_test_core(NULL);
	bigdata d = {BIG_ROWS, 1};
	static const fo_view_spec spec = {
	    .name = "test.big",
	    .title = "Big",
	    .cols = bigcols,
	    .ncols = 2,
	    .row_count = big_rows,
	    .cell = big_cell,
	    .row_key = big_key,
	    .generation = big_gen,
	};
	assert_int_equal(fo_view_register(core, &spec, &d), 0);
	fo_viewstate *sync = fo_viewstate_new(core, &spec);
	fo_viewstate *sliced = fo_viewstate_new(core, &spec);
	for (int pass = 0; pass < 3; pass++) {
		size_t col = pass == 1 ? 1 : 0;
		bool desc = pass == 2;
		char err[128];
		const char *filter = pass == 2 ? "!value:^1" : "";
		assert_int_equal(fo_viewstate_set_filter(sync, filter, err, sizeof err), 0);
		assert_int_equal(fo_viewstate_set_filter(sliced, filter, err, sizeof err), 0);
		fo_viewstate_set_sort(sync, (int)col, desc);
		fo_viewstate_set_sort(sliced, (int)col, desc);
		size_t before = fo_viewstate_rows(sliced);
		assert_true(fo_viewstate_refresh(sync, 0));
		assert_true(fo_viewstate_pending(sliced));
		int steps = 0;
		fo_refresh r;
		while ((r = fo_viewstate_refresh_step(sliced, 0, 1)) == FO_REFRESH_PENDING) {
			/* the old index stays visible until the new one is done */
			assert_int_equal(fo_viewstate_rows(sliced), before);
			steps++;
			assert_true(steps < 1000000);
		}
		assert_int_equal(r, FO_REFRESH_CHANGED);
		assert_false(fo_viewstate_pending(sliced));
		assert_true(steps > 1); /* it really went in slices */
		size_t want = fo_viewstate_rows(sync);
		if (pass == 2)
			assert_true(want < BIG_ROWS && want > BIG_ROWS / 2);
		expect_sorted(sliced, col, desc, want);
		for (size_t i = 0; i < want; i++)
			assert_int_equal(fo_viewstate_source_row(sliced, i),
			                 fo_viewstate_source_row(sync, i));
		assert_int_equal(fo_viewstate_refresh_step(sliced, 0, 1), FO_REFRESH_SAME);
	}
	/* a settings change in mid-build restarts it with the new settings */
	char err[128];
	assert_int_equal(fo_viewstate_set_filter(sliced, "", err, sizeof err), 0);
	fo_viewstate_set_sort(sliced, 0, false);
	assert_int_equal(fo_viewstate_refresh_step(sliced, 0, 1), FO_REFRESH_PENDING);
	fo_viewstate_set_sort(sliced, 0, true);
	assert_true(fo_viewstate_refresh(sliced, 0));
	expect_sorted(sliced, 0, true, BIG_ROWS);
	fo_viewstate_free(sync);
	fo_viewstate_free(sliced);
	fo_core_free(core);
}

/* ---- registry of views */

static void test_views_registry(void **state)
{
	fx *f = *state;
	char err[256] = "";
	fo_views *v = fo_views_new();
	fo_view_spec b = *f->spec, a = *f->spec, dup = *f->spec;
	b.name = "zz.view";
	a.name = "aa.view";
	dup.name = "zz.view";
	int ud_b, ud_a;
	assert_int_equal(fo_views_add(v, &b, &ud_b, 2, err, sizeof err), 0);
	assert_int_equal(fo_views_add(v, &a, &ud_a, -1, err, sizeof err), 0);
	err[0] = '\0';
	assert_int_equal(fo_views_add(v, &dup, NULL, 3, err, sizeof err), -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(fo_views_count(v), 2);
	assert_ptr_equal(fo_views_at(v, 0), &a);
	assert_ptr_equal(fo_views_at(v, 1), &b);
	assert_ptr_equal(fo_views_find(v, "zz.view"), &b);
	/* each registration keeps its own ud; an unregistered spec has none */
	assert_ptr_equal(fo_views_ud(v, &b), &ud_b);
	assert_ptr_equal(fo_views_ud(v, &a), &ud_a);
	assert_null(fo_views_ud(v, &dup));
	assert_null(fo_views_find(v, "zz"));
	fo_views_remove_owner(v, 2);
	assert_int_equal(fo_views_count(v), 1);
	assert_null(fo_views_find(v, "zz.view"));
	fo_views_free(v);

	assert_int_equal(fo_view_column_index(f->spec, "battery"), C_BATTERY);
	assert_int_equal(fo_view_column_index(f->spec, "note"), C_NOTE);
	assert_int_equal(fo_view_column_index(f->spec, "Battery "), -1);
	assert_int_equal(fo_view_column_index(f->spec, "nope"), -1);
}

static void test_panes_sorted_by_slot(void **state)
{
	char err[256] = "";
	static const char *const views[] = {"test.items", NULL};
	static const fo_pane_spec p3 = {"three", "Three", 3, views, "note"};
	static const fo_pane_spec p0 = {"overview", "Overview", 0, views, ""};
	static const fo_pane_spec p1 = {"one", "One", 1, views, ""};
	fo_views *v = fo_views_new();
	assert_int_equal(fo_views_add_pane(v, &p3, -1, err, sizeof err), 0);
	assert_int_equal(fo_views_add_pane(v, &p0, -1, err, sizeof err), 0);
	assert_int_equal(fo_views_add_pane(v, &p1, 4, err, sizeof err), 0);
	assert_int_equal(fo_views_pane_count(v), 3);
	assert_ptr_equal(fo_views_pane_at(v, 0), &p0);
	assert_ptr_equal(fo_views_pane_at(v, 1), &p1);
	assert_ptr_equal(fo_views_pane_at(v, 2), &p3);
	fo_views_remove_owner(v, 4);
	assert_int_equal(fo_views_pane_count(v), 2);
	fo_views_free(v);
}

/* ---- filter */

static void test_initial_state(void **state)
{
	fx *f = *state;
	char buf[256];
	assert_ptr_equal(fo_viewstate_spec(f->vs), f->spec);
	assert_string_equal(fo_viewstate_filter(f->vs), "");
	assert_null(fo_viewstate_scope_value(f->vs));
	assert_int_equal(fo_viewstate_sort_col(f->vs), -1);
	assert_string_equal(keys(f, buf, sizeof buf), "V-001,V-002,V-003,V-010,V-004");
	assert_true(fo_viewstate_visible(f->vs, C_ID));
	assert_true(fo_viewstate_visible(f->vs, C_BATTERY));
	assert_false(fo_viewstate_visible(f->vs, C_NOTE));
}

static void test_filter_any_visible_column(void **state)
{
	fx *f = *state;
	expect_filter(f, "north", "V-001,V-003");
	assert_string_equal(fo_viewstate_filter(f->vs), "north");
	/* Case-insensitive, plain words and extended syntax alike. */
	expect_filter(f, "NORTH", "V-001,V-003");
	expect_filter(f, "Alp", "V-001");
	expect_filter(f, "east", "V-010");
	expect_filter(f, "NORTH|EAST", "V-001,V-003,V-010");
	expect_filter(f, "^(alpha|beta)$", "V-001,V-002");
	/* Numbers match through their text. */
	expect_filter(f, "^15\\.5$", "V-002");
	expect_filter(f, "zzz", "");
	expect_filter(f, "", "V-001,V-002,V-003,V-010,V-004");
	assert_string_equal(fo_viewstate_filter(f->vs), "");
}

static void test_filter_column(void **state)
{
	fx *f = *state;
	expect_filter(f, "fleet:^s", "V-002,V-004");
	/* "a" appears in many names, but only fleet ("EAST") is looked at. */
	expect_filter(f, "fleet:a", "V-010");
	expect_filter(f, "name:^a", "V-001");
	expect_filter(f, "fleet:SOUTH", "V-002,V-004");
}

static void test_filter_invert(void **state)
{
	fx *f = *state;
	expect_filter(f, "!north", "V-002,V-010,V-004");
	expect_filter(f, "!fleet:south", "V-001,V-003,V-010");
}

static void test_filter_hidden_column(void **state)
{
	fx *f = *state;
	/* A plain regex does not look into hidden columns. */
	expect_filter(f, "secret", "");
	fo_viewstate_set_visible(f->vs, C_NOTE, true);
	assert_true(fo_viewstate_visible(f->vs, C_NOTE));
	fo_viewstate_refresh(f->vs, 0);
	char buf[256];
	assert_string_equal(keys(f, buf, sizeof buf), "V-001,V-010");
	/* Hiding a column takes it out of the plain match again. */
	fo_viewstate_set_visible(f->vs, C_NOTE, false);
	fo_viewstate_refresh(f->vs, 0);
	assert_string_equal(keys(f, buf, sizeof buf), "");
	fo_viewstate_set_visible(f->vs, C_FLEET, false);
	expect_filter(f, "north", "");
}

static void test_filter_bad_regex_keeps_old(void **state)
{
	fx *f = *state;
	char err[256] = "", buf[256];
	expect_filter(f, "south", "V-002,V-004");
	assert_int_equal(fo_viewstate_set_filter(f->vs, "name:(unclosed", err, sizeof err), -1);
	assert_true(strlen(err) > 0);
	err[0] = '\0';
	assert_int_equal(fo_viewstate_set_filter(f->vs, "[z-a]", err, sizeof err), -1);
	assert_true(strlen(err) > 0);
	assert_string_equal(fo_viewstate_filter(f->vs), "south");
	fo_viewstate_refresh(f->vs, 0);
	assert_string_equal(keys(f, buf, sizeof buf), "V-002,V-004");
}

static void test_filter_unknown_column(void **state)
{
	fx *f = *state;
	char err[256] = "", buf[256];
	expect_filter(f, "north", "V-001,V-003");
	assert_int_equal(fo_viewstate_set_filter(f->vs, "colour:red", err, sizeof err), -1);
	assert_contains(err, "colour");
	assert_string_equal(fo_viewstate_filter(f->vs), "north");
	fo_viewstate_refresh(f->vs, 0);
	assert_string_equal(keys(f, buf, sizeof buf), "V-001,V-003");
}

/* ---- sort */

static void test_sort_numeric(void **state)
{
	fx *f = *state;
	char buf[256];
	fo_viewstate_set_sort(f->vs, C_BATTERY, false);
	assert_int_equal(fo_viewstate_sort_col(f->vs), C_BATTERY);
	assert_false(fo_viewstate_sort_desc(f->vs));
	fo_viewstate_refresh(f->vs, 0);
	/* Numeric, not text order: 9 < 15.5 < 42 < 80 < 100. */
	assert_string_equal(keys(f, buf, sizeof buf), "V-004,V-002,V-010,V-001,V-003");
	fo_viewstate_set_sort(f->vs, C_BATTERY, true);
	assert_true(fo_viewstate_sort_desc(f->vs));
	fo_viewstate_refresh(f->vs, 0);
	assert_string_equal(keys(f, buf, sizeof buf), "V-003,V-001,V-010,V-002,V-004");
}

static void test_sort_text(void **state)
{
	fx *f = *state;
	char buf[256];
	fo_viewstate_set_sort(f->vs, C_NAME, false);
	fo_viewstate_refresh(f->vs, 0);
	assert_string_equal(keys(f, buf, sizeof buf), "V-001,V-002,V-010,V-004,V-003");
	fo_viewstate_set_sort(f->vs, C_ID, true);
	fo_viewstate_refresh(f->vs, 0);
	assert_string_equal(keys(f, buf, sizeof buf), "V-010,V-004,V-003,V-002,V-001");
	/* -1 is the source's own order. */
	fo_viewstate_set_sort(f->vs, -1, false);
	assert_int_equal(fo_viewstate_sort_col(f->vs), -1);
	fo_viewstate_refresh(f->vs, 0);
	assert_string_equal(keys(f, buf, sizeof buf), "V-001,V-002,V-003,V-010,V-004");
}

static void test_sort_with_filter(void **state)
{
	fx *f = *state;
	fo_viewstate_set_sort(f->vs, C_BATTERY, true);
	expect_filter(f, "!fleet:east", "V-003,V-001,V-002,V-004");
}

/* ---- columns and scope */

static void test_set_columns(void **state)
{
	fx *f = *state;
	char err[256] = "";
	assert_int_equal(fo_viewstate_set_columns(f->vs, "battery,id,note", err, sizeof err), 0);
	assert_true(fo_viewstate_visible(f->vs, C_ID));
	assert_true(fo_viewstate_visible(f->vs, C_BATTERY));
	assert_true(fo_viewstate_visible(f->vs, C_NOTE));
	assert_false(fo_viewstate_visible(f->vs, C_NAME));
	assert_false(fo_viewstate_visible(f->vs, C_FLEET));
	/* Plain filters follow the chosen columns. */
	expect_filter(f, "north", "");
	expect_filter(f, "secret", "V-001,V-010");

	err[0] = '\0';
	assert_int_equal(fo_viewstate_set_columns(f->vs, "id,shoe_size", err, sizeof err), -1);
	assert_contains(err, "shoe_size");
	/* The refused list changed nothing. */
	assert_true(fo_viewstate_visible(f->vs, C_NOTE));
	assert_false(fo_viewstate_visible(f->vs, C_NAME));
}

static void test_scope_exact(void **state)
{
	fx *f = *state;
	char buf[256];
	assert_int_equal(fo_viewstate_set_scope(f->vs, "fleet", "north"), 0);
	assert_string_equal(fo_viewstate_scope_value(f->vs), "north");
	fo_viewstate_refresh(f->vs, 0);
	assert_string_equal(keys(f, buf, sizeof buf), "V-001,V-003");
	/* Exact: a prefix is not enough. */
	assert_int_equal(fo_viewstate_set_scope(f->vs, "fleet", "nort"), 0);
	fo_viewstate_refresh(f->vs, 0);
	assert_int_equal(fo_viewstate_rows(f->vs), 0);
	/* Scope and filter combine. */
	assert_int_equal(fo_viewstate_set_scope(f->vs, "fleet", "south"), 0);
	expect_filter(f, "eps", "V-004");
	expect_filter(f, "north", "");
	/* NULL clears the scope, the filter stays. */
	assert_int_equal(fo_viewstate_set_scope(f->vs, NULL, NULL), 0);
	assert_null(fo_viewstate_scope_value(f->vs));
	fo_viewstate_refresh(f->vs, 0);
	assert_string_equal(keys(f, buf, sizeof buf), "V-001,V-003");
}

static void test_scope_unknown_column(void **state)
{
	fx *f = *state;
	assert_int_equal(fo_viewstate_set_scope(f->vs, "planet", "mars"), -1);
	assert_null(fo_viewstate_scope_value(f->vs));
	fo_viewstate_refresh(f->vs, 0);
	assert_int_equal(fo_viewstate_rows(f->vs), 5);
}

static void test_out_of_range_columns(void **state)
{
	fx *f = *state;
	char buf[256];
	/* Bad column numbers are ignored, never read out of bounds. */
	fo_viewstate_set_visible(f->vs, 99, true);
	fo_viewstate_set_visible(f->vs, -5, true);
	assert_false(fo_viewstate_visible(f->vs, 99));
	assert_false(fo_viewstate_visible(f->vs, -5));
	fo_viewstate_set_sort(f->vs, C_BATTERY, false);
	fo_viewstate_refresh(f->vs, 0);
	fo_viewstate_set_sort(f->vs, NCOLS + 3, false);
	fo_viewstate_refresh(f->vs, 0);
	assert_int_equal(fo_viewstate_rows(f->vs), 5);
	assert_true(strlen(keys(f, buf, sizeof buf)) > 0);
}

/* ---- refresh */

static void test_refresh_only_on_change(void **state)
{
	fx *f = *state;
	char buf[256];
	/* Nothing changed since setup's refresh. */
	assert_false(fo_viewstate_refresh(f->vs, 10));
	f->data.cell_calls = 0;
	fo_viewstate_set_sort(f->vs, C_BATTERY, false);
	assert_true(fo_viewstate_refresh(f->vs, 20));
	assert_false(fo_viewstate_refresh(f->vs, 30));
	/* New data without a new generation is not seen. */
	f->data.rows[f->data.n++] = (frow){"V-005", "zeta", "west", 1, ""};
	f->data.cell_calls = 0;
	assert_false(fo_viewstate_refresh(f->vs, 40));
	assert_int_equal(f->data.cell_calls, 0);
	assert_int_equal(fo_viewstate_rows(f->vs), 5);
	/* With one it is. */
	f->data.gen++;
	assert_true(fo_viewstate_refresh(f->vs, 50));
	assert_string_equal(keys(f, buf, sizeof buf), "V-005,V-004,V-002,V-010,V-001,V-003");
	assert_false(fo_viewstate_refresh(f->vs, 60));
}

static void test_reindex_interval(void **state)
{
	fx *f = *state;
	char buf[256];
	fo_viewstate_set_reindex_interval(f->vs, 1000);
	fo_viewstate_set_sort(f->vs, C_BATTERY, false);
	assert_true(fo_viewstate_refresh(f->vs, 10000));

	/* A data change inside the interval waits. */
	f->data.rows[f->data.n++] = (frow){"V-005", "zeta", "west", 50, ""};
	f->data.gen++;
	assert_false(fo_viewstate_refresh(f->vs, 10400));
	assert_int_equal(fo_viewstate_rows(f->vs), 5);
	assert_false(fo_viewstate_refresh(f->vs, 10900));
	assert_int_equal(fo_viewstate_rows(f->vs), 5);
	/* Once the interval has passed it is picked up. */
	assert_true(fo_viewstate_refresh(f->vs, 11100));
	assert_string_equal(keys(f, buf, sizeof buf), "V-004,V-002,V-010,V-005,V-001,V-003");

	/* A settings change re-indexes at once, interval or not. */
	f->data.rows[0].battery = 5;
	f->data.gen++;
	fo_viewstate_set_sort(f->vs, C_BATTERY, true);
	assert_true(fo_viewstate_refresh(f->vs, 11200));
	assert_string_equal(keys(f, buf, sizeof buf), "V-003,V-005,V-010,V-002,V-004,V-001");
	char err[64];
	assert_int_equal(fo_viewstate_set_filter(f->vs, "south", err, sizeof err), 0);
	assert_true(fo_viewstate_refresh(f->vs, 11300));
	assert_string_equal(keys(f, buf, sizeof buf), "V-002,V-004");
}

static void test_vanished_row(void **state)
{
	fx *f = *state;
	fo_viewstate_set_reindex_interval(f->vs, 5000);
	assert_int_equal(fo_viewstate_rows(f->vs), 5);
	assert_int_equal(fo_viewstate_source_row(f->vs, 4), 4);
	/* The source shrinks but the index waits for the interval. */
	f->data.n = 3;
	f->data.gen++;
	assert_false(fo_viewstate_refresh(f->vs, 100));
	assert_int_equal(fo_viewstate_source_row(f->vs, 0), 0);
	assert_int_equal(fo_viewstate_source_row(f->vs, 3), SIZE_MAX);
	assert_int_equal(fo_viewstate_source_row(f->vs, 4), SIZE_MAX);
}

/* ---- rows, keys, cells */

static void test_source_row_key_find(void **state)
{
	fx *f = *state;
	fo_cell c;
	char k[32];
	fo_viewstate_set_sort(f->vs, C_BATTERY, true);
	fo_viewstate_refresh(f->vs, 0);
	/* Descending battery: V-003(2), V-001(0), V-010(3), V-002(1), V-004(4). */
	assert_int_equal(fo_viewstate_source_row(f->vs, 0), 2);
	assert_int_equal(fo_viewstate_source_row(f->vs, 1), 0);
	assert_int_equal(fo_viewstate_source_row(f->vs, 4), 4);
	fo_viewstate_key(f->vs, 2, k, sizeof k);
	assert_string_equal(k, "V-010");
	fo_viewstate_cell(f->vs, 2, C_NAME, &c);
	assert_string_equal(c.text, "delta");
	fo_viewstate_cell(f->vs, 0, C_BATTERY, &c);
	assert_true(c.is_num);
	assert_near(c.num, 100.0, 1e-9);
	assert_int_equal(fo_viewstate_find_key(f->vs, "V-002"), 3);
	assert_int_equal(fo_viewstate_find_key(f->vs, "V-003"), 0);
	assert_int_equal(fo_viewstate_find_key(f->vs, "V-999"), -1);
	/* A filtered-out row has no visible position. */
	char err[64];
	assert_int_equal(fo_viewstate_set_filter(f->vs, "south", err, sizeof err), 0);
	fo_viewstate_refresh(f->vs, 0);
	assert_int_equal(fo_viewstate_find_key(f->vs, "V-003"), -1);
	assert_int_equal(fo_viewstate_find_key(f->vs, "V-004"), 1);
}

/* ---- detail */

static void test_detail_builder(void **state)
{
	fx *f = *state;
	fo_detail *d = fo_detail_new();
	assert_non_null(d);
	assert_int_equal(fo_detail_count(d), 0);
	assert_int_equal(fo_view_detail(f->core, f->spec, "V-002", d), FO_OK);
	assert_int_equal(fo_detail_count(d), 5);

	const fo_dline *l = fo_detail_line(d, 0);
	assert_int_equal(l->kind, FO_DL_TITLE);
	assert_string_equal(l->text, "Vehicle V-002");

	l = fo_detail_line(d, 1);
	assert_int_equal(l->kind, FO_DL_SECTION);
	assert_string_equal(l->text, "Power");

	l = fo_detail_line(d, 2);
	assert_int_equal(l->kind, FO_DL_FIELD);
	assert_string_equal(l->label, "Battery");
	assert_string_equal(l->text, "15.5 %");
	assert_int_equal(l->style, FO_STYLE_WARN);

	l = fo_detail_line(d, 3);
	assert_int_equal(l->kind, FO_DL_TEXT);
	assert_string_equal(l->text, "fleet south");
	assert_int_equal(l->style, FO_STYLE_DIM);

	l = fo_detail_line(d, 4);
	assert_int_equal(l->kind, FO_DL_CHART);
	assert_string_equal(l->text, "history");
	assert_string_equal(l->label, "%");
	assert_int_equal(l->nsamples, 3);
	assert_non_null(l->samples);
	assert_near(l->samples[0], 10.0, 1e-6);
	assert_near(l->samples[2], 30.0, 1e-6);
	assert_near(l->min, 0.0, 1e-9);
	assert_near(l->max, 100.0, 1e-9);

	fo_detail_reset(d);
	assert_int_equal(fo_detail_count(d), 0);
	/* A gone key is FO_ERR. */
	assert_int_equal(fo_view_detail(f->core, f->spec, "V-404", d), FO_ERR);
	/* The builder is reusable after a reset. */
	assert_int_equal(fo_view_detail(f->core, f->spec, "V-001", d), FO_OK);
	assert_int_equal(fo_detail_count(d), 5);
	assert_string_equal(fo_detail_line(d, 0)->text, "Vehicle V-001");
	fo_detail_free(d);
}

static void test_detail_long_text(void **state)
{
	fo_detail *d = fo_detail_new();
	char big[2000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	fo_detail_text(d, FO_STYLE_NORMAL, "%s", big);
	assert_int_equal(fo_detail_count(d), 1);
	/* Whatever it keeps, it keeps a terminated prefix of the text. */
	const char *t = fo_detail_line(d, 0)->text;
	assert_true(strlen(t) > 0);
	assert_true(strspn(t, "x") == strlen(t));
	fo_detail_free(d);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_views_registry),
	    cmocka_unit_test(test_sliced_reindex),
	    cmocka_unit_test(test_panes_sorted_by_slot),
	    T(test_initial_state),
	    T(test_filter_any_visible_column),
	    T(test_filter_column),
	    T(test_filter_invert),
	    T(test_filter_hidden_column),
	    T(test_filter_bad_regex_keeps_old),
	    T(test_filter_unknown_column),
	    T(test_sort_numeric),
	    T(test_sort_text),
	    T(test_sort_with_filter),
	    T(test_set_columns),
	    T(test_scope_exact),
	    T(test_scope_unknown_column),
	    T(test_out_of_range_columns),
	    T(test_refresh_only_on_change),
	    T(test_reindex_interval),
	    T(test_vanished_row),
	    T(test_source_row_key_find),
	    T(test_detail_builder),
	    cmocka_unit_test(test_detail_long_text),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
