"""Step-1 report integration of the place analyses: hot places on a map, repeat yardstick, Knox."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lagesbild_methods import paths  # noqa: E402
from lagesbild_methods.figures.style import get_alt_text  # noqa: E402
from lagesbild_methods.patterns import hotplaces, hotspot  # noqa: E402
from lagesbild_methods.sources import geo, read_incident_register  # noqa: E402
from lagesbild_methods.steps import step1  # noqa: E402


@pytest.fixture(scope="module")
def heby_var():
    ctx = step1.load("Heby", 2015, 2025)
    return ctx, step1.var(ctx)


def test_heby_report_lists_at_most_ten_hot_places_with_count_and_reason(heby_var):
    ctx, sec = heby_var
    text = sec.text
    assert "Platser som sticker ut i Heby" in text and "cellstorlek_m" in text
    hot = sec.facts["heta_platser"]
    assert 1 <= len(hot) <= 10 and all(h["antal"] >= 5 for h in hot)  # shareable by default: no small places
    tables = [p for p in sec.parts if p[0] == "table" and p[2] and p[2].startswith("Platser som sticker ut")]
    assert len(tables) == 1
    tab = tables[0][1]
    assert len(tab) == len(hot) and (tab["Varför"].str.contains("gånger så många som väntat")).all()
    assert tab["Plats"].iloc[0].startswith("Heby")


def test_heby_map_has_boundary_towns_scale_and_no_dot_map_when_shareable(heby_var):
    ctx, sec = heby_var
    alts = [get_alt_text(p[1]) for p in sec.parts if p[0] == "fig"]
    hot_map = next(a for a in alts if "numrerade platser" in a)
    assert "Kommungränsen" in hot_map and "Heby" in hot_map and "Östervåla" in hot_map and "Skalstock" in hot_map
    assert ctx.delbar and not any("som punkter" in a for a in alts)  # no incident dots in a shareable report
    assert any("Rutkarta" in a and "färre än 5" in a for a in alts)


def test_heby_report_has_repeat_yardstick_and_knox(heby_var):
    ctx, sec = heby_var
    text = sec.text
    assert "Om tidpunkterna lottades om mellan händelserna" in text
    assert "Knox-test" in text and sec.facts["knox_permutationer"] == 999


def test_uppsala_hot_places_are_few_and_named():
    inc = read_incident_register(paths.incidents_file("0380"))
    area = geo.municipality_area("0380")
    res = hotspot.hotspot_gistar(inc, area=area)
    places = hotplaces.hot_places(res, inc)
    assert len(places) <= 10 and places.attrs["antal_platser"] <= 20
    assert places.iloc[0]["omrade"] == "Centrum" and places["antal"].is_monotonic_decreasing
    assert np.isfinite(places["kvot"]).all() and (places["kvot"] > 1).all()


def test_heby_report_compares_categories_with_all_incidents(heby_var):
    ctx, sec = heby_var
    assert "Var är en sorts händelse vanligare än andra?" in sec.text
    assert sec.text.count("kom inom 30 dagar efter en tidigare händelse") == 1
