"""When do incidents happen? Hour x weekday, month, season, periods, holidays, aoristic spreading.

All functions take an incidents frame following :mod:`lagesbild_methods.columns` (``tidpunkt`` is a
tz-aware timestamp; it is converted to Europe/Stockholm wall-clock time before hours, weekdays and
months are read). Counting is vectorised with :func:`numpy.bincount` on integer codes, so a million
incidents take well under a second.

Method references
-----------------
* Aoristic analysis: Ratcliffe, J. H. (2002). Aoristic signatures and the spatio-temporal analysis
  of high volume crime patterns. *Journal of Quantitative Criminology* 18(1), 23-43. Each incident
  with a from-to window is spread over the hours it covers in proportion to the overlap.
* Pattern tests: Pearson chi-square goodness of fit (:func:`scipy.stats.chisquare`) against
  exposure (how many Mondays, hours, days of each month the observation window holds), with a
  seeded Monte Carlo multinomial p-value when an expected count is below 5; peaks are cells whose
  Haberman adjusted residual exceeds a Bonferroni-corrected normal quantile.
* Holidays: the ``holidays`` library (Sweden, ``language="sv"``; categories public, de_facto,
  optional). Expected counts for a special day are the mean of the same weekday in the
  surrounding weeks (excluding other special days); exact Poisson tail probabilities.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .. import columns as C
from .. import fmt
from ..errors import InputDataError, ParameterError, Problem

TZ = "Europe/Stockholm"
WEEKDAYS_SV = fmt.WEEKDAYS_SV
WEEKDAYS_PLURAL_SV = fmt.WEEKDAYS_PLURAL_SV
MONTHS_SV = fmt.MONTHS_SV
#: Meteorological seasons (Swedish usage in everyday speech; SMHI defines them by temperature).
SEASONS_SV = {"vinter": (12, 1, 2), "vår": (3, 4, 5), "sommar": (6, 7, 8), "höst": (9, 10, 11)}
#: Time-of-day blocks of the weekday x block test, following how people live: (name, plural, first
#: hour, end hour). The night runs 22-06 across midnight and belongs to the day it starts on, so a
#: Friday-to-Saturday night out is one block ("fredag natt"), not two halves on two days.
TIME_BLOCKS = [("förmiddag", "förmiddagar", 6, 12), ("eftermiddag", "eftermiddagar", 12, 18),
               ("kväll", "kvällar", 18, 22), ("natt", "nätter", 22, 6)]
#: A "dygn" for the block test starts at this hour (the night before belongs to the previous day).
DAY_START_HOUR = 6
#: Tertials as used in the four-monthly follow-up (T1 jan-apr, T2 maj-aug, T3 sep-dec).
TERTIALS = {1: "T1 (jan–apr)", 2: "T2 (maj–aug)", 3: "T3 (sep–dec)"}

_FREQ_ALIASES = {"week": "week", "vecka": "week", "w": "week",
                 "month": "month", "manad": "month", "månad": "month", "m": "month",
                 "tertial": "tertial", "t": "tertial",
                 "year": "year", "ar": "year", "år": "year", "y": "year"}


# --------------------------------------------------------------------------------------------
# validation and time parts
# --------------------------------------------------------------------------------------------
def check_incidents(incidents, required=(C.TIDPUNKT,)) -> None:
    """Raise a Swedish :class:`InputDataError` if ``incidents`` lacks a column or a valid time.

    ``tidpunkt`` (and ``tidpunkt_till`` when required) must be tz-aware datetimes; naive times are
    refused because the hour of day would be ambiguous (UTC or Swedish time?).
    """
    if not isinstance(incidents, pd.DataFrame):
        raise ParameterError("Händelsedata ska vara en tabell (pandas DataFrame).")
    missing = [c for c in required if c not in incidents.columns]
    if missing:
        raise InputDataError(None, [Problem("Kolumnen saknas.", column=c) for c in missing],
                             summary="Händelsedata saknar kolumner som behövs för analysen.")
    for col in (C.TIDPUNKT, C.TIDPUNKT_TILL):
        if col in required or (col == C.TIDPUNKT_TILL and col in incidents.columns):
            s = incidents[col]
            if col == C.TIDPUNKT_TILL and s.isna().all():
                continue
            if not isinstance(s.dtype, pd.DatetimeTZDtype):
                raise InputDataError(None, [Problem(
                    "Tidpunkten saknar tidszon eller är inte en tidpunkt.", column=col,
                    value=str(s.dtype), expected="tidpunkt med tidszon (Europe/Stockholm)")],
                    summary="Tidpunkterna i händelsedata kan inte tolkas.")
    if C.TIDPUNKT in required:
        bad = incidents[C.TIDPUNKT].isna().to_numpy()
        if bad.any():
            rows = np.flatnonzero(bad)[:50]
            raise InputDataError(None, [Problem("Tidpunkt saknas.", row=int(r) + 2, column=C.TIDPUNKT)
                                        for r in rows],
                                 summary=f"{int(bad.sum())} händelser saknar tidpunkt.")


def local_minutes(ts: pd.Series) -> np.ndarray:
    """Minutes since 1970-01-01 00:00 in Swedish wall-clock time (int64; NaT -> INT64 min).

    Wall-clock time means a DST day has 23 or 25 hours; durations across a DST change are off by
    one hour, which is negligible for hour-of-week profiles.
    """
    local = ts.dt.tz_convert(TZ).dt.tz_localize(None)
    return np.asarray(local.to_numpy(), dtype="datetime64[m]").astype(np.int64)


def _parts(minutes: np.ndarray) -> dict[str, np.ndarray]:
    day = minutes // 1440
    return {"hour": (minutes // 60) % 24, "weekday": (day + 3) % 7, "day": day}


def _month_index(minutes: np.ndarray) -> np.ndarray:
    """Months since 1970-01 (int64)."""
    return minutes.astype("datetime64[m]").astype("datetime64[M]").astype(np.int64)


def _window(incidents, start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Observation window as naive local dates [start, end] (inclusive days)."""
    t = incidents[C.TIDPUNKT].dt.tz_convert(TZ).dt.tz_localize(None)
    s = pd.Timestamp(start).normalize() if start is not None else t.min().normalize()
    e = pd.Timestamp(end).normalize() if end is not None else t.max().normalize()
    if s.tzinfo is not None:
        s = s.tz_convert(TZ).tz_localize(None)
    if e.tzinfo is not None:
        e = e.tz_convert(TZ).tz_localize(None)
    if e < s:
        raise ParameterError(f"Slutdatum ({e.date()}) ligger före startdatum ({s.date()}).")
    return s, e


def add_time_parts(incidents: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with Swedish time columns: ``ar, manad, tertial, iso_vecka, veckodag, timme, datum``.

    Hours, weekdays and dates are Swedish wall-clock time. ``veckodag`` is 0 = måndag ... 6 = söndag.
    """
    check_incidents(incidents)
    m = local_minutes(incidents[C.TIDPUNKT])
    p = _parts(m)
    mi = _month_index(m)
    out = incidents.copy()
    out["ar"] = 1970 + mi // 12
    out["manad"] = mi % 12 + 1
    out["tertial"] = (mi % 12) // 4 + 1
    local = incidents[C.TIDPUNKT].dt.tz_convert(TZ)
    out["iso_vecka"] = local.dt.isocalendar().week.astype("int64").to_numpy()
    out["veckodag"] = p["weekday"]
    out["timme"] = p["hour"]
    out["datum"] = local.dt.tz_localize(None).dt.normalize()
    return out


# --------------------------------------------------------------------------------------------
# hour x weekday, month x category
# --------------------------------------------------------------------------------------------
def _weights(incidents, weights) -> np.ndarray | None:
    if weights is None:
        return None
    if isinstance(weights, str):
        w = incidents[weights].to_numpy(dtype=float)
    else:
        w = np.asarray(weights, dtype=float)
    if len(w) != len(incidents) or np.isnan(w).any() or (w < 0).any():
        raise ParameterError("Vikterna måste vara en icke-negativ siffra för varje händelse.")
    return w


def hour_weekday_counts(incidents: pd.DataFrame, *, weights=None) -> pd.DataFrame:
    """Counts by weekday (rows, måndag-söndag) x hour of day (columns 0-23), Swedish time.

    Parameters
    ----------
    incidents : incidents frame (uses ``tidpunkt``).
    weights : optional column name or array of non-negative weights (e.g. harm weights).

    Returns
    -------
    DataFrame, 7 x 24; index ``veckodag`` (Swedish names), columns ``timme``. Integers when
    unweighted. ``attrs["antal"]`` holds the number of incidents.
    """
    check_incidents(incidents)
    p = _parts(local_minutes(incidents[C.TIDPUNKT]))
    code = p["weekday"] * 24 + p["hour"]
    w = _weights(incidents, weights)
    counts = np.bincount(code, weights=w, minlength=168).reshape(7, 24)
    out = pd.DataFrame(counts, index=pd.Index(WEEKDAYS_SV, name="veckodag"),
                       columns=pd.RangeIndex(24, name="timme"))
    out.attrs["antal"] = int(len(incidents))
    return out


def month_category_counts(incidents: pd.DataFrame, *, start=None, end=None) -> pd.DataFrame:
    """Counts by calendar month (rows, every month from first to last, zeros kept) x ``kategori``.

    Index is a monthly :class:`pandas.PeriodIndex` named ``manad``; columns are the category codes
    sorted alphabetically (or in categorical order for a categorical column).
    """
    check_incidents(incidents, (C.TIDPUNKT, C.KATEGORI))
    mi = _month_index(local_minutes(incidents[C.TIDPUNKT]))
    kat = incidents[C.KATEGORI]
    if isinstance(kat.dtype, pd.CategoricalDtype):
        codes = kat.cat.codes.to_numpy().astype(np.int64)
        cats = list(kat.cat.categories)
    else:
        codes, uniq = pd.factorize(kat, sort=True)
        cats = list(uniq)
    if (codes < 0).any():
        raise InputDataError(None, [Problem("Kategori saknas.", column=C.KATEGORI)],
                             summary=f"{int((codes < 0).sum())} händelser saknar kategori.")
    s, e = _window(incidents, start, end) if (start is not None or end is not None) else (None, None)
    m0 = int(mi.min()) if s is None else (s.year - 1970) * 12 + s.month - 1
    m1 = int(mi.max()) if e is None else (e.year - 1970) * 12 + e.month - 1
    keep = (mi >= m0) & (mi <= m1)
    nm, nc = m1 - m0 + 1, len(cats)
    flat = (mi[keep] - m0) * nc + codes[keep]
    counts = np.bincount(flat, minlength=nm * nc).reshape(nm, nc)
    first = pd.Period(year=1970 + m0 // 12, month=m0 % 12 + 1, freq="M")
    idx = pd.period_range(first, periods=nm, freq="M", name="manad")
    return pd.DataFrame(counts, index=idx, columns=pd.Index(cats, name=C.KATEGORI))


# --------------------------------------------------------------------------------------------
# periods: week, month, tertial, year
# --------------------------------------------------------------------------------------------
def period_counts(incidents: pd.DataFrame, freq: str = "week", *, start=None, end=None,
                  weights=None) -> pd.DataFrame:
    """Counts per ISO week, month, tertial (T1 jan-apr, T2 maj-aug, T3 sep-dec) or year.

    Every period between ``start`` and ``end`` (default: first and last incident date) is listed,
    also those with zero incidents. Periods only partly inside the window are flagged
    ``ofullstandig`` so that control charts can leave them out.

    Returns
    -------
    DataFrame with ``period`` (label such as ``'2025-v07'``, ``'2025-03'``, ``'2025 T1'``, ``'2025'``),
    ``start``, ``slut`` (naive local dates, inclusive), ``dagar`` (days of the period inside the
    window), ``ofullstandig`` (bool) and ``antal``.
    """
    f = _FREQ_ALIASES.get(str(freq).lower())
    if f is None:
        raise ParameterError(f"Okänd periodlängd '{freq}'. Välj vecka, månad, tertial eller år.")
    check_incidents(incidents)
    s, e = _window(incidents, start, end)
    m = local_minutes(incidents[C.TIDPUNKT])
    w = _weights(incidents, weights)
    day = m // 1440
    d0 = (s - pd.Timestamp("1970-01-01")).days
    d1 = (e - pd.Timestamp("1970-01-01")).days
    keep = (day >= d0) & (day <= d1)
    days = np.arange(d0, d1 + 1)
    dates = pd.to_datetime(days, unit="D")
    if f == "week":
        key_all = days - (days + 3) % 7  # Monday of the week
        key = day - (day + 3) % 7
    elif f == "month":
        key_all = dates.year.to_numpy() * 12 + dates.month.to_numpy() - 1
        key = _month_index(m) + 1970 * 12
    elif f == "tertial":
        key_all = dates.year.to_numpy() * 3 + (dates.month.to_numpy() - 1) // 4
        mi = _month_index(m)
        key = (1970 + mi // 12) * 3 + (mi % 12) // 4
    else:
        key_all = dates.year.to_numpy()
        key = 1970 + _month_index(m) // 12
    keys, inside = np.unique(key_all, return_counts=True)
    pos = np.searchsorted(keys, key[keep])
    counts = np.bincount(pos, weights=None if w is None else w[keep], minlength=len(keys))
    if f == "week":
        pstart = pd.to_datetime(keys, unit="D")
        pend = pstart + pd.Timedelta(days=6)
        iso = pstart.isocalendar()
        labels = [f"{y}-v{wk:02d}" for y, wk in zip(iso["year"], iso["week"])]
    elif f == "month":
        y, mo = keys // 12, keys % 12 + 1
        pstart = pd.to_datetime({"year": y, "month": mo, "day": 1})
        pend = pstart + pd.offsets.MonthEnd(0)
        labels = [f"{a}-{b:02d}" for a, b in zip(y, mo)]
    elif f == "tertial":
        y, t = keys // 3, keys % 3
        pstart = pd.to_datetime({"year": y, "month": t * 4 + 1, "day": 1})
        pend = pd.to_datetime({"year": y, "month": t * 4 + 4, "day": 1}) + pd.offsets.MonthEnd(0)
        labels = [f"{a} T{b + 1}" for a, b in zip(y, t)]
    else:
        pstart = pd.to_datetime({"year": keys, "month": 1, "day": 1})
        pend = pd.to_datetime({"year": keys, "month": 12, "day": 31})
        labels = [str(a) for a in keys]
    pstart, pend = pd.DatetimeIndex(pstart), pd.DatetimeIndex(pend)
    length = ((pend - pstart).days + 1).to_numpy()
    out = pd.DataFrame({"period": labels, "start": pstart, "slut": pend,
                        "dagar": inside.astype(int), "ofullstandig": inside < length,
                        "antal": counts if w is not None else counts.astype(np.int64)})
    out.attrs["frekvens"] = f
    return out


def season_counts(incidents: pd.DataFrame, *, start=None, end=None) -> pd.DataFrame:
    """Counts per meteorological season (vinter dec-feb, vår mar-maj, sommar jun-aug, höst sep-nov).

    Returns ``arstid, antal, dagar, per_dag, index`` where ``index`` = per_dag / overall per_dag
    (1 = average; exposure-adjusted so a window with two summers is not biased).
    """
    check_incidents(incidents)
    s, e = _window(incidents, start, end)
    dates = pd.date_range(s, e, freq="D")
    month_of_season = {m: i for i, (_, ms) in enumerate(SEASONS_SV.items()) for m in ms}
    lut = np.array([month_of_season[m] for m in range(1, 13)])
    m = local_minutes(incidents[C.TIDPUNKT])
    day = m // 1440
    d0 = (s - pd.Timestamp("1970-01-01")).days
    d1 = (e - pd.Timestamp("1970-01-01")).days
    keep = (day >= d0) & (day <= d1)
    cnt = np.bincount(lut[_month_index(m[keep]) % 12], minlength=4)
    exp_days = np.bincount(lut[dates.month.to_numpy() - 1], minlength=4)
    per_day = np.divide(cnt, exp_days, out=np.full(4, np.nan), where=exp_days > 0)
    overall = cnt.sum() / max(exp_days.sum(), 1)
    return pd.DataFrame({"arstid": list(SEASONS_SV), "antal": cnt, "dagar": exp_days,
                         "per_dag": per_day, "index": per_day / overall if overall > 0 else np.nan})


# The tests, holidays and aoristic spreading live in their own modules (to keep each under ~400
# lines); ``timing.<name>`` keeps working for them through this lazy lookup (no import cycle).
_MOVED = {"aoristic_hour_weekday": "aoristic", "special_day_effect": "specialdays", "special_days": "specialdays",
          **{n: "timetests" for n in ("PatternTest", "annual_wheel", "chisquare_pattern", "hour_test",
                                      "month_test", "time_tests", "weekday_block_test", "weekday_test")}}


def __getattr__(name):
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module(f"{__package__}.{_MOVED[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
