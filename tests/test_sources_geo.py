"""Bundled municipality boundaries (290, SWEREF 99 TM) and user-given area files."""
import json

import numpy as np
import pytest

from lagesbild_methods import registry
from lagesbild_methods.errors import InputDataError, ParameterError
from lagesbild_methods.paths import shared_reference
from lagesbild_methods.sources import geo


def test_all_290_municipalities_are_bundled_and_small():
    names = geo.municipality_names()
    assert len(names) == 290 and names["0331"] == "Heby" and names["0180"] == "Stockholm"
    from importlib import resources
    size = resources.files("lagesbild_methods").joinpath("resources", geo.BOUNDARY_RESOURCE).stat().st_size
    assert size < 1_000_000
    assert "okfse/sweden-geojson" in geo.boundary_source()


def test_every_centralort_lies_inside_its_municipality_and_not_in_the_neighbour():
    for kod, reg in registry.KOMMUNER.items():
        if reg.centralort is None:  # sourced central towns exist for Uppsala län
            continue
        own = geo.municipality_area(kod)
        t = reg.centralort
        assert any(geo._point_in_ring((t.e, t.n), r) for r in own.rings), kod
        other = geo.municipality_area("0331" if kod != "0331" else "0380")
        assert not any(geo._point_in_ring((t.e, t.n), r) for r in other.rings)


def test_area_sizes_are_plausible():
    # Heby about 1 240 km2, Älvkarleby about 240 km2 (land + inland water), Uppsala about 2 230 km2
    assert 1100e6 < geo.municipality_area("0331").area_m2 < 1400e6
    assert 180e6 < geo.municipality_area("0319").area_m2 < 300e6
    assert 2000e6 < geo.municipality_area("0380").area_m2 < 2500e6
    assert geo.municipality_area("331").kommunkod == "0331"
    with pytest.raises(ParameterError, match="kommunkoden"):
        geo.municipality_area("9999")


def test_projection_matches_geodesic_area_of_the_source():
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared saknas")
    from pyproj import Geod

    src = json.loads((ref / "real-data" / "sweden_kommuner_290.geojson").read_text(encoding="utf-8"))
    geod = Geod(ellps="GRS80")
    for f in src["features"]:
        kod = f["properties"]["id"]
        if kod not in ("0331", "0319", "0380", "2584"):
            continue
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        a = sum(abs(geod.polygon_area_perimeter(*np.asarray(p[0]).T)[0]) for p in polys)
        # SWEREF 99 TM scale error is < 0.1 % in southern Sweden and < 1 % far north; simplification ~0.5 %
        assert geo.municipality_area(kod).area_m2 == pytest.approx(a, rel=0.015), kod


def test_read_area_file_wgs84_and_sweref(tmp_path):
    ring = [[17.6, 59.8], [17.7, 59.8], [17.7, 59.9], [17.6, 59.9], [17.6, 59.8]]
    p = tmp_path / "omrade.geojson"
    p.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]}))
    a = geo.read_area_file(p, namn="Centrum")
    assert a.namn == "Centrum" and 60e6 < a.area_m2 < 65e6  # ~5.6 km x 11.1 km
    e, n = geo.to_sweref(np.array(ring)[:, 0], np.array(ring)[:, 1])
    p2 = tmp_path / "sweref.geojson"
    p2.write_text(json.dumps({"type": "Polygon", "coordinates": [np.column_stack([e, n]).tolist()]}))
    assert geo.read_area_file(p2).area_m2 == pytest.approx(a.area_m2)


def test_read_area_file_errors_are_swedish_and_name_the_file(tmp_path):
    bad = tmp_path / "trasig.geojson"
    bad.write_text("{ inte json")
    with pytest.raises(InputDataError, match="trasig.geojson") as e:
        geo.read_area_file(bad)
    assert "GeoJSON" in str(e.value) and "Traceback" not in str(e.value)
    pts = tmp_path / "punkter.geojson"
    pts.write_text(json.dumps({"type": "Point", "coordinates": [17.6, 59.8]}))
    with pytest.raises(InputDataError, match="inga polygoner"):
        geo.read_area_file(pts)
    far = tmp_path / "paris.geojson"
    far.write_text(json.dumps({"type": "Polygon", "coordinates": [[[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]]]}))
    with pytest.raises(InputDataError, match="inte i Sverige"):
        geo.read_area_file(far)
    with pytest.raises(InputDataError, match="finns inte"):
        geo.read_area_file(tmp_path / "saknas.geojson")


def test_towns_include_centralort_first():
    t = geo.towns("0331")
    assert t[0].namn == "Heby" and t[0].typ == "centralort" and {"Östervåla", "Tärnsjö"} <= {x.namn for x in t}
    area = geo.municipality_area("0331")
    assert all(any(geo._point_in_ring((x.e, x.n), r) for r in area.rings) for x in t)
    assert geo.towns("0180") == []
