#!/bin/bash
# alerts_shared.sh — two consoles on one store, in real terminals: the first
# evaluates the alert rules, the second shows its alerts and says so in the
# status line (`(shared)`); an alert raised from the shell shows in both; an
# acknowledgement made with `a` in the second shows in the first; when the
# first quits, the second takes over.
set -euo pipefail
source "$(dirname "$0")/lib.inc"
SOCK2="$SOCK-2"
trap 'tmux -L "$SOCK2" kill-server 2>/dev/null || true; cleanup' EXIT

ENV=(env HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_STATE_HOME="$TMP/state"
	XDG_DATA_HOME="$TMP/data")
start_console "FLEETOPS_OPERATOR=maria " "--demo=false"
wait_line 39 "store sqlite"
# the first console holds the lease before the second starts
for _ in $(seq 100); do
	grep -q "alerts: this process evaluates the rules" "$TMP/state/fleetops/fleetops.log" && break
	sleep 0.1
done
grep -q "alerts: this process evaluates the rules" "$TMP/state/fleetops/fleetops.log" ||
	fail "the first console does not evaluate"
# the second console: same store, another operator
cat >"$TMP/run2.sh" <<SH
#!/bin/sh
cd "$ROOT"
env -i PATH="$PATH" HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" \
  XDG_STATE_HOME="$TMP/state" XDG_DATA_HOME="$TMP/data" XDG_CACHE_HOME="$TMP/cache" \
  TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 FLEETOPS_OPERATOR=li "$BIN" --demo=false
SH
chmod +x "$TMP/run2.sh"
tmux -L "$SOCK2" -f /dev/null new-session -d -s fo -x 120 -y 40 "$TMP/run2.sh; sleep 60"
screen2() { tmux -L "$SOCK2" capture-pane -p -t fo; }
keys2() { tmux -L "$SOCK2" send-keys -t fo "$@"; }
wait_for2() { # REGEX WHAT
	local end=$((SECONDS + TIMEOUT))
	while ((SECONDS < end)); do
		screen2 | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	echo "---- second console:" >&2
	screen2 >&2
	fail "second console: timed out waiting for: $2"
}
wait_for2 "store sqlite" "the second console up"

"${ENV[@]}" "$BIN" alert raise DoorOpen --labels door=3 --severity critical >"$TMP/raise.out"
keys 7
keys2 7
wait_for "DoorOpen +critical" "the first console shows the alert raised in the shell"
wait_for2 "DoorOpen +critical" "the second console shows it too"
wait_for2 "alerts crit 1 \(shared\)" "the second console says another one evaluates"
screen | grep -q "(shared)" && fail "the evaluating console says (shared)"

# a in the second console: acknowledge, with a note
keys2 a
wait_for2 ":alert ack [0-9a-f-]{36} --note" "a opens the command line with the alert's id"
tmux -L "$SOCK2" send-keys -t fo -l "checking door 3"
keys2 Enter
wait_for2 "acknowledged [0-9a-f]{8} \(DoorOpen\) as li" "acknowledged in the second console"
wait_for "DoorOpen +critical .* li" "the first console shows li's acknowledgement"

# the first console quits: the second evaluates from then on
keys q
sleep 0.5
screen | grep -q "Quit" && keys y
wait_exit 0
wait_for2 "alerts crit 1  " "the second console no longer says (shared) after taking over"
grep -q "alerts: this process evaluates the rules" "$TMP/state/fleetops/fleetops.log" ||
	fail "no take-over in the log"
echo "alerts_shared: ok"
