"""Crude rates per 100 000 with confidence intervals, and the crime-to-population join.

Methods (as in PHEindicatormethods ``phe_rate`` and the Fingertips technical guide, see
``docs/STATISTICS.md``):

* exact Poisson limits from the chi-square distribution for fewer than 10 events
  (Garwood 1936; Ulm 1990),
* Byar's approximation from 10 events (Breslow & Day 1987, vol. II, p. 69).

Every estimate follows one output convention (``columns.VARDE``, ``NEDRE``, ``OVRE``,
``KONFIDENS``, ``METOD``, ``LITET_ANTAL``, ``NAMNARE`` and the count column). With two
confidence levels at once the limits are ``nedre_95, ovre_95, nedre_99_8, ovre_99_8``.
This module also holds the small helpers shared by the other ``stats`` modules.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import stats as _st

from .. import columns as C
from ..errors import ParameterError, Problem

#: Below this many events the exact (chi-square) Poisson interval is used, from it Byar's.
EXACT_BELOW = 10
#: Fewer events than this flag the estimate as unstable (``litet_antal``), domain.md section 9.
SMALL_NUMBER_THRESHOLD = 20
#: Column stating which population year was used as denominator (see :func:`join_population`).
NAMNARE_AR = "namnare_ar"
#: Text of the method column.
METOD_EXAKT = "Exakt (Poisson)"
METOD_BYAR = "Byar"

# --------------------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------------------


def normalize_confidence(confidence) -> tuple[float, ...]:
    """Return the confidence level(s) as a sorted tuple of fractions.

    Accepts 0.95 or 95, 0.998 or 99.8, or a sequence of such values (e.g. ``(0.95, 0.998)``).
    Values >= 90 are divided by 100 (as PHEindicatormethods does). The valid range is
    0.9-1 (or 90-100).

    Raises
    ------
    ParameterError
        With a Swedish message when a level is outside the valid range.
    """
    if isinstance(confidence, (str, bytes)):
        raise ParameterError(f"Konfidensnivån måste vara ett tal, t.ex. 0.95 eller 95, inte '{confidence}'.")
    levels = list(confidence) if isinstance(confidence, Iterable) else [confidence]
    if not levels:
        raise ParameterError("Ange minst en konfidensnivå, t.ex. 0.95.")
    out = []
    for lev in levels:
        try:
            val = float(lev)
        except (TypeError, ValueError):
            raise ParameterError(f"Konfidensnivån måste vara ett tal, t.ex. 0.95 eller 95, inte '{lev}'.") from None
        if val >= 90:
            val = val / 100
        if not (0.9 <= val <= 1):
            raise ParameterError(
                f"Konfidensnivån måste ligga mellan 0,9 och 1 (eller 90 och 100). Hittade: {lev}."
            )
        out.append(round(val, 6))
    return tuple(sorted(set(out)))


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile z = Phi^-1(1 - (1 - c)/2)."""
    return float(_st.norm.ppf(1 - (1 - confidence) / 2))


def limit_columns(levels: Sequence[float]) -> list[tuple[str, str]]:
    """Names of the (lower, upper) columns for the levels: single level -> nedre/ovre."""
    if len(levels) == 1:
        return [(C.NEDRE, C.OVRE)]
    return [(f"{C.NEDRE}_{C.level_suffix(c)}", f"{C.OVRE}_{C.level_suffix(c)}") for c in levels]


def confidence_label(levels: Sequence[float]):
    """Value of the ``konfidens`` column: a float for one level, Swedish text for several."""
    if len(levels) == 1:
        return float(levels[0])
    from .. import fmt

    parts = []
    for c in levels:
        pct = round(c * 100, 1)
        parts.append(fmt.pct(pct, 1 if pct != int(pct) else 0, is_fraction=False))
    return ", ".join(parts)


def _as_float(values, name: str) -> np.ndarray:
    try:
        return pd.to_numeric(pd.Series(values), errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise ParameterError(f"Kolumnen '{name}' måste innehålla tal.") from None


def check_columns(df: pd.DataFrame, needed: Iterable[str], what: str = "tabellen") -> None:
    """Raise a Swedish ParameterError naming the missing columns."""
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise ParameterError(
            f"Kolumn(er) saknas i {what}: {', '.join(missing)}. Finns: {', '.join(map(str, df.columns))}."
        )


def validate_counts(count: np.ndarray, denominator: np.ndarray, count_name: str, denom_name: str,
                    *, allow_count_above_denominator: bool, index=None) -> None:
    """Refuse negative counts and denominators <= 0 (NaN is allowed and gives NaN out).

    For proportions (``allow_count_above_denominator=False``) a count above its denominator
    is refused as well. Rows are reported 1-based as the user sees them in a table.
    """
    problems: list[Problem] = []
    labels = list(index) if index is not None else list(range(len(count)))

    def add(mask, message, col, values):
        for i in np.flatnonzero(mask)[:20]:
            problems.append(Problem(f"{message} (rad {labels[i]!s})", column=col, value=_fmtval(values[i])))

    with np.errstate(invalid="ignore"):
        neg = count < 0
        bad_den = denominator <= 0
        above = (~allow_count_above_denominator) & (count > denominator)
    add(neg, "Antalet får inte vara negativt.", count_name, count)
    add(bad_den, "Nämnaren (befolkning eller antal svarande) måste vara större än 0.", denom_name, denominator)
    if not allow_count_above_denominator:
        add(above, "Antalet får inte vara större än nämnaren för en andel.", count_name, count)
    if problems:
        raise ParameterError("Skattningen kunde inte beräknas: ogiltiga värden i indata.", problems)


def _fmtval(v):
    v = float(v)
    return int(v) if v.is_integer() else v


# --------------------------------------------------------------------------------------
# Poisson confidence limits for a count
# --------------------------------------------------------------------------------------


def exact_poisson_limits(count, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) Poisson confidence limits for observed counts.

    lower = chi2_{(1-c)/2}(2O)/2 (0 when O = 0), upper = chi2_{1-(1-c)/2}(2O+2)/2.
    Vectorised; NaN in gives NaN out. ``confidence`` must be a fraction.
    """
    o = np.asarray(count, dtype=float)
    a = (1 - confidence) / 2
    with np.errstate(invalid="ignore"):
        lower = np.where(o > 0, _st.chi2.ppf(a, 2 * np.where(o > 0, o, 1)) / 2, 0.0)
        upper = _st.chi2.ppf(1 - a, 2 * o + 2) / 2
    lower = np.where(np.isnan(o), np.nan, lower)
    if confidence >= 1:
        upper = np.where(np.isnan(o), np.nan, np.inf)
    return lower, upper


def byar_limits(count, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Byar's approximation to the exact Poisson limits (Breslow & Day 1987).

    lower = O(1 - 1/(9O) - z/(3 sqrt O))^3, upper = (O+1)(1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3.
    Used for O >= 10 in :func:`poisson_limits`.
    """
    o = np.asarray(count, dtype=float)
    z = z_value(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
        o1 = o + 1
        upper = o1 * (1 - 1 / (9 * o1) + z / (3 * np.sqrt(o1))) ** 3
    return lower, upper


def poisson_limits(count, confidence: float = 0.95, exact_below: int = EXACT_BELOW):
    """Confidence limits for counts: exact Poisson below ``exact_below`` events, Byar from it.

    Returns ``(lower, upper, method)`` arrays; ``method`` holds ``"Exakt (Poisson)"``/``"Byar"``
    (None where the count is missing).
    """
    o = np.asarray(count, dtype=float)
    el, eu = exact_poisson_limits(o, confidence)
    bl, bu = byar_limits(o, confidence)
    use_exact = o < exact_below
    lower = np.where(use_exact, el, bl)
    upper = np.where(use_exact, eu, bu)
    method = np.where(np.isnan(o), None, np.where(use_exact, METOD_EXAKT, METOD_BYAR)).astype(object)
    return lower, upper, method


# --------------------------------------------------------------------------------------
# rates
# --------------------------------------------------------------------------------------


def rates(df: pd.DataFrame, count: str = C.ANTAL, denominator: str = C.FOLKMANGD, *,
          confidence=0.95, multiplier: float = 100_000, small_number: int = SMALL_NUMBER_THRESHOLD,
          exact_below: int = EXACT_BELOW) -> pd.DataFrame:
    """Crude rates per ``multiplier`` with exact Poisson / Byar confidence intervals.

    value = count / denominator * multiplier; the limits are the Poisson limits of the count
    (exact chi-square below ``exact_below`` = 10 events, Byar's method from 10) divided by the
    denominator, times the multiplier (PHEindicatormethods ``phe_rate``; Fingertips Technical
    Guide - Confidence Intervals, 2018).

    Parameters
    ----------
    df : DataFrame
        One row per estimate; all other columns are kept.
    count, denominator : str
        Column names of the event count and the population (person-years).
    confidence : float or sequence
        0.95 or 95; ``(0.95, 0.998)`` gives ``nedre_95, ovre_95, nedre_99_8, ovre_99_8``.
    multiplier : float
        100 000 for "per 100 000 invånare".
    small_number : int
        Counts below this are flagged in ``litet_antal`` (unstable rate).

    Returns
    -------
    DataFrame
        A copy of ``df`` with ``varde``, the limits, ``konfidens``, ``metod``, ``litet_antal``
        and ``namnare``. NaN in gives NaN out. A count above the denominator is allowed.

    Raises
    ------
    ParameterError
        Negative counts, denominators <= 0, bad confidence level, missing columns.
    """
    check_columns(df, [count, denominator])
    levels = normalize_confidence(confidence)
    if not multiplier or multiplier <= 0:
        raise ParameterError("Multiplikatorn måste vara större än 0, t.ex. 100000.")
    o = _as_float(df[count], count)
    n = _as_float(df[denominator], denominator)
    validate_counts(o, n, count, denominator, allow_count_above_denominator=True, index=range(1, len(o) + 1))
    out = df.copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        out[C.VARDE] = o / n * multiplier
        method = None
        for (lo_col, hi_col), c in zip(limit_columns(levels), levels):
            lo, hi, method = poisson_limits(o, c, exact_below)
            out[lo_col] = lo / n * multiplier
            out[hi_col] = hi / n * multiplier
    nan_any = np.isnan(o) | np.isnan(n)
    for lo_col, hi_col in limit_columns(levels):
        out.loc[nan_any, [lo_col, hi_col]] = np.nan
    out[C.KONFIDENS] = confidence_label(levels)
    out[C.METOD] = pd.Series(method, index=out.index, dtype=object)
    out[C.LITET_ANTAL] = pd.array(np.where(np.isnan(o), pd.NA, o < small_number), dtype="boolean")
    out[C.NAMNARE] = n
    return out


def count_ci(count, confidence=0.95, exact_below: int = EXACT_BELOW) -> pd.DataFrame:
    """Confidence interval of a count alone (no denominator), same convention as :func:`rates`."""
    df = pd.DataFrame({C.ANTAL: np.atleast_1d(np.asarray(count, dtype=float)), "_n": 1.0})
    out = rates(df, C.ANTAL, "_n", confidence=confidence, multiplier=1, exact_below=exact_below)
    return out.drop(columns=["_n", C.NAMNARE])


# --------------------------------------------------------------------------------------
# joining counts and population
# --------------------------------------------------------------------------------------

_DENOM_CHOICES = {"foregaende": -1, "previous": -1, "fg": -1, "samma": 0, "same": 0}


def join_population(crimes: pd.DataFrame, population: pd.DataFrame, *, denominator_year="foregaende",
                    keys: Sequence[str] = (C.KOMMUNKOD,)) -> pd.DataFrame:
    """Attach the population used as denominator to each crime row and state its year.

    Brå's published rates use the population at the end of the previous year (= 1 January of
    the crime year): Uppsala 2018, 23 174 crimes / 219 914 (31 Dec 2017) x 100 000 = 10 538
    (domain.md section 9). That is the default (``"foregaende"``); ``"samma"`` uses 31 December
    of the crime year; an int uses that fixed year for every row.

    Returns a copy of ``crimes`` with ``folkmangd`` and ``namnare_ar`` (the population year
    used). Rows without a matching population get NaN (and a NaN rate later).
    """
    check_columns(crimes, [*keys, C.AR], "brottstabellen")
    check_columns(population, [*keys, C.AR, C.FOLKMANGD], "befolkningstabellen")
    out = crimes.copy()
    if isinstance(denominator_year, str):
        key = denominator_year.strip().lower().replace("å", "a").replace("ö", "o")
        if key not in _DENOM_CHOICES:
            raise ParameterError(
                f"Okänt val av nämnarår: '{denominator_year}'. Använd 'foregaende' (befolkningen 31 december "
                "året före, som Brå) eller 'samma' (31 december samma år) eller ett årtal."
            )
        out[NAMNARE_AR] = pd.to_numeric(out[C.AR]).astype("Int64") + _DENOM_CHOICES[key]
    elif isinstance(denominator_year, (int, np.integer)):
        out[NAMNARE_AR] = pd.array([int(denominator_year)] * len(out), dtype="Int64")
    else:
        raise ParameterError("Nämnaråret ska vara 'foregaende', 'samma' eller ett årtal.")
    pop = population[[*keys, C.AR, C.FOLKMANGD]].rename(columns={C.AR: NAMNARE_AR})
    pop = pop.astype({NAMNARE_AR: "Int64"})
    if pop.duplicated([*keys, NAMNARE_AR]).any():
        raise ParameterError("Befolkningstabellen har fler än en rad för samma kommun och år.")
    if C.FOLKMANGD in out.columns:
        out = out.drop(columns=[C.FOLKMANGD])
    return out.merge(pop, on=[*keys, NAMNARE_AR], how="left")


def crime_rates(crimes: pd.DataFrame, population: pd.DataFrame, *, denominator_year="foregaende",
                confidence=0.95, multiplier: float = 100_000, small_number: int = SMALL_NUMBER_THRESHOLD
                ) -> pd.DataFrame:
    """Rates per 100 000 for a crime frame: :func:`join_population` followed by :func:`rates`."""
    joined = join_population(crimes, population, denominator_year=denominator_year)
    return rates(joined, C.ANTAL, C.FOLKMANGD, confidence=confidence, multiplier=multiplier,
                 small_number=small_number)


def pool_years(df: pd.DataFrame, years: int = 3, *, by: Sequence[str] = (C.KOMMUNKOD, C.BROTTSTYP),
               count: str = C.ANTAL, denominator: str = C.FOLKMANGD, rolling: bool = True) -> pd.DataFrame:
    """Pool ``years`` consecutive years: summed counts over summed person-years.

    For small municipalities a 2-3-year pool gives a stable average annual rate (NTU and SSB
    practice, domain.md section 9). ``rolling=True`` gives every window (2019-2021,
    2020-2022, ...); ``False`` gives non-overlapping blocks ending with the last year.
    Only complete windows are returned: every year present with both a count and a population
    (a window with a missing population year would otherwise divide all its events by too few
    person-years). The windows left out are listed in ``out.attrs["ofullstandiga"]`` (group keys
    and ``period``) so the caller can say which periods are missing.

    Returns one row per group and window with ``ar_fran``, ``ar_till``, ``period`` (text
    '2019–2021'), the summed ``count`` and ``denominator`` and ``antal_ar``. Pass the result to
    :func:`rates` for the average annual rate with its interval.
    """
    by = [b for b in by if b in df.columns]
    check_columns(df, [*by, C.AR, count, denominator])
    if years < 1:
        raise ParameterError("Antal år att slå ihop måste vara minst 1.")
    d = df[[*by, C.AR, count, denominator]].copy()
    d[C.AR] = pd.to_numeric(d[C.AR]).astype(int)
    frames, incomplete = [], []
    all_years = sorted(d[C.AR].unique())
    if not all_years:
        return pd.DataFrame(columns=[*by, "ar_fran", "ar_till", "period", count, denominator, "antal_ar"])
    last = max(all_years)
    ends = range(min(all_years) + years - 1, last + 1) if rolling else range(last, min(all_years) + years - 2, -years)
    for end in ends:
        start = end - years + 1
        win = d[(d[C.AR] >= start) & (d[C.AR] <= end)]
        g = win.groupby(by, dropna=False, sort=True) if by else win.groupby(lambda _: 0)
        win = win.assign(_both=win[count].notna() & win[denominator].notna())
        agg = pd.DataFrame({count: g[count].sum(min_count=1), denominator: g[denominator].sum(),
                            "antal_ar": g[C.AR].nunique()}).reset_index()
        complete = (win.groupby(by, dropna=False, sort=True) if by else win.groupby(lambda _: 0))["_both"].all()
        agg["_complete"] = complete.to_numpy()
        ok = (agg["antal_ar"] == years) & agg["_complete"]
        for _, r in agg[~ok].iterrows():
            incomplete.append({**{b: r[b] for b in by}, "period": f"{start}\u2013{end}"})
        agg = agg[ok].drop(columns="_complete")
        agg["ar_fran"], agg["ar_till"] = start, end
        frames.append(agg)
    if not frames:  # fewer years than one window (e.g. a two-year report pooled by three)
        out = pd.DataFrame(columns=[*by, "ar_fran", "ar_till", "period", count, denominator, "antal_ar"])
        out.attrs["ofullstandiga"] = incomplete
        return out
    out = pd.concat(frames, ignore_index=True)
    if not by and "index" in out.columns:
        out = out.drop(columns="index")
    out["period"] = out["ar_fran"].astype(str) + "\u2013" + out["ar_till"].astype(str)
    out = out[[*by, "ar_fran", "ar_till", "period", count, denominator, "antal_ar"]].sort_values(
        [*by, "ar_fran"]).reset_index(drop=True)
    out.attrs["ofullstandiga"] = incomplete
    return out
