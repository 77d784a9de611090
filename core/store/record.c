/* record.c — one row of a store table, fields held as text. */
#include "fleetops_plugin.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const implicit[] = {"id",         "tenant_id",  "version",
                                       "created_at", "updated_at", "updated_by"};
#define NIMPLICIT (sizeof implicit / sizeof implicit[0])

struct fo_record {
	const fo_table_def *t;
	char *v[]; /* implicit fields first, then the table's fields */
};

static long field_index(const fo_table_def *t, const char *field)
{
	for (size_t i = 0; i < NIMPLICIT; i++)
		if (strcmp(implicit[i], field) == 0)
			return (long)i;
	for (size_t i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].name, field) == 0)
			return (long)(NIMPLICIT + i);
	return -1;
}

fo_record *fo_record_new(const fo_table_def *t)
{
	fo_record *r = calloc(1, sizeof *r + (NIMPLICIT + t->nfields) * sizeof(char *));
	if (!r)
		abort();
	r->t = t;
	return r;
}

fo_record *fo_record_dup(const fo_record *r)
{
	fo_record *d = fo_record_new(r->t);
	for (size_t i = 0; i < NIMPLICIT + r->t->nfields; i++)
		if (r->v[i] && !(d->v[i] = strdup(r->v[i])))
			abort();
	return d;
}

void fo_record_free(fo_record *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < NIMPLICIT + r->t->nfields; i++)
		free(r->v[i]);
	free(r);
}

const fo_table_def *fo_record_table(const fo_record *r)
{
	return r->t;
}

int fo_record_set(fo_record *r, const char *field, const char *value)
{
	long i = field_index(r->t, field);
	if (i < 0)
		return -1;
	char *copy = NULL;
	if (value && !(copy = strdup(value)))
		abort();
	free(r->v[i]);
	r->v[i] = copy;
	return 0;
}

int fo_record_setf(fo_record *r, const char *field, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	int rc = fo_record_set(r, field, s);
	free(s);
	return rc;
}

const char *fo_record_get(const fo_record *r, const char *field)
{
	long i = field_index(r->t, field);
	return i < 0 ? NULL : r->v[i];
}

const char *fo_record_id(const fo_record *r)
{
	return r->v[0];
}

const char *fo_record_tenant(const fo_record *r)
{
	return r->v[1];
}

long long fo_record_version(const fo_record *r)
{
	return r->v[2] ? strtoll(r->v[2], NULL, 10) : 0;
}
