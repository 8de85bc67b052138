"""Simulation: do the minimum-detectable-effect claims of ``stats.power`` hold on overdispersed counts?

For each design: compute the MDE at 80 % power (``minimum_detectable_effect``), plant exactly that
reduction in negative-binomial (NB2) period counts, run the evaluation that step 5 will run
(``stats.evaluation.before_after``: NB model with alpha from the data, t intervals) and count how
often it reports a significant decrease (verdict ``Change.DECREASE``). Goal: 75-85 % for every
design. Also reported: the false-alarm rate with no effect (goal <= 2.5 % "decrease" at a two-sided
5 % test) for the same designs. For contrast, the claim a user gets from a plain Poisson power
calculation (no overdispersion, normal test) is checked on the same overdispersed data.

Run:   .venv/bin/python benchmarks/sim_power.py            (400 runs per design, ~3 min on 2 cores)
       .venv/bin/python benchmarks/sim_power.py --reps 100 (quick)
"""
from __future__ import annotations

import argparse
import time
import warnings
from dataclasses import replace

import numpy as np
import pandas as pd

from lagesbild_methods.stats.countmodels import nb_random
from lagesbild_methods.stats.evaluation import before_after
from lagesbild_methods.stats.power import Design, minimum_detectable_effect
from lagesbild_methods.verdicts import Change

DESIGNS = {
    "150/år, månader, 3+2 år, α 0,05": Design(150, 3, 2, 12, 0.05),
    "150/år, årstotaler (poolade år) 5+2, α 0,01": Design(150, 5, 2, 1, 0.01),
    "40/år + jämförelse 160/år, månader 3+2, α 0,1": Design(40, 3, 2, 12, 0.1, comparison_events_per_year=160),
    "600/år, månader 2+1, α 0,02": Design(600, 2, 1, 12, 0.02),
    "25/år, månader 3+3, α 0,2": Design(25, 3, 3, 12, 0.2),
    "300/år + jämförelse 900/år, år 6+3, α 0,005": Design(300, 6, 3, 1, 0.005, comparison_events_per_year=900),
}


def simulate(design: Design, reduction: float, reps: int, rng: np.random.Generator) -> float:
    k0, k1 = (int(round(k)) for k in design.periods)
    if design.periods_per_year == 12:  # months: before_after adds two Fourier pairs, as Design.df assumes
        t = pd.period_range("2015-01", periods=k0 + k1, freq="M")
    else:  # yearly totals
        t = np.arange(2010, 2010 + k0 + k1)
    start = t[k0] if design.periods_per_year == 1 else str(t[k0])
    m = design.events_per_year / design.periods_per_year
    hits = 0
    for _ in range(reps):
        y = np.r_[nb_random(rng, m, design.nb_alpha, k0), nb_random(rng, m * (1 - reduction), design.nb_alpha, k1)]
        if design.comparison_events_per_year is None:
            r = before_after(pd.DataFrame({"t": t, "antal": y}), start, time="t")
        else:
            c = design.comparison_events_per_year / design.periods_per_year
            a = design.nb_alpha if design.comparison_nb_alpha is None else design.comparison_nb_alpha
            yc = nb_random(rng, c, a, k0 + k1)
            df = pd.DataFrame({"t": list(t) * 2, "antal": np.r_[y, yc], "omrade": ["insats"] * len(t) + ["jmf"] * len(t)})
            r = before_after(df, start, time="t", area="omrade", treated="insats")
        hits += r.effect()["verdikt"] == Change.DECREASE
    return hits / reps


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=400)
    ap.add_argument("--seed", type=int, default=20251129)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(args.seed)
    t0 = time.time()
    print(f"Påstådd styrka 80 % vid minsta upptäckbara minskning; {args.reps} simuleringar per upplägg")
    print(f"(±{1.96 * np.sqrt(0.8 * 0.2 / args.reps) * 100:.1f} procentenheter är slumpens 95 %-marginal)")
    rows = []
    for name, d in DESIGNS.items():
        mde = minimum_detectable_effect(d)
        p = simulate(d, mde, args.reps, rng)
        fa = simulate(d, 0.0, args.reps, rng)
        ok = 0.75 <= p <= 0.85
        rows.append({"upplagg": name, "mde": mde, "simulerad_styrka": p, "falsklarm": fa, "ok": ok})
        print(f"  {name:<50} MDE {mde * 100:5.1f} %  simulerad styrka {p * 100:5.1f} %  "
              f"falsk 'minskning' utan effekt {fa * 100:4.1f} %  {'OK' if ok else 'UTANFÖR 75–85 %'}")
    print("Som jämförelse: en vanlig Poissonberäkning (utan överspridning, normalfördelning) på samma data:")
    for name in list(DESIGNS)[:2]:
        d = DESIGNS[name]
        naive = minimum_detectable_effect(replace(d, nb_alpha=0.0), interval="normal")
        p = simulate(d, naive, args.reps, rng)
        print(f"  {name:<50} Poisson-MDE {naive * 100:5.1f} %  verklig styrka {p * 100:5.1f} % (påstådd 80 %)")
    res = pd.DataFrame(rows)
    print(f"Alla inom 75–85 %: {bool(res['ok'].all())}; medel {res['simulerad_styrka'].mean() * 100:.1f} %; "
          f"tid {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
