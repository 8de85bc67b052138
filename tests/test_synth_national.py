"""Practice data for every municipality (lagesbild_methods.synth_national): generated on demand,
deterministic per municipality code, consistent with the bundled Uppsala län files and the registry."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods import inputs, paths, registry, synth, synth_national
from lagesbild_methods.sources import tidy

SMALL, LARGE = "0183", "2584"  # Sundbyberg (small area), Kiruna (large area)


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path / "cache")
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def national():
    return synth_national.population(), synth_national.crime()


def test_uppsala_lan_keeps_the_bundled_files(cache_dir):
    for kod in synth.UPPSALA_KOMMUNER:
        assert inputs.resolve("brott_fil", "", kod) == paths.CRIME_FILE.resolve()
        assert inputs.resolve("handelser_fil", "", kod) == paths.incidents_file(kod).resolve()
    assert not cache_dir.exists(), "nothing is generated for the bundled eight"


def test_generated_on_demand_and_marked_synthetic(cache_dir):
    p = inputs.resolve("handelser_fil", "", LARGE)
    assert p.is_file() and cache_dir in p.parents and inputs.is_synthetic(p)
    planned = inputs.resolve("enkat_fil", "", SMALL, generate=False)
    assert not planned.exists()  # the runner plans without generating; the worker generates
    assert inputs.resolve("enkat_fil", "", SMALL).is_file()


def test_same_bytes_whatever_the_order_or_process(tmp_path, monkeypatch):
    """Seeded by municipality code: Kiruna's file does not depend on what was generated before it."""
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path / "a")
    first = inputs.resolve("handelser_fil", "", LARGE).read_bytes()
    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path / "b")
    inputs.resolve("handelser_fil", "", SMALL)
    inputs.resolve("enkat_fil", "", "1280")
    again = inputs.resolve("handelser_fil", "", LARGE).read_bytes()
    assert first == again
    assert first != inputs.resolve("handelser_fil", "", SMALL).read_bytes()


def test_population_real_2024_and_county_sums(national):
    pop, _crime = national
    p = pop.set_index([C.KOMMUNKOD, C.AR])[C.FOLKMANGD]
    assert set(registry.KOMMUNER) | set(registry.LAN) | {C.RIKET} <= set(pop[C.KOMMUNKOD])
    for kod, reg in registry.KOMMUNER.items():
        if kod not in synth.UPPSALA_KOMMUNER:
            assert p[(kod, 2024)] == reg.folkmangd_2024[0], kod  # SCB 2024 (registry, CC3K)
    for lan in registry.LAN:
        members = registry.kommuner_i_lan(lan)
        assert p[(lan, 2020)] == sum(p[(k, 2020)] for k in members), lan
    bundled = synth.generate_population().set_index([C.KOMMUNKOD, C.AR])[C.FOLKMANGD]
    for key in [("0331", 2017), ("03", 2021), (C.RIKET, 2024)]:
        assert p[key] == bundled[key]


def test_crime_covers_the_country_and_keeps_the_bundled_rows(national):
    pop, crime = national
    bundled = pd.read_csv(paths.CRIME_FILE, dtype={"kommunkod": str})
    mine = crime[crime[C.KOMMUNKOD].isin(bundled[C.KOMMUNKOD].unique())].reset_index(drop=True)
    assert mine[C.ANTAL].tolist() == bundled[C.ANTAL].tolist()
    tot = crime[crime[C.BROTTSTYP] == "totalt"].set_index([C.KOMMUNKOD, C.AR])[C.ANTAL]
    cats = crime[crime[C.BROTTSTYP] != "totalt"].groupby([C.KOMMUNKOD, C.AR])[C.ANTAL].sum()
    assert (tot.loc[cats.index] >= cats).all()
    p = pop.set_index([C.KOMMUNKOD, C.AR])[C.FOLKMANGD]
    rates = np.array([tot[(k, 2025)] / p[(k, 2024)] * 1e5 for k in registry.KOMMUNER])
    assert 3_000 < rates.min() and rates.max() < 40_000
    assert 9_000 < np.median(rates) < 20_000  # around the national level (~14 000 per 100 000)
    for lan in ("12", "25"):
        assert tot[(lan, 2025)] == sum(tot[(k, 2025)] for k in registry.kommuner_i_lan(lan))


def test_files_pass_the_package_readers(cache_dir):
    crime = tidy.read_crime_csv(inputs.resolve("brott_fil", "", "1280"))
    pop = tidy.read_population_csv(inputs.resolve("folkmangd_fil", "", "1280"))
    assert {"1280", "12", C.RIKET} <= set(crime[C.KOMMUNKOD]) and "1280" in set(pop[C.KOMMUNKOD])


@pytest.mark.parametrize("kod", [SMALL, LARGE])
def test_incidents_lie_inside_the_municipality(cache_dir, kod):
    from lagesbild_methods.sources import geo, register

    inc = register.read_incident_register(inputs.resolve("handelser_fil", "", kod), kommunkod=kod)
    area = geo.municipality_area(kod)
    pts = inc[[C.X, C.Y]].to_numpy(dtype=float)[:300]
    inside = np.mean([synth_national._inside(area, pt) for pt in pts])
    assert inside > 0.9, f"{inside:.0%} of {registry.get(kod).namn}'s incidents inside its outline"
    n_year = len(inc) / 3
    assert 0.5 < n_year / synth.expected_incidents_per_year(kod) < 1.6
