"""The 95 % rate interval covers at least 95 % at every true mean (exact computation, issue 10)."""
import importlib

import numpy as np
from scipy import stats as st

R = importlib.import_module("lagesbild_methods.stats.rates")


def test_rate_interval_coverage_at_least_95_percent_exactly():
    # between interval limits the covering counts are fixed and the coverage is unimodal in mu, so
    # its infimum is reached just beyond a limit: evaluate there (and on a grid) for mu in [0.5, 300]
    k = np.arange(0, 450)
    lo, hi, _ = R.poisson_limits(k, 0.95)
    mu = np.concatenate([hi * (1 + 1e-12), lo * (1 - 1e-12), np.geomspace(0.5, 300, 500)])
    mu = mu[(mu >= 0.5) & (mu <= 300)]
    cov = np.array([st.poisson.pmf(k, m)[(lo <= m) & (m <= hi)].sum() for m in mu])
    assert cov.min() >= 0.95
    assert cov.min() < 0.9502  # and it is tight: Byar's limits are not needlessly wide
