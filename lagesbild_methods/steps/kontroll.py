"""Honest checklists: an item of the law (lag 2023:196, 4 §) or of Brå's questions is "Uppfyllt"
only when the report has the section the item needs *and* the data behind it are the
municipality's own (real). On practice data the checklist says so; a missing section says
what to add.

A step module describes what it has (sections present, which input file each rests on) and
calls :func:`checklist`; the result is a display table plus counts for a summary sentence.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

UPPFYLLT = "Uppfyllt"
OVNINGSDATA = "Inte uppfyllt: övningsdata"
SAKNAS = "Saknas: komplettera"


@dataclass(frozen=True)
class Item:
    """One requirement: ``krav`` as the coordinator reads it, ``innehall`` where the report answers
    it, ``avsnitt`` the section keys it needs (all of them), ``underlag`` the input parameters it
    rests on (any one real file is enough unless ``alla``), ``saknas`` what to add when missing."""

    key: str
    krav: str
    innehall: str
    avsnitt: tuple[str, ...]
    underlag: tuple[str, ...]
    saknas: str
    alla: bool = False


LAGKRAV = (
    Item("kartlaggning", "Kartläggning av brottsligheten", "Anmälda brott per brottstyp, utveckling och jämförelser",
         ("vanligaste", "utveckling"), ("brott_fil", "folkmangd_fil"), "kommunens brottsstatistik (Brå)", alla=True),
    Item("omfattning", "Brottslighetens omfattning", "Antal och brott per 100 000 invånare med osäkerhet",
         ("vanligaste",), ("brott_fil", "folkmangd_fil"), "brottsstatistik och folkmängd", alla=True),
    Item("konsekvenser", "Brottslighetens konsekvenser", "Trygghet och utsatthet i trygghetsmätningen",
         ("trygghet",), ("enkat_fil",), "en trygghetsmätning (enkät)"),
    Item("annan_information", "Annan information av betydelse",
         "Kommunens händelserapporter och lokal kunskap (dialoger, trygghetsvandringar, polisen)",
         ("nar", "lokal_kunskap"), ("handelser_fil", "lokal_kunskap_fil"),
         "händelserapporter och kommunens lokala kunskap", alla=True),
    Item("analys", "Analys av kartläggningen", "Bedömningar av nivåer, skillnader och trender i rapporten",
         ("vanligaste", "jamforelse", "utveckling"), ("brott_fil",), "brottsstatistik att analysera"),
)

BRA_FRAGOR = (
    Item("vanligast", "Vilka problem är vanligast?", "Anmälda brott per brottstyp",
         ("vanligaste",), ("brott_fil",), "kommunens brottsstatistik"),
    Item("var", "Var sker problemen?", "Platser och områden i händelserapporterna",
         ("var",), ("handelser_fil",), "händelserapporter med plats"),
    Item("nar", "När sker problemen?", "Tider, veckodagar och månader i händelserapporterna",
         ("nar",), ("handelser_fil",), "händelserapporter med tidpunkt"),
    Item("vilka", "Vilka drabbas?", "Utsatthet och otrygghet efter kön och ålder",
         ("trygghet",), ("enkat_fil",), "en trygghetsmätning (enkät)"),
    Item("risk", "Hur stor är risken?", "Brott per 100 000 invånare med osäkerhet",
         ("vanligaste",), ("brott_fil", "folkmangd_fil"), "brottsstatistik och folkmängd", alla=True),
    Item("utveckling", "Hur har utvecklingen sett ut?", "Trender över åren",
         ("utveckling",), ("brott_fil",), "brottsstatistik för flera år"),
    Item("jamforelse", "Hur står sig kommunen jämfört med andra?", "Län, riket och liknande kommuner",
         ("jamforelse",), ("brott_fil",), "brottsstatistik för länet och riket"),
)


def item_status(item: Item, sections: set[str], inputs: dict[str, Path | None],
                is_synthetic: Callable[[Path], bool]) -> tuple[str, str]:
    """``(status, what the report has)`` for one item (see module docstring)."""
    if not set(item.avsnitt) <= sections:
        return SAKNAS, f"Saknas: lägg till {item.saknas}."
    files = [inputs.get(k) for k in item.underlag]
    given = [Path(f) for f in files if f]
    if not given or (item.alla and len(given) < len(files)):
        return SAKNAS, f"Saknas: lägg till {item.saknas}."
    real = [f for f in given if not is_synthetic(f)]
    if (item.alla and len(real) < len(given)) or not real:
        return OVNINGSDATA, f"{item.innehall} – men på övningsdata, inte kommunens egna."
    return UPPFYLLT, item.innehall


def checklist(items, sections: set[str], inputs: dict[str, Path | None],
              is_synthetic: Callable[[Path], bool], header: str = "Krav") -> pd.DataFrame:
    """Display table (Swedish column names) of ``items`` with an honest status each."""
    rows = []
    for item in items:
        status, text = item_status(item, sections, inputs, is_synthetic)
        rows.append({header: item.krav, "I rapporten": text, "Status": status})
    return pd.DataFrame(rows)


def summary(table: pd.DataFrame) -> str:
    """One sentence a coordinator can repeat: how many items are met, and why the others are not."""
    n = len(table)
    counts = table["Status"].value_counts()
    ok, ovn, miss = (int(counts.get(s, 0)) for s in (UPPFYLLT, OVNINGSDATA, SAKNAS))
    parts = [f"{ok} av {n} punkter är uppfyllda"]
    if ovn:
        parts.append(f"{ovn} bygger på övningsdata och blir uppfyllda först med kommunens egna data")
    if miss:
        parts.append(f"{miss} saknar underlag")
    return ("; ".join(parts) + ".") if len(parts) > 1 else parts[0] + "."
