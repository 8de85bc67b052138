"""Loading a step-5 context: the shared loader plus the checks every rhythm makes before any section runs."""
from __future__ import annotations

from .. import context as _context
from ..context import Context


def check(ctx: Context, period=None) -> Context:
    from .. import arbetsbok

    arbetsbok.view(ctx)  # a workbook of another kommun is refused now
    if period is not None and arbetsbok.register_window(ctx) is not None:
        period(ctx)  # a period that is not in the register is refused now
    return ctx


def load(spec, period, **params) -> Context:
    return check(_context.load(spec, **params), period)


def load_from(spec, period, namespace: dict) -> Context:
    return check(_context.load_from(spec, namespace), period)
