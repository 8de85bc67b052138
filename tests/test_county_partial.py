"""The county reports on partial data: a kommun missing from the crime statistics or the population, one
year only in Brå's own file format (totals only), no surveys or workbooks ("ingen" even on practice data),
a population file without the denominator year (a clear Swedish refusal)."""
from pathlib import Path

import pandas as pd
import pytest

from lagesbild_methods import paths
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.runner import batch, templates
from lagesbild_methods.steps import lan as L

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
BRA_2024 = FIXTURES / "bra_anmalda_brott_kommunerna_2024.csv"  # Brå's download: kommun;antal;per 100 000
SCB_2017_2018 = FIXTURES / "scb_folkmangd_export.xlsx"  # SCB's export: a few kommuner, 2017-2018


def _texts(ctx, *names) -> str:
    return "\n".join(p[1] for n in names for p in getattr(L, n)(ctx).render() if p[0] in ("md", "note"))


def _table(sec, caption_start):
    return next(p[1] for p in sec.render() if p[0] == "table" and p[2].startswith(caption_start))


def test_ingen_leaves_the_county_parts_out_even_on_practice_data():
    ctx = L.load("03", enkat_fil="ingen", dialog_fil="Ingen", ungdomsenkat_fil="ingen", arbetsbocker_fil="ingen")
    assert ctx.synthetic  # practice crime statistics, so the practice files would otherwise be read
    assert ctx.data["enkat"] is None and ctx.data["dialog"] is None and ctx.data["ungdomsenkat"] is None
    assert ctx.data["arbetsbocker"] == {}
    assert any("parametern dialog_fil" in n for n in ctx.notes) and any("arbetsbocker_fil" in n for n in ctx.notes)
    text = _texts(ctx, "trygghet", "dialog", "andt")
    assert "Synpunkter per tema" not in text
    proc = L.load_process("03", manifest_fil="ingen", samordnarenkat_fil="-", per_datum="2025-12-31")
    assert proc.data["rapportmanifest"] is None and proc.data["samordnarenkat"] is None
    assert len(proc.data["arbetsbocker"]) == 8  # the practice workbooks were not left out


def test_the_runner_plans_county_reports_with_parts_left_out(tmp_path):
    jobs = batch.make_jobs([templates.find("lan")], [], tmp_path, {"enkat_fil": "ingen", "dialog_fil": "ingen"},
                           lan="03")
    assert jobs[0]["parametrar"]["dialog_fil"] == "ingen" and "dialog_fil" not in jobs[0]["indata"]


def test_one_year_in_bras_format_with_practice_population():
    ctx = L.load("03", brott_fil=str(BRA_2024), ar_fran=2024, ar_till=2024)
    over = L.oversikt(ctx)
    text = next(p[1] for p in over.render() if p[0] == "md")
    assert "jämför dem på samma indikatorer, 2024." in text and "2024–2024" not in text
    assert "Delar av underlaget är syntetiska övningsdata" in text and "(folkmängd)" in text
    table = _table(L.kommunerna(ctx), "Anmälda brott per")
    assert list(table["Brottstyp"]) == ["Samtliga anmälda brott"]
    assert "Enköping" in table.columns and "Uppsala län" in table.columns
    dev = L.utveckling(ctx)
    dev_text = "\n".join(p[1] for p in dev.render() if p[0] == "md")
    assert "underlaget omfattar bara 2024" in dev_text
    assert not any(p[0] == "table" for p in dev.render())  # no table of trends that cannot be assessed
    summary = _texts(ctx, "sammanfattning")
    assert "ej bedömd" not in summary.lower() and "2024–2024" not in summary


def test_population_without_the_denominator_year_is_refused_in_swedish():
    with pytest.raises(ParameterError) as err:
        L.load("03", brott_fil=str(BRA_2024), folkmangd_fil=str(SCB_2017_2018), ar_fran=2024, ar_till=2024)
    msg = str(err.value)
    assert "scb_folkmangd_export.xlsx saknar folkmängden 31 december 2023" in msg and "Förväntat" in msg
    # the process follow-up does not need rates of every kommun: it still runs
    proc = L.load_process("03", brott_fil=str(BRA_2024), folkmangd_fil=str(SCB_2017_2018), ar_fran=2024,
                          ar_till=2024, per_datum="2025-12-31", arbetsbocker_fil="ingen")
    assert L.rapportering(proc).facts["indikatorer"]["total"] == 8


def test_a_kommun_missing_from_the_crime_statistics_or_the_population(tmp_path):
    crime = pd.read_csv(paths.CRIME_FILE, dtype={"kommunkod": str})
    crime[crime.kommunkod != "0331"].to_csv(tmp_path / "brott.csv", index=False)
    ctx = L.load("03", brott_fil=str(tmp_path / "brott.csv"), enkat_fil="ingen", dialog_fil="ingen",
                 ungdomsenkat_fil="ingen", arbetsbocker_fil="ingen")
    assert "Brottsstatistiken saknar Heby för 2025; kommunen finns inte med i jämförelserna." in _texts(ctx, "oversikt")
    assert "Heby" not in _table(L.kommunerna(ctx), "Anmälda brott per").columns

    pop = pd.read_csv(paths.POPULATION_FILE, dtype={"kommunkod": str})
    pop[~((pop.kommunkod == "0360") & (pop.ar == 2024))].to_csv(tmp_path / "folk.csv", index=False)
    ctx = L.load("03", folkmangd_fil=str(tmp_path / "folk.csv"), enkat_fil="ingen", dialog_fil="ingen",
                 ungdomsenkat_fil="ingen", arbetsbocker_fil="ingen")
    assert "Folkmängden 31 december 2024 saknas för Tierp" in _texts(ctx, "oversikt")
    table = _table(L.kommunerna(ctx), "Anmälda brott per")
    assert "Tierp" not in table.columns or set(table["Tierp"]) <= {"–"}


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """The generated practice data for the whole country, in a cache folder of the test's own."""
    mp = pytest.MonkeyPatch()
    mp.setattr(paths, "CACHE_DIR", tmp_path_factory.mktemp("cache"))
    yield
    mp.undo()


def test_a_one_kommun_county_on_the_national_practice_data(national, tmp_path):
    """Gotlands län (one kommun) on the practice data generated for the whole country; a small count of the
    only kommun is the county's count too, so both are hidden."""
    from lagesbild_methods import inputs

    crime = pd.read_csv(inputs.resolve("brott_fil", "", "0980"), dtype={"kommunkod": str})
    for kod in ("0980", "09"):
        crime.loc[(crime.kommunkod == kod) & (crime.brottstyp == "sexualbrott") & (crime.ar == 2025), "antal"] = 3
    crime.to_csv(tmp_path / "brott.csv", index=False)
    ctx = L.load("09", brott_fil=str(tmp_path / "brott.csv"), enkat_fil="ingen")
    assert list(ctx.area.members) == ["0980"] and inputs.is_synthetic(ctx.files["folkmangd_fil"])
    text = _texts(ctx, "oversikt", "kommunerna")
    assert "samlar länets enda kommun i Gotlands län och jämför den med riket" in text
    assert "Gotlands län har en enda kommun, Gotland, så kommunen och länet har samma värden" in text
    pol = L.policy.CountyPolicy.for_context(ctx)
    assert pol.hidden_in("0980", "sexualbrott", 2025) and pol.hidden_in("09", "sexualbrott", 2025)
    row = _table(L.kommunerna(ctx), "Anmälda brott per")
    row = row[row["Brottstyp"] == "Sexualbrott"].iloc[0]
    assert row["Gotland"] == ".." and row["Gotlands län"] == ".."


def test_a_kommun_without_a_survey_is_named(tmp_path):
    import shutil

    folder = tmp_path / "enkat"
    folder.mkdir()
    for f in paths.SURVEY_DIR.glob("trygghetsmatning_*.csv"):
        if "0331" not in f.name:
            shutil.copy(f, folder)
    ctx = L.load("03", enkat_fil=str(folder), dialog_fil="ingen", ungdomsenkat_fil="ingen", arbetsbocker_fil="ingen")
    sec = L.trygghet(ctx)
    assert "Ingen trygghetsmätning finns i underlaget för Heby; kommunen saknas i tabellen och diagrammen." in sec.text
    assert sec.facts["utan_matning"] == ["Heby"] and "Heby" not in set(_table(sec, "Trygghet")["Kommun"])
