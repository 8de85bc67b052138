"""A study area on a grid: which cells are cells, and how much of each lies inside.

An area is anything with ``rings`` (a :class:`lagesbild_methods.sources.geo.Area`) or a plain
list of ``(k, 2)`` rings in SWEREF 99 TM metres; the even-odd rule decides inside (holes and
islands work). Everything is vectorised numpy, no geometry library:

* :func:`contains` -- point in area by crossing numbers (edges processed in chunks, memory
  bounded by ``n_points * chunk``);
* :func:`cell_coverage` -- the share of every grid cell inside the area. Each cell is cut into
  ``samples`` horizontal strips; along the centre line of a strip the inside intervals are exact,
  so the share is exact in x and sampled in y (error well under 1/samples of a cell for the
  coarse outlines we use). Cost ~ (strips x edges crossed) + cells; a whole municipality at
  100 m takes a few tens of milliseconds.

Policy (docs/PATTERNS.md): a cell belongs to the study area when at least ``MIN_COVER`` (5 %)
of it lies inside; partly covered cells are kept and **weighted by their share** in the null
model of the hot-spot test (an edge cell half in the lake is expected to hold half as many
events), so edges are neither falsely cold nor falsely hot.
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import ParameterError

MIN_COVER = 0.05


def rings_of(area) -> list[np.ndarray]:
    """The rings of an :class:`Area`-like object or of a list of rings, as float arrays."""
    rings = getattr(area, "rings", area)
    try:
        out = [np.asarray(r, float)[:, :2] for r in rings]
    except (TypeError, ValueError, IndexError):
        raise ParameterError("Området ska vara en kommungräns eller en lista med polygonringar i SWEREF 99 TM.") from None
    out = [r if np.array_equal(r[0], r[-1]) else np.vstack([r, r[:1]]) for r in out if len(r) >= 3]
    if not out:
        raise ParameterError("Området innehåller inga polygoner.")
    return out


def _edges(rings) -> np.ndarray:
    """All edges as an (m, 4) array x0, y0, x1, y1 (horizontal edges dropped)."""
    e = np.vstack([np.column_stack([r[:-1], r[1:]]) for r in rings])
    return e[e[:, 1] != e[:, 3]]


def bounds(area) -> tuple[float, float, float, float]:
    """``(xmin, ymin, xmax, ymax)`` of an area."""
    allp = np.vstack(rings_of(area))
    return float(allp[:, 0].min()), float(allp[:, 1].min()), float(allp[:, 0].max()), float(allp[:, 1].max())


def contains(area, x, y, *, chunk: int = 64) -> np.ndarray:
    """Boolean mask: which points (x, y) lie inside the area (even-odd rule)."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    edges = _edges(rings_of(area))
    inside = np.zeros(len(x), bool)
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return inside
    xs, ys = x[ok], y[ok]
    par = np.zeros(len(xs), np.int64)
    for k in range(0, len(edges), chunk):  # loop over edge chunks only (memory bound)
        x0, y0, x1, y1 = (edges[k:k + chunk, i][None, :] for i in range(4))
        cross = (y0 > ys[:, None]) != (y1 > ys[:, None])
        xi = x0 + (ys[:, None] - y0) * (x1 - x0) / (y1 - y0)
        par += np.count_nonzero(cross & (xs[:, None] < xi), axis=1)
    inside[ok] = par % 2 == 1
    return inside


def cell_coverage(area, x0: float, y0: float, ncol: int, nrow: int, cell: float, *, samples: int = 8) -> np.ndarray:
    """Share (0..1) of every cell of a grid inside the area, shape ``(nrow, ncol)``.

    The grid's south-west corner is (x0, y0); row 0 is the southernmost row.
    """
    edges = _edges(rings_of(area))
    s = int(samples)
    nsub = nrow * s
    ys = y0 + (np.arange(nsub) + 0.5) * cell / s  # centre lines of the strips
    lo = np.minimum(edges[:, 1], edges[:, 3])
    hi = np.maximum(edges[:, 1], edges[:, 3])
    # strips crossed by each edge: lo <= y < hi (half-open, so a vertex is counted once)
    i0 = np.searchsorted(ys, lo, side="left")
    i1 = np.searchsorted(ys, hi, side="left")
    cnt = np.maximum(i1 - i0, 0)
    if cnt.sum() == 0:
        return np.zeros((nrow, ncol))
    eid = np.repeat(np.arange(len(edges)), cnt)
    row = np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt) + i0[eid]
    ex0, ey0, ex1, ey1 = (edges[eid, i] for i in range(4))
    xc = ex0 + (ys[row] - ey0) * (ex1 - ex0) / (ey1 - ey0)
    order = np.lexsort((xc, row))
    row, xc = row[order], xc[order]
    # even-odd: consecutive crossings in a strip pair up as (enter, leave)
    first = np.r_[True, row[1:] != row[:-1]]
    rank = np.arange(len(row)) - np.maximum.accumulate(np.where(first, np.arange(len(row)), 0))
    enter = rank % 2 == 0
    ia = np.flatnonzero(enter)
    ia = ia[(ia + 1 < len(row))]
    ia = ia[row[ia + 1] == row[ia]]
    r = row[ia]
    a = np.clip((xc[ia] - x0) / cell, 0, ncol)
    b = np.clip((xc[ia + 1] - x0) / cell, 0, ncol)
    keep = b > a
    r, a, b = r[keep], a[keep], b[keep]
    ca = np.minimum(np.floor(a).astype(np.int64), ncol - 1)
    cb = np.minimum(np.floor(b).astype(np.int64), ncol - 1)
    same = ca == cb
    d = ~same
    cr = r // s  # strips are accumulated straight into their cell row (memory ~ cells, not strips)
    flat = np.concatenate([cr[same] * ncol + ca[same], cr[d] * ncol + ca[d], cr[d] * ncol + cb[d]])
    part = np.concatenate([b[same] - a[same], ca[d] + 1 - a[d], b[d] - cb[d]])
    cov = np.bincount(flat, weights=part, minlength=nrow * ncol).reshape(nrow, ncol)
    w = ncol + 1
    diff = np.bincount(np.concatenate([cr[d] * w + ca[d] + 1, cr[d] * w + cb[d]]),
                       weights=np.concatenate([np.ones(d.sum()), -np.ones(d.sum())]),
                       minlength=nrow * w).reshape(nrow, w)
    cov += np.cumsum(diff, axis=1)[:, :ncol]
    return np.clip(cov / s, 0.0, 1.0)

def grid_frame_for(area, cell: float, *, extent=None, min_cover: float = MIN_COVER):
    """Grid geometry covering an area: ``(x0, y0, ncol, nrow, coverage)``, origin snapped to the cell.

    ``extent`` (xmin, ymin, xmax, ymax) defaults to the area's bounds.
    """
    xmin, ymin, xmax, ymax = extent if extent is not None else bounds(area)
    x0 = math.floor(xmin / cell) * cell
    y0 = math.floor(ymin / cell) * cell
    ncol = int(math.floor((xmax - x0) / cell)) + 1
    nrow = int(math.floor((ymax - y0) / cell)) + 1
    cov = cell_coverage(area, x0, y0, ncol, nrow, cell)
    cov[cov < min_cover] = 0.0
    return x0, y0, ncol, nrow, cov
