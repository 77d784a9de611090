/* config.c — layered option values over the declared options (the core's
 * table first, then each plugin's). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

extern char **environ;

typedef struct {
	char *text; /* current value as text, OWNED */
	long ival;
	double dval;
	bool bval;
	fo_opt_source src;
} fo_opt_val;

typedef struct {
	const fo_opt_def *def; /* borrowed: the core's or a plugin's table */
	int owner;             /* plugin index, -1 for the core */
	fo_opt_val val;
} fo_opt_slot;

typedef struct {
	char *action;
	char *key;
	fo_opt_source src;
	char *origin; /* "FILE:LINE" of the binding, "" when set otherwise */
} fo_keybind;

/* A value whose option nobody declared yet (start-up, before plugins). */
typedef struct {
	char *name;  /* option name, or the flag's name when is_flag */
	char *value; /* NULL: a flag without '=' */
	char *next;  /* the word after such a flag, NULL when none */
	char *origin;
	bool is_flag;
	fo_opt_source src;
} fo_held;

struct fo_config {
	fo_opt_slot *opts;
	size_t nopts, capopts;
	fo_keybind *keys;
	size_t nkeys, capkeys;
	fo_held *held;
	size_t nheld, capheld;
	bool holding;
	bool env_loaded;
	char **envp;
	char held_err[512];
};

/* An OWNED copy; NULL copies as "". */
static char *dup_or_empty(const char *s)
{
	return fo_strdup(s ? s : "");
}

static long opt_index(const fo_config *c, const char *name)
{
	for (size_t i = 0; i < c->nopts; i++)
		if (strcmp(c->opts[i].def->name, name) == 0)
			return (long)i;
	return -1;
}

const fo_opt_def *fo_config_def(const char *name)
{
	for (size_t i = 0; i < fo_opt_count; i++)
		if (strcmp(fo_opt_table[i].name, name) == 0)
			return &fo_opt_table[i];
	return NULL;
}

const fo_opt_def *fo_config_find(const fo_config *c, const char *name)
{
	long i = opt_index(c, name);
	return i < 0 ? NULL : c->opts[i].def;
}

size_t fo_config_count(const fo_config *c)
{
	return c->nopts;
}

const fo_opt_def *fo_config_at(const fo_config *c, size_t i)
{
	return i < c->nopts ? c->opts[i].def : NULL;
}

static bool flag_is(const fo_opt_def *d, const char *name, size_t len)
{
	return d->flag && strlen(d->flag) == len && strncmp(d->flag, name, len) == 0;
}

const fo_opt_def *fo_config_flag_def(const fo_config *c, const char *name, size_t len)
{
	for (size_t i = 0; i < c->nopts; i++)
		if (flag_is(c->opts[i].def, name, len))
			return c->opts[i].def;
	return NULL;
}

const char *fo_opt_source_name(fo_opt_source s)
{
	static const char *names[] = {"default", "system", "user", "env", "flag"};
	return (unsigned)s < 5 ? names[s] : "?";
}

static int parse_bool(const char *v, bool *out)
{
	static const char *yes[] = {"1", "true", "yes", "on"};
	static const char *no[] = {"0", "false", "no", "off"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* True when value is one of the '|'-separated choices (any case). */
static bool is_choice(const char *choices, const char *value)
{
	size_t vl = strlen(value);
	for (const char *p = choices; *p;) {
		const char *bar = strchr(p, '|');
		size_t l = bar ? (size_t)(bar - p) : strlen(p);
		if (l == vl && strncasecmp(p, value, l) == 0)
			return true;
		if (!bar)
			break;
		p = bar + 1;
	}
	return false;
}

/* Parses value for def into val (without touching text/src). */
static int parse_value(const fo_opt_def *def, const char *value, fo_opt_val *val, char *err,
                       size_t errlen)
{
	char *end = NULL;
	bool ranged = !(def->min == 0 && def->max == 0);
	switch (def->type) {
	case FO_OPT_STR: {
		const char *choices = NULL;
		for (size_t i = 0; i < fo_opt_nchoices; i++)
			if (def == fo_config_def(fo_opt_choices[i].name))
				choices = fo_opt_choices[i].choices;
		if (choices && !is_choice(choices, value)) {
			char list[256];
			snprintf(list, sizeof list, "%s", choices);
			for (char *p = list; *p; p++)
				if (*p == '|')
					*p = ',';
			snprintf(err, errlen, "option %s: '%s' is not one of %s", def->name, value,
			         list);
			return -1;
		}
		return 0;
	}
	case FO_OPT_BOOL:
		if (parse_bool(value, &val->bval) != 0) {
			snprintf(err, errlen, "option %s: '%s' is not a boolean (true/false)",
			         def->name, value);
			return -1;
		}
		return 0;
	case FO_OPT_INT: {
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || end == value || *end) {
			snprintf(err, errlen, "option %s: '%s' is not an integer", def->name,
			         value);
			return -1;
		}
		if (ranged && (v < def->min || v > def->max)) {
			snprintf(err, errlen, "option %s: %ld is out of range %g..%g", def->name, v,
			         def->min, def->max);
			return -1;
		}
		val->ival = v;
		val->dval = (double)v;
		return 0;
	}
	case FO_OPT_DOUBLE: {
		errno = 0;
		double v = strtod(value, &end);
		if (errno || end == value || *end || !isfinite(v)) {
			snprintf(err, errlen, "option %s: '%s' is not a number", def->name, value);
			return -1;
		}
		if (ranged && (v < def->min || v > def->max)) {
			snprintf(err, errlen, "option %s: %g is out of range %g..%g", def->name, v,
			         def->min, def->max);
			return -1;
		}
		val->dval = v;
		val->ival = (long)v;
		return 0;
	}
	}
	snprintf(err, errlen, "option %s: unknown type", def->name);
	return -1;
}

/* Sets a declared option; src below the current one is checked but kept. */
static int set_slot(fo_opt_slot *o, const char *value, fo_opt_source src, char *err, size_t errlen)
{
	fo_opt_val tmp = o->val;
	if (parse_value(o->def, value, &tmp, err, errlen) != 0)
		return -1;
	if (o->val.src > src)
		return 0; /* a higher level already set it */
	char *text = dup_or_empty(value);
	free(o->val.text);
	tmp.text = text;
	tmp.src = src;
	o->val = tmp;
	return 0;
}

/* Keeps the first failure, worded as the same failure of a core option is
 * ("config: FILE:LINE: ...", "config: environment ...", a flag's bare). */
static void held_error(fo_config *c, const char *origin, const char *msg)
{
	if (c->held_err[0])
		return;
	if (origin && *origin)
		snprintf(c->held_err, sizeof c->held_err, "config: %s: %s", origin, msg);
	else
		snprintf(c->held_err, sizeof c->held_err, "%s", msg);
}

/* "sim.vehicles" -> "FLEETOPS_SIM_VEHICLES" */
static void env_name(const char *opt, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "FLEETOPS_");
	for (const char *p = opt; *p && n + 1 < len; p++)
		buf[n++] = (*p == '.' || *p == '-') ? '_' : (char)toupper((unsigned char)*p);
	buf[n] = '\0';
}

/* Applies FLEETOPS_<NAME> of option i, if set. */
static int env_apply(fo_config *c, size_t i, char *err, size_t errlen)
{
	char name[96];
	env_name(c->opts[i].def->name, name, sizeof name);
	size_t nl = strlen(name);
	for (char **e = c->envp; e && *e; e++) {
		if (strncmp(*e, name, nl) == 0 && (*e)[nl] == '=') {
			char msg[256];
			if (set_slot(&c->opts[i], *e + nl + 1, FO_SRC_ENV, msg, sizeof msg) != 0) {
				snprintf(err, errlen, "environment %s: %s", name, msg);
				return -1;
			}
		}
	}
	return 0;
}

static void held_free(fo_held *h)
{
	free(h->name);
	free(h->value);
	free(h->next);
	free(h->origin);
}

/* Applies the held values that belong to option i (now declared). */
static void held_apply(fo_config *c, size_t i)
{
	const fo_opt_def *d = c->opts[i].def;
	for (size_t k = 0; k < c->nheld;) {
		fo_held *h = &c->held[k];
		bool mine = h->is_flag ? flag_is(d, h->name, strlen(h->name))
		                       : strcmp(h->name, d->name) == 0;
		if (!mine) {
			k++;
			continue;
		}
		char msg[256];
		const char *v = h->value;
		if (!v && d->type == FO_OPT_BOOL)
			v = "true";
		else if (!v)
			v = h->next;
		if (!v) {
			snprintf(msg, sizeof msg, "--%s needs a value", d->flag);
			held_error(c, NULL, msg);
		} else if (set_slot(&c->opts[i], v, h->src, msg, sizeof msg) != 0) {
			held_error(c, h->origin, msg);
		}
		held_free(h);
		memmove(h, h + 1, (c->nheld - k - 1) * sizeof *h);
		c->nheld--;
	}
}

int fo_config_add(fo_config *c, const fo_opt_def *defs, size_t n, int owner, char *err,
                  size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		const fo_opt_def *d = &defs[i];
		if (!d->name || !*d->name || !d->def || !d->help) {
			snprintf(err, errlen, "option %zu lacks a name, default or help", i);
			return -1;
		}
		for (size_t j = 0; j < c->nopts + i; j++) {
			const fo_opt_def *o = j < c->nopts ? c->opts[j].def : &defs[j - c->nopts];
			if (strcmp(o->name, d->name) == 0) {
				snprintf(err, errlen, "option %s is declared twice", d->name);
				return -1;
			}
			if (d->flag && flag_is(o, d->flag, strlen(d->flag))) {
				snprintf(err, errlen, "flag --%s of option %s is taken by %s",
				         d->flag, d->name, o->name);
				return -1;
			}
		}
		fo_opt_val v = {0};
		char msg[256];
		if (parse_value(d, d->def, &v, msg, sizeof msg) != 0) {
			snprintf(err, errlen, "default of %s", msg);
			return -1;
		}
	}
	c->opts = fo_grow(c->opts, &c->capopts, c->nopts + n, sizeof *c->opts, 16);
	for (size_t i = 0; i < n; i++) {
		fo_opt_slot *o = &c->opts[c->nopts++];
		char msg[256];
		memset(o, 0, sizeof *o);
		o->def = &defs[i];
		o->owner = owner;
		parse_value(o->def, o->def->def, &o->val, msg, sizeof msg);
		o->val.text = dup_or_empty(o->def->def);
		o->val.src = FO_SRC_DEFAULT;
		size_t idx = c->nopts - 1;
		held_apply(c, idx);
		char emsg[200], full[256];
		if (c->env_loaded && env_apply(c, idx, emsg, sizeof emsg) != 0) {
			snprintf(full, sizeof full, "config: %.200s", emsg);
			held_error(c, NULL, full);
		}
	}
	return 0;
}

void fo_config_remove_owner(fo_config *c, int owner)
{
	size_t o = 0;
	for (size_t i = 0; i < c->nopts; i++) {
		if (c->opts[i].owner == owner)
			free(c->opts[i].val.text);
		else
			c->opts[o++] = c->opts[i];
	}
	c->nopts = o;
}

fo_config *fo_config_new(void)
{
	fo_config *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	c->holding = true; /* until the plugins declared theirs */
	char err[256];
	if (fo_config_add(c, fo_opt_table, fo_opt_count, -1, err, sizeof err) != 0) {
		fprintf(stderr, "fleetops: the core's option table is wrong: %s\n", err);
		abort();
	}
	return c;
}

void fo_config_free(fo_config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nopts; i++)
		free(c->opts[i].val.text);
	free(c->opts);
	for (size_t i = 0; i < c->nkeys; i++) {
		free(c->keys[i].action);
		free(c->keys[i].key);
		free(c->keys[i].origin);
	}
	free(c->keys);
	fo_config_hold(c, false);
	free(c->held);
	free(c);
}

void fo_config_hold(fo_config *c, bool on)
{
	c->holding = on;
	if (on)
		return;
	for (size_t i = 0; i < c->nheld; i++)
		held_free(&c->held[i]);
	c->nheld = 0;
}

static void hold(fo_config *c, bool is_flag, const char *name, const char *value, const char *next,
                 fo_opt_source src, const char *origin)
{
	c->held = fo_grow(c->held, &c->capheld, c->nheld + 1, sizeof *c->held, 16);
	fo_held *h = &c->held[c->nheld++];
	h->is_flag = is_flag;
	h->name = dup_or_empty(name);
	h->value = value ? dup_or_empty(value) : NULL;
	h->next = next ? dup_or_empty(next) : NULL;
	h->origin = dup_or_empty(origin);
	h->src = src;
}

void fo_config_hold_flag(fo_config *c, const char *name, const char *value, const char *next)
{
	if (c->holding)
		hold(c, true, name, value, next, FO_SRC_FLAG, "");
}

const char *fo_config_held_error(const fo_config *c)
{
	return c->held_err[0] ? c->held_err : NULL;
}

bool fo_config_held_at(const fo_config *c, size_t i, const char **name, const char **origin)
{
	for (size_t k = 0; k < c->nheld; k++) {
		if (c->held[k].is_flag)
			continue;
		if (i-- == 0) {
			*name = c->held[k].name;
			*origin = c->held[k].origin;
			return true;
		}
	}
	return false;
}

static int set_key(fo_config *c, const char *action, const char *key, fo_opt_source src,
                   const char *origin, char *err, size_t errlen)
{
	for (size_t i = 0; i < c->nkeys; i++) {
		if (strcmp(c->keys[i].action, action) == 0) {
			if (c->keys[i].src > src)
				return 0;
			/* one action bound twice at one level: which one was meant? */
			if (c->keys[i].src == src && *origin && *c->keys[i].origin) {
				snprintf(err, errlen, "key.%s bound twice (also at %s)", action,
				         c->keys[i].origin);
				return -1;
			}
			free(c->keys[i].key);
			free(c->keys[i].origin);
			c->keys[i].key = dup_or_empty(key);
			c->keys[i].origin = dup_or_empty(origin);
			c->keys[i].src = src;
			return 0;
		}
	}
	c->keys = fo_grow(c->keys, &c->capkeys, c->nkeys + 1, sizeof *c->keys, 16);
	c->keys[c->nkeys].action = dup_or_empty(action);
	c->keys[c->nkeys].key = dup_or_empty(key);
	c->keys[c->nkeys].origin = dup_or_empty(origin);
	c->keys[c->nkeys].src = src;
	c->nkeys++;
	return 0;
}

static int config_set(fo_config *c, const char *name, const char *value, fo_opt_source src,
                      const char *origin, char *err, size_t errlen)
{
	if (strncmp(name, "key.", 4) == 0) {
		if (!name[4]) {
			snprintf(err, errlen, "key.: no action named");
			return -1;
		}
		if (!*value) {
			snprintf(err, errlen, "%s: empty key", name);
			return -1;
		}
		return set_key(c, name + 4, value, src, origin, err, errlen);
	}
	long i = opt_index(c, name);
	if (i < 0) {
		if (c->holding) {
			hold(c, false, name, value, NULL, src, origin);
			return 0;
		}
		snprintf(err, errlen, "unknown option '%s'", name);
		return -1;
	}
	return set_slot(&c->opts[i], value, src, err, errlen);
}

int fo_config_set(fo_config *c, const char *name, const char *value, fo_opt_source src, char *err,
                  size_t errlen)
{
	return config_set(c, name, value, src, "", err, errlen);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int fo_config_load_file(fo_config *c, const char *path, fo_opt_source src, bool must_exist,
                        char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!must_exist && errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* fopen opens a directory for reading; reading it fails later and
	 * would look like an empty file */
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory, not a config file", path);
		fclose(f);
		return -1;
	}
	char line[1024];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line too long", path, lineno);
			rc = -1;
			break;
		}
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *s = trim(line);
		if (!*s)
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected 'name = value'", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *name = trim(s), *value = trim(eq + 1);
		size_t vl = strlen(value);
		if (vl >= 2 && value[0] == '"' && value[vl - 1] == '"') {
			value[vl - 1] = '\0';
			value++;
		}
		char msg[256], origin[300];
		snprintf(origin, sizeof origin, "%s:%d", path, lineno);
		if (config_set(c, name, value, src, origin, msg, sizeof msg) != 0) {
			snprintf(err, errlen, "%s: %s", origin, msg);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	fclose(f);
	return rc;
}

int fo_config_load_env(fo_config *c, char **envp, char *err, size_t errlen)
{
	c->envp = envp ? envp : environ;
	c->env_loaded = true;
	for (size_t i = 0; i < c->nopts; i++)
		if (env_apply(c, i, err, errlen) != 0)
			return -1;
	return 0;
}

int fo_config_load_standard(fo_config *c, const char *user_file, char *err, size_t errlen)
{
	if (fo_config_load_file(c, "/etc/fleetops/config", FO_SRC_SYSTEM, false, err, errlen))
		return -1;
	if (user_file && *user_file)
		return fo_config_load_file(c, user_file, FO_SRC_USER, true, err, errlen);
	char path[4096];
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(path, sizeof path, "%s/fleetops/config", xdg);
	else if (home && *home)
		snprintf(path, sizeof path, "%s/.config/fleetops/config", home);
	else
		return 0;
	return fo_config_load_file(c, path, FO_SRC_USER, false, err, errlen);
}

static const fo_opt_val *get(const fo_config *c, const char *name)
{
	long i = opt_index(c, name);
	return i < 0 ? NULL : &c->opts[i].val;
}

const char *fo_config_get_str(const fo_config *c, const char *name)
{
	const fo_opt_val *v = get(c, name);
	return v ? v->text : "";
}

long fo_config_get_int(const fo_config *c, const char *name)
{
	const fo_opt_val *v = get(c, name);
	return v ? v->ival : 0;
}

double fo_config_get_double(const fo_config *c, const char *name)
{
	const fo_opt_val *v = get(c, name);
	return v ? v->dval : 0.0;
}

bool fo_config_get_bool(const fo_config *c, const char *name)
{
	const fo_opt_val *v = get(c, name);
	return v ? v->bval : false;
}

fo_opt_source fo_config_source(const fo_config *c, const char *name)
{
	const fo_opt_val *v = get(c, name);
	return v ? v->src : FO_SRC_DEFAULT;
}

size_t fo_config_key_count(const fo_config *c)
{
	return c->nkeys;
}

void fo_config_key_at(const fo_config *c, size_t i, const char **action, const char **key)
{
	*action = i < c->nkeys ? c->keys[i].action : NULL;
	*key = i < c->nkeys ? c->keys[i].key : NULL;
}

const char *fo_config_key_origin(const fo_config *c, size_t i)
{
	return i < c->nkeys ? c->keys[i].origin : "";
}
