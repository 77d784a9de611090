/* test_lua_sandbox.c — a corpus of escape and abuse attempts, each run as
 * a script of its own: every one is refused (an error naming why) or
 * stopped within 250 ms with its file and line, and the console goes on
 * (a command runs after each).  Also: the instruction budget, the memory
 * cap, the pattern guard's estimate, and a trusted directory. */
#include "lua_fixture.h"

#include "lua_pattern.h"

typedef struct {
	const char *name;
	const char *src;
	const char *expect; /* '|'-separated: the error contains one of them */
} abuse;

static const abuse corpus[] = {
    {"busy_loop", "local x = 0\nwhile true do x = x + 1 end",
     "stopped: time limit|stopped: instruction"},
    {"tail_call_loop", "local function f() return f() end\nf()", "stopped:"},
    /* ~200,000 frames: on a loaded machine the 100 ms limit may come first */
    {"deep_recursion", "local function f() return 1 + f() end\nf()",
     "stack overflow|memory cap|stopped: time limit"},
    {"string_rep_bomb", "local s = string.rep('x', 1 << 30)", "memory cap"},
    {"rep_separator_bomb", "local s = string.rep('ab', 100000000, 'cd')", "memory cap"},
    {"doubling_bomb", "local s = 'x'\nwhile true do s = s .. s end", "memory cap"},
    {"huge_table", "local t = {}\nfor i = 1, 1e9 do t[i] = i end", "memory cap|stopped:"},
    {"table_of_tables", "local t = {}\nfor i = 1, 1e8 do t[#t + 1] = {} end",
     "memory cap|stopped:"},
    {"concat_bomb",
     "local t = {}\nfor i = 1, 64 do t[i] = string.rep('x', 1 << 20) end\n"
     "local s = table.concat(t)\ns = s .. s",
     "memory cap"},
    {"os_execute", "os.execute('touch /tmp/fleetops-escaped')", "field 'execute'"},
    {"os_exit", "os.exit(3)", "field 'exit'"},
    {"os_getenv", "return os.getenv('HOME')", "field 'getenv'"},
    {"os_remove", "os.remove('/tmp/x')", "field 'remove'"},
    {"io_open", "io.open('/etc/passwd')", "global 'io'"},
    {"require_c_module", "require('os')", "global 'require'"},
    {"package_loadlib", "package.loadlib('libc.so.6', 'system')", "global 'package'"},
    {"debug_sethook", "debug.sethook()", "global 'debug'"},
    {"dofile", "dofile('/etc/passwd')", "global 'dofile'"},
    {"loadfile", "loadfile('/etc/passwd')", "global 'loadfile'"},
    {"string_dump", "string.dump(function() end)", "field 'dump'"},
    {"load_bytecode_mode_b",
     "local f, e = load('\\27LuaT\\0\\25\\147', 'x', 'b')\nif f then error('ESCAPED') "
     "end\nerror(e)",
     "binary chunk"},
    {"load_bytecode_default",
     "local f, e = load(string.char(27) .. 'LuaT')\nif f then error('ESCAPED') end\nerror(e)",
     "binary chunk"},
    {"load_text_runaway", "load('while true do end')()", "stopped:"},
    {"pcall_catches_stop", "while true do\n  pcall(function() while true do end end)\nend",
     "stopped:"},
    {"xpcall_catches_stop",
     "while true do\n  xpcall(function() while true do end end, function(e) return e end)\nend",
     "stopped:"},
    {"pcall_error_loop", "while true do pcall(error, 'x') end", "stopped:"},
    {"coroutine_loop",
     "local co = coroutine.wrap(function() while true do coroutine.yield() end end)\n"
     "while true do co() end",
     "stopped:"},
    {"coroutine_resume_catches",
     "while true do\n  coroutine.resume(coroutine.create(function() while true do end end))\nend",
     "stopped:"},
    {"tostring_loop_error",
     "error(setmetatable({}, {__tostring = function() while true do end end}))", "stopped:"},
    {"tostring_raises", "error(setmetatable({}, {__tostring = function() error('inner') end}))",
     "error object is a table value"},
    {"tostring_not_a_string", "error(setmetatable({}, {__tostring = function() return {} end}))",
     "error object is a table value"},
    {"tostring_memory_bomb",
     "error(setmetatable({}, {__tostring = function() return string.rep('x', 1 << 30) end}))",
     "error object is a table value"},
    {"gc_finalizer_loop",
     "setmetatable({}, {__gc = function() while true do end end})\ncollectgarbage()\n"
     "while true do end",
     "__gc metamethods are not allowed"},
    {"gc_finalizer_chain",
     "local function mk() setmetatable({}, {__gc = function() mk() end}) end\nmk()\n"
     "while true do collectgarbage() end",
     "__gc metamethods are not allowed"},
    {"gc_finalizer_late_field",
     "local mt = {}\nlocal t = setmetatable({}, mt)\nmt.__gc = function() while true do end end\n"
     "t = nil\ncollectgarbage()\nwhile true do end",
     "stopped:"},
    {"close_metamethod_loop",
     "do\n  local x <close> = setmetatable({}, {__close = function() while true do end end})\nend",
     "stopped:"},
    {"index_chain_loop", "local t = setmetatable({}, {})\ngetmetatable(t).__index = t\nreturn t.x",
     "chain too long"},
    {"index_function_recursion",
     "local t = setmetatable({}, {__index = function(t, k) return t[k] end})\nreturn t.x",
     "stack overflow"},
    {"global_index_loop",
     "setmetatable(_G, {__index = function() while true do end end})\nreturn undefined_name",
     "stopped:"},
    {"collectgarbage_stop", "collectgarbage('stop')", "not allowed"},
    {"collectgarbage_tuning", "collectgarbage('incremental', 0, 0)", "not allowed"},
    {"collectgarbage_loop", "while true do collectgarbage() end", "stopped:"},
    {"pattern_bomb_find", "string.find(string.rep('a', 5000), '.-.-.-.-b')", "too costly"},
    {"pattern_bomb_gsub", "string.rep('a', 20000):gsub('a-a-a-b', '')", "too costly"},
    {"pattern_bomb_optional", "string.match(string.rep('a', 40), string.rep('a?', 40) .. 'b')",
     "too costly"},
    {"format_width_bomb", "return string.format('%099999999d', 1)", "invalid conversion"},
    {"parser_nesting_bomb",
     "local f, e = load(string.rep('(', 100000) .. '1' .. string.rep(')', 100000))\nerror(e)",
     "overflow|too many"},
    {"exit_outside_run", "fleetops.exit(0)", "fleetops run"},
};

static void test_corpus(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, "100", "16384");
	fo_lua_host *h = f.core->lua;
	size_t n = sizeof corpus / sizeof corpus[0];
	assert_true(n >= 30);
	for (size_t i = 0; i < n; i++) {
		char name[96], path[1024], err[512] = "";
		snprintf(name, sizeof name, "%s.lua", corpus[i].name);
		lua_fx_write(&f, name, corpus[i].src);
		snprintf(path, sizeof path, "%s/%s", f.dir, name);
		fo_lua_script *s = fo_lua_script_new(h, path, false);
		if (getenv("FO_TEST_VERBOSE"))
			fprintf(stderr, "corpus: %s\n", corpus[i].name);
		uint64_t t0 = lua_fx_ms();
		int rc = fo_lua_script_load(s, 0, NULL, NULL, NULL, err, sizeof err);
		uint64_t took = lua_fx_ms() - t0;
		if (rc == 0)
			fail_msg("%s: not refused (it ran to the end)", corpus[i].name);
		bool match = false;
		char alts[256];
		snprintf(alts, sizeof alts, "%s", corpus[i].expect);
		char *save = NULL;
		for (char *a = strtok_r(alts, "|", &save); a; a = strtok_r(NULL, "|", &save))
			match = match || strstr(err, a);
		if (!match)
			fail_msg("%s: error \"%s\", expected one of \"%s\"", corpus[i].name, err,
			         corpus[i].expect);
		if (strstr(err, "ESCAPED"))
			fail_msg("%s escaped: %s", corpus[i].name, err);
		if (strstr(err, "stopped:")) {
			/* reported with the file and a line */
			assert_contains(err, name);
			assert_non_null(strstr(err, ".lua:"));
		}
		/* a runaway is stopped within 250 ms; the rest end at once (a
		 * memory bomb copies up to the cap first: slower under ASan) */
		uint64_t bound = strstr(err, "stopped:") ? 250 : 2000;
		if (took >= bound)
			fail_msg("%s took %llu ms to end (limit %llu)", corpus[i].name,
			         (unsigned long long)took, (unsigned long long)bound);
		fo_lua_script_free(s);
		/* the console goes on */
		assert_int_equal(lua_fx_run(&f, "sim status"), FO_OK);
	}
	lua_fx_close(&f);
}

static void test_instruction_budget(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, "10000", NULL);
	fo_config_set(f.core->config, "scripts.instructions", "100000", FO_SRC_FLAG, NULL, 0);
	lua_fx_write(&f, "spin.lua", "local n = 0\nfor i = 1, 1e9 do n = n + i end\n");
	fo_lua_host_rescan(f.core->lua);
	fo_lua_script *s = lua_fx_script(&f, "spin");
	assert_non_null(s);
	assert_int_equal(s->state, FO_LUA_FAILED);
	assert_contains(s->error, "spin.lua:2: stopped: instruction budget of 100000 exceeded");
	lua_fx_close(&f);
}

static void test_memory_cap_and_recovery(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, NULL, "1024");
	/* a memory error is an ordinary error: caught, and the script goes on */
	lua_fx_write(&f, "mem.lua",
	             "local ok, e = pcall(string.rep, 'x', 4 << 20)\n"
	             "assert(not ok and tostring(e):find('memory'), tostring(e))\n"
	             "fleetops.policy('sim fault', function() return false, 'mem ok' end)\n");
	fo_lua_host_rescan(f.core->lua);
	fo_lua_script *s = lua_fx_script(&f, "mem");
	assert_non_null(s);
	if (s->state != FO_LUA_RUNNING)
		fail_msg("mem.lua: %s", s->error);
	assert_true(s->cur->sb.mem_used < 1024 * 1024);
	assert_int_equal(lua_fx_run(&f, "sim fault AGV-00001"), FO_ERR);
	assert_contains(f.out, "mem ok");
	lua_fx_close(&f);
}

static void test_pattern_estimate(void **state)
{
	(void)state;
	const char *text = "name = value # a comment\nother=thing";
	size_t n = strlen(text);
	/* ordinary patterns over ordinary text: far below the limit */
	assert_true(fo_lua_pattern_cost(text, n, "(%w+)%s*=%s*(%w+)", 17) < 1e5);
	assert_true(fo_lua_pattern_cost(text, n, "^%s*(.-)%s*$", 12) < 1e5);
	assert_true(fo_lua_pattern_cost(text, n, "[^\n]+", 5) < 1e3);
	char big[5001];
	memset(big, 'a', 5000);
	big[5000] = '\0';
	assert_true(fo_lua_pattern_cost(big, 5000, ".-.-b", 5) > FO_LUA_PATTERN_MAX_STEPS);
	assert_true(fo_lua_pattern_cost(big, 5000, "%s+x", 4) < 1e5); /* no spaces at all */
}

static void test_trusted_directory(void **state)
{
	(void)state;
	lua_fixture f;
	lua_fx_open(&f, NULL, NULL);
	fo_config_set(f.core->config, "scripts.trusted", f.dir, FO_SRC_FLAG, NULL, 0);
	lua_fx_write(&f, "trusted.lua",
	             "assert(io and os.getenv and debug and string.dump and package)\n"
	             "fleetops.policy('sim fault', function() return false, 'trusted' end)\n");
	fo_lua_host_rescan(f.core->lua);
	fo_lua_script *s = lua_fx_script(&f, "trusted");
	assert_non_null(s);
	assert_true(s->trusted);
	if (s->state != FO_LUA_RUNNING)
		fail_msg("trusted.lua: %s", s->error);
	lua_fx_close(&f);
}

typedef struct {
	size_t calls, len;
	char head[64];
	char tail[64];
} printed;

static void capture_print(void *ud, const char *text, size_t len)
{
	printed *p = ud;
	p->calls++;
	p->len = len;
	snprintf(p->head, sizeof p->head, "%.*s", (int)(len < 63 ? len : 63), text);
	size_t from = len > 63 ? len - 63 : 0;
	snprintf(p->tail, sizeof p->tail, "%.*s", (int)(len - from), text + from);
}

/* Runs src in a bare sandbox; returns the pcall status, err filled. */
static int sandbox_run(fo_lua_sandbox *sb, const char *src, char *err, size_t errlen)
{
	lua_State *L = fo_lua_sandbox_new(sb, err, errlen);
	assert_non_null(L);
	fo_lua_sandbox_enter(L);
	int st = fo_lua_sandbox_load(L, src, strlen(src), "@t.lua", err, errlen);
	if (st == LUA_OK)
		st = fo_lua_sandbox_pcall(L, 0, 0, err, errlen);
	fo_lua_sandbox_leave(L);
	fo_lua_sandbox_close(L);
	return st;
}

/* print with several arguments past the buffer's first block (~8 KB): the
 * tab separator once grew the buffer with a string on top of its box */
static void test_print_large(void **state)
{
	(void)state;
	static const struct {
		const char *src;
		size_t len;
		const char *head, *tail;
	} cases[] = {
	    {"print(string.rep('x', 8000), 1)", 8002, "xxx", "x\t1"},
	    {"print(string.rep('x', 8190), 2, 3)", 8194, "xxx", "x\t2\t3"},
	    {"print(1, string.rep('y', 20000), string.rep('z', 20000))", 40003, "1\tyyy", "zzz"},
	    {"local t = {}\nfor i = 1, 3000 do t[i] = i end\nprint(table.unpack(t))", 0, "1\t2\t3",
	     "2999\t3000"},
	    {"print(setmetatable({}, {__tostring = function() return string.rep('m', 9000) end}), "
	     "'end')",
	     9004, "mmm", "m\tend"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		printed p = {0};
		fo_lua_sandbox sb = {.mem_limit = 16u << 20,
		                     .instr_limit = 100000000,
		                     .time_limit_ms = 2000,
		                     .print_fn = capture_print,
		                     .ud = &p};
		char err[512] = "";
		if (sandbox_run(&sb, cases[i].src, err, sizeof err) != LUA_OK)
			fail_msg("%s: %s", cases[i].src, err);
		assert_int_equal(p.calls, 1);
		if (cases[i].len)
			assert_int_equal(p.len, cases[i].len);
		if (strncmp(p.head, cases[i].head, strlen(cases[i].head)) != 0)
			fail_msg("%s: starts \"%s\"", cases[i].src, p.head);
		size_t tl = strlen(p.tail), el = strlen(cases[i].tail);
		if (tl < el || strcmp(p.tail + tl - el, cases[i].tail) != 0)
			fail_msg("%s: ends \"%s\"", cases[i].src, p.tail);
	}
}

/* An error table's __tostring is its message, with the file and line. */
static void test_error_tostring(void **state)
{
	(void)state;
	fo_lua_sandbox sb = {
	    .mem_limit = 16u << 20, .instr_limit = 100000000, .time_limit_ms = 2000};
	char err[512] = "";
	assert_int_not_equal(
	    sandbox_run(&sb,
	                "local E = {__tostring = function(e) return 'bad thing: ' .. e.what end}\n"
	                "error(setmetatable({what = 'AGV-7'}, E))",
	                err, sizeof err),
	    LUA_OK);
	assert_string_equal(err, "t.lua:2: bad thing: AGV-7");
	/* without one: named by its type */
	assert_int_not_equal(sandbox_run(&sb, "\nerror({})", err, sizeof err), LUA_OK);
	assert_string_equal(err, "t.lua:2: (error object is a table value)");
	/* a string error is left as it is */
	assert_int_not_equal(sandbox_run(&sb, "error('plain', 0)", err, sizeof err), LUA_OK);
	assert_string_equal(err, "plain");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corpus),
	    cmocka_unit_test(test_instruction_budget),
	    cmocka_unit_test(test_memory_cap_and_recovery),
	    cmocka_unit_test(test_pattern_estimate),
	    cmocka_unit_test(test_trusted_directory),
	    cmocka_unit_test(test_print_large),
	    cmocka_unit_test(test_error_tostring),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
