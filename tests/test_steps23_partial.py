"""Steps 2 and 3 on partial and genuine-format data: Polisen's public feed given as the incident file, a
workbook place that is not an area of the data, and no incident register at all. Each case gives a correct
report or a clear Swedish reason -- never a count that stands for something else."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from lagesbild_methods import cli
from lagesbild_methods.steps import arbetsbok as W
from lagesbild_methods.steps import step2, step3
from lagesbild_methods.workbook import schema as S
from steps23_testdata import practice_copy, set_cell

FIX = Path(__file__).parent / "fixtures" / "sources"


MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")


def polisen_feed(path, n_per_month: int = 3):
    """Polisen's events API format (as polisen.se/api/events returns it): Heby's events of two and a half
    years in the categories the practice workbook's problems and indicators count."""
    events, i = [], 0
    for month in pd.period_range("2023-01", "2025-12", freq="M"):
        for k, typ in enumerate(("Skadegörelse", "Ordningslagen", "Narkotikabrott")[:n_per_month]):
            i += 1
            t = month.start_time + pd.Timedelta(days=3 + 7 * k, hours=21)
            events.append({"id": 1000 + i, "datetime": t.strftime("%Y-%m-%d %H:%M:%S +01:00"),
                           "name": f"{t.day} {MONTHS[t.month - 1]} 21.00, {typ}, Heby", "summary": "Händelse.",
                           "url": f"/aktuellt/handelser/{i}/", "type": typ,
                           "location": {"name": "Heby", "gps": "59.939637,16.858759"}})
    path.write_text(json.dumps(events, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def feed(tmp_path_factory):
    return polisen_feed(tmp_path_factory.mktemp("polisen") / "polisen_heby.json")


@pytest.fixture(scope="module")
def polisen3(feed):
    return step3.load("Heby", handelser_fil=str(feed))


@pytest.fixture(scope="module")
def polisen2(feed):
    return step2.load("Heby", handelser_fil=str(feed))


def test_polisen_feed_is_read_but_never_a_baseline_or_a_follow_up(polisen3):
    assert polisen3.incidents is not None and len(polisen3.incidents) > 50  # the feed was read ...
    a = step3.assessment(polisen3).set_index("id")
    inc = a[a["kalla"] == "handelser"]
    assert len(inc) == 5
    assert (inc["skal"] == W.POLISEN_NOT_COUNTED).all()  # ... but nothing is counted from it
    assert inc["beraknad"].isna().all() and inc["mde"].isna().all()
    assert a.loc["I7", "kalla"] == "brott" and np.isfinite(a.loc["I7", "mde"])  # crime statistics still are
    assert "Polisens händelser är ett urval" in step3.upptackbar_effekt(polisen3).text


def test_polisen_feed_gives_no_counts_in_the_matrix_and_says_why(polisen2):
    m = step2.matrix(polisen2).set_index("id")
    assert m.loc[m["kalla"] == "handelser", "antal"].isna().all()
    assert m.loc["P4", "antal"] > 0  # the crime-statistics problem is still measured
    text = step2.prioritering(polisen2).text
    assert "räknas inte i matrisen" in text and "redaktionellt urval" in text
    for section in (step2.problemet, step2.var, step2.nar):
        assert "redaktionellt urval" in section(polisen2).text, section.__name__


@pytest.fixture(scope="module")
def misplaced(tmp_path_factory):
    """I1 counted at 'Stationen' (a place, not an area of Heby's register); P2 in 'Gamla stan'."""
    path = practice_copy(tmp_path_factory.mktemp("plats"))
    wb = openpyxl.load_workbook(path)
    set_cell(wb, S.INDIKATORER, "I1", "omrade", "Stationen")
    set_cell(wb, S.PROBLEM, "P2", "omrade", "Gamla stan, mest vid torget")
    wb.save(path)
    return path


def test_a_place_that_is_not_an_area_is_refused_not_counted_as_the_whole_municipality(misplaced):
    ctx = step3.load("Heby", arbetsbok_fil=str(misplaced))
    a = step3.assessment(ctx).set_index("id")
    assert "”Stationen” är inget område i händelserapporterna" in a.loc["I1", "skal"]
    assert "Heby" in a.loc["I1", "skal"]  # the areas that exist are named
    assert np.isnan(a.loc["I1", "beraknad"]) and np.isnan(a.loc["I1", "mde"])
    assert a.loc["I2", "beraknad"] == 36 and pd.isna(a.loc["I2", "skal"])  # same category in area Heby: counted
    assert "platsen ”Stationen” finns inte som område" in a.loc["I1", "raknar"]


def test_the_matrix_refuses_a_problem_whose_place_is_not_an_area(misplaced):
    ctx = step2.load("Heby", arbetsbok_fil=str(misplaced))
    m = step2.matrix(ctx).set_index("id")
    assert pd.isna(m.loc["P2", "antal"]) and m.loc["P1", "antal"] == 12
    assert "**P2** räknas inte i matrisen: platsen ”Gamla stan” är inget område" in step2.prioritering(ctx).text


def test_without_incidents_the_workbook_s_place_is_kept_and_the_gap_named(tmp_path):
    ctx = step3.load("Heby", handelser_fil="ingen", enkat_fil="ingen")
    a = step3.assessment(ctx).set_index("id")
    assert a.loc["I1", "raknar"] == "händelser i kategorin klotter i Heby"  # not "i hela kommunen"
    assert a.loc["I1", "skal"] == W.NO_INCIDENTS and a.loc["I6", "skal"] == "ingen trygghetsmätning"
    text = step3.upptackbar_effekt(ctx).text
    assert "Det bedömda målet är inte så stort" in text and "de en " not in text


# ------------------------------------------------------------------------------------------ lagesbild arbetsbok
def test_arbetsbok_reads_genuine_formats_and_says_why_nothing_is_proposed(tmp_path, capsys, feed):
    out = tmp_path / "a.xlsx"
    # Polisen's feed as the incident file: read, but proposes nothing (the crime statistics still do)
    assert cli.main(["arbetsbok", "--kommun", "Heby", "--ut", str(out), "--handelser-fil", str(feed)]) == 0
    text = capsys.readouterr().out
    assert "Polisens händelser från polisen.se är ett litet urval" in text and "2 prioriterade problem" in text
    # Brå's export of all kommuner for one year: only the total, so no crime type to propose
    out2 = tmp_path / "b.xlsx"
    assert cli.main(["arbetsbok", "--kommun", "Heby", "--ut", str(out2), "--handelser-fil", "ingen",
                     "--brott-fil", str(FIX / "bra_anmalda_brott_kommunerna_2024.csv")]) == 0
    text = capsys.readouterr().out
    assert "bara det totala antalet" in text and "0 prioriterade problem" in text and out2.exists()
    # a population file without the year: a Swedish sentence, not a crash
    pop = tmp_path / "folkmangd.csv"
    pop.write_text("kommunkod,ar,folkmangd,kalla\n0331,2017,13854,SCB\n03,2017,368971,SCB\n", encoding="utf-8")
    assert cli.main(["arbetsbok", "--kommun", "Heby", "--ut", str(tmp_path / "c.xlsx"), "--handelser-fil", "ingen",
                     "--folkmangd-fil", str(pop)]) == 0
    assert "Folkmängdsfilen saknar folkmängd för Heby eller länet för 2025" in capsys.readouterr().out


def test_a_count_without_its_population_says_so_instead_of_no_data(tmp_path):
    from lagesbild_methods import paths

    pop = pd.read_csv(paths.POPULATION_FILE, dtype={"kommunkod": str}, comment="#")
    short = tmp_path / "folkmangd_till_2022.csv"
    pop[pop["ar"] <= 2022].to_csv(short, index=False)
    ctx = step2.load("Heby", problem="P4", folkmangd_fil=str(short), handelser_fil="ingen", enkat_fil="ingen")
    m = step2.matrix(ctx).set_index("id")
    assert m.loc["P4", "antal"] == 111 and pd.isna(m.loc["P4", "takt"])
    assert "111 (folkmängd saknas)" in step2.prioritering(ctx).text
    text = step2.problemet(ctx).text
    assert "trafikbrott i Heby 2025: 111. Antal per 100 000 invånare kan inte beräknas" in text
    assert "uppgift saknas" not in text


def test_one_statistics_year_is_named_once(polisen3):
    import dataclasses

    from lagesbild_methods.steps.context import Period

    one = dataclasses.replace(polisen3, period=Period.of(2025, 2025), cache={})
    text = step3.oversikt(one).text
    assert "statistikår 2025," in text and "2025–2025" not in text
