"""Writing the step workbook: structure, drop-down lists that refuse off-list values, and a merge that never
overwrites what the coordinator wrote."""
from datetime import date

import openpyxl
import pandas as pd
import pytest

from lagesbild_methods.errors import ParameterError
from lagesbild_methods.workbook import schema as S
from lagesbild_methods import workbook_cli
from workbook_testdata import cell_values, filled_workbook, problem_frame


@pytest.fixture()
def fresh(tmp_path):
    path = tmp_path / "arbetsbok_0331_heby.xlsx"
    res = workbook_cli.write(path, "Heby", problem_frame(), today=date(2024, 1, 15))
    return path, res


def test_structure_headers_and_help(fresh):
    path, res = fresh
    assert res.created and res.added == ["P1", "P2"]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Hjälp", *[s.name for s in S.SHEETS], "Listor"]
    assert wb["Listor"].sheet_state == "hidden"
    assert wb.active.title == "Problem"
    for s in S.SHEETS:
        ws = wb[s.name]
        assert [c.value for c in ws[1]][: len(s.columns)] == [c.header for c in s.columns]
        assert ws.freeze_panes == "B2"
        assert ws["A1"].font.bold and ws["A1"].fill.start_color.rgb.endswith("1F4E79")
        assert ws.cell(1, 2).comment is not None and ws.cell(1, 2).comment.text == s.columns[1].help
        # ready ids in the spare rows
        first_free = 2 + (2 if s is S.PROBLEM else 0)
        assert ws.cell(first_free, 1).value == s.make_id(first_free - 1)
    help_ws = wb["Hjälp"]
    meta = {help_ws.cell(r, 1).value: help_ws.cell(r, 2).value for r in range(1, 8)}
    assert meta["Kommun"] == "Heby" and meta["Kommunkod"] == "0331" and meta["Schemaversion"] == S.SCHEMA_VERSION
    text = " ".join(str(c.value) for row in help_ws.iter_rows() for c in row if c.value)
    assert "Antagande" in text and "Underlätta naturlig övervakning" in text and "Operativa mål" in text


def test_problems_prefilled_in_priority_order(fresh):
    path, _ = fresh
    ws = openpyxl.load_workbook(path)["Problem"]
    row2 = {h.value: ws.cell(2, h.column).value for h in ws[1]}
    assert row2["Id"] == "P1" and row2["Problem"] == "Klotter i Heby" and row2["Prioritet"] == 1
    assert row2["Status"] == "Prioriterat" and row2["Nyckel från steg 1"] == "handelser:klotter:Heby"
    assert row2["Tillagd"].date() == date(2024, 1, 15)
    assert ws.column_dimensions["I"].hidden  # the key column


def _validation_for(ws, letter):
    hits = [dv for dv in ws.data_validations.dataValidation if any(
        str(r).startswith(f"{letter}2:") for r in dv.sqref.ranges)]
    assert len(hits) == 1, letter
    return hits[0]


def test_dropdowns_refuse_off_list_values(fresh):
    path, _ = fresh
    wb = openpyxl.load_workbook(path)
    lists = wb["Listor"]
    for s in S.SHEETS:
        ws = wb[s.name]
        for j, c in enumerate(s.columns, 1):
            letter = openpyxl.utils.get_column_letter(j)
            dv = _validation_for(ws, letter)
            assert dv.showInputMessage and dv.prompt
            if c.kind == "list":
                assert dv.type == "list" and dv.showErrorMessage and dv.errorStyle == "stop"
                sheet, cells = dv.formula1.split("!")
                first, last = cells.replace("$", "").split(":")
                values = [v[0].value for v in lists[f"{first}:{last}"]]
                assert sheet == "Listor" and tuple(values) == c.values, c.key
            elif c.kind == "ref":
                target = S.SHEET_BY_KEY[c.ref].name
                assert dv.type == "list" and dv.showErrorMessage and dv.formula1.startswith(f"'{target}'!$A$2")
            elif c.kind == "id":
                assert dv.type == "custom" and f'"{s.prefix}"' in dv.formula1 and "COUNTIF" in dv.formula1
            elif c.kind in ("int", "number", "date"):
                assert dv.showErrorMessage and dv.errorStyle == "stop"


def test_rerun_without_news_does_not_touch_the_file(tmp_path):
    path = filled_workbook(tmp_path / "arbetsbok_0331_heby.xlsx")
    before = path.read_bytes()
    res = workbook_cli.write(path, "Heby", problem_frame(), today=date(2025, 6, 1))
    assert not res.changed and res.kept == ["handelser:klotter:Heby", "handelser:storande_samling:Heby"]
    assert path.read_bytes() == before
    assert not (tmp_path / "arbetsbok_0331_heby.foregaende.xlsx").exists()


def test_merge_adds_new_problem_and_keeps_everything_the_coordinator_wrote(tmp_path):
    path = filled_workbook(tmp_path / "arbetsbok_0331_heby.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Problem"]
    ws["B2"] = "Klotter och taggar vid Stationen"  # the coordinator renamed P1 (key kept)
    ws["F3"] = "Avslutat"
    ws["L1"] = "Egen kolumn"  # an extra column of their own
    ws["L2"] = "egen anteckning"
    wb["Hjälp"]["F1"] = "Samordnarens notering"
    wb.save(path)
    before = cell_values(path)
    res = workbook_cli.write(path, "Heby", problem_frame(3), today=date(2025, 6, 1))
    assert res.changed and res.added == ["P3"] and res.backup.exists()
    after = cell_values(path)
    changed = {k: (before.get(k), after.get(k)) for k in set(before) | set(after) if before.get(k) != after.get(k)}
    # only the new problem's cells in row 4 of Problem changed; its id was the ready id P3
    assert {(k[0], k[1]) for k in changed} == {("Problem", 4)}
    assert after[("Problem", 4, 1)] == "P3" and after[("Problem", 4, 2)] == "Trafikbrott i Heby"
    assert after[("Problem", 2, 2)] == "Klotter och taggar vid Stationen"
    assert cell_values(res.backup) == before


def test_merge_matches_on_problem_name_when_key_was_removed(tmp_path):
    path = tmp_path / "arbetsbok_0331_heby.xlsx"
    workbook_cli.write(path, "Heby", problem_frame(), today=date(2024, 1, 15))
    wb = openpyxl.load_workbook(path)
    wb["Problem"]["I2"] = None  # key cleared by hand
    wb.save(path)
    res = workbook_cli.write(path, "Heby", problem_frame(), today=date(2025, 1, 1))
    assert res.added == [] and not res.changed


def test_merge_appends_when_no_spare_rows_and_restores_missing_sheet(tmp_path):
    path = tmp_path / "arbetsbok_0331_heby.xlsx"
    workbook_cli.write(path, "Heby", problem_frame(1), today=date(2024, 1, 15))
    wb = openpyxl.load_workbook(path)
    ws = wb["Problem"]
    ws.delete_rows(3, 20)  # no ready ids left
    ws["A3"], ws["B3"] = "P7", "Eget problem"
    del wb["Medborgarlöften"]
    wb.save(path)
    res = workbook_cli.write(path, "Heby", problem_frame(2), today=date(2025, 1, 1))
    assert res.added == ["P8"]
    assert any("Medborgarlöften" in n for n in res.notes)
    wb = openpyxl.load_workbook(path)
    assert wb["Problem"]["A4"].value == "P8" and wb["Problem"]["B3"].value == "Eget problem"
    assert "Medborgarlöften" in wb.sheetnames


def test_workbook_with_picture_is_not_changed_in_place(tmp_path):
    from openpyxl.drawing.image import Image as XLImage
    PIL = pytest.importorskip("PIL.Image")

    path = filled_workbook(tmp_path / "arbetsbok_0331_heby.xlsx")
    PIL.new("RGB", (4, 4), "red").save(tmp_path / "bild.png")
    wb = openpyxl.load_workbook(path)
    wb["Hjälp"].add_image(XLImage(str(tmp_path / "bild.png")), "F3")
    wb.save(path)
    before = path.read_bytes()
    res = workbook_cli.write(path, "Heby", problem_frame(3), today=date(2025, 6, 1))
    assert path.read_bytes() == before
    assert res.path.name == "arbetsbok_0331_heby.uppdaterad.xlsx" and res.added == ["P3"]


def test_same_content_gives_same_bytes(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    workbook_cli.write(a, "Heby", problem_frame(), today=date(2024, 1, 15))
    workbook_cli.write(b, "Heby", problem_frame(), today=date(2024, 1, 15))
    assert a.read_bytes() == b.read_bytes()


def test_bad_problem_frame_and_unknown_municipality_are_swedish_errors(tmp_path):
    with pytest.raises(ParameterError, match="saknar kolumnerna nyckel"):
        workbook_cli.write(tmp_path / "x.xlsx", "Heby", pd.DataFrame({"problem": ["a"]}))
    with pytest.raises(ParameterError, match="Okänd kommun"):
        workbook_cli.write(tmp_path / "y.xlsx", "Gotham", problem_frame())
