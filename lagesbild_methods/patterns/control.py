"""Wrong-direction flags for the weekly (EST) and four-monthly (tertial) cadence.

Two charts, both on counts per period from :func:`lagesbild_methods.patterns.timing.period_counts`:

* :func:`control_flags` -- one period at a time against a baseline of earlier periods. The
  expected count comes from the baseline mean; the limits are quantiles of the *predictive*
  distribution, which adds the uncertainty of a mean estimated from few periods (Poisson-gamma
  mixture = negative binomial; with a Jeffreys prior the shape is S + 0.5 and the success
  probability k/(k + 1) for S events in k baseline periods). Overdispersion (variance/mean > 1
  in the baseline, estimated from at least 8 periods) widens the variance as in quasi-Poisson
  models: v = phi*mu*(1 + 1/k), moment-matched to a negative binomial. One-sided tail
  probabilities are compared with ``alpha`` (default 0.005 per side).
  References: Farrington, Andrews, Beale & Catchpole (1996) JRSS A 159:547 (baseline of earlier
  periods, quasi-Poisson dispersion); Bayarri & Berger / Jeffreys predictive for Poisson counts.
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

#: Default baseline per period length: (kind, number of baseline periods, periods per year).
DEFAULTS = {"week": ("rolling", 12, 52), "month": ("same_period", 3, 12),
            "tertial": ("same_period", 3, 3), "year": ("rolling", 3, 1)}


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


def control_flags(counts, *, baseline: str | None = None, baseline_periods: int | None = None,
                  periods_per_year: int | None = None, alpha: float = 0.005,
                  min_baseline: int | None = None, dispersion: bool = True) -> pd.DataFrame:
    """Flag periods whose count is unusually high or low compared with earlier periods.

    Parameters
    ----------
    counts : frame from :func:`period_counts` (uses ``antal``, ``ofullstandig``; ``attrs["frekvens"]``
        chooses the defaults) or a Series/array of counts.
    baseline : ``"rolling"`` (the ``baseline_periods`` previous complete periods) or
        ``"same_period"`` (the same week/month/tertial in the ``baseline_periods`` previous years).
        Defaults: week rolling 12, month same period 3 years, tertial same period 3 years,
        year rolling 3.
    alpha : one-sided tail probability per period and direction (default 0.005).
    min_baseline : least number of baseline periods needed to judge a period (default: for
        ``same_period`` max(2, baseline_periods - 1); for rolling min(8, baseline_periods)).
    dispersion : estimate overdispersion from the baseline (needs >= 8 baseline periods).

    Returns
    -------
    The input frame plus ``forvantat`` (baseline mean), ``nedre``, ``ovre`` (the alpha and
    1 - alpha predictive quantiles), ``p_hog``, ``p_lag``, ``dispersion``, ``baslinje_perioder`` and
    ``flagga`` (a :class:`~lagesbild_methods.verdicts.ControlFlag`: high, low, normal, or not_assessed for
    periods that could not be judged). Incomplete periods are never flagged
    and never used as baseline. ``attrs["metod"]`` describes the method in Swedish.
    """
    out = _as_frame(counts)
    freq = out.attrs.get("frekvens") if isinstance(counts, pd.DataFrame) else None
    freq = freq or getattr(counts, "attrs", {}).get("frekvens")
    kind_d, k_d, ppy_d = DEFAULTS.get(freq, ("rolling", 12, 52))
    kind = baseline or kind_d
    if kind not in ("rolling", "same_period"):
        raise ParameterError("baseline ska vara 'rolling' eller 'same_period'.")
    k = int(baseline_periods or k_d)
    ppy = int(periods_per_year or ppy_d)
    if not 0 < alpha < 0.5:
        raise ParameterError("alpha ska ligga mellan 0 och 0,5.")
    if k < 1:
        raise ParameterError("baseline_periods måste vara minst 1.")
    if min_baseline is None:
        min_baseline = max(2, k - 1) if kind == "same_period" else min(8, k)
    x = out["antal"].to_numpy(dtype=float)
    inc = out["ofullstandig"].to_numpy(dtype=bool)
    xb = np.where(inc, np.nan, x)
    n = len(x)
    step = 1 if kind == "rolling" else ppy
    # baseline matrix: column j = value j*step periods back (vectorised, no loop over rows)
    lags = np.full((n, k), np.nan)
    for j in range(1, k + 1):  # loop over baseline lags only (k <= ~52)
        lag = j * step
        if lag < n:
            lags[lag:, j - 1] = xb[:-lag]
    nb = np.sum(~np.isnan(lags), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        ssum = np.nansum(lags, axis=1)
        mean = np.where(nb > 0, ssum / np.maximum(nb, 1), np.nan)
        ss = np.nansum((lags - mean[:, None]) ** 2, axis=1)
        var = np.where(nb > 1, ss / np.maximum(nb - 1, 1), np.nan)
    phi = np.ones(n)
    if dispersion:
        ok = (nb >= 8) & (mean > 0)
        phi[ok] = np.maximum(1.0, var[ok] / mean[ok])
    judged = (nb >= min_baseline) & ~inc
    mu = (ssum + 0.5) / np.maximum(nb, 1)  # Jeffreys: gamma(S + 1/2, k) posterior mean
    v = phi * mu * (1 + 1 / np.maximum(nb, 1))
    r = mu ** 2 / (v - mu)
    pp = mu / v
    p_hi = np.where(judged, stats.nbinom.sf(x - 1, r, pp), np.nan)
    p_lo = np.where(judged, stats.nbinom.cdf(x, r, pp), np.nan)
    out["forvantat"] = np.where(judged, mean, np.nan)
    out["nedre"] = np.where(judged, stats.nbinom.ppf(alpha, r, pp), np.nan)
    out["ovre"] = np.where(judged, stats.nbinom.ppf(1 - alpha, r, pp), np.nan)
    out["p_hog"] = p_hi
    out["p_lag"] = p_lo
    out["dispersion"] = np.where(judged, phi, np.nan)
    out["baslinje_perioder"] = nb
    flag = np.full(n, NOT_ASSESSED, dtype=object)
    flag[judged] = NORMAL
    flag[judged & (p_hi < alpha)] = HIGH
    flag[judged & (p_lo < alpha)] = LOW
    out["flagga"] = flag
    what = "föregående perioder" if kind == "rolling" else "samma period tidigare år"
    out.attrs["metod"] = (f"Jämförelse med {what} (upp till {k} st), prediktiv Poisson-gamma-fördelning "
                          f"med överspridning, ensidig sannolikhet under {alpha:g} per period")
    out.attrs["alpha"] = alpha
    return out


def ewma_flags(counts, *, lam: float = 0.2, L: float = 3.0, baseline_periods: int | None = None,
               mean: float | None = None) -> pd.DataFrame:
    """EWMA chart for counts with exact time-varying Poisson limits.

    z_t = lam*x_t + (1 - lam) z_{t-1}, z_0 = mu0; limits mu0 +/- L*sqrt(mu0*lam/(2 - lam)*(1 - (1 - lam)^(2t))).
    ``mu0`` is ``mean`` if given, else the mean of the first ``baseline_periods`` complete periods
    (default: the first half, at least 8). Incomplete periods are skipped. Defaults lam = 0.2,
    L = 3.0 (ARL0 about 560 periods for normal data; see the benchmark for Poisson counts).

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
    z = signal.lfilter([lam], [1, -(1 - lam)], xs, zi=[(1 - lam) * mu0])[0]
    t = np.arange(1, len(xs) + 1)
    half = L * np.sqrt(max(mu0, 1e-12) * lam / (2 - lam) * (1 - (1 - lam) ** (2 * t)))
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
    out.attrs["metod"] = f"EWMA (λ = {lam:g}, L = {L:g}) med Poissongränser kring {mu0:.3g} per period"
    return out
