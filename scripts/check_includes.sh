#!/bin/sh
# check_includes.sh — no #include crosses a boundary of the plugin ABI:
#   - core/ and tui/ include no header of plugins/ (the core names no domain);
#   - a plugin includes, of the project, only the plugin header
#     (fleetops_plugin.h) and headers of its own folder: no other plugin's
#     header ("../sim/sim.h"), no core header ("model.h"), no "../" out of
#     its folder.
# System headers (<...>) are not checked unless they name a project path.
# Prints FILE:LINE: #include ...: why, for every crossing; exits 1 on any.
# Usage: scripts/check_includes.sh [ROOT]   (default: the repository)
cd "${1:-$(dirname "$0")/..}" || exit 2
if [ ! -d core ] || [ ! -d plugins ]; then
	echo "check_includes: no core/ and plugins/ in $(pwd)" >&2
	exit 2
fi

# The headers that exist (to tell a plugin's own header from a core header
# named bare), then every #include line of core/, tui/ and plugins/.
{
	find core tui plugins -name '*.h' | sed 's/^/H /'
	find core tui plugins \( -name '*.c' -o -name '*.h' -o -name '*.cc' \) -print | sort |
		xargs grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' /dev/null |
		sed 's/^/I /'
} | awk '
# Normalises a path (., .., //) without the file system.
function norm(path,    n, p, i, k, s, q) {
	n = split(path, p, "/"); k = 0
	for (i = 1; i <= n; i++) {
		if (p[i] == "" || p[i] == ".") continue
		if (p[i] == ".." && k > 0 && q[k] != "..") { k--; continue }
		q[++k] = p[i]
	}
	s = ""
	for (i = 1; i <= k; i++) s = s (i > 1 ? "/" : "") q[i]
	return s
}
function base(path,    n, p) { n = split(path, p, "/"); return p[n] }
function dirof(path) { sub(/\/[^\/]*$/, "", path); return path }
function report(why) { printf "%s:%s: %s: %s\n", file, line, text, why; bad++ }
$1 == "H" {
	have[$2] = 1
	if ($2 ~ /^plugins\//) plugin_h[base($2)] = 1
	else if (base($2) != "fleetops_plugin.h") core_h[base($2)] = 1
	next
}
{
	rec = substr($0, 3)
	file = rec; sub(/:.*/, "", file)
	rest = substr(rec, length(file) + 2)
	line = rest; sub(/:.*/, "", line)
	text = substr(rest, length(line) + 2)
	gsub(/^[ \t]+|[ \t]+$/, "", text)
	name = text; sub(/^[^<"]*[<"]/, "", name); sub(/[>"].*$/, "", name)
	system_inc = text ~ /include[ \t]*</
	resolved = norm(dirof(file) "/" name)
	if (file ~ /^(core|tui)\//) {
		# by a path, or by a bare name that only a plugin folder has (found
		# through an -I added to the core'"'"'s flags)
		if (name ~ /(^|\/)plugins\// || (!system_inc && resolved ~ /^plugins\//) ||
		    (!system_inc && !(resolved in have) && (base(name) in plugin_h) && !(base(name) in core_h)))
			report("the core includes a plugin'"'"'s header")
		next
	}
	# plugins/NAME/...
	split(file, fp, "/"); own = fp[1] "/" fp[2] "/"
	if (system_inc) {
		if (name ~ /(^|\/)\.\.\// || name ~ /^(core|tui|plugins)\//)
			report("a project path in a system include")
		next
	}
	if (name == "fleetops_plugin.h") next
	if (index(resolved "/", own) != 1) {
		if (resolved ~ /^plugins\//) report("a plugin includes another plugin'"'"'s header")
		else if (name ~ /(^|\/)\.\.\//) report("a relative include out of the plugin'"'"'s folder")
		else report("not in the plugin'"'"'s folder (of the core, only fleetops_plugin.h)")
		next
	}
	if (!(resolved in have)) {
		if (base(name) in core_h) report("a core header (a plugin sees only fleetops_plugin.h)")
		else report("no such header in the plugin'"'"'s folder")
	}
}
END {
	if (bad) { printf "check_includes: %d crossing include(s)\n", bad; exit 1 }
	print "check_includes: ok (core/, tui/, plugins/)"
}'
