"""Reading the step workbook back: tidy frames, Swedish findings naming sheet/row/column, broken links as
findings (not fatal), and what Excel and hand editing leave behind."""
from datetime import date

import openpyxl
import pandas as pd
import pytest

from lagesbild_methods.errors import InputDataError
from lagesbild_methods.sources import workbook_cells as cells
from lagesbild_methods.sources.workbook import read_workbook
from workbook_testdata import filled_workbook


@pytest.fixture()
def book_path(tmp_path):
    return filled_workbook(tmp_path / "arbetsbok_0331_heby.xlsx")


def _edit(path, edits):
    wb = openpyxl.load_workbook(path)
    for sheet, ref, value in edits:
        wb[sheet][ref] = value
    wb.save(path)


def _finding(book, sheet, row, column=None):
    f = book.fynd
    hit = f[(f["blad"] == sheet) & (f["rad"] == row) & ((f["kolumn"] == column) if column else True)]
    assert len(hit), f"inget fynd för {sheet} rad {row} {column}: {f.to_dict('records')}"
    return hit.iloc[0]


def test_filled_workbook_reads_into_tidy_frames(book_path):
    b = read_workbook(book_path)
    assert (b.kommunkod, b.kommun, b.schemaversion) == ("0331", "Heby", 1)
    assert list(b.problem["id"]) == ["P1", "P2"] and list(b.orsaker["id"]) == ["O1", "O2", "O3"]
    assert b.orsaker.loc[1, "underlag"] == "Lokal kunskap" and b.orsaker.loc[0, "problem"] == "P1"
    assert b.atgarder.loc[0, "orsak"] == "O1, O2" and b.atgarder.loc[0, "start"] == pd.Timestamp("2024-09-01")
    assert b.aktiviteter["timmar"].tolist() == [3.5, 2.0, 12.0] and b.aktiviteter["kostnad"].sum() == 4100
    assert str(b.indikatorer["maldatum"].dtype).startswith("datetime64") and b.indikatorer["baslinje"].tolist() == [36, 31]
    assert b.problem["prioritet"].dtype == "Int64" and b.aktiviteter["rad"].tolist() == [2, 3, 4]
    assert b.fel.empty
    links = b.lankar
    assert {("atgarder", "Å1", "O1"), ("atgarder", "Å1", "O2"), ("aktiviteter", "A3", "Å2")} <= set(
        zip(links["fran_blad"], links["fran_id"], links["till_id"]))
    assert links["finns"].all()
    kedja = b.kedja()
    assert set(zip(kedja["problem"], kedja["orsak"], kedja["atgard"], kedja["indikator"])) >= {
        ("P1", "O1", "Å1", "I1"), ("P2", "O3", "Å2", "I2")}


def test_broken_links_and_gaps_are_findings_not_failures(book_path):
    _edit(book_path, [
        ("Åtgärder", "B3", None),  # Å2 cites no cause
        ("Aktiviteter", "C4", "Å9"),  # cites a measure that does not exist
        ("Indikatorer", "H2", None),  # I1 without a baseline
        ("Orsaker", "B4", "P7"),  # O3 cites a problem that does not exist
    ])
    b = read_workbook(book_path)
    f = _finding(b, "Åtgärder", 3, "Orsak")
    assert f["typ"] == "lank" and "Åtgärden Å2 hänvisar inte till någon orsak" in f["meddelande"]
    f = _finding(b, "Aktiviteter", 4, "Åtgärd")
    assert f["allvarlighet"] == "fel" and "Å9, som inte finns på bladet Åtgärder" in f["meddelande"]
    f = _finding(b, "Indikatorer", 2, "Baslinje")
    assert f["typ"] == "lucka" and "saknar baslinje" in f["meddelande"]
    assert "P7, som inte finns på bladet Problem" in _finding(b, "Orsaker", 4, "Problem")["meddelande"]
    # gaps follow from the broken links: P2 now has no cause, O3 no measure
    assert "Problemet P2 har ingen orsak" in _finding(b, "Problem", 3)["meddelande"]
    assert len(b.aktiviteter) == 3  # the row with the broken link is kept


def test_damaged_cells_name_sheet_row_and_column(book_path):
    _edit(book_path, [
        ("Orsaker", "D3", "Platsen"),  # off the list
        ("Aktiviteter", "F3", "två timmar"),  # not a number
        ("Aktiviteter", "B4", "igår"),  # not a date
        ("Aktiviteter", "G2", -5),  # negative cost
        ("Orsaker", "A4", "O1"),  # duplicate id
        ("Åtgärder", "A3", "X2"),  # wrong prefix
    ])
    b = read_workbook(book_path)
    f = _finding(b, "Orsaker", 3, "Perspektiv")
    assert f["allvarlighet"] == "fel" and "Plats/situation" in f["meddelande"] and f["varde"] == "Platsen"
    assert "tal" in _finding(b, "Aktiviteter", 3, "Timmar")["meddelande"]
    assert "datum" in _finding(b, "Aktiviteter", 4, "Datum")["meddelande"]
    assert "0 eller större" in _finding(b, "Aktiviteter", 2, "Kostnad (kr)")["meddelande"]
    assert pd.isna(b.orsaker.loc[1, "perspektiv"]) and pd.isna(b.aktiviteter.loc[1, "timmar"])
    assert b.orsaker["id"].tolist() == ["O1", "O2", "O1-rad4"]
    assert "Å-rad3" in b.atgarder["id"].tolist()
    with pytest.raises(InputDataError) as exc:
        read_workbook(book_path, strict=True)
    text = str(exc.value)
    assert "fil arbetsbok_0331_heby.xlsx, blad Orsaker, rad 3, kolumn 'Perspektiv'" in text
    assert "Traceback" not in text and "ValueError" not in text


def test_excel_quirks_serial_dates_text_numbers_formulas_blank_rows_renamed_sheets(book_path):
    wb = openpyxl.load_workbook(book_path)
    act = wb["Aktiviteter"]
    act["B2"] = 45540  # serial number = 2024-09-05
    act["B3"] = "20 september 2024"
    act["B4"] = "10.05.2024"
    act["F2"] = "3,5 tim"
    act["G2"] = "2 600 kr"
    act["F3"] = "=2*1.5"  # formula without a cached value (openpyxl never stores one)
    act["G3"] = "=SUM(G10:G12)"  # not plain arithmetic
    act.insert_rows(3, 4)  # blank rows in the middle
    wb["Åtgärder"].title = "Åtgärdsplan"  # renamed ...
    wb.move_sheet("Åtgärdsplan", offset=3)  # ... and moved
    wb.move_sheet("Problem", offset=4)
    for c in wb["Orsaker"][1]:
        c.value = c.value.lower().replace("å", "a").replace("ä", "a").replace("ö", "o") if c.value else None
    wb.save(book_path)
    b = read_workbook(book_path)
    assert b.aktiviteter["datum"].tolist() == [pd.Timestamp("2024-09-05"), pd.Timestamp("2024-09-20"),
                                               pd.Timestamp("2024-05-10")]
    assert b.aktiviteter["timmar"].tolist() == [3.5, 3.0, 12.0] and b.aktiviteter.loc[0, "kostnad"] == 2600
    assert b.aktiviteter["rad"].tolist() == [2, 7, 8]
    f = _finding(b, "Aktiviteter", 7, "Kostnad (kr)")
    assert f["typ"] == "formel" and "spara filen" in f["meddelande"]
    assert list(b.atgarder["id"]) == ["Å1", "Å2"] and b.lankar["finns"].all()
    assert b.orsaker.loc[0, "perspektiv"] == "Plats/situation" and b.fel.empty


def test_missing_sheet_and_missing_column_are_findings(book_path):
    wb = openpyxl.load_workbook(book_path)
    del wb["Medborgarlöften"]
    wb["Aktiviteter"].delete_cols(5)  # Utförare
    wb.save(book_path)
    b = read_workbook(book_path)
    assert b.medborgarloften.empty and "Medborgarlöften" in b.saknade_blad
    assert "saknas" in _finding(b, "Aktiviteter", 1, "Utförare (verksamhet)")["meddelande"]
    assert b.aktiviteter["utforare"].isna().all() and b.aktiviteter["timmar"].tolist() == [3.5, 2.0, 12.0]


def test_not_a_workbook_is_a_swedish_error(tmp_path):
    bad = tmp_path / "trasig.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # a damaged zip
    with pytest.raises(InputDataError, match="kunde inte öppnas|skadad"):
        read_workbook(bad)
    text = tmp_path / "text.xlsx"
    text.write_text("id;problem\nP1;Klotter\n", encoding="utf-8")
    with pytest.raises(InputDataError, match=r"\.xlsx"):
        read_workbook(text)
    other = tmp_path / "annan.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"], wb.active["B1"] = "x", "y"
    wb.save(other)
    with pytest.raises(InputDataError, match="ingen arbetsbok för lägesbilden"):
        read_workbook(other)
    ods = tmp_path / "arbetsbok.ods"  # LibreOffice's own format: the workbook's advice, never "CSV"
    ods.write_bytes(b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(InputDataError) as exc:
        read_workbook(ods)
    assert "inte .ods" in str(exc.value) and "Spara som" in str(exc.value) and "CSV" not in str(exc.value)
    old = tmp_path / "gammal.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputDataError, match=r"\.xlsx"):
        read_workbook(old)
    with pytest.raises(InputDataError, match="finns inte"):
        read_workbook(tmp_path / "saknas.xlsx")


@pytest.mark.parametrize("value,expected", [
    (45540, "2024-09-05"), ("45540", "2024-09-05"), ("2024-09-05", "2024-09-05"), ("2024-09-05 00:00:00", "2024-09-05"),
    ("5/9/2024", "2024-09-05"), ("05.09.2024", "2024-09-05"), ("20240905", "2024-09-05"), ("5 sep 2024", "2024-09-05"),
    ("5 september 2024", "2024-09-05"), (date(2024, 9, 5), "2024-09-05"),
    ("5/9 2024", "2024-09-05"), ("5/9-2024", "2024-09-05"), ("den 5 september 2024", "2024-09-05"),
])
def test_dates_in_every_form(value, expected):
    ts, err = cells.parse_date(value)
    assert err is None and ts == pd.Timestamp(expected)


@pytest.mark.parametrize("value", ["igår", 12, "2024-13-01", "31/2/2024", 1e9, "1899-01-01", "31/2 2024", "5/13-2024"])
def test_non_dates_are_refused(value):
    ts, err = cells.parse_date(value)
    assert ts is None and err


@pytest.mark.parametrize("value,expected", [
    ("1 500,50", 1500.5), ("1\u00a0500 kr", 1500.0), ("12 tim", 12.0), ("\u22123", -3.0), ("1.234,5", 1234.5),
    (7, 7.0), ("", None),
])
def test_numbers_in_swedish_forms(value, expected):
    assert cells.parse_number(value) == (expected, None)


@pytest.mark.parametrize("formula,expected", [
    ("=2*3.5", 7.0), ("=(1+2)/4", 0.75), ("=-2+5", 3.0), ("=SUM(A1:A3)", None), ("=1/0", None),
    ("=__import__('os')", None),
])
def test_only_plain_arithmetic_formulas_are_evaluated(formula, expected):
    assert cells.eval_arithmetic(formula) == expected


def test_damaged_workbook_message_has_no_python_words(tmp_path):
    bad = tmp_path / "trasig.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(InputDataError) as exc:
        read_workbook(bad)
    text = str(exc.value)
    assert "trasig.xlsx" in text and "Error" not in text and "Zip" not in text and "Exception" not in text


def test_a_workbook_retyped_by_another_tool_reads_back_the_same(tmp_path):
    """Every value typed as text (numbers with decimal comma, dates as 'd/m yyyy'), a title row above the
    headers, headers in capitals, list values in lower case with spaces, ids written 'o 3', empty rows in the
    middle and far below: the practice workbook reads back to the same frames (row numbers shift)."""
    import shutil
    from datetime import datetime

    from lagesbild_methods import paths
    from lagesbild_methods.workbook import schema as S

    src = paths.workbook_file("0331")
    path = tmp_path / src.name
    shutil.copy(src, path)
    wb = openpyxl.load_workbook(path)
    for s in S.SHEETS:
        ws = wb[s.name]
        lists = {j for j, c in enumerate(ws[1], 1) if any(col.header == c.value and col.kind == "list" for col in s.columns)}
        for row in ws.iter_rows(min_row=2):
            for c in row:
                v = c.value
                if isinstance(v, (datetime, date)):
                    c.value = f"{v.day}/{v.month} {v.year}"
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    c.value = str(v).replace(".", ",")
                elif isinstance(v, str) and c.column == 1:
                    c.value = v[0].lower() + " " + v[1:]
                elif isinstance(v, str) and c.column in lists:
                    c.value = f"  {v.lower()} "
        for c in ws[1]:
            c.value = c.value.upper() if isinstance(c.value, str) else c.value
        ws.insert_rows(5, 2)
        ws.cell(ws.max_row + 30, 3).value = " "
        ws.insert_rows(1, 1)
        ws["A1"] = f"{s.name} – Heby kommun"
    wb.save(path)
    a, b = read_workbook(src), read_workbook(path)
    assert b.fel.empty, b.fel.to_dict("records")
    for key in S.SHEET_BY_KEY:
        pd.testing.assert_frame_equal(a.blad[key].drop(columns="rad"), b.blad[key].drop(columns="rad"),
                                      check_dtype=False, obj=key)
    assert (b.atgarder["rad"] > a.atgarder["rad"]).all()  # rows as they are in the edited file
    assert a.fynd[["blad", "id", "typ"]].equals(b.fynd[["blad", "id", "typ"]])
