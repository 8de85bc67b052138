"""Simulation: do the step-3 reports' minimum-detectable-effect claims hold, indicator by indicator?

``sim_power.py`` checks ``stats.power`` on a handful of chosen designs. This script checks the designs the
step-3 report actually builds from the practice data: for every count indicator of every practice workbook
(incident indicators on monthly counts, crime-statistics indicators on yearly counts), the report's
:func:`lagesbild_methods.steps.step3.assessment` gives a design -- events per year and the extra variation
(NB alpha) estimated from the municipality's own series before the measure starts, the length of the baseline
and of the planned follow-up -- and its minimum detectable effect at 80 % power. That reduction is planted in
negative-binomial counts with the design's level and alpha, the evaluation step 5 will run
(``stats.evaluation.before_after``) is run, and the share of runs reporting a significant decrease is counted
(``sim_power.simulate``). Goal: 75-85 % for every indicator. Identical designs (two indicators counting the
same thing over the same months) are simulated once.

Run:   .venv/bin/python benchmarks/sim_power_indicators.py               (400 runs per design, ~10 min on 2 cores)
       .venv/bin/python benchmarks/sim_power_indicators.py --reps 60 --kommun 0331   (quick)
       .venv/bin/python benchmarks/sim_power_indicators.py --reps 1600 --seed 7 --indikator 0360:I3   (a second look)
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sim_power import simulate  # noqa: E402

from lagesbild_methods import registry  # noqa: E402
from lagesbild_methods.stats.power import Design, power  # noqa: E402
from lagesbild_methods.steps import step3  # noqa: E402
from lagesbild_methods.text.plans import mde_percent  # noqa: E402


def designs(kommuner) -> pd.DataFrame:
    """The count indicators' designs and MDEs exactly as the step-3 reports compute them."""
    rows = []
    for kod in kommuner:
        a = step3.assessment(step3.load(kod))
        for _, r in a.iterrows():
            if isinstance(r["design"], Design) and np.isfinite(r["mde"]):
                d = r["design"]
                rows.append({"kommun": registry.get(kod).namn, "indikator": r["id"], "kalla": r["kalla"],
                             "design": d, "mde": r["mde"], "nyckel": (round(d.events_per_year, 6), d.years_before,
                                                                     d.years_after, d.periods_per_year,
                                                                     round(d.nb_alpha, 6))})
    return pd.DataFrame(rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=400)
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--kommun", action="append", help="kommunkod (default: the eight practice municipalities)")
    ap.add_argument("--indikator", action="append",
                    help="only these indicators, e.g. 0360:I3 (a second look at a design with more --reps)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(args.seed)
    t0 = time.time()
    kommuner = args.kommun or sorted({i.split(":")[0] for i in args.indikator or []}) or registry.kommuner_i_lan("03")
    df = designs(kommuner)
    if args.indikator:
        wanted = {(registry.get(i.split(":")[0]).namn, i.split(":")[1]) for i in args.indikator}
        df = df[[(k, i) in wanted for k, i in zip(df["kommun"], df["indikator"])]]
    unique = df.drop_duplicates("nyckel")
    print(f"{len(df)} räkneindikatorer med beräknad minsta upptäckbara minskning i stegen 3-rapporterna; "
          f"{len(unique)} olika upplägg; {args.reps} simuleringar per upplägg "
          f"(±{1.96 * np.sqrt(0.8 * 0.2 / args.reps) * 100:.1f} procentenheter är slumpens 95 %-marginal)")
    results = []
    for _, r in unique.iterrows():
        d = r["design"]
        p = simulate(d, r["mde"], args.reps, rng)
        claimed = mde_percent(r["mde"]) / 100  # what the report's sentence says (rounded up to 5 %)
        ok = 0.75 <= p <= 0.85
        results.append({**r.to_dict(), "simulerad_styrka": p, "ok": ok})
        same = df[df["nyckel"] == r["nyckel"]]
        names = ", ".join(f"{k} {i}" for k, i in zip(same["kommun"], same["indikator"]))
        print(f"  {names:<34} {d.events_per_year:7.1f}/år α {d.nb_alpha:5.3f} före {d.years_before:5.2f} år "
              f"efter {d.years_after:4.2f} år ({'månader' if d.periods_per_year == 12 else 'år'}): MDE "
              f"{r['mde'] * 100:5.1f} %  simulerad styrka {p * 100:5.1f} %  {'OK' if ok else 'UTANFÖR 75–85 %'}"
              f"  (rapportens {claimed * 100:.0f} %: beräknad styrka {power(d, claimed) * 100:.0f} %)")
    res = pd.DataFrame(results)
    print(f"Alla inom 75–85 %: {bool(res['ok'].all())}; {int(res['ok'].sum())} av {len(res)}; medel "
          f"{res['simulerad_styrka'].mean() * 100:.1f} %; tid {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
