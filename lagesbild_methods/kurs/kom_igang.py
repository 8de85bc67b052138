"""Self-checks for the course notebooks (grundkurs i praktiskt brottsförebyggande arbete).

Each check returns a Swedish message and never reveals the expected value in the message,
so the exercise notebook can be handed out without the solution (nbgrader's lesson: hidden
tests must not leak into feedback).
"""
from __future__ import annotations

import math

from .. import columns as C
from .. import stats as S
from ..verdicts import Change


def _rate_of(brott, folkmangd, kommunkod: str, ar: int, brottstyp: str):
    j = S.join_population(brott[(brott[C.KOMMUNKOD] == kommunkod) & (brott[C.AR] == ar)
                                & (brott[C.BROTTSTYP] == brottstyp)], folkmangd)
    return S.rates(j).iloc[0]


def kontrollera_takt(svar: float, brott, folkmangd, kommunkod: str, ar: int, brottstyp: str) -> str:
    """Check a participant's rate per 100 000 (Brå's denominator: population 31 Dec the year before)."""
    if svar is None or (isinstance(svar, float) and math.isnan(svar)):
        return "Du har inte fyllt i något svar än."
    facit = float(_rate_of(brott, folkmangd, kommunkod, ar, brottstyp)[C.VARDE])
    j = S.join_population(brott[(brott[C.KOMMUNKOD] == kommunkod) & (brott[C.AR] == ar)
                                & (brott[C.BROTTSTYP] == brottstyp)], folkmangd, denominator_year="samma")
    same_year = float(S.rates(j)[C.VARDE].iloc[0])
    x = float(svar)
    # accept rounding to whole numbers, but tell the two denominators apart when they are close
    if abs(x - facit) <= 0.5 and abs(x - facit) <= abs(x - same_year):
        return "Rätt! Du har räknat antal brott per 100 000 invånare med folkmängden vid slutet av året före."
    if abs(x - same_year) <= 0.5:
        return ("Nästan: du har använt folkmängden samma år. Brå räknar med folkmängden den 31 december året "
                "före (1 januari samma år). Försök igen.")
    return "Inte riktigt. Kontrollera att du delar antalet brott med folkmängden och multiplicerar med 100 000."


def kontrollera_bedomning(svar: str, brott, folkmangd, kommunkod: str, ar: int, brottstyp: str) -> str:
    """Check a participant's judgement of a year-on-year change: 'ökning', 'minskning' or 'osäkert'."""
    j = S.join_population(brott[(brott[C.KOMMUNKOD] == kommunkod) & (brott[C.BROTTSTYP] == brottstyp)], folkmangd)
    res = S.change_between_periods(j, ar - 1, ar).iloc[0]
    facit = {Change.INCREASE: "ökning", Change.DECREASE: "minskning"}.get(res["forandring"], "osäkert")
    given = str(svar or "").strip().lower()
    if given not in {"ökning", "minskning", "osäkert"}:
        return "Svara med ett av orden ”ökning”, ”minskning” eller ”osäkert”."
    if given == facit:
        return "Rätt! Titta på konfidensintervallet för förändringen: " + (
            "det ligger helt på ena sidan om noll." if facit != "osäkert" else
            "det spänner över noll, så förändringen kan bero på slumpen.")
    if facit == "osäkert":
        return ("Inte riktigt. Siffrorna ändrades, men med så få brott kan förändringen bero på slumpen. "
                "Se på konfidensintervallet.")
    return "Inte riktigt. Förändringen är större än slumpen brukar ge – se på konfidensintervallet."
