"""Build the bundled municipality boundaries (all 290 kommuner) in SWEREF 99 TM.

Source: okfse/sweden-geojson @ff67bcb0 ``swedish_municipalities.geojson`` (README: "Feel free to
reuse"; derived from Valmyndigheten's data via opendatasoft, simplified with mapshaper to 2 %),
WGS84 [lon, lat]. The project keeps a copy at ``../shared/reference/real-data/sweden_kommuner_290.geojson``.

What this script does (deterministic):

1. projects every ring to SWEREF 99 TM (EPSG:3006, pyproj, ``always_xy=True``);
2. simplifies each ring with Douglas-Peucker at ``--tolerance`` metres (default 50 m; the source is
   already simplified to ~1 km detail, so this only drops nearly collinear points); a ring keeps
   at least 4 points and rings whose area falls below ``--min-area`` m2 (default 0.5 km2, tiny
   islets) are dropped unless they are a feature's only ring;
3. rounds coordinates to whole metres and writes one compact GeoJSON FeatureCollection with
   properties ``kommunkod``, ``namn``, ``lan`` and a top-level ``kalla`` (source) and ``crs``.

Usage::

    .venv/bin/python tools/build_boundaries.py [SOURCE.geojson] \
        [--out lagesbild_methods/resources/kommuner_sweref99tm.geojson]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from pyproj import Transformer

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "reference" / "real-data" / "sweden_kommuner_290.geojson"
DEFAULT_OUT = REPO / "lagesbild_methods" / "resources" / "kommuner_sweref99tm.geojson"
SOURCE_TEXT = ("Kommungränser: okfse/sweden-geojson @ff67bcb0 (swedish_municipalities.geojson, fri att "
               "återanvända; Valmyndighetens data via opendatasoft, förenklad med mapshaper 2 %). "
               "Projicerad till SWEREF 99 TM (EPSG:3006), förenklad (Douglas-Peucker {tol} m) och avrundad "
               "till hela meter av tools/build_boundaries.py.")


def douglas_peucker(pts: np.ndarray, tol: float) -> np.ndarray:
    """Douglas-Peucker simplification of an open polyline (iterative, keeps both end points)."""
    n = len(pts)
    if n < 3:
        return pts
    keep = np.zeros(n, bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b <= a + 1:
            continue
        seg = pts[b] - pts[a]
        rel = pts[a + 1:b] - pts[a]
        length = np.hypot(*seg)
        if length == 0:
            d = np.hypot(rel[:, 0], rel[:, 1])
        else:
            d = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / length
        i = int(np.argmax(d))
        if d[i] > tol:
            m = a + 1 + i
            keep[m] = True
            stack += [(a, m), (m, b)]
    return pts[keep]


def ring_area(r: np.ndarray) -> float:
    x, y = r[:, 0], r[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def simplify_ring(ring: np.ndarray, tol: float) -> np.ndarray:
    closed = ring if np.array_equal(ring[0], ring[-1]) else np.vstack([ring, ring[:1]])
    # split at the point farthest from the start so both halves are open polylines
    far = int(np.argmax(np.hypot(*(closed - closed[0]).T)))
    if far == 0:
        return closed
    a = douglas_peucker(closed[:far + 1], tol)
    b = douglas_peucker(closed[far:], tol)
    out = np.vstack([a, b[1:]])
    return out if len(out) >= 4 else closed


def build(source: Path, tol: float, min_area: float) -> dict:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    tr = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)
    feats = []
    for f in sorted(data["features"], key=lambda f: f["properties"]["id"]):
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        out_polys = []
        for poly in polys:
            rings = []
            for k, ring in enumerate(poly):
                a = np.asarray(ring, float)[:, :2]
                e, n = tr.transform(a[:, 0], a[:, 1])
                r = simplify_ring(np.column_stack([e, n]), tol)
                if k == 0 or ring_area(r) >= min_area:
                    rings.append(np.round(r).astype(int).tolist())
            out_polys.append((ring_area(np.asarray(rings[0], float)), rings))
        big = [p for a, p in out_polys if a >= min_area] or [max(out_polys, key=lambda t: t[0])[1]]
        p = f["properties"]
        feats.append({"type": "Feature",
                      "properties": {"kommunkod": str(p["id"]), "namn": p["kom_namn"], "lan": str(p["lan_code"])},
                      "geometry": {"type": "MultiPolygon", "coordinates": big}})
    return {"type": "FeatureCollection", "kalla": SOURCE_TEXT.format(tol=f"{tol:g}"),
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}}, "features": feats}


def main(argv=None) -> Path:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", default=str(DEFAULT_SOURCE))
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--tolerance", type=float, default=50.0)
    ap.add_argument("--min-area", type=float, default=500_000.0)
    a = ap.parse_args(argv)
    fc = build(Path(a.source), a.tolerance, a.min_area)
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    # one feature per line keeps diffs reviewable
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"')
    tmp = out.with_suffix(".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(out)
    n_pts = sum(len(r) for f in fc["features"] for p in f["geometry"]["coordinates"] for r in p)
    print(f"{len(fc['features'])} kommuner, {n_pts} punkter, {out.stat().st_size / 1024:.0f} kB -> {out}")
    return out


if __name__ == "__main__":
    main()
