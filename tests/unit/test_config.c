/* test_config.c — the typed option table and its layers:
 * default < system file < user file < FLEETOPS_* environment < flag;
 * options a plugin declares later (values held back until then); the
 * start-up checks of bad configuration (log level, directory, key
 * bindings). */
#include "helpers.h"

#include "keymap.h"

#include <sys/stat.h>

/* Options as a plugin declares them (the simulator's, abridged). */
static const fo_opt_def test_sim_opts[] = {
    {"sim.vehicles", FO_OPT_INT, "200", 1, 100000, "sim-vehicles", "vehicles"},
    {"sim.fleets", FO_OPT_INT, "4", 1, 64, NULL, "fleets"},
    {"sim.seed", FO_OPT_INT, "1", 0, 2147483647, "seed", "seed"},
    {"sim.rate_hz", FO_OPT_DOUBLE, "10", 0.1, 100, NULL, "steps per second"},
};

static void declare_sim(fo_config *c)
{
	char err[256] = "";
	if (fo_config_add(c, test_sim_opts, FO_NELEM(test_sim_opts), 0, err, sizeof err) != 0)
		fail_msg("declare: %s", err);
}

typedef struct {
	char dir[256];
	char sys[512];
	char user[512];
	fo_config *c;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	fo_test_tmpdir(f->dir, sizeof f->dir);
	f->c = fo_config_new();
	assert_non_null(f->c);
	declare_sim(f->c);
	fo_config_hold(f->c, false); /* start-up is over: unknown names are errors */
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	fo_config_free(f->c);
	fo_test_rmtree(f->dir);
	free(f);
	return 0;
}

static void test_defaults(void **state)
{
	fx *f = *state;
	assert_string_equal(fo_config_get_str(f->c, "theme"), "dark");
	assert_int_equal(fo_config_get_int(f->c, "reindex_ms"), 1000);
	assert_near(fo_config_get_double(f->c, "tick_hz"), 4.0, 1e-9);
	assert_true(fo_config_get_bool(f->c, "mouse"));
	assert_false(fo_config_get_bool(f->c, "readonly"));
	assert_int_equal(fo_config_get_int(f->c, "sim.vehicles"), 200);
	assert_int_equal(fo_config_source(f->c, "theme"), FO_SRC_DEFAULT);
	/* Every option in the table has a parsable default. */
	for (size_t i = 0; i < fo_opt_count; i++) {
		assert_ptr_equal(fo_config_def(fo_opt_table[i].name), &fo_opt_table[i]);
		assert_int_equal(fo_config_source(f->c, fo_opt_table[i].name), FO_SRC_DEFAULT);
	}
	assert_null(fo_config_def("no_such_option"));
}

static void test_source_names(void **state)
{
	const char *seen[5];
	for (int s = FO_SRC_DEFAULT; s <= FO_SRC_FLAG; s++) {
		seen[s] = fo_opt_source_name((fo_opt_source)s);
		assert_non_null(seen[s]);
		assert_true(strlen(seen[s]) > 0);
		for (int t = 0; t < s; t++)
			assert_string_not_equal(seen[s], seen[t]);
	}
}

static void test_set_typed(void **state)
{
	fx *f = *state;
	char err[256];
	assert_int_equal(fo_config_set(f->c, "tick_hz", "10.5", FO_SRC_FLAG, err, sizeof err), 0);
	assert_near(fo_config_get_double(f->c, "tick_hz"), 10.5, 1e-9);
	assert_int_equal(fo_config_set(f->c, "sim.vehicles", "5000", FO_SRC_FLAG, err, sizeof err),
	                 0);
	assert_int_equal(fo_config_get_int(f->c, "sim.vehicles"), 5000);
	assert_int_equal(fo_config_set(f->c, "mouse", "false", FO_SRC_FLAG, err, sizeof err), 0);
	assert_false(fo_config_get_bool(f->c, "mouse"));
	assert_int_equal(fo_config_set(f->c, "readonly", "true", FO_SRC_FLAG, err, sizeof err), 0);
	assert_true(fo_config_get_bool(f->c, "readonly"));
	assert_int_equal(fo_config_set(f->c, "theme", "light", FO_SRC_FLAG, err, sizeof err), 0);
	assert_string_equal(fo_config_get_str(f->c, "theme"), "light");
	assert_int_equal(fo_config_source(f->c, "theme"), FO_SRC_FLAG);
}

static void test_set_errors(void **state)
{
	fx *f = *state;
	char err[256];

	err[0] = '\0';
	assert_int_equal(fo_config_set(f->c, "bogus", "1", FO_SRC_FLAG, err, sizeof err), -1);
	assert_contains(err, "bogus");

	err[0] = '\0';
	assert_int_equal(fo_config_set(f->c, "sim.vehicles", "many", FO_SRC_FLAG, err, sizeof err),
	                 -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(fo_config_set(f->c, "sim.vehicles", "12abc", FO_SRC_FLAG, err, sizeof err),
	                 -1);
	assert_int_equal(fo_config_set(f->c, "tick_hz", "fast", FO_SRC_FLAG, err, sizeof err), -1);
	assert_int_equal(fo_config_set(f->c, "mouse", "perhaps", FO_SRC_FLAG, err, sizeof err), -1);

	/* Out of range, both ends. */
	err[0] = '\0';
	assert_int_equal(fo_config_set(f->c, "sim.vehicles", "0", FO_SRC_FLAG, err, sizeof err),
	                 -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(
	    fo_config_set(f->c, "sim.vehicles", "100001", FO_SRC_FLAG, err, sizeof err), -1);
	assert_int_equal(fo_config_set(f->c, "tick_hz", "0.1", FO_SRC_FLAG, err, sizeof err), -1);
	/* The edges themselves are allowed. */
	assert_int_equal(fo_config_set(f->c, "sim.vehicles", "100000", FO_SRC_ENV, err, sizeof err),
	                 0);
	assert_int_equal(fo_config_set(f->c, "tick_hz", "0.5", FO_SRC_ENV, err, sizeof err), 0);

	/* A refused value leaves the old one and its source. */
	assert_int_equal(fo_config_get_int(f->c, "sim.vehicles"), 100000);
	assert_int_equal(fo_config_source(f->c, "sim.vehicles"), FO_SRC_ENV);
	assert_true(fo_config_get_bool(f->c, "mouse"));
	assert_int_equal(fo_config_source(f->c, "mouse"), FO_SRC_DEFAULT);
}

static void write_layers(fx *f)
{
	fo_test_write_file(f->dir, "system.conf",
	                   "# system-wide\n"
	                   "theme = light\n"
	                   "color = 16\n"
	                   "log_level = warn\n"
	                   "tick_hz = 2\n",
	                   f->sys, sizeof f->sys);
	fo_test_write_file(f->dir, "user.conf",
	                   "\n"
	                   "   # user\n"
	                   "color = 256\n"
	                   "log_level = error\n"
	                   "tick_hz = 3\n",
	                   f->user, sizeof f->user);
}

static char *env_layer[] = {
    "HOME=/nowhere",
    "FLEETOPS_LOG_LEVEL=debug",
    "FLEETOPS_TICK_HZ=5",
    "NOT_FLEETOPS_THEME=mono",
    NULL,
};

static void check_layers(fx *f)
{
	/* Each option is set up to a different level; each shows that level. */
	assert_false(fo_config_get_bool(f->c, "ascii"));
	assert_int_equal(fo_config_source(f->c, "ascii"), FO_SRC_DEFAULT);
	assert_string_equal(fo_config_get_str(f->c, "theme"), "light");
	assert_int_equal(fo_config_source(f->c, "theme"), FO_SRC_SYSTEM);
	assert_string_equal(fo_config_get_str(f->c, "color"), "256");
	assert_int_equal(fo_config_source(f->c, "color"), FO_SRC_USER);
	assert_string_equal(fo_config_get_str(f->c, "log_level"), "debug");
	assert_int_equal(fo_config_source(f->c, "log_level"), FO_SRC_ENV);
	assert_near(fo_config_get_double(f->c, "tick_hz"), 7.0, 1e-9);
	assert_int_equal(fo_config_source(f->c, "tick_hz"), FO_SRC_FLAG);
}

static void test_precedence_low_to_high(void **state)
{
	fx *f = *state;
	char err[512] = "";
	write_layers(f);
	assert_int_equal(fo_config_load_file(f->c, f->sys, FO_SRC_SYSTEM, true, err, sizeof err),
	                 0);
	assert_int_equal(fo_config_source(f->c, "tick_hz"), FO_SRC_SYSTEM);
	assert_near(fo_config_get_double(f->c, "tick_hz"), 2.0, 1e-9);
	assert_int_equal(fo_config_load_file(f->c, f->user, FO_SRC_USER, true, err, sizeof err), 0);
	assert_int_equal(fo_config_source(f->c, "tick_hz"), FO_SRC_USER);
	assert_near(fo_config_get_double(f->c, "tick_hz"), 3.0, 1e-9);
	assert_int_equal(fo_config_load_env(f->c, env_layer, err, sizeof err), 0);
	assert_int_equal(fo_config_source(f->c, "tick_hz"), FO_SRC_ENV);
	assert_near(fo_config_get_double(f->c, "tick_hz"), 5.0, 1e-9);
	assert_int_equal(fo_config_set(f->c, "tick_hz", "7", FO_SRC_FLAG, err, sizeof err), 0);
	check_layers(f);
}

static void test_precedence_high_to_low(void **state)
{
	fx *f = *state;
	char err[512] = "";
	write_layers(f);
	/* Applied in the reverse order: lower levels must not overwrite. */
	assert_int_equal(fo_config_set(f->c, "tick_hz", "7", FO_SRC_FLAG, err, sizeof err), 0);
	assert_int_equal(fo_config_load_env(f->c, env_layer, err, sizeof err), 0);
	assert_int_equal(fo_config_load_file(f->c, f->user, FO_SRC_USER, true, err, sizeof err), 0);
	assert_int_equal(fo_config_load_file(f->c, f->sys, FO_SRC_SYSTEM, true, err, sizeof err),
	                 0);
	check_layers(f);
	/* A direct set at a lower level changes nothing either. */
	fo_config_set(f->c, "log_level", "info", FO_SRC_USER, err, sizeof err);
	assert_string_equal(fo_config_get_str(f->c, "log_level"), "debug");
	assert_int_equal(fo_config_source(f->c, "log_level"), FO_SRC_ENV);
	/* The same level does overwrite (a later file wins). */
	assert_int_equal(fo_config_set(f->c, "log_level", "warn", FO_SRC_ENV, err, sizeof err), 0);
	assert_string_equal(fo_config_get_str(f->c, "log_level"), "warn");
}

static void test_env_names(void **state)
{
	fx *f = *state;
	char err[256] = "";
	char *envp[] = {"FLEETOPS_SIM_VEHICLES=321", "FLEETOPS_READONLY=true",
	                "FLEETOPS_PLUGINS_DISABLE=a,b", "fleetops_theme=mono", NULL};
	assert_int_equal(fo_config_load_env(f->c, envp, err, sizeof err), 0);
	assert_int_equal(fo_config_get_int(f->c, "sim.vehicles"), 321);
	assert_int_equal(fo_config_source(f->c, "sim.vehicles"), FO_SRC_ENV);
	assert_true(fo_config_get_bool(f->c, "readonly"));
	assert_string_equal(fo_config_get_str(f->c, "plugins_disable"), "a,b");
	/* Lower-case names are not ours. */
	assert_string_equal(fo_config_get_str(f->c, "theme"), "dark");
}

static void test_env_bad_value(void **state)
{
	fx *f = *state;
	char err[256] = "";
	char *envp[] = {"FLEETOPS_TICK_HZ=often", NULL};
	assert_int_equal(fo_config_load_env(f->c, envp, err, sizeof err), -1);
	/* The message names the variable or the option it sets. */
	assert_true(strstr(err, "FLEETOPS_TICK_HZ") || strstr(err, "tick_hz"));
	assert_near(fo_config_get_double(f->c, "tick_hz"), 4.0, 1e-9);
}

static void test_file_bad_type_has_line(void **state)
{
	fx *f = *state;
	char path[512], err[512] = "", want[600];
	fo_test_write_file(f->dir, "bad.conf", "theme = light\n# note\nsim.vehicles = lots\n", path,
	                   sizeof path);
	assert_int_equal(fo_config_load_file(f->c, path, FO_SRC_USER, true, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:3", path);
	assert_contains(err, want);
}

static void test_file_out_of_range_has_line(void **state)
{
	fx *f = *state;
	char path[512], err[512] = "", want[600];
	fo_test_write_file(f->dir, "range.conf", "tick_hz = 999\n", path, sizeof path);
	assert_int_equal(fo_config_load_file(f->c, path, FO_SRC_USER, true, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:1", path);
	assert_contains(err, want);
	assert_near(fo_config_get_double(f->c, "tick_hz"), 4.0, 1e-9);
}

static void test_file_unknown_option_has_line(void **state)
{
	fx *f = *state;
	char path[512], err[512] = "", want[600];
	fo_test_write_file(f->dir, "unknown.conf", "\n\ntheme = mono\nwarp_drive = on\n", path,
	                   sizeof path);
	assert_int_equal(fo_config_load_file(f->c, path, FO_SRC_USER, true, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:4", path);
	assert_contains(err, want);
	assert_contains(err, "warp_drive");
}

static void test_file_syntax_error_has_line(void **state)
{
	fx *f = *state;
	char path[512], err[512] = "", want[600];
	fo_test_write_file(f->dir, "syntax.conf", "theme = mono\njust some words\n", path,
	                   sizeof path);
	assert_int_equal(fo_config_load_file(f->c, path, FO_SRC_USER, true, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s:2", path);
	assert_contains(err, want);
}

static void test_file_spacing_and_comments(void **state)
{
	fx *f = *state;
	char path[512], err[512] = "";
	fo_test_write_file(f->dir, "space.conf",
	                   "# a comment line\n"
	                   "\t theme\t=\thigh-contrast  \n"
	                   "sim.fleets=8\n"
	                   "\n",
	                   path, sizeof path);
	assert_int_equal(fo_config_load_file(f->c, path, FO_SRC_USER, true, err, sizeof err), 0);
	assert_string_equal(fo_config_get_str(f->c, "theme"), "high-contrast");
	assert_int_equal(fo_config_get_int(f->c, "sim.fleets"), 8);
}

static void find_key(const fo_config *c, const char *action, const char **key)
{
	/* Later entries override earlier ones, so the last match counts. */
	*key = NULL;
	for (size_t i = 0; i < fo_config_key_count(c); i++) {
		const char *a = NULL, *k = NULL;
		fo_config_key_at(c, i, &a, &k);
		assert_non_null(a);
		assert_non_null(k);
		if (strcmp(a, action) == 0 ||
		    (strncmp(a, "key.", 4) == 0 && !strcmp(a + 4, action)))
			*key = k;
	}
}

static void test_key_lines_kept(void **state)
{
	fx *f = *state;
	char sys[512], user[512], err[512] = "";
	const char *k;
	assert_int_equal(fo_config_key_count(f->c), 0);
	fo_test_write_file(f->dir, "sys.conf", "key.quit = x\nkey.help = F1\ntheme = mono\n", sys,
	                   sizeof sys);
	fo_test_write_file(f->dir, "user.conf", "key.quit = Q\n", user, sizeof user);
	assert_int_equal(fo_config_load_file(f->c, sys, FO_SRC_SYSTEM, true, err, sizeof err), 0);
	assert_int_equal(fo_config_load_file(f->c, user, FO_SRC_USER, true, err, sizeof err), 0);
	assert_true(fo_config_key_count(f->c) >= 2);
	find_key(f->c, "quit", &k);
	assert_non_null(k);
	assert_string_equal(k, "Q");
	find_key(f->c, "help", &k);
	assert_non_null(k);
	assert_string_equal(k, "F1");
	find_key(f->c, "theme", &k);
	assert_null(k);
	assert_string_equal(fo_config_get_str(f->c, "theme"), "mono");
}

static void test_missing_files(void **state)
{
	fx *f = *state;
	char path[600], err[700] = "";
	snprintf(path, sizeof path, "%s/does-not-exist.conf", f->dir);
	assert_int_equal(fo_config_load_file(f->c, path, FO_SRC_SYSTEM, false, err, sizeof err), 0);
	err[0] = '\0';
	assert_int_equal(fo_config_load_file(f->c, path, FO_SRC_USER, true, err, sizeof err), -1);
	assert_contains(err, path);
}

static void test_standard_layering(void **state)
{
	fx *f = *state;
	char err[700] = "", missing[600], xdg[600], cfgdir[700], p[800];

	/* XDG config in a private dir; the system file is whatever the
	 * machine has, so only options no system file would set are checked. */
	snprintf(xdg, sizeof xdg, "%s/xdg", f->dir);
	snprintf(cfgdir, sizeof cfgdir, "%s/fleetops", xdg);
	assert_int_equal(mkdir(xdg, 0700), 0);
	assert_int_equal(mkdir(cfgdir, 0700), 0);
	fo_test_write_file(cfgdir, "config", "sim.seed = 4242\n", p, sizeof p);
	char *old = getenv("XDG_CONFIG_HOME");
	char *saved = old ? strdup(old) : NULL;
	setenv("XDG_CONFIG_HOME", xdg, 1);

	assert_int_equal(fo_config_load_standard(f->c, NULL, err, sizeof err), 0);
	assert_int_equal(fo_config_get_int(f->c, "sim.seed"), 4242);
	assert_int_equal(fo_config_source(f->c, "sim.seed"), FO_SRC_USER);

	/* --config FILE replaces the XDG file. */
	fo_config *c2 = fo_config_new();
	fo_test_write_file(f->dir, "explicit.conf", "sim.seed = 77\n", p, sizeof p);
	assert_int_equal(fo_config_load_standard(c2, p, err, sizeof err), 0);
	declare_sim(c2); /* the plugin declares it after the file was read */
	assert_null(fo_config_held_error(c2));
	assert_int_equal(fo_config_get_int(c2, "sim.seed"), 77);
	assert_int_equal(fo_config_source(c2, "sim.seed"), FO_SRC_USER);
	fo_config_free(c2);

	/* A missing --config file is an error; a missing XDG file is not. */
	fo_config *c3 = fo_config_new();
	snprintf(missing, sizeof missing, "%s/nope.conf", f->dir);
	err[0] = '\0';
	assert_int_equal(fo_config_load_standard(c3, missing, err, sizeof err), -1);
	assert_contains(err, "nope.conf");
	fo_config_free(c3);

	fo_config *c4 = fo_config_new();
	snprintf(xdg, sizeof xdg, "%s/empty-xdg", f->dir);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	assert_int_equal(fo_config_load_standard(c4, NULL, err, sizeof err), 0);
	assert_int_equal(fo_config_source(c4, "sim.seed"), FO_SRC_DEFAULT);
	fo_config_free(c4);

	if (saved) {
		setenv("XDG_CONFIG_HOME", saved, 1);
		free(saved);
	} else {
		unsetenv("XDG_CONFIG_HOME");
	}
}

static void test_core_accessors(void **state)
{
	char err[256] = "";
	fo_config *cfg = fo_config_new();
	assert_int_equal(fo_config_set(cfg, "log_file", "/dev/null", FO_SRC_FLAG, err, sizeof err),
	                 0);
	assert_int_equal(fo_config_set(cfg, "reindex_ms", "250", FO_SRC_FLAG, err, sizeof err), 0);
	assert_int_equal(fo_config_set(cfg, "ascii", "true", FO_SRC_FLAG, err, sizeof err), 0);
	fo_core *core = fo_core_new(cfg, err, sizeof err);
	assert_non_null(core);
	assert_int_equal(fo_config_int(core, "reindex_ms"), 250);
	assert_true(fo_config_bool(core, "ascii"));
	assert_int_equal(fo_options_register(core, test_sim_opts, FO_NELEM(test_sim_opts)), 0);
	assert_near(fo_config_double(core, "sim.rate_hz"), 10.0, 1e-9);
	/* declared twice: refused */
	assert_int_equal(fo_options_register(core, test_sim_opts, 1), -1);
	assert_string_equal(fo_config_str(core, "theme"), "dark");
	/* Unknown names give the zero value. */
	assert_int_equal(fo_config_int(core, "nope"), 0);
	assert_false(fo_config_bool(core, "nope"));
	assert_near(fo_config_double(core, "nope"), 0.0, 1e-12);
	const char *s = fo_config_str(core, "nope");
	assert_true(s == NULL || *s == '\0');
	fo_core_free(core);
}

static void test_core_new_bad_log(void **state)
{
	char err[512] = "", dir[256], file[400], log[600];
	fo_config *cfg = fo_config_new();
	/* Under a plain file no directory can be made, so the log cannot open. */
	fo_test_tmpdir(dir, sizeof dir);
	fo_test_write_file(dir, "plain", "x\n", file, sizeof file);
	snprintf(log, sizeof log, "%s/sub/fleetops.log", file);
	assert_int_equal(fo_config_set(cfg, "log_file", log, FO_SRC_FLAG, err, sizeof err), 0);
	/* NULL with a reason; the config is the core's to free either way
	 * (ASan reports a leak otherwise). */
	assert_null(fo_core_new(cfg, err, sizeof err));
	assert_contains(err, log);
	fo_test_rmtree(dir);
}

/* A value for an option nobody declared yet waits for its plugin: applied
 * with its own precedence when declared, checked then (file and line in
 * the error), and refused once start-up is over. */
static void test_held_until_declared(void **state)
{
	char dir[256], path[512], err[512] = "";
	fo_test_tmpdir(dir, sizeof dir);
	fo_config *c = fo_config_new();
	fo_test_write_file(dir, "u.conf", "sim.fleets = 9\nsim.seed = 5\n", path, sizeof path);
	assert_int_equal(fo_config_load_file(c, path, FO_SRC_USER, true, err, sizeof err), 0);
	assert_int_equal(fo_config_set(c, "sim.seed", "6", FO_SRC_FLAG, err, sizeof err), 0);
	fo_config_hold_flag(c, "sim-vehicles", NULL, "33");
	assert_int_equal(fo_config_get_int(c, "sim.fleets"), 0); /* not declared yet */
	const char *name, *origin;
	assert_true(fo_config_held_at(c, 0, &name, &origin));
	assert_string_equal(name, "sim.fleets");
	assert_contains(origin, "u.conf:1");
	declare_sim(c);
	assert_null(fo_config_held_error(c));
	assert_false(fo_config_held_at(c, 0, &name, &origin));
	assert_int_equal(fo_config_get_int(c, "sim.fleets"), 9);
	assert_int_equal(fo_config_source(c, "sim.fleets"), FO_SRC_USER);
	assert_int_equal(fo_config_get_int(c, "sim.seed"), 6); /* the flag wins */
	assert_int_equal(fo_config_source(c, "sim.seed"), FO_SRC_FLAG);
	assert_int_equal(fo_config_get_int(c, "sim.vehicles"), 33);
	fo_config_hold(c, false);
	assert_int_equal(fo_config_set(c, "sim.nope", "1", FO_SRC_FLAG, err, sizeof err), -1);
	assert_contains(err, "sim.nope");
	fo_config_free(c);

	/* a bad held value: the first failure, with its file and line */
	c = fo_config_new();
	fo_test_write_file(dir, "b.conf", "theme = mono\nsim.vehicles = 0\n", path, sizeof path);
	assert_int_equal(fo_config_load_file(c, path, FO_SRC_USER, true, err, sizeof err), 0);
	declare_sim(c);
	assert_non_null(fo_config_held_error(c));
	assert_contains(fo_config_held_error(c), "b.conf:2");
	assert_contains(fo_config_held_error(c), "out of range");
	assert_int_equal(fo_config_get_int(c, "sim.vehicles"), 200);
	fo_config_free(c);

	/* the environment is read again for what is declared later */
	c = fo_config_new();
	char *envp[] = {"FLEETOPS_SIM_FLEETS=lots", NULL};
	assert_int_equal(fo_config_load_env(c, envp, err, sizeof err), 0);
	declare_sim(c);
	assert_contains(fo_config_held_error(c), "FLEETOPS_SIM_FLEETS");
	fo_config_free(c);
	fo_test_rmtree(dir);
}

static void test_declarations_refused(void **state)
{
	fx *f = *state;
	char err[256] = "";
	static const fo_opt_def dup_name[] = {{"theme", FO_OPT_STR, "", 0, 0, NULL, "again"}};
	static const fo_opt_def dup_flag[] = {{"x.y", FO_OPT_STR, "", 0, 0, "seed", "flag taken"}};
	static const fo_opt_def bad_def[] = {{"x.z", FO_OPT_INT, "ten", 0, 0, NULL, "bad"}};
	size_t n = fo_config_count(f->c);
	assert_int_equal(fo_config_add(f->c, dup_name, 1, 3, err, sizeof err), -1);
	assert_contains(err, "theme");
	assert_int_equal(fo_config_add(f->c, dup_flag, 1, 3, err, sizeof err), -1);
	assert_contains(err, "--seed");
	assert_int_equal(fo_config_add(f->c, bad_def, 1, 3, err, sizeof err), -1);
	assert_contains(err, "x.z");
	assert_int_equal(fo_config_count(f->c), n);
	/* a failed plugin's options go again */
	fo_config_remove_owner(f->c, 0);
	assert_null(fo_config_find(f->c, "sim.vehicles"));
	assert_null(fo_config_flag_def(f->c, "seed", 4));
	assert_non_null(fo_config_flag_def(f->c, "theme", 5));
}

/* The README: bad configuration stops start-up (exit 2). */
static void test_bad_configuration(void **state)
{
	fx *f = *state;
	char err[512] = "", path[512];
	assert_int_equal(fo_config_set(f->c, "log_level", "bogus", FO_SRC_FLAG, err, sizeof err),
	                 -1);
	assert_contains(err, "debug,info,warn,error");
	assert_int_equal(fo_config_set(f->c, "log_level", "WARN", FO_SRC_FLAG, err, sizeof err), 0);
	assert_int_equal(fo_config_set(f->c, "color", "8", FO_SRC_FLAG, err, sizeof err), -1);
	/* a directory is no config file (fopen opens one for reading) */
	assert_int_equal(fo_config_load_file(f->c, f->dir, FO_SRC_USER, true, err, sizeof err), -1);
	assert_contains(err, "directory");
	/* one action bound twice in one file */
	fo_test_write_file(f->dir, "k.conf", "key.quit = x\nkey.quit = y\n", path, sizeof path);
	assert_int_equal(fo_config_load_file(f->c, path, FO_SRC_USER, true, err, sizeof err), -1);
	assert_contains(err, "k.conf:2");
	assert_contains(err, "k.conf:1");
	fo_test_write_file(f->dir, "e.conf", "key.help = \"\"\n", path, sizeof path);
	assert_int_equal(fo_config_load_file(f->c, path, FO_SRC_USER, true, err, sizeof err), -1);
	assert_contains(err, "empty key");
}

static void keys_check(const char *text, const char *want)
{
	char dir[256], path[512], err[512] = "";
	fo_test_tmpdir(dir, sizeof dir);
	fo_config *c = fo_config_new();
	fo_test_write_file(dir, "keys.conf", text, path, sizeof path);
	assert_int_equal(fo_config_load_file(c, path, FO_SRC_USER, true, err, sizeof err), 0);
	int rc = tui_keymap_check(c, err, sizeof err);
	if (want) {
		assert_int_equal(rc, -1);
		assert_contains(err, want);
		assert_contains(err, "keys.conf:");
	} else {
		assert_int_equal(rc, 0);
	}
	fo_config_free(c);
	fo_test_rmtree(dir);
}

static void test_key_bindings_checked(void **state)
{
	keys_check("key.quit = x\nkey.down = n\nkey.help = F2\n", NULL);
	keys_check("key.qiut = x\n", "key.qiut: unknown action");
	keys_check("key.quit = Hyper-Q\n", "unknown key name");
	keys_check("key.quit = x\nkey.help = x\n", "bound to quit too");
	keys_check("key.quit = C-x\nkey.help = ^X\n", "bound to quit too");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
	    cmocka_unit_test(test_source_names),
	    cmocka_unit_test_setup_teardown(test_set_typed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_set_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_precedence_low_to_high, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_precedence_high_to_low, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_env_names, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_env_bad_value, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_bad_type_has_line, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_out_of_range_has_line, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_unknown_option_has_line, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_syntax_error_has_line, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_spacing_and_comments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_lines_kept, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_standard_layering, setup, teardown),
	    cmocka_unit_test(test_core_accessors),
	    cmocka_unit_test(test_held_until_declared),
	    cmocka_unit_test_setup_teardown(test_declarations_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_configuration, setup, teardown),
	    cmocka_unit_test(test_key_bindings_checked),
	    cmocka_unit_test(test_core_new_bad_log),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
