"""Step 2 sections (skeleton): the prioritised problem and the crime triangle. Content comes with the steps issue."""
from __future__ import annotations

import pandas as pd

from ... import columns as C
from ... import fmt
from ... import text as T
from ..common import label, own_joined, trend
from ..report import Section

#: Brå's crime triangle: the three perspectives of an orsaksanalys, with the question each asks
#: (Brå, "Arbeta kunskapsbaserat"; Vesterhav, Lindblom & Hellberg 2018, fiskbensdiagram).
BROTTSTRIANGELN = [
    ("Platsen och situationen", "Varför händer det just där och då? Vad i miljön gör brottet möjligt?"),
    ("Den brottsutsatta", "Vilka drabbas – personer, verksamheter eller objekt – och varför just de?"),
    ("Gärningspersonen", "Vilka begår brotten, vad driver dem och vad hindrar dem inte?"),
]


def problemet(ctx) -> Section:
    """The prioritised problem: its latest count and rate, and the trend over the period."""
    sec = ctx.section()
    b, y = ctx.problem, ctx.ar_till
    j = own_joined(ctx)
    row = j[(j[C.BROTTSTYP] == b) & (j[C.AR] == y)]
    if row.empty:
        sec.md(f"Underlaget har inga uppgifter om {label(b).lower()} i {ctx.namn} {y}.")
        return sec
    from ... import stats as S

    r = S.rates(row).iloc[0]
    sec.md(T.rate_sentence(r, place=ctx.namn), about=[(b, y)])
    tr = trend(ctx)
    trow = tr[tr[C.BROTTSTYP] == b]
    if len(trow):
        sec.md(T.trend_sentence(trow.iloc[0], place=ctx.namn))
    sec.facts.update(problem=b, antal=None if ctx.disclosure.hidden(b, y) else int(r[C.ANTAL]))
    return sec


def brottstriangeln(ctx) -> Section:
    """The three perspectives of the crime triangle as a worksheet for the analysis group."""
    sec = ctx.section()
    sec.md(f"Orsaksanalysen av **{label(ctx.problem).lower()}** i {ctx.namn} utgår från brottstriangeln: "
           "ett brott förutsätter en plats och situation, någon eller något som drabbas och en gärningsperson. "
           "Besvara frågorna tillsammans med polisen och de verksamheter som känner problemet.")
    table = pd.DataFrame({"Perspektiv": [p for p, _q in BROTTSTRIANGELN],
                          "Fråga": [q for _p, q in BROTTSTRIANGELN],
                          "Vad vi vet": [fmt.MISSING] * len(BROTTSTRIANGELN)})
    sec.table(table, "Brottstriangeln: arbetsblad", keys=None)
    sec.note("Källa: Brå, Orsaksanalys i lokalt brottsförebyggande arbete (2018), och Brås vägledning "
             "”Arbeta kunskapsbaserat”.")
    sec.facts["perspektiv"] = [p for p, _q in BROTTSTRIANGELN]
    return sec
