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
  density integrates to the number of incidents; reported per km^2.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .. import columns as C
from .. import fmt
from ..errors import InputDataError, ParameterError, Problem

#: Plausible SWEREF 99 TM extent for Sweden (metres), generous margins.
E_RANGE = (150_000.0, 1_000_000.0)
N_RANGE = (6_000_000.0, 7_800_000.0)
MAX_CELLS = 4_000_000


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


def choose_cell_size(x, y) -> tuple[float, str]:
    """Cell size (metres) from the bounding box of the points and a Swedish message announcing it.

    sfhotspot rule: side = min(width, height); cell = floor(side/50/100)*100 when that is > 0,
    else floor(side/50/10)*10 (at least 10 m). If all points lie on a line (side 0) the longer
    side is used; a single point gives 100 m.
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    w = float(np.ptp(x)) if len(x) else 0.0
    h = float(np.ptp(y)) if len(y) else 0.0
    side = min(w, h) if min(w, h) > 0 else max(w, h)
    if side <= 0:
        cell = 100.0
    else:
        cell = math.floor(side / 50 / 100) * 100
        if cell <= 0:
            cell = max(10.0, math.floor(side / 50 / 10) * 10)
    msg = (f"Rutstorlek {fmt.integer(cell)} m valdes automatiskt (ungefär 50 rutor längs den kortaste sidan "
           f"av området med händelser, {fmt.num(w / 1000, 1)} × {fmt.num(h / 1000, 1)} km). "
           "Ange en annan rutstorlek (cell_size) om du vill.")
    return float(cell), msg


def make_grid(x0: float, y0: float, ncol: int, nrow: int, cell: float) -> pd.DataFrame:
    """All cells of a grid: ``kol, rad, x, y`` (centres), row-major from the south-west corner."""
    kol = np.tile(np.arange(ncol), nrow)
    rad = np.repeat(np.arange(nrow), ncol)
    return pd.DataFrame({"kol": kol, "rad": rad, "x": x0 + (kol + 0.5) * cell, "y": y0 + (rad + 0.5) * cell})


def grid_counts(incidents: pd.DataFrame, cell_size: float | None = None, *, weights=None,
                extent=None) -> pd.DataFrame:
    """Count incidents in square cells of a SWEREF 99 TM grid (empty cells included).

    Parameters
    ----------
    incidents : frame with ``x``, ``y`` (rows without coordinates are left out and counted).
    cell_size : side of a cell in metres; ``None`` chooses it with :func:`choose_cell_size` and
        announces it in ``attrs["meddelande"]``.
    weights : optional column name or array (e.g. harm weights); adds a column ``summa``.
    extent : optional ``(xmin, ymin, xmax, ymax)`` the grid must cover (e.g. the municipality);
        default is the bounding box of the incidents.

    Returns
    -------
    DataFrame ``kol, rad, x, y, antal`` [+ ``summa``], one row per cell. ``attrs``: ``cell_size``,
    ``x0``, ``y0`` (south-west corner, a multiple of the cell size), ``ncol``, ``nrow``,
    ``meddelande`` (Swedish, when chosen automatically), ``utan_koordinater``, ``automatisk``.
    """
    ok = valid_xy(incidents)
    if not ok.any():
        raise InputDataError(None, [], summary="Ingen händelse har koordinater, så ingen karta kan göras.")
    x = incidents[C.X].to_numpy(dtype=float, na_value=np.nan)[ok]
    y = incidents[C.Y].to_numpy(dtype=float, na_value=np.nan)[ok]
    auto = cell_size is None
    if auto:
        cell, msg = choose_cell_size(x, y)
    else:
        try:
            cell = float(cell_size)
        except (TypeError, ValueError):
            cell = float("nan")
        if not cell > 0:
            raise ParameterError(f"Rutstorleken måste vara ett positivt antal meter, inte '{cell_size}'.")
        msg = f"Rutstorlek {fmt.num(cell, 0 if cell == int(cell) else 1)} m (vald av användaren)."
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
                             f"än {fmt.integer(cell)} m.")
    col = ((x - x0) // cell).astype(np.int64)
    row = ((y - y0) // cell).astype(np.int64)
    flat = row * ncol + col
    out = make_grid(x0, y0, ncol, nrow, cell)
    out["antal"] = np.bincount(flat, minlength=ncol * nrow)
    if weights is not None:
        w = incidents[weights].to_numpy(dtype=float) if isinstance(weights, str) else np.asarray(weights, float)
        if len(w) != len(incidents) or np.isnan(w[ok]).any():
            raise ParameterError("Vikterna måste vara en siffra för varje händelse.")
        out["summa"] = np.bincount(flat, weights=w[ok], minlength=ncol * nrow)
    out.attrs.update(cell_size=cell, x0=x0, y0=y0, ncol=ncol, nrow=nrow, meddelande=msg,
                     automatisk=auto, utan_koordinater=int((~ok).sum()))
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


def kde_grid(incidents: pd.DataFrame, cell_size: float | None = None, *, bandwidth: float | None = None,
             bandwidth_adjust: float = 1.0, grid: pd.DataFrame | None = None, weights=None) -> pd.DataFrame:
    """Quartic kernel density at the centre of every grid cell, in incidents per km^2.

    density(c) = sum_j w_j * 3/(pi h^2) * (1 - (d_cj/h)^2)^2 over incidents j with d_cj < h
    (Silverman 1986, eq. 4.5 biweight; the same kernel shape as QGIS/SpatialKDE "quartic").
    ``grid`` (from :func:`grid_counts`) is reused when given so that counts, density and Gi* share
    cells; otherwise a grid is made with ``cell_size``. Returns the grid plus ``kde``;
    ``attrs["bandbredd"]`` and ``attrs["meddelande"]`` (cell size and bandwidth announcements).
    """
    if grid is None:
        grid = grid_counts(incidents, cell_size, weights=weights)
    ok = valid_xy(incidents)
    x = incidents[C.X].to_numpy(dtype=float, na_value=np.nan)[ok]
    y = incidents[C.Y].to_numpy(dtype=float, na_value=np.nan)[ok]
    w = (np.ones(len(x)) if weights is None else
         (incidents[weights].to_numpy(dtype=float) if isinstance(weights, str) else np.asarray(weights, float))[ok])
    if bandwidth is None:
        h, hmsg = choose_bandwidth(x, y, bandwidth_adjust)
        if not h > 0:
            h = 2 * grid.attrs.get("cell_size", 100.0)
            hmsg = f"Bandbredd {fmt.integer(h)} m (två rutor; händelserna har ingen spridning att skatta från)."
    else:
        h = float(bandwidth) * float(bandwidth_adjust)
        if not h > 0:
            raise ParameterError("Bandbredden måste vara ett positivt antal meter.")
        hmsg = f"Bandbredd {fmt.integer(h)} m (vald av användaren)."
    # collapse identical coordinates (many incidents at one address) before pairing with cells
    pts = pd.DataFrame({"x": x, "y": y, "w": w}).groupby(["x", "y"], sort=False)["w"].sum().reset_index()
    centres = grid[["x", "y"]].to_numpy()
    tree_c = cKDTree(centres)
    tree_p = cKDTree(pts[["x", "y"]].to_numpy())
    sdm = tree_c.sparse_distance_matrix(tree_p, h, output_type="ndarray")  # keeps zero distances
    rows, cols, dist = sdm["i"].astype(np.int64), sdm["j"].astype(np.int64), sdm["v"]
    k = 3.0 / (math.pi * h * h) * (1 - (dist / h) ** 2) ** 2 * (dist < h)
    dens = np.bincount(rows, weights=k * pts["w"].to_numpy()[cols], minlength=len(grid))
    out = grid.copy()
    out["kde"] = dens * 1e6
    out.attrs = dict(grid.attrs)
    out.attrs["bandbredd"] = h
    out.attrs["meddelande"] = (grid.attrs.get("meddelande", "") + " " + hmsg).strip()
    return out


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
