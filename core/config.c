/* config.c — layered option values over the typed table. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

typedef struct {
	char *text; /* current value as text, OWNED */
	long ival;
	double dval;
	bool bval;
	fo_opt_source src;
} fo_opt_val;

typedef struct {
	char *action;
	char *key;
	fo_opt_source src;
} fo_keybind;

struct fo_config {
	fo_opt_val vals[160]; /* fo_opt_count at most: checked in fo_config_new */
	fo_keybind *keys;
	size_t nkeys, capkeys;
};

static long opt_index(const char *name)
{
	for (size_t i = 0; i < fo_opt_count; i++)
		if (strcmp(fo_opt_table[i].name, name) == 0)
			return (long)i;
	return -1;
}

const fo_opt_def *fo_config_def(const char *name)
{
	long i = opt_index(name);
	return i < 0 ? NULL : &fo_opt_table[i];
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

/* Parses value for def into val (without touching text/src). */
static int parse_value(const fo_opt_def *def, const char *value, fo_opt_val *val, char *err,
                       size_t errlen)
{
	char *end = NULL;
	bool ranged = !(def->min == 0 && def->max == 0);
	switch (def->type) {
	case FO_OPT_STR:
		return 0;
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
	return -1;
}

fo_config *fo_config_new(void)
{
	fo_config *c = calloc(1, sizeof *c);
	if (!c || fo_opt_count > sizeof c->vals / sizeof c->vals[0])
		abort();
	for (size_t i = 0; i < fo_opt_count; i++) {
		char err[128];
		if (parse_value(&fo_opt_table[i], fo_opt_table[i].def, &c->vals[i], err,
		                sizeof err) != 0)
			abort(); /* the table itself is wrong */
		c->vals[i].text = strdup(fo_opt_table[i].def);
		if (!c->vals[i].text)
			abort();
		c->vals[i].src = FO_SRC_DEFAULT;
	}
	return c;
}

void fo_config_free(fo_config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < fo_opt_count; i++)
		free(c->vals[i].text);
	for (size_t i = 0; i < c->nkeys; i++) {
		free(c->keys[i].action);
		free(c->keys[i].key);
	}
	free(c->keys);
	free(c);
}

static int set_key(fo_config *c, const char *action, const char *key, fo_opt_source src)
{
	for (size_t i = 0; i < c->nkeys; i++) {
		if (strcmp(c->keys[i].action, action) == 0) {
			if (c->keys[i].src > src)
				return 0;
			char *k = strdup(key);
			if (!k)
				abort();
			free(c->keys[i].key);
			c->keys[i].key = k;
			c->keys[i].src = src;
			return 0;
		}
	}
	if (c->nkeys == c->capkeys) {
		c->capkeys = c->capkeys ? c->capkeys * 2 : 16;
		c->keys = realloc(c->keys, c->capkeys * sizeof *c->keys);
		if (!c->keys)
			abort();
	}
	c->keys[c->nkeys].action = strdup(action);
	c->keys[c->nkeys].key = strdup(key);
	if (!c->keys[c->nkeys].action || !c->keys[c->nkeys].key)
		abort();
	c->keys[c->nkeys].src = src;
	c->nkeys++;
	return 0;
}

int fo_config_set(fo_config *c, const char *name, const char *value, fo_opt_source src, char *err,
                  size_t errlen)
{
	if (strncmp(name, "key.", 4) == 0 && name[4]) {
		if (!*value) {
			snprintf(err, errlen, "%s: empty key", name);
			return -1;
		}
		return set_key(c, name + 4, value, src);
	}
	long i = opt_index(name);
	if (i < 0) {
		snprintf(err, errlen, "unknown option '%s'", name);
		return -1;
	}
	fo_opt_val tmp = c->vals[i];
	if (parse_value(&fo_opt_table[i], value, &tmp, err, errlen) != 0)
		return -1;
	if (c->vals[i].src > src)
		return 0; /* a higher level already set it */
	char *text = strdup(value);
	if (!text)
		abort();
	free(c->vals[i].text);
	tmp.text = text;
	tmp.src = src;
	c->vals[i] = tmp;
	return 0;
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
		char msg[256];
		if (fo_config_set(c, name, value, src, msg, sizeof msg) != 0) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

/* "sim.vehicles" -> "FLEETOPS_SIM_VEHICLES" */
static void env_name(const char *opt, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "FLEETOPS_");
	for (const char *p = opt; *p && n + 1 < len; p++)
		buf[n++] = (*p == '.' || *p == '-') ? '_' : (char)toupper((unsigned char)*p);
	buf[n] = '\0';
}

int fo_config_load_env(fo_config *c, char **envp, char *err, size_t errlen)
{
	if (!envp)
		envp = environ;
	for (size_t i = 0; i < fo_opt_count; i++) {
		char name[96];
		env_name(fo_opt_table[i].name, name, sizeof name);
		size_t nl = strlen(name);
		for (char **e = envp; *e; e++) {
			if (strncmp(*e, name, nl) == 0 && (*e)[nl] == '=') {
				char msg[256];
				if (fo_config_set(c, fo_opt_table[i].name, *e + nl + 1, FO_SRC_ENV,
				                  msg, sizeof msg) != 0) {
					snprintf(err, errlen, "environment %s: %s", name, msg);
					return -1;
				}
			}
		}
	}
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
	long i = opt_index(name);
	return i < 0 ? NULL : &c->vals[i];
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
