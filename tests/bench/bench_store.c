/* bench_store.c — store benchmark (prints figures; not a pass/fail test):
 * batched metric rows per second (fo_store_append_samples, batches of 5,000
 * rows, analytics.samples) and single-record commit latency (1,000 inserts
 * into core.fleets, each waited for), through the public asynchronous API,
 * on SQLite (a temporary file) and on PostgreSQL when FO_PG_URL is set.
 *
 * Usage: bench_store [--md FILE]
 *   FILE (e.g. BENCHMARKS.md) gets the results as the section
 *   "## Store (issue 3)": replaced in place when present, else appended. */
#include "core.h"
#include "store.h"

#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { ROWS = 200000, BATCH = 5000, INSERTS = 1000 };

typedef struct {
	const char *label;
	char url[600];
	bool ran;
	char error[400];
	double rows_per_s;
	double p50_ms, p99_ms, mean_ms;
} figures;

/* What the callbacks saw. */
typedef struct {
	size_t done, failed;
	char error[300];
	char id[40];
} tally;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void count(fo_core *core, const fo_store_result *res, void *ud)
{
	(void)core;
	tally *t = ud;
	t->done++;
	if (res->status != FO_STORE_OK) {
		if (!t->failed++)
			snprintf(t->error, sizeof t->error, "%s: %s",
			         fo_store_status_name(res->status), res->error);
		return;
	}
	if (res->nrecords == 1)
		snprintf(t->id, sizeof t->id, "%s", fo_record_id(res->records[0]));
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Inserts one record of table with name=value, waits; the id into t. */
static bool insert_named(fo_store *s, const char *table, const char *tenant, const char *name,
                         tally *t)
{
	fo_record *r = fo_record_new(fo_store_table(table));
	fo_record_set(r, "name", name);
	if (tenant)
		fo_record_set(r, "tenant_id", tenant);
	size_t failed = t->failed;
	fo_store_insert(s, r, count, t);
	fo_record_free(r);
	fo_store_drain(s);
	return t->failed == failed;
}

static void bench(fo_core *core, figures *fg)
{
	char err[256];
	fo_store *s = fo_store_open(core, fg->url, err, sizeof err);
	if (!s) {
		snprintf(fg->error, sizeof fg->error, "%s", err);
		return;
	}
	tally t = {0};
	fo_store_migrate(s, count, &t);
	fo_store_drain(s);
	char tenant[40];
	if (t.failed || !insert_named(s, "core.tenants", NULL, "bench", &t)) {
		snprintf(fg->error, sizeof fg->error, "%s", t.error);
		fo_store_close(s, 60000);
		return;
	}
	snprintf(tenant, sizeof tenant, "%s", t.id);

	/* Batched samples: everything queued at once, then drained, as a
	 * telemetry flush would. */
	fo_sample *v = calloc(ROWS, sizeof *v);
	if (!v)
		abort();
	uint64_t base = fo_wall_ms() - ROWS;
	for (size_t i = 0; i < ROWS; i++) {
		snprintf(v[i].tenant_id, sizeof v[i].tenant_id, "%s", tenant);
		snprintf(v[i].series, sizeof v[i].series, "%s",
		         i % 2 ? "battery_pct" : "speed_mps");
		snprintf(v[i].subject, sizeof v[i].subject, "vehicle-%04zu", i % 1000);
		fo_iso_time(base + i, v[i].ts, sizeof v[i].ts);
		v[i].value = (double)(i % 1000) / 10.0;
	}
	tally ts = {0};
	double t0 = now_s();
	for (size_t off = 0; off < ROWS; off += BATCH)
		fo_store_append_samples(s, v + off, BATCH, count, &ts);
	fo_store_drain(s);
	double secs = now_s() - t0;
	free(v);
	if (ts.failed) {
		snprintf(fg->error, sizeof fg->error, "samples: %s", ts.error);
		fo_store_close(s, 60000);
		return;
	}
	fg->rows_per_s = ROWS / secs;

	/* Single records, each committed and called back before the next. */
	double *lat = calloc(INSERTS, sizeof *lat), sum = 0;
	if (!lat)
		abort();
	tally ti = {0};
	char name[32];
	for (int i = 0; i < INSERTS; i++) {
		snprintf(name, sizeof name, "bench-%d", i);
		double a = now_s();
		if (!insert_named(s, "core.fleets", tenant, name, &ti))
			break;
		lat[i] = (now_s() - a) * 1e3;
		sum += lat[i];
	}
	fo_store_close(s, 60000);
	if (ti.failed) {
		snprintf(fg->error, sizeof fg->error, "inserts: %s", ti.error);
		free(lat);
		return;
	}
	qsort(lat, INSERTS, sizeof *lat, by_value);
	fg->p50_ms = lat[INSERTS / 2];
	fg->p99_ms = lat[INSERTS * 99 / 100];
	fg->mean_ms = sum / INSERTS;
	fg->ran = true;
	free(lat);
}

static void print_row(FILE *f, const figures *fg, bool md)
{
	if (!fg->ran) {
		fprintf(f, md ? "| %s | not run: %s | | | |\n" : "  %-11s not run: %s\n", fg->label,
		        fg->error);
		return;
	}
	if (md)
		fprintf(f, "| %s | %.0f | %.3f | %.3f | %.3f |\n", fg->label, fg->rows_per_s,
		        fg->p50_ms, fg->p99_ms, fg->mean_ms);
	else
		fprintf(f, "  %-11s %12.0f %12.3f %12.3f %12.3f\n", fg->label, fg->rows_per_s,
		        fg->p50_ms, fg->p99_ms, fg->mean_ms);
}

#define SECTION "## Store (issue 3)"

/* The URL without its user and password, for print. */
static void url_for_print(const char *url, char *buf, size_t len)
{
	const char *scheme_end = strstr(url, "://");
	const char *at = scheme_end ? strchr(scheme_end + 3, '@') : NULL;
	if (at)
		snprintf(buf, len, "%.*s%s", (int)(scheme_end + 3 - url), url, at + 1);
	else
		snprintf(buf, len, "%s", url);
}

int main(int argc, char **argv)
{
	const char *md = NULL;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--md") == 0 && i + 1 < argc)
			md = argv[++i];
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	char err[256], plugins[512];
	snprintf(plugins, sizeof plugins, "%s/plugins", build);
	fo_config *cfg = fo_config_new();
	if (fo_config_set(cfg, "plugin_path", plugins, FO_SRC_FLAG, err, sizeof err) ||
	    fo_config_set(cfg, "log_file", "/dev/null", FO_SRC_FLAG, err, sizeof err)) {
		fprintf(stderr, "bench_store: %s\n", err);
		return 1;
	}
	fo_core *core = fo_core_new(cfg, err, sizeof err);
	if (!core) {
		fprintf(stderr, "bench_store: %s\n", err);
		return 1;
	}
	fo_core_start(core);

	char dir[] = "/tmp/fo-bench-store.XXXXXX";
	if (!mkdtemp(dir)) {
		perror("bench_store: temporary directory");
		return 1;
	}
	figures fg[2] = {{.label = "SQLite"}, {.label = "PostgreSQL"}};
	snprintf(fg[0].url, sizeof fg[0].url, "sqlite:%s/bench.db", dir);
	const char *pg = getenv("FO_PG_URL");
	if (pg && *pg)
		snprintf(fg[1].url, sizeof fg[1].url, "%s", pg);
	else
		snprintf(fg[1].error, sizeof fg[1].error, "FO_PG_URL is not set");
	for (int i = 0; i < 2; i++)
		if (fg[i].url[0])
			bench(core, &fg[i]);
	fo_core_free(core);
	char path[600];
	snprintf(path, sizeof path, "%s/bench.db", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/bench.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/bench.db-shm", dir);
	unlink(path);
	rmdir(dir);

	char mach[256], pgwhere[600] = "";
	bench_machine(mach, sizeof mach);
	if (fg[1].url[0])
		url_for_print(fg[1].url, pgwhere, sizeof pgwhere);
	printf("store benchmark: %d sample rows in batches of %d; %d single-record inserts\n", ROWS,
	       BATCH, INSERTS);
	printf("machine: %s\n", mach);
	if (*pgwhere)
		printf("postgresql: %s\n", pgwhere);
	printf("  %-11s %12s %12s %12s %12s\n", "store", "rows/s", "insert p50", "p99 ms",
	       "mean ms");
	for (int i = 0; i < 2; i++)
		print_row(stdout, &fg[i], false);
	for (int i = 0; i < 2; i++)
		if (fg[i].ran)
			printf("  target >= 50,000 rows/s on %s: %s\n", fg[i].label,
			       fg[i].rows_per_s >= 50000 ? "met" : "NOT met");

	if (md) {
		char *text = NULL;
		size_t tlen = 0;
		FILE *f = open_memstream(&text, &tlen);
		if (!f)
			abort();
		fprintf(f, SECTION "\n\n");
		fprintf(f,
		        "Command: `make bench` with FO_PG_URL set for PostgreSQL (program "
		        "`build/bench/bench_store`; `build/bench/bench_store --md BENCHMARKS.md` "
		        "rewrites this section). Machine: %s.\n\n",
		        mach);
		const char *fsync = getenv("FO_PG_FSYNC");
		fprintf(
		    f,
		    "Through the public asynchronous API (core/store/store.c's thread, then the "
		    "backend): %d metric rows into analytics.samples, queued at once as "
		    "fo_store_append_samples calls of %d rows (one transaction each; "
		    "PostgreSQL uses COPY) and drained; then %d records inserted into "
		    "core.fleets one at a time, each waited for (fo_store_insert + "
		    "fo_store_drain: queue, commit, callback on the loop), so the latency is "
		    "what a user's single change costs end to end, audit and notify triggers "
		    "included. SQLite: a file in /tmp, WAL, synchronous=FULL. PostgreSQL 15: "
		    "%s on the same machine, %s%s%s.\n\n",
		    ROWS, BATCH, INSERTS, *pgwhere ? "the server at FO_PG_URL" : "not run",
		    fsync ? "fsync=" : "fsync as that server is configured", fsync ? fsync : "",
		    fsync ? " (FO_PG_FSYNC), synchronous_commit on" : "");
		fprintf(f,
		        "| store | sample rows/s | insert p50 ms | insert p99 ms | insert mean ms "
		        "|\n|---|---|---|---|---|\n");
		for (int i = 0; i < 2; i++)
			print_row(f, &fg[i], true);
		fprintf(f, "\nTarget: at least 50,000 rows/s on each store:");
		const char *sep = " ";
		for (int i = 0; i < 2; i++)
			if (fg[i].ran) {
				fprintf(f, "%s%s **%s** (%.0f)", sep, fg[i].label,
				        fg[i].rows_per_s >= 50000 ? "met" : "NOT met",
				        fg[i].rows_per_s);
				sep = "; ";
			}
		fprintf(f, ".\n");
		fclose(f);
		bench_md_section(md, SECTION, text);
		free(text);
	}
	return 0;
}
