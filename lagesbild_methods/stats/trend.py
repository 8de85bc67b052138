"""Change between periods, trend over years and seasonality of counts.

* Period-on-period change of two Poisson rates: the exact conditional test (binomial test on
  O2 given O1 + O2; Przyborowski & Wilenski 1940) from
  ``statsmodels.stats.rates.test_poisson_2indep`` (other statsmodels methods selectable), with
  the matching Clopper-Pearson interval for the rate ratio. A change is called significant only
  when the p-value is below 1 - confidence *and* the interval excludes 1, so the sentence never
  claims more than both support.
* Trend over years: Poisson GLM with log(population) offset, ``log mu = a + b*year``; annual
  change = exp(b) - 1 with its Wald interval. Overdispersion is checked with the Pearson
  chi-square / df (test against chi2(df)); if present the model is refitted as negative binomial
  (NB2, ``statsmodels.discrete.discrete_model.NegativeBinomial``), falling back to quasi-Poisson
  (Pearson-scaled GLM, methods.md section 6a) when NB does not converge.
* Seasonality of monthly series: STL (Cleveland et al. 1990, ``statsmodels.tsa.seasonal.STL``)
  or a Poisson GLM with two harmonic pairs and a linear trend (likelihood-ratio test for the
  seasonal terms, dispersion-scaled).
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats as _st
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep
from statsmodels.tools.sm_exceptions import ConvergenceWarning

from .. import columns as C
from .. import fmt
from ..errors import ParameterError
from ..verdicts import Change, Trend
from .rates import SMALL_NUMBER_THRESHOLD, _as_float, check_columns, normalize_confidence, validate_counts

#: Verdict aliases (kept for existing code); the wording is in lagesbild_methods.text.
OKNING = Change.INCREASE
MINSKNING = Change.DECREASE
INGEN_FORANDRING = Change.NO_CHANGE
EJ_BEDOMD = Change.NOT_ASSESSED
OKANDE_TREND = Trend.INCREASING
MINSKANDE_TREND = Trend.DECREASING
INGEN_TREND = Trend.NONE
TREND_EJ_BEDOMD = Trend.NOT_ASSESSED
FORANDRING = "forandring"  # verdict column (Change)

MANADSNAMN = fmt.MONTHS_SV

_METHOD_NAMES = {
    "exact-cond": "Exakt villkorat test (binomial)",
    "cond-midp": "Villkorat mid-p-test",
    "score": "Scoretest",
    "wald-log": "Wald-test (log-kvot)",
    "score-log": "Scoretest (log-kvot)",
    "sqrt": "Kvadratrotstest",
    "etest": "E-test (Krishnamoorthy & Thomson)",
}


# --------------------------------------------------------------------------------------
# two rates
# --------------------------------------------------------------------------------------


def compare_two_rates(count1, exposure1, count2, exposure2, *, method: str = "exact-cond",
                      confidence: float = 0.95, multiplier: float = 100_000) -> dict:
    """Compare rate 2 (later period) with rate 1 (earlier period).

    Returns a dict with ``varde_1``, ``varde_2`` (per multiplier), ``kvot`` (rate ratio 2/1),
    ``kvot_nedre``, ``kvot_ovre``, ``p_varde`` (two-sided), ``forandring`` (a ``Change`` verdict) and
    ``metod``. The exact conditional method pairs the binomial test with a Clopper-Pearson
    interval for the ratio; the others use ``confint_poisson_2indep`` with the same method.
    NaN in any input gives NaN out.
    """
    if method not in _METHOD_NAMES:
        raise ParameterError(f"Okänd testmetod '{method}'. Välj bland: {', '.join(_METHOD_NAMES)}.")
    (conf,) = normalize_confidence(confidence)
    o1, e1, o2, e2 = (float(v) if v is not None else np.nan for v in (count1, exposure1, count2, exposure2))
    validate_counts(np.array([o1, o2]), np.array([e1, e2]), C.ANTAL, C.NAMNARE, allow_count_above_denominator=True,
                    index=["period 1", "period 2"])
    res = {"varde_1": o1 / e1 * multiplier, "varde_2": o2 / e2 * multiplier, "kvot": np.nan,
           "kvot_nedre": np.nan, "kvot_ovre": np.nan, "p_varde": np.nan, FORANDRING: EJ_BEDOMD,
           "metod": _METHOD_NAMES[method], C.KONFIDENS: conf}
    if any(np.isnan(v) for v in (o1, e1, o2, e2)):
        return res
    if o1 + o2 == 0:
        res.update(p_varde=1.0, **{FORANDRING: INGEN_FORANDRING})
        return res
    alpha = 1 - conf
    if method in ("exact-cond", "cond-midp", "etest"):
        if not (o1.is_integer() and o2.is_integer()):
            raise ParameterError("Det exakta testet kräver heltal som antal.")
        o1, o2 = int(o1), int(o2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = test_poisson_2indep(o2, e2, o1, e1, method=method, compare="ratio", alternative="two-sided")
        if method in ("exact-cond", "cond-midp", "etest"):
            pl, pu = proportion_confint(o2, o1 + o2, alpha=alpha, method="beta")
            with np.errstate(divide="ignore"):
                lo = pl / (1 - pl) * e1 / e2
                hi = pu / (1 - pu) * e1 / e2 if pu < 1 else np.inf
        else:
            lo, hi = confint_poisson_2indep(o2, e2, o1, e1, method=method, compare="ratio", alpha=alpha)
    ratio = (o2 / e2) / (o1 / e1) if o1 > 0 else np.inf
    p = float(t.pvalue)
    if p < alpha and lo > 1:
        label = OKNING
    elif p < alpha and hi < 1:
        label = MINSKNING
    else:
        label = INGEN_FORANDRING
    res.update(kvot=ratio, kvot_nedre=float(lo), kvot_ovre=float(hi), p_varde=p, **{FORANDRING: label})
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
                           small_number: int = SMALL_NUMBER_THRESHOLD) -> pd.DataFrame:
    """Year-on-year or period-on-period change of rates, per group.

    ``period1`` and ``period2`` are a year or a list of years (pooled: counts and person-years
    are summed, so 2-3-year pools for small kommuner are simply lists). Missing years make the
    result NaN for that group.

    Returns one row per group with ``period_1``, ``period_2`` (text), ``antal_1``,
    ``namnare_1``, ``varde_1`` (average annual rate), the same for period 2, ``kvot`` (rate
    ratio 2/1) with ``kvot_nedre``/``kvot_ovre``, ``forandring_pct`` with ``forandring_nedre_pct``
    and ``forandring_ovre_pct``, ``p_varde``, ``forandring`` (a ``Change`` verdict), ``metod``,
    ``konfidens`` and ``litet_antal`` (either count below ``small_number``).
    """
    by = [b for b in by if b in df.columns]
    check_columns(df, [*by, C.AR, count, denominator])
    p1, p2 = _period(period1), _period(period2)
    if set(p1) & set(p2):
        raise ParameterError("Perioderna som jämförs får inte innehålla samma år.")
    d = df[[*by, C.AR, count, denominator]].copy()
    d[C.AR] = pd.to_numeric(d[C.AR])
    validate_counts(_as_float(d[count], count), _as_float(d[denominator], denominator), count, denominator,
                    allow_count_above_denominator=True, index=range(1, len(d) + 1))

    def pooled(years):
        sub = d[d[C.AR].isin(years)]
        g = sub.groupby(by, dropna=False) if by else sub.groupby(lambda _: 0)
        agg = g.agg(o=(count, lambda s: s.sum(min_count=1) if s.notna().all() else np.nan),
                    e=(denominator, lambda s: s.sum(min_count=1) if s.notna().all() else np.nan),
                    k=(C.AR, "nunique"))
        agg.loc[agg["k"] < len(years), ["o", "e"]] = np.nan
        return agg[["o", "e"]]

    a, b = pooled(p1), pooled(p2)
    both = a.add_suffix("1").join(b.add_suffix("2"), how="outer")
    rows = []
    for key, r in both.iterrows():
        res = compare_two_rates(r["o1"], r["e1"], r["o2"], r["e2"], method=method, confidence=confidence,
                                multiplier=multiplier)
        row = dict(zip(by, key if isinstance(key, tuple) else (key,))) if by else {}
        row.update({"period_1": _period_text(p1), "period_2": _period_text(p2), "antal_1": r["o1"],
                    "namnare_1": r["e1"], "antal_2": r["o2"], "namnare_2": r["e2"]})
        row.update(res)
        rows.append(row)
    out = pd.DataFrame(rows)
    out["forandring_pct"] = (out["kvot"] - 1) * 100
    out["forandring_nedre_pct"] = (out["kvot_nedre"] - 1) * 100
    out["forandring_ovre_pct"] = (out["kvot_ovre"] - 1) * 100
    with np.errstate(invalid="ignore"):
        small = (out["antal_1"] < small_number) | (out["antal_2"] < small_number)
    out[C.LITET_ANTAL] = pd.array(small, dtype="boolean")
    first = [*by, "period_1", "period_2", "antal_1", "namnare_1", "varde_1", "antal_2", "namnare_2", "varde_2",
             "kvot", "kvot_nedre", "kvot_ovre", "forandring_pct", "forandring_nedre_pct", "forandring_ovre_pct",
             "p_varde", FORANDRING, "metod", C.KONFIDENS, C.LITET_ANTAL]
    return out[first]


# --------------------------------------------------------------------------------------
# trend over years
# --------------------------------------------------------------------------------------


def _fit_trend(years: np.ndarray, o: np.ndarray, e: np.ndarray, family: str, conf: float) -> dict:
    t = years - years.mean()
    X = sm.add_constant(t)
    off = np.log(e)
    pois = sm.GLM(o, X, family=sm.families.Poisson(), offset=off).fit()
    df_resid = pois.df_resid
    disp = float(pois.pearson_chi2 / df_resid) if df_resid > 0 else np.nan
    disp_p = float(_st.chi2.sf(pois.pearson_chi2, df_resid)) if df_resid > 0 else np.nan
    chosen = family
    if family == "auto":
        chosen = "negbin" if (np.isfinite(disp_p) and disp_p < 0.05 and disp > 1) else "poisson"
    alpha = 1 - conf
    model_name = {"poisson": "Poisson-GLM", "negbin": "Negativ binomial (NB2)", "quasipoisson": "Kvasi-Poisson"}
    if chosen == "negbin":
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", ConvergenceWarning)
                warnings.filterwarnings("ignore", category=RuntimeWarning)
                nb = sm.NegativeBinomial(o, X, offset=off, loglike_method="nb2").fit(disp=0, maxiter=200)
            if not nb.mle_retvals.get("converged", True) or not np.all(np.isfinite(nb.bse)):
                raise ValueError("no convergence")
            b, (lo, hi), p = nb.params[1], nb.conf_int(alpha)[1], nb.pvalues[1]
        except (ValueError, ConvergenceWarning, np.linalg.LinAlgError):
            chosen = "quasipoisson"
    if chosen == "quasipoisson":
        q = sm.GLM(o, X, family=sm.families.Poisson(), offset=off).fit(scale="X2")
        b, (lo, hi), p = q.params[1], q.conf_int(alpha)[1], q.pvalues[1]
    elif chosen == "poisson":
        b, (lo, hi), p = pois.params[1], pois.conf_int(alpha)[1], pois.pvalues[1]
    return {"arlig_forandring_pct": (np.exp(b) - 1) * 100, "nedre_pct": (np.exp(lo) - 1) * 100,
            "ovre_pct": (np.exp(hi) - 1) * 100, "p_varde": float(p), "dispersion": disp,
            "dispersion_p": disp_p, "modell": model_name[chosen]}


def trend(df: pd.DataFrame, *, by: Sequence[str] = (C.KOMMUNKOD, C.BROTTSTYP), count: str = C.ANTAL,
          denominator: str = C.FOLKMANGD, family: str = "auto", confidence: float = 0.95,
          min_years: int = 4) -> pd.DataFrame:
    """Log-linear trend of the rate over years, per group: annual % change with its interval.

    Parameters
    ----------
    family : {"auto", "poisson", "negbin", "quasipoisson"}
        "auto" fits Poisson and switches to negative binomial when the Pearson dispersion test
        is significant at 5 % (quasi-Poisson if NB does not converge).
    min_years : int
        Groups with fewer years get NaN and the verdict ``Trend.NOT_ASSESSED``.

    Returns
    -------
    DataFrame
        One row per group: ``ar_fran``, ``ar_till``, ``antal_ar``, ``antal`` (total count),
        ``arlig_forandring_pct``, ``nedre_pct``, ``ovre_pct``, ``p_varde``, ``dispersion``
        (Pearson chi2/df of the Poisson fit), ``dispersion_p``, ``modell``, ``trend``
        (a ``Trend`` verdict), ``konfidens``.
    """
    if family not in ("auto", "poisson", "negbin", "quasipoisson"):
        raise ParameterError("Modellen ska vara 'auto', 'poisson', 'negbin' eller 'quasipoisson'.")
    (conf,) = normalize_confidence(confidence)
    by = [b for b in by if b in df.columns]
    check_columns(df, [*by, C.AR, count, denominator])
    d = df[[*by, C.AR, count, denominator]].copy()
    o_all, e_all = _as_float(d[count], count), _as_float(d[denominator], denominator)
    validate_counts(o_all, e_all, count, denominator, allow_count_above_denominator=True,
                    index=range(1, len(d) + 1))
    d["_o"], d["_e"], d["_y"] = o_all, e_all, pd.to_numeric(d[C.AR]).astype(float)
    d = d[d["_o"].notna() & d["_e"].notna()]
    groups = d.groupby(by, dropna=False, sort=True) if by else [((), d)]
    rows = []
    for key, g in groups:
        row = dict(zip(by, key if isinstance(key, tuple) else (key,)))
        row.update({"ar_fran": int(g["_y"].min()), "ar_till": int(g["_y"].max()), "antal_ar": int(g["_y"].nunique()),
                    C.ANTAL: float(g["_o"].sum())})
        if row["antal_ar"] < min_years or g["_o"].sum() == 0:
            row.update({"arlig_forandring_pct": np.nan, "nedre_pct": np.nan, "ovre_pct": np.nan, "p_varde": np.nan,
                        "dispersion": np.nan, "dispersion_p": np.nan, "modell": None, "trend": TREND_EJ_BEDOMD})
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fit = _fit_trend(g["_y"].to_numpy(), g["_o"].to_numpy(), g["_e"].to_numpy(), family, conf)
            alpha = 1 - conf
            if fit["p_varde"] < alpha and fit["nedre_pct"] > 0:
                lab = OKANDE_TREND
            elif fit["p_varde"] < alpha and fit["ovre_pct"] < 0:
                lab = MINSKANDE_TREND
            else:
                lab = INGEN_TREND
            row.update(fit)
            row["trend"] = lab
        row[C.KONFIDENS] = conf
        rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# seasonality
# --------------------------------------------------------------------------------------


def _monthly(df: pd.DataFrame, time: str, count: str) -> pd.Series:
    check_columns(df, [time, count])
    t = df[time]
    if isinstance(t.dtype, pd.PeriodDtype):
        idx = t.dt.to_timestamp()
    else:
        idx = pd.to_datetime(t)
        if getattr(idx.dt, "tz", None) is not None:
            idx = idx.dt.tz_localize(None)
    s = pd.Series(_as_float(df[count], count), index=pd.DatetimeIndex(idx).to_period("M"))
    s = s.groupby(level=0).sum(min_count=1).sort_index()
    full = pd.period_range(s.index.min(), s.index.max(), freq="M")
    return s.reindex(full)


def seasonality(df: pd.DataFrame, *, time: str = "manad", count: str = C.ANTAL, method: str = "harmonic",
                harmonics: int = 2) -> pd.DataFrame:
    """Seasonal pattern of a monthly count series (one area, one category).

    Parameters
    ----------
    df : DataFrame
        One row per month: ``time`` (a date in the month or a monthly Period) and ``count``.
    method : {"harmonic", "stl"}
        "harmonic": Poisson GLM ``log mu = a + b t + sum_k (s_k sin + c_k cos)(2 pi k m / 12)``;
        returns per calendar month the seasonal factor (fitted seasonal multiplier, mean 1) and
        the p-value of the likelihood-ratio test for the seasonal terms (scaled by the Pearson
        dispersion when > 1). Needs 24 months.
        "stl": robust STL decomposition (period 12) of the counts; returns per month
        ``observerat``, ``trend``, ``sasong``, ``rest``. Needs 24 months.

    Returns
    -------
    DataFrame
    """
    s = _monthly(df, time, count)
    if s.isna().any():
        raise ParameterError("Månadsserien har luckor (månader utan värde). Fyll i 0 för månader utan händelser.")
    if len(s) < 24:
        raise ParameterError(f"Säsongsanalys kräver minst 24 månader; serien har {len(s)}.")
    if method == "stl":
        from statsmodels.tsa.seasonal import STL

        res = STL(pd.Series(s.to_numpy(), index=s.index.to_timestamp()), period=12, robust=True).fit()
        return pd.DataFrame({"manad": s.index.to_timestamp(), "observerat": s.to_numpy(), "trend": res.trend.to_numpy(),
                             "sasong": res.seasonal.to_numpy(), "rest": res.resid.to_numpy(), C.METOD: "STL (robust)"})
    if method != "harmonic":
        raise ParameterError("Säsongsmetoden ska vara 'harmonic' eller 'stl'.")
    y = s.to_numpy()
    t = np.arange(len(y), dtype=float)
    m = s.index.month.to_numpy()
    harm = []
    for k in range(1, harmonics + 1):
        harm += [np.sin(2 * np.pi * k * m / 12), np.cos(2 * np.pi * k * m / 12)]
    X0 = sm.add_constant(t)
    X1 = np.column_stack([X0, *harm])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f0 = sm.GLM(y, X0, family=sm.families.Poisson()).fit()
        f1 = sm.GLM(y, X1, family=sm.families.Poisson()).fit()
    disp = max(1.0, float(f1.pearson_chi2 / f1.df_resid))
    lr = (f0.deviance - f1.deviance) / disp
    p = float(_st.chi2.sf(lr, 2 * harmonics))
    months = np.arange(1, 13)
    hm = []
    for k in range(1, harmonics + 1):
        hm += [np.sin(2 * np.pi * k * months / 12), np.cos(2 * np.pi * k * months / 12)]
    seas = np.column_stack(hm) @ f1.params[2:]
    factor = np.exp(seas) / np.exp(seas).mean()
    return pd.DataFrame({"manad_nr": months, "manad": MANADSNAMN, "sasongsfaktor": factor, "p_varde": p,
                         "dispersion": disp, C.METOD: f"Poisson-GLM med {harmonics} harmoniska par och linjär trend"})
