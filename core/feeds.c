/* feeds.c — status of the live feeds: connection and since when, messages
 * per second over a sliding 10 s window, accepted, rejects by reason and by
 * vehicle, last error.  Shown as the "feeds.status" view, `feeds status`,
 * `feeds watch` and a one-line summary for status bars.
 *
 * Counting runs once per inbound message, so it is a few compares and
 * increments: reasons and vehicles are small fixed tables, the rate a ring
 * of one-second buckets. */
#include "feeds.h"

#include "core.h"
#include "view_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FEED_NAME_LEN 32
#define FEED_WINDOW_S 10
#define FEED_MAX_REASONS 12  /* then "other" */
#define FEED_MAX_VEHICLES 32 /* then "(others)" */

typedef struct {
	char name[24];
	uint64_t n;
} feed_reason;

typedef struct {
	char id[64];
	uint64_t n;
} feed_vehicle;

typedef enum { FEED_CONNECTING, FEED_UP, FEED_DOWN } feed_state;

struct fo_feed {
	fo_core *core;
	char name[FEED_NAME_LEN];
	feed_state state;
	uint64_t since_wall; /* wall ms of the last state change */
	uint64_t born_ms;    /* loop ms at registration */
	uint64_t accepted, rejected;
	uint64_t first_ms, last_ms; /* wall ms of the first and last message */
	uint64_t bucket_sec[FEED_WINDOW_S];
	uint32_t bucket_n[FEED_WINDOW_S];
	feed_reason reasons[FEED_MAX_REASONS + 1];
	size_t nreasons;
	feed_vehicle vehicles[FEED_MAX_VEHICLES + 1];
	size_t nvehicles;
	char error[160];
	uint64_t error_wall;
};

struct fo_feeds {
	fo_feed **items;
	size_t n, cap;
	uint64_t gen;
};

fo_feeds *fo_feeds_new(void)
{
	fo_feeds *fs = calloc(1, sizeof *fs);
	if (!fs)
		abort();
	fs->gen = 1;
	return fs;
}

void fo_feeds_free(fo_feeds *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->n; i++)
		free(fs->items[i]);
	free(fs->items);
	free(fs);
}

/* ---------------------------------------------------------------- public API */

fo_feed *fo_feed_register(fo_core *core, const char *name)
{
	if (!core || !core->feeds || !name || !*name)
		return NULL;
	fo_feeds *fs = core->feeds;
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->items[i]->name, name) == 0)
			return fs->items[i];
	fs->items = fo_grow(fs->items, &fs->cap, fs->n + 1, sizeof *fs->items, 4);
	fo_feed *f = calloc(1, sizeof *f);
	if (!f)
		abort();
	f->core = core;
	snprintf(f->name, sizeof f->name, "%s", name);
	f->state = FEED_CONNECTING;
	f->since_wall = fo_wall_ms();
	f->born_ms = fo_now_ms(core);
	fs->items[fs->n++] = f;
	fs->gen++;
	return f;
}

static void set_error(fo_feed *f, const char *error)
{
	if (!error || !*error)
		return;
	snprintf(f->error, sizeof f->error, "%s", error);
	f->error_wall = fo_wall_ms();
}

void fo_feed_set_connected(fo_feed *f, bool connected, const char *error)
{
	if (!f)
		return;
	feed_state s = connected ? FEED_UP : FEED_DOWN;
	if (s != f->state) {
		f->state = s;
		f->since_wall = fo_wall_ms();
	}
	set_error(f, error);
	f->core->feeds->gen++;
}

void fo_feed_set_error(fo_feed *f, const char *error)
{
	if (!f)
		return;
	set_error(f, error);
	f->core->feeds->gen++;
}

static void count_reason(fo_feed *f, const char *reason)
{
	if (!reason || !*reason)
		reason = "unknown";
	size_t i = 0;
	for (; i < f->nreasons; i++)
		if (strcmp(f->reasons[i].name, reason) == 0)
			break;
	if (i == f->nreasons) {
		if (f->nreasons < FEED_MAX_REASONS) {
			snprintf(f->reasons[i].name, sizeof f->reasons[i].name, "%s", reason);
			f->nreasons++;
		} else {
			i = FEED_MAX_REASONS; /* the overflow slot */
			snprintf(f->reasons[i].name, sizeof f->reasons[i].name, "other");
		}
	}
	f->reasons[i].n++;
}

static void count_vehicle(fo_feed *f, const char *vehicle)
{
	if (!vehicle || !*vehicle)
		vehicle = "(unknown)";
	size_t i = 0;
	for (; i < f->nvehicles; i++)
		if (strcmp(f->vehicles[i].id, vehicle) == 0)
			break;
	if (i == f->nvehicles) {
		if (f->nvehicles < FEED_MAX_VEHICLES) {
			snprintf(f->vehicles[i].id, sizeof f->vehicles[i].id, "%s", vehicle);
			f->nvehicles++;
		} else {
			i = FEED_MAX_VEHICLES;
			snprintf(f->vehicles[i].id, sizeof f->vehicles[i].id, "(others)");
		}
	}
	f->vehicles[i].n++;
}

void fo_feed_count(fo_feed *f, bool accepted, const char *reason, const char *vehicle)
{
	if (!f)
		return;
	uint64_t sec = fo_now_ms(f->core) / 1000;
	size_t b = (size_t)(sec % FEED_WINDOW_S);
	if (f->bucket_sec[b] != sec) {
		f->bucket_sec[b] = sec;
		f->bucket_n[b] = 0;
	}
	f->bucket_n[b]++;
	uint64_t wall = fo_wall_ms();
	if (!f->first_ms)
		f->first_ms = wall;
	f->last_ms = wall;
	if (accepted) {
		f->accepted++;
	} else {
		f->rejected++;
		count_reason(f, reason);
		count_vehicle(f, vehicle);
	}
	f->core->feeds->gen++;
}

/* Messages per second over the last 10 s (less while the feed is young). */
static double feed_rate(const fo_feed *f)
{
	uint64_t now = fo_now_ms(f->core);
	uint64_t sec = now / 1000;
	uint64_t sum = 0;
	for (size_t i = 0; i < FEED_WINDOW_S; i++)
		if (f->bucket_sec[i] + FEED_WINDOW_S > sec && f->bucket_sec[i] <= sec)
			sum += f->bucket_n[i];
	uint64_t span = (FEED_WINDOW_S - 1) * 1000 + now % 1000;
	if (now - f->born_ms < span)
		span = now - f->born_ms;
	if (span < 1000)
		span = 1000;
	return (double)sum * 1000.0 / (double)span;
}

static const char *state_name(feed_state s)
{
	return s == FEED_UP ? "up" : s == FEED_DOWN ? "DOWN" : "connecting";
}

static const feed_reason *top_reason(const fo_feed *f)
{
	const feed_reason *top = NULL;
	for (size_t i = 0; i <= FEED_MAX_REASONS; i++)
		if (f->reasons[i].n && (!top || f->reasons[i].n > top->n))
			top = &f->reasons[i];
	return top;
}

static void format_rate(double r, char *buf, size_t len)
{
	if (r >= 1e6)
		snprintf(buf, len, "%.1fM", r / 1e6);
	else if (r >= 1e3)
		snprintf(buf, len, "%.1fk", r / 1e3);
	else
		snprintf(buf, len, "%.0f", r);
}

size_t fo_feeds_summary(fo_core *core, char *buf, size_t len)
{
	if (!len)
		return 0;
	buf[0] = '\0';
	if (!core || !core->feeds)
		return 0;
	size_t n = 0;
	for (size_t i = 0; i < core->feeds->n && n < len; i++) {
		const fo_feed *f = core->feeds->items[i];
		char rate[16];
		int w;
		if (f->state == FEED_UP) {
			format_rate(feed_rate(f), rate, sizeof rate);
			w = snprintf(buf + n, len - n, "%s%s up %s msg/s", n ? "  " : "", f->name,
			             rate);
		} else {
			w = snprintf(buf + n, len - n, "%s%s %s", n ? "  " : "", f->name,
			             state_name(f->state));
		}
		if (w < 0)
			break;
		n += (size_t)w;
	}
	return n < len ? n : len - 1;
}

/* ---------------------------------------------------------------- the view */

enum { FC_NAME, FC_STATE, FC_SINCE, FC_RATE, FC_ACCEPTED, FC_REJECTED, FC_TOP, FC_ERROR, FC__N };

static const fo_column feed_cols[FC__N] = {
    [FC_NAME] = {"name", "Feed", FO_COL_TEXT, 8, false, NULL},
    [FC_STATE] = {"state", "State", FO_COL_TEXT, 10, false, NULL},
    [FC_SINCE] = {"since", "Since", FO_COL_TEXT, 20, false, NULL},
    [FC_RATE] = {"rate", "Msg/s", FO_COL_NUM, 8, false, "msg/s"},
    [FC_ACCEPTED] = {"accepted", "Accepted", FO_COL_NUM, 9, false, NULL},
    [FC_REJECTED] = {"rejected", "Rejected", FO_COL_NUM, 9, false, NULL},
    [FC_TOP] = {"top_reject", "Top reject", FO_COL_TEXT, 16, false, NULL},
    [FC_ERROR] = {"last_error", "Last error", FO_COL_TEXT, 32, false, NULL},
};

static size_t feed_rows(fo_core *core, void *ud)
{
	(void)core;
	return ((fo_feeds *)ud)->n;
}

static void iso_seconds(uint64_t wall_ms, char *buf, size_t len)
{
	char iso[32];
	fo_iso_time(wall_ms, iso, sizeof iso);
	/* drop the milliseconds: "2026-11-26T21:55:39Z" */
	char *dot = strchr(iso, '.');
	if (dot)
		snprintf(dot, sizeof iso - (size_t)(dot - iso), "Z");
	snprintf(buf, len, "%s", iso);
}

static void feed_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *out)
{
	(void)core;
	fo_feeds *fs = ud;
	if (row >= fs->n)
		return;
	const fo_feed *f = fs->items[row];
	char buf[48];
	switch (col) {
	case FC_NAME:
		fo_cell_text(out, "%s", f->name);
		break;
	case FC_STATE:
		fo_cell_text(out, "%s", state_name(f->state));
		out->style = f->state == FEED_UP     ? FO_STYLE_OK
		             : f->state == FEED_DOWN ? FO_STYLE_ERROR
		                                     : FO_STYLE_WARN;
		break;
	case FC_SINCE:
		iso_seconds(f->since_wall, buf, sizeof buf);
		fo_cell_text(out, "%s", buf);
		out->num = (double)f->since_wall;
		out->is_num = true;
		break;
	case FC_RATE:
		fo_cell_num(out, feed_rate(f), 0);
		break;
	case FC_ACCEPTED:
		fo_cell_num(out, (double)f->accepted, 0);
		break;
	case FC_REJECTED:
		fo_cell_num(out, (double)f->rejected, 0);
		if (f->rejected)
			out->style = FO_STYLE_WARN;
		break;
	case FC_TOP: {
		const feed_reason *r = top_reason(f);
		if (r)
			fo_cell_text(out, "%s (%llu)", r->name, (unsigned long long)r->n);
		break;
	}
	case FC_ERROR:
		fo_cell_text(out, "%s", f->error);
		if (*f->error && f->state != FEED_UP)
			out->style = FO_STYLE_ERROR;
		break;
	default:
		break;
	}
}

static void feed_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	(void)core;
	fo_feeds *fs = ud;
	snprintf(buf, len, "%s", row < fs->n ? fs->items[row]->name : "");
}

static uint64_t feed_gen(fo_core *core, void *ud)
{
	(void)core;
	/* the rate moves with the clock even when nothing arrives */
	return ((fo_feeds *)ud)->gen + fo_now_ms(core) / 1000;
}

static fo_feed *feed_find(fo_feeds *fs, const char *name)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->items[i]->name, name) == 0)
			return fs->items[i];
	return NULL;
}

/* Reasons or vehicles, largest first, into the detail. */
static void detail_counts(fo_detail *d, const char *title, const char *const *names,
                          const uint64_t *counts, size_t n)
{
	fo_detail_section(d, title);
	bool used[FEED_MAX_VEHICLES + 1] = {0};
	size_t shown = 0;
	for (;;) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < n; i++)
			if (!used[i] && counts[i] && (best == SIZE_MAX || counts[i] > counts[best]))
				best = i;
		if (best == SIZE_MAX)
			break;
		used[best] = true;
		fo_detail_field(d, names[best], FO_STYLE_WARN, "%llu",
		                (unsigned long long)counts[best]);
		shown++;
	}
	if (!shown)
		fo_detail_text(d, FO_STYLE_DIM, "none");
}

static fo_status feed_detail(fo_core *core, void *ud, const char *key, fo_detail *d)
{
	(void)core;
	fo_feed *f = feed_find(ud, key);
	if (!f)
		return FO_ERR;
	char buf[48];
	fo_detail_title(d, "Feed %s", f->name);
	fo_detail_section(d, "Connection");
	fo_detail_field(d, "State",
	                f->state == FEED_UP     ? FO_STYLE_OK
	                : f->state == FEED_DOWN ? FO_STYLE_ERROR
	                                        : FO_STYLE_WARN,
	                "%s", state_name(f->state));
	iso_seconds(f->since_wall, buf, sizeof buf);
	fo_detail_field(d, "Since", FO_STYLE_NORMAL, "%s", buf);
	if (*f->error) {
		iso_seconds(f->error_wall, buf, sizeof buf);
		fo_detail_field(d, "Last error", FO_STYLE_ERROR, "%s (%s)", f->error, buf);
	} else {
		fo_detail_field(d, "Last error", FO_STYLE_DIM, "none");
	}
	fo_detail_section(d, "Messages");
	fo_detail_field(d, "Rate", FO_STYLE_NORMAL, "%.1f msg/s (10 s window)", feed_rate(f));
	fo_detail_field(d, "Accepted", FO_STYLE_NORMAL, "%llu", (unsigned long long)f->accepted);
	fo_detail_field(d, "Rejected", f->rejected ? FO_STYLE_WARN : FO_STYLE_NORMAL, "%llu",
	                (unsigned long long)f->rejected);
	const char *names[FEED_MAX_VEHICLES + 1];
	uint64_t counts[FEED_MAX_VEHICLES + 1];
	for (size_t i = 0; i <= FEED_MAX_REASONS; i++) {
		names[i] = f->reasons[i].name;
		counts[i] = f->reasons[i].n;
	}
	detail_counts(d, "Rejects by reason", names, counts, FEED_MAX_REASONS + 1);
	for (size_t i = 0; i <= FEED_MAX_VEHICLES; i++) {
		names[i] = f->vehicles[i].id;
		counts[i] = f->vehicles[i].n;
	}
	detail_counts(d, "Rejects by vehicle", names, counts, FEED_MAX_VEHICLES + 1);
	return FO_OK;
}

/* ---------------------------------------------------------------- commands */

/* The table, then one line per feed with its rejects and timing, in a form
 * scripts can grep: "feed NAME reject REASON N", "feed NAME vehicle ID N". */
static const fo_view_spec feeds_view;

static void print_status(fo_core *core, fo_out *out)
{
	fo_feeds *fs = core->feeds;
	if (!fs->n) {
		fo_out_printf(out, "no feeds: start with --mqtt URL (or --redis URL)\n");
		return;
	}
	fo_viewstate *vs = fo_viewstate_new(core, &feeds_view);
	fo_viewstate_refresh(vs, fo_now_ms(core));
	fo_view_text_table(vs, out, 0);
	fo_viewstate_free(vs);
	for (size_t i = 0; i < fs->n; i++) {
		const fo_feed *f = fs->items[i];
		double span =
		    f->last_ms > f->first_ms ? (double)(f->last_ms - f->first_ms) / 1e3 : 0;
		fo_out_printf(
		    out, "feed %s messages %llu accepted %llu rejected %llu span %.3f s\n", f->name,
		    (unsigned long long)(f->accepted + f->rejected),
		    (unsigned long long)f->accepted, (unsigned long long)f->rejected, span);
		for (size_t k = 0; k <= FEED_MAX_REASONS; k++)
			if (f->reasons[k].n)
				fo_out_printf(out, "feed %s reject %s %llu\n", f->name,
				              f->reasons[k].name,
				              (unsigned long long)f->reasons[k].n);
		for (size_t k = 0; k <= FEED_MAX_VEHICLES; k++)
			if (f->vehicles[k].n)
				fo_out_printf(out, "feed %s vehicle %s %llu\n", f->name,
				              f->vehicles[k].id,
				              (unsigned long long)f->vehicles[k].n);
	}
}

static fo_status cmd_status(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)a;
	(void)ud;
	print_status(core, out);
	return FO_OK;
}

static void stop_watch(fo_core *core, void *ud)
{
	(void)ud;
	fo_core_stop(core);
}

/* Runs ';'-separated command lines in order; each one's output, and its
 * error as "error: ...", goes to out.  Returns the first failure. */
static fo_status run_lines(fo_core *core, const char *lines, fo_out *out)
{
	fo_status worst = FO_OK;
	size_t len = strlen(lines);
	char *copy = malloc(len + 1);
	if (!copy)
		abort();
	memcpy(copy, lines, len + 1);
	char *save = NULL;
	for (char *line = strtok_r(copy, ";", &save); line; line = strtok_r(NULL, ";", &save)) {
		while (*line == ' ')
			line++;
		if (!*line)
			continue;
		fo_out *o = fo_out_new();
		fo_status st = fo_registry_run_line(core, line, o);
		fo_out_printf(out, "%s", fo_out_text(o));
		if (st != FO_OK) {
			fo_out_printf(out, "error: %s\n", fo_out_err(o));
			if (worst == FO_OK)
				worst = st;
		}
		fo_out_free(o);
	}
	free(copy);
	return worst;
}

typedef struct {
	const char *lines;
	fo_status status;
} watch_do;

static void do_fire(fo_core *core, void *ud)
{
	watch_do *w = ud;
	fo_out *o = fo_out_new();
	w->status = run_lines(core, w->lines, o);
	fputs(fo_out_text(o), stdout);
	fflush(stdout);
	fo_out_free(o);
}

/* The CLI runs one command and exits without running the loop; this one
 * runs it for a while so the feeds can connect and deliver (optionally
 * running commands at a given second meanwhile), then prints their status
 * and the output of the --then commands. */
static fo_status cmd_watch(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	if (fo_core_has_frontend(core)) {
		fo_out_error(out, "feeds watch runs from the shell (fleetops feeds watch)");
		return FO_ERR;
	}
	long secs = fo_args_int(a, "seconds", 5);
	double at = fo_args_double(a, "at", 0);
	if (secs < 0 || at < 0) {
		fo_out_error(out, "feeds watch: --seconds and --at must be 0 or more");
		return FO_EUSAGE;
	}
	watch_do w = {.lines = fo_args_str(a, "do", NULL), .status = FO_OK};
	if (w.lines && *w.lines)
		fo_timer_start(core, (uint64_t)(at * 1000), 0, do_fire, &w);
	fo_timer_start(core, (uint64_t)secs * 1000, 0, stop_watch, NULL);
	fo_core_run(core);
	print_status(core, out);
	const char *then = fo_args_str(a, "then", NULL);
	fo_status st = w.status;
	if (then && *then) {
		fo_out_printf(out, "\n");
		fo_status st2 = run_lines(core, then, out);
		if (st == FO_OK)
			st = st2;
	}
	if (st != FO_OK)
		fo_out_error(out, "feeds watch: a command failed (see its error above)");
	return st;
}

static const fo_arg_spec watch_args[] = {
    {"seconds", FO_ARG_INT, false, NULL, "run the feeds this long (default 5)"},
    {"then", FO_ARG_STRING, false, NULL,
     "';'-separated command lines to run afterwards, e.g. 'vehicle list'"},
    {"at", FO_ARG_DOUBLE, false, NULL, "second at which --do runs (default 0)"},
    {"do", FO_ARG_STRING, false, NULL, "';'-separated command lines to run meanwhile"},
};

static const fo_view_spec feeds_view = {
    .name = "feeds.status",
    .title = "Feeds",
    .summary = "live feeds: connection, messages per second, rejects by reason, last error",
    .cols = feed_cols,
    .ncols = FC__N,
    .row_count = feed_rows,
    .cell = feed_cell,
    .row_key = feed_key,
    .generation = feed_gen,
    .detail = feed_detail,
    .empty_text = "no live feeds: start with --mqtt URL for VDA 5050 vehicles",
};

static const fo_cmd_spec feeds_cmds[] = {
    {"feeds", "status", "status of the live feeds", NULL, 0, FO_CMD_READONLY_SAFE, cmd_status},
    {"feeds", "watch", "run the feeds for a while, then print their status", watch_args,
     FO_NELEM(watch_args), FO_CMD_READONLY_SAFE, cmd_watch},
};

void fo_feeds_register_builtin(fo_core *core)
{
	char err[256];
	if (fo_views_add(core->views, &feeds_view, core->feeds, -1, err, sizeof err) != 0)
		fo_log(core, FO_LOG_ERROR, "feeds: %s", err);
	for (size_t i = 0; i < FO_NELEM(feeds_cmds); i++)
		if (fo_registry_add(core->registry, &feeds_cmds[i], NULL, -1, err, sizeof err) != 0)
			fo_log(core, FO_LOG_ERROR, "feeds: %s", err);
}
