"""What a report must say about incident data, for the step sections to call (they own the wording around it).

Polisen's published events are an editorial selection, not the municipality's register: they get their own
name and caveat, a table of categories instead of a map, a count of the digests ("Sammanfattning natt/vecka")
left out, and no places (``location`` is a fixed point per municipality or county). The step calls:

* :func:`incident_source(df)` -> :class:`IncidentSource` (name, source line, caveat, whether places/positions
  may be shown, whether it is the municipality's own register);
* :func:`category_table(df)` -> frame ``kategori, kategori_sv, antal, typer`` (Polisen's feed only);
* :func:`notes(df)` -> Swedish sentences for the report (digests, county-only events, unknown types).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import columns as C

REGISTER_NAMN = "Kommunens händelseregister (EST)"
POLISEN_NAMN = "Polisens publicerade händelser (polisen.se)"


@dataclass(frozen=True)
class IncidentSource:
    kod: str  # "polisen" or "register"
    namn: str  # Swedish name for headings and legends
    kalla: str  # line for the report's list of sources
    forbehall: str | None  # caveat the report must show next to the figures
    har_platser: bool  # False: no map, no hot spots, no ranking of places
    ar_kommunens_register: bool


def is_polisen(df: pd.DataFrame | None) -> bool:
    return df is not None and df.attrs.get("kalla") in ("polisen",) or (
        df is not None and "publicerad" in df.columns and "typ" in df.columns)


def incident_source(df: pd.DataFrame) -> IncidentSource:
    """How to present an incident frame (from ``sources.read(..., "handelser")`` or Polisen's events)."""
    if is_polisen(df):
        from .polisen import POLISEN_FORBEHALL
        return IncidentSource("polisen", POLISEN_NAMN, "Polisen, händelser publicerade på polisen.se "
                              "(polisen.se/api/events)", df.attrs.get("forbehall") or POLISEN_FORBEHALL, False, False)
    files = ", ".join(str(f).rsplit("/", 1)[-1] for f in df.attrs.get("filer", []))
    return IncidentSource("register", REGISTER_NAMN, "Kommunens händelseregister" + (f" ({files})" if files else ""),
                          None, bool(df[C.X].notna().any()) if C.X in df else False, True)


def category_table(df: pd.DataFrame) -> pd.DataFrame:
    """Category table of Polisen's events: ``kategori, kategori_sv, antal, typer`` (largest first)."""
    from .polisen import TYP, category_records
    recs = category_records(df) if TYP in df.columns else df.attrs.get("polisen_kategorier") or []
    return pd.DataFrame(recs, columns=["kategori", "kategori_sv", "antal", "typer"])


def notes(df: pd.DataFrame) -> list[str]:
    """Swedish sentences the report shows with Polisen's events (nothing for a register)."""
    if not is_polisen(df):
        return []
    out = []
    n = int(df.attrs.get("sammanfattningar") or 0)
    if n:
        out.append(f"{n} {'sammanfattning' if n == 1 else 'sammanfattningar'} (”Sammanfattning natt”, ”Sammanfattning "
                   "vecka” o.d.) räknas inte: de samlar flera händelser i en text och är inte enskilda händelser.")
    n = int(df.attrs.get("endast_lan") or 0)
    if n:
        out.append(f"{n} {'händelse' if n == 1 else 'händelser'} i länet kunde inte knytas till en kommun "
                   "(Polisen angav bara länet) och räknas inte här.")
    unknown = df.attrs.get("okanda_typer") or []
    if unknown:
        out.append("Händelsetyper som paketet inte känner räknas som Övrigt: " + ", ".join(unknown) + ".")
    out.append("Polisens position är en fast punkt för hela kommunen eller länet; därför visas ingen karta och inga "
               "platser för dessa händelser.")
    return out
