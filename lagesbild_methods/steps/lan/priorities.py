"""County report: what each kommun's own lägesbild prioritised (the Problem sheet of its workbook).

Only the workbook's shareable view reaches the report (:func:`lagesbild_methods.workbook.privacy
.shareable_sheet`: no internal columns, publishable text scrubbed of personnummer, phone numbers and
e-mail addresses and cut short)."""
from __future__ import annotations

import pandas as pd

from ... import fmt, registry
from ... import text as T
from ...figures import lan_figures as LF
from ...workbook import privacy
from ...workbook import schema as WS
from ..report import Section
from .loading import WorkbookProblem
from .policy import section

COLUMNS = ["kommunkod", "id", "problem", "kategori", "omrade", "prioritet", "status"]


def prioritised_problems(ctx) -> pd.DataFrame:
    """Shareable rows of every kommun's prioritised problems (status 'Prioriterat' or empty)."""
    def build():
        parts = []
        for kod, book in (ctx.data.get("arbetsbocker") or {}).items():
            if isinstance(book, WorkbookProblem):
                continue
            view = privacy.shareable_sheet(book.problem, WS.PROBLEM)
            view = view[view["status"].fillna("Prioriterat") == "Prioriterat"].copy()
            view.insert(0, "kommunkod", kod)
            parts.append(view)
        if not parts:
            return pd.DataFrame(columns=COLUMNS)
        return pd.concat(parts, ignore_index=True)[COLUMNS]
    return ctx.cached("lan:prio", build)


def prioriteringar(ctx) -> Section:
    """Each kommun's prioritised problems, and the categories most kommuner chose."""
    sec = section(ctx)
    books = ctx.data.get("arbetsbocker") or {}
    prio = prioritised_problems(ctx)
    rows = []
    for kod in ctx.area.members:
        name = registry.get(kod).namn
        book = books.get(kod)
        if book is None:
            rows.append({"Kommun": name, "Id": "", "Prioriterat problem": "Ej påbörjat (ingen arbetsbok)",
                         "Kategori": "", "Plats eller område": "", "Prioritet": ""})
            continue
        if isinstance(book, WorkbookProblem):
            rows.append({"Kommun": name, "Id": "", "Prioriterat problem": "Arbetsboken kunde inte läsas",
                         "Kategori": "", "Plats eller område": "", "Prioritet": ""})
            continue
        part = prio[prio["kommunkod"] == kod].sort_values(["prioritet", "id"], na_position="last")
        if part.empty:
            rows.append({"Kommun": name, "Id": "", "Prioriterat problem": "Inga prioriterade problem i arbetsboken",
                         "Kategori": "", "Plats eller område": "", "Prioritet": ""})
        for _, r in part.iterrows():
            rows.append({"Kommun": name, "Id": r["id"], "Prioriterat problem": r["problem"] or fmt.MISSING,
                         "Kategori": r["kategori"] or fmt.MISSING, "Plats eller område": r["omrade"] or fmt.MISSING,
                         "Prioritet": fmt.integer(r["prioritet"]) if pd.notna(r["prioritet"]) else fmt.MISSING})
    n_books = sum(1 for b in books.values() if not isinstance(b, WorkbookProblem))
    sec.md(f"Vad kommunerna själva har prioriterat i sina lägesbilder, ur arbetsböckernas blad Problem "
           f"({fmt.integer(n_books)} av {fmt.integer(len(ctx.area.members))} kommuner har en arbetsbok som gick att "
           "läsa). Id-numren är desamma som i kommunernas egna rapporter.")
    sec.table(pd.DataFrame(rows), "Prioriterade problem per kommun", keys=None)
    if len(prio):
        per_cat = prio.groupby("kategori")["kommunkod"].nunique().sort_values(ascending=False)
        sec.figure(LF.theme_bars(per_cat.head(12), title="Kategorier som kommunerna prioriterat",
                                 xlabel="Antal kommuner"))
        common = per_cat[per_cat >= 2]
        if len(common):
            sec.md("Prioriterat i flera kommuner: " + T.join_sv(
                [f"{str(c).lower()} ({fmt.integer(n)} kommuner)" for c, n in common.items()]) + ".")
    sec.note("Bara kolumner som arbetsboken anger som delbara visas; interna anteckningar, kontaktpersoner och "
             "motiveringar visas aldrig.")
    sec.facts.update(prioriterade=prio, kommuner_med_arbetsbok=n_books)
    return sec
