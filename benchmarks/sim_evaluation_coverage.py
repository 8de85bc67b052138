"""Simulation: do the evaluation's 95 % intervals cover the true effect on overdispersed counts?

Negative-binomial (NB2) data with a known effect; goal: coverage 93-97 % for every design.

* Interrupted time series (``stats.its.interrupted_time_series`` with its defaults: quasi-Poisson,
  two Fourier pairs, normal intervals; and the negative-binomial family): monthly series with a
  trend, a seasonal pattern and a step (optionally also a slope change); coverage of the true step
  ratio and, with a slope change, of the true ratio at the end of the series.
* Before/after with a comparison area (``stats.evaluation.before_after`` defaults: NB with alpha
  from the data, t intervals): coverage of the true ratio of rate ratios by the model and by the
  relative effect size (RES) interval; monthly and yearly counts, areas of different size.

Run:   .venv/bin/python benchmarks/sim_evaluation_coverage.py            (500 runs per design, ~3 min)
       .venv/bin/python benchmarks/sim_evaluation_coverage.py --reps 100 (quick)
"""
from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from lagesbild_methods.stats.countmodels import nb_random
from lagesbild_methods.stats.evaluation import RES, before_after
from lagesbild_methods.stats.its import NIVA, VID_SLUT, interrupted_time_series

# name: (months before, months after, level per month, NB alpha, step ratio, slope change per year, family)
ITS_DESIGNS = {
    "ITS 36+24 mån, 20/mån, α 0,05, kvasi-Poisson": (36, 24, 20.0, 0.05, 0.75, None, "quasipoisson"),
    "ITS 36+24 mån, 20/mån, α 0,05, NB": (36, 24, 20.0, 0.05, 0.75, None, "negbin"),
    "ITS 24+24 mån, 6/mån, α 0,2, kvasi-Poisson": (24, 24, 6.0, 0.2, 0.8, None, "quasipoisson"),
    "ITS 48+36 mån, 40/mån, α 0,03, nivå + lutning": (48, 36, 40.0, 0.03, 0.85, 0.9, "quasipoisson"),
}
# name: (periods before, after, periods per year, treated per year, comparison per year, alpha, true ratio)
BA_DESIGNS = {
    "Före/efter 36+24 mån, 120 + 480/år, α 0,1": (36, 24, 12, 120.0, 480.0, 0.1, 0.8),
    "Före/efter 24+24 mån, 60 + 60/år, α 0,2": (24, 24, 12, 60.0, 60.0, 0.2, 0.7),
    "Före/efter 12+12 mån, 360 + 1200/år, α 0,05": (12, 12, 12, 360.0, 1200.0, 0.05, 0.8),
    "Före/efter årstotaler 5+2 år, 150 + 400/år, α 0,02": (5, 2, 1, 150.0, 400.0, 0.02, 0.8),
    "Före/efter årstotaler 3+2 år, 150 + 150/år, α 0,02": (3, 2, 1, 150.0, 150.0, 0.02, 1.0),
}


def its_coverage(design, reps, rng) -> dict:
    k0, k1, level, alpha, step, slope, family = design
    per = pd.period_range("2015-01", periods=k0 + k1, freq="M")
    t = np.arange(1, k0 + k1 + 1)
    post = t > k0
    season = 0.25 * np.sin(2 * np.pi * per.month / 12) - 0.1 * np.cos(4 * np.pi * per.month / 12)
    b_slope = 0.0 if slope is None else np.log(slope) / 12
    eta = np.log(level) + 0.003 * t + season + np.log(step) * post + b_slope * (t - k0) * post
    true_end = np.log(step) + b_slope * (t[-1] - k0)
    hit_step = hit_end = 0
    for _ in range(reps):
        df = pd.DataFrame({"manad": per, "antal": nb_random(rng, np.exp(eta), alpha)})
        r = interrupted_time_series(df, str(per[k0]), family=family, slope_change=slope is not None)
        s, e = r.effect(NIVA), r.effect(VID_SLUT)
        hit_step += s["nedre"] <= step <= s["ovre"]
        hit_end += e["nedre"] <= np.exp(true_end) <= e["ovre"]
    return {"niva": hit_step / reps, "vid_slut": hit_end / reps}


def ba_coverage(design, reps, rng) -> dict:
    k0, k1, ppy, mt, mc, alpha, ratio = design
    t = np.arange(1, k0 + k1 + 1)
    hit_m = hit_r = 0
    for _ in range(reps):
        yt = np.r_[nb_random(rng, mt / ppy, alpha, k0), nb_random(rng, mt / ppy * ratio, alpha, k1)]
        yc = nb_random(rng, mc / ppy, alpha, k0 + k1)
        df = pd.DataFrame({"t": np.r_[t, t], "antal": np.r_[yt, yc], "omrade": ["A"] * len(t) + ["B"] * len(t)})
        r = before_after(df, k0 + 1, time="t", area="omrade", treated="A")
        m, res = r.effect(), r.effect(RES)
        hit_m += m["nedre"] <= ratio <= m["ovre"]
        hit_r += res["res_nedre"] <= 1 / ratio <= res["res_ovre"]
    return {"modell": hit_m / reps, "res": hit_r / reps}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(args.seed)
    t0 = time.time()
    print(f"Täckning av 95 %-intervall, {args.reps} simuleringar per upplägg "
          f"(±{1.96 * np.sqrt(0.95 * 0.05 / args.reps) * 100:.1f} procentenheter är slumpens marginal); mål 93–97 %")
    all_cov = []
    for name, d in ITS_DESIGNS.items():
        c = its_coverage(d, args.reps, rng)
        extra = f", vid slutet {c['vid_slut'] * 100:5.1f} %" if d[5] is not None else ""
        print(f"  {name:<52} nivåförändring {c['niva'] * 100:5.1f} %{extra}")
        all_cov += [c["niva"]] + ([c["vid_slut"]] if d[5] is not None else [])
    for name, d in BA_DESIGNS.items():
        c = ba_coverage(d, args.reps, rng)
        print(f"  {name:<52} modell {c['modell'] * 100:5.1f} %, RES {c['res'] * 100:5.1f} %")
        all_cov += [c["modell"], c["res"]]
    ok = all(0.93 <= c <= 0.97 for c in all_cov)
    print(f"Alla inom 93–97 %: {ok}; min {min(all_cov) * 100:.1f} %, max {max(all_cov) * 100:.1f} %; "
          f"tid {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
