"""Plumbing the step-5 modules share: loading a context with the checks every rhythm makes before any section
runs, and keeping numerical warnings of model fits out of the notebook."""
from __future__ import annotations

import warnings
from contextlib import contextmanager

from .. import context as _context
from ..context import Context


def check(ctx: Context, period=None) -> Context:
    from .. import arbetsbok

    arbetsbok.view(ctx)  # a workbook of another kommun is refused now
    from .periods import week

    if period is not None and (arbetsbok.register_window(ctx) is not None or period is not week):
        period(ctx)  # a period that is not in the register (or cannot be read) is refused now
    return ctx


def load(spec, period, **params) -> Context:
    return check(_context.load(spec, **params), period)


def load_from(spec, period, namespace: dict) -> Context:
    return check(_context.load_from(spec, namespace), period)


@contextmanager
def quiet():
    """Numerical warnings of the model fits (statsmodels, numpy) are not for the coordinator's eyes: the
    results carry their own verdicts and NaN where a value cannot be computed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.filterwarnings("ignore", module="statsmodels")
        yield
