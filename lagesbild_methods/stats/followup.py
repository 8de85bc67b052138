"""Tertial follow-up of indicators and the weekly picture (step 5, the two short cadences).

* :func:`indicator_status` -- each indicator of the åtgärdsplan against its baseline and its
  target, with intervals. Counts and rates: exact Poisson interval (statsmodels
  ``confint_poisson``, ``exact-c``) and the score test/interval for the ratio now/baseline
  (``test_poisson_2indep``/``confint_poisson_2indep``). Overdispersion given as a factor phi
  (e.g. the Pearson dispersion of the series) is applied by working with effective counts x/phi
  (the quasi-Poisson variance phi*mu). Survey shares: Wilson interval, score test and
  Miettinen-Nurminen interval for the difference (as ``stats.share_change``). The target is
  fixed; it counts as *reached* only when the whole interval is on the good side of it.
* :func:`expected_vs_observed` -- the last complete week (or month) against what the same time
  of year gave in earlier years (the same period +/- ``window`` periods in each of the previous
  ``years`` years, as in Farrington et al. 1996). Such a baseline does not absorb a rise of the
  last few weeks, unlike a rolling mean. The ratio observed/expected has a score interval on
  effective counts with the baseline's overdispersion. Flags for *every* period (control limits)
  come from :func:`lagesbild_methods.patterns.control.control_flags`; this function answers the
  weekly meeting's question "is this week different from this time of year?".
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, test_proportions_2indep
from statsmodels.stats.rates import confint_poisson, confint_poisson_2indep, test_poisson_2indep

from ..errors import ParameterError, Problem
from .its import _conf, change_verdict
from ..verdicts import Change, Target

TYPER = ("antal", "takt", "andel")
RIKTNINGAR = ("minska", "oka")
_NEEDED = ["indikator", "typ", "baslinje_antal", "baslinje_namnare", "antal", "namnare"]


def _count_estimate(x, e, phi, alpha):
    lo, hi = confint_poisson(x / phi, e / phi, method="exact-c", alpha=alpha)
    return x / e, float(lo), float(hi)


def _ratio(x1, e1, x0, e0, phi, alpha):
    """Ratio of rates x1/e1 over x0/e0 with score interval and test on effective counts x/phi.

    The score interval fails when a count is 0; then the exact conditional (Clopper-Pearson on
    x1 given x1 + x0) interval and test are used instead."""
    if x0 == 0 and x1 == 0:
        return np.nan, np.nan, np.nan, np.nan
    a, b = x1 / phi, x0 / phi
    if a > 0 and b > 0:
        p = float(test_poisson_2indep(a, e1, b, e0, method="score", compare="ratio").pvalue)
        lo, hi = confint_poisson_2indep(a, e1, b, e0, method="score", compare="ratio", alpha=alpha)
        return (x1 / e1) / (x0 / e0), float(lo), float(hi), p
    pl, pu = proportion_confint(a, a + b, alpha=alpha, method="beta")
    with np.errstate(divide="ignore"):
        lo = pl / (1 - pl) * e0 / e1
        hi = pu / (1 - pu) * e0 / e1 if pu < 1 else np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        p = float(test_poisson_2indep(round(a), e1, round(b), e0, method="exact-cond", compare="ratio").pvalue)
    ratio = (x1 / e1) / (x0 / e0) if x0 > 0 else np.inf
    return ratio, float(lo), float(hi), p


def _verdict(lo, hi, p, alpha):
    if not np.isfinite(p):
        return Change.NOT_ASSESSED
    return change_verdict(lo, hi) if p < alpha else Change.NO_CHANGE


def _target(lo, hi, target, direction):
    if not (np.isfinite(target) and np.isfinite(lo) and np.isfinite(hi)):
        return Target.NOT_ASSESSED
    good_lo, good_hi = (hi <= target, lo > target) if direction == "minska" else (lo >= target, hi < target)
    if good_lo:
        return Target.REACHED
    if good_hi:
        return Target.NOT_REACHED
    return Target.UNCERTAIN


def indicator_status(indicators: pd.DataFrame, *, multiplier: float = 100_000, confidence: float = 0.95) -> pd.DataFrame:
    """Indicators against baseline and target (tertial follow-up).

    Parameters
    ----------
    indicators : one row per indicator with

        * ``indikator`` (id or name), ``typ``: ``"antal"`` (count per period), ``"takt"``
          (rate per ``multiplier``) or ``"andel"`` (survey share 0-1);
        * ``baslinje_antal``, ``baslinje_namnare`` and ``antal``, ``namnare``: events (or positive
          answers) and the denominator -- number of periods for ``antal`` (a baseline of three
          tertials has namnare 3), person-years for ``takt``, (effective) respondents for ``andel``;
        * optional ``mal`` (target on the value scale), ``riktning`` (``"minska"``, default, or
          ``"oka"``: the desired direction), ``dispersion`` (phi >= 1 for counts; default 1).

    Returns
    -------
    The input plus ``varde``, ``nedre``, ``ovre`` (now), ``baslinje_varde``, ``baslinje_nedre``,
    ``baslinje_ovre``, ``forandring_varde``/``_nedre``/``_ovre`` (ratio for counts and rates,
    difference in share points for shares; see ``forandring_skala``), ``p_varde``, ``forandring``
    (:class:`Change`), ``forbattring`` (a significant change in the desired direction),
    ``mal_status`` (:class:`Target`), ``metod`` and ``konfidens``.
    """
    conf = _conf(confidence)
    alpha = 1 - conf
    missing = [c for c in _NEEDED if c not in indicators.columns]
    if missing:
        raise ParameterError(f"Kolumn(er) saknas i indikatortabellen: {', '.join(missing)}.")
    out = indicators.reset_index(drop=True).copy()
    problems: list[Problem] = []
    rows = []
    for i, r in out.iterrows():
        typ = str(r["typ"]).strip().lower()
        direction = str(r.get("riktning", "minska") or "minska").strip().lower()
        if direction == "nan":
            direction = "minska"
        phi = float(r.get("dispersion", 1.0)) if pd.notna(r.get("dispersion", 1.0)) else 1.0
        target = float(r["mal"]) if "mal" in out.columns and pd.notna(r["mal"]) else np.nan
        if typ not in TYPER:
            problems.append(Problem("Okänd typ av indikator.", row=i + 2, column="typ", value=r["typ"],
                                    expected="antal, takt eller andel"))
            continue
        if direction not in RIKTNINGAR:
            problems.append(Problem("Okänd riktning.", row=i + 2, column="riktning", value=r.get("riktning"),
                                    expected="minska eller oka"))
            continue
        vals = pd.to_numeric(pd.Series([r["baslinje_antal"], r["baslinje_namnare"], r["antal"], r["namnare"]]),
                             errors="coerce").to_numpy(dtype=float)
        rec = {"varde": np.nan, "nedre": np.nan, "ovre": np.nan, "baslinje_varde": np.nan, "baslinje_nedre": np.nan,
               "baslinje_ovre": np.nan, "forandring_varde": np.nan, "forandring_nedre": np.nan,
               "forandring_ovre": np.nan, "forandring_skala": "kvot" if typ != "andel" else "procentenheter",
               "p_varde": np.nan, "forandring": Change.NOT_ASSESSED, "forbattring": False,
               "mal_status": Target.NOT_ASSESSED, "metod": "", "konfidens": conf}
        if np.isnan(vals).any():
            rows.append(rec)
            continue
        x0, n0, x1, n1 = vals
        if min(x0, x1) < 0 or min(n0, n1) <= 0 or phi < 1 or (typ == "andel" and (x0 > n0 or x1 > n1)):
            problems.append(Problem("Ogiltiga värden: antal måste vara ≥ 0, nämnare > 0, spridning ≥ 1 och för "
                                    "andelar antal ≤ nämnare.", row=i + 2))
            continue
        if typ == "andel":
            rec.update(_share_row(x0, n0, x1, n1, alpha))
        else:
            mult = multiplier if typ == "takt" else 1.0
            v1, lo1, hi1 = _count_estimate(x1, n1, phi, alpha)
            v0, lo0, hi0 = _count_estimate(x0, n0, phi, alpha)
            k, klo, khi, p = _ratio(x1, n1, x0, n0, phi, alpha)
            rec.update(varde=v1 * mult, nedre=lo1 * mult, ovre=hi1 * mult, baslinje_varde=v0 * mult,
                       baslinje_nedre=lo0 * mult, baslinje_ovre=hi0 * mult, forandring_varde=k,
                       forandring_nedre=klo, forandring_ovre=khi, p_varde=p,
                       forandring=_verdict(klo, khi, p, alpha),
                       metod="Exakt Poissonintervall; kvot med scoreintervall" +
                       (f" (överspridning {phi:g})" if phi > 1 else ""))
        ch = rec["forandring"]
        rec["forbattring"] = bool((ch == Change.DECREASE and direction == "minska") or
                                  (ch == Change.INCREASE and direction == "oka"))
        rec["mal_status"] = _target(rec["nedre"], rec["ovre"], target, direction)
        rows.append(rec)
    if problems:
        raise ParameterError("Indikatortabellen har ogiltiga värden.", problems)
    return pd.concat([out, pd.DataFrame(rows)], axis=1)


def _share_row(x0, n0, x1, n1, alpha):
    lo1, hi1 = proportion_confint(x1, n1, alpha=alpha, method="wilson")
    lo0, hi0 = proportion_confint(x0, n0, alpha=alpha, method="wilson")
    p = float(test_proportions_2indep(x1, n1, x0, n0, method="score", compare="diff").pvalue)
    dlo, dhi = confint_proportions_2indep(x1, n1, x0, n0, method="score", compare="diff", alpha=alpha)
    diff = x1 / n1 - x0 / n0
    if p >= alpha:
        ch = Change.NO_CHANGE
    else:
        ch = Change.INCREASE if diff > 0 else Change.DECREASE
    return {"varde": x1 / n1, "nedre": float(lo1), "ovre": float(hi1), "baslinje_varde": x0 / n0,
            "baslinje_nedre": float(lo0), "baslinje_ovre": float(hi0), "forandring_varde": diff,
            "forandring_nedre": float(dlo), "forandring_ovre": float(dhi), "p_varde": p, "forandring": ch,
            "metod": "Wilsonintervall; skillnad med scoreintervall (Miettinen–Nurminen)"}


# --------------------------------------------------------------------------------------------
# weekly picture
# --------------------------------------------------------------------------------------------
@dataclass
class ExpectedVsObserved:
    """The last period against the same time of year in earlier years (:func:`expected_vs_observed`)."""

    period: str
    observerat: float
    forvantat: float  # mean count of the baseline periods
    kvot: float
    nedre: float
    ovre: float
    p_varde: float
    verdikt: Change
    dispersion: float
    baslinje_perioder: int
    tidigare_ar: pd.DataFrame  # the same period in earlier years: period, start, antal
    metod: str


def expected_vs_observed(counts: pd.DataFrame, *, period: str | None = None, years: int = 3, window: int | None = None,
                         confidence: float = 0.95) -> ExpectedVsObserved:
    """Observed count of one week (or month) against the same time of year in earlier years.

    Parameters
    ----------
    counts : output of :func:`lagesbild_methods.patterns.timing.period_counts` (``period``,
        ``start``, ``ofullstandig``, ``antal``) for one indicator.
    period : label of the period to judge (default: the last complete one).
    years, window : baseline = complete periods whose start lies within ``window`` periods of the
        same date in each of the previous ``years`` years (default window: 3 weeks, as Farrington
        et al., or 1 month).
    """
    conf = _conf(confidence)
    for c in ("period", "start", "antal"):
        if c not in counts.columns:
            raise ParameterError(f"Tabellen med perioder saknar kolumnen '{c}'.")
    d = counts.reset_index(drop=True)
    complete = ~d["ofullstandig"].astype(bool) if "ofullstandig" in d.columns else pd.Series(True, index=d.index)
    start = pd.to_datetime(d["start"])
    if period is None:
        if not complete.any():
            raise ParameterError("Det finns ingen hel period att bedöma.")
        idx = int(np.flatnonzero(complete.to_numpy())[-1])
    else:
        hit = np.flatnonzero((d["period"].astype(str) == str(period)).to_numpy())
        if len(hit) == 0:
            raise ParameterError(f"Perioden '{period}' finns inte i tabellen.")
        idx = int(hit[0])
    step = float(np.median(np.diff(start.to_numpy()).astype("timedelta64[D]").astype(float))) if len(d) > 1 else 7.0
    t0 = start.iloc[idx]
    if window is None:
        window = 3 if step < 15 else 1
    base, same = [], []
    for k in range(1, int(years) + 1):
        ref = t0 - pd.DateOffset(years=k)
        delta = (start - ref).dt.days.abs()
        near = (delta <= window * step + step / 2) & complete
        base.extend(np.flatnonzero(near.to_numpy()).tolist())
        if (delta <= step / 2).any():
            j = int(delta.idxmin())
            same.append({"ar_sedan": k, "period": d.loc[j, "period"], "start": start.iloc[j].date(),
                         "antal": float(d.loc[j, "antal"])})
    tidigare = pd.DataFrame(same, columns=["ar_sedan", "period", "start", "antal"])
    x = float(d.loc[idx, "antal"])
    yb = d.loc[base, "antal"].to_numpy(dtype=float)
    nb = len(yb)
    metod = (f"Jämförelse med samma tid på året ({window} perioder före och efter) de {years} föregående åren, "
             "kvot med scoreintervall och överspridning skattad från jämförelseperioderna")
    if nb < 3:
        return ExpectedVsObserved(str(d.loc[idx, "period"]), x, np.nan, np.nan, np.nan, np.nan, np.nan,
                                  Change.NOT_ASSESSED, np.nan, nb, tidigare, metod)
    mean = float(yb.mean())
    phi = max(1.0, float(((yb - mean) ** 2).sum() / mean / (nb - 1))) if mean > 0 else 1.0
    k, lo, hi, p = _ratio(x, 1.0, yb.sum(), float(nb), phi, 1 - conf)
    verdict = Change.NO_CHANGE if (mean == 0 and x == 0) else _verdict(lo, hi, p, 1 - conf)
    return ExpectedVsObserved(str(d.loc[idx, "period"]), x, mean, k, lo, hi, p, verdict, phi, nb, tidigare, metod)
