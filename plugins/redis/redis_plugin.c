/* redis_plugin.c — the Redis plugin: options, the two connections, the
 * "redis" feed status, and the commands
 *   redis status                      connections and counters
 *   redis consume [--seconds N] [--delay-ms MS]
 *                                     shell only: run the consumer, printing
 *                                     `event ID STREAM FIELD=VALUE...` per entry
 *   redis run [--seconds N]           shell only: run the feeds N seconds
 *                                     (with --demo: publish the simulator's
 *                                     events), then print the counters
 * With no redis URL the plugin loads, registers its commands and stays idle. */
#include "redis_int.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

const fo_plugin_desc *fo_plugin_entry(void);

/* ---------------------------------------------------------------- status */

void rd_status_changed(rd_state *s)
{
	if (!s->feed)
		return;
	bool con_needed = s->nstreams > 0;
	bool up = s->pub.ready && (!con_needed || s->con.ready);
	const char *why = NULL;
	if (!s->pub.ready)
		why = s->pub.error;
	else if (con_needed && !s->con.ready)
		why = s->con.error;
	fo_feed_set_connected(s->feed, up, up ? NULL : why);
}

static void pub_ready(rd_conn *c, void *ud)
{
	(void)c;
	rd_state *s = ud;
	rd_pub_ready(s);
	rd_status_changed(s);
}

static void pub_down(rd_conn *c, void *ud)
{
	(void)c;
	rd_status_changed(ud);
}

static void con_ready(rd_conn *c, void *ud)
{
	(void)c;
	rd_state *s = ud;
	rd_con_ready(s);
	rd_status_changed(s);
}

static void con_down(rd_conn *c, void *ud)
{
	(void)c;
	rd_state *s = ud;
	rd_con_down(s);
	rd_status_changed(s);
}

/* The first loop turn: connect.  A one-shot command that never runs the
 * loop (fleetops vehicle list) never touches Redis. */
static void kick_cb(fo_core *core, void *ud)
{
	(void)core;
	rd_state *s = ud;
	s->kick = NULL;
	if (!*s->url.shown || s->started)
		return;
	s->started = true;
	rd_conn_start(&s->pub);
	if (s->nstreams)
		rd_conn_start(&s->con);
}

/* ---------------------------------------------------------------- commands */

static bool need_redis(rd_state *s, fo_out *out, const char *what, bool shell_only)
{
	if (!*s->url.shown) {
		fo_out_error(out, "%s: no Redis configured (--redis URL)%s%s", what,
		             *s->last_error ? ": " : "", s->last_error);
		return false;
	}
	if (shell_only && fo_core_has_frontend(s->core)) {
		fo_out_error(out, "%s runs from the shell (fleetops %s)", what, what);
		return false;
	}
	return true;
}

static void conn_line(fo_out *out, const rd_conn *c)
{
	char since[48] = "";
	if (c->since_wall) {
		char t[32];
		fo_iso_time(c->since_wall, t, sizeof t);
		snprintf(since, sizeof since, " since %s", t);
	}
	if (c->ready)
		fo_out_printf(out, "%-10s up%s, %lu connection%s, %ld awaiting reply\n", c->name,
		              since, c->connects, c->connects == 1 ? "" : "s", c->inflight);
	else
		fo_out_printf(out, "%-10s down%s: %s; %lu connection%s so far\n", c->name, since,
		              c->error, c->connects, c->connects == 1 ? "" : "s");
}

static fo_status cmd_status(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)core;
	(void)a;
	rd_state *s = ud;
	if (!need_redis(s, out, "redis status", false))
		return FO_ERR;
	fo_out_printf(out, "redis      %s\n", s->url.shown);
	fo_out_printf(out, "events     %s (MAXLEN ~ %s), state hashes %s:vehicle:ID\n",
	              s->events_key, s->maxlen, s->prefix);
	conn_line(out, &s->pub);
	if (s->nstreams) {
		conn_line(out, &s->con);
		fo_out_printf(out, "inbound    ");
		for (size_t i = 0; i < s->nstreams; i++)
			fo_out_printf(out, "%s%s", i ? "," : "", s->streams[i]);
		fo_out_printf(out, " as %s/%s\n", s->group, s->consumer);
	} else {
		fo_out_printf(out, "inbound    none (redis.inbound)\n");
	}
	fo_out_printf(out,
	              "published  %llu events, %llu state hashes, %zu queued, %llu dropped, "
	              "%llu refused\n",
	              s->st.events, s->st.hashes, s->qlen, s->st.dropped, s->st.pub_errors);
	fo_out_printf(out, "consumed   %llu entries, %llu acknowledged, %llu claimed\n",
	              s->st.consumed, s->st.acked, s->st.claimed);
	if (*s->last_error)
		fo_out_printf(out, "last error %s\n", s->last_error);
	return FO_OK;
}

static void stop_loop(fo_core *core, void *ud)
{
	(void)ud;
	fo_core_stop(core);
}

/* Time is up: no new entries, acknowledge what is done, give the
 * acknowledgements a moment to reach the server, stop. */
static void end_run(fo_core *core, void *ud)
{
	rd_state *s = ud;
	rd_con_stop(s);
	s->delay_ms = 0;
	fo_timer_start(core, 300, 0, stop_loop, s);
}

static fo_status run_for(fo_core *core, rd_state *s, fo_out *out, long secs)
{
	if (secs <= 0 || secs > 86400) {
		fo_out_error(out, "--seconds must be 1..86400");
		return FO_EUSAGE;
	}
	fo_timer_start(core, (uint64_t)secs * 1000, 0, end_run, s);
	/* shell only (need_redis checked): the loop is not running yet */
	fo_core_run(core);
	fo_out_printf(out,
	              "published %llu events, %llu state hashes; consumed %llu entries, "
	              "%llu acknowledged, %llu claimed; %lu+%lu connections\n",
	              s->st.events, s->st.hashes, s->st.consumed, s->st.acked, s->st.claimed,
	              s->pub.connects, s->con.connects);
	return FO_OK;
}

static fo_status cmd_consume(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	rd_state *s = ud;
	if (!need_redis(s, out, "redis consume", true))
		return FO_ERR;
	if (!s->nstreams) {
		fo_out_error(out, "redis consume: no inbound streams (--redis-inbound S1,S2 or "
		                  "redis.inbound)");
		return FO_EUSAGE;
	}
	long delay = fo_args_int(a, "delay-ms", 0);
	if (delay < 0 || delay > 60000) {
		fo_out_error(out, "--delay-ms must be 0..60000");
		return FO_EUSAGE;
	}
	s->delay_ms = delay;
	s->print = true;
	printf("consuming");
	for (size_t i = 0; i < s->nstreams; i++)
		printf("%s%s", i ? "," : " ", s->streams[i]);
	printf(" as %s/%s\n", s->group, s->consumer);
	fflush(stdout);
	return run_for(core, s, out, fo_args_int(a, "seconds", 10));
}

static fo_status cmd_run(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	rd_state *s = ud;
	if (!need_redis(s, out, "redis run", true))
		return FO_ERR;
	return run_for(core, s, out, fo_args_int(a, "seconds", 10));
}

static const fo_arg_spec consume_args[] = {
    {"seconds", FO_ARG_INT, false, NULL, "run this long (default 10)"},
    {"delay-ms", FO_ARG_INT, false, NULL, "wait this long after each entry (tests)"},
};
static const fo_arg_spec run_args[] = {
    {"seconds", FO_ARG_INT, false, NULL, "run this long (default 10)"},
};

/* ---------------------------------------------------------------- life cycle */

/* hiredis' libuv adapter closes its poll handle with a callback in this
 * object, which the core's final loop turn runs after the plugins are
 * unloaded: keep this object (and hiredis) mapped until exit. */
static void stay_mapped(fo_core *core)
{
	Dl_info info;
	if (!dladdr((void *)fo_plugin_entry, &info) || !info.dli_fname) {
		fo_log(core, FO_LOG_WARN, "redis: cannot find its own object to keep it loaded");
		return;
	}
	void *h = dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
	if (h)
		dlclose(h); /* NODELETE sticks: the object is never unloaded */
}

static void split_streams(rd_state *s, const char *list)
{
	const char *p = list;
	while (*p) {
		p += strspn(p, " ,");
		size_t n = strcspn(p, ",");
		size_t t = n;
		while (t && p[t - 1] == ' ')
			t--;
		if (t) {
			char **v = realloc(s->streams, (s->nstreams + 1) * sizeof *v);
			char *name = malloc(t + 1);
			if (!v || !name)
				abort();
			memcpy(name, p, t);
			name[t] = 0;
			s->streams = v;
			s->streams[s->nstreams++] = name;
		}
		p += n;
	}
}

static void state_free(rd_state *s)
{
	for (size_t i = 0; i < s->nstreams; i++)
		free(s->streams[i]);
	free(s->streams);
	free(s);
}

static const fo_cmd_spec redis_cmds[] = {
    {"redis", "status", "Redis connections, streams and counters", NULL, 0, FO_CMD_READONLY_SAFE,
     cmd_status},
    {"redis", "consume", "run the inbound consumer, printing each entry (shell only)", consume_args,
     2, 0, cmd_consume}, /* it acknowledges entries */
    {"redis", "run", "run the Redis feeds for a while, then print counters (shell only)", run_args,
     1, 0, cmd_run},
};

static fo_status rd_init(fo_core *core, void **state, char *err, size_t errlen)
{
	if (fo_options_register(core, redis_options, redis_noptions) != 0) {
		snprintf(err, errlen, "cannot declare its options (see the log)");
		return FO_ERR;
	}
	rd_state *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	s->core = core;
	if (fo_cmds_register(core, redis_cmds, FO_NELEM(redis_cmds), s, err, errlen) != 0) {
		state_free(s);
		return FO_ERR;
	}
	s->kick = fo_timer_start(core, 0, 0, kick_cb, s);
	*state = s;

	const char *url = fo_config_str(core, "redis");
	if (!*url)
		return FO_OK; /* idle: the commands say how to configure it */
	if (rd_url_parse(url, &s->url, s->last_error, sizeof s->last_error) != 0) {
		/* the console runs without Redis; `redis status` says why */
		fo_log(core, FO_LOG_ERROR, "%s", s->last_error);
		s->url.shown[0] = 0;
		return FO_OK;
	}
	stay_mapped(core);
	snprintf(s->prefix, sizeof s->prefix, "%s", fo_config_str(core, "redis.stream_prefix"));
	snprintf(s->events_key, sizeof s->events_key, "%s:events", s->prefix);
	snprintf(s->maxlen, sizeof s->maxlen, "%ld", fo_config_int(core, "redis.maxlen"));
	s->state_interval_ms = (uint64_t)fo_config_int(core, "redis.state_interval_ms");
	snprintf(s->group, sizeof s->group, "%s", fo_config_str(core, "redis.group"));
	snprintf(s->consumer, sizeof s->consumer, "%s", fo_config_str(core, "redis.consumer"));
	if (!*s->consumer && gethostname(s->consumer, sizeof s->consumer - 1) != 0)
		snprintf(s->consumer, sizeof s->consumer, "fleetops");
	snprintf(s->group_start, sizeof s->group_start, "%s",
	         fo_config_str(core, "redis.group_start"));
	if (strcmp(s->group_start, "$") != 0 && strcmp(s->group_start, "0") != 0) {
		fo_log(core, FO_LOG_WARN, "redis.group_start %s: expected $ or 0; using $",
		       s->group_start);
		snprintf(s->group_start, sizeof s->group_start, "$");
	}
	s->claim_idle_ms = fo_config_int(core, "redis.claim_idle_ms");
	split_streams(s, fo_config_str(core, "redis.inbound"));

	s->feed = fo_feed_register(core, "redis");
	rd_conn_init(&s->pub, core, &s->url, "publisher", pub_ready, pub_down, s);
	rd_conn_init(&s->con, core, &s->url, "consumer", con_ready, con_down, s);
	rd_status_changed(s);
	rd_pub_init(s);
	fo_log(core, FO_LOG_INFO, "redis: %s, events to %s, %zu inbound stream%s", s->url.shown,
	       s->events_key, s->nstreams, s->nstreams == 1 ? "" : "s");
	return FO_OK;
}

static void rd_fini(fo_core *core, void *state)
{
	(void)core;
	rd_state *s = state;
	if (!s)
		return;
	if (s->kick)
		fo_timer_stop(s->kick);
	/* the connections first: their pending callbacks still see the state */
	rd_conn_close(&s->con);
	rd_conn_close(&s->pub);
	rd_con_fini(s);
	rd_pub_fini(s);
	state_free(s);
}

static const fo_plugin_desc rd_desc = {
    .abi = FO_PLUGIN_ABI,
    .name = "redis",
    .version = "0.1.0",
    .summary = "events to Redis Streams, vehicle state hashes, inbound consumer group",
    .init = rd_init,
    .fini = rd_fini,
};

const fo_plugin_desc *fo_plugin_entry(void)
{
	return &rd_desc;
}
