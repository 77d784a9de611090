#!/bin/bash
# monkey.sh — random keys against the ASan+UBSan console, in each mode in
# turn: normal (demo and an empty model), filter, command line, help,
# detail, column chooser and the y/N confirmation.  Before each burst of
# 1-12 random keys (Enter, Esc, arrows, function keys, paging, Ctrl keys,
# ':', '/', '?', 'q', letters, digits, punctuation) the mode is entered
# again, and now and then the terminal is resized.  Quitting (q, :quit) is
# fine: the console is started again.  A crash, another exit code or a
# sanitizer report fails, printing the seed and the last bursts.
#
#   FO_MONKEY_SEED=N      replay a run (the key sequence; timing still varies)
#   FO_MONKEY_SECONDS=S   seconds per mode (default 12; 60 for a long run)
set -euo pipefail
source "$(dirname "$0")/lib.inc"
use_asan
TIMEOUT=${E2E_TIMEOUT:-20}
SEED=${FO_MONKEY_SEED:-$((RANDOM * 32768 + RANDOM))}
PER_MODE=${FO_MONKEY_SECONDS:-12}
RANDOM=$SEED
echo "monkey: seed $SEED (replay: FO_MONKEY_SEED=$SEED), $PER_MODE s per mode"

# Not in the pool: C-z (stops the process: nobody would resume it), C-c
# and C-\ (signals, not keys), C-s / C-q (terminal flow control).
POOL=(Enter Enter Escape Escape Up Down Left Right Up Down Home End PPage NPage
	BSpace Tab BTab DC IC Space Space
	F1 F2 F3 F4 F5 F6 F7 F8 F9 F10 F11 F12
	C-a C-b C-d C-e C-f C-g C-h C-k C-l C-n C-p C-r C-t C-u C-w C-y
	: : / / '?' '?' q q j k g G h l s S c e r f n y
	0 1 2 3 4 5 6 7 8 9 '[' ']' '(' ')' '*' '.' '^' '$' '!' '\' '"' "'"
	'\;' '#' '~' '-' '=' '%' '{' '}' a b d i m o p t u v w x z A B Q)
burst=0
restarts=0
LOG=$TMP/bursts

die() {
	echo "monkey: seed $SEED (replay: FO_MONKEY_SEED=$SEED)" >&2
	echo "---- the last bursts:" >&2
	tail -n 15 "$LOG" >&2 || true
	fail "$*"
}

# check: the console is alive, or quit with 0 (then it starts again).
check() {
	if san_report; then
		die "sanitizer report after burst $burst ($1)"
	fi
	if [ -s "$TMP/exit" ]; then
		grep -qx "EXIT=0" "$TMP/exit" || die "the console exited $(cat "$TMP/exit") after burst $burst ($1)"
		restarts=$((restarts + 1))
		launch
	fi
}

MODEL=demo
launch() {
	if [ "$MODEL" = empty ]; then
		E2E_DEMO="" start_console "" "--tick-hz 20"
		wait_for "no vehicles" "the empty vehicles table"
	else
		start_console "" "--tick-hz 20"
		wait_for "Vehicle +Fleet +State" "the vehicles table"
	fi
}

# enter MODE: back to normal mode, then into MODE.
enter() {
	keys Escape Escape Escape
	sleep 0.06 # past the console's ESC delay, so the next key is not Alt-key
	case $1 in
	normal) ;;
	filter) keys / ;;
	command) keys : ;;
	help) keys '?' ;;
	detail) keys 0 g Enter ;;
	columns) keys c ;;
	confirm)
		keys :
		text "sim estop AGV-00001"
		keys Enter
		;;
	esac
}

# monkey MODE: bursts in MODE for PER_MODE seconds.
monkey() {
	local mode=$1 end=$((SECONDS + PER_MODE)) n i k resized=0
	local -a ks
	while ((SECONDS < end)); do
		burst=$((burst + 1))
		enter "$mode"
		n=$((RANDOM % 12 + 1))
		ks=()
		for ((i = 0; i < n; i++)); do
			k=${POOL[RANDOM % ${#POOL[@]}]}
			ks+=("$k")
		done
		echo "$burst $mode: ${ks[*]}" >>"$LOG"
		keys "${ks[@]}"
		if ((RANDOM % 25 == 0)); then
			resize $((RANDOM % 110 + 30)) $((RANDOM % 42 + 8))
			echo "$burst resize" >>"$LOG"
			resized=1
		elif ((resized)); then
			resize 120 40
			resized=0
		fi
		sleep 0.1
		check "$mode"
	done
	resize 120 40
}

: >"$LOG"
MODEL=empty
launch
monkey normal
MODEL=demo
launch
for mode in normal filter command help detail columns confirm; do
	monkey "$mode"
done
keys Escape Escape Escape
sleep 0.06
keys q
wait_exit 0
san_report && die "sanitizer report at exit"
echo "monkey: ok ($burst bursts, $restarts restarts)"
