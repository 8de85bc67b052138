"""One pandera schema per data contract, with Swedish messages.

Schemas are checked with ``lazy=True`` so every failure of a file is collected. Failures are turned
into :class:`~lagesbild_methods.errors.Problem` objects that name the file, the row a user sees in
Excel/a text editor (the frame index when it comes from a reader; otherwise position + 2, header = 1),
the column, the value found and what was expected.

Contracts (column names in :mod:`lagesbild_methods.columns`):

* ``brott``      kommunkod, ar, brottstyp, antal, kalla
* ``folkmangd``  kommunkod, ar, folkmangd, kalla
* ``handelser``  id, tidpunkt, tidpunkt_till, kategori, kommunkod, plats, omrade, x, y, organisation,
  allvarlighet, polisanmald, atgard, fritext
* ``enkat``      respondent, kommunkod, ar, kon, aldersgrupp, omrade, vikt, fraga, svar
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .. import columns as C
from .. import registry
from ..errors import InputDataError, Problem

KOMMUNGRUPP_CODES = tuple(f"{C.KOMMUNGRUPP_PREFIX}{g}" for g in registry.KOMMUNGRUPPER_2017)
KNOWN_REGION_CODES = tuple(registry.REGIONS) + KOMMUNGRUPP_CODES
CODE_PATTERN = r"^(\d{2}|\d{4}|KG-[ABC]\d)$"
# Sweden in SWEREF 99 TM (EPSG:3006), with a margin: Lantmäteriet's extent of the projection.
SWEREF_E = (180_000.0, 1_000_000.0)
SWEREF_N = (6_050_000.0, 7_700_000.0)
YEARS = (1950, 2100)

_EXPECTED: dict[str, str] = {}


def _check(check: pa.Check, message: str, expected: str) -> pa.Check:
    """Attach a Swedish message (and what is expected) to a pandera check."""
    _EXPECTED[message] = expected
    check.error = message
    return check


def _code_check(strict_codes: bool) -> pa.Check:
    if strict_codes:
        from .names import known_codes
        return _check(pa.Check.isin(sorted(known_codes()) + list(KOMMUNGRUPP_CODES)), "Okänd kommunkod.",
                      "en kommunkod (fyra siffror, t.ex. 0331), en länskod (två siffror, t.ex. 03), 00 för riket "
                      "eller en kommungrupp som KG-B4")
    return _check(pa.Check.str_matches(CODE_PATTERN), "Ogiltig kommunkod.",
                  "fyra siffror för en kommun ('0380'), två för län/riket ('03', '00')")


def _year_check() -> pa.Check:
    return _check(pa.Check.in_range(*YEARS), "Orimligt år.", f"ett årtal mellan {YEARS[0]} och {YEARS[1]}")


def crime_schema(strict_codes: bool = True) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            C.KOMMUNKOD: pa.Column(str, _code_check(strict_codes)),
            C.AR: pa.Column("int64", _year_check()),
            C.BROTTSTYP: pa.Column(str, _check(pa.Check.isin(list(C.BROTTSTYPER)), "Okänd brottstyp.",
                                               "en av " + ", ".join(C.BROTTSTYPER))),
            C.ANTAL: pa.Column("Int64", _check(pa.Check.ge(0), "Negativt antal brott.", "ett heltal 0 eller större"),
                               nullable=True),
            C.KALLA: pa.Column(str, nullable=False),
        },
        unique=[C.KOMMUNKOD, C.AR, C.BROTTSTYP],
        name="brott",
    )


def population_schema(strict_codes: bool = True) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            C.KOMMUNKOD: pa.Column(str, _code_check(strict_codes)),
            C.AR: pa.Column("int64", _year_check()),
            C.FOLKMANGD: pa.Column("int64", _check(pa.Check.gt(0), "Folkmängden måste vara större än 0.",
                                                   "ett heltal större än 0")),
            C.KALLA: pa.Column(str, nullable=False),
        },
        unique=[C.KOMMUNKOD, C.AR],
        name="folkmangd",
    )


def incident_schema() -> pa.DataFrameSchema:
    ts = pd.DatetimeTZDtype("ns", "Europe/Stockholm")
    return pa.DataFrameSchema(
        {
            C.ID: pa.Column(str, unique=True),
            C.TIDPUNKT: pa.Column(ts, _check(pa.Check.in_range(pd.Timestamp("1990-01-01", tz="Europe/Stockholm"),
                                                               pd.Timestamp("2100-01-01", tz="Europe/Stockholm")),
                                             "Orimligt datum.", "ett datum efter 1990")),
            C.TIDPUNKT_TILL: pa.Column(ts, nullable=True),
            C.KATEGORI: pa.Column(str, _check(pa.Check.isin(list(C.INCIDENT_KATEGORIER)), "Okänd kategori.",
                                              "en av " + ", ".join(C.INCIDENT_KATEGORIER.values()))),
            C.KOMMUNKOD: pa.Column(str, _check(pa.Check.isin(list(registry.KOMMUNER)), "Okänd kommunkod.",
                                               "en kommunkod med fyra siffror, t.ex. 0331")),
            C.PLATS: pa.Column(str, nullable=True),
            C.OMRADE: pa.Column(str, nullable=True),
            C.X: pa.Column("float64", _check(pa.Check.in_range(*SWEREF_E), "Östkoordinaten ligger utanför Sverige.",
                                             "SWEREF 99 TM östlig koordinat 180 000–1 000 000 meter"), nullable=True),
            C.Y: pa.Column("float64", _check(pa.Check.in_range(*SWEREF_N), "Nordkoordinaten ligger utanför Sverige.",
                                             "SWEREF 99 TM nordlig koordinat 6 050 000–7 700 000 meter"), nullable=True),
            C.ORGANISATION: pa.Column(str, nullable=True),
            C.ALLVARLIGHET: pa.Column("Int64", _check(pa.Check.isin([1, 2, 3]), "Ogiltig allvarlighetsgrad.",
                                                      "1, 2 eller 3"), nullable=True),
            C.POLISANMALD: pa.Column("boolean", nullable=True),
            C.ATGARD: pa.Column(str, nullable=True),
            C.FRITEXT: pa.Column(str, nullable=True),
        },
        name="handelser",
    )


def survey_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            C.RESPONDENT: pa.Column(str),
            C.KOMMUNKOD: pa.Column(str, _check(pa.Check.isin(list(registry.KOMMUNER)), "Okänd kommunkod.",
                                               "en kommunkod med fyra siffror, t.ex. 0331")),
            C.AR: pa.Column("int64", _year_check()),
            C.KON: pa.Column(str, nullable=True),
            C.ALDERSGRUPP: pa.Column(str, nullable=True),
            C.OMRADE: pa.Column(str, nullable=True),
            C.VIKT: pa.Column("float64", _check(pa.Check.gt(0), "Vikten måste vara större än 0.",
                                                "ett tal större än 0, t.ex. 1,25")),
            C.FRAGA: pa.Column(str),
            C.SVAR: pa.Column(str),
        },
        unique=[C.KOMMUNKOD, C.AR, C.RESPONDENT, C.FRAGA],
        name="enkat",
    )


SCHEMAS = {
    "brott": crime_schema,
    "folkmangd": population_schema,
    "handelser": incident_schema,
    "enkat": survey_schema,
}

_GENERIC = {
    "column_in_dataframe": ("Kolumnen saknas.", "en kolumn med detta namn"),
    "not_nullable": ("Värde saknas.", "ett ifyllt värde"),
    "field_uniqueness": ("Dubblett: värdet förekommer på flera rader.", "ett unikt värde per rad"),
}


def _problems_from(failures: pd.DataFrame, file: str | None, row_of, unique: list[str] | None) -> list[Problem]:
    keys = ", ".join(unique or [])
    out: list[Problem] = []
    seen_dupe_rows: set = set()
    for rec in failures.itertuples(index=False):
        check = str(rec.check)
        column = rec.column if isinstance(rec.column, str) else None
        idx = rec.index
        row = row_of(idx) if idx is not None and not pd.isna(idx) else None
        value = rec.failure_case
        if check == "multiple_fields_uniqueness":
            if row in seen_dupe_rows:
                continue  # one message per duplicated row, not one per key column
            seen_dupe_rows.add(row)
            out.append(Problem(f"Dubblett: samma värden i {keys} finns på flera rader.",
                               file, row, column, value, f"högst en rad per {keys}"))
        elif check in _GENERIC:
            msg, exp = _GENERIC[check]
            if check == "column_in_dataframe":
                column, value = str(value), None
            out.append(Problem(msg, file, row, column, value, exp))
        elif check.startswith("dtype("):
            out.append(Problem("Fel datatyp i kolumnen.", file, None, column, value, check[6:-1]))
        elif check in _EXPECTED:
            out.append(Problem(check, file, row, column, value, _EXPECTED[check]))
        else:
            out.append(Problem(f"Värdet klarar inte kontrollen {check}.", file, row, column, value, None))
    return out


def contract_problems(df: pd.DataFrame, kind: str, file: str | Path | None = None, *,
                      index_is_row: bool = True, **schema_kw) -> list[Problem]:
    """Check ``df`` against the contract ``kind``; return the problems (empty list when valid).

    ``index_is_row=True``: the index holds the row number in the file (readers do this); otherwise the
    row is the position + 2 (header = row 1), as when a frame was read with ``pandas.read_csv``.
    """
    if kind not in SCHEMAS:
        raise ValueError(f"unknown contract {kind!r}")
    schema = SCHEMAS[kind](**schema_kw)
    fname = str(file) if file is not None else None
    if index_is_row:
        def row_of(i):
            return int(i)
    else:
        pos = {lab: k for k, lab in enumerate(df.index)}

        def row_of(i):
            return pos.get(i, i) + 2 if i in pos else None
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        return _problems_from(err.failure_cases, fname, row_of, schema.unique)
    except pa.errors.SchemaError as err:  # non-lazy failures (strict columns)
        return [Problem(f"Tabellen följer inte formatet: {err}", fname)]
    return []


def validate_frame(df: pd.DataFrame, kind: str, file: str | Path | None = None, **schema_kw) -> pd.DataFrame:
    """Validate a frame built in code (not read by a reader) against contract ``kind``.

    Raises :class:`InputDataError` listing every problem; returns ``df`` unchanged when valid. Row numbers
    in messages are position + 2 (as if the frame were a CSV with a header row).
    """
    problems = contract_problems(df, kind, file, index_is_row=False, **schema_kw)
    if problems:
        raise InputDataError(file, problems)
    return df
