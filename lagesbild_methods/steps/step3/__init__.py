"""Step 3: åtgärdsplan (action plan) on the step workbook.

The template ``templates/steg3_atgardsplan.ipynb`` is its parameter spec (:data:`SPEC`), its narrative and one
call per section: ``lb = step3.load_from(globals())`` then ``visa(step3.<section>(lb))``. Sections (modules):
:mod:`.plan` (atgardsplan in Brå's format with every measure's cause and problem ids, kedjan, smart),
:mod:`.measurement` (baslinjer from the data, upptackbar_effekt: the minimum detectable effect per indicator,
computed in :mod:`.indicators`) and :mod:`.promise` (medborgarlofte, luckor).
"""
from __future__ import annotations

from .. import context as _context
from ..context import Context
from ..step2 import oversikt
from .indicators import assessment
from .measurement import baslinjer, upptackbar_effekt
from .plan import atgardsplan, kedjan, measure_links, smart
from .promise import draft, luckor, medborgarlofte
from .spec import SPEC


def _check(ctx: Context) -> Context:
    from ...errors import ParameterError

    styrka = float(ctx.params.get("styrka", 0.8))
    if not 0.5 <= styrka < 1:
        raise ParameterError(f"Parametern styrka ska ligga mellan 0,5 och 0,99 (t.ex. 0.8), fick {styrka!r}.")
    from .. import arbetsbok

    arbetsbok.view(ctx)  # a workbook of another kommun is refused now
    return ctx


def load(kommun: str, **params) -> Context:
    """Validate the parameters, read the data and the workbook (Swedish errors)."""
    return _check(_context.load(SPEC, kommun=kommun, **params))


def load_from(namespace: dict) -> Context:
    """The context from the template's parameter variables (``step3.load_from(globals())``)."""
    return _check(_context.load_from(SPEC, namespace))


__all__ = ["SPEC", "Context", "assessment", "atgardsplan", "baslinjer", "draft", "kedjan", "load", "load_from",
           "luckor", "measure_links", "medborgarlofte", "oversikt", "smart", "upptackbar_effekt"]
