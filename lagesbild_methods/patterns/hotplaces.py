"""From hot cells to a short list of places, and hot spots *relative* to where events happen anyway.

* :func:`hotspot_relative` -- "where is this problem unusual?": a category (or any subset of
  incidents) against all incidents, or against a reference set. Given the number of incidents
  T_i in a neighbourhood, the number that belong to the subset is S_i ~ Binomial(T_i, p0) under the
  null that the subset makes up the same share p0 everywhere (the Bernoulli model of Kulldorff's
  scan statistic, here on Gi* neighbourhoods). Exact two-sided p, Benjamini-Hochberg FDR.
  Hot spots against population or another exposure per cell: ``hotspot_gistar(exposure=...)``.
* :func:`hot_places` -- joins touching hot cells (8-neighbour connected components,
  :func:`scipy.ndimage.label`) into places, names each by its most common ``plats`` (and
  ``omrade``), and ranks them by the number of incidents. A report shows at most ``top`` (10).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import ndimage

from .. import columns as C
from .. import fmt
from ..errors import ParameterError
from . import area as A
from .grid import grid_counts, valid_xy
from .hotspot import COLD, HOT, _classify, _footprint, _images, _two_sided_binom


def _case_mask(incidents: pd.DataFrame, cases) -> np.ndarray:
    if isinstance(cases, str) or (isinstance(cases, (list, tuple, set)) and all(isinstance(c, str) for c in cases)):
        codes = {cases} if isinstance(cases, str) else set(cases)
        if C.KATEGORI not in incidents.columns:
            raise ParameterError("Händelsedata saknar kolumnen 'kategori'.")
        return incidents[C.KATEGORI].astype(str).isin(codes).to_numpy()
    m = np.asarray(cases, bool)
    if m.shape != (len(incidents),):
        raise ParameterError("Urvalet måste vara en kategori eller ett sant/falskt värde per händelse.")
    return m


def hotspot_relative(incidents: pd.DataFrame, cases, *, reference: pd.DataFrame | None = None,
                     cell_size: float | None = None, area=None, grid: pd.DataFrame | None = None,
                     nb_dist: float | None = None, fdr: float = 0.05, core_only: bool = True) -> pd.DataFrame:
    """Where is a subset of incidents (a category) over-represented compared with all incidents?

    Parameters
    ----------
    incidents : all incidents (``x``, ``y``; ``kategori`` when ``cases`` names categories).
    cases : a category code (``"klotter"``), a list of codes, or a boolean mask over ``incidents``.
    reference : optional other incidents to compare with (then ``incidents[cases]`` are the cases
        and ``reference`` the controls); default: all ``incidents`` (cases included).
    cell_size, area, grid : as :func:`hotspot_gistar` (the grid is built from the reference set).

    Returns
    -------
    Grid with ``antal`` (reference incidents), ``fall`` (cases), ``grannsumma`` (cases in the
    neighbourhood), ``grannantal`` (reference incidents in the neighbourhood), ``forvantat``
    (grannantal x p0), ``kvot``, ``gistar`` (standardised (S - T p0)/sqrt(T p0 (1 - p0))),
    ``pvarde``, ``pvarde_fdr``, ``klass``. ``attrs["andel_totalt"]`` = p0.
    """
    m = _case_mask(incidents, cases)
    case_inc = incidents[m]
    ref = incidents if reference is None else reference
    if len(case_inc) == 0:
        raise ParameterError("Urvalet innehåller inga händelser.")
    if grid is None:
        base = ref if reference is None else pd.concat([ref[[C.X, C.Y]], case_inc[[C.X, C.Y]]], ignore_index=True)
        grid = grid_counts(base, cell_size, area=area)
    a = grid.attrs
    cell, ncol = float(a["cell_size"]), int(a["ncol"])
    area = a.get("omrade")

    def counts(frame):
        ok = valid_xy(frame)
        x = frame[C.X].to_numpy(float, na_value=np.nan)[ok]
        y = frame[C.Y].to_numpy(float, na_value=np.nan)[ok]
        if area is not None:
            keep = A.contains(area, x, y)
            x, y = x[keep], y[keep]
        col = ((x - a["x0"]) // cell).astype(np.int64)
        row = ((y - a["y0"]) // cell).astype(np.int64)
        good = (col >= 0) & (col < ncol) & (row >= 0) & (row < int(a["nrow"]))
        full = np.bincount(row[good] * ncol + col[good], minlength=ncol * int(a["nrow"]))
        return full[grid["rad"].to_numpy() * ncol + grid["kol"].to_numpy()]

    out = grid.copy()
    out["fall"] = counts(case_inc)
    out["antal"] = counts(ref) + (out["fall"].to_numpy() if reference is not None else 0)
    nb = cell * math.sqrt(2) if nb_dist is None else float(nb_dist)
    fp = _footprint(nb, cell, True)
    idx, img_c, _, _ = _images(out, "fall")
    _, img_t, _, _ = _images(out, "antal")
    conv = lambda im: ndimage.convolve(im, fp, mode="constant", cval=0.0).ravel()[idx]  # noqa: E731
    S, T = np.round(conv(img_c)), np.round(conv(img_t))
    n_case, n_all = float(out["fall"].sum()), float(out["antal"].sum())
    if n_all <= 0:
        raise ParameterError("Det finns inga händelser att jämföra med inom området.")
    p0 = n_case / n_all
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(T > 0, (S - T * p0) / np.sqrt(T * p0 * (1 - p0)), np.nan)
        p = np.where(T > 0, _two_sided_binom(S, T.astype(np.int64), p0), np.nan)
        kvot = np.where(T > 0, S / (T * p0), np.nan)
    own_t = out["antal"].to_numpy(float)
    p_adj, klass, n_tests = _classify(p, z, out["fall"].to_numpy(float), own_t * p0, fdr, core_only)
    out["grannsumma"], out["grannantal"], out["forvantat"], out["kvot"] = S, T, T * p0, kvot
    out["gistar"], out["pvarde"], out["pvarde_fdr"], out["klass"] = z, p, p_adj, klass
    out.attrs = dict(a)
    out.attrs.update(antal_heta=int((klass == HOT).sum()), antal_kalla=int((klass == COLD).sum()), fdr=fdr,
                     grannavstand=nb, p_metod="binomial, villkorad", andel_totalt=p0, antal_test=n_tests,
                     relativ=True)
    out.attrs["meddelande"] = (a.get("meddelande", "") + " " +
                               f"Jämfört med alla händelser: urvalet är {fmt.pct(p0, 1)} av händelserna; en ruta är "
                               "het om urvalets andel i rutan och dess grannar är tydligt högre (exakt binomialtest, "
                               f"{fmt.integer(n_tests)} test korrigerade med Benjamini-Hochberg).").strip()
    return out


def _mode(values: pd.Series):
    v = values.dropna().astype(str)
    v = v[v.str.strip() != ""]
    if v.empty:
        return None, 0.0
    counts = v.value_counts()
    return counts.index[0], float(counts.iloc[0] / len(v))


def hot_places(result: pd.DataFrame, incidents: pd.DataFrame, *, top: int = 10, by: str = C.PLATS,
               area_by: str = C.OMRADE, kind=HOT) -> pd.DataFrame:
    """A short ranked list of hot places from :func:`hotspot_gistar` or :func:`hotspot_relative`.

    Touching hot cells (also diagonally) form one place. For each place: ``namn`` (the most
    common ``plats`` among its incidents), ``platser`` (up to three most common names),
    ``omrade`` (most common area), ``antal`` (incidents in its cells; for a relative result the
    cases, with ``antal_alla``), ``forvantat`` (expected in the same cells under the null), ``kvot``,
    ``rutor``, ``yta_km2``, ``pvarde_fdr`` (smallest adjusted p of its cells), ``x``, ``y`` (mean
    position of its incidents). Sorted by ``antal``; ``attrs``: ``antal_platser`` (all places
    before ``top``), ``andel_handelser`` (share of the incidents that lie in the listed places),
    ``celler`` (for each listed place an array of its cells' ``kol, rad``, for maps).
    """
    a = result.attrs
    ncol, nrow, cell = int(a["ncol"]), int(a["nrow"]), float(a["cell_size"])
    rel = bool(a.get("relativ"))
    hot = np.zeros((nrow, ncol), bool)
    sel = result["klass"] == kind
    hot[result.loc[sel, "rad"].to_numpy(), result.loc[sel, "kol"].to_numpy()] = True
    lab, n = ndimage.label(hot, structure=np.ones((3, 3), int))
    cols = ["namn", "platser", "omrade", "antal", "forvantat", "kvot", "rutor", "yta_km2", "pvarde_fdr", "x", "y"]
    if n == 0:
        out = pd.DataFrame(columns=cols + (["antal_alla"] if rel else []))
        out.attrs.update(antal_platser=0, andel_handelser=0.0, relativ=rel)
        return out
    cell_lab = lab[result["rad"].to_numpy(), result["kol"].to_numpy()]
    own_exp = result["forvantat_ruta"].to_numpy(float) if "forvantat_ruta" in result.columns else \
        result["antal"].to_numpy(float) * a.get("andel_totalt", np.nan)
    g = pd.DataFrame({"lab": cell_lab, "exp": own_exp, "p": result["pvarde_fdr"].to_numpy(float),
                      "yta": result["yta"].to_numpy(float) if "yta" in result.columns else 1.0})
    g = g[g["lab"] > 0].groupby("lab").agg(forvantat=("exp", "sum"), pvarde_fdr=("p", "min"),
                                           rutor=("exp", "size"), yta=("yta", "sum"))
    ok = valid_xy(incidents)
    inc = incidents[ok]
    x = inc[C.X].to_numpy(float)
    y = inc[C.Y].to_numpy(float)
    col = ((x - a["x0"]) // cell).astype(np.int64)
    row = ((y - a["y0"]) // cell).astype(np.int64)
    good = (col >= 0) & (col < ncol) & (row >= 0) & (row < nrow)
    if a.get("omrade") is not None:
        good &= A.contains(a["omrade"], x, y)
    ev_lab = np.zeros(len(inc), np.int64)
    ev_lab[good] = lab[row[good], col[good]]
    frame = pd.DataFrame({"lab": ev_lab, "x": x, "y": y,
                          "plats": inc[by].to_numpy() if by in inc.columns else None,
                          "omrade": inc[area_by].to_numpy() if area_by in inc.columns else None})
    rows = []
    for k, grp in frame[frame["lab"] > 0].groupby("lab"):  # loop over places (few), not incidents
        name, _ = _mode(grp["plats"])
        top3 = grp["plats"].dropna().astype(str).value_counts().index[:3].tolist()
        omr, _ = _mode(grp["omrade"])
        rows.append({"lab": k, "namn": name or omr or "(namnlös plats)", "platser": top3, "omrade": omr,
                     "antal_alla": len(grp), "x": grp["x"].mean(), "y": grp["y"].mean()})
    places = pd.DataFrame(rows).set_index("lab").join(g, how="right")
    places["antal_alla"] = places["antal_alla"].fillna(0).astype(int)
    if rel:
        fall = pd.Series(result["fall"].to_numpy(), index=cell_lab).groupby(level=0).sum()
        places["antal"] = fall.reindex(places.index).fillna(0).astype(int)
    else:
        places["antal"] = places["antal_alla"]
        places = places.drop(columns="antal_alla")
    places["namn"] = places["namn"].fillna("(namnlös plats)")
    places["platser"] = places["platser"].apply(lambda v: v if isinstance(v, list) else [])
    places["kvot"] = places["antal"] / places["forvantat"].where(places["forvantat"] > 0)
    places["yta_km2"] = places.pop("yta") * cell * cell / 1e6
    places = places.sort_values(["antal", "kvot"], ascending=False, kind="stable").rename_axis("lab").reset_index()
    total = float(result["fall"].sum() if rel else result["antal"].sum())
    listed = places.head(top)
    out = listed[[c for c in cols if c in listed.columns] + (["antal_alla"] if rel else [])].reset_index(drop=True)
    kol, rad = result["kol"].to_numpy(), result["rad"].to_numpy()
    cells = [np.column_stack([kol[cell_lab == k], rad[cell_lab == k]]) for k in listed["lab"]]
    out.attrs.update(antal_platser=len(places), relativ=rel, celler=cells,
                     andel_handelser=float(listed["antal"].sum() / total) if total else float("nan"),
                     cell_size=cell)
    return out
