"""Study areas: the bundled boundaries of all 290 municipalities, user-given area files, town names.

Why here (sources) and not in a ground module: the rule of the house is that only ``sources/``
reads files, and this module reads two kinds -- the bundled package data
(``resources/kommuner_sweref99tm.geojson``, derived from okfse/sweden-geojson by
``tools/build_boundaries.py``; the source is in its ``kalla`` member) and a GeoJSON file a user
passes for their own area (WGS84 longitude/latitude or SWEREF 99 TM metres; detected from the
``crs`` member or the size of the numbers). Analysis (:mod:`lagesbild_methods.patterns.area`) and
figures (:mod:`lagesbild_methods.figures.maps`) take the :class:`Area` objects made here.

The bundled outlines are simplified (mapshaper 2 % in the source, about 1 km detail): good for a
study area and a map, not for deciding on which side of a border a single address lies.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .. import registry
from ..errors import InputDataError, ParameterError, Problem

BOUNDARY_RESOURCE = "kommuner_sweref99tm.geojson"
#: Town-centre positions: registry centralort (Polisen points / approximate) plus approximate centres
#: (±1-2 km, general knowledge; the same positions the övningsdata generator uses) of other towns
#: (tätorter) and, in Uppsala, well-known districts. SWEREF 99 TM metres.
TOWNS_SOURCE = "Ungefärliga ortcentrum (±1–2 km); centralorter från Polisens händelse-API där sådana finns"
_OTHER_TOWNS: dict[str, tuple[tuple[str, float, float, str], ...]] = {
    "0305": (("Skokloster", 647476, 6621249, "tätort"), ("Gröna Dalen", 642200, 6606900, "tätort")),
    "0319": (("Älvkarleby", 634230, 6717170, "tätort"), ("Marma", 633551, 6707335, "tätort")),
    "0330": (("Alsike", 654142, 6628988, "tätort"), ("Vassunda", 649853, 6623796, "tätort")),
    "0331": (("Östervåla", 621075, 6673793, "tätort"), ("Morgongåva", 612338, 6645321, "tätort"),
             ("Vittinge", 615806, 6641750, "tätort"), ("Tärnsjö", 607153, 6669682, "tätort")),
    "0360": (("Örbyhus", 649719, 6679424, "tätort"), ("Söderfors", 623361, 6696384, "tätort"),
             ("Karlholmsbruk", 643834, 6711631, "tätort"), ("Månkarbo", 635685, 6679545, "tätort")),
    "0380": (("Storvreta", 650754, 6650032, "tätort"), ("Björklinge", 642081, 6657492, "tätort"),
             ("Gottsunda", 647208, 6633724, "stadsdel"), ("Gränby", 649741, 6640515, "stadsdel"),
             ("Stenhagen", 643952, 6638056, "stadsdel"), ("Sävja", 651927, 6635029, "stadsdel")),
    "0381": (("Grillby", 627747, 6611828, "tätort"), ("Fjärdhundra", 608090, 6627923, "tätort"),
             ("Örsundsbro", 629690, 6624155, "tätort")),
    "0382": (("Öregrund", 690121, 6694246, "tätort"), ("Gimo", 676667, 6675162, "tätort"),
             ("Alunda", 671417, 6662644, "tätort"), ("Österbybruk", 660768, 6676660, "tätort")),
}


@dataclass(frozen=True)
class Town:
    """A labelled point on a map: name, SWEREF 99 TM position and kind (centralort, tätort, stadsdel)."""

    namn: str
    e: float
    n: float
    typ: str = "tätort"


@dataclass(frozen=True, eq=False)
class Area:
    """A study area: outer and inner rings (even-odd rule) in SWEREF 99 TM metres.

    ``rings`` is a tuple of ``(k, 2)`` float arrays, closed (first point = last point).
    """

    namn: str
    rings: tuple
    kalla: str = ""
    kommunkod: str | None = None

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(xmin, ymin, xmax, ymax)``."""
        allp = np.vstack(self.rings)
        return (float(allp[:, 0].min()), float(allp[:, 1].min()), float(allp[:, 0].max()), float(allp[:, 1].max()))

    @property
    def area_m2(self) -> float:
        """Area in square metres (even-odd rule: holes subtract; shoelace formula per ring)."""
        tot = 0.0
        signs = []
        for r in self.rings:
            x, y = r[:, 0], r[:, 1]
            signs.append(0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))))
        # a ring inside another is a hole: decide by testing its first vertex against the others
        for i, r in enumerate(self.rings):
            depth = sum(_point_in_ring(r[0], o) for j, o in enumerate(self.rings) if j != i)
            tot += signs[i] if depth % 2 == 0 else -signs[i]
        return tot


def _point_in_ring(p, ring) -> bool:
    x, y = float(p[0]), float(p[1])
    x0, y0, x1, y1 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
    cross = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        xi = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    return bool(np.count_nonzero(cross & (x < xi)) % 2)


# --------------------------------------------------------------------------------------------
# coordinates
# --------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _transformer():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)


def to_sweref(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 longitude/latitude (degrees) -> SWEREF 99 TM easting/northing (metres); pyproj, offline."""
    lon = np.asarray(lon, float)
    lat = np.asarray(lat, float)
    if np.nanmax(np.abs(lat), initial=0) > 90 or np.nanmax(np.abs(lon), initial=0) > 180:
        raise ParameterError("Koordinaterna är inte longitud/latitud i grader (WGS84).")
    e, n = _transformer().transform(lon, lat)
    return np.asarray(e), np.asarray(n)


def _polygons(geom) -> list:
    t = (geom or {}).get("type")
    if t == "Polygon":
        return [geom["coordinates"]]
    if t == "MultiPolygon":
        return list(geom["coordinates"])
    if t == "GeometryCollection":
        return [p for g in geom.get("geometries", []) for p in _polygons(g)]
    return []


def _features(geojson: dict) -> list[dict]:
    if geojson.get("type") == "FeatureCollection":
        return list(geojson.get("features") or [])
    if geojson.get("type") == "Feature":
        return [geojson]
    return [{"type": "Feature", "properties": {}, "geometry": geojson}]


def rings_from_geojson(geojson: dict, *, kommunkod: str | None = None, id_properties=("kommunkod", "id"),
                       crs: str | None = None) -> list[np.ndarray]:
    """Rings of the (multi)polygons in a parsed GeoJSON object, in SWEREF 99 TM metres.

    ``crs``: ``"EPSG:4326"`` (RFC 7946 longitude/latitude) or ``"EPSG:3006"``; default: the
    ``crs`` member if present, else degrees when every |x| <= 180 and |y| <= 90.
    ``kommunkod`` keeps only features whose property (first of ``id_properties`` present) equals it.
    """
    if not isinstance(geojson, dict) or "type" not in geojson:
        raise ParameterError("Gränsen ska vara ett inläst GeoJSON-objekt (en ordlista med 'type').")
    feats = _features(geojson)
    if kommunkod is not None:
        def code(f):
            p = f.get("properties") or {}
            return next((str(p[k]) for k in id_properties if k in p), None)
        feats = [f for f in feats if code(f) == str(kommunkod)]
        if not feats:
            raise ParameterError(f"Kommunkoden {kommunkod} finns inte i gränsfilen.")
    raw = [np.asarray(ring, float)[:, :2] for f in feats for poly in _polygons(f.get("geometry"))
           for ring in poly if len(ring) >= 3]
    if not raw:
        raise ParameterError("Gränsen innehåller inga polygoner.")
    if crs is None:
        name = str(((geojson.get("crs") or {}).get("properties") or {}).get("name", ""))
        if "3006" in name:
            crs = "EPSG:3006"
        else:
            allp = np.vstack(raw)
            crs = "EPSG:4326" if (np.abs(allp[:, 0]) <= 180).all() and (np.abs(allp[:, 1]) <= 90).all() else "EPSG:3006"
    out = []
    for a in raw:
        if crs == "EPSG:4326":
            e, n = to_sweref(a[:, 0], a[:, 1])
            a = np.column_stack([e, n])
        if not np.array_equal(a[0], a[-1]):
            a = np.vstack([a, a[:1]])
        out.append(a)
    return out


# --------------------------------------------------------------------------------------------
# bundled municipality boundaries
# --------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _bundled() -> dict:
    text = resources.files("lagesbild_methods").joinpath("resources", BOUNDARY_RESOURCE).read_text(encoding="utf-8")
    return json.loads(text)


def municipality_names() -> dict[str, str]:
    """All 290 municipality codes in the bundled boundary file -> names."""
    return {f["properties"]["kommunkod"]: f["properties"]["namn"] for f in _bundled()["features"]}


def boundary_source() -> str:
    """Swedish source note of the bundled boundaries (for the report's source list)."""
    return str(_bundled().get("kalla", ""))


@lru_cache(maxsize=300)
def municipality_area(kommunkod: str) -> Area:
    """The bundled outline of a municipality (SCB code, e.g. '0331') as an :class:`Area`."""
    kod = str(kommunkod).strip()
    if kod.isdigit() and len(kod) == 3:
        kod = "0" + kod
    feats = [f for f in _bundled()["features"] if f["properties"]["kommunkod"] == kod]
    if not feats:
        raise ParameterError(f"Det finns ingen kommungräns för kommunkoden '{kommunkod}'. Ange en fyrsiffrig "
                             "kommunkod, t.ex. 0331 för Heby.")
    f = feats[0]
    rings = tuple(np.asarray(r, float) for poly in f["geometry"]["coordinates"] for r in poly)
    return Area(namn=f["properties"]["namn"], rings=rings, kalla=boundary_source(), kommunkod=kod)


# --------------------------------------------------------------------------------------------
# user-given area file
# --------------------------------------------------------------------------------------------
def read_area_file(path, *, namn: str | None = None) -> Area:
    """Read a user's own study area from a GeoJSON file (Polygon/MultiPolygon features).

    Coordinates may be WGS84 longitude/latitude (the GeoJSON standard) or SWEREF 99 TM metres.
    Raises :class:`InputDataError` with a Swedish message naming the file for anything unreadable.
    """
    p = Path(path)
    if not p.is_file():
        raise InputDataError(p, [Problem("Filen finns inte.", str(p))],
                             summary=f"Områdesfilen {p.name} finns inte.")
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        line = getattr(err, "lineno", None)
        raise InputDataError(p, [Problem("Filen är inte giltig GeoJSON (JSON-text).", str(p), row=line,
                                         expected="en GeoJSON-fil med polygoner, t.ex. exporterad från QGIS")]) from None
    try:
        rings = rings_from_geojson(data)
    except ParameterError as err:
        raise InputDataError(p, [Problem(str(err), str(p), expected="polygoner (Polygon eller MultiPolygon)")]) from None
    except (TypeError, ValueError, KeyError, IndexError):
        raise InputDataError(p, [Problem("Koordinaterna kunde inte tolkas.", str(p),
                                         expected="par av tal: longitud, latitud eller öst, nord i meter")]) from None
    allp = np.vstack(rings)
    if not (np.isfinite(allp).all() and allp[:, 0].min() > 150_000 and allp[:, 0].max() < 1_000_000
            and allp[:, 1].min() > 6_000_000 and allp[:, 1].max() < 7_800_000):
        raise InputDataError(p, [Problem("Området ligger inte i Sverige.", str(p),
                                         expected="WGS84 (longitud, latitud) eller SWEREF 99 TM (öst, nord)")])
    return Area(namn=namn or p.stem, rings=tuple(rings), kalla=f"Eget område från filen {p.name}")


def towns(kommunkod: str) -> list[Town]:
    """Centralort and other towns (tätorter; districts in Uppsala) to label on a municipality map.

    Known for the municipalities of Uppsala län; elsewhere an empty list (label areas from the
    incident register instead). Positions are approximate (see :data:`TOWNS_SOURCE`).
    """
    kod = str(kommunkod)
    out = []
    reg = registry.REGIONS.get(kod)
    if reg is not None and reg.centralort is not None and reg.typ == "kommun":
        out.append(Town(reg.centralort.name, reg.centralort.e, reg.centralort.n, "centralort"))
    out += [Town(n, float(e), float(nn), t) for n, e, nn, t in _OTHER_TOWNS.get(kod, ())]
    return out
