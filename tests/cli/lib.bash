# Shared helpers for the CLI tests: a private HOME and XDG dirs, and checks
# that print what they expected when they fail.
set -uo pipefail
FO=${BUILD:-build}/fleetops
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME=$T/home XDG_CONFIG_HOME=$T/config XDG_STATE_HOME=$T/state XDG_DATA_HOME=$T/data
mkdir -p "$HOME" "$XDG_CONFIG_HOME/fleetops"
unset $(env | sed -n 's/^\(FLEETOPS_[A-Z_]*\)=.*/\1/p') 2>/dev/null || true
failures=0
checks=0

# run CMD...: runs fleetops, keeps stdout, stderr and the exit code
run() {
	"$FO" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

expect_rc() {
	checks=$((checks + 1))
	if [ "$rc" -ne "$1" ]; then
		echo "  FAIL ($2): exit $rc, expected $1"
		echo "  stdout: $(head -c 400 "$T/out")"
		echo "  stderr: $(head -c 400 "$T/err")"
		failures=$((failures + 1))
	fi
}

# expect_grep FILE PATTERN WHAT
expect_grep() {
	checks=$((checks + 1))
	if ! grep -qE -- "$2" "$T/$1"; then
		echo "  FAIL ($3): no /$2/ in $1:"
		head -c 600 "$T/$1" | sed 's/^/    /'
		failures=$((failures + 1))
	fi
}

expect_empty() {
	checks=$((checks + 1))
	if [ -s "$T/$1" ]; then
		echo "  FAIL ($2): $1 not empty:"
		head -c 400 "$T/$1" | sed 's/^/    /'
		failures=$((failures + 1))
	fi
}

finish() {
	echo "$(basename "$0"): $checks checks, $failures failed"
	[ "$failures" -eq 0 ]
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	checks=$((checks + 1))
	if [ "$1" != "$2" ]; then
		echo "  FAIL ($3): got '$1', expected '$2'"
		failures=$((failures + 1))
	fi
}
