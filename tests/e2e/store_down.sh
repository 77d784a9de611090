#!/bin/bash
# store_down.sh — a database that never answers does not hold up the
# console: it draws, takes keys and shows the store as DOWN; quitting does
# not hang on it either.
set -euo pipefail
source "$(dirname "$0")/lib.inc"

# A "server" on loopback that accepts connections and never says a word.
perl -MIO::Socket::INET -e '
	my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0,
	                              Listen => 16, ReuseAddr => 1) or die "listen: $!";
	print $s->sockport, "\n";
	STDOUT->flush;
	my @held;
	while (my $c = $s->accept) { push @held, $c }
' >"$TMP/port" &
HOLD=$!
trap 'kill $HOLD 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
PORT=$(cat "$TMP/port")
[ -n "$PORT" ] || fail "the silent server did not start"

start_console "" "--store postgresql://fleetops@127.0.0.1:$PORT/fleetops?connect_timeout=3"
wait_for "Vehicle +Fleet +State" "the vehicles table while the store hangs"
keys 2
wait_for "Missions › Queue|Missions > Queue" "the missions pane while the store hangs"
keys 0
wait_for "store postgresql: DOWN" "the store shown as DOWN"
keys '?'
wait_for "DOWN: .*postgresql" "the reason in the help"
keys Escape
keys q
wait_exit 0
echo "store_down: ok"
