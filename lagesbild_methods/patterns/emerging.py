"""New and growing places for the weekly picture (step 5): which places had more incidents in the last
weeks than their own earlier rate predicts.

For every place, ``recent`` = incidents in the last ``recent_days`` days up to ``end`` and ``baseline`` =
incidents in the ``baseline_days`` days before that. Under "no change" the recent count given the total is
binomial with p = recent_days / (recent_days + baseline_days) (the exact conditional test of two Poisson
rates, statsmodels ``test_poisson_2indep(method="exact-cond")``), tested one-sided (more than expected).
Many places are tested at once, so the p-values are adjusted with Benjamini-Hochberg (``multipletests``)
and a place is *growing* only when the adjusted value is below ``alpha``. A place is *new* when it had no
incident in the baseline window and at least ``min_new`` in the recent window (with a year of baseline and
four recent weeks, a place with a steady rate of one incident a year has a chance of about 1 in 1 400 to
reach three); new places are not tested further.

The exact test assumes Poisson counts; places with bursts (overdispersion) make it too eager, so the weekly
picture calls a flagged place a signal to look at, never an established increase.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import columns as C
from ..errors import ParameterError
from .timing import check_incidents, local_minutes

NEW, GROWING = "ny", "okande"  # values of column ``typ``


def emerging_places(incidents: pd.DataFrame, end, *, recent_days: int = 28, baseline_days: int = 364,
                    by: str = C.PLATS, alpha: float = 0.05, min_new: int = 3, min_recent: int = 3) -> pd.DataFrame:
    """New and growing places (see the module docstring).

    Returns one row per flagged place, most recent incidents first: ``by``, ``omrade`` (the most common area
    of the place's incidents), ``senaste`` (recent count), ``tidigare`` (baseline count), ``forvantat``
    (recent count expected from the baseline rate), ``kvot`` (recent rate / baseline rate, inf for a new
    place), ``p_varde``, ``q_varde`` (BH-adjusted) and ``typ`` (:data:`NEW` or :data:`GROWING`).
    ``attrs``: ``provade`` (places tested), ``fran``/``till`` (the recent window), ``baslinje_fran``.
    """
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.rates import test_poisson_2indep

    check_incidents(incidents, (C.TIDPUNKT, by))
    if recent_days < 1 or baseline_days < 1:
        raise ParameterError("Perioderna måste vara minst en dag.")
    end = pd.Timestamp(end).normalize()
    r0 = end - pd.Timedelta(days=recent_days - 1)
    b0 = r0 - pd.Timedelta(days=baseline_days)
    day = pd.to_datetime(local_minutes(incidents[C.TIDPUNKT]) // 1440, unit="D")
    d = incidents.assign(_dag=np.asarray(day))
    d = d[d[by].notna() & (d["_dag"] >= b0) & (d["_dag"] <= end)]
    d = d.assign(_senaste=d["_dag"] >= r0)
    g = d.groupby(by)
    recent = g["_senaste"].sum().astype(int)
    counts = pd.DataFrame({"senaste": recent, "tidigare": g.size().astype(int) - recent})
    if C.OMRADE in d.columns:
        counts[C.OMRADE] = g[C.OMRADE].agg(lambda s: s.mode().iloc[0] if s.notna().any() else None)
    else:
        counts[C.OMRADE] = None
    counts["forvantat"] = counts["tidigare"] * recent_days / baseline_days
    with np.errstate(divide="ignore", invalid="ignore"):
        counts["kvot"] = (counts["senaste"] / recent_days) / (counts["tidigare"] / baseline_days)
    new = (counts["tidigare"] == 0) & (counts["senaste"] >= min_new)
    test = (counts["tidigare"] > 0) & (counts["senaste"] >= min_recent)
    counts["p_varde"] = np.nan
    counts["q_varde"] = np.nan
    if test.any():
        p = [test_poisson_2indep(int(x1), recent_days, int(x0), baseline_days, method="exact-cond",
                                 alternative="larger").pvalue for x1, x0 in
             zip(counts.loc[test, "senaste"], counts.loc[test, "tidigare"])]
        counts.loc[test, "p_varde"] = p
    tested = counts["tidigare"] > 0
    if tested.any():  # every place with a baseline is a hypothesis, even if too small to reach min_recent
        pv = counts.loc[tested, "p_varde"].fillna(1.0).to_numpy()
        counts.loc[tested, "q_varde"] = multipletests(pv, method="fdr_bh")[1]
    growing = test & (counts["q_varde"] < alpha)
    counts["typ"] = np.where(new, NEW, np.where(growing, GROWING, ""))
    out = counts[new | growing].reset_index().sort_values(["senaste", "kvot"], ascending=False)
    out = out[[by, C.OMRADE, "senaste", "tidigare", "forvantat", "kvot", "p_varde", "q_varde", "typ"]]
    out = out.reset_index(drop=True)
    out.attrs.update(provade=int(tested.sum() + new.sum()), fran=r0, till=end, baslinje_fran=b0,
                     dagar=recent_days, baslinje_dagar=baseline_days)
    return out
