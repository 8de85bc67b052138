"""KDE over a whole municipality at 100 m, and the Knox test on ~8 000 incidents: time and memory.

Usage::

    .venv/bin/python benchmarks/bench_kde_knox.py [--n 8000] [--cell 100] [--nrep 999] [--skip-slow]

KDE: ``--n`` incidents spread uniformly over Uppsala kommun (about 50 x 60 km; the worst case for
memory, since every incident has a full kernel of cells) on a grid of ``--cell`` m cells inside
the municipality, bandwidth by the rule of thumb. Side by side:

* ``kde_grid`` default (``auto`` -> binning + FFT convolution);
* ``kde_grid(method="exact")`` (kd-tree pairs in chunks of points);
* the previous implementation (all point-cell pairs at once with ``sparse_distance_matrix``);
* what an analyst might do instead: ``scipy.stats.gaussian_kde`` evaluated at the cell centres
  (Gaussian kernel; ``--skip-slow`` leaves it and the previous implementation out).

Knox: the bundled Uppsala register (``data/ovningsdata``, ~7 800 incidents), default bands
(0, 1, 101, 201, 301, inf m Manhattan x 0, 8, 15, 22, inf days), ``--nrep`` permutations.

Time = wall clock without tracing (best of 3 for the default KDE, whose first call in a fresh
process is also shown), memory = peak of Python/numpy allocations in a separate traced run
(tracemalloc). Targets: KDE under 1 s and 300 MB.
"""
from __future__ import annotations

import argparse
import math
import time
import tracemalloc

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import cKDTree

from lagesbild_methods import columns as C
from lagesbild_methods import paths
from lagesbild_methods.patterns import area as A
from lagesbild_methods.patterns.grid import choose_bandwidth, grid_counts, kde_grid
from lagesbild_methods.patterns.repeats import knox_incidents
from lagesbild_methods.sources import geo, read_incident_register


def measure(fn, repeat: int = 1):
    """(result, best wall time without tracing, peak traced memory in MB from a separate traced run)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return out, min(times), peak / 1e6


def old_kde(inc, grid, h):
    """The previous implementation: every (cell, point) pair within h at once."""
    pts = inc[[C.X, C.Y]].to_numpy()
    sdm = cKDTree(grid[["x", "y"]].to_numpy()).sparse_distance_matrix(cKDTree(pts), h, output_type="ndarray")
    k = 3.0 / (math.pi * h * h) * (1 - (sdm["v"] / h) ** 2) ** 2
    return np.bincount(sdm["i"].astype(np.int64), weights=k, minlength=len(grid)) * 1e6


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=8000)
    ap.add_argument("--cell", type=float, default=100.0)
    ap.add_argument("--nrep", type=int, default=None, help="default: automatic (999, or 299 for very many pairs)")
    ap.add_argument("--skip-slow", action="store_true")
    a = ap.parse_args(argv)
    area = geo.municipality_area("0380")
    rng = np.random.default_rng(1)
    xmin, ymin, xmax, ymax = A.bounds(area)
    x = rng.uniform(xmin, xmax, 3 * a.n)
    y = rng.uniform(ymin, ymax, 3 * a.n)
    ok = A.contains(area, x, y)
    inc = pd.DataFrame({C.X: x[ok][:a.n], C.Y: y[ok][:a.n]})
    grid = grid_counts(inc, a.cell, area=area)
    h, _ = choose_bandwidth(inc[C.X], inc[C.Y])
    print(f"KDE: {a.n} händelser över {area.namn} ({area.area_m2 / 1e6:.0f} km²), {len(grid)} rutor om "
          f"{a.cell:g} m, bandbredd {h:.0f} m")
    rows = []
    t0 = time.perf_counter()
    kde_grid(inc, grid=grid)
    first = time.perf_counter() - t0
    new, t, m = measure(lambda: kde_grid(inc, grid=grid), repeat=3)
    rows.append(("kde_grid (auto: binning + FFT)", t, m))
    ex, t, m = measure(lambda: kde_grid(inc, grid=grid, method="exact"))
    rows.append(("kde_grid(method='exact') (kd-tree i delar)", t, m))
    diff = np.abs(new["kde"].to_numpy() - ex["kde"].to_numpy()).max() / ex["kde"].max()
    if not a.skip_slow:
        _, t, m = measure(lambda: old_kde(inc, grid, h))
        rows.append(("tidigare kod (alla par på en gång)", t, m))
        sub = grid[["x", "y"]].to_numpy().T

        def gauss():
            return stats.gaussian_kde(inc[[C.X, C.Y]].to_numpy().T)(sub)
        _, t, m = measure(gauss)
        rows.append(("scipy.stats.gaussian_kde i rutornas mitt", t, m))
    for name, t, m in rows:
        print(f"  {name:<48}{t:>8.2f} s{m:>10.0f} MB")
    print(f"  första anropet i en ny process (importer inräknade): {first:.2f} s")
    print(f"  största skillnad FFT mot exakt: {100 * diff:.2f} % av högsta tätheten")
    ok_kde = rows[0][1] < 1.0 and rows[0][2] < 300
    print(f"  Mål < 1 s och < 300 MB: {'OK' if ok_kde else 'EJ OK'}")

    reg = read_incident_register(paths.incidents_file("0380"))
    k, t, m = measure(lambda: knox_incidents(reg, nrep=a.nrep))  # one timed run, one traced run
    print(f"\nKnox: {k.attrs['antal_handelser']} händelser, {k.attrs['permutationer']} permutationer: "
          f"{t:.1f} s, {m:.0f} MB")
    return rows


if __name__ == "__main__":
    main()
