#!/bin/sh
# schema_check.sh — validates what the console publishes (order and
# instantActions JSON made by the codec) and the reference state message
# against the official VDA 5050 JSON schemas (Debian's python3-jsonschema).
#   BUILD       build directory (default build); needs $BUILD/tests/test_vda5050
#   VDA5050_DIR the schemas, one folder per version (default tests/vda/schemas,
#               the official ones, unchanged: tests/vda/schemas/SOURCE.md)
# Ends with "vda_schema: N passed, M failed"; exits non-zero on a failure.
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
VDA5050_DIR=${VDA5050_DIR:-tests/vda/schemas}
export BUILD

summary() {
	echo "vda_schema: $1 passed, $2 failed"
	[ -n "${FO_SUMMARY:-}" ] && echo "vda_schema $1 $2" >>"$FO_SUMMARY"
}

if [ ! -x "$BUILD/tests/test_vda5050" ]; then
	echo "missing $BUILD/tests/test_vda5050 (make unit-bins)"
	summary 0 1
	exit 1
fi
if ! python3 -c 'import jsonschema' 2>/dev/null; then
	echo "python3-jsonschema is not installed (scripts/deps.sh test)"
	summary 0 1
	exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/fo-vda-XXXXXX") || exit 2
trap 'rm -rf "$dir"' EXIT INT TERM
# The codec's own unit test writes the outbound samples.
if ! FO_VDA_SAMPLES="$dir" "$BUILD/tests/test_vda5050" >"$dir/unit.log" 2>&1; then
	cat "$dir/unit.log"
	echo "test_vda5050 failed: no samples"
	summary 0 1
	exit 1
fi
cp tests/vda/reference-state.json "$dir/state-reference.json"

python3 - "$dir" "$VDA5050_DIR" <<'PY'
import glob, json, os, re, sys
import jsonschema

# "format": "date-time" is only checked when python3 has rfc3339_validator;
# the spec's form (ISO 8601 UTC, milliseconds) is checked here either way.
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")

samples, schemas = sys.argv[1], sys.argv[2]
passed = failed = 0

def load_schema(version, name):
    with open(os.path.join(schemas, version, name)) as f:
        return json.load(f)

def validator(schema):
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())

def check(sample, version, name, expect_valid=True):
    global passed, failed
    with open(sample) as f:
        doc = json.load(f)
    errors = sorted(validator(load_schema(version, name)).iter_errors(doc), key=str)
    if not TIMESTAMP.match(str(doc.get("timestamp", ""))):
        errors.append(jsonschema.ValidationError("timestamp is not ISO 8601 UTC: %r" % doc.get("timestamp")))
    ok = (not errors) == expect_valid
    label = os.path.basename(sample) + " against " + version + "/" + name
    if not expect_valid:
        label += " (must be refused)"
    if ok:
        passed += 1
        print("ok   " + label)
    else:
        failed += 1
        print("FAIL " + label)
        for e in errors[:5]:
            print("     " + "/".join(str(p) for p in e.absolute_path) + ": " + e.message)

orders = sorted(glob.glob(os.path.join(samples, "order-*.json")))
instants = sorted(glob.glob(os.path.join(samples, "instant-*.json")))
if not orders or not instants:
    print("FAIL no samples written")
    failed += 1
for s in orders:
    check(s, "2.1.0", "order.schema")
    check(s, "2.0.0", "order.schema")
for s in instants:
    check(s, "2.1.0", "instantActions.schema")
    # 2.0.0's instantActions.schema requires "actionName", which the 2.0
    # text calls actionType (fixed in 2.1.0): only 2.1.0 applies.
state = os.path.join(samples, "state-reference.json")
check(state, "2.1.0", "state.schema")
# The reference says version 2.0.0 but sends nodePosition without theta,
# which the 2.0.0 schema requires (2.1.0 made it optional; the codec takes
# the lenient rule).  Pass only when that is the one deviation.
def check_known(sample, version, name, known):
    global passed, failed
    with open(sample) as f:
        doc = json.load(f)
    errors = list(validator(load_schema(version, name)).iter_errors(doc))
    rest = [e for e in errors if e.message != known]
    label = os.path.basename(sample) + " against " + version + "/" + name
    if rest:
        failed += 1
        print("FAIL " + label)
        for e in rest[:5]:
            print("     " + "/".join(str(p) for p in e.absolute_path) + ": " + e.message)
    else:
        passed += 1
        print("ok   " + label + (" (known: %s)" % known if errors else ""))
check_known(state, "2.0.0", "state.schema", "'theta' is a required property")

# The check must be able to fail: broken copies are refused.
def broken(src, name, mutate):
    with open(src) as f:
        doc = json.load(f)
    mutate(doc)
    path = os.path.join(samples, "broken-" + name + ".json")
    with open(path, "w") as f:
        json.dump(doc, f)
    return path
if orders:
    check(broken(orders[0], "order", lambda d: d.pop("nodes")), "2.1.0", "order.schema", False)
if instants:
    check(broken(instants[0], "instant",
                 lambda d: d["actions"][0].update(blockingType="MAYBE")),
          "2.1.0", "instantActions.schema", False)
check(broken(state, "state", lambda d: d["safetyState"].update(eStop="OFF")),
      "2.1.0", "state.schema", False)

with open(os.path.join(samples, "counts"), "w") as f:
    f.write("%d %d\n" % (passed, failed))
PY
read -r passed failed <"$dir/counts" 2>/dev/null || { passed=0; failed=1; }
summary "$passed" "$failed"
[ "$failed" -eq 0 ]
