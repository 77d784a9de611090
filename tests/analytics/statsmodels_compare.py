"""statsmodels_compare.py — the oracle beside fleetops' forecasting
(plugins/analytics/an_forecast.c): statsmodels' ExponentialSmoothing on
the same series and the same rolling origins, scored the same way.  Test
only: run with Debian's /usr/bin/python3 (python3-statsmodels).

  statsmodels_compare.py gen [--weeks W] [--seed S] [--gap START:LEN]
      a demand series like the simulator's: Poisson missions per hour with
      a daily profile, weekends lighter and later, a day-to-day factor;
      fixed seed, one value per line (a gap prints "nan")
  statsmodels_compare.py backtest --season M --horizon H --level L
      --min-train N --refit K [--trend none|add] [--counts] < series
      prints one JSON object: overall MAE, MASE, coverage, n, seconds
  statsmodels_compare.py report TITLE FLEETOPS_JSON [STATSMODELS_JSON]
      the side-by-side table; exit 1 unless fleetops' MASE < 1 and its
      coverage is within [0.75, 0.85] (and both scored the same points)

The backtest mirrors an_fc_backtest: origins o = min_train .. n-1, training
y[0..o-1]; parameters (and statsmodels' estimated initial states) refitted
at the first origin and every K after, in between the same parameters and
initial states filtered over y[0..o-1]; h = 1..H scored where y[o-1+h]
exists; naive = y[t + h - m ceil(h/m)], t = o-1; MASE = MAE / naive MAE on
the same points.  Intervals: quantiles at (1 -+ L)/2 of 1,000 simulated
paths (simulate(), errors resampled from the residuals), per origin.
With --counts points and bounds are clamped at 0 as fleetops does (the
intervals stay statsmodels' own, from the simulated paths; fleetops also
scales its errors by the level).  What differs by design: statsmodels
estimates the initial states with the parameters, fleetops takes them
from the first two seasons (see an_forecast.h).
"""
import argparse
import json
import math
import sys
import time
import warnings

import numpy as np

# Missions per hour of a weekday, hours 0..23: night shift, morning ramp,
# two peaks around a lunch dip, evening decline.
WEEKDAY = [0.6, 0.4, 0.4, 0.5, 0.8, 1.5, 3.5, 7.0, 11.0, 13.0, 13.5, 12.0,
           8.5, 9.5, 12.5, 12.0, 10.5, 8.0, 5.5, 4.0, 3.0, 2.2, 1.4, 0.9]


def rate(hour_of_week):
    day, hour = divmod(hour_of_week, 24)
    if day < 5:
        return WEEKDAY[hour]
    # weekends: about a third of the work, starting two hours later
    return 0.35 * WEEKDAY[(hour - 2) % 24] + 0.3


def generate(weeks, seed, gaps):
    rng = np.random.RandomState(seed)  # legacy stream: stable across numpy
    y = []
    for d in range(7 * weeks):
        factor = math.exp(rng.normal(0, 0.08))  # a busier or quieter day
        for h in range(24):
            y.append(float(rng.poisson(rate((d % 7) * 24 + h) * factor)))
    for start, length in gaps:
        for i in range(start, min(start + length, len(y))):
            y[i] = float("nan")
    return y


def read_series(f):
    y = []
    for i, line in enumerate(f):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        s = s.split(",")[-1].strip()
        if s.lower() in ("", "nan", "na"):
            y.append(float("nan"))
            continue
        try:
            y.append(float(s))
        except ValueError:
            if i == 0:
                continue  # a header
            raise
    return np.array(y)


def fit(es_mod, y, a):
    """A fresh fit on y (parameters and initial states estimated)."""
    m = es_mod.ExponentialSmoothing(
        y, trend=None if a.trend == "none" else "add", seasonal="add",
        seasonal_periods=a.season, initialization_method="estimated")
    return m.fit()


def refilter(es_mod, y, a, params):
    """The parameters and initial states of an earlier fit, over y."""
    kw = dict(trend=None if a.trend == "none" else "add", seasonal="add",
              seasonal_periods=a.season, initialization_method="known",
              initial_level=params["initial_level"],
              initial_seasonal=params["initial_seasons"])
    fkw = dict(smoothing_level=params["smoothing_level"],
               smoothing_seasonal=params["smoothing_seasonal"], optimized=False)
    if a.trend != "none":
        kw["initial_trend"] = params["initial_trend"]
        fkw["smoothing_trend"] = params["smoothing_trend"]
    return es_mod.ExponentialSmoothing(y, **kw).fit(**fkw)


def backtest(a):
    from statsmodels.tsa import holtwinters as es_mod

    warnings.simplefilter("ignore")  # convergence chatter on short fits
    y = read_series(sys.stdin)
    n, m, H = len(y), a.season, a.horizon
    if np.isnan(y).any():
        sys.exit("statsmodels_compare: statsmodels takes no gaps")
    qlo, qhi = (1 - a.level) / 2, (1 + a.level) / 2
    np.random.seed(1)  # simulate(random_errors="bootstrap") draws from the global one
    err, nerr, inside, cnt = 0.0, 0.0, 0, 0
    params, fits, since = None, 0, 0
    t0 = time.perf_counter()
    for o in range(a.min_train, n):
        if params is None or since >= a.refit:
            res = fit(es_mod, y[:o], a)
            params, since, fits = res.params, 0, fits + 1
        else:
            res = refilter(es_mod, y[:o], a, params)
        since += 1
        hmax = min(H, n - o)
        point = np.asarray(res.forecast(hmax))
        sims = np.asarray(res.simulate(hmax, repetitions=1000, error="add",
                                       random_errors="bootstrap")
                          ).reshape(hmax, -1)
        lo = np.quantile(sims, qlo, axis=1)
        hi = np.quantile(sims, qhi, axis=1)
        if a.counts:
            point, lo, hi = (np.maximum(v, 0) for v in (point, lo, hi))
        t = o - 1
        for h in range(1, hmax + 1):
            actual = y[t + h]
            back = m * math.ceil(h / m)
            if back > t + h:
                continue  # no naive forecast this early (as fleetops)
            naive = y[t + h - back]
            err += abs(actual - point[h - 1])
            nerr += abs(actual - naive)
            inside += lo[h - 1] <= actual <= hi[h - 1]
            cnt += 1
    secs = time.perf_counter() - t0
    out = {
        "model": "statsmodels ExponentialSmoothing(trend=%s, seasonal=add, m=%d)"
                 % (a.trend, m),
        "origins": n - a.min_train, "fits": fits, "seconds": round(secs, 3),
        "overall": {"n": cnt, "mae": err / cnt, "naive_mae": nerr / cnt,
                    "mase": err / nerr, "coverage": inside / cnt},
    }
    print(json.dumps(out))


def report(a):
    fo = json.load(open(a.fleetops))
    sm = json.load(open(a.statsmodels)) if a.statsmodels else None
    print(a.title)
    print("  fleetops:    %s, %d fits, params %s" % (
        fo["model"], fo["fits"],
        " ".join("%s=%.4g" % kv for kv in fo["params"].items())))
    if sm:
        print("  statsmodels: %s, %d fits" % (sm["model"], sm["fits"]))
    rows = [("MAE", "mae", "%.4f"), ("naive MAE", "naive_mae", "%.4f"),
            ("MASE", "mase", "%.4f"), ("%g%% coverage" % (100 * fo["level"]),
                                       "coverage", "%.4f"),
            ("points", "n", "%d")]
    print("  %-22s %12s %12s" % ("", "fleetops", "statsmodels" if sm else ""))
    for label, key, fmt in rows:
        print("  %-22s %12s %12s" % (label, fmt % fo["overall"][key],
                                     fmt % sm["overall"][key] if sm else ""))
    print("  %-22s %12.2f %12s" % ("backtest time (s)", fo["seconds"],
                                   "%.2f" % sm["seconds"] if sm else ""))
    o, bad = fo["overall"], []
    if not (o["mase"] is not None and o["mase"] < 1):
        bad.append("MASE %s is not below 1" % o["mase"])
    if not (o["coverage"] is not None and 0.75 <= o["coverage"] <= 0.85):
        bad.append("coverage %s is not within [0.75, 0.85]" % o["coverage"])
    if sm and sm["overall"]["n"] != o["n"]:
        bad.append("scored %d points, statsmodels %d" % (o["n"], sm["overall"]["n"]))
    for b in bad:
        print("  FAIL: fleetops " + b)
    print("  " + ("targets met" if not bad else "targets missed"))
    return 1 if bad else 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("--weeks", type=int, default=8)
    g.add_argument("--seed", type=int, default=20240601)
    g.add_argument("--gap", action="append", default=[],
                   help="START:LEN, hours missing (the process was down)")
    b = sub.add_parser("backtest")
    b.add_argument("--season", type=int, required=True)
    b.add_argument("--horizon", type=int, required=True)
    b.add_argument("--level", type=float, default=0.8)
    b.add_argument("--min-train", type=int, required=True)
    b.add_argument("--refit", type=int, default=1)
    b.add_argument("--trend", choices=["none", "add"], default="none")
    b.add_argument("--counts", action="store_true")
    r = sub.add_parser("report")
    r.add_argument("title")
    r.add_argument("fleetops")
    r.add_argument("statsmodels", nargs="?")
    a = p.parse_args()
    if a.cmd == "report":
        sys.exit(report(a))
    if a.cmd == "gen":
        gaps = [tuple(int(v) for v in s.split(":")) for s in a.gap]
        for v in generate(a.weeks, a.seed, gaps):
            print("nan" if math.isnan(v) else "%d" % v)
    else:
        backtest(a)


if __name__ == "__main__":
    main()
