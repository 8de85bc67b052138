"""Simulation: the step-5 yearly evaluation as the reports run it, on overdispersed monthly counts of the
practice data's size -- does the 95 % interval cover the true effect, and how often does a report say
"Tecken på effekt" when there is no effect?

Each run draws negative-binomial (NB2) monthly counts with a common seasonal pattern and a common trend for a
treated series and a comparison series (the design of ``steps.step5.evaluation``: the indicator's category in
its area against the other incidents in the area), with a true rate ratio after the start. It then runs the
same calls as the report: ``stats.evaluation.before_after`` (area x period interaction, negative binomial,
seasonality) and ``stats.its.interrupted_time_series`` (quasi-Poisson, trend, two Fourier pairs) on the treated
series, and ``steps.step5.evaluation.evidence`` on their verdicts.

Reported per design: coverage of the true ratio by the model interval and by the relative effect size interval
(goal 93-97 %), and the share of runs per evidence level. Under a true ratio of 1 the levels "Tecken på effekt"
(both / comparison) should be rare (a one-sided 2.5 % test), and "Svagt tecken (bara före-efter)" is what the
time series alone says without a comparison.

Run:   .venv/bin/python benchmarks/sim_step5_evidence.py             (300 runs per design, a few minutes)
       .venv/bin/python benchmarks/sim_step5_evidence.py --reps 100  (quick)
"""
from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from lagesbild_methods.stats.countmodels import nb_random
from lagesbild_methods.stats.evaluation import RES, before_after
from lagesbild_methods.stats.its import interrupted_time_series
from lagesbild_methods.steps.step5.evaluation import evidence
from lagesbild_methods.verdicts import EffectEvidence

# name: (months before, months after, treated per year, comparison per year, NB alpha, true ratio)
DESIGNS = {
    "Liten kommun: 40 + 400/år, 16+20 mån, α 0,15, ingen effekt": (16, 20, 40.0, 400.0, 0.15, 1.0),
    "Liten kommun: 40 + 400/år, 16+20 mån, α 0,15, kvot 0,4": (16, 20, 40.0, 400.0, 0.15, 0.4),
    "Stor kommun: 300 + 3 000/år, 15+21 mån, α 0,05, ingen effekt": (15, 21, 300.0, 3000.0, 0.05, 1.0),
    "Stor kommun: 300 + 3 000/år, 15+21 mån, α 0,05, kvot 0,7": (15, 21, 300.0, 3000.0, 0.05, 0.7),
}


def simulate(rng, before, after, treated, comparison, alpha, ratio) -> pd.DataFrame:
    months = pd.period_range("2023-01", periods=before + after, freq="M")
    season = 1 + 0.3 * np.sin(2 * np.pi * (months.month.to_numpy() - 4) / 12)
    trend = np.exp(rng.normal(0, 0.05) * np.arange(len(months)) / 12)
    post = np.arange(len(months)) >= before
    mu_t = treated / 12 * season * trend * np.where(post, ratio, 1.0)
    mu_c = comparison / 12 * season * trend
    return pd.concat([pd.DataFrame({"manad": months, "antal": nb_random(rng, mu_t, alpha), "roll": "insats"}),
                      pd.DataFrame({"manad": months, "antal": nb_random(rng, mu_c, alpha), "roll": "jamforelse"})],
                     ignore_index=True)


def run(design, reps: int, seed: int) -> dict:
    before, after, treated, comparison, alpha, ratio = design
    rng = np.random.default_rng(seed)
    start = str(pd.Period("2023-01", freq="M") + before)
    hit_model = hit_res = 0
    levels = {lv: 0 for lv in EffectEvidence}
    for _ in range(reps):
        df = simulate(rng, before, after, treated, comparison, alpha, ratio)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ba = before_after(df, start, time="manad", area="roll", treated="insats", comparison="jamforelse")
            its = interrupted_time_series(df[df["roll"] == "insats"], start, time="manad", seasonality="fourier",
                                          family="quasipoisson")
        m, r = ba.effect("modell"), ba.effect(RES)
        hit_model += m["nedre"] <= ratio <= m["ovre"]
        hit_res += r["nedre"] <= ratio <= r["ovre"]
        levels[evidence(m["verdikt"], its.effect("niva")["verdikt"], "minska")] += 1
    return {"modell": hit_model / reps, "res": hit_res / reps, **{lv: n / reps for lv, n in levels.items()}}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20261129)
    args = ap.parse_args()
    print(f"{args.reps} körningar per upplägg; täckning av den sanna kvoten och andel körningar per evidensnivå")
    for i, (name, design) in enumerate(DESIGNS.items()):
        t = time.perf_counter()
        out = run(design, args.reps, args.seed + i)
        print(f"\n{name}  ({time.perf_counter() - t:.0f} s)")
        print(f"  täckning: modell {out['modell']:.1%}, relativ effektstorlek {out['res']:.1%}")
        print("  evidens: " + ", ".join(f"{lv.value} {out[lv]:.1%}" for lv in EffectEvidence if out[lv]))


if __name__ == "__main__":
    main()
