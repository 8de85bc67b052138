"""Benchmark comparison basics shared by :mod:`.compare` (the API), :mod:`.compare_midp` (the reports'
test) and :mod:`.funnel`: the output column names, the verdicts from interval conditions and the
benchmark's totals. A module of its own so that those three import it and not each other."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import columns as C
from ..errors import ParameterError
from ..verdicts import Comparison
from .rates import check_columns

#: Verdict aliases (kept for existing code; the level is the separate column ``skillnad_niva``).
HOGRE_998 = HOGRE_95 = Comparison.HIGHER
LAGRE_998 = LAGRE_95 = Comparison.LOWER
INGEN_SKILLNAD = Comparison.NO_DIFFERENCE
EJ_BEDOMD = Comparison.NOT_ASSESSED
#: Verdict order for tables and legends (high to low).
LABELS = [Comparison.HIGHER, Comparison.NO_DIFFERENCE, Comparison.LOWER, Comparison.NOT_ASSESSED]
#: Verdicts meaning "above" / "below" the benchmark (at least at 95 %).
HIGHER = (Comparison.HIGHER,)
LOWER = (Comparison.LOWER,)

#: Output columns.
JAMFORELSEVARDE = "jamforelsevarde"  # benchmark value (same scale as varde)
JAMFORELSE = "jamforelse"  # name of the benchmark, e.g. "Riket"
SKILLNAD = "skillnad"  # the verdict (Comparison)
NIVA = "skillnad_niva"  # level at which the difference holds: 0.998, 0.95 or NaN


def significance_labels(lower95, upper95, lower998, upper998, benchmark) -> np.ndarray:
    """Verdict (:class:`~lagesbild_methods.verdicts.Comparison`) for each estimate against a benchmark.

    ``lower/upper`` are the confidence limits of the area at 95 % and 99.8 %; ``benchmark``
    is a scalar or an array of the same length. Missing limits or benchmark give
    ``Comparison.NOT_ASSESSED``. The level is given by :func:`significance_levels`.
    """
    return significance(lower95, upper95, lower998, upper998, benchmark)[0]


def significance_levels(lower95, upper95, lower998, upper998, benchmark) -> np.ndarray:
    """Level (0.998 or 0.95) at which each difference holds; NaN where there is none."""
    return significance(lower95, upper95, lower998, upper998, benchmark)[1]


def significance(lower95, upper95, lower998, upper998, benchmark) -> tuple[np.ndarray, np.ndarray]:
    """(verdicts, levels) of each estimate against a benchmark (vectorised)."""
    lo95, hi95, lo998, hi998 = (np.asarray(a, dtype=float) for a in (lower95, upper95, lower998, upper998))
    b = np.broadcast_to(np.asarray(benchmark, dtype=float), lo95.shape)
    missing = np.isnan(lo95) | np.isnan(hi95) | np.isnan(lo998) | np.isnan(hi998) | np.isnan(b)
    with np.errstate(invalid="ignore"):
        conds = [missing, hi998 < b, hi95 < b, lo998 > b, lo95 > b]
    return verdicts_from_conditions(conds)


def verdicts_from_conditions(conds) -> tuple[np.ndarray, np.ndarray]:
    """(verdicts, levels) from the five conditions [missing, low 99.8, low 95, high 99.8, high 95]."""
    members = np.array([Comparison.NOT_ASSESSED, Comparison.LOWER, Comparison.HIGHER, Comparison.NO_DIFFERENCE],
                       dtype=object)
    verdicts = members[np.select(conds, [0, 1, 1, 2, 2], default=3)]
    levels = np.select(conds, [np.nan, 0.998, 0.95, 0.998, 0.95], default=np.nan).astype(float)
    return verdicts, levels


def _benchmark_totals(benchmark: pd.DataFrame, keys: list[str], count: str, denominator: str) -> pd.DataFrame:
    """Summed count and denominator per ``keys`` group; NaN when any row of the group misses either
    (a benchmark built from part of its rows would be wrong, and missing must stay missing)."""
    check_columns(benchmark, [count, denominator], "jämförelsetabellen")
    b = benchmark[keys].copy()
    b["_o"] = pd.to_numeric(benchmark[count], errors="coerce")
    b["_e"] = pd.to_numeric(benchmark[denominator], errors="coerce")
    full = b["_o"].notna() & b["_e"].notna()
    b["_ok"] = full
    grouped = b.groupby(keys, dropna=False)
    g = grouped[["_o", "_e"]].sum()
    g["_ok"] = grouped["_ok"].all()
    g = g.reset_index()
    g.loc[~g["_ok"], ["_o", "_e"]] = np.nan
    return g.drop(columns="_ok")


def join_keys(df: pd.DataFrame, benchmark: pd.DataFrame, on) -> list[str]:
    keys = list(on) if on is not None else [k for k in (C.AR, C.BROTTSTYP) if k in df.columns and k in benchmark.columns]
    if not keys:
        raise ParameterError("Ange vilka kolumner jämförelsetabellen ska kopplas på (argumentet 'on').")
    check_columns(benchmark, keys, "jämförelsetabellen")
    return keys


def _scalar_benchmark(benchmark) -> float:
    try:
        return float(benchmark)
    except (TypeError, ValueError):
        raise ParameterError("Jämförelsevärdet måste vara ett tal eller en tabell.") from None
