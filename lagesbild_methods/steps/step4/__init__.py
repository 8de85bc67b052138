"""Step 4: genomförande (implementation) -- plan against what was done, from the step workbook.

The template ``templates/steg4_genomforande.ipynb`` is its parameter spec (:data:`SPEC`), its narrative and one
call per section: ``lb = step4.load_from(globals())`` then ``visa(step4.<section>(lb))``. The computations are
in :mod:`.process` (per measure: activities by status, hours, costs, the traffic light and its reasons, the
deviations); the sections in :mod:`.sections`. Step 5 reuses :mod:`.process` for its process follow-up.

The modules are imported on first use, so importing the spec (the runner does, before any kernel starts)
stays light.
"""
from __future__ import annotations

from ..lazy import lazy_getattr
from .spec import SPEC

_NAMES = {
    **{n: "sections" for n in ("oversikt", "tidslinje", "status", "avvikelser", "resurser", "luckor")},
    **{n: "process" for n in ("REASONS", "activities", "deviations", "measure_process", "reference_date", "totals")},
}

__getattr__ = lazy_getattr(__name__, _NAMES)


def _check(ctx):
    from .. import arbetsbok
    from .process import reference_date

    arbetsbok.view(ctx)  # a workbook of another kommun is refused now
    reference_date(ctx)  # a malformed datum is refused now
    return ctx


def load(kommun: str, **params):
    """Validate the parameters and read the workbook (Swedish errors)."""
    from .. import context

    return _check(context.load(SPEC, kommun=kommun, **params))


def load_from(namespace: dict):
    """The context from the template's parameter variables (``step4.load_from(globals())``)."""
    from .. import context

    return _check(context.load_from(SPEC, namespace))


__all__ = ["SPEC", "load", "load_from", *_NAMES]
