"""Constants, calibration facts, random streams, population and reported crimes of the bundled practice data.

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

__all__ = [
    "UPPSALA_KOMMUNER",
    "DEFAULT_SEED",
    "SYNTH_LABEL",
    "INTERPOLATED_LABEL",
    "ASSUMED_GROUP_LABEL",
    "TZ",
    "CRIME_YEARS",
    "POPULATION_YEARS",
    "INCIDENT_YEARS",
    "SURVEY_YEARS",
    "KOMMUNGRUPP_CODES",
    "KOLADA_N07540_2025",
    "ANCHORS_2018",
    "RIKET_TOTAL_MILLIONS",
    "KOMMUNGRUPP_ASSUMED",
    "NATIONAL_SHARES",
    "_RURAL",
    "LOCAL_FACTORS",
    "_NB_K",
    "_STREAM",
    "rng_for",
    "_interp",
    "generate_population",
    "_shares",
    "_nb",
    "expected_crime_totals",
    "generate_crime_stats",
]


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
