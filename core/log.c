/* log.c — timestamped log lines to a file or stderr. */
#include "log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

struct fo_logger {
	FILE *f;
	bool owned;
	fo_log_level min;
};

static const char *level_name(fo_log_level l)
{
	static const char *n[] = {"debug", "info", "warn", "error"};
	return (unsigned)l < 4 ? n[l] : "?";
}

fo_log_level fo_log_level_parse(const char *s)
{
	static const char *n[] = {"debug", "info", "warn", "error"};
	for (int i = 0; i < 4; i++)
		if (s && strcasecmp(s, n[i]) == 0)
			return (fo_log_level)i;
	return FO_LOG_INFO;
}

/* mkdir -p for the directory part of path. */
static void make_parent_dirs(const char *path)
{
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0700);
			*p = '/';
		}
	}
}

fo_logger *fo_logger_open(const char *path, fo_log_level min, char *err, size_t errlen)
{
	fo_logger *l = calloc(1, sizeof *l);
	if (!l)
		abort();
	l->min = min;
	if (!path || !*path || strcmp(path, "-") == 0) {
		l->f = stderr;
		return l;
	}
	make_parent_dirs(path);
	l->f = fopen(path, "a");
	if (!l->f) {
		snprintf(err, errlen, "cannot open log file %s: %s", path, strerror(errno));
		free(l);
		return NULL;
	}
	setvbuf(l->f, NULL, _IOLBF, 0);
	l->owned = true;
	return l;
}

void fo_logger_close(fo_logger *l)
{
	if (!l)
		return;
	if (l->owned)
		fclose(l->f);
	free(l);
}

void fo_logger_vwrite(fo_logger *l, fo_log_level level, const char *fmt, va_list ap)
{
	if (!l || level < l->min)
		return;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(l->f, "%s.%03ldZ %-5s ", stamp, ts.tv_nsec / 1000000, level_name(level));
	vfprintf(l->f, fmt, ap);
	fputc('\n', l->f);
}
