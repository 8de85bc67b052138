"""Generator of the bundled synthetic practice data (övningsdata) for the eight kommuner of Uppsala län.

Everything written here is **synthetic** ("Övningsdata (syntetiska)"): it is calibrated on real
population sizes and realistic rate levels so that the templates run and look plausible, but no
figure describes a real event, place or person. The generator is deterministic: the same seed gives
byte-identical files (``lagesbild ovningsdata`` regenerates ``data/ovningsdata/``).

Data sets and their calibration (facts carried over from the project's reference notes, domain.md
§3, §4, §8, §9, with their sources):

* **Anmälda brott** 2015-2025 per kommun, Uppsala län (= sum of the eight), Riket and the national SKR
  kommungrupp aggregates KG-A2, KG-B3, KG-B4, KG-B5. The 2025 level per kommun is Kolada N07540
  "Anmälda brott totalt, antal/100 000 inv" (2025, preliminary; via Cortxt-io/juvahem), applied to the
  population 31 December of the previous year (Brå's denominator convention, domain.md §9). Two 2018
  anchors fix the slope of the trend: Uppsala 10 538 per 100 000 (UNT, Brå preliminary) and Enköping
  5 260 crimes (UNT, Brå preliminary). Riket follows a smoothed path of about 1.46-1.55 million reported
  crimes a year (approximate shape of Brå's national totals). Counts are negative-binomial around a
  smooth log-linear trend; the categories of :data:`columns.BROTTSTYPER` are a multinomial split of the
  total with *approximate* national shares (:data:`NATIONAL_SHARES`) and a few local factors
  (Håbo skadegörelse 980 per 100 000 in 2022, Uppsala 649, SVT 2023 citing Brå). The categories do not
  cover all crime, so ``totalt`` is always >= their sum.
* **Folkmängd** 2014-2025 (31 December): the sourced values of :mod:`registry` where they exist, linear
  interpolation/extrapolation elsewhere (constrained so that the county equals the sum of its kommuner
  where the county figure is sourced); kommungrupp populations are *assumed* (synthetic) round values.
* **Händelser** (EST-style incident register) 2023-2025 per kommun: places around the real central town
  (registry centralort, SWEREF 99 TM) and real villages/districts at approximate positions (general
  knowledge, ±1-2 km); weekly, daily and seasonal rhythm, Valborg/midsommar/nyår peaks, school places
  mostly during term; a few hot and repeat places; break-ins partly with a from-to window.
* **Trygghetsmätning** (survey microdata) 2022 and 2025: a few hundred respondents per kommun and year,
  NTU-like levels (about 15-25 % otrygga ute sent på kvällen, women about 2-3 times men; utsatt för hot
  eller våld about 7-10 %), post-stratification weights to an assumed age/sex distribution.

The generator is the documented exception to "only sources/ reads or writes files": it writes its own
output files (atomically, temp file + ``os.replace``).
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import columns as C
from . import paths, registry

#: The practice data cover the kommuner of Uppsala län.
UPPSALA_KOMMUNER = registry.kommuner_i_lan(C.UPPSALA_LAN)
DEFAULT_SEED = 20261125
SYNTH_LABEL = "Övningsdata (syntetiska)"
INTERPOLATED_LABEL = "Interpolerad (övningsdata)"
ASSUMED_GROUP_LABEL = "Antagen gruppfolkmängd (övningsdata)"
TZ = "Europe/Stockholm"

CRIME_YEARS = tuple(range(2015, 2026))
POPULATION_YEARS = tuple(range(2014, 2026))
INCIDENT_YEARS = (2023, 2024, 2025)
SURVEY_YEARS = (2022, 2025)
KOMMUNGRUPP_CODES = ("KG-A2", "KG-B3", "KG-B4", "KG-B5")

# --- calibration facts --------------------------------------------------------------------------
# Kolada N07540 "Anmälda brott totalt, antal/100 000 inv", 2025 (preliminary), via Cortxt-io/juvahem
# data/communes/*.json @6d7ccbae (reference/real-data/crime_stats_uppsala_lan.csv).
KOLADA_N07540_2025: dict[str, float] = {
    "0305": 10643.59, "0319": 13542.48, "0330": 9029.49, "0331": 9496.86,
    "0360": 10566.79, "0380": 11137.50, "0381": 11719.29, "0382": 6656.29,
}
# 2018 anchors (rate per 100 000 with the population 31 Dec 2017): Uppsala 10 538 (UNT, Brå prel.),
# Enköping 5 260 / 43 797 * 100 000 = 12 010 (UNT, Brå prel.; registry population 2017).
ANCHORS_2018: dict[str, float] = {"0380": 10538.0, "0381": 5260 / 43797 * 1e5}

# Riket: reported crimes per year (millions), a smoothed approximation of the shape of Brå's national
# totals (about 1.5 million a year; ~1.54 million in 2018 per UNT). Synthetic; not official figures.
RIKET_TOTAL_MILLIONS: dict[int, float] = {
    2015: 1.510, 2016: 1.512, 2017: 1.516, 2018: 1.540, 2019: 1.548, 2020: 1.546,
    2021: 1.498, 2022: 1.472, 2023: 1.480, 2024: 1.468, 2025: 1.462,
}

# National SKR kommungrupp (2017 division) aggregates: ASSUMED populations 31 Dec 2025 and yearly growth,
# and assumed 2025 rates per 100 000. Round synthetic values of a plausible size, not SCB/SKR figures.
KOMMUNGRUPP_ASSUMED: dict[str, tuple[int, float, float]] = {
    # code: (population 2025, yearly growth, reported crimes per 100 000 in 2025)
    "KG-A2": (2_250_000, 0.013, 11_800.0),
    "KG-B3": (2_600_000, 0.012, 13_200.0),
    "KG-B4": (1_150_000, 0.007, 9_800.0),
    "KG-B5": (950_000, 0.004, 10_600.0),
}

# Approximate national shares of all reported crimes, 2015 -> 2025 (linear in between). Rough values of
# the order of Brå's national statistics, documented as approximate; they leave room for the crimes not
# listed (fraud, threats, ...), whose share grows over the period.
NATIONAL_SHARES: dict[str, tuple[float, float]] = {
    "skadegorelse": (0.115, 0.105),
    "narkotikabrott": (0.062, 0.060),
    "valdsbrott_utomhus_vuxna": (0.017, 0.015),
    "vald_i_nara_relation_kvinnor": (0.016, 0.017),
    "vald_i_nara_relation_man": (0.004, 0.005),
    "vald_mot_barn": (0.014, 0.018),
    "personran_unga": (0.0012, 0.0016),
    "stoldbrott": (0.340, 0.260),
    "bilbrott": (0.045, 0.022),
    "bostadsinbrott": (0.015, 0.007),
    "trafikbrott": (0.058, 0.060),
    "sexualbrott": (0.013, 0.018),
}
# Local factors on the national shares. Håbo and Uppsala skadegörelse are calibrated on 2022 rates
# (980 and 649 per 100 000, SVT 2023 citing Brå); Uppsala's high theft share reflects its many bicycle
# thefts (2 971 of 23 174 crimes in 2018, UNT); the rural kommuner get more traffic crime and
# residential burglary. All approximate.
_RURAL = {"skadegorelse": 0.62, "bostadsinbrott": 1.25, "trafikbrott": 1.35, "narkotikabrott": 0.8}
LOCAL_FACTORS: dict[str, dict[str, float]] = {
    "0380": {"skadegorelse": 0.56, "stoldbrott": 1.20},
    "0305": {"skadegorelse": 0.82, "stoldbrott": 0.85},
    "0381": {"skadegorelse": 0.62, "stoldbrott": 0.90},
    "0319": _RURAL, "0330": {**_RURAL, "trafikbrott": 1.1}, "0331": _RURAL,
    "0360": _RURAL, "0382": _RURAL,
}
# Negative-binomial size parameter k (variance = mu + mu^2 / k) of the yearly totals.
_NB_K = {"kommun": 2000.0, "kommungrupp": 2000.0, "riket": 1_000_000.0}


# --- random streams ----------------------------------------------------------------------------
_STREAM = {"crime": 1, "incidents": 2, "survey": 3}


def rng_for(seed: int, dataset: str, kommunkod: str | None = None) -> np.random.Generator:
    """Independent, order-free random stream for one data set (and kommun) derived from ``seed``.

    ``generate_all`` uses exactly these streams, so one kommun can be regenerated alone (tests).
    """
    key = [int(seed), _STREAM[dataset]] + ([int(kommunkod)] if kommunkod else [])
    return np.random.default_rng(key)


# ================================================================================================
# Population
# ================================================================================================
def _interp(known: dict[int, int], years: tuple[int, ...]) -> dict[int, float]:
    """Linear interpolation inside the known years, linear extrapolation outside (nearest two points)."""
    ky = np.array(sorted(known), dtype=float)
    kv = np.array([known[int(y)] for y in ky], dtype=float)
    out = {}
    for y in years:
        if y < ky[0]:
            slope = (kv[1] - kv[0]) / (ky[1] - ky[0])
            out[y] = kv[0] + slope * (y - ky[0])
        elif y > ky[-1]:
            slope = (kv[-1] - kv[-2]) / (ky[-1] - ky[-2])
            out[y] = kv[-1] + slope * (y - ky[-1])
        else:
            out[y] = float(np.interp(y, ky, kv))
    return out


def generate_population() -> pd.DataFrame:
    """Population 31 December 2014-2025 for every region code of the bundled data.

    Sourced registry values are kept with their source name in ``kalla``; missing kommun years are
    interpolated linearly (extrapolated with the nearest two sourced years) and labelled
    ``"Interpolerad (övningsdata)"``. Where the county total is sourced but some kommuner are not, the
    interpolated kommun values are scaled so the county equals the sum of its kommuner. Riket is
    interpolated the same way; the SKR kommungrupp aggregates are assumed values (synthetic).
    Deterministic (no randomness).
    """
    years = POPULATION_YEARS
    lan = registry.REGIONS[C.UPPSALA_LAN]
    values: dict[str, dict[int, float]] = {}
    labels: dict[str, dict[int, str]] = {}
    for kod in UPPSALA_KOMMUNER:
        reg = registry.KOMMUNER[kod]
        known = {y: v for y, (v, _s) in reg.folkmangd.items()}
        values[kod] = _interp(known, years)
        labels[kod] = {y: (registry.SOURCES[reg.folkmangd[y][1]] if y in reg.folkmangd else INTERPOLATED_LABEL)
                       for y in years}
    # constrain interpolated kommun values to a sourced county total
    for y in years:
        if y not in lan.folkmangd:
            continue
        fixed = sum(values[k][y] for k in UPPSALA_KOMMUNER if labels[k][y] != INTERPOLATED_LABEL)
        free = [k for k in UPPSALA_KOMMUNER if labels[k][y] == INTERPOLATED_LABEL]
        if free:
            scale = (lan.folkmangd[y][0] - fixed) / sum(values[k][y] for k in free)
            for k in free:
                values[k][y] *= scale
    rounded = {k: {y: int(round(values[k][y])) for y in years} for k in UPPSALA_KOMMUNER}
    for y in years:  # rounding: put any difference to a sourced county total on the largest free kommun
        free = [k for k in UPPSALA_KOMMUNER if labels[k][y] == INTERPOLATED_LABEL]
        if y in lan.folkmangd and free:
            biggest = max(free, key=lambda k: rounded[k][y])
            rounded[biggest][y] += lan.folkmangd[y][0] - sum(rounded[k][y] for k in UPPSALA_KOMMUNER)
    rows = []
    for kod in UPPSALA_KOMMUNER:
        for y in years:
            rows.append((kod, y, rounded[kod][y], labels[kod][y]))
    kommun_rows = pd.DataFrame(rows, columns=C.POPULATION_COLUMNS)
    lan_sum = kommun_rows.groupby(C.AR)[C.FOLKMANGD].sum()
    for y in years:
        if y in lan.folkmangd:
            label = registry.SOURCES[lan.folkmangd[y][1]]
        elif (kommun_rows.loc[kommun_rows[C.AR] == y, C.KALLA] != INTERPOLATED_LABEL).all():
            label = registry.SOURCES[registry.KOMMUNER["0380"].folkmangd[y][1]] + " (summa av kommunerna)"
        else:
            label = INTERPOLATED_LABEL
        rows.append((C.UPPSALA_LAN, y, int(lan_sum[y]), label))
    riket = registry.REGIONS[C.RIKET]
    rk = _interp({y: v for y, (v, _s) in riket.folkmangd.items()}, years)
    for y in years:
        label = registry.SOURCES[riket.folkmangd[y][1]] if y in riket.folkmangd else INTERPOLATED_LABEL
        rows.append((C.RIKET, y, int(round(rk[y])), label))
    for kg, (pop25, growth, _rate) in KOMMUNGRUPP_ASSUMED.items():
        for y in years:
            rows.append((kg, y, int(round(pop25 * (1 + growth) ** (y - 2025), -2)), ASSUMED_GROUP_LABEL))
    out = pd.DataFrame(rows, columns=C.POPULATION_COLUMNS)
    out[C.AR] = out[C.AR].astype("int64")
    out[C.FOLKMANGD] = out[C.FOLKMANGD].astype("int64")
    return out


# ================================================================================================
# Reported crimes
# ================================================================================================
def _shares(kod: str, year: int) -> np.ndarray:
    """Category shares of the total (order of BROTTSTYPER without 'totalt')."""
    t = (year - CRIME_YEARS[0]) / (CRIME_YEARS[-1] - CRIME_YEARS[0])
    local = LOCAL_FACTORS.get(kod, {})
    return np.array([(a + (b - a) * t) * local.get(c, 1.0) for c, (a, b) in NATIONAL_SHARES.items()])


def _nb(rng: np.random.Generator, mu: np.ndarray, k: float) -> np.ndarray:
    """Negative-binomial draws with mean ``mu`` and size ``k`` (variance mu + mu^2/k)."""
    mu = np.asarray(mu, dtype=float)
    return rng.negative_binomial(k, k / (k + mu)).astype(np.int64)


def expected_crime_totals(population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Expected (noise-free) yearly totals per region: columns kommunkod, ar, forvantat.

    Riket follows :data:`RIKET_TOTAL_MILLIONS`; its log-rate shape relative to 2025, damped by half, is
    shared by the kommuner, whose 2025 level is Kolada N07540 x population 31 Dec 2024 / 100 000 and whose
    slope is fixed by the 2018 anchors (Uppsala, Enköping) or by a small deterministic value otherwise.
    """
    pop = generate_population() if population is None else population
    p = pop.set_index([C.KOMMUNKOD, C.AR])[C.FOLKMANGD]
    years = np.array(CRIME_YEARS)
    riket_tot = np.array([RIKET_TOTAL_MILLIONS[y] * 1e6 for y in years])
    riket_rate = riket_tot / np.array([p[(C.RIKET, y - 1)] for y in years])
    shape = np.log(riket_rate / riket_rate[-1])  # national log-rate relative to 2025
    # deterministic small slopes (log-rate per year) for kommuner without an anchor
    default_slopes = {"0305": 0.0, "0319": 0.010, "0330": -0.020, "0331": 0.004,
                      "0360": 0.006, "0382": -0.008}
    rows = []
    for kod, rate25 in KOLADA_N07540_2025.items():
        if kod in ANCHORS_2018:
            i18 = list(years).index(2018)
            slope = (np.log(rate25) + 0.5 * shape[i18] - np.log(ANCHORS_2018[kod])) / (2025 - 2018)
        else:
            slope = default_slopes[kod]
        rate = np.exp(np.log(rate25) + slope * (years - 2025) + 0.5 * shape)
        denom = np.array([p[(kod, y - 1)] for y in years])
        rows += [(kod, int(y), r * d / 1e5) for y, r, d in zip(years, rate, denom)]
    for kg, (_pop, _g, rate25) in KOMMUNGRUPP_ASSUMED.items():
        rate = rate25 * np.exp(shape)
        denom = np.array([p[(kg, y - 1)] for y in years])
        rows += [(kg, int(y), r * d / 1e5) for y, r, d in zip(years, rate, denom)]
    rows += [(C.RIKET, int(y), t) for y, t in zip(years, riket_tot)]
    return pd.DataFrame(rows, columns=[C.KOMMUNKOD, C.AR, "forvantat"])


def generate_crime_stats(rng: np.random.Generator, population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Synthetic yearly reported crimes by category, 2015-2025 (long format, ``columns.CRIME_COLUMNS``).

    Method: yearly totals are negative-binomial (size k per level, :data:`_NB_K`) around the smooth
    expected totals of :func:`expected_crime_totals`; categories are a multinomial split of the total over
    the shares of :func:`_shares` plus an unlisted remainder, so ``totalt`` >= the sum of the categories
    and small categories get binomial (nearly Poisson) noise. Uppsala län ('03') is the sum of the eight
    kommuner. ``kalla`` is "Övningsdata (syntetiska)".
    """
    exp = expected_crime_totals(population)
    cats = [c for c in C.BROTTSTYPER if c != "totalt"]
    out = []
    for kod, grp in exp.groupby(C.KOMMUNKOD, sort=False):
        level = "riket" if kod == C.RIKET else ("kommungrupp" if kod.startswith(C.KOMMUNGRUPP_PREFIX) else "kommun")
        totals = _nb(rng, grp["forvantat"].to_numpy(), _NB_K[level])
        shares = np.vstack([_shares(kod, int(y)) for y in grp[C.AR]])
        pvals = np.hstack([shares, 1.0 - shares.sum(axis=1, keepdims=True)])
        counts = rng.multinomial(totals, pvals)[:, : len(cats)]
        block = pd.DataFrame(counts, columns=cats)
        block.insert(0, "totalt", totals)
        block.insert(0, C.AR, grp[C.AR].to_numpy())
        block.insert(0, C.KOMMUNKOD, kod)
        out.append(block)
    wide = pd.concat(out, ignore_index=True)
    lan = wide[wide[C.KOMMUNKOD].isin(UPPSALA_KOMMUNER)].groupby(C.AR, as_index=False).sum(numeric_only=True)
    lan.insert(0, C.KOMMUNKOD, C.UPPSALA_LAN)
    wide = pd.concat([wide, lan], ignore_index=True)
    long = wide.melt(id_vars=[C.KOMMUNKOD, C.AR], var_name=C.BROTTSTYP, value_name=C.ANTAL)
    order = list(UPPSALA_KOMMUNER) + [C.UPPSALA_LAN, C.RIKET] + list(KOMMUNGRUPP_CODES)
    long["_r"] = long[C.KOMMUNKOD].map({k: i for i, k in enumerate(order)})
    long["_c"] = long[C.BROTTSTYP].map({k: i for i, k in enumerate(C.BROTTSTYPER)})
    long = long.sort_values(["_r", C.AR, "_c"]).drop(columns=["_r", "_c"]).reset_index(drop=True)
    long[C.AR] = long[C.AR].astype("int64")
    long[C.ANTAL] = long[C.ANTAL].astype("int64")
    long[C.KALLA] = SYNTH_LABEL
    return long[C.CRIME_COLUMNS]


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
    town = reg.centralort
    station = _STATION_NAME.get(reg.kod, "Stationen")
    rows = []
    for area in AREAS[reg.kod]:
        if area.kind == "centralort":
            for name, typ, de, dn, sd, w in _CENTRAL_PLACES:
                rows.append((name.format(station=station), area.name, typ, town.e + de, town.n + dn, sd, w))
        elif area.kind == "by":
            scale = max(area.weight / 0.12, 0.4)
            for name, typ, de, dn, sd, w in _VILLAGE_PLACES:
                rows.append((name.format(v=area.name), area.name, typ, area.e + de, area.n + dn, sd, w * scale))
        else:
            for name, typ, de, dn, sd, w in _RURAL_PLACES:
                rows.append((name, area.name, typ, town.e + de * 1000, town.n + dn * 1000, sd, w))
    out = pd.DataFrame(rows, columns=[C.PLATS, C.OMRADE, "typ", "e", "n", "spridning", "vikt"])
    if reg.kod == "0380":  # a larger town: more weight on the hot centre
        out.loc[out["typ"].isin(["station", "torg"]), "vikt"] *= 2.0
    return out


# ================================================================================================
# Incident register (EST style)
# ================================================================================================
INCIDENT_SHARES: dict[str, float] = {
    "skadegorelse": 0.14, "klotter": 0.16, "nedskrapning": 0.12, "otrygg_plats": 0.05,
    "storande_samling": 0.14, "narkotika": 0.05, "vald": 0.05, "inbrott_stold": 0.11,
    "buskorning": 0.08, "brand": 0.04, "incident_anstalld": 0.03, "ovrigt": 0.03,
}
_CATS = list(INCIDENT_SHARES)

# Hour-of-day profiles (relative weights for hours 0..23).
_HOURS = {
    "kvall": [3, 2, 1.2, .6, .3, .2, .3, .5, .7, .8, .9, 1, 1.1, 1.2, 1.5, 2, 2.6, 3.2, 4, 5, 6, 6.5, 6, 4.5],
    "helgnatt": [6, 5.5, 4, 2.5, 1, .4, .3, .3, .4, .6, .8, 1, 1.1, 1.2, 1.4, 1.8, 2.3, 3, 3.8, 4.8, 6, 7, 7.5, 7],
    "morgon": [.2, .1, .1, .1, .2, .6, 3, 6, 7, 6, 4.5, 3.5, 3, 2.6, 2.2, 2, 1.6, 1.2, .9, .7, .5, .4, .3, .2],
    "dag": [.1, .1, .1, .1, .1, .2, .5, 2, 4, 5, 5, 4.5, 4, 4.5, 4.5, 4, 3, 2, 1.2, .8, .5, .4, .2, .1],
    "natt": [4, 4, 3.5, 3, 2, 1, .8, 1.5, 2, 1.5, 1, 1, 1, 1, 1, 1.2, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 4.5],
    "brand": [2, 1.5, 1, .6, .4, .3, .3, .5, .8, 1, 1.2, 1.4, 1.5, 1.6, 1.8, 2.2, 2.8, 3.4, 4, 4.5, 4.8, 4.5, 3.8, 2.8],
    "fonster": [.5, .3, .2, .2, .2, .2, .3, .4, .6, .8, 1, 1, 1, 1.2, 1.5, 2.5, 4, 5, 5, 4.5, 3.5, 2.5, 1.5, .8],
}
_HOUR_PROFILE = {"skadegorelse": "kvall", "klotter": "morgon", "nedskrapning": "morgon", "otrygg_plats": "kvall",
                 "storande_samling": "kvall", "narkotika": "kvall", "vald": "kvall", "inbrott_stold": "natt",
                 "buskorning": "kvall", "brand": "brand", "incident_anstalld": "dag", "ovrigt": "dag"}
_NIGHTLIFE = {"storande_samling", "vald", "skadegorelse", "narkotika", "otrygg_plats"}

# Weekday factors Mon..Sun.
_DOW = {
    "kvall": [0.8, 0.8, 0.85, 0.9, 1.35, 1.6, 1.0],
    "morgon": [1.6, 1.1, 1.0, 1.0, 1.0, 0.6, 0.7],
    "dag": [1.2, 1.2, 1.2, 1.2, 1.1, 0.3, 0.2],
    "natt": [1.0, 0.9, 0.9, 0.9, 1.1, 1.2, 1.0],
    "brand": [0.9, 0.9, 0.9, 0.95, 1.1, 1.3, 1.0],
}
# Month factors Jan..Dec.
_MONTH = {
    "summer": [0.55, 0.55, 0.7, 0.9, 1.2, 1.45, 1.5, 1.45, 1.1, 0.9, 0.7, 0.65],  # disorder, litter, mopeds
    "flat": [1.0, 0.95, 1.0, 1.0, 1.0, 0.95, 0.8, 0.9, 1.05, 1.1, 1.1, 1.0],
    "dark": [1.35, 1.25, 1.0, 0.8, 0.6, 0.5, 0.55, 0.7, 0.9, 1.2, 1.4, 1.45],  # dark season
    "autumn": [0.9, 0.85, 0.95, 1.0, 1.05, 1.0, 0.85, 1.0, 1.15, 1.15, 1.05, 1.0],
    "brand": [0.9, 0.7, 0.8, 1.2, 1.3, 1.2, 1.0, 1.0, 0.8, 0.8, 0.8, 1.5],
}
_CAT_MONTH = {"skadegorelse": "autumn", "klotter": "autumn", "nedskrapning": "summer", "otrygg_plats": "dark",
              "storande_samling": "summer", "narkotika": "summer", "vald": "summer", "inbrott_stold": "dark",
              "buskorning": "summer", "brand": "brand", "incident_anstalld": "flat", "ovrigt": "flat"}
# Special days: (month, day or None for midsommarafton, category multipliers).
_SPECIAL = {
    "valborg": {"storande_samling": 10.0, "nedskrapning": 3.0, "vald": 4.0, "skadegorelse": 3.0, "brand": 4.0,
                "narkotika": 2.0, "ovrigt": 2.0},
    "forsta_maj": {"nedskrapning": 5.0, "skadegorelse": 1.5},
    "midsommar": {"storande_samling": 4.0, "vald": 3.0, "nedskrapning": 2.5, "buskorning": 2.0},
    "skolavslutning": {"storande_samling": 3.0, "vald": 1.8, "nedskrapning": 1.8},
    "nyarsafton": {"brand": 5.0, "skadegorelse": 3.0, "storande_samling": 2.0, "vald": 2.0},
    "nyarsdagen": {"nedskrapning": 3.0, "skadegorelse": 2.0},
}
# Place-type affinities (weight multipliers) per category; missing = 1, listed types only where they differ.
_AFFINITY: dict[str, dict[str, float]] = {
    "skadegorelse": {"skola": 2.0, "station": 1.5, "tunnel": 1.5, "natur": 0.3, "bad": 0.5},
    "klotter": {"tunnel": 4.0, "station": 2.0, "skola": 1.8, "park": 1.5, "natur": 0.2, "bad": 0.3},
    "nedskrapning": {"atervinning": 6.0, "park": 2.5, "bad": 3.0, "torg": 1.5, "natur": 1.5, "bostad": 0.6},
    "otrygg_plats": {"tunnel": 6.0, "park": 3.0, "station": 1.8, "skola": 0.4, "bostad": 0.8},
    "storande_samling": {"station": 3.0, "torg": 2.5, "fritidsgard": 2.5, "skola": 1.5, "handel": 1.5, "bad": 1.5},
    "narkotika": {"station": 2.5, "park": 2.5, "skola": 1.2, "torg": 1.2, "idrott": 0.5},
    "vald": {"station": 2.5, "torg": 2.5, "skola": 1.3, "bostad": 1.0, "natur": 0.2},
    "inbrott_stold": {"bostad": 4.0, "skola": 1.5, "handel": 1.5, "idrott": 1.2, "station": 0.8, "tunnel": 0.1},
    "buskorning": {"handel": 3.5, "torg": 2.0, "natur": 4.0, "idrott": 2.0, "skola": 1.2, "tunnel": 0.3},
    "brand": {"atervinning": 4.0, "skola": 1.5, "natur": 2.5, "park": 1.5, "bostad": 1.2},
    "incident_anstalld": {"skola": 5.0, "offentlig": 4.0, "fritidsgard": 3.0, "station": 1.5, "bostad": 0.2,
                          "natur": 0.05, "bad": 0.1},
    "ovrigt": {},
}
ORGANISATIONS = ("Kommunen", "Polisen", "Fastighetsbolaget", "Bevakningsbolag", "Räddningstjänsten")
_ORG_PROBS = {
    "skadegorelse": [.45, .15, .30, .10, 0], "klotter": [.60, .02, .33, .05, 0],
    "nedskrapning": [.80, 0, .17, .03, 0], "otrygg_plats": [.60, .15, .15, .10, 0],
    "storande_samling": [.30, .35, .10, .25, 0], "narkotika": [.20, .60, .10, .10, 0],
    "vald": [.15, .70, .05, .10, 0], "inbrott_stold": [.30, .35, .30, .05, 0],
    "buskorning": [.40, .45, .10, .05, 0], "brand": [.10, .10, .10, .05, .65],
    "incident_anstalld": [.85, .10, .03, .02, 0], "ovrigt": [.55, .15, .15, .10, .05],
}
_SEVERITY_PROBS = {  # P(1), P(2), P(3)
    "skadegorelse": [.45, .45, .10], "klotter": [.70, .27, .03], "nedskrapning": [.80, .18, .02],
    "otrygg_plats": [.50, .42, .08], "storande_samling": [.40, .45, .15], "narkotika": [.20, .55, .25],
    "vald": [.05, .45, .50], "inbrott_stold": [.20, .55, .25], "buskorning": [.45, .45, .10],
    "brand": [.25, .45, .30], "incident_anstalld": [.20, .55, .25], "ovrigt": [.70, .27, .03],
}
_POLICE_P = {"skadegorelse": .35, "klotter": .12, "nedskrapning": .01, "otrygg_plats": .03,
             "storande_samling": .15, "narkotika": .50, "vald": .65, "inbrott_stold": .80, "buskorning": .12,
             "brand": .30, "incident_anstalld": .35, "ovrigt": .05}
_ATGARD = {
    "skadegorelse": ["Skadan åtgärdad", "Reparation beställd", "Ökad tillsyn kvällstid"],
    "klotter": ["Klotter sanerat", "Sanering beställd", "Sanerat inom 24 timmar"],
    "nedskrapning": ["Städning utförd", "Extra tömning av papperskorgar", "Fler papperskorgar beställda"],
    "otrygg_plats": ["Belysning felanmäld", "Buskage beskuret", "Trygghetsvandring planerad"],
    "storande_samling": ["Fältgruppen informerad", "Ökad vuxennärvaro", "Polisen patrullerade platsen"],
    "narkotika": ["Information till polisen", "Fältgruppen informerad", "Ökad kontroll av platsen"],
    "vald": ["Polisanmälan upprättad", "Stödsamtal erbjudet", "Information till skolan"],
    "inbrott_stold": ["Polisanmälan upprättad", "Lås bytt", "Larm installerat"],
    "buskorning": ["Polisen informerad", "Hastighetsdämpande åtgärd föreslagen", "Samtal med vårdnadshavare"],
    "brand": ["Räddningstjänsten släckte", "Container flyttad", "Brandskyddskontroll"],
    "incident_anstalld": ["Arbetsmiljöanmälan gjord", "Samtal med chef", "Rutin för ensamarbete ses över"],
    "ovrigt": ["Noterat", "Vidarebefordrat", "Uppföljning nästa vecka"],
}
_FRITEXT = {
    "skadegorelse": ["Krossad ruta", "Sönderslagen bänk", "Vandalisering av busskur"],
    "klotter": ["Nytt klotter på vägg", "Taggar på el-skåp", "Klotter på lekutrustning"],
    "nedskrapning": ["Mycket skräp och glas", "Fulla papperskorgar och skräp", "Dumpade sopsäckar"],
    "otrygg_plats": ["Trasig belysning, mörkt", "Boende upplever platsen som otrygg", "Igenvuxen gångväg"],
    "storande_samling": ["Grupp ungdomar, hög musik", "Stökigt gäng, skrik och bråk", "Samling med alkohol"],
    "narkotika": ["Misstänkt langning", "Cannabislukt och överlämningar", "Sprutor hittade"],
    "vald": ["Slagsmål mellan två personer", "Hot mot förbipasserande", "Person misshandlad"],
    "inbrott_stold": ["Inbrott i förråd", "Cykelstöld", "Inbrott, dörr uppbruten"],
    "buskorning": ["Mopeder i hög fart", "A-traktorer kör runt", "Buskörning på gångväg"],
    "brand": ["Brand i papperskorg", "Anlagd brand i container", "Gräsbrand"],
    "incident_anstalld": ["Personal hotad", "Personal utsatt för glåpord", "Väktare knuffad"],
    "ovrigt": ["Övergivet fordon", "Lösspringande hund", "Oklar händelse"],
}
# Obviously fictitious contact details (to prove that free text never reaches a report). Phone numbers
# are in the range 070-174 06 05 - 070-174 06 99 that PTS reserves for use in fiction.
_FAKE_FIRST = ["Anna", "Erik", "Maria", "Johan", "Sara", "Lars", "Fatima", "Ali", "Karin", "Mikael", "Elin",
               "Ahmed", "Lina", "Oskar"]
_FAKE_LAST = ["Exempelsson", "Testberg", "Påhittsson", "Fiktivsdotter", "Provqvist", "Övningsson"]


def expected_incidents_per_year(kommunkod: str) -> float:
    """Expected register size per year: 0.23 x population^0.75 (sub-linear; ~220 for Älvkarleby,
    ~2 600 for Uppsala). An invented scale: a few hundred for small kommuner, a few thousand for Uppsala."""
    reg = registry.get(kommunkod)
    return 0.23 * float(reg.population(2025)) ** 0.75


def _day_table() -> pd.DataFrame:
    days = pd.date_range(f"{INCIDENT_YEARS[0]}-01-01", f"{INCIDENT_YEARS[-1]}-12-31", freq="D")
    t = pd.DataFrame({"datum": days})
    t["ar"] = days.year
    t["manad"] = days.month
    t["veckodag"] = days.day_of_week
    t["special"] = ""
    md = days.strftime("%m-%d")
    t.loc[md == "04-30", "special"] = "valborg"
    t.loc[md == "05-01", "special"] = "forsta_maj"
    t.loc[md == "12-31", "special"] = "nyarsafton"
    t.loc[md == "01-01", "special"] = "nyarsdagen"
    midsommar = (days.month == 6) & (days.day >= 19) & (days.day <= 25) & (days.day_of_week == 4)
    t.loc[midsommar, "special"] = "midsommar"
    # last school day: the Friday one week before midsommarafton (approximate)
    t.loc[pd.Series(midsommar).shift(-7, fill_value=False).to_numpy(), "special"] = "skolavslutning"
    # school term (approximate Uppsala län): no summer holiday, Christmas, sportlov (v. 9),
    # påsklov (v. 14 or 15, here 14), höstlov (v. 44), and no weekends
    week = days.isocalendar().week.to_numpy()
    doy = days.day_of_year
    skolavslut_doy = pd.Series(doy[t["special"].to_numpy() == "skolavslutning"],
                               index=t.loc[t["special"] == "skolavslutning", "ar"]).to_dict()
    summer = (doy > t["ar"].map(skolavslut_doy).to_numpy()) & ((days.month < 8) | ((days.month == 8) & (days.day < 19)))
    christmas = ((days.month == 12) & (days.day >= 21)) | ((days.month == 1) & (days.day <= 7))
    t["termin"] = ~(summer | christmas | np.isin(week, [9, 14, 44]) | (days.day_of_week >= 5))
    return t


def _choice_by_cdf(rng: np.random.Generator, probs: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Vectorised categorical draw: ``rows[i]`` selects the probability row used for draw i."""
    cdf = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(rows))
    return np.minimum((cdf[rows] < u[:, None]).sum(axis=1), probs.shape[1] - 1)


def generate_incidents(kommunkod: str, rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic EST-style incident register 2023-2025 for one kommun (``columns.INCIDENT_COLUMNS``).

    Method: daily counts per category are Poisson with intensity = yearly size
    (:func:`expected_incidents_per_year`, with a small kommun-specific trend) x category share x month
    factor x weekday factor x special-day factor (Valborg, 1 maj, midsommarafton, skolavslutning, nyår).
    Hours come from category profiles (evening and weekend-night profiles for disorder); places from
    :func:`places` with category/place-type affinities (school places mostly on term days); coordinates
    are the place centre plus normal jitter, rounded to whole metres. A share of break-ins has a
    from-to window (``tidpunkt_till``). Times falling in the DST gap/overlap hour are moved one hour on, so
    every local time is unambiguous. ``tidpunkt`` is tz-aware Europe/Stockholm; ``kategori`` is the package
    code (the file writer writes the Swedish label); ``fritext`` is synthetic and may contain fake names
    and phone numbers.
    """
    reg = registry.get(kommunkod)
    days = _day_table()
    n_year = expected_incidents_per_year(reg.kod)
    trend = rng.normal(0.0, 0.06)  # log change per year
    year_size = n_year * np.exp(trend * (days["ar"].to_numpy() - 2024))
    lam = np.empty((len(days), len(_CATS)))
    for j, c in enumerate(_CATS):
        m = np.array(_MONTH[_CAT_MONTH[c]])[days["manad"].to_numpy() - 1]
        d = np.array(_DOW[_HOUR_PROFILE[c]])[days["veckodag"].to_numpy()]
        s = days["special"].map(lambda k, c=c: _SPECIAL.get(k, {}).get(c, 1.0)).to_numpy(dtype=float)
        raw = m * d * s
        # normalise within each year so the category's yearly expectation is share x yearly size
        norm = pd.Series(raw).groupby(days["ar"].to_numpy()).transform("mean").to_numpy() * 365.25
        lam[:, j] = INCIDENT_SHARES[c] * year_size * raw / norm
    counts = rng.poisson(lam)
    day_idx, cat_idx = np.nonzero(counts)
    reps = counts[day_idx, cat_idx]
    day_idx = np.repeat(day_idx, reps)
    cat_idx = np.repeat(cat_idx, reps)
    n = len(day_idx)
    cats = np.array(_CATS)[cat_idx]
    dow = days["veckodag"].to_numpy()[day_idx]

    # --- hour of day ---
    prof_names = list(_HOURS)
    hour_probs = np.array([_HOURS[p] for p in prof_names], dtype=float)
    prof = np.array([prof_names.index(_HOUR_PROFILE[c]) for c in _CATS])[cat_idx]
    weekend_night = np.isin(cats, list(_NIGHTLIFE)) & np.isin(dow, [4, 5])
    prof = np.where(weekend_night, prof_names.index("helgnatt"), prof)
    window = (cats == "inbrott_stold") & (rng.random(n) < 0.45)
    prof = np.where(window, prof_names.index("fonster"), prof)
    hour = _choice_by_cdf(rng, hour_probs, prof)
    minute = rng.integers(0, 60, n)
    start = (days["datum"].to_numpy()[day_idx] + hour.astype("timedelta64[h]")
             + minute.astype("timedelta64[m]"))
    # window length: overnight (8-16 h) or, from a Friday, over the weekend (55-65 h)
    dur_h = np.where(dow == 4, rng.uniform(55, 65, n), rng.uniform(8, 16, n))
    till = start + (np.round(dur_h * 12) * 5).astype("timedelta64[m]")

    # --- place ---
    pl = places(reg.kod)
    term = days["termin"].to_numpy()[day_idx]
    typ = pl["typ"].to_numpy()
    aff = np.array([[_AFFINITY[c].get(t, 1.0) for t in typ] for c in _CATS])
    base = aff * pl["vikt"].to_numpy()[None, :]
    off_term = base * np.where(typ == "skola", 0.3, 1.0)[None, :]
    probs = np.vstack([off_term, base])  # rows: category (off term), category (term)
    place_idx = _choice_by_cdf(rng, probs, cat_idx + len(_CATS) * term.astype(int))
    e = pl["e"].to_numpy()[place_idx] + rng.normal(0, 1, n) * pl["spridning"].to_numpy()[place_idx]
    nn = pl["n"].to_numpy()[place_idx] + rng.normal(0, 1, n) * pl["spridning"].to_numpy()[place_idx]

    # --- reporter, severity, police report, action, free text ---
    org = _choice_by_cdf(rng, np.array([_ORG_PROBS[c] for c in _CATS], dtype=float), cat_idx)
    sev = _choice_by_cdf(rng, np.array([_SEVERITY_PROBS[c] for c in _CATS], dtype=float), cat_idx) + 1
    p_pol = np.clip(np.array([_POLICE_P[c] for c in _CATS])[cat_idx] * np.array([0.6, 1.0, 1.5])[sev - 1], 0, 0.97)
    pol = rng.random(n) < p_pol
    atg_pick = rng.integers(0, 3, n)
    atg = np.array([_ATGARD[c] for c in _CATS])[cat_idx, atg_pick]
    atg = np.where(rng.random(n) < 0.35, "", atg)
    txt = np.array([_FRITEXT[c] for c in _CATS])[cat_idx, rng.integers(0, 3, n)]
    contact = rng.random(n) < 0.4
    first = np.array(_FAKE_FIRST)[rng.integers(0, len(_FAKE_FIRST), n)]
    last = np.array(_FAKE_LAST)[rng.integers(0, len(_FAKE_LAST), n)]
    tel = rng.integers(5, 100, n)

    frame = pd.DataFrame({
        C.TIDPUNKT: start, C.TIDPUNKT_TILL: np.where(window, till, np.datetime64("NaT")),
        C.KATEGORI: cats, C.KOMMUNKOD: reg.kod, C.PLATS: pl[C.PLATS].to_numpy()[place_idx],
        C.OMRADE: pl[C.OMRADE].to_numpy()[place_idx], C.X: np.round(e), C.Y: np.round(nn),
        C.ORGANISATION: np.array(ORGANISATIONS)[org], C.ALLVARLIGHET: sev.astype("int64"),
        C.POLISANMALD: pol, C.ATGARD: atg,
    })
    contact_txt = (" Uppgiftslämnare: " + pd.Series(first) + " " + pd.Series(last) + ", tel 070-174 06 "
                   + pd.Series(tel).astype(str).str.zfill(2) + ".")
    frame[C.FRITEXT] = (pd.Series(txt) + " vid " + frame[C.PLATS] + "."
                        + contact_txt.where(pd.Series(contact), "")).to_numpy()
    frame[C.TIDPUNKT_TILL] = pd.to_datetime(frame[C.TIDPUNKT_TILL])
    for col in (C.TIDPUNKT, C.TIDPUNKT_TILL):
        frame[col] = _localize(frame[col])
    frame = frame.sort_values([C.TIDPUNKT, C.KATEGORI, C.PLATS], kind="stable").reset_index(drop=True)
    frame.insert(0, C.ID, [f"{reg.kod}-{i:05d}" for i in range(1, len(frame) + 1)])
    return frame[C.INCIDENT_COLUMNS]


def _localize(s: pd.Series) -> pd.Series:
    """Localise naive Swedish local times; times in the DST gap or overlap hour are moved one hour on."""
    loc = s.dt.tz_localize(TZ, ambiguous="NaT", nonexistent="NaT")
    bad = loc.isna() & s.notna()
    if bad.any():
        s = s.where(~bad, s + pd.Timedelta(hours=1))
        loc = s.dt.tz_localize(TZ, ambiguous="NaT", nonexistent="NaT")
    return loc


# ================================================================================================
# Survey (trygghetsmätning), wide: one row per respondent
# ================================================================================================
AGE_GROUPS = ("16-29", "30-49", "50-64", "65-84")
# Assumed population distribution 16-84 (age group share; share of women in it). Approximate values of
# the order of SCB's age structure; Uppsala kommun is younger (students). Documented as assumed.
AGE_SHARES = {"default": (0.20, 0.31, 0.24, 0.25), "0380": (0.28, 0.33, 0.20, 0.19)}
FEMALE_SHARE = (0.48, 0.49, 0.50, 0.53)
# Relative response propensity (men, women) per age group: the young, especially young men, answer least.
RESPONSE_PROPENSITY = ((0.35, 0.55), (0.65, 0.85), (0.95, 1.10), (1.25, 1.30))
# Kommun effect on the latent unsafety (Uppsala higher, NTU 2017+2018 25 %; Östhammar lowest,
# Elefalk's trygghetsindex; others around the middle). Invented but directional.
_KOMMUN_UNSAFE = {"0380": 0.35, "0381": 0.15, "0319": 0.15, "0305": 0.05, "0360": 0.0, "0331": -0.05,
                  "0330": -0.15, "0382": -0.35}
_AREA_UNSAFE = {"Gottsunda": 0.55, "Stenhagen": 0.3, "Gränby": 0.2, "Centrum": 0.1, "Landsbygd": -0.3}
_RURALITY = {"0331": 0.4, "0360": 0.4, "0382": 0.3, "0319": 0.3, "0381": 0.1, "0305": 0.0, "0330": -0.1,
             "0380": -0.3}

TRYGGHET_SVAR = ("Mycket trygg", "Ganska trygg", "Ganska otrygg", "Mycket otrygg", "Går aldrig ut")
ORO_SVAR = ("Ofta", "Ibland", "Sällan", "Aldrig")
PROBLEM_SVAR = ("Inget problem", "Ganska litet problem", "Ganska stort problem", "Mycket stort problem", "Vet ej")
UTSATT_SVAR = ("Ja", "Nej")


def survey_size(kommunkod: str) -> int:
    """Respondents per survey year: about 300 in small kommuner, about 600 in Uppsala."""
    return int(round(280 + 0.0013 * registry.get(kommunkod).population(2025)))


def _ordinal(rng, eta: np.ndarray, cuts: tuple[float, ...]) -> np.ndarray:
    """Ordered-logit draw: category index of eta + logistic noise between the cut points."""
    z = eta + rng.logistic(0.0, 1.0, len(eta))
    return np.searchsorted(np.asarray(cuts), z)


def generate_survey(kommunkod: str, rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic trygghetsmätning microdata (wide: one row per respondent) for 2022 and 2025.

    Method: respondents are drawn by age/sex cell with probability proportional to the assumed population
    share x a response propensity (:data:`RESPONSE_PROPENSITY`), so young men are under-represented;
    ``vikt`` is the post-stratification weight (population share / sample share of the cell, mean 1),
    which gives a Kish design effect of about 1.05-1.4. Answers are ordered-logit draws from a latent
    unsafety that depends on sex (women ~2-3 times men feeling unsafe), age, area, kommun and a shared
    respondent factor; victimisation is logistic by age and sex (hot/våld ~7-10 % overall). About 1-5 %
    item non-response (empty), "Vet ej" for the problem questions. Columns: respondent, kommunkod, ar, kon,
    aldersgrupp, omrade, vikt, then one column per ``columns.SURVEY_QUESTIONS`` code.
    """
    reg = registry.get(kommunkod)
    n = survey_size(reg.kod)
    ages = np.array(AGE_SHARES.get(reg.kod, AGE_SHARES["default"]))
    fem = np.array(FEMALE_SHARE)
    pop_share = np.column_stack([ages * (1 - fem), ages * fem]).ravel()  # cell order (age, sex)
    prop = np.array(RESPONSE_PROPENSITY).ravel()
    areas = AREAS[reg.kod]
    area_names = np.array([a.name for a in areas])
    area_w = np.array([a.weight for a in areas])
    frames = []
    for year in SURVEY_YEARS:
        cells = rng.choice(8, size=n, p=pop_share * prop / (pop_share * prop).sum())
        counts = np.bincount(cells, minlength=8)
        wcell = np.where(counts > 0, pop_share / np.maximum(counts, 1) * n, 0.0)
        age_i, female = cells // 2, cells % 2
        area = area_names[rng.choice(len(areas), size=n, p=area_w / area_w.sum())]
        f = rng.normal(0, 1, n)  # respondent's general worry
        a_eff = pd.Series(area).map(_AREA_UNSAFE).fillna(0.0).to_numpy()
        k_eff = _KOMMUN_UNSAFE[reg.kod] + (-0.1 if year == 2025 else 0.0)
        age_eff = np.array([0.1, -0.2, -0.1, 0.35])[age_i]
        eta = 1.5 * female + age_eff + a_eff + k_eff + 0.8 * f
        tr = _ordinal(rng, eta, (0.0, 2.3, 4.0))  # 0 mycket trygg .. 3 mycket otrygg
        never = rng.random(n) < np.where(age_i == 3, 0.05 + 0.04 * female, 0.015)
        tr = np.where(never, 4, tr)
        out = {
            C.RESPONDENT: [f"{reg.kod}-{year}-{i:04d}" for i in range(1, n + 1)],
            C.KOMMUNKOD: reg.kod, C.AR: year,
            C.KON: np.where(female == 1, "Kvinna", "Man"), C.ALDERSGRUPP: np.array(AGE_GROUPS)[age_i],
            C.OMRADE: area, C.VIKT: np.round(wcell[cells], 4),
            "trygghet_ute_kvall": np.array(TRYGGHET_SVAR)[tr],
        }
        # worry: index 0 Ofta .. 3 Aldrig (higher latent -> more often)
        oro1 = 3 - _ordinal(rng, 0.6 * female + 0.9 * f + 0.5 * a_eff + k_eff, (-1.3, 0.4, 2.0))
        oro2 = 3 - _ordinal(rng, 0.3 * female + 0.7 * f + 0.2 * (age_i >= 2) + k_eff * 0.5, (-0.6, 1.2, 2.9))
        out["oro_brottsligheten"] = np.array(ORO_SVAR)[oro1]
        out["oro_inbrott"] = np.array(ORO_SVAR)[oro2]
        rural = _RURALITY[reg.kod] + np.where(area == "Landsbygd", 0.4, 0.0)
        problem_specs = {  # question: (latent, P(vet ej))
            "problem_klotter": (0.2 * f + a_eff + 0.1 * (reg.kod == "0305") - 0.3 * rural, 0.05),
            "problem_narkotika": (0.3 * f + 1.2 * a_eff - 0.3 * rural - 0.3, 0.25),
            "problem_ungdomsgang": (0.3 * f + a_eff + 0.1 * (age_i == 3), 0.10),
            "problem_buskorning": (0.25 * f + 0.3 * a_eff + 0.9 * rural + 0.4, 0.06),
        }
        for q, (lat, p_vetej) in problem_specs.items():
            ans = _ordinal(rng, lat, (0.0, 2.0, 3.6))
            ans = np.where(rng.random(n) < p_vetej, 4, ans)
            out[q] = np.array(PROBLEM_SVAR)[ans]
        young = age_i == 0
        p_stold = 1 / (1 + np.exp(-(-2.2 + 0.4 * young - 0.3 * (age_i == 3) + 0.2 * a_eff)))
        p_vald = 1 / (1 + np.exp(-(-2.5 + 0.9 * young - 0.9 * (age_i == 3) + 0.15 * (1 - female) + 0.4 * a_eff)))
        out["utsatt_stold"] = np.where(rng.random(n) < p_stold, "Ja", "Nej")
        out["utsatt_hot_vald"] = np.where(rng.random(n) < p_vald, "Ja", "Nej")
        frame = pd.DataFrame(out)
        for q in C.SURVEY_QUESTIONS:  # item non-response
            miss = rng.random(n) < (0.02 if q.startswith("utsatt") else 0.015)
            frame.loc[miss, q] = ""
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out[C.AR] = out[C.AR].astype("int64")
    return out[[C.RESPONDENT, C.KOMMUNKOD, C.AR, C.KON, C.ALDERSGRUPP, C.OMRADE, C.VIKT]
               + list(C.SURVEY_QUESTIONS)]


def kish_deff(weights: np.ndarray) -> float:
    """Kish design effect of unequal weighting: n * sum(w^2) / sum(w)^2 (Kish 1965)."""
    w = np.asarray(weights, dtype=float)
    return float(len(w) * (w**2).sum() / w.sum() ** 2)


# ================================================================================================
# Writers (exact formats of the bundled-data spec)
# ================================================================================================
def _atomic_write(path: Path, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _csv_text(frame: pd.DataFrame, sep: str) -> str:
    buf = io.StringIO()
    frame.to_csv(buf, sep=sep, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue()


def write_crime_stats(frame: pd.DataFrame, path: Path) -> Path:
    """``anmalda_brott.csv``: comma-separated UTF-8, header kommunkod,ar,brottstyp,antal,kalla."""
    return _atomic_write(path, _csv_text(frame[C.CRIME_COLUMNS], ","))


def write_population(frame: pd.DataFrame, path: Path) -> Path:
    """``folkmangd.csv``: comma-separated UTF-8, header kommunkod,ar,folkmangd,kalla."""
    return _atomic_write(path, _csv_text(frame[C.POPULATION_COLUMNS], ","))


INCIDENT_FILE_COLUMNS = [C.ID, C.TIDPUNKT, C.TIDPUNKT_TILL, C.KATEGORI, C.PLATS, C.OMRADE, C.X, C.Y,
                         C.ORGANISATION, C.ALLVARLIGHET, C.POLISANMALD, C.ATGARD, C.FRITEXT]


def incidents_file_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The incident frame as text columns in the file format (labels, local times, Ja/Nej, whole metres)."""
    out = pd.DataFrame({
        C.ID: frame[C.ID],
        C.TIDPUNKT: frame[C.TIDPUNKT].dt.strftime("%Y-%m-%d %H:%M"),
        C.TIDPUNKT_TILL: frame[C.TIDPUNKT_TILL].dt.strftime("%Y-%m-%d %H:%M").fillna(""),
        C.KATEGORI: frame[C.KATEGORI].map(C.INCIDENT_KATEGORIER),
        C.PLATS: frame[C.PLATS], C.OMRADE: frame[C.OMRADE],
        C.X: frame[C.X].round().astype("int64").astype(str), C.Y: frame[C.Y].round().astype("int64").astype(str),
        C.ORGANISATION: frame[C.ORGANISATION], C.ALLVARLIGHET: frame[C.ALLVARLIGHET].astype("int64").astype(str),
        C.POLISANMALD: np.where(frame[C.POLISANMALD].to_numpy(dtype=bool), "Ja", "Nej"),
        C.ATGARD: frame[C.ATGARD].fillna(""), C.FRITEXT: frame[C.FRITEXT],
    })
    return out[INCIDENT_FILE_COLUMNS]


def write_incidents(frame: pd.DataFrame, path: Path) -> Path:
    """``handelser_<kod>.csv``: semicolon-separated UTF-8, header
    id;tidpunkt;tidpunkt_till;kategori;plats;omrade;x;y;organisation;allvarlighet;polisanmald;atgard;fritext."""
    return _atomic_write(path, _csv_text(incidents_file_frame(frame), ";"))


def write_survey(frame: pd.DataFrame, path: Path) -> Path:
    """``trygghetsmatning_<kod>.csv``: semicolon-separated UTF-8, decimal comma in vikt, wide (one column
    per question code)."""
    out = frame.copy()
    out[C.VIKT] = out[C.VIKT].map(lambda w: f"{w:.4f}".replace(".", ","))
    return _atomic_write(path, _csv_text(out, ";"))


README_TEXT = """\
# Övningsdata (syntetiska) – lagesbild

**Allt i den här mappen är påhittat.** Filerna är *övningsdata*: syntetiska data som paketet
`lagesbild` skapar själv från ett fast slumpfrö, så att mallarna går att köra och öva på utan
nätverk och utan riktiga uppgifter. Inga siffror beskriver verkliga händelser, platser eller
personer. Rapporter som bygger på dessa data märks med "Exempeldata".

## Filer

| Fil | Innehåll |
|---|---|
| `anmalda_brott.csv` | Anmälda brott per år 2015–2025 och brottstyp för de åtta kommunerna, Uppsala län (`03`, = summan av kommunerna), riket (`00`) och SKR:s kommungrupper som nationella summor (`KG-A2`, `KG-B3`, `KG-B4`, `KG-B5`). Kommaseparerad. |
| `folkmangd.csv` | Folkmängd 31 december 2014–2025 för samma områden. Kommaseparerad. |
| `handelser/handelser_<kommunkod>.csv` | Händelserapportering i EST-stil 2023–2025, en fil per kommun. Semikolonseparerad. |
| `enkat/trygghetsmatning_<kommunkod>.csv` | Enkätsvar i stil med en lokal trygghetsmätning 2022 och 2025, en rad per svarande, vikt med decimalkomma. Semikolonseparerad. |

Alla filer är UTF-8. Kolumnen `kalla` säger "Övningsdata (syntetiska)" för brottsstatistiken.

## Så kalibrerades data

* **Nivå för anmälda brott 2025** per kommun: Kolada N07540 "Anmälda brott totalt, antal/100 000 inv"
  (2025, preliminärt; via Cortxt-io/juvahem): Håbo 10 643,59; Älvkarleby 13 542,48; Knivsta 9 029,49;
  Heby 9 496,86; Tierp 10 566,79; Uppsala 11 137,50; Enköping 11 719,29; Östhammar 6 656,29 per 100 000.
  Förväntat antal = nivån × folkmängden 31 december föregående år / 100 000 (Brå:s nämnare).
* **Trend 2015–2025**: jämn log-linjär trend. Uppsala 2018 = 10 538 per 100 000 (UNT, Brå preliminär
  statistik) och Enköping 2018 = 5 260 anmälda brott (UNT, Brå preliminär statistik) bestämmer lutningen
  för de två kommunerna; övriga har små påhittade lutningar. Riket följer en utjämnad bana kring
  1,46–1,55 miljoner anmälda brott per år (ungefärlig form av Brå:s nationella totaler; UNT: "cirka 1,54
  miljoner" 2018).
* **Slump**: årstotaler är negativt binomialfördelade kring trenden; brottstyperna är en multinomial
  uppdelning av totalen. Andelarna är *ungefärliga* nationella andelar (t.ex. stöldbrott 34 % → 26 %,
  skadegörelse 11,5 % → 10,5 %, bostadsinbrott 1,5 % → 0,7 %), justerade lokalt så att skadegörelse 2022
  blir omkring 980 per 100 000 i Håbo och 650 i Uppsala (SVT 2023, Brå). Brottstyperna täcker inte alla
  brott, så `totalt` är alltid minst summan av typerna.
* **Folkmängd**: SCB-värden ur paketets register (via Regionfakta, UNT, Länsstyrelsen, Håbo kommun,
  Kolada N01951, SCB PxWeb) där de finns – `kalla` anger källan. Övriga år är linjärt interpolerade
  ("Interpolerad (övningsdata)"), så att länet blir summan av kommunerna. Kommungruppernas folkmängd är
  **antagen** (runda påhittade värden: A2 ca 2,25 milj., B3 2,6 milj., B4 1,15 milj., B5 0,95 milj. år 2025).
* **Händelser**: storleken ökar med folkmängden (några hundra per år i små kommuner, några tusen i
  Uppsala). Platserna ligger runt den verkliga centralorten (registrets koordinater i SWEREF 99 TM) och
  verkliga byar/stadsdelar på ungefärliga positioner; platsnamnen är påhittade men rimliga
  ("Resecentrum", "Torget", "Centrumskolan" …). Störningar sker oftare kvällar och helger, fler på
  sommaren och vid valborg, midsommar och nyår; skolor mest under terminerna. Några inbrott har ett
  tidsfönster (`tidpunkt_till`). Kolumnen `fritext` innehåller påhittade namn och telefonnummer ur det
  nummerblock som PTS reserverat för fiktion (070-174 06 05–99) – den får aldrig komma med i en rapport.
* **Trygghetsmätning**: cirka 300 svarande per kommun och år (ca 600 i Uppsala), åldrar 16–84. Nivåer
  som i NTU: omkring 15–25 % känner sig otrygga ute sent på kvällen, kvinnor ungefär 2–3 gånger så ofta
  som män (NTU 2013: kvinnor 25 %, män 7 %); utsatthet för hot eller våld omkring 7–10 % (NTU 2024: hot
  7,4 %). Vikterna efterstratifierar urvalet till en antagen ålders- och könsfördelning (designeffekt
  enligt Kish ca 1,05–1,4).

## Skapa om filerna

    lagesbild ovningsdata            # eller: make data

Samma slumpfrö (standard 20261125) ger byte-identiska filer. Koden finns i
`lagesbild_methods/synth.py` (`generate_all`).
"""

DATA_README_TEXT = """\
# data/

**Svenska.** Här ligger de data som följer med paketet. `ovningsdata/` innehåller *syntetiska*
övningsdata (påhittade, men kalibrerade på verkliga befolkningstal och rimliga nivåer) för Uppsala läns
åtta kommuner: anmälda brott, folkmängd, händelserapportering i EST-stil och en trygghetsmätning. De
skapas om med `lagesbild ovningsdata`. Riktiga data läses in med paketets läsare; se
`ovningsdata/README.md`.

**English.** Data shipped with the package. `ovningsdata/` holds *synthetic* practice data (invented,
calibrated on real population sizes and realistic rate levels) for the eight municipalities of Uppsala
county: reported crimes, population, an EST-style incident register and a safety survey. Regenerate them
with `lagesbild ovningsdata`; details (in Swedish) in `ovningsdata/README.md`.
"""


def generate_all(out_dir: Path = paths.SYNTH_DIR, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Generate and write every bundled synthetic file; return {name: path}.

    Writes ``anmalda_brott.csv``, ``folkmangd.csv``, ``handelser/handelser_<kod>.csv`` and
    ``enkat/trygghetsmatning_<kod>.csv`` for all eight kommuner, and ``README.md`` in ``out_dir``;
    when ``out_dir`` is the default folder also ``data/README.md``. Same seed -> byte-identical files.
    """
    out_dir = Path(out_dir)
    written: dict[str, Path] = {}
    pop = generate_population()
    written["folkmangd"] = write_population(pop, out_dir / paths.POPULATION_FILE.name)
    crime = generate_crime_stats(rng_for(seed, "crime"), pop)
    written["anmalda_brott"] = write_crime_stats(crime, out_dir / paths.CRIME_FILE.name)
    from .synth_workbook import apply_planted_effects, read_planted

    planted = read_planted()  # the effects the practice workbooks record (data/ovningsdata/arbetsbocker)
    for kod in UPPSALA_KOMMUNER:
        inc = generate_incidents(kod, rng_for(seed, "incidents", kod))
        inc = apply_planted_effects(inc, kod, np.random.default_rng([seed, 13, int(kod)]), planted)
        written[f"handelser_{kod}"] = write_incidents(
            inc, out_dir / paths.INCIDENTS_DIR.name / paths.incidents_file(kod).name)
        sv = generate_survey(kod, rng_for(seed, "survey", kod))
        written[f"trygghetsmatning_{kod}"] = write_survey(
            sv, out_dir / paths.SURVEY_DIR.name / paths.survey_file(kod).name)
    written["README"] = _atomic_write(out_dir / "README.md", README_TEXT)
    if out_dir.resolve() == paths.SYNTH_DIR.resolve():
        written["data_README"] = _atomic_write(paths.DATA_DIR / "README.md", DATA_README_TEXT)
    return written
