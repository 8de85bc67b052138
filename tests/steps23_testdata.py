"""Test data for steps 2 and 3: the practice workbook edited as a coordinator would (openpyxl, cell by cell),
with canary personal data in free-text and publishable cells and a broken link, and a small incident
register whose counts are known by construction."""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd

from lagesbild_methods import paths
from lagesbild_methods.workbook import schema as S

CANARY_PNR = "19121212-1212"
CANARY_PHONE = "070-174 06 42"
CANARY = f"Ring Kanarie Fågelsson {CANARY_PNR} eller {CANARY_PHONE}"
SECRETS = (CANARY_PNR, "121212-1212", "191212121212", "Kanarie", "Fågelsson", CANARY_PHONE, "174 06 42")


def _col(ws, sheet: S.Sheet, key: str) -> int:
    header = sheet.column(key).header
    for j, cell in enumerate(ws[1], 1):
        if cell.value == header:
            return j
    raise KeyError(header)


def _row(ws, ident: str) -> int:
    for i in range(2, ws.max_row + 1):
        if ws.cell(i, 1).value == ident:
            return i
    raise KeyError(ident)


def set_cell(wb, sheet: S.Sheet, ident: str, key: str, value) -> None:
    ws = wb[sheet.name]
    ws.cell(_row(ws, ident), _col(ws, sheet, key)).value = value  # (ws.cell(r, c, None) would keep the value)


def practice_copy(tmp_path: Path, kod: str = "0331") -> Path:
    src = paths.workbook_file(kod)
    dst = Path(tmp_path) / src.name
    shutil.copy(src, dst)
    return dst


def first_spare(ws) -> int:
    """The first row that holds only a ready id (a spare row)."""
    for i in range(2, ws.max_row + 1):
        if ws.cell(i, 1).value and all(ws.cell(i, j).value is None for j in range(2, ws.max_column + 1)):
            return i
    raise KeyError("no spare row")


def canary_workbook(tmp_path: Path, kod: str = "0331") -> Path:
    """A practice workbook with the canary in every private column of the first rows, a personnummer typed
    into publishable cells, a measure citing a cause that does not exist (Å2 -> O99) and a new measure citing
    no cause (in the first spare row: Å8 in Heby)."""
    path = practice_copy(tmp_path, kod)
    wb = openpyxl.load_workbook(path)
    for sheet in S.SHEETS:
        ws = wb[sheet.name]
        for c in sheet.columns:
            if not c.publishable:
                for i in (2, 3):
                    ws.cell(i, _col(ws, sheet, c.key), CANARY)
    set_cell(wb, S.ORSAKER, "O1", "orsak", f"Klotter får sitta kvar (uppgift från {CANARY_PNR})")
    set_cell(wb, S.ATGARDER, "Å1", "vem", f"Gata och park, ring {CANARY_PHONE}")
    set_cell(wb, S.ATGARDER, "Å2", "orsak", "O2, O99")
    set_cell(wb, S.MEDBORGARLOFTEN, "M1", "lofte", f"Vi sanerar klotter. Frågor: {CANARY_PNR}")
    ws = wb[S.ATGARDER.name]
    r = first_spare(ws)
    ws.cell(r, _col(ws, S.ATGARDER, "atgard"), "Informationskampanj utan orsak")
    ws.cell(r, _col(ws, S.ATGARDER, "start"), datetime(2025, 1, 1))
    ws.cell(r, _col(ws, S.ATGARDER, "vem"), "Kommunen")
    wb.save(path)
    return path


# ------------------------------------------------------------------------------------------ a small register
def _event(i, when, kategori, plats, omrade, allvarlighet=1):
    return {"id": f"0331-{i:05d}", "tidpunkt": when.strftime("%Y-%m-%d %H:%M"), "tidpunkt_till": "",
            "kategori": kategori, "plats": plats, "omrade": omrade, "x": "", "y": "", "organisation": "Kommunen",
            "allvarlighet": allvarlighet, "polisanmald": "Nej", "atgard": "", "fritext": CANARY}


def small_register(path: Path) -> Path:
    """A register 2024-01-01..2025-12-31 with known counts:

    * Klotter in Heby: 30 in 2024 all at Stationen, 5 in 2025 at five other places -> a significant decrease,
      concentrated (one place of six holds 30 of 35);
    * Skadegörelse in Heby: 10 in 2024, 40 in 2025 (allvarlighet 3) -> a significant increase, severe;
    * Samling ... in Heby: 12 in each year at twelve places; Övrigt elsewhere (allvarlighet 1), from 1 January 2024.
    """
    rows, i = [], 0
    places = [f"Plats {k}" for k in range(10)]
    for k in range(30):
        i += 1
        rows.append(_event(i, datetime(2024, 1, 3) + pd.Timedelta(days=11 * k), "Klotter", "Stationen", "Heby"))
    for k in range(5):
        i += 1
        rows.append(_event(i, datetime(2025, 2, 1) + pd.Timedelta(days=60 * k), "Klotter", places[k], "Heby"))
    for k in range(10):
        i += 1
        rows.append(_event(i, datetime(2024, 2, 1) + pd.Timedelta(days=30 * k), "Skadegörelse", "Torget", "Heby", 3))
    for k in range(40):
        i += 1
        rows.append(_event(i, datetime(2025, 1, 2) + pd.Timedelta(days=9 * k), "Skadegörelse", places[k % 4],
                           "Heby", 3))
    for y in (2024, 2025):
        for k in range(12):
            i += 1
            rows.append(_event(i, datetime(y, k + 1, 10, 22), "Samling av personer som stör ordningen",
                               f"Plats {k}", "Heby"))
    for k in range(60):
        i += 1
        rows.append(_event(i, datetime(2024, 1, 1, 12) + pd.Timedelta(days=12 * k), "Övrigt", "Skolan", "Tärnsjö"))
    pd.DataFrame(rows).to_csv(path, sep=";", index=False)
    return path
