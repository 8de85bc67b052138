"""Test data for the step-workbook tests: a problem frame and a workbook filled in as a coordinator would
(plain cell values typed into the ready rows with openpyxl)."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd

from lagesbild_methods.workbook import schema as S
from lagesbild_methods import workbook_cli

CANARY_PNR = "19121212-1212"
CANARY_PHONE = "070-174 06 42"
CANARY_MAIL = "kanariefagel@example.se"
CANARY = f"Ring Kanarie Fågelsson {CANARY_PNR}, {CANARY_PHONE} eller {CANARY_MAIL}"


def problem_frame(n: int = 2) -> pd.DataFrame:
    rows = [
        ("handelser:klotter:Heby", "Klotter i Heby", "Klotter", "Heby, mest vid Stationen", 1,
         "Händelserapporter 2023: 40 händelser.", "Vanligast."),
        ("handelser:storande_samling:Heby", "Störande samlingar i Heby", "Samling av personer som stör ordningen",
         "Heby", 2, "Händelserapporter 2023: 34 händelser.", "Näst vanligast."),
        ("brott:trafikbrott", "Trafikbrott i Heby", "Trafikbrott", "Hela kommunen", 3, "Anmälda brott 2023.", ""),
    ]
    return pd.DataFrame(rows[:n], columns=S.PROBLEM_FRAME_COLUMNS)


FILL = {
    "Orsaker": [
        ["O1", "P1", "Klotter får sitta kvar", "Plats/situation", "Skydd av objekt", "5 Efteråt",
         "Situationell orsak", "Ej tillämpligt", "Data", "Händelserapporter 2023", CANARY],
        ["O2", "P1", "Mörk vägg utan insyn", "Plats/situation", "Fysisk miljö", "4 Själva händelsen",
         "Situationell orsak", "Ej tillämpligt", "Lokal kunskap", "Trygghetsvandring", "intern text"],
        ["O3", "P2", "Ingen vuxen på plats", "Gärningsperson", "Tillsyn och kontroll", "3 Till platsen",
         "Riskfaktor", "Kamrater", "Antagande", "", ""],
    ],
    "Åtgärder": [
        ["Å1", "O1, O2", "Sanering inom ett dygn", "90 % inom 24 h", datetime(2024, 9, 1), None,
         "Kommunen – gata och park", f"Karin Exempelsson, {CANARY_PHONE}", "Tertialvis",
         S.TEKNIKER[14], "Situationell", S.LISTS["evidens"][2], "Ordinarie arbete", "Pågår", CANARY],
        ["Å2", "O3", "Kvällsvandringar", "40 kvällar per år", datetime(2024, 5, 1), None, "Polisen", "",
         "Tertialvis", S.TEKNIKER[5], "Båda", S.LISTS["evidens"][1], "Ordinarie arbete", "Pågår", ""],
    ],
    "Aktiviteter": [
        ["A1", datetime(2024, 9, 5), "Å1", CANARY, "Kommunen – gata och park", 3.5, 2600, "Genomförd"],
        ["A2", datetime(2024, 9, 20), "Å1", "Sanering", "Kommunen – gata och park", 2, 1500, "Genomförd"],
        ["A3", datetime(2024, 5, 10), "Å2", "Kvällsvandring", "Polisen", 12, 0, "Delvis genomförd"],
    ],
    "Indikatorer": [
        ["I1", "Å1", "Klotter i Heby", "Händelserapporter (EST)", "Klotter", "Heby", "Antal per år", 36,
         "2023-09-01–2024-08-31", 25, "Minska", datetime(2025, 12, 31)],
        ["I2", "Å2", "Störande samlingar", "Händelserapporter (EST)", "Samling av personer som stör ordningen",
         "Heby", "Antal per år", 31, "2023", 22, "Minska", datetime(2025, 12, 31)],
    ],
    "Medborgarlöften": [
        ["M1", "Vi sanerar klotter inom ett dygn.", "2024–2025", "P1", "Å1", datetime(2024, 3, 14), "Ja",
         "Öppet möte 2026", "Undertecknat"],
    ],
}


def filled_workbook(path: Path, today: date = date(2024, 1, 15)) -> Path:
    """A Heby workbook with two problems and a complete chain typed into the ready rows."""
    workbook_cli.write(path, "Heby", problem_frame(), today=today)
    wb = openpyxl.load_workbook(path)
    for sheet, rows in FILL.items():
        ws = wb[sheet]
        for i, values in enumerate(rows, 2):
            for j, v in enumerate(values, 1):
                ws.cell(i, j, v if v != "" else None)
    wb.save(path)
    return path


def cell_values(path: Path) -> dict[tuple[str, int, int], object]:
    """Every non-empty cell value of every sheet: {(sheet, row, column): value}."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    out[(ws.title, c.row, c.column)] = c.value
    return out
