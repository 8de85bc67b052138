"""Step 1: kartläggning och lägesbild (mapping and situational picture).

The template ``templates/steg1_lagesbild.ipynb`` is its parameter spec (:data:`SPEC`), its narrative and
one call per section: ``lb = step1.load_from(globals())`` then ``visa(step1.<section>(lb))``. Sections
(modules): :mod:`.overview` (oversikt, sammanfattning, kallor_och_begransningar, lagkrav), :mod:`.crime`
(vanligaste_problem, jamforelse, utveckling), :mod:`.incidents` (nar, var), :mod:`.survey` (trygghet).
Nothing here reads files or computes statistics itself: the shared steps layer loads the inputs and the
sections call ``stats``, ``patterns``, ``figures`` and ``text``.

The section modules are imported on first use, so importing the spec (the runner does, before any kernel
starts) stays light.
"""
from __future__ import annotations

from ..lazy import lazy_getattr
from .spec import KADENS_ORD, KADENSER, SPEC

_SECTIONS = {
    "oversikt": "overview", "sammanfattning": "overview", "kallor_och_begransningar": "overview",
    "lagkrav": "overview", "LAGKRAV": "overview", "vanligaste_problem": "crime", "jamforelse": "crime",
    "utveckling": "crime", "latest_table": "crime", "nar": "incidents", "var": "incidents",
    "trygghet": "survey", "SURVEY_MEASURES": "survey",
    "lokal_kunskap": "overview", "om_metoderna": "overview", "ordlista": "overview",
}

__getattr__ = lazy_getattr(__name__, {**_SECTIONS, "Context": "..context"})


def load(kommun: str, ar_fran: int, ar_till: int, **params):
    """Validate the parameters (see :data:`SPEC`), read and validate every data file, return the context.

    Empty file parameters mean the bundled övningsdata; an empty ``handelser_fil`` or ``enkat_fil`` without a
    bundled file leaves that part out (the report says so). Raises Swedish ``ParameterError``/``InputDataError``.
    """
    from .. import context

    return context.load(SPEC, kommun=kommun, ar_fran=ar_fran, ar_till=ar_till, **params)


def load_from(namespace: dict):
    """The context from a template's parameter variables (``step1.load_from(globals())``)."""
    from .. import context

    return context.load_from(SPEC, namespace)


__all__ = ["KADENSER", "KADENS_ORD", "SPEC", "load", "load_from", *_SECTIONS]
