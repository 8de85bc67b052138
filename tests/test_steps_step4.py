"""Step 4 (genomförande): the process follow-up computed from the workbook -- traffic light rules with their
reasons, deviations with the activities they concern, hours and costs -- checked against values computed
independently from the workbook, on the practice workbook and on workbooks written for each rule."""
from __future__ import annotations

from datetime import datetime

import openpyxl
import pandas as pd
import pytest

from lagesbild_methods import paths
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.figures.style import get_alt_text
from lagesbild_methods.sources.workbook import read_workbook
from lagesbild_methods.steps import step4
from lagesbild_methods.verdicts import ProcessStatus
from lagesbild_methods.workbook import schema as S
from workbook_testdata import CANARY, CANARY_PNR, FILL, filled_workbook

REF = "2025-06-30"


def _measure(mid, start, end=None, status="Pågår", cause="O1"):
    return [mid, cause, f"Åtgärd {mid}", "Mål", start, end, "Kommunen", CANARY, "Tertialvis", S.TEKNIKER[14],
            "Situationell", S.LISTS["evidens"][2], "Ordinarie arbete", status, CANARY]


def _act(aid, day, mid, status="Genomförd", hours=2.0, cost=100):
    return [aid, day, mid, CANARY, "Kommunen", hours, cost, status]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return filled_workbook(tmp_path_factory.mktemp("bas") / "arbetsbok.xlsx")


@pytest.fixture(scope="module")
def heby():
    return step4.load("Heby")


def book(base, tmp_path, measures, acts):
    """The test workbook of tests/workbook_testdata.py with its Åtgärder and Aktiviteter sheets replaced."""
    path = tmp_path / "arbetsbok.xlsx"
    wb = openpyxl.load_workbook(base)
    for sheet, rows in (("Åtgärder", measures), ("Aktiviteter", acts)):
        ws = wb[sheet]
        width = len(FILL[sheet][0])
        for i in range(2, 2 + max(len(FILL[sheet]), len(rows)) + 1):
            for j in range(2, width + 1):  # keep the ready ids in column A, clear the rest
                ws.cell(i, j).value = None
        for i, values in enumerate(rows, 2):
            for j, v in enumerate(values, 1):
                ws.cell(i, j).value = v
    wb.save(path)
    return path


def process_of(path, ref=REF):
    lb = step4.load("Heby", arbetsbok_fil=str(path), datum=ref)
    return lb, step4.measure_process(lb).set_index("id")


def test_practice_workbook_hours_costs_and_counts_match_the_workbook(heby):
    path = paths.workbook_file("0331")
    lb = heby
    ref, how = step4.reference_date(lb)
    act = read_workbook(path).aktiviteter
    # the follow-up date is the latest recorded activity (not a planned one)
    assert how == "aktivitet"
    assert ref == act.loc[act["status"] != "Planerad", "datum"].max()
    proc = step4.measure_process(lb).set_index("id")
    due = act[act["datum"] <= ref]
    done = due[due["status"].isin(["Genomförd", "Delvis genomförd"])]
    for mid, g in done.groupby("atgard"):
        assert proc.loc[mid, "timmar"] == pytest.approx(g["timmar"].sum())
        assert proc.loc[mid, "kostnad"] == pytest.approx(g["kostnad"].sum())
        assert proc.loc[mid, "genomforda"] == (g["status"] == "Genomförd").sum()
    assert proc["installda"].sum() == (due["status"] == "Inställd").sum()
    tot = step4.totals(proc.reset_index())
    assert tot["timmar"] == pytest.approx(done["timmar"].sum()) and tot["timmar"] > 1000
    text = step4.oversikt(lb).text
    assert "Sju åtgärder följs upp: en gul och sex gröna." in text


def test_practice_heby_partly_done_measure_is_yellow_with_its_activity(heby):
    lb = heby
    proc = step4.measure_process(lb).set_index("id")
    assert proc.loc["Å6", "status"] == ProcessStatus.YELLOW and proc.loc["Å6", "skal"] == ["delvis"]
    assert (proc.drop(index="Å6")["status"] == ProcessStatus.GREEN).all()
    dev = step4.deviations(lb)
    assert dev.to_dict("records") == [{"atgard": "Å6", "skal": "delvis", "status": ProcessStatus.YELLOW,
                                       "aktiviteter": "A217", "datum": pd.Timestamp("2025-10-21")}]
    table = step4.status(lb).render()[0][1]
    row = table[table["Åtgärd"] == "Å6"].iloc[0]
    assert row["Bedömning"] == "Gul" and row["Skäl"] == "Minst var fjärde aktivitet genomfördes bara delvis"
    assert row["Problem"] == "P3" and row["Orsak"] == "O8"


@pytest.mark.parametrize("measure,acts,status,reasons", [
    (_measure("Å1", datetime(2024, 9, 1)), [_act("A1", datetime(2025, 6, 1), "Å1")], ProcessStatus.GREEN,
     ["enligt_plan"]),
    (_measure("Å1", datetime(2024, 9, 1), status="Avbruten"), [_act("A1", datetime(2024, 10, 1), "Å1")],
     ProcessStatus.RED, ["avbruten"]),
    (_measure("Å1", datetime(2025, 3, 1)), [], ProcessStatus.RED, ["inget_gjort"]),
    (_measure("Å1", datetime(2024, 9, 1)), [_act("A1", datetime(2025, 1, 10), "Å1")], ProcessStatus.YELLOW,
     ["tyst"]),
    (_measure("Å1", datetime(2024, 9, 1)),
     [_act("A1", datetime(2025, 5, 1), "Å1"), _act("A2", datetime(2025, 5, 2), "Å1", "Inställd"),
      _act("A3", datetime(2025, 5, 3), "Å1", "Inställd")], ProcessStatus.RED, ["manga_installda"]),
    (_measure("Å1", datetime(2024, 9, 1)),
     [_act("A1", datetime(2025, 6, 1), "Å1"), _act("A2", datetime(2025, 6, 20), "Å1", "Planerad", None, None)],
     ProcessStatus.YELLOW, ["planerad_passerad"]),
    (_measure("Å1", datetime(2024, 9, 1), datetime(2025, 3, 31)), [_act("A1", datetime(2025, 3, 1), "Å1")],
     ProcessStatus.YELLOW, ["slut_passerat"]),
    (_measure("Å1", datetime(2025, 1, 1), datetime(2025, 12, 31)),
     [_act("A1", datetime(2024, 12, 1), "Å1"), _act("A2", datetime(2025, 6, 1), "Å1")], ProcessStatus.YELLOW,
     ["utanfor_perioden"]),
    (_measure("Å1", datetime(2024, 9, 1)), [_act("A1", datetime(2025, 6, 1), "Å1", hours=None)],
     ProcessStatus.YELLOW, ["saknar_timmar"]),
    (_measure("Å1", datetime(2025, 9, 1)), [], ProcessStatus.NOT_STARTED, ["ej_startad"]),
    (_measure("Å1", None), [_act("A1", datetime(2025, 6, 1), "Å1")], ProcessStatus.YELLOW, ["ingen_start"]),
])
def test_traffic_light_rules(base, tmp_path, measure, acts, status, reasons):
    _, proc = process_of(book(base, tmp_path, [measure], acts))
    assert proc.loc["Å1", "status"] == status
    assert proc.loc["Å1", "skal"] == reasons


def test_deviation_names_the_activities_and_the_worst_reason_wins(base, tmp_path):
    acts = [_act("A1", datetime(2025, 6, 1), "Å1"), _act("A2", datetime(2025, 6, 2), "Å1", "Inställd"),
            _act("A3", datetime(2025, 6, 20), "Å1", "Planerad", None, None),
            _act("A4", datetime(2025, 8, 1), "Å1", "Planerad", None, None)]
    lb, proc = process_of(book(base, tmp_path, [_measure("Å1", datetime(2024, 9, 1), status="Försenad")], acts))
    assert proc.loc["Å1", "status"] == ProcessStatus.RED
    assert proc.loc["Å1", "skal"] == ["forsenad", "manga_installda", "planerad_passerad"]
    assert proc.loc["Å1", "planerade"] == 2 and proc.loc["Å1", "passerade"] == 1
    assert proc.loc["Å1", "timmar"] == 2.0  # the cancelled and planned activities carry no hours
    dev = step4.deviations(lb).set_index("skal")
    assert dev.loc["manga_installda", "aktiviteter"] == "A2"
    assert dev.loc["planerad_passerad", "aktiviteter"] == "A3"  # A4 lies after the follow-up date
    html = step4.avvikelser(lb).text
    assert "Tre avvikelser från planen i en åtgärd" in html and "Åtgärden står som försenad i arbetsboken" in html


def test_timeline_and_resources_figures_describe_every_measure(base, tmp_path):
    acts = [_act("A1", datetime(2025, 6, 1), "Å1", hours=3.5, cost=2600), _act("A2", datetime(2025, 5, 1), "Å2")]
    lb, _ = process_of(book(base, tmp_path, [_measure("Å1", datetime(2024, 9, 1)), _measure("Å2", datetime(2025, 4, 1))],
                            acts))
    figs = [p[1] for p in step4.tidslinje(lb).render() if p[0] == "fig"]
    figs += [p[1] for p in step4.resurser(lb).render() if p[0] == "fig"]
    alt = [get_alt_text(f) for f in figs]
    assert "Å1: Grön, 1 genomförda, 0 inställda och 0 planerade aktiviteter" in alt[0]
    assert "30 juni 2025" in alt[0]
    assert "Å1 3,5 tim och 2\u202f600 kr" in alt[1] or "Å1 3,5 tim och 2 600 kr" in alt[1]


def test_bad_date_and_foreign_workbook_are_refused_in_swedish(tmp_path):
    with pytest.raises(ParameterError, match="Parametern datum ska vara ett datum som 2025-12-31"):
        step4.load("Heby", datum="trettionde juni")
    with pytest.raises(ParameterError, match="gäller Heby .* men rapporten gäller Tierp"):
        step4.load("Tierp", arbetsbok_fil=str(paths.workbook_file("0331")))


def test_free_text_never_reaches_a_section(base, tmp_path):
    acts = [_act("A1", datetime(2025, 6, 1), "Å1")]
    lb, _ = process_of(book(base, tmp_path, [_measure("Å1", datetime(2024, 9, 1))], acts))
    for name in step4.SPEC.sections:
        text = getattr(step4, name)(lb).text
        assert CANARY_PNR not in text and "Kanarie" not in text and CANARY not in text


def test_without_workbook_the_sections_say_so():
    lb = step4.load("Heby")
    lb.data["arbetsbok"] = None
    lb.cache.clear()
    for name in step4.SPEC.sections:
        assert "Ingen arbetsbok" in getattr(step4, name)(lb).text
