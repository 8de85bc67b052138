"""Shared plumbing for the readers: encodings, separators, Excel sheets, Swedish numbers and dates.

Every reader in :mod:`lagesbild_methods.sources` works in two passes:

1. read the file into a :class:`RawTable` of *text* cells, remembering for every record the row
   number a user sees in Excel or a text editor (header = row 1);
2. parse the cells column by column (vectorised) and collect every problem as a
   :class:`~lagesbild_methods.errors.Problem`, then validate the typed frame against its contract
   (:mod:`.schemas`). If any problem was found, :class:`~lagesbild_methods.errors.InputDataError`
   is raised with all of them at once and no frame is returned.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from ..errors import InputDataError, Problem
from .filecheck import check_content, csv_error, json_error
from .names import ascii_key, region_code, rename_columns  # noqa: F401  (re-exported for the readers)
from .cells import (MISSING_MARKERS, parse_integers, parse_local_datetimes,  # noqa: F401  (re-exported)
                    parse_numbers)

TZ = "Europe/Stockholm"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv", "")
MAX_PROBLEMS_PER_CHECK = 200  # cap so a wholly wrong column does not produce 100 000 lines


# --------------------------------------------------------------------------------------------
# problems
# --------------------------------------------------------------------------------------------
class Problems:
    """Collects :class:`Problem` objects for one file and raises them all at once."""

    def __init__(self, file: str | Path | None):
        self.file = str(file) if file is not None else None
        self.items: list[Problem] = []
        self.rows_seen: set[int] = set()

    def add(self, message: str, row: int | None = None, column: str | None = None,
            value: object = None, expected: str | None = None) -> None:
        self.items.append(Problem(message, self.file, row, column, value, expected))
        if row is not None:
            self.rows_seen.add(row)

    @property
    def rows(self) -> list[int]:
        """Row numbers that already have a problem (skip them in later contract checks)."""
        return sorted(self.rows_seen)

    def add_rows(self, mask: pd.Series, values: pd.Series, message: str, column: str,
                 expected: str | None = None) -> None:
        """Add one problem per row where ``mask`` is true (index of ``mask`` = file row number)."""
        bad = mask[mask.fillna(False).astype(bool)].index
        for row in bad[:MAX_PROBLEMS_PER_CHECK]:
            self.add(message, int(row), column, values.get(row), expected)
        if len(bad) > MAX_PROBLEMS_PER_CHECK:
            self.add(f"Samma fel på ytterligare {len(bad) - MAX_PROBLEMS_PER_CHECK} rader.", None, column)

    def extend(self, problems: list[Problem]) -> None:
        for p in problems:
            self.add(p.message, p.row, p.column, p.value, p.expected)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, summary: str | None = None) -> None:
        if self.items:
            items = sorted(self.items, key=lambda p: (p.row is not None, p.row or 0, p.column or ""))
            raise InputDataError(self.file, items, summary)


def fail(file: str | Path | None, message: str, row: int | None = None, column: str | None = None,
         value: object = None, expected: str | None = None):
    """Raise an :class:`InputDataError` with a single problem."""
    raise InputDataError(file, [Problem(message, str(file) if file is not None else None, row, column,
                                        value, expected)])


# --------------------------------------------------------------------------------------------
# raw tables
# --------------------------------------------------------------------------------------------
@dataclass
class RawTable:
    """Text cells of a file with the user-visible row number of every record.

    ``header`` is None when the file has no header row. ``rows[i]`` is the record whose first
    line is ``line_numbers[i]`` (1-based, as in Excel/a text editor).
    """

    file: str
    header: list[str] | None
    rows: list[list[str]]
    line_numbers: list[int]
    encoding: str = "utf-8"
    separator: str | None = None
    notes: list[str] = field(default_factory=list)

    def frame(self, columns: list[str] | None = None) -> pd.DataFrame:
        """Cells as a frame of ``str`` (empty cells -> NA), index = row number."""
        cols = columns or self.header or [f"kolumn_{i + 1}" for i in range(max(map(len, self.rows), default=0))]
        width = len(cols)
        data = [(r + [""] * (width - len(r)))[:width] for r in self.rows]
        df = pd.DataFrame(data, columns=cols, index=pd.Index(self.line_numbers, name="rad"), dtype="str")
        for c in df.columns:
            s = df[c].str.strip()
            df[c] = s.mask(s == "")
        return df


def check_file(path: str | Path) -> Path:
    """Return ``Path(path)`` if it is a readable file, else raise a Swedish error."""
    p = Path(path)
    if not p.exists():
        fail(p, f"Filen finns inte: {p}. Kontrollera sökvägen och filnamnet.")
    if p.is_dir():
        fail(p, f"{p} är en mapp, inte en fil. Ange sökvägen till själva filen.")
    if p.stat().st_size == 0:
        fail(p, "Filen är tom (0 byte).", expected="en fil med en rubrikrad och minst en datarad")
    try:
        check_content(p)
    except PermissionError:
        fail(p, "Filen går inte att öppna (behörighet saknas eller den är öppen i ett annat program).",
             expected="en fil du har läsrätt till; stäng den i Excel och försök igen")
    return p


def decode(data: bytes, file: str | Path | None) -> tuple[str, str]:
    """Decode bytes: UTF-8 with or without BOM, else Windows-1252 (old Excel "CSV (semikolonavgränsad)").

    UTF-16 files (Excel "Unicode-text") are recognised by their BOM.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # cp1252 leaves five bytes undefined
        return data.decode("latin-1"), "latin-1"


def sniff_separator(lines: list[str]) -> str:
    """Pick ';', ',' or tab by how consistently it occurs outside quotes in the first lines.

    Title lines without any separator (SCB's exports start with a quoted table title and a blank line) are
    tolerated: a separator must split at least half of the lines, and is judged on the lines it splits.
    """
    sample = [ln for ln in lines[:20] if ln.strip()]
    if not sample:
        return ";"
    best, best_score = ";", -1.0
    for sep in (";", "\t", ","):
        try:
            counts = [len(next(csv.reader([ln], delimiter=sep))) - 1 for ln in sample]
        except csv.Error:
            continue
        split = [c for c in counts if c > 0]
        if len(split) < max(1, len(counts) / 2):
            continue
        common = max(set(split), key=split.count)
        consistent = split.count(common) / len(counts)
        score = consistent * 10 + (1 if sep != "," else 0)  # prefer ';' on ties: decimal commas
        if score > best_score:
            best, best_score = sep, score
    return best


def read_delimited(path: str | Path, *, has_header: bool | None = True, sep: str | None = None,
                   comment: str | None = None) -> RawTable:
    """Read a delimited text file into a :class:`RawTable` (any of the usual encodings/separators).

    ``has_header=None`` lets the caller decide later (the first record is then kept as data).
    """
    p = check_file(path)
    text, enc = decode(p.read_bytes(), p)
    if "\x00" in text:
        fail(p, "Filen verkar inte vara en textfil (CSV). Spara den som CSV (UTF-8) eller Excel (.xlsx).")
    lines = text.splitlines()
    if comment:  # blank out leading comment lines (keeps line numbers right)
        k = 0
        while k < len(lines) and lines[k].startswith(comment):
            k += 1
        if k:
            text = "\n" * k + "\n".join(lines[k:])
            lines = lines[k:]
    separator = sep or sniff_separator(lines)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[list[str]] = []
    numbers: list[int] = []
    start = 1
    try:
        for rec in reader:
            if any(cell.strip() for cell in rec):
                rows.append([c.replace("\ufeff", "") for c in rec])
                numbers.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise csv_error(p, exc, reader.line_num) from None
    if not rows:
        fail(p, "Filen innehåller inga rader.", expected="en rubrikrad och minst en datarad")
    header = None
    if has_header:
        header = [h.strip() for h in rows.pop(0)]
        numbers.pop(0)
        _check_separator(p, header, rows, numbers, separator)
    notes = []
    if enc == "cp1252":
        notes.append("Filen var kodad som Windows-1252 (äldre Excel) och lästes om till UTF-8.")
    return RawTable(str(p), header, rows, numbers, enc, separator, notes)


_SEP_NAMES = {";": "semikolon (;)", ",": "komma (,)", "\t": "tabb", "|": "lodstreck (|)"}


def _check_separator(p: Path, header: list[str], rows: list[list[str]], numbers: list[int], sep: str) -> None:
    """One clear message for separator confusion instead of an error in every cell."""
    if not rows:
        return
    if len(header) == 1:
        others = [s for s in _SEP_NAMES if s != sep and s in header[0]]
        if others:
            fail(p, f"Rubrikraden blir en enda kolumn: fel avgränsare. Filen verkar använda {_SEP_NAMES[others[0]]} "
                    "mellan kolumnerna.", row=numbers[0] - 1, column=header[0][:40],
                 expected="semikolon (;) eller komma (,) mellan kolumnerna, samma på alla rader – spara om filen som "
                          "'CSV UTF-8 (kommaavgränsad)' eller 'CSV (semikolonavgränsad)' i Excel")
        return
    width = len(header)
    single = [n for r, n in zip(rows, numbers) if sum(bool(c.strip()) for c in r) <= 1 and len(r) == 1]
    if len(single) >= max(1, len(rows) / 2):
        fail(p, f"Fel avgränsare: rubrikraden delas med {_SEP_NAMES.get(sep, sep)} men {len(single)} av {len(rows)} "
                f"rader blir en enda kolumn (första: rad {single[0]}).", row=single[0],
             expected="samma avgränsare på alla rader")
    extra = [n for r, n in zip(rows, numbers) if len(r) > width and any(c.strip() for c in r[width:])]
    if extra:
        fail(p, f"{len(extra)} {'rad har' if len(extra) == 1 else 'rader har'} fler fält än rubrikraden ({width}), "
                f"första på rad {extra[0]}. Fel avgränsare, eller decimalkomma i en kommaseparerad fil?",
             row=extra[0], expected="lika många fält på varje rad; decimaltal med komma inom citattecken (\"59,86\") "
                                    "eller semikolon (;) som avgränsare")


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S") if (v.hour or v.minute or v.second) else v.strftime("%Y-%m-%d")
    if isinstance(v, date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, time):
        return v.strftime("%H:%M")
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, bool):
        return "Ja" if v else "Nej"
    return str(v)


def open_workbook(path: str | Path):
    """Open an .xlsx workbook read-only (values, not formulas) or raise a Swedish error."""
    p = check_file(path)
    if p.suffix.lower() == ".xls":
        fail(p, "Filen är i det gamla Excel-formatet .xls.", expected="spara om den som .xlsx eller CSV (UTF-8)")
    import openpyxl
    try:
        return openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception:  # zipfile.BadZipFile, KeyError, InvalidFileException ... (the name never reaches a user)
        fail(p, "Excel-filen kunde inte öppnas: den är skadad eller ofullständig (t.ex. avbruten nedladdning).",
             expected="en .xlsx-fil sparad från Excel eller LibreOffice; ladda ned eller spara om filen")


def sheet_rows(ws) -> list[tuple[int, list[str]]]:
    """All non-empty rows of a worksheet as (excel row number, cells as text)."""
    out = []
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v).strip() for v in row]
        if any(cells):
            out.append((i, cells))
    return out


def read_excel_table(path: str | Path, sheet: str | int | None = None) -> RawTable:
    """Read one sheet of a workbook as a :class:`RawTable`; the first non-empty row is the header."""
    wb = open_workbook(path)
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif isinstance(sheet, int):
            ws = wb.worksheets[sheet]
        else:
            if sheet not in wb.sheetnames:
                fail(path, f"Bladet '{sheet}' finns inte i arbetsboken.", expected=", ".join(wb.sheetnames))
            ws = wb[sheet]
        rows = sheet_rows(ws)
    finally:
        wb.close()
    if not rows:
        fail(path, "Excel-bladet är tomt.", expected="en rubrikrad och minst en datarad")
    # header = first row with at least two filled cells (exports often have a title row above it)
    k = next((i for i, (_, cells) in enumerate(rows[:10]) if sum(bool(c) for c in cells) >= 2), 0)
    (_, header), rest = rows[k], rows[k + 1:]
    while header and not header[-1]:
        header.pop()
    return RawTable(str(path), header, [r for _, r in rest], [n for n, _ in rest], "xlsx", None, [])


def read_table(path: str | Path, *, sheet: str | int | None = None) -> RawTable:
    """Read CSV/text or Excel by the file extension."""
    p = Path(path)
    if p.suffix.lower() in EXCEL_SUFFIXES + (".xls",):
        return read_excel_table(p, sheet)
    return read_delimited(p)


def file_label(path: str | Path | None) -> str:
    return Path(path).name if path else "indata"


def load_json(source, expected: str, file: str | None = None):
    """Parsed JSON from a path (or an already parsed object) and the file name for messages.

    A file that is not valid JSON is refused with the line number of the problem.
    """
    import json

    if isinstance(source, (dict, list)):
        return source, file
    p = check_file(source)
    text, _ = decode(p.read_bytes(), p)
    try:
        return json.loads(text), str(p)
    except json.JSONDecodeError as exc:
        raise json_error(p, exc, expected) from None
    except RecursionError:
        fail(p, "JSON-filen är för djupt nästlad för att vara ett svar från API:et.", expected=expected)
