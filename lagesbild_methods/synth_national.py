"""Practice data (övningsdata) for every municipality of Sweden, generated on demand.

The eight kommuner of Uppsala län have bundled files (``data/ovningsdata``, :mod:`synth`). For the
other 282, the files are generated the first time a report asks for them, into
``<cache>/ovningsdata/<version>-<seed>/`` (``paths.CACHE_DIR``), atomically, and deterministically:
each municipality's random streams are seeded by the seed and its SCB code, so the same file comes out
in every process, worker or machine, in any order. Everything is **synthetic** and labelled so.

Calibration (facts carried over with their source):

* **population 31 December 2024** per kommun: SCB via the crimecity3k project (``registry``,
  source ``CC3K``); other years 2014-2025 are projected from it with a small synthetic growth rate per
  kommun ("Framräknad (övningsdata)"). Counties are the sum of their kommuner; Riket and the bundled
  eight keep the rows of the bundled file (with their SCB sources).
* **reported crimes** 2015-2025: Riket keeps the bundled national path (about 1.46-1.55 million a
  year); a kommun's rate is the national rate per 100 000 times a size factor (larger kommuner have
  higher rates, as in Brå's statistics) and a random kommun factor (log-normal, sd 0.2), on the
  national trend with a small random slope; negative-binomial totals and multinomial categories as in
  :mod:`synth`. The bundled eight, Uppsala län, Riket and the SKR kommungrupp aggregates are the
  bundled rows; the other counties are sums of their kommuner.
* **incidents and survey**: :mod:`synth`'s generators with a generic place list around the centre of
  the municipality's bundled outline (``resources/kommuner_sweref99tm.geojson``; the central town's
  real position where the registry knows it).

Files: ``anmalda_brott.csv`` and ``folkmangd.csv`` for the whole country, ``handelser/handelser_<kod>.csv``
and ``enkat/trygghetsmatning_<kod>.csv`` per kommun, in the bundled files' formats.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import columns as C
from . import paths, registry, synth

VERSION = "g1"  # bump when the generator's output changes, so old cached files are not reused
FILES = {"brott_fil": "anmalda_brott.csv", "folkmangd_fil": "folkmangd.csv"}
PROJECTED_LABEL = "Framräknad (övningsdata)"
COUNTY_SUM_LABEL = "Summa av länets kommuner (övningsdata)"
_STREAM = {"population": 11, "crime": 12, "incidents": 13, "survey": 14}
_PER_KOMMUN = re.compile(r"^(handelser|trygghetsmatning)_(\d{4})\.csv$")


def root(seed: int = synth.DEFAULT_SEED) -> Path:
    return paths.CACHE_DIR / "ovningsdata" / f"{VERSION}-{seed}"


def bundled(kod: str) -> bool:
    """True for the eight kommuner of Uppsala län and the county itself (their files are bundled)."""
    return kod in synth.UPPSALA_KOMMUNER or kod == C.UPPSALA_LAN


def practice_path(parameter: str, kommunkod: str, seed: int = synth.DEFAULT_SEED) -> Path:
    """Where the practice file for a ``*_fil`` parameter lives (not generated yet; see :func:`ensure`)."""
    if bundled(kommunkod):
        return {"brott_fil": paths.CRIME_FILE, "folkmangd_fil": paths.POPULATION_FILE,
                "handelser_fil": paths.incidents_file(kommunkod), "enkat_fil": paths.survey_file(kommunkod)}[parameter]
    r = root(seed)
    if parameter in FILES:
        return r / FILES[parameter]
    if parameter == "handelser_fil":
        return r / "handelser" / f"handelser_{kommunkod}.csv"
    if parameter == "enkat_fil":
        return r / "enkat" / f"trygghetsmatning_{kommunkod}.csv"
    raise KeyError(parameter)


def is_practice_path(path: Path) -> bool:
    try:
        Path(path).resolve().relative_to((paths.CACHE_DIR / "ovningsdata").resolve())
        return True
    except ValueError:
        return False


def ensure(path: Path) -> Path:
    """Generate the practice file ``path`` (a path from :func:`practice_path`) if it does not exist."""
    path = Path(path)
    if path.exists() or not is_practice_path(path):
        return path
    seed = int(path.resolve().relative_to((paths.CACHE_DIR / "ovningsdata").resolve()).parts[0].split("-")[1])
    if path.name == FILES["folkmangd_fil"]:
        synth.write_population(population(seed), path)
    elif path.name == FILES["brott_fil"]:
        synth.write_crime_stats(crime(seed), path)
    elif m := _PER_KOMMUN.match(path.name):
        kind, kod = m.groups()
        profile(kod)
        if kind == "handelser":
            synth.write_incidents(synth.generate_incidents(kod, _rng(seed, "incidents", kod)), path)
        else:
            synth.write_survey(synth.generate_survey(kod, _rng(seed, "survey", kod)), path)
    return path


def _rng(seed: int, stream: str, kommunkod: str) -> np.random.Generator:
    return np.random.default_rng([int(seed), _STREAM[stream], int(kommunkod)])


def _others() -> list[str]:
    return [k for k in registry.KOMMUNER if not bundled(k)]


# ------------------------------------------------------------------------------------ population
@lru_cache(maxsize=4)
def population(seed: int = synth.DEFAULT_SEED) -> pd.DataFrame:
    """Population 31 December 2014-2025 for every kommun, every county, Riket and the kommungrupper."""
    base = synth.generate_population()
    rows = []
    years = np.array(synth.POPULATION_YEARS)
    label24 = registry.SOURCES.get("CC3K", "SCB, folkmängd 31 december 2024")
    for kod in _others():
        pop24, _src = registry.KOMMUNER[kod].folkmangd_2024
        growth = float(np.clip(_rng(seed, "population", kod).normal(0.005, 0.007), -0.02, 0.03))
        vals = np.round(pop24 * (1 + growth) ** (years - 2024)).astype(int)
        vals[years == 2024] = pop24
        rows += [(kod, int(y), int(v), label24 if y == 2024 else PROJECTED_LABEL) for y, v in zip(years, vals)]
    other = pd.DataFrame(rows, columns=C.POPULATION_COLUMNS)
    kommuner = pd.concat([base[base[C.KOMMUNKOD].isin(synth.UPPSALA_KOMMUNER)], other], ignore_index=True)
    lan_rows = []
    for lan in registry.LAN:
        if lan == C.UPPSALA_LAN:
            continue
        members = kommuner[kommuner[C.KOMMUNKOD].isin(registry.kommuner_i_lan(lan))]
        s = members.groupby(C.AR)[C.FOLKMANGD].sum()
        lan_rows += [(lan, int(y), int(v), COUNTY_SUM_LABEL) for y, v in s.items()]
    out = pd.concat([kommuner, pd.DataFrame(lan_rows, columns=C.POPULATION_COLUMNS),
                     base[~base[C.KOMMUNKOD].isin(synth.UPPSALA_KOMMUNER)]], ignore_index=True)
    order = {k: i for i, k in enumerate(list(registry.KOMMUNER) + list(registry.LAN) + [C.RIKET]
                                        + list(synth.KOMMUNGRUPP_CODES))}
    out["_o"] = out[C.KOMMUNKOD].map(order)
    out = out.sort_values(["_o", C.AR], kind="stable").drop(columns="_o").reset_index(drop=True)
    out[C.AR] = out[C.AR].astype("int64")
    out[C.FOLKMANGD] = out[C.FOLKMANGD].astype("int64")
    return out


# ------------------------------------------------------------------------------------ crime
def crime(seed: int = synth.DEFAULT_SEED) -> pd.DataFrame:
    """Reported crimes 2015-2025 for every kommun and county, Riket and the kommungrupper (long format)."""
    pop = population(seed)
    base = synth.generate_crime_stats(synth.rng_for(seed, "crime"), synth.generate_population())
    p = pop.set_index([C.KOMMUNKOD, C.AR])[C.FOLKMANGD]
    years = np.array(synth.CRIME_YEARS)
    riket_tot = np.array([synth.RIKET_TOTAL_MILLIONS[y] * 1e6 for y in years])
    riket_rate = riket_tot / np.array([p[(C.RIKET, y - 1)] for y in years]) * 1e5
    shape = np.log(riket_rate / riket_rate[-1])
    others = _others()
    pop24 = np.array([p[(k, 2024)] for k in others], dtype=float)
    size = (pop24 / np.median(pop24)) ** 0.12
    size /= np.average(size, weights=pop24)  # the kommuner together keep the national rate
    cats = [c for c in C.BROTTSTYPER if c != "totalt"]
    blocks = []
    for kod, f in zip(others, size):
        rng = _rng(seed, "crime", kod)
        level = riket_rate[-1] * f * np.exp(rng.normal(-0.02, 0.2))
        rate = level * np.exp(0.5 * shape + rng.normal(0.0, 0.01) * (years - 2025))
        mu = rate * np.array([p[(kod, y - 1)] for y in years]) / 1e5
        totals = synth._nb(rng, mu, 2000.0)
        local = synth._RURAL if pop24[others.index(kod)] < 25_000 else (
            {"stoldbrott": 1.15, "skadegorelse": 0.8} if pop24[others.index(kod)] > 150_000 else {})
        t = (years - years[0]) / (years[-1] - years[0])
        shares = np.array([[(a + (b - a) * ti) * local.get(c, 1.0) for c, (a, b) in synth.NATIONAL_SHARES.items()]
                           for ti in t])
        pvals = np.hstack([shares, 1.0 - shares.sum(axis=1, keepdims=True)])
        counts = rng.multinomial(totals, pvals)[:, : len(cats)]
        block = pd.DataFrame(counts, columns=cats)
        block.insert(0, "totalt", totals)
        block.insert(0, C.AR, years)
        block.insert(0, C.KOMMUNKOD, kod)
        blocks.append(block)
    wide = pd.concat(blocks, ignore_index=True)
    lan_blocks = []
    for lan in registry.LAN:
        if lan == C.UPPSALA_LAN:
            continue
        s = wide[wide[C.KOMMUNKOD].isin(registry.kommuner_i_lan(lan))].groupby(C.AR, as_index=False).sum(
            numeric_only=True)
        s.insert(0, C.KOMMUNKOD, lan)
        lan_blocks.append(s)
    wide = pd.concat([wide] + lan_blocks, ignore_index=True)
    long = wide.melt(id_vars=[C.KOMMUNKOD, C.AR], var_name=C.BROTTSTYP, value_name=C.ANTAL)
    long[C.KALLA] = synth.SYNTH_LABEL
    out = pd.concat([base, long[C.CRIME_COLUMNS]], ignore_index=True)
    order = {k: i for i, k in enumerate(list(registry.KOMMUNER) + list(registry.LAN) + [C.RIKET]
                                        + list(synth.KOMMUNGRUPP_CODES))}
    out["_r"] = out[C.KOMMUNKOD].map(order)
    out["_c"] = out[C.BROTTSTYP].map({k: i for i, k in enumerate(C.BROTTSTYPER)})
    out = out.sort_values(["_r", C.AR, "_c"], kind="stable").drop(columns=["_r", "_c"]).reset_index(drop=True)
    out[C.AR] = out[C.AR].astype("int64")
    out[C.ANTAL] = out[C.ANTAL].astype("int64")
    return out[C.CRIME_COLUMNS]


# ------------------------------------------------------------------------------------ places
def _centre(kod: str) -> tuple[tuple[float, float], object]:
    """A point inside the municipality (the registry's central town if known, else the inside grid point
    nearest the outline's centre of mass) and the outline (None if not bundled)."""
    from .sources import geo

    reg = registry.KOMMUNER[kod]
    try:
        area = geo.municipality_area(kod)
    except Exception:  # noqa: BLE001 - no bundled outline: a point from the registry or Sweden's middle
        area = None
    if reg.centralort is not None:
        return (reg.centralort.e, reg.centralort.n), area
    if area is None:
        return (600_000.0, 6_900_000.0), None
    x0, y0, x1, y1 = area.bounds
    xs, ys = np.meshgrid(np.linspace(x0, x1, 41), np.linspace(y0, y1, 41))
    pts = np.column_stack([xs.ravel(), ys.ravel()])
    inside = pts[[_inside(area, pt) for pt in pts]]
    if len(inside) == 0:
        return ((x0 + x1) / 2, (y0 + y1) / 2), area
    c = inside.mean(axis=0)
    best = inside[np.argmin(((inside - c) ** 2).sum(axis=1))]
    return (float(round(best[0])), float(round(best[1]))), area


def _inside(area, pt) -> bool:
    from .sources.geo import _point_in_ring

    return sum(_point_in_ring(pt, r) for r in area.rings) % 2 == 1


def profile(kod: str) -> synth.Profile:
    """Register (and return) the generic profile :mod:`synth` uses for a kommun outside the bundled eight."""
    if kod in synth.PROFILES:
        return synth.PROFILES[kod]
    reg = registry.KOMMUNER[kod]
    (e, n), area = _centre(kod)
    pop = float(reg.folkmangd_2024[0])
    # countryside places 6-9 km out; closer in where the municipality is small
    rural_km = 1.0
    if area is not None:
        offsets = [(de, dn) for _n, _t, de, dn, _sd, _w in synth._RURAL_PLACES]
        while rural_km > 0.1 and not all(_inside(area, (e + de * 1000 * rural_km, n + dn * 1000 * rural_km))
                                         for de, dn in offsets):
            rural_km *= 0.7
    town_scale = 1.0
    if area is not None:  # the central places (up to about 2 km out, plus their spread) inside the outline
        offsets = [(de + sgn * sd, dn + sgn * sd) for _n, _t, de, dn, sd, _w in synth._CENTRAL_PLACES for sgn in (-1, 1)]
        while town_scale > 0.1 and not all(_inside(area, (e + de * town_scale, n + dn * town_scale))
                                           for de, dn in offsets):
            town_scale *= 0.8
    centre_name = reg.centralort.name if reg.centralort is not None else reg.namn
    areas = (synth.Area(centre_name, None, None, 0.7, "centralort"), synth.Area("Landsbygd", None, None, 0.3, "landsbygd"))
    rng = np.random.default_rng([synth.DEFAULT_SEED, 15, int(kod)])
    prof = synth.Profile(centre=(e, n), areas=areas, size=pop, rural_km=rural_km, town_scale=town_scale,
                         unsafe=float(np.clip(0.15 * np.log10(pop / 20_000) + rng.normal(0, 0.1), -0.4, 0.45)),
                         rurality=float(np.clip(0.4 - 0.25 * np.log10(pop / 10_000), -0.3, 0.5)))
    synth.PROFILES[kod] = prof
    return prof
