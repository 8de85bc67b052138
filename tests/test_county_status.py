"""The status matrix of the county's process follow-up agrees with the workbooks it is made from: a
changed workbook changes the matrix, a missing workbook is 'ej påbörjat', an unreadable one never stops
the report."""
import json
import shutil

import openpyxl
import pandas as pd
import pytest

from lagesbild_methods import paths
from lagesbild_methods.sources.workbook import read_workbook
from lagesbild_methods.steps import lan as L
from lagesbild_methods.steps.lan import status
from lagesbild_methods.verdicts import StepStatus

PRACTICE = paths.SYNTH_DIR / "arbetsbocker"
HEBY = next(PRACTICE.glob("arbetsbok_0331_*.xlsx"))
PER = "2025-12-31"


def _status(m, kod, steg):
    return StepStatus(m[(m["kommunkod"] == kod) & (m["steg"] == steg)]["status"].iloc[0])


@pytest.fixture(scope="module")
def heby_book():
    return read_workbook(HEBY)


def test_matrix_from_a_workbook_and_missing_ones(heby_book):
    members = ("0331", "0319")
    m = status.matrix(members, {"0331": heby_book}, None, PER)
    assert len(m) == 2 * len(status.STEPS)
    prio = heby_book.problem[heby_book.problem["status"] == "Prioriterat"]
    analysed = [p for p in prio["id"] if (heby_book.orsaker["problem"] == p).any()]
    row = m[(m["kommunkod"] == "0331") & (m["steg"] == "orsaksanalys")].iloc[0]
    assert (row["antal"], row["av"]) == (len(analysed), len(prio))
    assert _status(m, "0331", "lagesbild") == StepStatus.DONE
    lb = m[(m["kommunkod"] == "0331") & (m["steg"] == "lagesbild")].iloc[0]
    assert lb["datum"] == heby_book.problem["tillagd"].max() and lb["aktuell"] == bool(
        pd.Timestamp(PER) - pd.DateOffset(months=12) <= lb["datum"])
    assert _status(m, "0331", "medborgarlofte") == StepStatus.DONE  # signed and communicated
    # no workbook: every step not started, and no error
    assert set(m[m["kommunkod"] == "0319"]["status"]) == {StepStatus.NOT_STARTED}


def test_changing_a_workbook_changes_the_matrix(tmp_path, heby_book):
    before = status.matrix(("0331",), {"0331": heby_book}, None, PER)
    assert _status(before, "0331", "orsaksanalys") == StepStatus.DONE
    copy = tmp_path / HEBY.name
    shutil.copy(HEBY, copy)
    wb = openpyxl.load_workbook(copy)
    ws = wb["Orsaker"]
    ws.delete_rows(2, ws.max_row)  # no causes any more
    promises = wb["Medborgarlöften"]
    status_col = [c.value for c in promises[1]].index("Status") + 1
    promises.cell(row=2, column=status_col, value="Utkast")
    wb.save(copy)
    after = status.matrix(("0331",), {"0331": read_workbook(copy)}, None, PER)
    assert _status(after, "0331", "orsaksanalys") == StepStatus.NOT_STARTED
    assert _status(after, "0331", "medborgarlofte") == StepStatus.STARTED
    assert _status(after, "0331", "atgardsplan") == StepStatus.STARTED  # measures, but no analysed problem
    assert _status(after, "0331", "genomforande") == _status(before, "0331", "genomforande")


def test_manifest_dates_the_lagesbild_and_step5(heby_book):
    manifest = pd.DataFrame({"id": ["a", "b", "c"], "mall": ["steg1_lagesbild", "steg1_lagesbild", "steg5_x"],
                             "steg": pd.array([1, 1, 5], dtype="Int64"), "kommunkod": ["0331", "0331", "0331"],
                             "kommun": "Heby", "status": ["ok", "ok", "fel"],
                             "skapad": pd.to_datetime(["2025-03-01", "2025-09-15", "2025-10-01"]).tz_localize(
                                 "Europe/Stockholm"), "exempeldata": [True, False, False]})
    m = status.matrix(("0331", "0319"), {"0331": heby_book}, manifest, PER)
    lb = m[(m["kommunkod"] == "0331") & (m["steg"] == "lagesbild")].iloc[0]
    assert lb["datum"] == pd.Timestamp("2025-09-15") and lb["kalla"] == "manifest" and lb["aktuell"]
    assert lb["exempeldata"] is False
    assert _status(m, "0331", "uppfoljning") != StepStatus.DONE  # the step-5 report failed


def test_reports_made_after_the_follow_up_day_do_not_count():
    manifest = pd.DataFrame({"id": ["a", "b"], "mall": ["steg1_lagesbild", "steg5_x"],
                             "steg": pd.array([1, 5], dtype="Int64"), "kommunkod": ["0319", "0319"],
                             "kommun": "Älvkarleby", "status": ["ok", "ok"],
                             "skapad": pd.to_datetime(["2026-01-10", "2026-02-01"]).tz_localize("Europe/Stockholm"),
                             "exempeldata": [False, False]})
    before = status.matrix(("0319",), {}, manifest, PER)  # the follow-up as of 31 December 2025
    assert _status(before, "0319", "lagesbild") == StepStatus.NOT_STARTED
    assert _status(before, "0319", "uppfoljning") == StepStatus.NOT_STARTED
    after = status.matrix(("0319",), {}, manifest, "2026-02-01")  # made that day: counts
    lb = after[(after["kommunkod"] == "0319") & (after["steg"] == "lagesbild")].iloc[0]
    assert lb["status"] == StepStatus.DONE and lb["datum"] == pd.Timestamp("2026-01-10") and lb["aktuell"]
    assert _status(after, "0319", "uppfoljning") == StepStatus.DONE


def test_process_report_with_a_missing_and_a_broken_workbook(tmp_path):
    folder = tmp_path / "arbetsbocker"
    folder.mkdir()
    shutil.copy(HEBY, folder / HEBY.name)
    (folder / "arbetsbok_0319_alvkarleby.xlsx").write_bytes(b"inte en arbetsbok")
    manifest = {"skapad": "2025-11-01T10:00:00+01:00", "versioner": {}, "rapporter": [
        {"id": "x", "mall": "steg1_lagesbild", "kommunkod": "0381", "kommun": "Enköping", "status": "ok",
         "exempeldata": True, "skapad": "2025-11-01T10:00:00+01:00"}]}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    ctx = L.load_process("03", arbetsbocker_fil=str(folder), per_datum=PER, manifest_fil=str(tmp_path / "manifest.json"))
    sec = L.statusmatris(ctx)
    m = sec.facts["matris"]
    assert set(m[m["kommunkod"] == "0319"]["status"][1:]) == {StepStatus.UNREADABLE}
    assert set(m[m["kommunkod"] == "0382"]["status"]) == {StepStatus.NOT_STARTED}
    assert _status(m, "0381", "lagesbild") == StepStatus.DONE  # from the manifest alone
    text = sec.text
    assert "Ej påbörjat" in text and "Kan inte läsas" in text and "Klart 1 november 2025 (övningsdata)" in text
    assert "Östhammar" in sec.facts["saknar_arbetsbok"]
    ind = L.rapportering(ctx).facts["indikatorer"]
    assert ind["total"] == 8 and ind["aktuell"] == 1 and ind["lagesbild"] == 2
    assert ind["orsak"] == int(_status(m, "0331", "orsaksanalys") != StepStatus.NOT_STARTED)


def test_a_workbook_changed_in_place_changes_the_next_report(tmp_path):
    """The county loader keeps read workbooks per worker process: a workbook saved again between two reports
    (same path) is read again, so the matrix follows the workbook, not a stale copy."""
    folder = tmp_path / "arbetsbocker"
    folder.mkdir()
    book = folder / HEBY.name
    shutil.copy(HEBY, book)
    params = dict(arbetsbocker_fil=str(folder), per_datum=PER, manifest_fil="ingen", samordnarenkat_fil="ingen")
    before = L.statusmatris(L.load_process("03", **params)).facts["matris"]
    assert _status(before, "0331", "orsaksanalys") == StepStatus.DONE
    wb = openpyxl.load_workbook(book)
    wb["Orsaker"].delete_rows(2, wb["Orsaker"].max_row)
    wb.save(book)
    after = L.statusmatris(L.load_process("03", **params)).facts["matris"]
    assert _status(after, "0331", "orsaksanalys") == StepStatus.NOT_STARTED


def test_a_lagesbild_added_after_the_follow_up_day_does_not_count(heby_book):
    first = pd.Timestamp(heby_book.problem["tillagd"].dropna().min())
    m = status.matrix(("0331",), {"0331": heby_book}, None, first - pd.Timedelta(days=1))
    assert _status(m, "0331", "lagesbild") == StepStatus.NOT_STARTED
    m = status.matrix(("0331",), {"0331": heby_book}, None, first)
    lb = m[(m["kommunkod"] == "0331") & (m["steg"] == "lagesbild")].iloc[0]
    assert lb["status"] == StepStatus.DONE and lb["datum"] == first and lb["aktuell"]
