"""Interrupted time series: segmented count regression with seasonality and overdispersion.

Model (Lopez Bernal, Cummins & Gasparrini 2017, Int J Epidemiol 46:348, "Interrupted time series
regression for the evaluation of public health interventions: a tutorial")::

    log E[y_t] = log(exposure_t) + b0 + b1 t + b2 post_t [+ b3 (t - t0) post_t] [+ season_t]

with ``t`` the period number (1, 2, ...), ``post_t`` = 1 from the first period of the
intervention, ``t0`` the last period before it, and the season either Fourier pairs
sin/cos(2 pi k s / P), k = 1..K, with ``s`` the position in the year (month 1-12 as R's
``tsModel::harmonic(month, K, 12)``) or dummies per month/tertial/quarter. exp(b2) is the
immediate level change (step), exp(P b3) the change of the yearly trend (slope change), exp(P b1)
the underlying trend per year. Overdispersion: quasi-Poisson (as the tutorial, default),
negative binomial or none (see :mod:`.countmodels`).

The counterfactual is the fitted model with the intervention terms set to zero; its interval is
the Wald interval of the expected count (delta method on the linear predictor). Residual
autocorrelation is reported (Ljung-Box) but not modelled: with strong autocorrelation the
intervals are too narrow, and the method text says so.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as _st

from ..errors import ParameterError
from ..verdicts import Change
from .countmodels import FAMILY_NAMES, CountFit, fit_counts, quantile_and_p

#: Rows of ``ITSResult.effekter`` (column ``effekt``).
NIVA = "niva"  # immediate level change (rate ratio)
LUTNING = "lutning"  # change of the trend, per year (ratio)
TREND = "trend"  # underlying trend before the intervention, per year (ratio)
VID_SLUT = "vid_slut"  # ratio observed/counterfactual at the last period (step and slope together)

_FREQS = {"year": 1, "ar": 1, "tertial": 3, "quarter": 4, "kvartal": 4, "month": 12, "manad": 12, "week": 52,
          "vecka": 52}


def _conf(confidence) -> float:
    c = float(confidence)
    c = c / 100 if c >= 50 else c
    if not 0.5 < c < 1:
        raise ParameterError(f"Konfidensnivån måste ligga mellan 0,5 och 1 (t.ex. 0.95). Hittade: {confidence}.")
    return c


def change_verdict(lo: float, hi: float):
    """Verdict of a ratio with its interval: a significant decrease only when the upper limit is below 1."""
    if lo is None or hi is None or np.isnan(lo) or np.isnan(hi):
        return Change.NOT_ASSESSED
    if hi < 1:
        return Change.DECREASE
    if lo > 1:
        return Change.INCREASE
    return Change.NO_CHANGE


@dataclass
class TimeAxis:
    """Periods of a series: number ``t`` (1 = first period), position in the year and periods per year."""

    t: np.ndarray
    season: np.ndarray | None  # 1..P (month, tertial, ...) or None
    phase: np.ndarray | None  # fraction of the year in [0, 1] for Fourier terms
    per_year: int
    kind: str  # "index", "period" or "date"


def time_axis(values: pd.Series, *, freq: str | None = None, season: pd.Series | None = None,
              periods_per_year: int | None = None) -> TimeAxis:
    """Turn a time column (years, period numbers, pandas Periods, dates or 'YYYY-MM' text) into
    period numbers and season positions. Gaps are allowed (the numbers skip)."""
    v = pd.Series(values).reset_index(drop=True)
    if v.isna().any():
        raise ParameterError("Tidskolumnen har tomma värden.")
    ppy = _FREQS.get(str(freq).lower()) if freq is not None else None
    if freq is not None and ppy is None:
        raise ParameterError(f"Okänd periodlängd '{freq}'. Välj år, tertial, kvartal, månad eller vecka.")
    if isinstance(v.dtype, pd.PeriodDtype):
        per = v
    elif pd.api.types.is_numeric_dtype(v.dtype):
        t = v.to_numpy(dtype=float)
        if not np.allclose(t, np.round(t)):
            raise ParameterError("Tidskolumnen ska innehålla hela tal (år eller periodnummer), datum eller perioder.")
        s = pd.Series(season).reset_index(drop=True).to_numpy(dtype=float) if season is not None else None
        P = int(periods_per_year or ppy or (np.nanmax(s) if s is not None else 1))
        return TimeAxis(t=t - t.min() + 1, season=s, phase=None if s is None else s / P, per_year=P, kind="index")
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                d = pd.to_datetime(v.astype(str) if v.dtype == object else v)
        except (ValueError, TypeError):
            raise ParameterError("Tidskolumnen kunde inte tolkas som år, datum eller perioder "
                                 "(t.ex. 2024, 2024-03 eller 2024-03-01).") from None
        if getattr(d.dt, "tz", None) is not None:
            d = d.dt.tz_localize(None)
        if ppy is None:
            gaps = np.diff(np.sort(d.unique()).astype("datetime64[D]").astype(float))
            step = float(np.median(gaps)) if len(gaps) else 30.0
            ppy = 52 if step < 15 else 12 if step < 60 else 4 if step < 105 else 3 if step < 200 else 1
        code = {1: "Y", 3: None, 4: "Q", 12: "M", 52: "W"}[ppy]
        if code is None:  # tertial: month index // 4
            k = d.dt.year.to_numpy() * 3 + (d.dt.month.to_numpy() - 1) // 4
            s = k % 3 + 1
            return TimeAxis(t=(k - k.min() + 1).astype(float), season=s.astype(float), phase=s / 3.0, per_year=3,
                            kind="date")
        per = d.dt.to_period(code)
    P = {"Y": 1, "Q": 4, "M": 12}.get(per.dtype.freq.freqstr[0], 52) if periods_per_year is None else int(periods_per_year)
    ords = np.array([p.ordinal for p in per], dtype=float)
    t = ords - ords.min() + 1
    if P == 1:
        s = None
    elif P == 52:
        s = np.minimum(per.dt.week.to_numpy(dtype=float), 52)
    elif P == 12:
        s = per.dt.month.to_numpy(dtype=float)
    else:
        s = per.dt.quarter.to_numpy(dtype=float)
    if season is not None:
        s = pd.Series(season).reset_index(drop=True).to_numpy(dtype=float)
    if P == 52 and s is not None:
        phase = per.dt.start_time.dt.day_of_year.to_numpy(dtype=float) / 365.25
    else:
        phase = None if s is None else s / P
    return TimeAxis(t=t, season=s, phase=phase, per_year=P, kind="period")


def n_season_terms(per_year: int, harmonics: int = 2) -> int:
    """Number of Fourier columns :func:`season_terms` adds for ``per_year`` periods per year."""
    if per_year <= 1:
        return 0
    k_max = min(int(harmonics), per_year // 2)
    return 2 * k_max - (1 if per_year == 2 * k_max else 0)


def season_terms(axis: TimeAxis, seasonality: str | None, harmonics: int = 2) -> tuple[list[np.ndarray], list[str]]:
    """Seasonal columns: Fourier pairs (``"fourier"``), one dummy per season (``"dummies"``) or none.
    ``"auto"`` means Fourier pairs when the time column gives the season, else none."""
    if seasonality == "auto":
        seasonality = "fourier" if (axis.per_year > 1 and axis.season is not None) else None
    if seasonality in (None, "ingen", "none") or axis.per_year == 1:
        return [], []
    if axis.season is None:
        raise ParameterError("Säsong kräver månader, tertial eller veckor i tidskolumnen (eller en säsongskolumn).")
    if seasonality == "fourier":
        k_max = min(int(harmonics), axis.per_year // 2)
        cols, names = [], []
        for k in range(1, k_max + 1):
            ang = 2 * np.pi * k * axis.phase
            cols += [np.sin(ang), np.cos(ang)]
            names += [f"sin{k}", f"cos{k}"]
        if axis.per_year == 2 * k_max:  # the last cosine alone is the Nyquist term; sin is 0
            cols, names = cols[:-2] + cols[-1:], names[:-2] + names[-1:]
        return cols, names
    if seasonality == "dummies":
        if axis.per_year > 12:
            raise ParameterError("Veckodata: använd säsong 'fourier' (52 veckoindikatorer går inte att skatta).")
        levels = np.unique(axis.season)
        return [(axis.season == lv).astype(float) for lv in levels[1:]], [f"sasong_{int(lv)}" for lv in levels[1:]]
    raise ParameterError("Säsong ska vara 'fourier', 'dummies' eller None.")


@dataclass
class ITSResult:
    """Result of :func:`interrupted_time_series`.

    ``effekter``: one row per effect (``effekt`` = niva, lutning, trend, vid_slut) with ``varde``
    (ratio), ``nedre``, ``ovre``, ``p_varde``, ``verdikt`` (Change). ``serie``: per period the
    time, ``antal``, ``efter``, ``anpassat`` (fitted), ``kontrafaktiskt``, ``kf_nedre``, ``kf_ovre``.
    ``forhindrade``: events prevented over the follow-up (counterfactual minus fitted) with interval.
    """

    effekter: pd.DataFrame
    serie: pd.DataFrame
    forhindrade: dict
    fit: CountFit
    family: str
    dispersion: float
    slope_f_test: dict | None
    autocorrelation_p: float
    periods_before: int
    periods_after: int
    per_year: int
    metod: str
    konfidens: float = 0.95

    def effect(self, name: str = NIVA) -> pd.Series:
        """One row of ``effekter`` as a Series."""
        return self.effekter.set_index("effekt").loc[name]


def interrupted_time_series(df: pd.DataFrame, start, *, time: str = "manad", count: str = "antal",
                            exposure: str | None = None, freq: str | None = None, season: str | None = None,
                            seasonality: str | None = "fourier", harmonics: int = 2, slope_change: bool = False,
                            family: str = "quasipoisson", interval: str = "t",
                            confidence: float = 0.95) -> ITSResult:
    """Segmented regression of a count series around an intervention (see the module docstring).

    Parameters
    ----------
    df : one row per period with ``time`` and ``count`` (and ``exposure``, e.g. population).
    start : the first period of the intervention, in the units of ``time`` (a year, a period
        number, a date or a ``'YYYY-MM'`` text). Periods from ``start`` on are "after".
    freq : ``"year"``, ``"tertial"``, ``"quarter"``, ``"month"`` or ``"week"`` (default: inferred).
    season : optional column with the position in the year (e.g. month 1-12) when ``time`` is a
        plain period number.
    seasonality : ``"fourier"`` (``harmonics`` sin/cos pairs), ``"dummies"`` or None.
    slope_change : also estimate a change of trend after the intervention (tutorial model 4).
    family : ``"quasipoisson"`` (default, as the tutorial), ``"negbin"`` or ``"poisson"``.
    interval : ``"t"`` (default: Student's t with the residual df, because the dispersion is
        estimated; normal intervals covered 92-94 % in ``benchmarks/sim_evaluation_coverage.py``)
        or ``"normal"`` (Wald, as ``Epi::ci.lin`` in the tutorial). To reproduce Lopez Bernal et al.
        (2017) exactly use ``interval="normal"``; estimates and dispersion do not depend on it.
    """
    conf = _conf(confidence)
    missing = [c for c in (time, count, exposure, season) if c is not None and c not in df.columns]
    if missing:
        raise ParameterError(f"Kolumn(er) saknas i tidsserien: {', '.join(missing)}.")
    d = df.reset_index(drop=True)
    y = pd.to_numeric(d[count], errors="coerce").to_numpy(dtype=float)
    if np.isnan(y).any() or (y < 0).any():
        raise ParameterError(f"Kolumnen '{count}' måste innehålla icke-negativa antal utan tomma värden.")
    ax = time_axis(d[time], freq=freq, season=d[season] if season else None)
    order = np.argsort(ax.t, kind="stable")
    post = _after(d[time], start, ax)
    offset = None
    if exposure is not None:
        e = pd.to_numeric(d[exposure], errors="coerce").to_numpy(dtype=float)
        if np.isnan(e).any() or (e <= 0).any():
            raise ParameterError(f"Kolumnen '{exposure}' (exponering) måste vara större än 0 på varje rad.")
        offset = np.log(e)
    n_before, n_after = int((~post).sum()), int(post.sum())
    if n_before < 3 or n_after < 2:
        raise ParameterError(f"Tidsserien behöver minst 3 perioder före och 2 efter insatsen; den har "
                             f"{n_before} före och {n_after} efter.")
    t0 = float(ax.t[~post].max())
    cols, names = [np.ones(len(y)), ax.t, post.astype(float)], ["const", "t", "post"]
    if slope_change:
        cols.append((ax.t - t0) * post)
        names.append("post_t")
    sc, sn = season_terms(ax, seasonality, harmonics)
    X = np.column_stack(cols + sc)
    names = names + sn
    fit = fit_counts(y, X, names, offset=offset, family=family)
    P = ax.per_year
    t_last = float(ax.t.max())

    def row(name, w):
        c = fit.combination(w, confidence=conf, interval=interval)
        lo, hi = np.exp(c["lo"]), np.exp(c["hi"])
        return {"effekt": name, "varde": np.exp(c["est"]), "nedre": lo, "ovre": hi, "p_varde": c["p"],
                "verdikt": change_verdict(lo, hi)}

    rows = [row(NIVA, {"post": 1.0})]
    if slope_change:
        rows.append(row(LUTNING, {"post_t": float(P)}))
    rows.append(row(TREND, {"t": float(P)}))
    rows.append(row(VID_SLUT, {"post": 1.0, **({"post_t": t_last - t0} if slope_change else {})}))
    effekter = pd.DataFrame(rows)

    # counterfactual: intervention terms set to zero
    X0 = X.copy()
    for nm in ("post", "post_t"):
        if nm in names:
            X0[:, names.index(nm)] = 0.0
    off = offset if offset is not None else np.zeros(len(y))
    eta0 = X0 @ fit.params + off
    se0 = np.sqrt(np.einsum("ij,jk,ik->i", X0, fit.cov, X0))
    q, _ = quantile_and_p(0.0, 1.0, conf, interval, fit.t_df)
    serie = pd.DataFrame({time: d[time], "antal": y, "efter": post, "anpassat": fit.mu,
                          "kontrafaktiskt": np.exp(eta0), "kf_nedre": np.exp(eta0 - q * se0),
                          "kf_ovre": np.exp(eta0 + q * se0)})
    if exposure is not None:
        serie[exposure] = d[exposure].to_numpy()
    serie = serie.iloc[order].reset_index(drop=True)

    # prevented events over the follow-up: sum(exp(X0 b) - exp(X b)) over post periods (delta method)
    eta1 = X @ fit.params + off
    m0, m1 = np.exp(eta0[post]), np.exp(eta1[post])
    grad = (m0[:, None] * X0[post] - m1[:, None] * X[post]).sum(axis=0)
    est = float((m0 - m1).sum())
    se = float(np.sqrt(max(grad @ fit.cov @ grad, 0.0)))
    forhindrade = {"varde": est, "nedre": est - q * se, "ovre": est + q * se, "observerat": float(y[post].sum()),
                   "kontrafaktiskt": float(m0.sum())}

    f_test = None
    if slope_change:
        reduced = fit_counts(y, np.delete(X, names.index("post_t"), axis=1),
                             [n for n in names if n != "post_t"], offset=offset, family=family)
        scale = fit.scale if family == "quasipoisson" else 1.0
        F = (reduced.deviance - fit.deviance) / scale
        f_test = {"F": float(F), "p": float(_st.f.sf(F, 1, fit.df_resid)) if family == "quasipoisson"
                  else float(_st.chi2.sf(F, 1))}
    resid = fit.pearson_resid[order]
    ac_p = _ljung_box(resid, min(P if P > 1 else 4, len(resid) // 4))
    disp = fit.scale if family == "quasipoisson" else fit.alpha
    metod = _method_text(family, seasonality if sc else None, harmonics, slope_change, interval, conf, disp, ac_p)
    return ITSResult(effekter=effekter, serie=serie, forhindrade=forhindrade, fit=fit, family=family,
                     dispersion=float(disp), slope_f_test=f_test, autocorrelation_p=ac_p, periods_before=n_before,
                     periods_after=n_after, per_year=P, metod=metod, konfidens=conf)


def _after(values: pd.Series, start, ax: TimeAxis) -> np.ndarray:
    """Boolean 'after the intervention' for each row, comparing in the units of the time column."""
    v = pd.Series(values).reset_index(drop=True)
    if ax.kind == "index":
        try:
            s = float(start)
        except (TypeError, ValueError):
            raise ParameterError(f"Starten '{start}' ska vara ett tal i samma enhet som tidskolumnen.") from None
        post = v.to_numpy(dtype=float) >= s
    else:
        try:
            if isinstance(v.dtype, pd.PeriodDtype):
                post = (v.dt.start_time >= pd.Period(str(start), freq=v.dt.freq).start_time).to_numpy()
            else:
                d = pd.to_datetime(v.astype(str) if v.dtype == object else v)
                if getattr(d.dt, "tz", None) is not None:
                    d = d.dt.tz_localize(None)
                post = (d >= pd.Timestamp(str(start))).to_numpy()
        except (ValueError, TypeError):
            raise ParameterError(f"Starten '{start}' kunde inte tolkas som ett datum eller en period.") from None
    return np.asarray(post, dtype=bool)


def _ljung_box(resid: np.ndarray, lags: int) -> float:
    if lags < 1:
        return np.nan
    from statsmodels.stats.diagnostic import acorr_ljungbox

    out = acorr_ljungbox(resid, lags=[lags])
    return float(out["lb_pvalue"].iloc[0])


def _method_text(family, seasonality, harmonics, slope, interval, conf, disp, ac_p) -> str:
    from .. import fmt

    parts = [f"Segmenterad regression (avbruten tidsserie) med {FAMILY_NAMES[family]}"]
    if family == "quasipoisson":
        parts.append(f"spridningsfaktor {fmt.num(disp, 2)} (Pearson)")
    elif family == "negbin":
        parts.append(f"överspridning α = {fmt.num(disp, 3)} (Pearsons momentekvation)")
    if seasonality == "fourier":
        parts.append(f"säsong med {harmonics} harmoniska par")
    elif seasonality == "dummies":
        parts.append("säsong med en indikator per säsong")
    parts.append("nivå- och trendförändring" if slope else "nivåförändring")
    parts.append(f"{fmt.pct(conf, 0)} konfidensintervall ({'t-fördelning' if interval == 't' else 'normalfördelning'})")
    text = ", ".join(parts) + "."
    if np.isfinite(ac_p) and ac_p < 0.05:
        text += (" Resterna är autokorrelerade (Ljung–Box p = " + fmt.num(ac_p, 3) +
                 "): intervallen kan vara för smala.")
    return text
