"""Tests for lagesbild_methods.sources.survey (wide survey microdata -> long contract)."""
from pathlib import Path

import pytest

from lagesbild_methods import columns as C
from lagesbild_methods import paths, registry
from lagesbild_methods.errors import InputDataError
from lagesbild_methods.sources.survey import SVARSSKALOR, read_survey

FIX = Path(__file__).parent / "fixtures" / "sources"
HEAD = "respondent;kommunkod;ar;kon;aldersgrupp;omrade;vikt;trygghet_ute_kvall;utsatt_stold\n"


def _has(err, row, column, name):
    text = str(err)
    hit = any(p.row == row and p.column == column and Path(p.file).name == name for p in err.problems)
    return hit and f"rad {row}" in text and f"kolumn '{column}'" in text and name in text


def test_fixture_long_form():
    df = read_survey(FIX / "trygghetsmatning_0331.csv")
    assert list(df.columns) == C.SURVEY_COLUMNS
    # 4 respondents x 9 questions minus 3 empty answers (R2 ungdomsgäng; R1-2025 trygghet and oro)
    assert len(df) == 4 * 9 - 3 and df.attrs["respondenter"] == 4
    r2 = df[(df[C.RESPONDENT] == "R2") & (df[C.FRAGA] == "trygghet_ute_kvall")]
    assert r2[C.SVAR].item() == "Går aldrig ut" and r2[C.VIKT].item() == 0.8
    assert df[C.VIKT].dtype == "float64" and set(df[C.AR]) == {2022, 2025}
    # same respondent id in two different years is allowed
    assert set(df.loc[df[C.RESPONDENT] == "R1", C.AR]) == {2022, 2025}


def test_answers_normalised_case_and_spaces(tmp_path):
    f = tmp_path / "enkat.csv"
    f.write_text(HEAD + "A;0380;2025;kvinna;16–29;;1;  ganska  TRYGG ;ja\n", encoding="utf-8")
    df = read_survey(f)
    assert set(df[C.SVAR]) == {"Ganska trygg", "Ja"}
    assert df[C.KON].iloc[0] == "Kvinna" and df[C.ALDERSGRUPP].iloc[0] == "16-29"


BAD = [
    ("A;0380;2025;Kvinna;16-29;;1,0;Lite trygg;Ja\n", 2, "trygghet_ute_kvall"),
    ("A;0380;2025;Kvinna;16-29;;0;Ganska trygg;Ja\n", 2, "vikt"),
    ("A;0380;2025;Kvinna;16-29;;-1,5;Ganska trygg;Ja\n", 2, "vikt"),
    ("A;0380;2025;Kvinna;16-29;;ett;Ganska trygg;Ja\n", 2, "vikt"),
    ("A;0380;2025;Kvinna;16-29;;1;Ganska trygg;Ja\nA;0380;2025;Man;16-29;;1;Ganska trygg;Nej\n", 3, "respondent"),
    ("A;0999;2025;Kvinna;16-29;;1;Ganska trygg;Ja\n", 2, "kommunkod"),
    ("A;0380;2025;Kvinna;10-15;;1;Ganska trygg;Ja\n", 2, "aldersgrupp"),
    ("A;0380;tjugo;Kvinna;16-29;;1;Ganska trygg;Ja\n", 2, "ar"),
    ("A;0380;2025;Kvinna;16-29;;1;Ganska trygg;Kanske\n", 2, "utsatt_stold"),
]


@pytest.mark.parametrize("line,row,column", BAD)
def test_bad_survey(tmp_path, line, row, column):
    f = tmp_path / "trygghet_fel.csv"
    f.write_text(HEAD + line, encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        read_survey(f)
    assert _has(exc.value, row, column, "trygghet_fel.csv"), str(exc.value)


def test_missing_weight_column(tmp_path):
    f = tmp_path / "enkat.csv"
    f.write_text("respondent;kommunkod;ar;trygghet_ute_kvall\nA;0380;2025;Ganska trygg\n", encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        read_survey(f)
    assert _has(exc.value, 1, "vikt", "enkat.csv")


@pytest.mark.skipif(not paths.SURVEY_DIR.exists(), reason="bundled övningsdata not generated yet")
@pytest.mark.parametrize("kod", registry.kommuner_i_lan("03"))
def test_bundled_surveys_load(kod):
    df = read_survey(paths.survey_file(kod))
    assert (df[C.KOMMUNKOD] == kod).all()
    assert set(df[C.FRAGA]) == set(C.SURVEY_QUESTIONS)
    assert set(df[C.AR]) == {2022, 2025}
    for q, answers in df.groupby(C.FRAGA)[C.SVAR]:
        assert set(answers) <= set(SVARSSKALOR[q.split("_")[0]])
