"""Where do incidents happen? Square grid counts, kernel density and counts by named place.

Coordinates are SWEREF 99 TM (EPSG:3006) metres in the columns ``x`` (easting) and ``y``
(northing). Latitude/longitude in degrees are refused with a Swedish message (convert them with
:func:`lagesbild_methods.patterns.boundary.to_sweref` first).

Defaults (documented in docs/PATTERNS.md):

* **Cell size** -- the sfhotspot rule (Ashby, sfhotspot 1.0.0, ``set_cell_size``): about 50 cells
  along the shorter side of the bounding box of the incidents, side/50 rounded *down* to whole
  100 m; below 100 m rounded down to whole 10 m (sfhotspot would leave it unrounded), at least
  10 m. The chosen size is announced in ``attrs["meddelande"]`` and can be overridden.
* **Bandwidth** -- MASS ``bandwidth.nrd`` (4 * 1.06 * min(sd, IQR/1.34) * n^(-1/5)) computed for
  x and y and *averaged* (what sfhotspot intends; its code uses only the x value through an R
  ``mean(a, b)`` slip).
* **Kernel** -- quartic (biweight) K(d) = 3/(pi h^2) (1 - (d/h)^2)^2 for d < h, normalised so the
  density integrates to the number of incidents; reported per km^2. Computed by binning the
  incidents to the grid and one FFT convolution with the kernel sampled at cell offsets
  (:func:`scipy.signal.fftconvolve`; memory ~ cells, not incidents x cells), or exactly per
  incident with a kd-tree in bounded chunks for small problems (``method="exact"``).
* **Study area** -- with ``area`` (a municipality outline from :mod:`lagesbild_methods.sources.geo`
  or any rings) only cells with at least 5 % of their surface inside are cells; the share inside
  is the column ``yta`` and weights the null model of the hot-spot test. Incidents outside the
  area are left out and counted (``attrs["utanfor_omradet"]``).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .. import columns as C
from .. import fmt
from ..errors import InputDataError, ParameterError, Problem
from . import area as A

#: Plausible SWEREF 99 TM extent for Sweden (metres), generous margins.
E_RANGE = (150_000.0, 1_000_000.0)
N_RANGE = (6_000_000.0, 7_800_000.0)
MAX_CELLS = 4_000_000
#: Names of the template parameters that change the automatic choices (announced to the user).
CELL_PARAMETER = "cellstorlek_m"
BANDWIDTH_PARAMETER = "bandbredd_m"
#: Above this many (unique points x kernel cells) the KDE uses binning + FFT instead of exact sums.
KDE_EXACT_BUDGET = 2_000_000


def valid_xy(incidents: pd.DataFrame) -> np.ndarray:
    """Boolean mask of rows with usable SWEREF 99 TM coordinates; raises for degree or bad values.

    Rows where ``x`` or ``y`` is missing are simply not usable (mask False). Values outside Sweden's
    SWEREF 99 TM range raise :class:`InputDataError`; values that look like latitude/longitude get a
    message telling how to convert them.
    """
    if not isinstance(incidents, pd.DataFrame):
        raise ParameterError("Händelsedata ska vara en tabell (pandas DataFrame).")
    missing = [c for c in (C.X, C.Y) if c not in incidents.columns]
    if missing:
        raise InputDataError(None, [Problem("Kolumnen saknas.", column=c) for c in missing],
                             summary="Händelsedata saknar koordinater (x, y i SWEREF 99 TM).")
    try:
        x = incidents[C.X].to_numpy(dtype=float, na_value=np.nan)
        y = incidents[C.Y].to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as err:
        raise InputDataError(None, [Problem("Koordinaterna är inte tal.", column=C.X)],
                             summary="Koordinaterna x och y måste vara tal i meter (SWEREF 99 TM).") from err
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return ok
    xv, yv = x[ok], y[ok]
    if (np.abs(xv) <= 180).all() and (np.abs(yv) <= 90).all():
        raise InputDataError(None, [Problem("Koordinaterna ser ut att vara grader (latitud/longitud).",
                                            column=C.X, value=f"{xv[0]:g}, {yv[0]:g}",
                                            expected="meter i SWEREF 99 TM, t.ex. x = 647 795, y = 6 638 604")],
                             summary="Koordinaterna är i grader, inte i meter. Omvandla latitud/longitud "
                                     "till SWEREF 99 TM (EPSG:3006) innan kartanalysen.")
    bad = ok & ~((x >= E_RANGE[0]) & (x <= E_RANGE[1]) & (y >= N_RANGE[0]) & (y <= N_RANGE[1]))
    if bad.any():
        rows = np.flatnonzero(bad)[:50]
        raise InputDataError(None, [Problem("Koordinaten ligger utanför Sverige i SWEREF 99 TM.", row=int(r) + 2,
                                            column=C.X, value=f"{x[r]:.0f}, {y[r]:.0f}",
                                            expected="x 150 000–1 000 000 och y 6 000 000–7 800 000")
                                    for r in rows],
                             summary=f"{int(bad.sum())} händelser har koordinater utanför Sverige. "
                                     "Kontrollera att x är östlig och y nordlig koordinat i SWEREF 99 TM.")
    return ok


def _round_cell(v: float) -> float:
    c = math.floor(v / 100) * 100
    return float(c if c > 0 else max(10.0, math.floor(v / 10) * 10))


def choose_cell_size(x, y, *, area_m2: float | None = None) -> tuple[float, str]:
    """Cell size (metres) that follows the data, and a Swedish message announcing it.

    1. sfhotspot rule on the bounding box of the points: side = min(width, height); cell =
       floor(side/50/100)*100 when that is > 0, else floor(side/50/10)*10 (at least 10 m). A line
       of points uses the longer side; a single point gives 100 m.
    2. With many incidents the cells get smaller: at most sqrt(A/n), about one incident per cell
       on average, rounded down the same way (A = ``area_m2``, the study area, or the bounding box).
       More data resolves smaller places; this never makes cells larger than rule 1.
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    w = float(np.ptp(x)) if len(x) else 0.0
    h = float(np.ptp(y)) if len(y) else 0.0
    side = min(w, h) if min(w, h) > 0 else max(w, h)
    cell = 100.0 if side <= 0 else _round_cell(side / 50)
    why = (f"ungefär 50 rutor längs den kortaste sidan av området med händelser, {fmt.num(w / 1000, 1)} × "
           f"{fmt.num(h / 1000, 1)} km")
    a_m2 = area_m2 if area_m2 else w * h
    if len(x) and a_m2 > 0:
        dense = _round_cell(math.sqrt(a_m2 / len(x)))
        if dense < cell:
            cell = dense
            why = f"många händelser: i genomsnitt ungefär en händelse per ruta, {fmt.integer(len(x))} händelser"
    msg = f"Rutstorlek {fmt.integer(cell)} m valdes automatiskt ({why}). Ändra den med parametern {CELL_PARAMETER}."
    return float(cell), msg


def make_grid(x0: float, y0: float, ncol: int, nrow: int, cell: float) -> pd.DataFrame:
    """All cells of a grid: ``kol, rad, x, y`` (centres), row-major from the south-west corner."""
    kol = np.tile(np.arange(ncol), nrow)
    rad = np.repeat(np.arange(nrow), ncol)
    return pd.DataFrame({"kol": kol, "rad": rad, "x": x0 + (kol + 0.5) * cell, "y": y0 + (rad + 0.5) * cell,
                         "yta": np.ones(len(kol))})


def _incident_weights(incidents, weights, ok) -> np.ndarray | None:
    if weights is None:
        return None
    w = incidents[weights].to_numpy(dtype=float) if isinstance(weights, str) else np.asarray(weights, float)
    if len(w) != len(incidents) or np.isnan(w[ok]).any():
        raise ParameterError("Vikterna måste vara en siffra för varje händelse.")
    return w[ok]


def _area_m2(area) -> float:
    """Area (m2) of an Area object or of rings (even-odd, via the shoelace formula of each ring)."""
    if hasattr(area, "area_m2"):
        return float(area.area_m2)
    rings = A.rings_of(area)
    return float(abs(sum(0.5 * (np.dot(r[:, 0], np.roll(r[:, 1], -1)) - np.dot(r[:, 1], np.roll(r[:, 0], -1)))
                         for r in rings)))


def _check_cell(cell_size) -> float:
    try:
        cell = float(cell_size)
    except (TypeError, ValueError):
        cell = float("nan")
    if not cell > 0:
        raise ParameterError(f"Rutstorleken måste vara ett positivt antal meter, inte '{cell_size}'.")
    return cell


def grid_counts(incidents: pd.DataFrame, cell_size: float | None = None, *, weights=None,
                extent=None, area=None, min_cover: float = A.MIN_COVER) -> pd.DataFrame:
    """Count incidents in square cells of a SWEREF 99 TM grid (empty cells included).

    Parameters
    ----------
    incidents : frame with ``x``, ``y`` (rows without coordinates are left out and counted).
    cell_size : side of a cell in metres; ``None`` chooses it with :func:`choose_cell_size` from the
        incidents (inside the area, if given) and announces it in ``attrs["meddelande"]``.
    weights : optional column name or array (e.g. harm weights); adds a column ``summa``.
    extent : optional ``(xmin, ymin, xmax, ymax)`` the grid must cover; default is the bounding box
        of the incidents, or of the area.
    area : optional study area (:class:`lagesbild_methods.sources.geo.Area` or a list of rings).
        Only cells with at least ``min_cover`` of their surface inside are returned; incidents
        outside are left out and counted in ``attrs["utanfor_omradet"]``.

    Returns
    -------
    DataFrame ``kol, rad, x, y, yta, antal`` [+ ``summa``], one row per cell (``yta`` = share of the
    cell inside the area, 1 without an area). ``attrs``: ``cell_size``, ``x0``, ``y0`` (south-west
    corner, a multiple of the cell size), ``ncol``, ``nrow``, ``meddelande`` (Swedish),
    ``utan_koordinater``, ``automatisk``, ``utanfor_omradet``, ``omrade`` (the area or None),
    ``omrade_namn``.
    """
    ok = valid_xy(incidents)
    if not ok.any():
        raise InputDataError(None, [], summary="Ingen händelse har koordinater, så ingen karta kan göras.")
    x = incidents[C.X].to_numpy(dtype=float, na_value=np.nan)[ok]
    y = incidents[C.Y].to_numpy(dtype=float, na_value=np.nan)[ok]
    w = _incident_weights(incidents, weights, ok)
    outside = 0
    if area is not None:
        inside = A.contains(area, x, y)
        outside = int((~inside).sum())
        x, y = x[inside], y[inside]
        w = None if w is None else w[inside]
    auto = cell_size is None
    if auto:
        a_m2 = _area_m2(area) if area is not None else None
        cell, msg = choose_cell_size(x, y, area_m2=a_m2) if len(x) else (100.0, "")
    else:
        cell = _check_cell(cell_size)
        msg = f"Rutstorlek {fmt.num(cell, 0 if cell == int(cell) else 1)} m (vald av användaren)."
    if area is not None:
        xmin, ymin, xmax, ymax = A.bounds(area)
    else:
        xmin, xmax, ymin, ymax = x.min(), x.max(), y.min(), y.max()
    if extent is not None:
        xmin, ymin = min(xmin, extent[0]), min(ymin, extent[1])
        xmax, ymax = max(xmax, extent[2]), max(ymax, extent[3])
    x0 = math.floor(xmin / cell) * cell
    y0 = math.floor(ymin / cell) * cell
    ncol = int(math.floor((xmax - x0) / cell)) + 1
    nrow = int(math.floor((ymax - y0) / cell)) + 1
    if ncol * nrow > MAX_CELLS:
        raise ParameterError(f"Rutnätet skulle få {fmt.integer(ncol * nrow)} rutor. Välj en större rutstorlek "
                             f"än {fmt.integer(cell)} m (parametern {CELL_PARAMETER}).")
    flat = ((y - y0) // cell).astype(np.int64) * ncol + ((x - x0) // cell).astype(np.int64)
    out = make_grid(x0, y0, ncol, nrow, cell)
    out["antal"] = np.bincount(flat, minlength=ncol * nrow)
    if w is not None:
        out["summa"] = np.bincount(flat, weights=w, minlength=ncol * nrow)
    if area is not None:
        cov = A.cell_coverage(area, x0, y0, ncol, nrow, cell).ravel()
        cov[cov < min_cover] = 0.0
        # an incident inside the area always keeps its cell, however small the covered part
        cov[(cov == 0) & (out["antal"].to_numpy() > 0)] = min_cover
        out["yta"] = cov
        out = out[cov > 0].reset_index(drop=True)
        name = getattr(area, "namn", None) or "området"
        if outside:
            msg += (f" {fmt.integer(outside)} {'händelse' if outside == 1 else 'händelser'} utanför {name} "
                    "räknades inte med.")
    out.attrs.update(cell_size=cell, x0=x0, y0=y0, ncol=ncol, nrow=nrow, meddelande=msg.strip(),
                     automatisk=auto, utan_koordinater=int((~ok).sum()), utanfor_omradet=outside,
                     omrade=area, omrade_namn=getattr(area, "namn", None) if area is not None else None)
    return out


def bandwidth_nrd(v) -> float:
    """MASS ``bandwidth.nrd``: 4 * 1.06 * min(sd, IQR/1.34) * n^(-1/5) (sample sd; type-7 quartiles).

    Falls back to the sd when the IQR is zero (many incidents at one address).
    """
    v = np.asarray(v, float)
    if len(v) < 2:
        return 0.0
    sd = float(np.std(v, ddof=1))
    q1, q3 = np.percentile(v, [25, 75])
    iqr = (q3 - q1) / 1.34
    spread = min(sd, iqr) if iqr > 0 else sd
    return 4 * 1.06 * spread * len(v) ** (-0.2)


def choose_bandwidth(x, y, adjust: float = 1.0) -> tuple[float, str]:
    """Bandwidth (metres): mean of :func:`bandwidth_nrd` of x and y times ``adjust``, with a Swedish message."""
    h = (bandwidth_nrd(x) + bandwidth_nrd(y)) / 2 * float(adjust)
    msg = (f"Bandbredd {fmt.integer(h)} m valdes automatiskt (tumregel för normalfördelning, "
           "medel av öst- och nordriktningen). Ange bandwidth för att välja själv.")
    return h, msg


def _quartic(d2: np.ndarray, h: float) -> np.ndarray:
    return 3.0 / (math.pi * h * h) * np.clip(1 - d2 / (h * h), 0, None) ** 2


def kde_grid(incidents: pd.DataFrame, cell_size: float | None = None, *, bandwidth: float | None = None,
             bandwidth_adjust: float = 1.0, grid: pd.DataFrame | None = None, weights=None,
             area=None, method: str = "auto") -> pd.DataFrame:
    """Quartic kernel density at the centre of every grid cell, in incidents per km^2.

    density(c) = sum_j w_j * 3/(pi h^2) * (1 - (d_cj/h)^2)^2 over incidents j with d_cj < h
    (Silverman 1986, eq. 4.5 biweight; the same kernel shape as QGIS/SpatialKDE "quartic").
    ``grid`` (from :func:`grid_counts`) is reused when given so that counts, density and Gi* share
    cells (and its study area); otherwise a grid is made with ``cell_size`` and ``area``.

    ``method``: ``"exact"`` (kd-tree pairs, processed in chunks of points so memory stays bounded),
    ``"fft"`` (incidents binned to cell centres, one FFT convolution with the kernel sampled at cell
    offsets: positions move at most half a cell diagonal) or ``"auto"`` (exact while unique points x
    kernel cells <= ``KDE_EXACT_BUDGET``, else FFT). Returns the grid plus ``kde``;
    ``attrs["bandbredd"]``, ``attrs["kde_metod"]`` and ``attrs["meddelande"]``.
    """
    if grid is None:
        grid = grid_counts(incidents, cell_size, weights=weights, area=area)
    area = grid.attrs.get("omrade") if area is None else area
    ok = valid_xy(incidents)
    x = incidents[C.X].to_numpy(dtype=float, na_value=np.nan)[ok]
    y = incidents[C.Y].to_numpy(dtype=float, na_value=np.nan)[ok]
    w = _incident_weights(incidents, weights, ok)
    w = np.ones(len(x)) if w is None else w
    if area is not None:
        inside = A.contains(area, x, y)
        x, y, w = x[inside], y[inside], w[inside]
    cell = float(grid.attrs.get("cell_size", 100.0))
    if bandwidth is None:
        h, hmsg = choose_bandwidth(x, y, bandwidth_adjust)
        if not h > 0:
            h = 2 * cell
            hmsg = f"Bandbredd {fmt.integer(h)} m (två rutor; händelserna har ingen spridning att skatta från)."
    else:
        h = float(bandwidth) * float(bandwidth_adjust)
        if not h > 0:
            raise ParameterError(f"Bandbredden måste vara ett positivt antal meter (parametern {BANDWIDTH_PARAMETER}).")
        hmsg = f"Bandbredd {fmt.integer(h)} m (vald av användaren)."
    # collapse identical coordinates (many incidents at one address) before pairing with cells
    pts = pd.DataFrame({"x": x, "y": y, "w": w}).groupby(["x", "y"], sort=False)["w"].sum().reset_index()
    kernel_cells = math.pi * (h / cell) ** 2
    if method == "auto":
        method = "exact" if len(pts) * kernel_cells <= KDE_EXACT_BUDGET else "fft"
    if method == "exact":
        dens = _kde_exact(pts, grid[["x", "y"]].to_numpy(), h,
                          chunk=max(1, int(KDE_EXACT_BUDGET // max(kernel_cells, 1.0))))
    elif method == "fft":
        dens = _kde_fft(pts, grid, h)
    else:
        raise ParameterError("method ska vara 'auto', 'exact' eller 'fft'.")
    out = grid.copy()
    out["kde"] = dens * 1e6
    out.attrs = dict(grid.attrs)
    out.attrs.update(bandbredd=h, kde_metod=method)
    out.attrs["meddelande"] = (grid.attrs.get("meddelande", "") + " " + hmsg).strip()
    return out


def _kde_exact(pts: pd.DataFrame, centres: np.ndarray, h: float, chunk: int = 2_000) -> np.ndarray:
    """Exact quartic sums; points are processed in chunks so the pair lists stay small
    (``chunk`` points x kernel cells pairs at a time)."""
    dens = np.zeros(len(centres))
    if len(pts) == 0:
        return dens
    tree_c = cKDTree(centres)
    xy, wv = pts[["x", "y"]].to_numpy(), pts["w"].to_numpy()
    for k in range(0, len(xy), chunk):  # loop over chunks of points (memory bound), not rows
        tree_p = cKDTree(xy[k:k + chunk])
        sdm = tree_c.sparse_distance_matrix(tree_p, h, output_type="ndarray")  # keeps zero distances
        rows, cols, dist = sdm["i"].astype(np.int64), sdm["j"].astype(np.int64), sdm["v"]
        dens += np.bincount(rows, weights=_quartic(dist ** 2, h) * (dist < h) * wv[k:k + chunk][cols],
                            minlength=len(centres))
    return dens


def _kde_fft(pts: pd.DataFrame, grid: pd.DataFrame, h: float) -> np.ndarray:
    """Binned quartic KDE: incidents to cell centres, one FFT convolution (scipy.signal.fftconvolve)."""
    from scipy.signal import fftconvolve

    a = grid.attrs
    cell, ncol, nrow, x0, y0 = float(a["cell_size"]), int(a["ncol"]), int(a["nrow"]), a["x0"], a["y0"]
    col = np.clip(((pts["x"].to_numpy() - x0) // cell).astype(np.int64), 0, ncol - 1)
    row = np.clip(((pts["y"].to_numpy() - y0) // cell).astype(np.int64), 0, nrow - 1)
    img = np.bincount(row * ncol + col, weights=pts["w"].to_numpy(), minlength=ncol * nrow).reshape(nrow, ncol)
    r = int(math.ceil(h / cell))
    di = np.arange(-r, r + 1) * cell
    ker = _quartic(di[:, None] ** 2 + di[None, :] ** 2, h)
    full = fftconvolve(img, ker, mode="same")
    full[full < 1e-12 * max(ker.max(), 1e-300)] = 0.0  # FFT round-off around empty areas
    return full[grid["rad"].to_numpy(), grid["kol"].to_numpy()]


def place_counts(incidents: pd.DataFrame, by: str = C.PLATS, *, top: int | None = None,
                 weights=None) -> pd.DataFrame:
    """Counts by named place (``plats``) or area (``omrade``), largest first.

    Returns ``<by>, antal, andel, kumulativ_andel`` [+ ``summa`` with weights]; missing names are
    counted as "(okänd plats)". Ties are ordered alphabetically in Swedish. ``top`` keeps the first rows.
    """
    if by not in incidents.columns:
        raise InputDataError(None, [Problem("Kolumnen saknas.", column=by)],
                             summary=f"Händelsedata saknar kolumnen '{by}'.")
    name = incidents[by].astype("string").fillna("(okänd plats)").str.strip().replace("", "(okänd plats)")
    frame = pd.DataFrame({by: name, "_w": 1.0 if weights is None else
                          (incidents[weights] if isinstance(weights, str) else pd.Series(weights, index=incidents.index))})
    g = frame.groupby(by, sort=False).agg(antal=("_w", "size"), summa=("_w", "sum")).reset_index()
    order = {n: i for i, n in enumerate(fmt.swedish_sorted(g[by].tolist()))}
    g = g.iloc[np.lexsort((g[by].map(order).to_numpy(), -g["antal"].to_numpy()))]
    total = g["antal"].sum()
    g["andel"] = g["antal"] / total if total else np.nan
    g["kumulativ_andel"] = g["andel"].cumsum()
    if weights is None:
        g = g.drop(columns="summa")
    g = g.reset_index(drop=True)
    return g.head(top) if top else g


def place_positions(incidents: pd.DataFrame, by: str = C.OMRADE, *, min_count: int = 5,
                    exclude=("landsbygd", "(okänd plats)")) -> list[tuple[str, float, float]]:
    """Map labels from the register: ``(name, median x, median y)`` of every ``by`` value with at least
    ``min_count`` incidents with coordinates (names only, no counts; e.g. the areas of an EST register).
    Names in ``exclude`` (compared in lower case; spread-out catch-all areas) get no label."""
    if by not in incidents.columns:
        return []
    ok = valid_xy(incidents)
    d = pd.DataFrame({"n": incidents[by].to_numpy()[ok], "x": incidents[C.X].to_numpy(float)[ok],
                      "y": incidents[C.Y].to_numpy(float)[ok]}).dropna()
    g = d.groupby("n").agg(x=("x", "median"), y=("y", "median"), k=("x", "size"))
    g = g[(g["k"] >= min_count) & ~g.index.astype(str).str.lower().isin([e.lower() for e in exclude])]
    return [(str(n), float(r.x), float(r.y)) for n, r in g.iterrows()]
