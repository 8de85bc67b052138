"""Speed of the pattern counts on 1 000 000 incidents versus a bare pandas groupby.

Usage: ``.venv/bin/python benchmarks/bench_patterns.py [--n 1000000] [--repeat 3]``

Measures (best of ``--repeat``) hour x weekday (:func:`hour_weekday_counts`), month x category
(:func:`month_category_counts`) and grid counts (:func:`grid_counts`, 250 m cells), including
their input validation, and the same three tables with a bare pandas groupby on the same data.
Targets: at most 2 s in total and at most 2x the bare groupby.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from lagesbild_methods import columns as C
from lagesbild_methods.patterns.grid import grid_counts
from lagesbild_methods.patterns.timing import hour_weekday_counts, month_category_counts


def make(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t = pd.Timestamp("2022-01-01", tz="Europe/Stockholm") + pd.to_timedelta(
        rng.integers(0, 4 * 365 * 86400, n), unit="s")
    return pd.DataFrame({C.ID: np.arange(n), C.TIDPUNKT: t,
                         C.KATEGORI: rng.choice(list(C.INCIDENT_KATEGORIER), n),
                         C.X: 640_000 + rng.normal(0, 3000, n), C.Y: 6_630_000 + rng.normal(0, 3000, n)})


def best(f, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    df = make(a.n)
    cell = 250.0

    ours = {
        "timme x veckodag": lambda: hour_weekday_counts(df),
        "månad x kategori": lambda: month_category_counts(df),
        "rutnät 250 m": lambda: grid_counts(df, cell),
    }

    def bare_hw():
        t = df[C.TIDPUNKT]
        return df.groupby([t.dt.day_of_week, t.dt.hour]).size()

    def bare_mc():
        t = df[C.TIDPUNKT]
        return df.groupby([t.dt.year, t.dt.month, df[C.KATEGORI]]).size()

    def bare_grid():
        return df.groupby([(df[C.X] // cell).astype("int64"), (df[C.Y] // cell).astype("int64")]).size()

    bare = {"timme x veckodag": bare_hw, "månad x kategori": bare_mc, "rutnät 250 m": bare_grid}
    # consistency: same totals
    assert hour_weekday_counts(df).to_numpy().sum() == a.n == bare_hw().sum()
    rows = []
    for k in ours:
        rows.append((k, best(ours[k], a.repeat), best(bare[k], a.repeat)))
    tot_o = sum(r[1] for r in rows)
    tot_b = sum(r[2] for r in rows)
    print(f"{a.n:,} händelser, bäst av {a.repeat}")
    print(f"{'tabell':<20}{'lagesbild (s)':>15}{'pandas groupby (s)':>20}{'kvot':>8}")
    for k, o, b in rows:
        print(f"{k:<20}{o:>15.3f}{b:>20.3f}{o / b:>8.2f}")
    print(f"{'totalt':<20}{tot_o:>15.3f}{tot_b:>20.3f}{tot_o / tot_b:>8.2f}")
    print(f"Mål: totalt <= 2 s ({'OK' if tot_o <= 2 else 'EJ OK'}), kvot <= 2 ({'OK' if tot_o / tot_b <= 2 else 'EJ OK'})")
    return tot_o, tot_b


if __name__ == "__main__":
    main()
