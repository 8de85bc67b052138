"""Simulation: coverage of the 95 % rate interval and false alarms of "significant increase".

1. Coverage: for true expected counts mu in 0..1000 (grid), draw Poisson counts and check how
   often the 95 % interval (exact below 10 events, Byar from 10) contains mu. Reported per band
   of mu; the exact interval is conservative at small counts by construction.
2. False alarms: two years with the same true rate (expected count mu each year); how often does
   ``change_between_periods`` (exact conditional test, 95 %) label the change "Säkerställd ökning"?
   Goal <= 5 % (two-sided test: expected <= 2.5 % for an increase, <= 5 % for any change).

Run: .venv/bin/python benchmarks/sim_rate_coverage.py
"""
import numpy as np
import pandas as pd

from lagesbild_methods.stats import rates
from lagesbild_methods.stats.trend import MINSKNING, OKNING, compare_two_rates

BANDS = [(0, 1), (1, 5), (5, 10), (10, 20), (20, 50), (50, 100), (100, 300), (300, 1001)]


def coverage(reps: int = 4000, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    mus = np.unique(np.concatenate([np.linspace(0.05, 10, 60), np.linspace(10, 100, 46), np.linspace(100, 1000, 46)]))
    rows = []
    for mu in mus:
        o = rng.poisson(mu, reps)
        r = rates(pd.DataFrame({"antal": o, "folkmangd": 100_000.0}))
        cov = ((r["nedre"] <= mu) & (mu <= r["ovre"])).mean()
        rows.append({"mu": mu, "tackning": cov})
    return pd.DataFrame(rows)


def false_alarms(reps: int = 2000, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for mu in [2, 5, 10, 20, 50, 100, 500]:
        o1, o2 = rng.poisson(mu, reps), rng.poisson(mu, reps)
        labels = [compare_two_rates(a, 1e4, b, 1e4)["forandring"] for a, b in zip(o1, o2)]
        labels = np.array(labels)
        rows.append({"mu": mu, "okning": (labels == OKNING).mean(),
                     "nagon_forandring": np.isin(labels, [OKNING, MINSKNING]).mean()})
    return pd.DataFrame(rows)


def main() -> None:
    cov = coverage()
    print("Täckning av 95 %-intervallet för en kvot (sant förväntat antal mu), per band:")
    for lo, hi in BANDS:
        sub = cov[(cov["mu"] >= lo) & (cov["mu"] < hi)]
        print(f"  mu {lo:>4}–{hi - 1 if hi == 1001 else hi:<5}: medel {sub['tackning'].mean() * 100:5.1f} %, "
              f"min {sub['tackning'].min() * 100:5.1f} %, max {sub['tackning'].max() * 100:5.1f} %  ({len(sub)} värden)")
    print(f"  alla mu 0–1000: medel {cov['tackning'].mean() * 100:.1f} %")
    print(f"  mu >= 10:       medel {cov.loc[cov['mu'] >= 10, 'tackning'].mean() * 100:.1f} %")
    fa = false_alarms()
    print("Falsklarm under konstant takt (två år, exakt villkorat test, 95 %):")
    for _, r in fa.iterrows():
        print(f"  mu {int(r['mu']):>4} per år: 'Säkerställd ökning' {r['okning'] * 100:4.1f} %, "
              f"någon säkerställd förändring {r['nagon_forandring'] * 100:4.1f} %")
    print(f"  medel: ökning {fa['okning'].mean() * 100:.1f} %, någon förändring {fa['nagon_forandring'].mean() * 100:.1f} %")


if __name__ == "__main__":
    main()
