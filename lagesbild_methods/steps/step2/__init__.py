"""Step 2: orsaksanalys (cause analysis) of the prioritised problems, on the step workbook.

The template ``templates/steg2_orsaksanalys.ipynb`` is its parameter spec (:data:`SPEC`), its narrative and one
call per section: ``lb = step2.load_from(globals())`` then ``visa(step2.<section>(lb))``. Sections (modules):
:mod:`.overview` (oversikt), :mod:`.priority` (prioritering: the workbook's problems on Brå's criteria),
:mod:`.deepdive` (problemet, var, nar, vilka: the chosen problem, with step 1's own place and time sections run
on its incidents) and :mod:`.causes` (brottstriangeln, fiskben, handelsekedja, underlag, luckor, nasta_steg: the
workbook's *Orsaker* sheet).

The section modules are imported on first use, so importing the spec (the runner does, before any kernel
starts) stays light.
"""
from __future__ import annotations

from ..lazy import lazy_getattr
from .spec import SPEC

_SECTIONS = {
    "oversikt": "overview", "prioritering": "priority", "matrix": "priority", "problemet": "deepdive",
    "var": "deepdive", "nar": "deepdive", "vilka": "deepdive", "chosen": "deepdive",
    "brottstriangeln": "causes", "fiskben": "causes", "handelsekedja": "causes", "underlag": "causes",
    "luckor": "causes", "nasta_steg": "causes", "causes_of": "causes", "measures_by_cause": "causes",
}

__getattr__ = lazy_getattr(__name__, {**_SECTIONS, "Context": "..context"})


def load(kommun: str, **params):
    """Validate the parameters, read the data and the workbook, and check the chosen problem (Swedish errors)."""
    from .. import context
    from .deepdive import chosen

    ctx = context.load(SPEC, kommun=kommun, **params)
    chosen(ctx)  # an unknown problem id is refused now, not in the middle of the report
    return ctx


def load_from(namespace: dict):
    """The context from the template's parameter variables (``step2.load_from(globals())``)."""
    from .. import context
    from .deepdive import chosen

    ctx = context.load_from(SPEC, namespace)
    chosen(ctx)
    return ctx


__all__ = ["SPEC", "load", "load_from", *_SECTIONS]
