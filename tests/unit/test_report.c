/* test_report.c — report rendering on a view with awkward cells (commas,
 * quotes, line breaks, markup, UTF-8, missing numbers, times), the time
 * parser, and view resolution; run plain and under ASan+UBSan. */
#include "helpers.h"

#include "report.h"

#include <math.h>

typedef struct {
	fo_core *core;
	fo_out *out;
} fx;

enum { C_NAME, C_NOTE, C_LOAD, C_PCT, C_WHEN, C__N };

static const fo_column cols[C__N] = {
    [C_NAME] = {"name", "Name", FO_COL_TEXT, 8, false, NULL},
    [C_NOTE] = {"note", "Note", FO_COL_TEXT, 12, false, NULL},
    [C_LOAD] = {"load", "Load", FO_COL_NUM, 6, false, "kg"},
    [C_PCT] = {"pct", "Share", FO_COL_PERCENT, 6, false, "%"},
    [C_WHEN] = {"when", "When", FO_COL_TIME, 20, true, NULL},
};

static const char *const names[] = {"alpha", "beta", "gamma"};
static const char *const notes[] = {"plain", "a,b \"quoted\"\nnext | <b>&amp;</b>",
                                    "naïve ünïcode"};
static const double loads[] = {12.5, NAN, -3};
/* 2026-11-27T08:00:00Z, a day before, none */
static const uint64_t whens[] = {1795766400000ull, 1795680000000ull, 0};

static size_t rows(fo_core *core, void *ud)
{
	return 3;
}

static void cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *out)
{
	switch (col) {
	case C_NAME:
		fo_cell_text(out, "%s", names[row]);
		break;
	case C_NOTE:
		fo_cell_text(out, "%s", notes[row]);
		break;
	case C_LOAD:
		if (isfinite(loads[row]))
			fo_cell_num(out, loads[row], 1);
		else
			fo_cell_text(out, "-");
		break;
	case C_PCT:
		fo_cell_num(out, 25.0 * (double)(row + 1), 0);
		break;
	case C_WHEN:
		fo_cell_time(out, whens[row]);
		break;
	}
}

static void key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	snprintf(buf, len, "%s", names[row]);
}

static uint64_t gen(fo_core *core, void *ud)
{
	return 1;
}

static fo_status detail(fo_core *core, void *ud, const char *k, fo_detail *d)
{
	static const float s[] = {1, 2, 4, 3};
	fo_detail_title(d, "%s", k);
	if (strcmp(k, "beta") == 0)
		fo_detail_chart(d, "Load <history>", "kg", 0, 5, s, 4);
	return FO_OK;
}

static const fo_view_spec view = {
    .name = "test.things",
    .title = "Things & <stuff>",
    .summary = "things for the report tests",
    .cols = cols,
    .ncols = C__N,
    .row_count = rows,
    .cell = cell,
    .row_key = key,
    .generation = gen,
    .detail = detail,
};

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->core = fo_test_core(NULL);
	fo_report_register(f->core);
	assert_int_equal(fo_view_register(f->core, &view, NULL), 0);
	f->out = fo_out_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	fo_out_free(f->out);
	fo_core_free(f->core);
	free(f);
	return 0;
}

/* Runs `report show test.things ARGS...` (NULL-terminated). */
static fo_status report(fx *f, ...)
{
	char *argv[32] = {"report", "show", "test.things"};
	int argc = 3;
	va_list ap;
	va_start(ap, f);
	for (char *a; argc < 31 && (a = va_arg(ap, char *));)
		argv[argc++] = a;
	va_end(ap);
	fo_out_clear(f->out);
	return fo_registry_run_argv(f->core, argc, argv, f->out);
}

static void test_csv_quoting(void **state)
{
	fx *f = *state;
	assert_int_equal(report(f, "--format", "csv", "--columns", "name,note,load,when", NULL),
	                 FO_OK);
	const char *t = fo_out_text(f->out);
	assert_string_equal(
	    t, "name,note,load,when\r\n"
	       "alpha,plain,12.5,2026-11-27T08:00:00Z\r\n"
	       "beta,\"a,b \"\"quoted\"\"\nnext | <b>&amp;</b>\",,2026-11-26T08:00:00Z\r\n"
	       "gamma,naïve ünïcode,-3,\r\n");
}

static void test_json_values(void **state)
{
	fx *f = *state;
	setenv("SOURCE_DATE_EPOCH", "1796000000", 1);
	assert_int_equal(
	    report(f, "--format", "json", "--columns", "name,note,load,pct,when", NULL), FO_OK);
	unsetenv("SOURCE_DATE_EPOCH");
	const char *t = fo_out_text(f->out);
	assert_contains(t, "\"generated_at\": \"2026-11-30T00:53:20Z\"");
	assert_contains(t, "\"note\": \"a,b \\\"quoted\\\"\\nnext | <b>&amp;</b>\"");
	assert_contains(t, "\"load\": null, \"pct\": 50");
	assert_contains(t, "\"load\": -3, \"pct\": 75, \"when\": null}");
	assert_contains(t, "{\"name\": \"pct\", \"title\": \"Share\", \"type\": \"percent\", "
	                   "\"unit\": \"%\"}");
	assert_contains(t, "{\"row\": \"beta\", \"title\": \"Load <history>\", \"unit\": \"kg\", "
	                   "\"min\": 0, \"max\": 5, \"samples\": [1, 2, 4, 3]}");
}

static void test_html_escaped_and_charts(void **state)
{
	fx *f = *state;
	assert_int_equal(report(f, "--format", "html", NULL), FO_OK);
	const char *t = fo_out_text(f->out);
	assert_contains(t, "<title>Things &amp; &lt;stuff&gt; — fleetops</title>");
	assert_contains(t, "<td>a,b &quot;quoted&quot;\nnext | &lt;b&gt;&amp;amp;&lt;/b&gt;</td>");
	assert_null(strstr(t, "<b>"));
	assert_contains(t, "class=\"fo-bar-chart\"");
	assert_contains(t, "beta — Load &lt;history&gt; (kg)");
	assert_contains(t, "<polyline class=\"fo-line\"");
	assert_null(strstr(t, "<script"));
}

static void test_md_and_table(void **state)
{
	fx *f = *state;
	assert_int_equal(report(f, "--format", "md", "--columns", "name,note", NULL), FO_OK);
	assert_contains(fo_out_text(f->out), "| beta | a,b \"quoted\" next \\| \\<b>&amp;\\</b> |");
	assert_int_equal(report(f, "--width", "24", "--columns", "name,note,load", NULL), FO_OK);
	const char *t = fo_out_text(f->out);
	assert_contains(t, "Name   Note         Load\n");
	assert_contains(t, "alpha  plain        12.5\n");
	/* a line break inside a cell is a space on the table's one line */
	assert_contains(t, "beta   a,b \"quote…     -\n");
	assert_contains(t, "gamma  naïve ünïc…  -3.0\n");
	assert_int_equal(report(f, "--width", "80", "--columns", "note", NULL), FO_OK);
	assert_contains(fo_out_text(f->out), "a,b \"quoted\" next | <b>&amp;</b>\n");
}

static void test_window_and_scope(void **state)
{
	fx *f = *state;
	assert_int_equal(report(f, "--format", "csv", "--columns", "name", "--since",
	                        "2026-11-27T00:00:00Z", NULL),
	                 FO_OK);
	assert_string_equal(fo_out_text(f->out), "name\r\nalpha\r\n");
	assert_int_equal(report(f, "--format", "csv", "--columns", "name", "--until",
	                        "2026-11-27T07:59:59+00:00", NULL),
	                 FO_OK);
	assert_string_equal(fo_out_text(f->out), "name\r\nbeta\r\n");
	assert_int_equal(report(f, "--fleet", "x", NULL), FO_EUSAGE);
	assert_contains(fo_out_err(f->out), "no 'fleet' column");
	assert_int_equal(report(f, "--format", "pdf", NULL), FO_EUSAGE);
	assert_int_equal(report(f, "--out", "/nonexistent-dir/r.csv", NULL), FO_ERR);
	assert_contains(fo_out_err(f->out), "cannot write /nonexistent-dir/r.csv");
}

static void test_parse_time(void **state)
{
	uint64_t ms = 0, now = 1796000000000ull;
	assert_int_equal(fo_report_parse_time("2h", now, &ms), 0);
	assert_true(ms == now - 7200000ull);
	assert_int_equal(fo_report_parse_time("1h30m", now, &ms), 0);
	assert_true(ms == now - 5400000ull);
	assert_int_equal(fo_report_parse_time("2026-11-27", now, &ms), 0);
	assert_true(ms == 1795737600000ull);
	assert_int_equal(fo_report_parse_time("2026-11-27T08:00:00.5Z", now, &ms), 0);
	assert_true(ms == 1795766400500ull);
	assert_int_equal(fo_report_parse_time("2026-11-27T09:00+01:00", now, &ms), 0);
	assert_true(ms == 1795766400000ull);
	/* the last day of February, in a leap year too */
	assert_int_equal(fo_report_parse_time("2028-02-29", now, &ms), 0);
	assert_int_equal(fo_report_parse_time("2026-11-27T08:00:00-00:30", now, &ms), 0);
	assert_true(ms == 1795766400000ull + 1800000ull);
	assert_int_equal(fo_report_parse_time("2026-11-27T08:00:60Z", now, &ms), 0);
	const char *bad[] = {"", "2", "h", "2x", "-2h", "2026-11-27T25:00Z", "2026-1-2",
	                     "2026-11-27T08:00:00Zjunk", "yesterday", "1969-12-31",
	                     /* out of range, once rolled over by timegm */
	                     "2026-02-30", "2026-02-29", "2100-02-29", "2026-04-31", "2026-00-10",
	                     "2026-11-00", "2026-11-27T08:00+99:99", "2026-11-27T08:00+24:00",
	                     "2026-11-27T08:00-01:60", "2026-11-27T08:60Z", "2026-11-27T08:00:61Z",
	                     /* signs and spaces sscanf took for digits */
	                     "2026-+1-02", "2026- 1-02", "2026-11-27T+8:00Z",
	                     "2026-11-27T08:00+ 1:00", "2026-11-27T08:00:5e1Z",
	                     "2026-11-27T08:00:00.Z", "2026-11-27T"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (fo_report_parse_time(bad[i], now, &ms) != -1)
			fail_msg("'%s' accepted", bad[i]);
	/* 40 x 999999999 weeks: more than 64 bits of milliseconds, refused
	 * rather than wrapped around to a recent time */
	char wrap[480] = "";
	for (int i = 0; i < 40; i++)
		strcat(wrap, "999999999w");
	assert_int_equal(fo_report_parse_time(wrap, now, &ms), -1);
}

static void test_resolve(void **state)
{
	fx *f = *state;
	size_t n;
	assert_ptr_equal(fo_views_resolve(f->core->views, "test", &n), &view);
	assert_int_equal(n, 1);
	assert_null(fo_views_resolve(f->core->views, "tes", &n));
	assert_int_equal(n, 0);
	assert_int_equal(report(f, NULL), FO_OK);
	char *argv[] = {"report", "show", "nope.view"};
	assert_int_equal(fo_registry_run_argv(f->core, 3, argv, f->out), FO_EUSAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_csv_quoting, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_values, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_html_escaped_and_charts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_md_and_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_window_and_scope, setup, teardown),
	    cmocka_unit_test(test_parse_time),
	    cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
