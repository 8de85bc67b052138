"""What a file really is, before any reader tries it, and Swedish words for the errors of the csv/json modules.

A coordinator's file may be a password-protected workbook, an old .xls, a LibreOffice .ods, a PDF, an image,
a web page saved instead of the download, or a CSV renamed to .xlsx. Each gets one clear Swedish sentence
saying what the file is and what to do, instead of "skadad" or a library's English message.
"""
from __future__ import annotations

import csv
from pathlib import Path

from ..errors import InputDataError, Problem

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: .xls, .doc, and encrypted .xlsx
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
EXCEL = (".xlsx", ".xlsm")
SAVE_AS = "spara om filen som .xlsx eller CSV (UTF-8) och försök igen"


def _refuse(p: Path, message: str, expected: str | None = None):
    raise InputDataError(str(p), [Problem(message, str(p), expected=expected)])


def check_content(p: Path) -> None:
    """Refuse files that are not data the package can read, naming what they are (Swedish)."""
    with open(p, "rb") as fh:
        head = fh.read(4096)
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    suffix = p.suffix.lower()
    if head.startswith(OLE):
        data = p.read_bytes()
        if ENCRYPTED in data:
            _refuse(p, "Excel-filen är lösenordsskyddad (krypterad) och kan inte läsas.",
                    "en fil utan lösenord: öppna den i Excel, ta bort lösenordet (Arkiv > Info > Skydda arbetsbok > "
                    "Kryptera med lösenord, töm fältet) och spara; eller spara som CSV (UTF-8)")
        _refuse(p, "Filen är i det gamla Office-formatet (.xls).", SAVE_AS)
    if head.startswith(b"%PDF"):
        _refuse(p, "Filen är en PDF, inte en tabell.", "en CSV- eller Excel-fil med data (ladda ned tabellen som "
                                                        "CSV eller Excel i stället för PDF)")
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        _refuse(p, "Filen är en bild, inte en tabell.", "en CSV-, Excel- eller JSON-fil")
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in low[:1000]:
        _refuse(p, "Filen är en webbsida (HTML), inte data – ofta sparas sidan i stället för filen.",
                "ladda ned filen igen: högerklicka på länken och välj 'Spara länk som'")
    if head.startswith(b"PK"):
        if b"opendocument.spreadsheet" in head:
            _refuse(p, "Filen är i LibreOffice-formatet .ods.", SAVE_AS)
        if b"word/" in head:
            _refuse(p, "Filen är ett Word-dokument, inte en tabell.", "en CSV- eller Excel-fil")
        if suffix not in EXCEL and suffix != ".xls":
            _refuse(p, f"Filen är en Excel-fil (eller ett zip-arkiv) men heter {p.suffix or 'utan filändelse'}.",
                    "byt filändelsen till .xlsx, eller packa upp arkivet")
    elif suffix in EXCEL:
        kind = "en textfil (t.ex. CSV)" if head and b"\x00" not in head else "inte en Excel-fil"
        _refuse(p, f"Filen heter {p.suffix} men är {kind}.",
                "byt filändelsen till .csv om det är en CSV-fil, eller spara om den som .xlsx i Excel")


def csv_error(p: Path, exc: csv.Error, line: int | None) -> InputDataError:
    """A Swedish error for what the csv module raised at ``line``."""
    text = str(exc)
    if "field larger than field limit" in text:
        msg = (f"Ett fält från rad {line} är orimligt långt (över {csv.field_size_limit():,} tecken)".replace(",", " ")
               + ". Oftast beror det på ett citattecken (\") som inte stängs, så att resten av filen blir ett enda fält.")
        exp = "citattecken i par runt text som innehåller avgränsare eller radbrytningar"
    elif "NUL" in text:
        msg, exp = "Filen innehåller binära tecken och är inte en textfil.", "en CSV-fil sparad som text (UTF-8)"
    elif "new-line character" in text:
        msg = "En radbrytning står mitt i ett fält utan citattecken."
        exp = "citattecken (\") runt text som innehåller radbrytningar"
    else:
        msg, exp = "Filen kunde inte delas upp i kolumner.", "citattecken (\") i par runt text som innehåller avgränsare"
    return InputDataError(str(p), [Problem(msg, str(p), line, None, None, exp)])


_JSON_WORDS = {
    "Expecting value": "ett värde saknas eller är inte JSON",
    "Expecting property name enclosed in double quotes": "ett fältnamn saknar citattecken (\"…\")",
    "Expecting ',' delimiter": "ett kommatecken saknas mellan två värden",
    "Expecting ':' delimiter": "ett kolon saknas efter ett fältnamn",
    "Unterminated string starting at": "en text saknar avslutande citattecken",
    "Extra data": "det finns mer text efter JSON-innehållet",
    "Invalid control character at": "ett otillåtet tecken står i en text",
}


def json_error(p: Path, exc, expected: str) -> InputDataError:
    """A Swedish error for a ``json.JSONDecodeError`` (line and column, what is wrong)."""
    what = next((sv for en, sv in _JSON_WORDS.items() if exc.msg.startswith(en)), "innehållet följer inte JSON")
    return InputDataError(str(p), [Problem(f"Filen är inte giltig JSON: {what} (tecken {exc.colno}).", str(p),
                                           exc.lineno, None, None, expected)])
