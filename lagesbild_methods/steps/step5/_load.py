"""Plumbing the step-5 modules share: loading a context with the checks every rhythm makes before any section
runs, and keeping numerical warnings of model fits out of the notebook."""
from __future__ import annotations

import warnings
from contextlib import contextmanager

from .. import context as _context
from ..context import Context


POLISEN_NOTE = ("Polisens händelser från polisen.se används inte i uppföljningen: de är ett litet, redaktionellt urval "
                "(uppskattningsvis under 5 procent av de anmälda brotten), utan platser, så en indikator kunde se ut att "
                "ha nått sitt mål bara för att Polisen inte publicerar sådana händelser. Ange kommunens egna "
                "händelserapporter (EST) i parametern handelser_fil.")


def check(ctx: Context, period=None) -> Context:
    from .. import arbetsbok
    from ..common import from_polisen

    if from_polisen(ctx):  # never follow up or evaluate on Polisen's editorial sample
        ctx.incidents = None
        ctx.handelser_till = None
        ctx.notes.append(POLISEN_NOTE)

    arbetsbok.view(ctx)  # a workbook of another kommun is refused now
    from .periods import week

    if period is not None and (arbetsbok.register_window(ctx) is not None or period is not week):
        period(ctx)  # a period that is not in the register (or cannot be read) is refused now
    return ctx


def no_register_reason(ctx) -> str:
    """Why an incident indicator cannot be followed up without a register (a clause, Swedish)."""
    if POLISEN_NOTE in ctx.notes:
        return "Polisens händelser från polisen.se är ett för litet urval för uppföljning"
    return "inga händelserapporter angavs (parametern handelser_fil)"


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
