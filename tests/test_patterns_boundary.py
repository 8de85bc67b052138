"""Tests for lagesbild_methods.patterns.boundary (GeoJSON dict -> SWEREF 99 TM rings)."""
import json

import numpy as np
import pytest

from lagesbild_methods import registry
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.paths import shared_reference
from lagesbild_methods.patterns.boundary import boundary_rings, to_sweref


def test_to_sweref_matches_registry_towns():
    for kod in ("0380", "0331", "0382"):
        town = registry.get(kod).centralort
        e, n = to_sweref(town.lon, town.lat)
        assert abs(float(e) - town.e) < 2 and abs(float(n) - town.n) < 2
    with pytest.raises(ParameterError):
        to_sweref(647795, 6638604)


def test_polygon_multipolygon_and_feature_collection():
    ring = [[17.6, 59.8], [17.7, 59.8], [17.7, 59.9], [17.6, 59.8]]
    assert len(boundary_rings({"type": "Polygon", "coordinates": [ring]})) == 1
    mp = {"type": "MultiPolygon", "coordinates": [[ring], [ring, ring]]}
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "0380"}, "geometry": mp},
        {"type": "Feature", "properties": {"id": "0331"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]}
    rings = boundary_rings(fc, kommunkod="0380")
    assert len(rings) == 3 and rings[0].shape == (4, 2)
    assert 600_000 < rings[0][:, 0].mean() < 700_000 and 6_600_000 < rings[0][:, 1].mean() < 6_700_000
    with pytest.raises(ParameterError, match="finns inte"):
        boundary_rings(fc, kommunkod="0999")
    with pytest.raises(ParameterError):
        boundary_rings("not json")


def test_real_municipality_outline_contains_its_town():
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared saknas")
    gj = json.loads((ref / "real-data" / "uppsala_lan_kommuner.geojson").read_text(encoding="utf-8"))
    from matplotlib.path import Path

    for kod in ("0380", "0360"):
        rings = boundary_rings(gj, kommunkod=kod)
        town = registry.get(kod).centralort
        assert any(Path(r).contains_point((town.e, town.n)) for r in rings)
        assert np.all(np.isfinite(rings[0]))
