"""Suppression of the bundled shareable reports: hidden cells and what an attacker recovers, now and before.

Usage: ``.venv/bin/python benchmarks/bench_suppression.py [--from 2015 --to 2025]``

The publication: the eight kommun reports of Uppsala län plus the county figures, every crime type,
years ``--from``-1 to ``--to`` (the year before the period is used by the change column). Two decisions:

* before issue 10: table by table per kommun (``suppress_long``, "<5" and ".."; the county figures and the
  other kommuner are ignored);
* now: ``suppress_publication`` over the whole system.

For each, the integer attacker (``stats.suppression.attack``) is given everything shown and the rules
(county = sum of its kommuner; listed types <= total; primary cells 1-4, secondary cells in sensitive
types >= 5, zeros shown; before: hidden cells >= 0) and reports how many hidden counts it determines
exactly and how many "<5" cells it narrows below 1-4. tests/test_stats_suppression_publication.py checks
the same with an attacker written separately.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from lagesbild_methods import columns as C
from lagesbild_methods import paths, registry
from lagesbild_methods.stats import suppression as S
from lagesbild_methods.stats.suppression.publication import _bounds


def leaks(cells: pd.DataFrame, hidden: np.ndarray, *, knows_status: bool, floor0: bool) -> tuple[int, int]:
    v = cells[C.ANTAL].to_numpy(dtype=float)
    sens = cells[C.BROTTSTYP].isin(C.KANSLIGA_BROTTSTYPER).to_numpy()
    primary = sens & (v >= 1) & (v <= 4)
    rel = S.publication_relations(cells)
    lo, hi = _bounds(hidden, primary, sens, np.zeros(v.size, bool), 5, knows_status)
    if floor0:
        lo = np.where(hidden & ~primary, 0.0, lo)
    res = S.attack(v, hidden, rel, lo, hi)
    exact = int((res.exact() & hidden).sum())
    with np.errstate(invalid="ignore"):
        narrowed = int((primary & hidden & ((res.low > 1) | (res.high < 4))).sum())
    return exact, narrowed


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="fran", type=int, default=2015)
    ap.add_argument("--to", dest="till", type=int, default=2025)
    args = ap.parse_args(argv)
    crime = pd.read_csv(paths.CRIME_FILE, comment="#", dtype={C.KOMMUNKOD: str})
    kommuner = list(registry.kommuner_i_lan("03"))
    cells = crime[crime[C.KOMMUNKOD].isin([*kommuner, "03"]) & crime[C.AR].between(args.fran - 1, args.till)]
    cells = cells.reset_index(drop=True)

    t0 = time.perf_counter()
    old = pd.concat([S.suppress_long(cells[(cells[C.KOMMUNKOD] == k) & (cells[C.BROTTSTYP] != "totalt")
                                           & cells[C.AR].between(args.fran, args.till)]) for k in kommuner])
    t_old = time.perf_counter() - t0
    m = cells.merge(old[[C.KOMMUNKOD, C.AR, C.BROTTSTYP, "dold", "visning"]], how="left")
    old_hidden = m["dold"].fillna(False).to_numpy(dtype=bool)
    t0 = time.perf_counter()
    new = S.suppress_publication(cells)
    t_new = time.perf_counter() - t0
    new_hidden = new["dold"].to_numpy()

    print(f"Publication: {len(cells)} cells (8 kommuner + Uppsala län, {cells[C.BROTTSTYP].nunique()} types, "
          f"{args.fran - 1}-{args.till})")
    n_prim = int((new["orsak"] == S.PRIMAR_ORSAK).sum())
    print(f"  before (table by table): {old_hidden.sum()} hidden ({(m['visning'] == '<5').sum()} '<5', "
          f"{(m['visning'] == '..').sum()} '..'), {t_old:.1f} s")
    print(f"  now (whole publication): {new_hidden.sum()} hidden ({n_prim} primary, {new_hidden.sum() - n_prim} "
          f"secondary, all '..'), {t_new:.1f} s")
    ex_old, nar_old = leaks(cells, old_hidden, knows_status=False, floor0=True)
    ex_new, nar_new = leaks(cells, new_hidden, knows_status=True, floor0=False)
    ex_new_weak, _ = leaks(cells, new_hidden, knows_status=False, floor0=True)
    print("Integer attacker with everything shown:")
    print(f"  before: {ex_old} hidden counts recovered exactly, {nar_old} '<5' cells narrowed below 1-4")
    print(f"  now:    {ex_new} recovered exactly, {nar_new} narrowed (attacker told which cells are primary); "
          f"{ex_new_weak} recovered by an attacker who is not told")


if __name__ == "__main__":
    main()
