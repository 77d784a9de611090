/* times.c — reading times: ISO 8601 as the stores answer it, and the times
 * an operator types ("30m", "2h", "+90s", "now", an ISO 8601 moment).
 * Declared in fleetops_plugin.h (store helpers), so every plugin reads
 * them the same way.  Writing is fo_iso_time (store/migrate.c). */
#include "fleetops_plugin.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t fo_iso_parse(const char *iso)
{
	if (!iso || !*iso)
		return 0;
	struct tm tm = {0};
	int ms = 0;
	char frac[8] = "";
	if (sscanf(iso, "%d-%d-%d%*1[T ]%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	const char *dot = strchr(iso, '.');
	if (dot && sscanf(dot + 1, "%3[0-9]", frac) == 1) {
		ms = atoi(frac);
		for (size_t n = strlen(frac); n < 3; n++)
			ms *= 10;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	if (t < 0)
		return 0;
	/* PostgreSQL may answer in another zone: "+01" or "+01:00" */
	const char *tz = strlen(iso) > 19 ? iso + 19 : "";
	while (*tz && *tz != 'Z' && *tz != '+' && *tz != '-')
		tz++;
	if (*tz == '+' || *tz == '-') {
		int hh = 0, mm = 0;
		sscanf(tz + 1, "%2d:%2d", &hh, &mm);
		long off = (long)(hh * 3600 + mm * 60);
		t -= *tz == '+' ? off : -off;
	}
	return (uint64_t)t * 1000 + (uint64_t)ms;
}

static bool two_digits(const char *p, int lo, int hi, int *v)
{
	if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
		return false;
	*v = (p[0] - '0') * 10 + (p[1] - '0');
	return *v >= lo && *v <= hi;
}

bool fo_iso_valid(const char *t)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = 0, mo, d, h, mi, sec;
	if (!t)
		return false;
	for (int i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)t[i]))
			return false;
		y = y * 10 + (t[i] - '0');
	}
	if (t[4] != '-' || !two_digits(t + 5, 1, 12, &mo) || t[7] != '-' ||
	    !two_digits(t + 8, 1, mdays[mo - 1], &d) || (t[10] != 'T' && t[10] != ' ') ||
	    !two_digits(t + 11, 0, 23, &h) || t[13] != ':' || !two_digits(t + 14, 0, 59, &mi) ||
	    t[16] != ':' || !two_digits(t + 17, 0, 60, &sec))
		return false;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	const char *p = t + 19;
	if (*p == '.') {
		if (!isdigit((unsigned char)p[1]))
			return false;
		for (p++; isdigit((unsigned char)*p); p++)
			;
	}
	if (*p == 'Z')
		return p[1] == '\0';
	if (*p == '+' || *p == '-') {
		int oh, om;
		if (!two_digits(p + 1, 0, 23, &oh))
			return false;
		return p[3] == '\0' ||
		       (p[3] == ':' && two_digits(p + 4, 0, 59, &om) && p[6] == '\0');
	}
	return *p == '\0';
}

long long fo_span_parse(const char *text)
{
	if (!text || !isdigit((unsigned char)*text))
		return -1;
	char *end;
	double v = strtod(text, &end);
	double mul = 0;
	if (!strcmp(end, "s") || !*end)
		mul = 1;
	else if (!strcmp(end, "m"))
		mul = 60;
	else if (!strcmp(end, "h"))
		mul = 3600;
	else if (!strcmp(end, "d"))
		mul = 86400;
	/* a finite span within a year: 1e308h would not fit the clock */
	if (mul <= 0 || !isfinite(v) || v < 0 || v * mul > 366 * 86400.0)
		return -1;
	return (long long)(v * mul * 1000.0 + 0.5);
}

uint64_t fo_time_arg(const char *text, uint64_t now_ms)
{
	if (!text)
		return 0;
	if (!strcmp(text, "now"))
		return now_ms;
	if (*text == '+' || isdigit((unsigned char)*text)) {
		long long span = fo_span_parse(*text == '+' ? text + 1 : text);
		if (span > 0)
			return now_ms + (uint64_t)span;
		if (*text == '+' || span == 0)
			return 0;
	}
	return fo_iso_valid(text) ? fo_iso_parse(text) : 0;
}
