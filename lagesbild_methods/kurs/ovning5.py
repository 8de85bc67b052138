"""Exercise 5 -- SMART-mål och vad som går att upptäcka: the minimum detectable effect.

Early 2024 the steering group writes the action plan for skadegörelse in Centrum. From the monthly counts
before the measure the participant sees the extra variation, reads how large a reduction a follow-up can
detect after one to five years (with and without a comparison area), and judges which goals can be
followed up at all.
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache

import pandas as pd

from .. import columns as C
from ..figures import pattern_figures
from ..stats import power
from . import data as D
from . import visning as V
from .fragor import NASTAN, Namn, Tal, Val, registrera

INSATSOMRADE, JAMFORELSEOMRADE = "Centrum", "Norrby"
MAL_MED_JAMFORELSE = 0.40  # question 5d: the reduction to detect with the comparison area


def fore_start(serie: pd.DataFrame) -> pd.DataFrame:
    """The months before the measure started (the baseline the plan is made from)."""
    return serie[serie["manad"] < D.START_INSATS].reset_index(drop=True)


def manadsfigur(serie: pd.DataFrame, omrade: str = INSATSOMRADE):
    """Bars of the monthly counts (house figure)."""
    periods = pd.DataFrame({"period": serie["manad"], C.ANTAL: serie[C.ANTAL], "ofullstandig": False})
    return pattern_figures.period_bar_chart(periods, title=f"Skadegörelse i {omrade} per månad före insatsen")


def variation(fore: pd.DataFrame) -> pd.DataFrame:
    """Level and extra variation of the baseline series (what the power calculation rests on)."""
    est = power.estimate_dispersion(fore)
    return V.tabell([{"Mått": "Händelser per år (nivå)", "Värde": V.tal(est["events_per_year"])},
                     {"Mått": "Extra variation mellan månaderna, α (0 = bara slump)", "Värde": V.tal(est["nb_alpha"], 3)},
                     {"Mått": "Spridning jämfört med ren slump (1 = som slumpen)", "Värde": V.tal(est["pearson_dispersion"], 2)},
                     {"Mått": "Antal månader", "Värde": V.tal(est["perioder"])}])


def _designs(fore: pd.DataFrame, jamforelse: pd.DataFrame | None) -> dict:
    own = power.plan_from_series(fore, years_after=1)["design"]
    out = {"Bara slump": dataclasses.replace(own, nb_alpha=0.0), "Med extra variation": own}
    if jamforelse is not None:
        out["Med extra variation och jämförelseområde"] = power.plan_from_series(
            fore, years_after=1, comparison=jamforelse)["design"]
    return out


def minsta_effekt(fore: pd.DataFrame, jamforelse: pd.DataFrame | None = None, ar=(1, 2, 3, 4, 5)) -> pd.DataFrame:
    """The smallest reduction a follow-up detects with 80 % probability, by years of follow-up and design."""
    tables = {k: power.mde_by_follow_up(d, ar).set_index("ar_efter")["mde"] for k, d in _designs(fore, jamforelse).items()}
    return V.tabell([{"År av uppföljning": str(a), **{k: V.procent(t.loc[a], 0) for k, t in tables.items()}} for a in ar])


def styrkekurva(fore: pd.DataFrame, ar=(1, 2)):
    """Probability of detecting a reduction against its true size, for one and two years of follow-up."""
    from ..figures.evaluation_figures import power_curve_figure

    base = power.plan_from_series(fore, years_after=1)["design"]
    curves, mdes = {}, {}
    for a in ar:
        d = dataclasses.replace(base, years_after=float(a))
        label = f"{a} års uppföljning"
        curves[label] = power.power_curve(d)
        mdes[label] = power.minimum_detectable_effect(d)
    return power_curve_figure(curves, mde=mdes, title="Chansen att upptäcka en minskning")


# ------------------------------------------------------------------------------------------------ answers
@lru_cache(maxsize=1)
def _mde_tables() -> dict:
    fore = fore_start(D.manadsserie(INSATSOMRADE))
    comp = fore_start(D.manadsserie(JAMFORELSEOMRADE))
    return {k: power.mde_by_follow_up(d).set_index("ar_efter")["mde"] for k, d in _designs(fore, comp).items()}


def _mde(kind: str, years: int) -> float:
    return float(_mde_tables()[kind].loc[years]) * 100


def _years_needed() -> str:
    t = _mde_tables()["Med extra variation och jämförelseområde"]
    ok = [a for a in t.index if t.loc[a] <= MAL_MED_JAMFORELSE]
    return {1: "a", 2: "b", 3: "c", 4: "d"}.get(ok[0], "e") if ok else "e"


registrera(
    Val("5a", "svar_5a",
        alternativ={"a": "Minska skadegörelsen i Kursköping.",
                    "b": "Skadegörelsen i Centrum ska vara minst en tredjedel lägre 2026 än 2021–2023, mätt i "
                         "händelserapporterna och jämfört med Norrby.",
                    "c": "Alla ska känna sig trygga i centrum."},
        berakna=lambda: "b",
        ratt_text="Målet säger vad (skadegörelse), var (Centrum), hur mycket (en tredjedel), när (2026), mot vad "
                  "(2021–2023) och hur det mäts. Det är specifikt, mätbart och tidsatt.",
        fel_text="Ett SMART mål är specifikt, mätbart, accepterat, realistiskt och tidsatt.",
        om_fel={"a": "Målet säger inte hur mycket, var eller till när – då går det inte att avgöra om det nås.",
                "c": "Ett viktigt syfte, men inte ett mål som går att följa upp: det saknar mått, nivå och tidpunkt."}),
    Tal("5b", "svar_5b", berakna=lambda: _mde("Med extra variation", 1), tolerans=1.0, procent=True, decimaler=0,
        ratt_text="Mindre minskningar än så kan vara verkliga, men uppföljningen kan inte skilja dem från "
                  "slumpen efter bara ett år.",
        fel_text="Läs av raden för ett års uppföljning i kolumnen som räknar med den extra variationen.",
        missar=[(lambda: _mde("Bara slump", 1), 1.0, NASTAN,
                 "Du har läst kolumnen som bara räknar med slump. Månaderna varierar mer än så (α är större än "
                 "noll), och då behövs en större minskning för att den ska synas."),
                (lambda: _mde("Med extra variation och jämförelseområde", 1), 1.0, NASTAN,
                 "Du har läst kolumnen med jämförelseområde. Frågan gäller uppföljning utan jämförelseområde.")]),
    Namn("5c", "svar_5c", tillatna=lambda: ["ja", "nej"],
         berakna=lambda: "nej" if _mde("Med extra variation", 1) > 10 else "ja", vad="”ja” eller ”nej”",
         ratt_text="En minskning på 10 % är mindre än vad ett års uppföljning kan skilja från slumpen. Målet kan "
                   "vara rätt i sak, men ingen kommer att kunna säga om det nåddes.",
         fel_text="Jämför 10 % med den minsta minskning som ett års uppföljning kan upptäcka.",
         missar=[(lambda: "ja", "Om målet nås blir minskningen 10 %, men den minsta minskning ett års uppföljning "
                                "kan skilja från slumpen är större än så. Uppföljningen skulle alltså inte kunna "
                                "visa att målet nåtts."),
                 (lambda: "nej", "Jämför 10 % med tabellen en gång till.")]),
    Val("5d", "svar_5d",
        alternativ={"a": "1 år", "b": "2 år", "c": "3 år", "d": "4 år", "e": "5 år eller mer"},
        berakna=_years_needed,
        ratt_text="Med ett jämförelseområde blir slutsatsen säkrare, men det kostar: även jämförelseområdets "
                  "slumpvariation kommer med, så det behövs en större effekt eller längre tid.",
        fel_text="Leta i kolumnen med jämförelseområde efter det första året där den minsta upptäckbara "
                 "minskningen är 40 % eller mindre.",
        om_fel={"a": "Efter ett år är den minsta upptäckbara minskningen med jämförelseområde större än 40 %.",
                "c": "Det räcker med kortare tid än så – titta på raderna ovanför i kolumnen med jämförelseområde.",
                "d": "Det räcker med kortare tid än så – titta på raderna ovanför i kolumnen med jämförelseområde.",
                "e": "Det räcker med kortare tid än så – titta på raderna ovanför i kolumnen med jämförelseområde."}),
    Val("5e", "svar_5e",
        alternativ={"a": "Minska skadegörelsen i Centrum med 10 % under 2024.",
                    "b": "Ett mål som är så stort att uppföljningen kan se det, med tidpunkt, mätkälla och "
                         "jämförelseområde angivna – och en plan för att redovisa mindre förändringar som osäkra.",
                    "c": "Inget mätbart mål alls – trygghet går inte att mäta."},
        berakna=lambda: "b" if _mde("Med extra variation", 1) > 10 else "a",
        ratt_text="Ett mål som uppföljningen inte kan se blir varken nått eller missat. Räkna ut vad som går att "
                  "upptäcka innan målet skrivs in i åtgärdsplanen.",
        fel_text="Utgå från vad tabellen säger om vilka minskningar som går att upptäcka.",
        om_fel={"a": "En minskning på 10 % på ett år går inte att skilja från slumpen i Centrum – uppföljningen "
                     "kan aldrig visa om målet nåtts.",
                "c": "Det går att mäta, med händelserapporter, brottsstatistik och trygghetsmätningar. Utan mått "
                     "kan ingen veta om åtgärderna gjorde nytta."}),
)
