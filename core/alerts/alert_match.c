/* alert_match.c — label matchers of silences and inhibition rules:
 * =, !=, =~, !~ (regular expressions anchored at both ends, POSIX extended,
 * as Alertmanager anchors its RE2 ones). */
#include "alert.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fo_matchers_free(fo_matchers *ms)
{
	for (size_t i = 0; i < ms->n; i++) {
		if (ms->m[i].op == FO_MATCH_RE || ms->m[i].op == FO_MATCH_NRE)
			regfree(&ms->m[i].re);
		free(ms->m[i].value);
	}
	free(ms->m);
	ms->m = NULL;
	ms->n = 0;
}

/* A value: "quoted" (with \" and \\) or bare up to ',' or '}'.  OWNED. */
static char *parse_value(const char **pp)
{
	const char *p = *pp;
	size_t cap = strlen(p) + 1, n = 0;
	char *v = malloc(cap);
	if (!v)
		abort();
	if (*p == '"') {
		for (p++; *p && *p != '"'; p++) {
			if (*p == '\\' && p[1])
				p++;
			v[n++] = *p;
		}
		if (*p != '"') {
			free(v);
			return NULL;
		}
		p++;
	} else {
		while (*p && *p != ',' && *p != '}')
			v[n++] = *p++;
		while (n && v[n - 1] == ' ')
			n--;
	}
	v[n] = '\0';
	*pp = p;
	return v;
}

int fo_matchers_parse(fo_matchers *ms, const char *text, char *err, size_t errlen)
{
	ms->m = NULL;
	ms->n = 0;
	const char *p = text ? text : "";
	while (*p == ' ')
		p++;
	bool brace = *p == '{';
	if (brace)
		p++;
	for (;;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p || (brace && *p == '}'))
			break;
		const char *b = p;
		while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
			p++;
		size_t nl = (size_t)(p - b);
		if (nl == 0 || nl >= sizeof ms->m[0].name) {
			snprintf(err, errlen, "matcher %zu: a label name is expected at '%.20s'",
			         ms->n + 1, b);
			goto fail;
		}
		while (*p == ' ')
			p++;
		fo_match_op op;
		if (strncmp(p, "=~", 2) == 0)
			op = FO_MATCH_RE, p += 2;
		else if (strncmp(p, "!~", 2) == 0)
			op = FO_MATCH_NRE, p += 2;
		else if (strncmp(p, "!=", 2) == 0)
			op = FO_MATCH_NE, p += 2;
		else if (*p == '=')
			op = FO_MATCH_EQ, p += 1;
		else {
			snprintf(err, errlen, "matcher %.*s: =, !=, =~ or !~ expected", (int)nl, b);
			goto fail;
		}
		while (*p == ' ')
			p++;
		char *v = parse_value(&p);
		if (!v) {
			snprintf(err, errlen, "matcher %.*s: unterminated quote", (int)nl, b);
			goto fail;
		}
		ms->m = realloc(ms->m, (ms->n + 1) * sizeof *ms->m);
		if (!ms->m)
			abort();
		fo_matcher *m = &ms->m[ms->n];
		memset(m, 0, sizeof *m);
		memcpy(m->name, b, nl);
		m->value = v;
		m->op = op;
		if (op == FO_MATCH_RE || op == FO_MATCH_NRE) {
			size_t rl = strlen(v) + 8;
			char *anch = malloc(rl);
			if (!anch)
				abort();
			snprintf(anch, rl, "^(%s)$", v);
			int rc = regcomp(&m->re, anch, REG_EXTENDED | REG_NOSUB);
			free(anch);
			if (rc != 0) {
				char msg[128];
				regerror(rc, &m->re, msg, sizeof msg);
				snprintf(err, errlen, "matcher %s: bad regular expression: %s",
				         m->name, msg);
				m->op = FO_MATCH_EQ; /* nothing compiled to free */
				ms->n++;
				goto fail;
			}
		}
		ms->n++;
		while (*p == ' ')
			p++;
		if (*p && *p != ',' && !(brace && *p == '}')) {
			snprintf(err, errlen, "matcher %s: ',' expected at '%.20s'", m->name, p);
			goto fail;
		}
	}
	if (ms->n == 0) {
		snprintf(err, errlen, "no matchers given (e.g. alertname=\"LowBattery\")");
		return -1;
	}
	return 0;
fail:
	fo_matchers_free(ms);
	return -1;
}

bool fo_matchers_match(const fo_matchers *ms, const fo_labels *l)
{
	for (size_t i = 0; i < ms->n; i++) {
		const fo_matcher *m = &ms->m[i];
		const char *v = fo_labels_get(l, m->name);
		if (!v)
			v = "";
		bool ok;
		switch (m->op) {
		case FO_MATCH_EQ:
			ok = strcmp(v, m->value) == 0;
			break;
		case FO_MATCH_NE:
			ok = strcmp(v, m->value) != 0;
			break;
		case FO_MATCH_RE:
			ok = regexec(&m->re, v, 0, NULL, 0) == 0;
			break;
		default:
			ok = regexec(&m->re, v, 0, NULL, 0) != 0;
			break;
		}
		if (!ok)
			return false;
	}
	return true;
}

void fo_matchers_text(const fo_matchers *ms, char *buf, size_t len)
{
	static const char *const ops[] = {"=", "!=", "=~", "!~"};
	size_t o = 0;
	if (len)
		buf[0] = '\0';
	for (size_t i = 0; i < ms->n && o < len; i++) {
		int n = snprintf(buf + o, len - o, "%s%s%s\"%s\"", i ? "," : "", ms->m[i].name,
		                 ops[ms->m[i].op], ms->m[i].value);
		if (n < 0)
			break;
		o += (size_t)n;
	}
}
