"""Count regression with overdispersion, shared by the evaluation designs and the power engine.

Three families, all fitted with statsmodels ``GLM`` (log link, optional log-exposure offset):

* ``"poisson"``: plain Poisson, no overdispersion (only for reproducing published examples).
* ``"quasipoisson"``: Poisson estimates with the Pearson scale phi = X2/df (McCullagh & Nelder
  1989; R's ``quasipoisson``, the family of Lopez Bernal et al. 2017).
* ``"negbin"``: negative binomial NB2 (Var = mu + alpha mu^2) where alpha solves the Pearson
  moment equation sum (y - mu)^2 / (mu + alpha mu^2) = n - p (Breslow 1984; the df-corrected
  moment estimator, as ``MASS::theta.mm``), iterated with the GLM fit for fixed alpha. Unlike the
  maximum-likelihood alpha it is not biased low in short series, so intervals keep their level
  with a few years of data (checked in ``benchmarks/sim_evaluation_coverage.py``). alpha = 0
  (no overdispersion found) gives the Poisson fit.

Intervals for linear combinations of coefficients use either the normal quantile (as R's
``Epi::ci.lin`` in the tutorial) or Student's t with the residual degrees of freedom, which is
the safer choice whenever the dispersion is estimated from few periods.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import statsmodels.api as sm
from scipy import optimize
from scipy import stats as _st

from ..errors import ParameterError

FAMILIES = ("negbin", "quasipoisson", "poisson")
#: Swedish name of each family, for method texts.
FAMILY_NAMES = {"negbin": "negativ binomial (NB2)", "quasipoisson": "kvasi-Poisson", "poisson": "Poisson"}


@dataclass
class CountFit:
    """A fitted count model: coefficients, their covariance (dispersion included) and diagnostics."""

    names: list[str]
    params: np.ndarray
    cov: np.ndarray
    df_resid: float
    family: str
    alpha: float  # NB2 alpha (0 unless family == "negbin")
    scale: float  # quasi-Poisson scale (1 unless family == "quasipoisson")
    pearson_dispersion: float  # Pearson X2/df of the Poisson fit: the raw overdispersion
    mu: np.ndarray
    pearson_resid: np.ndarray
    deviance: float
    extra: dict = field(default_factory=dict)

    @property
    def t_df(self) -> float:
        """Degrees of freedom for t intervals: infinite (= normal) when no dispersion is estimated."""
        return np.inf if self.family == "poisson" else self.df_resid

    def index(self, name: str) -> int:
        return self.names.index(name)

    def combination(self, weights: dict[str, float] | np.ndarray, *, confidence: float = 0.95,
                    interval: str = "normal") -> dict:
        """Estimate, standard error, limits and two-sided p of a linear combination sum w_j beta_j."""
        if isinstance(weights, dict):
            w = np.zeros(len(self.names))
            for k, v in weights.items():
                w[self.index(k)] = v
        else:
            w = np.asarray(weights, dtype=float)
        est = float(w @ self.params)
        se = float(np.sqrt(max(w @ self.cov @ w, 0.0)))
        q, p = quantile_and_p(est, se, confidence, interval, self.t_df)
        return {"est": est, "se": se, "lo": est - q * se, "hi": est + q * se, "p": p}


def quantile_and_p(est: float, se: float, confidence: float, interval: str, df: float) -> tuple[float, float]:
    """Two-sided critical value and p-value for ``est/se`` (normal or t with ``df``)."""
    if interval == "t" and df > 0:
        dist = _st.t(df)
    elif interval in ("normal", "t"):
        dist = _st.norm
    else:
        raise ParameterError("Intervalltypen ska vara 'normal' eller 't'.")
    q = float(dist.ppf(1 - (1 - confidence) / 2))
    p = float(2 * dist.sf(abs(est) / se)) if se > 0 else np.nan
    return q, p


def pearson_alpha(y: np.ndarray, mu: np.ndarray, df: float) -> float:
    """NB2 alpha solving sum (y - mu)^2 / (mu + alpha mu^2) = df; 0 when the data are not overdispersed."""
    y, mu = np.asarray(y, float), np.asarray(mu, float)
    ok = mu > 0
    y, mu = y[ok], mu[ok]
    if df <= 0 or len(y) == 0:
        return 0.0

    def f(a):
        return float(np.sum((y - mu) ** 2 / (mu + a * mu ** 2)) - df)

    if f(0.0) <= 0:
        return 0.0
    hi = 1.0
    while f(hi) > 0 and hi < 1e8:
        hi *= 10
    return float(optimize.brentq(f, 0.0, hi, xtol=1e-10))


def _glm(y, X, offset, family):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sm.GLM(y, X, family=family, offset=offset).fit()


def fit_counts(y, X, names: list[str], *, offset=None, family: str = "negbin", max_iter: int = 25) -> CountFit:
    """Fit a log-linear count model with the chosen overdispersion family (see module docstring).

    Parameters
    ----------
    y : counts (non-negative); X : design matrix (with intercept); names : column names of X;
    offset : log exposure or None.
    """
    if family not in FAMILIES:
        raise ParameterError(f"Okänd modellfamilj '{family}'. Välj bland: {', '.join(FAMILIES)}.")
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise ParameterError("Modellen kan inte skattas: för få perioder före eller efter insatsen "
                             "för att skilja effekten från trend och säsong.")
    pois = _glm(y, X, offset, sm.families.Poisson())
    df = float(pois.df_resid)
    pearson = float(pois.pearson_chi2 / df) if df > 0 else np.nan
    alpha, scale, res = 0.0, 1.0, pois
    if family == "quasipoisson":
        scale = pearson if np.isfinite(pearson) else 1.0
    elif family == "negbin":
        mu = pois.mu
        for _ in range(max_iter):
            a_new = pearson_alpha(y, mu, df)
            done = abs(a_new - alpha) <= 1e-7 * (1 + alpha)
            alpha = a_new
            res = pois if alpha == 0 else _glm(y, X, offset, sm.families.NegativeBinomial(alpha=alpha))
            mu = res.mu
            if done:
                break
    cov = np.asarray(res.cov_params()) * scale
    resid = (y - res.mu) / np.sqrt(res.mu * scale + alpha * res.mu ** 2 * (family == "negbin"))
    return CountFit(names=list(names), params=np.asarray(res.params), cov=cov, df_resid=df, family=family,
                    alpha=alpha, scale=scale, pearson_dispersion=pearson, mu=np.asarray(res.mu),
                    pearson_resid=np.asarray(resid), deviance=float(res.deviance))


def nb_random(rng: np.random.Generator, mu, alpha: float, size=None) -> np.ndarray:
    """Negative binomial (NB2) draws with mean ``mu`` and variance mu + alpha mu^2 (gamma-Poisson).

    Used by the simulation benchmarks and tests; alpha = 0 gives Poisson draws.
    """
    mu = np.asarray(mu, dtype=float)
    if alpha <= 0:
        return rng.poisson(mu, size)
    return rng.poisson(rng.gamma(1 / alpha, alpha * mu, size))
