"""Step 1 composition: sections on the bundled data and on small edited data sets."""
from pathlib import Path

import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods import paths
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.steps import step1
from lagesbild_methods.steps.report import Section, table_html


@pytest.fixture(scope="module")
def heby():
    return step1.load("Heby", 2015, 2025)


def test_load_resolves_bundled_data_and_marks_it_synthetic(heby):
    assert heby.kod == "0331" and heby.synthetic
    assert set(heby.files) == {"brott_fil", "folkmangd_fil", "handelser_fil", "enkat_fil"}
    assert heby.incidents is not None and (heby.incidents[C.KOMMUNKOD] == "0331").all()
    assert heby.survey is not None and heby.survey[C.RESPONDENT].nunique() > 200


@pytest.mark.parametrize("kwargs,msg", [
    (dict(kommun="Gotham"), "Okänd kommun"),
    (dict(kommun="Uppsala län"), "är inte en kommun"),
    (dict(kommun="Heby", kadens="kvartal"), "Okänt värde för parametern kadens.*vecka"),
    (dict(kommun="Heby", namnarear="nasta"), "namnarear"),
    (dict(kommun="Heby", ar_fran=2025, ar_till=2015), "senare än"),
    (dict(kommun="Heby", handelser_fil="/finns/inte.csv"), "Händelsefilen finns inte"),
])
def test_bad_parameters_give_swedish_errors(kwargs, msg):
    args = dict(ar_fran=2015, ar_till=2025)
    args.update(kwargs)
    kommun = args.pop("kommun")
    with pytest.raises(ParameterError, match=msg):
        step1.load(kommun, args.pop("ar_fran"), args.pop("ar_till"), **args)


def test_years_outside_data_are_clamped_with_a_note():
    ctx = step1.load("Heby", 2010, 2030)
    assert (ctx.ar_fran, ctx.ar_till) == (2015, 2025)
    assert any("2015–2025" in n for n in ctx.notes)


def test_latest_table_has_intervals_and_comparisons(heby):
    sec = step1.vanligaste_problem(heby)
    table = next(p[1] for p in sec.parts if p[0] == "table")
    assert table["Brottstyp"].iloc[0] == "Samtliga anmälda brott"
    shown = table[table[f"Antal {heby.ar_till}"] != "<5"]
    assert shown["95 % konfidensintervall"].str.contains("–").all()
    assert set(shown["Jämfört med länet"]) <= {"högre", "lägre", "högre (99,8 %)", "lägre (99,8 %)",
                                               "ingen säker skillnad", "–"}


def _crime_with(tmp_path: Path, kod: str, year: int, brottstyp: str, antal: int) -> Path:
    crime = pd.read_csv(paths.CRIME_FILE, dtype={"kommunkod": str})
    mask = (crime.kommunkod == kod) & (crime.ar == year) & (crime.brottstyp == brottstyp)
    assert mask.sum() == 1
    crime.loc[mask, "antal"] = antal
    out = tmp_path / "brott.csv"
    crime.to_csv(out, index=False)
    return out


def test_small_sensitive_count_is_suppressed_in_shareable_report(tmp_path):
    f = _crime_with(tmp_path, "0319", 2025, "vald_mot_barn", 3)
    ctx = step1.load("0319", 2015, 2025, brott_fil=str(f), delbar=True)
    sec = step1.vanligaste_problem(ctx)
    table = next(p[1] for p in sec.parts if p[0] == "table")
    row = table[table["Brottstyp"] == "Våld mot barn"].iloc[0]
    assert row["Antal 2025"] == "<5" and row["Per 100 000 inv."] == "dolt"
    assert "vald_mot_barn" in sec.facts["dolda"]
    assert ctx.synthetic  # population, incidents and survey are still the bundled övningsdata


def test_small_sensitive_count_is_shown_when_not_shared(tmp_path):
    f = _crime_with(tmp_path, "0319", 2025, "vald_mot_barn", 3)
    ctx = step1.load("0319", 2015, 2025, brott_fil=str(f), delbar=False)
    table = next(p[1] for p in step1.vanligaste_problem(ctx).parts if p[0] == "table")
    row = table[table["Brottstyp"] == "Våld mot barn"].iloc[0]
    assert row["Antal 2025"] == "3" and row["Obs"] == "få brott"


def test_rising_category_is_only_called_rising_when_significant(tmp_path):
    crime = pd.read_csv(paths.CRIME_FILE, dtype={"kommunkod": str})
    m24 = (crime.kommunkod == "0380") & (crime.ar == 2024) & (crime.brottstyp == "bostadsinbrott")
    m25 = (crime.kommunkod == "0380") & (crime.ar == 2025) & (crime.brottstyp == "bostadsinbrott")
    crime.loc[m24, "antal"] = 300
    crime.loc[m25, "antal"] = 600  # doubling on a large count: clearly significant
    f = tmp_path / "b.csv"
    crime.to_csv(f, index=False)
    ctx = step1.load("Uppsala", 2015, 2025, brott_fil=str(f))
    sec = step1.vanligaste_problem(ctx)
    assert "bostadsinbrott" in sec.facts["okar"]
    assert "Statistiskt säkerställd ökning från föregående år: bostadsinbrott" in sec.text


def test_summary_states_level_with_interval(heby):
    sec = step1.sammanfattning(heby)
    first = sec.facts["punkter"][0]
    assert first.startswith("2025 anmäldes") and "95 % konfidensintervall" in first
    assert "Uppsala län" in first


def test_survey_section_shows_n_with_every_share(heby):
    sec = step1.trygghet(heby)
    table = next(p[1] for p in sec.parts if p[0] == "table")
    assert (table["Antal svarande"].str.replace("\u202f", "").astype(int) > 100).all()
    assert table["95 % konfidensintervall"].str.endswith("%").all()


def test_sections_without_incidents_or_survey_say_so(tmp_path):
    ctx = step1.load("Heby", 2015, 2025)
    ctx.incidents = None
    ctx.survey = None
    assert "inga händelserapporter" in step1.nar(ctx).text.lower()
    assert "ingen trygghetsmätning" in step1.trygghet(ctx).text.lower()
    assert step1.lagkrav(ctx).facts["lagkrav"]["annan_information"] is False


def test_when_and_where_sections_run_and_announce_choices(heby):
    nar = step1.nar(heby)
    assert "χ²" not in nar.text and sum(p[0] == "fig" for p in nar.parts) >= 3  # method names: appendix only
    var = step1.var(heby)
    assert "cellstorlek_m" in var.text and "Koncentrationen är" in var.text and "Gini" not in var.text


def test_free_text_never_reaches_a_section(heby):
    secret = heby.incidents[C.FRITEXT].dropna().iloc[0]
    for fn in (step1.nar, step1.var, step1.sammanfattning, step1.kallor_och_begransningar):
        assert secret not in fn(heby).text
    with pytest.raises(ValueError):
        table_html(pd.DataFrame({C.FRITEXT: ["x"]}))


def test_legal_checklist_covers_paragraph_4(heby):
    sec = step1.lagkrav(heby)
    table = next(p[1] for p in sec.parts if p[0] == "table")
    assert list(table["Status"]) == ["Inte uppfyllt: övningsdata"] * 5  # practice data never fulfil the law
    assert "åtgärdsplan" in sec.text


def test_section_text_collects_parts():
    s = Section().md("Hej").note("liten").table(pd.DataFrame({"a": [1]}), keys=None)
    assert "Hej" in s.text and "liten" in s.text


def test_incident_coverage_end_is_announced_and_overridable():
    ctx = step1.load("Heby", 2015, 2025)
    assert str(ctx.handelser_till.date()) == "2025-12-31"
    assert any("fullständiga till och med 31 december 2025" in n for n in ctx.notes)
    ctx2 = step1.load("Heby", 2015, 2025, handelser_till="2025-10-15")
    assert str(ctx2.handelser_till.date()) == "2025-10-15"
    with pytest.raises(ParameterError, match="handelser_till ska vara ett datum"):
        step1.load("Heby", 2015, 2025, handelser_till="i fjol")


def test_harm_weights_rank_problems_when_given(tmp_path):
    f = tmp_path / "vikter.csv"
    f.write_text("kategori;vikt\nVåld eller hot;100\nKlotter;1\n", encoding="utf-8")
    ctx = step1.load("Heby", 2015, 2025, skadevikt_fil=str(f))
    text = step1.var(ctx).text
    assert "Viktat efter skada" in text and "våld eller hot det största problemet" in text
    assert "inga officiella svenska skadevikter" in text
    assert "skadevikt_fil" in ctx.files
