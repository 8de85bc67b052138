"""Exercise 7 -- Dela säkert: small numbers, primary and secondary suppression, and free text.

The local paper and the council's website want tables of sensitive crime types. The participant sees
that hiding only the counts 1-4 is not enough (a hidden count can be recovered from the totals), lets the
library add secondary suppression, and sees that scrubbing phone numbers out of free text leaves names
and descriptions of people -- free text never leaves the register.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from .. import columns as C
from .. import stats
from ..workbook.privacy import scrub
from . import data as D
from . import visning as V
from .fragor import NASTAN, Namn, Tal, Val, registrera

AR = tuple(range(2021, 2026))
TYPER = C.KANSLIGA_BROTTSTYPER
SUMMA = "Summa"
FRAGA_TYP, FRAGA_AR = "vald_i_nara_relation_man", 2024


def tabell(brott: pd.DataFrame) -> pd.DataFrame:
    """Kursköping's sensitive crime types 2021-2025 as counts, with the sums per row and per year."""
    b = brott[(brott[C.KOMMUNKOD] == D.KOD) & brott[C.AR].isin(AR) & brott[C.BROTTSTYP].isin(TYPER)]
    wide = b.pivot(index=C.BROTTSTYP, columns=C.AR, values=C.ANTAL).reindex(list(TYPER)).astype(int)
    wide.index = [V.brottstyp(t) for t in wide.index]
    wide.columns = [str(c) for c in wide.columns]
    wide[SUMMA] = wide.sum(axis=1)
    wide.loc[SUMMA] = wide.sum(axis=0)
    return wide


def bara_primar(tabell_: pd.DataFrame) -> pd.DataFrame:
    """The table with only the counts 1-4 hidden ('<5') and every sum shown: what a hurried report does."""
    out = tabell_.astype(object).copy()
    inner = out.index != SUMMA
    for col in out.columns:
        if col == SUMMA:
            continue
        vals = tabell_.loc[inner, col]
        out.loc[inner, col] = ["<5" if 1 <= v <= 4 else V.tal(v) for v in vals]
    out.loc[SUMMA] = [V.tal(v) for v in tabell_.loc[SUMMA]]
    out[SUMMA] = [V.tal(v) for v in tabell_[SUMMA]]
    return out


def med_sekundar(tabell_: pd.DataFrame) -> pd.DataFrame:
    """The library's suppression: '<5' for 1-4 and '..' where a hidden count could otherwise be recovered."""
    labels = [V.brottstyp(t) for t in TYPER]
    disp, _mask = stats.suppress_table(tabell_, sensitive=labels, total_labels=(SUMMA,))
    return disp.map(lambda v: v if isinstance(v, str) else V.tal(v))


def fotnot() -> str:
    from ..stats.suppression import FOTNOT

    return FOTNOT


_PERSON = re.compile(r"(?:Uppgiftslämnare|pojke|grannens|man som)", re.I)


def fritext_efter_tvatt(handelser: pd.DataFrame, rader: int = 6) -> pd.DataFrame:
    """A few free texts before and after the package's scrubbing of phone numbers and personnummer."""
    sub = handelser[handelser[C.FRITEXT].str.contains(_PERSON, na=False)].head(rader)
    return V.tabell([{"Fritext i registret": t, "Efter tvätt (telefon- och personnummer borttagna)": scrub(t, None)}
                     for t in sub[C.FRITEXT]])


# ------------------------------------------------------------------------------------------------ answers
@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    return tabell(D.brott())


def _hidden_count() -> float:
    return float(_table().loc[V.brottstyp(FRAGA_TYP), str(FRAGA_AR)])


def _column_recovery() -> float:
    """What the column sum gives when two cells of the column are hidden (the sum of both)."""
    t = _table()
    col = t.loc[t.index != SUMMA, str(FRAGA_AR)]
    return float(col[(col >= 1) & (col <= 4)].sum())


registrera(
    Tal("7a", "svar_7a", berakna=_hidden_count, tolerans=0.0, decimaler=0,
        ratt_text="Det dolda talet gick att räkna fram ur summorna. Att dölja bara de små talen skyddar "
                  "alltså inte de personer som finns bakom dem.",
        fel_text="Använd radens summa: summan för hela perioden minus de år som syns.",
        missar=[(_column_recovery, 0.0, NASTAN,
                 "Du har använt kolumnens summa. I den kolumnen är två celler dolda, så du får summan av båda. "
                 "Prova med radens summa i stället.")]),
    Val("7b", "svar_7b",
        alternativ={"a": "För säkerhets skull döljs alla tal under tio.",
                    "b": "Annars går de dolda talen att räkna fram ur summorna, som i fråga 7a.",
                    "c": "För att tabellen ska se jämnare ut."},
        berakna=lambda: "b",
        ratt_text="Sekundär undertryckning döljer så många fler celler att inget dolt tal kan räknas fram ur "
                  "rad- och kolumnsummorna.",
        fel_text="Tänk på vad du gjorde i fråga 7a.",
        om_fel={"a": "Paketet döljer inte alla tal under tio. Titta på vilka celler som fått ”..” och vad som "
                     "händer med summorna.",
                "c": "Det handlar inte om utseende. Titta på vad du kunde räkna ut ur summorna i fråga 7a."}),
    Namn("7c", "svar_7c", tillatna=lambda: ["ja", "nej"],
         berakna=lambda: "nej" if C.FRITEXT in C.PRIVATE_COLUMNS else "ja", vad="”ja” eller ”nej”",
         ratt_text="Tvätten tar bort telefonnummer och personnummer, men namn, beskrivningar av personer och "
                   "uppgifter om grannar finns kvar. Därför lämnar fritexten aldrig registret.",
         fel_text="Läs kolumnen med tvättad text: finns det något kvar som kan peka ut en person?",
         missar=[(lambda: "ja", "Tvätten tar bara bort mönster den känner igen, som telefonnummer. Namn och "
                                "beskrivningar som ”en pojke i röd jacka” eller ”grannens son” finns kvar och kan "
                                "peka ut personer i en liten ort."),
                 (lambda: "nej", "Läs den tvättade texten en gång till.")]),
    Val("7d", "svar_7d",
        alternativ={"a": "Lämna ut tabellen som den är – allt i den är allmänna uppgifter.",
                    "b": "Lämna ut per år och för hela kommunen, med små tal dolda och utan fritext. Per månad i en "
                         "by med några hundra invånare kan talen peka ut enskilda personer.",
                    "c": "Vägra lämna ut något – statistik om brott är hemlig."},
        berakna=lambda: "b",
        ratt_text="Ju mindre område och kortare period, desto lättare att känna igen en person bakom ett tal. "
                  "Större områden, längre perioder och undertryckning gör statistiken delbar.",
        fel_text="Tänk på hur många som bor i byn och hur lätt det är att känna igen en händelse.",
        om_fel={"a": "En begäran om allmänna handlingar prövas alltid mot sekretessen. Ett enda fall av våld i "
                     "nära relation en viss månad i en liten by kan peka ut både offer och gärningsperson.",
                "c": "Statistik på kommunnivå och per år är inte hemlig, och öppenhet är viktig. Det gäller att "
                     "lämna ut den så att ingen person kan pekas ut."}),
)
