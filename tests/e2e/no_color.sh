#!/bin/bash
# no_color.sh — with NO_COLOR=1 the raw bytes the console writes carry no
# colour escape sequences (SGR 30-49, 90-107, 38;..., 48;...); without it
# (the positive control) they do.
set -euo pipefail
source "$(dirname "$0")/lib.inc"

# has_color FILE: true when an SGR sequence in FILE sets a colour.
has_color() {
	perl -0777 -ne '
		my $found = 0;
		while (/\e\[([0-9;:]*)m/g) {
			for my $p (split /[;:]/, $1) {
				next if $p eq "";
				$found = 1 if ($p >= 30 && $p <= 49) || ($p >= 90 && $p <= 107);
			}
		}
		exit($found ? 0 : 1);
	' "$1"
}

# exercise FILE ENV: records one session that visits every pane, a detail
# with its charts, the help and a popup.
exercise() {
	local raw=$1 envs=$2
	start_console "$envs" "" hold
	tmux -L "$SOCK" pipe-pane -o -t fo "cat >> '$raw'"
	release
	wait_for "Vehicle +Fleet +State" "the vehicles table"
	for slot in 1 2 3 4 5 6 0; do
		keys "$slot"
		sleep 0.3
	done
	keys Enter
	wait_for "Battery"
	keys Escape '?'
	wait_for "Keys \(remap"
	keys Escape q
	wait_exit 0
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	[ -s "$raw" ] || fail "nothing recorded in $raw"
}

exercise "$TMP/nocolor.raw" "NO_COLOR=1"
if has_color "$TMP/nocolor.raw"; then
	grep -aoE $'\e\\[[0-9;:]*m' "$TMP/nocolor.raw" | sort | uniq -c | head >&2
	fail "NO_COLOR=1 output carries colour sequences"
fi
# attributes (bold, reverse) are still allowed and used
grep -aq $'\e\\[' "$TMP/nocolor.raw" || fail "no escape sequences at all: recording broken?"

exercise "$TMP/color.raw" ""
has_color "$TMP/color.raw" || fail "positive control: no colour sequences without NO_COLOR"

# Colour depth follows the terminal: a direct-colour terminal gets RGB
# sequences (38;2 or 38:2), a 256-colour one indexed ones (38;5).
exercise "$TMP/direct.raw" "TERM=xterm-direct"
grep -aqE $'\e\\[[0-9;:]*[34]8[;:]2[;:]' "$TMP/direct.raw" ||
	fail "xterm-direct: no direct (RGB) colour sequences"
grep -aqE $'\e\\[[0-9;:]*[34]8;5;' "$TMP/color.raw" ||
	fail "xterm-256color: no 256-colour sequences"

# --color none does the same as NO_COLOR
exercise "$TMP/none.raw" "FLEETOPS_COLOR=none"
if has_color "$TMP/none.raw"; then
	fail "color=none output carries colour sequences"
fi
echo "no_color: ok"
