#!/usr/bin/env bash
# The manual page fleetops(1): generated from the registry (every global
# flag of --help, every report option, command and view is in it), clean for
# groff, readable with man; installed by make install with the bash
# completion and the JSON schema.
. "$(dirname "$0")/lib.bash"

page=${BUILD:-build}/fleetops.1
checks=$((checks + 1))
[ -s "$page" ] || { echo "  FAIL ($page not built: make docs)"; failures=$((failures + 1)); }
groff -man -ww -z "$page" 2>"$T/groff.err"
checks=$((checks + 1))
[ ! -s "$T/groff.err" ] || { echo "  FAIL (groff warnings)"; head -5 "$T/groff.err"; failures=$((failures + 1)); }
MANWIDTH=200 man -l "$page" 2>/dev/null | col -b >"$T/man.txt"
for s in NAME SYNOPSIS DESCRIPTION REPORTS OPTIONS COMMANDS VIEWS "EXIT STATUS" ENVIRONMENT FILES; do
	expect_grep man.txt "^$s" "section $s"
done
# every flag of --help, every report option and command, every view
run --help
for f in $(grep -oE '^  --[a-z0-9-]+' "$T/out"); do
	expect_grep man.txt "^ +$f( |$)" "global flag $f in the page"
done
run help report
for f in $(grep -E '^  report show' "$T/out" | grep -oE -- '--[a-z]+' | sort -u); do
	expect_grep man.txt "^ +$f( |$)" "report option $f in the page"
done
"$FO" help | while read -r dom verb _; do echo "$dom $verb"; done | sort -u >"$T/cmds"
while read -r dom verb; do
	expect_grep man.txt "^ +fleetops $dom $verb( |$)" "command $dom $verb in the page"
done <"$T/cmds"
for v in $("$FO" report --list | awk '{print $1}'); do
	expect_grep man.txt "^ +$v$" "view $v in the page"
done
expect_grep man.txt "^ +2 +usage error" "exit status 2"
# every Lua function a plugin adds (help lua)
run help lua
for f in $(grep -oE '^  fleetops\.[a-z_]+\(' "$T/out" | sed 's/^  //; s/($//'); do
	expect_grep man.txt "^ +$f\(" "Lua function $f in the page"
done

# make install puts the page, the completion and the schema in place
dest=$T/dest
make --no-print-directory -s -C "$ROOT" BUILD="${BUILD:-build}" DESTDIR="$dest" install >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "make install"
for f in share/man/man1/fleetops.1 share/bash-completion/completions/fleetops \
	share/fleetops/report.schema.json; do
	checks=$((checks + 1))
	[ -s "$dest/usr/local/$f" ] || { echo "  FAIL ($f not installed)"; failures=$((failures + 1)); }
done
checks=$((checks + 1))
MANPATH=$dest/usr/local/share/man man -w fleetops >/dev/null 2>&1 ||
	{ echo "  FAIL (man does not find the installed page)"; failures=$((failures + 1)); }
# the installed completion works: sourced, it completes report views
out=$(bash --norc -c '. "$1"; COMP_WORDS=(fleetops report feeds); COMP_CWORD=2
	_fleetops; printf "%s\n" "${COMPREPLY[@]}"' _ "$dest/usr/local/share/bash-completion/completions/fleetops")
expect_eq "$out" "feeds.status" "installed completion completes views"
finish
