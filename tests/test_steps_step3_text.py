"""Wording for steps 2 and 3 (text.plans): never stronger than the calculation."""
import pytest

from lagesbild_methods.text import plans as TP


def test_mde_sentence():  # moved here from the power module with the function
    s = TP.mde_sentence(153, 0.283, 2)
    assert s == "Med cirka 150 händelser per år kan en minskning på 30\u202f% upptäckas efter två år."
    assert "30" in TP.mde_sentence(150, 0.30, 2)  # exactly 30 % stays 30 %
    assert "35" in TP.mde_sentence(150, 0.301, 2)  # never rounds a claim down
    assert "1\u202f200" in TP.mde_sentence(1234, 0.1, 3) and "tre år" in TP.mde_sentence(1234, 0.1, 3)
    assert "går det inte" in TP.mde_sentence(8, float("nan"), 1)
    assert "jämförelseområdet" in TP.mde_sentence(150, 0.3, 2, with_comparison=True)
    assert TP.mde_sentence(36, 0.503, 16 / 12).endswith("en minskning på 55\u202f% upptäckas efter 16 månader.")
    assert "brott per år" in TP.mde_sentence(110, 0.37, 1, noun="brott")


@pytest.mark.parametrize("years,text", [(1, "ett år"), (2, "två år"), (1.5, "18 månader"), (16 / 12, "16 månader"),
                                        (2.25, "27 månader"), (3.5, "3,5 år"), (2.6, "2,6 år"), (12, "12 år")])
def test_years_text(years, text):
    assert TP.years_text(years) == text


def test_target_against_mde():
    assert TP.target_vs_mde(0.31, 0.503).startswith("Målet (−31\u202f%) är mindre än den minskning som kan upptäckas "
                                                    "(55 %)")
    assert TP.target_vs_mde(0.40, 0.38).startswith("Målet (−40\u202f%) är minst lika stort")
    assert TP.target_vs_mde(0.40, 0.40) .startswith("Målet (−40\u202f%) är minst lika stort")
    assert "går inte att skilja från slumpen" in TP.target_vs_mde(0.3, float("nan"))
    assert TP.target_vs_mde(None, 0.3).startswith("Målvärdet saknas")


def test_evidence_is_said_plainly():
    s = TP.evidence_sentence({"Data": 1, "Lokal kunskap": 1, "Antagande": 1}, "P1 Klotter")
    assert s.startswith("Av tre orsaker till P1 Klotter vilar en på data (statistik eller händelserapporter), en på "
                        "lokal kunskap")
    assert "En av tre har stöd i data eller forskning" in s and s.endswith("En är en gissning tills den prövats.")
    none = TP.evidence_sentence({"Antagande": 2}, "P2")
    assert "**Ingen orsak har ännu stöd i data eller forskning**" in none and "Två är gissningar" in none
    assert "Alla orsaker har stöd" in TP.evidence_sentence({"Data": 2, "Forskning": 1}, "P3")
    assert "saknas" not in TP.evidence_sentence({"Data": 1}, "P4")
    assert "utan angivet underlag" in TP.evidence_sentence({"Data": 1, "_": 1}, "P5")
    assert TP.evidence_sentence({}, "P6").startswith("Arbetsboken har ännu inga orsaker till P6")


def test_matrix_and_smart_sentences():
    rows = [("P1", "Klotter", 2, 6), ("P2", "Samling", 3, 6)]
    s = TP.matrix_sentence(rows)
    assert s.startswith("Flest kriterier (3) uppfyller P2 Samling. Styrgruppens högst prioriterade problem, P1 Klotter")
    assert "inte ett beslut" in s
    assert TP.mark(True) == "●" and TP.mark(False) == "○" and TP.mark(None) == "–" and TP.mark(float("nan")) == "–"
    assert TP.smart_sentence(2, 3, {"Baslinje": 1, "Ansvarig": 0}) == (
        "Två av tre mål har indikator, baslinje, målvärde, måldatum och ansvarig. Baslinje saknas för ett.")
    assert TP.detectable_summary(0, 2).startswith("Inget av de två bedömda målen")


def test_one_goal_is_worded_in_the_singular():  # 'Inget av de en bedömda målen' was shown for one goal
    assert TP.detectable_summary(0, 1).startswith("Det bedömda målet är inte så stort") and " de en " not in \
        TP.detectable_summary(0, 1)
    assert TP.detectable_summary(1, 1) == "Det bedömda målet är minst lika stort som det uppföljningen kan upptäcka."
    assert TP.detectable_summary(1, 3).startswith("Ett av tre bedömda mål är så stort")
    assert "För det återstående:" in TP.detectable_summary(2, 3)
    assert TP.detectable_summary(2, 2).startswith("Båda bedömda målen")
    assert TP.smart_sentence(1, 1, {"Baslinje": 0}) == "Målet har indikator, baslinje, målvärde, måldatum och ansvarig."
    assert TP.smart_sentence(0, 1, {"Baslinje": 1, "Måldatum": 1}).endswith("Baslinje och måldatum saknas.")
    assert TP.smart_sentence(1, 3, {"Ansvarig": 1}).startswith("Ett av tre mål")
