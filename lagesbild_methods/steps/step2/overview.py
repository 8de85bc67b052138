"""The overview of steps 2 and 3: step 1's overview of the municipality and the data, plus what the workbook
holds."""
from __future__ import annotations

from ... import fmt
from .. import arbetsbok as W
from ..report import Section


def oversikt(ctx) -> Section:
    """Step 1's overview of the municipality and the data, plus what the workbook holds."""
    from ..step1 import oversikt as step1_oversikt

    sec = step1_oversikt(ctx)
    v = W.view(ctx)
    if v is None:
        sec.md("**Ingen arbetsbok.** Orsaksanalysen bygger på kommunens arbetsbok. Skapa den med "
               f"`lagesbild arbetsbok --kommun \"{ctx.namn}\"` och ange filen i parametern `arbetsbok_fil`.")
        return sec
    counts = {k: len(v[k]) for k in ("problem", "orsaker", "atgarder", "indikatorer")}
    name = ctx.files["arbetsbok_fil"].name
    sec.md(f"Arbetsboken **{name}** har {fmt.integer(counts['problem'])} problem, {fmt.integer(counts['orsaker'])} "
           f"orsaker, {fmt.integer(counts['atgarder'])} åtgärder och {fmt.integer(counts['indikatorer'])} indikatorer. "
           "Rapporten visar bara arbetsbokens korta, publicerbara texter; interna beskrivningar och kontaktuppgifter "
           "visas aldrig.")
    sec.facts.update(arbetsbok=name, **{f"antal_{k}": n for k, n in counts.items()})
    return sec
