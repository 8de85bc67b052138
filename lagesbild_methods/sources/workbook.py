"""Reader for the step workbook (arbetsbok): one tidy frame per sheet, plus findings and links.

The workbook is defined in :mod:`lagesbild_methods.workbook.schema`. The reader accepts what Excel and
LibreOffice leave behind: sheets in another order or renamed (found by their headers), extra blank
rows, dates as serial numbers or text, numbers as text with a decimal comma, formulas without cached
values (simple arithmetic is evaluated), headers with another case or without å/ä/ö.

* Problems with a cell (a value off the drop-down list, a date that is not a date, a missing or
  duplicate id) and broken links or gaps in the chain are **findings** (``Arbetsbok.fynd``): Swedish
  messages naming sheet, row and column. The row is kept; the bad cell is left empty; a row without a
  valid id gets a provisional id ``<prefix>-rad<row>``. ``strict=True`` raises them as an
  :class:`~lagesbild_methods.errors.InputDataError` instead.
* A file that is not a workbook, or a workbook with none of the sheets, raises ``InputDataError``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputDataError, Problem
from ..workbook import schema as S
from ..workbook.links import FEL, VARNING, Finding, chain, findings_frame, links_and_findings
from . import workbook_cells as cells
from ..workbook.headers import find_header, header_key, locate_sheets
from .common import check_file, fail

META_LABELS = {"kommun": "Kommun", "kommunkod": "Kommunkod", "schemaversion": "Schemaversion"}


@dataclass(frozen=True)
class SheetProblem(Problem):
    """A :class:`Problem` that also names the sheet ('fil x.xlsx, blad Orsaker, rad 5, kolumn ...')."""

    sheet: str | None = None

    def __str__(self) -> str:
        where = [f"fil {Path(self.file).name}"] if self.file else []
        if self.sheet:
            where.append(f"blad {self.sheet}")
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column:
            where.append(f"kolumn '{self.column}'")
        text = self.message + (f" Hittade: '{self.value}'." if self.value is not None else "")
        return (", ".join(where) + ": " + text) if where else text


@dataclass
class Arbetsbok:
    """A read workbook: ``blad[key]`` tidy frames (schema keys + ``rad``), findings, links, metadata."""

    fil: str
    kommunkod: str | None
    kommun: str | None
    schemaversion: int | None
    blad: dict[str, pd.DataFrame]
    fynd: pd.DataFrame
    lankar: pd.DataFrame
    saknade_blad: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> pd.DataFrame:
        return self.blad[key]

    problem = property(lambda self: self.blad["problem"])
    orsaker = property(lambda self: self.blad["orsaker"])
    atgarder = property(lambda self: self.blad["atgarder"])
    aktiviteter = property(lambda self: self.blad["aktiviteter"])
    indikatorer = property(lambda self: self.blad["indikatorer"])
    medborgarloften = property(lambda self: self.blad["medborgarloften"])

    @property
    def fel(self) -> pd.DataFrame:
        return self.fynd[self.fynd["allvarlighet"] == FEL]

    def kedja(self) -> pd.DataFrame:
        """Problem -> orsak -> åtgärd -> indikator, one row per path (gaps as missing values)."""
        return chain(self.blad, self.lankar)


# ------------------------------------------------------------------------------------------ opening
def _check(path) -> Path:
    """The file checks, with the workbook's own advice for a workbook saved in another format (a workbook
    has several sheets, so CSV is no way out)."""
    path = Path(path)
    if path.suffix.lower() in (".xls", ".ods", ".csv") and path.is_file():
        fail(path, f"Arbetsboken ska vara en Excel-fil (.xlsx), inte {path.suffix}.",
             expected="öppna filen och spara den som Excel-arbetsbok (.xlsx): i LibreOffice Arkiv > Spara som, "
                      "filtyp Excel 2007-365 (.xlsx)")
    return check_file(path)


def _load(path: Path, data_only: bool, read_only: bool = True):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=data_only)
    except Exception:  # noqa: BLE001 - zipfile.BadZipFile, KeyError, InvalidFileException ... (no English reaches a user)
        fail(path, "Arbetsboken kunde inte öppnas. Är den skadad eller inte en .xlsx-fil?",
             expected="en .xlsx-fil sparad från Excel eller LibreOffice")


def open_for_update(path: str | Path):
    """The workbook opened for editing (all sheets, styles and validations kept) for the writer's merge."""
    p = _check(path)
    return _load(p, data_only=False, read_only=False)


def _rows(ws) -> list[tuple]:
    ws.reset_dimensions()  # do not trust the stored dimension (some writers get it wrong)
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def has_drawings(path: str | Path) -> bool:
    """Does the file hold pictures, charts, shapes or pivot tables (which openpyxl would drop on saving)?
    Comment boxes and the empty drawing parts LibreOffice writes do not count."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.startswith(("xl/media/", "xl/charts/", "xl/pivot", "xl/embeddings/")):
                return True
            if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n) and b"Anchor" in z.read(n):
                return True
    return False


# ------------------------------------------------------------------------------------------ reading
def read_workbook(path: str | Path, *, strict: bool = False) -> Arbetsbok:
    """Read a step workbook into tidy frames; findings instead of failures (see module docstring)."""
    p = _check(path)
    values = _load(p, data_only=True)
    formulas = _load(p, data_only=False)
    try:
        cache: dict[tuple[str, bool], list[tuple]] = {}

        def rows_of(name, formula=False):
            if (name, formula) not in cache:
                cache[(name, formula)] = _rows((formulas if formula else values)[name])
            return cache[(name, formula)]

        names = list(values.sheetnames)
        where = locate_sheets(names, rows_of)
        if not where:
            fail(p, "Filen är ingen arbetsbok för lägesbilden: inget av bladen "
                 + ", ".join(s.name for s in S.SHEETS) + " hittades.",
                 expected="en arbetsbok skapad med 'lagesbild arbetsbok'")
        help_names = [n for n in names if header_key(n) == header_key(S.HELP_SHEET)]
        meta = _meta(rows_of(help_names[0])) if help_names else {}
        findings: list[Finding] = []
        frames, missing = {}, []
        for s in S.SHEETS:
            if s.key not in where:
                missing.append(s.name)
                findings.append(Finding(s.name, None, None, None, "blad", VARNING,
                                        f"Bladet {s.name} saknas i arbetsboken; det räknas som tomt."))
                frames[s.key] = _empty(s)
                continue
            name = where[s.key]
            frames[s.key] = _read_sheet(s, name, rows_of(name), rows_of(name, True), findings)
    finally:
        values.close()
        formulas.close()
    links, link_findings = links_and_findings(frames)
    findings.extend(link_findings)
    book = Arbetsbok(str(p), meta.get("kommunkod"), meta.get("kommun"), meta.get("schemaversion"), frames,
                     findings_frame(findings), links, missing)
    if strict and not book.fel.empty:
        probs = [SheetProblem(f.meddelande, str(p), f.rad, f.kolumn, f.varde, None, f.blad)
                 for f in findings if f.allvarlighet == FEL]
        raise InputDataError(p, probs, f"Arbetsboken {p.name} har {len(probs)} fel som måste rättas.")
    return book


def _meta(rows: list[tuple]) -> dict:
    out: dict = {}
    labels = {header_key(v): k for k, v in META_LABELS.items()}
    for row in rows[:40]:
        if len(row) >= 2 and row[0] is not None and header_key(str(row[0])) in labels:
            out[labels[header_key(str(row[0]))]] = cells.text_of(row[1])
    if out.get("kommunkod"):
        out["kommunkod"] = out["kommunkod"].zfill(4)
    if out.get("schemaversion"):
        num, _ = cells.parse_number(out["schemaversion"])
        out["schemaversion"] = int(num) if num is not None else None
    return out


def _empty(s: S.Sheet) -> pd.DataFrame:
    df = pd.DataFrame({c.key: pd.Series(dtype=_dtype(c)) for c in s.columns})
    df["rad"] = pd.Series(dtype="Int64")
    return df


def _dtype(c: S.Column) -> str:
    return {"int": "Int64", "number": "float64", "date": "datetime64[ns]"}.get(c.kind, "object")


def _read_sheet(s: S.Sheet, name: str, rows: list[tuple], frows: list[tuple], findings: list[Finding]) -> pd.DataFrame:
    hit = find_header(rows, s)
    if hit is None:
        findings.append(Finding(s.name, 1, "Id", None, "blad", FEL,
                                f"Bladet {name} har ingen rubrikrad med kolumnen Id; bladet räknas som tomt."))
        return _empty(s)
    hrow, pos = hit
    for c in s.columns:
        if c.key not in pos:
            findings.append(Finding(s.name, hrow + 1, c.header, None, "blad", FEL if c.required else VARNING,
                                    f"Kolumnen '{c.header}' saknas på bladet {name}; den räknas som tom."))
    records, seen = [], {}
    for i in range(hrow + 1, len(rows)):
        excel_row = i + 1
        raw = {c.key: _cell(rows[i], frows[i] if i < len(frows) else (), pos.get(c.key)) for c in s.columns}
        if all(v is None for k, v in raw.items() if k != "id"):
            continue  # blank or a spare row with a ready id
        rec = {"rad": excel_row}
        for c in s.columns:
            rec[c.key] = _parse(s, c, raw[c.key], excel_row, findings)
        rec["id"] = _check_id(s, rec["id"], raw["id"], excel_row, seen, findings)
        records.append(rec)
    if not records:
        return _empty(s)
    df = pd.DataFrame(records, columns=s.keys + ["rad"])
    for c in s.columns:
        df[c.key] = df[c.key].astype(_dtype(c)) if c.kind != "date" else pd.to_datetime(df[c.key])
    df["rad"] = df["rad"].astype("Int64")
    return df


def _cell(row: tuple, frow: tuple, j: int | None):
    """The value of one cell: cached value, else the formula (to evaluate or report)."""
    if j is None:
        return None
    v = row[j] if j < len(row) else None
    if v is None and j < len(frow) and cells.is_formula(frow[j]):
        return _Formula(frow[j])
    if isinstance(v, str) and not v.strip():
        return None
    return v


@dataclass(frozen=True)
class _Formula:
    text: str


def _parse(s: S.Sheet, c: S.Column, v, row: int, findings: list[Finding]):
    def bad(expected: str, value=v, typ="cell"):
        findings.append(Finding(s.name, row, c.header, None, typ, FEL,
                                f"Värdet kunde inte tolkas; cellen räknas som tom. Förväntat: {expected}.",
                                cells.text_of(value)))
        return None

    if isinstance(v, _Formula):
        num = cells.eval_arithmetic(v.text)
        if num is None or c.kind not in ("int", "number"):
            findings.append(Finding(s.name, row, c.header, None, "formel", VARNING,
                                    "Cellen har en formel utan sparat värde; öppna och spara filen i Excel eller "
                                    "LibreOffice så att värdet räknas ut. Cellen räknas som tom.", v.text))
            return None
        v = num
    if v is None or c.kind == "id":
        return v
    if c.kind in ("text", "private"):
        return cells.text_of(v)
    if c.kind in ("number", "int"):
        num, err = cells.parse_number(v)
        if err:
            return bad(cells.NUMBER_EXPECTED)
        if num is not None and num < 0:
            return bad("ett tal som är 0 eller större")
        if c.kind == "int" and num is not None:
            if not float(num).is_integer():
                return bad("ett heltal, t.ex. 2")
            return int(num)
        return num
    if c.kind == "date":
        ts, err = cells.parse_date(v)
        return bad(err) if err else ts
    if c.kind == "list":
        return _list_value(c, v) or bad("ett av värdena i listan: " + _short_list(c))
    if c.kind in ("ref", "refs"):
        prefix = S.SHEET_BY_KEY[c.ref].prefix
        parts = S.split_refs(cells.text_of(v))
        good = [x for x in parts if S.normalise_id(x) and x[0] == prefix]
        if len(good) != len(parts):
            bad(f"id från bladet {S.SHEET_BY_KEY[c.ref].name}, t.ex. {prefix}1" + (" (flera skiljs med komma)"
                if c.kind == "refs" else ""), typ="lank")
        if c.kind == "ref" and len(good) > 1:
            bad(f"ett enda id, t.ex. {prefix}1", typ="lank")
            good = good[:1]
        return ", ".join(good) or None
    return v


def _list_value(c: S.Column, v) -> str | None:
    t = cells.text_of(v)
    if t is None:
        return None
    allowed = c.values
    if t in allowed:
        return t
    key = header_key(t)
    for a in allowed:
        if header_key(a) == key:
            return a
    if c.options == "teknik":  # '7' or the technique without its number
        for a in allowed:
            num, _, name = a.partition(" ")
            if key in (num, header_key(name)):
                return a
    return None


def _short_list(c: S.Column) -> str:
    vals = c.values
    return ", ".join(vals) if len(vals) <= 8 else ", ".join(vals[:6]) + f" … ({len(vals)} val, se bladet Hjälp)"


def _check_id(s: S.Sheet, value, raw, row: int, seen: dict[str, int], findings: list[Finding]) -> str:
    ident = S.normalise_id(cells.text_of(value)) if value is not None else None
    if ident is None or ident[0] != s.prefix:
        tmp = f"{s.prefix}-rad{row}"
        what = "saknar id" if value is None else "har ett id som inte följer formatet"
        findings.append(Finding(s.name, row, "Id", tmp, "id", FEL,
                                f"Raden {what} ({s.prefix} + nummer, t.ex. {s.prefix}{row - 1}); tillfälligt id {tmp} "
                                "används tills ett riktigt id skrivs in.", cells.text_of(raw)))
        return tmp
    if ident in seen:
        tmp = f"{ident}-rad{row}"
        findings.append(Finding(s.name, row, "Id", tmp, "id", FEL,
                                f"Id {ident} finns redan på rad {seen[ident]}; raden får det tillfälliga id:t {tmp}. "
                                "Ge raden ett eget id.", ident))
        return tmp
    seen[ident] = row
    return ident


# ------------------------------------------------------------------------------------------ registry
def _detect(sniff) -> int:
    """A workbook with the sheets Problem and Orsaker (or three of the workbook's sheets) is an arbetsbok."""
    names = {header_key(n) for n in sniff.sheetnames}
    ours = {header_key(s.name) for s in S.SHEETS}
    return 40 if {"problem", "orsaker"} <= names or len(names & ours) >= 3 else 0


def _read_for_registry(path: Path, opts: dict) -> pd.DataFrame:
    """The chain (one row per path problem -> orsak -> åtgärd -> indikator) with ``kommunkod``; the findings
    as ``attrs['varningar']``. Steps that need every sheet call :func:`read_workbook` directly."""
    book = read_workbook(path)
    out = book.kedja()
    out.insert(0, "kommunkod", book.kommunkod or opts.get("kommunkod"))
    out.attrs["varningar"] = [
        f"blad {f['blad']}" + (f", rad {int(f['rad'])}" if pd.notna(f["rad"]) else "") + f": {f['meddelande']}"
        for _, f in book.fynd.iterrows()]
    counts = {s.name: len(book.blad[s.key]) for s in S.SHEETS}
    out.attrs["anteckningar"] = [f"Bladet {name}: {n} {'rad' if n == 1 else 'rader'}." for name, n in counts.items()]
    return out


def register() -> None:
    """Register the step workbook as an input kind (contract ``arbetsbok``, parameter ``arbetsbok_fil``)."""
    from .kinds import Kind, register_contract, register_kind

    register_contract("arbetsbok", "kommunens arbetsbok för steg 2–5 (Excel, skapad med 'lagesbild arbetsbok')",
                      ("kommunkod", "problem", "orsak", "atgard", "indikator"), param="arbetsbok_fil")
    register_kind(Kind("arbetsbok", "arbetsbok för orsaksanalys, åtgärdsplan och uppföljning (Excel)",
                       {"arbetsbok": _read_for_registry}, _detect, (".xlsx", ".xlsm"),
                       anvisning="skapad med 'lagesbild arbetsbok --kommun NAMN'"), replace=True)


register()
