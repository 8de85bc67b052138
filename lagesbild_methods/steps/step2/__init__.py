"""Step 2: orsaksanalys (cause analysis) of the prioritised problems, on the step workbook.

The template ``templates/steg2_orsaksanalys.ipynb`` is its parameter spec (:data:`SPEC`), its narrative and one
call per section: ``lb = step2.load_from(globals())`` then ``visa(step2.<section>(lb))``. Sections (modules):
:mod:`.matrix` (prioritering: the workbook's problems on Brå's criteria), :mod:`.deepdive` (problemet, var, nar,
vilka: the chosen problem, with step 1's own place and time sections run on its incidents) and :mod:`.causes`
(brottstriangeln, fiskben, handelsekedja, underlag, luckor, nasta_steg: the workbook's *Orsaker* sheet).
"""
from __future__ import annotations

from .. import arbetsbok as W
from .. import context as _context
from ..context import Context
from ..report import Section
from .causes import brottstriangeln, causes_of, fiskben, handelsekedja, luckor, measures_by_cause, nasta_steg, underlag
from .deepdive import chosen, nar, problemet, var, vilka
from .matrix import matrix, prioritering
from .spec import SPEC


def load(kommun: str, **params) -> Context:
    """Validate the parameters, read the data and the workbook, and check the chosen problem (Swedish errors)."""
    ctx = _context.load(SPEC, kommun=kommun, **params)
    chosen(ctx)  # an unknown problem id is refused now, not in the middle of the report
    return ctx


def load_from(namespace: dict) -> Context:
    """The context from the template's parameter variables (``step2.load_from(globals())``)."""
    ctx = _context.load_from(SPEC, namespace)
    chosen(ctx)
    return ctx


def oversikt(ctx) -> Section:
    """Step 1's overview of the municipality and the data, plus what the workbook holds."""
    from ..step1 import oversikt as step1_oversikt

    sec = step1_oversikt(ctx)
    v = W.view(ctx)
    if v is None:
        sec.md("**Ingen arbetsbok.** Orsaksanalysen bygger på kommunens arbetsbok. Skapa den med "
               f"`lagesbild arbetsbok --kommun \"{ctx.namn}\"` och ange filen i parametern `arbetsbok_fil`.")
        return sec
    from ... import fmt

    counts = {k: len(v[k]) for k in ("problem", "orsaker", "atgarder", "indikatorer")}
    name = ctx.files["arbetsbok_fil"].name
    sec.md(f"Arbetsboken **{name}** har {fmt.integer(counts['problem'])} problem, {fmt.integer(counts['orsaker'])} "
           f"orsaker, {fmt.integer(counts['atgarder'])} åtgärder och {fmt.integer(counts['indikatorer'])} indikatorer. "
           "Rapporten visar bara arbetsbokens korta, publicerbara texter; interna beskrivningar och kontaktuppgifter "
           "visas aldrig.")
    sec.facts.update(arbetsbok=name, **{f"antal_{k}": n for k, n in counts.items()})
    return sec


__all__ = ["SPEC", "Context", "brottstriangeln", "causes_of", "chosen", "fiskben", "handelsekedja", "load",
           "load_from", "luckor", "matrix", "measures_by_cause", "nar", "nasta_steg", "oversikt", "prioritering",
           "problemet", "underlag", "var", "vilka"]
