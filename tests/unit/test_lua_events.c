/* test_lua_events.c — what fleetops.on handlers get for the plugin
 * header's generic payloads (name/value fields, JSON text), a vehicle
 * event of a plugin's own (the vehicle head), and a payload of unknown kind
 * (the topic only). */
#include "helpers.h"

#include "lua_host.h"
#include "lua_int.h"

#include "lua_fixture.h"

/* The log file's text (OWNED). */
static char *slurp(const char *path)
{
	size_t len;
	char err[256];
	char *text = fo_file_read(path, &len, err, sizeof err);
	if (!text)
		fail_msg("%s", err);
	return text;
}

static void test_generic_payloads(void **state)
{
	(void)state;
	lua_fixture f;
	char log[512];
	char dir[256];
	fo_test_tmpdir(dir, sizeof dir);
	snprintf(log, sizeof log, "%s/fleetops.log", dir);
	const char *extra[] = {"log_file", log, NULL};
	lua_fx_open_with(&f, NULL, NULL, extra);
	lua_fx_write(&f, "ev.lua",
	             "fleetops.on('*', function(e)\n"
	             "  if e.topic:sub(1, 5) ~= 'test.' and e.topic ~= 'vehicle.custom' then "
	             "return end\n"
	             "  local f = e.fields or {}\n"
	             "  fleetops.log(string.format('EV %s src=%s id=%s re=%s a=%s binlen=%s "
	             "json=%s k=%s n=%s veh=%s', e.topic, tostring(e.source), tostring(e.id), "
	             "tostring(e.redelivered), tostring(f.a), tostring(f.bin and #f.bin), "
	             "tostring(e.json), tostring(e.k), tostring(e.n), tostring(e.vehicle)))\n"
	             "end)\n");
	fo_lua_host_start(f.core->lua, false);
	fo_lua_script *s = lua_fx_script(&f, "ev");
	assert_non_null(s);
	if (s->state != FO_LUA_RUNNING)
		fail_msg("ev.lua: %s", s->error);

	/* fields with exact lengths: a value may hold a NUL */
	const char *names[] = {"a", "bin"};
	const char *values[] = {"1", "x\0y"};
	const size_t lens[] = {1, 3};
	fo_bus_fields fl = {"stream-1", "5-0", 2, names, values, lens, true};
	fo_bus_publish_fields(f.core, "test.fields", &fl);
	/* without lengths: strlen */
	fo_bus_fields fl2 = {"s2", "", 1, names, values, NULL, false};
	fo_bus_publish_fields(f.core, "test.fields2", &fl2);
	/* JSON text: its members */
	const char *json = "{\"k\":\"v\",\"n\":3}";
	fo_bus_publish_json(f.core, "test.json", json);
	/* the same text published plainly is of no known kind: topic only */
	fo_bus_publish(f.core, "test.plain", json);
	/* a plugin's own vehicle topic: the head */
	fo_vehicle_event head = {"AGV-X", 7};
	fo_bus_publish(f.core, "vehicle.custom", &head);
	/* a fields or JSON payload is recognised only while it is published */
	assert_null(fo_bus_fields_of(&fl));
	assert_null(fo_bus_json_of(json));
	assert_null(fo_bus_fields_of(NULL));

	char *text = slurp(log);
	assert_contains(text, "EV test.fields src=stream-1 id=5-0 re=true a=1 binlen=3 json=nil");
	assert_contains(text, "EV test.fields2 src=s2 id= re=false a=1 binlen=nil");
	assert_contains(text, "EV test.json src=nil id=nil re=nil a=nil binlen=nil "
	                      "json={\"k\":\"v\",\"n\":3} k=v n=3.0 veh=nil");
	assert_contains(text, "EV test.plain src=nil id=nil re=nil a=nil binlen=nil json=nil k=nil "
	                      "n=nil veh=nil");
	assert_contains(text, "EV vehicle.custom src=nil id=nil re=nil a=nil binlen=nil json=nil "
	                      "k=nil n=nil veh=AGV-X");
	free(text);
	assert_int_equal(s->errors, 0);
	lua_fx_close(&f);
	fo_test_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_generic_payloads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
