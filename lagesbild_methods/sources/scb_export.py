"""SCB population tables saved from Statistikdatabasen's web table (CSV or Excel) -> population contract.

What the web table writes (and what SCB users' scripts read back): an optional quoted title line and a blank
line above the header; a ``region`` column whose cells carry the code and the name (``"0380 Uppsala"``,
``"00 Riket"``, ``"03 Uppsala län"``); optional dimension columns (``civilstånd``, ``ålder`` with ``totalt
ålder``, ``kön`` with ``män``/``kvinnor``); then either one column per year (``2017``, or ``Folkmängd 2017``
when the content is named) or, in the long layout, a ``år`` column and a value column. CSV is comma- or
semicolon-separated, ISO-8859-1 (older exports) or UTF-8; Excel has the title in row 1 and may end with
footnote rows ("Källa: SCB", "Senast uppdaterad …"). Missing values are ``..``.

Dimensions other than region and year are summed, except that rows marked as totals ("totalt …", "tot")
are used alone when present, so that nothing is counted twice.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import columns as C
from .common import (EXCEL_SUFFIXES, Problems, ascii_key, fail, open_workbook, parse_numbers, read_delimited,
                     region_code, sheet_rows)
from .schemas import contract_problems

KALLA = "SCB, Folkmängd 31 december (Statistikdatabasen, export)"
REGION_KEYS = ("region", "kommun", "lan", "omrade", "region_kod")
YEAR_KEYS = ("ar", "tid", "year")
_CODE_NAME = re.compile(r"^\s*(\d{2}|\d{4})(?:\s+(.*))?$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_TOTAL = re.compile(r"^(totalt?\b.*|tot|samtliga.*|alla.*)$", re.IGNORECASE)


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    if path.suffix.lower() in EXCEL_SUFFIXES + (".xls",):
        wb = open_workbook(path)
        try:
            return sheet_rows(wb.worksheets[0])
        finally:
            wb.close()
    raw = read_delimited(path, has_header=None)
    return [(n, [c.strip() for c in r]) for n, r in zip(raw.line_numbers, raw.rows)]


def header_index(rows: list[tuple[int, list[str]]]) -> int | None:
    """Position of the header row: the first of the first 15 rows with a region column and years."""
    for i, (_, cells) in enumerate(rows[:15]):
        keys = [ascii_key(c) for c in cells]
        if any(k in REGION_KEYS for k in keys) and (any(_YEAR.search(c) for c in cells)
                                                    or any(k in YEAR_KEYS for k in keys)):
            return i
    return None


def looks_like_export(rows: list[list[str]]) -> bool:
    """For detection: a header as above followed by a row whose region cell is 'code name'."""
    pairs = list(enumerate(rows))
    k = header_index([(i, r) for i, r in pairs])
    if k is None or k + 1 >= len(rows):
        return False
    keys = [ascii_key(c) for c in rows[k]]
    j = next(i for i, key in enumerate(keys) if key in REGION_KEYS)
    return any(len(r) > j and _CODE_NAME.match(r[j] or "") for r in rows[k + 1:k + 6])


def _code(cell: str | None) -> str | None:
    if not cell:
        return None
    m = _CODE_NAME.match(cell)
    if m:
        return m.group(1)
    return region_code(cell)


def read_scb_table(path: str | Path, *, innehall: str = "folkm") -> pd.DataFrame:
    """Read an SCB web-table export (CSV or xlsx) of population into ``kommunkod, ar, folkmangd, kalla``."""
    p = Path(path)
    rows = _rows(p)
    problems = Problems(p)
    k = header_index(rows)
    if k is None:
        fail(p, "Hittar ingen rubrikrad med kolumnen 'region' och årtal.",
             expected="en tabell från SCB:s Statistikdatabas med region och år (t.ex. 'region;2023;2024')")
    hrow, header = rows[k]
    keys = [ascii_key(c) for c in header]
    reg = next(i for i, key in enumerate(keys) if key in REGION_KEYS)
    year_cols = [(i, int(_YEAR.search(h).group(1))) for i, h in enumerate(header) if i != reg and _YEAR.search(h)]
    if year_cols and any(innehall in ascii_key(header[i]).replace("_", "") for i, _ in year_cols):
        year_cols = [(i, y) for i, y in year_cols if innehall in ascii_key(header[i]).replace("_", "")]
    long_year = next((i for i, key in enumerate(keys) if key in YEAR_KEYS), None)
    data = [(n, r + [""] * (len(header) - len(r))) for n, r in rows[k + 1:]
            if sum(bool(c) for c in r) >= 2]  # footnotes ("Källa: SCB") have one filled cell
    if not data:
        fail(p, "Tabellen har ingen datarad under rubrikraden.", row=hrow, expected="en rad per region och år")
    recs = []
    if year_cols:
        dims = [i for i in range(len(header)) if i != reg and i not in dict(year_cols) and header[i]]
        for n, r in data:
            for i, y in year_cols:
                recs.append((n, header[i], r[reg], y, r[i], tuple(r[d] for d in dims)))
    elif long_year is not None:
        value = max(i for i in range(len(header)) if i not in (reg, long_year))
        dims = [i for i in range(len(header)) if i not in (reg, long_year, value) and header[i]]
        for n, r in data:
            y = _YEAR.search(r[long_year] or "")
            recs.append((n, header[value], r[reg], int(y.group(1)) if y else None, r[value],
                         tuple(r[d] for d in dims)))
            if y is None:
                problems.add("Året är inte ett årtal.", n, header[long_year], r[long_year], "ett årtal, t.ex. 2024")
    long = pd.DataFrame(recs, columns=["rad", "kolumn", "region", C.AR, "cell", "dims"])
    codes = long["region"].map(_code)
    problems.add_rows(pd.Series(codes.isna().to_numpy(), index=long["rad"]), pd.Series(long["region"].to_numpy(),
                      index=long["rad"]), "Okänd region.", header[reg], "kod och namn som '0380 Uppsala'")
    vals, bad = parse_numbers(long["cell"])
    for i in long.index[bad | long["cell"].isin(["..", "."]) | long["cell"].isna()]:
        problems.add("Folkmängden saknas eller är inte ett tal.", int(long.at[i, "rad"]), long.at[i, "kolumn"],
                     long.at[i, "cell"], "ett heltal (SCB skriver '..' när uppgiften saknas)")
    problems.raise_if_any()
    long[C.KOMMUNKOD] = codes
    long["v"] = vals
    # dimensions: keep the total rows of a dimension when there are any, else sum over it
    n_dims = len(long["dims"].iloc[0]) if len(long) else 0
    for d in range(n_dims):
        col = long["dims"].str[d].fillna("")
        is_total = col.str.match(_TOTAL)
        if is_total.any():
            long = long[is_total.to_numpy()]
    agg = long.groupby([C.KOMMUNKOD, C.AR], sort=True)["v"].sum().reset_index()
    out = pd.DataFrame({C.KOMMUNKOD: agg[C.KOMMUNKOD].astype("str"), C.AR: agg[C.AR].astype("int64"),
                        C.FOLKMANGD: agg["v"].round().astype("int64"), C.KALLA: f"{KALLA} ({p.name})"})
    out[C.KALLA] = out[C.KALLA].astype("str")
    problems.extend(contract_problems(out, "folkmangd", p, index_is_row=False, strict_codes=False))
    problems.raise_if_any()
    return out
