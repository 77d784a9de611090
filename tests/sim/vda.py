#!/usr/bin/env python3
"""vda.py — helpers for the simulator-on-a-broker tests (tests/sim/*.sh).

  vda.py q LOG SERIAL TOPIC EXPR   evaluates EXPR with m = the last message of
                                   SERIAL on TOPIC in LOG (mosquitto_sub -v
                                   output) and ms = all of them; prints it
  vda.py order SERIAL LOG LISTING ORDER_ID N [horizon]
                                   prints an order from SERIAL's last node
                                   through the N nearest nodes of LISTING
                                   (`fleetops --demo view show resources.*`
                                   output), a pick on the last node; with
                                   horizon the last node is not released
  vda.py stitch ORDER_JSON UPDATE_ID
                                   the order update releasing ORDER's horizon
  vda.py instant SERIAL ACTION_TYPE ACTION_ID
  vda.py validate SCHEMA_DIR LOG TOPIC SERIAL
                                   checks every message on TOPIC of SERIAL
                                   against SCHEMA_DIR/TOPIC.schema
"""
import json
import math
import sys
from datetime import datetime, timezone


def messages(log, serial, topic):
    out = []
    want = "/%s/%s" % (serial, topic)
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            t, _, payload = line.rstrip("\n").partition(" ")
            if t.endswith(want):
                try:
                    out.append(json.loads(payload))
                except ValueError:
                    pass
    return out


def header(serial, hid):
    now = datetime.now(timezone.utc)
    return {
        "headerId": hid,
        "timestamp": now.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (now.microsecond // 1000),
        "version": "2.1.0",
        "manufacturer": "AtlasMesh-Sim",
        "serialNumber": serial,
    }


def stitch(prev, update_id):
    """The update of order prev that releases its horizon (spec 6.6.2): it
    starts at the last released node, sequenceIds kept."""
    base = max(i for i, nd in enumerate(prev["nodes"]) if nd["released"])
    o = header(prev["serialNumber"], prev["headerId"] + 1)
    o.update({"orderId": prev["orderId"], "orderUpdateId": update_id,
              "nodes": [dict(nd, released=True) for nd in prev["nodes"][base:]],
              "edges": [dict(e, released=True) for e in prev["edges"][base:]]})
    o["nodes"][0]["actions"] = []
    return o


def order(serial, log, listing, order_id, n, horizon=False):
    st = messages(log, serial, "state")[-1]
    x, y = st["agvPosition"]["x"], st["agvPosition"]["y"]
    cands = []
    with open(listing) as f:
        for line in f:
            p = line.split()
            if len(p) >= 3 and "," in p[2] and p[0] != "Node":
                try:
                    nx, ny = (float(v) for v in p[2].split(","))
                except ValueError:
                    continue
                cands.append((math.hypot(nx - x, ny - y), p[0]))
    cands.sort()
    ids = [st["lastNodeId"]] + [c[1] for c in cands[:n]]
    o = header(serial, 1)
    o.update({"orderId": order_id, "orderUpdateId": 0, "nodes": [], "edges": []})
    for i, nid in enumerate(ids):
        acts = []
        if i == len(ids) - 1:
            acts = [{"actionId": order_id + "-pick", "actionType": "pick",
                     "blockingType": "HARD",
                     "actionParameters": [{"key": "loadId", "value": "LOAD-T1"}]}]
        o["nodes"].append({"nodeId": nid, "sequenceId": 2 * i, "released": True,
                           "actions": acts})
        if i:
            o["edges"].append({"edgeId": "%s-%s" % (ids[i - 1], nid), "sequenceId": 2 * i - 1,
                               "released": True, "startNodeId": ids[i - 1],
                               "endNodeId": nid, "actions": []})
    if horizon:  # the last node and edge are not released yet
        o["nodes"][-1]["released"] = False
        o["edges"][-1]["released"] = False
    return o


def main(argv):
    cmd = argv[1]
    if cmd == "q":
        ms = messages(argv[2], argv[3], argv[4])
        m = ms[-1] if ms else None
        print(eval(argv[5], {"m": m, "ms": ms, "len": len, "all": all, "any": any}))
    elif cmd == "order":
        print(json.dumps(order(argv[2], argv[3], argv[4], argv[5], int(argv[6]),
                               len(argv) > 7 and argv[7] == "horizon")))
    elif cmd == "stitch":
        print(json.dumps(stitch(json.loads(argv[2]), int(argv[3]))))
    elif cmd == "instant":
        o = header(argv[2], 1)
        o["actions"] = [{"actionId": argv[4], "actionType": argv[3], "blockingType": "HARD"}]
        print(json.dumps(o))
    elif cmd == "validate":
        import jsonschema
        with open("%s/%s.schema" % (argv[2], argv[4])) as f:
            schema = json.load(f)
        ms = messages(argv[3], argv[5], argv[4])
        if not ms:
            print("no %s message of %s" % (argv[4], argv[5]))
            return 1
        v = jsonschema.Draft202012Validator(schema)
        bad = 0
        for m in ms:  # every message seen, not only the last
            errs = sorted(v.iter_errors(m), key=str)
            for e in errs[:3]:
                print("headerId %s: %s: %s" % (m.get("headerId"),
                                               "/".join(str(p) for p in e.path), e.message))
            bad += bool(errs)
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
