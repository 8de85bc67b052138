"""Proportions (survey shares) with Wilson score intervals, unweighted and weighted.

* Wilson score interval (Wilson 1927) via ``statsmodels.stats.proportion.proportion_confint``,
  as in PHEindicatormethods ``phe_proportion``.
* Weighted shares: the Wilson interval on the Kish effective sample size
  n_eff = (sum w)^2 / sum w^2 (Kish 1965), i.e. x = p_w * n_eff, n = n_eff. This is the
  usual design-effect-adjusted Wilson interval for weighted survey data.

Every share is returned with its n (``namnare``, and ``n_svarande`` for survey tables).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from .. import columns as C
from ..errors import ParameterError
from .rates import (_as_float, check_columns, confidence_label, limit_columns, normalize_confidence,
                    validate_counts)

METOD_WILSON = "Wilson"
METOD_WILSON_KISH = "Wilson (effektivt n, Kish)"
#: Number of (unweighted) respondents behind a survey share.
N_SVARANDE = "n_svarande"
#: Shares resting on fewer respondents than this are flagged in ``litet_antal``.
SMALL_N_THRESHOLD = 30


def wilson_limits(count, n, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score limits for count/n (count may be non-integer), vectorised.

    Uses statsmodels ``proportion_confint(method="wilson")``; at confidence 1 the limits are
    0 and 1 (as in PHEindicatormethods). NaN in gives NaN out.
    """
    x = np.asarray(count, dtype=float)
    nn = np.asarray(n, dtype=float)
    if confidence >= 1:
        nan = np.isnan(x) | np.isnan(nn)
        return np.where(nan, np.nan, 0.0), np.where(nan, np.nan, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        lo, hi = proportion_confint(x, nn, alpha=1 - confidence, method="wilson")
    return np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)


def proportions(df: pd.DataFrame, count: str = C.ANTAL, n: str = C.NAMNARE, *, confidence=0.95,
                multiplier: float = 1, small_n: int = SMALL_N_THRESHOLD) -> pd.DataFrame:
    """Proportions count/n with Wilson score confidence intervals.

    Parameters
    ----------
    df : DataFrame
        One row per share; other columns are kept.
    count, n : str
        Columns with the numerator (may be non-integer, e.g. weighted) and the denominator.
    confidence : float or sequence
        0.95 or 95; ``(0.95, 0.998)`` for two levels at once.
    multiplier : float
        1 for a share 0-1, 100 for percent.
    small_n : int
        Denominators below this are flagged in ``litet_antal``.

    Returns
    -------
    DataFrame
        Copy of ``df`` with ``varde``, limits, ``konfidens``, ``metod`` ("Wilson"),
        ``litet_antal`` and ``namnare`` (= n).

    Raises
    ------
    ParameterError
        Negative counts, n <= 0, count > n, bad confidence level.
    """
    check_columns(df, [count, n])
    levels = normalize_confidence(confidence)
    x = _as_float(df[count], count)
    nn = _as_float(df[n], n)
    validate_counts(x, nn, count, n, allow_count_above_denominator=False, index=range(1, len(x) + 1))
    out = df.copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        out[C.VARDE] = x / nn * multiplier
    for (lo_col, hi_col), c in zip(limit_columns(levels), levels):
        lo, hi = wilson_limits(x, nn, c)
        out[lo_col] = lo * multiplier
        out[hi_col] = hi * multiplier
    out[C.KONFIDENS] = confidence_label(levels)
    out[C.METOD] = METOD_WILSON
    out[C.LITET_ANTAL] = pd.array(np.where(np.isnan(nn), pd.NA, nn < small_n), dtype="boolean")
    out[C.NAMNARE] = nn
    return out


def kish_effective_n(weights) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2 (Kish 1965, Survey Sampling)."""
    w = np.asarray(weights, dtype=float)
    w = w[~np.isnan(w)]
    if w.size == 0:
        return float("nan")
    return float(w.sum() ** 2 / (w ** 2).sum())


def survey_shares(answers: pd.DataFrame, question: str, positive: Sequence[str], *,
                  by: Sequence[str] = (C.KOMMUNKOD, C.AR), weight: str | None = None,
                  exclude: Sequence[str] = ("Vet ej", "Ej svar", "Vill inte svara"), confidence=0.95,
                  multiplier: float = 1, small_n: int = SMALL_N_THRESHOLD) -> pd.DataFrame:
    """Share of respondents giving one of the ``positive`` answers to ``question``, per group.

    Parameters
    ----------
    answers : DataFrame
        Long survey frame (``respondent, kommunkod, ar, ..., vikt, fraga, svar``).
    question : str
        Question code (``columns.SURVEY_QUESTIONS``).
    positive : sequence of str
        Answers counted in the numerator, e.g. ``["Ganska otrygg", "Mycket otrygg"]``.
    by : sequence of str
        Grouping columns (e.g. kommun and year; add ``kon`` for a breakdown).
    weight : str or None
        Weight column (``"vikt"``) for a weighted share with a Kish effective-n Wilson interval.
    exclude : sequence of str
        Answers removed from the denominator (don't know / no answer). Missing answers are
        always removed.

    Returns
    -------
    DataFrame
        One row per group: ``antal`` (unweighted respondents with a positive answer),
        ``n_svarande`` (unweighted respondents), ``varde`` and limits, ``namnare`` (n, or the
        effective n when weighted), ``konfidens``, ``metod``, ``litet_antal``.
    """
    return survey_shares_many(answers, {question: positive}, by=by, weight=weight, exclude=exclude,
                              confidence=confidence, multiplier=multiplier, small_n=small_n)[question]


def survey_shares_many(answers: pd.DataFrame, questions: Mapping[str, Sequence[str]], *,
                       by: Sequence[str] = (C.KOMMUNKOD, C.AR), weight: str | None = None,
                       exclude: Sequence[str] = ("Vet ej", "Ej svar", "Vill inte svara"), confidence=0.95,
                       multiplier: float = 1, small_n: int = SMALL_N_THRESHOLD) -> dict[str, pd.DataFrame]:
    """:func:`survey_shares` of several questions (``{question: positive answers}``) with one pass over the
    answers and one Wilson computation for all of them. Each question is grouped on its own rows (a grouped
    sum over the whole survey can differ from it in the last bit), so every frame is the one
    :func:`survey_shares` returns for that question."""
    by = list(by)
    need = [*by, C.FRAGA, C.SVAR] + ([weight] if weight else [])
    check_columns(answers, need, "enkättabellen")
    asked = answers[C.FRAGA].isin(list(questions))
    present = set(answers.loc[asked, C.FRAGA].unique())
    for question in questions:
        if question not in present:
            raise ParameterError(f"Frågan '{question}' finns inte i enkätdata.")
    # the row-wise work once for all questions (element by element, so the same as per question)
    d = answers.loc[asked, need].copy()
    d = d[d[C.SVAR].notna() & ~d[C.SVAR].isin(list(exclude))]
    pos = np.zeros(len(d), dtype=bool)
    for question, positive in questions.items():
        pos |= ((d[C.FRAGA] == question) & d[C.SVAR].isin(list(positive))).to_numpy()
    d["_pos"] = pos.astype(float)
    if weight:
        w = _as_float(d[weight], weight)
        if np.any(w[~np.isnan(w)] <= 0):
            raise ParameterError(f"Vikterna i kolumnen '{weight}' måste vara större än 0.")
        d["_w"] = w
        d = d[d["_w"].notna()]
    else:
        d["_w"] = 1.0
    d["_wy"] = d["_w"] * d["_pos"]
    d["_w2"] = d["_w"] ** 2
    at = d.groupby(C.FRAGA, sort=False).indices
    empty = np.zeros(0, dtype=np.intp)
    aggs = []
    for question in questions:
        # each question grouped on its own rows: a grouped sum over all questions at once can differ
        # from it in the last bit
        dq = d.iloc[at.get(question, empty)]
        g = dq.groupby(by, dropna=False, sort=True) if by else dq.groupby(lambda _: 0)
        agg = g[["_pos", "_w", "_wy", "_w2"]].sum()
        agg.insert(1, N_SVARANDE, g.size())
        agg = agg.rename(columns={"_pos": C.ANTAL, "_w": "_sw", "_wy": "_swy", "_w2": "_sw2"}).reset_index()
        if not by:
            agg = agg.drop(columns="index")
        agg[C.ANTAL] = agg[C.ANTAL].astype(int)
        aggs.append(agg)
    sizes = [len(a) for a in aggs]
    agg = pd.concat(aggs, ignore_index=True) if len(aggs) > 1 else aggs[0]
    if weight:
        p = agg["_swy"] / agg["_sw"]
        neff = agg["_sw"] ** 2 / agg["_sw2"]
        tmp = pd.DataFrame({"_x": p * neff, "_n": neff})
        method = METOD_WILSON_KISH
    else:
        tmp = pd.DataFrame({"_x": agg[C.ANTAL].astype(float), "_n": agg[N_SVARANDE].astype(float)})
        method = METOD_WILSON
    res = proportions(tmp, "_x", "_n", confidence=confidence, multiplier=multiplier, small_n=small_n)
    res = res.drop(columns=["_x", "_n"])
    res[C.METOD] = method
    # the small-number flag is about respondents actually behind the share
    res[C.LITET_ANTAL] = pd.array(agg[N_SVARANDE].to_numpy() < small_n, dtype="boolean")
    both = pd.concat([agg.drop(columns=["_sw", "_swy", "_sw2"]), res], axis=1)
    out, start = {}, 0
    for question, size in zip(questions, sizes):
        one = both.iloc[start:start + size].reset_index(drop=True)
        one.insert(0, C.FRAGA, question)
        out[question] = one
        start += size
    return out
