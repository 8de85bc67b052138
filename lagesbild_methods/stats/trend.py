"""Trend over years and seasonality of counts; the two-period change lives in :mod:`.change`.

* Trend over years: GLM with log(population) offset, ``log mu = a + b*year``; annual change =
  exp(b) - 1 with its Wald interval (test and interval are the same Wald statistic). The default
  ``family="auto"`` is a negative binomial GLM whose extra variation alpha is *estimated from the
  data* (:mod:`.dispersion`: pooled over the county's kommuner for the same crime type, or over
  categories; the Student-t calibration covers small degrees of freedom) and fixed in the fit
  (``statsmodels`` ``families.NegativeBinomial(alpha)``); alpha = 0 gives the Poisson GLM. The
  old automatic switch (Poisson unless a Pearson test on 9 df detects overdispersion) called 10-12
  % of flat overdispersed series a trend; the pooled alpha keeps it near 5 %
  (``benchmarks/sim_false_alarms.py``). ``"negbin"`` (alpha by maximum likelihood from the series
  alone), ``"quasipoisson"`` (Pearson-scaled, t reference) and ``"poisson"`` remain selectable.
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
from statsmodels.tools.sm_exceptions import ConvergenceWarning

from .. import columns as C
from .. import fmt
from ..errors import ParameterError
from ..verdicts import Change, Trend
from . import dispersion as D
from .change import FORANDRING, METHODS, change_between_periods, compare_two_rates  # noqa: F401 (old home)
from .rates import _as_float, check_columns, normalize_confidence, validate_counts

#: Verdict aliases (kept for existing code); the wording is in lagesbild_methods.text.
OKNING = Change.INCREASE
MINSKNING = Change.DECREASE
INGEN_FORANDRING = Change.NO_CHANGE
EJ_BEDOMD = Change.NOT_ASSESSED
OKANDE_TREND = Trend.INCREASING
MINSKANDE_TREND = Trend.DECREASING
INGEN_TREND = Trend.NONE
TREND_EJ_BEDOMD = Trend.NOT_ASSESSED

MANADSNAMN = fmt.MONTHS_SV

# --------------------------------------------------------------------------------------
# trend over years
# --------------------------------------------------------------------------------------


_MODEL_NAMES = {"poisson": "Poisson-GLM", "negbin": "Negativ binomial (NB2)", "nb-pooled": "Negativ binomial (NB2)",
                "quasipoisson": "Kvasi-Poisson"}
_EMPTY = {"arlig_forandring_pct": np.nan, "nedre_pct": np.nan, "ovre_pct": np.nan, "p_varde": np.nan,
          "dispersion": np.nan, "dispersion_p": np.nan, "modell": None}


def _fit_trend(years: np.ndarray, o: np.ndarray, e: np.ndarray, family: str, conf: float,
               alpha_fixed: float = 0.0) -> dict:
    # a log-linear trend exists only when the events are not all in the first or all in the last
    # year (the event-weighted mean year must lie strictly between them); otherwise the slope is
    # infinite and any number printed would be an artefact of the optimiser
    mean_year = float(np.sum(years * o) / np.sum(o))
    if not (years.min() < mean_year < years.max()):
        raise ValueError("trend not estimable")
    t = years - years.mean()
    X = sm.add_constant(t)
    off = np.log(e)
    pois = sm.GLM(o, X, family=sm.families.Poisson(), offset=off).fit()
    df_resid = pois.df_resid
    disp = float(pois.pearson_chi2 / df_resid) if df_resid > 0 else np.nan
    disp_p = float(_st.chi2.sf(pois.pearson_chi2, df_resid)) if df_resid > 0 else np.nan
    chosen = family
    if family == "auto":
        chosen = "nb-pooled" if alpha_fixed > 0 else "poisson"
    level = 1 - conf
    res = pois
    if chosen == "nb-pooled":
        res = sm.GLM(o, X, family=sm.families.NegativeBinomial(alpha=alpha_fixed), offset=off).fit()
    elif chosen == "negbin":
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", ConvergenceWarning)
                warnings.filterwarnings("ignore", category=RuntimeWarning)
                res = sm.NegativeBinomial(o, X, offset=off, loglike_method="nb2").fit(disp=0, maxiter=200)
            if not res.mle_retvals.get("converged", True) or not np.all(np.isfinite(res.bse)):
                raise ValueError("no convergence")
        except (ValueError, ConvergenceWarning, np.linalg.LinAlgError):
            chosen = "quasipoisson"
    if chosen == "quasipoisson":  # Pearson-scaled, t reference (small df)
        res = sm.GLM(o, X, family=sm.families.Poisson(), offset=off).fit(scale="X2", use_t=True)
    b, (lo, hi), p = res.params[1], res.conf_int(level)[1], res.pvalues[1]
    with np.errstate(over="ignore"):
        out = {"arlig_forandring_pct": (np.exp(b) - 1) * 100, "nedre_pct": (np.exp(lo) - 1) * 100,
               "ovre_pct": (np.exp(hi) - 1) * 100, "p_varde": float(p), "dispersion": disp,
               "dispersion_p": disp_p, "modell": _MODEL_NAMES[chosen]}
    if not np.all(np.isfinite([out["arlig_forandring_pct"], out["nedre_pct"], out["ovre_pct"], p])):
        raise ValueError("trend not estimable")
    return out


def trend(df: pd.DataFrame, *, by: Sequence[str] = (C.KOMMUNKOD, C.BROTTSTYP), count: str = C.ANTAL,
          denominator: str = C.FOLKMANGD, family: str = "auto", confidence: float = 0.95,
          min_years: int = 4, extra_variation="auto") -> pd.DataFrame:
    """Log-linear trend of the rate over years, per group: annual % change with its interval.

    Parameters
    ----------
    family : {"auto", "poisson", "negbin", "quasipoisson"}
        "auto": negative binomial GLM with the extra variation alpha from ``extra_variation``
        (Poisson when alpha = 0). "negbin": alpha by maximum likelihood from the series alone
        (quasi-Poisson if that does not converge).
    extra_variation : "auto", float or DataFrame
        "auto" estimates alpha from ``df`` (all groups and years,
        :func:`~lagesbild_methods.stats.dispersion.estimate_extra_variation`); a number is used for
        every group; a frame from ``estimate_extra_variation`` is looked up per group. Only used
        with ``family="auto"``.
    min_years : int
        Groups with fewer years get NaN and the verdict ``Trend.NOT_ASSESSED``.

    Returns
    -------
    DataFrame
        One row per group: ``ar_fran``, ``ar_till``, ``antal_ar``, ``antal`` (total count),
        ``arlig_forandring_pct``, ``nedre_pct``, ``ovre_pct``, ``p_varde``, ``dispersion``
        (Pearson chi2/df of the Poisson fit), ``dispersion_p``, ``modell``, ``trend``
        (a ``Trend`` verdict; significant iff p < 1 - confidence, iff the interval excludes 0),
        ``konfidens``, ``overspridning`` (alpha used) and ``overspridning_kalla``. Years with a
        missing count or population are left out (``antal_ar`` counts the years used; a group
        without any is kept, ``NOT_ASSESSED``); a series whose trend cannot be estimated (all
        events in one year) is ``NOT_ASSESSED``.
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
    alphas = (D.resolve(df, extra_variation, by=by, count=count, denominator=denominator) if family == "auto"
              else (lambda keys: (np.nan, "none")))
    groups = d.groupby(by, dropna=False, sort=True) if by else [((), d)]
    rows = []
    for key, g_all in groups:
        g = g_all[g_all["_o"].notna() & g_all["_e"].notna()]  # years with a count and a population
        row = dict(zip(by, key if isinstance(key, tuple) else (key,)))
        alpha, source = alphas(dict(row))
        years = g["_y"] if len(g) else g_all["_y"]
        row.update({"ar_fran": int(years.min()) if len(years) else None,
                    "ar_till": int(years.max()) if len(years) else None, "antal_ar": int(g["_y"].nunique()),
                    C.ANTAL: float(g["_o"].sum()) if len(g) else np.nan})
        fit = None
        if row["antal_ar"] >= min_years and g["_o"].sum() > 0:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    fit = _fit_trend(g["_y"].to_numpy(), g["_o"].to_numpy(), g["_e"].to_numpy(), family, conf,
                                     alpha if np.isfinite(alpha) else 0.0)
                except (ValueError, np.linalg.LinAlgError, FloatingPointError):
                    fit = None
        if fit is None:
            row.update(_EMPTY)
            row["trend"] = TREND_EJ_BEDOMD
        else:
            significant = fit["p_varde"] < 1 - conf
            row.update(fit)
            row["trend"] = (INGEN_TREND if not significant else
                            OKANDE_TREND if fit["arlig_forandring_pct"] > 0 else MINSKANDE_TREND)
        row[C.KONFIDENS] = conf
        row[D.OVERSPRIDNING] = alpha
        row[D.KALLA] = source
        rows.append(row)
    cols = [*by, "ar_fran", "ar_till", "antal_ar", C.ANTAL, *_EMPTY, "trend", C.KONFIDENS, D.OVERSPRIDNING, D.KALLA]
    return pd.DataFrame(rows, columns=cols)


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
