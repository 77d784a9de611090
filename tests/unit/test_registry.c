/* test_registry.c — the command registry: registration rules, typed argument
 * parsing, --readonly enforcement, line splitting and completion. */
#include "helpers.h"

/* ---- a recording command */

typedef struct {
	int calls;
	char str[64];
	long n;
	double ratio;
	bool force;
	char mode[16];
	char vehicle[FO_ID_LEN];
	bool has_n;
} rec;

static fo_status cmd_record(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	rec *r = ud;
	r->calls++;
	snprintf(r->str, sizeof r->str, "%s", fo_args_str(a, "name", "-"));
	r->n = fo_args_int(a, "n", -7);
	r->has_n = fo_args_has(a, "n");
	r->ratio = fo_args_double(a, "ratio", -1.0);
	r->force = fo_args_flag(a, "force");
	snprintf(r->mode, sizeof r->mode, "%s", fo_args_str(a, "mode", "none"));
	fo_out_printf(out, "ran %s\n", r->str);
	return FO_OK;
}

static fo_status cmd_vehicle(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	rec *r = ud;
	r->calls++;
	snprintf(r->vehicle, sizeof r->vehicle, "%s", fo_args_str(a, "id", ""));
	fo_out_printf(out, "vehicle %s\n", r->vehicle);
	return FO_OK;
}

static const fo_arg_spec typed_args[] = {
    {"name", FO_ARG_STRING, true, NULL, "a name"},
    {"n", FO_ARG_INT, false, NULL, "a count"},
    {"ratio", FO_ARG_DOUBLE, false, NULL, "a ratio"},
    {"force", FO_ARG_BOOL, false, NULL, "a flag"},
    {"mode", FO_ARG_ENUM, false, "fast|slow|off", "a choice"},
};

static const fo_arg_spec vehicle_args[] = {
    {"id", FO_ARG_VEHICLE, true, NULL, "vehicle id"},
    {"history", FO_ARG_BOOL, false, NULL, "with history"},
};

static const fo_arg_spec fleet_args[] = {
    {"fleet", FO_ARG_FLEET, true, NULL, "fleet id"},
};

static const fo_arg_spec view_args[] = {
    {"view", FO_ARG_VIEW, true, NULL, "view name"},
};

static const fo_arg_spec bad_order_args[] = {
    {"opt", FO_ARG_INT, false, NULL, "optional"},
    {"req", FO_ARG_STRING, true, NULL, "required after optional"},
};

typedef struct {
	fo_core *core;
	rec rec;
	fo_out *out;
} fx;

static fo_status cmd_fail(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	rec *r = ud;
	r->calls++;
	fo_out_printf(out, "partial\n");
	fo_out_error(out, "boom %d", 7);
	return FO_ERR;
}

/* A minimal view, so FO_ARG_VIEW has something to find. */
static const fo_column one_col[] = {{"name", "Name", FO_COL_TEXT, 8, false, NULL}};

static size_t no_rows(fo_core *core, void *ud)
{
	return 0;
}

static void no_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *out)
{
	memset(out, 0, sizeof *out);
}

static void no_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	snprintf(buf, len, "-");
}

static uint64_t no_gen(fo_core *core, void *ud)
{
	return 0;
}

static const fo_view_spec fake_view = {
    .name = "fake.things",
    .title = "Things",
    .cols = one_col,
    .ncols = 1,
    .row_count = no_rows,
    .cell = no_cell,
    .row_key = no_key,
    .generation = no_gen,
};

static const fo_cmd_spec test_cmds[] = {
    {"test", "typed", "typed arguments", typed_args, 5, 0, cmd_record},
    {"vehicle", "show", "show one vehicle", vehicle_args, 2, FO_CMD_READONLY_SAFE, cmd_vehicle},
    {"vehicle", "stop", "stop a vehicle", vehicle_args, 1, FO_CMD_DANGEROUS, cmd_vehicle},
    {"fleet", "show", "show a fleet", fleet_args, 1, FO_CMD_READONLY_SAFE, cmd_record},
    {"test", "fail", "always fails", NULL, 0, FO_CMD_READONLY_SAFE, cmd_fail},
    {"report", "show", "show a view", view_args, 1, FO_CMD_READONLY_SAFE, cmd_record},
};

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->core = fo_test_core(NULL);
	f->out = fo_out_new();
	assert_non_null(f->out);

	for (size_t i = 0; i < FO_NELEM(test_cmds); i++)
		assert_int_equal(fo_cmd_register(f->core, &test_cmds[i], &f->rec), 0);
	assert_int_equal(fo_view_register(f->core, &fake_view, NULL), 0);

	char err[256];
	fo_model *m = fo_core_model(f->core);
	assert_int_equal(fo_model_tenant_add(m, "t1", "Tenant", err, sizeof err), 0);
	assert_int_equal(fo_model_fleet_add(m, "north", "North", 0, err, sizeof err), 0);
	assert_non_null(fo_model_vehicle_add(m, "V-001", 0, err, sizeof err));
	assert_non_null(fo_model_vehicle_add(m, "V-002", 0, err, sizeof err));
	assert_non_null(fo_model_vehicle_add(m, "W-100", 0, err, sizeof err));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	fo_out_free(f->out);
	fo_core_free(f->core);
	free(f);
	return 0;
}

static fo_status run(fx *f, const char *line)
{
	fo_out_clear(f->out);
	return fo_registry_run_line(f->core, line, f->out);
}

/* ---- registration */

static fo_status noop(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	return FO_OK;
}

static void test_add_duplicate_refused(void **state)
{
	char err[256] = "";
	fo_registry *r = fo_registry_new();
	static const fo_cmd_spec a = {"alpha", "go", "go", NULL, 0, 0, noop};
	static const fo_cmd_spec a2 = {"alpha", "go", "again", NULL, 0, 0, noop};
	static const fo_cmd_spec b = {"alpha", "stop", "stop", NULL, 0, 0, noop};
	assert_int_equal(fo_registry_add(r, &a, NULL, -1, err, sizeof err), 0);
	assert_int_equal(fo_registry_add(r, &a2, NULL, 3, err, sizeof err), -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(fo_registry_add(r, &b, NULL, -1, err, sizeof err), 0);
	assert_int_equal(fo_registry_count(r), 2);
	/* The first registration is the one kept. */
	assert_ptr_equal(fo_registry_find(r, "alpha", "go"), &a);
	fo_registry_free(r);
}

static void test_add_missing_fields_refused(void **state)
{
	char err[256] = "";
	fo_registry *r = fo_registry_new();
	static const fo_cmd_spec nofn = {"alpha", "go", "go", NULL, 0, 0, NULL};
	static const fo_cmd_spec noverb = {"alpha", NULL, "go", NULL, 0, 0, noop};
	assert_int_equal(fo_registry_add(r, &nofn, NULL, -1, err, sizeof err), -1);
	err[0] = '\0';
	assert_int_equal(fo_registry_add(r, &noverb, NULL, -1, err, sizeof err), -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(fo_registry_count(r), 0);
	fo_registry_free(r);
}

static void test_required_after_optional_refused(void **state)
{
	char err[256] = "";
	fo_registry *r = fo_registry_new();
	static const fo_cmd_spec bad = {"alpha", "bad", "bad", bad_order_args, 2, 0, noop};
	assert_int_equal(fo_registry_add(r, &bad, NULL, -1, err, sizeof err), -1);
	assert_true(strlen(err) > 0);
	assert_null(fo_registry_find(r, "alpha", "bad"));
	assert_int_equal(fo_registry_count(r), 0);
	fo_registry_free(r);
}

static void test_sorted_and_has_domain(void **state)
{
	char err[256];
	fo_registry *r = fo_registry_new();
	static const fo_cmd_spec s[] = {
	    {"zeta", "b", "", NULL, 0, 0, noop},
	    {"alpha", "z", "", NULL, 0, 0, noop},
	    {"zeta", "a", "", NULL, 0, 0, noop},
	    {"alpha", "a", "", NULL, 0, 0, noop},
	};
	for (int i = 0; i < 4; i++)
		assert_int_equal(fo_registry_add(r, &s[i], NULL, -1, err, sizeof err), 0);
	assert_int_equal(fo_registry_count(r), 4);
	assert_ptr_equal(fo_registry_at(r, 0), &s[3]);
	assert_ptr_equal(fo_registry_at(r, 1), &s[1]);
	assert_ptr_equal(fo_registry_at(r, 2), &s[2]);
	assert_ptr_equal(fo_registry_at(r, 3), &s[0]);
	assert_true(fo_registry_has_domain(r, "zeta"));
	assert_false(fo_registry_has_domain(r, "zet"));
	assert_null(fo_registry_find(r, "alpha", "b"));
	fo_registry_free(r);
}

static void test_remove_owner(void **state)
{
	char err[256];
	fo_registry *r = fo_registry_new();
	static const fo_cmd_spec s[] = {
	    {"plug", "one", "", NULL, 0, 0, noop},
	    {"plug", "two", "", NULL, 0, 0, noop},
	    {"core", "keep", "", NULL, 0, 0, noop},
	    {"other", "keep", "", NULL, 0, 0, noop},
	};
	assert_int_equal(fo_registry_add(r, &s[0], NULL, 4, err, sizeof err), 0);
	assert_int_equal(fo_registry_add(r, &s[1], NULL, 4, err, sizeof err), 0);
	assert_int_equal(fo_registry_add(r, &s[2], NULL, -1, err, sizeof err), 0);
	assert_int_equal(fo_registry_add(r, &s[3], NULL, 5, err, sizeof err), 0);
	fo_registry_remove_owner(r, 4);
	assert_int_equal(fo_registry_count(r), 2);
	assert_null(fo_registry_find(r, "plug", "one"));
	assert_null(fo_registry_find(r, "plug", "two"));
	assert_false(fo_registry_has_domain(r, "plug"));
	assert_non_null(fo_registry_find(r, "core", "keep"));
	assert_non_null(fo_registry_find(r, "other", "keep"));
	/* The name is free again. */
	assert_int_equal(fo_registry_add(r, &s[0], NULL, 6, err, sizeof err), 0);
	fo_registry_free(r);
}

/* ---- typed parsing */

static void test_parse_positional_and_options(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "test typed bob --n 42 --ratio 2.5 --force --mode slow"), FO_OK);
	assert_int_equal(f->rec.calls, 1);
	assert_string_equal(f->rec.str, "bob");
	assert_int_equal(f->rec.n, 42);
	assert_true(f->rec.has_n);
	assert_near(f->rec.ratio, 2.5, 1e-9);
	assert_true(f->rec.force);
	assert_string_equal(f->rec.mode, "slow");
	assert_contains(fo_out_text(f->out), "ran bob");
	assert_string_equal(fo_out_err(f->out), "");
}

static void test_parse_defaults_when_absent(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "test typed alice"), FO_OK);
	assert_int_equal(f->rec.calls, 1);
	assert_string_equal(f->rec.str, "alice");
	assert_int_equal(f->rec.n, -7);
	assert_false(f->rec.has_n);
	assert_near(f->rec.ratio, -1.0, 1e-9);
	assert_false(f->rec.force);
	assert_string_equal(f->rec.mode, "none");
}

static void test_parse_required_as_option(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "test typed --n -3 --name carol"), FO_OK);
	assert_string_equal(f->rec.str, "carol");
	assert_int_equal(f->rec.n, -3);
}

static void test_parse_argv(void **state)
{
	fx *f = *state;
	char *argv[] = {"test", "typed", "two words", "--mode", "off", NULL};
	fo_out_clear(f->out);
	assert_int_equal(fo_registry_run_argv(f->core, 5, argv, f->out), FO_OK);
	assert_string_equal(f->rec.str, "two words");
	assert_string_equal(f->rec.mode, "off");
}

static void test_parse_bad_int(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "test typed bob --n twelve"), FO_EUSAGE);
	assert_true(strlen(fo_out_err(f->out)) > 0);
	assert_int_equal(run(f, "test typed bob --n 12x"), FO_EUSAGE);
	assert_int_equal(f->rec.calls, 0);
}

static void test_parse_bad_double(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "test typed bob --ratio fast"), FO_EUSAGE);
	assert_int_equal(f->rec.calls, 0);
}

static void test_parse_bad_enum(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "test typed bob --mode medium"), FO_EUSAGE);
	assert_true(strlen(fo_out_err(f->out)) > 0);
	/* A prefix of a choice is not a choice. */
	assert_int_equal(run(f, "test typed bob --mode fas"), FO_EUSAGE);
	assert_int_equal(f->rec.calls, 0);
}

static void test_parse_option_missing_value(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "test typed bob --n"), FO_EUSAGE);
	assert_int_equal(f->rec.calls, 0);
}

static void test_unknown_option(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "test typed bob --bogus 1"), FO_EUSAGE);
	assert_contains(fo_out_err(f->out), "bogus");
	assert_int_equal(f->rec.calls, 0);
}

static void test_too_many_positionals(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "vehicle show V-001 V-002"), FO_EUSAGE);
	assert_int_equal(f->rec.calls, 0);
}

static void test_missing_required_names_arg(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "test typed --n 1"), FO_EUSAGE);
	assert_contains(fo_out_err(f->out), "name");
	assert_int_equal(run(f, "vehicle show"), FO_EUSAGE);
	assert_contains(fo_out_err(f->out), "id");
	assert_int_equal(f->rec.calls, 0);
}

static void test_vehicle_arg(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "vehicle show V-002"), FO_OK);
	assert_string_equal(f->rec.vehicle, "V-002");
	assert_contains(fo_out_text(f->out), "vehicle V-002");
	assert_int_equal(run(f, "vehicle show V-999"), FO_EUSAGE);
	assert_contains(fo_out_err(f->out), "V-999");
	assert_int_equal(f->rec.calls, 1);
}

static void test_fleet_arg(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "fleet show north"), FO_OK);
	assert_int_equal(run(f, "fleet show south"), FO_EUSAGE);
	assert_int_equal(f->rec.calls, 1);
}

static void test_view_arg(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "report show fake.things"), FO_OK);
	assert_int_equal(run(f, "report show fake.nothing"), FO_EUSAGE);
	assert_contains(fo_out_err(f->out), "fake.nothing");
	assert_int_equal(f->rec.calls, 1);
}

static void test_command_failure(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "test fail"), FO_ERR);
	assert_string_equal(fo_out_err(f->out), "boom 7");
	assert_string_equal(fo_out_text(f->out), "partial\n");
	fo_out_clear(f->out);
	assert_string_equal(fo_out_err(f->out), "");
	assert_string_equal(fo_out_text(f->out), "");
}

static void test_out_grows(void **state)
{
	fo_out *o = fo_out_new();
	assert_string_equal(fo_out_text(o), "");
	assert_string_equal(fo_out_err(o), "");
	for (int i = 0; i < 5000; i++)
		fo_out_printf(o, "line %04d %s\n", i, "abcdefghijklmnopqrstuvwxyz");
	const char *t = fo_out_text(o);
	assert_int_equal(strlen(t), 5000 * strlen("line 0000 abcdefghijklmnopqrstuvwxyz\n"));
	assert_true(strncmp(t, "line 0000 ", 10) == 0);
	assert_non_null(strstr(t, "line 4999 abcdefghijklmnopqrstuvwxyz\n"));
	fo_out_free(o);
}

static void test_argv_empty(void **state)
{
	fx *f = *state;
	fo_out_clear(f->out);
	assert_int_equal(fo_registry_run_argv(f->core, 0, NULL, f->out), FO_EUSAGE);
	assert_int_equal(run(f, ""), FO_EUSAGE);
	assert_int_equal(f->rec.calls, 0);
}

static void test_unknown_domain_and_verb(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "nosuch thing"), FO_EUSAGE);
	assert_true(strlen(fo_out_err(f->out)) > 0);
	assert_int_equal(run(f, "vehicle explode V-001"), FO_EUSAGE);
	assert_true(strlen(fo_out_err(f->out)) > 0);
	assert_int_equal(run(f, "vehicle"), FO_EUSAGE);
	assert_int_equal(f->rec.calls, 0);
}

static void test_unbalanced_line_is_usage(void **state)
{
	fx *f = *state;
	assert_int_equal(run(f, "test typed 'bob"), FO_EUSAGE);
	assert_int_equal(f->rec.calls, 0);
}

/* ---- readonly */

static void test_readonly_refuses_mutating(void **state)
{
	fx *f = *state;
	f->core->readonly = true;
	assert_int_equal(run(f, "vehicle stop V-001"), FO_ERR);
	assert_contains(fo_out_err(f->out), "refused");
	assert_int_equal(f->rec.calls, 0);
	/* Also through argv, the shell's path. */
	char *argv[] = {"test", "typed", "bob", NULL};
	fo_out_clear(f->out);
	assert_int_equal(fo_registry_run_argv(f->core, 3, argv, f->out), FO_ERR);
	assert_contains(fo_out_err(f->out), "refused");
	assert_int_equal(f->rec.calls, 0);
	/* A read-only-safe command still runs. */
	assert_int_equal(run(f, "vehicle show V-001"), FO_OK);
	assert_int_equal(f->rec.calls, 1);
	/* And without readonly the mutating one runs. */
	f->core->readonly = false;
	assert_int_equal(run(f, "vehicle stop V-001"), FO_OK);
	assert_int_equal(f->rec.calls, 2);
}

/* ---- usage */

static void test_usage_line(void **state)
{
	char buf[256];
	static const fo_cmd_spec show = {"vehicle", "show", "", vehicle_args, 2, 0, noop};
	fo_cmd_usage(&show, buf, sizeof buf);
	assert_contains(buf, "vehicle show");
	assert_contains(buf, "--history");
	/* The required arg appears, in any case. */
	assert_true(strstr(buf, "ID") || strstr(buf, "id"));
}

/* ---- split */

static void test_split_plain(void **state)
{
	char **w = NULL;
	int n = fo_split_line("  vehicle   show\tV-001  ", &w);
	assert_int_equal(n, 3);
	assert_string_equal(w[0], "vehicle");
	assert_string_equal(w[1], "show");
	assert_string_equal(w[2], "V-001");
	fo_split_free(w, n);

	w = NULL;
	n = fo_split_line("   ", &w);
	assert_int_equal(n, 0);
	fo_split_free(w, n);
}

static void test_split_quotes(void **state)
{
	char **w = NULL;
	int n = fo_split_line("a 'b c' \"d e\" f\\ g '' x", &w);
	assert_int_equal(n, 6);
	assert_string_equal(w[0], "a");
	assert_string_equal(w[1], "b c");
	assert_string_equal(w[2], "d e");
	assert_string_equal(w[3], "f g");
	assert_string_equal(w[4], "");
	assert_string_equal(w[5], "x");
	fo_split_free(w, n);
}

static void test_split_nested_quotes(void **state)
{
	char **w = NULL;
	/* Each quote kind protects the other; quoted parts join the word. */
	int n = fo_split_line("say \"it's\" 'a \"b\"' pre'fix'", &w);
	assert_int_equal(n, 4);
	assert_string_equal(w[1], "it's");
	assert_string_equal(w[2], "a \"b\"");
	assert_string_equal(w[3], "prefix");
	fo_split_free(w, n);
}

static void test_split_backslash(void **state)
{
	char **w = NULL;
	int n = fo_split_line("a\\'b \\\"q", &w);
	assert_int_equal(n, 2);
	assert_string_equal(w[0], "a'b");
	assert_string_equal(w[1], "\"q");
	fo_split_free(w, n);
}

static void test_split_unbalanced(void **state)
{
	char **w = NULL;
	assert_int_equal(fo_split_line("a 'b c", &w), -1);
	w = NULL;
	assert_int_equal(fo_split_line("a \"b c", &w), -1);
	w = NULL;
	assert_int_equal(fo_split_line("\"it's", &w), -1);
}

/* ---- completion */

typedef struct {
	char cand[32][64];
	int n;
} cands;

static void collect(const char *c, void *ud)
{
	cands *cs = ud;
	if (cs->n < 32)
		snprintf(cs->cand[cs->n++], sizeof cs->cand[0], "%s", c);
}

static bool has_cand(const cands *cs, const char *s)
{
	for (int i = 0; i < cs->n; i++)
		if (strcmp(cs->cand[i], s) == 0)
			return true;
	return false;
}

static void test_complete_domain(void **state)
{
	fx *f = *state;
	cands cs = {.n = 0};
	fo_registry_complete(f->core, "veh", collect, &cs);
	assert_true(has_cand(&cs, "vehicle"));
	assert_false(has_cand(&cs, "test"));
	assert_false(has_cand(&cs, "fleet"));
	/* A domain is offered once, not once per verb. */
	int seen = 0;
	for (int i = 0; i < cs.n; i++)
		seen += strcmp(cs.cand[i], "vehicle") == 0;
	assert_int_equal(seen, 1);
}

static void test_complete_verb(void **state)
{
	fx *f = *state;
	cands cs = {.n = 0};
	fo_registry_complete(f->core, "vehicle s", collect, &cs);
	assert_true(has_cand(&cs, "show"));
	assert_true(has_cand(&cs, "stop"));
	assert_false(has_cand(&cs, "typed"));
	cs.n = 0;
	fo_registry_complete(f->core, "vehicle sh", collect, &cs);
	assert_int_equal(cs.n, 1);
	assert_string_equal(cs.cand[0], "show");
}

static void test_complete_fleet_and_view(void **state)
{
	fx *f = *state;
	cands cs = {.n = 0};
	fo_registry_complete(f->core, "fleet show no", collect, &cs);
	assert_true(has_cand(&cs, "north"));
	cs.n = 0;
	fo_registry_complete(f->core, "report show fa", collect, &cs);
	assert_true(has_cand(&cs, "fake.things"));
}

static void test_complete_options_and_choices(void **state)
{
	fx *f = *state;
	cands cs = {.n = 0};
	fo_registry_complete(f->core, "test typed bob --f", collect, &cs);
	assert_true(has_cand(&cs, "--force"));
	assert_false(has_cand(&cs, "--mode"));
	cs.n = 0;
	fo_registry_complete(f->core, "test typed bob --mode ", collect, &cs);
	assert_int_equal(cs.n, 3);
	assert_true(has_cand(&cs, "fast"));
	assert_true(has_cand(&cs, "slow"));
	assert_true(has_cand(&cs, "off"));
	/* Nothing to offer for an unknown command, and no crash. */
	cs.n = 0;
	fo_registry_complete(f->core, "nosuch verb x", collect, &cs);
	assert_int_equal(cs.n, 0);
	fo_registry_complete(f->core, "vehicle show 'V-", collect, &cs);
	assert_int_equal(cs.n, 0);
}

static void test_complete_vehicle_id(void **state)
{
	fx *f = *state;
	cands cs = {.n = 0};
	fo_registry_complete(f->core, "vehicle show V-", collect, &cs);
	assert_true(has_cand(&cs, "V-001"));
	assert_true(has_cand(&cs, "V-002"));
	assert_false(has_cand(&cs, "W-100"));
	cs.n = 0;
	fo_registry_complete(f->core, "vehicle show ", collect, &cs);
	assert_true(has_cand(&cs, "W-100"));
	assert_true(has_cand(&cs, "V-001"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_duplicate_refused),
	    cmocka_unit_test(test_add_missing_fields_refused),
	    cmocka_unit_test(test_required_after_optional_refused),
	    cmocka_unit_test(test_sorted_and_has_domain),
	    cmocka_unit_test(test_remove_owner),
	    cmocka_unit_test_setup_teardown(test_parse_positional_and_options, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_parse_defaults_when_absent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_parse_required_as_option, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_parse_argv, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_parse_bad_int, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_parse_bad_double, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_parse_bad_enum, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_parse_option_missing_value, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_option, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_too_many_positionals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_required_names_arg, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_vehicle_arg, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fleet_arg, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_view_arg, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_command_failure, setup, teardown),
	    cmocka_unit_test(test_out_grows),
	    cmocka_unit_test_setup_teardown(test_argv_empty, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_domain_and_verb, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unbalanced_line_is_usage, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_readonly_refuses_mutating, setup, teardown),
	    cmocka_unit_test(test_usage_line),
	    cmocka_unit_test(test_split_plain),
	    cmocka_unit_test(test_split_quotes),
	    cmocka_unit_test(test_split_nested_quotes),
	    cmocka_unit_test(test_split_backslash),
	    cmocka_unit_test(test_split_unbalanced),
	    cmocka_unit_test_setup_teardown(test_complete_domain, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_complete_verb, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_complete_vehicle_id, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_complete_fleet_and_view, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_complete_options_and_choices, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
