"""Readers for Brå's files: "Anmälda brott i kommunerna" (CSV), "Indikatorer för kommuners lägesbild"
(one workbook per kommun) and the NTU county workbook.

Formats are documented in docs/DATA_SOURCES.md (from the project's sources notes, §2.1):

* **Anmälda brott i kommunerna** (yearly CSV, totals only): UTF-8 with BOM, ';', CRLF, header
  ``Kommun;Antal;Per 100 000 inv.`` (2023+) or no header with names like ``Ale kommun`` /
  genitive ``Arjeplogs kommun`` (2021); thousands may be separated by a space; country rows
  ("Hela landet", "Riket", "Sverige totalt") are skipped.
* **Indikatorer för kommuners lägesbild**: one sheet per indicator; row 1 title, row 2 header
  (region + year columns, counts "Antal …" and rates "… per 100 000 …"); rows for the kommun, its
  län and "Hela Riket". Sheet positions per Region Uppsala's reader (RegionUppsala-analys/Laget_i_lanet).
* **NTU län workbook** (``ntu_lan_2017_2025.xlsx``): sheets R4.x, year headers on row 3, data from row 4,
  column A section (Samtliga 16–84 år / Män / Kvinnor), column B region, two CI columns after the last
  year (latest year only), '..' or '.' for missing.

Design for kommuner outside our registry (Brå CSV holds all 290): the registry knows the 8 kommuner of
Uppsala län. Rows for other kommuner are kept only when the caller passes ``namn_till_kod`` (e.g. SCB's
full list of kommunkoder); otherwise they are left out and listed in ``df.attrs["ej_kodade"]``. Asking for
a kommun by name that can be coded neither way raises "Okänd kommun".
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import columns as C
from .. import registry
from ..columns import RIKET
from ..errors import ParameterError
from .common import (Problems, region_code, ascii_key, fail, open_workbook, parse_integers, parse_numbers, read_delimited,
                     sheet_rows)
from .names import region_name
from .schemas import contract_problems

KALLA_BRA = "Brå"
PER_100000 = "per_100000"  # extra column with the published rate (when requested)
COUNTRY_ROWS = frozenset({"hela landet", "riket", "sverige totalt", "sverige", "hela riket", "totalt"})


_norm_name = registry.normalise_name


def _make_coder(namn_till_kod: dict[str, str] | None):
    extra = {_norm_name(k): str(v) for k, v in (namn_till_kod or {}).items()}

    def code(name: str) -> str | None:
        n = _norm_name(name)
        for cand in (n, n[:-1] if n.endswith("s") else None):
            if cand and cand in extra:
                return extra[cand]
        return region_code(name)
    return code


def _year_from_name(path: Path) -> int | None:
    m = re.findall(r"(?<!\d)(20\d\d|19\d\d)(?!\d)", path.name)
    return int(m[-1]) if m else None


def read_bra_kommun_csv(path: str | Path, ar: int | None = None, *, kommuner: list[str] | None = None,
                        namn_till_kod: dict[str, str] | None = None, med_takt: bool = False) -> pd.DataFrame:
    """Read Brå's yearly "Anmälda brott i kommunerna" CSV into the crime contract.

    Parameters
    ----------
    path : the CSV as downloaded from bra.se (any known variant: BOM, ';', CRLF, with/without header,
        " kommun" suffix and genitive names, space as thousands separator, country rows).
    ar : year of the statistics; taken from the file name ('… 2024.csv') when not given.
    kommuner : codes or names to keep (default: every kommun that can be coded).
    namn_till_kod : extra name -> kommunkod mapping for kommuner outside the registry.
    med_takt : also return Brå's published rate in a column ``per_100000``.

    Returns
    -------
    DataFrame with ``kommunkod, ar, brottstyp ('totalt'), antal, kalla`` (+ ``per_100000``);
    ``attrs["ej_kodade"]`` lists names left out because no code is known. The national row ("Hela landet",
    "Riket", "Sverige totalt") becomes the country, ``kommunkod`` '00' (left out when ``kommuner`` is given).
    """
    p = Path(path)
    raw = read_delimited(p, has_header=None)
    problems = Problems(p)
    first = raw.rows[0]
    _, bad_first = parse_numbers(pd.Series(first[1:2] or [""], dtype="str"))
    has_header = len(first) < 2 or bool(bad_first.iloc[0]) or not str(first[1]).strip()
    in_header = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", " ".join(first[1:])) if has_header else []
    year = ar if ar is not None else (int(in_header[0]) if in_header else _year_from_name(p))
    if year is None:
        fail(p, "Året för statistiken framgår varken av rubrikraden eller av filnamnet.",
             expected="ett filnamn med året, som Brå namnger filerna ('Anmälda brott kommunerna 2024.csv'); "
                      "döp om filen, eller ange året med --ar 2024 på kommandoraden")
    rows, numbers = (raw.rows[1:], raw.line_numbers[1:]) if has_header else (raw.rows, raw.line_numbers)
    header = ([h.strip() for h in first] + ["", "", ""])[:3] if has_header else ["kolumn 1", "kolumn 2", "kolumn 3"]
    name_col, count_col, rate_col = (h or f"kolumn {i + 1}" for i, h in enumerate(header))
    if not rows:
        fail(p, "Filen innehåller ingen datarad.", expected="en rad per kommun: Kommun;Antal;Per 100 000 inv.")
    width = max(len(r) for r in rows)
    if width < 2:
        fail(p, "Filen har bara en kolumn. Är avgränsaren fel?", row=numbers[0],
             expected="Kommun;Antal;Per 100 000 inv. (semikolon mellan kolumnerna)")
    df = pd.DataFrame([(r + ["", "", ""])[:3] for r in rows], index=pd.Index(numbers), dtype="str",
                      columns=["namn", "antal", "takt"])
    df = df.apply(lambda s: s.str.strip().mask(s.str.strip() == ""))
    is_country = df["namn"].fillna("").map(lambda n: _norm_name(n) in COUNTRY_ROWS)
    problems.add_rows(df["namn"].isna(), df["namn"], "Kommunnamn saknas.", name_col, "ett kommunnamn, t.ex. Heby")
    counts, bad = parse_integers(df["antal"])
    problems.add_rows(bad | df["antal"].isna(), df["antal"], "Antalet är inte ett heltal.", count_col,
                      "ett heltal, t.ex. 2537 eller 2 537")
    problems.add_rows(counts < 0, df["antal"], "Negativt antal brott.", count_col, "ett heltal 0 eller större")
    rates, bad_r = parse_numbers(df["takt"])
    problems.add_rows(bad_r, df["takt"], "Brott per 100 000 invånare är inte ett tal.", rate_col, "ett tal, t.ex. 7810")
    dup = df["namn"].dropna().map(lambda n: "00" if _norm_name(n) in COUNTRY_ROWS else _norm_name(n)) \
        .duplicated(keep=False)
    problems.add_rows(dup.reindex(df.index, fill_value=False), df["namn"],
                      "Kommunen förekommer på flera rader.", name_col, "en rad per kommun")
    problems.raise_if_any()

    coder = _make_coder(namn_till_kod)
    codes = df["namn"].map(coder).mask(is_country, RIKET)  # Brå's national row: the country
    wanted: set[str] | None = None
    if kommuner:
        wanted = set()
        for k in kommuner:
            kod = k if str(k).isdigit() else coder(k)
            if kod is None:
                raise ParameterError(f"Okänd kommun: '{k}'. Ange kommunens namn som SCB skriver det, kommunkoden "
                                     "direkt eller en namn-till-kod-tabell (namn_till_kod).")
            wanted.add(kod)
        missing = wanted - set(codes.dropna())
        if missing:
            names = ", ".join(sorted(region_name(m) for m in missing))
            fail(p, f"Kommunen finns inte i filen: {names}.", column=name_col,
                 expected="en rad med kommunens namn (kontrollera stavningen och att filen är Brås kommunfil)")
    ej_kodade = sorted(df.loc[codes.isna(), "namn"].dropna().tolist())
    keep = codes.notna() & (codes.isin(wanted) if wanted is not None else True)
    out = pd.DataFrame({
        C.KOMMUNKOD: codes[keep].astype("str"),
        C.AR: np.full(int(keep.sum()), int(year), dtype="int64"),
        C.BROTTSTYP: "totalt",
        C.ANTAL: counts[keep],
        C.KALLA: f"{KALLA_BRA}, Anmälda brott i kommunerna {year} ({p.name})",
    }, index=df.index[keep])
    out[C.BROTTSTYP] = out[C.BROTTSTYP].astype("str")
    out[C.KALLA] = out[C.KALLA].astype("str")
    problems.extend(contract_problems(out, "brott", p, strict_codes=False))
    problems.raise_if_any()
    if med_takt:
        out[PER_100000] = rates[keep]
    out = out.reset_index(drop=True)
    out.attrs["ej_kodade"] = ej_kodade
    out.attrs["kalla"] = f"{KALLA_BRA}, Anmälda brott i kommunerna {year}"
    return out


# --------------------------------------------------------------------------------------------
# Indikatorer för kommuners lägesbild
# --------------------------------------------------------------------------------------------
# 1-based sheet position -> indicator (RegionUppsala-analys/Laget_i_lanet, plots_bra_indikatorer.R)
INDIKATOR_BLAD: dict[int, str] = {
    2: "skadegorelse", 3: "narkotikabrott", 4: "valdsbrott_utomhus_vuxna", 5: "vald_i_nara_relation_kvinnor",
    6: "vald_i_nara_relation_man", 7: "vald_mot_barn", 8: "vald_mot_barn", 9: "vald_mot_barn",
    10: "vald_mot_barn", 11: "personran_unga", 12: "stoldbrott", 13: "bilbrott", 14: "bostadsinbrott",
    15: "trafikbrott",
}
# keyword rules on the ascii key of sheet name + title, checked in order
_KEYWORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("skadegorelse",), "skadegorelse"),
    (("narkotika",), "narkotikabrott"),
    (("nara_relation", "kvinn"), "vald_i_nara_relation_kvinnor"),
    (("vinr", "kvinn"), "vald_i_nara_relation_kvinnor"),
    (("nara_relation", "man"), "vald_i_nara_relation_man"),
    (("vinr", "man"), "vald_i_nara_relation_man"),
    (("barn",), "vald_mot_barn"),
    (("flickor",), "vald_mot_barn"),
    (("pojkar",), "vald_mot_barn"),
    (("utomhus", "vuxna"), "valdsbrott_utomhus_vuxna"),
    (("personran",), "personran_unga"),
    (("bostadsinbrott",), "bostadsinbrott"),
    (("bilbrott",), "bilbrott"),
    (("stold",), "stoldbrott"),
    (("trafik",), "trafikbrott"),
)


def _indicator_for(sheet_name: str, title: str, position: int) -> str | None:
    if "ntu" in ascii_key(sheet_name).split("_"):
        return None
    key = ascii_key(sheet_name) + "__" + ascii_key(title)
    for words, code in _KEYWORDS:
        if all(w in key for w in words):
            return code
    return INDIKATOR_BLAD.get(position)


def read_bra_indikatorer(path: str | Path, *, med_takt: bool = False) -> pd.DataFrame:
    """Read Brå's workbook "Indikatorer för kommuners lägesbild" for one kommun into the crime contract.

    Each indicator sheet gives counts per year for the kommun, its län and "Hela Riket"; the four
    sheets on violence against children (inomhus/utomhus, flickor/pojkar) are summed into
    ``vald_mot_barn`` (missing if any part is missing). NTU sheets are skipped. With ``med_takt`` the
    published rate per 100 000 is returned in ``per_100000`` (for ``vald_mot_barn`` left empty since
    the parts have different denominators).
    """
    p = Path(path)
    wb = open_workbook(p)
    problems = Problems(p)
    parts: list[dict] = []
    skipped: list[str] = []
    try:
        for pos, ws in enumerate(wb.worksheets, start=1):
            rows = sheet_rows(ws)
            title = rows[0][1][0] if rows else ""
            code = _indicator_for(ws.title, title, pos)
            if code is None or len(rows) < 3:
                skipped.append(ws.title)
                continue
            (hrow, header) = rows[1]
            year_cols: list[tuple[int, int, bool]] = []
            for j, h in enumerate(header[1:], start=1):
                m = re.search(r"(19|20)\d\d", h)
                if m:
                    year_cols.append((j, int(m.group(0)), "per 100" in h.lower()))
            if not year_cols:
                problems.add("Rubrikraden saknar årskolumner.", hrow, header[0] if header else None, None,
                             "rubriker som 'Antal 2024' och 'Antal per 100 000 inv. 2024' (blad " + ws.title + ")")
                continue
            for rownum, cells in rows[2:]:
                name = cells[0]
                if not name or name.lower().startswith(("källa", "kalla", "anm", "not")):
                    continue
                kod = region_code(name)
                if kod is None:
                    problems.add(f"Okänd region i bladet '{ws.title}'.", rownum, header[0] or "A", name,
                                 "en av kommunerna i Uppsala län, 'Uppsala län' eller 'Hela Riket'")
                    continue
                for j, year, is_rate in year_cols:
                    cell = cells[j] if j < len(cells) else ""
                    parts.append({"rad": rownum, "blad": ws.title, "kolumn": header[j], "kommunkod": kod,
                                  "ar": year, "brottstyp": code, "takt": is_rate, "cell": cell})
    finally:
        wb.close()
    if not parts:
        problems.add("Arbetsboken innehåller inga indikatorblad.", None, None, None,
                     "Brås arbetsbok 'Indikatorer för kommuners lägesbild' (ett blad per indikator)")
    problems.raise_if_any()
    long = pd.DataFrame(parts)
    cell = long["cell"].mask(long["cell"].isin(["-", "–"]), "0").mask(long["cell"] == "")
    vals, bad = parse_numbers(cell)
    for i in long.index[bad]:
        problems.add(f"Värdet i bladet '{long.at[i, 'blad']}' är inte ett tal.", int(long.at[i, "rad"]),
                     long.at[i, "kolumn"], long.at[i, "cell"], "ett tal, '..' (uppgift saknas) eller '-' (noll)")
    neg = vals < 0
    for i in long.index[neg]:
        problems.add("Negativt värde.", int(long.at[i, "rad"]), long.at[i, "kolumn"], long.at[i, "cell"],
                     "ett tal 0 eller större")
    problems.raise_if_any()
    long["varde"] = vals
    keys = ["kommunkod", "ar", "brottstyp"]
    counts = long[~long["takt"]].groupby(keys, sort=True)["varde"].agg(lambda s: s.sum(min_count=len(s)))
    out = counts.rename(C.ANTAL).reset_index()
    frac = out[C.ANTAL].notna() & (out[C.ANTAL] != np.floor(out[C.ANTAL]))
    if frac.any():
        fail(p, "Ett antal är inte ett heltal. Har bladen antal och takt bytt plats?",
             expected="heltal i kolumnerna 'Antal …'")
    out[C.ANTAL] = out[C.ANTAL].round().astype("Int64")
    out[C.AR] = out[C.AR].astype("int64")
    out[C.KALLA] = f"{KALLA_BRA}, Indikatorer för kommuners lägesbild ({p.name})"
    out = out[C.CRIME_COLUMNS].astype({C.KOMMUNKOD: "str", C.BROTTSTYP: "str", C.KALLA: "str"})
    problems.extend(contract_problems(out, "brott", p, index_is_row=False))
    problems.raise_if_any()
    if med_takt:
        single = long[long["takt"] & (long["brottstyp"] != "vald_mot_barn")]
        rate = single.groupby(keys)["varde"].first().rename(PER_100000)
        out = out.merge(rate.reset_index(), on=keys, how="left")
    out.attrs["overhoppade_blad"] = skipped
    return out


from .ntu import NTU_BLAD, NTU_COLUMNS, read_ntu_lan  # noqa: E402,F401  (kept importable from here)
