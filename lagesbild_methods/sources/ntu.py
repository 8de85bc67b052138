"""Brå's NTU county workbook (``ntu_lan_2017_2025.xlsx``) -> a long frame of shares with confidence limits.

Layout (sources notes §2.1(c)): sheets R4.x, year headers on row 3 from column C, data from row 4, column A
the section (Samtliga 16–84 år / Män / Kvinnor, forward-filled), column B the region, two CI columns after
the last year (latest year only), '..' or '.' for missing.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import columns as C
from .common import Problems, fail, open_workbook, parse_numbers, region_code, sheet_rows

KALLA_BRA = "Brå"

# --------------------------------------------------------------------------------------------
NTU_BLAD: dict[str, str] = {
    "R4.1": "Otrygghet vid utevistelse sent på kvällen",
    "R4.2": "Oro för att utsättas för misshandel",
    "R4.6": "Oro för bostadsinbrott",
    "R4.11": "Oro för brottsligheten i samhället",
}
NTU_COLUMNS = ["omrade", C.KOMMUNKOD, C.AR, "indikator", "grupp", C.VARDE, C.NEDRE, C.OVRE, C.KALLA]


def read_ntu_lan(path: str | Path, *, blad: list[str] | None = None) -> pd.DataFrame:
    """Read Brå's NTU county workbook (shares in percent) into a long frame.

    Returns ``omrade, kommunkod ('00', '03', or NA for other län), ar, indikator (sheet name, e.g.
    'R4.1'), grupp ('Samtliga 16–84 år', 'Män', 'Kvinnor'), varde (percent), nedre, ovre (confidence
    limits, published for the latest year only), kalla``. ``..``/``.`` cells are missing values.
    """
    p = Path(path)
    wb = open_workbook(p)
    problems = Problems(p)
    recs: list[dict] = []
    try:
        names = blad or [n for n in wb.sheetnames if re.fullmatch(r"R\d+(\.\d+)?", n.strip())]
        if not names:
            fail(p, "Arbetsboken har inga NTU-blad (R4.1, R4.2 …).", expected="Brås NTU-arbetsbok per län")
        for name in names:
            if name not in wb.sheetnames:
                fail(p, f"Bladet '{name}' finns inte.", expected=", ".join(wb.sheetnames))
            rows = {n: cells for n, cells in sheet_rows(wb[name])}
            header = rows.get(3)
            if header is None:
                problems.add(f"Rad 3 (årsrubriker) saknas i bladet '{name}'.", 3, None, None, "årtal i kolumn C och framåt")
                continue
            years = [(j, int(float(h))) for j, h in enumerate(header) if j >= 2 and re.fullmatch(r"(19|20)\d\d(\.0)?", h)]
            if not years:
                problems.add(f"Inga årtal på rad 3 i bladet '{name}'.", 3, "C", header[2] if len(header) > 2 else None,
                             "årtal som 2017, 2018 … i kolumn C och framåt")
                continue
            last_j, last_year = years[-1]
            section = ""
            for n in sorted(k for k in rows if k > 3):
                cells = rows[n] + [""] * (last_j + 3)
                if cells[0]:
                    section = cells[0]
                region = cells[1]
                if not region:
                    continue
                for j, year in years + [(last_j + 1, -1), (last_j + 2, -2)]:
                    recs.append({"blad": name, "rad": n, "kolumn": _excel_col(j), "omrade": region,
                                 "grupp": section, "ar": year, "cell": cells[j]})
    finally:
        wb.close()
    problems.raise_if_any()
    if not recs:
        fail(p, "Inga datarader hittades i NTU-bladen.", expected="data från rad 4")
    long = pd.DataFrame(recs)
    vals, bad = parse_numbers(long["cell"].mask(long["cell"] == ""))
    for i in long.index[bad]:
        problems.add(f"Värdet i bladet '{long.at[i, 'blad']}' är inte ett tal.", int(long.at[i, "rad"]),
                     long.at[i, "kolumn"], long.at[i, "cell"], "ett tal (procent) eller '..'")
    bad_range = (vals < 0) | (vals > 100)
    for i in long.index[bad_range]:
        problems.add("Andelen ligger utanför 0–100 procent.", int(long.at[i, "rad"]), long.at[i, "kolumn"],
                     long.at[i, "cell"], "ett tal mellan 0 och 100")
    problems.raise_if_any()
    long["v"] = vals
    keys = ["blad", "omrade", "grupp"]
    point = long[long["ar"] > 0]
    ci = long[long["ar"] < 0].pivot_table(index=keys, columns="ar", values="v", aggfunc="first")
    ci = ci.rename(columns={-1: C.NEDRE, -2: C.OVRE}).reset_index()
    latest = point.groupby("blad")["ar"].transform("max")
    out = point.rename(columns={"v": C.VARDE, "blad": "indikator"})
    out = out.merge(ci.rename(columns={"blad": "indikator"}), on=["indikator", "omrade", "grupp"], how="left")
    for c in (C.NEDRE, C.OVRE):
        if c not in out:
            out[c] = np.nan
        out[c] = out[c].where(out[C.AR].to_numpy() == latest.to_numpy())
    out[C.KOMMUNKOD] = out["omrade"].map(region_code).astype("str")
    out[C.KALLA] = f"{KALLA_BRA}, Nationella trygghetsundersökningen ({p.name})"
    out[C.AR] = out[C.AR].astype("int64")
    return out[NTU_COLUMNS].reset_index(drop=True)


def _excel_col(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s
