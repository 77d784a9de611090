# Shared helpers of the report tests: the CLI tests' private HOME and checks
# (tests/cli/lib.bash), the seeded simulator run every report test uses, and
# the python3 of Debian (python3-jsonschema, python3-pil).
. "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.bash"
R=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$R/../.." && pwd)
PY=${PYTHON:-/usr/bin/python3}
SCHEMA=$ROOT/scripts/schema/report.schema.json
# A fixed "generated at" makes reports byte-for-byte reproducible.
export SOURCE_DATE_EPOCH=1796000000
# The seeded demo: 12 vehicles, seed 7, 30 simulated seconds (300 steps
# and 30 history samples) before the report is taken.
DEMO=(--demo --sim-vehicles 12 --seed 7)
ADV=(--advance 30)

# check NAME ARGS...: runs check.py, counted as one check
check() {
	checks=$((checks + 1))
	local what=$1
	shift
	if ! "$PY" "$R/check.py" "$@"; then
		echo "  FAIL ($what)"
		failures=$((failures + 1))
	fi
}
