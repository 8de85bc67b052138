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
#: Time-of-day blocks used by the weekday x block test: (name, plural, first hour, end hour).
TIME_BLOCKS = [("natt", "nätter", 0, 6), ("förmiddag", "förmiddagar", 6, 12),
               ("eftermiddag", "eftermiddagar", 12, 18), ("kväll", "kvällar", 18, 24)]
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


# --------------------------------------------------------------------------------------------
# pattern tests
# --------------------------------------------------------------------------------------------
@dataclass
class PatternTest:
    """Result of a chi-square goodness-of-fit test against exposure.

    ``table`` has columns ``etikett, observerat, forvantat, residual`` (Haberman adjusted residual)
    and ``topp`` (bool: significantly above expected after a Bonferroni correction over cells,
    only when the overall test is significant at ``alpha``).
    """

    name: str
    table: pd.DataFrame
    statistic: float
    dof: int
    p: float
    n: int
    method: str
    alpha: float = 0.05
    extra: dict = field(default_factory=dict)

    @property
    def significant(self) -> bool:
        return bool(self.p < self.alpha)

    @property
    def peaks(self) -> list[str]:
        return list(self.table.loc[self.table["topp"], "etikett"])


def chisquare_pattern(observed, exposure, labels, *, name: str, alpha: float = 0.05,
                      seed: int = 20260101, n_sim: int = 9999) -> PatternTest:
    """Pearson chi-square test of ``observed`` counts against expected counts proportional to ``exposure``.

    When any expected count is below 5 the p-value comes from ``n_sim`` seeded multinomial
    simulations under the null (Monte Carlo, (b + 1)/(n_sim + 1)); otherwise from the chi-square
    distribution (:func:`scipy.stats.chisquare`). Peaks: adjusted residual
    (o - e)/sqrt(e (1 - p_k)) > z_{1 - alpha/(2k)}.
    """
    obs = np.asarray(observed, dtype=float)
    expo = np.asarray(exposure, dtype=float)
    use = expo > 0
    n = obs.sum()
    probs = np.where(use, expo / expo[use].sum(), 0.0)
    exp = n * probs
    k = int(use.sum())
    if n == 0 or k < 2:
        tab = pd.DataFrame({"etikett": labels, "observerat": obs, "forvantat": exp,
                            "residual": np.nan, "topp": False})
        return PatternTest(name, tab, np.nan, max(k - 1, 0), np.nan, int(n), "för få data", alpha)
    stat, p = stats.chisquare(obs[use], exp[use])
    method = "χ²-test"
    if exp[use].min() < 5:
        rng = np.random.default_rng(seed)
        sims = rng.multinomial(int(n), probs[use], size=n_sim)
        sim_stat = ((sims - exp[use]) ** 2 / exp[use]).sum(axis=1)
        p = (np.sum(sim_stat >= stat - 1e-9) + 1) / (n_sim + 1)
        method = "χ²-test (simulerat p-värde)"
    with np.errstate(divide="ignore", invalid="ignore"):
        resid = np.where(use, (obs - exp) / np.sqrt(exp * (1 - probs)), np.nan)
    crit = stats.norm.ppf(1 - alpha / (2 * k))
    peak = (resid > crit) & (p < alpha)
    tab = pd.DataFrame({"etikett": labels, "observerat": obs, "forvantat": exp,
                        "residual": resid, "topp": peak})
    return PatternTest(name, tab, float(stat), k - 1, float(p), int(n), method, alpha)


def _exposure_days(incidents, start, end):
    s, e = _window(incidents, start, end)
    dates = pd.date_range(s, e, freq="D")
    return s, e, dates


def _minutes_in_window(incidents, start, end):
    """(local minutes of every incident, mask of those inside the window, the window's dates)."""
    s, e, dates = _exposure_days(incidents, start, end)
    m = local_minutes(incidents[C.TIDPUNKT])
    day = m // 1440
    d0, d1 = (s - pd.Timestamp("1970-01-01")).days, (e - pd.Timestamp("1970-01-01")).days
    return m, (day >= d0) & (day <= d1), dates


def weekday_test(incidents: pd.DataFrame, *, start=None, end=None, alpha: float = 0.05) -> PatternTest:
    """Are incidents unevenly spread over the weekdays? Exposure = number of each weekday in the window."""
    check_incidents(incidents)
    m, keep, dates = _minutes_in_window(incidents, start, end)
    obs = np.bincount((m[keep] // 1440 + 3) % 7, minlength=7)
    expo = np.bincount(dates.day_of_week.to_numpy(), minlength=7)
    return chisquare_pattern(obs, expo, WEEKDAYS_SV, name="veckodag", alpha=alpha)


def hour_test(incidents: pd.DataFrame, *, alpha: float = 0.05) -> PatternTest:
    """Are incidents unevenly spread over the 24 hours of the day (equal exposure per hour)?"""
    check_incidents(incidents)
    h = _parts(local_minutes(incidents[C.TIDPUNKT]))["hour"]
    labels = [f"{i:02d}–{i + 1:02d}" for i in range(24)]
    return chisquare_pattern(np.bincount(h, minlength=24), np.ones(24), labels, name="timme", alpha=alpha)


def weekday_block_test(incidents: pd.DataFrame, *, start=None, end=None, alpha: float = 0.05) -> PatternTest:
    """Weekday x time-of-day block (natt 0-6, förmiddag 6-12, eftermiddag 12-18, kväll 18-24) test.

    28 cells; exposure = number of that weekday in the window x 6 hours. The table has extra
    columns ``veckodag`` (0-6) and ``block`` (block name) so that :mod:`.text` can phrase
    "kvällar fredag–lördag".
    """
    check_incidents(incidents)
    m, keep, dates = _minutes_in_window(incidents, start, end)
    p = _parts(m)
    block = p["hour"][keep] // 6
    obs = np.bincount(p["weekday"][keep] * 4 + block, minlength=28)
    expo = np.repeat(np.bincount(dates.day_of_week.to_numpy(), minlength=7), 4)
    labels = [f"{WEEKDAYS_SV[d]} {TIME_BLOCKS[b][0]}" for d in range(7) for b in range(4)]
    res = chisquare_pattern(obs, expo, labels, name="veckodag och tid på dygnet", alpha=alpha)
    res.table["veckodag"] = np.repeat(np.arange(7), 4)
    res.table["block"] = [TIME_BLOCKS[b][0] for _ in range(7) for b in range(4)]
    return res


def month_test(incidents: pd.DataFrame, *, start=None, end=None, alpha: float = 0.05) -> PatternTest:
    """Are incidents unevenly spread over calendar months? Exposure = days of each month in the window."""
    check_incidents(incidents)
    m, keep, dates = _minutes_in_window(incidents, start, end)
    obs = np.bincount(_month_index(m[keep]) % 12, minlength=12)
    expo = np.bincount(dates.month.to_numpy() - 1, minlength=12)
    return chisquare_pattern(obs, expo, MONTHS_SV, name="månad", alpha=alpha)


def annual_wheel(incidents: pd.DataFrame, *, start=None, end=None, alpha: float = 0.05) -> pd.DataFrame:
    """Data for an "årshjul": incidents per calendar month, per year and in total, exposure-adjusted.

    Returns one row per month (``manad`` 1-12, ``namn``) with one column per year (counts; NaN when
    the month is outside the window), ``antal``, ``dagar``, ``per_dag``, ``index`` (1 = average day),
    ``ar_over_snitt`` (years in which the month's daily rate exceeded that year's average),
    ``antal_ar`` (years with the whole month in the window) and ``aterkommande_topp`` (bool: a peak
    in the month test *and* above average in at least two thirds of the years, at least 2 years).
    ``attrs["test"]`` holds the :class:`PatternTest` of :func:`month_test`.
    """
    check_incidents(incidents)
    s, e, dates = _exposure_days(incidents, start, end)
    tp = add_time_parts(incidents)
    day = tp["datum"]
    tp = tp[(day >= s) & (day <= e)]
    years = sorted(set(dates.year))
    per_year = (tp.groupby(["manad", "ar"]).size().unstack("ar")
                .reindex(index=range(1, 13), columns=years).fillna(0))
    dd = pd.Series(1, index=dates).groupby([dates.month, dates.year]).size().unstack()
    dd = dd.reindex(index=range(1, 13), columns=years)
    full_days = pd.DataFrame({y: [pd.Period(year=y, month=mm, freq="M").days_in_month for mm in range(1, 13)]
                              for y in years}, index=range(1, 13))
    complete = dd.eq(full_days)
    per_year = per_year.where(dd.notna())
    rate = per_year / dd
    year_avg = per_year.sum() / dd.sum()
    above = (rate.gt(year_avg, axis=1) & complete).sum(axis=1)
    n_years = complete.sum(axis=1)
    test = month_test(incidents, start=start, end=end, alpha=alpha)
    out = per_year.copy()
    out.columns = [int(c) for c in out.columns]
    out.insert(0, "namn", MONTHS_SV)
    out["antal"] = test.table["observerat"].to_numpy()
    out["dagar"] = dd.sum(axis=1).to_numpy()
    out["per_dag"] = out["antal"] / out["dagar"].where(out["dagar"] > 0)
    overall = out["antal"].sum() / out["dagar"].sum()
    out["index"] = out["per_dag"] / overall if overall > 0 else np.nan
    out["ar_over_snitt"] = above.to_numpy()
    out["antal_ar"] = n_years.to_numpy()
    out["aterkommande_topp"] = (test.table["topp"].to_numpy() & (n_years.to_numpy() >= 2)
                                & (above.to_numpy() * 3 >= 2 * n_years.to_numpy()))
    out.index.name = "manad"
    out.attrs["test"] = test
    return out


# --------------------------------------------------------------------------------------------
# holidays and recurring events
# --------------------------------------------------------------------------------------------
_HOLIDAY_TYPE = {"public": "allmän helgdag", "de_facto": "helgafton (de facto)", "optional": "aftondag"}


def special_days(years, *, school_holidays=None) -> pd.DataFrame:
    """Swedish public holidays and eves (``holidays`` library, language "sv") plus school holidays.

    Julafton, midsommarafton and nyårsafton come from the ``de_facto`` category, valborgsmässoafton,
    påskafton and pingstafton from ``optional``. School holidays differ between municipalities and
    years, so none are shipped: pass ``school_holidays`` as a frame or list of dicts with
    ``namn, start, slut`` (inclusive dates), e.g. ``{"namn": "Sportlov", "start": "2025-02-17",
    "slut": "2025-02-23"}``.

    Returns ``datum`` (Timestamp, naive), ``namn`` and ``typ``; parenthesised remarks such as
    "(från kl. 14.00)" are removed from the names so the same day matches across years.
    """
    import holidays as _hol

    years = sorted({int(y) for y in np.atleast_1d(years)})
    rows = []
    for cat, typ in _HOLIDAY_TYPE.items():
        h = _hol.country_holidays("SE", years=years, language="sv", categories=(cat,))
        for d, name in h.items():
            for part in str(name).split(";"):
                clean = part.split("(")[0].strip()
                if clean.lower() == "söndag":
                    continue
                rows.append((pd.Timestamp(d), clean, typ))
    if school_holidays is not None:
        sh = pd.DataFrame(school_holidays)
        missing = {"namn", "start", "slut"} - set(sh.columns)
        if missing:
            raise ParameterError("Skollov ska anges med kolumnerna namn, start och slut.")
        for r in sh.itertuples(index=False):
            for d in pd.date_range(pd.to_datetime(r.start), pd.to_datetime(r.slut), freq="D"):
                rows.append((d, str(r.namn), "skollov"))
    out = pd.DataFrame(rows, columns=["datum", "namn", "typ"])
    return out.drop_duplicates().sort_values(["datum", "namn"]).reset_index(drop=True)


def special_day_effect(incidents: pd.DataFrame, *, start=None, end=None, school_holidays=None,
                       day_start_hour: int = 6, weeks_around: int = 4) -> pd.DataFrame:
    """Incidents on holidays, eves and school holidays compared with ordinary days.

    A "dygn" runs from ``day_start_hour`` (default 06:00) to the same hour next day, so the night
    after Valborgsmässoafton counts to Valborg. The expected count for each occurrence is the mean
    of the same weekday 1..``weeks_around`` weeks before and after (special days excluded), summed
    over occurrences of the same ``namn``; one-sided exact Poisson tail probabilities
    (``p_hog`` = P(X >= obs), ``p_lag`` = P(X <= obs)).

    Returns ``namn, typ, dagar, antal, forvantat, kvot, p_hog, p_lag`` sorted by ``kvot`` descending.
    """
    check_incidents(incidents)
    if not 0 <= int(day_start_hour) <= 23:
        raise ParameterError("day_start_hour ska vara en timme mellan 0 och 23.")
    s, e = _window(incidents, start, end)
    m = local_minutes(incidents[C.TIDPUNKT]) - int(day_start_hour) * 60
    day = m // 1440
    d0, d1 = (s - pd.Timestamp("1970-01-01")).days, (e - pd.Timestamp("1970-01-01")).days
    keep = (day >= d0) & (day <= d1)
    daily = np.bincount(day[keep] - d0, minlength=d1 - d0 + 1).astype(float)
    sd = special_days(range(s.year, e.year + 1), school_holidays=school_holidays)
    sd = sd[(sd["datum"] >= s) & (sd["datum"] <= e)]
    if sd.empty:
        return pd.DataFrame(columns=["namn", "typ", "dagar", "antal", "forvantat", "kvot", "p_hog", "p_lag"])
    idx = ((sd["datum"] - pd.Timestamp("1970-01-01")).dt.days - d0).to_numpy()
    special = np.zeros(len(daily), bool)
    special[idx] = True
    offs = np.concatenate([-7 * np.arange(1, weeks_around + 1), 7 * np.arange(1, weeks_around + 1)])
    nb = idx[:, None] + offs[None, :]
    ok = (nb >= 0) & (nb < len(daily))
    nbc = np.clip(nb, 0, len(daily) - 1)
    ok &= ~special[nbc]
    vals = np.where(ok, daily[nbc], 0.0)
    expected = np.divide(vals.sum(1), ok.sum(1), out=np.full(len(idx), np.nan), where=ok.sum(1) > 0)
    occ = pd.DataFrame({"namn": sd["namn"].to_numpy(), "typ": sd["typ"].to_numpy(),
                        "antal": daily[idx], "forvantat": expected})
    g = occ.groupby(["namn", "typ"], sort=False).agg(dagar=("antal", "size"), antal=("antal", "sum"),
                                                      forvantat=("forvantat", "sum")).reset_index()
    g["antal"] = g["antal"].astype(int)
    g["kvot"] = g["antal"] / g["forvantat"].where(g["forvantat"] > 0)
    g["p_hog"] = stats.poisson.sf(g["antal"] - 1, g["forvantat"])
    g["p_lag"] = stats.poisson.cdf(g["antal"], g["forvantat"])
    return g.sort_values("kvot", ascending=False, na_position="last").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# aoristic spreading
# --------------------------------------------------------------------------------------------
def aoristic_hour_weekday(incidents: pd.DataFrame, *, max_hours: float = 168.0) -> pd.DataFrame:
    """Hour x weekday table where incidents with a from-to window are spread over the window.

    Each incident with ``tidpunkt_till`` later than ``tidpunkt`` contributes overlap/duration to
    every hour slot it covers (Ratcliffe 2002, minute resolution); exact incidents contribute 1 to
    their hour. Windows longer than ``max_hours`` carry almost no information about the hour and
    are left out (their number is in ``attrs["utelamnade"]``). Totals equal the number of
    incidents used.

    Returns a 7 x 24 float frame like :func:`hour_weekday_counts` with ``attrs`` ``exakta``,
    ``spridda``, ``utelamnade``.
    """
    check_incidents(incidents)
    s = local_minutes(incidents[C.TIDPUNKT])
    if C.TIDPUNKT_TILL in incidents.columns and incidents[C.TIDPUNKT_TILL].notna().any():
        check_incidents(incidents, (C.TIDPUNKT, C.TIDPUNKT_TILL))
        till = incidents[C.TIDPUNKT_TILL]
        has = till.notna().to_numpy()
        e = np.where(has, local_minutes(till.fillna(incidents[C.TIDPUNKT])), s)
    else:
        has = np.zeros(len(s), bool)
        e = s.copy()
    if (e < s).any():
        bad = np.flatnonzero(e < s)[:50]
        raise InputDataError(None, [Problem("Sluttiden ligger före starttiden.", row=int(r) + 2,
                                            column=C.TIDPUNKT_TILL) for r in bad],
                             summary=f"{int((e < s).sum())} händelser har tidpunkt_till före tidpunkt.")
    dur = e - s
    spread = has & (dur > 0)
    too_long = spread & (dur > max_hours * 60)
    exact = ~spread
    spread &= ~too_long
    hp = _parts(s[exact])
    table = np.bincount(hp["weekday"] * 24 + hp["hour"], minlength=168).astype(float)
    if spread.any():
        ss, ee = s[spread], e[spread]
        h0, h1 = ss // 60, (ee - 1) // 60
        nslot = (h1 - h0 + 1).astype(np.int64)
        rep = np.repeat(np.arange(len(ss)), nslot)
        within = np.arange(nslot.sum()) - np.repeat(np.cumsum(nslot) - nslot, nslot)
        slot = h0[rep] + within
        overlap = np.minimum(ee[rep], (slot + 1) * 60) - np.maximum(ss[rep], slot * 60)
        wts = overlap / (ee - ss)[rep]
        how = ((slot // 24 + 3) % 7) * 24 + slot % 24
        table += np.bincount(how, weights=wts, minlength=168)
    out = pd.DataFrame(table.reshape(7, 24), index=pd.Index(WEEKDAYS_SV, name="veckodag"),
                       columns=pd.RangeIndex(24, name="timme"))
    out.attrs.update(exakta=int(exact.sum()), spridda=int(spread.sum()), utelamnade=int(too_long.sum()))
    return out
