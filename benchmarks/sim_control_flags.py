"""Wrong-direction flags on weekly series: detection of a lasting step, false alarms, with overdispersion.

Usage::

    .venv/bin/python benchmarks/sim_control_flags.py [--runs 500] [--seed 1] [--means 5,10,20,40]
                                                     [--alpha 0.002] [--alpha-sum 0.001]

Series: 4 years of weekly counts (208 weeks). Null series are stable; step series get a
+50 % level from week 156 (the start of year 4; three stable years before; ``--step-at 80`` puts
the step in year 2, when only one earlier year is there to compare with). Counts are
negative binomial with variance = 2 x mean (``--var-ratio``), also Poisson (ratio 1).
Reported per weekly mean:

* false alarms per year: flagged weeks (either direction) in stable series, per judged year;
* detection: share of step series with a HIGH flag within the first 13 weeks after the step.

Defaults of :func:`control_flags` for weeks (same weeks +-4 in up to 3 earlier years, 4-week sum
rule); the old rolling 12-week baseline and the EWMA chart are shown for comparison.
Targets: detection >= 80 % at >= 10 events a week; <= 0.5 false alarms a year at variance 2 x mean.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from lagesbild_methods.patterns.control import HIGH, LOW, control_flags, ewma_flags

WEEKS, STEP_AT, WITHIN = 208, 156, 13


def draw(rng, mean, ratio, n, reps):
    mean = np.broadcast_to(np.asarray(mean, float), (reps, n))
    if ratio <= 1:
        return rng.poisson(mean)
    r = mean / (ratio - 1)  # var = mean + mean^2/r = ratio * mean
    return rng.negative_binomial(r, r / (r + mean))


def frame(x):
    f = pd.DataFrame({"period": np.arange(len(x)).astype(str), "antal": x, "ofullstandig": False})
    f.attrs["frekvens"] = "week"
    return f


def evaluate(fn, mean, ratio, runs, rng, step_at=STEP_AT):
    nulls = draw(rng, mean, ratio, WEEKS, runs)
    level = np.where(np.arange(WEEKS) >= step_at, 1.5 * mean, mean)
    steps = draw(rng, level, ratio, WEEKS, runs)
    flags = judged = 0
    for x in nulls:
        f = fn(frame(x))
        flags += int(f["flagga"].isin([HIGH, LOW]).sum())
        judged += int(f["forvantat"].notna().sum())
    hits = 0
    for x in steps:
        f = fn(frame(x))
        hits += bool((f["flagga"].iloc[step_at:step_at + WITHIN] == HIGH).any())
    return 52 * flags / max(judged, 1), hits / runs


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--means", default="5,10,20,40")
    ap.add_argument("--ratios", default="2,1")
    ap.add_argument("--alpha", type=float, default=None)
    ap.add_argument("--cusum-h", type=float, default=None)
    ap.add_argument("--compare", action="store_true", help="also the old rolling baseline and EWMA")
    ap.add_argument("--step-at", type=int, default=STEP_AT, help="week of the step (default 156 = start of year 4; "
                    "80 = in year 2, only one earlier year)")
    a = ap.parse_args(argv)
    rng = np.random.default_rng(a.seed)
    kw = {}
    if a.alpha is not None:
        kw["alpha"] = a.alpha
    if a.cusum_h is not None:
        kw["cusum_h"] = a.cusum_h
    methods = {"ny (samma veckor tidigare år + CUSUM)": lambda f: control_flags(f, **kw)}
    if a.compare:
        methods["gammal (rullande 12 veckor)"] = lambda f: control_flags(f, baseline="rolling", baseline_periods=12,
                                                                        cusum=False, alpha=0.005)
        methods["EWMA"] = lambda f: ewma_flags(f, baseline_periods=104)
    rows = []
    t0 = time.perf_counter()
    for ratio in [float(v) for v in a.ratios.split(",")]:
        for mean in [float(v) for v in a.means.split(",")]:
            for name, fn in methods.items():
                fa, det = evaluate(fn, mean, ratio, a.runs, rng, a.step_at)
                rows.append({"metod": name, "varians/medel": ratio, "per_vecka": mean,
                             "falsklarm_per_ar": fa, "upptackt_inom_13_v_%": 100 * det})
                print(rows[-1], flush=True)
    tab = pd.DataFrame(rows)
    print()
    print(tab.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    new = tab[tab["metod"].str.startswith("ny")]
    ok_det = bool((new.loc[new["per_vecka"] >= 10, "upptackt_inom_13_v_%"] >= 80).all())
    ok_fa = bool((new.loc[new["varians/medel"] <= 2, "falsklarm_per_ar"] <= 0.5).all())
    print(f"\n{a.runs} serier per rad, seed {a.seed}, {time.perf_counter() - t0:.0f} s.")
    print(f"Mål upptäckt >= 80 % vid >= 10/vecka: {'OK' if ok_det else 'EJ OK'}; "
          f"mål <= 0,5 falsklarm/år vid varians 2 x medel: {'OK' if ok_fa else 'EJ OK'}")
    return tab


if __name__ == "__main__":
    main()
