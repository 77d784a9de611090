/* alert_cmds.c — the `alert` commands: list, show, ack, silence,
 * unsilence, silences, history, raise, resolve. */
#include "alert_core.h"

#include "core.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static fo_alerts *engine(fo_core *core, fo_out *out)
{
	fo_alerts *e = fo_alert_core_engine(core, true);
	if (!e)
		fo_out_error(out, "the alert engine is not running");
	return e;
}

static const char *actor(fo_core *core)
{
	const char *op = fo_config_get_str(core->config, "operator");
	if (*op)
		return op;
	const char *u = getenv("USER");
	return u && *u ? u : "unknown";
}

static void when(uint64_t ms, char *buf, size_t len)
{
	if (!ms) {
		snprintf(buf, len, "-");
		return;
	}
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M:%SZ", &tm);
}

/* "2h", "30m", "90s", "1d", "1h30m", or plain seconds; 0 on error. */
uint64_t fo_alert_parse_duration(const char *s)
{
	uint64_t total = 0;
	const char *p = s ? s : "";
	if (!*p)
		return 0;
	while (*p) {
		char *end;
		double v = strtod(p, &end);
		if (end == p || v < 0)
			return 0;
		uint64_t unit = 1000;
		switch (*end) {
		case 'd':
			unit = 86400000;
			end++;
			break;
		case 'h':
			unit = 3600000;
			end++;
			break;
		case 'm':
			unit = 60000;
			end++;
			break;
		case 's':
			end++;
			break;
		case '\0':
			break;
		default:
			return 0;
		}
		total += (uint64_t)(v * (double)unit);
		p = end;
	}
	return total;
}

static bool state_wanted(const fo_alert *a, const char *want)
{
	if (strcmp(want, "all") == 0)
		return true;
	if (strcmp(want, "active") == 0)
		return a->state == FO_ALERT_FIRING || a->state == FO_ALERT_PENDING;
	if (strcmp(want, "silenced") == 0)
		return fo_alert_muted(a) &&
		       (a->state == FO_ALERT_FIRING || a->state == FO_ALERT_PENDING);
	return strcmp(fo_alert_state_name(a->state), want) == 0;
}

static fo_status cmd_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	fo_alerts *e = engine(core, out);
	if (!e)
		return FO_ERR;
	const char *want = fo_args_str(a, "state", "active");
	fo_out_printf(out, "%-8s %-9s %-8s %-16s %-9s %-5s %s\n", "ID", "STATE", "SEVERITY",
	              "ALERT", "VALUE", "FLAGS", "LABELS");
	size_t shown = 0;
	for (size_t i = 0; i < fo_alerts_count(e); i++) {
		const fo_alert *x = fo_alerts_at(e, i);
		if (!state_wanted(x, want))
			continue;
		char lt[200];
		fo_labels_text(&x->labels, lt, sizeof lt);
		const char *sev = fo_labels_get(&x->labels, "severity");
		fo_out_printf(out, "%-8.8s %-9s %-8s %-16s %-9.4g %c%c%c   %s\n", x->id,
		              fo_alert_state_name(x->state), sev ? sev : "-",
		              fo_labels_get(&x->labels, "alertname"), x->value,
		              x->silenced_by[0] ? 'S' : '-', x->inhibited ? 'I' : '-',
		              x->acked_at ? 'A' : '-', lt);
		shown++;
	}
	fo_out_printf(out, "%zu alert%s (%s); flags: S silenced, I inhibited, A acknowledged\n",
	              shown, shown == 1 ? "" : "s", want);
	if (core->alerts && core->alerts->role == FO_ALERT_ROLE_FOLLOW)
		fo_out_printf(out, "rules evaluated by another process sharing the store "
		                   "(alerts.evaluate); shown from its records\n");
	return FO_OK;
}

static fo_status cmd_show(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	fo_alerts *e = engine(core, out);
	if (!e)
		return FO_ERR;
	char err[200], t[40];
	const fo_alert *x = fo_alerts_find(e, fo_args_str(a, "id", ""), err, sizeof err);
	if (!x) {
		fo_out_error(out, "alert show: %s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "id          %s\nrule        %s\nstate       %s\nvalue       %g\n",
	              x->id, x->rule, fo_alert_state_name(x->state), x->value);
	for (size_t i = 0; i < x->labels.n; i++)
		fo_out_printf(out, "label       %s=%s\n", x->labels.kv[2 * i],
		              x->labels.kv[2 * i + 1]);
	for (size_t i = 0; i < x->annotations.n; i++)
		fo_out_printf(out, "%-11s %s\n", x->annotations.kv[2 * i],
		              x->annotations.kv[2 * i + 1]);
	when(x->active_at, t, sizeof t);
	fo_out_printf(out, "active      %s\n", t);
	when(x->fired_at, t, sizeof t);
	fo_out_printf(out, "fired       %s\n", t);
	when(x->resolved_at, t, sizeof t);
	fo_out_printf(out, "resolved    %s\n", t);
	if (x->acked_at) {
		when(x->acked_at, t, sizeof t);
		fo_out_printf(out, "acknowledged by %s at %s%s%s\n", x->acked_by, t,
		              x->ack_note ? ": " : "", x->ack_note ? x->ack_note : "");
	}
	if (x->silenced_by[0])
		fo_out_printf(out, "silenced by %.8s\n", x->silenced_by);
	if (x->inhibited)
		fo_out_printf(out, "inhibited\n");
	if (x->rate_limited)
		fo_out_printf(out, "left out of %lu notifications by the rate limit\n",
		              x->rate_limited);
	return FO_OK;
}

/* The words of a REST argument joined by spaces, after a prefix. */
static void join_rest(const fo_args *a, const char *name, const char *prefix, char *buf, size_t len)
{
	char *const *w;
	size_t n = fo_args_rest(a, name, &w);
	size_t o = (size_t)snprintf(buf, len, "%s", prefix ? prefix : "");
	for (size_t i = 0; i < n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? " " : "", w[i]);
}

static fo_status cmd_ack(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	fo_alerts *e = engine(core, out);
	if (!e)
		return FO_ERR;
	char note[512], err[200];
	join_rest(a, "text", fo_args_str(a, "note", ""), note, sizeof note);
	if (fo_alerts_ack(e, fo_args_str(a, "id", ""), actor(core), note, err, sizeof err) != 0) {
		fo_out_error(out, "alert ack: %s", err);
		return FO_ERR;
	}
	const fo_alert *x = fo_alerts_find(e, fo_args_str(a, "id", ""), err, sizeof err);
	const char *name = fo_labels_get(&x->labels, "alertname");
	fo_out_printf(out, "acknowledged %.8s (%s) as %s\n", x->id, name ? name : x->rule,
	              actor(core));
	if (core->store)
		fo_store_drain(core->store);
	return FO_OK;
}

static fo_status cmd_silence(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	fo_alerts *e = engine(core, out);
	if (!e)
		return FO_ERR;
	const char *dur = fo_args_str(a, "duration", "2h");
	uint64_t ms = fo_alert_parse_duration(dur);
	if (!ms) {
		fo_out_error(out, "alert silence: bad duration '%s' (e.g. 2h, 30m, 1h30m)", dur);
		return FO_EUSAGE;
	}
	char comment[512], err[200];
	join_rest(a, "text", fo_args_str(a, "comment", ""), comment, sizeof comment);
	const char *author = actor(core);
	uint64_t now = fo_wall_ms();
	const fo_silence *s = fo_alerts_silence(e, fo_args_str(a, "matcher", ""), now, now + ms,
	                                        author, comment, err, sizeof err);
	if (!s) {
		fo_out_error(out, "alert silence: %s", err);
		return FO_EUSAGE;
	}
	char t[40];
	when(s->ends_at, t, sizeof t);
	fo_out_printf(out, "silence %.8s: %s until %s by %s\n", s->id, s->matchers_text, t,
	              s->author);
	if (core->store)
		fo_store_drain(core->store);
	return FO_OK;
}

static fo_status cmd_unsilence(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	fo_alerts *e = engine(core, out);
	if (!e)
		return FO_ERR;
	char err[200];
	if (fo_alerts_unsilence(e, fo_args_str(a, "id", ""), err, sizeof err) != 0) {
		fo_out_error(out, "alert unsilence: %s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "silence %s expired\n", fo_args_str(a, "id", ""));
	if (core->store)
		fo_store_drain(core->store);
	return FO_OK;
}

static fo_status cmd_silences(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	fo_alerts *e = engine(core, out);
	if (!e)
		return FO_ERR;
	bool all = fo_args_flag(a, "all");
	uint64_t now = fo_wall_ms();
	fo_out_printf(out, "%-8s %-7s %-20s %-10s %-30s %s\n", "ID", "STATE", "ENDS", "AUTHOR",
	              "MATCHERS", "COMMENT");
	size_t n = 0;
	for (size_t i = 0; i < fo_alerts_silence_count(e); i++) {
		const fo_silence *s = fo_alerts_silence_at(e, i);
		const char *st = fo_silence_active(s, now) ? "active"
		                 : now < s->starts_at      ? "pending"
		                                           : "expired";
		if (!all && s->ends_at <= now)
			continue;
		char t[40];
		when(s->ends_at, t, sizeof t);
		fo_out_printf(out, "%-8.8s %-7s %-20s %-10s %-30s %s\n", s->id, st, t, s->author,
		              s->matchers_text, s->comment);
		n++;
	}
	fo_out_printf(out, "%zu silence%s\n", n, n == 1 ? "" : "s");
	return FO_OK;
}

static fo_status cmd_history(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	long limit = fo_args_int(a, "limit", 50);
	if (limit < 0) {
		fo_out_error(
		    out, "alert history: --limit takes a whole number >= 0 (0: all kept), not %ld",
		    limit);
		return FO_EUSAGE;
	}
	fo_alerts *e = engine(core, out);
	if (!e)
		return FO_ERR;
	size_t n = fo_alerts_history_count(e);
	size_t first = limit > 0 && (size_t)limit < n ? n - (size_t)limit : 0;
	fo_out_printf(out, "%-20s %-8s %-16s %-22s %s\n", "AT", "ID", "ALERT", "CHANGE", "LABELS");
	for (size_t i = first; i < n; i++) {
		const fo_alert_event *ev = fo_alerts_history_at(e, i);
		char t[40], ch[64];
		when(ev->at, t, sizeof t);
		if (ev->ack)
			snprintf(ch, sizeof ch, "acknowledged");
		else
			snprintf(ch, sizeof ch, "%s -> %s", fo_alert_state_name(ev->from),
			         fo_alert_state_name(ev->to));
		fo_out_printf(out, "%-20s %-8.8s %-16s %-22s %s%s%s\n", t, ev->alert_id, ev->rule,
		              ch, ev->labels, ev->ack ? "  " : "", ev->ack ? ev->note : "");
	}
	return FO_OK;
}

static fo_status cmd_raise(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	fo_alerts *e = engine(core, out);
	if (!e)
		return FO_ERR;
	char err[200];
	fo_matchers ms = {0};
	const char *lt = fo_args_str(a, "labels", "");
	if (*lt && fo_matchers_parse(&ms, lt, err, sizeof err) != 0) {
		fo_out_error(out, "alert raise: labels: %s", err);
		return FO_EUSAGE;
	}
	const char **pairs = calloc(2 * (ms.n + 1), sizeof *pairs);
	if (!pairs)
		abort();
	pairs[0] = "alertname";
	pairs[1] = fo_args_str(a, "name", "");
	for (size_t i = 0; i < ms.n; i++) {
		pairs[2 * i + 2] = ms.m[i].name;
		pairs[2 * i + 3] = ms.m[i].value;
	}
	char summary[512];
	join_rest(a, "text", fo_args_str(a, "summary", ""), summary, sizeof summary);
	const char *ann[] = {"summary", summary};
	const fo_alert *x = fo_alerts_raise(e, pairs, ms.n + 1, ann, *summary ? 1 : 0,
	                                    fo_args_str(a, "severity", "warning"), err, sizeof err);
	free(pairs);
	fo_matchers_free(&ms);
	if (!x) {
		fo_out_error(out, "alert raise: %s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "raised %.8s (%s)\n", x->id, x->rule);
	if (core->store)
		fo_store_drain(core->store);
	return FO_OK;
}

static fo_status cmd_resolve(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	fo_alerts *e = engine(core, out);
	if (!e)
		return FO_ERR;
	char err[200];
	if (fo_alerts_resolve(e, fo_args_str(a, "id", ""), err, sizeof err) != 0) {
		fo_out_error(out, "alert resolve: %s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "resolved %s\n", fo_args_str(a, "id", ""));
	if (core->store)
		fo_store_drain(core->store);
	return FO_OK;
}

static const fo_arg_spec list_args[] = {
    {"state", FO_ARG_ENUM, false, "active|firing|pending|resolved|silenced|all",
     "which alerts (default active: pending and firing)"},
};
static const fo_arg_spec id_arg[] = {
    {"id", FO_ARG_STRING, true, NULL, "alert id or a unique prefix (at least 4 characters)"},
};
static const fo_arg_spec ack_args[] = {
    {"id", FO_ARG_STRING, true, NULL, "alert id or a unique prefix"},
    {"note", FO_ARG_STRING, false, NULL, "why, what is being done"},
    {"text", FO_ARG_REST, false, NULL, "more words of the note"},
};
static const fo_arg_spec silence_args[] = {
    {"matcher", FO_ARG_STRING, true, NULL, "name=\"v\",name!=v,name=~re,name!~re (all must hold)"},
    {"duration", FO_ARG_STRING, false, NULL, "how long: 2h (default), 30m, 1h30m, 1d"},
    {"comment", FO_ARG_STRING, false, NULL, "why"},
    {"text", FO_ARG_REST, false, NULL, "more words of the comment"},
};
static const fo_arg_spec sid_arg[] = {
    {"id", FO_ARG_STRING, true, NULL, "silence id or a unique prefix"},
};
static const fo_arg_spec silences_args[] = {
    {"all", FO_ARG_BOOL, false, NULL, "expired ones too (those of the last 24 hours)"},
};
static const fo_arg_spec history_args[] = {
    {"limit", FO_ARG_INT, false, NULL, "the last N changes (default 50; 0: all kept)"},
};
static const fo_arg_spec raise_args[] = {
    {"name", FO_ARG_STRING, true, NULL, "alertname"},
    {"labels", FO_ARG_STRING, false, NULL, "more labels: vehicle=AGV-00001,zone=Z1"},
    {"severity", FO_ARG_ENUM, false, "critical|warning|info", "default warning"},
    {"summary", FO_ARG_STRING, false, NULL, "summary annotation"},
    {"text", FO_ARG_REST, false, NULL, "more words of the summary"},
};

#define N(x) (sizeof(x) / sizeof((x)[0]))
static const fo_cmd_spec cmds[] = {
    {"alert", "list", "alerts by state, with silenced/inhibited/acknowledged flags", list_args,
     N(list_args), FO_CMD_READONLY_SAFE, cmd_list},
    {"alert", "show", "one alert: labels, annotations, times, acknowledgement", id_arg, N(id_arg),
     FO_CMD_READONLY_SAFE, cmd_show},
    {"alert", "ack", "acknowledge an alert (who, when, note)", ack_args, N(ack_args), 0, cmd_ack},
    {"alert", "silence", "mute alerts matching matchers for a while", silence_args, N(silence_args),
     0, cmd_silence},
    {"alert", "unsilence", "expire a silence now", sid_arg, N(sid_arg), FO_CMD_DANGEROUS,
     cmd_unsilence},
    {"alert", "silences", "silences not yet ended (--all: also those ended in the last day)",
     silences_args, N(silences_args), FO_CMD_READONLY_SAFE, cmd_silences},
    {"alert", "history", "recent transitions and acknowledgements", history_args, N(history_args),
     FO_CMD_READONLY_SAFE, cmd_history},
    {"alert", "raise", "raise an alert by hand (fires until resolved)", raise_args, N(raise_args),
     0, cmd_raise},
    {"alert", "resolve", "resolve an alert raised by hand", id_arg, N(id_arg), FO_CMD_DANGEROUS,
     cmd_resolve},
};

void fo_alert_cmds_register(fo_core *core)
{
	char err[256];
	if (fo_cmds_register(core, cmds, N(cmds), NULL, err, sizeof err) != 0)
		fo_log(core, FO_LOG_ERROR, "alerts: %s", err);
}
