#!/usr/bin/env bash
# history.sh — the analytics history writer (issue 14) on both stores, with
# real processes: `serve` on the built-in simulator writes history every
# 2 s; a second `serve` on the same store follows (one writer per store:
# the lease); the writer is killed with -9 in mid-rollup, the store stays
# without a writer for a while, a new `serve` reads the open chunks back
# and goes on, then stops with SIGTERM (its last batch written).  Checked
# from `history show --json`: every 10 s bucket of a vehicle holds at most
# 10 s of state time and 11 samples (nothing counted twice across the
# restart), buckets before and after the downtime, none inside it, the
# last seconds before SIGTERM written, every closed minute equal to the sum
# of its 10 s buckets, a fleet bucket the sum of its vehicles'.
# SQLite always; PostgreSQL with FO_PG_URL (tests/run_store.sh).
. "$(dirname "$0")/lib_store.bash"
cat >"$XDG_CONFIG_HOME/fleetops/config" <<'CONF'
analytics.flush_s = 2
analytics.window = 5m
operator = history-test
CONF
SIM=(--demo --sim-vehicles 6 --seed 5)
pids=()
trap 'kill -9 "${pids[@]}" 2>/dev/null; rm -rf "$T"' EXIT

# wait_log FILE ERE SECONDS
wait_log() {
	for _ in $(seq 1 $(($3 * 10))); do
		grep -qE -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

expect_log() { # FILE ERE SECONDS WHAT
	if wait_log "$1" "$2" "$3"; then
		ok
	else
		bad "$4: no /$2/ in $(basename "$1") within $3 s"
		tail -5 "$1" | sed 's/^/    /'
	fi
}

run_history() {
	local url=$1 what=$2 tag=$3
	migrate "$url"
	local ten=()
	if [ "$what" = postgresql ]; then
		fo "$url" db insert core.tenants "name=history-$tag"
		ten=(--tenant "$(field id)")
	fi
	local F=("$FO" --store "$url" "${ten[@]}" "${SIM[@]}")
	"${F[@]}" serve 2>"$T/$tag-a.err" &
	local a=$!
	pids+=("$a")
	expect_log "$T/$tag-a.err" "history: writing" 20 "$what: the first serve writes history"
	sleep 3
	"${F[@]}" serve 2>"$T/$tag-b.err" &
	local b=$!
	pids+=("$b")
	expect_log "$T/$tag-b.err" "history: following" 20 "$what: a second serve on the store follows"
	kill "$b"
	wait "$b" 2>/dev/null
	sleep 20
	local killed
	killed=$(date +%s)
	kill -9 "$a"
	wait "$a" 2>/dev/null
	sleep 25 # no writer: the downtime
	local restarted
	restarted=$(date +%s)
	"${F[@]}" serve 2>"$T/$tag-c.err" &
	local c=$!
	pids+=("$c")
	expect_log "$T/$tag-c.err" "history: writing" 30 "$what: the restarted serve writes again"
	sleep 32
	local stopped
	stopped=$(date +%s)
	kill -TERM "$c"
	wait "$c" 2>/dev/null
	local span=$(($(date +%s) - killed + 60))s
	local veh
	for veh in AGV-00001 AGV-00004; do
		fo "$url" "${ten[@]}" "${SIM[@]}" history show "$veh" --res 10s --last "$span" --metrics all --json
		expect_rc 0 "$what: history show $veh"
		cp "$T/out" "$T/$tag-$veh.json"
	done
	fo "$url" "${ten[@]}" "${SIM[@]}" history show fleet-1 --res 10s --last "$span" --metrics all --json
	cp "$T/out" "$T/$tag-fleet.json"
	fo "$url" "${ten[@]}" "${SIM[@]}" history show AGV-00001 --res 1m --last "$span" --metrics all --json
	cp "$T/out" "$T/$tag-minute.json"
	fo "$url" "${ten[@]}" "${SIM[@]}" history status
	if grep -q "following\|waiting" "$T/out"; then ok; else bad "$what: a one-shot command does not write: $(head -1 "$T/out")"; fi
	# the views computed from that history, as reports
	fo "$url" "${ten[@]}" "${SIM[@]}" report show analytics.health --format csv
	expect_rc 0 "$what: report show analytics.health"
	if grep -qE "^AGV-00001,fleet-[0-9]+,[0-9]+(\.[0-9]+)?," "$T/out"; then ok; else bad "$what: AGV-00001 has a health score: $(head -3 "$T/out")"; fi
	fo "$url" "${ten[@]}" "${SIM[@]}" report show analytics.efficiency --format csv
	if grep -qE "^fleet-1,[0-9]+," "$T/out"; then ok; else bad "$what: fleet-1's efficiency: $(head -3 "$T/out")"; fi
	fo "$url" "${ten[@]}" "${SIM[@]}" report show analytics.compare --format csv
	if grep -qE "^fleet-1,[0-9.]+," "$T/out"; then ok; else bad "$what: fleet-1 against the window before: $(head -3 "$T/out")"; fi
	fo "$url" "${ten[@]}" "${SIM[@]}" report show analytics.predictions --format csv
	if grep -qE "^AGV-0000[1-6],.*(linear drain|not draining|too few)" "$T/out"; then ok; else bad "$what: battery predictions: $(head -3 "$T/out")"; fi
	# the fleet report in HTML, written atomically
	fo "$url" "${ten[@]}" "${SIM[@]}" analytics report --out "$T/report.html"
	expect_rc 0 "$what: analytics report --out"
	/usr/bin/python3 - "$T/report.html" <<'PY' >"$T/rep.out" 2>&1
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = {}, []
    def handle_starttag(self, t, a):
        self.tags[t] = self.tags.get(t, 0) + 1
    def handle_data(self, d):
        self.text.append(d)
p = P()
p.feed(open(sys.argv[1]).read())
text = " ".join(p.text)
need = ["Fleets", "Demand and capacity", "Least healthy vehicles", "fleet-1", "AGV-0000"]
missing = [n for n in need if n not in text]
if missing or p.tags.get("h2") != 4 or not p.tags.get("polyline"):
    print("missing", missing, "tags", p.tags)
    sys.exit(1)
print("ok")
PY
	check $? "$what: the HTML report has its sections and charts: $(cat "$T/rep.out")"
	# a chart in the terminal: against the window before, and another fleet
	fo "$url" "${ten[@]}" "${SIM[@]}" history trend fleet-1 --metric samples --last 90s --previous
	expect_rc 0 "$what: history trend --previous"
	if grep -q "the 90 s before" "$T/out" && grep -qE "^total f/fleet-1: [0-9.]+; before: " "$T/out"; then ok; else bad "$what: trend against the window before: $(cat "$T/out")"; fi
	fo "$url" "${ten[@]}" "${SIM[@]}" --ascii history trend fleet-1 --vs fleet-2 --last 90s
	if grep -qE '^ +[0-9.e+]+ \|[ .:=+*#@-]+$' "$T/out" && ! grep -q '█' "$T/out"; then ok; else bad "$what: an ASCII chart: $(head -4 "$T/out")"; fi
	fo "$url" "${ten[@]}" "${SIM[@]}" history trend fleet-1 --metric nonsense
	expect_rc 1 "$what: an unknown metric is refused"
	# and for scripts
	cat >"$T/hist.lua" <<'LUA'
local h = assert(fleetops.history { subject = "AGV-00001", last = "10m", res = "10s",
  metrics = "samples,dist_m" })
local n = 0
for _, b in ipairs(h.buckets) do
  assert(b.samples <= 11 and b.t and b.start, "bucket")
  n = n + 1
end
assert(n >= 3, "buckets: " .. n)
local hs = assert(fleetops.health("AGV-00001"))
assert(hs.score and hs.score >= 0 and hs.score <= 100, "score")
assert(#hs.parts == 6, "parts")
local _, err = fleetops.history { subject = "no-such-thing" }
assert(err and err:find("no vehicle, fleet or zone"), "unknown subject")
local b = assert(fleetops.battery_forecast("AGV-00002"))
assert(b.status == "ok" or b.status == "not draining" or b.status == "too few readings")
return 0
LUA
	fo "$url" "${ten[@]}" "${SIM[@]}" run "$T/hist.lua"
	expect_rc 0 "$what: fleetops.history, fleetops.health, fleetops.battery_forecast in a script"
	/usr/bin/python3 - "$T/$tag" "$killed" "$restarted" "$stopped" <<'PY' >"$T/py.out" 2>&1
import json, sys
from datetime import datetime
base, killed, restarted, stopped = sys.argv[1], *map(int, sys.argv[2:])
def load(n):
    d = json.load(open(f"{base}-{n}.json"))
    for b in d["buckets"]:
        b["t"] = int(datetime.fromisoformat(b["start"].replace("Z", "+00:00")).timestamp())
    return d["buckets"]
states = ["offline_s", "idle_s", "driving_s", "acting_s", "charging_s", "paused_s", "error_s", "estop_s"]
bad = []
for v in ("AGV-00001", "AGV-00004"):
    bs = load(v)
    for b in bs:
        st = sum(b[s] for s in states)
        if st > 10.0 + 1e-9 or b["samples"] > 11 or b["vehicles"] != 1:
            bad.append(f"{v} {b['start']}: {st} s of state, {b['samples']} samples")
    before = [b for b in bs if b["t"] + 10 <= killed]
    after = [b for b in bs if b["t"] >= restarted]
    inside = [b for b in bs if killed + 1 < b["t"] and b["t"] + 10 < restarted - 1]
    if len(before) < 2 or len(after) < 2:
        bad.append(f"{v}: {len(before)} buckets before the kill, {len(after)} after the restart")
    if inside:
        bad.append(f"{v}: {len(inside)} buckets inside the downtime")
    if not bs or bs[-1]["t"] + 10 < stopped - 12:
        bad.append(f"{v}: the last bucket {bs[-1]['start'] if bs else None} is long before SIGTERM")
fleet = load("fleet")
if not fleet or any(b["vehicles"] < 1 or b["samples"] > 11 * b["vehicles"] for b in fleet):
    bad.append("fleet-1: buckets missing or over-counted")
fine = {b["t"]: b for b in load("AGV-00001")}
minutes = load("minute")
# a written minute is the sum of its stored 10 s buckets (those lost with
# the killed process are in neither)
for m in minutes:
    parts = [fine[m["t"] + 10 * k] for k in range(6) if m["t"] + 10 * k in fine]
    s = sum(p["samples"] for p in parts)
    d = sum(p["dist_m"] for p in parts)
    if s != m["samples"] or abs(d - m["dist_m"]) > 1e-6:
        bad.append(f"minute {m['start']}: {m['samples']} samples, its 10 s buckets {s}")
if len(minutes) < 1:
    bad.append("no minute written")
print("\n".join(bad) if bad else f"ok: {len(fine)} buckets of AGV-00001, {len(minutes)} minutes")
sys.exit(1 if bad else 0)
PY
	check $? "$what: the history across the restart: $(cat "$T/py.out")"
}

run_history "sqlite:$T/history.db" sqlite s$$
if [ -n "${FO_PG_URL:-}" ]; then
	run_history "$FO_PG_URL" postgresql p$$
fi
finish history
