"""Municipality outlines: already-parsed GeoJSON (a dict) -> rings in SWEREF 99 TM metres.

Reading the file belongs to the sources layer; this module only converts a parsed GeoJSON
object (FeatureCollection, Feature, Polygon or MultiPolygon with WGS84 [lon, lat] coordinates,
RFC 7946) with pyproj (EPSG:4326 -> EPSG:3006, ``always_xy=True``; works offline from the wheel).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..errors import ParameterError


@lru_cache(maxsize=1)
def _transformer():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)


def to_sweref(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 longitude/latitude (degrees) -> SWEREF 99 TM easting/northing (metres)."""
    lon = np.asarray(lon, float)
    lat = np.asarray(lat, float)
    if np.nanmax(np.abs(lat), initial=0) > 90 or np.nanmax(np.abs(lon), initial=0) > 180:
        raise ParameterError("Koordinaterna är inte longitud/latitud i grader (WGS84).")
    e, n = _transformer().transform(lon, lat)
    return np.asarray(e), np.asarray(n)


def _polygons(geom) -> list:
    t = geom.get("type")
    if t == "Polygon":
        return [geom["coordinates"]]
    if t == "MultiPolygon":
        return list(geom["coordinates"])
    if t == "GeometryCollection":
        return [p for g in geom.get("geometries", []) for p in _polygons(g)]
    return []


def boundary_rings(geojson: dict, *, kommunkod: str | None = None, id_property: str = "id") -> list[np.ndarray]:
    """Outer and inner rings of the (multi)polygons in a parsed GeoJSON object, in SWEREF 99 TM.

    Parameters
    ----------
    geojson : dict from ``json.load`` (FeatureCollection, Feature or a bare geometry).
    kommunkod : keep only features whose ``properties[id_property]`` equals this code.

    Returns
    -------
    List of ``(k, 2)`` arrays (easting, northing) ready for :func:`lagesbild_methods.figures.maps`.
    """
    if not isinstance(geojson, dict) or "type" not in geojson:
        raise ParameterError("Gränsen ska vara ett inläst GeoJSON-objekt (en ordlista med 'type').")
    if geojson["type"] == "FeatureCollection":
        feats = geojson.get("features", [])
    elif geojson["type"] == "Feature":
        feats = [geojson]
    else:
        feats = [{"type": "Feature", "properties": {}, "geometry": geojson}]
    if kommunkod is not None:
        feats = [f for f in feats if str((f.get("properties") or {}).get(id_property)) == str(kommunkod)]
        if not feats:
            raise ParameterError(f"Kommunkoden {kommunkod} finns inte i gränsfilen.")
    rings = []
    for f in feats:
        for poly in _polygons(f.get("geometry") or {}):
            for ring in poly:
                a = np.asarray(ring, float)[:, :2]
                e, n = to_sweref(a[:, 0], a[:, 1])
                rings.append(np.column_stack([e, n]))
    if not rings:
        raise ParameterError("Gränsen innehåller inga polygoner.")
    return rings
