"""Readers for the package's own tidy CSV files: crime statistics and population.

Format (see docs/DATA_SOURCES.md): comma- or semicolon-separated, header
``kommunkod,ar,brottstyp,antal,kalla`` resp. ``kommunkod,ar,folkmangd,kalla``; kommunkod as text
with leading zero. A kommunkod that lost its leading zero in Excel ('305') is restored ('0305').
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import columns as C
from .. import paths
from .common import Problems, parse_integers, read_table, rename_columns
from .schemas import contract_problems


def _restore_code(s: pd.Series) -> pd.Series:
    """'305' -> '0305', '3' -> '03', '0' -> '00' (Excel drops leading zeros of numeric-looking text)."""
    s = s.str.strip()
    digits = s.str.fullmatch(r"\d+").fillna(False)
    fix3 = digits & (s.str.len() == 3)
    fix1 = digits & (s.str.len() == 1)
    s = s.mask(fix3, "0" + s).mask(fix1, "0" + s)
    return s


_CACHE: dict[tuple, pd.DataFrame] = {}
_CACHE_MAX = 8


def _read_tidy(path: Path, kind: str, value_col: str, cols: list[str], strict_codes: bool) -> pd.DataFrame:
    """Validated frame for a tidy file; a warm kernel that makes one report per municipality reads
    the shared county-wide files once (cache keyed by path, size and modification time, copies out)."""
    p = Path(path)
    try:
        st = p.stat()
        key = (str(p.resolve()), st.st_size, st.st_mtime_ns, kind, strict_codes)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key].copy()
    out = _read_tidy_uncached(p, kind, value_col, cols, strict_codes)
    if key is not None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = out
        out = out.copy()
    return out


def _read_tidy_uncached(path: Path, kind: str, value_col: str, cols: list[str], strict_codes: bool) -> pd.DataFrame:
    raw = read_table(path)
    df = rename_columns(raw.frame(), {})
    problems = Problems(path)
    missing = [c for c in cols if c not in df.columns]
    for c in missing:
        problems.add("Kolumnen saknas i rubrikraden.", 1, c, None, "rubriken " + ",".join(cols))
    problems.raise_if_any()
    out = pd.DataFrame(index=df.index)
    out[C.KOMMUNKOD] = _restore_code(df[C.KOMMUNKOD]).astype("str")
    year, bad = parse_integers(df[C.AR])
    problems.add_rows(bad | df[C.AR].isna(), df[C.AR], "Året är inte ett heltal.", C.AR, "ett årtal, t.ex. 2024")
    out[C.AR] = year.fillna(0).astype("int64")
    if kind == "brott":
        out[C.BROTTSTYP] = df[C.BROTTSTYP].astype("str")
    vals, bad = parse_integers(df[value_col])
    problems.add_rows(bad, df[value_col], "Värdet är inte ett heltal.", value_col, "ett heltal, t.ex. 2 537")
    if kind == "brott":
        out[C.ANTAL] = vals
    else:
        problems.add_rows(df[value_col].isna(), df[value_col], "Folkmängd saknas.", value_col, "ett heltal")
        out[C.FOLKMANGD] = vals.fillna(1).astype("int64")
    kalla = df[C.KALLA].fillna(Path(path).name)
    out[C.KALLA] = kalla.astype("str")
    problems.extend(contract_problems(out.drop(index=problems.rows), kind, path, strict_codes=strict_codes))
    problems.raise_if_any()
    return out.reset_index(drop=True)


def read_crime_csv(path: str | Path | None = None, *, strict_codes: bool = True) -> pd.DataFrame:
    """Read a tidy crime-statistics CSV (default: the bundled ``anmalda_brott.csv``).

    Returns the crime contract ``kommunkod, ar, brottstyp, antal (Int64), kalla``. ``strict_codes``
    rejects codes outside the registry (8 kommuner, '03', '00', kommungrupp 'KG-..').
    """
    p = Path(path) if path is not None else paths.CRIME_FILE
    return _read_tidy(p, "brott", C.ANTAL, C.CRIME_COLUMNS, strict_codes)


def read_population_csv(path: str | Path | None = None, *, strict_codes: bool = True) -> pd.DataFrame:
    """Read a tidy population CSV (default: the bundled ``folkmangd.csv``).

    Returns the population contract ``kommunkod, ar, folkmangd (int64), kalla``.
    """
    p = Path(path) if path is not None else paths.POPULATION_FILE
    return _read_tidy(p, "folkmangd", C.FOLKMANGD, C.POPULATION_COLUMNS, strict_codes)


def read_harm_weights(path: str | Path) -> pd.DataFrame:
    """Read the municipality's own harm weights: columns ``kategori`` (code or Swedish label of an
    incident category) and ``vikt`` (a number >= 0, decimal comma allowed).

    No weights ship with the package as official (there is no published Swedish table); the file is
    the municipality's own judgement and the report says so. Returns ``kategori`` (code), ``vikt``.
    Refused: weights that are negative, zero, not numbers or infinite; a category given twice.
    """
    from .common import parse_numbers
    from .register import default_category_mapping

    raw = read_table(path)
    df = rename_columns(raw.frame(), {})
    problems = Problems(path)
    for c in (C.KATEGORI, "vikt"):
        if c not in df.columns:
            problems.add("Kolumnen saknas i rubrikraden.", 1, c, None, "rubriken kategori;vikt")
    problems.raise_if_any()
    mapping = default_category_mapping()
    codes = df[C.KATEGORI].astype("str").str.strip().str.lower().map(mapping)
    problems.add_rows(codes.isna(), df[C.KATEGORI], "Okänd händelsekategori.", C.KATEGORI,
                      "en av: " + ", ".join(C.INCIDENT_KATEGORIER.values()))
    vals, bad = parse_numbers(df["vikt"])
    problems.add_rows(bad, df["vikt"], "Vikten är inte ett tal.", "vikt", "ett tal större än 0, t.ex. 2,5")
    problems.add_rows(df["vikt"].isna(), df["vikt"], "Vikt saknas.", "vikt", "ett tal större än 0, t.ex. 2,5")
    problems.add_rows(vals < 0, df["vikt"], "Vikten är negativ.", "vikt", "ett tal större än 0, t.ex. 2,5")
    problems.add_rows(vals == 0, df["vikt"], "Vikten är noll.", "vikt",
                      "ett tal större än 0 (ta bort raden om kategorin inte ska vägas in)")
    first_row = {}
    for row, code in codes.dropna().items():
        first_row.setdefault(code, row)
    dup = codes.duplicated(keep="first") & codes.notna()
    for row in codes.index[dup]:
        problems.add(f"Kategorin finns redan på rad {first_row[codes[row]]}.", int(row), C.KATEGORI,
                     df.at[row, C.KATEGORI], "varje kategori en gång")
    problems.raise_if_any()
    return pd.DataFrame({C.KATEGORI: codes.astype("str"), "vikt": vals.astype(float)}).reset_index(drop=True)
