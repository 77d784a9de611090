#!/usr/bin/env bash
# `fleetops completion bash`: the script is generated from the registry;
# sourced into a real bash, compgen-driven completion offers the commands,
# verbs, views, options, formats and columns the binary registered.
. "$(dirname "$0")/lib.bash"

run completion bash
expect_rc 0 "completion bash"
expect_empty err "completion: quiet stderr"
cp "$T/out" "$T/fleetops.bash"
checks=$((checks + 1))
bash -n "$T/fleetops.bash" || { echo "  FAIL (script does not parse)"; failures=$((failures + 1)); }

# complete LINE: what TAB offers at the end of LINE (a trailing space
# means a new, empty word), one per line, sorted
complete_line() {
	bash --norc --noprofile -c '
		. "$1"
		read -r -a COMP_WORDS <<<"$2"
		[[ $2 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$2 COMP_POINT=${#2}
		_fleetops fleetops "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$T/fleetops.bash" "$1"
}
# has LINE WORD...: every WORD is offered
has() {
	local line=$1 got
	shift
	got=$(complete_line "$line")
	for w in "$@"; do
		checks=$((checks + 1))
		if ! grep -qxF -- "$w" <<<"$got"; then
			echo "  FAIL ('$line<TAB>' does not offer '$w'; offers: $(echo $got | head -c 300))"
			failures=$((failures + 1))
		fi
	done
}
# only LINE WORDS: exactly these (space-separated) are offered
only() {
	expect_eq "$(complete_line "$1" | tr '\n' ' ')" "$2" "'$1<TAB>'"
}

# every domain of the registry, and the views of `view list`
"$FO" help >"$T/help"
domains=$(awk '{print $1}' "$T/help" | sort -u)
# shellcheck disable=SC2086
has "fleetops " $domains report completion
"$FO" view list | awk '{print $1}' >"$T/views"
# shellcheck disable=SC2046
has "fleetops report " $(cat "$T/views")
only "fleetops report fleet.v" "fleet.vehicles "
only "fleetops rep" "report "
only "fleetops sim st" "status step "
has "fleetops vehicle " list show order action
has "fleetops report fleet.vehicles --" --format --out --since --until --filter --sort \
	--columns --tenant --fleet --width --limit --charts --advance --demo --readonly
has "fleetops report --" --list
only "fleetops report fleet.vehicles --format " "csv html json md table "
only "fleetops report fleet.vehicles --format j" "json "
has "fleetops report fleet.vehicles --columns " id battery last_seen tenant
only "fleetops report fleet.vehicles --columns id,bat" "id,battery "
only "fleetops report fleet.fleets --sort -bat" "-battery "
has "fleetops --demo --seed 3 report feeds.status --columns " name state last_error
has "fleetops view show " fleet.vehicles feeds.status
has "fleetops view show fleet.vehicles --sort " speed battery
has "fleetops --" --demo --store --theme --help --version

# Every command option of `help DOMAIN` is offered after DOMAIN VERB.
for d in report vehicle db feeds; do
	"$FO" help "$d" >"$T/h"
	while read -r dom verb rest; do
		opts=$(grep -o -- '--[a-z][a-z-]*' <<<"$rest" | sort -u)
		[ -z "$opts" ] && continue
		# shellcheck disable=SC2086
		has "fleetops $dom $verb --" $opts
	done < <(grep -E "^  $d [a-z]+" "$T/h")
done
finish
