"""Places of the practice data: towns, villages and countryside places per kommun (and :class:`Profile` for generated kommuner).

Part of :mod:`lagesbild_methods.synth` (see its docstring for the calibration and sources)."""
from __future__ import annotations

import csv  # noqa: F401
import io  # noqa: F401
import os  # noqa: F401
import tempfile  # noqa: F401
from dataclasses import dataclass  # noqa: F401
from pathlib import Path  # noqa: F401

import numpy as np  # noqa: F401
import pandas as pd  # noqa: F401

from .. import columns as C  # noqa: F401
from .. import paths, registry  # noqa: F401
from .crime import *  # noqa: F401,F403

__all__ = [
    "Area",
    "AREAS",
    "_STATION_NAME",
    "Profile",
    "PROFILES",
    "_CENTRAL_PLACES",
    "_VILLAGE_PLACES",
    "_RURAL_PLACES",
    "PLACE_TYPES",
    "places",
]

# ================================================================================================
# Places (for the incident register and the survey areas)
# ================================================================================================
@dataclass(frozen=True)
class Area:
    """A town, village or district: name, SWEREF 99 TM centre (None = the central town), size weight."""

    name: str
    e: float | None
    n: float | None
    weight: float  # share of the kommun's population (approximate, invented)
    kind: str = "by"  # "centralort", "by" (village/district) or "landsbygd"


# Village/district centres: approximate town centres from general knowledge (±1-2 km), converted from
# WGS84 to SWEREF 99 TM (EPSG:3006). Area weights are invented, plausible population shares.
AREAS: dict[str, list[Area]] = {
    "0305": [Area("Bålsta", None, None, 0.62, "centralort"), Area("Skokloster", 647476, 6621249, 0.10),
             Area("Gröna Dalen", 642200, 6606900, 0.14), Area("Landsbygd", None, None, 0.14, "landsbygd")],
    "0319": [Area("Skutskär", None, None, 0.60, "centralort"), Area("Älvkarleby", 634230, 6717170, 0.16),
             Area("Marma", 633551, 6707335, 0.08), Area("Landsbygd", None, None, 0.16, "landsbygd")],
    "0330": [Area("Knivsta", None, None, 0.55, "centralort"), Area("Alsike", 654142, 6628988, 0.25),
             Area("Vassunda", 649853, 6623796, 0.05), Area("Landsbygd", None, None, 0.15, "landsbygd")],
    "0331": [Area("Heby", None, None, 0.22, "centralort"), Area("Östervåla", 621075, 6673793, 0.14),
             Area("Morgongåva", 612338, 6645321, 0.16), Area("Vittinge", 615806, 6641750, 0.07),
             Area("Tärnsjö", 607153, 6669682, 0.10), Area("Landsbygd", None, None, 0.31, "landsbygd")],
    "0360": [Area("Tierp", None, None, 0.30, "centralort"), Area("Örbyhus", 649719, 6679424, 0.10),
             Area("Söderfors", 623361, 6696384, 0.09), Area("Karlholmsbruk", 643834, 6711631, 0.08),
             Area("Månkarbo", 635685, 6679545, 0.06), Area("Landsbygd", None, None, 0.37, "landsbygd")],
    "0380": [Area("Centrum", None, None, 0.40, "centralort"), Area("Gottsunda", 647208, 6633724, 0.12),
             Area("Gränby", 649741, 6640515, 0.10), Area("Stenhagen", 643952, 6638056, 0.07),
             Area("Sävja", 651927, 6635029, 0.07), Area("Storvreta", 650754, 6650032, 0.04),
             Area("Björklinge", 642081, 6657492, 0.03), Area("Landsbygd", None, None, 0.17, "landsbygd")],
    "0381": [Area("Enköping", None, None, 0.55, "centralort"), Area("Grillby", 627747, 6611828, 0.05),
             Area("Fjärdhundra", 608090, 6627923, 0.05), Area("Örsundsbro", 629690, 6624155, 0.05),
             Area("Landsbygd", None, None, 0.30, "landsbygd")],
    "0382": [Area("Östhammar", None, None, 0.22, "centralort"), Area("Öregrund", 690121, 6694246, 0.07),
             Area("Gimo", 676667, 6675162, 0.14), Area("Alunda", 671417, 6662644, 0.11),
             Area("Österbybruk", 660768, 6676660, 0.11), Area("Landsbygd", None, None, 0.35, "landsbygd")],
}
_STATION_NAME = {"0380": "Resecentrum", "0381": "Resecentrum", "0382": "Busstationen"}


@dataclass(frozen=True)
class Profile:
    """What the incident and survey generators need to know about a kommun outside the bundled eight
    (filled in by :mod:`synth_national`; the eight use the tables above and the registry)."""

    centre: tuple[float, float]  # SWEREF 99 TM of the central place
    areas: tuple[Area, ...]
    size: float  # population used for the register and survey sizes
    rural_km: float = 1.0  # scale of the countryside places' offsets (small kommuner: closer in)
    town_scale: float = 1.0  # scale of the central places' offsets and spread (narrow kommuner: closer in)
    unsafe: float = 0.0  # kommun effect on the survey's latent unsafety
    rurality: float = 0.0


PROFILES: dict[str, Profile] = {}

# Central-town places: (name, type, dE m, dN m, spread sd m, weight). Invented, plausible offsets.
_CENTRAL_PLACES = [
    ("{station}", "station", 150, -250, 40, 10.0),
    ("Torget", "torg", -100, 120, 40, 8.0),
    ("Centrumskolan", "skola", 600, 500, 50, 6.0),
    ("Högstadieskolan", "skola", -900, -400, 60, 2.5),
    ("Idrottsplatsen", "idrott", -1300, 900, 80, 2.5),
    ("Simhallen", "idrott", -1100, 700, 30, 1.0),
    ("Biblioteket", "offentlig", 60, 220, 25, 1.5),
    ("Stadsparken", "park", 400, -700, 90, 3.5),
    ("Skateparken", "park", 900, -200, 30, 3.0),
    ("Fritidsgården", "fritidsgard", -500, 800, 30, 2.5),
    ("Parkeringen vid matbutiken", "handel", 800, 1200, 60, 3.0),
    ("Återvinningsstationen", "atervinning", 1500, -300, 25, 2.5),
    ("Gångtunneln vid järnvägen", "tunnel", 300, -450, 20, 2.0),
    ("Bostadsområde Norr", "bostad", 200, 1800, 350, 3.0),
    ("Bostadsområde Söder", "bostad", -300, -1700, 350, 3.0),
    ("Bostadsområde Väster", "bostad", -2000, 100, 350, 2.0),
]
_VILLAGE_PLACES = [
    ("{v} centrum", "torg", 0, 0, 60, 2.0),
    ("{v} skola", "skola", 350, 250, 50, 1.6),
    ("Idrottsplatsen i {v}", "idrott", -500, 400, 60, 0.7),
    ("Bostäder i {v}", "bostad", -200, -500, 300, 1.6),
]
# Countryside places: offsets from the central town (dE, dN in km), invented.
_RURAL_PLACES = [
    ("Grustaget", "natur", 7.5, -6.0, 150, 1.2),
    ("Badplatsen vid sjön", "bad", -6.0, 8.0, 80, 1.2),
    ("Återvinningsstationen vid landsvägen", "atervinning", 9.0, 4.0, 30, 1.0),
    ("Fritidshusområdet", "bostad", -9.0, -7.0, 700, 1.0),
]

PLACE_TYPES = ("station", "torg", "skola", "idrott", "offentlig", "park", "fritidsgard", "handel",
               "atervinning", "tunnel", "bostad", "natur", "bad")


def places(kommunkod: str) -> pd.DataFrame:
    """The place list of one kommun: plats, omrade, typ, e, n (SWEREF 99 TM centre), spread, vikt.

    Central-town places lie around the registry centralort; villages/districts at their approximate real
    positions; a few countryside places. Weights are invented: the station, the square and one school are
    hot places by construction. Deterministic.
    """
    reg = registry.get(kommunkod)
    prof = PROFILES.get(reg.kod)
    te, tn = prof.centre if prof else (reg.centralort.e, reg.centralort.n)
    rural_km = prof.rural_km if prof else 1.0
    ts = prof.town_scale if prof else 1.0
    station = _STATION_NAME.get(reg.kod, "Stationen")
    rows = []
    for area in (prof.areas if prof else AREAS[reg.kod]):
        if area.kind == "centralort":
            for name, typ, de, dn, sd, w in _CENTRAL_PLACES:
                rows.append((name.format(station=station), area.name, typ, te + de * ts, tn + dn * ts, sd * ts, w))
        elif area.kind == "by":
            scale = max(area.weight / 0.12, 0.4)
            for name, typ, de, dn, sd, w in _VILLAGE_PLACES:
                rows.append((name.format(v=area.name), area.name, typ, area.e + de, area.n + dn, sd, w * scale))
        else:
            for name, typ, de, dn, sd, w in _RURAL_PLACES:
                rows.append((name, area.name, typ, te + de * 1000 * rural_km, tn + dn * 1000 * rural_km, sd, w))
    out = pd.DataFrame(rows, columns=[C.PLATS, C.OMRADE, "typ", "e", "n", "spridning", "vikt"])
    if reg.kod == "0380":  # a larger town: more weight on the hot centre
        out.loc[out["typ"].isin(["station", "torg"]), "vikt"] *= 2.0
    return out
