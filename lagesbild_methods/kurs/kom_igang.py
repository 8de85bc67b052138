"""The getting-started notebook (``notebooks/00_kom_igang.ipynb``): its tables and its two self-checks.

It runs on the bundled practice data (``data/ovningsdata``, synthetic data in the format of the real sources
for the municipalities of Uppsala län), so a participant sees the package as a coordinator will use it. The
tables are Swedish, like a report's; the checks return a Swedish sentence and never the expected value
(nbgrader's lesson: hidden tests must not leak into feedback).
"""
from __future__ import annotations

import pandas as pd

from .. import columns as C
from .. import stats as S
from ..text import change_label
from ..verdicts import Change
from . import visning as V
from .fragor import Ogiltigt, las_tal, tomt

TOMT_SVAR = "Du har inte fyllt i något svar än. Skriv ditt svar på raden ovanför och kör cellen igen."
ORD = ("ökning", "minskning", "osäkert")


def antal(brott: pd.DataFrame, kommunkod: str, ar: int) -> pd.DataFrame:
    """One municipality's reported crimes in one year, one row per crime type."""
    b = brott[(brott[C.KOMMUNKOD] == kommunkod) & (brott[C.AR] == ar)]
    return V.tabell([{"Brottstyp": V.brottstyp(r[C.BROTTSTYP]), f"Antal {ar}": V.tal(r[C.ANTAL])}
                     for _, r in b.iterrows()])


def folkmangd_tabell(folkmangd: pd.DataFrame, kommunkod: str, ar: range | list) -> pd.DataFrame:
    """The municipality's population on 31 December of the given years."""
    p = folkmangd[(folkmangd[C.KOMMUNKOD] == kommunkod) & folkmangd[C.AR].isin(list(ar))]
    return V.tabell([{"31 december": str(int(r[C.AR])), "Folkmängd": V.tal(r[C.FOLKMANGD])} for _, r in p.iterrows()])


def takter(takter_: pd.DataFrame, ar: int) -> pd.DataFrame:
    """Rates per 100 000 with their 95 % interval for one year (from ``stats.crime_rates``)."""
    t = takter_[takter_[C.AR] == ar]
    return V.tabell([{"Brottstyp": V.brottstyp(r[C.BROTTSTYP]), "Antal": V.tal(r[C.ANTAL]),
                      "Folkmängd 31 december året före": V.tal(r[C.FOLKMANGD]),
                      "Per 100 000": V.tal(r[C.VARDE]), "95 % intervall": V.intervall(r[C.NEDRE], r[C.OVRE]),
                      "Få brott (osäkert)": "ja" if bool(r[C.LITET_ANTAL]) else ""} for _, r in t.iterrows()])


def forandringar(forandring: pd.DataFrame) -> pd.DataFrame:
    """The change between two years per crime type (from ``stats.change_between_periods``)."""
    f = forandring
    a1, a2 = f["period_1"].iloc[0], f["period_2"].iloc[0]
    return V.tabell([{"Brottstyp": V.brottstyp(r[C.BROTTSTYP]), f"Antal {a1}": V.tal(r["antal_1"]),
                      f"Antal {a2}": V.tal(r["antal_2"]), "Förändring": V.signerad_procent(r["forandring_pct"]),
                      "95 % intervall för förändringen": V.intervall(r["forandring_nedre_pct"], r["forandring_ovre_pct"],
                                                                     procent_=True),
                      "Bedömning": change_label(r["forandring"])} for _, r in f.iterrows()])


def _rate_of(brott, folkmangd, kommunkod: str, ar: int, brottstyp: str, denominator_year: str | None = None) -> float:
    sub = brott[(brott[C.KOMMUNKOD] == kommunkod) & (brott[C.AR] == ar) & (brott[C.BROTTSTYP] == brottstyp)]
    kw = {} if denominator_year is None else {"denominator_year": denominator_year}
    return float(S.rates(S.join_population(sub, folkmangd, **kw))[C.VARDE].iloc[0])


def kontrollera_takt(svar, brott, folkmangd, kommunkod: str, ar: int, brottstyp: str) -> str:
    """Check a participant's rate per 100 000 (Brå's denominator: population 31 Dec the year before)."""
    if tomt(svar):
        return TOMT_SVAR
    try:
        x = las_tal(svar)
    except Ogiltigt as exc:
        return f"Svaret går inte att läsa. {exc}"
    facit = _rate_of(brott, folkmangd, kommunkod, ar, brottstyp)
    same_year = _rate_of(brott, folkmangd, kommunkod, ar, brottstyp, denominator_year="samma")
    # accept rounding to whole numbers, but tell the two denominators apart when they are close
    if abs(x - facit) <= 0.5 and abs(x - facit) <= abs(x - same_year):
        return "Rätt! Du har räknat antal brott per 100 000 invånare med folkmängden vid slutet av året före."
    if abs(x - same_year) <= 0.5:
        return ("Nästan: du har använt folkmängden samma år. Brå räknar med folkmängden den 31 december året "
                "före (1 januari samma år). Försök igen.")
    if abs(x * 100 - facit) <= 0.5:
        return "Nästan: du har räknat per 1 000 invånare. Lägesbilder och Brå anger antal per 100 000 invånare."
    return "Inte riktigt. Kontrollera att du delar antalet brott med folkmängden och multiplicerar med 100 000."


def kontrollera_bedomning(svar, brott, folkmangd, kommunkod: str, ar: int, brottstyp: str) -> str:
    """Check a participant's judgement of a year-on-year change: 'ökning', 'minskning' or 'osäkert'."""
    if tomt(svar):
        return TOMT_SVAR
    given = str(svar).strip().lower()
    if given not in ORD:
        return "Svara med ett av orden ”ökning”, ”minskning” eller ”osäkert”."
    j = S.join_population(brott[(brott[C.KOMMUNKOD] == kommunkod) & (brott[C.BROTTSTYP] == brottstyp)], folkmangd)
    res = S.change_between_periods(j, ar - 1, ar).iloc[0]
    facit = {Change.INCREASE: "ökning", Change.DECREASE: "minskning"}.get(res["forandring"], "osäkert")
    if given == facit:
        return "Rätt! Titta på konfidensintervallet för förändringen: " + (
            "det ligger helt på ena sidan om noll." if facit != "osäkert" else
            "det spänner över noll, så förändringen kan bero på slumpen.")
    if facit == "osäkert":
        return ("Inte riktigt. Siffrorna ändrades, men en sådan förändring kan slumpen ge. Se efter om "
                "konfidensintervallet för förändringen rymmer noll.")
    if given == "osäkert":
        return ("Inte riktigt. Försiktighet är bra, men se efter om hela konfidensintervallet för förändringen "
                "ligger på samma sida om noll.")
    return "Inte riktigt. Titta en gång till på antalen: åt vilket håll gick de?"
