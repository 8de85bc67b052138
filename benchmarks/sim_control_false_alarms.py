"""False-alarm rates of the wrong-direction flags on simulated *stable* Poisson series.

Usage: ``.venv/bin/python benchmarks/sim_control_false_alarms.py [--reps 1000] [--seed 1]``

For each cadence (weekly, tertial) and mean count per period, stable Poisson series are drawn
with a seeded RNG and run through :func:`control_flags` and :func:`ewma_flags` with their
defaults. Every flag on a stable series is a false alarm. Printed: the share of judged periods
flagged (per direction) and false alarms per year (the practical number for the EST meeting).
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from lagesbild_methods.patterns.control import HIGH, LOW, control_flags, ewma_flags


def run(cadence: str, mean: float, n_periods: int, ppy: int, reps: int, rng) -> dict:
    res = {"high": 0, "low": 0, "judged": 0, "ewma_high": 0, "ewma_low": 0, "ewma_judged": 0}
    for _ in range(reps):
        x = rng.poisson(mean, n_periods)
        frame = pd.DataFrame({"period": np.arange(n_periods).astype(str), "antal": x, "ofullstandig": False})
        frame.attrs["frekvens"] = cadence
        f = control_flags(frame)
        judged = f["forvantat"].notna()
        res["judged"] += int(judged.sum())
        res["high"] += int((f["flagga"] == HIGH).sum())
        res["low"] += int((f["flagga"] == LOW).sum())
        e = ewma_flags(frame)
        # phase II only: periods after the baseline half
        ph2 = np.arange(n_periods) >= max(8, n_periods // 2)
        res["ewma_judged"] += int(ph2.sum())
        res["ewma_high"] += int(((e["flagga"] == HIGH) & ph2).sum())
        res["ewma_low"] += int(((e["flagga"] == LOW) & ph2).sum())
    return {
        "kadens": cadence, "medel_per_period": mean,
        "andel_hog": res["high"] / res["judged"], "andel_lag": res["low"] / res["judged"],
        "larm_per_ar": (res["high"] + res["low"]) / res["judged"] * ppy,
        "ewma_andel_hog": res["ewma_high"] / res["ewma_judged"],
        "ewma_andel_lag": res["ewma_low"] / res["ewma_judged"],
        "ewma_larm_per_ar": (res["ewma_high"] + res["ewma_low"]) / res["ewma_judged"] * ppy,
    }


def main(argv=None) -> pd.DataFrame:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reps", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    t0 = time.perf_counter()
    rows = []
    for mean in (0.5, 2, 5, 10, 30):
        rows.append(run("week", mean, 156, 52, args.reps, rng))  # three years of weeks
    for mean in (10, 40, 150, 500):
        rows.append(run("tertial", mean, 15, 3, args.reps, rng))  # five years of tertials
    out = pd.DataFrame(rows)
    pd.set_option("display.width", 160)
    print(f"Stable Poisson series, {args.reps} replicates per row, seed {args.seed}, "
          f"{time.perf_counter() - t0:.1f} s")
    print("Defaults: control_flags alpha=0.005 per side (week: rolling 12; tertial: same tertial 3 years); "
          "ewma_flags lam=0.2, L=3.0")
    print(out.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    return out


if __name__ == "__main__":
    main()
