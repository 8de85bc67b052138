"""Tests of rates that allow for extra variation, each with the interval that inverts it.

One engine serves the change between two periods, the comparison of an area with the rest of its
region (county, country, kommungrupp) and the funnel plot, so a comparison gets one verdict
wherever it is shown.

**Two rates** (``two_rate_test``). Given the total N = O1 + O2, the count O2 is binomial
(Przyborowski & Wilenski 1940) with pi = theta e2 / (e1 + theta e2), theta = rate2/rate1. With
extra variation (negative binomial, NB2 alpha per group, :mod:`.dispersion`) the share O2/N varies
more: its variance is pi (1 - pi)/N * phi with phi = pi phi1 + (1 - pi) phi2 and
phi_i = 1 + alpha_i mu_i (delta method). The conditional distribution is then taken as the
beta-binomial with that mean and variance (``scipy.stats.betabinom``); with alpha = 0 it is the
binomial, i.e. the exact conditional Poisson test.

**One rate against a fixed value** (``one_rate_test``, ``rate_interval``): the count is NB(mu,
alpha) (``scipy.stats.nbinom``; Poisson when alpha = 0).

**p-value and interval belong together**: the two-sided p-value is twice the smaller tail
(central), with mid-p tails P(X > x) + P(X = x)/2 by default (Lancaster 1961; Berry & Armitage
1995) or exact tails P(X >= x) (``midp=False``). The interval is the set of ratios (rates) that
this same test does not reject, found with ``scipy.optimize.brentq``; for alpha = 0 and
``midp=False`` it is the Clopper-Pearson (Garwood) interval. So "p < 0,05" and "the interval
excludes 1" are the same statement. Mid-p is the default because exact tests of counts are
conservative at small numbers (2 % instead of 5 % false alarms at 5 events a year), while the
mid-p tests stay close to the nominal level (``benchmarks/sim_false_alarms.py``).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize as _opt
from scipy import stats as _st

#: Half-width (in standard deviations) of the window over which beta-binomial tails are summed;
#: outside it the mass is below 1e-8 when both beta parameters are at least 2 (a gamma(2) tail at
#: 15 sd), far below what can move a p-value across 0,05; otherwise the whole support is summed.
_WINDOW_SD = 15


# --------------------------------------------------------------------------------------
# scipy.stats' own functions, without the argument handling of a public call
# --------------------------------------------------------------------------------------
# A root search calls the count distributions 20-40 times per interval with one valid scalar argument;
# most of a public ``scipy.stats`` call (``pmf``, ``cdf``, ``sf``, ``logpmf``) is checking and broadcasting
# its arguments. For valid arguments the public call returns the distribution's own method (``_pmf``,
# ``_cdf``, ``_sf``; clipped to [0, 1]; ``_logpmf`` unclipped), so calling those directly gives the same
# numbers bit for bit. :func:`_fast_ok` checks that on a grid once per process (a scipy version
# that changes the internals falls back to the public calls); tests/test_stats_ratetest_fast.py too.


def _clip01(v) -> float:
    """``np.clip(v, 0, 1)`` of one value (NaN stays NaN), as the public calls clip."""
    return min(max(float(v), 0.0), 1.0)


def _nb_fast(x: int, size: float, p: float):
    """(P(X = x), P(X < x), P(X > x)) of NB(size, p) from scipy.stats.nbinom's own methods, or None
    when the arguments are not the plain valid case."""
    if not (size > 0 and 0 < p <= 1 and math.isfinite(size) and x >= 0):
        return None
    nb = _st.nbinom
    return (_clip01(nb._pmf(x, size, p)), _clip01(nb._cdf(x - 1, size, p)) if x > 0 else 0.0,
            _clip01(nb._sf(x, size, p)))


def _poisson_fast(x: int, mu: float):
    if not (mu >= 0 and math.isfinite(mu) and x >= 0):
        return None
    po = _st.poisson
    return (_clip01(po._pmf(x, mu)), _clip01(po._cdf(x - 1, mu)) if x > 0 else 0.0, _clip01(po._sf(x, mu)))


def _betabinom_logpmf(k: np.ndarray, n: int, a: float, b: float) -> np.ndarray:
    """``scipy.stats.betabinom.logpmf`` for a window 0 <= k <= n of whole numbers."""
    if _fast_ok() and n >= 0 and a > 0 and b > 0 and math.isfinite(a) and math.isfinite(b):
        return _st.betabinom._logpmf(k, n, a, b)
    return _st.betabinom.logpmf(k, n, a, b)


_FAST: list = []


def _fast_ok() -> bool:
    """Whether the direct calls give exactly what the public scipy.stats calls give (checked once)."""
    if not _FAST:
        ok = True
        try:
            for x in (0, 1, 3, 17, 250, 4000):
                for mu in (0.3, 2.5, 19.7, 260.0, 3999.0):
                    for alpha in (0.002, 0.04, 0.5):
                        size = 1.0 / alpha
                        p = size / (size + mu)
                        want = (float(_st.nbinom.pmf(x, size, p)), float(_st.nbinom.cdf(x - 1, size, p)) if x > 0
                                else 0.0, float(_st.nbinom.sf(x, size, p)))
                        ok &= _nb_fast(x, size, p) == want
                    want = (float(_st.poisson.pmf(x, mu)), float(_st.poisson.cdf(x - 1, mu)) if x > 0 else 0.0,
                            float(_st.poisson.sf(x, mu)))
                    ok &= _poisson_fast(x, mu) == want
            k = np.arange(0, 301)
            for a, b in ((2.5, 7.1), (40.0, 900.0), (0.7, 0.4)):
                ok &= bool(np.array_equal(_st.betabinom._logpmf(k, 300, a, b), _st.betabinom.logpmf(k, 300, a, b)))
        except Exception:  # noqa: BLE001 - internals renamed or changed: use the public calls
            ok = False
        _FAST.append(bool(ok))
    return _FAST[0]


@dataclass(frozen=True)
class RateTest:
    """Result of a rate test: estimate (ratio or rate), its interval and the two-sided p-value."""

    estimate: float
    lower: float
    upper: float
    pvalue: float


def _tail_weight(midp: bool) -> float:
    return 0.5 if midp else 1.0


# --------------------------------------------------------------------------------------
# the conditional (beta-)binomial distribution
# --------------------------------------------------------------------------------------


def phi_effective(n: float, pi: float, alpha1: float, alpha2: float) -> float:
    """Variance factor of the share O2/N given N (delta method): pi phi1 + (1 - pi) phi2."""
    phi1 = 1.0 + alpha1 * n * (1.0 - pi)
    phi2 = 1.0 + alpha2 * n * pi
    return pi * phi1 + (1.0 - pi) * phi2


def _betabinom_params(n: int, pi: float, phi: float):
    """(a, b) of the beta-binomial with mean n pi and variance n pi (1-pi) phi; None = binomial."""
    if n < 2 or phi <= 1.0:
        return None
    rho = min((phi - 1.0) / (n - 1.0), 1.0 - 1e-9)
    if rho < 1e-12:
        return None
    s = (1.0 - rho) / rho
    return pi * s, (1.0 - pi) * s


def conditional_tails(x: int, n: int, pi: float, phi: float = 1.0) -> tuple[float, float, float]:
    """(P(X < x), P(X = x), P(X > x)) for the count x of n given share pi and variance factor phi."""
    if pi <= 0.0:
        return (0.0, 1.0, 0.0) if x == 0 else (1.0, 0.0, 0.0)
    if pi >= 1.0:
        return (0.0, 1.0, 0.0) if x == n else (0.0, 0.0, 1.0)
    ab = _betabinom_params(n, pi, phi)
    if ab is None:
        lo, hi = _window(n, pi, 1.0, x)

        def pmf_of(k):
            return _st.binom.pmf(k, n, pi)
    else:
        a, b = ab
        lo, hi = _window(n, pi, phi, x) if min(a, b) >= 2 else (0, n)

        def pmf_of(k):
            return np.exp(_betabinom_logpmf(k, n, a, b))
    # sum only the side of x away from the mean (the other side is 1 minus it)
    if x <= n * pi:
        pmf = pmf_of(np.arange(lo, x + 1))
        below, eq = float(pmf[:-1].sum()), float(pmf[-1])
        return below, eq, max(0.0, 1.0 - below - eq)
    pmf = pmf_of(np.arange(x, hi + 1))
    above, eq = float(pmf[1:].sum()), float(pmf[0])
    return max(0.0, 1.0 - above - eq), eq, above


def _window(n: int, pi: float, phi: float, x: int | None = None) -> tuple[int, int]:
    """Support range holding all but a negligible mass (mean +- 40 sd), widened to include x."""
    mean = n * pi
    sd = math.sqrt(max(n * pi * (1 - pi) * phi, 1e-12))
    lo = int(max(0, math.floor(mean - _WINDOW_SD * sd) - 10))
    hi = int(min(n, math.ceil(mean + _WINDOW_SD * sd) + 10))
    if x is not None:
        lo, hi = min(lo, x), max(hi, x)
    return lo, hi


def _pvalue(lower: float, eq: float, upper: float, w: float) -> float:
    return float(min(1.0, 2.0 * min(lower + w * eq, upper + w * eq)))


# --------------------------------------------------------------------------------------
# two rates
# --------------------------------------------------------------------------------------


def _share(theta: float, e1: float, e2: float) -> float:
    return theta * e2 / (e1 + theta * e2)


def _solve_log(func, start: float, step: float = 0.5) -> float:
    """Root of a function of log theta that increases with theta, bracketed from ``start``."""
    lo = hi = math.log(start)
    s = step
    while func(lo) > 0:
        lo -= s
        s *= 2
        if lo < -700:
            return 0.0
    s = step
    while func(hi) < 0:
        hi += s
        s *= 2
        if hi > 700:
            return math.inf
    if lo == hi:
        return math.exp(lo)
    return math.exp(_opt.brentq(func, lo, hi, xtol=1e-9, rtol=1e-11))


def two_rate_test(o1, e1, o2, e2, *, alpha1: float = 0.0, alpha2: float = 0.0, confidence: float = 0.95,
                  midp: bool = True, interval: bool = True) -> RateTest:
    """Rate ratio theta = (o2/e2)/(o1/e1) with its interval and the two-sided p-value of theta = 1.

    ``alpha1``, ``alpha2``: NB2 extra variation of each group (0 = Poisson). Counts must be
    whole numbers >= 0 and exposures > 0 (the caller validates). With no events in either group
    the ratio is undefined: estimate NaN, interval (0, inf), p = 1. ``interval=False`` skips the
    interval (NaN limits) when only the p-value is needed (simulations).
    """
    x, n = int(o2), int(o1) + int(o2)
    w = _tail_weight(midp)
    a2 = (1 - confidence) / 2
    if n == 0:
        return RateTest(float("nan"), 0.0, math.inf, 1.0)
    estimate = (o2 / e2) / (o1 / e1) if o1 > 0 else math.inf

    def tails(theta):
        pi = _share(theta, e1, e2)
        return conditional_tails(x, n, pi, phi_effective(n, pi, alpha1, alpha2))

    p = _pvalue(*tails(1.0), w)
    if not interval:
        return RateTest(float(estimate), float("nan"), float("nan"), p)
    # normal-approximation guesses for the limits start the bracketing close to the roots
    centre = ((x + 0.5) / e2) / ((n - x + 0.5) / e1)
    pi_c = _share(centre, e1, e2)
    se = math.sqrt(phi_effective(n, pi_c, alpha1, alpha2) * (1 / (n - x + 0.5) + 1 / (x + 0.5)))
    z = float(_st.norm.ppf(1 - a2))

    def upper_tail(log_theta):  # P(X > x) + w P(X = x), increasing in theta
        lo_, eq, up = tails(math.exp(log_theta))
        return up + w * eq - a2

    def lower_tail_neg(log_theta):  # -(P(X < x) + w P(X = x)), increasing in theta
        lo_, eq, up = tails(math.exp(log_theta))
        return a2 - (lo_ + w * eq)

    step = max(se / 2, 1e-3)
    lower = 0.0 if x == 0 else _solve_log(upper_tail, centre * math.exp(-z * se), step)
    upper = math.inf if x == n else _solve_log(lower_tail_neg, centre * math.exp(z * se), step)
    return RateTest(float(estimate), float(lower), float(upper), p)


# --------------------------------------------------------------------------------------
# one rate (negative binomial / Poisson)
# --------------------------------------------------------------------------------------


def _count_dist(mu: float, alpha: float):
    """The count's distribution and its shape arguments: NB(mu, alpha), or Poisson(mu) when alpha is negligible."""
    if alpha * mu > 1e-10:  # below that the negative binomial is the Poisson to double precision
        size = 1.0 / alpha
        return _st.nbinom, (size, size / (size + mu))
    return _st.poisson, (mu,)


def _count_tails(x: int, mu: float, alpha: float) -> tuple[float, float, float]:
    if mu <= 0:
        return (0.0, 1.0, 0.0) if x == 0 else (1.0, 0.0, 0.0)
    dist, args = _count_dist(mu, alpha)
    lower = float(dist.cdf(x - 1, *args)) if x > 0 else 0.0
    return lower, float(dist.pmf(x, *args)), float(dist.sf(x, *args))


def _count_tail(x: int, mu: float, alpha: float, w: float, upper: bool) -> float:
    """One side of :func:`_count_tails` with the point mass weighted by ``w``: P(X > x) + w P(X = x) when
    ``upper``, else P(X < x) + w P(X = x); the same scipy calls, without the third one the root search
    of that side does not use."""
    if mu <= 0:
        lo_, eq, up = _count_tails(x, mu, alpha)
        return (up if upper else lo_) + w * eq
    dist, args = _count_dist(mu, alpha)
    fast = None
    if _fast_ok():
        fast = _nb_fast(x, *args) if dist is _st.nbinom else _poisson_fast(x, *args)
    if fast is not None:
        eq, below, above = fast
        return (above if upper else below) + w * eq
    eq = float(dist.pmf(x, *args))
    if upper:
        return float(dist.sf(x, *args)) + w * eq
    return (float(dist.cdf(x - 1, *args)) if x > 0 else 0.0) + w * eq


def one_rate_test(o, e, rate0: float, *, alpha: float = 0.0, confidence: float = 0.95, midp: bool = True,
                  multiplier: float = 1.0) -> RateTest:
    """Rate o/e x multiplier against a fixed value ``rate0``: the interval of the rate (NB mid-p or
    exact) and the two-sided p-value of "rate = rate0"."""
    x = int(o)
    w = _tail_weight(midp)
    p = _pvalue(*_count_tails(x, rate0 / multiplier * e, alpha), w) if np.isfinite(rate0) else float("nan")
    lo, hi = count_interval(x, alpha=alpha, confidence=confidence, midp=midp)
    return RateTest(o / e * multiplier, lo / e * multiplier, hi / e * multiplier, p)


def count_interval(x: int, *, alpha: float = 0.0, confidence: float = 0.95, midp: bool = True
                   ) -> tuple[float, float]:
    """Interval of the expected count behind an observed count x (inverts :func:`one_rate_test`).

    With alpha = 0 and ``midp=False`` these are the exact (Garwood) Poisson limits. Memoized: a
    report asks for the same kommun's count with the same alpha in several comparisons.
    """
    return _count_interval(int(x), float(alpha), float(confidence), bool(midp))


@functools.lru_cache(maxsize=4096)
def _count_interval(x: int, alpha: float, confidence: float, midp: bool) -> tuple[float, float]:
    w = _tail_weight(midp)
    a2 = (1 - confidence) / 2
    start = max(x, 0.5)

    def upper_tail(log_mu):  # increasing in mu
        return _count_tail(x, math.exp(log_mu), alpha, w, True) - a2

    def lower_tail_neg(log_mu):
        return a2 - _count_tail(x, math.exp(log_mu), alpha, w, False)

    lower = 0.0 if x == 0 else _solve_log(upper_tail, start)
    return float(lower), float(_solve_log(lower_tail_neg, start))


# --------------------------------------------------------------------------------------
# an area against the rest of its region, and the funnel limits from the same test
# --------------------------------------------------------------------------------------


def rest_alpha(alpha_region: float, alpha_area: float, total: float, pop_region: float, pop_area: float) -> float:
    """Extra variation of "the region without the area" from the region's and the area's.

    If the parts vary independently, alpha of a sum is sum(alpha_i mu_i^2) / (sum mu_i)^2, so the rest has
    (alpha_region T^2 - alpha_area m^2) / (T - m)^2 with T the region's count and m = T pop_area/pop_region
    the area's expected share. Never less than the region's own alpha (when the parts move together the
    rest varies at least as much as the region). Both the verdicts and the funnel curves use this, so they
    agree.
    """
    if not (pop_region > pop_area > 0) or total <= 0:
        return float(alpha_region)
    m = total * pop_area / pop_region
    rest = (alpha_region * total ** 2 - alpha_area * m ** 2) / (total - m) ** 2
    return float(max(alpha_region, rest))



def area_count_limits(total: int, pop_total: float, pop_area: float, *, alpha_area: float = 0.0,
                      alpha_rest: float = 0.0, confidence: float = 0.95, midp: bool = True
                      ) -> tuple[float, float]:
    """Counts between which an area of population ``pop_area`` inside a region with ``total``
    events and population ``pop_total`` is *not* judged different from the rest of the region.

    This is :func:`two_rate_test` (rest of region = group 1, the area = group 2) turned around:
    for every whole count c of the area, c is significantly high iff c > upper and significantly
    low iff c < lower. Between whole counts the tails are interpolated linearly, so the curve is
    continuous. Returns (NaN, NaN) when the area is the whole region.
    """
    n = int(total)
    if not (0 < pop_area < pop_total) or n < 1:
        return float("nan"), float("nan")
    pi = pop_area / pop_total
    phi = phi_effective(n, pi, alpha_rest, alpha_area)  # alpha_rest: see rest_alpha
    w = _tail_weight(midp)
    a2 = (1 - confidence) / 2
    ab = _betabinom_params(n, pi, phi)
    lo_k, hi_k = _window(n, pi, phi)
    k = np.arange(lo_k, hi_k + 1)
    pmf = _st.binom.pmf(k, n, pi) if ab is None else np.exp(_betabinom_logpmf(k, n, *ab))
    below = np.concatenate([[0.0], np.cumsum(pmf)[:-1]])  # P(X < k) within the window
    above = np.clip(pmf.sum() - below - pmf, 0.0, None)
    low_tail = below + w * pmf  # increasing in k: significantly low iff low_tail(c) < a2
    up_tail = above + w * pmf  # decreasing in k: significantly high iff up_tail(c) < a2
    ks = k.astype(float)
    lower = float(np.interp(a2, low_tail, ks))
    upper = float(np.interp(a2, up_tail[::-1], ks[::-1]))
    return lower, upper
