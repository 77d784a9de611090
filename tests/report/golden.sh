#!/usr/bin/env bash
# Golden outputs: each format of a few views from the seeded, deterministic
# simulator run must match tests/report/golden/ byte for byte.
# FO_UPDATE_GOLDEN=1 rewrites the files (then review the diff).
. "$(dirname "$0")/lib.bash"

for view in fleet.vehicles fleet.fleets feeds; do
	for fmt in table csv json md html; do
		g=$R/golden/$view.$fmt
		run "${DEMO[@]}" report "$view" "${ADV[@]}" --format "$fmt" --charts 3
		expect_rc 0 "report $view --format $fmt"
		expect_empty err "$view $fmt: nothing on stderr"
		if [ -n "${FO_UPDATE_GOLDEN:-}" ]; then
			cp "$T/out" "$g"
			continue
		fi
		checks=$((checks + 1))
		if ! cmp -s "$T/out" "$g"; then
			echo "  FAIL (golden $view.$fmt differs)"
			diff "$g" "$T/out" | head -10 | sed 's/^/    /'
			failures=$((failures + 1))
		fi
	done
done

# The same seed gives the same report twice; another seed another one.
run "${DEMO[@]}" report fleet.vehicles "${ADV[@]}" --format json
cp "$T/out" "$T/a.json"
run "${DEMO[@]}" report fleet.vehicles "${ADV[@]}" --format json
checks=$((checks + 1))
cmp -s "$T/out" "$T/a.json" || { echo "  FAIL (same seed, different report)"; failures=$((failures + 1)); }
run --demo --sim-vehicles 12 --seed 8 report fleet.vehicles "${ADV[@]}" --format json
checks=$((checks + 1))
cmp -s "$T/out" "$T/a.json" && { echo "  FAIL (seed 8 gives seed 7's report)"; failures=$((failures + 1)); }
finish
