"""Exercise 2 -- Jämföra olika stora kommuner: rankings, intervals and the funnel plot.

The county publishes a ranking of bostadsinbrott per 100 000 inhabitants. The smallest member tops it by
chance; a mid-sized member lies far above the county; Kursköping lies just below the 95 % limit, which is
what chance gives about one member in twenty.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import columns as C
from .. import fmt, stats
from ..figures import stats_figures
from ..stats import compare as _cmp
from ..text import comparison_label, funnel_sentence
from ..verdicts import Comparison
from . import data as D
from . import visning as V
from .fragor import Namn, Val, registrera

TYP, AR = D.FUNNEL_TYP, D.FUNNEL_AR


def urval(brott: pd.DataFrame, folkmangd: pd.DataFrame) -> pd.DataFrame:
    """The members' bostadsinbrott in 2025 joined with their population (one row per municipality)."""
    b = brott[(brott[C.AR] == AR) & (brott[C.BROTTSTYP] == TYP) & (brott[C.KOMMUNKOD] != D.LAN_KOD)]
    return stats.join_population(b, folkmangd).reset_index(drop=True)


def lista(takter: pd.DataFrame) -> pd.DataFrame:
    """The county's list in alphabetical order: population, count, rate and 95 % interval."""
    names = D.namn()
    rows = [{"Kommun": names[r[C.KOMMUNKOD]], "Folkmängd": V.tal(r[C.FOLKMANGD]), "Antal inbrott": V.tal(r[C.ANTAL]),
             "Per 100 000": V.tal(r[C.VARDE]), "95 % intervall": V.intervall(r[C.NEDRE], r[C.OVRE])}
            for _, r in takter.iterrows()]
    return V.tabell(fmt.swedish_sorted(rows, key=lambda r: r["Kommun"]))


def rangordning(takter: pd.DataFrame):
    """Ranked dots with 95 % intervals and the county's rate as a line (house figure)."""
    county = float(takter[C.ANTAL].sum() / takter[C.NAMNARE].sum() * 100_000)
    return stats_figures.ranked_dot_plot(takter, names=D.namn(), benchmark=county, benchmark_name="Länet",
                                         title=f"Bostadsinbrott per 100 000 invånare {AR}")


def trattdiagram(tratt):
    return stats_figures.funnel_plot(tratt, names=D.namn(), title=f"Bostadsinbrott per 100 000 invånare {AR}")


def sammanfattning(tratt) -> str:
    """The report's sentence for the funnel plot and the method text under it."""
    return funnel_sentence(tratt, names=D.namn()) + "\n\n" + tratt.metod


def punkter(tratt) -> pd.DataFrame:
    """Each member's position against the funnel, largest population first."""
    p = tratt.punkter.sort_values(C.NAMNARE, ascending=False)
    names = D.namn()
    return V.tabell([{"Kommun": names[r[C.KOMMUNKOD]], "Folkmängd": V.tal(r[C.NAMNARE]),
                      "Per 100 000": V.tal(r[C.VARDE]),
                      "Jämfört med länet": comparison_label(r[_cmp.SKILLNAD], r[_cmp.NIVA])} for _, r in p.iterrows()])


# ------------------------------------------------------------------------------------------------ answers
@lru_cache(maxsize=1)
def _takter() -> pd.DataFrame:
    return stats.rates(urval(D.brott(), D.folkmangd()))


@lru_cache(maxsize=1)
def _tratt():
    return stats.funnel(urval(D.brott(), D.folkmangd()))


def _name_of(row) -> str:
    return D.namn()[row[C.KOMMUNKOD]]


def _highest_rate() -> str:
    t = _takter()
    return _name_of(t.loc[t[C.VARDE].idxmax()])


def _most_crimes() -> str:
    t = _takter()
    return _name_of(t.loc[t[C.ANTAL].astype(float).idxmax()])


def _above_998() -> str:
    p = _tratt().punkter
    hit = p[(p[_cmp.SKILLNAD] == Comparison.HIGHER) & (p[_cmp.NIVA] >= 0.998)]
    return _name_of(hit.iloc[0]) if len(hit) == 1 else "(ingen eller flera)"


def _kursk_option() -> str:
    """b when Kursköping is lower than the county at the 95 % limit only (the question's premise, decided by
    the library's funnel); c when the funnel finds no difference. Anything else is outside the question."""
    r = _tratt().punkter.set_index(C.KOMMUNKOD).loc[D.KOD]
    if r[_cmp.SKILLNAD] == Comparison.NO_DIFFERENCE:
        return "c"
    if r[_cmp.SKILLNAD] == Comparison.LOWER and r[_cmp.NIVA] < 0.998:
        return "b"
    return "(utanför frågans förutsättning)"


def _members() -> list[str]:
    return [v[0] for v in D.KOMMUNER.values()]


registrera(
    Namn("2a", "svar_2a", tillatna=_members, berakna=_highest_rate, vad="kommunens namn", ordlista=False,
         ratt_text="Den kommunen hamnar först på en topplista – men titta på hur få inbrott det handlar om och "
                   "hur brett intervallet är.",
         fel_text="Leta i kolumnen ”Per 100 000”, inte i antalet inbrott.",
         missar=[(_most_crimes, "Du har valt kommunen med flest inbrott i antal. Den har också flest invånare; "
                                "jämför antal per 100 000 invånare i stället.")]),
    Namn("2b", "svar_2b", tillatna=_members, berakna=_above_998, vad="kommunens namn", ordlista=False,
         ratt_text="Den kommunen ligger så långt över länets nivå att slumpen nästan aldrig ger en sådan "
                   "skillnad med så många invånare. Där finns något att ta reda på.",
         fel_text="Leta efter en punkt som ligger ovanför den prickade linjen (99,8 %) i trattdiagrammet.",
         missar=[(_highest_rate, "Den kommunen har högst värde, men så få invånare att ett par inbrott till eller "
                                 "från flyttar punkten långt. Titta på var punkten ligger i förhållande till tratten: "
                                 "gränserna är vida där folkmängden är liten."),
                 (_most_crimes, "Den kommunen har flest inbrott i antal, men den är också störst. Per invånare "
                                "ligger den nära länets nivå.")]),
    Val("2c", "svar_2c",
        alternativ={"a": "Kursköping har säkert lägst risk för bostadsinbrott i länet.",
                    "b": "Kursköping ligger lägre än länet på 95 %-nivån. Men med 20 kommuner hamnar ungefär en "
                         "utanför 95 %-gränserna av ren slump, så det är ett svagare tecken än en punkt utanför "
                         "99,8 %-gränsen: värt att följa, inte att dra stora slutsatser av.",
                    "c": "Kursköping skiljer sig inte alls från länet."},
        berakna=_kursk_option,
        ratt_text="95 % betyder att ungefär var tjugonde kommun hamnar utanför gränserna av slumpen, även när "
                  "ingen kommun skiljer sig på riktigt. Därför finns 99,8 %-gränsen: det som ligger utanför den är "
                  "sällan slump.",
        fel_text="Titta på vilken av de två gränserna Kursköpings punkt passerar.",
        om_fel={"a": "Ett trattdiagram rangordnar inte kommunerna, det visar bara om en kommun skiljer sig från "
                     "länet. Och en punkt strax utanför 95 %-gränsen är ett svagt tecken: med 20 kommuner väntar "
                     "man sig att någon hamnar där av slumpen.",
                "c": "Punkten ligger utanför 95 %-gränsen, och paketet kallar skillnaden säkerställd på den nivån. "
                     "Det är en svag signal – inte ingenting."}),
    Val("2d", "svar_2d",
        alternativ={"a": "Publicera topplistan – den är lätt att förstå.",
                    "b": "Visa trattdiagrammet och lyft bara fram kommuner som ligger utanför 99,8 %-gränserna. "
                         "Skriv att övriga skillnader kan bero på slumpen.",
                    "c": "Publicera ingenting – jämförelser mellan kommuner går inte att göra."},
        berakna=lambda: "b",
        ratt_text="Ett trattdiagram tar hänsyn till att små kommuner hoppar mer av slumpen, och visar vilka "
                  "skillnader som är värda att ta reda på.",
        fel_text="Tänk på vad en topplista gör med de minsta kommunerna.",
        om_fel={"a": "En topplista sätter nästan alltid en liten kommun överst eller nederst av ren slump – här "
                     "den minsta kommunen. Den pekar ut fel kommun och missar den som verkligen avviker.",
                "c": "Jämförelser går att göra, om man tar hänsyn till slumpen. Brå rekommenderar att jämföra med "
                     "liknande kommuner och med länet."}),
)
