"""Change of a rate between two periods (year on year, or pooled years against pooled years).

Methods: the conditional test of the two counts given their sum with the interval that inverts
the same test (:mod:`.ratetest`): ``"exact-cond"`` (default; exact central tails, the
Clopper-Pearson interval when there is no extra variation) and ``"cond-midp"`` (mid-p tails, the
method of the reports, :data:`REPORT_METHOD`: exact tests of counts call 2 % instead of 5 % of
flat series changed at 5 events a year, mid-p stays near 5 %). With extra variation between years
(:mod:`.dispersion`) the conditional distribution is beta-binomial instead of binomial, so ordinary
year-to-year swings are not called "säkerställd". ``"score"`` is statsmodels' test/interval pair
(``test_poisson_2indep`` with ``confint_poisson_2indep``), Poisson only. statsmodels' other methods
were offered before and are removed: "sqrt" and "etest" have no interval here, "wald-log" divides
by zero on a zero count, "score-log" disagrees with its interval. A change is significant exactly when p < 1 -
confidence, which is exactly when the interval of the ratio excludes 1.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

from .. import columns as C
from ..errors import ParameterError
from ..verdicts import Change
from . import dispersion as D
from .ratetest import two_rate_test
from .rates import SMALL_NUMBER_THRESHOLD, _as_float, check_columns, normalize_confidence, validate_counts

FORANDRING = "forandring"  # verdict column (Change)

#: Methods and the text of the ``metod`` column.
METHODS = {
    "exact-cond": "Exakt villkorat test",
    "cond-midp": "Villkorat mid-p-test",
    "score": "Scoretest",
}
_CONDITIONAL = ("cond-midp", "exact-cond")
#: The method behind every change and comparison verdict in the reports.
REPORT_METHOD = "cond-midp"
_EXTRA_TEXT = " med extra variation mellan år (negativ binomial)"


def _verdict(p: float, estimate: float, level: float) -> Change:
    if not np.isfinite(p):
        return Change.NOT_ASSESSED
    if p < 1 - level:
        return Change.INCREASE if estimate > 1 else Change.DECREASE
    return Change.NO_CHANGE


def compare_two_rates(count1, exposure1, count2, exposure2, *, method: str = "exact-cond",
                      confidence: float = 0.95, multiplier: float = 100_000, extra_variation=0.0) -> dict:
    """Compare rate 2 (later period) with rate 1 (earlier period).

    Parameters
    ----------
    count1, exposure1, count2, exposure2 : numbers
        Events and person-years of each period. NaN (missing) gives a ``NOT_ASSESSED`` verdict.
    method : {"exact-cond", "cond-midp", "score"}
    extra_variation : float or (float, float)
        NB2 alpha of each period's count (see :mod:`.dispersion`); 0 = Poisson. For a period of
        k pooled years pass alpha/k.

    Returns
    -------
    dict
        ``varde_1``, ``varde_2`` (per multiplier), ``kvot`` (rate ratio 2/1; NaN when both counts
        are 0, inf when only the first is), ``kvot_nedre``, ``kvot_ovre``, ``p_varde`` (two-sided),
        ``forandring`` (a :class:`~lagesbild_methods.verdicts.Change`), ``metod``, ``konfidens``,
        ``overspridning_1``, ``overspridning_2``.
    """
    if method not in METHODS:
        raise ParameterError(f"Okänd testmetod '{method}'. Välj bland: {', '.join(METHODS)}.")
    (conf,) = normalize_confidence(confidence)
    a1, a2 = (extra_variation if isinstance(extra_variation, (tuple, list)) else (extra_variation,) * 2)
    a1, a2 = float(a1), float(a2)
    if not (a1 >= 0 and a2 >= 0):
        raise ParameterError("Den extra variationen (overspridning) måste vara ett tal större än eller lika med 0.")
    if method not in _CONDITIONAL and (a1 > 0 or a2 > 0):
        raise ParameterError(f"Metoden '{method}' tar inte hänsyn till variation mellan år. Använd 'cond-midp' "
                             "eller 'exact-cond', eller ange extra_variation=0.")
    o1, e1, o2, e2 = (float(v) if v is not None else np.nan for v in (count1, exposure1, count2, exposure2))
    validate_counts(np.array([o1, o2]), np.array([e1, e2]), C.ANTAL, C.NAMNARE, allow_count_above_denominator=True,
                    index=["period 1", "period 2"])
    name = METHODS[method] + (_EXTRA_TEXT if (a1 > 0 or a2 > 0) else "")
    with np.errstate(invalid="ignore", divide="ignore"):
        res = {"varde_1": o1 / e1 * multiplier, "varde_2": o2 / e2 * multiplier, "kvot": np.nan,
               "kvot_nedre": np.nan, "kvot_ovre": np.nan, "p_varde": np.nan, FORANDRING: Change.NOT_ASSESSED,
               "metod": name, C.KONFIDENS: conf, "overspridning_1": a1, "overspridning_2": a2}
    if any(np.isnan(v) for v in (o1, e1, o2, e2)):
        return res
    if method in _CONDITIONAL:
        if not (o1.is_integer() and o2.is_integer()):
            raise ParameterError("Det villkorade testet kräver heltal som antal.")
        t = two_rate_test(int(o1), e1, int(o2), e2, alpha1=a1, alpha2=a2, confidence=conf,
                          midp=method == "cond-midp")
        est, lo, hi, p = t.estimate, t.lower, t.upper, t.pvalue
    elif o1 + o2 == 0:
        est, lo, hi, p = np.nan, 0.0, math.inf, 1.0
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = float(test_poisson_2indep(o2, e2, o1, e1, method=method, compare="ratio").pvalue)
            lo, hi = (float(v) for v in confint_poisson_2indep(o2, e2, o1, e1, method=method, compare="ratio",
                                                                alpha=1 - conf))
        est = (o2 / e2) / (o1 / e1) if o1 > 0 else math.inf
        if o2 == 0:
            lo = 0.0
        if o1 == 0 or not np.isfinite(hi):
            hi = math.inf
    res.update(kvot=float(est), kvot_nedre=float(lo), kvot_ovre=float(hi), p_varde=float(p),
               **{FORANDRING: _verdict(p, est, conf)})
    return res


def _period(values) -> list[int]:
    vals = [values] if np.isscalar(values) else list(values)
    return sorted(int(v) for v in vals)


def _period_text(years: list[int]) -> str:
    if len(years) == 1:
        return str(years[0])
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}\u2013{years[-1]}"
    return ", ".join(map(str, years))


def change_between_periods(df: pd.DataFrame, period1, period2, *, by: Sequence[str] = (C.KOMMUNKOD, C.BROTTSTYP),
                           count: str = C.ANTAL, denominator: str = C.FOLKMANGD, method: str = "exact-cond",
                           confidence: float = 0.95, multiplier: float = 100_000,
                           small_number: int = SMALL_NUMBER_THRESHOLD, extra_variation="auto") -> pd.DataFrame:
    """Year-on-year or period-on-period change of rates, per group.

    ``period1`` and ``period2`` are a year or a list of years (pooled: counts and person-years
    are summed). A period with a missing year, count or population gives NaN values and the
    verdict ``NOT_ASSESSED`` for that group (never a rate over fewer years than asked for).

    ``extra_variation``: ``"auto"`` (default) estimates the year-to-year extra variation from all
    years and groups in ``df`` (:func:`~lagesbild_methods.stats.dispersion.estimate_extra_variation`);
    a number uses that alpha for every group (0 = Poisson); a frame from
    ``estimate_extra_variation`` is looked up per group. A pooled period of k years gets alpha/k.

    Returns one row per group with ``period_1``, ``period_2`` (text), ``antal_1``,
    ``namnare_1``, ``varde_1`` (average annual rate), the same for period 2, ``kvot`` (rate
    ratio 2/1) with ``kvot_nedre``/``kvot_ovre``, ``forandring_pct`` with ``forandring_nedre_pct``
    and ``forandring_ovre_pct``, ``p_varde``, ``forandring`` (a ``Change`` verdict), ``metod``,
    ``konfidens``, ``litet_antal`` (either count below ``small_number``), ``overspridning``
    (alpha per year) and ``overspridning_kalla``.
    """
    by = [b for b in by if b in df.columns]
    check_columns(df, [*by, C.AR, count, denominator])
    p1, p2 = _period(period1), _period(period2)
    if set(p1) & set(p2):
        raise ParameterError("Perioderna som jämförs får inte innehålla samma år.")
    d = df[[*by, C.AR, count, denominator]].copy()
    d[C.AR] = pd.to_numeric(d[C.AR])
    d[count], d[denominator] = _as_float(d[count], count), _as_float(d[denominator], denominator)
    validate_counts(d[count].to_numpy(), d[denominator].to_numpy(), count, denominator,
                    allow_count_above_denominator=True, index=range(1, len(d) + 1))
    alphas = D.resolve(df, extra_variation, by=by, count=count, denominator=denominator)

    def pooled(years):
        sub = d[d[C.AR].isin(years)].assign(_ok=lambda x: x[count].notna() & x[denominator].notna())
        g = sub.groupby(by, dropna=False) if by else sub.groupby(np.zeros(len(sub), dtype=int))
        agg = pd.DataFrame({"o": g[count].sum(), "e": g[denominator].sum(), "ok": g["_ok"].sum(),
                            "k": g[C.AR].nunique()})
        agg.loc[(agg["k"] < len(years)) | (agg["ok"] < agg["k"]), ["o", "e"]] = np.nan
        return agg[["o", "e"]]

    a, b = pooled(p1), pooled(p2)
    both = a.add_suffix("1").join(b.add_suffix("2"), how="outer")
    rows = []
    for key, r in both.iterrows():
        keys = dict(zip(by, key if isinstance(key, tuple) else (key,))) if by else {}
        alpha, source = alphas(keys)
        res = compare_two_rates(r["o1"], r["e1"], r["o2"], r["e2"], method=method, confidence=confidence,
                                multiplier=multiplier,
                                extra_variation=(0.0, 0.0) if method not in _CONDITIONAL
                                else (alpha / len(p1), alpha / len(p2)))
        row = dict(keys)
        row.update({"period_1": _period_text(p1), "period_2": _period_text(p2), "antal_1": r["o1"],
                    "namnare_1": r["e1"], "antal_2": r["o2"], "namnare_2": r["e2"]})
        row.update(res)
        row.update({D.OVERSPRIDNING: alpha if method in _CONDITIONAL else 0.0,
                    D.KALLA: source if method in _CONDITIONAL else "none"})
        rows.append(row)
    first = [*by, "period_1", "period_2", "antal_1", "namnare_1", "varde_1", "antal_2", "namnare_2", "varde_2",
             "kvot", "kvot_nedre", "kvot_ovre", "forandring_pct", "forandring_nedre_pct", "forandring_ovre_pct",
             "p_varde", FORANDRING, "metod", C.KONFIDENS, C.LITET_ANTAL, D.OVERSPRIDNING, D.KALLA]
    if not rows:
        return pd.DataFrame(columns=first)
    out = pd.DataFrame(rows)
    out["forandring_pct"] = (out["kvot"] - 1) * 100
    out["forandring_nedre_pct"] = (out["kvot_nedre"] - 1) * 100
    out["forandring_ovre_pct"] = (out["kvot_ovre"] - 1) * 100
    with np.errstate(invalid="ignore"):
        small = (out["antal_1"] < small_number) | (out["antal_2"] < small_number)
    out[C.LITET_ANTAL] = pd.array(small, dtype="boolean")
    return out[first]
