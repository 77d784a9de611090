#!/usr/bin/env bash
# A deadlock that only a back-off resolves (issue 12, traffic control): a
# corridor A - B - C - D - E with one siding S off C, two simulated AGVs on
# a real broker driving that layout file (`sim --mqtt --layout`), one on
# each end, each sent to the other end at once.  Head-on in the corridor,
# with no way round: `serve` finds the cycle of waits and backs one of them
# off into the siding; both missions complete, the AGVs never closer than
# 2 m by their own reported positions, every order valid.
. "$(dirname "$0")/lib.bash"
broker_start
python3 - "$T/corridor.json" <<'PY'
import json, sys
pos = {"A": (0, 0), "B": (5, 0), "C": (10, 0), "D": (15, 0), "E": (20, 0), "S": (10, 5)}
pairs = [("A", "B"), ("B", "C"), ("C", "D"), ("D", "E"), ("C", "S")]
props = [{"vehicleTypeId": "corridor-agv", "rotationAllowed": True, "maxSpeed": 1.5}]
edges = [{"edgeId": "%s-%s" % (a, b), "startNodeId": a, "endNodeId": b,
          "vehicleTypeEdgeProperties": props}
         for x, y in pairs for a, b in ((x, y), (y, x))]
lif = {"metaInformation": {"projectIdentification": "corridor", "creator": "fleetops tests",
                           "exportTimestamp": "2026-01-01T00:00:00.00Z", "lifVersion": "1.0.0"},
       "layouts": [{"layoutId": "corridor", "layoutVersion": "1", "layoutLevelId": "0",
                    "nodes": [{"nodeId": n, "mapId": "corridor",
                               "nodePosition": {"x": float(x), "y": float(y)},
                               "vehicleTypeNodeProperties": [{"vehicleTypeId": "corridor-agv"}]}
                              for n, (x, y) in pos.items()],
                    "edges": edges,
                    "stations": [{"stationId": "PA", "interactionNodeIds": ["A"],
                                  "fleetopsStationType": "parking"},
                                 {"stationId": "PE", "interactionNodeIds": ["E"],
                                  "fleetopsStationType": "parking"}]}]}
json.dump(lif, open(sys.argv[1], "w"), indent=1)
PY
"$FO" map import "$T/corridor.json" --activate >"$T/import" 2>&1
expect_grep "$T/import" "^active: corridor revision 1" "the corridor is the active layout"
"$FO" sim --mqtt "$FO_MQTT_URL" --layout "$T/corridor.json" --vehicles 2 --rate 10 \
	--state-interval 0.2 --seconds 300 >"$T/sim.out" 2>&1 &
bg_pids+=("$!")
mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -v -t 'uagv/v2/+/+/order' >"$T/orders" 2>/dev/null &
bg_pids+=("$!")
mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -v -t 'uagv/v2/+/+/state' >"$T/states" 2>/dev/null &
bg_pids+=("$!")
FLEETOPS_MAP_RELEASE_NODES=2 "$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id "fo-serve-$$" \
	--log-file "$T/serve.log" serve >"$T/serve.out" 2>&1 &
bg_pids+=("$!")
for _ in $(seq 50); do
	"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id "fo-nodes-$$" feeds watch --seconds 2 \
		--then 'vehicle list' >"$T/vlist" 2>/dev/null
	on_a=$(awk '$1 ~ /^AGV-/ && / A$/ { print $1 }' "$T/vlist")
	on_e=$(awk '$1 ~ /^AGV-/ && / E$/ { print $1 }' "$T/vlist")
	[ -n "$on_a" ] && [ -n "$on_e" ] && break
done
expect_eq "${on_a:+a}${on_e:+e}" ae "one AGV on each end of the corridor ($on_a on A, $on_e on E)"
expect_grep "$T/serve.log" "site: layout corridor revision 1, 6 nodes" "serve loaded the corridor"
cat >"$T/goto.json" <<'JSON'
{"name": "goto", "steps": [{"node": "$to", "actions": [{"type": "drop", "blocking": "HARD"}]}]}
JSON
"$FO" template import "$T/goto.json" >/dev/null
m1=$("$FO" mission start --vehicle "$on_a" goto "to=E" | awk '{print $2}')
m2=$("$FO" mission start --vehicle "$on_e" goto "to=A" | awk '{print $2}')
wait_state "$m1" completed 120
expect_eq "$(mission_state "$m1")" completed "$on_a drove the corridor to E"
wait_state "$m2" completed 60
expect_eq "$(mission_state "$m2")" completed "$on_e drove the corridor to A"
"$FO" db list missions.logs >"$T/logs"
grep -E "traffic:" "$T/logs" | cut -f5 | sed 's/^/    /' | head -8
expect_grep "$T/logs" "traffic: AGV-[0-9]+ waits for AGV-[0-9]+ \(holds [A-E]\): deadlock" "head-on in the corridor: a deadlock"
expect_grep "$T/logs" "traffic: deadlock at [A-E] resolved: backs off to S, then on to [AE]" "resolved by backing off into the siding"

closest_check "$T/states" "$T/dist"
sed 's/^/    /' "$T/dist"
expect_grep "$T/dist" "^apart True$" "the AGVs never closer than 2 m"
orders_valid "$T/orders" "$T/valid"
expect_grep "$T/valid" "^orders [0-9]+ invalid 0$" "orders and their updates valid against the 2.1.0 schema"
finish
