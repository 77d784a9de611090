# Shared helpers for the store tests (tests/store/*.sh): a private HOME and
# XDG dirs, fleetops with a store URL, and checks that count and say what
# they expected.  Each script ends with `finish NAME`, which prints
#   NAME: N passed, M failed
# and fails when any check failed.
set -uo pipefail
FO=${BUILD:-build}/fleetops
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME=$T/home XDG_CONFIG_HOME=$T/config XDG_STATE_HOME=$T/state XDG_DATA_HOME=$T/data
mkdir -p "$HOME" "$XDG_CONFIG_HOME/fleetops" "$XDG_DATA_HOME"
# shellcheck disable=SC2046 # one word per variable name
unset $(env | sed -n 's/^\(FLEETOPS_[A-Z_]*\)=.*/\1/p') 2>/dev/null || true
passed=0
failed=0

# fo URL ARGS...: fleetops on that store; stdout in $T/out, stderr in $T/err
fo() {
	local url=$1
	shift
	"$FO" --store "$url" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

ok() {
	passed=$((passed + 1))
}

bad() {
	failed=$((failed + 1))
	echo "  FAIL: $*"
}

# check CONDITION-EXIT-CODE WHAT: `check $? "what"` style
check() {
	if [ "$1" -eq 0 ]; then ok; else bad "$2"; fi
}

# expect_rc CODE WHAT: the last fo's exit code
expect_rc() {
	if [ "$rc" -eq "$1" ]; then
		ok
	else
		bad "$2: exit $rc, expected $1"
		echo "    stdout: $(head -c 400 "$T/out")"
		echo "    stderr: $(head -c 400 "$T/err")"
	fi
}

# field NAME: a field of the record `db insert` / `db get` printed in $T/out
# ("%-20s %s" lines: the value starts at column 22)
field() {
	awk -v f="$1" 'substr($0, 1, length(f)) == f && substr($0, length(f) + 1, 1) == " " {
		print substr($0, 22); exit }' "$T/out"
}

# migrate URL: apply the migrations (idempotent); a failure stops the script
migrate() {
	fo "$1" db migrate
	if [ "$rc" -ne 0 ]; then
		bad "db migrate on $1: $(head -c 400 "$T/err")"
		finish "${NAME:-store}"
		exit 1
	fi
}

# now_ms: wall clock in milliseconds
now_ms() {
	date +%s%3N
}

finish() {
	echo "$1: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
