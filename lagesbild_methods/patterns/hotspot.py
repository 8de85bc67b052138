"""Local Getis-Ord Gi* hot spots on a grid, with a correction for multiple testing.

Gi* (Getis & Ord 1992; Ord & Getis 1995, Geographical Analysis 27:286), binary weights:

    z_i = (sum_j w_ij x_j - xbar W_i) / (s sqrt((N S1_i - W_i^2)/(N - 1)))

with W_i = sum_j w_ij, S1_i = sum_j w_ij^2, xbar and s (population SD) over all N cells; the
cell itself is a neighbour (w_ii = 1, "star"). The non-star Gi leaves cell i out of the sums and
uses the N - 1 other cells for xbar and s (as ``esda.G_Local(star=False)``). Neighbours on a grid
are cells whose centres are within ``nb_dist`` (default cell size * sqrt(2): queen adjacency, as
sfhotspot).

p-values. The textbook analytic p = 2 Phi(-|z|) (esda, sfhotspot) assumes the local sum is
close to normal. On the sparse grids of a small municipality (a few hundred incidents over
thousands of cells, most of them empty) it is not: a single neighbourhood with 3 incidents then
gets p ~ 1e-6, and in simulations of pure uniform noise about 3 runs in 4 showed "hot spots" even
after FDR. For counts (``p_method="binomial"``, the default for ``antal``) we therefore use the
exact distribution of the same statistic under complete spatial randomness given the total:
the neighbourhood sum S_i ~ Binomial(n, W_i/N) (cells of equal size), and z_i is a linear function
of S_i, so the ranking is Gi*'s. Two-sided p = min(1, 2 min(P(S >= s), P(S <= s))). For
non-count values (``summa`` with harm weights, ``kde``) the normal p-value is used.
Then Benjamini-Hochberg FDR over all cells
(:func:`statsmodels.stats.multitest.multipletests`). Permutation p-values are not used: with 999
permutations nothing can pass an FDR correction over thousands of cells.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import ndimage, stats
from scipy.spatial import cKDTree
from statsmodels.stats.multitest import multipletests

from .. import fmt
from ..errors import ParameterError
from ..verdicts import HotSpot
from .grid import grid_counts

#: Verdict aliases (kept for existing code); the wording is in the text package.
HOT = HotSpot.HOT
COLD = HotSpot.COLD
NONE = HotSpot.NONE


def gistar_z(values, neighbour_sum, n_neighbours, *, star: bool = True) -> np.ndarray:
    """Gi* (``star=True``) or Gi z-scores from local sums with binary weights.

    ``neighbour_sum[i]`` = sum of x_j over neighbours of i (including i itself when ``star``),
    ``n_neighbours[i]`` = W_i (= S1_i for binary weights).
    """
    x = np.asarray(values, float)
    lsum = np.asarray(neighbour_sum, float)
    W = np.asarray(n_neighbours, float)
    N = len(x)
    if star:
        xbar = np.full(N, x.mean())
        s = np.full(N, x.std())
        n_eff = N
    else:
        n_eff = N - 1
        xbar = (x.sum() - x) / n_eff
        s = np.sqrt(np.maximum((np.sum(x ** 2) - x ** 2) / n_eff - xbar ** 2, 0))
    denom = s * np.sqrt(np.maximum(n_eff * W - W ** 2, 0) / (n_eff - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (lsum - xbar * W) / denom
    return np.where(denom > 0, z, np.nan)


def gistar_points(values, coords, threshold: float, *, star: bool = True) -> np.ndarray:
    """Gi*/Gi z for arbitrary points with binary distance-band weights (d <= threshold).

    Same definition as ``esda.G_Local(y, DistanceBand(coords, threshold, binary=True),
    transform="B", star=star)``; neighbours are found with :meth:`scipy.spatial.cKDTree.query_pairs`.
    """
    x = np.asarray(values, float)
    pts = np.asarray(coords, float)
    pairs = cKDTree(pts).query_pairs(threshold, output_type="ndarray")
    lsum = np.zeros(len(x))
    W = np.zeros(len(x))
    np.add.at(lsum, pairs[:, 0], x[pairs[:, 1]])
    np.add.at(lsum, pairs[:, 1], x[pairs[:, 0]])
    np.add.at(W, pairs[:, 0], 1)
    np.add.at(W, pairs[:, 1], 1)
    if star:
        lsum += x
        W += 1
    return gistar_z(x, lsum, W, star=star)


def _footprint(nb_dist: float, cell: float, include_self: bool) -> np.ndarray:
    r = int(math.floor(nb_dist / cell + 1e-9))
    di, dj = np.meshgrid(np.arange(-r, r + 1), np.arange(-r, r + 1), indexing="ij")
    fp = (np.hypot(di, dj) * cell <= nb_dist * (1 + 1e-9)).astype(float)
    if not include_self:
        fp[r, r] = 0.0
    return fp


def hotspot_gistar(incidents: pd.DataFrame | None = None, cell_size: float | None = None, *,
                   grid: pd.DataFrame | None = None, value: str = "antal", nb_dist: float | None = None,
                   include_self: bool = True, fdr: float = 0.05, p_method: str | None = None) -> pd.DataFrame:
    """Gi* hot and cold spots on a grid with Benjamini-Hochberg FDR control.

    Parameters
    ----------
    incidents : incidents frame (used to build the grid with :func:`grid_counts` unless ``grid``
        is given).
    grid : a frame from :func:`grid_counts` / :func:`kde_grid` (keeps cell size and announcement).
    value : column of the grid to test (``antal``, ``summa`` for harm weights, or ``kde``).
    nb_dist : neighbour distance between centres in metres (default cell size * sqrt(2), queen).
    fdr : false discovery rate (default 0.05).
    p_method : ``"binomial"`` (exact, default for the count column ``antal``) or ``"normal"``
        (default for other columns; what esda and sfhotspot report).

    Returns
    -------
    The grid plus ``gistar`` (z), ``pvarde`` (two-sided), ``pvarde_fdr`` (BH-adjusted), ``grannsumma``
    and ``klass`` (a :class:`~lagesbild_methods.verdicts.HotSpot`: hot, cold or none). ``attrs["meddelande"]`` announces the cell size
    and the correction; ``attrs["antal_heta"]``, ``attrs["antal_kalla"]``.
    """
    if grid is None:
        if incidents is None:
            raise ParameterError("Ange händelsedata eller ett rutnät.")
        grid = grid_counts(incidents, cell_size)
    if value not in grid.columns:
        raise ParameterError(f"Rutnätet saknar kolumnen '{value}'.")
    if not 0 < fdr < 1:
        raise ParameterError("fdr ska ligga mellan 0 och 1, t.ex. 0,05.")
    a = grid.attrs
    cell = float(a.get("cell_size"))
    ncol, nrow = int(a["ncol"]), int(a["nrow"])
    nb = cell * math.sqrt(2) if nb_dist is None else float(nb_dist)
    if nb < cell and not include_self:
        raise ParameterError("Grannavståndet är mindre än en ruta; ingen ruta får några grannar.")
    fp = _footprint(nb, cell, include_self)
    x = np.zeros(nrow * ncol)
    x[grid["rad"].to_numpy() * ncol + grid["kol"].to_numpy()] = grid[value].to_numpy(dtype=float)
    img = x.reshape(nrow, ncol)
    lsum = ndimage.convolve(img, fp, mode="constant", cval=0.0).ravel()
    W = ndimage.convolve(np.ones_like(img), fp, mode="constant", cval=0.0).ravel()
    z = gistar_z(x, lsum, W, star=include_self)
    method = p_method or ("binomial" if value == "antal" else "normal")
    if method == "binomial":
        if not np.allclose(x, np.round(x)) or (x < 0).any():
            raise ParameterError("Binomiala p-värden kräver antal (heltal) i rutorna; välj p_method='normal'.")
        n_tot = int(round(x.sum()))
        share = W / len(x)  # equal-sized cells: chance an incident lands in the neighbourhood
        upper = stats.binom.sf(lsum - 1, n_tot, share)
        lower = stats.binom.cdf(lsum, n_tot, share)
        p = np.minimum(1.0, 2 * np.minimum(upper, lower))
        p = np.where(np.isfinite(z), p, np.nan)
    elif method == "normal":
        p = 2 * stats.norm.sf(np.abs(z))
    else:
        raise ParameterError("p_method ska vara 'binomial' eller 'normal'.")
    finite = np.isfinite(p)
    p_adj = np.full(len(p), np.nan)
    if finite.any():
        p_adj[finite] = multipletests(p[finite], alpha=fdr, method="fdr_bh")[1]
    sig = finite & (p_adj < fdr)
    klass = np.full(len(p), NONE, dtype=object)
    klass[sig & (z > 0)] = HOT
    klass[sig & (z < 0)] = COLD
    idx = grid["rad"].to_numpy() * ncol + grid["kol"].to_numpy()
    out = grid.copy()
    out["gistar"] = z[idx]
    out["pvarde"] = p[idx]
    out["pvarde_fdr"] = p_adj[idx]
    out["grannsumma"] = lsum[idx]
    out["klass"] = klass[idx]
    out.attrs = dict(grid.attrs)
    n_hot, n_cold = int((out["klass"] == HOT).sum()), int((out["klass"] == COLD).sum())
    out.attrs.update(antal_heta=n_hot, antal_kalla=n_cold, fdr=fdr, grannavstand=nb, p_metod=method)
    out.attrs["meddelande"] = (a.get("meddelande", "") + " " +
                               f"Getis-Ord Gi* med grannar inom {fmt.integer(nb)} m; "
                               + ("exakta p-värden (binomialfördelning) " if method == "binomial" else "p-värden ")
                               + f"korrigerade för "
                               f"{fmt.integer(int(finite.sum()))} samtidiga test (Benjamini-Hochberg, "
                               f"falsk upptäcktsandel {fmt.pct(fdr)}).").strip()
    return out
