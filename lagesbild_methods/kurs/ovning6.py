"""Exercise 6 -- Fungerade det? Before/after with a comparison area, and an interrupted time series.

A measure started in Centrum in March 2024. Skadegörelse fell there, but it fell in Norrby too. The
participant computes the naive before/after change, removes the common decline with the comparison area,
reads the library's estimate with its interval, compares it with an interrupted time series for Centrum
alone, and writes the judgement for the steering group.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import columns as C
from ..figures import evaluation_figures
from ..stats import evaluation, its
from ..text import change_label
from ..verdicts import Change
from . import data as D
from . import visning as V
from .fragor import NASTAN, Namn, Tal, Val, registrera

INSATSOMRADE, JAMFORELSEOMRADE = "Centrum", "Norrby"
TECKEN_TEXT = "Skriv minskningen som ett positivt tal, utan minustecken – så är frågan ställd."


def medel_per_manad(serie: pd.DataFrame) -> pd.DataFrame:
    """Months, total and mean per month before and after the start, per area."""
    rows = []
    for omrade in (INSATSOMRADE, JAMFORELSEOMRADE):
        s = serie[serie[C.OMRADE] == omrade]
        for label, part in (("Före", s[s["manad"] < D.START_INSATS]), ("Efter", s[s["manad"] >= D.START_INSATS])):
            rows.append({"Område": omrade, "Period": f"{label} ({part['manad'].iloc[0]} – {part['manad'].iloc[-1]})",
                         "Månader": V.tal(len(part)), "Summa": V.tal(part[C.ANTAL].sum()),
                         "Per månad": V.tal(part[C.ANTAL].mean(), 2)})
    return V.tabell(rows)


def fore_efter(serie: pd.DataFrame) -> evaluation.BeforeAfterResult:
    """The library's before/after evaluation with Norrby as comparison area (negative binomial, season)."""
    return evaluation.before_after(serie, D.START_INSATS, area=C.OMRADE, treated=INSATSOMRADE,
                                   comparison=JAMFORELSEOMRADE)


def effekt(resultat: evaluation.BeforeAfterResult) -> pd.DataFrame:
    """The treated area's change relative to the comparison area, with interval and verdict."""
    e = resultat.effect()
    return V.tabell([{"Mått": "Förändring i Centrum jämfört med Norrby",
                      "Värde": V.signerad_procent(e["forandring_pct"], 0),
                      "95 % intervall": V.intervall(e["forandring_nedre_pct"], e["forandring_ovre_pct"], procent_=True),
                      "Bedömning": change_label(e["verdikt"])}])


def tidsserie(serie: pd.DataFrame) -> its.ITSResult:
    """Interrupted time series for Centrum alone (level change, trend, season)."""
    own = serie[serie[C.OMRADE] == INSATSOMRADE]
    own = own.assign(manad=pd.PeriodIndex(own["manad"], freq="M"))  # a time axis the figure can label by year
    return its.interrupted_time_series(own, pd.Period(D.START_INSATS, freq="M"))


def tidsserie_effekt(resultat: its.ITSResult) -> pd.DataFrame:
    rows = []
    for key, name in ((its.NIVA, "Nivåförändring vid starten"), (its.TREND, "Trend per år före starten")):
        e = resultat.effect(key)
        rows.append({"Mått": name, "Värde": V.signerad_procent((e["varde"] - 1) * 100, 0),
                     "95 % intervall": V.intervall((e["nedre"] - 1) * 100, (e["ovre"] - 1) * 100, procent_=True),
                     "Bedömning": change_label(e["verdikt"])})
    return V.tabell(rows)


def figur_fore_efter(resultat):
    return evaluation_figures.before_after_figure(resultat, title="Skadegörelse per månad före och efter starten")


def figur_tidsserie(resultat):
    return evaluation_figures.its_figure(resultat, title="Centrum: skadegörelse per månad och förväntat utan insatsen",
                                         ylabel="Antal per månad", time_label="Månad")


# ------------------------------------------------------------------------------------------------ answers
@lru_cache(maxsize=1)
def _celler() -> pd.DataFrame:
    return fore_efter(D.manadsserie()).celler.set_index(["roll", "period"])


def _naive(role: str = evaluation.INSATS) -> float:
    c = _celler()["per_period"]
    return float((1 - c[(role, "efter")] / c[(role, "fore")]) * 100)


def _naive_totals() -> float:
    c = _celler()["antal"]
    return float((1 - c[(evaluation.INSATS, "efter")] / c[(evaluation.INSATS, "fore")]) * 100)


@lru_cache(maxsize=1)
def _effect() -> pd.Series:
    return fore_efter(D.manadsserie()).effect()


@lru_cache(maxsize=1)
def _relative() -> float:
    """Farrington's relative effect size from the four totals (the ratio of the two after/before ratios)."""
    return float(-fore_efter(D.manadsserie()).effect(evaluation.RES)["forandring_pct"])


def _significant() -> str:
    return "ja" if _effect()["verdikt"] == Change.DECREASE else "nej"


registrera(
    Tal("6a", "svar_6a", berakna=_naive, tolerans=1.0, procent=True, decimaler=0,
        ratt_text="Det är den siffra som brukar hamna i ett pressmeddelande. Men vad hände i resten av "
                  "kommunen under samma tid?",
        fel_text="Jämför medelvärdet per månad efter starten med medelvärdet före: (före − efter) / före × 100.",
        missar=[(lambda: -_naive(), 1.0, NASTAN, TECKEN_TEXT),
                (_naive_totals, 1.0, NASTAN,
                 "Du har jämfört summorna. Perioden före är längre än perioden efter, så jämför medel per månad."),
                (lambda: _naive(evaluation.JAMFORELSE), 1.0, NASTAN,
                 "Du har räknat på Norrby. Frågan gäller Centrum, där insatsen gjordes.")]),
    Tal("6b", "svar_6b", berakna=_relative, tolerans=2.0, procent=True, decimaler=0,
        ratt_text="Du har räknat bort den minskning som skedde även där insatsen inte gjordes. Det som är kvar "
                  "är den del som kan tillskrivas insatsen – om inget annat skilde områdena åt.",
        fel_text="Dela kvoten efter/före i Centrum med kvoten efter/före i Norrby. Minskningen i procent är "
                 "(1 − kvoten) × 100.",
        missar=[(_naive, 1.5, NASTAN,
                 "Det är minskningen i Centrum utan jämförelse. Norrby minskade också; räkna bort den "
                 "gemensamma minskningen genom att jämföra kvoterna."),
                (lambda: -_relative(), 1.5, NASTAN, TECKEN_TEXT),
                (lambda: _naive() - _naive(evaluation.JAMFORELSE), 1.5, NASTAN,
                 "Du har dragit procenten från varandra. Jämför i stället kvoterna efter/före: dela Centrums kvot "
                 "med Norrbys.")]),
    Namn("6c", "svar_6c", tillatna=lambda: ["ja", "nej"], berakna=_significant, vad="”ja” eller ”nej”",
         ratt_text="Hela intervallet ligger på samma sida om noll. Men titta på hur brett det är: effekten kan "
                   "vara liten eller stor.",
         fel_text="Titta på intervallet i tabellen: ligger hela intervallet under noll?",
         missar=[(lambda: "nej", "Titta på intervallet en gång till: ligger det helt under noll, är minskningen "
                                 "säkerställd – även om intervallet är brett."),
                 (lambda: "ja", "Intervallet rymmer noll: minskningen kan bero på slumpen.")]),
    Val("6d", "svar_6d",
        alternativ={"a": "Den avbrutna tidsserien – den ger störst effekt.",
                    "b": "Jämförelsen med Norrby, eftersom den räknar bort det som hände i hela kommunen samtidigt. "
                         "Tidsserien kan nämnas som stöd, med sina förbehåll.",
                    "c": "Före–efter-siffran för Centrum – den är enklast att förstå."},
        berakna=lambda: "b",
        ratt_text="Jämförelseområdet visar vad som hade hänt utan insatsen bättre än en trend som skrivs fram. "
                  "Båda metoderna pekar åt samma håll, vilket stärker slutsatsen.",
        fel_text="Tänk på vilken metod som tar hänsyn till det som hände i hela kommunen under samma tid.",
        om_fel={"a": "Att välja den metod som ger störst effekt är att välja resultat efter önskemål. Tidsserien "
                     "för Centrum ensam vet inte att skadegörelsen minskade i Norrby samtidigt.",
                "c": "Före–efter-siffran räknar också in den minskning som skedde i hela kommunen. Den överskattar "
                     "effekten."}),
    Val("6e", "svar_6e",
        alternativ={"a": "Ja – skadegörelsen nästan halverades. Sprid insatsen till hela kommunen.",
                    "b": "Skadegörelsen minskade säkerställt mer i Centrum än i Norrby, men mindre än före–efter-"
                         "siffran säger och med ett brett intervall. Fortsätt följa upp, och pröva insatsen i "
                         "Norrby med en ny jämförelse.",
                    "c": "Nej – skadegörelsen minskade i hela kommunen, så insatsen gjorde ingen skillnad."},
        berakna=lambda: "b" if _effect()["verdikt"] == Change.DECREASE else "c",
        ratt_text="Ärligt och användbart: det finns stöd för en effekt, storleken är osäker, och nästa steg "
                  "planeras så att det också kan följas upp.",
        fel_text="Utgå från jämförelsen med Norrby och dess intervall.",
        om_fel={"a": "Halveringen är före–efter-siffran, där minskningen i hela kommunen ingår. Effekten av "
                     "insatsen är mindre och osäker.",
                "c": "Centrum minskade mer än Norrby, och skillnaden är större än slumpen brukar ge. Att hela "
                     "kommunen minskade utesluter inte en effekt."}),
)
