#!/usr/bin/env bash
# Mission templates from the shell: import (each import of a name is its
# next version), export gives back what import reads, validation names the
# field and the reason, delete keeps a version a mission uses; missions and
# their dependencies as records (no vehicle needed to queue one).
. "$(dirname "$0")/lib.bash"

cat >"$T/pd.json" <<'JSON'
{"name": "pick-drop", "priority": 5, "expected_duration_s": 240,
 "capabilities": {"agv_class": "FORKLIFT", "min_load_kg": 500},
 "deadline_policy": {"deadline_s": 900, "grace_s": 60, "on_miss": "fail"},
 "steps": [{"node": "$from", "actions": [{"type": "pick", "blocking": "HARD",
                                          "parameters": {"stationType": "rack", "height": 1.5}}]},
           {"node": "$to", "actions": [{"type": "drop"}]}]}
JSON
run template import "$T/pd.json"
expect_rc 0 "import"
expect_grep out "^template pick-drop version 1 \(2 steps\)" "version 1"
run template export pick-drop
expect_rc 0 "export"
cp "$T/out" "$T/exported.json"
expect_grep exported.json '"min_load_kg": 500' "capabilities kept"
expect_grep exported.json '"on_miss": "fail"' "deadline policy kept"
expect_grep exported.json '"height": 1.5' "a number parameter stays a number"
run template import "$T/exported.json"
expect_rc 0 "the export imports again"
expect_grep out "^template pick-drop version 2" "as version 2"
run template export pick-drop --template-version 1
expect_rc 0 "an older version"
expect_grep out '"version": 1' "is still there"
run template list --all
expect_eq "$(grep -c '^pick-drop ' "$T/out")" 2 "two versions listed with --all"

# edges: actions and a speed limit on the edge into a step, kept through
# the store and export
cat >"$T/edge.json" <<'JSON'
{"name": "edgy", "steps": [{"node": "$from"},
  {"node": "$to", "edge": {"max_speed": 0.8, "actions": [{"type": "detectObject",
   "blocking": "NONE", "parameters": {"zone": "$zone"}}]}}]}
JSON
run template import "$T/edge.json"
expect_rc 0 "import with an edge"
run template export edgy
expect_rc 0 "export with an edge"
python3 - "$T/out" >"$T/edge.check" 2>&1 <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
e = t["steps"][1]["edge"]
assert e["max_speed"] == 0.8, e
assert e["actions"] == [{"type": "detectObject", "blocking": "NONE",
                         "parameters": {"zone": "$zone"}}], e
assert "edge" not in t["steps"][0], t["steps"][0]
print("edge ok")
PY
expect_grep edge.check "^edge ok" "the edge comes back as imported"

# a fresh process reads the stored records before it reports them (the
# views are filled by the store's answer, which a report waits for)
run report missions.templates --format csv
expect_rc 0 "report missions.templates"
expect_grep out "^pick-drop,2," "the report names the stored template, latest version"
cat >"$T/view.lua" <<'LUA'
for _, r in ipairs(fleetops.view("missions.templates")) do
  if r.name == "pick-drop" then print("found", r.name, r.version) end
end
LUA
run run "$T/view.lua"
expect_rc 0 "fleetops run reading the view"
expect_grep out "^found	pick-drop	2" "a script under fleetops run sees the stored template"

# validation: the field and the reason
bad() { # JSON FIELD-MESSAGE WHAT
	printf '%s' "$1" >"$T/bad.json"
	run template import "$T/bad.json"
	expect_rc 2 "$3: usage error"
	expect_grep err "$2" "$3: says where and why"
}
bad '{"name": "e1", "steps": [{"node": "A", "edge": {"max_speed": -1}}]}' \
	'steps\[0\]\.edge\.max_speed: must be a number above 0' "a negative edge speed"
bad '{"name": "e2", "steps": [{"node": "A", "edge": {"actions": [{"type": "x", "blocking": "MAYBE"}]}}]}' \
	'steps\[0\]\.edge\.actions\[0\]\.blocking: must be NONE, SOFT or HARD' "an edge action's blocking"
bad '{"name": "e3", "steps": [{"node": "A", "edge": {"speed": 1}}]}' \
	'steps\[0\]\.edge' "an unknown edge field"
bad '{"name":"x","steps":[{"node":"A","actions":[{"type":"pick","blocking":"MAYBE"}]}]}' \
	'steps\[0\]\.actions\[0\]\.blocking: must be NONE, SOFT or HARD' "a bad blocking type"
bad '{"name":"x","steps":[]}' 'steps: required, a non-empty array' "no steps"
bad '{"name":"x","steps":[{"nod":"A"}]}' 'steps\[0\]\.nod: unknown field' "a typo"
bad '{"name":"x","priority":-1,"steps":[{"node":"A"}]}' 'priority: must be an integer from 0 to 1000' "a negative priority"
bad '{"name":"x","capabilities":{"agv_class":"BOAT"},"steps":[{"node":"A"}]}' 'capabilities\.agv_class: must be FORKLIFT' "an unknown class"
bad '{"name":"two words","steps":[{"node":"A"}]}' 'name: no spaces' "a name with a space"
bad '{"name":"x","steps":[{"node":"A"}]' 'not JSON: .*line 1' "truncated JSON"
bad '{"name":"x","steps":[{"node":"$"}]}' "steps\\[0\\]\\.node: '\\$' needs a parameter name" "a bare \$"
run template import "$T/nope.json"
expect_rc 1 "a missing file"

# a UTF-8 byte order mark (some editors write one) is read past; one
# anywhere else is an error that shows it escaped, never raw
printf '\xEF\xBB\xBF{"name": "bom", "steps": [{"node": "A"}]}' >"$T/bom.json"
run template import "$T/bom.json"
expect_rc 0 "a template starting with a BOM"
expect_grep out "^template bom version 1" "imported"
printf '\xEF\xBB\xBF{"name": bom}' >"$T/bom.json"
run template import "$T/bom.json"
expect_rc 2 "bad JSON after a BOM"
expect_grep err "not JSON: .*line 1" "says where"
printf '{"name": "bom",\xEF\xBB\xBF "steps": []}' >"$T/bom.json"
run template import "$T/bom.json"
expect_rc 2 "a BOM inside the JSON"
expect_grep err 'not JSON: .*\\xEF\\xBB\\xBF' "the BOM shown escaped"
printf '{"name": "x\x1b[2J\u202e", "st\x01eps": []}' >"$T/ctl.json"
run template import "$T/ctl.json"
expect_rc 2 "control characters in a template"
checks=$((checks + 1))
if LC_ALL=C grep -q $'\xEF\xBB\xBF\|\x1b\|\x01\|\xE2\x80\xAE' "$T/err"; then
	echo "  FAIL: a raw BOM or control character in the error: $(od -c "$T/err" | head -3)"
	failures=$((failures + 1))
fi
printf '{"name": "x", "steps": [{"nod\xE2\x80\xAE": "A"}]}' >"$T/bidi.json"
run template import "$T/bidi.json"
expect_rc 2 "a right-to-left override in a field name"
expect_grep err 'steps\[0\]\.nod\\xE2\\x80\\xAE: unknown field' "the override shown escaped"

# missions as records
run mission start no-such-template from=ST-00001 to=ST-00002
expect_rc 1 "an unknown template is a failed lookup"
expect_grep err "no template 'no-such-template'" "names it"
# numbers and times out of range are usage errors, not wrapped or rolled over
for bad in "--deadline 1e308h" "--deadline inf" "--deadline nan" "--deadline -5m" "--deadline 400d" \
	"--deadline 2026-02-30T10:00:00Z" "--deadline 2030-01-01T10:00:00+99:99" \
	"--deadline 2027-02-29T00:00:00Z" "--priority -1" "--priority 1001" "--priority 99999999999"; do
	# shellcheck disable=SC2086
	run mission start $bad pick-drop from=ST-00001 to=ST-00002
	expect_rc 2 "mission start $bad"
done
run mission start --deadline 2028-02-29T00:00:00+01:00 --priority 1000 pick-drop from=ST-00001 to=ST-00002
expect_rc 0 "a leap day deadline and the highest priority"
run mission cancel "$(awk '{print $2}' "$T/out")"
expect_rc 0 "cancelled again"
run template export pick-drop --template-version -1
expect_rc 2 "export --template-version -1"
run template delete pick-drop --template-version 0
expect_rc 2 "delete --template-version 0"
run mission wait --timeout -1
expect_rc 2 "mission wait --timeout -1 (it used to wait forever)"

run mission start pick-drop from=ST-00001
expect_rc 2 "a missing parameter"
expect_grep err "needs to=NODE" "names it"
run mission start pick-drop from=ST-00001 to=ST-00002
expect_rc 0 "start"
a=$(awk '{print $2}' "$T/out")
expect_grep out "^mission [0-9a-f-]{36} queued \(template pick-drop v2, any eligible vehicle\)" "queued on v2"
run mission start --after "${a:0:8}" --priority 9 --deadline 30m pick-drop from=ST-00002 to=ST-00003
expect_rc 0 "start after the first, by a short id"
b=$(awk '{print $2}' "$T/out")
expect_grep out "^mission $b waiting" "waits for its prerequisite"
run mission depend "$a" "$b"
expect_rc 1 "a cycle"
expect_grep err "refused: a cycle: $a -> $b -> $a" "the cycle named"
run mission start pick-drop from=A --vehicle AGV-1 to=B
expect_rc 2 "an option after the parameters"
expect_grep err "options go before them" "says so"
run mission show "${b:0:6}"
expect_rc 0 "show"
expect_grep out "prerequisites: ${a:0:8}" "with its prerequisite"
expect_grep out "queued -> waiting +by dependency" "and the transition"
run mission cancel "$b"
expect_rc 0 "cancel a waiting mission"
run mission resume "$a"
expect_rc 2 "resume a queued mission"
run --readonly mission start pick-drop from=A to=B
expect_rc 1 "read-only refuses a start"

# a prerequisite older than the history window (missions.history_hours) is
# looked up in the store by id, not reported missing
run mission start pick-drop from=ST-00001 to=ST-00002
c=$(awk '{print $2}' "$T/out")
run mission start --after "$c" pick-drop from=ST-00002 to=ST-00003
d=$(awk '{print $2}' "$T/out")
run mission cancel "$c"
expect_rc 0 "cancel the prerequisite"
python3 - "$XDG_DATA_HOME/fleetops/fleetops.db" "$c" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.create_function("fo_actor", 0, lambda: "test") # the audit trigger's actor
db.execute("UPDATE missions_missions SET created_at = '2026-01-01T00:00:00.000Z' WHERE id = ?",
           (sys.argv[2],))
db.commit()
PY
FLEETOPS_MISSIONS_HISTORY_HOURS=1 "$FO" --demo=false serve 2>"$T/serve.err" &
serve=$!
for _ in $(seq 200); do # the tracker decides within a tick or two (slower under ASan)
	run mission show "$d"
	grep -q "blocked: " "$T/out" && break
	sleep 0.1
done
kill "$serve" 2>/dev/null || { echo "  serve ended early:"; tail -20 "$T/serve.err"; }
wait "$serve"
expect_grep out "blocked: prerequisite ${c:0:8} cancelled" \
	"a dependent of an old cancelled prerequisite is blocked by it, not by 'not found'"

# delete: a version a mission uses is kept
run template delete pick-drop
expect_rc 1 "delete with a version in use"
expect_grep out "version 1 deleted" "the unused version goes"
expect_grep out "version 2 kept: missions use it" "the used one stays"
run template delete nope
expect_rc 1 "an unknown template is a failed lookup"

# the first process on a new database: its store and its change feed open
# the file at once (turning a new file to WAL once raced: "database is locked")
fresh_fail=0
for i in $(seq 20); do
	XDG_DATA_HOME="$T/fresh$i" "$FO" template import "$T/pd.json" >/dev/null 2>"$T/err" ||
		{ fresh_fail=$((fresh_fail + 1)); cp "$T/err" "$T/fresh.err"; }
done
expect_eq "$fresh_fail" 0 "20 imports each into a new database $(cat "$T/fresh.err" 2>/dev/null)"

# a write the store refuses is an error, not a printed success
python3 - "$XDG_DATA_HOME/fleetops/fleetops.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TRIGGER t_refuse BEFORE INSERT ON missions_templates "
           "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
db.commit()
PY
run template import "$T/pd.json"
expect_rc 1 "an import the store refuses"
expect_grep err "not stored: .*refused by the test" "says it was not stored, and why"
finish
