"""Wrong-direction flags for the weekly (EST) and four-monthly (tertial) cadence.

Two charts, both on counts per period from :func:`lagesbild_methods.patterns.timing.period_counts`:

* :func:`control_flags` -- one period at a time, and the last few periods together, against a
  baseline that a recent lasting change cannot absorb: the same period (+- a few weeks) in earlier
  years, or a fixed reference period (Farrington, Andrews, Beale & Catchpole 1996, JRSS A 159:547:
  baseline of the same weeks in earlier years). The expected count comes from the baseline mean;
  the limits are quantiles of the *predictive* distribution, which adds the uncertainty of a mean
  estimated from k periods (Poisson-gamma = negative binomial; Jeffreys prior: shape S + 0.5).
  Overdispersion phi comes from the successive differences of earlier periods (robust to a step)
  and widens the variance to phi*mu*(1 + 1/k). Rule: a period is flagged when its own count has a
  one-sided tail probability below ``alpha``, or when a CUSUM of the standardised deviations
  (Page 1954, Biometrika 41:100; k = 0.5, h = 5) signals a smaller change that lasts.
* :func:`ewma_flags` -- exponentially weighted moving average of counts with exact time-varying
  Poisson limits (Roberts 1959; Montgomery, *Introduction to Statistical Quality Control*, ch. 9),
  which reacts to smaller, lasting shifts. The in-control mean is estimated from the first
  ``baseline_periods`` complete periods (phase I).

The false-alarm rates of the defaults on stable simulated Poisson series are measured by
``benchmarks/sim_control_false_alarms.py`` (see docs/PATTERNS.md).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import signal, stats

from ..errors import ParameterError
from ..verdicts import ControlFlag

#: Verdict aliases (kept for existing code); the wording is in the text package.
HIGH = ControlFlag.HIGH
LOW = ControlFlag.LOW
NORMAL = ControlFlag.NORMAL
NOT_ASSESSED = ControlFlag.NOT_ASSESSED

#: Defaults per period length: (kind, years or periods, periods per year, window +-, CUSUM on, alpha).
#: Weeks: the same weeks +-8 in up to 3 earlier years (up to 51 weeks), CUSUM, alpha 0.0005 -- tuned by
#: benchmarks/sim_control_flags.py for <= 0.5 false alarms a year at variance = 2 x mean. Tertials and
#: years have few periods a year, so a plain alpha of 0.005 keeps false alarms near 0.02-0.03 a year.
DEFAULTS = {"week": ("same_period", 3, 52, 8, True, 0.0005), "month": ("same_period", 3, 12, 0, True, 0.002),
            "tertial": ("same_period", 3, 3, 0, False, 0.005), "year": ("rolling", 3, 1, 0, False, 0.005)}
#: Least number of earlier complete periods used for the dispersion (successive differences).
MIN_DISPERSION = 8
CUSUM_K = 0.5
CUSUM_H = 4.5
#: The baseline mean's error is shared by consecutive periods; over a run of ~CUSUM_L periods it adds
#: CUSUM_L/k to the variance of the summed deviations, so the decision limit is h*sqrt(1 + CUSUM_L/k).
CUSUM_L = 8.0


def _cusum(resid: np.ndarray, k: float, h):
    """Upper and lower CUSUM of standardised residuals; NaN residuals leave the sums unchanged.

    C+_t = max(0, C+_{t-1} + r_t - k); a signal when C+_t > h, after which the sum restarts at 0
    (so a lasting change gives a new signal every few periods, not one flag per period). Same for
    C- with -r_t. A loop over periods: a few hundred at most.
    """
    n = len(resid)
    c_hi, c_lo = np.zeros(n), np.zeros(n)
    s_hi, s_lo = np.zeros(n, bool), np.zeros(n, bool)
    hi = lo = 0.0
    for t in range(n):
        r = resid[t]
        if np.isfinite(r):
            hi = max(0.0, hi + r - k)
            lo = max(0.0, lo - r - k)
        c_hi[t], c_lo[t] = hi, lo
        if hi > h[t]:
            s_hi[t], hi = True, 0.0
        if lo > h[t]:
            s_lo[t], lo = True, 0.0
    return c_hi, c_lo, s_hi, s_lo


def _as_frame(counts) -> pd.DataFrame:
    if isinstance(counts, pd.DataFrame):
        if "antal" not in counts.columns:
            raise ParameterError("Tabellen med perioder saknar kolumnen 'antal'.")
        out = counts.copy()
    else:
        s = pd.Series(counts)
        out = pd.DataFrame({"period": s.index.astype(str), "antal": s.to_numpy()})
    if "ofullstandig" not in out.columns:
        out["ofullstandig"] = False
    a = pd.to_numeric(out["antal"], errors="coerce").to_numpy(dtype=float)
    if np.isnan(a).any() or (a < 0).any():
        raise ParameterError("Antalen per period måste vara icke-negativa tal.")
    return out


def _lag_matrix(xb: np.ndarray, lags: list[int]) -> np.ndarray:
    n = len(xb)
    out = np.full((n, len(lags)), np.nan)
    for j, lag in enumerate(lags):  # loop over baseline lags only (a few dozen)
        if 0 < lag < n:
            out[lag:, j] = xb[:-lag]
    return out


def _mssd_dispersion(xb: np.ndarray, lag: int = 1) -> np.ndarray:
    """Dispersion phi_t from complete periods before t: mean squared difference / (2 mean).

    For counts with variance phi*mu, E(x_s - x_{s-lag})^2 = 2 phi mu. With ``lag = 1`` (weeks) a
    level shift adds only one difference, so the estimate is not inflated by the change we want to
    detect (mean squared successive difference: von Neumann 1941; Holmes & Mergen 1993). Months and
    tertials use ``lag`` = one year, so seasonal differences between neighbouring periods do not
    count as noise. NaN until MIN_DISPERSION differences exist; floored at 1.
    """
    n = len(xb)
    d2 = np.full(n, np.nan)
    if lag < n:
        d2[lag:] = (xb[lag:] - xb[:-lag]) ** 2
    okd = np.isfinite(d2)
    cd = np.concatenate([[0.0], np.cumsum(np.where(okd, d2, 0.0))])[:n]  # differences ending before t
    nd = np.concatenate([[0], np.cumsum(okd)])[:n]
    okx = np.isfinite(xb)
    cx = np.concatenate([[0.0], np.cumsum(np.where(okx, xb, 0.0))])[:len(xb)]
    nx = np.concatenate([[0], np.cumsum(okx)])[:len(xb)]
    with np.errstate(invalid="ignore", divide="ignore"):
        phi = (cd / np.maximum(nd, 1) / 2) / (cx / np.maximum(nx, 1))
    return np.where((nd >= MIN_DISPERSION) & np.isfinite(phi), np.maximum(phi, 1.0), np.nan)


def _nb_tails(x, mu, v):
    """P(X >= x), P(X <= x) and the (alpha, 1 - alpha) helpers of a negative binomial with mean mu, variance v > mu."""
    r = mu ** 2 / (v - mu)
    pp = mu / v
    return stats.nbinom.sf(x - 1, r, pp), stats.nbinom.cdf(x, r, pp), r, pp


def control_flags(counts, *, baseline: str | None = None, baseline_periods: int | None = None,
                  periods_per_year: int | None = None, alpha: float | None = None, window: int | None = None,
                  cusum: bool | None = None, cusum_k: float = CUSUM_K, cusum_h: float = CUSUM_H, reference=None,
                  min_baseline: int | None = None, dispersion: bool = True) -> pd.DataFrame:
    """Flag periods whose count is unusually high or low compared with a baseline that a recent change cannot absorb.

    Parameters
    ----------
    counts : frame from :func:`period_counts` (uses ``antal``, ``ofullstandig``; ``attrs["frekvens"]``
        chooses the defaults) or a Series/array of counts.
    baseline : ``"same_period"`` (default for weeks, months, tertials: the same period +- ``window``
        in the ``baseline_periods`` previous years), ``"reference"`` (a fixed reference period:
        ``reference=(first, last)`` positions, default the first ``baseline_periods`` complete
        periods) or ``"rolling"`` (the previous ``baseline_periods`` periods; absorbs a lasting
        change within a few periods -- default only for years). With ``same_period``, a period that
        has too few same-period values (the first year of data) is judged against the fixed
        reference of the first 12 complete periods (stated in ``baslinje``).
    alpha : one-sided tail probability of the single-period rule, per direction.
    cusum, cusum_k, cusum_h : the sustained-change rule: one-sided CUSUMs of the standardised
        deviations (x - mu)/sqrt(v); a signal when one exceeds ``cusum_h``, then it restarts (default
        on for weeks and months, off for tertials and years).
    dispersion : overdispersion phi from the successive differences of earlier complete periods
        (:func:`_mssd_dispersion`); the predictive variance is phi*mu*(1 + 1/k) (k baseline periods).

    Returns
    -------
    The input frame plus ``forvantat`` (baseline mean), ``nedre``, ``ovre`` (alpha and 1 - alpha
    predictive quantiles), ``p_hog``, ``p_lag``, ``cusum_hog``, ``cusum_lag``, ``dispersion``,
    ``baslinje_perioder``, ``baslinje`` (the baseline used: "same_period", "reference", "rolling" or
    "" when not judged), ``regel`` ("period", "cusum" or "") and ``flagga`` (a :class:`~lagesbild_methods.verdicts.ControlFlag`: high, low,
    normal, or not_assessed for periods that could not be judged). Incomplete periods are never
    flagged and never used as baseline. ``attrs["metod"]`` describes the rule in Swedish.
    """
    out = _as_frame(counts)
    freq = out.attrs.get("frekvens") if isinstance(counts, pd.DataFrame) else None
    freq = freq or getattr(counts, "attrs", {}).get("frekvens")
    kind_d, k_d, ppy_d, w_d, m_d, alpha_d = DEFAULTS.get(freq, ("rolling", 12, 52, 0, False, 0.005))
    alpha = alpha_d if alpha is None else alpha
    kind = baseline or kind_d
    if kind not in ("rolling", "same_period", "reference"):
        raise ParameterError("baseline ska vara 'same_period', 'reference' eller 'rolling'.")
    if baseline is not None and baseline != kind_d and baseline_periods is None:
        k_d = 12 if kind in ("rolling", "reference") else 3
    k = int(baseline_periods or k_d)
    ppy = int(periods_per_year or ppy_d)
    w = int(w_d if window is None else window)
    use_cusum = bool(m_d) if cusum is None else bool(cusum)
    if not 0 < alpha < 0.5:
        raise ParameterError("alpha ska ligga mellan 0 och 0,5.")
    if not (cusum_k >= 0 and cusum_h > 0):
        raise ParameterError("cusum_k ska vara minst 0 och cusum_h större än 0.")
    if k < 1:
        raise ParameterError("baseline_periods måste vara minst 1.")
    x = out["antal"].to_numpy(dtype=float)
    inc = out["ofullstandig"].to_numpy(dtype=bool)
    xb = np.where(inc, np.nan, x)
    n = len(x)
    if kind == "rolling":
        lags = list(range(1, k + 1))
        min_b = min(8, k) if min_baseline is None else min_baseline
    elif kind == "same_period":
        lags = [y * ppy + d for y in range(1, k + 1) for d in range(-w, w + 1)]
        min_b = (max(2, k - 1) * (2 * w + 1) if w == 0 else 2 * w + 1) if min_baseline is None else min_baseline
    else:
        lags = []
        min_b = 1 if min_baseline is None else min_baseline
    lagm = _lag_matrix(xb, lags) if lags else np.full((n, 1), np.nan)
    nb = np.sum(~np.isnan(lagm), axis=1)
    ssum = np.nansum(lagm, axis=1)
    source = np.where(nb >= min_b, kind, "")
    # fixed reference period: explicit, or the fallback for the first year of a same-period baseline
    complete_idx = np.flatnonzero(~inc)
    use_ref = np.zeros(n, bool)
    ref_idx = complete_idx[:0]
    if kind == "reference":
        if reference is not None:
            r0, r1 = int(reference[0]), int(reference[1])
            ref_idx = complete_idx[(complete_idx >= r0) & (complete_idx <= r1)]
        else:
            ref_idx = complete_idx[:k]
        use_ref = np.arange(n) > (ref_idx.max() if len(ref_idx) else n)
    elif kind == "same_period":  # first year of data: the first 12 complete periods as reference
        ref_idx = complete_idx[:12]
        if len(ref_idx) >= 8:
            use_ref = (nb < min_b) & (np.arange(n) > ref_idx.max())
    if use_ref.any():
        nb = np.where(use_ref, len(ref_idx), nb)
        ssum = np.where(use_ref, xb[ref_idx].sum(), ssum)
        source = np.where(use_ref, "reference", source)
    judged = (source != "") & ~inc
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(judged, ssum / np.maximum(nb, 1), np.nan)
    phi = _mssd_dispersion(xb, 1 if ppy >= 52 or kind == "rolling" else ppy) if dispersion else np.full(n, np.nan)
    phi = np.where(np.isfinite(phi), phi, 1.0)
    kk = np.maximum(nb, 1)
    mu = (ssum + 0.5) / kk  # Jeffreys: gamma(S + 1/2, k) posterior mean
    v = phi * mu * (1 + 1 / kk)
    p_hi, p_lo, r, pp = _nb_tails(x, mu, v)
    p_hi, p_lo = np.where(judged, p_hi, np.nan), np.where(judged, p_lo, np.nan)
    # sustained-change rule: one-sided CUSUMs of standardised deviations (Page 1954), reset after a signal
    resid = np.where(judged, (x - mu) / np.sqrt(v), np.nan)
    c_hi, c_lo, sig_hi, sig_lo = _cusum(resid, cusum_k, cusum_h * np.sqrt(1 + CUSUM_L / kk)) if use_cusum else (
        np.full(n, np.nan), np.full(n, np.nan), np.zeros(n, bool), np.zeros(n, bool))
    out["forvantat"] = mean
    out["nedre"] = np.where(judged, stats.nbinom.ppf(alpha, r, pp), np.nan)
    out["ovre"] = np.where(judged, stats.nbinom.ppf(1 - alpha, r, pp), np.nan)
    out["p_hog"], out["p_lag"] = p_hi, p_lo
    out["cusum_hog"], out["cusum_lag"] = c_hi, c_lo
    out["dispersion"] = np.where(judged, phi, np.nan)
    out["baslinje_perioder"] = np.where(judged, nb, 0)
    out["baslinje"] = source
    single_hi, single_lo = judged & (p_hi < alpha), judged & (p_lo < alpha)
    sum_hi, sum_lo = judged & sig_hi, judged & sig_lo
    flag = np.full(n, NOT_ASSESSED, dtype=object)
    flag[judged] = NORMAL
    rule = np.full(n, "", dtype=object)
    flag[sum_hi | single_hi] = HIGH
    flag[(sum_lo | single_lo) & ~(sum_hi | single_hi)] = LOW
    rule[sum_hi | sum_lo] = "cusum"
    rule[single_hi | single_lo] = "period"
    out["regel"] = rule
    out["flagga"] = flag
    what = {"rolling": "föregående perioder", "same_period": "samma period tidigare år",
            "reference": "en fast referensperiod"}[kind]
    out.attrs["metod"] = (f"Jämförelse med {what}, prediktiv Poisson-gamma-fördelning med överspridning; "
                          f"en period flaggas om den ensam är osannolik (ensidigt under {alpha:g})"
                          + (f", eller när avvikelserna över flera perioder i rad summerar till mer än {cusum_h:g} "
                             f"standardavvikelser (CUSUM, k = {cusum_k:g})" if use_cusum else ""))
    out.attrs.update(alpha=alpha, cusum_k=cusum_k, cusum_h=cusum_h, cusum=use_cusum)
    return out


def ewma_flags(counts, *, lam: float = 0.2, L: float = 3.0, baseline_periods: int | None = None,
               mean: float | None = None, dispersion: bool = True) -> pd.DataFrame:
    """EWMA chart for counts with exact time-varying Poisson limits.

    z_t = lam*x_t + (1 - lam) z_{t-1}, z_0 = mu0; limits mu0 +/- L*sqrt(mu0*lam/(2 - lam)*(1 - (1 - lam)^(2t))).
    ``mu0`` is ``mean`` if given, else the mean of the first ``baseline_periods`` complete periods
    (default: the first half, at least 8). Incomplete periods are skipped. Defaults lam = 0.2,
    L = 3.0 (ARL0 about 560 periods for normal data; see the benchmark for Poisson counts).

    With ``dispersion`` the limits are widened by sqrt(phi), phi from the successive differences of
    the phase-I periods (:func:`_mssd_dispersion`; phi = 1 for Poisson counts).

    Returns the input frame plus ``ewma``, ``nedre``, ``ovre``, ``forvantat`` and ``flagga`` (a
    :class:`~lagesbild_methods.verdicts.ControlFlag`; incomplete periods are not assessed).
    """
    out = _as_frame(counts)
    if not 0 < lam <= 1:
        raise ParameterError("lam ska ligga i intervallet (0, 1].")
    x = out["antal"].to_numpy(dtype=float)
    use = ~out["ofullstandig"].to_numpy(dtype=bool)
    xs = x[use]
    if mean is None:
        kb = int(baseline_periods or max(8, len(xs) // 2))
        if len(xs) < 2:
            raise ParameterError("För få perioder för ett EWMA-diagram (minst 2 hela perioder behövs).")
        mu0 = float(xs[:kb].mean())
    else:
        mu0 = float(mean)
    phi = 1.0
    if dispersion and len(xs) > MIN_DISPERSION:
        kb_ = int(baseline_periods or max(8, len(xs) // 2)) if mean is None else len(xs)
        ph = _mssd_dispersion(xs[:kb_ + 1])[-1]
        phi = float(ph) if np.isfinite(ph) else 1.0
    z = signal.lfilter([lam], [1, -(1 - lam)], xs, zi=[(1 - lam) * mu0])[0]
    t = np.arange(1, len(xs) + 1)
    half = L * np.sqrt(phi * max(mu0, 1e-12) * lam / (2 - lam) * (1 - (1 - lam) ** (2 * t)))
    res = {"ewma": z, "nedre": np.maximum(mu0 - half, 0), "ovre": mu0 + half}
    for name, vals in res.items():
        col = np.full(len(x), np.nan)
        col[use] = vals
        out[name] = col
    out["forvantat"] = np.where(use, mu0, np.nan)
    flag = np.full(len(x), NOT_ASSESSED, dtype=object)
    flag[use] = NORMAL
    f_hi = np.zeros(len(x), bool)
    f_lo = np.zeros(len(x), bool)
    f_hi[use] = z > mu0 + half
    f_lo[use] = z < mu0 - half
    flag[f_hi] = HIGH
    flag[f_lo] = LOW
    out["flagga"] = flag
    out.attrs["metod"] = f"EWMA (λ = {lam:g}, L = {L:g}) med gränser kring {mu0:.3g} per period (överspridning {phi:.2g})"
    return out
