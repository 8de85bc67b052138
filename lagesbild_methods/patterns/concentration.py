"""How concentrated are incidents? Top 5 %/10 % shares, Lorenz curve and the generalised Gini.

Generalised Gini (Bernasco & Steenbeek 2017, "More places than crimes: implications for evaluating
the law of crime concentration at place", J Quant Criminol 33:451, doi:10.1007/s10940-016-9324-7;
R package ``lorenzgini`` v0.1.2). With N units, C events and x sorted ascending (i = 1..N):

* G = 2 sum(i x_i)/(N C) - 1 - 1/N; unbiased G * N/(N - 1);
* generalised G' = max(1, N/C) (G - 1) + 1 -- compares with *maximal equality given C events*
  (when there are fewer events than places, C of them can at best hold one each);
* generalised unbiased G' m/(m - 1), m = min(N, C) (the package default).

Always report N and C with the Gini. Units with zero incidents must be included: for a grid use
all cells; for named places only places with at least one incident are known (pass
``all_units`` to add the others), so the place Gini understates concentration.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import ParameterError


def _counts(counts) -> np.ndarray:
    x = np.asarray(counts, dtype=float)
    if x.ndim != 1 or len(x) == 0:
        raise ParameterError("Ange minst en enhet (plats eller ruta) med antal händelser.")
    if np.isnan(x).any() or (x < 0).any():
        raise ParameterError("Antal händelser per enhet måste vara icke-negativa tal utan luckor.")
    return x


def gini(counts, *, generalized: bool = True, unbiased: bool = True) -> float:
    """Gini coefficient of counts per unit (Bernasco & Steenbeek generalised Gini by default).

    Returns NaN for no events, or for the unbiased versions when N (or min(N, C)) is 1.
    """
    x = np.sort(_counts(counts))
    n, c = len(x), x.sum()
    if c <= 0:
        return float("nan")
    g = 2 * np.sum(np.arange(1, n + 1) * x) / (n * c) - 1 - 1 / n
    if generalized:
        g = max(1.0, n / c) * (g - 1) + 1
        if unbiased:
            m = min(n, c)
            g = g * m / (m - 1) if m > 1 else float("nan")
    elif unbiased:
        g = g * n / (n - 1) if n > 1 else float("nan")
    return float(g)


def gini_ci(counts, *, confidence: float = 0.95, n_resamples: int = 999, seed: int = 347,
            generalized: bool = True, unbiased: bool = True) -> tuple[float, float]:
    """BCa bootstrap confidence interval of the Gini over units (as lorenzgini ``conf.level``).

    Uses :func:`scipy.stats.bootstrap` with a seeded generator; resamples units with replacement.
    """
    x = _counts(counts)
    res = stats.bootstrap((x,), lambda v, axis=-1: np.apply_along_axis(
        lambda a: gini(a, generalized=generalized, unbiased=unbiased), axis, v),
        confidence_level=confidence, n_resamples=n_resamples, method="BCa",
        rng=np.random.default_rng(seed), vectorized=True)
    return float(res.confidence_interval.low), float(res.confidence_interval.high)


def top_share(counts, share: float) -> float:
    """Share of all events in the top ``share`` of units (ceil(share * N) units, at least 1)."""
    x = np.sort(_counts(counts))[::-1]
    c = x.sum()
    if c <= 0:
        return float("nan")
    k = max(1, math.ceil(share * len(x) - 1e-9))
    return float(x[:k].sum() / c)


def units_for_share(counts, share: float = 0.5) -> float:
    """Smallest share of units that together hold at least ``share`` of all events."""
    x = np.sort(_counts(counts))[::-1]
    c = x.sum()
    if c <= 0:
        return float("nan")
    k = int(np.searchsorted(np.cumsum(x), share * c - 1e-9) + 1)
    return k / len(x)


def lorenz_curve(counts) -> pd.DataFrame:
    """Lorenz curve points (units sorted from most to fewest events, "top first" as in crime research).

    Returns ``andel_enheter`` (0..1), ``andel_handelser`` (0..1) and ``maximal_jamlikhet``: the
    curve of maximal equality given C events (C < N: the C units with one event each), the
    reference line of the generalised Gini.
    """
    x = np.sort(_counts(counts))[::-1]
    n, c = len(x), x.sum()
    units = np.arange(0, n + 1) / n
    cum = np.concatenate([[0.0], np.cumsum(x)]) / c if c > 0 else np.full(n + 1, np.nan)
    eq = np.minimum(np.arange(0, n + 1) * max(1.0, c / n) if c >= n else np.minimum(np.arange(0, n + 1), c),
                    c) / c if c > 0 else np.full(n + 1, np.nan)
    return pd.DataFrame({"andel_enheter": units, "andel_handelser": cum, "maximal_jamlikhet": eq})


def concentration_summary(counts, *, unit: str = "platser") -> dict:
    """Key numbers for the report: N, C, top 5 % and 10 % shares, share of units for 50 %, Ginis.

    Returns a dict with ``enheter`` (N), ``handelser`` (C), ``enhet`` (Swedish plural, e.g.
    "platser", "rutor"), ``andel_enheter_med_handelser``, ``topp5``, ``topp10``,
    ``andel_enheter_for_halften``, ``gini`` (standard, biased), ``gini_generaliserad`` (generalised,
    unbiased) and ``fler_enheter_an_handelser`` (bool; then only the generalised Gini is fair).
    """
    x = _counts(counts)
    n, c = len(x), float(x.sum())
    return {"enheter": n, "handelser": int(round(c)), "enhet": unit,
            "andel_enheter_med_handelser": float((x > 0).mean()),
            "topp5": top_share(x, 0.05), "topp10": top_share(x, 0.10),
            "andel_enheter_for_halften": units_for_share(x, 0.5),
            "gini": gini(x, generalized=False, unbiased=False),
            "gini_generaliserad": gini(x, generalized=True, unbiased=True),
            "fler_enheter_an_handelser": bool(n > c)}


def counts_per_unit(incidents: pd.DataFrame, by: str, *, all_units=None) -> pd.Series:
    """Counts per value of column ``by``, with zero for every name in ``all_units`` that has none."""
    if by not in incidents.columns:
        raise ParameterError(f"Händelsedata saknar kolumnen '{by}'.")
    s = incidents[by].dropna().value_counts()
    if all_units is not None:
        s = s.reindex(pd.Index(list(dict.fromkeys(list(all_units) + list(s.index)))), fill_value=0)
    return s
