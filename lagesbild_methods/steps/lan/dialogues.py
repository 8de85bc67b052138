"""County report: what residents and staff raised in medborgardialoger and trygghetsvandringar.

The reader has already coded every note into themes and dropped the free text and the columns with
names (:mod:`lagesbild_methods.sources.dialog`). Here the coded notes become counts by theme, kommun and
who raised them, the places raised at least twice, and a map."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ... import fmt, registry
from ... import text as T
from ...figures import lan_figures as LF
from ...sources import geo
from ...sources.teman import OVRIGT
from ..report import Section
from .policy import section

#: A place is named in the report only when at least this many notes raised it (a single note could be
#: about one household).
MIN_PLACE = 2
PLURAL = {"Medborgardialog": "medborgardialoger", "Trygghetsvandring": "trygghetsvandringar",
          "Medarbetardialog": "medarbetardialoger", "Annan aktivitet": "andra aktiviteter"}


def dialog(ctx) -> Section:
    """Themes, places and who raised them in the county's dialogues and trygghetsvandringar, with a map."""
    sec = section(ctx)
    d = ctx.data.get("dialog")
    if d is None or d.empty:
        return sec.md("Det finns inga anteckningar från medborgardialoger eller trygghetsvandringar i underlaget. "
                      "Ange filen i parametern `dialog_fil`.")
    d = d[d["kommunkod"].isin(ctx.area.members)]
    notes = d.drop_duplicates("notering")
    events = notes.drop_duplicates(["kommunkod", "datum", "typ"])
    by_type = events["typ"].value_counts()
    sec.md(f"Underlaget har {fmt.integer(len(notes))} synpunkter från {fmt.integer(len(events))} tillfällen ("
           + T.join_sv([f"{fmt.integer(n)} {(t if n == 1 else PLURAL.get(t, t)).lower()}" for t, n in by_type.items()])
           + f") i {fmt.integer(notes['kommunkod'].nunique())} kommuner, "
           f"{fmt.date_sv(notes['datum'].min().date())}–{fmt.date_sv(notes['datum'].max().date())}.")
    themes = d.groupby("tema")["notering"].nunique().sort_values(ascending=False)
    sec.figure(LF.theme_bars(themes, title="Teman i medborgardialoger och trygghetsvandringar",
                             xlabel="Antal synpunkter"))
    rows = []
    for t, n in themes.items():
        part = d[d["tema"] == t]
        who = part.drop_duplicates("notering")["vem"].dropna().value_counts()
        rows.append({"Tema": t, "Antal synpunkter": fmt.integer(n),
                     "Antal kommuner": fmt.integer(part["kommunkod"].nunique()),
                     "Oftast framfört av": T.join_sv(list(who.index[:2])) if len(who) else "–"})
    sec.table(pd.DataFrame(rows), "Synpunkter per tema", keys=None)
    krows = []
    for k in ctx.area.members:
        part = d[d["kommunkod"] == k]
        if part.empty:
            krows.append({"Kommun": registry.get(k).namn, "Tillfällen": "0", "Synpunkter": "0", "Vanligaste teman": "–"})
            continue
        top = part.groupby("tema")["notering"].nunique().sort_values(ascending=False)
        krows.append({"Kommun": registry.get(k).namn,
                      "Tillfällen": fmt.integer(len(part.drop_duplicates(["datum", "typ"]))),
                      "Synpunkter": fmt.integer(part["notering"].nunique()),
                      "Vanligaste teman": "; ".join(t.lower() for t in top.index[:3] if t != OVRIGT) or "–"})
    sec.table(pd.DataFrame(krows), "Dialoger och vandringar per kommun", keys=None)
    places = (notes.dropna(subset=["plats"]).groupby(["kommunkod", "plats"])
              .agg(antal=("notering", "nunique")).reset_index())
    places = places[places["antal"] >= MIN_PLACE].sort_values("antal", ascending=False).head(15)
    if len(places):
        prow = []
        for _, p in places.iterrows():
            t = d[(d["kommunkod"] == p["kommunkod"]) & (d["plats"] == p["plats"])]["tema"].value_counts()
            prow.append({"Plats": p["plats"], "Kommun": registry.get(p["kommunkod"]).namn,
                         "Antal synpunkter": fmt.integer(p["antal"]), "Teman": "; ".join(x.lower() for x in t.index[:3])})
        sec.table(pd.DataFrame(prow), f"Platser som tagits upp minst {MIN_PLACE} gånger", keys=None)
    located = d.dropna(subset=["x", "y", "plats"])
    if len(located):
        per_place = located.groupby(["kommunkod", "plats"]).agg(
            x=("x", "mean"), y=("y", "mean"), antal=("notering", "nunique"),
            tema=("tema", lambda t: t.value_counts().index[0])).reset_index()
        per_place = per_place[per_place["antal"] >= MIN_PLACE]
        if len(per_place):
            rings = [r for k in ctx.area.members for r in _rings(k)]
            towns = [(registry.get(k).centralort.name, registry.get(k).centralort.e, registry.get(k).centralort.n,
                      "centralort") for k in ctx.area.members if registry.get(k).centralort]
            sec.figure(LF.places_by_theme(per_place, rings=rings, towns=towns,
                                          title=f"Platser som tagits upp i dialoger och vandringar i {ctx.namn}"))
    coded = notes["tema_kalla"].eq("kodat ur fritext").mean()
    sec.note(f"{fmt.pct(coded)} av synpunkterna saknade angivet tema och har kodats ur anteckningens text med en fast "
             "ordlista; texten visas aldrig. En synpunkt kan ha flera teman. Platser visas bara när minst "
             f"{MIN_PLACE} synpunkter gäller dem, och inga namn eller kontaktuppgifter läses in.")
    sec.facts.update(teman=themes.to_dict(), synpunkter=len(notes), platser=list(places["plats"]))
    return sec


def _rings(kod: str) -> list:
    try:
        return [np.asarray(r) for r in geo.municipality_area(kod).rings]
    except Exception:  # noqa: BLE001 - a missing outline only leaves the map without that border
        return []
