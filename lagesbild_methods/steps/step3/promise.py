"""Step 3: the draft medborgarlöfte written from the plan, the workbook's own promises, and every gap.

The draft is built only from the shareable view's short texts (measures' operational goals, problem names,
indicator names, the promise's feedback line) -- never from internal descriptions -- and it says what will
be done, where and how people will hear whether it was. The coordinator rewrites it in the municipality's
voice; it is a start, not a finished promise.
"""
from __future__ import annotations

import pandas as pd

from ... import fmt
from ...text import plans as TP
from .. import arbetsbok as W
from ..report import Section
from .plan import _missing, measure_links

MAX_PROMISES = 5


def _period(ctx, measures: pd.DataFrame) -> str:
    promises = W.sheet(ctx, "medborgarloften")
    stated = [p for p in promises["period"] if isinstance(p, str) and p.strip()]
    if stated:
        return stated[0]
    ind = W.sheet(ctx, "indikatorer")
    years = [pd.Timestamp(v).year for v in list(measures["start"]) + list(ind["maldatum"]) if not _missing(v)]
    if not years:
        return str(ctx.ar_till + 1)
    lo, hi = min(years), max(years)
    return str(lo) if lo == hi else f"{lo}–{hi}"


def draft(ctx) -> dict | None:
    """The parts of the draft medborgarlöfte and its text (None without measures)."""
    measures = W.sheet(ctx, "atgarder")
    active = measures[~measures["status"].isin(["Avbruten"])] if len(measures) else measures
    if active.empty:
        return None
    links = measure_links(ctx).set_index("id")
    problems = W.sheet(ctx, "problem").set_index("id")
    chosen = []
    for _, m in active.iterrows():
        probs = [p for p in links.loc[str(m["id"]), "problem"] if p in problems.index]
        text = m["operativt_mal"] if not _missing(m["operativt_mal"]) else m["atgard"]
        if probs and not _missing(text):
            chosen.append((str(m["id"]), probs, str(text)))
    if not chosen:
        return None
    chosen = chosen[:MAX_PROMISES]
    pids = list(dict.fromkeys(p for _, probs, _ in chosen for p in probs))
    names = [str(problems.loc[p, "problem"]) for p in pids]
    ind = W.sheet(ctx, "indikatorer")
    ids = [m for m, _, _ in chosen]
    follow = list(dict.fromkeys(str(i) for i in ind.loc[ind["atgard"].astype(str).isin(ids), "indikator"]
                                if not _missing(i)))[:4] or ["vad som gjorts och hur händelserna utvecklas"]
    feedback = next((str(f) for f in W.sheet(ctx, "medborgarloften")["aterkoppling"] if not _missing(f)),
                    "Vi berättar hur det gick på kommunens webbplats och vid ett öppet möte när perioden är slut")
    period = _period(ctx, active)
    text = TP.promise_draft(ctx.namn, ctx.region.lokalpolisomrade, period, names, [t for _, _, t in chosen], follow,
                            feedback)
    return {"text": text, "atgarder": ids, "problem": pids, "period": period}


def medborgarlofte(ctx) -> Section:
    """A draft medborgarlöfte in plain Swedish from the plan, and the promises already in the workbook."""
    sec = ctx.section()
    d = draft(ctx)
    if d is None:
        sec.md("Ett utkast till medborgarlöfte skrivs när åtgärdsplanen har åtgärder som hör till ett problem.")
    else:
        sec.md("Utkastet nedan är skrivet av programmet utifrån åtgärdsplanens operativa mål ("
               + ", ".join(d["atgarder"]) + "). Skriv om det med egna ord tillsammans med polisen: ett "
               "medborgarlöfte ska vara konkret, gå att följa upp och kommuniceras till invånarna.")
        sec.md("> " + d["text"].replace("\n", "\n> "))
    promises = W.sheet(ctx, "medborgarloften")
    if len(promises):
        sec.table(pd.DataFrame({"Id": promises["id"], "Löfte": promises["lofte"].fillna("⚠ saknas"),
                                "Period": promises["period"].fillna(fmt.MISSING),
                                "Problem": promises["problem"].fillna("⚠ saknas"),
                                "Åtgärder": promises["atgarder"].fillna("⚠ saknas"),
                                "Status": promises["status"].fillna(fmt.MISSING)}),
                  "Medborgarlöften i arbetsboken", keys=None)
    sec.note("Uppföljningen av ett medborgarlöfte är särskilt viktig eftersom det är kommunicerat med invånarna "
             "(Brå): resultatet ska återkopplas när perioden är slut.")
    sec.facts["utkast"] = d
    return sec


def luckor(ctx) -> Section:
    """Every finding of the workbook (broken links, gaps, cells not understood), shown as it is."""
    sec = ctx.section()
    if W.view(ctx) is None:
        return sec.md("Ingen arbetsbok angavs.")
    f = W.findings(ctx)
    if f.empty:
        return sec.md("Arbetsboken har inga luckor eller brutna länkar.")
    sec.md(f"Arbetsboken har {fmt.integer(len(f))} luckor, brutna länkar eller celler som inte kunde läsas. De "
           "visas här så att de kan åtgärdas i arbetsboken.")
    sec.table(pd.DataFrame({"Blad": f["blad"], "Rad": f["rad"].map(lambda v: fmt.integer(v) if pd.notna(v) else
                                                                     fmt.MISSING),
                            "Kolumn": f["kolumn"].fillna(fmt.MISSING), "Id": f["id"].fillna(fmt.MISSING),
                            "Vad": f["meddelande"]}), "Luckor och fel i arbetsboken", keys=None)
    sec.facts["luckor"] = len(f)
    return sec
