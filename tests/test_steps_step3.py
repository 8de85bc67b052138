"""Step 3 (åtgärdsplan) on the workbook: every measure's cause and problem ids (gaps shown), the SMART check,
baselines equal to hand counts of the data, the minimum detectable effect of the planned follow-up, the draft
medborgarlöfte, and no free text."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import openpyxl
import pandas as pd
import pytest

from lagesbild_methods import paths
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.stats import power as PW
from lagesbild_methods.steps import step3
from lagesbild_methods.steps.report import table_html
from lagesbild_methods.text import plans as TP
from lagesbild_methods.workbook import schema as S
from steps23_testdata import SECRETS, canary_workbook, practice_copy, set_cell


@pytest.fixture(scope="module")
def heby():
    return step3.load("Heby")


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """The canary workbook (Å2 cites O99, Å8 cites nothing) with I3's baseline removed."""
    path = canary_workbook(tmp_path_factory.mktemp("wb"))
    wb = openpyxl.load_workbook(path)
    set_cell(wb, S.INDIKATORER, "I3", "baslinje", None)
    wb.save(path)
    return step3.load("Heby", arbetsbok_fil=str(path))


def _raw_sheet(path, sheet: S.Sheet) -> pd.DataFrame:
    """A workbook sheet read with plain openpyxl (independent of the package's reader)."""
    ws = openpyxl.load_workbook(path, data_only=True)[sheet.name]
    rows = list(ws.iter_rows(values_only=True))
    df = pd.DataFrame(rows[1:], columns=rows[0])
    return df[df[df.columns[1]].notna()]  # spare rows hold only an id


def _plan(ctx) -> pd.DataFrame:
    return step3.atgardsplan(ctx).facts["plan"].set_index("Id")


def test_every_measure_cites_the_cause_and_problem_ids_of_the_workbook(heby):
    path = paths.workbook_file("0331")
    measures = _raw_sheet(path, S.ATGARDER).set_index("Id")
    problem_of = _raw_sheet(path, S.ORSAKER).set_index("Id")["Problem"]
    plan = _plan(heby)
    assert list(plan.index) == list(measures.index) == ["Å1", "Å2", "Å3", "Å4", "Å5", "Å6", "Å7"]
    for mid, m in measures.iterrows():
        causes = [c.strip() for c in str(m["Orsak"]).split(",")]
        assert plan.loc[mid, "Orsak"] == ", ".join(causes)
        assert plan.loc[mid, "Problem"] == ", ".join(dict.fromkeys(problem_of[c] for c in causes))
    assert "Varje åtgärd hänvisar till minst en orsak som finns" in step3.atgardsplan(heby).text


def test_broken_links_are_shown_as_gaps(edited):
    plan = _plan(edited)
    assert plan.loc["Å2", "Orsak"] == "O2, O99 (⚠ finns inte)" and plan.loc["Å2", "Problem"] == "P1"
    assert plan.loc["Å8", "Orsak"] == "⚠ saknas" and plan.loc["Å8", "Problem"] == "⚠ saknas"
    sec = step3.atgardsplan(edited)
    assert sec.facts["brutna"] == ["Å2", "Å8"] and "**Brutna länkar:** Å2 och Å8" in sec.text
    gaps = step3.luckor(edited).text
    assert "Åtgärden Å2 hänvisar till O99, som inte finns på bladet Orsaker." in gaps
    assert "Åtgärden Å8 hänvisar inte till någon orsak." in gaps
    chain = step3.kedjan(edited)
    assert chain.facts["hela"] < chain.facts["vagar"] and "⚠ ingen åtgärd" in chain.text


def test_smart_check_names_what_is_missing(edited):
    df = step3.smart(edited).facts["smart"].set_index(["atgard", "indikator"], drop=False)
    assert not df.loc[("Å3", "I3"), "Baslinje"] and not df.loc[("Å3", "I3"), "smart"]
    assert df.loc[("Å1", "I1"), "smart"]
    a8 = df[df["atgard"] == "Å8"].iloc[0]
    assert pd.isna(a8["indikator"]) and not a8["Indikator"] and a8["Ansvarig"] and not a8["smart"]
    text = step3.smart(edited).text
    assert ("Sex av åtta mål har indikator, baslinje, målvärde, måldatum och ansvarig. Indikator saknas för ett, "
            "baslinje saknas för två, målvärde saknas för ett och måldatum saknas för ett.") in text


def _raw_incidents() -> pd.DataFrame:
    df = pd.read_csv(paths.incidents_file("0331"), sep=";", dtype=str)
    df["dag"] = pd.to_datetime(df["tidpunkt"]).dt.normalize()
    return df[(df["kategori"] == "Klotter") & (df["omrade"] == "Heby")]


def test_baselines_equal_hand_counts_of_the_data(heby):
    a = step3.assessment(heby).set_index("id")
    klotter = _raw_incidents()
    n = klotter["dag"].between("2023-09-01", "2024-08-31").sum()
    assert a.loc["I1", "beraknad"] == n == a.loc["I1", "baslinje"] == 36
    assert a.loc["I1", "berakningsperiod"] == "2023-09-01–2024-08-31"
    assert a.loc["I1", "baslinje_bedomning"] == "stämmer med data"
    crime = pd.read_csv(paths.CRIME_FILE, sep=None, engine="python", dtype={"kommunkod": str})
    trafik = crime[(crime["kommunkod"] == "0331") & (crime["ar"] == 2023) & (crime["brottstyp"] == "trafikbrott")]
    assert a.loc["I7", "beraknad"] == float(trafik["antal"].iloc[0]) == a.loc["I7", "baslinje"]
    survey = pd.read_csv(paths.survey_file("0331"), sep=";", dtype=str)
    s22 = survey[(survey["ar"] == "2022") & survey["trygghet_ute_kvall"].notna() & (survey["trygghet_ute_kvall"] != "Vet ej")]
    w = s22["vikt"].str.replace(",", ".").astype(float)
    share = (w * s22["trygghet_ute_kvall"].isin(["Ganska otrygg", "Mycket otrygg"])).sum() / w.sum()
    assert a.loc["I6", "beraknad"] == pytest.approx(share * 100) and round(share * 100, 1) == a.loc["I6", "baslinje"]


def test_a_half_year_baseline_is_scaled_to_the_indicator_s_unit(tmp_path):
    path = practice_copy(tmp_path)
    wb = openpyxl.load_workbook(path)
    set_cell(wb, S.INDIKATORER, "I1", "baslinje_period", "2024-03-01–2024-08-31")
    wb.save(path)
    a = step3.assessment(step3.load("Heby", arbetsbok_fil=str(path))).set_index("id")
    n = _raw_incidents()["dag"].between("2024-03-01", "2024-08-31").sum()
    assert a.loc["I1", "beraknad"] == pytest.approx(n * 365.25 / 184)
    lo, hi = a.loc["I1", "beraknad_nedre"], a.loc["I1", "beraknad_ovre"]
    assert lo < a.loc["I1", "beraknad"] < hi


def test_mde_is_that_of_the_planned_follow_up(heby):
    a = step3.assessment(heby).set_index("id")
    d = a.loc["I1", "design"]
    # Å1 starts 2024-09-01: the baseline series is January 2023 - August 2024; the target date 2025-12-31
    assert (d.years_before, d.years_after, d.periods_per_year) == (20 / 12, 16 / 12, 12)
    n = _raw_incidents()["dag"].between("2023-01-01", "2024-08-31").sum()
    assert d.events_per_year == pytest.approx(n * 12 / 20, rel=1e-6)  # constant level: the mean per month
    assert a.loc["I1", "mde"] == pytest.approx(PW.minimum_detectable_effect(d))
    assert 0.3 < a.loc["I1", "mde"] < 0.8
    pct = TP.mde_percent(a.loc["I1", "mde"])
    text = step3.upptackbar_effekt(heby).text
    assert f"kan en minskning på {pct}\u202f% upptäckas efter 16 månader" in text
    assert a.loc["I1", "mal_mot_mde"] == f"nej (mål −31\u202f%, upptäckbart {pct} %)"
    # yearly crime statistics: 2015-2024 before, 2025 after
    d7 = a.loc["I7", "design"]
    assert (d7.years_before, d7.years_after, d7.periods_per_year) == (10, 1, 1)
    assert a.loc["I7", "mde"] == PW.minimum_detectable_effect(d7, interval="simulation")  # solved on the real test
    assert "brott per år" in text
    # the survey indicator: the smallest drop between two rounds, in percentage points
    assert "procentenheter" in a.loc["I6", "mening"]


def test_more_power_or_a_longer_follow_up_changes_the_claim(tmp_path):
    path = practice_copy(tmp_path)
    wb = openpyxl.load_workbook(path)
    set_cell(wb, S.INDIKATORER, "I1", "maldatum", None)  # no target date: the template's follow-up is assumed
    wb.save(path)
    short = step3.assessment(step3.load("Heby", arbetsbok_fil=str(path), uppfoljning_ar=1)).set_index("id")
    long = step3.assessment(step3.load("Heby", arbetsbok_fil=str(path), uppfoljning_ar=4, styrka=0.9)).set_index("id")
    assert short.loc["I1", "antaget_ar_efter"] and short.loc["I1", "ar_efter"] == 1
    assert long.loc["I1", "design"].years_after == 4
    assert long.loc["I1", "mde"] == pytest.approx(PW.minimum_detectable_effect(long.loc["I1", "design"],
                                                                                power_target=0.9))
    assert not np.isclose(short.loc["I1", "mde"], long.loc["I1", "mde"])
    with pytest.raises(ParameterError, match="styrka ska ligga mellan 0,5 och 0,99"):
        step3.load("Heby", styrka=1.5)


def test_draft_medborgarlofte_is_plain_and_built_from_the_plan(heby):
    d = step3.draft(heby)
    assert d["atgarder"] == ["Å1", "Å2", "Å3", "Å4", "Å5"] and d["problem"] == ["P1", "P2", "P3"]
    text = d["text"]
    assert text.startswith("**Medborgarlöfte 2024–2025 – Heby**")
    assert "lovar Heby kommun och polisen i lokalpolisområde Norduppland" in text
    assert "- Klotter i centrala Heby saneras inom 24 timmar i minst 9 fall av 10." in text
    assert "Så här får ni veta hur det gick: kommunens webbplats och öppet möte" in text
    assert "Vår lägesbild visar att klotter i Heby" in text


def test_free_text_and_personal_data_never_reach_the_sections(edited):
    shown = []
    for name in step3.SPEC.sections:
        for part in getattr(step3, name)(edited).render():
            shown.append(table_html(part[1], part[2]) if part[0] == "table" else
                         part[1]._lagesbild_alt if part[0] == "fig" else part[1])
    plt.close("all")
    text = "\n".join(shown)
    for secret in SECRETS:
        assert secret not in text, secret
    assert "Vi sanerar klotter. Frågor: [personnummer borttaget]" in text
    assert "Gata och park, ring [telefonnummer borttaget]" in text
