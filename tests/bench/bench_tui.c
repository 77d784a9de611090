/* bench_tui.c — TUI redraw benchmark (prints figures; not a pass/fail test).
 *
 * Drives tui_frame() without the event loop on a terminal whose output goes
 * to a temp file, with the core's fleet.vehicles view over a model we fill
 * ourselves:
 *   - bytes written per frame when ~10% of the visible rows change, at 80x24
 *     and 200x50, 10,000 vehicles;
 *   - frame build time (drawing + doupdate) for the same;
 *   - frame build time with 100,000 vehicles, sorted by battery and filtered,
 *     both for steady frames and for the frames that re-index.
 * Usage: bench_tui [--md FILE]
 *   FILE (e.g. BENCHMARKS.md) gets the results as the section
 *   "## TUI redraw (issue 2)": replaced in place when present, else appended.
 */
#include "tui_int.h"

#include "common.h"
#include <locale.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FRAMES 200

typedef struct {
	int cols, rows;
	size_t vehicles;
	double bytes_mean, bytes_max;
	double us_median, us_p95, us_max;
	double reindex_us;   /* wall time of one whole re-index, in slices (mean) */
	double slice_max_us; /* longest re-index slice between frames */
	double slices;       /* slices per re-index (mean) */
	const char *what;
} result;

/* Deterministic LCG; the state lives in the caller. */
static uint32_t rnd(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state >> 8;
}

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void fill_model(fo_core *core, size_t n)
{
	fo_model *m = fo_core_model(core);
	uint32_t rng = 12345;
	char err[128], id[32];
	if (fo_model_tenant_count(m) == 0) {
		fo_model_tenant_add(m, "tenant-a", "Tenant A", err, sizeof err);
		for (int f = 0; f < 4; f++) {
			snprintf(id, sizeof id, "fleet-%d", f + 1);
			fo_model_fleet_add(m, id, id, 0, err, sizeof err);
		}
	}
	for (size_t i = fo_model_vehicle_count(m); i < n; i++) {
		snprintf(id, sizeof id, "AGV-%06zu", i + 1);
		fo_vehicle *v = fo_model_vehicle_add(m, id, (uint32_t)(i % 4), err, sizeof err);
		if (!v) {
			fprintf(stderr, "bench: %s\n", err);
			exit(1);
		}
		v->battery = 20 + rnd(&rng) % 80;
		v->x = rnd(&rng) % 200;
		v->y = rnd(&rng) % 100;
		v->driving = rnd(&rng) % 3 != 0;
		v->speed = v->driving ? 0.5 + (rnd(&rng) % 150) / 100.0 : 0;
		if (v->driving)
			snprintf(v->order_id, sizeof v->order_id, "order-%u", rnd(&rng) % 5000);
		snprintf(v->last_node, sizeof v->last_node, "N-%05u", rnd(&rng) % 500);
		fo_model_touch(m, v);
	}
}

/* Changes ~10% of the visible rows: their battery moves by one percent. */
static void change_visible(tui *t, size_t nrows, uint32_t *rngp)
{
	uint32_t rng = *rngp;
	tui_level *lv = tui_cur_level(t);
	fo_model *m = fo_core_model(t->core);
	size_t h = (size_t)tui_table_height(t);
	size_t k = h / 10 ? h / 10 : 1;
	for (size_t i = 0; i < k; i++) {
		size_t row = lv->top + rnd(&rng) % h;
		size_t src = fo_viewstate_source_row(lv->vs, row);
		if (src == SIZE_MAX || src >= nrows)
			continue;
		fo_vehicle *v = fo_model_vehicle(m, src);
		v->battery += v->battery > 50 ? -1.0 : 1.0;
		v->x += 0.5;
		fo_model_touch(m, v);
	}
	*rngp = rng;
}

static off_t file_size(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 ? st.st_size : 0;
}

static result run(fo_core *core, int cols, int rows, size_t nveh, const char *filter, int sort_col,
                  const char *what)
{
	result r = {.cols = cols, .rows = rows, .vehicles = nveh, .what = what};
	char path[] = "/tmp/fo-bench-tty.XXXXXX";
	int fd = mkstemp(path);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	FILE *in = fopen("/dev/null", "r");
	if (!out || !in) {
		perror("bench: temp terminal");
		exit(1);
	}
	unlink(path);
	SCREEN *scr = newterm("xterm-256color", out, in);
	if (!scr) {
		fprintf(stderr, "bench: newterm failed (terminfo xterm-256color?)\n");
		exit(1);
	}
	set_term(scr);
	resizeterm(rows, cols);
	char err[256];
	tui *t = tui_create(core, scr, err, sizeof err);
	if (!t) {
		fprintf(stderr, "bench: %s\n", err);
		exit(1);
	}
	t->out_fd = -1;
	tui_layout(t, rows, cols);
	tui_level *lv = tui_cur_level(t);
	if (!lv || !lv->vs) {
		fprintf(stderr, "bench: no fleet.vehicles view\n");
		exit(1);
	}
	if (filter)
		fo_viewstate_set_filter(lv->vs, filter, err, sizeof err);
	if (sort_col >= 0)
		fo_viewstate_set_sort(lv->vs, sort_col, false);
	uint32_t rng = 777;
	for (int i = 0; i < 3; i++) { /* first paint */
		change_visible(t, nveh, &rng);
		tui_frame(t);
	}
	fflush(out);
	double us[FRAMES], reidx_sum = 0;
	int reidx_n = 0;
	double bytes_sum = 0;
	uint64_t start_idx_gen = 0;
	(void)start_idx_gen;
	for (int f = 0; f < FRAMES; f++) {
		change_visible(t, nveh, &rng);
		off_t before = file_size(fd);
		/* Frames are 250 ms apart at 4 Hz: let the re-index interval see
		 * that time pass by re-indexing every 4th frame (reindex_ms 1000). */
		bool reindex = f % 4 == 0;
		fo_viewstate_set_reindex_interval(lv->vs, reindex ? 0 : 1000000);
		double t0 = now_us();
		tui_frame(t);
		double dt = now_us() - t0;
		fflush(out);
		double b = (double)(file_size(fd) - before);
		bytes_sum += b;
		if (b > r.bytes_max)
			r.bytes_max = b;
		us[f] = dt;
		if (reindex) {
			/* The console finishes a re-index in slices between frames
			 * (an idle handler); do the same and time them. */
			double r0 = now_us();
			int slices = 1; /* the frame ran the first one */
			while (t->reindex_pending) {
				double s0 = now_us();
				tui_reindex_slice(t);
				double sd = now_us() - s0;
				if (sd > r.slice_max_us)
					r.slice_max_us = sd;
				slices++;
			}
			reidx_sum += dt + (now_us() - r0);
			r.slices += slices;
			reidx_n++;
		}
		t->skip = 0; /* no dropped frames in the bench */
	}
	qsort(us, FRAMES, sizeof us[0], cmp_double);
	r.bytes_mean = bytes_sum / FRAMES;
	r.us_median = us[FRAMES / 2];
	r.us_p95 = us[FRAMES * 95 / 100];
	r.us_max = us[FRAMES - 1];
	r.reindex_us = reidx_n ? reidx_sum / reidx_n : 0;
	r.slices = reidx_n ? r.slices / reidx_n : 0;
	tui_destroy(t);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return r;
}

static void print(FILE *f, const result *r, bool md)
{
	if (md)
		fprintf(f,
		        "| %dx%d | %zu | %s | %.0f | %.0f | %.3f | %.3f | %.3f | %.1f in %.0f "
		        "slices, longest %.3f |\n",
		        r->cols, r->rows, r->vehicles, r->what, r->bytes_mean, r->bytes_max,
		        r->us_median / 1000, r->us_p95 / 1000, r->us_max / 1000,
		        r->reindex_us / 1000, r->slices, r->slice_max_us / 1000);
	else
		fprintf(f,
		        "%3dx%-3d %7zu vehicles %-28s bytes/frame mean %6.0f max %6.0f | "
		        "frame ms median %.3f p95 %.3f max %.3f | re-index ms %.1f in %.0f slices, "
		        "longest %.3f\n",
		        r->cols, r->rows, r->vehicles, r->what, r->bytes_mean, r->bytes_max,
		        r->us_median / 1000, r->us_p95 / 1000, r->us_max / 1000,
		        r->reindex_us / 1000, r->slices, r->slice_max_us / 1000);
}

#define SECTION "## TUI redraw (issue 2)"

int main(int argc, char **argv)
{
	const char *md = NULL;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--md") == 0 && i + 1 < argc)
			md = argv[++i];
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	fo_config *cfg = fo_config_new();
	char err[256];
	fo_config_set(cfg, "plugin_path", "/nonexistent", FO_SRC_FLAG, err, sizeof err);
	fo_config_set(cfg, "log_file", "/dev/null", FO_SRC_FLAG, err, sizeof err);
	fo_config_set(cfg, "color", "256", FO_SRC_FLAG, err, sizeof err);
	fo_config_set(cfg, "history_file", "/dev/null", FO_SRC_FLAG, err, sizeof err);
	fo_core *core = fo_core_new(cfg, err, sizeof err);
	if (!core) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	fo_core_start(core);
	const fo_view_spec *vs = fo_views_find(core->views, "fleet.vehicles");
	int batt = vs ? fo_view_column_index(vs, "battery") : -1;

	result res[4];
	fill_model(core, 10000);
	res[0] = run(core, 80, 24, 10000, NULL, -1, "natural order");
	res[1] = run(core, 200, 50, 10000, NULL, -1, "natural order");
	fill_model(core, 100000);
	res[2] = run(core, 80, 24, 100000, "fleet-[12]", batt, "filter fleet-[12], sort battery");
	res[3] = run(core, 200, 50, 100000, "fleet-[12]", batt, "filter fleet-[12], sort battery");

	char mach[256];
	bench_machine(mach, sizeof mach);
	printf(
	    "TUI redraw benchmark (%d frames each; ~10%% of the visible rows change per frame)\n",
	    FRAMES);
	printf("machine: %s\n", mach);
	for (int i = 0; i < 4; i++)
		print(stdout, &res[i], false);
	printf(
	    "targets: <= 200 bytes/frame at 200x50; <= 2 ms frame build with 100,000 vehicles\n");
	printf("  200x50 10k bytes/frame: %.0f -> %s\n", res[1].bytes_mean,
	       res[1].bytes_mean <= 200 ? "met" : "NOT met");
	printf("  200x50 100k frame p95: %.3f ms, max %.3f ms -> %s\n", res[3].us_p95 / 1000,
	       res[3].us_max / 1000, res[3].us_p95 <= 2000 ? "met" : "NOT met");

	if (md) {
		char *text = NULL;
		size_t tlen = 0;
		FILE *f = open_memstream(&text, &tlen);
		if (!f)
			abort();
		fprintf(f, SECTION "\n\n");
		fprintf(f,
		        "Command: `make bench` (program `build/bench/bench_tui`; "
		        "`build/bench/bench_tui --md BENCHMARKS.md` rewrites this section). "
		        "Machine: %s.\n\n",
		        mach);
		fprintf(f,
		        "Each run draws %d frames of the Overview pane (view `fleet.vehicles`) "
		        "on an xterm-256color terminal whose output goes to a file; before each "
		        "frame about 10%% of the visible rows change (battery and position). "
		        "Bytes are what ncurses wrote to the terminal for the frame; frame time "
		        "is tui_frame() (data refresh, drawing the dirty windows, one doupdate). "
		        "Every 4th frame re-indexes (filter + sort of all rows, in the core's "
		        "view state), as at 4 Hz with reindex_ms = 1000; the others reuse the "
		        "index. The status line's counts by state are taken at most once a "
		        "second.\n\n",
		        FRAMES);
		fprintf(f,
		        "| size | vehicles | view | bytes/frame mean | bytes/frame max | "
		        "frame ms median | frame ms p95 | frame ms max | re-index ms (mean) |\n");
		fprintf(f, "|---|---|---|---|---|---|---|---|---|\n");
		for (int i = 0; i < 4; i++)
			print(f, &res[i], true);
		fprintf(
		    f, "\nA re-index (filter and sort of every row, core/view/viewstate.c) runs in "
		       "slices of about 1 ms: the first inside the frame, the rest between "
		       "frames from an idle handler, so keys and frames never wait for a whole "
		       "re-index; the previous order stays on screen until the new one is "
		       "complete.\n\n");
		fprintf(f,
		        "Targets: at most 200 bytes per frame at 200x50 with 10,000 vehicles: "
		        "**%s** (%.0f). Frame build at most 2 ms with 100,000 vehicles sorted "
		        "and filtered: **%s** (p95 %.3f ms, max %.3f ms). The whole re-index of "
		        "100,000 rows costs %.0f ms of CPU, at most once per reindex_ms (1 s).\n",
		        res[1].bytes_mean <= 200 ? "met" : "not met", res[1].bytes_mean,
		        res[3].us_p95 <= 2000 ? "met" : "not met", res[3].us_p95 / 1000,
		        res[3].us_max / 1000, res[3].reindex_us / 1000);
		fclose(f);
		bench_md_section(md, SECTION, text);
		free(text);
	}
	fo_core_free(core);
	return 0;
}
