"""Exercise 1 -- Är ökningen verklig? Rates per 100 000, intervals, change tests and extra variation.

Kursköping's skadegörelse rose between 2024 and 2025 and the local paper calls it a sharp rise; the
participant computes the rate, reads the interval and the change test, sees a rise that is real
(narkotikabrott) and asks what it measures, and meets extra variation between years in a trend.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import columns as C
from .. import stats
from ..figures import stats_figures
from ..text import change_label, change_sentence, trend_label
from ..verdicts import Change, Trend
from . import data as D
from . import visning as V
from .fragor import NASTAN, Namn, Tal, Val, registrera

AR1, AR2 = 2024, 2025
TYPER = ("skadegorelse", "narkotikabrott", "stoldbrott", "bostadsinbrott", "valdsbrott_utomhus_vuxna")


@lru_cache(maxsize=1)
def _egna() -> pd.DataFrame:
    """Kursköping's crimes joined with the population (Brå's denominator: 31 December the year before)."""
    b = D.brott()
    return stats.join_population(b[b[C.KOMMUNKOD] == D.KOD], D.folkmangd())


def antal_och_folkmangd(brott: pd.DataFrame, folkmangd: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two small tables for Kursköping: counts per crime type in 2024 and 2025, and the population."""
    own = brott[(brott[C.KOMMUNKOD] == D.KOD) & brott[C.AR].isin([AR1, AR2]) & brott[C.BROTTSTYP].isin(TYPER)]
    wide = own.pivot(index=C.BROTTSTYP, columns=C.AR, values=C.ANTAL).reindex(list(TYPER))
    counts = V.tabell([{"Brottstyp": V.brottstyp(t), **{f"Antal {a}": V.tal(wide.loc[t, a]) for a in (AR1, AR2)}}
                       for t in TYPER])
    pop = folkmangd[(folkmangd[C.KOMMUNKOD] == D.KOD) & folkmangd[C.AR].between(AR1 - 1, AR2)]
    people = V.tabell([{"31 december": str(int(r[C.AR])), "Folkmängd": V.tal(r[C.FOLKMANGD])} for _, r in pop.iterrows()])
    return counts, people


def takter_med_intervall(takter: pd.DataFrame) -> pd.DataFrame:
    """Rates 2024 and 2025 with their 95 % intervals, for the crime types of the exercise."""
    rows = []
    for t in TYPER:
        row = {"Brottstyp": V.brottstyp(t)}
        for a in (AR1, AR2):
            r = takter[(takter[C.BROTTSTYP] == t) & (takter[C.AR] == a)].iloc[0]
            row[f"Per 100 000 {a}"] = V.tal(r[C.VARDE])
            row[f"95 % intervall {a}"] = V.intervall(r[C.NEDRE], r[C.OVRE])
        rows.append(row)
    return V.tabell(rows)


def forandringar(forandring: pd.DataFrame) -> pd.DataFrame:
    """The change 2024 -> 2025 per crime type: counts, change in percent with interval, verdict label."""
    f = forandring.set_index(C.BROTTSTYP)
    return V.tabell([{"Brottstyp": V.brottstyp(t), f"Antal {AR1}": V.tal(f.loc[t, "antal_1"]),
                      f"Antal {AR2}": V.tal(f.loc[t, "antal_2"]),
                      "Förändring": V.signerad_procent(f.loc[t, "forandring_pct"]),
                      "95 % intervall för förändringen": V.intervall(f.loc[t, "forandring_nedre_pct"],
                                                                     f.loc[t, "forandring_ovre_pct"], procent_=True),
                      "Bedömning": change_label(f.loc[t, "forandring"])} for t in TYPER])


def mening(forandring: pd.DataFrame, brottstyp: str) -> str:
    """The report's sentence for one crime type's change (what a lägesbild would say)."""
    row = forandring.set_index(C.BROTTSTYP).loc[brottstyp]
    return change_sentence(row, brottstyp=brottstyp, place=D.NAMN)


def trend_tva_modeller(egna: pd.DataFrame, brottstyp: str = "stoldbrott") -> pd.DataFrame:
    """The yearly trend 2015-2025 of one crime type, fitted twice: assuming pure chance between years
    (Poisson) and allowing extra variation between years (the library's default)."""
    sub = egna[egna[C.BROTTSTYP] == brottstyp]
    rows = []
    for fam, name in (("poisson", "Bara slumpvariation (Poisson)"), ("auto", "Med extra variation mellan åren")):
        r = stats.trend(sub, family=fam).iloc[0]
        rows.append({"Modell": name, "Årlig förändring": V.signerad_procent(r["arlig_forandring_pct"], 1),
                     "95 % intervall": V.intervall(r["nedre_pct"], r["ovre_pct"], 1, procent_=True),
                     "Bedömning": trend_label(r["trend"])})
    return V.tabell(rows)


def figur_antal_per_ar(egna: pd.DataFrame, brottstyp: str = "stoldbrott"):
    """Kursköping's rate per year with its interval band (house figure)."""
    r = stats.rates(egna[egna[C.BROTTSTYP] == brottstyp])
    return stats_figures.rate_over_time(r, D.KOD, comparisons=(), names=D.namn(),
                                        title=f"{D.NAMN}: {V.brottstyp(brottstyp).lower()} per 100 000 invånare")


# ------------------------------------------------------------------------------------------------ answers
def _rate(ar_pop: int) -> float:
    e = _egna()
    n = float(e[(e[C.BROTTSTYP] == "skadegorelse") & (e[C.AR] == AR2)][C.ANTAL].iloc[0])
    p = D.folkmangd()
    pop = float(p[(p[C.KOMMUNKOD] == D.KOD) & (p[C.AR] == ar_pop)][C.FOLKMANGD].iloc[0])
    return n / pop * 100_000


def _rate_right() -> float:
    e = _egna()
    return float(stats.rates(e[(e[C.BROTTSTYP] == "skadegorelse") & (e[C.AR] == AR2)])[C.VARDE].iloc[0])


@lru_cache(maxsize=1)
def _change() -> pd.DataFrame:
    return stats.change_between_periods(_egna(), AR1, AR2).set_index(C.BROTTSTYP)


def _change_word(brottstyp: str) -> str:
    v = _change().loc[brottstyp, "forandring"]
    return {Change.INCREASE: "ökning", Change.DECREASE: "minskning"}.get(v, "osäkert")


@lru_cache(maxsize=1)
def _trend_real() -> str:
    sub = _egna()[_egna()[C.BROTTSTYP] == "stoldbrott"]
    return "ja" if stats.trend(sub).iloc[0]["trend"] in (Trend.INCREASING, Trend.DECREASING) else "nej"


ORD = ("ökning", "minskning", "osäkert")

registrera(
    Tal("1a", "svar_1a", berakna=_rate_right, tolerans=0.5,
        ratt_text="Du delade antalet brott med folkmängden den 31 december året före och multiplicerade med "
                  "100 000 – precis som Brå gör.",
        fel_text="Räkna antal brott per 100 000 invånare: antalet skadegörelsebrott 2025 delat med folkmängden "
                 "den 31 december 2024, gånger 100 000.",
        missar=[(lambda: _rate(AR2), 0.5, NASTAN,
                 "Du har använt folkmängden samma år. Brå räknar med folkmängden den 31 december året före "
                 "(det vill säga den 1 januari samma år). Byt nämnare och försök igen."),
                (lambda: _rate_right() / 100, 0.05, NASTAN,
                 "Du har räknat per 1 000 invånare. Lägesbilder och Brå anger antal per 100 000 invånare."),
                (lambda: _rate_right() / 100_000, 0.0005, NASTAN,
                 "Du har räknat brott per invånare. Multiplicera med 100 000 för att få per 100 000 invånare.")]),
    Namn("1b", "svar_1b", tillatna=lambda: list(ORD), berakna=lambda: _change_word("skadegorelse"),
         vad="”ökning”, ”minskning” eller ”osäkert”",
         ratt_text="Intervallet för förändringen räcker från en minskning till en stor ökning. Antalet steg, "
                   "men en sådan skillnad ger slumpen ganska ofta med så här många brott.",
         fel_text="Titta på intervallet för förändringen i tabellen: ligger det helt över noll, helt under noll "
                  "eller på båda sidor?",
         missar=[(lambda: "ökning",
                  "Antalet steg, men att ett antal ändras är inte samma sak som en säkerställd ökning. Titta på "
                  "om intervallet för förändringen också rymmer noll eller en minskning – i så fall kan "
                  "slumpen förklara skillnaden."),
                 (lambda: "minskning", "Titta en gång till på antalen: de har inte minskat. Se sedan efter var "
                                       "intervallet för förändringen ligger i förhållande till noll.")]),
    Namn("1c", "svar_1c", tillatna=lambda: list(ORD), berakna=lambda: _change_word("narkotikabrott"),
         vad="”ökning”, ”minskning” eller ”osäkert”",
         ratt_text="Hela intervallet för förändringen ligger över noll: så stor skillnad ger slumpen nästan "
                   "aldrig. Men vad är det som har ökat? Läs vidare.",
         fel_text="Titta på intervallet för förändringen: ligger det helt över noll, helt under noll eller på "
                  "båda sidor?",
         missar=[(lambda: "osäkert",
                  "Försiktighet är bra, men här ligger hela intervallet för förändringen på samma sida om noll. "
                  "Då är skillnaden större än slumpen brukar ge, även i en liten kommun."),
                 (lambda: "minskning", "Titta en gång till på antalen: de har inte minskat. Se sedan efter var "
                                       "intervallet för förändringen ligger i förhållande till noll.")]),
    Val("1d", "svar_1d",
        alternativ={"a": "Narkotikaanvändningen i Kursköping har nästan fördubblats på ett år.",
                    "b": "Fler narkotikabrott har upptäckts och anmälts. Ta reda på om polisen har arbetat mer "
                         "med narkotika innan ni drar slutsatser om användningen.",
                    "c": "Ökningen beror på slumpen och kan lämnas därhän."},
        berakna=lambda: "b" if _change_word("narkotikabrott") == "ökning" else "c",
        ratt_text="Narkotikabrott är spaningsbrott: de syns i statistiken när polisen letar efter dem. En "
                  "säkerställd ökning av anmälningarna säger att fler brott registrerades, inte varför.",
        fel_text="Tänk på hur ett narkotikabrott blir anmält.",
        om_fel={"a": "Anmälda narkotikabrott mäter till stor del polisens egen aktivitet: brotten har sällan ett "
                     "offer som anmäler. Fler anmälningar kan betyda fler kontroller, inte mer narkotika.",
                "c": "Testet säger att skillnaden är större än slumpen brukar ge. Frågan är vad den beror på – "
                     "inte om den finns."}),
    Namn("1e", "svar_1e", tillatna=lambda: ["ja", "nej"], berakna=_trend_real, vad="”ja” eller ”nej”",
         ratt_text="Åren varierar mer än ren slump skulle ge. När modellen räknar med den extra variationen "
                   "blir intervallet bredare och rymmer både ökning och minskning.",
         fel_text="Jämför de två raderna i tabellen: vilket intervall räknar med att åren varierar mer än ren "
                  "slump?",
         missar=[(lambda: "ja",
                  "Du har läst av modellen som antar att åren bara skiljer sig av ren slump (Poisson). "
                  "Stöldbrotten hoppar mer än så mellan åren – extra variation, överspridning – och då blir "
                  "det intervallet för smalt. Lita på raden som räknar med den extra variationen."),
                 (lambda: "nej", "Jämför de två raderna i tabellen igen.")]),
    Val("1f", "svar_1f",
        alternativ={"a": "Ja, en särskild insats behövs – skadegörelsen har ökat kraftigt.",
                    "b": "Ökningen ryms inom det slumpen kan ge. Följ utvecklingen över flera år och jämför "
                         "med händelserapporter och trygghetsmätningen innan ni prioriterar om.",
                    "c": "Nej, skadegörelsen har inte ökat, så den behöver ingen uppmärksamhet."},
        berakna=lambda: "b" if _change_word("skadegorelse") == "osäkert" else "a",
        ratt_text="En ökning som inte är säkerställd är en signal att bevaka, inte ett bevis. Flera år och "
                  "flera källor ger en säkrare bild än två enskilda år.",
        fel_text="Utgå från bedömningen av förändringen i tabellen och vad den betyder.",
        om_fel={"a": "Procentsiffran ser stor ut, men med drygt hundra brott om året ger slumpen ofta så stora "
                     "hopp mellan två år. Att prioritera om på en ökning som inte är säkerställd är att jaga "
                     "slumpen.",
                "c": "Att en ökning inte är säkerställd betyder inte att den inte finns. Frånvaro av bevis är "
                     "inte bevis för frånvaro – fortsätt att följa utvecklingen."}),
)
