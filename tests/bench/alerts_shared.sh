#!/usr/bin/env bash
# alerts_shared.sh [TOGGLES] [STORE-URL] — how long after the evaluating
# process decides an alert does another console sharing the store show it.
# Two `fleetops serve` on one store (the embedded SQLite file, or the URL
# given, e.g. the private PostgreSQL of tests/pg/pg.sh); a Lua rule that
# holds for 2 s of every 4 s; each process logs, polling every 50 ms, when
# it first shows each firing and each resolution.  Prints the delay from
# the evaluator's transition (its log line) to the follower's script seeing
# it (median, 90th percentile, max).
# The poll granularity (50 ms) is part of the figure.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
FO=${BUILD:-build}/fleetops
N=${1:-10}
URL=${2:-}
T=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; [ -n "${FO_KEEP:-}" ] && echo "kept $T" || rm -rf "$T"' EXIT
export HOME=$T/home XDG_CONFIG_HOME=$T/config XDG_STATE_HOME=$T/state XDG_DATA_HOME=$T/data
unset $(env | sed -n 's/^\(FLEETOPS_[A-Z_]*\)=.*/\1/p') 2>/dev/null || true
mkdir -p "$HOME" "$XDG_CONFIG_HOME/fleetops/scripts"
R=Toggle$$
if [ -n "$URL" ]; then
	export FLEETOPS_STORE=$URL
	"$FO" db migrate >/dev/null || exit 1
fi
cat >"$XDG_CONFIG_HOME/fleetops/scripts/toggle.lua" <<LUA
fleetops.alert_rule{name = "$R", expr = function(now)
  if math.floor(now) % 4 < 2 then return {{labels = {site = "bench"}}} end
end}
local last
fleetops.every(0.05, function()
  local st = "none"
  for _, a in ipairs(fleetops.alerts{state = "all", rule = "$R"}) do st = a.state end
  if st ~= last then fleetops.log("STATE " .. st); last = st end
end)
LUA
FLEETOPS_ALERTS_EVAL_INTERVAL_MS=100 "$FO" --demo=false serve 2>"$T/a.err" &
sleep 2
FLEETOPS_ALERTS_EVAL_INTERVAL_MS=100 "$FO" --demo=false serve 2>"$T/b.err" &
sleep $((N * 2 + 12))
kill $(jobs -p) 2>/dev/null
wait 2>/dev/null
grep -q "this process evaluates" "$T/a.err" || { echo "the first process did not evaluate"; exit 1; }
grep -q "another process evaluates" "$T/b.err" || { echo "the second process did not follow"; exit 1; }
python3 - "$T/a.err" "$T/b.err" "$N" "${URL:+postgresql}" <<'PY'
import re, sys, datetime, statistics
def events(path, pattern):
    out = []
    for line in open(path):
        m = re.match(r"(\S+Z) " + pattern, line)
        if m and m.group(2) in ("firing", "resolved"):
            t = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%fZ")
            out.append((m.group(2), t.timestamp()))
    return out
# the evaluator: its transition's log line (written as it decides, before
# the store write); the follower: its script's first poll showing it
a = events(sys.argv[1], r".*alert \w+ \w+ -> (\w+):")
b = events(sys.argv[2], r".*STATE (\w+)")
# evaluator changes from the follower's first one on that it never showed
missed = sum(1 for s, ta in a if b and ta >= b[0][1] - 0.01 and
             not any(sb == s and 0 <= tb - ta < 2.0 for sb, tb in b))
delays = []
for st, tb in b:
    # the evaluator's line for the same change: the latest one of that state before it
    before = [ta for s, ta in a if s == st and ta <= tb + 0.01]
    if before and tb - before[-1] < 2.0:
        delays.append((tb - before[-1]) * 1000)
store = sys.argv[4] or "sqlite"
if len(delays) < int(sys.argv[3]):
    print(f"store {store}: only {len(delays)} changes seen by the follower")
    sys.exit(1)
delays.sort()
p90 = delays[int(0.9 * (len(delays) - 1))]
print(f"store {store}: {len(delays)} changes, {missed} missed; follower shows them after the "
      f"evaluator: median {statistics.median(delays):.0f} ms, p90 {p90:.0f} ms, "
      f"max {max(delays):.0f} ms")
sys.exit(1 if missed else 0)
PY
