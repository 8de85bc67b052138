"""Step 1: kartläggning och lägesbild (mapping and situational picture).

The template ``templates/steg1_lagesbild.ipynb`` is its parameter spec (:data:`SPEC`), its narrative and
one call per section: ``lb = step1.load_from(globals())`` then ``visa(step1.<section>(lb))``. Sections
(modules): :mod:`.overview` (oversikt, sammanfattning, kallor_och_begransningar, lagkrav), :mod:`.crime`
(vanligaste_problem, jamforelse, utveckling), :mod:`.incidents` (nar, var), :mod:`.survey` (trygghet).
Nothing here reads files or computes statistics itself: the shared steps layer loads the inputs and the
sections call ``stats``, ``patterns``, ``figures`` and ``text``.
"""
from __future__ import annotations

from .. import context as _context
from ..common import KADENS_ORD, KADENSER
from ..context import Context
from .crime import jamforelse, latest_table, utveckling, vanligaste_problem
from .incidents import nar, var
from .overview import LAGKRAV, kallor_och_begransningar, lagkrav, oversikt, sammanfattning
from .spec import SPEC
from .survey import SURVEY_MEASURES, trygghet


def load(kommun: str, ar_fran: int, ar_till: int, **params) -> Context:
    """Validate the parameters (see :data:`SPEC`), read and validate every data file, return the context.

    Empty file parameters mean the bundled övningsdata; an empty ``handelser_fil`` or ``enkat_fil`` without a
    bundled file leaves that part out (the report says so). Raises Swedish ``ParameterError``/``InputDataError``.
    """
    return _context.load(SPEC, kommun=kommun, ar_fran=ar_fran, ar_till=ar_till, **params)


def load_from(namespace: dict) -> Context:
    """The context from a template's parameter variables (``step1.load_from(globals())``)."""
    return _context.load_from(SPEC, namespace)


__all__ = ["KADENSER", "KADENS_ORD", "LAGKRAV", "SPEC", "SURVEY_MEASURES", "Context", "jamforelse",
           "kallor_och_begransningar", "lagkrav", "latest_table", "load", "load_from", "nar", "oversikt",
           "sammanfattning", "trygghet", "utveckling", "vanligaste_problem", "var"]
