"""Fetch, then use: ``lagesbild hamta`` as a function. Every file written here is read back by
:func:`lagesbild_methods.sources.read` as the contract its template parameter expects, unchanged:

============  =========================================================  ==================================
source        written                                                    give it as
============  =========================================================  ==================================
``scb``       ``kommunkod,ar,folkmangd,kalla`` (CSV)                     ``folkmangd_fil``
``kolada``    ``kpi,kommunkod,ar,kon,varde,status,kalla,titel,enhet``    ``jamforelse_fil`` (N01951 also as
              (CSV) or the API's own JSON (``.json``)                    ``folkmangd_fil``)
``polisen``   the API's own JSON list (``.json``) or the archive CSV     ``handelser_fil`` / ``polisen_fil``
              ``id,datetime,name,summary,url,type,location_name,
              location_gps`` (``.csv``)
``bra``       ``kommunkod,ar,brottstyp,antal,kalla`` (CSV)               ``brott_fil``
============  =========================================================  ==================================

Files are written atomically (a temporary file renamed into place), so a broken run never leaves half a file.
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import registry
from ..errors import ParameterError
from . import fetch
from .names import LAN, all_kommuner, kommuner_in_lan

POLISEN_CSV_COLUMNS = ["id", "datetime", "name", "summary", "url", "type", "location_name", "location_gps"]


@dataclass
class Resultat:
    """What ``hamta`` got: the tidy frame, the responses (with URL, time, SHA-256) and the file written."""

    df: pd.DataFrame
    hits: list = field(default_factory=list)
    ut: Path | None = None
    param: str = ""


def _code(k: str) -> str:
    from .names import region_code
    k = str(k).strip()
    if k.isdigit() and len(k) == 3:
        k = "0" + k
    if k in all_kommuner() or k in LAN or k in registry.REGIONS:
        return k
    return region_code(k) or registry.get(k).kod  # registry.get raises the Swedish "Okänd kommun"


def _regions(kommuner: list[str] | None, lan: str | None, default: list[str]) -> list[str]:
    if lan:
        lan = _lan(lan)
        return [lan] + kommuner_in_lan(lan)
    return [_code(k) for k in kommuner] if kommuner else default


def _lan(lan: str) -> str:
    return registry.get_lan(str(lan).strip()).kod  # raises the Swedish "Okänt län"


def write_atomic(path: Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def polisen_archive_csv(events: list[dict]) -> bytes:
    """Polisen's API events in the archive CSV shape (one row per event; the reader accepts it unchanged)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(POLISEN_CSV_COLUMNS)
    for e in events:
        loc = e.get("location") or {}
        w.writerow([e.get("id"), e.get("datetime"), e.get("name"), e.get("summary"), e.get("url"), e.get("type"),
                    loc.get("name"), loc.get("gps")])
    return buf.getvalue().encode("utf-8")


def hamta(kalla: str, *, kommuner: list[str] | None = None, lan: str | None = None, ar: list[int] | None = None,
          datum: str | None = None, kpi: list[str] | None = None, url: str | None = None,
          ut: str | Path | None = None, fetcher: fetch.Fetcher | None = None) -> Resultat:
    """Fetch ``kalla`` ('scb', 'kolada', 'polisen', 'bra'), write ``ut`` (format by suffix) and return a :class:`Resultat`.

    ``ar=None`` for SCB means every year the table has. ``lan`` ('03' or 'Uppsala') selects the county and all
    its municipalities.
    """
    f = fetcher or fetch.Fetcher()
    out = Path(ut) if ut else None
    suffix = out.suffix.lower() if out else ".csv"
    if kalla == "scb":
        regions = _regions(kommuner, lan, [*registry.kommuner_i_lan(), registry.STANDARD_LAN, "00"])
        df, hit = fetch.hamta_scb_folkmangd(regions, ar, fetcher=f)
        res = Resultat(df, [hit], param="folkmangd_fil")
        data = _csv_bytes(df)
    elif kalla == "kolada":
        from .kolada import as_comparison
        codes = _regions(kommuner, lan, list(registry.kommuner_i_lan()))
        if not ar and not codes:
            raise ParameterError("Ange kommuner (--kommun/--lan) eller år (--ar) för Kolada.")
        df, hits = fetch.hamta_kolada(kpi or ["N07540"], codes, ar, fetcher=f)
        df = as_comparison(df)
        res = Resultat(df, hits, param="jamforelse_fil")
        pages = [h.json() for h in hits]
        data = (json.dumps({"values": [v for p in pages for v in p.get("values", [])], "next_url": None},
                           ensure_ascii=False, indent=1).encode("utf-8") if suffix == ".json" else _csv_bytes(df))
    elif kalla == "polisen":
        from . import polisen
        platser = None
        if lan or kommuner:
            codes = _regions(kommuner, lan, [])
            platser = [all_kommuner()[c] for c in codes if c in all_kommuner()]
            if lan:
                platser.append(LAN[_lan(lan)])
        df, hit = fetch.hamta_polisen(platser or polisen.default_platser(), datum, fetcher=f)
        res = Resultat(df, [hit], param="handelser_fil")
        events = hit.json()
        data = polisen_archive_csv(events) if suffix == ".csv" else json.dumps(
            events, ensure_ascii=False, indent=1).encode("utf-8")
    elif kalla == "bra":
        if not ar or len(ar) != 1:
            raise ParameterError("Ange ett år för Brås kommunfil, t.ex. --ar 2024.")
        link = url or fetch.BRA_KOMMUN_CSV_URL.get(ar[0])
        if not link:
            raise ParameterError(f"Ingen känd nedladdningsadress för {ar[0]}. Kopiera länken från bra.se och "
                                 "ange den med --url.")
        df, hit = fetch.hamta_bra_kommun_csv(link, ar[0], fetcher=f)
        res = Resultat(df, [hit], param="brott_fil")
        data = _csv_bytes(df)
    else:
        raise ParameterError(f"Okänd källa: {kalla}. Välj scb, kolada, polisen eller bra.")
    if out is not None:
        if suffix not in (".csv", ".json"):
            raise ParameterError(f"Filen {out.name} ska sluta på .csv eller .json.")
        if suffix == ".json" and kalla in ("scb", "bra"):
            raise ParameterError(f"För {kalla} skrivs en CSV-fil; döp filen till {out.stem}.csv.")
        res.ut = write_atomic(out, data)
    return res
