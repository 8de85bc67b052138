"""Tests of the synthetic practice-data generator (lagesbild_methods.synth).

Calibration targets are external facts (Kolada N07540 2025, NTU levels), not the generator's own output.
Only the small kommun Älvkarleby (0319) is generated per test where possible; one full generation into a
temporary folder checks byte identity with the committed data/ovningsdata/.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods import paths, registry, synth

SEED = synth.DEFAULT_SEED
SMALL = "0319"  # Älvkarleby, the smallest kommun

# Kolada N07540 "Anmälda brott totalt, antal/100 000 inv", 2025 (reference/real-data/crime_stats_uppsala_lan.csv)
KOLADA_2025 = {"0305": 10643.59, "0319": 13542.48, "0330": 9029.49, "0331": 9496.86,
               "0360": 10566.79, "0380": 11137.50, "0381": 11719.29, "0382": 6656.29}

INCIDENT_HEADER = "id;tidpunkt;tidpunkt_till;kategori;plats;omrade;x;y;organisation;allvarlighet;polisanmald;atgard;fritext"
SURVEY_HEADER = "respondent;kommunkod;ar;kon;aldersgrupp;omrade;vikt;" + ";".join(C.SURVEY_QUESTIONS)


# ---------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def population():
    return synth.generate_population()


@pytest.fixture(scope="module")
def crime(population):
    return synth.generate_crime_stats(synth.rng_for(SEED, "crime"), population)


@pytest.fixture(scope="module")
def incidents():
    return synth.generate_incidents(SMALL, synth.rng_for(SEED, "incidents", SMALL))


@pytest.fixture(scope="module")
def survey():
    return synth.generate_survey(SMALL, synth.rng_for(SEED, "survey", SMALL))


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("ovningsdata")
    return out, synth.generate_all(out, seed=SEED)


def _read_semicolon(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8")


# --- determinism ------------------------------------------------------------------------------------
def test_same_seed_gives_identical_frames(crime, incidents, survey, population):
    pd.testing.assert_frame_equal(crime, synth.generate_crime_stats(synth.rng_for(SEED, "crime"), population))
    pd.testing.assert_frame_equal(incidents, synth.generate_incidents(SMALL, synth.rng_for(SEED, "incidents", SMALL)))
    pd.testing.assert_frame_equal(survey, synth.generate_survey(SMALL, synth.rng_for(SEED, "survey", SMALL)))
    pd.testing.assert_frame_equal(population, synth.generate_population())


def test_other_seed_gives_other_data(crime, incidents):
    other = synth.generate_crime_stats(synth.rng_for(SEED + 1, "crime"))
    assert not other[C.ANTAL].equals(crime[C.ANTAL])
    other_inc = synth.generate_incidents(SMALL, synth.rng_for(SEED + 1, "incidents", SMALL))
    assert len(other_inc) != len(incidents) or not other_inc[C.TIDPUNKT].equals(incidents[C.TIDPUNKT])


def test_generate_all_writes_every_file_and_matches_committed_data(written):
    out, files = written
    expected = {"anmalda_brott.csv", "folkmangd.csv", "README.md"}
    expected |= {f"handelser/handelser_{k}.csv" for k in registry.kommuner_i_lan("03")}
    expected |= {f"enkat/trygghetsmatning_{k}.csv" for k in registry.kommuner_i_lan("03")}
    found = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert found == expected  # nothing else, in particular no leftover temp files
    assert all(Path(p).is_file() for p in files.values())
    if not paths.CRIME_FILE.is_file():
        pytest.skip("data/ovningsdata saknas")
    for rel in sorted(expected):
        assert (out / rel).read_bytes() == (paths.SYNTH_DIR / rel).read_bytes(), f"{rel} är inte aktuell"


def test_second_run_is_byte_identical(written, tmp_path):
    out, _ = written
    synth.generate_all(tmp_path, seed=SEED)
    for p in out.rglob("*.csv"):
        assert (tmp_path / p.relative_to(out)).read_bytes() == p.read_bytes()


# --- formats --------------------------------------------------------------------------------------------
def test_crime_file_format(written):
    out, _ = written
    text = (out / "anmalda_brott.csv").read_bytes().decode("utf-8")
    lines = text.split("\n")
    assert lines[0] == "kommunkod,ar,brottstyp,antal,kalla"
    assert text.endswith("\n") and "\r" not in text
    df = pd.read_csv(io.StringIO(text), dtype={"kommunkod": str})
    codes = set(registry.kommuner_i_lan("03")) | {"03", "00", "KG-A2", "KG-B3", "KG-B4", "KG-B5"}
    assert set(df["kommunkod"]) == codes
    assert "0305" in df["kommunkod"].to_numpy()  # leading zero kept
    assert set(df["ar"]) == set(range(2015, 2026))
    assert set(df["brottstyp"]) == set(C.BROTTSTYPER)
    assert len(df) == len(codes) * 11 * len(C.BROTTSTYPER)
    assert (df["antal"] >= 0).all() and df["antal"].dtype.kind == "i"
    assert (df["kalla"] == "Övningsdata (syntetiska)").all()


def test_population_file_format(written, population):
    out, _ = written
    text = (out / "folkmangd.csv").read_text(encoding="utf-8")
    assert text.split("\n")[0] == "kommunkod,ar,folkmangd,kalla"
    df = pd.read_csv(io.StringIO(text), dtype={"kommunkod": str})
    assert set(df["ar"]) == set(range(2014, 2026))
    assert len(df) == 14 * 12
    # sourced registry values are kept exactly and labelled with their source
    for kod in registry.kommuner_i_lan("03"):
        reg = registry.get(kod)
        for year, (value, key) in reg.folkmangd.items():
            row = df[(df["kommunkod"] == kod) & (df["ar"] == year)].iloc[0]
            assert row["folkmangd"] == value
            assert row["kalla"] == registry.SOURCES[key]
    lan = registry.REGIONS["03"]
    for year, (value, _k) in lan.folkmangd.items():
        assert df[(df["kommunkod"] == "03") & (df["ar"] == year)]["folkmangd"].item() == value
    interp = df[(df["kommunkod"] == "0319") & (df["ar"] == 2014)]
    assert interp["kalla"].item() == "Interpolerad (övningsdata)"


def test_incident_file_format(written):
    out, _ = written
    path = out / "handelser" / f"handelser_{SMALL}.csv"
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    assert raw.decode("utf-8").split("\n")[0] == INCIDENT_HEADER
    df = _read_semicolon(path)
    stamp = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"
    assert df["tidpunkt"].str.match(stamp).all()
    till = df["tidpunkt_till"]
    assert (till.eq("") | till.str.match(stamp)).all()
    assert set(df["kategori"]) <= set(C.INCIDENT_KATEGORIER.values())
    assert df["x"].str.fullmatch(r"\d{6}").all() and df["y"].str.fullmatch(r"\d{7}").all()
    assert set(df["allvarlighet"]) <= {"1", "2", "3"}
    assert set(df["polisanmald"]) == {"Ja", "Nej"}
    assert set(df["organisation"]) <= set(synth.ORGANISATIONS)
    years = pd.to_datetime(df["tidpunkt"]).dt.year
    assert years.min() == 2023 and years.max() == 2025
    assert df["id"].is_unique


def test_incident_local_times_are_unambiguous(written):
    out, _ = written
    df = _read_semicolon(out / "handelser" / "handelser_0380.csv")
    for col in ("tidpunkt", "tidpunkt_till"):
        naive = pd.to_datetime(df[col].replace("", None))
        naive.dt.tz_localize("Europe/Stockholm", ambiguous="raise", nonexistent="raise")  # must not raise


def test_survey_file_format(written):
    out, _ = written
    path = out / "enkat" / f"trygghetsmatning_{SMALL}.csv"
    text = path.read_bytes().decode("utf-8")
    assert text.split("\n")[0] == SURVEY_HEADER
    df = _read_semicolon(path)
    assert df["vikt"].str.fullmatch(r"\d+,\d{4}").all()  # decimal comma
    assert (df["vikt"].str.replace(",", ".").astype(float) > 0).all()
    assert set(df["kommunkod"]) == {SMALL}
    assert set(df["ar"]) == {"2022", "2025"}
    assert set(df["kon"]) == {"Kvinna", "Man"}
    assert set(df["aldersgrupp"]) == {"16-29", "30-49", "50-64", "65-84"}
    allowed = {
        "trygghet_ute_kvall": {"Mycket trygg", "Ganska trygg", "Ganska otrygg", "Mycket otrygg", "Går aldrig ut", ""},
        "oro_": {"Ofta", "Ibland", "Sällan", "Aldrig", ""},
        "problem_": {"Inget problem", "Ganska litet problem", "Ganska stort problem", "Mycket stort problem",
                     "Vet ej", ""},
        "utsatt_": {"Ja", "Nej", ""},
    }
    for q in C.SURVEY_QUESTIONS:
        key = next(k for k in allowed if q.startswith(k))
        assert set(df[q]) <= allowed[key], q
    for year, grp in df.groupby("ar"):
        assert 200 <= len(grp) <= 800  # a few hundred respondents per kommun and year
        assert grp["respondent"].is_unique


def test_readme_says_synthetic(written):
    out, _ = written
    text = (out / "README.md").read_text(encoding="utf-8")
    assert "syntetiska" in text and "påhittat" in text and "lagesbild ovningsdata" in text
    assert "N07540" in text


# --- calibration: reported crimes ---------------------------------------------------------------------------
def _totals(crime):
    return crime[crime[C.BROTTSTYP] == "totalt"].set_index([C.KOMMUNKOD, C.AR])[C.ANTAL]


@pytest.mark.parametrize("kod", sorted(KOLADA_2025))
def test_2025_rate_close_to_kolada(crime, population, kod):
    pop = population.set_index([C.KOMMUNKOD, C.AR])[C.FOLKMANGD]
    rate = _totals(crime)[(kod, 2025)] / pop[(kod, 2024)] * 1e5  # Brå: population 31 Dec of previous year
    assert rate == pytest.approx(KOLADA_2025[kod], rel=0.15)


def test_kolada_constants_match_reference_file():
    ref = paths.shared_reference()
    if ref is None:
        pytest.skip("../shared saknas")
    df = pd.read_csv(ref / "real-data" / "crime_stats_uppsala_lan.csv", comment="#", dtype={"region_code": str})
    sel = df[(df["source_id"] == "KOLADA_N07540") & (df["year"] == 2025)]
    for _, row in sel.iterrows():
        assert synth.KOLADA_N07540_2025[row["region_code"]] == pytest.approx(row["value"], abs=0.01)


def test_uppsala_2018_near_published_rate(crime, population):
    pop = population.set_index([C.KOMMUNKOD, C.AR])[C.FOLKMANGD]
    rate = _totals(crime)[("0380", 2018)] / pop[("0380", 2017)] * 1e5
    assert rate == pytest.approx(10538, rel=0.10)  # UNT 2019, Brå preliminary


def test_county_is_sum_of_kommuner(crime):
    k = crime[crime[C.KOMMUNKOD].isin(registry.kommuner_i_lan("03"))].groupby([C.AR, C.BROTTSTYP])[C.ANTAL].sum()
    lan = crime[crime[C.KOMMUNKOD] == "03"].set_index([C.AR, C.BROTTSTYP])[C.ANTAL]
    pd.testing.assert_series_equal(lan.sort_index(), k.sort_index(), check_names=False)


def test_total_at_least_sum_of_categories(crime):
    wide = crime.pivot_table(index=[C.KOMMUNKOD, C.AR], columns=C.BROTTSTYP, values=C.ANTAL)
    parts = wide.drop(columns="totalt").sum(axis=1)
    assert (wide["totalt"] >= parts).all()
    assert (parts / wide["totalt"]).between(0.4, 0.9).all()  # listed categories: a plausible part of all crime


def test_riket_total_in_plausible_band(crime):
    riket = _totals(crime).loc["00"]
    assert riket.between(1.44e6, 1.56e6).all()


def test_small_categories_have_small_counts(crime):
    # personrån (unga) in Älvkarleby: a handful a year at most -> exercises small-number suppression
    pr = crime[(crime[C.KOMMUNKOD] == SMALL) & (crime[C.BROTTSTYP] == "personran_unga")][C.ANTAL]
    assert pr.max() < 10


def test_population_county_is_sum_of_kommuner(population):
    pop = population.set_index([C.KOMMUNKOD, C.AR])[C.FOLKMANGD]
    for year in synth.POPULATION_YEARS:
        assert pop[("03", year)] == sum(pop[(k, year)] for k in registry.kommuner_i_lan("03"))


# --- incidents ---------------------------------------------------------------------------------------
def test_incident_contract_columns(incidents):
    assert list(incidents.columns) == C.INCIDENT_COLUMNS
    assert str(incidents[C.TIDPUNKT].dt.tz) == "Europe/Stockholm"
    assert set(incidents[C.KATEGORI]) <= set(C.INCIDENT_KATEGORIER)
    assert incidents[C.POLISANMALD].dtype == bool
    assert incidents[C.TIDPUNKT].is_monotonic_increasing


def test_incident_counts_scale_with_population(incidents):
    per_year = incidents.groupby(incidents[C.TIDPUNKT].dt.year).size()
    assert per_year.between(100, 500).all()  # a few hundred a year in a small kommun
    expected = {k: synth.expected_incidents_per_year(k) for k in registry.kommuner_i_lan("03")}
    pops = {k: registry.get(k).population(2025) for k in registry.kommuner_i_lan("03")}
    order = sorted(pops, key=pops.get)
    assert [expected[k] for k in order] == sorted(expected.values())
    assert 1500 <= expected["0380"] <= 5000  # a few thousand a year in Uppsala
    habo = synth.generate_incidents("0305", synth.rng_for(SEED, "incidents", "0305"))
    assert len(habo) > 1.4 * len(incidents)


def test_evening_and_weekend_peak_for_disorder(incidents):
    dis = incidents[incidents[C.KATEGORI].isin(["storande_samling", "vald", "skadegorelse", "narkotika"])]
    t = dis[C.TIDPUNKT]
    evening = t.dt.hour.isin([18, 19, 20, 21, 22, 23, 0, 1])
    assert evening.mean() > 0.5  # 8 of 24 hours hold more than half
    fri_sat = t.dt.day_of_week.isin([4, 5]).mean()
    assert fri_sat > 2 / 7 * 1.2


def test_summer_and_valborg_peaks(written):
    out, _ = written
    df = _read_semicolon(out / "handelser" / "handelser_0380.csv")
    t = pd.to_datetime(df["tidpunkt"])
    samling = df["kategori"] == C.INCIDENT_KATEGORIER["storande_samling"]
    summer = samling & t.dt.month.isin([6, 7, 8])
    winter = samling & t.dt.month.isin([12, 1, 2])
    assert summer.sum() > 1.5 * winter.sum()
    per_day = t.dt.date.value_counts()
    valborg = per_day[[d for d in per_day.index if (d.month, d.day) == (4, 30)]]
    assert valborg.mean() > 2 * per_day.mean()


def test_school_places_mostly_in_term(incidents):
    days = synth._day_table().set_index("datum")["termin"]
    on_term = days.reindex(incidents[C.TIDPUNKT].dt.tz_localize(None).dt.normalize()).to_numpy()
    pl = synth.places(SMALL).set_index(C.PLATS)["typ"]
    school = incidents[C.PLATS].map(pl).eq("skola").to_numpy()
    assert on_term[school].mean() > on_term[~school].mean() + 0.1


def test_hot_and_repeat_places(incidents):
    counts = incidents[C.PLATS].value_counts()
    assert counts.iloc[:3].sum() / counts.sum() > 0.25  # a few hot places
    assert (counts >= 10).sum() >= 5  # several repeat places


def test_coordinates_within_40_km_of_town():
    for kod in (SMALL, "0382"):  # Östhammar has the most distant villages
        inc = synth.generate_incidents(kod, synth.rng_for(SEED, "incidents", kod))
        town = registry.get(kod).centralort
        d = np.hypot(inc[C.X] - town.e, inc[C.Y] - town.n)
        assert d.max() < 40_000
        assert (d < 3_000).mean() > 0.4  # most incidents in or near the central town


def test_break_in_windows(incidents):
    win = incidents[incidents[C.TIDPUNKT_TILL].notna()]
    assert len(win) > 0
    assert (win[C.KATEGORI] == "inbrott_stold").all()
    assert (win[C.TIDPUNKT_TILL] > win[C.TIDPUNKT]).all()


def test_fritext_only_in_its_column(written, incidents):
    assert (incidents[C.FRITEXT].str.len() > 0).all()
    assert incidents[C.FRITEXT].str.contains("070-174 06").any()  # fake contact details present
    out, _ = written
    df = _read_semicolon(out / "handelser" / f"handelser_{SMALL}.csv")
    others = df.drop(columns="fritext")
    fake = "|".join(synth._FAKE_LAST + ["070-174"])
    for col in others.columns:
        assert not others[col].str.contains(fake).any(), col
    phones = df["fritext"].str.extract(r"070-174 06 (\d\d)")[0].dropna().astype(int)
    assert phones.between(5, 99).all()  # PTS range reserved for fiction


# --- survey ------------------------------------------------------------------------------------------
def _unsafe(frame):
    ans = frame[frame["trygghet_ute_kvall"] != ""]
    return ans, ans["trygghet_ute_kvall"].isin(["Ganska otrygg", "Mycket otrygg"])


def test_women_feel_unsafe_more_often_than_men(survey):
    for _year, grp in survey.groupby(C.AR):
        ans, unsafe = _unsafe(grp)
        w = ans[C.VIKT]
        women = np.average(unsafe[ans[C.KON] == "Kvinna"], weights=w[ans[C.KON] == "Kvinna"])
        men = np.average(unsafe[ans[C.KON] == "Man"], weights=w[ans[C.KON] == "Man"])
        assert women > 1.3 * men


def test_survey_levels_like_ntu():
    frames = [synth.generate_survey(k, synth.rng_for(SEED, "survey", k)) for k in (SMALL, "0331", "0305")]
    sv = pd.concat(frames)
    ans, unsafe = _unsafe(sv)
    assert 0.12 <= np.average(unsafe, weights=ans[C.VIKT]) <= 0.28  # NTU: about 15-25 %
    vict = sv[sv["utsatt_hot_vald"] != ""]
    assert 0.05 <= np.average(vict["utsatt_hot_vald"] == "Ja", weights=vict[C.VIKT]) <= 0.12


def test_weights_post_stratify_to_assumed_distribution(survey):
    ages = np.array(synth.AGE_SHARES["default"])
    fem = np.array(synth.FEMALE_SHARE)
    for _year, grp in survey.groupby(C.AR):
        w = grp[C.VIKT]
        assert w.mean() == pytest.approx(1.0, abs=0.01)
        cell = grp.groupby([C.ALDERSGRUPP, C.KON])[C.VIKT].sum() / w.sum()
        for i, age in enumerate(synth.AGE_GROUPS):
            assert cell[(age, "Kvinna")] == pytest.approx(ages[i] * fem[i], abs=0.002)
            assert cell[(age, "Man")] == pytest.approx(ages[i] * (1 - fem[i]), abs=0.002)
        deff = len(w) * (w**2).sum() / w.sum() ** 2  # Kish (1965)
        assert 1.03 <= deff <= 1.6
        assert deff == pytest.approx(synth.kish_deff(w.to_numpy()))


def test_writer_handles_semicolons_in_text(tmp_path, incidents):
    frame = incidents.head(3).copy()
    frame.loc[0, C.FRITEXT] = 'Text; med "citat"'
    path = synth.write_incidents(frame, tmp_path / "h.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[1][-1] == 'Text; med "citat"'
    assert [p.name for p in tmp_path.iterdir()] == ["h.csv"]
