#!/usr/bin/env bash
# The demo across a real broker: `fleetops sim --mqtt` puts simulated AGVs on
# the broker, a console with `--mqtt` sees every one of them live, dispatches
# an order by node ids (its own map is empty: the vehicle knows its map), and
# the vehicle accepts it and drives.
. "$(dirname "$0")/lib.bash"
broker_start

"$FO" sim --mqtt "$FO_MQTT_URL" --vehicles 3 --seconds 30 >"$T/sim.out" 2>&1 &
sim=$!
bg_pids+=("$sim")
sleep 1.5

"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-test-demo feeds watch --seconds 10 \
	--at 2 --do 'vehicle list; vehicle order AGV-00002 N-00240 N-00241 N-00242' \
	--then 'vehicle show AGV-00002; feeds status' >"$T/out" 2>"$T/err"
rc=$?
expect_eq "$rc" 0 "console exit code"
for v in AGV-00001 AGV-00002 AGV-00003; do
	expect_grep "$T/out" "^$v +AtlasMesh-Sim" "$v seen live on the broker"
done
expect_grep "$T/out" 'published uagv/v2/AtlasMesh-Sim/AGV-00002/order headerId 0' "order published"
order=$(sed -n 's/^order \([0-9a-f-]*\) to AGV-00002.*/\1/p' "$T/out")
expect_grep "$T/out" "Order +$order \(update 0\)" "the vehicle reports the order it accepted"
expect_grep "$T/out" 'Last node +N-0024[0-2]' "the vehicle drove to the order's nodes"
expect_grep "$T/out" '^mqtt +up ' "feed up"
expect_nogrep "$T/out" 'feed mqtt reject' "nothing the simulated AGVs sent was refused"
finish
