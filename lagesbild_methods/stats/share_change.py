"""Change of a survey share between two survey rounds (e.g. 2022 -> 2025).

Uses the weighted shares with Kish effective sample sizes, and statsmodels'
``test_proportions_2indep`` / ``confint_proportions_2indep`` (score method, Miettinen-Nurminen
interval for the difference). A change is a significant ``Change.INCREASE``/``DECREASE`` only when the two-sided test
rejects at the chosen level (the score interval and test agree by construction).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

from .. import columns as C
from ..verdicts import Change

#: Verdict aliases (kept for existing code); the wording is in lagesbild_methods.text.
OKNING = Change.INCREASE
MINSKNING = Change.DECREASE
INGEN = Change.NO_CHANGE
EJ_BEDOMD = Change.NOT_ASSESSED


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
    DataFrame with per group: ``varde_1, varde_2, n_1, n_2, skillnad`` (percentage points as a
    fraction), ``skillnad_nedre, skillnad_ovre, p_varde, forandring`` (a ``Change`` verdict), ``konfidens``.
    """
    by = [b for b in by if b in shares.columns]
    a = shares[shares[period] == period1].set_index(by)
    b = shares[shares[period] == period2].set_index(by)
    idx = a.index.intersection(b.index)
    rows = []
    alpha = 1 - confidence
    for key in idx:
        p1, n1 = float(a.loc[key, C.VARDE]), float(a.loc[key, C.NAMNARE])
        p2, n2 = float(b.loc[key, C.VARDE]), float(b.loc[key, C.NAMNARE])
        rec = dict(zip(by, key if isinstance(key, tuple) else (key,)))
        rec.update(period_1=period1, period_2=period2, varde_1=p1, varde_2=p2, n_1=n1, n_2=n2,
                   skillnad=p2 - p1, konfidens=confidence)
        if not (np.isfinite([p1, p2, n1, n2]).all() and n1 > 0 and n2 > 0):
            rec.update(skillnad_nedre=np.nan, skillnad_ovre=np.nan, p_varde=np.nan, forandring=EJ_BEDOMD)
        else:
            # effective counts (weighted share x effective n), as in survey_shares' Wilson interval
            c1, c2 = p1 * n1, p2 * n2
            res = test_proportions_2indep(c2, n2, c1, n1, method="score", compare="diff")
            lo, hi = confint_proportions_2indep(c2, n2, c1, n1, method="score", compare="diff", alpha=alpha)
            pval = float(res.pvalue)
            label = INGEN if pval >= alpha else (OKNING if p2 > p1 else MINSKNING)
            rec.update(skillnad_nedre=float(lo), skillnad_ovre=float(hi), p_varde=pval, forandring=label)
        rows.append(rec)
    return pd.DataFrame(rows)
