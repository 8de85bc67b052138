"""Write the step workbook with openpyxl: build it pre-filled, or merge new problems into a filled one.

Build: one sheet per :data:`schema.SHEETS` with styled headers (help in a comment and as the cell
prompt), frozen panes, drop-down lists from a hidden sheet ``Listor`` that **refuse** off-list values
(``showErrorMessage=True``, style *stop*), id/number/date validations, ready ids in spare rows, and a
Swedish help sheet ``Hjälp`` carrying the municipality and the schema version.

Merge (:func:`merge`, in memory on a workbook the sources layer opened) never overwrites what the
coordinator wrote: it only adds new problems (matched on the step-1 key ``nyckel``, else on the
problem's name) in the first spare row or below the last row, and adds sheets or columns that are
missing. Every other cell stays as it was. The file-level steps (backup, pictures, saving in place) are
in :mod:`lagesbild_methods.workbook_cli`. :func:`save` writes atomically with fixed zip timestamps, so
the same content gives the same bytes.
"""
from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .. import registry
from ..errors import ParameterError
from . import schema as S
from .headers import header_key, locate_sheets, match_headers
from .help_text import write_help_sheet

HEADER_FILL = PatternFill("solid", start_color="1F4E79", end_color="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
SPARE_ID_FONT = Font(color="808080")
PRIVATE_FILL = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")
THIN = Side(style="thin", color="BFBFBF")
DATE_FORMAT = "yyyy-mm-dd"
SERIAL_2000, SERIAL_2100 = 36526, 73415  # 2000-01-01 and 2100-12-31 in Excel's date system
_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass
class Result:
    path: Path
    created: bool = False
    changed: bool = False
    added: list[str] = field(default_factory=list)  # ids of the problems added
    kept: list[str] = field(default_factory=list)  # step-1 keys already present
    backup: Path | None = None
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------------ building
def build(kommun: str, problems: pd.DataFrame | None = None, *, today: date | None = None,
          result: Result | None = None) -> Workbook:
    """A new workbook in memory for ``kommun``, pre-filled with ``problems`` (see PROBLEM_FRAME_COLUMNS)."""
    region = registry.get(kommun)
    today = today or date.today()
    wb = Workbook()
    wb.remove(wb.active)
    write_help_sheet(wb.create_sheet(S.HELP_SHEET), region.namn, region.kod, today)
    for sheet in S.SHEETS:
        add_sheet(wb, sheet)
    _list_sheet(wb)
    if problems is not None:
        added = add_problems(wb, problems, today, result)
        if result is not None:
            result.added = added
    wb.active = 1  # open on Problem
    wb.properties.creator = "lagesbild"
    wb.properties.title = f"Arbetsbok för brottsförebyggande arbete – {region.namn}"
    stamp = datetime(today.year, today.month, today.day)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    return wb


def add_sheet(wb: Workbook, sheet: S.Sheet):
    """Add one data sheet with headers, styles, validations and spare ids (before the list sheet)."""
    idx = wb.sheetnames.index(S.LIST_SHEET) if S.LIST_SHEET in wb.sheetnames else len(wb.sheetnames)
    ws = wb.create_sheet(sheet.name, idx)
    for j, col in enumerate(sheet.columns, 1):
        write_header(ws, sheet, col, j)
    ws.freeze_panes = "B2"
    ws.row_dimensions[1].height = 45
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}1"
    for n in range(1, sheet.spare_rows + 1):
        style_row(ws, sheet, n + 1, list(range(1, len(sheet.columns) + 1)))
        ws.cell(n + 1, 1, sheet.make_id(n)).font = SPARE_ID_FONT
    return ws


def write_header(ws, sheet: S.Sheet, col: S.Column, j: int) -> None:
    cell = ws.cell(1, j, col.header)
    cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    cell.border = Border(bottom=THIN, right=THIN)
    cell.comment = Comment(col.help, "lagesbild", width=320, height=140)
    ws.column_dimensions[get_column_letter(j)].width = col.width
    if col.key == "nyckel":
        ws.column_dimensions[get_column_letter(j)].hidden = True
    dv = validation(sheet, col, get_column_letter(j))
    if dv is not None:
        ws.add_data_validation(dv)


def style_row(ws, sheet: S.Sheet, row: int, positions: list[int]) -> None:
    for j, col in zip(positions, sheet.columns):
        if not j:
            continue
        cell = ws.cell(row, j)
        if col.kind == "date":
            cell.number_format = DATE_FORMAT
        elif col.kind == "number":
            cell.number_format = "#,##0.##"
        elif col.kind in ("text", "private"):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if col.kind == "private":
            cell.fill = PRIVATE_FILL


def _prompt(col: S.Column) -> tuple[str, str]:
    return col.header[:32], (col.help if len(col.help) <= 250 else col.help[:247] + "...")


def validation(sheet: S.Sheet, col: S.Column, letter: str) -> DataValidation | None:
    """The data validation of one column (rows 2..MAX_ROWS); lists refuse values not in the list."""
    rng = f"{letter}2:{letter}{S.MAX_ROWS}"
    title, prompt = _prompt(col)
    kw = dict(allow_blank=True, showErrorMessage=True, errorStyle="stop", showInputMessage=True,
              promptTitle=title, prompt=prompt, errorTitle="Ogiltigt värde")
    if col.kind == "list":
        names = list(S.LISTS)
        ref = f"{S.LIST_SHEET}!${get_column_letter(names.index(col.options) + 1)}$2:" \
              f"${get_column_letter(names.index(col.options) + 1)}${len(col.values) + 1}"
        dv = DataValidation(type="list", formula1=ref,
                            error="Välj ett värde i listan (pilen till höger i cellen).", **kw)
    elif col.kind == "ref":
        target = S.SHEET_BY_KEY[col.ref]
        dv = DataValidation(type="list", formula1=f"{quote_sheetname(target.name)}!$A$2:$A${S.MAX_ROWS}",
                            error=f"Välj ett id som finns på bladet {target.name}.", **kw)
    elif col.kind == "id":
        first = f"{letter}2"
        formula = (f'AND(LEFT({first},1)="{sheet.prefix}",ISNUMBER(VALUE(MID({first},2,6))),'
                   f"COUNTIF(${letter}$2:${letter}${S.MAX_ROWS},{first})=1)")
        dv = DataValidation(type="custom", formula1=formula,
                            error=f"Id ska vara {sheet.prefix} följt av ett nummer och får bara finnas en gång "
                                  "på bladet.", **kw)
    elif col.kind in ("int", "number"):
        dv = DataValidation(type="whole" if col.kind == "int" else "decimal", operator="greaterThanOrEqual",
                            formula1="0", error="Skriv ett tal som är 0 eller större.", **kw)
    elif col.kind == "date":
        dv = DataValidation(type="date", operator="between", formula1=str(SERIAL_2000), formula2=str(SERIAL_2100),
                            error="Skriv ett datum, t.ex. 2025-03-14.", **kw)
    else:  # text: only the prompt
        dv = DataValidation(type=None, allow_blank=True, showInputMessage=True, promptTitle=title, prompt=prompt)
    dv.add(rng)
    return dv


def _list_sheet(wb: Workbook) -> None:
    ws = wb.create_sheet(S.LIST_SHEET)
    for j, (name, values) in enumerate(S.LISTS.items(), 1):
        ws.cell(1, j, name).font = Font(bold=True)
        for i, v in enumerate(values, 2):
            ws.cell(i, j, v)
        ws.column_dimensions[get_column_letter(j)].width = 30
    ws.sheet_state = "hidden"


# ------------------------------------------------------------------------------------------ problems
def _problem_frame(problems: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("nyckel", "problem") if c not in problems.columns]
    if missing:
        raise ParameterError("Problemlistan från steg 1 saknar kolumnerna " + ", ".join(missing) + ".")
    df = problems.copy()
    for c in S.PROBLEM_FRAME_COLUMNS:
        if c not in df.columns:
            df[c] = None
    return df.sort_values("prioritet", kind="stable", na_position="last") if df["prioritet"].notna().any() else df


def _sheet_positions(ws, sheet: S.Sheet) -> dict[str, int]:
    return {k: j + 1 for k, j in match_headers([c.value for c in ws[1]], sheet).items()}


def add_problems(wb: Workbook, problems: pd.DataFrame, today: date, result: Result | None = None,
                 sheet_name: str = S.PROBLEM.name) -> list[str]:
    """Add the problems not yet in the Problem sheet; never change a filled cell. Returns the new ids."""
    ws = wb[sheet_name]
    pos = _sheet_positions(ws, S.PROBLEM)
    id_col = pos.get("id", 1)
    keys, names, used, spare, last_content = set(), set(), set(), [], 1
    for i, row in enumerate(ws.iter_rows(min_row=2, values_only=True), 2):
        ident = S.normalise_id(row[id_col - 1]) if id_col - 1 < len(row) else None
        if ident:
            used.add(ident)
        if not any(v not in (None, "") for j, v in enumerate(row, 1) if j != id_col):
            if ident:
                spare.append((i, ident))
            continue
        last_content = i
        val = {k: (row[j - 1] if j - 1 < len(row) else None) for k, j in pos.items()}
        keys.add(str(val.get("nyckel") or "").strip().lower())
        names.add(str(val.get("problem") or "").strip().lower())
    spare = [(i, ident) for i, ident in spare if i > last_content]
    added = []
    for _, p in _problem_frame(problems).iterrows():
        key, name = str(p["nyckel"]).strip().lower(), str(p["problem"]).strip().lower()
        if key in keys or name in names:
            if result is not None:
                result.kept.append(str(p["nyckel"]))
            continue
        if spare:
            row, ident = spare.pop(0)
        else:
            row = max(ws.max_row, last_content) + 1
            ident = S.PROBLEM.make_id(max([S.id_number(u) for u in used] + [0]) + 1)
            ws.cell(row, id_col, ident)
            style_row(ws, S.PROBLEM, row, [pos.get(c.key, 0) for c in S.PROBLEM.columns])
        used.add(ident)
        values = {"problem": p["problem"], "kategori": p.get("kategori"), "omrade": p.get("omrade"),
                  "prioritet": p.get("prioritet"), "status": "Prioriterat", "underlag": p.get("underlag"),
                  "motivering": p.get("motivering"), "nyckel": p["nyckel"], "tillagd": today}
        for k, v in values.items():
            if k in pos and v is not None and not (isinstance(v, float) and pd.isna(v)):
                ws.cell(row, pos[k], int(v) if k == "prioritet" else v)
        keys.add(key)
        names.add(name)
        last_content = row
        added.append(ident)
    return added


# ------------------------------------------------------------------------------------------ saving
def save(wb: Workbook, path: Path) -> Path:
    """Save atomically with fixed zip timestamps (same content -> same bytes)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    stamp = wb.properties.modified  # openpyxl overwrites it with 'now' while saving
    wb.save(buf)
    wb.properties.modified = stamp
    data = normalise_zip(buf.getvalue(), stamp)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def normalise_zip(data: bytes, modified: datetime | None) -> bytes:
    """Rewrite an .xlsx with fixed entry times and the given 'modified' stamp (openpyxl uses 'now')."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml" and modified is not None:
                stamp = modified.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", body)
            zi = zipfile.ZipInfo(info.filename, _FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def default_path(kommun: str, folder: Path | str = ".") -> Path:
    """``<folder>/arbetsbok_<kod>_<name without å/ä/ö>.xlsx`` (no user text can form a path)."""
    r = registry.get(kommun)
    return Path(folder) / f"arbetsbok_{r.kod}_{header_key(r.namn)}.xlsx"


def merge(wb: Workbook, problems: pd.DataFrame, kommun: str | None = None, *, today: date | None = None) -> Result:
    """Merge new problems (and missing sheets, columns, lists, help) into an opened workbook, in memory.

    ``kommun`` is needed only when the help sheet is missing and has to be written again.
    ``Result.changed`` says whether anything was added; nothing already in the workbook is modified.
    """
    today = today or date.today()
    result = Result(Path("."))
    where = locate_sheets(wb.sheetnames, lambda n: [tuple(c.value for c in r) for r in wb[n].iter_rows(max_row=6)])
    for sheet in S.SHEETS:
        if sheet.key not in where:
            add_sheet(wb, sheet)
            where[sheet.key] = sheet.name
            result.notes.append(f"Bladet {sheet.name} saknades och har lagts till.")
        ws = wb[where[sheet.key]]
        pos = _sheet_positions(ws, sheet)
        for col in sheet.columns:
            if col.key not in pos:
                write_header(ws, sheet, col, max(ws.max_column, 1) + 1)
                result.notes.append(f"Kolumnen '{col.header}' saknades på bladet {ws.title} och har lagts till.")
    if S.LIST_SHEET not in wb.sheetnames:
        _list_sheet(wb)
    if S.HELP_SHEET not in wb.sheetnames:
        if kommun is None:
            raise ParameterError(f"Bladet {S.HELP_SHEET} saknas och kommunen är okänd.")
        region = registry.get(kommun)
        write_help_sheet(wb.create_sheet(S.HELP_SHEET, 0), region.namn, region.kod, today)
        result.notes.append(f"Bladet {S.HELP_SHEET} saknades och har lagts till.")
    result.added = add_problems(wb, problems, today, result, where["problem"])
    result.changed = bool(result.added or result.notes)
    return result


def put_rows(wb: Workbook, sheet: S.Sheet, records: list[dict], spare: int | None = None) -> None:
    """Write ``records`` (schema keys -> values, with ``id``) from row 2 of a *new* workbook's sheet,
    followed by ``spare`` rows with ready ids (default: the sheet's ``spare_rows``). Used by the
    practice-workbook generator; never used on a coordinator's file."""
    ws = wb[sheet.name]
    spare = sheet.spare_rows if spare is None else spare
    for row in range(2, ws.max_row + 1):  # clear the ready ids of the fresh sheet
        ws.cell(row, 1).value = None
    positions = list(range(1, len(sheet.columns) + 1))
    for i, rec in enumerate(records, 2):
        style_row(ws, sheet, i, positions)
        for j, col in enumerate(sheet.columns, 1):
            v = rec.get(col.key)
            if v is not None and not (isinstance(v, float) and pd.isna(v)):
                ws.cell(i, j, v.date() if isinstance(v, pd.Timestamp) else v)
    last = max([S.id_number(r["id"]) or 0 for r in records] + [0])
    for k in range(1, spare + 1):
        row = len(records) + 1 + k
        style_row(ws, sheet, row, positions)
        ws.cell(row, 1, sheet.make_id(last + k)).font = SPARE_ID_FONT
