/* migrate.c — pieces both store backends share: the migration files of a
 * directory, whole-file reads, UUID v4 and ISO 8601 times. */
#include "fleetops_plugin.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *fo_file_read(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 0, n = 0;
	char *buf = NULL;
	for (;;) {
		/* room for at least one more byte and the NUL */
		buf = fo_grow(buf, &cap, n + 2, 1, 4096);
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static void fnv1a64_hex(const char *data, size_t n, char out[17])
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)data[i];
		h *= 0x100000001b3ull;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* "NNN_name.sql": at least three digits, '_', then letters, digits, '_'
 * or '-'.  Returns the number, or -1 when the name does not fit. */
static int migration_number(const char *file)
{
	size_t len = strlen(file);
	if (len < 5 || strcmp(file + len - 4, ".sql") != 0)
		return -1;
	size_t d = 0;
	while (isdigit((unsigned char)file[d]))
		d++;
	if (d < 3 || d > 6 || file[d] != '_' || d + 1 == len - 4)
		return -1;
	for (size_t i = d + 1; i < len - 4; i++)
		if (!isalnum((unsigned char)file[i]) && file[i] != '_' && file[i] != '-')
			return -1;
	return atoi(file);
}

static int by_version(const void *a, const void *b)
{
	const fo_migration *x = a, *y = b;
	return (x->version > y->version) - (x->version < y->version);
}

int fo_migrations_scan(const char *dir, fo_migration **out, size_t *n, char *err, size_t errlen)
{
	*out = NULL;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "migrations directory %s: %s", dir, strerror(errno));
		return -1;
	}
	fo_migration *v = NULL;
	size_t nv = 0, cap = 0;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d))) {
		const char *file = e->d_name;
		size_t len = strlen(file);
		/* Other files (README, editor backups) may live beside them. */
		if (file[0] == '.' || len < 4 || strcmp(file + len - 4, ".sql") != 0)
			continue;
		int num = migration_number(file);
		if (num < 0) {
			snprintf(err, errlen,
			         "%s/%s: a migration is named NNN_name.sql (digits, '_', then "
			         "letters, digits, '_' or '-')",
			         dir, file);
			rc = -1;
			break;
		}
		if (len - 4 >= sizeof v->name || strlen(dir) + 1 + len >= sizeof v->path) {
			snprintf(err, errlen, "%s/%s: name too long", dir, file);
			rc = -1;
			break;
		}
		v = fo_grow(v, &cap, nv + 1, sizeof *v, 16);
		fo_migration *m = &v[nv++];
		memset(m, 0, sizeof *m);
		m->version = num;
		memcpy(m->name, file, len - 4);
		m->name[len - 4] = '\0';
		snprintf(m->path, sizeof m->path, "%s/%s", dir, file);
		size_t flen = 0;
		char *text = fo_file_read(m->path, &flen, err, errlen);
		if (!text) {
			rc = -1;
			break;
		}
		fnv1a64_hex(text, flen, m->checksum);
		free(text);
	}
	closedir(d);
	if (rc == 0 && nv > 1) {
		qsort(v, nv, sizeof *v, by_version);
		for (size_t i = 1; i < nv; i++)
			if (v[i].version == v[i - 1].version) {
				snprintf(err, errlen,
				         "%s: two migrations numbered %d: %s.sql and %s.sql", dir,
				         v[i].version, v[i - 1].name, v[i].name);
				rc = -1;
				break;
			}
	}
	if (rc != 0) {
		free(v);
		return -1;
	}
	*out = v;
	*n = nv;
	return 0;
}

/* 16 random bytes: getrandom, else /dev/urandom, else (never seen in
 * practice) a clock mixed through splitmix64 so ids still differ. */
static void random_bytes(unsigned char *b, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = getrandom(b + got, n - got, 0);
		if (r > 0)
			got += (size_t)r;
		else if (r < 0 && errno != EINTR)
			break;
	}
	if (got == n)
		return;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		while (got < n) {
			ssize_t r = read(fd, b + got, n - got);
			if (r <= 0 && !(r < 0 && errno == EINTR))
				break;
			if (r > 0)
				got += (size_t)r;
		}
		close(fd);
	}
	if (got == n)
		return;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t x = ((uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec) ^
	             (uint64_t)(uintptr_t)b ^ ((uint64_t)getpid() << 32);
	for (size_t i = got; i < n; i++) {
		x += 0x9e3779b97f4a7c15ull;
		uint64_t z = x;
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		b[i] = (unsigned char)(z ^ (z >> 31));
	}
}

void fo_uuid4(char *buf)
{
	unsigned char b[16];
	random_bytes(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			buf[o++] = '-';
		buf[o++] = hex[b[i] >> 4];
		buf[o++] = hex[b[i] & 15];
	}
	buf[o] = '\0';
}

void fo_iso_time(uint64_t wall_ms, char *buf, size_t len)
{
	time_t sec = (time_t)(wall_ms / 1000);
	struct tm tm;
	if (!gmtime_r(&sec, &tm)) {
		snprintf(buf, len, "1970-01-01T00:00:00.000Z");
		return;
	}
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(wall_ms % 1000));
}
