/* forecast_cli.c — the backtest of plugins/analytics/an_forecast.c from the
 * command line, for tests/analytics/statsmodels_compare.sh:
 *
 *   forecast_cli [--season M] [--horizon H] [--level L] [--min-train N]
 *                [--refit K] [--trend none|add|damped] [--naive seasonal|last]
 *                [--counts] < series
 *
 * The series: one value per line, or CSV whose last field is the value;
 * blank lines and lines starting with # are skipped, so is a first line
 * that is not a number (a header); an empty field, "nan" or "NA" is a gap.
 * Defaults: season 24, horizon 24, level 0.8, min-train half the series,
 * refit 1, trend none, naive seasonal.  Prints one JSON object (NAN as
 * null); exit 0, or 2 on bad input with the reason on stderr. */
#include "../../plugins/analytics/an_forecast.h"

#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void num(const char *key, double v, const char *sep)
{
	if (isfinite(v))
		printf("\"%s\":%.10g%s", key, v, sep);
	else
		printf("\"%s\":null%s", key, sep);
}

static void print_stat(const an_bt_stat *s)
{
	printf("\"n\":%zu,", s->n);
	num("mae", s->mae, ",");
	num("naive_mae", s->naive_mae, ",");
	num("mase", s->mase, ",");
	num("coverage", s->coverage, "");
}

/* The value of one line: true with *v set (NAN for a gap), false when the
 * line is not a number. */
static bool parse_line(char *line, double *v)
{
	char *field = strrchr(line, ',');
	field = field ? field + 1 : line;
	while (isspace((unsigned char)*field))
		field++;
	char *end = field + strlen(field);
	while (end > field && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (!*field || !strcasecmp(field, "nan") || !strcasecmp(field, "na")) {
		*v = NAN;
		return true;
	}
	char *rest;
	*v = strtod(field, &rest);
	return *rest == '\0' && rest != field;
}

/* Reads the series from f into a growing array: its length, or -1. */
static long read_series(FILE *f, double **out)
{
	size_t n = 0, cap = 1024, lineno = 0;
	double *y = malloc(cap * sizeof *y);
	char line[256];
	if (!y)
		abort();
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		double v;
		if (!parse_line(p, &v)) {
			if (lineno == 1)
				continue; /* a header */
			fprintf(stderr, "forecast_cli: line %zu is not a number\n", lineno);
			free(y);
			return -1;
		}
		if (n == cap) {
			cap *= 2;
			y = realloc(y, cap * sizeof *y);
			if (!y)
				abort();
		}
		y[n++] = v;
	}
	*out = y;
	return (long)n;
}

static int usage(void)
{
	fprintf(stderr, "usage: forecast_cli [--season M] [--horizon H] [--level L] "
	                "[--min-train N] [--refit K] [--trend none|add|damped] "
	                "[--naive seasonal|last] [--counts] < series\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"season", required_argument, NULL, 'm'},
	    {"horizon", required_argument, NULL, 'H'},
	    {"level", required_argument, NULL, 'l'},
	    {"min-train", required_argument, NULL, 't'},
	    {"refit", required_argument, NULL, 'k'},
	    {"trend", required_argument, NULL, 'T'},
	    {"naive", required_argument, NULL, 'n'},
	    {"counts", no_argument, NULL, 'z'},
	    {NULL, 0, NULL, 0},
	};
	an_bt_opts o = {.spec = {.season = 24, .trend = AN_TREND_NONE, .level = 0.8},
	                .horizon = 24,
	                .refit_every = 1,
	                .naive = AN_NAIVE_SEASONAL};
	long min_train = -1;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			o.spec.season = strtoul(optarg, NULL, 10);
			break;
		case 'H':
			o.horizon = strtoul(optarg, NULL, 10);
			break;
		case 'l':
			o.spec.level = strtod(optarg, NULL);
			break;
		case 't':
			min_train = strtol(optarg, NULL, 10);
			break;
		case 'k':
			o.refit_every = strtoul(optarg, NULL, 10);
			break;
		case 'T':
			if (!strcmp(optarg, "none"))
				o.spec.trend = AN_TREND_NONE;
			else if (!strcmp(optarg, "add"))
				o.spec.trend = AN_TREND_ADD;
			else if (!strcmp(optarg, "damped"))
				o.spec.trend = AN_TREND_DAMPED;
			else
				return usage();
			break;
		case 'n':
			if (!strcmp(optarg, "seasonal"))
				o.naive = AN_NAIVE_SEASONAL;
			else if (!strcmp(optarg, "last"))
				o.naive = AN_NAIVE_LAST;
			else
				return usage();
			break;
		case 'z':
			o.spec.counts = true;
			break;
		default:
			return usage();
		}
	}
	if (optind != argc)
		return usage();
	double *y;
	long n = read_series(stdin, &y);
	if (n < 0)
		return 2;
	o.min_train = min_train >= 0 ? (size_t)min_train : (size_t)n / 2;

	an_backtest bt;
	char err[256] = "";
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	an_fc_status st = an_fc_backtest(y, (size_t)n, &o, &bt, err, sizeof err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (st != AN_FC_OK) {
		fprintf(stderr, "forecast_cli: %s: %s\n", an_fc_status_name(st), err);
		an_backtest_free(&bt);
		free(y);
		return 2;
	}
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	size_t gaps = 0;
	for (long i = 0; i < n; i++)
		gaps += isnan(y[i]);

	/* the model name is ours (no quotes or backslashes): printed as is */
	printf("{\"model\":\"%s\",\"series_n\":%ld,\"gaps\":%zu,\"season\":%zu,", bt.model, n, gaps,
	       o.spec.season);
	static const char *trends[] = {"none", "add", "damped"};
	printf("\"trend\":\"%s\",\"horizon\":%zu,", trends[o.spec.trend], o.horizon);
	num("level", o.spec.level, ",");
	printf("\"min_train\":%zu,\"refit_every\":%zu,\"naive\":\"%s\",\"counts\":%s,", o.min_train,
	       o.refit_every, o.naive == AN_NAIVE_LAST ? "last" : "seasonal",
	       o.spec.counts ? "true" : "false");
	printf("\"origins\":%zu,\"fits\":%zu,\"params\":{", bt.origins, bt.fits);
	num("alpha", bt.last.alpha, ",");
	num("beta", bt.last.beta, ",");
	num("gamma", bt.last.gamma, ",");
	num("phi", bt.last.phi, "},");
	num("seconds", secs, ",");
	printf("\"overall\":{");
	print_stat(&bt.overall);
	printf("},\"per_horizon\":[");
	for (size_t h = 0; h < bt.H; h++) {
		printf("%s{\"h\":%zu,", h ? "," : "", h + 1);
		print_stat(&bt.per_h[h]);
		printf("}");
	}
	printf("]}\n");
	an_backtest_free(&bt);
	free(y);
	return 0;
}
