"""Change of a survey share between two survey rounds (e.g. 2022 -> 2025).

Uses the weighted shares with Kish effective sample sizes and statsmodels'
``test_proportions_2indep`` (score test of the difference, Miettinen & Nurminen 1985). The
interval is the set of differences that this same score test does not reject, found with
``scipy.optimize.brentq`` on the statsmodels p-value (statsmodels' own
``confint_proportions_2indep(method="score")`` raises for ordinary inputs such as 70/300 -> 49/290,
and when it works it is the same interval). A change is a significant ``Change.INCREASE`` /
``DECREASE`` exactly when p < 1 - confidence, which is exactly when the interval excludes 0.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import optimize as _opt
from statsmodels.stats.proportion import test_proportions_2indep

from .. import columns as C
from ..verdicts import Change
from .rates import check_columns, normalize_confidence

#: Verdict aliases (kept for existing code); the wording is in lagesbild_methods.text.
OKNING = Change.INCREASE
MINSKNING = Change.DECREASE
INGEN = Change.NO_CHANGE
EJ_BEDOMD = Change.NOT_ASSESSED



def _score_p(c2: float, n2: float, c1: float, n1: float, d: float) -> float:
    """Two-sided p-value of the score test of p2 - p1 = d (statsmodels); NaN where undefined."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            try:
                return float(test_proportions_2indep(c2, n2, c1, n1, value=d, method="score",
                                                     compare="diff").pvalue)
            except (ValueError, ZeroDivisionError, FloatingPointError):
                return float("nan")


def _limit(c1, n1, c2, n2, diff: float, edge: float, level: float) -> float:
    """The end of the interval between the estimate and ``edge`` (-1 or 1): where the score test's
    p-value falls to ``level``. Walks from the estimate towards the edge (through 0, so the interval
    and the test of "no change" always agree), then refines with ``brentq``. Points where the
    statsmodels p-value is undefined count as not rejected (the interval only gets wider)."""
    def f(d):
        for dd in (d, d + 1e-9, d - 1e-9):
            v = _score_p(c2, n2, c1, n1, dd)
            if np.isfinite(v):
                return v - level
        return 1.0 - level

    grid = diff + (edge - diff) * np.concatenate([np.linspace(0.02, 0.98, 49), 1 - 0.5 ** np.arange(6, 40)])
    if (0.0 - diff) * (edge - diff) > 0:
        grid = np.sort(np.append(grid, 0.0))[:: 1 if edge > diff else -1]
    prev = diff
    for d in grid:
        if f(d) < 0:
            return float(_opt.brentq(f, min(prev, d), max(prev, d), xtol=1e-12, rtol=1e-10))
        prev = d
    return float(edge)


def share_difference_test(c1: float, n1: float, c2: float, n2: float, confidence: float = 0.95
                          ) -> tuple[float, float, float, float]:
    """(difference p2 - p1, lower, upper, p-value): the score test and the interval that inverts it.

    With no difference and no variation (0 of n twice, or n of n twice) the p-value is 1."""
    diff = c2 / n2 - c1 / n1
    level = 1 - confidence
    p = _score_p(c2, n2, c1, n1, 0.0)
    if not np.isfinite(p):
        p = 1.0 if diff == 0 else 0.0
    lo = _limit(c1, n1, c2, n2, diff, -1.0, level)
    hi = _limit(c1, n1, c2, n2, diff, 1.0, level)
    return float(diff), float(min(lo, diff)), float(max(hi, diff)), float(p)


def compare_two_shares(shares: pd.DataFrame, period1, period2, *, period: str = C.AR,
                       by: tuple[str, ...] = (C.KOMMUNKOD, "fraga"), confidence: float = 0.95) -> pd.DataFrame:
    """Compare shares from :func:`~lagesbild_methods.stats.survey_shares` between two periods.

    Parameters
    ----------
    shares : DataFrame
        Output of ``survey_shares`` with ``varde`` (share) and ``namnare`` (effective n) per period.
    period1, period2 : values of ``period`` to compare (earlier, later).

    Returns
    -------
    DataFrame with per group (every group present in either period): ``varde_1, varde_2, n_1, n_2,
    skillnad`` (percentage points as a fraction), ``skillnad_nedre, skillnad_ovre, p_varde, forandring``
    (a ``Change`` verdict; ``NOT_ASSESSED`` with NaN values when a period is missing), ``konfidens``.
    """
    (conf,) = normalize_confidence(confidence)
    by = [b for b in by if b in shares.columns]
    check_columns(shares, [period, C.VARDE, C.NAMNARE], "andelstabellen")
    idx_cols = by or ["_alla"]
    s = shares.assign(_alla=0) if not by else shares
    a = s[s[period] == period1].drop_duplicates(idx_cols).set_index(idx_cols)
    b = s[s[period] == period2].drop_duplicates(idx_cols).set_index(idx_cols)
    keys = list(dict.fromkeys([*a.index.tolist(), *b.index.tolist()]))
    rows = []
    for key in keys:
        p1, n1 = (float(a.loc[key, C.VARDE]), float(a.loc[key, C.NAMNARE])) if key in a.index else (np.nan, np.nan)
        p2, n2 = (float(b.loc[key, C.VARDE]), float(b.loc[key, C.NAMNARE])) if key in b.index else (np.nan, np.nan)
        rec = dict(zip(by, key if isinstance(key, tuple) else (key,))) if by else {}
        rec.update(period_1=period1, period_2=period2, varde_1=p1, varde_2=p2, n_1=n1, n_2=n2,
                   skillnad=p2 - p1, konfidens=conf)
        valid = (np.isfinite([p1, p2, n1, n2]).all() and n1 > 0 and n2 > 0 and 0 <= p1 <= 1 and 0 <= p2 <= 1)
        if not valid:
            rec.update(skillnad_nedre=np.nan, skillnad_ovre=np.nan, p_varde=np.nan, forandring=EJ_BEDOMD)
        else:
            # effective counts (weighted share x effective n), as in survey_shares' Wilson interval
            diff, lo, hi, pval = share_difference_test(p1 * n1, n1, p2 * n2, n2, conf)
            label = INGEN if pval >= 1 - conf else (OKNING if p2 > p1 else MINSKNING)
            rec.update(skillnad_nedre=lo, skillnad_ovre=hi, p_varde=pval, forandring=label)
        rows.append(rec)
    cols = [*by, "period_1", "period_2", "varde_1", "varde_2", "n_1", "n_2", "skillnad", "konfidens",
            "skillnad_nedre", "skillnad_ovre", "p_varde", "forandring"]
    return pd.DataFrame(rows, columns=cols)


__all__ = ["EJ_BEDOMD", "INGEN", "MINSKNING", "OKNING", "compare_two_shares", "share_difference_test"]
