"""Exercise 4 -- Från problem till orsak: the problem triangle, the fishbone, evidence versus assumption.

The prioritised problem is skadegörelse at Centrumskolan. A workshop produced eight statements about why;
some can be tried against the incident register (and the library decides whether they hold), some rest on
local knowledge or research, some are assumptions. The participant sorts them, places them in the problem
triangle and the fishbone, and finds the side of the triangle nobody knows anything about.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import columns as C
from .. import stats
from ..patterns import timing
from ..verdicts import Change
from ..workbook.schema import LISTS
from . import data as D
from . import visning as V
from .fragor import Mangd, Namn, Val, registrera

PLATS = "Centrumskolan"
KATEGORI = "skadegorelse"
SIDOR = LISTS["perspektiv"]  # Plats/situation, Brottsutsatt, Gärningsperson (as in the step workbook)
STODS, STODS_INTE = "stöds", "stöds inte"

#: The workshop's statements. ``underlag``: what a statement rests on -- "Händelsedata" means it can be tried
#: against the register (the library decides), the rest as in the step workbook's list.
PASTAENDEN = pd.DataFrame([
    ("P1", "Skadegörelsen vid Centrumskolan sker mest på kvällstid, klockan 18–24.", "Rektorn",
     "Plats/situation", "Tider och aktiviteter", "Händelsedata"),
    ("P2", "Det mesta sker under sommarlovet, juni–augusti.", "Vaktmästaren",
     "Plats/situation", "Tider och aktiviteter", "Händelsedata"),
    ("P3", "Skadegörelsen vid skolan har ökat kraftigt från 2024 till 2025.", "En ledamot i kommunstyrelsen",
     "Plats/situation", "Annat", "Händelsedata"),
    ("P4", "Skolan anmäler inte alltid skadegörelsen till polisen, så den syns mer i händelserapporterna än "
           "i brottsstatistiken.", "Kommunpolisen", "Brottsutsatt", "Organisation och samverkan", "Händelsedata"),
    ("P5", "Belysningen på skolgårdens baksida har varit trasig sedan i våras; felanmälan finns hos "
           "fastighetsförvaltningen.", "Fastighetsförvaltningen", "Plats/situation", "Fysisk miljö", "Lokal kunskap"),
    ("P6", "Skolans stora glasrutor mot den mörka baksidan är lätta att slå sönder utan att någon ser det.",
     "Vaktmästaren", "Brottsutsatt", "Skydd av objekt", "Lokal kunskap"),
    ("P7", "Skadegörelse är vanligare där inga vuxna finns som ser och ingriper.", "Brå:s kunskapsstöd",
     "Plats/situation", "Tillsyn och kontroll", "Forskning"),
    ("P8", "Ungdomarna i Kursköping har inget att göra på kvällarna.", "Sagt på ett möte",
     "Gärningsperson", "Sociala förhållanden", "Antagande"),
    ("P9", "Det är ungdomar från Norrby som åker in till centrum och förstör.", "Sagt på ett möte",
     "Gärningsperson", "Annat", "Antagande"),
], columns=["id", "pastaende", "kalla", "perspektiv", "fiskben", "underlag"])


def pastaenden() -> pd.DataFrame:
    """The statements as the participant sees them: id, statement and who said it."""
    p = PASTAENDEN
    return V.tabell([{"Id": r["id"], "Påstående": r["pastaende"], "Vem sa det?": r["kalla"]} for _, r in p.iterrows()])


def skolans_handelser(handelser: pd.DataFrame) -> pd.DataFrame:
    """The register's skadegörelse at Centrumskolan."""
    return handelser[(handelser[C.PLATS] == PLATS) & (handelser[C.KATEGORI] == KATEGORI)]


def fakta(skolan: pd.DataFrame) -> pd.DataFrame:
    """What the register says about the school: counts by time of day, season, year and police report."""
    f = _facts(skolan)
    return V.tabell([
        {"Fråga till data": "Rapporter totalt 2024–2025", "Svar": V.tal(f["n"])},
        {"Fråga till data": "Andel på kvällstid (18–24)", "Svar": V.procent(f["kvall"], 0)},
        {"Fråga till data": "Andel under juni–augusti", "Svar": V.procent(f["sommar"], 0)},
        {"Fråga till data": "Rapporter 2024 / 2025", "Svar": f"{V.tal(f['n2024'])} / {V.tal(f['n2025'])}"},
        {"Fråga till data": "Förändring 2024–2025 (95 % intervall)",
         "Svar": f"{V.signerad_procent((f['kvot'] - 1) * 100)} ({V.intervall((f['lo'] - 1) * 100, (f['hi'] - 1) * 100, procent_=True)})"},
        {"Fråga till data": "Andel som polisanmäldes", "Svar": V.procent(f["polis"], 0)},
    ])


def triangel(tabell: pd.DataFrame) -> pd.DataFrame:
    """Statements per side of the problem triangle (``perspektiv``), ids only."""
    return V.tabell([{"Sida av triangeln": s, "Påståenden": ", ".join(tabell.loc[tabell["perspektiv"] == s, "id"]) or "–"}
                     for s in SIDOR])


def fiskben(tabell: pd.DataFrame) -> pd.DataFrame:
    """Statements per bone of the fishbone diagram (the step workbook's list of bones)."""
    return V.tabell([{"Ben i fiskbensdiagrammet": b, "Påståenden": ", ".join(tabell.loc[tabell["fiskben"] == b, "id"])}
                     for b in LISTS["fiskben"] if (tabell["fiskben"] == b).any()])


# ------------------------------------------------------------------------------------------------ answers
def _facts(skolan: pd.DataFrame) -> dict:
    t = skolan[C.TIDPUNKT].dt.tz_convert(timing.TZ)
    hour, month, year = t.dt.hour, t.dt.month, t.dt.year
    n24, n25 = int((year == 2024).sum()), int((year == 2025).sum())
    ch = stats.compare_two_rates(n24, 1, n25, 1, multiplier=1)
    return {"n": len(skolan), "kvall": float((hour >= 18).mean()),
            "sommar": float(month.isin([6, 7, 8]).mean()), "n2024": n24, "n2025": n25,
            "kvot": ch["kvot"], "lo": ch["kvot_nedre"], "hi": ch["kvot_ovre"], "forandring": ch["forandring"],
            "polis": float(skolan[C.POLISANMALD].mean())}


@lru_cache(maxsize=1)
def provning() -> dict[str, str]:
    """What the register says about each statement that can be tried: 'stöds' or 'stöds inte'."""
    f = _facts(skolans_handelser(D.handelser()))
    return {"P1": STODS if f["kvall"] > 0.5 else STODS_INTE,
            "P2": STODS if f["sommar"] > 0.5 else STODS_INTE,
            "P3": STODS if f["forandring"] == Change.INCREASE else STODS_INTE,
            "P4": STODS if f["polis"] < 0.5 else STODS_INTE}


def _ids(cond) -> set:
    return set(PASTAENDEN.loc[cond(PASTAENDEN), "id"])


def _blind_side() -> str:
    known = PASTAENDEN["underlag"].isin(["Lokal kunskap", "Forskning"]) | PASTAENDEN["id"].map(
        lambda i: provning().get(i) == STODS)
    sides = [s for s in SIDOR if not known[PASTAENDEN["perspektiv"] == s].any()]
    return sides[0] if len(sides) == 1 else "(ingen eller flera)"


_IDS = list(PASTAENDEN["id"])
registrera(
    Mangd("4a", "svar_4a", tillatna=lambda: _IDS, berakna=lambda: {k for k, v in provning().items() if v == STODS},
          ratt_text="De påståendena går att pröva mot händelserapporterna, och data stöder dem.",
          fel_text="Ta bara med påståenden som går att pröva mot händelserapporterna – och som tabellen med "
                   "fakta faktiskt stöder.",
          saknas="Du är på rätt spår, men det finns fler påståenden som händelserapporterna stöder. Gå igenom "
                 "tabellen med fakta rad för rad.",
          om_med={"P2": "Ett av dina påståenden säger att det mesta sker under en viss tid på året. Titta på "
                        "andelen i faktatabellen: är den mer än hälften?",
                  "P3": "Ett av dina påståenden gäller en kraftig ökning. Titta på intervallet för förändringen: "
                        "ligger det helt över noll?",
                  "P5": "Belysningen går inte att se i händelserapporterna. Påståendet bygger på lokal kunskap – "
                        "värdefullt, men det är inte data ur registret.",
                  "P6": "Glasrutorna finns inte i händelserapporterna. Påståendet bygger på lokal kunskap.",
                  "P7": "Det påståendet är forskning, inte era egna data. Forskning säger vad som brukar gälla – "
                        "inte vad som gäller vid just er skola.",
                  "P8": "Det påståendet har ingen källa alls. Det är ett antagande.",
                  "P9": "Det påståendet har ingen källa alls. Det är ett antagande – och händelserapporterna "
                        "säger inget om vilka gärningspersonerna är."}),
    Mangd("4b", "svar_4b", tillatna=lambda: _IDS, berakna=lambda: {k for k, v in provning().items() if v == STODS_INTE},
          ratt_text="De påståendena gick att pröva – och data sa något annat. Därför ska man pröva det som "
                    "går att pröva innan orsaksanalysen bygger på det.",
          fel_text="Ta bara med påståenden som går att pröva mot händelserapporterna men som faktatabellen inte "
                   "stöder.",
          saknas="Det finns fler påståenden som faktatabellen inte stöder. Gå igenom raderna en gång till: vilka "
                 "påståenden går att pröva mot händelserapporterna?",
          om_med={"P1": "Ett av dina påståenden stöds faktiskt av data: titta på andelen på kvällstid.",
                  "P4": "Ett av dina påståenden stöds faktiskt av data: titta på andelen som polisanmäldes.",
                  "P5": "Belysningen kan inte prövas mot händelserapporterna – men den kan kontrolleras på "
                        "plats. Det är lokal kunskap, inte ett påstående som data motsäger.",
                  "P6": "Glasrutorna kan inte prövas mot händelserapporterna. Det är lokal kunskap.",
                  "P8": "Ett antagande kan inte motsägas av händelserapporterna – de säger inget om det. Det "
                        "är något annat än att data säger emot.",
                  "P9": "Ett antagande kan inte motsägas av händelserapporterna – de säger inget om vilka "
                        "gärningspersonerna är."}),
    Namn("4c", "svar_4c", tillatna=lambda: list(SIDOR), berakna=_blind_side,
         vad="en av sidorna ”Plats/situation”, ”Brottsutsatt” eller ”Gärningsperson”",
         ratt_text="Om den sidan finns bara antaganden. Det är en kunskapslucka att fylla innan ni väljer "
                   "åtgärder riktade mot den – till exempel genom samtal med fritidsgården, skolan och polisen.",
         fel_text="Gå igenom sidorna i triangeln och se efter vilken som bara har antaganden.",
         missar=[(lambda: "Plats/situation", "Om platsen finns både data, lokal kunskap och forskning."),
                 (lambda: "Brottsutsatt", "Om skolan som utsatt objekt finns både data och lokal kunskap.")]),
    Val("4d", "svar_4d",
        alternativ={"a": "Fler fritidsaktiviteter för ungdomar från Norrby (P8 och P9).",
                    "b": "Laga belysningen och skapa vuxennärvaro vid skolgården på kvällarna (P1, P5, P6 och P7), "
                         "och följ upp i händelserapporterna.",
                    "c": "En informationskampanj om att skadegörelsen har ökat kraftigt (P3)."},
        berakna=lambda: "b",
        ratt_text="Den åtgärden riktar sig mot orsaker som bygger på data, lokal kunskap och forskning, den går "
                  "att genomföra snabbt och effekten går att följa upp.",
        fel_text="Välj den åtgärd som riktar sig mot orsaker som bygger på mer än antaganden.",
        om_fel={"a": "Åtgärden bygger på två antaganden utan källa. Den kan vara bra av andra skäl, men ni vet inte "
                     "om den påverkar skadegörelsen vid skolan.",
                "c": "Påståendet om en kraftig ökning stöds inte av data, och en kampanj om problemet påverkar "
                     "inte dess orsaker."}),
)
