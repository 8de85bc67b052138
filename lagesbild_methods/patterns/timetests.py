"""Are incidents unevenly spread over the week, the day or the year? Chi-square tests against exposure.

Pearson chi-square goodness of fit (:func:`scipy.stats.chisquare`) against exposure (how many
Mondays, hours, days of each month the observation window holds), with a seeded Monte Carlo
multinomial p-value when an expected count is below 5; peaks are cells whose Haberman adjusted
residual exceeds a Bonferroni-corrected normal quantile. :func:`time_tests` runs the four tests of
a report together and adjusts their p-values with Holm's method, so that four looks at the same
incidents do not give a "pattern" by chance more often than ``alpha``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .. import columns as C
from .timing import (DAY_START_HOUR, MONTHS_SV, TIME_BLOCKS, WEEKDAYS_SV, _month_index, _parts, _window, add_time_parts,
                     check_incidents, local_minutes)

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
    p_adjusted: float | None = None  # Holm-adjusted over the tests run together (:func:`time_tests`)
    n_tests: int = 1

    @property
    def p_used(self) -> float:
        """The p-value decisions use: the adjusted one when the test was run together with others."""
        return self.p if self.p_adjusted is None else self.p_adjusted

    @property
    def significant(self) -> bool:
        return bool(self.p_used < self.alpha)

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
    n = obs[use].sum()  # events in cells without exposure (outside the window) cannot be tested against it
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


def _block_of_hour() -> np.ndarray:
    """Block index (0..3) of each hour 0..23 per :data:`TIME_BLOCKS` (blocks may cross midnight)."""
    lut = np.zeros(24, np.int64)
    for i, (_, _, h0, h1) in enumerate(TIME_BLOCKS):
        hours = range(h0, h1) if h0 < h1 else list(range(h0, 24)) + list(range(0, h1))
        lut[list(hours)] = i
    return lut


def weekday_block_test(incidents: pd.DataFrame, *, start=None, end=None, alpha: float = 0.05) -> PatternTest:
    """Weekday x time-of-day block test (förmiddag 6-12, eftermiddag 12-18, kväll 18-22, natt 22-06).

    The night crosses midnight and belongs to the day it starts on: Friday 23:30 and Saturday 01:30
    are both "fredag natt". 28 cells; exposure = number of such days in the window x the hours of
    the block. The table has extra columns ``veckodag`` (0-6) and ``block`` (block name) so that
    :mod:`.text` can phrase "nätter fredag–lördag".
    """
    check_incidents(incidents)
    m, keep, dates = _minutes_in_window(incidents, start, end)
    p = _parts(m[keep])
    shifted = _parts(m[keep] - DAY_START_HOUR * 60)  # the day a night belongs to
    block = _block_of_hour()[p["hour"]]
    obs = np.bincount(shifted["weekday"] * 4 + block, minlength=28)
    hours = np.array([(h1 - h0) % 24 or 24 for _, _, h0, h1 in TIME_BLOCKS], float)
    expo = np.repeat(np.bincount(dates.day_of_week.to_numpy(), minlength=7), 4) * np.tile(hours, 7)
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


def time_tests(incidents: pd.DataFrame, *, start=None, end=None, alpha: float = 0.05) -> dict[str, PatternTest]:
    """The four time tests of a report, corrected together (Holm, :func:`statsmodels...multipletests`).

    Returns ``{"veckodag", "timme", "veckodag_block", "manad"}`` -> :class:`PatternTest` with
    ``p_adjusted`` set and ``n_tests = 4``; peaks are kept only in tests still significant after the
    adjustment. Under no pattern at all, some test is declared significant in at most ``alpha`` of
    runs (instead of up to 1 - (1 - alpha)^4).
    """
    from .multitest import holm

    tests = {"veckodag": weekday_test(incidents, start=start, end=end, alpha=alpha),
             "timme": hour_test(incidents, alpha=alpha),
             "veckodag_block": weekday_block_test(incidents, start=start, end=end, alpha=alpha),
             "manad": month_test(incidents, start=start, end=end, alpha=alpha)}
    ps = np.array([t.p for t in tests.values()], float)
    ok = np.isfinite(ps)
    adj = np.full(len(ps), np.nan)
    if ok.any():
        adj[ok] = holm(ps[ok], alpha=alpha)
    for (name, t), pa in zip(tests.items(), adj):
        t.p_adjusted = float(pa)
        t.n_tests = int(ok.sum())
        if not (pa < alpha):
            t.table["topp"] = False
    return tests
