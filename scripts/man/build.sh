#!/bin/sh
# build.sh FLEETOPS TEMPLATE: writes the manual page fleetops(1) to stdout.
# Lines "@SECTION@" of the template (options, report, commands, views, lua) are
# replaced by `fleetops help man SECTION`, generated from the registry of
# that binary and its plugins, so the page lists exactly what it has.
set -eu
fo=$1
tpl=$2
version=$("$fo" --version | awk '{print $2}')
# A build-time run: no user config, no store file, no log file.
gen() {
	"$fo" --config /dev/null --store sqlite::memory: --log-file /dev/null help man "$1"
}
while IFS= read -r line; do
	case $line in
	@options@ | @report@ | @commands@ | @views@ | @lua@)
		sec=${line#@}
		gen "${sec%@}"
		;;
	*) printf '%s\n' "$line" | sed "s/@VERSION@/$version/g" ;;
	esac
done <"$tpl"
