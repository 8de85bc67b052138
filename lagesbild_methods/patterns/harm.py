"""Harm weighting: rank problems by a user-supplied weight per category instead of plain counts.

Harm = sum(count x weight), as in the Cambridge Crime Harm Index (Sherman, Neyroud & Neyroud 2016,
Policing 10(3):171), where the weight is the days of imprisonment a first offender would get.
No weights are shipped as official: the municipality decides them (e.g. in the EST group) and
passes a table. Methods note: methods.md section 6c.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import columns as C
from ..errors import InputDataError, ParameterError, Problem


def weight_table(weights) -> pd.Series:
    """Normalise weights to a Series ``kategori -> vikt`` from a dict, a Series or a frame.

    A frame needs the columns ``kategori`` and ``vikt``. Weights must be non-negative numbers and
    each category may appear once.
    """
    if isinstance(weights, dict):
        s = pd.Series(weights, dtype=object)
    elif isinstance(weights, pd.Series):
        s = weights.copy()
    elif isinstance(weights, pd.DataFrame):
        if not {C.KATEGORI, "vikt"} <= set(weights.columns):
            raise ParameterError("Vikttabellen ska ha kolumnerna 'kategori' och 'vikt'.")
        if weights[C.KATEGORI].duplicated().any():
            dup = weights.loc[weights[C.KATEGORI].duplicated(), C.KATEGORI].iloc[0]
            raise ParameterError(f"Kategorin '{dup}' finns flera gånger i vikttabellen.")
        s = weights.set_index(C.KATEGORI)["vikt"]
    else:
        raise ParameterError("Vikterna ska anges som en tabell (kategori, vikt) eller en ordlista.")
    vals = pd.to_numeric(s, errors="coerce")
    bad = vals.isna() | (vals < 0)
    if bad.any():
        raise InputDataError(None, [Problem("Vikten är inte ett icke-negativt tal.", column="vikt",
                                            value=s[k], expected="ett tal 0 eller större") for k in s.index[bad]],
                             summary="Vikttabellen innehåller ogiltiga vikter.")
    vals.index = vals.index.astype(str)
    vals.index.name = C.KATEGORI
    return vals.astype(float).rename("vikt")


def incident_weights(incidents: pd.DataFrame, weights, *, missing: str = "error") -> np.ndarray:
    """Weight of every incident from its ``kategori`` (``missing``: "error" or "zero")."""
    w = weight_table(weights)
    kat = incidents[C.KATEGORI].astype(str)
    unknown = sorted(set(kat) - set(w.index))
    if unknown and missing == "error":
        raise InputDataError(None, [Problem("Kategorin saknar vikt.", column=C.KATEGORI, value=k) for k in unknown],
                             summary="Vikttabellen saknar vikt för några kategorier. Lägg till dem eller "
                                     "välj missing='zero'.")
    return kat.map(w).fillna(0.0).to_numpy(float)


def harm_ranking(incidents: pd.DataFrame, weights, *, by=C.KATEGORI, missing: str = "error") -> pd.DataFrame:
    """Counts and harm-weighted sums per ``by`` (category, place or area), with both rankings.

    Returns ``<by>, antal, skadevarde, andel_antal, andel_skadevarde, rang_antal, rang_skadevarde``
    sorted by ``skadevarde``; with ``by="kategori"`` also the weight ``vikt``. Rank 1 = largest
    (ties share the lowest rank, "min").
    """
    if C.KATEGORI not in incidents.columns or by not in incidents.columns:
        raise InputDataError(None, [Problem("Kolumnen saknas.", column=c) for c in {C.KATEGORI, by}
                                    if c not in incidents.columns],
                             summary="Händelsedata saknar kolumner som behövs för skadeviktningen.")
    w = incident_weights(incidents, weights, missing=missing)
    d = pd.DataFrame({by: incidents[by].to_numpy(), "w": w})
    g = d.groupby(by, dropna=True).agg(antal=("w", "size"), skadevarde=("w", "sum")).reset_index()
    if by == C.KATEGORI:
        g.insert(1, "vikt", g[by].astype(str).map(weight_table(weights)).fillna(0.0))
    g["andel_antal"] = g["antal"] / g["antal"].sum()
    tot = g["skadevarde"].sum()
    g["andel_skadevarde"] = g["skadevarde"] / tot if tot > 0 else np.nan
    g["rang_antal"] = g["antal"].rank(ascending=False, method="min").astype(int)
    g["rang_skadevarde"] = g["skadevarde"].rank(ascending=False, method="min").astype(int)
    return g.sort_values(["skadevarde", "antal"], ascending=False, kind="stable").reset_index(drop=True)
