#!/bin/sh
# check_exports.sh [BUILD] — the fleetops binary exports the plugin API and
# nothing more:
#   - the fo_ functions it exports are exactly those declared in
#     core/include/fleetops_plugin.h (less the ones a plugin defines:
#     fo_plugin_entry);
#   - every fo_ symbol a built plugin ($BUILD/plugins/*.so) leaves undefined
#     is exported, so the plugin loads.
# Prints what differs, then "check_exports: ..."; exits 1 on a difference.
cd "$(dirname "$0")/.." || exit 2
BUILD=${1:-${BUILD:-build}}
BIN=$BUILD/fleetops
HDR=${FO_API_HEADER:-core/include/fleetops_plugin.h}
CC=${CC:-cc}
if [ ! -x "$BIN" ]; then
	echo "check_exports: $BIN is not built (make all)" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fo-exports-XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
[ -n "${FO_KEEP:-}" ] && trap "echo kept $tmp" EXIT

# The header's functions: its preprocessed text (comments and macros gone,
# the lines from other headers left out by their line markers), cut into
# top-level declarations; a declaration that is not a typedef, a type or
# static has its name right before its first parenthesis.
"$CC" -E -D_GNU_SOURCE -x c "$HDR" >"$tmp/pp" || {
	echo "check_exports: cannot preprocess $HDR" >&2
	exit 2
}
python3 - "$tmp/pp" "$HDR" >"$tmp/api" <<'PY' || exit 2
import re, sys
pp, hdr = sys.argv[1], sys.argv[2]
text, keep = [], False
for line in open(pp):
    m = re.match(r'#\s*\d+\s+"([^"]*)"', line)
    if m:
        keep = m.group(1).endswith(hdr)
        continue
    if keep and not line.startswith("#"):
        text.append(line)
src = " ".join(text)
names, depth, cur = set(), 0, ""
for ch in src:
    depth += (ch == "{") - (ch == "}")
    if depth > 0 or ch != ";":
        cur += ch
        continue
    decl = " ".join(cur.split())
    cur = ""
    if re.match(r"(typedef|static|struct|enum|union|extern\s+\"C\")\b", decl) or "(" not in decl:
        continue
    head = decl[: decl.index("(")]
    if decl[decl.index("(") + 1 :].lstrip().startswith("*"):
        continue  # a function pointer variable, not a function
    m = re.search(r"([A-Za-z_]\w*)\s*$", head)
    if m:
        names.add(m.group(1))
print("\n".join(sorted(names)))
PY
if [ ! -s "$tmp/api" ]; then
	echo "check_exports: no function found in $HDR (the parser is wrong)" >&2
	exit 2
fi
# Plugins define these; the core only declares them.
grep -vx 'fo_plugin_entry' "$tmp/api" >"$tmp/want"

nm -D --defined-only "$BIN" | awk '$2 ~ /^[TtWiV]$/ && $3 ~ /^fo_/ {print $3}' | sort -u >"$tmp/have"
nm -D --defined-only "$BIN" | awk '$3 ~ /^fo_/ {print $3}' | sort -u >"$tmp/have_all"

bad=0
comm -23 "$tmp/want" "$tmp/have" >"$tmp/missing"
comm -13 "$tmp/want" "$tmp/have_all" >"$tmp/extra"
if [ -s "$tmp/missing" ]; then
	echo "declared in $HDR but not exported by $BIN:"
	sed 's/^/  /' "$tmp/missing"
	bad=1
fi
if [ -s "$tmp/extra" ]; then
	echo "exported by $BIN but not declared in $HDR:"
	sed 's/^/  /' "$tmp/extra"
	bad=1
fi

used=0
for so in "$BUILD"/plugins/*.so; do
	[ -e "$so" ] || continue
	nm -D --undefined-only "$so" | awk '$2 ~ /^fo_/ {print $2}' | sort -u >"$tmp/need"
	used=$(sort -u "$tmp/need" "$tmp/used" 2>/dev/null | tee "$tmp/used.new" | wc -l)
	mv "$tmp/used.new" "$tmp/used"
	comm -23 "$tmp/need" "$tmp/have" >"$tmp/unres"
	if [ -s "$tmp/unres" ]; then
		echo "$so needs fo_ symbols $BIN does not export:"
		sed 's/^/  /' "$tmp/unres"
		bad=1
	fi
done

if [ "$bad" -ne 0 ]; then
	echo "check_exports: FAILED"
	exit 1
fi
echo "check_exports: ok ($(wc -l <"$tmp/have") fo_ functions exported = the header's API;" \
	"$used used by the built plugins; $(nm -D --defined-only "$BIN" | wc -l) dynamic symbols in all)"
