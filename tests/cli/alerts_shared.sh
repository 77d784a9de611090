#!/usr/bin/env bash
# Several processes on one store: one evaluates the alert rules (the one
# holding the store's alerts lease), the others show its alerts live; an
# acknowledgement or a silence made anywhere reaches every console through
# the store's change feed; when the evaluating one ends, another takes over
# without writing a second alert for the same label set.
# FO_SHARED_STORE_URL: run it on that store (tests/store/alerts_shared.sh
# gives the private PostgreSQL); else the embedded SQLite file.
. "$(dirname "$0")/lib.bash"
R=Always$$ # the rule's name, unique in a shared database
if [ -n "${FO_SHARED_STORE_URL:-}" ]; then
	export FLEETOPS_STORE=$FO_SHARED_STORE_URL
	"$FO" db migrate >/dev/null || { echo "alerts_shared: cannot migrate"; exit 1; }
fi
mkdir -p "$XDG_CONFIG_HOME/fleetops/scripts"
# the same script in every process: one rule that holds while a file exists,
# and a line in the log whenever the alerts this process shows change
cat >"$XDG_CONFIG_HOME/fleetops/scripts/shared.lua" <<LUA
fleetops.alert_rule{name = "$R", severity = "warning",
  expr = function() return {{labels = {site = "depot"}, value = 1}} end}
local last = ""
fleetops.every(0.2, function()
  local parts = {}
  for _, a in ipairs(fleetops.alerts{state = "all"}) do
    parts[#parts + 1] = string.format("%s:%s:%s:%s", a.labels.alertname, a.state,
      a.acknowledged and "ack" or "-", a.silenced and "sil" or "-")
  end
  table.sort(parts)
  local s = table.concat(parts, ",")
  if s ~= last then fleetops.log("ALERTS " .. s); last = s end
end)
LUA
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$T"' EXIT

# wait_in FILE ERE SECONDS
wait_in() {
	for _ in $(seq 1 $(($3 * 10))); do
		grep -qE -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
check() { # FILE ERE WHAT
	checks=$((checks + 1))
	if ! wait_in "$1" "$2" 10; then
		echo "  FAIL ($3): no /$2/ in $(basename "$1"):"
		grep -E "ALERTS|alerts:" "$1" | tail -5 | sed 's/^/    /'
		failures=$((failures + 1))
	fi
}
rows() { # the stored alert rows of a rule
	if [ -n "${FO_SHARED_STORE_URL:-}" ]; then
		psql "$FO_SHARED_STORE_URL" -Atc "SELECT count(*) FROM performance.alerts WHERE rule = '$1'"
		return
	fi
	python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(
	    \"SELECT count(*) FROM performance_alerts WHERE rule = ?\", (sys.argv[2],)).fetchone()[0])" \
		"$XDG_DATA_HOME/fleetops/fleetops.db" "$1"
}

"$FO" --demo=false serve 2>"$T/a.err" &
pids+=($!)
a_pid=$!
check "$T/a.err" "alerts: this process evaluates the rules" "the first process evaluates"
check "$T/a.err" "ALERTS $R:firing:-:-" "its rule fires"
"$FO" --demo=false serve 2>"$T/b.err" &
pids+=($!)
check "$T/b.err" "alerts: another process evaluates the rules" "the second one follows"
check "$T/b.err" "ALERTS $R:firing:-:-" "and shows the first one's alert"
sleep 2
expect_eq "$(rows $R)" 1 "one stored alert for the label set, not one per process"

# from a third process (the shell): raise, acknowledge, silence
run alert raise DoorOpen --labels door=3 --severity critical
expect_rc 0 "raise from the shell"
check "$T/a.err" "DoorOpen:firing:-:-" "the evaluating console sees an alert raised elsewhere"
check "$T/b.err" "DoorOpen:firing:-:-" "so does the following one"
run alert list --state all
id=$(awk -v r="$R" '$4 == r {print $1; exit}' "$T/out")
run alert ack "$id" --note "on it"
expect_rc 0 "acknowledge from the shell"
check "$T/a.err" "$R:firing:ack:-" "the evaluating console shows the acknowledgement"
check "$T/b.err" "$R:firing:ack:-" "the following console shows the acknowledgement"
run alert silence 'alertname="DoorOpen"' --duration 10m --comment test
expect_rc 0 "silence from the shell"
check "$T/a.err" "DoorOpen:firing:-:sil" "the evaluating console applies the silence"
check "$T/b.err" "DoorOpen:firing:-:sil" "the following console applies the silence"

# resolved elsewhere, then raised again: the new alert replaces the ended one
run alert list --state all
door=$(awk '$4 == "DoorOpen" {print $1; exit}' "$T/out")
run alert resolve "$door"
expect_rc 0 "resolve from the shell"
check "$T/a.err" "DoorOpen:resolved" "the evaluating console sees it resolved"
check "$T/b.err" "DoorOpen:resolved" "the following console sees it resolved"
run alert raise DoorOpen --labels door=3 --severity critical
expect_rc 0 "raise the same label set again"
last_in() { # FILE ERE: the newest ALERTS line matches, within 10 s
	for _ in $(seq 100); do
		grep ALERTS "$1" | tail -1 | grep -qE -- "$2" && return 0
		sleep 0.1
	done
	return 1
}
for f in a b; do
	checks=$((checks + 1))
	last_in "$T/$f.err" "DoorOpen:firing" ||
		{ echo "  FAIL: $f does not show DoorOpen firing again: $(grep ALERTS "$T/$f.err" | tail -1)"; failures=$((failures + 1)); }
done

# the evaluating process ends: the other takes over, with the same alerts
kill "$a_pid"
check "$T/b.err" "alerts: this process evaluates the rules" "the follower takes over"
sleep 2
expect_eq "$(rows $R)" 1 "still one stored alert after the take-over"
grep -q "$R:resolved" "$T/b.err" && { echo "  FAIL: the alert resolved during the take-over"; failures=$((failures + 1)); }
checks=$((checks + 1))
run alert list --state all
expect_grep out "firing +warning +$R +1 +--A" "the alert still fires, still acknowledged"
kill "${pids[@]}" 2>/dev/null
wait
# under the sanitizer build (make test runs this suite there too)
checks=$((checks + 1))
if grep -E "Sanitizer|runtime error" "$T/a.err" "$T/b.err"; then
	echo "  FAIL: a sanitizer report from a serve process"
	failures=$((failures + 1))
fi
finish
