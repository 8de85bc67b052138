"""Municipality outlines: already-parsed GeoJSON (a dict) -> rings in SWEREF 99 TM metres.

Thin wrapper kept for existing callers. The conversion lives in :mod:`lagesbild_methods.sources.geo`
(which also reads the bundled boundaries of all 290 municipalities and user-given area files).
"""
from __future__ import annotations

import numpy as np

from ..sources.geo import rings_from_geojson, to_sweref

__all__ = ["boundary_rings", "to_sweref"]


def boundary_rings(geojson: dict, *, kommunkod: str | None = None, id_property: str = "id") -> list[np.ndarray]:
    """Outer and inner rings of the (multi)polygons of a WGS84 GeoJSON object, in SWEREF 99 TM."""
    return rings_from_geojson(geojson, kommunkod=kommunkod, id_properties=(id_property,), crs="EPSG:4326")
