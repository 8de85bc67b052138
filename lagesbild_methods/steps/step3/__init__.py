"""Step 3: åtgärdsplan (action plan) on the step workbook.

The template ``templates/steg3_atgardsplan.ipynb`` is its parameter spec (:data:`SPEC`), its narrative and one
call per section: ``lb = step3.load_from(globals())`` then ``visa(step3.<section>(lb))``. Sections (modules):
:mod:`.plan` (atgardsplan in Brå's format with every measure's cause and problem ids, kedjan, smart),
:mod:`.measurement` (baslinjer from the data, upptackbar_effekt: the minimum detectable effect per indicator,
computed in :mod:`.indicators`) and :mod:`.promise` (medborgarlofte, luckor); ``oversikt`` is step 2's.

The section modules are imported on first use, so importing the spec stays light.
"""
from __future__ import annotations

from ..lazy import lazy_getattr
from .spec import SPEC

_SECTIONS = {
    "atgardsplan": "plan", "kedjan": "plan", "smart": "plan", "measure_links": "plan",
    "baslinjer": "measurement", "upptackbar_effekt": "measurement", "assessment": "indicators",
    "medborgarlofte": "promise", "luckor": "promise", "draft": "promise",
}

__getattr__ = lazy_getattr(__name__, {**_SECTIONS, "oversikt": "..step2.overview", "Context": "..context"})


def _check(ctx):
    from ...errors import ParameterError
    from .. import arbetsbok

    styrka = float(ctx.params.get("styrka", 0.8))
    if not 0.5 <= styrka < 1:
        raise ParameterError(f"Parametern styrka ska ligga mellan 0,5 och 0,99 (t.ex. 0.8), fick {styrka!r}.")
    arbetsbok.view(ctx)  # a workbook of another kommun is refused now
    return ctx


def load(kommun: str, **params):
    """Validate the parameters, read the data and the workbook (Swedish errors)."""
    from .. import context

    return _check(context.load(SPEC, kommun=kommun, **params))


def load_from(namespace: dict):
    """The context from the template's parameter variables (``step3.load_from(globals())``)."""
    from .. import context

    return _check(context.load_from(SPEC, namespace))


__all__ = ["SPEC", "load", "load_from", "oversikt", *_SECTIONS]
