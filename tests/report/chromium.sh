#!/usr/bin/env bash
# The HTML report in a real browser: Debian's chromium, headless.  The
# screenshot must not be blank and must show the charts' colour; the DOM
# chromium built must hold the table and the SVG chart elements.
. "$(dirname "$0")/lib.bash"

CHROMIUM=${CHROMIUM:-chromium}
if ! command -v "$CHROMIUM" >/dev/null; then
	echo "  FAIL: $CHROMIUM is not installed (scripts/deps.sh test)"
	exit 1
fi
browse() { # browse OUT ARGS...: headless chromium on its own profile
	local out=$1
	shift
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--no-first-run --user-data-dir="$T/chrome" "$@" >"$out" 2>"$T/chrome.err"
}

for view in fleet.vehicles fleet.fleets; do
	run "${DEMO[@]}" report "$view" "${ADV[@]}" --charts 4 --out "$T/$view.html"
	expect_rc 0 "html report of $view"
	min=$(grep -c '<svg' "$T/$view.html")
	checks=$((checks + 1))
	[ "$min" -ge 2 ] || { echo "  FAIL ($view: $min charts in the file)"; failures=$((failures + 1)); }
	check "$view html self-contained" html "$T/$view.html" 2

	browse "$T/shot.log" --window-size=1280,1600 --screenshot="$T/$view.png" "file://$T/$view.html"
	rc=$?
	expect_rc 0 "chromium --screenshot $view"
	checks=$((checks + 1))
	[ -s "$T/$view.png" ] || { echo "  FAIL (no screenshot)"; tail -5 "$T/chrome.err"; failures=$((failures + 1)); }
	check "$view screenshot not blank" png "$T/$view.png"

	browse "$T/$view.dom" --dump-dom "file://$T/$view.html"
	rc=$?
	expect_rc 0 "chromium --dump-dom $view"
	check "$view DOM has the charts" dom "$T/$view.dom" "$min"
done

# A blank page fails the screenshot check (the check can fail).
printf '<!DOCTYPE html><html><body></body></html>\n' >"$T/blank.html"
browse "$T/shot.log" --window-size=800,600 --screenshot="$T/blank.png" "file://$T/blank.html"
checks=$((checks + 1))
if "$PY" "$R/check.py" png "$T/blank.png" >/dev/null; then
	echo "  FAIL (a blank page passed the screenshot check)"
	failures=$((failures + 1))
fi
finish
