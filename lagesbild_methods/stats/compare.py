"""Comparison of a municipality's rate or share with a benchmark (county, country, kommungrupp).

Two methods:

* ``method="midp"`` (the reports; :mod:`.compare_midp`): one test at one level that allows for the
  extra variation between years. A kommun is compared with the *rest* of a region it belongs to
  (the conditional mid-p test of :mod:`.ratetest`, the same test the funnel plot draws), or with a
  fixed value by a negative-binomial mid-p test. One comparison, one verdict.
* ``method="phe"`` (default; PHEindicatormethods ``assign_funnel_significance``, Fingertips
  "compared with benchmark"): the benchmark value is treated as fixed; the area is *significantly
  higher* when the lower confidence limit of its own estimate lies above the benchmark,
  *significantly lower* when the upper limit lies below it; 99.8 % is checked before 95 %. Rates use
  the exact Poisson / Byar interval, shares the Wilson interval. When the kommun is part of the
  benchmark this is conservative, and the benchmark's own variation is ignored.

Verdicts are :class:`lagesbild_methods.verdicts.Comparison` members (column ``skillnad``); the
level at which a difference holds is the separate column ``skillnad_niva`` (NaN when there is none).
The Swedish wording lives in :mod:`lagesbild_methods.text`. A frame benchmark built from counts uses
only complete groups (a missing count or population leaves the benchmark missing).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import columns as C
from ..errors import ParameterError
from .benchmark_base import (  # noqa: F401 - re-exported: the public names of this module
    HOGRE_998, HOGRE_95, LAGRE_998, LAGRE_95, INGEN_SKILLNAD, EJ_BEDOMD, LABELS, HIGHER, LOWER, JAMFORELSEVARDE,
    JAMFORELSE, SKILLNAD, NIVA, significance_labels, significance_levels, significance, verdicts_from_conditions, _benchmark_totals, join_keys, _scalar_benchmark,
)
from .proportions import proportions
from .rates import check_columns, rates

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
                           small_number: int | None = None, method: str = "phe", confidence: float = 0.95,
                           extra_variation=0.0, benchmark_extra_variation=0.0, contains: bool = False
                           ) -> pd.DataFrame:
    """Compare each row's rate (or share) with a benchmark.

    Parameters
    ----------
    df : DataFrame
        Rows with a count and a denominator (e.g. one kommun's crimes joined to population).
    benchmark : float or DataFrame
        A fixed value on the scale of the estimate (per ``multiplier``), or a frame with the
        ``on`` columns and either ``varde`` or the ``count``/``denominator`` columns (then the
        benchmark is sum(count)/sum(denominator) x multiplier per ``on`` group; a group with a
        missing count or denominator in any row has no benchmark).
    kind : {"rate", "proportion"}
        Poisson rate (exact/Byar limits) or proportion (Wilson limits).
    on : sequence of str
        Join keys for a frame benchmark (default ``["ar", "brottstyp"]`` where present).
    multiplier : float
        Default 100 000 for rates, 1 for proportions.
    method : {"phe", "midp"}
        ``"phe"`` (default): the area's confidence interval against the benchmark taken as fixed,
        at 99.8 % and 95 % (PHEindicatormethods). ``"midp"`` (rates; the method of the reports):
        one test at one level (``confidence``) that allows for extra variation between years:
        against a fixed value the count is negative binomial (mid-p tails); against a benchmark
        frame with counts the area is compared with the *rest* of the benchmark when
        ``contains=True`` (a kommun and its county: "different from the county" is "different
        from the rest of the county") or with the whole benchmark otherwise, by the conditional
        mid-p test of :func:`~lagesbild_methods.stats.ratetest.two_rate_test`, the test of the
        funnel plot.
    extra_variation, benchmark_extra_variation : float, "auto" or DataFrame
        NB2 alpha of the area's and the benchmark's yearly counts (``method="midp"``); a frame from
        :func:`~lagesbild_methods.stats.dispersion.estimate_extra_variation` is looked up per row,
        "auto" estimates from ``df`` (use the full multi-year frame for that).

    Returns
    -------
    DataFrame
        ``df`` with the estimate, ``jamforelsevarde``, ``jamforelse`` (the benchmark's name),
        ``skillnad`` (a ``Comparison`` verdict) and ``skillnad_niva`` (the level at which the
        difference holds, NaN when there is none). ``"phe"``: limits at both levels
        (``nedre_95 ... ovre_99_8``). ``"midp"``: ``nedre``/``ovre`` (the rate's mid-p interval
        with the extra variation), ``p_varde``, ``kvot`` with ``kvot_nedre``/``kvot_ovre`` (the
        area's rate over the benchmark's or the rest's, the interval of the same test),
        ``overspridning`` and ``konfidens``.
    """
    if multiplier is None:
        multiplier = 100_000 if kind == "rate" else 1
    if method not in ("phe", "midp"):
        raise ParameterError(f"Okänd jämförelsemetod '{method}'. Använd 'phe' eller 'midp'.")
    if method == "midp":
        if kind != "rate":
            raise ParameterError("Metoden 'midp' gäller antal per invånare (kind='rate').")
        from .compare_midp import compare_midp

        return compare_midp(df, benchmark, count=count, denominator=denominator, on=on, multiplier=multiplier,
                            benchmark_name=benchmark_name, small_number=small_number, confidence=confidence,
                            extra_variation=extra_variation, benchmark_extra_variation=benchmark_extra_variation,
                            contains=contains)
    est = _estimate(df, kind, count, denominator, multiplier, small_number)
    if isinstance(benchmark, pd.DataFrame):
        keys = join_keys(df, benchmark, on)
        if C.VARDE in benchmark.columns:
            bench = benchmark[keys + [C.VARDE]].rename(columns={C.VARDE: JAMFORELSEVARDE})
        else:
            g = _benchmark_totals(benchmark, keys, count, denominator)
            with np.errstate(invalid="ignore", divide="ignore"):
                g[JAMFORELSEVARDE] = g["_o"] / g["_e"] * multiplier
            bench = g[keys + [JAMFORELSEVARDE]]
        if bench.duplicated(keys).any():
            raise ParameterError("Jämförelsetabellen har flera värden för samma " + ", ".join(keys) + ".")
        est = est.merge(bench, on=keys, how="left")
    else:
        est[JAMFORELSEVARDE] = _scalar_benchmark(benchmark)
    est[JAMFORELSE] = benchmark_name
    est[SKILLNAD], est[NIVA] = significance(est[f"{C.NEDRE}_95"], est[f"{C.OVRE}_95"], est[f"{C.NEDRE}_99_8"],
                                            est[f"{C.OVRE}_99_8"], est[JAMFORELSEVARDE])
    return est


def region_contains(region: str, kommunkod: str) -> bool:
    """Whether a kommun's counts are part of a region's: the country, its county, its own kommungrupp."""
    region, kommunkod = str(region), str(kommunkod)
    if region == C.RIKET or (len(region) == 2 and kommunkod.startswith(region)):
        return True
    if region.startswith(C.KOMMUNGRUPP_PREFIX):
        from .. import registry

        try:
            return registry.kommungrupp_code(kommunkod) == region
        except Exception:  # noqa: BLE001 - an unknown kommun: not known to be part of the group
            return False
    return False


def compare_with_region(df: pd.DataFrame, kommunkod: str, region: str = C.RIKET, *, count: str = C.ANTAL,
                        denominator: str = C.FOLKMANGD, multiplier: float = 100_000,
                        region_name: str | None = None, method: str = "phe", confidence: float = 0.95,
                        extra_variation="auto") -> pd.DataFrame:
    """Rates of one kommun compared with a region in the same frame (county '03', country '00', 'KG-B4').

    ``df`` holds crime counts joined to population (:func:`~lagesbild_methods.stats.rates.join_population`)
    for the kommun and the region; the benchmark is the region's rate for the same year and
    crime type. With ``method="midp"`` the kommun is compared with the rest of the region when it
    is part of it (:func:`region_contains`), allowing for the extra variation of both
    (``extra_variation``: a frame from ``estimate_extra_variation`` with both series, a number, or
    "auto" = estimated from ``df``, which should then hold several years).
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
    if method != "midp":
        return compare_with_benchmark(own, reg, kind="rate", count=count, denominator=denominator, on=keys,
                                      multiplier=multiplier, benchmark_name=region_name, method=method)
    from . import dispersion as D

    series = [k for k in (C.KOMMUNKOD, C.BROTTSTYP) if k in df.columns]
    alphas = D.resolve(df, extra_variation, by=series, count=count, denominator=denominator)
    cat = C.BROTTSTYP in df.columns

    def alpha_of(code, frame):
        return [alphas({C.KOMMUNKOD: code, **({C.BROTTSTYP: b} if cat else {})})[0]
                for b in (frame[C.BROTTSTYP] if cat else [None] * len(frame))]

    own_alpha = pd.Series(alpha_of(kommunkod, own), index=own.index)
    reg_alpha = reg[keys].assign(**{"_alpha": alpha_of(region, reg)})
    return compare_with_benchmark(own, reg, kind="rate", count=count, denominator=denominator, on=keys,
                                  multiplier=multiplier, benchmark_name=region_name, method="midp",
                                  confidence=confidence, extra_variation=own_alpha,
                                  benchmark_extra_variation=reg_alpha, contains=region_contains(region, kommunkod))
