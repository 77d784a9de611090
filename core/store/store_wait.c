/* store_wait.c — blocking helpers for commands: a store result copied out
 * of its callback (queue one operation, wait with fo_store_drain), and the
 * tenant a command writes under. */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fo_wait_keep(fo_core *core, const fo_store_result *res, void *ud)
{
	(void)core;
	fo_wait *w = ud;
	w->status = res->status;
	snprintf(w->error, sizeof w->error, "%s", res->error);
	if (res->nrecords == 1)
		w->rec = fo_record_dup(res->records[0]);
	if (res->nrecords) {
		w->recs = calloc(res->nrecords, sizeof *w->recs);
		if (!w->recs)
			abort();
		for (size_t i = 0; i < res->nrecords; i++)
			w->recs[i] = fo_record_dup(res->records[i]);
		w->nrecs = res->nrecords;
	}
	if (res->naudit) {
		w->audit = calloc(res->naudit, sizeof *w->audit);
		if (!w->audit)
			abort();
		for (size_t i = 0; i < res->naudit; i++) {
			w->audit[i] = res->audit[i];
			w->audit[i].old_row =
			    res->audit[i].old_row ? fo_strdup(res->audit[i].old_row) : NULL;
			w->audit[i].new_row =
			    res->audit[i].new_row ? fo_strdup(res->audit[i].new_row) : NULL;
		}
		w->naudit = res->naudit;
	}
	if (res->text)
		w->text = fo_strdup(res->text);
}

void fo_wait_free(fo_wait *w)
{
	fo_record_free(w->rec);
	for (size_t i = 0; i < w->nrecs; i++)
		fo_record_free(w->recs[i]);
	free(w->recs);
	for (size_t i = 0; i < w->naudit; i++) {
		free(w->audit[i].old_row);
		free(w->audit[i].new_row);
	}
	free(w->audit);
	free(w->text);
	memset(w, 0, sizeof *w);
}

int fo_store_write_tenant(fo_store *s, char *out, char *err, size_t errlen)
{
	const char *opt = fo_store_tenant(s);
	if (opt && *opt) {
		snprintf(out, 40, "%s", opt);
		return 0;
	}
	fo_wait w = {0};
	fo_store_query q = {.table = "core.tenants", .limit = 1};
	fo_store_list(s, &q, fo_wait_keep, &w);
	fo_store_drain(s);
	if (w.status == FO_STORE_OK && !w.nrecs) {
		fo_wait_free(&w);
		fo_record *t = fo_record_new(fo_store_table("core.tenants"));
		fo_record_set(t, "name", "default");
		fo_store_insert(s, t, fo_wait_keep, &w);
		fo_record_free(t);
		fo_store_drain(s);
	}
	if (w.status != FO_STORE_OK || !w.nrecs) {
		snprintf(err, errlen, "no tenant to write under: %s: %s",
		         fo_store_status_name(w.status), w.error);
		fo_wait_free(&w);
		return -1;
	}
	snprintf(out, 40, "%s", fo_record_id(w.recs[0]));
	fo_wait_free(&w);
	return 0;
}
