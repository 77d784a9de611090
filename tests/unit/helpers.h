/* helpers.h — small shared pieces for the cmocka unit tests.
 * Everything is static inline so a test that does not use a helper does
 * not trip -Wunused-function. */
#ifndef FO_TEST_HELPERS_H
#define FO_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

/* Fails the test, showing both strings, unless needle occurs in hay. */
#define assert_contains(hay, needle) fo_test_assert_contains((hay), (needle), __FILE__, __LINE__)

static inline void fo_test_assert_contains(const char *hay, const char *needle, const char *file,
                                           int line)
{
	if (hay && needle && strstr(hay, needle))
		return;
	print_error("%s:%d: expected \"%s\" to contain \"%s\"\n", file, line, hay ? hay : "(null)",
	            needle ? needle : "(null)");
	_fail(file, line);
}

/* Doubles within eps of each other (cmocka's assert_float_equal casts its
 * unparenthesised arguments to float). */
#define assert_near(a, b, eps)                                                                     \
	fo_test_assert_near((double)(a), (double)(b), (double)(eps), #a, __FILE__, __LINE__)

static inline void fo_test_assert_near(double a, double b, double eps, const char *what,
                                       const char *file, int line)
{
	if (a - b <= eps && b - a <= eps)
		return;
	print_error("%s:%d: %s is %.9g, expected %.9g (within %g)\n", file, line, what, a, b, eps);
	_fail(file, line);
}

/* The build directory: $BUILD, as `make unit` exports it, else "build". */
static inline const char *fo_test_build_dir(void)
{
	const char *b = getenv("BUILD");
	return (b && *b) ? b : "build";
}

/* A core with defaults, its log thrown away, no plugins loaded.
 * plugin_path may be NULL. */
static inline fo_core *fo_test_core(const char *plugin_path)
{
	char err[256] = "";
	fo_config *cfg = fo_config_new();
	assert_non_null(cfg);
	assert_int_equal(fo_config_set(cfg, "log_file", "/dev/null", FO_SRC_FLAG, err, sizeof err),
	                 0);
	if (plugin_path)
		assert_int_equal(
		    fo_config_set(cfg, "plugin_path", plugin_path, FO_SRC_FLAG, err, sizeof err),
		    0);
	fo_core *core = fo_core_new(cfg, err, sizeof err);
	if (!core)
		print_error("fo_core_new: %s\n", err);
	assert_non_null(core);
	return core;
}

/* A core with every built plugin ($BUILD/plugins) loaded, as the program
 * runs: their table declarations (missions.*, resources.*...) are then
 * registered.  Free with fo_core_free. */
static inline fo_core *fo_test_core_all_plugins(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/plugins", fo_test_build_dir());
	fo_core *core = fo_test_core(path);
	fo_core_start(core);
	return core;
}

/* A fresh private temporary directory; path written into buf. */
static inline void fo_test_tmpdir(char *buf, size_t len)
{
	const char *base = getenv("TMPDIR");
	snprintf(buf, len, "%s/fo-unit-XXXXXX", (base && *base) ? base : "/tmp");
	assert_non_null(mkdtemp(buf));
}

/* Writes text to dir/name; full path written into path. */
static inline void fo_test_write_file(const char *dir, const char *name, const char *text,
                                      char *path, size_t len)
{
	snprintf(path, len, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Removes a temporary directory and the plain files in it. */
static inline void fo_test_rmtree(const char *dir)
{
	char cmd[600];
	/* Only ever our own mkdtemp directories. */
	if (!strstr(dir, "/fo-unit-"))
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

#endif
