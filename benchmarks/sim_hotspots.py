"""Hot spots inside real municipality outlines: false findings under noise, power for a planted spot.

Usage::

    .venv/bin/python benchmarks/sim_hotspots.py [--runs 200] [--seed 1] [--kommuner 0319,0380]
                                                [--n 200,1000,8000] [--old]

For each outline (bundled boundaries: Älvkarleby 0319, Uppsala 0380) and number of events:

* **noise** -- events uniform inside the outline; a run "declares a hot spot" if any cell is
  marked hot by :func:`hotspot_gistar` with its defaults (study area = the outline, automatic
  cell size, exact binomial p, BH FDR 5 %, core rule). Target: at most 5 % of runs.
* **planted** -- a disc covering 3 % of the area, placed at random wholly inside the outline,
  receives 30 % of the events; the other 70 % are uniform over the rest of the outline. A run
  finds the spot if some hot cell exists and at least 80 % of the hot cells overlap the disc.
  Target: at least 90 % of runs. The share of hot cells whose *centre* lies in the disc is
  printed too (stricter).

``--old`` adds the previous behaviour for comparison (grid over the bounding box of the events,
empty cells outside the municipality counted as zeros, no core rule).
"""
from __future__ import annotations

import argparse
import math
import time

import numpy as np
import pandas as pd

from lagesbild_methods import columns as C
from lagesbild_methods.patterns import area as A
from lagesbild_methods.patterns.hotspot import HOT, hotspot_gistar
from lagesbild_methods.sources import geo


def uniform_in(area, n, rng, exclude=None):
    xmin, ymin, xmax, ymax = A.bounds(area)
    out_x, out_y = [], []
    got = 0
    while got < n:
        m = max(2 * (n - got), 64)
        x = rng.uniform(xmin, xmax, m)
        y = rng.uniform(ymin, ymax, m)
        ok = A.contains(area, x, y)
        if exclude is not None:
            ok &= np.hypot(x - exclude[0], y - exclude[1]) >= exclude[2]
        out_x.append(x[ok])
        out_y.append(y[ok])
        got += int(ok.sum())
    return np.concatenate(out_x)[:n], np.concatenate(out_y)[:n]


def disc_inside(area, radius, rng):
    xmin, ymin, xmax, ymax = A.bounds(area)
    ang = np.linspace(0, 2 * np.pi, 48, endpoint=False)
    for _ in range(10_000):
        cx, cy = rng.uniform(xmin, xmax), rng.uniform(ymin, ymax)
        px = np.r_[cx, cx + radius * np.cos(ang)]
        py = np.r_[cy, cy + radius * np.sin(ang)]
        if A.contains(area, px, py).all():
            return cx, cy
    raise RuntimeError("no disc fits")


def frame(x, y):
    return pd.DataFrame({C.X: x, C.Y: y})


def hot_cells(inc, area, old):
    if old:
        return hotspot_gistar(inc, core_only=False)
    return hotspot_gistar(inc, area=area)


def cell_overlaps_disc(res, cx, cy, r):
    half = res.attrs["cell_size"] / 2
    dx = np.maximum(np.abs(res["x"].to_numpy() - cx) - half, 0)
    dy = np.maximum(np.abs(res["y"].to_numpy() - cy) - half, 0)
    return np.hypot(dx, dy) < r


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kommuner", default="0319,0380")
    ap.add_argument("--n", default="200,1000,8000")
    ap.add_argument("--old", action="store_true")
    a = ap.parse_args(argv)
    rng = np.random.default_rng(a.seed)
    sizes = [int(v) for v in a.n.split(",")]
    rows = []
    t0 = time.perf_counter()
    variants = [False, True] if a.old else [False]
    for kod in a.kommuner.split(","):
        area = geo.municipality_area(kod)
        r = math.sqrt(0.03 * area.area_m2 / math.pi)
        for n in sizes:
            for old in variants:
                any_hot = 0
                found = 0
                on_share, centre_share, cells = [], [], []
                for _ in range(a.runs):
                    x, y = uniform_in(area, n, rng)
                    res = hot_cells(frame(x, y), area, old)
                    any_hot += bool((res["klass"] == HOT).any())
                    cx, cy = disc_inside(area, r, rng)
                    k = int(round(0.3 * n))
                    dr = r * np.sqrt(rng.uniform(0, 1, k))
                    th = rng.uniform(0, 2 * np.pi, k)
                    bx, by = uniform_in(area, n - k, rng, exclude=(cx, cy, r))
                    inc = frame(np.r_[cx + dr * np.cos(th), bx], np.r_[cy + dr * np.sin(th), by])
                    res = hot_cells(inc, area, old)
                    h = res[res["klass"] == HOT]
                    if len(h):
                        on = cell_overlaps_disc(h, cx, cy, r).mean()
                        on_share.append(on)
                        centre_share.append((np.hypot(h["x"] - cx, h["y"] - cy) < r).mean())
                        cells.append(len(h))
                        found += on >= 0.8
                rows.append({"kommun": area.namn, "n": n, "variant": "gammal" if old else "ny",
                             "cell_m": res.attrs["cell_size"],
                             "brus_nagon_het_%": 100 * any_hot / a.runs,
                             "planterad_hittad_%": 100 * found / a.runs,
                             "andel_heta_pa_platsen_%": 100 * float(np.mean(on_share)) if on_share else float("nan"),
                             "andel_mittpunkt_i_platsen_%": 100 * float(np.mean(centre_share)) if centre_share else float("nan"),
                             "heta_rutor_median": float(np.median(cells)) if cells else 0.0})
                print(rows[-1], flush=True)
    tab = pd.DataFrame(rows)
    print()
    print(tab.to_string(index=False, float_format=lambda v: f"{v:.1f}"))
    new = tab[tab["variant"] == "ny"]
    ok_noise = bool((new["brus_nagon_het_%"] <= 5).all())
    ok_plant = bool((new["planterad_hittad_%"] >= 90).all())
    print(f"\n{a.runs} körningar per rad, seed {a.seed}, {time.perf_counter() - t0:.0f} s.")
    print(f"Mål brus <= 5 %: {'OK' if ok_noise else 'EJ OK'}; mål planterad >= 90 % med >= 80 % av heta rutor "
          f"på platsen: {'OK' if ok_plant else 'EJ OK'}")
    return tab


if __name__ == "__main__":
    main()
