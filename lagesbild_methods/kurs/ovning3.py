"""Exercise 3 -- När och var? Time tables, busy places, concentration, and what a map can and cannot say.

Kursköping's police and municipality plan a joint evening effort against disturbances. The participant
reads the weekday x hour table, the places with most reports and how concentrated they are, and sees that
one reporter (a security company patrolling the travel centre) shapes the map.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import columns as C
from ..figures import maps, pattern_figures
from ..patterns import concentration, grid, timing
from ..text.patterns import concentration_sentence, time_pattern_sentence
from . import data as D
from . import visning as V
from .fragor import NASTAN, Mangd, Namn, Tal, Val, registrera

KATEGORI = "storande_samling"
BLOCK = tuple(b[0] for b in timing.TIME_BLOCKS)  # natt, förmiddag, eftermiddag, kväll
RUTA_M = 250


def oversikt(handelser: pd.DataFrame) -> pd.DataFrame:
    """Reports per category, most first."""
    n = handelser[C.KATEGORI].value_counts()
    return V.tabell([{"Kategori": V.kategori(k), "Antal rapporter": V.tal(v)} for k, v in n.items()])


def veckodag_och_timme(handelser: pd.DataFrame, kategori: str = KATEGORI):
    """Heat map of one category's reports by weekday and hour (house figure)."""
    sub = handelser[handelser[C.KATEGORI] == kategori]
    return pattern_figures.hour_weekday_heatmap(timing.hour_weekday_counts(sub),
                                                title=f"{V.kategori(kategori)}: rapporter per veckodag och timme")


def tidsmonster(handelser: pd.DataFrame, kategori: str = KATEGORI) -> str:
    """The report's sentence on the weekday x time-of-day pattern (with the library's test behind it)."""
    return time_pattern_sentence(timing.weekday_block_test(handelser[handelser[C.KATEGORI] == kategori]))


def koncentration(handelser: pd.DataFrame) -> str:
    """The report's sentence on how concentrated the reports are to a few places."""
    return concentration_sentence(concentration.concentration_summary(
        concentration.counts_per_unit(handelser, C.PLATS)))


def platstabell(platser: pd.DataFrame, rader: int = 10) -> pd.DataFrame:
    """The places with most reports: rank, count, share and cumulative share (``grid.place_counts``)."""
    return V.tabell([{"Nr": str(i + 1), "Plats": r[C.PLATS], "Antal": V.tal(r["antal"]),
                      "Andel": V.procent(r["andel"], 1), "Sammanlagd andel": V.procent(r["kumulativ_andel"], 1)}
                     for i, (_, r) in enumerate(platser.head(rader).iterrows())])


def rutkarta(handelser: pd.DataFrame, ruta_m: int = RUTA_M, halv_bredd_m: float = 3000):
    """Reports per grid cell of ``ruta_m`` metres in the town (``halv_bredd_m`` around its centre; house map,
    no background map)."""
    x0, y0, r = D.X0, D.Y0, halv_bredd_m
    inside = handelser[handelser[C.X].between(x0 - r, x0 + r) & handelser[C.Y].between(y0 - r, y0 + r)]
    towns = [("Centrum", x0, y0), ("Norrby", x0, y0 + 2000), ("Söderåsen", x0 + 900, y0 - 2000)]
    return maps.grid_map(grid.grid_counts(inside, ruta_m, extent=(x0 - r, y0 - r, x0 + r, y0 + r)), towns=towns,
                         title=f"Rapporter per ruta om {ruta_m} m")


def rapportorer(handelser: pd.DataFrame, platser=("Resecentrum", "Gallerian", "Torget", "Norrby centrum")) -> pd.DataFrame:
    """Who reported what happened at a few places: count per reporting organisation."""
    sub = handelser[handelser[C.PLATS].isin(platser)]
    t = pd.crosstab(sub[C.PLATS], sub[C.ORGANISATION]).reindex(list(platser)).fillna(0).astype(int)
    return V.tabell([{"Plats": p, **{org: V.tal(t.loc[p, org]) for org in t.columns}} for p in t.index])


# ------------------------------------------------------------------------------------------------ answers
@lru_cache(maxsize=1)
def _samlingar() -> pd.DataFrame:
    h = D.handelser()
    return h[h[C.KATEGORI] == KATEGORI]


def _top_two_days() -> set:
    days = timing.hour_weekday_counts(_samlingar()).sum(axis=1).sort_values(ascending=False, kind="stable")
    return set(days.index[:2])


@lru_cache(maxsize=1)
def _top_block() -> str:
    t = timing.weekday_block_test(_samlingar()).table
    return str(t.groupby("block")["observerat"].sum().idxmax())


def _counts_per_place() -> pd.Series:
    return concentration.counts_per_unit(D.handelser(), C.PLATS)


def _top10() -> float:
    return concentration.top_share(_counts_per_place(), 0.10) * 100


def _top_k(k: int) -> float:
    x = _counts_per_place().sort_values(ascending=False)
    return float(x.iloc[:k].sum() / x.sum() * 100)


def _k_floor() -> int:
    return max(1, int(len(_counts_per_place()) * 0.10))


registrera(
    Mangd("3a", "svar_3a", tillatna=lambda: list(timing.WEEKDAYS_SV), berakna=_top_two_days,
          ratt_text="Störningarna samlas kring två dagar i veckan. Det är dem en insats ska täcka.",
          fel_text="Summera varje rad i värmekartan (en veckodag) och välj de två mörkaste raderna.",
          saknas="Ange två veckodagar, t.ex. [\"måndag\", \"tisdag\"].",
          om_med={}),
    Namn("3b", "svar_3b", tillatna=lambda: list(BLOCK), berakna=_top_block,
         vad="”natt”, ”förmiddag”, ”eftermiddag” eller ”kväll”",
         ratt_text="Värmekartan och testet pekar på samma del av dygnet. Lägg insatsen där.",
         fel_text="Titta på vilka timmar (kolumner) som är mörkast i värmekartan och jämför med tiderna i "
                  "frågan.",
         missar=[]),
    Tal("3c", "svar_3c", berakna=_top10, tolerans=1.0, procent=True,
        ratt_text="En liten del av platserna står för en stor del av händelserna. Det är typiskt för brott och "
                  "ordningsstörningar – och det är därför platsinsatser kan göra nytta.",
        fel_text="Räkna ut hur många platser som är 10 % av alla platser (avrunda uppåt) och läs den "
                 "sammanlagda andelen på den raden i platstabellen.",
        missar=[(lambda: 10.0, 0.5, NASTAN,
                 "Du har svarat med andelen platser. Frågan gäller hur stor andel av händelserna som sker på de "
                 "platserna."),
                (lambda: _top_k(1), 0.5, NASTAN,
                 "Du har bara räknat den plats som har flest händelser. 10 % av platserna är fler än en plats."),
                (lambda: _top_k(_k_floor()), 0.5, NASTAN,
                 "Du har avrundat antalet platser nedåt. 10 % av platserna ska avrundas uppåt till helt antal "
                 "platser.")]),
    Val("3d", "svar_3d",
        alternativ={"a": "Resecentrum är den farligaste platsen i Kursköping att vistas på.",
                    "b": "Flest händelser rapporteras kring Resecentrum. Där passerar många människor, och "
                         "bevakningsbolaget patrullerar och rapporterar mycket där. Platser utan rapportörer, som "
                         "Norrby centrum, kan ha fler händelser än kartan visar.",
                    "c": "Norrby centrum har nästan inga problem."},
        berakna=lambda: "b",
        ratt_text="En karta över rapporter visar var någon har rapporterat – inte risken per besökare, och inte "
                  "det som ingen ser eller rapporterar.",
        fel_text="Tänk på vem som rapporterar och hur många som vistas på platsen.",
        om_fel={"a": "Kartan visar antal rapporter, inte risk. Vid Resecentrum passerar tusentals människor om "
                     "dagen, och där rapporterar ett bevakningsbolag allt det ser. Risken för den enskilda "
                     "besökaren kan vara låg.",
                "c": "Få rapporter kan betyda få händelser – eller att ingen rapporterar. Titta på vilka "
                     "organisationer som rapporterar vid Norrby centrum."}),
    Val("3e", "svar_3e",
        alternativ={"a": "Vardagar dagtid vid skolorna, där skadegörelsen är störst.",
                    "b": "De kvällar och platser där störningarna samlas enligt tabellerna ovan – och fråga samtidigt "
                         "boende och fastighetsbolaget i Norrby om det som inte rapporteras.",
                    "c": "Jämnt fördelat över veckan i hela kommunen, så att ingen del känner sig bortglömd."},
        berakna=lambda: "b",
        ratt_text="Insatser gör mest nytta där och när problemen samlas. Och en lägesbild blir bättre när den "
                  "kompletteras med dem som inte syns i rapporterna.",
        fel_text="Utgå från vad värmekartan och platstabellen visar för störande samlingar.",
        om_fel={"a": "Frågan gäller störande samlingar. De sker inte dagtid vid skolorna – titta på värmekartan.",
                "c": "Att sprida en insats jämnt betyder att den mest hamnar där och när inget händer. "
                     "Koncentrera den till de tider och platser där problemen finns."}),
)
