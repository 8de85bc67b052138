"""Fitted yearly levels of count series for the extra-variation estimate (:mod:`.dispersion`).

Each series gets a Poisson GLM with log(population) offset and a linear trend in the log rate
(a constant level below :data:`TREND_FROM_YEARS` years), fitted with ``statsmodels``; up to eight
series share one fit with a block-diagonal design, which gives the same fitted values as separate
fits several times faster.
"""
from __future__ import annotations

import warnings

import numpy as np
import statsmodels.api as sm

#: Fewer years than this: the series' level is a constant (no trend term).
TREND_FROM_YEARS = 5


def _trend_design(years: np.ndarray) -> np.ndarray:
    if years.size < TREND_FROM_YEARS:
        return np.ones((years.size, 1))
    return np.column_stack([np.ones(years.size), years - years.mean()])


def fit_series(years, counts, population) -> tuple[np.ndarray, int]:
    """Fitted means of one yearly series (Poisson GLM, log-population offset) and residual df.

    A linear trend in the log rate from :data:`TREND_FROM_YEARS` years, a constant level below.
    A series without events carries no information on the variation: ``(zeros, 0)``.
    """
    return fit_many([(years, counts, population)])[0]


def fit_many(series: list, chunk: int = 8) -> list[tuple[np.ndarray, int]]:
    """:func:`fit_series` for many series at once.

    Up to ``chunk`` series share one statsmodels GLM with a block-diagonal design (a level and
    a slope per series). The likelihood separates by series, so the fitted values are those of
    separate fits; one fit per chunk is several times faster than one per series. A chunk that
    fails is refitted series by series (constant level as the last resort).
    """
    out: list = [None] * len(series)
    todo = []
    for i, (y, o, e) in enumerate(series):
        y, o, e = (np.asarray(v, dtype=float) for v in (y, o, e))
        if o.size < 2 or o.sum() == 0:
            out[i] = (np.zeros(o.size), 0)
        else:
            todo.append((i, y, o, e))
    for start in range(0, len(todo), chunk):
        part = todo[start:start + chunk]
        blocks = [_trend_design(y) for _, y, _, _ in part]
        X = np.zeros((sum(b.shape[0] for b in blocks), sum(b.shape[1] for b in blocks)))
        r = c = 0
        for b in blocks:
            X[r:r + b.shape[0], c:c + b.shape[1]] = b
            r, c = r + b.shape[0], c + b.shape[1]
        o = np.concatenate([p[2] for p in part])
        off = np.log(np.concatenate([p[3] for p in part]))
        mu = _glm_means(o, X, off)
        if mu is None:
            fitted = [_fit_one(y, oo, e) for _, y, oo, e in part]
        else:
            fitted, r = [], 0
            for (_, y, oo, e), b in zip(part, blocks):
                fitted.append((mu[r:r + oo.size], oo.size - b.shape[1]))
                r += oo.size
        for (i, *_), f in zip(part, fitted):
            out[i] = f
    return out


def _glm_means(o, X, offset):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = sm.GLM(o, X, family=sm.families.Poisson(), offset=offset).fit()
        except (ValueError, np.linalg.LinAlgError, FloatingPointError):
            return None
    mu = np.asarray(res.fittedvalues, dtype=float)
    return mu if np.all(np.isfinite(mu)) else None


def _fit_one(y, o, e):
    X = _trend_design(y)
    mu = _glm_means(o, X, np.log(e))
    if mu is None:
        return o.sum() / e.sum() * e, o.size - 1
    return mu, o.size - X.shape[1]
