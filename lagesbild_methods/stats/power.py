"""Power and minimum detectable effect (MDE) of a before/after evaluation (step 3, åtgärdsplan).

The question a coordinator asks when setting a goal: *with our counts, how large a reduction
could a follow-up after N years show?* The answer here belongs to the analysis that step 5 will
actually run, :func:`lagesbild_methods.stats.evaluation.before_after`: counts per period
(month or year) in the treated area (and a comparison area), a negative-binomial model with
alpha estimated from the data, and a two-sided test of the rate ratio at level ``alpha``.

Model. With m events per period, k0 periods before and k1 after, NB2 period counts (Var = m +
a m^2) and a true ratio theta (after/before), the log ratio of the totals has variance

    V = 1/(k0 m) + a/k0 + 1/(k1 m theta) + a/k1          (treated area only)
      + 1/(k0 c) + a_c/k0 + 1/(k1 c) + a_c/k1            (+ comparison area with c per period)

The second term of each pair does not shrink with more events: extra variation between periods
sets a floor that only more periods can lower. Because the dispersion is estimated from the same
data, the test statistic follows a noncentral t distribution with df = periods - parameters
(2 or 4) and noncentrality ln(theta)/sqrt(V); the power is the probability of a *significant
decrease* (the lower tail). With yearly counts (few df) this is much lower than the normal
approximation suggests, which is why monthly counts are the better design. The MDE is the
smallest reduction 1 - theta with power >= the target. Claims are checked by simulation in
``benchmarks/sim_power.py`` (80 % claimed gives 75-85 % on overdispersed counts).

For survey shares, :func:`mde_share` uses statsmodels' ``NormalIndPower`` on Cohen's h.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats as _st

from ..errors import ParameterError
from .countmodels import fit_counts
from .its import n_season_terms, season_terms, time_axis


@dataclass(frozen=True)
class Design:
    """A planned before/after follow-up.

    ``events_per_year``: expected events per year in the treated area without the measure;
    ``years_before``/``years_after``: length of the baseline and of the follow-up;
    ``periods_per_year``: 12 for monthly counts, 1 for yearly totals, 3 for tertials;
    ``nb_alpha``: NB2 alpha of the period counts (0 = Poisson), see :func:`estimate_dispersion`;
    ``season_terms``: seasonal columns in the evaluation model (default: two Fourier pairs for
    sub-yearly periods, as :func:`~lagesbild_methods.stats.evaluation.before_after` fits);
    ``comparison_events_per_year`` (and ``comparison_nb_alpha``, default ``nb_alpha``): a
    comparison area, or None for a design without one; ``first_season``: the month (tertial, week)
    of the first period, which matters when the periods before or after are not whole years (the
    season terms are then partly confounded with the change, see :func:`log_ratio_variance`).
    """

    events_per_year: float
    years_before: float = 3.0
    years_after: float = 2.0
    periods_per_year: int = 12
    nb_alpha: float = 0.0
    comparison_events_per_year: float | None = None
    comparison_nb_alpha: float | None = None
    season_terms: int | None = None  # seasonal columns of the analysis; default as ``before_after``
    first_season: int = 1  # position in the year of the first period (1 = January for monthly counts)

    def __post_init__(self):
        if not (self.events_per_year > 0):
            raise ParameterError("Antalet händelser per år måste vara större än 0.")
        if self.years_before <= 0 or self.years_after <= 0:
            raise ParameterError("Tiden före och efter insatsen måste vara större än 0.")
        if int(self.periods_per_year) < 1:
            raise ParameterError("Antalet perioder per år måste vara minst 1.")
        if self.nb_alpha < 0 or (self.comparison_nb_alpha or 0) < 0:
            raise ParameterError("Överspridningen (α) kan inte vara negativ.")
        if self.comparison_events_per_year is not None and not self.comparison_events_per_year > 0:
            raise ParameterError("Jämförelseområdets antal händelser per år måste vara större än 0.")

    @property
    def periods(self) -> tuple[float, float]:
        return self.years_before * self.periods_per_year, self.years_after * self.periods_per_year

    @property
    def df(self) -> float:
        """Residual degrees of freedom of the evaluation model (2 parameters per area + season)."""
        k0, k1 = self.periods
        areas = 2 if self.comparison_events_per_year is not None else 1
        season = n_season_terms(int(self.periods_per_year)) if self.season_terms is None else self.season_terms
        return areas * (k0 + k1) - 2 * areas - season


def log_ratio_variance(design: Design, ratio: float) -> float:
    """Variance of the estimated log effect (module docstring) when the true ratio is ``ratio``.

    With season terms and a baseline or follow-up that is not whole years, the season columns are not
    orthogonal to the before/after indicator and take part of its information: the variance is then the
    effect's element of the inverse information matrix of the evaluation's model (NB2 weights
    mu / (1 + alpha mu), the periods' actual positions in the year). For whole years both agree.
    """
    k0, k1 = design.periods
    P = int(design.periods_per_year)
    season = n_season_terms(P) if design.season_terms is None else design.season_terms
    if P > 1 and season and season == n_season_terms(P) and float(k0).is_integer() and float(k1).is_integer():
        return _information_variance(design, ratio, int(k0), int(k1))
    m = design.events_per_year / design.periods_per_year
    a = design.nb_alpha
    v = 1 / (k0 * m) + a / k0 + 1 / (k1 * m * ratio) + a / k1
    if design.comparison_events_per_year is not None:
        c = design.comparison_events_per_year / design.periods_per_year
        ac = design.nb_alpha if design.comparison_nb_alpha is None else design.comparison_nb_alpha
        v += 1 / (k0 * c) + ac / k0 + 1 / (k1 * c) + ac / k1
    return float(v)


def _information_variance(design: Design, ratio: float, k0: int, k1: int) -> float:
    from .its import TimeAxis

    n, P = k0 + k1, int(design.periods_per_year)
    s = ((int(design.first_season) - 1 + np.arange(n)) % P + 1).astype(float)
    seasons, _ = season_terms(TimeAxis(t=np.arange(1.0, n + 1), season=s, phase=s / P, per_year=P, kind="index"),
                              "fourier", 2)
    post = np.r_[np.zeros(k0), np.ones(k1)]
    mu = design.events_per_year / P * np.where(post == 1, ratio, 1.0)
    w = mu / (1 + design.nb_alpha * mu)
    X = np.column_stack([np.ones(n), post] + seasons)
    effect = 1
    if design.comparison_events_per_year is not None:
        ac = design.nb_alpha if design.comparison_nb_alpha is None else design.comparison_nb_alpha
        c = np.full(n, design.comparison_events_per_year / P)
        zero = np.zeros(n)
        X = np.vstack([np.column_stack([np.ones(n), post, np.ones(n), post] + seasons),
                       np.column_stack([np.ones(n), post, zero, zero] + seasons)])
        w = np.r_[w, c / (1 + ac * c)]
        effect = 3
    info = X.T @ (w[:, None] * X)
    return float(np.linalg.inv(info)[effect, effect])


def _level(alpha: float) -> float:
    if not 0 < alpha < 0.5:
        raise ParameterError("Signifikansnivån ska ligga mellan 0 och 0,5 (t.ex. 0,05).")
    return float(alpha)


def _power(design: Design, reductions: np.ndarray, alpha: float, interval: str) -> np.ndarray:
    theta = 1 - np.asarray(reductions, dtype=float)
    v = np.array([log_ratio_variance(design, th) for th in np.atleast_1d(theta)])
    nc = np.log(np.atleast_1d(theta)) / np.sqrt(v)
    if interval == "t":
        df = design.df
        if df < 1:
            return np.full(nc.shape, np.nan)
        return _st.nct.cdf(-_st.t.ppf(1 - alpha / 2, df), df, nc)
    if interval == "normal":
        return _st.norm.cdf(-_st.norm.ppf(1 - alpha / 2) - nc)
    if interval == "simulation":
        d = _draws(design, 4000, 20261129)
        return np.array([_power_from_draws(d, 1 - th, alpha) for th in np.atleast_1d(theta)])
    raise ParameterError("Intervalltypen ska vara 't', 'normal' eller 'simulation'.")


def simulated_power(design: Design, reduction: float, *, alpha: float = 0.05, reps: int = 4000,
                    seed: int = 20261129) -> float:
    """Power of the evaluation itself, by simulation, for a design without season terms or comparison area
    (yearly totals): NB2 period counts with the design's level and alpha, and exactly the test
    :func:`~lagesbild_methods.stats.evaluation.before_after` makes there -- the NB GLM's fitted levels are the
    group means, alpha solves the Pearson moment equation (never below 0), Var(log ratio) = sum over the two
    groups of (1 + alpha-hat mean) / (periods x mean), t quantile on n - 2 df; a zero total is not assessed.

    With one or two follow-up years the Wald test on a small count is skewed and the t approximation is off
    by up to ten percentage points (``benchmarks/sim_power_indicators.py``); this is exact up to Monte Carlo
    error (reps 4000: +-1,3 percentage points). Common random numbers (fixed seed; the counts after the
    start by inverse CDF) make it non-decreasing in ``reduction``, so the MDE can be solved for.
    """
    return _power_from_draws(_draws(design, reps, seed), reduction, alpha)


def _draws(design: Design, reps: int, seed: int) -> dict:
    k0, k1 = (float(k) for k in design.periods)
    season = n_season_terms(int(design.periods_per_year)) if design.season_terms is None else design.season_terms
    if design.comparison_events_per_year is not None or season or not (k0.is_integer() and k1.is_integer()):
        raise ParameterError("Simulerad styrka finns bara för upplägg utan säsong och jämförelseområde, med hela "
                             "perioder (t.ex. årstotaler).")
    k0, k1 = int(k0), int(k1)
    rng = np.random.default_rng(seed)
    m, a = design.events_per_year / design.periods_per_year, design.nb_alpha
    gamma = rng.gamma(1 / a, a, (reps, k0 + k1)) if a > 0 else np.ones((reps, k0 + k1))
    return {"y0": rng.poisson(m * gamma[:, :k0]).astype(float), "mu1": m * gamma[:, k0:],
            "u1": rng.random((reps, k1)), "k0": k0, "k1": k1}


def _power_from_draws(d: dict, reduction: float, alpha: float) -> float:
    sig = _significant(d, reduction, alpha)
    return float("nan") if sig is None else float(sig.mean())


def _sample(d: dict, reduction: float) -> np.ndarray:
    """The simulated period counts (reps x periods) for a true reduction."""
    return np.column_stack([d["y0"], _st.poisson.ppf(d["u1"], d["mu1"] * (1 - reduction))])


def _significant(d: dict, reduction: float, alpha: float) -> np.ndarray | None:
    """Per simulated series: does the evaluation report a significant decrease?"""
    k0, k1 = d["k0"], d["k1"]
    df = k0 + k1 - 2
    if df < 1:
        return None
    y = _sample(d, reduction)
    means = np.column_stack([y[:, :k0].mean(axis=1), y[:, k0:].mean(axis=1)])
    fitted = np.repeat(means, [k0, k1], axis=1)
    sq = (y - fitted) ** 2

    def excess(a):  # sum (y - mu)^2 / (mu + a mu^2) - df: decreasing in a
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(fitted > 0, sq / (fitted + a[:, None] * fitted ** 2), 0.0).sum(axis=1) - df

    reps = len(y)
    lo, hi = np.zeros(reps), np.ones(reps)
    over = excess(lo) > 0
    while np.any(over & (excess(hi) > 0)) and hi.max() < 1e8:
        hi = np.where(over & (excess(hi) > 0), hi * 10, hi)
    for _ in range(40):
        mid = (lo + hi) / 2
        pos = excess(mid) > 0
        lo, hi = np.where(pos, mid, lo), np.where(pos, hi, mid)
    a_hat = np.where(over, (lo + hi) / 2, 0.0)
    ok = (means > 0).all(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        var = (1 + a_hat * means[:, 0]) / (k0 * means[:, 0]) + (1 + a_hat * means[:, 1]) / (k1 * means[:, 1])
        return ok & (np.log(means[:, 1] / means[:, 0]) + _st.t.ppf(1 - alpha / 2, df) * np.sqrt(var) < 0)


def _simulated_mde(design: Design, power_target: float, alpha: float) -> float:
    """Bisection on the simulated power, bracketed around the t approximation's MDE. Very large reductions
    leave totals of zero that the evaluation cannot assess, so the curve is searched upwards, not from 99 %."""
    d = _draws(design, 4000, 20261129)

    def pw(r):
        return _power_from_draws(d, r, alpha)

    guess = minimum_detectable_effect(design, power_target=power_target, alpha=alpha)
    guess = 0.7 if not np.isfinite(guess) else guess
    lo, hi = max(0.0, guess - 0.2), min(0.95, guess + 0.1)
    if pw(lo) >= power_target:
        lo = 0.0
    while not pw(hi) >= power_target:
        if hi >= 0.95:
            return float("nan")
        lo, hi = hi, min(0.95, hi + 0.05)
    for _ in range(12):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if pw(mid) < power_target else (lo, mid)
    return hi


def power(design: Design, reduction: float, *, alpha: float = 0.05, interval: str = "t") -> float:
    """Probability that the follow-up shows a significant decrease when the true reduction is
    ``reduction`` (0.3 = 30 % fewer events), two-sided test at level ``alpha``."""
    if not 0 <= reduction < 1:
        raise ParameterError("Minskningen ska anges som en andel mellan 0 och 1 (t.ex. 0,3 för 30 %).")
    return float(_power(design, np.array([reduction]), _level(alpha), interval)[0])


def minimum_detectable_effect(design: Design, *, power_target: float = 0.8, alpha: float = 0.05,
                              interval: str = "t") -> float:
    """Smallest relative reduction (0-1) detected with probability ``power_target``; NaN when no
    reduction below 99 % reaches it (too few events or periods)."""
    if not 0 < power_target < 1:
        raise ParameterError("Styrkan ska anges som en andel mellan 0 och 1 (t.ex. 0,8).")
    alpha = _level(alpha)
    if interval == "simulation":
        return _simulated_mde(design, power_target, alpha)
    grid = np.linspace(0.0, 0.99, 100)
    pw = _power(design, grid, alpha, interval)
    ok = np.flatnonzero(pw >= power_target)
    if len(ok) == 0:
        return float("nan")
    if ok[0] == 0:
        return 0.0
    from scipy.optimize import brentq

    return float(brentq(lambda r: _power(design, np.array([r]), alpha, interval)[0] - power_target,
                        grid[ok[0] - 1], grid[ok[0]], xtol=1e-7))


def power_curve(design: Design, reductions=None, *, alpha: float = 0.05, interval: str = "t") -> pd.DataFrame:
    """Power for a range of reductions: columns ``minskning`` (0-1) and ``styrka`` (0-1)."""
    r = np.linspace(0, 0.6, 61) if reductions is None else np.asarray(reductions, dtype=float)
    if ((r < 0) | (r >= 1)).any():
        raise ParameterError("Minskningarna ska anges som andelar mellan 0 och 1.")
    return pd.DataFrame({"minskning": r, "styrka": _power(design, r, _level(alpha), interval)})


def mde_by_follow_up(design: Design, years=(1, 2, 3, 4, 5), *, power_target: float = 0.8, alpha: float = 0.05,
                     interval: str = "t") -> pd.DataFrame:
    """MDE for several follow-up lengths: columns ``ar_efter``, ``mde`` (0-1, NaN = not detectable)."""
    rows = [{"ar_efter": y, "mde": minimum_detectable_effect(replace(design, years_after=float(y)),
                                                               power_target=power_target, alpha=alpha,
                                                               interval=interval)} for y in years]
    return pd.DataFrame(rows)


def estimate_dispersion(df: pd.DataFrame, *, time: str = "manad", count: str = "antal", freq: str | None = None,
                        trend: bool = False, seasonality: str | None = "fourier") -> dict:
    """Level and extra variation of a count series, as inputs to :class:`Design`.

    Fits the model the evaluation will fit (:func:`~lagesbild_methods.stats.evaluation.before_after`):
    a negative binomial (alpha from the Pearson moment equation, :mod:`.countmodels`) with a
    constant level and seasonality (two Fourier pairs; none for yearly data), so that the claimed
    power holds for that analysis. A trend in the series is then counted as extra variation, which
    makes the MDE conservative; ``trend=True`` removes it (appropriate only if the evaluation
    will model the trend, e.g. as an interrupted time series).

    Returns
    -------
    dict with ``nb_alpha``, ``pearson_dispersion`` (X2/df of the Poisson fit), ``periods_per_year``,
    ``events_per_year`` (the fitted level over the last year of the series), ``perioder`` (number
    of periods used) and ``metod`` (Swedish).
    """
    for c in (time, count):
        if c not in df.columns:
            raise ParameterError(f"Kolumnen '{c}' saknas i tidsserien.")
    y = pd.to_numeric(df[count], errors="coerce").to_numpy(dtype=float)
    if np.isnan(y).any() or (y < 0).any():
        raise ParameterError(f"Kolumnen '{count}' måste innehålla icke-negativa antal utan tomma värden.")
    ax = time_axis(df[time], freq=freq)
    cols, names = [np.ones(len(y))], ["const"]
    if trend:
        cols.append(ax.t)
        names.append("t")
    sc, sn = season_terms(ax, seasonality, 2) if len(y) >= 2 * ax.per_year else ([], [])
    if len(y) < len(cols) + len(sc) + 2:
        raise ParameterError(f"För kort serie för att skatta överspridningen: {len(y)} perioder.")
    if y.sum() == 0:
        raise ParameterError("Serien har inga händelser; överspridningen kan inte skattas.")
    fit = fit_counts(y, np.column_stack(cols + sc), names + sn, family="negbin")
    last = np.argsort(ax.t)[-ax.per_year:]
    per_year = float(fit.mu[last].sum() * ax.per_year / len(last))
    from .. import fmt

    metod = (f"Negativ binomial med {'trend' if trend else 'konstant nivå'}{' och säsong' if sc else ''} "
             f"på {len(y)} perioder; α = {fmt.num(fit.alpha, 3)}")
    return {"nb_alpha": fit.alpha, "pearson_dispersion": fit.pearson_dispersion, "periods_per_year": ax.per_year,
            "events_per_year": per_year, "perioder": len(y), "metod": metod}


def plan_from_series(df: pd.DataFrame, *, time: str = "manad", count: str = "antal", freq: str | None = None,
                     years_after: float = 2.0, years_before: float | None = None,
                     comparison: pd.DataFrame | None = None, power_target: float = 0.8,
                     alpha: float = 0.05) -> dict:
    """Step 3 in one call: level and extra variation from the municipality's own series, then the
    MDE of a follow-up after ``years_after`` years (with a comparison area's series if given).

    ``years_before`` defaults to the length of the series (the baseline the evaluation will use).
    Returns a dict with ``design`` (:class:`Design`), ``events_per_year``, ``nb_alpha``, ``mde``
    (0-1 or NaN), ``power_target``, ``years_after``, ``with_comparison`` and ``metod``. The Swedish
    sentence is :func:`lagesbild_methods.text.plans.plan_sentence` of this dict.
    """
    est = estimate_dispersion(df, time=time, count=count, freq=freq)
    ppy = est["periods_per_year"]
    yb = float(years_before) if years_before is not None else est["perioder"] / ppy
    comp = {}
    if comparison is not None:
        c = estimate_dispersion(comparison, time=time, count=count, freq=freq)
        if c["periods_per_year"] != ppy:
            raise ParameterError("Jämförelseområdets serie måste ha samma periodlängd som insatsområdets.")
        comp = {"comparison_events_per_year": c["events_per_year"], "comparison_nb_alpha": c["nb_alpha"]}
    ax = time_axis(df[time], freq=freq)
    first = int(ax.season[np.argmin(ax.t)]) if ax.season is not None else 1
    design = Design(est["events_per_year"], yb, float(years_after), ppy, est["nb_alpha"], first_season=first, **comp)
    mde = minimum_detectable_effect(design, power_target=power_target, alpha=alpha)
    return {"design": design, "events_per_year": est["events_per_year"], "nb_alpha": est["nb_alpha"], "mde": mde,
            "power_target": power_target, "years_after": float(years_after),
            "with_comparison": comparison is not None, "metod": est["metod"]}


def mde_share(share: float, n_before: float, n_after: float, *, power_target: float = 0.8,
              alpha: float = 0.05) -> dict:
    """Smallest change of a survey share detectable between two rounds (two-sided, Cohen's h,
    statsmodels ``NormalIndPower``). ``n_*`` are (effective) numbers of respondents.

    Returns ``{"minskning": pp, "okning": pp}`` as fractions (0.08 = 8 percentage points).
    """
    from statsmodels.stats.power import NormalIndPower

    if not 0 < share < 1:
        raise ParameterError("Andelen ska ligga mellan 0 och 1.")
    if n_before <= 1 or n_after <= 1:
        raise ParameterError("Antalet svarande måste vara större än 1 i båda omgångarna.")
    h = NormalIndPower().solve_power(effect_size=None, nobs1=n_before, alpha=_level(alpha), power=power_target,
                                     ratio=n_after / n_before, alternative="two-sided")
    phi0 = np.arcsin(np.sqrt(share))
    down = share - np.sin(max(phi0 - h / 2, 0.0)) ** 2
    up = np.sin(min(phi0 + h / 2, np.pi / 2)) ** 2 - share
    return {"minskning": float(down), "okning": float(up), "effektstorlek_h": float(h)}
