"""Step 2 (orsaksanalys) on the workbook: the prioritisation matrix with values known by construction, the deep
dive that reuses step 1's sections, the causes from the Orsaker sheet, and partial or bad input."""
from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods import paths
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.steps import step1, step2
from lagesbild_methods.steps.step2 import deepdive as step2_deepdive
from lagesbild_methods.steps.report import table_html
from lagesbild_methods.verdicts import Change
from steps23_testdata import SECRETS, canary_workbook, practice_copy, small_register


@pytest.fixture(scope="module")
def heby():
    return step2.load("Heby")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    reg = small_register(tmp_path_factory.mktemp("reg") / "handelser.csv")
    return step2.load("Heby", handelser_fil=str(reg), handelser_till="2025-12-31")


def _with(ctx, **params):
    """The same data with other parameters (no re-reading of the files)."""
    return dataclasses.replace(ctx, params={**ctx.params, **params}, cache={})


def _raw_incidents(kod: str) -> pd.DataFrame:
    """The practice register read with plain pandas (independent of the package's readers)."""
    df = pd.read_csv(paths.incidents_file(kod), sep=";", dtype=str)
    df["dag"] = pd.to_datetime(df["tidpunkt"]).dt.normalize()
    return df


def test_matrix_counts_equal_a_hand_count_of_the_register(heby):
    m = step2.matrix(heby).set_index("id")
    raw = _raw_incidents("0331")
    klotter = raw[(raw["kategori"] == "Klotter") & (raw["omrade"] == "Heby")]
    last = klotter["dag"].between("2025-01-01", "2025-12-31").sum()
    before = klotter["dag"].between("2024-01-01", "2024-12-31").sum()
    # the practice register carries the planted effect of Heby's klotter measures (planterade_effekter.csv)
    assert m.loc["P1", "antal"] == last == 12 and before == 26
    assert m.loc["P1", "forandring"] == Change.DECREASE
    assert m.loc["P1", "forandring_pct"] == pytest.approx((last / before - 1) * 100)
    # the crime-statistics problem: the latest year's count of the type
    crime = pd.read_csv(paths.CRIME_FILE, sep=None, engine="python", dtype={"kommunkod": str})
    trafik = crime[(crime["kommunkod"] == "0331") & (crime["ar"] == 2025) & (crime["brottstyp"] == "trafikbrott")]
    assert m.loc["P4", "antal"] == int(trafik["antal"].iloc[0])
    assert m.loc["P4", "kalla"] == "brott" and pd.isna(m.loc["P4", "koncentration"])


def test_matrix_marks_follow_the_stated_rules(small):
    m = step2.matrix(small).set_index("id")
    # P1 klotter: 5 after 30 -> significant decrease, not increasing; 30 of 35 at one of six places -> concentrated
    assert (m.loc["P1", "antal"], m.loc["P1", "forandring"]) == (5, Change.DECREASE)
    assert m.loc["P1", "koncentration"] == pytest.approx(30 / 35) and m.loc["P1", "k_koncentrerat"] is True
    assert m.loc["P1", "k_okar"] is False and m.loc["P1", "k_vanligt"] is False
    # P3 skadegörelse: 40 after 10 -> significant increase; every incident severe -> harm criterion met
    assert (m.loc["P3", "antal"], m.loc["P3", "forandring"]) == (40, Change.INCREASE)
    assert m.loc["P3", "k_okar"] is True and m.loc["P3", "skada"] == 1.0 and m.loc["P3", "k_skada"] is True
    assert m.loc["P3", "skada_ref"] == pytest.approx(40 / 86)  # 5 + 40 + 12 + 29 incidents in 2025
    # P2 samling: 12 and 12 -> no change; among the commoner half of the incident problems (12 > 5)
    assert m.loc["P2", "forandring"] == Change.NO_CHANGE and m.loc["P2", "k_vanligt"] is True
    # crime-statistics problems cannot be judged on places or severity: not assessed, not "not met"
    assert m.loc["P4", "k_koncentrerat"] is None and m.loc["P4", "bedomda"] == 4
    assert m.loc["P3", "uppfyllda"] == 4 and m.loc["P3", "bedomda"] == 6
    text = step2.prioritering(small).text
    assert "Flest kriterier (4) uppfyller P3 Skadegörelse i Heby" in text
    assert "Styrgruppens högst prioriterade problem, P1 Klotter i Heby, uppfyller 2" in text


def test_harm_weights_replace_severity(small, tmp_path):
    from lagesbild_methods import sources

    w = tmp_path / "vikter.csv"
    w.write_text("kategori;vikt\nklotter;10\nskadegorelse;1\nstorande_samling;2\n", encoding="utf-8")
    ctx = dataclasses.replace(small, data={**small.data, "skadevikter": sources.read(w, expect="skadevikter")},
                              cache={})
    m = step2.matrix(ctx).set_index("id")
    assert m.loc["P1", "skada"] == 50 and m.loc["P3", "skada"] == 40 and m.loc["P2", "skada"] == 24
    assert m.loc["P1", "k_skada"] is True and m.loc["P2", "k_skada"] is False
    assert "skadevärde 50" in step2.prioritering(ctx).text


def test_deep_dive_reuses_step_one_on_the_problem_incidents(heby):
    focus = step2_deepdive.focus(heby)
    raw = _raw_incidents("0331")
    assert len(focus.incidents) == ((raw["kategori"] == "Klotter") & (raw["omrade"] == "Heby")).sum() == 78
    assert set(focus.incidents[C.KATEGORI]) == {"klotter"}
    sec = step2.var(heby)
    same = step1.var(focus)
    assert sec.facts["koncentration"] == same.facts["koncentration"]  # computed once, by step 1's code
    assert same.text in sec.text
    assert "78 händelser i hela registret" in sec.text
    assert "Knox-test" in sec.text and "personer som drabbas" in sec.text
    assert step2.nar(heby).text.count("händelseregister (EST): 78 händelser") == 1


def test_who_uses_the_survey_measure_nearest_the_problem(heby):
    sec = step2.vilka(heby)
    assert sec.facts["grupper"] == [C.KON, C.ALDERSGRUPP]
    assert "klotter och skadegörelse är ett ganska eller mycket stort problem" in sec.text
    figs = [p for p in sec.render() if p[0] == "fig"]
    assert len(figs) == 2 and "Ser klotter och skadegörelse" in figs[0][1].axes[0].get_title("left")


def test_causes_triangle_fishbone_chain_and_evidence(heby):
    tri = step2.brottstriangeln(heby)
    assert tri.facts["perspektiv"] == {"Plats/situation": 2, "Brottsutsatt": 0, "Gärningsperson": 1}
    assert tri.facts["tomma_perspektiv"] == ["Brottsutsatt"] and "Vilka eller vad drabbas" in tri.text
    fish = step2.fiskben(heby)
    assert fish.facts["fiskben"] == ["Fysisk miljö", "Skydd av objekt", "Sociala förhållanden"]
    chain = step2.handelsekedja(heby)
    assert chain.facts["kedja"] == {"5 Efteråt": ["Å1"], "4 Själva händelsen": ["Å1", "Å2"], "1 Bakgrund och behov": []}
    assert "bryta kedjan så tidigt som möjligt" in chain.text
    ev = step2.underlag(heby)
    assert ev.facts["underlag"] == {"Data": 1, "Lokal kunskap": 1, "Antagande": 1}
    assert "Av tre orsaker till P1 Klotter i Heby vilar en på data" in ev.text
    assert "En är en gissning tills den prövats." in ev.text
    for fig in [p[1] for s in (tri, fish, chain) for p in s.render() if p[0] == "fig"]:
        alt = fig._lagesbild_alt
        assert "P1 Klotter i Heby" in alt and "Orsakerna vilar på: data 1, lokal kunskap 1, antagande 1." in alt


def test_gaps_are_listed_never_hidden(heby):
    sec = step2.luckor(heby)
    assert sec.facts["luckor"] == 5 and "Ingen åtgarder" not in sec.text
    assert "Ingen åtgärd hänvisar till orsaken O3." in sec.text
    assert step2.nasta_steg(heby).facts["utan_atgard"] == ["O3"]


def test_chosen_problem_by_id_and_swedish_error_for_an_unknown_one(heby):
    ctx = _with(heby, problem="p4")
    assert step2.chosen(ctx)["id"] == "P4"
    assert step2.problemet(ctx).text.startswith("Orsaksanalysen gäller **P4 Trafikbrott i Heby**")
    assert "Anmälda trafikbrott i Heby 2025" in step2.problemet(ctx).text
    assert "kategorin finns inte i händelserapporterna" in step2.var(ctx).text  # no incident category for it
    with pytest.raises(ParameterError, match=r"Problemet 'P9' finns inte i arbetsboken arbetsbok_0331_heby.xlsx\. "
                                             r"Ange ett av problemen där: P1 \(Klotter i Heby\)"):
        step2.load("Heby", problem="P9")


def test_a_crime_problem_is_looked_at_in_the_nearest_incident_categories(heby):
    ctx = _with(heby, problem="P5")  # skadegörelsebrott
    assert ("händelser i kategorierna skadegörelse och klotter i hela kommunen som närmaste motsvarighet"
            in step2.problemet(ctx).text)
    assert set(step2_deepdive.focus(ctx).incidents[C.KATEGORI]) == {"skadegorelse", "klotter"}


def test_another_municipality_s_workbook_is_refused(tmp_path):
    other = practice_copy(tmp_path, "0360")
    with pytest.raises(ParameterError, match=r"gäller Tierp \(0360\), men rapporten gäller Heby \(0331\)"):
        step2.load("Heby", arbetsbok_fil=str(other))


def test_without_a_workbook_or_survey_the_report_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "WORKBOOK_DIR", tmp_path / "inga")
    monkeypatch.setattr(paths, "SURVEY_DIR", tmp_path / "inga")
    ctx = step2.load("Heby")
    assert ctx.data.get("arbetsbok") is None and ctx.survey is None
    assert "Ingen arbetsbok angavs" in "\n".join(ctx.notes)
    for name in step2.SPEC.sections:
        text = getattr(step2, name)(ctx).text
        assert "Traceback" not in text
    assert "Ingen arbetsbok" in step2.oversikt(ctx).text
    assert "inga problem på bladet Problem" in step2.prioritering(ctx).text


def test_free_text_and_personal_data_never_reach_the_sections(tmp_path):
    ctx = step2.load("Heby", arbetsbok_fil=str(canary_workbook(tmp_path)))
    shown = []
    for name in step2.SPEC.sections:
        for part in getattr(step2, name)(ctx).render():
            if part[0] == "table":
                shown.append(table_html(part[1], part[2]))
            elif part[0] == "fig":
                shown.append(part[1]._lagesbild_alt + " ".join(t.get_text() for ax in part[1].axes for t in ax.texts))
            else:
                shown.append(part[1])
    text = "\n".join(shown)
    for secret in SECRETS:
        assert secret not in text, secret
    assert "Klotter får sitta kvar (uppgift från [personnummer borttaget])" in text  # scrubbed, not dropped
    plt.close("all")


def test_counts_include_both_ends_of_a_period(small):
    from lagesbild_methods.steps import arbetsbok as W

    klotter = W.Scope("handelser", ("klotter",), "Heby")  # 2025: 1 Feb, 2 Apr, 1 Jun, 31 Jul, 29 Sep
    assert W.count_between(small, klotter, "2025-02-01", "2025-09-29") == 5
    assert W.count_between(small, klotter, "2025-02-02", "2025-09-28") == 3
    months = W.monthly_counts(small, klotter, end="2025-07-31")
    assert list(months["antal"].tail(7)) == [0, 1, 0, 1, 0, 1, 1] and str(months["manad"].iloc[-1]) == "2025-07"
    assert W.monthly_counts(small, klotter, end="2025-07-30")["manad"].iloc[-1] == pd.Period("2025-06")  # complete only
