/* bench_view.c — cost of re-indexing the vehicles view (filter + sort) at
 * fleet sizes up to 100,000, on the real simulator model.  Prints figures;
 * not a timed test. */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static fo_core *make_core(const char *build, long vehicles)
{
	char err[256], path[512], n[32];
	fo_config *cfg = fo_config_new();
	snprintf(path, sizeof path, "%s/plugins", build);
	snprintf(n, sizeof n, "%ld", vehicles);
	if (fo_config_set(cfg, "plugin_path", path, FO_SRC_FLAG, err, sizeof err) ||
	    fo_config_set(cfg, "demo", "true", FO_SRC_FLAG, err, sizeof err) ||
	    fo_config_set(cfg, "sim.vehicles", n, FO_SRC_FLAG, err, sizeof err) ||
	    fo_config_set(cfg, "log_file", "/dev/null", FO_SRC_FLAG, err, sizeof err)) {
		fprintf(stderr, "bench_view: %s\n", err);
		exit(1);
	}
	fo_core *core = fo_core_new(cfg, err, sizeof err);
	if (!core) {
		fprintf(stderr, "bench_view: %s\n", err);
		exit(1);
	}
	fo_core_start(core);
	return core;
}

/* Median of `reps` re-indexes with the given filter and sort column. */
static double time_reindex(fo_core *core, const char *filter, const char *sort, bool desc,
                           size_t *rows)
{
	const fo_view_spec *s = fo_views_find(core->views, "fleet.vehicles");
	fo_viewstate *vs = fo_viewstate_new(core, s);
	char err[256];
	if (filter && fo_viewstate_set_filter(vs, filter, err, sizeof err)) {
		fprintf(stderr, "bench_view: %s\n", err);
		exit(1);
	}
	fo_viewstate_set_sort(vs, sort ? fo_view_column_index(s, sort) : -1, desc);
	enum { reps = 7 };
	double t[reps];
	for (int i = 0; i < reps; i++) {
		fo_viewstate_set_sort(vs, fo_viewstate_sort_col(vs), desc); /* force */
		double t0 = now_ms();
		fo_viewstate_refresh(vs, (uint64_t)i);
		t[i] = now_ms() - t0;
	}
	for (int i = 0; i < reps; i++) /* insertion sort for the median */
		for (int j = i; j > 0 && t[j] < t[j - 1]; j--) {
			double x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	*rows = fo_viewstate_rows(vs);
	fo_viewstate_free(vs);
	return t[reps / 2];
}

int main(void)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	static const long sizes[] = {200, 10000, 100000};
	static const struct {
		const char *label, *filter, *sort;
		bool desc;
	} cases[] = {
	    {"natural order, no filter", NULL, NULL, false},
	    {"sort by battery (number)", NULL, "battery", true},
	    {"sort by id (text)", NULL, "id", false},
	    {"filter 'charging' (literal, any column)", "charging", NULL, false},
	    {"filter 'state:^(driving|idle)$' + sort battery", "state:^(driving|idle)$", "battery",
	     false},
	};
	printf("view re-index (filter + sort) of fleet.vehicles, median of 7\n");
	printf("%-48s %9s %9s %10s\n", "case", "vehicles", "rows", "ms");
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		fo_core *core = make_core(build, sizes[k]);
		for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
			size_t rows;
			double ms = time_reindex(core, cases[c].filter, cases[c].sort,
			                         cases[c].desc, &rows);
			printf("%-48s %9ld %9zu %10.2f\n", cases[c].label, sizes[k], rows, ms);
		}
		fo_core_free(core);
	}
	return 0;
}
