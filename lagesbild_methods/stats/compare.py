"""Comparison of a municipality's rate or share with a benchmark (county, country, kommungrupp).

Method (PHEindicatormethods ``assign_funnel_significance``; Fingertips "compared with
benchmark"): the benchmark value is treated as fixed; the area is *significantly higher* when
the lower confidence limit of its own estimate lies above the benchmark, *significantly lower*
when the upper limit lies below it. The 99.8 % level is checked before 95 %. Rates use the
exact Poisson / Byar interval (:func:`lagesbild_methods.stats.rates.rates`), shares the Wilson
interval. For a rate this is equivalent to an exact/Byar one-sample Poisson test of
"rate = benchmark" at 2.5 % / 0.1 % per tail.

Verdicts are :class:`lagesbild_methods.verdicts.Comparison` members (column ``skillnad``); the
level at which a difference holds is the separate column ``skillnad_niva`` (0.998, 0.95 or NaN).
The Swedish wording lives in :mod:`lagesbild_methods.text`. When the municipality is itself part of the benchmark
(a kommun in its county) the comparison is slightly conservative; say so in the text.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import columns as C
from ..errors import ParameterError
from ..verdicts import Comparison
from .proportions import proportions
from .rates import check_columns, rates

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


def _estimate(df, kind, count, denominator, multiplier, small_number):
    if kind == "rate":
        kw = {} if small_number is None else {"small_number": small_number}
        return rates(df, count, denominator, confidence=(0.95, 0.998), multiplier=multiplier, **kw)
    if kind == "proportion":
        kw = {} if small_number is None else {"small_n": small_number}
        return proportions(df, count, denominator, confidence=(0.95, 0.998), multiplier=multiplier, **kw)
    raise ParameterError(f"Okänd typ av skattning: '{kind}'. Använd 'rate' (andel per 100 000) eller 'proportion'.")


def compare_with_benchmark(df: pd.DataFrame, benchmark, *, kind: str = "rate", count: str = C.ANTAL,
                           denominator: str = C.FOLKMANGD, on: Sequence[str] | None = None,
                           multiplier: float | None = None, benchmark_name: str = "Jämförelsevärde",
                           small_number: int | None = None) -> pd.DataFrame:
    """Compare each row's rate (or share) with a benchmark at 95 % and 99.8 %.

    Parameters
    ----------
    df : DataFrame
        Rows with a count and a denominator (e.g. one kommun's crimes joined to population).
    benchmark : float or DataFrame
        A fixed value on the scale of the estimate (per ``multiplier``), or a frame with the
        ``on`` columns and either ``varde`` or the ``count``/``denominator`` columns (then the
        benchmark is sum(count)/sum(denominator) x multiplier per ``on`` group).
    kind : {"rate", "proportion"}
        Poisson rate (exact/Byar limits) or proportion (Wilson limits).
    on : sequence of str
        Join keys for a frame benchmark (default ``["ar", "brottstyp"]`` where present).
    multiplier : float
        Default 100 000 for rates, 1 for proportions.

    Returns
    -------
    DataFrame
        ``df`` with the estimate at both levels (``nedre_95 ... ovre_99_8``), ``jamforelsevarde``,
        ``jamforelse`` (the benchmark's name), ``skillnad`` (a ``Comparison`` verdict) and
        ``skillnad_niva`` (0.998, 0.95 or NaN).
    """
    if multiplier is None:
        multiplier = 100_000 if kind == "rate" else 1
    est = _estimate(df, kind, count, denominator, multiplier, small_number)
    if isinstance(benchmark, pd.DataFrame):
        keys = list(on) if on is not None else [k for k in (C.AR, C.BROTTSTYP) if k in df.columns and k in benchmark.columns]
        if not keys:
            raise ParameterError("Ange vilka kolumner jämförelsetabellen ska kopplas på (argumentet 'on').")
        check_columns(benchmark, keys, "jämförelsetabellen")
        if C.VARDE in benchmark.columns:
            bench = benchmark[keys + [C.VARDE]].rename(columns={C.VARDE: JAMFORELSEVARDE})
        else:
            check_columns(benchmark, [count, denominator], "jämförelsetabellen")
            g = benchmark.groupby(keys, dropna=False)[[count, denominator]].sum(min_count=1).reset_index()
            g[JAMFORELSEVARDE] = g[count] / g[denominator] * multiplier
            bench = g[keys + [JAMFORELSEVARDE]]
        if bench.duplicated(keys).any():
            raise ParameterError("Jämförelsetabellen har flera värden för samma " + ", ".join(keys) + ".")
        est = est.merge(bench, on=keys, how="left")
    else:
        try:
            est[JAMFORELSEVARDE] = float(benchmark)
        except (TypeError, ValueError):
            raise ParameterError("Jämförelsevärdet måste vara ett tal eller en tabell.") from None
    est[JAMFORELSE] = benchmark_name
    est[SKILLNAD], est[NIVA] = significance(est[f"{C.NEDRE}_95"], est[f"{C.OVRE}_95"], est[f"{C.NEDRE}_99_8"],
                                            est[f"{C.OVRE}_99_8"], est[JAMFORELSEVARDE])
    return est


def compare_with_region(df: pd.DataFrame, kommunkod: str, region: str = C.RIKET, *, count: str = C.ANTAL,
                        denominator: str = C.FOLKMANGD, multiplier: float = 100_000,
                        region_name: str | None = None) -> pd.DataFrame:
    """Rates of one kommun compared with a region in the same frame (county '03', country '00', 'KG-B4').

    ``df`` holds crime counts joined to population (:func:`~lagesbild_methods.stats.rates.join_population`)
    for the kommun and the region; the benchmark is the region's rate for the same year and
    crime type.
    """
    check_columns(df, [C.KOMMUNKOD, count, denominator])
    own = df[df[C.KOMMUNKOD] == kommunkod]
    reg = df[df[C.KOMMUNKOD] == region]
    if own.empty:
        raise ParameterError(f"Kommunkoden '{kommunkod}' finns inte i tabellen.")
    if reg.empty:
        raise ParameterError(f"Jämförelseområdet '{region}' finns inte i tabellen.")
    if region_name is None:
        try:
            from .. import registry

            region_name = registry.get(region).namn
        except Exception:  # noqa: BLE001 - an unknown code (e.g. a kommungrupp) keeps its code as name
            region_name = str(region)
    keys = [k for k in (C.AR, C.BROTTSTYP) if k in df.columns]
    return compare_with_benchmark(own, reg, kind="rate", count=count, denominator=denominator, on=keys,
                                  multiplier=multiplier, benchmark_name=region_name)
